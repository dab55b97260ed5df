//! Entity mentions for a reader: `wirewatch show DOC --entities` marks them
//! in the text and lists them, alone or with `--time`; the export of a store
//! carries them in document order, then text order, in both layouts.
//! Mentions are made by hand here, so these tests do not depend on the tagger.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use wirewatch::show::{render_entities, render_time, render_views, Marking, Views};
use wirewatch::{ingest, IngestConfig};
use wirewatch_ingest::Input;
use wirewatch_model::{
    ContentKind, DocId, Document, Layers, Mention, MentionForm, MentionType, ParagraphKind, Published,
    Sentence, TextBuilder, Timex, TimexType,
};
use wirewatch_store::Store;

/// A mention over the first occurrence of `needle` in `text`.
fn mention(text: &str, needle: &str, kind: MentionType, confidence: f32) -> Mention {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    Mention {
        start,
        end: start + needle.len(),
        text: needle.into(),
        kind,
        form: None,
        confidence,
        role_of: None,
    }
}

/// A time expression over the first occurrence of `needle` in `text`.
fn timex(text: &str, needle: &str, value: &str) -> Timex {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    Timex {
        start,
        end: start + needle.len(),
        text: needle.into(),
        kind: TimexType::Date,
        value: value.into(),
        modifier: None,
        earliest: Some(value.into()),
        latest: Some(value.into()),
        anchor: Some("dct".into()),
    }
}

/// Umlauts before every mention, so byte and char offsets differ; a role
/// linked to its person, a derived name, a part name; a date that is also
/// the start of an event name ("Ostern").
fn document() -> Document {
    let mut builder = TextBuilder::new();
    builder.push(ParagraphKind::Heading, "Gipfel in Alaska");
    builder.push(
        ParagraphKind::Paragraph,
        "Über Zölle sprach Kremlchef Wladimir Putin am Freitag mit US-Präsident Donald Trump.",
    );
    builder
        .push(ParagraphKind::Paragraph, "Der Trump-Putin-Deal soll bis Ostern die russische Seite binden.");
    let (text, paragraphs) = builder.finish();
    let mentions = vec![
        mention(&text, "Alaska", MentionType::Loc, 0.991),
        Mention { role_of: Some(2), ..mention(&text, "Kremlchef", MentionType::Role, 0.93) },
        mention(&text, "Wladimir Putin", MentionType::Per, 0.987_6),
        Mention { role_of: Some(4), ..mention(&text, "US-Präsident", MentionType::Role, 0.8) },
        mention(&text, "Donald Trump", MentionType::Per, 0.999),
        Mention {
            form: Some(MentionForm::Part),
            ..mention(&text, "Trump-Putin-Deal", MentionType::Per, 0.61)
        },
        mention(&text, "Ostern", MentionType::Oth, 0.5),
        Mention { form: Some(MentionForm::Deriv), ..mention(&text, "russische", MentionType::Loc, 0.77) },
    ];
    let timexes = vec![timex(&text, "am Freitag", "2025-08-15"), timex(&text, "bis Ostern", "2026-04-05")];
    Document {
        id: DocId("0123456789abcdef".into()),
        source: "t.txt".into(),
        url: None,
        title: Some("Gipfel".into()),
        authors: vec![],
        outlet: None,
        language: Some("de".into()),
        published: Some(Published { value: "2025-08-15".into(), evidence: "jsonl:date".into() }),
        dateline: None,
        layers: Layers {
            sentences: paragraphs.iter().map(|p| Sentence { start: p.start, end: p.end }).collect(),
            timexes,
            published_window: None,
            mentions,
            quotes: vec![],
        },
        text,
        paragraphs,
        encoding: "UTF-8".into(),
        kind: ContentKind::Text,
    }
}

#[test]
fn plain_marks_each_mention_with_its_type_form_and_person() {
    let shown = render_entities(&document(), Marking::Plain);
    assert!(shown.contains("## Gipfel in [[Alaska]]{LOC}\n"), "{shown}");
    assert!(
        shown.contains(
            "Über Zölle sprach [[Kremlchef]]{ROLE → Wladimir Putin} [[Wladimir Putin]]{PER} am Freitag mit \
             [[US-Präsident]]{ROLE → Donald Trump} [[Donald Trump]]{PER}.\n"
        ),
        "{shown}"
    );
    assert!(
        shown.contains(
            "Der [[Trump-Putin-Deal]]{PER-part} soll bis [[Ostern]]{OTH} die [[russische]]{LOC-deriv} Seite binden.\n"
        ),
        "{shown}"
    );
    assert!(!shown.contains('\x1b'), "no escape codes in plain output");
    assert!(!shown.contains("2025-08-15}"), "time expressions are not marked by --entities: {shown}");
    assert!(shown.contains("published  2025-08-15 (jsonl:date)"), "{shown}");
    assert!(!shown.contains("time expressions:"), "{shown}");
}

#[test]
fn the_list_gives_type_form_confidence_text_byte_span_and_person() {
    let doc = document();
    let shown = render_entities(&doc, Marking::Plain);
    let rows = common::table(&shown, "entity mentions: 8");
    assert_eq!(rows.len(), 9, "a header and one row per mention: {shown}");
    assert_eq!(
        rows[0].split_whitespace().collect::<Vec<_>>(),
        ["#", "type", "form", "conf", "text", "bytes", "role", "of"]
    );
    let role = &doc.layers.mentions[1];
    let cells: Vec<&str> = rows[2].split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "1",
            "ROLE",
            "-",
            "0.930",
            "Kremlchef",
            &format!("{}–{}", role.start, role.end),
            "→",
            "#2",
            "Wladimir",
            "Putin"
        ]
    );
    // Byte offsets, not char offsets: "Über Zölle" comes first.
    assert!(doc.text[..role.start].chars().count() < role.start);
    assert!(rows[6].contains("PER") && rows[6].contains("part") && rows[6].contains("0.610"), "{}", rows[6]);
    assert!(rows[8].contains("deriv") && rows[8].contains("russische"), "{}", rows[8]);
    assert!(rows[3].contains("0.988"), "confidence with 3 decimals: {}", rows[3]);
    // Columns align: every row's text starts where the header's does.
    let text_column = rows[0].find("text").unwrap();
    for row in &rows[1..] {
        let cell_start = row.char_indices().nth(text_column).map(|(at, _)| at).unwrap();
        assert!(!row[cell_start..].starts_with(' ') && row[..cell_start].ends_with(' '), "{row}");
    }
}

#[test]
fn ansi_colours_by_type_and_never_passes_control_characters_through() {
    let mut doc = document();
    // Escape sequences smuggled into the text and into a stored mention text
    // (shown as the role's person) must not reach the terminal.
    doc.text = doc.text.replacen("Über", "\x1b[2J!", 1);
    doc.layers.mentions[2].text = "Wladimir\x1b]0;owned\x07 Putin".into();
    let shown = render_entities(&doc, Marking::Ansi);
    assert!(shown.contains("\x1b[1;33mDonald Trump\x1b[0m\x1b[2m{PER}\x1b[0m"), "{shown:?}");
    assert!(shown.contains("\x1b[1;32mAlaska\x1b[0m\x1b[2m{LOC}\x1b[0m"), "{shown:?}");
    assert!(shown.contains("\x1b[1;34mOstern\x1b[0m\x1b[2m{OTH}\x1b[0m"), "{shown:?}");
    assert!(
        shown.contains("\x1b[1;31mKremlchef\x1b[0m\x1b[2m{ROLE → Wladimir ]0;owned Putin}\x1b[0m"),
        "{shown:?}"
    );
    assert!(!shown.contains("\x1b[2J") && !shown.contains("\x1b]0") && !shown.contains('\x07'), "{shown:?}");
}

#[test]
fn both_views_list_both_and_mentions_win_the_text_where_they_overlap() {
    let doc = document();
    let both = render_views(&doc, Views { time: true, entities: true, quotes: false }, Marking::Plain);
    // "am Freitag" overlaps no mention: marked with its value.
    assert!(both.contains("[[Wladimir Putin]]{PER} [[am Freitag]]{2025-08-15} mit"), "{both}");
    // "bis Ostern" overlaps the event name "Ostern": the mention is marked, the timex only listed.
    assert!(both.contains("soll bis [[Ostern]]{OTH} die"), "{both}");
    assert!(!both.contains("{2026-04-05}"), "{both}");
    let time_at = both.find("time expressions: 2").expect("the time table");
    let entities_at = both.find("entity mentions: 8").expect("the mention table");
    assert!(time_at < entities_at, "time first, then entities: {both}");
    assert!(
        common::table(&both, "time expressions: 2").iter().any(|row| row.contains("bis Ostern")),
        "{both}"
    );
    // Each view alone is the same document with the other layer left out.
    assert_eq!(
        render_views(&doc, Views { time: true, entities: false, quotes: false }, Marking::Plain),
        render_time(&doc, Marking::Plain)
    );
    assert!(render_time(&doc, Marking::Plain).contains("[[bis Ostern]]{2026-04-05}"));
    // Neither: the text without marks and no tables.
    let neither = render_views(&doc, Views::default(), Marking::Plain);
    assert!(
        !neither.contains("[[")
            && !neither.contains("entity mentions")
            && !neither.contains("time expressions")
    );
}

#[test]
fn bad_spans_and_links_are_listed_but_not_marked_and_never_panic() {
    let mut doc = document();
    let text_len = doc.text.len();
    let umlaut = doc.text.find('ö').unwrap();
    let base = doc.layers.mentions[2].clone();
    let overlapping = Mention { start: base.start + 3, ..base.clone() };
    let inside_a_char = Mention { start: umlaut + 1, end: umlaut + 3, ..base.clone() };
    let past_the_end = Mention { start: text_len + 5, end: text_len + 9, ..base.clone() };
    let backwards = Mention { start: base.end, end: base.start, ..base.clone() };
    let dangling = Mention { role_of: Some(usize::MAX), kind: MentionType::Role, ..past_the_end.clone() };
    let odd_confidence = Mention { confidence: f32::NAN, ..past_the_end.clone() };
    doc.layers.mentions.extend([
        overlapping,
        inside_a_char,
        past_the_end,
        backwards,
        dangling,
        odd_confidence,
    ]);
    for marking in [Marking::Plain, Marking::Ansi] {
        let shown = render_entities(&doc, marking);
        assert!(shown.contains("entity mentions: 14"), "{shown}");
        assert!(shown.contains(&format!("→ #{} (no such mention)", usize::MAX)), "{shown}");
    }
    let shown = render_entities(&doc, Marking::Plain);
    assert_eq!(shown.matches("[[").count(), 8, "only the good mentions are marked: {shown}");
    // The timex view is not disturbed by them either.
    let both = render_views(&doc, Views { time: true, entities: true, quotes: false }, Marking::Plain);
    assert!(both.contains("[[am Freitag]]{2025-08-15}"), "{both}");
    // But a timex under a (valid) overlapping mention yields to it.
    let mut doc = document();
    let friday = doc.layers.timexes[0].clone();
    doc.layers.mentions.push(Mention {
        start: friday.start + 3,
        end: friday.end,
        ..doc.layers.mentions[6].clone()
    });
    let both = render_views(&doc, Views { time: true, entities: true, quotes: false }, Marking::Plain);
    assert!(both.contains("am [[Freitag]]{OTH}") && !both.contains("{2025-08-15}"), "{both}");
}

#[test]
fn unanalysed_and_mentionless_documents_say_so() {
    let mut doc = document();
    doc.layers = Layers::default();
    assert!(render_entities(&doc, Marking::Plain).contains("run `wirewatch reprocess`"));
    doc.layers.sentences.push(Sentence { start: 0, end: 3 });
    let shown = render_entities(&doc, Marking::Plain);
    assert!(shown.contains("no entity mentions found"), "{shown}");
    let both = render_views(&doc, Views { time: true, entities: true, quotes: false }, Marking::Plain);
    assert!(
        both.contains("no time expressions found") && both.contains("no entity mentions found"),
        "{both}"
    );
    // No paragraphs: the whole text is shown as one.
    let mut bare = document();
    bare.paragraphs.clear();
    assert!(render_entities(&bare, Marking::Plain).contains("[[Donald Trump]]{PER}"));
    // An empty text with no layers is not "unanalysed": there was nothing to analyse.
    let empty = Document { text: String::new(), paragraphs: vec![], layers: Layers::default(), ..document() };
    assert!(render_entities(&empty, Marking::Plain).contains("no entity mentions found"));
}

// --- Through the store: the CLI and the export -------------------------------

/// An invented, dated German article.
const ARTICLE: &str = concat!(
    r#"{"title":"Gipfel in Anchorage","date":"2025-08-15","#,
    r#""text":"Anchorage - Kremlchef Wladimir Putin traf am Freitag US-Präsident Donald Trump. "#,
    r#"Die Gespräche über die Ukraine wurden vertagt, hieß es aus dem Außenministerium."}"#,
    "\n",
    r#"{"title":"Kiew wartet","date":"2025-08-16","text":"Kiew - Präsident Selenskyj wartet auf Nachricht aus Moskau."}"#,
    "\n"
);

/// A store with the article, its mentions replaced by hand-made ones (the
/// tagger's output may change; these tests are about showing and exporting).
fn store_with_mentions(dir: &Path) -> (PathBuf, Document) {
    std::fs::write(dir.join("article.jsonl"), ARTICLE).unwrap();
    let db = dir.join("wirewatch.db");
    let summary =
        ingest(&db, &[Input::Path(dir.join("article.jsonl"))], &IngestConfig::default(), &|_| {}).unwrap();
    assert!(summary.all_ok(), "{:?}", summary.failures);
    let mut store = Store::open(&db).unwrap();
    let mut document =
        store.documents().unwrap().into_iter().find(|d| d.text.contains("Kremlchef")).expect("the article");
    let text = document.text.clone();
    document.layers.mentions = vec![
        mention(&text, "Anchorage", MentionType::Loc, 0.95),
        Mention { role_of: Some(2), ..mention(&text, "Kremlchef", MentionType::Role, 0.9) },
        mention(&text, "Wladimir Putin", MentionType::Per, 0.99),
        mention(&text, "Donald Trump", MentionType::Per, 0.98),
        mention(&text, "Ukraine", MentionType::Loc, 0.97),
        mention(&text, "Außenministerium", MentionType::Org, 0.612_345),
    ];
    store.replace_document(&document).unwrap();
    (db, document)
}

fn wirewatch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .current_dir(dir)
        .args(args)
        .env_remove("WIREWATCH_DB")
        .env_remove("NO_COLOR")
        .output()
        .expect("the wirewatch binary runs")
}

#[test]
fn show_entities_marks_and_lists_the_stored_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let (_, document) = store_with_mentions(dir.path());
    let prefix = &document.id.as_str()[..6];
    let show = wirewatch(dir.path(), &["show", prefix, "--entities"]);
    assert!(show.status.success(), "{}", String::from_utf8_lossy(&show.stderr));
    let shown = String::from_utf8(show.stdout).unwrap();
    assert!(!shown.contains('\x1b'), "a pipe gets plain marks: {shown}");
    assert!(shown.contains("[[Kremlchef]]{ROLE → Wladimir Putin} [[Wladimir Putin]]{PER}"), "{shown}");
    assert!(shown.contains("[[Außenministerium]]{ORG}"), "{shown}");
    assert!(shown.contains("entity mentions: 6"), "{shown}");
    assert!(!shown.contains("time expressions:"), "{shown}");

    let both = wirewatch(dir.path(), &["show", prefix, "--time", "--entities"]);
    assert!(both.status.success(), "{}", String::from_utf8_lossy(&both.stderr));
    let both = String::from_utf8(both.stdout).unwrap();
    assert!(both.contains("]]{2025-08-15}"), "{both}");
    assert!(both.contains("time expressions: ") && both.contains("entity mentions: 6"), "{both}");

    let help = String::from_utf8(wirewatch(dir.path(), &["show", "--help"]).stdout).unwrap();
    assert!(help.contains("--entities") && help.contains("ROLE"), "{help}");
}

#[test]
fn the_export_carries_mentions_in_both_layouts_like_the_one_pass_writers() {
    let dir = tempfile::tempdir().unwrap();
    let (db, stored) = store_with_mentions(dir.path());
    // The other document's mentions out of text order in the store: the export sorts them.
    let mut store = Store::open(&db).unwrap();
    let mut other = store.documents().unwrap().into_iter().find(|d| d.id != stored.id).unwrap();
    let text = other.text.clone();
    other.layers.mentions = vec![
        mention(&text, "Moskau", MentionType::Loc, 0.9),
        mention(&text, "Selenskyj", MentionType::Per, 0.9),
        Mention { role_of: Some(1), ..mention(&text, "Präsident", MentionType::Role, 0.9) },
        mention(&text, "Kiew", MentionType::Loc, 0.9),
    ];
    store.replace_document(&other).unwrap();
    let documents = store.documents().unwrap();
    assert_eq!(documents.len(), 2);

    let (passes, lines) = common::export_in_passes_matches_one_pass_writers(&store, &documents);

    let value: Value = serde_json::from_slice(&passes).unwrap();
    let mentions = value["mentions"].as_array().unwrap();
    assert_eq!(mentions.len(), 10);
    common::assert_document_then_text_order(mentions);
    for exported in mentions {
        let stored = documents.iter().find(|d| d.id.as_str() == exported["doc"]).unwrap();
        let (start, end) =
            (exported["start"].as_u64().unwrap() as usize, exported["end"].as_u64().unwrap() as usize);
        assert_eq!(stored.text.get(start..end), exported["text"].as_str());
    }
    for (document, person) in [(&stored, "Wladimir Putin"), (&other, "Selenskyj")] {
        let role = mentions.iter().find(|m| m["doc"] == document.id.as_str() && m["kind"] == "ROLE").unwrap();
        let link = &role["role_of"];
        let (start, end) = (link["start"].as_u64().unwrap() as usize, link["end"].as_u64().unwrap() as usize);
        assert_eq!(document.text.get(start..end), Some(person));
    }
    let ministry = mentions.iter().find(|m| m["text"] == "Außenministerium").unwrap();
    assert_eq!(ministry["confidence"], serde_json::json!(0.612));
    // In JSONL, the mention lines sit between the documents and the timexes
    // (which the quotes, if the engine found any, follow).
    let kinds: Vec<String> = String::from_utf8(lines)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["type"].as_str().unwrap().to_string())
        .collect();
    let first_mention = kinds.iter().position(|k| k == "mention").unwrap();
    let last_mention = kinds.iter().rposition(|k| k == "mention").unwrap();
    assert!(kinds[..first_mention].iter().all(|k| k == "header" || k == "document"), "{kinds:?}");
    assert!(kinds[last_mention + 1..].iter().all(|k| k == "timex" || k == "quote"), "{kinds:?}");
    assert_eq!(last_mention - first_mention + 1, 10);
}

#[test]
fn arbitrary_offsets_links_and_confidences_never_panic() {
    // A fixed-seed generator: spans anywhere (inside characters, reversed,
    // past the end), links anywhere, any float.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound.max(1)
    };
    let kinds = [MentionType::Per, MentionType::Loc, MentionType::Org, MentionType::Oth, MentionType::Role];
    let floats = [0.5, f32::NAN, f32::INFINITY, -1.0, 1e-9, 0.999_5];
    for _ in 0..200 {
        let mut doc = document();
        let limit = doc.text.len() + 8;
        let count = next(12);
        doc.layers.mentions = (0..count)
            .map(|_| Mention {
                start: next(limit),
                end: next(limit),
                text: "Ä\u{1b}x".into(),
                kind: kinds[next(kinds.len())],
                form: [None, Some(MentionForm::Deriv), Some(MentionForm::Part)][next(3)],
                confidence: floats[next(floats.len())],
                role_of: [None, Some(next(count + 2)), Some(usize::MAX)][next(3)],
            })
            .collect();
        for views in [
            Views { time: true, entities: true, quotes: false },
            Views { time: false, entities: true, quotes: false },
            Views { time: true, entities: false, quotes: false },
        ] {
            for marking in [Marking::Plain, Marking::Ansi] {
                let shown = render_views(&doc, views, marking);
                if marking == Marking::Ansi {
                    assert!(!shown.contains("\u{1b}x"), "{shown:?}");
                }
            }
        }
        let export = wirewatch_export::Export::from_documents([&doc]);
        assert_eq!(export.mentions.len(), count);
        assert!(export.mentions.iter().all(|m| (0.0..=1.0).contains(&m.confidence)));
        let mut json = Vec::new();
        wirewatch_export::write_json(&export, &mut json).unwrap();
        assert_eq!(wirewatch_export::read_json(&json[..]).unwrap(), export);
    }
}
