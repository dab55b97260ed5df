//! Calendar points and their arithmetic: a resolved time expression is a
//! [`Point`] of some granularity; it renders as a TIMEX3 value and an
//! inclusive `[earliest, latest]` interval.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Meteorological seasons, as TIMEX3 writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub(crate) fn parse(code: &str) -> Option<Season> {
        Some(match code {
            "SP" => Season::Spring,
            "SU" => Season::Summer,
            "FA" => Season::Fall,
            "WI" => Season::Winter,
            _ => return None,
        })
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }

    /// First month; winter starts in December of its year.
    fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

/// Parts of the day (TIMEX3 `MO`, `AF`, `EV`, `NI`, `MI` for midday).
pub(crate) fn day_part_hours(code: &str) -> Option<(u32, u32, u32, u32)> {
    Some(match code {
        "MO" => (6, 0, 11, 59),
        "MI" => (12, 0, 13, 59),
        "AF" => (12, 0, 17, 59),
        "EV" => (18, 0, 21, 59),
        "NI" => (22, 0, 23, 59),
        _ => return None,
    })
}

/// A resolved calendar point of some granularity.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Point {
    /// TIMEX3 century: 19 is 1900–1999.
    Century(i32),
    /// TIMEX3 decade: 199 is 1990–1999.
    Decade(i32),
    Year(i32),
    Half(i32, u32),
    Quarter(i32, u32),
    Season(i32, Season),
    Month(i32, u32),
    /// ISO year and week.
    Week(i32, u32),
    /// Saturday and Sunday of an ISO week.
    Weekend(i32, u32),
    Day(NaiveDate),
    DayPart(NaiveDate, &'static str),
    Minute(NaiveDate, u32, u32),
    /// A finer unit inside a coarser known period ("einen Tag später" after
    /// "1863"): `1863-XX-XX`, spanning the period.
    Partial(Box<Point>, &'static str),
}

/// Granularity of a unit code, comparable with [`Point::rank`].
pub(crate) fn unit_rank(unit: &str) -> u8 {
    match unit {
        "CE" => 0,
        "DE" => 1,
        "Y" => 2,
        "Q" => 4,
        "M" => 5,
        "W" => 6,
        "WE" => 7,
        "D" => 8,
        _ => 10,
    }
}

/// Formats a year as TIMEX3 writes it (`0480`, `BC0480`).
pub(crate) fn year_string(year: i32) -> String {
    if year < 0 {
        format!("BC{:04}", -year)
    } else {
        format!("{year:04}")
    }
}

fn signed_prefix(value: i32, width: usize) -> String {
    if value < 0 {
        format!("BC{:0width$}", -value)
    } else {
        format!("{value:0width$}")
    }
}

impl Point {
    /// The TIMEX3 value.
    pub(crate) fn value(&self) -> String {
        match self {
            Point::Century(c) => signed_prefix(*c, 2),
            Point::Decade(d) => signed_prefix(*d, 3),
            Point::Year(y) => year_string(*y),
            Point::Half(y, h) => format!("{}-H{h}", year_string(*y)),
            Point::Quarter(y, q) => format!("{}-Q{q}", year_string(*y)),
            Point::Season(y, s) => format!("{}-{}", year_string(*y), s.code()),
            Point::Month(y, m) => format!("{}-{m:02}", year_string(*y)),
            Point::Week(y, w) => format!("{}-W{w:02}", year_string(*y)),
            Point::Weekend(y, w) => format!("{}-W{w:02}-WE", year_string(*y)),
            Point::Day(d) => day_string(*d),
            Point::DayPart(d, part) => format!("{}T{part}", day_string(*d)),
            Point::Minute(d, h, m) => format!("{}T{h:02}:{m:02}", day_string(*d)),
            Point::Partial(base, unit) => match (base.year(), *unit) {
                (Some(y), "D") => format!("{}-XX-XX", year_string(y)),
                (Some(y), "M") => format!("{}-XX", year_string(y)),
                (Some(y), "W" | "WE") => format!("{}-WXX", year_string(y)),
                _ => base.value(),
            },
        }
    }

    /// Granularity: 0 (century) to 10 (minute).
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Point::Century(_) => 0,
            Point::Decade(_) => 1,
            Point::Year(_) => 2,
            Point::Half(..) => 3,
            Point::Quarter(..) | Point::Season(..) => 4,
            Point::Month(..) => 5,
            Point::Week(..) => 6,
            Point::Weekend(..) => 7,
            Point::Day(_) => 8,
            Point::DayPart(..) => 9,
            Point::Minute(..) => 10,
            Point::Partial(base, _) => base.rank(),
        }
    }

    /// First and last day covered.
    pub(crate) fn days(&self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Point::Century(c) => Some((ymd(c * 100, 1, 1)?, ymd(c * 100 + 99, 12, 31)?)),
            Point::Decade(d) => Some((ymd(d * 10, 1, 1)?, ymd(d * 10 + 9, 12, 31)?)),
            Point::Year(y) => Some((ymd(*y, 1, 1)?, ymd(*y, 12, 31)?)),
            Point::Half(y, h) => month_range(*y, (h.saturating_sub(1)) * 6 + 1, 6),
            Point::Quarter(y, q) => month_range(*y, (q.saturating_sub(1)) * 3 + 1, 3),
            Point::Season(y, s) => month_range(*y, s.first_month(), 3),
            Point::Month(y, m) => month_range(*y, *m, 1),
            Point::Week(y, w) => {
                let monday = NaiveDate::from_isoywd_opt(*y, *w, Weekday::Mon)?;
                Some((monday, monday.checked_add_signed(Duration::days(6))?))
            }
            Point::Weekend(y, w) => {
                let saturday = NaiveDate::from_isoywd_opt(*y, *w, Weekday::Sat)?;
                Some((saturday, saturday.checked_add_signed(Duration::days(1))?))
            }
            Point::Day(d) | Point::DayPart(d, _) | Point::Minute(d, _, _) => Some((*d, *d)),
            Point::Partial(base, _) => base.days(),
        }
    }

    /// `[earliest, latest]` as strings, narrowed by a START/MID/END modifier;
    /// `None` outside years 1–9999, which `YYYY-MM-DD` cannot write.
    pub(crate) fn interval(&self, modifier: Option<&str>) -> Option<(String, String)> {
        let (first, last) = self.days()?;
        if first.year() < 1 || last.year() > 9999 {
            return None;
        }
        match self {
            Point::DayPart(d, part) => {
                let (h1, m1, h2, m2) = day_part_hours(part)?;
                let day = day_string(*d);
                Some((format!("{day}T{h1:02}:{m1:02}"), format!("{day}T{h2:02}:{m2:02}")))
            }
            Point::Minute(..) => {
                let value = self.value();
                Some((value.clone(), value))
            }
            _ => {
                let (first, last) = self.days()?;
                let (first, last) = narrow(first, last, modifier);
                Some((day_string(first), day_string(last)))
            }
        }
    }

    /// `[earliest, latest]` of the first or second half of the period
    /// ("die zweite Hälfte des 19. Jahrhunderts": 1850–1899).
    pub(crate) fn half_interval(&self, second: bool) -> Option<(String, String)> {
        let (first, last) = self.days()?;
        if first.year() < 1 || last.year() > 9999 {
            return None;
        }
        let middle_year = first.year() + (last.year() - first.year() + 1) / 2;
        let (first, last) =
            if second { (ymd(middle_year, 1, 1)?, last) } else { (first, ymd(middle_year - 1, 12, 31)?) };
        Some((day_string(first), day_string(last)))
    }

    /// The day a relative expression anchored here counts from.
    pub(crate) fn start_day(&self) -> Option<NaiveDate> {
        self.days().map(|(first, _)| first)
    }

    /// The year the point lies in (start).
    pub(crate) fn year(&self) -> Option<i32> {
        match self {
            Point::Century(_) | Point::Decade(_) => None,
            Point::Year(y)
            | Point::Half(y, _)
            | Point::Quarter(y, _)
            | Point::Season(y, _)
            | Point::Month(y, _) => Some(*y),
            Point::Week(..) | Point::Weekend(..) | Point::Day(_) | Point::DayPart(..) | Point::Minute(..) => {
                self.start_day().map(|d| d.year())
            }
            Point::Partial(base, _) => base.year(),
        }
    }

    /// The point is a single day or finer.
    pub(crate) fn day(&self) -> Option<NaiveDate> {
        match self {
            Point::Day(d) | Point::DayPart(d, _) | Point::Minute(d, _, _) => Some(*d),
            _ => None,
        }
    }
}

/// Narrows a day range to its first, middle or last third.
pub(crate) fn narrow(first: NaiveDate, last: NaiveDate, modifier: Option<&str>) -> (NaiveDate, NaiveDate) {
    let length = (last - first).num_days() + 1;
    let third = (length / 3).max(1);
    let shift = |d: NaiveDate, n: i64| d.checked_add_signed(Duration::days(n)).unwrap_or(d);
    match modifier {
        Some("START") => (first, shift(first, third - 1)),
        Some("MID") => (shift(first, third), shift(last, -third)),
        Some("END") => (shift(last, -(third - 1)), last),
        _ => (first, last),
    }
}

/// `YYYY-MM-DD`.
pub(crate) fn day_string(date: NaiveDate) -> String {
    let year = date.year();
    if year < 0 {
        format!("{}-{:02}-{:02}", year_string(year), date.month(), date.day())
    } else {
        format!("{year:04}-{:02}-{:02}", date.month(), date.day())
    }
}

pub(crate) fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month_range(year: i32, month: u32, months: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = ymd(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(months))?;
    Some((first, next.pred_opt()?))
}

/// Moves a date by whole months, clamping the day (31 Jan + 1 month = 28/29 Feb).
pub(crate) fn add_months(date: NaiveDate, months: i64) -> Option<NaiveDate> {
    let magnitude = u32::try_from(months.unsigned_abs()).ok()?;
    if months >= 0 {
        date.checked_add_months(chrono::Months::new(magnitude))
    } else {
        date.checked_sub_months(chrono::Months::new(magnitude))
    }
}

/// Adds days, `None` outside the calendar.
pub(crate) fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(Duration::try_days(days)?)
}

/// Easter Sunday (Gregorian, anonymous algorithm).
pub(crate) fn easter(year: i32) -> Option<NaiveDate> {
    if year <= 0 {
        return None;
    }
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Weekday from 1 (Monday) to 7 (Sunday).
pub(crate) fn weekday_number(date: NaiveDate) -> u32 {
    date.weekday().number_from_monday()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2025), ymd(2025, 4, 20));
        assert_eq!(easter(2024), ymd(2024, 3, 31));
        assert_eq!(easter(0), None);
    }

    #[test]
    fn values_and_intervals() {
        assert_eq!(Point::Century(19).value(), "19");
        assert_eq!(Point::Century(19).interval(None), Some(("1900-01-01".into(), "1999-12-31".into())));
        assert_eq!(Point::Season(1940, Season::Fall).value(), "1940-FA");
        assert_eq!(
            Point::Season(2024, Season::Winter).interval(None),
            Some(("2024-12-01".into(), "2025-02-28".into()))
        );
        assert_eq!(
            Point::Month(2025, 2).interval(Some("END")),
            Some(("2025-02-20".into(), "2025-02-28".into()))
        );
        assert_eq!(Point::Week(2025, 7).interval(None), Some(("2025-02-10".into(), "2025-02-16".into())));
        assert_eq!(Point::Year(-490).value(), "BC0490");
        assert_eq!(Point::Century(-7).value(), "BC07");
    }
}
