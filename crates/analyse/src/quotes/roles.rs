//! The roles of a speech event, learned: given a sentence and the tokens of
//! its cue ("sagte", "fordert … auf", "Antrag"), which tokens are the Source
//! (who speaks), the Message (what is said), the Addressee, the Topic, the
//! Medium, the Evidence, and a separated particle (PTC) — the roles of the
//! SpkAtt 2023 annotation scheme.
//!
//! A sequence model over the sentence (the same averaged perceptron and
//! BIO-constrained Viterbi as the entity tagger), whose features say where a
//! token lies relative to the cue (side, distance, commas, colons and quote
//! marks in between, a `dass`/`ob` on the way, the words opening the cue's
//! complement and the token's clause, other cues of the sentence) and which
//! cue it is. The cue tagger labels the later parts of a discontinuous cue
//! ("aus … Sicht") `CueMore`, so they join their cue. The role labeller is
//! the mean of [`ROLE_RUNS`] perceptron runs. Trained on SpkAtt train by
//! `wirewatch train speech-roles`; the model is compiled in.

use std::io::{Read, Write};
use std::sync::OnceLock;

use crate::entities::features::extra_feature;
use crate::entities::labelled::chunks;
use crate::entities::model::{ModelError, SequenceModel};
use crate::entities::train::{train_sequence, Example, TrainOptions};

/// The shipped German model (empty until trained; then `german()` fails softly).
static GERMAN_MODEL: &[u8] = include_bytes!("../../models/speech-roles-de.bin");

const MAGIC: &[u8; 8] = b"WWROLE\0\x03";

/// Perceptron runs (different example orders) averaged into the role labeller.
pub const ROLE_RUNS: u64 = 3;

/// One training example: a sentence, the cue's tokens, and a BIO role label per token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleExample {
    /// The cue's sentence, then the next sentence (messages run on into it).
    pub tokens: Vec<String>,
    /// Where the next sentence starts in `tokens` (`tokens.len()` when none).
    pub sentence_end: usize,
    /// Indices of the cue tokens.
    pub cue: Vec<usize>,
    /// Cue tokens of the other events of the cue's sentence: their roles
    /// seldom belong to this event.
    pub other_cues: Vec<usize>,
    /// `O`, `B-Source`, `I-Message`, … one per token.
    pub labels: Vec<String>,
}

/// One sentence for training the cue tagger: tokens, BIO `Cue` labels, and
/// which tokens the rule lexicon calls cues (a feature, not the answer).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CueExample {
    /// The sentence's tokens.
    pub tokens: Vec<String>,
    /// `O`, `B-Cue`, `I-Cue`, one per token.
    pub labels: Vec<String>,
    /// Indices the rule lexicon marks as cues.
    pub lexicon_cues: Vec<usize>,
}

/// The trained speech-event models: a cue tagger and a role labeller.
#[derive(Debug)]
pub struct RoleLabeller {
    model: SequenceModel,
    cues: Option<SequenceModel>,
    record: String,
}

impl RoleLabeller {
    /// The German labeller compiled into the binary; `Err` with the reason
    /// when there is none or it cannot be read.
    pub fn german() -> Result<&'static RoleLabeller, &'static str> {
        static LABELLER: OnceLock<Result<RoleLabeller, String>> = OnceLock::new();
        LABELLER
            .get_or_init(|| RoleLabeller::from_bytes(GERMAN_MODEL).map_err(|error| error.to_string()))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Trains the role labeller on `examples` and, when `cue_examples` is not
    /// empty, the cue tagger; `record` (the command, data hashes) is kept in the file.
    /// The role labeller is the mean of [`ROLE_RUNS`] runs with seeds
    /// `options.seed`, `options.seed + 1`, …
    pub fn train(
        examples: &[RoleExample],
        cue_examples: &[CueExample],
        options: TrainOptions,
        record: String,
    ) -> RoleLabeller {
        let prepared: Vec<Example> = examples
            .iter()
            .map(|example| {
                let tokens: Vec<&str> = example.tokens.iter().map(String::as_str).collect();
                Example {
                    features: features(&tokens, &example.cue, &example.other_cues, example.sentence_end),
                    labels: example.labels.clone(),
                }
            })
            .collect();
        let cue_prepared: Vec<Example> = cue_examples
            .iter()
            .map(|example| {
                let tokens: Vec<&str> = example.tokens.iter().map(String::as_str).collect();
                Example {
                    features: cue_features(&tokens, &example.lexicon_cues),
                    labels: example.labels.clone(),
                }
            })
            .collect();
        let cues = (!cue_prepared.is_empty()).then(|| train_sequence(&cue_prepared, options));
        // Several runs over differently shuffled data, averaged: steadier
        // than one run (4-fold CV on train: joint 72.4 -> 72.8).
        let models: Vec<SequenceModel> = (0..ROLE_RUNS)
            .map(|run| {
                train_sequence(&prepared, TrainOptions { seed: options.seed.wrapping_add(run), ..options })
            })
            .collect();
        let model = SequenceModel::mean(&models).unwrap_or_else(|| {
            SequenceModel::from_parts(Vec::new(), Default::default(), Vec::new(), Vec::new())
        });
        RoleLabeller { model, cues, record }
    }

    /// The cues of a sentence, one token list per event, when a cue tagger
    /// was trained; `lexicon_cues` are the rule lexicon's cue tokens.
    pub fn cues(&self, tokens: &[&str], lexicon_cues: &[usize]) -> Option<Vec<Vec<usize>>> {
        let model = self.cues.as_ref()?;
        if tokens.is_empty() {
            return Some(Vec::new());
        }
        let mut emissions = Vec::new();
        model.emissions(&cue_features(tokens, lexicon_cues), &mut emissions);
        let labels = model.labels();
        let path: Vec<&str> = model.viterbi(&emissions).iter().map(|&i| labels[i].name.as_str()).collect();
        let mut events: Vec<Vec<usize>> = Vec::new();
        for chunk in chunks(&path) {
            // The later part of a discontinuous cue joins the cue before it.
            match events.last_mut() {
                Some(event) if chunk.kind == "CueMore" => event.extend(chunk.start..chunk.end),
                _ => events.push((chunk.start..chunk.end).collect()),
            }
        }
        Some(events)
    }

    /// How the model was trained.
    pub fn record(&self) -> &str {
        &self.record
    }

    /// The roles of the event whose cue is `cue` in `tokens`: role name and
    /// token indices, in sentence order. `tokens` may continue past the cue's
    /// sentence into the next one from `sentence_end` on (use `tokens.len()`
    /// for one sentence); cue indices lie in the first sentence.
    pub fn label(&self, tokens: &[&str], cue: &[usize], sentence_end: usize) -> Vec<(String, Vec<usize>)> {
        self.label_among(tokens, cue, &[], sentence_end)
    }

    /// [`RoleLabeller::label`] knowing the cue tokens of the sentence's other
    /// events (`other_cues`), whose roles are mostly not this event's.
    pub fn label_among(
        &self,
        tokens: &[&str],
        cue: &[usize],
        other_cues: &[usize],
        sentence_end: usize,
    ) -> Vec<(String, Vec<usize>)> {
        if tokens.is_empty() || cue.is_empty() {
            return Vec::new();
        }
        let mut emissions = Vec::new();
        self.model.emissions(&features(tokens, cue, other_cues, sentence_end), &mut emissions);
        let labels = self.model.labels();
        let path: Vec<&str> =
            self.model.viterbi(&emissions).iter().map(|&i| labels[i].name.as_str()).collect();
        chunks(&path)
            .into_iter()
            .map(|chunk| {
                (chunk.kind, (chunk.start..chunk.end).filter(|i| !cue.contains(i)).collect::<Vec<_>>())
            })
            .filter(|(_, tokens)| !tokens.is_empty())
            .collect()
    }

    /// Reads a model written by [`RoleLabeller::write`].
    pub fn from_bytes(bytes: &[u8]) -> Result<RoleLabeller, ModelError> {
        if bytes.is_empty() {
            return Err(ModelError("no speech-role model was built into this binary".to_string()));
        }
        let mut input = flate2::read::GzDecoder::new(bytes);
        let mut magic = [0u8; 8];
        input.read_exact(&mut magic).map_err(|error| ModelError(format!("not a role model: {error}")))?;
        if &magic != MAGIC {
            return Err(ModelError("not a wirewatch speech-role model (bad magic or version)".to_string()));
        }
        let record = crate::entities::model::read_str(&mut input)?;
        let model = SequenceModel::read(&mut input)?;
        let mut has_cues = [0u8; 1];
        input.read_exact(&mut has_cues).map_err(|error| ModelError(format!("truncated: {error}")))?;
        let cues = if has_cues[0] == 1 { Some(SequenceModel::read(&mut input)?) } else { None };
        let mut rest = Vec::new();
        input.read_to_end(&mut rest).map_err(|error| ModelError(format!("damaged: {error}")))?;
        if !rest.is_empty() {
            return Err(ModelError(format!("{} unexpected bytes after the model", rest.len())));
        }
        Ok(RoleLabeller { model, cues, record })
    }

    /// Writes the model (gzip; same model, same bytes).
    pub fn write(&self, out: impl Write) -> std::io::Result<()> {
        let mut encoder = flate2::GzBuilder::new().mtime(0).write(out, flate2::Compression::best());
        encoder.write_all(MAGIC)?;
        crate::entities::model::write_str(&mut encoder, &self.record)?;
        self.model.write(&mut encoder)?;
        match &self.cues {
            Some(cues) => {
                encoder.write_all(&[1])?;
                cues.write(&mut encoder)?;
            }
            None => encoder.write_all(&[0])?,
        }
        encoder.finish()?;
        Ok(())
    }
}

/// Features of every token for the cue tagger: the word and its affixes,
/// its neighbours, and whether the rule lexicon calls it (or a neighbour) a cue.
fn cue_features(tokens: &[&str], lexicon_cues: &[usize]) -> Vec<Vec<u64>> {
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let at = |index: isize| -> &str {
        if index < 0 {
            "<s>"
        } else {
            lower.get(index as usize).map_or("</s>", String::as_str)
        }
    };
    (0..tokens.len())
        .map(|index| {
            let word = lower[index].as_str();
            let chars: Vec<char> = word.chars().collect();
            let suffix = |n: usize| chars[chars.len().saturating_sub(n)..].iter().collect::<String>();
            let prefix: String = chars.iter().take(4).collect();
            let flag = |offset: isize| {
                let position = index as isize + offset;
                (position >= 0 && lexicon_cues.contains(&(position as usize))) as u8
            };
            let flags = format!("{}{}{}", flag(-1), flag(0), flag(1));
            let shape = if tokens[index].chars().next().is_some_and(char::is_uppercase) { "X" } else { "x" };
            vec![
                extra_feature("c:bias", ""),
                extra_feature("c:word", word),
                extra_feature("c:suffix3", &suffix(3)),
                extra_feature("c:suffix5", &suffix(5)),
                extra_feature("c:prefix4", &prefix),
                extra_feature("c:lexicon", &flags),
                extra_feature("c:lexicon+shape", &format!("{flags}{shape}{}", (index == 0) as u8)),
                extra_feature("c:lexicon+word", &format!("{}\u{0}{word}", flag(0))),
                extra_feature("c:previous", at(index as isize - 1)),
                extra_feature("c:next", at(index as isize + 1)),
                extra_feature("c:previous+word", &format!("{}\u{0}{word}", at(index as isize - 1))),
                extra_feature("c:next+word", &format!("{word}\u{0}{}", at(index as isize + 1))),
            ]
        })
        .collect()
}

/// Distance buckets: 0 (the cue), 1, 2, 3, 4–5, 6–9, 10–14, 15–24, 25+.
fn bucket(distance: usize) -> &'static str {
    match distance {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4",
        6..=9 => "6",
        10..=14 => "10",
        15..=24 => "15",
        _ => "25",
    }
}

/// Punctuation that ends a clause, or a quote mark.
fn is_boundary(token: &str) -> bool {
    matches!(token, "," | ";" | ":" | "–" | "-" | "(" | ")" | "." | "?" | "!") || is_quote(token)
}

fn is_quote(token: &str) -> bool {
    !token.is_empty()
        && token.chars().all(|c| matches!(c, '"' | '„' | '“' | '”' | '»' | '«' | '‚' | '‘' | '’' | '\''))
}

/// Features of every token relative to the cue. Language-neutral: words are
/// features as they are, never compared with a list here.
fn features(tokens: &[&str], cue: &[usize], other_cues: &[usize], sentence_end: usize) -> Vec<Vec<u64>> {
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let first_cue = cue.iter().copied().min().unwrap_or(0).min(tokens.len().saturating_sub(1));
    let last_cue = cue.iter().copied().max().unwrap_or(0).min(tokens.len().saturating_sub(1));
    let cue_word = lower.get(first_cue).map_or("", String::as_str);
    let cue_suffix: String = {
        let chars: Vec<char> = cue_word.chars().collect();
        chars[chars.len().saturating_sub(3)..].iter().collect()
    };
    // Punctuation seen between the cue and each token, counted outwards.
    let mut between: Vec<(u8, bool, bool)> = vec![(0, false, false); tokens.len()];
    let mut commas = 0u8;
    let (mut colon, mut quote) = (false, false);
    for index in (0..first_cue).rev() {
        between[index] = (commas.min(3), colon, quote);
        match tokens[index] {
            "," => commas += 1,
            ":" => colon = true,
            token if is_quote(token) => quote = true,
            _ => {}
        }
    }
    let (mut commas, mut colon, mut quote) = (0u8, false, false);
    for index in last_cue + 1..tokens.len() {
        match tokens[index] {
            "," => commas += 1,
            ":" => colon = true,
            token if is_quote(token) => quote = true,
            _ => {}
        }
        between[index] = (commas.min(3), colon, quote);
    }
    // The first word of each token's clause (clauses end at punctuation and
    // quote marks): "dass", "ob", "wie" open messages, "der" a relative clause.
    let mut clause_opener: Vec<&str> = Vec::with_capacity(tokens.len());
    let mut current = "<s>";
    let mut at_start = true;
    for (index, token) in tokens.iter().enumerate() {
        if index == sentence_end {
            at_start = true;
        }
        if is_boundary(token) {
            at_start = true;
            clause_opener.push("<p>");
            continue;
        }
        if at_start {
            current = lower[index].as_str();
            at_start = false;
        }
        clause_opener.push(current);
    }
    let classes = crate::entities::word_classes::WordClasses::german();
    let class_of = |token: &str, bits: u8| -> String {
        classes.path(token).map_or_else(
            || "?".to_string(),
            |(path, len)| crate::entities::word_classes::path_prefix(path, len, bits).to_string(),
        )
    };
    let cue_class = class_of(tokens.get(first_cue).copied().unwrap_or(""), 8);
    // Inflected cues share a stem ("sagte", "sagen"); a particle verb's last token differs.
    let cue_stem: String = cue_word.chars().take(5).collect();
    let last_cue_word = lower.get(last_cue).map_or("", String::as_str);
    let colon_end = sentence_end > 0 && tokens.get(sentence_end - 1).is_some_and(|t| *t == ":");
    let opener = lower.get(last_cue + 1).map_or("</s>", String::as_str);
    // The word opening the first clause after the cue's ("…, dass", "…: Wir").
    let complement = (last_cue + 1..sentence_end.min(tokens.len()))
        .skip_while(|&k| !is_boundary(tokens[k]))
        .find(|&k| !is_boundary(tokens[k]))
        .map_or("</s>", |k| lower[k].as_str());
    // Another event's cue between a token and this cue: the token is more
    // likely that event's.
    let cue_between = |index: usize| -> bool {
        let (low, high) = if index < first_cue { (index, first_cue) } else { (last_cue, index) };
        other_cues.iter().any(|&other| other > low && other < high && !cue.contains(&other))
    };
    let closer = if first_cue == 0 { "<s>" } else { lower.get(first_cue - 1).map_or("<s>", String::as_str) };
    let word_at = |index: isize| -> &str {
        if index < 0 {
            "<s>"
        } else {
            lower.get(index as usize).map_or("</s>", String::as_str)
        }
    };
    (0..tokens.len())
        .map(|index| {
            let side = if cue.contains(&index) {
                "C"
            } else if index < first_cue {
                "L"
            } else {
                "R"
            };
            let distance = if index < first_cue { first_cue - index } else { index.saturating_sub(last_cue) };
            let distance = bucket(distance);
            let (commas, colon, quote) = between[index];
            let punctuation = format!("{side}{commas}{}{}", colon as u8, quote as u8);
            let word = lower[index].as_str();
            let shape = if tokens[index].chars().next().is_some_and(char::is_uppercase) { "X" } else { "x" };
            let suffix: String = {
                let chars: Vec<char> = word.chars().collect();
                chars[chars.len().saturating_sub(3)..].iter().collect()
            };
            vec![
                extra_feature("bias", ""),
                extra_feature("side", side),
                extra_feature("side+distance", &format!("{side}{distance}")),
                extra_feature("punctuation", &punctuation),
                extra_feature("punctuation+distance", &format!("{punctuation}{distance}")),
                extra_feature("word", word),
                extra_feature("side+word", &format!("{side}\u{0}{word}")),
                extra_feature("side+suffix", &format!("{side}\u{0}{suffix}")),
                extra_feature("side+shape", &format!("{side}{shape}{distance}")),
                extra_feature("previous", &format!("{side}\u{0}{}", word_at(index as isize - 1))),
                extra_feature("next", &format!("{side}\u{0}{}", word_at(index as isize + 1))),
                extra_feature("cue", cue_word),
                extra_feature("cue+side", &format!("{cue_word}\u{0}{side}")),
                extra_feature("cue+punctuation", &format!("{cue_word}\u{0}{punctuation}")),
                extra_feature("cue-suffix+side+distance", &format!("{cue_suffix}\u{0}{side}{distance}")),
                extra_feature("cue+word", &format!("{cue_word}\u{0}{word}")),
                // The words that open the cue's complement and close its subject.
                extra_feature("opener+side+distance", &format!("{opener}\u{0}{side}{distance}")),
                extra_feature("closer+side+distance", &format!("{closer}\u{0}{side}{distance}")),
                extra_feature("opener+punctuation", &format!("{opener}\u{0}{punctuation}")),
                // How far the sentence goes on: messages tend to run to its end.
                extra_feature(
                    "edge",
                    &format!("{side}{}{}", bucket(index), bucket(tokens.len() - 1 - index)),
                ),
                // In the next sentence: messages run on, other roles rarely do.
                extra_feature(
                    "next-sentence",
                    &format!(
                        "{}{}",
                        (index >= sentence_end) as u8,
                        bucket(index.saturating_sub(sentence_end))
                    ),
                ),
                extra_feature("next-sentence+word", &format!("{}\u{0}{word}", (index >= sentence_end) as u8)),
                extra_feature(
                    "next-sentence+colon",
                    &format!("{}{}", (index >= sentence_end) as u8, colon_end as u8),
                ),
                extra_feature(
                    "clause-opener+punctuation",
                    &format!("{}\u{0}{punctuation}", clause_opener.get(index).copied().unwrap_or("")),
                ),
                extra_feature(
                    "class+side+distance",
                    &format!("{}\u{0}{side}{distance}", class_of(tokens[index], 6)),
                ),
                extra_feature("cue-class+side", &format!("{cue_class}\u{0}{side}")),
                extra_feature("complement+punctuation", &format!("{complement}\u{0}{punctuation}")),
                extra_feature("cue-stem+punctuation", &format!("{cue_stem}\u{0}{punctuation}{distance}")),
                extra_feature("last-cue+side", &format!("{last_cue_word}\u{0}{side}{distance}")),
                extra_feature(
                    "class+punctuation",
                    &format!("{}\u{0}{punctuation}", class_of(tokens[index], 8)),
                ),
                extra_feature(
                    "neighbour-classes",
                    &format!(
                        "{side}{}\u{0}{}",
                        class_of(tokens.get(index.wrapping_sub(1)).copied().unwrap_or(""), 6),
                        class_of(tokens.get(index + 1).copied().unwrap_or(""), 6)
                    ),
                ),
                extra_feature(
                    "other-cue",
                    &format!(
                        "{side}{}{}{distance}",
                        cue_between(index) as u8,
                        (other_cues.contains(&index) && !cue.contains(&index)) as u8
                    ),
                ),
                extra_feature("cue-class+punctuation", &format!("{cue_class}\u{0}{punctuation}")),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(tokens: &[&str], cue: usize, labels: &[&str]) -> RoleExample {
        RoleExample {
            tokens: tokens.iter().map(|s| s.to_string()).collect(),
            sentence_end: tokens.len(),
            cue: vec![cue],
            other_cues: Vec::new(),
            labels: labels.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn learns_source_left_message_right_and_round_trips() {
        let data = vec![
            example(
                &["Die", "Ministerin", "sagte", ",", "das", "sei", "falsch", "."],
                2,
                &["B-Source", "I-Source", "O", "O", "B-Message", "I-Message", "I-Message", "O"],
            ),
            example(
                &["Er", "sagte", ",", "es", "komme", "."],
                1,
                &["B-Source", "O", "O", "B-Message", "I-Message", "O"],
            ),
            example(
                &["Der", "Kanzler", "sagte", ",", "wir", "helfen", "."],
                2,
                &["B-Source", "I-Source", "O", "O", "B-Message", "I-Message", "O"],
            ),
        ];
        let options = TrainOptions { epochs: 10, ..TrainOptions::default() };
        let cue_data = vec![CueExample {
            tokens: ["Er", "sagte", "es"].iter().map(|s| s.to_string()).collect(),
            labels: ["O", "B-Cue", "O"].iter().map(|s| s.to_string()).collect(),
            lexicon_cues: vec![1],
        }];
        let labeller = RoleLabeller::train(&data, &cue_data, options, "test".into());
        assert_eq!(labeller.cues(&["Sie", "sagte", "nichts"], &[1]), Some(vec![vec![1]]));
        let roles = labeller.label(&["Sie", "sagte", ",", "es", "gehe", "."], &[1], 6);
        assert!(roles.iter().any(|(role, tokens)| role == "Source" && tokens == &vec![0]), "{roles:?}");
        assert!(roles.iter().any(|(role, tokens)| role == "Message" && tokens.contains(&4)), "{roles:?}");
        let mut bytes = Vec::new();
        labeller.write(&mut bytes).unwrap();
        let again = RoleLabeller::from_bytes(&bytes).unwrap();
        assert_eq!(again.label(&["Sie", "sagte", ",", "es", "gehe", "."], &[1], 6), roles);
        assert_eq!(again.record(), "test");
        for cut in [0, 5, bytes.len() / 2, bytes.len() - 1] {
            assert!(RoleLabeller::from_bytes(&bytes[..cut]).is_err());
        }
    }

    #[test]
    fn a_discontinuous_cue_is_one_event_and_averaging_keeps_a_model() {
        let cue = |tokens: &[&str], labels: &[&str]| CueExample {
            tokens: tokens.iter().map(|s| s.to_string()).collect(),
            labels: labels.iter().map(|s| s.to_string()).collect(),
            lexicon_cues: Vec::new(),
        };
        let cue_data = vec![
            cue(&["Aus", "der", "Sicht", "der", "Partei"], &["B-Cue", "O", "B-CueMore", "O", "O"]),
            cue(&["Aus", "unserer", "Sicht", "nicht"], &["B-Cue", "O", "B-CueMore", "O"]),
            cue(&["Er", "sagte", "nichts"], &["O", "B-Cue", "O"]),
        ];
        let data = vec![example(&["Er", "sagte", "es"], 1, &["B-Source", "O", "B-Message"])];
        let options = TrainOptions { epochs: 10, ..TrainOptions::default() };
        let labeller = RoleLabeller::train(&data, &cue_data, options, String::new());
        assert_eq!(labeller.cues(&["Aus", "der", "Sicht", "der", "Partei"], &[]), Some(vec![vec![0, 2]]));
        // The mean of identical runs is the run; of nothing, no model.
        let single = labeller.model.clone();
        let mean = SequenceModel::mean(&[single.clone(), single.clone()]).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        single.write(&mut a).unwrap();
        mean.write(&mut b).unwrap();
        assert_eq!(a, b);
        assert!(SequenceModel::mean(&[]).is_none());
        // Other events' cues are a feature; odd indices do not panic.
        let _ = labeller.label_among(&["Er", "sagte", "es"], &[1], &[0, 1, 99], 3);
    }

    #[test]
    fn the_shipped_model_loads_and_was_trained_on_train_only() {
        let labeller = RoleLabeller::german().expect("the shipped speech-role model reads");
        assert!(labeller.record().contains("--data train "), "{}", labeller.record());
        assert!(!labeller.record().contains("test"), "{}", labeller.record());
        assert!(labeller.cues(&["Er", "sagte", "das"], &[1]).is_some());
    }

    #[test]
    fn odd_input_does_not_panic() {
        let data = vec![example(&["a", "b"], 0, &["O", "B-Source"])];
        let labeller = RoleLabeller::train(&data, &[], TrainOptions::default(), String::new());
        assert_eq!(labeller.cues(&["x"], &[]), None);
        assert!(labeller.label(&[], &[0], 0).is_empty());
        assert!(labeller.label(&["x"], &[], 1).is_empty());
        let _ = labeller.label(&["x", "„", "“", ":", ","], &[9, 0], 99);
        let _ = labeller.label(&["x", "„", "“", ":", ","], &[1], 2);
    }
}
