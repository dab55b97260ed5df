//! Replays every input the fuzzers ever crashed on (fuzz/regressions/<target>/*),
//! so a crash found once stays fixed without running the fuzzer.

use std::path::Path;

use wirewatch_ingest::IngestOptions;
use wirewatch_model::{ContentKind, Hints, RawRecord};

fn replay(target: &str, run: impl Fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return 0 };
    let mut count = 0;
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        run(&bytes);
        count += 1;
    }
    count
}

#[test]
fn fuzz_crashes_stay_fixed() {
    let html = replay("html_extract", |bytes| {
        let _ = wirewatch_extract::html::extract_html(&String::from_utf8_lossy(bytes), None);
    });
    let text = replay("text_clean", |bytes| {
        let text = String::from_utf8_lossy(bytes);
        for language in [Some("de"), Some("en"), None] {
            let _ = wirewatch_extract::text::clean(&text, language);
        }
    });
    let record = replay("extract_record", |bytes| {
        let Some((&selector, bytes)) = bytes.split_first() else { return };
        let kind = if selector & 1 == 0 { ContentKind::Html } else { ContentKind::Text };
        let record = RawRecord {
            source: "fuzz".into(),
            url: None,
            kind,
            bytes: bytes.to_vec(),
            hints: Hints::default(),
        };
        let _ = wirewatch_extract::extract(&record);
    });
    let containers = replay("ingest_containers", |bytes| {
        let options = IngestOptions { max_bytes: 1 << 20, ..IngestOptions::default() };
        let mut sink = |_item| {};
        wirewatch_ingest::parse_jsonl("fuzz.jsonl", bytes, &options, &mut sink);
        wirewatch_ingest::parse_warc("fuzz.warc", bytes, &options, &mut sink);
        wirewatch_ingest::parse_feed("fuzz.xml", bytes, &mut sink);
    });
    eprintln!("replayed {html} html, {text} text, {record} record, {containers} container inputs");
}
