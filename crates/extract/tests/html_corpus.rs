//! Regression guard for main-content quality on the Scrapinghub article-extraction
//! benchmark (../shared/corpora/scrapinghub-aeb): the benchmark's own metric, word
//! 4-gram shingles of `\w+` tokens, mean precision and mean recall over pages, F1 of the
//! two means. Skips when the shared corpora are not there.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use wirewatch_extract::html::extract_html;

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("WIREWATCH_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("corpora/scrapinghub-aeb/ground-truth.json").exists().then_some(dir)
}

fn shingles(re: &regex::Regex, text: &str) -> HashMap<Vec<String>, i64> {
    let toks: Vec<String> = re.find_iter(text).map(|m| m.as_str().to_string()).collect();
    let mut m = HashMap::new();
    if toks.len() < 4 {
        *m.entry(toks).or_insert(0) += 1;
        return m;
    }
    for w in toks.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

#[test]
fn scrapinghub_aeb_f1_stays_above_goal() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let dir = shared.join("corpora/scrapinghub-aeb");
    let gt: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json")).expect("ground truth"))
            .expect("json");
    let re = regex::Regex::new(r"\w+").expect("regex");
    let (mut sum_p, mut n_p, mut sum_r, mut n_r) = (0.0, 0, 0.0, 0);
    for (id, v) in gt.as_object().expect("object") {
        let mut html = String::new();
        let file = std::fs::File::open(dir.join(format!("html/{id}.html.gz"))).expect("page");
        flate2::read::GzDecoder::new(file).read_to_string(&mut html).expect("gunzip");
        let article = extract_html(&html, v["url"].as_str());
        let pred = article.blocks.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n\n");
        let gold = shingles(&re, v["articleBody"].as_str().unwrap_or(""));
        let got = shingles(&re, &pred);
        let (mut tp, mut fp, mut fn_) = (0i64, 0i64, 0i64);
        for (k, &c) in &got {
            let g = gold.get(k).copied().unwrap_or(0);
            tp += c.min(g);
            fp += (c - g).max(0);
        }
        for (k, &c) in &gold {
            fn_ += (c - got.get(k).copied().unwrap_or(0)).max(0);
        }
        if fp == 0 && fn_ == 0 {
            sum_p += 1.0;
            sum_r += 1.0;
            n_p += 1;
            n_r += 1;
            continue;
        }
        if tp + fp > 0 {
            sum_p += tp as f64 / (tp + fp) as f64;
            n_p += 1;
        }
        if tp + fn_ > 0 {
            sum_r += tp as f64 / (tp + fn_) as f64;
            n_r += 1;
        }
    }
    let (p, r) = (sum_p / n_p as f64, sum_r / n_r as f64);
    let f1 = 2.0 * p * r / (p + r);
    eprintln!("scrapinghub-aeb: F1 {f1:.4}, P {p:.4}, R {r:.4}");
    assert!(f1 >= 0.970, "F1 {f1:.4} (P {p:.4}, R {r:.4}) fell below the 0.970 goal");
}
