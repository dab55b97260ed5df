//! Page metadata: title, authors, outlet, publication date, canonical URL, language.
//!
//! Rule: never wrong rather than always filled. Structured sources come first
//! (JSON-LD, `<meta>`, `<link>`, `<time datetime>`, microdata, byline elements, the
//! URL). Where they are silent, the header area around the headline is read the way a
//! reader would: the visible date line (`<time>` text, date/meta classes, "Stand:",
//! "Published …") and the byline ("Von … und …", "Written by", author links). Text far
//! from the headline, scripts, comments, copyright lines and legal references are never
//! read for dates, so code, phone numbers and "§ 5 Abs. 2" cannot become a date.
//!
//! Titles prefer the visible `<h1>` (what readers see) over SEO titles unless it is
//! unrelated to them; authors must look like personal names (organisations, agencies,
//! role words and the outlet itself are dropped).

use serde_json::Value;
use wirewatch_model::Published;

use super::dom::{Dom, NodeData, NONE};
use super::hint_set::hint_set;
use super::HtmlArticle;

/// What the JSON-LD blocks of a page say.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    /// Of `authors`, those given as explicit `Person` objects.
    person_authors: Vec<String>,
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
        // Some CMSs put HTML-escaped text into JSON-LD ("&amp;", "&#8217;").
        Value::String(s) => {
            Some(super::dom::decode_entities(s.trim()).trim().to_string()).filter(|s| !s.is_empty())
        }
        Value::Object(o) => o.get("name").and_then(str_of),
        Value::Array(a) => a.iter().find_map(str_of),
        _ => None,
    }
}

/// Author names from a JSON-LD `author` value; `persons` resolves `{"@id": …}` references
/// to Person nodes elsewhere in the graph. Names of explicit `Person` objects are also
/// added to `typed_persons`.
fn names_of(v: &Value, persons: &[(String, String)], out: &mut Vec<String>, typed_persons: &mut Vec<String>) {
    let mut push_one = |x: &Value| match x {
        Value::String(s) => out.push(super::dom::decode_entities(s.trim()).into_owned()),
        Value::Object(o) => {
            let types = types_of(o);
            let is_org = types.iter().any(|t| t == "organization" || t == "newsmediaorganization");
            if is_org {
                return;
            }
            let name = o.get("name").and_then(str_of).or_else(|| {
                let id = o.get("@id").and_then(Value::as_str)?;
                persons.iter().find(|(pid, _)| pid == id).map(|(_, n)| n.clone())
            });
            if let Some(n) = name {
                let by_reference = o.get("name").is_none();
                if by_reference || types.iter().any(|t| t == "person") {
                    typed_persons.push(n.clone());
                }
                out.push(n);
            }
        }
        _ => {}
    };
    match v {
        Value::Array(a) => a.iter().take(20).for_each(push_one),
        other => push_one(other),
    }
}

/// `@id` → name of every `Person` node in a JSON-LD document (a Yoast `@graph` keeps the
/// author there and refers to it by id).
fn person_nodes(root: &Value) -> Vec<(String, String)> {
    let mut persons = Vec::new();
    let mut stack: Vec<&Value> = vec![root];
    let mut visited = 0;
    while let Some(v) = stack.pop() {
        visited += 1;
        if visited > 2000 || persons.len() >= 50 {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => {
                if types_of(o).iter().any(|t| t == "person") {
                    if let (Some(id), Some(name)) =
                        (o.get("@id").and_then(Value::as_str), o.get("name").and_then(str_of))
                    {
                        persons.push((id.to_string(), name));
                    }
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
            }
            _ => {}
        }
    }
    persons
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
        let persons = person_nodes(&root);
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
                                names_of(a, &persons, &mut ld.authors, &mut ld.person_authors);
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
    // Scholarly pages (Google Scholar's tags).
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
];

/// RDFa properties (on elements other than `<meta>`) that carry the publication date.
const RDFA_DATE_PROPERTIES: &[&str] = &[
    "dc:date",
    "dc:created",
    "dc:issued",
    "dcterms:created",
    "dcterms:issued",
    "schema:datepublished",
    "datepublished",
    "article:published_time",
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
            let Some(k) = node.attr(key) else {
                continue;
            };
            // Microdata in teasers and comments describes other items.
            if key == "itemprop" && item_in_foreign_region(dom, i) {
                continue;
            }
            // `property` may hold several space-separated names.
            for part in k.split_ascii_whitespace() {
                out.push((part.to_ascii_lowercase(), content.to_string()));
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
    let mut s = colon_lead_in_as_space(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
    loop {
        let lower = s.to_lowercase();
        // The longest lead-in wins ("von unserem Korrespondenten " over "von ").
        let Some(p) =
            super::vocab::AUTHOR_PREFIXES.iter().filter(|p| lower.starts_with(**p)).max_by_key(|p| p.len())
        else {
            break;
        };
        // Prefixes are ASCII, so their length is a char boundary in `s` as well.
        s = s.get(p.len()..).unwrap_or("").trim().to_string();
    }
    // A closing aside in brackets is a handle or the outlet ("Jean-Luc Aufranc (CNXSoft)").
    if s.ends_with(')') {
        if let Some(open) = s.rfind(" (") {
            s.truncate(open);
        }
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
        // A job title ends the name ("Rasmus Barslund Founder"); one in front of it
        // means the part is a role, not a name ("Korrespondent in Berlin").
        let is_role = |w: &str| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase();
            super::vocab::ROLE_WORDS.contains(&w.as_str())
        };
        let name = match name.split_whitespace().position(is_role) {
            Some(0 | 1) => continue,
            Some(n) => {
                // Byte offset of the role word: words are subslices of `name`.
                let end = name
                    .split_whitespace()
                    .nth(n)
                    .map_or(name.len(), |w| (w.as_ptr() as usize).saturating_sub(name.as_ptr() as usize));
                name.get(..end).unwrap_or(name).trim_end_matches([' ', ',', '-'])
            }
            None => name,
        };
        if let Some(o) = outlet {
            if name.eq_ignore_ascii_case(o) {
                continue;
            }
        }
        if !looks_like_name(name) {
            continue;
        }
        // An agency after the name is the source ("ERIC TUCKER Associated Press").
        let lower_name = name.to_lowercase();
        let name = super::vocab::NEWS_AGENCIES
            .iter()
            .filter(|a| a.contains(' ') || a.len() >= 5)
            .find_map(|a| {
                let cut = lower_name.strip_suffix(a)?.strip_suffix(' ')?.len();
                // Lower-casing may change byte lengths; only cut where both agree.
                (lower_name.len() == name.len()).then(|| name.get(..cut)).flatten()
            })
            .map(|n| n.trim_end_matches([' ', ',', '-']))
            .filter(|n| !n.is_empty())
            .unwrap_or(name);
        // A news agency is the source, not an author ("dpa", "AP National Political Writer").
        let first_word = name.split_whitespace().next().unwrap_or("");
        // A first word counts when written as an acronym ("AP", but "Sid Meier" is a name).
        let agency_word = first_word.chars().all(|c| !c.is_lowercase()) || first_word.len() >= 5;
        if super::vocab::NEWS_AGENCIES
            .iter()
            .any(|a| a.eq_ignore_ascii_case(name) || (agency_word && a.eq_ignore_ascii_case(first_word)))
        {
            // What follows an agency is its dateline ("Reuters, Washington").
            break;
        }
        // All capitals: one word is an acronym or a label ("ADVERTISEMENT"); several words
        // are a name set in capitals ("STEVE PEOPLES"), written as a name.
        let name = if name.chars().any(char::is_lowercase) || !name.chars().any(char::is_uppercase) {
            name.to_string()
        } else if name.split_whitespace().count() >= 2 {
            title_case(name)
        } else {
            continue;
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// A byline lead-in written with a colon ("by: Ziyi Xu", "Von: Anna Müller") as the
/// lead-in with a space, so that one list of lead-ins serves both spellings.
/// In layout text only one-word lead-ins are taken so ("Written by: A B Edited by: C"
/// reads badly as one line); in an author field's value, any.
fn colon_lead_in_as_space(text: &str) -> String {
    lead_in_colon(text, false)
}

/// [`colon_lead_in_as_space`]; `any_lead_in` also takes lead-ins of several words.
fn lead_in_colon(text: &str, any_lead_in: bool) -> String {
    let Some((first, rest)) = text.split_once(':') else {
        return text.to_string();
    };
    let lead_in = format!("{} ", first.trim().to_lowercase());
    if (any_lead_in || !first.trim().contains(' ')) && lead_ins().any(|p| p == lead_in) {
        format!("{} {}", first.trim(), rest.trim_start())
    } else {
        text.to_string()
    }
}

/// Byline lead-ins beyond the shared list, seen before author fields' values.
const EXTRA_LEAD_INS: &[&str] = &["text by ", "authored by ", "article by ", "words by ", "story by "];

/// Every byline lead-in (lower-case, with its trailing space).
fn lead_ins() -> impl Iterator<Item = &'static str> {
    super::vocab::AUTHOR_PREFIXES.iter().chain(EXTRA_LEAD_INS).copied()
}

/// Where a page credits an author that is not a personal name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Credit {
    /// A JSON-LD author or an author link: credited on purpose.
    Explicit,
    /// `<meta name=author>` and its kin, which CMSs fill with defaults.
    Field,
    /// The text of a byline element.
    Layout,
}

/// Whether a byline element's text may name an author as it stands: not a line with a
/// role or place after a comma ("Reuters, Washington"), not words that are all labels
/// or roles ("Redaktion", "Read more"), not two things joined by "&".
fn layout_credit_names_someone(text: &str) -> bool {
    let generic = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        super::vocab::NON_NAME_WORDS.contains(&w.as_str()) || super::vocab::ROLE_WORDS.contains(&w.as_str())
    };
    // "&" joins categories or two names ("Wellness & Prevention").
    !text.contains([',', '&']) && !text.split_whitespace().all(generic)
}

/// Author-field values that name nobody.
const PLACEHOLDER_AUTHORS: &[&str] =
    &["admin", "administrator", "anonymous", "unknown", "undefined", "null", "none", "n/a", "user", "guest"];

/// An author field's value taken as the page states it, for pages that name no person:
/// lead-ins ("By ") and a trailing outlet ("… | Site") are cut; URLs, e-mail addresses,
/// digits, news agencies (the source, not an author), placeholders ("admin") and
/// anything longer than a short name are refused.
fn declared_author(raw: &str) -> Option<String> {
    let mut s = lead_in_colon(&raw.split_whitespace().collect::<Vec<_>>().join(" "), true);
    loop {
        let lower = s.to_lowercase();
        let Some(p) = lead_ins().filter(|p| lower.starts_with(*p)).max_by_key(|p| p.len()) else {
            break;
        };
        // Lower-casing may change byte lengths: a cut off a char boundary leaves nothing.
        s = s.get(p.len()..).unwrap_or("").trim().to_string();
    }
    for sep in [" | ", " - ", " – ", " — "] {
        if let Some(pos) = s.find(sep) {
            s.truncate(pos);
        }
    }
    // An unfilled template key ("{{author}}", "${author}").
    let template = s.contains(['{', '}', '$']);
    let name = s.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let lower = name.to_lowercase();
    // A lead-in standing alone ("Written By") names nobody.
    let label_alone = BYLINE_LABELS.iter().any(|l| l.trim_end_matches(':') == lower)
        || lead_ins().any(|p| p.trim_end() == lower);
    let refused = template
        || label_alone
        // Initials in an avatar ("CM").
        || name.chars().count() <= 2
        || name.len() > 50
        || name.split_whitespace().count() > 5
        || looks_like_url(&name)
        || name.contains('@')
        || name.chars().any(|c| c.is_ascii_digit() || c.is_control())
        || PLACEHOLDER_AUTHORS.contains(&lower.as_str())
        // A template's key path ("page.head.extra.author").
        || (!name.contains(' ') && name.matches('.').count() >= 3)
        || starts_with_agency(&name);
    (!refused).then_some(name)
}

/// Whether `name` is a news agency or starts with one written as such ("dpa", "Reuters
/// Staff", "AP National Political Writer"; not "Apple Kim": the first word must be an
/// acronym in capitals or a longer agency name).
fn starts_with_agency(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
    let agency_word = first.chars().all(|c| !c.is_lowercase()) || first.len() >= 5;
    super::vocab::NEWS_AGENCIES
        .iter()
        .any(|a| a.eq_ignore_ascii_case(name) || (agency_word && a.eq_ignore_ascii_case(first)))
}

/// "STEVE O'NEIL-PEOPLES" → "Steve O'neil-Peoples": each word (and each part after a
/// hyphen) keeps its first letter and lower-cases the rest.
fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut at_start = true;
    for c in name.chars() {
        if at_start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        at_start = c.is_whitespace() || c == '-';
    }
    out
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
    // Split at each separator in turn (the order matters where separators overlap),
    // on borrowed slices: only the final parts are copied.
    let mut parts = vec![t];
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " // "] {
        if parts.iter().any(|p| p.contains(sep)) {
            parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
        }
    }
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
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

/// Longest headline text read from a heading.
const MAX_HEADLINE_BYTES: usize = 400;

/// Most `<h2>`/`<h3>` elements read as possible headlines of a page without `<h1>`.
const MAX_SUBHEADINGS: usize = 10;

/// The normalised texts of the first visible `<h2>` and `<h3>` elements outside regions
/// about other content: where a page without `<h1>` puts its headline.
fn subheadings(dom: &Dom<'_>, ends: &[u32]) -> Vec<String> {
    dom.nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| matches!(node.name(), "h2" | "h3"))
        .take(MAX_SUBHEADINGS)
        .filter(|(i, _)| !is_hidden(dom, *i) && !in_foreign_region(dom, *i))
        // A headline is a line: a heading holding more is no title.
        .filter_map(|(i, _)| line_text(dom, ends, i, MAX_HEADLINE_BYTES))
        .map(|t| norm(&t))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The leading parts of `title` (split at title separators, " - ", " | " …) when they
/// are the text of one of `headings` and more parts follow: the section and site names
/// after a headline are not part of it.
fn leading_heading(title: &str, headings: &[String]) -> Option<String> {
    if headings.is_empty() {
        return None;
    }
    let parts = title_parts(title);
    let first = parts.first()?;
    let start = title.find(first.as_str())?;
    // Each proper prefix of the parts, as written in the title.
    let mut from = start;
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        let at = from + title.get(from..)?.find(part.as_str())?;
        from = at + part.len();
        let prefix = title.get(start..from)?.trim();
        let key = norm(prefix);
        if !key.is_empty() && headings.contains(&key) {
            return Some(prefix.to_string());
        }
    }
    None
}

/// Share of the <h1>'s words that the other title candidates must contain for the <h1> to win.
const H1_MIN_OVERLAP: f64 = 0.3;

/// Share of `a`'s words (lower-case, three letters or more) that also occur in `b`;
/// 1.0 when `a` has no such words.
fn word_overlap(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() {
        return 1.0;
    }
    wa.iter().filter(|w| wb.contains(w)).count() as f64 / wa.len() as f64
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

/// Reads all metadata of a parsed page: an article without blocks yet (content
/// fills them), and the JSON-LD `articleBody` when the page has one.
pub fn read_meta(dom: &Dom<'_>, url: Option<&str>) -> (HtmlArticle, Option<String>) {
    let metas = metas(dom);
    let ld = read_json_ld(dom);
    let ends = dom.subtree_ends();
    let mut meta = HtmlArticle::default();

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
    // The first few <h1>s: the first may be the site's logo.
    let mut h1s: Vec<(usize, String)> = Vec::new();
    let mut byline_texts = Vec::new();
    let mut rel_authors = Vec::new();
    // `rel=author` links inside a footer or other region, by node.
    let mut rel_authors_in_regions: Vec<usize> = Vec::new();
    // `itemprop=datePublished` values with their nodes; the region test waits for the headline.
    let mut item_dates: Vec<(usize, String, &'static str)> = Vec::new();
    let mut time_date: Option<String> = None;
    // A header `<time>` labelled as the last change: used only when nothing else dates the page.
    let mut time_change: Option<String> = None;
    // Header `<time>`s read so far (each read walks its parents' text).
    let mut time_looks = 0usize;
    let mut class_memo: rustc_hash::FxHashMap<&str, (bool, bool)> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(256, Default::default());
    for (i, node) in dom.nodes.iter().enumerate() {
        let NodeData::Element { name, .. } = &node.data else {
            continue;
        };
        let name: &str = name;
        if name == "h1" && h1s.len() < 3 && !in_foreign_region(dom, i) && !is_hidden(dom, i) {
            let t = headline_text(dom, &ends, i);
            if !t.is_empty() && t.len() < 400 {
                h1s.push((i, t));
            }
        }
        if let Some(ip) = node.attr("itemprop") {
            let ip = ip.to_ascii_lowercase();
            if ip.split_ascii_whitespace().any(|t| t == "datepublished") && item_dates.len() < 5 {
                // `<abbr title="2025-12-19T15:18:00-05:00">` on older blogs.
                if let Some(v) =
                    node.attr("datetime").or_else(|| node.attr("content")).or_else(|| node.attr("title"))
                {
                    item_dates.push((i, v.to_string(), "itemprop:datePublished"));
                } else {
                    // The date as text: `<span itemprop="datePublished">15. August 2017</span>`.
                    if let Some(text) = line_text(dom, &ends, i, DATE_LINE_MAX) {
                        item_dates.push((i, text, "itemprop:datePublished"));
                    }
                }
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
        if name != "meta" && item_dates.len() < 5 {
            // RDFa on any element: Drupal's `<span property="dc:date dc:created" content="…">`.
            if let (Some(property), Some(content)) = (node.attr("property"), node.attr("content")) {
                let is_date = property
                    .split_ascii_whitespace()
                    .any(|t| RDFA_DATE_PROPERTIES.iter().any(|p| t.eq_ignore_ascii_case(p)));
                if is_date {
                    item_dates.push((i, content.to_string(), "rdfa:property"));
                }
            }
        }
        if name == "a"
            && node
                .attr("rel")
                .is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("author")))
            && rel_authors.len() < 3
        {
            if !in_foreign_region(dom, i) {
                let t = dom.text_of(i, &ends);
                if !t.is_empty() {
                    rel_authors.push(t);
                }
            } else if rel_authors_in_regions.len() < 3 {
                // Judged once the headline is known: the article's own footer is the article.
                rel_authors_in_regions.push(i);
            }
        }
        // A <time> marked as the last change is left to the visible-date rules, which
        // prefer a published date beside it.
        // Pages repeat the same class strings on hundreds of elements: judge each once.
        let (marks_change, byline_class) = match node.attr("class") {
            Some(class) => *class_memo.entry(class).or_insert_with(|| {
                if !byline_or_change_hints().any_in(class) {
                    return (false, false);
                }
                let c = class.to_ascii_lowercase();
                let marks_change = MODIFIED_CLASS_HINTS.iter().any(|h| c.contains(h));
                let byline = c.split_ascii_whitespace().any(|t| {
                    super::vocab::BYLINE_CLASS_HINTS.iter().any(|h| t.contains(h))
                        && !super::vocab::BYLINE_CLASS_EXCLUDE.iter().any(|x| t.contains(x))
                });
                (marks_change, byline)
            }),
            None => (false, false),
        };
        if name == "time" && time_date.is_none() && !marks_change {
            if let Some(dt) = node.attr("datetime") {
                if (in_article_header(dom, i) || node.attr("pubdate").is_some())
                    && time_looks < 20
                    && !in_teaser_link(dom, &ends, i)
                {
                    time_looks += 1;
                    // "Last updated: <time …>" is the change, not the publication.
                    let labelled_change = date_value(dt).is_some_and(|v| {
                        let day = v.get(..10).unwrap_or(&v).to_string();
                        label_role_around(dom, &ends, i, &day) == crate::dates::DateRole::Modified
                    });
                    if !labelled_change {
                        time_date = Some(dt.to_string());
                    } else if time_change.is_none() {
                        time_change = Some(dt.to_string());
                    }
                }
            }
        }
        if byline_texts.len() < 20 && byline_class && !in_foreign_region(dom, i) {
            let t = dom.text_of(i, &ends);
            if !t.is_empty() && t.len() < 120 {
                byline_texts.push(t);
            }
        }
    }
    let title_tag = dom.title.as_deref().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let og = meta_get(&metas, "og:title").map(str::to_string);
    let tw = meta_get(&metas, "twitter:title").map(str::to_string);
    // A "site name" that repeats the page's title is a misfilled field, not the outlet.
    if meta.outlet.as_deref().is_some_and(|o| {
        let o = norm(o);
        [&og, &title_tag].into_iter().flatten().any(|t| norm(t) == o)
    }) {
        meta.outlet = None;
    }
    let outlet = meta.outlet.clone();
    let sites = site_names(outlet.as_deref(), url.or(meta.canonical_url.as_deref()));
    // Priority: the first <h1>, then the candidate most others agree with (structured
    // data, og:title, the title tag, in that order on ties). An <h1> that is only the
    // site's name (a logo) was dropped as a site part.
    let (h1_index, h1) = match h1s.iter().find(|(_, t)| !is_site_part(&strip_site(t, &sites), &sites)) {
        Some((i, t)) => (Some(*i), Some(t.clone())),
        None => (None, None),
    };
    let h1_candidate = h1.as_deref().map(|t| strip_site(t, &sites));
    // Without an <h1> the headline is often an <h2>: a title that starts with its text
    // ("Neue Linien - Politik - Stadtanzeiger.de") is that headline plus section and site.
    let has_parts = |t: &Option<String>| t.as_deref().is_some_and(|t| title_parts(t).len() >= 2);
    let headings = if h1.is_none() && (has_parts(&og) || has_parts(&title_tag) || has_parts(&tw)) {
        subheadings(dom, &ends)
    } else {
        Vec::new()
    };
    let to_heading = |t: String| leading_heading(&t, &headings).unwrap_or(t);
    let candidates: Vec<String> = [
        h1.clone(),
        ld.headline.clone(),
        og.map(to_heading),
        title_tag.clone().map(to_heading),
        tw.map(to_heading),
    ]
    .into_iter()
    .flatten()
    .map(|t| strip_site(&t, &sites))
    .filter(|t| !t.is_empty() && !is_site_part(t, &sites))
    .collect();
    // Each candidate's normal form, computed once for the pairwise comparisons.
    let norms: Vec<String> = candidates.iter().map(|c| norm(c)).collect();
    let mut best: Option<(usize, usize)> = None; // (support, index)
    for (i, (c, n)) in candidates.iter().zip(&norms).enumerate() {
        if n.is_empty() {
            continue;
        }
        let support = norms
            .iter()
            .enumerate()
            .filter(|(j, on)| *j != i && (*on == n || (on.contains(n.as_str()) && n.len() * 2 > on.len())))
            .count();
        // The visible headline is what readers see as the title; SEO titles in
        // og:title and <title> often reword it. It wins unless it is too short to be a
        // headline on its own ("Politik") and nothing else confirms it.
        let is_h1 = i == 0 && h1_candidate.as_deref() == Some(c.as_str());
        // An <h1> that shares hardly a word with the other titles is something else on
        // the page (a pull quote, a call to action, a template placeholder). Only
        // asked of the <h1>: the word lists cost allocations.
        let related = || candidates.iter().skip(1).all(|o| word_overlap(c, o) >= H1_MIN_OVERLAP);
        let support = if is_h1 && related() && (support > 0 || c.split_whitespace().count() >= 3) {
            usize::MAX
        } else {
            support
        };
        if best.is_none_or(|(s, _)| support > s) {
            best = Some((support, i));
        }
    }
    meta.title = best.and_then(|(_, i)| candidates.get(i).cloned());

    // The headline element: where the byline and the date line are looked for.
    let anchor = h1_index.or_else(|| headline_index(dom, &ends, meta.title.as_deref()));

    // Authors.
    let mut authors = Vec::new();
    for a in &ld.authors {
        // A declared Person may share the outlet's name (a personal blog).
        let is_person = ld.person_authors.contains(a) && a.split_whitespace().count() >= 2;
        authors.extend(clean_authors(a, if is_person { None } else { outlet.as_deref() }));
    }
    // What the page's author fields say, as written: kept for the last resort below.
    // Each with where it stands: credited explicitly (a JSON-LD author, an author link),
    // filled into `<meta name=author>`, or the text of a byline element (class "author",
    // "byline"), what the layout credits.
    let mut declared_raw: Vec<(&str, Credit)> =
        ld.authors.iter().map(|a| (a.as_str(), Credit::Explicit)).collect();
    for key in AUTHOR_META {
        declared_raw.extend(metas.iter().filter(|(k, _)| k == key).map(|(_, v)| (v.as_str(), Credit::Field)));
    }
    declared_raw.extend(rel_authors.iter().map(|a| (a.as_str(), Credit::Explicit)));
    declared_raw.extend(byline_texts.iter().map(|a| (a.as_str(), Credit::Layout)));
    // Names the page declares as its author (JSON-LD, `<meta name=author>`), as opposed to
    // names read from the layout.
    let mut declared = !authors.is_empty();
    if authors.is_empty() {
        for key in AUTHOR_META {
            for (k, v) in &metas {
                if k == key && !looks_like_url(v) {
                    // The site's name is judged below, where a personal site keeps its owner.
                    authors.extend(clean_authors(v, None));
                }
            }
            if !authors.is_empty() {
                declared = true;
                break;
            }
        }
    }
    if authors.is_empty() {
        // Twitter card label pairs: `twitter:label1` "Written by", `twitter:data1` the name.
        for n in 1..=4 {
            let is_byline = meta_get(&metas, &format!("twitter:label{n}")).is_some_and(|l| {
                let l = l.trim().to_lowercase();
                BYLINE_LABELS.contains(&l.as_str())
                    || super::vocab::AUTHOR_PREFIXES.contains(&format!("{l} ").as_str())
            });
            if let Some(v) = meta_get(&metas, &format!("twitter:data{n}")).filter(|_| is_byline) {
                authors.extend(clean_authors(v, outlet.as_deref()));
            }
        }
    }
    if authors.is_empty() {
        for t in &rel_authors {
            authors.extend(clean_authors(t, outlet.as_deref()));
        }
    }
    if authors.is_empty() {
        // An author link in the article's own footer ("Posted by <a rel=author>…").
        if let Some(region) = anchor.and_then(|h| article_region(dom, h)) {
            let region_end = ends.get(region).map_or(0, |e| *e as usize);
            for &i in &rel_authors_in_regions {
                if i > region && i <= region_end && !foreign_within(dom, i, region) {
                    authors.extend(clean_authors(&short_text(dom, &ends, i), outlet.as_deref()));
                }
            }
        }
    }
    if authors.is_empty() {
        // A byline element's lone word is as often a place ("Washington") as a name.
        for t in &byline_texts {
            authors.extend(
                clean_authors(t, outlet.as_deref()).into_iter().filter(|n| n.split_whitespace().count() >= 2),
            );
            if !authors.is_empty() {
                break;
            }
        }
    }
    if authors.is_empty() {
        authors = byline_near_headline(dom, &ends, anchor, outlet.as_deref());
    } else if authors.len() == 1 && authors.iter().all(|a| is_site_part(a, &sites)) {
        // A declared author that is the site's own name may be the owner of a personal
        // site, or the outlet filling the field: a person in the byline settles it.
        let byline = byline_near_headline(dom, &ends, anchor, outlet.as_deref());
        if !byline.is_empty() {
            authors = byline;
        }
    }
    // The outlet or site named as author is not a person (agencies were dropped by
    // `clean_authors`).
    // A name the page declares a Person keeps its place even when the site is named after
    // that person (a personal blog at janeroe.com).
    let declared_person = |a: &String| {
        a.split_whitespace().count() >= 2 && ld.person_authors.iter().any(|p| norm(p) == norm(a))
    };
    // A declared author of two to four words is the owner of a personal site when it
    // matches only the web address (karl-voit.at), or when the site is named after it
    // with more words ("Myles Katherine" of "Myles Katherine Photography"). Equal to the
    // outlet's name it is the outlet filling the field ("Daily Planet").
    let mut outlet_sites = site_names(outlet.as_deref(), None);
    outlet_sites.extend(site_names(ld.publisher.as_deref(), None));
    let sole_author = authors.len() == 1;
    let site_owner = |a: &String| {
        let words = a.split_whitespace().count();
        // The site's name starts with the author's words, and what follows is not a role
        // that was cut from the author field ("Top Growth" of "Top Growth Marketing").
        let names_site_after_owner = |site: &&str| {
            let site_words: Vec<&str> = site.split_whitespace().collect();
            let next =
                site_words.get(words).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
            site_words.get(..words).is_some_and(|w| norm(&w.join(" ")) == norm(a))
                && next.is_some_and(|w| !super::vocab::ROLE_WORDS.contains(&w.as_str()))
        };
        declared
            && sole_author
            && (2..=4).contains(&words)
            && (!is_site_part(a, &outlet_sites)
                || [outlet.as_deref(), ld.publisher.as_deref()].iter().flatten().any(names_site_after_owner))
    };
    authors.retain(|a| declared_person(a) || site_owner(a) || !is_site_part(a, &sites));
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
    if authors.is_empty() {
        // No personal name anywhere: the page's own author field, as it names itself
        // there (a team, the company, a user name: "Camphouse Team", "aawoods").
        // The outlet's own name in `<meta name=author>` is the CMS filling the field; an
        // author object in the JSON-LD or an author link credits it on purpose.
        authors = declared_raw
            .iter()
            .filter(|(raw, credit)| *credit != Credit::Layout || layout_credit_names_someone(raw))
            .filter_map(|(raw, credit)| declared_author(raw).map(|name| (name, *credit)))
            .find(|(name, credit)| {
                *credit == Credit::Explicit || outlet.as_deref().is_none_or(|o| norm(o) != norm(name))
            })
            .map(|(name, _)| name)
            .into_iter()
            .collect();
    }
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
        // Any other meta name that speaks of publishing ("w-published-date", "published").
        // Of several, the earliest: a later stamp is a re-publication or the page's build
        // time ("published-date" 2021-02-16 beside "published-time" of the crawl day).
        published = metas
            .iter()
            .filter_map(|(k, v)| {
                let names_publishing = k.contains("publish") || k.contains("pubdate");
                let names_change = MODIFIED_CLASS_HINTS.iter().any(|h| k.contains(h));
                if names_publishing && !names_change {
                    date_value(v).map(|d| (d, format!("meta:{k}")))
                } else {
                    None
                }
            })
            .min_by(|a, b| a.0.get(..10).cmp(&b.0.get(..10)));
    }
    if published.is_none() {
        published = item_dates
            .iter()
            .filter(|(i, _, _)| {
                // Foreign only when both the item and the node lie outside the
                // headline's region (a blog platform's "widget Blog" wraps the post).
                !item_in_foreign_region(dom, *i) || !in_foreign_region_below(dom, *i, &ends, anchor)
            })
            .find_map(|(_, v, evidence)| date_value(v).map(|d| (d, evidence.to_string())));
    }
    if published.is_none() {
        published = time_date.as_deref().and_then(date_value).map(|v| (v, "time[datetime]".to_string()));
    }
    // The visible-date search walks the page: when nothing declared a date, and to check
    // a date from the JSON-LD or a `<meta>` against what the header shows.
    if published.is_none() {
        published = visible_date(dom, &ends, anchor).map(|(v, e, _)| (v, e));
    } else if published.as_ref().is_some_and(|(_, e)| e.starts_with("json-ld") || e.starts_with("meta:")) {
        // A date the header shows readers, days before the one the structured data
        // declares, is the original publication: the later stamp is a re-import, a
        // migration or a republication ("datePublished" 2025-06-24 for a post dated
        // August 25, 2024 under its byline). A later visible date may be an update and
        // changes nothing; a day apart is a time zone.
        if let Some((v, e, role)) = visible_date(dom, &ends, anchor) {
            let days_earlier = published.as_ref().and_then(|(d, _)| days_between(&v, d));
            if role != crate::dates::DateRole::Modified && days_earlier.is_some_and(|n| n > 1) {
                published = Some((v, format!("{e} (before the declared date)")));
            }
        }
    }
    if published.is_none() {
        published = anchor
            .and_then(|h| date_at_article_end(dom, &ends, h))
            .map(|v| (v, "visible:article-end".to_string()));
    }
    if published.is_none() {
        published = time_change.as_deref().and_then(date_value).map(|v| (v, "time[datetime]".to_string()));
    }
    if published.is_none() {
        published = ld
            .other_date
            .as_deref()
            .and_then(date_value)
            .map(|v| (v, "json-ld:WebPage.datePublished".to_string()));
    }
    let url_date = url.or(meta.canonical_url.as_deref()).and_then(crate::dates::date_from_url);
    if published.is_none() {
        published = url_date.clone().map(|v| (v, "url".to_string()));
    } else if let (Some((value, evidence)), Some(day)) = (&published, &url_date) {
        if let Some(local) = local_day_from_url(value, day) {
            published = Some((local, format!("url ({evidence} is UTC, one day off)")));
        }
    }
    // The last resort, when the page names no publication date at all: a labelled date
    // line anywhere in the page's own text ("Published On: …", "Last updated: …"). The
    // date readers see as the page's last change dates it; a machine-set modification
    // stamp (`article:modified_time`) does not: on the development pages it was wrong
    // three times in four.
    if published.is_none() {
        let region = anchor.and_then(|h| article_region(dom, h));
        published = labelled_date_anywhere(dom, &ends, region).map(|(v, e)| (v, e.to_string()));
    }
    meta.published = published.map(|(value, evidence)| Published { value, evidence });
    (meta, ld.article_body)
}

/// Days from the date at the start of `earlier` to the one at the start of `later`
/// (negative when `earlier` is in fact later); `None` unless both start with `YYYY-MM-DD`.
fn days_between(earlier: &str, later: &str) -> Option<i64> {
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok();
    Some((parse(later)? - parse(earlier)?).num_days())
}

/// A timestamp given in UTC (`…Z`, `+00:00`) may fall on the next or previous calendar
/// day from where it was published; the day in the page's URL (`/2025/12/18/`) is the
/// publisher's own. Returns that day when it is exactly one day off the UTC date.
fn local_day_from_url(value: &str, url_day: &str) -> Option<String> {
    let in_utc = value.contains('T') && (value.ends_with('Z') || value.ends_with("+00:00"));
    if !in_utc {
        return None;
    }
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok();
    let (utc_day, page_day) = (parse(value)?, parse(url_day)?);
    ((utc_day - page_day).num_days().abs() == 1).then(|| url_day.get(..10).unwrap_or(url_day).to_string())
}

/// The role a label in the line around node `idx` gives to the date `value`: the
/// parent and grandparent are read while their text stays a short line.
fn label_role_around(dom: &Dom<'_>, ends: &[u32], idx: usize, value: &str) -> crate::dates::DateRole {
    use crate::dates::DateRole;
    for (_, text) in enclosing_lines(dom, ends, idx, 2) {
        if let Some(d) = crate::dates::find_dates(&text).into_iter().find(|d| d.value == value) {
            if d.role != DateRole::Unknown {
                return d.role;
            }
        }
    }
    DateRole::Unknown
}

/// The lines enclosing node `idx`: its parent, grandparent, … (at most `levels`), each
/// with its text, while that text still reads as one short line (a date line with its
/// label). Every walk from a label or date up to its line shares this.
fn enclosing_lines<'a, 'd>(
    dom: &'a Dom<'d>,
    ends: &'a [u32],
    idx: usize,
    levels: usize,
) -> impl Iterator<Item = (usize, String)> + use<'a, 'd> {
    let mut parent = dom.nodes.get(idx).map_or(NONE, |n| n.parent);
    let mut left = levels;
    std::iter::from_fn(move || {
        if left == 0 || parent == NONE {
            return None;
        }
        left -= 1;
        let at = parent as usize;
        let text = line_text(dom, ends, at, DATE_LINE_MAX)?;
        parent = dom.nodes.get(at).map_or(NONE, |n| n.parent);
        Some((at, text))
    })
}

/// Most nodes in an element read as a header line (date line, byline): larger elements
/// are containers, and reading them would cost a walk over the page.
const LINE_MAX_NODES: usize = 2000;

/// The text of node `idx` if its subtree is small enough to be one line, else an empty
/// string (which no date or name rule accepts).
fn short_text(dom: &Dom<'_>, ends: &[u32], idx: usize) -> String {
    let end = ends.get(idx).copied().unwrap_or(0) as usize;
    if end.saturating_sub(idx) > LINE_MAX_NODES {
        return String::new();
    }
    dom.text_of(idx, ends)
}

/// [`short_text`] when it is at most `max` bytes long, else `None`: the text is built
/// only until it passes `max`, so a look at a large container costs a line, not a page.
fn line_text(dom: &Dom<'_>, ends: &[u32], idx: usize, max: usize) -> Option<String> {
    let end = ends.get(idx).copied().unwrap_or(0) as usize;
    let mut out = String::new();
    if end.saturating_sub(idx) > LINE_MAX_NODES {
        return Some(out);
    }
    for node in dom.nodes.get(idx..=end.max(idx)).unwrap_or(&[]) {
        if let Some(t) = node.text() {
            for run in super::dom::word_runs(t) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(run);
                if out.len() > max {
                    return None;
                }
            }
        }
    }
    Some(out)
}

/// Whether a text node in node `idx`'s subtree holds an ASCII digit (cheaper than
/// building the subtree's text to look).
fn subtree_has_ascii_digit(dom: &Dom<'_>, ends: &[u32], idx: usize) -> bool {
    let end = ends.get(idx).copied().unwrap_or(0) as usize;
    dom.nodes
        .get(idx..=end.max(idx))
        .unwrap_or(&[])
        .iter()
        .filter_map(|node| node.text())
        .any(|t| t.bytes().any(|b| b.is_ascii_digit()))
}

/// Lead-ins (lower-case) of a byline whose names may stand in the next element
/// ("<p>Written by</p><p>Jane Doe</p>").
const BYLINE_LABELS: &[&str] = &[
    "by",
    "von",
    "written by",
    "author",
    "author:",
    "autor",
    "autor:",
    "autorin:",
    "text:",
    "words by",
    "verfasst von",
    "geschrieben von",
];

/// Path segments of links to an author's page.
const AUTHOR_PATH_SEGMENTS: &[&str] =
    &["author", "authors", "autor", "autoren", "autorinnen", "contributor", "contributors", "writers"];

/// Most byline candidates read around the headline.
const MAX_BYLINE_LOOKS: usize = 40;

/// How far (in characters of page text) before and after the headline a byline may stand.
const BYLINE_BEFORE_H1: usize = 600;
const BYLINE_AFTER_H1: usize = 1200;

/// Names from the byline area around the headline `anchor`: lines that start with a
/// byline lead-in ("By …", "Von … und …", "Autor: …", or the lead-in alone with the names
/// in the next element) and links to author pages (`/author/jane-doe`). Without a
/// headline nothing is guessed.
fn byline_near_headline(
    dom: &Dom<'_>,
    ends: &[u32],
    anchor: Option<usize>,
    outlet: Option<&str>,
) -> Vec<String> {
    let Some(h) = anchor else {
        return Vec::new();
    };
    // Walk outwards in document order from the headline, within the window.
    let mut before = 0usize;
    let mut start = h;
    while start > 0 && before <= BYLINE_BEFORE_H1 {
        start -= 1;
        if let Some(t) = dom.nodes.get(start).and_then(|n| n.text()) {
            before += t.trim().len();
        }
    }
    let mut after = 0usize;
    // Each look costs a subtree walk: a hostile page must not make this quadratic.
    let mut looks = 0usize;
    for i in start..dom.nodes.len() {
        if looks >= MAX_BYLINE_LOOKS {
            break;
        }
        let Some(node) = dom.nodes.get(i) else {
            break;
        };
        if let Some(t) = node.text() {
            let trimmed = t.trim();
            if i > h {
                after += trimmed.len();
                if after > BYLINE_AFTER_H1 {
                    break;
                }
            }
            // Whitespace between tags is neither a lead-in nor a name.
            if trimmed.is_empty() {
                continue;
            }
            let lower = colon_lead_in_as_space(&trimmed.to_lowercase());
            let label = lower.trim_end_matches([':', ' ']);
            let is_label_alone = BYLINE_LABELS.iter().any(|l| label == l.trim_end_matches(':'));
            let starts_with_prefix = super::vocab::AUTHOR_PREFIXES.iter().any(|p| lower.starts_with(p));
            if !(is_label_alone || starts_with_prefix) || in_foreign_region_below(dom, i, ends, Some(h)) {
                continue;
            }
            looks += 1;
            // The line holding the lead-in: the parent, or its parent when the parent
            // holds the lead-in alone ("<span>By </span><a>Jane Doe</a>").
            let mut line = String::new();
            let mut p = node.parent;
            for _ in 0..2 {
                if p == NONE {
                    break;
                }
                let Some(text) = line_text(dom, ends, p as usize, 120) else {
                    break;
                };
                line = text;
                if norm(&line) != norm(&lower) {
                    break;
                }
                p = dom.nodes.get(p as usize).map_or(NONE, |n| n.parent);
            }
            if norm(&line) == norm(&lower) && is_label_alone {
                // The names are in the next element after the lead-in's element.
                let own = node.parent as usize;
                let next = ends.get(own).map(|e| *e as usize + 1).unwrap_or(usize::MAX);
                if next < dom.nodes.len() {
                    let mut n = next;
                    while dom.nodes.get(n).is_some_and(|x| x.text().is_some_and(|t| t.trim().is_empty())) {
                        n += 1;
                    }
                    if let Some(text) = line_text(dom, ends, n, 120) {
                        line = format!("{label} {text}");
                    }
                }
            }
            let names = clean_authors(&line, outlet);
            if !names.is_empty() {
                return names;
            }
        } else if node.name() == "a" && i > h {
            let is_author_link = node.attr("href").is_some_and(|href| {
                let path = href.split(['?', '#']).next().unwrap_or("");
                path.split('/').any(|seg| AUTHOR_PATH_SEGMENTS.contains(&seg.to_ascii_lowercase().as_str()))
            });
            if is_author_link && !in_foreign_region_below(dom, i, ends, Some(h)) {
                looks += 1;
                let names =
                    line_text(dom, ends, i, 80).map_or_else(Vec::new, |text| clean_authors(&text, outlet));
                if !names.is_empty() {
                    return names;
                }
            }
        }
    }
    Vec::new()
}

/// Class substrings of a kicker (Dachzeile) set inside a headline element.
const KICKER_CLASS_HINTS: &[&str] =
    &["kicker", "dachzeile", "topline", "overline", "eyebrow", "roofline", "spitzmarke"];

/// The text of headline element `idx`; a kicker inside it is set off with a colon
/// ("<h1><span class=kicker>Nahost</span> Waffenruhe hält</h1>" → "Nahost: Waffenruhe hält"),
/// the way the outlets write it in their `og:title`.
fn headline_text(dom: &Dom<'_>, ends: &[u32], idx: usize) -> String {
    let whole = dom.text_of(idx, ends);
    let end = ends.get(idx).copied().unwrap_or(0) as usize;
    let kicker = (idx + 1..=end).find(|&k| {
        dom.nodes.get(k).and_then(|n| n.attr("class")).is_some_and(|c| {
            let c = c.to_ascii_lowercase();
            KICKER_CLASS_HINTS.iter().any(|h| c.contains(h))
        })
    });
    let Some(k) = kicker else {
        return whole;
    };
    let kicker_text = dom.text_of(k, ends);
    let kicker_text = kicker_text.trim_end_matches([':', ' ']);
    match whole.strip_prefix(kicker_text) {
        Some(rest) if !kicker_text.is_empty() && !rest.trim().is_empty() => {
            format!("{kicker_text}: {}", rest.trim_start_matches([':', ' ']))
        }
        _ => whole,
    }
}

/// The first visible `<h1>`–`<h3>` that shows `title`, wherever it stands.
fn headline_index(dom: &Dom<'_>, ends: &[u32], title: Option<&str>) -> Option<usize> {
    let want = norm(title?);
    if want.is_empty() {
        return None;
    }
    dom.nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| matches!(node.name(), "h1" | "h2" | "h3"))
        .take(200)
        .find_map(|(i, _)| {
            (!is_hidden(dom, i) && {
                let t = norm(&dom.text_of(i, ends));
                !t.is_empty() && (t == want || (t.contains(&want) && want.len() * 2 > t.len()))
            })
            .then_some(i)
        })
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

/// Most elements read while looking for a visible date.
const MAX_DATE_LOOKS: usize = 300;

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
fn visible_date<'d>(
    dom: &'d Dom<'_>,
    ends: &[u32],
    h1: Option<usize>,
) -> Option<(String, String, crate::dates::DateRole)> {
    use crate::dates::{find_dates, DateRole};
    // Characters of text before each node, to measure distance from the headline.
    // Counted only up to the end of the window searched below: `pos` of the nodes after
    // it is `usize::MAX`, past any window.
    let mut text_before = Vec::with_capacity(dom.nodes.len());
    let mut total = 0usize;
    for (i, node) in dom.nodes.iter().enumerate() {
        text_before.push(total);
        if let Some(t) = node.text() {
            total += t.trim().len();
        }
        let past_window = match h1 {
            Some(h) => {
                i >= h && total > text_before.get(h).map_or(usize::MAX, |p| p.saturating_add(DATE_AFTER_H1))
            }
            None => total > DATE_WITHOUT_H1,
        };
        if past_window {
            break;
        }
    }
    let pos = |i: usize| text_before.get(i).copied().unwrap_or(usize::MAX);
    let near = |i: usize| match h1 {
        Some(h) => pos(i) + DATE_BEFORE_H1 >= pos(h) && pos(i) <= pos(h).saturating_add(DATE_AFTER_H1),
        None => pos(i) <= DATE_WITHOUT_H1 && in_article_header(dom, i),
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
    // `dates`: what `find_dates` found in the line.
    let push = |node: usize,
                dates: Vec<crate::dates::FoundDate>,
                class: &str,
                evidence: String,
                found: &mut Vec<VisibleDate>| {
        for d in dates {
            let role = match (d.role, class_role(class)) {
                (DateRole::Unknown, Some(r)) => r,
                (r, _) => r,
            };
            found.push(VisibleDate { node, value: d.value, role, evidence: evidence.clone() });
        }
    };
    // Pages repeat the same class strings on many elements: test each once.
    let mut date_hint_memo: rustc_hash::FxHashMap<&str, bool> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(64, Default::default());
    // Each look costs a subtree walk: a hostile page must not make this quadratic.
    let mut looks = 0usize;
    // `pos` never decreases along the nodes, so the nodes near the headline are one run:
    // start at its first node and stop after its last.
    let window_start = match h1 {
        Some(h) => text_before.partition_point(|&p| p + DATE_BEFORE_H1 < pos(h)),
        None => 0,
    };
    let window_end = match h1 {
        Some(h) => pos(h).saturating_add(DATE_AFTER_H1),
        None => DATE_WITHOUT_H1,
    };
    for (i, node) in dom.nodes.iter().enumerate().skip(window_start) {
        if found.len() >= 20 || looks >= MAX_DATE_LOOKS || pos(i) > window_end {
            break;
        }
        // Whitespace between tags holds neither a label nor a date.
        if node.text().is_some_and(|t| t.trim_start().is_empty()) {
            continue;
        }
        // Every kind of visible date below must sit near the headline: test that
        // first, before any per-node string work.
        if !near(i) {
            continue;
        }
        if let Some(t) = node.text() {
            // A line that starts with a date label: read it with its parents up to a
            // short line that holds the date ("<div>Last updated:</div><div>Dec 12, 2025</div>").
            // Only the start matters: lower-case a short prefix, not the whole text.
            let start = t.trim_start();
            // Every label, and the word before "vom", starts with a letter: a line that
            // does not cannot be labelled, and is not lower-cased.
            let starts_with_letter = start.chars().next().is_some_and(char::is_alphabetic);
            let prefix_end = start.char_indices().nth(24).map_or(start.len(), |(i, _)| i);
            let lower = if starts_with_letter { start[..prefix_end].to_lowercase() } else { String::new() };
            let labelled = starts_with_letter
                && (crate::dates::PUBLISHED_LABELS
                    .iter()
                    .chain(crate::dates::MODIFIED_LABELS)
                    .chain(crate::dates::DATE_LINE_LEADS)
                    .any(|l| lower.starts_with(l))
                    || names_itself_from(&lower));
            if !labelled {
                // A text holding nothing but a date beside other text of its line
                // ("<strong>By <a>Jane Doe</a></strong> - Mar 27, 2024"), or a story that
                // opens with its dateline ("Berlin, 15.08.2025 – Der Senat …").
                let date = bare_date(t)
                    .map(|value| (value, "visible:text"))
                    .or_else(|| dateline_date(t).map(|value| (value, "visible:dateline")));
                if let Some((value, evidence)) = date {
                    if !in_foreign_region_below(dom, i, ends, h1) && !is_hidden(dom, i) {
                        looks += 1;
                        let role = label_role_around(dom, ends, i, &value);
                        found.push(VisibleDate { node: i, value, role, evidence: evidence.into() });
                    }
                }
                continue;
            }
            // A line labelled as the publication may stand in a side column.
            let published_label = crate::dates::PUBLISHED_LABELS.iter().any(|l| lower.starts_with(l));
            if in_foreign_region_below(dom, i, ends, h1)
                && (!published_label || in_other_content_below(dom, i, ends, h1))
            {
                continue;
            }
            looks += 1;
            for (_, text) in enclosing_lines(dom, ends, i, 3) {
                let dates = find_dates(&text);
                if !dates.is_empty() {
                    push(i, dates, "", "visible:label".to_string(), &mut found);
                    break;
                }
            }
            continue;
        }
        let name = node.name();
        let mut date_hinted = |value: Option<&'d str>| {
            value.is_some_and(|v| *date_hint_memo.entry(v).or_insert_with(|| date_class_hints().any_in(v)))
        };
        let lower_class = || {
            [node.attr("class"), node.attr("id")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase()
        };
        let hint = if name == "time" {
            Some("time".to_string())
        } else if !date_hinted(node.attr("class")) && !date_hinted(node.attr("id")) {
            // The common case, decided without building any string.
            None
        } else {
            lower_class()
                .split_ascii_whitespace()
                .find(|t| DATE_CLASS_HINTS.iter().any(|h| t.contains(h)))
                .map(|t| format!(".{t}"))
        };
        let Some(hint) = hint else {
            // A short element that holds nothing but a date ("<p>Dec 17, 2025</p>").
            if matches!(name, "p" | "div" | "span" | "li" | "small" | "strong" | "em" | "b" | "dd" | "abbr")
                && ends.get(i).is_some_and(|e| (*e as usize) < i + 8)
            {
                looks += 1;
                // A text without digits is no date: decided before building the text.
                let text = if subtree_has_ascii_digit(dom, ends, i) {
                    line_text(dom, ends, i, 60).unwrap_or_default()
                } else {
                    String::new()
                };
                if text.bytes().any(|b| b.is_ascii_digit()) {
                    // Or a meta line of short parts, one of them the date
                    // ("15.08.2025 | Politik", "heise online | 15.08.2025 14:03 Uhr").
                    if let Some(v) = crate::dates::parse_date(&text).or_else(|| date_part_of_meta_line(&text))
                    {
                        if !in_foreign_region_below(dom, i, ends, h1) && !is_hidden(dom, i) {
                            let value = v.get(..10).unwrap_or(&v).to_string();
                            // A label may stand beside it in the parent ("Updated <span>…</span>").
                            let role = label_role_around(dom, ends, i, &value);
                            found.push(VisibleDate { node: i, value, role, evidence: "visible:line".into() });
                        }
                    }
                }
            }
            continue;
        };
        if in_foreign_region_below(dom, i, ends, h1)
            || is_hidden(dom, i)
            || (name == "time" && in_teaser_link(dom, ends, i))
        {
            continue;
        }
        looks += 1;
        let class = lower_class();
        if name == "time" {
            if let Some(v) = node.attr("datetime").and_then(date_value) {
                let role = class_role(&class).unwrap_or(DateRole::Unknown);
                found.push(VisibleDate { node: i, value: v, role, evidence: "visible:time".into() });
                continue;
            }
        }
        let Some(text) = line_text(dom, ends, i, DATE_LINE_MAX) else {
            continue;
        };
        // The label may sit in a parent ("<span>Last updated</span> <span class=date>…"):
        // read the widest enclosing line that is still short.
        let mut line_class = class.clone();
        let mut line_dates = find_dates(&text);
        let mut line = text;
        for (at, t) in enclosing_lines(dom, ends, i, 2) {
            let Some(parent) = dom.nodes.get(at) else {
                break;
            };
            // A wrapper often holds the same text: its dates are known.
            if t != line {
                let dates = find_dates(&t);
                if dates.len() > line_dates.len() {
                    break;
                }
                line_dates = dates;
                line = t;
            }
            for c in [parent.attr("class"), parent.attr("id")].into_iter().flatten() {
                line_class.push(' ');
                line_class.push_str(&c.to_ascii_lowercase());
            }
        }
        push(i, line_dates, &line_class, format!("visible:{hint}"), &mut found);
    }
    // A date with navigation between it and the headline belongs to the site's top bar
    // (today's date), not to the article.
    if let Some(h) = h1 {
        let navs: Vec<usize> = dom
            .nodes
            .iter()
            .enumerate()
            .take(h)
            .filter(|(_, n)| n.name() == "nav" || n.attr("role") == Some("navigation"))
            .map(|(i, _)| i)
            .collect();
        found.retain(|v| v.node > h || !navs.iter().any(|&n| n > v.node));
    }
    let after_h1 = |v: &VisibleDate| h1.is_none_or(|h| v.node > h);
    let pick = found
        .iter()
        .find(|v| v.role == DateRole::Published)
        .or_else(|| found.iter().find(|v| v.role == DateRole::Unknown && after_h1(v)))
        .or_else(|| found.iter().find(|v| v.role == DateRole::Unknown))
        .or_else(|| found.iter().find(|v| v.role == DateRole::Modified))?;
    // Date only: a local time shown without offset cannot be placed on the timeline.
    let value = pick.value.get(..10).unwrap_or(&pick.value).to_string();
    Some((value, pick.evidence.clone(), pick.role))
}

/// A text that is a date and nothing else, separators around it aside
/// ("- Mar 27, 2024", "| 15.08.2025"): its `YYYY-MM-DD`.
fn bare_date(text: &str) -> Option<String> {
    // Trimming keeps every digit and only shortens: most texts fail these tests untrimmed.
    if text.len() < 8 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = text.trim().trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | '|' | '·' | '•' | ',' | '/')
    });
    if t.len() < 8 || t.len() > 40 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = crate::dates::parse_date(t)?;
    Some(v.get(..10).unwrap_or(&v).to_string())
}

/// Whether a (lower-cased) line starts "<word> vom": "Pressemitteilung vom 15.08.2025",
/// "Meldung vom …": the page naming itself and its date.
fn names_itself_from(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    matches!((words.next(), words.next()), (Some(word), Some("vom")) if word.chars().all(char::is_alphabetic))
}

/// Longest dateline ("Berlin, 15.08.2025", "BERLIN (dpa) 15.08.2025") read before the
/// dash that starts the story.
const DATELINE_MAX: usize = 48;

/// Most words of a dateline's place ("Frankfurt am Main", "BERLIN (dpa)").
const DATELINE_PLACE_WORDS: usize = 4;

/// The date of a dateline at the start of `text`: "Berlin, 15.08.2025 – Der Senat …",
/// "BERLIN (dpa) 15.08.2025 - …", "15.08.2025 – Berlin. …", or such a dateline alone.
/// The place is a few capitalised words; what follows the dash is the story.
fn dateline_date(text: &str) -> Option<String> {
    let text = text.trim();
    // A dateline and the dash after it stand in the first bytes: body paragraphs near the
    // headline are not searched to their end.
    let mut window_end = text.len().min(DATELINE_MAX + 16);
    while !text.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let window = text.get(..window_end).unwrap_or(text);
    if !window.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let head = [" – ", " — ", " - "].iter().filter_map(|dash| window.find(dash)).min().map_or(text, |end| {
        // `find` returns the start of an ASCII space: a char boundary.
        text.get(..end).unwrap_or(text)
    });
    let head = head.trim();
    if head.len() > DATELINE_MAX || !head.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = if head.starts_with(|c: char| c.is_ascii_digit()) {
        head
    } else {
        let (place, date) = head.split_once(", ").or_else(|| {
            let close = head.find(") ")?;
            Some((head.get(..=close)?, head.get(close + 2..)?))
        })?;
        let words: Vec<&str> = place.split_whitespace().collect();
        let is_place = (1..=DATELINE_PLACE_WORDS).contains(&words.len())
            && words.first().is_some_and(|w| w.starts_with(char::is_uppercase))
            && words
                .iter()
                .all(|w| w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '(' | ')' | '/')));
        if !is_place {
            return None;
        }
        date
    };
    let value = crate::dates::parse_date(date)?;
    Some(value.get(..10).unwrap_or(&value).to_string())
}

/// Separators between the parts of a meta line ("15.08.2025 | Politik | Lesezeit: 3 Min.").
const META_LINE_SEPARATORS: &[char] = &['|', '·', '•'];

/// Longest part of a meta line: a date with its time, a section, a reading time.
const META_LINE_PART_MAX: usize = 40;

/// The date of a meta line: a short line of parts between separators, one of which is a
/// date (with at most a time after it) and the others short labels. `None` for a line
/// with one part, a long part, or no date part.
fn date_part_of_meta_line(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(META_LINE_SEPARATORS).map(str::trim).collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty() || p.len() > META_LINE_PART_MAX) {
        return None;
    }
    parts.iter().find_map(|part| crate::dates::parse_date(part))
}

/// Most text elements read by [`labelled_date_anywhere`].
const MAX_LABEL_LOOKS: usize = 60;

/// The last-resort date search over the page, or over the headline's article element
/// `region` where it has one: a line that starts with a date label ("Published On: 15
/// August 2025", "Last updated: November 13, 2025"), outside regions about other content
/// and hidden elements. A publication label wins over a change label; returns the date
/// and its evidence.
fn labelled_date_anywhere(
    dom: &Dom<'_>,
    ends: &[u32],
    region: Option<usize>,
) -> Option<(String, &'static str)> {
    use crate::dates::{find_dates, DateRole};
    let (first, last) = match region {
        Some(r) => (r, ends.get(r).map_or(r, |e| *e as usize)),
        None => (0, dom.nodes.len()),
    };
    let mut modified: Option<String> = None;
    let mut looks = 0usize;
    for (i, node) in dom.nodes.iter().enumerate().take(last.saturating_add(1)).skip(first) {
        if looks >= MAX_LABEL_LOOKS {
            break;
        }
        let Some(t) = node.text() else {
            continue;
        };
        let start = t.trim_start();
        if start.len() < 4 || !start.starts_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        let prefix_end = start.char_indices().nth(24).map_or(start.len(), |(k, _)| k);
        let lower = start.get(..prefix_end).unwrap_or("").to_lowercase();
        let published_label = crate::dates::PUBLISHED_LABELS.iter().any(|l| lower.starts_with(l));
        let modified_label = crate::dates::MODIFIED_LABELS.iter().any(|l| lower.starts_with(l))
            || crate::dates::LAST_CHANGE_LEADS.iter().any(|l| lower.starts_with(l));
        if !(published_label || modified_label) {
            continue;
        }
        looks += 1;
        if in_foreign_region(dom, i) || is_hidden(dom, i) {
            continue;
        }
        // The label's line: its parents while their text stays a short line.
        for (_, text) in enclosing_lines(dom, ends, i, 3) {
            let dates = find_dates(&text);
            if let Some(d) = dates.iter().find(|d| d.role == DateRole::Published) {
                return Some((d.value.clone(), "visible:label (page)"));
            }
            if let Some(d) = dates.iter().find(|d| d.role == DateRole::Modified) {
                modified.get_or_insert_with(|| d.value.clone());
                break;
            }
            if !dates.is_empty() {
                break;
            }
        }
    }
    modified.map(|v| (v, "visible:label (page, last change)"))
}

/// Most characters of article text read after the headline for a date at the article's end.
const ARTICLE_END_MAX_TEXT: usize = 60_000;

/// The article element that holds the headline `h`: its nearest `<article>` or `<main>`
/// ancestor (or one with that ARIA role).
fn article_region(dom: &Dom<'_>, h: usize) -> Option<usize> {
    let mut node = dom.nodes.get(h).map_or(NONE, |n| n.parent);
    let mut steps = 0;
    while node != NONE && steps < 64 {
        let n = dom.nodes.get(node as usize)?;
        if matches!(n.name(), "article" | "main") || matches!(n.attr("role"), Some("main" | "article")) {
            return Some(node as usize);
        }
        if matches!(n.name(), "body" | "html") {
            return None;
        }
        node = n.parent;
        steps += 1;
    }
    None
}

/// Whether node `idx` lies in a region about other content below `region`: an `<aside>`,
/// `<nav>` or an element with a foreign-region class. The article's own `<footer>` (its
/// date and tags line) counts as the article.
fn foreign_within(dom: &Dom<'_>, idx: usize, region: usize) -> bool {
    foreign_within_walk(dom, idx, region, false)
}

/// The walk behind [`foreign_within`]; `side_ok` lets side columns (`<aside>`, sidebar
/// and widget classes) pass, for lines labelled as the publication.
fn foreign_within_walk(dom: &Dom<'_>, idx: usize, region: usize, side_ok: bool) -> bool {
    let mut node = idx as u32;
    let mut steps = 0;
    while node != NONE && (node as usize) != region && steps < 64 {
        let Some(n) = dom.nodes.get(node as usize) else {
            return false;
        };
        if n.name() == "nav" || (n.name() == "aside" && !side_ok) || is_hidden_here(n) {
            return true;
        }
        let hinted = ["class", "id"].into_iter().filter_map(|a| n.attr(a)).any(|value| {
            foreign_region_hints().any_in(value)
                && value.split_ascii_whitespace().any(|t| {
                    let lower = t.to_ascii_lowercase();
                    let kind = builder_widget_kind(t);
                    let t = kind.as_deref().unwrap_or(&lower);
                    super::vocab::FOREIGN_REGION_HINTS.iter().any(|h| {
                        *h != "footer" && !(side_ok && SIDE_COLUMN_HINTS.contains(h)) && t.contains(h)
                    })
                })
        });
        if hinted {
            return true;
        }
        node = n.parent;
        steps += 1;
    }
    false
}

/// Whether node `idx` lies inside a link that also holds a heading: a card that
/// announces another page ("<a href=/news/x><time>…</time><h3>Other story</h3></a>"),
/// whose date is that page's.
fn in_teaser_link(dom: &Dom<'_>, ends: &[u32], idx: usize) -> bool {
    let mut node = dom.nodes.get(idx).map_or(NONE, |n| n.parent);
    for _ in 0..8 {
        let Some(n) = dom.nodes.get(node as usize) else {
            return false;
        };
        if n.name() == "a" && n.attr("href").is_some() {
            let start = node as usize;
            let end = ends.get(start).map_or(start, |e| *e as usize).min(start + LINE_MAX_NODES);
            return dom.nodes.get(start + 1..=end).is_some_and(|inner| {
                inner.iter().any(|x| matches!(x.name(), "h2" | "h3" | "h4" | "h5" | "h6"))
            });
        }
        if matches!(n.name(), "body" | "article" | "main") {
            return false;
        }
        node = n.parent;
    }
    false
}

/// Whether an element itself is hidden (`hidden`, `aria-hidden`, a hiding class).
fn is_hidden_here(n: &super::dom::Node<'_>) -> bool {
    n.attr("hidden").is_some()
        || n.attr("aria-hidden") == Some("true")
        || n.attr("class").is_some_and(|c| {
            c.split_ascii_whitespace()
                .any(|t| super::vocab::HIDDEN_TOKENS.iter().any(|h| t.eq_ignore_ascii_case(h)))
        })
}

/// When nothing dates the page near its headline: the date line at the end of the
/// article (blogs put "Posted on …" or the byline with its date under the text). Read
/// inside the headline's `<article>`/`<main>` only, after the headline, and only strong
/// signs: a line labelled as the publication ("Posted on", "Published"), a `<time>`
/// not marked as a change, or a date standing alone in a byline ("Written by … April 8,
/// 2024"). Dates in running text and regions about other content are never read.
fn date_at_article_end(dom: &Dom<'_>, ends: &[u32], h: usize) -> Option<String> {
    use crate::dates::{find_dates, DateRole};
    let region = article_region(dom, h)?;
    let end = (ends.get(region).copied()? as usize).min(dom.nodes.len().saturating_sub(1));
    let mut text_seen = 0usize;
    let mut looks = 0usize;
    // The widest short line around node `i` inside the article region.
    let line_of = |i: usize| {
        enclosing_lines(dom, ends, i, 2)
            .take_while(|(at, _)| *at > region)
            .last()
            .map_or_else(String::new, |(_, line)| line)
    };
    for i in h + 1..=end {
        if looks >= MAX_DATE_LOOKS || text_seen > ARTICLE_END_MAX_TEXT {
            break;
        }
        let Some(node) = dom.nodes.get(i) else {
            break;
        };
        if let Some(t) = node.text() {
            text_seen += t.trim().len();
            let start = t.trim_start();
            if start.is_empty() || start.len() > DATE_LINE_MAX {
                continue;
            }
            let prefix_end = start.char_indices().nth(24).map_or(start.len(), |(k, _)| k);
            let lower = start.get(..prefix_end).unwrap_or("").to_lowercase();
            let published_label = crate::dates::PUBLISHED_LABELS.iter().any(|l| lower.starts_with(l));
            let alone = bare_date(t);
            if !published_label && alone.is_none() {
                continue;
            }
            looks += 1;
            if foreign_within_walk(dom, i, region, published_label) {
                continue;
            }
            let line = line_of(i);
            if published_label {
                if let Some(d) = find_dates(&line).into_iter().find(|d| d.role == DateRole::Published) {
                    return Some(d.value);
                }
            } else if let Some(value) = alone {
                // A date alone counts in a byline line only, and not as a change.
                let lower_line = line.to_lowercase();
                let byline = super::vocab::AUTHOR_PREFIXES.iter().any(|p| lower_line.starts_with(p))
                    || BYLINE_LABELS
                        .iter()
                        .any(|l| lower_line.starts_with(&format!("{} ", l.trim_end_matches(':'))));
                if byline && label_role_around(dom, ends, i, &value) != DateRole::Modified {
                    return Some(value);
                }
            }
        } else if node.name() == "time" {
            looks += 1;
            if foreign_within(dom, i, region) || in_teaser_link(dom, ends, i) {
                continue;
            }
            let class = node.attr("class").unwrap_or("").to_ascii_lowercase();
            if MODIFIED_CLASS_HINTS.iter().any(|m| class.contains(m)) {
                continue;
            }
            let value = node
                .attr("datetime")
                .and_then(date_value)
                .or_else(|| crate::dates::parse_date(&short_text(dom, ends, i)))
                .map(|v| v.get(..10).unwrap_or(&v).to_string());
            if let Some(value) = value {
                if label_role_around(dom, ends, i, &value) != DateRole::Modified {
                    return Some(value);
                }
            }
        }
    }
    None
}

/// Whether node `idx` lies in a region that speaks about other content (comments,
/// related lists, sidebars, footers), where bylines and dates belong to someone else.
fn in_foreign_region(dom: &Dom<'_>, idx: usize) -> bool {
    // Without a headline anchor the bounded walk never stops early; `ends` is not read.
    in_foreign_region_below(dom, idx, &[], None)
}

/// Whether an element's class or id names a region outside the article
/// (sidebar, comments, related, …).
fn has_foreign_region_hint(node: &super::dom::Node<'_>) -> bool {
    ["class", "id"].into_iter().filter_map(|attr| node.attr(attr)).any(|value| {
        // The fast test first; the per-token look only for the few values it flags.
        foreign_region_hints().any_in(value)
            && value.split_ascii_whitespace().any(|token| match builder_widget_kind(token) {
                Some(kind) => BUILDER_FOREIGN_WIDGETS.iter().any(|w| kind.contains(w)),
                None => foreign_region_hints().any_in(token),
            })
    })
}

/// Whether an element's class or id names a foreign region other than a side column.
fn has_other_content_hint(node: &super::dom::Node<'_>) -> bool {
    ["class", "id"].into_iter().filter_map(|attr| node.attr(attr)).any(|value| {
        value.split_ascii_whitespace().any(|token| {
            let lower = token.to_ascii_lowercase();
            let kind = builder_widget_kind(token);
            let token = kind.as_deref().unwrap_or(&lower);
            super::vocab::FOREIGN_REGION_HINTS
                .iter()
                .any(|h| !SIDE_COLUMN_HINTS.contains(h) && token.contains(h))
        })
    })
}

/// Class prefixes (lower-case) with which page builders wrap every block of a page,
/// the article's own date and byline included ("elementor-widget-container").
const BUILDER_WIDGET_PREFIXES: &[&str] = &["elementor-widget"];

/// Kinds of builder widgets (lower-case substrings) that show other content: a sidebar,
/// lists of other posts, navigation.
const BUILDER_FOREIGN_WIDGETS: &[&str] =
    &["sidebar", "posts", "loop", "nav", "comment", "related", "archive", "carousel", "footer"];

/// For a builder's widget class, what follows the prefix (the widget's kind, empty for
/// a bare wrapper); `None` for any other class.
fn builder_widget_kind(token: &str) -> Option<String> {
    BUILDER_WIDGET_PREFIXES.iter().find_map(|prefix| {
        let head = token.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| token.get(prefix.len()..).unwrap_or("").to_ascii_lowercase())
    })
}

hint_set!(foreign_region_hints, super::vocab::FOREIGN_REGION_HINTS);
hint_set!(date_class_hints, DATE_CLASS_HINTS);
hint_set!(byline_or_change_hints, BYLINE_OR_CHANGE_HINTS);
hint_set!(article_meta_hints, super::vocab::ARTICLE_META_HINTS);

/// Every word that can make a class a byline or a last-change mark: a class
/// containing none of them needs no closer look.
const BYLINE_OR_CHANGE_HINTS: &[&str] = &concat_words::<
    { super::vocab::BYLINE_CLASS_HINTS.len() + MODIFIED_CLASS_HINTS.len() },
>(super::vocab::BYLINE_CLASS_HINTS, MODIFIED_CLASS_HINTS);

/// `a` followed by `b`, at compile time.
const fn concat_words<const N: usize>(a: &[&'static str], b: &[&'static str]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() && i + j < N {
        out[i + j] = b[j];
        j += 1;
    }
    out
}

/// Like [`in_foreign_region`], but the walk stops at the first ancestor that also holds
/// the headline `anchor`: a region around the headline is the article itself, whatever
/// its class says (`sno-story-sidebar-mode-single`, `md:[grid-area:sidebar]`).
fn in_foreign_region_below(dom: &Dom<'_>, idx: usize, ends: &[u32], anchor: Option<usize>) -> bool {
    foreign_walk(dom, idx, ends, anchor, false)
}

/// Like [`in_foreign_region_below`], but a side column (`<aside>`, a sidebar or widget
/// class) does not count: pages set the article's own labelled date line there
/// ("<aside><h3>Published</h3><p>August 30, 2024</p></aside>"). Comments, related
/// lists, footers and navigation still do.
fn in_other_content_below(dom: &Dom<'_>, idx: usize, ends: &[u32], anchor: Option<usize>) -> bool {
    foreign_walk(dom, idx, ends, anchor, true)
}

/// Region hints (lower-case) of side columns, which [`in_other_content_below`] allows.
const SIDE_COLUMN_HINTS: &[&str] = &["sidebar", "widget"];

/// The walk behind [`in_foreign_region_below`]; `side_ok` lets side columns pass.
fn foreign_walk(dom: &Dom<'_>, idx: usize, ends: &[u32], anchor: Option<usize>, side_ok: bool) -> bool {
    let mut node = idx as u32;
    let mut steps = 0;
    while node != NONE && steps < 64 {
        let Some(n) = dom.nodes.get(node as usize) else {
            return false;
        };
        if let Some(a) = anchor {
            let end = ends.get(node as usize).copied().unwrap_or(0) as usize;
            if (node as usize) < a && a <= end {
                return false;
            }
        }
        // Page-wide classes on <body> describe the layout ("has-sidebar", "no-sidebar",
        // "footer-on-bottom"), not a region.
        if matches!(n.name(), "body" | "html") {
            return false;
        }
        // A <header> without the headline is the site's (today's date in its top bar).
        if matches!(n.name(), "footer" | "nav")
            || (n.name() == "aside" && !side_ok)
            || (n.name() == "header" && anchor.is_some())
        {
            return true;
        }
        if has_foreign_region_hint(n) && (!side_ok || has_other_content_hint(n)) {
            return true;
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
            // A hiding class on the page's outermost wrapper is a script's reveal effect
            // (`<body><div class="root hide">`): readers see the page.
            return !is_page_wrapper(dom, n);
        }
        node = n.parent;
        steps += 1;
    }
    false
}

/// Whether element `n` is a container directly in `<body>`: the page's outer shell,
/// which scripts hide until the page has loaded.
fn is_page_wrapper(dom: &Dom<'_>, n: &super::dom::Node<'_>) -> bool {
    matches!(n.name(), "div" | "main" | "section")
        && dom.nodes.get(n.parent as usize).is_some_and(|p| p.name() == "body")
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
        // One case-insensitive scan, no lower-cased copy: this runs for every node near
        // the top of a page without a headline.
        if n.attr("class").is_some_and(|c| article_meta_hints().any_in(c)) {
            return true;
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
    fn datelines_meta_lines_and_leading_headings() {
        assert_eq!(dateline_date("Berlin, 15.08.2025 – Der Senat").as_deref(), Some("2025-08-15"));
        assert_eq!(dateline_date("Frankfurt am Main, 15. August 2025").as_deref(), Some("2025-08-15"));
        assert_eq!(dateline_date("BERLIN (dpa) 15.08.2025 - Der Senat").as_deref(), Some("2025-08-15"));
        assert_eq!(dateline_date("berlin, 15.08.2025 – klein geschrieben"), None);
        assert_eq!(dateline_date("Berlin, im Sommer – Der Senat"), None);
        assert_eq!(dateline_date(""), None);
        assert_eq!(dateline_date("ä, ö – ü) ß"), None);
        assert_eq!(dateline_date(&"Ä ".repeat(1000)), None);
        assert_eq!(date_part_of_meta_line("15.08.2025 | Politik").as_deref(), Some("2025-08-15"));
        assert_eq!(date_part_of_meta_line("15.08.2025"), None);
        assert_eq!(date_part_of_meta_line("| 15.08.2025"), None);
        assert_eq!(date_part_of_meta_line(&"|".repeat(500)), None);
        assert!(names_itself_from("meldung vom 15.08."));
        assert!(!names_itself_from("am 15.08.2025 vom"));
        assert!(!names_itself_from("vom"));
        let headings = vec![norm("Neue Linien")];
        assert_eq!(
            leading_heading("Neue Linien - Politik - X.de", &headings).as_deref(),
            Some("Neue Linien")
        );
        assert_eq!(leading_heading("Neue Linien", &headings), None);
        assert_eq!(leading_heading("Politik - Neue Linien", &headings), None);
        assert_eq!(leading_heading("Neue Linien - Politik", &[]), None);
        assert_eq!(leading_heading(" - - ", &headings), None);
        assert_eq!(leading_heading("Ünïcödé – Ü – Ü", &[norm("Ünïcödé")]).as_deref(), Some("Ünïcödé"));
    }

    #[test]
    fn hint_set_vocabularies_are_lower_case() {
        // A hint set matches ASCII case-insensitively, like `contains` on a lower-cased
        // value, only for lower-case words.
        for word in super::super::vocab::ARTICLE_META_HINTS {
            assert_eq!(*word, word.to_ascii_lowercase());
        }
    }

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
        assert_eq!(
            clean_authors("Steven Salentin Mitglied der News-Redaktion", None),
            vec!["Steven Salentin"]
        );
        assert_eq!(clean_authors("Rasmus Barslund Founder", None), vec!["Rasmus Barslund"]);
        assert_eq!(clean_authors("Von Jane Doe, Korrespondentin in Berlin", None), vec!["Jane Doe"]);
        assert!(clean_authors("Senior Editor", None).is_empty());
        assert!(clean_authors("Full Bio", None).is_empty());
        assert_eq!(clean_authors("Grant Tinsley, PhD", None), vec!["Grant Tinsley"]);
        assert_eq!(clean_authors("Jean-Luc Aufranc (CNXSoft)", None), vec!["Jean-Luc Aufranc"]);
        assert_eq!(clean_authors("Von Anna Müller (Berlin)", None), vec!["Anna Müller"]);
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
    fn utc_timestamps_take_the_url_day() {
        assert_eq!(local_day_from_url("2025-12-19T02:41:41Z", "2025-12-18"), Some("2025-12-18".into()));
        assert_eq!(local_day_from_url("2025-12-18T22:00:00+00:00", "2025-12-19"), Some("2025-12-19".into()));
        // A local offset is already the publisher's day; two days off is another date.
        assert_eq!(local_day_from_url("2025-12-19T02:41:41+01:00", "2025-12-18"), None);
        assert_eq!(local_day_from_url("2025-12-20T02:41:41Z", "2025-12-18"), None);
        assert_eq!(local_day_from_url("2025-12-19", "2025-12-18"), None);
    }

    #[test]
    fn line_text_is_short_text_up_to_its_limit() {
        let html =
            "<div id=a><p>Published <b>Dec 12, 2025</b></p><p>  by   Jane\u{a0}Doe </p></div><span>x</span>";
        let dom = super::super::dom::parse(html);
        let ends = dom.subtree_ends();
        for i in 0..dom.nodes.len() + 2 {
            let full = short_text(&dom, &ends, i);
            for max in [0, 3, 10, 24, 40, 200] {
                let bounded = line_text(&dom, &ends, i, max);
                if full.len() <= max {
                    assert_eq!(bounded.as_deref(), Some(full.as_str()), "node {i}, max {max}");
                } else {
                    assert_eq!(bounded, None, "node {i}, max {max}");
                }
            }
            assert_eq!(subtree_has_ascii_digit(&dom, &ends, i), full.bytes().any(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn line_text_of_a_huge_container_is_empty_like_short_text() {
        let html = format!("<div>{}</div>", "<span>word</span>".repeat(LINE_MAX_NODES));
        let dom = super::super::dom::parse(&html);
        let ends = dom.subtree_ends();
        let container = dom.nodes.iter().position(|n| n.name() == "div").unwrap_or(0);
        assert_eq!(short_text(&dom, &ends, container), "");
        assert_eq!(line_text(&dom, &ends, container, 10).as_deref(), Some(""));
    }

    #[test]
    fn resolves_relative_canonical() {
        assert_eq!(resolve("/a/b", Some("https://x.org/c/d")), Some("https://x.org/a/b".into()));
        assert_eq!(resolve("//x.org/a", Some("https://y.org/")), Some("https://x.org/a".into()));
        assert_eq!(resolve("rel", Some("https://y.org/")), None);
    }
}
