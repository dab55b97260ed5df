//! The `wirewatch` binary end to end: help, exit codes, a batch with bad
//! inputs, idempotent re-runs, export and show.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wirewatch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wirewatch"))
        .current_dir(dir)
        .args(args)
        .env_remove("WIREWATCH_DB")
        .output()
        .expect("the wirewatch binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/news")
}

#[test]
fn help_and_version_describe_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let help = wirewatch(dir.path(), &["--help"]);
    assert!(help.status.success());
    let help = text(&help.stdout);
    for command in ["run", "ingest", "reprocess", "export", "show", "list", "failures", "eval"] {
        assert!(help.contains(command), "--help lists {command}");
        let sub = wirewatch(dir.path(), &[command, "--help"]);
        assert!(sub.status.success(), "{command} --help");
        assert!(text(&sub.stdout).lines().count() > 3, "{command} --help documents its options");
    }
    let version = wirewatch(dir.path(), &["--version"]);
    assert!(text(&version.stdout).starts_with(concat!("wirewatch ", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(wirewatch(dir.path(), &["ingest"]).status.code(), Some(2));
    assert_eq!(wirewatch(dir.path(), &["no-such-command"]).status.code(), Some(2));
    assert_eq!(wirewatch(dir.path(), &["export", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn a_bad_batch_reports_each_failure_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("good.txt"), "Berlin - Die Ministerin reiste am Montag nach Riga. Dort traf sie den Regierungschef zu einem langen Gespräch über die Grenzfrage.\n").unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    std::fs::write(inputs.join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    std::fs::write(
        inputs.join("lines.jsonl"),
        "{\"title\":\"Eins\",\"text\":\"Ein erster Artikel mit genug Text, um ein Dokument zu sein.\"}\nnot json\n{\"title\":\"Drei\",\"text\":\"Ein dritter Artikel, der trotz der kaputten Zeile davor gelesen wird.\"}\n",
    )
    .unwrap();
    let mut gz = gzip_of_text();
    gz.truncate(gz.len() / 2);
    std::fs::write(inputs.join("cut.txt.gz"), gz).unwrap();

    let run = wirewatch(dir.path(), &["ingest", "inputs", "--db", "t.db"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "some inputs failed: {stderr}");
    assert!(stderr.contains("3 ingested"), "{stderr}");
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("image.png"), "{stderr}");
    assert!(stderr.contains("lines.jsonl:2"), "the bad line is named: {stderr}");
    assert!(stderr.contains("cut.txt.gz"), "{stderr}");

    let failures = text(&wirewatch(dir.path(), &["failures", "--db", "t.db"]).stdout);
    assert!(failures.contains("lines.jsonl:2"), "failures are kept in the store: {failures}");

    // A re-run stores nothing twice.
    let again = wirewatch(dir.path(), &["ingest", "inputs", "--db", "t.db"]);
    assert!(text(&again.stderr).contains("0 ingested, 3 duplicates"), "{}", text(&again.stderr));
}

/// A gzip stream of a small text, for truncation.
fn gzip_of_text() -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for line in 0..200 {
        writeln!(encoder, "Zeile {line}: Die Delegation traf am Dienstag in der Hauptstadt ein.").unwrap();
    }
    encoder.finish().unwrap()
}

#[test]
fn run_on_examples_exports_documents_and_show_prints_one() {
    let dir = tempfile::tempdir().unwrap();
    let examples = examples();
    let run = wirewatch(dir.path(), &["run", examples.to_str().unwrap(), "--out", "out.json"]);
    assert!(run.status.success(), "{}\n{}", text(&run.stdout), text(&run.stderr));
    let export: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    for key in ["documents", "entities", "mentions", "timexes", "quotes", "events", "conflicts"] {
        assert!(export[key].is_array(), "top-level {key} is an array");
    }
    let documents = export["documents"].as_array().unwrap();
    assert!(documents.len() >= 10, "every example became a document");

    let id = documents[0]["id"].as_str().unwrap();
    let show = wirewatch(dir.path(), &["show", &id[..8]]);
    assert!(show.status.success(), "{}", text(&show.stderr));
    let shown = text(&show.stdout);
    assert!(shown.contains(id));
    assert!(shown.contains(documents[0]["text"].as_str().unwrap().lines().next().unwrap()));

    // jsonl: a header, then one line per document.
    let jsonl = wirewatch(dir.path(), &["export", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> =
        text(&jsonl.stdout).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines[0]["type"], "header");
    assert_eq!(lines.iter().filter(|line| line["type"] == "document").count(), documents.len());

    // Same store, same export, byte for byte.
    let first = wirewatch(dir.path(), &["export"]).stdout;
    let second = wirewatch(dir.path(), &["export"]).stdout;
    assert_eq!(first, second);
}

#[test]
fn reprocess_reextracts_from_the_kept_raw_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let examples = examples();
    assert!(wirewatch(dir.path(), &["ingest", examples.to_str().unwrap(), "--quiet"]).status.success());
    let before = wirewatch(dir.path(), &["export"]).stdout;
    let reprocess = wirewatch(dir.path(), &["reprocess"]);
    assert!(reprocess.status.success(), "{}", text(&reprocess.stderr));
    assert!(
        text(&reprocess.stdout).contains("reprocessed 0 documents"),
        "same version, same result: {}",
        text(&reprocess.stdout)
    );
    assert_eq!(before, wirewatch(dir.path(), &["export"]).stdout);
}

#[test]
fn show_of_an_unknown_document_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing_store = wirewatch(dir.path(), &["show", "ffffffff"]);
    assert_eq!(missing_store.status.code(), Some(3));
    assert!(text(&missing_store.stderr).contains("no store at"), "a mistyped --db creates nothing");
    assert!(!dir.path().join("wirewatch.db").exists());

    std::fs::write(
        dir.path().join("a.txt"),
        "Riga - Die Gespräche wurden am Freitag ohne Ergebnis vertagt, hieß es.",
    )
    .unwrap();
    assert!(wirewatch(dir.path(), &["ingest", "a.txt"]).status.success());
    let run = wirewatch(dir.path(), &["show", "ffffffff"]);
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("ffffffff"));
}

#[test]
fn reprocess_recovers_a_kept_failure_that_this_version_can_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Riga - Die Gespräche wurden am Freitag ohne Ergebnis vertagt, hieß es.",
    )
    .unwrap();
    assert!(wirewatch(dir.path(), &["ingest", "a.txt"]).status.success());
    // As an older version would have left it: an input it could not read, raw bytes kept.
    {
        let mut store = wirewatch_store::Store::open(dir.path().join("wirewatch.db")).unwrap();
        let article = "<html><body><article><h1>Einigung in Wien</h1><p>Wien - Die Außenminister einigten sich am Montag auf einen Fahrplan für den Gipfel.</p></article></body></html>";
        let old_failure = wirewatch_model::Diagnostic::error("old/page.html", "no article text found");
        store.record_failure(&old_failure, Some(article.as_bytes())).unwrap();
        let still_broken = wirewatch_model::Diagnostic::error("old/blob.bin", "binary file (PNG image)");
        store.record_failure(&still_broken, Some(b"\x89PNG\r\n\x1a\n\0\0")).unwrap();
    }
    let reprocess = wirewatch(dir.path(), &["reprocess"]);
    let out = text(&reprocess.stdout);
    assert!(out.contains("1 recovered, 1 still failing"), "{out}");
    let failures = text(&wirewatch(dir.path(), &["failures"]).stdout);
    assert!(!failures.contains("old/page.html") && failures.contains("old/blob.bin"), "{failures}");
    let list = text(&wirewatch(dir.path(), &["list"]).stdout);
    assert!(list.contains("Einigung in Wien"), "the recovered page is a document now: {list}");
}

/// `train ner` builds a loadable, deterministic model from labelled files and
/// refuses anything named like a test split.
#[test]
fn train_ner_builds_a_model_and_refuses_test_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = "#\tsource\n1\tKremlchef\tO\tO\n2\tWladimir\tB-PER\tO\n3\tPutin\tI-PER\tO\n4\treiste\tO\tO\n5\tnach\tO\tO\n6\tAlaska\tB-LOC\tO\n7\t.\tO\tO\n\n\
1\tDie\tO\tO\n2\tUniversität\tB-ORG\tO\n3\tHamburg\tI-ORG\tB-LOC\n4\tstreikt\tO\tO\n5\t.\tO\tO\n";
    std::fs::write(dir.path().join("tiny-train.tsv"), data).unwrap();
    std::fs::write(dir.path().join("NER-de-test.tsv"), data).unwrap();
    let refused = wirewatch(dir.path(), &["train", "ner", "--data", "NER-de-test.tsv", "--out", "m.bin"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refusing to train on a test split"));
    assert!(!dir.path().join("m.bin").exists());

    for out in ["a.bin", "b.bin"] {
        let trained = wirewatch(
            dir.path(),
            &["train", "ner", "--data", "tiny-train.tsv", "--out", out, "--epochs", "3"],
        );
        assert!(trained.status.success(), "{}", String::from_utf8_lossy(&trained.stderr));
    }
    let a = std::fs::read(dir.path().join("a.bin")).unwrap();
    let b = std::fs::read(dir.path().join("b.bin")).unwrap();
    let tagger = wirewatch_analyse::entities::EntityTagger::from_bytes(&a).expect("the written model loads");
    assert_eq!(tagger.record().data[0].sentences, 2);
    assert_eq!(tagger.record().data[0].sha256.len(), 64);
    // Only the output name in the recorded command differs between the two runs.
    let b_as_a = wirewatch_analyse::entities::EntityTagger::from_bytes(&b).unwrap();
    assert_eq!(tagger.tag_tokens(&["Wladimir", "Putin"]), b_as_a.tag_tokens(&["Wladimir", "Putin"]));

    let missing = wirewatch(dir.path(), &["train", "ner", "--data", "nope.tsv", "--out", "c.bin"]);
    assert!(!missing.status.success());
    std::fs::write(dir.path().join("bad.tsv"), "1\tonly-two\n").unwrap();
    let bad = wirewatch(dir.path(), &["train", "ner", "--data", "bad.tsv", "--out", "c.bin"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 1"));
}
