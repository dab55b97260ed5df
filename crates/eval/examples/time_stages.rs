//! Times the HTML stages (parse, metadata, main content) separately over a
//! corpus, single-threaded, to see where extraction time goes:
//! `cargo run --release -p wirewatch-eval --example time_stages -- CORPUS_DIR [--split dev] [--rounds N]`.
//!
//! It then times the whole `extract()` call over the corpus `--rounds` times
//! (default 3), which is also a clean target for `perf record`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use wirewatch_eval::corpus::{load_corpus_split, Split};
use wirewatch_extract::html::{content, dom, meta};
use wirewatch_model::{ContentKind, Hints, RawRecord};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(corpus) = args.first() else {
        eprintln!("usage: time_stages CORPUS_DIR [--split dev|test|all]");
        return ExitCode::from(2);
    };
    let split_name = args.iter().position(|a| a == "--split").and_then(|i| args.get(i + 1));
    let loaded = match Split::parse(split_name.map(String::as_str))
        .and_then(|split| load_corpus_split(&PathBuf::from(corpus), split, None))
    {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("time_stages: {error}");
            return ExitCode::FAILURE;
        }
    };
    let (mut parse, mut metadata, mut main) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut blocks = 0usize;
    for page in &loaded.pages {
        let html = String::from_utf8_lossy(&page.html);
        let start = Instant::now();
        let tree = dom::parse(&html);
        parse += start.elapsed();
        let start = Instant::now();
        let (found, body) = meta::read_meta(&tree, page.url.as_deref());
        metadata += start.elapsed();
        let start = Instant::now();
        blocks += content::main_blocks(&tree, found.title.as_deref(), body.as_deref()).len();
        main += start.elapsed();
    }
    let pages = loaded.pages.len().max(1) as f64;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0 / pages;
    println!(
        "{} pages: parse {:.3} ms, meta {:.3} ms, content {:.3} ms per page; {blocks} blocks",
        loaded.pages.len(),
        ms(parse),
        ms(metadata),
        ms(main)
    );
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let records: Vec<RawRecord> = loaded
        .pages
        .iter()
        .map(|page| RawRecord {
            source: page.id.clone(),
            url: page.url.clone(),
            kind: ContentKind::Html,
            bytes: page.html.clone(),
            hints: Hints::default(),
        })
        .collect();
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for record in &records {
            let _ = wirewatch_extract::extract(record);
        }
        best = best.min(start.elapsed());
    }
    println!(
        "whole extract(): {:.3} ms per page, {:.0} pages/s (best of {rounds} rounds)",
        ms(best),
        pages / best.as_secs_f64()
    );
    ExitCode::SUCCESS
}
