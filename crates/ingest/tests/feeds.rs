//! Feed files: RSS 2.0 (with HTML entities XML does not define), Atom, RSS 1.0.

mod common;

use std::fs;

use common::{failures, read_file, records};
use wirewatch_ingest::{parse_feed, ContentKind, Item};

const RSS_WITH_ENTITIES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Tagesblatt&nbsp;Online</title>
  <link>https://blatt.invalid/</link>
  <description>Nachrichten f&uuml;r alle</description>
  <item>
    <title>M&auml;rkte &amp; Zinsen</title>
    <link>https://blatt.invalid/2025/08/15/maerkte</link>
    <pubDate>Fri, 15 Aug 2025 23:30:00 +0200</pubDate>
    <dc:creator>Erika Muster</dc:creator>
    <description>Kurz&nbsp;gefasst</description>
    <content:encoded><![CDATA[<p>Der ganze Artikel &ndash; lang.</p>]]></content:encoded>
  </item>
  <item>
    <title>Nur Beschreibung</title>
    <link>https://blatt.invalid/b</link>
    <description>&lt;p&gt;Kurztext &auml;&lt;/p&gt;</description>
  </item>
  <item>
    <title>Leer</title>
    <link>https://blatt.invalid/c</link>
  </item>
</channel>
</rss>"#;

#[test]
fn rss_with_undefined_entities_still_parses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.rss");
    fs::write(&path, RSS_WITH_ENTITIES).unwrap();
    let items = read_file(&path);
    let name = path.display().to_string();
    let records = records(&items);
    assert_eq!(records.len(), 2, "{items:?}");
    let first = records[0];
    assert_eq!(first.source, format!("{name}#1"));
    assert_eq!(first.kind, ContentKind::Html);
    assert_eq!(first.url.as_deref(), Some("https://blatt.invalid/2025/08/15/maerkte"));
    assert_eq!(first.bytes, "<p>Der ganze Artikel &ndash; lang.</p>".as_bytes());
    assert_eq!(first.hints.title.as_deref(), Some("Märkte & Zinsen"));
    // As written, with the publisher's offset (not converted to UTC).
    assert_eq!(first.hints.date.as_deref(), Some("Fri, 15 Aug 2025 23:30:00 +0200"));
    assert_eq!(first.hints.authors, vec!["Erika Muster"]);
    assert_eq!(first.hints.outlet.as_deref(), Some("Tagesblatt\u{a0}Online"));
    let second = records[1];
    assert_eq!(second.source, format!("{name}#2"));
    assert_eq!(second.kind, ContentKind::Html);
    assert_eq!(second.bytes, "<p>Kurztext ä</p>".as_bytes());
    assert_eq!(
        failures(&items),
        vec![(
            format!("{name}#3"),
            "feed item has no content (no content, summary or description)".to_string()
        )]
    );
}

#[test]
fn atom_feed_items_become_records() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Wire</title>
  <id>urn:x</id><updated>2025-08-16T10:00:00Z</updated>
  <entry>
    <title>Entry one</title>
    <link rel="alternate" href="https://wire.invalid/one"/>
    <link rel="enclosure" href="https://wire.invalid/one.mp3"/>
    <id>urn:1</id>
    <published>2025-08-16T09:00:00-05:00</published>
    <updated>2025-08-16T10:00:00Z</updated>
    <author><name>Jane Roe</name></author>
    <author><name>John Doe</name></author>
    <content type="html">&lt;p&gt;Full text&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Entry two</title><id>https://wire.invalid/two</id>
    <updated>2025-08-17T10:00:00Z</updated>
    <summary type="text">Plain summary</summary>
  </entry>
</feed>"#;
    let mut items = Vec::new();
    parse_feed("wire.atom", atom.as_bytes(), &mut |item| items.push(item));
    let records = records(&items);
    assert_eq!(records.len(), 2, "{items:?}");
    assert_eq!(records[0].source, "wire.atom#1");
    assert_eq!(records[0].url.as_deref(), Some("https://wire.invalid/one"));
    assert_eq!(records[0].bytes, b"<p>Full text</p>");
    assert_eq!(records[0].kind, ContentKind::Html);
    assert_eq!(records[0].hints.date.as_deref(), Some("2025-08-16T09:00:00-05:00"));
    assert_eq!(records[0].hints.authors, vec!["Jane Roe", "John Doe"]);
    assert_eq!(records[0].hints.outlet.as_deref(), Some("Example Wire"));
    assert_eq!(records[1].kind, ContentKind::Text);
    assert_eq!(records[1].url.as_deref(), Some("https://wire.invalid/two"));
    assert_eq!(records[1].hints.date.as_deref(), Some("2025-08-17T10:00:00Z"));
}

#[test]
fn rss1_feed_is_read() {
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://r.invalid/"><title>RDF Site</title><link>https://r.invalid/</link><description>d</description></channel>
  <item rdf:about="https://r.invalid/1"><title>Eins</title><link>https://r.invalid/1</link>
    <description>Beschreibung eins</description><dc:date>2025-08-15T08:00:00+02:00</dc:date></item>
</rdf:RDF>"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.xml");
    fs::write(&path, rdf).unwrap();
    let items = read_file(&path);
    let records = records(&items);
    assert_eq!(records.len(), 1, "{items:?}");
    assert_eq!(records[0].url.as_deref(), Some("https://r.invalid/1"));
    assert_eq!(records[0].hints.date.as_deref(), Some("2025-08-15T08:00:00+02:00"));
    assert_eq!(records[0].hints.outlet.as_deref(), Some("RDF Site"));
}

#[test]
fn broken_feed_fails_with_reason_and_keeps_bytes() {
    let broken = b"<rss version=\"2.0\"><channel><title>x</title><item><title>a</item></channel>";
    let mut items = Vec::new();
    parse_feed("bad.rss", broken, &mut |item| items.push(item));
    assert_eq!(items.len(), 1, "{items:?}");
    match &items[0] {
        Item::Failed { diagnostic, raw } => {
            assert_eq!(diagnostic.source, "bad.rss");
            assert!(!diagnostic.message.is_empty());
            assert_eq!(raw.as_deref(), Some(&broken[..]));
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    let mut items = Vec::new();
    parse_feed("notafeed.xml", b"<config><a/></config>", &mut |item| items.push(item));
    assert!(
        matches!(&items[0], Item::Failed { diagnostic, .. } if diagnostic.message.starts_with("cannot parse feed"))
    );
}
