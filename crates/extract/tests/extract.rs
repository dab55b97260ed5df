//! `extract()` end to end: assembly, precedence of metadata, errors.

use std::time::Instant;
use wirewatch_extract::extract;
use wirewatch_model::{ContentKind, Document, Hints, ParagraphKind, RawRecord, Severity};

const DE_1: &str = "Die Bundesregierung hat am Mittwoch einen neuen Gesetzentwurf vorgelegt, der die Förderung von Wärmepumpen grundlegend neu regeln soll.";
const DE_2: &str = "Kritiker aus der Opposition bemängelten, dass viele Fragen zur Finanzierung weiterhin offen seien und Hausbesitzer kaum Planungssicherheit hätten.";
const EN_1: &str = "The city council voted on Tuesday to expand the tram network after months of debate about costs, routes and the effect on local shops.";
const EN_2: &str = "Supporters expect shorter journeys, while critics fear years of construction work and a lasting burden on the municipal budget.";

fn text_record(text: &str) -> RawRecord {
    RawRecord {
        source: "test.txt".into(),
        url: None,
        kind: ContentKind::Text,
        bytes: text.as_bytes().to_vec(),
        hints: Hints::default(),
    }
}

fn html_record(html: &str) -> RawRecord {
    RawRecord { kind: ContentKind::Html, source: "test.html".into(), ..text_record(html) }
}

/// Offsets of paragraphs and dateline agree with the text.
fn assert_consistent(doc: &Document) {
    let mut previous_end = 0;
    for paragraph in &doc.paragraphs {
        assert!(paragraph.start >= previous_end && paragraph.start < paragraph.end);
        let text = doc.text.get(paragraph.start..paragraph.end).expect("paragraph on char boundaries");
        assert_eq!(text, text.trim());
        previous_end = paragraph.end;
    }
    assert_eq!(previous_end, doc.text.len());
    assert!(!doc.text.contains("\n\n\n"));
    if let Some(dateline) = &doc.dateline {
        assert_eq!(doc.text.get(dateline.start..dateline.end), Some(dateline.place.as_str()));
    }
}

#[test]
fn german_text_dump() {
    let text = format!(
        "Zum Inhalt springen\n\nNeue Regeln für Wärmepumpen\n\nVon Max Muster\n\nStand: 15.08.2025, 10:12 Uhr\n\nBerlin (dpa) - {DE_1}\n\nKritik aus der Opposition\n\n{DE_2}\n\nMehr zum Thema\n\nHeizungsgesetz im Überblick"
    );
    let out = extract(&text_record(&text)).expect("document");
    let doc = &out.document;
    assert_consistent(doc);
    assert_eq!(doc.title.as_deref(), Some("Neue Regeln für Wärmepumpen"));
    assert_eq!(doc.authors, ["Max Muster"]);
    let published = doc.published.as_ref().expect("date");
    assert_eq!(published.value, "2025-08-15");
    assert_eq!(published.evidence, "text-line:\"Stand: 15.08.2025, 10:12 Uhr\"");
    assert_eq!(doc.language.as_deref(), Some("de"));
    assert_eq!(doc.dateline.as_ref().map(|d| d.place.as_str()), Some("Berlin"));
    assert_eq!(doc.dateline.as_ref().map(|d| d.start), Some(0));
    assert_eq!(doc.kind, ContentKind::Text);
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.id, text_record(&text).doc_id());
    let kinds: Vec<ParagraphKind> = doc.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ParagraphKind::Paragraph, ParagraphKind::Heading, ParagraphKind::Paragraph]);
    assert!(!doc.text.contains("Mehr zum Thema") && !doc.text.contains("Zum Inhalt"));
}

#[test]
fn english_text_dump() {
    let text = format!("Skip to content\n\nBy Jane Doe\n\nPublished: August 15, 2025\n\nWASHINGTON (AP) — {EN_1}\n\n{EN_2}\n\nRead more");
    let out = extract(&text_record(&text)).expect("document");
    let doc = &out.document;
    assert_consistent(doc);
    assert_eq!(doc.authors, ["Jane Doe"]);
    assert_eq!(doc.published.as_ref().map(|p| p.value.as_str()), Some("2025-08-15"));
    assert_eq!(doc.language.as_deref(), Some("en"));
    assert_eq!(doc.dateline.as_ref().map(|d| d.place.as_str()), Some("WASHINGTON"));
    assert_eq!(doc.paragraphs.len(), 2);
}

#[test]
fn windows_1252_text_record() {
    let bytes = b"Die B\xfcrger in M\xfcnchen \xe4u\xdferten sich am Freitag \x84sehr zufrieden\x93 \xfcber die neue Stra\xdfenbahn \x96 die Stadt will das Netz weiter ausbauen.".to_vec();
    let record = RawRecord { bytes, ..text_record("") };
    let out = extract(&record).expect("document");
    assert!(out
        .document
        .text
        .contains("Bürger in München äußerten sich am Freitag „sehr zufrieden“ über die neue Straßenbahn –"));
    assert_eq!(out.document.encoding, "windows-1252");
    assert!(out.diagnostics.iter().any(|d| d.message.contains("guessed windows-1252")));
}

#[test]
fn container_hints_fill_gaps() {
    let mut record = text_record(&format!("{DE_1}\n\n{DE_2}"));
    record.source = "feeds/nachrichten.jsonl:7".into();
    record.hints = Hints {
        title: Some("  Wärmepumpen:  neue Regeln ".into()),
        date: Some("2025-08-14T18:00:00+02:00".into()),
        authors: vec!["Erika Beispiel".into(), "Erika Beispiel".into(), " ".into()],
        charset: None,
        outlet: Some("Beispielzeitung".into()),
    };
    let doc = extract(&record).expect("document").document;
    assert_eq!(doc.title.as_deref(), Some("Wärmepumpen: neue Regeln"));
    assert_eq!(doc.authors, ["Erika Beispiel"]);
    assert_eq!(doc.outlet.as_deref(), Some("Beispielzeitung"));
    let published = doc.published.expect("date");
    assert_eq!(published.value, "2025-08-14T18:00:00+02:00");
    assert_eq!(published.evidence, "jsonl:date");
}

#[test]
fn the_page_beats_the_container_and_the_container_beats_the_url() {
    let mut record = text_record(&format!("24. Februar 2025\n\n{DE_1}\n\n{DE_2}"));
    record.hints.date = Some("Fri, 15 Aug 2025 10:00:00 GMT".into());
    record.url = Some("https://example.de/2025/01/02/artikel".into());
    let doc = extract(&record).expect("document").document;
    assert_eq!(doc.published.map(|p| p.value).as_deref(), Some("2025-02-24"));

    let mut record = text_record(&format!("{DE_1}\n\n{DE_2}"));
    record.source = "feed.xml#3".into();
    record.hints.date = Some("Fri, 15 Aug 2025 10:00:00 GMT".into());
    record.url = Some("https://example.de/2025/01/02/artikel".into());
    let published = extract(&record).expect("document").document.published.expect("date");
    assert_eq!(
        (published.value.as_str(), published.evidence.as_str()),
        ("2025-08-15T10:00:00Z", "feed:date")
    );

    record.hints.date = Some("kein Datum".into());
    let published = extract(&record).expect("document").document.published.expect("date");
    assert_eq!((published.value.as_str(), published.evidence.as_str()), ("2025-01-02", "url:2025/01/02"));
    assert_eq!(extract(&record).expect("document").document.url.as_deref(), record.url.as_deref());
}

#[test]
fn a_container_title_beats_a_guessed_one_for_text() {
    let mut record = text_record(&format!("Neue Regeln für Wärmepumpen\n\n{DE_1}\n\n{DE_2}"));
    record.hints.title = Some("Heizungsgesetz: Das ändert sich".into());
    let doc = extract(&record).expect("document").document;
    assert_eq!(doc.title.as_deref(), Some("Heizungsgesetz: Das ändert sich"));
    assert!(!doc.text.contains("Neue Regeln für Wärmepumpen"), "the guessed title is not body text either");
}

#[test]
fn empty_inputs_are_errors() {
    for bytes in [
        &b""[..],
        b"   \n\n\t  ",
        b"\0\0\0",
        b"\xef\xbb\xbf",
        b"Zum Inhalt springen\nStartseite\nMen\xc3\xbc",
    ] {
        let record = RawRecord { bytes: bytes.to_vec(), ..text_record("") };
        let error = extract(&record).expect_err("no document");
        assert_eq!(error.severity, Severity::Error);
        assert_eq!(error.source, "test.txt");
        assert!(error.message.contains("no article text found"), "{}", error.message);
    }
    let error = extract(&html_record("<html><head><script>var x;</script></head><body></body></html>"))
        .expect_err("no document");
    assert!(error.message.contains("no article text found"));
}

#[test]
fn one_megabyte_single_line() {
    let line = format!("{DE_1} ").repeat(1_000_000 / DE_1.len());
    let started = Instant::now();
    let out = extract(&text_record(&line)).expect("document");
    eprintln!("1 MB single line: {:?}", started.elapsed());
    assert_eq!(out.document.paragraphs.len(), 1);
    assert_eq!(out.document.text, line.trim());
    assert_eq!(out.document.language.as_deref(), Some("de"));
}

#[test]
fn html_page() {
    let html = format!(
        "<html lang=\"de\"><head><meta charset=\"iso-8859-1\"><title>Neue Regeln f\u{fc}r W\u{e4}rmepumpen</title></head>\
         <body><article><h1>Neue Regeln</h1><p>{DE_1}</p><p>{DE_2}</p></article></body></html>"
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&html);
    let record = RawRecord { bytes: bytes.into_owned(), ..html_record("") };
    let out = extract(&record).expect("document");
    let doc = &out.document;
    assert_consistent(doc);
    assert_eq!(doc.encoding, "windows-1252");
    assert_eq!(doc.kind, ContentKind::Html);
    assert!(doc.text.contains("Förderung von Wärmepumpen"), "{}", doc.text);
    assert_eq!(doc.language.as_deref(), Some("de"));
}

#[test]
fn html_without_main_content_falls_back_to_visible_text() {
    let html = format!("<html><body><span>{DE_1}</span> <span>{DE_2}</span></body></html>");
    let out = extract(&html_record(&html)).expect("document");
    assert!(out.document.text.contains("Förderung von Wärmepumpen"), "{}", out.document.text);
    assert_consistent(&out.document);
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut seed: u32 = 0x2545_f491;
    for length in [1usize, 2, 7, 64, 513, 4096] {
        for _ in 0..20 {
            let bytes: Vec<u8> = (0..length)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed >> 24) as u8
                })
                .collect();
            for kind in [ContentKind::Text, ContentKind::Html] {
                let record = RawRecord { bytes: bytes.clone(), kind, ..text_record("") };
                if let Ok(out) = extract(&record) {
                    assert_consistent(&out.document);
                }
            }
        }
    }
}

#[test]
fn mostly_boilerplate_is_reported() {
    let captions = "Foto: Erika Beispiel/Max Muster/dpa\n\n".repeat(30);
    let text = format!("{DE_1}\n\n{captions}{DE_2}");
    let out = extract(&text_record(&text)).expect("document");
    assert!(out.diagnostics.iter().any(|d| d.message.contains("boilerplate")), "{:?}", out.diagnostics);

    let clean = extract(&text_record(&format!("{DE_1}\n\n{DE_2}"))).expect("document");
    assert!(!clean.diagnostics.iter().any(|d| d.message.contains("boilerplate")));
}
