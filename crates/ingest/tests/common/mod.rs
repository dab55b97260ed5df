//! Helpers shared by the integration tests: collecting items, and a tiny
//! HTTP server on 127.0.0.1 (never the internet).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use wirewatch_ingest::{read_source, IngestOptions, Item, RawRecord, Source};

/// Reads one source with nothing already fetched.
pub fn read(source: &Source, opts: &IngestOptions) -> Vec<Item> {
    read_with(source, opts, &|_| false)
}

/// Reads one source with the given `already_fetched`.
pub fn read_with(source: &Source, opts: &IngestOptions, already: &dyn Fn(&str) -> bool) -> Vec<Item> {
    let mut items = Vec::new();
    read_source(source, opts, already, &mut |item| items.push(item));
    items
}

/// Reads a file.
pub fn read_file(path: &Path) -> Vec<Item> {
    read(&Source::File(path.to_path_buf()), &IngestOptions::default())
}

/// The records among `items`.
pub fn records(items: &[Item]) -> Vec<&RawRecord> {
    items.iter().filter_map(|item| if let Item::Record(r) = item { Some(r) } else { None }).collect()
}

/// `(source, message)` of the failures among `items`.
pub fn failures(items: &[Item]) -> Vec<(String, String)> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Failed { diagnostic, .. } => Some((diagnostic.source.clone(), diagnostic.message.clone())),
            Item::Record(_) => None,
        })
        .collect()
}

/// What the test server does for one request path.
pub enum Reply {
    /// Send these bytes (a full HTTP response) and close.
    Raw(Vec<u8>),
    /// Say nothing for this long, then close.
    Hang(Duration),
}

/// A full HTTP response with status line, content type and body.
pub fn http(status: &str, content_type: &str, body: &[u8]) -> Reply {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    Reply::Raw(out)
}

/// A redirect to `location`.
pub fn redirect(location: &str) -> Reply {
    Reply::Raw(
        format!(
            "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

/// A running test server: its base URL and the paths requested so far.
pub struct Server {
    pub base: String,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The paths requested so far, in order.
    pub fn requested(&self) -> Vec<String> {
        self.heads().iter().map(|head| head.split_whitespace().nth(1).unwrap_or("/").to_string()).collect()
    }

    /// The full request heads (request line and headers) received so far.
    pub fn heads(&self) -> Vec<String> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

/// Starts a server answering each request with `handler(path)`. It serves
/// a bounded number of connections, each in its own thread, and its
/// threads die with the test process.
pub fn serve(handler: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let base = format!("http://{}", listener.local_addr().expect("local addr"));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&requests);
    let handler = Arc::new(handler);
    thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let handler = Arc::clone(&handler);
            let log = Arc::clone(&log);
            thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
                    match stream.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let text = String::from_utf8_lossy(&head).into_owned();
                let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
                if let Ok(mut log) = log.lock() {
                    log.push(text.clone());
                }
                match handler(&path) {
                    Reply::Raw(bytes) => {
                        let _ = stream.write_all(&bytes);
                    }
                    Reply::Hang(duration) => thread::sleep(duration),
                }
            });
        }
    });
    Server { base, requests }
}
