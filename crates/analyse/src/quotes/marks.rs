//! Pairing quotation marks into quoted spans.
//!
//! One pass over the quote tokens with a small stack of open marks (bounded
//! depth, no recursion). Each mark style knows its closers; marks that can
//! both open and close (`“`, `"`, `»`, `«`) decide from what is open and from
//! the characters around them. A quote left open at the end of a paragraph
//! continues into the next one when that paragraph starts with a fresh
//! opening mark (the news convention for multi-paragraph quotes); otherwise
//! it ends with its paragraph.

use wirewatch_model::TokenKind;

/// Deepest nesting tracked; deeper marks are ignored (hostile input).
const MAX_DEPTH: usize = 16;

/// A quote style, named by the mark that opened it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// „…“ or „…”
    Low,
    /// “…”
    Curly,
    /// »…«
    GuillemetRight,
    /// «…»
    GuillemetLeft,
    /// ‚…‘
    LowSingle,
    /// ‘…’
    CurlySingle,
    /// ›…‹
    SingleGuillemetRight,
    /// ‹…›
    SingleGuillemetLeft,
    /// "…"
    Ascii,
    /// '…'
    AsciiSingle,
}

/// What the pairing needs to know about one token.
#[derive(Clone, Copy, Debug)]
pub struct MarkToken {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Token kind.
    pub kind: TokenKind,
    /// Paragraph index.
    pub paragraph: usize,
}

/// An outermost quotation: its content parts and the tokens around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Content byte ranges, without marks, trimmed; one per paragraph it spans.
    pub parts: Vec<(usize, usize)>,
    /// Token index of the first opening mark.
    pub open_token: usize,
    /// Token index of the closing mark; `None` when the paragraph ended first.
    pub close_token: Option<usize>,
    /// Token indices of everything inside, marks of inner quotes included:
    /// `open_token + 1 .. inner_end`.
    pub inner_end: usize,
    /// Nesting depth: 0 for an outermost quote, 1 for a quote inside it, ….
    pub depth: usize,
}

struct Open {
    family: Family,
    token: usize,
    paragraph: usize,
    /// Byte where the current part's content starts.
    part_start: usize,
    /// Finished parts (earlier paragraphs).
    parts: Vec<(usize, usize)>,
}

/// The quotations of `text`: outermost ones (depth 0, in order of their
/// opening mark), and closed quotes nested in them (depth ≥ 1, in order of
/// their closing mark).
pub fn pair(text: &str, tokens: &[MarkToken]) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // End byte of the last token of each paragraph seen so far.
    let mut paragraph_end: Vec<(usize, usize)> = Vec::new();
    let mut previous_paragraph: Option<usize> = None;
    for (index, token) in tokens.iter().enumerate() {
        if previous_paragraph != Some(token.paragraph) {
            if let (Some(previous), Some(before)) = (previous_paragraph, index.checked_sub(1)) {
                let end = tokens.get(before).map_or(0, |t| t.end);
                paragraph_end.push((previous, end));
                if !stack.is_empty() {
                    let continues = token.kind == TokenKind::Quote
                        && token.paragraph == previous + 1
                        && stack.first().is_some_and(|outer| opens_family(text, token, outer.family));
                    if continues {
                        if let Some(outer) = stack.first_mut() {
                            push_part(text, &mut outer.parts, outer.part_start, end);
                            outer.part_start = token.end;
                            outer.paragraph = token.paragraph;
                        }
                        stack.truncate(1);
                        previous_paragraph = Some(token.paragraph);
                        continue;
                    }
                    close_outer(text, &mut stack, end, None, index, &mut out);
                }
            }
            previous_paragraph = Some(token.paragraph);
        }
        if token.kind != TokenKind::Quote {
            continue;
        }
        let Some(mark) = text.get(token.start..token.end).and_then(|s| s.chars().next()) else { continue };
        let before = text.get(..token.start).and_then(|s| s.chars().next_back());
        let after = text.get(token.end..).and_then(|s| s.chars().next());
        let opener_shape = after.is_some_and(|c| !c.is_whitespace());
        let closer_shape = before.is_some_and(|c| !c.is_whitespace());
        let after_word_edge = !after.is_some_and(char::is_alphanumeric);
        let find = |families: &[Family]| stack.iter().rposition(|open| families.contains(&open.family));
        let (close, open) = match mark {
            '„' => (None, Some(Family::Low)),
            '‚' => (None, Some(Family::LowSingle)),
            '“' => match find(&[Family::Low]) {
                Some(at) => (Some(at), None),
                None => match stack.last() {
                    Some(top) if top.family == Family::Curly && closer_shape && !opener_shape => {
                        (Some(stack.len() - 1), None)
                    }
                    _ => (None, Some(Family::Curly)),
                },
            },
            '”' => (find(&[Family::Curly, Family::Low]), None),
            '»' => match find(&[Family::GuillemetLeft]) {
                Some(at) => (Some(at), None),
                None => (None, Some(Family::GuillemetRight)),
            },
            '«' => match find(&[Family::GuillemetRight]) {
                Some(at) => (Some(at), None),
                None => (None, Some(Family::GuillemetLeft)),
            },
            '›' => match find(&[Family::SingleGuillemetLeft]) {
                Some(at) => (Some(at), None),
                None => (None, Some(Family::SingleGuillemetRight)),
            },
            '‹' => match find(&[Family::SingleGuillemetRight]) {
                Some(at) => (Some(at), None),
                None => (None, Some(Family::SingleGuillemetLeft)),
            },
            '‘' => match find(&[Family::LowSingle]) {
                Some(at) => (Some(at), None),
                None if opener_shape => (None, Some(Family::CurlySingle)),
                None => (None, None),
            },
            '’' => match find(&[Family::CurlySingle, Family::LowSingle]) {
                Some(at) if closer_shape && after_word_edge => (Some(at), None),
                _ => (None, None),
            },
            '"' => match find(&[Family::Ascii]) {
                Some(at) => (Some(at), None),
                None => (None, Some(Family::Ascii)),
            },
            '\'' => match find(&[Family::AsciiSingle]) {
                Some(at) if closer_shape && after_word_edge => (Some(at), None),
                // A lone apostrophe opens a quote only inside a double quote.
                None if !stack.is_empty() && opener_shape && !closer_shape => {
                    (None, Some(Family::AsciiSingle))
                }
                _ => (None, None),
            },
            _ => (None, None),
        };
        if let Some(at) = close {
            stack.truncate(at + 1);
            if at == 0 {
                close_outer(text, &mut stack, token.start, Some(index), index, &mut out);
            } else if let Some(inner) = stack.pop() {
                let mut parts = Vec::new();
                push_part(text, &mut parts, inner.part_start, token.start);
                if inner.parts.is_empty() && !parts.is_empty() {
                    out.push(QuoteSpan {
                        parts,
                        open_token: inner.token,
                        close_token: Some(index),
                        inner_end: index,
                        depth: at,
                    });
                }
            }
        } else if let Some(family) = open {
            if stack.len() < MAX_DEPTH {
                stack.push(Open {
                    family,
                    token: index,
                    paragraph: token.paragraph,
                    part_start: token.end,
                    parts: Vec::new(),
                });
            }
        }
    }
    if !stack.is_empty() {
        let end = tokens.last().map_or(0, |t| t.end);
        close_outer(text, &mut stack, end, None, tokens.len(), &mut out);
    }
    out
}

/// Does `token` open a quote of `family` (a fresh mark continuing a quote)?
fn opens_family(text: &str, token: &MarkToken, family: Family) -> bool {
    let mark = text.get(token.start..token.end).and_then(|s| s.chars().next());
    matches!(
        (family, mark),
        (Family::Low, Some('„'))
            | (Family::Curly, Some('“'))
            | (Family::GuillemetRight, Some('»'))
            | (Family::GuillemetLeft, Some('«'))
            | (Family::Ascii, Some('"'))
    )
}

fn close_outer(
    text: &str,
    stack: &mut Vec<Open>,
    end: usize,
    close_token: Option<usize>,
    inner_end: usize,
    out: &mut Vec<QuoteSpan>,
) {
    let Some(mut outer) = (if stack.is_empty() { None } else { Some(stack.remove(0)) }) else { return };
    stack.clear();
    push_part(text, &mut outer.parts, outer.part_start, end);
    if !outer.parts.is_empty() {
        out.push(QuoteSpan { parts: outer.parts, open_token: outer.token, close_token, inner_end, depth: 0 });
    }
}

/// Adds `text[start..end]` trimmed of whitespace, when not empty.
fn push_part(text: &str, parts: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    let Some(slice) = text.get(start..end) else { return };
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if trimmed.is_empty() {
        return;
    }
    let from = start + leading;
    parts.push((from, from + trimmed.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<Vec<&str>> {
        let tokens: Vec<MarkToken> = crate::segment::tokens(text, 0, text.len())
            .iter()
            .map(|t| MarkToken { start: t.start, end: t.end, kind: t.kind, paragraph: 0 })
            .collect();
        pair(text, &tokens)
            .iter()
            .filter(|q| q.depth == 0)
            .map(|q| q.parts.iter().map(|&(a, b)| &text[a..b]).collect())
            .collect()
    }

    #[test]
    fn styles() {
        assert_eq!(spans("Er sagte: „Wir kommen.“ Gut."), vec![vec!["Wir kommen."]]);
        assert_eq!(spans("He said “yes” and “no”."), vec![vec!["yes"], vec!["no"]]);
        assert_eq!(spans("»Ja« und «Nein»"), vec![vec!["Ja"], vec!["Nein"]]);
        assert_eq!(spans("\"a\" b \"c\""), vec![vec!["a"], vec!["c"]]);
        assert_eq!(
            spans("„Er nannte es ‚Unsinn‘, sagte sie.“"),
            vec![vec!["Er nannte es ‚Unsinn‘, sagte sie."]]
        );
        assert_eq!(spans("It’s “fine”, isn’t it"), vec![vec!["fine"]]);
    }

    #[test]
    fn nested_quotes_are_reported_with_their_depth() {
        let text = "„Er sagte: ‚Nein.‘ Dann ging er.“";
        let tokens: Vec<MarkToken> = crate::segment::tokens(text, 0, text.len())
            .iter()
            .map(|t| MarkToken { start: t.start, end: t.end, kind: t.kind, paragraph: 0 })
            .collect();
        let found: Vec<(usize, &str)> =
            pair(text, &tokens).iter().map(|q| (q.depth, &text[q.parts[0].0..q.parts[0].1])).collect();
        assert_eq!(found, vec![(1, "Nein."), (0, "Er sagte: ‚Nein.‘ Dann ging er.")]);
    }
}
