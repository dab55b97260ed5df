//! The segmentation data: abbreviations, sentence-starter words, month names
//! and top-level domains, parsed once from the files under `rules/segment/`.
//!
//! The files are compiled into the binary (`include_str!`), so building the
//! tables cannot fail at run time; a malformed line is simply ignored, and the
//! tests check that the shipped files parse into non-empty tables.

use std::collections::{HashMap, HashSet};

const COMMON: &str = include_str!("../../rules/segment/common.txt");
const GERMAN: &str = include_str!("../../rules/segment/de.txt");
const ENGLISH: &str = include_str!("../../rules/segment/en.txt");

/// How an abbreviation's period behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Never ends a sentence ("Dr.", "z. B.").
    Inner,
    /// An abbreviation only before a number ("Nr. 5"); otherwise a full stop.
    BeforeNumber,
    /// May end a sentence; it does when a sentence-starter word follows ("usw.").
    MayEnd,
}

/// Which language's tables to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// German rules plus the common ones.
    German,
    /// English rules plus the common ones.
    English,
    /// Every list merged: used when the language is unknown or another one.
    Neutral,
}

impl Lang {
    /// Maps an ISO 639 code ("de", "de-AT", "en_US", "deu", "eng") to a rule set.
    pub fn from_code(code: Option<&str>) -> Lang {
        let Some(code) = code else { return Lang::Neutral };
        let primary = code.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase();
        match primary.as_str() {
            "de" | "deu" | "ger" | "gsw" => Lang::German,
            "en" | "eng" => Lang::English,
            _ => Lang::Neutral,
        }
    }
}

/// One language's lookup tables.
#[derive(Debug, Default)]
pub struct Table {
    /// Abbreviations keyed by their compact form: no spaces, final period kept ("z.B.").
    pub abbreviations: HashMap<String, AbbrevKind>,
    /// Capitalised words that begin a sentence after an ambiguous period.
    pub starters: HashSet<String>,
    /// Month names and their abbreviations, without a period.
    pub months: HashSet<String>,
    /// Top-level domains ("de", "com") that make "spiegel.de" one token.
    pub tlds: HashSet<String>,
}

impl Table {
    /// The abbreviation kind of `compact` (e.g. "z.B."), if listed.
    pub fn abbreviation(&self, compact: &str) -> Option<AbbrevKind> {
        self.abbreviations.get(compact).copied()
    }

    fn add_file(&mut self, source: &str) {
        let mut section = "";
        for line in source.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
                section = name.trim();
                continue;
            }
            match section {
                "abbreviations" => self.add_abbreviation(line),
                "starters" => {
                    self.starters.insert(line.to_string());
                }
                "months" => {
                    self.months.insert(line.to_string());
                }
                "tlds" => {
                    self.tlds.insert(line.to_ascii_lowercase());
                }
                _ => {}
            }
        }
    }

    fn add_abbreviation(&mut self, line: &str) {
        let mut parts: Vec<&str> = line.split_whitespace().collect();
        let kind = match parts.last().copied() {
            Some("+") => AbbrevKind::Inner,
            Some("#") => AbbrevKind::BeforeNumber,
            _ => AbbrevKind::MayEnd,
        };
        if kind != AbbrevKind::MayEnd {
            parts.pop();
        }
        let compact: String = parts.concat();
        if compact.len() > 1 && compact.ends_with('.') {
            // A stricter entry wins when two files list the same abbreviation.
            let entry = self.abbreviations.entry(compact).or_insert(kind);
            if kind == AbbrevKind::Inner {
                *entry = kind;
            }
        }
    }
}

/// The tables for every language, built once.
#[derive(Debug)]
pub struct Rules {
    german: Table,
    english: Table,
    neutral: Table,
}

impl Rules {
    /// Parses the shipped rule files.
    pub fn shipped() -> Rules {
        let build = |files: &[&str]| {
            let mut table = Table::default();
            for file in files {
                table.add_file(file);
            }
            table
        };
        Rules {
            german: build(&[COMMON, GERMAN]),
            english: build(&[COMMON, ENGLISH]),
            neutral: build(&[COMMON, GERMAN, ENGLISH]),
        }
    }

    /// The table for `lang`.
    pub fn table(&self, lang: Lang) -> &Table {
        match lang {
            Lang::German => &self.german,
            Lang::English => &self.english,
            Lang::Neutral => &self.neutral,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_parse_into_tables() {
        let rules = Rules::shipped();
        for lang in [Lang::German, Lang::English, Lang::Neutral] {
            let table = rules.table(lang);
            assert!(table.abbreviations.len() > 40, "{lang:?}");
            assert!(table.starters.len() > 40, "{lang:?}");
            assert!(table.months.len() >= 12, "{lang:?}");
            assert!(table.tlds.contains("de"), "{lang:?}");
        }
        let german = rules.table(Lang::German);
        assert_eq!(german.abbreviation("z.B."), Some(AbbrevKind::Inner));
        assert_eq!(german.abbreviation("usw."), Some(AbbrevKind::MayEnd));
        assert_eq!(german.abbreviation("Nr."), Some(AbbrevKind::BeforeNumber));
        assert!(german.starters.contains("Danach") && !german.starters.contains("The"));
        let english = rules.table(Lang::English);
        assert_eq!(english.abbreviation("U.S."), Some(AbbrevKind::MayEnd));
        assert!(english.abbreviation("z.B.").is_none());
        assert!(rules.table(Lang::Neutral).starters.contains("The"));
    }

    #[test]
    fn malformed_lines_are_ignored() {
        let mut table = Table::default();
        table.add_file("[abbreviations]\nno-period\n.\n+\nok. +\n[unknown]\nx.\n[starters]\nDie\n");
        assert_eq!(table.abbreviations.len(), 1);
        assert_eq!(table.abbreviation("ok."), Some(AbbrevKind::Inner));
        assert!(table.starters.contains("Die"));
    }

    #[test]
    fn language_codes_map_to_rule_sets() {
        assert_eq!(Lang::from_code(Some("de")), Lang::German);
        assert_eq!(Lang::from_code(Some("de-AT")), Lang::German);
        assert_eq!(Lang::from_code(Some("DE_ch")), Lang::German);
        assert_eq!(Lang::from_code(Some("en-GB")), Lang::English);
        assert_eq!(Lang::from_code(Some("eng")), Lang::English);
        assert_eq!(Lang::from_code(Some("fr")), Lang::Neutral);
        assert_eq!(Lang::from_code(Some("")), Lang::Neutral);
        assert_eq!(Lang::from_code(None), Lang::Neutral);
    }
}
