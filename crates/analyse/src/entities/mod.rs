//! Named entities: people, organisations, places and other names (GermEval
//! 2014's PER, ORG, LOC, OTH with `-deriv`/`-part` forms), and the roles
//! that name a person without naming them ("Kremlchef", "US-Präsident").
//!
//! * [`labelled`] reads BIO-labelled training and evaluation files.
//! * [`features`] turns a tokenised sentence into hashed feature ids, using
//!   the lexicons and the distributional word classes as well as the words.
//! * [`model`] scores and decodes (BIO-constrained Viterbi); [`train`] learns
//!   the weights (averaged structured perceptron, deterministic);
//!   [`augment`] makes mention-replacement copies of training sentences.
//!   Each shipped model is the mean of several runs, each on its own copies.
//! * [`profiles`] holds context profiles of words from unlabeled text (an
//!   experiment; the shipped tagger does not read them).
//! * [`EntityTagger`] is the shipped tagger: an outer model, an inner
//!   (embedded-entity) model, and the file format that holds both with the
//!   record of how they were trained (and an optional decoding bias: label
//!   scores shifted before Viterbi and confidences, [`resolve_bias`]).
//!   `wirewatch train ner` rebuilds it.

pub mod augment;
pub mod english;
pub mod features;
pub mod labelled;
pub mod lexicon;
pub mod model;
pub mod profiles;
pub mod rules;
pub mod train;
pub mod word_classes;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use wirewatch_model::{Mention, MentionForm, MentionType, Sentence};

use features::{extra_feature, FeatureExtractor, TokenInfo};
use labelled::LabelledSentence;
use model::{ModelError, SequenceModel};
use train::{train_sequence_weighted, Example, TrainOptions};

/// The German model shipped with the binary (rebuilt by `wirewatch train ner`;
/// see `models/README.md`).
static GERMAN_MODEL: &[u8] = include_bytes!("../../models/ner-de.bin");

/// File magic and format version of a tagger file. Version 2 added the
/// decoding bias to the training record; version 1 files (no bias) still
/// load. The version was bumped so an older reader refuses a biased model
/// instead of silently decoding it without its bias.
const MAGIC: &[u8; 8] = b"WWNER\0\0\x02";

/// The magic of version 1 files, read as "no decoding bias".
const MAGIC_V1: &[u8; 8] = b"WWNER\0\0\x01";

/// How a tagger was trained: enough to rebuild it and to know what it saw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingRecord {
    /// The command that rebuilt it.
    pub command: String,
    /// Training files with their SHA-256 and size in sentences and tokens.
    pub data: Vec<TrainingFile>,
    /// Perceptron passes.
    pub epochs: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// Minimum feature count.
    pub min_feature_count: u32,
    /// Mention-replacement copies per sentence.
    #[serde(default)]
    pub augment_copies: usize,
    /// Perceptron runs averaged into each model (0 in files from before
    /// averaging: one run).
    #[serde(default)]
    pub runs: usize,
    /// Share of mention replacements drawn from the lexicons.
    #[serde(default)]
    pub lexicon_share: f32,
    /// Fingerprints of the lexicons and word classes the features read.
    pub resources: Vec<String>,
    /// Scores are divided by this before confidences are computed; chosen
    /// by cross-validation on the training data (lowest held-out negative
    /// log-likelihood of the gold labels), so confidences are calibrated.
    #[serde(default = "default_temperature")]
    pub temperature: f32,
    /// Added to outer label scores at every token before decoding and
    /// confidences (see [`resolve_bias`] for the patterns: `O`, `B-*`,
    /// `B-PER`, `*-OTH`); chosen by cross-validation on the training data
    /// to trade precision for recall. Empty in older files: no bias.
    #[serde(default)]
    pub decode_bias: BTreeMap<String, f32>,
}

fn default_temperature() -> f32 {
    1.0
}

impl Default for TrainingRecord {
    fn default() -> TrainingRecord {
        TrainingRecord {
            command: String::new(),
            data: Vec::new(),
            epochs: 0,
            seed: 0,
            min_feature_count: 0,
            augment_copies: 0,
            runs: 0,
            lexicon_share: 0.0,
            resources: Vec::new(),
            temperature: default_temperature(),
            decode_bias: BTreeMap::new(),
        }
    }
}

/// How [`EntityTagger::self_train`] picks and weighs silver sentences.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SelfTraining {
    /// Every token's label confidence must reach this.
    pub threshold: f32,
    /// At most this many silver sentences.
    pub max_added: usize,
    /// A silver sentence's updates count this much (a gold one's count 1).
    pub weight: f32,
    /// Pick among the confident sentences in a fixed pseudo-random order
    /// instead of the most confident first.
    pub spread: bool,
}

impl Default for SelfTraining {
    fn default() -> SelfTraining {
        SelfTraining { threshold: 0.95, max_added: 2000, weight: 1.0, spread: false }
    }
}

/// What [`EntityTagger::calibrate_decoding`] chose, and the curve it chose from.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// Confidence temperature (lowest held-out negative log-likelihood).
    pub temperature: f32,
    /// That log-likelihood, per token.
    pub loss: f64,
    /// The decoding bias with the best held-out outer F1.
    pub bias: BTreeMap<String, f32>,
    /// Held-out outer strict F1 (0 to 1) of each bias tried, in the order given.
    pub outer_f1: Vec<f64>,
}

/// One cross-validation fold in [`EntityTagger::calibrate_decoding`]: the
/// fold's outer model and, per held-out sentence, its unbiased emissions and
/// gold outer labels.
type FoldScores<'a> = (SequenceModel, Vec<(Vec<f32>, &'a [String])>);

/// One training file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingFile {
    /// Path as given.
    pub path: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Sentences read from it.
    pub sentences: usize,
    /// Tokens read from it.
    pub tokens: usize,
}

/// Entity and role mentions of a document in `language`: the trained German
/// tagger for German and for languages without their own tagger, the
/// capitalisation rules of [`english`] for English. `Err` says why there are
/// none (the shipped model could not be read).
pub fn document_mentions(
    text: &str,
    sentences: &[Sentence],
    language: Option<&str>,
) -> Result<Vec<Mention>, &'static str> {
    if language == Some("en") {
        return Ok(english::mentions(text, sentences));
    }
    Ok(EntityTagger::german()?.mentions(text, sentences))
}

/// The tagger: features, outer model, optional inner model.
#[derive(Debug)]
pub struct EntityTagger {
    outer: SequenceModel,
    /// `record.decode_bias` resolved against the outer labels (one per
    /// label; empty for no bias), so tagging adds it without lookups.
    outer_bias: Vec<f32>,
    inner: Option<SequenceModel>,
    record: TrainingRecord,
}

/// Labels of one tokenised sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaggedSentence {
    /// Outer BIO label per token.
    pub outer: Vec<String>,
    /// Inner BIO label per token (all `O` without an inner model).
    pub inner: Vec<String>,
    /// The tagger's confidence in each outer label, in `[0, 1]`.
    pub confidence: Vec<f32>,
}

impl EntityTagger {
    /// The German tagger compiled into the binary, loaded on first use;
    /// `Err` with the reason if the shipped file cannot be read.
    pub fn german() -> Result<&'static EntityTagger, &'static str> {
        static TAGGER: OnceLock<Result<EntityTagger, String>> = OnceLock::new();
        TAGGER
            .get_or_init(|| EntityTagger::from_bytes(GERMAN_MODEL).map_err(|error| error.to_string()))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Trains outer and inner models on labelled sentences.
    pub fn train(
        sentences: &[LabelledSentence],
        options: TrainOptions,
        record: TrainingRecord,
    ) -> EntityTagger {
        EntityTagger::train_with_silver(sentences, &[], 1.0, options, record)
    }

    /// Trains on gold `sentences` (with their mention-replacement copies) plus
    /// machine-labelled `silver` ones whose perceptron updates count
    /// `silver_weight` times a gold sentence's.
    pub fn train_with_silver(
        sentences: &[LabelledSentence],
        silver: &[LabelledSentence],
        silver_weight: f32,
        options: TrainOptions,
        mut record: TrainingRecord,
    ) -> EntityTagger {
        // Gold and silver examples are the same in every run; each run adds
        // its own mention-replacement copies (seed + run), so the averaged
        // runs differ in the names they saw as well as in order.
        let mut extractor = FeatureExtractor::new();
        let (gold_outer, gold_inner) = examples_of(&mut extractor, sentences.iter().chain(silver));
        let mut weights = vec![1.0f32; sentences.len()];
        weights.resize(sentences.len() + silver.len(), silver_weight);
        let has_inner = sentences.iter().chain(silver).any(|s| s.inner.iter().any(|label| label != "O"));
        let mut outer_models = Vec::new();
        let mut inner_models = Vec::new();
        for run in 0..options.runs.max(1) as u64 {
            let seeded = TrainOptions { seed: options.seed.wrapping_add(run), ..options };
            let augmented = augment::mention_replacement_with(
                sentences,
                options.augment_copies,
                seeded.seed,
                options.lexicon_share,
            );
            let copies = augmented.get(sentences.len()..).unwrap_or(&[]);
            let (copy_outer, copy_inner) = examples_of(&mut extractor, copies.iter());
            let mut run_weights = weights.clone();
            run_weights.resize(weights.len() + copies.len(), 1.0);
            let outer_examples: Vec<Example> = gold_outer.iter().cloned().chain(copy_outer).collect();
            outer_models.push(train_sequence_weighted(&outer_examples, &run_weights, seeded));
            if has_inner {
                let inner_examples: Vec<Example> = gold_inner.iter().cloned().chain(copy_inner).collect();
                inner_models.push(train_sequence_weighted(&inner_examples, &run_weights, seeded));
            }
        }
        let outer = SequenceModel::mean(&outer_models).unwrap_or_else(|| {
            SequenceModel::from_parts(Vec::new(), Default::default(), Vec::new(), Vec::new())
        });
        let inner = SequenceModel::mean(&inner_models);
        record.epochs = options.epochs;
        record.seed = options.seed;
        record.min_feature_count = options.min_feature_count;
        record.augment_copies = options.augment_copies;
        record.runs = options.runs.max(1);
        record.lexicon_share = options.lexicon_share;
        record.resources = resource_fingerprints();
        EntityTagger::assemble(outer, inner, record)
    }

    /// A tagger from its models and record, with the record's bias resolved.
    fn assemble(outer: SequenceModel, inner: Option<SequenceModel>, record: TrainingRecord) -> EntityTagger {
        let outer_bias = resolve_bias(&record.decode_bias, outer.labels());
        EntityTagger { outer, outer_bias, inner, record }
    }

    /// Sets the decoding bias (label pattern → score added at every token;
    /// see [`resolve_bias`]); an empty map removes it.
    pub fn set_decode_bias(&mut self, bias: BTreeMap<String, f32>) {
        self.outer_bias = resolve_bias(&bias, self.outer.labels());
        self.record.decode_bias = bias;
    }

    /// Self-training: trains on `sentences`, tags `unlabeled` text with that
    /// tagger, keeps up to `settings.max_added` sentences it is sure about
    /// (every token's label confidence at least `settings.threshold`, at
    /// least one name) as silver data, and trains again on gold plus silver,
    /// silver updates weighted by `settings.weight`. Returns the tagger and
    /// the silver sentences used.
    ///
    /// Deterministic: candidates are ranked by their lowest token confidence
    /// (or, with `settings.spread`, by a fixed hash of their position, so the
    /// silver data is not only the easiest sentences), ties broken by position.
    pub fn self_train(
        sentences: &[LabelledSentence],
        unlabeled: &[Vec<String>],
        options: TrainOptions,
        settings: SelfTraining,
        record: TrainingRecord,
    ) -> (EntityTagger, Vec<LabelledSentence>) {
        let base = EntityTagger::train(sentences, options, TrainingRecord::default());
        let silver = base.silver(unlabeled, settings);
        (EntityTagger::train_with_silver(sentences, &silver, settings.weight, options, record), silver)
    }

    /// The sentences of `unlabeled` this tagger labels confidently enough to
    /// train on (see [`EntityTagger::self_train`]).
    pub fn silver(&self, unlabeled: &[Vec<String>], settings: SelfTraining) -> Vec<LabelledSentence> {
        let mut extractor = FeatureExtractor::new();
        let mut candidates: Vec<(f32, usize, LabelledSentence)> = Vec::new();
        for (position, tokens) in unlabeled.iter().enumerate() {
            if tokens.len() < 4 || tokens.len() > 60 {
                continue;
            }
            let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
            let tagged = self.tag_with(&mut extractor, &words);
            let lowest = tagged.confidence.iter().copied().fold(1.0f32, f32::min);
            if lowest < settings.threshold || tagged.outer.iter().all(|label| label == "O") {
                continue;
            }
            let rank = if settings.spread {
                // A fixed pseudo-random order (splitmix64 of the position).
                let mut x = (position as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
                x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                (x >> 40) as f32
            } else {
                lowest
            };
            candidates.push((
                rank,
                position,
                LabelledSentence {
                    source: String::new(),
                    tokens: tokens.clone(),
                    outer: tagged.outer,
                    inner: tagged.inner,
                },
            ));
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(settings.max_added);
        candidates.into_iter().map(|(_, _, sentence)| sentence).collect()
    }

    /// Chooses the confidence temperature by `folds`-fold cross-validation on
    /// `sentences` (the training data): the one that gives the held-out gold
    /// labels the highest likelihood. Returns it with the per-token negative
    /// log-likelihood it reached. No decoding bias (see
    /// [`EntityTagger::calibrate_decoding`] for choosing one too).
    pub fn calibrate(sentences: &[LabelledSentence], options: TrainOptions, folds: usize) -> (f32, f64) {
        let found = EntityTagger::calibrate_decoding(sentences, options, folds, &[]);
        (found.temperature, found.loss)
    }

    /// Cross-validation on the training data for the decoding settings: each
    /// fold's tagger is trained once; its held-out sentences are decoded
    /// with every bias of `biases` (an empty list: no bias), the bias with
    /// the best pooled outer strict F1 is kept (the earliest on ties, so
    /// list the unbiased setting first), and the temperature is then chosen
    /// on the scores with that bias, so confidences match what is decoded.
    pub fn calibrate_decoding(
        sentences: &[LabelledSentence],
        options: TrainOptions,
        folds: usize,
        biases: &[BTreeMap<String, f32>],
    ) -> Calibration {
        const GRID: [f32; 10] = [0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0];
        let no_bias = [BTreeMap::new()];
        let biases = if biases.is_empty() { &no_bias[..] } else { biases };
        let folds = folds.max(2);
        // Per fold: the tagger's outer model and its held-out (emissions, gold) pairs.
        let mut held_out: Vec<FoldScores<'_>> = Vec::new();
        let mut extractor = FeatureExtractor::new();
        for fold in 0..folds {
            let in_fold = |index: usize| index * folds / sentences.len().max(1) == fold;
            let training: Vec<LabelledSentence> =
                sentences.iter().enumerate().filter(|(i, _)| !in_fold(*i)).map(|(_, s)| s.clone()).collect();
            let tagger = EntityTagger::train(&training, options, TrainingRecord::default());
            let mut scored = Vec::new();
            for sentence in sentences.iter().enumerate().filter(|(i, _)| in_fold(*i)).map(|(_, s)| s) {
                let words: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
                let info = token_info(&words);
                let mut features = Vec::new();
                extractor.sentence(&words, &info, &mut features);
                let mut emissions = Vec::new();
                tagger.outer.emissions(&features, &mut emissions);
                scored.push((emissions, sentence.outer.as_slice()));
            }
            held_out.push((tagger.outer, scored));
        }
        let mut outer_f1 = Vec::with_capacity(biases.len());
        for bias in biases {
            let (mut correct, mut predicted, mut gold) = (0usize, 0usize, 0usize);
            for (model, scored) in &held_out {
                let resolved = resolve_bias(bias, model.labels());
                for (emissions, gold_labels) in scored {
                    let mut biased = emissions.clone();
                    add_bias(&mut biased, &resolved);
                    let path: Vec<String> =
                        model.viterbi(&biased).iter().map(|&i| model.labels()[i].name.clone()).collect();
                    let (want, got) = (labelled::chunks(gold_labels), labelled::chunks(&path));
                    correct += got.iter().filter(|chunk| want.contains(chunk)).count();
                    predicted += got.len();
                    gold += want.len();
                }
            }
            outer_f1.push(2.0 * correct as f64 / (predicted + gold).max(1) as f64);
        }
        let chosen =
            (0..biases.len()).rev().max_by(|&a, &b| outer_f1[a].total_cmp(&outer_f1[b])).unwrap_or(0);
        let bias = biases.get(chosen).cloned().unwrap_or_default();
        let mut loss = [0.0f64; GRID.len()];
        let mut tokens = 0usize;
        for (model, scored) in &held_out {
            let labels = model.labels();
            let width = labels.len();
            let resolved = resolve_bias(&bias, labels);
            for (emissions, gold_labels) in scored {
                let mut biased = emissions.clone();
                add_bias(&mut biased, &resolved);
                for (slot, &temperature) in GRID.iter().enumerate() {
                    let marginals = model.marginals(&biased, temperature);
                    for (token, gold) in gold_labels.iter().enumerate() {
                        let p = labels
                            .iter()
                            .position(|label| &label.name == gold)
                            .and_then(|label| marginals.get(token * width + label))
                            .copied()
                            .unwrap_or(0.0);
                        loss[slot] -= f64::from(p.max(1e-6)).ln();
                    }
                }
                tokens += gold_labels.len();
            }
        }
        let best = (0..GRID.len()).min_by(|&a, &b| loss[a].total_cmp(&loss[b])).unwrap_or(1);
        Calibration { temperature: GRID[best], loss: loss[best] / tokens.max(1) as f64, bias, outer_f1 }
    }

    /// Sets the confidence temperature (see [`EntityTagger::calibrate`]).
    pub fn set_temperature(&mut self, temperature: f32) {
        self.record.temperature = temperature;
    }

    /// How this tagger was trained.
    pub fn record(&self) -> &TrainingRecord {
        &self.record
    }

    /// Features with weights in the outer and inner models.
    pub fn feature_count(&self) -> usize {
        self.outer.feature_count() + self.inner.as_ref().map_or(0, SequenceModel::feature_count)
    }

    /// Labels for one tokenised sentence.
    pub fn tag_tokens(&self, tokens: &[&str]) -> TaggedSentence {
        let mut extractor = FeatureExtractor::new();
        self.tag_with(&mut extractor, tokens)
    }

    fn tag_with(&self, extractor: &mut FeatureExtractor, tokens: &[&str]) -> TaggedSentence {
        if tokens.is_empty() {
            return TaggedSentence::default();
        }
        let info = token_info(tokens);
        let mut features = Vec::new();
        extractor.sentence(tokens, &info, &mut features);
        let mut emissions = Vec::new();
        self.outer.emissions(&features, &mut emissions);
        add_bias(&mut emissions, &self.outer_bias);
        let path = self.outer.viterbi(&emissions);
        let labels = self.outer.labels();
        let width = labels.len();
        let outer: Vec<String> = path.iter().map(|&i| labels[i].name.clone()).collect();
        let marginals = self.outer.marginals(&emissions, self.record.temperature);
        let confidence = path
            .iter()
            .enumerate()
            .map(|(token, &label)| marginals.get(token * width + label).copied().unwrap_or(0.0))
            .collect();
        let inner = match &self.inner {
            Some(inner_model) => {
                // The outer features plus the outer label, without copying them.
                let inner_width = inner_model.labels().len();
                emissions.clear();
                emissions.resize(tokens.len() * inner_width, 0.0);
                for (token, ids) in features.iter().enumerate() {
                    let scores = &mut emissions[token * inner_width..(token + 1) * inner_width];
                    inner_model.add_scores(ids, scores);
                    let label = outer[token].as_str();
                    inner_model.add_scores(&outer_label_features(label, tokens[token]), scores);
                }
                let inner_labels = inner_model.labels();
                inner_model.viterbi(&emissions).iter().map(|&i| inner_labels[i].name.clone()).collect()
            }
            None => vec!["O".to_string(); tokens.len()],
        };
        TaggedSentence { outer, inner, confidence }
    }

    /// Entity and role mentions of a document's text, sentence by sentence,
    /// in text order. Names never overlap each other; a role may lie on a
    /// `-part` name ("US-Präsident" is LOC-part and a role).
    pub fn mentions(&self, text: &str, sentences: &[Sentence]) -> Vec<Mention> {
        let mut extractor = FeatureExtractor::new();
        let mut mentions = Vec::new();
        for sentence in sentences {
            let tokens = crate::segment::tokens(text, sentence.start, sentence.end);
            let words: Vec<&str> =
                tokens.iter().map(|token| text.get(token.start..token.end).unwrap_or("")).collect();
            let tagged = self.tag_with(&mut extractor, &words);
            let first_of_sentence = mentions.len();
            let mut names: Vec<(usize, usize, MentionType)> = Vec::new();
            for chunk in labelled::chunks(&tagged.outer) {
                let (Some(first), Some(last)) = (tokens.get(chunk.start), tokens.get(chunk.end - 1)) else {
                    continue;
                };
                let (kind, form) = mention_type(&chunk.kind);
                let confidence = tagged.confidence[chunk.start..chunk.end].iter().sum::<f32>()
                    / (chunk.end - chunk.start) as f32;
                names.push((chunk.start, chunk.end, kind));
                mentions.push(Mention {
                    start: first.start,
                    end: last.end,
                    text: text.get(first.start..last.end).unwrap_or("").to_string(),
                    kind,
                    form,
                    confidence: round3(confidence),
                    role_of: None,
                });
            }
            for (start, end, person) in roles(&words, &names) {
                let (Some(first), Some(last)) = (tokens.get(start), tokens.get(end - 1)) else { continue };
                let role_of = person.and_then(|(person_start, _)| {
                    let byte_start = tokens.get(person_start)?.start;
                    mentions[first_of_sentence..]
                        .iter()
                        .position(|m| m.start == byte_start && m.kind == MentionType::Per)
                });
                mentions.push(Mention {
                    start: first.start,
                    end: last.end,
                    text: text.get(first.start..last.end).unwrap_or("").to_string(),
                    kind: MentionType::Role,
                    form: None,
                    confidence: 1.0,
                    // Made absolute after sorting, below.
                    role_of: role_of.map(|offset| first_of_sentence + offset),
                });
            }
        }
        // Text order; a role after the name it shares a span with. Role links
        // are indices, so remap them through the sort.
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&i| (mentions[i].start, mentions[i].kind == MentionType::Role, mentions[i].end));
        let mut new_index = vec![0; mentions.len()];
        for (position, &old) in order.iter().enumerate() {
            new_index[old] = position;
        }
        let mut sorted: Vec<Mention> = order.iter().map(|&i| mentions[i].clone()).collect();
        for mention in &mut sorted {
            mention.role_of = mention.role_of.map(|old| new_index[old]);
        }
        sorted
    }

    /// Reads a tagger file (gzip-compressed; see [`EntityTagger::write`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<EntityTagger, ModelError> {
        if bytes.is_empty() {
            return Err(ModelError(
                "no model file was built into this binary (run `wirewatch train ner`)".to_string(),
            ));
        }
        let mut input = flate2::read::GzDecoder::new(bytes);
        let mut magic = [0u8; 8];
        input.read_exact(&mut magic).map_err(|error| ModelError(format!("not a tagger file: {error}")))?;
        if &magic != MAGIC && &magic != MAGIC_V1 {
            return Err(ModelError("not a wirewatch entity tagger file (bad magic or version)".to_string()));
        }
        let record_json = model::read_str(&mut input)?;
        let record: TrainingRecord = serde_json::from_str(&record_json)
            .map_err(|error| ModelError(format!("training record: {error}")))?;
        let outer = SequenceModel::read(&mut input)?;
        let mut has_inner = [0u8; 1];
        input.read_exact(&mut has_inner).map_err(|error| ModelError(format!("truncated: {error}")))?;
        let inner = if has_inner[0] == 1 { Some(SequenceModel::read(&mut input)?) } else { None };
        // Reading to the end makes gzip check its CRC and length: a damaged
        // or truncated file is an error, never a silently different model.
        let mut rest = Vec::new();
        input.read_to_end(&mut rest).map_err(|error| ModelError(format!("damaged: {error}")))?;
        if !rest.is_empty() {
            return Err(ModelError(format!("{} unexpected bytes after the model", rest.len())));
        }
        Ok(EntityTagger::assemble(outer, inner, record))
    }

    /// Writes the tagger file: gzip of magic, training record (JSON), outer
    /// model, inner-model flag and inner model. Same tagger, same bytes.
    pub fn write(&self, out: impl Write) -> std::io::Result<()> {
        let mut encoder = flate2::GzBuilder::new().mtime(0).write(out, flate2::Compression::best());
        encoder.write_all(MAGIC)?;
        let record = serde_json::to_string(&self.record).map_err(std::io::Error::other)?;
        model::write_str(&mut encoder, &record)?;
        self.outer.write(&mut encoder)?;
        match &self.inner {
            Some(inner) => {
                encoder.write_all(&[1])?;
                inner.write(&mut encoder)?;
            }
            None => encoder.write_all(&[0])?,
        }
        encoder.finish()?;
        Ok(())
    }
}

/// Outer and inner training examples of labelled sentences (the inner
/// model also sees each token's gold outer label).
fn examples_of<'a>(
    extractor: &mut FeatureExtractor,
    sentences: impl Iterator<Item = &'a LabelledSentence>,
) -> (Vec<Example>, Vec<Example>) {
    let mut outer_examples = Vec::new();
    let mut inner_examples = Vec::new();
    for sentence in sentences {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        let info = token_info(&tokens);
        let mut features = Vec::new();
        extractor.sentence(&tokens, &info, &mut features);
        let inner_features = with_outer_labels(&features, &tokens, &sentence.outer);
        outer_examples.push(Example { features, labels: sentence.outer.clone() });
        inner_examples.push(Example { features: inner_features, labels: sentence.inner.clone() });
    }
    (outer_examples, inner_examples)
}

/// A role mention found by [`roles`]: its token range and the token range of
/// the name it stands for, if adjacent.
type RoleSpan = (usize, usize, Option<(usize, usize)>);

/// Role mentions of one sentence: token ranges of role words (with a
/// preceding nationality adjective: "der russische Präsident"), each with the
/// person name it stands for when that is adjacent: right after it
/// ("Kremlchef Wladimir Putin") or before it as an apposition ("Witkoff, der
/// US-Sondergesandte"). `names` are the sentence's name chunks (token ranges).
fn roles(words: &[&str], names: &[(usize, usize, MentionType)]) -> Vec<RoleSpan> {
    let lexicon = lexicon::Lexicon::german();
    let tags = lexicon.annotate(words);
    let in_person =
        |index: usize| names.iter().any(|&(s, e, kind)| kind == MentionType::Per && (s..e).contains(&index));
    let mut found = Vec::new();
    for (index, word) in words.iter().enumerate() {
        if in_person(index) || lexicon.role(word).is_none() {
            continue;
        }
        let mut start = index;
        while start > 0
            && tags[start - 1].has(lexicon::LexiconTags::DEMONYM)
            && words[start - 1].chars().next().is_some_and(char::is_lowercase)
        {
            start -= 1;
        }
        let end = index + 1;
        let after =
            names.iter().find(|&&(s, _, kind)| kind == MentionType::Per && s == end).map(|&(s, e, _)| (s, e));
        let before = names
            .iter()
            .filter(|&&(_, e, kind)| kind == MentionType::Per && e <= start && start - e <= 4)
            .max_by_key(|&&(_, e, _)| e)
            .filter(|&&(_, e, _)| {
                let between = &words[e..start];
                between.first() == Some(&",")
                    && between[1..].iter().all(|w| {
                        rules::NameRules::shared().has("apposition_articles", w)
                            || w.chars().next().is_some_and(char::is_lowercase)
                    })
            })
            .map(|&(s, e, _)| (s, e));
        found.push((start, end, after.or(before)));
    }
    found
}

/// Adds `bias` (one value per label) to every token's row of `emissions`;
/// an empty `bias` changes nothing. Viterbi and the marginals both read the
/// biased scores, so confidences describe the labels actually chosen.
fn add_bias(emissions: &mut [f32], bias: &[f32]) {
    if bias.is_empty() {
        return;
    }
    for row in emissions.chunks_exact_mut(bias.len()) {
        for (score, add) in row.iter_mut().zip(bias) {
            *score += add;
        }
    }
}

/// One bias value per label of `labels`: the sum of every pattern of `bias`
/// that matches the label. A pattern is a label name (`O`, `B-PER`), a
/// prefix with any type (`B-*`, `I-*`), or a type with either prefix
/// (`*-OTH`; exact type, so `*-PER` is not `*-PERderiv`). Empty when no
/// pattern matches any label, so the unbiased path costs nothing.
pub fn resolve_bias(bias: &BTreeMap<String, f32>, labels: &[model::Label]) -> Vec<f32> {
    let values: Vec<f32> = labels
        .iter()
        .map(|label| {
            bias.iter()
                .filter(|(pattern, _)| bias_pattern_matches(pattern, label))
                .map(|(_, value)| value)
                .sum::<f32>()
        })
        .collect();
    if values.iter().all(|value| *value == 0.0) {
        Vec::new()
    } else {
        values
    }
}

fn bias_pattern_matches(pattern: &str, label: &model::Label) -> bool {
    if pattern == label.name {
        return true;
    }
    match pattern.split_once('-') {
        Some(("*", kind)) => label.prefix != 'O' && label.kind == kind,
        Some((prefix, "*")) => label.prefix != 'O' && prefix.len() == 1 && prefix.starts_with(label.prefix),
        _ => false,
    }
}

/// Parses a bias written as `PATTERN=VALUE` pairs separated by commas
/// (`O=-0.5`, `B-*=0.3,B-OTH=0.2`; patterns as in [`resolve_bias`]); an empty
/// string is no bias.
pub fn parse_bias(spec: &str) -> Result<BTreeMap<String, f32>, String> {
    let mut bias = BTreeMap::new();
    for pair in spec.split(',').map(str::trim).filter(|pair| !pair.is_empty()) {
        let (pattern, value) =
            pair.split_once('=').ok_or_else(|| format!("bias {pair:?}: expected PATTERN=VALUE"))?;
        let value: f32 = value.trim().parse().map_err(|_| format!("bias {pair:?}: not a number"))?;
        if !value.is_finite() {
            return Err(format!("bias {pair:?}: not finite"));
        }
        *bias.entry(pattern.trim().to_string()).or_insert(0.0) += value;
    }
    Ok(bias)
}

fn round3(value: f32) -> f32 {
    (value * 1000.0).round() / 1000.0
}

/// PER/LOC/ORG/OTH and the form from a GermEval type (`LOCderiv`, `ORGpart`).
fn mention_type(kind: &str) -> (MentionType, Option<MentionForm>) {
    let (base, form) = if let Some(base) = kind.strip_suffix("deriv") {
        (base, Some(MentionForm::Deriv))
    } else if let Some(base) = kind.strip_suffix("part") {
        (base, Some(MentionForm::Part))
    } else {
        (kind, None)
    };
    let kind = match base {
        "PER" => MentionType::Per,
        "LOC" => MentionType::Loc,
        "ORG" => MentionType::Org,
        _ => MentionType::Oth,
    };
    (kind, form)
}

/// The inner model sees the outer label of each token (and with the word),
/// since embedded names live inside outer ones ("Universität [Hamburg]").
fn with_outer_labels(features: &[Vec<u64>], tokens: &[&str], outer: &[String]) -> Vec<Vec<u64>> {
    features
        .iter()
        .enumerate()
        .map(|(index, ids)| {
            let label = outer.get(index).map_or("O", String::as_str);
            let mut ids = ids.clone();
            ids.extend(outer_label_features(label, tokens.get(index).copied().unwrap_or("")));
            ids
        })
        .collect()
}

/// The two inner-model features of a token with outer label `label`.
fn outer_label_features(label: &str, word: &str) -> [u64; 2] {
    [extra_feature("outer", label), features::extra_feature2("outer+word", label, word)]
}

/// Family names (Faker's locale tables; see `rules/entities/PROVENANCE.md`).
static SURNAMES: &str = include_str!("../../rules/entities/surnames_international.txt");

/// Lexicon bit for a known family name (above the bits `lexicon` defines).
const SURNAME: u32 = 1 << 14;

fn surnames() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| SURNAMES.lines().filter(|line| !line.starts_with('#') && !line.is_empty()).collect())
}

/// What the lexicons and word classes say about each token.
fn token_info(tokens: &[&str]) -> Vec<TokenInfo> {
    let lexicon = lexicon::Lexicon::german();
    let classes = word_classes::WordClasses::german();
    let profiles = profiles::in_features();
    let tags = lexicon.annotate(tokens);
    let surnames = surnames();
    tokens
        .iter()
        .zip(tags)
        .map(|(token, tags)| {
            let base = token.strip_suffix('s').filter(|base| base.len() > 2);
            let surname = surnames.contains(token) || base.is_some_and(|base| surnames.contains(base));
            let (class_bits, class_len) = classes.path(token).unwrap_or((0, 0));
            let mut part_lexicon = 0;
            if token.contains('-') {
                for part in
                    token.split('-').filter(|part| part.chars().next().is_some_and(char::is_uppercase))
                {
                    let tags = lexicon.annotate(&[part]);
                    part_lexicon |= tags.first().map_or(0, |tags| tags.0 & 0xffff);
                    if surnames.contains(part) {
                        part_lexicon |= SURNAME;
                    }
                }
            }
            TokenInfo {
                part_lexicon,
                lexicon: tags.0 | if surname { SURNAME } else { 0 },
                class_bits,
                class_len,
                frequency: lexicon.frequency_bucket(token),
                profile: match profiles {
                    Some(profiles) if token.chars().next().is_some_and(char::is_uppercase) => {
                        Some(profiles.buckets(token))
                            .filter(|&packed| packed != 0)
                            .unwrap_or(profiles::NO_PROFILE)
                    }
                    _ => 0,
                },
            }
        })
        .collect()
}

/// Fingerprints of the resources features read, recorded with a model so a
/// changed lexicon is visible (and tested: the shipped model must match).
pub fn resource_fingerprints() -> Vec<String> {
    let fnv = |text: &str| {
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        format!("{hash:016x}")
    };
    vec![
        format!("lexicon:{}", lexicon::Lexicon::fingerprint()),
        format!("surnames_international:{}", fnv(SURNAMES)),
        format!("word_classes:{}", fnv(word_classes::WordClasses::german().to_tsv().as_str())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_and_matches_the_compiled_in_resources() {
        // Load time is measured by `wirewatch eval ner` (setup seconds), not here.
        let tagger = EntityTagger::from_bytes(GERMAN_MODEL).expect("the shipped model reads");
        let record = tagger.record();
        assert!(record.data.iter().all(|file| !file.path.to_lowercase().contains("test")), "{record:?}");
        assert!(record.temperature > 0.0);
        // A lexicon or word-class change without retraining degrades the
        // tagger silently; this makes it loud. Rebuild with `wirewatch train ner`.
        assert_eq!(
            record.resources,
            resource_fingerprints(),
            "retrain: the resources changed since the model was built"
        );
        let tagged =
            tagger.tag_tokens(&["Kremlchef", "Wladimir", "Putin", "traf", "in", "Moskau", "ein", "."]);
        assert_eq!(tagged.outer.len(), 8);
        assert_eq!(tagged.outer[1], "B-PER", "{tagged:?}");
        assert_eq!(tagged.outer[2], "I-PER", "{tagged:?}");
        assert_eq!(tagged.outer[5], "B-LOC", "{tagged:?}");
        assert_ne!(tagged.outer[0], "B-PER");
    }

    fn labelled(tokens: &[&str], outer: &[&str]) -> LabelledSentence {
        LabelledSentence::outer_only(tokens, outer)
    }

    #[test]
    fn self_training_adds_confident_silver_sentences_deterministically() {
        let gold: Vec<LabelledSentence> = (0..6)
            .flat_map(|_| {
                [
                    labelled(&["Merz", "sprach", "in", "Berlin", "."], &["B-PER", "O", "O", "B-LOC", "O"]),
                    labelled(&["Die", "Rede", "war", "kurz", "."], &["O"; 5]),
                ]
            })
            .collect();
        let unlabeled: Vec<Vec<String>> =
            ["Merz sprach in Berlin .", "Die Rede war kurz .", "zu kurz", "Merz sprach in Berlin lange ."]
                .iter()
                .map(|s| s.split(' ').map(str::to_string).collect())
                .collect();
        let options = TrainOptions { epochs: 3, runs: 2, ..TrainOptions::default() };
        for spread in [false, true] {
            let settings = SelfTraining { threshold: 0.0, max_added: 1, weight: 0.5, spread };
            let (tagger, silver) =
                EntityTagger::self_train(&gold, &unlabeled, options, settings, TrainingRecord::default());
            // At most `max_added`; never a sentence without a name or shorter than 4 tokens.
            assert_eq!(silver.len(), 1);
            assert!(silver.iter().all(|s| s.outer.iter().any(|l| l != "O") && s.tokens.len() >= 4));
            let (_, again) =
                EntityTagger::self_train(&gold, &unlabeled, options, settings, TrainingRecord::default());
            assert_eq!(silver, again);
            assert_eq!(tagger.record().runs, 2);
        }
        // An unreachable threshold adds nothing.
        let settings = SelfTraining { threshold: 1.5, ..SelfTraining::default() };
        let (_, silver) =
            EntityTagger::self_train(&gold, &unlabeled, options, settings, TrainingRecord::default());
        assert!(silver.is_empty());
    }

    #[test]
    fn a_damaged_model_file_is_an_error() {
        for cut in [0, 1, 10, GERMAN_MODEL.len() / 2, GERMAN_MODEL.len().saturating_sub(1)] {
            assert!(EntityTagger::from_bytes(&GERMAN_MODEL[..cut]).is_err(), "cut at {cut}");
        }
        assert!(EntityTagger::from_bytes(b"not a model").is_err());
    }

    #[test]
    fn decoding_bias_patterns_resolve_and_parse() {
        let labels: Vec<model::Label> = ["O", "B-OTH", "I-OTH", "B-PER", "I-PER", "B-PERpart"]
            .iter()
            .map(|n| model::Label::parse(n))
            .collect();
        let bias = parse_bias("O=-1, B-*=0.5,*-PER=2,B-PER=0.25").expect("parses");
        assert_eq!(resolve_bias(&bias, &labels), vec![-1.0, 0.5, 0.0, 2.75, 2.0, 0.5]);
        // No matching pattern, or all zero: no bias at all.
        assert!(resolve_bias(&parse_bias("X-*=3,O=0").unwrap(), &labels).is_empty());
        assert!(parse_bias("").unwrap().is_empty());
        for bad in ["O", "O=x", "O=inf", "O=NaN"] {
            assert!(parse_bias(bad).is_err(), "{bad}");
        }
        let mut emissions = vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        add_bias(&mut emissions, &[1.0, 0.0, -1.0]);
        assert_eq!(emissions, vec![1.0, 1.0, 1.0, 4.0, 4.0, 4.0]);
        add_bias(&mut emissions, &[]);
        assert_eq!(emissions, vec![1.0, 1.0, 1.0, 4.0, 4.0, 4.0]);
    }

    #[test]
    fn the_bias_moves_decoding_and_confidences_together_and_is_stored() {
        let mut tagger = EntityTagger::from_bytes(GERMAN_MODEL).expect("the shipped model reads");
        let words = ["Der", "Bericht", "nennt", "Sonnenfeld", "und", "Gr\u{fc}newald", "."];
        let plain = tagger.tag_tokens(&words);
        // A huge penalty on O makes every token a name, and the confidences
        // come from the same biased scores: without the bias a name label on
        // "und" or "." would have a marginal near 0.
        tagger.set_decode_bias(parse_bias("O=-1000").unwrap());
        let biased = tagger.tag_tokens(&words);
        assert!(biased.outer.iter().all(|label| label != "O"), "{biased:?}");
        assert!(biased.confidence.iter().all(|&c| c > 0.1), "{biased:?}");
        assert_ne!(plain.outer, biased.outer);
        // Written and read back, the bias is kept.
        let mut bytes = Vec::new();
        tagger.write(&mut bytes).expect("writes");
        let again = EntityTagger::from_bytes(&bytes).expect("reads back");
        assert_eq!(again.record().decode_bias, tagger.record().decode_bias);
        assert_eq!(again.tag_tokens(&words), biased);
        tagger.set_decode_bias(BTreeMap::new());
        assert_eq!(tagger.tag_tokens(&words), plain);
    }

    #[test]
    fn calibration_picks_the_bias_with_the_best_held_out_f1() {
        let data: Vec<LabelledSentence> = (0..10)
            .flat_map(|_| {
                [
                    labelled(&["Merz", "sprach", "in", "Berlin", "."], &["B-PER", "O", "O", "B-LOC", "O"]),
                    labelled(&["Die", "Rede", "war", "kurz", "."], &["O"; 5]),
                ]
            })
            .collect();
        let options = TrainOptions { epochs: 2, runs: 1, ..TrainOptions::default() };
        let everything_a_name = parse_bias("O=-1000").unwrap();
        let found = EntityTagger::calibrate_decoding(
            &data,
            options,
            2,
            &[BTreeMap::new(), everything_a_name.clone()],
        );
        assert_eq!(found.outer_f1.len(), 2);
        assert!(found.outer_f1[0] > found.outer_f1[1], "{found:?}");
        assert!(found.bias.is_empty());
        assert!(found.temperature > 0.0 && found.loss.is_finite());
        // Ties go to the earlier setting; an empty list means "no bias".
        let tie = EntityTagger::calibrate_decoding(
            &data,
            options,
            2,
            &[everything_a_name.clone(), everything_a_name],
        );
        assert!(!tie.bias.is_empty());
        let none = EntityTagger::calibrate_decoding(&data, options, 2, &[]);
        assert_eq!(none.outer_f1.len(), 1);
        assert_eq!((none.temperature, none.loss), EntityTagger::calibrate(&data, options, 2));
    }

    #[test]
    fn version_1_files_still_load_without_a_bias() {
        let tagger = EntityTagger::from_bytes(GERMAN_MODEL).expect("the shipped model reads");
        let mut bytes = Vec::new();
        tagger.write(&mut bytes).expect("writes");
        // The same file with the version 1 magic: decompress, patch, recompress.
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice()).read_to_end(&mut plain).expect("gunzips");
        plain[..8].copy_from_slice(MAGIC_V1);
        let mut old = Vec::new();
        let mut encoder = flate2::write::GzEncoder::new(&mut old, flate2::Compression::fast());
        encoder.write_all(&plain).expect("gzips");
        encoder.finish().expect("gzips");
        let read = EntityTagger::from_bytes(&old).expect("a version 1 file loads");
        let words = ["Angela", "Merkel", "besuchte", "Paris", "."];
        assert_eq!(read.tag_tokens(&words), tagger.tag_tokens(&words));
        plain[7] = 9;
        let mut future = Vec::new();
        let mut encoder = flate2::write::GzEncoder::new(&mut future, flate2::Compression::fast());
        encoder.write_all(&plain).expect("gzips");
        encoder.finish().expect("gzips");
        assert!(EntityTagger::from_bytes(&future).is_err(), "an unknown version is refused");
    }

    #[test]
    fn a_written_tagger_reads_back_identically() {
        let tagger = EntityTagger::from_bytes(GERMAN_MODEL).expect("the shipped model reads");
        let mut bytes = Vec::new();
        tagger.write(&mut bytes).expect("writes");
        let again = EntityTagger::from_bytes(&bytes).expect("reads back");
        let words = ["Angela", "Merkel", "besuchte", "die", "Bundeswehr", "."];
        assert_eq!(tagger.tag_tokens(&words), again.tag_tokens(&words));
    }
}
