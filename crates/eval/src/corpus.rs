//! Corpus detection and loading.
//!
//! Three layouts are recognised from the files in a folder (see each corpus'
//! `PROVENANCE.md` under `../shared/corpora/`):
//!
//! * `scrapinghub-aeb` — `ground-truth.json` + `html/<id>.html.gz`.
//! * `trafilatura-eval` — `evaldata.json` + `html.tar.xz` (entries
//!   `cache/<file>` and `eval/<file>`, looked up in that order) and the
//!   optional `lang-guess.json`.
//! * `wcxb-articles` — `ground-truth.tar.xz` (`{dev,test}/ground-truth/<id>.json`)
//!   + `{dev,test}/html/<id>.html.gz`.
//!
//! Archives are read in memory with pure-Rust readers; nothing is unpacked to disk.

use crate::score::MetadataGold;
use crate::EvalError;
use flate2::read::GzDecoder;
use serde_json::Value;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// Which benchmark a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CorpusKind {
    /// Scrapinghub/Zyte article-extraction benchmark (full article bodies).
    ScrapinghubAeb,
    /// Trafilatura's evaluation set (with/without snippets + metadata).
    TrafilaturaEval,
    /// WCXB, article pages (full text + metadata).
    WcxbArticles,
}

impl CorpusKind {
    /// The corpus' name in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            CorpusKind::ScrapinghubAeb => "scrapinghub-aeb",
            CorpusKind::TrafilaturaEval => "trafilatura-eval",
            CorpusKind::WcxbArticles => "wcxb-articles",
        }
    }

    /// The `--format` value `bench/extract_peers.py` expects.
    pub fn peer_format(self) -> &'static str {
        match self {
            CorpusKind::ScrapinghubAeb => "scrapinghub",
            CorpusKind::TrafilaturaEval => "trafilatura-eval",
            CorpusKind::WcxbArticles => "wcxb",
        }
    }

    /// Recognises the corpus layout of `dir` by its files.
    pub fn detect(dir: &Path) -> Result<CorpusKind, EvalError> {
        if dir.join("ground-truth.json").is_file() && dir.join("html").is_dir() {
            Ok(CorpusKind::ScrapinghubAeb)
        } else if dir.join("evaldata.json").is_file() && dir.join("html.tar.xz").is_file() {
            Ok(CorpusKind::TrafilaturaEval)
        } else if dir.join("ground-truth.tar.xz").is_file()
            && (dir.join("dev").is_dir() || dir.join("test").is_dir())
        {
            Ok(CorpusKind::WcxbArticles)
        } else {
            Err(EvalError::UnknownCorpus(dir.to_path_buf()))
        }
    }
}

/// What a page should yield, as far as the corpus says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gold {
    /// The full main text (scrapinghub-aeb `articleBody`, WCXB `main_content`).
    pub body: Option<String>,
    /// Snippets that must appear in the output (trafilatura-eval).
    pub with: Vec<String>,
    /// Snippets that must not appear (trafilatura-eval).
    pub without: Vec<String>,
    /// Title / author / date, where annotated.
    pub metadata: MetadataGold,
    /// Guessed language of the page (trafilatura-eval `lang-guess.json`).
    pub language: Option<String>,
}

/// One evaluation page: the raw bytes and its gold.
#[derive(Clone, Debug)]
pub struct Page {
    /// The corpus' key for the page (benchmark id, URL, or `dev/0001`).
    pub id: String,
    /// The page's URL, when the corpus gives it.
    pub url: Option<String>,
    /// The HTML file's name inside the corpus.
    pub file_name: String,
    /// Raw page bytes (gunzipped, otherwise untouched: any encoding).
    pub html: Vec<u8>,
    /// What the page should yield.
    pub gold: Gold,
}

/// A loaded corpus.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// Which benchmark.
    pub kind: CorpusKind,
    /// The folder it was read from.
    pub dir: PathBuf,
    /// Pages in a stable order (sorted by id), at most `limit`.
    pub pages: Vec<Page>,
    /// Gold entries whose HTML was not found (ids).
    pub missing: Vec<String>,
}

impl Corpus {
    /// Total raw HTML bytes.
    pub fn html_bytes(&self) -> usize {
        self.pages.iter().map(|page| page.html.len()).sum()
    }
}

/// Which part of a corpus to evaluate. Only WCXB has splits (its `dev/` and
/// `test/` folders); the other corpora accept only [`Split::All`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Split {
    /// Every page.
    #[default]
    All,
    /// WCXB's development pages (`dev/`): tune on these.
    Dev,
    /// WCXB's held-out pages (`test/`): report only.
    Test,
}

impl Split {
    /// Parses `dev`, `test` or `all` (`None` is `all`).
    pub fn parse(name: Option<&str>) -> Result<Split, EvalError> {
        match name.map(str::trim) {
            None | Some("all") | Some("") => Ok(Split::All),
            Some("dev") => Ok(Split::Dev),
            Some("test") => Ok(Split::Test),
            Some(other) => Err(EvalError::BadOption(format!("unknown split {other:?} (dev, test or all)"))),
        }
    }

    /// `all`, `dev` or `test`.
    pub fn name(self) -> &'static str {
        match self {
            Split::All => "all",
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }

    /// Whether a WCXB page id (`dev/<id>`, `test/<id>`) belongs to this split.
    pub fn admits(self, id: &str) -> bool {
        match self {
            Split::All => true,
            Split::Dev | Split::Test => id.split_once('/').is_some_and(|(folder, _)| folder == self.name()),
        }
    }
}

/// Detects and loads the corpus in `dir`, keeping the first `limit` pages in id order.
pub fn load_corpus(dir: &Path, limit: Option<usize>) -> Result<Corpus, EvalError> {
    load_corpus_split(dir, Split::All, limit)
}

/// Like [`load_corpus`], restricted to one split; `limit` counts pages of
/// that split. A split other than [`Split::All`] on a corpus without splits
/// is an error rather than a silently different page set.
pub fn load_corpus_split(dir: &Path, split: Split, limit: Option<usize>) -> Result<Corpus, EvalError> {
    let kind = CorpusKind::detect(dir)?;
    if split != Split::All && kind != CorpusKind::WcxbArticles {
        return Err(EvalError::BadOption(format!(
            "{} has no {} split (only wcxb-articles has dev/test)",
            kind.name(),
            split.name()
        )));
    }
    let limit = limit.unwrap_or(usize::MAX);
    let (pages, missing) = match kind {
        CorpusKind::ScrapinghubAeb => load_scrapinghub(dir, limit)?,
        CorpusKind::TrafilaturaEval => load_trafilatura_eval(dir, limit)?,
        CorpusKind::WcxbArticles => load_wcxb(dir, split, limit)?,
    };
    Ok(Corpus { kind, dir: dir.to_path_buf(), pages, missing })
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
    move |source| EvalError::Io { path: path.to_path_buf(), source }
}

fn format_error(path: &Path, message: impl Into<String>) -> EvalError {
    EvalError::Format { path: path.to_path_buf(), message: message.into() }
}

/// Reads and parses a JSON file.
pub fn read_json(path: &Path) -> Result<Value, EvalError> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    serde_json::from_slice(&bytes).map_err(|e| format_error(path, format!("invalid JSON: {e}")))
}

/// Reads a gzip file fully.
pub fn read_gzip(path: &Path) -> Result<Vec<u8>, EvalError> {
    let file = File::open(path).map_err(io_error(path))?;
    let mut out = Vec::new();
    GzDecoder::new(BufReader::new(file)).read_to_end(&mut out).map_err(io_error(path))?;
    Ok(out)
}

/// Reads every regular file of a `.tar.xz` archive into memory, keyed by its
/// path inside the archive; `keep` filters by that path before reading.
pub fn read_tar_xz(path: &Path, keep: impl Fn(&str) -> bool) -> Result<HashMap<String, Vec<u8>>, EvalError> {
    let file = File::open(path).map_err(io_error(path))?;
    let mut tar_bytes = Vec::new();
    lzma_rs::xz_decompress(&mut BufReader::new(file), &mut tar_bytes)
        .map_err(|e| format_error(path, format!("xz: {e}")))?;
    let mut archive = tar::Archive::new(Cursor::new(tar_bytes));
    let mut files = HashMap::new();
    for entry in archive.entries().map_err(io_error(path))? {
        let mut entry = entry.map_err(io_error(path))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = match entry.path() {
            Ok(name) => name.to_string_lossy().into_owned(),
            Err(_) => continue,
        };
        let name = name.trim_start_matches("./").to_string();
        if !keep(&name) {
            continue;
        }
        let mut content = Vec::new();
        entry.read_to_end(&mut content).map_err(io_error(path))?;
        files.insert(name, content);
    }
    Ok(files)
}

fn string_field(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_string)
}

/// An author field: a string, or a list of names (joined with "; ").
fn author_field(value: &Value, key: &str) -> Option<String> {
    match value.get(key) {
        Some(Value::String(author)) => Some(author.clone()),
        Some(Value::Array(names)) => {
            let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            (!names.is_empty()).then(|| names.join("; "))
        }
        _ => None,
    }
}

fn string_list(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

/// The entries of a JSON object sorted by key: the page order every system
/// (and `bench/extract_peers.py`, with Python's `sorted`) uses, so `--limit`
/// picks the same pages everywhere.
fn sorted_entries(entries: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut sorted: Vec<(&String, &Value)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
}

fn load_scrapinghub(dir: &Path, limit: usize) -> Result<(Vec<Page>, Vec<String>), EvalError> {
    let gold_path = dir.join("ground-truth.json");
    let gold = read_json(&gold_path)?;
    let entries = gold.as_object().ok_or_else(|| format_error(&gold_path, "expected an object of pages"))?;
    let (mut pages, mut missing) = (Vec::new(), Vec::new());
    for (id, entry) in sorted_entries(entries).into_iter().take(limit) {
        // Ids name files: anything that could leave html/ is not a page of this corpus.
        if id.contains(['/', '\\']) || id.starts_with('.') {
            missing.push(id.clone());
            continue;
        }
        let file_name = format!("{id}.html.gz");
        let html_path = dir.join("html").join(&file_name);
        if !html_path.is_file() {
            missing.push(id.clone());
            continue;
        }
        pages.push(Page {
            id: id.clone(),
            url: string_field(entry, "url"),
            file_name,
            html: read_gzip(&html_path)?,
            gold: Gold {
                body: Some(string_field(entry, "articleBody").unwrap_or_default()),
                ..Gold::default()
            },
        });
    }
    Ok((pages, missing))
}

fn load_trafilatura_eval(dir: &Path, limit: usize) -> Result<(Vec<Page>, Vec<String>), EvalError> {
    let gold_path = dir.join("evaldata.json");
    let gold = read_json(&gold_path)?;
    let entries =
        gold.as_object().ok_or_else(|| format_error(&gold_path, "expected an object of entries"))?;
    let languages = read_language_guesses(&dir.join("lang-guess.json"));
    let mut selected = sorted_entries(entries);
    selected.truncate(limit);
    let wanted: std::collections::HashSet<String> = selected
        .iter()
        .filter_map(|(_, entry)| entry.get("file").and_then(Value::as_str))
        .flat_map(|file| [format!("cache/{file}"), format!("eval/{file}")])
        .collect();
    let files = read_tar_xz(&dir.join("html.tar.xz"), |name| wanted.contains(name))?;
    let (mut pages, mut missing) = (Vec::new(), Vec::new());
    for (id, entry) in selected {
        let Some(file_name) = string_field(entry, "file") else {
            missing.push(id.clone());
            continue;
        };
        // cache/ first, then eval/, as upstream's evaluation looks them up.
        let html = files
            .get(&format!("cache/{file_name}"))
            .or_else(|| files.get(&format!("eval/{file_name}")))
            .cloned();
        let Some(html) = html else {
            missing.push(id.clone());
            continue;
        };
        // Keys like "hard::file.html" are labels, not URLs.
        let url = id.contains("://").then(|| id.clone());
        pages.push(Page {
            id: id.clone(),
            url,
            file_name,
            html,
            gold: Gold {
                body: None,
                with: string_list(entry, "with"),
                without: string_list(entry, "without"),
                metadata: MetadataGold {
                    title: string_field(entry, "title"),
                    author: author_field(entry, "author"),
                    date: string_field(entry, "date"),
                },
                language: languages.get(id.as_str()).cloned(),
            },
        });
    }
    Ok((pages, missing))
}

/// `lang-guess.json` → id → language; an absent or broken file gives an empty map.
fn read_language_guesses(path: &Path) -> HashMap<String, String> {
    let Ok(value) = read_json(path) else {
        return HashMap::new();
    };
    value
        .get("entries")
        .and_then(Value::as_object)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|(id, entry)| Some((id.clone(), entry.get("lang")?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn load_wcxb(dir: &Path, split: Split, limit: usize) -> Result<(Vec<Page>, Vec<String>), EvalError> {
    let gold_path = dir.join("ground-truth.tar.xz");
    let files = read_tar_xz(&gold_path, |name| name.ends_with(".json") && split.admits(name))?;
    let mut entries: Vec<(String, &Vec<u8>)> = files
        .iter()
        .filter_map(|(name, bytes)| {
            let (split, rest) = name.split_once("/ground-truth/")?;
            let file_id = rest.strip_suffix(".json")?;
            Some((format!("{split}/{file_id}"), bytes))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut pages, mut missing) = (Vec::new(), Vec::new());
    for (id, bytes) in entries.into_iter().take(limit) {
        let Ok(entry) = serde_json::from_slice::<Value>(bytes) else {
            missing.push(id);
            continue;
        };
        let (split, file_id) = id.split_once('/').unwrap_or(("", id.as_str()));
        let file_name = format!("{split}/html/{file_id}.html.gz");
        let html_path = dir.join(&file_name);
        if !html_path.is_file() {
            missing.push(id);
            continue;
        }
        let truth = entry.get("ground_truth").cloned().unwrap_or(Value::Null);
        pages.push(Page {
            url: string_field(&entry, "url"),
            file_name,
            html: read_gzip(&html_path)?,
            gold: Gold {
                body: string_field(&truth, "main_content"),
                with: string_list(&truth, "with"),
                without: string_list(&truth, "without"),
                metadata: MetadataGold {
                    title: string_field(&truth, "title"),
                    author: author_field(&truth, "author"),
                    date: string_field(&truth, "publish_date"),
                },
                language: None,
            },
            id,
        });
    }
    Ok((pages, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_folder_is_an_error() {
        let dir = std::env::temp_dir();
        assert!(matches!(
            CorpusKind::detect(&dir.join("no-such-corpus-here")),
            Err(EvalError::UnknownCorpus(_))
        ));
    }

    #[test]
    fn author_field_accepts_strings_and_lists() {
        let entry = serde_json::json!({"a": "Jo Lee", "b": ["Jo Lee", "Ann Roe", 3], "c": [], "d": 7});
        assert_eq!(author_field(&entry, "a").as_deref(), Some("Jo Lee"));
        assert_eq!(author_field(&entry, "b").as_deref(), Some("Jo Lee; Ann Roe"));
        assert_eq!(author_field(&entry, "c"), None);
        assert_eq!(author_field(&entry, "d"), None);
        assert_eq!(author_field(&entry, "missing"), None);
    }

    #[test]
    fn broken_gzip_is_an_error_not_a_panic() {
        let path = std::env::temp_dir().join(format!("wirewatch-eval-bad-{}.gz", std::process::id()));
        std::fs::write(&path, b"not gzip at all").unwrap_or_default();
        assert!(read_gzip(&path).is_err());
        let _ = std::fs::remove_file(&path);
        assert!(read_tar_xz(&path, |_| true).is_err());
    }
}
