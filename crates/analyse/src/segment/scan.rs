//! The raw scanner: one left-to-right pass that cuts text into word-level
//! pieces without deciding what a period means.
//!
//! Sentence splitting and the public [`tokens`](super::tokens) both start
//! from these pieces; they differ only in how they treat a period after a
//! word or number, which needs context (abbreviation tables, the next word).
//! Every non-whitespace character of the input lands in exactly one piece,
//! which is what lets sentences cover all non-blank text.

use super::rules::Table;

/// What a raw piece is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawKind {
    /// Letters (and digits), with inner hyphens and apostrophes.
    Word,
    /// Digits with inner separators ("15.08.2025", "3,5").
    Number,
    /// A dotted abbreviation written without spaces ("z.B.", "U.S.", "e.g.").
    Compact,
    /// A URL, domain name or e-mail address.
    Link,
    /// A run of sentence-final marks: ".", "!", "?", "…", "...", "?!", "!!!".
    Terminal,
    /// A quotation mark of any style.
    Quote,
    /// "(", "[", "{".
    Open,
    /// ")", "]", "}".
    Close,
    /// A dash or a run of hyphens standing alone.
    Dash,
    /// ",", ";", ":".
    Clause,
    /// Anything else, one character.
    Symbol,
}

/// A raw piece: `text[start..end]` (absolute offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Raw {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// What it is.
    pub kind: RawKind,
}

/// The character at byte offset `i`, or `None` at the end or off a boundary.
pub fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// The character ending at byte offset `i`.
pub fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|head| head.chars().next_back())
}

/// True for every quotation-mark character the scanner knows.
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '„'
            | '“'
            | '”'
            | '‚'
            | '‘'
            | '’'
            | '»'
            | '«'
            | '‹'
            | '›'
            | '‟'
            | '‛'
            | '〝'
            | '〞'
            | '＂'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// Quotes that only ever open a quotation (German low marks), so they never
/// close a sentence.
pub fn is_opening_only_quote(c: char) -> bool {
    matches!(c, '„' | '‚' | '「' | '『' | '〝')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‽' | '⁉' | '⁈' | '⁇' | '。' | '！' | '？')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒' | '―' | '‐' | '‑' | '⸺' | '⸻')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Combining marks and invisible joiners that belong to the word they follow.
fn is_word_continuation(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{094F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{00AD}'
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_word_continuation(c)
}

/// Cuts `text[start..end]` into raw pieces with absolute offsets, appending to `out`.
/// Out-of-range or off-boundary ranges give nothing.
pub fn scan(text: &str, start: usize, end: usize, table: &Table, out: &mut Vec<Raw>) {
    let Some(slice) = text.get(start..end) else { return };
    let mut horizons = Horizons::default();
    let mut i = 0;
    while let Some(c) = char_at(slice, i) {
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
            continue;
        }
        let (piece_end, kind) = if let Some(url_end) = url_end(slice, i) {
            (url_end, RawKind::Link)
        } else if c.is_alphanumeric() {
            scan_word(slice, i, table, &mut horizons)
        } else if is_terminal(c) {
            let mut j = i + len;
            while let Some(next) = char_at(slice, j).filter(|&n| is_terminal(n)) {
                j += next.len_utf8();
            }
            (j, RawKind::Terminal)
        } else if is_quote(c) {
            (i + len, RawKind::Quote)
        } else if is_dash(c) {
            let mut j = i + len;
            while let Some(next) = char_at(slice, j).filter(|&n| n == c) {
                j += next.len_utf8();
            }
            (j, RawKind::Dash)
        } else {
            let kind = match c {
                '(' | '[' | '{' => RawKind::Open,
                ')' | ']' | '}' => RawKind::Close,
                ',' | ';' | ':' => RawKind::Clause,
                _ => RawKind::Symbol,
            };
            (i + len, kind)
        };
        out.push(Raw { start: start + i, end: start + piece_end, kind });
        i = piece_end;
    }
}

/// End of a URL starting at `i` ("http://", "https://", "www."), trailing
/// punctuation left out.
fn url_end(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let bytes = rest.as_bytes();
    let starts = |prefix: &str| {
        bytes.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if !(starts("http://") || starts("https://") || starts("www.")) {
        return None;
    }
    let mut end = i;
    for (offset, c) in rest.char_indices() {
        if c.is_whitespace() || matches!(c, '"' | '<' | '>' | '“' | '”' | '„' | '«' | '»') {
            break;
        }
        end = i + offset + c.len_utf8();
    }
    Some(trim_trailing(text, i, end))
}

/// Drops trailing sentence punctuation from a link that ends at `end`.
fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        match char_before(text, end) {
            Some(c)
                if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\'' | '’' | '-') =>
            {
                end -= c.len_utf8();
            }
            _ => break,
        }
    }
    end
}

/// How far look-aheads that failed have already read: a later look-ahead
/// starting before that point would fail the same way, so it is skipped.
/// This keeps hostile input such as "aaaa.aaaa.aaaa…" linear.
#[derive(Default)]
struct Horizons {
    email: usize,
    dotted: usize,
    /// The next "@" at or after `email`, once searched for; `usize::MAX` when none.
    next_at: Option<usize>,
}

impl Horizons {
    /// Could an e-mail address start at `i`? Only when an "@" follows soon;
    /// the search is remembered, so texts without "@" are searched once.
    fn email_possible(&mut self, text: &str, i: usize) -> bool {
        const LONGEST_LOCAL_PART: usize = 64;
        if i < self.email {
            return false;
        }
        let next_at = match self.next_at {
            Some(at) if at >= i => at,
            _ => {
                let at =
                    text.get(i..).and_then(|rest| rest.find('@')).map_or(usize::MAX, |offset| i + offset);
                self.next_at = Some(at);
                at
            }
        };
        next_at != usize::MAX && next_at - i <= LONGEST_LOCAL_PART
    }
}

/// Scans a word or number starting at `i` (an alphanumeric character).
fn scan_word(text: &str, i: usize, table: &Table, horizons: &mut Horizons) -> (usize, RawKind) {
    if horizons.email_possible(text, i) {
        match email_end(text, i) {
            Ok(end) => return (end, RawKind::Link),
            Err(run_end) => horizons.email = run_end,
        }
    }
    let mut j = i;
    let mut has_letter = false;
    let mut segment_letters_only = true;
    let mut segment_len = 0usize;
    while let Some(c) = char_at(text, j) {
        if is_word_char(c) {
            if c.is_alphabetic() {
                has_letter = true;
            } else if c.is_numeric() {
                segment_letters_only = false;
            }
            segment_len += 1;
            j += c.len_utf8();
            continue;
        }
        let next = char_at(text, j + c.len_utf8());
        let prev = char_before(text, j);
        let next_is_alnum = next.is_some_and(char::is_alphanumeric);
        if is_hyphen(c) {
            if next_is_alnum {
                // Hyphenated compound: "US-Präsident", "24-Jährige".
                j += c.len_utf8();
                segment_letters_only = true;
                segment_len = 0;
                continue;
            }
            if prev.is_some_and(char::is_alphabetic) && is_truncation(text, j + c.len_utf8()) {
                // Truncated compound: "US- und EU-Politik", "Landes-/Bundesebene".
                j += c.len_utf8();
            }
            break;
        }
        if matches!(c, '\'' | '’')
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(char::is_alphabetic)
        {
            // Inner apostrophe: "don't", "Trump's", "geht's".
            j += c.len_utf8();
            continue;
        }
        let prev_is_digit = prev.is_some_and(|p| p.is_ascii_digit());
        let next_is_digit = next.is_some_and(|n| n.is_ascii_digit());
        if matches!(c, '.' | ',' | ':' | '/') && prev_is_digit && next_is_digit && !has_letter {
            // Number separators: "15.08.2025", "3,5", "1.000", "14:30", "24/7".
            j += c.len_utf8();
            continue;
        }
        if c == '.'
            && next.is_some_and(char::is_alphabetic)
            && prev.is_some_and(char::is_alphabetic)
            && j >= horizons.dotted
        {
            if segment_letters_only && segment_len <= 3 && j - i == word_len_bytes(text, i, j) {
                match compact_end(text, j) {
                    Ok(end) => return extend_compound(text, end, RawKind::Compact),
                    Err(read_to) => horizons.dotted = horizons.dotted.max(read_to),
                }
            }
            match domain_end(text, j, table) {
                Ok(end) => return (end, RawKind::Link),
                Err(read_to) => horizons.dotted = horizons.dotted.max(read_to),
            }
        }
        break;
    }
    // "1990er" and "5G" are words: they contain letters, though they start with a digit.
    let kind = if has_letter { RawKind::Word } else { RawKind::Number };
    (j, kind)
}

/// Byte length of `text[i..j]` when it is one plain segment (no hyphen or
/// apostrophe inside); used so "US-e.g." is not read as one abbreviation.
fn word_len_bytes(text: &str, i: usize, j: usize) -> usize {
    match text.get(i..j) {
        Some(word) if word.chars().all(char::is_alphabetic) => j - i,
        _ => usize::MAX,
    }
}

/// After a truncated compound's hyphen: a comma, a slash, or a space and a lower-case word.
fn is_truncation(text: &str, after: usize) -> bool {
    match char_at(text, after) {
        Some(',' | '/') => true,
        Some(' ') => char_at(text, after + 1).is_some_and(char::is_lowercase),
        _ => false,
    }
}

/// A compact abbreviation ("z.B.", "U.S.", "Ph.D.") whose first segment ended
/// at `dot`: short letter segments, each followed by a period. Returns the end
/// after the final period, or how far it read when there is none.
fn compact_end(text: &str, dot: usize) -> Result<usize, usize> {
    let mut k = dot + 1;
    let mut segments = 1;
    loop {
        let segment_start = k;
        let mut letters = 0;
        while let Some(c) = char_at(text, k).filter(|c| c.is_alphabetic()) {
            letters += 1;
            k += c.len_utf8();
            if letters > 3 {
                return Err(k);
            }
        }
        if k == segment_start {
            return if segments >= 2 { Ok(k) } else { Err(k) };
        }
        if char_at(text, k) != Some('.') {
            return Err(k);
        }
        segments += 1;
        k += 1;
    }
}

/// Continues a compact abbreviation into a compound: "U.S.-Präsident".
fn extend_compound(text: &str, end: usize, kind: RawKind) -> (usize, RawKind) {
    let Some(hyphen) = char_at(text, end).filter(|&c| is_hyphen(c)) else { return (end, kind) };
    let mut k = end + hyphen.len_utf8();
    let word_start = k;
    while let Some(c) = char_at(text, k).filter(|&c| is_word_char(c) || is_hyphen(c)) {
        k += c.len_utf8();
    }
    // A trailing hyphen belongs to the next token.
    while k > word_start && char_before(text, k).is_some_and(is_hyphen) {
        k -= 1;
    }
    if k == word_start {
        (end, kind)
    } else {
        (k, RawKind::Word)
    }
}

/// A domain name ("spiegel.de", "bbc.co.uk/news") whose first dot is at `dot`,
/// recognised by a listed top-level domain; the end, trailing punctuation left
/// out, or how far it read when it is no domain.
fn domain_end(text: &str, dot: usize, table: &Table) -> Result<usize, usize> {
    let mut k = dot;
    let mut last_label = (dot, dot);
    while char_at(text, k) == Some('.') {
        let label_start = k + 1;
        let mut m = label_start;
        while char_at(text, m).is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
            m += 1;
        }
        if m == label_start {
            break;
        }
        last_label = (label_start, m);
        k = m;
    }
    let tld = text.get(last_label.0..last_label.1).unwrap_or("");
    if !tld.bytes().all(|b| b.is_ascii_lowercase()) || !table.tlds.contains(tld) {
        return Err(k);
    }
    let mut end = k;
    if char_at(text, end) == Some('/') {
        for (offset, c) in text.get(end..).unwrap_or("").char_indices() {
            if c.is_whitespace() || matches!(c, '"' | '<' | '>' | '“' | '”' | '„' | '«' | '»') {
                break;
            }
            end = k + offset + c.len_utf8();
        }
        end = trim_trailing(text, k, end).max(k);
    }
    Ok(end)
}

/// An e-mail address starting at `i`: the run of address characters holds one
/// "@" with a dotted domain after it. `Err` carries the end of the run read.
fn email_end(text: &str, i: usize) -> Result<usize, usize> {
    let rest = text.get(i..).unwrap_or("");
    let mut at = None;
    let mut end = i;
    for (offset, c) in rest.char_indices() {
        if c == '@' {
            if at.is_some() {
                return Err(i + offset);
            }
            at = Some(i + offset);
        } else if !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '%')) {
            break;
        }
        end = i + offset + c.len_utf8();
    }
    let Some(at) = at else { return Err(end) };
    let run_end = end;
    let end = trim_trailing(text, at, end);
    let valid = text
        .get(at + 1..end)
        .and_then(|domain| domain.rfind('.').map(|dot| dot > 0 && dot + 1 < domain.len()))
        .unwrap_or(false);
    if valid && at > i {
        Ok(end)
    } else {
        Err(run_end)
    }
}
