//! The public, versioned JSON export format of wirewatch.
//!
//! These types are the contract with users (documented in `docs/export.md`,
//! validated by `docs/export.schema.json`). They are deliberately separate
//! from `wirewatch_model`, so an internal refactor never changes the output;
//! only the `From` conversions here follow the model.
//!
//! * [`Export`] — one JSON object: `schema_version`, `generator`, then the
//!   arrays `documents`, `entities`, `mentions`, `timexes`, `quotes`,
//!   `events`, `conflicts` (`entities`, `events` and `conflicts` stay empty
//!   until their stages exist). Each document carries its `sentences` and,
//!   when it has no date, an estimated `published_window`; every entity or
//!   role mention of every document is a [`MentionV1`] in `mentions`, every
//!   time expression a [`TimexV1`] in `timexes`, every quotation, piece of
//!   reported speech or attribution a [`QuoteV1`] in `quotes`.
//! * [`write_json`] writes it pretty-printed; [`JsonWriter`] writes the same
//!   bytes streaming, one document at a time.
//! * [`JsonlWriter`] / [`write_jsonl`] write one tagged object per line, after
//!   a `{"type":"header",…}` line; [`read_jsonl`] reads it back.
//!
//! All offsets (`start`, `end`) are **UTF-8 byte offsets** into the `text` of
//! the document they belong to; a [`SpanV1`] names that document in `doc`.
//! Output is deterministic: struct fields serialise in declaration order and
//! no hash maps are involved, so the same input gives byte-identical JSON.

#![deny(missing_docs)]

use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use wirewatch_model::{Document, MentionForm, MentionType, ParagraphKind, QuoteKind, TimexType};

/// The export format version. Additive changes (new fields, new line types,
/// new enum values) keep it; anything that breaks a reader bumps it.
pub const SCHEMA_VERSION: &str = "1";

/// The `generator` value written into every export.
pub const GENERATOR: &str = concat!("wirewatch ", env!("CARGO_PKG_VERSION"));

/// A complete export: what `wirewatch export --format json` writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Export {
    /// Always [`SCHEMA_VERSION`] when written by this crate.
    pub schema_version: String,
    /// `"wirewatch <version>"`.
    pub generator: String,
    /// The documents, in the order given (the store yields them by id).
    pub documents: Vec<DocumentV1>,
    /// Entities; empty until the entity stage exists.
    #[serde(default)]
    pub entities: Vec<Value>,
    /// Named-entity and role mentions of all documents, in document order,
    /// then text order.
    #[serde(default)]
    pub mentions: Vec<MentionV1>,
    /// Time expressions of all documents, in document order, then text order.
    #[serde(default)]
    pub timexes: Vec<TimexV1>,
    /// Quotations, reported speech and attributions of all documents, in
    /// document order, then text order.
    #[serde(default)]
    pub quotes: Vec<QuoteV1>,
    /// Events; empty until the event stage exists.
    #[serde(default)]
    pub events: Vec<Value>,
    /// Conflicting claims between documents; empty until that stage exists.
    #[serde(default)]
    pub conflicts: Vec<Value>,
}

impl Default for Export {
    fn default() -> Self {
        Export {
            schema_version: SCHEMA_VERSION.to_string(),
            generator: GENERATOR.to_string(),
            documents: Vec::new(),
            entities: Vec::new(),
            mentions: Vec::new(),
            timexes: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            conflicts: Vec::new(),
        }
    }
}

impl Export {
    /// An export of `documents`, in the order given.
    pub fn from_documents<'a>(documents: impl IntoIterator<Item = &'a Document>) -> Export {
        let mut export = Export::default();
        for document in documents {
            export.documents.push(DocumentV1::from(document));
            export.mentions.extend(MentionV1::of_document(document));
            export.timexes.extend(TimexV1::of_document(document));
            export.quotes.extend(QuoteV1::of_document(document));
        }
        export
    }
}

/// A document in schema version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentV1 {
    /// Content-derived id: 16 lowercase hex digits.
    pub id: String,
    /// Where it came from: a path, `path:LINE` (JSONL), `path#N` (WARC record, feed item) or a URL.
    pub source: String,
    /// The article's canonical URL, or `null`.
    pub url: Option<String>,
    /// The title, or `null`.
    pub title: Option<String>,
    /// Authors in byline order; empty when unknown.
    pub authors: Vec<String>,
    /// Outlet or site name, or `null`.
    pub outlet: Option<String>,
    /// Detected ISO 639-1 language code, or `null` if undecidable.
    pub language: Option<String>,
    /// `YYYY-MM-DD` or a full RFC 3339 date-time, or `null`.
    pub published: Option<String>,
    /// Where `published` came from (e.g. `json-ld:datePublished`); `null` exactly when `published` is.
    pub published_evidence: Option<String>,
    /// When the document was probably published, estimated from its own
    /// text; `null` when it has a `published` date or gives no clue.
    #[serde(default)]
    pub published_window: Option<PublishedWindowV1>,
    /// The place the article was filed from, or `null`.
    pub dateline: Option<DatelineV1>,
    /// The clean body text; paragraphs are separated by a blank line.
    pub text: String,
    /// The paragraphs and headings of `text`, in order.
    pub paragraphs: Vec<ParagraphV1>,
    /// The sentences of `text`, in order, not overlapping; later facts
    /// (timexes, quotes, …) lie inside them. Empty when not analysed.
    #[serde(default)]
    pub sentences: Vec<SentenceV1>,
    /// The encoding the raw bytes were decoded from (`UTF-8`, `windows-1252`, …).
    pub encoding: String,
    /// The kind of payload: `html` or `text`.
    pub kind: String,
}

/// A paragraph: `text[start..end]`, byte offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParagraphV1 {
    /// Inclusive start byte offset into the document's `text`.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// `heading`, `paragraph`, `item`, `quote` or `table`.
    pub kind: String,
}

/// A dateline: the place an article was filed from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatelineV1 {
    /// The place as written.
    pub place: String,
    /// Inclusive start byte offset of the place in the document's `text`.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
}

/// A sentence: `text[start..end]`, byte offsets into the document's `text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SentenceV1 {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
}

/// An estimated publication window for a document that gives no date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedWindowV1 {
    /// Published no earlier than this (`YYYY-MM-DD`), or `null` when unbounded.
    pub earliest: Option<String>,
    /// Published no later than this (`YYYY-MM-DD`), or `null` when unbounded.
    pub latest: Option<String>,
    /// Why: the expressions and tenses the bounds come from, in words.
    pub evidence: String,
}

/// A time expression: a span of one document (`doc`, `start`, `end`) with
/// its TIMEX3 normalisation and the calendar interval it denotes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimexV1 {
    /// The `id` of the document the offsets point into.
    pub doc: String,
    /// Inclusive start byte offset into that document's `text`.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// The expression as written (`text[start..end]`).
    pub text: String,
    /// The TIMEX3 type: `DATE`, `TIME`, `DURATION` or `SET`. Named `kind`
    /// like every other "what sort" field of the export (and not TIMEX3's
    /// `type`, which is the line tag of the JSONL format).
    pub kind: String,
    /// The TIMEX3 value: `2025-02-12`, `2025-W07`, `P3Y6M`, `PRESENT_REF`,
    /// `XXXX-WXX-4` when it cannot be resolved, …
    pub value: String,
    /// The TIMEX3 modifier (`START`, `MID`, `END`, `APPROX`, …), or `null`.
    #[serde(rename = "mod")]
    pub modifier: Option<String>,
    /// The earliest instant meant (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`), or
    /// `null` when unbounded or unresolved.
    pub earliest: Option<String>,
    /// The latest instant meant (inclusive), or `null` when unbounded or unresolved.
    pub latest: Option<String>,
    /// What a relative expression was resolved against: `dct` (the
    /// publication date) or `timex:N` (the N-th timex of the same document,
    /// counting from 0); `null` for absolute or unresolved expressions.
    pub anchor: Option<String>,
}

impl TimexV1 {
    /// The time expressions of `document`, in text order.
    pub fn of_document(document: &Document) -> impl Iterator<Item = TimexV1> + '_ {
        TimexV1::of_layers(&document.id.0, &document.layers)
    }

    /// The time expressions in `layers` of the document `doc`, in text
    /// order; for exporting from layers read without their document.
    pub fn of_layers<'a>(
        doc: &'a str,
        layers: &'a wirewatch_model::Layers,
    ) -> impl Iterator<Item = TimexV1> + 'a {
        layers.timexes.iter().map(move |timex| TimexV1 {
            doc: doc.to_string(),
            start: timex.start,
            end: timex.end,
            text: timex.text.clone(),
            kind: timex_type_name(timex.kind).to_string(),
            value: timex.value.clone(),
            modifier: timex.modifier.clone(),
            earliest: timex.earliest.clone(),
            latest: timex.latest.clone(),
            anchor: timex.anchor.clone(),
        })
    }
}

/// The exported name of a timex type: its TIMEX3 name, spelled out here so
/// a model rename cannot silently change the format.
fn timex_type_name(kind: TimexType) -> &'static str {
    match kind {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// A named-entity or role mention: a span of one document (`doc`, `start`,
/// `end`) with what it names and how sure the tagger is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentionV1 {
    /// The `id` of the document the offsets point into.
    pub doc: String,
    /// Inclusive start byte offset into that document's `text`.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// The mention as written (`text[start..end]`).
    pub text: String,
    /// What it names: `PER`, `LOC`, `ORG`, `OTH` (GermEval 2014's outer
    /// classes) or `ROLE` (a title or function, never a person itself).
    /// Named `kind` like every other "what sort" field of the export (the
    /// JSONL line tag is `type`).
    pub kind: String,
    /// `deriv` for a word derived from a name ("russische"), `part` for a
    /// word containing one ("Trump-Putin-Deal"), or `null` for a plain name.
    pub form: Option<String>,
    /// How sure the tagger is, in `[0, 1]`, rounded to 3 decimals.
    pub confidence: f64,
    /// For a `ROLE`: the person mention of the same document it stands for
    /// ("Kremlchef" → "Wladimir Putin"), by its offsets; `null` otherwise.
    pub role_of: Option<MentionRefV1>,
}

/// Another mention of the same document, named by its byte offsets (which
/// identify it: mentions of one document never overlap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MentionRefV1 {
    /// Inclusive start byte offset of that mention.
    pub start: usize,
    /// Exclusive end byte offset of that mention.
    pub end: usize,
}

impl MentionV1 {
    /// The mentions of `document`, in text order.
    pub fn of_document(document: &Document) -> impl Iterator<Item = MentionV1> + '_ {
        MentionV1::of_layers(&document.id.0, &document.layers)
    }

    /// The mentions in `layers` of the document `doc`, in text order; for
    /// exporting from layers read without their document.
    ///
    /// The model links a role to its person by index into the document's
    /// mentions, which means nothing outside it; the export names the person
    /// by its offsets instead. An index that points nowhere (a damaged store)
    /// becomes `null` rather than a wrong link.
    pub fn of_layers<'a>(
        doc: &'a str,
        layers: &'a wirewatch_model::Layers,
    ) -> impl Iterator<Item = MentionV1> + 'a {
        let mentions = &layers.mentions;
        let mut order: Vec<&wirewatch_model::Mention> = mentions.iter().collect();
        // The model promises text order; sorting (stably) makes the export
        // keep it even for layers that break the promise.
        order.sort_by_key(|mention| (mention.start, mention.end));
        order.into_iter().map(move |mention| MentionV1 {
            doc: doc.to_string(),
            start: mention.start,
            end: mention.end,
            text: mention.text.clone(),
            kind: mention_type_name(mention.kind).to_string(),
            form: mention.form.map(|form| mention_form_name(form).to_string()),
            confidence: rounded_confidence(mention.confidence),
            role_of: mention
                .role_of
                .and_then(|index| mentions.get(index))
                .map(|person| MentionRefV1 { start: person.start, end: person.end }),
        })
    }
}

/// A confidence as exported: within `[0, 1]` (NaN, which JSON cannot carry,
/// as 0) and rounded to 3 decimals, so files stay short and stable.
fn rounded_confidence(confidence: f32) -> f64 {
    let confidence = f64::from(confidence);
    if confidence.is_nan() {
        return 0.0;
    }
    (confidence.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// The exported name of a mention type, spelled out here so a model rename
/// cannot silently change the format.
fn mention_type_name(kind: MentionType) -> &'static str {
    match kind {
        MentionType::Per => "PER",
        MentionType::Loc => "LOC",
        MentionType::Org => "ORG",
        MentionType::Oth => "OTH",
        MentionType::Role => "ROLE",
    }
}

/// The exported name of a mention form (GermEval's suffixes, without the dash).
fn mention_form_name(form: MentionForm) -> &'static str {
    match form {
        MentionForm::Deriv => "deriv",
        MentionForm::Part => "part",
    }
}

/// A quotation, piece of reported speech, or attribution: a span of one
/// document (`doc`, `start`, `end`) with its kind, its parts, the cue word
/// and who said it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteV1 {
    /// The `id` of the document the offsets point into.
    pub doc: String,
    /// Inclusive start byte offset of the quoted content (of its first
    /// part), without quotation marks.
    pub start: usize,
    /// Exclusive end byte offset of the quoted content (of its last part).
    pub end: usize,
    /// The quoted content as written; the parts of a split quote joined by " … ".
    pub text: String,
    /// `direct` (words in quotation marks presented as a statement),
    /// `indirect` (reported speech), `term` (a word or phrase in quotation
    /// marks used as a term: scare quotes) or `attribution` (a claim
    /// attributed to a source without quoting it: "laut Kreml"). Named
    /// `kind` like every other "what sort" field (the JSONL line tag is `type`).
    pub kind: String,
    /// The parts of a quote interrupted by its attribution (`"…", sagte X.
    /// "…"`), in text order; one part for an uninterrupted quote.
    pub parts: Vec<TextRangeV1>,
    /// The speech verb or attribution word ("sagte", "so", "laut",
    /// "told"), or `null` when there is none.
    pub cue: Option<TextRangeV1>,
    /// Who said it, or `null` when not found.
    pub speaker: Option<SpeakerV1>,
}

/// A range of the same document's text: `text[start..end]`, byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextRangeV1 {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
}

/// Who a quote is attributed to: the speaker as written near the quote (a
/// name, a role, a pronoun), and the entity mention it resolves to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerV1 {
    /// Inclusive start byte offset of the speaker as written.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// The speaker as written ("Trump", "der Kremlchef", "er").
    pub text: String,
    /// The person, organisation or role mention of the same document the
    /// speaker resolves to, by its offsets (an element of `mentions`); for a
    /// pronoun or a speaker carried over from an earlier quote it may lie
    /// elsewhere in the text. `null` when unresolved.
    pub entity_mention: Option<MentionRefV1>,
}

impl QuoteV1 {
    /// The quotes of `document`, in text order.
    pub fn of_document(document: &Document) -> impl Iterator<Item = QuoteV1> + '_ {
        QuoteV1::of_layers(&document.id.0, &document.layers)
    }

    /// The quotes in `layers` of the document `doc`, in text order; for
    /// exporting from layers read without their document.
    ///
    /// The model names a speaker's mention by index into the document's
    /// mentions, which means nothing outside it; the export names it by its
    /// offsets instead. An index that points nowhere (a damaged store)
    /// becomes `null` rather than a wrong link.
    pub fn of_layers<'a>(
        doc: &'a str,
        layers: &'a wirewatch_model::Layers,
    ) -> impl Iterator<Item = QuoteV1> + 'a {
        let mentions = &layers.mentions;
        let mut order: Vec<&wirewatch_model::Quote> = layers.quotes.iter().collect();
        // The model promises text order; sorting (stably) keeps it even for
        // layers that break the promise.
        order.sort_by_key(|quote| (quote.start, quote.end));
        order.into_iter().map(move |quote| QuoteV1 {
            doc: doc.to_string(),
            start: quote.start,
            end: quote.end,
            text: quote.text.clone(),
            kind: quote_kind_name(quote.kind).to_string(),
            parts: quote.parts.iter().map(|part| TextRangeV1 { start: part.start, end: part.end }).collect(),
            cue: quote.cue.map(|cue| TextRangeV1 { start: cue.start, end: cue.end }),
            speaker: quote.speaker.as_ref().map(|speaker| SpeakerV1 {
                start: speaker.start,
                end: speaker.end,
                text: speaker.text.clone(),
                entity_mention: speaker
                    .mention
                    .and_then(|index| mentions.get(index))
                    .map(|mention| MentionRefV1 { start: mention.start, end: mention.end }),
            }),
        })
    }
}

/// The exported name of a quote kind, spelled out here so a model rename
/// cannot silently change the format.
fn quote_kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Term => "term",
        QuoteKind::Attribution => "attribution",
    }
}

/// A span of one document's text: `{doc, start, end}`, UTF-8 byte offsets
/// into that document's `text`. Used by mentions, timexes, quotes and events.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SpanV1 {
    /// The `id` of the document the offsets point into.
    pub doc: String,
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
}

impl From<&wirewatch_model::Span> for SpanV1 {
    fn from(span: &wirewatch_model::Span) -> Self {
        SpanV1 { doc: span.doc.0.clone(), start: span.start, end: span.end }
    }
}

impl From<&Document> for DocumentV1 {
    fn from(doc: &Document) -> Self {
        DocumentV1 {
            id: doc.id.0.clone(),
            source: doc.source.clone(),
            url: doc.url.clone(),
            title: doc.title.clone(),
            authors: doc.authors.clone(),
            outlet: doc.outlet.clone(),
            language: doc.language.clone(),
            published: doc.published.as_ref().map(|p| p.value.clone()),
            published_evidence: doc.published.as_ref().map(|p| p.evidence.clone()),
            published_window: doc.layers.published_window.as_ref().map(|w| PublishedWindowV1 {
                earliest: w.earliest.clone(),
                latest: w.latest.clone(),
                evidence: w.evidence.clone(),
            }),
            dateline: doc.dateline.as_ref().map(|d| DatelineV1 {
                place: d.place.clone(),
                start: d.start,
                end: d.end,
            }),
            text: doc.text.clone(),
            paragraphs: doc
                .paragraphs
                .iter()
                .map(|p| ParagraphV1 {
                    start: p.start,
                    end: p.end,
                    kind: paragraph_kind_name(p.kind).to_string(),
                })
                .collect(),
            sentences: doc
                .layers
                .sentences
                .iter()
                .map(|s| SentenceV1 { start: s.start, end: s.end })
                .collect(),
            encoding: doc.encoding.clone(),
            kind: doc.kind.as_str().to_string(),
        }
    }
}

/// The exported name of a paragraph kind; spelled out here so a model
/// rename cannot silently change the format.
fn paragraph_kind_name(kind: ParagraphKind) -> &'static str {
    match kind {
        ParagraphKind::Heading => "heading",
        ParagraphKind::Paragraph => "paragraph",
        ParagraphKind::Item => "item",
        ParagraphKind::Quote => "quote",
        ParagraphKind::Table => "table",
    }
}

/// The line types of the JSONL format, by the array of [`Export`] they belong to.
pub mod line_type {
    /// The first line: `schema_version` and `generator`.
    pub const HEADER: &str = "header";
    /// A [`DocumentV1`](super::DocumentV1).
    pub const DOCUMENT: &str = "document";
    /// An element of `entities`.
    pub const ENTITY: &str = "entity";
    /// An element of `mentions`.
    pub const MENTION: &str = "mention";
    /// An element of `timexes`.
    pub const TIMEX: &str = "timex";
    /// An element of `quotes`.
    pub const QUOTE: &str = "quote";
    /// An element of `events`.
    pub const EVENT: &str = "event";
    /// An element of `conflicts`.
    pub const CONFLICT: &str = "conflict";
}

/// Writes `export` as one pretty-printed JSON object followed by a newline.
pub fn write_json(export: &Export, mut out: impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, export).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Reads an export written by [`write_json`] (or any conforming producer).
pub fn read_json(input: impl io::Read) -> io::Result<Export> {
    serde_json::from_reader(input).map_err(io::Error::from)
}

/// Where a streaming writer is: documents come first, then mentions, then
/// time expressions, then quotes, as in the format. Ordered, so "a mention
/// may not follow" is `section > Mentions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Documents,
    Mentions,
    Timexes,
    Quotes,
}

/// The error for an item written after a later section began.
fn out_of_order(item: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{item} too late: write all documents first, then all mentions, then all time expressions, \
             then all quotes"
        ),
    )
}

/// Writes the JSON format streaming: documents are written as they come, so
/// memory stays flat however many there are. The bytes are identical to
/// [`write_json`] of the same documents.
///
/// Mentions, time expressions and quotes follow all documents in the format.
/// [`JsonWriter::document`] keeps each document's [`MentionV1`]s,
/// [`TimexV1`]s and [`QuoteV1`]s and writes them when the documents end,
/// which holds all of them in memory; to stay flat for very large exports,
/// write the documents with [`JsonWriter::document_v1`], then, in a second
/// pass, their mentions with [`JsonWriter::mention`], in a third their time
/// expressions with [`JsonWriter::timex`] and in a fourth their quotes with
/// [`JsonWriter::quote`].
#[derive(Debug)]
pub struct JsonWriter<W: Write> {
    out: W,
    section: Section,
    documents: usize,
    mentions: usize,
    timexes: usize,
    quotes: usize,
    /// Mentions of documents given to [`JsonWriter::document`], not yet written.
    pending_mentions: Vec<MentionV1>,
    /// Time expressions of documents given to [`JsonWriter::document`], not yet written.
    pending_timexes: Vec<TimexV1>,
    /// Quotes of documents given to [`JsonWriter::document`], not yet written.
    pending_quotes: Vec<QuoteV1>,
}

impl<W: Write> JsonWriter<W> {
    /// Starts the export object.
    pub fn new(mut out: W) -> io::Result<Self> {
        write!(
            out,
            "{{\n  \"schema_version\": {},\n  \"generator\": {},\n  \"documents\": [",
            json_string(SCHEMA_VERSION)?,
            json_string(GENERATOR)?
        )?;
        Ok(JsonWriter {
            out,
            section: Section::Documents,
            documents: 0,
            mentions: 0,
            timexes: 0,
            quotes: 0,
            pending_mentions: Vec::new(),
            pending_timexes: Vec::new(),
            pending_quotes: Vec::new(),
        })
    }

    /// Appends a document; its mentions, time expressions and quotes are
    /// kept and written into `mentions`, `timexes` and `quotes` after the
    /// last document.
    pub fn document(&mut self, document: &Document) -> io::Result<()> {
        self.document_v1(&DocumentV1::from(document))?;
        self.pending_mentions.extend(MentionV1::of_document(document));
        self.pending_timexes.extend(TimexV1::of_document(document));
        self.pending_quotes.extend(QuoteV1::of_document(document));
        Ok(())
    }

    /// Appends an already converted document (its mentions, time expressions
    /// and quotes are not known here: give them to [`JsonWriter::mention`],
    /// [`JsonWriter::timex`] and [`JsonWriter::quote`]). Fails once the
    /// mentions have begun.
    pub fn document_v1(&mut self, document: &DocumentV1) -> io::Result<()> {
        if self.section != Section::Documents {
            return Err(out_of_order("a document"));
        }
        write_array_item(&mut self.out, document, self.documents == 0)?;
        self.documents += 1;
        Ok(())
    }

    /// Appends a mention, after those kept from [`JsonWriter::document`].
    /// This ends the documents: no document may follow. Fails once the time
    /// expressions have begun.
    pub fn mention(&mut self, mention: &MentionV1) -> io::Result<()> {
        if self.section > Section::Mentions {
            return Err(out_of_order("a mention"));
        }
        self.start_mentions()?;
        self.write_mention(mention)
    }

    /// Appends a time expression, after the mentions and time expressions
    /// kept from [`JsonWriter::document`]. This ends the documents and the
    /// mentions: neither may follow. Fails once the quotes have begun.
    pub fn timex(&mut self, timex: &TimexV1) -> io::Result<()> {
        if self.section > Section::Timexes {
            return Err(out_of_order("a time expression"));
        }
        self.start_timexes()?;
        self.write_timex(timex)
    }

    /// Appends a quote, after the mentions, time expressions and quotes kept
    /// from [`JsonWriter::document`]. This ends the documents, the mentions
    /// and the time expressions: none may follow.
    pub fn quote(&mut self, quote: &QuoteV1) -> io::Result<()> {
        self.start_quotes()?;
        self.write_quote(quote)
    }

    fn write_mention(&mut self, mention: &MentionV1) -> io::Result<()> {
        write_array_item(&mut self.out, mention, self.mentions == 0)?;
        self.mentions += 1;
        Ok(())
    }

    fn write_timex(&mut self, timex: &TimexV1) -> io::Result<()> {
        write_array_item(&mut self.out, timex, self.timexes == 0)?;
        self.timexes += 1;
        Ok(())
    }

    fn write_quote(&mut self, quote: &QuoteV1) -> io::Result<()> {
        write_array_item(&mut self.out, quote, self.quotes == 0)?;
        self.quotes += 1;
        Ok(())
    }

    /// Closes the documents array, writes the (still empty) `entities` and
    /// opens `mentions` with the mentions kept so far; once only.
    fn start_mentions(&mut self) -> io::Result<()> {
        if self.section != Section::Documents {
            return Ok(());
        }
        self.section = Section::Mentions;
        close_array(&mut self.out, self.documents)?;
        self.out.write_all(b",\n  \"entities\": [],\n  \"mentions\": [")?;
        for mention in std::mem::take(&mut self.pending_mentions) {
            self.write_mention(&mention)?;
        }
        Ok(())
    }

    /// Ends the mentions (and the documents, if still open) and opens
    /// `timexes` with the time expressions kept so far; once only.
    fn start_timexes(&mut self) -> io::Result<()> {
        if self.section >= Section::Timexes {
            return Ok(());
        }
        self.start_mentions()?;
        self.section = Section::Timexes;
        close_array(&mut self.out, self.mentions)?;
        self.out.write_all(b",\n  \"timexes\": [")?;
        for timex in std::mem::take(&mut self.pending_timexes) {
            self.write_timex(&timex)?;
        }
        Ok(())
    }

    /// Ends the time expressions (and the sections before, if still open)
    /// and opens `quotes` with the quotes kept so far; once only.
    fn start_quotes(&mut self) -> io::Result<()> {
        if self.section >= Section::Quotes {
            return Ok(());
        }
        self.start_timexes()?;
        self.section = Section::Quotes;
        close_array(&mut self.out, self.timexes)?;
        self.out.write_all(b",\n  \"quotes\": [")?;
        for quote in std::mem::take(&mut self.pending_quotes) {
            self.write_quote(&quote)?;
        }
        Ok(())
    }

    /// Ends the documents, mentions, time expressions and quotes, writes the
    /// (still empty) remaining arrays, closes the object and returns the
    /// writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.start_quotes()?;
        close_array(&mut self.out, self.quotes)?;
        self.out.write_all(b",\n")?;
        let rest = ["events", "conflicts"];
        for (index, name) in rest.iter().enumerate() {
            let comma = if index + 1 < rest.len() { "," } else { "" };
            writeln!(self.out, "  \"{name}\": []{comma}")?;
        }
        self.out.write_all(b"}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes one element of a top-level array as `serde_json`'s pretty printer
/// would: a separator, then the element indented to the array's depth.
fn write_array_item<T: Serialize>(out: &mut impl Write, item: &T, first: bool) -> io::Result<()> {
    let mut pretty = Vec::new();
    serde_json::to_writer_pretty(&mut pretty, item).map_err(io::Error::from)?;
    out.write_all(if first { b"\n" } else { b",\n" })?;
    // Newlines inside strings are escaped in JSON, so every raw newline is structural.
    for (index, line) in pretty.split(|&byte| byte == b'\n').enumerate() {
        if index > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"    ")?;
        out.write_all(line)?;
    }
    Ok(())
}

/// Closes a top-level array of `items` elements: `[]` stays on one line.
fn close_array(out: &mut impl Write, items: usize) -> io::Result<()> {
    if items > 0 {
        out.write_all(b"\n  ")?;
    }
    out.write_all(b"]")
}

fn json_string(text: &str) -> io::Result<String> {
    serde_json::to_string(text).map_err(io::Error::from)
}

/// A JSONL line: the type tag first, then the item's own fields.
#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(flatten)]
    item: &'a T,
}

/// The JSONL header line's fields.
#[derive(Serialize, Deserialize)]
struct Header {
    schema_version: String,
    generator: String,
}

/// Writes the JSONL format: a header line, then one object per line, each
/// tagged with `"type"`. Lines are written as they come, so exports of any
/// size stream in constant memory, with the same caveat as [`JsonWriter`]:
/// [`JsonlWriter::document`] keeps the document's mentions, time expressions
/// and quotes until the documents end; [`JsonlWriter::document_v1`],
/// [`JsonlWriter::mention`], [`JsonlWriter::timex`] and
/// [`JsonlWriter::quote`] keep nothing.
#[derive(Debug)]
pub struct JsonlWriter<W: Write> {
    out: W,
    section: Section,
    /// Mentions of documents given to [`JsonlWriter::document`], not yet written.
    pending_mentions: Vec<MentionV1>,
    /// Time expressions of documents given to [`JsonlWriter::document`], not yet written.
    pending_timexes: Vec<TimexV1>,
    /// Quotes of documents given to [`JsonlWriter::document`], not yet written.
    pending_quotes: Vec<QuoteV1>,
}

impl<W: Write> JsonlWriter<W> {
    /// Writes the header line `{"type":"header","schema_version":…,"generator":…}`.
    pub fn new(out: W) -> io::Result<Self> {
        let mut writer = JsonlWriter {
            out,
            section: Section::Documents,
            pending_mentions: Vec::new(),
            pending_timexes: Vec::new(),
            pending_quotes: Vec::new(),
        };
        let header = Header { schema_version: SCHEMA_VERSION.to_string(), generator: GENERATOR.to_string() };
        writer.line(line_type::HEADER, &header)?;
        Ok(writer)
    }

    /// Writes a `"type":"document"` line; the document's `"mention"`,
    /// `"timex"` and `"quote"` lines follow the last document.
    pub fn document(&mut self, document: &Document) -> io::Result<()> {
        self.document_v1(&DocumentV1::from(document))?;
        self.pending_mentions.extend(MentionV1::of_document(document));
        self.pending_timexes.extend(TimexV1::of_document(document));
        self.pending_quotes.extend(QuoteV1::of_document(document));
        Ok(())
    }

    /// Writes a `"type":"document"` line for an already converted document.
    /// Fails once the mentions have begun.
    pub fn document_v1(&mut self, document: &DocumentV1) -> io::Result<()> {
        if self.section != Section::Documents {
            return Err(out_of_order("a document"));
        }
        self.line(line_type::DOCUMENT, document)
    }

    /// Writes a `"type":"mention"` line, after those kept from
    /// [`JsonlWriter::document`]. No document may follow; fails once the
    /// time expressions have begun.
    pub fn mention(&mut self, mention: &MentionV1) -> io::Result<()> {
        if self.section > Section::Mentions {
            return Err(out_of_order("a mention"));
        }
        self.start_mentions()?;
        self.line(line_type::MENTION, mention)
    }

    /// Writes a `"type":"timex"` line, after the mentions and time
    /// expressions kept from [`JsonlWriter::document`]. No document or
    /// mention may follow; fails once the quotes have begun.
    pub fn timex(&mut self, timex: &TimexV1) -> io::Result<()> {
        if self.section > Section::Timexes {
            return Err(out_of_order("a time expression"));
        }
        self.start_timexes()?;
        self.line(line_type::TIMEX, timex)
    }

    /// Writes a `"type":"quote"` line, after the mentions, time expressions
    /// and quotes kept from [`JsonlWriter::document`]. No document, mention
    /// or time expression may follow.
    pub fn quote(&mut self, quote: &QuoteV1) -> io::Result<()> {
        self.start_quotes()?;
        self.line(line_type::QUOTE, quote)
    }

    /// Ends the documents and writes the mentions kept so far; once only.
    fn start_mentions(&mut self) -> io::Result<()> {
        if self.section != Section::Documents {
            return Ok(());
        }
        self.section = Section::Mentions;
        for mention in std::mem::take(&mut self.pending_mentions) {
            self.line(line_type::MENTION, &mention)?;
        }
        Ok(())
    }

    /// Ends the mentions and writes the time expressions kept so far; once only.
    fn start_timexes(&mut self) -> io::Result<()> {
        if self.section >= Section::Timexes {
            return Ok(());
        }
        self.start_mentions()?;
        self.section = Section::Timexes;
        for timex in std::mem::take(&mut self.pending_timexes) {
            self.line(line_type::TIMEX, &timex)?;
        }
        Ok(())
    }

    /// Ends the time expressions and writes the quotes kept so far; once only.
    fn start_quotes(&mut self) -> io::Result<()> {
        if self.section >= Section::Quotes {
            return Ok(());
        }
        self.start_timexes()?;
        self.section = Section::Quotes;
        for quote in std::mem::take(&mut self.pending_quotes) {
            self.line(line_type::QUOTE, &quote)?;
        }
        Ok(())
    }

    /// Writes one line of type `kind` (see [`line_type`]); `item` must
    /// serialise to a JSON object, whose fields follow the tag. This writes
    /// at once, whatever the section: keeping the format's order is the
    /// caller's task here.
    pub fn line<T: Serialize>(&mut self, kind: &str, item: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, &Tagged { kind, item }).map_err(io::Error::from)?;
        self.out.write_all(b"\n")
    }

    /// Writes the mentions, time expressions and quotes still kept, flushes
    /// and returns the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.start_quotes()?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes a whole export as JSONL: header, documents, then the other arrays
/// in the order of [`Export`]'s fields.
pub fn write_jsonl(export: &Export, out: impl Write) -> io::Result<()> {
    let mut writer = JsonlWriter::new(out)?;
    for document in &export.documents {
        writer.document_v1(document)?;
    }
    for entity in &export.entities {
        writer.line(line_type::ENTITY, entity)?;
    }
    for mention in &export.mentions {
        writer.line(line_type::MENTION, mention)?;
    }
    for timex in &export.timexes {
        writer.line(line_type::TIMEX, timex)?;
    }
    for quote in &export.quotes {
        writer.line(line_type::QUOTE, quote)?;
    }
    for (kind, items) in [(line_type::EVENT, &export.events), (line_type::CONFLICT, &export.conflicts)] {
        for item in items {
            writer.line(kind, item)?;
        }
    }
    writer.finish().map(drop)
}

/// Reads the JSONL format back into an [`Export`]. The first non-empty line
/// must be the header; lines of unknown type are skipped, as the versioning
/// policy requires of readers. Errors name the offending line number.
pub fn read_jsonl(input: impl BufRead) -> io::Result<Export> {
    let mut export: Option<Export> = None;
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let invalid =
            |message: String| io::Error::new(io::ErrorKind::InvalidData, format!("line {number}: {message}"));
        let mut value: Value = serde_json::from_str(&line).map_err(|err| invalid(err.to_string()))?;
        let object = value.as_object_mut().ok_or_else(|| invalid("not a JSON object".into()))?;
        let kind = match object.remove("type") {
            Some(Value::String(kind)) => kind,
            _ => return Err(invalid("no string \"type\" field".into())),
        };
        let Some(export) = export.as_mut() else {
            if kind != line_type::HEADER {
                return Err(invalid(format!("expected the header line first, found type {kind:?}")));
            }
            let header: Header = serde_json::from_value(value).map_err(|err| invalid(err.to_string()))?;
            export = Some(Export {
                schema_version: header.schema_version,
                generator: header.generator,
                ..Export::default()
            });
            continue;
        };
        let list = match kind.as_str() {
            line_type::DOCUMENT => {
                let document = serde_json::from_value(value).map_err(|err| invalid(err.to_string()))?;
                export.documents.push(document);
                continue;
            }
            line_type::MENTION => {
                let mention = serde_json::from_value(value).map_err(|err| invalid(err.to_string()))?;
                export.mentions.push(mention);
                continue;
            }
            line_type::TIMEX => {
                let timex = serde_json::from_value(value).map_err(|err| invalid(err.to_string()))?;
                export.timexes.push(timex);
                continue;
            }
            line_type::QUOTE => {
                let quote = serde_json::from_value(value).map_err(|err| invalid(err.to_string()))?;
                export.quotes.push(quote);
                continue;
            }
            line_type::HEADER => return Err(invalid("a second header line".into())),
            line_type::ENTITY => &mut export.entities,
            line_type::EVENT => &mut export.events,
            line_type::CONFLICT => &mut export.conflicts,
            _ => continue,
        };
        list.push(value);
    }
    export.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "empty input: no header line"))
}
