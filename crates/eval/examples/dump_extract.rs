//! Writes wirewatch's output and per-page score for every page of a corpus,
//! for studying where extraction goes wrong on a development split:
//!
//! ```text
//! cargo run --release -p wirewatch-eval --example dump_extract -- CORPUS_DIR OUT_DIR [--split dev|test|all]
//! ```
//!
//! `OUT_DIR/scores.tsv` lists `id  precision  recall  f1  chars` (the corpus'
//! per-page metric; trafilatura-eval pages are not scored here), and
//! `OUT_DIR/<id>.txt` holds each page's extracted text. Only use it on splits
//! meant for development.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use wirewatch_eval::corpus::{load_corpus_split, Split};
use wirewatch_eval::score::{bag_of_words, shingle_matching};
use wirewatch_eval::CorpusKind;
use wirewatch_model::{ContentKind, Hints, RawRecord};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(corpus), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: dump_extract CORPUS_DIR OUT_DIR [--split dev|test|all]");
        return ExitCode::from(2);
    };
    let split_name = args.iter().position(|a| a == "--split").and_then(|i| args.get(i + 1));
    let split = match Split::parse(split_name.map(String::as_str)) {
        Ok(split) => split,
        Err(error) => {
            eprintln!("dump_extract: {error}");
            return ExitCode::from(2);
        }
    };
    let corpus = match load_corpus_split(&PathBuf::from(corpus), split, None) {
        Ok(corpus) => corpus,
        Err(error) => {
            eprintln!("dump_extract: {error}");
            return ExitCode::FAILURE;
        }
    };
    let out = PathBuf::from(out);
    if let Err(error) = std::fs::create_dir_all(&out) {
        eprintln!("dump_extract: {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    let mut table = String::from("id\tprecision\trecall\tf1\tchars\n");
    for page in &corpus.pages {
        let record = RawRecord {
            source: page.file_name.clone(),
            url: page.url.clone(),
            kind: ContentKind::Html,
            bytes: page.html.clone(),
            hints: Hints::default(),
        };
        let text = wirewatch_extract::extract(&record).map(|e| e.document.text).unwrap_or_default();
        let gold = page.gold.body.as_deref().unwrap_or("");
        let scores = match corpus.kind {
            CorpusKind::WcxbArticles => bag_of_words(gold, &text),
            CorpusKind::ScrapinghubAeb => {
                let counts = shingle_matching(gold, &text, 4);
                let (p, r) = (counts.precision(), counts.recall());
                Some((p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }))
            }
            CorpusKind::TrafilaturaEval => None,
        };
        if let Some((p, r, f1)) = scores {
            table.push_str(&format!("{}\t{p:.4}\t{r:.4}\t{f1:.4}\t{}\n", page.id, text.chars().count()));
        }
        let file = out.join(format!("{}.txt", page.id.replace(['/', '\\', ':'], "_")));
        if let Err(error) = std::fs::File::create(&file).and_then(|mut f| f.write_all(text.as_bytes())) {
            eprintln!("dump_extract: {}: {error}", file.display());
            return ExitCode::FAILURE;
        }
    }
    if let Err(error) = std::fs::write(out.join("scores.tsv"), table) {
        eprintln!("dump_extract: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
