//! Checks the Scrapinghub scorer against the benchmark's published results:
//! scoring the published system outputs (outputs.tar.xz) must reproduce the
//! README's figures. Skips when ../shared is not available.

use serde_json::Value;
use std::path::PathBuf;
use wirewatch_eval::corpus::{read_json, read_tar_xz};
use wirewatch_eval::score::ShingleScorer;

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("WIREWATCH_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.is_dir().then_some(dir)
}

/// Published README figures: (output file, F1, precision, recall, accuracy).
const PUBLISHED: &[(&str, f64, f64, f64, f64)] = &[
    ("trafilatura", 0.958, 0.938, 0.978, 0.293),
    ("readability_js", 0.947, 0.914, 0.982, 0.166),
    ("rs_trafilatura", 0.970, 0.951, 0.990, 0.287),
    ("AutoExtract", 0.970, 0.984, 0.956, 0.470),
    ("readability", 0.922, 0.913, 0.931, 0.315),
    ("html-text", 0.665, 0.500, 0.994, 0.000),
    ("boilerpipe", 0.860, 0.850, 0.870, 0.006),
    ("dom_smoothie", 0.865, 0.785, 0.963, 0.055),
];

fn scorer(gold: &serde_json::Map<String, Value>, output: &Value) -> ShingleScorer {
    // Two published formats: {id: {articleBody}} or {"version", "output": {id: {articleBody}}}.
    let predictions = output.get("output").unwrap_or(output);
    let mut scorer = ShingleScorer::default();
    for (id, entry) in gold {
        let truth = entry.get("articleBody").and_then(Value::as_str).unwrap_or("");
        let predicted =
            predictions.get(id).and_then(|p| p.get("articleBody")).and_then(Value::as_str).unwrap_or("");
        scorer.add(truth, predicted);
    }
    scorer
}

#[test]
fn scorer_reproduces_published_scrapinghub_results() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let corpus = shared.join("corpora/scrapinghub-aeb");
    let gold = match read_json(&corpus.join("ground-truth.json")) {
        Ok(Value::Object(gold)) => gold,
        _ => {
            eprintln!("skipping: scrapinghub-aeb ground truth not readable");
            return;
        }
    };
    let outputs = read_tar_xz(&corpus.join("outputs.tar.xz"), |name| name.starts_with("output/"))
        .expect("outputs.tar.xz is readable");
    let mut failures = Vec::new();
    for &(system, f1, precision, recall, accuracy) in PUBLISHED {
        let bytes = outputs.get(&format!("output/{system}.json")).expect("published output present");
        let output: Value = serde_json::from_slice(bytes).expect("published output is JSON");
        let scorer = scorer(&gold, &output);
        let scores = scorer.scores();
        if system == "trafilatura" {
            // Published "± 0.006": the bootstrap spread must be of that size.
            let spread = scorer.bootstrap_f1_std(1000);
            assert!((0.003..0.010).contains(&spread), "bootstrap std {spread}");
        }
        assert_eq!(scores.docs, 181);
        eprintln!(
            "{system:<16} F1 {:.4} P {:.4} R {:.4} acc {:.4} (published {f1} {precision} {recall} {accuracy})",
            scores.f1, scores.precision, scores.recall, scores.accuracy
        );
        // Published figures are rounded to 3 decimals.
        for (name, ours, published) in [
            ("f1", scores.f1, f1),
            ("precision", scores.precision, precision),
            ("recall", scores.recall, recall),
            ("accuracy", scores.accuracy, accuracy),
        ] {
            if (ours - published).abs() > 0.0006 {
                failures.push(format!("{system} {name}: ours {ours:.4}, published {published}"));
            }
        }
    }
    assert!(failures.is_empty(), "scorer disagrees with published results: {failures:#?}");
}
