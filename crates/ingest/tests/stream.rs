//! The stdin path (`read_stream`) and real pages from ../shared.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use common::{failures, read, records};
use flate2::write::GzEncoder;
use flate2::Compression;
use wirewatch_ingest::{discover, read_stream, ContentKind, IngestOptions, Input, Item};

fn stream(bytes: &[u8], opts: &IngestOptions) -> Vec<Item> {
    let mut items = Vec::new();
    read_stream("-", bytes, opts, &mut |item| items.push(item));
    items
}

#[test]
fn stdin_sniffs_jsonl_html_text_and_gzip() {
    let opts = IngestOptions::default();
    let items = stream(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n", &opts);
    let sources: Vec<&str> = records(&items).iter().map(|r| r.source.as_str()).collect();
    assert_eq!(sources, vec!["-:1", "-:2"]);
    let items = stream(b"<!doctype html><p>x</p>", &opts);
    assert_eq!(records(&items)[0].kind, ContentKind::Html);
    assert_eq!(records(&items)[0].source, "-");
    let items = stream(b"Einfacher Text.", &opts);
    assert_eq!(records(&items)[0].kind, ContentKind::Text);
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(b"Gepackter Text.").unwrap();
    let items = stream(&encoder.finish().unwrap(), &opts);
    assert_eq!(records(&items)[0].bytes, b"Gepackter Text.");
}

#[test]
fn stdin_over_the_limit_and_empty_stdin_fail() {
    let opts = IngestOptions { max_bytes: 10, ..IngestOptions::default() };
    assert_eq!(
        failures(&stream(b"0123456789abcdef", &opts)),
        vec![("-".to_string(), "input is larger than --max-bytes 10 bytes".to_string())]
    );
    assert_eq!(failures(&stream(b"", &opts)), vec![("-".to_string(), "empty file".to_string())]);
}

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WIREWATCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.is_dir().then_some(dir)
}

#[test]
fn shared_corpora_pages_and_seeds_ingest_without_failures() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let inputs = vec![
        Input::Path(shared.join("seeds")),
        Input::Path(shared.join("corpora/scrapinghub-aeb/html")),
        Input::Path(shared.join("corpora/wcxb-articles/dev/html")),
    ];
    let (sources, diagnostics) = discover(&inputs);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let opts = IngestOptions::default();
    let started = Instant::now();
    let (mut html, mut text, mut bytes) = (0, 0, 0);
    for source in &sources {
        let items = read(source, &opts);
        assert!(failures(&items).is_empty(), "{:?}", failures(&items));
        for record in records(&items) {
            bytes += record.bytes.len();
            match record.kind {
                ContentKind::Html => html += 1,
                ContentKind::Text => text += 1,
            }
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "ingested {} sources ({html} html, {text} text, {:.1} MB) in {:.2} s",
        sources.len(),
        bytes as f64 / 1e6,
        elapsed.as_secs_f64()
    );
    // The seeds are scraped plain text; every corpus page is HTML.
    let seeds = sources.iter().filter(|s| s.name().contains("/seeds/")).count();
    assert!(seeds >= 1);
    assert_eq!(text, seeds);
    assert_eq!(html, sources.len() - seeds);
}
