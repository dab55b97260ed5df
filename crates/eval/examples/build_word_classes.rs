//! Builds the German word-class file of the entity tagger from the unlabeled
//! German text under `../shared/corpora` (see `wirewatch_eval::unlabeled`).
//!
//! ```text
//! cargo run --release -p wirewatch-eval --example build_word_classes -- \
//!     --clusters 256 --min-count 2 \
//!     --out crates/analyse/rules/entities/word_classes_de.tsv
//! ```
//!
//! Options: `--shared DIR` (default `$WIREWATCH_SHARED`, else
//! `<workspace>/../shared`), `--clusters C` (leaf clusters, default 256),
//! `--min-count N` (default 2), `--out FILE` (default: the path above, relative
//! to the current directory), `--show WORD,WORD,…` (print those words'
//! clusters), `--without-germeval-dev` (leave the GermEval dev tokens out:
//! for measuring, by cross-validation on dev, the gain on unseen text). The file is the same byte for byte for the same inputs and
//! options; the training time goes to stdout only.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use wirewatch_analyse::entities::word_classes::WordClasses;
use wirewatch_eval::unlabeled::{german_sentences_from, shared_dir};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("build_word_classes: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut shared: Option<PathBuf> = None;
    let mut clusters = 256usize;
    let mut min_count = 2u32;
    let mut out = PathBuf::from("crates/analyse/rules/entities/word_classes_de.tsv");
    let mut with_germeval_dev = true;
    let mut show = "Berlin,München,Merkel,Montag,Regierung,Putin,Januar,Bundesregierung,sagte".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--shared" => shared = Some(PathBuf::from(value()?)),
            "--clusters" => clusters = value()?.parse().map_err(|e| format!("--clusters: {e}"))?,
            "--min-count" => min_count = value()?.parse().map_err(|e| format!("--min-count: {e}"))?,
            "--out" => out = PathBuf::from(value()?),
            "--show" => show = value()?,
            "--without-germeval-dev" => with_germeval_dev = false,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let shared = shared.or_else(shared_dir).ok_or("../shared not found (set WIREWATCH_SHARED)")?;

    let started = Instant::now();
    let unlabeled = german_sentences_from(&shared, with_germeval_dev).map_err(|e| e.to_string())?;
    let gathered = started.elapsed();
    println!(
        "gathered {} sentences, {} tokens in {:.1}s",
        unlabeled.sentences.len(),
        unlabeled.tokens(),
        gathered.as_secs_f64()
    );
    for source in &unlabeled.sources {
        println!(
            "  {}: {} files, {} docs, {} sentences, {} tokens, {} duplicates dropped, sha256 {}",
            source.name,
            source.files,
            source.documents,
            source.sentences,
            source.tokens,
            source.duplicates,
            source.sha256
        );
    }

    let training = Instant::now();
    let mut last_report = Instant::now();
    let mut classes =
        WordClasses::train_with_progress(&unlabeled.sentences, clusters, min_count, &mut |done, total| {
            if last_report.elapsed().as_secs() >= 30 {
                last_report = Instant::now();
                eprintln!("  {done}/{total} words placed, {:.0}s", training.elapsed().as_secs_f64());
            }
        });
    let trained = training.elapsed();
    println!(
        "trained C = {clusters}, min count {min_count}: {} words, {} clusters in {:.1}s",
        classes.len(),
        classes.cluster_count(),
        trained.as_secs_f64()
    );

    classes.push_header(&format!(
        "command: cargo run --release -p wirewatch-eval --example build_word_classes -- --clusters {clusters} --min-count {min_count}{}",
        if with_germeval_dev { "" } else { " --without-germeval-dev" }
    ));
    classes.push_header(&format!(
        "input: {} deduplicated sentences, {} tokens (before the min-count cut)",
        unlabeled.sentences.len(),
        unlabeled.tokens()
    ));
    for source in &unlabeled.sources {
        classes.push_header(&format!(
            "source: {} | {} | {} sentences, {} tokens | sha256 {}",
            source.name, source.licence, source.sentences, source.tokens, source.sha256
        ));
    }
    let tsv = classes.to_tsv();
    std::fs::write(&out, &tsv).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("wrote {} ({} bytes)", out.display(), tsv.len());

    for word in show.split(',').filter(|w| !w.is_empty()) {
        match classes.path(word) {
            Some((bits, len)) => {
                let path: String =
                    (0..len).rev().map(|i| if (bits >> i) & 1 == 1 { '1' } else { '0' }).collect();
                let words = classes.words_with_path(bits, len);
                let shown: Vec<&str> = words.iter().take(12).copied().collect();
                println!("  {word}: {path} ({} words) {}", words.len(), shown.join(" "));
            }
            None => println!("  {word}: unknown"),
        }
    }
    Ok(())
}
