//! Reads inputs the way `wirewatch ingest` would and prints what came out:
//! record and failure counts, bytes and throughput. No storage, no extraction.
//!
//! `cargo run --release -p wirewatch-ingest --example ingest_stats -- PATH|URL|- ...`

use std::time::Instant;

use wirewatch_ingest::{discover, read_source, IngestOptions, Input, Item};

fn main() {
    let inputs: Vec<Input> = std::env::args().skip(1).map(|arg| Input::from_arg(&arg)).collect();
    let (sources, diagnostics) = discover(&inputs);
    for diagnostic in &diagnostics {
        eprintln!("{diagnostic}");
    }
    let opts = IngestOptions::default();
    let started = Instant::now();
    let (mut records, mut failed, mut bytes) = (0u64, 0u64, 0u64);
    for source in &sources {
        read_source(source, &opts, &|_| false, &mut |item| match item {
            Item::Record(record) => {
                records += 1;
                bytes += record.bytes.len() as u64;
            }
            Item::Failed { diagnostic, .. } => {
                failed += 1;
                if failed <= 20 {
                    eprintln!("{diagnostic}");
                }
            }
        });
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} sources: {records} records ({:.1} MB payload), {failed} failures in {secs:.2} s ({:.0} records/s, {:.1} MB/s)",
        sources.len(),
        bytes as f64 / 1e6,
        records as f64 / secs.max(1e-9),
        bytes as f64 / 1e6 / secs.max(1e-9),
    );
}
