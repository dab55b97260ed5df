//! End-to-end checks of `eval_extract` on tiny invented corpora in both
//! layouts: corpus detection, scoring, the JSON shape and the table.

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use wirewatch_eval::{eval_extract, CorpusKind, EvalError, ExtractEvalOptions};

const ARTICLE: &str = "Der Stadtrat von Beispielstadt hat am Dienstag den neuen Haushalt beschlossen. \
    Die Mehrheit stimmte nach langer Debatte für die Pläne der Verwaltung.";

fn page(body: &str) -> String {
    format!(
        "<html><head><title>Haushalt beschlossen</title></head><body>\
         <nav><a href='/'>Startseite</a> <a href='/impressum'>Impressum</a></nav>\
         <article><h1>Haushalt beschlossen</h1><p>{body}</p><p>{body}</p></article>\
         <footer>Impressum · Datenschutz</footer></body></html>"
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

fn scrapinghub_corpus(dir: &Path) {
    std::fs::create_dir_all(dir.join("html")).expect("temp dir");
    let gold = json!({
        "a1": {"articleBody": format!("{ARTICLE}\n{ARTICLE}"), "url": "https://example.org/a1"},
        "b2": {"articleBody": "Nur im Gold, ohne Seite.", "url": "https://example.org/b2"},
        "c3": {"articleBody": ARTICLE, "url": "https://example.org/c3"},
        // An id that would name a file outside html/ is never opened.
        "zz/../../a1": {"articleBody": ARTICLE, "url": "https://example.org/zz"},
    });
    std::fs::write(dir.join("ground-truth.json"), gold.to_string()).expect("write gold");
    std::fs::write(dir.join("html/a1.html.gz"), gzip(page(ARTICLE).as_bytes())).expect("write page");
    std::fs::write(dir.join("html/c3.html.gz"), gzip(b"\xff\xfe broken \x00 bytes <p")).expect("write page");
}

fn no_peers() -> ExtractEvalOptions {
    ExtractEvalOptions { limit: None, peers: false, python: "python3".into(), split: None }
}

#[test]
fn json_has_the_agreed_shape() {
    let dir = tempfile::tempdir().expect("temp dir");
    scrapinghub_corpus(dir.path());
    let report = eval_extract(dir.path(), &no_peers()).expect("evaluation runs");
    assert_eq!(report.corpus, CorpusKind::ScrapinghubAeb);
    assert_eq!((report.docs, report.missing), (2, 2));
    let value = report.to_json();
    assert_eq!(value["task"], "extract");
    assert_eq!(value["corpus"], "scrapinghub-aeb");
    assert_eq!(value["split"], "all");
    for key in ["f1", "precision", "recall", "accuracy"] {
        let score = value["system"][key].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&score), "system.{key} = {score}");
    }
    for key in ["crashes", "errors", "empty_outputs", "docs"] {
        assert!(value["system"][key].is_u64(), "system.{key} missing");
    }
    assert!(value["peers"].is_object());
    assert!(value["throughput"]["docs_per_s"].as_f64().is_some());
    assert_eq!(value["throughput"]["cores"], 1);
    assert!(value["published_elsewhere"].as_array().is_some_and(|rows| !rows.is_empty()));
    assert!(value["command"].as_str().is_some_and(|c| c.ends_with("--no-peers")));
    // The page that reproduces its gold well must score: the clean one is there.
    assert!(report.system.main.recall > 0.0, "extraction found nothing: {:?}", report.system);

    let mut table = Vec::new();
    report.print_table(&mut table).expect("table writes");
    let table = String::from_utf8(table).expect("utf-8 table");
    assert!(table.contains("wirewatch 0.1.0"));
    assert!(table.contains("NOT this run"));
    // The broken page scores below 1, so it is listed for whoever improves extraction.
    assert!(table.contains("weakest pages") && table.contains("c3.html.gz"), "{table}");
    assert!(value["system"]["weakest_pages"].as_array().is_some_and(|pages| !pages.is_empty()));
    assert!(table.contains("reproduce: wirewatch eval extract --corpus"));
}

#[test]
fn missing_python_is_a_note_not_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    scrapinghub_corpus(dir.path());
    let opts = ExtractEvalOptions {
        limit: Some(1),
        peers: true,
        python: "/nonexistent/python3".into(),
        split: None,
    };
    let report = eval_extract(dir.path(), &opts).expect("evaluation runs");
    assert_eq!(report.docs, 1);
    let value = report.to_json();
    assert_eq!(value["peers"]["trafilatura"]["available"], false);
    assert_eq!(value["limit"], 1);
    assert!(value["peers"]["trafilatura"]["note"].as_str().is_some_and(|n| n.contains("pip install")));
    assert_eq!(
        value["command"],
        Value::from(format!(
            "wirewatch eval extract --corpus {} --limit 1 --python /nonexistent/python3",
            dir.path().display()
        ))
    );
}

#[test]
fn unknown_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(matches!(eval_extract(dir.path(), &no_peers()), Err(EvalError::UnknownCorpus(_))));
}

/// A trafilatura-eval corpus: evaldata.json + html.tar.xz with cache/ and eval/.
fn trafilatura_corpus(dir: &Path) {
    let evaldata = json!({
        "https://example.de/haushalt": {
            "file": "haushalt.html",
            "with": ["Der Stadtrat von Beispielstadt hat am Dienstag", "stimmte nach langer Debatte"],
            "without": ["Datenschutz"],
            "title": "Haushalt beschlossen", "author": ["Jo Lee"], "date": "2024-03-05"
        },
        "hard::leer.html": {"file": "leer.html", "with": ["Text, den es nicht gibt"], "without": ["nichts"],
                            "title": null, "author": null, "date": null}
    });
    std::fs::write(dir.join("evaldata.json"), evaldata.to_string()).expect("write evaldata");
    std::fs::write(
        dir.join("lang-guess.json"),
        json!({"entries": {"https://example.de/haushalt": {"lang": "de"}, "hard::leer.html": {"lang": "en"}}}).to_string(),
    )
    .expect("write lang guess");
    let mut builder = tar::Builder::new(Vec::new());
    let mut add = |name: &str, bytes: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, bytes).expect("tar in memory");
    };
    // cache/ wins over eval/: the eval/ copy is an empty page.
    add("eval/haushalt.html", b"<html><body></body></html>");
    // Latin-1 bytes, declared: extraction must decode them itself.
    let latin1: Vec<u8> = page(ARTICLE).chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect();
    add(
        "cache/haushalt.html",
        &latin1.iter().copied().chain(*b"<meta charset=iso-8859-1>").collect::<Vec<u8>>(),
    );
    add("eval/leer.html", b"<html><body><p>nichts</p></body></html>");
    let tar_bytes = builder.into_inner().expect("tar in memory");
    let mut xz = Vec::new();
    lzma_rs::xz_compress(&mut std::io::Cursor::new(tar_bytes), &mut xz).expect("xz in memory");
    std::fs::write(dir.join("html.tar.xz"), xz).expect("write archive");
}

#[test]
fn trafilatura_eval_layout_is_scored_by_snippets() {
    let dir = tempfile::tempdir().expect("temp dir");
    trafilatura_corpus(dir.path());
    let report = eval_extract(dir.path(), &no_peers()).expect("evaluation runs");
    assert_eq!(report.corpus, CorpusKind::TrafilaturaEval);
    assert_eq!((report.docs, report.german_docs, report.missing), (2, 1, 0));
    let snippets = report.system.main.snippets.expect("snippet counts");
    assert_eq!(snippets.tp + snippets.fn_, 3);
    assert_eq!(snippets.fp + snippets.tn, 2);
    // The article's two snippets come from the cache/ copy (the eval/ one is empty).
    assert!(snippets.tp >= 2 || report.system.crashes > 0, "{snippets:?}");
    let german = report.system.german.as_ref().expect("German subset");
    assert_eq!(german.docs, 1);
    let metadata = report.system.metadata.expect("metadata scored");
    assert_eq!((metadata.title.gold, metadata.author.gold, metadata.date.gold), (1, 1, 1));
    let value = report.to_json();
    assert_eq!(value["corpus"], "trafilatura-eval");
    assert!(value["system"]["german"]["f1"].is_number());
    assert!(value["system"]["metadata"]["title"]["accuracy"].is_number());
    // A report-only corpus never lists its pages' failures (that would invite tuning on it).
    assert!(report.system.weakest.is_empty() && value["system"].get("weakest_pages").is_none());
    // The table gives the raw counts, so a near-tie with a peer reads as counts.
    let mut table = Vec::new();
    report.print_table(&mut table).expect("table writes");
    let table = String::from_utf8(table).expect("utf-8 table");
    let counts = format!("{:>6} {:>6} {:>6}", snippets.tp, snippets.fp, snippets.fn_);
    assert!(table.contains("snippet counts") && table.contains(&counts), "{table}");
}

#[test]
fn peers_run_on_the_same_pages_when_installed() {
    let dir = tempfile::tempdir().expect("temp dir");
    scrapinghub_corpus(dir.path());
    let opts = ExtractEvalOptions { limit: None, peers: true, python: "python3".into(), split: None };
    let report = eval_extract(dir.path(), &opts).expect("evaluation runs");
    if report.peers.is_empty() {
        eprintln!("skipping: no Python peers installed ({:?})", report.peer_notes);
        return;
    }
    for peer in &report.peers {
        // Same selection as ours: both pages with HTML, scored by the same scorer.
        assert_eq!(peer.main.docs, 2, "{}", peer.name);
        assert!(peer.throughput.docs_per_s > 0.0, "{}", peer.name);
        assert!(peer.main.recall > 0.0, "{} found nothing on the clean page", peer.name);
    }
    let value = report.to_json();
    for peer in &report.peers {
        assert!(value["peers"][peer.name.as_str()]["f1"].is_number());
        assert!(value["peers"][peer.name.as_str()]["docs_per_s"].is_number());
    }
}

/// A WCXB corpus: ground-truth.tar.xz with dev/ and test/ gold, gzipped HTML per split.
fn wcxb_corpus(dir: &Path) {
    let mut builder = tar::Builder::new(Vec::new());
    for (split, id, body) in
        [("dev", "0001", ARTICLE), ("dev", "0002", ARTICLE), ("test", "0003", "Nur im Test.")]
    {
        std::fs::create_dir_all(dir.join(split).join("html")).expect("temp dir");
        std::fs::write(dir.join(format!("{split}/html/{id}.html.gz")), gzip(page(body).as_bytes()))
            .expect("write page");
        let gold = json!({"url": format!("https://example.org/{id}"), "file_id": id,
                          "ground_truth": {"title": "Haushalt beschlossen", "main_content": format!("{body}\n\n{body}"),
                                           "with": [], "without": []}});
        let bytes = gold.to_string().into_bytes();
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, format!("{split}/ground-truth/{id}.json"), bytes.as_slice())
            .expect("tar in memory");
    }
    let tar_bytes = builder.into_inner().expect("tar in memory");
    let mut xz = Vec::new();
    lzma_rs::xz_compress(&mut std::io::Cursor::new(tar_bytes), &mut xz).expect("xz in memory");
    std::fs::write(dir.join("ground-truth.tar.xz"), xz).expect("write archive");
}

#[test]
fn wcxb_split_selects_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    wcxb_corpus(dir.path());
    let with_split =
        |split: Option<&str>| ExtractEvalOptions { split: split.map(str::to_string), ..no_peers() };
    let all = eval_extract(dir.path(), &with_split(None)).expect("evaluation runs");
    assert_eq!((all.corpus, all.docs, all.split.as_str()), (CorpusKind::WcxbArticles, 3, "all"));
    let dev = eval_extract(dir.path(), &with_split(Some("dev"))).expect("evaluation runs");
    assert_eq!((dev.docs, dev.split.as_str()), (2, "dev"));
    assert!(dev.system.main.f1 > 0.9, "bag-of-words F1 {}", dev.system.main.f1);
    assert_eq!(dev.to_json()["split"], "dev");
    assert!(dev.command.contains("--split dev"), "{}", dev.command);
    let test = eval_extract(dir.path(), &with_split(Some("test"))).expect("evaluation runs");
    assert_eq!((test.docs, test.split.as_str()), (1, "test"));
    // Held-out pages are never listed one by one.
    assert!(test.system.weakest.is_empty());
    // A typo is an error, not a silent evaluation of every page.
    assert!(matches!(eval_extract(dir.path(), &with_split(Some("tset"))), Err(EvalError::BadOption(_))));
}

#[test]
fn split_on_a_corpus_without_splits_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    scrapinghub_corpus(dir.path());
    let opts = ExtractEvalOptions { split: Some("dev".into()), ..no_peers() };
    assert!(matches!(eval_extract(dir.path(), &opts), Err(EvalError::BadOption(_))));
    let opts = ExtractEvalOptions { split: Some("all".into()), ..no_peers() };
    assert_eq!(eval_extract(dir.path(), &opts).expect("evaluation runs").docs, 2);
}
