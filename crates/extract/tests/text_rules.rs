//! The plain-text cleaner: every rule kind, German and English, and the
//! structural heuristics (running headlines, headings, titles, datelines).

use wirewatch_extract::text::{clean, CleanText};
use wirewatch_model::ParagraphKind;

const DE_BODY_1: &str = "Die Bundesregierung hat am Mittwoch einen neuen Gesetzentwurf vorgelegt, der die Förderung von Wärmepumpen grundlegend neu regeln soll.";
const DE_BODY_2: &str = "Kritiker aus der Opposition bemängelten, dass viele Fragen zur Finanzierung weiterhin offen seien und Hausbesitzer kaum Planungssicherheit hätten.";
const DE_BODY_3: &str = "Der Bundesrat soll sich noch vor der Sommerpause mit dem Vorhaben befassen, hieß es aus Regierungskreisen in Berlin.";
const EN_BODY_1: &str = "The city council voted on Tuesday to expand the tram network after months of debate about costs, routes and the effect on local shops.";
const EN_BODY_2: &str = "Supporters expect shorter journeys, while critics fear years of construction work and a lasting burden on the municipal budget.";
const EN_BODY_3: &str = "Construction is due to begin next spring, and the first trams could run within three years, the transport department said.";

fn body(out: &CleanText) -> String {
    out.blocks.iter().map(|(_, text)| text.as_str()).collect::<Vec<_>>().join("\n\n")
}

fn removed_by<'a>(out: &'a CleanText, rule: &str) -> Vec<&'a str> {
    out.removed.iter().filter(|(name, _)| *name == rule).map(|(_, line)| line.as_str()).collect()
}

#[test]
fn german_navigation_is_removed() {
    let text = format!("Zum Inhalt springen\nStartseite\nMenü\n\n{DE_BODY_1}\n\n{DE_BODY_2}\n\nNach oben");
    let out = clean(&text, Some("de"));
    assert_eq!(removed_by(&out, "navigation"), ["Zum Inhalt springen", "Startseite", "Menü", "Nach oben"]);
    assert_eq!(body(&out), format!("{DE_BODY_1}\n\n{DE_BODY_2}"));
}

#[test]
fn english_navigation_is_removed() {
    let text =
        format!("Skip to content\nHome\nMenu\n\n{EN_BODY_1}\n\n{EN_BODY_2}\n\nAdvertisement\n\n{EN_BODY_3}");
    let out = clean(&text, Some("en"));
    assert_eq!(removed_by(&out, "navigation"), ["Skip to content", "Home", "Menu", "Advertisement"]);
    assert_eq!(out.blocks.len(), 3);
}

#[test]
fn player_notices_are_removed() {
    let text = format!(
        "{DE_BODY_1}\n\nThis browser does not support the video element.\n\nIhr Browser unterstützt dieses Video-Format leider nicht.\n\n{DE_BODY_2}"
    );
    let out = clean(&text, Some("de"));
    assert_eq!(removed_by(&out, "player").len(), 2);
    assert_eq!(body(&out), format!("{DE_BODY_1}\n\n{DE_BODY_2}"));

    let text = format!("{EN_BODY_1}\n\nYour browser does not support the audio element.\n\n{EN_BODY_2}");
    assert_eq!(removed_by(&clean(&text, Some("en")), "player").len(), 1);
}

#[test]
fn durations_are_removed() {
    let text = format!("{DE_BODY_1}\n\n02:13\n\nVideo: 1:45 Min.\n\n{DE_BODY_2}");
    let out = clean(&text, Some("de"));
    assert_eq!(removed_by(&out, "duration"), ["02:13", "Video: 1:45 Min."]);
    assert_eq!(out.blocks.len(), 2);
}

#[test]
fn caption_and_credit_lines_are_removed() {
    let text = format!(
        "{DE_BODY_1}\n\nFoto: Max Muster/dpa\n\n(Archivfoto)\n\n© Reuters\n\nBild: picture alliance\n\n{DE_BODY_2}"
    );
    let out = clean(&text, Some("de"));
    assert_eq!(body(&out), format!("{DE_BODY_1}\n\n{DE_BODY_2}"));
    assert_eq!(removed_by(&out, "caption").len(), 4);

    let text = format!("{EN_BODY_1}\n\nPhoto: Jane Doe/AP\n\nCredit: Getty Images\n\n{EN_BODY_2}");
    let out = clean(&text, Some("en"));
    assert_eq!(body(&out), format!("{EN_BODY_1}\n\n{EN_BODY_2}"));
}

#[test]
fn caption_pasted_with_credit_is_removed_whole() {
    let text = format!(
        "3 Der Kanzler und die Ministerin im Bundestag. (Archivfoto) Foto: Max Muster/Erika Beispiel/AP/dpa\n\n{DE_BODY_1}\n\n{DE_BODY_2}"
    );
    let out = clean(&text, Some("de"));
    assert_eq!(removed_by(&out, "caption").len(), 1);
    assert!(!body(&out).contains("Kanzler"));
    assert_eq!(out.blocks.len(), 2);
}

#[test]
fn credit_at_the_end_of_a_long_paragraph_is_cut_off() {
    let paragraph = format!("{DE_BODY_1} {DE_BODY_2} {DE_BODY_3}");
    let text = format!("{paragraph} Foto: Max Muster/dpa\n\n{DE_BODY_1}");
    let out = clean(&text, Some("de"));
    assert_eq!(out.blocks[0].1, paragraph);
    assert_eq!(removed_by(&out, "credit"), ["Foto: Max Muster/dpa"]);
}

#[test]
fn the_word_foto_in_a_sentence_is_not_a_credit() {
    let text = format!("Das Bild: eine Katastrophe für die Regierung und ihre Partner.\n\n{DE_BODY_1}");
    let out = clean(&text, Some("de"));
    assert_eq!(out.blocks.len(), 2);
}

#[test]
fn related_tail_near_the_end_is_cut() {
    let text = format!(
        "{DE_BODY_1}\n\n{DE_BODY_2}\n\n{DE_BODY_3}\n\nMehr zum Thema\n\nWärmepumpen: Was Hausbesitzer jetzt wissen müssen\n\nHeizungsgesetz: Die wichtigsten Fragen"
    );
    let out = clean(&text, Some("de"));
    assert_eq!(out.blocks.len(), 3);
    assert_eq!(removed_by(&out, "related-tail").len(), 3);

    let text = format!(
        "{EN_BODY_1}\n\n{EN_BODY_2}\n\n{EN_BODY_3}\n\nRelated articles\n\nTram fares to rise in spring"
    );
    let out = clean(&text, Some("en"));
    assert_eq!(out.blocks.len(), 3);
}

#[test]
fn related_marker_early_removes_only_its_line() {
    let text =
        format!("{DE_BODY_1}\n\nLesen Sie auch: Heizungsgesetz im Überblick\n\n{DE_BODY_2}\n\n{DE_BODY_3}");
    let out = clean(&text, Some("de"));
    assert_eq!(out.blocks.len(), 3);
    assert_eq!(removed_by(&out, "related"), ["Lesen Sie auch: Heizungsgesetz im Überblick"]);
}

#[test]
fn bylines_become_authors() {
    let out = clean(&format!("Von Max Muster und Erika Beispiel\n\n{DE_BODY_1}\n\n{DE_BODY_2}"), Some("de"));
    assert_eq!(out.authors, ["Max Muster", "Erika Beispiel"]);
    assert_eq!(out.blocks.len(), 2);

    let out = clean(&format!("{DE_BODY_1}\n\n{DE_BODY_2}\n\nAutor: P. Tiko"), Some("de"));
    assert_eq!(out.authors, ["P. Tiko"]);

    let out = clean(&format!("By Jane Doe and John Roe\n\n{EN_BODY_1}\n\n{EN_BODY_2}"), Some("en"));
    assert_eq!(out.authors, ["Jane Doe", "John Roe"]);
    assert_eq!(out.blocks.len(), 2);
}

#[test]
fn sentences_starting_like_bylines_stay() {
    let text = format!("{DE_BODY_1}\n\nVon 25 auf 50 Prozent – ein drastischer Schritt.\n\nVon der Regierung hieß es dazu nichts.\n\n{DE_BODY_2}");
    let out = clean(&text, Some("de"));
    assert!(out.authors.is_empty());
    assert_eq!(out.blocks.len(), 4);
}

#[test]
fn date_lines_become_the_publication_date() {
    let cases = [
        ("de", "24. Februar 2025", "2025-02-24"),
        ("de", "Stand: 15.08.2025, 10:12 Uhr", "2025-08-15"),
        ("de", "Veröffentlicht am 3. März 2025", "2025-03-03"),
        ("en", "Published: August 15, 2025", "2025-08-15"),
        ("en", "Updated Aug. 15, 2025 10:00 a.m. ET", "2025-08-15"),
        ("en", "date 2025-08-15", "2025-08-15"),
    ];
    for (language, line, date) in cases {
        let (one, two) = if language == "de" { (DE_BODY_1, DE_BODY_2) } else { (EN_BODY_1, EN_BODY_2) };
        let out = clean(&format!("{line}\n\n{one}\n\n{two}"), Some(language));
        let published = out.published.unwrap_or_else(|| panic!("no date from {line:?}"));
        assert_eq!(published.value, date, "{line}");
        assert_eq!(published.evidence, format!("text-line:{line:?}"));
        assert_eq!(out.blocks.len(), 2, "{line}");
    }
}

#[test]
fn byline_with_date_on_one_line() {
    let out =
        clean(&format!("Von Max Muster | 15.08.2025, 10:12 Uhr\n\n{DE_BODY_1}\n\n{DE_BODY_2}"), Some("de"));
    assert_eq!(out.authors, ["Max Muster"]);
    assert_eq!(out.published.map(|p| p.value).as_deref(), Some("2025-08-15"));
    assert_eq!(out.blocks.len(), 2);
}

#[test]
fn a_sentence_with_a_date_is_not_a_date_line() {
    let text = format!("Am 24. Februar 2025 hat der Bundestag entschieden.\n\n{DE_BODY_1}");
    let out = clean(&text, Some("de"));
    assert!(out.published.is_none());
    assert_eq!(out.blocks.len(), 2);
}

#[test]
fn running_headline_in_a_split_sentence() {
    let text = "The committee met for six hours and said in a statement that the new rules would\n\n\n\nSenate Passes Budget Bill – What Comes Next?\n\ntake effect at the start of next year, pending a final vote.\n\nCritics said the bill left many questions about funding unanswered and would burden households.";
    let out = clean(text, Some("en"));
    assert_eq!(out.title.as_deref(), Some("Senate Passes Budget Bill – What Comes Next?"));
    assert_eq!(out.blocks.len(), 2);
    assert!(out.blocks[0]
        .1
        .ends_with("the new rules would take effect at the start of next year, pending a final vote."));
    assert_eq!(removed_by(&out, "running-headline").len(), 1);
}

#[test]
fn page_break_without_headline_is_rejoined() {
    let text = "Die Regierung hat am Mittwoch erklärt, dass eine solche Entwicklung\n\n\nnicht nur die Länder schwächen würde.\n\nDas ist ein zweiter Absatz mit einem ganzen Satz.";
    let out = clean(text, Some("de"));
    assert_eq!(out.blocks.len(), 2);
    assert!(out.blocks[0].1.contains("Entwicklung nicht nur"));
}

#[test]
fn repeated_running_headline_is_removed_everywhere() {
    let headline = "Heizungsgesetz – Was jetzt auf Hausbesitzer zukommt";
    let text = format!("{headline}\n\n{DE_BODY_1}\n\n{headline}\n\n{DE_BODY_2}\n\n{headline}\n\n{DE_BODY_3}");
    let out = clean(&text, Some("de"));
    assert_eq!(out.title.as_deref(), Some(headline));
    assert_eq!(out.blocks.len(), 3);
    assert!(out.blocks.iter().all(|(kind, _)| *kind == ParagraphKind::Paragraph));
}

#[test]
fn recurring_section_headings_stay() {
    let heading = "Westlicher Kriegsschauplatz";
    let text = format!("{DE_BODY_1}\n\n{heading}\n\n{DE_BODY_2}\n\n{heading}\n\n{DE_BODY_3}");
    let out = clean(&text, Some("de"));
    assert_eq!(out.title, None);
    let headings =
        out.blocks.iter().filter(|(kind, text)| *kind == ParagraphKind::Heading && text == heading);
    assert_eq!(headings.count(), 2);
}

#[test]
fn first_title_like_line_is_the_title_and_headings_are_marked() {
    let text =
        format!("Neue Regeln für Wärmepumpen\n\n{DE_BODY_1}\n\nKritik aus der Opposition\n\n{DE_BODY_2}");
    let out = clean(&text, Some("de"));
    assert_eq!(out.title.as_deref(), Some("Neue Regeln für Wärmepumpen"));
    let kinds: Vec<ParagraphKind> = out.blocks.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(kinds, [ParagraphKind::Paragraph, ParagraphKind::Heading, ParagraphKind::Paragraph]);
}

#[test]
fn a_kicker_above_the_title_is_dropped() {
    let text = format!(
        "Heizungsgesetz\n\nNeue Regeln für Wärmepumpen ab dem kommenden Jahr\n\n{DE_BODY_1}\n\n{DE_BODY_2}"
    );
    let out = clean(&text, Some("de"));
    assert_eq!(out.title.as_deref(), Some("Neue Regeln für Wärmepumpen ab dem kommenden Jahr"));
    assert_eq!(removed_by(&out, "kicker"), ["Heizungsgesetz"]);
    assert_eq!(out.blocks.len(), 2);
}

#[test]
fn one_line_per_paragraph_and_hard_wrapped_blocks() {
    let text = format!("{EN_BODY_1}\n{EN_BODY_2}\nWhat happens next\n{EN_BODY_3}");
    let out = clean(&text, Some("en"));
    assert_eq!(out.blocks.len(), 4);
    assert_eq!(out.blocks[2].0, ParagraphKind::Heading);

    let wrapped = "The city council voted on Tuesday to expand the tram\nnetwork after months of debate about costs, routes and\nthe effect on local shops, officials said on Wednesday.";
    let out = clean(wrapped, Some("en"));
    assert_eq!(out.blocks.len(), 1);
    assert!(out.blocks[0].1.contains("tram network"));
}

#[test]
fn bullet_lines_are_items() {
    let text = format!("{DE_BODY_1}\n\n• Erstens mehr Geld\n• Zweitens weniger Bürokratie\n\n{DE_BODY_2}");
    let out = clean(&text, Some("de"));
    let items: Vec<&str> =
        out.blocks.iter().filter(|(kind, _)| *kind == ParagraphKind::Item).map(|(_, t)| t.as_str()).collect();
    assert_eq!(items, ["Erstens mehr Geld", "Zweitens weniger Bürokratie"]);
}

#[test]
fn datelines_are_found() {
    let out = clean(&format!("Berlin (dpa) - {DE_BODY_1}\n\n{DE_BODY_2}"), Some("de"));
    assert_eq!(out.dateline.as_deref(), Some("Berlin"));
    assert!(out.blocks[0].1.starts_with("Berlin (dpa) - "), "dateline text stays");
    let out = clean(&format!("WASHINGTON (AP) — {EN_BODY_1}\n\n{EN_BODY_2}"), Some("en"));
    assert_eq!(out.dateline.as_deref(), Some("WASHINGTON"));
    let out = clean(&format!("{EN_BODY_1}\n\n{EN_BODY_2}"), Some("en"));
    assert_eq!(out.dateline, None);
}

#[test]
fn other_languages_get_only_common_rules() {
    let text = "Le conseil municipal a voté mardi l'extension du réseau de tramway après des mois de débats.\n\nStartseite\n\nLes critiques craignent des années de travaux et une charge durable pour le budget.";
    let out = clean(text, Some("fr"));
    assert!(removed_by(&out, "navigation").is_empty(), "German rules must not apply to French");
    let out = clean(text, None);
    assert_eq!(removed_by(&out, "navigation"), ["Startseite"], "unknown language: all rules apply");
}

#[test]
fn hostile_inputs_do_not_panic() {
    let long_line = "wort ".repeat(200_000);
    let out = clean(&long_line, None);
    assert_eq!(out.blocks.len(), 1);
    for input in
        ["", "\n\n\n", "ä", "–", "Von", "Foto:", "©", "date 2025-99-99 x", "\u{FFFD}\u{FFFD}", "- ", "•"]
    {
        let _ = clean(input, None);
        let _ = clean(input, Some("de"));
        let _ = clean(input, Some("en"));
    }
    let many_lines = "Kurze Zeile ohne Punkt\n".repeat(20_000);
    let _ = clean(&many_lines, Some("de"));
}

#[test]
fn agency_credit_lines_are_removed() {
    let text = format!(
        "{DE_BODY_1}\n\nMichael Kappeler/dpa\n\ndpa/Kay Nietfeld\n\npicture alliance/dpa/Bernd von Jutrczenka\n\nCopyright Beispielzeitung 2025\n\n{DE_BODY_2}"
    );
    let out = clean(&text, Some("de"));
    assert_eq!(body(&out), format!("{DE_BODY_1}\n\n{DE_BODY_2}"));
    assert_eq!(removed_by(&out, "caption").len(), 4);

    let text = format!(
        "{EN_BODY_1}\n\nPhoto by Jane Doe/Getty Images\n\nThe mayor speaks in the council on Tuesday. (Photo by John Roe/AFP)\n\n{EN_BODY_2}"
    );
    let out = clean(&text, Some("en"));
    assert_eq!(body(&out), format!("{EN_BODY_1}\n\n{EN_BODY_2}"));
    assert_eq!(removed_by(&out, "caption").len(), 2);
}

/// Rough cost of cleaning: `cargo test --release -p wirewatch-extract --test text_rules -- --ignored --nocapture`.
#[test]
#[ignore]
fn cleaning_cost() {
    let article = format!(
        "Zum Inhalt springen\n\nNeue Regeln\n\nVon Max Muster\n\n{DE_BODY_1}\n\n{DE_BODY_2}\n\nZwischentitel hier\n\n{DE_BODY_3}\n\n"
    )
    .repeat(5);
    let warm_up = std::time::Instant::now();
    let _ = clean(&article, Some("de"));
    eprintln!("first call (compiles the rules): {:?}", warm_up.elapsed());
    let started = std::time::Instant::now();
    for _ in 0..100 {
        let _ = clean(&article, Some("de"));
    }
    eprintln!("{} bytes article: {:?} per clean", article.len(), started.elapsed() / 100);
    let line = format!("{DE_BODY_1} ").repeat(1_000_000 / DE_BODY_1.len());
    let started = std::time::Instant::now();
    let _ = clean(&line, Some("de"));
    eprintln!("1 MB single line: {:?}", started.elapsed());
    let lines = format!("{DE_BODY_1}\n").repeat(1_000_000 / DE_BODY_1.len());
    let started = std::time::Instant::now();
    let _ = clean(&lines, Some("de"));
    eprintln!("1 MB of short lines: {:?}", started.elapsed());
}

#[test]
fn reading_time_share_and_relative_time_lines_are_removed() {
    let text = format!(
        "Lesedauer: 3 Minuten\n\nvor 2 Stunden\n\nAuf Facebook teilen\n\nArtikel anhören\n\n{DE_BODY_1}\n\nTeilen | Drucken | Merken\n\n{DE_BODY_2}"
    );
    let out = clean(&text, Some("de"));
    assert_eq!(body(&out), format!("{DE_BODY_1}\n\n{DE_BODY_2}"));
    let text = format!("5 min read\n\nUpdated 2 hours ago\n\nShare on Facebook\n\nListen to this article\n\n{EN_BODY_1}\n\n{EN_BODY_2}");
    let out = clean(&text, Some("en"));
    assert_eq!(body(&out), format!("{EN_BODY_1}\n\n{EN_BODY_2}"));
}

#[test]
fn page_text_loses_menus_and_footers() {
    let page = format!(
        "Politik\nWirtschaft\nSport\nKultur\n\nNeue Regeln für Wärmepumpen\n\n{DE_BODY_1}\n\nKritik aus der Opposition\n\n{DE_BODY_2}\n\nKontakt\nAGB\nJobs bei uns"
    );
    let out = wirewatch_extract::text::clean_page_text(&page, Some("de"));
    let kept: Vec<&str> = out.blocks.iter().map(|(_, text)| text.as_str()).collect();
    assert_eq!(out.title.as_deref(), Some("Neue Regeln für Wärmepumpen"));
    assert_eq!(kept.first().copied(), Some(DE_BODY_1));
    assert_eq!(kept.last().copied(), Some(DE_BODY_2));
    assert!(out.removed.iter().any(|(rule, text)| *rule == "page-chrome" && text == "Jobs bei uns"));
    // Without prose nothing is trimmed.
    let menu = "Politik\nWirtschaft\nSport";
    assert_eq!(
        wirewatch_extract::text::clean_page_text(menu, Some("de")),
        wirewatch_extract::text::clean(menu, Some("de"))
    );
}

/// Worst-case shapes stay fast: `cargo test --release -p wirewatch-extract --test text_rules -- --ignored --nocapture`.
#[test]
#[ignore]
fn pathological_shapes_cost() {
    let cases = [
        ("500k one-letter lines", "x\n".repeat(500_000)),
        ("1 MB without spaces", "ä".repeat(500_000)),
        ("250k short title-like lines", "Kurze Zeile\n\n".repeat(80_000)),
        ("100k bylines", "Von Max Muster\n".repeat(100_000)),
        ("100k date lines", "15.08.2025\n".repeat(100_000)),
        ("100k split sentences", "eine Zeile ohne Ende und mit vielen Wörtern darin\n\n".repeat(20_000)),
        (
            "30k distinct running headlines",
            (0..30_000)
                .map(|n| format!("Ein langer Absatz ohne Ende und mit vielen Wörtern darin\n\nTitel Nummer {n} hier\n\nund weiter geht es."))
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        ("30k distinct bylines", (0..30_000).map(|n| format!("Von Max Muster{n}x\n")).collect()),
    ];
    for (name, input) in cases {
        let started = std::time::Instant::now();
        let _ = clean(&input, None);
        eprintln!("{name}: {:?}", started.elapsed());
    }
}

#[test]
fn update_lines_do_not_override_the_publication_date() {
    let text =
        format!("Aktualisiert am 16.08.2025\n\nVeröffentlicht am 15.08.2025\n\n{DE_BODY_1}\n\n{DE_BODY_2}");
    let out = clean(&text, Some("de"));
    assert_eq!(out.published.as_ref().map(|p| p.value.as_str()), Some("2025-08-15"));
    assert_eq!(out.updated.as_ref().map(|p| p.value.as_str()), Some("2025-08-16"));
    assert_eq!(out.blocks.len(), 2);

    let text = format!("Updated: August 16, 2025\n\n{EN_BODY_1}\n\n{EN_BODY_2}");
    let out = clean(&text, Some("en"));
    let published = out.published.expect("the update date stands in");
    assert_eq!(published.value, "2025-08-16");
    assert_eq!(published.evidence, "text-line:\"Updated: August 16, 2025\"");
}

#[test]
fn a_clip_title_before_a_duration_goes_with_the_player() {
    let dump = "Minister tritt zurück\n\nThis browser does not support the video element.\n\nDer Minister verlässt das Ministerium\n\n01:42 Min\n\nBerlin - Der Minister ist am Montag zurückgetreten. Er zog damit die Konsequenz aus der Affäre um die Aufträge.\n";
    let cleaned = wirewatch_extract::text::clean(dump, Some("de"));
    let body: Vec<&str> = cleaned.blocks.iter().map(|(_, text)| text.as_str()).collect();
    assert!(!body.iter().any(|text| text.contains("verlässt das Ministerium")), "{body:?}");
    assert!(body.iter().any(|text| text.starts_with("Berlin - Der Minister")), "{body:?}");
}

#[test]
fn a_header_block_of_title_byline_and_date_is_not_wrapped_prose() {
    let dump = "Envoy wins pledge as neighbours step back from the brink of a trade war\nBy Jane Roe\nMarch 13, 2026\n\nRIGA — The envoy said on Friday that both leaders would meet next week in Vienna for talks.\n";
    let cleaned = wirewatch_extract::text::clean(dump, Some("en"));
    assert_eq!(
        cleaned.title.as_deref(),
        Some("Envoy wins pledge as neighbours step back from the brink of a trade war")
    );
    assert_eq!(cleaned.authors, vec!["Jane Roe".to_string()]);
    assert_eq!(cleaned.published.map(|p| p.value).as_deref(), Some("2026-03-13"));
}
