//! No panics on hostile input: mutated containers go through every parser.
//! A small deterministic mutation loop (no fuzzing dependency) that runs in
//! the normal test suite; the real fuzzers call the same public parsers.

use fastrand::Rng;
use wirewatch_ingest::{parse_feed, parse_jsonl, parse_warc, read_stream, sniff, IngestOptions, Item};

const INTERESTING: &[&[u8]] = &[
    b"\r\n",
    b"\r\n\r\n",
    b"Content-Length: 99999999999\r\n",
    b"Content-Length: -1\r\n",
    b"WARC/1.0\r\n",
    b"HTTP/1.1 200 OK\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"&nbsp;",
    b"&#xFFFFFFFF;",
    b"<![CDATA[",
    b"<item>",
    b"</entry>",
    b"{\"text\":",
    b"\xff\xfe",
    b"\x1f\x8b\x08",
    b"\0",
    "ä€😀".as_bytes(),
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.usize(..4) {
        let at = rng.usize(..data.len() + 1);
        match rng.usize(..5) {
            0 => data.truncate(at),
            1 if at < data.len() => data[at] = rng.u8(..),
            2 => {
                let piece = INTERESTING[rng.usize(..INTERESTING.len())];
                data.splice(at..at, piece.iter().copied());
            }
            3 if at < data.len() => {
                let end = (at + rng.usize(..64)).min(data.len());
                data.drain(at..end);
            }
            _ => {
                let end = (at + rng.usize(..32)).min(data.len());
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy);
            }
        }
    }
    data
}

fn seeds() -> Vec<Vec<u8>> {
    let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>x<\r\n0\r\n\r\n";
    let warc = [
        format!("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.invalid/\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n", page.len()).into_bytes(),
        page.to_vec(),
        b"\r\n\r\nWARC/1.0\r\nWARC-Type: request\r\nContent-Length: 3\r\n\r\nGET\r\n\r\n".to_vec(),
    ]
    .concat();
    let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T&nbsp;</title>
<item><title>A &auml;</title><link>https://a.invalid/1</link><pubDate>Fri, 15 Aug 2025 10:00:00 +0200</pubDate><description><![CDATA[<p>x</p>]]></description></item>
<item><title>B</title><dc:date>2025-08-15</dc:date><description>&lt;p&gt;y&lt;/p&gt;</description></item></channel></rss>"#
        .to_vec();
    let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry><title>E</title><id>https://a.invalid/e</id><published>2025-01-01T00:00:00+01:00</published><content type="xhtml"><div><p>x</p></div></content></entry></feed>"#.to_vec();
    let jsonl = b"{\"url\":\"https://a.invalid/\",\"title\":\"T\",\"authors\":[\"A\",{\"name\":\"B\"}],\"html\":\"<p>x</p>\"}\n{\"text\":\"y\",\"date\":20250815}\n".to_vec();
    vec![warc, rss, atom, jsonl]
}

#[test]
fn mutated_inputs_never_panic() {
    let opts = IngestOptions { max_bytes: 64 * 1024, ..IngestOptions::default() };
    let mut rng = Rng::with_seed(0x9e37_79b9_7f4a_7c15);
    let mut outcomes = [0usize; 2];
    let mut count = |item: Item| match item {
        Item::Record(_) => outcomes[0] += 1,
        Item::Failed { .. } => outcomes[1] += 1,
    };
    for seed in seeds() {
        for _ in 0..400 {
            let data = mutate(&mut rng, &seed);
            let _ = sniff(&data, None);
            parse_warc("w", &data[..], &opts, &mut count);
            parse_jsonl("j", &data, &opts, &mut count);
            parse_feed("f", &data, &mut count);
            read_stream("-", &data[..], &opts, &mut count);
        }
    }
    // Both outcomes occur: the mutations neither all fail nor all pass.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
