//! Extracts one HTML file and prints the text (a development aid):
//! `cargo run --release -p wirewatch-eval --example extract_one -- PAGE.html`.

use std::process::ExitCode;
use wirewatch_model::{ContentKind, Hints, RawRecord};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: extract_one PAGE.html");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("extract_one: {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let record =
        RawRecord { source: path, url: None, kind: ContentKind::Html, bytes, hints: Hints::default() };
    match wirewatch_extract::extract(&record) {
        Ok(extracted) => {
            println!("{}", extracted.document.text);
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            eprintln!("extract_one: {diagnostic:?}");
            ExitCode::FAILURE
        }
    }
}
