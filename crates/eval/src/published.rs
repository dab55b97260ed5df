//! Reference figures published or measured elsewhere, as data.
//!
//! Copied from each corpus' `PROVENANCE.md` (which cites the upstream
//! README / docs and a separate measuring run). They are printed next to a
//! run's own figures, clearly labelled: they were not measured by this run,
//! on this machine.

use crate::corpus::CorpusKind;
use serde::Serialize;

/// One row of reference figures.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PublishedRow {
    /// System name.
    pub system: &'static str,
    /// Version or configuration as stated.
    pub version: &'static str,
    /// F1 in the corpus' own metric.
    pub f1: f64,
    /// Precision, where the source gives it.
    pub precision: Option<f64>,
    /// Recall, where the source gives it.
    pub recall: Option<f64>,
    /// Accuracy, where the source gives it.
    pub accuracy: Option<f64>,
    /// Pages per second, single process, where the source gives it.
    pub docs_per_s: Option<f64>,
    /// Where the figures come from.
    pub source: &'static str,
}

const AEB_README: &str = "benchmark README (published)";
const AEB_HERE: &str = "PROVENANCE.md, measured 2026-11-21 on a 2-vCPU Xeon";
const TRAF_DOCS: &str = "trafilatura docs/evaluation.rst 2026-08-04 (published)";
const TRAF_HERE: &str = "PROVENANCE.md, measured on a 2-vCPU Xeon";
const WCXB_README: &str = "WCXB README, article-type dev split only (published)";
const WCXB_HERE: &str = "PROVENANCE.md, measured, dev articles only (711 of 968)";

const fn row(
    system: &'static str,
    version: &'static str,
    f1: f64,
    precision_recall: Option<(f64, f64)>,
    accuracy: Option<f64>,
    docs_per_s: Option<f64>,
    source: &'static str,
) -> PublishedRow {
    let (precision, recall) = match precision_recall {
        Some((precision, recall)) => (Some(precision), Some(recall)),
        None => (None, None),
    };
    PublishedRow { system, version, f1, precision, recall, accuracy, docs_per_s, source }
}

const SCRAPINGHUB: &[PublishedRow] = &[
    row("rs_trafilatura (Rust)", "9261e08", 0.970, Some((0.951, 0.990)), Some(0.287), None, AEB_README),
    row("AutoExtract (commercial)", "Nov 2019", 0.970, Some((0.984, 0.956)), Some(0.470), None, AEB_README),
    row("trafilatura", "2.0.0", 0.958, Some((0.938, 0.978)), Some(0.293), None, AEB_README),
    row("readability_js (Mozilla)", "0.6.0", 0.947, Some((0.914, 0.982)), Some(0.166), None, AEB_README),
    row("readability-lxml", "0.8.4.1", 0.922, Some((0.913, 0.931)), Some(0.315), None, AEB_README),
    row("readability_rs (Rust)", "0.3.0", 0.873, Some((0.906, 0.843)), Some(0.227), None, AEB_README),
    row("html-text (full page)", "0.7.0", 0.665, Some((0.500, 0.994)), Some(0.000), None, AEB_README),
    row("trafilatura default", "2.3.1", 0.960, Some((0.942, 0.978)), Some(0.293), Some(29.1), AEB_HERE),
    row(
        "trafilatura favor_precision",
        "2.3.1",
        0.964,
        Some((0.958, 0.971)),
        Some(0.337),
        Some(30.5),
        AEB_HERE,
    ),
    row("readability-lxml + html-text", "0.9", 0.955, Some((0.935, 0.975)), Some(0.293), None, AEB_HERE),
];

const TRAFILATURA_EVAL: &[PublishedRow] = &[
    row("trafilatura (standard)", "2.2.0", 0.924, Some((0.906, 0.943)), Some(0.923), None, TRAF_DOCS),
    row("trafilatura (precision)", "2.2.0", 0.920, Some((0.925, 0.915)), Some(0.921), None, TRAF_DOCS),
    row("readability-lxml", "0.8.4.1", 0.826, Some((0.898, 0.764)), Some(0.839), None, TRAF_DOCS),
    row("news-please", "1.6.16", 0.836, Some((0.932, 0.758)), Some(0.852), None, TRAF_DOCS),
    row("baseline (text markup)", "-", 0.815, Some((0.767, 0.869)), Some(0.803), None, TRAF_DOCS),
    row("html_text (full page)", "0.7.1", 0.691, Some((0.531, 0.988)), Some(0.559), None, TRAF_DOCS),
    row(
        "trafilatura standard (F1 de 0.929)",
        "2.3.1",
        0.926,
        Some((0.907, 0.946)),
        Some(0.925),
        Some(13.3),
        TRAF_HERE,
    ),
    row(
        "trafilatura favor_precision",
        "2.3.1",
        0.922,
        Some((0.924, 0.921)),
        Some(0.922),
        Some(11.3),
        TRAF_HERE,
    ),
];

const WCXB: &[PublishedRow] = &[
    row("rs-trafilatura (Rust)", "?", 0.932, None, None, None, WCXB_README),
    row("Trafilatura", "?", 0.926, None, None, None, WCXB_README),
    row("Readability", "?", 0.825, None, None, None, WCXB_README),
    row("trafilatura default", "2.3.1", 0.935, Some((0.939, 0.952)), None, Some(12.4), WCXB_HERE),
];

/// The reference rows for a corpus.
pub fn published_rows(kind: CorpusKind) -> &'static [PublishedRow] {
    match kind {
        CorpusKind::ScrapinghubAeb => SCRAPINGHUB,
        CorpusKind::TrafilaturaEval => TRAFILATURA_EVAL,
        CorpusKind::WcxbArticles => WCXB,
    }
}
