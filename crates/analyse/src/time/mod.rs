//! Time expressions: recognition and TIMEX3 normalisation.
//!
//! PLACEHOLDER (being replaced): the API the rest of the pipeline uses.

use std::fmt;
use wirewatch_model::{PublishedWindow, Sentence, Timex};

/// A shipped grammar file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError {
    /// The grammar file.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GrammarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GrammarError {}

/// The temporal tagger: grammars for every supported language, loaded once.
#[derive(Debug)]
pub struct TimeTagger {}

impl TimeTagger {
    /// Loads the grammars compiled into the binary.
    pub fn new() -> Result<TimeTagger, GrammarError> {
        Ok(TimeTagger {})
    }

    /// The time expressions of `text`, in order, not overlapping.
    ///
    /// `sentences` come from [`crate::segment::sentences`]; `language` is an
    /// ISO 639-1 code (`None`: language-neutral patterns only); `dct` is the
    /// document creation time (`YYYY-MM-DD` or RFC 3339), `None` when unknown,
    /// in which case relative expressions stay unresolved (`XXXX-…`).
    pub fn tag(&self, text: &str, sentences: &[Sentence], language: Option<&str>, dct: Option<&str>) -> Vec<Timex> {
        let _ = (text, sentences, language, dct);
        Vec::new()
    }
}

/// Estimates when an undated document was published from its absolute dates
/// and their tenses; `None` when the text gives no clue.
pub fn publication_window(
    text: &str,
    sentences: &[Sentence],
    timexes: &[Timex],
    language: Option<&str>,
) -> Option<PublishedWindow> {
    let _ = (text, sentences, timexes, language);
    None
}
