//! Tags the documents of a JSON file (`{"docs": [{"id", "text", "dct"}]}`, the
//! input format of `bench/heideltime_peer.py`) and writes
//! `{id: [{start, end, text, type, value}]}`: the tool for comparing our time
//! expressions with HeidelTime's on unlabelled text and reviewing where they differ.
//!
//! `cargo run --release -p wirewatch-analyse --example time_dump -- IN.json OUT.json [de|en] [auto|news|narrative]`

use wirewatch_analyse::segment;
use wirewatch_analyse::time::{Genre, TimeTagger};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("usage: time_dump IN.json OUT.json [de|en] [auto|news|narrative]");
        std::process::exit(2);
    };
    let language = args.get(2).map_or("de", String::as_str);
    let genre = match args.get(3).map(String::as_str) {
        Some("news") => Genre::News,
        Some("narrative") => Genre::Narrative,
        _ => Genre::Auto,
    };
    if let Err(error) = run(input, output, language, genre) {
        eprintln!("time_dump: {error}");
        std::process::exit(1);
    }
}

fn run(input: &str, output: &str, language: &str, genre: Genre) -> Result<(), Box<dyn std::error::Error>> {
    let docs: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(input)?)?;
    let tagger = TimeTagger::new()?;
    let mut out = serde_json::Map::new();
    for doc in docs["docs"].as_array().into_iter().flatten() {
        let text = doc["text"].as_str().unwrap_or_default();
        let sentences = segment::sentences(text, Some(language));
        let timexes = tagger.tag_with_genre(text, &sentences, Some(language), doc["dct"].as_str(), genre);
        let list: Vec<serde_json::Value> = timexes
            .iter()
            .map(|t| {
                serde_json::json!({"start": t.start, "end": t.end, "text": t.text,
                    "type": format!("{:?}", t.kind).to_uppercase(), "value": t.value})
            })
            .collect();
        out.insert(doc["id"].as_str().unwrap_or_default().to_string(), serde_json::Value::Array(list));
    }
    std::fs::write(output, serde_json::Value::Object(out).to_string())?;
    Ok(())
}
