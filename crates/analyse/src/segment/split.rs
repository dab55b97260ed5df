//! Sentence boundaries over raw pieces, and the period decisions that the
//! token view shares with them.
//!
//! A boundary can only follow a terminal mark ("." "!" "?" "…"), a dotted
//! abbreviation, or a line break. Whether a period ends a sentence is decided
//! from the piece before it (abbreviation, initial, ordinal number, plain
//! word) and the next word (lower case, a sentence-starter word such as "Die"
//! or "The", a month name, another capitalised word, a number, a quote).

use super::rules::{AbbrevKind, Lang, Table};
use super::scan::{char_at, is_opening_only_quote, Raw, RawKind};
use wirewatch_model::Sentence;

/// What follows a candidate boundary, as far as the decision needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    /// A word starting with a lower-case letter.
    Lower,
    /// A capitalised function word that usually starts a sentence ("Die", "The").
    Starter,
    /// A month name ("Februar", "Sept").
    Month,
    /// Any other capitalised word.
    Capital,
    /// A number, or a word starting with a digit.
    Number,
    /// An opening quote.
    Opening,
    /// An opening bracket.
    Bracket,
    /// A dash followed by something other than a lower-case word: in
    /// transcripts and news a new turn or segment ("… beschlossen. – Dann …").
    Dash,
    /// Punctuation that continues a sentence (",", ")", "–", another terminal).
    Continuation,
    /// A symbol or a link.
    Other,
}

/// True when a new sentence may start with `next` after a plain full stop.
fn starts_sentence(next: Next) -> bool {
    matches!(
        next,
        Next::Starter
            | Next::Month
            | Next::Capital
            | Next::Number
            | Next::Opening
            | Next::Bracket
            | Next::Dash
            | Next::Other
    )
}

/// The sentences of `text` given its raw pieces (in order, whole text).
pub fn split(text: &str, raws: &[Raw], table: &Table, lang: Lang) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    // Brackets opened after the sentence's first piece and not yet closed: a
    // "?" or "." closing such an aside ("500 (verunsicherte?) Kunden") does not
    // end the sentence around it.
    let mut open_inside = 0usize;
    let mut i = 0;
    while let Some(raw) = raws.get(i) {
        let mut last = i;
        let mut boundary = false;
        if is_candidate(text, raw) {
            last = absorb_closers(text, raws, i);
            let closes_aside = open_inside > 0
                && raws
                    .get(i + 1..=last)
                    .is_some_and(|closers| closers.iter().any(|c| c.kind == RawKind::Close));
            boundary = !closes_aside && ends_sentence(text, raws, i, last, table, lang);
        }
        for (index, piece) in raws.iter().enumerate().take(last + 1).skip(i) {
            match piece.kind {
                RawKind::Open if index > first => open_inside += 1,
                RawKind::Close => open_inside = open_inside.saturating_sub(1),
                _ => {}
            }
        }
        if let (Some(a), Some(b)) = (raws.get(last), raws.get(last + 1)) {
            boundary = boundary || line_break(text, a, b);
        } else {
            boundary = true;
        }
        if boundary {
            if let (Some(start), Some(end)) = (raws.get(first), raws.get(last)) {
                out.push(Sentence { start: start.start, end: end.end });
            }
            first = last + 1;
            open_inside = 0;
        }
        i = last + 1;
    }
    out
}

fn is_candidate(text: &str, raw: &Raw) -> bool {
    match raw.kind {
        RawKind::Terminal => true,
        RawKind::Compact => text.get(raw.start..raw.end).is_some_and(|s| s.ends_with('.')),
        _ => false,
    }
}

/// Index of the last closing quote or bracket glued to the terminal at `t`
/// (`„Wir kommen.“`, `(Siehe oben.)`), or `t` when none follows.
pub fn absorb_closers(text: &str, raws: &[Raw], t: usize) -> usize {
    let mut j = t;
    while let (Some(current), Some(next)) = (raws.get(j), raws.get(j + 1)) {
        let glued = next.start == current.end;
        let closer = match next.kind {
            RawKind::Close => true,
            RawKind::Quote => char_at(text, next.start).is_some_and(|c| !is_opening_only_quote(c)),
            _ => false,
        };
        if !(glued && closer) {
            break;
        }
        j += 1;
    }
    j
}

/// Counts line breaks in `gap`; a paragraph separator counts as two.
fn newlines(gap: &str) -> usize {
    let mut count = 0;
    let mut previous = '\0';
    for c in gap.chars() {
        count += match c {
            '\n' if previous == '\r' => 0,
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' => 1,
            '\u{2029}' => 2,
            _ => 0,
        };
        previous = c;
    }
    count
}

/// A line break between `a` and `b` that ends a sentence: always a blank line,
/// a single one unless the text is merely wrapped (a lower-case word continues
/// after a word, number or comma).
fn line_break(text: &str, a: &Raw, b: &Raw) -> bool {
    let gap = text.get(a.end..b.start).unwrap_or("");
    match newlines(gap) {
        0 => false,
        1 => {
            let wrapped_after =
                matches!(a.kind, RawKind::Word | RawKind::Number | RawKind::Clause | RawKind::Compact);
            let lower_next =
                b.kind == RawKind::Word && char_at(text, b.start).is_some_and(char::is_lowercase);
            !(wrapped_after && lower_next)
        }
        _ => true,
    }
}

/// What the piece at `n` means for a boundary before it. A dash is judged by
/// the piece after it, looked at without going further (no recursion).
fn classify(text: &str, raws: &[Raw], n: usize, table: &Table) -> Next {
    let Some(raw) = raws.get(n) else { return Next::Other };
    if raw.kind != RawKind::Dash {
        return classify_piece(text, raws, n, table);
    }
    match raws.get(n + 1).map(|_| classify_piece(text, raws, n + 1, table)) {
        // "– rief er" continues; a dash at the very end continues too.
        None | Some(Next::Lower | Next::Continuation) => Next::Continuation,
        Some(_) => Next::Dash,
    }
}

/// [`classify`] for one piece; a dash counts as continuing punctuation.
fn classify_piece(text: &str, raws: &[Raw], n: usize, table: &Table) -> Next {
    let Some(raw) = raws.get(n) else { return Next::Other };
    let piece = text.get(raw.start..raw.end).unwrap_or("");
    match raw.kind {
        RawKind::Word | RawKind::Compact => {
            let Some(first) = piece.chars().next() else { return Next::Other };
            if first.is_numeric() {
                Next::Number
            } else if first.is_lowercase() {
                Next::Lower
            } else if !first.is_uppercase() && !matches!(first, 'ǅ' | 'ǈ' | 'ǋ' | 'ǲ') {
                Next::Other
            } else if table.months.contains(piece) {
                Next::Month
            } else if table.starters.contains(piece) && !is_initial(text, raws, n) {
                Next::Starter
            } else {
                Next::Capital
            }
        }
        RawKind::Number => Next::Number,
        RawKind::Quote => Next::Opening,
        RawKind::Open => Next::Bracket,
        RawKind::Clause | RawKind::Close | RawKind::Terminal | RawKind::Dash => Next::Continuation,
        RawKind::Link | RawKind::Symbol => Next::Other,
    }
}

/// A single letter glued to a period: an initial ("J. D. Vance") or part of
/// a spaced abbreviation ("z. B.").
fn is_initial(text: &str, raws: &[Raw], n: usize) -> bool {
    let (Some(word), Some(dot)) = (raws.get(n), raws.get(n + 1)) else { return false };
    word.kind == RawKind::Word
        && text.get(word.start..word.end).is_some_and(|w| w.chars().count() == 1)
        && dot.kind == RawKind::Terminal
        && dot.start == word.end
        && text.get(dot.start..dot.end) == Some(".")
}

/// Does the candidate at `t` (with closers up to `last`) end a sentence?
pub fn ends_sentence(text: &str, raws: &[Raw], t: usize, last: usize, table: &Table, lang: Lang) -> bool {
    let (Some(term), Some(closing), Some(after)) = (raws.get(t), raws.get(last), raws.get(last + 1)) else {
        return true;
    };
    let gap = text.get(closing.end..after.start).unwrap_or("");
    if gap.is_empty() {
        // "3.Oktober" is handled by the scanner; "Ende.Der" or "!)" glued on: no boundary.
        return false;
    }
    if newlines(gap) > 0 {
        return true;
    }
    let next = classify(text, raws, last + 1, table);
    let mark = text.get(term.start..term.end).unwrap_or("");
    // English capitalises only names and sentence starts, so a lower-case
    // abbreviation ("p.m.", "etc.") before a capitalised word that is no
    // acronym ("EST") ends the sentence: "at 6 p.m. Police said".
    let english_capital_after = |abbreviation: &str| {
        lang == Lang::English
            && next == Next::Capital
            && abbreviation.starts_with(|c: char| c.is_lowercase())
            && raws
                .get(last + 1)
                .and_then(|n| text.get(n.start..n.end))
                .is_some_and(|word| word.chars().any(char::is_lowercase))
    };
    if term.kind == RawKind::Compact {
        let kind = table.abbreviation(mark).unwrap_or(AbbrevKind::MayEnd);
        return (kind == AbbrevKind::MayEnd && english_capital_after(mark)) || abbreviation_ends(kind, next);
    }
    if mark.chars().any(|c| matches!(c, '!' | '?' | '‽' | '⁉' | '⁈' | '⁇' | '。' | '！' | '？')) {
        return starts_sentence(next);
    }
    if mark != "." {
        return ellipsis_ends(raws, t, next, lang);
    }
    match period_role(text, raws, t, table) {
        PeriodRole::Abbreviation(kind) => {
            let word = t.checked_sub(1).and_then(|p| raws.get(p)).and_then(|p| text.get(p.start..p.end));
            (kind == AbbrevKind::MayEnd && english_capital_after(word.unwrap_or("")))
                || abbreviation_ends(kind, next)
        }
        PeriodRole::Initial => matches!(next, Next::Starter | Next::Opening),
        PeriodRole::Ordinal => ordinal_ends(next, lang),
        PeriodRole::ListMarker => false,
        PeriodRole::FullStop => starts_sentence(next),
    }
}

fn abbreviation_ends(kind: AbbrevKind, next: Next) -> bool {
    match kind {
        AbbrevKind::Inner => false,
        AbbrevKind::BeforeNumber => next != Next::Number && starts_sentence(next),
        AbbrevKind::MayEnd => matches!(next, Next::Starter | Next::Opening),
    }
}

/// After "22.": a date or ordinal continues ("22. Februar", "19. Jahrhundert"
/// in German), a function word starts a new sentence ("Platz 3. Danach").
fn ordinal_ends(next: Next, lang: Lang) -> bool {
    match next {
        Next::Starter | Next::Opening | Next::Bracket | Next::Other => true,
        Next::Capital => lang == Lang::English,
        // "am 3. – 5. Mai": a range, not a new turn.
        Next::Number | Next::Month | Next::Lower | Next::Continuation | Next::Dash => false,
    }
}

/// After "…": only a clear sentence start ends the sentence; an omission
/// mark in brackets ("[…]") never does.
fn ellipsis_ends(raws: &[Raw], t: usize, next: Next, lang: Lang) -> bool {
    let in_brackets = t
        .checked_sub(1)
        .and_then(|p| raws.get(p))
        .zip(raws.get(t))
        .is_some_and(|(prev, term)| prev.kind == RawKind::Open && prev.end == term.start);
    if in_brackets {
        return false;
    }
    match next {
        Next::Starter | Next::Opening => true,
        Next::Capital | Next::Month => lang == Lang::English,
        _ => false,
    }
}

/// What a period glued to the piece before it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodRole {
    /// The end of a listed abbreviation.
    Abbreviation(AbbrevKind),
    /// After a single letter.
    Initial,
    /// After a small number or a Roman numeral: "22.", "15.08.", "XIV.".
    Ordinal,
    /// An ordinal that opens a sentence or follows a colon: a list item
    /// ("Zwei Gründe: 1. Die Kosten …"), never a sentence end.
    ListMarker,
    /// An ordinary full stop.
    FullStop,
}

/// The role of the period piece at `t` ("." alone), judged from the piece before it.
pub fn period_role(text: &str, raws: &[Raw], t: usize, table: &Table) -> PeriodRole {
    let Some(prev_index) = t.checked_sub(1) else { return PeriodRole::FullStop };
    let (Some(prev), Some(term)) = (raws.get(prev_index), raws.get(t)) else { return PeriodRole::FullStop };
    if prev.end != term.start {
        return PeriodRole::FullStop;
    }
    let piece = text.get(prev.start..prev.end).unwrap_or("");
    match prev.kind {
        RawKind::Word => {
            if let Some(kind) = chain_abbreviation(text, raws, prev_index, table) {
                return PeriodRole::Abbreviation(kind);
            }
            let mut chars = piece.chars();
            let single = chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
            if single {
                PeriodRole::Initial
            } else if is_roman(piece) {
                PeriodRole::Ordinal
            } else {
                PeriodRole::FullStop
            }
        }
        RawKind::Number if is_ordinal_number(piece) => {
            if opens_item(text, raws, prev_index, table) {
                PeriodRole::ListMarker
            } else {
                PeriodRole::Ordinal
            }
        }
        _ => PeriodRole::FullStop,
    }
}

/// Does the piece at `n` open a sentence or list item: first in the text,
/// after a line break, a colon, or a mark that plainly ends a sentence?
fn opens_item(text: &str, raws: &[Raw], n: usize, table: &Table) -> bool {
    let Some(before_index) = n.checked_sub(1) else { return true };
    let (Some(before), Some(piece)) = (raws.get(before_index), raws.get(n)) else { return false };
    let gap = text.get(before.end..piece.start).unwrap_or("");
    let mark = text.get(before.start..before.end).unwrap_or("");
    newlines(gap) > 0
        || (before.kind == RawKind::Clause && mark == ":" && !gap.is_empty())
        || (before.kind == RawKind::Terminal && plainly_ends(text, raws, before_index, mark, table))
}

/// A terminal mark that ends a sentence whatever follows: "!" or "?", or a
/// period after an ordinary word (not an abbreviation, initial or number).
/// Deliberately shallow: it never looks further back, so chains such as
/// "1. 2. 3." cannot make it recurse.
fn plainly_ends(text: &str, raws: &[Raw], t: usize, mark: &str, table: &Table) -> bool {
    if mark.contains(['!', '?']) {
        return true;
    }
    if mark != "." {
        return false;
    }
    let Some(prev_index) = t.checked_sub(1) else { return false };
    let (Some(prev), Some(term)) = (raws.get(prev_index), raws.get(t)) else { return false };
    let word = text.get(prev.start..prev.end).unwrap_or("");
    prev.kind == RawKind::Word
        && prev.end == term.start
        && word.chars().nth(1).is_some()
        && !is_roman(word)
        && chain_abbreviation(text, raws, prev_index, table).is_none()
}

fn is_roman(word: &str) -> bool {
    (2..=5).contains(&word.len())
        && word.bytes().all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'))
}

/// "3", "22", "115" (an ordinal's digits) or "15.08" (day and month).
fn is_ordinal_number(number: &str) -> bool {
    let short_digits =
        |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit());
    match number.split_once('.') {
        None => short_digits(number, 3),
        Some((day, month)) => short_digits(day, 2) && short_digits(month, 2),
    }
}

/// The listed abbreviation ending with the word at `w` and the period after
/// it, trying spaced multi-part forms first ("i. d. R.", "z. B.", "v. Chr.").
pub fn chain_abbreviation(text: &str, raws: &[Raw], w: usize, table: &Table) -> Option<AbbrevKind> {
    const MAX_PARTS: usize = 4;
    let mut parts: Vec<&str> = Vec::with_capacity(MAX_PARTS);
    let word = raws.get(w)?;
    parts.push(text.get(word.start..word.end)?);
    let mut current = w;
    while parts.len() < MAX_PARTS && current >= 2 {
        let (Some(dot), Some(before)) = (raws.get(current - 1), raws.get(current - 2)) else { break };
        let gap = text.get(dot.end..raws.get(current)?.start).unwrap_or("\n");
        let piece = text.get(before.start..before.end).unwrap_or("");
        let linked = dot.kind == RawKind::Terminal
            && text.get(dot.start..dot.end) == Some(".")
            && before.kind == RawKind::Word
            && before.end == dot.start
            && (gap.is_empty() || gap == " " || gap == "\u{a0}" || gap == "\u{202f}")
            && piece.chars().count() <= 3;
        if !linked {
            break;
        }
        parts.push(piece);
        current -= 2;
    }
    // Capitalised only because a sentence may start here ("Ca. 300 kamen"):
    // the lower-case entry applies. Elsewhere "Max." stays a name, not "max.".
    let sentence_initial = |take: usize| {
        (w + 2)
            .checked_sub(2 * take + 1)
            .and_then(|p| raws.get(p))
            .is_none_or(|before| matches!(before.kind, RawKind::Terminal | RawKind::Quote | RawKind::Open))
    };
    let mut key = String::new();
    for take in (1..=parts.len()).rev() {
        key.clear();
        for part in parts.iter().take(take).rev() {
            key.push_str(part);
            key.push('.');
        }
        if let Some(kind) = table.abbreviation(&key) {
            return Some(kind);
        }
        if sentence_initial(take) {
            if let Some(kind) = lower_first(&key).and_then(|lowered| table.abbreviation(&lowered)) {
                return Some(kind);
            }
        }
    }
    None
}

/// `key` with its first letter in lower case, when that changes it.
fn lower_first(key: &str) -> Option<String> {
    let mut chars = key.chars();
    let first = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let mut lowered: String = first.to_lowercase().collect();
    lowered.push_str(chars.as_str());
    Some(lowered)
}
