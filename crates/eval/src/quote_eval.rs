//! Quote evaluation (`wirewatch eval quotes`): SpkAtt 2023 task 1 and the
//! news gold set of `crates/eval/gold/quotes`.
//!
//! The corpus is recognised from the folder: `gold.jsonl` means the news gold
//! set, `dev/` plus `train/` or `test-goldcues/` means SpkAtt 2023.
//!
//! # SpkAtt 2023 task 1 (Bundestag speeches, German)
//!
//! Splits: `train` (177 speeches; rule development may look at it), `dev`
//! (18; the held-out report), `test` (= `test-goldcues/`, 72 speeches whose
//! role spans are blind: only cue scores are reported there). Nothing here is
//! tuned on test.
//!
//! **Mapping.** Each speech is rebuilt as one text: its tokens joined by one
//! space, its sentences (ordered by `SentenceId`) joined by one space, with a
//! byte range per token. `QuoteFinder::find` runs on that text with the gold
//! sentence spans and the mentions of the German entity tagger (none when the
//! tagger cannot be loaded). Every quote except a `term` becomes one
//! predicted speech event: the tokens its cue overlaps → `Cue`, the tokens
//! its speaker span overlaps → `Source`, the tokens its parts overlap →
//! `Message` (quotation marks are not part of our content spans, and the
//! gold includes them only sometimes, so they are not added). Quotes sharing
//! the same cue tokens are one event (the gold has one event per cue), their
//! messages and sources united. A second system line scores
//! `QuoteFinder::cue_tokens` on the gold tokenisation, sentence by sentence;
//! each run of adjacent cue tokens is one predicted cue. A third line,
//! *combined*, adds to `find`'s events every `cue_tokens` cue that shares no
//! token with a `find` cue (a speech event without a quote still has a cue
//! in SpkAtt).
//!
//! **Scoring.** The official scorer was never published in the task
//! repository, and PROVENANCE.md only names the overview paper's
//! "token-overlap P/R/F1" (§5.2). We implement the closest reading we can
//! support: proportional (token-overlap) precision and recall per event, the
//! scheme of the winning system's published "Match-F1"
//! (aehrm/spkatt_gepade), with roles tied to their cue as in the scorer of
//! the GePaDe follow-up release (roles of a wrongly placed cue earn nothing).
//! Per speech:
//! 1. predicted and gold events are aligned one-to-one by their cues: the
//!    alignment with the largest sum of cue-token Jaccard overlaps
//!    (Hungarian method); events without a cue token are never aligned;
//! 2. for a set of labels (the *classes*), events with no token in the
//!    classes are left out of that score (a Source score counts only events
//!    that have a Source);
//! 3. for an aligned pair, `tp`, `fp` and `fn` count `(label, token)` pairs
//!    over the classes; the pair earns precision `tp / (tp + fp)` and recall
//!    `tp / (tp + fn)`;
//! 4. precision = earned precision / predicted events, recall = earned
//!    recall / gold events, summed over all speeches; F1 their harmonic mean.
//!
//! The class sets: *cue* = `Cue`; *Source*, *Message* each alone; *all roles*
//! = `PTC`, `Source`, `Message`, `Addr`, `Topic`, `Medium`, `Evidence`
//! (`PTC`, the separated verb particle, is kept with the roles because it is
//! a separate key in the data and is empty throughout the test files);
//! *joint* = cue and all roles together. Our engine predicts no `Addr`,
//! `Topic`, `Medium`, `Evidence` or `PTC`, so their gold tokens count against
//! recall, as they would in the shared task.
//!
//! Published test-set figures (winner, rule baseline) are printed beside ours
//! for context; they were not measured here and are on test, while our role
//! figures are on dev.
//!
//! # News gold set
//!
//! `crates/eval/gold/quotes`: `*.txt` articles (UTF-8 plain text, named
//! `de-NNN.txt` / `en-NNN.txt`, the prefix giving the language) and
//! `gold.jsonl`, one line per quote (per part for split or multi-paragraph
//! quotes, tied by `group`): byte offsets of the content without marks, its
//! kind, cue, speaker span, speaker name and split. A file's split is its
//! gold lines' split; a file without gold lines takes the set's convention
//! (odd number `dev`, even `test`). `--split all` scores every file.
//!
//! Each article runs through the analyse stage on its plain text: sentences
//! ([`wirewatch_analyse::segment::sentences`]), mentions of the German
//! entity tagger, then `QuoteFinder::find`, with the language of the file
//! name. Metrics:
//! * detection per kind (direct, indirect, term, attribution): a predicted
//!   unit matches a gold unit of the same kind when their content spans
//!   overlap by at least half of the longer one; units are the parts of a
//!   quote (a split quote's parts score as parts); matching is one-to-one,
//!   largest overlap first;
//! * speaker accuracy over matched direct quotes: right when the gold gives
//!   no speaker and we give none, or when our speaker span overlaps the gold
//!   speaker span, or when our speaker (as written, or the mention it
//!   resolves to) contains the surname (last word) of the gold
//!   `speaker_name`. A gold part without speaker fields takes them from the
//!   other parts of its group.
//!
//! Goals from issue 5: direct F1 ≥ 0.95 and speaker accuracy ≥ 0.90.
//! On `--split dev` the table also lists the errors, for rule development.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};
use wirewatch_analyse::entities::EntityTagger;
use wirewatch_analyse::quotes::roles::{CueExample, RoleExample, RoleLabeller};
use wirewatch_analyse::quotes::QuoteFinder;
use wirewatch_model::{Mention, Quote, QuoteKind, Sentence};

use crate::EvalError;

/// Calls into the quote engine, in one place.
mod engine {
    use wirewatch_analyse::quotes::QuoteFinder;
    use wirewatch_model::{Mention, Quote, Sentence};

    /// All quotes of `text`.
    pub(super) fn find(
        text: &str,
        sentences: &[Sentence],
        mentions: &[Mention],
        language: Option<&str>,
    ) -> Vec<Quote> {
        QuoteFinder::shared().find(text, sentences, mentions, language)
    }

    /// Cue token indices of one tokenised sentence.
    pub(super) fn cue_tokens(tokens: &[&str], language: Option<&str>) -> Vec<usize> {
        QuoteFinder::shared().cue_tokens(tokens, language)
    }
}

// ---------------------------------------------------------------------------
// Shared helpers

fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator > 0.0 {
        numerator / denominator
    } else {
        0.0
    }
}

fn f1_of(precision: f64, recall: f64) -> f64 {
    ratio(2.0 * precision * recall, precision + recall)
}

/// Rounds a percentage to two decimals for the JSON report.
fn pct(x: f64) -> f64 {
    (x * 10_000.0).round() / 100.0
}

/// At most `max_chars` characters of `text`, on one line.
fn snippet(text: &str, max_chars: usize) -> String {
    let flat: String = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let mut cut: String = flat.chars().take(max_chars).collect();
        cut.push('…');
        cut
    }
}

/// Loads the entity tagger and the quote lexicons before anything is timed.
fn warm_up() {
    // Lexicons and word classes load lazily on first use, so run everything once.
    let text = "Angela Merkel sagte in Berlin: „Wir schaffen das.“";
    let sentences = wirewatch_analyse::segment::sentences(text, Some("de"));
    let (mentions, _) = mentions_for(text, &sentences);
    let _ = engine::find(text, &sentences, &mentions, Some("de"));
    let _ = engine::cue_tokens(&["Er", "sagte", "es"], Some("de"));
}

fn mentions_for(text: &str, sentences: &[Sentence]) -> (Vec<Mention>, bool) {
    match EntityTagger::german() {
        Ok(tagger) => (tagger.mentions(text, sentences), true),
        Err(_) => (Vec::new(), false),
    }
}

/// Which quote corpus a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteCorpusKind {
    /// SpkAtt 2023 task 1 (`dev/`, `train/`, `test-goldcues/`).
    SpkAtt2023,
    /// The news gold set (`*.txt` + `gold.jsonl`).
    NewsGold,
}

impl QuoteCorpusKind {
    /// Recognises the corpus from the folder's contents.
    pub fn detect(dir: &Path) -> Result<QuoteCorpusKind, EvalError> {
        if dir.join("gold.jsonl").is_file() {
            Ok(QuoteCorpusKind::NewsGold)
        } else if dir.join("dev").is_dir()
            && (dir.join("test-goldcues").is_dir() || dir.join("train").is_dir())
        {
            Ok(QuoteCorpusKind::SpkAtt2023)
        } else {
            Err(EvalError::BadOption(format!(
                "{}: not a quote corpus (expected gold.jsonl for the news gold set, or dev/ with \
                 train/ or test-goldcues/ for spkatt2023-parliament-de)",
                dir.display()
            )))
        }
    }
}

/// The result of `wirewatch eval quotes`.
#[derive(Clone, Debug)]
pub enum QuoteReport {
    /// SpkAtt 2023 task 1 (boxed: it is several times larger).
    SpkAtt(Box<SpkAttReport>),
    /// The news gold set.
    News(NewsReport),
}

impl QuoteReport {
    /// One JSON object in the shape every `wirewatch eval` prints.
    pub fn to_json(&self) -> Value {
        match self {
            QuoteReport::SpkAtt(report) => report.to_json(),
            QuoteReport::News(report) => report.to_json(),
        }
    }

    /// The report as a table.
    pub fn print_table(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match self {
            QuoteReport::SpkAtt(report) => report.print_table(out),
            QuoteReport::News(report) => report.print_table(out),
        }
    }
}

/// Runs the evaluation on `corpus` (SpkAtt 2023 or the news gold set);
/// `split` defaults to `test`.
pub fn eval_quotes(corpus: &Path, split: Option<&str>) -> Result<QuoteReport, EvalError> {
    let split = split.unwrap_or("test");
    match QuoteCorpusKind::detect(corpus)? {
        QuoteCorpusKind::SpkAtt2023 => {
            eval_spkatt(corpus, split).map(|report| QuoteReport::SpkAtt(Box::new(report)))
        }
        QuoteCorpusKind::NewsGold => eval_news(corpus, split).map(QuoteReport::News),
    }
}

// ---------------------------------------------------------------------------
// SpkAtt 2023

/// The labels of a SpkAtt event, in this order in [`SpkEvent::labels`].
pub const SPKATT_LABELS: [&str; 8] =
    ["Cue", "PTC", "Source", "Message", "Addr", "Topic", "Medium", "Evidence"];

const CUE: usize = 0;
const SOURCE: usize = 2;
const MESSAGE: usize = 3;
/// Class set: the cue.
pub const CLASSES_CUE: &[usize] = &[CUE];
/// Class set: the Source role.
pub const CLASSES_SOURCE: &[usize] = &[SOURCE];
/// Class set: the Message role.
pub const CLASSES_MESSAGE: &[usize] = &[MESSAGE];
/// Class set: every role (PTC included, see the module docs).
pub const CLASSES_ROLES: &[usize] = &[1, 2, 3, 4, 5, 6, 7];
/// Class set: cue and every role.
pub const CLASSES_JOINT: &[usize] = &[0, 1, 2, 3, 4, 5, 6, 7];

/// One speech event: for each label of [`SPKATT_LABELS`], its tokens
/// (indices into the speech's token list), sorted and without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpkEvent {
    /// Token sets, indexed like [`SPKATT_LABELS`].
    pub labels: [Vec<usize>; 8],
}

impl SpkEvent {
    fn normalise(&mut self) {
        for tokens in &mut self.labels {
            tokens.sort_unstable();
            tokens.dedup();
        }
    }

    fn has_any(&self, classes: &[usize]) -> bool {
        classes.iter().any(|&class| self.labels.get(class).is_some_and(|tokens| !tokens.is_empty()))
    }
}

/// One SpkAtt speech: tokenised sentences and the gold events.
#[derive(Clone, Debug, Default)]
pub struct SpkSpeech {
    /// File name.
    pub name: String,
    /// Sentences (ordered by `SentenceId`), each a list of tokens.
    pub sentences: Vec<Vec<String>>,
    /// Gold events; token indices count through all sentences in order.
    pub events: Vec<SpkEvent>,
}

/// Parses one SpkAtt task-1 speech (the JSON of one file).
pub fn parse_spkatt(name: &str, json_text: &str) -> Result<SpkSpeech, String> {
    let value: Value = serde_json::from_str(json_text).map_err(|e| e.to_string())?;
    let list = value.get("Sentences").and_then(Value::as_array).ok_or("no Sentences array")?;
    let mut sentences: Vec<(i64, Vec<String>)> = Vec::with_capacity(list.len());
    for sentence in list {
        let id = sentence.get("SentenceId").and_then(Value::as_i64).ok_or("a sentence without SentenceId")?;
        let tokens = sentence
            .get("Tokens")
            .and_then(Value::as_array)
            .ok_or("a sentence without Tokens")?
            .iter()
            .map(|t| t.as_str().map(str::to_string).ok_or("a token that is not a string"))
            .collect::<Result<Vec<_>, _>>()?;
        sentences.push((id, tokens));
    }
    sentences.sort_by_key(|(id, _)| *id);
    // "sentence:token" → global token index.
    let mut first_token: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
    let mut offset = 0usize;
    for (id, tokens) in &sentences {
        first_token.insert(*id, (offset, tokens.len()));
        offset += tokens.len();
    }
    let resolve = |reference: &str| -> Result<usize, String> {
        let (sentence, token) =
            reference.split_once(':').ok_or_else(|| format!("bad token reference {reference:?}"))?;
        let sentence: i64 =
            sentence.trim().parse().map_err(|_| format!("bad token reference {reference:?}"))?;
        let token: usize = token.trim().parse().map_err(|_| format!("bad token reference {reference:?}"))?;
        match first_token.get(&sentence) {
            Some(&(start, len)) if token < len => Ok(start + token),
            _ => Err(format!("token reference {reference:?} out of range")),
        }
    };
    let mut events = Vec::new();
    if let Some(annotations) = value.get("Annotations").and_then(Value::as_array) {
        for annotation in annotations {
            let mut event = SpkEvent::default();
            for (slot, label) in SPKATT_LABELS.iter().enumerate() {
                let Some(references) = annotation.get(*label).and_then(Value::as_array) else { continue };
                for reference in references {
                    let reference = reference.as_str().ok_or("a token reference that is not a string")?;
                    let index = resolve(reference)?;
                    if let Some(tokens) = event.labels.get_mut(slot) {
                        tokens.push(index);
                    }
                }
            }
            event.normalise();
            events.push(event);
        }
    }
    Ok(SpkSpeech {
        name: name.to_string(),
        sentences: sentences.into_iter().map(|(_, t)| t).collect(),
        events,
    })
}

/// A speech rebuilt as running text with a byte range per token.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpeechText {
    /// Tokens joined by one space, sentences joined by one space.
    pub text: String,
    /// Byte range of each token (global index order).
    pub tokens: Vec<(usize, usize)>,
    /// The gold sentences as spans (empty sentences left out).
    pub sentences: Vec<Sentence>,
}

impl SpeechText {
    /// Rebuilds `sentences` as text.
    pub fn build<S: AsRef<str>>(sentences: &[Vec<S>]) -> SpeechText {
        let mut built = SpeechText::default();
        for sentence in sentences {
            let start = built.text.len();
            for token in sentence {
                if !built.text.is_empty() {
                    built.text.push(' ');
                }
                let token_start = built.text.len();
                built.text.push_str(token.as_ref());
                built.tokens.push((token_start, built.text.len()));
            }
            // `start` may sit on the separating space; the sentence begins at its first token.
            let first = built.tokens.len() - sentence.len();
            if let Some(&(sentence_start, _)) = built.tokens.get(first) {
                let _ = start;
                built.sentences.push(Sentence { start: sentence_start, end: built.text.len() });
            }
        }
        built
    }

    /// Indices of the tokens that overlap `start..end` by at least one byte.
    pub fn tokens_in(&self, start: usize, end: usize) -> Vec<usize> {
        if start >= end {
            return Vec::new();
        }
        let first = self.tokens.partition_point(|&(_, token_end)| token_end <= start);
        (first..self.tokens.len())
            .take_while(|&index| self.tokens.get(index).is_some_and(|&(token_start, _)| token_start < end))
            .collect()
    }
}

/// Predicted SpkAtt events from the quotes found in a rebuilt speech (see the module docs).
pub fn events_from_quotes(speech: &SpeechText, quotes: &[Quote]) -> Vec<SpkEvent> {
    let mut events: Vec<SpkEvent> = Vec::new();
    for quote in quotes {
        if quote.kind == QuoteKind::Term {
            continue;
        }
        let mut event = SpkEvent::default();
        if let Some(cue) = quote.cue {
            event.labels[CUE] = speech.tokens_in(cue.start, cue.end);
        }
        if let Some(speaker) = &quote.speaker {
            event.labels[SOURCE] = speech.tokens_in(speaker.start, speaker.end);
        }
        if quote.parts.is_empty() {
            event.labels[MESSAGE] = speech.tokens_in(quote.start, quote.end);
        } else {
            for part in &quote.parts {
                event.labels[MESSAGE].extend(speech.tokens_in(part.start, part.end));
            }
        }
        event.normalise();
        if !event.has_any(CLASSES_JOINT) {
            continue;
        }
        let same_cue = events
            .iter_mut()
            .find(|other| !event.labels[CUE].is_empty() && other.labels[CUE] == event.labels[CUE]);
        match same_cue {
            Some(other) => {
                for (into, from) in other.labels.iter_mut().zip(event.labels.iter()) {
                    into.extend(from.iter().copied());
                }
                other.normalise();
            }
            None => events.push(event),
        }
    }
    events
}

/// Predicted cue events from `cue_tokens` on one speech's gold tokenisation:
/// each run of adjacent cue tokens is one cue.
pub fn events_from_cue_tokens<S: AsRef<str>>(
    sentences: &[Vec<S>],
    mut cue_tokens: impl FnMut(&[&str]) -> Vec<usize>,
) -> Vec<SpkEvent> {
    let mut events = Vec::new();
    let mut offset = 0usize;
    for sentence in sentences {
        let tokens: Vec<&str> = sentence.iter().map(AsRef::as_ref).collect();
        let mut indices: Vec<usize> = cue_tokens(&tokens).into_iter().filter(|&i| i < tokens.len()).collect();
        indices.sort_unstable();
        indices.dedup();
        let mut run: Vec<usize> = Vec::new();
        for index in indices {
            if run.last().is_some_and(|&last| last + 1 != index) {
                let mut event = SpkEvent::default();
                event.labels[CUE] = std::mem::take(&mut run);
                events.push(event);
            }
            run.push(offset + index);
        }
        if !run.is_empty() {
            let mut event = SpkEvent::default();
            event.labels[CUE] = run;
            events.push(event);
        }
        offset += tokens.len();
    }
    events
}

/// Proportional match scores summed over speeches (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MatchScore {
    /// Sum of the precisions of matched predicted events.
    pub precision_sum: f64,
    /// Predicted events (with a token in the classes).
    pub predicted: usize,
    /// Sum of the recalls of matched gold events.
    pub recall_sum: f64,
    /// Gold events (with a token in the classes).
    pub gold: usize,
}

impl MatchScore {
    /// Precision in `[0, 1]`.
    pub fn precision(&self) -> f64 {
        ratio(self.precision_sum, self.predicted as f64)
    }

    /// Recall in `[0, 1]`.
    pub fn recall(&self) -> f64 {
        ratio(self.recall_sum, self.gold as f64)
    }

    /// F1 in `[0, 1]`.
    pub fn f1(&self) -> f64 {
        f1_of(self.precision(), self.recall())
    }

    /// Adds one speech's gold and predicted events, scored on `classes`
    /// over the `(gold, predicted)` event pairs of `aligned` (see [`align_by_cue`]).
    pub fn add_aligned(
        &mut self,
        gold: &[SpkEvent],
        predicted: &[SpkEvent],
        aligned: &[(usize, usize)],
        classes: &[usize],
    ) {
        self.gold += gold.iter().filter(|e| e.has_any(classes)).count();
        self.predicted += predicted.iter().filter(|e| e.has_any(classes)).count();
        for &(g, p) in aligned {
            let (Some(gold_event), Some(predicted_event)) = (gold.get(g), predicted.get(p)) else { continue };
            let (tp, fp, fn_) = label_counts(gold_event, predicted_event, classes);
            if tp == 0 {
                continue;
            }
            self.precision_sum += tp as f64 / (tp + fp) as f64;
            self.recall_sum += tp as f64 / (tp + fn_) as f64;
        }
    }

    fn to_json(self) -> Value {
        json!({
            "precision": pct(self.precision()),
            "recall": pct(self.recall()),
            "f1": pct(self.f1()),
            "gold": self.gold,
            "predicted": self.predicted,
        })
    }
}

/// `(tp, fp, fn)` over `(label, token)` pairs of the classes.
fn label_counts(gold: &SpkEvent, predicted: &SpkEvent, classes: &[usize]) -> (usize, usize, usize) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for &class in classes {
        let (Some(g), Some(p)) = (gold.labels.get(class), predicted.labels.get(class)) else { continue };
        let common = sorted_intersection(g, p);
        tp += common;
        fp += p.len() - common;
        fn_ += g.len() - common;
    }
    (tp, fp, fn_)
}

fn sorted_intersection(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// The largest sum of weights of a one-to-one matching between the rows and
/// columns of `weights` (all rows the same length, weights ≥ 0).
pub fn max_assignment(weights: &[Vec<f64>]) -> f64 {
    assignment(weights).iter().filter_map(|&(row, col)| weights.get(row).and_then(|r| r.get(col))).sum()
}

/// A one-to-one matching of rows to columns of `weights` with the largest
/// sum of weights: the Hungarian method on costs `-weight`, O(n²·m).
/// Returns the `(row, column)` pairs whose weight is above zero.
pub fn assignment(weights: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let rows = weights.len();
    let cols = weights.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    // The method needs rows ≤ columns; transpose otherwise.
    let transposed;
    let (matrix, n, m): (&[Vec<f64>], usize, usize) = if rows <= cols {
        (weights, rows, cols)
    } else {
        transposed = (0..cols)
            .map(|c| {
                (0..rows).map(|r| weights.get(r).and_then(|row| row.get(c)).copied().unwrap_or(0.0)).collect()
            })
            .collect::<Vec<Vec<f64>>>();
        (&transposed, cols, rows)
    };
    let cost = |i: usize, j: usize| -> f64 {
        -matrix.get(i.wrapping_sub(1)).and_then(|row| row.get(j.wrapping_sub(1))).copied().unwrap_or(0.0)
    };
    // Potentials u (rows), v (columns), matching way/p, 1-based with 0 as a sentinel.
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0usize;
            for j in 1..=m {
                if !used[j] {
                    let current = cost(i0, j) - u[i0] - v[j];
                    if current < minv[j] {
                        minv[j] = current;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if j0 == 0 || p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = (1..=m)
        .filter(|&j| p[j] != 0 && -cost(p[j], j) > 0.0)
        .map(|j| if rows <= cols { (p[j] - 1, j - 1) } else { (j - 1, p[j] - 1) })
        .collect();
    pairs.sort_unstable();
    pairs
}

/// Aligns predicted with gold events one-to-one by their cues: the
/// alignment with the largest sum of cue-token Jaccard overlaps. Events
/// without cue tokens are never aligned. Returns `(gold, predicted)` pairs.
pub fn align_by_cue(gold: &[SpkEvent], predicted: &[SpkEvent]) -> Vec<(usize, usize)> {
    let weights: Vec<Vec<f64>> = gold
        .iter()
        .map(|g| {
            predicted
                .iter()
                .map(|p| {
                    let common = sorted_intersection(&g.labels[CUE], &p.labels[CUE]);
                    let union = g.labels[CUE].len() + p.labels[CUE].len() - common;
                    ratio(common as f64, union as f64)
                })
                .collect()
        })
        .collect();
    assignment(&weights)
}

/// A figure published for SpkAtt 2023 task 1 (test set), printed for context.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PublishedSpkAtt {
    /// System.
    pub system: &'static str,
    /// Subtask 1 cue F1.
    pub cues_f1: f64,
    /// Subtask 1 roles F1.
    pub roles_f1: f64,
    /// Subtask 1 joint F1.
    pub joint_f1: f64,
}

/// From `spkatt2023-parliament-de/PROVENANCE.md` (overview paper, Tables 7 and 8; test set).
pub const PUBLISHED_SPKATT: &[PublishedSpkAtt] = &[
    PublishedSpkAtt {
        system: "aehrm (GBERT-large + LoRA), winner",
        cues_f1: 89.28,
        roles_f1: 82.08,
        joint_f1: 82.84,
    },
    PublishedSpkAtt {
        system: "nesasio (Llama-2-70B + QLoRA)",
        cues_f1: 88.92,
        roles_f1: 80.38,
        joint_f1: 81.33,
    },
    PublishedSpkAtt { system: "moiddes", cues_f1: 66.77, roles_f1: 67.78, joint_f1: 67.69 },
    PublishedSpkAtt {
        system: "baseline (cue lexicon + dependency rules)",
        cues_f1: 67.81,
        roles_f1: 43.32,
        joint_f1: 47.56,
    },
];

/// Scores of one SpkAtt run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SpkAttScores {
    /// Cues.
    pub cue: MatchScore,
    /// Source role.
    pub source: MatchScore,
    /// Message role.
    pub message: MatchScore,
    /// All roles.
    pub roles: MatchScore,
    /// Cue and roles.
    pub joint: MatchScore,
}

impl SpkAttScores {
    /// Adds one speech.
    pub fn add_speech(&mut self, gold: &[SpkEvent], predicted: &[SpkEvent]) {
        let aligned = align_by_cue(gold, predicted);
        self.cue.add_aligned(gold, predicted, &aligned, CLASSES_CUE);
        self.source.add_aligned(gold, predicted, &aligned, CLASSES_SOURCE);
        self.message.add_aligned(gold, predicted, &aligned, CLASSES_MESSAGE);
        self.roles.add_aligned(gold, predicted, &aligned, CLASSES_ROLES);
        self.joint.add_aligned(gold, predicted, &aligned, CLASSES_JOINT);
    }
}

/// The result of `wirewatch eval quotes` on SpkAtt 2023.
#[derive(Clone, Debug)]
pub struct SpkAttReport {
    /// Corpus folder.
    pub corpus_dir: PathBuf,
    /// `train`, `dev` or `test`.
    pub split: String,
    /// Speeches scored.
    pub speeches: usize,
    /// Tokens in them.
    pub tokens: usize,
    /// False on `test`, whose role spans are blind.
    pub roles_scored: bool,
    /// `find` on the rebuilt text.
    pub find: SpkAttScores,
    /// `cue_tokens` on the gold tokenisation (cue scores only).
    pub cue_tokens: MatchScore,
    /// `find`'s events plus the `cue_tokens` cues that no `find` cue overlaps.
    pub combined: SpkAttScores,
    /// `cue_events` on the gold tokenisation: cue, source and message per sentence.
    pub events: SpkAttScores,
    /// Whether the entity tagger gave mentions.
    pub mentions_loaded: bool,
    /// Seconds in `find`, one thread.
    pub find_seconds: f64,
    /// Seconds in the entity tagger, one thread.
    pub mention_seconds: f64,
    /// Cue words (lower-cased) of gold events `find` left unaligned, with counts.
    pub missed_cues: BTreeMap<String, usize>,
    /// Cue words of predicted events aligned to no gold event, with counts.
    pub spurious_cues: BTreeMap<String, usize>,
}

/// Reads every speech of a SpkAtt split.
pub fn read_spkatt_split(corpus: &Path, split: &str) -> Result<Vec<SpkSpeech>, EvalError> {
    let folder = match split {
        "train" => "train",
        "dev" => "dev",
        "test" => "test-goldcues",
        other => {
            return Err(EvalError::BadOption(format!(
                "spkatt2023-parliament-de has splits train, dev and test, not {other:?}"
            )))
        }
    };
    let dir = corpus.join(folder);
    let entries = std::fs::read_dir(&dir).map_err(|source| EvalError::Io { path: dir.clone(), source })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .map_err(|source| EvalError::Io { path: path.clone(), source })?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            parse_spkatt(&name, &text).map_err(|message| EvalError::Format { path: path.clone(), message })
        })
        .collect()
}

fn eval_spkatt(corpus: &Path, split: &str) -> Result<SpkAttReport, EvalError> {
    let speeches = read_spkatt_split(corpus, split)?;
    warm_up();
    let mut report = SpkAttReport {
        corpus_dir: corpus.to_path_buf(),
        split: split.to_string(),
        speeches: speeches.len(),
        tokens: speeches.iter().flat_map(|s| &s.sentences).map(Vec::len).sum(),
        roles_scored: split != "test",
        find: SpkAttScores::default(),
        cue_tokens: MatchScore::default(),
        combined: SpkAttScores::default(),
        events: SpkAttScores::default(),
        mentions_loaded: true,
        find_seconds: 0.0,
        mention_seconds: 0.0,
        missed_cues: BTreeMap::new(),
        spurious_cues: BTreeMap::new(),
    };
    for speech in &speeches {
        let built = SpeechText::build(&speech.sentences);
        let started = Instant::now();
        let (mentions, loaded) = mentions_for(&built.text, &built.sentences);
        report.mention_seconds += started.elapsed().as_secs_f64();
        report.mentions_loaded &= loaded;
        let started = Instant::now();
        let quotes = engine::find(&built.text, &built.sentences, &mentions, Some("de"));
        report.find_seconds += started.elapsed().as_secs_f64();
        let predicted = events_from_quotes(&built, &quotes);
        report.find.add_speech(&speech.events, &predicted);
        let tokens: Vec<&str> = speech.sentences.iter().flatten().map(String::as_str).collect();
        let aligned = align_by_cue(&speech.events, &predicted);
        count_cue_words(&speech.events, aligned.iter().map(|&(g, _)| g), &tokens, &mut report.missed_cues);
        count_cue_words(&predicted, aligned.iter().map(|&(_, p)| p), &tokens, &mut report.spurious_cues);
        let cue_events =
            events_from_cue_tokens(&speech.sentences, |tokens| engine::cue_tokens(tokens, Some("de")));
        let aligned = align_by_cue(&speech.events, &cue_events);
        report.cue_tokens.add_aligned(&speech.events, &cue_events, &aligned, CLASSES_CUE);
        report.combined.add_speech(&speech.events, &combine_events(&predicted, &cue_events));
        report.events.add_speech(&speech.events, &events_from_cue_events(&speech.sentences));
    }
    Ok(report)
}

/// Speech events from `QuoteFinder::cue_events` on each gold sentence:
/// cue, source and message token indices, offset to the speech.
pub fn events_from_cue_events<S: AsRef<str>>(sentences: &[Vec<S>]) -> Vec<SpkEvent> {
    events_from_cue_events_labelled(sentences, RoleLabeller::german().ok())
}

/// [`events_from_cue_events`] with the given trained models instead of the
/// shipped ones (`None`: lexicon cues and phrase rules).
pub fn events_from_cue_events_labelled<S: AsRef<str>>(
    sentences: &[Vec<S>],
    labeller: Option<&RoleLabeller>,
) -> Vec<SpkEvent> {
    let finder = wirewatch_analyse::quotes::QuoteFinder::shared();
    let mut events = Vec::new();
    let mut offset = 0usize;
    for (index, sentence) in sentences.iter().enumerate() {
        let tokens: Vec<&str> = sentence.iter().map(AsRef::as_ref).collect();
        let next: Vec<&str> = sentences.get(index + 1).into_iter().flatten().map(AsRef::as_ref).collect();
        let window = tokens.len() + next.len();
        for found in finder.cue_events_labelled(&tokens, &next, Some("de"), labeller) {
            let shift = |indices: &[usize]| -> Vec<usize> {
                let mut shifted: Vec<usize> =
                    indices.iter().filter(|&&i| i < window).map(|&i| offset + i).collect();
                shifted.sort_unstable();
                shifted.dedup();
                shifted
            };
            let mut event = SpkEvent::default();
            event.labels[CUE] = shift(&found.cue);
            event.labels[SOURCE] = shift(&found.source);
            event.labels[MESSAGE] = shift(&found.message);
            for (role, indices) in &found.other_roles {
                if let Some(slot) = SPKATT_LABELS.iter().position(|label| label == role) {
                    event.labels[slot].extend(shift(indices));
                    event.labels[slot].sort_unstable();
                    event.labels[slot].dedup();
                }
            }
            if !event.labels[CUE].is_empty() {
                events.push(event);
            }
        }
        offset += tokens.len();
    }
    events
}

/// The training examples of one speech for the speech-event models: one
/// [`CueExample`] per sentence (BIO cue labels, the rule lexicon's cues as a
/// feature) and one [`RoleExample`] per event (the sentence holding its first
/// cue token and the next sentence, BIO role labels; roles elsewhere are not learned).
pub fn spkatt_examples(speech: &SpkSpeech) -> (Vec<RoleExample>, Vec<CueExample>) {
    let mut starts = Vec::with_capacity(speech.sentences.len());
    let mut offset = 0;
    for sentence in &speech.sentences {
        starts.push(offset);
        offset += sentence.len();
    }
    let mut cue_examples = Vec::with_capacity(speech.sentences.len());
    for (tokens, &start) in speech.sentences.iter().zip(&starts) {
        let mut labels = vec!["O".to_string(); tokens.len()];
        for event in &speech.events {
            let mut previous: Option<usize> = None;
            for index in
                event.labels[CUE].iter().filter_map(|&i| i.checked_sub(start)).filter(|&i| i < tokens.len())
            {
                // A discontinuous cue ("aus … Sicht", "bin … überzeugt"): its
                // later parts are `CueMore`, joined to the part before them.
                let label = match previous {
                    None => "B-Cue".to_string(),
                    Some(p) if p + 1 == index => {
                        let kind = labels.get(p).and_then(|l| l.get(2..)).unwrap_or("Cue");
                        format!("I-{kind}")
                    }
                    Some(_) => "B-CueMore".to_string(),
                };
                if let Some(slot) = labels.get_mut(index) {
                    *slot = label;
                }
                previous = Some(index);
            }
        }
        let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let lexicon_cues = QuoteFinder::shared().cue_tokens(&words, Some("de"));
        cue_examples.push(CueExample { tokens: tokens.clone(), labels, lexicon_cues });
    }
    let mut examples = Vec::with_capacity(speech.events.len());
    for event in &speech.events {
        let Some(&first_cue) = event.labels[CUE].first() else { continue };
        let sentence = starts.partition_point(|&start| start <= first_cue).saturating_sub(1);
        let (Some(&start), Some(first)) = (starts.get(sentence), speech.sentences.get(sentence)) else {
            continue;
        };
        // The cue's sentence and the next one: messages run on into it.
        let sentence_end = first.len();
        let tokens: Vec<String> =
            first.iter().chain(speech.sentences.get(sentence + 1).into_iter().flatten()).cloned().collect();
        let local = |index: usize| index.checked_sub(start).filter(|&i| i < tokens.len());
        let cue: Vec<usize> = event.labels[CUE].iter().filter_map(|&i| local(i)).collect();
        let other_cues: Vec<usize> = speech
            .events
            .iter()
            .flat_map(|other| &other.labels[CUE])
            .filter_map(|&i| local(i))
            .filter(|&i| i < sentence_end && !cue.contains(&i))
            .collect();
        let mut labels = vec!["O".to_string(); tokens.len()];
        for (label, indices) in SPKATT_LABELS.iter().zip(&event.labels).skip(1) {
            let mut previous: Option<usize> = None;
            for index in indices.iter().filter_map(|&i| local(i)) {
                if cue.contains(&index) || labels.get(index).is_none_or(|l| l != "O") {
                    continue;
                }
                let prefix = if previous.is_some_and(|p| p + 1 == index) { "I" } else { "B" };
                labels[index] = format!("{prefix}-{label}");
                previous = Some(index);
            }
        }
        examples.push(RoleExample { tokens, sentence_end, cue, other_cues, labels });
    }
    (examples, cue_examples)
}

/// `find`'s events plus every cue-only event whose cue tokens no `find` cue shares.
pub fn combine_events(found: &[SpkEvent], cues: &[SpkEvent]) -> Vec<SpkEvent> {
    let mut combined = found.to_vec();
    for cue in cues {
        let covered = found.iter().any(|event| sorted_intersection(&event.labels[CUE], &cue.labels[CUE]) > 0);
        if !covered && !cue.labels[CUE].is_empty() {
            combined.push(cue.clone());
        }
    }
    combined
}

/// Adds the cue words of the events not in `aligned` to `counts`.
fn count_cue_words(
    events: &[SpkEvent],
    aligned: impl Iterator<Item = usize>,
    tokens: &[&str],
    counts: &mut BTreeMap<String, usize>,
) {
    let aligned: Vec<usize> = aligned.collect();
    for (index, event) in events.iter().enumerate() {
        if aligned.contains(&index) || event.labels[CUE].is_empty() {
            continue;
        }
        let words: Vec<String> =
            event.labels[CUE].iter().filter_map(|&t| tokens.get(t)).map(|w| w.to_lowercase()).collect();
        *counts.entry(words.join(" ")).or_default() += 1;
    }
}

/// The `n` most frequent entries, most frequent first.
fn top(counts: &BTreeMap<String, usize>, n: usize) -> Vec<(&str, usize)> {
    let mut list: Vec<(&str, usize)> = counts.iter().map(|(word, &count)| (word.as_str(), count)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list.truncate(n);
    list
}

impl SpkAttReport {
    fn tokens_per_s(&self) -> f64 {
        ratio(self.tokens as f64, self.find_seconds)
    }

    /// One JSON object in the shape every `wirewatch eval` prints.
    pub fn to_json(&self) -> Value {
        let mut system = serde_json::Map::new();
        system.insert("cue".into(), self.find.cue.to_json());
        system.insert("cue_f1".into(), json!(pct(self.find.cue.f1())));
        if self.roles_scored {
            system.insert("source".into(), self.find.source.to_json());
            system.insert("message".into(), self.find.message.to_json());
            system.insert("roles".into(), self.find.roles.to_json());
            system.insert("joint".into(), self.find.joint.to_json());
            system.insert("source_f1".into(), json!(pct(self.find.source.f1())));
            system.insert("roles_f1".into(), json!(pct(self.find.roles.f1())));
            system.insert("joint_f1".into(), json!(pct(self.find.joint.f1())));
        } else {
            system.insert("roles".into(), json!("blind on test: role spans are not released"));
        }
        system.insert("cue_tokens".into(), self.cue_tokens.to_json());
        let mut combined = serde_json::Map::new();
        combined.insert("what".into(), json!("find events plus cue_tokens cues no find cue overlaps"));
        combined.insert("cue".into(), self.combined.cue.to_json());
        if self.roles_scored {
            combined.insert("source".into(), self.combined.source.to_json());
            combined.insert("message".into(), self.combined.message.to_json());
            combined.insert("roles".into(), self.combined.roles.to_json());
            combined.insert("joint".into(), self.combined.joint.to_json());
        }
        system.insert("combined".into(), Value::Object(combined));
        let mut events = serde_json::Map::new();
        events.insert(
            "what".into(),
            json!("cue_events on the gold tokenisation: cue, source and message per sentence"),
        );
        events.insert("cue".into(), self.events.cue.to_json());
        if self.roles_scored {
            events.insert("source".into(), self.events.source.to_json());
            events.insert("message".into(), self.events.message.to_json());
            events.insert("roles".into(), self.events.roles.to_json());
            events.insert("joint".into(), self.events.joint.to_json());
            system.insert("events_joint_f1".into(), json!(pct(self.events.joint.f1())));
        }
        system.insert("events".into(), Value::Object(events));
        if self.split != "test" {
            let as_json = |list: Vec<(&str, usize)>| -> Value {
                list.into_iter().map(|(word, count)| json!([word, count])).collect()
            };
            system.insert("missed_cues_top".into(), as_json(top(&self.missed_cues, 30)));
            system.insert("spurious_cues_top".into(), as_json(top(&self.spurious_cues, 30)));
        }
        let peers: serde_json::Map<String, Value> = PUBLISHED_SPKATT
            .iter()
            .map(|row| {
                (
                    row.system.to_string(),
                    json!({
                        "cues_f1": row.cues_f1, "roles_f1": row.roles_f1, "joint_f1": row.joint_f1,
                        "split": "test", "measured_here": false,
                    }),
                )
            })
            .collect();
        json!({
            "task": "quotes",
            "corpus": "spkatt2023-parliament-de",
            "split": self.split,
            "speeches": self.speeches,
            "tokens": self.tokens,
            "metric": "proportional match P/R/F1 (see quote_eval module docs)",
            "mentions": if self.mentions_loaded { "german entity tagger" } else { "none (tagger not loaded)" },
            "system": system,
            "peers": peers,
            "throughput": {
                "tokens_per_s": self.tokens_per_s().round(),
                "cores": 1,
                "what": "QuoteFinder::find on rebuilt speeches; entity tagging not included",
                "mention_seconds": (self.mention_seconds * 1000.0).round() / 1000.0,
            },
        })
    }

    /// The report as a table.
    pub fn print_table(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let note = match self.split.as_str() {
            "dev" => " (held-out report; rules may be developed on train)",
            "test" => " (gold cues only; never tuned on)",
            _ => " (development split)",
        };
        writeln!(
            out,
            "SpkAtt 2023 task 1, split {}{note}: {} speeches, {} tokens",
            self.split, self.speeches, self.tokens
        )?;
        writeln!(out, "metric: proportional match P/R/F1 per event (see module docs of quote_eval)")?;
        if !self.mentions_loaded {
            writeln!(out, "note: the entity tagger did not load; speakers found without mentions")?;
        }
        writeln!(out)?;
        writeln!(out, "{:<36} {:>8} {:>8} {:>8} {:>7} {:>7}", "wirewatch", "P", "R", "F1", "gold", "pred")?;
        let line = |out: &mut dyn std::io::Write, name: &str, score: &MatchScore| {
            writeln!(
                out,
                "{:<36} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>7}",
                name,
                score.precision() * 100.0,
                score.recall() * 100.0,
                score.f1() * 100.0,
                score.gold,
                score.predicted
            )
        };
        line(out, "cues (find)", &self.find.cue)?;
        line(out, "cues (cue_tokens, gold tokens)", &self.cue_tokens)?;
        line(out, "cues (combined)", &self.combined.cue)?;
        if !self.roles_scored {
            line(out, "cues (cue_events)", &self.events.cue)?;
        }
        if self.roles_scored {
            line(out, "Source (speaker)", &self.find.source)?;
            line(out, "Message (content)", &self.find.message)?;
            line(out, "all roles", &self.find.roles)?;
            line(out, "joint (cue + roles)", &self.find.joint)?;
            line(out, "all roles (combined)", &self.combined.roles)?;
            line(out, "joint (combined)", &self.combined.joint)?;
            line(out, "cues (cue_events)", &self.events.cue)?;
            line(out, "Source (cue_events)", &self.events.source)?;
            line(out, "Message (cue_events)", &self.events.message)?;
            line(out, "all roles (cue_events)", &self.events.roles)?;
            line(out, "joint (cue_events)", &self.events.joint)?;
        } else {
            writeln!(out, "roles: blind on test (role spans not released); see --split dev")?;
        }
        writeln!(out)?;
        writeln!(out, "published, test set, not measured here:")?;
        writeln!(out, "  {:<44} {:>7} {:>7} {:>7}", "system", "cues", "roles", "joint")?;
        for row in PUBLISHED_SPKATT {
            writeln!(
                out,
                "  {:<44} {:>7.2} {:>7.2} {:>7.2}",
                row.system, row.cues_f1, row.roles_f1, row.joint_f1
            )?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "speed: {:.0} tokens/s on one core (QuoteFinder::find; entity tagging {:.2} s extra)",
            self.tokens_per_s(),
            self.mention_seconds
        )?;
        if self.split != "test" {
            let render = |list: Vec<(&str, usize)>| {
                list.iter().map(|(word, count)| format!("{word} {count}")).collect::<Vec<_>>().join(", ")
            };
            writeln!(out)?;
            writeln!(out, "most missed gold cues: {}", render(top(&self.missed_cues, 30)))?;
            writeln!(out, "most spurious cues: {}", render(top(&self.spurious_cues, 30)))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// News gold set

/// One line of `gold.jsonl`.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldQuote {
    /// Article file name (`de-001.txt`).
    pub file: String,
    /// Content start (byte offset, without quotation marks).
    pub start: usize,
    /// Content end (exclusive).
    pub end: usize,
    /// Direct, indirect, term or attribution.
    pub kind: QuoteKind,
    /// The cue span.
    pub cue: Option<(usize, usize)>,
    /// The speaker span as written nearest the quote.
    pub speaker: Option<(usize, usize)>,
    /// Who the speaker is.
    pub speaker_name: Option<String>,
    /// `dev` or `test`.
    pub split: String,
    /// Parts of one split or multi-paragraph quote share a group.
    pub group: Option<i64>,
}

fn parse_kind(kind: &str) -> Option<QuoteKind> {
    match kind {
        "direct" => Some(QuoteKind::Direct),
        "indirect" => Some(QuoteKind::Indirect),
        "term" => Some(QuoteKind::Term),
        "attribution" => Some(QuoteKind::Attribution),
        _ => None,
    }
}

fn kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Term => "term",
        QuoteKind::Attribution => "attribution",
    }
}

/// The four kinds, in report order.
const KINDS: [QuoteKind; 4] =
    [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Term, QuoteKind::Attribution];

fn span_field(value: &Value, key: &str) -> Result<Option<(usize, usize)>, String> {
    match value.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(pair)) => {
            match (pair.first().and_then(Value::as_u64), pair.get(1).and_then(Value::as_u64)) {
                (Some(start), Some(end)) if pair.len() == 2 && start <= end => {
                    Ok(Some((start as usize, end as usize)))
                }
                _ => Err(format!("{key}: expected [start, end] with start <= end")),
            }
        }
        Some(_) => Err(format!("{key}: expected [start, end] or null")),
    }
}

/// The speaker span and name a group of gold parts shares.
type GroupSpeaker = (Option<(usize, usize)>, Option<String>);

/// Parses `gold.jsonl` (blank lines are skipped); errors name the line.
pub fn parse_gold_jsonl(text: &str) -> Result<Vec<GoldQuote>, String> {
    let mut quotes = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = |message: String| format!("line {}: {message}", number + 1);
        let value: Value = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
        let text_field = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
        let file = text_field("file").ok_or_else(|| at("no file".into()))?;
        let start = value.get("start").and_then(Value::as_u64).ok_or_else(|| at("no start".into()))? as usize;
        let end = value.get("end").and_then(Value::as_u64).ok_or_else(|| at("no end".into()))? as usize;
        if start > end {
            return Err(at("start after end".into()));
        }
        let kind_text = text_field("kind").ok_or_else(|| at("no kind".into()))?;
        let kind = parse_kind(&kind_text).ok_or_else(|| at(format!("unknown kind {kind_text:?}")))?;
        quotes.push(GoldQuote {
            file,
            start,
            end,
            kind,
            cue: span_field(&value, "cue").map_err(at)?,
            speaker: span_field(&value, "speaker").map_err(at)?,
            speaker_name: text_field("speaker_name"),
            split: text_field("split").unwrap_or_default(),
            group: value.get("group").and_then(Value::as_i64),
        });
    }
    // Parts of a group share the speaker: fill the parts that leave it out.
    let mut by_group: BTreeMap<(String, i64), GroupSpeaker> = BTreeMap::new();
    for quote in &quotes {
        if let Some(group) = quote.group {
            let entry = by_group.entry((quote.file.clone(), group)).or_default();
            if entry.0.is_none() {
                entry.0 = quote.speaker;
            }
            if entry.1.is_none() {
                entry.1 = quote.speaker_name.clone();
            }
        }
    }
    for quote in &mut quotes {
        if let Some(&(speaker, ref name)) = quote.group.and_then(|g| by_group.get(&(quote.file.clone(), g))) {
            if quote.speaker.is_none() {
                quote.speaker = speaker;
            }
            if quote.speaker_name.is_none() {
                quote.speaker_name = name.clone();
            }
        }
    }
    Ok(quotes)
}

/// The split of an article without gold lines, by the set's convention: odd number `dev`, even `test`.
fn split_by_number(file: &str) -> Option<&'static str> {
    let digits: String = file.chars().filter(char::is_ascii_digit).collect();
    let number: u64 = digits.parse().ok()?;
    Some(if number % 2 == 1 { "dev" } else { "test" })
}

/// The language of an article from its file name prefix.
fn language_of(file: &str) -> Option<&'static str> {
    if file.starts_with("de-") {
        Some("de")
    } else if file.starts_with("en-") {
        Some("en")
    } else {
        None
    }
}

/// A unit of detection scoring: one part of a quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// Content start.
    pub start: usize,
    /// Content end.
    pub end: usize,
    /// Index of the quote (gold line or predicted quote) it belongs to.
    pub quote: usize,
}

/// True/false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Matched.
    pub tp: usize,
    /// Predicted, unmatched.
    pub fp: usize,
    /// Gold, unmatched.
    pub fn_: usize,
}

impl Counts {
    /// Precision in `[0, 1]`.
    pub fn precision(&self) -> f64 {
        ratio(self.tp as f64, (self.tp + self.fp) as f64)
    }

    /// Recall in `[0, 1]`.
    pub fn recall(&self) -> f64 {
        ratio(self.tp as f64, (self.tp + self.fn_) as f64)
    }

    /// F1 in `[0, 1]`.
    pub fn f1(&self) -> f64 {
        ratio(2.0 * self.tp as f64, (2 * self.tp + self.fp + self.fn_) as f64)
    }

    fn to_json(self) -> Value {
        json!({
            "precision": pct(self.precision()), "recall": pct(self.recall()), "f1": pct(self.f1()),
            "tp": self.tp, "fp": self.fp, "fn": self.fn_,
        })
    }
}

/// True when the two spans overlap by at least half of the longer one.
pub fn spans_match(a: (usize, usize), b: (usize, usize)) -> bool {
    let overlap = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let longer = (a.1.saturating_sub(a.0)).max(b.1.saturating_sub(b.0));
    longer > 0 && overlap * 2 >= longer
}

/// One-to-one matching of gold and predicted units under [`spans_match`],
/// largest overlap first: `(gold index, predicted index)` pairs.
pub fn match_units(gold: &[Unit], predicted: &[Unit]) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (g, gold_unit) in gold.iter().enumerate() {
        for (p, predicted_unit) in predicted.iter().enumerate() {
            if spans_match((gold_unit.start, gold_unit.end), (predicted_unit.start, predicted_unit.end)) {
                let overlap =
                    gold_unit.end.min(predicted_unit.end) - gold_unit.start.max(predicted_unit.start);
                candidates.push((overlap, g, p));
            }
        }
    }
    // Largest overlap first; ties in text order so the result is deterministic.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut predicted_used = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    for (_, g, p) in candidates {
        if !gold_used[g] && !predicted_used[p] {
            gold_used[g] = true;
            predicted_used[p] = true;
            pairs.push((g, p));
        }
    }
    pairs.sort_unstable();
    pairs
}

fn predicted_units(quotes: &[Quote], kind: QuoteKind) -> Vec<Unit> {
    let mut units = Vec::new();
    for (index, quote) in quotes.iter().enumerate() {
        if quote.kind != kind {
            continue;
        }
        if quote.parts.is_empty() {
            units.push(Unit { start: quote.start, end: quote.end, quote: index });
        } else {
            units.extend(quote.parts.iter().map(|part| Unit {
                start: part.start,
                end: part.end,
                quote: index,
            }));
        }
    }
    units
}

/// The last word of a name, lower-cased: what a resolved speaker must contain.
fn surname(name: &str) -> Option<String> {
    name.split_whitespace().last().map(str::to_lowercase)
}

/// Speaker accuracy rule of the news gold set (see the module docs).
pub fn speaker_correct(gold: &GoldQuote, predicted: &Quote, mentions: &[Mention]) -> bool {
    let Some(speaker) = &predicted.speaker else {
        return gold.speaker.is_none() && gold.speaker_name.is_none();
    };
    if let Some((start, end)) = gold.speaker {
        if speaker.start < end && start < speaker.end {
            return true;
        }
    }
    let Some(surname) = gold.speaker_name.as_deref().and_then(surname) else { return false };
    let resolved = speaker.mention.and_then(|index| mentions.get(index)).map(|m| m.text.to_lowercase());
    speaker.text.to_lowercase().contains(&surname) || resolved.is_some_and(|text| text.contains(&surname))
}

/// The result of `wirewatch eval quotes` on the news gold set.
#[derive(Clone, Debug, Default)]
pub struct NewsReport {
    /// Corpus folder.
    pub corpus_dir: PathBuf,
    /// `dev`, `test` or `all`.
    pub split: String,
    /// Articles scored.
    pub files: usize,
    /// Of them German / English.
    pub files_by_language: BTreeMap<String, usize>,
    /// Words in the articles.
    pub words: usize,
    /// Detection per kind name.
    pub detection: BTreeMap<String, Counts>,
    /// Matched direct quotes with the right speaker.
    pub speaker_correct: usize,
    /// Matched direct quotes.
    pub speaker_total: usize,
    /// Matched indirect and attribution quotes with the right speaker.
    pub reported_speaker_correct: usize,
    /// Matched indirect and attribution quotes.
    pub reported_speaker_total: usize,
    /// Seconds in the analyse stage (sentences, mentions, quotes), one thread.
    pub analyse_seconds: f64,
    /// Seconds in `find` alone.
    pub find_seconds: f64,
    /// Errors, one line each (listed in the table on `dev`).
    pub errors: Vec<String>,
}

impl NewsReport {
    /// Speaker accuracy over matched direct quotes, in `[0, 1]`.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_correct as f64, self.speaker_total as f64)
    }

    fn detection_of(&self, kind: QuoteKind) -> Counts {
        self.detection.get(kind_name(kind)).copied().unwrap_or_default()
    }

    /// One JSON object in the shape every `wirewatch eval` prints.
    pub fn to_json(&self) -> Value {
        let direct = self.detection_of(QuoteKind::Direct);
        let mut system = serde_json::Map::new();
        system.insert("direct_f1".into(), json!(pct(direct.f1())));
        system.insert("speaker_accuracy".into(), json!(pct(self.speaker_accuracy())));
        for kind in KINDS {
            system.insert(kind_name(kind).into(), self.detection_of(kind).to_json());
        }
        system.insert(
            "speaker".into(),
            json!({"correct": self.speaker_correct, "matched_direct": self.speaker_total}),
        );
        system.insert(
            "reported_speaker".into(),
            json!({
                "accuracy": pct(ratio(self.reported_speaker_correct as f64, self.reported_speaker_total as f64)),
                "correct": self.reported_speaker_correct,
                "matched_indirect_and_attribution": self.reported_speaker_total,
            }),
        );
        let goals = json!({
            "direct_f1": {"goal": 95.0, "met": direct.f1() >= 0.95},
            "speaker_accuracy": {"goal": 90.0, "met": self.speaker_accuracy() >= 0.90},
        });
        json!({
            "task": "quotes",
            "corpus": "news-gold-quotes",
            "split": self.split,
            "files": self.files,
            "files_by_language": self.files_by_language,
            "words": self.words,
            "system": system,
            "goals": goals,
            "peers": {},
            "errors": self.errors.iter().take(300).collect::<Vec<_>>(),
            "throughput": {
                "docs_per_s": ratio(self.files as f64, self.analyse_seconds).round(),
                "cores": 1,
                "what": "analyse stage on plain text: sentences, entity mentions, quotes",
                "find_docs_per_s": ratio(self.files as f64, self.find_seconds).round(),
            },
        })
    }

    /// The report as a table.
    pub fn print_table(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let languages: Vec<String> =
            self.files_by_language.iter().map(|(language, n)| format!("{n} {language}")).collect();
        writeln!(
            out,
            "News quote gold set, split {}: {} articles ({}), {} words",
            self.split,
            self.files,
            languages.join(", "),
            self.words
        )?;
        writeln!(out, "a unit matches when the content spans overlap by at least half of the longer one")?;
        writeln!(out)?;
        writeln!(
            out,
            "{:<26} {:>8} {:>8} {:>8} {:>6} {:>6} {:>6}",
            "detection", "P", "R", "F1", "tp", "fp", "fn"
        )?;
        for kind in KINDS {
            let counts = self.detection_of(kind);
            writeln!(
                out,
                "{:<26} {:>8.2} {:>8.2} {:>8.2} {:>6} {:>6} {:>6}",
                kind_name(kind),
                counts.precision() * 100.0,
                counts.recall() * 100.0,
                counts.f1() * 100.0,
                counts.tp,
                counts.fp,
                counts.fn_
            )?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "speaker accuracy (matched direct quotes): {:.2} ({}/{})",
            self.speaker_accuracy() * 100.0,
            self.speaker_correct,
            self.speaker_total
        )?;
        writeln!(
            out,
            "speaker accuracy (matched indirect + attribution): {:.2} ({}/{})",
            ratio(self.reported_speaker_correct as f64, self.reported_speaker_total as f64) * 100.0,
            self.reported_speaker_correct,
            self.reported_speaker_total
        )?;
        let direct = self.detection_of(QuoteKind::Direct);
        writeln!(
            out,
            "goals (issue 5): direct F1 >= 95: {}; speaker >= 90: {}",
            if direct.f1() >= 0.95 { "met" } else { "not met" },
            if self.speaker_accuracy() >= 0.90 { "met" } else { "not met" }
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "speed: {:.0} articles/s on one core (sentences + mentions + quotes); quotes alone {:.0} articles/s",
            ratio(self.files as f64, self.analyse_seconds),
            ratio(self.files as f64, self.find_seconds)
        )?;
        if self.split == "dev" && !self.errors.is_empty() {
            writeln!(out)?;
            writeln!(out, "errors ({}):", self.errors.len())?;
            for error in self.errors.iter().take(150) {
                writeln!(out, "  {error}")?;
            }
        }
        Ok(())
    }
}

/// Scores one article: adds its detection counts, speaker checks and errors to `report`.
pub fn score_article(
    report: &mut NewsReport,
    file: &str,
    text: &str,
    gold: &[&GoldQuote],
    quotes: &[Quote],
    mentions: &[Mention],
) {
    let show = |start: usize, end: usize| snippet(text.get(start..end).unwrap_or(""), 70);
    for kind in KINDS {
        let gold_units: Vec<Unit> = gold
            .iter()
            .enumerate()
            .filter(|(_, quote)| quote.kind == kind)
            .map(|(index, quote)| Unit { start: quote.start, end: quote.end, quote: index })
            .collect();
        let predicted = predicted_units(quotes, kind);
        let pairs = match_units(&gold_units, &predicted);
        let counts = report.detection.entry(kind_name(kind).to_string()).or_default();
        counts.tp += pairs.len();
        counts.fp += predicted.len() - pairs.len();
        counts.fn_ += gold_units.len() - pairs.len();
        let name = kind_name(kind);
        for (g, unit) in gold_units.iter().enumerate() {
            if !pairs.iter().any(|&(pg, _)| pg == g) {
                let found_as = quotes
                    .iter()
                    .find(|q| spans_match((q.start, q.end), (unit.start, unit.end)))
                    .map(|q| format!(" (found as {})", kind_name(q.kind)))
                    .unwrap_or_default();
                report.errors.push(format!(
                    "{file} {}..{} missed {name}{found_as}: «{}»",
                    unit.start,
                    unit.end,
                    show(unit.start, unit.end)
                ));
            }
        }
        for (p, unit) in predicted.iter().enumerate() {
            if !pairs.iter().any(|&(_, pp)| pp == p) {
                report.errors.push(format!(
                    "{file} {}..{} spurious {name}: «{}»",
                    unit.start,
                    unit.end,
                    show(unit.start, unit.end)
                ));
            }
        }
        if kind == QuoteKind::Term {
            continue;
        }
        for &(g, p) in &pairs {
            let (Some(gold_unit), Some(predicted_unit)) = (gold_units.get(g), predicted.get(p)) else {
                continue;
            };
            let (Some(gold_quote), Some(quote)) =
                (gold.get(gold_unit.quote), quotes.get(predicted_unit.quote))
            else {
                continue;
            };
            let correct = speaker_correct(gold_quote, quote, mentions);
            if kind == QuoteKind::Direct {
                report.speaker_total += 1;
                report.speaker_correct += usize::from(correct);
            } else {
                report.reported_speaker_total += 1;
                report.reported_speaker_correct += usize::from(correct);
            }
            if !correct {
                let written = gold_quote.speaker.and_then(|(start, end)| text.get(start..end));
                let expected = match (&gold_quote.speaker_name, written) {
                    (Some(name), _) => name.clone(),
                    (None, Some(written)) => format!("«{}» (unnamed)", snippet(written, 40)),
                    (None, None) => "none".to_string(),
                };
                let got = quote.speaker.as_ref().map_or_else(|| "none".to_string(), |s| s.text.clone());
                report.errors.push(format!(
                    "{file} {}..{} {name} speaker: want {expected}, got {got}: «{}»",
                    gold_unit.start,
                    gold_unit.end,
                    show(gold_unit.start, gold_unit.end)
                ));
            }
        }
    }
}

fn eval_news(corpus: &Path, split: &str) -> Result<NewsReport, EvalError> {
    if !matches!(split, "dev" | "test" | "all") {
        return Err(EvalError::BadOption(format!(
            "the news gold set has splits dev, test and all, not {split:?}"
        )));
    }
    let gold_path = corpus.join("gold.jsonl");
    let gold_text = std::fs::read_to_string(&gold_path)
        .map_err(|source| EvalError::Io { path: gold_path.clone(), source })?;
    let gold =
        parse_gold_jsonl(&gold_text).map_err(|message| EvalError::Format { path: gold_path, message })?;
    let entries =
        std::fs::read_dir(corpus).map_err(|source| EvalError::Io { path: corpus.to_path_buf(), source })?;
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
        .filter(|name| name.ends_with(".txt"))
        .collect();
    files.sort();
    let mut report =
        NewsReport { corpus_dir: corpus.to_path_buf(), split: split.to_string(), ..Default::default() };
    warm_up();
    for file in &files {
        let lines: Vec<&GoldQuote> = gold.iter().filter(|quote| &quote.file == file).collect();
        let file_split = lines.first().map(|quote| quote.split.as_str()).or_else(|| split_by_number(file));
        if split != "all" && file_split != Some(split) {
            continue;
        }
        let path = corpus.join(file);
        let text =
            std::fs::read_to_string(&path).map_err(|source| EvalError::Io { path: path.clone(), source })?;
        let language = language_of(file);
        let started = Instant::now();
        let sentences = wirewatch_analyse::segment::sentences(&text, language);
        // The same names the pipeline finds: the German tagger, or the
        // English rules for English articles.
        let mentions =
            wirewatch_analyse::entities::document_mentions(&text, &sentences, language).unwrap_or_default();
        let find_started = Instant::now();
        let quotes = engine::find(&text, &sentences, &mentions, language);
        report.find_seconds += find_started.elapsed().as_secs_f64();
        report.analyse_seconds += started.elapsed().as_secs_f64();
        report.files += 1;
        *report.files_by_language.entry(language.unwrap_or("?").to_string()).or_default() += 1;
        report.words += text.split_whitespace().count();
        score_article(&mut report, file, &text, &lines, &quotes, &mentions);
    }
    // Gold lines naming an article that is not in the folder would silently vanish otherwise.
    for quote in &gold {
        if !files.contains(&quote.file) && (split == "all" || quote.split == split) {
            report.errors.push(format!("{}: gold line for a missing article", quote.file));
            report.detection.entry(kind_name(quote.kind).to_string()).or_default().fn_ += 1;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirewatch_model::{Speaker, TextRange};

    fn event(cue: &[usize], source: &[usize], message: &[usize]) -> SpkEvent {
        let mut event = SpkEvent::default();
        event.labels[CUE] = cue.to_vec();
        event.labels[SOURCE] = source.to_vec();
        event.labels[MESSAGE] = message.to_vec();
        event
    }

    #[test]
    fn spkatt_examples_label_cues_roles_and_discontinuous_cues() {
        let sentences: Vec<Vec<String>> = [
            vec!["Aus", "Sicht", "der", "Grünen", "ist", "das", "falsch", "."],
            vec!["Sie", "sagte", ",", "es", "gehe", "."],
            vec!["Ende", "."],
        ]
        .iter()
        .map(|s| s.iter().map(|t| t.to_string()).collect())
        .collect();
        let mut aus_sicht = event(&[0, 1], &[2, 3], &[4, 5, 6]);
        aus_sicht.labels[CUE] = vec![0, 1];
        // "aus … Sicht" with a token between: the later part is a CueMore.
        let mut split = event(&[8, 10], &[], &[]);
        split.labels[CUE] = vec![8, 10];
        let said = event(&[9], &[8], &[11, 12]);
        let speech = SpkSpeech { name: "x".into(), sentences, events: vec![aus_sicht, split, said] };
        let (roles, cues) = spkatt_examples(&speech);
        assert_eq!(cues.len(), 3);
        assert_eq!(cues[0].labels[..2], ["B-Cue", "I-Cue"]);
        assert_eq!(cues[1].labels[..3], ["B-Cue", "B-Cue", "B-CueMore"]);
        assert!(cues[2].labels.iter().all(|l| l == "O"));
        assert_eq!(roles.len(), 3);
        // The window is the cue's sentence and the next; cue tokens get no role.
        assert_eq!(roles[0].sentence_end, 8);
        assert_eq!(roles[0].tokens.len(), 14);
        assert_eq!(
            roles[0].labels[..8],
            ["O", "O", "B-Source", "I-Source", "B-Message", "I-Message", "I-Message", "O"]
        );
        assert_eq!(roles[2].cue, vec![1]);
        assert_eq!(roles[2].other_cues, vec![0, 2]);
        assert_eq!(roles[2].labels[..5], ["B-Source", "O", "O", "B-Message", "I-Message"]);
        // An event without cue tokens gives no role example; nothing panics.
        let empty = SpkSpeech { name: "e".into(), sentences: vec![], events: vec![SpkEvent::default()] };
        let (roles, cues) = spkatt_examples(&empty);
        assert!(roles.is_empty() && cues.is_empty());
    }

    #[test]
    fn spkatt_dev_joint_stays_at_or_above_70() {
        let shared = std::env::var_os("WIREWATCH_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        let corpus = shared.join("corpora/spkatt2023-parliament-de");
        if !corpus.is_dir() {
            eprintln!("skipping: ../shared not found");
            return;
        }
        let mut scores = SpkAttScores::default();
        for speech in read_spkatt_split(&corpus, "dev").expect("dev reads") {
            scores.add_speech(&speech.events, &events_from_cue_events(&speech.sentences));
        }
        // The shipped speech-event model (issue 5 goal: joint >= 70 on dev).
        assert!(scores.joint.f1() >= 0.70, "joint {:.2}", 100.0 * scores.joint.f1());
        assert!(scores.cue.f1() >= 0.85, "cues {:.2}", 100.0 * scores.cue.f1());
    }

    #[test]
    fn assignment_finds_the_best_one_to_one_matching() {
        // Greedy would take 0.9 and leave 0.1: the optimum is 0.8 + 0.8.
        let weights = vec![vec![0.9, 0.8], vec![0.8, 0.1]];
        assert!((max_assignment(&weights) - 1.6).abs() < 1e-9);
        // More rows than columns, and empty inputs.
        let tall = vec![vec![0.5], vec![1.0], vec![0.2]];
        assert!((max_assignment(&tall) - 1.0).abs() < 1e-9);
        assert_eq!(max_assignment(&[]), 0.0);
        assert_eq!(max_assignment(&[vec![]]), 0.0);
    }

    #[test]
    fn proportional_scores_give_partial_credit() {
        let gold = vec![event(&[1], &[0], &[2, 3, 4, 5])];
        // Right cue, right source, half the message, plus one spurious event.
        let predicted = vec![event(&[1], &[0], &[2, 3]), event(&[9], &[], &[])];
        let mut scores = SpkAttScores::default();
        scores.add_speech(&gold, &predicted);
        assert_eq!(scores.cue.predicted, 2);
        assert!((scores.cue.precision() - 0.5).abs() < 1e-9);
        assert!((scores.cue.recall() - 1.0).abs() < 1e-9);
        assert!((scores.source.f1() - 1.0).abs() < 1e-9);
        assert!((scores.message.precision() - 1.0).abs() < 1e-9);
        assert!((scores.message.recall() - 0.5).abs() < 1e-9);
        // Joint: the matched pair has tp 4 (cue, source, 2 message), fn 2.
        assert!((scores.joint.recall() - 4.0 / 6.0).abs() < 1e-9);
        // The spurious event gets no credit.
        assert!((scores.joint.precision() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn roles_of_a_misplaced_cue_earn_nothing() {
        let gold = vec![event(&[1], &[0], &[2, 3])];
        let predicted = vec![event(&[4], &[0], &[2, 3])];
        let mut scores = SpkAttScores::default();
        scores.add_speech(&gold, &predicted);
        assert_eq!(scores.source.f1(), 0.0);
        assert_eq!(scores.joint.f1(), 0.0);
        assert_eq!((scores.source.gold, scores.source.predicted), (1, 1));
    }

    #[test]
    fn cue_alignment_prefers_the_best_overall_overlap() {
        let gold = vec![event(&[1, 2], &[], &[]), event(&[5], &[], &[])];
        let predicted = vec![event(&[5], &[], &[]), event(&[2], &[], &[]), event(&[9], &[], &[])];
        assert_eq!(align_by_cue(&gold, &predicted), vec![(0, 1), (1, 0)]);
        // Transposed shape (more gold than predicted) gives the same pairs.
        assert_eq!(align_by_cue(&predicted, &gold), vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn combined_events_add_only_new_cues() {
        let found = vec![event(&[1], &[0], &[2])];
        let cues = vec![event(&[1], &[], &[]), event(&[7], &[], &[]), event(&[], &[], &[])];
        let combined = combine_events(&found, &cues);
        assert_eq!(combined.len(), 2);
        assert_eq!(combined[1].labels[CUE], vec![7]);
    }

    #[test]
    fn unaligned_cue_words_are_counted() {
        let tokens = ["Er", "sagte", "und", "meinte", "sagte"];
        let events =
            vec![event(&[1], &[], &[]), event(&[3], &[], &[]), event(&[4], &[], &[]), event(&[99], &[], &[])];
        let mut counts = BTreeMap::new();
        count_cue_words(&events, [1].into_iter(), &tokens, &mut counts);
        assert_eq!(counts.get("sagte"), Some(&2));
        assert_eq!(counts.get("meinte"), None);
        // A reference past the tokens yields an empty word, not a panic.
        assert_eq!(counts.get(""), Some(&1));
        assert_eq!(top(&counts, 1), vec![("sagte", 2)]);
    }

    #[test]
    fn events_without_the_class_are_left_out() {
        let gold = vec![event(&[1], &[], &[])];
        let predicted = vec![event(&[1], &[], &[])];
        let mut score = MatchScore::default();
        score.add_aligned(&gold, &predicted, &align_by_cue(&gold, &predicted), CLASSES_SOURCE);
        assert_eq!((score.gold, score.predicted), (0, 0));
        assert_eq!(score.f1(), 0.0);
    }

    #[test]
    fn spkatt_json_is_parsed_with_sentence_offsets() {
        let json = r#"{"Sentences":[{"SentenceId":1,"Tokens":["er","sagte","es"]},{"SentenceId":0,"Tokens":["A","B"]}],
            "Annotations":[{"Cue":["1:1"],"Source":["1:0"],"Message":["1:2"],"PTC":[],"Addr":[]}]}"#;
        let speech = parse_spkatt("x.json", json).unwrap();
        assert_eq!(speech.sentences[0], vec!["A", "B"]);
        assert_eq!(speech.events.len(), 1);
        assert_eq!(speech.events[0].labels[CUE], vec![3]);
        assert_eq!(speech.events[0].labels[SOURCE], vec![2]);
        assert_eq!(speech.events[0].labels[MESSAGE], vec![4]);
    }

    #[test]
    fn bad_spkatt_input_is_an_error_not_a_panic() {
        assert!(parse_spkatt("x", "not json").is_err());
        assert!(parse_spkatt("x", "{}").is_err());
        let out_of_range =
            r#"{"Sentences":[{"SentenceId":0,"Tokens":["a"]}],"Annotations":[{"Cue":["0:5"]}]}"#;
        assert!(parse_spkatt("x", out_of_range).is_err());
        let malformed = r#"{"Sentences":[{"SentenceId":0,"Tokens":["a"]}],"Annotations":[{"Cue":["zero"]}]}"#;
        assert!(parse_spkatt("x", malformed).is_err());
        let no_annotations = r#"{"Sentences":[{"SentenceId":0,"Tokens":["a"]}]}"#;
        assert!(parse_spkatt("x", no_annotations).unwrap().events.is_empty());
    }

    #[test]
    fn speech_text_keeps_a_token_map() {
        let built = SpeechText::build(&[vec!["„", "Ja", "“", ",", "sagte", "er"], vec![], vec!["Gut", "."]]);
        assert_eq!(built.text, "„ Ja “ , sagte er Gut .");
        assert_eq!(built.sentences.len(), 2);
        assert_eq!(&built.text[built.sentences[1].start..built.sentences[1].end], "Gut .");
        let sagte = built.text.find("sagte").unwrap();
        assert_eq!(built.tokens_in(sagte, sagte + 5), vec![4]);
        // A span over the space and part of the next token still finds that token.
        assert_eq!(built.tokens_in(sagte - 1, sagte + 1), vec![4]);
        assert!(built.tokens_in(5, 5).is_empty());
        assert!(built.tokens_in(1000, 2000).is_empty());
    }

    fn quote(
        kind: QuoteKind,
        parts: &[(usize, usize)],
        cue: Option<(usize, usize)>,
        speaker: Option<(usize, usize, &str)>,
    ) -> Quote {
        Quote {
            start: parts.first().map_or(0, |p| p.0),
            end: parts.last().map_or(0, |p| p.1),
            text: String::new(),
            kind,
            parts: parts.iter().map(|&(start, end)| TextRange { start, end }).collect(),
            cue: cue.map(|(start, end)| TextRange { start, end }),
            speaker: speaker.map(|(start, end, text)| Speaker {
                start,
                end,
                text: text.to_string(),
                mention: None,
            }),
        }
    }

    #[test]
    fn quotes_become_events_and_share_cues() {
        let built = SpeechText::build(&[vec!["„", "Ja", "“", ",", "sagte", "er", ",", "„", "gut", "“", "."]]);
        let at = |word: &str| {
            let start = built.text.find(word).unwrap();
            (start, start + word.len())
        };
        let cue = Some(at("sagte"));
        let speaker = at("er");
        let quotes = vec![
            quote(QuoteKind::Direct, &[at("Ja")], cue, Some((speaker.0, speaker.1, "er"))),
            quote(QuoteKind::Direct, &[at("gut")], cue, None),
            quote(QuoteKind::Term, &[at("gut")], None, None),
        ];
        let events = events_from_quotes(&built, &quotes);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].labels[CUE], vec![4]);
        assert_eq!(events[0].labels[SOURCE], vec![5]);
        assert_eq!(events[0].labels[MESSAGE], vec![1, 8]);
    }

    #[test]
    fn cue_token_runs_are_one_cue() {
        let sentences = vec![vec!["according", "to", "him", "said"], vec!["x", "said"]];
        let events = events_from_cue_tokens(&sentences, |tokens| {
            tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| ["according", "to", "said"].contains(t))
                .map(|(i, _)| i)
                .chain([99])
                .collect()
        });
        let cues: Vec<Vec<usize>> = events.iter().map(|e| e.labels[CUE].clone()).collect();
        assert_eq!(cues, vec![vec![0, 1], vec![3], vec![5]]);
    }

    #[test]
    fn half_overlap_of_the_longer_span_matches() {
        assert!(spans_match((0, 10), (0, 5)));
        assert!(!spans_match((0, 10), (0, 4)));
        assert!(spans_match((0, 10), (2, 12)));
        assert!(!spans_match((0, 0), (0, 0)));
        let gold = vec![Unit { start: 0, end: 10, quote: 0 }, Unit { start: 20, end: 30, quote: 1 }];
        let predicted = vec![Unit { start: 1, end: 10, quote: 0 }, Unit { start: 0, end: 9, quote: 1 }];
        // One gold unit can match only one predicted unit.
        assert_eq!(match_units(&gold, &predicted), vec![(0, 0)]);
    }

    #[test]
    fn gold_jsonl_parses_and_groups_share_speakers() {
        let text = concat!(
            r#"{"file":"de-001.txt","start":1,"end":5,"kind":"direct","cue":[7,12],"speaker":[13,18],"speaker_name":"Wladimir Putin","split":"dev","group":1}"#,
            "\n\n",
            r#"{"file":"de-001.txt","start":20,"end":30,"kind":"direct","cue":null,"speaker":null,"speaker_name":null,"split":"dev","group":1}"#,
            "\n"
        );
        let gold = parse_gold_jsonl(text).unwrap();
        assert_eq!(gold.len(), 2);
        assert_eq!(gold[1].speaker, Some((13, 18)));
        assert_eq!(gold[1].speaker_name.as_deref(), Some("Wladimir Putin"));
        assert_eq!(gold[0].cue, Some((7, 12)));
        assert!(parse_gold_jsonl(r#"{"file":"a","start":5,"end":1,"kind":"direct"}"#).is_err());
        assert!(parse_gold_jsonl(r#"{"file":"a","start":1,"end":2,"kind":"quote"}"#).is_err());
        assert!(parse_gold_jsonl(r#"{"file":"a","start":1,"end":2,"kind":"direct","cue":[3]}"#).is_err());
        assert!(parse_gold_jsonl("{").unwrap_err().starts_with("line 1"));
    }

    #[test]
    fn speaker_is_right_by_span_or_by_surname() {
        let gold = GoldQuote {
            file: "de-001.txt".into(),
            start: 0,
            end: 10,
            kind: QuoteKind::Direct,
            cue: None,
            speaker: Some((20, 25)),
            speaker_name: Some("Wladimir Putin".into()),
            split: "dev".into(),
            group: None,
        };
        let by_span = quote(QuoteKind::Direct, &[(0, 10)], None, Some((22, 30, "Kremlchef")));
        assert!(speaker_correct(&gold, &by_span, &[]));
        let by_name = quote(QuoteKind::Direct, &[(0, 10)], None, Some((50, 55, "Putin")));
        assert!(speaker_correct(&gold, &by_name, &[]));
        let mut by_mention = quote(QuoteKind::Direct, &[(0, 10)], None, Some((50, 52, "er")));
        let mention = Mention {
            start: 60,
            end: 75,
            text: "Wladimir Putin".into(),
            kind: wirewatch_model::MentionType::Per,
            form: None,
            confidence: 1.0,
            role_of: None,
        };
        if let Some(speaker) = by_mention.speaker.as_mut() {
            speaker.mention = Some(0);
        }
        assert!(speaker_correct(&gold, &by_mention, std::slice::from_ref(&mention)));
        let wrong = quote(QuoteKind::Direct, &[(0, 10)], None, Some((50, 55, "Trump")));
        assert!(!speaker_correct(&gold, &wrong, &[]));
        let none = quote(QuoteKind::Direct, &[(0, 10)], None, None);
        assert!(!speaker_correct(&gold, &none, &[]));
        let speakerless = GoldQuote { speaker: None, speaker_name: None, ..gold };
        assert!(speaker_correct(&speakerless, &none, &[]));
        assert!(!speaker_correct(&speakerless, &wrong, &[]));
    }

    #[test]
    fn article_scoring_counts_parts_and_speakers() {
        let text = "„Erster Teil“, sagte Putin. „Zweiter Teil“ und ein „Begriff“.";
        let at = |word: &str| {
            let start = text.find(word).unwrap();
            (start, start + word.len())
        };
        let (first, second, term, putin) =
            (at("Erster Teil"), at("Zweiter Teil"), at("Begriff"), at("Putin"));
        let gold_line = |span: (usize, usize), kind: QuoteKind| GoldQuote {
            file: "de-001.txt".into(),
            start: span.0,
            end: span.1,
            kind,
            cue: None,
            speaker: if kind == QuoteKind::Direct { Some(putin) } else { None },
            speaker_name: if kind == QuoteKind::Direct { Some("Wladimir Putin".into()) } else { None },
            split: "dev".into(),
            group: Some(1),
        };
        let gold = [
            gold_line(first, QuoteKind::Direct),
            gold_line(second, QuoteKind::Direct),
            gold_line(term, QuoteKind::Term),
        ];
        let gold_refs: Vec<&GoldQuote> = gold.iter().collect();
        // One split quote with both parts, and the term predicted as a direct quote.
        let quotes = vec![
            quote(QuoteKind::Direct, &[first, second], None, Some((putin.0, putin.1, "Putin"))),
            quote(QuoteKind::Direct, &[term], None, None),
        ];
        let mut report = NewsReport::default();
        score_article(&mut report, "de-001.txt", text, &gold_refs, &quotes, &[]);
        assert_eq!(report.detection_of(QuoteKind::Direct), Counts { tp: 2, fp: 1, fn_: 0 });
        assert_eq!(report.detection_of(QuoteKind::Term), Counts { tp: 0, fp: 0, fn_: 1 });
        assert_eq!((report.speaker_correct, report.speaker_total), (2, 2));
        assert!(report.errors.iter().any(|e| e.contains("missed term (found as direct)")));
        let json = report.to_json();
        assert_eq!(json["task"], "quotes");
        assert!(json["system"]["direct_f1"].as_f64().unwrap() > 79.0);
    }

    #[test]
    fn split_and_language_come_from_the_file_name() {
        assert_eq!(split_by_number("de-001.txt"), Some("dev"));
        assert_eq!(split_by_number("en-012.txt"), Some("test"));
        assert_eq!(split_by_number("notes.txt"), None);
        assert_eq!(language_of("en-003.txt"), Some("en"));
        assert_eq!(language_of("x.txt"), None);
    }

    #[test]
    fn unknown_folders_and_splits_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(eval_quotes(dir.path(), None), Err(EvalError::BadOption(_))));
        std::fs::write(dir.path().join("gold.jsonl"), "").unwrap();
        assert!(matches!(eval_quotes(dir.path(), Some("train")), Err(EvalError::BadOption(_))));
    }
}
