//! Distributional context profiles: for each frequent capitalised word of
//! unlabeled German text, how often it stands in contexts that tell names
//! from nouns and one kind of name from another — after a title or role
//! ("Präsident Macron"), after a bare place preposition ("in Berlin"), after
//! a definite or indefinite article, before a verb of saying, as the first
//! part of a hyphenated compound ("Merkel-Regierung"), after a first name,
//! and so on ([`CONTEXTS`]).
//!
//! Brown classes ([`word_classes`](super::word_classes)) group words by
//! their neighbours but lose these typed contexts; the tagger reads each
//! word's ratios quantised into a few buckets ([`ContextProfiles::buckets`]).
//!
//! **Not used by the shipped tagger**: 5-fold cross-validation on GermEval
//! dev over three seeds found no gain (see `models/README.md`, tried and not
//! kept), so no profile file is compiled in. The code stays for a retry with
//! more unlabeled text: `build_context_profiles` writes a file, and
//! `ner_cv --profiles FILE` switches the features on for one process
//! ([`use_in_features`]).
//!
//! File format (built by
//! `cargo run --release -p wirewatch-eval --example build_context_profiles`):
//! `#` header lines, then `word<TAB>occurrences<TAB>count,count,…` with one
//! count per context in [`CONTEXTS`] order. Counts, not ratios, so the
//! quantisation can change without rebuilding.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::rules::NameRules;

/// Profiles an experiment switched on for this process ([`use_in_features`]).
static IN_FEATURES: OnceLock<ContextProfiles> = OnceLock::new();

/// The packed profile of a capitalised word without one while profiles are
/// in use (so "no profile" is a feature of its own); never a real profile,
/// which uses the low 48 bits only.
pub const NO_PROFILE: u64 = 1 << 63;
/// The cue lists (`[place_prepositions]`, `[definite_articles]`, …).
static CUE_LISTS: &str = include_str!("../../rules/entities/profile_contexts.txt");
/// Forms of address ("Herr", "Dr."), one per line.
static PERSON_PREFIXES: &str = include_str!("../../rules/entities/person_prefixes.txt");
/// Role heads matched as word endings ("chef", "präsidentin"): `lower<TAB>lemma`.
static ROLE_HEADS: &str = include_str!("../../rules/entities/role_heads.txt");
/// First names, one per line.
static FIRST_NAMES: &str = include_str!("../../rules/entities/first_names.txt");

/// The contexts counted, in file order; the index is part of the feature.
pub const CONTEXTS: [&str; 11] = [
    "after_title",
    "after_place_preposition",
    "after_definite_article",
    "before_speech_verb",
    "compound_modifier",
    "after_first_name",
    "before_capitalised",
    "genitive_s_form",
    "sentence_initial",
    "lower_case_form",
    "after_indefinite_article",
];

/// Words seen fewer times than this (standalone plus as a compound
/// modifier) get no profile: their ratios would be noise.
pub const DEFAULT_MIN_COUNT: u32 = 3;

/// The cue words the contexts are defined by.
#[derive(Debug)]
pub struct ContextCues {
    lists: NameRules,
    titles: FxHashSet<String>,
    role_heads: FxHashSet<String>,
    first_names: FxHashSet<&'static str>,
}

impl ContextCues {
    /// The German cues compiled into the binary.
    pub fn german() -> ContextCues {
        let entries = |text: &'static str| {
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(|line| line.split('\t').next().unwrap_or(line))
        };
        ContextCues {
            lists: NameRules::parse(CUE_LISTS),
            titles: entries(PERSON_PREFIXES).map(str::to_lowercase).collect(),
            role_heads: entries(ROLE_HEADS).map(str::to_lowercase).collect(),
            first_names: entries(FIRST_NAMES).collect(),
        }
    }

    /// A title, form of address or role word, or a compound ending in a role
    /// head ("kremlchef" ends in "chef"). `lower` is lower-cased.
    fn is_title(&self, lower: &str) -> bool {
        if self.titles.contains(lower) {
            return true;
        }
        // Every suffix of at least 4 characters, on char boundaries.
        lower
            .char_indices()
            .map(|(start, _)| &lower[start..])
            .take_while(|rest| rest.chars().count() >= 4)
            .any(|rest| self.role_heads.contains(rest))
    }
}

/// Counts per word while building.
#[derive(Clone, Debug, Default)]
struct Tally {
    occurrences: u32,
    counts: [u32; CONTEXTS.len()],
}

/// Context profiles of capitalised words.
#[derive(Clone, Debug, Default)]
pub struct ContextProfiles {
    /// Word → its packed buckets ([`ContextProfiles::buckets`]).
    packed: FxHashMap<Box<str>, u64>,
    /// Raw rows, in file order, for [`ContextProfiles::to_tsv`].
    rows: Vec<(Box<str>, u32, [u32; CONTEXTS.len()])>,
    header: Vec<String>,
}

/// Experiments only: every entity tagger trained or run later in this
/// process reads `profiles` as features (a model trained so must be run so;
/// the shipped one never is). Once per process: `Err` gives the profiles
/// back if some were set already.
pub fn use_in_features(profiles: ContextProfiles) -> Result<(), ContextProfiles> {
    IN_FEATURES.set(profiles)
}

/// The profiles switched on by [`use_in_features`], if any.
pub fn in_features() -> Option<&'static ContextProfiles> {
    IN_FEATURES.get()
}

impl ContextProfiles {
    /// Counts the contexts of every capitalised word in `sentences` (token
    /// lists) and keeps the words seen at least `min_count` times.
    /// Deterministic: rows are sorted by word.
    pub fn build(sentences: &[Vec<String>], cues: &ContextCues, min_count: u32) -> ContextProfiles {
        let mut tallies: FxHashMap<&str, Tally> = FxHashMap::default();
        let mut lower_forms: FxHashMap<String, u32> = FxHashMap::default();
        let is_capitalised = |word: &str| word.chars().next().is_some_and(char::is_uppercase);
        for tokens in sentences {
            let lower: Vec<String> = tokens.iter().map(|token| token.to_lowercase()).collect();
            for (index, token) in tokens.iter().enumerate() {
                if !is_capitalised(token) {
                    if token.chars().next().is_some_and(char::is_lowercase) {
                        *lower_forms.entry(token.clone()).or_default() += 1;
                    }
                    continue;
                }
                // A hyphenated compound counts for its first part as a modifier.
                if let Some((first, rest)) = token.split_once('-') {
                    if is_capitalised(first) && !rest.is_empty() {
                        tallies.entry(first).or_default().counts[4] += 1;
                    }
                }
                let previous = index.checked_sub(1).and_then(|i| lower.get(i)).map_or("", String::as_str);
                let previous_raw =
                    index.checked_sub(1).and_then(|i| tokens.get(i)).map_or("", String::as_str);
                let next = lower.get(index + 1).map_or("", String::as_str);
                let next_raw = tokens.get(index + 1).map_or("", String::as_str);
                let tally = tallies.entry(token.as_str()).or_default();
                tally.occurrences += 1;
                let contexts = [
                    (0, !previous.is_empty() && cues.is_title(previous)),
                    (1, cues.lists.has("place_prepositions", previous)),
                    (2, cues.lists.has("definite_articles", previous)),
                    (3, cues.lists.has("speech_verbs", next)),
                    (5, cues.first_names.contains(previous_raw)),
                    (6, is_capitalised(next_raw)),
                    (8, index == 0),
                    (10, cues.lists.has("indefinite_articles", previous)),
                ];
                for (context, present) in contexts {
                    if present {
                        tally.counts[context] += 1;
                    }
                }
            }
        }
        // Type-level contexts: the genitive form and the lower-case form.
        let words: Vec<&str> = tallies.keys().copied().collect();
        for word in words {
            let genitive = format!("{word}s");
            let genitive_count = tallies.get(genitive.as_str()).map_or(0, |tally| tally.occurrences);
            let lower_count = lower_forms.get(&word.to_lowercase()).copied().unwrap_or(0);
            if let Some(tally) = tallies.get_mut(word) {
                tally.counts[7] = genitive_count;
                tally.counts[9] = lower_count;
            }
        }
        let mut rows: Vec<(Box<str>, u32, [u32; CONTEXTS.len()])> = tallies
            .into_iter()
            .filter(|(word, tally)| {
                tally.occurrences + tally.counts[4] >= min_count && !word.contains(['\t', '\n'])
            })
            .map(|(word, tally)| (Box::from(word), tally.occurrences, tally.counts))
            .collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        ContextProfiles::from_rows(rows, Vec::new())
    }

    fn from_rows(rows: Vec<(Box<str>, u32, [u32; CONTEXTS.len()])>, header: Vec<String>) -> ContextProfiles {
        let packed = rows
            .iter()
            .map(|(word, occurrences, counts)| (word.clone(), pack(*occurrences, counts)))
            .collect();
        ContextProfiles { packed, rows, header }
    }

    /// Parses the file format of the module docs.
    pub fn parse(tsv: &str) -> Result<ContextProfiles, String> {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for (number, line) in tsv.lines().enumerate() {
            if let Some(comment) = line.strip_prefix('#') {
                header.push(comment.trim_start().to_string());
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let bad = || format!("line {}: expected word<TAB>occurrences<TAB>counts", number + 1);
            let mut fields = line.split('\t');
            let (Some(word), Some(occurrences), Some(counts), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad());
            };
            let occurrences: u32 = occurrences.parse().map_err(|_| bad())?;
            let mut parsed = [0u32; CONTEXTS.len()];
            let mut values = counts.split(',');
            for slot in parsed.iter_mut() {
                *slot = values.next().and_then(|value| value.parse().ok()).ok_or_else(bad)?;
            }
            if values.next().is_some() || word.is_empty() {
                return Err(bad());
            }
            rows.push((Box::from(word), occurrences, parsed));
        }
        Ok(ContextProfiles::from_rows(rows, header))
    }

    /// Adds a header line (written as `# line`).
    pub fn push_header(&mut self, line: &str) {
        self.header.push(line.replace(['\n', '\r'], " "));
    }

    /// The file text: header, then one row per word.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        for line in &self.header {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        for (word, occurrences, counts) in &self.rows {
            let counts: Vec<String> = counts.iter().map(u32::to_string).collect();
            out.push_str(&format!("{word}\t{occurrences}\t{}\n", counts.join(",")));
        }
        out
    }

    /// How many words have a profile.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no word has a profile.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The packed profile of `word` (or, for a genitive "Merkels", of
    /// "Merkel"): 4 bits per context in [`CONTEXTS`] order, the ratio
    /// bucket ([`ratio_bucket`]), then 4 bits of occurrence bucket; 0 when
    /// the word has no profile. Read the parts with [`unpack`].
    pub fn buckets(&self, word: &str) -> u64 {
        if let Some(&packed) = self.packed.get(word) {
            return packed;
        }
        word.strip_suffix('s')
            .filter(|base| base.chars().count() > 2)
            .and_then(|base| self.packed.get(base))
            .copied()
            .unwrap_or(0)
    }
}

/// The bucket of `count` of `total`: 0 never, then 1 to 4 for ratios below
/// 5 %, below 15 %, below 40 %, and above.
pub fn ratio_bucket(count: u32, total: u32) -> u8 {
    if count == 0 || total == 0 {
        return 0;
    }
    let ratio = f64::from(count) / f64::from(total);
    if ratio < 0.05 {
        1
    } else if ratio < 0.15 {
        2
    } else if ratio < 0.4 {
        3
    } else {
        4
    }
}

/// The occurrence bucket: 1 for fewer than 10, 2 below 30, 3 below 100, 4 above.
fn occurrence_bucket(occurrences: u32) -> u8 {
    match occurrences {
        0..=9 => 1,
        10..=29 => 2,
        30..=99 => 3,
        _ => 4,
    }
}

fn pack(occurrences: u32, counts: &[u32; CONTEXTS.len()]) -> u64 {
    let mut packed = 0u64;
    for (context, &count) in counts.iter().enumerate() {
        // The compound count is relative to all uses, standalone or not.
        let total = if context == 4 { occurrences + count } else { occurrences };
        packed |= u64::from(ratio_bucket(count, total)) << (4 * context);
    }
    packed | u64::from(occurrence_bucket(occurrences + counts[4])) << (4 * CONTEXTS.len())
}

/// The context buckets and the occurrence bucket of a packed profile.
pub fn unpack(packed: u64) -> ([u8; CONTEXTS.len()], u8) {
    let mut buckets = [0u8; CONTEXTS.len()];
    for (context, bucket) in buckets.iter_mut().enumerate() {
        *bucket = ((packed >> (4 * context)) & 0xf) as u8;
    }
    (buckets, ((packed >> (4 * CONTEXTS.len())) & 0xf) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(texts: &[&str]) -> Vec<Vec<String>> {
        texts.iter().map(|text| text.split(' ').map(str::to_string).collect()).collect()
    }

    #[test]
    fn counts_typed_contexts_and_round_trips() {
        let cues = ContextCues::german();
        let data = sentences(&[
            "Präsident Macron sagte , er komme nach Berlin .",
            "Kremlchef Putin sagte nichts .",
            "Emmanuel Macron reiste aus Berlin ab .",
            "Die Regierung in Berlin und die Berlin-Reise .",
            "Macrons Plan und Macron-Kritiker .",
            "Der Plan ist eine Regierung .",
        ]);
        let profiles = ContextProfiles::build(&data, &cues, 2);
        let row = |word: &str| profiles.rows.iter().find(|row| &*row.0 == word).map(|row| (row.1, row.2));
        let (occurrences, counts) = row("Macron").expect("Macron has a profile");
        assert_eq!(occurrences, 2);
        assert_eq!(counts[0], 1, "after a title");
        assert_eq!(counts[3], 1, "before a speech verb");
        assert_eq!(counts[4], 1, "compound modifier");
        assert_eq!(counts[5], 1, "after a first name");
        assert_eq!(counts[7], 1, "genitive form");
        let (_, berlin) = row("Berlin").expect("Berlin");
        assert_eq!(berlin[1], 3, "after in/aus/nach");
        assert_eq!(berlin[4], 1);
        // Seen once: no profile; lower-case words never get one.
        assert!(row("Putin").is_none());
        assert!(row("sagte").is_none());
        let (buckets, occurrence) = unpack(profiles.buckets("Macron"));
        assert_eq!(buckets[0], 4);
        assert_eq!(buckets[2], 0);
        assert_eq!(occurrence, 1);
        // The genitive falls back to the base word.
        assert_eq!(profiles.buckets("Macrons"), profiles.buckets("Macron"));
        assert_eq!(profiles.buckets("Unbekannt"), 0);
        let again = ContextProfiles::parse(&profiles.to_tsv()).expect("reads back");
        assert_eq!(again.to_tsv(), profiles.to_tsv());
        assert_eq!(again.buckets("Berlin"), profiles.buckets("Berlin"));
    }

    #[test]
    fn titles_include_role_compounds() {
        let cues = ContextCues::german();
        assert!(cues.is_title("kremlchef"));
        assert!(cues.is_title("herr"));
        assert!(!cues.is_title("berlin"));
        assert!(!cues.is_title("ä"));
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        for bad in [
            "Berlin\t3",
            "Berlin\tx\t1,2",
            "Berlin\t3\t1,2",
            "\t3\t0,0,0,0,0,0,0,0,0,0,0",
            "a\t1\t0,0,0,0,0,0,0,0,0,0,0,0",
        ] {
            assert!(ContextProfiles::parse(bad).is_err(), "{bad:?}");
        }
        assert!(ContextProfiles::parse("# only a header\n").expect("empty").is_empty());
    }

    #[test]
    fn ratio_buckets_rise() {
        assert_eq!(ratio_bucket(0, 10), 0);
        assert_eq!(ratio_bucket(1, 100), 1);
        assert_eq!(ratio_bucket(1, 10), 2);
        assert_eq!(ratio_bucket(3, 10), 3);
        assert_eq!(ratio_bucket(9, 10), 4);
        assert_eq!(ratio_bucket(1, 0), 0);
    }
}
