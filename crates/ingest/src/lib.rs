//! The input stage of wirewatch: turns files, directories, stdin, URLs and
//! feeds into a stream of [`RawRecord`]s or per-input failures.
//!
//! Ingest never extracts text and never touches storage. It only finds out
//! what an input is (by extension *and* by sniffing the first bytes; content
//! wins when the two clearly disagree), splits containers into records and
//! hands each record, still in its original encoding, to a sink.
//!
//! * [`discover`] expands [`Input`]s (paths, `-`, URLs, feeds) into
//!   [`Source`]s, walking directories recursively in sorted order.
//! * [`read_source`] reads one [`Source`] and calls the sink once per
//!   [`Item`]: a [`RawRecord`] or a failure with a [`Diagnostic`].
//! * [`parse_jsonl`], [`parse_warc`] and [`parse_feed`] are the in-memory (or
//!   streaming) container parsers, public so they can be fuzzed directly.
//!
//! Formats: plain text, HTML/XHTML, JSONL (and a single `.json` article or
//! array of articles), WARC (CC-NEWS style, plain or multi-member gzip),
//! RSS 2.0 / RSS 1.0 / Atom, gzip of any of these, and http(s) URLs.
//!
//! Limits: a plain document may be at most [`IngestOptions::max_bytes`]; in
//! containers (WARC, JSONL) the limit applies per record, and containers are
//! streamed, so a 1 GB WARC file never sits in memory. Decompression is
//! capped too, so a zip bomb cannot exhaust memory.

#![deny(missing_docs)]

mod feed;
mod fetch;
mod io_util;
mod json;
mod sniff;
mod stream;
mod warc;

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use feed::parse_feed;
pub use json::parse_jsonl;
pub use sniff::{sniff, Format, SNIFF_BYTES};
pub use warc::parse_warc;
pub use wirewatch_model::{ContentKind, Diagnostic, Hints, RawRecord};

/// How URLs are fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// Time allowed for one whole request, body included (default 30 s).
    pub timeout: Duration,
    /// Largest response body accepted (default 10 MiB).
    pub max_bytes: u64,
    /// Most redirects followed for one request (default 5).
    pub max_redirects: u32,
    /// The `User-Agent` sent with every request; honest by default.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            max_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            user_agent: format!(
                "wirewatch/{} (+https://example.invalid/wirewatch)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// Limits and settings for reading inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestOptions {
    /// Largest plain file, and largest record inside a container (JSONL
    /// line, WARC record, decompressed gzip), in bytes (default 50 MiB).
    pub max_bytes: u64,
    /// How URLs and feeds are fetched.
    pub fetch: FetchOptions,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { max_bytes: 50 * 1024 * 1024, fetch: FetchOptions::default() }
    }
}

/// One command-line input, before discovery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory (walked recursively).
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// An http(s) URL to fetch.
    Url(String),
    /// A feed (http(s) URL or local path) whose item links are fetched.
    Feed(String),
}

impl Input {
    /// Classifies a command-line argument: `-` is stdin, `http://` and
    /// `https://` are URLs, anything else is a path.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else if is_http_url(arg) {
            Input::Url(arg.to_string())
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// Parses a URL list (one URL per line; blank lines and `#` comments are
/// skipped) into [`Input::Url`]s, so a list of links can be ingested and
/// re-ingested (already stored URLs are not fetched again).
pub fn url_list(text: &str) -> Vec<Input> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| Input::Url(line.to_string()))
        .collect()
}

/// One readable input, after discovery.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A regular file.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// An http(s) URL.
    Url(String),
    /// A feed whose item links are fetched.
    Feed(String),
}

impl Source {
    /// The name used in messages and record sources: the path, `-` or the URL.
    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => "-".to_string(),
            Source::Url(url) | Source::Feed(url) => url.clone(),
        }
    }
}

/// What reading a source yields, one per record or failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A record for extract.
    Record(RawRecord),
    /// An input (or part of one) that could not be read.
    Failed {
        /// What went wrong, naming the input (`path`, `path:LINE`, `path#N`, URL).
        diagnostic: Diagnostic,
        /// The bytes of the failed input when small enough (≤ `max_bytes`),
        /// so they can be kept and re-processed later.
        raw: Option<Vec<u8>>,
    },
}

impl Item {
    /// A failure with severity error.
    pub fn failed(source: impl Into<String>, message: impl Into<String>, raw: Option<Vec<u8>>) -> Item {
        Item::Failed { diagnostic: Diagnostic::error(source, message), raw }
    }
}

/// Whether `text` is an http(s) URL (scheme compared case-insensitively).
pub fn is_http_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Expands inputs into sources.
///
/// Directories are walked recursively; their files come out sorted by path,
/// so runs are deterministic. Hidden files and directories (name starting
/// with `.`) are skipped while walking, but a hidden file named explicitly is
/// read. A path given twice is read once. A missing path gives an error
/// diagnostic naming it; the other inputs are still returned.
pub fn discover(inputs: &[Input]) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen: HashSet<Source> = HashSet::new();
    let mut push = |source: Source, sources: &mut Vec<Source>| {
        if seen.insert(source.clone()) {
            sources.push(source);
        }
    };
    for input in inputs {
        match input {
            Input::Path(path) => match fs::metadata(path) {
                Ok(meta) if meta.is_dir() => {
                    for file in walk(path, &mut diagnostics) {
                        push(Source::File(file), &mut sources);
                    }
                }
                Ok(_) => push(Source::File(path.clone()), &mut sources),
                Err(err) => diagnostics.push(Diagnostic::error(path.display().to_string(), io_message(&err))),
            },
            Input::Stdin => push(Source::Stdin, &mut sources),
            Input::Url(url) => push(Source::Url(url.clone()), &mut sources),
            Input::Feed(feed) => push(Source::Feed(feed.clone()), &mut sources),
        }
    }
    (sources, diagnostics)
}

/// All non-hidden regular files below `root`, sorted by path. Iterative (no
/// recursion), and symlinked directories are visited once, so neither deep
/// trees nor symlink loops can hurt.
fn walk(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let canonical = fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !visited.insert(canonical) {
            continue;
        }
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                diagnostics.push(Diagnostic::error(dir.display().to_string(), io_message(&err)));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    diagnostics.push(Diagnostic::error(dir.display().to_string(), io_message(&err)));
                    continue;
                }
            };
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            // fs::metadata follows symlinks: a link to a file is read, a
            // link to a directory is walked (once, see `visited`).
            match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => pending.push(path),
                Ok(meta) if meta.is_file() => files.push(path),
                Ok(_) => {} // sockets, fifos, devices: not documents
                Err(err) => {
                    diagnostics.push(Diagnostic::warning(path.display().to_string(), io_message(&err)))
                }
            }
        }
    }
    files.sort();
    files
}

/// A short reason for an I/O error, without the OS error number noise.
pub(crate) fn io_message(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {err}"),
    }
}

/// Reads one source and hands every record or failure to `sink`.
///
/// `already_fetched(url)` is answered by the caller (from its store): a URL
/// for which it returns `true` is not fetched again and yields no item, so a
/// re-run of a feed or URL list fetches only what is new. Never panics on
/// bad input; every problem becomes an [`Item::Failed`].
pub fn read_source(
    source: &Source,
    opts: &IngestOptions,
    already_fetched: &dyn Fn(&str) -> bool,
    sink: &mut dyn FnMut(Item),
) {
    match source {
        Source::File(path) => read_file(path, opts, sink),
        Source::Stdin => read_stream("-", io::stdin().lock(), opts, sink),
        Source::Url(url) => fetch::read_url(url, opts, already_fetched, sink),
        Source::Feed(feed) => fetch::read_feed(feed, opts, already_fetched, sink),
    }
}

/// Reads any byte stream the way stdin is read: the format is sniffed from
/// the content, containers (WARC, JSONL, gzip) are streamed, anything else
/// is read up to `max_bytes`. Records are named `name`, `name:LINE` or
/// `name#N`. Useful for pipes and for tests of the stdin path.
pub fn read_stream(name: &str, reader: impl io::Read, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    let reader = BufReader::with_capacity(stream::BUFFER, reader);
    let ctx = stream::Ctx::new(name, opts);
    stream::process(&ctx, Box::new(reader), sink);
}

/// Reads a local file: size and emptiness are checked from metadata before
/// any byte is read.
fn read_file(path: &Path, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    let name = path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => return sink(Item::failed(name, io_message(&err), None)),
    };
    if meta.is_dir() {
        return sink(Item::failed(name, "is a directory", None));
    }
    // Only regular files have a meaningful length; a fifo or /dev/stdin reports 0.
    let size = meta.is_file().then_some(meta.len());
    if size == Some(0) {
        return sink(Item::failed(name, "empty file", None));
    }
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(err) => return sink(Item::failed(name, io_message(&err), None)),
    };
    let mut ctx = stream::Ctx::new(&name, opts);
    ctx.hint = Format::from_path(path);
    ctx.inner_hint = inner_hint(path);
    ctx.size = size;
    stream::process(&ctx, Box::new(BufReader::with_capacity(stream::BUFFER, file)), sink);
}

/// The format named by the extension under `.gz` (`a.warc.gz` → WARC).
fn inner_hint(path: &Path) -> Option<Format> {
    let stem = path.file_stem()?;
    Format::from_path(Path::new(stem))
}

/// Formats a byte count for messages: `200.0 MB` (MiB-based, as `--max-bytes`
/// defaults are), `12.5 KB`, or `812 bytes`.
pub fn format_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let value = bytes as f64;
    if value >= KIB * KIB {
        format!("{:.1} MB", value / (KIB * KIB))
    } else if value >= KIB {
        format!("{:.1} KB", value / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Formats a duration for messages: `30 s`, `1.5 s`, `0.25 s`.
pub(crate) fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if duration.subsec_nanos() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        let text = format!("{secs:.3}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        format!("{text} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_arg_classifies() {
        assert_eq!(Input::from_arg("-"), Input::Stdin);
        assert_eq!(Input::from_arg("https://x.invalid/a"), Input::Url("https://x.invalid/a".into()));
        assert_eq!(Input::from_arg("HTTP://x.invalid/"), Input::Url("HTTP://x.invalid/".into()));
        assert_eq!(Input::from_arg("http"), Input::Path(PathBuf::from("http")));
        assert_eq!(Input::from_arg("dir/a.txt"), Input::Path(PathBuf::from("dir/a.txt")));
    }

    #[test]
    fn sizes_and_durations_read_well() {
        assert_eq!(format_size(200 * 1024 * 1024), "200.0 MB");
        assert_eq!(format_size(50 * 1024 * 1024), "50.0 MB");
        assert_eq!(format_size(1536), "1.5 KB");
        assert_eq!(format_size(12), "12 bytes");
        assert_eq!(format_duration(Duration::from_secs(30)), "30 s");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(format_duration(Duration::from_millis(250)), "0.25 s");
    }

    #[test]
    fn url_list_skips_comments() {
        let inputs = url_list("# news\nhttps://a.invalid/1\n\n  https://a.invalid/2  \n");
        assert_eq!(
            inputs,
            vec![Input::Url("https://a.invalid/1".into()), Input::Url("https://a.invalid/2".into())]
        );
    }
}
