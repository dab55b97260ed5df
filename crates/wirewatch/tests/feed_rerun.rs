//! `wirewatch ingest --feed URL` against a feed served on 127.0.0.1: a re-run
//! fetches the feed again but only the articles not yet in the store.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};

type Hits = Arc<Mutex<HashMap<String, usize>>>;

/// Serves `pages` (path → HTML or XML) until the test ends, counting requests per path.
fn serve(pages: Arc<Mutex<HashMap<String, String>>>) -> (String, Hits) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits: Hits = Arc::default();
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            // Drain the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
            *counter.lock().unwrap().entry(path.clone()).or_default() += 1;
            let body = pages.lock().unwrap().get(&path).cloned();
            let mut stream = stream;
            let response = match body {
                Some(body) => {
                    let kind = if path.ends_with(".xml") {
                        "application/rss+xml"
                    } else {
                        "text/html; charset=utf-8"
                    };
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                }
                None => {
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                }
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (base, hits)
}

fn feed(base: &str, items: &[&str]) -> String {
    let items: String = items
        .iter()
        .map(|name| format!("<item><title>Meldung {name}</title><link>{base}/{name}.html</link></item>"))
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Testfeed</title>{items}</channel></rss>"
    )
}

fn article(name: &str) -> String {
    format!(
        "<html><head><title>Meldung {name}</title></head><body><article><h1>Meldung {name}</h1>\
         <p>Riga - Die Delegationen trafen sich am Dienstag zu Gesprächen über die Grenzfrage {name}.</p>\
         <p>Nach drei Stunden vertagten sie die Verhandlungen auf die kommende Woche, hieß es.</p></article></body></html>"
    )
}

#[test]
fn a_feed_rerun_fetches_only_new_articles() {
    let pages: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let (base, hits) = serve(pages.clone());
    {
        let mut pages = pages.lock().unwrap();
        pages.insert("/feed.xml".into(), feed(&base, &["a", "b"]));
        for name in ["a", "b", "c"] {
            pages.insert(format!("/{name}.html"), article(name));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let ingest = || {
        let output = Command::new(env!("CARGO_BIN_EXE_wirewatch"))
            .current_dir(dir.path())
            .args(["ingest", "--quiet", "--timeout", "5", "--feed", &format!("{base}/feed.xml")])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let count = |path: &str| hits.lock().unwrap().get(path).copied().unwrap_or(0);

    assert!(ingest().contains("2 ingested"));
    assert_eq!((count("/feed.xml"), count("/a.html"), count("/b.html")), (1, 1, 1));

    ingest();
    assert_eq!(count("/feed.xml"), 2, "the feed itself is fetched every run");
    assert_eq!((count("/a.html"), count("/b.html")), (1, 1), "known articles are not fetched again");

    pages.lock().unwrap().insert("/feed.xml".into(), feed(&base, &["a", "b", "c"]));
    assert!(ingest().contains("1 ingested"));
    assert_eq!((count("/a.html"), count("/b.html"), count("/c.html")), (1, 1, 1));
}
