//! Page metadata: title, authors, outlet, publication date, canonical URL, language.
//!
//! Rule: never wrong rather than always filled. Every value comes from a
//! structured source (JSON-LD, `<meta>`, `<link>`, `<time datetime>`,
//! microdata, byline elements, the URL); free text is never scanned for dates,
//! so script code, phone numbers and legal references cannot become a date.

use serde_json::Value;
use wirewatch_model::Published;

use super::dom::{Dom, NodeData, NONE};

/// Metadata found on a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    /// Chosen title.
    pub title: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// Outlet name.
    pub outlet: Option<String>,
    /// Publication date and evidence.
    pub published: Option<Published>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Declared language tag.
    pub declared_language: Option<String>,
}

/// What the JSON-LD blocks of a page say.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    date_published: Option<String>,
    /// `datePublished` on an object that is not an article type.
    other_date: Option<String>,
    article_body: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
    "liveblogposting",
    "report",
    "posting",
    "webpage",
];

fn types_of(obj: &serde_json::Map<String, Value>) -> Vec<String> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => {
            a.iter().filter_map(|v| v.as_str().map(|s| s.to_ascii_lowercase())).collect()
        }
        _ => Vec::new(),
    }
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("name").and_then(str_of),
        Value::Array(a) => a.iter().find_map(str_of),
        _ => None,
    }
}

fn names_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.trim().to_string()),
        Value::Object(o) => {
            let is_org = types_of(o).iter().any(|t| t == "organization" || t == "newsmediaorganization");
            if !is_org {
                if let Some(n) = o.get("name").and_then(str_of) {
                    out.push(n);
                }
            }
        }
        Value::Array(a) => {
            for x in a.iter().take(20) {
                names_of(x, out);
            }
        }
        _ => {}
    }
}

fn parse_json_lenient(raw: &str) -> Option<Value> {
    let t = raw
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    if let Ok(v) = serde_json::from_str::<Value>(t) {
        return Some(v);
    }
    // Raw control characters inside strings are the usual breakage.
    let cleaned: String = t.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    serde_json::from_str::<Value>(&cleaned).ok()
}

fn read_json_ld(dom: &Dom<'_>) -> JsonLd {
    let mut ld = JsonLd::default();
    for raw in &dom.json_ld {
        let Some(root) = parse_json_lenient(raw) else {
            continue;
        };
        // Iterative walk over objects (serde_json already caps nesting depth).
        let mut stack: Vec<&Value> = vec![&root];
        let mut visited = 0;
        while let Some(v) = stack.pop() {
            visited += 1;
            if visited > 2000 {
                break;
            }
            match v {
                Value::Array(a) => stack.extend(a.iter().rev()),
                Value::Object(o) => {
                    let types = types_of(o);
                    let is_article =
                        types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()) && t != "webpage");
                    if is_article {
                        if ld.headline.is_none() {
                            ld.headline = o.get("headline").and_then(str_of);
                        }
                        if ld.authors.is_empty() {
                            if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                                names_of(a, &mut ld.authors);
                            }
                        }
                        if ld.publisher.is_none() {
                            ld.publisher = o.get("publisher").and_then(str_of);
                        }
                        if ld.date_published.is_none() {
                            ld.date_published = o.get("datePublished").and_then(str_of);
                        }
                        if ld.article_body.is_none() {
                            ld.article_body = o.get("articleBody").and_then(str_of);
                        }
                    } else if ld.other_date.is_none() && types.iter().any(|t| t == "webpage") {
                        ld.other_date = o.get("datePublished").and_then(str_of);
                    }
                    if let Some(g) = o.get("@graph") {
                        stack.push(g);
                    }
                    if let Some(m) = o.get("mainEntity") {
                        stack.push(m);
                    }
                }
                _ => {}
            }
        }
    }
    ld
}

/// Parses a date string: the shared parser first, then a strict ISO prefix.
fn date_value(s: &str) -> Option<String> {
    crate::dates::parse_date(s).or_else(|| iso_prefix(s))
}

/// `YYYY-MM-DD` at the start of `s` with a plausible year, month and day.
fn iso_prefix(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1990..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    if b.get(10).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Meta names (lower-case) that carry a publication date, in order of trust.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "og:published_time",
    "originalpublicationdate",
];

/// Meta names that carry an author name.
const AUTHOR_META: &[&str] = &[
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
    "byl",
];

const OUTLET_META: &[&str] =
    &["og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site"];

/// Collects `<meta>` key/value pairs (`name`, `property`, `itemprop`, `http-equiv`), keys lower-cased.
fn metas(dom: &Dom<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, node) in dom.nodes.iter().enumerate() {
        if node.name() != "meta" {
            continue;
        }
        let Some(content) = node.attr("content") else {
            continue;
        };
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        for key in ["property", "name", "itemprop", "http-equiv"] {
            // Microdata in teasers and comments describes other items.
            if key == "itemprop" && item_in_foreign_region(dom, i) {
                continue;
            }
            if let Some(k) = node.attr(key) {
                // `property` may hold several space-separated names.
                for part in k.split_ascii_whitespace() {
                    out.push((part.to_ascii_lowercase(), content.to_string()));
                }
            }
        }
    }
    out
}

fn meta_get<'m>(metas: &'m [(String, String)], key: &str) -> Option<&'m str> {
    metas.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn looks_like_url(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    l.starts_with("http:") || l.starts_with("https:") || l.starts_with("www.") || l.starts_with('/')
}

/// Cleans a byline into names; empty when it does not look like names.
fn clean_authors(raw: &str, outlet: Option<&str>) -> Vec<String> {
    let mut s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let lower = s.to_lowercase();
        let Some(p) = super::vocab::AUTHOR_PREFIXES.iter().find(|p| lower.starts_with(**p)) else {
            break;
        };
        // Prefixes are ASCII, so their length is a char boundary in `s` as well.
        s = s.get(p.len()..).unwrap_or("").trim().to_string();
    }
    // A trailing outlet or role ("Jane Doe | Reuters", "Jane Doe, dpa").
    for sep in [" | ", " - ", " – ", " — "] {
        if let Some(pos) = s.find(sep) {
            s.truncate(pos);
        }
    }
    let mut names = Vec::new();
    for part in s.split([',', ';', '&', '/']).flat_map(|p| p.split(" and ")).flat_map(|p| p.split(" und ")) {
        let name = part.trim().trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        if name.is_empty() {
            continue;
        }
        if let Some(o) = outlet {
            if name.eq_ignore_ascii_case(o) {
                continue;
            }
        }
        if !looks_like_name(name) {
            continue;
        }
        if !names.iter().any(|n: &String| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

/// One to six words, letters only (plus `.`, `-`, `'`), no digits, no URL, not all lower case.
fn looks_like_name(s: &str) -> bool {
    if s.len() > 60 || looks_like_url(s) || s.contains('@') {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    if words.iter().flat_map(|w| w.split('-')).any(|w| {
        let l = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        super::vocab::NON_NAME_WORDS.contains(&l.as_str())
    }) {
        return false;
    }
    if !s.chars().all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '.' | '-' | '\'' | '’')) {
        return false;
    }
    // Every word starts with a capital (or a letter without case, as in CJK scripts),
    // except name particles ("Ursula von der Leyen").
    let is_particle = |w: &str| super::vocab::NAME_PARTICLES.contains(&w);
    words.iter().all(|w| {
        is_particle(w)
            || w.chars().next().is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()))
    }) && !words.iter().all(|w| is_particle(&w.to_lowercase()))
}

/// Splits a `<title>` into parts at site separators.
fn title_parts(t: &str) -> Vec<String> {
    let mut parts = vec![t.to_string()];
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " // "] {
        parts =
            parts.into_iter().flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>()).collect();
    }
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Normalised forms of the site's name: the outlet, and the URL host without `www.`
/// (all labels joined, and the label before the public suffix).
fn site_names(outlet: Option<&str>, url: Option<&str>) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(o) = outlet {
        let n = norm(o);
        if !n.is_empty() {
            names.push(n);
        }
    }
    if let Some(u) = url {
        let host = u.split("://").nth(1).unwrap_or("").split(['/', '?', '#', ':']).next().unwrap_or("");
        let host = host.strip_prefix("www.").unwrap_or(host).to_ascii_lowercase();
        let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
        if labels.len() >= 2 {
            names.push(norm(&labels.join("")));
            if let Some(main) = labels.get(labels.len() - 2) {
                if main.len() >= 4 {
                    names.push(norm(main));
                }
            }
        }
    }
    names
}

/// Whether a title part names the site: equal to a site name, a piece of it, or the
/// site name with a few characters more ("Hummeln.de").
fn is_site_part(part: &str, sites: &[String]) -> bool {
    let n = norm(part);
    !n.is_empty()
        && sites.iter().any(|s| {
            n == *s
                || (n.len() >= 4 && s.contains(&n))
                || (s.len() >= 4 && n.contains(s.as_str()) && n.len() <= s.len() + 8)
        })
}

/// Removes site names before, after or between title parts.
fn strip_site(title: &str, sites: &[String]) -> String {
    let parts = title_parts(title);
    if parts.len() < 2 {
        return title.trim().to_string();
    }
    let site: Vec<bool> = parts.iter().map(|p| is_site_part(p, sites)).collect();
    let mut kept: Vec<&String> = Vec::new();
    if site.iter().any(|&x| x) {
        // The first run of non-site parts is the title.
        let start = site.iter().position(|&x| !x).unwrap_or(parts.len());
        let end = site.iter().skip(start).position(|&x| x).map(|e| start + e).unwrap_or(parts.len());
        kept.extend(parts.get(start..end).unwrap_or(&[]));
    } else {
        // No part names the site: keep everything ("Storm hits – Until Now" is a title);
        // the consensus with og:title/<h1> removes an unknown suffix.
        kept.extend(parts.iter());
    }
    if kept.is_empty() {
        return title.trim().to_string();
    }
    // Rejoin what remains with the original text between the kept parts.
    let first = kept[0].as_str();
    let last = kept[kept.len() - 1].as_str();
    match (title.find(first), title.rfind(last)) {
        (Some(a), Some(b)) if b + last.len() >= a => {
            title.get(a..b + last.len()).unwrap_or(first).trim().to_string()
        }
        _ => first.to_string(),
    }
}

/// Resolves `href` against `base` for the common cases (absolute, protocol-relative, root-relative).
fn resolve(href: &str, base: Option<&str>) -> Option<String> {
    let h = href.trim();
    if h.is_empty() || h.len() > 4096 {
        return None;
    }
    let lower = h.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(h.to_string());
    }
    let base = base?;
    let scheme_end = base.find("://")?;
    if let Some(rest) = h.strip_prefix("//") {
        return Some(format!("{}//{}", &base[..scheme_end + 1], rest));
    }
    if h.starts_with('/') {
        let host_end = base[scheme_end + 3..].find('/').map(|i| scheme_end + 3 + i).unwrap_or(base.len());
        return Some(format!("{}{}", &base[..host_end], h));
    }
    None
}

/// Reads all metadata of a parsed page.
pub fn read_meta(dom: &Dom<'_>, url: Option<&str>) -> (PageMeta, Option<String>) {
    let metas = metas(dom);
    let ld = read_json_ld(dom);
    let ends = dom.subtree_ends();
    let mut meta = PageMeta::default();

    // Language.
    for node in &dom.nodes {
        if node.name() == "html" {
            if let Some(l) = node.attr("lang").or_else(|| node.attr("xml:lang")) {
                let l = l.trim();
                if !l.is_empty() && l.len() <= 35 {
                    meta.declared_language = Some(l.to_string());
                }
            }
            break;
        }
    }
    if meta.declared_language.is_none() {
        if let Some(l) = meta_get(&metas, "content-language").or_else(|| meta_get(&metas, "language")) {
            let l = l.split(',').next().unwrap_or("").trim();
            if !l.is_empty() && l.len() <= 35 {
                meta.declared_language = Some(l.to_string());
            }
        }
    }

    // Outlet.
    meta.outlet = OUTLET_META
        .iter()
        .filter(|k| **k != "twitter:site")
        .find_map(|k| meta_get(&metas, k))
        .map(str::to_string)
        .filter(|s| !looks_like_url(s))
        .or_else(|| ld.publisher.clone());

    // Canonical URL.
    for node in &dom.nodes {
        if node.name() == "link"
            && node
                .attr("rel")
                .is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("canonical")))
        {
            if let Some(h) = node.attr("href").and_then(|h| resolve(h, url)) {
                meta.canonical_url = Some(h);
                break;
            }
        }
    }
    if meta.canonical_url.is_none() {
        meta.canonical_url = meta_get(&metas, "og:url").and_then(|h| resolve(h, url));
    }

    // Title: the candidate most others agree with.
    let mut h1 = None;
    let mut h1_index = None;
    let mut byline_texts = Vec::new();
    let mut rel_authors = Vec::new();
    let mut item_date: Option<String> = None;
    let mut time_date: Option<String> = None;
    for (i, node) in dom.nodes.iter().enumerate() {
        let NodeData::Element { name, .. } = &node.data else {
            continue;
        };
        let name: &str = name;
        if name == "h1" && h1.is_none() && !in_foreign_region(dom, i) && !is_hidden(dom, i) {
            let t = dom.text_of(i, &ends);
            if !t.is_empty() && t.len() < 400 {
                h1 = Some(t);
                h1_index = Some(i);
            }
        }
        if let Some(ip) = node.attr("itemprop") {
            let ip = ip.to_ascii_lowercase();
            if ip.split_ascii_whitespace().any(|t| t == "datepublished")
                && item_date.is_none()
                && !item_in_foreign_region(dom, i)
            {
                item_date = node.attr("datetime").or_else(|| node.attr("content")).map(str::to_string);
            }
            if ip.split_ascii_whitespace().any(|t| t == "author")
                && rel_authors.len() < 3
                && !item_in_foreign_region(dom, i)
            {
                let t = dom.text_of(i, &ends);
                if !t.is_empty() {
                    rel_authors.push(t);
                }
            }
        }
        if name == "a"
            && node
                .attr("rel")
                .is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("author")))
            && rel_authors.len() < 3
            && !in_foreign_region(dom, i)
        {
            let t = dom.text_of(i, &ends);
            if !t.is_empty() {
                rel_authors.push(t);
            }
        }
        if name == "time" && time_date.is_none() {
            if let Some(dt) = node.attr("datetime") {
                if in_article_header(dom, i) || node.attr("pubdate").is_some() {
                    time_date = Some(dt.to_string());
                }
            }
        }
        if byline_texts.len() < 5 {
            if let Some(class) = node.attr("class") {
                let c = class.to_ascii_lowercase();
                let is_byline = c.split_ascii_whitespace().any(|t| {
                    super::vocab::BYLINE_CLASS_HINTS.iter().any(|h| t.contains(h))
                        && !super::vocab::BYLINE_CLASS_EXCLUDE.iter().any(|x| t.contains(x))
                });
                if is_byline && !in_foreign_region(dom, i) {
                    let t = dom.text_of(i, &ends);
                    if !t.is_empty() && t.len() < 120 {
                        byline_texts.push(t);
                    }
                }
            }
        }
    }
    let title_tag = dom.title.as_deref().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let og = meta_get(&metas, "og:title").map(str::to_string);
    let tw = meta_get(&metas, "twitter:title").map(str::to_string);
    let outlet = meta.outlet.clone();
    let sites = site_names(outlet.as_deref(), url.or(meta.canonical_url.as_deref()));
    // Priority when nothing agrees: structured data, the first <h1>, the title tag.
    // An <h1> that is only the site's name (a logo) was dropped as a site part.
    let candidates: Vec<String> = [ld.headline.clone(), og, h1.clone(), title_tag.clone(), tw]
        .into_iter()
        .flatten()
        .map(|t| strip_site(&t, &sites))
        .filter(|t| !t.is_empty() && !is_site_part(t, &sites))
        .collect();
    let mut best: Option<(usize, usize)> = None; // (support, index)
    for (i, c) in candidates.iter().enumerate() {
        let n = norm(c);
        if n.is_empty() {
            continue;
        }
        let support = candidates
            .iter()
            .enumerate()
            .filter(|(j, o)| {
                *j != i && {
                    let on = norm(o);
                    on == n || (on.contains(&n) && n.len() * 2 > on.len())
                }
            })
            .count();
        if best.is_none_or(|(s, _)| support > s) {
            best = Some((support, i));
        }
    }
    meta.title = best.and_then(|(_, i)| candidates.get(i).cloned());

    // Authors.
    let mut authors = Vec::new();
    for a in &ld.authors {
        authors.extend(clean_authors(a, outlet.as_deref()));
    }
    if authors.is_empty() {
        for key in AUTHOR_META {
            for (k, v) in &metas {
                if k == key && !looks_like_url(v) {
                    authors.extend(clean_authors(v, outlet.as_deref()));
                }
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    if authors.is_empty() {
        for t in &rel_authors {
            authors.extend(clean_authors(t, outlet.as_deref()));
        }
    }
    if authors.is_empty() {
        for t in &byline_texts {
            authors.extend(clean_authors(t, outlet.as_deref()));
            if !authors.is_empty() {
                break;
            }
        }
    }
    // The outlet or site named as author is not a person; a news agency after a person's
    // name ("Jane Doe, Reuters") is the source, not a second author.
    authors.retain(|a| !is_site_part(a, &sites));
    let is_agency = |a: &String| super::vocab::NEWS_AGENCIES.iter().any(|x| a.eq_ignore_ascii_case(x));
    if authors.iter().any(|a| !is_agency(a)) {
        authors.retain(|a| !is_agency(a));
    }
    let mut seen = Vec::new();
    authors.retain(|a| {
        let n = norm(a);
        if seen.contains(&n) {
            false
        } else {
            seen.push(n);
            true
        }
    });
    authors.truncate(10);
    meta.authors = authors;

    // Publication date, most trusted source first.
    let mut published =
        ld.date_published.as_deref().and_then(date_value).map(|v| (v, "json-ld:datePublished".to_string()));
    if published.is_none() {
        for key in DATE_META {
            if let Some(v) = meta_get(&metas, key).and_then(date_value) {
                published = Some((v, format!("meta:{key}")));
                break;
            }
        }
    }
    if published.is_none() {
        published =
            item_date.as_deref().and_then(date_value).map(|v| (v, "itemprop:datePublished".to_string()));
    }
    if published.is_none() {
        published = time_date.as_deref().and_then(date_value).map(|v| (v, "time[datetime]".to_string()));
    }
    if published.is_none() {
        published = visible_date(dom, &ends, h1_index);
    }
    if published.is_none() {
        published = ld
            .other_date
            .as_deref()
            .and_then(date_value)
            .map(|v| (v, "json-ld:WebPage.datePublished".to_string()));
    }
    if published.is_none() {
        let u = url.or(meta.canonical_url.as_deref());
        if let Some(u) = u {
            published = crate::dates::date_from_url(u).map(|v| (v, "url".to_string()));
        }
    }
    meta.published = published.map(|(value, evidence)| Published { value, evidence });
    (meta, ld.article_body)
}

/// Class/id substrings (lower-case) of elements that show the article's date.
const DATE_CLASS_HINTS: &[&str] = &[
    "date",
    "datum",
    "time",
    "zeit",
    "publish",
    "veroeffentlicht",
    "stand",
    "meta",
    "byline",
    "dateline",
    "posted",
    "updated",
];

/// Class/id substrings that say an element's date is a later change.
const MODIFIED_CLASS_HINTS: &[&str] = &["updat", "modif", "aktualis", "geaendert", "revis"];

/// Class/id substrings that say an element's date is the publication date.
const PUBLISHED_CLASS_HINTS: &[&str] = &["publish", "posted", "pubdate", "veroeffentlicht", "created"];

/// Longest element text read as a date line.
const DATE_LINE_MAX: usize = 160;

/// How far (in characters of page text) a visible date may stand before the headline,
/// and after it: header lines, not the body.
const DATE_BEFORE_H1: usize = 800;
const DATE_AFTER_H1: usize = 1500;
/// Without a headline: how far into the page text a date may stand.
const DATE_WITHOUT_H1: usize = 2500;

/// One visible date: where it was found, its value, its role.
struct VisibleDate {
    node: usize,
    value: String,
    role: crate::dates::DateRole,
    evidence: String,
}

/// The date the page shows near its headline: `<time>` elements (their `datetime` or
/// text), elements whose class or id speaks of dates or meta lines, and lines that start
/// with a date label ("Published", "Stand:"). Published dates win over unlabelled ones,
/// and those over modified ones; an unlabelled date after the headline (the byline) wins
/// over one before it (possibly today's date in the site's top bar).
fn visible_date(dom: &Dom<'_>, ends: &[u32], h1: Option<usize>) -> Option<(String, String)> {
    use crate::dates::{find_dates, DateRole};
    // Characters of text before each node, to measure distance from the headline.
    let mut text_before = Vec::with_capacity(dom.nodes.len());
    let mut total = 0usize;
    for node in &dom.nodes {
        text_before.push(total);
        if let Some(t) = node.text() {
            total += t.trim().len();
        }
    }
    let pos = |i: usize| text_before.get(i).copied().unwrap_or(usize::MAX);
    let near = |i: usize| match h1 {
        Some(h) => pos(i) + DATE_BEFORE_H1 >= pos(h) && pos(i) <= pos(h).saturating_add(DATE_AFTER_H1),
        None => pos(i) <= DATE_WITHOUT_H1 || in_article_header(dom, i),
    };
    let class_role = |c: &str| {
        if MODIFIED_CLASS_HINTS.iter().any(|h| c.contains(h)) {
            Some(DateRole::Modified)
        } else if PUBLISHED_CLASS_HINTS.iter().any(|h| c.contains(h)) {
            Some(DateRole::Published)
        } else {
            None
        }
    };
    let mut found: Vec<VisibleDate> = Vec::new();
    let push = |node: usize, text: &str, class: &str, evidence: String, found: &mut Vec<VisibleDate>| {
        for d in find_dates(text) {
            let role = match (d.role, class_role(class)) {
                (DateRole::Unknown, Some(r)) => r,
                (r, _) => r,
            };
            found.push(VisibleDate { node, value: d.value, role, evidence: evidence.clone() });
        }
    };
    for (i, node) in dom.nodes.iter().enumerate() {
        if found.len() >= 20 {
            break;
        }
        if let Some(t) = node.text() {
            // A line that starts with a date label: read it with its parents up to a
            // short line that holds the date ("<div>Last updated:</div><div>Dec 12, 2025</div>").
            let lower = t.trim_start().to_lowercase();
            let labelled = crate::dates::PUBLISHED_LABELS
                .iter()
                .chain(crate::dates::MODIFIED_LABELS)
                .chain(["last updated", "date:", "datum:"].iter())
                .any(|l| lower.starts_with(l));
            if !labelled || !near(i) || in_foreign_region(dom, i) {
                continue;
            }
            let mut p = node.parent;
            for _ in 0..3 {
                if p == NONE {
                    break;
                }
                let text = dom.text_of(p as usize, ends);
                if text.len() > DATE_LINE_MAX {
                    break;
                }
                if !find_dates(&text).is_empty() {
                    push(i, &text, "", "visible:label".to_string(), &mut found);
                    break;
                }
                p = dom.nodes.get(p as usize).map_or(NONE, |n| n.parent);
            }
            continue;
        }
        let name = node.name();
        let class = [node.attr("class"), node.attr("id")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        let hint = if name == "time" {
            Some("time".to_string())
        } else {
            class
                .split_ascii_whitespace()
                .find(|t| DATE_CLASS_HINTS.iter().any(|h| t.contains(h)))
                .map(|t| format!(".{t}"))
        };
        let Some(hint) = hint else {
            continue;
        };
        if !near(i) || in_foreign_region(dom, i) || is_hidden(dom, i) {
            continue;
        }
        if name == "time" {
            if let Some(v) = node.attr("datetime").and_then(date_value) {
                let role = class_role(&class).unwrap_or(DateRole::Unknown);
                found.push(VisibleDate { node: i, value: v, role, evidence: "visible:time".into() });
                continue;
            }
        }
        let text = dom.text_of(i, ends);
        if text.len() > DATE_LINE_MAX {
            continue;
        }
        // The label may sit in a parent ("<span>Last updated</span> <span class=date>…"):
        // read the widest enclosing line that is still short.
        let (mut line, mut line_class) = (text, class.clone());
        let mut p = node.parent;
        for _ in 0..2 {
            let Some(parent) = dom.nodes.get(p as usize) else {
                break;
            };
            let t = dom.text_of(p as usize, ends);
            if t.len() > DATE_LINE_MAX || find_dates(&t).len() > find_dates(&line).len() {
                break;
            }
            line = t;
            for c in [parent.attr("class"), parent.attr("id")].into_iter().flatten() {
                line_class.push(' ');
                line_class.push_str(&c.to_ascii_lowercase());
            }
            p = parent.parent;
        }
        push(i, &line, &line_class, format!("visible:{hint}"), &mut found);
    }
    let after_h1 = |v: &VisibleDate| h1.is_none_or(|h| v.node > h);
    let pick = found
        .iter()
        .find(|v| v.role == DateRole::Published)
        .or_else(|| found.iter().find(|v| v.role == DateRole::Unknown && after_h1(v)))
        .or_else(|| found.iter().find(|v| v.role == DateRole::Unknown))
        .or_else(|| found.iter().find(|v| v.role == DateRole::Modified && false))?;
    // Date only: a local time shown without offset cannot be placed on the timeline.
    let value = pick.value.get(..10).unwrap_or(&pick.value).to_string();
    Some((value, pick.evidence.clone()))
}

/// Whether node `idx` lies in a region that speaks about other content (comments,
/// related lists, sidebars, footers), where bylines and dates belong to someone else.
fn in_foreign_region(dom: &Dom<'_>, idx: usize) -> bool {
    let mut node = idx as u32;
    let mut steps = 0;
    while node != NONE && steps < 64 {
        let Some(n) = dom.nodes.get(node as usize) else {
            return false;
        };
        if matches!(n.name(), "aside" | "footer" | "nav") {
            return true;
        }
        for attr in ["class", "id"] {
            if let Some(c) = n.attr(attr) {
                let c = c.to_ascii_lowercase();
                if super::vocab::FOREIGN_REGION_HINTS.iter().any(|k| c.contains(k)) {
                    return true;
                }
            }
        }
        node = n.parent;
        steps += 1;
    }
    false
}

/// For microdata: whether the item that property `idx` belongs to (its nearest
/// `itemscope` ancestor) lies in a foreign region. Regions inside the item (a date in the
/// article's "footer" line) do not count.
fn item_in_foreign_region(dom: &Dom<'_>, idx: usize) -> bool {
    let mut node = idx as u32;
    let mut steps = 0;
    while node != NONE && steps < 64 {
        let Some(n) = dom.nodes.get(node as usize) else {
            break;
        };
        if n.attr("itemscope").is_some() {
            return in_foreign_region(dom, node as usize);
        }
        node = n.parent;
        steps += 1;
    }
    in_foreign_region(dom, idx)
}

/// Whether node `idx` or an ancestor is hidden from readers (`hidden`, `aria-hidden`,
/// a hiding class such as `visually-hidden`): screen-reader headings are not titles.
fn is_hidden(dom: &Dom<'_>, idx: usize) -> bool {
    let mut node = idx as u32;
    let mut steps = 0;
    while node != NONE && steps < 64 {
        let Some(n) = dom.nodes.get(node as usize) else {
            return false;
        };
        if n.attr("hidden").is_some() || n.attr("aria-hidden") == Some("true") {
            return true;
        }
        if n.attr("class").is_some_and(|c| {
            c.split_ascii_whitespace()
                .any(|t| super::vocab::HIDDEN_TOKENS.iter().any(|h| t.eq_ignore_ascii_case(h)))
        }) {
            return true;
        }
        node = n.parent;
        steps += 1;
    }
    false
}

/// Whether a `<time>` sits in the article's header area: inside `<article>` or `<main>`,
/// or in an element whose class speaks of bylines or meta lines, and not in a region
/// about other content. A page-wide `<header>` (often showing today's date) is not enough.
fn in_article_header(dom: &Dom<'_>, idx: usize) -> bool {
    if in_foreign_region(dom, idx) {
        return false;
    }
    let mut node = dom.nodes.get(idx).map(|n| n.parent).unwrap_or(NONE);
    let mut steps = 0;
    while node != NONE && steps < 64 {
        let Some(n) = dom.nodes.get(node as usize) else {
            return false;
        };
        match n.name() {
            "article" | "main" => return true,
            "li" | "body" => return false,
            _ => {}
        }
        if let Some(c) = n.attr("class") {
            let c = c.to_ascii_lowercase();
            if super::vocab::ARTICLE_META_HINTS.iter().any(|k| c.contains(k)) {
                return true;
            }
        }
        node = n.parent;
        steps += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_prefix_is_strict() {
        assert_eq!(iso_prefix("2025-08-15T10:00:00+02:00"), Some("2025-08-15".into()));
        assert_eq!(iso_prefix("2025-13-15"), None);
        assert_eq!(iso_prefix("12345-01-01"), None);
        assert_eq!(iso_prefix("2025-08-151"), None);
        assert_eq!(iso_prefix("0800-12-12"), None);
    }

    #[test]
    fn author_cleaning() {
        assert_eq!(clean_authors("Von Anna Müller und Ben Kraus", None), vec!["Anna Müller", "Ben Kraus"]);
        assert_eq!(clean_authors("By Jane Doe | Reuters", None), vec!["Jane Doe"]);
        assert!(clean_authors("https://example.com/author/jane", None).is_empty());
        assert!(clean_authors("Updated 12:30 PM", None).is_empty());
        assert_eq!(clean_authors("Post author By Helge Fahrnberger", None), vec!["Helge Fahrnberger"]);
        assert!(clean_authors("Max Mustermann sagt", None).is_empty());
        assert_eq!(clean_authors("Von Ursula von der Leyen", None), vec!["Ursula von der Leyen"]);
        assert!(clean_authors("deinen Hochzeitsbloggern", None).is_empty());
        assert!(clean_authors("Text", None).is_empty());
        assert!(clean_authors("Von", None).is_empty());
        assert!(clean_authors("Steven Salentin Mitglied der News-Redaktion", None).is_empty());
        assert_eq!(clean_authors("Grant Tinsley, PhD", None), vec!["Grant Tinsley"]);
        assert!(clean_authors("Web Commerce GmbH", None).is_empty());
        assert_eq!(clean_authors("蔡健雅", None), vec!["蔡健雅"]);
    }

    #[test]
    fn site_suffix() {
        let planet = site_names(Some("Daily Planet"), None);
        assert_eq!(strip_site("Big news today in town | Daily Planet", &planet), "Big news today in town");
        assert_eq!(strip_site("Daily Planet - Big news", &planet), "Big news");
        assert_eq!(strip_site("A - B", &[]), "A - B");
        assert_eq!(
            strip_site("Storm hits the northern coast hard - Until Now", &[]),
            "Storm hits the northern coast hard - Until Now"
        );
        let host = site_names(None, Some("https://www.aoc.media/x"));
        assert_eq!(
            strip_site("Pour le néolibéralisme, la retraite | AOC media", &host),
            "Pour le néolibéralisme, la retraite"
        );
        let sites = site_names(Some("AOC media - Analyse Opinion Critique"), None);
        assert_eq!(
            strip_site("Pour la retraite | AOC media - Analyse Opinion Critique", &sites),
            "Pour la retraite"
        );
        let sites = site_names(None, Some("https://chadim.net/x"));
        assert_eq!(strip_site("der Schreibstil - chadim.net - Webdesign", &sites), "der Schreibstil");
        let sites = site_names(Some("Hummeln"), None);
        assert_eq!(strip_site("Tote Hummeln unter Linden | Hummeln", &sites), "Tote Hummeln unter Linden");
        assert!(!is_site_part("Tote Hummeln unter Linden", &sites));
    }

    #[test]
    fn resolves_relative_canonical() {
        assert_eq!(resolve("/a/b", Some("https://x.org/c/d")), Some("https://x.org/a/b".into()));
        assert_eq!(resolve("//x.org/a", Some("https://y.org/")), Some("https://x.org/a".into()));
        assert_eq!(resolve("rel", Some("https://y.org/")), None);
    }
}
