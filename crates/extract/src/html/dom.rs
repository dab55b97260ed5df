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
    /// The element's interned name ([`Dom::tag_names`]); [`tag::TEXT`] for text nodes.
    pub tag: u32,
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
    /// Tag names by id: [`Node::tag`] indexes this. The first ids are the fixed
    /// [`tag`] constants; the page's other element names follow in order of appearance,
    /// so comparing ids is comparing names.
    pub tag_names: Vec<Cow<'a, str>>,
}

/// Fixed tag ids: the names the parser and the content rules test for, interned first on
/// every page so that their ids are constants.
pub mod tag {
    /// Text nodes (their name is `""`).
    pub const TEXT: u32 = 0;
    /// The synthetic root element.
    pub const ROOT: u32 = 1;
    /// `<html>`.
    pub const HTML: u32 = 2;
    /// `<head>`.
    pub const HEAD: u32 = 3;
    /// `<body>`.
    pub const BODY: u32 = 4;
    /// `<p>`.
    pub const P: u32 = 5;
    /// `<a>`.
    pub const A: u32 = 6;
    /// `<svg>`.
    pub const SVG: u32 = 7;
    /// `<math>`.
    pub const MATH: u32 = 8;
    /// `<li>`.
    pub const LI: u32 = 9;
    /// `<dd>`.
    pub const DD: u32 = 10;
    /// `<dt>`.
    pub const DT: u32 = 11;
    /// `<td>`.
    pub const TD: u32 = 12;
    /// `<th>`.
    pub const TH: u32 = 13;
    /// `<tr>`.
    pub const TR: u32 = 14;
    /// `<table>`.
    pub const TABLE: u32 = 15;
    /// `<thead>`.
    pub const THEAD: u32 = 16;
    /// `<tbody>`.
    pub const TBODY: u32 = 17;
    /// `<tfoot>`.
    pub const TFOOT: u32 = 18;
    /// `<option>`.
    pub const OPTION: u32 = 19;
    /// `<optgroup>`.
    pub const OPTGROUP: u32 = 20;
    /// `<ul>`.
    pub const UL: u32 = 21;
    /// `<ol>`.
    pub const OL: u32 = 22;
    /// `<menu>`.
    pub const MENU: u32 = 23;
    /// `<dl>`.
    pub const DL: u32 = 24;
    /// `<br>`.
    pub const BR: u32 = 25;
    /// `<title>`.
    pub const TITLE: u32 = 26;
    /// `<script>`.
    pub const SCRIPT: u32 = 27;
    /// `<style>`.
    pub const STYLE: u32 = 28;
    /// `<plaintext>`.
    pub const PLAINTEXT: u32 = 29;

    /// Names of the fixed ids, in id order.
    pub(super) const NAMES: [&str; 30] = [
        "",
        "#root",
        "html",
        "head",
        "body",
        "p",
        "a",
        "svg",
        "math",
        "li",
        "dd",
        "dt",
        "td",
        "th",
        "tr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "option",
        "optgroup",
        "ul",
        "ol",
        "menu",
        "dl",
        "br",
        "title",
        "script",
        "style",
        "plaintext",
    ];
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
                for run in word_runs(t) {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(run);
                }
            }
        }
        out
    }
}

/// The words of `text` in runs: each item is a maximal stretch of words separated by
/// single ASCII spaces, so that joining the runs with `' '` gives exactly
/// `text.split_whitespace()` joined with `' '` (Unicode White_Space). Text nodes are mostly
/// such sentences: copying a run at a time is much cheaper than a word at a time.
pub fn word_runs(text: &str) -> WordRuns<'_> {
    WordRuns { text, pos: 0 }
}

/// Iterator of [`word_runs`].
#[derive(Debug, Clone)]
pub struct WordRuns<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> WordRuns<'a> {
    /// Whether a whitespace character starts at byte `at`, and the byte length to step over.
    /// Only ASCII bytes and the lead bytes C2, E1, E2, E3 can start a whitespace character;
    /// any other byte (continuation bytes included) is stepped over alone, which keeps every
    /// position where a run starts or ends on a character boundary.
    fn whitespace_at(&self, at: usize) -> (bool, usize) {
        match self.text.as_bytes().get(at) {
            None => (false, 1),
            Some(&b) if b < 0x80 => (matches!(b, b' ' | b'\t'..=b'\r'), 1),
            Some(0xC2 | 0xE1 | 0xE2 | 0xE3) => match self.text.get(at..).and_then(|rest| rest.chars().next())
            {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            },
            Some(_) => (false, 1),
        }
    }
}

impl<'a> Iterator for WordRuns<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut at = self.pos;
        loop {
            // ASCII whitespace (indentation between tags) is skipped byte by byte, cheaply.
            while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t'..=b'\r')) {
                at += 1;
            }
            if at >= len {
                self.pos = len;
                return None;
            }
            let (space, step) = self.whitespace_at(at);
            if !space {
                break;
            }
            at += step;
        }
        let start = at;
        // Jump to the next byte that can start a whitespace character, then look closer:
        // a single ASCII space before another word stays inside the run.
        while let Some(offset) = bytes.get(at..).and_then(space_candidate) {
            at += offset;
            let (space, step) = self.whitespace_at(at);
            if !space {
                at += step;
                continue;
            }
            if bytes.get(at) == Some(&b' ') && at + 1 < len && !self.whitespace_at(at + 1).0 {
                at += 1;
                continue;
            }
            self.pos = at;
            return self.text.get(start..at);
        }
        self.pos = len;
        self.text.get(start..)
    }
}

/// Offset of the first byte that can start a whitespace character: an ASCII byte up to
/// `' '`, or one of the lead bytes C2, E1, E2, E3. Eight bytes at a time are cleared with one
/// word test while they are printable ASCII (the bulk of any page's text).
fn space_candidate(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let may_start_space = |b: &u8| *b <= b' ' || matches!(*b, 0xC2 | 0xE1..=0xE3);
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // A byte below 0x21 borrows into its high bit when 0x21 is subtracted, and bytes from
        // 0x80 have it already; a borrow only starts at such a byte, so nothing is missed.
        if (word.wrapping_sub(0x21 * ONES) | word) & HIGH != 0 {
            if let Some(found) = chunk.iter().position(may_start_space) {
                return Some(at + found);
            }
        }
        at += 8;
    }
    bytes.get(at..)?.iter().position(may_start_space).map(|found| at + found)
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

/// Parser-relevant properties of a tag name, computed once per distinct name on a page.
const VOID: u8 = 1;
const RAW_TEXT: u8 = 2;
const CLOSES_P: u8 = 4;
const INLINE: u8 = 8;
const HEADING: u8 = 16;
/// Elements that may stay in `<head>` without ending it.
const HEAD_CONTENT: u8 = 32;

fn parser_flags(name: &str) -> u8 {
    let mut flags = 0;
    for (test, flag) in [
        (is_void as fn(&str) -> bool, VOID),
        (is_raw_text, RAW_TEXT),
        (closes_p, CLOSES_P),
        (is_inline, INLINE),
        (is_heading, HEADING),
    ] {
        if test(name) {
            flags |= flag;
        }
    }
    if matches!(name, "meta" | "link" | "title" | "script" | "style" | "base" | "noscript" | "template") {
        flags |= HEAD_CONTENT;
    }
    flags
}

/// Tree builder state.
struct Builder<'a> {
    nodes: Vec<Node<'a>>,
    stack: Vec<u32>,
    /// Open elements per tag id.
    open_counts: Vec<u32>,
    /// Tag id of every name seen on this page.
    tag_ids: HashMap<Cow<'a, str>, u32>,
    /// The same ids for names of up to eight bytes (most tag names), in a small
    /// direct-mapped table keyed by [`short_key`]: a hit costs a multiply and one compare,
    /// where the map hashes and compares strings. Empty slots hold key 0, which no name has.
    short_tag_ids: Box<[(u128, u32); SHORT_TAG_SLOTS]>,
    /// Names by tag id.
    tag_names: Vec<Cow<'a, str>>,
    /// [`parser_flags`] by tag id.
    tag_flags: Vec<u8>,
    seen_body: bool,
}

impl<'a> Builder<'a> {
    fn new(capacity: usize) -> Builder<'a> {
        let mut builder = Builder {
            nodes: Vec::with_capacity(capacity),
            stack: Vec::with_capacity(64),
            open_counts: Vec::new(),
            tag_ids: HashMap::default(),
            short_tag_ids: Box::new([(0, 0); SHORT_TAG_SLOTS]),
            tag_names: Vec::new(),
            tag_flags: Vec::new(),
            seen_body: false,
        };
        for name in tag::NAMES {
            builder.intern(&Cow::Borrowed(name));
        }
        builder
    }

    /// The id of tag `name`, assigning the next one to a name not seen before.
    // A `&Cow` (not `&str`): a name borrowed from the page is stored without a copy.
    #[allow(clippy::ptr_arg)]
    fn intern(&mut self, name: &Cow<'a, str>) -> u32 {
        if let Some(id) = self.known_id(name) {
            return id;
        }
        let short = short_key(name);
        let id = self.tag_names.len() as u32;
        self.tag_flags.push(parser_flags(name));
        self.open_counts.push(0);
        self.tag_names.push(name.clone());
        if let Some(key) = short {
            if let Some(slot) = self.short_tag_ids.get_mut(short_slot(key)) {
                *slot = (key, id);
            }
        }
        self.tag_ids.insert(name.clone(), id);
        id
    }

    /// The id of tag `name` when the page has used it before.
    fn known_id(&self, name: &str) -> Option<u32> {
        if let Some(key) = short_key(name) {
            if let Some(&(slot_key, id)) = self.short_tag_ids.get(short_slot(key)) {
                if slot_key == key {
                    return Some(id);
                }
            }
        }
        self.tag_ids.get(name).copied()
    }

    fn flags(&self, tag: u32) -> u8 {
        self.tag_flags.get(tag as usize).copied().unwrap_or(0)
    }

    fn top(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    fn tag_of(&self, idx: u32) -> u32 {
        self.nodes.get(idx as usize).map(|n| n.tag).unwrap_or(tag::TEXT)
    }

    fn count(&self, tag: u32) -> u32 {
        self.open_counts.get(tag as usize).copied().unwrap_or(0)
    }

    fn append(&mut self, data: NodeData<'a>, tag: u32) -> u32 {
        let parent = self.top();
        let idx = self.nodes.len() as u32;
        self.nodes.push(Node { data, tag, parent, first_child: NONE, last_child: NONE, next_sibling: NONE });
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
        if self.count(tag::HEAD) > 0 && !text.trim().is_empty() {
            self.leave_head();
        }
        // Merge with a preceding text node (split by a comment or a skipped element).
        let parent = self.top();
        let last = self.nodes.get(parent as usize).map(|p| p.last_child).unwrap_or(NONE);
        if let Some(NodeData::Text(prev)) = self.nodes.get_mut(last as usize).map(|n| &mut n.data) {
            prev.to_mut().push_str(&text);
            return;
        }
        self.append(NodeData::Text(text), tag::TEXT);
    }

    /// Closes an open `<head>` (content that cannot live there starts the body).
    fn leave_head(&mut self) {
        if self.count(tag::HEAD) > 0 {
            if let Some(pos) = self.stack.iter().rposition(|&i| self.tag_of(i) == tag::HEAD) {
                self.pop_to(pos);
            }
        }
    }

    fn push(&mut self, idx: u32) {
        let tag = self.tag_of(idx);
        if let Some(count) = self.open_counts.get_mut(tag as usize) {
            *count += 1;
        }
        self.stack.push(idx);
    }

    fn pop(&mut self) -> Option<u32> {
        let idx = self.stack.pop()?;
        let tag = self.tag_of(idx);
        if let Some(count) = self.open_counts.get_mut(tag as usize) {
            *count = count.saturating_sub(1);
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
    fn find_up(&self, limit: usize, target: &[u32], pass: impl Fn(u32) -> bool) -> Option<usize> {
        for (steps, pos) in (0..self.stack.len()).rev().enumerate() {
            if steps >= limit {
                return None;
            }
            let tag = self.tag_of(self.stack[pos]);
            if target.contains(&tag) {
                return Some(pos);
            }
            if !pass(tag) {
                return None;
            }
        }
        None
    }

    fn is_inline_tag(&self, tag: u32) -> bool {
        self.flags(tag) & INLINE != 0
    }

    fn start_tag(&mut self, name: Cow<'a, str>, tag: u32, attrs: Attrs<'a>, self_closing: bool) {
        let flags = self.flags(tag);
        match tag {
            tag::HTML => {
                if self.count(tag::HTML) > 0 || !self.stack.is_empty() {
                    return;
                }
            }
            tag::HEAD => {
                if self.count(tag::HEAD) > 0 || self.seen_body {
                    return;
                }
            }
            tag::BODY => {
                if self.seen_body {
                    return;
                }
                self.seen_body = true;
                if let Some(pos) = self.stack.iter().position(|&i| self.tag_of(i) == tag::HEAD) {
                    self.pop_to(pos);
                }
            }
            _ if flags & HEAD_CONTENT != 0 => {}
            _ => {
                // Anything else ends an unclosed <head>, as in browsers.
                self.leave_head();
            }
        }
        if flags & CLOSES_P != 0 && self.count(tag::P) > 0 {
            if let Some(pos) = self.find_up(SCOPE_LIMIT, &[tag::P], |t| self.is_inline_tag(t)) {
                self.pop_to(pos);
            }
        }
        match tag {
            tag::LI => {
                if let Some(pos) = self.find_up(SCOPE_LIMIT, &[tag::LI], |t| {
                    !matches!(t, tag::UL | tag::OL | tag::MENU | tag::TABLE | tag::TD | tag::TH)
                }) {
                    self.pop_to(pos);
                }
            }
            tag::DD | tag::DT => {
                if let Some(pos) = self.find_up(SCOPE_LIMIT, &[tag::DD, tag::DT], |t| {
                    !matches!(t, tag::DL | tag::TABLE | tag::TD | tag::TH)
                }) {
                    self.pop_to(pos);
                }
            }
            tag::TD | tag::TH => {
                if let Some(pos) =
                    self.find_up(SCOPE_LIMIT, &[tag::TD, tag::TH], |t| !matches!(t, tag::TR | tag::TABLE))
                {
                    self.pop_to(pos);
                }
            }
            tag::TR => {
                if let Some(pos) = self.find_up(SCOPE_LIMIT, &[tag::TR], |t| t != tag::TABLE) {
                    self.pop_to(pos);
                }
            }
            tag::THEAD | tag::TBODY | tag::TFOOT => {
                if let Some(pos) =
                    self.find_up(SCOPE_LIMIT, &[tag::THEAD, tag::TBODY, tag::TFOOT], |t| t != tag::TABLE)
                {
                    self.pop_to(pos);
                }
            }
            tag::OPTION | tag::OPTGROUP if self.tag_of(self.top()) == tag::OPTION => {
                self.pop();
            }
            tag::A if self.count(tag::A) > 0 => {
                if let Some(pos) = self.find_up(8, &[tag::A], |t| self.is_inline_tag(t)) {
                    self.pop_to(pos);
                }
            }
            _ if flags & HEADING != 0 && self.flags(self.tag_of(self.top())) & HEADING != 0 => {
                self.pop();
            }
            _ => {}
        }
        let void = flags & VOID != 0 || self_closing;
        let idx = self.append(NodeData::Element { name, attrs }, tag);
        if !void {
            self.push(idx);
        }
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "html" | "body" => return,
            "br" => {
                self.start_tag(Cow::Borrowed("br"), tag::BR, Vec::new(), true);
                return;
            }
            _ => {}
        }
        // A name never seen in a start tag has no open element.
        let Some(tag) = self.known_id(name) else {
            return;
        };
        if self.count(tag) == 0 {
            return;
        }
        if self.is_inline_tag(tag) {
            if let Some(pos) = self.find_up(INLINE_END_LIMIT, &[tag], |t| self.is_inline_tag(t)) {
                self.pop_to(pos);
            }
            return;
        }
        if let Some(pos) = self.stack.iter().rposition(|&i| self.tag_of(i) == tag) {
            self.pop_to(pos);
        }
    }
}

/// A name of up to eight bytes as one integer: the bytes, and the length above them
/// (so that names differing only in trailing NUL bytes stay apart).
/// Never 0 (the length is at least 1), so 0 marks an empty slot.
fn short_key(name: &str) -> Option<u128> {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 {
        return None;
    }
    let packed = bytes.iter().rev().fold(0u64, |packed, &b| packed << 8 | u64::from(b));
    Some(u128::from(packed) | (bytes.len() as u128) << 64)
}

/// Slots of the short-name table; pages use a few dozen distinct tag names.
const SHORT_TAG_SLOTS: usize = 256;

/// The slot of a [`short_key`]: the top byte of a multiplicative hash.
fn short_slot(key: u128) -> usize {
    let mixed = (key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 56) as usize
}

fn is_ws(b: u8) -> bool {
    BYTE_CLASS[b as usize] & WS != 0
}

/// Byte classes of the tag scanner, one table lookup instead of a chain of compares.
/// HTML whitespace.
const WS: u8 = 1;
/// Ends a tag name: whitespace, `>` or `/`.
const TAG_NAME_END: u8 = 2;
/// Ends an attribute name: whitespace, `=`, `>` or `/`.
const ATTR_NAME_END: u8 = 4;
/// Ends an unquoted attribute value: whitespace or `>`.
const VALUE_END: u8 = 8;

static BYTE_CLASS: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let ws = matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0c);
        let mut class = 0;
        if ws {
            class |= WS | TAG_NAME_END | ATTR_NAME_END | VALUE_END;
        }
        if byte == b'>' {
            class |= TAG_NAME_END | ATTR_NAME_END | VALUE_END;
        }
        if byte == b'/' {
            class |= TAG_NAME_END | ATTR_NAME_END;
        }
        if byte == b'=' {
            class |= ATTR_NAME_END;
        }
        table[b] = class;
        b += 1;
    }
    table
}

/// The first position at or after `pos` whose byte is of `class` (or `bytes.len()`).
fn skip_until(bytes: &[u8], mut pos: usize, class: u8) -> usize {
    while let Some(&b) = bytes.get(pos) {
        if BYTE_CLASS[b as usize] & class != 0 {
            break;
        }
        pos += 1;
    }
    pos
}

/// The first position at or after `pos` that is not whitespace (or `bytes.len()`).
fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(&b) = bytes.get(pos) {
        if BYTE_CLASS[b as usize] & WS == 0 {
            break;
        }
        pos += 1;
    }
    pos
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
    let mut b = Builder::new(len / 40 + 8);
    b.nodes.push(Node {
        data: NodeData::Element { name: Cow::Borrowed("#root"), attrs: Vec::new() },
        tag: tag::ROOT,
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next_sibling: NONE,
    });
    let mut title: Option<String> = None;
    let mut json_ld = Vec::new();
    // Per raw-text tag id: the offset after which its end tag is known to be absent.
    let mut no_close_after: HashMap<u32, usize> = HashMap::default();
    let mut attr_scratch: Attrs<'_> = Vec::new();
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
            let e = skip_until(bytes, name_start, TAG_NAME_END);
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
        let e = skip_until(bytes, name_start, TAG_NAME_END);
        let name = lower(&html[name_start..e]);
        let tag = b.intern(&name);
        let is_raw = b.flags(tag) & RAW_TEXT != 0;
        let (attrs, self_closing, end) = parse_attrs(html, e, &mut attr_scratch);
        pos = end;
        let foreign = b.count(tag::SVG) > 0 || b.count(tag::MATH) > 0;
        // Inside SVG/MathML only <script> and <style> hold raw text, and `<x/>` is empty.
        let raw = is_raw && !self_closing && (!foreign || matches!(tag, tag::SCRIPT | tag::STYLE));
        if raw {
            // Once `</name` is known to be absent after some offset, do not search again:
            // a page of unclosed `<textarea>`s must not cost quadratic time.
            let known_absent = no_close_after.get(&tag).is_some_and(|&from| pos >= from);
            let close = if known_absent { None } else { find_end_tag(bytes, pos, &name) };
            if close.is_none() && !known_absent {
                no_close_after.insert(tag, pos);
            }
            if close.is_none() && !matches!(tag, tag::SCRIPT | tag::STYLE | tag::PLAINTEXT) {
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
            match tag {
                tag::TITLE if title.is_none() && b.count(tag::SVG) == 0 => {
                    title = Some(decode_entities(content).into_owned());
                }
                tag::SCRIPT => {
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
        if is_raw && !foreign {
            // A self-closed raw-text element in HTML (`<title/>`) has no content either.
            continue;
        }
        let empty = self_closing || is_raw;
        b.start_tag(name, tag, attrs, empty);
    }
    Dom { nodes: b.nodes, title, json_ld, tag_names: b.tag_names }
}

type Attrs<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// Parses attributes starting at `pos` (just after the tag name) up to the closing `>`.
/// Returns the attributes, whether the tag ended in `/>`, and the offset after `>`.
/// `scratch` is reused across tags so that each element's list is allocated once, at its size.
fn parse_attrs<'a>(html: &'a str, pos: usize, scratch: &mut Attrs<'a>) -> (Attrs<'a>, bool, usize) {
    scratch.clear();
    let (self_closing, end) = read_attrs(html, pos, scratch);
    let mut attrs = Vec::with_capacity(scratch.len());
    attrs.append(scratch);
    (attrs, self_closing, end)
}

/// The attribute loop of [`parse_attrs`]: fills `attrs`, returns whether the tag ended in
/// `/>` and the offset after `>`.
fn read_attrs<'a>(html: &'a str, mut pos: usize, attrs: &mut Attrs<'a>) -> (bool, usize) {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut self_closing = false;
    loop {
        pos = skip_ws(bytes, pos);
        if pos >= len {
            return (self_closing, len);
        }
        match bytes[pos] {
            b'>' => return (self_closing, pos + 1),
            b'/' => {
                self_closing = bytes.get(pos + 1) == Some(&b'>');
                pos += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let name_start = pos;
        // The first character may be anything, even '='.
        pos = skip_until(bytes, pos + 1, ATTR_NAME_END);
        let name_end = pos;
        pos = skip_ws(bytes, pos);
        let mut value: Cow<'_, str> = Cow::Borrowed("");
        if pos < len && bytes[pos] == b'=' {
            pos = skip_ws(bytes, pos + 1);
            if pos < len && (bytes[pos] == b'"' || bytes[pos] == b'\'') {
                let q = bytes[pos];
                let vstart = pos + 1;
                let rest = bytes.get(vstart..).unwrap_or_default();
                // One scan for the closing quote or a character reference: most values
                // have none, and then need no second scan by `decode_entities`.
                let end = match memchr::memchr2(q, b'&', rest) {
                    Some(at) if rest.get(at) == Some(&q) => Some((at, false)),
                    Some(at) => memchr::memchr(q, rest.get(at..).unwrap_or_default()).map(|e| (at + e, true)),
                    None => None,
                };
                match end {
                    Some((e, has_reference)) => {
                        let raw = &html[vstart..vstart + e];
                        value = if has_reference { decode_entities(raw) } else { Cow::Borrowed(raw) };
                        pos = vstart + e + 1;
                    }
                    None => {
                        // Unterminated quote: the rest of the document is swallowed, as in browsers.
                        return (false, len);
                    }
                }
            } else {
                let vstart = pos;
                pos = skip_until(bytes, pos, VALUE_END);
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
    // Most texts and attribute values are short: a plain loop beats memchr's setup there.
    let first =
        if s.len() < 32 { s.bytes().position(|b| b == b'&') } else { memchr::memchr(b'&', s.as_bytes()) };
    let Some(first) = first else {
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
    if let Some(cp) = common_entity(name).or_else(|| html_entities::lookup(name)) {
        let used = if b.get(end) == Some(&b';') { end + 1 } else { end };
        // Without ';' only the legacy lower-case forms are decoded (e.g. `&amp`, `&nbsp`).
        if used == end && !matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg") {
            return (None, 0);
        }
        return (char::from_u32(cp), used);
    }
    (None, 0)
}

/// The code points of the references pages use most (`&amp;` in every URL), without
/// the binary search over all entity names; the same values as [`html_entities::lookup`].
fn common_entity(name: &str) -> Option<u32> {
    match name {
        "amp" => Some(0x26),
        "nbsp" => Some(0xA0),
        "quot" => Some(0x22),
        "lt" => Some(0x3C),
        "gt" => Some(0x3E),
        "apos" => Some(0x27),
        _ => None,
    }
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
    fn byte_classes_match_their_definitions() {
        for b in 0u8..=255 {
            let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c);
            assert_eq!(is_ws(b), ws, "{b:#x}");
            assert_eq!(skip_until(&[b], 0, TAG_NAME_END) == 0, ws || b == b'>' || b == b'/', "{b:#x}");
            assert_eq!(
                skip_until(&[b], 0, ATTR_NAME_END) == 0,
                ws || matches!(b, b'=' | b'>' | b'/'),
                "{b:#x}"
            );
            assert_eq!(skip_until(&[b], 0, VALUE_END) == 0, ws || b == b'>', "{b:#x}");
            assert_eq!(skip_ws(&[b], 0) == 1, ws, "{b:#x}");
        }
        assert_eq!(skip_until(b"abc", 0, TAG_NAME_END), 3);
        assert_eq!(skip_until(b"abc", 7, TAG_NAME_END), 7);
        assert_eq!(skip_ws(b" \t\nx", 0), 3);
    }

    #[test]
    fn common_entities_agree_with_the_table() {
        for name in ["amp", "nbsp", "quot", "lt", "gt", "apos"] {
            assert_eq!(common_entity(name), html_entities::lookup(name), "{name}");
        }
        assert_eq!(common_entity("auml"), None);
    }

    #[test]
    fn short_keys_keep_names_apart() {
        assert_eq!(short_key("div"), short_key("div"));
        assert_ne!(short_key("a"), short_key("a\0"));
        assert_ne!(short_key("section"), short_key("sectio"));
        assert!(short_key("12345678").is_some());
        assert_eq!(short_key("123456789"), None);
        let dom = parse("<x\0>a</x\0><x>b</x><noscript2>c</noscript2><NoScript2>d</noscript2>");
        let names: Vec<&str> = dom.nodes.iter().filter(|n| n.text().is_none()).map(|n| n.name()).collect();
        assert_eq!(names, ["#root", "x\0", "x", "noscript2", "noscript2"]);
        let tags: Vec<u32> = dom.nodes.iter().filter(|n| n.text().is_none()).map(|n| n.tag).collect();
        assert_ne!(tags[1], tags[2]);
        assert_eq!(tags[3], tags[4]);
    }

    #[test]
    fn word_runs_split_like_split_whitespace() {
        let spaces = [
            ' ', '\t', '\n', '\u{0B}', '\u{0C}', '\r', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}',
            '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
        ];
        let others =
            ['a', 'ä', '\u{200B}', '\u{2010}', '€', '\u{3001}', '😀', '\u{1681}', '\u{C2}', '\u{E1}'];
        let alphabet: Vec<char> = spaces.iter().chain(others.iter()).copied().collect();
        // Every string of up to four characters from the alphabet, plus longer mixes.
        let mut cases = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                cases.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            cases.extend(longer.into_iter().filter(|s| s.chars().count() <= 3));
        }
        cases.push("  Grüße\u{A0}aus\u{2003}Köln –\tthe\r\nend\u{3000}".to_string());
        cases.push("one two  three\u{A0}four five ".to_string());
        for case in &cases {
            let runs: Vec<&str> = word_runs(case).collect();
            let words: Vec<&str> = runs.iter().flat_map(|run| run.split(' ')).collect();
            assert_eq!(words, case.split_whitespace().collect::<Vec<_>>(), "{case:?}");
            assert!(runs.iter().all(|run| !run.is_empty() && !run.starts_with(' ') && !run.contains("  ")));
        }
        assert_eq!(word_runs(" one two  three\u{A0}four ").collect::<Vec<_>>(), ["one two", "three", "four"]);
    }

    #[test]
    fn tag_ids_name_their_tags() {
        let d = parse("<HTML><Body><P>a<svg></svg><Custom-Tag>b</custom-tag><custom-tag>c</P></body>");
        for (id, name) in tag::NAMES.iter().enumerate() {
            assert_eq!(d.tag_names.get(id).map(|n| n.as_ref()), Some(*name));
        }
        assert_eq!(d.tag_names.get(tag::SVG as usize).map(|n| n.as_ref()), Some("svg"));
        for node in &d.nodes {
            assert_eq!(d.tag_names.get(node.tag as usize).map(|n| n.as_ref()), Some(node.name()));
        }
        let customs: Vec<u32> = d.nodes.iter().filter(|n| n.name() == "custom-tag").map(|n| n.tag).collect();
        assert_eq!(customs.len(), 2);
        assert_eq!(customs[0], customs[1]);
        assert!(customs[0] as usize >= tag::NAMES.len());
        assert!(d.nodes.iter().any(|n| n.tag == tag::P));
    }

    #[test]
    fn space_candidates_are_found_in_every_position() {
        for len in 0..20 {
            for at in 0..len {
                for byte in [0u8, b'\t', b'\n', b' ', 0xC2, 0xE1, 0xE2, 0xE3] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = byte;
                    assert_eq!(space_candidate(&bytes), Some(at), "{byte:#x} at {at} of {len}");
                }
            }
            assert_eq!(space_candidate(&vec![b'a'; len]), None);
            assert_eq!(space_candidate(&"äöü".repeat(len).into_bytes()), None);
        }
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
