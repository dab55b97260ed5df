//! The HTML pages of the demo corpus (examples/news/html) against the body
//! expectations in examples/expected.json, checked at the extraction stage:
//! every `must_contain` fragment kept, every `must_not_contain` fragment gone
//! (bylines, captions with photo credits, share bars, ads, related links).
//! The CLI's examples test checks the whole pipeline; this one pins down the
//! extractor's part and runs without building the CLI.

use std::path::Path;

use serde_json::Value;
use wirewatch_model::{ContentKind, Hints, RawRecord};

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Collapses whitespace runs, so a line break in the source does not hide a match.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn demo_html_pages_keep_the_body_and_drop_the_boilerplate() {
    let Ok(expected) = std::fs::read_to_string(examples().join("expected.json")) else {
        eprintln!("skipping: examples/expected.json not found");
        return;
    };
    let expected: Value = serde_json::from_str(&expected).expect("expected.json is JSON");
    let mut problems = Vec::new();
    let mut checked = 0;
    for (key, want) in expected.as_object().into_iter().flatten().filter(|(key, _)| key.starts_with("html/"))
    {
        let bytes = std::fs::read(examples().join("news").join(key)).expect("example page readable");
        let record = RawRecord {
            source: key.clone(),
            url: None,
            kind: ContentKind::Html,
            bytes,
            hints: Hints::default(),
        };
        let text = match wirewatch_extract::extract(&record) {
            Ok(extracted) => normalise(&extracted.document.text),
            Err(diagnostic) => {
                problems.push(format!("{key}: extraction failed: {diagnostic:?}"));
                continue;
            }
        };
        checked += 1;
        for fragment in want["must_contain"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !text.contains(&normalise(fragment)) {
                problems.push(format!("{key}: body lacks {fragment:?}"));
            }
        }
        for fragment in want["must_not_contain"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            let fragment = normalise(fragment);
            if !fragment.is_empty() && text.contains(&fragment) {
                problems.push(format!("{key}: body still has {fragment:?}"));
            }
        }
    }
    assert!(checked >= 3, "the demo corpus has at least three HTML pages, checked {checked}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
