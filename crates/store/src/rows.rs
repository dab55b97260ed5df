//! Rows: how model values map to table rows and back, and the SQL that
//! reads and writes them. Stored JSON uses its own field names, so a model
//! refactor cannot make old stores unreadable.

use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};
use wirewatch_model::{
    Dateline, Diagnostic, DocId, Document, Hints, Layers, Mention, MentionForm, MentionType, Paragraph,
    ParagraphKind, Published, PublishedWindow, Quote, QuoteKind, RawRecord, Sentence, Speaker, TextRange,
    Timex, TimexType,
};

use crate::{codec, StoreError, MAX_CANDIDATES};

/// Hints as stored: our own field names, so a model refactor cannot make
/// old stores unreadable; missing fields read as empty.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
pub(crate) struct StoredHints {
    title: Option<String>,
    date: Option<String>,
    authors: Vec<String>,
    charset: Option<String>,
    outlet: Option<String>,
}

impl From<&Hints> for StoredHints {
    fn from(hints: &Hints) -> Self {
        StoredHints {
            title: hints.title.clone(),
            date: hints.date.clone(),
            authors: hints.authors.clone(),
            charset: hints.charset.clone(),
            outlet: hints.outlet.clone(),
        }
    }
}

impl From<StoredHints> for Hints {
    fn from(hints: StoredHints) -> Self {
        Hints {
            title: hints.title,
            date: hints.date,
            authors: hints.authors,
            charset: hints.charset,
            outlet: hints.outlet,
        }
    }
}

/// A dateline as stored.
#[derive(Serialize, Deserialize)]
struct StoredDateline {
    place: String,
    start: usize,
    end: usize,
}

/// A paragraph as stored: `[start, end, "kind"]`, compact because a
/// document has dozens of them.
type StoredParagraph = (usize, usize, String);

/// The analysis layers as stored in `documents.layers`: our own field
/// names, sentences as compact `[start, end]` pairs; missing fields read as
/// empty so a newer layer can be added without a migration.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
struct StoredLayers {
    sentences: Vec<(usize, usize)>,
    timexes: Vec<StoredTimex>,
    published_window: Option<StoredWindow>,
    mentions: Vec<StoredMention>,
    quotes: Vec<StoredQuote>,
}

/// A quote as stored.
#[derive(Serialize, Deserialize)]
struct StoredQuote {
    start: usize,
    end: usize,
    text: String,
    kind: String,
    parts: Vec<(usize, usize)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cue: Option<(usize, usize)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    speaker: Option<StoredSpeaker>,
}

/// A quote's speaker as stored.
#[derive(Serialize, Deserialize)]
struct StoredSpeaker {
    start: usize,
    end: usize,
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mention: Option<usize>,
}

/// An entity or role mention as stored.
#[derive(Serialize, Deserialize)]
struct StoredMention {
    start: usize,
    end: usize,
    text: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    form: Option<String>,
    confidence: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role_of: Option<usize>,
}

/// A time expression as stored.
#[derive(Serialize, Deserialize)]
struct StoredTimex {
    start: usize,
    end: usize,
    text: String,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    #[serde(rename = "mod", default, skip_serializing_if = "Option::is_none")]
    modifier: Option<String>,
    #[serde(default)]
    earliest: Option<String>,
    #[serde(default)]
    latest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    anchor: Option<String>,
}

/// An estimated publication window as stored.
#[derive(Serialize, Deserialize)]
struct StoredWindow {
    #[serde(default)]
    earliest: Option<String>,
    #[serde(default)]
    latest: Option<String>,
    #[serde(default)]
    evidence: String,
}

/// The stored name of a timex type (its TIMEX3 name).
fn timex_type_name(kind: TimexType) -> &'static str {
    match kind {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// Parses a stored timex type.
fn parse_timex_type(name: &str) -> Result<TimexType, StoreError> {
    Ok(match name {
        "DATE" => TimexType::Date,
        "TIME" => TimexType::Time,
        "DURATION" => TimexType::Duration,
        "SET" => TimexType::Set,
        other => return Err(StoreError::Corrupt(format!("unknown timex type {other:?}"))),
    })
}

/// The `layers` column of a document: `None` (SQL NULL) when it has none.
fn layers_to_json(layers: &Layers) -> Result<Option<String>, StoreError> {
    if layers.is_empty() {
        return Ok(None);
    }
    let stored = StoredLayers {
        sentences: layers.sentences.iter().map(|s| (s.start, s.end)).collect(),
        timexes: layers
            .timexes
            .iter()
            .map(|t| StoredTimex {
                start: t.start,
                end: t.end,
                text: t.text.clone(),
                kind: timex_type_name(t.kind).to_string(),
                value: t.value.clone(),
                modifier: t.modifier.clone(),
                earliest: t.earliest.clone(),
                latest: t.latest.clone(),
                anchor: t.anchor.clone(),
            })
            .collect(),
        published_window: layers.published_window.as_ref().map(|w| StoredWindow {
            earliest: w.earliest.clone(),
            latest: w.latest.clone(),
            evidence: w.evidence.clone(),
        }),
        mentions: layers
            .mentions
            .iter()
            .map(|m| StoredMention {
                start: m.start,
                end: m.end,
                text: m.text.clone(),
                kind: m.kind.as_str().to_string(),
                form: m.form.map(|form| mention_form_name(form).to_string()),
                confidence: m.confidence,
                role_of: m.role_of,
            })
            .collect(),
        quotes: layers
            .quotes
            .iter()
            .map(|q| StoredQuote {
                start: q.start,
                end: q.end,
                text: q.text.clone(),
                kind: quote_kind_name(q.kind).to_string(),
                parts: q.parts.iter().map(|p| (p.start, p.end)).collect(),
                cue: q.cue.map(|c| (c.start, c.end)),
                speaker: q.speaker.as_ref().map(|s| StoredSpeaker {
                    start: s.start,
                    end: s.end,
                    text: s.text.clone(),
                    mention: s.mention,
                }),
            })
            .collect(),
    };
    codec::to_json(&stored).map(Some)
}

/// Reads the `layers` column back; NULL (documents stored before schema 2,
/// or never analysed) is empty layers.
fn layers_from_json(json: Option<&str>, what: &str) -> Result<Layers, StoreError> {
    let Some(json) = json else { return Ok(Layers::default()) };
    let stored: StoredLayers = codec::from_json(json, what)?;
    let timexes = stored
        .timexes
        .into_iter()
        .map(|t| {
            Ok(Timex {
                start: t.start,
                end: t.end,
                text: t.text,
                kind: parse_timex_type(&t.kind)?,
                value: t.value,
                modifier: t.modifier,
                earliest: t.earliest,
                latest: t.latest,
                anchor: t.anchor,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Layers {
        sentences: stored.sentences.into_iter().map(|(start, end)| Sentence { start, end }).collect(),
        timexes,
        published_window: stored.published_window.map(|w| PublishedWindow {
            earliest: w.earliest,
            latest: w.latest,
            evidence: w.evidence,
        }),
        mentions: stored
            .mentions
            .into_iter()
            .map(|m| {
                Ok(Mention {
                    start: m.start,
                    end: m.end,
                    text: m.text,
                    kind: parse_mention_type(&m.kind)?,
                    form: m.form.as_deref().map(parse_mention_form).transpose()?,
                    confidence: m.confidence,
                    role_of: m.role_of,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?,
        quotes: stored
            .quotes
            .into_iter()
            .map(|q| {
                Ok(Quote {
                    start: q.start,
                    end: q.end,
                    text: q.text,
                    kind: parse_quote_kind(&q.kind)?,
                    parts: q.parts.into_iter().map(|(start, end)| TextRange { start, end }).collect(),
                    cue: q.cue.map(|(start, end)| TextRange { start, end }),
                    speaker: q.speaker.map(|s| Speaker {
                        start: s.start,
                        end: s.end,
                        text: s.text,
                        mention: s.mention,
                    }),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?,
    })
}

/// The stored name of a quote kind.
fn quote_kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Term => "term",
        QuoteKind::Attribution => "attribution",
    }
}

/// Parses a stored quote kind.
fn parse_quote_kind(name: &str) -> Result<QuoteKind, StoreError> {
    Ok(match name {
        "direct" => QuoteKind::Direct,
        "indirect" => QuoteKind::Indirect,
        "term" => QuoteKind::Term,
        "attribution" => QuoteKind::Attribution,
        other => return Err(StoreError::Corrupt(format!("unknown quote kind {other:?}"))),
    })
}

/// The stored name of a mention form.
fn mention_form_name(form: MentionForm) -> &'static str {
    match form {
        MentionForm::Deriv => "deriv",
        MentionForm::Part => "part",
    }
}

/// Parses a stored mention form.
fn parse_mention_form(name: &str) -> Result<MentionForm, StoreError> {
    match name {
        "deriv" => Ok(MentionForm::Deriv),
        "part" => Ok(MentionForm::Part),
        other => Err(StoreError::Corrupt(format!("unknown mention form {other:?}"))),
    }
}

/// Parses a stored mention type.
fn parse_mention_type(name: &str) -> Result<MentionType, StoreError> {
    Ok(match name {
        "PER" => MentionType::Per,
        "LOC" => MentionType::Loc,
        "ORG" => MentionType::Org,
        "OTH" => MentionType::Oth,
        "ROLE" => MentionType::Role,
        other => return Err(StoreError::Corrupt(format!("unknown mention type {other:?}"))),
    })
}

/// The stored name of a paragraph kind.
fn paragraph_kind_name(kind: ParagraphKind) -> &'static str {
    match kind {
        ParagraphKind::Heading => "heading",
        ParagraphKind::Paragraph => "paragraph",
        ParagraphKind::Item => "item",
        ParagraphKind::Quote => "quote",
        ParagraphKind::Table => "table",
    }
}

/// Parses a stored paragraph kind.
fn parse_paragraph_kind(name: &str) -> Result<ParagraphKind, StoreError> {
    Ok(match name {
        "heading" => ParagraphKind::Heading,
        "paragraph" => ParagraphKind::Paragraph,
        "item" => ParagraphKind::Item,
        "quote" => ParagraphKind::Quote,
        "table" => ParagraphKind::Table,
        other => return Err(StoreError::Corrupt(format!("unknown paragraph kind {other:?}"))),
    })
}

/// The columns [`document_from_row`] reads, in its order.
pub(crate) const DOCUMENT_COLUMNS: &str = "id, source, url, title, authors, outlet, language, published, \
                                published_evidence, dateline, text, paragraphs, encoding, kind, layers";

/// The columns [`raw_from_row`] reads, in its order.
pub(crate) const RAW_COLUMNS: &str = "doc_id, source, url, kind, hints, bytes, byte_len";

/// Whether a document with exactly this id is stored.
pub(crate) fn contains(conn: &Connection, id: &DocId) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM documents WHERE id = ?1)")?;
    Ok(stmt.query_row(params![id.as_str()], |row| row.get(0))?)
}

/// Writes a document row; `replace` upserts (keeping `ingested_at`),
/// otherwise a plain insert that fails on an existing id.
pub(crate) fn write_document(
    conn: &Connection,
    extractor_version: &str,
    doc: &Document,
    replace: bool,
) -> Result<(), StoreError> {
    let insert = "INSERT INTO documents (id, source, url, title, authors, outlet, language, published, \
                  published_evidence, dateline, text, paragraphs, encoding, kind, layers, extractor_version, ingested_at)
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                          strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
    let upsert = " ON CONFLICT (id) DO UPDATE SET
                     source = excluded.source, url = excluded.url, title = excluded.title,
                     authors = excluded.authors, outlet = excluded.outlet, language = excluded.language,
                     published = excluded.published, published_evidence = excluded.published_evidence,
                     dateline = excluded.dateline, text = excluded.text, paragraphs = excluded.paragraphs,
                     encoding = excluded.encoding, kind = excluded.kind, layers = excluded.layers,
                     extractor_version = excluded.extractor_version";
    let sql = if replace { format!("{insert}{upsert}") } else { insert.to_string() };
    let paragraphs: Vec<StoredParagraph> =
        doc.paragraphs.iter().map(|p| (p.start, p.end, paragraph_kind_name(p.kind).to_string())).collect();
    let dateline = doc
        .dateline
        .as_ref()
        .map(|d| codec::to_json(&StoredDateline { place: d.place.clone(), start: d.start, end: d.end }))
        .transpose()?;
    conn.prepare_cached(&sql)?.execute(params![
        doc.id.as_str(),
        doc.source,
        doc.url,
        doc.title,
        codec::to_json(&doc.authors)?,
        doc.outlet,
        doc.language,
        doc.published.as_ref().map(|p| p.value.as_str()),
        doc.published.as_ref().map(|p| p.evidence.as_str()),
        dateline,
        doc.text,
        codec::to_json(&paragraphs)?,
        doc.encoding,
        codec::kind_name(doc.kind),
        layers_to_json(&doc.layers)?,
        extractor_version,
    ])?;
    Ok(())
}

/// Appends a document's diagnostics, numbered in the order given.
pub(crate) fn write_diagnostics(
    conn: &Connection,
    id: &DocId,
    diagnostics: &[Diagnostic],
) -> Result<(), StoreError> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO diagnostics (doc_id, seq, severity, source, message) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (seq, diagnostic) in diagnostics.iter().enumerate() {
        stmt.execute(params![
            id.as_str(),
            to_i64(seq),
            codec::severity_name(diagnostic.severity),
            diagnostic.source,
            diagnostic.message
        ])?;
    }
    Ok(())
}

/// The document with exactly this id.
pub(crate) fn document_by_id(conn: &Connection, id: &DocId) -> Result<Option<Document>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"))?;
    let mut rows = stmt.query(params![id.as_str()])?;
    match rows.next()? {
        Some(row) => Ok(Some(document_from_row(row)?)),
        None => Ok(None),
    }
}

/// A document from a row selected with [`DOCUMENT_COLUMNS`].
pub(crate) fn document_from_row(row: &Row<'_>) -> Result<Document, StoreError> {
    let id: String = row.get(0)?;
    let authors: String = row.get(4)?;
    let published: Option<String> = row.get(7)?;
    let evidence: Option<String> = row.get(8)?;
    let dateline: Option<String> = row.get(9)?;
    let paragraphs: String = row.get(11)?;
    let kind: String = row.get(13)?;
    let layers: Option<String> = row.get(14)?;
    let what = |field: &str| format!("document {id}: {field}");
    let paragraphs: Vec<StoredParagraph> = codec::from_json(&paragraphs, &what("paragraphs"))?;
    let paragraphs = paragraphs
        .into_iter()
        .map(|(start, end, kind)| Ok(Paragraph { start, end, kind: parse_paragraph_kind(&kind)? }))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let dateline = match dateline {
        Some(json) => {
            let stored: StoredDateline = codec::from_json(&json, &what("dateline"))?;
            Some(Dateline { place: stored.place, start: stored.start, end: stored.end })
        }
        None => None,
    };
    Ok(Document {
        source: row.get(1)?,
        url: row.get(2)?,
        title: row.get(3)?,
        authors: codec::from_json(&authors, &what("authors"))?,
        outlet: row.get(5)?,
        language: row.get(6)?,
        published: published.map(|value| Published { value, evidence: evidence.unwrap_or_default() }),
        dateline,
        text: row.get(10)?,
        paragraphs,
        encoding: row.get(12)?,
        kind: codec::parse_kind(&kind)?,
        layers: layers_from_json(layers.as_deref(), &what("layers"))?,
        id: DocId(id),
    })
}

/// A raw record from a row selected with [`RAW_COLUMNS`], decompressed.
pub(crate) fn raw_from_row(row: &Row<'_>) -> Result<(DocId, RawRecord), StoreError> {
    let id: String = row.get(0)?;
    let kind: String = row.get(3)?;
    let hints: String = row.get(4)?;
    let packed: Vec<u8> = row.get(5)?;
    let byte_len: i64 = row.get(6)?;
    let hints: StoredHints = codec::from_json(&hints, &format!("raw record {id}: hints"))?;
    let record = RawRecord {
        source: row.get(1)?,
        url: row.get(2)?,
        kind: codec::parse_kind(&kind)?,
        bytes: codec::decompress(&packed, byte_len)
            .map_err(|err| StoreError::Corrupt(format!("raw record {id}: {err}")))?,
        hints: hints.into(),
    };
    Ok((DocId(id), record))
}

/// One page of documents in id order.
pub(crate) fn documents_page(
    conn: &Connection,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<Document>, StoreError> {
    page(conn, &format!("SELECT {DOCUMENT_COLUMNS} FROM documents"), "id", after, limit, document_from_row)
}

/// One page of documents' analysis layers in id order, without the rest
/// of the row (no text), for a second pass over a large store.
pub(crate) fn layers_page(
    conn: &Connection,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<(DocId, Layers)>, StoreError> {
    page(conn, "SELECT id, layers FROM documents", "id", after, limit, |row| {
        let id: String = row.get(0)?;
        let layers: Option<String> = row.get(1)?;
        let layers = layers_from_json(layers.as_deref(), &format!("document {id}: layers"))?;
        Ok((DocId(id), layers))
    })
}

/// One page of raw records in id order.
pub(crate) fn raw_page(
    conn: &Connection,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<(DocId, RawRecord)>, StoreError> {
    page(conn, &format!("SELECT {RAW_COLUMNS} FROM raw"), "doc_id", after, limit, raw_from_row)
}

/// One page of `select` in `key` order, starting after `after` (keyset
/// paging: each page is one indexed range scan, however deep).
fn page<T>(
    conn: &Connection,
    select: &str,
    key: &str,
    after: Option<&str>,
    limit: usize,
    convert: fn(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let limit = to_i64(limit);
    let mut out = Vec::new();
    let mut push_rows = |mut rows: rusqlite::Rows<'_>| -> Result<(), StoreError> {
        while let Some(row) = rows.next()? {
            out.push(convert(row)?);
        }
        Ok(())
    };
    match after {
        Some(after) => {
            let mut stmt =
                conn.prepare_cached(&format!("{select} WHERE {key} > ?1 ORDER BY {key} LIMIT ?2"))?;
            push_rows(stmt.query(params![after, limit])?)?;
        }
        None => {
            let mut stmt = conn.prepare_cached(&format!("{select} ORDER BY {key} LIMIT ?1"))?;
            push_rows(stmt.query(params![limit])?)?;
        }
    }
    Ok(out)
}

/// Stored ids starting with `prefix`, at most [`MAX_CANDIDATES`], so an
/// ambiguity is reported without listing thousands.
pub(crate) fn ids_with_prefix(conn: &Connection, prefix: &str) -> Result<Vec<String>, StoreError> {
    // A range scan on the primary key: every string with this prefix sorts
    // between the prefix itself and the prefix followed by U+10FFFF.
    let upper = format!("{prefix}\u{10FFFF}");
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM documents WHERE id >= ?1 AND id < ?2 AND substr(id, 1, length(?1)) = ?1
         ORDER BY id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![prefix, upper, to_i64(MAX_CANDIDATES)], |row| row.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Runs a `SELECT COUNT(*)` query.
pub(crate) fn count(conn: &Connection, sql: &str) -> Result<u64, StoreError> {
    let n: i64 = conn.prepare_cached(sql)?.query_row([], |row| row.get(0))?;
    Ok(to_u64(n))
}

/// Runs a `(name, count)` grouping query.
pub(crate) fn grouped(conn: &Connection, sql: &str) -> Result<Vec<(String, u64)>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |row| Ok((row.get::<_, String>(0)?, to_u64(row.get::<_, i64>(1)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A length as SQLite's integer type (saturating; lengths never get near it).
pub(crate) fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A count from SQLite, which is never negative.
pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
