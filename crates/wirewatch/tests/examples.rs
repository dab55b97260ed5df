//! The demo corpus (examples/news) against examples/expected.json: what a
//! careful human extracts from each of our invented articles — title,
//! authors, date, language, dateline, body kept, boilerplate gone — and
//! time expressions a careful reader resolves against the article's date.

use std::path::Path;

use serde_json::Value;
use wirewatch::{ingest, IngestConfig};
use wirewatch_ingest::Input;
use wirewatch_model::Document;
use wirewatch_store::Store;

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Collapses whitespace runs, so a line break in the source does not hide a match.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check(key: &str, expected: &Value, document: &Document, problems: &mut Vec<String>) {
    let mut differ = |field: &str, want: &dyn std::fmt::Debug, got: &dyn std::fmt::Debug| {
        problems.push(format!("{key}: {field}: expected {want:?}, got {got:?}"));
    };
    let title = expected["title"].as_str();
    if document.title.as_deref() != title {
        differ("title", &title, &document.title);
    }
    let authors: Vec<&str> =
        expected["authors"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    if document.authors != authors {
        differ("authors", &authors, &document.authors);
    }
    let published = expected["published"].as_str();
    let got_date = document.published.as_ref().map(|p| p.value.get(..10).unwrap_or(&p.value));
    if got_date != published {
        differ("published", &published, &document.published);
    }
    let language = expected["language"].as_str();
    if document.language.as_deref() != language {
        differ("language", &language, &document.language);
    }
    let dateline = expected["dateline"].as_str();
    if document.dateline.as_ref().map(|d| d.place.as_str()) != dateline {
        differ("dateline", &dateline, &document.dateline);
    }
    let text = normalise(&document.text);
    for field in ["must_contain", "must_contain_joined"] {
        for fragment in expected[field].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !text.contains(&normalise(fragment)) {
                problems.push(format!("{key}: body lacks {fragment:?}"));
            }
        }
    }
    // Each listed expression must be found with this value; its span may be
    // wider than the word given ("am Abend" for "Abend"). Not exhaustive.
    for want in expected["timexes_include"].as_array().into_iter().flatten() {
        let (Some(word), Some(value)) = (want["text"].as_str(), want["value"].as_str()) else {
            problems.push(format!("{key}: malformed timexes_include entry {want}"));
            continue;
        };
        let found = document.layers.timexes.iter().any(|t| t.text.contains(word) && t.value == value);
        if !found {
            let got: Vec<String> = document
                .layers
                .timexes
                .iter()
                .filter(|t| t.text.contains(word))
                .map(|t| format!("{:?} = {}", t.text, t.value))
                .collect();
            problems.push(format!("{key}: timex {word:?} = {value} not found (got {got:?})"));
        }
    }
    // Each listed name must be found with this type (and a role linked to this
    // person); not exhaustive. No role word may ever be typed a person.
    let mentions = &document.layers.mentions;
    for want in expected["mentions_include"].as_array().into_iter().flatten() {
        let (Some(name), Some(kind)) = (want["text"].as_str(), want["type"].as_str()) else {
            problems.push(format!("{key}: malformed mentions_include entry {want}"));
            continue;
        };
        let found = mentions.iter().any(|m| {
            m.text == name
                && m.kind.as_str() == kind
                && want["role_of"].as_str().is_none_or(|person| {
                    m.role_of.and_then(|i| mentions.get(i)).is_some_and(|p| p.text == person)
                })
        });
        if !found {
            let got: Vec<String> = mentions
                .iter()
                .filter(|m| m.text.contains(name) || name.contains(m.text.as_str()))
                .map(|m| format!("{:?} {}", m.text, m.kind.as_str()))
                .collect();
            problems.push(format!(
                "{key}: mention {name:?} {kind} {:?} not found (got {got:?})",
                want["role_of"]
            ));
        }
    }
    let lexicon = wirewatch_analyse::entities::lexicon::Lexicon::german();
    for mention in mentions.iter().filter(|m| m.kind.as_str() == "PER") {
        if mention.text.split_whitespace().any(|word| lexicon.role(word).is_some()) {
            problems.push(format!("{key}: role word typed PER: {:?}", mention.text));
        }
    }
    for fragment in expected["must_not_contain"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        // Whitespace-only fragments ("\r") are checked as written.
        let found = match normalise(fragment) {
            normalised if normalised.is_empty() => document.text.contains(fragment),
            normalised => text.contains(&normalised),
        };
        if found {
            problems.push(format!("{key}: body still has {fragment:?}"));
        }
    }
}

#[test]
fn every_example_extracts_as_a_careful_human_would() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(examples().join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("examples.db");
    let news = examples().join("news");
    let summary = ingest(&db, &[Input::Path(news.clone())], &IngestConfig::default(), &|_| {})
        .expect("the store works");
    assert!(summary.all_ok(), "every example ingests: {:?}", summary.failures);
    assert_eq!(summary.ingested, expected.len(), "one document per expected entry");

    let documents = Store::open(&db).unwrap().documents().unwrap();
    let mut problems = Vec::new();
    for (key, want) in expected {
        let suffix = format!("/{key}");
        match documents.iter().find(|document| document.source.replace('\\', "/").ends_with(&suffix)) {
            Some(document) => check(key, want, document, &mut problems),
            None => problems.push(format!("{key}: no document with this source")),
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
