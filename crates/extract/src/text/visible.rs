//! All visible text of an HTML page: the fallback when main-content
//! extraction finds nothing. A single forward scan over the markup: block
//! elements become paragraph breaks, `<br>` a line break; scripts, styles,
//! comments and other invisible elements are skipped. No tree is built, so
//! neither nesting depth nor malformed markup can hurt.

use crate::html::dom::decode_entities;

/// Elements whose content is never shown as text.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "canvas",
];

/// Elements that start a new block of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The visible text of `html`, blocks separated by blank lines, lines by `\n`.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_text(&mut out, &rest[..open]);
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(close) = rest.find('>') else {
            // An unterminated tag: the rest is not text.
            return out;
        };
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        let is_end = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() {
            continue;
        }
        if !is_end && INVISIBLE.contains(&name.as_str()) && !tag.ends_with('/') {
            rest = skip_past_end_tag(rest, &name);
        } else if BLOCKS.contains(&name.as_str()) {
            out.push_str("\n\n");
        } else if name == "br" {
            out.push('\n');
        }
    }
    push_text(&mut out, rest);
    out
}

/// Skips to just after `</name>` (ASCII case-insensitive), or to the end.
/// Scans forward without copying, so many scripts on a big page stay linear.
fn skip_past_end_tag<'a>(rest: &'a str, name: &str) -> &'a str {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(found) = rest.get(from..).and_then(|tail| tail.find("</")) {
        let tag_start = from + found;
        let name_start = tag_start + 2;
        let candidate = bytes.get(name_start..name_start + name.len());
        if candidate.is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.as_bytes())) {
            // `>` is ASCII, so the slice after it is on a char boundary.
            return rest
                .get(name_start..)
                .and_then(|tail| tail.find('>').and_then(|end| tail.get(end + 1..)))
                .unwrap_or("");
        }
        from = name_start;
    }
    ""
}

fn push_text(out: &mut String, text: &str) {
    if !text.is_empty() {
        out.push_str(&decode_entities(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_scripts_and_breaks_blocks() {
        let text = visible_text(
            "<html><head><title>T</title><style>p{}</style></head><body><p>Erster &amp; Absatz</p>\
             <SCRIPT>var x = 1;</Script><!-- c --><p>Zweiter<br>Satz</p></body></html>",
        );
        assert!(text.contains("Erster & Absatz"), "{text}");
        assert!(text.contains("Zweiter\nSatz"));
        assert!(!text.contains("var x") && !text.contains('T') && !text.contains(" c "));
    }

    #[test]
    fn many_scripts_stay_linear() {
        let page = "<script>var a = '</scr' + 'ipt';</SCRIPT><p>Text</p>".repeat(20_000);
        let started = std::time::Instant::now();
        let text = visible_text(&page);
        assert!(started.elapsed().as_secs() < 5);
        assert_eq!(text.matches("Text").count(), 20_000);
        assert!(!text.contains("var a"));
    }

    #[test]
    fn broken_markup_is_harmless() {
        assert_eq!(visible_text("<p>a<b"), "\n\na");
        assert_eq!(visible_text("<script>never closed"), "");
        assert_eq!(visible_text("<!-- never closed"), "");
        assert_eq!(visible_text("ä<>ö"), "äö");
    }
}
