//! Bytes to text: BOMs, declared and `<meta>` charsets, detection, bad bytes.

use wirewatch_extract::decode::{decode, EncodingSource};
use wirewatch_extract::extract;
use wirewatch_model::{ContentKind, Hints, RawRecord, Severity};

/// "Die Bürger in München äußerten sich am Freitag „sehr zufrieden“ über die
/// Straßenbahn – schöne Grüße …" in Windows-1252.
const CP1252: &[u8] = b"Die B\xfcrger in M\xfcnchen \xe4u\xdferten sich am Freitag \x84sehr zufrieden\x93 \xfcber die Stra\xdfenbahn \x96 sch\xf6ne Gr\xfc\xdfe an alle Leserinnen und Leser, hei\xdft es aus dem Rathaus.";
const CP1252_AS_TEXT: &str = "Die Bürger in München äußerten sich am Freitag „sehr zufrieden“ über die Straßenbahn – schöne Grüße an alle Leserinnen und Leser, heißt es aus dem Rathaus.";

#[test]
fn windows_1252_is_detected_without_declaration() {
    let decoded = decode(CP1252, None, ContentKind::Text);
    assert_eq!(decoded.text, CP1252_AS_TEXT);
    assert_eq!(decoded.encoding, "windows-1252");
    assert_eq!(decoded.source, EncodingSource::Detected);
    assert!(!decoded.had_errors);
}

#[test]
fn declared_iso_8859_1_means_windows_1252() {
    let decoded = decode(CP1252, Some("ISO-8859-1"), ContentKind::Text);
    assert_eq!(decoded.text, CP1252_AS_TEXT);
    assert_eq!(decoded.encoding, "windows-1252");
    assert_eq!(decoded.source, EncodingSource::Declared);
}

#[test]
fn meta_charset_in_html() {
    let mut page = b"<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><title>T</title></head><body><p>".to_vec();
    page.extend_from_slice(CP1252);
    page.extend_from_slice(b"</p></body></html>");
    let decoded = decode(&page, None, ContentKind::Html);
    assert_eq!(decoded.source, EncodingSource::Meta);
    assert_eq!(decoded.encoding, "windows-1252");
    assert!(decoded.text.contains(CP1252_AS_TEXT));

    let short = b"<meta charset='latin1'><p>Gr\xfc\xdfe</p>";
    assert!(decode(short, None, ContentKind::Html).text.contains("Grüße"));
    // A <meta> in a text dump is just text.
    assert_eq!(decode(short, None, ContentKind::Text).source, EncodingSource::Detected);
}

#[test]
fn declared_charset_beats_meta() {
    let page = b"<meta charset=utf-8><p>Gr\xfc\xdfe</p>";
    let decoded = decode(page, Some("windows-1252"), ContentKind::Html);
    assert_eq!(decoded.source, EncodingSource::Declared);
    assert!(decoded.text.contains("Grüße"));
}

#[test]
fn valid_utf8_beats_a_wrong_single_byte_declaration() {
    let decoded = decode("Grüße aus München".as_bytes(), Some("iso-8859-1"), ContentKind::Text);
    assert_eq!(decoded.text, "Grüße aus München");
    assert_eq!(decoded.encoding, "UTF-8");
    assert_eq!(decoded.source, EncodingSource::Utf8OverDeclared);
}

#[test]
fn utf8_bom() {
    let decoded = decode(b"\xef\xbb\xbfGr\xc3\xbc\xc3\x9fe", Some("windows-1252"), ContentKind::Text);
    assert_eq!(decoded.text, "Grüße");
    assert_eq!(decoded.encoding, "UTF-8");
    assert_eq!(decoded.source, EncodingSource::Bom);
}

#[test]
fn utf16_boms() {
    let little: Vec<u8> =
        [0xff, 0xfe].into_iter().chain("Grüße\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let decoded = decode(&little, None, ContentKind::Text);
    assert_eq!((decoded.text.as_str(), decoded.encoding), ("Grüße\n", "UTF-16LE"));
    let big: Vec<u8> =
        [0xfe, 0xff].into_iter().chain("Grüße".encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let decoded = decode(&big, None, ContentKind::Html);
    assert_eq!((decoded.text.as_str(), decoded.encoding), ("Grüße", "UTF-16BE"));
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let bytes = b"Gr\xc3\xbc\xc3\x9fe \xff\xfe kaputt";
    let decoded = decode(bytes, Some("utf-8"), ContentKind::Text);
    assert!(decoded.had_errors);
    assert!(decoded.text.starts_with("Grüße "));
    assert!(decoded.text.contains('\u{FFFD}'));

    let mut text =
        b"Die Regierung hat am Montag einen neuen Haushalt vorgelegt, der viele Fragen offen l\xc3\xa4sst. "
            .repeat(3);
    text.extend_from_slice(b"\xff\xfe");
    let record = RawRecord {
        source: "bad.txt".into(),
        url: None,
        kind: ContentKind::Text,
        bytes: text,
        hints: Hints { charset: Some("utf-8".into()), ..Hints::default() },
    };
    let out = extract(&record).expect("still a document");
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message.contains("malformed")));
}

#[test]
fn unknown_labels_are_ignored() {
    let decoded = decode("Grüße".as_bytes(), Some("no-such-charset"), ContentKind::Text);
    assert_eq!((decoded.text.as_str(), decoded.source), ("Grüße", EncodingSource::ValidUtf8));
}

#[test]
fn line_endings_and_nuls() {
    let decoded = decode(b"eins\r\nzwei\rdrei\0vier", None, ContentKind::Text);
    assert_eq!(decoded.text, "eins\nzwei\ndreivier");
}

#[test]
fn empty_input() {
    let decoded = decode(b"", None, ContentKind::Text);
    assert_eq!(decoded.text, "");
    assert!(!decoded.had_errors);
}

#[test]
fn doubly_decoded_utf8_is_repaired_and_reported() {
    // The UTF-8 bytes of CP1252_AS_TEXT once read as windows-1252 and saved
    // again as UTF-8: "MÃ¼nchen", "â€žsehr zufriedenâ€œ".
    let garbled = encoding_rs::WINDOWS_1252.decode_without_bom_handling(CP1252_AS_TEXT.as_bytes()).0;
    assert!(garbled.contains("MÃ¼nchen"));
    let decoded = decode(garbled.as_bytes(), None, ContentKind::Text);
    assert_eq!(decoded.text, CP1252_AS_TEXT);
    assert!(decoded.repaired_sequences >= 10, "{}", decoded.repaired_sequences);

    let record = RawRecord {
        source: "garbled.txt".into(),
        url: None,
        kind: ContentKind::Text,
        bytes: garbled.as_bytes().to_vec(),
        hints: Hints::default(),
    };
    let out = extract(&record).expect("still a document");
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message.contains("doubly decoded")));
}
