//! A linear sequence model over hashed features: per-token label scores plus
//! label-transition scores, decoded with Viterbi under BIO constraints.
//!
//! The weights come from [`train`](super::train) (an averaged structured
//! perceptron); this module only scores, decodes and (de)serialises, so the
//! tagger that ships never carries training state.

use std::io::{Read, Write};

use rustc_hash::FxHashMap;

/// One BIO label, parsed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// As written: `O`, `B-PER`, `I-LOCderiv`.
    pub name: String,
    /// `B`, `I` or `O`.
    pub prefix: char,
    /// The type after the prefix (`PER`, `LOCderiv`); empty for `O`.
    pub kind: String,
}

impl Label {
    /// Parses `O`, `B-X` or `I-X`; anything else is treated as `O`.
    pub fn parse(name: &str) -> Label {
        match name.split_once('-') {
            Some((prefix @ ("B" | "I"), kind)) if !kind.is_empty() => Label {
                name: name.to_string(),
                prefix: if prefix == "B" { 'B' } else { 'I' },
                kind: kind.to_string(),
            },
            _ => Label { name: "O".to_string(), prefix: 'O', kind: String::new() },
        }
    }
}

/// A trained sequence model: label set, feature weights and transitions.
#[derive(Clone, Debug)]
pub struct SequenceModel {
    labels: Vec<Label>,
    /// Feature id → row in `weights`.
    rows: FxHashMap<u64, u32>,
    /// `rows.len() × labels.len()`, row-major.
    weights: Vec<f32>,
    /// `(labels.len() + 1) × labels.len()`: row 0 scores the first label of a
    /// sentence, row `p + 1` the move from label `p`.
    transitions: Vec<f32>,
    /// Allowed moves, same layout as `transitions` (BIO: `I-X` only after `B-X`/`I-X`).
    allowed: Vec<bool>,
}

/// Why a model file could not be read.
#[derive(Debug)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "entity model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

impl SequenceModel {
    /// Builds a model from its parts; `weights` has `labels.len()` entries per row.
    pub fn from_parts(
        labels: Vec<Label>,
        rows: FxHashMap<u64, u32>,
        weights: Vec<f32>,
        transitions: Vec<f32>,
    ) -> SequenceModel {
        let allowed = allowed_moves(&labels);
        SequenceModel { labels, rows, weights, transitions, allowed }
    }

    /// The labels, in score order.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// How many features have weights.
    pub fn feature_count(&self) -> usize {
        self.rows.len()
    }

    /// Label scores for every token: `features.len() × labels.len()`, row-major.
    pub fn emissions(&self, features: &[Vec<u64>], out: &mut Vec<f32>) {
        let width = self.labels.len();
        out.clear();
        out.resize(features.len() * width, 0.0);
        for (token, ids) in features.iter().enumerate() {
            self.add_scores(ids, &mut out[token * width..(token + 1) * width]);
        }
    }

    /// Adds the label scores of the feature `ids` to `scores` (one per label).
    pub fn add_scores(&self, ids: &[u64], scores: &mut [f32]) {
        let width = self.labels.len();
        for id in ids {
            if let Some(&row) = self.rows.get(id) {
                let start = row as usize * width;
                if let Some(weights) = self.weights.get(start..start + width) {
                    for (score, weight) in scores.iter_mut().zip(weights) {
                        *score += weight;
                    }
                }
            }
        }
    }

    /// The best allowed label sequence for the given emissions.
    pub fn viterbi(&self, emissions: &[f32]) -> Vec<usize> {
        viterbi(emissions, &self.transitions, &self.allowed, self.labels.len())
    }

    /// Per-token label probabilities (`n × labels`) under the model read as a
    /// CRF with scores divided by `temperature`: the marginals of forward-backward
    /// over the allowed label sequences. This is what confidences come from.
    ///
    /// Linear space with per-token scaling (Rabiner): one `exp` per label and
    /// token, so confidences cost about as much as Viterbi.
    pub fn marginals(&self, emissions: &[f32], temperature: f32) -> Vec<f32> {
        let width = self.labels.len();
        if width == 0 || emissions.len() < width {
            return Vec::new();
        }
        let length = emissions.len() / width;
        let inverse = 1.0 / temperature.max(1e-3);
        let moves: Vec<f32> = self
            .transitions
            .iter()
            .zip(&self.allowed)
            .map(|(&score, &allowed)| if allowed { (score * inverse).exp() } else { 0.0 })
            .collect();
        // Emission factors, each token scaled by its best score (cancels out).
        let mut factors = vec![0.0f32; length * width];
        for token in 0..length {
            let scores = &emissions[token * width..(token + 1) * width];
            let best = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            for (factor, &score) in factors[token * width..(token + 1) * width].iter_mut().zip(scores) {
                *factor = ((score - best) * inverse).exp();
            }
        }
        let mut alpha = vec![0.0f32; length * width];
        let mut scale = vec![0.0f32; length];
        for label in 0..width {
            alpha[label] = moves[label] * factors[label];
        }
        normalise(&mut alpha[..width], &mut scale[0]);
        for token in 1..length {
            let (done, rest) = alpha.split_at_mut(token * width);
            let previous = &done[(token - 1) * width..];
            let current = &mut rest[..width];
            for (label, slot) in current.iter_mut().enumerate() {
                let mut sum = 0.0;
                for (from, &p) in previous.iter().enumerate() {
                    sum += p * moves[(from + 1) * width + label];
                }
                *slot = sum * factors[token * width + label];
            }
            normalise(current, &mut scale[token]);
        }
        let mut beta = vec![1.0f32; length * width];
        for token in (0..length - 1).rev() {
            for from in 0..width {
                let mut sum = 0.0;
                for label in 0..width {
                    sum += moves[(from + 1) * width + label]
                        * factors[(token + 1) * width + label]
                        * beta[(token + 1) * width + label];
                }
                beta[token * width + from] =
                    if scale[token + 1] > 0.0 { sum / scale[token + 1] } else { 0.0 };
            }
        }
        alpha.iter().zip(&beta).map(|(a, b)| (a * b).clamp(0.0, 1.0)).collect()
    }

    /// One model whose scores are the mean of `models`' scores (for runs over
    /// the same data in different orders: steadier than any single run, and
    /// as fast to apply as one). Labels are matched by name; a label missing
    /// from one model counts as weight 0 there. `None` for an empty list.
    pub fn mean(models: &[SequenceModel]) -> Option<SequenceModel> {
        let first = models.first()?;
        // The union of label names, ordered as `train` orders them: O first, then sorted.
        let mut names: Vec<&str> =
            models.iter().flat_map(|model| model.labels.iter().map(|label| label.name.as_str())).collect();
        names.sort_unstable_by_key(|name| {
            let label = Label::parse(name);
            (label.prefix != 'O', label.kind, label.prefix)
        });
        names.dedup();
        if models.len() == 1 {
            return Some(first.clone());
        }
        let labels: Vec<Label> = names.iter().map(|name| Label::parse(name)).collect();
        let width = labels.len();
        let share = 1.0 / models.len() as f32;
        let mut transitions = vec![0.0f32; (width + 1) * width];
        let mut sums: std::collections::BTreeMap<u64, Vec<f32>> = std::collections::BTreeMap::new();
        for model in models {
            let own = model.labels.len();
            // This model's label index → the merged index.
            let map: Vec<usize> = model
                .labels
                .iter()
                .map(|label| names.iter().position(|name| *name == label.name).unwrap_or(0))
                .collect();
            for from in 0..=own {
                let merged_from = if from == 0 { 0 } else { map[from - 1] + 1 };
                for to in 0..own {
                    if let Some(value) = model.transitions.get(from * own + to) {
                        transitions[merged_from * width + map[to]] += value * share;
                    }
                }
            }
            for (&id, &row) in &model.rows {
                let start = row as usize * own;
                let Some(values) = model.weights.get(start..start + own) else { continue };
                let sum = sums.entry(id).or_insert_with(|| vec![0.0; width]);
                for (label, value) in values.iter().enumerate() {
                    sum[map[label]] += value * share;
                }
            }
        }
        let mut rows = FxHashMap::default();
        let mut weights = Vec::with_capacity(sums.len() * width);
        for (row, (id, values)) in sums.into_iter().enumerate() {
            rows.insert(id, row as u32);
            weights.extend(values);
        }
        Some(SequenceModel::from_parts(labels, rows, weights, transitions))
    }

    /// Writes the model in the binary format [`SequenceModel::read`] reads.
    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let width = self.labels.len();
        write_u32(out, width as u32)?;
        for label in &self.labels {
            write_str(out, &label.name)?;
        }
        for value in &self.transitions {
            out.write_all(&value.to_le_bytes())?;
        }
        // Rows sorted by id so the same weights always give the same bytes;
        // only non-zero weights are stored (most rows touch two or three labels).
        let mut ids: Vec<(u64, u32)> = self.rows.iter().map(|(&id, &row)| (id, row)).collect();
        ids.sort_unstable();
        write_u32(out, ids.len() as u32)?;
        for (id, row) in ids {
            let weights = &self.weights[row as usize * width..(row as usize + 1) * width];
            let nonzero: Vec<(usize, f32)> =
                weights.iter().copied().enumerate().filter(|(_, w)| *w != 0.0).collect();
            out.write_all(&id.to_le_bytes())?;
            out.write_all(&[nonzero.len() as u8])?;
            for (label, weight) in nonzero {
                out.write_all(&[label as u8])?;
                out.write_all(&weight.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Reads a model written by [`SequenceModel::write`].
    pub fn read(input: &mut impl Read) -> Result<SequenceModel, ModelError> {
        let width = read_u32(input)? as usize;
        if width == 0 || width > 255 {
            return Err(ModelError(format!("bad label count {width}")));
        }
        let mut labels = Vec::with_capacity(width);
        for _ in 0..width {
            labels.push(Label::parse(&read_str(input)?));
        }
        let mut transitions = vec![0.0f32; (width + 1) * width];
        for value in transitions.iter_mut() {
            *value = read_f32(input)?;
        }
        let count = read_u32(input)? as usize;
        if count > 50_000_000 {
            return Err(ModelError(format!("implausible feature count {count}")));
        }
        let mut rows = FxHashMap::with_capacity_and_hasher(count, Default::default());
        let mut weights = vec![0.0f32; count * width];
        for row in 0..count {
            let mut id = [0u8; 8];
            input.read_exact(&mut id).map_err(io_error)?;
            let mut nonzero = [0u8; 1];
            input.read_exact(&mut nonzero).map_err(io_error)?;
            for _ in 0..nonzero[0] {
                let mut label = [0u8; 1];
                input.read_exact(&mut label).map_err(io_error)?;
                let weight = read_f32(input)?;
                let slot = weights
                    .get_mut(row * width + label[0] as usize)
                    .filter(|_| (label[0] as usize) < width)
                    .ok_or_else(|| ModelError(format!("label index {} out of range", label[0])))?;
                *slot = weight;
            }
            rows.insert(u64::from_le_bytes(id), row as u32);
        }
        Ok(SequenceModel::from_parts(labels, rows, weights, transitions))
    }
}

/// Scales `values` to sum to one, recording the factor; all-zero stays zero.
fn normalise(values: &mut [f32], scale: &mut f32) {
    let sum: f32 = values.iter().sum();
    *scale = sum;
    if sum > 0.0 {
        for value in values.iter_mut() {
            *value /= sum;
        }
    }
}

/// Which label moves BIO allows: `I-X` only after `B-X` or `I-X`, never first.
pub(crate) fn allowed_moves(labels: &[Label]) -> Vec<bool> {
    let width = labels.len();
    let mut allowed = vec![true; (width + 1) * width];
    for (to, label) in labels.iter().enumerate() {
        if label.prefix != 'I' {
            continue;
        }
        allowed[to] = false;
        for (from, previous) in labels.iter().enumerate() {
            allowed[(from + 1) * width + to] = previous.prefix != 'O' && previous.kind == label.kind;
        }
    }
    allowed
}

/// Viterbi over `emissions` (`n × width`) with `transitions` and `allowed`
/// laid out as in [`SequenceModel`].
pub(crate) fn viterbi(emissions: &[f32], transitions: &[f32], allowed: &[bool], width: usize) -> Vec<usize> {
    if width == 0 || emissions.len() < width {
        return Vec::new();
    }
    let length = emissions.len() / width;
    // Disallowed moves score -inf, so the inner loop has no branch.
    let moves: Vec<f32> =
        transitions.iter().zip(allowed).map(|(&t, &ok)| if ok { t } else { f32::NEG_INFINITY }).collect();
    let mut score = vec![f32::NEG_INFINITY; length * width];
    let mut back = vec![0u32; length * width];
    for label in 0..width {
        score[label] = emissions[label] + moves[label];
    }
    for token in 1..length {
        let (done, rest) = score.split_at_mut(token * width);
        let previous = &done[(token - 1) * width..];
        for (label, slot) in rest[..width].iter_mut().enumerate() {
            let mut best = f32::NEG_INFINITY;
            let mut best_from = 0;
            for (from, &p) in previous.iter().enumerate() {
                let candidate = p + moves[(from + 1) * width + label];
                if candidate > best {
                    best = candidate;
                    best_from = from;
                }
            }
            *slot = best + emissions[token * width + label];
            back[token * width + label] = best_from as u32;
        }
    }
    let last = &score[(length - 1) * width..length * width];
    let mut label = (0..width).max_by(|&a, &b| last[a].total_cmp(&last[b]).then(b.cmp(&a))).unwrap_or(0);
    let mut path = vec![0usize; length];
    for token in (0..length).rev() {
        path[token] = label;
        label = back[token * width + label] as usize;
    }
    path
}

fn io_error(error: std::io::Error) -> ModelError {
    ModelError(format!("truncated or unreadable: {error}"))
}

pub(crate) fn write_u32(out: &mut impl Write, value: u32) -> std::io::Result<()> {
    out.write_all(&value.to_le_bytes())
}

pub(crate) fn write_str(out: &mut impl Write, value: &str) -> std::io::Result<()> {
    write_u32(out, value.len() as u32)?;
    out.write_all(value.as_bytes())
}

pub(crate) fn read_u32(input: &mut impl Read) -> Result<u32, ModelError> {
    let mut bytes = [0u8; 4];
    input.read_exact(&mut bytes).map_err(io_error)?;
    Ok(u32::from_le_bytes(bytes))
}

fn read_f32(input: &mut impl Read) -> Result<f32, ModelError> {
    let mut bytes = [0u8; 4];
    input.read_exact(&mut bytes).map_err(io_error)?;
    Ok(f32::from_le_bytes(bytes))
}

pub(crate) fn read_str(input: &mut impl Read) -> Result<String, ModelError> {
    let length = read_u32(input)? as usize;
    if length > 1 << 24 {
        return Err(ModelError(format!("implausible string length {length}")));
    }
    let mut bytes = vec![0u8; length];
    input.read_exact(&mut bytes).map_err(io_error)?;
    String::from_utf8(bytes).map_err(|_| ModelError("a label is not UTF-8".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<Label> {
        ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"].iter().map(|name| Label::parse(name)).collect()
    }

    #[test]
    fn viterbi_respects_bio() {
        let labels = labels();
        let width = labels.len();
        let allowed = allowed_moves(&labels);
        let transitions = vec![0.0; (width + 1) * width];
        // Token 0 prefers I-PER (not allowed first), token 1 prefers I-LOC.
        let emissions = vec![0.0, 1.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0];
        let path = viterbi(&emissions, &transitions, &allowed, width);
        let names: Vec<&str> = path.iter().map(|&i| labels[i].name.as_str()).collect();
        assert_ne!(names[0], "I-PER");
        assert!(!(names[1] == "I-LOC" && names[0] != "B-LOC"));
    }

    #[test]
    fn marginals_agree_with_log_space_forward_backward() {
        let labels = labels();
        let width = labels.len();
        let transitions: Vec<f32> = (0..(width + 1) * width).map(|i| ((i * 7) % 5) as f32 - 2.0).collect();
        let model = SequenceModel::from_parts(labels, FxHashMap::default(), Vec::new(), transitions.clone());
        let emissions: Vec<f32> = (0..4 * width).map(|i| ((i * 13) % 11) as f32 - 5.0).collect();
        let fast = model.marginals(&emissions, 2.0);
        let as_f64 = |v: &[f32]| v.iter().map(|&x| f64::from(x) / 2.0).collect::<Vec<f64>>();
        let (mut slow, mut pairs) = (Vec::new(), Vec::new());
        super::super::train::forward_backward(
            &as_f64(&emissions),
            &as_f64(&transitions),
            &model.allowed,
            width,
            &mut slow,
            &mut pairs,
        );
        for (a, b) in fast.iter().zip(&slow) {
            assert!((f64::from(*a) - b).abs() < 1e-4, "{fast:?} vs {slow:?}");
        }
        for token in 0..4 {
            let sum: f32 = fast[token * width..(token + 1) * width].iter().sum();
            assert!((sum - 1.0).abs() < 1e-4);
        }
    }

    #[test]
    fn the_mean_of_models_scores_the_mean_and_matches_labels_by_name() {
        let mut rows = FxHashMap::default();
        rows.insert(1u64, 0u32);
        let a = SequenceModel::from_parts(
            ["O", "B-PER", "I-PER"].iter().map(|n| Label::parse(n)).collect(),
            rows.clone(),
            vec![0.0, 2.0, 0.0],
            vec![1.0; 12],
        );
        // Labels in another order, and one more type.
        let b = SequenceModel::from_parts(
            ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"].iter().map(|n| Label::parse(n)).collect(),
            rows,
            vec![0.0, 4.0, 0.0, 4.0, 0.0],
            vec![3.0; 30],
        );
        let mean = SequenceModel::mean(&[a.clone(), b]).expect("two models");
        let names: Vec<&str> = mean.labels().iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]);
        let mut scores = Vec::new();
        mean.emissions(&[vec![1, 99]], &mut scores);
        assert_eq!(scores, vec![0.0, 2.0, 0.0, 3.0, 0.0]);
        // O -> B-PER: (1 + 3) / 2.
        assert_eq!(mean.transitions[5 + 3], 2.0);
        assert!(SequenceModel::mean(&[]).is_none());
        let single = SequenceModel::mean(std::slice::from_ref(&a)).expect("one model");
        assert_eq!(single.labels(), a.labels());
    }

    #[test]
    fn round_trips_through_bytes() {
        let labels = labels();
        let width = labels.len();
        let mut rows = FxHashMap::default();
        rows.insert(42u64, 0u32);
        rows.insert(7u64, 1u32);
        let weights = vec![0.0, 1.5, 0.0, 0.0, -2.0, 3.0, 0.0, 0.0, 0.0, 0.0];
        let transitions: Vec<f32> = (0..(width + 1) * width).map(|i| i as f32 / 10.0).collect();
        let model = SequenceModel::from_parts(labels, rows, weights, transitions);
        let mut bytes = Vec::new();
        model.write(&mut bytes).unwrap();
        let read = SequenceModel::read(&mut bytes.as_slice()).unwrap();
        let mut a = Vec::new();
        let mut b = Vec::new();
        let features = vec![vec![42, 7, 99]];
        model.emissions(&features, &mut a);
        read.emissions(&features, &mut b);
        assert_eq!(a, b);
        assert_eq!(a, vec![3.0, 1.5, 0.0, 0.0, -2.0]);
        // Truncated input is an error, not a panic.
        for cut in 0..bytes.len() {
            assert!(SequenceModel::read(&mut &bytes[..cut]).is_err());
        }
    }
}
