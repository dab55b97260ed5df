//! Evaluation of wirewatch against public benchmarks and peer systems.
//!
//! * [`eval_extract`] — main-text and metadata extraction quality plus
//!   single-core throughput on `scrapinghub-aeb`, `trafilatura-eval` or
//!   `wcxb-articles` (autodetected from the folder), with trafilatura and
//!   readability-lxml run on the same pages by `bench/extract_peers.py`.
//! * [`eval_time`] — time expressions on WikiWarsDE (TIMEX2, TERN scoring) and
//!   TempEval-3 platinum (TIMEX3, TE3 scoring), dev/test split by document,
//!   with HeidelTime run on the same documents by `bench/heideltime_peer.py`.
//! * [`score`] — the scorers; the same code scores wirewatch and the peers.
//! * [`corpus`] — corpus detection and loading (gzip and `.tar.xz` read in memory).
//! * [`published`] — reference figures published elsewhere, printed for context.
//!
//! The corpora are licensed material under `../shared/corpora`; they are read
//! from there and never copied into the repository.

#![deny(missing_docs)]

pub mod corpus;
pub mod extract_eval;
pub mod ner_ecb;
pub mod ner_eval;
pub mod peers;
pub mod published;
pub mod quote_eval;
pub mod score;
pub mod segment_eval;
pub mod time_eval;
mod timing;
pub mod unlabeled;

pub use corpus::{CorpusKind, Split};
pub use extract_eval::{
    eval_extract, ExtractEvalOptions, ExtractReport, MainScores, SystemResult, Throughput,
};
pub use time_eval::{eval_time, TimeEvalOptions, TimeReport};

use std::path::PathBuf;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A corpus file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The folder matches no known corpus layout.
    #[error(
        "{}: not a known corpus (expected ground-truth.json + html/ for scrapinghub-aeb, \
         evaldata.json + html.tar.xz for trafilatura-eval, or ground-truth.tar.xz + dev/ or test/ for wcxb-articles)",
        .0.display()
    )]
    UnknownCorpus(PathBuf),
    /// An option does not fit (an unknown split, a split on a corpus without splits).
    #[error("{0}")]
    BadOption(String),
    /// A corpus file is not in the expected format.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}
