//! The analysis layers through the pipeline: ingest stores them, reprocess
//! refreshes them, the kept failures recovered by reprocess get them, the
//! export carries them, and `wirewatch show --time` marks them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use wirewatch::{export, ingest, reprocess, ExportLayout, IngestConfig};
use wirewatch_analyse::Analyser;
use wirewatch_ingest::Input;
use wirewatch_model::{Diagnostic, Document, Layers};
use wirewatch_store::Store;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/news")
}

/// An invented, dated German article with time expressions of every kind.
const ARTICLE: &str = concat!(
    r#"{"title":"Gespräche in Riga vertagt","date":"2025-08-15","#,
    r#""text":"Riga - Die Gespräche über die Grenzfrage wurden am Freitag ohne Ergebnis vertagt. "#,
    r#"Seit Februar 2022 verhandeln beide Seiten, zuletzt im Juli. "#,
    r#"Am 3. September soll es weitergehen, hieß es aus dem Außenministerium."}"#,
    "\n"
);

fn ingest_article(dir: &Path) -> PathBuf {
    std::fs::write(dir.join("article.jsonl"), ARTICLE).unwrap();
    let db = dir.join("wirewatch.db");
    let summary =
        ingest(&db, &[Input::Path(dir.join("article.jsonl"))], &IngestConfig::default(), &|_| {}).unwrap();
    assert!(summary.all_ok(), "{:?}", summary.failures);
    assert_eq!(summary.ingested, 1);
    db
}

/// What the analyser says about `document` when asked directly.
fn analysed(document: &Document) -> Layers {
    let unanalysed = Document { layers: Layers::default(), ..document.clone() };
    Analyser::new().expect("the shipped grammars load").analyse(&unanalysed)
}

#[test]
fn ingest_stores_the_layers_the_analyser_gives() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest_article(dir.path());
    let store = Store::open(&db).unwrap();
    let document = store.documents().unwrap().pop().unwrap();
    assert!(document.layers.sentences.len() >= 3, "{:?}", document.layers.sentences);
    assert!(!document.layers.timexes.is_empty(), "the article has time expressions");
    assert_eq!(document.layers, analysed(&document));
    for timex in &document.layers.timexes {
        assert_eq!(document.text.get(timex.start..timex.end), Some(timex.text.as_str()));
    }
    let diagnostics = store.diagnostics(&document.id).unwrap();
    assert!(diagnostics.iter().all(|d| !d.message.contains("analys")), "{diagnostics:?}");
}

#[test]
fn reprocess_refreshes_layers_and_counts_them_in_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = examples_db(dir.path());
    let stored = Store::open(&db).unwrap().documents().unwrap();
    assert!(stored.iter().all(|d| !d.layers.sentences.is_empty()), "every example is analysed");

    // As a store from before the analysers (or an older analyser) left them:
    // same text and metadata, other layers.
    {
        let mut store = Store::open(&db).unwrap();
        let mut first = stored[0].clone();
        first.layers = Layers::default();
        store.replace_document(&first).unwrap();
        let mut second = stored[1].clone();
        second.layers.timexes.clear();
        store.replace_document(&second).unwrap();
    }
    let summary = reprocess(&db, &|_| {}).unwrap();
    assert_eq!((summary.reprocessed, summary.unchanged), (2, stored.len() - 2));
    assert_eq!(Store::open(&db).unwrap().documents().unwrap(), stored, "the layers are back");

    let again = reprocess(&db, &|_| {}).unwrap();
    assert_eq!((again.reprocessed, again.unchanged), (0, stored.len()));
}

#[test]
fn a_recovered_failure_is_analysed_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest_article(dir.path());
    {
        let mut store = Store::open(&db).unwrap();
        let page = "<html><body><article><h1>Einigung in Wien</h1><p>Wien - Die Außenminister einigten sich am Montag auf einen Fahrplan für den Gipfel im Oktober.</p></article></body></html>";
        store
            .record_failure(
                &Diagnostic::error("old/page.html", "no article text found"),
                Some(page.as_bytes()),
            )
            .unwrap();
    }
    let summary = reprocess(&db, &|_| {}).unwrap();
    assert_eq!(summary.recovered, 1);
    let store = Store::open(&db).unwrap();
    let recovered = store.documents().unwrap().into_iter().find(|d| d.source == "old/page.html").unwrap();
    assert!(!recovered.layers.sentences.is_empty());
    assert_eq!(recovered.layers, analysed(&recovered));
}

fn examples_db(dir: &Path) -> PathBuf {
    let db = dir.join("examples.db");
    let summary = ingest(&db, &[Input::Path(examples())], &IngestConfig::default(), &|_| {}).unwrap();
    assert!(summary.all_ok(), "{:?}", summary.failures);
    db
}

#[test]
fn the_two_pass_export_equals_the_one_pass_writers_and_holds_every_timex() {
    let dir = tempfile::tempdir().unwrap();
    let db = examples_db(dir.path());
    let store = Store::open(&db).unwrap();
    let documents = store.documents().unwrap();

    let (two_pass, _) = common::export_in_passes_matches_one_pass_writers(&store, &documents);

    // Every timex of every document, in document order then text order, slicing its document.
    let value: Value = serde_json::from_slice(&two_pass).unwrap();
    let timexes = value["timexes"].as_array().unwrap();
    let expected: usize = documents.iter().map(|d| d.layers.timexes.len()).sum();
    assert!(expected > 20, "the examples are full of dates: {expected}");
    assert_eq!(timexes.len(), expected);
    common::assert_document_then_text_order(timexes);
    for timex in timexes {
        let document = documents.iter().find(|d| d.id.as_str() == timex["doc"]).unwrap();
        let (start, end) =
            (timex["start"].as_u64().unwrap() as usize, timex["end"].as_u64().unwrap() as usize);
        assert_eq!(document.text.get(start..end), timex["text"].as_str());
    }
    // Per document: its sentences and, for the undated ones, the estimated window.
    for (exported, document) in value["documents"].as_array().unwrap().iter().zip(&documents) {
        let sentences: Vec<(u64, u64)> = exported["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
            .collect();
        let stored: Vec<(u64, u64)> =
            document.layers.sentences.iter().map(|s| (s.start as u64, s.end as u64)).collect();
        assert_eq!(sentences, stored);
        let window = &exported["published_window"];
        match &document.layers.published_window {
            Some(stored) => {
                assert!(document.published.is_none());
                assert_eq!(window["earliest"].as_str(), stored.earliest.as_deref());
                assert_eq!(window["latest"].as_str(), stored.latest.as_deref());
                assert_eq!(window["evidence"].as_str(), Some(stored.evidence.as_str()));
            }
            None => assert!(window.is_null()),
        }
    }
    assert!(
        documents.iter().any(|d| d.layers.published_window.is_some()),
        "some undated example gets an estimated window"
    );
}

fn wirewatch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .current_dir(dir)
        .args(args)
        .env_remove("WIREWATCH_DB")
        .env_remove("NO_COLOR")
        .output()
        .expect("the wirewatch binary runs")
}

#[test]
fn show_time_marks_every_expression_and_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest_article(dir.path());
    let document = Store::open(&db).unwrap().documents().unwrap().pop().unwrap();

    let show = wirewatch(dir.path(), &["show", &document.id.as_str()[..6], "--time"]);
    assert!(show.status.success(), "{}", String::from_utf8_lossy(&show.stderr));
    let shown = String::from_utf8(show.stdout).unwrap();
    assert!(!shown.contains('\x1b'), "a pipe gets plain marks: {shown}");
    assert!(shown.contains(&format!("time expressions: {}", document.layers.timexes.len())), "{shown}");
    for timex in &document.layers.timexes {
        assert!(shown.contains(&format!("[[{}]]{{{}}}", timex.text, timex.value)), "{timex:?} in {shown}");
    }
    // The seed case from the issue: "am Freitag" in an article of 2025-08-15 is that very day.
    assert!(shown.contains("]]{2025-08-15}"), "{shown}");
    assert!(shown.contains("Gespräche über die Grenzfrage"), "{shown}");

    // Without --time: the plain view, no marks.
    let plain = String::from_utf8(wirewatch(dir.path(), &["show", document.id.as_str()]).stdout).unwrap();
    assert!(!plain.contains("[[") && plain.contains("Gespräche über die Grenzfrage"), "{plain}");
}

#[test]
fn the_real_export_of_the_examples_passes_the_published_schema() {
    // Python's jsonschema (Draft 2020-12) on the export of the examples as
    // analysed now; crates/export/tests checks the schema itself in Rust.
    let dir = tempfile::tempdir().unwrap();
    let db = examples_db(dir.path());
    let mut out = Vec::new();
    export(&Store::open(&db).unwrap(), ExportLayout::Json, &mut out).unwrap();
    let instance = dir.path().join("export.json");
    std::fs::write(&instance, out).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.schema.json");
    let script = "import json,sys,jsonschema\n\
                  s=json.load(open(sys.argv[1])); i=json.load(open(sys.argv[2], encoding='utf-8'))\n\
                  jsonschema.Draft202012Validator.check_schema(s)\n\
                  jsonschema.Draft202012Validator(s).validate(i)\n\
                  assert i['timexes'], 'the examples have timexes'\n";
    match Command::new("python3").arg("-c").arg(script).arg(&schema).arg(&instance).output() {
        Ok(output) if output.status.success() => {}
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            if stderr.contains("No module named") {
                eprintln!("skipping: python3 jsonschema not installed");
            } else {
                panic!("the export of the examples does not match docs/export.schema.json:\n{stderr}");
            }
        }
        Err(_) => eprintln!("skipping: python3 not found"),
    }
}
