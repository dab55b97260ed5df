//! Prints the entity tagger's mistakes on one cross-validation fold of
//! GermEval **dev** (never test): the tool for deciding what to fix.
//!
//! `cargo run --release -p wirewatch-eval --example ner_errors -- ../shared/corpora/germeval2014-ner [FOLD] [FOLDS]`

use wirewatch_analyse::entities::labelled::{chunks, parse_germeval};
use wirewatch_analyse::entities::train::TrainOptions;
use wirewatch_analyse::entities::{EntityTagger, TrainingRecord};

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "../shared/corpora/germeval2014-ner".to_string());
    let fold: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let folds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5).max(2);
    let text = match std::fs::read_to_string(format!("{corpus}/NER-de-dev.tsv")) {
        Ok(text) => text,
        Err(error) => return eprintln!("{corpus}/NER-de-dev.tsv: {error}"),
    };
    let dev = match parse_germeval(&text) {
        Ok(dev) => dev,
        Err(error) => return eprintln!("{error}"),
    };
    let in_fold = |index: usize| index * folds / dev.len().max(1) == fold;
    let training: Vec<_> =
        dev.iter().enumerate().filter(|(i, _)| !in_fold(*i)).map(|(_, s)| s.clone()).collect();
    let tagger = EntityTagger::train(&training, TrainOptions::default(), TrainingRecord::default());
    let summary = std::env::var("SUMMARY").is_ok();
    let (mut no_overlap, mut wrong_type, mut wrong_span, mut spurious) = (0, 0, 0, 0);
    for (_, sentence) in dev.iter().enumerate().filter(|(i, _)| in_fold(*i)) {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        let tagged = tagger.tag_tokens(&tokens);
        let gold = chunks(&sentence.outer);
        let predicted = chunks(&tagged.outer);
        let show = |c: &wirewatch_analyse::entities::labelled::Chunk| {
            format!("{}/{}", tokens[c.start..c.end].join(" "), c.kind)
        };
        let missed: Vec<String> = gold.iter().filter(|c| !predicted.contains(c)).map(show).collect();
        let wrong: Vec<String> = predicted.iter().filter(|c| !gold.contains(c)).map(show).collect();
        for g in gold.iter().filter(|c| !predicted.contains(c)) {
            let overlapping: Vec<_> =
                predicted.iter().filter(|p| p.start < g.end && g.start < p.end).collect();
            if overlapping.is_empty() {
                no_overlap += 1;
            } else if overlapping.iter().any(|p| p.start == g.start && p.end == g.end) {
                wrong_type += 1;
            } else {
                wrong_span += 1;
            }
        }
        spurious +=
            predicted.iter().filter(|p| !gold.iter().any(|g| p.start < g.end && g.start < p.end)).count();
        if !summary && (!missed.is_empty() || !wrong.is_empty()) {
            println!(
                "{}\n  missed: {}\n  wrong:  {}",
                tokens.join(" "),
                missed.join(" | "),
                wrong.join(" | ")
            );
        }
    }
    println!("gold not found: {no_overlap} missed entirely, {wrong_type} right span wrong type, {wrong_span} wrong span; {spurious} predictions overlap no gold");
}
