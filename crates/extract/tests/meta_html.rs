//! Page metadata on invented pages: visible dates near the headline, bylines, titles.

use wirewatch_extract::html::extract_html;

/// Body text long enough to count as an article.
const BODY: &str = "<p>Der Stadtrat hat am Abend nach langer Debatte beschlossen, das Straßenbahnnetz \
bis zum Jahr 2030 um drei neue Linien zu erweitern, wie die Verwaltung mitteilte.</p>\
<p>Die Kosten werden auf rund 400 Millionen Euro geschätzt; Bund und Land sollen einen großen Teil \
davon übernehmen, sagte die Oberbürgermeisterin am Rande der Sitzung.</p>";

fn page(head: &str, header: &str) -> String {
    format!("<html><head>{head}</head><body><article>{header}{BODY}</article></body></html>")
}

fn date_of(html: &str) -> Option<(String, String)> {
    extract_html(html, None).published.map(|p| (p.value, p.evidence))
}

#[test]
fn time_without_datetime_gives_its_text() {
    let html = page("", "<h1>Neue Straßenbahnlinien beschlossen</h1><time>15. August 2025</time>");
    assert_eq!(date_of(&html), Some(("2025-08-15".into(), "visible:time".into())));
}

#[test]
fn german_date_lines() {
    let html = page("", "<h1>Neue Linien</h1><div class=\"meta-line\">Stand: 15.08.2025, 10:12 Uhr</div>");
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-08-15".into()));
    let html =
        page("", "<h1>Neue Linien</h1><span class=\"datum\">Freitag, 15. August 2025, 10:12 Uhr</span>");
    assert_eq!(date_of(&html), Some(("2025-08-15".into(), "visible:.datum".into())));
    let html = page("", "<h1>Neue Linien</h1><p>Veröffentlicht am 3. März 2025</p>");
    assert_eq!(date_of(&html), Some(("2025-03-03".into(), "visible:label".into())));
}

#[test]
fn english_date_lines_prefer_published_over_updated() {
    let html = page(
        "",
        "<h1>New tram lines</h1><div class=\"byline\">Updated Aug. 20, 2025 · Published Aug. 15, 2025</div>",
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-08-15".into()));
    let html = page(
        "",
        "<h1>New tram lines</h1><p><span>August 16, 2019</span> <span>- Updated July 9, 2025</span></p>",
    );
    // A short element holding only a date is a date line; the updated one beside it loses.
    assert_eq!(date_of(&html), Some(("2019-08-16".into(), "visible:line".into())));
    let html = page(
        "",
        "<h1>New tram lines</h1><p class=\"post-date\"><span>August 16, 2019</span> <span>- Updated July 9, 2025</span></p>",
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2019-08-16".into()));
    // Only a modified date shown: it is still the date the page gives.
    let html =
        page("", "<h1>New tram lines</h1><div><span>Last updated:</span> <span>Dec 12, 2025</span></div>");
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-12-12".into()));
    let html = page("", "<h1>New tram lines</h1><time class=\"updated\" datetime=\"2025-08-20\">Aug 20</time><time class=\"published\" datetime=\"2025-08-15\">Aug 15</time>");
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-08-15".into()));
}

#[test]
fn declared_metadata_wins_and_keeps_its_offset() {
    let head = r#"<meta property="article:published_time" content="2025-08-15T23:30:00-04:00">"#;
    let html = page(head, "<h1>Neue Linien</h1><time>16. August 2025</time>");
    assert_eq!(
        date_of(&html),
        Some(("2025-08-15T23:30:00-04:00".into(), "meta:article:published_time".into()))
    );
    let head = r#"<meta name="w-published-date" content="2025-05-27T06:03:43Z">"#;
    assert_eq!(
        date_of(&page(head, "<h1>Neue Linien</h1>")).map(|d| d.0),
        Some("2025-05-27T06:03:43Z".into())
    );
}

#[test]
fn dates_that_are_not_the_articles_are_refused() {
    // Legal reference and copyright lines in meta-like elements.
    let html = page("", "<h1>Neue Linien</h1><div class=\"meta\">nach § 5 Abs. 2 vom 01.02.2024</div>");
    assert_eq!(date_of(&html), None);
    let html = page("", "<h1>Neue Linien</h1><div class=\"meta\">© 15.08.2024 Stadtanzeiger</div>");
    assert_eq!(date_of(&html), None);
    // A date in a script, or in the body far below the headline.
    let html = page("", "<h1>Neue Linien</h1><script>var d = '15.08.2025';</script>");
    assert_eq!(date_of(&html), None);
    let filler = BODY.repeat(8);
    let html = format!(
        "<html><body><article><h1>Neue Linien</h1>{filler}<p class=\"date\">15.08.2025</p></article></body></html>"
    );
    assert_eq!(date_of(&html), None);
    // Today's date in the site's top bar, and a related-articles list.
    let html = format!(
        "<html><body><header><span class=\"date\">21.11.2026</span><nav>Start</nav></header>\
         <article><h1>Neue Linien</h1>{BODY}<aside><span class=\"date\">01.01.2024</span></aside></article></body></html>"
    );
    assert_eq!(date_of(&html), None);
    // Ambiguous numeric dates are not guessed.
    let html = page("", "<h1>New lines</h1><span class=\"date\">08/07/2025</span>");
    assert_eq!(date_of(&html), None);
}

fn authors_of(html: &str) -> Vec<String> {
    extract_html(html, None).authors
}

#[test]
fn german_bylines() {
    let html = page("", "<h1>Neue Linien</h1><p class=\"byline\">Von Max Muster und Erika Musterfrau</p>");
    assert_eq!(authors_of(&html), vec!["Max Muster", "Erika Musterfrau"]);
    let html = page("", "<h1>Neue Linien</h1><p>Autor: Max Muster</p>");
    assert_eq!(authors_of(&html), vec!["Max Muster"]);
    let html = page("", "<h1>Neue Linien</h1><div class=\"verfasser\">Text: Erika Musterfrau</div>");
    assert_eq!(authors_of(&html), vec!["Erika Musterfrau"]);
    let html =
        page("", "<h1>Neue Linien</h1><p class=\"autor\">Von Jana Beispiel, Korrespondentin in Berlin</p>");
    assert_eq!(authors_of(&html), vec!["Jana Beispiel"]);
    let html = page("", "<h1>Neue Linien</h1><p class=\"byline\">Redaktion</p><p class=\"autor\">dpa</p>");
    assert!(authors_of(&html).is_empty());
}

#[test]
fn bylines_near_the_headline() {
    let html = page("", "<h1>New tram lines</h1><div><p>Written by</p><p>Jane Roe</p></div>");
    assert_eq!(authors_of(&html), vec!["Jane Roe"]);
    let html = page("", "<h1>New tram lines</h1><span>By <a href=\"/people/x\">John Smith</a></span>");
    assert_eq!(authors_of(&html), vec!["John Smith"]);
    let html = page("", "<h1>New tram lines</h1><a href=\"https://x.org/author/jane-roe/\">Jane Roe</a>");
    assert_eq!(authors_of(&html), vec!["Jane Roe"]);
    let html = page("", "<h1>New tram lines</h1><a href=\"/author/jane-roe/\">Jane Roe Senior Editor</a>");
    assert_eq!(authors_of(&html), vec!["Jane Roe"]);
    // "By" in body text is not a byline.
    let html = page("", "<h1>New tram lines</h1><p>by the way, nobody wrote this</p>");
    assert!(authors_of(&html).is_empty());
}

#[test]
fn structured_authors() {
    let head = r#"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Neue Linien",
        "author":[{"@type":"Person","name":"Max Muster"},{"@type":"Person","name":"Erika Musterfrau"},
        {"@type":"Organization","name":"Stadtanzeiger"}]}]}</script>"#;
    assert_eq!(authors_of(&page(head, "<h1>Neue Linien</h1>")), vec!["Max Muster", "Erika Musterfrau"]);
    let head = r#"<meta name="author" content="STEVE PEOPLES">"#;
    assert_eq!(authors_of(&page(head, "<h1>Neue Linien</h1>")), vec!["Steve Peoples"]);
    let head = r#"<meta name="author" content="redaktion@example.org">"#;
    assert!(authors_of(&page(head, "<h1>Neue Linien</h1>")).is_empty());
    let head = r#"<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Albert Beispiel">"#;
    assert_eq!(authors_of(&page(head, "<h1>Neue Linien</h1>")), vec!["Albert Beispiel"]);
    let head = r#"<meta name="author" content="AP National Political Writer">"#;
    assert!(authors_of(&page(head, "<h1>Neue Linien</h1>")).is_empty());
}

#[test]
fn titles_prefer_the_visible_headline() {
    let head = r#"<title>Tram Network Grows by Three Lines in 2030 | Stadtanzeiger</title>
        <meta property="og:title" content="Tram Network Grows by Three Lines in 2030">
        <meta property="og:site_name" content="Stadtanzeiger">"#;
    let html = page(head, "<h1>City council approves three new tram lines</h1>");
    assert_eq!(
        extract_html(&html, None).title.as_deref(),
        Some("City council approves three new tram lines")
    );
    // A one-word <h1> (a section name) that nothing confirms does not win.
    let html = page(head, "<h1>Politik</h1>");
    assert_eq!(extract_html(&html, None).title.as_deref(), Some("Tram Network Grows by Three Lines in 2030"));
    // A logo <h1> before the headline is skipped.
    let html = page(head, "<h1>Stadtanzeiger</h1><h1>City council approves three new tram lines</h1>");
    assert_eq!(
        extract_html(&html, None).title.as_deref(),
        Some("City council approves three new tram lines")
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    for html in [
        "<h1>x</h1><time>",
        "<h1></h1><span class=date>99.99.9999</span>",
        "<span class=\"date\">31. Februar 2025</span>",
        "<p>By</p>",
        "<p>Written by</p>",
        "<h1>İİİ</h1><p class=date>İ 15.08.2025 İ</p>",
    ] {
        let _ = extract_html(html, None);
    }
    let deep = "<div class=\"meta\">".repeat(5000) + "15.08.2025";
    let _ = extract_html(&deep, None);
}

#[test]
fn json_ld_author_references_and_personal_sites() {
    // Yoast style: the article refers to a Person node by @id.
    let head = r#"<script type="application/ld+json">{"@graph":[
        {"@type":"Article","headline":"Neue Linien","author":{"@id":"https://x.org/#/schema/person/1"}},
        {"@type":"Person","@id":"https://x.org/#/schema/person/1","name":"Erika Musterfrau"}]}</script>"#;
    assert_eq!(authors_of(&page(head, "<h1>Neue Linien</h1>")), vec!["Erika Musterfrau"]);
    // A personal blog named after its author keeps the author.
    let head =
        r#"<meta name="author" content="Karl Beispiel"><meta property="og:site_name" content="Notizen">"#;
    let html = page(head, "<h1>Neue Linien</h1>");
    let a = extract_html(&html, Some("https://karl-beispiel.at/notizen/1"));
    assert_eq!(a.authors, vec!["Karl Beispiel"]);
    // The outlet named as author is not a person.
    let head =
        r#"<meta name="author" content="Daily Planet"><meta property="og:site_name" content="Daily Planet">"#;
    assert!(authors_of(&page(head, "<h1>Neue Linien</h1>")).is_empty());
}

#[test]
fn agency_bylines_and_places() {
    let html = page(
        "",
        "<h1>Trade talks</h1><div class=\"article-author\"><a class=\"article-author__name\">Reuters, </a>\
         <span class=\"article-author__name\"> Washington, </span></div>",
    );
    assert!(authors_of(&html).is_empty());
    let html = page("", "<h1>Trade talks</h1><p class=\"byline\">By Jane Roe, Reuters</p>");
    assert_eq!(authors_of(&html), vec!["Jane Roe"]);
    let head = r#"<meta name="author" content="Lisa Roe, ERIC TUCKER Associated Press">"#;
    assert_eq!(authors_of(&page(head, "<h1>Trade talks</h1>")), vec!["Lisa Roe", "Eric Tucker"]);
}

#[test]
fn layout_classes_on_body_do_not_hide_the_article() {
    let html = format!(
        "<html><body class=\"single has-sidebar footer-on-bottom\"><article><h1>Neue Linien</h1>\
         <p class=\"byline\">Von Max Muster</p><span class=\"date\">15.08.2025</span>{BODY}</article></body></html>"
    );
    let a = extract_html(&html, None);
    assert_eq!(a.authors, vec!["Max Muster"]);
    assert_eq!(a.published.map(|p| p.value), Some("2025-08-15".into()));
}

#[test]
fn kicker_inside_the_headline_is_set_off() {
    let head = r#"<meta property="og:title" content="Nahost: Waffenruhe hält">"#;
    let html = page(head, "<h1><span class=\"kicker\">Nahost</span> <span>Waffenruhe hält</span></h1>");
    assert_eq!(extract_html(&html, None).title.as_deref(), Some("Nahost: Waffenruhe hält"));
    let html = page("", "<h1><span class=\"headline__dachzeile\">Nahost</span><span>Die Waffenruhe hält seit Tagen</span></h1>");
    assert_eq!(extract_html(&html, None).title.as_deref(), Some("Nahost: Die Waffenruhe hält seit Tagen"));
}

#[test]
fn many_candidates_stay_cheap() {
    // Deeply nested meta-like wrappers and byline lead-ins around the headline: every
    // look walks a subtree, so the number of looks is capped.
    let nested = "<div class=\"meta\">by ".repeat(20_000);
    let html = format!("<html><body><h1>Neue Linien</h1>{nested}15.08.2025</body></html>");
    let start = std::time::Instant::now();
    let _ = extract_html(&html, None);
    assert!(start.elapsed() < std::time::Duration::from_secs(20), "{:?}", start.elapsed());
}

#[test]
fn a_site_name_that_repeats_the_title_is_ignored() {
    let head = r#"<title>How to plant tulips | Gardenhub</title>
        <meta property="og:title" content="How to plant tulips | Gardenhub">
        <meta property="og:site_name" content="How to plant tulips | Gardenhub">"#;
    let a = extract_html(&page(head, "<h1>How to plant tulips</h1>"), None);
    assert_eq!(a.title.as_deref(), Some("How to plant tulips"));
    assert_eq!(a.outlet, None);
}

#[test]
fn labelled_update_time_yields_to_the_publication_date() {
    let html = page(
        "",
        "<h1>Telescopes</h1><p>Last updated: <time datetime=\"2026-01-12\">January 12, 2026</time>.</p>\
         <span class=\"posted-on\">Posted March 16, 2017</span>",
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2017-03-16".into()));
    // Alone, the update is still the date the page gives.
    let html = page(
        "",
        "<h1>Telescopes</h1><p>Last updated: <time datetime=\"2026-01-12\">January 12, 2026</time>.</p>",
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2026-01-12".into()));
}

#[test]
fn german_byline_lead_ins() {
    for (line, want) in [
        ("Ein Kommentar von Max Muster", vec!["Max Muster"]),
        ("Von unserem Korrespondenten Max Muster, Brüssel", vec!["Max Muster"]),
        ("Eine Analyse von Erika Musterfrau und Jana Beispiel", vec!["Erika Musterfrau", "Jana Beispiel"]),
    ] {
        let html = page("", &format!("<h1>Neue Linien</h1><p class=\"byline\">{line}</p>"));
        assert_eq!(authors_of(&html), want, "{line}");
    }
}

#[test]
fn top_bar_date_before_the_navigation_is_not_the_articles() {
    let html = format!(
        "<html><body><div class=\"topbar\"><span class=\"date\">Samstag, 21. November 2026</span></div>\
         <nav><a href=\"/\">Start</a></nav><main><h1>Neue Linien beschlossen</h1>{BODY}</main></body></html>"
    );
    assert_eq!(date_of(&html), None);
    // A date line between the navigation and the headline is the article's.
    let html = format!(
        "<html><body><nav><a href=\"/\">Start</a></nav><main><p class=\"date\">15.08.2025</p>\
         <h1>Neue Linien beschlossen</h1>{BODY}</main></body></html>"
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-08-15".into()));
}
