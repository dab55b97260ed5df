//! Normalisation: from the fields a rule filled to a TIMEX3 value and a
//! calendar interval, resolving relative expressions against the document
//! creation time (DCT) or the previous time expression.
//!
//! Conventions (HeidelTime-like, documented in `rules/time/README.md`):
//! * a weekday, month or season without a year takes the instance the
//!   sentence's tense points to — past: the latest one that has begun
//!   (a weekday equal to the DCT's is the DCT itself); future: the earliest
//!   one not yet over; no tense cue: a month or holiday in the DCT's year,
//!   a weekday or season the nearest one;
//! * `dir=past` ("vergangenen Freitag") and `dir=future` ("nächsten Freitag")
//!   exclude the current one;
//! * in narratives (`Genre::Narrative`, or `Auto` on overwhelming evidence)
//!   a month or season without a year takes the year of the previous
//!   expression and relative units count from it; in news only `anchor=prev`
//!   expressions do (deictic vs anaphoric, as HeidelTime's `this`/`REF`).

use super::calendar::{self, add_days, add_months, easter, weekday_number, ymd, Point, Season};
use super::grammar::{Field, Kind, Tense, Value};
use super::matcher::Frame;
use chrono::{Datelike, NaiveDate};

/// What the resolver knows about the document so far.
#[derive(Debug, Default)]
pub(crate) struct Context {
    pub dct: Option<NaiveDate>,
    pub dct_time: Option<(u32, u32)>,
    /// The last resolved point and its timex index and sentence.
    pub previous: Option<(Point, usize, usize)>,
    /// The previous expression gave its own year ("im März 2024"), rather
    /// than being resolved from an anchor.
    pub previous_absolute: bool,
    /// The document is a narrative (told or guessed genre).
    pub narrative: bool,
    /// The first explicit year of the document: a narrative's year before
    /// any expression has set one ("In der Nacht vom 8. Februar …" opening
    /// a story that names 1904 a sentence later).
    pub first_year: Option<i32>,
    /// The year and timex index of the next expression when the two are
    /// coordinated ("im Spätsommer und Herbst 1940"): the year applies here too.
    pub coordinated_year: Option<(i32, usize)>,
    /// The month and timex index of the next expression when a day without
    /// a month is coordinated with it ("in der Nacht vom 5. zum 6. Januar").
    pub coordinated_month: Option<(f64, usize)>,
    /// The story's time before the previous expression jumped back to an
    /// explicit earlier year (a flashback), if it did.
    pub left_story: Option<Point>,
    /// The year of the last story time that had one (a narrative's year
    /// while a century or decade is its time).
    pub story_year: Option<i32>,
    /// The point of the last heading that is only a time expression ("1862"
    /// on a line of its own): it dates the section below it.
    pub section: Option<Point>,
    /// The last day (or finer point) of the story: a later bare year that
    /// contains it ("bei den Wahlen 1917") does not erase the story's day.
    pub last_day: Option<Point>,
    /// The period two explicit times of a sentence spanned ("vom 24. Juni
    /// 1948 bis zum 12. Mai 1949"), while the story's time stays inside it:
    /// the story goes on from within it.
    pub range: Option<(Point, Point)>,
}

/// A normalised expression.
#[derive(Debug, PartialEq)]
pub(crate) struct Resolved {
    pub value: String,
    pub modifier: Option<String>,
    pub interval: Option<(String, String)>,
    pub anchor: Option<String>,
    pub point: Option<Point>,
}

fn number(frame: &Frame, field: Field) -> Option<f64> {
    match frame.get(field.index())?.as_ref()? {
        Value::Number(n) => Some(*n),
        Value::FieldRef { field: other, negate } => {
            if *other == field {
                return None;
            }
            let base = match frame.get(other.index())?.as_ref()? {
                Value::Number(n) => *n,
                _ => return None,
            };
            Some(if *negate { -base } else { base })
        }
        Value::Word(_) => None,
    }
}

fn int(frame: &Frame, field: Field) -> Option<i64> {
    let n = number(frame, field)?;
    (n.fract() == 0.0 && n.abs() < 1e9).then_some(n as i64)
}

fn word(frame: &Frame, field: Field) -> Option<&str> {
    match frame.get(field.index())?.as_ref()? {
        Value::Word(w) => Some(w),
        _ => None,
    }
}

fn has(frame: &Frame, field: Field) -> bool {
    frame.get(field.index()).is_some_and(Option::is_some)
}

/// How to pick one instance of a repeating period (weekday, month, season).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Pick {
    /// Latest one that is over before the reference day.
    LastEnded,
    /// Earliest one starting after it.
    NextStarting,
    /// Latest one that has begun (includes the current one).
    LatestStarted,
    /// Earliest one not over yet (includes the current one).
    EarliestNotEnded,
    /// The one containing the day, else the closest.
    Nearest,
}

fn pick_mode(frame: &Frame, tense: Tense) -> Pick {
    match word(frame, Field::Direction) {
        Some("past") => Pick::LastEnded,
        Some("future") => Pick::NextStarting,
        Some("this") => Pick::Nearest,
        Some("latest") => Pick::LatestStarted,
        Some("coming") => Pick::EarliestNotEnded,
        Some("near") => Pick::Nearest,
        // "until December 31", "bis zum 30. Juni": a deadline is the coming
        // one, unless the sentence tells it as past ("was closed until March 3").
        Some("deadline") => match tense {
            Tense::Past => Pick::LatestStarted,
            _ => Pick::EarliestNotEnded,
        },
        _ => match tense {
            Tense::Past => Pick::LatestStarted,
            Tense::Future => Pick::EarliestNotEnded,
            Tense::Present => Pick::Nearest,
        },
    }
}

fn pick(candidates: Vec<Point>, reference: NaiveDate, mode: Pick) -> Option<Point> {
    let mut best: Option<(i64, Point)> = None;
    for candidate in candidates {
        let Some((first, last)) = candidate.days() else { continue };
        let score = match mode {
            Pick::LastEnded if last < reference => (reference - last).num_days(),
            Pick::NextStarting if first > reference => (first - reference).num_days(),
            Pick::LatestStarted if first <= reference => (reference - first).num_days(),
            Pick::EarliestNotEnded if last >= reference => (last - reference).num_days(),
            Pick::Nearest => {
                if first <= reference && reference <= last {
                    0
                } else if last < reference {
                    (reference - last).num_days()
                } else {
                    (first - reference).num_days()
                }
            }
            _ => continue,
        };
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, p)| p)
}

fn unit_code(unit: &str) -> Option<(&'static str, bool)> {
    Some(match unit {
        "Y" => ("Y", false),
        "M" => ("M", false),
        "W" => ("W", false),
        "D" => ("D", false),
        "H" => ("H", true),
        "MIN" => ("M", true),
        "S" => ("S", true),
        "DE" => ("DE", false),
        "CE" => ("CE", false),
        "Q" => ("Q", false),
        "WE" => ("WE", false),
        _ => return None,
    })
}

fn format_amount(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        let text = format!("{n:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The unit ten times smaller than a century or decade.
fn smaller_unit(unit: &str) -> Option<(&'static str, f64)> {
    match unit {
        "CE" => Some(("DE", 10.0)),
        "DE" => Some(("Y", 10.0)),
        _ => None,
    }
}

/// Days a duration of `n` units roughly spans (for "seit" intervals).
fn approx_days(unit: &str, n: f64) -> Option<i64> {
    let per = match unit {
        "Y" => 365.25,
        "M" => 30.44,
        "W" => 7.0,
        "D" => 1.0,
        "DE" => 3652.5,
        "Q" => 91.3,
        _ => return None,
    };
    let days = (n * per).round();
    (days.abs() < 1e7).then_some(days as i64)
}

/// Resolves one matched frame.
pub(crate) fn resolve(
    frame: &Frame,
    kind: Kind,
    tense: Tense,
    context: &Context,
    sentence: usize,
) -> Resolved {
    let expanded = expand_clock(frame);
    let frame = &expanded;
    let modifier = word(frame, Field::Modifier).map(str::to_string);
    let mut out = Resolved { value: String::new(), modifier, interval: None, anchor: None, point: None };

    // A recurrence named by its calendar granularity ("annually": `XXXX`,
    // TempEval-3's convention) has no anchor.
    if let (Kind::Set, Some(reference)) = (kind, word(frame, Field::Reference)) {
        out.value = reference.to_string();
        return out;
    }
    if let Some(reference) = word(frame, Field::Reference) {
        out.value = reference.to_string();
        if let Some(dct) = context.dct {
            let day = calendar::day_string(dct);
            out.anchor = Some("dct".into());
            out.interval = match reference {
                "PRESENT_REF" => Some((day.clone(), day)),
                _ => None,
            };
        }
        return out;
    }

    match kind {
        Kind::Duration => {
            duration(frame, context, &mut out);
            return out;
        }
        Kind::Set => {
            out.value = set_value(frame);
            return out;
        }
        Kind::Date | Kind::Time => {}
    }

    // In a narrative, "heute" is the narrator's present, not a day of the story.
    let unit = word(frame, Field::Unit);
    let shift = number(frame, Field::Shift).unwrap_or(0.0);
    // `anchor=story`: the previous expression in a narrative, the DCT in news
    // ("im Laufe des Tages").
    let explicit_previous = match word(frame, Field::Anchor) {
        Some("prev") => true,
        Some("story") => context.narrative,
        _ => false,
    };
    if context.narrative
        && unit == Some("D")
        && shift == 0.0
        && !has(frame, Field::Direction)
        && !explicit_previous
    {
        out.value = "PRESENT_REF".into();
        return out;
    }
    // The anchor a relative expression counts from: the previous expression
    // when the grammar says so, or in a narrative, where the DCT is far away.
    let mut use_previous =
        explicit_previous || (context.narrative && unit.is_some() && context.previous.is_some());
    // "im Laufe des Tages" after "Frühjahr 2026": in news the previous
    // expression is too coarse to count days from, so the DCT is meant.
    let previous_too_coarse =
        context.previous.as_ref().zip(unit).is_some_and(|((p, _, _), u)| calendar::unit_rank(u) > p.rank());
    if use_previous && previous_too_coarse && !context.narrative && context.dct.is_some() {
        use_previous = false;
    }
    let (anchor_day, anchor_name) = if use_previous {
        match &context.previous {
            Some((point, index, _)) => (point.start_day(), Some(format!("timex:{index}"))),
            None => (context.dct, context.dct.map(|_| "dct".to_string())),
        }
    } else {
        (context.dct, context.dct.map(|_| "dct".to_string()))
    };

    let point = absolute(frame, context).or_else(|| {
        let anchoring = Anchoring {
            day: anchor_day,
            use_previous,
            explicit_previous,
            used_previous: std::cell::Cell::new(false),
            used_next: std::cell::Cell::new(false),
        };
        let found = relative(frame, tense, context, sentence, &anchoring);
        let used_previous = anchoring.used_previous;
        if found.is_some() {
            out.anchor.clone_from(&anchor_name);
            if used_previous.get() && !use_previous {
                out.anchor = context.previous.as_ref().map(|(_, index, _)| format!("timex:{index}"));
            }
            if anchoring.used_next.get() {
                out.anchor = context.coordinated_year.map(|(_, index)| format!("timex:{index}"));
            }
            if out.anchor.is_none() {
                out.anchor = Some("dct".into());
            }
        }
        found
    });
    match point {
        Some(point) => {
            out.value = point.value();
            // "in der zweiten Hälfte des 19. Jahrhunderts": TIMEX3 has no
            // half of a century or decade; the value is the period with the
            // nearest modifier, the interval the half itself.
            let half = int(frame, Field::Half).filter(|h| (1..=2).contains(h));
            match half.filter(|_| matches!(point, Point::Century(_) | Point::Decade(_))) {
                Some(half) => {
                    let modifier = if half == 1 { "START" } else { "END" };
                    out.modifier.get_or_insert_with(|| modifier.to_string());
                    out.interval = point.half_interval(half == 2);
                }
                None => out.interval = point.interval(out.modifier.as_deref()),
            }
            out.point = Some(point);
        }
        None => out.value = unresolved(frame),
    }
    // An anchor is only named for expressions that needed one.
    if out.point.is_none() {
        out.anchor = None;
    }
    out
}

/// A shift by a fraction of a unit ("vor anderthalb Jahren") in the next
/// smaller unit that makes it whole (18 months); `None` when none does.
fn whole_shift(unit: &str, shift: f64) -> Option<(&str, i64)> {
    let mut unit = unit;
    let mut shift = shift;
    while shift.fract() != 0.0 {
        let (smaller, factor) = match unit {
            "CE" => ("DE", 10.0),
            "DE" => ("Y", 10.0),
            "Y" => ("M", 12.0),
            "W" => ("D", 7.0),
            "D" => ("H", 24.0),
            "H" => ("MIN", 60.0),
            _ => return None,
        };
        unit = smaller;
        shift *= factor;
    }
    (shift.abs() <= 100_000.0).then_some((unit, shift as i64))
}

/// Adds a rule's fraction (`frac=`) to the count, and turns a four-digit
/// clock time (`hm=`: "0241 GMT", "1630 hours") into hour and minute; a
/// number that is no clock time leaves the frame as it is.
fn expand_clock(frame: &Frame) -> Frame {
    let mut out = *frame;
    // "two and a half years": the fraction the rule adds to the count.
    if let (Some(n), Some(fraction)) = (number(frame, Field::Number), number(frame, Field::Fraction)) {
        if let Some(slot) = out.get_mut(Field::Number.index()) {
            *slot = Some(Value::Number(n + fraction));
        }
    }
    if let Some(clock) = int(frame, Field::Clock) {
        let (hour, minute) = (clock / 100, clock % 100);
        if (0..24).contains(&hour) && (0..60).contains(&minute) {
            for (field, value) in [(Field::Hour, hour), (Field::Minute, minute)] {
                if let Some(slot) = out.get_mut(field.index()) {
                    *slot = Some(Value::Number(value as f64));
                }
            }
        }
    }
    out
}

fn duration(frame: &Frame, context: &Context, out: &mut Resolved) {
    let mut unit = word(frame, Field::Unit).unwrap_or("D");
    let mut amount = number(frame, Field::Number);
    // "ein halbes Jahrhundert" is P5DE, "ein halbes Jahrzehnt" P5Y: a
    // fraction of a century or decade is written in the next smaller unit
    // when that makes it whole.
    while let (Some(n), Some((smaller, factor))) = (amount, smaller_unit(unit)) {
        if n.fract() == 0.0 || (n * factor).fract() != 0.0 {
            break;
        }
        amount = Some(n * factor);
        unit = smaller;
    }
    let (code, timed) = unit_code(unit).unwrap_or(("D", false));
    out.value = match amount.and_then(|n| mixed_duration(unit, n)) {
        Some(value) => value,
        None => {
            let amount_text = amount.map(format_amount).unwrap_or_else(|| "X".to_string());
            if timed {
                format!("PT{amount_text}{code}")
            } else {
                format!("P{amount_text}{code}")
            }
        }
    };
    // "seit drei Jahren": the span ending at the DCT.
    if has(frame, Field::Since) {
        if let (Some(dct), Some(n)) = (context.dct, amount) {
            if let Some(first) = approx_days(unit, n).and_then(|days| add_days(dct, -days)) {
                out.interval = Some((calendar::day_string(first), calendar::day_string(dct)));
                out.anchor = Some("dct".into());
            }
        }
    }
}

/// A fractional amount written in whole units, as ISO 8601 and the gold
/// corpora do: "anderthalb Jahre" `P1Y6M`, "half an hour" `PT30M`, "drei
/// dreiviertel Jahre" `P3Y9M`; `None` when the amount is whole or the
/// fraction is no whole number of the next smaller unit.
fn mixed_duration(unit: &str, n: f64) -> Option<String> {
    if n.fract() == 0.0 || !(0.0..1e6).contains(&n) {
        return None;
    }
    let (whole, smaller) = (n.trunc() as i64, n.fract());
    let (big, small, factor, timed_big, timed_small) = match unit {
        "Y" => ("Y", "M", 12.0, false, false),
        "D" => ("D", "H", 24.0, false, true),
        "H" => ("H", "M", 60.0, true, true),
        "MIN" => ("M", "S", 60.0, true, true),
        _ => return None,
    };
    let rest = smaller * factor;
    if (rest - rest.round()).abs() > 1e-9 {
        return None;
    }
    let rest = rest.round() as i64;
    let mut value = String::from("P");
    if whole > 0 {
        if timed_big {
            value.push('T');
        }
        value.push_str(&format!("{whole}{big}"));
    }
    if timed_small && !value.contains('T') {
        value.push('T');
    }
    value.push_str(&format!("{rest}{small}"));
    Some(value)
}

fn set_value(frame: &Frame) -> String {
    if let Some(wd) = int(frame, Field::Weekday) {
        let part = word(frame, Field::DayPart).map(|p| format!("T{p}")).unwrap_or_default();
        return format!("XXXX-WXX-{wd}{part}");
    }
    if let Some(part) = word(frame, Field::DayPart) {
        return format!("XXXX-XX-XXT{part}");
    }
    if let Some(season) = word(frame, Field::Season) {
        return format!("XXXX-{season}");
    }
    if let Some(month) = int(frame, Field::Month) {
        return format!("XXXX-{month:02}");
    }
    let unit = word(frame, Field::Unit).unwrap_or("D");
    let (code, timed) = unit_code(unit).unwrap_or(("D", false));
    let amount = number(frame, Field::Number).map(format_amount).unwrap_or_else(|| "1".into());
    if timed {
        format!("PT{amount}{code}")
    } else {
        format!("P{amount}{code}")
    }
}

/// The year a two-digit year means, close to the DCT.
fn full_year(two_digits: i64, context: &Context) -> i32 {
    let now = context.dct.map(|d| d.year()).unwrap_or(2000);
    let candidate = (now / 100) * 100 + two_digits as i32;
    if candidate > now + 10 {
        candidate - 100
    } else {
        candidate
    }
}

fn explicit_year(frame: &Frame, context: &Context) -> Option<i32> {
    let year = if let Some(y) = int(frame, Field::Year) {
        i32::try_from(y).ok()?
    } else {
        full_year(int(frame, Field::Year2)?, context)
    };
    if has(frame, Field::BeforeChrist) {
        Some(-year)
    } else {
        Some(year)
    }
}

/// Points fully given by the text (they carry a year, decade or century).
fn absolute(frame: &Frame, context: &Context) -> Option<Point> {
    let bc = has(frame, Field::BeforeChrist);
    if let Some(century) = int(frame, Field::Century) {
        let c = i32::try_from(century).ok()?;
        return Some(Point::Century(if bc { -(c - 1) } else { c - 1 }));
    }
    if let Some(decade) = int(frame, Field::Decade) {
        let mut d = i32::try_from(decade).ok()?;
        // "the 1999's": a year that is no decade's first is that year.
        if d >= 100 && d % 10 != 0 {
            return Some(Point::Year(if bc { -d } else { d }));
        }
        // "Anfang der 460er Jahre" in a story told before Christ (or written
        // "v. Chr."): a decade before Christ, written like its century.
        if (100..1000).contains(&d) && (bc || story_before_christ(context)) {
            return Some(Point::Decade(-(d / 10)));
        }
        // "the 50s", "die 20er Jahre": the latest such decade that has
        // begun by the DCT ("the 20s" in 2013 are the 1920s).
        if d < 100 {
            let now = context.dct.map(|day| day.year()).unwrap_or(2000);
            d += if 2000 + d <= now { 2000 } else { 1900 };
        }
        return Some(Point::Decade(d / 10));
    }
    let mut year = explicit_year(frame, context)?;
    // "im Jahr 478" in a story told in years before Christ is 478 BC too.
    if story_before_christ(context) && year > 0 && year < 1000 && !bc {
        year = -year;
    }
    within_year(frame, year, context)
}

/// The story's time lies before Christ (a year, decade or century).
fn story_before_christ(context: &Context) -> bool {
    context.previous.as_ref().is_some_and(|(p, _, _)| p.value().starts_with("BC"))
}

/// The most specific point the frame's fields give inside `year`.
fn within_year(frame: &Frame, year: i32, context: &Context) -> Option<Point> {
    if let Some(offset) = int(frame, Field::Easter) {
        let day = add_days(easter(year)?, offset)?;
        return Some(with_time(frame, day, context));
    }
    if let Some(month) = int(frame, Field::Month) {
        let month = u32::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        if let Some(day) = int(frame, Field::Day) {
            let date = ymd(year, month, u32::try_from(day).ok()?)?;
            return Some(with_time(frame, date, context));
        }
        // "am letzten Oktober-Wochenende": the weekend of the month's n-th Saturday.
        if let (Some("WE"), Some(nth)) = (word(frame, Field::Unit), int(frame, Field::Number)) {
            let saturday = nth_weekday(year, month, 6, nth)?;
            let week = saturday.iso_week();
            return Some(Point::Weekend(week.year(), week.week()));
        }
        // "Thanksgiving" (4th Thursday of November), "Memorial Day" (last Monday of May).
        if let (Some(weekday), Some(nth)) = (int(frame, Field::Weekday), int(frame, Field::Number)) {
            return nth_weekday(year, month, weekday, nth).map(|date| with_time(frame, date, context));
        }
        return Some(Point::Month(year, month));
    }
    if let Some(season) = word(frame, Field::Season).and_then(Season::parse) {
        return Some(Point::Season(year, season));
    }
    if let Some(q) =
        int(frame, Field::Quarter).and_then(|q| u32::try_from(q).ok()).filter(|q| (1..=4).contains(q))
    {
        return Some(Point::Quarter(year, q));
    }
    if let Some(h) =
        int(frame, Field::Half).and_then(|h| u32::try_from(h).ok()).filter(|h| (1..=2).contains(h))
    {
        return Some(Point::Half(year, h));
    }
    if let Some(w) =
        int(frame, Field::Week).and_then(|w| u32::try_from(w).ok()).filter(|w| (1..=53).contains(w))
    {
        NaiveDate::from_isoywd_opt(year, w, chrono::Weekday::Mon)?;
        return Some(Point::Week(year, w));
    }
    Some(Point::Year(year))
}

/// The `nth` (1-based; -1 = last) weekday of a month.
fn nth_weekday(year: i32, month: u32, weekday: i64, nth: i64) -> Option<NaiveDate> {
    let days: Vec<NaiveDate> = (1..=31)
        .filter_map(|day| ymd(year, month, day))
        .filter(|date| i64::from(weekday_number(*date)) == weekday)
        .collect();
    if nth < 0 {
        days.last().copied()
    } else {
        days.get(usize::try_from(nth).ok()?.checked_sub(1)?).copied()
    }
}

/// Adds a time of day (hour/minute or part of day) to a date when the frame has one.
fn with_time(frame: &Frame, date: NaiveDate, _context: &Context) -> Point {
    if let Some(hour) = int(frame, Field::Hour) {
        let mut hour = hour;
        if has(frame, Field::Pm) && hour < 12 {
            hour += 12;
        }
        let minute = int(frame, Field::Minute).unwrap_or(0);
        if (0..=24).contains(&hour) && (0..60).contains(&minute) {
            return Point::Minute(date, (hour % 24) as u32, minute as u32);
        }
    }
    if let Some(part) = word(frame, Field::DayPart) {
        if let Some(code) = ["MO", "MI", "AF", "EV", "NI"].into_iter().find(|c| *c == part) {
            return Point::DayPart(date, code);
        }
    }
    Point::Day(date)
}

/// The year a month or season without one belongs to, from the narrative.
fn narrative_year(context: &Context, sentence: usize) -> Option<i32> {
    let Some((point, _, at)) = context.previous.as_ref() else {
        return context.first_year.filter(|_| context.narrative);
    };
    let near = sentence == *at;
    if !near && context.narrative {
        if let Some(year) = context.section.as_ref().and_then(Point::year) {
            return Some(year);
        }
    }
    // News: only an explicit year in the same sentence ("im März 2024 und
    // im April") carries over; a year the previous expression was itself
    // resolved to is no evidence.
    let news_carry =
        near && context.previous_absolute && context.dct.is_none_or(|d| point.year() != Some(d.year()));
    if context.narrative {
        // After "im 18. Jahrhundert" (no year of its own) the story's last
        // year, not the DCT's.
        point.year().or(context.story_year).or(context.first_year)
    } else if news_carry {
        point.year()
    } else {
        None
    }
}

/// In a narrative, a year-less month or season in a phrase that reaches
/// ahead or back from the story's time picks its instance around that
/// time, not just in its year: "am 13. Dezember 1919 … bis Anfang Januar"
/// is the nearest January, the one after (`dir=coming`, `deadline`: not
/// always ahead — histories often sum up "bis zum 1. September" after the
/// 3rd); "seit Oktober" in February is the October before (`dir=latest`).
/// Needs a story time of a month or finer in that year; `None` otherwise.
fn story_instance(frame: &Frame, context: &Context, year: i32) -> Option<Point> {
    if !context.narrative {
        return None;
    }
    let mode = match word(frame, Field::Direction) {
        Some("coming" | "deadline") => Pick::Nearest,
        Some("latest") => Pick::LatestStarted,
        _ => return None,
    };
    let (point, _, _) = context.previous.as_ref()?;
    if point.rank() < 5 || point.year() != Some(year) {
        return None;
    }
    let reference = point.start_day()?;
    let candidates: Vec<Point> = (year.checked_sub(1)?..=year.checked_add(1)?)
        .filter_map(|y| within_year(frame, y, context))
        .collect();
    pick(candidates, reference, mode)
}

/// Years a story's range may span for [`within_story_range`] to look inside it.
const RANGE_MAX_YEARS: i32 = 10;

/// In a narrative whose last sentence spanned a period ("Die Blockade
/// dauerte vom 24. Juni 1948 bis zum 12. Mai 1949"), a year-less month,
/// day or season goes on telling that period, not the time after its end:
/// the instance inside the period ("In der Nacht zum 19. November" after
/// "vom 23. August 1942 bis zum 2. Februar 1943": 1942; the one of the
/// story's year when that is inside, the latest one otherwise), else the one
/// nearest to it ("die am 20. Juni in Kraft getreten war": 1948, four
/// days before the start). "seit" (`dir=latest`) looks back from the
/// start. Other directions are left to [`story_instance`].
fn within_story_range(frame: &Frame, context: &Context) -> Option<Point> {
    if !context.narrative {
        return None;
    }
    let (start, end) = context.range.as_ref()?;
    let (first, _) = start.days()?;
    let (_, last) = end.days()?;
    let (from, to) = (start.year()?, end.year()?);
    if to - from > RANGE_MAX_YEARS {
        return None;
    }
    match word(frame, Field::Direction) {
        None => {}
        Some("latest") => {
            let candidates =
                (from.checked_sub(1)?..=to).filter_map(|y| within_year(frame, y, context)).collect();
            return pick(candidates, first, Pick::LatestStarted);
        }
        Some(_) => return None,
    }
    let is_inside = |c: &Point| c.days().is_some_and(|(a, b)| a <= last && first <= b);
    // The story's own year, when that instance lies inside, needs no help.
    let story_year = context.previous.as_ref().and_then(|(p, _, _)| p.year())?;
    if within_year(frame, story_year, context).is_some_and(|c| is_inside(&c)) {
        return None;
    }
    let candidates: Vec<Point> = (from..=to).filter_map(|y| within_year(frame, y, context)).collect();
    let inside = candidates.iter().rfind(|c| is_inside(c)).cloned();
    if inside.is_some() {
        return inside;
    }
    let distance = |c: &Point| {
        let (a, b) = c.days()?;
        Some(if b < first { (first - b).num_days() } else { (a - last).num_days().abs() })
    };
    candidates
        .into_iter()
        .filter_map(|c| distance(&c).map(|d| (d, c)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// After a flashback ("Kornilow hatte im Juli 1917 geputscht" in a story
/// of February 1918), a year-less date that would lie before the flashback
/// in its year but after the story's time in the story's year ("am 10.
/// April") returns to the story: a narrative moves forward from the
/// story's time rather than backward from an aside.
fn back_from_flashback(frame: &Frame, context: &Context, year: i32) -> Option<Point> {
    let story = context.left_story.as_ref()?;
    let (flashback, _, _) = context.previous.as_ref()?;
    if flashback.year() != Some(year) {
        return None;
    }
    let in_flashback = within_year(frame, year, context)?;
    let returned = within_year(frame, story.year()?, context)?;
    let before_flashback = in_flashback.days()?.1 < flashback.start_day()?;
    let after_story = returned.start_day()? >= story.start_day()?;
    (before_flashback && after_story).then_some(returned)
}

/// How a relative expression is anchored.
struct Anchoring {
    /// The day it counts from (DCT or the previous expression's start).
    day: Option<NaiveDate>,
    /// Count units from the previous expression.
    use_previous: bool,
    /// The grammar asked for the previous expression (`anchor=prev`).
    explicit_previous: bool,
    /// Set when the resolution ended up using the previous expression.
    used_previous: std::cell::Cell<bool>,
    /// Set when it took the year of the coordinated next expression.
    used_next: std::cell::Cell<bool>,
}

fn relative(
    frame: &Frame,
    tense: Tense,
    context: &Context,
    sentence: usize,
    anchoring: &Anchoring,
) -> Option<Point> {
    let anchor = anchoring.day;
    let use_previous = anchoring.use_previous;
    let explicit_previous = anchoring.explicit_previous;
    let used_previous = &anchoring.used_previous;
    // "in der Nacht zu Freitag": a weekday with a day shift is the day
    // before (or after) that weekday, resolved below.
    let weekday_shift = match word(frame, Field::Unit) {
        Some("D") if has(frame, Field::Weekday) => int(frame, Field::Shift).filter(|s| s.abs() <= 7),
        _ => None,
    };
    // A weekend of a named month ("letzten Oktober-Wochenende") is no shift:
    // it is resolved with the month below.
    let month_weekend = word(frame, Field::Unit) == Some("WE") && has(frame, Field::Month);
    // Shifts by a unit: "gestern", "vor drei Jahren", "vier Jahre später".
    if let Some(unit) = word(frame, Field::Unit).filter(|_| weekday_shift.is_none() && !month_weekend) {
        let (unit, shift) = whole_shift(unit, number(frame, Field::Shift).unwrap_or(0.0))?;
        let base = if use_previous {
            context.previous.as_ref().map(|(p, _, _)| p.clone())
        } else {
            anchor.map(Point::Day)
        }?;
        // "am 4. Dezember 1917 … bei den Wahlen 1917 … am selben Tag": a day
        // counted from a bare year that contains the story's last day counts
        // from that day (a month is the story's time of its own).
        let base = match (&context.last_day, base.days()) {
            (Some(last), Some((first, end)))
                if use_previous
                    && base.rank() <= 2
                    && calendar::unit_rank(unit) > base.rank()
                    && last.day().is_some_and(|d| first <= d && d <= end) =>
            {
                last.clone()
            }
            _ => base,
        };
        let day = base.start_day().or(anchor)?;
        // A day counted from a year is some day of that year, no more.
        if use_previous && calendar::unit_rank(unit) > base.rank() && base.rank() >= 2 {
            let unit: &'static str = match unit {
                "D" => "D",
                "M" => "M",
                "W" | "WE" => "W",
                _ => return Some(base),
            };
            return Some(Point::Partial(Box::new(base), unit));
        }
        // "zwei Wochen später" after a day is a day again; "die folgende
        // Woche" (no count) is a week. Months and years keep the unit's
        // granularity, as TIMEX2 and WikiWarsDE do: "einen Monat später"
        // names a month, "neun Jahre später" a year, not a day.
        let counted = has(frame, Field::Number);
        if explicit_previous && counted && shift != 0 && base.day().is_some() && unit == "W" {
            let moved = add_days(day, shift.checked_mul(7)?)?;
            return Some(with_time(frame, moved, context));
        }
        return Some(match unit {
            "Y" => {
                let year = i32::try_from(i64::from(base.year().unwrap_or(day.year())) + shift).ok()?;
                within_year_relative(frame, year)
            }
            "DE" => Point::Decade(i32::try_from(i64::from(day.year() / 10) + shift).ok()?),
            "CE" => Point::Century(i32::try_from(i64::from(day.year() / 100) + shift).ok()?),
            "Q" => {
                let index = i64::from(day.year()) * 4 + i64::from(day.month0() / 3) + shift;
                Point::Quarter(i32::try_from(index.div_euclid(4)).ok()?, (index.rem_euclid(4) + 1) as u32)
            }
            "M" => {
                let moved = add_months(day, shift)?;
                Point::Month(moved.year(), moved.month())
            }
            "W" => {
                let moved = add_days(day, shift.checked_mul(7)?)?;
                let week = moved.iso_week();
                if let Some(wd) = int(frame, Field::Weekday).and_then(|w| u32::try_from(w).ok()) {
                    let monday = add_days(moved, -i64::from(weekday_number(moved) - 1))?;
                    return Some(with_time(frame, add_days(monday, i64::from(wd.clamp(1, 7)) - 1)?, context));
                }
                Point::Week(week.year(), week.week())
            }
            "WE" => {
                let weekend_of = |d: NaiveDate| {
                    let week = d.iso_week();
                    Point::Weekend(week.year(), week.week())
                };
                if shift != 0 {
                    weekend_of(add_days(day, shift.checked_mul(7)?)?)
                } else {
                    let candidates =
                        [-7, 0, 7].iter().filter_map(|o| add_days(day, *o)).map(weekend_of).collect();
                    pick(candidates, day, pick_mode(frame, tense))?
                }
            }
            "D" => with_time(frame, add_days(day, shift)?, context),
            "H" | "MIN" if context.dct_time.is_none() => {
                // Without a clock time only the day is known (the same day for short shifts).
                let hours = if unit == "H" { shift } else { shift / 60 };
                with_time(frame, add_days(day, hours.div_euclid(24))?, context)
            }
            "H" | "MIN" => {
                let (h, m) = context.dct_time?;
                let minutes = i64::from(h * 60 + m) + if unit == "H" { shift * 60 } else { shift };
                let moved = add_days(day, minutes.div_euclid(1440))?;
                let rest = minutes.rem_euclid(1440);
                Point::Minute(moved, (rest / 60) as u32, (rest % 60) as u32)
            }
            _ => return None,
        });
    }
    let dct = anchor;
    // "Samstag, 8. Februar": the day and month date it; the weekday only
    // helps to choose the year (below).
    let dated = has(frame, Field::Month) && has(frame, Field::Day);
    // A weekday: by tense around the anchor.
    if let Some(wd) = int(frame, Field::Weekday)
        .and_then(|w| u32::try_from(w).ok())
        .filter(|w| (1..=7).contains(w) && !dated)
    {
        // In a narrative the week is the story's, around the previous day;
        // with no day to count from the weekday stays unresolved. "Am
        // Montag darauf" (`anchor=prev`) counts from the previous day in news too.
        let reference = if context.narrative || explicit_previous {
            let day = context.previous.as_ref().and_then(|(p, _, _)| p.day())?;
            used_previous.set(true);
            day
        } else {
            dct?
        };
        // A story moves forward: its past tense is the telling's, so a bare
        // weekday after a day of the story is that day or the next such one.
        let mode = match word(frame, Field::Direction) {
            None if context.narrative => Pick::EarliestNotEnded,
            _ => pick_mode(frame, tense),
        };
        let candidates: Vec<Point> = (-7..=7)
            .filter_map(|offset| add_days(reference, offset))
            .filter(|d| weekday_number(*d) == wd)
            .map(Point::Day)
            .collect();
        let day = pick(candidates, reference, mode)?.day()?;
        let day = add_days(day, weekday_shift.unwrap_or(0))?;
        // "übernächsten Montag", "vorvergangenen Freitag": weeks beyond the
        // next (or last) one.
        let extra_weeks = match (weekday_shift, word(frame, Field::Unit), int(frame, Field::Shift)) {
            (None, None, Some(s)) if (2..=52).contains(&s.abs()) => s - s.signum(),
            _ => 0,
        };
        let day = add_days(day, extra_weeks * 7)?;
        return Some(with_time(frame, day, context));
    }
    // A month, season or holiday without a year.
    let month = int(frame, Field::Month).and_then(|m| u32::try_from(m).ok()).filter(|m| (1..=12).contains(m));
    let season = word(frame, Field::Season).and_then(Season::parse);
    let easter_offset = int(frame, Field::Easter);
    if month.is_some() || season.is_some() || easter_offset.is_some() {
        // "last June" counts from the DCT unless the document is a narrative.
        // ("vergangenen Herbst" without a DCT stays unresolved.)
        let deictic = matches!(word(frame, Field::Direction), Some("past" | "future" | "this"));
        if let Some((year, _)) = context.coordinated_year.filter(|_| !deictic) {
            anchoring.used_next.set(true);
            return within_year(frame, year, context);
        }
        let story_year = if deictic { None } else { narrative_year(context, sentence) };
        if let Some(year) = story_year {
            used_previous.set(true);
            if let Some(point) = within_story_range(frame, context) {
                return Some(point);
            }
            if let Some(point) = story_instance(frame, context, year) {
                return Some(point);
            }
            if let Some(point) = back_from_flashback(frame, context, year) {
                return Some(point);
            }
            return within_year(frame, year, context);
        }
        let reference = dct?;
        // "Samstag, 8. Februar": the one year around the DCT where that day
        // is that weekday.
        if let Some(wd) = int(frame, Field::Weekday).filter(|_| dated) {
            let mut fitting: Vec<Point> = (reference.year() - 1..=reference.year() + 1)
                .filter_map(|year| within_year(frame, year, context))
                .filter(|p| p.day().is_some_and(|d| i64::from(weekday_number(d)) == wd))
                .collect();
            if fitting.len() == 1 {
                return fitting.pop();
            }
        }
        let mode = pick_mode(frame, tense);
        // A day of a month chosen by tense is chosen by its month, as
        // HeidelTime does: "begins April 29" read as past in an article of
        // April 24 (a misread cue, reported speech) is still this April, and
        // "will be held on June 12" in one of June 15 this June.
        let by_tense = matches!(word(frame, Field::Direction), None | Some("deadline"));
        if dated && by_tense && matches!(mode, Pick::LatestStarted | Pick::EarliestNotEnded) {
            if let Some(month) = month {
                let months: Vec<Point> = (reference.year() - 1..=reference.year() + 1)
                    .map(|year| Point::Month(year, month))
                    .collect();
                if let Some(year) = pick(months, reference, mode).and_then(|p| p.year()) {
                    return within_year(frame, year, context);
                }
            }
        }
        // No tense and no direction: a month or holiday is the one in the
        // DCT's year (HeidelTime's news rule): "im Oktober" in March is the
        // coming October, "im Januar" the past January. Seasons straddle
        // years, so they keep the nearest one.
        if mode == Pick::Nearest && !has(frame, Field::Direction) && season.is_none() {
            return within_year(frame, reference.year(), context);
        }
        let candidates: Vec<Point> = (reference.year() - 1..=reference.year() + 1)
            .filter_map(|year| within_year(frame, year, context))
            .collect();
        return pick(candidates, reference, mode);
    }
    // "in der Nacht vom 5. zum 6. Januar 1918": the day takes the next
    // expression's month and is resolved as a day of that month (its year
    // too, when the next one names it).
    // (One level deep: the dated frame has a month, so the branch above takes it.)
    if let (Some((month, _)), true) =
        (context.coordinated_month, has(frame, Field::Day) && !has(frame, Field::Month))
    {
        let mut dated = *frame;
        if let Some(slot) = dated.get_mut(Field::Month.index()) {
            *slot = Some(Value::Number(month));
            return relative(&dated, tense, context, sentence, anchoring);
        }
    }
    // A day without a month ("in der Nacht vom 16."): the month of the previous expression.
    if let Some(day) = int(frame, Field::Day).and_then(|d| u32::try_from(d).ok()) {
        let (year, month) = match context.previous.as_ref().map(|(p, _, _)| p) {
            Some(Point::Month(y, m)) => (*y, *m),
            Some(p) if p.day().is_some() => {
                let d = p.day()?;
                (d.year(), d.month())
            }
            _ => (dct?.year(), dct?.month()),
        };
        return Some(with_time(frame, ymd(year, month, day)?, context));
    }
    // Quarter/half without a year: the anchor's year.
    if has(frame, Field::Quarter) || has(frame, Field::Half) {
        let year = narrative_year(context, sentence).or(dct.map(|d| d.year()))?;
        return within_year(frame, year, context);
    }
    // A bare time of day: on the previous expression's day when it is near, else the DCT.
    if has(frame, Field::Hour) || has(frame, Field::DayPart) {
        let near_previous = context
            .previous
            .as_ref()
            .filter(|(_, _, at)| context.narrative || sentence.saturating_sub(*at) <= BARE_TIME_REACH)
            .and_then(|(p, _, _)| p.day());
        used_previous.set(near_previous.is_some());
        // "während der Nacht und am Morgen": the morning after a night is the next day's.
        let after_night = matches!(context.previous.as_ref(), Some((Point::DayPart(_, "NI"), _, _)))
            && word(frame, Field::DayPart) == Some("MO")
            && !has(frame, Field::Hour);
        let near_previous =
            if after_night { near_previous.and_then(|d| add_days(d, 1)) } else { near_previous };
        let day = if context.narrative { near_previous? } else { near_previous.or(dct)? };
        return Some(with_time(frame, day, context));
    }
    None
}

/// Sentences back that a bare clock time or part of the day ("at 4:43
/// a.m.", "am Abend") looks for the day of the event just told ("The quake
/// struck on Sunday. … The first shock came at 4:43 a.m.").
const BARE_TIME_REACH: usize = 2;

/// "im nächsten Frühjahr", "Ende des Jahres": a shifted year with the frame's finer fields.
fn within_year_relative(frame: &Frame, year: i32) -> Point {
    let context = Context::default();
    within_year(frame, year, &context).unwrap_or(Point::Year(year))
}

/// The value of an expression that cannot be resolved (no DCT, no anchor).
fn unresolved(frame: &Frame) -> String {
    let part = word(frame, Field::DayPart).map(|p| format!("T{p}"));
    let clock = int(frame, Field::Hour).map(|h| {
        let h = if has(frame, Field::Pm) && h < 12 { h + 12 } else { h };
        format!("T{h:02}:{:02}", int(frame, Field::Minute).unwrap_or(0))
    });
    let time = clock.or(part).unwrap_or_default();
    // "Nacht zu Freitag" undated: Thursday night.
    if let (Some("D"), Some(wd), Some(shift)) =
        (word(frame, Field::Unit), int(frame, Field::Weekday), int(frame, Field::Shift))
    {
        if (1..=7).contains(&wd) && shift.abs() <= 7 {
            return format!("XXXX-WXX-{}{time}", (wd - 1 + shift).rem_euclid(7) + 1);
        }
    }
    if let Some(unit) = word(frame, Field::Unit) {
        return match unit {
            "Y" => "XXXX".into(),
            "M" => "XXXX-XX".into(),
            "W" => "XXXX-WXX".into(),
            "WE" => "XXXX-WXX-WE".into(),
            "Q" => "XXXX-QX".into(),
            "DE" => "XXX".into(),
            "CE" => "XX".into(),
            _ => format!("XXXX-XX-XX{time}"),
        };
    }
    if let Some(wd) = int(frame, Field::Weekday) {
        return format!("XXXX-WXX-{wd}{time}");
    }
    if let Some(month) = int(frame, Field::Month) {
        return match int(frame, Field::Day) {
            Some(day) => format!("XXXX-{month:02}-{day:02}{time}"),
            None => format!("XXXX-{month:02}"),
        };
    }
    if let Some(season) = word(frame, Field::Season) {
        return format!("XXXX-{season}");
    }
    if let Some(q) = int(frame, Field::Quarter) {
        return format!("XXXX-Q{q}");
    }
    format!("XXXX-XX-XX{time}")
}
