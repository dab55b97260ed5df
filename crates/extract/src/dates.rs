//! Parsing of written dates.
//!
//! Accepted forms: ISO 8601 dates and date-times, RFC 2822, German numeric
//! dates (`15.08.2025`), year-first slashed dates (`2019/1/22`), and dates with
//! month names in any language that has a rule file (`24. Februar 2025`,
//! `24. Feb. 2025`, `August 15, 2025`, `15 August 2025`, `Aug. 15, 2025`),
//! optionally after a weekday and before a time of day. Two-digit years and
//! ambiguous numeric forms (`08/07/2025`) are refused rather than guessed. Years
//! outside 1990..=2100 are refused.
//!
//! A time is kept only when its UTC offset is known (the result is then
//! RFC 3339); a local time without offset cannot be placed on the timeline,
//! so the result is the date alone. An offset is kept as written, never converted
//! to UTC, so the calendar date stays the one the page states.
//!
//! [`find_dates`] searches a short header line for dates and tells from the
//! label before each one whether it is the publication date or a later update.

use crate::text::rules::RULES;
use chrono::{DateTime, NaiveDate, SecondsFormat};
use regex::Regex;
use std::sync::LazyLock;

/// Plausible publication years.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Inputs longer than this are not dates.
const MAX_DATE_LEN: usize = 120;

struct Patterns {
    iso: Regex,
    day_month_year: Regex,
    month_day_year: Regex,
    numeric_dotted: Regex,
    numeric_slashed: Regex,
    /// `2019/1/22`: year first is never ambiguous.
    year_first_slashed: Regex,
    weekday_prefix: Regex,
    time_tail: Regex,
    /// Whether every month name of the rules starts with a letter, so that only a text
    /// starting with one can match `month_day_year`.
    months_start_with_letters: bool,
}

static PATTERNS: LazyLock<Option<Patterns>> = LazyLock::new(build_patterns);

fn alternation(names: impl Iterator<Item = String>) -> String {
    let mut names: Vec<String> = names.filter(|name| !name.is_empty()).collect();
    // Longest first so "februar" wins over "feb".
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    names.iter().map(|name| regex::escape(name)).collect::<Vec<_>>().join("|")
}

fn build_patterns() -> Option<Patterns> {
    let months = alternation(RULES.months.keys().cloned());
    let weekdays = alternation(RULES.weekdays.iter().cloned());
    let ci = |pattern: &str| regex::RegexBuilder::new(pattern).case_insensitive(true).build().ok();
    Some(Patterns {
        iso: ci(
            r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$",
        )?,
        day_month_year: ci(&format!(
            r"^(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?({months})\.?,?\s+(\d{{4}})\b(.*)$"
        ))?,
        month_day_year: ci(&format!(
            r"^({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(\d{{4}})\b(.*)$"
        ))?,
        numeric_dotted: ci(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b(.*)$")?,
        numeric_slashed: ci(r"^(\d{1,2})/(\d{1,2})/(\d{4})\b(.*)$")?,
        year_first_slashed: ci(r"^(\d{4})/(\d{1,2})/(\d{1,2})\b(.*)$")?,
        weekday_prefix: ci(&format!(r"^(?:{weekdays})\.?,?\s+"))?,
        time_tail: ci(
            r"^[\s,|·–—-]*(?:(?:um|at|ab|gegen|,)\s*)?(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:uhr|h|a\.?m\.?|p\.?m\.?)?\s*(?:\(?(?:[a-z]{2,5}|[+-]\d{2}:?\d{2})\)?)?)?[\s.]*$",
        )?,
        months_start_with_letters: RULES.months.keys().all(|name| name.starts_with(char::is_alphabetic)),
    })
}

/// Parses a date or date-time as found in metadata or a date line
/// ("2025-08-15", "2025-08-15T10:00:00+02:00", "Fri, 15 Aug 2025 10:00:00 GMT",
/// "15.08.2025", "24. Februar 2025", "August 15, 2025").
/// Returns `YYYY-MM-DD` or a full RFC 3339 date-time, or `None`.
pub fn parse_date(input: &str) -> Option<String> {
    let input = input.trim().trim_end_matches(['.', ',']).trim();
    if input.is_empty() || input.len() > MAX_DATE_LEN {
        return None;
    }
    let patterns = PATTERNS.as_ref()?;
    if let Some(found) = parse_iso(patterns, input) {
        return Some(found);
    }
    if let Ok(date_time) = DateTime::parse_from_rfc2822(input) {
        return YEARS
            .contains(&chrono::Datelike::year(&date_time))
            .then(|| date_time.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    }
    let input = patterns.weekday_prefix.find(input).map_or(input, |prefix| &input[prefix.end()..]);
    // Every pattern below is anchored at the start: one that cannot match the first
    // character is not run (a regex search with captures costs far more than this test).
    // `is_numeric` and `is_alphabetic` are wider than `\d` and a month name's letter.
    let first = input.chars().next()?;
    let digit_first = first.is_numeric();
    if let Some(caps) = digit_first.then(|| patterns.day_month_year.captures(input)).flatten() {
        let month = month_number(caps.get(2)?.as_str())?;
        return ymd(caps.get(3)?.as_str(), month, caps.get(1)?.as_str())
            .filter(|_| only_time_follows(patterns, caps.get(4).map_or("", |m| m.as_str())));
    }
    let may_start_month = first.is_alphabetic() || !patterns.months_start_with_letters;
    if let Some(caps) = may_start_month.then(|| patterns.month_day_year.captures(input)).flatten() {
        let month = month_number(caps.get(1)?.as_str())?;
        return ymd(caps.get(3)?.as_str(), month, caps.get(2)?.as_str())
            .filter(|_| only_time_follows(patterns, caps.get(4).map_or("", |m| m.as_str())));
    }
    if !digit_first {
        return None;
    }
    if let Some(caps) = patterns.numeric_dotted.captures(input) {
        let month: u32 = caps.get(2)?.as_str().parse().ok()?;
        return ymd(caps.get(3)?.as_str(), month, caps.get(1)?.as_str())
            .filter(|_| only_time_follows(patterns, caps.get(4).map_or("", |m| m.as_str())));
    }
    if let Some(caps) = patterns.year_first_slashed.captures(input) {
        let month: u32 = caps.get(2)?.as_str().parse().ok()?;
        return ymd(caps.get(1)?.as_str(), month, caps.get(3)?.as_str())
            .filter(|_| only_time_follows(patterns, caps.get(4).map_or("", |m| m.as_str())));
    }
    if let Some(caps) = patterns.numeric_slashed.captures(input) {
        // 08/07/2025 is July 8 in Europe and August 7 in the US: only accept
        // what reads the same either way or cannot be a month.
        let first: u32 = caps.get(1)?.as_str().parse().ok()?;
        let second: u32 = caps.get(2)?.as_str().parse().ok()?;
        let (month, day) = match (first > 12, second > 12) {
            (true, false) => (second, first),
            (false, true) => (first, second),
            _ if first == second => (first, second),
            _ => return None,
        };
        return ymd(caps.get(3)?.as_str(), month, &day.to_string())
            .filter(|_| only_time_follows(patterns, caps.get(4).map_or("", |m| m.as_str())));
    }
    None
}

fn parse_iso(patterns: &Patterns, input: &str) -> Option<String> {
    // The pattern starts with four digits and a hyphen: most inputs fail this at once.
    if input.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    let caps = patterns.iso.captures(input)?;
    let month: u32 = caps.get(2)?.as_str().parse().ok()?;
    let date = ymd(caps.get(1)?.as_str(), month, caps.get(3)?.as_str())?;
    let (Some(hour), Some(minute), Some(offset)) = (caps.get(4), caps.get(5), caps.get(7)) else {
        return Some(date);
    };
    let second = caps.get(6).map_or("00", |m| m.as_str());
    let offset = normalise_offset(offset.as_str());
    let rfc3339 = format!("{date}T{}:{}:{second}{offset}", hour.as_str(), minute.as_str());
    match DateTime::parse_from_rfc3339(&rfc3339) {
        Ok(date_time) => Some(date_time.to_rfc3339_opts(SecondsFormat::Secs, true)),
        // A malformed time part (25:00) leaves the date, which is still valid.
        Err(_) => Some(date),
    }
}

/// `Z`, `+02`, `+0200`, `+02:00` → `Z` / `+02:00`.
fn normalise_offset(offset: &str) -> String {
    if offset.eq_ignore_ascii_case("z") {
        return "Z".into();
    }
    let digits: String = offset.chars().filter(char::is_ascii_digit).collect();
    let sign = if offset.starts_with('-') { '-' } else { '+' };
    match digits.len() {
        2 => format!("{sign}{digits}:00"),
        4 => format!("{sign}{}:{}", digits.get(..2).unwrap_or("00"), digits.get(2..).unwrap_or("00")),
        _ => "Z".into(),
    }
}

fn only_time_follows(patterns: &Patterns, rest: &str) -> bool {
    patterns.time_tail.is_match(rest)
}

fn month_number(name: &str) -> Option<u32> {
    RULES.months.get(&name.trim_end_matches('.').to_lowercase()).copied()
}

/// A validated `YYYY-MM-DD`.
fn ymd(year: &str, month: u32, day: &str) -> Option<String> {
    let year: i32 = year.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day).map(|date| date.format("%Y-%m-%d").to_string())
}

/// What a label in front of a date says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    /// "Published", "Veröffentlicht am", "Stand:" …
    Published,
    /// "Updated", "Aktualisiert", "Last modified" …
    Modified,
    /// No label.
    Unknown,
}

/// A date found inside a short text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// `YYYY-MM-DD`.
    pub value: String,
    /// What the words right before the date say it is.
    pub role: DateRole,
}

/// Labels (lower-case) that mark the following date as a later change.
pub const MODIFIED_LABELS: &[&str] = &[
    "updated",
    "update:",
    "modified",
    "reviewed",
    "aktualisiert",
    "aktualisierung",
    "geändert",
    "überarbeitet",
    "mis à jour",
    "actualizado",
];

/// Labels (lower-case) that mark the following date as the publication date.
/// ("Released" is not one: in reviews it dates the book, film or game reviewed.)
pub const PUBLISHED_LABELS: &[&str] = &[
    "published",
    "posted",
    "created",
    "written",
    "veröffentlicht",
    "erschienen",
    "publiziert",
    "erstellt",
    "stand",
    "publié",
    "publicado",
];

/// Starts (lower-case) of a line that is a date line although no publication or change
/// label begins it: "Datum: …", "Artikel vom 15.08.2025", "Zuletzt aktualisiert: …" (the
/// date's role still comes from the labels in the line).
pub const DATE_LINE_LEADS: &[&str] = &[
    "last updated",
    "last modified",
    "date:",
    "datum:",
    "vom ",
    "artikel vom ",
    "beitrag vom ",
    "zuletzt aktualisiert",
    "zuletzt geändert",
    "zuletzt bearbeitet",
    "erstmals veröffentlicht",
    "first published",
];

/// Starts (lower-case) of a line that names the page's last change, besides the
/// [`MODIFIED_LABELS`] themselves.
pub const LAST_CHANGE_LEADS: &[&str] =
    &["last updated", "last modified", "zuletzt aktualisiert", "zuletzt geändert", "zuletzt bearbeitet"];

/// Markers (lower-case) of texts whose dates are not the article's: legal references,
/// copyright lines.
pub const NOT_ARTICLE_DATE_MARKERS: &[&str] =
    &["§", "abs.", "bgbl", "az.", "aktenzeichen", "©", "copyright", "(c)", "urteil"];

/// Longest text searched by [`find_dates`]: dates belong to short header lines.
const MAX_SEARCH_LEN: usize = 400;

static SEARCH_PATTERNS: LazyLock<Option<[Regex; 6]>> = LazyLock::new(|| {
    let months = alternation(RULES.months.keys().cloned());
    let ci = |pattern: &str| regex::RegexBuilder::new(pattern).case_insensitive(true).build().ok();
    Some([
        ci(r"\b(\d{4})-(\d{2})-(\d{2})(?:\b|T)")?,
        ci(&format!(r"\b(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?({months})\b\.?,?\s+(\d{{4}})\b"))?,
        ci(&format!(r"\b({months})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(\d{{4}})\b"))?,
        ci(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")?,
        ci(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")?,
        ci(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")?,
    ])
});

/// Finds the dates written in a short text such as a date line or byline
/// ("Published August 16, 2019 · Updated July 9, 2025", "Stand: 15.08.2025, 10:12 Uhr"),
/// in reading order, each with the role its label gives it. Texts longer than a header
/// line and texts with legal references or copyright marks yield nothing; ambiguous
/// numeric dates (`08/07/2025`) are skipped.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut out = Vec::new();
    // Every pattern reads a year of four ASCII digits (`\d` would match other scripts'
    // digits, but those never parse as a year): a text without such a run holds no date.
    if text.len() > MAX_SEARCH_LEN || !has_four_ascii_digits(text) {
        return out;
    }
    let lower = text.to_lowercase();
    if NOT_ARTICLE_DATE_MARKERS.iter().any(|m| lower.contains(m)) {
        return out;
    }
    let Some(patterns) = SEARCH_PATTERNS.as_ref() else {
        return out;
    };
    // (start, end, value)
    let mut hits: Vec<(usize, usize, String)> = Vec::new();
    for (kind, pattern) in patterns.iter().enumerate() {
        // A pattern whose separator the text lacks cannot match: skip its scan.
        let separator = match kind {
            0 => Some(b'-'),
            3 => Some(b'.'),
            4 | 5 => Some(b'/'),
            _ => None,
        };
        if separator.is_some_and(|sep| !text.as_bytes().contains(&sep)) {
            continue;
        }
        for caps in pattern.captures_iter(text) {
            let (Some(whole), Some(a), Some(b), Some(c)) =
                (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
            else {
                continue;
            };
            let (a, b, c) = (a.as_str(), b.as_str(), c.as_str());
            let value = match kind {
                0 | 4 => b.parse().ok().and_then(|m| ymd(a, m, c)),
                1 => month_number(b).and_then(|m| ymd(c, m, a)),
                2 => month_number(a).and_then(|m| ymd(c, m, b)),
                3 => b.parse().ok().and_then(|m| ymd(c, m, a)),
                _ => {
                    let (first, second): (u32, u32) = match (a.parse(), b.parse()) {
                        (Ok(x), Ok(y)) => (x, y),
                        _ => continue,
                    };
                    match (first > 12, second > 12) {
                        (true, false) => ymd(c, second, &first.to_string()),
                        (false, true) => ymd(c, first, &second.to_string()),
                        _ if first == second => ymd(c, first, &second.to_string()),
                        _ => None,
                    }
                }
            };
            if let Some(value) = value {
                hits.push((whole.start(), whole.end(), value));
            }
        }
    }
    hits.sort_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
    let mut last_end = 0;
    for (start, end, value) in hits {
        if start < last_end {
            continue; // overlaps a longer match found first
        }
        // The label is what stands between the previous date and this one.
        let label = text.get(last_end..start).unwrap_or("").to_lowercase();
        let role = if MODIFIED_LABELS.iter().any(|l| has_word(&label, l)) {
            DateRole::Modified
        } else if PUBLISHED_LABELS.iter().any(|l| has_word(&label, l)) {
            DateRole::Published
        } else {
            DateRole::Unknown
        };
        out.push(FoundDate { value, role });
        last_end = end;
    }
    out
}

/// Whether `text` holds four ASCII digits in a row.
fn has_four_ascii_digits(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run >= 4
    })
}

/// Whether `text` holds four digits (`\d`: any script's) in a row.
fn has_four_digits(text: &str) -> bool {
    let mut run = 0;
    text.chars().any(|c| {
        run = if c.is_numeric() { run + 1 } else { 0 };
        run >= 4
    })
}

/// Whether `word` occurs in `text` at the start of a word ("stand" in "Stand:", not in
/// "understand").
fn has_word(text: &str, word: &str) -> bool {
    // Most labels are short or empty: skip setting up a substring search there.
    if text.len() < word.len() {
        return false;
    }
    text.match_indices(word).any(|(at, _)| {
        text.get(..at).and_then(|before| before.chars().next_back()).is_none_or(|c| !c.is_alphanumeric())
    })
}

static URL_PATTERNS: LazyLock<Option<[Regex; 4]>> = LazyLock::new(|| {
    Some([
        // /2025/08/15/ or /2025/8/15 (a day is required: /2025/08/ is a month archive)
        Regex::new(r"(?:^|/)((\d{4})/(\d{1,2})/(\d{1,2}))(?:/|$|[._+-])").ok()?,
        // /2025-08-15/, -2025-08-15.html, _2025_08_15, /2025-12-15+Title (a `+` is an encoded space)
        Regex::new(r"(?:^|[/_.+-])((\d{4})[-_](\d{2})[-_](\d{2}))(?:$|[/_.+-])").ok()?,
        // /20250815/, -20250815.html (only exactly eight digits)
        Regex::new(r"(?:^|[/_.-])((\d{4})(\d{2})(\d{2}))(?:$|[/_.-])").ok()?,
        // /2023/october/03/ (a month name of any rule language, checked against the rules)
        Regex::new(r"(?i)(?:^|/)((\d{4})/([a-z\p{L}]{3,10})/(\d{1,2}))(?:/|$|[._+-])").ok()?,
    ])
});

/// Finds a publication date in a URL path (`/2025/08/15/`, `/20250815/`, `-2025-08-15`,
/// `/2023/october/03/`).
pub fn date_from_url(url: &str) -> Option<String> {
    date_in_url(url).map(|(date, _)| date)
}

/// Like [`date_from_url`], also returning the matched part of the URL (for evidence).
pub fn date_in_url(url: &str) -> Option<(String, String)> {
    let patterns = URL_PATTERNS.as_ref()?;
    let path = url_path(url);
    // Every pattern reads a year of four digits; most paths have none.
    if !has_four_digits(path) {
        return None;
    }
    for pattern in patterns {
        for caps in pattern.captures_iter(path) {
            let (Some(whole), Some(year), Some(month), Some(day)) =
                (caps.get(1), caps.get(2), caps.get(3), caps.get(4))
            else {
                continue;
            };
            let Some(month) = month.as_str().parse::<u32>().ok().or_else(|| month_number(month.as_str()))
            else {
                continue;
            };
            if let Some(date) = ymd(year.as_str(), month, day.as_str()) {
                return Some((date, whole.as_str().to_string()));
            }
        }
    }
    None
}

/// The path of a URL: without scheme, host, query and fragment.
fn url_path(url: &str) -> &str {
    let without_fragment = url.split(['?', '#']).next().unwrap_or(url);
    match without_fragment.find("://") {
        Some(scheme_end) => {
            let after_scheme = &without_fragment[scheme_end + 3..];
            after_scheme.find('/').map_or("", |slash| &after_scheme[slash..])
        }
        None => without_fragment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_forms() {
        assert_eq!(parse_date("2025-08-15").as_deref(), Some("2025-08-15"));
        assert_eq!(parse_date("2025-08-15T10:00:00+02:00").as_deref(), Some("2025-08-15T10:00:00+02:00"));
        assert_eq!(parse_date("2025-08-15T10:00Z").as_deref(), Some("2025-08-15T10:00:00Z"));
        assert_eq!(parse_date("2025-08-15 10:00:00.123+0200").as_deref(), Some("2025-08-15T10:00:00+02:00"));
        assert_eq!(parse_date("2025-08-15T10:00:00").as_deref(), Some("2025-08-15"));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("1899-01-01"), None);
    }

    #[test]
    fn find_dates_needs_a_four_digit_ascii_year() {
        assert!(has_four_ascii_digits("am 15.08.2025"));
        assert!(!has_four_ascii_digits("12 34 567 8.9"));
        assert!(!has_four_ascii_digits(""));
        assert!(find_dates("Updated 5 min ago, 12 comments").is_empty());
        // Arabic-Indic digits match `\d` but are no year.
        assert!(find_dates("15.08.٢٠٢٥").is_empty());
        let found = find_dates("Published August 16, 2019 · Updated 2025-07-09");
        let values: Vec<(&str, DateRole)> = found.iter().map(|d| (d.value.as_str(), d.role)).collect();
        assert_eq!(values, vec![("2019-08-16", DateRole::Published), ("2025-07-09", DateRole::Modified)]);
        assert_eq!(find_dates("Stand: 15.08.2025")[0].role, DateRole::Published);
        assert_eq!(find_dates("2019/1/22").len(), 1);
        assert!(!has_word("", "stand"));
        assert!(!has_word("understand", "stand"));
        assert!(has_word("stand:", "stand"));
    }

    #[test]
    fn anchored_patterns_are_tried_only_where_they_can_match() {
        assert_eq!(parse_date("15. August 2025").as_deref(), Some("2025-08-15"));
        assert_eq!(parse_date("Freitag, 15. August 2025").as_deref(), Some("2025-08-15"));
        assert_eq!(parse_date("August 15, 2025").as_deref(), Some("2025-08-15"));
        assert_eq!(parse_date("Fri, Aug 15, 2025").as_deref(), Some("2025-08-15"));
        assert_eq!(parse_date("15.08.2025, 14:03 Uhr").as_deref(), Some("2025-08-15"));
        assert_eq!(parse_date("2025/8/15").as_deref(), Some("2025-08-15"));
        assert_eq!(parse_date("Stand 15.08.2025"), None);
        assert_eq!(parse_date("-2025-08-15"), None);
        assert_eq!(parse_date("Freitag,"), None);
        assert!(PATTERNS.as_ref().is_some_and(|p| p.months_start_with_letters));
        assert!(has_four_digits("/a/٢٠٢٥/"));
        assert!(!has_four_digits("/a/202/5"));
        assert_eq!(date_from_url("https://x.de/politik/artikel-123.html"), None);
        assert_eq!(date_from_url("https://x.de/2025/08/15/a").as_deref(), Some("2025-08-15"));
    }

    #[test]
    fn url_path_strips_host_and_query() {
        assert_eq!(url_path("https://x.de/a/b?c=1#d"), "/a/b");
        assert_eq!(url_path("https://x.de"), "");
        assert_eq!(url_path("/a/2025"), "/a/2025");
    }
}
