//! Article text that trafilatura keeps and a stricter extractor drops: lists of
//! links between paragraphs, section headers inside the article, layout boxes
//! (product widgets, fact boxes) inside the article, code comments — and the
//! boilerplate of the same shapes that must still go (buttons, related links
//! after the article, author bios, calls to action).

use wirewatch_extract::html::extract_html;

fn joined(html: &str) -> String {
    extract_html(html, None).blocks.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n")
}

/// A paragraph of ordinary prose, numbered so each one is recognisable.
fn prose(n: usize) -> String {
    format!(
        "<p>Absatz {n} erklärt in einfachen Worten und mit einigen Einzelheiten, wie die neuen Regeln \
         für Mietwohnungen Mieter, Vermieter und die Stadt betreffen, und was als Nächstes geschieht.</p>"
    )
}

fn page(article: &str) -> String {
    format!(
        r#"<html><head><title>Neue Mietregeln</title></head><body>
<nav><a href="/">Start</a> <a href="/politik">Politik</a> <a href="/kultur">Kultur</a></nav>
<article>{article}</article>
<footer><a href="/impressum">Impressum</a> · <a href="/datenschutz">Datenschutz</a></footer></body></html>"#
    )
}

#[test]
fn a_list_of_links_between_paragraphs_is_article_text() {
    let html = page(&format!(
        r#"{}{}<p>Die wichtigsten Quellen:</p>
<ul><li><a href="/a">Bericht des Mieterbundes zur Lage 2024</a></li>
<li><a href="/b">Urteil des Bundesgerichtshofs vom März</a></li>
<li><a href="/c">Stellungnahme der Stadtverwaltung</a></li></ul>{}{}
<ul><li><a href="/x">Weitere Nachrichten aus der Stadt</a></li><li><a href="/y">Alle Artikel zum Thema Wohnen</a></li></ul>"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4)
    ));
    let text = joined(&html);
    assert!(text.contains("Bericht des Mieterbundes zur Lage 2024"), "{text}");
    assert!(text.contains("Stellungnahme der Stadtverwaltung"), "{text}");
    // The same shape after the last paragraph is a related-content list.
    assert!(!text.contains("Weitere Nachrichten aus der Stadt"), "{text}");
    assert!(!text.contains("Impressum"), "{text}");
}

#[test]
fn a_button_between_paragraphs_is_not_article_text() {
    let html = page(&format!(
        r#"{}{}<p><a class="btn" href="/shop">Jetzt kaufen</a></p>
<div><a href="/amazon">Check price at Amazon</a></div>{}{}"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4)
    ));
    let text = joined(&html);
    assert!(text.contains("Absatz 4 erklärt"), "{text}");
    assert!(!text.contains("Jetzt kaufen"), "{text}");
    assert!(!text.contains("Check price at Amazon"), "{text}");
}

#[test]
fn a_section_header_inside_the_article_is_kept() {
    let html = page(&format!(
        r#"<header><h1>Neue Mietregeln</h1><p class="byline">Von Jo Lee</p></header>{}{}
<section><header><h2>Was Vermieter jetzt wissen müssen</h2></header>{}{}</section>"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4)
    ));
    let text = joined(&html);
    assert!(text.contains("Was Vermieter jetzt wissen müssen"), "{text}");
    assert!(text.contains("Absatz 3 erklärt"), "{text}");
    // The article's own header still gives neither headline nor byline.
    assert!(!text.contains("Von Jo Lee"), "{text}");
}

#[test]
fn the_lead_in_the_header_of_main_is_kept_and_its_byline_is_not() {
    let lead = "Die Stadt verschärft die Regeln für Mietwohnungen: Wer seine Wohnung als Ferienunterkunft \
                vermietet, braucht künftig eine Genehmigung.";
    let html = format!(
        r#"<html><body><nav><a href="/">Start</a></nav><main>
<header><h1>Neue Mietregeln</h1><p class="intro">{lead}</p><p>Von Jo Lee, 3. März 2024</p></header>
<div class="text">{}{}{}</div></main><footer>Impressum</footer></body></html>"#,
        prose(1),
        prose(2),
        prose(3)
    );
    let text = joined(&html);
    assert!(text.contains(lead), "{text}");
    assert!(!text.contains("Von Jo Lee"), "{text}");
}

#[test]
fn a_header_around_the_whole_article_is_a_wrapper() {
    let paragraphs: String = (1..=5).map(prose).collect();
    let html = format!(
        r#"<html><body><main><header class="blog-header"><h1>Neue Mietregeln</h1>
<p>Kurz.</p>{paragraphs}<p>Ein kurzer Satz am Ende.</p></header></main><footer>Impressum</footer></body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("Absatz 5 erklärt"), "{text}");
    // Short paragraphs of a wrapping header are article text, not a discarded byline.
    assert!(text.contains("Ein kurzer Satz am Ende."), "{text}");
}

#[test]
fn layout_boxes_inside_the_article_keep_their_paragraphs() {
    let widget = |n: usize| {
        format!(
            r#"<div class="product-widget"><div class="product-widget__name">Spülmaschine Modell {n}</div>
<p>Modell {n} reinigt auch hartnäckige Flecken gründlich, trocknet das Geschirr zuverlässig und lässt sich
über eine App steuern, was im Test besonders bei langen Programmen praktisch war.</p>
<a class="buy" href="/buy/{n}">Jetzt kaufen</a></div>"#
        )
    };
    let html = page(&format!(
        r#"{}{}{}{}{}<div class="infobox"><p>Info: Die Genehmigung kostet 50 Euro und gilt für zwei Jahre; 
Anträge nimmt das Bürgeramt entgegen, online oder persönlich, mit Mietvertrag, Grundriss und Ausweis,
bearbeitet werden sie in der Reihenfolge ihres Eingangs.</p></div>"#,
        prose(1),
        widget(1),
        widget(2),
        prose(2),
        widget(3)
    ));
    let text = joined(&html);
    for n in 1..=3 {
        assert!(text.contains(&format!("Modell {n} reinigt")), "widget {n} lost: {text}");
    }
    assert!(text.contains("Die Genehmigung kostet 50 Euro"), "{text}");
    assert!(!text.contains("Jetzt kaufen"), "{text}");
}

#[test]
fn boilerplate_boxes_inside_the_article_stay_out() {
    let html = page(&format!(
        r#"{}{}{}<div class="author-bio"><p>Jo Lee schreibt seit zwanzig Jahren über Stadtpolitik, Wohnen und
Verkehr, zuerst für Lokalzeitungen, heute als freie Autorin für mehrere Magazine.</p></div>
<div class="widget-cta-letter"><p>Unterstützen Sie unabhängigen Journalismus: Jeder Beitrag hilft uns,
weiter gründlich zu recherchieren und alle Artikel frei zugänglich zu halten.</p></div>"#,
        prose(1),
        prose(2),
        prose(3)
    ));
    let text = joined(&html);
    assert!(text.contains("Absatz 3 erklärt"), "{text}");
    assert!(!text.contains("Jo Lee schreibt"), "{text}");
    assert!(!text.contains("Unterstützen Sie"), "{text}");
}

#[test]
fn comments_in_code_blocks_are_code_not_a_comment_thread() {
    let html = page(&format!(
        r#"{}{}<pre><code class="language-bash"><span class="hljs-comment"># den Stand des Repositorys ansehen</span>
git status</code></pre>{}<div class="comments"><p>Leser Max: Toller Artikel, vielen Dank für die ausführliche
Erklärung, das hat mir bei meinem eigenen Projekt sehr geholfen!</p></div>"#,
        prose(1),
        prose(2),
        prose(3)
    ));
    let text = joined(&html);
    assert!(text.contains("# den Stand des Repositorys ansehen"), "{text}");
    assert!(text.contains("git status"), "{text}");
    assert!(!text.contains("Leser Max"), "{text}");
}

#[test]
fn hostile_shapes_do_not_panic() {
    for html in [
        "<header>".repeat(5000),
        format!("<article>{}</article>", "<header><p>x</p>".repeat(3000)),
        format!("<pre>{}</pre>", "<code class='hljs-comment'>".repeat(5000)),
        format!("<div class='widget'>{}", "<ul><li><a href=x>link</a>".repeat(3000)),
        String::from("<main><header></header></main><div class=widget><p></p></div>"),
    ] {
        let _ = extract_html(&html, None);
    }
}

#[test]
fn a_table_in_a_figure_is_article_data_and_an_image_figure_is_not() {
    let html = page(&format!(
        r#"{}{}<figure class="wp-block-table"><table><tr><th>Stadt</th><th>Miete pro Quadratmeter</th></tr>
<tr><td>Hamburg</td><td>13,50 Euro</td></tr><tr><td>Leipzig</td><td>7,20 Euro</td></tr></table>
<figcaption>Quelle: Mietspiegel</figcaption></figure>
<figure><img src="a.jpg"><figcaption>Ein Mietshaus in Leipzig. Foto: Jo Lee</figcaption></figure>
<figure class="ad-box" hidden><table><tr><td>Anzeige: Jetzt Wohnung finden</td></tr></table></figure>{}"#,
        prose(1),
        prose(2),
        prose(3)
    ));
    let text = joined(&html);
    assert!(text.contains("Leipzig | 7,20 Euro"), "{text}");
    assert!(!text.contains("Ein Mietshaus in Leipzig"), "{text}");
    assert!(!text.contains("Jetzt Wohnung finden"), "{text}");
}

#[test]
fn a_short_paragraph_beside_the_winning_container_joins_it() {
    let html = format!(
        r#"<html><body><nav><a href="/">Start</a></nav><div class="story">
<div class="story-lead">{}{}{}</div>
<p>Die Studie erschien am Montag im Fachblatt Nature.</p>
<p>Zuerst erschienen bei Stadtbote.</p>
</div><footer>Impressum</footer></body></html>"#,
        prose(1),
        prose(2),
        prose(3)
    );
    let text = joined(&html);
    assert!(text.contains("Die Studie erschien am Montag im Fachblatt Nature."), "{text}");
    assert!(text.contains("Zuerst erschienen bei Stadtbote."), "{text}");
}

#[test]
fn a_teaser_lead_and_a_paywall_box_inside_the_article_are_its_text() {
    let html = page(&format!(
        r#"<div class="content"><div class="teaser"><p>Die Stadt verschärft die Regeln für Mietwohnungen:
Wer eine Wohnung als Ferienunterkunft vermietet, braucht künftig eine Genehmigung des Bürgeramts,
sonst drohen hohe Bußgelder.</p></div>{}{}<div class="paywall">{}{}</div></div>
<div class="teaser"><a href="/andere"><p>Andere Geschichte: Wie der Stadtrat über den neuen Radweg
entscheidet und was Anwohner dazu sagen, lesen Sie in unserem ausführlichen Bericht aus dem Rathaus.</p></a></div>"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4)
    ));
    let text = joined(&html);
    assert!(text.contains("Die Stadt verschärft die Regeln"), "{text}");
    assert!(text.contains("Absatz 4 erklärt"), "{text}");
    // A linked teaser for another story is not revived.
    assert!(!text.contains("Andere Geschichte"), "{text}");
}

#[test]
fn a_layout_table_is_read_as_blocks_and_a_data_table_as_rows() {
    let html = format!(
        r#"<html><body><table class="layout"><tr><td class="nav"><a href="/">Start</a><br><a href="/amt">Amt</a></td>
<td><div class="inhalt"><h2>Öffnungszeiten des Bürgeramts</h2>{}{}{}
<table><tr><td>Montag</td><td>8 bis 16 Uhr</td></tr><tr><td>Dienstag</td><td>8 bis 18 Uhr</td></tr></table>
</div></td></tr></table></body></html>"#,
        prose(1),
        prose(2),
        prose(3)
    );
    let article = extract_html(&html, None);
    let text: Vec<&str> = article.blocks.iter().map(|(_, t)| t.as_str()).collect();
    let joined = text.join("\n");
    assert!(text.contains(&"Öffnungszeiten des Bürgeramts"), "{joined}");
    assert!(text.iter().any(|t| t.starts_with("Absatz 2 erklärt")), "{joined}");
    // Each paragraph is a block of its own, not one giant table cell.
    assert!(!text.iter().any(|t| t.contains("Absatz 1") && t.contains("Absatz 2")), "{joined}");
    assert!(joined.contains("Montag | 8 bis 16 Uhr"), "{joined}");
    assert!(!joined.contains("Start"), "{joined}");
}

#[test]
fn a_sentence_around_a_long_link_between_paragraphs_is_article_text() {
    let html = page(&format!(
        r#"{}{}<p>Der Markt für Mietwohnungen wächst weiter, mit <a href="/studie">Prognosen des Mieterbundes von 3,6 Milliarden Euro Umsatz bis zum Jahr 2027 für die ganze Region</a>.</p>
<p>Lesen Sie auch: <a href="/x">Wie die Stadt den Wohnungsbau fördern will und was das kostet</a></p>
<p><a class="btn" href="/shop">Jetzt unser Angebot für Mieter und Vermieter ansehen</a></p>{}{}
<p>Zum Weiterlesen in der Stadt <a href="/y">Alle Artikel zum Thema Wohnen und Mieten in der Übersicht</a></p>"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4)
    ));
    let text = joined(&html);
    assert!(
        text.contains("Prognosen des Mieterbundes von 3,6 Milliarden Euro Umsatz bis zum Jahr 2027"),
        "{text}"
    );
    // A label and a link, or a link alone, stays out; so does the same shape after the last paragraph.
    assert!(!text.contains("Wie die Stadt den Wohnungsbau"), "{text}");
    assert!(!text.contains("Jetzt unser Angebot"), "{text}");
    assert!(!text.contains("Alle Artikel zum Thema Wohnen"), "{text}");
}

#[test]
fn page_builder_panels_named_widget_are_article_text_and_sidebar_widgets_are_not() {
    // SiteOrigin Page Builder calls every panel "widget"; its own token "so-panel" says so.
    let panel = |n: usize, body: &str| {
        format!(
            r#"<div class="so-panel widget widget_sow-editor" id="panel-1-0-0-{n}"><div class="so-widget-sow-editor"><div class="textwidget">{body}</div></div></div>"#
        )
    };
    let html = format!(
        r#"<html><head><title>Preise für Elektriker</title></head><body>
<nav><a href="/">Start</a> <a href="/preise">Preise</a></nav>
<main><div class="panel-grid-cell">{}{}{}</div></main>
<aside><div class="widget widget_recent_entries"><h2>Neueste Beiträge</h2><ul>
<li><a href="/a">Wie man eine Steckdose sicher austauscht und prüft</a></li>
<li><a href="/b">Zehn Tipps für die Beleuchtung im Garten im Sommer</a></li></ul></div>
<div class="widget widget_text"><p>Unser Team ist seit vielen Jahren in der Stadt tätig, rufen Sie uns gerne an und vereinbaren Sie einen Termin mit uns.</p></div></aside>
</body></html>"#,
        panel(0, &format!("<p>Dieser Leitfaden nennt die Preise für Elektroarbeiten in der Stadt und der Umgebung, vom Austausch einer Steckdose bis zum neuen Sicherungskasten.</p>{}", prose(1))),
        panel(1, &format!("{}{}", prose(2), prose(3))),
        panel(2, &format!("{}{}{}{}", prose(4), prose(5), prose(6), prose(7))),
    );
    let text = joined(&html);
    assert!(text.contains("Dieser Leitfaden nennt die Preise"), "{text}");
    assert!(text.contains("Absatz 2 erklärt"), "{text}");
    assert!(text.contains("Absatz 7 erklärt"), "{text}");
    assert!(!text.contains("Steckdose sicher austauscht"), "{text}");
    assert!(!text.contains("Unser Team ist seit vielen Jahren"), "{text}");
}

#[test]
fn a_streamed_server_render_segment_is_read_and_a_hidden_box_is_not() {
    // React streams late parts of the page as `<div hidden id="S:0">` and moves them into
    // place with a script; other `hidden` elements stay hidden.
    let html = format!(
        r#"<html><head><title>Indexfonds</title></head><body>
<nav><a href="/">Start</a> <a href="/geld">Geld</a></nav>
<main><h1>Indexfonds</h1><template id="B:0"></template><p>Lädt …</p></main>
<footer><a href="/impressum">Impressum</a></footer>
<div hidden id="S:0"><div class="prose">{}{}{}{}</div></div>
<div hidden id="cookie-text"><p>Diese Seite verwendet Cookies, damit wir Ihnen ein besseres Angebot machen können, und Sie stimmen dem zu.</p></div>
<div hidden id="S:x"><p>Ein versteckter Hinweis für Redakteure, der nie angezeigt wird und nicht zum Artikel gehört, auch wenn er lang ist.</p></div>
<script>$RC("B:0","S:0")</script></body></html>"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4)
    );
    let text = joined(&html);
    assert!(text.contains("Absatz 1 erklärt"), "{text}");
    assert!(text.contains("Absatz 4 erklärt"), "{text}");
    assert!(!text.contains("verwendet Cookies"), "{text}");
    assert!(!text.contains("versteckter Hinweis"), "{text}");
}

#[test]
fn a_heading_whose_anchor_id_repeats_its_words_is_kept() {
    // Editors derive heading ids from the heading's words; "social" or "tools" in such an id
    // names the subject, not a share bar or a toolbar.
    let html = page(&format!(
        r#"{}{}<h2 id="h-why-social-shopping-works">Why social shopping works</h2>{}
<h3 id="2-die-richtigen-tools-für-mieter">Die richtigen Tools für Mieter</h3>{}
<div id="social-share-buttons-bar-top"><p>Teilen Sie diesen Artikel mit Ihren Freunden und Bekannten auf allen Kanälen.</p></div>{}"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4),
        prose(5)
    ));
    let text = joined(&html);
    assert!(text.contains("Why social shopping works"), "{text}");
    assert!(text.contains("Die richtigen Tools für Mieter"), "{text}");
    assert!(text.contains("Absatz 5 erklärt"), "{text}");
    // An id of the same shape that does not repeat the element's words is still a name.
    assert!(!text.contains("Teilen Sie diesen Artikel"), "{text}");
}

#[test]
fn the_notes_around_a_winning_list_are_kept() {
    // A list of long items outscores everything else; the sentence before it and the note
    // after it (mostly a link) belong to it.
    let items: String = (1..=6)
        .map(|n| {
            format!(
                "<li>Anbieter {n} berät Mieter in allen Fragen zum Mietvertrag, zur Nebenkostenabrechnung, \
                 zu Mieterhöhungen und zu Kündigungen, persönlich, telefonisch und per E-Mail.</li>"
            )
        })
        .collect();
    let html = format!(
        r#"<html><head><title>Beratungsstellen</title></head><body>
<nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<div class="field"><p>Diese Stellen beraten in der Stadt:</p><ul>{items}</ul>
<p>Die Liste ist nicht vollständig, <a href="/suche">weitere Anbieter finden Sie in unserer Suche</a>.</p></div>
<footer><a href="/impressum">Impressum</a></footer></body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("Anbieter 6 berät Mieter"), "{text}");
    assert!(text.contains("Die Liste ist nicht vollständig"), "{text}");
    assert!(!text.contains("Impressum"), "{text}");
}

#[test]
fn an_article_inside_a_wrapper_named_newsletter_is_the_article() {
    // A newsletter archive names every wrapper after the newsletter; the `<article>` holding
    // much of the page's prose is still the article. Testimonials beside it hold as much.
    let quotes: String = (1..=8)
        .map(|n| {
            format!(
                "<div class=\"quote\"><p>Leserstimme {n}: Dieser Newsletter ist das Beste, was in meinem \
                 Postfach landet, jede Ausgabe bringt mir neue Ideen für den Alltag und die Arbeit.</p></div>"
            )
        })
        .collect();
    let html = format!(
        r#"<html><head><title>Neue Mietregeln</title></head><body>
<nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<section class="section-hero cc-newsletter"><div class="newsletter-wrapper">
<article class="newsletter-content"><div class="rich-text-newsletter">{}{}{}{}{}{}{}{}</div></article></div></section>
<div class="testimonials">{quotes}</div>
<div class="comments"><article class="comment">{}{}{}</article></div>
<footer><a href="/impressum">Impressum</a></footer></body></html>"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4),
        prose(5),
        prose(6),
        prose(7),
        prose(8),
        prose(11),
        prose(12),
        prose(13)
    );
    let text = joined(&html);
    assert!(text.contains("Absatz 1 erklärt"), "{text}");
    assert!(text.contains("Absatz 8 erklärt"), "{text}");
    // A comment thread is never opened again, whatever it holds.
    assert!(!text.contains("Absatz 11 erklärt"), "{text}");
    assert!(!text.contains("Impressum"), "{text}");
}

#[test]
fn a_linked_sentence_between_paragraphs_is_kept_and_a_linked_headline_is_not() {
    let html = page(&format!(
        r#"{}{}<p><a href="/liste">Die vollständige Liste aller Beratungsstellen steht am Ende dieses Artikels.</a></p>
<p><a href="/anderes">Mietendeckel gekippt: Was das Urteil für Berlin bedeutet</a></p>{}{}"#,
        prose(1),
        prose(2),
        prose(3),
        prose(4)
    ));
    let text = joined(&html);
    assert!(text.contains("Die vollständige Liste aller Beratungsstellen"), "{text}");
    assert!(!text.contains("Mietendeckel gekippt"), "{text}");
}

#[test]
fn placeholders_share_labels_and_a_you_might_like_tail_are_not_article_text() {
    let html = page(&format!(
        "{}{}<div><p>Loading posts…</p></div><p>Wird geladen</p>{}<p>Pin this for later!</p><p>Share it</p>\
         <h3>You might like</h3><p>Zehn Ideen für den Balkon im Frühling</p><p>So gelingt der Umzug ohne Stress</p>",
        prose(1),
        prose(2),
        prose(3)
    ));
    let text = joined(&html);
    assert!(text.contains("Absatz 3 erklärt"), "{text}");
    for boilerplate in
        ["Loading posts", "Wird geladen", "Pin this", "Share it", "You might like", "Zehn Ideen", "Umzug"]
    {
        assert!(!text.contains(boilerplate), "{boilerplate}: {text}");
    }
}

/// A paragraph of English prose, numbered so each one is recognisable.
fn english(n: usize) -> String {
    format!(
        "<p>Paragraph {n} explains in plain words, and with a few details, how the new rules for rented \
         flats affect tenants, landlords and the city, and what is going to happen next.</p>"
    )
}

#[test]
fn short_linked_headings_of_a_listicle_are_kept_and_linked_labels_are_not() {
    let html = page(&format!(
        r#"{}<h3><a href="https://nogood.example">1. NoGood</a></h3>{}
<h3><a href="https://armoire.example">4. Armoire</a></h3>{}
<h3><a href="https://instagram.example">Instagram</a></h3><h3><a href="tel:8006777887">(800) 677-7887</a></h3>{}"#,
        english(1),
        english(2),
        english(3),
        english(4)
    ));
    let text = joined(&html);
    assert!(text.contains("1. NoGood"), "{text}");
    assert!(text.contains("4. Armoire"), "{text}");
    assert!(text.contains("Paragraph 4 explains"), "{text}");
    // One linked word is a social label, a linked number a phone number.
    assert!(!text.contains("Instagram"), "{text}");
    assert!(!text.contains("677-7887"), "{text}");
}

#[test]
fn a_page_hidden_by_its_class_names_keeps_headings_and_short_lines_in_the_fallback() {
    // Every section sits in a box named "widget", none holding enough of the page to be
    // shielded: the hinted selection finds nothing and the hint-free one must keep the
    // article's structure, not only its long paragraphs.
    let section = |n: usize| {
        format!(
            r#"<div class="widget-area"><div class="widget-wrapper"><h2>{n}. Cloud trend number {n}</h2>
<p><strong>Company in focus:</strong> Example Corp {n}</p>{}{}</div></div>"#,
            english(2 * n),
            english(2 * n + 1)
        )
    };
    let html = format!(
        r#"<html><head><title>Cloud trends</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>
<main><div class="grid">{}{}{}</div></main>
<footer><a href="/imprint">Imprint</a> · <a href="/privacy">Privacy</a></footer></body></html>"#,
        section(1),
        section(2),
        section(3)
    );
    let text = joined(&html);
    assert!(text.contains("Paragraph 2 explains"), "{text}");
    assert!(text.contains("Paragraph 7 explains"), "{text}");
    assert!(text.contains("2. Cloud trend number 2"), "{text}");
    assert!(text.contains("Company in focus: Example Corp 3"), "{text}");
    assert!(!text.contains("Imprint"), "{text}");
}

#[test]
fn collapsed_accordion_panels_are_article_text_and_hidden_dialogs_are_not() {
    let html = page(&format!(
        r#"{}{}<h2>Frequently asked questions</h2>
<div class="item"><button aria-expanded="false" aria-controls="q1" id="q1-button">How long does the installation take?</button>
<div id="q1" role="region" aria-labelledby="q1-button" style="display:none"><p>Installing the panels on the roof usually takes one to three days, depending on the size of the system and the weather.</p></div></div>
<div class="item"><button aria-expanded="false">Who approves the connection?</button>
<div class="faq-answer accordion-content" hidden><p>The local utility inspects the system and approves the connection to the grid, which can take two weeks to a month.</p></div></div>
{}<div style="display:none"><p>Hidden promotion: get twenty percent off your first order when you sign up for our list today.</p></div>
<div class="modal" role="dialog" aria-labelledby="login-title" aria-hidden="true"><h2 id="login-title">Sign in</h2><p>Enter your email address and password to sign in to your account and manage your subscription.</p></div>"#,
        english(1),
        english(2),
        english(3)
    ));
    let text = joined(&html);
    assert!(text.contains("usually takes one to three days"), "{text}");
    assert!(text.contains("The local utility inspects the system"), "{text}");
    assert!(text.contains("Paragraph 3 explains"), "{text}");
    assert!(!text.contains("Hidden promotion"), "{text}");
    assert!(!text.contains("Enter your email address"), "{text}");
}

#[test]
fn a_quote_in_a_figure_is_article_text_and_an_embedded_post_is_not() {
    let html = page(&format!(
        r#"{}{}<figure class="quote-component"><blockquote><p>Search is not dead, it is just different, and the brands that adapt now will be the ones that readers trust.</p></blockquote>
<figcaption>Jo Lee, head of research</figcaption></figure>{}
<figure class="wp-block-embed is-provider-twitter"><div class="wp-block-embed__wrapper"><blockquote class="twitter-tweet"><p>Twenty years of rent rules in one thread, and why this week's change is the biggest of them all.</p></blockquote></div></figure>
<figure><img src="harbour.jpg" alt=""><figcaption>The harbour at night, seen from the old pier. Photo: Jo Lee</figcaption></figure>{}"#,
        english(1),
        english(2),
        english(3),
        english(4)
    ));
    let text = joined(&html);
    assert!(text.contains("Search is not dead, it is just different"), "{text}");
    assert!(text.contains("Paragraph 4 explains"), "{text}");
    assert!(!text.contains("Twenty years of rent rules"), "{text}");
    assert!(!text.contains("The harbour at night"), "{text}");
}

/// A paragraph of French prose, numbered so each one is recognisable.
fn french(n: usize) -> String {
    format!(
        "<p>Le paragraphe {n} explique en termes simples, et avec quelques détails, comment les nouvelles \
         règles sur les loyers touchent les locataires, les propriétaires et la ville.</p>"
    )
}

/// A paragraph of Spanish prose, numbered so each one is recognisable.
fn spanish(n: usize) -> String {
    format!(
        "<p>El párrafo {n} explica con palabras sencillas, y con algunos detalles, cómo las nuevas reglas \
         sobre los alquileres afectan a los inquilinos, a los propietarios y a la ciudad.</p>"
    )
}

/// A paragraph of Indonesian prose, numbered so each one is recognisable.
fn indonesian(n: usize) -> String {
    format!(
        "<p>Paragraf {n} menjelaskan dengan kata-kata sederhana, dan dengan beberapa rincian, bagaimana aturan \
         baru tentang sewa rumah memengaruhi penyewa, pemilik, dan kota.</p>"
    )
}

/// A page in another language: its article, wrapped like `page`'s, in an unnamed `<div>`.
fn foreign_page(title: &str, article: &str) -> String {
    format!(
        r#"<html><head><title>{title}</title></head><body>
<nav><a href="/">Home</a> <a href="/a">A</a> <a href="/b">B</a></nav>
<div>{article}</div>
<footer><a href="/legal">Legal</a></footer></body></html>"#
    )
}

#[test]
fn french_share_labels_read_also_lines_and_a_see_also_tail_are_not_article_text() {
    let html = foreign_page(
        "Loyers",
        &format!(
            "{}<p>Partager cet article</p>{}<p><strong>Lire aussi :</strong> <a href=\"/x\">Le marché immobilier \
             ralentit</a></p>{}<p>Publicité</p>{}<h3>À voir aussi</h3><p>Dix idées pour le balcon</p>\
             <p>Déménager sans stress</p>",
            french(1),
            french(2),
            french(3),
            french(4)
        ),
    );
    let text = joined(&html);
    assert!(text.contains("Le paragraphe 1 explique"), "{text}");
    assert!(text.contains("Le paragraphe 4 explique"), "{text}");
    for boilerplate in
        ["Partager", "Lire aussi", "Le marché immobilier", "Publicité", "À voir aussi", "Dix idées"]
    {
        assert!(!text.contains(boilerplate), "{boilerplate}: {text}");
    }
}

#[test]
fn related_and_comment_boxes_named_in_other_languages_stay_out() {
    let html = foreign_page(
        "Alquileres",
        &format!(
            r#"<div class="cuerpo-noticia">{}{}<div class="noticias-relacionadas"><p>Otra noticia sobre la vivienda en la ciudad que se cuela en el artículo, con su propio texto largo.</p></div>{}</div>
<div class="bloque-comentarios"><p>Un lector escribe un comentario muy largo sobre el tema, con su opinión detallada y más de ochenta caracteres.</p></div>
<div class="box-reclame"><p>Nu met korting: drie maanden lezen voor de prijs van één, opzeggen kan altijd en overal.</p></div>"#,
            spanish(1),
            spanish(2),
            spanish(3)
        ),
    );
    let text = joined(&html);
    assert!(text.contains("El párrafo 1 explica"), "{text}");
    assert!(text.contains("El párrafo 3 explica"), "{text}");
    assert!(!text.contains("Otra noticia"), "{text}");
    assert!(!text.contains("Un lector escribe"), "{text}");
    assert!(!text.contains("Nu met korting"), "{text}");
}

#[test]
fn read_also_labels_and_tails_in_italian_dutch_and_russian_are_dropped() {
    let italian = |n: usize| {
        format!(
            "<p>Il paragrafo {n} spiega con parole semplici, e con qualche dettaglio, come le nuove regole sugli \
             affitti riguardano gli inquilini, i proprietari e la città.</p>"
        )
    };
    let html = foreign_page(
        "Affitti",
        &format!(
            "{}<p>Leggi anche</p>{}<p>Lees ook: Huurprijzen stijgen</p>{}",
            italian(1),
            italian(2),
            italian(3)
        ),
    );
    let text = joined(&html);
    assert!(text.contains("Il paragrafo 3 spiega"), "{text}");
    assert!(!text.contains("Leggi anche"), "{text}");
    assert!(!text.contains("Huurprijzen"), "{text}");

    let russian = |n: usize| {
        format!(
            "<p>Абзац {n} простыми словами и с некоторыми подробностями объясняет, как новые правила аренды \
             затрагивают жильцов, владельцев и город.</p>"
        )
    };
    let html = foreign_page(
        "Аренда",
        &format!(
            "{}{}{}<p>Отзывы</p><p>Добавить отзыв</p><h3>Самые популярные статьи</h3><p>Десять идей для балкона</p>\
             <p>Переезд без стресса</p>",
            russian(1),
            russian(2),
            russian(3)
        ),
    );
    let text = joined(&html);
    assert!(text.contains("Абзац 3 простыми словами"), "{text}");
    for boilerplate in ["Отзывы", "Добавить отзыв", "Самые популярные", "Десять идей"]
    {
        assert!(!text.contains(boilerplate), "{boilerplate}: {text}");
    }
}

#[test]
fn article_chunks_that_differ_only_in_modifier_classes_are_one_article() {
    // A block-based CMS: text chunks between image blocks, the first with a drop-cap modifier.
    let html = format!(
        r#"<html><head><title>Rules</title></head><body><div class="layout"><div class="article__content">
<div class="article__block article__block_text"><div class="block-text block-text_initial-letter">{}<p>Short second line of the opening chunk.</p></div></div>
<div class="article__block article__block_image"><img src="a.jpg"></div>
<div class="article__block article__block_text"><div class="block-text">{}{}{}{}{}</div></div>
</div><aside><a href="/x">Other story</a></aside></div></body></html>"#,
        english(1),
        english(2),
        english(3),
        english(4),
        english(5),
        english(6)
    );
    let text = joined(&html);
    assert!(text.contains("Paragraph 1 explains"), "{text}");
    assert!(text.contains("Short second line of the opening chunk."), "{text}");
    assert!(text.contains("Paragraph 6 explains"), "{text}");
    assert!(!text.contains("Other story"), "{text}");
}

#[test]
fn wordpress_like_and_share_bars_in_any_language_are_not_article_text() {
    let html = foreign_page(
        "Sewa",
        &format!(
            r#"<div class="entry">{}{}{}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan ini:</h3><ul><li><a href="/t">Twitter</a></li></ul></div>
<p>Iklan</p><p>Suka Memuat...</p><p>J'aime chargement…</p><p>Like Loading...</p></div>"#,
            indonesian(1),
            indonesian(2),
            indonesian(3)
        ),
    );
    let text = joined(&html);
    assert!(text.contains("Paragraf 3 menjelaskan"), "{text}");
    for boilerplate in ["Bagikan", "Twitter", "Iklan", "Suka Memuat", "J'aime", "Like Loading"] {
        assert!(!text.contains(boilerplate), "{boilerplate}: {text}");
    }
}

#[test]
fn agency_photo_credits_of_other_languages_are_not_article_text() {
    let html = foreign_page(
        "Alquileres",
        &format!(
            "{}<p>El alcalde, ayer en el pleno. EFE/Juan Pérez</p>{}<p>Crédito: Ana López</p>{}",
            spanish(1),
            spanish(2),
            spanish(3)
        ),
    );
    let text = joined(&html);
    assert!(text.contains("El párrafo 2 explica"), "{text}");
    assert!(!text.contains("Juan Pérez"), "{text}");
    assert!(!text.contains("Ana López"), "{text}");
}

#[test]
fn post_metadata_labels_in_any_language_are_not_article_text() {
    let html = page(&format!(
        "<p>Written by Jo Lee</p>{}{}{}<p>Tags: rent, housing, city</p><p>Filed under: Politics</p>\
         <p>Schlagwörter: Miete, Wohnen</p><p>Publié par Marie Dupont</p><p>Etiquetas: alquiler, vivienda</p>",
        prose(1),
        prose(2),
        prose(3)
    ));
    let text = joined(&html);
    assert!(text.contains("Absatz 3 erklärt"), "{text}");
    for label in ["Written by", "Tags:", "Filed under", "Schlagwörter", "Publié par", "Etiquetas"] {
        assert!(!text.contains(label), "{label}: {text}");
    }
}

#[test]
fn a_short_paragraph_beside_a_stray_lead_joins_it() {
    // The opening chunk sits in its own wrapper before the winning chunk; its short second
    // paragraph belongs with its long first one.
    let html = format!(
        r#"<html><head><title>Rules</title></head><body><div class="content">
<div class="chunk"><div class="opening"><p>The city council voted on Tuesday to extend the tram network, after months of arguing about its cost, its route and what it means for the shops.</p><p>Now the work can finally start.</p></div></div>
<div class="chunk"><div class="rest">{}{}{}{}{}</div></div>
</div><div class="promo"><p>Subscribe today.</p></div></body></html>"#,
        english(1),
        english(2),
        english(3),
        english(4),
        english(5)
    );
    let text = joined(&html);
    assert!(text.contains("voted on Tuesday"), "{text}");
    assert!(text.contains("Now the work can finally start."), "{text}");
    assert!(text.contains("Paragraph 5 explains"), "{text}");
    assert!(!text.contains("Subscribe today"), "{text}");
}

#[test]
fn a_sign_up_form_is_not_article_text_but_a_form_around_the_page_is_a_wrapper() {
    let html = page(&format!(
        r#"{}{}<form action="/subscribe"><h3>Our weekly digest</h3><p>Get the week's local news and events in your inbox, every Friday morning.</p>
<input type="email"><p>This field is for validation purposes and should be left unchanged.</p></form>{}"#,
        english(1),
        english(2),
        english(3)
    ));
    let text = joined(&html);
    assert!(text.contains("Paragraph 3 explains"), "{text}");
    assert!(!text.contains("weekly digest"), "{text}");
    assert!(!text.contains("validation purposes"), "{text}");

    // ASP.NET wraps whole pages in one form; here a long comment thread outside it holds
    // more paragraph text than the article inside it.
    let comments: String = (1..=6)
        .map(|n| format!("<p>Reader {n} writes a long comment about the rules, with opinions, objections and more words.</p>"))
        .collect();
    let html = format!(
        r#"<html><head><title>Rules</title></head><body><form id="aspnetForm" action="/page.aspx">
<article>{}{}{}</article></form><div class="comments">{comments}</div></body></html>"#,
        english(1),
        english(2),
        english(3)
    );
    let text = joined(&html);
    assert!(text.contains("Paragraph 1 explains"), "{text}");
    assert!(text.contains("Paragraph 3 explains"), "{text}");
    assert!(!text.contains("Reader 1 writes"), "{text}");
}

#[test]
fn a_table_of_contents_is_not_article_text_but_self_linked_headings_are() {
    let html = page(&format!(
        r##"{}<p>Table of Contents</p><ul><li><a href="#costs">What the new rules cost tenants</a></li>
<li><a href="#timeline">When the new rules take effect</a></li></ul>{}
<h2 id="costs"><a href="#costs">What the new rules cost tenants</a></h2>{}
<ul><li><a href="/report">The full report of the tenants' association</a></li><li><a href="/ruling">The court ruling from March</a></li></ul>{}"##,
        english(1),
        english(2),
        english(3),
        english(4)
    ));
    let text = joined(&html);
    assert!(!text.contains("Table of Contents"), "{text}");
    assert!(!text.contains("When the new rules take effect"), "{text}");
    // The heading, linked to itself, is the article's; so is a list of outside links.
    assert_eq!(text.matches("What the new rules cost tenants").count(), 1, "{text}");
    assert!(text.contains("The full report of the tenants' association"), "{text}");
}

#[test]
fn many_stray_paragraphs_many_class_tokens_and_many_forms_stay_fast() {
    let lead: String = (0..20_000)
        .map(|n| {
            format!("<p>Lead paragraph {n} with enough words to count as a stray lead, and a comma, too.</p>")
        })
        .collect();
    let body: String = (0..20).map(english).collect();
    let tokens = "chunk ".repeat(2_000);
    let chunks: String =
        (0..200).map(|_| format!("<div class=\"{tokens} chunk-x\">{}</div>", english(1))).collect();
    let forms = "<form><p>Sign up for the weekly digest of local news.</p></form>".repeat(20_000);
    for html in [
        format!(
            "<body><div><div class=\"a\">{lead}</div><div class=\"b\"><div>{body}</div></div></div></body>"
        ),
        format!("<body>{chunks}</body>"),
        format!("<body><form><article>{body}</article>{forms}</form></body>"),
    ] {
        let started = std::time::Instant::now();
        let _ = extract_html(&html, None);
        assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
    }
}

/// A page whose article is a long product list in one section and a closing guide in a
/// sibling section after it, with a related-links box and a short bio beside them.
fn product_list_with_closing_section() -> String {
    let items: String = (1..=60)
        .map(|n| {
            format!(
                "<div class=\"product\"><h3>Product {n}</h3><p>Product {n} is sturdy, light and easy to \
                 clean, and in our tests it kept its charge for a whole week, although the case, the \
                 cable and the manual could be better.</p></div>"
            )
        })
        .collect();
    format!(
        r#"<html><head><title>The best travel kettles</title></head><body>
<div class="page">
<section class="section product-list">{items}</section>
<section class="section guide"><h2>How much does a travel kettle cost?</h2>
<p>Most travel kettles cost between twenty and sixty euros, and the price follows the capacity more than the brand. Cheap ones are fine for tea, less so for soup, and the folding silicone kettles are the cheapest to carry in a day bag.</p>
<p>Steel kettles last longer and boil water a little faster. Dual-voltage models cost a few euros more, but they are the only safe choice when you travel between continents, and the plug matters as much as the kettle itself.</p>
<p>Whatever you buy, check the warranty: the better makers give two years and replace a broken base without questions. Keep the receipt with the kettle in your bag, since a claim abroad is easier with it than without.</p>
</section>
<section class="section more"><h2>More guides</h2><p><a href="/a">The best travel adapters for every country</a>
<a href="/b">The best packing cubes we tested this year</a> <a href="/c">The best neck pillows for long flights</a>
<a href="/d">The best power banks for phones and laptops</a> <a href="/e">The best carry-on suitcases</a></p></section>
<section class="section bio"><p>Sam Lee has tested travel gear for ten years.</p></section>
</div></body></html>"#
    )
}

#[test]
fn a_prose_section_beside_a_much_larger_winner_is_kept() {
    let text = joined(&product_list_with_closing_section());
    assert!(text.contains("Product 60 is sturdy"), "{text}");
    assert!(text.contains("How much does a travel kettle cost?"), "{text}");
    assert!(text.contains("Whatever you buy, check the warranty"), "{text}");
    // Link furniture and short notes beside the article stay out.
    assert!(!text.contains("The best travel adapters"), "{text}");
    assert!(!text.contains("Sam Lee has tested"), "{text}");
}

#[test]
fn a_prose_section_rule_survives_empty_and_broken_pages() {
    for html in ["", "<section>", "<div><section class=\"x\"><p>Short.</p></section></div>", "<<<>>>"] {
        let _ = joined(html);
    }
    let broken = product_list_with_closing_section().replace("</section>", "");
    let text = joined(&broken);
    assert!(text.contains("Product 1 is sturdy"), "{text}");
}
