//! A tolerant, non-recursive HTML parser that builds a compact arena tree.
//!
//! Why not html5ever: its full tree builder costs several milliseconds per
//! news page, too slow for the 1.7 ms/page budget. This parser follows the
//! HTML parsing rules only as far as they matter for text extraction: raw-text
//! elements (`<script>`, `<style>`, …) are skipped with `memchr`, implied end
//! tags (`<p>`, `<li>`, table cells) are closed, stray end tags are ignored.
//! Nodes live in one `Vec` in document order, so a child's index is always
//! greater than its parent's: bottom-up passes are a reverse loop, and nothing
//! here or downstream recurses, whatever the nesting depth.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

use wirewatch_model::html_entities;

/// "No node" in the arena links.
pub const NONE: u32 = u32::MAX;

/// What a node holds.
#[derive(Debug, Clone)]
pub enum NodeData<'a> {
    /// An element with its lower-cased name and attributes (names lower-cased, values decoded).
    Element {
        /// Lower-cased tag name.
        name: Cow<'a, str>,
        /// Attributes in source order.
        attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    },
    /// Character data with entities decoded (whitespace kept as is).
    Text(Cow<'a, str>),
}

/// One node of the arena tree.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// Element or text.
    pub data: NodeData<'a>,
    /// Parent index (`NONE` for the root).
    pub parent: u32,
    /// First child or `NONE`.
    pub first_child: u32,
    /// Last child or `NONE`.
    pub last_child: u32,
    /// Next sibling or `NONE`.
    pub next_sibling: u32,
}

impl<'a> Node<'a> {
    /// The tag name, or `""` for text nodes.
    pub fn name(&self) -> &str {
        match &self.data {
            NodeData::Element { name, .. } => name,
            NodeData::Text(_) => "",
        }
    }

    /// The value of attribute `key` (lower-case), if this is an element that has it.
    pub fn attr(&self, key: &str) -> Option<&str> {
        match &self.data {
            NodeData::Element { attrs, .. } => {
                attrs.iter().find(|(k, _)| k.as_ref() == key).map(|(_, v)| v.as_ref())
            }
            NodeData::Text(_) => None,
        }
    }

    /// The text of a text node.
    pub fn text(&self) -> Option<&str> {
        match &self.data {
            NodeData::Text(t) => Some(t),
            NodeData::Element { .. } => None,
        }
    }
}

/// A parsed page: the arena tree plus raw-text content kept for metadata
/// (`<title>`, JSON-LD scripts).
#[derive(Debug, Clone, Default)]
pub struct Dom<'a> {
    /// All nodes; index 0 is a synthetic root element named `#root`.
    pub nodes: Vec<Node<'a>>,
    /// The first `<title>` outside SVG, entities decoded.
    pub title: Option<String>,
    /// Bodies of `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
}

impl Dom<'_> {
    /// For every node, the index of the last node of its subtree: the descendants of
    /// `i` are exactly `i + 1 ..= ends[i]`, because nodes are stored in document order.
    pub fn subtree_ends(&self) -> Vec<u32> {
        let n = self.nodes.len();
        let mut ends: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            let p = self.nodes[i].parent as usize;
            if p < n && ends[p] < ends[i] {
                ends[p] = ends[i];
            }
        }
        ends
    }

    /// Whitespace-normalised text of node `i`'s subtree (`ends` from [`Dom::subtree_ends`]).
    pub fn text_of(&self, i: usize, ends: &[u32]) -> String {
        let end = ends.get(i).copied().unwrap_or(0) as usize;
        let mut out = String::new();
        for node in self.nodes.get(i..=end.max(i)).unwrap_or(&[]) {
            if let NodeData::Text(t) = &node.data {
                for w in t.split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(w);
                }
            }
        }
        out
    }
}

/// Elements that never have content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "basefont"
            | "bgsound"
            | "frame"
            | "image"
    )
}

/// Elements whose content is not markup and is skipped (or kept raw for metadata).
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "title"
            | "plaintext"
    )
}

/// Start tags that implicitly close an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dd"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "ul"
    )
}

/// Phrasing elements: their stray end tags must not close blocks.
pub fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "del"
            | "kbd"
            | "label"
            | "mark"
            | "nobr"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// How far implied-end-tag searches look up the stack; bounds hostile input.
const SCOPE_LIMIT: usize = 64;
/// How far a stray inline end tag may look for its element.
const INLINE_END_LIMIT: usize = 256;

/// Tree builder state.
struct Builder<'a> {
    nodes: Vec<Node<'a>>,
    stack: Vec<u32>,
    open_counts: HashMap<String, u32>,
    seen_body: bool,
}

impl<'a> Builder<'a> {
    fn top(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    fn name_of(&self, idx: u32) -> &str {
        self.nodes.get(idx as usize).map(|n| n.name()).unwrap_or("")
    }

    fn count(&self, name: &str) -> u32 {
        self.open_counts.get(name).copied().unwrap_or(0)
    }

    fn append(&mut self, data: NodeData<'a>) -> u32 {
        let parent = self.top();
        let idx = self.nodes.len() as u32;
        self.nodes.push(Node { data, parent, first_child: NONE, last_child: NONE, next_sibling: NONE });
        if let Some(p) = self.nodes.get_mut(parent as usize) {
            let last = p.last_child;
            p.last_child = idx;
            if last == NONE {
                p.first_child = idx;
            } else if let Some(l) = self.nodes.get_mut(last as usize) {
                l.next_sibling = idx;
            }
        }
        idx
    }

    fn text(&mut self, text: Cow<'a, str>) {
        if text.is_empty() {
            return;
        }
        if !text.trim().is_empty() {
            self.leave_head();
        }
        // Merge with a preceding text node (split by a comment or a skipped element).
        let parent = self.top();
        let last = self.nodes.get(parent as usize).map(|p| p.last_child).unwrap_or(NONE);
        if let Some(NodeData::Text(prev)) = self.nodes.get_mut(last as usize).map(|n| &mut n.data) {
            prev.to_mut().push_str(&text);
            return;
        }
        self.append(NodeData::Text(text));
    }

    /// Closes an open `<head>` (content that cannot live there starts the body).
    fn leave_head(&mut self) {
        if self.count("head") > 0 {
            if let Some(pos) = self.stack.iter().rposition(|&i| self.name_of(i) == "head") {
                self.pop_to(pos);
            }
        }
    }

    fn push(&mut self, idx: u32) {
        let name = self.nodes.get(idx as usize).map(|n| n.name()).unwrap_or("");
        // Allocate the key only the first time a tag name is seen.
        match self.open_counts.get_mut(name) {
            Some(c) => *c += 1,
            None => {
                self.open_counts.insert(name.to_string(), 1);
            }
        }
        self.stack.push(idx);
    }

    fn pop(&mut self) -> Option<u32> {
        let idx = self.stack.pop()?;
        let name = self.nodes.get(idx as usize).map(|n| n.name()).unwrap_or("");
        if let Some(c) = self.open_counts.get_mut(name) {
            *c = c.saturating_sub(1);
        }
        Some(idx)
    }

    /// Pops up to and including the element at stack position `pos`.
    fn pop_to(&mut self, pos: usize) {
        while self.stack.len() > pos {
            if self.pop().is_none() {
                break;
            }
        }
    }

    /// Stack position of the nearest open `target` reachable by walking up past
    /// elements for which `pass` holds, within `limit` steps.
    fn find_up(&self, limit: usize, target: &[&str], pass: impl Fn(&str) -> bool) -> Option<usize> {
        for (steps, pos) in (0..self.stack.len()).rev().enumerate() {
            if steps >= limit {
                return None;
            }
            let name = self.name_of(self.stack[pos]);
            if target.contains(&name) {
                return Some(pos);
            }
            if !pass(name) {
                return None;
            }
        }
        None
    }

    fn start_tag(
        &mut self,
        name: Cow<'a, str>,
        attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
        self_closing: bool,
    ) {
        let n: &str = &name;
        match n {
            "html" => {
                if self.count("html") > 0 || !self.stack.is_empty() {
                    return;
                }
            }
            "head" => {
                if self.count("head") > 0 || self.seen_body {
                    return;
                }
            }
            "body" => {
                if self.seen_body {
                    return;
                }
                self.seen_body = true;
                if let Some(pos) = self.stack.iter().position(|&i| self.name_of(i) == "head") {
                    self.pop_to(pos);
                }
            }
            "meta" | "link" | "title" | "script" | "style" | "base" | "noscript" | "template" => {}
            _ => {
                // Anything else ends an unclosed <head>, as in browsers.
                self.leave_head();
            }
        }
        if closes_p(n) && self.count("p") > 0 {
            if let Some(pos) = self.find_up(SCOPE_LIMIT, &["p"], is_inline) {
                self.pop_to(pos);
            }
        }
        match n {
            "li" => {
                if let Some(pos) = self.find_up(SCOPE_LIMIT, &["li"], |x| {
                    !matches!(x, "ul" | "ol" | "menu" | "table" | "td" | "th")
                }) {
                    self.pop_to(pos);
                }
            }
            "dd" | "dt" => {
                if let Some(pos) =
                    self.find_up(SCOPE_LIMIT, &["dd", "dt"], |x| !matches!(x, "dl" | "table" | "td" | "th"))
                {
                    self.pop_to(pos);
                }
            }
            "td" | "th" => {
                if let Some(pos) = self.find_up(SCOPE_LIMIT, &["td", "th"], |x| !matches!(x, "tr" | "table"))
                {
                    self.pop_to(pos);
                }
            }
            "tr" => {
                if let Some(pos) = self.find_up(SCOPE_LIMIT, &["tr"], |x| x != "table") {
                    self.pop_to(pos);
                }
            }
            "thead" | "tbody" | "tfoot" => {
                if let Some(pos) = self.find_up(SCOPE_LIMIT, &["thead", "tbody", "tfoot"], |x| x != "table") {
                    self.pop_to(pos);
                }
            }
            "option" | "optgroup" if self.name_of(self.top()) == "option" => {
                self.pop();
            }
            "a" if self.count("a") > 0 => {
                if let Some(pos) = self.find_up(8, &["a"], is_inline) {
                    self.pop_to(pos);
                }
            }
            _ if is_heading(n) && is_heading(self.name_of(self.top())) => {
                self.pop();
            }
            _ => {}
        }
        let void = is_void(n) || self_closing;
        let idx = self.append(NodeData::Element { name, attrs });
        if !void {
            self.push(idx);
        }
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "html" | "body" => return,
            "br" => {
                self.start_tag(Cow::Borrowed("br"), Vec::new(), true);
                return;
            }
            _ => {}
        }
        if self.count(name) == 0 {
            return;
        }
        if is_inline(name) {
            if let Some(pos) = self.find_up(INLINE_END_LIMIT, &[name], is_inline) {
                self.pop_to(pos);
            }
            return;
        }
        if let Some(pos) = self.stack.iter().rposition(|&i| self.name_of(i) == name) {
            self.pop_to(pos);
        }
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Lower-cases a name, borrowing when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Finds `</name` (ASCII case-insensitive) at or after `from`; returns its byte offset.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let nb = name.as_bytes();
    let mut pos = from;
    while pos < bytes.len() {
        let off = memchr::memchr(b'<', bytes.get(pos..)?)?;
        let at = pos + off;
        let after = bytes.get(at + 1..)?;
        if after.first() == Some(&b'/')
            && after.len() > nb.len()
            && after[1..=nb.len()].eq_ignore_ascii_case(nb)
            && after.get(nb.len() + 1).is_none_or(|&b| is_ws(b) || b == b'>' || b == b'/')
        {
            return Some(at);
        }
        pos = at + 1;
    }
    None
}

/// Parses a document into an arena tree. Never panics; any input yields a tree.
pub fn parse(html: &str) -> Dom<'_> {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut b = Builder {
        nodes: Vec::with_capacity(len / 40 + 8),
        stack: Vec::with_capacity(64),
        open_counts: HashMap::default(),
        seen_body: false,
    };
    b.nodes.push(Node {
        data: NodeData::Element { name: Cow::Borrowed("#root"), attrs: Vec::new() },
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next_sibling: NONE,
    });
    let mut title: Option<String> = None;
    let mut json_ld = Vec::new();
    let mut no_close_after: HashMap<String, usize> = HashMap::default();
    let mut pos = 0usize;
    while pos < len {
        let Some(off) = memchr::memchr(b'<', &bytes[pos..]) else {
            b.text(decode_entities(&html[pos..]));
            break;
        };
        if off > 0 {
            b.text(decode_entities(&html[pos..pos + off]));
        }
        let lt = pos + off;
        let next = bytes.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' {
            if bytes.get(lt + 2..lt + 4) == Some(b"--") {
                pos = match memchr::memmem::find(&bytes[lt + 4..], b"-->") {
                    Some(e) => lt + 4 + e + 3,
                    None => len,
                };
            } else {
                pos = match memchr::memchr(b'>', &bytes[lt + 1..]) {
                    Some(e) => lt + 1 + e + 1,
                    None => len,
                };
            }
            continue;
        }
        if next == b'?' {
            pos = match memchr::memchr(b'>', &bytes[lt + 1..]) {
                Some(e) => lt + 1 + e + 1,
                None => len,
            };
            continue;
        }
        if next == b'/' {
            let name_start = lt + 2;
            if !bytes.get(name_start).is_some_and(|c| c.is_ascii_alphabetic()) {
                // `</>` or `</ …`: a bogus comment up to '>'.
                pos = match memchr::memchr(b'>', &bytes[lt + 1..]) {
                    Some(e) => lt + 1 + e + 1,
                    None => len,
                };
                continue;
            }
            let mut e = name_start;
            while e < len && !is_ws(bytes[e]) && bytes[e] != b'>' && bytes[e] != b'/' {
                e += 1;
            }
            let name = lower(&html[name_start..e]);
            pos = match memchr::memchr(b'>', &bytes[e..]) {
                Some(g) => e + g + 1,
                None => len,
            };
            b.end_tag(&name);
            continue;
        }
        if !next.is_ascii_alphabetic() {
            b.text(Cow::Borrowed("<"));
            pos = lt + 1;
            continue;
        }
        // Start tag.
        let name_start = lt + 1;
        let mut e = name_start;
        while e < len && !is_ws(bytes[e]) && bytes[e] != b'>' && bytes[e] != b'/' {
            e += 1;
        }
        let name = lower(&html[name_start..e]);
        let (attrs, self_closing, end) = parse_attrs(html, e);
        pos = end;
        let foreign = b.count("svg") > 0 || b.count("math") > 0;
        // Inside SVG/MathML only <script> and <style> hold raw text, and `<x/>` is empty.
        let raw =
            is_raw_text(&name) && !self_closing && (!foreign || matches!(name.as_ref(), "script" | "style"));
        if raw {
            // Once `</name` is known to be absent after some offset, do not search again:
            // a page of unclosed `<textarea>`s must not cost quadratic time.
            let known_absent = no_close_after.get(name.as_ref()).is_some_and(|&from| pos >= from);
            let close = if known_absent { None } else { find_end_tag(bytes, pos, &name) };
            if close.is_none() && !known_absent {
                no_close_after.insert(name.to_string(), pos);
            }
            if close.is_none() && !matches!(name.as_ref(), "script" | "style" | "plaintext") {
                // An unclosed <title>, <textarea>, <iframe>… would swallow the page:
                // treat it as empty and go on parsing after its start tag.
                continue;
            }
            let content_end = close.unwrap_or(len);
            let content = &html[pos.min(content_end)..content_end];
            pos = match close {
                Some(c) => match memchr::memchr(b'>', &bytes[c..]) {
                    Some(g) => c + g + 1,
                    None => len,
                },
                None => len,
            };
            match name.as_ref() {
                "title" if title.is_none() && b.count("svg") == 0 => {
                    title = Some(decode_entities(content).into_owned());
                }
                "script" => {
                    let is_ld = attrs
                        .iter()
                        .any(|(k, v)| k == "type" && v.trim().eq_ignore_ascii_case("application/ld+json"));
                    if is_ld && json_ld.len() < 64 {
                        json_ld.push(content.to_string());
                    }
                }
                _ => {}
            }
            continue;
        }
        if is_raw_text(&name) && !foreign {
            // A self-closed raw-text element in HTML (`<title/>`) has no content either.
            continue;
        }
        let empty = self_closing || is_raw_text(&name);
        b.start_tag(name, attrs, empty);
    }
    Dom { nodes: b.nodes, title, json_ld }
}

type Attrs<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// Parses attributes starting at `pos` (just after the tag name) up to the closing `>`.
/// Returns the attributes, whether the tag ended in `/>`, and the offset after `>`.
fn parse_attrs(html: &str, mut pos: usize) -> (Attrs<'_>, bool, usize) {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut attrs: Attrs<'_> = Vec::new();
    let mut self_closing = false;
    loop {
        while pos < len && is_ws(bytes[pos]) {
            pos += 1;
        }
        if pos >= len {
            return (attrs, self_closing, len);
        }
        match bytes[pos] {
            b'>' => return (attrs, self_closing, pos + 1),
            b'/' => {
                self_closing = bytes.get(pos + 1) == Some(&b'>');
                pos += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let name_start = pos;
        pos += 1; // the first character may be anything, even '='
        while pos < len && !is_ws(bytes[pos]) && !matches!(bytes[pos], b'=' | b'>' | b'/') {
            pos += 1;
        }
        let name_end = pos;
        while pos < len && is_ws(bytes[pos]) {
            pos += 1;
        }
        let mut value: Cow<'_, str> = Cow::Borrowed("");
        if pos < len && bytes[pos] == b'=' {
            pos += 1;
            while pos < len && is_ws(bytes[pos]) {
                pos += 1;
            }
            if pos < len && (bytes[pos] == b'"' || bytes[pos] == b'\'') {
                let q = bytes[pos];
                let vstart = pos + 1;
                match memchr::memchr(q, &bytes[vstart.min(len)..]) {
                    Some(e) => {
                        value = decode_entities(&html[vstart..vstart + e]);
                        pos = vstart + e + 1;
                    }
                    None => {
                        // Unterminated quote: the rest of the document is swallowed, as in browsers.
                        return (attrs, false, len);
                    }
                }
            } else {
                let vstart = pos;
                while pos < len && !is_ws(bytes[pos]) && bytes[pos] != b'>' {
                    pos += 1;
                }
                value = decode_entities(&html[vstart..pos]);
            }
        }
        // Attribute name bytes are ASCII-delimited, so the slice is on char boundaries.
        if let Some(name) = html.get(name_start..name_end) {
            if attrs.len() < 64 {
                attrs.push((lower(name), value));
            }
        }
    }
}

/// Decodes character references; borrows when there are none.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', s.as_bytes()) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (decoded, used) = decode_one(rest);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decodes one reference at the start of `s` (which starts with '&').
fn decode_one(s: &str) -> (Option<char>, usize) {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x') | Some(b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut end = start;
        let mut v: u32 = 0;
        // All digits are consumed; an overflowing value becomes U+FFFD as in browsers.
        while let Some(&d) = b.get(end) {
            let digit = match (d as char).to_digit(if hex { 16 } else { 10 }) {
                Some(x) => x,
                None => break,
            };
            v = v.saturating_mul(if hex { 16 } else { 10 }).saturating_add(digit);
            end += 1;
        }
        if end == start {
            return (None, 0);
        }
        let used = if b.get(end) == Some(&b';') { end + 1 } else { end };
        let c = match v {
            0 => '\u{FFFD}',
            // Windows-1252 code points that pages write as numeric references.
            0x80..=0x9f => cp1252(v),
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return (Some(c), used);
    }
    let mut end = 1;
    while end < b.len() && end < 12 && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    let name = &s[1..end];
    if name.is_empty() {
        return (None, 0);
    }
    if let Some(cp) = html_entities::lookup(name) {
        let used = if b.get(end) == Some(&b';') { end + 1 } else { end };
        // Without ';' only the legacy lower-case forms are decoded (e.g. `&amp`, `&nbsp`).
        if used == end && !matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg") {
            return (None, 0);
        }
        return (char::from_u32(cp), used);
    }
    (None, 0)
}

fn cp1252(v: u32) -> char {
    const TABLE: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    TABLE.get((v - 0x80) as usize).and_then(|&c| char::from_u32(c)).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom<'_>) -> String {
        dom.nodes.iter().filter_map(|n| n.text()).collect::<Vec<_>>().join("|")
    }

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("a &amp; b &auml;&#252;&#x00DF; &bogus; &#150;"), "a & b äüß &bogus; –");
        assert_eq!(decode_entities("AT&T"), "AT&T");
        assert_eq!(decode_entities("&"), "&");
        assert_eq!(decode_entities("&#99999999999;"), "\u{FFFD}");
    }

    #[test]
    fn skips_script_and_comments() {
        let d = parse("<p>a<!-- x --><script>if (a<b) {}</script>b</p><style>p{}</style>");
        assert_eq!(texts(&d), "ab");
    }

    #[test]
    fn implied_ends() {
        let d = parse("<ul><li>a<li>b</ul><p>x<p>y<div>z</div>");
        let lis = d.nodes.iter().filter(|n| n.name() == "li").count();
        assert_eq!(lis, 2);
        // Each <p> is a child of the root, not nested.
        for n in d.nodes.iter().filter(|n| n.name() == "p") {
            assert_eq!(n.parent, 0);
        }
    }

    #[test]
    fn many_unclosed_raw_text_elements_are_linear() {
        let s = "<textarea>x".repeat(200_000);
        let started = std::time::Instant::now();
        let d = parse(&s);
        assert!(d.nodes.len() > 1);
        assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    }

    #[test]
    fn deep_nesting_no_overflow() {
        let s = "<div>".repeat(100_000) + "text" + &"</span>".repeat(100_000);
        let d = parse(&s);
        assert!(d.nodes.len() > 100_000);
    }

    #[test]
    fn content_in_unclosed_head_leaves_head() {
        let d = parse("<html><head><title>t</title><meta name=a content=b><div>body text</div>");
        let div = d.nodes.iter().find(|n| n.name() == "div").expect("div");
        assert_eq!(d.nodes[div.parent as usize].name(), "html");
        let meta = d.nodes.iter().find(|n| n.name() == "meta").expect("meta");
        assert_eq!(d.nodes[meta.parent as usize].name(), "head");
    }

    #[test]
    fn svg_title_and_unclosed_raw_text_do_not_swallow_the_page() {
        let d =
            parse("<svg><title/><path d='x'/></svg><p>after svg</p><textarea>never closed<p>still here</p>");
        let t = texts(&d);
        assert!(t.contains("after svg"), "{t}");
        assert!(t.contains("still here"), "{t}");
        let d = parse("<title/><p>body</p>");
        assert!(texts(&d).contains("body"));
        assert_eq!(d.title, None);
    }

    #[test]
    fn title_and_json_ld() {
        let d = parse("<title>A &amp; B</title><script type='application/ld+json'>{\"a\":1}</script>");
        assert_eq!(d.title.as_deref(), Some("A & B"));
        assert_eq!(d.json_ld, vec!["{\"a\":1}".to_string()]);
    }

    #[test]
    fn broken_markup() {
        for s in
            ["<", "<a", "<a href='x", "</", "<!--", "<!", "&#", "<p>\u{e4}<b\u{e4}>", "<\u{fc}>", "<a =x>"]
        {
            let _ = parse(s);
        }
    }
}
