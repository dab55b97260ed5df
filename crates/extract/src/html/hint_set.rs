//! One-pass, ASCII-case-insensitive "does this class or id contain any of
//! these words?" tests.
//!
//! Pages carry thousands of elements and the vocabularies dozens of words;
//! testing each word with `contains` on a lower-cased copy was a fifth of the
//! metadata time. An Aho-Corasick automaton answers in one scan without
//! allocating, and most class strings contain none of the words, so the
//! detailed per-token rules run only for the few that do.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// A set of lower-case words to look for inside attribute values.
#[derive(Debug)]
pub struct HintSet {
    automaton: Option<AhoCorasick>,
    words: &'static [&'static str],
}

impl HintSet {
    /// A set of `words` (lower-case ASCII, as in [`super::vocab`]).
    pub fn new(words: &'static [&'static str]) -> HintSet {
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words)
            .ok();
        HintSet { automaton, words }
    }

    /// Whether `value` contains any of the words, ignoring ASCII case.
    pub fn any_in(&self, value: &str) -> bool {
        match &self.automaton {
            Some(automaton) => automaton.is_match(value),
            // Building only fails for vocabularies far larger than ours; stay correct anyway.
            None => {
                let lower = value.to_ascii_lowercase();
                self.words.iter().any(|word| lower.contains(word))
            }
        }
    }
}

/// Declares a lazily built, shared [`HintSet`] for a vocabulary.
macro_rules! hint_set {
    ($name:ident, $words:expr) => {
        fn $name() -> &'static $crate::html::hint_set::HintSet {
            static SET: std::sync::OnceLock<$crate::html::hint_set::HintSet> = std::sync::OnceLock::new();
            SET.get_or_init(|| $crate::html::hint_set::HintSet::new($words))
        }
    };
}
pub(crate) use hint_set;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_lowercase_contains() {
        static WORDS: &[&str] = &["byline", "author", "date"];
        let set = HintSet::new(WORDS);
        for value in ["post-Byline", "AUTHOR_box", "x updated-DATE", "ß byline"] {
            assert!(set.any_in(value), "{value}");
        }
        for value in ["", "content main", "aut hor", "straße"] {
            assert!(!set.any_in(value), "{value}");
        }
    }
}
