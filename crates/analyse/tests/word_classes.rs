//! Word classes: the TSV format, lookup, the Brown trainer on small
//! synthetic corpora, and the shipped German file.

use std::borrow::Cow;
use std::time::Instant;
use wirewatch_analyse::entities::word_classes::{normalise, path_prefix, WordClasses};

fn sentences(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| line.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Two kinds of slot words in two frames: cities after "in … wohnen", days
/// after "am … kommt". Every city and every day occurs equally often.
fn frames_corpus() -> Vec<Vec<String>> {
    let mut text = String::new();
    for _ in 0..20 {
        for city in ["Berlin", "Paris", "Rom", "Wien"] {
            text.push_str(&format!("wir in {city} wohnen gern\n"));
        }
        for day in ["Montag", "Dienstag", "Freitag", "Sonntag"] {
            text.push_str(&format!("er am {day} kommt spät\n"));
        }
    }
    sentences(&text)
}

fn common_prefix(a: (u64, u8), b: (u64, u8)) -> u8 {
    let mut k = a.1.min(b.1);
    while k > 0 && path_prefix(a.0, a.1, k) != path_prefix(b.0, b.1, k) {
        k -= 1;
    }
    k
}

#[test]
fn parse_reads_paths_counts_and_header() {
    let tsv =
        "# model: test\n# second line\nBerlin\t0110\t12\nMünchen\t0111\t7\n#hash\t10\t3\r\n\nund\t\t99\n";
    let classes = WordClasses::parse(tsv).expect("valid file");
    assert_eq!(classes.len(), 4);
    assert_eq!(classes.header(), ["model: test", "second line"]);
    assert_eq!(classes.path("Berlin"), Some((0b0110, 4)));
    assert_eq!(classes.path("München"), Some((0b0111, 4)));
    // A line with tabs is data even when the word starts with '#'.
    assert_eq!(classes.path("#hash"), Some((0b10, 2)));
    // An empty path is the root (single-cluster model).
    assert_eq!(classes.path("und"), Some((0, 0)));
    assert_eq!(classes.count("Berlin"), Some(12));
    assert_eq!(classes.path("Hamburg"), None);
    assert_eq!(classes.path(""), None);
    assert_eq!(classes.cluster_count(), 4);
    assert_eq!(classes.words_with_path(0b0110, 4), ["Berlin"]);
}

#[test]
fn parse_rejects_malformed_lines() {
    for bad in [
        "Berlin\t0110\n",           // two fields
        "Berlin\t0110\t1\textra\n", // four fields
        "Berlin\t01a0\t1\n",        // not a bit string
        "Berlin\t0110\t-1\n",       // not a count
        "Berlin\t0110\tmany\n",     // not a count
        "\t0110\t1\n",              // empty word
        "a\t0\t1\na\t1\t1\n",       // duplicate
        "no tabs and no hash\n",    // neither comment nor data
    ] {
        assert!(WordClasses::parse(bad).is_err(), "accepted {bad:?}");
    }
    let too_long = format!("x\t{}\t1\n", "0".repeat(65));
    assert!(WordClasses::parse(&too_long).is_err());
    let longest = format!("x\t{}\t1\n", "1".repeat(64));
    assert_eq!(WordClasses::parse(&longest).expect("64 bits fit").path("x"), Some((u64::MAX, 64)));
    assert!(WordClasses::parse("").expect("empty is valid").is_empty());
}

#[test]
fn digits_map_to_zero_for_lookup_and_training() {
    assert!(matches!(normalise("Berlin"), Cow::Borrowed("Berlin")));
    assert!(matches!(normalise("000"), Cow::Borrowed(_)), "only zeros: nothing to rewrite");
    assert_eq!(normalise("G7-Gipfel"), "G0-Gipfel");
    assert_eq!(normalise("1.5."), "0.0.");
    let classes = WordClasses::parse("0000\t10\t5\n").expect("valid");
    assert_eq!(classes.path("2024"), Some((0b10, 2)));
    assert_eq!(classes.path("1999"), Some((0b10, 2)));
    assert_eq!(classes.path("199"), None);

    let trained = WordClasses::train(&sentences("im Jahr 2019 und 2020\nim Jahr 1990\n"), 4, 1);
    assert_eq!(trained.count("2021"), Some(3));
    assert!(trained.to_tsv().contains("\n0000\t"));
}

#[test]
fn path_prefix_takes_leading_bits() {
    assert_eq!(path_prefix(0b0110, 4, 2), 0b01);
    assert_eq!(path_prefix(0b0110, 4, 3), 0b011);
    assert_eq!(path_prefix(0b0110, 4, 4), 0b0110);
    assert_eq!(path_prefix(0b0110, 4, 9), 0b0110);
    assert_eq!(path_prefix(0b0110, 4, 0), 0);
    assert_eq!(path_prefix(u64::MAX, 64, 1), 1);
}

#[test]
fn training_groups_words_that_share_contexts() {
    let classes = WordClasses::train(&frames_corpus(), 10, 2);
    let berlin = classes.path("Berlin").expect("Berlin known");
    let montag = classes.path("Montag").expect("Montag known");
    for city in ["Paris", "Rom", "Wien"] {
        assert_eq!(classes.path(city), Some(berlin), "{city} with Berlin");
    }
    for day in ["Dienstag", "Freitag", "Sonntag"] {
        assert_eq!(classes.path(day), Some(montag), "{day} with Montag");
    }
    assert_ne!(berlin, montag);
    assert_eq!(classes.cluster_count(), 10);
}

#[test]
fn training_is_deterministic_and_round_trips() {
    let corpus = frames_corpus();
    let first = WordClasses::train(&corpus, 3, 1).to_tsv();
    let second = WordClasses::train(&corpus, 3, 1).to_tsv();
    assert_eq!(first, second);
    // Sentence order changes counts' discovery order, not the result.
    let mut reversed = corpus.clone();
    reversed.reverse();
    assert_eq!(WordClasses::train(&reversed, 3, 1).to_tsv(), first);
    let parsed = WordClasses::parse(&first).expect("own output parses");
    assert_eq!(parsed.to_tsv(), first);
    assert_eq!(parsed.path("Berlin"), WordClasses::train(&corpus, 3, 1).path("Berlin"));
}

#[test]
fn min_count_and_odd_input_are_handled() {
    let corpus = sentences("a b a b a b c\nd\n");
    let classes = WordClasses::train(&corpus, 8, 2);
    assert!(classes.path("a").is_some() && classes.path("b").is_some());
    assert_eq!(classes.path("c"), None, "below min count");
    assert_eq!(classes.path("d"), None, "below min count");

    // Nothing to learn from.
    assert!(WordClasses::train(&[], 256, 2).is_empty());
    assert!(WordClasses::train(&[vec![], vec![String::new()]], 256, 1).is_empty());
    // Zero clusters means one; more clusters than words means one per word.
    let one = WordClasses::train(&corpus, 0, 1);
    assert_eq!(one.cluster_count(), 1);
    assert_eq!(one.path("a"), Some((0, 0)));
    let many = WordClasses::train(&corpus, 1000, 1);
    assert_eq!(many.cluster_count(), 4);
    assert_eq!(WordClasses::train(&corpus, usize::MAX, 1).cluster_count(), 4);
    // Tokens that would break the file format are skipped, not written.
    let hostile = vec![vec!["x\ty".to_string(), "z\n".to_string(), "ok".to_string(), "ok".to_string()]];
    let classes = WordClasses::train(&hostile, 2, 1);
    assert_eq!(classes.len(), 1);
    assert!(WordClasses::parse(&classes.to_tsv()).is_ok());
}

#[test]
fn many_clusters_keep_paths_within_64_bits() {
    // 300 words with Zipf-like counts, each its own cluster: the tree over
    // them may be deep; paths never exceed 64 bits and every word has one.
    let name =
        |i: usize| format!("{}{}", char::from(b'a' + (i / 26) as u8), char::from(b'a' + (i % 26) as u8));
    let mut corpus = Vec::new();
    for i in 0..300 {
        for _ in 0..(1 + 300 / (i + 1)) {
            corpus.push(vec![name(i), name((i * 7) % 300)]);
        }
    }
    let classes = WordClasses::train(&corpus, 300, 1);
    assert_eq!(classes.len(), 300);
    assert_eq!(classes.cluster_count(), 300);
    for i in 0..300 {
        let (_, len) = classes.path(&name(i)).expect("every kept word has a path");
        assert!((1..=64).contains(&len));
    }
}

#[test]
fn shipped_german_classes_load_and_group_names() {
    let started = Instant::now();
    let classes = WordClasses::german();
    let elapsed = started.elapsed();
    assert!(!classes.is_empty(), "shipped file parses and is not empty");
    // Parse time is reported, not asserted: speed belongs in benchmarks.
    eprintln!("word classes parsed in {elapsed:?}");
    assert!(classes.len() > 10_000, "{} words", classes.len());
    assert!(classes.header().iter().any(|h| h.contains("Brown")));

    // Real behaviour of the shipped file (not hand-tuned): cities, months
    // and speech verbs land in shared clusters.
    let path = |w: &str| classes.path(w).unwrap_or_else(|| panic!("{w} known"));
    let berlin = path("Berlin");
    assert!(
        common_prefix(berlin, path("München")) >= 6,
        "Berlin {berlin:?} vs München {:?}",
        path("München")
    );
    assert_eq!(path("Januar"), path("Februar"));
    assert_eq!(path("sagte"), path("berichtete"));
    assert!(common_prefix(path("Januar"), path("Berlin")) < path("Januar").1);
    assert_eq!(classes.path("2024"), classes.path("1999"));
}
