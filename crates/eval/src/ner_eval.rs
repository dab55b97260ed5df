//! Named-entity evaluation on GermEval 2014 (`wirewatch eval ner`).
//!
//! Scores are GermEval's strict chunk metrics: a predicted entity counts only
//! with exactly the gold tokens and the gold type (all 12 types: PER, LOC,
//! ORG, OTH and their `-deriv`/`-part` forms). Reported:
//! * outer chunks (the figure published systems are compared on),
//! * inner (embedded) chunks,
//! * the official combined metric (outer and inner chunks pooled),
//! * outer chunks with the four base classes only (`-deriv`/`-part` merged),
//! * per-type outer F1.
//!
//! Splits: `test` tags GermEval test with a tagger trained on dev only —
//! the shipped one by default, or one trained in this run (`--retrain`);
//! `dev-cv` is k-fold cross-validation on dev, the only split used to make
//! choices. Nothing here reads test labels for anything but the final score.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};
use wirewatch_analyse::entities::labelled::{chunks, parse_germeval, Chunk, LabelledSentence};
use wirewatch_analyse::entities::train::TrainOptions;
use wirewatch_analyse::entities::{EntityTagger, SelfTraining, TrainingRecord};

use crate::EvalError;

/// What to evaluate.
#[derive(Clone, Debug)]
pub struct NerEvalOptions {
    /// `test` or `dev-cv`.
    pub split: String,
    /// Folds for `dev-cv`.
    pub folds: usize,
    /// For `test`: train a fresh tagger on dev in this run instead of using the shipped one.
    pub retrain: bool,
    /// Training settings for `dev-cv` and `--retrain`.
    pub train: TrainOptions,
    /// Self-training: silver sentences added from unlabeled German text
    /// (0 = none), and the confidence every token must reach.
    pub self_train: usize,
    /// Confidence threshold for self-training.
    pub self_train_threshold: f32,
}

impl Default for NerEvalOptions {
    fn default() -> NerEvalOptions {
        NerEvalOptions {
            split: "test".to_string(),
            folds: 5,
            retrain: false,
            train: TrainOptions::default(),
            self_train: 0,
            self_train_threshold: 0.95,
        }
    }
}

/// True/false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and gold.
    pub tp: usize,
    /// Predicted, not gold.
    pub fp: usize,
    /// Gold, not predicted.
    pub fn_: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// F1.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    fn to_json(self) -> Value {
        json!({
            "precision": round4(self.precision() * 100.0),
            "recall": round4(self.recall() * 100.0),
            "f1": round4(self.f1() * 100.0),
            "tp": self.tp, "fp": self.fp, "fn": self.fn_,
        })
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

fn round4(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Strict chunk scores of one evaluation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NerScores {
    /// Outer chunks, 12 types.
    pub outer: Counts,
    /// Inner chunks, 12 types.
    pub inner: Counts,
    /// Outer with `-deriv`/`-part` merged into the four base classes.
    pub outer_base: Counts,
    /// Outer chunks per type.
    pub per_type: BTreeMap<String, Counts>,
}

impl NerScores {
    /// The official GermEval metric: outer and inner chunks pooled.
    pub fn combined(&self) -> Counts {
        let mut counts = self.outer;
        counts.add(self.inner);
        counts
    }

    /// Adds one sentence's gold and predicted labels.
    pub fn add_sentence(&mut self, gold: &LabelledSentence, outer: &[String], inner: &[String]) {
        let gold_outer = chunks(&gold.outer);
        let predicted_outer = chunks(outer);
        self.outer.add(compare(&gold_outer, &predicted_outer));
        self.inner.add(compare(&chunks(&gold.inner), &chunks(inner)));
        self.outer_base.add(compare(&base(&gold_outer), &base(&predicted_outer)));
        let mut kinds: Vec<&str> =
            gold_outer.iter().chain(&predicted_outer).map(|chunk| chunk.kind.as_str()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for kind in kinds {
            let only =
                |list: &[Chunk]| list.iter().filter(|chunk| chunk.kind == kind).cloned().collect::<Vec<_>>();
            self.per_type
                .entry(kind.to_string())
                .or_default()
                .add(compare(&only(&gold_outer), &only(&predicted_outer)));
        }
    }
}

fn base(list: &[Chunk]) -> Vec<Chunk> {
    list.iter()
        .map(|chunk| Chunk {
            kind: chunk.kind.trim_end_matches("deriv").trim_end_matches("part").to_string(),
            ..chunk.clone()
        })
        .collect()
}

fn compare(gold: &[Chunk], predicted: &[Chunk]) -> Counts {
    let tp = predicted.iter().filter(|chunk| gold.contains(chunk)).count();
    Counts { tp, fp: predicted.len() - tp, fn_: gold.len() - tp }
}

/// A published GermEval 2014 figure, printed for context (not measured here).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PublishedNer {
    /// System.
    pub system: &'static str,
    /// F1 as published.
    pub f1: f64,
    /// Metric and training data as stated.
    pub note: &'static str,
}

/// From `germeval2014-ner/PROVENANCE.md`; every one was trained on the 24,000-sentence train split.
pub const PUBLISHED: &[PublishedNer] = &[
    PublishedNer {
        system: "ExB (shared-task winner, 2014)",
        f1: 79.10,
        note: "outer chunks; train 24k sentences",
    },
    PublishedNer {
        system: "Agerri & Rigau 2017",
        f1: 78.42,
        note: "outer; train 24k + clusters from large corpora",
    },
    PublishedNer { system: "GermaNER (CRF, 2015)", f1: 76.86, note: "outer; train 24k" },
    PublishedNer { system: "UKP (NN, 2014)", f1: 75.09, note: "official combined metric; train 24k" },
    PublishedNer {
        system: "GBERT-large (2020)",
        f1: 88.16,
        note: "flat outer F1; pretrained transformer, train 24k",
    },
];

/// The result of `wirewatch eval ner`.
#[derive(Clone, Debug)]
pub struct NerReport {
    /// Corpus folder.
    pub corpus_dir: PathBuf,
    /// `test` or `dev-cv`.
    pub split: String,
    /// Sentences scored.
    pub sentences: usize,
    /// Tokens scored.
    pub tokens: usize,
    /// The scores.
    pub scores: NerScores,
    /// What the tagger was trained on.
    pub trained_on: String,
    /// Seconds spent tagging (features, scoring, decoding), one thread.
    pub tagging_seconds: f64,
    /// Seconds to load the tagger (the shipped model) or to train it.
    pub setup_seconds: f64,
}

/// Runs the evaluation on the GermEval 2014 folder `corpus`.
pub fn eval_ner(corpus: &Path, options: &NerEvalOptions) -> Result<NerReport, EvalError> {
    let dev = read_split(corpus, "NER-de-dev.tsv")?;
    match options.split.as_str() {
        "test" => {
            let test = read_split(corpus, "NER-de-test.tsv")?;
            let started = Instant::now();
            let trained;
            let tagger: &EntityTagger = if options.retrain {
                trained = EntityTagger::train(&dev, options.train, TrainingRecord::default());
                &trained
            } else {
                EntityTagger::german().map_err(|reason| EvalError::BadOption(reason.to_string()))?
            };
            let setup_seconds = started.elapsed().as_secs_f64();
            let trained_on = describe_training(tagger.record(), options.retrain, dev.len());
            let (scores, tagging_seconds) = score(tagger, &test);
            Ok(NerReport {
                corpus_dir: corpus.to_path_buf(),
                split: "test".to_string(),
                sentences: test.len(),
                tokens: test.iter().map(|s| s.tokens.len()).sum(),
                scores,
                trained_on,
                tagging_seconds,
                setup_seconds,
            })
        }
        "dev-cv" => {
            let folds = options.folds.max(2);
            let mut scores = NerScores::default();
            let mut tagging_seconds = 0.0;
            let started = Instant::now();
            // Unlabeled text never includes GermEval dev here: the held-out
            // fold must stay unseen.
            let unlabeled = if options.self_train > 0 {
                let shared = crate::unlabeled::shared_dir().ok_or_else(|| {
                    EvalError::BadOption("self-training needs ../shared (or WIREWATCH_SHARED)".into())
                })?;
                crate::unlabeled::german_sentences_from(&shared, false)?.sentences
            } else {
                Vec::new()
            };
            for fold in 0..folds {
                let in_fold = |index: usize| index * folds / dev.len().max(1) == fold;
                let training: Vec<LabelledSentence> =
                    dev.iter().enumerate().filter(|(i, _)| !in_fold(*i)).map(|(_, s)| s.clone()).collect();
                let held_out: Vec<LabelledSentence> =
                    dev.iter().enumerate().filter(|(i, _)| in_fold(*i)).map(|(_, s)| s.clone()).collect();
                let tagger = if options.self_train > 0 {
                    EntityTagger::self_train(
                        &training,
                        &unlabeled,
                        options.train,
                        SelfTraining {
                            threshold: options.self_train_threshold,
                            max_added: options.self_train,
                            ..SelfTraining::default()
                        },
                        TrainingRecord::default(),
                    )
                    .0
                } else {
                    EntityTagger::train(&training, options.train, TrainingRecord::default())
                };
                let (fold_scores, seconds) = score(&tagger, &held_out);
                tagging_seconds += seconds;
                merge(&mut scores, &fold_scores);
            }
            let setup_seconds = started.elapsed().as_secs_f64() - tagging_seconds;
            Ok(NerReport {
                corpus_dir: corpus.to_path_buf(),
                split: format!("dev-cv{folds}"),
                sentences: dev.len(),
                tokens: dev.iter().map(|s| s.tokens.len()).sum(),
                scores,
                trained_on: format!(
                    "{folds}-fold cross-validation on GermEval dev ({} sentences), {} epochs, seed {}, \
                     mean of {} runs, {} mention-replacement copies",
                    dev.len(),
                    options.train.epochs,
                    options.train.seed,
                    options.train.runs.max(1),
                    options.train.augment_copies
                ),
                tagging_seconds,
                setup_seconds,
            })
        }
        other => Err(EvalError::BadOption(format!("unknown split {other:?} for eval ner (test or dev-cv)"))),
    }
}

fn merge(into: &mut NerScores, from: &NerScores) {
    into.outer.add(from.outer);
    into.inner.add(from.inner);
    into.outer_base.add(from.outer_base);
    for (kind, counts) in &from.per_type {
        into.per_type.entry(kind.clone()).or_default().add(*counts);
    }
}

fn describe_training(record: &TrainingRecord, retrained: bool, dev_sentences: usize) -> String {
    if retrained {
        return format!("trained in this run on GermEval dev ({dev_sentences} sentences)");
    }
    let files: Vec<String> = record
        .data
        .iter()
        .map(|file| {
            format!(
                "{} ({} sentences, sha256 {})",
                file.path,
                file.sentences,
                &file.sha256[..file.sha256.len().min(12)]
            )
        })
        .collect();
    format!("shipped model: {}", files.join(", "))
}

fn score(tagger: &EntityTagger, sentences: &[LabelledSentence]) -> (NerScores, f64) {
    let mut scores = NerScores::default();
    let mut seconds = 0.0;
    for sentence in sentences {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        let started = Instant::now();
        let tagged = tagger.tag_tokens(&tokens);
        seconds += started.elapsed().as_secs_f64();
        scores.add_sentence(sentence, &tagged.outer, &tagged.inner);
    }
    (scores, seconds)
}

fn read_split(corpus: &Path, name: &str) -> Result<Vec<LabelledSentence>, EvalError> {
    let path = corpus.join(name);
    let text =
        std::fs::read_to_string(&path).map_err(|source| EvalError::Io { path: path.clone(), source })?;
    parse_germeval(&text).map_err(|error| EvalError::Format { path, message: error.to_string() })
}

impl NerReport {
    fn tokens_per_s(&self) -> f64 {
        if self.tagging_seconds > 0.0 {
            self.tokens as f64 / self.tagging_seconds
        } else {
            0.0
        }
    }

    /// One JSON object in the shape every `wirewatch eval` prints.
    pub fn to_json(&self) -> Value {
        let per_type: serde_json::Map<String, Value> =
            self.scores.per_type.iter().map(|(kind, counts)| (kind.clone(), counts.to_json())).collect();
        let peers: serde_json::Map<String, Value> = PUBLISHED
            .iter()
            .map(|row| {
                (row.system.to_string(), json!({ "f1": row.f1, "note": row.note, "measured_here": false }))
            })
            .collect();
        json!({
            "task": "ner",
            "corpus": "germeval2014-ner",
            "split": self.split,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "trained_on": self.trained_on,
            "system": {
                "outer_strict_f1": round4(self.scores.outer.f1() * 100.0),
                "outer": self.scores.outer.to_json(),
                "inner": self.scores.inner.to_json(),
                "combined_official": self.scores.combined().to_json(),
                "outer_base_classes": self.scores.outer_base.to_json(),
                "per_type": per_type,
            },
            "peers": peers,
            "throughput": {
                "tokens_per_s": self.tokens_per_s().round(),
                "cores": 1,
                "setup_seconds": (self.setup_seconds * 1000.0).round() / 1000.0,
            },
        })
    }

    /// The report as a table.
    pub fn print_table(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        writeln!(
            out,
            "GermEval 2014 NER, split {}: {} sentences, {} tokens",
            self.split, self.sentences, self.tokens
        )?;
        writeln!(out, "tagger: {}", self.trained_on)?;
        writeln!(out)?;
        writeln!(out, "{:<34} {:>9} {:>9} {:>9}", "strict chunks", "P", "R", "F1")?;
        let line = |out: &mut dyn std::io::Write, name: &str, counts: Counts| {
            writeln!(
                out,
                "{:<34} {:>9.2} {:>9.2} {:>9.2}",
                name,
                counts.precision() * 100.0,
                counts.recall() * 100.0,
                counts.f1() * 100.0
            )
        };
        line(out, "outer (12 types)", self.scores.outer)?;
        line(out, "inner (12 types)", self.scores.inner)?;
        line(out, "combined (official metric)", self.scores.combined())?;
        line(out, "outer, 4 base classes", self.scores.outer_base)?;
        writeln!(out)?;
        for (kind, counts) in &self.scores.per_type {
            if counts.tp + counts.fn_ >= 10 {
                line(out, &format!("  outer {kind} ({} gold)", counts.tp + counts.fn_), *counts)?;
            }
        }
        writeln!(out)?;
        writeln!(
            out,
            "published (not measured here; all trained on the 24,000-sentence train split we do not have):"
        )?;
        for row in PUBLISHED {
            writeln!(out, "  {:<32} {:>6.2}  {}", row.system, row.f1, row.note)?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "speed: {:.0} tokens/s on one core (features, scoring, Viterbi; tokenised input); setup {:.3} s",
            self.tokens_per_s(),
            self.setup_seconds
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(outer: &[&str], inner: &[&str]) -> LabelledSentence {
        LabelledSentence {
            source: String::new(),
            tokens: outer.iter().map(|_| "x".to_string()).collect(),
            outer: outer.iter().map(|s| s.to_string()).collect(),
            inner: inner.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn strict_chunks_need_span_and_type() {
        let gold = sentence(&["B-PER", "I-PER", "O", "B-LOCderiv"], &["O", "O", "O", "O"]);
        let mut scores = NerScores::default();
        let predicted: Vec<String> = ["B-PER", "O", "O", "B-LOC"].iter().map(|s| s.to_string()).collect();
        let inner = vec!["O".to_string(); 4];
        scores.add_sentence(&gold, &predicted, &inner);
        assert_eq!(scores.outer, Counts { tp: 0, fp: 2, fn_: 2 });
        // Merging -deriv into LOC makes the second one right.
        assert_eq!(scores.outer_base, Counts { tp: 1, fp: 1, fn_: 1 });
        assert_eq!(scores.combined(), scores.outer);
    }
}
