//! Fetching URLs and feeds over http(s) with ureq (rustls TLS).
//!
//! Every request has a global timeout, a redirect cap, a body cap and an
//! honest `User-Agent` ([`crate::FetchOptions`]). HTTP errors, timeouts and
//! oversized bodies become [`Item::Failed`]s with a plain reason. URLs the
//! caller already has (`already_fetched`) are not requested at all.

use std::collections::HashSet;
use std::io::BufReader;

use ureq::{Agent, ResponseExt};
use wirewatch_model::Hints;

use crate::feed::{self, FeedItem};
use crate::sniff::Format;
use crate::stream::{self, Ctx};
use crate::{format_duration, is_http_url, IngestOptions, Item};

/// What to accept, in order of preference.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,\
application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5";

/// A successful response.
pub(crate) struct Fetched {
    /// The URL after redirects.
    pub final_url: String,
    /// The `Content-Type` essence, lowercased (`text/html`).
    pub mime: Option<String>,
    /// The `Content-Type` charset.
    pub charset: Option<String>,
    /// The body, at most `max_bytes`.
    pub body: Vec<u8>,
}

/// An agent configured from the options: timeouts, redirects, User-Agent;
/// HTTP error statuses are handled here, not as ureq errors.
pub(crate) fn agent(opts: &IngestOptions) -> Agent {
    let fetch = &opts.fetch;
    Agent::config_builder()
        .timeout_global(Some(fetch.timeout))
        .max_redirects(fetch.max_redirects)
        .max_redirects_will_error(true)
        .user_agent(fetch.user_agent.as_str())
        .accept(ACCEPT)
        .http_status_as_error(false)
        .build()
        .into()
}

/// Fetches `url`, or says in a few words why not.
pub(crate) fn fetch(agent: &Agent, url: &str, opts: &IngestOptions) -> Result<Fetched, String> {
    let limit = opts.fetch.max_bytes;
    let too_large = || format!("response larger than {limit} bytes");
    let mut response = agent.get(url).call().map_err(|err| describe(err, opts))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("HTTP {} {}", status.as_u16(), status.canonical_reason().unwrap_or(""))
            .trim_end()
            .to_string());
    }
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let final_url = response.get_uri().to_string();
    let mime =
        response.body().mime_type().map(|mime| mime.trim().to_ascii_lowercase()).filter(|m| !m.is_empty());
    let charset =
        response.body().charset().map(|charset| charset.trim().to_string()).filter(|c| !c.is_empty());
    let body =
        response.body_mut().with_config().limit(limit).read_to_vec().map_err(|err| describe(err, opts))?;
    Ok(Fetched { final_url, mime, charset, body })
}

/// A ureq error in words a user understands.
fn describe(err: ureq::Error, opts: &IngestOptions) -> String {
    let timed_out = || format!("timed out after {}", format_duration(opts.fetch.timeout));
    match err {
        ureq::Error::Timeout(_) => timed_out(),
        ureq::Error::Io(io)
            if matches!(io.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock) =>
        {
            timed_out()
        }
        ureq::Error::TooManyRedirects => {
            format!("too many redirects (more than {})", opts.fetch.max_redirects)
        }
        ureq::Error::BodyExceedsLimit(limit) => format!("response larger than {limit} bytes"),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::BadUri(uri) => format!("invalid URL: {uri}"),
        ureq::Error::Io(io) => format!("network error: {io}"),
        other => other.to_string(),
    }
}

/// Reads `Source::Url`: skipped when already stored, else fetched and read
/// by its `Content-Type` (HTML, text, a feed's items, JSON lines, …). The
/// record's source is the URL as given, its url the final one.
pub(crate) fn read_url(
    url: &str,
    opts: &IngestOptions,
    already_fetched: &dyn Fn(&str) -> bool,
    sink: &mut dyn FnMut(Item),
) {
    if already_fetched(url) {
        return;
    }
    if !is_http_url(url) {
        return sink(Item::failed(url, "not an http(s) URL", None));
    }
    match fetch(&agent(opts), url, opts) {
        Ok(fetched) => {
            if fetched.final_url != url && already_fetched(&fetched.final_url) {
                return;
            }
            read_fetched(url, fetched, Hints::default(), sink, opts);
        }
        Err(reason) => sink(Item::failed(url, reason, None)),
    }
}

/// Hands a fetched body to the common stream path, the `Content-Type` as hint.
fn read_fetched(
    source: &str,
    fetched: Fetched,
    mut hints: Hints,
    sink: &mut dyn FnMut(Item),
    opts: &IngestOptions,
) {
    if fetched.body.is_empty() {
        return sink(Item::failed(source, "empty response", None));
    }
    hints.charset = fetched.charset.or(hints.charset);
    let mut ctx = Ctx::new(source, opts);
    ctx.hint = fetched.mime.as_deref().and_then(Format::from_mime);
    ctx.url = Some(fetched.final_url);
    ctx.hints = hints;
    let body = fetched.body;
    stream::process(&ctx, Box::new(BufReader::new(&body[..])), sink);
}

/// Reads `Source::Feed`: the feed (URL or local file) is always read; each
/// item's link is fetched unless already stored. When an article cannot be
/// fetched, the item's own content stands in for it; without content the
/// item fails, named by its link.
pub(crate) fn read_feed(
    feed: &str,
    opts: &IngestOptions,
    already_fetched: &dyn Fn(&str) -> bool,
    sink: &mut dyn FnMut(Item),
) {
    let agent = agent(opts);
    let (bytes, base) = if is_http_url(feed) {
        match fetch(&agent, feed, opts) {
            Ok(fetched) => (fetched.body, Some(fetched.final_url)),
            Err(reason) => return sink(Item::failed(feed, reason, None)),
        }
    } else {
        match read_local(feed, opts) {
            Ok(bytes) => (bytes, None),
            Err(reason) => return sink(Item::failed(feed, reason, None)),
        }
    };
    let parsed = match feed::load_feed(&bytes, base.as_deref()) {
        Ok(parsed) => parsed,
        Err(reason) => return sink(Item::failed(feed, reason, Some(bytes))),
    };
    // Links seen in this run: the store only learns of them once written.
    let mut seen: HashSet<String> = HashSet::new();
    for (index, item) in parsed.items.into_iter().enumerate() {
        let item_source = format!("{feed}#{}", index + 1);
        match item.link.clone().filter(|link| is_http_url(link)) {
            Some(link) => {
                if already_fetched(&link) || !seen.insert(link.clone()) {
                    continue;
                }
                fetch_article(&agent, &link, item_source, item, opts, already_fetched, sink);
            }
            None => sink(feed::item_record(item_source, item)),
        }
    }
}

/// Fetches one feed item's article, falling back to the item's content.
fn fetch_article(
    agent: &Agent,
    link: &str,
    item_source: String,
    item: FeedItem,
    opts: &IngestOptions,
    already_fetched: &dyn Fn(&str) -> bool,
    sink: &mut dyn FnMut(Item),
) {
    let reason = match fetch(agent, link, opts) {
        Ok(fetched) if fetched.final_url != link && already_fetched(&fetched.final_url) => return,
        Ok(fetched) => {
            let mime = fetched.mime.as_deref().and_then(Format::from_mime);
            // An article link must give a page; anything else (a PDF, a
            // nested feed) falls back to the item.
            if matches!(mime, None | Some(Format::Html | Format::Text)) && !fetched.body.is_empty() {
                let mut failure = None;
                let mut records = Vec::new();
                read_fetched(
                    link,
                    fetched,
                    item.hints.clone(),
                    &mut |produced| match produced {
                        Item::Record(record) => records.push(record),
                        Item::Failed { diagnostic, .. } => failure = Some(diagnostic.message),
                    },
                    opts,
                );
                match failure {
                    None if !records.is_empty() => {
                        records.into_iter().for_each(|record| sink(Item::Record(record)));
                        return;
                    }
                    other => other.unwrap_or_else(|| "no content".to_string()),
                }
            } else {
                format!("unexpected content type {}", fetched.mime.unwrap_or_default())
            }
        }
        Err(reason) => reason,
    };
    match item.content {
        Some(_) => sink(feed::item_record(item_source, item)),
        None => sink(Item::failed(link, reason, None)),
    }
}

/// Reads a local feed file, capped at `max_bytes` (gzip decompressed).
fn read_local(path: &str, opts: &IngestOptions) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|err| crate::io_message(&err))?;
    let mut reader = BufReader::new(file);
    let head = std::io::BufRead::fill_buf(&mut reader).map_err(|err| crate::io_message(&err))?;
    let gzip = head.starts_with(b"\x1f\x8b");
    let result = if gzip {
        crate::io_util::read_capped(&mut flate2::bufread::MultiGzDecoder::new(reader), opts.max_bytes)
    } else {
        crate::io_util::read_capped(&mut reader, opts.max_bytes)
    };
    match result {
        Ok((_, true)) => {
            Err(format!("feed is larger than --max-bytes {}", crate::format_size(opts.max_bytes)))
        }
        Ok((bytes, false)) if bytes.is_empty() => Err("empty file".to_string()),
        Ok((bytes, false)) => Ok(bytes),
        Err(err) => Err(crate::io_util::read_error(&err, gzip)),
    }
}
