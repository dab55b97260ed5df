//! The analyse stage: stand-off annotation layers over a document's clean text.
//!
//! * [`segment`] — sentences and tokens for news text (German, English, and
//!   language-neutral fallbacks), with byte offsets into `Document.text`.
//! * [`time`] — time expressions normalised to TIMEX3 values and calendar
//!   intervals, resolved against the publication date; grammars are data
//!   files under `rules/time/`, loaded once when the [`Analyser`] is built.
//! * [`entities`] — person, organisation, place and other name mentions, and
//!   roles ("Kremlchef") linked to the name they describe: a trained German
//!   tagger (model compiled in), capitalisation rules for English.
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

use std::fmt;

use wirewatch_model::{Document, Layers};

/// Why the analysers could not be built: a shipped resource is damaged.
#[derive(Debug)]
pub enum AnalyserError {
    /// A time grammar file is malformed.
    Grammar(time::GrammarError),
    /// The entity model compiled into the binary could not be read.
    EntityModel(&'static str),
}

impl fmt::Display for AnalyserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalyserError::Grammar(error) => write!(f, "{error}"),
            AnalyserError::EntityModel(reason) => write!(f, "the entity model could not be read: {reason}"),
        }
    }
}

impl std::error::Error for AnalyserError {}

/// The analysers, built once (grammars parsed) and shared across threads.
#[derive(Debug)]
pub struct Analyser {
    time: time::TimeTagger,
    quotes: &'static quotes::QuoteFinder,
}

impl Analyser {
    /// Builds the analysers from the grammars compiled into the binary.
    ///
    /// Fails only if a shipped grammar file is malformed or the shipped
    /// entity model cannot be read, which the tests rule out. Loading the
    /// model here, not on first use, turns a damaged build into one clear
    /// error instead of documents silently without mentions.
    pub fn new() -> Result<Analyser, AnalyserError> {
        let time = time::TimeTagger::new().map_err(AnalyserError::Grammar)?;
        entities::EntityTagger::german().map_err(AnalyserError::EntityModel)?;
        Ok(Analyser { time, quotes: quotes::QuoteFinder::shared() })
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
        // `new` checked that the model loads, so this is never an error here.
        let mentions = entities::document_mentions(&document.text, &sentences, language).unwrap_or_default();
        let quotes = self.quotes.find(&document.text, &sentences, &mentions, language);
        Layers { sentences, timexes, published_window, mentions, quotes }
    }
}
