//! whatlang 0.18.0's combined (alphabet + trigram) language scoring for the
//! Latin and Cyrillic scripts, with identical answers but a cost that grows
//! with the text instead of with the number of languages.
//!
//! whatlang compares every language profile (37 Latin ones × 300 trigrams)
//! with the text's trigrams, one hash lookup per profile trigram, however
//! short the text. Here an inverted index (trigram → languages and ranks)
//! visits only the text's own trigrams (at most 600), and the sums come out
//! the same. Everything after the distances (normalisation, weights, sort
//! order, confidence) repeats whatlang's arithmetic operation by operation,
//! because ties and the reliability threshold depend on the last bit.
//! The equivalence is tested against whatlang itself in
//! `tests/lang_equivalence.rs`.

use std::cmp::Reverse;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use whatlang::{Info, Lang, Script};

use super::profiles;

/// Largest distance of one profile trigram (whatlang `MAX_TRIGRAM_DISTANCE`).
const MAX_TRIGRAM_DISTANCE: u32 = 300;
/// Capacity cap of the trigram counts (whatlang's; only a speed matter).
const MAX_INITIAL_HASH_CAPACITY: usize = 2048;
/// Largest distance of a language (whatlang `MAX_TOTAL_DISTANCE`).
const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// The text's most frequent trigrams that are ranked (whatlang `TEXT_TRIGRAMS_SIZE`).
const TEXT_TRIGRAMS_SIZE: usize = 600;
/// Marks an ASCII char that is in no alphabet.
const NOT_IN_ALPHABETS: u16 = u16::MAX;

/// whatlang's stop characters: ASCII space, punctuation and digits count as
/// word breaks and are no letters.
fn is_stop_char(ch: char) -> bool {
    matches!(ch, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// A trigram packed into one integer; the order of keys is the order of
/// whatlang's `Trigram(char, char, char)` (chars fit in 21 bits).
fn trigram_key(c1: char, c2: char, c3: char) -> u64 {
    (u64::from(c1) << 42) | (u64::from(c2) << 21) | u64::from(c3)
}

/// The models of one script, built once from the vendored whatlang data.
struct ScriptModel {
    script: Script,
    /// The script's languages in whatlang's order (`Script::langs`): the order
    /// in which languages enter the ranking, so it decides ties.
    langs: Vec<Lang>,
    /// Trigram → range of `postings` listing the profiles that contain it.
    trigram_index: FxHashMap<u64, (u32, u32)>,
    /// (language index into `langs`, rank of the trigram in that profile).
    postings: Vec<(u8, u16)>,
    /// Every alphabet letter, sorted (whatlang's inverted alphabet map).
    alphabet_chars: Vec<char>,
    /// For each letter of `alphabet_chars`, the languages (indices into `langs`)
    /// whose alphabet lists it, once per listing.
    alphabet_langs: Vec<Vec<u8>>,
    /// Slot in `alphabet_chars` of each ASCII char, to skip the binary search.
    ascii_slots: [u16; 128],
}

impl ScriptModel {
    fn new(script: Script, trigram_profiles: &[(Lang, &str)], alphabets: &[(Lang, &str)]) -> Self {
        let langs = script.langs().to_vec();
        let lang_index =
            |lang: Lang| langs.iter().position(|l| *l == lang).and_then(|i| u8::try_from(i).ok());

        let mut by_trigram: FxHashMap<u64, Vec<(u8, u16)>> = FxHashMap::default();
        for (lang, profile) in trigram_profiles {
            let Some(index) = lang_index(*lang) else { continue };
            for (rank, trigram) in profile.split(profiles::TRIGRAM_SEPARATOR).enumerate() {
                let mut chars = trigram.chars();
                let (Some(c1), Some(c2), Some(c3), None) =
                    (chars.next(), chars.next(), chars.next(), chars.next())
                else {
                    continue;
                };
                let rank = u16::try_from(rank).unwrap_or(u16::MAX);
                by_trigram.entry(trigram_key(c1, c2, c3)).or_default().push((index, rank));
            }
        }
        let mut trigram_index = FxHashMap::default();
        let mut postings = Vec::new();
        for (key, list) in by_trigram {
            let start = u32::try_from(postings.len()).unwrap_or(u32::MAX);
            let len = u32::try_from(list.len()).unwrap_or(0);
            postings.extend(list);
            trigram_index.insert(key, (start, len));
        }

        let mut letters: FxHashMap<char, Vec<u8>> = FxHashMap::default();
        for (lang, alphabet) in alphabets {
            let Some(index) = lang_index(*lang) else { continue };
            for ch in alphabet.chars() {
                letters.entry(ch).or_default().push(index);
            }
        }
        let mut letters: Vec<(char, Vec<u8>)> = letters.into_iter().collect();
        letters.sort_unstable_by_key(|(ch, _)| *ch);
        let (alphabet_chars, alphabet_langs): (Vec<char>, Vec<Vec<u8>>) = letters.into_iter().unzip();
        let mut ascii_slots = [NOT_IN_ALPHABETS; 128];
        for (slot, ch) in alphabet_chars.iter().enumerate() {
            if let (Some(entry), Ok(slot)) = (ascii_slots.get_mut(*ch as usize), u16::try_from(slot)) {
                *entry = slot;
            }
        }
        ScriptModel { script, langs, trigram_index, postings, alphabet_chars, alphabet_langs, ascii_slots }
    }

    /// Slot of `ch` in `alphabet_chars`, if it is an alphabet letter.
    fn alphabet_slot(&self, ch: char) -> Option<usize> {
        match self.ascii_slots.get(ch as usize) {
            Some(&NOT_IN_ALPHABETS) => None,
            Some(&slot) => Some(usize::from(slot)),
            None => self.alphabet_chars.binary_search(&ch).ok(),
        }
    }
}

static LATIN: LazyLock<ScriptModel> =
    LazyLock::new(|| ScriptModel::new(Script::Latin, profiles::LATIN_PROFILES, profiles::LATIN_ALPHABETS));
static CYRILLIC: LazyLock<ScriptModel> = LazyLock::new(|| {
    ScriptModel::new(Script::Cyrillic, profiles::CYRILLIC_PROFILES, profiles::CYRILLIC_ALPHABETS)
});

/// The filter-independent part of whatlang's combined detection of one text:
/// per language its alphabet score and trigram distance. Ranking them under
/// different allow-lists ([`ScriptScores::best`]) costs no second pass.
pub(super) struct ScriptScores {
    model: &'static ScriptModel,
    /// Letters (non-stop chars) of the lowercased text: whatlang's alphabet `count`.
    letter_count: usize,
    /// Alphabet raw score per language of `model.langs`.
    alphabet_raw: Vec<usize>,
    /// Distinct ranked trigrams: whatlang's `trigrams_count`.
    trigram_count: usize,
    /// Trigram distance per language of `model.langs`.
    distances: Vec<u32>,
}

impl ScriptScores {
    /// Scores `text` when its script is Latin or Cyrillic; `None` for any other
    /// script (and for degenerate texts), which whatlang itself must handle.
    pub(super) fn of(text: &str) -> Option<Self> {
        let model: &'static ScriptModel = match whatlang::detect_script(text)? {
            Script::Latin => &LATIN,
            Script::Cyrillic => &CYRILLIC,
            _ => return None,
        };
        let mut tally = Tally::new(model, text.len());
        if text.contains(CAPITAL_SIGMA) {
            // Only `str::to_lowercase` lowers Σ by its context (σ or final ς).
            for ch in text.to_lowercase().chars() {
                tally.push(model, ch);
            }
        } else {
            // The chars of `str::to_lowercase`, without the copy.
            for ch in text.chars() {
                if ch.is_ascii() {
                    tally.push(model, ch.to_ascii_lowercase());
                } else {
                    for lower in ch.to_lowercase() {
                        tally.push(model, lower);
                    }
                }
            }
        }
        let Tally { letter_count, char_scores, occurrences, .. } = tally.finish();

        // (count, trigram) packed so that integer order is whatlang's order of
        // the pairs; sorting plain integers is cheaper than sorting tuples.
        let mut ranked: Vec<u128> =
            occurrences.into_iter().map(|(key, count)| (u128::from(count) << 64) | u128::from(key)).collect();
        // Most frequent first, ties by trigram, descending: whatlang's order.
        ranked.sort_unstable_by(|a, b| b.cmp(a));
        ranked.truncate(TEXT_TRIGRAMS_SIZE);
        let trigram_count = ranked.len();
        let lang_total = model.langs.len();
        let mut found = vec![0u32; lang_total];
        let mut offsets = vec![0u32; lang_total];
        for (position, packed) in ranked.iter().enumerate() {
            // The low 64 bits are the trigram key.
            let key = *packed as u64;
            let Some(&(start, len)) = model.trigram_index.get(&key) else { continue };
            let Some(postings) =
                model.postings.get(start as usize..(start as usize).saturating_add(len as usize))
            else {
                continue;
            };
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            for &(lang, rank) in postings {
                if let (Some(found), Some(offset)) =
                    (found.get_mut(usize::from(lang)), offsets.get_mut(usize::from(lang)))
                {
                    *found += 1;
                    *offset += position.abs_diff(u32::from(rank));
                }
            }
        }
        if letter_count == 0 || trigram_count == 0 {
            return None;
        }

        let short_by = MAX_TRIGRAM_DISTANCE.saturating_sub(u32::try_from(trigram_count).unwrap_or(u32::MAX));
        let distances = found
            .iter()
            .zip(&offsets)
            .map(|(&found, &offset)| {
                // Every profile trigram missing from the text costs the maximum.
                let missing = MAX_TRIGRAM_DISTANCE.saturating_sub(found);
                let total = offset.saturating_add(missing.saturating_mul(MAX_TRIGRAM_DISTANCE));
                // whatlang's allowance for texts with fewer than 300 trigrams.
                total.saturating_sub(short_by * MAX_TRIGRAM_DISTANCE).clamp(0, MAX_TOTAL_DISTANCE)
            })
            .collect();

        let mut lang_scores = vec![0usize; lang_total];
        let mut common_score = 0usize;
        for (char_score, langs) in char_scores.iter().zip(&model.alphabet_langs) {
            if *char_score == 0 {
                continue;
            }
            // A letter listed as often as the script has languages counts for all
            // (whatlang's shortcut, kept for identical sums).
            if langs.len() == lang_total {
                common_score += char_score;
            } else {
                for lang in langs {
                    if let Some(score) = lang_scores.get_mut(usize::from(*lang)) {
                        *score += char_score;
                    }
                }
            }
        }
        let alphabet_raw =
            lang_scores.iter().map(|score| (score + common_score).saturating_sub(letter_count)).collect();

        Some(ScriptScores { model, letter_count, alphabet_raw, trigram_count, distances })
    }

    /// whatlang's answer among the languages `allowed` accepts: best language,
    /// script and confidence, or `None` when no language of the script is allowed.
    pub(super) fn best(&self, allowed: impl Fn(Lang) -> bool) -> Option<Info> {
        // Alphabet ranking first: its order is the order languages enter the
        // combined ranking, which breaks ties.
        let mut alphabet: Vec<(Lang, usize)> = self
            .model
            .langs
            .iter()
            .zip(&self.alphabet_raw)
            .filter(|(lang, _)| allowed(**lang))
            .map(|(lang, score)| (*lang, *score))
            .collect();
        alphabet.sort_unstable_by_key(|(_, score)| Reverse(*score));

        let alphabet_weight = alphabet_weight(self.letter_count);
        let trigram_weight = 1.0 - alphabet_weight;
        let max_distance =
            u32::try_from(self.trigram_count).unwrap_or(u32::MAX).saturating_mul(MAX_TRIGRAM_DISTANCE);
        let mut scores: Vec<(Lang, f64)> = Vec::with_capacity(alphabet.len());
        for (lang, alphabet_raw) in alphabet {
            let a = alphabet_raw as f64 / self.letter_count as f64;
            let distance = self
                .model
                .langs
                .iter()
                .position(|l| *l == lang)
                .and_then(|index| self.distances.get(index))
                .copied()
                .unwrap_or(max_distance);
            let t = max_distance.saturating_sub(distance) as f64 / max_distance as f64;
            scores.push((lang, a * alphabet_weight + t * trigram_weight));
        }
        scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));

        let mut ranked = scores.into_iter();
        let (lang, score1) = ranked.next()?;
        let confidence = match ranked.next() {
            Some((_, score2)) => confidence(score1, score2, self.trigram_count),
            None => 1.0,
        };
        Some(Info::new(self.model.script, lang, confidence))
    }
}

/// Σ, the one char that `str::to_lowercase` lowers by context.
const CAPITAL_SIGMA: char = '\u{03a3}';

/// One pass over the lowercased text: whatlang's alphabet tally and trigram
/// counts together.
struct Tally {
    /// Letters (non-stop chars): whatlang's alphabet `count`.
    letter_count: usize,
    /// Per slot of `alphabet_chars`: 2 per occurrence (whatlang's scale).
    char_scores: Vec<usize>,
    /// Occurrences per trigram key.
    occurrences: FxHashMap<u64, u32>,
    /// The last two chars (stop chars as spaces); whatlang pads the text with
    /// a space in front, so `before_last` starts as one.
    before_last: char,
    last: Option<char>,
}

impl Tally {
    fn new(model: &ScriptModel, text_len: usize) -> Self {
        let mut occurrences = FxHashMap::default();
        // Room for every trigram of a sample without rehashing (whatlang's cap).
        occurrences.reserve(text_len.min(MAX_INITIAL_HASH_CAPACITY));
        Tally {
            letter_count: 0,
            char_scores: vec![0; model.alphabet_chars.len()],
            occurrences,
            before_last: ' ',
            last: None,
        }
    }

    /// Takes the next lowercased char.
    #[inline]
    fn push(&mut self, model: &ScriptModel, ch: char) {
        let ch = if is_stop_char(ch) {
            ' '
        } else {
            self.letter_count += 1;
            if let Some(score) = model.alphabet_slot(ch).and_then(|slot| self.char_scores.get_mut(slot)) {
                // whatlang adds 2 per letter and takes the letter count off at
                // the end, for a score in -count..count.
                *score += 2;
            }
            ch
        };
        if let Some(last) = self.last {
            self.count(self.before_last, last, ch);
            self.before_last = last;
        }
        self.last = Some(ch);
    }

    /// Counts the trigram ending at the space whatlang appends to the text.
    fn finish(mut self) -> Self {
        if let Some(last) = self.last {
            self.count(self.before_last, last, ' ');
        }
        self
    }

    /// Counts a trigram unless its middle is a space next to another space.
    #[inline]
    fn count(&mut self, c1: char, c2: char, c3: char) {
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            *self.occurrences.entry(trigram_key(c1, c2, c3)).or_insert(0) += 1;
        }
    }
}

/// whatlang's weight of the alphabet score: 2/3 for no letters, falling to
/// 1/3 at 100 letters and beyond.
fn alphabet_weight(letter_count: usize) -> f64 {
    let weight = -(letter_count as f64 / 300.0) + 2.0 / 3.0;
    weight.clamp(1.0 / 3.0, 2.0 / 3.0)
}

/// whatlang's `calculate_confidence`: how far the best score is ahead of the
/// second, relative to a margin that shrinks with the number of trigrams.
fn confidence(highest_score: f64, second_score: f64, count: usize) -> f64 {
    if highest_score == 0.0 {
        return 0.0;
    }
    if second_score == 0.0 {
        return highest_score;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (highest_score - second_score) / second_score;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ties are broken by the order of the alphabet ranking, which only equals
    /// whatlang's when both models list the same languages as the script.
    #[test]
    fn vendored_languages_are_the_scripts_languages() {
        for (script, trigram_profiles, alphabets) in [
            (Script::Latin, profiles::LATIN_PROFILES, profiles::LATIN_ALPHABETS),
            (Script::Cyrillic, profiles::CYRILLIC_PROFILES, profiles::CYRILLIC_ALPHABETS),
        ] {
            let mut expected: Vec<Lang> = script.langs().to_vec();
            expected.sort_unstable_by_key(|lang| lang.code());
            for list in [trigram_profiles, alphabets] {
                let mut langs: Vec<Lang> = list.iter().map(|(lang, _)| *lang).collect();
                langs.sort_unstable_by_key(|lang| lang.code());
                assert_eq!(langs, expected, "{script:?}");
            }
        }
    }

    #[test]
    fn every_profile_has_300_distinct_trigrams() {
        for (lang, profile) in profiles::LATIN_PROFILES.iter().chain(profiles::CYRILLIC_PROFILES) {
            let trigrams: Vec<&str> = profile.split(profiles::TRIGRAM_SEPARATOR).collect();
            assert_eq!(trigrams.len(), 300, "{lang:?}");
            assert!(trigrams.iter().all(|t| t.chars().count() == 3), "{lang:?}");
            let distinct: std::collections::HashSet<&&str> = trigrams.iter().collect();
            assert_eq!(distinct.len(), 300, "{lang:?}");
        }
    }

    /// The copy-free lowering must give `str::to_lowercase`'s chars for any
    /// text without Σ (which goes through `str::to_lowercase` itself).
    #[test]
    fn char_lowering_equals_str_lowering_without_sigma() {
        for text in ["Straße ẞ İstanbul ǅ ǈ Ǳ", "ÀÉÎÕÜ Ĳ Ŀ ŉ", "ΑΒΓ σς Ω", "ПРИВЕТ Ёлка", "Ⅻ Ⓐ Ａ 𐐀", ""]
        {
            assert!(!text.contains(CAPITAL_SIGMA));
            let lowered: String = text.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(lowered, text.to_lowercase(), "{text}");
        }
        // The exception that needs the context: a final capital sigma.
        let lowered: String = "ΟΔΟΣ".chars().flat_map(char::to_lowercase).collect();
        assert_ne!(lowered, "ΟΔΟΣ".to_lowercase());
    }

    #[test]
    fn other_scripts_and_empty_texts_are_left_to_whatlang() {
        assert!(ScriptScores::of("").is_none());
        assert!(ScriptScores::of("12345 !!!").is_none());
        assert!(ScriptScores::of("المجلس البلدي يوافق على الترام الجديد").is_none());
        assert!(ScriptScores::of("Der Stadtrat tagt").is_some());
        assert!(ScriptScores::of("Городской совет").is_some());
    }

    #[test]
    fn an_allow_list_without_the_scripts_languages_has_no_answer() {
        let scores = ScriptScores::of("Der Stadtrat hat am Dienstag beschlossen").expect("Latin");
        assert!(scores.best(|lang| lang == Lang::Rus).is_none());
        let alone = scores.best(|lang| lang == Lang::Eng).expect("one language");
        assert_eq!((alone.lang(), alone.confidence()), (Lang::Eng, 1.0));
    }
}
