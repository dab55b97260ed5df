//! The export format as users see it: schema conformance, determinism,
//! nulls, byte offsets, JSONL round trips and the streaming writers.

use std::path::PathBuf;

use serde_json::{json, Value};
use wirewatch_export::{
    read_json, read_jsonl, write_json, write_jsonl, DocumentV1, Export, JsonWriter, JsonlWriter,
    MentionRefV1, MentionV1, QuoteV1, SpanV1, SpeakerV1, TextRangeV1, TimexV1, GENERATOR, SCHEMA_VERSION,
};
use wirewatch_model::{
    ContentKind, Dateline, DocId, Document, Layers, Mention, MentionForm, MentionType, ParagraphKind,
    Published, PublishedWindow, Quote, QuoteKind, Sentence, Span, Speaker, TextBuilder, TextRange, Timex,
    TimexType,
};

/// A timex over the first occurrence of `needle` in `text`.
fn timex(text: &str, needle: &str, kind: TimexType, value: &str) -> Timex {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    Timex {
        start,
        end: start + needle.len(),
        text: needle.into(),
        kind,
        value: value.into(),
        modifier: None,
        earliest: None,
        latest: None,
        anchor: None,
    }
}

/// A mention over the first occurrence of `needle` in `text`.
fn mention(text: &str, needle: &str, kind: MentionType, confidence: f32) -> Mention {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    Mention {
        start,
        end: start + needle.len(),
        text: needle.into(),
        kind,
        form: None,
        confidence,
        role_of: None,
    }
}

/// A German document with every field set and multi-byte characters before
/// every offset, so byte and char offsets differ.
fn full_document() -> Document {
    let mut builder = TextBuilder::new();
    builder.push(ParagraphKind::Heading, "Über „Frieden“ in Anchorage");
    builder.push(
        ParagraphKind::Paragraph,
        "ANCHORAGE – Die russisch-amerikanischen Gespräche dauern an, sagte Kremlsprecher Jörg Weiß.",
    );
    builder.push(ParagraphKind::Quote, "„Wir sind zuversichtlich.“");
    builder.push(ParagraphKind::Item, "Punkt 1 – Zölle");
    builder.push(ParagraphKind::Table, "Land\tZoll");
    builder.push(ParagraphKind::Paragraph, "Am Freitag endet die Frist – seit dreieinhalb Jahren.");
    let (text, paragraphs) = builder.finish();
    let start = text.find("ANCHORAGE").unwrap_or(0);
    let sentences = paragraphs.iter().map(|p| Sentence { start: p.start, end: p.end }).collect();
    let friday = Timex {
        earliest: Some("2025-08-15".into()),
        latest: Some("2025-08-15".into()),
        anchor: Some("dct".into()),
        ..timex(&text, "Am Freitag", TimexType::Date, "2025-08-15")
    };
    let years = Timex {
        modifier: Some("APPROX".into()),
        ..timex(&text, "seit dreieinhalb Jahren", TimexType::Duration, "P3.5Y")
    };
    // Every type and form, a linked role, and confidences that need rounding.
    let mentions = vec![
        mention(&text, "Anchorage", MentionType::Loc, 0.97),
        Mention {
            form: Some(MentionForm::Deriv),
            ..mention(&text, "russisch-amerikanischen", MentionType::Loc, 0.612_345)
        },
        Mention { role_of: Some(3), ..mention(&text, "Kremlsprecher", MentionType::Role, 0.9) },
        mention(&text, "Jörg Weiß", MentionType::Per, 0.999_9),
    ];
    Document {
        id: DocId("0123456789abcdef".into()),
        source: "corpus/articles.jsonl:12".into(),
        url: Some("https://example.org/2025/08/15/gespraeche".into()),
        title: Some("Über „Frieden“".into()),
        authors: vec!["Jörg Weiß".into(), "Anna Müller".into()],
        outlet: Some("Tagesblatt".into()),
        language: Some("de".into()),
        published: Some(Published {
            value: "2025-08-15T10:00:00+02:00".into(),
            evidence: "json-ld:datePublished".into(),
        }),
        dateline: Some(Dateline { place: "ANCHORAGE".into(), start, end: start + "ANCHORAGE".len() }),
        text,
        paragraphs,
        encoding: "UTF-8".into(),
        kind: ContentKind::Html,
        layers: Layers {
            sentences,
            timexes: vec![friday, years],
            published_window: None,
            mentions,
            quotes: vec![],
        },
    }
}

/// An English plain-text document with every optional field empty.
fn bare_document() -> Document {
    Document {
        id: DocId("fedcba9876543210".into()),
        source: "dump.txt".into(),
        url: None,
        title: None,
        authors: vec![],
        outlet: None,
        language: None,
        published: None,
        dateline: None,
        text: "Plain text.\nWith \"quotes\", a tab\tand a backslash \\.".into(),
        paragraphs: vec![],
        encoding: "windows-1252".into(),
        kind: ContentKind::Text,
        layers: Default::default(),
    }
}

/// An undated English document whose only time expression is unresolved,
/// so its interval is open, with an estimated publication window.
fn undated_document() -> Document {
    let text = "Talks resumed on Thursday. In January 2025 they had failed.".to_string();
    let thursday = timex(&text, "on Thursday", TimexType::Date, "XXXX-WXX-4");
    let january = Timex {
        earliest: Some("2025-01-01".into()),
        latest: Some("2025-01-31".into()),
        ..timex(&text, "January 2025", TimexType::Date, "2025-01")
    };
    Document {
        id: DocId("00112233aabbccdd".into()),
        source: "undated.txt".into(),
        url: None,
        title: None,
        authors: vec![],
        outlet: None,
        language: Some("en".into()),
        published: None,
        dateline: None,
        paragraphs: vec![],
        encoding: "UTF-8".into(),
        kind: ContentKind::Text,
        layers: Layers {
            sentences: vec![Sentence { start: 0, end: 26 }, Sentence { start: 27, end: text.len() }],
            timexes: vec![thursday, january],
            published_window: Some(PublishedWindow {
                earliest: Some("2025-01-31".into()),
                latest: None,
                evidence: "\"January 2025\" in the past tense".into(),
            }),
            mentions: vec![],
            quotes: vec![],
        },
        text,
    }
}

fn sample_export() -> Export {
    Export::from_documents(&[full_document(), bare_document(), undated_document()])
}

fn to_json_bytes(export: &Export) -> Vec<u8> {
    let mut out = Vec::new();
    write_json(export, &mut out).unwrap();
    out
}

fn schema() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap()
}

// --- A small JSON Schema validator -------------------------------------
//
// The `jsonschema` crate pulls in an HTTP client and TLS; this covers the
// keywords docs/export.schema.json uses and refuses any other, so no
// keyword is ever silently unchecked. It is also stricter than the schema:
// an object must have exactly the declared properties, all of them required,
// which checks the schema and the Rust types against each other.

const ANNOTATIONS: &[&str] = &["$schema", "$id", "title", "description", "$comment", "$defs"];

fn validate(root: &Value, schema: &Value, instance: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(schema) = schema.as_object() else {
        errors.push(format!("{path}: schema is not an object"));
        return;
    };
    for (keyword, rule) in schema {
        match keyword.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => {
                let target = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .and_then(|name| root.get("$defs").and_then(|defs| defs.get(name)));
                match target {
                    Some(target) => validate(root, target, instance, path, errors),
                    None => errors.push(format!("{path}: unresolvable $ref {rule}")),
                }
            }
            "type" => {
                let allowed: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !allowed.iter().any(|t| has_type(instance, t)) {
                    errors.push(format!("{path}: {instance} is not of type {rule}"));
                }
            }
            "const" if instance != rule => errors.push(format!("{path}: {instance} != const {rule}")),
            "enum" if !rule.as_array().is_some_and(|values| values.contains(instance)) => {
                errors.push(format!("{path}: {instance} not in {rule}"))
            }
            "const" | "enum" => {}
            "pattern" => {
                if let (Some(text), Some(pattern)) = (instance.as_str(), rule.as_str()) {
                    let re = regex::Regex::new(pattern).unwrap();
                    if !re.is_match(text) {
                        errors.push(format!("{path}: {text:?} does not match {pattern}"));
                    }
                }
            }
            "minimum" => {
                if let (Some(n), Some(min)) = (instance.as_f64(), rule.as_f64()) {
                    if n < min {
                        errors.push(format!("{path}: {n} < minimum {min}"));
                    }
                }
            }
            "maximum" => {
                if let (Some(n), Some(max)) = (instance.as_f64(), rule.as_f64()) {
                    if n > max {
                        errors.push(format!("{path}: {n} > maximum {max}"));
                    }
                }
            }
            "items" => {
                if let Some(items) = instance.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        validate(root, rule, item, &format!("{path}/{i}"), errors);
                    }
                }
            }
            "oneOf" => {
                let branches = rule.as_array().cloned().unwrap_or_default();
                let passing = branches
                    .iter()
                    .filter(|branch| {
                        let mut branch_errors = Vec::new();
                        validate(root, branch, instance, path, &mut branch_errors);
                        branch_errors.is_empty()
                    })
                    .count();
                if passing != 1 {
                    errors.push(format!("{path}: {passing} oneOf branches match, expected exactly 1"));
                }
            }
            "required" => {
                if let Some(object) = instance.as_object() {
                    for name in rule.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        if !object.contains_key(name) {
                            errors.push(format!("{path}: missing required property {name}"));
                        }
                    }
                }
            }
            "properties" => {
                let Some(object) = instance.as_object() else { continue };
                let declared = rule.as_object().cloned().unwrap_or_default();
                let required: Vec<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                for (name, sub) in &declared {
                    if !required.contains(&name.as_str()) {
                        errors.push(format!("{path}: schema declares {name} but does not require it"));
                    }
                    if let Some(value) = object.get(name) {
                        validate(root, sub, value, &format!("{path}/{name}"), errors);
                    }
                }
                for name in object.keys() {
                    if !declared.contains_key(name) {
                        errors.push(format!("{path}: property {name} is not in the schema"));
                    }
                }
            }
            other => errors.push(format!("{path}: validator does not support keyword {other}")),
        }
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_u64() || value.is_i64(),
        _ => false,
    }
}

fn schema_errors(instance: &Value) -> Vec<String> {
    let schema = schema();
    let mut errors = Vec::new();
    validate(&schema, &schema, instance, "", &mut errors);
    errors
}

// --- Tests --------------------------------------------------------------

#[test]
fn sample_export_validates_against_the_schema() {
    let value: Value = serde_json::from_slice(&to_json_bytes(&sample_export())).unwrap();
    assert_eq!(schema_errors(&value), Vec::<String>::new());
    let empty: Value = serde_json::from_slice(&to_json_bytes(&Export::default())).unwrap();
    assert_eq!(schema_errors(&empty), Vec::<String>::new());
}

#[test]
fn span_type_matches_the_schema_span_definition() {
    // The span definition is not used by version 1 output yet; check it
    // against the Rust type so later stages inherit a consistent contract.
    let schema = schema();
    let span =
        serde_json::to_value(SpanV1::from(&Span { doc: DocId("0123456789abcdef".into()), start: 3, end: 9 }))
            .unwrap();
    let mut errors = Vec::new();
    validate(&schema, &schema["$defs"]["span"], &span, "span", &mut errors);
    assert_eq!(errors, Vec::<String>::new());
}

#[test]
fn the_validator_is_not_vacuous() {
    let good: Value = serde_json::from_slice(&to_json_bytes(&sample_export())).unwrap();
    type Mutation = Box<dyn Fn(&mut Value)>;
    let mutations: Vec<(&str, Mutation)> = vec![
        ("missing field", Box::new(|v| drop(v["documents"][0].as_object_mut().unwrap().remove("title")))),
        ("extra field", Box::new(|v| v["documents"][0]["secret"] = json!(1))),
        ("bad date", Box::new(|v| v["documents"][0]["published"] = json!("15.08.2025"))),
        ("bad id", Box::new(|v| v["documents"][0]["id"] = json!("XYZ"))),
        ("negative offset", Box::new(|v| v["documents"][0]["paragraphs"][0]["start"] = json!(-1))),
        ("bad kind", Box::new(|v| v["documents"][0]["paragraphs"][0]["kind"] = json!("aside"))),
        ("dateline string", Box::new(|v| v["documents"][0]["dateline"] = json!("Anchorage"))),
        ("wrong version", Box::new(|v| v["schema_version"] = json!("2"))),
        ("no sentences", Box::new(|v| drop(v["documents"][0].as_object_mut().unwrap().remove("sentences")))),
        ("window string", Box::new(|v| v["documents"][2]["published_window"] = json!("2025"))),
        (
            "window bad day",
            Box::new(|v| v["documents"][2]["published_window"]["earliest"] = json!("31.01.2025")),
        ),
        ("timex bad kind", Box::new(|v| v["timexes"][0]["kind"] = json!("date"))),
        ("timex without mod", Box::new(|v| drop(v["timexes"][0].as_object_mut().unwrap().remove("mod")))),
        ("timex bad anchor", Box::new(|v| v["timexes"][0]["anchor"] = json!("yesterday"))),
        ("timex bad doc", Box::new(|v| v["timexes"][0]["doc"] = json!("doc-1"))),
        ("timex negative start", Box::new(|v| v["timexes"][1]["start"] = json!(-3))),
        ("no conflicts", Box::new(|v| drop(v.as_object_mut().unwrap().remove("conflicts")))),
        ("mention bad kind", Box::new(|v| v["mentions"][0]["kind"] = json!("PERSON"))),
        ("mention type not kind", Box::new(|v| v["mentions"][0]["type"] = json!("PER"))),
        ("mention bad form", Box::new(|v| v["mentions"][1]["form"] = json!("-deriv"))),
        ("mention confidence > 1", Box::new(|v| v["mentions"][0]["confidence"] = json!(1.5))),
        ("mention confidence string", Box::new(|v| v["mentions"][0]["confidence"] = json!("0.9"))),
        ("mention role_of index", Box::new(|v| v["mentions"][2]["role_of"] = json!(3))),
        (
            "mention role_of no end",
            Box::new(|v| drop(v["mentions"][2]["role_of"].as_object_mut().unwrap().remove("end"))),
        ),
        (
            "mention without role_of",
            Box::new(|v| drop(v["mentions"][0].as_object_mut().unwrap().remove("role_of"))),
        ),
        (
            "mention without form",
            Box::new(|v| drop(v["mentions"][0].as_object_mut().unwrap().remove("form"))),
        ),
    ];
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(!schema_errors(&bad).is_empty(), "{what} passed validation");
    }
}

#[test]
fn python_jsonschema_agrees_when_available() {
    // A second opinion from a full validator; skipped where Python's
    // jsonschema package is not installed.
    let dir = std::env::temp_dir().join(format!("wirewatch-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let instance = dir.join("export.json");
    std::fs::write(&instance, to_json_bytes(&sample_export())).unwrap();
    let schema_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.schema.json");
    let script = "import json,sys,jsonschema\n\
                  s=json.load(open(sys.argv[1])); i=json.load(open(sys.argv[2]))\n\
                  jsonschema.Draft202012Validator.check_schema(s)\n\
                  jsonschema.Draft202012Validator(s).validate(i)\n";
    let result =
        std::process::Command::new("python3").arg("-c").arg(script).arg(&schema_path).arg(&instance).output();
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(output) if output.status.success() => {}
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            if stderr.contains("No module named") {
                eprintln!("skipping: python3 jsonschema not installed");
            } else {
                panic!("python jsonschema rejects the export:\n{stderr}");
            }
        }
        Err(_) => eprintln!("skipping: python3 not found"),
    }
}

#[test]
fn output_is_deterministic_and_field_order_is_stable() {
    let first = to_json_bytes(&sample_export());
    let second = to_json_bytes(&sample_export());
    assert_eq!(first, second);
    let text = String::from_utf8(first).unwrap();
    let keys = [
        "id",
        "source",
        "url",
        "title",
        "authors",
        "outlet",
        "language",
        "published",
        "published_evidence",
        "published_window",
        "dateline",
        "text",
        "paragraphs",
        "sentences",
        "encoding",
        "kind",
    ];
    // A document's own fields sit at six spaces of indentation.
    let positions: Vec<usize> =
        keys.iter().map(|k| text.find(&format!("\n      \"{k}\":")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "document fields out of order: {positions:?}");
    let top = [
        "\"schema_version\"",
        "\"generator\"",
        "\"documents\"",
        "\"entities\"",
        "\"mentions\"",
        "\"timexes\"",
        "\"quotes\"",
        "\"events\"",
        "\"conflicts\"",
    ];
    let positions: Vec<usize> = top.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "top-level fields out of order: {positions:?}");
    assert!(text.ends_with("}\n"));
}

#[test]
fn absent_values_are_null_or_empty_never_missing() {
    let value = serde_json::to_value(DocumentV1::from(&bare_document())).unwrap();
    for field in [
        "url",
        "title",
        "outlet",
        "language",
        "published",
        "published_evidence",
        "published_window",
        "dateline",
    ] {
        assert_eq!(value[field], Value::Null, "{field}");
        assert!(value.as_object().unwrap().contains_key(field), "{field} must be present as null");
    }
    assert_eq!(value["authors"], json!([]));
    assert_eq!(value["paragraphs"], json!([]));
    assert_eq!(value["sentences"], json!([]));
    // A timex's optional parts are null, not missing, too.
    let timex = serde_json::to_value(TimexV1::of_document(&undated_document()).next().unwrap()).unwrap();
    for field in ["mod", "earliest", "latest", "anchor"] {
        assert_eq!(timex.get(field), Some(&Value::Null), "timex {field}");
    }
    let export: Value = serde_json::from_slice(&to_json_bytes(&Export::default())).unwrap();
    for list in ["documents", "entities", "mentions", "timexes", "quotes", "events", "conflicts"] {
        assert_eq!(export[list], json!([]), "{list}");
    }
    assert_eq!(export["schema_version"], json!(SCHEMA_VERSION));
    assert_eq!(export["generator"], json!(GENERATOR));
}

#[test]
fn published_and_evidence_come_from_the_model() {
    let doc = DocumentV1::from(&full_document());
    assert_eq!(doc.published.as_deref(), Some("2025-08-15T10:00:00+02:00"));
    assert_eq!(doc.published_evidence.as_deref(), Some("json-ld:datePublished"));
    assert_eq!(doc.kind, "html");
    assert_eq!(doc.paragraphs[0].kind, "heading");
    assert_eq!(
        doc.paragraphs.iter().map(|p| p.kind.as_str()).collect::<Vec<_>>(),
        ["heading", "paragraph", "quote", "item", "table", "paragraph"]
    );
}

#[test]
fn offsets_stay_utf8_byte_offsets_through_json() {
    let original = full_document();
    let bytes = to_json_bytes(&Export::from_documents([&original]));
    let back: Value = serde_json::from_slice(&bytes).unwrap();
    let doc = &back["documents"][0];
    let text = doc["text"].as_str().unwrap();
    // Slicing the decoded text by the exported offsets as bytes gives each paragraph.
    for (exported, model) in doc["paragraphs"].as_array().unwrap().iter().zip(&original.paragraphs) {
        let start = exported["start"].as_u64().unwrap() as usize;
        let end = exported["end"].as_u64().unwrap() as usize;
        assert_eq!((start, end), (model.start, model.end));
        assert_eq!(&text.as_bytes()[start..end], &original.text.as_bytes()[model.start..model.end]);
    }
    let start = doc["dateline"]["start"].as_u64().unwrap() as usize;
    let end = doc["dateline"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&text.as_bytes()[start..end], b"ANCHORAGE");
    // And they are not char offsets: "Über „Frieden“" has multi-byte characters first.
    assert_ne!(text.chars().count(), text.len());
    assert!(start > text[..start].chars().count());
}

#[test]
fn json_reads_back_to_the_same_export() {
    let export = sample_export();
    let back = read_json(&to_json_bytes(&export)[..]).unwrap();
    assert_eq!(back, export);
    assert!(read_json(&b"{\"schema_version\": 1}"[..]).is_err());
    assert!(read_json(&b""[..]).is_err());
}

#[test]
fn readers_tolerate_additive_changes() {
    let mut value: Value = serde_json::from_slice(&to_json_bytes(&sample_export())).unwrap();
    value["documents"][0]["sentiment"] = json!(0.5);
    value["clusters"] = json!([]);
    let back = read_json(serde_json::to_vec(&value).unwrap().as_slice()).unwrap();
    assert_eq!(back.documents, sample_export().documents);
}

#[test]
fn streaming_json_writer_matches_write_json_byte_for_byte() {
    for documents in [
        vec![],
        vec![full_document()],
        vec![bare_document()],
        vec![full_document(), bare_document(), undated_document()],
    ] {
        let mut writer = JsonWriter::new(Vec::new()).unwrap();
        for document in &documents {
            writer.document(document).unwrap();
        }
        let streamed = writer.finish().unwrap();
        let whole = to_json_bytes(&Export::from_documents(&documents));
        assert_eq!(String::from_utf8(streamed).unwrap(), String::from_utf8(whole).unwrap());
    }
}

#[test]
fn jsonl_has_a_header_then_one_tagged_object_per_line() {
    let mut export = sample_export();
    export.entities.push(json!({"id": "e1", "name": "Jörg Weiß"}));
    let mut out = Vec::new();
    write_jsonl(&export, &mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Header, three documents, the entity, four mentions, four timexes.
    assert_eq!(lines.len(), 13);
    assert!(text.ends_with('\n'));
    assert!(lines[0].starts_with("{\"type\":\"header\""), "{}", lines[0]);
    let header: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(header, json!({"type": "header", "schema_version": SCHEMA_VERSION, "generator": GENERATOR}));
    for line in &lines[1..4] {
        assert!(line.starts_with("{\"type\":\"document\",\"id\":"), "{line}");
    }
    assert!(lines[4].starts_with("{\"type\":\"entity\""), "{}", lines[4]);
    for line in &lines[5..9] {
        assert!(line.starts_with("{\"type\":\"mention\",\"doc\":"), "{line}");
    }
    for line in &lines[9..] {
        assert!(line.starts_with("{\"type\":\"timex\",\"doc\":"), "{line}");
    }
    for line in &lines[5..] {
        // One "type" key per line: the tag is never shadowed by a field.
        assert_eq!(line.matches("\"type\":").count(), 1, "{line}");
    }
    // Each document line, minus its tag, is the document object of the JSON format.
    let mut first: Value = serde_json::from_str(lines[1]).unwrap();
    first.as_object_mut().unwrap().remove("type");
    assert_eq!(first, serde_json::to_value(&export.documents[0]).unwrap());
    // And the whole file reads back.
    assert_eq!(read_jsonl(&out[..]).unwrap(), export);
}

#[test]
fn jsonl_writer_streams_documents() {
    let mut writer = JsonlWriter::new(Vec::new()).unwrap();
    writer.document(&full_document()).unwrap();
    writer.document(&bare_document()).unwrap();
    writer.document(&undated_document()).unwrap();
    let out = writer.finish().unwrap();
    let mut whole = Vec::new();
    write_jsonl(&sample_export(), &mut whole).unwrap();
    assert_eq!(out, whole);
    let back = read_jsonl(&out[..]).unwrap();
    assert_eq!(back.documents, sample_export().documents);
}

#[test]
fn jsonl_reader_rejects_bad_input_with_line_numbers() {
    let header = format!("{{\"type\":\"header\",\"schema_version\":\"1\",\"generator\":\"{GENERATOR}\"}}\n");
    let cases = [
        (String::new(), "no header"),
        ("{\"type\":\"document\"}\n".to_string(), "line 1"),
        (format!("{header}not json\n"), "line 2"),
        (format!("{header}[1,2]\n"), "line 2"),
        (format!("{header}{{\"id\":\"x\"}}\n"), "line 2"),
        (format!("{header}{{\"type\":\"document\",\"id\":5}}\n"), "line 2"),
        (format!("{header}\n{header}"), "line 3"),
    ];
    for (input, expected) in cases {
        let err = read_jsonl(input.as_bytes()).unwrap_err();
        assert!(err.to_string().contains(expected), "{input:?}: {err}");
    }
    // Unknown line types from a newer minor version are skipped.
    let newer = format!("{header}{{\"type\":\"cluster\",\"members\":[]}}\n");
    assert!(read_jsonl(newer.as_bytes()).unwrap().documents.is_empty());
}

#[test]
fn jsonl_line_rejects_non_objects_without_panicking() {
    let mut writer = JsonlWriter::new(Vec::new()).unwrap();
    assert!(writer.line("entity", &json!(42)).is_err());
    assert!(writer.line("entity", &json!({"name": "Köln"})).is_ok());
}

#[test]
fn the_worked_example_in_the_docs_is_right() {
    // docs/export.md quotes these numbers; keep them true.
    let mut builder = TextBuilder::new();
    builder.push(ParagraphKind::Heading, "Über „Frieden“");
    builder.push(ParagraphKind::Paragraph, "ANCHORAGE – Die Gespräche …");
    let (text, paragraphs) = builder.finish();
    assert_eq!((paragraphs[0].start, paragraphs[0].end), (0, 19));
    assert_eq!("Über „Frieden“".chars().count(), 14);
    let start = text.find("ANCHORAGE").unwrap();
    assert_eq!((start, start + 9), (21, 30));
    let chars: String = text.chars().skip(21).take(9).collect();
    assert_eq!(chars, "RAGE – Di");
    let docs =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.md"))
            .unwrap();
    assert!(docs.contains("{\"start\": 0, \"end\": 19, \"kind\": \"heading\"}"));
    assert!(docs.contains("{\"place\": \"ANCHORAGE\", \"start\": 21, \"end\": 30}"));
    assert!(docs.contains("\"RAGE – Di\""));
}

#[test]
fn python_byte_slicing_from_the_docs_recovers_every_paragraph() {
    // The recipe docs/export.md gives users, run on a real export; skipped
    // where python3 is missing.
    let dir = std::env::temp_dir().join(format!("wirewatch-export-slice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wirewatch.json");
    std::fs::write(&file, to_json_bytes(&sample_export())).unwrap();
    let script = "import json,sys\n\
                  export = json.load(open(sys.argv[1], encoding='utf-8'))\n\
                  for doc in export['documents']:\n\
                  \x20   raw = doc['text'].encode('utf-8')\n\
                  \x20   for p in doc['paragraphs']:\n\
                  \x20       print(p['kind'], raw[p['start']:p['end']].decode('utf-8'))\n\
                  \x20   if doc['dateline']:\n\
                  \x20       d = doc['dateline']\n\
                  \x20       assert raw[d['start']:d['end']].decode('utf-8') == d['place']\n";
    let result = std::process::Command::new("python3")
        .env("PYTHONIOENCODING", "utf-8")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(output) = result else {
        eprintln!("skipping: python3 not found");
        return;
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8(output.stdout).unwrap();
    let doc = full_document();
    let expected: String = doc
        .paragraphs
        .iter()
        .map(|p| {
            format!(
                "{} {}\n",
                serde_json::to_value(p.kind).unwrap().as_str().unwrap(),
                &doc.text[p.start..p.end]
            )
        })
        .collect();
    assert_eq!(printed, expected);
}

#[test]
fn timexes_are_typed_spans_in_document_then_text_order() {
    let documents = [undated_document(), full_document()];
    let export = Export::from_documents(&documents);
    let order: Vec<(&str, usize)> = export.timexes.iter().map(|t| (t.doc.as_str(), t.start)).collect();
    let undated = undated_document();
    let full = full_document();
    assert_eq!(
        order,
        [
            ("00112233aabbccdd", undated.layers.timexes[0].start),
            ("00112233aabbccdd", undated.layers.timexes[1].start),
            ("0123456789abcdef", full.layers.timexes[0].start),
            ("0123456789abcdef", full.layers.timexes[1].start),
        ]
    );
    for timex in &export.timexes {
        let document = documents.iter().find(|d| d.id.0 == timex.doc).unwrap();
        assert_eq!(document.text.get(timex.start..timex.end), Some(timex.text.as_str()));
    }
    let first = &export.timexes[2];
    assert_eq!(
        serde_json::to_value(first).unwrap(),
        json!({"doc": "0123456789abcdef", "start": first.start, "end": first.start + 10, "text": "Am Freitag",
               "kind": "DATE", "value": "2025-08-15", "mod": null, "earliest": "2025-08-15",
               "latest": "2025-08-15", "anchor": "dct"})
    );
    assert_eq!(export.timexes[3].kind, "DURATION");
    assert_eq!(export.timexes[3].modifier.as_deref(), Some("APPROX"));
    // The per-document layers.
    assert_eq!(export.documents[0].sentences.len(), 2);
    let window = export.documents[0].published_window.as_ref().unwrap();
    assert_eq!((window.earliest.as_deref(), window.latest.as_deref()), (Some("2025-01-31"), None));
    assert_eq!(export.documents[1].published_window, None);
    let value: Value = serde_json::from_slice(&to_json_bytes(&export)).unwrap();
    assert_eq!(schema_errors(&value), Vec::<String>::new());
}

#[test]
fn bc_and_far_future_bounds_pass_the_schema() {
    let mut export = sample_export();
    export.timexes[0].earliest = Some("BC0480-01-01".into());
    export.timexes[0].latest = Some("12000-12-31T23:59".into());
    let value: Value = serde_json::from_slice(&to_json_bytes(&export)).unwrap();
    assert_eq!(schema_errors(&value), Vec::<String>::new());
}

#[test]
fn three_pass_streaming_matches_the_whole_export_and_keeps_nothing() {
    let documents = [full_document(), bare_document(), undated_document()];
    let whole = to_json_bytes(&Export::from_documents(&documents));
    let mut writer = JsonWriter::new(Vec::new()).unwrap();
    for document in &documents {
        writer.document_v1(&DocumentV1::from(document)).unwrap();
    }
    for document in &documents {
        for mention in MentionV1::of_layers(&document.id.0, &document.layers) {
            writer.mention(&mention).unwrap();
        }
    }
    // Documents must come first: the format has the mentions after them.
    assert_eq!(
        writer.document_v1(&DocumentV1::from(&documents[0])).unwrap_err().kind(),
        std::io::ErrorKind::InvalidInput
    );
    for document in &documents {
        for timex in TimexV1::of_layers(&document.id.0, &document.layers) {
            writer.timex(&timex).unwrap();
        }
    }
    // And mentions before the timexes.
    let late = MentionV1::of_document(&documents[0]).next().unwrap();
    assert_eq!(writer.mention(&late).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    assert!(writer.document(&documents[0]).is_err());
    assert_eq!(String::from_utf8(writer.finish().unwrap()).unwrap(), String::from_utf8(whole).unwrap());

    let mut whole = Vec::new();
    write_jsonl(&Export::from_documents(&documents), &mut whole).unwrap();
    let mut writer = JsonlWriter::new(Vec::new()).unwrap();
    for document in &documents {
        writer.document_v1(&DocumentV1::from(document)).unwrap();
    }
    for mention in documents.iter().flat_map(MentionV1::of_document) {
        writer.mention(&mention).unwrap();
    }
    assert!(writer.document(&documents[0]).is_err());
    for timex in documents.iter().flat_map(TimexV1::of_document) {
        writer.timex(&timex).unwrap();
    }
    assert!(writer.document(&documents[0]).is_err());
    assert!(writer.mention(&late).is_err());
    assert_eq!(writer.finish().unwrap(), whole);
}

#[test]
fn streaming_writers_match_when_some_sections_are_empty() {
    // Mentions without timexes, timexes without mentions, and a timex
    // written straight after the documents (mentions opened and closed empty).
    let mentions_only =
        Document { layers: Layers { timexes: vec![], ..full_document().layers }, ..full_document() };
    let timexes_only = undated_document();
    for documents in
        [vec![mentions_only.clone()], vec![timexes_only.clone()], vec![mentions_only, timexes_only]]
    {
        let whole = Export::from_documents(&documents);
        let mut json = JsonWriter::new(Vec::new()).unwrap();
        let mut jsonl = JsonlWriter::new(Vec::new()).unwrap();
        for document in &documents {
            json.document_v1(&DocumentV1::from(document)).unwrap();
            jsonl.document_v1(&DocumentV1::from(document)).unwrap();
        }
        for mention in documents.iter().flat_map(MentionV1::of_document) {
            json.mention(&mention).unwrap();
            jsonl.mention(&mention).unwrap();
        }
        for timex in documents.iter().flat_map(TimexV1::of_document) {
            json.timex(&timex).unwrap();
            jsonl.timex(&timex).unwrap();
        }
        assert_eq!(
            String::from_utf8(json.finish().unwrap()).unwrap(),
            String::from_utf8(to_json_bytes(&whole)).unwrap()
        );
        let mut expected = Vec::new();
        write_jsonl(&whole, &mut expected).unwrap();
        assert_eq!(jsonl.finish().unwrap(), expected);
    }
}

#[test]
fn one_pass_document_and_explicit_mentions_mix_in_order() {
    // Mentions kept from `document` come before those given explicitly.
    let full = full_document();
    let extra = MentionV1 { doc: "fedcba9876543210".into(), ..MentionV1::of_document(&full).next().unwrap() };
    let mut writer = JsonlWriter::new(Vec::new()).unwrap();
    writer.document(&full).unwrap();
    writer.mention(&extra).unwrap();
    let back = read_jsonl(&writer.finish().unwrap()[..]).unwrap();
    assert_eq!(back.mentions.len(), full.layers.mentions.len() + 1);
    assert_eq!(back.mentions.last(), Some(&extra));
    assert_eq!(back.timexes.len(), full.layers.timexes.len());
}

#[test]
fn exports_written_before_the_layers_still_read() {
    // A schema-1 file from the first release: no sentences, no window, no timexes.
    let mut value: Value = serde_json::from_slice(&to_json_bytes(&sample_export())).unwrap();
    for document in value["documents"].as_array_mut().unwrap() {
        let document = document.as_object_mut().unwrap();
        document.remove("sentences");
        document.remove("published_window");
    }
    value["timexes"] = json!([]);
    let back = read_json(serde_json::to_vec(&value).unwrap().as_slice()).unwrap();
    assert_eq!(back.documents.len(), 3);
    assert!(back.documents.iter().all(|d| d.sentences.is_empty() && d.published_window.is_none()));
    assert!(back.timexes.is_empty());
}

#[test]
fn jsonl_reader_rejects_a_malformed_timex_line() {
    let header = format!("{{\"type\":\"header\",\"schema_version\":\"1\",\"generator\":\"{GENERATOR}\"}}\n");
    let bad = format!("{header}{{\"type\":\"timex\",\"doc\":\"0123456789abcdef\",\"start\":\"x\"}}\n");
    let err = read_jsonl(bad.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");
}

#[test]
fn python_timex_recipe_from_the_docs_finds_each_expression_and_its_sentence() {
    // The timex recipe of docs/export.md, run on a real export; skipped where python3 is missing.
    let docs =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.md"))
            .unwrap();
    let recipe = docs
        .split("```python\n")
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("export[\"timexes\"]"))
        .expect("docs/export.md has a timex recipe");
    let dir = std::env::temp_dir().join(format!("wirewatch-export-timex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wirewatch.json");
    std::fs::write(&file, to_json_bytes(&sample_export())).unwrap();
    let script =
        format!("import json,sys\nexport = json.load(open(sys.argv[1], encoding='utf-8'))\n{recipe}");
    let result = std::process::Command::new("python3")
        .env("PYTHONIOENCODING", "utf-8")
        .arg("-c")
        .arg(&script)
        .arg(&file)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(output) = result else {
        eprintln!("skipping: python3 not found");
        return;
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 4, "{printed}");
    assert_eq!(
        lines[0],
        "2025-08-15 2025-08-15 2025-08-15 Am Freitag endet die Frist – seit dreieinhalb Jahren."
    );
    assert_eq!(lines[2], "XXXX-WXX-4 None None Talks resumed on Thursday.");
}

#[test]
fn mentions_are_typed_spans_with_rounded_confidence_and_resolved_roles() {
    let full = full_document();
    let export = Export::from_documents([&full, &undated_document()]);
    assert_eq!(export.mentions.len(), 4);
    let value = serde_json::to_value(&export.mentions).unwrap();
    let at = |needle: &str| full.text.find(needle).unwrap();
    let (weiss, role) = (at("Jörg Weiß"), at("Kremlsprecher"));
    let (russian, anchorage) = (at("russisch-amerikanischen"), at("Anchorage"));
    assert_eq!(
        value,
        json!([
            {"doc": "0123456789abcdef", "start": anchorage, "end": anchorage + 9, "text": "Anchorage",
             "kind": "LOC", "form": null, "confidence": 0.97, "role_of": null},
            {"doc": "0123456789abcdef", "start": russian, "end": russian + 23, "text": "russisch-amerikanischen",
             "kind": "LOC", "form": "deriv", "confidence": 0.612, "role_of": null},
            {"doc": "0123456789abcdef", "start": role, "end": role + 13, "text": "Kremlsprecher",
             "kind": "ROLE", "form": null, "confidence": 0.9, "role_of": {"start": weiss, "end": weiss + "Jörg Weiß".len()}},
            {"doc": "0123456789abcdef", "start": weiss, "end": weiss + "Jörg Weiß".len(), "text": "Jörg Weiß",
             "kind": "PER", "form": null, "confidence": 1.0, "role_of": null},
        ])
    );
    // Offsets are bytes: the text and the role's person slice out of the document.
    for mention in &export.mentions {
        assert_eq!(full.text.get(mention.start..mention.end), Some(mention.text.as_str()));
    }
    let person = export.mentions[2].role_of.unwrap();
    assert_eq!(full.text.get(person.start..person.end), Some("Jörg Weiß"));
    // Confidences are written with at most 3 decimals.
    let text = String::from_utf8(to_json_bytes(&export)).unwrap();
    assert!(text.contains("\"confidence\": 0.612,"), "{text}");
    assert!(!text.contains("0.61234"), "{text}");
    assert_eq!(schema_errors(&serde_json::from_str(&text).unwrap()), Vec::<String>::new());
}

#[test]
fn mentions_follow_document_order_then_text_order_and_survive_bad_links() {
    // Layers out of text order, a role linking past the end, and odd confidences.
    let text = "Kremlchef Wladimir Putin traf US-Präsident Donald Trump in Alaska.".to_string();
    let putin = mention(&text, "Wladimir Putin", MentionType::Per, f32::NAN);
    let trump = mention(&text, "Donald Trump", MentionType::Per, 1.7);
    let mentions = vec![
        mention(&text, "Alaska", MentionType::Loc, -0.2),
        Mention { role_of: Some(4), ..mention(&text, "US-Präsident", MentionType::Role, 0.5) },
        trump,
        Mention { role_of: Some(99), ..mention(&text, "Kremlchef", MentionType::Role, 0.000_4) },
        putin,
    ];
    let mut document = bare_document();
    document.text = text.clone();
    document.layers.mentions = mentions;
    let second = Document { id: DocId("ffffffffffffffff".into()), ..full_document() };
    let export = Export::from_documents([&document, &second]);
    let order: Vec<(&str, &str)> =
        export.mentions.iter().map(|m| (m.doc.as_str(), m.text.as_str())).collect();
    assert_eq!(
        &order[..5],
        [
            ("fedcba9876543210", "Kremlchef"),
            ("fedcba9876543210", "Wladimir Putin"),
            ("fedcba9876543210", "US-Präsident"),
            ("fedcba9876543210", "Donald Trump"),
            ("fedcba9876543210", "Alaska"),
        ]
    );
    assert!(order[5..].iter().all(|(doc, _)| *doc == "ffffffffffffffff"));
    // The link is by index into the model's list, resolved before sorting.
    let putin_at = text.find("Wladimir Putin").unwrap();
    assert_eq!(export.mentions[2].role_of, Some(MentionRefV1 { start: putin_at, end: putin_at + 14 }));
    // A link that points nowhere is dropped, not guessed.
    assert_eq!(export.mentions[0].role_of, None);
    // NaN becomes 0, out-of-range values are clamped, tiny ones round to 0.
    let confidences: Vec<f64> = export.mentions[..5].iter().map(|m| m.confidence).collect();
    assert_eq!(confidences, [0.0, 0.0, 0.5, 1.0, 0.0]);
    assert_eq!(
        schema_errors(&serde_json::from_slice(&to_json_bytes(&export)).unwrap()),
        Vec::<String>::new()
    );
    // And everything reads back, in both layouts.
    assert_eq!(read_json(&to_json_bytes(&export)[..]).unwrap(), export);
    let mut jsonl = Vec::new();
    write_jsonl(&export, &mut jsonl).unwrap();
    assert_eq!(read_jsonl(&jsonl[..]).unwrap(), export);
}

#[test]
fn jsonl_reader_rejects_a_malformed_mention_line() {
    let header = format!("{{\"type\":\"header\",\"schema_version\":\"1\",\"generator\":\"{GENERATOR}\"}}\n");
    for bad in [
        "{\"type\":\"mention\",\"doc\":\"0123456789abcdef\",\"start\":\"x\"}",
        "{\"type\":\"mention\",\"doc\":\"0123456789abcdef\",\"start\":0,\"end\":4,\"text\":\"Kiew\",\
         \"kind\":\"LOC\",\"form\":null,\"confidence\":0.9,\"role_of\":7}",
    ] {
        let err = read_jsonl(format!("{header}{bad}\n").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
    // A mention line from a producer that leaves out the optional parts still reads.
    let minimal =
        "{\"type\":\"mention\",\"doc\":\"0123456789abcdef\",\"start\":0,\"end\":4,\"text\":\"Kiew\",\
                   \"kind\":\"LOC\",\"confidence\":0.9}";
    let export = read_jsonl(format!("{header}{minimal}\n").as_bytes()).unwrap();
    assert_eq!((export.mentions[0].form.as_ref(), export.mentions[0].role_of), (None, None));
}

#[test]
fn python_mention_recipe_from_the_docs_resolves_roles_to_persons() {
    // The mention recipe of docs/export.md, run on a real export; skipped where python3 is missing.
    let docs =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.md"))
            .unwrap();
    let recipe = docs
        .split("```python\n")
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("export[\"mentions\"]"))
        .expect("docs/export.md has a mention recipe");
    let dir = std::env::temp_dir().join(format!("wirewatch-export-mention-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wirewatch.json");
    std::fs::write(&file, to_json_bytes(&sample_export())).unwrap();
    let script =
        format!("import json,sys\nexport = json.load(open(sys.argv[1], encoding='utf-8'))\n{recipe}");
    let result = std::process::Command::new("python3")
        .env("PYTHONIOENCODING", "utf-8")
        .arg("-c")
        .arg(&script)
        .arg(&file)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(output) = result else {
        eprintln!("skipping: python3 not found");
        return;
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        printed,
        "LOC Anchorage\nLOC russisch-amerikanischen\nROLE Kremlsprecher -> Jörg Weiß\nPER Jörg Weiß\n"
    );
}

// --- Quotes ---------------------------------------------------------------

/// The range of the first `len` bytes of the first occurrence of `needle`.
fn range_of(text: &str, needle: &str, len: usize) -> TextRange {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    TextRange { start, end: start + len }
}

/// The range of the first occurrence of `needle`.
fn range(text: &str, needle: &str) -> TextRange {
    range_of(text, needle, needle.len())
}

/// A German article with one quote of every kind: a direct quote split by
/// its attribution, reported speech by a role, an attribution with a term
/// inside it, and a direct quote by a pronoun resolved to a name elsewhere.
/// Umlauts and „“ come first, so byte and char offsets differ.
fn quoted_document() -> Document {
    let mut builder = TextBuilder::new();
    builder.push(ParagraphKind::Heading, "Gespräche über „Frieden“");
    builder.push(
        ParagraphKind::Paragraph,
        "„Das zweite Treffen wird sehr, sehr wichtig sein“, sagte Trump. „Wir werden sehen.“",
    );
    builder.push(
        ParagraphKind::Paragraph,
        "Kremlchef Wladimir Putin erklärte, eine Waffenruhe sei notwendig. Laut Kreml läuft alles „produktiver“.",
    );
    builder.push(ParagraphKind::Paragraph, "Er betonte: „Wir sind bereit.“");
    let (text, paragraphs) = builder.finish();
    let mention = |range: TextRange, kind| Mention {
        start: range.start,
        end: range.end,
        text: text[range.start..range.end].into(),
        kind,
        form: None,
        confidence: 0.9,
        role_of: None,
    };
    let mentions = vec![
        mention(range(&text, "Trump"), MentionType::Per),
        Mention { role_of: Some(2), ..mention(range(&text, "Kremlchef"), MentionType::Role) },
        mention(range(&text, "Wladimir Putin"), MentionType::Per),
        mention(range_of(&text, "Kreml läuft", 5), MentionType::Org),
    ];
    let speaker = |range: TextRange, mention: Option<usize>| Speaker {
        start: range.start,
        end: range.end,
        text: text[range.start..range.end].into(),
        mention,
    };
    let quote = |kind, parts: Vec<TextRange>, cue: Option<&str>, speaker: Option<Speaker>| Quote {
        start: parts[0].start,
        end: parts[parts.len() - 1].end,
        text: parts.iter().map(|p| &text[p.start..p.end]).collect::<Vec<_>>().join(" … "),
        kind,
        parts,
        cue: cue.map(|cue| range(&text, cue)),
        speaker,
    };
    let quotes = vec![
        quote(
            QuoteKind::Direct,
            vec![
                range(&text, "Das zweite Treffen wird sehr, sehr wichtig sein"),
                range(&text, "Wir werden sehen."),
            ],
            Some("sagte"),
            Some(speaker(range(&text, "Trump"), Some(0))),
        ),
        quote(
            QuoteKind::Indirect,
            vec![range(&text, "eine Waffenruhe sei notwendig")],
            Some("erklärte"),
            Some(speaker(range(&text, "Kremlchef Wladimir Putin"), Some(1))),
        ),
        quote(
            QuoteKind::Attribution,
            vec![range(&text, "läuft alles „produktiver“")],
            Some("Laut"),
            Some(speaker(range_of(&text, "Kreml läuft", 5), Some(3))),
        ),
        quote(QuoteKind::Term, vec![range(&text, "produktiver")], None, None),
        quote(
            QuoteKind::Direct,
            vec![range(&text, "Wir sind bereit.")],
            Some("betonte"),
            Some(speaker(range_of(&text, "Er betonte", 2), Some(2))),
        ),
    ];
    Document {
        id: DocId("0c28293b1243fe4b".into()),
        source: "quotes.txt".into(),
        url: None,
        title: Some("Gespräche".into()),
        authors: vec![],
        outlet: None,
        language: Some("de".into()),
        published: Some(Published { value: "2025-08-15".into(), evidence: "jsonl:date".into() }),
        dateline: None,
        encoding: "UTF-8".into(),
        kind: ContentKind::Text,
        layers: Layers {
            sentences: paragraphs.iter().map(|p| Sentence { start: p.start, end: p.end }).collect(),
            timexes: vec![],
            published_window: None,
            mentions,
            quotes,
        },
        text,
        paragraphs,
    }
}

#[test]
fn quotes_are_typed_spans_with_parts_cue_and_resolved_speaker() {
    let document = quoted_document();
    let text = &document.text;
    let export = Export::from_documents([&document, &bare_document()]);
    assert_eq!(export.quotes.len(), 5);
    let r = |needle: &str| {
        let range = range(text, needle);
        json!({"start": range.start, "end": range.end})
    };
    let kreml = range_of(text, "Kreml läuft", 5);
    let er = range_of(text, "Er betonte", 2);
    let trump = range(text, "Trump");
    let role = range(text, "Kremlchef Wladimir Putin");
    let direct = range(text, "Das zweite Treffen wird sehr, sehr wichtig sein");
    let later = range(text, "Wir werden sehen.");
    let indirect = range(text, "eine Waffenruhe sei notwendig");
    let attribution = range(text, "läuft alles „produktiver“");
    let term = range(text, "produktiver");
    let last = range(text, "Wir sind bereit.");
    let doc = "0c28293b1243fe4b";
    assert_eq!(
        serde_json::to_value(&export.quotes).unwrap(),
        json!([
            {"doc": doc, "start": direct.start, "end": later.end,
             "text": "Das zweite Treffen wird sehr, sehr wichtig sein … Wir werden sehen.", "kind": "direct",
             "parts": [r("Das zweite Treffen wird sehr, sehr wichtig sein"), r("Wir werden sehen.")],
             "cue": r("sagte"),
             "speaker": {"start": trump.start, "end": trump.end, "text": "Trump", "entity_mention": r("Trump")}},
            {"doc": doc, "start": indirect.start, "end": indirect.end, "text": "eine Waffenruhe sei notwendig",
             "kind": "indirect", "parts": [r("eine Waffenruhe sei notwendig")], "cue": r("erklärte"),
             "speaker": {"start": role.start, "end": role.end, "text": "Kremlchef Wladimir Putin",
                         "entity_mention": r("Kremlchef")}},
            {"doc": doc, "start": attribution.start, "end": attribution.end, "text": "läuft alles „produktiver“",
             "kind": "attribution", "parts": [r("läuft alles „produktiver“")], "cue": r("Laut"),
             "speaker": {"start": kreml.start, "end": kreml.end, "text": "Kreml",
                         "entity_mention": {"start": kreml.start, "end": kreml.end}}},
            {"doc": doc, "start": term.start, "end": term.end, "text": "produktiver", "kind": "term",
             "parts": [r("produktiver")], "cue": null, "speaker": null},
            {"doc": doc, "start": last.start, "end": last.end, "text": "Wir sind bereit.", "kind": "direct",
             "parts": [r("Wir sind bereit.")], "cue": r("betonte"),
             "speaker": {"start": er.start, "end": er.end, "text": "Er", "entity_mention": r("Wladimir Putin")}},
        ])
    );
    // Offsets are bytes: every part, cue and speaker slices out of the text.
    for quote in &export.quotes {
        for part in &quote.parts {
            assert!(quote.text.contains(&text[part.start..part.end]));
        }
        if let Some(speaker) = &quote.speaker {
            assert_eq!(text.get(speaker.start..speaker.end), Some(speaker.text.as_str()));
        }
    }
    assert!(direct.start > text[..direct.start].chars().count(), "byte offsets, not char offsets");
    let value: Value = serde_json::from_slice(&to_json_bytes(&export)).unwrap();
    assert_eq!(schema_errors(&value), Vec::<String>::new());
    // The model's speaker index means nothing outside the document: the
    // export carries no index anywhere.
    assert!(!String::from_utf8(to_json_bytes(&export)).unwrap().contains("\"mention\":"));
}

#[test]
fn quotes_follow_document_order_then_text_order_and_survive_bad_links() {
    let mut document = quoted_document();
    document.layers.quotes.reverse();
    // A speaker whose mention index points nowhere (a damaged store).
    document.layers.quotes[0].speaker.as_mut().unwrap().mention = Some(usize::MAX);
    let second = Document { id: DocId("ffffffffffffffff".into()), ..quoted_document() };
    let export = Export::from_documents([&document, &second]);
    let starts: Vec<(&str, usize)> = export.quotes.iter().map(|q| (q.doc.as_str(), q.start)).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "document order, then text order");
    assert_eq!(export.quotes.len(), 10);
    // The last quote ("Er …") lost its link, not its speaker.
    let last = &export.quotes[4];
    assert_eq!(last.text, "Wir sind bereit.");
    assert_eq!(last.speaker.as_ref().map(|s| (s.text.as_str(), s.entity_mention)), Some(("Er", None)));
    assert_eq!(
        schema_errors(&serde_json::from_slice(&to_json_bytes(&export)).unwrap()),
        Vec::<String>::new()
    );
    assert_eq!(read_json(&to_json_bytes(&export)[..]).unwrap(), export);
    let mut jsonl = Vec::new();
    write_jsonl(&export, &mut jsonl).unwrap();
    assert_eq!(read_jsonl(&jsonl[..]).unwrap(), export);
}

#[test]
fn quote_lines_follow_the_timexes_with_kind_not_type() {
    let documents = [full_document(), quoted_document()];
    let export = Export::from_documents(&documents);
    let mut out = Vec::new();
    write_jsonl(&export, &mut out).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    let tags: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["type"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<&str> = ["header", "document", "document"]
        .into_iter()
        .chain(std::iter::repeat_n("mention", export.mentions.len()))
        .chain(std::iter::repeat_n("timex", export.timexes.len()))
        .chain(std::iter::repeat_n("quote", 5))
        .collect();
    assert_eq!(tags, expected);
    for line in text.lines().filter(|line| line.starts_with("{\"type\":\"quote\"")) {
        assert!(line.starts_with("{\"type\":\"quote\",\"doc\":"), "{line}");
        assert_eq!(line.matches("\"type\":").count(), 1, "the tag is never shadowed: {line}");
        let mut object: Value = serde_json::from_str(line).unwrap();
        object.as_object_mut().unwrap().remove("type");
        assert!(export.quotes.iter().any(|quote| serde_json::to_value(quote).unwrap() == object));
    }
    assert_eq!(read_jsonl(&out[..]).unwrap(), export);
}

#[test]
fn four_pass_streaming_matches_the_whole_export_and_keeps_the_order() {
    let documents = [full_document(), quoted_document(), bare_document(), undated_document()];
    let whole = to_json_bytes(&Export::from_documents(&documents));
    let mut json = JsonWriter::new(Vec::new()).unwrap();
    let mut jsonl = JsonlWriter::new(Vec::new()).unwrap();
    for document in &documents {
        json.document_v1(&DocumentV1::from(document)).unwrap();
        jsonl.document_v1(&DocumentV1::from(document)).unwrap();
    }
    for mention in documents.iter().flat_map(MentionV1::of_document) {
        json.mention(&mention).unwrap();
        jsonl.mention(&mention).unwrap();
    }
    for timex in documents.iter().flat_map(TimexV1::of_document) {
        json.timex(&timex).unwrap();
        jsonl.timex(&timex).unwrap();
    }
    for quote in documents.iter().flat_map(|d| QuoteV1::of_layers(&d.id.0, &d.layers)) {
        json.quote(&quote).unwrap();
        jsonl.quote(&quote).unwrap();
    }
    // Nothing of an earlier section may follow a quote.
    let late_mention = MentionV1::of_document(&documents[0]).next().unwrap();
    let late_timex = TimexV1::of_document(&documents[0]).next().unwrap();
    assert_eq!(json.timex(&late_timex).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(json.mention(&late_mention).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    assert!(json.document(&documents[0]).is_err());
    assert!(jsonl.timex(&late_timex).is_err());
    assert!(jsonl.mention(&late_mention).is_err());
    assert!(jsonl.document(&documents[0]).is_err());
    assert_eq!(String::from_utf8(json.finish().unwrap()).unwrap(), String::from_utf8(whole).unwrap());
    let mut expected = Vec::new();
    write_jsonl(&Export::from_documents(&documents), &mut expected).unwrap();
    assert_eq!(jsonl.finish().unwrap(), expected);
}

#[test]
fn streaming_writers_match_with_quotes_alone_or_after_one_pass_documents() {
    // Quotes without mentions or timexes: a quote straight after the
    // documents opens and closes the empty sections between.
    let only_quotes = Document {
        layers: Layers { mentions: vec![], quotes: quoted_document().layers.quotes, ..Layers::default() },
        ..quoted_document()
    };
    for documents in [vec![only_quotes.clone()], vec![quoted_document()], vec![bare_document(), only_quotes]]
    {
        let whole = Export::from_documents(&documents);
        // Two passes: documents, then quotes.
        let mut json = JsonWriter::new(Vec::new()).unwrap();
        let mut jsonl = JsonlWriter::new(Vec::new()).unwrap();
        for document in &documents {
            json.document_v1(&DocumentV1::from(document)).unwrap();
            jsonl.document_v1(&DocumentV1::from(document)).unwrap();
        }
        let whole_bytes = to_json_bytes(&whole);
        let mut whole_lines = Vec::new();
        write_jsonl(&whole, &mut whole_lines).unwrap();
        if whole.mentions.is_empty() && whole.timexes.is_empty() {
            for quote in documents.iter().flat_map(QuoteV1::of_document) {
                json.quote(&quote).unwrap();
                jsonl.quote(&quote).unwrap();
            }
            assert_eq!(
                String::from_utf8(json.finish().unwrap()).unwrap(),
                String::from_utf8(whole_bytes.clone()).unwrap()
            );
            assert_eq!(jsonl.finish().unwrap(), whole_lines);
        }
        // One pass: `document` keeps the quotes until the end.
        let mut json = JsonWriter::new(Vec::new()).unwrap();
        let mut jsonl = JsonlWriter::new(Vec::new()).unwrap();
        for document in &documents {
            json.document(document).unwrap();
            jsonl.document(document).unwrap();
        }
        assert_eq!(
            String::from_utf8(json.finish().unwrap()).unwrap(),
            String::from_utf8(whole_bytes).unwrap()
        );
        assert_eq!(jsonl.finish().unwrap(), whole_lines);
    }
    // Quotes kept from `document` come before those given explicitly.
    let document = quoted_document();
    let extra = QuoteV1 { doc: "fedcba9876543210".into(), ..QuoteV1::of_document(&document).next().unwrap() };
    let mut writer = JsonlWriter::new(Vec::new()).unwrap();
    writer.document(&document).unwrap();
    writer.quote(&extra).unwrap();
    let back = read_jsonl(&writer.finish().unwrap()[..]).unwrap();
    assert_eq!(back.quotes.len(), 6);
    assert_eq!(back.quotes.last(), Some(&extra));
}

#[test]
fn the_validator_is_not_vacuous_for_quotes() {
    let export = Export::from_documents([&quoted_document()]);
    let good: Value = serde_json::from_slice(&to_json_bytes(&export)).unwrap();
    assert_eq!(schema_errors(&good), Vec::<String>::new());
    type Mutation = Box<dyn Fn(&mut Value)>;
    let mutations: Vec<(&str, Mutation)> = vec![
        ("quote bad kind", Box::new(|v| v["quotes"][0]["kind"] = json!("quote"))),
        ("quote type not kind", Box::new(|v| v["quotes"][0]["type"] = json!("direct"))),
        ("quote without parts", Box::new(|v| drop(v["quotes"][0].as_object_mut().unwrap().remove("parts")))),
        ("quote part index", Box::new(|v| v["quotes"][0]["parts"][0] = json!(3))),
        (
            "quote part no end",
            Box::new(|v| drop(v["quotes"][0]["parts"][0].as_object_mut().unwrap().remove("end"))),
        ),
        ("quote without cue", Box::new(|v| drop(v["quotes"][0].as_object_mut().unwrap().remove("cue")))),
        ("quote cue string", Box::new(|v| v["quotes"][0]["cue"] = json!("sagte"))),
        ("quote speaker string", Box::new(|v| v["quotes"][0]["speaker"] = json!("Trump"))),
        (
            "speaker without entity_mention",
            Box::new(|v| drop(v["quotes"][0]["speaker"].as_object_mut().unwrap().remove("entity_mention"))),
        ),
        ("speaker mention index", Box::new(|v| v["quotes"][0]["speaker"]["entity_mention"] = json!(0))),
        ("speaker with mention", Box::new(|v| v["quotes"][0]["speaker"]["mention"] = json!(0))),
        ("quote negative start", Box::new(|v| v["quotes"][0]["start"] = json!(-1))),
        ("quote bad doc", Box::new(|v| v["quotes"][0]["doc"] = json!("doc-1"))),
        ("quotes not objects", Box::new(|v| v["quotes"] = json!(["Wir sind bereit."]))),
    ];
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(!schema_errors(&bad).is_empty(), "{what} passed validation");
    }
}

#[test]
fn python_jsonschema_accepts_quotes_when_available() {
    let dir = std::env::temp_dir().join(format!("wirewatch-export-quotes-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let instance = dir.join("export.json");
    let export = Export::from_documents([&full_document(), &quoted_document()]);
    std::fs::write(&instance, to_json_bytes(&export)).unwrap();
    let schema_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.schema.json");
    let script = "import json,sys,jsonschema\n\
                  s=json.load(open(sys.argv[1])); i=json.load(open(sys.argv[2]))\n\
                  jsonschema.Draft202012Validator.check_schema(s)\n\
                  jsonschema.Draft202012Validator(s).validate(i)\n";
    let result =
        std::process::Command::new("python3").arg("-c").arg(script).arg(&schema_path).arg(&instance).output();
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(output) if output.status.success() => {}
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            if stderr.contains("No module named") {
                eprintln!("skipping: python3 jsonschema not installed");
            } else {
                panic!("python jsonschema rejects the export:\n{stderr}");
            }
        }
        Err(_) => eprintln!("skipping: python3 not found"),
    }
}

#[test]
fn jsonl_reader_rejects_a_malformed_quote_line_and_reads_a_minimal_one() {
    let header = format!("{{\"type\":\"header\",\"schema_version\":\"1\",\"generator\":\"{GENERATOR}\"}}\n");
    for bad in [
        "{\"type\":\"quote\",\"doc\":\"0123456789abcdef\",\"start\":\"x\"}",
        "{\"type\":\"quote\",\"doc\":\"0123456789abcdef\",\"start\":0,\"end\":4,\"text\":\"Ja\",\
         \"kind\":\"direct\",\"parts\":7,\"cue\":null,\"speaker\":null}",
        "{\"type\":\"quote\",\"doc\":\"0123456789abcdef\",\"start\":0,\"end\":4,\"text\":\"Ja\",\
         \"kind\":\"direct\",\"parts\":[],\"cue\":null,\"speaker\":{\"start\":0}}",
    ] {
        let err = read_jsonl(format!("{header}{bad}\n").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
    // A quote line from a producer that leaves out the optional parts still reads.
    let minimal = "{\"type\":\"quote\",\"doc\":\"0123456789abcdef\",\"start\":0,\"end\":2,\"text\":\"Ja\",\
                   \"kind\":\"term\",\"parts\":[{\"start\":0,\"end\":2}]}";
    let export = read_jsonl(format!("{header}{minimal}\n").as_bytes()).unwrap();
    assert_eq!(
        export.quotes,
        [QuoteV1 {
            doc: "0123456789abcdef".into(),
            start: 0,
            end: 2,
            text: "Ja".into(),
            kind: "term".into(),
            parts: vec![TextRangeV1 { start: 0, end: 2 }],
            cue: None,
            speaker: None,
        }]
    );
    // A speaker without its link reads as unresolved.
    let unlinked = serde_json::from_value::<SpeakerV1>(json!({"start": 0, "end": 2, "text": "er"})).unwrap();
    assert_eq!(unlinked.entity_mention, None);
}

#[test]
fn exports_written_before_the_quotes_still_read() {
    // A schema-1 file from before the quote stage: "quotes": [].
    let mut value: Value = serde_json::from_slice(&to_json_bytes(&sample_export())).unwrap();
    value["quotes"] = json!([]);
    let back = read_json(serde_json::to_vec(&value).unwrap().as_slice()).unwrap();
    assert!(back.quotes.is_empty());
    assert_eq!(back.documents.len(), 3);
}

#[test]
fn python_quote_recipe_from_the_docs_resolves_speakers_to_persons() {
    // The quote recipe of docs/export.md, run on a real export; skipped where python3 is missing.
    let docs =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.md"))
            .unwrap();
    let recipe = docs
        .split("```python\n")
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("export[\"quotes\"]"))
        .expect("docs/export.md has a quote recipe");
    let dir = std::env::temp_dir().join(format!("wirewatch-export-quote-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wirewatch.json");
    std::fs::write(&file, to_json_bytes(&Export::from_documents([&quoted_document()]))).unwrap();
    let script =
        format!("import json,sys\nexport = json.load(open(sys.argv[1], encoding='utf-8'))\n{recipe}");
    let result = std::process::Command::new("python3")
        .env("PYTHONIOENCODING", "utf-8")
        .arg("-c")
        .arg(&script)
        .arg(&file)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(output) = result else {
        eprintln!("skipping: python3 not found");
        return;
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "direct Trump Das zweite Treffen wird sehr, sehr wichtig sein … Wir werden sehen.\n\
         indirect Wladimir Putin eine Waffenruhe sei notwendig\n\
         attribution Kreml läuft alles „produktiver“\n\
         term ? produktiver\n\
         direct Wladimir Putin Wir sind bereit.\n"
    );
}

#[test]
fn the_quote_example_in_the_docs_is_consistent() {
    // docs/export.md shows a quote of seed-like text at byte 298; keep its numbers true.
    let text = "„Das zweite Treffen wird sehr, sehr wichtig sein“, sagte Trump";
    let base = 298;
    let at = |needle: &str| base + text.find(needle).unwrap();
    let docs =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.md"))
            .unwrap();
    let content = "Das zweite Treffen wird sehr, sehr wichtig sein";
    let (start, end) = (at(content), at(content) + content.len());
    assert!(
        docs.contains(&format!("\"start\": {start}, \"end\": {end}, \"text\": \"{content}\"")),
        "{start}–{end}"
    );
    assert!(docs.contains(&format!("\"cue\": {{\"start\": {}, \"end\": {}}}", at("sagte"), at("sagte") + 5)));
    let trump = at("Trump");
    assert!(docs.contains(&format!(
        "\"speaker\": {{\"start\": {trump}, \"end\": {}, \"text\": \"Trump\"",
        trump + 5
    )));
}
