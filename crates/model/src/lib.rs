//! The shared document model of wirewatch.
//!
//! Every pipeline stage reads and adds to the types defined here; stages never
//! depend on each other. The model does no I/O and cannot fail.
//!
//! * [`RawRecord`] — what ingest hands to extract: the bytes exactly as
//!   received, where they came from, and any metadata the container carried
//!   (a JSONL field, an RSS item, an HTTP header).
//! * [`Document`] — what extract produces: clean text plus metadata. All
//!   later annotation layers point into [`Document::text`] with [`Span`]s.
//! * [`Span`] — `{doc, start, end}`, UTF-8 byte offsets into a document's
//!   clean text. The text never changes after extraction, so spans stay valid.
//! * [`Diagnostic`] — a per-input problem, reported and never panicked.
//!
//! Document ids are content hashes ([`DocId::from_content`]): the same bytes
//! always give the same id, which is what makes ingest idempotent.

#![deny(missing_docs)]

pub mod html_entities;
pub mod layers;

pub use layers::{
    Layers, Mention, MentionForm, MentionType, PublishedWindow, Quote, QuoteKind, Sentence, Speaker,
    TextRange, Timex, TimexType, Token, TokenKind,
};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// A document id: the first 16 hex digits of the SHA-256 of the raw content.
///
/// Stable across runs and machines; 64 bits is ample for deduplicating
/// millions of articles while staying short enough to type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// The id of a document whose raw content is `bytes`.
    pub fn from_content(bytes: &[u8]) -> DocId {
        DocId::from_digest(&Sha256::digest(bytes))
    }

    /// The id for a finished SHA-256 digest: its first 8 bytes in hex.
    fn from_digest(digest: &[u8]) -> DocId {
        let mut hex = String::with_capacity(16);
        for byte in digest.iter().take(8) {
            hex.push_str(&format!("{byte:02x}"));
        }
        DocId(hex)
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A byte range in one document's clean text (`start..end`, UTF-8 offsets).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The document the offsets point into.
    pub doc: DocId,
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
}

impl Span {
    /// The spanned text, or `None` if the span does not fit `text` on char boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }
}

/// How a record's payload should be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentKind {
    /// An HTML or XHTML page.
    Html,
    /// Plain text, e.g. a scraped dump.
    Text,
}

impl ContentKind {
    /// The lowercase name used in storage and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::Html => "html",
            ContentKind::Text => "text",
        }
    }
}

/// Metadata carried by the container a record came in (JSONL fields, an RSS
/// item, HTTP headers). Extract treats these as evidence, weighed against
/// what the page itself says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    /// A title given by the container.
    pub title: Option<String>,
    /// A date or date-time given by the container, as written there.
    pub date: Option<String>,
    /// Authors given by the container.
    pub authors: Vec<String>,
    /// The charset declared outside the payload (HTTP `Content-Type`).
    pub charset: Option<String>,
    /// The outlet or site name given by the container (feed title).
    pub outlet: Option<String>,
}

/// One input item exactly as received: what ingest hands to extract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRecord {
    /// Where it came from: a path, `path:LINE` for JSONL, `path#N` for WARC
    /// records and feed items, or a URL.
    pub source: String,
    /// The article's URL, when known.
    pub url: Option<String>,
    /// How to read `bytes`.
    pub kind: ContentKind,
    /// The payload, still in its original encoding.
    pub bytes: Vec<u8>,
    /// Metadata from the container.
    pub hints: Hints,
}

impl RawRecord {
    /// The content-derived id of the document this record becomes.
    ///
    /// Hashes the payload, its kind and the container hints, so the same
    /// article delivered twice is one document.
    pub fn doc_id(&self) -> DocId {
        // Streamed into the hasher: identical to hashing the concatenation, without copying the page.
        let mut hasher = Sha256::new();
        hasher.update(self.kind.as_str().as_bytes());
        hasher.update([0]);
        for hint in [&self.hints.title, &self.hints.date, &self.url] {
            hasher.update(hint.as_deref().unwrap_or("").as_bytes());
            hasher.update([0]);
        }
        hasher.update(&self.bytes);
        DocId::from_digest(&hasher.finalize())
    }
}

/// What a paragraph-level unit of clean text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// A heading inside the article (not the title).
    Heading,
    /// Running text.
    Paragraph,
    /// A list item.
    Item,
    /// A block quotation.
    Quote,
    /// A table row, cells separated by tabs or " | ".
    Table,
}

/// A paragraph or heading of the clean text: `text[start..end]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Inclusive start byte offset into [`Document::text`].
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// What the block is.
    pub kind: ParagraphKind,
}

/// A publication date and why we believe it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// `YYYY-MM-DD` or a full RFC 3339 date-time.
    pub value: String,
    /// Where it came from, e.g. `json-ld:datePublished`, `meta:article:published_time`,
    /// `text-line:"date 2025-08-15"`, `url:/2025/08/15/`, `jsonl:date`.
    pub evidence: String,
}

/// A dateline: the place an article was filed from ("Anchorage - …").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place as written.
    pub place: String,
    /// Byte range of the place in the clean text.
    pub start: usize,
    /// Exclusive end of the place.
    pub end: usize,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input could not be turned into a document.
    Error,
    /// A document was produced, but something was lost or guessed.
    Warning,
}

/// A problem with one input, reported to the user and never a panic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The input it concerns: a path, `path:LINE`, `path#N` or URL.
    pub source: String,
    /// A human-readable reason.
    pub message: String,
}

impl Diagnostic {
    /// An error for `source`.
    pub fn error(source: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, source: source.into(), message: message.into() }
    }

    /// A warning for `source`.
    pub fn warning(source: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, source: source.into(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}: {}", self.source, self.message)
    }
}

/// A clean, dated article: the unit every later stage annotates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Content-derived id (see [`RawRecord::doc_id`]).
    pub id: DocId,
    /// Where it came from (path, `path:LINE`, `path#N`, URL).
    pub source: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// The article's title.
    pub title: Option<String>,
    /// Authors, in byline order, without "Von"/"By"/"Autor:".
    pub authors: Vec<String>,
    /// Outlet or site name.
    pub outlet: Option<String>,
    /// ISO 639-1 language code, detected (never assumed); `None` if undecidable.
    pub language: Option<String>,
    /// Publication date, or `None` when the document gives none.
    pub published: Option<Published>,
    /// The place the article was filed from.
    pub dateline: Option<Dateline>,
    /// The clean body text: paragraphs separated by a blank line (`"\n\n"`).
    pub text: String,
    /// The paragraphs (and headings) of `text`, in order, not overlapping.
    pub paragraphs: Vec<Paragraph>,
    /// The encoding the raw bytes were decoded from (`UTF-8`, `windows-1252`, …).
    pub encoding: String,
    /// The kind of payload the document was extracted from.
    pub kind: ContentKind,
    /// Stand-off annotations added by the analyse stage (sentences, time
    /// expressions, …); empty straight out of extraction.
    #[serde(default, skip_serializing_if = "Layers::is_empty")]
    pub layers: Layers,
}

impl Document {
    /// The text of a paragraph, by index.
    pub fn paragraph_text(&self, index: usize) -> Option<&str> {
        let block = self.paragraphs.get(index)?;
        self.text.get(block.start..block.end)
    }

    /// A span over `start..end` of this document.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span { doc: self.id.clone(), start, end }
    }
}

/// Builds [`Document::text`] and [`Document::paragraphs`] together so their
/// offsets can never disagree.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    paragraphs: Vec<Paragraph>,
}

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a paragraph; whitespace at its ends is trimmed and empty ones are skipped.
    pub fn push(&mut self, kind: ParagraphKind, content: &str) {
        let content = content.trim();
        if content.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(content);
        self.paragraphs.push(Paragraph { start, end: self.text.len(), kind });
    }

    /// The paragraphs pushed so far.
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// The text and its paragraphs.
    pub fn finish(self) -> (String, Vec<Paragraph>) {
        (self.text, self.paragraphs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_is_stable_and_content_derived() {
        assert_eq!(DocId::from_content(b"abc").as_str(), "ba7816bf8f01cfea");
        assert_eq!(DocId::from_content(b"abc"), DocId::from_content(b"abc"));
        assert_ne!(DocId::from_content(b"abc"), DocId::from_content(b"abd"));
    }

    #[test]
    fn text_builder_keeps_offsets_true() {
        let mut builder = TextBuilder::new();
        builder.push(ParagraphKind::Heading, "  Überschrift ");
        builder.push(ParagraphKind::Paragraph, "");
        builder.push(ParagraphKind::Paragraph, "Erster Absatz – mit „Zitat“.");
        let (text, blocks) = builder.finish();
        assert_eq!(blocks.len(), 2);
        assert_eq!(&text[blocks[0].start..blocks[0].end], "Überschrift");
        assert_eq!(&text[blocks[1].start..blocks[1].end], "Erster Absatz – mit „Zitat“.");
        assert_eq!(&text[blocks[0].end..blocks[1].start], "\n\n");
    }

    #[test]
    fn span_slice_refuses_non_boundaries() {
        let span = Span { doc: DocId("x".into()), start: 1, end: 2 };
        assert_eq!(span.slice("Ü"), None);
        assert_eq!(span.slice("aÜ"), None);
        assert_eq!(span.slice("ab"), Some("b"));
    }

    #[test]
    fn doc_id_hashes_kind_hints_url_and_bytes_in_order() {
        let record = RawRecord {
            source: "a.html".into(),
            url: Some("https://example.invalid/x".into()),
            kind: ContentKind::Html,
            bytes: b"<p>Hallo</p>".to_vec(),
            hints: Hints { title: Some("T".into()), ..Hints::default() },
        };
        let concatenated = b"html\0T\0\0https://example.invalid/x\0<p>Hallo</p>";
        assert_eq!(record.doc_id(), DocId::from_content(concatenated));
        assert_eq!(record.doc_id().as_str().len(), 16);
    }
}
