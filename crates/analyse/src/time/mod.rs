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
//! * [`TimeTagger::publication_window`] estimates when an undated document
//!   was written.

mod calendar;
mod grammar;
mod matcher;
mod resolve;

pub use grammar::Tense;

use grammar::{Grammar, Kind};
use matcher::Tok;
use resolve::Context;
use std::fmt;
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

/// What kind of text a document is, which decides what relative
/// expressions count from (HeidelTime's "document type").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Genre {
    /// News: deictic expressions ("gestern", "vergangene Woche", "am Montag",
    /// "am Abend") count from the document creation time; only explicitly
    /// anaphoric ones ("am Tag darauf", "vier Jahre später", "im selben
    /// Monat") from the previous expression.
    News,
    /// A narrative of the past (a history, a biography): relative
    /// expressions and year-less months count from the story's current
    /// time, the previous expression; "heute" is the narrator's present.
    Narrative,
    /// Decide from the text: news unless the evidence for a narrative is
    /// overwhelming (at least four explicit years, none within five years of
    /// the DCT, mostly in running order, no weekday named and no step counted
    /// from now such as "vor vier Jahren").
    #[default]
    Auto,
}

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

    /// The time expressions of `text`, in order, not overlapping; the genre
    /// is guessed from the text ([`Genre::Auto`]).
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
        self.tag_with_genre(text, sentences, language, dct, Genre::Auto)
    }

    /// [`TimeTagger::tag`] for a document whose genre is known (the
    /// evaluation corpora, where HeidelTime is told `news` or `narratives`).
    pub fn tag_with_genre(
        &self,
        text: &str,
        sentences: &[Sentence],
        language: Option<&str>,
        dct: Option<&str>,
        genre: Genre,
    ) -> Vec<Timex> {
        let grammar = self.grammar(language);
        let starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
        let toks = matcher::tokenize(text, grammar, &starts);
        let blocked = matcher::vetoed(grammar, &toks);
        let matches = matcher::find_matches(grammar, &toks, &blocked);
        let cues = tense_cues(grammar, &toks);
        let (dct_day, dct_time) = parse_dct(dct);
        let mut context = Context {
            dct: dct_day,
            dct_time,
            previous: None,
            previous_absolute: false,
            narrative: false,
            first_year: first_year(&matches),
            coordinated_year: None,
            coordinated_month: None,
            left_story: None,
            story_year: None,
            section: None,
            last_day: None,
            range: None,
        };
        let connector = grammar.class_names.iter().position(|name| name == "connector");
        let relative = grammar.class_names.iter().position(|name| name == "relative");
        context.narrative = match genre {
            Genre::News => false,
            Genre::Narrative => true,
            Genre::Auto => looks_narrative(grammar, &matches, dct_day),
        };

        let mut out = Vec::with_capacity(matches.len());
        for (index, found) in matches.iter().enumerate() {
            let (Some(first), Some(last)) =
                (toks.get(found.span.0), toks.get(found.span.1.saturating_sub(1)))
            else {
                continue;
            };
            let Some(rule) = grammar.rules.get(found.rule) else { continue };
            let sentence = sentence_index(sentences, first.start);
            let tense = tense_near(&toks, &cues, sentences, sentence, found.span.0, found.span.1);
            context.coordinated_year = coordinated_year(&toks, connector, found, matches.get(index + 1))
                .map(|year| (year, out.len() + 1));
            context.coordinated_month = coordinated_month(&toks, connector, found, matches.get(index + 1))
                .map(|month| (month, out.len() + 1));
            let (frame, kind) = ahead_or_span(found.frame, rule.kind, tense);
            let resolved = resolve::resolve(&frame, kind, tense, &context, sentence);
            // "am 7. November (25. Oktober nach julianischem Kalender)",
            // "Hindenburg (1847–1934)": an expression in parentheses is an
            // aside, not the story's time.
            let bracketed = inside_brackets(&toks, found.span.0);
            if let Some(point) = resolved.point.clone() {
                if is_heading(text, first.start, last.end) {
                    context.section = Some(point.clone());
                }
                // "Der 1880 in Posen geborene General", "im 1871 gegründeten
                // Reich": a year right after an article describes a noun.
                let attributive = first.digits.is_some()
                    && found
                        .span
                        .0
                        .checked_sub(1)
                        .and_then(|i| toks.get(i))
                        .is_some_and(|t| grammar.tense.attributive.contains(&t.lower));
                let in_clause = attributive || in_relative_clause(&toks, relative, found.span.0);
                // "bis" that ends a range ("von 1939 bis 1945") is no reach ahead.
                let ends_range = index
                    .checked_sub(1)
                    .and_then(|i| matches.get(i))
                    .is_some_and(|before| joined_by_connectors(&toks, connector, before, found));
                let until = reaches_until(&toks, found.span.0) && !ends_range;
                if context.narrative
                    && (bracketed
                        || is_aside(&found.frame, &point, &context, in_clause)
                        || reaches_ahead(&found.frame, &point, &context, until))
                {
                    // "seit 1941", "die Grenze von 1940" in a story told in
                    // 1944: background that does not move the story's time.
                    out.push(timex(text, first.start, last.end, kind, resolved));
                    continue;
                }
                if context.narrative && is_same_period(&found.frame, &point, &context) {
                    out.push(timex(text, first.start, last.end, kind, resolved));
                    continue;
                }
                if point.day().is_some() {
                    context.last_day = Some(point.clone());
                }
                // A jump back to an explicit earlier year ("ersterer hatte im
                // Juli 1917 …" in a story told in 1918) remembers the story's
                // time it left, unless a heading lies between: a new section
                // ("Krieg im Pazifik" after May 1945, then December 1941)
                // starts a story of its own, no flashback.
                let left = context.previous.as_ref().filter(|(_, index, _)| {
                    let since = out.get(*index).map_or(0, |t: &Timex| t.end);
                    !heading_between(text, since, first.start)
                });
                context.left_story = left.map(|(p, _, _)| p.clone()).filter(|before| {
                    resolved.anchor.is_none() && point.year().zip(before.year()).is_some_and(|(y, b)| y < b)
                });
                // "vom 24. Juni 1948 bis zum 12. Mai 1949", "begann am 30.
                // November 1939 und endete am 13. März 1940": two explicit
                // times of one sentence, the second in a later year, span a
                // period the story goes on to tell from within.
                // The period stays while the story's time lies inside it.
                let spanned = context
                    .previous
                    .as_ref()
                    .filter(|(before, _, at)| {
                        *at == sentence
                            && context.previous_absolute
                            && resolved.anchor.is_none()
                            && before.rank() >= 5
                            && point.rank() >= 5
                            && before.year().zip(point.year()).is_some_and(|(a, b)| a < b)
                    })
                    .map(|(before, _, _)| (before.clone(), point.clone()));
                let inside = context.range.take().filter(|(from, to)| {
                    let (Some((a, _)), Some((_, b)), Some((first, last))) =
                        (from.days(), to.days(), point.days())
                    else {
                        return false;
                    };
                    point.rank() >= 5 && first <= b && a <= last
                });
                context.range = spanned.or(inside);
                context.story_year = point.year().or(context.story_year);
                context.previous = Some((point, out.len(), sentence));
                // Absolute expressions carry no anchor: only they may lend
                // their year to a year-less month in news.
                context.previous_absolute = resolved.anchor.is_none();
            }
            out.push(timex(text, first.start, last.end, kind, resolved));
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

/// The exported expression for a resolved match.
fn timex(text: &str, start: usize, end: usize, kind: Kind, resolved: resolve::Resolved) -> Timex {
    let kind = match kind {
        Kind::Date => TimexType::Date,
        Kind::Time => TimexType::Time,
        Kind::Duration => TimexType::Duration,
        Kind::Set => TimexType::Set,
    };
    let (earliest, latest) = match resolved.interval {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    Timex {
        start,
        end,
        text: text.get(start..end).unwrap_or_default().to_string(),
        kind,
        value: resolved.value,
        modifier: resolved.modifier,
        earliest,
        latest,
        anchor: resolved.anchor,
    }
}

/// A flashback in a narrative: a rule marked `anchor=aside` ("seit 1941",
/// "von 1940") or a step back by years ("im Vorjahr", "zwei Jahre zuvor")
/// that lands before the story's current year is background, not the
/// story's new time.
fn is_aside(frame: &matcher::Frame, point: &calendar::Point, context: &Context, in_clause: bool) -> bool {
    // The shift is a number ("im Vorjahr") or minus the count ("zwei Jahre zuvor": `shift=-n`).
    let looks_back = match frame.get(grammar::Field::Shift.index()) {
        Some(Some(grammar::Value::Number(n))) => *n < 0.0,
        Some(Some(grammar::Value::FieldRef { negate: true, .. })) => true,
        _ => false,
    } && matches!(
        frame.get(grammar::Field::Unit.index()),
        Some(Some(grammar::Value::Word("Y" | "DE" | "CE")))
    );
    // "seit Oktober" (`dir=latest`) told in February looks back as well.
    let since =
        matches!(frame.get(grammar::Field::Direction.index()), Some(Some(grammar::Value::Word("latest"))));
    // "Finnland, das sich erst 1917 vom Russischen Reich gelöst hatte,
    // lehnte im Oktober … ab": a year (or coarser) in a relative clause
    // explains; the main clause goes on with the story.
    let explains = in_clause && point.rank() <= 2;
    let marked = looks_back
        || since
        || explains
        || matches!(frame.get(grammar::Field::Anchor.index()), Some(Some(grammar::Value::Word("aside"))));
    let current = context.previous.as_ref().and_then(|(p, _, _)| p.year());
    marked && point.year().zip(current).is_some_and(|(year, now)| year < now)
}

/// Tokens back that [`in_relative_clause`] looks for the clause's comma
/// (bounded, so that a run-on text costs linear time).
const RELATIVE_REACH: usize = 16;

/// Whether the token at `start` lies in a relative clause: walking back
/// through its sentence (at most [`RELATIVE_REACH`] tokens), the first
/// comma met is followed by a relative pronoun (grammar class `relative`),
/// directly or after a preposition (", das sich 1917 …", ", in dem 1917
/// …"). A bracket, colon or semicolon on the way ends the search.
fn in_relative_clause(toks: &[Tok<'_>], relative: Option<usize>, start: usize) -> bool {
    let Some(relative) = relative.and_then(|c| u16::try_from(c).ok()) else {
        return false;
    };
    let is_relative = |i: usize| toks.get(i).is_some_and(|t| t.entries.iter().any(|e| e.class == relative));
    for back in 1..=RELATIVE_REACH {
        let Some(i) = start.checked_sub(back) else { return false };
        let Some(tok) = toks.get(i) else { return false };
        if tok.lower == "," {
            let after = i + 1;
            return after < start
                && (is_relative(after)
                    || (after + 1 < start
                        && toks.get(after).is_some_and(|t| !t.capitalised && t.digits.is_none())
                        && is_relative(after + 1)));
        }
        if matches!(tok.lower.as_str(), "(" | ")" | ";" | ":" | "–") || tok.sentence_start || tok.line_start
        {
            return false;
        }
    }
    false
}

/// Tokens back within a line that [`inside_brackets`] looks for an opening bracket.
const BRACKET_REACH: usize = 12;

/// Whether the token at `start` lies inside a parenthesis opened shortly
/// before on its line ("(25. Oktober nach julianischem Kalender)", "(* 12.
/// Mai 1880 in Posen; † 3. Juni 1945)").
fn inside_brackets(toks: &[Tok<'_>], start: usize) -> bool {
    for back in 1..=BRACKET_REACH {
        let Some(tok) = start.checked_sub(back).and_then(|i| toks.get(i)) else { return false };
        match tok.lower.as_str() {
            "(" => return true,
            ")" => return false,
            _ if tok.line_start => return false,
            _ => {}
        }
    }
    false
}

/// Whether "bis" (directly, or before "ins", "zum", "zur", "in") leads to
/// the expression at token `start`.
fn reaches_until(toks: &[Tok<'_>], start: usize) -> bool {
    let word = |back: usize| start.checked_sub(back).and_then(|i| toks.get(i)).map(|t| t.lower.as_str());
    word(1) == Some("bis")
        || (word(2) == Some("bis") && matches!(word(1), Some("ins" | "zum" | "zur" | "in")))
}

/// Years beyond the story's a year after "bis" must lie to be a reach ahead
/// ("überfiel bis 1881 Banken" in a story of 1862), not the story going on
/// ("Bis 1943 hatte die Wehrmacht …" in one of 1941).
const REACH_AHEAD_YEARS: i32 = 5;

/// "Die Kämpfe dauerten bis ins Frühjahr des nächsten Jahres an. Die Armee
/// hielt bis zum Jahresende …": a step forward by years that only says how
/// long something lasted ("bis" before it, no range's start) reaches ahead
/// of the story without moving it, as a step back by years does not move it
/// back; so does a year (or coarser) far ahead ("mordete bis 1881").
fn reaches_ahead(frame: &matcher::Frame, point: &calendar::Point, context: &Context, until: bool) -> bool {
    let ahead = match frame.get(grammar::Field::Shift.index()) {
        Some(Some(grammar::Value::Number(n))) => *n > 0.0,
        Some(Some(grammar::Value::FieldRef { negate: false, .. })) => true,
        _ => false,
    } && matches!(frame.get(grammar::Field::Unit.index()), Some(Some(grammar::Value::Word("Y"))));
    let current = context.previous.as_ref().and_then(|(p, _, _)| p.year());
    let far = point.rank() <= 2
        && point.year().zip(current).is_some_and(|(year, now)| year > now + REACH_AHEAD_YEARS);
    until && (far || (ahead && point.year().zip(current).is_some_and(|(year, now)| year > now)))
}

/// "am 15. Mai … im selben Monat": the period of the story's current day
/// named again (`shift=0`, counted from the previous expression) is no new
/// story time; the day stays the anchor ("am Tag zuvor").
fn is_same_period(frame: &matcher::Frame, point: &calendar::Point, context: &Context) -> bool {
    let same = matches!(frame.get(grammar::Field::Shift.index()), Some(Some(grammar::Value::Number(n))) if *n == 0.0)
        && matches!(frame.get(grammar::Field::Anchor.index()), Some(Some(grammar::Value::Word("prev"))));
    let day = context.previous.as_ref().and_then(|(p, _, _)| p.day());
    same && point.rank() < 8
        && day.zip(point.days()).is_some_and(|(d, (first, last))| first <= d && d <= last)
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

/// "im Spätsommer und Herbst 1940", "im Mai und im Juni 1940": the year of
/// the next expression when only connector words (grammar class
/// `connector`) separate the two and this one names no year of its own.
fn coordinated_year(
    toks: &[Tok<'_>],
    connector: Option<usize>,
    this: &matcher::Match,
    next: Option<&matcher::Match>,
) -> Option<i32> {
    let next = next?;
    let own_year =
        [grammar::Field::Year, grammar::Field::Year2, grammar::Field::Decade, grammar::Field::Century]
            .iter()
            .any(|f| matches!(this.frame.get(f.index()), Some(Some(_))));
    if own_year || !joined_by_connectors(toks, connector, this, next) {
        return None;
    }
    explicit_year(next)
}

/// "in der Nacht vom 5. zum 6. Januar 1918", "am 24./25. Mai": a day
/// without a month takes the month of the next expression when only
/// connector words separate the two.
fn coordinated_month(
    toks: &[Tok<'_>],
    connector: Option<usize>,
    this: &matcher::Match,
    next: Option<&matcher::Match>,
) -> Option<f64> {
    let field = |m: &matcher::Match, f: grammar::Field| match m.frame.get(f.index()) {
        Some(Some(grammar::Value::Number(n))) => Some(*n),
        _ => None,
    };
    if field(this, grammar::Field::Day).is_none() || field(this, grammar::Field::Month).is_some() {
        return None;
    }
    let next = next?;
    field(next, grammar::Field::Day)?;
    let month = field(next, grammar::Field::Month)?;
    joined_by_connectors(toks, connector, this, next).then_some(month)
}

/// Whether one to three connector words (grammar class `connector`), none
/// starting a line, are all that separate `this` from `next`.
fn joined_by_connectors(
    toks: &[Tok<'_>],
    connector: Option<usize>,
    this: &matcher::Match,
    next: &matcher::Match,
) -> bool {
    let Some(connector) = connector.and_then(|c| u16::try_from(c).ok()) else {
        return false;
    };
    toks.get(this.span.1..next.span.0).is_some_and(|between| {
        !between.is_empty()
            && between.len() <= 3
            && between.iter().all(|t| !t.line_start && t.entries.iter().any(|e| e.class == connector))
    })
}

/// The explicit year (after Christ) a match names.
fn explicit_year(m: &matcher::Match) -> Option<i32> {
    match m.frame.get(grammar::Field::Year.index()) {
        Some(Some(grammar::Value::Number(y))) if (1.0..10_000.0).contains(y) && !has_bc(&m.frame) => {
            Some(*y as i32)
        }
        _ => None,
    }
}

/// The first explicit year (after Christ) any match names.
fn first_year(matches: &[matcher::Match]) -> Option<i32> {
    matches.iter().find_map(explicit_year)
}

fn has_bc(frame: &matcher::Frame) -> bool {
    matches!(frame.get(grammar::Field::BeforeChrist.index()), Some(Some(_)))
}

/// Explicit years a narrative needs at least before [`Genre::Auto`] treats
/// a document as one: a news article often mentions an old year or two.
const NARRATIVE_MIN_YEARS: usize = 4;

/// [`Genre::Auto`]: a document narrates a distant past only on overwhelming
/// evidence — at least [`NARRATIVE_MIN_YEARS`] explicit years, none within
/// five years of the DCT, and at least two thirds of the steps between
/// consecutive years going forward (a story told in order), and no weekday
/// ("am Mittwoch": news counts from its own date), nor a step counted from
/// now ([`counts_from_now`]). News that mentions "1994"
/// or "seit 2019", or recalls 1953 on the day its last witness died, stays news.
fn looks_narrative(grammar: &Grammar, matches: &[matcher::Match], dct: Option<chrono::NaiveDate>) -> bool {
    use chrono::Datelike;
    let names_a_weekday = matches.iter().any(|m| {
        let dated = grammar.rules.get(m.rule).is_some_and(|r| matches!(r.kind, Kind::Date | Kind::Time));
        dated && matches!(m.frame.get(grammar::Field::Weekday.index()), Some(Some(grammar::Value::Number(_))))
    });
    if names_a_weekday || counts_from_now(matches) {
        return false;
    }
    let years: Vec<f64> = matches
        .iter()
        .filter_map(|m| match m.frame.get(grammar::Field::Year.index()) {
            Some(Some(grammar::Value::Number(y))) => Some(*y),
            _ => None,
        })
        .collect();
    if years.len() < NARRATIVE_MIN_YEARS {
        return false;
    }
    if let Some(dct) = dct {
        if years.iter().any(|y| (*y - f64::from(dct.year())).abs() <= 5.0) {
            return false;
        }
    }
    let steps = years.len() - 1;
    let forward = years.windows(2).filter(|pair| pair[1] >= pair[0]).count();
    forward * 3 >= steps * 2
}

/// A rule marked `dir=ahead` ("in drei Stunden", "in two days") counts
/// forward from now only where the sentence is not in the past tense; told
/// in the past ("gab es in 853 Stunden Überschreitungen", "sie marschierten
/// in zwei Tagen 100 km") it measures a span: a duration.
fn ahead_or_span(mut frame: matcher::Frame, kind: Kind, tense: Tense) -> (matcher::Frame, Kind) {
    let direction = grammar::Field::Direction.index();
    if !matches!(frame.get(direction), Some(Some(grammar::Value::Word("ahead")))) {
        return (frame, kind);
    }
    if let Some(slot) = frame.get_mut(direction) {
        *slot = None;
    }
    if tense != Tense::Past {
        return (frame, kind);
    }
    for field in [grammar::Field::Shift, grammar::Field::Modifier] {
        if let Some(slot) = frame.get_mut(field.index()) {
            *slot = None;
        }
    }
    (frame, Kind::Duration)
}

/// A step from the present that is not anaphoric ("vor vier Jahren",
/// "letzte Woche", "gestern", "next year"): a speaker or reporter counting
/// from the day of writing. A history says "vier Jahre zuvor" instead, so one
/// such expression is enough to rule out a narrative (a speech recalling
/// 1966, 1987 and 1989 and then "vor vier Jahren" is not a history).
fn counts_from_now(matches: &[matcher::Match]) -> bool {
    matches.iter().any(|m| {
        let shifted = match m.frame.get(grammar::Field::Shift.index()) {
            Some(Some(grammar::Value::Number(n))) => *n != 0.0,
            Some(Some(grammar::Value::FieldRef { .. })) => true,
            _ => false,
        };
        let unit = matches!(m.frame.get(grammar::Field::Unit.index()), Some(Some(_)));
        let anaphoric = matches!(m.frame.get(grammar::Field::Anchor.index()), Some(Some(_)));
        shifted && unit && !anaphoric
    })
}

/// Most words a heading line has ("Kriegsverlauf im Pazifik 1941 bis 1945").
const HEADING_MAX_WORDS: usize = 12;

/// A whole line between byte offsets `from` and `to` is a heading: short,
/// and not ended like a sentence.
fn heading_between(text: &str, from: usize, to: usize) -> bool {
    let Some(between) = text.get(from.min(to)..to) else { return false };
    // Only lines that lie wholly between: drop the partial first and last.
    let mut lines = between.split('\n');
    lines.next();
    let mut whole: Vec<&str> = lines.collect();
    whole.pop();
    whole.iter().map(|line| line.trim()).any(|line| {
        let words = line.split_whitespace().count();
        let sentence_end = line.ends_with(['.', '!', '?', ':', ';', '“', '"', '«', '»', ')']);
        words > 0 && words <= HEADING_MAX_WORDS && !sentence_end
    })
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
    let mut cues: Vec<Option<Tense>> = Vec::with_capacity(toks.len());
    for (index, tok) in toks.iter().enumerate() {
        let listed = grammar.tense.words.get(&tok.lower).copied();
        let cue = listed.or_else(|| {
            if tok.capitalised || tok.digits.is_some() {
                return None;
            }
            let by_suffix = grammar
                .tense
                .suffixes
                .iter()
                .find(|(suffix, min, _)| {
                    tok.lower.chars().count() >= *min && tok.lower.ends_with(suffix.as_str())
                })
                .map(|(_, _, tense)| *tense)?;
            let previous = index.checked_sub(1).and_then(|i| toks.get(i));
            // After an article the word is an attributive adjective ("die
            // absolute Mehrheit", "the armed forces"), not a verb, unless the
            // article is a relative pronoun opening a clause (", der betonte,")
            // and no noun follows.
            let after_article = previous.is_some_and(|t| grammar.tense.attributive.contains(&t.lower));
            let clause_start = index.checked_sub(2).and_then(|i| toks.get(i)).is_some_and(|t| t.lower == ",");
            let noun_follows = toks.get(index + 1).is_some_and(|t| t.capitalised);
            if after_article && (!clause_start || noun_follows) {
                return None;
            }
            // A participle right after a listed cue word belongs to it: "to be
            // published", "will be signed" are not past tense.
            let previous_listed = previous.and_then(|t| grammar.tense.words.get(&t.lower)).copied();
            Some(previous_listed.unwrap_or(by_suffix))
        });
        // `present:` words only stop the suffix rule ("called", "be",
        // "nächste"): they are no cue, so the search goes on to a verb with
        // a tense ("launched a line called Mantra in December").
        cues.push(cue.filter(|tense| *tense != Tense::Present));
    }
    cues
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

impl TimeTagger {
    /// Estimates when an undated document was published from its absolute
    /// dates and their tenses; `None` when the text gives no clue.
    ///
    /// The rule, by the granularity of the mentioned period:
    /// * **past tense** — what is told has happened, so the period has at
    ///   least begun: the text was written after its first day. A year (or a
    ///   decade, a century) is stronger: an explicit year in the past tense
    ///   is, in practice, one that is over (the running year is "dieses
    ///   Jahr"), so the text was written after its last day. Days, weeks,
    ///   months and seasons only give their start: news reports the same
    ///   day, and "im März 2026" can be written in late March.
    /// * **future tense** — the period has not ended: written before its
    ///   last day.
    /// * **present tense** gives no bound (a schedule, a state).
    pub fn publication_window(
        &self,
        text: &str,
        sentences: &[Sentence],
        timexes: &[Timex],
        language: Option<&str>,
    ) -> Option<PublishedWindow> {
        let mut earliest: Option<(String, String)> = None;
        let mut latest: Option<(String, String)> = None;
        let absolute: Vec<&Timex> = timexes
            .iter()
            .filter(|t| t.anchor.is_none() && matches!(t.kind, TimexType::Date | TimexType::Time))
            .collect();
        let offsets: Vec<usize> = absolute.iter().map(|t| t.start).collect();
        let tenses = self.tenses_at(text, sentences, language, &offsets);
        for (timex, tense) in absolute.into_iter().zip(tenses) {
            let (Some(first), Some(last)) = (&timex.earliest, &timex.latest) else { continue };
            match tense {
                Tense::Past => {
                    let (bound, how) = if is_year_or_coarser(&timex.value) {
                        (last, "after its end")
                    } else {
                        (first, "after its start")
                    };
                    if earliest.as_ref().is_none_or(|(day, _)| bound > day) {
                        earliest = Some((
                            bound.clone(),
                            format!("„{}“ in a past-tense sentence: {how}, {bound}", timex.text),
                        ));
                    }
                }
                Tense::Future => {
                    if latest.as_ref().is_none_or(|(day, _)| last < day) {
                        latest = Some((
                            last.clone(),
                            format!("„{}“ in a future-tense sentence: before its end, {last}", timex.text),
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
}

/// A TIMEX3 value naming a whole year or more: `1994`, `BC0480`, `199` (a
/// decade), `19` (a century).
fn is_year_or_coarser(value: &str) -> bool {
    let digits = value.strip_prefix("BC").unwrap_or(value);
    (2..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

fn date_part(value: &str) -> String {
    value.split('T').next().unwrap_or(value).to_string()
}
