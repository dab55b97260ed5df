//! Writes the complete output of `extract()` (document with every metadata
//! field and paragraph span, plus diagnostics) for every page of a corpus, one
//! JSON line per page, so that two builds can be compared byte for byte after
//! a change that must not alter output (a speed-up):
//!
//! ```text
//! cargo run --release -p wirewatch-eval --example dump_documents -- CORPUS_DIR OUT.jsonl [--split dev|test|all] [--rounds N]
//! ```
//!
//! With `--rounds N` it then times `extract()` alone over all pages N times
//! and prints the best round's pages/s and MB/s (one thread); a clean target
//! for `perf record`, too. Only use it on splits meant for development.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use wirewatch_eval::corpus::{load_corpus_split, Split};
use wirewatch_model::{ContentKind, Hints, RawRecord};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(corpus), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: dump_documents CORPUS_DIR OUT.jsonl [--split dev|test|all] [--rounds N]");
        return ExitCode::from(2);
    };
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let loaded = match Split::parse(option("--split").map(String::as_str))
        .and_then(|split| load_corpus_split(&PathBuf::from(corpus), split, None))
    {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("dump_documents: {error}");
            return ExitCode::FAILURE;
        }
    };
    let records: Vec<RawRecord> = loaded
        .pages
        .iter()
        .map(|page| RawRecord {
            source: page.file_name.clone(),
            url: page.url.clone(),
            kind: ContentKind::Html,
            bytes: page.html.clone(),
            hints: Hints::default(),
        })
        .collect();
    let mut lines = String::new();
    for (page, record) in loaded.pages.iter().zip(&records) {
        // Errors are output too: a change that turns a document into an error must show.
        let value = match wirewatch_extract::extract(record) {
            Ok(extracted) => serde_json::json!({
                "id": page.id,
                "document": extracted.document,
                "diagnostics": extracted.diagnostics,
            }),
            Err(diagnostic) => serde_json::json!({ "id": page.id, "error": diagnostic }),
        };
        lines.push_str(&value.to_string());
        lines.push('\n');
    }
    if out != "-" {
        if let Err(error) = std::fs::write(out, lines) {
            eprintln!("dump_documents: {out}: {error}");
            return ExitCode::FAILURE;
        }
    }
    let rounds: usize = option("--rounds").and_then(|n| n.parse().ok()).unwrap_or(0);
    if rounds > 0 {
        let bytes: usize = records.iter().map(|record| record.bytes.len()).sum();
        let mut best = Duration::MAX;
        for _ in 0..rounds {
            let start = Instant::now();
            extract_all(&records);
            best = best.min(start.elapsed());
        }
        let seconds = best.as_secs_f64().max(1e-9);
        println!(
            "{} pages, {:.1} MB: {:.0} pages/s, {:.1} MB/s (best of {rounds} rounds)",
            records.len(),
            bytes as f64 / 1e6,
            records.len() as f64 / seconds,
            bytes as f64 / 1e6 / seconds
        );
    }
    ExitCode::SUCCESS
}

/// One timed pass over all records; a function of its own so that profilers can
/// count the warm passes alone (`valgrind --toggle-collect=dump_documents::extract_all`).
#[inline(never)]
fn extract_all(records: &[RawRecord]) {
    for record in records {
        let _ = std::hint::black_box(wirewatch_extract::extract(record));
    }
}
