//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with feed-rs.
//!
//! Each feed item becomes a record: its full content (`content:encoded`,
//! Atom `content`) when present, else its summary/description. The item's
//! title, date and authors and the feed's title (as outlet) become hints,
//! the item's link the URL. Dates are passed on as written in the feed
//! (with their time zone), not as re-formatted by the parser.
//!
//! Feeds written by HTML tools often use entities XML does not define
//! (`&nbsp;`, `&auml;`) or bare `&`. Those are rewritten as numeric
//! references / `&amp;` before parsing, so such feeds parse and their titles
//! read right.

use std::borrow::Cow;

use wirewatch_model::{ContentKind, Hints, RawRecord};

use crate::Item;

/// One feed item, ready to become a record or to have its link fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FeedItem {
    /// The item's link (the article URL).
    pub link: Option<String>,
    /// Title, date, authors and outlet.
    pub hints: Hints,
    /// The item's own content, if it has any.
    pub content: Option<(ContentKind, Vec<u8>)>,
}

/// A parsed feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParsedFeed {
    /// The items in document order.
    pub items: Vec<FeedItem>,
}

/// Parses a feed held in memory and hands one [`Item`] per feed item to
/// `sink`, with source `name#N` (1-based). A feed that cannot be parsed
/// gives one [`Item::Failed`] with the parser's reason and the feed bytes; an
/// item without content gives a failure for that item only.
pub fn parse_feed(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    parse_feed_with(name, bytes, None, sink);
}

/// [`parse_feed`] with a base URI for resolving relative links.
pub(crate) fn parse_feed_with(name: &str, bytes: &[u8], base_uri: Option<&str>, sink: &mut dyn FnMut(Item)) {
    let feed = match load_feed(bytes, base_uri) {
        Ok(feed) => feed,
        Err(reason) => return sink(Item::failed(name, reason, Some(bytes.to_vec()))),
    };
    if feed.items.is_empty() {
        return sink(Item::failed(name, "feed has no items", Some(bytes.to_vec())));
    }
    for (index, item) in feed.items.into_iter().enumerate() {
        let source = format!("{name}#{}", index + 1);
        sink(item_record(source, item));
    }
}

/// The record made of a feed item's own content, or a failure if it has none.
pub(crate) fn item_record(source: String, item: FeedItem) -> Item {
    match item.content {
        Some((kind, bytes)) => {
            Item::Record(RawRecord { source, url: item.link, kind, bytes, hints: item.hints })
        }
        None => Item::failed(source, "feed item has no content (no content, summary or description)", None),
    }
}

/// Parses a feed. Undefined entities are repaired first: quick-xml leaves
/// `&auml;` unexpanded (a title would read `M&auml;rkte`) or rejects it, and
/// the repair only touches what is not well-formed XML. Should the repaired
/// text fail where the original would not, the original is used.
pub(crate) fn load_feed(bytes: &[u8], base_uri: Option<&str>) -> Result<ParsedFeed, String> {
    let parse = |data: &[u8]| feed_rs::parser::Builder::new().base_uri(base_uri).build().parse(data);
    let (feed, data): (feed_rs::model::Feed, Cow<'_, [u8]>) = match repair_entities(bytes) {
        Some(repaired) => match parse(&repaired) {
            Ok(feed) => (feed, Cow::Owned(repaired)),
            Err(first) => match parse(bytes) {
                Ok(feed) => (feed, Cow::Borrowed(bytes)),
                Err(_) => return Err(format!("cannot parse feed: {first}")),
            },
        },
        None => match parse(bytes) {
            Ok(feed) => (feed, Cow::Borrowed(bytes)),
            Err(err) => return Err(format!("cannot parse feed: {err}")),
        },
    };
    let outlet = feed.title.as_ref().map(|title| title.content.trim().to_string()).filter(|t| !t.is_empty());
    let raw_dates = raw_item_dates(&data);
    // The scan is only trusted when it found exactly the parser's items.
    let raw_dates = (raw_dates.len() == feed.entries.len()).then_some(raw_dates);
    let items = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let raw_date = raw_dates.as_ref().and_then(|dates| dates.get(index).cloned().flatten());
            to_item(entry, raw_date, outlet.clone())
        })
        .collect();
    Ok(ParsedFeed { items })
}

fn to_item(entry: feed_rs::model::Entry, raw_date: Option<String>, outlet: Option<String>) -> FeedItem {
    let link = entry
        .links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or_else(|| entry.links.first())
        .map(|link| link.href.trim().to_string())
        .filter(|href| !href.is_empty())
        .or_else(|| crate::is_http_url(&entry.id).then(|| entry.id.clone()));
    let date = raw_date.or_else(|| entry.published.or(entry.updated).map(|date| date.to_rfc3339()));
    let authors = entry
        .authors
        .iter()
        .filter_map(|person| person.name.as_deref().map(author_name))
        .filter(|name| !name.is_empty())
        .collect();
    let hints = Hints {
        title: entry.title.as_ref().map(|title| title.content.trim().to_string()).filter(|t| !t.is_empty()),
        date,
        authors,
        charset: None,
        outlet,
    };
    let content = entry
        .content
        .as_ref()
        .and_then(|content| {
            let body = content.body.as_deref()?;
            (!body.trim().is_empty())
                .then(|| (kind_of(content.content_type.as_ref()), body.as_bytes().to_vec()))
        })
        .or_else(|| {
            let summary = entry.summary.as_ref()?;
            (!summary.content.trim().is_empty())
                .then(|| (kind_of(summary.content_type.as_ref()), summary.content.as_bytes().to_vec()))
        });
    FeedItem { link, hints, content }
}

/// `text/plain` content is text; anything else in a feed is HTML.
fn kind_of(media_type: &str) -> ContentKind {
    if media_type.to_ascii_lowercase().starts_with("text/plain") {
        ContentKind::Text
    } else {
        ContentKind::Html
    }
}

/// RSS `<author>` is often `mail@example.org (Name)`: keep the name.
fn author_name(raw: &str) -> String {
    let raw = raw.trim();
    if let (Some(open), true) = (raw.find('('), raw.ends_with(')')) {
        let before = raw.get(..open).unwrap_or("");
        if before.contains('@') {
            return raw.get(open + 1..raw.len() - 1).unwrap_or(raw).trim().to_string();
        }
    }
    raw.to_string()
}

/// Rewrites HTML named entities that XML does not define as numeric
/// character references, and bare `&` as `&amp;`. CDATA sections are left
/// alone (entities mean nothing there). `None` when nothing needed fixing.
pub(crate) fn repair_entities(bytes: &[u8]) -> Option<Vec<u8>> {
    const XML_ENTITIES: &[&[u8]] = &[b"amp", b"lt", b"gt", b"quot", b"apos"];
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut changed = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let rest = bytes.get(at..).unwrap_or_default();
        if byte == b'<' && rest.starts_with(b"<![CDATA[") {
            let end = find(rest, b"]]>").map_or(rest.len(), |end| end + 3);
            out.extend_from_slice(rest.get(..end).unwrap_or(rest));
            at += end;
            continue;
        }
        if byte != b'&' {
            out.push(byte);
            at += 1;
            continue;
        }
        let name_len =
            rest.iter().skip(1).take(40).take_while(|b| b.is_ascii_alphanumeric() || **b == b'#').count();
        let name = rest.get(1..1 + name_len).unwrap_or_default();
        let terminated = rest.get(1 + name_len) == Some(&b';');
        let valid_xml = terminated
            && (XML_ENTITIES.contains(&name)
                || name.first() == Some(&b'#') && valid_numeric(name.get(1..).unwrap_or_default()));
        if valid_xml {
            out.extend_from_slice(rest.get(..name_len + 2).unwrap_or_default());
            at += name_len + 2;
            continue;
        }
        changed = true;
        let code = terminated
            .then(|| std::str::from_utf8(name).ok().and_then(wirewatch_model::html_entities::lookup))
            .flatten();
        match code {
            Some(code) => {
                out.extend_from_slice(format!("&#{code};").as_bytes());
                at += name_len + 2;
            }
            None => {
                out.extend_from_slice(b"&amp;");
                at += 1;
            }
        }
    }
    changed.then_some(out)
}

/// `123` or `x1F` (the part of a character reference after `#`).
fn valid_numeric(reference: &[u8]) -> bool {
    match reference.split_first() {
        Some((b'x' | b'X', hex)) => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        Some(_) => reference.iter().all(u8::is_ascii_digit),
        None => false,
    }
}

fn find(data: &[u8], needle: &[u8]) -> Option<usize> {
    data.windows(needle.len()).position(|window| window == needle)
}

/// Date elements per item, in order of preference.
const DATE_TAGS: &[&str] = &["pubdate", "published", "issued", "date", "created", "updated", "modified"];

/// The date of each `<item>`/`<entry>` as written in the feed (in document
/// order), found by a light linear scan of the tags. feed-rs converts dates
/// to UTC, losing the publisher's offset (and with it, near midnight, the
/// local calendar day), so the written form is kept where it can be matched.
pub(crate) fn raw_item_dates(bytes: &[u8]) -> Vec<Option<String>> {
    let mut dates = Vec::new();
    // Per open item: the best (lowest rank) date found so far.
    let mut current: Option<Option<(usize, String)>> = None;
    let mut at = 0;
    while let Some(offset) = bytes.get(at..).and_then(|rest| rest.iter().position(|&b| b == b'<')) {
        let start = at + offset;
        let rest = bytes.get(start..).unwrap_or_default();
        let skip_to =
            |marker: &[u8]| find(rest, marker).map_or(bytes.len(), |end| start + end + marker.len());
        if rest.starts_with(b"<![CDATA[") {
            at = skip_to(b"]]>");
            continue;
        }
        if rest.starts_with(b"<!--") {
            at = skip_to(b"-->");
            continue;
        }
        if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            at = skip_to(b">");
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest
            .iter()
            .skip(name_start)
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.'))
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        let tag_end = rest.iter().position(|&b| b == b'>').map_or(bytes.len(), |end| start + end + 1);
        let self_closing = tag_end >= 2 && bytes.get(tag_end - 2) == Some(&b'/');
        at = tag_end.max(start + 1);
        match (closing, local) {
            (false, "item" | "entry") => {
                if current.is_some() {
                    continue; // nested (Atom <source> etc.): stay with the outer item
                }
                if self_closing {
                    dates.push(None);
                } else {
                    current = Some(None);
                }
            }
            (true, "item" | "entry") => {
                if let Some(best) = current.take() {
                    dates.push(best.map(|(_, date)| date));
                }
            }
            (false, tag) if !self_closing => {
                let Some(best) = current.as_mut() else { continue };
                let Some(rank) = DATE_TAGS.iter().position(|date_tag| *date_tag == tag) else { continue };
                if best.as_ref().is_some_and(|(best_rank, _)| *best_rank <= rank) {
                    continue;
                }
                let text_end = bytes
                    .get(at..)
                    .and_then(|r| r.iter().position(|&b| b == b'<'))
                    .map_or(bytes.len(), |e| at + e);
                let text =
                    String::from_utf8_lossy(bytes.get(at..text_end).unwrap_or_default()).trim().to_string();
                if !text.is_empty() {
                    *best = Some((rank, text));
                }
            }
            _ => {}
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_repaired_outside_cdata() {
        let fixed =
            repair_entities(b"a&nbsp;b &auml; AT&T &amp; &#228; &#xE4; &bogus; <![CDATA[&nbsp;]]>").unwrap();
        assert_eq!(
            String::from_utf8(fixed).unwrap(),
            "a&#160;b &#228; AT&amp;T &amp; &#228; &#xE4; &amp;bogus; <![CDATA[&nbsp;]]>"
        );
        assert_eq!(repair_entities(b"fine &amp; &lt;"), None);
    }

    #[test]
    fn raw_dates_follow_items() {
        let xml = br#"<rss><channel><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>
<item><title>a</title><pubDate> Fri, 15 Aug 2025 23:30:00 -0400 </pubDate><dc:date>2025-08-15</dc:date></item>
<item><description><![CDATA[<item><pubDate>x</pubDate>]]></description></item>
<item><dc:date>2025-08-16T01:00:00+02:00</dc:date><updated>2025-08-17</updated></item></channel></rss>"#;
        assert_eq!(
            raw_item_dates(xml),
            vec![
                Some("Fri, 15 Aug 2025 23:30:00 -0400".to_string()),
                None,
                Some("2025-08-16T01:00:00+02:00".to_string())
            ]
        );
    }

    #[test]
    fn author_names_lose_their_mail_address() {
        assert_eq!(author_name("redaktion@example.org (Erika Muster)"), "Erika Muster");
        assert_eq!(author_name("Erika Muster (dpa)"), "Erika Muster (dpa)");
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 200_000;
        let mut xml = String::from(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>x</title><content type="xhtml">"#,
        );
        xml.push_str(&"<div>".repeat(depth));
        xml.push_str(&"</div>".repeat(depth));
        xml.push_str("</content></entry></feed>");
        let mut items = Vec::new();
        parse_feed("deep", xml.as_bytes(), &mut |item| items.push(item));
        assert_eq!(items.len(), 1);
        let unclosed =
            format!(r#"<rss version="2.0"><channel><title>t</title><item><title>{}"#, "<a>".repeat(depth));
        let mut items = Vec::new();
        parse_feed("deep2", unclosed.as_bytes(), &mut |item| items.push(item));
        assert_eq!(items.len(), 1);
    }
}
