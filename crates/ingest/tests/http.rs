//! Fetching URLs and feeds from a tiny HTTP server on 127.0.0.1.

mod common;

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use common::{failures, http, read, read_with, records, redirect, serve, Reply};
use wirewatch_ingest::{ContentKind, FetchOptions, IngestOptions, Source};

/// Short timeouts so a failing test never hangs the suite.
fn opts() -> IngestOptions {
    IngestOptions {
        fetch: FetchOptions { timeout: Duration::from_secs(1), ..FetchOptions::default() },
        ..IngestOptions::default()
    }
}

const PAGE: &[u8] = b"<html><body><p>Gr\xfc\xdfe</p></body></html>";

#[test]
fn html_page_is_fetched_with_charset_and_final_url() {
    let server = serve(|path| match path {
        "/start" => redirect("/article"),
        "/article" => http("200 OK", "text/html; charset=ISO-8859-1", PAGE),
        "/plain" => http("200 OK", "text/plain", b"Nur Text."),
        _ => http("404 Not Found", "text/plain", b"no"),
    });
    let start = server.url("/start");
    let items = read(&Source::Url(start.clone()), &opts());
    let records = records(&items);
    assert_eq!(records.len(), 1, "{items:?}");
    assert_eq!(records[0].source, start);
    assert_eq!(records[0].url.as_deref(), Some(server.url("/article").as_str()));
    assert_eq!(records[0].kind, ContentKind::Html);
    assert_eq!(records[0].bytes, PAGE);
    assert_eq!(records[0].hints.charset.as_deref(), Some("ISO-8859-1"));
    let items = read(&Source::Url(server.url("/plain")), &opts());
    assert_eq!(common::records(&items)[0].kind, ContentKind::Text);
    // An honest User-Agent goes with every request.
    let heads = server.heads();
    let agent =
        format!("user-agent: wirewatch/{} (+https://example.invalid/wirewatch)", env!("CARGO_PKG_VERSION"));
    assert!(heads.iter().all(|head| head.to_ascii_lowercase().contains(&agent)), "{heads:?}");
}

#[test]
fn redirect_to_a_known_url_gives_nothing() {
    let server = serve(|path| match path {
        "/short" => redirect("/stored"),
        _ => http("200 OK", "text/html", PAGE),
    });
    let stored = server.url("/stored");
    let items = read_with(&Source::Url(server.url("/short")), &opts(), &|u| u == stored);
    assert!(items.is_empty(), "{items:?}");
}

#[test]
fn a_local_feed_file_has_its_links_fetched() {
    let server = serve(|path| match path {
        "/one" => http("200 OK", "text/html", PAGE),
        _ => http("404 Not Found", "text/plain", b"x"),
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.xml");
    let feed = format!(
        r#"<rss version="2.0"><channel><title>Lokal</title><item><title>Eins</title><link>{}</link></item></channel></rss>"#,
        server.url("/one")
    );
    std::fs::write(&path, feed).unwrap();
    let items = read(&Source::Feed(path.display().to_string()), &opts());
    let records = records(&items);
    assert_eq!(records.len(), 1, "{items:?}");
    assert_eq!(records[0].bytes, PAGE);
    assert_eq!(records[0].hints.outlet.as_deref(), Some("Lokal"));
}

#[test]
fn server_error_is_a_failure() {
    let server = serve(|_| http("500 Internal Server Error", "text/html", b"<p>oops</p>"));
    let url = server.url("/x");
    let items = read(&Source::Url(url.clone()), &opts());
    assert_eq!(failures(&items), vec![(url, "HTTP 500 Internal Server Error".to_string())]);
}

#[test]
fn slow_server_times_out() {
    let server = serve(|_| Reply::Hang(Duration::from_secs(4)));
    let url = server.url("/slow");
    let started = Instant::now();
    let items = read(&Source::Url(url.clone()), &opts());
    assert_eq!(failures(&items), vec![(url, "timed out after 1 s".to_string())]);
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[test]
fn redirect_loop_stops() {
    let server = serve(|path| if path == "/a" { redirect("/b") } else { redirect("/a") });
    let url = server.url("/a");
    let items = read(&Source::Url(url.clone()), &opts());
    assert_eq!(failures(&items), vec![(url, "too many redirects (more than 5)".to_string())]);
    assert!(server.requested().len() <= 7, "{:?}", server.requested());
}

#[test]
fn body_over_the_limit_is_refused() {
    let server = serve(|path| {
        let body = vec![b'a'; 5000];
        if path == "/declared" {
            http("200 OK", "text/plain", &body)
        } else {
            // No Content-Length: the size shows only while reading.
            let mut raw =
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n".to_vec();
            raw.extend_from_slice(&body);
            Reply::Raw(raw)
        }
    });
    let mut options = opts();
    options.fetch.max_bytes = 1000;
    for path in ["/declared", "/streamed"] {
        let url = server.url(path);
        let items = read(&Source::Url(url.clone()), &options);
        assert_eq!(failures(&items), vec![(url, "response larger than 1000 bytes".to_string())]);
    }
}

#[test]
fn already_fetched_urls_are_not_requested() {
    let server = serve(|_| http("200 OK", "text/html", PAGE));
    let url = server.url("/known");
    let items = read_with(&Source::Url(url.clone()), &opts(), &|u| u == url);
    assert!(items.is_empty());
    assert!(server.requested().is_empty());
}

#[test]
fn feed_links_are_fetched_unless_known_with_fallback_to_item_content() {
    // The feed names its own host, known only once the server listens.
    let host: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let feed_host = Arc::clone(&host);
    let server = serve(move |path| match path {
        "/feed" => {
            let base = feed_host.get().cloned().unwrap_or_default();
            let feed = format!(
                r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Blatt</title>
<item><title>Neu</title><link>{base}/new</link><pubDate>Fri, 15 Aug 2025 10:00:00 +0200</pubDate><description>kurz</description></item>
<item><title>Bekannt</title><link>{base}/known</link><description>kurz</description></item>
<item><title>Kaputt</title><link>{base}/broken</link><description>&lt;p&gt;Ersatz&lt;/p&gt;</description></item>
<item><title>Weg</title><link>{base}/gone</link></item>
</channel></rss>"#
            );
            http("200 OK", "application/rss+xml", feed.as_bytes())
        }
        "/new" => {
            http("200 OK", "text/html; charset=utf-8", b"<html><body><p>Neuer Artikel</p></body></html>")
        }
        "/broken" => http("500 Internal Server Error", "text/plain", b"x"),
        _ => http("404 Not Found", "text/plain", b"x"),
    });
    host.set(server.base.clone()).unwrap();
    let feed_url = server.url("/feed");
    let known = server.url("/known");
    let items = read_with(&Source::Feed(feed_url.clone()), &opts(), &|u| u == known);
    let records = records(&items);
    assert_eq!(records.len(), 2, "{items:?}");
    // Fetched article, with the feed's hints.
    assert_eq!(records[0].source, server.url("/new"));
    assert_eq!(records[0].url.as_deref(), Some(server.url("/new").as_str()));
    assert_eq!(records[0].bytes, b"<html><body><p>Neuer Artikel</p></body></html>");
    assert_eq!(records[0].kind, ContentKind::Html);
    assert_eq!(records[0].hints.title.as_deref(), Some("Neu"));
    assert_eq!(records[0].hints.date.as_deref(), Some("Fri, 15 Aug 2025 10:00:00 +0200"));
    assert_eq!(records[0].hints.outlet.as_deref(), Some("Blatt"));
    assert_eq!(records[0].hints.charset.as_deref(), Some("utf-8"));
    // Article failed, item content stands in.
    assert_eq!(records[1].source, format!("{feed_url}#3"));
    assert_eq!(records[1].bytes, b"<p>Ersatz</p>");
    assert_eq!(records[1].url.as_deref(), Some(server.url("/broken").as_str()));
    // Article failed, no content: a failure named by the link.
    assert_eq!(failures(&items), vec![(server.url("/gone"), "HTTP 404 Not Found".to_string())]);
    let requested = server.requested();
    assert!(!requested.contains(&"/known".to_string()), "{requested:?}");
    assert_eq!(requested.iter().filter(|p| *p == "/feed").count(), 1);
}

#[test]
fn a_url_serving_a_feed_yields_its_items() {
    let server = serve(|_| {
        http(
            "200 OK",
            "application/atom+xml",
            br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><id>u</id><updated>2025-01-01T00:00:00Z</updated>
<entry><title>E</title><id>e1</id><updated>2025-01-01T00:00:00Z</updated><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>"#,
        )
    });
    let url = server.url("/atom");
    let items = read(&Source::Url(url.clone()), &opts());
    let records = records(&items);
    assert_eq!(records.len(), 1, "{items:?}");
    assert_eq!(records[0].source, format!("{url}#1"));
    assert_eq!(records[0].bytes, b"<p>x</p>");
}
