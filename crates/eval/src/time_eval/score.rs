//! Time-expression scorers: TempEval-3 (TIMEX3) and ACE TERN (TIMEX2), one
//! matching for both, the same code for wirewatch and HeidelTime.
//!
//! Matching is one-to-one per document: an exact-extent pair first, else the
//! overlapping system expression with the most bytes in common (ties: the
//! earlier). From the matches:
//!
//! * TempEval-3 (`TE3-evaluation.py`, entity part): *relaxed* P/R = matched /
//!   system, matched / gold; *strict* counts only pairs with the same extent;
//!   type and value *accuracy* are over relaxed matches; the attribute F1s are
//!   the official `accuracy × relaxed F1`, which with a one-to-one matching
//!   equals F1 with "matched and attribute equal" as true positive,
//!   `2·correct / (gold + system)`.
//! * TERN (HeidelTime's WikiWarsDE figures): *lenient* = relaxed, *strict* as
//!   above, value accuracy over lenient matches, lenient+VAL and strict+VAL
//!   P/R/F1 with "matched and VAL equal" as true positive.

use super::corpus::GoldTimex;

/// A system's time expression, reduced to what the scorers compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemTimex {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// The expression as written.
    pub text: String,
    /// TIMEX3 type: DATE, TIME, DURATION, SET.
    pub kind: String,
    /// TIMEX3 value.
    pub value: String,
}

/// How values are compared with the gold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueScheme {
    /// TIMEX3 gold: values compared as written.
    Timex3,
    /// TIMEX2 gold: system TIMEX3 values first rewritten by [`timex3_to_timex2`].
    Timex2,
}

/// Summed counts over documents; every metric derives from these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimexCounts {
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Matched pairs (overlap, one-to-one): relaxed / lenient.
    pub relaxed: usize,
    /// Matched pairs with the same extent: strict.
    pub strict: usize,
    /// Relaxed pairs with the same type (TIMEX3 gold only).
    pub relaxed_type: usize,
    /// Relaxed pairs with the same value.
    pub relaxed_value: usize,
    /// Strict pairs with the same value.
    pub strict_value: usize,
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// F1 with `true_positives` counted against both sides: `2·tp / (gold + system)`.
fn f1_of(true_positives: usize, gold: usize, system: usize) -> f64 {
    ratio(2 * true_positives, gold + system)
}

/// Precision, recall and F1 of one kind of match.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl TimexCounts {
    /// Adds another document's counts.
    pub fn add(&mut self, other: TimexCounts) {
        self.gold += other.gold;
        self.system += other.system;
        self.relaxed += other.relaxed;
        self.strict += other.strict;
        self.relaxed_type += other.relaxed_type;
        self.relaxed_value += other.relaxed_value;
        self.strict_value += other.strict_value;
    }

    fn prf(&self, true_positives: usize) -> Prf {
        Prf {
            precision: ratio(true_positives, self.system),
            recall: ratio(true_positives, self.gold),
            f1: f1_of(true_positives, self.gold, self.system),
        }
    }

    /// Relaxed (TE3) / lenient (TERN) match: any overlap.
    pub fn relaxed_prf(&self) -> Prf {
        self.prf(self.relaxed)
    }

    /// Strict match: exact extent.
    pub fn strict_prf(&self) -> Prf {
        self.prf(self.strict)
    }

    /// Matched with the right value (TERN lenient+VAL; TE3 value F1).
    pub fn relaxed_value_prf(&self) -> Prf {
        self.prf(self.relaxed_value)
    }

    /// Exact extent with the right value (TERN strict+VAL).
    pub fn strict_value_prf(&self) -> Prf {
        self.prf(self.strict_value)
    }

    /// Matched with the right type (TE3 type F1).
    pub fn relaxed_type_prf(&self) -> Prf {
        self.prf(self.relaxed_type)
    }

    /// Share of relaxed matches with the right value.
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.relaxed_value, self.relaxed)
    }

    /// Share of relaxed matches with the right type.
    pub fn type_accuracy(&self) -> f64 {
        ratio(self.relaxed_type, self.relaxed)
    }
}

/// One scoring decision, for listing errors on the dev split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Gold expression `gold` matched system expression `system`.
    Matched {
        /// Index into the gold list.
        gold: usize,
        /// Index into the system list.
        system: usize,
    },
    /// Gold expression not found.
    Missed(usize),
    /// System expression not in the gold.
    Spurious(usize),
}

/// Matches one document's expressions one-to-one (see the module doc).
pub fn match_timexes(gold: &[GoldTimex], system: &[SystemTimex]) -> Vec<Outcome> {
    let mut system_taken = vec![false; system.len()];
    let mut gold_match: Vec<Option<usize>> = vec![None; gold.len()];
    // Exact extents first, so a longer overlapping expression cannot steal them.
    for (g, gold_timex) in gold.iter().enumerate() {
        if let Some(s) = (0..system.len()).find(|&s| {
            !system_taken.get(s).copied().unwrap_or(true)
                && system.get(s).is_some_and(|t| t.start == gold_timex.start && t.end == gold_timex.end)
        }) {
            if let Some(slot) = system_taken.get_mut(s) {
                *slot = true;
            }
            if let Some(slot) = gold_match.get_mut(g) {
                *slot = Some(s);
            }
        }
    }
    for (g, gold_timex) in gold.iter().enumerate() {
        if gold_match.get(g).copied().flatten().is_some() {
            continue;
        }
        let best = system
            .iter()
            .enumerate()
            .filter(|(s, _)| !system_taken.get(*s).copied().unwrap_or(true))
            .map(|(s, t)| (s, overlap(gold_timex.start, gold_timex.end, t.start, t.end)))
            .filter(|(_, common)| *common > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((s, _)) = best {
            if let Some(slot) = system_taken.get_mut(s) {
                *slot = true;
            }
            if let Some(slot) = gold_match.get_mut(g) {
                *slot = Some(s);
            }
        }
    }
    let mut outcomes: Vec<Outcome> = gold_match
        .iter()
        .enumerate()
        .map(|(g, matched)| match matched {
            Some(s) => Outcome::Matched { gold: g, system: *s },
            None => Outcome::Missed(g),
        })
        .collect();
    outcomes.extend(
        system_taken.iter().enumerate().filter(|(_, taken)| !**taken).map(|(s, _)| Outcome::Spurious(s)),
    );
    outcomes
}

/// Bytes two ranges share.
fn overlap(a_start: usize, a_end: usize, b_start: usize, b_end: usize) -> usize {
    a_end.min(b_end).saturating_sub(a_start.max(b_start))
}

/// Whether a system value equals the gold value under `scheme`.
pub fn value_matches(scheme: ValueScheme, gold: &GoldTimex, system: &SystemTimex) -> bool {
    let Some(gold_value) = gold.value.as_deref() else { return false };
    match scheme {
        ValueScheme::Timex3 => system.value == gold_value,
        ValueScheme::Timex2 => timex3_to_timex2(&system.value, &system.kind) == gold_value,
    }
}

/// Scores one document.
pub fn score_document(scheme: ValueScheme, gold: &[GoldTimex], system: &[SystemTimex]) -> TimexCounts {
    let mut counts = TimexCounts { gold: gold.len(), system: system.len(), ..TimexCounts::default() };
    for outcome in match_timexes(gold, system) {
        let Outcome::Matched { gold: g, system: s } = outcome else { continue };
        let (Some(gold_timex), Some(system_timex)) = (gold.get(g), system.get(s)) else { continue };
        let exact = gold_timex.start == system_timex.start && gold_timex.end == system_timex.end;
        let value_ok = value_matches(scheme, gold_timex, system_timex);
        counts.relaxed += 1;
        counts.strict += usize::from(exact);
        counts.relaxed_value += usize::from(value_ok);
        counts.strict_value += usize::from(exact && value_ok);
        counts.relaxed_type += usize::from(gold_timex.kind.as_deref() == Some(system_timex.kind.as_str()));
    }
    counts
}

/// Rewrites a TIMEX3 value in TIMEX2 notation where the two standards write
/// the same meaning differently, exactly as HeidelTime's own ACE-TERN writer
/// does for its WikiWarsDE figures (`ACETernWriter.translatetimex3timex2`):
///
/// * decades: TIMEX3 `199X` → TIMEX2 `199` (also `BC049X` → `BC049`);
/// * centuries: TIMEX3 `19XX` → TIMEX2 `19`;
/// * SET frequencies: TIMEX3 `P1Y`/`P1M`/`P1D`/`PT1H`/`PT1M` (any count) →
///   TIMEX2 `XXXX`, `XXXX-XX`, `XXXX-XX-XX`, `XXXX-XX-XXTXX`, `XXXX-XX-XXTXX:XX`.
///
/// Everything else is the same in both notations and passes unchanged:
/// durations (`P3Y`, `P3.5Y`, `P2DE`), `PRESENT_REF`/`PAST_REF`/`FUTURE_REF`,
/// weeks, seasons (`1940-SU`), parts of day (`TMO`), `BC` years, `X` placeholders.
pub fn timex3_to_timex2(value: &str, kind: &str) -> String {
    let mut out = value.to_string();
    let bytes = out.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let n = bytes.len();
    if n >= 4 && out.ends_with('X') && digit_at(n - 2) && digit_at(n - 3) && digit_at(n - 4) {
        out.truncate(n - 1);
    } else if n >= 4 && out.ends_with("XX") && digit_at(n - 3) && digit_at(n - 4) {
        out.truncate(n - 2);
    }
    if kind.eq_ignore_ascii_case("SET") {
        let counted = |prefix: &str, unit: char| {
            out.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(unit))
                .is_some_and(|count| !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()))
        };
        let rewritten = if counted("PT", 'H') {
            Some("XXXX-XX-XXTXX")
        } else if counted("PT", 'M') {
            Some("XXXX-XX-XXTXX:XX")
        } else if counted("P", 'Y') {
            Some("XXXX")
        } else if counted("P", 'M') {
            Some("XXXX-XX")
        } else if counted("P", 'D') {
            Some("XXXX-XX-XX")
        } else {
            None
        };
        if let Some(timex2) = rewritten {
            out = timex2.to_string();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(start: usize, end: usize, kind: Option<&str>, value: Option<&str>) -> GoldTimex {
        GoldTimex {
            start,
            end,
            text: String::new(),
            kind: kind.map(str::to_string),
            value: value.map(str::to_string),
        }
    }

    fn system(start: usize, end: usize, kind: &str, value: &str) -> SystemTimex {
        SystemTimex { start, end, text: String::new(), kind: kind.into(), value: value.into() }
    }

    #[test]
    fn exact_extent_beats_larger_overlap() {
        let golds = [gold(10, 20, None, None)];
        let systems = [system(5, 25, "DATE", "x"), system(10, 20, "DATE", "y")];
        let outcomes = match_timexes(&golds, &systems);
        assert!(outcomes.contains(&Outcome::Matched { gold: 0, system: 1 }));
        assert!(outcomes.contains(&Outcome::Spurious(0)));
    }

    #[test]
    fn one_system_span_matches_one_gold() {
        let golds = [gold(0, 5, None, None), gold(6, 10, None, None)];
        let systems = [system(0, 10, "DATE", "x")];
        let counts = score_document(ValueScheme::Timex3, &golds, &systems);
        assert_eq!((counts.relaxed, counts.strict, counts.gold, counts.system), (1, 0, 2, 1));
    }

    #[test]
    fn te3_value_f1_is_accuracy_times_relaxed_f1() {
        let golds = [
            gold(0, 4, Some("DATE"), Some("2013")),
            gold(10, 14, Some("DATE"), Some("2012")),
            gold(20, 24, Some("DURATION"), Some("P1M")),
        ];
        let systems =
            [system(0, 4, "DATE", "2013"), system(11, 14, "DATE", "2011"), system(30, 34, "DATE", "2010")];
        let counts = score_document(ValueScheme::Timex3, &golds, &systems);
        assert_eq!((counts.relaxed, counts.strict, counts.relaxed_value, counts.relaxed_type), (2, 1, 1, 2));
        let official = counts.value_accuracy() * counts.relaxed_prf().f1;
        assert!((counts.relaxed_value_prf().f1 - official).abs() < 1e-12);
        assert!((counts.relaxed_prf().f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((counts.strict_prf().precision - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn missing_gold_value_never_matches() {
        let golds = [gold(0, 4, None, None)];
        let systems = [system(0, 4, "DATE", "")];
        assert_eq!(score_document(ValueScheme::Timex2, &golds, &systems).relaxed_value, 0);
    }

    #[test]
    fn empty_inputs_score_zero_without_dividing_by_zero() {
        let counts = score_document(ValueScheme::Timex3, &[], &[]);
        assert_eq!(counts.relaxed_prf(), Prf::default());
        assert_eq!(counts.value_accuracy(), 0.0);
    }

    #[test]
    fn timex2_notation() {
        assert_eq!(timex3_to_timex2("199X", "DATE"), "199");
        assert_eq!(timex3_to_timex2("19XX", "DATE"), "19");
        assert_eq!(timex3_to_timex2("BC049X", "DATE"), "BC049");
        assert_eq!(timex3_to_timex2("P1D", "SET"), "XXXX-XX-XX");
        assert_eq!(timex3_to_timex2("PT2H", "SET"), "XXXX-XX-XXTXX");
        assert_eq!(timex3_to_timex2("P1D", "DURATION"), "P1D");
        assert_eq!(timex3_to_timex2("XXXX-XX-XX", "DATE"), "XXXX-XX-XX");
        assert_eq!(timex3_to_timex2("PRESENT_REF", "DATE"), "PRESENT_REF");
        assert_eq!(timex3_to_timex2("1939-09-01", "DATE"), "1939-09-01");
        assert_eq!(timex3_to_timex2("X", "SET"), "X");
    }
}
