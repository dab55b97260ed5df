//! The wirewatch pipeline, wired from its stages.
//!
//! Each stage lives in its own crate and knows nothing of the others; this
//! crate is the only place that connects them:
//!
//! ```text
//! ingest (inputs → RawRecord) → extract (RawRecord → Document) → store (SQLite) → export (JSON)
//! ```
//!
//! `main.rs` parses arguments and prints; everything it runs is here so that
//! tests drive the same code paths as the command line.

use std::path::Path;
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::iter::{ParallelBridge, ParallelIterator};
use wirewatch_extract::Extracted;
use wirewatch_ingest::{IngestOptions, Input, Item};
use wirewatch_model::{Diagnostic, Severity};
use wirewatch_store::{Fetched, Prepared, PutOutcome, Store};

pub use wirewatch_store::StoreError;

/// How an ingest run behaves.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// Limits and fetch options handed to the ingest stage.
    pub ingest: IngestOptions,
    /// Documents written per store transaction. A killed run loses at most
    /// one uncommitted batch, which a re-run redoes.
    pub batch_size: usize,
    /// Extraction threads; `None` uses every core.
    pub threads: Option<usize>,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig { ingest: IngestOptions::default(), batch_size: 500, threads: None }
    }
}

/// Something that happened during a run, for progress display.
#[derive(Debug, Clone)]
pub enum Event {
    /// The inputs were expanded into this many sources (files, URLs, feeds).
    Discovered {
        /// Number of sources to read.
        sources: usize,
    },
    /// One source was read completely.
    SourceDone,
    /// One record was stored, found to be a duplicate, or failed.
    Record(Outcome),
}

/// What became of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new document was stored.
    Ingested,
    /// The same content was already stored.
    Duplicate,
    /// The input could not become a document.
    Failed,
}

/// The result of an ingest run.
#[derive(Debug, Default, Clone)]
pub struct IngestSummary {
    /// Sources read (files, stdin, URLs, feeds).
    pub sources: usize,
    /// New documents stored.
    pub ingested: usize,
    /// Records whose content was already stored.
    pub duplicates: usize,
    /// Inputs that failed, each naming its file (line, record) and reason.
    pub failures: Vec<Diagnostic>,
    /// Warnings about documents that were stored nonetheless.
    pub warnings: usize,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl IngestSummary {
    /// True when every input became a document (or a known duplicate).
    pub fn all_ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// A record on its way from extraction to the store. Documents arrive
/// `Prepared` (raw bytes already compressed) so the costly part of writing
/// runs on the parallel workers and the single writer only inserts.
enum Extraction {
    Document(Box<Prepared>),
    Failed(Diagnostic, Option<Vec<u8>>),
}

/// Ingests `inputs` into the store at `db`: read, extract in parallel, store
/// in batches. Per-input problems are collected in the summary, never
/// returned as an error; only a store that cannot be opened or written is.
pub fn ingest(
    db: &Path,
    inputs: &[Input],
    config: &IngestConfig,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<IngestSummary, StoreError> {
    let started = Instant::now();
    let mut store = Store::open(db)?;
    // A second connection answers "is this URL stored?" for the reader while
    // the writer holds its transaction (WAL lets both proceed).
    let lookup = Mutex::new(Store::open(db)?);
    let already_fetched = |url: &str| -> bool {
        lookup.lock().map(|store| store.has_url(url).unwrap_or(false)).unwrap_or(false)
    };

    let (sources, discover_failures) = wirewatch_ingest::discover(inputs);
    on_event(Event::Discovered { sources: sources.len() });
    let mut summary = IngestSummary { sources: sources.len(), ..IngestSummary::default() };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.unwrap_or(0))
        .build()
        .map_err(|err| StoreError::Other(format!("cannot start worker threads: {err}")))?;

    let (item_tx, item_rx) = mpsc::sync_channel::<Item>(256);
    let (done_tx, done_rx) = mpsc::sync_channel::<Extraction>(256);

    let write_result = std::thread::scope(|scope| {
        scope.spawn(|| {
            for source in &sources {
                wirewatch_ingest::read_source(source, &config.ingest, &already_fetched, &mut |item| {
                    // The receiver only hangs up if the writer failed; stop feeding it then.
                    let _ = item_tx.send(item);
                });
                on_event(Event::SourceDone);
            }
            drop(item_tx);
        });

        let extractors = scope.spawn(|| {
            pool.install(|| {
                item_rx.into_iter().par_bridge().for_each_with(done_tx, |done_tx, item| {
                    let _ = done_tx.send(extract_item(item));
                })
            })
        });

        let written = write_all(&mut store, &done_rx, config.batch_size, &mut summary, on_event);
        // Drain so the extractors never block on a full channel after a write error.
        done_rx.iter().for_each(drop);
        let _ = extractors.join();
        written
    });
    write_result?;

    for failure in discover_failures {
        store.record_failure(&failure, None)?;
        on_event(Event::Record(Outcome::Failed));
        summary.failures.push(failure);
    }
    summary.failures.sort_by(|a, b| a.source.cmp(&b.source));
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn extract_item(item: Item) -> Extraction {
    match item {
        Item::Record(record) => match wirewatch_extract::extract(&record) {
            Ok(Extracted { document, diagnostics }) => {
                let source = record.source.clone();
                match Prepared::new(record, document, diagnostics) {
                    Ok(prepared) => Extraction::Document(Box::new(prepared)),
                    Err(error) => {
                        Extraction::Failed(Diagnostic::error(source, format!("cannot store: {error}")), None)
                    }
                }
            }
            Err(diagnostic) => Extraction::Failed(diagnostic, Some(record.bytes)),
        },
        Item::Failed { diagnostic, raw } => Extraction::Failed(diagnostic, raw),
    }
}

fn write_all(
    store: &mut Store,
    done: &mpsc::Receiver<Extraction>,
    batch_size: usize,
    summary: &mut IngestSummary,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<(), StoreError> {
    let mut received = done.iter().peekable();
    while received.peek().is_some() {
        let mut batch = store.batch()?;
        for extraction in received.by_ref().take(batch_size.max(1)) {
            let outcome = match extraction {
                Extraction::Document(prepared) => {
                    summary.warnings +=
                        prepared.diagnostics().iter().filter(|d| d.severity == Severity::Warning).count();
                    let outcome = batch.put_prepared(&prepared)?;
                    // A URL may redirect: remember the address as given too, so a
                    // re-run does not fetch it again.
                    let document = prepared.document();
                    if wirewatch_ingest::is_http_url(&document.source) {
                        batch.mark_fetched(&document.source, Fetched::Document(&document.id))?;
                    }
                    match outcome {
                        PutOutcome::Inserted => {
                            summary.ingested += 1;
                            Outcome::Ingested
                        }
                        PutOutcome::Duplicate => {
                            summary.duplicates += 1;
                            Outcome::Duplicate
                        }
                    }
                }
                Extraction::Failed(diagnostic, raw) => {
                    batch.record_failure(&diagnostic, raw.as_deref())?;
                    summary.failures.push(diagnostic);
                    Outcome::Failed
                }
            };
            on_event(Event::Record(outcome));
        }
        batch.commit()?;
    }
    Ok(())
}

/// The result of re-running extraction over the stored raw records.
#[derive(Debug, Default, Clone)]
pub struct ReprocessSummary {
    /// Documents whose extraction was replaced.
    pub reprocessed: usize,
    /// Documents whose new extraction is identical to the stored one.
    pub unchanged: usize,
    /// Raw records that no longer extract, with the reason.
    pub failures: Vec<Diagnostic>,
    /// Kept failed inputs whose raw bytes now become documents (the failure is cleared).
    pub recovered: usize,
    /// Kept failed inputs that still fail (left recorded as they were).
    pub still_failing: usize,
}

/// Re-runs extraction over every raw record kept in the store, so documents
/// ingested by an older version benefit from a newer extractor. Streams the
/// store in chunks, so memory stays flat however large it is.
pub fn reprocess(db: &Path, on_event: &(dyn Fn(Event) + Sync)) -> Result<ReprocessSummary, StoreError> {
    use rayon::prelude::*;
    const CHUNK: usize = 256;

    let reader = Store::open_existing(db)?;
    let mut writer = Store::open_existing(db)?;
    on_event(Event::Discovered { sources: reader.stats()?.raw_records as usize });
    let mut summary = ReprocessSummary::default();
    let mut records = reader.iter_raw_records();
    loop {
        let chunk = records.by_ref().take(CHUNK).collect::<Result<Vec<_>, _>>()?;
        if chunk.is_empty() {
            break;
        }
        let extracted: Vec<_> = chunk
            .into_par_iter()
            .map(|(_, record)| {
                let result = wirewatch_extract::extract(&record);
                on_event(Event::SourceDone);
                result
            })
            .collect();
        let mut batch = writer.batch()?;
        for result in extracted {
            match result {
                Ok(new) => {
                    if reader.document(new.document.id.as_str())?.as_ref() == Some(&new.document) {
                        summary.unchanged += 1;
                    } else {
                        batch.replace_document_with_diagnostics(&new.document, &new.diagnostics)?;
                        summary.reprocessed += 1;
                    }
                }
                Err(diagnostic) => summary.failures.push(diagnostic),
            }
        }
        batch.commit()?;
    }
    retry_failures(&reader, &mut writer, &mut summary)?;
    Ok(summary)
}

/// Runs every failed input whose raw bytes were kept through ingest and
/// extract again. A failure is cleared only when its whole input now becomes
/// documents; otherwise it stays recorded as it was.
fn retry_failures(
    reader: &Store,
    writer: &mut Store,
    summary: &mut ReprocessSummary,
) -> Result<(), StoreError> {
    let options = IngestOptions::default();
    for failure in reader.failure_details()? {
        let Diagnostic { source, message, .. } = &failure.diagnostic;
        let Some(raw) = reader.failure_raw(source, message)? else { continue };
        let mut items = Vec::new();
        wirewatch_ingest::read_stream(source, raw.as_slice(), &options, &mut |item| items.push(item));
        let expected = items.len();
        let mut recovered = Vec::with_capacity(expected);
        for item in items {
            let Item::Record(mut record) = item else { break };
            if expected == 1 {
                // One record from one failed input: it keeps that input's name.
                record.source.clone_from(source);
            }
            let Ok(Extracted { document, diagnostics }) = wirewatch_extract::extract(&record) else { break };
            recovered.push(Prepared::new(record, document, diagnostics)?);
        }
        if recovered.is_empty() || recovered.len() != expected {
            summary.still_failing += 1;
            continue;
        }
        let mut batch = writer.batch()?;
        for prepared in &recovered {
            batch.put_prepared(prepared)?;
        }
        batch.clear_failure(source, message)?;
        batch.commit()?;
        summary.recovered += 1;
    }
    Ok(())
}
