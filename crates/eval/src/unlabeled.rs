//! Unlabeled German sentences (token lists) gathered from `../shared/corpora`,
//! the training text of the entity tagger's word classes
//! (`wirewatch_analyse::entities::word_classes`).
//!
//! Sources, in this fixed order (the order fixes which copy of a repeated
//! sentence is kept, and so the output):
//!
//! * `spkatt2023-parliament-de/{train,dev,test-goldcues}/*.json` —
//!   `Sentences[].Tokens`, Bundestag speeches, tokens as given;
//! * `wikiwarsde/WikiWarsDE_20110412/in/*.sgm` — the plain (untagged)
//!   documents' `<TEXT>` bodies, segmented by `wirewatch_analyse::segment`;
//! * `germeval2014-ner/NER-de-dev.tsv` — the dev split's tokens, labels
//!   ignored. The test split (`NER-de-test.tsv`) is never opened;
//! * `trafilatura-eval` and `wcxb-articles` (dev and test) — every page run
//!   through `wirewatch_extract::extract`, kept when the detected language is
//!   German, then segmented.
//!
//! Sentences are deduplicated on their exact token sequence. Every input
//! file's bytes go into a per-source SHA-256, so a model file can name the
//! exact data it was trained on. Nothing read here is written anywhere but the
//! derived statistics.

use crate::corpus::{load_corpus_split, Split};
use crate::EvalError;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use wirewatch_model::{ContentKind, Hints, RawRecord};

/// What one source contributed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceStats {
    /// Corpus folder name under `corpora/` (plus the part used).
    pub name: String,
    /// Licence of the text, as its PROVENANCE.md states it.
    pub licence: String,
    /// Input files read (JSON files, SGML files, HTML pages, the TSV).
    pub files: usize,
    /// Documents or pages kept (for HTML: those detected as German).
    pub documents: usize,
    /// Sentences kept after deduplication.
    pub sentences: usize,
    /// Tokens in the kept sentences.
    pub tokens: usize,
    /// Sentences dropped as exact repeats of an earlier one.
    pub duplicates: usize,
    /// SHA-256 over the bytes of every input file, in reading order.
    pub sha256: String,
}

/// The gathered sentences and where they came from.
#[derive(Clone, Debug, Default)]
pub struct Unlabeled {
    /// Deduplicated sentences, each a list of token texts, in source order.
    pub sentences: Vec<Vec<String>>,
    /// Per-source statistics, in source order.
    pub sources: Vec<SourceStats>,
}

impl Unlabeled {
    /// Total tokens over all kept sentences.
    pub fn tokens(&self) -> usize {
        self.sentences.iter().map(Vec::len).sum()
    }
}

/// The shared folder: `$WIREWATCH_SHARED`, else `<workspace root>/../shared`;
/// `None` when neither exists.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("WIREWATCH_SHARED") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    // crates/eval → workspace root → its sibling `shared`.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir().then_some(dir)
}

/// Collects deduplicated German sentences from every source under
/// `shared/corpora` (see the module docs). A missing source folder is
/// skipped (its stats show zero files); an unreadable or malformed file
/// present on disk is an error.
pub fn german_sentences(shared: &Path) -> Result<Unlabeled, EvalError> {
    german_sentences_from(shared, true)
}

/// [`german_sentences`], optionally without the GermEval dev tokens: word
/// classes learned without them show, in cross-validation on dev, the gain
/// to expect on unseen text (test), where no sentence was in the class data.
pub fn german_sentences_from(shared: &Path, include_germeval_dev: bool) -> Result<Unlabeled, EvalError> {
    let corpora = shared.join("corpora");
    let mut out = Gatherer::default();
    out.spkatt(&corpora.join("spkatt2023-parliament-de"))?;
    out.wikiwars(&corpora.join("wikiwarsde/WikiWarsDE_20110412/in"))?;
    if include_germeval_dev {
        out.germeval_dev(&corpora.join("germeval2014-ner"))?;
    }
    out.html_pages(
        &corpora.join("trafilatura-eval"),
        "trafilatura-eval (pages detected as German)",
        "Apache-2.0 corpus; page texts © their publishers (used for statistics only)",
    )?;
    out.html_pages(
        &corpora.join("wcxb-articles"),
        "wcxb-articles dev+test (pages detected as German)",
        "CC BY 4.0 corpus; page texts © their publishers (used for statistics only)",
    )?;
    Ok(out.result)
}

/// Sentence tokens from a German text, segmented like the product does.
pub fn segment_german(text: &str) -> Vec<Vec<String>> {
    wirewatch_analyse::segment::sentences(text, Some("de"))
        .iter()
        .map(|sentence| {
            wirewatch_analyse::segment::tokens(text, sentence.start, sentence.end)
                .iter()
                .filter_map(|token| text.get(token.start..token.end))
                .map(str::to_string)
                .collect::<Vec<String>>()
        })
        .filter(|tokens| !tokens.is_empty())
        .collect()
}

/// The tokens of a GermEval-format TSV (column 2; `#` lines are sentence
/// headers, blank lines end sentences). Labels are ignored.
pub fn germeval_tokens(tsv: &str) -> Vec<Vec<String>> {
    let mut sentences = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in tsv.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with("#\t") || line == "#" {
            continue;
        }
        if let Some(token) = line.split('\t').nth(1) {
            if !token.is_empty() {
                current.push(token.to_string());
            }
        }
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// The `<TEXT>` body of an ACE/TERN SGML document, tags removed and the
/// five XML entities decoded.
pub fn sgml_text(sgml: &str) -> String {
    let body = match (sgml.find("<TEXT>"), sgml.rfind("</TEXT>")) {
        (Some(start), Some(end)) if start + 6 <= end => sgml.get(start + 6..end).unwrap_or(""),
        _ => sgml,
    };
    let mut text = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[derive(Default)]
struct Gatherer {
    result: Unlabeled,
    seen: HashSet<String>,
}

impl Gatherer {
    /// Adds sentences to the current (last) source, skipping repeats.
    fn add(&mut self, stats: &mut SourceStats, sentences: Vec<Vec<String>>) {
        for sentence in sentences {
            if sentence.is_empty() {
                continue;
            }
            if self.seen.insert(sentence.join("\u{1}")) {
                stats.sentences += 1;
                stats.tokens += sentence.len();
                self.result.sentences.push(sentence);
            } else {
                stats.duplicates += 1;
            }
        }
    }

    fn finish(&mut self, mut stats: SourceStats, hasher: Sha256) {
        stats.sha256 = hex(&hasher.finalize());
        self.result.sources.push(stats);
    }

    fn spkatt(&mut self, dir: &Path) -> Result<(), EvalError> {
        let mut stats = SourceStats {
            name: "spkatt2023-parliament-de {train,dev,test-goldcues}".into(),
            licence: "CC BY-SA 4.0 annotations; raw Bundestag text public domain".into(),
            ..SourceStats::default()
        };
        let mut hasher = Sha256::new();
        for split in ["train", "dev", "test-goldcues"] {
            for path in sorted_files(&dir.join(split), ".json")? {
                let bytes = read(&path)?;
                hasher.update(&bytes);
                stats.files += 1;
                let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
                    EvalError::Format { path: path.clone(), message: format!("invalid JSON: {e}") }
                })?;
                let sentences: Vec<Vec<String>> = value
                    .get("Sentences")
                    .and_then(|s| s.as_array())
                    .map(|list| {
                        list.iter()
                            .filter_map(|s| s.get("Tokens").and_then(|t| t.as_array()))
                            .map(|tokens| {
                                tokens.iter().filter_map(|t| t.as_str()).map(str::to_string).collect()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                stats.documents += 1;
                self.add(&mut stats, sentences);
            }
        }
        self.finish(stats, hasher);
        Ok(())
    }

    fn wikiwars(&mut self, dir: &Path) -> Result<(), EvalError> {
        let mut stats = SourceStats {
            name: "wikiwarsde WikiWarsDE_20110412/in (untagged)".into(),
            licence: "CC BY-SA 3.0 (German Wikipedia)".into(),
            ..SourceStats::default()
        };
        let mut hasher = Sha256::new();
        for path in sorted_files(dir, ".sgm")? {
            let bytes = read(&path)?;
            hasher.update(&bytes);
            stats.files += 1;
            stats.documents += 1;
            let text = sgml_text(&String::from_utf8_lossy(&bytes));
            self.add(&mut stats, segment_german(&text));
        }
        self.finish(stats, hasher);
        Ok(())
    }

    fn germeval_dev(&mut self, dir: &Path) -> Result<(), EvalError> {
        let mut stats = SourceStats {
            name: "germeval2014-ner NER-de-dev.tsv (tokens only; test never read)".into(),
            licence: "CC BY 4.0".into(),
            ..SourceStats::default()
        };
        let mut hasher = Sha256::new();
        // Only the dev file, by its exact name: the test split stays unseen.
        let path = dir.join("NER-de-dev.tsv");
        if path.is_file() {
            let bytes = read(&path)?;
            hasher.update(&bytes);
            stats.files = 1;
            stats.documents = 1;
            self.add(&mut stats, germeval_tokens(&String::from_utf8_lossy(&bytes)));
        }
        self.finish(stats, hasher);
        Ok(())
    }

    fn html_pages(&mut self, dir: &Path, name: &str, licence: &str) -> Result<(), EvalError> {
        let mut stats = SourceStats { name: name.into(), licence: licence.into(), ..SourceStats::default() };
        let mut hasher = Sha256::new();
        if dir.is_dir() {
            let corpus = load_corpus_split(dir, Split::All, None)?;
            for page in &corpus.pages {
                hasher.update(&page.html);
                stats.files += 1;
                let record = RawRecord {
                    source: page.file_name.clone(),
                    url: page.url.clone(),
                    kind: ContentKind::Html,
                    bytes: page.html.clone(),
                    hints: Hints::default(),
                };
                // A crash on one page must not lose the rest of the corpus.
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| wirewatch_extract::extract(&record)));
                let Ok(Ok(extracted)) = outcome else { continue };
                let document = extracted.document;
                let german =
                    document.language.as_deref().is_some_and(|lang| lang == "de" || lang.starts_with("de-"));
                if !german {
                    continue;
                }
                stats.documents += 1;
                self.add(&mut stats, segment_german(&document.text));
            }
        }
        self.finish(stats, hasher);
        Ok(())
    }
}

fn read(path: &Path) -> Result<Vec<u8>, EvalError> {
    std::fs::read(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })
}

/// Files in `dir` ending in `suffix`, sorted by name; none when `dir` is absent.
fn sorted_files(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, EvalError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries =
        std::fs::read_dir(dir).map_err(|source| EvalError::Io { path: dir.to_path_buf(), source })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    Ok(files)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn germeval_reader_skips_headers_and_labels() {
        let tsv = "#\thttp://x\t[2010]\n1\tGleich\tO\tO\n2\tBerlin\tB-LOC\tO\n\n#\thttp://y\n1\tJa\tO\tO\n";
        assert_eq!(
            germeval_tokens(tsv),
            vec![vec!["Gleich".to_string(), "Berlin".into()], vec!["Ja".to_string()]]
        );
        assert!(germeval_tokens("").is_empty());
        assert!(germeval_tokens("garbage without tabs\n\n\n").is_empty());
    }

    #[test]
    fn sgml_body_is_extracted_without_tags() {
        let sgml = "<DOC><DOCID>x</DOCID><TEXT>\nDer <B>Krieg</B> &amp; Frieden\n</TEXT></DOC>";
        assert_eq!(sgml_text(sgml).trim(), "Der Krieg & Frieden");
        // No <TEXT>: the whole input, still without a panic.
        assert_eq!(sgml_text("a <x"), "a ");
        assert_eq!(sgml_text("</TEXT><TEXT>"), "");
    }

    #[test]
    fn duplicates_are_dropped_and_counted() {
        let mut gatherer = Gatherer::default();
        let mut stats = SourceStats::default();
        let s = vec!["Ja".to_string(), ".".to_string()];
        gatherer.add(&mut stats, vec![s.clone(), s.clone(), vec![], vec!["Nein".into()]]);
        assert_eq!((stats.sentences, stats.duplicates, stats.tokens), (2, 1, 3));
        assert_eq!(gatherer.result.sentences.len(), 2);
    }

    #[test]
    fn segment_german_splits_sentences_into_tokens() {
        let sentences = segment_german("Merkel reist am Montag nach Berlin. Dort trifft sie Macron.");
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].first().map(String::as_str), Some("Merkel"));
        assert!(sentences[0].iter().any(|t| t == "Berlin"));
        assert!(segment_german("").is_empty());
    }

    #[test]
    fn missing_shared_folder_gives_empty_sources() {
        let dir = tempfile::tempdir().expect("temp dir");
        let unlabeled = german_sentences(dir.path()).expect("absent sources are skipped");
        assert_eq!(unlabeled.tokens(), 0);
        assert_eq!(unlabeled.sources.len(), 5);
        assert!(unlabeled.sources.iter().all(|s| s.files == 0));
    }
}
