//! Sentence and token segmentation for news text, German and English first,
//! with language-neutral fallbacks.
//!
//! One linear scan cuts the text into raw pieces (words with inner hyphens
//! and apostrophes, numbers with inner separators, dotted abbreviations,
//! URLs and e-mail addresses, runs of terminal marks, quotes, brackets,
//! dashes). Sentence boundaries are then decided only where a terminal mark,
//! a dotted abbreviation or a line break occurs, from the piece before the
//! period and the word after it:
//!
//! * listed abbreviations ("Dr.", "z. B.", "U.S.", "Sept.") never end a
//!   sentence, or only before a sentence-starter word ("usw. Die");
//! * ordinals ("am 22. Februar", "im 19. Jahrhundert") continue unless a
//!   function word follows ("Platz 3. Danach");
//! * initials ("J. D. Vance") continue unless a function word follows;
//! * "!" "?" and plain full stops end a sentence before anything that can
//!   start one; closing quotes and brackets glued to the mark stay with the
//!   sentence they close (`„Wir kommen.“ Dann …`);
//! * a blank line always ends a sentence, a single line break unless the text
//!   is merely wrapped (a lower-case word continues the line).
//!
//! The word lists are data, in `rules/segment/{common,de,en}.txt`, parsed once
//! into a [`Segmenter`]. Every offset is a byte offset on a char boundary; no
//! input makes these functions panic.

mod rules;
mod scan;
mod split;

use rules::{AbbrevKind, Lang, Rules};
use scan::{Raw, RawKind};
use split::PeriodRole;
use std::sync::OnceLock;
use wirewatch_model::{Sentence, Token, TokenKind};

/// A segmenter with its word lists parsed; build once (or use
/// [`Segmenter::shared`]) and reuse across documents and threads.
#[derive(Debug)]
pub struct Segmenter {
    rules: Rules,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    /// Parses the word lists compiled into the binary.
    pub fn new() -> Segmenter {
        Segmenter { rules: Rules::shipped() }
    }

    /// The process-wide segmenter, built on first use.
    pub fn shared() -> &'static Segmenter {
        static SHARED: OnceLock<Segmenter> = OnceLock::new();
        SHARED.get_or_init(Segmenter::new)
    }

    /// The sentences of `text` (a whole document), in order, trimmed, not
    /// overlapping, together covering every non-blank character.
    /// `language` is an ISO 639 code ("de", "en-US"); anything else, or
    /// `None`, uses the merged German and English lists.
    pub fn sentences(&self, text: &str, language: Option<&str>) -> Vec<Sentence> {
        let lang = Lang::from_code(language);
        let table = self.rules.table(lang);
        let mut raws = Vec::with_capacity(text.len() / 5);
        scan::scan(text, 0, text.len(), table, &mut raws);
        split::split(text, &raws, table, lang)
    }

    /// The tokens of `text[start..end]` with offsets into `text`. An empty,
    /// reversed, out-of-range or off-boundary range gives no tokens.
    pub fn tokens(&self, text: &str, start: usize, end: usize) -> Vec<Token> {
        let table = self.rules.table(Lang::Neutral);
        let mut raws = Vec::new();
        scan::scan(text, start, end, table, &mut raws);
        let mut out = Vec::with_capacity(raws.len());
        let mut i = 0;
        while let Some(raw) = raws.get(i) {
            if matches!(raw.kind, RawKind::Word | RawKind::Number) && keeps_period(text, &raws, i + 1, table)
            {
                if let Some(dot) = raws.get(i + 1) {
                    out.push(Token { start: raw.start, end: dot.end, kind: TokenKind::Abbreviation });
                    i += 2;
                    continue;
                }
            }
            out.push(Token { start: raw.start, end: raw.end, kind: token_kind(text, raw) });
            i += 1;
        }
        out
    }
}

/// Does the period piece at `t` belong to the word or number before it?
/// Abbreviations keep it; initials and ordinals keep it unless it ends the
/// sentence: at the end of the range, or where the sentence splitter would
/// end one ("Platz 3. Danach"), so tokens agree with sentences on any range.
fn keeps_period(text: &str, raws: &[Raw], t: usize, table: &rules::Table) -> bool {
    let Some(dot) = raws.get(t) else { return false };
    let Some(prev) = t.checked_sub(1).and_then(|p| raws.get(p)) else { return false };
    if dot.kind != RawKind::Terminal || dot.start != prev.end || text.get(dot.start..dot.end) != Some(".") {
        return false;
    }
    let last = split::absorb_closers(text, raws, t);
    match split::period_role(text, raws, t, table) {
        PeriodRole::Abbreviation(AbbrevKind::BeforeNumber) => {
            raws.get(t + 1).is_some_and(|next| next.kind == RawKind::Number)
        }
        PeriodRole::Abbreviation(_) => true,
        PeriodRole::Initial | PeriodRole::Ordinal | PeriodRole::ListMarker => {
            last + 1 < raws.len() && !split::ends_sentence(text, raws, t, last, table, Lang::Neutral)
        }
        PeriodRole::FullStop => false,
    }
}

fn token_kind(text: &str, raw: &Raw) -> TokenKind {
    match raw.kind {
        RawKind::Word => TokenKind::Word,
        RawKind::Number => TokenKind::Number,
        RawKind::Compact => {
            if text.get(raw.start..raw.end).is_some_and(|s| s.ends_with('.')) {
                TokenKind::Abbreviation
            } else {
                TokenKind::Word
            }
        }
        RawKind::Quote => TokenKind::Quote,
        RawKind::Terminal | RawKind::Clause | RawKind::Dash | RawKind::Open | RawKind::Close => {
            TokenKind::Punct
        }
        RawKind::Link | RawKind::Symbol => TokenKind::Symbol,
    }
}

/// The sentences of `text` (whole document), in order, with byte offsets.
/// `language` is an ISO 639-1 code when known; `None` uses neutral rules.
pub fn sentences(text: &str, language: Option<&str>) -> Vec<Sentence> {
    Segmenter::shared().sentences(text, language)
}

/// The tokens of `text[start..end]`, offsets into `text`.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token> {
    Segmenter::shared().tokens(text, start, end)
}
