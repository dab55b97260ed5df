//! Sentence-boundary evaluation on corpora that come sentence-split.
//!
//! Three gold sources are read (see their `PROVENANCE.md` under
//! `../shared/corpora/`):
//!
//! * `germeval2014-ner` — `NER-de-{dev,test}.tsv`: one token per line, a
//!   blank line between sentences. Every sentence comes from a different
//!   source, so the evaluation text is built from windows of
//!   [`GERMEVAL_WINDOW`] consecutive sentences joined by one space.
//! * `spkatt2023-parliament-de` — one JSON file per Bundestag speech with
//!   sentence-split tokens (`dev/`, `test-goldcues/` as split `test`,
//!   `train/`); each speech is one text, its sentences joined by one space.
//! * `ecbplus` — English news (`documents.jsonl`, one sentence per line,
//!   Penn-Treebank-style tokens), split by the Cybulska–Vossen topics
//!   (`dev`, `test`, `train`); only the original ECB documents, each one
//!   text (see [`read_ecbplus`]). wirewatch runs with `language = "en"` here.
//!
//! The gold tokens are turned back into running text by [`detokenise`]: tokens
//! are joined with one space, except that no space goes before closing
//! punctuation (`, . ; : ! ? … ) ] } %` and tokens made only of them) or a
//! closing quote, and none after an opening bracket or quote. Quotes are
//! paired: `„ ‚` open; `“ ‘` close when their German partner is open and
//! open otherwise; `» «` open, and close when the other one is open (German
//! `»…«` and Swiss `«…»`); `” ’` close; `"` and `'` alternate, opening
//! first. A `"`, `“` or `»` right after `. ! ? …` with no quotation open
//! (and a `'` with no single quote open) closes a quotation opened in an
//! earlier gold sentence or glued to a token. Penn Treebank forms are
//! rendered back: `` `` `` and `''` become `“` and `”`, clitics (`n't`,
//! `'s`, `'re`, …) attach to the word before, and `$` to the number after.
//! A `.` token after a token ending in a period ("U.S." ".") is dropped:
//! tokenisers add it after a sentence-final abbreviation.
//! The corpora keep no original spacing, so this is the closest rendering of
//! how the sentences were written.
//!
//! A boundary is the byte offset where a sentence other than a text's first
//! one starts; precision, recall and F1 compare predicted with gold
//! boundaries, and `exact` is the share of gold sentences reproduced with
//! both ends right. The same scorer runs wirewatch (with the corpus' language),
//! wirewatch without a language, UAX #29 sentence boundaries
//! (`unicode-segmentation`) and a naive splitter (after `.`, `!` or `?`
//! followed by whitespace), on the same texts in the same run.

use crate::EvalError;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;
use unicode_segmentation::UnicodeSegmentation;

/// GermEval sentences per evaluation text.
pub const GERMEVAL_WINDOW: usize = 10;

/// Minimum time each system is run for when measuring speed.
const MIN_TIMING_SECONDS: f64 = 0.3;

/// Which gold corpus a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentCorpusKind {
    /// GermEval 2014 NER (German Wikipedia and news sentences).
    GermEval2014,
    /// SpkAtt 2023 task 1 (Bundestag speeches).
    SpkAtt2023,
    /// ECB+ (English news; the original ECB documents only).
    EcbPlus,
}

impl SegmentCorpusKind {
    /// The corpus' name in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            SegmentCorpusKind::GermEval2014 => "germeval2014-ner",
            SegmentCorpusKind::SpkAtt2023 => "spkatt2023-parliament-de",
            SegmentCorpusKind::EcbPlus => "ecbplus",
        }
    }

    /// The language of the corpus' texts, passed to wirewatch.
    pub fn language(self) -> &'static str {
        match self {
            SegmentCorpusKind::GermEval2014 | SegmentCorpusKind::SpkAtt2023 => "de",
            SegmentCorpusKind::EcbPlus => "en",
        }
    }

    /// Recognises the layout of `dir`.
    pub fn detect(dir: &Path) -> Result<SegmentCorpusKind, EvalError> {
        if dir.join("NER-de-dev.tsv").is_file() || dir.join("NER-de-test.tsv").is_file() {
            Ok(SegmentCorpusKind::GermEval2014)
        } else if dir.join("dev").is_dir() && dir.join("test-goldcues").is_dir() {
            Ok(SegmentCorpusKind::SpkAtt2023)
        } else if dir.join("documents.jsonl").is_file() && dir.join("ecbplus-xml.tar.xz").is_file() {
            Ok(SegmentCorpusKind::EcbPlus)
        } else {
            Err(EvalError::BadOption(format!(
                "{}: not a sentence-split corpus (expected NER-de-dev.tsv for germeval2014-ner, \
                 dev/ and test-goldcues/ for spkatt2023-parliament-de, or documents.jsonl and \
                 ecbplus-xml.tar.xz for ecbplus)",
                dir.display()
            )))
        }
    }
}

/// One evaluation text with its gold sentences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldText {
    /// The detokenised sentences joined by single spaces.
    pub text: String,
    /// Gold sentences as byte ranges of `text`, in order.
    pub sentences: Vec<(usize, usize)>,
    /// Gold tokens in the text.
    pub tokens: usize,
}

impl GoldText {
    /// Builds a text from tokenised sentences (empty ones are skipped).
    pub fn from_sentences<S: AsRef<str>>(sentences: &[Vec<S>]) -> GoldText {
        let mut gold = GoldText::default();
        for tokens in sentences {
            let sentence = detokenise(tokens);
            let sentence = sentence.trim();
            if sentence.is_empty() {
                continue;
            }
            if !gold.text.is_empty() {
                gold.text.push(' ');
            }
            let start = gold.text.len();
            gold.text.push_str(sentence);
            gold.sentences.push((start, gold.text.len()));
            gold.tokens += tokens.len();
        }
        gold
    }
}

/// Joins gold tokens into running text (the rule is in the module docs).
pub fn detokenise<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    let mut glue_next = true;
    let mut open_double = false;
    let mut open_single = false;
    let mut open_low_double = false;
    let mut open_low_single = false;
    let mut open_guillemet: Option<&str> = None;
    let mut after_terminal = false;
    for token in tokens {
        let token = token.as_ref().trim();
        // Tokenisers add a full stop after a sentence-final abbreviation
        // ("U.S." "."); the text had only one.
        if token.is_empty() || (token == "." && out.ends_with('.')) {
            continue;
        }
        // (space before?, glue the next token to this one?)
        let (space_before, glue_after) = match token {
            // A quote right after sentence-final punctuation with none open
            // closes a quotation opened in an earlier sentence.
            "\"" | "“" if after_terminal && !open_double && !open_low_double => (false, false),
            "'" if after_terminal && !open_single => (false, false),
            "\"" => {
                open_double = !open_double;
                if open_double {
                    (true, true)
                } else {
                    (false, false)
                }
            }
            "'" => {
                open_single = !open_single;
                if open_single {
                    (true, true)
                } else {
                    (false, false)
                }
            }
            "„" => {
                open_low_double = true;
                (true, true)
            }
            "‚" => {
                open_low_single = true;
                (true, true)
            }
            "»" | "«" if open_guillemet.is_some_and(|open| open != token) => {
                open_guillemet = None;
                (false, false)
            }
            "»" | "«" if after_terminal && open_guillemet.is_none() && token == "»" => (false, false),
            "»" | "«" => {
                open_guillemet = Some(token);
                (true, true)
            }
            "“" if open_low_double => {
                open_low_double = false;
                (false, false)
            }
            "‘" if open_low_single => {
                open_low_single = false;
                (false, false)
            }
            "“" | "‘" | "(" | "[" | "{" | "$" => (true, true),
            // Penn Treebank quotes (ECB+).
            "``" => {
                out.push_str(if out.is_empty() || glue_next { "" } else { " " });
                out.push('“');
                glue_next = true;
                after_terminal = false;
                continue;
            }
            "''" => {
                out.push('”');
                glue_next = false;
                after_terminal = false;
                continue;
            }
            // English clitics split off by the tokeniser: "do n't", "Reid 's".
            "n't" | "'s" | "'S" | "'m" | "'re" | "'ve" | "'ll" | "'d" => (false, false),
            "”" | "’" => (false, false),
            _ if token
                .chars()
                .all(|c| matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '…' | ')' | ']' | '}' | '%')) =>
            {
                (false, false)
            }
            _ => (true, false),
        };
        if !out.is_empty() && space_before && !glue_next {
            out.push(' ');
        }
        out.push_str(token);
        glue_next = glue_after;
        after_terminal = token.ends_with(['.', '!', '?', '…']);
    }
    out
}

/// Reads the GermEval TSV `path` into tokenised sentences.
pub fn read_germeval(path: &Path) -> Result<Vec<Vec<String>>, EvalError> {
    let content =
        std::fs::read_to_string(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let mut sentences = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in content.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        match line.split('\t').nth(1) {
            Some(token) => current.push(token.to_string()),
            None => {
                return Err(EvalError::Format {
                    path: path.to_path_buf(),
                    message: format!("not a token line: {line:?}"),
                })
            }
        }
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Reads one SpkAtt speech (JSON) into tokenised sentences, ordered by id.
pub fn read_spkatt(path: &Path) -> Result<Vec<Vec<String>>, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| EvalError::Format { path: path.to_path_buf(), message: e.to_string() })?;
    let format_error =
        |message: &str| EvalError::Format { path: path.to_path_buf(), message: message.to_string() };
    let list =
        value.get("Sentences").and_then(Value::as_array).ok_or_else(|| format_error("no Sentences array"))?;
    let mut sentences = Vec::with_capacity(list.len());
    for sentence in list {
        let id = sentence.get("SentenceId").and_then(Value::as_i64).unwrap_or(i64::MAX);
        let tokens = sentence
            .get("Tokens")
            .and_then(Value::as_array)
            .ok_or_else(|| format_error("a sentence without Tokens"))?
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect::<Vec<_>>();
        sentences.push((id, tokens));
    }
    sentences.sort_by_key(|(id, _)| *id);
    Ok(sentences.into_iter().map(|(_, tokens)| tokens).collect())
}

/// The evaluation texts of `corpus` in `split` (`dev`, `test`; SpkAtt also `train`).
pub fn load_gold(dir: &Path, kind: SegmentCorpusKind, split: &str) -> Result<Vec<GoldText>, EvalError> {
    match kind {
        SegmentCorpusKind::GermEval2014 => {
            let file = match split {
                "dev" => "NER-de-dev.tsv",
                "test" => "NER-de-test.tsv",
                other => {
                    return Err(EvalError::BadOption(format!(
                        "germeval2014-ner has splits dev and test, not {other:?}"
                    )))
                }
            };
            let sentences = read_germeval(&dir.join(file))?;
            Ok(sentences.chunks(GERMEVAL_WINDOW).map(GoldText::from_sentences).collect())
        }
        SegmentCorpusKind::SpkAtt2023 => {
            let folder = match split {
                "dev" => "dev",
                "test" => "test-goldcues",
                "train" => "train",
                other => {
                    return Err(EvalError::BadOption(format!(
                        "spkatt2023-parliament-de has splits dev, test and train, not {other:?}"
                    )))
                }
            };
            let folder = dir.join(folder);
            let entries = std::fs::read_dir(&folder)
                .map_err(|source| EvalError::Io { path: folder.clone(), source })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect();
            files.sort();
            files.iter().map(|file| read_spkatt(file).map(|s| GoldText::from_sentences(&s))).collect()
        }
        SegmentCorpusKind::EcbPlus => {
            if !matches!(split, "dev" | "test" | "train") {
                return Err(EvalError::BadOption(format!(
                    "ecbplus has splits dev, test and train, not {split:?}"
                )));
            }
            Ok(read_ecbplus(&dir.join("documents.jsonl"), split)?
                .iter()
                .map(|s| GoldText::from_sentences(s))
                .collect())
        }
    }
}

/// Reads the ECB+ documents of `split` (the Cybulska–Vossen split) from
/// `documents.jsonl`: sentences are lines, tokens are separated by spaces.
/// Only the original ECB documents are used: the ECB+ additions begin with a
/// tokenised URL, headline and date lines that were separate lines on the
/// page, which no running-text rendering can reproduce.
pub fn read_ecbplus(path: &Path, split: &str) -> Result<Vec<Vec<Vec<String>>>, EvalError> {
    let content =
        std::fs::read_to_string(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let mut docs = Vec::new();
    for line in content.lines().filter(|line| !line.trim().is_empty()) {
        let value: Value = serde_json::from_str(line)
            .map_err(|e| EvalError::Format { path: path.to_path_buf(), message: e.to_string() })?;
        let field = |name: &str| value.get(name).and_then(Value::as_str).unwrap_or("");
        if field("split_cybulska_vossen") != split || !field("doc_id").ends_with("ecb") {
            continue;
        }
        let sentences = field("text")
            .lines()
            .map(|sentence| sentence.split_whitespace().map(str::to_string).collect())
            .collect();
        docs.push(sentences);
    }
    Ok(docs)
}

/// Boundary and sentence counts of one system over a corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoundaryCounts {
    /// Gold boundaries (sentence starts other than a text's first).
    pub gold: usize,
    /// Predicted boundaries.
    pub predicted: usize,
    /// Predicted boundaries that are gold boundaries.
    pub matched: usize,
    /// Gold sentences.
    pub gold_sentences: usize,
    /// Predicted sentences.
    pub predicted_sentences: usize,
    /// Gold sentences predicted with both ends right.
    pub exact_sentences: usize,
}

impl BoundaryCounts {
    /// Adds one text's gold and predicted sentences (byte ranges).
    pub fn add(&mut self, gold: &[(usize, usize)], predicted: &[(usize, usize)]) {
        let gold_starts: HashSet<usize> = gold.iter().skip(1).map(|s| s.0).collect();
        let predicted_starts: HashSet<usize> = predicted.iter().skip(1).map(|s| s.0).collect();
        self.gold += gold_starts.len();
        self.predicted += predicted_starts.len();
        self.matched += gold_starts.intersection(&predicted_starts).count();
        let predicted_set: HashSet<(usize, usize)> = predicted.iter().copied().collect();
        self.gold_sentences += gold.len();
        self.predicted_sentences += predicted.len();
        self.exact_sentences += gold.iter().filter(|s| predicted_set.contains(s)).count();
    }

    /// Matched / predicted boundaries (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    /// Matched / gold boundaries (1 when there are none).
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Share of gold sentences reproduced exactly.
    pub fn exact(&self) -> f64 {
        ratio(self.exact_sentences, self.gold_sentences)
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        1.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// One system's result.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentScore {
    /// The system's name.
    pub name: String,
    /// Its counts.
    pub counts: BoundaryCounts,
    /// Seconds for one pass over all texts (single core).
    pub seconds: f64,
}

impl SegmentScore {
    /// The metrics object used in JSON output.
    pub fn metrics(&self, tokens: usize, bytes: usize) -> Value {
        let c = &self.counts;
        json!({
            "precision": round4(c.precision()),
            "recall": round4(c.recall()),
            "f1": round4(c.f1()),
            "exact": round4(c.exact()),
            "gold_boundaries": c.gold,
            "predicted_boundaries": c.predicted,
            "matched_boundaries": c.matched,
            "gold_sentences": c.gold_sentences,
            "predicted_sentences": c.predicted_sentences,
            "tokens_per_s": per_second(tokens as f64, self.seconds).round(),
            "mb_per_s": round4(per_second(bytes as f64 / 1e6, self.seconds)),
        })
    }
}

fn per_second(amount: f64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        amount / seconds
    } else {
        0.0
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The result of a segmentation evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentReport {
    /// Which corpus.
    pub corpus: SegmentCorpusKind,
    /// Where it was read from.
    pub corpus_dir: PathBuf,
    /// `dev`, `test` or `train`.
    pub split: String,
    /// Evaluation texts (GermEval windows or SpkAtt speeches).
    pub texts: usize,
    /// Gold tokens.
    pub tokens: usize,
    /// Bytes of evaluation text.
    pub bytes: usize,
    /// wirewatch with the corpus' language (`de`, or `en` for ECB+).
    pub system: SegmentScore,
    /// The peers, same texts, same scorer.
    pub peers: Vec<SegmentScore>,
}

/// A sentence splitter under evaluation: text in, sentence byte ranges out.
type Splitter = fn(&str) -> Vec<(usize, usize)>;

fn wirewatch_de(text: &str) -> Vec<(usize, usize)> {
    wirewatch_analyse::segment::sentences(text, Some("de")).iter().map(|s| (s.start, s.end)).collect()
}

fn wirewatch_en(text: &str) -> Vec<(usize, usize)> {
    wirewatch_analyse::segment::sentences(text, Some("en")).iter().map(|s| (s.start, s.end)).collect()
}

fn wirewatch_neutral(text: &str) -> Vec<(usize, usize)> {
    wirewatch_analyse::segment::sentences(text, None).iter().map(|s| (s.start, s.end)).collect()
}

/// UAX #29 sentence boundaries, each piece trimmed of whitespace.
pub fn uax29_sentences(text: &str) -> Vec<(usize, usize)> {
    text.split_sentence_bound_indices().filter_map(|(start, piece)| trimmed(start, piece)).collect()
}

/// The naive baseline: a sentence ends after `.`, `!` or `?` followed by whitespace.
pub fn naive_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_some_and(|(_, n)| n.is_whitespace());
        if matches!(c, '.' | '!' | '?') && next_is_space {
            let end = i + c.len_utf8();
            out.extend(text.get(start..end).and_then(|piece| trimmed(start, piece)));
            start = end;
        }
    }
    out.extend(text.get(start..).and_then(|piece| trimmed(start, piece)));
    out
}

fn trimmed(start: usize, piece: &str) -> Option<(usize, usize)> {
    let without_front = piece.trim_start();
    let body = without_front.trim_end();
    if body.is_empty() {
        return None;
    }
    let begin = start + (piece.len() - without_front.len());
    Some((begin, begin + body.len()))
}

/// Scores `splitter` on `texts` and times it (repeated passes, ≥ 0.3 s in all).
fn run_system(name: &str, splitter: Splitter, texts: &[GoldText]) -> SegmentScore {
    let mut counts = BoundaryCounts::default();
    // The scoring pass doubles as the warm-up.
    for text in texts {
        counts.add(&text.sentences, &splitter(&text.text));
    }
    let mut passes = 0u32;
    let started = Instant::now();
    loop {
        let mut found = 0usize;
        for text in texts {
            found += splitter(&text.text).len();
        }
        std::hint::black_box(found);
        passes += 1;
        if started.elapsed().as_secs_f64() >= MIN_TIMING_SECONDS || passes >= 1000 {
            break;
        }
    }
    let seconds = started.elapsed().as_secs_f64() / f64::from(passes);
    SegmentScore { name: name.to_string(), counts, seconds }
}

/// Evaluates wirewatch's sentence splitter and the peers on the corpus in
/// `corpus` (`germeval2014-ner` or `spkatt2023-parliament-de`), split `dev`
/// or `test` (the default).
pub fn eval_segment(corpus: &Path, split: Option<&str>) -> Result<SegmentReport, EvalError> {
    let kind = SegmentCorpusKind::detect(corpus)?;
    let split = split.unwrap_or("test");
    let texts = load_gold(corpus, kind, split)?;
    let ours: Splitter = match kind.language() {
        "en" => wirewatch_en,
        _ => wirewatch_de,
    };
    let system = run_system("wirewatch", ours, &texts);
    let peers = vec![
        run_system("wirewatch-nolang", wirewatch_neutral, &texts),
        run_system("uax29", uax29_sentences, &texts),
        run_system("naive", naive_sentences, &texts),
    ];
    Ok(SegmentReport {
        corpus: kind,
        corpus_dir: corpus.to_path_buf(),
        split: split.to_string(),
        texts: texts.len(),
        tokens: texts.iter().map(|t| t.tokens).sum(),
        bytes: texts.iter().map(|t| t.text.len()).sum(),
        system,
        peers,
    })
}

impl SegmentReport {
    /// The report as one JSON object in the shape every `wirewatch eval` prints.
    pub fn to_json(&self) -> Value {
        let peers: serde_json::Map<String, Value> =
            self.peers.iter().map(|p| (p.name.clone(), p.metrics(self.tokens, self.bytes))).collect();
        json!({
            "task": "segment",
            "corpus": self.corpus.name(),
            "split": self.split,
            "texts": self.texts,
            "tokens": self.tokens,
            "bytes": self.bytes,
            "system": self.system.metrics(self.tokens, self.bytes),
            "peers": peers,
            "throughput": {
                "tokens_per_s": per_second(self.tokens as f64, self.system.seconds).round(),
                "mb_per_s": round4(per_second(self.bytes as f64 / 1e6, self.system.seconds)),
                "cores": 1,
            },
        })
    }

    /// The report as a plain-text table.
    pub fn render_table(&self) -> String {
        let unit = match self.corpus {
            SegmentCorpusKind::GermEval2014 => format!("windows of {GERMEVAL_WINDOW} sentences"),
            SegmentCorpusKind::SpkAtt2023 => "speeches".to_string(),
            SegmentCorpusKind::EcbPlus => "ECB documents".to_string(),
        };
        let mut out = format!(
            "Sentence boundaries: {} ({}), {} {}, {} gold sentences, {} tokens, {:.2} MB\n",
            self.corpus.name(),
            self.split,
            self.texts,
            unit,
            self.system.counts.gold_sentences,
            self.tokens,
            self.bytes as f64 / 1e6
        );
        out.push_str(&format!(
            "{:<18} {:>9} {:>9} {:>9} {:>9} {:>12} {:>9}\n",
            "system", "precision", "recall", "F1", "exact", "tokens/s", "MB/s"
        ));
        for score in std::iter::once(&self.system).chain(&self.peers) {
            let c = &score.counts;
            out.push_str(&format!(
                "{:<18} {:>9.4} {:>9.4} {:>9.4} {:>9.4} {:>12.0} {:>9.1}\n",
                score.name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.exact(),
                per_second(self.tokens as f64, score.seconds),
                per_second(self.bytes as f64 / 1e6, score.seconds)
            ));
        }
        out.push_str("(boundaries: sentence starts other than a text's first; exact: gold sentences with both ends right; one core)\n");
        out
    }
}
