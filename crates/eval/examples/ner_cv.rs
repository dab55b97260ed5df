//! Cross-validation on GermEval 2014 **dev** (never test) with every training
//! option of the entity tagger, plus an error breakdown: the bench for
//! choosing what the shipped model does.
//!
//! `cargo run --release -p wirewatch-eval --example ner_cv -- [--corpus DIR] [--folds 5]
//! [--epochs 12] [--seed S] [--augment N] [--runs K] [--min-count C] [--lexicon-share S]
//! [--self-train N] [--threshold θ] [--silver-weight W] [--spread] [--errors]
//! [--bias-grid "SPEC;SPEC;…"] [--profiles FILE]`
//! (`--bias-grid`: each fold's tagger is trained once and decoded with every
//! decoding bias of the list, one score line per bias; a SPEC is
//! `PATTERN=VALUE,…` as `wirewatch_analyse::entities::parse_bias` reads it,
//! e.g. `O=0;O=-0.5;B-*=0.5`, and the error breakdown is that of the first)
//!
//! (`--profiles FILE`: the context-profile features of
//! `wirewatch_analyse::entities::profiles`, from a file written by the
//! `build_context_profiles` example, for every fold's tagger; tried, not kept)
//!
//! (`--speed`: load time and tagging speed of the shipped model, or of the file `$NER_MODEL`,
//! on dev's tokens; no scores)
//!
//! Self-training reads unlabeled German text without the GermEval dev tokens
//! (`wirewatch_eval::unlabeled::german_sentences_from(.., false)`); gathering
//! it runs the HTML extractor over two corpora, so the sentences are cached in
//! `$NER_UNLABELED_CACHE` (default `/tmp/wirewatch-ner-unlabeled.tsv`).

use std::collections::BTreeMap;

use wirewatch_analyse::entities::labelled::{chunks, parse_germeval, Chunk, LabelledSentence};
use wirewatch_analyse::entities::profiles::{use_in_features, ContextProfiles};
use wirewatch_analyse::entities::train::TrainOptions;
use wirewatch_analyse::entities::{parse_bias, EntityTagger, SelfTraining, TrainingRecord};
use wirewatch_eval::ner_eval::NerScores;

/// Settings read from the command line.
struct Settings {
    corpus: String,
    folds: usize,
    train: TrainOptions,
    self_train: SelfTraining,
    errors: bool,
    /// Decoding biases to score, each on the same trained folds.
    biases: Vec<(String, BTreeMap<String, f32>)>,
}

fn parse_args() -> Result<Settings, String> {
    let mut settings = Settings {
        corpus: "../shared/corpora/germeval2014-ner".to_string(),
        folds: 5,
        train: TrainOptions::default(),
        self_train: SelfTraining { max_added: 0, ..SelfTraining::default() },
        errors: false,
        biases: vec![(String::new(), BTreeMap::new())],
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--errors" {
            settings.errors = true;
            continue;
        }
        if flag == "--speed" {
            continue;
        }
        if flag == "--spread" {
            settings.self_train.spread = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || value.parse::<f64>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--corpus" => settings.corpus = value.clone(),
            "--folds" => settings.folds = number()? as usize,
            "--epochs" => settings.train.epochs = number()? as usize,
            "--seed" => settings.train.seed = number()? as u64,
            "--lexicon-share" => settings.train.lexicon_share = number()? as f32,
            "--min-count" => settings.train.min_feature_count = number()? as u32,
            "--runs" => settings.train.runs = number()? as usize,
            "--augment" => settings.train.augment_copies = number()? as usize,
            "--self-train" => settings.self_train.max_added = number()? as usize,
            "--threshold" => settings.self_train.threshold = number()? as f32,
            "--silver-weight" => settings.self_train.weight = number()? as f32,
            "--profiles" => {
                let text = std::fs::read_to_string(&value).map_err(|e| format!("{value}: {e}"))?;
                let profiles = ContextProfiles::parse(&text).map_err(|e| format!("{value}: {e}"))?;
                eprintln!("context profiles: {} words from {value}", profiles.len());
                if use_in_features(profiles).is_err() {
                    return Err("--profiles given twice".to_string());
                }
            }
            "--bias-grid" => {
                settings.biases = value
                    .split(';')
                    .map(|spec| Ok((spec.trim().to_string(), parse_bias(spec)?)))
                    .collect::<Result<_, String>>()?;
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(settings)
}

/// Unlabeled sentences without GermEval dev, cached between runs.
fn unlabeled() -> Vec<Vec<String>> {
    let cache = std::env::var("NER_UNLABELED_CACHE")
        .unwrap_or_else(|_| "/tmp/wirewatch-ner-unlabeled.tsv".to_string());
    if let Ok(text) = std::fs::read_to_string(&cache) {
        return text.lines().map(|line| line.split('\t').map(str::to_string).collect()).collect();
    }
    let Some(shared) = wirewatch_eval::unlabeled::shared_dir() else {
        eprintln!("skipping self-training: ../shared not found");
        return Vec::new();
    };
    let sentences = match wirewatch_eval::unlabeled::german_sentences_from(&shared, false) {
        Ok(found) => found.sentences,
        Err(error) => {
            eprintln!("unlabeled text: {error}");
            return Vec::new();
        }
    };
    // Tokens never contain tabs or newlines (the segmenter splits on white space).
    let text: String = sentences.iter().map(|tokens| tokens.join("\t") + "\n").collect();
    if let Err(error) = std::fs::write(&cache, text) {
        eprintln!("{cache}: {error}");
    }
    sentences
}

/// Where the tagger's outer chunks go wrong, pooled over the folds.
#[derive(Default)]
struct Errors {
    /// Gold chunks with no overlapping prediction, per gold type.
    missed: BTreeMap<String, usize>,
    /// Gold chunks predicted with the exact span but another type: (gold, predicted).
    wrong_type: BTreeMap<(String, String), usize>,
    /// Gold chunks overlapped by a prediction with other boundaries, per gold type.
    wrong_span: BTreeMap<String, usize>,
    /// Predictions overlapping no gold chunk, per predicted type.
    spurious: BTreeMap<String, usize>,
}

impl Errors {
    fn add(&mut self, gold: &[Chunk], predicted: &[Chunk]) {
        for chunk in gold.iter().filter(|chunk| !predicted.contains(chunk)) {
            let overlapping: Vec<&Chunk> =
                predicted.iter().filter(|p| p.start < chunk.end && chunk.start < p.end).collect();
            if overlapping.is_empty() {
                *self.missed.entry(chunk.kind.clone()).or_default() += 1;
            } else if let Some(same) =
                overlapping.iter().find(|p| p.start == chunk.start && p.end == chunk.end)
            {
                *self.wrong_type.entry((chunk.kind.clone(), same.kind.clone())).or_default() += 1;
            } else {
                *self.wrong_span.entry(chunk.kind.clone()).or_default() += 1;
            }
        }
        for chunk in predicted {
            if !gold.iter().any(|g| chunk.start < g.end && g.start < chunk.end) {
                *self.spurious.entry(chunk.kind.clone()).or_default() += 1;
            }
        }
    }

    fn print(&self) {
        let total = |map: &BTreeMap<String, usize>| map.values().sum::<usize>();
        println!(
            "errors: {} gold missed entirely, {} right span wrong type, {} wrong span; {} spurious",
            total(&self.missed),
            self.wrong_type.values().sum::<usize>(),
            total(&self.wrong_span),
            total(&self.spurious)
        );
        println!("  missed entirely: {:?}", self.missed);
        println!("  wrong span:      {:?}", self.wrong_span);
        println!("  spurious:        {:?}", self.spurious);
        let mut confusions: Vec<_> = self.wrong_type.iter().collect();
        confusions.sort_by(|a, b| b.1.cmp(a.1));
        let top: Vec<String> =
            confusions.iter().take(12).map(|((g, p), n)| format!("{g}->{p} {n}")).collect();
        println!("  wrong type:      {}", top.join(", "));
    }
}

fn main() {
    let settings = match parse_args() {
        Ok(settings) => settings,
        Err(error) => return eprintln!("{error}"),
    };
    let path = format!("{}/NER-de-dev.tsv", settings.corpus);
    let dev = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| parse_germeval(&text).map_err(|e| e.to_string()))
    {
        Ok(dev) => dev,
        Err(error) => return eprintln!("{path}: {error}"),
    };
    if std::env::args().any(|arg| arg == "--speed") {
        return shipped_speed(&dev, std::env::var("NER_MODEL").ok());
    }
    let pool = if settings.self_train.max_added > 0 { unlabeled() } else { Vec::new() };
    let folds = settings.folds.max(2);
    let mut scores: Vec<NerScores> = settings.biases.iter().map(|_| NerScores::default()).collect();
    let mut errors = Errors::default();
    let mut added_total = 0;
    for fold in 0..folds {
        let in_fold = |index: usize| index * folds / dev.len().max(1) == fold;
        let training: Vec<LabelledSentence> =
            dev.iter().enumerate().filter(|(i, _)| !in_fold(*i)).map(|(_, s)| s.clone()).collect();
        let mut tagger = if settings.self_train.max_added > 0 {
            let (tagger, silver) = EntityTagger::self_train(
                &training,
                &pool,
                settings.train,
                settings.self_train,
                TrainingRecord::default(),
            );
            added_total += silver.len();
            tagger
        } else {
            EntityTagger::train(&training, settings.train, TrainingRecord::default())
        };
        for (setting, (_, bias)) in settings.biases.iter().enumerate() {
            tagger.set_decode_bias(bias.clone());
            for (_, sentence) in dev.iter().enumerate().filter(|(i, _)| in_fold(*i)) {
                let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
                let tagged = tagger.tag_tokens(&tokens);
                scores[setting].add_sentence(sentence, &tagged.outer, &tagged.inner);
                if setting == 0 {
                    errors.add(&chunks(&sentence.outer), &chunks(&tagged.outer));
                }
            }
        }
    }
    let line = |name: &str, counts: wirewatch_eval::ner_eval::Counts| {
        println!(
            "{name:<28} P {:6.2}  R {:6.2}  F1 {:6.2}",
            counts.precision() * 100.0,
            counts.recall() * 100.0,
            counts.f1() * 100.0
        )
    };
    if settings.self_train.max_added > 0 {
        println!("silver sentences added: {added_total} over {folds} folds (pool {})", pool.len());
    }
    if settings.biases.len() > 1 {
        for ((spec, _), scores) in settings.biases.iter().zip(&scores) {
            line(&format!("outer, bias {spec}"), scores.outer);
            // Per-type F1 of the four main types, to see which a bias helps.
            let by_type: Vec<String> = ["PER", "LOC", "ORG", "OTH"]
                .iter()
                .filter_map(|kind| {
                    let counts = scores.per_type.get(*kind)?;
                    Some(format!(
                        "{kind} {:.1}/{:.1}/{:.1}",
                        counts.precision() * 100.0,
                        counts.recall() * 100.0,
                        counts.f1() * 100.0
                    ))
                })
                .collect();
            println!("{:<28}   P/R/F1 {}", "", by_type.join("  "));
        }
    }
    let Some(scores) = scores.first() else { return };
    line("outer", scores.outer);
    line("combined", scores.combined());
    if settings.errors {
        line("outer base classes", scores.outer_base);
        for (kind, counts) in &scores.per_type {
            line(&format!("  {kind} ({} gold)", counts.tp + counts.fn_), *counts);
        }
        errors.print();
    }
}

/// Load time of the shipped model and its tagging speed (one thread) over
/// dev's tokens, three passes; scores on dev would mean nothing (it is the
/// shipped model's training data), so none are printed.
/// `$NER_MODEL` names another model file to time instead.
fn shipped_speed(dev: &[LabelledSentence], file: Option<String>) {
    let started = std::time::Instant::now();
    let loaded;
    let tagger = match file {
        Some(path) => match std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| EntityTagger::from_bytes(&bytes).map_err(|e| e.to_string()))
        {
            Ok(tagger) => {
                loaded = tagger;
                &loaded
            }
            Err(error) => return eprintln!("{path}: {error}"),
        },
        None => match EntityTagger::german() {
            Ok(tagger) => tagger,
            Err(error) => return eprintln!("{error}"),
        },
    };
    let load = started.elapsed().as_secs_f64();
    let started = std::time::Instant::now();
    let mut tokens = 0;
    for _ in 0..3 {
        for sentence in dev {
            let words: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
            tokens += tagger.tag_tokens(&words).outer.len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "shipped model: loaded in {load:.3} s, {} weighted features; {:.0} tokens/s on one thread",
        tagger.feature_count(),
        tokens as f64 / seconds.max(1e-9)
    );
}
