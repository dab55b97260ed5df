//! English name mentions on ECB+ (`wirewatch eval ner --corpus ../shared/corpora/ecbplus`).
//!
//! No openly licensed English NER corpus is in `../shared/corpora`, so the
//! English capitalisation rules ([`wirewatch_analyse::entities::english`])
//! are measured on what ECB+ does annotate: the participants of its events,
//! typed `HUMAN_PART_PER`, `HUMAN_PART_ORG`, `HUMAN_PART_GPE`, `LOC_GEO`,
//! `LOC_FAC` and `LOC_OTHER`. Those markables are phrases ("in Fulton County
//! , Ga", "the 33-year-old actress", "he"), not names, so the gold names are
//! derived from them by one fixed rule, written before any score was seen:
//!
//! * a **name run** is a maximal run of consecutive name-like tokens inside a
//!   participant markable; a token is name-like when it starts with an
//!   upper-case letter and, at the start of a sentence, when the word is
//!   written capitalised more often than lower-case in mid-sentence across
//!   the corpus (so "He", "Police", "The" are not names, "Reid" is). "of",
//!   "and", "&", "de", "von", "van" and "." after a single capital ("U . S .")
//!   continue a run when a name-like token follows; a possessive "'s" ends it;
//! * titles and honorifics ("Dr", "Mr", "President", "CEO", "MD") are not
//!   part of a name, as in GermEval's guidelines, which the tagger follows
//!   (they are ROLE mentions there);
//! * its type is the markable's: PER for `HUMAN_PART_PER`, ORG for
//!   `HUMAN_PART_ORG`, LOC for the GPE and place types.
//!
//! Reported, per type and overall: **recall** (a gold name run overlapped by
//! a predicted PER/ORG/LOC/OTH mention: lenient; with the exact same bytes:
//! strict) and **type accuracy** over the lenient matches. **Precision is not
//! measurable**: a name that takes part in no annotated event is not marked,
//! so a correct mention outside the participants would count as an error.
//! Splits follow `split_cybulska_vossen` in `documents.jsonl` (train, dev,
//! test); the English rules were developed on our own texts and may be
//! checked on `train`/`dev`; `test` is the report. Only the sentences listed
//! in `ECBplus_coreference_sentences.csv` are annotated, so only they count.
//!
//! No peer runs here: the English taggers on PyPI (spaCy, Stanza, Flair,
//! NLTK) fetch their models from outside the package registries. The table
//! prints the majority-type baseline for type accuracy instead.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use regex::Regex;
use serde_json::{json, Value};
use wirewatch_analyse::entities::english;
use wirewatch_model::{MentionType, Sentence};

use crate::corpus::read_tar_xz;
use crate::EvalError;

/// True when `dir` looks like the ECB+ corpus folder.
pub fn is_ecbplus(dir: &Path) -> bool {
    dir.join("ecbplus-xml.tar.xz").is_file() && dir.join("documents.jsonl").is_file()
}

/// Found/typed counts of one name type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NameCounts {
    /// Gold name runs.
    pub gold: usize,
    /// Overlapped by a predicted mention.
    pub lenient: usize,
    /// Matched byte for byte.
    pub strict: usize,
    /// Lenient matches whose best-overlapping mention has the gold type.
    pub typed: usize,
}

impl NameCounts {
    fn add(&mut self, other: NameCounts) {
        self.gold += other.gold;
        self.lenient += other.lenient;
        self.strict += other.strict;
        self.typed += other.typed;
    }

    fn ratio(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    }

    /// Lenient recall.
    pub fn lenient_recall(&self) -> f64 {
        Self::ratio(self.lenient, self.gold)
    }

    /// Strict recall.
    pub fn strict_recall(&self) -> f64 {
        Self::ratio(self.strict, self.gold)
    }

    /// Type accuracy over lenient matches.
    pub fn type_accuracy(&self) -> f64 {
        Self::ratio(self.typed, self.lenient)
    }

    fn to_json(self) -> Value {
        json!({
            "gold": self.gold,
            "lenient_recall": round2(self.lenient_recall() * 100.0),
            "strict_recall": round2(self.strict_recall() * 100.0),
            "type_accuracy": round2(self.type_accuracy() * 100.0),
        })
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The result of one run.
#[derive(Clone, Debug)]
pub struct EcbNameReport {
    /// Corpus folder.
    pub corpus_dir: PathBuf,
    /// `train`, `dev` or `test`.
    pub split: String,
    /// Documents tagged.
    pub documents: usize,
    /// Tokens tagged.
    pub tokens: usize,
    /// Counts per gold type (PER, ORG, LOC).
    pub per_type: BTreeMap<String, NameCounts>,
    /// Predicted name mentions in the annotated sentences (for scale only).
    pub predicted_in_annotated: usize,
    /// Seconds spent in the English rules.
    pub tagging_seconds: f64,
    /// Off `test` only: gold names missed or mistyped, as "text: GOLD -> PREDICTED", most frequent first.
    pub errors: Vec<(String, usize)>,
}

impl EcbNameReport {
    /// All types pooled.
    pub fn overall(&self) -> NameCounts {
        let mut total = NameCounts::default();
        for counts in self.per_type.values() {
            total.add(*counts);
        }
        total
    }

    /// Type accuracy of always answering the most frequent gold type.
    pub fn majority_type_accuracy(&self) -> f64 {
        let total = self.overall();
        let most = self.per_type.values().map(|c| c.gold).max().unwrap_or(0);
        NameCounts::ratio(most, total.gold)
    }

    fn tokens_per_s(&self) -> f64 {
        if self.tagging_seconds > 0.0 {
            self.tokens as f64 / self.tagging_seconds
        } else {
            0.0
        }
    }

    /// One JSON object in the shape every `wirewatch eval` prints.
    pub fn to_json(&self) -> Value {
        let overall = self.overall();
        let per_type: serde_json::Map<String, Value> =
            self.per_type.iter().map(|(kind, counts)| (kind.clone(), counts.to_json())).collect();
        json!({
            "task": "ner",
            "corpus": "ecbplus",
            "split": self.split,
            "language": "en",
            "documents": self.documents,
            "tokens": self.tokens,
            "gold": "name runs inside ECB+ event-participant markables (see `wirewatch_eval::ner_ecb`); precision not measurable",
            "system": {
                "lenient_recall": round2(overall.lenient_recall() * 100.0),
                "strict_recall": round2(overall.strict_recall() * 100.0),
                "type_accuracy": round2(overall.type_accuracy() * 100.0),
                "gold_names": overall.gold,
                "per_type": per_type,
            },
            "peers": {
                "majority type": {
                    "type_accuracy": round2(self.majority_type_accuracy() * 100.0),
                    "measured_here": true,
                },
            },
            "throughput": { "tokens_per_s": self.tokens_per_s().round(), "cores": 1 },
        })
    }

    /// The report as a table.
    pub fn print_table(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        writeln!(
            out,
            "ECB+ English name mentions, split {}: {} documents, {} tokens (English capitalisation rules)",
            self.split, self.documents, self.tokens
        )?;
        writeln!(
            out,
            "gold: name runs inside event-participant markables; precision is not measurable here"
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "{:<22} {:>7} {:>15} {:>14} {:>14}",
            "type", "gold", "recall lenient", "recall strict", "type accuracy"
        )?;
        let line = |out: &mut dyn std::io::Write, name: &str, c: NameCounts| {
            writeln!(
                out,
                "{:<22} {:>7} {:>15.2} {:>14.2} {:>14.2}",
                name,
                c.gold,
                c.lenient_recall() * 100.0,
                c.strict_recall() * 100.0,
                c.type_accuracy() * 100.0
            )
        };
        line(out, "all", self.overall())?;
        for (kind, counts) in &self.per_type {
            line(out, kind, *counts)?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "baseline, measured here: majority type ({}) type accuracy {:.2}",
            self.per_type.iter().max_by_key(|(_, c)| c.gold).map_or("-", |(k, _)| k.as_str()),
            self.majority_type_accuracy() * 100.0
        )?;
        writeln!(
            out,
            "no English NER peer runs offline here (spaCy, Stanza, Flair and NLTK download their models)"
        )?;
        writeln!(out, "predicted name mentions in annotated sentences: {}", self.predicted_in_annotated)?;
        writeln!(
            out,
            "speed: {:.0} tokens/s on one core (English rules, whole documents)",
            self.tokens_per_s()
        )?;
        if !self.errors.is_empty() {
            writeln!(out)?;
            writeln!(out, "most frequent errors (shown off the test split only):")?;
            for (error, count) in self.errors.iter().take(40) {
                writeln!(out, "  {count:>3}  {error}")?;
            }
        }
        Ok(())
    }
}

/// One token of an ECB+ document.
#[derive(Clone, Debug)]
struct EcbToken {
    id: u32,
    sentence: u32,
    word: String,
}

/// One participant markable: its gold type and token ids.
#[derive(Clone, Debug)]
struct Participant {
    kind: &'static str,
    tokens: Vec<u32>,
}

/// A parsed ECB+ document.
#[derive(Clone, Debug, Default)]
struct EcbDocument {
    tokens: Vec<EcbToken>,
    participants: Vec<Participant>,
}

/// The gold type of a participant markable, or `None` for other markables.
fn participant_kind(tag: &str) -> Option<&'static str> {
    match tag {
        "HUMAN_PART_PER" => Some("PER"),
        "HUMAN_PART_ORG" => Some("ORG"),
        "HUMAN_PART_GPE" | "LOC_GEO" | "LOC_FAC" | "LOC_OTHER" => Some("LOC"),
        _ => None,
    }
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

struct XmlPatterns {
    token: Regex,
    markable: Regex,
    anchor: Regex,
}

impl XmlPatterns {
    fn new() -> XmlPatterns {
        // The ECB+ files are machine-written with one element per line; these
        // patterns cover that fixed shape, not XML in general.
        XmlPatterns {
            token: Regex::new(r#"<token t_id="(\d+)" sentence="(\d+)"[^>]*>([^<]*)</token>"#)
                .expect("valid regex"),
            markable: Regex::new(r#"(?s)<([A-Z_]+) m_id="\d+"\s*>(.*?)</([A-Z_]+)>"#).expect("valid regex"),
            anchor: Regex::new(r#"t_id="(\d+)""#).expect("valid regex"),
        }
    }

    fn parse(&self, xml: &str) -> EcbDocument {
        let mut document = EcbDocument::default();
        for captures in self.token.captures_iter(xml) {
            let (Ok(id), Ok(sentence)) = (captures[1].parse(), captures[2].parse()) else { continue };
            document.tokens.push(EcbToken { id, sentence, word: unescape_xml(&captures[3]) });
        }
        let markables = xml.find("<Markables>").map_or("", |at| &xml[at..]);
        for captures in self.markable.captures_iter(markables) {
            if captures[1] != captures[3] {
                continue;
            }
            let Some(kind) = participant_kind(&captures[1]) else { continue };
            let mut tokens: Vec<u32> =
                self.anchor.captures_iter(&captures[2]).filter_map(|c| c[1].parse().ok()).collect();
            tokens.sort_unstable();
            tokens.dedup();
            if !tokens.is_empty() {
                document.participants.push(Participant { kind, tokens });
            }
        }
        document
    }
}

/// Mid-sentence spellings across the corpus: how often each lower-cased word
/// is written capitalised and how often lower-case.
#[derive(Default)]
struct CaseStatistics {
    capitalised: HashMap<String, usize>,
    lower: HashMap<String, usize>,
}

impl CaseStatistics {
    fn add(&mut self, document: &EcbDocument) {
        for (index, token) in document.tokens.iter().enumerate() {
            let sentence_start = index == 0 || document.tokens[index - 1].sentence != token.sentence;
            if sentence_start {
                continue;
            }
            let Some(first) = token.word.chars().next() else { continue };
            if first.is_uppercase() {
                *self.capitalised.entry(token.word.to_lowercase()).or_default() += 1;
            } else if first.is_lowercase() {
                *self.lower.entry(token.word.to_lowercase()).or_default() += 1;
            }
        }
    }

    /// A capitalised word at the start of a sentence: a name only if it is
    /// usually capitalised where capitals carry information.
    fn usually_capitalised(&self, word: &str) -> bool {
        let key = word.to_lowercase();
        let capitalised = self.capitalised.get(&key).copied().unwrap_or(0);
        let lower = self.lower.get(&key).copied().unwrap_or(0);
        capitalised > lower
    }
}

const CONNECTORS: [&str; 6] = ["of", "and", "&", "de", "von", "van"];

/// Titles and honorifics: never part of a gold name.
const TITLES: [&str; 24] = [
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "Prof",
    "President",
    "Senator",
    "Sen",
    "Rep",
    "Gov",
    "Governor",
    "Judge",
    "Officer",
    "Sgt",
    "Capt",
    "Lt",
    "Gen",
    "Rev",
    "CEO",
    "MD",
    "PhD",
    "Coach",
    "Chief",
];

/// Gold name runs of one document, as (first token index, last token index, type).
fn name_runs(document: &EcbDocument, case: &CaseStatistics) -> Vec<(usize, usize, &'static str)> {
    let index_of: HashMap<u32, usize> = document.tokens.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let name_like = |index: usize| -> bool {
        let token = &document.tokens[index];
        let Some(first) = token.word.chars().next() else { return false };
        if !first.is_uppercase() || token.word == "I" || TITLES.contains(&token.word.as_str()) {
            return false;
        }
        let sentence_start = index == 0 || document.tokens[index - 1].sentence != token.sentence;
        !sentence_start || case.usually_capitalised(&token.word)
    };
    let mut runs = Vec::new();
    let mut seen = HashSet::new();
    for participant in &document.participants {
        let indices: Vec<usize> =
            participant.tokens.iter().filter_map(|id| index_of.get(id).copied()).collect();
        let mut position = 0;
        while position < indices.len() {
            if !name_like(indices[position]) {
                position += 1;
                continue;
            }
            let start = position;
            let mut end = position;
            let mut next = position + 1;
            while next < indices.len() && indices[next] == indices[next - 1] + 1 {
                let index = indices[next];
                if name_like(index) {
                    end = next;
                    next += 1;
                    continue;
                }
                let word = document.tokens[index].word.as_str();
                let after_single_capital = word == "."
                    && document.tokens[indices[next - 1]].word.chars().count() == 1
                    && document.tokens[indices[next - 1]].word.chars().all(char::is_uppercase);
                let continues = (CONNECTORS.contains(&word) || after_single_capital)
                    && next + 1 < indices.len()
                    && indices[next + 1] == index + 1
                    && name_like(indices[next + 1]);
                if after_single_capital {
                    // "U . S ." keeps its final full stop only inside a longer name.
                    end = next;
                    next += 1;
                    continue;
                }
                if !continues {
                    break;
                }
                next += 1;
            }
            // A run never ends on a connector or a dangling full stop.
            while end > start && document.tokens[indices[end]].word == "." && !name_like(indices[end]) {
                let previous = &document.tokens[indices[end - 1]].word;
                let initial = previous.chars().count() == 1 && previous.chars().all(char::is_uppercase);
                if initial {
                    break;
                }
                end -= 1;
            }
            if seen.insert((indices[start], indices[end])) {
                runs.push((indices[start], indices[end], participant.kind));
            }
            position = end + 1;
        }
    }
    runs
}

/// A document laid out as text: the text, each token's byte span, and the
/// sentences by number.
type Layout = (String, Vec<(usize, usize)>, Vec<(u32, Sentence)>);

/// The document's text (tokens joined by spaces, sentences by newlines),
/// each token's byte span, and the sentence spans.
fn layout(document: &EcbDocument) -> Layout {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(document.tokens.len());
    let mut sentences: Vec<(u32, Sentence)> = Vec::new();
    for (index, token) in document.tokens.iter().enumerate() {
        let new_sentence = index == 0 || document.tokens[index - 1].sentence != token.sentence;
        if new_sentence {
            if index > 0 {
                text.push('\n');
            }
            sentences.push((token.sentence, Sentence { start: text.len(), end: text.len() }));
        } else {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(&token.word);
        spans.push((start, text.len()));
        if let Some((_, sentence)) = sentences.last_mut() {
            sentence.end = text.len();
        }
    }
    (text, spans, sentences)
}

fn corpus_error(dir: &Path, message: impl Into<String>) -> EvalError {
    EvalError::Format { path: dir.to_path_buf(), message: message.into() }
}

/// Scores the English rules on the name runs of `split`.
pub fn eval_ecb_names(dir: &Path, split: &str) -> Result<EcbNameReport, EvalError> {
    if !["train", "dev", "test"].contains(&split) {
        return Err(corpus_error(dir, format!("ecbplus has splits train, dev and test, not {split:?}")));
    }
    let jsonl_path = dir.join("documents.jsonl");
    let jsonl = std::fs::read_to_string(&jsonl_path)
        .map_err(|source| EvalError::Io { path: jsonl_path.clone(), source })?;
    let mut split_of = HashMap::new();
    for line in jsonl.lines().filter(|line| !line.trim().is_empty()) {
        let value: Value =
            serde_json::from_str(line).map_err(|e| corpus_error(&jsonl_path, e.to_string()))?;
        let field = |name: &str| value.get(name).and_then(Value::as_str).unwrap_or("").to_string();
        split_of.insert(field("doc_id"), field("split_cybulska_vossen"));
    }
    let files = read_tar_xz(&dir.join("ecbplus-xml.tar.xz"), |name| {
        name.ends_with(".xml") || name.ends_with("ECBplus_coreference_sentences.csv")
    })?;
    let mut annotated: HashSet<(String, u32)> = HashSet::new();
    let csv = files
        .iter()
        .find(|(name, _)| name.ends_with("ECBplus_coreference_sentences.csv"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .ok_or_else(|| corpus_error(dir, "ECBplus_coreference_sentences.csv is missing from the archive"))?;
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.trim().split(',').collect();
        if let [topic, file, sentence] = fields.as_slice() {
            if let Ok(sentence) = sentence.trim().parse() {
                annotated.insert((format!("{}_{}", topic.trim(), file.trim()), sentence));
            }
        }
    }
    let patterns = XmlPatterns::new();
    let mut names: Vec<&String> = files.keys().filter(|name| name.ends_with(".xml")).collect();
    names.sort();
    let mut documents = Vec::new();
    let mut case = CaseStatistics::default();
    for name in names {
        let doc_id = name.rsplit('/').next().unwrap_or(name).trim_end_matches(".xml").to_string();
        let xml = String::from_utf8_lossy(&files[name]);
        let document = patterns.parse(&xml);
        // Case statistics come from the whole corpus: they use no labels.
        case.add(&document);
        if split_of.get(&doc_id).map(String::as_str) == Some(split) {
            documents.push((doc_id, document));
        }
    }
    if documents.is_empty() {
        return Err(corpus_error(dir, format!("no ECB+ documents in split {split}")));
    }
    let mut report = EcbNameReport {
        corpus_dir: dir.to_path_buf(),
        split: split.to_string(),
        documents: documents.len(),
        tokens: 0,
        per_type: BTreeMap::new(),
        predicted_in_annotated: 0,
        tagging_seconds: 0.0,
        errors: Vec::new(),
    };
    let mut errors: HashMap<String, usize> = HashMap::new();
    for (doc_id, document) in &documents {
        let (text, spans, sentences) = layout(document);
        let sentence_spans: Vec<Sentence> = sentences.iter().map(|(_, s)| *s).collect();
        report.tokens += document.tokens.len();
        let started = Instant::now();
        let mentions = english::mentions(&text, &sentence_spans);
        report.tagging_seconds += started.elapsed().as_secs_f64();
        let names: Vec<_> = mentions.iter().filter(|m| m.kind != MentionType::Role).collect();
        let in_annotated = |start: usize| {
            sentences.iter().any(|(number, s)| {
                s.start <= start
                    && start < s.end.max(s.start + 1)
                    && annotated.contains(&(doc_id.clone(), *number))
            })
        };
        report.predicted_in_annotated += names.iter().filter(|m| in_annotated(m.start)).count();
        for (first, last, kind) in name_runs(document, &case) {
            if !annotated.contains(&(doc_id.clone(), document.tokens[first].sentence)) {
                continue;
            }
            let (start, end) = (spans[first].0, spans[last].1);
            let mut counts = NameCounts { gold: 1, ..NameCounts::default() };
            let best = names
                .iter()
                .filter(|m| m.start < end && start < m.end)
                .max_by_key(|m| (m.end.min(end) - m.start.max(start), std::cmp::Reverse(m.start)));
            if let Some(mention) = best {
                counts.lenient = 1;
                counts.strict = usize::from(names.iter().any(|m| m.start == start && m.end == end));
                let predicted = match mention.kind {
                    MentionType::Per => "PER",
                    MentionType::Org => "ORG",
                    MentionType::Loc => "LOC",
                    MentionType::Oth | MentionType::Role => "OTH",
                };
                counts.typed = usize::from(predicted == kind);
                if predicted != kind {
                    *errors.entry(format!("{}: {kind} -> {predicted}", &text[start..end])).or_default() += 1;
                }
            } else {
                *errors.entry(format!("{}: {kind} -> missed", &text[start..end])).or_default() += 1;
            }
            report.per_type.entry(kind.to_string()).or_default().add(counts);
        }
    }
    // Errors are listed only where looking at them is allowed.
    if split != "test" {
        let mut errors: Vec<(String, usize)> = errors.into_iter().collect();
        errors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        report.errors = errors;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Document doc_name="1_1ecb.xml">
<token t_id="1" sentence="0" number="0">The</token>
<token t_id="2" sentence="0" number="1">U</token>
<token t_id="3" sentence="0" number="2">.</token>
<token t_id="4" sentence="0" number="3">S</token>
<token t_id="5" sentence="0" number="4">.</token>
<token t_id="6" sentence="0" number="5">Department</token>
<token t_id="7" sentence="0" number="6">of</token>
<token t_id="8" sentence="0" number="7">Justice</token>
<token t_id="9" sentence="0" number="8">'s</token>
<token t_id="10" sentence="0" number="9">lawyers</token>
<token t_id="11" sentence="1" number="0">He</token>
<token t_id="12" sentence="1" number="1">met</token>
<token t_id="13" sentence="1" number="2">Tara</token>
<token t_id="14" sentence="1" number="3">Reid</token>
<token t_id="15" sentence="1" number="4">in</token>
<token t_id="16" sentence="1" number="5">Fulton</token>
<token t_id="17" sentence="1" number="6">County</token>
<token t_id="18" sentence="1" number="7">,</token>
<token t_id="19" sentence="1" number="8">Ga</token>
<Markables>
<HUMAN_PART_ORG m_id="1"  >
  <token_anchor t_id="1"/>
  <token_anchor t_id="2"/>
  <token_anchor t_id="3"/>
  <token_anchor t_id="4"/>
  <token_anchor t_id="5"/>
  <token_anchor t_id="6"/>
  <token_anchor t_id="7"/>
  <token_anchor t_id="8"/>
  <token_anchor t_id="9"/>
</HUMAN_PART_ORG>
<HUMAN_PART_PER m_id="2"  >
  <token_anchor t_id="11"/>
</HUMAN_PART_PER>
<HUMAN_PART_PER m_id="3"  >
  <token_anchor t_id="13"/>
  <token_anchor t_id="14"/>
</HUMAN_PART_PER>
<LOC_GEO m_id="4"  >
  <token_anchor t_id="15"/>
  <token_anchor t_id="16"/>
  <token_anchor t_id="17"/>
  <token_anchor t_id="18"/>
  <token_anchor t_id="19"/>
</LOC_GEO>
<ACTION_OCCURRENCE m_id="5"  >
  <token_anchor t_id="12"/>
</ACTION_OCCURRENCE>
</Markables>
</Document>"#;

    fn words(document: &EcbDocument, run: (usize, usize, &'static str)) -> (String, &'static str) {
        let text: Vec<&str> = document.tokens[run.0..=run.1].iter().map(|t| t.word.as_str()).collect();
        (text.join(" "), run.2)
    }

    #[test]
    fn name_runs_come_from_participant_markables() {
        let document = XmlPatterns::new().parse(XML);
        assert_eq!(document.tokens.len(), 19);
        assert_eq!(document.participants.len(), 4, "the event markable is not a participant");
        let mut case = CaseStatistics::default();
        case.add(&document);
        // "he" and "the" written lower-case mid-sentence elsewhere.
        case.lower.insert("he".into(), 3);
        case.lower.insert("the".into(), 3);
        let runs: Vec<_> = name_runs(&document, &case).into_iter().map(|run| words(&document, run)).collect();
        assert_eq!(
            runs,
            vec![
                ("U . S . Department of Justice".to_string(), "ORG"),
                ("Tara Reid".to_string(), "PER"),
                ("Fulton County".to_string(), "LOC"),
                ("Ga".to_string(), "LOC"),
            ]
        );
    }

    #[test]
    fn layout_maps_tokens_to_bytes() {
        let document = XmlPatterns::new().parse(XML);
        let (text, spans, sentences) = layout(&document);
        assert_eq!(sentences.len(), 2);
        assert_eq!(&text[spans[12].0..spans[13].1], "Tara Reid");
        assert_eq!(&text[sentences[1].1.start..sentences[1].1.end], "He met Tara Reid in Fulton County , Ga");
    }

    #[test]
    fn xml_escapes_are_decoded_and_garbage_is_empty() {
        let document =
            XmlPatterns::new().parse(r#"<token t_id="1" sentence="0" number="0">AT&amp;T</token>"#);
        assert_eq!(document.tokens[0].word, "AT&T");
        let document = XmlPatterns::new().parse("<Markables><HUMAN_PART_PER m_id=\"1\" ></LOC_GEO>");
        assert!(document.tokens.is_empty() && document.participants.is_empty());
    }

    #[test]
    fn counts_pool_and_divide_safely() {
        let mut counts = NameCounts::default();
        assert_eq!(counts.lenient_recall(), 0.0);
        counts.add(NameCounts { gold: 4, lenient: 3, strict: 2, typed: 3 });
        assert_eq!(counts.strict_recall(), 0.5);
        assert_eq!(counts.type_accuracy(), 1.0);
    }
}
