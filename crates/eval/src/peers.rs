//! Peer systems (trafilatura, readability-lxml) run in the same evaluation.
//!
//! `bench/extract_peers.py` runs them on the same pages and prints their raw
//! outputs; this module starts it and parses the result. Scoring happens in
//! Rust with the scorer used for wirewatch (see [`crate::score`]).
//! The script is compiled into this crate so an installed binary can run it
//! without a checkout; it is written to the system temp dir for each run.

use crate::corpus::{CorpusKind, Split};
use crate::score::MetadataGuess;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The peer script's source (bench/extract_peers.py).
pub const PEER_SCRIPT: &str = include_str!("../../../bench/extract_peers.py");

/// The peers, in the order reports list them.
pub const PEERS: &[&str] = &["trafilatura", "readability-lxml"];

/// The install hint shown when a peer is missing.
pub const INSTALL_HINT: &str = "pip install trafilatura readability-lxml";

/// What one peer produced.
#[derive(Clone, Debug, Default)]
pub struct PeerRun {
    /// Peer name (`trafilatura`, `readability-lxml`).
    pub name: String,
    /// Library version as reported by Python.
    pub version: String,
    /// How it was called.
    pub method: String,
    /// Seconds spent in the extraction calls.
    pub seconds: f64,
    /// Pages per second, single process.
    pub docs_per_s: f64,
    /// Raw HTML megabytes per second.
    pub mb_per_s: f64,
    /// Pages per second when the peer also extracts metadata in the same call
    /// (the job wirewatch's `extract()` does), when measured.
    pub docs_per_s_with_metadata: Option<f64>,
    /// Pages where the peer raised an exception (counted as empty output).
    pub errors: usize,
    /// Output text per page id (`None`: no output).
    pub outputs: HashMap<String, Option<String>>,
    /// Title/author/date per page id, when asked for and supported.
    pub metadata: Option<HashMap<String, MetadataGuess>>,
}

/// Result of running the peer script: the peers that ran, and a note for each
/// one that could not (not installed, script failure).
#[derive(Clone, Debug, Default)]
pub struct PeerResults {
    /// Peers that ran, in the script's order.
    pub runs: Vec<PeerRun>,
    /// `(peer, reason)` for each peer that did not run.
    pub unavailable: Vec<(String, String)>,
}

/// Runs `bench/extract_peers.py` with `python` on the corpus.
///
/// Never fails: a missing interpreter or a broken script becomes an
/// `unavailable` note for every peer, so the evaluation of wirewatch goes on.
///
/// `split` (wcxb-articles only) limits the script to those pages, so a dev run
/// never reads the held-out pages.
pub fn run_peers(
    python: &str,
    corpus_dir: &Path,
    kind: CorpusKind,
    split: Split,
    limit: Option<usize>,
) -> PeerResults {
    let all_unavailable = |reason: String| PeerResults {
        runs: Vec::new(),
        unavailable: PEERS.iter().map(|p| (p.to_string(), reason.clone())).collect(),
    };
    let script = script_path();
    if let Err(error) = std::fs::write(&script, PEER_SCRIPT) {
        return all_unavailable(format!("cannot write {}: {error}", script.display()));
    }
    let mut command = Command::new(python);
    command.arg(&script).arg("--corpus").arg(corpus_dir).arg("--format").arg(kind.peer_format());
    if let Some(limit) = limit {
        command.arg("--limit").arg(limit.to_string());
    }
    if kind == CorpusKind::WcxbArticles {
        command.arg("--split").arg(split.name());
    }
    if kind != CorpusKind::ScrapinghubAeb {
        command.arg("--metadata");
    }
    let output = command.output();
    let _ = std::fs::remove_file(&script);
    let output = match output {
        Ok(output) => output,
        Err(error) => return all_unavailable(format!("cannot run {python}: {error} ({INSTALL_HINT})")),
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        return all_unavailable(format!("peer script failed ({}): {last}", output.status));
    }
    match serde_json::from_slice::<Value>(&output.stdout) {
        Ok(value) => parse_peer_output(&value),
        Err(error) => all_unavailable(format!("peer script printed invalid JSON: {error}")),
    }
}

fn script_path() -> PathBuf {
    std::env::temp_dir().join(format!("wirewatch-extract-peers-{}.py", std::process::id()))
}

/// Parses the JSON object the peer script prints.
pub fn parse_peer_output(value: &Value) -> PeerResults {
    let mut results = PeerResults::default();
    let Some(peers) = value.get("peers").and_then(Value::as_object) else {
        results.unavailable.push(("peers".into(), "peer script output has no \"peers\" object".into()));
        return results;
    };
    for (name, peer) in peers {
        if peer.get("available").and_then(Value::as_bool) != Some(true) {
            let error = peer.get("error").and_then(Value::as_str).unwrap_or("unknown error");
            let reason = if error.contains("No module named") || error.contains("ImportError") {
                format!("peer {name} not installed ({INSTALL_HINT})")
            } else {
                format!("peer {name} unavailable: {error}")
            };
            results.unavailable.push((name.clone(), reason));
            continue;
        }
        let number = |key: &str| peer.get(key).and_then(Value::as_f64).unwrap_or(0.0);
        let text = |key: &str| peer.get(key).and_then(Value::as_str).unwrap_or("").to_string();
        let outputs = peer
            .get("outputs")
            .and_then(Value::as_object)
            .map(|map| map.iter().map(|(id, out)| (id.clone(), out.as_str().map(str::to_string))).collect())
            .unwrap_or_default();
        let metadata = peer.get("metadata").and_then(Value::as_object).map(|map| {
            map.iter()
                .map(|(id, fields)| {
                    let field = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_string);
                    let authors = field("author").into_iter().collect();
                    (id.clone(), MetadataGuess { title: field("title"), authors, date: field("date") })
                })
                .collect()
        });
        results.runs.push(PeerRun {
            name: name.clone(),
            version: text("version"),
            method: text("method"),
            seconds: number("seconds"),
            docs_per_s: number("pages_per_s"),
            mb_per_s: number("mb_per_s"),
            docs_per_s_with_metadata: peer.get("pages_per_s_with_metadata").and_then(Value::as_f64),
            errors: peer.get("errors").and_then(Value::as_u64).unwrap_or(0) as usize,
            outputs,
            metadata,
        });
    }
    let rank = |name: &str| PEERS.iter().position(|p| *p == name).unwrap_or(PEERS.len());
    results.runs.sort_by_key(|run| rank(&run.name));
    results.unavailable.sort_by_key(|(name, _)| rank(name));
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_available_and_missing_peers() {
        let value = serde_json::json!({
            "pages": 2,
            "peers": {
                "trafilatura": {"available": true, "version": "2.3.1", "method": "m", "seconds": 0.5,
                    "pages_per_s": 4.0, "mb_per_s": 1.5, "errors": 1,
                    "outputs": {"a": "text", "b": null},
                    "metadata": {"a": {"title": "T", "author": "A; B", "date": null}}},
                "readability-lxml": {"available": false, "error": "ModuleNotFoundError: No module named 'readability'"}
            }
        });
        let results = parse_peer_output(&value);
        assert_eq!(results.runs.len(), 1);
        let run = &results.runs[0];
        assert_eq!((run.name.as_str(), run.version.as_str(), run.errors), ("trafilatura", "2.3.1", 1));
        assert_eq!(run.outputs.get("a"), Some(&Some("text".to_string())));
        assert_eq!(run.outputs.get("b"), Some(&None));
        let meta = run.metadata.as_ref().and_then(|m| m.get("a")).cloned().unwrap_or_default();
        assert_eq!(meta.authors, vec!["A; B".to_string()]);
        assert_eq!(results.unavailable.len(), 1);
        assert!(results.unavailable[0]
            .1
            .contains("not installed (pip install trafilatura readability-lxml)"));
    }

    #[test]
    fn garbage_output_is_reported_not_fatal() {
        let results = parse_peer_output(&serde_json::json!([1, 2]));
        assert!(results.runs.is_empty());
        assert_eq!(results.unavailable.len(), 1);
    }

    #[test]
    fn missing_interpreter_is_a_note() {
        let dir = std::env::temp_dir();
        let results = run_peers(
            "/nonexistent/python3-for-wirewatch",
            &dir,
            CorpusKind::ScrapinghubAeb,
            Split::All,
            Some(1),
        );
        assert!(results.runs.is_empty());
        assert_eq!(results.unavailable.len(), 2);
        assert!(results.unavailable[0].1.contains("cannot run"));
    }
}
