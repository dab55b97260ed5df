//! Tokenising and pattern matching: the language-agnostic engine.
//!
//! Tokens are looked up once in the lexicon (a hash map); a rule is tried
//! only where a token can start it (index by literal, class or digits), so
//! the work per token is a handful of short comparisons, never a scan of
//! every rule over every sentence.

use super::grammar::{Atom, Entry, Field, Grammar, Rule, Value, FIELD_COUNT};

/// A token of the tagger's own tokenisation: letter runs, digit runs and
/// single other characters, with the layout facts rules need.
#[derive(Debug)]
pub(crate) struct Tok<'g> {
    pub start: usize,
    pub end: usize,
    pub lower: String,
    /// First character is upper-case.
    pub capitalised: bool,
    /// Whitespace separates it from the previous token.
    pub space_before: bool,
    /// A line break (or the text start) precedes it: matches never cross it.
    pub line_start: bool,
    /// A sentence starts here (from the segmenter or after end punctuation).
    pub sentence_start: bool,
    /// The value of an all-digit token (up to 9 digits) and its width.
    pub digits: Option<(u32, u8)>,
    /// Lexicon entries for the lower-cased form.
    pub entries: &'g [Entry],
}

/// The fields a match has assigned so far.
pub(crate) type Frame = [Option<Value>; FIELD_COUNT];

/// An empty frame.
pub(crate) fn empty_frame() -> Frame {
    [None; FIELD_COUNT]
}

/// Splits `text` into tokens and looks them up; `sentence_starts` are byte
/// offsets where the segmenter starts sentences.
pub(crate) fn tokenize<'g>(text: &str, grammar: &'g Grammar, sentence_starts: &[usize]) -> Vec<Tok<'g>> {
    let mut out: Vec<Tok<'g>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut space = true;
    let mut newline = true;
    while let Some((start, ch)) = chars.next() {
        if ch.is_whitespace() {
            space = true;
            if ch == '\n' || ch == '\r' || ch == '\u{2029}' || ch == '\u{2028}' {
                newline = true;
            }
            continue;
        }
        let mut end = start + ch.len_utf8();
        let is_digit = ch.is_ascii_digit();
        let is_letter = ch.is_alphabetic();
        if is_digit || is_letter {
            while let Some(&(i, next)) = chars.peek() {
                let same =
                    if is_digit { next.is_ascii_digit() } else { next.is_alphabetic() || next == '\u{AD}' };
                if !same {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
        }
        let Some(surface) = text.get(start..end) else { continue };
        let lower: String = surface.chars().filter(|c| *c != '\u{AD}').flat_map(char::to_lowercase).collect();
        let digits = if is_digit && surface.len() <= 9 {
            surface.parse::<u32>().ok().map(|v| (v, surface.len() as u8))
        } else {
            None
        };
        // A period after a number is an ordinal ("17. Juni"), not a sentence end,
        // whatever the segmenter said.
        let after_ordinal = out.len() >= 2
            && out.last().is_some_and(|t| t.lower == ".")
            && out.get(out.len() - 2).is_some_and(|t| t.digits.is_some());
        let previous_ends_sentence = out.last().is_some_and(|t| {
            matches!(t.lower.as_str(), "." | "!" | "?" | ":" | "\"" | "„" | "“" | "»" | "«")
        });
        let sentence_start = newline
            || (!after_ordinal && (previous_ends_sentence || sentence_starts.binary_search(&start).is_ok()));
        let entries = match grammar.words.get(&lower) {
            Some(entries) => entries.as_slice(),
            // A capitalised compound (a noun) takes the entries of a listed
            // ending ("Befreiungskrieg": "-krieg"); other words are not scanned.
            None if ch.is_uppercase()
                && matches!(lower.as_bytes(), [.., a, b] if grammar.suffix_tails.contains(&[*a, *b])) =>
            {
                grammar
                    .suffixes
                    .iter()
                    .find(|(ending, _)| lower.len() > ending.len() && lower.ends_with(ending.as_str()))
                    .map_or(&[][..], |(_, entries)| entries.as_slice())
            }
            None => &[],
        };
        out.push(Tok {
            start,
            end,
            capitalised: ch.is_uppercase(),
            space_before: space,
            line_start: newline,
            sentence_start,
            digits,
            entries,
            lower,
        });
        space = false;
        newline = false;
    }
    out
}

/// A rule that matched: tokens `[first, end)` and the frame it filled.
#[derive(Debug)]
pub(crate) struct Match {
    pub first: usize,
    pub end: usize,
    /// Tokens `[span.0, span.1)` form the expression (context elements excluded).
    pub span: (usize, usize),
    pub rule: usize,
    pub frame: Frame,
}

/// Marks tokens that a veto declares not to be time expressions.
pub(crate) fn vetoed(grammar: &Grammar, toks: &[Tok<'_>]) -> Vec<bool> {
    let mut blocked = vec![false; toks.len()];
    let none = vec![false; toks.len()];
    let mut path = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    let index = &grammar.veto_starts;
    for (pos, tok) in toks.iter().enumerate() {
        // Only the vetoes this token can start (most start with a word or a digit).
        candidates.clear();
        if let Some(list) = index.by_literal.get(&tok.lower) {
            candidates.extend_from_slice(list);
        }
        for entry in tok.entries {
            if let Some(list) = index.by_class.get(&entry.class) {
                candidates.extend_from_slice(list);
            }
        }
        if tok.digits.is_some() {
            candidates.extend_from_slice(&index.by_digits);
        }
        candidates.extend_from_slice(&index.by_any);
        candidates.sort_unstable();
        candidates.dedup();
        for veto in candidates.iter().filter_map(|&number| grammar.vetoes.get(number)) {
            path.clear();
            let mut frame = empty_frame();
            if match_elements(veto, toks, &none, 0, pos, pos, &mut frame, &mut path).is_some() {
                for &(element, token) in &path {
                    if veto.elements.get(element).is_some_and(|e| e.focus) {
                        if let Some(slot) = blocked.get_mut(token) {
                            *slot = true;
                        }
                    }
                }
            }
        }
    }
    blocked
}

/// All non-overlapping matches, left to right, longest first at each position.
pub(crate) fn find_matches(grammar: &Grammar, toks: &[Tok<'_>], blocked: &[bool]) -> Vec<Match> {
    let mut out = Vec::new();
    let mut scratch = Scratch::default();
    let mut pos = 0;
    while pos < toks.len() {
        match best_at(grammar, toks, blocked, pos, &mut scratch) {
            Some((found, path)) => {
                // A match that starts with context ("seit Februar") must not
                // cut a longer expression that starts where its span does
                // ("Februar 2022"): then the longer one is taken instead.
                if found.span.0 > pos {
                    if let Some((inner, _)) = best_at(grammar, toks, blocked, found.span.0, &mut scratch) {
                        if inner.end > found.end {
                            pos = found.span.0;
                            continue;
                        }
                    }
                }
                pos = found.end;
                match split(found, &path) {
                    (first, Some(second)) => {
                        out.push(first);
                        out.push(second);
                    }
                    (only, None) => out.push(only),
                }
            }
            None => pos += 1,
        }
    }
    out
}

/// Reusable buffers for [`best_at`].
#[derive(Default)]
struct Scratch {
    candidates: Vec<usize>,
    path: Vec<(usize, usize)>,
}

/// The longest match starting at token `pos` (ties: the earlier rule) and the
/// tokens its elements took.
fn best_at(
    grammar: &Grammar,
    toks: &[Tok<'_>],
    blocked: &[bool],
    pos: usize,
    scratch: &mut Scratch,
) -> Option<(Match, Vec<(usize, usize)>)> {
    let tok = toks.get(pos)?;
    let candidates = &mut scratch.candidates;
    candidates.clear();
    if let Some(list) = grammar.by_literal.get(&tok.lower) {
        candidates.extend_from_slice(list);
    }
    for entry in tok.entries {
        if let Some(list) = grammar.by_class.get(&entry.class) {
            candidates.extend_from_slice(list);
        }
    }
    if tok.digits.is_some() {
        candidates.extend_from_slice(&grammar.by_digits);
    }
    candidates.extend_from_slice(&grammar.by_any);
    candidates.sort_unstable();
    candidates.dedup();
    let mut best: Option<(Match, Vec<(usize, usize)>)> = None;
    for &index in candidates.iter() {
        let Some(rule) = grammar.rules.get(index) else { continue };
        let mut frame = empty_frame();
        let path = &mut scratch.path;
        path.clear();
        let Some(end) = match_elements(rule, toks, blocked, 0, pos, pos, &mut frame, path) else {
            continue;
        };
        if end <= pos || best.as_ref().is_some_and(|(b, _)| end <= b.end) {
            continue;
        }
        let core =
            path.iter().filter(|(e, _)| rule.elements.get(*e).is_some_and(|el| !el.context && !el.negated));
        let (Some(first), Some(last)) = (core.clone().map(|(_, t)| *t).min(), core.map(|(_, t)| *t).max())
        else {
            continue;
        };
        // The action fills what the tokens left open; token meanings win.
        for (field, value) in &rule.action {
            if let Some(slot @ None) = frame.get_mut(field.index()) {
                *slot = Some(*value);
            }
        }
        best = Some((Match { first: pos, end, span: (first, last + 1), rule: index, frame }, path.clone()));
    }
    best
}

/// Splits a match whose action says `split=K` into two expressions: the
/// tokens before element K-1 (the connector, "und", "/") and those from
/// element K on; the second one takes `d2`/`m2`/`yb`/`c2`/`n2` as its day, month,
/// year, century and count.
fn split(found: Match, path: &[(usize, usize)]) -> (Match, Option<Match>) {
    let Some(Some(Value::Number(k))) = found.frame.get(Field::Split.index()) else { return (found, None) };
    let k = *k as usize;
    let token_of = |element: usize| path.iter().find(|(e, _)| *e == element).map(|(_, t)| *t);
    let (Some(connector), Some(second_start)) =
        (k.checked_sub(2).and_then(token_of), k.checked_sub(1).and_then(token_of))
    else {
        return (found, None);
    };
    let mut second = found.frame;
    let mut first = found.frame;
    for frame in [&mut first, &mut second] {
        if let Some(slot) = frame.get_mut(Field::Split.index()) {
            *slot = None;
        }
    }
    if let Some(Some(day)) = second.get(Field::Day2.index()).cloned() {
        set(&mut second, Field::Day, day);
    }
    if let Some(Some(month)) = second.get(Field::Month2.index()).cloned() {
        set(&mut second, Field::Month, month);
    }
    if let Some(Some(year)) = second.get(Field::Year2nd.index()).cloned() {
        set(&mut second, Field::Year, complete_century(year, first.get(Field::Year.index())));
    }
    if let Some(Some(century)) = second.get(Field::Century2.index()).cloned() {
        set(&mut second, Field::Century, century);
    }
    if let Some(Some(count)) = second.get(Field::Number2.index()).cloned() {
        set(&mut second, Field::Number, count);
    }
    let first_match = Match {
        first: found.first,
        end: second_start,
        span: (found.span.0, connector),
        rule: found.rule,
        frame: first,
    };
    let second_match = Match {
        first: second_start,
        end: found.end,
        span: (second_start, found.span.1),
        rule: found.rule,
        frame: second,
    };
    (first_match, Some(second_match))
}

/// "1982-87", "1999/00": a two-digit second year of a range lies in the
/// first one's century, or the next one when it would come before it.
fn complete_century(second: Value, first: Option<&Option<Value>>) -> Value {
    match (second, first) {
        (Value::Number(short), Some(Some(Value::Number(long)))) if short < 100.0 && *long >= 100.0 => {
            let mut year = (*long / 100.0).floor() * 100.0 + short;
            if year < *long {
                year += 100.0;
            }
            Value::Number(year)
        }
        _ => second,
    }
}

/// Matches `rule.elements[element..]` from token `pos`; returns the end
/// token. Recursion depth is bounded by the pattern length (grammar data),
/// never by the input.
#[allow(clippy::too_many_arguments)]
fn match_elements(
    rule: &Rule,
    toks: &[Tok<'_>],
    blocked: &[bool],
    element: usize,
    pos: usize,
    first: usize,
    frame: &mut Frame,
    path: &mut Vec<(usize, usize)>,
) -> Option<usize> {
    let Some(spec) = rule.elements.get(element) else { return Some(pos) };
    let at_boundary = match toks.get(pos) {
        None => true,
        Some(tok) => pos > first && tok.line_start,
    };
    if spec.negated {
        // Zero-width at a boundary (line start before the first token, or line end).
        let boundary_before = pos == first && toks.get(pos).is_none_or(|t| t.line_start || t.sentence_start);
        if at_boundary || boundary_before {
            let mut trial = *frame;
            let depth = path.len();
            if let Some(end) = match_elements(rule, toks, blocked, element + 1, pos, first, &mut trial, path)
            {
                *frame = trial;
                return Some(end);
            }
            path.truncate(depth);
        }
        if !at_boundary {
            let tok = toks.get(pos)?;
            if !spec.atoms.iter().any(|a| atom_accepts(a, tok, pos)) {
                path.push((element, pos));
                if let Some(end) =
                    match_elements(rule, toks, blocked, element + 1, pos + 1, first, frame, path)
                {
                    return Some(end);
                }
                path.pop();
            }
        }
        return None;
    }
    if !at_boundary {
        if let Some(tok) = toks.get(pos) {
            let allowed = !blocked.get(pos).copied().unwrap_or(false)
                && (!spec.glued || pos == first || !tok.space_before)
                && (!spec.capital || tok.capitalised)
                && (!spec.lower || !tok.capitalised);
            if allowed {
                for atom in &spec.atoms {
                    // Test first; copy the frame only for an atom that fits (most do not).
                    if !atom_accepts(atom, tok, pos) {
                        continue;
                    }
                    let mut trial = *frame;
                    if atom_matches(atom, tok, pos, &mut trial) {
                        path.push((element, pos));
                        if let Some(end) =
                            match_elements(rule, toks, blocked, element + 1, pos + 1, first, &mut trial, path)
                        {
                            *frame = trial;
                            return Some(end);
                        }
                        path.pop();
                    }
                }
            }
        }
    }
    if spec.optional {
        return match_elements(rule, toks, blocked, element + 1, pos, first, frame, path);
    }
    None
}

/// Whether `atom` fits `tok`, without assigning anything.
fn atom_accepts(atom: &Atom, tok: &Tok<'_>, pos: usize) -> bool {
    match atom {
        Atom::Literal(word) => tok.lower == **word,
        Atom::Class(class, _) => tok.entries.iter().any(|e| e.class == *class),
        Atom::Digits { low, high, width, .. } => {
            matches!(tok.digits, Some((value, digits)) if value >= *low && value <= *high && width.is_none_or(|w| w == digits))
        }
        Atom::Name => {
            tok.capitalised
                && tok.entries.is_empty()
                && tok.digits.is_none()
                && !tok.sentence_start
                && pos > 0
        }
        Atom::Any => true,
    }
}

/// Matches `atom` against `tok` and assigns what it carries to `frame`.
fn atom_matches(atom: &Atom, tok: &Tok<'_>, pos: usize, frame: &mut Frame) -> bool {
    match atom {
        Atom::Class(class, target) => match tok.entries.iter().find(|e| e.class == *class) {
            Some(entry) => {
                match target {
                    // `@month=m2`: only the entry's number, into the named field.
                    Some(field) => {
                        if let Some(number) =
                            entry.fields.iter().find_map(|(_, v)| matches!(v, Value::Number(_)).then_some(*v))
                        {
                            set(frame, *field, number);
                        }
                    }
                    None => {
                        for (field, value) in &entry.fields {
                            set(frame, *field, *value);
                        }
                    }
                }
                true
            }
            None => false,
        },
        Atom::Digits { field, .. } => {
            if !atom_accepts(atom, tok, pos) {
                return false;
            }
            if let (Some(field), Some((value, _))) = (field, tok.digits) {
                set(frame, *field, Value::Number(f64::from(value)));
            }
            true
        }
        Atom::Literal(_) | Atom::Name | Atom::Any => atom_accepts(atom, tok, pos),
    }
}

fn set(frame: &mut Frame, field: Field, value: Value) {
    if let Some(slot) = frame.get_mut(field.index()) {
        *slot = Some(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grammar() -> Grammar {
        Grammar::load(&[(
            "test.rules",
            "[class month]\nmai : m=5\n[class title]\nfrau\n[rules]\n{1..31}=d . mai => DATE\nmai => DATE\n+{1..31}=d => DATE\n[vetoes]\n@title [@month]\n",
        )])
        .expect("loads")
    }

    #[test]
    fn tokens_split_letters_digits_and_marks() {
        let grammar = grammar();
        let toks = tokenize("Am 2.Mai\n1990er", &grammar, &[]);
        let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(words, vec!["am", "2", ".", "mai", "1990", "er"]);
        assert!(toks[0].line_start && toks[4].line_start && !toks[5].space_before);
        assert_eq!(toks[1].digits, Some((2, 1)));
        assert!(!toks[3].sentence_start, "a period after a number is an ordinal");
    }

    #[test]
    fn longest_match_wins_and_vetoes_block() {
        let grammar = grammar();
        let toks = tokenize("am 3. Mai sagte Frau Mai", &grammar, &[]);
        let blocked = vetoed(&grammar, &toks);
        let found = find_matches(&grammar, &toks, &blocked);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].span.0, found[0].span.1), (1, 4));
    }
}
