//! Plain-text scraped dumps: boilerplate removal with per-language rules.
//!
//! [`clean`] turns a decoded dump into title, authors, date and body blocks.
//! What counts as boilerplate is data (`rules/*.tsv`, see [`rules`]); the
//! structural heuristics here are language-independent:
//!
//! * blocks are separated by blank lines; inside a block each line is its own
//!   unit unless the block is hard-wrapped prose, which is re-joined;
//! * a paragraph that stops mid-sentence followed by one that starts in
//!   lowercase is one paragraph split by a page break — re-joined, and a
//!   title-like line pasted between the halves (a running headline) is taken
//!   out and used as the title;
//! * a title-like first line followed by body text is the title; other
//!   title-like lines between paragraphs are headings;
//! * related-content teasers near the end are cut from their marker on.

pub mod dateline;
pub mod rules;
pub mod visible;

use crate::dates;
use rules::{fold_line, rule_set, RuleKind, RuleSet};
use wirewatch_model::{ParagraphKind, Published};

/// The most words a title-like line (title, heading, running headline) has.
const TITLE_MAX_WORDS: usize = 15;
/// The most characters a title-like line has.
const TITLE_MAX_CHARS: usize = 160;
/// The most words of a standalone byline or date line.
const META_LINE_MAX_WORDS: usize = 14;
/// A paragraph must have this many words before a missing final punctuation
/// is taken as a sentence cut by a page break.
const UNFINISHED_MIN_WORDS: usize = 6;
/// A paragraph of page text with at least this many words and a sentence end is prose.
const PROSE_MIN_WORDS: usize = 10;
/// The most authors taken from bylines.
const MAX_AUTHORS: usize = 20;
/// The most words of a kicker (topic line above the title).
const KICKER_MAX_WORDS: usize = 4;
/// A running headline is an article title: at least this many words.
const RUNNING_HEADLINE_MIN_WORDS: usize = 3;
/// A line with a photo credit is a caption when the text before the credit is at most this long.
const CAPTION_MAX_WORDS: usize = 35;
/// Whole-line rules (navigation, captions, …) are not tried on longer lines.
const LINE_RULE_MAX_BYTES: usize = 1024;
/// How far from the end of a paragraph a credit is searched for.
const CREDIT_WINDOW_BYTES: usize = 600;
/// The most words of a credit ("Foto: A. Name/AP/dpa").
const CREDIT_MAX_WORDS: usize = 20;

/// The result of cleaning one scraped text dump.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CleanText {
    /// The article title, when the text reveals one.
    pub title: Option<String>,
    /// Authors from byline lines, without "Von"/"By"/"Autor:".
    pub authors: Vec<String>,
    /// The publication date from a date line, with the line as evidence
    /// (the last-update date when that is the only one given).
    pub published: Option<Published>,
    /// The last-update date from an update line ("Aktualisiert: …").
    pub updated: Option<Published>,
    /// The dateline place at the start of an early paragraph ("Anchorage - …").
    pub dateline: Option<String>,
    /// The body, in order.
    pub blocks: Vec<(ParagraphKind, String)>,
    /// What was removed and why: (rule name, removed text).
    pub removed: Vec<(&'static str, String)>,
}

/// One paragraph-sized piece of the input while cleaning.
#[derive(Clone, Debug)]
struct Unit {
    text: String,
    kind: ParagraphKind,
}

/// Cleans a decoded text dump. `language` (ISO 639-1) selects the rule set;
/// `None` applies the rules of every language.
pub fn clean(text: &str, language: Option<&str>) -> CleanText {
    let rules = rule_set(language);
    let mut out = CleanText::default();
    let units = segment(text);
    let units = strip_metadata_and_boilerplate(units, rules, &mut out);
    let units = cut_related(units, rules, &mut out);
    let (units, headlines) = rejoin_page_breaks(units, &mut out);
    let units = remove_repeated_headlines(units, headlines, &mut out);
    let units = assign_title_and_headings(units, &mut out);
    if out.published.is_none() {
        out.published = out.updated.clone();
    }
    out.blocks = units.into_iter().map(|unit| (unit.kind, unit.text)).collect();
    out.dateline = out
        .blocks
        .iter()
        .filter(|(kind, _)| *kind == ParagraphKind::Paragraph)
        .take(dateline::MAX_PARAGRAPHS)
        .find_map(|(_, text)| dateline::find(text).and_then(|(start, end)| text.get(start..end)))
        .map(str::to_owned);
    out
}

/// Cleans the visible text of a whole web page (the fallback when HTML
/// main-content extraction found nothing): [`clean`], then everything before
/// the first and after the last prose paragraph is dropped as page chrome
/// (menus, footers). A heading right above the first paragraph is the
/// article's title there, more likely than the page's first line (a menu).
pub fn clean_page_text(text: &str, language: Option<&str>) -> CleanText {
    let mut out = clean(text, language);
    let is_prose = |(kind, text): &(ParagraphKind, String)| {
        *kind == ParagraphKind::Paragraph && word_count(text) >= PROSE_MIN_WORDS && ends_sentence(text)
    };
    let (Some(first), Some(last)) =
        (out.blocks.iter().position(is_prose), out.blocks.iter().rposition(is_prose))
    else {
        return out;
    };
    let tail: Vec<(ParagraphKind, String)> = out.blocks.drain(last + 1..).collect();
    let mut head: Vec<(ParagraphKind, String)> = out.blocks.drain(..first).collect();
    if head.last().is_some_and(|(kind, _)| *kind == ParagraphKind::Heading) {
        if let Some((_, title)) = head.pop() {
            out.removed.push(("title", title.clone()));
            out.title = Some(title);
        }
    }
    out.removed.extend(head.into_iter().chain(tail).map(|(_, text)| ("page-chrome", text)));
    out
}

// ---------------------------------------------------------------- segmentation

/// Splits the text into units: blank-line separated blocks, and inside a
/// block one unit per line unless the block is hard-wrapped prose.
fn segment(text: &str) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut block: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let line = collapse_whitespace(raw);
        if line.is_empty() {
            flush_block(&mut block, &mut units);
        } else {
            block.push(line);
        }
    }
    flush_block(&mut block, &mut units);
    units
}

fn flush_block(block: &mut Vec<String>, units: &mut Vec<Unit>) {
    if block.is_empty() {
        return;
    }
    let lines = std::mem::take(block);
    if is_hard_wrapped(&lines) {
        let mut joined = String::new();
        for line in lines {
            append_continuation(&mut joined, &line);
        }
        units.push(Unit { text: joined, kind: ParagraphKind::Paragraph });
    } else {
        units.extend(lines.into_iter().map(|text| Unit { text, kind: ParagraphKind::Paragraph }));
    }
}

/// Prose wrapped at a fixed width: several lines of similar, moderate length,
/// most of which stop mid-sentence. Every line but the last ends near the
/// wrap width; a header block (title, byline, date line) has short lines
/// under a long one and is not wrapped prose.
fn is_hard_wrapped(lines: &[String]) -> bool {
    let Some((_, body)) = lines.split_last() else { return false };
    if body.len() < 2 {
        return false;
    }
    let lengths: Vec<usize> = body.iter().map(|line| line.chars().count()).collect();
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let shortest = lengths.iter().copied().min().unwrap_or(0);
    let unfinished = body.iter().filter(|line| !ends_sentence(line)).count();
    longest <= 100
        && shortest >= 35
        && shortest * 10 >= longest * 6
        && unfinished * 2 >= body.len()
        && !body.iter().any(|l| is_bullet(l))
}

/// Appends `next` to `text` with a space, undoing a hyphenation at a line end
/// ("Bundes-" + "regierung").
fn append_continuation(text: &mut String, next: &str) {
    if text.is_empty() {
        text.push_str(next);
        return;
    }
    let hyphenated = text.ends_with('-')
        && text.chars().rev().nth(1).is_some_and(char::is_alphabetic)
        && starts_lowercase(next);
    if hyphenated {
        text.pop();
    } else {
        text.push(' ');
    }
    text.push_str(next);
}

fn collapse_whitespace(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

// ---------------------------------------------------------------- metadata and boilerplate

fn strip_metadata_and_boilerplate(units: Vec<Unit>, rules: &RuleSet, out: &mut CleanText) -> Vec<Unit> {
    let mut body: Vec<Unit> = Vec::with_capacity(units.len());
    for unit in units {
        let removed_before = out.removed.len();
        match strip_unit(unit.text, rules, out) {
            Some(kept) => body.push(Unit { text: kept, kind: unit.kind }),
            None => {
                // A title-like line right before a media duration is the clip's title
                // ("<player notice> / <clip title> / 01:42 Min"), not article text.
                let rule = out.removed.get(removed_before).map(|(rule, _)| *rule);
                let clip_title = body.last().is_some_and(|unit| {
                    word_count(&unit.text) <= TITLE_MAX_WORDS && !ends_sentence(&unit.text)
                });
                if rule == Some(RuleKind::Duration.name()) && clip_title {
                    if let Some(title) = body.pop() {
                        out.removed.push(("media-caption", title.text));
                    }
                }
            }
        }
    }
    body
}

/// Applies the line rules to one unit; returns what remains of it.
fn strip_unit(mut text: String, rules: &RuleSet, out: &mut CleanText) -> Option<String> {
    // A date in front of the line ("date 2025-08-15 <caption>"): take it, keep the rest.
    // Every date has a digit; most lines have none, and the date rules are the costliest.
    let has_digit = text.bytes().any(|byte| byte.is_ascii_digit());
    if let Some((date, evidence, rest)) =
        has_digit.then(|| date_prefix(&text, rules, RuleKind::DatePrefix)).flatten()
    {
        out.removed.push(("date-line", evidence.clone()));
        set_published(out, date, &evidence);
        text = rest?;
    } else if let Some((date, evidence, rest)) =
        has_digit.then(|| date_prefix(&text, rules, RuleKind::DateUpdate)).flatten()
    {
        out.removed.push(("update-line", evidence.clone()));
        if out.updated.is_none() {
            out.updated = Some(Published { value: date, evidence: format!("text-line:{evidence:?}") });
        }
        text = rest?;
    }
    let folded = fold_line(&text);
    let words = word_count(&text);
    if has_digit && words <= META_LINE_MAX_WORDS {
        if let Some(date) = dates::parse_date(&text) {
            out.removed.push(("date-line", text.clone()));
            set_published(out, date, &text);
            return None;
        }
    }
    // Line rules describe short lines; long paragraphs need not be scanned.
    let short_line = text.len() <= LINE_RULE_MAX_BYTES;
    if let Some(kind) = short_line.then(|| rules.removal.find(&text, &folded)).flatten() {
        out.removed.push((kind.name(), text));
        return None;
    }
    if words <= META_LINE_MAX_WORDS {
        if let Some(names) = byline(&text, rules) {
            out.removed.push(("author", text));
            add_authors(out, names);
            return None;
        }
        if let Some(consumed) = meta_line_parts(&text, rules, out) {
            out.removed.push(("meta-line", consumed));
            return None;
        }
    }
    strip_credit(text, rules, out)
}

/// Adds authors not yet known, up to [`MAX_AUTHORS`] (a text with hundreds
/// of bylines is a list of something else, and must not cost quadratic time).
fn add_authors(out: &mut CleanText, names: Vec<String>) {
    for name in names {
        if out.authors.len() < MAX_AUTHORS && !out.authors.contains(&name) {
            out.authors.push(name);
        }
    }
}

fn set_published(out: &mut CleanText, value: String, line: &str) {
    if out.published.is_none() {
        out.published = Some(Published { value, evidence: format!("text-line:{:?}", line) });
    }
}

/// A `date_prefix` or `date_update` rule match (`kind`): (parsed date, the date
/// part of the line, the rest of the line).
fn date_prefix(text: &str, rules: &RuleSet, kind: RuleKind) -> Option<(String, String, Option<String>)> {
    for rule in rules.of_kind(kind) {
        let Some(caps) = rule.regex().and_then(|regex| regex.captures(text)) else { continue };
        let Some(date) = caps.name("date").and_then(|m| dates::parse_date(m.as_str())) else { continue };
        let rest = caps.name("rest").map(|m| m.as_str().trim()).filter(|rest| !rest.is_empty());
        let evidence_end = caps.name("rest").map_or(text.len(), |m| m.start());
        let evidence = text.get(..evidence_end).unwrap_or(text).trim().to_string();
        return Some((date, evidence, rest.map(str::to_owned)));
    }
    None
}

/// A short line made only of byline and date parts ("Von A. Name | 15.08.2025, 10:12 Uhr").
/// Fills `out` and returns the line when every part was understood.
fn meta_line_parts(text: &str, rules: &RuleSet, out: &mut CleanText) -> Option<String> {
    let parts: Vec<&str> =
        text.split([',', '|', '·', '•']).map(str::trim).filter(|p| !p.is_empty()).collect();
    if !text.contains(['|', '·', '•']) || parts.len() < 2 {
        return None;
    }
    let mut names = Vec::new();
    let mut date = None;
    let mut has_byline = false;
    for (index, part) in parts.iter().enumerate() {
        if let Some(found) = byline(part, rules) {
            names.extend(found);
            has_byline = true;
        } else if let Some(found) = date_prefix(part, rules, RuleKind::DatePrefix)
            .map(|(d, _, _)| d)
            .or_else(|| dates::parse_date(part))
        {
            date.get_or_insert(found);
        } else if is_time_of_day(part) || (has_byline && is_agency(part, rules)) {
            // "10:12 Uhr" after a date, or "dpa" after a byline.
        } else if index
            .checked_sub(1)
            .and_then(|previous| parts.get(previous))
            .is_some_and(|previous| dates::parse_date(&format!("{previous}, {part}")).is_some())
        {
            // The second half of a date split at its comma ("15. August, 2025").
        } else {
            return None;
        }
    }
    if names.is_empty() && date.is_none() {
        return None;
    }
    add_authors(out, names);
    if let Some(date) = date {
        set_published(out, date, text);
    }
    Some(text.to_string())
}

fn is_time_of_day(part: &str) -> bool {
    let part = part.trim().trim_end_matches(['.', ' ']);
    let part = part
        .strip_suffix("Uhr")
        .or_else(|| part.strip_suffix("uhr"))
        .or_else(|| part.strip_suffix("h"))
        .unwrap_or(part)
        .trim();
    let part = part.strip_prefix("um ").unwrap_or(part);
    let mut pieces = part.split([':', '.']);
    let (Some(hours), Some(minutes), None) = (pieces.next(), pieces.next(), pieces.next()) else {
        return false;
    };
    hours.len() <= 2
        && minutes.len() == 2
        && hours.chars().all(|c| c.is_ascii_digit())
        && minutes.chars().all(|c| c.is_ascii_digit())
}

fn is_agency(part: &str, rules: &RuleSet) -> bool {
    rules.agency.find(part, &fold_line(part)).is_some()
}

/// The author names of a standalone byline ("Von Max Muster und Erika Beispiel").
fn byline(text: &str, rules: &RuleSet) -> Option<Vec<String>> {
    for rule in rules.of_kind(RuleKind::Author) {
        let Some(caps) = rule.regex().and_then(|regex| regex.captures(text)) else { continue };
        let Some(names) = caps.name("names") else { continue };
        if let Some(names) = split_names(names.as_str(), rules) {
            return Some(names);
        }
    }
    None
}

/// Splits "A und B, C" into names; `None` unless every part looks like a person's name
/// (an agency name like "dpa" is accepted but dropped when there is a person too).
fn split_names(list: &str, rules: &RuleSet) -> Option<Vec<String>> {
    let mut people = Vec::new();
    let mut agencies = Vec::new();
    let separated = list.replace(" und ", ",").replace(" and ", ",").replace(" & ", ",").replace(" / ", ",");
    for part in separated.split([',', ';']).map(str::trim).filter(|part| !part.is_empty()) {
        if is_agency(part, rules) {
            agencies.push(part.to_string());
        } else if looks_like_name(part) {
            people.push(part.to_string());
        } else {
            return None;
        }
    }
    if people.is_empty() {
        people = agencies;
    }
    (!people.is_empty()).then_some(people)
}

/// One to five tokens, capitalised (initials allowed) or name particles, no digits.
fn looks_like_name(name: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "von", "van", "der", "den", "de", "zu", "di", "da", "la", "le", "du", "al", "bin", "ten", "ter",
        "dos",
    ];
    let tokens: Vec<&str> = name.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 5 || name.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if name.ends_with('.') && tokens.last().is_none_or(|last| last.chars().count() > 2) {
        return false;
    }
    let capitalised = |token: &str| token.chars().next().is_some_and(char::is_uppercase);
    tokens.iter().all(|token| capitalised(token) || PARTICLES.contains(token))
        && tokens.iter().any(|token| capitalised(token) && token.chars().count() > 2)
}

/// Removes a photo credit: the whole line when it is a caption, else only the trailing credit.
fn strip_credit(text: String, rules: &RuleSet, out: &mut CleanText) -> Option<String> {
    // A credit is short and ends the line: only the end of a long paragraph is searched.
    let mut window_start = text.len().saturating_sub(CREDIT_WINDOW_BYTES);
    while !text.is_char_boundary(window_start) {
        window_start -= 1;
    }
    let window = text.get(window_start..).unwrap_or("");
    let start = rules
        .of_kind(RuleKind::Credit)
        .filter_map(|rule| {
            rule.regex().and_then(|regex| regex.find(window)).map(|m| window_start + m.start())
        })
        .min();
    let Some(start) = start else { return Some(text) };
    let (head, tail) = (text.get(..start).unwrap_or(""), text.get(start..).unwrap_or(""));
    if !looks_like_credit(tail) {
        return Some(text);
    }
    if word_count(head) <= CAPTION_MAX_WORDS {
        out.removed.push(("caption", text));
        return None;
    }
    let kept = head.trim_end().to_string();
    out.removed.push(("credit", tail.trim().to_string()));
    Some(kept)
}

/// A credit is short and made of names, agencies and slashes, not a sentence.
fn looks_like_credit(tail: &str) -> bool {
    let words: Vec<&str> = tail.split_whitespace().collect();
    if words.is_empty() || words.len() > CREDIT_MAX_WORDS {
        return false;
    }
    if tail.trim_end().ends_with(['.', '!', '?']) && !tail.trim_end().ends_with("a.") {
        return false;
    }
    let name_like = words
        .iter()
        .filter(|word| {
            let core = word.trim_start_matches(['(', '©', '[']);
            core.is_empty() || core.contains('/') || core.chars().next().is_some_and(char::is_uppercase)
        })
        .count();
    name_like * 5 >= words.len() * 3
}

// ---------------------------------------------------------------- related-content tails

fn cut_related(units: Vec<Unit>, rules: &RuleSet, out: &mut CleanText) -> Vec<Unit> {
    let is_marker = |unit: &Unit| {
        let folded = fold_line(&unit.text);
        word_count(&unit.text) <= 12 && rules.related.find(&unit.text, &folded).is_some()
    };
    let total: usize = units.iter().map(|unit| unit.text.len()).sum();
    let mut kept = Vec::with_capacity(units.len());
    let mut seen = 0;
    let mut iter = units.into_iter();
    while let Some(unit) = iter.next() {
        if is_marker(&unit) {
            let after = total.saturating_sub(seen + unit.text.len());
            // Near the end: what follows is at most a third of what precedes.
            if after * 3 <= seen {
                out.removed.push(("related-tail", unit.text));
                out.removed.extend(iter.map(|rest| ("related-tail", rest.text)));
                break;
            }
            seen += unit.text.len();
            out.removed.push(("related", unit.text));
            continue;
        }
        seen += unit.text.len();
        kept.push(unit);
    }
    kept
}

// ---------------------------------------------------------------- page breaks and running headlines

/// Re-joins sentences split by a page break and takes out running headlines
/// pasted into them. Returns the units and the headlines found.
fn rejoin_page_breaks(units: Vec<Unit>, out: &mut CleanText) -> (Vec<Unit>, Vec<String>) {
    let mut joined: Vec<Unit> = Vec::with_capacity(units.len());
    let mut headlines = Vec::new();
    let mut iter = units.into_iter().peekable();
    while let Some(unit) = iter.next() {
        let Some(previous) = joined.last_mut() else {
            joined.push(unit);
            continue;
        };
        if is_unfinished(&previous.text) && previous.kind == ParagraphKind::Paragraph {
            if starts_lowercase(&unit.text) {
                append_continuation(&mut previous.text, &unit.text);
                continue;
            }
            let continues = iter.peek().is_some_and(|next| starts_lowercase(&next.text));
            if continues && could_be_running_headline(&unit.text) {
                if let Some(next) = iter.next() {
                    append_continuation(&mut previous.text, &next.text);
                }
                out.removed.push(("running-headline", unit.text.clone()));
                headlines.push(unit.text);
                continue;
            }
        }
        joined.push(unit);
    }
    (joined, headlines)
}

/// Removes further copies of a running headline: lines equal to one found
/// inside a split sentence, and repeats of a title-like first line (a page
/// header printed on every page). Other repeated lines are left alone: a
/// section heading may legitimately recur ("Westlicher Kriegsschauplatz").
fn remove_repeated_headlines(units: Vec<Unit>, mut headlines: Vec<String>, out: &mut CleanText) -> Vec<Unit> {
    if let Some(first) = units.first().filter(|first| could_be_running_headline(&first.text)) {
        let repeated = units.iter().skip(1).any(|unit| unit.text == first.text);
        if repeated && !headlines.contains(&first.text) {
            headlines.insert(0, first.text.clone());
        }
    }
    let known: std::collections::HashSet<&str> = headlines.iter().map(String::as_str).collect();
    let mut kept = Vec::with_capacity(units.len());
    for (index, unit) in units.into_iter().enumerate() {
        // The first line itself stays for title assignment.
        if index > 0 && known.contains(unit.text.as_str()) {
            out.removed.push(("running-headline", unit.text));
        } else {
            kept.push(unit);
        }
    }
    out.title = headlines.into_iter().next();
    kept
}

/// A title-like line of at least [`RUNNING_HEADLINE_MIN_WORDS`] words that is
/// not a list entry ("2) …", "* …", "— …"): single words like "Ticketing" and
/// numbered items are page furniture, not a running headline.
fn could_be_running_headline(text: &str) -> bool {
    let list_marker = text.starts_with(['*', '•', '-', '–', '—', '·', '(', '['])
        || text.split_whitespace().next().is_some_and(|first| {
            first.trim_end_matches([')', '.', ':']).chars().all(|c| c.is_ascii_digit())
                && first.ends_with([')', '.', ':'])
        });
    word_count(text) >= RUNNING_HEADLINE_MIN_WORDS && !list_marker && is_title_like(text)
}

// ---------------------------------------------------------------- title, headings, items

fn assign_title_and_headings(mut units: Vec<Unit>, out: &mut CleanText) -> Vec<Unit> {
    let first_is_title = units.len() >= 2
        && units.first().is_some_and(|first| is_title_like(&first.text))
        && units.iter().skip(1).any(|unit| !is_title_like(&unit.text));
    if first_is_title {
        let first = units.remove(0);
        if starts_with_kicker(&first.text, &units) {
            // "Ukraine-Krieg" above "Trump und Putin planen Gipfeltreffen": the
            // short topic line (kicker) goes, the longer line is the title.
            out.removed.push(("kicker", first.text));
            let title = units.remove(0);
            out.removed.push(("title", title.text.clone()));
            out.title = Some(title.text);
        } else {
            out.removed.push(("title", first.text.clone()));
            out.title = Some(first.text);
        }
    }
    let count = units.len();
    for index in 0..count {
        let has_next = index + 1 < count;
        let Some(unit) = units.get_mut(index) else { continue };
        if let Some(item) = strip_bullet(&unit.text) {
            unit.text = item;
            unit.kind = ParagraphKind::Item;
        } else if has_next && is_title_like(&unit.text) {
            unit.kind = ParagraphKind::Heading;
        }
    }
    units
}

/// A kicker: a short topic line right above a longer title-like line that is
/// itself followed by body text.
fn starts_with_kicker(first: &str, rest: &[Unit]) -> bool {
    let (Some(second), Some(third)) = (rest.first(), rest.get(1)) else { return false };
    let kicker_words = word_count(first);
    kicker_words <= KICKER_MAX_WORDS
        && word_count(&second.text) > kicker_words
        && is_title_like(&second.text)
        && !is_title_like(&third.text)
}

fn is_bullet(line: &str) -> bool {
    strip_bullet(line).is_some()
}

fn strip_bullet(line: &str) -> Option<String> {
    ["• ", "· ", "▪ ", "* ", "- ", "– "]
        .iter()
        .find_map(|bullet| line.strip_prefix(bullet))
        .map(|rest| rest.trim().to_string())
        .filter(|rest| !rest.is_empty())
        .filter(|_| !line.starts_with("– ") || line.len() < 200)
}

// ---------------------------------------------------------------- line shape predicates

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The last character that is not a closing quote or bracket.
fn last_significant_char(text: &str) -> Option<char> {
    text.trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '“' | '”' | '’' | '»' | '«' | ')' | ']' | '‘'))
}

/// Whether a line ends a sentence (or a clause that cannot continue on the next line).
fn ends_sentence(text: &str) -> bool {
    matches!(last_significant_char(text), Some('.' | '!' | '?' | '…' | ':' | ';'))
}

/// A paragraph cut off mid-sentence: long enough to be prose, and ending in a
/// word or a comma/dash rather than a sentence end. (A short one may look like
/// a title; what follows decides, see [`rejoin_page_breaks`].)
fn is_unfinished(text: &str) -> bool {
    // Bounded count: a paragraph grown by many joins must not be rescanned each time.
    text.split_whitespace().take(UNFINISHED_MIN_WORDS).count() >= UNFINISHED_MIN_WORDS
        && text.chars().last().is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | '–'))
}

/// Whether the first letter (after opening quotes or dashes) is lowercase.
fn starts_lowercase(text: &str) -> bool {
    text.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase)
}

/// A line that could be a title or heading: short, one phrase, no final period.
pub(crate) fn is_title_like(text: &str) -> bool {
    let words = word_count(text);
    if words == 0 || words > TITLE_MAX_WORDS || text.chars().count() > TITLE_MAX_CHARS {
        return false;
    }
    if matches!(last_significant_char(text), Some('.' | ',' | ';' | ':' | '…') | None) {
        return false;
    }
    let Some(first) = text.chars().find(|c| c.is_alphanumeric()) else { return false };
    if first.is_lowercase() {
        return false;
    }
    if words == 1 && text.chars().filter(|c| c.is_alphabetic()).count() < 4 {
        return false;
    }
    !has_inner_sentence_break(text)
}

/// "Erster Satz. Zweiter" — a sentence end followed by a capital inside the line,
/// not counting initials and ordinals ("P. Tiko", "24. Februar").
fn has_inner_sentence_break(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).any(|pair| {
        let [before, after] = pair else { return false };
        let ends = before.ends_with(['.', '!', '?']);
        let core = before.trim_end_matches(['.', '!', '?']);
        let abbreviation = core.chars().count() <= 2 || core.chars().all(|c| c.is_ascii_digit());
        ends && !abbreviation && after.chars().next().is_some_and(char::is_uppercase)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_like_shapes() {
        assert!(is_title_like("Rückkehr zur Realpolitik?"));
        assert!(is_title_like("Sorge vor Gebietsabtretungen"));
        assert!(is_title_like("Trump und Putin planen Gipfeltreffen – Neue Dynamik im Ukraine-Krieg?"));
        assert!(!is_title_like("Das ist ein Satz."));
        assert!(!is_title_like("den Krieg beenden"));
        assert!(!is_title_like("Erster Satz! Zweiter Satz"));
        assert!(!is_title_like("Das könnte Sie auch interessieren:"));
        assert!(!is_title_like(""));
    }

    #[test]
    fn hard_wrapped_blocks_are_joined() {
        let wrapped = "Die Bundesregierung hat am Montag beschlossen, dass die\n\
                       neuen Regeln ab dem kommenden Jahr gelten sollen. Kritiker\n\
                       sprechen von einem Fehler, die Opposition von einem Bundes-\n\
                       tagsdebakel ohne Beispiel.";
        let units = segment(wrapped);
        assert_eq!(units.len(), 1);
        assert!(units[0].text.contains("die neuen Regeln"));
        assert!(units[0].text.contains("Bundestagsdebakel"));
    }

    #[test]
    fn names_are_validated() {
        let rules = rule_set(Some("de"));
        assert_eq!(
            split_names("Max Muster und Erika Beispiel", rules).unwrap(),
            ["Max Muster", "Erika Beispiel"]
        );
        assert_eq!(split_names("P. Tiko, dpa", rules).unwrap(), ["P. Tiko"]);
        assert_eq!(split_names("dpa", rules).unwrap(), ["dpa"]);
        assert!(split_names("25 auf 50 Prozent", rules).is_none());
        assert!(split_names("der Regierung wird erwartet", rules).is_none());
    }

    #[test]
    fn time_of_day() {
        assert!(is_time_of_day("10:12 Uhr"));
        assert!(is_time_of_day("um 9.30 Uhr"));
        assert!(!is_time_of_day("Berlin"));
    }
}
