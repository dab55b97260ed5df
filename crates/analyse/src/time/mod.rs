//! Time expressions: recognition and TIMEX3 normalisation.
//!
//! The engine is language-agnostic; every word it knows comes from the
//! grammar files under `rules/time/` (format: `rules/time/README.md`),
//! compiled into the binary and parsed once by [`TimeTagger::new`]:
//!
//! * `grammar` loads lexicon classes, compounds, rules, vetoes and tense cues;
//! * `matcher` tokenises the text, applies vetoes ("Friedrich Merz" is no
//!   month) and finds the longest rule match at each position, trying only
//!   rules that the token can start (hash lookups, no regex scans);
//! * `resolve` turns a match into a TIMEX3 value and `[earliest, latest]`,
//!   resolving relative expressions against the DCT, the previous
//!   expression, and the tense of the sentence;
//! * `calendar` holds the calendar arithmetic;
//! * [`publication_window`] estimates when an undated document was written.

mod calendar;
mod grammar;
mod matcher;
mod resolve;

pub use grammar::Tense;

use grammar::{Grammar, Kind};
use matcher::Tok;
use resolve::Context;
use std::fmt;
use std::sync::OnceLock;
use wirewatch_model::{PublishedWindow, Sentence, Timex, TimexType};

/// A shipped grammar file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError {
    /// The grammar file.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GrammarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GrammarError {}

const NEUTRAL: (&str, &str) = ("neutral.rules", include_str!("../../rules/time/neutral.rules"));
const GERMAN: (&str, &str) = ("de.rules", include_str!("../../rules/time/de.rules"));
const ENGLISH: (&str, &str) = ("en.rules", include_str!("../../rules/time/en.rules"));

/// The temporal tagger: grammars for every supported language, loaded once.
#[derive(Debug)]
pub struct TimeTagger {
    neutral: Grammar,
    german: Grammar,
    english: Grammar,
}

impl TimeTagger {
    /// Loads the grammars compiled into the binary.
    pub fn new() -> Result<TimeTagger, GrammarError> {
        Ok(TimeTagger {
            neutral: Grammar::load(&[NEUTRAL])?,
            german: Grammar::load(&[NEUTRAL, GERMAN])?,
            english: Grammar::load(&[NEUTRAL, ENGLISH])?,
        })
    }

    fn grammar(&self, language: Option<&str>) -> &Grammar {
        let code = language.unwrap_or_default().get(..2).unwrap_or_default().to_ascii_lowercase();
        match code.as_str() {
            "de" => &self.german,
            "en" => &self.english,
            _ => &self.neutral,
        }
    }

    /// The time expressions of `text`, in order, not overlapping.
    ///
    /// `sentences` come from [`crate::segment::sentences`]; `language` is an
    /// ISO 639-1 code (`None`: language-neutral patterns only); `dct` is the
    /// document creation time (`YYYY-MM-DD` or RFC 3339), `None` when unknown,
    /// in which case relative expressions stay unresolved (`XXXX-…`).
    pub fn tag(
        &self,
        text: &str,
        sentences: &[Sentence],
        language: Option<&str>,
        dct: Option<&str>,
    ) -> Vec<Timex> {
        let grammar = self.grammar(language);
        let starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
        let toks = matcher::tokenize(text, grammar, &starts);
        let blocked = matcher::vetoed(grammar, &toks);
        let matches = matcher::find_matches(grammar, &toks, &blocked);
        let cues = tense_cues(grammar, &toks);
        let (dct_day, dct_time) = parse_dct(dct);
        let mut context = Context { dct: dct_day, dct_time, previous: None, narrative: false, section: None };
        context.narrative = is_narrative(&matches, dct_day);

        let mut out = Vec::with_capacity(matches.len());
        for found in &matches {
            let (Some(first), Some(last)) =
                (toks.get(found.span.0), toks.get(found.span.1.saturating_sub(1)))
            else {
                continue;
            };
            let Some(rule) = grammar.rules.get(found.rule) else { continue };
            let sentence = sentence_index(sentences, first.start);
            let tense = tense_near(&toks, &cues, sentences, sentence, found.span.0, found.span.1);
            let resolved = resolve::resolve(&found.frame, rule.kind, tense, &context, sentence);
            let kind = match rule.kind {
                Kind::Date => TimexType::Date,
                Kind::Time => TimexType::Time,
                Kind::Duration => TimexType::Duration,
                Kind::Set => TimexType::Set,
            };
            let (earliest, latest) = match resolved.interval {
                Some((a, b)) => (Some(a), Some(b)),
                None => (None, None),
            };
            if let Some(point) = resolved.point {
                if is_heading(text, first.start, last.end) {
                    context.section = Some(point.clone());
                }
                context.previous = Some((point, out.len(), sentence));
            }
            out.push(Timex {
                start: first.start,
                end: last.end,
                text: text.get(first.start..last.end).unwrap_or_default().to_string(),
                kind,
                value: resolved.value,
                modifier: resolved.modifier,
                earliest,
                latest,
                anchor: resolved.anchor,
            });
        }
        out
    }

    /// The tense of the sentence region around byte `offset` (nearest cue).
    pub fn tense_at(
        &self,
        text: &str,
        sentences: &[Sentence],
        language: Option<&str>,
        offset: usize,
    ) -> Tense {
        self.tenses_at(text, sentences, language, &[offset]).first().copied().unwrap_or(Tense::Present)
    }

    /// [`TimeTagger::tense_at`] for many offsets, tokenising the text once.
    pub fn tenses_at(
        &self,
        text: &str,
        sentences: &[Sentence],
        language: Option<&str>,
        offsets: &[usize],
    ) -> Vec<Tense> {
        let grammar = self.grammar(language);
        let starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
        let toks = matcher::tokenize(text, grammar, &starts);
        let cues = tense_cues(grammar, &toks);
        offsets
            .iter()
            .map(|&offset| {
                let at = toks.partition_point(|t| t.end <= offset);
                let sentence = sentence_index(sentences, offset);
                tense_near(&toks, &cues, sentences, sentence, at, at + 1)
            })
            .collect()
    }
}

/// `YYYY-MM-DD` and, for RFC 3339, `HH:MM`.
fn parse_dct(dct: Option<&str>) -> (Option<chrono::NaiveDate>, Option<(u32, u32)>) {
    let Some(dct) = dct.map(str::trim) else { return (None, None) };
    let day = dct.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let time = dct.get(10..16).filter(|t| t.starts_with('T') || t.starts_with(' ')).and_then(|t| {
        let hour = t.get(1..3)?.parse::<u32>().ok()?;
        let minute = t.get(4..6)?.parse::<u32>().ok()?;
        (hour < 24 && minute < 60).then_some((hour, minute))
    });
    (day, time.filter(|_| day.is_some()))
}

/// A document narrates a distant past when most of its explicit years lie
/// more than five years from the DCT (or it has no DCT).
fn is_narrative(matches: &[matcher::Match], dct: Option<chrono::NaiveDate>) -> bool {
    use chrono::Datelike;
    let years: Vec<f64> = matches
        .iter()
        .filter_map(|m| match m.frame.get(grammar::Field::Year.index()) {
            Some(Some(grammar::Value::Number(y))) => Some(*y),
            _ => None,
        })
        .collect();
    match dct {
        None => !years.is_empty(),
        Some(dct) => {
            let far = years.iter().filter(|y| (**y - f64::from(dct.year())).abs() > 5.0).count();
            far * 2 > years.len()
        }
    }
}

/// The expression is the whole of its line (a heading such as "1862").
fn is_heading(text: &str, start: usize, end: usize) -> bool {
    // Only blanks between the expression and the line breaks around it; the
    // scans stop at the first other character, so this is cheap on long lines.
    let before = text.get(..start).unwrap_or_default();
    let after = text.get(end..).unwrap_or_default();
    fn blank_to_break(mut chars: impl Iterator<Item = char>) -> bool {
        chars.find(|c| !c.is_whitespace() || *c == '\n').is_none_or(|c| c == '\n')
    }
    blank_to_break(before.chars().rev()) && blank_to_break(after.chars())
}

fn sentence_index(sentences: &[Sentence], offset: usize) -> usize {
    sentences.partition_point(|s| s.start <= offset).saturating_sub(1)
}

fn tense_cues(grammar: &Grammar, toks: &[Tok<'_>]) -> Vec<Option<Tense>> {
    toks.iter()
        .map(|tok| {
            if let Some(tense) = grammar.tense.words.get(&tok.lower) {
                return Some(*tense);
            }
            if tok.capitalised || tok.digits.is_some() {
                return None;
            }
            grammar
                .tense
                .suffixes
                .iter()
                .find(|(suffix, min, _)| {
                    tok.lower.chars().count() >= *min && tok.lower.ends_with(suffix.as_str())
                })
                .map(|(_, _, tense)| *tense)
        })
        .collect()
}

/// The tense cue nearest to tokens `[first, end)` inside their sentence.
fn tense_near(
    toks: &[Tok<'_>],
    cues: &[Option<Tense>],
    sentences: &[Sentence],
    sentence: usize,
    first: usize,
    end: usize,
) -> Tense {
    let (from, to) = match sentences.get(sentence) {
        Some(s) => (s.start, s.end),
        None => (0, usize::MAX),
    };
    // Only the sentence's own tokens (found by binary search), searched
    // outwards from the expression and at most MAX_CUE_DISTANCE tokens away,
    // so a huge unpunctuated "sentence" costs no more than a normal one.
    const MAX_CUE_DISTANCE: usize = 60;
    let low = toks.partition_point(|t| t.start < from);
    let high = toks.partition_point(|t| t.end <= to).max(low);
    for distance in 1..=MAX_CUE_DISTANCE {
        let left = first.checked_sub(distance).filter(|i| *i >= low);
        let right = Some(end + distance - 1).filter(|i| *i < high);
        if left.is_none() && right.is_none() {
            break;
        }
        for index in [left, right].into_iter().flatten() {
            if let Some(tense) = cues.get(index).copied().flatten() {
                return tense;
            }
        }
    }
    Tense::Present
}

fn shared_tagger() -> Option<&'static TimeTagger> {
    static TAGGER: OnceLock<Option<TimeTagger>> = OnceLock::new();
    TAGGER.get_or_init(|| TimeTagger::new().ok()).as_ref()
}

/// Estimates when an undated document was published from its absolute dates
/// and their tenses; `None` when the text gives no clue.
///
/// A date in a past-tense sentence means the text was written after that
/// date began; one in a future-tense sentence, before it ended. Present
/// tense gives no bound (it may describe a schedule or a state).
pub fn publication_window(
    text: &str,
    sentences: &[Sentence],
    timexes: &[Timex],
    language: Option<&str>,
) -> Option<PublishedWindow> {
    let tagger = shared_tagger()?;
    let mut earliest: Option<(String, String)> = None;
    let mut latest: Option<(String, String)> = None;
    let absolute: Vec<&Timex> = timexes
        .iter()
        .filter(|t| t.anchor.is_none() && matches!(t.kind, TimexType::Date | TimexType::Time))
        .collect();
    let offsets: Vec<usize> = absolute.iter().map(|t| t.start).collect();
    let tenses = tagger.tenses_at(text, sentences, language, &offsets);
    for (timex, tense) in absolute.into_iter().zip(tenses) {
        let (Some(first), Some(last)) = (&timex.earliest, &timex.latest) else { continue };
        match tense {
            Tense::Past => {
                if earliest.as_ref().is_none_or(|(day, _)| first > day) {
                    earliest = Some((
                        first.clone(),
                        format!("„{}“ in a past-tense sentence: after {first}", timex.text),
                    ));
                }
            }
            Tense::Future => {
                if latest.as_ref().is_none_or(|(day, _)| last < day) {
                    latest = Some((
                        last.clone(),
                        format!("„{}“ in a future-tense sentence: before {last}", timex.text),
                    ));
                }
            }
            Tense::Present => {}
        }
    }
    // Contradicting clues (a future date before a past one): keep the past bound only.
    if let (Some((a, _)), Some((b, _))) = (&earliest, &latest) {
        if b < a {
            latest = None;
        }
    }
    if earliest.is_none() && latest.is_none() {
        return None;
    }
    let evidence = [&earliest, &latest]
        .iter()
        .filter_map(|e| e.as_ref().map(|(_, why)| why.clone()))
        .collect::<Vec<_>>();
    Some(PublishedWindow {
        earliest: earliest.map(|(d, _)| date_part(&d)),
        latest: latest.map(|(d, _)| date_part(&d)),
        evidence: evidence.join("; "),
    })
}

fn date_part(value: &str) -> String {
    value.split('T').next().unwrap_or(value).to_string()
}
