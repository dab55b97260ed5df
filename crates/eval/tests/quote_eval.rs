//! `wirewatch eval quotes` on the real corpora: SpkAtt 2023 from ../shared
//! (skipped when absent) and the news gold set in the repository (skipped
//! until it exists).

use std::path::{Path, PathBuf};

use wirewatch_eval::quote_eval::{eval_quotes, read_spkatt_split, QuoteReport, SpkAttScores};

fn shared() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("WIREWATCH_SHARED") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir().then_some(dir)
}

fn spkatt() -> Option<PathBuf> {
    let dir = shared()?.join("corpora/spkatt2023-parliament-de");
    dir.is_dir().then_some(dir)
}

#[test]
fn gold_scored_against_itself_is_perfect() {
    let Some(corpus) = spkatt() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let speeches = read_spkatt_split(&corpus, "dev").expect("dev reads");
    assert_eq!(speeches.len(), 18);
    let events: usize = speeches.iter().map(|s| s.events.len()).sum();
    assert_eq!(events, 515, "PROVENANCE.md counts 515 dev cue annotations");
    let mut scores = SpkAttScores::default();
    for speech in &speeches {
        scores.add_speech(&speech.events, &speech.events);
    }
    for score in [scores.cue, scores.source, scores.message, scores.roles, scores.joint] {
        assert!((score.f1() - 1.0).abs() < 1e-9, "{score:?}");
    }
    assert_eq!(scores.source.gold, 292);
    assert_eq!(scores.message.gold, 290);
}

#[test]
fn spkatt_dev_and_test_reports() {
    let Some(corpus) = spkatt() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let QuoteReport::SpkAtt(dev) = eval_quotes(&corpus, Some("dev")).expect("dev runs") else {
        panic!("SpkAtt folder not recognised");
    };
    assert_eq!(dev.speeches, 18);
    assert!(dev.roles_scored);
    assert_eq!(dev.find.cue.gold, 515);
    let json = dev.to_json();
    assert_eq!(json["task"], "quotes");
    assert!(json["system"]["joint_f1"].is_number());
    assert!(json["peers"].as_object().is_some_and(|peers| peers.len() == 4));
    let mut table = Vec::new();
    dev.print_table(&mut table).unwrap();
    eprintln!("{}", String::from_utf8_lossy(&table));

    let QuoteReport::SpkAtt(test) = eval_quotes(&corpus, Some("test")).expect("test runs") else {
        panic!("SpkAtt folder not recognised");
    };
    assert_eq!(test.speeches, 72);
    assert!(!test.roles_scored);
    assert!(test.to_json()["system"].get("joint_f1").is_none(), "roles are blind on test");
    assert!(eval_quotes(&corpus, Some("all")).is_err());
}

#[test]
fn news_gold_set_runs_on_both_splits() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("gold/quotes");
    if !corpus.join("gold.jsonl").is_file() {
        eprintln!("skipping: crates/eval/gold/quotes/gold.jsonl not written yet");
        return;
    }
    for split in ["dev", "test"] {
        let QuoteReport::News(report) = eval_quotes(&corpus, Some(split)).expect("news gold runs") else {
            panic!("news gold set not recognised");
        };
        assert!(report.files > 0, "{split}: no articles");
        let direct = report.detection.get("direct").copied().unwrap_or_default();
        assert!(direct.tp + direct.fn_ > 0, "{split}: no gold direct quotes");
        let json = report.to_json();
        assert_eq!(json["split"], split);
        assert!(json["system"]["direct_f1"].is_number());
        let mut table = Vec::new();
        report.print_table(&mut table).unwrap();
        eprintln!("{}", String::from_utf8_lossy(&table));
    }
}
