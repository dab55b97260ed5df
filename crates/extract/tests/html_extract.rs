//! Behaviour of `extract_html` on small invented pages: content kept,
//! boilerplate dropped, metadata read only from trustworthy places, and no
//! panic on hostile input.

use wirewatch_extract::html::extract_html;
use wirewatch_model::ParagraphKind;

fn joined(html: &str) -> String {
    extract_html(html, None).blocks.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n")
}

const LONG_1: &str = "The city council voted on Tuesday to expand the tram network, a decision that \
    followed months of debate about costs, routes and the impact on local businesses.";
const LONG_2: &str = "Supporters said the new line would cut commuting times, while critics warned \
    that construction would disrupt traffic, close shops and strain the municipal budget.";
const LONG_3: &str = "Work is expected to begin next spring, and the first trams could run within \
    three years, according to the transport department, which published a detailed plan.";

fn news_page() -> String {
    format!(
        r##"<!DOCTYPE html><html lang="en-GB"><head>
<title>Council backs tram expansion | Daily Planet</title>
<meta property="og:title" content="Council backs tram expansion">
<meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-08-15T10:00:00+02:00">
<link rel="canonical" href="/news/tram">
<script>var d = "2019-01-01"; window.x = 1;</script>
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies to continue browsing.</div>
<main><article>
<h1>Council backs tram expansion</h1>
<p class="byline">By Jane Doe</p>
<div class="article-body">
<p>{LONG_1}</p>
<figure><img src="a.jpg"><figcaption>The tram depot in the north of the city, seen from above.</figcaption></figure>
<p>{LONG_2}</p>
<h2>What happens next</h2>
<p>{LONG_3}</p>
<ul><li>Line 4 to the airport</li><li>Line 5 to the university</li></ul>
<blockquote>We are building for the next fifty years, not the next election.</blockquote>
<table><tr><th>Line</th><th>Cost</th></tr><tr><td>4</td><td>120m</td></tr></table>
</div>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<section class="related-articles"><h3>Related stories</h3><ul><li><a href="/a">Bus fares rise again next year across the region</a></li><li><a href="/b">Bridge closed for repairs until the end of the summer</a></li></ul></section>
</article></main>
<aside class="sidebar"><p>Most read: a very long sidebar paragraph that talks about something else entirely, with commas, more commas, and even more commas.</p></aside>
<footer><p>Copyright 2025 Daily Planet. All rights reserved. Imprint, privacy policy, terms of use.</p></footer>
</body></html>"##
    )
}

#[test]
fn keeps_article_and_drops_boilerplate() {
    let text = joined(&news_page());
    assert!(text.contains("expand the tram network"), "{text}");
    assert!(text.contains("strain the municipal budget"), "{text}");
    assert!(text.contains("detailed plan"), "{text}");
    for junk in ["Home", "cookies", "Share on", "Bus fares", "sidebar paragraph", "Copyright", "tram depot"] {
        assert!(!text.contains(junk), "{junk:?} leaked into: {text}");
    }
}

#[test]
fn block_kinds() {
    let a = extract_html(&news_page(), None);
    let kind_of = |needle: &str| a.blocks.iter().find(|(_, t)| t.contains(needle)).map(|(k, _)| *k);
    assert_eq!(kind_of("What happens next"), Some(ParagraphKind::Heading));
    assert_eq!(kind_of("Line 4 to the airport"), Some(ParagraphKind::Item));
    assert_eq!(kind_of("next fifty years"), Some(ParagraphKind::Quote));
    assert_eq!(kind_of("120m"), Some(ParagraphKind::Table));
    assert_eq!(kind_of("expand the tram"), Some(ParagraphKind::Paragraph));
    // The headline is metadata, not body text.
    assert_eq!(kind_of("Council backs tram expansion"), None);
    // Table cells are joined on one row.
    assert!(a.blocks.iter().any(|(_, t)| t == "4 | 120m"), "{:?}", a.blocks);
}

#[test]
fn metadata_fields() {
    let a = extract_html(&news_page(), Some("https://planet.example/news/tram?x=1"));
    assert_eq!(a.title.as_deref(), Some("Council backs tram expansion"));
    assert_eq!(a.authors, vec!["Jane Doe".to_string()]);
    assert_eq!(a.outlet.as_deref(), Some("Daily Planet"));
    assert_eq!(a.declared_language.as_deref(), Some("en-GB"));
    assert_eq!(a.canonical_url.as_deref(), Some("https://planet.example/news/tram"));
    let p = a.published.expect("published");
    assert!(p.value.starts_with("2025-08-15"), "{p:?}");
    assert_eq!(p.evidence, "meta:article:published_time");
}

#[test]
fn json_ld_graph_wins() {
    let html = format!(
        r#"<html><head><title>Hallo Welt - Beispielzeitung</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[
 {{"@type":"WebSite","name":"Beispielzeitung"}},
 {{"@type":"NewsArticle","headline":"Hallo Welt","datePublished":"2025-02-24T08:00:00+01:00",
   "author":[{{"@type":"Person","name":"Anna Müller"}},{{"@type":"Person","name":"Ben Kraus"}}],
   "publisher":{{"@type":"Organization","name":"Beispielzeitung"}}}}]}}</script>
</head><body><article><p>{LONG_1}</p><p>{LONG_2}</p></article></body></html>"#
    );
    let a = extract_html(&html, None);
    assert_eq!(a.title.as_deref(), Some("Hallo Welt"));
    assert_eq!(a.authors, vec!["Anna Müller".to_string(), "Ben Kraus".to_string()]);
    assert_eq!(a.outlet.as_deref(), Some("Beispielzeitung"));
    let p = a.published.expect("published");
    assert!(p.value.starts_with("2025-02-24"), "{p:?}");
    assert_eq!(p.evidence, "json-ld:datePublished");
}

#[test]
fn german_page() {
    let html = r#"<html lang="de"><head><meta charset="utf-8"><title>Stadtrat beschließt neue Straßenbahn – Beispielzeitung</title>
<meta property="og:site_name" content="Beispielzeitung"></head><body>
<div class="navigation"><a href="/">Startseite</a> <a href="/politik">Politik</a></div>
<div class="artikel-inhalt">
<h1>Stadtrat beschließt neue Straßenbahn</h1>
<p class="autor">Von Anna Müller</p>
<p>Der Stadtrat hat am Dienstag mit großer Mehrheit beschlossen, das Straßenbahnnetz zu erweitern, nachdem monatelang über Kosten, Strecken und Folgen für den Einzelhandel gestritten worden war.</p>
<p>Befürworter erwarten kürzere Fahrzeiten, Kritiker befürchten Baustellen, geschlossene Geschäfte und eine Belastung des Haushalts, die über Jahre spürbar sein werde.</p>
<p>Mehr zum Thema:</p>
<p>Die Bauarbeiten sollen im kommenden Frühjahr beginnen; die ersten Bahnen könnten in drei Jahren fahren, so das Verkehrsdezernat, das einen ausführlichen Plan vorgelegt hat.</p>
</div>
<div class="kommentare"><p>Leser Max schreibt: Das ist eine wirklich lange Meinung zu diesem Thema, die niemand braucht, mit vielen Kommas, noch mehr Kommas, und so weiter.</p></div>
</body></html>"#;
    let a = extract_html(html, None);
    let text: String = a.blocks.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("Straßenbahnnetz zu erweitern"), "{text}");
    assert!(text.contains("ausführlichen Plan"), "{text}");
    assert!(!text.contains("Mehr zum Thema"), "{text}");
    assert!(!text.contains("Leser Max"), "{text}");
    assert!(!text.contains("Startseite"), "{text}");
    assert_eq!(a.title.as_deref(), Some("Stadtrat beschließt neue Straßenbahn"));
    assert_eq!(a.declared_language.as_deref(), Some("de"));
    assert_eq!(a.authors, vec!["Anna Müller".to_string()]);
}

#[test]
fn dates_never_from_scripts_or_text() {
    let html = r#"<html><head><script>var published = "2024-03-01T10:00:00Z";</script></head><body>
<p>Nach § 12 Abs. 3 BGBl. 2025 I S. 17 gilt die Frist vom 01.02.2024. Rufen Sie 0800-2025-1234 an, täglich von 8 bis 18 Uhr, auch an Feiertagen.</p>
</body></html>"#;
    let a = extract_html(html, None);
    assert_eq!(a.published, None);
}

#[test]
fn time_element_in_article_header() {
    let html = format!(
        r#"<html><body><article><header><h1>T</h1><time datetime="2025-03-04">4. März 2025</time></header>
<p>{LONG_1}</p></article><aside><time datetime="2020-01-01">old</time></aside></body></html>"#
    );
    let p = extract_html(&html, None).published.expect("published");
    assert!(p.value.starts_with("2025-03-04"), "{p:?}");
    assert_eq!(p.evidence, "time[datetime]");
}

#[test]
fn author_url_is_not_a_name() {
    let html = format!(
        r#"<html><head><meta property="article:author" content="https://www.facebook.com/someone"></head>
<body><article><p>{LONG_1}</p></article></body></html>"#
    );
    assert!(extract_html(&html, None).authors.is_empty());
}

#[test]
fn empty_and_garbage_input() {
    let a = extract_html("", None);
    assert!(a.blocks.is_empty());
    assert_eq!(a.title, None);
    let garbage: String = (0u32..5000).filter_map(|i| char::from_u32((i * 7919) % 0x11000)).collect();
    let _ = extract_html(&garbage, Some("not a url"));
    let _ = extract_html("<<<>>>&&&;;;</></p></div><p<p<p", None);
    let _ = extract_html("\u{0}\u{FFFD}<p>\u{1F600}</p>", None);
}

#[test]
fn plain_text_without_tags_is_kept() {
    let a = extract_html(LONG_1, None);
    assert!(a.blocks.iter().any(|(_, t)| t.contains("tram network")), "{:?}", a.blocks);
}

#[test]
fn deep_unclosed_nesting() {
    let mut html = String::from("<html><body>");
    html.push_str(&"<div>".repeat(100_000));
    html.push_str(LONG_1);
    html.push_str(&"<span><b>".repeat(50_000));
    html.push_str(&"</i>".repeat(100_000));
    let a = extract_html(&html, None);
    assert!(a.blocks.iter().any(|(_, t)| t.contains("tram network")));
}

#[test]
fn huge_attribute_and_unterminated_constructs() {
    let big = "x".repeat(2_000_000);
    let html =
        format!(r#"<html><body><div class="{big}" data-x='{big}'><p>{LONG_1}</p></div></body></html>"#);
    let a = extract_html(&html, None);
    assert!(a.blocks.iter().any(|(_, t)| t.contains("tram network")));
    for s in [
        "<div class=\"never closed",
        "<!-- open comment",
        "<script>never closed",
        "<title>t",
        "<p>a &#x110000; &#0; b",
    ] {
        let _ = extract_html(s, None);
    }
}

#[test]
fn br_becomes_newline_and_whitespace_is_normalised() {
    let html = "<html><body><article><p>First   line of a longer paragraph that is long enough,<br>second\n\n line  of the same paragraph, still quite long.</p></article></body></html>";
    let a = extract_html(html, None);
    assert_eq!(
        a.blocks.first().map(|(_, t)| t.as_str()),
        Some("First line of a longer paragraph that is long enough,\nsecond line of the same paragraph, still quite long.")
    );
}

/// A cheap deterministic fuzz: random slices and splices of markup never panic.
#[test]
fn fuzz_no_panic() {
    let base = news_page();
    let pieces = [
        "<",
        ">",
        "</",
        "<p>",
        "</div>",
        "&",
        "&#",
        "\"",
        "'",
        "<!--",
        "-->",
        "<script>",
        "<td>",
        "ä",
        "\u{1F600}",
        "<br/>",
        "<li>",
        "<table>",
    ];
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..40 {
            if next() % 3 == 0 {
                s.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            } else {
                let start = (next() % base.len() as u64) as usize;
                let len = (next() % 200) as usize;
                let mut a = start;
                while !base.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (a + len).min(base.len());
                while !base.is_char_boundary(b) {
                    b -= 1;
                }
                s.push_str(&base[a..b]);
            }
        }
        let _ = extract_html(&s, Some("https://x.example/2025/01/02/a"));
    }
}

/// Hostile nesting inside a table with text at every level must stay linear.
#[test]
fn deep_nesting_with_text_in_table_is_fast() {
    let mut html = String::from("<table><tr><td>");
    for _ in 0..100_000 {
        html.push_str("<div>word ");
    }
    html.push_str("</td></tr></table>");
    let started = std::time::Instant::now();
    let a = extract_html(&html, None);
    assert!(!a.blocks.is_empty());
    // Generous even for a debug build on a busy machine; quadratic behaviour takes minutes.
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn many_same_class_chunks_and_many_end_tags_are_fast() {
    let mut html = String::from("<html><body>");
    for _ in 0..20_000 {
        html.push_str(
            "<div class=\"chunk\"><p>A sentence long enough to count, with a comma, and more.</p></div>",
        );
    }
    html.push_str(&"</span></a></b>".repeat(50_000));
    let started = std::time::Instant::now();
    let _ = extract_html(&html, None);
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn related_tail_is_cut_but_inline_read_also_is_not() {
    let html = format!(
        r#"<html><body><article>
<p>{LONG_1}</p><p>{LONG_2}</p>
<p>Lesen Sie auch</p>
<p>{LONG_3}</p>
<h3>Das könnte Sie auch interessieren</h3>
<p><a href="/x">Andere Meldung eins</a></p><p><a href="/y">Andere Meldung zwei</a></p>
</article></body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("detailed plan"), "{text}");
    assert!(!text.contains("Andere Meldung"), "{text}");
    assert!(!text.contains("auch interessieren"), "{text}");
}

#[test]
fn lead_in_article_header_is_kept_byline_is_not() {
    let html = format!(
        r#"<html><body><header class="site"><p>Welcome to the Daily Planet, your source for news, weather and sports every day.</p></header>
<article><header><h1>Council backs tram expansion</h1>
<p class="standfirst">The vote ends two years of arguments over the route, the costs and who should pay for the new line.</p>
<p>By Jane Doe</p><time datetime="2025-08-15">15 August</time></header>
<p>{LONG_1}</p><p>{LONG_2}</p></article></body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("two years of arguments"), "{text}");
    assert!(!text.contains("Jane Doe"), "{text}");
    assert!(!text.contains("Welcome to the Daily Planet"), "{text}");
}

#[test]
fn class_flags_and_hidden_tokens() {
    // "has-sidebar"/"enable-share" are state flags, not boilerplate; "visually-hidden" is hidden.
    let html = format!(
        r#"<html><body><div class="post has-sidebar enable-share">
<p>{LONG_1}</p><p>{LONG_2}</p><span class="visually-hidden">Screen reader note that must not appear.</span>
</div><div class="newsCaption">A camelCase caption that must not appear in the text at all.</div></body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("tram network"), "{text}");
    assert!(!text.contains("Screen reader"), "{text}");
    assert!(!text.contains("camelCase caption"), "{text}");
}

#[test]
fn split_article_chunks_are_joined() {
    let html = format!(
        r#"<html><body><div class="article">
<div class="grid"><div class="article__body"><p>{LONG_1}</p><p>{LONG_2}</p></div></div>
<div class="grid"><div class="ad-slot"></div></div>
<div class="grid"><div class="article__body"><p>{LONG_3}</p></div></div>
</div><div class="footer-links"><p>About us, careers, contact, advertise with us, terms of service.</p></div></body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("tram network") && text.contains("detailed plan"), "{text}");
    assert!(!text.contains("careers"), "{text}");
}

#[test]
fn json_ld_article_body_picks_the_container() {
    // Without the JSON-LD hint the comment-like block with many commas would compete.
    let body = format!("{LONG_1} {LONG_2}");
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{body}"}}</script></head>
<body><div id="wrap-a"><div id="a"><p>{LONG_1}</p><p>{LONG_2}</p></div></div>
<div id="x"><div id="wrap-b"><div id="b"><p>Other, text, with, very, many, commas, that, scores, well, in, readability, style, scoring, a, lot, more.</p>
<p>Other, text, with, very, many, commas, that, scores, well, in, readability, style, scoring, a, lot, more, again.</p>
<p>Other, text, with, very, many, commas, that, scores, well, in, readability, style, scoring, a, lot, more, again!</p></div></div></div>
</body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("tram network"), "{text}");
    assert!(!text.contains("Other, text"), "{text}");
}

#[test]
fn site_header_time_is_not_the_date() {
    let html = format!(
        r#"<html><body><header><time datetime="2026-11-21">Today</time></header>
<div class="content"><p>{LONG_1}</p></div></body></html>"#
    );
    assert_eq!(extract_html(&html, None).published, None);
}

#[test]
fn url_date_is_the_last_resort() {
    let html = format!("<html><body><p>{LONG_1}</p></body></html>");
    let a = extract_html(&html, Some("https://example.org/2024/05/06/story.html"));
    // Needs `dates::date_from_url`; while that is a stub this yields None, never a wrong date.
    if let Some(p) = a.published {
        assert!(p.value.starts_with("2024-05-06"), "{p:?}");
        assert_eq!(p.evidence, "url");
    }
}

#[test]
fn misleading_wrapper_falls_back_to_page_paragraphs() {
    // The only text sits in a wrapper whose id says "comments": rather than returning
    // nothing, the paragraphs of the page are returned.
    let html = format!(
        r#"<html><body><div id="comment-area"><p>{LONG_1}</p><p>{LONG_2}</p><p><a href="/x">Home</a></p></div></body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("tram network") && text.contains("municipal budget"), "{text}");
    assert!(!text.contains("Home"), "{text}");
}

#[test]
fn agency_after_person_is_not_an_author_and_site_is_not_an_author() {
    let html = format!(
        r#"<html><head><meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Jane Doe, Reuters"></head><body><article><p>{LONG_1}</p></article></body></html>"#
    );
    assert_eq!(extract_html(&html, None).authors, vec!["Jane Doe".to_string()]);
    let html = format!(
        r#"<html><head><meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Daily Planet"></head><body><article><p>{LONG_1}</p></article></body></html>"#
    );
    assert!(extract_html(&html, None).authors.is_empty());
}

#[test]
fn title_consensus_removes_unknown_suffix_and_ignores_hidden_h1() {
    let html = format!(
        r#"<html><head><title>Storm hits the northern coast - DP</title></head><body>
<h1 class="visually-hidden">Navigation and service</h1>
<article><h1>Storm hits the northern coast</h1><p>{LONG_1}</p></article></body></html>"#
    );
    assert_eq!(extract_html(&html, None).title.as_deref(), Some("Storm hits the northern coast"));
    // Alone, a title keeps a suffix that names no known site: a dash may be part of it.
    let html = format!(
        r#"<html><head><title>This county criminalized bad grades – until now</title></head><body><p>{LONG_1}</p></body></html>"#
    );
    assert_eq!(
        extract_html(&html, None).title.as_deref(),
        Some("This county criminalized bad grades – until now")
    );
}

#[test]
fn teaser_microdata_date_is_not_the_article_date() {
    let html = format!(
        r#"<html><body><div class="related-posts"><div itemscope><meta itemprop="datePublished" content="2019-01-01">
<span itemprop="datePublished" content="2019-01-02">old</span></div></div>
<article><p>{LONG_1}</p></article></body></html>"#
    );
    assert_eq!(extract_html(&html, None).published, None);
}
