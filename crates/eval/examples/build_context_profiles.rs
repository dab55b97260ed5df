//! Builds a context-profile file for the entity tagger's profile features
//! (`wirewatch_analyse::entities::profiles`; an experiment, not used by the
//! shipped tagger: `ner_cv --profiles FILE` measures it) from the unlabeled German text
//! under `../shared/corpora` **without** the GermEval dev tokens (dev is the
//! labelled data cross-validation scores on, so its sentences must not shape
//! the features; see `wirewatch_eval::unlabeled`).
//!
//! ```text
//! cargo run --release -p wirewatch-eval --example build_context_profiles -- \
//!     --out /tmp/wirewatch-context-profiles-de.tsv
//! ```
//!
//! Options: `--shared DIR` (default `$WIREWATCH_SHARED`, else
//! `<workspace>/../shared`), `--min-count N` (default
//! `profiles::DEFAULT_MIN_COUNT`), `--out FILE` (default: the path above),
//! `--sentences FILE` (read the sentences
//! from a file of tab-separated tokens, one sentence a line, instead of
//! gathering them: `ner_cv`'s cache of the same text). The file is the same
//! byte for byte for the same inputs and options.

use std::path::PathBuf;
use std::process::ExitCode;

use wirewatch_analyse::entities::profiles::{ContextCues, ContextProfiles, CONTEXTS, DEFAULT_MIN_COUNT};
use wirewatch_eval::unlabeled::{german_sentences_from, shared_dir};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("build_context_profiles: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut shared: Option<PathBuf> = None;
    let mut min_count = DEFAULT_MIN_COUNT;
    let mut out = PathBuf::from("/tmp/wirewatch-context-profiles-de.tsv");
    let mut cached: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--shared" => shared = Some(PathBuf::from(value()?)),
            "--min-count" => min_count = value()?.parse().map_err(|e| format!("--min-count: {e}"))?,
            "--out" => out = PathBuf::from(value()?),
            "--sentences" => cached = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown option {other}")),
        }
    }
    let mut sources = Vec::new();
    let sentences: Vec<Vec<String>> = match &cached {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            sources.push(format!(
                "sentences from {}",
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ));
            text.lines().map(|line| line.split('\t').map(str::to_string).collect()).collect()
        }
        None => {
            let shared = shared.or_else(shared_dir).ok_or("../shared not found (set WIREWATCH_SHARED)")?;
            let unlabeled = german_sentences_from(&shared, false).map_err(|e| e.to_string())?;
            for source in &unlabeled.sources {
                sources.push(format!(
                    "{}: {} sentences, {} tokens, sha256 {} ({})",
                    source.name, source.sentences, source.tokens, source.sha256, source.licence
                ));
            }
            unlabeled.sentences
        }
    };
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let mut profiles = ContextProfiles::build(&sentences, &ContextCues::german(), min_count);
    profiles.push_header(
        "Context profiles of capitalised German words for the entity tagger (entities/profiles.rs).",
    );
    profiles.push_header(&format!(
        "Built by: cargo run --release -p wirewatch-eval --example build_context_profiles -- --min-count {min_count}"
    ));
    profiles.push_header(&format!(
        "From {} sentences, {tokens} tokens of unlabeled German text in ../shared/corpora, GermEval 2014 dev left out:",
        sentences.len()
    ));
    for source in &sources {
        profiles.push_header(&format!("  {source}"));
    }
    profiles.push_header("Only counts derived from the text are stored (no sentence). Licence of the counts: as WORD_CLASSES.md.");
    profiles.push_header(&format!("Columns: word, occurrences, counts of: {}", CONTEXTS.join(",")));
    std::fs::write(&out, profiles.to_tsv()).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{} words with a profile from {} sentences ({tokens} tokens); wrote {}",
        profiles.len(),
        sentences.len(),
        out.display()
    );
    Ok(())
}
