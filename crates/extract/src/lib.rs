//! Extract: a [`RawRecord`] in, a clean [`Document`] plus diagnostics out.
//!
//! * [`decode`] — bytes to UTF-8 (BOM, declared charset, `<meta charset>`, detection).
//! * [`html`] — main-content and metadata extraction from HTML pages.
//! * [`text`] — cleaning of plain-text scraped dumps with per-language, data-driven rules.
//! * [`dates`] — parsing of written dates (ISO, RFC 2822, "24. Februar 2025", URL patterns).
//! * [`lang`] — language identification (never assumed).
//!
//! Extraction never panics: anything that cannot become a document is an
//! `Err(Diagnostic)`, anything lost or guessed along the way a warning.
//!
//! Metadata precedence: what the page itself says (JSON-LD, meta tags, a
//! date line in the text) beats what the container says (a JSONL field, a
//! feed item), which beats a date in the URL. For plain-text dumps the title
//! is the exception: a title guessed from the text's layout is weaker than a
//! container's title.

use wirewatch_model::{
    ContentKind, Dateline, Diagnostic, Document, ParagraphKind, Published, RawRecord, TextBuilder,
};

pub mod dates;
pub mod decode;
pub mod html;
pub mod lang;
pub mod mojibake;
pub mod text;

/// A document and what went wrong on the way to it.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The clean document.
    pub document: Document,
    /// Warnings about this document (lost content, guessed encoding, …).
    pub diagnostics: Vec<Diagnostic>,
}

/// What either extractor (HTML or text) found, before assembly.
#[derive(Default)]
struct Found {
    title: Option<String>,
    authors: Vec<String>,
    outlet: Option<String>,
    published: Option<Published>,
    canonical_url: Option<String>,
    declared_language: Option<String>,
    blocks: Vec<(ParagraphKind, String)>,
    /// Whether the title came from the page's own metadata (HTML) rather than layout guessing.
    title_is_authoritative: bool,
}

/// Extracts a clean document from one raw record.
pub fn extract(record: &RawRecord) -> Result<Extracted, Diagnostic> {
    let source = record.source.as_str();
    let mut diagnostics = Vec::new();
    let decoded = decode::decode(&record.bytes, record.hints.charset.as_deref(), record.kind);
    if decoded.had_errors {
        diagnostics.push(Diagnostic::warning(
            source,
            format!("malformed {} byte sequences replaced with U+FFFD", decoded.encoding),
        ));
    }
    if decoded.repaired_sequences > 0 {
        diagnostics.push(Diagnostic::warning(
            source,
            format!(
                "repaired {} doubly decoded sequences (UTF-8 once read as windows-1252, e.g. \"â€™\" for \"’\")",
                decoded.repaired_sequences
            ),
        ));
    }
    match decoded.source {
        decode::EncodingSource::Detected if !record.bytes.is_ascii() => diagnostics
            .push(Diagnostic::warning(source, format!("no charset declared; guessed {}", decoded.encoding))),
        decode::EncodingSource::Utf8OverDeclared => diagnostics.push(Diagnostic::warning(
            source,
            "declared charset contradicted by valid UTF-8 content; read as UTF-8",
        )),
        _ => {}
    }
    if decoded.text.trim().is_empty() {
        return Err(Diagnostic::error(source, "no article text found (empty input)"));
    }

    let found = match record.kind {
        ContentKind::Html => from_html(&decoded.text, record.url.as_deref(), source, &mut diagnostics),
        ContentKind::Text => from_text(&decoded.text, source, &mut diagnostics),
    };

    let mut builder = TextBuilder::new();
    for (kind, block) in &found.blocks {
        builder.push(*kind, block);
    }
    let (body, paragraphs) = builder.finish();
    if body.is_empty() {
        return Err(Diagnostic::error(source, "no article text found"));
    }

    let language = lang::detect_with_hint(&body, found.declared_language.as_deref());
    if language.is_none() {
        diagnostics.push(Diagnostic::warning(source, "language could not be determined"));
    }
    let dateline = find_dateline(&body, &paragraphs);
    let url = found.canonical_url.clone().or_else(|| record.url.clone());
    let published = choose_published(record, found.published, url.as_deref());
    let title = choose_title(record, found.title, found.title_is_authoritative);
    let authors = if found.authors.is_empty() { clean_list(&record.hints.authors) } else { found.authors };
    let outlet = found.outlet.or_else(|| non_empty(record.hints.outlet.as_deref()));

    let document = Document {
        id: record.doc_id(),
        source: record.source.clone(),
        url,
        title,
        authors,
        outlet,
        language,
        published,
        dateline,
        text: body,
        paragraphs,
        encoding: decoded.encoding.to_string(),
        kind: record.kind,
        layers: Default::default(),
    };
    Ok(Extracted { document, diagnostics })
}

fn from_html(page: &str, url: Option<&str>, source: &str, diagnostics: &mut Vec<Diagnostic>) -> Found {
    let article = html::extract_html(page, url);
    let mut found = Found {
        title: article.title,
        authors: article.authors,
        outlet: article.outlet,
        published: article.published,
        canonical_url: article.canonical_url,
        declared_language: article.declared_language,
        blocks: article.blocks,
        title_is_authoritative: true,
    };
    let has_text = found.blocks.iter().any(|(_, block)| !block.trim().is_empty());
    if !has_text {
        // Better all visible text than nothing: the reader can still search it.
        let visible = text::visible::visible_text(page);
        let language = lang::detect_with_hint(&visible, found.declared_language.as_deref());
        let cleaned = text::clean_page_text(&visible, language.as_deref());
        if !cleaned.blocks.is_empty() {
            diagnostics.push(Diagnostic::warning(
                source,
                "no main content found; using all visible text of the page",
            ));
        }
        found.blocks = cleaned.blocks;
        if found.title.is_none() {
            // A title guessed from the layout of the visible text is weak evidence.
            found.title = cleaned.title;
            found.title_is_authoritative = false;
        }
        if found.authors.is_empty() {
            found.authors = cleaned.authors;
        }
        found.published = found.published.or(cleaned.published);
    }
    found
}

fn from_text(dump: &str, source: &str, diagnostics: &mut Vec<Diagnostic>) -> Found {
    let language = lang::detect(dump);
    let cleaned = text::clean(dump, language.as_deref());
    // Boilerplate is a few lines; losing most of the words means a rule misfired
    // or the input is not an article. Say so rather than hide it.
    let removed_words: usize = cleaned
        .removed
        .iter()
        .filter(|(rule, _)| !matches!(*rule, "title" | "author" | "date-line" | "update-line"))
        .map(|(_, line)| line.split_whitespace().count())
        .sum();
    let kept_words: usize = cleaned.blocks.iter().map(|(_, block)| block.split_whitespace().count()).sum();
    if kept_words > 0 && removed_words > kept_words {
        diagnostics.push(Diagnostic::warning(
            source,
            format!("cleaning removed {removed_words} words as boilerplate and kept {kept_words}"),
        ));
    }
    Found {
        title: cleaned.title,
        authors: cleaned.authors,
        published: cleaned.published,
        blocks: cleaned.blocks,
        ..Found::default()
    }
}

/// The page's own date, else the container's, else one in the URL (also when
/// the page extractor itself only found the URL's).
fn choose_published(record: &RawRecord, page: Option<Published>, url: Option<&str>) -> Option<Published> {
    let page_is_url_only = page.as_ref().is_some_and(|published| published.evidence.starts_with("url"));
    if page.is_some() && !page_is_url_only {
        return page;
    }
    if let Some(value) = record.hints.date.as_deref().and_then(dates::parse_date) {
        return Some(Published { value, evidence: container_evidence(&record.source) });
    }
    if page.is_some() {
        return page;
    }
    let from_url = |candidate: &str| {
        dates::date_in_url(candidate)
            .map(|(value, matched)| Published { value, evidence: format!("url:{matched}") })
    };
    url.and_then(from_url).or_else(|| record.url.as_deref().and_then(from_url))
}

/// Evidence label for a container date: `jsonl:date` for `path:LINE` sources,
/// `feed:date` for `path#N` items, `container:date` otherwise.
fn container_evidence(source: &str) -> String {
    let numbered_after = |separator: char| {
        source.rsplit_once(separator).is_some_and(|(path, number)| {
            !path.is_empty() && !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
        })
    };
    if source.contains("://") {
        "container:date".into()
    } else if numbered_after('#') {
        "feed:date".into()
    } else if numbered_after(':') {
        "jsonl:date".into()
    } else {
        "container:date".into()
    }
}

/// The page's metadata title, else the container's, else a title guessed from the text layout.
fn choose_title(record: &RawRecord, found: Option<String>, authoritative: bool) -> Option<String> {
    let found = found.and_then(|title| non_empty(Some(&title)));
    let hinted = non_empty(record.hints.title.as_deref());
    if authoritative {
        found.or(hinted)
    } else {
        hinted.or(found)
    }
}

fn non_empty(value: Option<&str>) -> Option<String> {
    let collapsed = value?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

fn clean_list(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values.iter().filter_map(|value| non_empty(Some(value))) {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// A dateline at the start of one of the first paragraphs (headings skipped).
fn find_dateline(body: &str, paragraphs: &[wirewatch_model::Paragraph]) -> Option<Dateline> {
    paragraphs
        .iter()
        .filter(|paragraph| paragraph.kind == ParagraphKind::Paragraph)
        .take(text::dateline::MAX_PARAGRAPHS)
        .find_map(|paragraph| {
            let content = body.get(paragraph.start..paragraph.end)?;
            let (start, end) = text::dateline::find(content)?;
            let place = content.get(start..end)?.to_string();
            Some(Dateline { place, start: paragraph.start + start, end: paragraph.start + end })
        })
}

/// Cleans a text dump without a record around it; a cheap entry point for fuzzing.
pub fn clean_text_for_fuzz(input: &str) -> text::CleanText {
    text::clean(input, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_container_date_beats_a_url_date_from_the_page() {
        let record = RawRecord {
            source: "feed.xml#1".into(),
            url: None,
            kind: ContentKind::Html,
            bytes: Vec::new(),
            hints: wirewatch_model::Hints { date: Some("2025-08-15".into()), ..Default::default() },
        };
        let from_url = Published { value: "2025-08-01".into(), evidence: "url".into() };
        let chosen = choose_published(&record, Some(from_url.clone()), None);
        assert_eq!(chosen.map(|p| p.evidence).as_deref(), Some("feed:date"));
        let from_json_ld = Published { value: "2025-08-02".into(), evidence: "json-ld:datePublished".into() };
        assert_eq!(choose_published(&record, Some(from_json_ld.clone()), None), Some(from_json_ld));
        let no_hint = RawRecord { hints: Default::default(), ..record };
        assert_eq!(choose_published(&no_hint, Some(from_url.clone()), None), Some(from_url));
    }

    #[test]
    fn container_evidence_labels() {
        assert_eq!(container_evidence("data/a.jsonl:12"), "jsonl:date");
        assert_eq!(container_evidence("feeds/x.xml#3"), "feed:date");
        assert_eq!(container_evidence("https://x.de/a"), "container:date");
    }
}
