//! Sentence and token segmentation for news text.
//!
//! PLACEHOLDER (being replaced): a naive splitter so the time tagger can be
//! developed against the final API.

use wirewatch_model::{Sentence, Token, TokenKind};

/// The sentences of `text` (whole document), in order, with byte offsets.
/// `language` is an ISO 639-1 code when known; `None` uses neutral rules.
pub fn sentences(text: &str, language: Option<&str>) -> Vec<Sentence> {
    let _ = language;
    let mut out = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    for (i, ch) in text.char_indices() {
        if start.is_none() && !ch.is_whitespace() {
            start = Some(i);
        }
        let end = i + ch.len_utf8();
        let boundary = matches!(ch, '.' | '!' | '?') && bytes.get(end).is_none_or(|b| b.is_ascii_whitespace());
        let paragraph = ch == '\n' && bytes.get(end) == Some(&b'\n');
        if let Some(s) = start {
            if boundary {
                out.push(Sentence { start: s, end });
                start = None;
            } else if paragraph {
                let trimmed = text[s..i].trim_end();
                if !trimmed.is_empty() {
                    out.push(Sentence { start: s, end: s + trimmed.len() });
                }
                start = None;
            }
        }
    }
    if let Some(s) = start {
        let trimmed = text[s..].trim_end();
        if !trimmed.is_empty() {
            out.push(Sentence { start: s, end: s + trimmed.len() });
        }
    }
    out
}

/// The tokens of `text[start..end]`, offsets into `text`.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token> {
    let Some(slice) = text.get(start..end) else { return Vec::new() };
    let mut out = Vec::new();
    let mut word: Option<(usize, bool)> = None;
    for (i, ch) in slice.char_indices() {
        if ch.is_alphanumeric() {
            if word.is_none() {
                word = Some((i, ch.is_numeric()));
            }
            continue;
        }
        if let Some((s, numeric)) = word.take() {
            let kind = if numeric { TokenKind::Number } else { TokenKind::Word };
            out.push(Token { start: start + s, end: start + i, kind });
        }
        if !ch.is_whitespace() {
            out.push(Token { start: start + i, end: start + i + ch.len_utf8(), kind: TokenKind::Punct });
        }
    }
    if let Some((s, numeric)) = word {
        let kind = if numeric { TokenKind::Number } else { TokenKind::Word };
        out.push(Token { start: start + s, end, kind });
    }
    out
}
