//! Word lists the name rules read (`rules/entities/name_rules.txt`): which
//! capitalised words start sentences without naming anything, which join the
//! parts of a name, which come between a person and an apposed role, …
//! Sections are `[name]` lines followed by one entry per line.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

static NAME_RULES: &str = include_str!("../../rules/entities/name_rules.txt");

/// The parsed lists, by section name.
#[derive(Debug, Default)]
pub struct NameRules {
    lists: FxHashMap<&'static str, FxHashSet<&'static str>>,
}

impl NameRules {
    /// The lists compiled into the binary, parsed once.
    pub fn shared() -> &'static NameRules {
        static RULES: OnceLock<NameRules> = OnceLock::new();
        RULES.get_or_init(|| NameRules::parse(NAME_RULES))
    }

    /// Parses the section format; lines before the first section are ignored.
    pub fn parse(text: &'static str) -> NameRules {
        let mut lists: FxHashMap<&'static str, FxHashSet<&'static str>> = FxHashMap::default();
        let mut current: Option<&'static str> = None;
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
                current = Some(name);
                lists.entry(name).or_default();
            } else if let Some(name) = current {
                lists.entry(name).or_default().insert(line);
            }
        }
        NameRules { lists }
    }

    /// Whether `word` is in the list `list` (an unknown list has no words).
    pub fn has(&self, list: &str, word: &str) -> bool {
        self.lists.get(list).is_some_and(|words| words.contains(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_parse_and_answer() {
        let rules = NameRules::shared();
        for list in [
            "function_words",
            "calendar_words",
            "connectors",
            "role_modifiers",
            "place_prepositions",
            "speech_verbs",
            "apposition_articles",
        ] {
            assert!(rules.lists.get(list).is_some_and(|words| !words.is_empty()), "{list} missing or empty");
        }
        assert!(rules.has("calendar_words", "Friday"));
        assert!(!rules.has("calendar_words", "Trump"));
        assert!(!rules.has("no such list", "Friday"));
        let parsed = NameRules::parse("stray\n[a]\nx\n# c\n\n[b]\ny");
        assert!(parsed.has("a", "x") && parsed.has("b", "y") && !parsed.has("a", "stray"));
    }
}
