//! The wirewatch pipeline, wired from its stages.
//!
//! Each stage lives in its own crate and knows nothing of the others; this
//! crate is the only place that connects them:
//!
//! ```text
//! ingest (inputs → RawRecord) → extract (RawRecord → Document) → analyse (layers)
//!        → store (SQLite) → export (JSON)
//! ```
//!
//! [`process`] is the one way a record becomes a document (extraction, then
//! the analysis layers); ingest, reprocess and the retry of kept failures all
//! go through it. `main.rs` parses arguments and prints; everything it runs
//! is here so that tests drive the same code paths as the command line.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use rayon::iter::{ParallelBridge, ParallelIterator};
use wirewatch_analyse::Analyser;
use wirewatch_extract::Extracted;
use wirewatch_ingest::{IngestOptions, Input, Item};
use wirewatch_model::{Diagnostic, Document, RawRecord, Severity};
use wirewatch_store::{Fetched, Prepared, PutOutcome, Store};

pub use wirewatch_store::StoreError;

/// The analysers, built once per process on first use and shared by every
/// worker thread; `Err` holds why they could not be built.
static ANALYSER: OnceLock<Result<Analyser, String>> = OnceLock::new();

/// The process-wide [`Analyser`], or why it could not be built (a shipped
/// grammar is broken: a bug, reported on every document rather than fatal).
pub fn analyser() -> Result<&'static Analyser, &'static str> {
    ANALYSER
        .get_or_init(|| Analyser::new().map_err(|err| format!("the analysers could not be built: {err}")))
        .as_ref()
        .map_err(String::as_str)
}

/// Turns a raw record into a document: extraction, then the analysis layers
/// (sentences, time expressions, publication window).
///
/// Analysis only adds to a document, so it never costs one: when the
/// analysers cannot be built, or fail on this document, the document keeps
/// empty layers and a warning diagnostic says why. Extraction failures are
/// the `Err`, as from [`wirewatch_extract::extract`].
pub fn process(record: &RawRecord) -> Result<Extracted, Diagnostic> {
    process_with(record, analyser())
}

/// [`process`] with a given analyser (or the reason there is none).
fn process_with(record: &RawRecord, analyser: Result<&Analyser, &str>) -> Result<Extracted, Diagnostic> {
    let mut extracted = wirewatch_extract::extract(record)?;
    if let Err(reason) = analyse_into(&mut extracted.document, analyser) {
        extracted.diagnostics.push(Diagnostic::warning(&record.source, reason));
    }
    Ok(extracted)
}

/// Sets `document.layers` from `analyser`; on failure leaves them empty and
/// returns why.
fn analyse_into(document: &mut Document, analyser: Result<&Analyser, &str>) -> Result<(), String> {
    let analyser = analyser.map_err(|reason| format!("not analysed: {reason}"))?;
    // The analysers promise not to panic; should one still do so on some
    // document, that document is stored unanalysed instead of the whole run
    // dying (the panic message is printed by the default hook).
    match catch_unwind(AssertUnwindSafe(|| analyser.analyse(document))) {
        Ok(layers) => {
            document.layers = layers;
            Ok(())
        }
        Err(_) => Err("not analysed: the analysers failed on this document (a bug; please report it)".into()),
    }
}

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
        Item::Record(record) => match process(&record) {
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

/// The result of re-running extraction and analysis over the stored raw records.
#[derive(Debug, Default, Clone)]
pub struct ReprocessSummary {
    /// Documents whose extraction or analysis layers were replaced.
    pub reprocessed: usize,
    /// Documents whose new extraction and layers are identical to the stored ones.
    pub unchanged: usize,
    /// Raw records that no longer extract, with the reason.
    pub failures: Vec<Diagnostic>,
    /// Kept failed inputs whose raw bytes now become documents (the failure is cleared).
    pub recovered: usize,
    /// Kept failed inputs that still fail (left recorded as they were).
    pub still_failing: usize,
}

/// Re-runs extraction and analysis over every raw record kept in the store,
/// so documents ingested by an older version benefit from a newer extractor
/// and newer analysers (a document counts as unchanged only when its text,
/// metadata and layers all are). Streams the store in chunks, so memory
/// stays flat however large it is.
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
                let result = process(&record);
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
            let Ok(Extracted { document, diagnostics }) = process(&record) else { break };
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

/// The two layouts of `wirewatch export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportLayout {
    /// One pretty-printed JSON object.
    Json,
    /// One tagged JSON object per line.
    Jsonl,
}

/// Writes the whole store as an export: every document (ordered by id),
/// then every mention, then every time expression, then every quote. Four
/// passes over the store, the later three reading only the layers, so memory
/// stays flat however large the store is (the writers' one-pass `document`
/// keeps every mention, time expression and quote until the end).
pub fn export(store: &Store, layout: ExportLayout, mut out: impl Write) -> std::io::Result<()> {
    match layout {
        ExportLayout::Json => export_in_passes(store, wirewatch_export::JsonWriter::new(&mut out)?)?,
        ExportLayout::Jsonl => export_in_passes(store, wirewatch_export::JsonlWriter::new(&mut out)?)?,
    }
    out.flush()
}

/// What [`export_in_passes`] needs of a format writer.
trait ExportSink {
    fn document(&mut self, document: &wirewatch_export::DocumentV1) -> std::io::Result<()>;
    fn mention(&mut self, mention: &wirewatch_export::MentionV1) -> std::io::Result<()>;
    fn timex(&mut self, timex: &wirewatch_export::TimexV1) -> std::io::Result<()>;
    fn quote(&mut self, quote: &wirewatch_export::QuoteV1) -> std::io::Result<()>;
    fn end(self) -> std::io::Result<()>;
}

impl<W: Write> ExportSink for wirewatch_export::JsonWriter<W> {
    fn document(&mut self, document: &wirewatch_export::DocumentV1) -> std::io::Result<()> {
        self.document_v1(document)
    }
    fn mention(&mut self, mention: &wirewatch_export::MentionV1) -> std::io::Result<()> {
        wirewatch_export::JsonWriter::mention(self, mention)
    }
    fn timex(&mut self, timex: &wirewatch_export::TimexV1) -> std::io::Result<()> {
        wirewatch_export::JsonWriter::timex(self, timex)
    }
    fn quote(&mut self, quote: &wirewatch_export::QuoteV1) -> std::io::Result<()> {
        wirewatch_export::JsonWriter::quote(self, quote)
    }
    fn end(self) -> std::io::Result<()> {
        self.finish().map(drop)
    }
}

impl<W: Write> ExportSink for wirewatch_export::JsonlWriter<W> {
    fn document(&mut self, document: &wirewatch_export::DocumentV1) -> std::io::Result<()> {
        self.document_v1(document)
    }
    fn mention(&mut self, mention: &wirewatch_export::MentionV1) -> std::io::Result<()> {
        wirewatch_export::JsonlWriter::mention(self, mention)
    }
    fn timex(&mut self, timex: &wirewatch_export::TimexV1) -> std::io::Result<()> {
        wirewatch_export::JsonlWriter::timex(self, timex)
    }
    fn quote(&mut self, quote: &wirewatch_export::QuoteV1) -> std::io::Result<()> {
        wirewatch_export::JsonlWriter::quote(self, quote)
    }
    fn end(self) -> std::io::Result<()> {
        self.finish().map(drop)
    }
}

/// Documents, then mentions, then time expressions, then quotes, each
/// section its own pass over the store, because the format puts every
/// document's mentions after all documents, its time expressions after all
/// mentions and its quotes after all time expressions.
fn export_in_passes(store: &Store, mut sink: impl ExportSink) -> std::io::Result<()> {
    let store_error = |err: StoreError| std::io::Error::other(err.to_string());
    for document in store.iter_documents() {
        sink.document(&wirewatch_export::DocumentV1::from(&document.map_err(store_error)?))?;
    }
    for row in store.iter_layers() {
        let (id, layers) = row.map_err(store_error)?;
        for mention in wirewatch_export::MentionV1::of_layers(id.as_str(), &layers) {
            sink.mention(&mention)?;
        }
    }
    for row in store.iter_layers() {
        let (id, layers) = row.map_err(store_error)?;
        for timex in wirewatch_export::TimexV1::of_layers(id.as_str(), &layers) {
            sink.timex(&timex)?;
        }
    }
    for row in store.iter_layers() {
        let (id, layers) = row.map_err(store_error)?;
        for quote in wirewatch_export::QuoteV1::of_layers(id.as_str(), &layers) {
            sink.quote(&quote)?;
        }
    }
    sink.end()
}

pub mod train;

/// One row of `wirewatch quotes`: a quote as exported, with the name its
/// speaker resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRow {
    /// The quote: its document id (`doc`), kind, text, offsets, cue and the
    /// speaker as written (`speaker.text`).
    pub quote: wirewatch_export::QuoteV1,
    /// Who the speaker is: the text of the mention it resolves to, and for
    /// a role standing next to a name ("Kremlchef Wladimir Putin") that
    /// person's name; `None` when the speaker is not resolved to a mention.
    pub speaker_resolved: Option<String>,
}

/// Every quote in the store, in document order (by id), then text order;
/// with `speaker`, only those whose speaker matches it (see
/// [`speaker_matches`]) by the resolved name or as written. Reads only the
/// layers, one document at a time, so memory stays flat.
pub fn quotes<'s>(
    store: &'s Store,
    speaker: Option<&str>,
) -> impl Iterator<Item = Result<QuoteRow, StoreError>> + 's {
    let wanted = speaker.map(str::to_string);
    store.iter_layers().flat_map(move |row| -> Vec<Result<QuoteRow, StoreError>> {
        let (id, layers) = match row {
            Ok(row) => row,
            Err(error) => return vec![Err(error)],
        };
        quote_rows(id.as_str(), &layers)
            .filter(|row| match &wanted {
                None => true,
                Some(name) => {
                    row.speaker_resolved.as_deref().is_some_and(|resolved| speaker_matches(name, resolved))
                        || row.quote.speaker.as_ref().is_some_and(|s| speaker_matches(name, &s.text))
                }
            })
            .map(Ok)
            .collect()
    })
}

/// The quotes of one document's layers as rows, in the export's order.
fn quote_rows<'a>(doc: &'a str, layers: &'a wirewatch_model::Layers) -> impl Iterator<Item = QuoteRow> + 'a {
    // `QuoteV1::of_layers` sorts stably by (start, end); the same sort here
    // pairs each exported quote with its model quote.
    let mut order: Vec<&wirewatch_model::Quote> = layers.quotes.iter().collect();
    order.sort_by_key(|quote| (quote.start, quote.end));
    wirewatch_export::QuoteV1::of_layers(doc, layers).zip(order).map(|(quote, model)| QuoteRow {
        quote,
        speaker_resolved: model
            .speaker
            .as_ref()
            .and_then(|speaker| resolved_speaker(speaker, &layers.mentions))
            .map(str::to_string),
    })
}

/// The name a quote's speaker resolves to: the text of its mention, or for a
/// role linked to a person ("Kremlchef" → "Wladimir Putin") the person's.
/// `None` when the speaker has no mention or its index points nowhere.
pub fn resolved_speaker<'a>(
    speaker: &wirewatch_model::Speaker,
    mentions: &'a [wirewatch_model::Mention],
) -> Option<&'a str> {
    let mention = mentions.get(speaker.mention?)?;
    let person = match mention.kind {
        wirewatch_model::MentionType::Role => mention.role_of.and_then(|index| mentions.get(index)),
        _ => None,
    };
    Some(person.unwrap_or(mention).text.as_str())
}

/// Whether the name `query` picks out `candidate` (a speaker's name): the
/// words of the query appear in the candidate in a row, so "Putin" and
/// "wladimir putin" match "Wladimir Putin" but "Put" does not. Case and
/// diacritics are ignored, and German umlauts also match their
/// transliteration ("Müller", "Muller" and "Mueller" match each other). A
/// query without letters or digits matches nothing.
pub fn speaker_matches(query: &str, candidate: &str) -> bool {
    [Folding::Strip, Folding::Transliterate].into_iter().any(|folding| {
        let needle = folded_words(query, folding);
        let haystack = folded_words(candidate, folding);
        !needle.is_empty() && haystack.windows(needle.len()).any(|window| window == needle.as_slice())
    })
}

/// How [`folded_words`] spells letters with diacritics.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Folding {
    /// Drop the diacritic: "ü" → "u".
    Strip,
    /// German transliteration for umlauts ("ü" → "ue"); other diacritics dropped.
    Transliterate,
}

/// The words of `text` (runs of letters and digits), lowercased and folded.
fn folded_words(text: &str, folding: Folding) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            match fold_letter(c, folding) {
                Some(plain) => word.push_str(plain),
                None => word.push(c),
            }
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The plain spelling of a lowercase Latin letter with a diacritic, or
/// `None` for any other character (kept as it is).
fn fold_letter(c: char, folding: Folding) -> Option<&'static str> {
    let transliterate = folding == Folding::Transliterate;
    Some(match c {
        'ä' if transliterate => "ae",
        'ö' if transliterate => "oe",
        'ü' if transliterate => "ue",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ũ' | 'ü' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

pub mod show {
    //! `wirewatch show DOC --time` / `--entities` / `--quotes`: a document's
    //! text with every time expression, entity mention and/or quote marked,
    //! then a table of each, and the publication date or estimated window.
    //! Marks are ANSI colour on a terminal, `[[text]]{LABEL}` elsewhere, so
    //! pipes and tests can read them: the label is a timex's value
    //! (`{2025-08-15}`), a mention's type (`{PER}`, `{LOC-deriv}`,
    //! `{ROLE → Wladimir Putin}`) or a quote's kind and speaker
    //! (`{direct ← Trump}`, `{direct ← der Kremlchef (Wladimir Putin)}`,
    //! `{term}`).
    //!
    //! With both time and entities, a time expression that overlaps a
    //! mention is listed in its table but not marked in the text: the entity
    //! mark wins, since a name ("Merz", "Ostern") is the rarer and more
    //! specific reading. Quotes are long, so the marks inside one (names,
    //! dates, a term in a quote) are nested in its mark instead:
    //! `[[Wir reden mit [[Putin]]{PER}]]{direct ← Trump}`. A quote that runs
    //! over several paragraphs is marked in each; a split quote
    //! (`„…“, sagte er. „…“`) is marked part by part (`{direct 1/2 ← …}`).

    use wirewatch_model::{
        Document, Mention, MentionForm, MentionType, ParagraphKind, Quote, QuoteKind, Speaker, TimexType,
    };

    /// How marked spans are shown in the text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Marking {
        /// Coloured (time expressions also underlined, quotes in italics),
        /// the label dimmed after it: for a terminal.
        Ansi,
        /// `[[am Freitag]]{2025-08-15}`, `[[Merz]]{PER}`: for pipes, files and tests.
        Plain,
    }

    /// Which analysis layers a view marks in the text and lists below it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub struct Views {
        /// Time expressions (`--time`).
        pub time: bool,
        /// Entity and role mentions (`--entities`).
        pub entities: bool,
        /// Quotations, reported speech and attributions (`--quotes`).
        pub quotes: bool,
    }

    /// The `--time` view of `document`: a short header, the text with its
    /// time expressions marked, then a table of them (number, text, type,
    /// value, mod, earliest – latest, anchor) and the publication date or window.
    pub fn render_time(document: &Document, marking: Marking) -> String {
        render_views(document, Views { time: true, ..Views::default() }, marking)
    }

    /// The `--entities` view of `document`: a short header, the text with its
    /// entity and role mentions marked (`[[Wladimir Putin]]{PER}`,
    /// `[[Kremlchef]]{ROLE → Wladimir Putin}`), then a table of them (number,
    /// type, form, confidence, text, byte span, the person a role refers to).
    pub fn render_entities(document: &Document, marking: Marking) -> String {
        render_views(document, Views { entities: true, ..Views::default() }, marking)
    }

    /// The `--quotes` view of `document`: a short header, the text with its
    /// quotes marked by kind and speaker (`[[…]]{direct ← Trump}`), then a
    /// table of them (number, kind, speaker, cue, byte span, text).
    pub fn render_quotes(document: &Document, marking: Marking) -> String {
        render_views(document, Views { quotes: true, ..Views::default() }, marking)
    }

    /// The header, the text with the chosen layers marked (mentions win where
    /// they overlap a time expression; both nest inside quotes), then a table
    /// per chosen layer: time expressions, mentions, quotes.
    pub fn render_views(document: &Document, views: Views, marking: Marking) -> String {
        let mut out = String::new();
        let field =
            |out: &mut String, name: &str, value: &str| out.push_str(&format!("{name:<10} {value}\n"));
        field(&mut out, "id", document.id.as_str());
        field(&mut out, "title", document.title.as_deref().unwrap_or("-"));
        field(&mut out, "language", document.language.as_deref().unwrap_or("-"));
        match (&document.published, &document.layers.published_window) {
            (Some(published), _) => {
                field(&mut out, "published", &format!("{} ({})", published.value, published.evidence))
            }
            (None, Some(window)) => field(
                &mut out,
                "published",
                &format!(
                    "- (estimated window {} – {}: {})",
                    window.earliest.as_deref().unwrap_or("?"),
                    window.latest.as_deref().unwrap_or("?"),
                    single_line(&window.evidence)
                ),
            ),
            (None, None) => field(&mut out, "published", "- (no date found)"),
        }
        out.push('\n');
        marked_text(document, &marks(document, views), marking, &mut out);
        let layers = &document.layers;
        if layers.is_empty() && !document.text.trim().is_empty() {
            out.push_str(
                "not analysed (stored by an older version?): run `wirewatch reprocess` to analyse it\n",
            );
            return out;
        }
        if views.time {
            if layers.timexes.is_empty() {
                out.push_str("no time expressions found\n");
            } else {
                timex_table(document, &mut out);
            }
        }
        if views.entities {
            if views.time {
                out.push('\n');
            }
            if layers.mentions.is_empty() {
                out.push_str("no entity mentions found\n");
            } else {
                mention_table(&layers.mentions, &mut out);
            }
        }
        if views.quotes {
            if views.time || views.entities {
                out.push('\n');
            }
            if layers.quotes.is_empty() {
                out.push_str("no quotes found\n");
            } else {
                quote_table(document, &mut out);
            }
        }
        out
    }

    /// What a mark looks like on a terminal.
    #[derive(Debug, Clone, Copy)]
    enum Style {
        Time,
        Entity(MentionType),
        Quote,
    }

    impl Style {
        /// The SGR parameters: time bold underlined cyan; entities bold, one
        /// colour per type (roles red, so they never read as persons);
        /// quotes italic, so the marks nested in them keep their colours.
        fn sgr(self) -> &'static str {
            match self {
                Style::Time => "1;4;36",
                Style::Entity(MentionType::Per) => "1;33",
                Style::Entity(MentionType::Loc) => "1;32",
                Style::Entity(MentionType::Org) => "1;35",
                Style::Entity(MentionType::Oth) => "1;34",
                Style::Entity(MentionType::Role) => "1;31",
                Style::Quote => "3",
            }
        }
    }

    /// A span of the text to mark, with the label shown after it.
    struct Mark {
        start: usize,
        end: usize,
        label: String,
        style: Style,
    }

    impl Mark {
        /// Whether other marks may lie inside this one: only a quote's may.
        fn nests(&self) -> bool {
            matches!(self.style, Style::Quote)
        }

        /// The order marks are applied in: by start; at the same start a
        /// quote (which may hold the other) first, the longest quote first.
        fn order(&self) -> (usize, u8, usize) {
            if self.nests() {
                (self.start, 0, usize::MAX - self.end)
            } else {
                (self.start, 1, self.end)
            }
        }
    }

    /// The marks of the chosen layers, in the order they are applied.
    fn marks(document: &Document, views: Views) -> Vec<Mark> {
        let layers = &document.layers;
        let mut marks = Vec::new();
        if views.entities {
            for mention in &layers.mentions {
                marks.push(Mark {
                    start: mention.start,
                    end: mention.end,
                    label: mention_label(mention, &layers.mentions),
                    style: Style::Entity(mention.kind),
                });
            }
        }
        if views.time {
            // Only mentions that can be marked at all keep a timex unmarked.
            let markable: Vec<&Mention> = if views.entities {
                layers.mentions.iter().filter(|m| document.text.get(m.start..m.end).is_some()).collect()
            } else {
                Vec::new()
            };
            for timex in &layers.timexes {
                if markable.iter().any(|m| m.start < timex.end && timex.start < m.end) {
                    continue;
                }
                marks.push(Mark {
                    start: timex.start,
                    end: timex.end,
                    label: single_line(&timex.value),
                    style: Style::Time,
                });
            }
        }
        if views.quotes {
            let paragraphs = paragraphs(document);
            for quote in &layers.quotes {
                let whole = [wirewatch_model::TextRange { start: quote.start, end: quote.end }];
                let parts = if quote.parts.is_empty() { &whole[..] } else { &quote.parts[..] };
                for (index, part) in parts.iter().enumerate() {
                    let label = quote_label(quote, index, parts.len(), &layers.mentions);
                    // A part is marked in every paragraph it covers; one that
                    // covers none (bad offsets) stays whole, to be left out later.
                    let mut pieces: Vec<(usize, usize)> = paragraphs
                        .iter()
                        .filter(|p| p.start < part.end && part.start < p.end)
                        .map(|p| (part.start.max(p.start), part.end.min(p.end)))
                        .collect();
                    if pieces.is_empty() {
                        pieces.push((part.start, part.end));
                    }
                    for (start, end) in pieces {
                        marks.push(Mark { start, end, label: label.clone(), style: Style::Quote });
                    }
                }
            }
        }
        marks.sort_by_key(Mark::order);
        marks
    }

    /// The document's paragraphs, or the whole text as one when it has none.
    fn paragraphs(document: &Document) -> Vec<wirewatch_model::Paragraph> {
        if document.paragraphs.is_empty() {
            vec![wirewatch_model::Paragraph {
                start: 0,
                end: document.text.len(),
                kind: ParagraphKind::Paragraph,
            }]
        } else {
            document.paragraphs.clone()
        }
    }

    /// `PER`, `LOC-deriv` (GermEval's spelling of the form), or for a role
    /// with its person `ROLE → Wladimir Putin`.
    fn mention_label(mention: &Mention, mentions: &[Mention]) -> String {
        let mut label = mention.kind.as_str().to_string();
        if let Some(form) = mention.form {
            label.push('-');
            label.push_str(form_name(form));
        }
        if let Some(person) = mention.role_of.and_then(|index| mentions.get(index)) {
            label.push_str(" → ");
            label.push_str(&single_line(&person.text));
        }
        label
    }

    fn form_name(form: MentionForm) -> &'static str {
        match form {
            MentionForm::Deriv => "deriv",
            MentionForm::Part => "part",
        }
    }

    /// `direct`, `term`, …; `direct 1/2` for the first of two parts; then
    /// `← speaker` when there is one.
    fn quote_label(quote: &Quote, part: usize, parts: usize, mentions: &[Mention]) -> String {
        let mut label = quote_kind_name(quote.kind).to_string();
        if parts > 1 {
            label.push_str(&format!(" {}/{parts}", part + 1));
        }
        if let Some(speaker) = &quote.speaker {
            label.push_str(" ← ");
            label.push_str(&speaker_label(speaker, mentions));
        }
        label
    }

    /// The speaker as written, and the name it resolves to in parentheses
    /// when that says more: `der Kremlchef (Wladimir Putin)`, `er (Trump)`,
    /// but `der Kremlchef` when it resolves to "Kremlchef" itself.
    fn speaker_label(speaker: &Speaker, mentions: &[Mention]) -> String {
        let written = single_line(&speaker.text);
        match super::resolved_speaker(speaker, mentions).map(single_line) {
            Some(resolved) if !super::speaker_matches(&resolved, &written) => {
                format!("{written} ({resolved})")
            }
            _ => written,
        }
    }

    fn quote_kind_name(kind: QuoteKind) -> &'static str {
        match kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Term => "term",
            QuoteKind::Attribution => "attribution",
        }
    }

    /// The paragraphs with the marks applied. A mark is applied in the
    /// paragraph it starts in (quotes were cut at paragraph ends before); one
    /// that overlaps an earlier mark without lying inside a quote, or whose
    /// offsets do not fit the text (a damaged store), is left out, listed in
    /// its table only.
    fn marked_text(document: &Document, marks: &[Mark], marking: Marking, out: &mut String) {
        for paragraph in paragraphs(document) {
            let line = marked_paragraph(&document.text, paragraph.start, paragraph.end, marks, marking);
            match paragraph.kind {
                ParagraphKind::Heading => out.push_str(&format!("## {line}\n\n")),
                ParagraphKind::Item => out.push_str(&format!("  • {line}\n\n")),
                ParagraphKind::Quote => out.push_str(&format!("  > {line}\n\n")),
                _ => out.push_str(&format!("{line}\n\n")),
            }
        }
    }

    /// `text[start..end]` with the marks that start in it applied. The marks
    /// open at a point form a stack (a quote, a name inside it), kept
    /// explicitly so no input can make it recurse.
    fn marked_paragraph(text: &str, start: usize, end: usize, marks: &[Mark], marking: Marking) -> String {
        let mut line = String::new();
        let mut open: Vec<(usize, &Mark)> = Vec::new();
        let mut position = start;
        for mark in marks.iter().filter(|m| m.start >= start && m.start < end) {
            let mark_end = mark.end.min(end);
            if text.get(mark.start..mark_end).is_none() {
                continue;
            }
            close_marks(text, mark.start, &mut open, &mut position, marking, &mut line);
            if mark.start < position {
                continue;
            }
            if let Some(&(outer_end, outer)) = open.last() {
                if !(outer.nests() && mark_end <= outer_end) {
                    continue;
                }
            }
            push_text(text, position, mark.start, &open, marking, &mut line);
            if marking == Marking::Plain {
                line.push_str("[[");
            }
            position = mark.start;
            open.push((mark_end, mark));
        }
        close_marks(text, usize::MAX, &mut open, &mut position, marking, &mut line);
        push_text(text, position, end, &open, marking, &mut line);
        line
    }

    /// Closes the open marks that end at or before `limit`, innermost first,
    /// writing the text up to each end and then its label.
    fn close_marks(
        text: &str,
        limit: usize,
        open: &mut Vec<(usize, &Mark)>,
        position: &mut usize,
        marking: Marking,
        line: &mut String,
    ) {
        while let Some(&(end, mark)) = open.last() {
            if end > limit {
                break;
            }
            push_text(text, *position, end, open, marking, line);
            open.pop();
            *position = end.max(*position);
            match marking {
                Marking::Ansi => line.push_str(&format!("\x1b[2m{{{}}}\x1b[0m", mark.label)),
                Marking::Plain => line.push_str(&format!("]]{{{}}}", mark.label)),
            }
        }
    }

    /// Writes `text[from..to]` styled as the marks open around it.
    fn push_text(
        text: &str,
        from: usize,
        to: usize,
        open: &[(usize, &Mark)],
        marking: Marking,
        line: &mut String,
    ) {
        let segment = clean(text.get(from..to).unwrap_or(""), marking);
        if segment.is_empty() {
            return;
        }
        if marking == Marking::Ansi && !open.is_empty() {
            // A term inside a quote is italic once, not twice.
            let mut style: Vec<&str> = Vec::new();
            for sgr in open.iter().map(|(_, mark)| mark.style.sgr()) {
                if !style.contains(&sgr) {
                    style.push(sgr);
                }
            }
            line.push_str(&format!("\x1b[{}m{segment}\x1b[0m", style.join(";")));
        } else {
            line.push_str(&segment);
        }
    }

    /// On a terminal, control characters from the document (an escape
    /// sequence in a scraped page) must not drive the terminal.
    fn clean(text: &str, marking: Marking) -> String {
        match marking {
            Marking::Ansi => {
                text.chars().map(|c| if c.is_control() && c != '\n' && c != '\t' { ' ' } else { c }).collect()
            }
            Marking::Plain => text.to_string(),
        }
    }

    /// Whitespace runs (newlines included) and control characters as one space.
    fn single_line(text: &str) -> String {
        text.split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `text` cut to at most `limit` characters, an ellipsis marking the cut.
    fn shortened(text: &str, limit: usize) -> String {
        if text.chars().count() <= limit {
            return text.to_string();
        }
        let mut kept: String = text.chars().take(limit.saturating_sub(1)).collect();
        kept.push('…');
        kept
    }

    /// The table of time expressions.
    fn timex_table(document: &Document, out: &mut String) {
        let timexes = &document.layers.timexes;
        let rows = timexes
            .iter()
            .enumerate()
            .map(|(index, timex)| {
                [
                    index.to_string(),
                    single_line(&timex.text),
                    TimexType::as_str(timex.kind).to_string(),
                    single_line(&timex.value),
                    timex.modifier.as_deref().map(single_line).unwrap_or_else(|| "-".into()),
                    format!(
                        "{} – {}",
                        timex.earliest.as_deref().unwrap_or("?"),
                        timex.latest.as_deref().unwrap_or("?")
                    ),
                    timex.anchor.as_deref().map(single_line).unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        out.push_str(&format!("time expressions: {}\n", timexes.len()));
        table(["#", "text", "type", "value", "mod", "earliest – latest", "anchor"], rows, out);
    }

    /// The table of mentions: number, type, form, confidence, text, byte
    /// span, and for a role the person it refers to (by number and text).
    fn mention_table(mentions: &[Mention], out: &mut String) {
        let rows = mentions
            .iter()
            .enumerate()
            .map(|(index, mention)| {
                let role_of = match mention.role_of {
                    None => "-".to_string(),
                    Some(person) => match mentions.get(person) {
                        Some(target) => format!("→ #{person} {}", single_line(&target.text)),
                        None => format!("→ #{person} (no such mention)"),
                    },
                };
                [
                    index.to_string(),
                    mention.kind.as_str().to_string(),
                    mention.form.map(form_name).unwrap_or("-").to_string(),
                    format!("{:.3}", mention.confidence),
                    single_line(&mention.text),
                    format!("{}–{}", mention.start, mention.end),
                    role_of,
                ]
            })
            .collect();
        out.push_str(&format!("entity mentions: {}\n", mentions.len()));
        table(["#", "type", "form", "conf", "text", "bytes", "role of"], rows, out);
    }

    /// The longest quote text shown in the table, in characters; the whole
    /// quote is in the marked text above it.
    const QUOTE_TEXT_LIMIT: usize = 80;

    /// The table of quotes: number, kind, speaker (as written, and resolved),
    /// cue word, byte span (and number of parts), text.
    fn quote_table(document: &Document, out: &mut String) {
        let layers = &document.layers;
        let rows = layers
            .quotes
            .iter()
            .enumerate()
            .map(|(index, quote)| {
                let speaker = match &quote.speaker {
                    Some(speaker) => speaker_label(speaker, &layers.mentions),
                    None => "-".to_string(),
                };
                let cue = match quote.cue {
                    None => "-".to_string(),
                    Some(cue) => match document.text.get(cue.start..cue.end) {
                        Some(word) => single_line(word),
                        None => format!("? ({}–{})", cue.start, cue.end),
                    },
                };
                let mut bytes = format!("{}–{}", quote.start, quote.end);
                if quote.parts.len() > 1 {
                    bytes.push_str(&format!(" ({} parts)", quote.parts.len()));
                }
                [
                    index.to_string(),
                    quote_kind_name(quote.kind).to_string(),
                    speaker,
                    cue,
                    bytes,
                    shortened(&single_line(&quote.text), QUOTE_TEXT_LIMIT),
                ]
            })
            .collect();
        out.push_str(&format!("quotes: {}\n", layers.quotes.len()));
        table(["#", "kind", "speaker", "cue", "bytes", "text"], rows, out);
    }

    /// A header and rows, columns padded to their widest cell, trailing
    /// spaces trimmed.
    fn table<const COLUMNS: usize>(header: [&str; COLUMNS], rows: Vec<[String; COLUMNS]>, out: &mut String) {
        let header = header.map(String::from);
        let mut widths = [0usize; COLUMNS];
        for row in std::iter::once(&header).chain(&rows) {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::new();
            for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
                if index > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', width.saturating_sub(cell.chars().count())));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::show::{render_time, Marking};
    use super::{process, process_with};
    use wirewatch_model::{Hints, RawRecord, Severity};

    fn record() -> RawRecord {
        RawRecord {
            source: "riga.txt".into(),
            url: None,
            kind: ContentKind::Text,
            bytes: "Riga - Die Gespräche wurden am Freitag ohne Ergebnis vertagt. Im März geht es weiter."
                .into(),
            hints: Hints { date: Some("2025-08-15".into()), ..Hints::default() },
        }
    }

    #[test]
    fn process_extracts_then_analyses() {
        let extracted = process(&record()).unwrap();
        assert_eq!(extracted.document.layers.sentences.len(), 2);
        assert!(!extracted.document.layers.timexes.is_empty());
        assert!(extracted.diagnostics.iter().all(|d| !d.message.contains("not analysed")));
    }

    #[test]
    fn without_analysers_documents_are_kept_unanalysed_with_a_warning() {
        let extracted =
            process_with(&record(), Err("the analysers could not be built: de.rules:3: bad")).unwrap();
        assert_eq!(extracted.document.layers, Layers::default());
        assert!(extracted.document.text.contains("am Freitag"), "the extraction is whole");
        let warning = extracted.diagnostics.iter().find(|d| d.message.contains("not analysed")).unwrap();
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(warning.source, "riga.txt");
        assert!(warning.message.contains("de.rules:3"), "{warning}");
        // Extraction failures stay errors, analysers or not.
        let empty = RawRecord { bytes: Vec::new(), ..record() };
        assert!(process_with(&empty, Err("x")).is_err());
    }
    use wirewatch_model::{
        ContentKind, DocId, Document, Layers, ParagraphKind, Published, PublishedWindow, Sentence,
        TextBuilder, Timex, TimexType,
    };

    fn timex(text: &str, needle: &str, kind: TimexType, value: &str) -> Timex {
        let start = text.find(needle).expect("needle in text");
        Timex {
            start,
            end: start + needle.len(),
            text: needle.into(),
            kind,
            value: value.into(),
            modifier: None,
            earliest: None,
            latest: None,
            anchor: None,
        }
    }

    /// Umlauts before every expression, so byte and char offsets differ.
    fn document() -> Document {
        let mut builder = TextBuilder::new();
        builder.push(ParagraphKind::Heading, "Gespräche über Zölle");
        builder.push(
            ParagraphKind::Paragraph,
            "Über Zölle wurde am Freitag gesprochen, seit dreieinhalb Jahren.",
        );
        let (text, paragraphs) = builder.finish();
        let friday = Timex {
            earliest: Some("2025-08-15".into()),
            latest: Some("2025-08-15".into()),
            anchor: Some("dct".into()),
            ..timex(&text, "am Freitag", TimexType::Date, "2025-08-15")
        };
        let years = Timex {
            modifier: Some("APPROX".into()),
            ..timex(&text, "seit dreieinhalb Jahren", TimexType::Duration, "P3.5Y")
        };
        Document {
            id: DocId("0123456789abcdef".into()),
            source: "t.txt".into(),
            url: None,
            title: Some("Gespräche".into()),
            authors: vec![],
            outlet: None,
            language: Some("de".into()),
            published: Some(Published { value: "2025-08-15".into(), evidence: "jsonl:date".into() }),
            dateline: None,
            layers: Layers {
                sentences: paragraphs.iter().map(|p| Sentence { start: p.start, end: p.end }).collect(),
                timexes: vec![friday, years],
                published_window: None,
                mentions: vec![],
                quotes: vec![],
            },
            text,
            paragraphs,
            encoding: "UTF-8".into(),
            kind: ContentKind::Text,
        }
    }

    #[test]
    fn plain_marks_wrap_each_expression_with_its_value() {
        let shown = render_time(&document(), Marking::Plain);
        assert!(
            shown.contains(
                "Über Zölle wurde [[am Freitag]]{2025-08-15} gesprochen, [[seit dreieinhalb Jahren]]{P3.5Y}.\n"
            ),
            "{shown}"
        );
        assert!(shown.contains("## Gespräche über Zölle\n"), "{shown}");
        assert!(!shown.contains('\x1b'), "no escape codes in plain output");
        assert!(shown.contains("published  2025-08-15 (jsonl:date)"), "{shown}");
        // The table: a header and one aligned row per expression.
        let table: Vec<&str> = shown.lines().skip_while(|l| !l.starts_with("time expressions: 2")).collect();
        assert_eq!(table.len(), 4, "{shown}");
        assert!(table[1].starts_with("#  text"), "{}", table[1]);
        assert!(
            table[2].contains("am Freitag") && table[2].contains("2025-08-15 – 2025-08-15"),
            "{}",
            table[2]
        );
        assert!(table[2].ends_with("dct"), "{}", table[2]);
        assert!(table[3].contains("DURATION") && table[3].contains("APPROX") && table[3].contains("? – ?"));
        let value_column = table[1].find("value").unwrap();
        assert_eq!(table[2].chars().position(|c| c == '2'), Some(value_column), "columns align: {shown}");
    }

    #[test]
    fn ansi_marks_underline_and_never_pass_control_characters_through() {
        let mut doc = document();
        // An escape sequence smuggled into the text must not reach the terminal.
        // Same byte length as "Über", so the offsets stay true.
        doc.text = doc.text.replacen("Über", "\x1b[2J!", 1);
        let shown = render_time(&doc, Marking::Ansi);
        assert!(shown.contains("\x1b[1;4;36mam Freitag\x1b[0m\x1b[2m{2025-08-15}\x1b[0m"), "{shown:?}");
        assert!(!shown.contains("\x1b[2J"), "{shown:?}");
    }

    #[test]
    fn bad_spans_are_listed_but_not_marked_and_never_panic() {
        let mut doc = document();
        let text_len = doc.text.len();
        let umlaut = doc.text.find('ä').unwrap();
        let mut overlapping = doc.layers.timexes[0].clone();
        overlapping.start += 3;
        overlapping.end += 3;
        let mut inside_a_char = doc.layers.timexes[0].clone();
        (inside_a_char.start, inside_a_char.end) = (umlaut + 1, umlaut + 3);
        let mut past_the_end = doc.layers.timexes[0].clone();
        (past_the_end.start, past_the_end.end) = (text_len + 5, text_len + 9);
        doc.layers.timexes.extend([overlapping, inside_a_char, past_the_end]);
        let shown = render_time(&doc, Marking::Plain);
        assert_eq!(shown.matches("[[").count(), 2, "{shown}");
        assert!(shown.contains("time expressions: 5"), "{shown}");
    }

    #[test]
    fn undated_unanalysed_and_empty_documents_say_so() {
        let mut doc = document();
        doc.published = None;
        doc.layers.published_window = Some(PublishedWindow {
            earliest: Some("2025-01-31".into()),
            latest: None,
            evidence: "„Januar 2025“\nim Präteritum".into(),
        });
        let shown = render_time(&doc, Marking::Plain);
        assert!(
            shown.contains("published  - (estimated window 2025-01-31 – ?: „Januar 2025“ im Präteritum)"),
            "{shown}"
        );

        doc.layers = Layers::default();
        assert!(render_time(&doc, Marking::Plain).contains("run `wirewatch reprocess`"));
        doc.layers.sentences.push(Sentence { start: 0, end: 3 });
        assert!(render_time(&doc, Marking::Plain).contains("no time expressions found"));

        // No paragraphs: the whole text is shown as one.
        let mut bare = document();
        bare.paragraphs.clear();
        assert!(render_time(&bare, Marking::Plain).contains("[[am Freitag]]{2025-08-15}"));
    }
}
