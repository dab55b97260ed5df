//! Bulk-write throughput, ignored by default because it writes gigabytes:
//! `cargo test -p wirewatch-store --release --test throughput -- --ignored --nocapture`
//! (`WIREWATCH_BENCH_DOCS` sets the count, default 100000).

use std::time::Instant;

use wirewatch_model::{ContentKind, Document, Hints, ParagraphKind, RawRecord, TextBuilder};
use wirewatch_store::{PutOutcome, Store};

const WORDS: &[&str] = &[
    "die",
    "der",
    "und",
    "Regierung",
    "sagte",
    "am",
    "Montag",
    "Gespräche",
    "über",
    "Zölle",
    "the",
    "minister",
    "said",
    "talks",
    "Anchorage",
    "Berlin",
    "Frieden",
    "Wirtschaft",
    "Köln",
    "Bundestag",
    "Kanzler",
    "report",
    "according",
    "officials",
    "Woche",
    "Prozent",
    "Millionen",
    "Euro",
    "week",
    "percent",
    "nicht",
    "wurde",
];

/// A news-like page of about `size` bytes: markup plus pseudo-random prose,
/// so it compresses like real HTML rather than like a repeated string.
fn page(n: usize, size: usize) -> (RawRecord, Document) {
    let mut state = (n as u64).wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut html = format!("<html><head><title>Artikel {n}</title><script>var x={n};</script></head><body>");
    let mut builder = TextBuilder::new();
    while html.len() < size {
        let sentence: Vec<&str> = (0..12 + next() % 20).map(|_| WORDS[next() % WORDS.len()]).collect();
        let sentence = sentence.join(" ");
        html.push_str(&format!("<div class=\"c{}\"><p>{sentence}.</p></div>\n", next() % 50));
        builder.push(ParagraphKind::Paragraph, &sentence);
    }
    let raw = RawRecord {
        source: format!("bench.jsonl:{n}"),
        url: Some(format!("https://example.org/{n}")),
        kind: ContentKind::Html,
        bytes: html.into_bytes(),
        hints: Hints::default(),
    };
    let (text, paragraphs) = builder.finish();
    let document = Document {
        id: raw.doc_id(),
        source: raw.source.clone(),
        url: raw.url.clone(),
        title: Some(format!("Artikel {n}")),
        authors: vec![],
        outlet: None,
        language: Some("de".into()),
        published: None,
        dateline: None,
        text,
        paragraphs,
        encoding: "UTF-8".into(),
        kind: ContentKind::Html,
        layers: Default::default(),
    };
    (raw, document)
}

#[test]
#[ignore]
fn bulk_put_throughput() {
    let total: usize =
        std::env::var("WIREWATCH_BENCH_DOCS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path).unwrap();
    let docs: Vec<_> = (0..1000).map(|n| page(n, 30_000)).collect();

    let started = Instant::now();
    let mut n = 0;
    while n < total {
        let mut batch = store.batch().unwrap();
        for _ in 0..500.min(total - n) {
            // Reuse 1000 pages with a fresh id each, so generation is not measured.
            let (raw, mut doc) = docs[n % docs.len()].clone();
            doc.id = wirewatch_model::DocId(format!("{n:016x}"));
            assert_eq!(batch.put(&raw, &doc, &[]).unwrap(), PutOutcome::Inserted);
            n += 1;
        }
        batch.commit().unwrap();
    }
    let insert = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut batch = store.batch().unwrap();
    for n in 0..total.min(20_000) {
        let (raw, mut doc) = docs[n % docs.len()].clone();
        doc.id = wirewatch_model::DocId(format!("{n:016x}"));
        assert_eq!(batch.put(&raw, &doc, &[]).unwrap(), PutOutcome::Duplicate);
    }
    batch.commit().unwrap();
    let rerun = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let read = store.iter_documents().filter(|d| d.is_ok()).count();
    let iterate = started.elapsed().as_secs_f64();
    assert_eq!(read, total);

    let stats = store.stats().unwrap();
    let file = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "{total} docs ({} MB raw, {} MB stored raw, db file {} MB): insert {:.1} s ({:.0} docs/s), \
         duplicate re-run {:.0} docs/s, iterate {:.1} s ({:.0} docs/s)",
        stats.raw_bytes / 1_000_000,
        stats.raw_bytes_stored / 1_000_000,
        file / 1_000_000,
        insert,
        total as f64 / insert,
        total.min(20_000) as f64 / rerun,
        iterate,
        total as f64 / iterate
    );
}

#[test]
#[ignore]
fn bulk_put_prepared_throughput() {
    // The writer's share when compression runs on the extraction threads.
    let total: usize = std::env::var("WIREWATCH_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
        .min(20_000);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("bench.db")).unwrap();
    let prepared: Vec<_> = (0..total)
        .map(|n| {
            let (raw, mut doc) = page(n % 1000, 30_000);
            doc.id = wirewatch_model::DocId(format!("{n:016x}"));
            wirewatch_store::Prepared::new(raw, doc, vec![]).unwrap()
        })
        .collect();
    let started = Instant::now();
    for chunk in prepared.chunks(500) {
        let mut batch = store.batch().unwrap();
        for ready in chunk {
            assert_eq!(batch.put_prepared(ready).unwrap(), PutOutcome::Inserted);
        }
        batch.commit().unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!("{total} prepared docs: writer {secs:.1} s ({:.0} docs/s)", total as f64 / secs);
}
