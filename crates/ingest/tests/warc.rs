//! WARC files, plain and gzip, built byte by byte in the test.

mod common;

use std::fs;
use std::io::Write;

use common::{failures, read, read_file, records};
use flate2::write::GzEncoder;
use flate2::Compression;
use wirewatch_ingest::{parse_warc, ContentKind, IngestOptions, Item, Source};

/// One WARC record with the given type, extra headers and block.
fn record(warc_type: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out =
        format!("WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Date: 2024-01-02T03:04:05Z\r\n").into_bytes();
    for (key, value) in headers {
        out.extend_from_slice(format!("{key}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(uri: &str, http: &[u8]) -> Vec<u8> {
    record(
        "response",
        &[("WARC-Target-URI", uri), ("Content-Type", "application/http; msgtype=response")],
        http,
    )
}

const PAGE: &[u8] = b"<html><head><title>T</title></head><body><p>Artikel</p></body></html>";

/// Records 1..=9 of a small CC-NEWS-like crawl.
fn crawl() -> Vec<Vec<u8>> {
    let ok =
        [&b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nServer: x\r\n\r\n"[..], PAGE]
            .concat();
    vec![
        record("warcinfo", &[("Content-Type", "application/warc-fields")], b"software: test\r\n"),
        record("request", &[("WARC-Target-URI", "https://news.invalid/a")], b"GET /a HTTP/1.1\r\n\r\n"),
        response("https://news.invalid/a", &ok),
        record("metadata", &[("WARC-Target-URI", "https://news.invalid/a")], b"fetchTimeMs: 12\r\n"),
        response(
            "https://news.invalid/gone",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>no</p>",
        ),
        response("https://news.invalid/empty", b""),
        response(
            "https://news.invalid/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ),
        response("https://news.invalid/headers-only", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"),
        response(
            "<https://news.invalid/b>",
            &[&b"HTTP/1.1 200 OK\r\nContent-Type: application/xhtml+xml\r\n\r\n"[..], PAGE].concat(),
        ),
    ]
}

fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for record in records {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(record).unwrap();
        out.extend_from_slice(&encoder.finish().unwrap());
    }
    out
}

fn check_crawl(items: &[Item], name: &str) {
    let records = records(items);
    assert_eq!(records.len(), 2, "{items:?}");
    assert_eq!(records[0].source, format!("{name}#3"));
    assert_eq!(records[0].url.as_deref(), Some("https://news.invalid/a"));
    assert_eq!(records[0].kind, ContentKind::Html);
    assert_eq!(records[0].bytes, PAGE);
    assert_eq!(records[0].hints.charset.as_deref(), Some("ISO-8859-1"));
    // WARC-Date is crawl time, never a publication date hint.
    assert_eq!(records[0].hints.date, None);
    assert_eq!(records[1].source, format!("{name}#9"));
    assert_eq!(records[1].url.as_deref(), Some("https://news.invalid/b"));
    let failures = failures(items);
    assert_eq!(
        failures,
        vec![
            (format!("{name}#6"), "WARC response record has no payload".to_string()),
            (format!("{name}#8"), "WARC response record has no payload".to_string()),
        ]
    );
}

#[test]
fn plain_warc_keeps_html_responses_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc");
    fs::write(&path, crawl().concat()).unwrap();
    check_crawl(&read_file(&path), &path.display().to_string());
}

#[test]
fn multi_member_gzip_warc_streams() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    fs::write(&path, gzip_members(&crawl())).unwrap();
    check_crawl(&read_file(&path), &path.display().to_string());
    // The in-memory parser sniffs gzip itself.
    let mut items = Vec::new();
    parse_warc("mem", &gzip_members(&crawl())[..], &IngestOptions::default(), &mut |item| items.push(item));
    check_crawl(&items, "mem");
}

#[test]
fn truncated_gzip_warc_delivers_records_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.warc.gz");
    let mut records_in = crawl();
    // A large last record, so that cutting the file hits it.
    let big: Vec<u8> = (0..20000).flat_map(|i| format!("<p>Absatz {i}</p>").into_bytes()).collect();
    let http = [&b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"[..], &big].concat();
    records_in.push(response("https://news.invalid/big", &http));
    let packed = gzip_members(&records_in);
    fs::write(&path, &packed[..packed.len() - 3000]).unwrap();
    let items = read_file(&path);
    let name = path.display().to_string();
    assert_eq!(records(&items).len(), 2);
    let failures = failures(&items);
    let last = failures.last().unwrap();
    assert_eq!(last.0, format!("{name}#10"));
    assert!(last.1.starts_with("truncated gzip: "), "{}", last.1);
}

#[test]
fn truncated_plain_warc_record_is_reported() {
    let mut bytes = crawl().concat();
    bytes.extend_from_slice(&response(
        "https://news.invalid/c",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>lang</p>",
    ));
    bytes.truncate(bytes.len() - 10);
    let mut items = Vec::new();
    parse_warc("w", &bytes[..], &IngestOptions::default(), &mut |item| items.push(item));
    let failures = failures(&items);
    assert_eq!(records(&items).len(), 2);
    assert_eq!(
        failures.last().unwrap(),
        &("w#10".to_string(), "truncated WARC record: expected 55 bytes, got 49".to_string())
    );
}

#[test]
fn oversized_records_are_skipped_and_reading_goes_on() {
    let big = [&b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"[..], &vec![b'x'; 5000]].concat();
    let mut bytes = response("https://news.invalid/big", &big);
    bytes.extend_from_slice(&response(
        "https://news.invalid/small",
        &[&b"HTTP/1.1 200 OK\r\n\r\n"[..], PAGE].concat(),
    ));
    let opts = IngestOptions { max_bytes: 1024, ..IngestOptions::default() };
    let mut items = Vec::new();
    parse_warc("w", &bytes[..], &opts, &mut |item| items.push(item));
    assert_eq!(
        failures(&items),
        vec![("w#1".to_string(), "record is 4.9 KB, above --max-bytes 1.0 KB".to_string())]
    );
    let records = records(&items);
    assert_eq!(records.len(), 1);
    // No Content-Type: the payload is sniffed.
    assert_eq!(records[0].source, "w#2");
}

#[test]
fn garbage_before_a_record_is_reported_once() {
    let bytes = [&b"junk line\r\nmore junk\r\n"[..], &crawl().concat()].concat();
    let mut items = Vec::new();
    parse_warc("w", &bytes[..], &IngestOptions::default(), &mut |item| items.push(item));
    assert_eq!(records(&items).len(), 2);
    assert!(failures(&items)[0].1.starts_with("not a WARC record"));
}

#[test]
fn warc_from_a_file_without_extension_is_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.data");
    fs::write(&path, crawl().concat()).unwrap();
    let items = read(&Source::File(path.clone()), &IngestOptions::default());
    assert_eq!(records(&items).len(), 2);
}
