//! Bytes to UTF-8.
//!
//! The encoding is chosen in this order: a byte-order mark; the charset
//! declared outside the payload (HTTP header, container hint); for HTML a
//! `<meta charset>` / `http-equiv="content-type"` in the first 4 KiB; valid
//! UTF-8; finally statistical detection (chardetng). Labels follow WHATWG, so
//! `ISO-8859-1` and `latin1` mean windows-1252.
//!
//! One deliberate deviation from browsers: when a single-byte charset is
//! declared but the bytes are valid UTF-8 containing multi-byte sequences,
//! the bytes are read as UTF-8. Such bytes are practically never genuine
//! single-byte text, and reading them as declared would produce mojibake
//! ("Ã¤" for "ä") in every later stage.
//!
//! Text that was already garbled before it reached us (UTF-8 once read as
//! windows-1252 and saved again) is repaired after decoding by
//! [`crate::mojibake`], and the count is reported.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use wirewatch_model::ContentKind;

/// How many leading bytes of an HTML page are searched for a `<meta>` charset.
const META_PRESCAN_BYTES: usize = 4096;

/// Where the chosen encoding came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte-order mark.
    Bom,
    /// The charset declared outside the payload.
    Declared,
    /// A `<meta>` charset declaration inside an HTML page.
    Meta,
    /// No (usable) declaration; the bytes are valid UTF-8.
    ValidUtf8,
    /// A declaration was overridden because the bytes are valid multi-byte UTF-8.
    Utf8OverDeclared,
    /// Guessed by statistical detection.
    Detected,
}

/// Decoded text and how it was decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with `\n` line endings and without NULs.
    pub text: String,
    /// The WHATWG name of the encoding the bytes were read as (`UTF-8`, `windows-1252`, …).
    pub encoding: &'static str,
    /// Where the encoding came from.
    pub source: EncodingSource,
    /// Whether malformed sequences were replaced with U+FFFD.
    pub had_errors: bool,
    /// How many doubly decoded sequences ("â€™" for "’") were repaired
    /// ([`crate::mojibake`]).
    pub repaired_sequences: usize,
}

/// Decodes `bytes` to UTF-8 text.
///
/// `declared_charset` is a charset named outside the payload (an HTTP
/// `Content-Type` parameter or container hint); unknown labels are ignored.
/// Never fails: malformed sequences become U+FFFD and set `had_errors`.
pub fn decode(bytes: &[u8], declared_charset: Option<&str>, kind: ContentKind) -> Decoded {
    let (encoding, source, payload) = choose_encoding(bytes, declared_charset, kind);
    let (text, had_errors) = encoding.decode_without_bom_handling(payload);
    let text = normalise(&text);
    let (text, repaired_sequences) = match crate::mojibake::repair(&text) {
        Some((repaired, count)) => (repaired, count),
        None => (text, 0),
    };
    Decoded { text, encoding: encoding.name(), source, had_errors, repaired_sequences }
}

/// Picks the encoding and returns the payload without any BOM.
fn choose_encoding<'a>(
    bytes: &'a [u8],
    declared_charset: Option<&str>,
    kind: ContentKind,
) -> (&'static Encoding, EncodingSource, &'a [u8]) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (encoding, EncodingSource::Bom, bytes.get(bom_len..).unwrap_or_default());
    }
    let declared = declared_charset.and_then(label_to_encoding).map(|e| (e, EncodingSource::Declared));
    let in_meta = || match kind {
        ContentKind::Html => meta_charset(bytes).map(|e| (e, EncodingSource::Meta)),
        ContentKind::Text => None,
    };
    if let Some((encoding, source)) = declared.or_else(in_meta) {
        if encoding != UTF_8 && is_single_byte(encoding) && is_multibyte_utf8(bytes) {
            return (UTF_8, EncodingSource::Utf8OverDeclared, bytes);
        }
        return (encoding, source, bytes);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, EncodingSource::ValidUtf8, bytes);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    (detector.guess(None, true), EncodingSource::Detected, bytes)
}

/// Resolves a charset label the WHATWG way, with one twist: a UTF-16 label
/// found in ASCII-compatible bytes cannot be right, so it means UTF-8.
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(|c| c == '"' || c == '\'');
    let encoding = Encoding::for_label(label.as_bytes())?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return Some(UTF_8);
    }
    if encoding.name() == "x-user-defined" || encoding.name() == "replacement" {
        // Neither is a real text encoding for our purposes.
        return Some(WINDOWS_1252);
    }
    Some(encoding)
}

/// True for encodings where every byte is one character (windows-125x, ISO-8859-x, KOI8, …).
fn is_single_byte(encoding: &'static Encoding) -> bool {
    encoding.is_single_byte()
}

/// True when `bytes` are valid UTF-8 and contain at least one multi-byte character.
fn is_multibyte_utf8(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

/// Finds a charset declared in a `<meta>` tag in the first 4 KiB of a page.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..META_PRESCAN_BYTES).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(found) = find(&lower[from..], b"<meta") {
        let tag_start = from + found;
        let tag_end = find(&lower[tag_start..], b">").map_or(lower.len(), |end| tag_start + end);
        let tag = &lower[tag_start..tag_end];
        if let Some(encoding) = charset_in_meta_tag(tag) {
            return Some(encoding);
        }
        from = tag_end;
        if from >= lower.len() {
            break;
        }
    }
    None
}

/// The encoding named by `charset=` inside one lowercased `<meta …` tag.
fn charset_in_meta_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")?;
    let rest = &tag[at + b"charset".len()..];
    let rest = trim_ascii_start(rest);
    let rest = rest.strip_prefix(b"=")?;
    let rest = trim_ascii_start(rest);
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let label = std::str::from_utf8(&rest[..end]).ok()?;
    label_to_encoding(label)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Unifies line endings to `\n` and drops NULs and other control characters
/// that no article text contains (tabs and form feeds become spaces/newlines).
///
/// Works on bytes: [`next_candidate`] skips 32 bytes at a time while none of them
/// can start such a character (newlines and non-ASCII letters included), and the
/// runs between changes are copied whole, so a clean page costs one fast scan and
/// one copy.
fn normalise(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut run_start = 0;
    let mut at = 0;
    while let Some(offset) = bytes.get(at..).and_then(next_candidate) {
        at += offset;
        let Some(&byte) = bytes.get(at) else {
            break;
        };
        // Only ASCII controls, DEL, and the lead bytes of U+0080–U+009F (C2),
        // U+2028/U+2029 (E2) and U+FEFF (EF) can need care; each is a char boundary.
        let (len, replacement) = match byte {
            b'\r' => (1, Some(if bytes.get(at + 1) == Some(&b'\n') { "" } else { "\n" })),
            0x0B | 0x0C => (1, Some("\n")),
            0x00..=0x1F | 0x7F => (1, Some("")),
            0xC2 => match bytes.get(at + 1) {
                Some(0x85) => (2, Some("\n")),
                Some(0x80..=0x9F) => (2, Some("")),
                _ => (1, None),
            },
            0xE2 => match (bytes.get(at + 1), bytes.get(at + 2)) {
                (Some(0x80), Some(0xA8 | 0xA9)) => (3, Some("\n")),
                _ => (1, None),
            },
            0xEF => match (bytes.get(at + 1), bytes.get(at + 2)) {
                (Some(0xBB), Some(0xBF)) => (3, Some("")),
                _ => (1, None),
            },
            _ => (1, None),
        };
        if let Some(replacement) = replacement {
            out.push_str(text.get(run_start..at).unwrap_or_default());
            out.push_str(replacement);
            run_start = at + len;
        }
        at += len;
    }
    out.push_str(text.get(run_start..).unwrap_or_default());
    out
}

/// Whether byte `b` can start a character that [`normalise`] changes: an ASCII
/// control other than `\n` and `\t`, DEL, or one of the lead bytes C2, E2, EF.
/// Bitwise `&`/`|` instead of `&&`/`||`: no branches, so chunk tests vectorise.
#[inline(always)]
fn may_need_care(b: u8) -> bool {
    ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF)
}

/// Offset of the first byte of `bytes` for which [`may_need_care`] holds.
/// Whole 32-byte chunks are tested without an early exit, which the compiler turns
/// into a few vector compares; only a chunk with a candidate is searched byte by byte.
fn next_candidate(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 32;
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(false, |any, &b| any | may_need_care(b)) {
            return chunk.iter().position(|&b| may_need_care(b)).map(|found| at + found);
        }
        at += CHUNK;
    }
    chunks.remainder().iter().position(|&b| may_need_care(b)).map(|found| at + found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_variants() {
        assert_eq!(meta_charset(b"<html><head><meta charset=\"iso-8859-1\">"), Some(WINDOWS_1252));
        assert_eq!(
            meta_charset(b"<META http-equiv='Content-Type' content='text/html; charset=ISO-8859-15'>")
                .map(|e| e.name()),
            Some("ISO-8859-15")
        );
        assert_eq!(meta_charset(b"<meta name=x><meta charset=utf-16>"), Some(UTF_8));
        assert_eq!(meta_charset(b"<meta charset=bogus>"), None);
        assert_eq!(meta_charset(b"<meta charset"), None);
        assert_eq!(meta_charset(b""), None);
    }

    #[test]
    fn normalise_line_endings_and_nuls() {
        assert_eq!(normalise("a\r\nb\rc\0d\u{FEFF}"), "a\nb\ncd");
        assert_eq!(normalise("Größe\u{2028}Maß\u{85}x\u{9F}y – „z“ \r"), "Größe\nMaß\nxy – „z“ \n");
        assert_eq!(normalise(""), "");
        assert_eq!(normalise("\r\n\r\n"), "\n\n");
        assert_eq!(
            normalise("0123456789abcdef\r\nGhijklmn\u{7F}opqrstuvwxyz\u{2029}"),
            "0123456789abcdef\nGhijklmnopqrstuvwxyz\n"
        );
    }

    #[test]
    fn candidate_search_finds_every_byte_that_needs_care() {
        for byte in 0u8..=255 {
            let needs_care =
                (byte < 0x20 && byte != b'\n' && byte != b'\t') || matches!(byte, 0x7F | 0xC2 | 0xE2 | 0xEF);
            assert_eq!(may_need_care(byte), needs_care, "{byte:#x}");
            // At every position of a buffer longer than one chunk, and in the remainder.
            for position in [0, 5, 31, 32, 63, 64, 70] {
                let mut bytes = vec![b'a'; 71];
                bytes[position] = byte;
                bytes[40] = b'\n';
                let expected = if needs_care { Some(position) } else { None };
                assert_eq!(next_candidate(&bytes), expected, "{byte:#x} at {position}");
            }
        }
        assert_eq!(next_candidate(b""), None);
    }

    #[test]
    fn normalise_long_text_with_newlines_and_umlauts() {
        let line = "Größe und Maß – „zitiert“ in einer Zeile\n";
        let text = format!("{}\r\n{}\u{0}{}", line.repeat(5), line, line.repeat(3));
        let expected = format!("{}\n{}{}", line.repeat(5), line, line.repeat(3));
        assert_eq!(normalise(&text), expected);
    }
}
