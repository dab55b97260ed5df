//! Labelled sentences in the GermEval 2014 / CoNLL style: one token per
//! line with BIO labels for the outer and the embedded (inner) entity.
//!
//! This is the training format of `wirewatch train ner`; the evaluation
//! reads the same format, so both sides agree on what a sentence is.

/// One labelled sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelledSentence {
    /// Where the sentence came from (GermEval's `#` comment line), if given.
    pub source: String,
    /// The tokens as written.
    pub tokens: Vec<String>,
    /// Outer BIO labels (`B-PER`, `I-LOCderiv`, `O`), one per token.
    pub outer: Vec<String>,
    /// Inner (embedded) BIO labels, one per token; all `O` when the file has no inner column.
    pub inner: Vec<String>,
}

#[cfg(test)]
impl LabelledSentence {
    /// A sentence with outer labels only (inner all `O`), for unit tests.
    pub(crate) fn outer_only(tokens: &[&str], outer: &[&str]) -> LabelledSentence {
        LabelledSentence {
            source: String::new(),
            tokens: tokens.iter().map(|t| t.to_string()).collect(),
            outer: outer.iter().map(|l| l.to_string()).collect(),
            inner: vec!["O".to_string(); tokens.len()],
        }
    }
}

/// A malformed line in a labelled file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for ParseError {}

/// Parses GermEval 2014 TSV: `#\tsource…` comment lines, then
/// `index\ttoken\touter\tinner` lines, sentences separated by blank lines.
/// A three-column file (no inner labels) is accepted too.
pub fn parse_germeval(text: &str) -> Result<Vec<LabelledSentence>, ParseError> {
    let mut sentences = Vec::new();
    let mut current = LabelledSentence::default();
    let flush = |current: &mut LabelledSentence, sentences: &mut Vec<LabelledSentence>| {
        if !current.tokens.is_empty() {
            sentences.push(std::mem::take(current));
        } else {
            current.source.clear();
        }
    };
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut current, &mut sentences);
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            // A `#` token line has an index first, so a line starting with
            // `#` is always a comment.
            flush(&mut current, &mut sentences);
            current.source =
                comment.split('\t').map(str::trim).find(|part| !part.is_empty()).unwrap_or("").to_string();
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() < 3 {
            return Err(ParseError {
                line: number + 1,
                reason: format!("expected 3 or 4 tab-separated columns, found {}", columns.len()),
            });
        }
        let label_ok = |label: &str| label == "O" || label.starts_with("B-") || label.starts_with("I-");
        let outer = columns[2].trim();
        let inner = columns.get(3).map(|label| label.trim()).unwrap_or("O");
        if !label_ok(outer) || !label_ok(inner) {
            return Err(ParseError {
                line: number + 1,
                reason: format!("not a BIO label: {outer:?} / {inner:?}"),
            });
        }
        current.tokens.push(columns[1].to_string());
        current.outer.push(outer.to_string());
        current.inner.push(inner.to_string());
    }
    flush(&mut current, &mut sentences);
    Ok(sentences)
}

/// A labelled span: tokens `start..end` of a sentence, with its type (`PER`, `LOCderiv`, …).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chunk {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The entity type without the BIO prefix.
    pub kind: String,
}

/// The chunks of a BIO label sequence. An `I-X` that does not continue an
/// `X` chunk starts a new one (the CoNLL evaluation convention).
pub fn chunks<S: AsRef<str>>(labels: &[S]) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut open: Option<Chunk> = None;
    for (index, label) in labels.iter().enumerate() {
        let label = label.as_ref();
        let (prefix, kind) = match label.split_once('-') {
            Some((prefix, kind)) if prefix == "B" || prefix == "I" => (prefix, kind),
            _ => ("O", ""),
        };
        let continues = prefix == "I" && open.as_ref().is_some_and(|chunk| chunk.kind == kind);
        if continues {
            if let Some(chunk) = open.as_mut() {
                chunk.end = index + 1;
            }
            continue;
        }
        chunks.extend(open.take());
        if prefix != "O" {
            open = Some(Chunk { start: index, end: index + 1, kind: kind.to_string() });
        }
    }
    chunks.extend(open);
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_comments_tokens_and_both_label_columns() {
        let text = "#\thttp://example.org\t[2010-01-01]\n1\tKremlchef\tO\tO\n2\tWladimir\tB-PER\tO\n3\tPutin\tI-PER\tO\n\n#\tx\n1\tUni\tB-ORG\tO\n2\tHamburg\tI-ORG\tB-LOC\n";
        let sentences = parse_germeval(text).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].source, "http://example.org");
        assert_eq!(sentences[0].tokens, ["Kremlchef", "Wladimir", "Putin"]);
        assert_eq!(chunks(&sentences[0].outer), vec![Chunk { start: 1, end: 3, kind: "PER".into() }]);
        assert_eq!(chunks(&sentences[1].inner), vec![Chunk { start: 1, end: 2, kind: "LOC".into() }]);
    }

    #[test]
    fn rejects_malformed_lines_with_their_number() {
        let error = parse_germeval("1\tonly-two\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert!(parse_germeval("1\tx\tB_PER\tO\n").is_err());
        assert_eq!(parse_germeval("").unwrap(), vec![]);
    }

    #[test]
    fn stray_inside_labels_start_a_chunk() {
        let labels = ["I-PER", "I-PER", "B-LOC", "I-ORG", "O"];
        let found = chunks(&labels);
        assert_eq!(found.len(), 3);
        assert_eq!((found[0].start, found[0].end), (0, 2));
        assert_eq!(found[2].kind, "ORG");
    }
}
