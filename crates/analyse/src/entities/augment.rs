//! Mention replacement: more training sentences from the ones we have.
//!
//! With only a few thousand labelled sentences, a tagger memorises the names
//! it saw instead of learning the contexts names occur in. Each copy of a
//! sentence gets every plain outer entity (no `-deriv`/`-part`, nothing
//! embedded) swapped for another entity of the same type drawn from the
//! training data, so the same context is seen with many names (Dai & Adel
//! 2020, "An Analysis of Simple Data Augmentation for Named Entity
//! Recognition": mention replacement helps most when data is small).
//! [`mention_replacement_with`] can also draw names from the lexicons (first
//! names and surnames for PER, places for LOC, organisations for ORG), so
//! contexts are seen with names the training data never had; a genitive
//! `-s` on the original ("Merkels") is carried over to the new name.
//! Deterministic: a fixed-seed generator picks the replacements.

use rustc_hash::FxHashMap;

use super::labelled::{chunks, LabelledSentence};

/// `copies` augmented copies of every sentence that has a replaceable entity,
/// after the originals; replacements come from the training data only.
pub fn mention_replacement(
    sentences: &[LabelledSentence],
    copies: usize,
    seed: u64,
) -> Vec<LabelledSentence> {
    mention_replacement_with(sentences, copies, seed, 0.0)
}

/// [`mention_replacement`] where a share `lexicon_share` (0 to 1) of the
/// PER, LOC and ORG replacements is drawn from the lexicons instead of the
/// training data.
pub fn mention_replacement_with(
    sentences: &[LabelledSentence],
    copies: usize,
    seed: u64,
    lexicon_share: f32,
) -> Vec<LabelledSentence> {
    let mut out = sentences.to_vec();
    if copies == 0 {
        return out;
    }
    let lexicon = if lexicon_share > 0.0 { Some(LexiconNames::get()) } else { None };
    // Draws at or below this (out of 1000) take a lexicon name.
    let lexicon_cut = (lexicon_share.clamp(0.0, 1.0) * 1000.0) as u64;
    // Pools of names per type, in order of first appearance (deterministic).
    let mut pools: FxHashMap<String, Vec<Vec<String>>> = FxHashMap::default();
    let mut seen: rustc_hash::FxHashSet<(String, Vec<String>)> = Default::default();
    for sentence in sentences {
        for chunk in replaceable(sentence) {
            let name = sentence.tokens[chunk.start..chunk.end].to_vec();
            if seen.insert((chunk.kind.clone(), name.clone())) {
                pools.entry(chunk.kind.clone()).or_default().push(name);
            }
        }
    }
    let mut state = seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..copies {
        for sentence in sentences {
            let targets = replaceable(sentence);
            if targets.is_empty() {
                continue;
            }
            let mut copy =
                LabelledSentence { source: sentence.source.clone(), ..LabelledSentence::default() };
            let mut position = 0;
            for chunk in targets {
                copy.tokens.extend_from_slice(&sentence.tokens[position..chunk.start]);
                copy.outer.extend_from_slice(&sentence.outer[position..chunk.start]);
                copy.inner.extend_from_slice(&sentence.inner[position..chunk.start]);
                let pool = pools.get(&chunk.kind).map(Vec::as_slice).unwrap_or(&[]);
                let original = sentence.tokens[chunk.start..chunk.end].to_vec();
                let from_lexicon = match lexicon {
                    Some(names) if next() % 1000 < lexicon_cut => {
                        let draws = [next(), next()];
                        names.replacement(&chunk.kind, &original, draws)
                    }
                    _ => None,
                };
                let name = match &from_lexicon {
                    Some(name) => name,
                    None if pool.is_empty() => &original,
                    None => &pool[(next() % pool.len() as u64) as usize],
                };
                for (index, token) in name.iter().enumerate() {
                    copy.tokens.push(token.clone());
                    let prefix = if index == 0 { "B" } else { "I" };
                    copy.outer.push(format!("{prefix}-{}", chunk.kind));
                    copy.inner.push("O".to_string());
                }
                position = chunk.end;
            }
            copy.tokens.extend_from_slice(&sentence.tokens[position..]);
            copy.outer.extend_from_slice(&sentence.outer[position..]);
            copy.inner.extend_from_slice(&sentence.inner[position..]);
            out.push(copy);
        }
    }
    out
}

/// Names from the lexicons, by type, for mention replacement.
struct LexiconNames {
    first_names: Vec<&'static str>,
    surnames: Vec<&'static str>,
    places: Vec<Vec<&'static str>>,
    organisations: Vec<Vec<&'static str>>,
    /// Every single-word first name, surname and place, for the genitive test.
    known: rustc_hash::FxHashSet<&'static str>,
}

impl LexiconNames {
    fn get() -> &'static LexiconNames {
        static NAMES: std::sync::OnceLock<LexiconNames> = std::sync::OnceLock::new();
        NAMES.get_or_init(|| {
            use super::lexicon::{Lexicon, LexiconTags};
            // Capitalised entries made of letters (and inner hyphens/dots) only:
            // the lists also hold abbreviations and odd forms a news text rarely has.
            let name_like = |entry: &&str| {
                entry.chars().next().is_some_and(char::is_uppercase)
                    && entry.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '.'))
            };
            let words = |class: u32| -> Vec<&'static str> {
                Lexicon::entries_of(class)
                    .into_iter()
                    .filter(name_like)
                    .filter(|e| !e.contains(' '))
                    .collect()
            };
            let phrases = |class: u32| -> Vec<Vec<&'static str>> {
                Lexicon::entries_of(class)
                    .into_iter()
                    .filter(name_like)
                    .map(|entry| entry.split_whitespace().collect::<Vec<_>>())
                    .filter(|tokens| !tokens.is_empty() && tokens.len() <= 4)
                    .collect()
            };
            let first_names = words(LexiconTags::FIRST_NAME);
            let surnames = words(LexiconTags::SURNAME);
            let places = phrases(LexiconTags::PLACE);
            let organisations = phrases(LexiconTags::ORGANISATION);
            let known = first_names
                .iter()
                .chain(&surnames)
                .copied()
                .chain(places.iter().filter(|p| p.len() == 1).flat_map(|p| p.iter().copied()))
                .collect();
            LexiconNames { first_names, surnames, places, organisations, known }
        })
    }

    /// A lexicon name of type `kind` to stand where `original` stood: for
    /// PER a surname, after a first name when the original had two or more
    /// tokens; genitive `-s` added when the original had one. `None` for
    /// other types or empty lists.
    fn replacement(&self, kind: &str, original: &[String], draws: [u64; 2]) -> Option<Vec<String>> {
        let pick = |list: &[&'static str], draw: u64| {
            (!list.is_empty()).then(|| list[(draw % list.len() as u64) as usize])
        };
        let mut name: Vec<String> = match kind {
            "PER" => {
                let surname = pick(&self.surnames, draws[0])?;
                if original.len() >= 2 {
                    vec![pick(&self.first_names, draws[1])?.to_string(), surname.to_string()]
                } else {
                    vec![surname.to_string()]
                }
            }
            "LOC" | "ORG" => {
                let list = if kind == "LOC" { &self.places } else { &self.organisations };
                if list.is_empty() {
                    return None;
                }
                list[(draws[0] % list.len() as u64) as usize].iter().map(|t| t.to_string()).collect()
            }
            _ => return None,
        };
        if self.is_genitive(original) {
            if let Some(last) = name.last_mut() {
                // German genitive of a name: -s, nothing after a sibilant ("Paris'" is rare).
                if !last.ends_with(['s', 'x', 'z', 'ß']) {
                    last.push('s');
                }
            }
        }
        Some(name)
    }

    /// The original name is a genitive: its last word is a known name plus `s`.
    fn is_genitive(&self, original: &[String]) -> bool {
        original
            .last()
            .and_then(|last| last.strip_suffix('s'))
            .is_some_and(|base| base.chars().count() > 1 && self.known.contains(base))
    }
}

/// Plain PER/LOC/ORG/OTH outer chunks with nothing embedded in them.
fn replaceable(sentence: &LabelledSentence) -> Vec<super::labelled::Chunk> {
    chunks(&sentence.outer)
        .into_iter()
        .filter(|chunk| matches!(chunk.kind.as_str(), "PER" | "LOC" | "ORG" | "OTH"))
        .filter(|chunk| {
            sentence.inner.get(chunk.start..chunk.end).is_some_and(|inner| inner.iter().all(|l| l == "O"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(tokens: &[&str], outer: &[&str]) -> LabelledSentence {
        LabelledSentence::outer_only(tokens, outer)
    }

    #[test]
    fn replaces_names_with_same_type_names_and_keeps_labels_aligned() {
        let data = vec![
            sentence(&["Wladimir", "Putin", "sagte", "."], &["B-PER", "I-PER", "O", "O"]),
            sentence(&["Merz", "kam", "nach", "Berlin"], &["B-PER", "O", "O", "B-LOC"]),
            sentence(&["Nichts", "hier"], &["O", "O"]),
        ];
        let augmented = mention_replacement(&data, 3, 7);
        assert_eq!(augmented.len(), 3 + 3 * 2);
        for copy in &augmented[3..] {
            assert_eq!(copy.tokens.len(), copy.outer.len());
            assert_eq!(copy.tokens.len(), copy.inner.len());
            let found = chunks(&copy.outer);
            assert!(found.iter().all(|c| c.kind == "PER" || c.kind == "LOC"));
        }
        assert_eq!(augmented, mention_replacement(&data, 3, 7));
    }

    #[test]
    fn lexicon_names_replace_mentions_with_the_original_shape_and_genitive() {
        let data = vec![
            sentence(&["Wladimir", "Putin", "sagte", "."], &["B-PER", "I-PER", "O", "O"]),
            sentence(&["Merkels", "Rede", "in", "Berlin"], &["B-PER", "O", "O", "B-LOC"]),
            sentence(&["Die", "Bundeswehr", "kam"], &["O", "B-ORG", "O"]),
        ];
        let augmented = mention_replacement_with(&data, 20, 11, 1.0);
        assert_eq!(augmented.len(), 3 + 20 * 3);
        assert_eq!(augmented, mention_replacement_with(&data, 20, 11, 1.0));
        let training_names = ["Wladimir", "Putin", "Merkels", "Berlin", "Bundeswehr"];
        let mut unseen = 0;
        for copy in &augmented[3..] {
            assert_eq!(copy.tokens.len(), copy.outer.len());
            assert_eq!(copy.tokens.len(), copy.inner.len());
            for chunk in chunks(&copy.outer) {
                let name = &copy.tokens[chunk.start..chunk.end];
                assert!(name[0].chars().next().is_some_and(char::is_uppercase), "{name:?}");
                if !training_names.contains(&name[0].as_str()) {
                    unseen += 1;
                }
            }
            // The genitive "Merkels" is replaced by a genitive.
            if copy.tokens.get(1).map(String::as_str) == Some("Rede") && copy.outer[0] == "B-PER" {
                let name = copy.tokens[0].as_str();
                assert!(name.ends_with(['s', 'x', 'z', 'ß']), "{name}");
            }
        }
        assert!(unseen > 20, "lexicon names are used: {unseen}");
        // A share of 0 is plain mention replacement.
        assert_eq!(mention_replacement_with(&data, 2, 5, 0.0), mention_replacement(&data, 2, 5));
    }
}
