//! Format detection: by file extension and by the first bytes of content.
//!
//! The extension is a hint; content wins when it clearly says something else
//! (a `.txt` file that starts with `<!doctype html` is HTML, a `.html` file
//! that starts with `%PDF-` is a PDF).

use std::path::Path;

/// How many leading bytes [`sniff`] looks at.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// What an input (or a decompressed stream) contains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// HTML or XHTML.
    Html,
    /// JSON lines: one article object per line.
    Jsonl,
    /// One JSON document: an article object or an array of them.
    Json,
    /// WARC records.
    Warc,
    /// RSS 2.0, RSS 1.0 (RDF) or Atom.
    Feed,
    /// gzip-compressed data of any of these.
    Gzip,
    /// Something that is not text; the string says what (`PNG image`).
    Binary(&'static str),
}

/// Extensions and the format they suggest (lowercase, without the dot).
const EXTENSIONS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("text", Format::Text),
    ("md", Format::Text),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xhtml", Format::Html),
    ("shtml", Format::Html),
    ("jsonl", Format::Jsonl),
    ("ndjson", Format::Jsonl),
    ("json", Format::Json),
    ("warc", Format::Warc),
    ("rss", Format::Feed),
    ("atom", Format::Feed),
    ("rdf", Format::Feed),
    ("xml", Format::Feed),
    ("gz", Format::Gzip),
    ("gzip", Format::Gzip),
];

/// Magic numbers of binary formats: `(offset, bytes, what it is)`.
const MAGIC: &[(usize, &[u8], &str)] = &[
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"PK\x07\x08", "ZIP archive"),
    (0, b"%PDF-", "PDF document"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"\x7fELF", "ELF executable"),
    (8, b"WEBP", "WebP image"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"\x28\xb5\x2f\xfd", "zstd archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (0, b"BZh91AY&SY", "bzip2 archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (0, b"\x00asm", "WebAssembly module"),
];

/// Share of control bytes in the first KiB above which content is binary.
const MAX_CONTROL_SHARE: f64 = 0.10;

impl Format {
    /// The format suggested by a path's extension, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        EXTENSIONS.iter().find(|(name, _)| *name == ext).map(|(_, format)| *format)
    }

    /// The format suggested by an HTTP `Content-Type` essence (`text/html`).
    pub fn from_mime(mime: &str) -> Option<Format> {
        let mime = mime.trim().to_ascii_lowercase();
        let format = match mime.as_str() {
            "text/html" | "application/xhtml+xml" => Format::Html,
            "text/plain" => Format::Text,
            "application/rss+xml"
            | "application/atom+xml"
            | "application/rdf+xml"
            | "application/xml"
            | "text/xml"
            | "application/feed+xml" => Format::Feed,
            "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => Format::Jsonl,
            "application/json" => Format::Json,
            "application/warc" => Format::Warc,
            "application/gzip" | "application/x-gzip" => Format::Gzip,
            _ => return None,
        };
        Some(format)
    }
}

/// The binary format named by a magic number at the start of `head`.
pub fn binary_magic(head: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(offset, magic, _)| head.get(*offset..).is_some_and(|rest| rest.starts_with(magic)))
        .map(|(_, _, name)| *name)
}

/// Why the first KiB looks binary (NUL bytes, mostly control characters),
/// if it does. UTF-16 text with a byte-order mark is not binary.
fn control_bytes(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return None;
    }
    let window = head.get(..1024).unwrap_or(head);
    if window.contains(&0) {
        return Some("contains NUL bytes");
    }
    let controls = window
        .iter()
        .filter(|&&byte| {
            (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || byte == 0x7f
        })
        .count();
    if !window.is_empty() && controls as f64 / window.len() as f64 > MAX_CONTROL_SHARE {
        return Some("mostly control characters");
    }
    None
}

/// Decides the format of content from its first bytes (`head`, ideally
/// [`SNIFF_BYTES`] long) and an optional hint (from the extension or a
/// `Content-Type`). Content wins where it is clear; the hint settles the
/// ambiguous cases.
pub fn sniff(head: &[u8], hint: Option<Format>) -> Format {
    if head.starts_with(b"\x1f\x8b") {
        return Format::Gzip;
    }
    if let Some(kind) = binary_magic(head) {
        return Format::Binary(kind);
    }
    let body = trim_start(strip_bom(head));
    if body.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if let Some(reason) = control_bytes(head) {
        return Format::Binary(reason);
    }
    match body.first() {
        Some(b'<') => markup_format(body, hint),
        Some(b'{') => json_format(body, hint),
        Some(b'[') if matches!(hint, Some(Format::Json | Format::Jsonl)) => Format::Json,
        _ => match hint {
            Some(Format::Html) => Format::Html,
            // A .jsonl file of garbage still gets per-line diagnostics.
            Some(Format::Jsonl) => Format::Jsonl,
            Some(Format::Text) => Format::Text,
            _ if has_html_tags(body) => Format::Html,
            _ => Format::Text,
        },
    }
}

/// Content starting with `<`: feed, HTML, or (by hint) something else.
fn markup_format(body: &[u8], hint: Option<Format>) -> Format {
    match root_element(body).as_deref() {
        Some("rss") | Some("feed") | Some("rdf:rdf") | Some("rdf") => Format::Feed,
        Some("!doctype html") | Some("html") => Format::Html,
        _ if has_html_tags(body) => Format::Html,
        _ if hint == Some(Format::Feed) => Format::Feed,
        _ => Format::Html,
    }
}

/// Content starting with `{`: JSON lines unless the hint says one JSON
/// document, or the first line is clearly not JSON (then it is text).
fn json_format(body: &[u8], hint: Option<Format>) -> Format {
    match hint {
        Some(Format::Json) => return Format::Json,
        Some(Format::Jsonl) => return Format::Jsonl,
        _ => {}
    }
    match body.iter().position(|&b| b == b'\n') {
        Some(end) => {
            let first = body.get(..end).unwrap_or(body);
            match serde_json::from_slice::<serde_json::Value>(first) {
                Ok(value) if value.is_object() => Format::Jsonl,
                // A pretty-printed object: its first line is just `{`.
                _ if trim_start(first).iter().all(|b| b.is_ascii_whitespace() || *b == b'{') => Format::Json,
                _ => Format::Text,
            }
        }
        // One long line that we only see the start of.
        None if body.starts_with(b"{\"") => Format::Jsonl,
        None => Format::Text,
    }
}

/// The lowercased name of the first element (or `!doctype html`), skipping
/// the XML declaration, comments and other doctypes.
fn root_element(body: &[u8]) -> Option<String> {
    let mut rest = body;
    loop {
        rest = trim_start(rest);
        if rest.starts_with(b"<?") {
            rest = after(rest, b"?>")?;
        } else if rest.starts_with(b"<!--") {
            rest = after(rest, b"-->")?;
        } else if rest.len() >= 14 && rest.get(..14)?.eq_ignore_ascii_case(b"<!doctype html") {
            return Some("!doctype html".to_string());
        } else if rest.starts_with(b"<!") {
            rest = after(rest, b">")?;
        } else if rest.starts_with(b"<") {
            let name: Vec<u8> = rest
                .iter()
                .skip(1)
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.'))
                .map(u8::to_ascii_lowercase)
                .collect();
            return String::from_utf8(name).ok();
        } else {
            return None;
        }
    }
}

/// Whether typical HTML tags occur in `body` (case-insensitive).
fn has_html_tags(body: &[u8]) -> bool {
    const TAGS: &[&[u8]] =
        &[b"<html", b"<body", b"<head>", b"<!doctype html", b"<p>", b"<div", b"<br>", b"<br/>", b"<article"];
    let lower = body.to_ascii_lowercase();
    TAGS.iter().any(|tag| lower.windows(tag.len()).any(|window| window == *tag))
}

/// `data` after the first occurrence of `marker`.
fn after<'a>(data: &'a [u8], marker: &[u8]) -> Option<&'a [u8]> {
    let at = data.windows(marker.len()).position(|window| window == marker)?;
    data.get(at + marker.len()..)
}

/// `data` without a leading UTF-8 byte-order mark.
pub(crate) fn strip_bom(data: &[u8]) -> &[u8] {
    data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data)
}

/// `data` without leading ASCII whitespace.
pub(crate) fn trim_start(data: &[u8]) -> &[u8] {
    let start = data.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(data.len());
    data.get(start..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_win_over_extensions() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some(Format::Html)), Format::Binary("PNG image"));
        assert_eq!(sniff(b"%PDF-1.7\n", Some(Format::Text)), Format::Binary("PDF document"));
        assert_eq!(sniff(b"PK\x03\x04rest", None), Format::Binary("ZIP archive"));
        assert_eq!(sniff(b"GIF89a....", None), Format::Binary("GIF image"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0", None), Format::Binary("JPEG image"));
        assert_eq!(sniff(b"\x7fELF\x02\x01", None), Format::Binary("ELF executable"));
        assert_eq!(sniff(b"abc\0def", None), Format::Binary("contains NUL bytes"));
        assert_eq!(sniff(b"\x01\x02\x03\x04abc", None), Format::Binary("mostly control characters"));
    }

    #[test]
    fn text_with_odd_bytes_is_still_text() {
        // Latin-1 "Grüße" is not valid UTF-8, but it is text: extract decodes it.
        assert_eq!(sniff(b"Gr\xfc\xdfe aus M\xfcnchen\n", Some(Format::Text)), Format::Text);
        assert_eq!(sniff(b"\xff\xfeH\0i\0", None), Format::Text);
    }

    #[test]
    fn markup_is_told_apart() {
        assert_eq!(sniff(b"<!DOCTYPE html><html>", Some(Format::Text)), Format::Html);
        assert_eq!(sniff(b"\xef\xbb\xbf  <html lang=de>", None), Format::Html);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", Some(Format::Html)),
            Format::Feed
        );
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><!-- c --><feed xmlns=\"x\">", None), Format::Feed);
        assert_eq!(sniff(b"<rdf:RDF xmlns:rdf=\"x\">", None), Format::Feed);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><html xmlns=\"x\">", Some(Format::Feed)), Format::Html);
        assert_eq!(sniff(b"Hallo <b>Welt</b>", Some(Format::Html)), Format::Html);
        assert_eq!(sniff(b"Hallo Welt", None), Format::Text);
        assert_eq!(sniff(b"Intro\n<p>Absatz</p>", None), Format::Html);
    }

    #[test]
    fn containers_are_recognised() {
        assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", Some(Format::Text)), Format::Warc);
        assert_eq!(sniff(b"\x1f\x8b\x08\x00", Some(Format::Html)), Format::Gzip);
        assert_eq!(sniff(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n", None), Format::Jsonl);
        assert_eq!(sniff(b"{\n  \"text\": \"a\"\n}\n", None), Format::Json);
        assert_eq!(sniff(b"[{\"text\":\"a\"}]", Some(Format::Json)), Format::Json);
        assert_eq!(sniff(b"[Update] Text", None), Format::Text);
        assert_eq!(sniff(b"{not json at all}\nmore", None), Format::Text);
        assert_eq!(sniff(b"garbage\n", Some(Format::Jsonl)), Format::Jsonl);
    }

    #[test]
    fn extensions_and_mime_types_map() {
        assert_eq!(Format::from_path(Path::new("a/b.HTML")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("x.warc.gz")), Some(Format::Gzip));
        assert_eq!(Format::from_path(Path::new("noext")), None);
        assert_eq!(Format::from_mime("application/rss+xml"), Some(Format::Feed));
        assert_eq!(Format::from_mime("Text/HTML"), Some(Format::Html));
        assert_eq!(Format::from_mime("image/png"), None);
    }
}
