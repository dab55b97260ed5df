//! Training: an averaged structured perceptron (Collins 2002) over hashed
//! features, decoded with the same BIO-constrained Viterbi the tagger uses.
//!
//! Deterministic: sentence order is shuffled with a fixed-seed generator,
//! feature rows are numbered in order of first appearance, and nothing reads
//! the clock or a random source.

use rustc_hash::FxHashMap;

use super::model::{allowed_moves, viterbi, Label, SequenceModel};

/// Which learner fits the weights.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Algorithm {
    /// Averaged structured perceptron.
    Perceptron,
    /// Linear-chain CRF, L2-regularised, trained by SGD.
    Crf {
        /// L2 strength (CRFsuite's `c2`).
        l2: f64,
        /// Initial learning rate.
        rate: f64,
    },
}

/// Training settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainOptions {
    /// The learner.
    pub algorithm: Algorithm,
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the sentence-order shuffle.
    pub seed: u64,
    /// Features seen fewer times than this in the training data get no weight.
    pub min_feature_count: u32,
    /// Mention-replacement copies of each sentence added to the training
    /// data ([`augment`](super::augment)); read by the entity trainer.
    pub augment_copies: usize,
    /// Perceptron runs (seeds `seed`, `seed + 1`, …) whose weights are
    /// averaged into the model; read by the entity trainer only (1 = one
    /// run). The default, 5, is the shipped tagger's: 5-fold CV on GermEval
    /// dev, outer F1 67.59 with one run, 68.35 with 5.
    pub runs: usize,
    /// Share (0 to 1) of mention replacements drawn from the lexicons rather
    /// than the training data ([`augment::mention_replacement_with`](super::augment::mention_replacement_with)).
    pub lexicon_share: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            algorithm: Algorithm::Perceptron,
            epochs: 12,
            seed: 20_140_101,
            min_feature_count: 1,
            augment_copies: 0,
            runs: 5,
            lexicon_share: 0.0,
        }
    }
}

/// One training example: the feature ids of each token and its gold label.
#[derive(Clone, Debug, Default)]
pub struct Example {
    /// Feature ids per token.
    pub features: Vec<Vec<u64>>,
    /// Gold BIO label per token.
    pub labels: Vec<String>,
}

/// Trains a sequence model on `examples` with the chosen learner.
pub fn train_sequence(examples: &[Example], options: TrainOptions) -> SequenceModel {
    train_sequence_weighted(examples, &[], options)
}

/// [`train_sequence`] with a weight per example (missing ones are 1): the
/// perceptron's updates on an example are scaled by it, so machine-labelled
/// (silver) sentences can count less than gold ones. The CRF ignores weights.
pub fn train_sequence_weighted(
    examples: &[Example],
    weights: &[f32],
    options: TrainOptions,
) -> SequenceModel {
    match options.algorithm {
        Algorithm::Perceptron => perceptron(examples, weights, options),
        Algorithm::Crf { l2, rate } => {
            train_crf(examples, CrfOptions { epochs: options.epochs, l2, rate, seed: options.seed })
        }
    }
}

/// Trains with the averaged structured perceptron.
pub fn train_perceptron(examples: &[Example], options: TrainOptions) -> SequenceModel {
    perceptron(examples, &[], options)
}

fn perceptron(examples: &[Example], example_weights: &[f32], options: TrainOptions) -> SequenceModel {
    let Prepared { labels, row_ids, sentences: prepared } = prepare(examples, options.min_feature_count);
    let width = labels.len();

    let allowed = allowed_moves(&labels);
    let transition_count = (width + 1) * width;
    let mut weights = Averaged::new(row_ids.len() * width);
    let mut transitions = Averaged::new(transition_count);
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut random = XorShift(options.seed.max(1));
    let mut emissions = Vec::new();
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut random);
        for &index in &order {
            let (features, gold) = &prepared[index];
            if gold.is_empty() {
                continue;
            }
            emissions.clear();
            emissions.resize(gold.len() * width, 0.0);
            for (token, ids) in features.iter().enumerate() {
                let scores = &mut emissions[token * width..(token + 1) * width];
                for &row in ids {
                    let start = row as usize * width;
                    for (score, weight) in scores.iter_mut().zip(&weights.current[start..start + width]) {
                        *score += weight;
                    }
                }
            }
            let predicted = viterbi(&emissions, &transitions.current, &allowed, width);
            if predicted != *gold {
                let step = example_weights.get(index).copied().unwrap_or(1.0);
                for (token, ids) in features.iter().enumerate() {
                    let (truth, guess) = (gold[token], predicted[token]);
                    if truth != guess {
                        for &row in ids {
                            weights.add(row as usize * width + truth, step);
                            weights.add(row as usize * width + guess, -step);
                        }
                    }
                    let from_truth = if token == 0 { 0 } else { gold[token - 1] + 1 };
                    let from_guess = if token == 0 { 0 } else { predicted[token - 1] + 1 };
                    if (from_truth, truth) != (from_guess, guess) {
                        transitions.add(from_truth * width + truth, step);
                        transitions.add(from_guess * width + guess, -step);
                    }
                }
            }
            weights.tick();
            transitions.tick();
        }
    }

    let averaged_weights = weights.averaged();
    let averaged_transitions = transitions.averaged();
    // Keep only rows with some weight: unseen-in-updates features cost nothing at run time.
    let mut kept_rows: FxHashMap<u64, u32> = FxHashMap::default();
    let mut kept_weights = Vec::new();
    for (row, id) in row_ids.iter().enumerate() {
        let slice = &averaged_weights[row * width..(row + 1) * width];
        if slice.iter().any(|w| w.abs() > 1e-6) {
            kept_rows.insert(*id, (kept_weights.len() / width) as u32);
            kept_weights.extend_from_slice(slice);
        }
    }
    SequenceModel::from_parts(labels, kept_rows, kept_weights, averaged_transitions)
}

/// Training data in the learners' form: the label set, one weight row per
/// kept feature id (numbered in order of first appearance, so training is
/// deterministic), and each sentence as row numbers per token plus gold
/// label indices.
struct Prepared {
    labels: Vec<Label>,
    row_ids: Vec<u64>,
    sentences: Vec<(Vec<Vec<u32>>, Vec<usize>)>,
}

/// Builds the feature dictionary (ids seen at least `min_feature_count`
/// times) and converts every example to it.
fn prepare(examples: &[Example], min_feature_count: u32) -> Prepared {
    let labels = label_set(examples);
    let label_index: FxHashMap<&str, usize> =
        labels.iter().enumerate().map(|(i, label)| (label.name.as_str(), i)).collect();
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    if min_feature_count > 1 {
        for id in examples.iter().flat_map(|example| example.features.iter().flatten()) {
            *counts.entry(*id).or_default() += 1;
        }
    }
    let mut rows: FxHashMap<u64, u32> = FxHashMap::default();
    let mut row_ids: Vec<u64> = Vec::new();
    let sentences = examples
        .iter()
        .map(|example| {
            let features = example
                .features
                .iter()
                .map(|ids| {
                    ids.iter()
                        .filter(|id| {
                            min_feature_count <= 1
                                || counts.get(id).copied().unwrap_or(0) >= min_feature_count
                        })
                        .map(|id| {
                            *rows.entry(*id).or_insert_with(|| {
                                row_ids.push(*id);
                                (row_ids.len() - 1) as u32
                            })
                        })
                        .collect()
                })
                .collect();
            let gold = example
                .labels
                .iter()
                .map(|label| label_index.get(label.as_str()).copied().unwrap_or(0))
                .collect();
            (features, gold)
        })
        .collect();
    Prepared { labels, row_ids, sentences }
}

/// The label set: `O` first, then the others sorted, each `B-X` with its `I-X`.
fn label_set(examples: &[Example]) -> Vec<Label> {
    let mut kinds: Vec<String> = examples
        .iter()
        .flat_map(|example| example.labels.iter())
        .map(|name| Label::parse(name))
        .filter(|label| label.prefix != 'O')
        .map(|label| label.kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut labels = vec![Label::parse("O")];
    for kind in kinds {
        labels.push(Label::parse(&format!("B-{kind}")));
        labels.push(Label::parse(&format!("I-{kind}")));
    }
    labels
}

/// Perceptron weights with lazy averaging: the average over all steps is
/// `current - sum(step * delta) / steps`.
struct Averaged {
    current: Vec<f32>,
    weighted_updates: Vec<f64>,
    step: f64,
}

impl Averaged {
    fn new(size: usize) -> Averaged {
        Averaged { current: vec![0.0; size], weighted_updates: vec![0.0; size], step: 1.0 }
    }

    fn add(&mut self, index: usize, delta: f32) {
        self.current[index] += delta;
        self.weighted_updates[index] += self.step * f64::from(delta);
    }

    fn tick(&mut self) {
        self.step += 1.0;
    }

    fn averaged(&self) -> Vec<f32> {
        self.current
            .iter()
            .zip(&self.weighted_updates)
            .map(|(&w, &u)| (f64::from(w) - u / self.step) as f32)
            .collect()
    }
}

/// xorshift64: a tiny fixed-seed generator, so training needs no RNG crate
/// and gives the same model everywhere.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

fn shuffle(items: &mut [usize], random: &mut XorShift) {
    for i in (1..items.len()).rev() {
        let j = (random.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(words: &[(&str, &str)]) -> Example {
        Example {
            features: words
                .iter()
                .map(|(word, _)| vec![1, word.len() as u64 + 100, word.as_bytes()[0] as u64])
                .collect(),
            labels: words.iter().map(|(_, label)| label.to_string()).collect(),
        }
    }

    #[test]
    fn learns_a_separable_toy_problem_deterministically() {
        let data = vec![
            example(&[("Putin", "B-PER"), ("sagte", "O")]),
            example(&[("Putin", "B-PER"), ("kam", "O"), ("Moskau", "B-LOC")]),
            example(&[("in", "O"), ("Moskau", "B-LOC")]),
        ];
        let options = TrainOptions { epochs: 5, ..TrainOptions::default() };
        let model = train_sequence(&data, options);
        let mut emissions = Vec::new();
        model.emissions(&data[1].features, &mut emissions);
        let path = model.viterbi(&emissions);
        let names: Vec<&str> = path.iter().map(|&i| model.labels()[i].name.as_str()).collect();
        assert_eq!(names, ["B-PER", "O", "B-LOC"]);
        let again = train_sequence(&data, options);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        model.write(&mut a).unwrap();
        again.write(&mut b).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn weighted_examples_count_less() {
        // Two sentences disagree on "Essen"; the heavier one wins.
        let gold = example(&[("Essen", "B-LOC"), ("liegt", "O")]);
        let silver = example(&[("Essen", "O"), ("liegt", "O")]);
        let options = TrainOptions { epochs: 8, ..TrainOptions::default() };
        let tag = |weights: &[f32]| {
            let model = train_sequence_weighted(&[gold.clone(), silver.clone()], weights, options);
            let mut emissions = Vec::new();
            model.emissions(&gold.features, &mut emissions);
            let path = model.viterbi(&emissions);
            model.labels()[path[0]].name.clone()
        };
        assert_eq!(tag(&[1.0, 0.2]), "B-LOC");
        assert_eq!(tag(&[0.2, 1.0]), "O");
    }

    #[test]
    fn empty_training_data_gives_an_all_o_model() {
        let model = train_sequence(&[], TrainOptions::default());
        assert_eq!(model.labels().len(), 1);
        assert_eq!(model.viterbi(&[0.0, 0.0]), vec![0, 0]);
    }
}

/// Training settings of the conditional random field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CrfOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// L2 regularisation strength (per sentence, as in CRFsuite's `c2 / N`).
    pub l2: f64,
    /// Initial learning rate.
    pub rate: f64,
    /// Seed of the sentence-order shuffle.
    pub seed: u64,
}

impl Default for CrfOptions {
    fn default() -> CrfOptions {
        CrfOptions { epochs: 30, l2: 1.0, rate: 0.1, seed: 20_140_101 }
    }
}

/// Trains a linear-chain CRF (maximum conditional likelihood with L2, by
/// stochastic gradient descent) over the same features and BIO constraints
/// as the perceptron.
pub fn train_crf(examples: &[Example], options: CrfOptions) -> SequenceModel {
    let Prepared { labels, row_ids, sentences: prepared } = prepare(examples, 1);
    let width = labels.len();
    let allowed = allowed_moves(&labels);
    // Weights are stored divided by `scale`, so L2 decay is one multiply per step.
    let mut weights = vec![0.0f64; row_ids.len() * width];
    let mut transitions = vec![0.0f64; (width + 1) * width];
    let mut scale = 1.0f64;
    let count = prepared.len().max(1) as f64;
    let lambda = options.l2 / count;
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut random = XorShift(options.seed.max(1));
    let mut step = 0f64;
    let mut emissions = Vec::new();
    let mut marginals = Vec::new();
    let mut pair_marginals = Vec::new();
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut random);
        for &index in &order {
            let (features, gold) = &prepared[index];
            if gold.is_empty() {
                continue;
            }
            let rate = options.rate / (1.0 + options.rate * lambda * step);
            step += 1.0;
            scale *= 1.0 - rate * lambda;
            if scale < 1e-9 {
                for w in weights.iter_mut().chain(transitions.iter_mut()) {
                    *w *= scale;
                }
                scale = 1.0;
            }
            let length = gold.len();
            emissions.clear();
            emissions.resize(length * width, 0.0f64);
            for (token, ids) in features.iter().enumerate() {
                let scores = &mut emissions[token * width..(token + 1) * width];
                for &row in ids {
                    let start = row as usize * width;
                    for (score, weight) in scores.iter_mut().zip(&weights[start..start + width]) {
                        *score += weight * scale;
                    }
                }
            }
            let scaled_transitions: Vec<f64> = transitions.iter().map(|w| w * scale).collect();
            forward_backward(
                &emissions,
                &scaled_transitions,
                &allowed,
                width,
                &mut marginals,
                &mut pair_marginals,
            );
            let gain = rate / scale;
            for (token, ids) in features.iter().enumerate() {
                for &row in ids {
                    let start = row as usize * width;
                    for label in 0..width {
                        let expected = marginals[token * width + label];
                        let observed = if gold[token] == label { 1.0 } else { 0.0 };
                        weights[start + label] += gain * (observed - expected);
                    }
                }
            }
            // Transitions: observed moves minus expected ones (row 0 = start).
            transitions[gold[0]] += gain;
            for label in 0..width {
                transitions[label] -= gain * marginals[label];
            }
            for token in 1..length {
                transitions[(gold[token - 1] + 1) * width + gold[token]] += gain;
            }
            for (slot, expected) in pair_marginals.iter().enumerate() {
                transitions[width + slot] -= gain * expected;
            }
        }
    }
    let mut kept_rows: FxHashMap<u64, u32> = FxHashMap::default();
    let mut kept_weights = Vec::new();
    for (row, id) in row_ids.iter().enumerate() {
        let slice = &weights[row * width..(row + 1) * width];
        if slice.iter().any(|w| (w * scale).abs() > 1e-4) {
            kept_rows.insert(*id, (kept_weights.len() / width) as u32);
            kept_weights.extend(slice.iter().map(|w| (w * scale) as f32));
        }
    }
    let final_transitions = transitions.iter().map(|w| (w * scale) as f32).collect();
    SequenceModel::from_parts(labels, kept_rows, kept_weights, final_transitions)
}

/// Label marginals per token (`n × width`) and the summed marginals of each
/// label move over the sentence (`width × width`, from-major), in log space
/// for stability.
pub(crate) fn forward_backward(
    emissions: &[f64],
    transitions: &[f64],
    allowed: &[bool],
    width: usize,
    marginals: &mut Vec<f64>,
    pair_marginals: &mut Vec<f64>,
) {
    let length = emissions.len() / width;
    let mut alpha = vec![f64::NEG_INFINITY; length * width];
    let mut beta = vec![f64::NEG_INFINITY; length * width];
    for label in 0..width {
        if allowed[label] {
            alpha[label] = emissions[label] + transitions[label];
        }
    }
    let mut terms = vec![0.0f64; width];
    for token in 1..length {
        for label in 0..width {
            for from in 0..width {
                let move_index = (from + 1) * width + label;
                terms[from] = if allowed[move_index] {
                    alpha[(token - 1) * width + from] + transitions[move_index]
                } else {
                    f64::NEG_INFINITY
                };
            }
            alpha[token * width + label] = log_sum_exp(&terms) + emissions[token * width + label];
        }
    }
    for label in 0..width {
        beta[(length - 1) * width + label] = 0.0;
    }
    for token in (0..length - 1).rev() {
        for from in 0..width {
            for label in 0..width {
                let move_index = (from + 1) * width + label;
                terms[label] = if allowed[move_index] {
                    transitions[move_index]
                        + emissions[(token + 1) * width + label]
                        + beta[(token + 1) * width + label]
                } else {
                    f64::NEG_INFINITY
                };
            }
            beta[token * width + from] = log_sum_exp(&terms);
        }
    }
    let log_z = log_sum_exp(&alpha[(length - 1) * width..length * width]);
    marginals.clear();
    marginals.extend(alpha.iter().zip(&beta).map(|(a, b)| (a + b - log_z).exp()));
    pair_marginals.clear();
    pair_marginals.resize(width * width, 0.0);
    for token in 1..length {
        for from in 0..width {
            let a = alpha[(token - 1) * width + from];
            if a == f64::NEG_INFINITY {
                continue;
            }
            for label in 0..width {
                let move_index = (from + 1) * width + label;
                if !allowed[move_index] {
                    continue;
                }
                let value = a
                    + transitions[move_index]
                    + emissions[token * width + label]
                    + beta[token * width + label]
                    - log_z;
                pair_marginals[from * width + label] += value.exp();
            }
        }
    }
}

fn log_sum_exp(values: &[f64]) -> f64 {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + values.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}
