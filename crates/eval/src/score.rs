//! Scorers: the one place where extraction output is compared with gold.
//!
//! Every system — ours and the peers run in the same evaluation — is scored
//! by the functions here, so a metric exists exactly once.
//!
//! * [`ShingleScorer`] — the Scrapinghub article-extraction-benchmark metric
//!   (4-token shingles, per-document normalised counts, macro P/R).
//! * [`SnippetCounts`] — trafilatura's evaluation: `with`/`without` snippets
//!   found as substrings of the whitespace-normalised output (micro counts).
//! * [`BagOfWordsScorer`] — WCXB's per-page bag-of-words F1, macro-averaged.
//! * [`title_matches`], [`authors_match`], [`date_matches`] — metadata rules.

use regex::Regex;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Python's `\w` for `str` patterns: Unicode letters, numbers and `_`.
///
/// Rust's `\w` also admits combining marks and some Alphabetic code points,
/// which would split or join tokens differently from the benchmark's
/// `evaluate.py`; this class reproduces Python's behaviour instead.
fn word_regex() -> &'static Regex {
    static WORD: OnceLock<Regex> = OnceLock::new();
    WORD.get_or_init(|| Regex::new(r"[\p{L}\p{N}_]+").unwrap_or_else(|_| unreachable!()))
}

/// The `\w+` tokens of `text`, in order (case kept, as the benchmark does).
pub fn tokenize(text: &str) -> Vec<&str> {
    word_regex().find_iter(text).map(|m| m.as_str()).collect()
}

/// Lower-cased `\w+` tokens joined by single spaces: the normal form used by
/// the metadata rules.
pub fn normalize_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for token in word_regex().find_iter(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(token.as_str().chars().flat_map(char::to_lowercase));
    }
    out
}

/// `\s+` collapsed to one space and the ends trimmed, as trafilatura's
/// evaluation normalises both output and snippets.
pub fn normalize_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Multiset of `n`-token shingles. A text with fewer than `n` tokens gives one
/// shorter shingle; a text without tokens gives none (as `evaluate.py`).
pub fn shingles<'a>(tokens: &[&'a str], n: usize) -> HashMap<Vec<&'a str>, usize> {
    let mut counts: HashMap<Vec<&'a str>, usize> = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let n = n.max(1);
    if tokens.len() < n {
        counts.insert(tokens.to_vec(), 1);
        return counts;
    }
    for window in tokens.windows(n) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// One document's shingle counts, normalised so `tp + fp + fn = 1` (unless all
/// are zero, when both texts have no tokens).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DocCounts {
    /// Shingles in both texts (multiset intersection), normalised.
    pub tp: f64,
    /// Shingles only in the prediction, normalised.
    pub fp: f64,
    /// Shingles only in the gold text, normalised.
    pub fn_: f64,
}

impl DocCounts {
    /// The benchmark's per-document precision: 1 when nothing is wrong,
    /// otherwise `tp / (tp + fp)` (0 when both are 0).
    pub fn precision(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fp == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }

    /// The benchmark's per-document recall, symmetric to [`Self::precision`].
    pub fn recall(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fn_ == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }
}

/// Compares gold and predicted text by `n`-token shingle multisets.
pub fn shingle_matching(gold: &str, predicted: &str, n: usize) -> DocCounts {
    let gold_shingles = shingles(&tokenize(gold), n);
    let predicted_shingles = shingles(&tokenize(predicted), n);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (shingle, &gold_count) in &gold_shingles {
        let predicted_count = predicted_shingles.get(shingle).copied().unwrap_or(0);
        tp += gold_count.min(predicted_count);
        fn_ += gold_count.saturating_sub(predicted_count);
    }
    for (shingle, &predicted_count) in &predicted_shingles {
        let gold_count = gold_shingles.get(shingle).copied().unwrap_or(0);
        fp += predicted_count.saturating_sub(gold_count);
    }
    let total = (tp + fp + fn_) as f64;
    if total == 0.0 {
        return DocCounts::default();
    }
    DocCounts { tp: tp as f64 / total, fp: fp as f64 / total, fn_: fn_ as f64 / total }
}

/// Scores from [`ShingleScorer`]: the figures the Scrapinghub benchmark publishes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ShingleScores {
    /// Harmonic mean of mean precision and mean recall.
    pub f1: f64,
    /// Mean per-document precision over documents with `tp + fp > 0`.
    pub precision: f64,
    /// Mean per-document recall over documents with `tp + fn > 0`.
    pub recall: f64,
    /// Fraction of documents whose `\w+` token sequence equals the gold one.
    pub accuracy: f64,
    /// Documents scored.
    pub docs: usize,
}

/// Accumulates the Scrapinghub article-extraction-benchmark metric.
#[derive(Clone, Debug)]
pub struct ShingleScorer {
    n: usize,
    docs: Vec<DocCounts>,
    exact: usize,
}

impl Default for ShingleScorer {
    fn default() -> Self {
        Self::new(4)
    }
}

impl ShingleScorer {
    /// A scorer over `n`-token shingles (the benchmark uses 4).
    pub fn new(n: usize) -> Self {
        ShingleScorer { n, docs: Vec::new(), exact: 0 }
    }

    /// Adds one document.
    pub fn add(&mut self, gold: &str, predicted: &str) {
        self.docs.push(shingle_matching(gold, predicted, self.n));
        if tokenize(gold) == tokenize(predicted) {
            self.exact += 1;
        }
    }

    /// The per-document counts added so far.
    pub fn doc_counts(&self) -> &[DocCounts] {
        &self.docs
    }

    /// The corpus figures.
    pub fn scores(&self) -> ShingleScores {
        let (f1, precision, recall) = macro_f1(self.docs.iter());
        let accuracy = if self.docs.is_empty() { 0.0 } else { self.exact as f64 / self.docs.len() as f64 };
        ShingleScores { f1, precision, recall, accuracy, docs: self.docs.len() }
    }

    /// Standard deviation of F1 over `samples` bootstrap resamples of the
    /// documents (the benchmark's "±"), with a fixed seed so runs repeat.
    pub fn bootstrap_f1_std(&self, samples: usize) -> f64 {
        let n = self.docs.len();
        if n == 0 || samples < 2 {
            return 0.0;
        }
        // xorshift64*: deterministic and good enough to pick indices.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next_index = || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
        };
        let mut f1s = Vec::with_capacity(samples);
        for _ in 0..samples {
            let resample: Vec<&DocCounts> = (0..n).filter_map(|_| self.docs.get(next_index())).collect();
            f1s.push(macro_f1(resample.iter().copied()).0);
        }
        let average = mean(f1s.iter().copied());
        let variance = f1s.iter().map(|f| (f - average).powi(2)).sum::<f64>() / (f1s.len() - 1) as f64;
        variance.sqrt()
    }
}

/// `(F1, mean precision, mean recall)` with the benchmark's skip rules.
fn macro_f1<'a>(docs: impl Iterator<Item = &'a DocCounts> + Clone) -> (f64, f64, f64) {
    let precision = mean(docs.clone().filter(|d| d.tp + d.fp > 0.0).map(DocCounts::precision));
    let recall = mean(docs.filter(|d| d.tp + d.fn_ > 0.0).map(DocCounts::recall));
    (harmonic(precision, recall), precision, recall)
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), value| (sum + value, count + 1));
    if count == 0 {
        0.0
    } else {
        sum / count as f64
    }
}

fn harmonic(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Snippet counts of trafilatura's evaluation, summed over a corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SnippetCounts {
    /// `with` snippets found in the output.
    pub tp: usize,
    /// `without` snippets found in the output.
    pub fp: usize,
    /// `without` snippets absent from the output.
    pub tn: usize,
    /// `with` snippets absent from the output.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl SnippetCounts {
    /// Scores one output against its snippets (all whitespace-normalised first).
    pub fn score(output: &str, with: &[String], without: &[String]) -> SnippetCounts {
        let output = normalize_whitespace(output);
        let mut counts = SnippetCounts::default();
        for snippet in with {
            if output.contains(normalize_whitespace(snippet).as_str()) {
                counts.tp += 1;
            } else {
                counts.fn_ += 1;
            }
        }
        for snippet in without {
            if output.contains(normalize_whitespace(snippet).as_str()) {
                counts.fp += 1;
            } else {
                counts.tn += 1;
            }
        }
        counts
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: SnippetCounts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.tn += other.tn;
        self.fn_ += other.fn_;
    }

    /// `TP / (TP + FP)`, 0 when undefined.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `TP / (TP + FN)`, 0 when undefined.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// `(TP + TN) / all`, 0 when undefined.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }

    /// `2TP / (2TP + FP + FN)`, 0 when undefined.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// One page's bag-of-words precision, recall and F1 (WCXB metric): tokens are
/// lower-cased `\w+`, overlap is the multiset intersection. `None` when the
/// gold text has no tokens (such pages are not scored).
pub fn bag_of_words(gold: &str, predicted: &str) -> Option<(f64, f64, f64)> {
    let count = |text: &str| {
        let lower = text.to_lowercase();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for token in tokenize(&lower) {
            *counts.entry(token.to_string()).or_insert(0) += 1;
        }
        counts
    };
    let gold_counts = count(gold);
    let gold_total: usize = gold_counts.values().sum();
    if gold_total == 0 {
        return None;
    }
    let predicted_counts = count(predicted);
    let predicted_total: usize = predicted_counts.values().sum();
    let overlap: usize =
        gold_counts.iter().map(|(token, &n)| n.min(predicted_counts.get(token).copied().unwrap_or(0))).sum();
    let precision = ratio(overlap, predicted_total);
    let recall = ratio(overlap, gold_total);
    Some((precision, recall, harmonic(precision, recall)))
}

/// Macro-averaged bag-of-words scores (WCXB).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BagOfWordsScores {
    /// Mean per-page F1 (WCXB's headline figure).
    pub f1: f64,
    /// Mean per-page precision.
    pub precision: f64,
    /// Mean per-page recall.
    pub recall: f64,
    /// Pages scored (pages whose gold text has tokens).
    pub docs: usize,
}

/// Accumulates [`bag_of_words`] over pages.
#[derive(Clone, Debug, Default)]
pub struct BagOfWordsScorer {
    pages: Vec<(f64, f64, f64)>,
}

impl BagOfWordsScorer {
    /// Adds one page; pages without gold tokens are ignored.
    pub fn add(&mut self, gold: &str, predicted: &str) {
        if let Some(page) = bag_of_words(gold, predicted) {
            self.pages.push(page);
        }
    }

    /// The macro averages.
    pub fn scores(&self) -> BagOfWordsScores {
        BagOfWordsScores {
            precision: mean(self.pages.iter().map(|p| p.0)),
            recall: mean(self.pages.iter().map(|p| p.1)),
            f1: mean(self.pages.iter().map(|p| p.2)),
            docs: self.pages.len(),
        }
    }
}

/// Title rule: after [`normalize_words`] (lower-case word tokens), ours equals
/// gold, or gold appears in ours on word boundaries (ours may carry a site
/// suffix like "… | Spiegel"). An empty gold never matches.
pub fn title_matches(gold: &str, ours: &str) -> bool {
    let gold = normalize_words(gold);
    let ours = normalize_words(ours);
    if gold.is_empty() || ours.is_empty() {
        return false;
    }
    gold == ours || format!(" {ours} ").contains(&format!(" {gold} "))
}

/// Words that join several names in a byline, in the corpora's languages.
const NAME_CONNECTORS: &[&str] = &["und", "and", "y", "et", "e", "i", "og", "en", "ve", "with", "mit"];
/// Byline words that precede names and are not part of them.
const BYLINE_PREFIXES: &[&str] =
    &["von", "by", "por", "par", "di", "door", "av", "af", "text", "autor", "author"];

/// Splits a byline into normalised names: separators `, ; & / | ·` and the
/// connector words of [`NAME_CONNECTORS`]; leading [`BYLINE_PREFIXES`] words are
/// dropped; each name becomes lower-case word tokens joined by a space.
pub fn split_names(byline: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in byline.split([',', ';', '&', '/', '|', '·', '\n']) {
        let mut current: Vec<String> = Vec::new();
        for token in normalize_words(part).split(' ').filter(|t| !t.is_empty()) {
            if NAME_CONNECTORS.contains(&token) {
                if !current.is_empty() {
                    names.push(current.join(" "));
                    current.clear();
                }
            } else if current.is_empty() && BYLINE_PREFIXES.contains(&token) {
                continue;
            } else {
                current.push(token.to_string());
            }
        }
        if !current.is_empty() {
            names.push(current.join(" "));
        }
    }
    names
}

/// Author rule: gold and our authors are each split into normalised names
/// ([`split_names`]); they match when both sets are non-empty and one set
/// contains the other (equality included). So ours `["Roland Brockmann",
/// "Sebastian Drescher"]` matches gold "Von Roland Brockmann und Sebastian
/// Drescher", and finding one of two gold names also counts, while a wrong
/// or partial name ("Roland") does not.
pub fn authors_match(gold: &str, ours: &[String]) -> bool {
    let gold_names: HashSet<String> = split_names(gold).into_iter().collect();
    let our_names: HashSet<String> = ours.iter().flat_map(|a| split_names(a)).collect();
    if gold_names.is_empty() || our_names.is_empty() {
        return false;
    }
    gold_names.is_subset(&our_names) || our_names.is_subset(&gold_names)
}

/// Date rule: the `YYYY-MM-DD` prefixes are equal.
pub fn date_matches(gold: &str, ours: &str) -> bool {
    match (gold.trim().get(..10), ours.trim().get(..10)) {
        (Some(gold), Some(ours)) => gold == ours,
        _ => false,
    }
}

/// Accuracy of one metadata field over the entries that have gold for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldCounts {
    /// Entries with a gold value.
    pub gold: usize,
    /// Of those, entries where our value matches.
    pub correct: usize,
    /// Of those, entries where we gave no value.
    pub empty: usize,
}

impl FieldCounts {
    /// Records one entry with gold; `ours` is `None` when we gave nothing.
    pub fn add(&mut self, ours_given: bool, correct: bool) {
        self.gold += 1;
        if !ours_given {
            self.empty += 1;
        } else if correct {
            self.correct += 1;
        }
    }

    /// `correct / gold`, 0 without gold.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
}

/// Title, author and date accuracy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MetadataCounts {
    /// Title rule: [`title_matches`].
    pub title: FieldCounts,
    /// Author rule: [`authors_match`].
    pub author: FieldCounts,
    /// Date rule: [`date_matches`].
    pub date: FieldCounts,
}

/// Metadata as a system gave it, for scoring.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetadataGuess {
    /// The title, if any.
    pub title: Option<String>,
    /// The authors, possibly empty.
    pub authors: Vec<String>,
    /// The date (`YYYY-MM-DD…`), if any.
    pub date: Option<String>,
}

/// Metadata gold of one entry; `None` fields are not scored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetadataGold {
    /// Gold title.
    pub title: Option<String>,
    /// Gold author byline.
    pub author: Option<String>,
    /// Gold date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

impl MetadataCounts {
    /// Scores one entry.
    pub fn add(&mut self, gold: &MetadataGold, guess: &MetadataGuess) {
        let non_empty =
            |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let our_title = non_empty(&guess.title);
        let our_date = non_empty(&guess.date);
        let our_authors: Vec<String> =
            guess.authors.iter().filter(|a| !a.trim().is_empty()).cloned().collect();
        if let Some(gold_title) = non_empty(&gold.title) {
            let correct = our_title.as_deref().is_some_and(|ours| title_matches(&gold_title, ours));
            self.title.add(our_title.is_some(), correct);
        }
        if let Some(gold_author) = non_empty(&gold.author) {
            self.author.add(!our_authors.is_empty(), authors_match(&gold_author, &our_authors));
        }
        if let Some(gold_date) = non_empty(&gold.date) {
            let correct = our_date.as_deref().is_some_and(|ours| date_matches(&gold_date, ours));
            self.date.add(our_date.is_some(), correct);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tokenize_follows_python_word_class() {
        assert_eq!(tokenize("Grüße, Straße! it's 3½ a_b"), vec!["Grüße", "Straße", "it", "s", "3½", "a_b"]);
        // A combining acute accent is not a word character in Python.
        assert_eq!(tokenize("e\u{301}te"), vec!["e", "te"]);
        assert!(tokenize(" ,.;-- ").is_empty());
    }

    #[test]
    fn shingles_of_short_and_empty_texts() {
        assert!(shingles(&[], 4).is_empty());
        let short = shingles(&["a", "b"], 4);
        assert_eq!(short.len(), 1);
        assert_eq!(short.get(&vec!["a", "b"]), Some(&1));
        let long = shingles(&["a", "b", "a", "b", "a", "b"], 4);
        // windows: abab, baba, abab → {abab: 2, baba: 1}
        assert_eq!(long.get(&vec!["a", "b", "a", "b"]), Some(&2));
        assert_eq!(long.get(&vec!["b", "a", "b", "a"]), Some(&1));
    }

    #[test]
    fn shingle_counts_are_normalised() {
        // gold: a b c d e → abcd, bcde; pred: a b c d x → abcd, bcdx.
        let counts = shingle_matching("a b c d e", "a b c d x", 4);
        assert!(close(counts.tp, 1.0 / 3.0) && close(counts.fp, 1.0 / 3.0) && close(counts.fn_, 1.0 / 3.0));
        assert!(close(counts.precision(), 0.5) && close(counts.recall(), 0.5));
        let same = shingle_matching("Ein Satz.", "ein satz", 4);
        // Case matters, like evaluate.py: "Ein Satz" ≠ "ein satz".
        assert!(close(same.tp, 0.0) && close(same.fp, 0.5));
    }

    #[test]
    fn scorer_skips_and_perfect_rules() {
        let mut scorer = ShingleScorer::default();
        scorer.add("one two three four five", "one two three four five"); // P=R=1, exact
        scorer.add("alpha beta gamma delta", ""); // tp=fp=0 → skipped for P; R=0
        scorer.add("", ""); // all zero → skipped for both
        let scores = scorer.scores();
        assert_eq!(scores.docs, 3);
        assert!(close(scores.precision, 1.0));
        assert!(close(scores.recall, 0.5));
        assert!(close(scores.f1, 2.0 * 0.5 / 1.5));
        // Exact token sequences: docs 1 and 3.
        assert!(close(scores.accuracy, 2.0 / 3.0));
    }

    #[test]
    fn scorer_macro_averages_per_document() {
        let mut scorer = ShingleScorer::default();
        // gold 5 tokens (2 shingles), pred adds 2 tokens: shingles abcd bcde cdex dexy → tp 2, fp 2.
        scorer.add("a b c d e", "a b c d e x y");
        // gold 5 tokens, pred only first 4 → tp 1 (abcd), fn 1.
        scorer.add("a b c d e", "a b c d");
        let scores = scorer.scores();
        assert!(close(scores.precision, (0.5 + 1.0) / 2.0));
        assert!(close(scores.recall, (1.0 + 0.5) / 2.0));
        assert!(close(scores.f1, 0.75));
        assert!(close(scores.accuracy, 0.0));
    }

    #[test]
    fn bootstrap_spread_is_zero_for_identical_docs_and_positive_otherwise() {
        let mut same = ShingleScorer::default();
        for _ in 0..20 {
            same.add("a b c d e", "a b c d e");
        }
        assert!(close(same.bootstrap_f1_std(200), 0.0));
        let mut mixed = ShingleScorer::default();
        for i in 0..20 {
            mixed.add("a b c d e", if i % 2 == 0 { "a b c d e" } else { "a b c d" });
        }
        let spread = mixed.bootstrap_f1_std(200);
        assert!(spread > 0.0 && spread < 0.2, "{spread}");
        assert!(close(ShingleScorer::default().bootstrap_f1_std(10), 0.0));
    }

    #[test]
    fn snippets_use_normalised_substrings() {
        let with = vec!["Der  Rat\nstimmte zu".to_string(), "fehlt".to_string()];
        let without = vec!["Impressum".to_string(), "Cookies".to_string()];
        let counts = SnippetCounts::score("Der Rat\n\nstimmte zu. Impressum", &with, &without);
        assert_eq!(counts, SnippetCounts { tp: 1, fp: 1, tn: 1, fn_: 1 });
        let mut total = counts;
        total.add(SnippetCounts::score("", &with, &without));
        assert_eq!(total, SnippetCounts { tp: 1, fp: 1, tn: 3, fn_: 3 });
        assert!(close(total.precision(), 0.5));
        assert!(close(total.recall(), 0.25));
        assert!(close(total.accuracy(), 0.5));
        assert!(close(total.f1(), 2.0 / (2.0 + 1.0 + 3.0)));
        assert!(close(SnippetCounts::default().f1(), 0.0));
    }

    #[test]
    fn bag_of_words_macro() {
        assert_eq!(bag_of_words("", "x"), None);
        let (p, r, f) = bag_of_words("A a b", "a c").unwrap_or_default();
        assert!(close(p, 0.5) && close(r, 1.0 / 3.0) && close(f, 0.4));
        let mut scorer = BagOfWordsScorer::default();
        scorer.add("a b", "a b");
        scorer.add("a b", "");
        scorer.add("", "ignored");
        let scores = scorer.scores();
        assert_eq!(scores.docs, 2);
        assert!(close(scores.f1, 0.5) && close(scores.precision, 0.5) && close(scores.recall, 0.5));
    }

    #[test]
    fn title_rule() {
        assert!(title_matches("Gute Löhne alleine reichen nicht", "Gute Löhne alleine reichen nicht!"));
        assert!(title_matches("Zeitphilosophie", "Zeitphilosophie | Blog"));
        assert!(!title_matches("Zeit", "Zeitphilosophie"));
        assert!(!title_matches("", ""));
        assert!(!title_matches("Titel", ""));
    }

    #[test]
    fn author_rule() {
        let ours = vec!["Roland Brockmann".to_string(), "Sebastian Drescher".to_string()];
        assert!(authors_match("Von Roland Brockmann und Sebastian Drescher", &ours));
        assert!(authors_match("Roland Brockmann", &ours));
        assert!(authors_match("CLARA LÖW, SIDDHARTH PRAKASH & KLAUS JACOB", &["Clara Löw".to_string()]));
        assert!(!authors_match("Roland Brockmann", &["Roland".to_string()]));
        assert!(!authors_match("Roland Brockmann", &[]));
        assert!(!authors_match("", &ours));
        assert_eq!(split_names("By Ivan Penn and Jo Lee; dpa"), vec!["ivan penn", "jo lee", "dpa"]);
    }

    #[test]
    fn date_rule_and_field_counts() {
        assert!(date_matches("2022-01-21", "2022-01-21T10:00:00+01:00"));
        assert!(!date_matches("2022-01-21", "2022-01-22"));
        assert!(!date_matches("2022-01-21", "2022"));
        let mut counts = MetadataCounts::default();
        let gold = MetadataGold { title: Some("T".into()), author: None, date: Some("2022-01-21".into()) };
        counts.add(&gold, &MetadataGuess { title: Some("t".into()), authors: vec![], date: None });
        counts.add(
            &gold,
            &MetadataGuess {
                title: Some("x".into()),
                authors: vec!["A".into()],
                date: Some("2022-01-21".into()),
            },
        );
        assert_eq!(counts.title, FieldCounts { gold: 2, correct: 1, empty: 0 });
        assert_eq!(counts.author, FieldCounts::default());
        assert_eq!(counts.date, FieldCounts { gold: 2, correct: 1, empty: 1 });
        assert!(close(counts.date.accuracy(), 0.5));
    }
}
