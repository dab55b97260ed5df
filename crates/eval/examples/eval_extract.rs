//! Runs the extraction evaluation without the CLI:
//!
//! ```text
//! cargo run --release -p wirewatch-eval --example eval_extract -- CORPUS_DIR [--json] [--limit N] [--split dev|test|all] [--no-peers] [--python PY]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use wirewatch_eval::{eval_extract, ExtractEvalOptions};

fn main() -> ExitCode {
    let mut corpus: Option<PathBuf> = None;
    let mut json = false;
    let mut opts = ExtractEvalOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--no-peers" => opts.peers = false,
            "--limit" => match args.next().and_then(|n| n.parse().ok()) {
                Some(limit) => opts.limit = Some(limit),
                None => return usage("--limit needs a number"),
            },
            "--split" => match args.next() {
                Some(split) => opts.split = Some(split),
                None => return usage("--split needs dev, test or all"),
            },
            "--python" => match args.next() {
                Some(python) => opts.python = python,
                None => return usage("--python needs a program"),
            },
            "--corpus" => corpus = args.next().map(PathBuf::from),
            other if !other.starts_with('-') && corpus.is_none() => corpus = Some(PathBuf::from(other)),
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let Some(corpus) = corpus else {
        return usage("give a corpus folder");
    };
    match eval_extract(&corpus, &opts) {
        Ok(report) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&report.to_json()).unwrap_or_default());
            } else if let Err(error) = report.print_table(&mut std::io::stdout().lock()) {
                eprintln!("eval_extract: {error}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("eval_extract: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("eval_extract: {problem}");
    eprintln!("usage: eval_extract CORPUS_DIR [--json] [--limit N] [--split dev|test|all] [--no-peers] [--python PY]");
    ExitCode::from(2)
}
