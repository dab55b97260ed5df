//! Quotes for a reader: `wirewatch show DOC --quotes` marks them in the text
//! (nesting names and dates inside) and lists them; `wirewatch quotes` lists
//! them across the store, by speaker (resolved through roles and pronouns,
//! case- and diacritic-insensitive) and kind, as a table or as JSON lines;
//! the export carries them after the time expressions in both layouts.
//! Quotes and mentions are made by hand here, so these tests do not depend
//! on the quote engine or the tagger.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use wirewatch::show::{render_entities, render_quotes, render_views, Marking, Views};
use wirewatch::{export, ingest, quotes, speaker_matches, ExportLayout, IngestConfig};
use wirewatch_export::QuoteV1;
use wirewatch_ingest::Input;
use wirewatch_model::{
    ContentKind, DocId, Document, Layers, Mention, MentionType, ParagraphKind, Published, Quote, QuoteKind,
    Sentence, Speaker, TextBuilder, TextRange, Timex, TimexType,
};
use wirewatch_store::Store;

/// The range of the first `len` bytes of the first occurrence of `needle`.
fn range_of(text: &str, needle: &str, len: usize) -> TextRange {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    TextRange { start, end: start + len }
}

/// The range of the first occurrence of `needle`.
fn range(text: &str, needle: &str) -> TextRange {
    range_of(text, needle, needle.len())
}

fn mention(text: &str, range: TextRange, kind: MentionType) -> Mention {
    Mention {
        start: range.start,
        end: range.end,
        text: text[range.start..range.end].into(),
        kind,
        form: None,
        confidence: 0.9,
        role_of: None,
    }
}

fn speaker(text: &str, range: TextRange, mention: Option<usize>) -> Option<Speaker> {
    Some(Speaker { start: range.start, end: range.end, text: text[range.start..range.end].into(), mention })
}

/// A quote of the given parts; its text is the parts joined by " … ".
fn quote(
    text: &str,
    kind: QuoteKind,
    parts: Vec<TextRange>,
    cue: Option<&str>,
    speaker: Option<Speaker>,
) -> Quote {
    Quote {
        start: parts.first().map_or(0, |p| p.start),
        end: parts.last().map_or(0, |p| p.end),
        text: parts.iter().map(|p| &text[p.start..p.end]).collect::<Vec<_>>().join(" … "),
        kind,
        parts,
        cue: cue.map(|cue| range(text, cue)),
        speaker,
    }
}

/// The mentions of the article text used below: a role linked to its
/// person, and the names the quotes are attributed to.
fn mentions_of(text: &str) -> Vec<Mention> {
    vec![
        mention(text, range(text, "Alaska"), MentionType::Loc),
        mention(text, range(text, "Trump"), MentionType::Per),
        mention(text, range(text, "Selenskyj"), MentionType::Per),
        Mention { role_of: Some(4), ..mention(text, range(text, "Kremlchef"), MentionType::Role) },
        mention(text, range(text, "Wladimir Putin"), MentionType::Per),
        mention(text, range_of(text, "Kreml läuft", 5), MentionType::Org),
    ]
}

/// The quotes of the article text: a direct quote split by its attribution,
/// reported speech by a role linked to a person, an attribution with a term
/// inside, and a quote by a pronoun running over two paragraphs.
fn quotes_of(text: &str) -> Vec<Quote> {
    vec![
        quote(
            text,
            QuoteKind::Direct,
            vec![
                range(text, "Das zweite Treffen wird sehr, sehr wichtig sein"),
                range(text, "Wir reden am Freitag mit Selenskyj."),
            ],
            Some("sagte"),
            speaker(text, range(text, "Trump"), Some(1)),
        ),
        quote(
            text,
            QuoteKind::Indirect,
            vec![range(text, "eine Waffenruhe sei notwendig")],
            Some("erklärte"),
            speaker(text, range(text, "Kremlchef"), Some(3)),
        ),
        quote(
            text,
            QuoteKind::Attribution,
            vec![range(text, "läuft alles „produktiver“")],
            Some("Laut"),
            speaker(text, range_of(text, "Kreml läuft", 5), Some(5)),
        ),
        quote(text, QuoteKind::Term, vec![range(text, "produktiver")], None, None),
        quote(
            text,
            QuoteKind::Direct,
            vec![TextRange {
                start: range(text, "Wir sind bereit.").start,
                end: range(text, "Wir kommen wieder.").end,
            }],
            Some("betonte"),
            speaker(text, range_of(text, "Er betonte", 2), Some(4)),
        ),
    ]
}

/// A German article in five paragraphs, umlauts and „“ before every quote
/// so byte and char offsets differ.
fn document() -> Document {
    let mut builder = TextBuilder::new();
    builder.push(ParagraphKind::Heading, "Gipfel in Alaska");
    builder.push(
        ParagraphKind::Paragraph,
        "„Das zweite Treffen wird sehr, sehr wichtig sein“, sagte Trump. „Wir reden am Freitag mit Selenskyj.“",
    );
    builder.push(
        ParagraphKind::Paragraph,
        "Kremlchef Wladimir Putin erklärte, eine Waffenruhe sei notwendig. Laut Kreml läuft alles „produktiver“.",
    );
    builder.push(ParagraphKind::Paragraph, "Er betonte: „Wir sind bereit.");
    builder.push(ParagraphKind::Paragraph, "Wir kommen wieder.“");
    let (text, paragraphs) = builder.finish();
    let friday = range(&text, "am Freitag");
    let timex = Timex {
        start: friday.start,
        end: friday.end,
        text: "am Freitag".into(),
        kind: TimexType::Date,
        value: "2025-08-15".into(),
        modifier: None,
        earliest: Some("2025-08-15".into()),
        latest: Some("2025-08-15".into()),
        anchor: Some("dct".into()),
    };
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
            timexes: vec![timex],
            published_window: None,
            mentions: mentions_of(&text),
            quotes: quotes_of(&text),
        },
        text,
        paragraphs,
        encoding: "UTF-8".into(),
        kind: ContentKind::Text,
    }
}

#[test]
fn plain_marks_each_quote_part_with_kind_and_speaker() {
    let shown = render_quotes(&document(), Marking::Plain);
    assert!(
        shown.contains(
            "„[[Das zweite Treffen wird sehr, sehr wichtig sein]]{direct 1/2 ← Trump}“, sagte Trump. \
             „[[Wir reden am Freitag mit Selenskyj.]]{direct 2/2 ← Trump}“\n"
        ),
        "{shown}"
    );
    // A role resolves to its person; a term nests inside the attribution around it.
    assert!(
        shown.contains(
            "Kremlchef Wladimir Putin erklärte, [[eine Waffenruhe sei notwendig]]{indirect ← Kremlchef \
             (Wladimir Putin)}. Laut Kreml [[läuft alles „[[produktiver]]{term}“]]{attribution ← Kreml}.\n"
        ),
        "{shown}"
    );
    // A quote over two paragraphs is marked in each; a pronoun shows its person.
    assert!(shown.contains("Er betonte: „[[Wir sind bereit.]]{direct ← Er (Wladimir Putin)}\n"), "{shown}");
    assert!(shown.contains("\n[[Wir kommen wieder.]]{direct ← Er (Wladimir Putin)}“\n"), "{shown}");
    assert!(shown.contains("## Gipfel in Alaska\n"), "{shown}");
    // A role without its person resolves to itself: nothing to add in parentheses.
    let mut unlinked = document();
    unlinked.layers.mentions[3].role_of = None;
    unlinked.layers.quotes[1].speaker.as_mut().unwrap().text = "der Kremlchef".into();
    let shown_unlinked = render_quotes(&unlinked, Marking::Plain);
    assert!(shown_unlinked.contains("]]{indirect ← der Kremlchef}."), "{shown_unlinked}");
    assert!(!shown.contains('\x1b'), "no escape codes in plain output");
    assert!(!shown.contains("{PER}") && !shown.contains("{2025-08-15}"), "only quotes are marked: {shown}");
    assert!(!shown.contains("entity mentions:") && !shown.contains("time expressions:"), "{shown}");
}

#[test]
fn names_and_dates_nest_inside_the_quote_that_holds_them() {
    let all = Views { time: true, entities: true, quotes: true };
    let shown = render_views(&document(), all, Marking::Plain);
    assert!(
        shown.contains(
            "„[[Wir reden [[am Freitag]]{2025-08-15} mit [[Selenskyj]]{PER}.]]{direct 2/2 ← Trump}“\n"
        ),
        "{shown}"
    );
    assert!(shown.contains("sagte [[Trump]]{PER}."), "{shown}");
    assert!(
        shown.contains(
            "[[Kremlchef]]{ROLE → Wladimir Putin} [[Wladimir Putin]]{PER} erklärte, [[eine Waffenruhe sei \
             notwendig]]{indirect ← Kremlchef (Wladimir Putin)}. Laut [[Kreml]]{ORG} [[läuft alles \
             „[[produktiver]]{term}“]]{attribution ← Kreml}.\n"
        ),
        "{shown}"
    );
    // Tables in a fixed order: time, entities, quotes.
    let time_at = shown.find("time expressions: 1").expect("time table");
    let entities_at = shown.find("entity mentions: 6").expect("mention table");
    let quotes_at = shown.find("quotes: 5").expect("quote table");
    assert!(time_at < entities_at && entities_at < quotes_at, "{shown}");
    // Without quotes, the other views are as they were.
    let doc = document();
    assert_eq!(
        render_views(&doc, Views { entities: true, ..Views::default() }, Marking::Plain),
        render_entities(&doc, Marking::Plain)
    );
    assert!(!render_entities(&doc, Marking::Plain).contains("direct"));
}

#[test]
fn the_list_gives_kind_speaker_cue_byte_span_and_text() {
    let doc = document();
    let shown = render_quotes(&doc, Marking::Plain);
    let rows = common::table(&shown, "quotes: 5");
    assert_eq!(rows.len(), 6, "a header and one row per quote: {shown}");
    assert_eq!(
        rows[0].split_whitespace().collect::<Vec<_>>(),
        ["#", "kind", "speaker", "cue", "bytes", "text"]
    );
    let first = &doc.layers.quotes[0];
    assert!(rows[1].starts_with("0  direct"), "{}", rows[1]);
    assert!(rows[1].contains(" Trump "), "{}", rows[1]);
    assert!(rows[1].contains(" sagte "), "{}", rows[1]);
    assert!(rows[1].contains(&format!("{}–{} (2 parts)", first.start, first.end)), "{}", rows[1]);
    // 85 characters: cut to 80 in the list.
    assert!(
        rows[1].ends_with("Das zweite Treffen wird sehr, sehr wichtig sein … Wir reden am Freitag mit Sele…"),
        "{}",
        rows[1]
    );
    assert!(rows[2].contains("Kremlchef (Wladimir Putin)") && rows[2].contains("erklärte"), "{}", rows[2]);
    let term: Vec<&str> = rows[4].split_whitespace().collect();
    let produktiver = range(&doc.text, "produktiver");
    assert_eq!(
        term,
        ["3", "term", "-", "-", &format!("{}–{}", produktiver.start, produktiver.end), "produktiver"]
    );
    // A quote over two paragraphs is listed on one line.
    assert!(rows[5].ends_with("Wir sind bereit. Wir kommen wieder."), "{}", rows[5]);
    // Byte offsets, not char offsets: „ and ä come first.
    assert!(doc.text[..first.start].chars().count() < first.start);
    // Columns align: every row's text starts where the header's does.
    let text_column = rows[0].find("text").unwrap();
    for row in &rows[1..] {
        let cell_start = row.char_indices().nth(text_column).map(|(at, _)| at).unwrap();
        assert!(!row[cell_start..].starts_with(' ') && row[..cell_start].ends_with(' '), "{row}");
    }
}

#[test]
fn long_quotes_are_shortened_in_the_list_but_whole_in_the_text() {
    let mut doc = document();
    let long = "Wir reden und reden ".repeat(10);
    doc.text.push_str(&format!("\n\n„{long}“"));
    let start = doc.text.find(long.as_str()).unwrap();
    doc.paragraphs.push(wirewatch_model::Paragraph {
        start: start - "„".len(),
        end: doc.text.len(),
        kind: ParagraphKind::Paragraph,
    });
    doc.layers.quotes.push(Quote {
        start,
        end: start + long.len(),
        text: long.clone(),
        kind: QuoteKind::Direct,
        parts: vec![TextRange { start, end: start + long.len() }],
        cue: None,
        speaker: None,
    });
    let shown = render_quotes(&doc, Marking::Plain);
    assert!(shown.contains(&format!("„[[{long}]]{{direct}}“")), "{shown}");
    let row = common::table(&shown, "quotes: 6")[6];
    assert!(row.ends_with('…') && !row.contains(long.trim()), "{row}");
}

#[test]
fn ansi_nests_styles_and_never_passes_control_characters_through() {
    let mut doc = document();
    // Escape sequences smuggled into the text (same byte length as "Alaska")
    // and into a stored speaker and quote text must not reach the terminal.
    doc.text = doc.text.replacen("Alaska", "\x1b[2J!!", 1);
    doc.layers.quotes[1].speaker.as_mut().unwrap().text = "Krem\x1b]0;owned\x07lchef".into();
    doc.layers.quotes[3].text = "produk\x1b[5mtiver".into();
    let all = Views { time: true, entities: true, quotes: true };
    let shown = render_views(&doc, all, Marking::Ansi);
    // Inside a quote, a name keeps its colour and the quote's italics.
    assert!(shown.contains("\x1b[3;1;33mSelenskyj\x1b[0m\x1b[2m{PER}\x1b[0m"), "{shown:?}");
    assert!(shown.contains("\x1b[3mWir reden \x1b[0m"), "{shown:?}");
    assert!(shown.contains("\x1b[2m{direct 2/2 ← Trump}\x1b[0m"), "{shown:?}");
    // Marks outside quotes look as before.
    assert!(shown.contains("\x1b[1;33mTrump\x1b[0m\x1b[2m{PER}\x1b[0m"), "{shown:?}");
    for smuggled in ["\x1b[2J", "\x1b]0", "\x07", "\x1b[5m"] {
        assert!(!shown.contains(smuggled), "{smuggled:?} in {shown:?}");
    }
    let quotes_only = render_quotes(&doc, Marking::Ansi);
    assert!(quotes_only.contains("\x1b[3mproduktiver\x1b[0m\x1b[2m{term}\x1b[0m"), "{quotes_only:?}");
}

#[test]
fn bad_spans_and_links_are_listed_but_not_marked_and_never_panic() {
    let mut doc = document();
    let text_len = doc.text.len();
    let umlaut = doc.text.find('ä').unwrap();
    let base = doc.layers.quotes[3].clone();
    let at = |start: usize, end: usize| Quote {
        start,
        end,
        parts: vec![TextRange { start, end }],
        ..base.clone()
    };
    let past_the_end = at(text_len + 5, text_len + 9);
    let inside_a_char = at(umlaut + 1, umlaut + 3);
    let backwards = at(base.end, base.start);
    let no_parts = Quote { parts: vec![], ..base.clone() };
    let dangling = Quote {
        speaker: Some(Speaker { start: 0, end: 3, text: "wer".into(), mention: Some(usize::MAX) }),
        cue: Some(TextRange { start: text_len + 1, end: text_len + 3 }),
        ..past_the_end.clone()
    };
    doc.layers.quotes.extend([past_the_end, inside_a_char, backwards, no_parts, dangling]);
    for marking in [Marking::Plain, Marking::Ansi] {
        let shown = render_quotes(&doc, marking);
        assert!(shown.contains("quotes: 10"), "{shown}");
        assert!(
            shown.contains(&format!("? ({}–{})", text_len + 1, text_len + 3)),
            "a bad cue is flagged: {shown}"
        );
        let rows = common::table(&shown, "quotes: 10");
        assert!(rows[10].contains("  wer  "), "an unresolvable speaker is shown as written: {shown}");
    }
    let shown = render_quotes(&doc, Marking::Plain);
    // The good parts, and the quote without parts marked whole, nested in itself.
    assert_eq!(shown.matches("{term}").count(), 2, "{shown}");
    assert!(shown.contains("„[[[[produktiver]]{term}]]{term}“"), "{shown}");
    // A mention crossing a quote's edge is left out of the text; the quote stays.
    let mut doc = document();
    let selenskyj = range(&doc.text, "Selenskyj.");
    doc.layers.mentions.push(Mention {
        start: selenskyj.start + 4,
        end: selenskyj.end + 3,
        ..doc.layers.mentions[2].clone()
    });
    let both = render_views(&doc, Views { entities: true, quotes: true, ..Views::default() }, Marking::Plain);
    assert!(both.contains("{direct 2/2 ← Trump}"), "{both}");
    assert_eq!(both.matches("{PER}").count(), 3, "the crossing mention is not marked: {both}");
    assert!(both.contains("mit [[Selenskyj]]{PER}.]]{direct 2/2 ← Trump}"), "{both}");
}

#[test]
fn unanalysed_and_quoteless_documents_say_so() {
    let mut doc = document();
    doc.layers = Layers::default();
    assert!(render_quotes(&doc, Marking::Plain).contains("run `wirewatch reprocess`"));
    doc.layers.sentences.push(Sentence { start: 0, end: 3 });
    let shown = render_quotes(&doc, Marking::Plain);
    assert!(shown.contains("no quotes found") && !shown.contains("[["), "{shown}");
    // No paragraphs: the whole text is shown as one, quotes marked.
    let mut bare = document();
    bare.paragraphs.clear();
    let shown = render_quotes(&bare, Marking::Plain);
    assert!(
        shown.contains("„[[Wir sind bereit.\n\nWir kommen wieder.]]{direct ← Er (Wladimir Putin)}“"),
        "{shown}"
    );
}

#[test]
fn arbitrary_quotes_mentions_and_timexes_never_panic() {
    // A fixed-seed generator: spans anywhere (inside characters, reversed,
    // past the end), parts and links anywhere.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound.max(1)
    };
    let kinds = [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Term, QuoteKind::Attribution];
    for _ in 0..200 {
        let mut doc = document();
        let limit = doc.text.len() + 8;
        let span = |next: &mut dyn FnMut(usize) -> usize| TextRange { start: next(limit), end: next(limit) };
        let count = next(8);
        let mut quotes = Vec::new();
        for _ in 0..count {
            let parts = (0..next(4)).map(|_| span(&mut next)).collect();
            let whole = span(&mut next);
            quotes.push(Quote {
                start: whole.start,
                end: whole.end,
                text: "„Ä\u{1b}x“".into(),
                kind: kinds[next(kinds.len())],
                parts,
                cue: [None, Some(span(&mut next))][next(2)],
                speaker: if next(2) == 0 {
                    None
                } else {
                    Some(Speaker { start: 0, end: 1, text: "\u{1b}x".into(), mention: Some(next(10)) })
                },
            });
        }
        doc.layers.quotes = quotes;
        for mention in doc.layers.mentions.iter_mut() {
            if next(3) == 0 {
                (mention.start, mention.end) = (next(limit), next(limit));
                mention.role_of = Some(next(10));
            }
        }
        for time in [false, true] {
            for entities in [false, true] {
                for marking in [Marking::Plain, Marking::Ansi] {
                    let shown = render_views(&doc, Views { time, entities, quotes: true }, marking);
                    if marking == Marking::Ansi {
                        assert!(!shown.contains("\u{1b}x"), "{shown:?}");
                    }
                }
            }
        }
        let export = wirewatch_export::Export::from_documents([&doc]);
        assert_eq!(export.quotes.len(), count);
        let mut json = Vec::new();
        wirewatch_export::write_json(&export, &mut json).unwrap();
        assert_eq!(wirewatch_export::read_json(&json[..]).unwrap(), export);
    }
}

#[test]
fn speaker_names_match_by_words_ignoring_case_and_diacritics() {
    for (query, name) in [
        ("Putin", "Wladimir Putin"),
        ("putin", "Wladimir Putin"),
        ("WLADIMIR PUTIN", "Wladimir Putin"),
        ("Wladimir  Putin", "Wladimir Putin"),
        ("Selenskyj", "Wolodymyr Selenskyj"),
        ("Joerg Weiss", "Jörg Weiß"),
        ("jorg weiss", "Jörg Weiß"),
        ("Jörg Weiß", "Joerg Weiss"),
        ("Müller", "Thomas Muller"),
        ("Karrenbauer", "Annegret Kramp-Karrenbauer"),
        ("Lavrov", "Sergej Lavrov"),
        ("Erdogan", "Recep Tayyip Erdoğan"),
        ("Macron", "Emmanuel Macron,"),
    ] {
        assert!(speaker_matches(query, name), "{query:?} should match {name:?}");
    }
    for (query, name) in [
        ("Put", "Wladimir Putin"),
        ("Putin Wladimir", "Wladimir Putin"),
        ("Trump", "Wladimir Putin"),
        ("Putina", "Putin"),
        ("", "Wladimir Putin"),
        ("  -- ", "Wladimir Putin"),
        ("Putin", ""),
    ] {
        assert!(!speaker_matches(query, name), "{query:?} should not match {name:?}");
    }
}

// --- Through the store: the CLI and the export -------------------------------

/// Two invented, dated articles: German, then English.
const ARTICLES: &str = concat!(
    r#"{"title":"Gipfel in Alaska","date":"2025-08-15","text":"„Das zweite Treffen wird sehr, sehr wichtig sein“, "#,
    r#"sagte Trump. „Wir reden am Freitag mit Selenskyj.“ Kremlchef Wladimir Putin erklärte, eine Waffenruhe "#,
    r#"sei notwendig. Laut Kreml läuft alles „produktiver“. Er betonte: „Wir sind bereit. Wir kommen wieder.“ "#,
    r#"Alaska war nur der Anfang."}"#,
    "\n",
    r#"{"title":"Talks","date":"2025-08-16","text":"“We are ready,” said Jörg Weiß. A spokesman said talks would go on."}"#,
    "\n"
);

/// A store with both articles, their mentions and quotes replaced by
/// hand-made ones (the engines' output may change; these tests are about
/// listing, showing and exporting). Returns the store path and the two
/// documents (German first).
fn store_with_quotes(dir: &Path) -> (PathBuf, Document, Document) {
    std::fs::write(dir.join("articles.jsonl"), ARTICLES).unwrap();
    let db = dir.join("wirewatch.db");
    let summary =
        ingest(&db, &[Input::Path(dir.join("articles.jsonl"))], &IngestConfig::default(), &|_| {}).unwrap();
    assert!(summary.all_ok(), "{:?}", summary.failures);
    let mut store = Store::open(&db).unwrap();
    let documents = store.documents().unwrap();
    let mut german =
        documents.iter().find(|d| d.text.contains("Kremlchef")).expect("the German article").clone();
    let mut english =
        documents.iter().find(|d| d.text.contains("spokesman")).expect("the English article").clone();
    let text = german.text.clone();
    german.layers.mentions = mentions_of(&text);
    german.layers.quotes = quotes_of(&text);
    store.replace_document(&german).unwrap();
    let text = english.text.clone();
    english.layers.mentions = vec![mention(&text, range(&text, "Jörg Weiß"), MentionType::Per)];
    english.layers.quotes = vec![
        quote(
            &text,
            QuoteKind::Direct,
            vec![range(&text, "We are ready,")],
            Some("said"),
            speaker(&text, range(&text, "Jörg Weiß"), Some(0)),
        ),
        quote(
            &text,
            QuoteKind::Indirect,
            vec![range(&text, "talks would go on")],
            Some("said talks"),
            speaker(&text, range(&text, "A spokesman"), None),
        ),
    ];
    store.replace_document(&english).unwrap();
    (db, german, english)
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

/// The quote rows of `wirewatch quotes ARGS…` (the header dropped).
fn quote_rows(dir: &Path, args: &[&str]) -> Vec<String> {
    let output = wirewatch(dir, &[&["quotes"], args].concat());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines = stdout.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
    assert_eq!(header, ["doc", "kind", "speaker", "resolved", "text"], "{stdout}");
    lines.map(str::to_string).collect()
}

#[test]
fn quotes_lists_every_quote_with_the_speaker_as_written_and_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let (_, german, english) = store_with_quotes(dir.path());
    let rows = quote_rows(dir.path(), &[]);
    assert_eq!(rows.len(), 7, "{rows:#?}");
    // Document order (by id), then text order.
    let (first, second) = if german.id < english.id { (&german, &english) } else { (&english, &german) };
    let first_rows = if first.id == german.id { 5 } else { 2 };
    assert!(rows[..first_rows].iter().all(|row| row.starts_with(first.id.as_str())), "{rows:#?}");
    assert!(rows[first_rows..].iter().all(|row| row.starts_with(second.id.as_str())), "{rows:#?}");
    let cells = |needle: &str| -> Vec<String> {
        let row =
            rows.iter().find(|row| row.contains(needle)).unwrap_or_else(|| panic!("{needle} in {rows:#?}"));
        row.split("  ").map(str::trim).filter(|cell| !cell.is_empty()).map(str::to_string).collect()
    };
    assert_eq!(
        cells("Waffenruhe"),
        [german.id.as_str(), "indirect", "Kremlchef", "Wladimir Putin", "eine Waffenruhe sei notwendig"]
    );
    assert_eq!(
        cells("bereit"),
        [german.id.as_str(), "direct", "Er", "Wladimir Putin", "Wir sind bereit. Wir kommen wieder."]
    );
    assert_eq!(cells("produktiver“")[1..4], ["attribution", "Kreml", "Kreml"]);
    assert_eq!(cells("talks would")[1..], ["indirect", "A spokesman", "-", "talks would go on"]);
    assert_eq!(
        cells("Das zweite")[4],
        "Das zweite Treffen wird sehr, sehr wichtig sein … Wir reden am Freitag mit Selenskyj."
    );
    let term = cells("term");
    assert_eq!(term[1..], ["term", "-", "-", "produktiver"]);
}

#[test]
fn the_speaker_filter_resolves_roles_and_pronouns_and_ignores_case_and_diacritics() {
    let dir = tempfile::tempdir().unwrap();
    store_with_quotes(dir.path());
    // "Kremlchef" (a role linked to Putin) and "Er" (resolved to Putin), never Trump's.
    for name in ["Putin", "putin", "WLADIMIR PUTIN", "Wladimir Putin"] {
        let rows = quote_rows(dir.path(), &["--speaker", name]);
        assert_eq!(rows.len(), 2, "{name}: {rows:#?}");
        assert!(rows[0].contains("Waffenruhe") && rows[1].contains("bereit"), "{rows:#?}");
    }
    // By the speaker as written too: the role word itself, a name without a mention.
    assert_eq!(quote_rows(dir.path(), &["--speaker", "kremlchef"]).len(), 1);
    assert!(quote_rows(dir.path(), &["--speaker", "Spokesman"])[0].contains("talks would go on"));
    // Diacritics and transliteration.
    for name in ["Jörg Weiß", "jorg weiss", "Joerg Weiss", "WEISS"] {
        let rows = quote_rows(dir.path(), &["--speaker", name]);
        assert_eq!(rows.len(), 1, "{name}: {rows:#?}");
        assert!(rows[0].contains("We are ready,"), "{rows:#?}");
    }
    let trump = quote_rows(dir.path(), &["--speaker", "trump"]);
    assert_eq!(trump.len(), 1, "{trump:#?}");
    // Words, not substrings; nobody matches a name that is not there.
    let none = wirewatch(dir.path(), &["quotes", "--speaker", "Put"]);
    assert!(none.status.success());
    assert_eq!(String::from_utf8(none.stdout).unwrap().lines().count(), 1, "the header only");
    assert!(String::from_utf8(none.stderr).unwrap().contains("no quotes by Put"));
    // The kind filter, alone and with a speaker.
    assert_eq!(quote_rows(dir.path(), &["--kind", "direct"]).len(), 3);
    assert_eq!(quote_rows(dir.path(), &["--kind", "term"]).len(), 1);
    assert_eq!(quote_rows(dir.path(), &["--speaker", "putin", "--kind", "indirect"]).len(), 1);
    assert!(quote_rows(dir.path(), &["--speaker", "trump", "--kind", "term"]).is_empty());
}

#[test]
fn quotes_json_prints_the_exported_quote_objects_one_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, _) = store_with_quotes(dir.path());
    let output = wirewatch(dir.path(), &["quotes", "--json", "--speaker", "putin"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<QuoteV1> = stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    // The same objects as in the export, and as the library yields.
    let store = Store::open_existing(&db).unwrap();
    let mut exported = Vec::new();
    export(&store, ExportLayout::Json, &mut exported).unwrap();
    let exported: wirewatch_export::Export = serde_json::from_slice(&exported).unwrap();
    for quote in &lines {
        assert!(exported.quotes.contains(quote), "{quote:?}");
    }
    let rows: Vec<_> = quotes(&store, Some("putin")).collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.iter().map(|row| row.quote.clone()).collect::<Vec<_>>(), lines);
    assert_eq!(rows[0].speaker_resolved.as_deref(), Some("Wladimir Putin"));
    assert_eq!(lines[0].speaker.as_ref().map(|s| s.text.as_str()), Some("Kremlchef"));
    // Every quote, unfiltered, in export order.
    let all: Vec<_> = quotes(&store, None).map(|row| row.unwrap().quote).collect();
    assert_eq!(all, exported.quotes);
    // JSON lines of a table-less kind filter.
    let terms = wirewatch(dir.path(), &["quotes", "--json", "--kind", "term"]);
    let terms = String::from_utf8(terms.stdout).unwrap();
    assert_eq!(terms.lines().count(), 1);
    assert_eq!(serde_json::from_str::<Value>(terms.trim()).unwrap()["kind"], "term");
}

#[test]
fn quotes_on_an_empty_store_bad_arguments_and_a_missing_store() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path().join("wirewatch.db")).unwrap();
    let empty = wirewatch(dir.path(), &["quotes"]);
    assert!(empty.status.success(), "{}", String::from_utf8_lossy(&empty.stderr));
    assert_eq!(String::from_utf8(empty.stdout).unwrap().lines().count(), 1, "the header only");
    assert!(String::from_utf8(empty.stderr).unwrap().contains("no quotes"));
    let json = wirewatch(dir.path(), &["quotes", "--json", "--speaker", "Putin"]);
    assert!(json.status.success());
    assert!(json.stdout.is_empty(), "no lines, not even a header");
    assert!(quotes(&Store::open_existing(dir.path().join("wirewatch.db")).unwrap(), None).next().is_none());

    for bad in [
        &["quotes", "--speaker", " -- "][..],
        &["quotes", "--speaker", ""],
        &["quotes", "--kind", "statement"],
        &["quotes", "extra"],
        &["show", "0123", "--quotes", "--nonsense"],
    ] {
        let output = wirewatch(dir.path(), bad);
        assert_eq!(output.status.code(), Some(2), "{bad:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    let missing = wirewatch(dir.path(), &["--db", "nowhere.db", "quotes"]);
    assert_eq!(missing.status.code(), Some(3));
    assert!(String::from_utf8(missing.stderr).unwrap().contains("nowhere.db"));
    assert!(!dir.path().join("nowhere.db").exists(), "a mistyped store is not created");

    let help = String::from_utf8(wirewatch(dir.path(), &["quotes", "--help"]).stdout).unwrap();
    assert!(help.contains("--speaker") && help.contains("--kind") && help.contains("--json"), "{help}");
    let top = String::from_utf8(wirewatch(dir.path(), &["--help"]).stdout).unwrap();
    assert!(top.contains("quotes") && top.contains("by speaker"), "{top}");
}

#[test]
fn show_quotes_marks_and_lists_the_stored_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, german, _) = store_with_quotes(dir.path());
    let prefix = &german.id.as_str()[..6];
    let show = wirewatch(dir.path(), &["show", prefix, "--quotes"]);
    assert!(show.status.success(), "{}", String::from_utf8_lossy(&show.stderr));
    let shown = String::from_utf8(show.stdout).unwrap();
    assert!(!shown.contains('\x1b'), "a pipe gets plain marks: {shown}");
    assert!(
        shown.contains("„[[Das zweite Treffen wird sehr, sehr wichtig sein]]{direct 1/2 ← Trump}“"),
        "{shown}"
    );
    assert!(
        shown.contains("[[eine Waffenruhe sei notwendig]]{indirect ← Kremlchef (Wladimir Putin)}"),
        "{shown}"
    );
    assert!(shown.contains("[[läuft alles „[[produktiver]]{term}“]]{attribution ← Kreml}"), "{shown}");
    assert!(shown.contains("quotes: 5"), "{shown}");
    assert!(!shown.contains("entity mentions:") && !shown.contains("time expressions:"), "{shown}");

    let all = wirewatch(dir.path(), &["show", prefix, "--quotes", "--entities", "--time"]);
    assert!(all.status.success(), "{}", String::from_utf8_lossy(&all.stderr));
    let all = String::from_utf8(all.stdout).unwrap();
    assert!(all.contains("mit [[Selenskyj]]{PER}.]]{direct 2/2 ← Trump}"), "{all}");
    assert!(
        all.contains("time expressions") && all.contains("entity mentions: 6") && all.contains("quotes: 5")
    );

    let help = String::from_utf8(wirewatch(dir.path(), &["show", "--help"]).stdout).unwrap();
    assert!(help.contains("--quotes") && help.contains("speaker"), "{help}");
}

#[test]
fn the_export_carries_quotes_in_both_layouts_like_the_one_pass_writers() {
    let dir = tempfile::tempdir().unwrap();
    let (db, german, english) = store_with_quotes(dir.path());
    // One document's quotes out of text order in the store: the export sorts them.
    let mut store = Store::open(&db).unwrap();
    let mut reversed = german.clone();
    reversed.layers.quotes.reverse();
    store.replace_document(&reversed).unwrap();
    let documents = store.documents().unwrap();
    assert_eq!(documents.len(), 2);

    let (passes, lines) = common::export_in_passes_matches_one_pass_writers(&store, &documents);

    let value: Value = serde_json::from_slice(&passes).unwrap();
    let exported = value["quotes"].as_array().unwrap();
    assert_eq!(exported.len(), 7);
    common::assert_document_then_text_order(exported);
    // Every part, cue and speaker slices out of its document; speakers link to mentions by offsets.
    for quote in exported {
        let document = [&german, &english].into_iter().find(|d| d.id.as_str() == quote["doc"]).unwrap();
        let slice = |range: &Value| {
            document
                .text
                .get(range["start"].as_u64().unwrap() as usize..range["end"].as_u64().unwrap() as usize)
        };
        for part in quote["parts"].as_array().unwrap() {
            assert!(quote["text"].as_str().unwrap().contains(slice(part).unwrap()));
        }
        if !quote["speaker"].is_null() {
            assert_eq!(slice(&quote["speaker"]), quote["speaker"]["text"].as_str());
        }
    }
    let pronoun = exported.iter().find(|q| q["speaker"]["text"] == "Er").unwrap();
    let link = &pronoun["speaker"]["entity_mention"];
    let putin = range(&german.text, "Wladimir Putin");
    assert_eq!(
        (link["start"].as_u64(), link["end"].as_u64()),
        (Some(putin.start as u64), Some(putin.end as u64))
    );
    let spokesman = exported.iter().find(|q| q["speaker"]["text"] == "A spokesman").unwrap();
    assert!(spokesman["speaker"]["entity_mention"].is_null());
    // In JSONL, the quote lines come last, after the timexes.
    let kinds: Vec<String> = String::from_utf8(lines)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["type"].as_str().unwrap().to_string())
        .collect();
    let first_quote = kinds.iter().position(|k| k == "quote").unwrap();
    assert!(kinds[first_quote..].iter().all(|k| k == "quote"), "{kinds:?}");
    assert_eq!(kinds.len() - first_quote, 7);
    assert!(kinds[..first_quote].iter().all(|k| k != "quote"));
}
