//! JSON articles: JSON lines (one article object per line, streamed) and
//! single JSON documents (one article object, or an array of them).
//!
//! Recognised fields (first one present wins):
//! * payload: `html` (→ HTML record), else `text` (→ text record);
//! * `url`, `title`, `date` (aliases `published`, `date_published`, …),
//!   `author`/`authors` (a string, an array of strings, or objects with
//!   `name`), `outlet` (aliases `site_name`, `publisher`, …).
//!
//! Container fields become [`Hints`]; the payload is stored as UTF-8 bytes.

use std::io::BufRead;

use serde_json::{Map, Value};
use wirewatch_model::{ContentKind, Hints, RawRecord};

use crate::io_util::{read_error, read_line_capped, Line};
use crate::{format_size, IngestOptions, Item};

const URL_FIELDS: &[&str] = &["url", "link", "canonical_url"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const DATE_FIELDS: &[&str] =
    &["date", "published", "date_published", "datePublished", "published_at", "pubDate", "date_publish"];
const AUTHOR_FIELDS: &[&str] = &["author", "authors", "byline"];
const OUTLET_FIELDS: &[&str] = &["outlet", "site_name", "source_name", "publisher"];
const HTML_FIELDS: &[&str] = &["html", "raw_html", "content_html"];
const TEXT_FIELDS: &[&str] = &["text", "maintext", "content_text", "body", "content"];

/// Parses JSON lines held in memory: one [`Item`] per non-blank line, with
/// source `name:LINE` (1-based). A line that is not JSON, or has neither
/// `html` nor `text`, becomes an [`Item::Failed`] carrying the parser's
/// reason and the line's bytes; the following lines are still read.
pub fn parse_jsonl(name: &str, bytes: &[u8], opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    jsonl_stream(name, bytes, false, opts, sink);
}

/// Streams JSON lines from `reader`; each line is capped at `max_bytes`.
pub(crate) fn jsonl_stream(
    name: &str,
    mut reader: impl BufRead,
    gzip: bool,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    let mut line = Vec::new();
    let mut number: u64 = 0;
    let produced = std::cell::Cell::new(false);
    let mut sink = |item: Item| {
        produced.set(true);
        sink(item);
    };
    loop {
        let status = read_line_capped(&mut reader, &mut line, opts.max_bytes);
        let source = format!("{name}:{}", number + 1);
        match status {
            Ok(Line::Eof) => {
                if !produced.get() {
                    // Only blank lines: say so rather than yield nothing at all.
                    sink(Item::failed(name, "no JSON lines (only blank lines)", None));
                }
                return;
            }
            Ok(Line::TooLong(len)) => {
                number += 1;
                let message = format!(
                    "line is {}, above --max-bytes {}",
                    format_size(len),
                    format_size(opts.max_bytes)
                );
                sink(Item::failed(source, message, None));
            }
            Ok(Line::Complete) => {
                number += 1;
                if let Some(item) = parse_line(&source, &line, number == 1) {
                    sink(item);
                }
            }
            Err(err) => return sink(Item::failed(source, read_error(&err, gzip), None)),
        }
    }
}

/// One JSON line to an item; `None` for blank lines.
fn parse_line(source: &str, line: &[u8], first: bool) -> Option<Item> {
    let mut line = line.strip_suffix(b"\r").unwrap_or(line);
    if first {
        line = crate::sniff::strip_bom(line);
    }
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let value = match parse_value(line) {
        Ok(value) => value,
        Err(reason) => return Some(Item::failed(source, reason, Some(line.to_vec()))),
    };
    Some(match record_from_value(source, &value) {
        Ok(record) => Item::Record(record),
        Err(reason) => Item::failed(source, reason, Some(line.to_vec())),
    })
}

/// Parses JSON; bytes that are not UTF-8 are read as windows-1252 (the usual
/// legacy encoding of such dumps) rather than losing the article.
fn parse_value(bytes: &[u8]) -> Result<Value, String> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(err) if std::str::from_utf8(bytes).is_err() => {
            let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            serde_json::from_str(&decoded).map_err(|_| format!("invalid JSON: {err}"))
        }
        Err(err) => Err(format!("invalid JSON: {err}")),
    }
}

/// Parses one JSON document: an object is one article (source `name`), an
/// array holds articles (source `name#N`, 1-based). A document that does
/// not parse as a whole is read as JSON lines instead.
pub(crate) fn parse_json_document(
    name: &str,
    bytes: &[u8],
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    let value = match parse_value(crate::sniff::strip_bom(bytes)) {
        Ok(value) => value,
        Err(_) => return parse_jsonl(name, bytes, opts, sink),
    };
    match value {
        Value::Array(values) => {
            if values.is_empty() {
                sink(Item::failed(name, "JSON array holds no articles", None));
            }
            for (index, value) in values.iter().enumerate() {
                let source = format!("{name}#{}", index + 1);
                sink(match record_from_value(&source, value) {
                    Ok(record) => Item::Record(record),
                    Err(reason) => Item::failed(source, reason, serde_json::to_vec(value).ok()),
                });
            }
        }
        value => sink(match record_from_value(name, &value) {
            Ok(record) => Item::Record(record),
            Err(reason) => Item::failed(name, reason, Some(bytes.to_vec())),
        }),
    }
}

/// Turns one article object into a record, or says why it cannot.
pub(crate) fn record_from_value(source: &str, value: &Value) -> Result<RawRecord, String> {
    let Value::Object(object) = value else {
        return Err(format!("expected a JSON object, found {}", type_name(value)));
    };
    let (kind, payload) =
        if let Some(html) = first_string(object, HTML_FIELDS).filter(|s| !s.trim().is_empty()) {
            (ContentKind::Html, html)
        } else if let Some(text) = first_string(object, TEXT_FIELDS).filter(|s| !s.trim().is_empty()) {
            (ContentKind::Text, text)
        } else {
            return Err("article has neither \"html\" nor \"text\"".to_string());
        };
    let hints = Hints {
        title: first_string(object, TITLE_FIELDS).filter(|s| !s.trim().is_empty()),
        date: first_scalar(object, DATE_FIELDS),
        authors: authors(object),
        charset: None,
        outlet: first_name(object, OUTLET_FIELDS),
    };
    Ok(RawRecord {
        source: source.to_string(),
        url: first_string(object, URL_FIELDS).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        kind,
        bytes: payload.into_bytes(),
        hints,
    })
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first of `fields` that holds a string.
fn first_string(object: &Map<String, Value>, fields: &[&str]) -> Option<String> {
    fields.iter().find_map(|field| object.get(*field)?.as_str().map(str::to_string))
}

/// The first of `fields` that holds a string or number, as written.
fn first_scalar(object: &Map<String, Value>, fields: &[&str]) -> Option<String> {
    fields.iter().find_map(|field| match object.get(*field)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

/// The first of `fields` that holds a name: a string or an object's `name`.
fn first_name(object: &Map<String, Value>, fields: &[&str]) -> Option<String> {
    fields.iter().find_map(|field| name_of(object.get(*field)?))
}

fn name_of(value: &Value) -> Option<String> {
    let name = match value {
        Value::String(text) => text.as_str(),
        Value::Object(inner) => inner.get("name")?.as_str()?,
        _ => return None,
    };
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Authors from a string, an array of strings, or objects with `name`.
fn authors(object: &Map<String, Value>) -> Vec<String> {
    for field in AUTHOR_FIELDS {
        let found: Vec<String> = match object.get(*field) {
            Some(Value::Array(values)) => values.iter().filter_map(name_of).collect(),
            Some(value) => name_of(value).into_iter().collect(),
            None => continue,
        };
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(bytes: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        parse_jsonl("in.jsonl", bytes, &IngestOptions::default(), &mut |item| items.push(item));
        items
    }

    #[test]
    fn fields_and_aliases_become_hints() {
        let items = collect(
            br#"{"url":"https://a.invalid/1","title":"T","published":"2025-08-15","authors":["A","B"],"text":"Body"}
{"html":"<p>x</p>","author":"Anna Muster","date_published":"2025-08-16T10:00:00+02:00"}
{"text":"t","author":[{"name":"N1"},{"name":"N2"}],"publisher":{"name":"Blatt"}}"#,
        );
        assert_eq!(items.len(), 3);
        let Item::Record(first) = &items[0] else { panic!("{:?}", items[0]) };
        assert_eq!(first.source, "in.jsonl:1");
        assert_eq!(first.kind, ContentKind::Text);
        assert_eq!(first.url.as_deref(), Some("https://a.invalid/1"));
        assert_eq!(first.hints.title.as_deref(), Some("T"));
        assert_eq!(first.hints.date.as_deref(), Some("2025-08-15"));
        assert_eq!(first.hints.authors, vec!["A", "B"]);
        assert_eq!(first.bytes, b"Body");
        let Item::Record(second) = &items[1] else { panic!() };
        assert_eq!(second.kind, ContentKind::Html);
        assert_eq!(second.hints.authors, vec!["Anna Muster"]);
        assert_eq!(second.hints.date.as_deref(), Some("2025-08-16T10:00:00+02:00"));
        let Item::Record(third) = &items[2] else { panic!() };
        assert_eq!(third.hints.authors, vec!["N1", "N2"]);
        assert_eq!(third.hints.outlet.as_deref(), Some("Blatt"));
    }

    #[test]
    fn bad_lines_are_reported_and_skipped_over() {
        let items =
            collect(b"{\"text\":\"one\"}\n\nnot json\n{\"title\":\"no body\"}\n[1]\n{\"text\":\"five\"}\n");
        assert_eq!(items.len(), 5);
        match &items[1] {
            Item::Failed { diagnostic, raw } => {
                assert_eq!(diagnostic.source, "in.jsonl:3");
                assert!(
                    diagnostic.message.starts_with("invalid JSON: expected ident at line 1"),
                    "{}",
                    diagnostic.message
                );
                assert_eq!(raw.as_deref(), Some(&b"not json"[..]));
            }
            other => panic!("{other:?}"),
        }
        match &items[2] {
            Item::Failed { diagnostic, .. } => {
                assert_eq!(diagnostic.source, "in.jsonl:4");
                assert!(diagnostic.message.contains("neither"));
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&items[3], Item::Failed { diagnostic, .. } if diagnostic.message.contains("an array"))
        );
        assert!(matches!(&items[4], Item::Record(r) if r.source == "in.jsonl:6" && r.bytes == b"five"));
    }

    #[test]
    fn blank_input_is_reported_once() {
        let items = collect(b"\n  \r\n\n");
        assert_eq!(items.len(), 1);
        assert!(matches!(&items[0], Item::Failed { diagnostic, .. } if diagnostic.source == "in.jsonl"));
    }

    #[test]
    fn windows_1252_lines_are_not_lost() {
        let items = collect(b"{\"text\":\"Gr\xfc\xdfe\"}\r\n");
        assert!(matches!(&items[0], Item::Record(r) if r.bytes == "Grüße".as_bytes()), "{items:?}");
    }

    #[test]
    fn overlong_lines_are_reported() {
        let opts = IngestOptions { max_bytes: 16, ..IngestOptions::default() };
        let mut items = Vec::new();
        parse_jsonl("x", b"{\"text\":\"aaaaaaaaaaaaaaaaaaaaaaa\"}\n{\"text\":\"b\"}", &opts, &mut |i| {
            items.push(i)
        });
        assert!(
            matches!(&items[0], Item::Failed { diagnostic, .. } if diagnostic.message.starts_with("line is 34 bytes, above --max-bytes 16 bytes"))
        );
        assert!(matches!(&items[1], Item::Record(r) if r.source == "x:2"));
    }

    #[test]
    fn json_documents_hold_one_or_many_articles() {
        let mut items = Vec::new();
        let opts = IngestOptions::default();
        parse_json_document("a.json", b"{\n \"text\": \"x\",\n \"title\": \"T\"\n}\n", &opts, &mut |i| {
            items.push(i)
        });
        parse_json_document("b.json", b"[{\"text\":\"1\"},{\"html\":\"<p>2</p>\"}]", &opts, &mut |i| {
            items.push(i)
        });
        assert!(
            matches!(&items[0], Item::Record(r) if r.source == "a.json" && r.hints.title.as_deref() == Some("T"))
        );
        assert!(matches!(&items[1], Item::Record(r) if r.source == "b.json#1"));
        assert!(
            matches!(&items[2], Item::Record(r) if r.source == "b.json#2" && r.kind == ContentKind::Html)
        );
    }
}
