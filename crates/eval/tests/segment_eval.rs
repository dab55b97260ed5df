//! The sentence-boundary evaluation: detokenisation, scoring, corpus
//! reading (on small invented files), and a run on the real dev splits when
//! ../shared is available.

use std::path::{Path, PathBuf};
use wirewatch_eval::segment_eval::{
    detokenise, eval_segment, load_gold, naive_sentences, uax29_sentences, BoundaryCounts, GoldText,
    SegmentCorpusKind,
};
use wirewatch_eval::EvalError;

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("WIREWATCH_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.is_dir().then_some(dir)
}

fn words(text: &str) -> Vec<&str> {
    text.split(' ').collect()
}

#[test]
fn detokenise_attaches_punctuation_and_pairs_quotes() {
    assert_eq!(detokenise(&words("Er kam , sah und siegte .")), "Er kam, sah und siegte.");
    assert_eq!(detokenise(&words("Sie sagte : „ Wir kommen . “ Dann")), "Sie sagte: „Wir kommen.“ Dann");
    assert_eq!(detokenise(&words("Der \" Plan \" ( vorläufig ) gilt !")), "Der \"Plan\" (vorläufig) gilt!");
    assert_eq!(detokenise(&words("» Genug « , sagte er")), "»Genug«, sagte er");
    assert_eq!(detokenise(&words("« Assez » , dit-il")), "«Assez», dit-il");
    assert_eq!(detokenise(&words("Wirklich ?! Ja ...")), "Wirklich?! Ja...");
    assert_eq!(detokenise(&words("3 % mehr")), "3% mehr");
    assert_eq!(detokenise::<&str>(&[]), "");
}

#[test]
fn detokenise_closes_a_quote_opened_in_an_earlier_sentence() {
    // The gold sentence starts inside a quotation: the quote after the period closes it.
    assert_eq!(detokenise(&words("so sei es . \" Auch die anderen")), "so sei es.\" Auch die anderen");
    assert_eq!(detokenise(&words("das Ende . “ Danach")), "das Ende.“ Danach");
}

#[test]
fn gold_text_records_sentence_offsets() {
    let gold = GoldText::from_sentences(&[words("Erster Satz ."), vec![], words("Zweiter ! ")]);
    assert_eq!(gold.text, "Erster Satz. Zweiter!");
    assert_eq!(gold.sentences, vec![(0, 12), (13, 21)]);
    assert_eq!(gold.tokens, 3 + 3);
}

#[test]
fn boundary_counts() {
    let gold = [(0, 10), (11, 20), (21, 30)];
    let mut counts = BoundaryCounts::default();
    // One boundary right (11), one missed (21), one spurious (5).
    counts.add(&gold, &[(0, 4), (5, 10), (11, 30)]);
    assert_eq!((counts.gold, counts.predicted, counts.matched), (2, 2, 1));
    assert_eq!(counts.exact_sentences, 0);
    assert!((counts.precision() - 0.5).abs() < 1e-9);
    assert!((counts.recall() - 0.5).abs() < 1e-9);
    assert!((counts.f1() - 0.5).abs() < 1e-9);
    counts.add(&gold, &gold);
    assert_eq!(counts.exact_sentences, 3);
    assert!((counts.exact() - 0.5).abs() < 1e-9);
    let empty = BoundaryCounts::default();
    assert_eq!((empty.precision(), empty.recall(), empty.exact()), (1.0, 1.0, 1.0));
}

#[test]
fn peers_split_simple_text() {
    let text = "Er kam am 3. Mai. Dann ging er!  Ende";
    assert_eq!(naive_sentences(text), vec![(0, 12), (13, 17), (18, 31), (33, 37)]);
    let uax: Vec<&str> = uax29_sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
    assert!(uax.contains(&"Dann ging er!"), "{uax:?}");
    assert!(naive_sentences("").is_empty() && uax29_sentences(" ").is_empty());
}

fn write(dir: &Path, name: &str, content: &str) {
    if let Some(parent) = dir.join(name).parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(dir.join(name), content).unwrap();
}

/// A tiny GermEval-style file: invented sentences, the corpus' layout.
const GERMEVAL_SAMPLE: &str = "#\thttp://example.org/a\t[2020-01-01]\n1\tAm\tO\tO\n2\t22.\tO\tO\n3\tFebruar\tO\tO\n4\tkam\tO\tO\n5\ter\tO\tO\n6\t.\tO\tO\n\n\
#\thttp://example.org/b\t[2020-01-01]\n1\tDr.\tO\tO\n2\tMüller\tB-PER\tO\n3\tlachte\tO\tO\n4\t!\tO\tO\n\n\
#\thttp://example.org/c\t[2020-01-01]\n1\tDas\tO\tO\n2\twar\tO\tO\n3\tes\tO\tO\n4\t.\tO\tO\n";

#[test]
fn eval_on_a_small_germeval_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "NER-de-dev.tsv", GERMEVAL_SAMPLE);
    assert_eq!(SegmentCorpusKind::detect(dir.path()).unwrap(), SegmentCorpusKind::GermEval2014);
    let texts = load_gold(dir.path(), SegmentCorpusKind::GermEval2014, "dev").unwrap();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].text, "Am 22. Februar kam er. Dr. Müller lachte! Das war es.");
    let report = eval_segment(dir.path(), Some("dev")).unwrap();
    assert_eq!(report.system.counts.gold, 2);
    assert_eq!(report.system.counts.matched, 2);
    assert_eq!(report.system.counts.predicted, 2);
    // The naive splitter breaks after "22." and "Dr.".
    let naive = report.peers.iter().find(|p| p.name == "naive").unwrap();
    assert_eq!(naive.counts.predicted, 4);
    let json = report.to_json();
    assert_eq!(json["task"], "segment");
    assert_eq!(json["corpus"], "germeval2014-ner");
    assert_eq!(json["split"], "dev");
    assert_eq!(json["system"]["f1"], 1.0);
    assert_eq!(json["throughput"]["cores"], 1);
    assert!(json["peers"]["uax29"]["f1"].is_number());
    assert!(json["peers"]["naive"]["precision"].as_f64().unwrap() < 1.0);
    let table = report.render_table();
    assert!(table.contains("wirewatch") && table.contains("uax29") && table.contains("naive"), "{table}");
}

#[test]
fn eval_on_a_small_spkatt_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("test-goldcues")).unwrap();
    // Sentences out of id order are put back in order.
    write(
        dir.path(),
        "dev/speech.json",
        r#"{"Sentences":[{"SentenceId":1,"Tokens":["Vielen","Dank","."]},{"SentenceId":0,"Tokens":["Frau","Präsidentin","!"]}],"Annotations":[]}"#,
    );
    let texts = load_gold(dir.path(), SegmentCorpusKind::SpkAtt2023, "dev").unwrap();
    assert_eq!(texts[0].text, "Frau Präsidentin! Vielen Dank.");
    let report = eval_segment(dir.path(), Some("dev")).unwrap();
    assert_eq!(report.system.counts.exact_sentences, 2);
    // An empty test folder evaluates to nothing, without failing.
    let test = eval_segment(dir.path(), None).unwrap();
    assert_eq!((test.split.as_str(), test.texts), ("test", 0));
}

#[test]
fn eval_on_a_small_ecbplus_file() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        r#"{"doc_id":"1_1ecb","split_cybulska_vossen":"dev","text":"He met Mr. Smith in the U.S. .\nThe talks `` went well . ''\nThey did n't end ."}"#,
        r#"{"doc_id":"1_1ecbplus","split_cybulska_vossen":"dev","text":"http : / / example . com\nHeadline"}"#,
        r#"{"doc_id":"2_1ecb","split_cybulska_vossen":"test","text":"Other split ."}"#,
    ];
    write(dir.path(), "documents.jsonl", &docs.join("\n"));
    write(dir.path(), "ecbplus-xml.tar.xz", "");
    assert_eq!(SegmentCorpusKind::detect(dir.path()).unwrap(), SegmentCorpusKind::EcbPlus);
    let texts = load_gold(dir.path(), SegmentCorpusKind::EcbPlus, "dev").unwrap();
    assert_eq!(texts.len(), 1, "ECB+ additions and other splits are left out");
    // The tokeniser's extra full stop after "U.S." is dropped.
    assert_eq!(texts[0].text, "He met Mr. Smith in the U.S. The talks “went well.” They didn't end.");
    let report = eval_segment(dir.path(), Some("dev")).unwrap();
    assert_eq!(report.corpus.language(), "en");
    assert_eq!(report.system.counts.exact_sentences, 3, "{}", report.render_table());
    assert!(matches!(eval_segment(dir.path(), Some("other")), Err(EvalError::BadOption(_))));
    write(dir.path(), "documents.jsonl", "{broken");
    assert!(matches!(eval_segment(dir.path(), Some("dev")), Err(EvalError::Format { .. })));
}

#[test]
fn bad_corpus_input_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(eval_segment(dir.path(), None), Err(EvalError::BadOption(_))));
    write(dir.path(), "NER-de-dev.tsv", "#\tx\nnot a token line\n");
    assert!(matches!(eval_segment(dir.path(), Some("dev")), Err(EvalError::Format { .. })));
    assert!(matches!(eval_segment(dir.path(), Some("train")), Err(EvalError::BadOption(_))));
    assert!(matches!(eval_segment(dir.path(), Some("test")), Err(EvalError::Io { .. })));
    let spk = tempfile::tempdir().unwrap();
    write(spk.path(), "dev/a.json", "{\"Sentences\": 3}");
    std::fs::create_dir_all(spk.path().join("test-goldcues")).unwrap();
    assert!(matches!(eval_segment(spk.path(), Some("dev")), Err(EvalError::Format { .. })));
    write(spk.path(), "dev/a.json", "not json");
    assert!(matches!(eval_segment(spk.path(), Some("dev")), Err(EvalError::Format { .. })));
}

#[test]
fn real_dev_splits_beat_the_peers() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    for corpus in ["germeval2014-ner", "spkatt2023-parliament-de", "ecbplus"] {
        let dir = shared.join("corpora").join(corpus);
        if !dir.is_dir() {
            eprintln!("skipping {corpus}: not in ../shared/corpora");
            continue;
        }
        let report = eval_segment(&dir, Some("dev")).unwrap();
        let ours = report.system.counts.f1();
        for peer in &report.peers {
            if peer.name.starts_with("wirewatch") {
                continue;
            }
            assert!(ours > peer.counts.f1(), "{corpus}: {ours:.4} vs {} {:.4}", peer.name, peer.counts.f1());
        }
        assert!(report.system.counts.precision() > 0.97, "{corpus}: {}", report.render_table());
    }
}
