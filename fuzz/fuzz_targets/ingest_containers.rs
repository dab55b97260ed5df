//! The container parsers of the ingest stage (JSONL, WARC, RSS/Atom, sniffing) on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wirewatch_ingest::IngestOptions;

fuzz_target!(|data: &[u8]| {
    let options = IngestOptions { max_bytes: 1 << 20, ..IngestOptions::default() };
    let mut sink = |_item| {};
    let _ = wirewatch_ingest::sniff(data, None);
    wirewatch_ingest::parse_jsonl("fuzz.jsonl", data, &options, &mut sink);
    wirewatch_ingest::parse_warc("fuzz.warc", data, &options, &mut sink);
    wirewatch_ingest::parse_feed("fuzz.xml", data, &mut sink);
});
