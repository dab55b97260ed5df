//! `wirewatch eval extract`: main-text and metadata extraction quality and
//! single-core throughput of [`wirewatch_extract::extract`], next to peers run
//! on the same pages and reference figures published elsewhere.
//!
//! Scores come from one pass over the pages. Our speed comes from further timed
//! passes (at least 5, and at least 1 s of extraction in all): pages/s is that of
//! the median pass, reported with the slowest and fastest pass, because one pass of
//! a fraction of a second is easily disturbed by other work on the machine. The
//! peers take seconds per pass and are timed on their one pass.

use crate::corpus::{load_corpus_split, Corpus, CorpusKind, Page, Split};
use crate::peers::{run_peers, PeerRun};
use crate::published::{published_rows, PublishedRow};
use crate::score::{
    authors_match, bag_of_words, date_matches, shingle_matching, BagOfWordsScorer, MetadataCounts,
    MetadataGuess, ShingleScorer, SnippetCounts,
};
use crate::{timing, EvalError};
use serde_json::{json, Value};
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wirewatch_model::{ContentKind, Hints, RawRecord};

/// Options of [`eval_extract`].
#[derive(Clone, Debug)]
pub struct ExtractEvalOptions {
    /// Evaluate only the first N pages (in id order).
    pub limit: Option<usize>,
    /// Run the Python peers (trafilatura, readability-lxml) on the same pages.
    pub peers: bool,
    /// The Python interpreter for the peers (`python3`).
    pub python: String,
    /// Only the pages of this split (`dev` or `test`, WCXB's folders);
    /// `None` or `all`: every page. Other corpora have no splits and reject
    /// anything but `all`.
    pub split: Option<String>,
}

impl Default for ExtractEvalOptions {
    fn default() -> Self {
        ExtractEvalOptions { limit: None, peers: true, python: "python3".into(), split: None }
    }
}

/// Main-text quality in the corpus' own metric.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MainScores {
    /// F1 (scrapinghub: harmonic mean of macro P and R; trafilatura-eval:
    /// micro snippet F1; WCXB: mean per-page bag-of-words F1).
    pub f1: f64,
    /// Precision in the same metric.
    pub precision: f64,
    /// Recall in the same metric.
    pub recall: f64,
    /// Exact-token accuracy (scrapinghub) or snippet accuracy
    /// (trafilatura-eval, WCXB).
    pub accuracy: f64,
    /// Documents scored.
    pub docs: usize,
    /// Summed snippet counts, for the corpora with snippets.
    pub snippets: Option<SnippetCounts>,
    /// Bootstrap standard deviation of F1 (scrapinghub-aeb, 1,000 resamples).
    pub f1_std: Option<f64>,
}

/// One page's score, for finding where extraction goes wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageScore {
    /// The page's id in the corpus.
    pub id: String,
    /// Its HTML file.
    pub file_name: String,
    /// Its score in the corpus' per-page terms (F1; lower is worse).
    pub score: f64,
    /// What went wrong, briefly.
    pub detail: String,
}

/// How one system (wirewatch or a peer) did.
#[derive(Clone, Debug, Default)]
pub struct SystemResult {
    /// `wirewatch`, `trafilatura`, `readability-lxml`.
    pub name: String,
    /// Version string.
    pub version: String,
    /// How it was called.
    pub method: String,
    /// Quality on all pages.
    pub main: MainScores,
    /// Quality on the German pages (trafilatura-eval only).
    pub german: Option<MainScores>,
    /// Metadata accuracy, where the corpus has metadata gold and the system gives metadata.
    pub metadata: Option<MetadataCounts>,
    /// Pages where extraction panicked (a defect; counted as empty output).
    pub crashes: usize,
    /// Pages where extraction returned an error (counted as empty output).
    pub errors: usize,
    /// Pages with empty output, crashes and errors included.
    pub empty_outputs: usize,
    /// The first crash: page and panic message.
    pub first_crash: Option<String>,
    /// The lowest-scoring pages (wirewatch only), worst first.
    pub weakest: Vec<PageScore>,
    /// Single-core speed.
    pub throughput: Throughput,
    /// The metadata given for each page, in page order (empty when none was given).
    pub guesses: Vec<MetadataGuess>,
}

/// A page whose author or date differs from the gold (WCXB dev split only): where
/// metadata extraction goes wrong, with what the peer trafilatura found for comparison.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetadataMiss {
    /// The page's HTML file.
    pub file_name: String,
    /// `author` or `date`.
    pub field: &'static str,
    /// The gold value.
    pub gold: String,
    /// What wirewatch gave (empty: nothing).
    pub ours: String,
    /// What trafilatura gave, when it ran in this run.
    pub peer: Option<String>,
    /// Whether trafilatura's value is right by the same rule.
    pub peer_right: bool,
}

/// Single-core extraction speed: only the extraction calls are timed
/// (decoding + extraction for wirewatch; corpus reading and decompression excluded).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Throughput {
    /// Pages per second (wirewatch: of the median timed pass).
    pub docs_per_s: f64,
    /// Raw HTML megabytes (10^6 bytes) per second, of the same pass.
    pub mb_per_s: f64,
    /// Seconds spent extracting in one pass (wirewatch: the median pass).
    pub seconds: f64,
    /// Median milliseconds per page, when per-page times are known (wirewatch: over
    /// the pages of every timed pass).
    pub median_ms: Option<f64>,
    /// 95th-percentile milliseconds per page, when known.
    pub p95_ms: Option<f64>,
    /// Timed passes over all pages (wirewatch; 1 for the peers).
    pub passes: usize,
    /// Pages per second of the slowest and of the fastest timed pass, when there
    /// were several.
    pub docs_per_s_range: Option<(f64, f64)>,
    /// Pages per second doing text and metadata in one call (peers; wirewatch
    /// always does both, so its `docs_per_s` is already that figure).
    pub docs_per_s_with_metadata: Option<f64>,
}

/// The result of an extraction evaluation.
#[derive(Clone, Debug)]
pub struct ExtractReport {
    /// Which corpus.
    pub corpus: CorpusKind,
    /// Where it was read from.
    pub corpus_dir: PathBuf,
    /// `all` (every page of the corpus, or the first `limit`), `dev` or `test` (WCXB).
    pub split: String,
    /// Pages evaluated.
    pub docs: usize,
    /// Raw HTML bytes evaluated.
    pub html_bytes: usize,
    /// Gold entries whose HTML was missing.
    pub missing: usize,
    /// The `--limit` the run used, if any (then only the first pages were evaluated).
    pub limit: Option<usize>,
    /// German pages (trafilatura-eval language guess).
    pub german_docs: usize,
    /// wirewatch's figures.
    pub system: SystemResult,
    /// Peers measured in this run.
    pub peers: Vec<SystemResult>,
    /// Peers that could not run, with the reason.
    pub peer_notes: Vec<(String, String)>,
    /// Reference figures from elsewhere.
    pub published: &'static [PublishedRow],
    /// The command line that reproduces this report.
    pub command: String,
    /// Pages with a wrong or missing author or date: WCXB dev split only (never a
    /// report-only corpus or split), misses trafilatura got right first.
    pub metadata_misses: Vec<MetadataMiss>,
}

/// Evaluates `wirewatch_extract::extract` on the corpus in `corpus`.
pub fn eval_extract(corpus: &Path, opts: &ExtractEvalOptions) -> Result<ExtractReport, EvalError> {
    let split = Split::parse(opts.split.as_deref())?;
    let loaded = load_corpus_split(corpus, split, opts.limit)?;
    let system = run_wirewatch(&loaded);
    let mut peers = Vec::new();
    let mut peer_notes = Vec::new();
    if opts.peers {
        // The peer script reads the same split's pages in the same order, so
        // the same limit picks the same pages.
        let results = run_peers(&opts.python, corpus, loaded.kind, split, opts.limit);
        peers = results.runs.iter().map(|run| score_peer(&loaded, run)).collect();
        peer_notes = results.unavailable;
    }
    let german_docs = loaded.pages.iter().filter(|p| is_german(p)).count();
    let metadata_misses = if loaded.kind == CorpusKind::WcxbArticles && split == Split::Dev {
        let peer = peers.iter().find(|p| p.name == "trafilatura").map(|p| p.guesses.as_slice());
        metadata_misses(&loaded, &system.guesses, peer)
    } else {
        Vec::new()
    };
    Ok(ExtractReport {
        corpus: loaded.kind,
        corpus_dir: corpus.to_path_buf(),
        split: split.name().into(),
        docs: loaded.pages.len(),
        html_bytes: loaded.html_bytes(),
        missing: loaded.missing.len(),
        limit: opts.limit,
        german_docs,
        system,
        peers,
        peer_notes,
        published: published_rows(loaded.kind),
        command: reproduce_command(corpus, opts),
        metadata_misses,
    })
}

/// Author and date misses of `ours` against the gold, each with the peer's value
/// beside it; those the peer got right come first (they are the recoverable ones).
fn metadata_misses(
    corpus: &Corpus,
    ours: &[MetadataGuess],
    peer: Option<&[MetadataGuess]>,
) -> Vec<MetadataMiss> {
    let mut misses = Vec::new();
    for (index, (page, guess)) in corpus.pages.iter().zip(ours).enumerate() {
        let gold = &page.gold.metadata;
        let peer_guess = peer.and_then(|p| p.get(index));
        let non_empty =
            |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(gold_author) = non_empty(&gold.author) {
            if !authors_match(&gold_author, &guess.authors) {
                let peer_authors: Option<Vec<String>> = peer_guess.map(|p| p.authors.clone());
                misses.push(MetadataMiss {
                    file_name: page.file_name.clone(),
                    field: "author",
                    gold: gold_author.clone(),
                    ours: guess.authors.join("; "),
                    peer: peer_authors.as_ref().map(|a| a.join("; ")),
                    peer_right: peer_authors.as_deref().is_some_and(|a| authors_match(&gold_author, a)),
                });
            }
        }
        if let Some(gold_date) = non_empty(&gold.date) {
            let ours_date = non_empty(&guess.date);
            if !ours_date.as_deref().is_some_and(|d| date_matches(&gold_date, d)) {
                let peer_date = peer_guess.map(|p| non_empty(&p.date).unwrap_or_default());
                misses.push(MetadataMiss {
                    file_name: page.file_name.clone(),
                    field: "date",
                    gold: gold_date.clone(),
                    ours: ours_date.unwrap_or_default(),
                    peer_right: peer_date
                        .as_deref()
                        .is_some_and(|d| !d.is_empty() && date_matches(&gold_date, d)),
                    peer: peer_date,
                });
            }
        }
    }
    // Stable: page order within each group.
    misses.sort_by_key(|m| (!m.peer_right, m.field));
    misses
}

fn reproduce_command(corpus: &Path, opts: &ExtractEvalOptions) -> String {
    let mut command = format!("wirewatch eval extract --corpus {}", corpus.display());
    if let Some(split) = opts.split.as_deref().filter(|split| *split != "all") {
        command.push_str(&format!(" --split {split}"));
    }
    if let Some(limit) = opts.limit {
        command.push_str(&format!(" --limit {limit}"));
    }
    if !opts.peers {
        command.push_str(" --no-peers");
    } else if opts.python != "python3" {
        command.push_str(&format!(" --python {}", opts.python));
    }
    command
}

fn is_german(page: &Page) -> bool {
    page.gold.language.as_deref() == Some("de")
}

/// What wirewatch produced for each page.
struct WirewatchRun {
    outputs: Vec<String>,
    metadata: Vec<MetadataGuess>,
    crashes: usize,
    errors: usize,
    first_crash: Option<String>,
}

fn run_wirewatch(corpus: &Corpus) -> SystemResult {
    let (run, passes) = with_quiet_panics(|| (extract_all(corpus), timed_passes(corpus)));
    let mut result = score_outputs(corpus, &run.outputs, Some(&run.metadata));
    result.name = "wirewatch".into();
    result.version = env!("CARGO_PKG_VERSION").into();
    result.method = "wirewatch_extract::extract(RawRecord{kind: Html, bytes, url})".into();
    result.crashes = run.crashes;
    result.errors = run.errors;
    result.first_crash = run.first_crash;
    // Page-level failures are listed only for development pages: printing
    // them for the report-only corpus (trafilatura-eval) or a held-out split
    // would invite tuning on it.
    let development = match corpus.kind {
        CorpusKind::ScrapinghubAeb => true,
        CorpusKind::WcxbArticles => corpus.pages.iter().all(|page| Split::Dev.admits(&page.id)),
        CorpusKind::TrafilaturaEval => false,
    };
    if development {
        result.weakest = weakest_pages(corpus, &run.outputs, WEAKEST_SHOWN);
    }
    result.guesses = run.metadata;
    result.throughput = throughput(&passes, corpus.html_bytes());
    result
}

/// The record `extract()` gets for a page.
fn record_of(page: &Page) -> RawRecord {
    RawRecord {
        source: page.file_name.clone(),
        url: page.url.clone(),
        kind: ContentKind::Html,
        bytes: page.html.clone(),
        hints: Hints::default(),
    }
}

/// Runs extraction page by page in this thread for the scores (untimed: see
/// [`timed_passes`]).
fn extract_all(corpus: &Corpus) -> WirewatchRun {
    let mut run = WirewatchRun {
        outputs: Vec::with_capacity(corpus.pages.len()),
        metadata: Vec::with_capacity(corpus.pages.len()),
        crashes: 0,
        errors: 0,
        first_crash: None,
    };
    for page in &corpus.pages {
        let record = record_of(page);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| wirewatch_extract::extract(&record)));
        match outcome {
            Ok(Ok(extracted)) => {
                let document = extracted.document;
                run.metadata.push(MetadataGuess {
                    title: document.title,
                    authors: document.authors,
                    date: document.published.map(|p| p.value),
                });
                run.outputs.push(document.text);
            }
            Ok(Err(_)) => {
                run.errors += 1;
                run.metadata.push(MetadataGuess::default());
                run.outputs.push(String::new());
            }
            Err(payload) => {
                run.crashes += 1;
                if run.first_crash.is_none() {
                    run.first_crash =
                        Some(format!("{}: {}", page.file_name, panic_message(payload.as_ref())));
                }
                run.metadata.push(MetadataGuess::default());
                run.outputs.push(String::new());
            }
        }
    }
    run
}

/// Times `extract()` over all pages in several passes ([`timing::timed_passes`]),
/// in this thread, after the scoring pass has warmed caches and one-time set-up
/// (compiling rule tables is not a per-page cost). Returns each pass's per-page
/// call times. Only the calls are timed; building the records is not
/// extraction's work.
fn timed_passes(corpus: &Corpus) -> Vec<Vec<Duration>> {
    let records: Vec<RawRecord> = corpus.pages.iter().map(record_of).collect();
    if records.is_empty() {
        return Vec::new();
    }
    timing::timed_passes(|| {
        let mut pass = Vec::with_capacity(records.len());
        for record in &records {
            let start = Instant::now();
            // A crash was counted in the scoring pass; here it only has to be survived.
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| wirewatch_extract::extract(record)));
            let elapsed = start.elapsed();
            drop(std::hint::black_box(outcome));
            pass.push(elapsed);
        }
        let timed = pass.iter().sum();
        (pass, timed)
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "non-string panic payload".into()
    }
}

type PanicHook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Runs `work` with panic messages of *this* thread silenced (crashes are
/// counted and reported instead); other threads keep the previous hook.
fn with_quiet_panics<T>(work: impl FnOnce() -> T) -> T {
    let previous: Arc<PanicHook> = Arc::new(panic::take_hook());
    let quiet_thread = std::thread::current().id();
    let fallback = Arc::clone(&previous);
    panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != quiet_thread {
            fallback(info);
        }
    }));
    let result = work();
    drop(panic::take_hook());
    match Arc::try_unwrap(previous) {
        Ok(hook) => panic::set_hook(hook),
        Err(shared) => panic::set_hook(Box::new(move |info| shared(info))),
    }
    result
}

/// Our speed from timed passes over the same pages (each a list of per-page call
/// times): the median pass gives pages/s and MB/s, the slowest and fastest pass the
/// range, every page of every pass the per-page median and 95th percentile.
fn throughput(passes: &[Vec<Duration>], bytes: usize) -> Throughput {
    let pass_seconds: Vec<f64> =
        passes.iter().map(|pass| pass.iter().map(Duration::as_secs_f64).sum()).collect();
    let (seconds, slowest_fastest) = timing::median_and_range(&pass_seconds);
    let pages = passes.first().map_or(0, Vec::len) as f64;
    let rate = |amount: f64, seconds: f64| if seconds > 0.0 { amount / seconds } else { 0.0 };
    let mut millis: Vec<f64> = passes.iter().flatten().map(|d| d.as_secs_f64() * 1000.0).collect();
    millis.sort_by(f64::total_cmp);
    let percentile = |q: f64| {
        if millis.is_empty() {
            return None;
        }
        let index = ((millis.len() - 1) as f64 * q).round() as usize;
        millis.get(index.min(millis.len() - 1)).copied()
    };
    let docs_per_s_range =
        slowest_fastest.map(|(slowest, fastest)| (rate(pages, slowest), rate(pages, fastest)));
    Throughput {
        docs_per_s: rate(pages, seconds),
        mb_per_s: rate(bytes as f64 / 1e6, seconds),
        seconds,
        median_ms: percentile(0.5),
        p95_ms: percentile(0.95),
        passes: passes.len(),
        docs_per_s_range,
        docs_per_s_with_metadata: None,
    }
}

fn score_peer(corpus: &Corpus, run: &PeerRun) -> SystemResult {
    let outputs: Vec<String> = corpus
        .pages
        .iter()
        .map(|page| run.outputs.get(&page.id).cloned().flatten().unwrap_or_default())
        .collect();
    let metadata: Option<Vec<MetadataGuess>> = run.metadata.as_ref().map(|found| {
        corpus.pages.iter().map(|page| found.get(&page.id).cloned().unwrap_or_default()).collect()
    });
    let mut result = score_outputs(corpus, &outputs, metadata.as_deref());
    result.guesses = metadata.unwrap_or_default();
    result.name = run.name.clone();
    result.version = run.version.clone();
    result.method = run.method.clone();
    result.errors = run.errors;
    result.throughput = Throughput {
        docs_per_s: run.docs_per_s,
        mb_per_s: run.mb_per_s,
        seconds: run.seconds,
        median_ms: None,
        p95_ms: None,
        passes: 1,
        docs_per_s_range: None,
        docs_per_s_with_metadata: run.docs_per_s_with_metadata,
    };
    result
}

/// Scores one system's outputs (one per page, in page order) with the
/// corpus' metric: the single scoring path for wirewatch and the peers.
fn score_outputs(corpus: &Corpus, outputs: &[String], metadata: Option<&[MetadataGuess]>) -> SystemResult {
    let pages_and_outputs = || corpus.pages.iter().zip(outputs.iter().map(String::as_str));
    let main = main_scores(corpus.kind, pages_and_outputs());
    let german = (corpus.kind == CorpusKind::TrafilaturaEval)
        .then(|| main_scores(corpus.kind, pages_and_outputs().filter(|(page, _)| is_german(page))));
    let metadata = match (corpus.kind, metadata) {
        (CorpusKind::ScrapinghubAeb, _) | (_, None) => None,
        (_, Some(guesses)) => {
            let mut counts = MetadataCounts::default();
            for (page, guess) in corpus.pages.iter().zip(guesses) {
                counts.add(&page.gold.metadata, guess);
            }
            Some(counts)
        }
    };
    SystemResult {
        main,
        german,
        metadata,
        empty_outputs: outputs.iter().filter(|text| text.trim().is_empty()).count(),
        ..SystemResult::default()
    }
}

fn main_scores<'a>(kind: CorpusKind, pages: impl Iterator<Item = (&'a Page, &'a str)>) -> MainScores {
    match kind {
        CorpusKind::ScrapinghubAeb => {
            let mut scorer = ShingleScorer::default();
            for (page, output) in pages {
                scorer.add(page.gold.body.as_deref().unwrap_or(""), output);
            }
            let scores = scorer.scores();
            MainScores {
                f1: scores.f1,
                precision: scores.precision,
                recall: scores.recall,
                accuracy: scores.accuracy,
                docs: scores.docs,
                snippets: None,
                f1_std: Some(scorer.bootstrap_f1_std(1000)),
            }
        }
        CorpusKind::TrafilaturaEval => {
            let mut counts = SnippetCounts::default();
            let mut docs = 0;
            for (page, output) in pages {
                counts.add(SnippetCounts::score(output, &page.gold.with, &page.gold.without));
                docs += 1;
            }
            MainScores {
                f1: counts.f1(),
                precision: counts.precision(),
                recall: counts.recall(),
                accuracy: counts.accuracy(),
                docs,
                snippets: Some(counts),
                f1_std: None,
            }
        }
        CorpusKind::WcxbArticles => {
            let mut scorer = BagOfWordsScorer::default();
            let mut counts = SnippetCounts::default();
            for (page, output) in pages {
                scorer.add(page.gold.body.as_deref().unwrap_or(""), output);
                counts.add(SnippetCounts::score(output, &page.gold.with, &page.gold.without));
            }
            let scores = scorer.scores();
            MainScores {
                f1: scores.f1,
                precision: scores.precision,
                recall: scores.recall,
                accuracy: counts.accuracy(),
                docs: scores.docs,
                snippets: Some(counts),
                f1_std: None,
            }
        }
    }
}

/// How many metadata misses the table lists (the JSON lists all).
const METADATA_MISSES_SHOWN: usize = 10;

/// How many of the weakest pages a report lists.
const WEAKEST_SHOWN: usize = 10;

/// The `count` lowest-scoring pages (perfect pages never listed), worst first.
fn weakest_pages(corpus: &Corpus, outputs: &[String], count: usize) -> Vec<PageScore> {
    let mut scored: Vec<PageScore> = corpus
        .pages
        .iter()
        .zip(outputs)
        .filter_map(|(page, output)| {
            let (score, detail) = page_score(corpus.kind, page, output)?;
            (score < 1.0).then(|| PageScore {
                id: page.id.clone(),
                file_name: page.file_name.clone(),
                score,
                detail,
            })
        })
        .collect();
    scored.sort_by(|a, b| a.score.total_cmp(&b.score));
    scored.truncate(count);
    scored
}

fn page_score(kind: CorpusKind, page: &Page, output: &str) -> Option<(f64, String)> {
    let harmonic = |p: f64, r: f64| if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    match kind {
        CorpusKind::ScrapinghubAeb => {
            let counts = shingle_matching(page.gold.body.as_deref().unwrap_or(""), output, 4);
            let (p, r) = (counts.precision(), counts.recall());
            Some((harmonic(p, r), format!("P {p:.2} R {r:.2}, {} chars out", output.chars().count())))
        }
        CorpusKind::TrafilaturaEval => {
            let counts = SnippetCounts::score(output, &page.gold.with, &page.gold.without);
            let detail = format!(
                "missed {}/{} with, kept {}/{} without",
                counts.fn_,
                counts.tp + counts.fn_,
                counts.fp,
                counts.fp + counts.tn
            );
            Some((counts.f1(), detail))
        }
        CorpusKind::WcxbArticles => {
            let (p, r, f1) = bag_of_words(page.gold.body.as_deref().unwrap_or(""), output)?;
            Some((f1, format!("P {p:.2} R {r:.2}, {} chars out", output.chars().count())))
        }
    }
}

fn metric_description(kind: CorpusKind) -> &'static str {
    match kind {
        CorpusKind::ScrapinghubAeb => {
            "4-token shingles, per-doc normalised, F1 = harmonic mean of macro P and R; \
             acc = exact token sequence (the benchmark's evaluate.py)"
        }
        CorpusKind::TrafilaturaEval => {
            "with/without snippets as substrings of the whitespace-normalised output, \
             micro counts; F1 = 2TP/(2TP+FP+FN) (trafilatura's evaluation)"
        }
        CorpusKind::WcxbArticles => {
            "per-page bag-of-words P/R/F1 on lower-cased \\w+ tokens, macro-averaged (WCXB); \
             acc = with/without snippet accuracy; snippet F1/P/R as trafilatura-eval counts them"
        }
    }
}

fn round4(value: f64) -> f64 {
    (value * 10000.0).round() / 10000.0
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn main_json(scores: &MainScores) -> serde_json::Map<String, Value> {
    let mut object = serde_json::Map::new();
    // Four decimals: changes of a tenth of a point must stay visible when comparing runs.
    object.insert("f1".into(), json!(round4(scores.f1)));
    object.insert("precision".into(), json!(round4(scores.precision)));
    object.insert("recall".into(), json!(round4(scores.recall)));
    object.insert("accuracy".into(), json!(round3(scores.accuracy)));
    object.insert("docs".into(), json!(scores.docs));
    if let Some(snippets) = scores.snippets {
        object.insert("snippets".into(), json!(snippets));
        // trafilatura-eval's metric from the snippet counts: WCXB reports it beside its
        // bag-of-words figures (on trafilatura-eval it equals f1, precision, recall).
        object.insert("snippet_f1".into(), json!(round4(snippets.f1())));
        object.insert("snippet_precision".into(), json!(round4(snippets.precision())));
        object.insert("snippet_recall".into(), json!(round4(snippets.recall())));
    }
    if let Some(std) = scores.f1_std {
        object.insert("f1_std".into(), json!(round3(std)));
    }
    object
}

fn throughput_json(throughput: &Throughput) -> Value {
    let mut value = json!({
        "docs_per_s": round2(throughput.docs_per_s),
        "mb_per_s": round2(throughput.mb_per_s),
        "seconds": round2(throughput.seconds),
        "cores": 1,
    });
    if let Some(object) = value.as_object_mut() {
        object.insert("passes".into(), json!(throughput.passes));
        if let Some((slowest, fastest)) = throughput.docs_per_s_range {
            object.insert("docs_per_s_min".into(), json!(round2(slowest)));
            object.insert("docs_per_s_max".into(), json!(round2(fastest)));
        }
        if let (Some(median), Some(p95)) = (throughput.median_ms, throughput.p95_ms) {
            object.insert("median_ms".into(), json!(round2(median)));
            object.insert("p95_ms".into(), json!(round2(p95)));
        }
    }
    value
}

fn system_json(result: &SystemResult, is_peer: bool) -> Value {
    let mut object = main_json(&result.main);
    object.insert("version".into(), json!(result.version));
    object.insert("method".into(), json!(result.method));
    if !is_peer {
        // Only wirewatch runs in-process, so only it can crash (panic) rather than err.
        object.insert("crashes".into(), json!(result.crashes));
    }
    object.insert("errors".into(), json!(result.errors));
    object.insert("empty_outputs".into(), json!(result.empty_outputs));
    if let Some(crash) = &result.first_crash {
        object.insert("first_crash".into(), json!(crash));
    }
    if let Some(german) = &result.german {
        object.insert("german".into(), Value::Object(main_json(german)));
    }
    if !result.weakest.is_empty() {
        let weakest: Vec<Value> = result
            .weakest
            .iter()
            .map(|page| json!({"id": page.id, "file": page.file_name, "score": round3(page.score), "detail": page.detail}))
            .collect();
        object.insert("weakest_pages".into(), Value::Array(weakest));
    }
    if let Some(metadata) = &result.metadata {
        let field = |counts: &crate::score::FieldCounts| json!({"accuracy": round3(counts.accuracy()), "gold": counts.gold, "correct": counts.correct, "empty": counts.empty});
        object.insert(
            "metadata".into(),
            json!({"title": field(&metadata.title), "author": field(&metadata.author), "date": field(&metadata.date)}),
        );
    }
    if is_peer {
        object.insert("docs_per_s".into(), json!(round2(result.throughput.docs_per_s)));
        object.insert("mb_per_s".into(), json!(round2(result.throughput.mb_per_s)));
        if let Some(with_metadata) = result.throughput.docs_per_s_with_metadata {
            object.insert("docs_per_s_with_metadata".into(), json!(round2(with_metadata)));
        }
    }
    Value::Object(object)
}

impl ExtractReport {
    /// The report as JSON: `{"task":"extract","corpus":…,"split":"all","system":{f1,precision,
    /// recall,accuracy,…},"peers":{name:{…}},"throughput":{"docs_per_s":…,"cores":1},…}`.
    /// F1, precision and recall are rounded to 4 decimals, other
    /// scores to 3, speeds to 2.
    pub fn to_json(&self) -> Value {
        let mut peers = serde_json::Map::new();
        for peer in &self.peers {
            peers.insert(peer.name.clone(), system_json(peer, true));
        }
        for (name, reason) in &self.peer_notes {
            peers.insert(name.clone(), json!({"available": false, "note": reason}));
        }
        let published: Vec<Value> = self.published.iter().map(|row| json!(row)).collect();
        json!({
            "task": "extract",
            "corpus": self.corpus.name(),
            "split": self.split,
            "docs": self.docs,
            "html_mb": round2(self.html_bytes as f64 / 1e6),
            "missing": self.missing,
            "limit": self.limit,
            "metric": metric_description(self.corpus),
            "system": system_json(&self.system, false),
            "peers": Value::Object(peers),
            "throughput": self.throughput_with_speedups(),
            "published_elsewhere": published,
            "command": self.command,
            "metadata_misses": self.metadata_misses.iter().map(|m| json!({
                "file": m.file_name, "field": m.field, "gold": m.gold, "ours": m.ours,
                "trafilatura": m.peer, "trafilatura_right": m.peer_right,
            })).collect::<Vec<_>>(),
        })
    }

    /// Our throughput with, per peer timed in this run, how many times faster
    /// we are: against its text-only call and against its text-and-metadata
    /// call (the same job our `extract()` does).
    fn throughput_with_speedups(&self) -> Value {
        let mut value = throughput_json(&self.system.throughput);
        let mut speedups = serde_json::Map::new();
        for (label, ratio) in self.speedups() {
            speedups.insert(label, json!(round2(ratio)));
        }
        if let Some(object) = value.as_object_mut() {
            object.insert("speedup".into(), Value::Object(speedups));
        }
        value
    }

    /// `(peer label, our pages/s ÷ its pages/s)` for every timed peer.
    fn speedups(&self) -> Vec<(String, f64)> {
        let ours = self.system.throughput.docs_per_s;
        let mut out = Vec::new();
        for peer in &self.peers {
            if peer.throughput.docs_per_s > 0.0 {
                out.push((format!("{} (text only)", peer.name), ours / peer.throughput.docs_per_s));
            }
            if let Some(with_metadata) = peer.throughput.docs_per_s_with_metadata.filter(|v| *v > 0.0) {
                out.push((format!("{} (text + metadata)", peer.name), ours / with_metadata));
            }
        }
        out
    }

    /// The `with`/`without` snippet counts of every system of this run, scored as
    /// trafilatura-eval scores its own (micro counts over pages): WCXB's snippets as a
    /// second metric, or trafilatura-eval's main metric unrounded, so that near-ties
    /// read as counts rather than as equal four-digit figures.
    fn print_snippet_table(&self, w: &mut dyn Write) -> io::Result<()> {
        let heading = if self.corpus == CorpusKind::TrafilaturaEval {
            "  snippet counts (the metric above, F1 to 5 digits):"
        } else {
            "  snippet metric (trafilatura-eval's: with/without snippets as substrings, micro counts):"
        };
        writeln!(w, "{heading}")?;
        writeln!(
            w,
            "  {:<28} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "system", "F1", "P", "R", "TP", "FP", "FN"
        )?;
        for result in std::iter::once(&self.system).chain(&self.peers) {
            if let Some(snippets) = result.main.snippets {
                writeln!(
                    w,
                    "  {:<28} {:>7.5} {:>6.4} {:>6.4} {:>6} {:>6} {:>6}",
                    format!("{} {}", result.name, result.version),
                    snippets.f1(),
                    snippets.precision(),
                    snippets.recall(),
                    snippets.tp,
                    snippets.fp,
                    snippets.fn_,
                )?;
            }
        }
        Ok(())
    }

    /// Writes the report as a readable table: our figures, the peers from
    /// this run, then reference figures published or measured elsewhere.
    pub fn print_table(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(
            w,
            "wirewatch eval extract — corpus {} ({} pages, {:.1} MB HTML, split {}){}",
            self.corpus.name(),
            self.docs,
            self.html_bytes as f64 / 1e6,
            self.split,
            if self.missing > 0 {
                format!(", {} gold entries without HTML skipped", self.missing)
            } else {
                String::new()
            }
        )?;
        writeln!(w, "metric: {}", metric_description(self.corpus))?;
        writeln!(w)?;
        writeln!(w, "This run (same pages, same scorer, one core each):")?;
        writeln!(
            w,
            "  {:<28} {:>6} {:>6} {:>6} {:>6} {:>8} {:>6} {:>7} {:>6} {:>6}",
            "system", "F1", "P", "R", "acc", "pages/s", "MB/s", "crashes", "errors", "empty"
        )?;
        for result in std::iter::once(&self.system).chain(&self.peers) {
            writeln!(
                w,
                "  {:<28} {:>6.4} {:>6.4} {:>6.4} {:>6.3} {:>8.1} {:>6.2} {:>7} {:>6} {:>6}",
                format!("{} {}", result.name, result.version),
                result.main.f1,
                result.main.precision,
                result.main.recall,
                result.main.accuracy,
                result.throughput.docs_per_s,
                result.throughput.mb_per_s,
                if result.name == "wirewatch" { result.crashes.to_string() } else { "-".into() },
                result.errors,
                result.empty_outputs,
            )?;
        }
        for (_, reason) in &self.peer_notes {
            writeln!(w, "  note: {reason}")?;
        }
        if matches!(self.corpus, CorpusKind::WcxbArticles | CorpusKind::TrafilaturaEval) {
            self.print_snippet_table(w)?;
        }
        let ours = &self.system.throughput;
        if let (Some(median), Some(p95)) = (ours.median_ms, ours.p95_ms) {
            let range = ours
                .docs_per_s_range
                .map(|(slowest, fastest)| format!(" (passes {slowest:.1}-{fastest:.1})"))
                .unwrap_or_default();
            writeln!(
                w,
                "  wirewatch timing: pages/s of the median of {} timed passes{range}, {:.2} s each (decode + extract, corpus I/O excluded); per page median {:.1} ms, p95 {:.1} ms",
                ours.passes, ours.seconds, median, p95
            )?;
        }
        for peer in &self.peers {
            if let Some(with_metadata) = peer.throughput.docs_per_s_with_metadata {
                writeln!(
                    w,
                    "  {} with metadata in the same call (the job wirewatch's extract() does): {:.1} pages/s",
                    peer.name, with_metadata
                )?;
            }
        }
        let speedups = self.speedups();
        if !speedups.is_empty() {
            let list: Vec<String> =
                speedups.iter().map(|(label, ratio)| format!("{ratio:.1}× {label}")).collect();
            writeln!(w, "  wirewatch speed (one core each): {}", list.join(", "))?;
        }
        if let Some(crash) = &self.system.first_crash {
            writeln!(w, "  DEFECT: {} page(s) crashed extract(); first: {crash}", self.system.crashes)?;
        }
        let spreads: Vec<String> = std::iter::once(&self.system)
            .chain(&self.peers)
            .filter_map(|r| r.main.f1_std.map(|std| format!("{} ±{std:.3}", r.name)))
            .collect();
        if !spreads.is_empty() {
            writeln!(w, "  F1 bootstrap std-dev (1,000 resamples of pages): {}", spreads.join(", "))?;
        }
        if self.system.german.is_some() {
            writeln!(w)?;
            writeln!(w, "German pages only ({} pages, lang-guess.json):", self.german_docs)?;
            for result in std::iter::once(&self.system).chain(&self.peers) {
                if let Some(german) = &result.german {
                    writeln!(
                        w,
                        "  {:<28} {:>6.4} {:>6.4} {:>6.4} {:>6.3}",
                        result.name, german.f1, german.precision, german.recall, german.accuracy
                    )?;
                }
            }
        }
        let with_metadata: Vec<&SystemResult> =
            std::iter::once(&self.system).chain(&self.peers).filter(|r| r.metadata.is_some()).collect();
        if !with_metadata.is_empty() {
            writeln!(w)?;
            writeln!(
                w,
                "Metadata accuracy over entries with gold (correct/gold, and how many we left empty):"
            )?;
            writeln!(w, "  {:<28} {:>24} {:>24} {:>24}", "system", "title", "author", "date")?;
            for result in with_metadata {
                if let Some(metadata) = &result.metadata {
                    let cell = |c: &crate::score::FieldCounts| {
                        format!("{:.3} ({}/{}, {} empty)", c.accuracy(), c.correct, c.gold, c.empty)
                    };
                    writeln!(
                        w,
                        "  {:<28} {:>24} {:>24} {:>24}",
                        result.name,
                        cell(&metadata.title),
                        cell(&metadata.author),
                        cell(&metadata.date)
                    )?;
                }
            }
            writeln!(
                w,
                "  rules: title = word-normalised equal or gold inside ours; author = name sets equal or one \
                 contains the other; date = same YYYY-MM-DD"
            )?;
        }
        if !self.system.weakest.is_empty() {
            writeln!(w)?;
            writeln!(w, "wirewatch's weakest pages (per-page score, worst first):")?;
            for page in &self.system.weakest {
                writeln!(w, "  {:.3}  {:<48} {}", page.score, page.file_name, page.detail)?;
            }
        }
        if !self.metadata_misses.is_empty() {
            writeln!(w)?;
            writeln!(
                w,
                "wirewatch's metadata misses (dev split only; {} in all, --json lists every one; \
                 those trafilatura got right first):",
                self.metadata_misses.len()
            )?;
            for miss in self.metadata_misses.iter().take(METADATA_MISSES_SHOWN) {
                let peer = match &miss.peer {
                    Some(value) => {
                        format!(" | trafilatura {value:?}{}", if miss.peer_right { " (right)" } else { "" })
                    }
                    None => String::new(),
                };
                writeln!(
                    w,
                    "  {:<6} {:<26} gold {:?} | ours {:?}{peer}",
                    miss.field, miss.file_name, miss.gold, miss.ours
                )?;
            }
        }
        writeln!(w)?;
        writeln!(
            w,
            "Published or measured elsewhere (NOT this run; other machines, from the corpus' PROVENANCE.md):"
        )?;
        if let Some(limit) = self.limit {
            writeln!(w, "  (these cover the whole corpus; this run used only the first {limit} pages)")?;
        }
        writeln!(
            w,
            "  {:<36} {:>8} {:>6} {:>6} {:>6} {:>6} {:>8}  source",
            "system", "version", "F1", "P", "R", "acc", "pages/s"
        )?;
        let optional = |value: Option<f64>, digits: usize| match value {
            Some(value) => format!("{value:.digits$}"),
            None => "-".into(),
        };
        for row in self.published {
            writeln!(
                w,
                "  {:<36} {:>8} {:>6.3} {:>6} {:>6} {:>6} {:>8}  {}",
                row.system,
                row.version,
                row.f1,
                optional(row.precision, 3),
                optional(row.recall, 3),
                optional(row.accuracy, 3),
                optional(row.docs_per_s, 1),
                row.source
            )?;
        }
        writeln!(w)?;
        writeln!(w, "reproduce: {}", self.command)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_are_caught_counted_and_described() {
        let caught = with_quiet_panics(|| {
            let outcome = panic::catch_unwind(|| -> usize { panic!("extract blew up on page 3") });
            outcome.err().map(|payload| panic_message(payload.as_ref()))
        });
        assert_eq!(caught.as_deref(), Some("extract blew up on page 3"));
        let formatted = panic::catch_unwind(|| -> usize { std::panic::panic_any(42_u8) });
        assert_eq!(
            formatted.err().map(|p| panic_message(p.as_ref())).as_deref(),
            Some("non-string panic payload")
        );
    }

    #[test]
    fn throughput_figures() {
        let ms = Duration::from_millis;
        let pass = vec![ms(10), ms(30), ms(20)];
        let speed = throughput(std::slice::from_ref(&pass), 3_000_000);
        assert!((speed.seconds - 0.06).abs() < 1e-9);
        assert!((speed.docs_per_s - 50.0).abs() < 1e-6);
        assert!((speed.mb_per_s - 50.0).abs() < 1e-6);
        assert_eq!(speed.median_ms.map(f64::round), Some(20.0));
        assert_eq!((speed.passes, speed.docs_per_s_range), (1, None));
        assert_eq!(throughput(&[], 0), Throughput { median_ms: None, p95_ms: None, ..Throughput::default() });
    }

    #[test]
    fn throughput_is_the_median_pass_with_the_range() {
        let ms = Duration::from_millis;
        // Three pages per pass; one pass disturbed (0.3 s), one fast (0.05 s).
        let passes = vec![
            vec![ms(20), ms(20), ms(20)],
            vec![ms(100), ms(100), ms(100)],
            vec![ms(10), ms(20), ms(20)],
            vec![ms(20), ms(30), ms(10)],
            vec![ms(20), ms(20), ms(30)],
        ];
        let speed = throughput(&passes, 6_000_000);
        assert_eq!(speed.passes, 5);
        // Sorted pass times 0.05, 0.06, 0.06, 0.07, 0.3: the median pass takes 0.06 s.
        assert!((speed.seconds - 0.06).abs() < 1e-9, "{}", speed.seconds);
        assert!((speed.docs_per_s - 50.0).abs() < 1e-6);
        assert!((speed.mb_per_s - 100.0).abs() < 1e-6);
        let (slowest, fastest) = speed.docs_per_s_range.unwrap_or_default();
        assert!((slowest - 10.0).abs() < 1e-6 && (fastest - 60.0).abs() < 1e-6, "{slowest} {fastest}");
        // Per-page figures pool every pass: 15 times, median 20 ms, p95 100 ms.
        assert_eq!(speed.median_ms.map(f64::round), Some(20.0));
        assert_eq!(speed.p95_ms.map(f64::round), Some(100.0));
        // An even number of passes: the mean of the two middle ones.
        let even = throughput(&passes[1..], 0);
        assert!((even.seconds - 0.065).abs() < 1e-9, "{}", even.seconds);
        let json = throughput_json(&speed);
        assert_eq!(json["passes"], 5);
        assert_eq!(json["docs_per_s"], 50.0);
        assert_eq!(json["docs_per_s_min"], 10.0);
        assert_eq!(json["docs_per_s_max"], 60.0);
    }

    #[test]
    fn weakest_pages_skip_perfect_ones() {
        let page = |id: &str, body: &str| Page {
            id: id.into(),
            url: None,
            file_name: format!("{id}.html.gz"),
            html: Vec::new(),
            gold: crate::corpus::Gold { body: Some(body.into()), ..Default::default() },
        };
        let corpus = Corpus {
            kind: CorpusKind::ScrapinghubAeb,
            dir: PathBuf::new(),
            pages: vec![page("good", "a b c d e"), page("bad", "a b c d e"), page("half", "a b c d e")],
            missing: Vec::new(),
        };
        let outputs = vec!["a b c d e".to_string(), String::new(), "a b c d".to_string()];
        let weakest = weakest_pages(&corpus, &outputs, 10);
        let ids: Vec<&str> = weakest.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, vec!["bad", "half"]);
        assert!(weakest[0].score < weakest[1].score);
    }
}
