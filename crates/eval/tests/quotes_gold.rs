//! Validator for the news gold set of quotes and speakers (`gold/quotes/`).
//!
//! The gold is data the quote evaluation is judged against, so it must be
//! exact: every line parses, every span lies on char boundaries inside its
//! article, quote spans exclude the quotation marks, groups are coherent and
//! the set keeps the minimum counts per kind, language and split that
//! `gold/quotes/README.md` promises. Bad lines are also fed in to prove the
//! checks reject them.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Every character that opens or closes a quotation in German or English news.
const QUOTE_MARKS: &[char] = &['"', '\'', '„', '“', '”', '‚', '‘', '’', '»', '«', '›', '‹'];

/// The keys of one gold line, exactly.
const KEYS: &[&str] = &["file", "start", "end", "kind", "cue", "speaker", "speaker_name", "split", "group"];

/// One validated gold line.
#[derive(Debug, Clone)]
struct GoldQuote {
    file: String,
    start: usize,
    end: usize,
    kind: String,
    cue: Option<(usize, usize)>,
    speaker: Option<(usize, usize)>,
    speaker_name: Option<String>,
    split: String,
    group: Option<u64>,
}

fn gold_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("gold/quotes")
}

/// Reads every article of the gold folder, keyed by file name.
fn load_articles(dir: &Path) -> BTreeMap<String, String> {
    let mut articles = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("gold/quotes exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name").to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name} is not UTF-8 text: {e}"));
        articles.insert(name, text);
    }
    articles
}

/// `de-007.txt` -> ("de", 7); None for any other name.
fn parse_article_name(name: &str) -> Option<(&str, u32)> {
    let stem = name.strip_suffix(".txt")?;
    let (lang, number) = stem.split_once('-')?;
    if !matches!(lang, "de" | "en") || number.len() != 3 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((lang, number.parse().ok()?))
}

fn span_field(object: &serde_json::Map<String, Value>, key: &str) -> Result<Option<(usize, usize)>, String> {
    match object.get(key) {
        Some(Value::Null) => Ok(None),
        Some(Value::Array(pair)) if pair.len() == 2 => {
            let start = pair[0].as_u64().ok_or(format!("{key}[0] is not an offset"))?;
            let end = pair[1].as_u64().ok_or(format!("{key}[1] is not an offset"))?;
            Ok(Some((start as usize, end as usize)))
        }
        other => Err(format!("{key} must be [start, end] or null, got {other:?}")),
    }
}

/// Checks that `start..end` is a non-empty slice of `text` on char boundaries
/// without surrounding whitespace, and returns it.
fn checked_slice<'a>(text: &'a str, (start, end): (usize, usize), what: &str) -> Result<&'a str, String> {
    if start >= end {
        return Err(format!("{what}: empty or reversed span {start}..{end}"));
    }
    let slice = text
        .get(start..end)
        .ok_or(format!("{what}: {start}..{end} out of range or not on char boundaries"))?;
    if slice.trim() != slice {
        return Err(format!("{what}: {slice:?} begins or ends with whitespace"));
    }
    Ok(slice)
}

/// Parses and validates one gold line against the articles.
fn check_line(line: &str, articles: &BTreeMap<String, String>) -> Result<GoldQuote, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let object = value.as_object().ok_or("not a JSON object")?;
    let keys: HashSet<&str> = object.keys().map(String::as_str).collect();
    if keys != KEYS.iter().copied().collect::<HashSet<_>>() {
        return Err(format!("keys {keys:?} differ from {KEYS:?}"));
    }
    let string = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
    let file = string("file").ok_or("file is not a string")?;
    let text = articles.get(&file).ok_or(format!("{file} is not an article of the gold set"))?;
    let offset = |key: &str| {
        object.get(key).and_then(Value::as_u64).map(|v| v as usize).ok_or(format!("{key} is not an offset"))
    };
    let (start, end) = (offset("start")?, offset("end")?);
    let kind = string("kind").ok_or("kind is not a string")?;
    if !matches!(kind.as_str(), "direct" | "indirect" | "term" | "attribution") {
        return Err(format!("unknown kind {kind:?}"));
    }
    let content = checked_slice(text, (start, end), "quote")?;
    let first = content.chars().next().unwrap_or(' ');
    let last = content.chars().next_back().unwrap_or(' ');
    if QUOTE_MARKS.contains(&first) || QUOTE_MARKS.contains(&last) {
        return Err(format!("quote {content:?} includes a quotation mark at its edge"));
    }
    if kind == "direct" || kind == "term" {
        // The span excludes the marks, so an opening mark sits right before it.
        let before = text[..start].chars().next_back().unwrap_or(' ');
        if !QUOTE_MARKS.contains(&before) {
            return Err(format!("{kind} {content:?} is not preceded by a quotation mark"));
        }
    }
    let cue = span_field(object, "cue")?;
    let speaker = span_field(object, "speaker")?;
    if let Some(span) = cue {
        checked_slice(text, span, "cue")?;
    }
    if let Some(span) = speaker {
        checked_slice(text, span, "speaker")?;
    }
    let speaker_name = match object.get("speaker_name") {
        Some(Value::Null) => None,
        Some(Value::String(name)) if !name.trim().is_empty() => Some(name.clone()),
        other => return Err(format!("speaker_name must be a non-empty string or null, got {other:?}")),
    };
    if kind == "term" && (cue.is_some() || speaker.is_some() || speaker_name.is_some()) {
        return Err(format!("term {content:?} must have no cue, speaker or speaker_name"));
    }
    let split = string("split").ok_or("split is not a string")?;
    let (_, number) = parse_article_name(&file).ok_or(format!("bad article name {file}"))?;
    let expected_split = if number % 2 == 1 { "dev" } else { "test" };
    if split != expected_split {
        return Err(format!("{file} must be in split {expected_split}, not {split}"));
    }
    let group = match object.get("group") {
        Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_u64().ok_or("group is not a non-negative integer")?),
        other => return Err(format!("group must be an integer or null, got {other:?}")),
    };
    Ok(GoldQuote { file, start, end, kind, cue, speaker, speaker_name, split, group })
}

fn load_gold() -> (BTreeMap<String, String>, Vec<GoldQuote>) {
    let dir = gold_dir();
    let articles = load_articles(&dir);
    let jsonl = std::fs::read_to_string(dir.join("gold.jsonl")).expect("gold.jsonl is readable UTF-8");
    let mut quotes = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in jsonl.lines().enumerate() {
        match check_line(line, &articles) {
            Ok(quote) => quotes.push(quote),
            Err(error) => errors.push(format!("line {}: {error}", index + 1)),
        }
    }
    assert!(errors.is_empty(), "invalid gold lines:\n{}", errors.join("\n"));
    (articles, quotes)
}

fn text_of<'a>(articles: &'a BTreeMap<String, String>, quote: &GoldQuote) -> &'a str {
    &articles[&quote.file][quote.start..quote.end]
}

/// A quote whose speaker is not a plain "said X" with X's name: no speaker,
/// no cue (carried over), a pronoun or role, or one part of a split quote.
fn is_hard(articles: &BTreeMap<String, String>, quote: &GoldQuote) -> bool {
    let Some((start, end)) = quote.speaker else { return true };
    let mention = &articles[&quote.file][start..end];
    let named = quote
        .speaker_name
        .as_deref()
        .and_then(|name| name.split_whitespace().next_back())
        .is_some_and(|surname| mention.contains(surname));
    quote.cue.is_none() || quote.group.is_some() || !named
}

#[test]
fn every_line_is_valid() {
    let (_, quotes) = load_gold();
    assert!(!quotes.is_empty());
    let mut seen = HashSet::new();
    for quote in &quotes {
        assert!(
            seen.insert((quote.file.clone(), quote.start, quote.end, quote.kind.clone())),
            "duplicate line {quote:?}"
        );
    }
}

#[test]
fn articles_are_well_formed_news_texts() {
    let (articles, quotes) = load_gold();
    let annotated: HashSet<&str> = quotes.iter().map(|q| q.file.as_str()).collect();
    for (name, text) in &articles {
        assert!(parse_article_name(name).is_some(), "unexpected file name {name}");
        let headline = text.lines().next().unwrap_or("");
        assert!(!headline.trim().is_empty() && headline.len() < 200, "{name}: the first line is a headline");
        assert!(text.contains("\n\n"), "{name}: paragraphs are separated by a blank line");
        let words = text.split_whitespace().count();
        assert!((200..=600).contains(&words), "{name}: {words} words, expected 200-600");
        assert!(annotated.contains(name.as_str()), "{name} has no gold line");
    }
}

#[test]
fn groups_join_parts_of_one_quote() {
    let (_, quotes) = load_gold();
    let mut groups: HashMap<u64, Vec<&GoldQuote>> = HashMap::new();
    for quote in &quotes {
        if let Some(group) = quote.group {
            groups.entry(group).or_default().push(quote);
        }
    }
    assert!(groups.len() >= 20, "split and multi-paragraph quotes: {}", groups.len());
    for (group, parts) in &groups {
        assert!(parts.len() >= 2, "group {group} has a single part");
        let first = parts[0];
        for part in parts {
            assert_eq!(part.file, first.file, "group {group} spans files");
            assert_eq!(part.kind, "direct", "group {group} joins direct quotes only");
            assert_eq!(part.speaker_name, first.speaker_name, "group {group}: one speaker");
        }
    }
}

#[test]
fn counts_reach_the_promised_minimums() {
    let (articles, quotes) = load_gold();
    let langs: Vec<&str> =
        articles.keys().filter_map(|name| parse_article_name(name)).map(|(lang, _)| lang).collect();
    let german = langs.iter().filter(|&&l| l == "de").count();
    let english = langs.iter().filter(|&&l| l == "en").count();
    assert!(german + english >= 30, "articles: {}", german + english);
    assert!(german >= 20 && english >= 10, "de {german}, en {english}");

    let count = |kind: &str| quotes.iter().filter(|q| q.kind == kind).count();
    assert!(count("direct") >= 150, "direct: {}", count("direct"));
    assert!(count("indirect") >= 30, "indirect: {}", count("indirect"));
    assert!(count("term") >= 20, "term: {}", count("term"));
    assert!(count("attribution") >= 20, "attribution: {}", count("attribution"));

    let hard = quotes.iter().filter(|q| q.kind == "direct" && is_hard(&articles, q)).count();
    assert!(hard >= 40, "hard direct quotes: {hard}");

    // Every kind in every language and split, so each cell can be scored.
    for lang in ["de", "en"] {
        for split in ["dev", "test"] {
            for kind in ["direct", "indirect", "term", "attribution"] {
                let cell = quotes
                    .iter()
                    .filter(|q| q.file.starts_with(lang) && q.split == split && q.kind == kind)
                    .count();
                let minimum = if kind == "direct" { 30 } else { 5 };
                assert!(cell >= minimum, "{lang}/{split}/{kind}: {cell} < {minimum}");
            }
        }
    }
}

#[test]
fn every_quote_style_is_present() {
    let (articles, quotes) = load_gold();
    let openers: HashSet<char> = quotes
        .iter()
        .filter(|q| q.kind == "direct" || q.kind == "term")
        .filter_map(|q| articles[&q.file][..q.start].chars().next_back())
        .collect();
    for mark in ['„', '"', '“', '»', '«', '‚', '‘'] {
        assert!(openers.contains(&mark), "no quote opened with {mark}");
    }
}

#[test]
fn seed_like_cases_are_annotated_as_the_issue_says() {
    let (articles, quotes) = load_gold();
    let find = |file: &str, content: &str| {
        quotes
            .iter()
            .find(|q| q.file == file && text_of(&articles, q) == content)
            .unwrap_or_else(|| panic!("{file}: no gold line for {content:?}"))
    };
    let speaker_text = |q: &GoldQuote| q.speaker.map(|(s, e)| &articles[&q.file][s..e]);
    let cue_text = |q: &GoldQuote| q.cue.map(|(s, e)| &articles[&q.file][s..e]);

    let trump_like = find("de-002.txt", "Das zweite Treffen wird sehr, sehr wichtig sein");
    assert_eq!(trump_like.kind, "direct");
    assert_eq!((cue_text(trump_like), speaker_text(trump_like)), (Some("sagte"), Some("Kesteren")));
    let so_x = find("de-002.txt", "sehr hoch");
    assert_eq!((so_x.kind.as_str(), cue_text(so_x)), ("direct", Some("so")));
    assert_eq!(so_x.speaker_name.as_deref(), Some("Arvid Kesteren"));
    assert_eq!(find("de-002.txt", "produktiven").kind, "term");
    assert_eq!(find("de-002.txt", "Gebietstausch").kind, "term");
    let role = find(
        "de-002.txt",
        "Vor dem Beginn von Verhandlungen über die Grenze sei eine Waffenruhe im Delta notwendig",
    );
    assert_eq!(role.kind, "indirect");
    assert_eq!(speaker_text(role), Some("Kalvoniens außenpolitischer Berater"));
    assert_eq!(role.speaker_name.as_deref(), Some("Ilja Wardanow"));

    let attribution = find("en-002.txt", "more than 20,000 people have fled the delta since March");
    assert_eq!((attribution.kind.as_str(), cue_text(attribution)), ("attribution", Some("According to")));

    // A quote inside a quote is its own line, with its own speaker.
    let nested = find("en-012.txt", "Get your jackets on, lads, she’s taking water");
    assert_eq!(nested.speaker_name.as_deref(), Some("Alan Rowe"));
    assert_eq!(nested.group, None);
}

#[test]
fn bad_lines_are_rejected() {
    let mut articles = BTreeMap::new();
    articles.insert("de-001.txt".to_string(), "Titel\n\n„Grüße“, sagte sie.\n".to_string());
    let good = r#"{"file": "de-001.txt", "start": 10, "end": 17, "kind": "direct", "cue": [22, 27], "speaker": [28, 31], "speaker_name": "Eva", "split": "dev", "group": null}"#;
    let quote = check_line(good, &articles).expect("the well-formed line passes");
    assert_eq!(text_of(&articles, &quote), "Grüße");

    let bad = [
        ("not json", "not JSON"),
        (&good.replace("\"dev\"", "\"test\""), "split"),
        (&good.replace("\"start\": 10", "\"start\": 7"), "quotation mark"),
        (&good.replace("\"end\": 17", "\"end\": 15"), "char boundaries"),
        (&good.replace("\"end\": 17", "\"end\": 999"), "out of range"),
        (&good.replace("\"kind\": \"direct\"", "\"kind\": \"quote\""), "unknown kind"),
        (&good.replace("de-001.txt", "de-999.txt"), "not an article"),
        (&good.replace("[22, 27]", "[27, 22]"), "reversed"),
        (&good.replace("[28, 31]", "[27, 31]"), "whitespace"),
        (&good.replace(", \"group\": null", ""), "keys"),
        (&good.replace("\"speaker_name\": \"Eva\"", "\"speaker_name\": \"\""), "speaker_name"),
    ];
    for (line, expected) in bad {
        let error = check_line(line, &articles).expect_err(line);
        assert!(error.contains(expected), "{line}: {error} (expected {expected:?})");
    }
    let term = good.replace("\"direct\"", "\"term\"");
    assert!(check_line(&term, &articles).expect_err("term with speaker").contains("term"));
}
