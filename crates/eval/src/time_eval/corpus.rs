//! Readers for the gold time corpora: WikiWarsDE (ACE-TERN SGML with inline
//! TIMEX2) and TempEval-3 platinum (TimeML with inline TIMEX3).
//!
//! Each document becomes the text we feed the tagger — the content of
//! `<TEXT>` with every tag removed and XML entities resolved, nothing trimmed —
//! and gold spans as byte offsets into that text. The document creation time
//! (`<DATETIME>` / the `CREATION_TIME` TIMEX3 in `<DCT>`) is metadata, not text:
//! it is read as the DCT and is never a gold expression.

use crate::corpus::Split;
use crate::EvalError;
use std::path::{Path, PathBuf};

/// Which gold time corpus a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeCorpusKind {
    /// WikiWarsDE: 22 German Wikipedia war narratives, TIMEX2 gold (`keyinline/*.key.xml`).
    WikiWarsDe,
    /// TempEval-3 platinum: 20 English news articles, TIMEX3 gold (`*.tml`).
    TempEval3,
}

impl TimeCorpusKind {
    /// The corpus' name in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            TimeCorpusKind::WikiWarsDe => "wikiwarsde",
            TimeCorpusKind::TempEval3 => "tempeval3-platinum-en",
        }
    }

    /// ISO 639-1 code of the corpus' language, as passed to our tagger.
    pub fn language(self) -> &'static str {
        match self {
            TimeCorpusKind::WikiWarsDe => "de",
            TimeCorpusKind::TempEval3 => "en",
        }
    }

    /// HeidelTime's `-l` value for the corpus' language.
    pub fn heideltime_language(self) -> &'static str {
        match self {
            TimeCorpusKind::WikiWarsDe => "german",
            TimeCorpusKind::TempEval3 => "english",
        }
    }

    /// HeidelTime's document type: `narratives` for the Wikipedia histories
    /// (as in HeidelTime's own WikiWarsDE evaluation), `news` for TE3.
    pub fn heideltime_type(self) -> &'static str {
        match self {
            TimeCorpusKind::WikiWarsDe => "narratives",
            TimeCorpusKind::TempEval3 => "news",
        }
    }

    /// The annotation scheme of the gold: TIMEX2 (TERN scoring) or TIMEX3 (TE3 scoring).
    pub fn scheme(self) -> &'static str {
        match self {
            TimeCorpusKind::WikiWarsDe => "TIMEX2",
            TimeCorpusKind::TempEval3 => "TIMEX3",
        }
    }
}

/// One gold time expression: `text[start..end]` of its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldTimex {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
    /// The expression as written.
    pub text: String,
    /// TIMEX3 `type` (DATE, TIME, DURATION, SET); `None` for TIMEX2 gold.
    pub kind: Option<String>,
    /// `value` (TIMEX3) or `val` (TIMEX2); `None` when the annotator gave none.
    pub value: Option<String>,
}

/// One evaluation document.
#[derive(Clone, Debug)]
pub struct TimeDoc {
    /// The corpus' id for it (DOCID, else the file stem).
    pub id: String,
    /// Its gold file's name.
    pub file_name: String,
    /// The text fed to the taggers.
    pub text: String,
    /// Document creation time as a date, `YYYY-MM-DD` (what both taggers get).
    pub dct: String,
    /// Gold expressions in text order (the DCT excluded).
    pub gold: Vec<GoldTimex>,
}

/// A loaded time corpus, restricted to one split.
#[derive(Clone, Debug)]
pub struct TimeCorpus {
    /// Which corpus.
    pub kind: TimeCorpusKind,
    /// The folder holding the gold files.
    pub dir: PathBuf,
    /// Documents of the split in file-name order, at most `limit`.
    pub docs: Vec<TimeDoc>,
    /// Documents in the whole corpus (before split and limit).
    pub total_docs: usize,
}

/// Recognises the corpus in `dir` (or in one of its subfolders) by its files:
/// `keyinline/*.key.xml` is WikiWarsDE, `*.tml` files are TempEval-3.
/// Returns the kind and the folder holding the gold files.
pub fn detect(dir: &Path) -> Result<(TimeCorpusKind, PathBuf), EvalError> {
    if !dir.is_dir() {
        return Err(EvalError::Format { path: dir.to_path_buf(), message: "corpus folder not found".into() });
    }
    if let Some(found) = detect_here(dir) {
        return Ok(found);
    }
    // One level down: the releases keep their files in a dated or named subfolder.
    // The subfolder with the most gold files wins (TE3 also ships a 4-file variant).
    let mut best: Option<(usize, TimeCorpusKind, PathBuf)> = None;
    for sub in sorted_entries(dir).into_iter().filter(|p| p.is_dir()) {
        if let Some((kind, gold_dir)) = detect_here(&sub) {
            let count = gold_files(kind, &gold_dir).len();
            if best.as_ref().is_none_or(|(most, _, _)| count > *most) {
                best = Some((count, kind, gold_dir));
            }
        }
    }
    best.map(|(_, kind, gold_dir)| (kind, gold_dir)).ok_or_else(|| EvalError::Format {
        path: dir.to_path_buf(),
        message: "not a time corpus: expected keyinline/*.key.xml (WikiWarsDE) or *.tml files \
                  (TempEval-3 platinum), in this folder or one subfolder"
            .into(),
    })
}

fn detect_here(dir: &Path) -> Option<(TimeCorpusKind, PathBuf)> {
    if !gold_files(TimeCorpusKind::WikiWarsDe, dir).is_empty() {
        Some((TimeCorpusKind::WikiWarsDe, dir.to_path_buf()))
    } else if !gold_files(TimeCorpusKind::TempEval3, dir).is_empty() {
        Some((TimeCorpusKind::TempEval3, dir.to_path_buf()))
    } else {
        None
    }
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(read) => read.filter_map(|entry| entry.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    entries.sort();
    entries
}

/// The gold files of a corpus folder, sorted by file name.
fn gold_files(kind: TimeCorpusKind, dir: &Path) -> Vec<PathBuf> {
    let (folder, suffix) = match kind {
        TimeCorpusKind::WikiWarsDe => (dir.join("keyinline"), ".key.xml"),
        TimeCorpusKind::TempEval3 => (dir.to_path_buf(), ".tml"),
    };
    sorted_entries(&folder)
        .into_iter()
        .filter(|p| {
            p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix))
        })
        .collect()
}

/// Whether the document at `index` (0-based, file-name order) belongs to `split`:
/// even indices are dev, odd ones test (the project's fixed protocol).
pub fn in_split(split: Split, index: usize) -> bool {
    match split {
        Split::All => true,
        Split::Dev => index & 1 == 0,
        Split::Test => index & 1 == 1,
    }
}

/// Detects and loads the corpus in `dir`: the documents of `split`, the first
/// `limit` of them.
pub fn load_time_corpus(dir: &Path, split: Split, limit: Option<usize>) -> Result<TimeCorpus, EvalError> {
    let (kind, gold_dir) = detect(dir)?;
    let files = gold_files(kind, &gold_dir);
    let total_docs = files.len();
    let mut docs = Vec::new();
    for (index, path) in files.iter().enumerate() {
        if !in_split(split, index) {
            continue;
        }
        if limit.is_some_and(|limit| docs.len() >= limit) {
            break;
        }
        let bytes = std::fs::read(path).map_err(|source| EvalError::Io { path: path.clone(), source })?;
        let content = String::from_utf8_lossy(&bytes);
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let parsed = match kind {
            TimeCorpusKind::WikiWarsDe => parse_tern_document(&content, &file_name),
            TimeCorpusKind::TempEval3 => parse_timeml_document(&content, &file_name),
        };
        docs.push(parsed.map_err(|message| EvalError::Format { path: path.clone(), message })?);
    }
    Ok(TimeCorpus { kind, dir: gold_dir, docs, total_docs })
}

/// Parses an ACE-TERN document with inline TIMEX2 (`<DOCID>`, `<DATETIME>`, `<TEXT>`).
pub fn parse_tern_document(content: &str, file_name: &str) -> Result<TimeDoc, String> {
    let datetime = element_inner(content, "DATETIME").ok_or("no <DATETIME> element (the DCT)")?;
    let dct_text = strip_markup(datetime).text;
    let dct =
        date_part(dct_text.trim()).ok_or_else(|| format!("DATETIME {:?} is not a date", dct_text.trim()))?;
    let text_inner = element_inner(content, "TEXT").ok_or("no <TEXT> element")?;
    let stripped = strip_markup(text_inner);
    let gold = stripped
        .spans
        .into_iter()
        .filter(|span| span.tag.eq_ignore_ascii_case("TIMEX2"))
        .map(|span| GoldTimex {
            start: span.start,
            end: span.end,
            text: stripped.text.get(span.start..span.end).unwrap_or_default().to_string(),
            kind: None,
            value: attribute(&span.attributes, "val").map(str::to_string),
        })
        .collect();
    Ok(TimeDoc {
        id: doc_id(content, file_name, ".key.xml"),
        file_name: file_name.to_string(),
        text: stripped.text,
        dct,
        gold,
    })
}

/// Parses a TimeML document with inline TIMEX3 (`<DOCID>`, `<DCT>`, `<TEXT>`).
pub fn parse_timeml_document(content: &str, file_name: &str) -> Result<TimeDoc, String> {
    let dct_inner = element_inner(content, "DCT").ok_or("no <DCT> element")?;
    let dct_spans = strip_markup(dct_inner).spans;
    let creation = dct_spans
        .iter()
        .find(|span| {
            span.tag.eq_ignore_ascii_case("TIMEX3")
                && attribute(&span.attributes, "functionInDocument") == Some("CREATION_TIME")
        })
        .or_else(|| dct_spans.iter().find(|span| span.tag.eq_ignore_ascii_case("TIMEX3")))
        .ok_or("no TIMEX3 in <DCT>")?;
    let value = attribute(&creation.attributes, "value").unwrap_or_default();
    let dct = date_part(value).ok_or_else(|| format!("DCT value {value:?} is not a date"))?;
    let text_inner = element_inner(content, "TEXT").ok_or("no <TEXT> element")?;
    let stripped = strip_markup(text_inner);
    let gold = stripped
        .spans
        .into_iter()
        .filter(|span| {
            span.tag.eq_ignore_ascii_case("TIMEX3")
                && attribute(&span.attributes, "functionInDocument") != Some("CREATION_TIME")
        })
        .map(|span| GoldTimex {
            start: span.start,
            end: span.end,
            text: stripped.text.get(span.start..span.end).unwrap_or_default().to_string(),
            kind: attribute(&span.attributes, "type").map(str::to_string),
            value: attribute(&span.attributes, "value").map(str::to_string),
        })
        .collect();
    Ok(TimeDoc {
        id: doc_id(content, file_name, ".tml"),
        file_name: file_name.to_string(),
        text: stripped.text,
        dct,
        gold,
    })
}

fn doc_id(content: &str, file_name: &str, suffix: &str) -> String {
    element_inner(content, "DOCID")
        .map(|inner| strip_markup(inner).text.trim().to_string())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| file_name.strip_suffix(suffix).unwrap_or(file_name).to_string())
}

/// `YYYY-MM-DD` from a date or date-time value (`2011-02-16T17:00:00` → `2011-02-16`).
fn date_part(value: &str) -> Option<String> {
    let date = value.get(..10)?;
    let bytes = date.as_bytes();
    let digits =
        |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    let shaped = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10);
    shaped.then(|| date.to_string())
}

/// The raw content between `<NAME …>` and the first `</NAME>` after it
/// (element names compared case-sensitively, as the corpora write them).
fn element_inner<'a>(content: &'a str, name: &str) -> Option<&'a str> {
    let mut search_from = 0;
    while let Some(found) = content.get(search_from..)?.find(&format!("<{name}")) {
        let open = search_from + found;
        let after_name = open + 1 + name.len();
        let next = content.as_bytes().get(after_name).copied();
        // `<TEXT>` or `<TEXT attr…>`, not `<TEXTUAL>`.
        if matches!(next, Some(b'>') | Some(b' ') | Some(b'\t') | Some(b'\n') | Some(b'\r')) {
            let open_end = after_name + content.get(after_name..)?.find('>')? + 1;
            let close = open_end + content.get(open_end..)?.find(&format!("</{name}>"))?;
            return content.get(open_end..close);
        }
        search_from = after_name;
    }
    None
}

/// A tagged region of stripped text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedSpan {
    /// The element name as written (`TIMEX3`, `EVENT`, …).
    pub tag: String,
    /// Its attributes, values unescaped, in order.
    pub attributes: Vec<(String, String)>,
    /// Start byte offset in the stripped text.
    pub start: usize,
    /// End byte offset in the stripped text.
    pub end: usize,
}

/// Text with its markup removed, and where each element was.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stripped {
    /// The character data, entities resolved.
    pub text: String,
    /// Every element, in order of its end tag (inner elements first).
    pub spans: Vec<TaggedSpan>,
}

/// An element whose end tag is still to come: name, attributes, start offset.
type OpenElement = (String, Vec<(String, String)>, usize);

/// Removes tags from an XML/SGML fragment, resolving entities, and records
/// the byte range each element covers in the result. Tolerant of broken
/// markup: a `<` that starts no tag is text, an unmatched end tag is ignored,
/// elements still open at the end close there. Nesting is handled with an
/// explicit stack (no recursion).
pub fn strip_markup(fragment: &str) -> Stripped {
    let mut out = Stripped::default();
    let mut open: Vec<OpenElement> = Vec::new();
    let mut rest = fragment;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.text.push_str(&unescape(rest));
            break;
        };
        let (before, from_lt) = rest.split_at(lt);
        out.text.push_str(&unescape(before));
        if let Some(after) = from_lt.strip_prefix("<!--") {
            rest = after.find("-->").and_then(|end| after.get(end + 3..)).unwrap_or("");
            continue;
        }
        let Some(gt) = from_lt.find('>') else {
            out.text.push_str(&unescape(from_lt));
            break;
        };
        let (tag, after) = from_lt.split_at(gt + 1);
        let inner = tag.get(1..tag.len() - 1).unwrap_or_default();
        let name_ok = |c: char| c.is_ascii_alphabetic() || c == '/' || c == '?' || c == '!';
        if !inner.starts_with(name_ok) || inner.contains('<') {
            // `a < b` in text: this `<` is not markup; go on after it.
            out.text.push('<');
            rest = from_lt.get(1..).unwrap_or_default();
            continue;
        }
        rest = after;
        if let Some(closing) = inner.strip_prefix('/') {
            let name = closing.trim();
            if let Some(position) = open.iter().rposition(|(open_name, _, _)| open_name == name) {
                // Close this element and any left open inside it.
                while open.len() > position {
                    if let Some((tag, attributes, start)) = open.pop() {
                        out.spans.push(TaggedSpan { tag, attributes, start, end: out.text.len() });
                    }
                }
            }
            continue;
        }
        if inner.starts_with('?') || inner.starts_with('!') {
            continue;
        }
        let self_closing = inner.ends_with('/');
        let body = inner.trim_end_matches('/');
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let (name, attribute_text) = body.split_at(name_end);
        let attributes = parse_attributes(attribute_text);
        if self_closing {
            let at = out.text.len();
            out.spans.push(TaggedSpan { tag: name.to_string(), attributes, start: at, end: at });
        } else {
            open.push((name.to_string(), attributes, out.text.len()));
        }
    }
    while let Some((tag, attributes, start)) = open.pop() {
        out.spans.push(TaggedSpan { tag, attributes, start, end: out.text.len() });
    }
    // Text order; an outer element (earlier start, later end) before its inner ones.
    out.spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    out
}

/// `name="value"` / `name='value'` pairs (values unescaped); anything else skipped.
fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        let Some(eq) = rest.find('=') else { break };
        let name = rest.get(..eq).unwrap_or_default().trim();
        let after = rest.get(eq + 1..).unwrap_or_default().trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            // Unquoted value: up to the next space.
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            attributes.push((name.to_string(), unescape(after.get(..end).unwrap_or_default())));
            rest = after.get(end..).unwrap_or_default();
            continue;
        };
        let value_start = quote.len_utf8();
        let Some(close) = after.get(value_start..).and_then(|v| v.find(quote)) else { break };
        let value = after.get(value_start..value_start + close).unwrap_or_default();
        // A name may carry junk before it (`x y="1"`): keep its last word.
        let name = name.rsplit(char::is_whitespace).next().unwrap_or(name);
        attributes.push((name.to_string(), unescape(value)));
        rest = after.get(value_start + close + quote.len_utf8()..).unwrap_or_default();
    }
    attributes
}

/// The value of attribute `name` (ASCII case-insensitive: TIMEX2 files write `val`, APF `VAL`).
pub fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attributes.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
}

/// Resolves the XML entities (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;`, `&#N;`,
/// `&#xH;`); anything else that starts with `&` stays as written.
pub fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let entity_end = after.find(';').filter(|end| *end <= 10);
        let resolved = entity_end.and_then(|end| {
            let name = after.get(..end)?;
            let ch = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse::<u32>().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((ch, end))
        });
        match resolved {
            Some((ch, end)) => {
                out.push(ch);
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_nested_markup_with_offsets() {
        let stripped = strip_markup("a <X v=\"1\">b <Y>c</Y></X> &amp; d");
        assert_eq!(stripped.text, "a b c & d");
        assert_eq!(stripped.spans.len(), 2);
        assert_eq!(
            (stripped.spans[0].tag.as_str(), stripped.spans[0].start, stripped.spans[0].end),
            ("X", 2, 5)
        );
        assert_eq!(
            (stripped.spans[1].tag.as_str(), stripped.spans[1].start, stripped.spans[1].end),
            ("Y", 4, 5)
        );
        assert_eq!(attribute(&stripped.spans[0].attributes, "V"), Some("1"));
    }

    #[test]
    fn broken_markup_is_text_or_closed() {
        let stripped = strip_markup("1 < 2 <T a='x'>open <!-- note --> end</Z> tail <");
        assert_eq!(stripped.text, "1 < 2 open  end tail <");
        assert_eq!(stripped.spans.len(), 1);
        assert_eq!(stripped.spans[0].end, stripped.text.len());
    }

    #[test]
    fn entities_resolve_and_unknown_ones_stay() {
        assert_eq!(unescape("&lt;&#228;&#xE4;&nbsp;&"), "<ää&nbsp;&");
    }

    #[test]
    fn dates_only_from_date_shaped_values() {
        assert_eq!(date_part("2011-02-16T17:00:00").as_deref(), Some("2011-02-16"));
        assert_eq!(date_part("2011-2-16"), None);
        assert_eq!(date_part("März"), None);
    }

    #[test]
    fn split_is_by_parity() {
        assert!(in_split(Split::Dev, 0) && !in_split(Split::Test, 0));
        assert!(in_split(Split::Test, 1) && !in_split(Split::Dev, 1));
        assert!(in_split(Split::All, 7));
    }
}
