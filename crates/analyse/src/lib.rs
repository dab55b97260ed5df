//! The analyse stage: stand-off annotation layers over a document's clean text.
//!
//! * [`segment`] — sentences and tokens for news text (German, English, and
//!   language-neutral fallbacks), with byte offsets into `Document.text`.
//! * [`time`] — time expressions normalised to TIMEX3 values and calendar
//!   intervals, resolved against the publication date; grammars are data
//!   files under `rules/time/`, loaded once when the [`Analyser`] is built.
//!
//! * [`quotes`] — direct quotations, reported speech, scare-quoted terms and
//!   attributions with cue and speaker; rules are data under `rules/quotes/`.
//!
//! [`Analyser::analyse`] runs them in order over one [`Document`] and returns
//! its [`Layers`]; it never edits the text and never panics on input.

#![deny(missing_docs)]

pub mod entities;
pub mod quotes;
pub mod segment;
pub mod time;

use wirewatch_model::{Document, Layers};

/// The analysers, built once (grammars parsed) and shared across threads.
#[derive(Debug)]
pub struct Analyser {
    time: time::TimeTagger,
    quotes: &'static quotes::QuoteFinder,
}

impl Analyser {
    /// Builds the analysers from the grammars compiled into the binary.
    ///
    /// Fails only if a shipped grammar file is malformed, which the tests rule out.
    pub fn new() -> Result<Analyser, time::GrammarError> {
        Ok(Analyser { time: time::TimeTagger::new()?, quotes: quotes::QuoteFinder::shared() })
    }

    /// The layers of `document`: sentences, time expressions, and, when the
    /// document has no publication date, an estimated publication window.
    pub fn analyse(&self, document: &Document) -> Layers {
        let language = document.language.as_deref();
        let sentences = segment::sentences(&document.text, language);
        let dct = document.published.as_ref().map(|published| published.value.as_str());
        // The product reads news; `Auto` treats a document as a narrative
        // only on overwhelming evidence (see `time::Genre::Auto`).
        let timexes = self.time.tag_with_genre(&document.text, &sentences, language, dct, time::Genre::Auto);
        let published_window = match document.published {
            Some(_) => None,
            None => self.time.publication_window(&document.text, &sentences, &timexes, language),
        };
        let mentions = entities::document_mentions(&document.text, &sentences, language).unwrap_or_default();
        let quotes = self.quotes.find(&document.text, &sentences, &mentions, language);
        Layers { sentences, timexes, published_window, mentions, quotes }
    }
}
