//! Local inputs: discovery, plain files, bad files, gzip and JSONL.

mod common;

use std::fs;
use std::io::Write;

use common::{failures, read, read_file, records};
use flate2::write::GzEncoder;
use flate2::Compression;
use wirewatch_ingest::{discover, ContentKind, IngestOptions, Input, Item, Source};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn discover_walks_sorted_skips_hidden_and_reports_missing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/sub")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    for name in ["z.txt", "a.html", "b/sub/c.txt", "b/a.jsonl", ".hidden.txt", ".git/config"] {
        fs::write(root.join(name), "x").unwrap();
    }
    let missing = root.join("nope.txt");
    let inputs = vec![
        Input::Path(root.to_path_buf()),
        Input::Path(missing.clone()),
        Input::Path(root.join("a.html")), // already found by the walk
        Input::Stdin,
        Input::from_arg("https://example.invalid/x"),
    ];
    let (sources, diagnostics) = discover(&inputs);
    let expected: Vec<Source> = ["a.html", "b/a.jsonl", "b/sub/c.txt", "z.txt"]
        .iter()
        .map(|name| Source::File(root.join(name)))
        .chain([Source::Stdin, Source::Url("https://example.invalid/x".into())])
        .collect();
    assert_eq!(sources, expected);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].source, missing.display().to_string());
    assert_eq!(diagnostics[0].message, "no such file or directory");
    // A hidden file named explicitly is read.
    let (sources, _) = discover(&[Input::Path(root.join(".hidden.txt"))]);
    assert_eq!(sources.len(), 1);
}

#[test]
fn empty_file_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.txt");
    fs::write(&path, "").unwrap();
    let items = read_file(&path);
    assert_eq!(failures(&items), vec![(path.display().to_string(), "empty file".to_string())]);
}

#[test]
fn binary_files_fail_with_their_kind() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        ("image.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file (PNG image)"),
        ("doc.txt", b"%PDF-1.4\n%\xe2\xe3", "binary file (PDF document)"),
        ("a.zip", b"PK\x03\x04\x14\0\0\0", "binary file (ZIP archive)"),
        ("g.txt", b"GIF89a\x01\0", "binary file (GIF image)"),
        ("j.txt", b"\xff\xd8\xff\xe0\0\x10JFIF", "binary file (JPEG image)"),
        ("prog", b"\x7fELF\x02\x01\x01\0", "binary file (ELF executable)"),
        ("nul.txt", b"text\0with\0nuls", "binary file (contains NUL bytes)"),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let items = read_file(&path);
        assert_eq!(failures(&items), vec![(path.display().to_string(), message.to_string())], "{name}");
        // Small failed inputs keep their bytes for later re-processing.
        assert!(matches!(&items[0], Item::Failed { raw: Some(raw), .. } if raw == bytes));
    }
}

#[test]
fn invalid_utf8_text_is_a_text_record_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    let bytes = b"Gr\xfc\xdfe aus M\xfcnchen.\n\nZweiter Absatz mit \x84Zitat\x93.\n";
    fs::write(&path, bytes).unwrap();
    let items = read_file(&path);
    let records = records(&items);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].kind, ContentKind::Text);
    assert_eq!(records[0].bytes, bytes);
    assert_eq!(records[0].source, path.display().to_string());
}

#[test]
fn content_wins_over_extension() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("page.txt");
    fs::write(&txt, "<!DOCTYPE html><html><body><p>Hallo</p></body></html>").unwrap();
    let html = dir.path().join("plain.html");
    fs::write(&html, "Nur Text, aber .html genannt.").unwrap();
    assert_eq!(records(&read_file(&txt))[0].kind, ContentKind::Html);
    // Text inside an .html file is valid HTML: the extension settles it.
    assert_eq!(records(&read_file(&html))[0].kind, ContentKind::Html);
    let noext = dir.path().join("article");
    fs::write(&noext, "Plain words.\n").unwrap();
    assert_eq!(records(&read_file(&noext))[0].kind, ContentKind::Text);
}

#[test]
fn huge_file_is_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // Sparse: takes no disk space and is never written.
    fs::File::create(&path).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let items = read_file(&path);
    assert_eq!(
        failures(&items),
        vec![(path.display().to_string(), "file is 200.0 MB, above --max-bytes 50.0 MB".to_string())]
    );
    assert!(matches!(&items[0], Item::Failed { raw: None, .. }));
}

#[test]
fn gzip_is_decompressed_and_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.gz");
    fs::write(&path, gzip(b"<html><body><p>Gepackt</p></body></html>")).unwrap();
    let items = read_file(&path);
    let records = records(&items);
    assert_eq!(records.len(), 1, "{items:?}");
    assert_eq!(records[0].kind, ContentKind::Html);
    assert_eq!(records[0].bytes, b"<html><body><p>Gepackt</p></body></html>");
}

#[test]
fn truncated_gzip_fails_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.txt.gz");
    let text: String = (0..2000).map(|i| format!("Zeile {i} mit etwas Text.\n")).collect();
    let packed = gzip(text.as_bytes());
    fs::write(&path, &packed[..packed.len() / 2]).unwrap();
    let failures = failures(&read_file(&path));
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].0, path.display().to_string());
    assert!(failures[0].1.starts_with("truncated gzip: "), "{}", failures[0].1);
}

#[test]
fn gzip_bomb_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.txt.gz");
    fs::write(&path, gzip(&vec![b'a'; 4 * 1024 * 1024])).unwrap();
    let opts = IngestOptions { max_bytes: 1024 * 1024, ..IngestOptions::default() };
    let items = read(&Source::File(path.clone()), &opts);
    assert_eq!(
        failures(&items),
        vec![(path.display().to_string(), "decompressed data is larger than --max-bytes 1.0 MB".to_string())]
    );
}

#[test]
fn jsonl_lines_become_records_and_bad_lines_fail_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.jsonl");
    fs::write(
        &path,
        "{\"url\":\"https://a.invalid/1\",\"title\":\"Eins\",\"date\":\"2025-08-15\",\"author\":[\"A\"],\"text\":\"Erster.\"}\n\
         {\"html\":\"<p>Zwei</p>\"\n\
         {\"html\":\"<p>Drei</p>\",\"authors\":\"B\"}\n",
    )
    .unwrap();
    let items = read_file(&path);
    let name = path.display().to_string();
    let records = records(&items);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].source, format!("{name}:1"));
    assert_eq!(records[0].hints.date.as_deref(), Some("2025-08-15"));
    assert_eq!(records[1].source, format!("{name}:3"));
    assert_eq!(records[1].kind, ContentKind::Html);
    let failures = failures(&items);
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].0, format!("{name}:2"));
    assert!(failures[0].1.contains("EOF while parsing"), "{}", failures[0].1);
}

#[test]
fn jsonl_gz_streams() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.jsonl.gz");
    let lines: String = (1..=500).map(|i| format!("{{\"text\":\"Artikel {i}\"}}\n")).collect();
    fs::write(&path, gzip(lines.as_bytes())).unwrap();
    let items = read_file(&path);
    let records = records(&items);
    assert_eq!(records.len(), 500);
    assert_eq!(records[499].source, format!("{}:500", path.display()));
    assert_eq!(records[499].bytes, b"Artikel 500");
}

#[test]
fn directory_and_missing_sources_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let items = read_file(dir.path());
    assert_eq!(failures(&items)[0].1, "is a directory");
    let missing = dir.path().join("gone.txt");
    assert_eq!(failures(&read_file(&missing))[0].1, "no such file or directory");
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_discovery() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("a")).unwrap();
    fs::write(root.join("a/x.txt"), "x").unwrap();
    std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
    let (sources, _) = discover(&[Input::Path(root.to_path_buf())]);
    assert_eq!(sources, vec![Source::File(root.join("a/x.txt"))]);
}
