//! HTML pages: main content and metadata.
//!
//! [`extract_html`] parses the page once with the tolerant arena parser in
//! [`dom`], reads metadata from structured sources ([`meta`]) and finds the
//! article text ([`content`]) with rules whose vocabulary lives in [`vocab`].

pub mod content;
pub mod dom;
pub mod hint_set;
pub mod meta;
pub mod vocab;

use wirewatch_model::{ParagraphKind, Published};

/// What an HTML page yields before assembly into a Document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// Title (from `<title>`, OpenGraph, JSON-LD `headline`, `<h1>`), site suffix removed.
    pub title: Option<String>,
    /// Authors from JSON-LD, meta tags, bylines.
    pub authors: Vec<String>,
    /// Outlet / site name (`og:site_name`, JSON-LD publisher).
    pub outlet: Option<String>,
    /// Publication date with evidence.
    pub published: Option<Published>,
    /// `<link rel=canonical>` or `og:url`.
    pub canonical_url: Option<String>,
    /// `<html lang>` or `content-language`, as a hint only.
    pub declared_language: Option<String>,
    /// The main content, in reading order.
    pub blocks: Vec<(ParagraphKind, String)>,
}

/// Extracts main content and metadata from a decoded HTML page.
/// `url` is the page's address when known (used for URL date patterns and relative links).
pub fn extract_html(html: &str, url: Option<&str>) -> HtmlArticle {
    let dom = dom::parse(html);
    let (mut article, article_body) = meta::read_meta(&dom, url);
    article.blocks = content::main_blocks(&dom, article.title.as_deref(), article_body.as_deref());
    article
}
