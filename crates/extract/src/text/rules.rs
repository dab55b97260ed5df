//! The cleaning rules: data files under `rules/`, parsed once.
//!
//! See `rules/README.md` for the format. Parsing never fails as a whole: a bad
//! line is skipped and listed in [`Rules::errors`], which a unit test keeps empty.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// The rule files compiled into the binary: (language code, contents).
/// `common` applies to every language.
const LANGUAGE_FILES: &[(&str, &str)] = &[
    ("common", include_str!("../../rules/common.tsv")),
    ("de", include_str!("../../rules/de.tsv")),
    ("en", include_str!("../../rules/en.tsv")),
];

/// What a rule does (see `rules/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// Site navigation: the line is removed.
    Navigation,
    /// Player or embed notice: the line is removed.
    Player,
    /// A media duration: the line is removed.
    Duration,
    /// A whole-line caption or credit: the line is removed.
    Caption,
    /// Where a photo credit starts inside a line.
    Credit,
    /// The start of related-content teasers.
    Related,
    /// A byline; group `names`.
    Author,
    /// A date line; groups `date` and optional `rest`.
    DatePrefix,
    /// A last-update line ("Aktualisiert: …"); groups as for `DatePrefix`.
    DateUpdate,
    /// A news agency name.
    Agency,
}

impl RuleKind {
    fn parse(name: &str) -> Option<RuleKind> {
        Some(match name {
            "navigation" => RuleKind::Navigation,
            "player" => RuleKind::Player,
            "duration" => RuleKind::Duration,
            "caption" => RuleKind::Caption,
            "credit" => RuleKind::Credit,
            "related" => RuleKind::Related,
            "author" => RuleKind::Author,
            "date_prefix" => RuleKind::DatePrefix,
            "date_update" => RuleKind::DateUpdate,
            "agency" => RuleKind::Agency,
            _ => return None,
        })
    }

    /// The rule name reported for lines removed by this kind.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Navigation => "navigation",
            RuleKind::Player => "player",
            RuleKind::Duration => "duration",
            RuleKind::Caption => "caption",
            RuleKind::Credit => "credit",
            RuleKind::Related => "related",
            RuleKind::Author => "author",
            RuleKind::DatePrefix => "date-line",
            RuleKind::DateUpdate => "update-line",
            RuleKind::Agency => "agency",
        }
    }
}

/// How a rule's pattern is matched against a line.
#[derive(Debug)]
pub enum Matcher {
    /// Whole line, case-insensitive (stored lowercased, whitespace collapsed).
    Line(String),
    /// Line prefix, case-insensitive (stored lowercased).
    Prefix(String),
    /// A case-insensitive regular expression.
    Regex(Regex),
}

/// One rule from a rule file.
#[derive(Debug)]
pub struct Rule {
    /// What it does.
    pub kind: RuleKind,
    /// How it matches.
    pub matcher: Matcher,
    /// The pattern as written (for regex sets).
    pub pattern: String,
    /// The file it came from (`common`, `de`, `en`).
    pub language: &'static str,
}

impl Rule {
    /// Whether the rule matches `line` (already trimmed); `folded` is
    /// [`fold_line`] of the same line, computed once by the caller.
    pub fn matches(&self, line: &str, folded: &str) -> bool {
        match &self.matcher {
            Matcher::Line(pattern) => folded == pattern,
            Matcher::Prefix(pattern) => folded.starts_with(pattern.as_str()),
            Matcher::Regex(regex) => regex.is_match(line),
        }
    }

    /// The regex of a regex rule.
    pub fn regex(&self) -> Option<&Regex> {
        match &self.matcher {
            Matcher::Regex(regex) => Some(regex),
            _ => None,
        }
    }
}

/// All rules and calendar names.
#[derive(Debug, Default)]
pub struct Rules {
    /// Line rules in file order.
    pub rules: Vec<Rule>,
    /// Month names (lowercase, no trailing dot) to month number.
    pub months: HashMap<String, u32>,
    /// Weekday names (lowercase, no trailing dot).
    pub weekdays: Vec<String>,
    /// Lines that could not be parsed: `file:line: reason`.
    pub errors: Vec<String>,
}

impl Rules {
    /// The rules that apply to text in `language` (ISO 639-1): that language's
    /// and the common ones; every rule when the language is unknown.
    pub fn for_language<'a>(&'a self, language: Option<&'a str>) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules.iter().filter(move |rule| match language {
            None => true,
            Some(code) => rule.language == "common" || rule.language == code,
        })
    }
}

/// Matches a line against many whole-line rules at once: exact lines by
/// hash lookup, prefixes by a scan, regexes in one [`RegexSet`] pass.
#[derive(Debug)]
pub struct LineMatcher {
    exact: HashMap<String, RuleKind>,
    prefixes: Vec<(String, RuleKind)>,
    set: RegexSet,
    set_kinds: Vec<RuleKind>,
}

impl LineMatcher {
    fn new<'a>(rules: impl Iterator<Item = &'a Rule>) -> LineMatcher {
        let mut exact = HashMap::new();
        let mut prefixes = Vec::new();
        let mut patterns = Vec::new();
        let mut set_kinds = Vec::new();
        for rule in rules {
            match &rule.matcher {
                Matcher::Line(line) => {
                    exact.entry(line.clone()).or_insert(rule.kind);
                }
                Matcher::Prefix(prefix) => prefixes.push((prefix.clone(), rule.kind)),
                Matcher::Regex(_) => {
                    patterns.push(rule.pattern.clone());
                    set_kinds.push(rule.kind);
                }
            }
        }
        // Every pattern compiled alone when parsed, so the set compiles too;
        // should it not, no regex rule matches rather than a panic.
        let set = RegexSetBuilder::new(&patterns)
            .case_insensitive(true)
            .build()
            .unwrap_or_else(|_| RegexSet::empty());
        if set.len() != patterns.len() {
            set_kinds.clear();
        }
        LineMatcher { exact, prefixes, set, set_kinds }
    }

    /// The kind of the first rule (exact, then prefix, then regex) that matches
    /// `line`; `folded` is [`fold_line`] of it.
    pub fn find(&self, line: &str, folded: &str) -> Option<RuleKind> {
        if let Some(kind) = self.exact.get(folded) {
            return Some(*kind);
        }
        if let Some((_, kind)) = self.prefixes.iter().find(|(prefix, _)| folded.starts_with(prefix.as_str()))
        {
            return Some(*kind);
        }
        self.set.matches(line).iter().next().and_then(|index| self.set_kinds.get(index).copied())
    }

    /// How many rules it holds.
    pub fn len(&self) -> usize {
        self.exact.len() + self.prefixes.len() + self.set.len()
    }

    /// Whether it holds no rules.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The rules for one language, indexed for fast matching.
#[derive(Debug)]
pub struct RuleSet {
    /// All rules that apply, in file order.
    pub all: Vec<&'static Rule>,
    /// Navigation, player, duration and caption rules: lines to remove.
    pub removal: LineMatcher,
    /// Related-content markers.
    pub related: LineMatcher,
    /// News agency names.
    pub agency: LineMatcher,
}

impl RuleSet {
    fn new(language: Option<&'static str>) -> RuleSet {
        let all: Vec<&'static Rule> = RULES.for_language(language).collect();
        let of_kind = |kinds: &'static [RuleKind]| {
            LineMatcher::new(all.iter().copied().filter(move |rule| kinds.contains(&rule.kind)))
        };
        RuleSet {
            removal: of_kind(&[
                RuleKind::Navigation,
                RuleKind::Player,
                RuleKind::Duration,
                RuleKind::Caption,
            ]),
            related: of_kind(&[RuleKind::Related]),
            agency: of_kind(&[RuleKind::Agency]),
            all,
        }
    }

    /// The rules of one kind, in file order.
    pub fn of_kind(&self, kind: RuleKind) -> impl Iterator<Item = &'static Rule> + '_ {
        self.all.iter().copied().filter(move |rule| rule.kind == kind)
    }
}

/// Rule sets, built on first use: one per rule file (`common` serving
/// languages without a file of their own), and a last one for "language unknown".
static RULE_SETS: [OnceLock<RuleSet>; LANGUAGE_FILES.len() + 1] =
    [const { OnceLock::new() }; LANGUAGE_FILES.len() + 1];

/// The indexed rules for text in `language` (ISO 639-1; `None` when unknown).
pub fn rule_set(language: Option<&str>) -> &'static RuleSet {
    let (index, key) = match language {
        None => (LANGUAGE_FILES.len(), None),
        Some(code) => LANGUAGE_FILES
            .iter()
            .position(|(known, _)| *known == code)
            .map(|index| (index, LANGUAGE_FILES.get(index).map(|(known, _)| *known)))
            .unwrap_or_else(|| {
                let common = LANGUAGE_FILES.iter().position(|(known, _)| *known == "common").unwrap_or(0);
                (common, Some("common"))
            }),
    };
    match RULE_SETS.get(index) {
        Some(cell) => cell.get_or_init(|| RuleSet::new(key)),
        None => unreachable_rule_set(),
    }
}

/// Only reachable if an index were out of range, which `rule_set` rules out.
fn unreachable_rule_set() -> &'static RuleSet {
    static EMPTY: LazyLock<RuleSet> = LazyLock::new(|| RuleSet {
        all: Vec::new(),
        removal: LineMatcher::new(std::iter::empty()),
        related: LineMatcher::new(std::iter::empty()),
        agency: LineMatcher::new(std::iter::empty()),
    });
    &EMPTY
}

/// The parsed rule files.
pub static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let mut rules = Rules::default();
    for (language, contents) in LANGUAGE_FILES {
        parse_file(language, contents, &mut rules);
    }
    rules
});

fn parse_file(language: &'static str, contents: &str, rules: &mut Rules) {
    for (number, raw) in contents.lines().enumerate() {
        let line = raw.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Err(reason) = parse_line(language, line, rules) {
            rules.errors.push(format!("{language}:{}: {reason}", number + 1));
        }
    }
}

fn parse_line(language: &'static str, line: &str, rules: &mut Rules) -> Result<(), String> {
    let mut fields = line.splitn(3, '\t');
    let (Some(kind), Some(how), Some(pattern)) = (fields.next(), fields.next(), fields.next()) else {
        return Err("expected three TAB-separated fields".into());
    };
    match kind {
        "month" => {
            let number: u32 = how.parse().map_err(|_| format!("bad month number {how:?}"))?;
            if !(1..=12).contains(&number) {
                return Err(format!("month {number} out of range"));
            }
            for name in pattern.split('|') {
                rules.months.insert(name.trim().to_lowercase(), number);
            }
            return Ok(());
        }
        "weekday" => {
            rules.weekdays.extend(pattern.split('|').map(|name| name.trim().to_lowercase()));
            return Ok(());
        }
        _ => {}
    }
    let kind = RuleKind::parse(kind).ok_or_else(|| format!("unknown kind {kind:?}"))?;
    let matcher = match how {
        "line" => Matcher::Line(fold_line(pattern)),
        "prefix" => Matcher::Prefix(fold_line(pattern)),
        "regex" => Matcher::Regex(
            RegexBuilder::new(pattern).case_insensitive(true).build().map_err(|e| e.to_string())?,
        ),
        other => return Err(format!("unknown match type {other:?}")),
    };
    rules.rules.push(Rule { kind, matcher, pattern: pattern.to_string(), language });
    Ok(())
}

/// Lowercases, collapses whitespace and drops a trailing colon, so that
/// "Menü", "menü:" and "Menü " compare equal.
pub fn fold_line(line: &str) -> String {
    let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    collapsed.trim_end_matches([':', ' ']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_parse() {
        assert!(RULES.errors.is_empty(), "{:#?}", RULES.errors);
        assert_eq!(RULES.months.get("februar"), Some(&2));
        assert_eq!(RULES.months.get("march"), Some(&3));
        assert!(RULES.weekdays.iter().any(|day| day == "freitag"));
        for kind in [
            RuleKind::Navigation,
            RuleKind::Player,
            RuleKind::Duration,
            RuleKind::Caption,
            RuleKind::Credit,
            RuleKind::Related,
            RuleKind::Author,
            RuleKind::DatePrefix,
            RuleKind::DateUpdate,
            RuleKind::Agency,
        ] {
            assert!(RULES.rules.iter().any(|rule| rule.kind == kind), "no {kind:?} rule");
        }
    }

    #[test]
    fn bad_lines_are_reported_not_fatal() {
        let mut rules = Rules::default();
        parse_file(
            "xx",
            "navigation\tline\n bogus\tline\tx\nnavigation\tregex\t(\nmonth\t13\tx\n",
            &mut rules,
        );
        assert_eq!(rules.errors.len(), 4);
        assert!(rules.rules.is_empty());
    }

    #[test]
    fn rule_sets_hold_every_rule() {
        let all = rule_set(None);
        assert_eq!(all.all.len(), RULES.rules.len());
        let line_kinds = [RuleKind::Navigation, RuleKind::Player, RuleKind::Duration, RuleKind::Caption];
        let removal_rules: Vec<&Rule> =
            RULES.rules.iter().filter(|rule| line_kinds.contains(&rule.kind)).collect();
        // Identical exact lines in two languages ("Newsletter") are one entry.
        let exact: std::collections::HashSet<&str> = removal_rules
            .iter()
            .filter_map(|rule| match &rule.matcher {
                Matcher::Line(line) => Some(line.as_str()),
                _ => None,
            })
            .collect();
        let others = removal_rules.iter().filter(|rule| !matches!(rule.matcher, Matcher::Line(_))).count();
        assert_eq!(all.removal.len(), exact.len() + others);
        assert!(rule_set(Some("fr")).all.iter().all(|rule| rule.language == "common"));
        assert!(rule_set(Some("common")).all.iter().all(|rule| rule.language == "common"));
        let german = rule_set(Some("de"));
        assert_eq!(german.removal.find("Startseite", "startseite"), Some(RuleKind::Navigation));
        assert_eq!(german.removal.find("02:13", "02:13"), Some(RuleKind::Duration));
        assert_eq!(german.related.find("Mehr zum Thema:", "mehr zum thema"), Some(RuleKind::Related));
        assert_eq!(german.removal.find("Ein Satz.", "ein satz."), None);
    }

    #[test]
    fn language_selects_rules() {
        let german: Vec<_> = RULES.for_language(Some("de")).map(|rule| rule.language).collect();
        assert!(german.contains(&"de") && german.contains(&"common") && !german.contains(&"en"));
        let french: Vec<_> = RULES.for_language(Some("fr")).map(|rule| rule.language).collect();
        assert!(french.iter().all(|language| *language == "common"));
        assert_eq!(RULES.for_language(None).count(), RULES.rules.len());
    }
}
