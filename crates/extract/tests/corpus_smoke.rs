//! Robustness and speed over the real HTML pages in `../shared/corpora`:
//! every page must extract without panicking, as HTML and (as hostile input)
//! as text. Ignored by default because it takes a while in debug builds:
//! `cargo test --release -p wirewatch-extract --test corpus_smoke -- --ignored --nocapture`.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};
use wirewatch_extract::extract;
use wirewatch_model::{ContentKind, Hints, RawRecord};

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WIREWATCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.is_dir().then_some(dir)
}

/// Reads a file, gunzipping `.gz` with the system `gzip` (no extra dependency for a test).
fn read_page(path: &std::path::Path) -> Option<Vec<u8>> {
    if path.extension().is_some_and(|ext| ext == "gz") {
        let output = Command::new("gzip").arg("-dc").arg(path).output().ok()?;
        output.status.success().then_some(output.stdout)
    } else {
        std::fs::read(path).ok()
    }
}

#[test]
#[ignore]
fn scrapinghub_pages_extract_without_panics() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let mut pages = Vec::new();
    for folder in ["corpora/scrapinghub-aeb/html", "corpora/wcxb-articles/dev/html"] {
        let Ok(entries) = std::fs::read_dir(shared.join(folder)) else { continue };
        for entry in entries.flatten() {
            if let Some(bytes) = read_page(&entry.path()) {
                pages.push((entry.path().display().to_string(), bytes));
            }
        }
    }
    if pages.is_empty() {
        eprintln!("skipping: no corpus pages found");
        return;
    }
    let (mut documents, mut errors, mut html_time, mut text_time) = (0, 0, Duration::ZERO, Duration::ZERO);
    for (source, bytes) in &pages {
        for kind in [ContentKind::Html, ContentKind::Text] {
            let record = RawRecord {
                source: source.clone(),
                url: None,
                kind,
                bytes: bytes.clone(),
                hints: Hints::default(),
            };
            let started = Instant::now();
            let result = extract(&record);
            match kind {
                ContentKind::Html => html_time += started.elapsed(),
                ContentKind::Text => text_time += started.elapsed(),
            }
            match result {
                Ok(out) => {
                    documents += 1;
                    let doc = out.document;
                    for paragraph in &doc.paragraphs {
                        assert!(doc.text.get(paragraph.start..paragraph.end).is_some(), "{source}");
                    }
                }
                Err(_) => errors += 1,
            }
        }
    }
    let count = pages.len() as u32;
    eprintln!(
        "{} pages: {documents} documents, {errors} errors; per page {:?} as HTML, {:?} as text",
        pages.len(),
        html_time / count,
        text_time / count
    );
}
