//! The one path every byte stream takes (file, stdin, decompressed gzip,
//! fetched body): peek at the head, sniff the format, then stream containers
//! record by record or read a single document up to the byte cap.

use std::io::{BufRead, BufReader, Cursor, Read};

use wirewatch_model::{ContentKind, Hints, RawRecord};

use crate::io_util::{read_capped, read_error};
use crate::sniff::{sniff, Format, SNIFF_BYTES};
use crate::{feed, format_size, json, warc, IngestOptions, Item};

/// Buffer size for file and decompression readers.
pub(crate) const BUFFER: usize = 64 * 1024;

/// What is known about a stream before reading it.
pub(crate) struct Ctx<'a> {
    /// The source name for records and messages.
    pub name: &'a str,
    /// Limits.
    pub opts: &'a IngestOptions,
    /// The format suggested by extension or `Content-Type`.
    pub hint: Option<Format>,
    /// The format suggested for the content under a gzip layer.
    pub inner_hint: Option<Format>,
    /// The size on disk, when known; checked before reading.
    pub size: Option<u64>,
    /// The URL the content came from.
    pub url: Option<String>,
    /// Hints known from outside the content (HTTP charset).
    pub hints: Hints,
    /// Whether the stream is decompressed gzip (for messages and nesting).
    pub gzip: bool,
}

impl<'a> Ctx<'a> {
    /// A context knowing only the name and limits.
    pub(crate) fn new(name: &'a str, opts: &'a IngestOptions) -> Self {
        Ctx {
            name,
            opts,
            hint: None,
            inner_hint: None,
            size: None,
            url: None,
            hints: Hints::default(),
            gzip: false,
        }
    }

    fn failed(&self, message: impl Into<String>, raw: Option<Vec<u8>>) -> Item {
        Item::failed(self.name, message, raw)
    }

    /// The bytes, when small enough to keep for re-processing.
    fn keep(&self, bytes: Vec<u8>) -> Option<Vec<u8>> {
        (bytes.len() as u64 <= self.opts.max_bytes && !bytes.is_empty()).then_some(bytes)
    }
}

/// Reads `reader` as described by `ctx` and hands records or failures to `sink`.
pub(crate) fn process(ctx: &Ctx<'_>, mut reader: Box<dyn BufRead + '_>, sink: &mut dyn FnMut(Item)) {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if let Err(err) = (&mut reader).take(SNIFF_BYTES as u64).read_to_end(&mut head) {
        return sink(ctx.failed(read_error(&err, ctx.gzip), None));
    }
    if head.is_empty() {
        let message = if ctx.gzip { "empty file (nothing inside the gzip)" } else { "empty file" };
        return sink(ctx.failed(message, None));
    }
    let format = sniff(&head, ctx.hint);
    let reader: Box<dyn BufRead + '_> = Box::new(Cursor::new(head).chain(reader));
    match format {
        Format::Gzip if ctx.gzip => sink(ctx.failed("gzip inside gzip is not supported", None)),
        Format::Gzip => {
            let decoder = flate2::bufread::MultiGzDecoder::new(reader);
            let inner = Ctx {
                hint: ctx.inner_hint,
                inner_hint: None,
                size: None,
                gzip: true,
                url: ctx.url.clone(),
                hints: ctx.hints.clone(),
                ..*ctx
            };
            process(&inner, Box::new(BufReader::with_capacity(BUFFER, decoder)), sink);
        }
        Format::Warc => warc::warc_stream(ctx.name, reader, ctx.gzip, ctx.opts, sink),
        Format::Jsonl => json::jsonl_stream(ctx.name, reader, ctx.gzip, ctx.opts, sink),
        _ => read_document(ctx, format, reader, sink),
    }
}

/// A single document (text, HTML, feed, JSON, or a binary to reject): the
/// size is checked first, then at most `max_bytes` are read.
fn read_document(
    ctx: &Ctx<'_>,
    format: Format,
    mut reader: Box<dyn BufRead + '_>,
    sink: &mut dyn FnMut(Item),
) {
    let max = ctx.opts.max_bytes;
    // Checked before the binary test so that a huge file is never read.
    if let Some(size) = ctx.size.filter(|&size| size > max) {
        let message = format!("file is {}, above --max-bytes {}", format_size(size), format_size(max));
        return sink(ctx.failed(message, None));
    }
    let bytes = match read_capped(&mut reader, max) {
        Ok((_, true)) => {
            let what = if ctx.gzip { "decompressed data is" } else { "input is" };
            return sink(ctx.failed(format!("{what} larger than --max-bytes {}", format_size(max)), None));
        }
        Ok((bytes, false)) => bytes,
        Err(err) => return sink(ctx.failed(read_error(&err, ctx.gzip), None)),
    };
    match format {
        Format::Binary(kind) => sink(ctx.failed(format!("binary file ({kind})"), ctx.keep(bytes))),
        Format::Html => sink(Item::Record(record(ctx, ContentKind::Html, bytes))),
        Format::Text => sink(Item::Record(record(ctx, ContentKind::Text, bytes))),
        Format::Feed => feed::parse_feed_with(ctx.name, &bytes, None, sink),
        Format::Json => json::parse_json_document(ctx.name, &bytes, ctx.opts, sink),
        // Routed by `process`; reachable only if a caller passes them here.
        Format::Jsonl => json::parse_jsonl(ctx.name, &bytes, ctx.opts, sink),
        Format::Warc => warc::warc_stream(ctx.name, &bytes[..], ctx.gzip, ctx.opts, sink),
        Format::Gzip => sink(ctx.failed("gzip inside gzip is not supported", None)),
    }
}

fn record(ctx: &Ctx<'_>, kind: ContentKind, bytes: Vec<u8>) -> RawRecord {
    RawRecord { source: ctx.name.to_string(), url: ctx.url.clone(), kind, bytes, hints: ctx.hints.clone() }
}
