//! Helpers shared by the integration tests of the `wirewatch` crate.

use wirewatch::{export, ExportLayout};
use wirewatch_model::Document;
use wirewatch_store::Store;

/// Exports `store` in passes (documents, then each layer array), checks the
/// bytes equal the one-pass writers fed `documents`, in both the JSON and the
/// JSONL layout, and returns both exports (JSON, JSONL).
pub fn export_in_passes_matches_one_pass_writers(
    store: &Store,
    documents: &[Document],
) -> (Vec<u8>, Vec<u8>) {
    let mut passes = Vec::new();
    export(store, ExportLayout::Json, &mut passes).unwrap();
    let mut writer = wirewatch_export::JsonWriter::new(Vec::new()).unwrap();
    for document in documents {
        writer.document(document).unwrap();
    }
    assert_eq!(
        String::from_utf8(passes.clone()).unwrap(),
        String::from_utf8(writer.finish().unwrap()).unwrap()
    );

    let mut lines = Vec::new();
    export(store, ExportLayout::Jsonl, &mut lines).unwrap();
    let mut writer = wirewatch_export::JsonlWriter::new(Vec::new()).unwrap();
    for document in documents {
        writer.document(document).unwrap();
    }
    assert_eq!(lines, writer.finish().unwrap());
    (passes, lines)
}

/// The lines of the table headed `title` in `wirewatch show` output, header
/// row included.
#[allow(dead_code)] // not every test file that includes this module shows tables
pub fn table<'a>(shown: &'a str, title: &str) -> Vec<&'a str> {
    shown
        .lines()
        .skip_while(|line| !line.starts_with(title))
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect()
}

/// Asserts an exported layer array is in document order, then text order.
#[allow(dead_code)] // not every test file that includes this module exports layers
pub fn assert_document_then_text_order(items: &[serde_json::Value]) {
    let order: Vec<(&str, u64)> =
        items.iter().map(|item| (item["doc"].as_str().unwrap(), item["start"].as_u64().unwrap())).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "document order, then text order");
}
