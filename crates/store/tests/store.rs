//! Behaviour of the store through its public API: round trips, idempotence,
//! failures, prefix lookup, crash safety, WAL and concurrent readers.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wirewatch_model::{
    ContentKind, Dateline, Diagnostic, DocId, Document, Hints, Layers, ParagraphKind, Published,
    PublishedWindow, RawRecord, Sentence, TextBuilder, Timex, TimexType,
};
use wirewatch_store::{Fetched, Prepared, PutOutcome, Store, StoreError, SCHEMA_VERSION};

/// A raw record and a document with every field set, distinct per `n`.
fn sample(n: usize) -> (RawRecord, Document) {
    let html = format!(
        "<html><head><meta charset=\"utf-8\"><title>Bericht {n}</title></head>\
         <body><h1>Überschrift {n}</h1><p>Anchorage – Die Gespräche über „Frieden“ dauern an. {n}</p></body></html>"
    );
    let raw = RawRecord {
        source: format!("corpus/articles.jsonl:{n}"),
        url: Some(format!("https://example.org/2025/08/15/artikel-{n}")),
        kind: ContentKind::Html,
        bytes: html.into_bytes(),
        hints: Hints {
            title: Some(format!("Bericht {n}")),
            date: Some("2025-08-15T10:00:00+02:00".into()),
            authors: vec!["Anna Müller".into(), "Jörg Weiß".into()],
            charset: Some("utf-8".into()),
            outlet: Some("Tagesblatt".into()),
        },
    };
    let mut builder = TextBuilder::new();
    builder.push(ParagraphKind::Heading, &format!("Überschrift {n}"));
    builder
        .push(ParagraphKind::Paragraph, &format!("Anchorage – Die Gespräche über „Frieden“ dauern an. {n}"));
    builder.push(ParagraphKind::Quote, "„Wir sind zuversichtlich“, sagte er.");
    builder.push(ParagraphKind::Item, "Punkt eins");
    builder.push(ParagraphKind::Table, "A\tB");
    let (text, paragraphs) = builder.finish();
    let place_start = text.find("Anchorage").unwrap_or(0);
    let document = Document {
        id: raw.doc_id(),
        source: raw.source.clone(),
        url: raw.url.clone(),
        title: Some(format!("Bericht {n}")),
        authors: vec!["Anna Müller".into(), "Jörg Weiß".into()],
        outlet: Some("Tagesblatt".into()),
        language: Some("de".into()),
        published: Some(Published {
            value: "2025-08-15T10:00:00+02:00".into(),
            evidence: "jsonl:date".into(),
        }),
        dateline: Some(Dateline { place: "Anchorage".into(), start: place_start, end: place_start + 9 }),
        text,
        paragraphs,
        encoding: "UTF-8".into(),
        kind: ContentKind::Html,
        layers: Default::default(),
    };
    (raw, document)
}

/// A document with every optional field empty.
fn bare(n: usize) -> (RawRecord, Document) {
    let raw = RawRecord {
        source: format!("dump/{n}.txt"),
        url: None,
        kind: ContentKind::Text,
        bytes: format!("plain {n}").into_bytes(),
        hints: Hints::default(),
    };
    let document = Document {
        id: raw.doc_id(),
        source: raw.source.clone(),
        url: None,
        title: None,
        authors: vec![],
        outlet: None,
        language: None,
        published: None,
        dateline: None,
        text: format!("plain {n}"),
        paragraphs: vec![],
        encoding: "windows-1252".into(),
        kind: ContentKind::Text,
        layers: Default::default(),
    };
    (raw, document)
}

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wirewatch.db");
    (dir, path)
}

#[test]
fn document_round_trips_with_every_field() {
    let mut store = Store::open_in_memory().unwrap();
    for (raw, doc) in [sample(1), bare(2)] {
        assert_eq!(store.put(&raw, &doc, &[]).unwrap(), PutOutcome::Inserted);
        assert_eq!(store.document(doc.id.as_str()).unwrap(), Some(doc.clone()));
    }
    assert_eq!(store.count().unwrap(), 2);
}

/// Layers with every field set, multi-byte text and an unresolved value.
fn sample_layers() -> Layers {
    Layers {
        sentences: vec![Sentence { start: 0, end: 14 }, Sentence { start: 16, end: 70 }],
        timexes: vec![
            Timex {
                start: 16,
                end: 27,
                text: "Ende Februar".into(),
                kind: TimexType::Date,
                value: "2025-02".into(),
                modifier: Some("END".into()),
                earliest: Some("2025-02-21".into()),
                latest: Some("2025-02-28".into()),
                anchor: Some("dct".into()),
            },
            Timex {
                start: 30,
                end: 42,
                text: "am Donnerstag".into(),
                kind: TimexType::Date,
                value: "XXXX-WXX-4".into(),
                modifier: None,
                earliest: None,
                latest: None,
                anchor: None,
            },
            Timex {
                start: 44,
                end: 66,
                text: "seit dreieinhalb Jahren".into(),
                kind: TimexType::Duration,
                value: "P3.5Y".into(),
                modifier: None,
                earliest: None,
                latest: None,
                anchor: Some("timex:0".into()),
            },
        ],
        published_window: Some(PublishedWindow {
            earliest: Some("2025-01-31".into()),
            latest: None,
            evidence: "„Januar 2025“ im Präteritum".into(),
        }),
        mentions: vec![],
        quotes: vec![],
    }
}

#[test]
fn analysis_layers_round_trip_and_empty_layers_stay_empty() {
    let mut store = Store::open_in_memory().unwrap();
    let (raw, mut doc) = sample(1);
    doc.layers = sample_layers();
    store.put(&raw, &doc, &[]).unwrap();
    assert_eq!(store.document(doc.id.as_str()).unwrap(), Some(doc.clone()));
    let (raw2, doc2) = bare(2);
    store.put(&raw2, &doc2, &[]).unwrap();
    assert_eq!(store.document(doc2.id.as_str()).unwrap().unwrap().layers, Layers::default());

    let mut ids_and_layers: Vec<(DocId, Layers)> = store.iter_layers().map(Result::unwrap).collect();
    ids_and_layers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected = vec![(doc.id.clone(), doc.layers.clone()), (doc2.id.clone(), Layers::default())];
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(ids_and_layers, expected);

    // Replacing a document replaces its layers, down to none at all.
    doc.layers = Layers::default();
    store.replace_document(&doc).unwrap();
    assert_eq!(store.document(doc.id.as_str()).unwrap().unwrap().layers, Layers::default());
}

#[test]
fn damaged_layers_are_reported_as_corrupt() {
    let (_dir, path) = temp_db();
    let (raw, mut doc) = sample(1);
    doc.layers = sample_layers();
    Store::open(&path).unwrap().put(&raw, &doc, &[]).unwrap();
    for damage in [
        "UPDATE documents SET layers = '{oops'",
        "UPDATE documents SET layers = replace(layers, '\"DURATION\"', '\"EPOCH\"')",
    ] {
        rusqlite::Connection::open(&path).unwrap().execute(damage, []).unwrap();
        let store = Store::open(&path).unwrap();
        match store.document(doc.id.as_str()) {
            Err(StoreError::Corrupt(message)) => {
                assert!(message.contains("layers") || message.contains("EPOCH"))
            }
            other => panic!("{damage}: expected Corrupt, got {other:?}"),
        }
        assert!(matches!(store.iter_layers().next(), Some(Err(StoreError::Corrupt(_)))));
    }
    // Layers from a newer build with fields this one does not know still read.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE documents SET layers = '{\"sentences\":[[0,14]],\"entities\":[1]}'", [])
        .unwrap();
    let layers = Store::open(&path).unwrap().document(doc.id.as_str()).unwrap().unwrap().layers;
    assert_eq!(layers.sentences, [Sentence { start: 0, end: 14 }]);
}

#[test]
fn hostile_strings_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let (mut raw, mut doc) = sample(1);
    let nasty = "NUL\0inside \u{1F600} \u{202E}rtl '; DROP TABLE documents; -- \"quoted\" \\ \r\n\t%_";
    doc.title = Some(nasty.into());
    doc.authors = vec![nasty.into(), String::new()];
    doc.text = format!("{nasty}\n\n{}", "ß".repeat(100_000));
    doc.source = nasty.into();
    doc.url = Some(format!("https://example.org/{nasty}"));
    raw.url = doc.url.clone();
    raw.hints.title = Some(nasty.into());
    store.put(&raw, &doc, &[Diagnostic::warning(nasty, nasty)]).unwrap();
    assert_eq!(store.document(doc.id.as_str()).unwrap(), Some(doc.clone()));
    assert_eq!(store.raw_record(&doc.id).unwrap(), Some(raw));
    assert_eq!(store.diagnostics(&doc.id).unwrap(), vec![Diagnostic::warning(nasty, nasty)]);
    assert!(store.has_url(doc.url.as_deref().unwrap()).unwrap());
    assert!(!store.has_url("https://example.org/NUL").unwrap());
    store.record_failure(&Diagnostic::error(nasty, nasty), Some(b"\0")).unwrap();
    assert_eq!(store.failures().unwrap(), vec![(nasty.to_string(), nasty.to_string())]);
    assert_eq!(store.count().unwrap(), 1);
}

#[test]
fn put_is_idempotent() {
    let mut store = Store::open_in_memory().unwrap();
    let (raw, doc) = sample(7);
    let warning = [Diagnostic::warning(&doc.source, "no date found")];
    assert_eq!(store.put(&raw, &doc, &warning).unwrap(), PutOutcome::Inserted);
    let mut changed = doc.clone();
    changed.title = Some("anders".into());
    for _ in 0..3 {
        assert_eq!(store.put(&raw, &changed, &warning).unwrap(), PutOutcome::Duplicate);
    }
    assert_eq!(store.count().unwrap(), 1);
    let stats = store.stats().unwrap();
    assert_eq!((stats.raw_records, stats.diagnostics), (1, 1));
    // The first write wins: a duplicate writes nothing.
    assert_eq!(store.document(doc.id.as_str()).unwrap().unwrap().title, doc.title);
    assert_eq!(store.diagnostics(&doc.id).unwrap(), warning);
}

#[test]
fn duplicates_inside_one_batch_are_detected() {
    let mut store = Store::open_in_memory().unwrap();
    let (raw, doc) = sample(1);
    let mut batch = store.batch().unwrap();
    assert_eq!(batch.put(&raw, &doc, &[]).unwrap(), PutOutcome::Inserted);
    assert_eq!(batch.put(&raw, &doc, &[]).unwrap(), PutOutcome::Duplicate);
    batch.commit().unwrap();
    assert_eq!(store.count().unwrap(), 1);
}

#[test]
fn prepared_puts_store_the_same_as_plain_puts() {
    let mut plain = Store::open_in_memory().unwrap();
    let mut prepared = Store::open_in_memory().unwrap();
    let warnings = vec![Diagnostic::warning("corpus/articles.jsonl:1", "no author")];
    let mut batch = prepared.batch().unwrap();
    for n in 0..5 {
        let (raw, doc) = sample(n);
        plain.put(&raw, &doc, &warnings).unwrap();
        let ready = Prepared::new(raw.clone(), doc.clone(), warnings.clone()).unwrap();
        assert_eq!(ready.document(), &doc);
        assert_eq!(ready.diagnostics(), warnings.as_slice());
        assert_eq!(batch.put_prepared(&ready).unwrap(), PutOutcome::Inserted);
        assert_eq!(batch.put_prepared(&ready).unwrap(), PutOutcome::Duplicate);
    }
    batch.commit().unwrap();
    assert_eq!(prepared.documents().unwrap(), plain.documents().unwrap());
    assert_eq!(prepared.raw_records().unwrap(), plain.raw_records().unwrap());
    let (raw, doc) = sample(0);
    assert_eq!(prepared.raw_record(&doc.id).unwrap(), Some(raw));
    assert_eq!(prepared.diagnostics(&doc.id).unwrap(), warnings);
}

#[test]
fn raw_bytes_are_kept_exactly() {
    let mut store = Store::open_in_memory().unwrap();
    let (mut raw, doc) = sample(3);
    // Not UTF-8, with NULs and every byte value: stored as bytes, not text.
    raw.bytes = (0..=255u8).cycle().take(70_000).collect();
    store.put(&raw, &doc, &[]).unwrap();
    assert_eq!(store.raw_record(&doc.id).unwrap(), Some(raw.clone()));
    let all = store.raw_records().unwrap();
    assert_eq!(all, vec![(doc.id.clone(), raw.clone())]);
    let stats = store.stats().unwrap();
    assert_eq!(stats.raw_bytes, 70_000);
    assert!(
        stats.raw_bytes_stored < 70_000 / 10,
        "a repetitive payload compresses: {}",
        stats.raw_bytes_stored
    );
    assert_eq!(store.raw_record(&DocId("0000000000000000".into())).unwrap(), None);
}

#[test]
fn diagnostics_are_kept_in_order() {
    let mut store = Store::open_in_memory().unwrap();
    let (raw, doc) = sample(4);
    let diagnostics = vec![
        Diagnostic::warning(&doc.source, "encoding guessed: windows-1252"),
        Diagnostic::warning(&doc.source, "no date found"),
        Diagnostic::error(&doc.source, "table dropped"),
    ];
    store.put(&raw, &doc, &diagnostics).unwrap();
    assert_eq!(store.diagnostics(&doc.id).unwrap(), diagnostics);
}

#[test]
fn failures_are_recorded_once_per_source_and_message() {
    let mut store = Store::open_in_memory().unwrap();
    let failure = Diagnostic::error("feed.xml#3", "no article text found");
    store.record_failure(&failure, Some(b"<html>\xff\xfe</html>")).unwrap();
    store.record_failure(&failure, None).unwrap();
    store.record_failure(&failure, None).unwrap();
    store.record_failure(&Diagnostic::error("a.html", "empty file"), None).unwrap();
    assert_eq!(
        store.failures().unwrap(),
        vec![
            ("a.html".to_string(), "empty file".to_string()),
            ("feed.xml#3".to_string(), "no article text found".to_string())
        ]
    );
    let details = store.failure_details().unwrap();
    assert_eq!(details[1].seen, 3);
    assert_eq!(details[1].raw_len, Some(15));
    assert!(details[1].first_seen <= details[1].last_seen);
    // Raw bytes from the first time survive later records without them.
    assert_eq!(
        store.failure_raw("feed.xml#3", "no article text found").unwrap().as_deref(),
        Some(&b"<html>\xff\xfe</html>"[..])
    );
    assert_eq!(store.failure_raw("a.html", "empty file").unwrap(), None);
    assert_eq!(store.failure_raw("nope", "nope").unwrap(), None);
}

#[test]
fn a_document_clears_earlier_failures_of_its_source() {
    let mut store = Store::open_in_memory().unwrap();
    let (raw, doc) = sample(5);
    store.record_failure(&Diagnostic::error(&doc.source, "extractor crashed"), None).unwrap();
    store.record_failure(&Diagnostic::error("other.html", "empty"), None).unwrap();
    store.put(&raw, &doc, &[]).unwrap();
    assert_eq!(store.failures().unwrap(), vec![("other.html".to_string(), "empty".to_string())]);
}

#[test]
fn prefix_lookup_resolves_unique_prefixes_and_reports_ambiguity() {
    let mut store = Store::open_in_memory().unwrap();
    let ids = ["abcd1111aaaaaaaa", "abcd2222bbbbbbbb", "abce0000cccccccc"];
    for id in ids {
        let (raw, mut doc) = bare(0);
        doc.id = DocId(id.into());
        store.put(&raw, &doc, &[]).unwrap();
    }
    let found = |q: &str| store.document(q).map(|d| d.map(|d| d.id.0));
    assert_eq!(found("abcd1111aaaaaaaa").unwrap().as_deref(), Some("abcd1111aaaaaaaa"));
    assert_eq!(found("abcd1").unwrap().as_deref(), Some("abcd1111aaaaaaaa"));
    assert_eq!(found(" ABCE ").unwrap().as_deref(), Some("abce0000cccccccc"));
    assert_eq!(found("abcf").unwrap(), None);
    assert_eq!(found("zzzzzzzzzzzzzzzzzzzz").unwrap(), None);
    match found("abcd") {
        Err(StoreError::AmbiguousPrefix { prefix, candidates }) => {
            assert_eq!(prefix, "abcd");
            assert_eq!(candidates, vec!["abcd1111aaaaaaaa", "abcd2222bbbbbbbb"]);
        }
        other => panic!("expected ambiguity, got {other:?}"),
    }
    let message = found("abcd").unwrap_err().to_string();
    assert!(message.contains("abcd1111aaaaaaaa") && message.contains("abcd2222bbbbbbbb"), "{message}");
    assert!(matches!(found("abc"), Err(StoreError::PrefixTooShort { .. })));
    assert!(matches!(found(""), Err(StoreError::PrefixTooShort { .. })));
    // SQL wildcards and odd characters are literal, never patterns.
    assert_eq!(found("abc%").unwrap(), None);
    assert_eq!(found("ab_d").unwrap(), None);
    assert_eq!(found("abcd'; DROP TABLE documents; --").unwrap(), None);
    assert_eq!(found("\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}").unwrap(), None);
    assert_eq!(store.count().unwrap(), 3);
}

#[test]
fn documents_come_back_in_id_order_across_pages() {
    let mut store = Store::open_in_memory().unwrap();
    let mut batch = store.batch().unwrap();
    let mut expected = Vec::new();
    for n in 0..600 {
        let (raw, doc) = if n % 3 == 0 { bare(n) } else { sample(n) };
        batch.put(&raw, &doc, &[]).unwrap();
        expected.push(doc);
    }
    batch.commit().unwrap();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(store.documents().unwrap(), expected);
    let streamed: Vec<Document> = store.iter_documents().collect::<Result<_, _>>().unwrap();
    assert_eq!(streamed, expected);
    let raw_ids: Vec<DocId> = store.iter_raw_records().map(|r| r.unwrap().0).collect();
    assert_eq!(raw_ids, expected.iter().map(|d| d.id.clone()).collect::<Vec<_>>());
    assert_eq!(store.count().unwrap(), 600);
}

#[test]
fn empty_store_reads_cleanly() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.count().unwrap(), 0);
    assert!(store.documents().unwrap().is_empty());
    assert!(store.raw_records().unwrap().is_empty());
    assert!(store.failures().unwrap().is_empty());
    assert_eq!(store.document("abcdef").unwrap(), None);
    assert!(!store.has_url("https://example.org/").unwrap());
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 0);
    assert!(stats.languages.is_empty());
}

#[test]
fn replace_document_rewrites_the_extraction_and_keeps_the_raw_record() {
    let mut store = Store::open_in_memory().unwrap();
    let (raw, doc) = sample(9);
    store.put(&raw, &doc, &[Diagnostic::warning(&doc.source, "old warning")]).unwrap();
    let mut newer = doc.clone();
    newer.published = None;
    newer.dateline = None;
    newer.authors = vec!["Neu".into()];
    store.set_extractor_version("extract 2");
    store.replace_document(&newer).unwrap();
    assert_eq!(store.document(doc.id.as_str()).unwrap(), Some(newer.clone()));
    assert!(store.diagnostics(&doc.id).unwrap().is_empty());
    assert_eq!(store.raw_record(&doc.id).unwrap(), Some(raw));
    assert_eq!(store.count().unwrap(), 1);
    let stats = store.stats().unwrap();
    assert_eq!(stats.extractor_versions, vec![("extract 2".to_string(), 1)]);
    assert_eq!(stats.dated, 0);

    let fresh = [Diagnostic::warning(&doc.source, "new warning")];
    store.replace_document_with_diagnostics(&doc, &fresh).unwrap();
    assert_eq!(store.diagnostics(&doc.id).unwrap(), fresh);
}

#[test]
fn has_url_knows_documents_raw_records_and_fetched_urls() {
    let mut store = Store::open_in_memory().unwrap();
    let (mut raw, mut doc) = sample(1);
    raw.url = Some("https://example.org/raw".into());
    doc.url = Some("https://example.org/canonical".into());
    store.put(&raw, &doc, &[]).unwrap();
    store.mark_fetched("https://example.org/gone", Fetched::Failed("HTTP 404")).unwrap();
    store.mark_fetched("https://example.org/raw", Fetched::Document(&doc.id)).unwrap();
    for url in ["https://example.org/raw", "https://example.org/canonical", "https://example.org/gone"] {
        assert!(store.has_url(url).unwrap(), "{url}");
    }
    assert!(!store.has_url("https://example.org/new").unwrap());
    assert!(!store.has_url("").unwrap());
    assert_eq!(store.stats().unwrap().fetched_urls, 2);
}

#[test]
fn dropped_batch_leaves_nothing_and_the_file_reopens() {
    let (_dir, path) = temp_db();
    {
        let mut store = Store::open(&path).unwrap();
        let (raw, doc) = sample(1);
        store.put(&raw, &doc, &[]).unwrap();
        let mut batch = store.batch().unwrap();
        for n in 2..50 {
            let (raw, doc) = sample(n);
            batch.put(&raw, &doc, &[]).unwrap();
        }
        batch.record_failure(&Diagnostic::error("x", "y"), Some(b"z")).unwrap();
        drop(batch); // as if the process died before commit
        assert_eq!(store.count().unwrap(), 1);
    }
    let mut store = Store::open(&path).unwrap();
    store.check_integrity().unwrap();
    assert_eq!(store.count().unwrap(), 1);
    assert!(store.failures().unwrap().is_empty());
    let mut batch = store.batch().unwrap();
    for n in 1..50 {
        let (raw, doc) = sample(n);
        let expected = if n == 1 { PutOutcome::Duplicate } else { PutOutcome::Inserted };
        assert_eq!(batch.put(&raw, &doc, &[]).unwrap(), expected);
    }
    batch.commit().unwrap();
    assert_eq!(store.count().unwrap(), 49);
}

#[test]
fn rollback_discards_the_batch() {
    let mut store = Store::open_in_memory().unwrap();
    let mut batch = store.batch().unwrap();
    let (raw, doc) = sample(1);
    batch.put(&raw, &doc, &[]).unwrap();
    batch.rollback().unwrap();
    assert_eq!(store.count().unwrap(), 0);
}

#[test]
fn reopening_keeps_data_and_schema_version() {
    let (_dir, path) = temp_db();
    let (raw, doc) = sample(1);
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.put(&raw, &doc, &[]).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.document(doc.id.as_str()).unwrap(), Some(doc));
    assert_eq!(store.raw_record(&raw.doc_id()).unwrap(), Some(raw));
}

#[test]
fn a_store_from_a_newer_build_is_refused() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    match Store::open(&path) {
        Err(err @ StoreError::NewerSchema { .. }) => assert!(err.to_string().contains("upgrade"), "{err}"),
        other => panic!("expected NewerSchema, got {other:?}"),
    }
}

#[test]
fn open_existing_does_not_create_files() {
    let (_dir, path) = temp_db();
    assert!(matches!(Store::open_existing(&path), Err(StoreError::Other(_))));
    assert!(!path.exists());
    drop(Store::open(&path).unwrap());
    assert_eq!(Store::open_existing(&path).unwrap().count().unwrap(), 0);
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_not_a_panic() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"this is not an SQLite database, just some text that is long enough ....")
        .unwrap();
    assert!(Store::open(&path).is_err());
    let missing_dir = path.join("no/such/dir/db");
    assert!(Store::open(missing_dir).is_err());
}

#[test]
fn damaged_rows_are_reported_as_corrupt() {
    let (_dir, path) = temp_db();
    let (raw, doc) = sample(1);
    Store::open(&path).unwrap().put(&raw, &doc, &[]).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE documents SET paragraphs = '{oops', kind = 'pdf'", []).unwrap();
        conn.execute("UPDATE raw SET bytes = x'00010203'", []).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert!(matches!(store.document(doc.id.as_str()), Err(StoreError::Corrupt(_))));
    assert!(matches!(store.raw_record(&doc.id), Err(StoreError::Corrupt(_))));
    let mut docs = store.iter_documents();
    assert!(matches!(docs.next(), Some(Err(StoreError::Corrupt(_)))));
    assert!(docs.next().is_none(), "an error ends the iteration");
}

#[test]
fn opening_does_not_wait_for_a_writer() {
    let (_dir, path) = temp_db();
    let mut writer = Store::open(&path).unwrap();
    let batch = writer.batch().unwrap(); // holds the write lock
    let started = Instant::now();
    let reader = Store::open(&path).unwrap();
    assert_eq!(reader.count().unwrap(), 0);
    assert!(started.elapsed() < Duration::from_secs(5), "open waited for the writer");
    drop(batch);
}

#[test]
fn two_processes_creating_one_file_at_once_both_succeed() {
    let (_dir, path) = temp_db();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Store::open(&path).map(|s| s.schema_version().unwrap()))
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap().unwrap(), SCHEMA_VERSION);
    }
}

#[test]
fn files_use_wal_mode() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.journal_mode().unwrap(), "wal");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
    assert_eq!(mode, "wal", "WAL is persistent in the file");
}

#[test]
fn a_reader_is_not_blocked_by_an_open_write_batch() {
    let (_dir, path) = temp_db();
    let mut writer = Store::open(&path).unwrap();
    let (raw, doc) = sample(1);
    writer.put(&raw, &doc, &[]).unwrap();
    let reader = Store::open(&path).unwrap();

    let mut batch = writer.batch().unwrap();
    for n in 2..20 {
        let (raw, doc) = sample(n);
        batch.put(&raw, &doc, &[]).unwrap();
    }
    // The reader answers at once from the last committed state.
    let started = Instant::now();
    assert_eq!(reader.count().unwrap(), 1);
    assert!(reader.has_url(raw.url.as_deref().unwrap()).unwrap());
    assert!(!reader.has_url(sample(2).0.url.as_deref().unwrap()).unwrap());
    assert!(started.elapsed() < Duration::from_secs(2));
    batch.commit().unwrap();
    assert_eq!(reader.count().unwrap(), 19);

    // A reader on another thread while the writer commits batch after batch.
    let reader_path = path.clone();
    let handle = std::thread::spawn(move || {
        let reader = Store::open(&reader_path).unwrap();
        let mut last = 0;
        for _ in 0..200 {
            let now = reader.count().unwrap();
            assert!(now >= last, "counts never go backwards");
            assert_eq!(now % 10, 9, "only whole batches are ever visible");
            last = now;
        }
        last
    });
    for chunk in 0..20 {
        let mut batch = writer.batch().unwrap();
        for n in 0..10 {
            let (raw, doc) = sample(1000 + chunk * 10 + n);
            batch.put(&raw, &doc, &[]).unwrap();
        }
        batch.commit().unwrap();
    }
    let seen = handle.join().unwrap();
    assert!(seen <= 219);
    assert_eq!(writer.count().unwrap(), 219);
}

/// Docs written per batch by the child writer.
const CHILD_BATCH: usize = 25;

/// Not a test of its own: the child process that `killed_writer_leaves_a_consistent_store`
/// starts and kills. Without the environment variable it does nothing.
#[test]
fn child_writer_process() {
    let Ok(path) = std::env::var("WIREWATCH_STORE_CHILD_DB") else {
        return;
    };
    let mut store = Store::open(&path).unwrap();
    let mut n = 0;
    // Bounded so an orphaned child ends by itself.
    for _ in 0..2000 {
        let mut batch = store.batch().unwrap();
        for _ in 0..CHILD_BATCH {
            let (raw, doc) = sample(n);
            batch.put(&raw, &doc, &[Diagnostic::warning(&doc.source, "w")]).unwrap();
            batch.record_failure(&Diagnostic::error(format!("bad:{n}"), "broken"), Some(&raw.bytes)).unwrap();
            n += 1;
        }
        batch.commit().unwrap();
        println!("committed {n}");
    }
}

#[test]
fn killed_writer_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    for round in 0..3u64 {
        let path = dir.path().join(format!("round{round}.db"));
        let mut child = Command::new(&exe)
            .args(["--exact", "child_writer_process", "--nocapture", "--test-threads=1"])
            .env("WIREWATCH_STORE_CHILD_DB", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Keep the pipe open until the kill so the child never dies of a closed stdout.
        let mut lines = BufReader::new(stdout).lines();
        let mut commits = 0;
        for line in lines.by_ref() {
            if line.unwrap().starts_with("committed ") {
                commits += 1;
                if commits == 3 + round as usize * 2 {
                    break;
                }
            }
        }
        // Kill mid-batch at a varying moment: SIGKILL, no chance to clean up.
        std::thread::sleep(Duration::from_millis(round * 3));
        child.kill().unwrap();
        child.wait().unwrap();
        drop(lines);

        let mut store = Store::open(&path).unwrap();
        store.check_integrity().unwrap();
        let count = store.count().unwrap() as usize;
        assert!(count >= commits * CHILD_BATCH, "round {round}: {count}");
        assert_eq!(count % CHILD_BATCH, 0, "round {round}: a partial batch is visible");
        assert_eq!(store.stats().unwrap().diagnostics as usize, count);
        assert_eq!(store.failures().unwrap().len(), count);

        // A re-run redoes the lost batch and duplicates nothing.
        let mut batch = store.batch().unwrap();
        let mut inserted = 0;
        for n in 0..count + CHILD_BATCH {
            let (raw, doc) = sample(n);
            if batch.put(&raw, &doc, &[]).unwrap() == PutOutcome::Inserted {
                inserted += 1;
            }
        }
        batch.commit().unwrap();
        assert_eq!(inserted, CHILD_BATCH);
        assert_eq!(store.count().unwrap() as usize, count + CHILD_BATCH);
    }
}

#[test]
fn a_cleared_failure_is_gone_with_its_raw_bytes() {
    let mut store = wirewatch_store::Store::open_in_memory().unwrap();
    let failure = wirewatch_model::Diagnostic::error("feed.xml#2", "no article text found");
    store.record_failure(&failure, Some(b"<p></p>")).unwrap();
    assert_eq!(store.failures().unwrap().len(), 1);
    let mut batch = store.batch().unwrap();
    batch.clear_failure("feed.xml#2", "no article text found").unwrap();
    batch.commit().unwrap();
    assert!(store.failures().unwrap().is_empty());
    assert_eq!(store.failure_raw("feed.xml#2", "no article text found").unwrap(), None);
}
