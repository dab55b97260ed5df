//! How much clean, human-checked article text the cleaner wrongly removes.
//! Inputs: the gold article bodies of scrapinghub-aeb (English) and the raw
//! WikiWarsDE narratives (German) from `../shared/corpora`. Ideally nothing is
//! removed; the test fails when more than 0.5 % of all words are.
//! `cargo test -p wirewatch-extract --test gold_text_survives -- --ignored --nocapture`

use std::path::PathBuf;
use wirewatch_extract::{lang, text};

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WIREWATCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.is_dir().then_some(dir)
}

fn gold_texts(shared: &std::path::Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let truth = shared.join("corpora/scrapinghub-aeb/ground-truth.json");
    if let Ok(json) = std::fs::read_to_string(truth) {
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&json) {
            for (id, entry) in map {
                if let Some(body) = entry.get("articleBody").and_then(|b| b.as_str()) {
                    texts.push((format!("aeb:{id}"), body.to_string()));
                }
            }
        }
    }
    let wars = shared.join("corpora/wikiwarsde/WikiWarsDE_20110412/in");
    if let Ok(entries) = std::fs::read_dir(wars) {
        for entry in entries.flatten() {
            let Ok(sgml) = std::fs::read_to_string(entry.path()) else { continue };
            let body = sgml.split("<TEXT>").nth(1).and_then(|t| t.split("</TEXT>").next()).unwrap_or("");
            texts.push((format!("wikiwars:{}", entry.file_name().to_string_lossy()), body.to_string()));
        }
    }
    texts
}

#[test]
#[ignore]
fn gold_text_survives_cleaning() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let texts = gold_texts(&shared);
    if texts.is_empty() {
        eprintln!("skipping: no gold texts found");
        return;
    }
    let (mut total_words, mut removed_words) = (0usize, 0usize);
    let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for (source, body) in &texts {
        let language = lang::detect(body);
        let out = text::clean(body, language.as_deref());
        total_words += body.split_whitespace().count();
        for (rule, line) in &out.removed {
            // Moving the first line into the title is not a loss.
            if *rule == "title" {
                continue;
            }
            removed_words += line.split_whitespace().count();
            *by_rule.entry(rule).or_default() += 1;
            let short: String = line.chars().take(100).collect();
            eprintln!("{source} [{rule}] {short}");
        }
    }
    let share = removed_words as f64 / total_words.max(1) as f64;
    eprintln!(
        "{} texts, {total_words} words, {removed_words} removed ({:.3} %); by rule {by_rule:?}",
        texts.len(),
        share * 100.0
    );
    assert!(share < 0.005, "too much gold text removed: {:.3} %", share * 100.0);
}
