//! The three real scraped seeds in `../shared/seeds` (licensed text, read at
//! runtime, never copied here). Skipped with a message when absent.

use std::path::PathBuf;
use wirewatch_extract::extract;
use wirewatch_model::{ContentKind, Hints, ParagraphKind, RawRecord};

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WIREWATCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.join("seeds").is_dir().then_some(dir)
}

/// The raw text of the seed whose file name starts with `prefix`.
fn seed(prefix: &str) -> Option<(String, String)> {
    let Some(dir) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return None;
    };
    let entries = std::fs::read_dir(dir.join("seeds")).ok()?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(prefix) && name.ends_with(".txt") {
            let text = std::fs::read_to_string(entry.path()).ok()?;
            return Some((name, text));
        }
    }
    eprintln!("skipping: seed {prefix} not found");
    None
}

fn record(name: &str, text: &str) -> RawRecord {
    RawRecord {
        source: format!("seeds/{name}"),
        url: None,
        kind: ContentKind::Text,
        bytes: text.as_bytes().to_vec(),
        hints: Hints::default(),
    }
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Words of the removed lines must account for every word that is missing:
/// nothing is silently dropped.
fn assert_nothing_silently_dropped(
    raw: &str,
    document_text: &str,
    title: Option<&str>,
    removed_words: usize,
) {
    let kept = words(document_text) + title.map_or(0, words);
    let raw_words = words(raw);
    assert!(
        kept + removed_words >= raw_words,
        "raw {raw_words} words, kept {kept}, removed {removed_words}: words went missing"
    );
}

#[test]
fn seed_000_running_headline_and_author() {
    let Some((name, raw)) = seed("000") else { return };
    let out = extract(&record(&name, &raw)).expect("seed 000 extracts");
    let doc = out.document;
    assert_eq!(
        doc.title.as_deref(),
        Some("Trump und Putin planen Gipfeltreffen – Neue Dynamik im Ukraine-Krieg?")
    );
    assert_eq!(doc.authors, ["P. Tiko"]);
    assert_eq!(doc.published, None);
    assert_eq!(doc.language.as_deref(), Some("de"));
    assert!(doc.text.contains("Deal könnte den Krieg beenden – oder"));
    assert!(doc.text.contains("würde nicht nur Kiew"));
    assert!(!doc.text.contains("Autor:"));
    assert!(!doc.text.contains("Neue Dynamik im Ukraine-Krieg?"), "running headline left in the body");
    let headings: Vec<&str> = doc
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Heading)
        .filter_map(|p| doc.text.get(p.start..p.end))
        .collect();
    assert!(headings.contains(&"Rückkehr zur Realpolitik?"), "{headings:?}");
    assert!(headings.contains(&"Kalkuliertes Machtspiel Moskaus"), "{headings:?}");
    // Everything but title, byline and the three blank-separated fragments is body.
    let cleaned = wirewatch_extract::text::clean(&raw, Some("de"));
    let removed_words: usize = cleaned.removed.iter().map(|(_, line)| words(line)).sum();
    assert_nothing_silently_dropped(&raw, &doc.text, None, removed_words);
    assert_eq!(
        words(&doc.text) + words("Autor: P. Tiko") + words(doc.title.as_deref().unwrap_or("")),
        words(&raw)
    );
}

#[test]
fn seed_001_related_tail_and_headings() {
    let Some((name, raw)) = seed("001") else { return };
    let out = extract(&record(&name, &raw)).expect("seed 001 extracts");
    let doc = out.document;
    assert_eq!(doc.authors, Vec::<String>::new());
    assert_eq!(doc.published, None);
    assert_eq!(doc.title, None, "the first line is body text, not a title");
    assert_eq!(doc.language.as_deref(), Some("de"));
    assert!(!doc.text.contains("Das könnte Sie auch interessieren"));
    assert!(doc.text.starts_with("Donald Trump will offenbar Geschichte schreiben"));
    // One line per paragraph: every line is its own paragraph or heading.
    let lines = raw.lines().filter(|line| !line.trim().is_empty()).count();
    assert_eq!(doc.paragraphs.len(), lines - 1);
    let heading_count = doc.paragraphs.iter().filter(|p| p.kind == ParagraphKind::Heading).count();
    assert_eq!(heading_count, 4);
    assert_eq!(words(&doc.text) + words("Das könnte Sie auch interessieren:"), words(&raw));
}

#[test]
fn seed_002_date_caption_and_dateline() {
    let Some((name, raw)) = seed("002") else { return };
    let out = extract(&record(&name, &raw)).expect("seed 002 extracts");
    let doc = out.document;
    let published = doc.published.as_ref().expect("date line found");
    assert_eq!(published.value, "2025-08-15");
    assert_eq!(published.evidence, "text-line:\"date 2025-08-15\"");
    assert!(!doc.text.contains("Foto:"));
    assert!(!doc.text.contains("Archivfoto"));
    assert!(!doc.text.contains("date 2025"));
    let dateline = doc.dateline.as_ref().expect("dateline found");
    assert_eq!(dateline.place, "Anchorage");
    assert_eq!(doc.text.get(dateline.start..dateline.end), Some("Anchorage"));
    assert!(doc.text.contains("Anchorage - Vor den Augen"), "dateline text stays in the body");
    assert_eq!(doc.language.as_deref(), Some("de"));
    assert!(doc.text.starts_with("Auf dem Boden der USA"));
    let first_line = raw.lines().next().unwrap_or("");
    assert_eq!(words(&doc.text) + words(first_line), words(&raw));
}

/// Prints the cleaned seeds for inspection: `cargo test -p wirewatch-extract --test seeds -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_seeds() {
    for prefix in ["000", "001", "002"] {
        let Some((name, raw)) = seed(prefix) else { return };
        let cleaned = wirewatch_extract::text::clean(&raw, Some("de"));
        println!(
            "=== {name}\ntitle: {:?}\nauthors: {:?}\npublished: {:?}\ndateline: {:?}",
            cleaned.title, cleaned.authors, cleaned.published, cleaned.dateline
        );
        for (rule, line) in &cleaned.removed {
            println!("  removed [{rule}] {line}");
        }
        for (kind, block) in &cleaned.blocks {
            let short: String = block.chars().take(90).collect();
            println!("  {kind:?}: {short}");
        }
    }
}
