//! Main-content detection on the arena tree.
//!
//! 1. Mark subtrees that are never article text (tags, class/id hints, roles,
//!    hidden elements other than a streamed render's segments and the collapsed
//!    panels of accordions; figures other than tables and quotes; forms), guarded so
//!    that a wrapper around the article (or around the page's main `<article>`, a form
//!    included) is never dropped for a misleading class name, and an anchor id spelled
//!    from an element's own words ("h-why-social-shopping-works") is not read as a class name.
//! 2. One iterative walk turns the rest of the page into text blocks, each
//!    remembering the element that owns it.
//! 3. Readability-style scoring: every substantial block credits its
//!    ancestors; the best container (after link-density damping and class
//!    hints) and its qualifying siblings form the article; when the article is
//!    spread over several containers, an ancestor holding clearly more prose
//!    (and little link furniture) replaces the winner, never leaving an
//!    `<article>` or `<main>`; a winning list gives way to the element around it.
//! 4. Blocks inside the article are kept unless they look like share bars,
//!    related-content tails (whose label may itself be boilerplate), image captions
//!    with a photo credit, tables of contents, or link lists before its first or after
//!    its last paragraph (between paragraphs, linked list items and headings are the
//!    article's own). Labels come in many languages ([`vocab`]). Layout boxes skipped for
//!    their class name (widgets, fact boxes, teasers, paywall boxes) are taken
//!    back, in a second walk, when they lie inside the article and hold prose.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use wirewatch_model::ParagraphKind;

use super::dom::{tag, word_runs, Dom, NodeData, NONE};
use super::hint_set::hint_set;
use super::vocab;

/// A text block found by the walk.
#[derive(Debug, Clone)]
pub struct Block {
    /// Normalised text (`\n` only where a `<br>` was).
    pub text: String,
    /// What it is.
    pub kind: ParagraphKind,
    /// The innermost block element that holds it.
    pub owner: u32,
    /// Non-whitespace characters.
    pub chars: u32,
    /// Non-whitespace characters inside links.
    pub link_chars: u32,
    /// Non-whitespace characters inside links to a place on the same page (`href="#…"`):
    /// tables of contents and "jump to" menus.
    pub in_page_link_chars: u32,
}

/// Elements that start and end a text block.
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "address"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "hgroup"
            | "body"
            | "html"
            | "#root"
            | "dialog"
            | "menu"
            | "legend"
    )
}

/// Block elements that make a table cell holding them page layout rather than data.
fn is_layout_block(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "dl"
            | "blockquote"
            | "form"
            | "center"
    )
}

/// Flags of a class/id part or token in the lookup table.
const NEG_WEAK: u8 = 1;
const NEG_STRONG: u8 = 2;
const NEG_ABSOLUTE: u8 = 4;
const POS: u8 = 8;
const HIDDEN: u8 = 16;
const POS_STRONG: u8 = 32;
/// A weak negative part that names a layout box (widget, gallery, infobox).
const LAYOUT: u8 = 64;
/// A negative part that names boilerplate rather than a layout box.
const NEG_CONTENT: u8 = 128;

/// Lower-cased names with their flags, and the set of name lengths: most class parts
/// have a length no name has, and are rejected without hashing.
#[derive(Default)]
struct FlagMap {
    flags: HashMap<&'static [u8], u8>,
    /// Bit `i` is set when some name is `i` bytes long (names longer than 48 never match).
    lengths: u64,
}

impl FlagMap {
    fn add(&mut self, name: &'static str, flag: u8) {
        *self.flags.entry(name.as_bytes()).or_insert(0) |= flag;
        if name.len() < 64 {
            self.lengths |= 1 << name.len();
        }
    }
}

/// Parts (split at `-`, `_`, camelCase) and whole tokens, lower-cased, with their flags.
fn hint_table() -> &'static (FlagMap, FlagMap) {
    static TABLE: OnceLock<(FlagMap, FlagMap)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut parts = FlagMap::default();
        for &(p, strength) in vocab::NEGATIVE_PARTS {
            let kind = if strength == 0 && vocab::LAYOUT_PARTS.contains(&p) { LAYOUT } else { NEG_CONTENT };
            let f = kind
                | match strength {
                    0 => NEG_WEAK,
                    1 => NEG_WEAK | NEG_STRONG,
                    _ => NEG_WEAK | NEG_STRONG | NEG_ABSOLUTE,
                };
            parts.add(p, f);
        }
        for &p in vocab::POSITIVE_PARTS {
            parts.add(p, POS);
        }
        let mut tokens = FlagMap::default();
        for &t in vocab::HIDDEN_TOKENS {
            tokens.add(t, HIDDEN);
        }
        for &t in vocab::STRONG_POSITIVE_TOKENS {
            tokens.add(t, POS_STRONG);
        }
        for &t in vocab::NEGATIVE_TOKENS {
            tokens.add(t, NEG_WEAK | NEG_STRONG | NEG_CONTENT);
        }
        (parts, tokens)
    })
}

/// Looks `s` up lower-cased without allocating (names longer than 48 bytes never match).
fn lookup(map: &FlagMap, b: &[u8]) -> u8 {
    let mut buf = [0u8; 48];
    if b.len() > buf.len() || b.is_empty() || map.lengths & (1 << b.len()) == 0 {
        return 0;
    }
    for (d, c) in buf.iter_mut().zip(b) {
        *d = c.to_ascii_lowercase();
    }
    buf.get(..b.len()).and_then(|key| map.flags.get(key)).copied().unwrap_or(0)
}

/// Class/id verdict for one element.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Hints {
    negative: bool,
    strong_negative: bool,
    absolute_negative: bool,
    positive: bool,
    strong_positive: bool,
    /// Every negative hint names a layout box (widget, gallery, infobox), none boilerplate.
    layout_only: bool,
}

/// Reads the hints of class and id tokens: whole tokens, their `-`/`_`/`:`/`.` parts,
/// and camelCase humps inside parts (`newsCaption` → `news`, `caption`).
fn hints_for(class: &str, id: &str) -> Hints {
    hints_from_flags(value_flags(class) | value_flags(id))
}

/// The hint flags of one class or id value: the union of its tokens' flags.
fn value_flags(value: &str) -> u8 {
    let framework = has_framework_token(value);
    value.split_ascii_whitespace().fold(0, |flags, tok| flags | token_flags(tok, framework))
}

/// Whether a token of a class or id value is a page builder's structural name: the builder
/// then also names the element with plain tokens ("so-panel widget widget_sow-editor").
fn has_framework_token(value: &str) -> bool {
    value.split_ascii_whitespace().any(is_framework_token)
}

/// Whether a token starts with one of [`vocab::FRAMEWORK_TOKEN_PREFIXES`].
fn is_framework_token(tok: &str) -> bool {
    vocab::FRAMEWORK_TOKEN_PREFIXES
        .iter()
        .any(|p| tok.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))
}

/// The hint flags of one class or id token; `framework_value`: another token of the same
/// value is a page builder's (see [`has_framework_token`]).
fn token_flags(tok: &str, framework_value: bool) -> u8 {
    let (parts, tokens) = hint_table();
    if tok.len() > 80 {
        return 0;
    }
    let token = lookup(tokens, tok.as_bytes());
    // Whether the token is a framework's structural name is asked only for a neutral part
    // that has flags: most tokens have none.
    let mut framework: Option<bool> = None;
    let mut from_parts = 0u8;
    // The separators are ASCII, so the parts can be byte slices.
    let parts_of = || tok.as_bytes().split(|b| matches!(b, b'-' | b'_' | b':' | b'.'));
    for part in parts_of() {
        let mut part_flags = lookup(parts, part);
        // camelCase humps: split before an upper-case letter that follows a lower-case one.
        let mut start = 0;
        for i in 1..part.len() {
            if part[i].is_ascii_uppercase() && part[i - 1].is_ascii_lowercase() {
                part_flags |= part.get(start..i).map_or(0, |hump| lookup(parts, hump));
                start = i;
            }
        }
        if start > 0 {
            part_flags |= part.get(start..).map_or(0, |hump| lookup(parts, hump));
        }
        if part_flags == 0 {
            continue;
        }
        if vocab::FRAMEWORK_NEUTRAL_PARTS.iter().any(|n| part.eq_ignore_ascii_case(n.as_bytes()))
            && (framework_value || *framework.get_or_insert_with(|| is_framework_token(tok)))
        {
            continue;
        }
        from_parts |= part_flags;
    }
    if from_parts == 0 {
        return token;
    }
    let is_flag = parts_of().any(|p| vocab::FLAG_PARTS.iter().any(|f| p.eq_ignore_ascii_case(f.as_bytes())));
    // A state flag keeps its content hints but not its boilerplate hints.
    let mask = if is_flag { POS | POS_STRONG } else { u8::MAX };
    token | (from_parts & mask)
}

/// The verdict of a union of token flags.
fn hints_from_flags(flags: u8) -> Hints {
    Hints {
        negative: flags & (NEG_WEAK | HIDDEN) != 0,
        strong_negative: flags & (NEG_STRONG | HIDDEN) != 0,
        absolute_negative: flags & NEG_ABSOLUTE != 0,
        positive: flags & (POS | POS_STRONG) != 0,
        strong_positive: flags & POS_STRONG != 0,
        layout_only: flags & LAYOUT != 0 && flags & (NEG_CONTENT | HIDDEN) == 0,
    }
}

/// Hint flags of class and id values, memoised per value and per token: pages repeat the
/// same class strings on hundreds of elements, and the same tokens in many strings.
#[derive(Default)]
struct FlagMemo<'a> {
    values: HashMap<&'a str, u8>,
    tokens: HashMap<&'a str, u8>,
}

impl<'a> FlagMemo<'a> {
    fn flags(&mut self, value: &'a str) -> u8 {
        if value.is_empty() {
            return 0;
        }
        if let Some(&flags) = self.values.get(value) {
            return flags;
        }
        let mut flags = 0;
        if has_framework_token(value) {
            // Rare: such values are not worth a second token table.
            flags = value_flags(value);
        } else {
            for tok in value.split_ascii_whitespace() {
                flags |= *self.tokens.entry(tok).or_insert_with(|| token_flags(tok, false));
            }
        }
        self.values.insert(value, flags);
        flags
    }
}

/// Content-rule properties of a tag name, computed once per distinct name on a page
/// (see [`tag_flags`]) so that the per-node rules test bits instead of strings.
const TAG_BLOCK: u16 = 1;
const TAG_LAYOUT_BLOCK: u16 = 2;
/// In [`vocab::SKIP_TAGS`].
const TAG_SKIP: u16 = 4;
/// In [`vocab::GUARDED_SKIP_TAGS`].
const TAG_GUARDED_SKIP: u16 = 8;
/// `<pre>` or `<code>`: class names below are syntax-highlighting tokens.
const TAG_CODE: u16 = 16;
/// `#root`, `<html>`, `<body>`.
const TAG_PAGE: u16 = 32;
/// Elements whose text counts as paragraph text (`<p>`, `<td>`, `<blockquote>`, `<pre>`, `<dd>`).
const TAG_PARA: u16 = 64;
/// `<article>` or `<main>`.
const TAG_ARTICLE: u16 = 128;
/// `<header>`.
const TAG_HEADER: u16 = 256;
/// `<img>`, `<input>`, `<hr>`: a word break in the text.
const TAG_BREAKS_WORDS: u16 = 512;
/// `<table>` or `<blockquote>`: a `<figure>` around one holds data or a quote, not an image.
const TAG_FIGURE_TEXT: u16 = 1024;

/// [`TAG_BLOCK`] … flags by tag id ([`Dom::tag_names`]).
fn tag_flags(dom: &Dom<'_>) -> Vec<u16> {
    dom.tag_names
        .iter()
        .map(|name| {
            let name: &str = name;
            let mut flags = 0;
            for (holds, flag) in [
                (is_block_tag(name), TAG_BLOCK),
                (is_layout_block(name), TAG_LAYOUT_BLOCK),
                (vocab::SKIP_TAGS.contains(&name), TAG_SKIP),
                (vocab::GUARDED_SKIP_TAGS.contains(&name), TAG_GUARDED_SKIP),
                (matches!(name, "pre" | "code"), TAG_CODE),
                (matches!(name, "#root" | "html" | "body"), TAG_PAGE),
                (matches!(name, "p" | "td" | "blockquote" | "pre" | "dd"), TAG_PARA),
                (matches!(name, "article" | "main"), TAG_ARTICLE),
                (name == "header", TAG_HEADER),
                (matches!(name, "img" | "input" | "hr"), TAG_BREAKS_WORDS),
                (matches!(name, "table" | "blockquote"), TAG_FIGURE_TEXT),
            ] {
                if holds {
                    flags |= flag;
                }
            }
            flags
        })
        .collect()
}

/// The attributes the marking rules read, found in one pass over an element's
/// attributes; the first of repeated attributes counts, as in [`super::dom::Node::attr`].
#[derive(Default)]
struct RuleAttrs<'a> {
    hidden: bool,
    aria_hidden: Option<&'a str>,
    aria_labelledby: Option<&'a str>,
    style: Option<&'a str>,
    role: Option<&'a str>,
    itemprop: Option<&'a str>,
    class: Option<&'a str>,
    id: Option<&'a str>,
}

impl<'a> RuleAttrs<'a> {
    fn read(attrs: &'a [(std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)]) -> RuleAttrs<'a> {
        let mut found = RuleAttrs::default();
        for (key, value) in attrs {
            let value: &'a str = value;
            let slot = match key.as_ref() {
                "hidden" => {
                    found.hidden = true;
                    continue;
                }
                "aria-hidden" => &mut found.aria_hidden,
                "aria-labelledby" => &mut found.aria_labelledby,
                "style" => &mut found.style,
                "role" => &mut found.role,
                "itemprop" => &mut found.itemprop,
                "class" => &mut found.class,
                "id" => &mut found.id,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        found
    }
}

/// Per-element analysis of the page.
struct Marks {
    /// Subtree is dropped.
    skip: Vec<bool>,
    /// Class/id weight for candidate scoring.
    class_weight: Vec<f32>,
    /// An article's own `<header>`: only long paragraphs from it are kept.
    lead_header: Vec<bool>,
    /// Skipped only for naming a layout box: revived when inside the article with prose.
    layout_box: Vec<bool>,
    /// Paragraph characters (`<p>`, `<td>`, … text) in each subtree.
    prose_chars: Vec<u32>,
}

/// Whether an element id names a segment of a streamed server render (React's `<div hidden
/// id="S:0">`): the page's script moves it into place at once, so its `hidden` attribute
/// does not hide content from the reader.
fn is_streamed_segment(id: &str) -> bool {
    id.strip_prefix("S:").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a hidden element is the collapsed panel of an accordion or disclosure widget
/// (an FAQ answer, a "read more" section): one click shows it, so it is the page's text
/// like any other. The WAI-ARIA pattern labels the panel by its button (`role="region"`
/// with `aria-labelledby`); other pages name it ("accordion-content", "chakra-collapse").
/// Dialogs and modals stay hidden.
fn is_disclosure_panel(found: &RuleAttrs<'_>) -> bool {
    if found.role.is_some_and(|r| r.trim().eq_ignore_ascii_case("region")) && found.aria_labelledby.is_some()
    {
        return true;
    }
    let named = |value: Option<&str>| {
        value.is_some_and(|v| {
            v.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|part| vocab::DISCLOSURE_PARTS.iter().any(|d| part.eq_ignore_ascii_case(d)))
        })
    };
    let dialog = found.role.is_some_and(|r| {
        let r = r.trim();
        r.eq_ignore_ascii_case("dialog") || r.eq_ignore_ascii_case("alertdialog")
    });
    !dialog && (named(found.class) || named(found.id))
}

/// An anchor id must repeat at least this many words of its element's text.
const ANCHOR_MIN_WORDS: usize = 3;
/// An anchor id may put this many words (a number, a label) before the element's words.
const ANCHOR_MAX_PREFIX_WORDS: usize = 2;
/// How many nodes of an element are read for the words an anchor id may repeat.
const ANCHOR_MAX_NODES: usize = 64;

/// Whether `id` is an anchor made from the first words of element `i`'s text (the
/// "h-how-to-use-social-shopping" of a heading, "have-the-right-tools-handy" of a list
/// entry): its words, after a leading `h` or a short prefix and ignoring case, start the
/// element's words.
/// A word of the text with non-ASCII letters matches any id word, as slugs transliterate.
fn id_is_text_anchor(dom: &Dom<'_>, i: usize, id: &str) -> bool {
    let mut id_words = id.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).peekable();
    if id_words.peek().is_some_and(|w| w.eq_ignore_ascii_case("h")) {
        id_words.next();
    }
    let id_words: Vec<&str> = id_words.collect();
    if id_words.len() < ANCHOR_MIN_WORDS {
        return false;
    }
    // Descendants follow the element in document order, each with its parent among them.
    let mut text_words: Vec<String> = Vec::with_capacity(id_words.len());
    for node in dom.nodes.iter().skip(i + 1).take(ANCHOR_MAX_NODES) {
        if (node.parent as usize) < i || node.parent == NONE {
            break;
        }
        if let NodeData::Text(t) = &node.data {
            let words = t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
            text_words.extend(words.take(id_words.len() - text_words.len()).map(str::to_lowercase));
            if text_words.len() >= id_words.len() {
                break;
            }
        }
    }
    // A short prefix may number or label the anchor ("1-heading-how-popular-are-…").
    (0..=ANCHOR_MAX_PREFIX_WORDS).any(|skip| {
        let rest = id_words.get(skip..).unwrap_or(&[]);
        rest.len() >= ANCHOR_MIN_WORDS
            && rest.len() <= text_words.len()
            && rest.iter().zip(&text_words).all(|(a, b)| !b.is_ascii() || a.eq_ignore_ascii_case(b))
    })
}

/// Whether an inline style hides the element.
/// Ignores ASCII whitespace and case ("Display : NONE"); checks around each `:` instead of
/// building a cleaned copy of every style.
fn style_hides(style: &str) -> bool {
    let bytes = style.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|colon| {
        let before = bytes.get(..colon).unwrap_or(&[]);
        let after = bytes.get(colon + 1..).unwrap_or(&[]);
        (ends_with_spaced(before, b"display") && starts_with_spaced(after, b"none"))
            || (ends_with_spaced(before, b"visibility") && starts_with_spaced(after, b"hidden"))
    })
}

/// Whether `hay`, without ASCII whitespace and lower-cased, starts with `word` (lower-case ASCII).
fn starts_with_spaced(hay: &[u8], word: &[u8]) -> bool {
    let mut letters = hay.iter().filter(|b| !b.is_ascii_whitespace());
    word.iter().all(|w| letters.next().is_some_and(|c| c.to_ascii_lowercase() == *w))
}

/// Whether `hay`, without ASCII whitespace and lower-cased, ends with `word` (lower-case ASCII).
fn ends_with_spaced(hay: &[u8], word: &[u8]) -> bool {
    let mut letters = hay.iter().rev().filter(|b| !b.is_ascii_whitespace());
    word.iter().rev().all(|w| letters.next().is_some_and(|c| c.to_ascii_lowercase() == *w))
}

/// `class_hints: false` ignores class/id names (the fallback when they hid everything).
fn mark(dom: &Dom<'_>, class_hints: bool) -> Marks {
    let n = dom.nodes.len();
    let mut skip = vec![false; n];
    let mut soft = vec![false; n]; // weak negative: may be overruled by size
    let mut absolute = vec![false; n]; // never overruled by size
    let mut class_weight = vec![0f32; n];
    let mut positive_below = vec![false; n];
    // A `<table>` or `<blockquote>` in the subtree: a `<figure>` around one holds data or
    // a quote, not an image.
    let mut figure_text_below = vec![false; n];
    // The element itself is a certain article body (`itemprop=articleBody`, `article-body`).
    let mut certain_body = vec![false; n];
    let mut header_at = Vec::new();
    let mut lead_header = vec![false; n];
    let mut layout_box = vec![false; n];
    // Inside `<pre>` or `<code>`, class names are syntax-highlighting tokens ("hljs-comment").
    let mut in_code = vec![false; n];
    let mut text_chars = vec![0u32; n];
    // Skipped for a boilerplate class or id name (not for its tag or for being hidden).
    let mut hinted = vec![false; n];
    let mut hint_memo = FlagMemo::default();
    let tags = tag_flags(dom);
    let flags_of = |tag: u32| tags.get(tag as usize).copied().unwrap_or(0);
    for (i, node) in dom.nodes.iter().enumerate() {
        let NodeData::Element { attrs, .. } = &node.data else {
            continue;
        };
        let flags = flags_of(node.tag);
        if let (Some(inherited), Some(parent)) =
            (in_code.get(node.parent as usize).copied(), dom.nodes.get(node.parent as usize))
        {
            in_code[i] = inherited || flags_of(parent.tag) & TAG_CODE != 0;
        }
        if flags & TAG_PAGE != 0 {
            continue;
        }
        // The relaxed pass (no class hints) also reads forms: a page wrapped in one whose
        // article has no `<article>` or `<main>` must still give its text.
        if flags & TAG_SKIP != 0 && (class_hints || node.name() != "form") {
            skip[i] = true;
            if flags & TAG_HEADER != 0 {
                header_at.push(i);
            }
            continue;
        }
        let found = RuleAttrs::read(attrs);
        let hidden = found.hidden && !found.id.is_some_and(is_streamed_segment);
        if (hidden || found.aria_hidden == Some("true") || found.style.is_some_and(style_hides))
            && !is_disclosure_panel(&found)
        {
            skip[i] = true;
            continue;
        }
        if let Some(role) = found.role {
            if vocab::SKIP_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()) {
                skip[i] = true;
                continue;
            }
        }
        let itemprop_body = found
            .itemprop
            .is_some_and(|p| p.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("articleBody")));
        let h = if class_hints && !in_code[i] {
            // Pages repeat the same class strings on hundreds of elements.
            match (found.class.unwrap_or(""), found.id.unwrap_or("")) {
                ("", "") => Hints::default(),
                // Ids are mostly unique: memoising them would only fill the table.
                (class, id) => {
                    let mut id_flags = value_flags(id);
                    // An anchor id made from the element's own words ("h-why-use-social-shopping")
                    // names its subject, not its role on the page.
                    if id_flags & (NEG_WEAK | NEG_STRONG) != 0 && id_is_text_anchor(dom, i, id) {
                        id_flags = 0;
                    }
                    hints_from_flags(hint_memo.flags(class) | id_flags)
                }
            }
        } else {
            Hints::default()
        };
        if itemprop_body || h.strong_positive {
            positive_below[i] = true;
            certain_body[i] = true;
        }
        let mut w = 0f32;
        if h.positive {
            w += CLASS_HINT_WEIGHT;
        }
        if h.negative {
            w -= CLASS_HINT_WEIGHT;
        }
        if itemprop_body || h.strong_positive {
            w += STRONG_HINT_WEIGHT;
        }
        class_weight[i] = w;
        // Structural article containers lose only to comment hints: their other class
        // names are often feature flags ("enable-pin-share").
        if flags & TAG_ARTICLE != 0 && !h.absolute_negative {
            continue;
        }
        if h.strong_negative || (h.negative && !h.positive) {
            skip[i] = true;
            soft[i] = !h.strong_negative;
            absolute[i] = h.absolute_negative;
            layout_box[i] = soft[i] && h.layout_only;
            hinted[i] = true;
        }
    }
    // Bottom-up: does a subtree hold a certain article-body marker, and how much text.
    let mut main_article: Option<usize> = None;
    // The `<main>` holding the most paragraph text.
    let mut main_element: Option<usize> = None;
    for i in (1..n).rev() {
        let node = &dom.nodes[i];
        if let NodeData::Text(t) = &node.data {
            // Only paragraph text counts: menus and link lists must not shield a wrapper.
            let parent = dom.nodes.get(node.parent as usize);
            let grand = parent.and_then(|p| dom.nodes.get(p.parent as usize));
            let is_para =
                |n: Option<&super::dom::Node<'_>>| n.is_some_and(|p| flags_of(p.tag) & TAG_PARA != 0);
            if is_para(parent) || is_para(grand) {
                text_chars[i] = count_bytes(t, |b| !b.is_ascii_whitespace()) as u32;
            }
        }
        // Children come after their parent: this element's text is complete here.
        if flags_of(node.tag) & TAG_ARTICLE != 0 && !skip[i] {
            let largest = if node.name() == "article" { &mut main_article } else { &mut main_element };
            if largest.is_none_or(|a: usize| text_chars[i] > text_chars[a]) {
                *largest = Some(i);
            }
        }
        let p = node.parent as usize;
        if p < n {
            positive_below[p] |= positive_below[i];
            figure_text_below[p] |= figure_text_below[i] || flags_of(node.tag) & TAG_FIGURE_TEXT != 0;
            text_chars[p] = text_chars[p].saturating_add(text_chars[i]);
        }
    }
    // Editors wrap tables in `<figure>` (WordPress "wp-block-table"), and quotes with their
    // attribution (`<figure><blockquote>…</blockquote><figcaption>`): those are article text.
    for (i, node) in dom.nodes.iter().enumerate() {
        if figure_text_below[i] && node.name() == "figure" {
            let hidden = node.attr("hidden").is_some()
                || node.attr("aria-hidden") == Some("true")
                || node.attr("style").is_some_and(style_hides);
            let hints = if class_hints {
                hints_for(node.attr("class").unwrap_or(""), node.attr("id").unwrap_or(""))
            } else {
                Hints::default()
            };
            // A social post embedded by the editor ("wp-block-embed") is someone else's text.
            let embed = node.attr("class").is_some_and(|c| c.to_ascii_lowercase().contains("embed"));
            skip[i] = hidden || hints.negative || embed;
        }
    }
    // An <article>'s or <main>'s own <header> holds its lead: only long paragraphs in it
    // survive (the headline is removed later, bylines and dates are short). A <header>
    // after paragraph text of its article heads a section or a list entry: it is article text.
    let mut prose_before = Vec::new();
    if !header_at.is_empty() {
        // Paragraph characters of all text nodes before each node, in document order.
        prose_before.reserve(n + 1);
        let mut sum = 0u32;
        for (i, node) in dom.nodes.iter().enumerate() {
            prose_before.push(sum);
            if matches!(node.data, NodeData::Text(_)) {
                sum = sum.saturating_add(text_chars[i]);
            }
        }
    }
    let total = text_chars.first().copied().unwrap_or(0).max(1) as f32;
    for &h in &header_at {
        if text_chars[h] as f32 > SHIELD_SHARE_WEAK * total {
            // A "header" around most of the page's text is a wrapper, not a title block.
            skip[h] = false;
            continue;
        }
        let mut a = dom.nodes[h].parent;
        let mut steps = 0;
        while a != NONE && steps < HEADER_ARTICLE_LEVELS {
            if matches!(dom.nodes.get(a as usize).map(|x| x.name()), Some("article" | "main")) {
                skip[h] = false;
                let before = match (prose_before.get(h), prose_before.get(a as usize)) {
                    (Some(at_header), Some(at_article)) => at_header.saturating_sub(*at_article),
                    _ => 0,
                };
                if before < SECTION_HEADER_PROSE_BEFORE {
                    lead_header[h] = true;
                    break;
                }
                // A section header so far; an outer article may still make it a lead.
                lead_header[h] = false;
            }
            a = dom.nodes.get(a as usize).map(|x| x.parent).unwrap_or(NONE);
            steps += 1;
        }
    }
    // Top-down: inside a certain article body (parents precede children).
    let mut in_body = vec![false; n];
    for i in 1..n {
        let p = dom.nodes[i].parent as usize;
        if p < n {
            in_body[i] = certain_body[p] || in_body[p];
        }
    }
    for i in 0..n {
        if !skip[i] {
            continue;
        }
        let flags = flags_of(dom.nodes[i].tag);
        if flags & TAG_SKIP != 0 && flags & TAG_GUARDED_SKIP == 0 {
            continue;
        }
        // A wrapper holding the certain article body, or most of a page's text
        // under a weak hint, is not boilerplate.
        let hidden_attr = dom.nodes[i].attr("hidden").is_some()
            && !dom.nodes[i].attr("id").is_some_and(is_streamed_segment);
        if positive_below[i] && !hidden_attr {
            let hidden = dom.nodes[i].attr("style").is_some_and(style_hides);
            if !hidden {
                skip[i] = false;
            }
        } else if !absolute[i]
            && text_chars[i] as f32 > if soft[i] { SHIELD_SHARE_WEAK } else { SHIELD_SHARE_STRONG } * total
        {
            skip[i] = false;
        } else if soft[i] && in_body[i] && text_chars[i] >= IN_BODY_PROSE_MIN_CHARS {
            // A weak hint (image, widget, promo) inside a certain article body marks a
            // layout box there; one holding real paragraph text is part of the article.
            skip[i] = false;
        }
    }
    // A form around the page's `<article>` or `<main>` is a wrapper (ASP.NET wraps whole
    // pages in one), not a sign-up box.
    for inner in [main_article, main_element].into_iter().flatten() {
        let mut anc = dom.nodes.get(inner).map_or(NONE, |x| x.parent);
        while let Some(node) = dom.nodes.get(anc as usize) {
            if node.name() == "form" {
                if let Some(flag) = skip.get_mut(anc as usize) {
                    *flag = false;
                }
            }
            anc = node.parent;
        }
    }
    let total_chars = text_chars.first().copied().unwrap_or(0);
    if let Some(article) = main_article.filter(|&a| {
        let chars = text_chars[a];
        chars >= ARTICLE_SHIELD_MIN_CHARS && chars as f32 >= ARTICLE_SHIELD_SHARE * total_chars as f32
    }) {
        shield_main_article(dom, article, &mut skip, &hinted, &absolute, &text_chars);
    }
    Marks { skip, class_weight, lead_header, layout_box, prose_chars: text_chars }
}

/// The page's largest `<article>` shields the wrappers around it from boilerplate class names
/// from this many characters of paragraph text …
const ARTICLE_SHIELD_MIN_CHARS: u32 = 1000;
/// … and this share of the page's paragraph text (testimonials, bios and teasers around it
/// may hold the rest).
const ARTICLE_SHIELD_SHARE: f32 = 0.3;

/// An `<article>` holding much of the page's prose is the article even when a site names
/// its wrappers after something else ("section-hero cc-newsletter" around a newsletter
/// issue): wrappers around it skipped for a class name (not a comment name) are opened
/// again, and so are boxes inside it skipped for a class name that hold most of its text.
fn shield_main_article(
    dom: &Dom<'_>,
    article: usize,
    skip: &mut [bool],
    hinted: &[bool],
    absolute: &[bool],
    text_chars: &[u32],
) {
    let reopen = |i: usize, skip: &mut [bool]| {
        if hinted.get(i).copied().unwrap_or(false) && !absolute.get(i).copied().unwrap_or(true) {
            if let Some(flag) = skip.get_mut(i) {
                *flag = false;
            }
        }
    };
    let mut anc = dom.nodes.get(article).map_or(NONE, |x| x.parent);
    while let Some(node) = dom.nodes.get(anc as usize) {
        reopen(anc as usize, skip);
        anc = node.parent;
    }
    let article_chars = text_chars.get(article).copied().unwrap_or(0) as f32;
    // Descendants follow the article in document order, each with its parent among them.
    for (d, node) in dom.nodes.iter().enumerate().skip(article + 1) {
        if node.parent == NONE || (node.parent as usize) < article {
            break;
        }
        if text_chars.get(d).is_some_and(|&c| c as f32 > SHIELD_SHARE_STRONG * article_chars) {
            reopen(d, skip);
        }
    }
}

/// How many bytes of `text` satisfy `wanted`, summed in byte-wide lanes per chunk so that
/// the compiler can vectorise the loop (a plain `filter().count()` branches per byte).
#[inline]
fn count_bytes(text: &str, wanted: impl Fn(u8) -> bool) -> usize {
    text.as_bytes()
        .chunks(255)
        .map(|chunk| chunk.iter().fold(0u8, |acc, &b| acc.wrapping_add(wanted(b) as u8)) as usize)
        .sum()
}

/// An open block element during the walk, with what it implies for its text.
#[derive(Clone, Copy)]
struct Open {
    node: u32,
    /// Kind of text directly inside (the nearest heading/list/quote/table ancestor decides).
    kind: ParagraphKind,
    /// Inside a table row (cells are joined with " | " instead of starting blocks).
    in_row: bool,
}

/// The text block being collected by [`walk`], with its character counts.
#[derive(Default)]
struct OpenBlock {
    text: String,
    /// Non-whitespace characters.
    chars: u32,
    /// Non-whitespace characters inside links.
    link_chars: u32,
    /// Non-whitespace characters inside links to a place on the same page.
    in_page_link_chars: u32,
    /// Whitespace seen since the last word: one space before the next word.
    pending_space: bool,
}

impl OpenBlock {
    /// Ends the block: pushes it (trimmed lines joined by `\n`) when it holds text, owned
    /// by the innermost open block element, and starts an empty one.
    fn flush(&mut self, owner: Option<&Open>, blocks: &mut Vec<Block>) {
        let text = self.text.trim();
        if self.chars > 0 && !text.is_empty() {
            // The non-empty trimmed lines joined by `\n`, built in place (no line vector).
            let mut joined = String::with_capacity(text.len());
            for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                if !joined.is_empty() {
                    joined.push('\n');
                }
                joined.push_str(line);
            }
            blocks.push(Block {
                text: joined,
                kind: owner.map(|o| o.kind).unwrap_or(ParagraphKind::Paragraph),
                owner: owner.map(|o| o.node).unwrap_or(0),
                chars: self.chars,
                link_chars: self.link_chars,
                in_page_link_chars: self.in_page_link_chars,
            });
        }
        self.text.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.in_page_link_chars = 0;
        self.pending_space = false;
    }
}

/// Walks the page once and returns its text blocks in reading order.
/// Iterative, and O(1) work per node besides the text itself, whatever the nesting depth.
fn walk(dom: &Dom<'_>, skip: &[bool]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cur = OpenBlock::default();
    // Stack of (node, entered) for the traversal; `open` holds the open block elements.
    let mut stack: Vec<(u32, bool)> = vec![(0, false)];
    let mut open: Vec<Open> = Vec::new();
    let mut link_depth = 0u32;
    let mut in_page_link_depth = 0u32;
    let mut kids = Vec::new();
    let tags = tag_flags(dom);

    while let Some((idx, entered)) = stack.pop() {
        let Some(node) = dom.nodes.get(idx as usize) else {
            continue;
        };
        match &node.data {
            NodeData::Text(t) => {
                // Run by run (words joined by single spaces, see `word_runs`): whitespace
                // before a run becomes one pending space, as it would before its first word.
                let mut run_end = 0;
                for run in word_runs(t) {
                    let start = run.as_ptr() as usize - t.as_ptr() as usize;
                    if start > run_end {
                        cur.pending_space = true;
                    }
                    if cur.pending_space && !cur.text.is_empty() && !cur.text.ends_with('\n') {
                        cur.text.push(' ');
                    }
                    cur.pending_space = false;
                    cur.text.push_str(run);
                    // Characters other than spaces, in one byte pass: every byte but a
                    // UTF-8 continuation byte starts a character.
                    let count = count_bytes(run, |b| (b as i8) >= -0x40 && b != b' ') as u32;
                    cur.chars += count;
                    if link_depth > 0 {
                        cur.link_chars += count;
                        if in_page_link_depth > 0 {
                            cur.in_page_link_chars += count;
                        }
                    }
                    run_end = start + run.len();
                }
                if run_end < t.len() {
                    cur.pending_space = true;
                }
            }
            NodeData::Element { name, .. } => {
                let name: &str = name;
                let tag = node.tag;
                let flags = tags.get(tag as usize).copied().unwrap_or(0);
                let in_row = open.last().is_some_and(|o| o.in_row);
                if !entered {
                    if skip.get(idx as usize).copied().unwrap_or(false) {
                        // Treat a skipped element as a word break.
                        cur.pending_space = true;
                        continue;
                    }
                    if tag == tag::BR {
                        cur.text.push('\n');
                        cur.pending_space = false;
                        continue;
                    }
                    if flags & TAG_BLOCK != 0 {
                        // A cell holding divisions, headings or lists is page layout, not data:
                        // its content is read as ordinary blocks.
                        let layout = in_row && flags & TAG_LAYOUT_BLOCK != 0;
                        if in_row && !layout && !matches!(tag, tag::TR | tag::TABLE) {
                            if matches!(tag, tag::TD | tag::TH) && cur.chars > 0 {
                                cur.text.push_str(" | ");
                                cur.pending_space = false;
                            } else {
                                cur.pending_space = true;
                            }
                        } else {
                            cur.flush(open.last(), &mut blocks);
                        }
                        let parent_kind = open.last().map(|o| o.kind).unwrap_or(ParagraphKind::Paragraph);
                        let kind = match name {
                            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ParagraphKind::Heading,
                            "li" | "dd" | "dt" => ParagraphKind::Item,
                            "blockquote" => ParagraphKind::Quote,
                            "tr" | "td" | "th" | "table" => ParagraphKind::Table,
                            _ if layout => ParagraphKind::Paragraph,
                            _ => parent_kind,
                        };
                        let in_row = match tag {
                            tag::TR => true,
                            tag::TABLE => false,
                            _ => in_row && !layout,
                        };
                        open.push(Open { node: idx, kind, in_row });
                    } else if tag == tag::A {
                        link_depth += 1;
                        if links_in_page(node) {
                            in_page_link_depth += 1;
                        }
                    } else if flags & TAG_BREAKS_WORDS != 0 {
                        cur.pending_space = true;
                    }
                    stack.push((idx, true));
                    // Children in reverse so that the first is popped first.
                    kids.clear();
                    let mut c = node.first_child;
                    while c != NONE {
                        kids.push(c);
                        c = dom.nodes.get(c as usize).map(|n| n.next_sibling).unwrap_or(NONE);
                    }
                    stack.extend(kids.iter().rev().map(|&k| (k, false)));
                } else if flags & TAG_BLOCK != 0 {
                    let closing = if open.last().is_some_and(|o| o.node == idx) { open.pop() } else { None };
                    let still_in_row = open.last().is_some_and(|o| o.in_row);
                    // A layout block inside a cell ends its own block.
                    let ends_layout = still_in_row && closing.is_some_and(|c| !c.in_row);
                    if matches!(tag, tag::TR | tag::TABLE) || !still_in_row || ends_layout {
                        // Close the block with the closing element as its owner.
                        let owner = closing.or(open.last().copied());
                        cur.flush(owner.as_ref(), &mut blocks);
                    } else {
                        cur.pending_space = true;
                    }
                } else if tag == tag::A {
                    link_depth = link_depth.saturating_sub(1);
                    if links_in_page(node) {
                        in_page_link_depth = in_page_link_depth.saturating_sub(1);
                    }
                }
            }
        }
    }
    cur.flush(open.last(), &mut blocks);
    blocks
}

/// Whether a link points to a named place on its own page (`href="#section"`), as the
/// entries of a table of contents do; a bare `#` is a script's button, not a place.
fn links_in_page(node: &super::dom::Node<'_>) -> bool {
    node.attr("href")
        .is_some_and(|href| href.trim_start().strip_prefix('#').is_some_and(|rest| !rest.is_empty()))
}

/// Minimum Dice overlap (word trigrams) between an element and JSON-LD `articleBody`
/// for the element to be considered the article.
const BODY_MATCH_MIN: f32 = 0.5;
/// How much better than the scored winner the `articleBody` match must be to replace it.
const BODY_MATCH_MARGIN: f32 = 0.08;
/// `articleBody` shorter than this (characters) is a teaser, not a signal.
const BODY_MIN_CHARS: usize = 300;

/// Hashed lower-cased word trigrams of a text.
fn trigrams(text: &str, out: &mut Vec<u64>) {
    out.clear();
    let mut h = [0u64; 3];
    let mut count = 0usize;
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut x: u64 = 0xcbf29ce484222325;
        for c in w.chars().flat_map(char::to_lowercase) {
            x ^= c as u64;
            x = x.wrapping_mul(0x100000001b3);
        }
        h = [h[1], h[2], x];
        count += 1;
        if count >= 3 {
            out.push(h[0].rotate_left(21) ^ h[1].rotate_left(42) ^ h[2]);
        }
    }
}

/// Per element: (trigrams of its blocks found in `body`, trigrams of its blocks), bottom-up.
fn body_overlap(dom: &Dom<'_>, blocks: &[Block], body: &str) -> Option<(Vec<f32>, Vec<f32>, f32)> {
    if body.len() < BODY_MIN_CHARS {
        return None;
    }
    let mut grams = Vec::new();
    trigrams(body, &mut grams);
    let body_count = grams.len() as f32;
    let set: std::collections::HashSet<u64> = grams.iter().copied().collect();
    let n = dom.nodes.len();
    let mut hits = vec![0f32; n];
    let mut total = vec![0f32; n];
    for b in blocks {
        trigrams(&b.text, &mut grams);
        let owner = b.owner as usize;
        if owner < n {
            total[owner] += grams.len() as f32;
            hits[owner] += grams.iter().filter(|g| set.contains(g)).count() as f32;
        }
    }
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent as usize;
        if p < n {
            hits[p] += hits[i];
            total[p] += total[i];
        }
    }
    Some((hits, total, body_count))
}

/// Below this many characters of selected text, the hint-free fallback is tried.
const FALLBACK_BELOW_CHARS: usize = 200;
/// Blocks of the fallback must be this long (characters) to count as paragraphs.
const FALLBACK_MIN_BLOCK_CHARS: u32 = 40;
/// The fallback's scored selection is taken when it holds at least this share of the
/// fallback's paragraph text.
const FALLBACK_SCORED_MIN_SHARE: f32 = 0.5;

/// How many ancestors of a `<header>` are searched for its `<article>` or `<main>`.
const HEADER_ARTICLE_LEVELS: usize = 8;
/// A `<header>` after this much paragraph text (characters) of its article heads a section.
const SECTION_HEADER_PROSE_BEFORE: u32 = 200;

/// A paragraph in an article's `<header>` must be this long to count as its lead.
const LEAD_MIN_CHARS: u32 = 80;

/// Stray lead paragraphs are looked for this many ancestor levels above the winner.
const STRAY_LEVELS: usize = 4;

/// A paragraph outside the winning container must be this long to join the article.
const STRAY_MIN_CHARS: u32 = 100;

/// Class/id weight of a content or boilerplate hint in candidate scoring.
const CLASS_HINT_WEIGHT: f32 = 10.0;
/// Extra weight of a certain article-body marker (`itemprop=articleBody`, `article-body`).
const STRONG_HINT_WEIGHT: f32 = 25.0;
/// An element with a weak boilerplate hint is kept when it holds more than this share of
/// the page's paragraph text.
const SHIELD_SHARE_WEAK: f32 = 0.4;
/// The same for strong hints (comment hints never shield).
const SHIELD_SHARE_STRONG: f32 = 0.5;
/// A weakly hinted box inside a certain article body is kept from this much paragraph text.
const IN_BODY_PROSE_MIN_CHARS: u32 = 150;
/// Blocks shorter than this (characters) do not credit their ancestors.
const SCORE_MIN_CHARS: u32 = 25;
/// Candidates scoring at least this share of the winner are alternatives (split articles).
const ALT_SHARE: f32 = 0.75;
/// A `<p>` beside the winner joins it from this many characters ("Originally published
/// in …", a one-line note under the last paragraph).
const SIBLING_P_MIN_CHARS: f32 = 20.0;
/// Siblings of the winner join it when they score this share of it …
const SIBLING_SHARE: f32 = 0.2;
/// … and at least this much.
const SIBLING_MIN_SCORE: f32 = 10.0;
/// A sibling of the winner with this much text (characters) …
const SIBLING_PROSE_MIN_CHARS: f32 = 500.0;
/// … and fewer links than this share joins it whatever its score's share.
const SIBLING_PROSE_MAX_LINK_DENSITY: f32 = 0.1;
/// Short blocks (characters) that are mostly links are link lists …
const LINK_LIST_MAX_CHARS: u32 = 200;
/// … when more than this share of their text is link text.
const LINK_LIST_DENSITY: f32 = 0.6;

/// Readability-style weight of a block's text.
fn block_score(b: &Block) -> f32 {
    let commas = count_commas(&b.text) as f32;
    1.0 + commas.min(10.0) + (b.chars as f32 / 100.0).min(3.0)
}

/// How many commas (`,` `，` `、` `،`) a text holds, counted on bytes: the wide commas are
/// recognised by their last UTF-8 byte and the bytes before it, which in valid UTF-8 can
/// only belong to that character. A byte scan instead of decoding every character.
fn count_commas(text: &str) -> usize {
    let bytes = text.as_bytes();
    let before = |i: usize, back: usize| i.checked_sub(back).and_then(|j| bytes.get(j)).copied();
    // Both scans are memchr's vectorised searches; the last bytes of the wide commas are
    // rare in other characters, so the checks behind them seldom run.
    let ascii = memchr::memchr_iter(b',', bytes).count();
    let wide = memchr::memchr2_iter(0x8C, 0x81, bytes)
        .filter(|&i| match bytes.get(i) {
            // U+060C '،' is D8 8C, U+FF0C '，' is EF BC 8C.
            Some(0x8C) => {
                before(i, 1) == Some(0xD8) || (before(i, 1) == Some(0xBC) && before(i, 2) == Some(0xEF))
            }
            // U+3001 '、' is E3 80 81.
            _ => before(i, 1) == Some(0x80) && before(i, 2) == Some(0xE3),
        })
        .count();
    ascii + wide
}

fn tag_bonus(name: &str) -> f32 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Extracts the main-content blocks of a parsed page. `title` removes a repeated headline.
/// `article_body` is the JSON-LD `articleBody` when the page has one: the element whose
/// text matches it best wins when it matches clearly better than the scored winner.
///
/// When that yields (almost) nothing, the page is selected again with class/id hints
/// ignored (or, when that finds little, its paragraph-like blocks are taken): a page whose
/// article sits in misleadingly named wrappers should give its text rather than nothing.
pub fn main_blocks(
    dom: &Dom<'_>,
    title: Option<&str>,
    article_body: Option<&str>,
) -> Vec<(ParagraphKind, String)> {
    let marks = mark(dom, true);
    let out = select_blocks(dom, &marks, walk(dom, &marks.skip), title, article_body);
    let out_chars: usize = out.iter().map(|(_, t)| t.chars().count()).sum();
    if out_chars >= FALLBACK_BELOW_CHARS {
        return out;
    }
    let relaxed = mark(dom, false);
    let relaxed_blocks = walk(dom, &relaxed.skip);
    let fallback: Vec<(ParagraphKind, String)> = relaxed_blocks
        .iter()
        .filter(|b| {
            b.chars >= FALLBACK_MIN_BLOCK_CHARS
                && (b.link_chars as f32) < 0.3 * b.chars as f32
                && keep_block(b)
        })
        .map(|b| (b.kind, b.text.clone()))
        .collect();
    let fallback_chars: usize = fallback.iter().map(|(_, t)| t.chars().count()).sum();
    if fallback_chars <= 2 * out_chars.max(1) {
        return out;
    }
    // The scored selection without class hints keeps the article's headings, short lines and
    // structure, which the paragraph filter above loses; it must find a good part of that text.
    let scored = select_blocks(dom, &relaxed, relaxed_blocks, title, article_body);
    let scored_chars: usize = scored.iter().map(|(_, t)| t.chars().count()).sum();
    if scored_chars as f32 >= FALLBACK_SCORED_MIN_SHARE * fallback_chars as f32 {
        scored
    } else {
        fallback
    }
}

/// The scored selection of [`main_blocks`]; `blocks` is the walk of the page with `marks.skip`.
fn select_blocks(
    dom: &Dom<'_>,
    marks: &Marks,
    blocks: Vec<Block>,
    title: Option<&str>,
    article_body: Option<&str>,
) -> Vec<(ParagraphKind, String)> {
    let n = dom.nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let ends = dom.subtree_ends();
    if blocks.is_empty() {
        return Vec::new();
    }

    // Subtree text and link totals from the blocks.
    let mut sub_chars = vec![0f32; n];
    let mut sub_links = vec![0f32; n];
    for b in &blocks {
        if let Some(c) = sub_chars.get_mut(b.owner as usize) {
            *c += b.chars as f32;
        }
        if let Some(c) = sub_links.get_mut(b.owner as usize) {
            *c += b.link_chars as f32;
        }
    }
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent as usize;
        if p < n {
            sub_chars[p] += sub_chars[i];
            sub_links[p] += sub_links[i];
        }
    }

    // Credit ancestors of every substantial block.
    let mut score = vec![0f32; n];
    let mut is_candidate = vec![false; n];
    for b in &blocks {
        if b.chars < SCORE_MIN_CHARS || b.kind == ParagraphKind::Heading {
            continue;
        }
        if (b.link_chars as f32) > 0.5 * b.chars as f32 {
            continue;
        }
        let s = block_score(b);
        // The owner is the paragraph itself for `<p>`; loose text in a div credits the div too.
        let owner = b.owner;
        let owner_name = dom.nodes.get(owner as usize).map(|x| x.name()).unwrap_or("");
        let mut node = if matches!(owner_name, "p" | "li" | "td" | "pre" | "blockquote" | "dd") {
            dom.nodes.get(owner as usize).map(|x| x.parent).unwrap_or(NONE)
        } else {
            owner
        };
        let mut level = 0;
        while node != NONE && level < 5 {
            let Some(x) = dom.nodes.get(node as usize) else {
                break;
            };
            if !is_candidate[node as usize] {
                is_candidate[node as usize] = true;
                score[node as usize] += tag_bonus(x.name()) + marks.class_weight[node as usize];
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[node as usize] += s / div;
            node = x.parent;
            level += 1;
        }
    }
    let mut best = NONE;
    let mut best_score = f32::MIN;
    let mut finals = vec![0f32; n];
    for i in 0..n {
        if !is_candidate[i] {
            continue;
        }
        let ld = if sub_chars[i] > 0.0 { sub_links[i] / sub_chars[i] } else { 0.0 };
        let f = score[i] * (1.0 - ld);
        finals[i] = f;
        if f > best_score {
            best_score = f;
            best = i as u32;
        }
    }
    if best == NONE {
        best = 0;
    }

    // Several strong candidates under one ancestor: the article was split (ads, embeds).
    let mut alts: Vec<u32> = (0..n as u32)
        .filter(|&i| i != best && is_candidate[i as usize] && finals[i as usize] >= ALT_SHARE * best_score)
        .collect();
    alts.sort_by(|a, b| finals[*b as usize].total_cmp(&finals[*a as usize]));
    alts.truncate(5);
    if alts.len() >= 3 {
        let mut anc = dom.nodes[best as usize].parent;
        let mut steps = 0;
        while anc != NONE && anc != 0 && steps < 32 {
            let contained = alts.iter().filter(|&&a| is_ancestor(&ends, anc, a)).count();
            if contained >= 3 {
                best = anc;
                break;
            }
            anc = dom.nodes.get(anc as usize).map(|x| x.parent).unwrap_or(NONE);
            steps += 1;
        }
    }
    // An article split into chunks that share the winner's tag and class, modifier
    // classes aside (ads or embeds between them): take the nearest ancestor holding all.
    if let Some(class) =
        dom.nodes[best as usize].attr("class").map(base_class_tokens).filter(|c| !c.is_empty())
    {
        let name = dom.nodes[best as usize].name();
        let twins: Vec<u32> = (0..n as u32)
            .filter(|&i| {
                i != best
                    && is_candidate[i as usize]
                    && sub_chars[i as usize] >= 100.0
                    && dom.nodes[i as usize].name() == name
                    && dom.nodes[i as usize].attr("class").is_some_and(|c| base_class_tokens(c) == class)
                    && !is_ancestor(&ends, i, best)
                    && !is_ancestor(&ends, best, i)
            })
            .collect();
        if !twins.is_empty() {
            let mut anc = dom.nodes[best as usize].parent;
            let mut levels = 0;
            let mut chosen = NONE;
            let mut chosen_count = 0;
            while anc != NONE && anc != 0 && levels < 8 {
                let count = twins.iter().filter(|&&t| is_ancestor(&ends, anc, t)).count();
                if count > chosen_count {
                    chosen = anc;
                    chosen_count = count;
                }
                if count == twins.len() {
                    break;
                }
                anc = dom.nodes.get(anc as usize).map(|x| x.parent).unwrap_or(NONE);
                levels += 1;
            }
            if chosen != NONE {
                best = chosen;
            }
        }
    }
    // Climb while the parent scores clearly better and holds little more text.
    let mut steps = 0;
    loop {
        let parent = dom.nodes.get(best as usize).map(|x| x.parent).unwrap_or(NONE);
        if parent == NONE || parent == 0 || steps > 32 {
            break;
        }
        let p = parent as usize;
        if is_candidate[p]
            && finals[p] > finals[best as usize]
            && sub_chars[p] < sub_chars[best as usize] * 1.3
        {
            best = parent;
            steps += 1;
        } else {
            break;
        }
    }

    // A list is never a whole article: the element around it holds its introduction and
    // the notes after it.
    if let Some(list) = dom.nodes.get(best as usize).filter(|x| matches!(x.name(), "ul" | "ol" | "dl")) {
        if dom.nodes.get(list.parent as usize).is_some_and(|p| !matches!(p.name(), "body" | "html" | "#root"))
        {
            best = list.parent;
        }
    }
    best = expand_to_split_article(dom, &blocks, best);

    let overlap = article_body.and_then(|b| body_overlap(dom, &blocks, b));
    if let Some((hits, total, body_count)) = overlap.as_ref() {
        let body_count = *body_count;
        let dice = |i: usize| match (hits.get(i), total.get(i)) {
            (Some(h), Some(t)) if *t > 0.0 => 2.0 * h / (t + body_count),
            _ => 0.0,
        };
        // On ties the deepest element wins (a wrapper adds nothing but its siblings).
        let mut alt = (best, dice(best as usize));
        for i in 1..n {
            let d = dice(i);
            if d > alt.1 || (d == alt.1 && d > 0.0 && is_ancestor(&ends, alt.0, i as u32)) {
                alt = (i as u32, d);
            }
        }
        if alt.1 >= BODY_MATCH_MIN && alt.1 > dice(best as usize) + BODY_MATCH_MARGIN {
            best = alt.0;
        }
    }
    // Selected roots: the winner plus qualifying siblings.
    let mut selected = vec![false; n];
    selected[best as usize] = true;
    let top_final = finals[best as usize].max(0.0);
    let threshold = (top_final * SIBLING_SHARE).max(SIBLING_MIN_SCORE);
    let parent = dom.nodes[best as usize].parent;
    if parent != NONE {
        let mut c = dom.nodes.get(parent as usize).map(|x| x.first_child).unwrap_or(NONE);
        while c != NONE {
            let ci = c as usize;
            if ci != best as usize && !marks.skip[ci] {
                let ld = if sub_chars[ci] > 0.0 { sub_links[ci] / sub_chars[ci] } else { 0.0 };
                let mut add = is_candidate[ci] && finals[ci] >= threshold;
                if !add && dom.nodes[ci].name() == "p" && sub_chars[ci] > SIBLING_P_MIN_CHARS && ld < 0.25 {
                    add = true;
                }
                // A further section of the article beside a much larger winner (a long product
                // list): prose with almost no links, even when it scores below the winner's share.
                if !add
                    && is_candidate[ci]
                    && finals[ci] >= SIBLING_MIN_SCORE
                    && sub_chars[ci] >= SIBLING_PROSE_MIN_CHARS
                    && ld < SIBLING_PROSE_MAX_LINK_DENSITY
                {
                    add = true;
                }
                if add {
                    selected[ci] = true;
                }
            }
            c = dom.nodes[ci].next_sibling;
        }
    }
    // Propagate selection to descendants (parents precede children).
    let mut inside = vec![false; n];
    for i in 0..n {
        let p = dom.nodes[i].parent as usize;
        inside[i] = selected[i] || (p < n && inside[p]);
    }
    // Layout boxes (product widgets, infoboxes) inside the article that hold paragraph text
    // are part of it: walk once more with them open. Selection above stays as it was.
    let revive: Vec<usize> = (0..n)
        .filter(|&i| {
            marks.layout_box[i]
                && marks.skip[i]
                && inside[i]
                && marks.prose_chars.get(i).is_some_and(|&c| c >= IN_BODY_PROSE_MIN_CHARS)
        })
        .collect();
    let blocks = if revive.is_empty() {
        blocks
    } else {
        let mut skip = marks.skip.clone();
        for i in revive {
            skip[i] = false;
        }
        walk(dom, &skip)
    };
    let mut in_lead = marks.lead_header.clone();
    for i in 0..n {
        let p = dom.nodes[i].parent as usize;
        if p < n && in_lead[p] {
            in_lead[i] = true;
        }
    }

    // Stray lead paragraphs just before the winner (an intro in a sibling column): within
    // two ancestor levels, long `<p>` blocks with few links. After the winner such blocks
    // are mostly author bios and "about us" notes, so only earlier ones count.
    let mut near = vec![false; n];
    {
        let mut anc = dom.nodes[best as usize].parent;
        for _ in 0..STRAY_LEVELS {
            if anc == NONE || anc == 0 {
                break;
            }
            let name = dom.nodes[anc as usize].name();
            if matches!(name, "body" | "html") {
                break;
            }
            near[anc as usize] = true;
            anc = dom.nodes[anc as usize].parent;
        }
        for i in 0..n {
            let p = dom.nodes[i].parent as usize;
            if p < n && near[p] && !marks.skip[i] {
                near[i] = true;
            }
        }
    }

    // A stray paragraph candidate: a `<p>` before the winner, near it, with few links.
    let stray_shape = |b: &Block| {
        let owner = b.owner as usize;
        !inside.get(owner).copied().unwrap_or(false)
            && owner < best as usize
            && near.get(owner).copied().unwrap_or(false)
            && b.kind == ParagraphKind::Paragraph
            && dom.nodes.get(owner).map(|x| x.name()) == Some("p")
            && (b.link_chars as f32) < 0.2 * b.chars as f32
    };
    let long_enough = |b: &Block| {
        // An article's own header announces its lead: shorter leads count there.
        b.chars
            >= if in_lead.get(b.owner as usize).copied().unwrap_or(false) {
                LEAD_MIN_CHARS
            } else {
                STRAY_MIN_CHARS
            }
    };
    // The parents of long stray paragraphs: their shorter sibling paragraphs are the same
    // text (an opening chunk of the article beside the winner), not teasers.
    let parent_of = |b: &Block| dom.nodes.get(b.owner as usize).map_or(NONE, |x| x.parent);
    let mut stray_parents: Vec<u32> =
        blocks.iter().filter(|b| stray_shape(b) && long_enough(b)).map(parent_of).collect();
    // Sorted for binary search: a hostile page may have thousands of stray paragraphs.
    stray_parents.sort_unstable();
    stray_parents.dedup();
    let norm_title = title.map(normalise_for_compare);
    let mut out: Vec<Kept> = Vec::new();
    for b in blocks {
        let owner = b.owner as usize;
        let inside_winner = inside.get(owner).copied().unwrap_or(false);
        let stray = stray_shape(&b)
            && (long_enough(&b)
                || (b.chars >= SCORE_MIN_CHARS && stray_parents.binary_search(&parent_of(&b)).is_ok()));
        if !inside_winner && !stray {
            continue;
        }
        if in_lead.get(owner).copied().unwrap_or(false)
            && (b.kind != ParagraphKind::Paragraph
                || b.chars < LEAD_MIN_CHARS
                || (b.link_chars as f32) > 0.2 * b.chars as f32)
        {
            continue;
        }
        let link_list = is_link_list(&b);
        // Call-to-action buttons ("Book now", "Check price at Amazon") are short single links
        // outside lists; they never join the article.
        if (link_list && (!sandwich_candidate(&b) || is_table_of_contents_entry(&b))) || !keep_block_text(&b)
        {
            // A dropped label ("Related articles", "À voir aussi") may still open a
            // related-content tail: it stays, as a marker only, until the tail is cut.
            if is_tail_marker(&b.text) {
                out.push(Kept {
                    kind: b.kind,
                    text: b.text,
                    link_list: false,
                    prose: false,
                    marker_only: true,
                });
            }
            continue;
        }
        if ends_with_credit(&b.text) && in_image_container(dom, &ends, b.owner) {
            continue;
        }
        if let Some(t) = &norm_title {
            // Normalising drops spaces and punctuation only, so a much longer block cannot match.
            if !t.is_empty() && b.text.len() <= 3 * t.len() + 32 && normalised_equals(&b.text, t) {
                continue;
            }
        }
        let prose = !link_list && b.chars >= SANDWICH_PROSE_MIN_CHARS;
        out.push(Kept { kind: b.kind, text: b.text, link_list, prose, marker_only: false });
    }
    let mut out = keep_sandwiched_links(out);
    cut_related_tail(&mut out);
    out.into_iter().filter(|(_, _, marker_only)| !marker_only).map(|(kind, text, _)| (kind, text)).collect()
}

/// A prose block that makes link blocks around it part of the article is this long (characters).
const SANDWICH_PROSE_MIN_CHARS: u32 = 80;

/// A link list item or link heading must be this long (characters) to count as the article's.
const LINKED_ITEM_MIN_CHARS: u32 = 15;

/// A shorter linked heading of two words or more is the article's from this many letters.
const LINKED_HEADING_MIN_LETTERS: usize = 3;

/// A paragraph that is all link is a linked sentence (not a headline) from this length on.
const LINKED_WHOLE_SENTENCE_MIN_CHARS: u32 = 40;

/// A link-dense paragraph is a sentence around its link (not a button or a "read also"
/// label) from this many characters of its own text.
const LINKED_SENTENCE_MIN_OWN_CHARS: u32 = 20;

/// Whether a link-dense block may be article text when prose surrounds it: list items and
/// headings of some length, and paragraphs whose own words frame the link ("The market is
/// growing, with <a>projections of $3 billion by 2027</a>.") and end as a sentence does.
/// A paragraph that is one link, or a short label and a link, is a button or, in news, an
/// inline "related story" headline, wherever it stands.
fn sandwich_candidate(b: &Block) -> bool {
    match b.kind {
        ParagraphKind::Item => b.chars >= LINKED_ITEM_MIN_CHARS,
        // A listicle's entries are linked headings, often short ("4. Sociallyin"); a single
        // linked word is a social or newsletter label, one without letters a phone number.
        ParagraphKind::Heading => {
            b.chars >= LINKED_ITEM_MIN_CHARS
                || (b.text.split_whitespace().nth(1).is_some()
                    && b.text.chars().filter(|c| c.is_alphabetic()).count() >= LINKED_HEADING_MIN_LETTERS)
        }
        ParagraphKind::Paragraph => {
            (b.chars.saturating_sub(b.link_chars) >= LINKED_SENTENCE_MIN_OWN_CHARS
                || b.chars >= LINKED_WHOLE_SENTENCE_MIN_CHARS)
                && ends_a_sentence(&b.text)
        }
        _ => false,
    }
}

/// Share of a list item's text in links to its own page above which it is an entry of a
/// table of contents.
const IN_PAGE_LINK_SHARE: f32 = 0.6;

/// Whether a list item is an entry of a table of contents or a "jump to" menu: its links
/// point into the page. Those repeat the article's headings and are never its text, even
/// between paragraphs. (Headings that link to themselves stay: they are not items.)
fn is_table_of_contents_entry(b: &Block) -> bool {
    b.kind == ParagraphKind::Item && b.in_page_link_chars as f32 > IN_PAGE_LINK_SHARE * b.chars as f32
}

/// Whether a text ends like a sentence (headlines and link labels mostly do not),
/// allowing for closing quotes and brackets.
fn ends_a_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | '«' | '“' | ')' | '」' | '』' | '）')
    });
    // Latin, CJK full-width, Arabic and Devanagari sentence ends.
    trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？', '؟', '।'])
}

/// A block that passed the filters of [`select_blocks`], before the link-list decision.
struct Kept {
    kind: ParagraphKind,
    text: String,
    /// Short and mostly link text.
    link_list: bool,
    /// A paragraph of prose: long and not a link list.
    prose: bool,
    /// A boilerplate label kept only to mark where a related-content tail starts.
    marker_only: bool,
}

/// Link-dense blocks (lists of links, paragraphs that are one link) inside the article are
/// kept only between prose blocks: there they are the article's own references, steps or
/// product lists, while link lists before the first or after the last paragraph are
/// navigation, tags and related-content tails.
fn keep_sandwiched_links(blocks: Vec<Kept>) -> Vec<(ParagraphKind, String, bool)> {
    let first_prose = blocks.iter().position(|b| b.prose);
    let last_prose = blocks.iter().rposition(|b| b.prose);
    blocks
        .into_iter()
        .enumerate()
        .filter(|(i, b)| {
            !b.link_list || matches!((first_prose, last_prose), (Some(f), Some(l)) if f < *i && *i < l)
        })
        .map(|(_, b)| (b.kind, b.text, b.marker_only))
        .collect()
}

/// A block counts as article prose for [`expand_to_split_article`] from this many characters …
const PROSE_MIN_CHARS: u32 = 50;
/// … with at most this share of link text.
const PROSE_MAX_LINK_DENSITY: f32 = 0.25;
/// A block is link furniture when more than this share of its text is link text.
const FURNITURE_LINK_DENSITY: f32 = 0.5;
/// An ancestor replaces the winner when it holds this much more prose (share of the winner's) …
const EXPAND_MIN_GAIN: f32 = 0.5;
/// … and at least this many more characters of it …
const EXPAND_MIN_GAIN_CHARS: f32 = 200.0;
/// … while adding at most this many characters of link furniture per character of prose.
const EXPAND_MAX_FURNITURE: f32 = 0.5;
/// How many ancestors of the winner are considered.
const EXPAND_LEVELS: usize = 12;

/// An article spread over several containers (sections with their own wrappers, text
/// between embeds, a list that outscored the prose): climbs from the winner to the
/// ancestor that holds clearly more article prose, provided what it adds is prose rather
/// than link lists. Skipped boilerplate is already gone from `blocks`.
fn expand_to_split_article(dom: &Dom<'_>, blocks: &[Block], best: u32) -> u32 {
    let n = dom.nodes.len();
    let mut prose = vec![0f32; n];
    let mut furniture = vec![0f32; n];
    for b in blocks {
        let owner = b.owner as usize;
        if owner >= n {
            continue;
        }
        let density = if b.chars > 0 { b.link_chars as f32 / b.chars as f32 } else { 0.0 };
        if b.chars >= PROSE_MIN_CHARS
            && density <= PROSE_MAX_LINK_DENSITY
            && matches!(b.kind, ParagraphKind::Paragraph | ParagraphKind::Quote | ParagraphKind::Item)
        {
            prose[owner] += b.chars as f32;
        } else if density > FURNITURE_LINK_DENSITY {
            furniture[owner] += b.chars as f32;
        }
    }
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent as usize;
        if p < n {
            prose[p] += prose[i];
            furniture[p] += furniture[i];
        }
    }
    let mut chosen = best;
    // An `<article>` or `<main>` is the page's own statement of where the article ends:
    // the climb never leaves one that holds the winner.
    if matches!(dom.nodes.get(best as usize).map(|x| x.name()), Some("article" | "main")) {
        return best;
    }
    let mut anc = dom.nodes.get(best as usize).map(|x| x.parent).unwrap_or(NONE);
    for _ in 0..EXPAND_LEVELS {
        let Some(node) = dom.nodes.get(anc as usize) else {
            break;
        };
        if matches!(node.name(), "body" | "html" | "#root") {
            break;
        }
        let (a, c) = (anc as usize, chosen as usize);
        let gain = prose[a] - prose[c];
        let added_furniture = furniture[a] - furniture[c];
        if gain >= EXPAND_MIN_GAIN * prose[c]
            && gain >= EXPAND_MIN_GAIN_CHARS
            && added_furniture <= EXPAND_MAX_FURNITURE * gain
        {
            chosen = anc;
        }
        if matches!(node.name(), "article" | "main") {
            break;
        }
        anc = node.parent;
    }
    chosen
}

/// Blocks after a tail marker are teasers when all are shorter than this (characters).
const TAIL_TEASER_MAX_CHARS: usize = 200;

/// Drops a related-content tail: a short block announcing other content ("More Great
/// Stories", "Lesen Sie auch") in the second half of the article when only short teaser
/// lines follow it, together with those lines.
fn cut_related_tail(blocks: &mut Vec<(ParagraphKind, String, bool)>) {
    let total: usize = blocks.iter().map(|(_, t, _)| t.len()).sum();
    // Whether every block after `i` is teaser-short, and how many blocks and sentences
    // follow it, for all `i` at once: a page of thousands of short blocks must not cost
    // quadratic time.
    let mut short_after = vec![true; blocks.len()];
    let mut sentences_after = vec![0usize; blocks.len()];
    for i in (1..blocks.len()).rev() {
        let short = blocks[i].1.chars().count() < TAIL_TEASER_MAX_CHARS;
        short_after[i - 1] = short && short_after[i];
        sentences_after[i - 1] = sentences_after[i] + usize::from(ends_a_sentence(&blocks[i].1));
    }
    let mut seen = 0usize;
    for i in 0..blocks.len() {
        let (_, text, marker_only) = &blocks[i];
        // Only a tail of teaser lines: an inline "read also" link inside the article
        // is followed by more real paragraphs. A label dropped as boilerplate marks a tail
        // only on its own ("À voir aussi", not "Lire aussi : …") and before mostly headlines:
        // after an inline "Lesen Sie auch" the article goes on with sentences.
        let marks_tail = if *marker_only {
            let after = blocks.len() - i - 1;
            short_after[i] && 2 * sentences_after[i] < after.max(1) && is_bare_tail_marker(text)
        } else {
            short_after[i] && is_tail_marker(text)
        };
        if seen * 2 >= total && marks_tail {
            blocks.truncate(i);
            return;
        }
        seen += text.len();
    }
}

/// A tail marker may be at most this long (characters).
const TAIL_MARKER_MAX_CHARS: usize = 60;

/// Whether a block is one of [`vocab::TAIL_MARKERS`] and nothing else but punctuation.
fn is_bare_tail_marker(text: &str) -> bool {
    if text.chars().nth(TAIL_MARKER_MAX_CHARS).is_some() {
        return false;
    }
    let lower = text.to_lowercase();
    let bare = lower.trim().trim_end_matches([':', '.', '…', '!', '»', '›', '>', ' ']);
    vocab::TAIL_MARKERS.contains(&bare)
}

/// Whether a short block opens with one of [`vocab::TAIL_MARKERS`].
fn is_tail_marker(text: &str) -> bool {
    // Counts at most the first characters past the limit, however long the block.
    if text.chars().nth(TAIL_MARKER_MAX_CHARS).is_some() {
        return false;
    }
    let lower = text.trim().to_lowercase();
    vocab::TAIL_MARKERS.iter().any(|m| lower.starts_with(m))
}

/// A credit after the caption must be at most this long (characters) to count as one.
const CREDIT_MAX_CHARS: usize = 60;
/// How many ancestors of a block are checked for an image container.
const IMAGE_CONTAINER_LEVELS: usize = 3;
/// An ancestor is searched for an `<img>` only when its subtree is this small (nodes).
const IMAGE_CONTAINER_MAX_NODES: u32 = 60;

/// Whether the block ends with a photo credit ("… Foto: Jo Lee", "… © AFP"): a lead-in
/// on a word boundary followed by a short rest.
fn ends_with_credit(text: &str) -> bool {
    // Only the end can hold a trailing credit: look at a short tail, and lower-case
    // it only when it has a lead-in's punctuation at all (most blocks do not).
    // The tail lies within the last 4 bytes per character: without a lead-in's punctuation
    // there, the character count below is not needed.
    let bytes = text.as_bytes();
    let window = bytes.get(bytes.len().saturating_sub(4 * (CREDIT_MAX_CHARS + 21))..).unwrap_or(&[]);
    if memchr::memchr3(b':', b'(', 0xA9, window).is_none() {
        return false;
    }
    // The start of the last `CREDIT_MAX_CHARS + 21` characters: bytes that are not UTF-8
    // continuation bytes start characters.
    let mut start = 0;
    let mut seen = 0;
    for (i, &b) in bytes.iter().enumerate().rev() {
        if (b as i8) >= -0x40 {
            if seen == CREDIT_MAX_CHARS + 20 {
                start = i;
                break;
            }
            seen += 1;
        }
    }
    let tail = text.get(start..).unwrap_or("");
    // `©` ends in byte A9; other characters that do pass on to the exact test below.
    if memchr::memchr3(b':', b'(', 0xA9, tail.as_bytes()).is_none() {
        return false;
    }
    let lower = tail.to_lowercase();
    vocab::CAPTION_CREDIT_LEADS.iter().any(|lead| {
        let Some(at) = lower.rfind(lead) else {
            return false;
        };
        let before_ok =
            lower.get(..at).and_then(|b| b.chars().next_back()).is_none_or(|c| !c.is_alphanumeric());
        let rest = lower.get(at + lead.len()..).unwrap_or("").trim();
        before_ok && !rest.is_empty() && rest.chars().count() <= CREDIT_MAX_CHARS
    })
}

/// Whether one of the few nearest ancestors of `owner` (or `owner` itself) holds an image
/// and its caption: a `<figure>`, an image-like class/id, or a small subtree with an `<img>`.
fn in_image_container(dom: &Dom<'_>, ends: &[u32], owner: u32) -> bool {
    let mut node = owner;
    for _ in 0..IMAGE_CONTAINER_LEVELS {
        let Some(x) = dom.nodes.get(node as usize) else {
            return false;
        };
        if matches!(x.name(), "body" | "html" | "#root" | "article" | "main") {
            return false;
        }
        if x.name() == "figure" {
            return true;
        }
        let named = |attr: &str| {
            x.attr(attr).is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                vocab::IMAGE_CONTAINER_HINTS.iter().any(|h| v.contains(h))
            })
        };
        if named("class") || named("id") {
            return true;
        }
        let end = ends.get(node as usize).copied().unwrap_or(node);
        if end.saturating_sub(node) <= IMAGE_CONTAINER_MAX_NODES
            && (node + 1..=end)
                .any(|d| matches!(dom.nodes.get(d as usize).map(|n| n.name()), Some("img" | "picture")))
        {
            return true;
        }
        node = x.parent;
    }
    false
}

/// Class values with more tokens than this keep their modifiers in [`base_class_tokens`].
const BASE_CLASS_MAX_TOKENS: usize = 32;

/// The tokens of a class value without its BEM-style modifiers (a token that extends
/// another token of the value after `_` or `-`), sorted: the chunks of one article share
/// them while their modifiers vary ("block-text" and "block-text block-text_initial-letter").
fn base_class_tokens(class: &str) -> Vec<&str> {
    let tokens: Vec<&str> = class.split_ascii_whitespace().collect();
    // The pairwise modifier test is quadratic: a hostile value of thousands of tokens is
    // compared whole instead.
    let strip_modifiers = tokens.len() <= BASE_CLASS_MAX_TOKENS;
    let mut base: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|t| {
            !strip_modifiers
                || !tokens.iter().any(|u| {
                    u.len() < t.len()
                        && t.starts_with(u)
                        && t.as_bytes().get(u.len()).is_some_and(|&b| b == b'_' || b == b'-')
                })
        })
        .collect();
    base.sort_unstable();
    base.dedup();
    base
}

/// Whether `anc` is a proper ancestor of `node` (`ends` from [`Dom::subtree_ends`]).
fn is_ancestor(ends: &[u32], anc: u32, node: u32) -> bool {
    anc < node && ends.get(anc as usize).is_some_and(|&e| node <= e)
}

fn normalise_for_compare(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// `normalise_for_compare(text) == normalised`, without building the string: most blocks
/// differ from the title within a few characters.
fn normalised_equals(text: &str, normalised: &str) -> bool {
    let mut expected = normalised.chars();
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .all(|c| expected.next() == Some(c))
        && expected.next().is_none()
}

/// A short block that is mostly link text: a link list item or a paragraph that is one link.
fn is_link_list(b: &Block) -> bool {
    let ld = if b.chars > 0 { b.link_chars as f32 / b.chars as f32 } else { 0.0 };
    b.chars < LINK_LIST_MAX_CHARS && ld > LINK_LIST_DENSITY
}

/// Block-level filter inside the chosen container.
fn keep_block(b: &Block) -> bool {
    !is_link_list(b) && keep_block_text(b)
}

hint_set!(credit_markers, vocab::CREDIT_MARKERS);

/// [`vocab::BOILERPLATE_PREFIXES`] as one anchored automaton: one scan of a block's start
/// instead of a comparison per prefix.
struct PrefixSet {
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl PrefixSet {
    /// Whether `text` starts with one of the prefixes (exact bytes).
    fn starts_any(&self, text: &str) -> bool {
        match &self.automaton {
            Some(automaton) => {
                automaton.is_match(aho_corasick::Input::new(text).anchored(aho_corasick::Anchored::Yes))
            }
            // Building only fails for vocabularies far larger than ours; stay correct anyway.
            None => vocab::BOILERPLATE_PREFIXES.iter().any(|p| text.starts_with(p)),
        }
    }
}

/// The shared [`PrefixSet`] of [`vocab::BOILERPLATE_PREFIXES`].
fn boilerplate_prefixes() -> &'static PrefixSet {
    static SET: OnceLock<PrefixSet> = OnceLock::new();
    SET.get_or_init(|| PrefixSet {
        automaton: aho_corasick::AhoCorasick::builder()
            .start_kind(aho_corasick::StartKind::Anchored)
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(vocab::BOILERPLATE_PREFIXES)
            .ok(),
    })
}

/// [`vocab::BOILERPLATE_BLOCKS`] as a hash set: the list holds hundreds of labels in many
/// languages, and every short block is looked up twice.
fn boilerplate_blocks() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| vocab::BOILERPLATE_BLOCKS.iter().copied().collect())
}

/// The filter of [`keep_block`] on the words of a block: boilerplate labels and credits.
fn keep_block_text(b: &Block) -> bool {
    if b.chars < 80 {
        let lower = b.text.to_lowercase();
        let trimmed = lower.trim_end_matches([':', '.', '…', '!', '»', '›', '>', ' ']);
        let blocks = boilerplate_blocks();
        if blocks.contains(lower.as_str()) || blocks.contains(trimmed) {
            return false;
        }
        if boilerplate_prefixes().starts_any(&lower) {
            return false;
        }
        // `lower` has no ASCII upper case, so the case-insensitive set matches as `contains` would.
        if credit_markers().any_in(&lower) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_class_tokens_drop_modifiers_only() {
        assert_eq!(base_class_tokens("block-text block-text_initial-letter"), vec!["block-text"]);
        assert_eq!(base_class_tokens("article__block article__block_text"), vec!["article__block"]);
        assert_eq!(base_class_tokens("b a a"), vec!["a", "b"]);
        assert_eq!(base_class_tokens("content contentful"), vec!["content", "contentful"]);
        assert!(base_class_tokens("   ").is_empty());
        let hostile = "x ".repeat(10_000) + "x-y";
        assert_eq!(base_class_tokens(&hostile), vec!["x", "x-y"]);
    }

    #[test]
    fn sentence_ends_of_other_scripts_are_recognised() {
        assert!(ends_a_sentence("「本当ですか？」"));
        assert!(ends_a_sentence("这是真的！"));
        assert!(ends_a_sentence("هل هذا صحيح؟"));
        assert!(ends_a_sentence("यह सच है।"));
        assert!(ends_a_sentence("He said so (twice)."));
        assert!(!ends_a_sentence("Ten ideas for the balcony"));
        assert!(!ends_a_sentence("「見出し」"));
        assert!(!ends_a_sentence(""));
    }

    #[test]
    fn class_names_in_other_languages_hint_at_content_and_boilerplate() {
        assert!(hints_for("cuerpo-noticia", "").strong_positive);
        assert!(hints_for("texte", "").positive);
        assert!(hints_for("testo_articolo", "").positive);
        assert!(hints_for("bloc-publicite", "").strong_negative);
        assert!(hints_for("noticias-relacionadas", "").strong_negative);
        // A singular comment word may name an opinion column: strong, but not absolute.
        let column = hints_for("commentaire", "");
        assert!(column.strong_negative && !column.absolute_negative, "{column:?}");
        assert!(hints_for("lista-commenti", "").absolute_negative);
        assert!(hints_for("sharedaddy sd-sharing-enabled", "").strong_negative);
        assert!(hints_for("", "reacties").absolute_negative);
        assert_eq!(hints_for("corpo-testo", "reseaux"), Hints { positive: true, ..Hints::default() });
    }

    #[test]
    fn streamed_segments_are_named_s_colon_digits() {
        assert!(is_streamed_segment("S:0"));
        assert!(is_streamed_segment("S:17"));
        for id in ["S:", "s:1", "S:1a", "S:-1", "main", "", "S:١"] {
            assert!(!is_streamed_segment(id), "{id}");
        }
    }

    #[test]
    fn a_page_builder_token_neutralises_widget_in_its_class_value_only() {
        assert!(hints_for("widget widget_text", "").negative);
        assert!(!hints_for("so-panel widget widget_sow-editor", "").negative);
        assert!(!hints_for("widget elementor-element", "").negative);
        // Boilerplate names stay boilerplate beside a builder token.
        assert!(hints_for("so-panel widget sidebar", "").negative);
        assert!(hints_for("so-panel widget", "comments").strong_negative);
        let mut memo = FlagMemo::default();
        assert_eq!(memo.flags("so-panel widget"), value_flags("so-panel widget"));
        assert_eq!(memo.flags("widget"), value_flags("widget"));
    }

    #[test]
    fn comma_count_matches_char_matching() {
        for text in [
            "",
            "a, b, c",
            "北京，上海、广州",
            "مرحبا، عالم",
            "Größe, Maß und Ü – «ok», ‚ja‘",
            "\u{20ac}\u{201a}\u{ff0d}\u{0618}\u{308c}\u{3000}\u{3081}",
            ",,，，、、،،",
        ] {
            let expected = text.matches([',', '，', '、', '،']).count();
            assert_eq!(count_commas(text), expected, "{text}");
        }
    }

    #[test]
    fn byte_count_matches_filter_count() {
        let long = "Größe \t\n und Maß\r\x0b\x0c ".repeat(40);
        for text in ["", " ", "a b", "über  alles", long.as_str()] {
            let expected = text.bytes().filter(|b| !b.is_ascii_whitespace()).count();
            assert_eq!(count_bytes(text, |b| !b.is_ascii_whitespace()), expected, "{text}");
            let chars = text.chars().count() - text.bytes().filter(|&b| b == b' ').count();
            assert_eq!(count_bytes(text, |b| (b as i8) >= -0x40 && b != b' '), chars, "{text}");
        }
    }

    #[test]
    fn style_check_matches_the_cleaned_copy() {
        let cleaned = |style: &str| {
            let s: String = style
                .bytes()
                .filter(|b| !b.is_ascii_whitespace())
                .map(|b| b.to_ascii_lowercase() as char)
                .collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        };
        for style in [
            "",
            "display:none",
            "Display : NONE ;",
            "d isplay:no ne",
            "display:block; color:none",
            "visibility: hidden",
            "visibility:visible",
            "x:display:none",
            ":none",
            "display:",
            "width: 10px; DISPLAY:\tnone",
            "über:display:nonë",
        ] {
            assert_eq!(style_hides(style), cleaned(style), "{style}");
        }
    }

    #[test]
    fn credit_tail_is_found_on_long_and_short_blocks() {
        assert!(ends_with_credit("A long caption about the harbour at night. Foto: Jo Lee"));
        assert!(ends_with_credit(&format!("{} © AFP", "Ein sehr langer Absatz über Größe. ".repeat(10))));
        assert!(!ends_with_credit(&format!("{} (siehe oben) und mehr Text danach", "é".repeat(200))));
        assert!(!ends_with_credit("café"));
    }

    #[test]
    fn boilerplate_prefix_set_matches_starts_with() {
        for text in
            ["", "stand: 12.3.", "standard text", "foto: dpa", "fo", "read more at x", "read mor", "ünd"]
        {
            let expected = vocab::BOILERPLATE_PREFIXES.iter().any(|p| text.starts_with(p));
            assert_eq!(boilerplate_prefixes().starts_any(text), expected, "{text}");
        }
    }

    #[test]
    fn normalised_comparison_matches_the_built_string() {
        for (text, title) in [
            ("Die Straße, neu!", "Die STRASSE neu"),
            ("Die Straße, neu!", "die straße neu"),
            ("İstanbul", "i̇stanbul"),
            ("A b c", "abc"),
            ("A b c d", "abc"),
            ("", ""),
            ("x", ""),
            ("", "x"),
            ("Ǆemal", "ǆemal"),
        ] {
            let normalised = normalise_for_compare(title);
            assert_eq!(
                normalised_equals(text, &normalised),
                normalise_for_compare(text) == normalised,
                "{text:?} vs {title:?}"
            );
        }
    }
}
