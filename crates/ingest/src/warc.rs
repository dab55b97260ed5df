//! WARC reading (CC-NEWS style), streamed record by record.
//!
//! Only `response` records carrying an HTTP response with a 2xx status and
//! an HTML/XHTML payload become records (plus `resource` records that are
//! HTML themselves); `warcinfo`, `request`, `metadata`, DNS responses,
//! redirects and non-HTML payloads are skipped silently. Records are numbered
//! from 1 in file order, every record type counted, so `path#N` names the
//! same record on every run. `WARC-Date` is crawl time, not publication
//! time, and is deliberately not passed on as a date hint.

use std::io::{self, BufRead, BufReader, Read};

use wirewatch_model::{ContentKind, Hints, RawRecord};

use crate::io_util::{read_capped, read_error, read_line_capped, Line};
use crate::{format_size, IngestOptions, Item};

/// Longest WARC or HTTP header line accepted.
const MAX_HEADER_LINE: u64 = 64 * 1024;
/// Most header lines in one WARC record header.
const MAX_HEADER_LINES: usize = 1000;

/// Parses WARC records from `reader` (plain or gzip, detected by its magic
/// bytes; multi-member gzip is read to the end). Streams: only one record
/// is in memory at a time, and a record over `opts.max_bytes` is skipped
/// with a failure. Each HTML response becomes a record with source
/// `name#N`; a truncated record or gzip stream ends with a failure after all
/// complete records before it have been delivered.
pub fn parse_warc(name: &str, reader: impl Read, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    let mut buffered = BufReader::with_capacity(crate::stream::BUFFER, reader);
    let gzip = matches!(buffered.fill_buf(), Ok(head) if head.starts_with(b"\x1f\x8b"));
    if gzip {
        let decoder = flate2::bufread::MultiGzDecoder::new(buffered);
        warc_stream(name, BufReader::with_capacity(crate::stream::BUFFER, decoder), true, opts, sink);
    } else {
        warc_stream(name, buffered, false, opts, sink);
    }
}

/// Header fields, names lowercased, in order.
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// Streams uncompressed WARC data from `reader`.
pub(crate) fn warc_stream(
    name: &str,
    mut reader: impl BufRead,
    gzip: bool,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    let mut number: u64 = 0;
    let mut line = Vec::new();
    // After garbage we skip lines until the next "WARC/" version line.
    let mut lost = false;
    loop {
        match read_line_capped(&mut reader, &mut line, MAX_HEADER_LINE) {
            Ok(Line::Eof) => return,
            Ok(Line::TooLong(_)) => continue,
            Ok(Line::Complete) => {}
            Err(err) => {
                return sink(Item::failed(format!("{name}#{}", number + 1), read_error(&err, gzip), None))
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !line.starts_with(b"WARC/") {
            if !lost {
                lost = true;
                let message =
                    "not a WARC record: expected a \"WARC/\" version line; skipping to the next record";
                sink(Item::failed(format!("{name}#{}", number + 1), message, None));
            }
            continue;
        }
        lost = false;
        number += 1;
        let source = format!("{name}#{number}");
        let headers = match read_headers(&mut reader) {
            Ok(headers) => headers,
            Err(message) => return sink(Item::failed(source, message(gzip), None)),
        };
        let Some(length) = headers.get("content-length").and_then(|value| value.trim().parse::<u64>().ok())
        else {
            sink(Item::failed(source, "WARC record has no valid Content-Length", None));
            lost = true;
            continue;
        };
        let warc_type = headers.get("warc-type").unwrap_or("").trim().to_ascii_lowercase();
        let record_type = headers.get("content-type").unwrap_or("").to_ascii_lowercase();
        let wanted = match warc_type.as_str() {
            "response" => !record_type.starts_with("text/dns"),
            "resource" => is_html_mime(mime_essence(&record_type)),
            _ => false,
        };
        if !wanted {
            match skip(&mut reader, length) {
                Ok(()) => continue,
                Err(message) => return sink(Item::failed(source, message(gzip), None)),
            }
        }
        if length == 0 {
            sink(Item::failed(source, "WARC response record has no payload", None));
            continue;
        }
        if length > opts.max_bytes {
            let message = format!(
                "record is {}, above --max-bytes {}",
                format_size(length),
                format_size(opts.max_bytes)
            );
            sink(Item::failed(source.clone(), message, None));
            match skip(&mut reader, length) {
                Ok(()) => continue,
                Err(message) => return sink(Item::failed(source, message(gzip), None)),
            }
        }
        let mut block = Vec::new();
        if let Err(err) = (&mut reader).take(length).read_to_end(&mut block) {
            return sink(Item::failed(source, read_error(&err, gzip), None));
        }
        if (block.len() as u64) < length {
            let message = format!("truncated WARC record: expected {length} bytes, got {}", block.len());
            return sink(Item::failed(source, truncated(message, gzip), None));
        }
        let url = headers.get("warc-target-uri").map(clean_uri).filter(|uri| !uri.is_empty());
        let result = if warc_type == "resource" {
            Ok(Some((block, charset_of(&record_type))))
        } else {
            http_payload(block, opts.max_bytes)
        };
        match result {
            Ok(Some((payload, charset))) => {
                let hints = Hints { charset, ..Hints::default() };
                sink(Item::Record(RawRecord { source, url, kind: ContentKind::Html, bytes: payload, hints }));
            }
            Ok(None) => {}
            Err((message, raw)) => sink(Item::failed(source, message, raw)),
        }
    }
}

/// A truncation inside gzip data is a truncated gzip stream.
fn truncated(message: String, gzip: bool) -> String {
    if gzip {
        format!("truncated gzip: {message}")
    } else {
        message
    }
}

/// A message that depends on whether the stream was gzip.
type LateMessage = Box<dyn Fn(bool) -> String>;

/// Reads header lines up to the blank line that ends them.
fn read_headers(reader: &mut impl BufRead) -> Result<Headers, LateMessage> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut line = Vec::new();
    loop {
        match read_line_capped(reader, &mut line, MAX_HEADER_LINE) {
            Ok(Line::Eof) => {
                return Err(Box::new(|gzip| {
                    truncated("truncated WARC record: header ends early".to_string(), gzip)
                }))
            }
            Ok(Line::TooLong(_)) => return Err(Box::new(|_| "WARC header line too long".to_string())),
            Ok(Line::Complete) => {}
            Err(err) => return Err(Box::new(move |gzip| read_error(&err, gzip))),
        }
        let text = String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(&line)).into_owned();
        if text.is_empty() {
            return Ok(Headers(headers));
        }
        if headers.len() >= MAX_HEADER_LINES {
            return Err(Box::new(|_| "WARC header has too many lines".to_string()));
        }
        if text.starts_with([' ', '\t']) {
            // A folded continuation of the previous header.
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
            continue;
        }
        if let Some((key, value)) = text.split_once(':') {
            headers.push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
}

/// Discards `length` bytes of a record we do not want.
fn skip(reader: &mut impl BufRead, length: u64) -> Result<(), LateMessage> {
    match io::copy(&mut reader.take(length), &mut io::sink()) {
        Ok(copied) if copied == length => Ok(()),
        Ok(copied) => Err(Box::new(move |gzip| {
            truncated(format!("truncated WARC record: expected {length} bytes, got {copied}"), gzip)
        })),
        Err(err) => Err(Box::new(move |gzip| read_error(&err, gzip))),
    }
}

/// `<uri>` (as some WARC 1.0 writers emit it) to `uri`.
fn clean_uri(uri: &str) -> String {
    uri.trim().trim_start_matches('<').trim_end_matches('>').trim().to_string()
}

/// `text/html; charset=utf-8` → `text/html`.
fn mime_essence(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or("").trim()
}

fn is_html_mime(mime: &str) -> bool {
    mime.eq_ignore_ascii_case("text/html") || mime.eq_ignore_ascii_case("application/xhtml+xml")
}

/// The `charset` parameter of a `Content-Type` value.
pub(crate) fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// What a response block yields: the payload and its charset, `None` to skip
/// it silently (not 2xx, not HTML), or a failure with the raw block.
type Payload = Result<Option<(Vec<u8>, Option<String>)>, (String, Option<Vec<u8>>)>;

/// Splits an HTTP response block into status, headers and payload.
fn http_payload(block: Vec<u8>, max_bytes: u64) -> Payload {
    if !block.starts_with(b"HTTP/") {
        return Err(("WARC response record does not hold an HTTP response".to_string(), Some(block)));
    }
    let Some((head_len, body_start)) = header_end(&block) else {
        return Err(("WARC response record has no payload".to_string(), None));
    };
    let head = String::from_utf8_lossy(block.get(..head_len).unwrap_or_default()).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|status_line| status_line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut gzipped = false;
    for line in lines {
        let Some((key, value)) = line.split_once(':') else { continue };
        let key = key.trim().to_ascii_lowercase();
        // Case kept for the charset name; compared lowercased below.
        let value = value.trim();
        let lower = value.to_ascii_lowercase();
        match key.as_str() {
            "content-type" => content_type = value.to_string(),
            "transfer-encoding" => chunked = lower.contains("chunked"),
            "content-encoding" => gzipped = lower.contains("gzip"),
            _ => {}
        }
    }
    let mut payload = block.get(body_start..).unwrap_or_default().to_vec();
    drop(block);
    if chunked {
        // Most archives store de-chunked payloads but keep the header; only
        // de-chunk when the body really is chunked.
        if let Some(plain) = dechunk(&payload) {
            payload = plain;
        }
    }
    if gzipped && payload.starts_with(b"\x1f\x8b") {
        match read_capped(&mut flate2::read::MultiGzDecoder::new(&payload[..]), max_bytes) {
            Ok((plain, false)) => payload = plain,
            Ok((_, true)) => {
                return Err((
                    format!("decompressed payload is larger than --max-bytes {}", format_size(max_bytes)),
                    None,
                ))
            }
            Err(err) => return Err((read_error(&err, true), None)),
        }
    }
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Err(("WARC response record has no payload".to_string(), None));
    }
    let mime = mime_essence(&content_type);
    let html = if mime.is_empty() {
        crate::sniff::sniff(&payload[..payload.len().min(crate::sniff::SNIFF_BYTES)], None)
            == crate::Format::Html
    } else {
        is_html_mime(mime)
    };
    if !html {
        return Ok(None);
    }
    Ok(Some((payload, charset_of(&content_type))))
}

/// `(end of the header text, start of the body)`: the first blank line,
/// CRLF or bare LF style.
fn header_end(block: &[u8]) -> Option<(usize, usize)> {
    let mut at = 0;
    while let Some(offset) = block.get(at..)?.iter().position(|&b| b == b'\n') {
        let newline = at + offset;
        let rest = block.get(newline + 1..)?;
        if rest.starts_with(b"\r\n") {
            return Some((newline, newline + 3));
        }
        if rest.starts_with(b"\n") {
            return Some((newline, newline + 2));
        }
        at = newline + 1;
    }
    None
}

/// Decodes an HTTP/1.1 chunked body; `None` if it is not well-formed.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = rest.iter().position(|&b| b == b'\n')?;
        let size_line = std::str::from_utf8(rest.get(..line_end)?).ok()?;
        let size_text = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = rest.get(line_end + 1..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n")).unwrap_or(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_parameters_are_found() {
        assert_eq!(charset_of("text/html; charset=\"ISO-8859-1\"").as_deref(), Some("ISO-8859-1"));
        assert_eq!(charset_of("text/html;CHARSET=utf-8").as_deref(), Some("utf-8"));
        assert_eq!(charset_of("text/html"), None);
    }

    #[test]
    fn chunked_bodies_decode() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n").as_deref(), Some(&b"Wikipedia"[..]));
        assert_eq!(dechunk(b"<html>not chunked</html>"), None);
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }

    #[test]
    fn header_end_accepts_both_line_styles() {
        assert_eq!(header_end(b"HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody"), Some((22, 25)));
        assert_eq!(header_end(b"HTTP/1.1 200 OK\nA: b\n\nbody"), Some((20, 22)));
        assert_eq!(header_end(b"HTTP/1.1 200 OK\r\nA: b\r\n"), None);
    }
}
