//! The roles of a speech event, learned: given a sentence and the tokens of
//! its cue ("sagte", "fordert … auf", "Antrag"), which tokens are the Source
//! (who speaks), the Message (what is said), the Addressee, the Topic, the
//! Medium, the Evidence, and a separated particle (PTC) — the roles of the
//! SpkAtt 2023 annotation scheme.
//!
//! A sequence model over the sentence (the same averaged perceptron and
//! BIO-constrained Viterbi as the entity tagger), whose features say where a
//! token lies relative to the cue (side, distance, commas, colons and quote
//! marks in between, a `dass`/`ob` on the way) and which cue it is. Trained
//! on SpkAtt train by `wirewatch train speech-roles`; the model is compiled in.

use std::io::{Read, Write};
use std::sync::OnceLock;

use crate::entities::features::extra_feature;
use crate::entities::labelled::chunks;
use crate::entities::model::{ModelError, SequenceModel};
use crate::entities::train::{train_sequence, Example, TrainOptions};

/// The shipped German model (empty until trained; then `german()` fails softly).
static GERMAN_MODEL: &[u8] = include_bytes!("../../models/speech-roles-de.bin");

const MAGIC: &[u8; 8] = b"WWROLE\0\x02";

/// One training example: a sentence, the cue's tokens, and a BIO role label per token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleExample {
    /// The cue's sentence, then the next sentence (messages run on into it).
    pub tokens: Vec<String>,
    /// Where the next sentence starts in `tokens` (`tokens.len()` when none).
    pub sentence_end: usize,
    /// Indices of the cue tokens.
    pub cue: Vec<usize>,
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
                    features: features(&tokens, &example.cue, example.sentence_end),
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
        RoleLabeller { model: train_sequence(&prepared, options), cues, record }
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
        Some(chunks(&path).into_iter().map(|chunk| (chunk.start..chunk.end).collect()).collect())
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
        if tokens.is_empty() || cue.is_empty() {
            return Vec::new();
        }
        let mut emissions = Vec::new();
        self.model.emissions(&features(tokens, cue, sentence_end), &mut emissions);
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

/// Distance buckets: 0 (the cue), 1, 2, 3, 4–5, 6–9, 10+.
fn bucket(distance: usize) -> &'static str {
    match distance {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4",
        6..=9 => "6",
        _ => "10",
    }
}

fn is_quote(token: &str) -> bool {
    !token.is_empty()
        && token.chars().all(|c| matches!(c, '"' | '„' | '“' | '”' | '»' | '«' | '‚' | '‘' | '’' | '\''))
}

/// Features of every token relative to the cue. Language-neutral: words are
/// features as they are, never compared with a list here.
fn features(tokens: &[&str], cue: &[usize], sentence_end: usize) -> Vec<Vec<u64>> {
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
    let opener = lower.get(last_cue + 1).map_or("</s>", String::as_str);
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
