//! How well "all visible text, cleaned" approximates the article on real
//! pages (scrapinghub-aeb gold bodies): word-level precision/recall/F1 of the
//! fallback path, against the same text uncleaned. Ignored by default:
//! `cargo test --release -p wirewatch-extract --test visible_text_eval -- --ignored --nocapture`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use wirewatch_extract::{decode, lang, text};
use wirewatch_model::ContentKind;

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WIREWATCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.is_dir().then_some(dir)
}

fn bag(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for word in text.split_whitespace() {
        let word: String =
            word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        if !word.is_empty() {
            *bag.entry(word).or_default() += 1;
        }
    }
    bag
}

/// (overlap, predicted, gold) word counts.
fn overlap(predicted: &str, gold: &str) -> (usize, usize, usize) {
    let (predicted, gold) = (bag(predicted), bag(gold));
    let common = predicted.iter().map(|(word, n)| (*n).min(gold.get(word).copied().unwrap_or(0))).sum();
    (common, predicted.values().sum(), gold.values().sum())
}

fn f1(common: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let precision = common as f64 / predicted.max(1) as f64;
    let recall = common as f64 / gold.max(1) as f64;
    (precision, recall, 2.0 * precision * recall / (precision + recall).max(f64::EPSILON))
}

#[test]
#[ignore]
fn visible_text_fallback_quality() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let corpus = shared.join("corpora/scrapinghub-aeb");
    let Ok(json) = std::fs::read_to_string(corpus.join("ground-truth.json")) else {
        eprintln!("skipping: scrapinghub-aeb not found");
        return;
    };
    let Ok(serde_json::Value::Object(truth)) = serde_json::from_str::<serde_json::Value>(&json) else {
        panic!("ground-truth.json is not an object");
    };
    let (mut raw_totals, mut clean_totals, mut page_totals) = ((0, 0, 0), (0, 0, 0), (0, 0, 0));
    let mut pages = 0;
    for (id, entry) in &truth {
        let Some(gold) = entry.get("articleBody").and_then(|b| b.as_str()) else { continue };
        let path = corpus.join("html").join(format!("{id}.html.gz"));
        let Ok(output) = Command::new("gzip").arg("-dc").arg(&path).output() else { continue };
        if !output.status.success() {
            continue;
        }
        let page = decode::decode(&output.stdout, None, ContentKind::Html).text;
        let visible = text::visible::visible_text(&page);
        let language = lang::detect(&visible);
        let cleaned = text::clean(&visible, language.as_deref());
        let cleaned: Vec<&str> = cleaned.blocks.iter().map(|(_, block)| block.as_str()).collect();
        let trimmed = text::clean_page_text(&visible, language.as_deref());
        let trimmed: Vec<&str> = trimmed.blocks.iter().map(|(_, block)| block.as_str()).collect();
        let add = |totals: &mut (usize, usize, usize), (a, b, c): (usize, usize, usize)| {
            totals.0 += a;
            totals.1 += b;
            totals.2 += c;
        };
        add(&mut raw_totals, overlap(&visible, gold));
        add(&mut clean_totals, overlap(&cleaned.join("\n\n"), gold));
        add(&mut page_totals, overlap(&trimmed.join("\n\n"), gold));
        pages += 1;
    }
    let (p, r, f) = f1(raw_totals.0, raw_totals.1, raw_totals.2);
    eprintln!("{pages} pages; visible text:          P {p:.3} R {r:.3} F1 {f:.3}");
    let (p, r, f) = f1(clean_totals.0, clean_totals.1, clean_totals.2);
    eprintln!("{pages} pages; visible text, cleaned: P {p:.3} R {r:.3} F1 {f:.3}");
    let (p, r, f) = f1(page_totals.0, page_totals.1, page_totals.2);
    eprintln!("{pages} pages; clean_page_text:        P {p:.3} R {r:.3} F1 {f:.3}");
    assert!(r > 0.9, "cleaning lost too much article text: recall {r:.3}");
}
