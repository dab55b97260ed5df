//! Annotation layers: what the analyse stage adds to a [`Document`](crate::Document).
//!
//! Every layer is stand-off: byte offsets into `Document.text`, which never
//! changes after extraction. Offsets here carry no document id because a
//! [`Layers`] value always belongs to exactly one document; the export adds
//! the id when it turns them into spans.

use serde::{Deserialize, Serialize};

/// Everything the analysers found in one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layers {
    /// Sentences in text order, not overlapping; together they cover every
    /// non-blank stretch of the text.
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    /// Time expressions in text order, not overlapping.
    #[serde(default)]
    pub timexes: Vec<Timex>,
    /// When the document was probably published, estimated from its own
    /// text; set only when the document carries no publication date.
    #[serde(default)]
    pub published_window: Option<PublishedWindow>,
    /// Named-entity and role mentions in text order. Names never overlap
    /// each other; a role may share its span with a `-part` name ("US-Präsident").
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// Quotations, reported speech and attributions, in text order of their start.
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

impl Layers {
    /// True when no analyser added anything.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
            && self.timexes.is_empty()
            && self.published_window.is_none()
            && self.mentions.is_empty()
            && self.quotes.is_empty()
    }
}

/// A sentence: `text[start..end]`, trimmed of surrounding whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sentence {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
}

/// What a token is, coarsely; enough for rules to match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens or apostrophes ("US-Präsident", "don't").
    Word,
    /// Digits, possibly with inner separators ("15.08.2025", "3,5", "1.000").
    Number,
    /// An abbreviation or ordinal that keeps its final period ("Dr.", "z. B." parts, "22.").
    Abbreviation,
    /// A quotation mark of any style („ “ ” " » « ‚ ‘ ’ ').
    Quote,
    /// Sentence or clause punctuation (. , ; : ! ? …) and dashes used as punctuation.
    Punct,
    /// Anything else (symbols, emoji, currency signs).
    Symbol,
}

/// A token: `text[start..end]`. Tokens are recomputed on demand (they are
/// cheap), so they are not stored with the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Token {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// What kind of token it is.
    pub kind: TokenKind,
}

/// The TIMEX3 type of a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period ("am Donnerstag", "Ende Februar", "2025").
    Date,
    /// A time of day ("um 14 Uhr", "Montagabend").
    Time,
    /// A length of time ("seit dreieinhalb Jahren" → `P3Y6M`).
    Duration,
    /// A recurrence ("jeden Montag", "daily").
    Set,
}

impl TimexType {
    /// The TIMEX3 name: `DATE`, `TIME`, `DURATION` or `SET`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// A normalised time expression (TIMEX3) with the calendar interval it denotes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// The expression as written.
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// The TIMEX3 value: `2025-02-12`, `2025-W07`, `2025-02`, `P3Y6M`,
    /// `PRESENT_REF`, `XXXX-WXX-4` when it cannot be resolved, …
    pub value: String,
    /// The TIMEX3 `mod` (`START`, `MID`, `END`, `APPROX`, `BEFORE`, `AFTER`, …).
    #[serde(rename = "mod", default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// The earliest calendar instant the expression can mean (`YYYY-MM-DD` or
    /// `YYYY-MM-DDTHH:MM`); `None` when unbounded or unresolved.
    pub earliest: Option<String>,
    /// The latest calendar instant it can mean (inclusive); `None` when unbounded or unresolved.
    pub latest: Option<String>,
    /// What a relative expression was resolved against: `dct` (the
    /// publication date) or `timex:N` (the N-th timex of this document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// An estimated publication window for a document that gives no date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedWindow {
    /// Published no earlier than this (`YYYY-MM-DD`); `None` when unbounded.
    pub earliest: Option<String>,
    /// Published no later than this (`YYYY-MM-DD`); `None` when unbounded.
    pub latest: Option<String>,
    /// Why, in words a user can check: the expressions and tenses the bounds come from.
    pub evidence: String,
}

/// What a mention names: GermEval 2014's four outer classes, plus roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MentionType {
    /// A person ("Wladimir Putin", "Merz").
    Per,
    /// A place: country, city, region, landmark ("Moskau", "Alaska").
    Loc,
    /// An organisation: party, company, authority, team ("Kreml", "RIA Nowosti").
    Org,
    /// Any other name: events, works, products, languages ("Ecce homo").
    Oth,
    /// A title or function that refers to a person without naming them
    /// ("Kremlchef", "US-Präsident", "Sondergesandter"); never a person itself.
    Role,
}

impl MentionType {
    /// The export name: `PER`, `LOC`, `ORG`, `OTH` or `ROLE`.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionType::Per => "PER",
            MentionType::Loc => "LOC",
            MentionType::Org => "ORG",
            MentionType::Oth => "OTH",
            MentionType::Role => "ROLE",
        }
    }
}

/// How a name occurs, when it is not a plain name (GermEval's `-deriv` and `-part`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionForm {
    /// A word derived from a name: "russische" (LOC), "Merkelsche".
    Deriv,
    /// A word containing a name: "Trump-Putin-Deal", "Kreml-Sprecher".
    Part,
}

/// A named-entity or role mention: `text[start..end]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// What it names.
    #[serde(rename = "type")]
    pub kind: MentionType,
    /// Set when the mention is derived from or contains a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<MentionForm>,
    /// How sure the tagger is, in `[0, 1]`.
    pub confidence: f32,
    /// For a role: the index (in this document's mentions) of the person
    /// mention it stands next to ("Kremlchef Wladimir Putin"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_of: Option<usize>,
}

/// What kind of speech a [`Quote`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words in quotation marks presented as someone's statement.
    Direct,
    /// Reported speech: a `dass`-clause or Konjunktiv I after a cue, English
    /// reported speech ("said that …").
    Indirect,
    /// A word or short phrase in quotation marks used as a term, not a
    /// statement (scare quotes: „produktiver“).
    Term,
    /// A claim attributed to a source without quoting it ("laut Kreml",
    /// "according to officials").
    Attribution,
}

/// A byte range `text[start..end]` of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextRange {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
}

/// Who a quote is attributed to: a span of the text (a name, a role, a
/// pronoun), and the entity mention it resolves to when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Inclusive start byte offset of the speaker as written near the quote.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// The speaker as written ("Trump", "der Kremlchef", "er").
    pub text: String,
    /// Index (in this document's mentions) of the person, organisation or
    /// role mention the speaker resolves to; for a pronoun or a carried-over
    /// speaker, the mention it was resolved to, which may lie elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<usize>,
}

/// A quotation, piece of reported speech, or attribution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Inclusive start byte offset of the quoted content (first part), without quotation marks.
    pub start: usize,
    /// Exclusive end byte offset of the quoted content (last part).
    pub end: usize,
    /// The quoted content as written; parts of a split quote joined by " … ".
    pub text: String,
    /// Direct, indirect, term or attribution.
    pub kind: QuoteKind,
    /// The parts of a quote interrupted by its attribution
    /// (`"…", sagte X. "…"`), in order; one part for an uninterrupted quote.
    pub parts: Vec<TextRange>,
    /// The speech verb or attribution word ("sagte", "so", "laut", "told").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<TextRange>,
    /// Who said it, when found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
}
