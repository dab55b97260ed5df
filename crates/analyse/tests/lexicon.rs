//! Tests of the named-entity lexicons: membership, genitive/hyphen/compound fallbacks,
//! multi-token matches, build time, hostile input, and (when `../shared` is present) coverage
//! of GermEval 2014 dev gold entity tokens.

use std::path::PathBuf;
use std::time::Instant;

use wirewatch_analyse::entities::lexicon::{Lexicon, LexiconTags};

fn tags_of(sentence: &str) -> Vec<LexiconTags> {
    let tokens: Vec<&str> = sentence.split(' ').collect();
    Lexicon::german().annotate(&tokens)
}

fn single(word: &str) -> LexiconTags {
    Lexicon::german().annotate(&[word])[0]
}

#[test]
fn first_names_are_found_and_surnames_are_not() {
    let tags = tags_of("Kremlchef Wladimir Putin sagte");
    assert!(tags[1].has(LexiconTags::FIRST_NAME), "Wladimir: {:?}", tags[1]);
    assert!(!tags[2].has(LexiconTags::FIRST_NAME), "Putin is no first name");
    assert!(tags[2].has(LexiconTags::SURNAME), "Putin is a surname");
    for name in ["Putins", "Trumps", "Trump’s", "Merz", "Selenskyj", "Witkoff", "Uschakow", "Biden", "Rubio"]
    {
        assert!(single(name).has(LexiconTags::SURNAME), "{name}");
    }
    for name in ["Donald", "Joe", "Keir", "Emmanuel", "Sergej", "Marie", "Alexander"] {
        assert!(single(name).has(LexiconTags::FIRST_NAME), "{name}");
    }
}

#[test]
fn nouns_that_look_like_names_are_not_first_names() {
    for word in ["Sonne", "Mai", "Haus"] {
        assert!(!single(word).has(LexiconTags::FIRST_NAME), "{word}");
    }
}

#[test]
fn places_as_written_and_in_the_genitive() {
    for word in ["Moskau", "Deutschland", "Deutschlands", "Kiew", "Kyjiw", "Peking", "Europa", "Russlands"] {
        let tags = single(word);
        assert!(tags.has(LexiconTags::PLACE), "{word}: {tags:?}");
    }
    assert!(single("Ost-Ukraine").has(LexiconTags::PLACE), "place after a hyphen");
}

#[test]
fn ambiguous_places_are_kept_apart_from_places() {
    let essen = single("Essen");
    assert!(essen.has(LexiconTags::PLACE_AMBIGUOUS) && !essen.has(LexiconTags::PLACE), "{essen:?}");
    assert!(essen.has(LexiconTags::COMMON_NOUN));
    let haus = single("Haus");
    assert!(haus.has(LexiconTags::COMMON_NOUN), "{haus:?}");
    assert!(!haus.has(LexiconTags::PLACE), "{haus:?}");
}

#[test]
fn merz_is_neither_a_place_nor_a_common_noun() {
    let merz = single("Merz");
    assert!(!merz.has(LexiconTags::PLACE), "{merz:?}");
    assert!(!merz.has(LexiconTags::COMMON_NOUN), "{merz:?}");
}

#[test]
fn multi_token_organisations_mark_begin_and_inside() {
    let tags = tags_of("im Weißen Haus in Washington");
    assert!(!tags[0].has(LexiconTags::ORGANISATION));
    assert!(tags[1].has(LexiconTags::ORGANISATION | LexiconTags::MATCH_BEGIN));
    assert!(tags[1].has(LexiconTags::MATCH_BEGIN) && !tags[1].has(LexiconTags::MATCH_INSIDE));
    assert!(tags[2].has(LexiconTags::ORGANISATION) && tags[2].has(LexiconTags::MATCH_INSIDE));
    assert!(!tags[2].has(LexiconTags::MATCH_BEGIN));
    assert!(!tags[3].has(LexiconTags::MATCH_BEGIN | LexiconTags::MATCH_INSIDE));

    let tags = tags_of("Weißes Haus");
    assert!(tags[0].has(LexiconTags::ORGANISATION) && tags[0].has(LexiconTags::MATCH_BEGIN));
    assert!(tags[1].has(LexiconTags::ORGANISATION) && tags[1].has(LexiconTags::MATCH_INSIDE));

    // Genitive on the last word of the entry.
    let tags = tags_of("Sprecher des Weißen Hauses");
    assert!(tags[2].has(LexiconTags::ORGANISATION) && tags[3].has(LexiconTags::MATCH_INSIDE), "{tags:?}");
}

#[test]
fn longest_multi_token_match_wins() {
    let tags = tags_of("Fans des FC Bayern München jubeln");
    assert!(tags[2].has(LexiconTags::MATCH_BEGIN | LexiconTags::ORGANISATION));
    assert!(tags[3].has(LexiconTags::MATCH_INSIDE));
    assert!(tags[4].has(LexiconTags::MATCH_INSIDE), "the three-token entry covers München: {tags:?}");
    assert!(tags[4].has(LexiconTags::PLACE), "single-token classes stay");
}

#[test]
fn organisations_single_tokens() {
    for word in ["CDU", "SPD", "Nato", "Bundestag", "Kreml", "dpa", "Reuters", "Gazprom"] {
        assert!(single(word).has(LexiconTags::ORGANISATION), "{word}");
    }
    assert!(single("GmbH").has(LexiconTags::ORG_HEAD));
}

#[test]
fn demonyms_with_inflections_and_prefixes() {
    for word in [
        "russische",
        "russischen",
        "Russische",
        "US-amerikanischen",
        "deutschen",
        "Deutsche",
        "Ukrainer",
        "Russen",
        "Berliner",
        "Münchner",
        "europäische",
    ] {
        assert!(single(word).has(LexiconTags::DEMONYM), "{word}");
    }
    assert!(single("pro-russischen").has(LexiconTags::DEMONYM), "demonym after a hyphen");
}

#[test]
fn roles_whole_words_compounds_and_after_hyphens() {
    for word in [
        "Kremlchef",
        "US-Präsident",
        "Sondergesandter",
        "Außenministerin",
        "Präsidenten",
        "Ex-Kanzler",
        "Wirtschaftsminister",
        "Bundeskanzlerin",
        "Regierungssprecherin",
        "envoy",
    ] {
        assert!(single(word).has(LexiconTags::ROLE), "{word}");
    }
    for word in ["Putin", "Haus", "Lautsprecher", "Chefs-", "Ministerium"] {
        assert!(!single(word).has(LexiconTags::ROLE), "{word} is no role");
    }
    let lexicon = Lexicon::german();
    assert_eq!(lexicon.role("US-Präsident").as_deref(), Some("Präsident"));
    assert_eq!(lexicon.role("Präsidenten").as_deref(), Some("Präsident"));
    assert_eq!(lexicon.role("Kremlchef").as_deref(), Some("Kremlchef"));
    assert_eq!(lexicon.role("Parlamentschef").as_deref(), Some("Chef"));
    assert_eq!(lexicon.role("Außenministerin").as_deref(), Some("Außenminister"));
    assert_eq!(lexicon.role("Handelsministerin").as_deref(), Some("Minister"));
    assert_eq!(lexicon.role("Sondergesandten").as_deref(), Some("Sondergesandter"));
    assert_eq!(lexicon.role("Merz"), None);
    assert_eq!(lexicon.role(""), None);
}

#[test]
fn particles_and_prefixes() {
    let tags = tags_of("Frau Dr. Ursula von der Leyen");
    assert!(tags[0].has(LexiconTags::PERSON_PREFIX));
    assert!(tags[1].has(LexiconTags::PERSON_PREFIX));
    assert!(tags[2].has(LexiconTags::FIRST_NAME));
    assert!(tags[3].has(LexiconTags::NAME_PARTICLE));
}

#[test]
fn frequency_buckets() {
    let lexicon = Lexicon::german();
    let die = lexicon.frequency_bucket("die");
    assert!(die >= 7, "die: {die}");
    assert_eq!(lexicon.frequency_bucket("Die"), die, "lookups are lower-cased");
    assert!(lexicon.frequency_bucket("Haus") >= 4);
    assert_eq!(lexicon.frequency_bucket("xqzxqzxqz"), 0);
    assert_eq!(lexicon.frequency_bucket(""), 0);
    assert_eq!(lexicon.frequency_bucket(&"Ä".repeat(200)), 0, "over-long words are unknown, not a panic");
}

#[test]
fn builds_from_the_embedded_files() {
    // How long the build takes is a benchmark's business (`wirewatch eval ner`
    // reports the tagger's setup time); here only that it builds and answers.
    let started = Instant::now();
    let lexicon = Lexicon::new();
    eprintln!("lexicon built in {:?}", started.elapsed());
    assert!(lexicon.frequency_bucket("und") > 0);
}

#[test]
fn hostile_input_does_not_panic() {
    let lexicon = Lexicon::german();
    let long = "x".repeat(10_000);
    let hyphens = "-".repeat(1_000);
    let inputs: Vec<&str> = vec![
        "",
        "-",
        "---",
        "ß-",
        "-ß",
        "s",
        "'s",
        "’s",
        "’",
        "🦀",
        "🦀s",
        "Präsident-",
        "-Präsident",
        "\u{0}",
        "\u{301}",
        "ﬁ",
        "İ",
        "ǅ",
        "Weißes",
        "Weißes",
        "Weißes",
        "Weißes",
        "Weißes",
        "Weißes",
        "Weißes",
        &long,
        &hyphens,
        "e.V.",
        " ",
    ];
    let tags = lexicon.annotate(&inputs);
    assert_eq!(tags.len(), inputs.len());
    assert_eq!(tags[0], LexiconTags::default());
    for input in &inputs {
        let _ = lexicon.role(input);
        let _ = lexicon.frequency_bucket(input);
    }
    assert!(lexicon.annotate(&[]).is_empty());
    // A phrase start at the very end of the sentence.
    let tags = lexicon.annotate(&["im", "Weißen"]);
    assert!(!tags[1].has(LexiconTags::MATCH_BEGIN));
}

#[test]
fn annotation_is_fast() {
    let lexicon = Lexicon::german();
    let sentence = "Kremlchef Wladimir Putin hat am Dienstag in Moskau den US-Sondergesandten Steve Witkoff empfangen , \
                    teilte ein Sprecher des Weißen Hauses in Washington mit ; die russische Seite sprach von einem \
                    konstruktiven Gespräch über die Ukraine";
    let tokens: Vec<&str> = sentence.split_whitespace().collect();
    let rounds = 2_000;
    let started = Instant::now();
    let mut marked = 0usize;
    for _ in 0..rounds {
        marked += lexicon.annotate(&tokens).iter().filter(|tag| tag.0 != 0).count();
    }
    let per_sentence = started.elapsed() / rounds;
    eprintln!("{} tokens annotated in {per_sentence:?} per sentence", tokens.len());
    assert!(marked > 0);
    let budget_us = if cfg!(debug_assertions) { 2_000 } else { 50 };
    assert!(per_sentence.as_micros() < budget_us, "{per_sentence:?}");
}

/// Where `../shared` is: `WIREWATCH_SHARED`, else next to the workspace root.
fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("WIREWATCH_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.is_dir().then_some(dir)
}

/// Coverage of GermEval 2014 **dev** (never test): the share of gold PER/LOC/ORG tokens the lexicons
/// mark with a matching class, and the share of O tokens wrongly marked as a name class.
#[test]
fn germeval_dev_coverage() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let path = shared.join("corpora/germeval2014-ner/NER-de-dev.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not readable", path.display());
        return;
    };
    let lexicon = Lexicon::german();
    let per_bits = LexiconTags::FIRST_NAME | LexiconTags::SURNAME;
    let loc_bits = LexiconTags::PLACE | LexiconTags::PLACE_AMBIGUOUS;
    let org_bits = LexiconTags::ORGANISATION | LexiconTags::ORG_HEAD;
    let name_bits = per_bits | loc_bits | LexiconTags::ORGANISATION;
    // (gold tokens, covered) per class; O tokens and wrongly marked ones.
    let mut counts = [(0usize, 0usize); 4];
    let (mut outside, mut outside_marked, mut outside_marked_unambiguous) = (0usize, 0usize, 0usize);
    let mut sentence: Vec<(String, String)> = Vec::new();
    let mut flush = |sentence: &mut Vec<(String, String)>| {
        let tokens: Vec<&str> = sentence.iter().map(|(token, _)| token.as_str()).collect();
        let tags = lexicon.annotate(&tokens);
        for ((_, label), tag) in sentence.iter().zip(&tags) {
            let class = label.get(2..).unwrap_or("");
            let slot = match class {
                "PER" => Some((0, per_bits)),
                "LOC" => Some((1, loc_bits)),
                "ORG" => Some((2, org_bits | loc_bits)),
                "LOCderiv" => Some((3, LexiconTags::DEMONYM)),
                _ => None,
            };
            if let Some((index, bits)) = slot {
                counts[index].0 += 1;
                if tag.has(bits) {
                    counts[index].1 += 1;
                }
            } else if label == "O" {
                outside += 1;
                if tag.has(name_bits) {
                    outside_marked += 1;
                }
                if tag.has(
                    LexiconTags::PLACE
                        | LexiconTags::ORGANISATION
                        | LexiconTags::FIRST_NAME
                        | LexiconTags::SURNAME,
                ) {
                    outside_marked_unambiguous += 1;
                }
            }
        }
        sentence.clear();
    };
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 3 {
            flush(&mut sentence);
            continue;
        }
        sentence.push((fields[1].to_string(), fields[2].to_string()));
    }
    flush(&mut sentence);
    let share = |(total, covered): (usize, usize)| {
        if total == 0 {
            0.0
        } else {
            100.0 * covered as f64 / total as f64
        }
    };
    eprintln!(
        "GermEval dev outer-label tokens covered: PER {:.1}% (first names, surnames) of {}, LOC {:.1}% of {}, ORG {:.1}% (org, org head or place) of {}, LOCderiv {:.1}% (demonym) of {}",
        share(counts[0]), counts[0].0, share(counts[1]), counts[1].0, share(counts[2]), counts[2].0, share(counts[3]), counts[3].0
    );
    eprintln!(
        "O tokens marked as name/place/org: {:.2}% (unambiguous classes only: {:.2}%) of {outside}",
        share((outside, outside_marked)),
        share((outside, outside_marked_unambiguous)),
    );
    assert!(share(counts[1]) > 50.0, "LOC coverage too low");
    assert!(share(counts[3]) > 50.0, "LOCderiv coverage too low");
    assert!(share((outside, outside_marked)) < 10.0, "too many O tokens marked");
}
