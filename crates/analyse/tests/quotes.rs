//! Integration tests of the quote finder: German and English sentences
//! written for these tests (direct, split, multi-paragraph, terms, indirect,
//! attribution, pronouns, carry-over), hostile input, and the seeds when
//! `../shared` is present.

use wirewatch_analyse::entities;
use wirewatch_analyse::quotes::QuoteFinder;
use wirewatch_analyse::segment;
use wirewatch_model::{Quote, QuoteKind};

fn analyse(text: &str, language: &str) -> Vec<Quote> {
    let sentences = segment::sentences(text, Some(language));
    let mentions = entities::document_mentions(text, &sentences, Some(language)).unwrap_or_default();
    QuoteFinder::new().expect("shipped rules parse").find(text, &sentences, &mentions, Some(language))
}

/// One line per quote: kind | content | cue | speaker.
fn show(text: &str, quotes: &[Quote]) -> Vec<String> {
    quotes
        .iter()
        .map(|q| {
            let cue = q.cue.map(|c| &text[c.start..c.end]).unwrap_or("-");
            let who = q.speaker.as_ref().map(|s| s.text.as_str()).unwrap_or("-");
            let resolved = q
                .speaker
                .as_ref()
                .and_then(|s| s.mention)
                .map(|m| mentions_text(text, m))
                .unwrap_or_default();
            format!("{:?} | {} | {} | {} | {}", q.kind, q.text, cue, who, resolved)
        })
        .collect()
}

/// The only quote of `kind` whose content contains `needle`.
fn one<'a>(quotes: &'a [Quote], kind: QuoteKind, needle: &str) -> &'a Quote {
    let hits: Vec<&Quote> = quotes.iter().filter(|q| q.kind == kind && q.text.contains(needle)).collect();
    assert_eq!(hits.len(), 1, "one {kind:?} quote containing {needle:?} in {quotes:#?}");
    hits[0]
}

fn cue<'a>(text: &'a str, quote: &Quote) -> &'a str {
    quote.cue.map_or("", |c| &text[c.start..c.end])
}

fn who(quote: &Quote) -> &str {
    quote.speaker.as_ref().map_or("", |s| s.text.as_str())
}

fn direct(quotes: &[Quote]) -> Vec<&Quote> {
    quotes.iter().filter(|q| q.kind == QuoteKind::Direct).collect()
}

#[test]
fn german_reporting_clause_after() {
    let text = "„Wir werden das nicht hinnehmen“, sagte Merz am Montag in Berlin.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Direct, "hinnehmen");
    assert_eq!(q.text, "Wir werden das nicht hinnehmen");
    assert_eq!(&text[q.start..q.end], q.text);
    assert_eq!(cue(text, q), "sagte");
    assert_eq!(who(q), "Merz");
}

#[test]
fn german_so_and_role_speakers() {
    let text = "„Das ist ein Fehler“, so die Sprecherin. „Wir verhandeln weiter“, sagte der Kremlchef.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Direct, "Fehler");
    assert_eq!((cue(text, q), who(q)), ("so", "die Sprecherin"));
    let q = one(&quotes, QuoteKind::Direct, "verhandeln");
    assert_eq!((cue(text, q), who(q)), ("sagte", "der Kremlchef"));
}

#[test]
fn german_colon_introduction() {
    let text = "Die Ministerin sagte am Abend: „Die Lage ist ernst. Wir handeln jetzt.“";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Direct, "Lage");
    assert_eq!(q.text, "Die Lage ist ernst. Wir handeln jetzt.");
    assert_eq!((cue(text, q), who(q)), ("sagte", "Die Ministerin"));
    let headline = "Scholz: „Wir halten Kurs“";
    let quotes = analyse(headline, "de");
    assert_eq!(who(one(&quotes, QuoteKind::Direct, "Kurs")), "Scholz");
}

#[test]
fn split_quote_is_one_quote_with_two_parts() {
    let text = "„Wir sind bereit“, sagte Müller. „Aber nicht um jeden Preis.“ Dann ging er.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Direct, "bereit");
    assert_eq!(q.parts.len(), 2);
    assert_eq!(q.text, "Wir sind bereit … Aber nicht um jeden Preis.");
    assert_eq!(&text[q.parts[1].start..q.parts[1].end], "Aber nicht um jeden Preis.");
    assert_eq!(who(q), "Müller");
    let english = "\"This is fine,\" she said. \"We will recover.\"";
    let quotes = analyse(english, "en");
    let q = one(&quotes, QuoteKind::Direct, "fine");
    assert_eq!(q.parts.len(), 2, "{quotes:#?}");
    assert_eq!(who(q), "she");
}

#[test]
fn speaker_carries_over_within_a_paragraph_only() {
    let text = "„Wir sind bereit“, sagte Müller am Abend. Der Saal war voll. „Wir kommen wieder.“\n\n\
                „Der nächste Absatz.“\n\nDer Saal leerte sich.\n\n„Ein späterer Absatz.“";
    let quotes = analyse(text, "de");
    assert_eq!(who(one(&quotes, QuoteKind::Direct, "kommen wieder")), "Müller");
    // A paragraph that opens with a quote continues the previous paragraph's speaker.
    assert_eq!(who(one(&quotes, QuoteKind::Direct, "nächste Absatz")), "Müller");
    assert_eq!(who(one(&quotes, QuoteKind::Direct, "späterer Absatz")), "");
}

#[test]
fn quote_across_paragraphs() {
    let text = "„Der erste Absatz endet offen.\n\n„Der zweite schließt“, sagte Müller.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Direct, "erste");
    assert_eq!(q.parts.len(), 2);
    assert_eq!(&text[q.parts[0].start..q.parts[0].end], "Der erste Absatz endet offen.");
    assert_eq!(&text[q.parts[1].start..q.parts[1].end], "Der zweite schließt");
    assert_eq!(who(q), "Müller");
}

#[test]
fn nested_quote_with_its_own_introduction() {
    let text =
        "Die Zeugin sagte vor Gericht: „Er hat gesagt: ‚Das bleibt unter uns.‘ Da wusste ich Bescheid.“";
    let quotes = analyse(text, "de");
    let outer = one(&quotes, QuoteKind::Direct, "Da wusste ich");
    assert_eq!(who(outer), "Die Zeugin");
    let inner = quotes.iter().find(|q| q.text == "Das bleibt unter uns.").expect("inner quote");
    assert_eq!(inner.kind, QuoteKind::Direct);
    assert_eq!((cue(text, inner), who(inner)), ("gesagt", "Er"));
}

#[test]
fn every_quote_style() {
    for (text, content) in [
        ("»Wir bleiben hier«, sagte Müller.", "Wir bleiben hier"),
        ("«Wir bleiben hier», sagte Müller.", "Wir bleiben hier"),
        ("\"Wir bleiben hier\", sagte Müller.", "Wir bleiben hier"),
        ("“Wir bleiben hier”, sagte Müller.", "Wir bleiben hier"),
        ("‚Wir bleiben hier‘, sagte Müller.", "Wir bleiben hier"),
        ("„Er nannte es ‚Unsinn‘ und ging“, sagte Müller.", "Er nannte es ‚Unsinn‘ und ging"),
    ] {
        let quotes = analyse(text, "de");
        let q = one(&quotes, QuoteKind::Direct, content);
        assert_eq!(q.text, content, "{text}");
        assert_eq!(who(q), "Müller", "{text}");
    }
}

#[test]
fn scare_quotes_are_terms() {
    let text = "Die Regierung sprach von einem „Erfolg“. Das sogenannte „Heizungsgesetz“ bleibt umstritten.";
    let quotes = analyse(text, "de");
    assert_eq!(who(one(&quotes, QuoteKind::Term, "Erfolg")), "Die Regierung");
    let q = one(&quotes, QuoteKind::Term, "Heizungsgesetz");
    assert!(q.speaker.is_none() && q.cue.is_none());
    assert!(direct(&quotes).is_empty(), "{quotes:#?}");
    let english = "He called the inquiry a “witch hunt” and left.";
    let quotes = analyse(english, "en");
    one(&quotes, QuoteKind::Term, "witch hunt");
}

#[test]
fn short_quote_with_reporting_clause_is_direct() {
    let text = "Die Chancen seien „sehr hoch“, so Trump.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Direct, "sehr hoch");
    assert_eq!((cue(text, q), who(q)), ("so", "Trump"));
}

#[test]
fn partial_quote_takes_the_cue_of_its_sentence() {
    let text = "Die Ministerin sagte, die Reform sei „ein schwerer Rückschlag für alle Beteiligten im Land“.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Direct, "Rückschlag");
    assert_eq!((cue(text, q), who(q)), ("sagte", "Die Ministerin"));
    // A short label in running text is a term; the cue and speaker say who used it.
    let text = "Die Ministerin sprach von einem „schweren Rückschlag“.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Term, "Rückschlag");
    assert_eq!((cue(text, q), who(q)), ("sprach", "Die Ministerin"));
    assert!(direct(&quotes).is_empty());
}

#[test]
fn pronoun_resolves_to_the_preceding_person() {
    let text = "Angela Merkel trat vor die Presse. „Das war ein guter Tag“, sagte sie.";
    let sentences = segment::sentences(text, Some("de"));
    let mentions = entities::document_mentions(text, &sentences, Some("de")).unwrap_or_default();
    let quotes = QuoteFinder::new().expect("rules").find(text, &sentences, &mentions, Some("de"));
    let q = one(&quotes, QuoteKind::Direct, "guter Tag");
    let speaker = q.speaker.as_ref().expect("speaker");
    assert_eq!(speaker.text, "sie");
    if let Some(person) = mentions.iter().position(|m| m.text == "Angela Merkel") {
        assert_eq!(speaker.mention, Some(person));
    }
}

#[test]
fn speakers_without_mentions_are_text_spans() {
    let text = "„Wir kommen“, sagte Müller.";
    let quotes = QuoteFinder::shared().find(text, &[], &[], Some("de"));
    let q = one(&quotes, QuoteKind::Direct, "kommen");
    let speaker = q.speaker.as_ref().expect("speaker");
    assert_eq!((speaker.text.as_str(), speaker.mention), ("Müller", None));
}

#[test]
fn german_indirect_speech() {
    let text = "Die Ministerin sagte, dass die Gespräche fortgesetzt würden. \
                Der Sprecher erklärte, die Lage sei unter Kontrolle. \
                Die Versorgung sei gesichert, sagte ein Sprecher der Stadt.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Indirect, "Gespräche");
    assert_eq!(q.text, "die Gespräche fortgesetzt würden");
    assert_eq!((cue(text, q), who(q)), ("sagte", "Die Ministerin"));
    let q = one(&quotes, QuoteKind::Indirect, "unter Kontrolle");
    assert_eq!(q.text, "die Lage sei unter Kontrolle");
    assert_eq!(who(q), "Der Sprecher");
    let q = one(&quotes, QuoteKind::Indirect, "Versorgung");
    assert_eq!(q.text, "Die Versorgung sei gesichert");
    assert_eq!(who(q), "ein Sprecher");
}

#[test]
fn konjunktiv_continues_the_speaker() {
    let text = "Der Minister erklärte, das Land sei vorbereitet. Es gebe genug Vorräte.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Indirect, "Vorräte");
    assert_eq!(who(q), "Der Minister");
    assert!(q.cue.is_none());
}

#[test]
fn separable_cue_needs_its_particle() {
    let text = "Der Minister wies darauf hin, dass die Frist ende. Er stellte den Antrag, dass alle zahlen.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Indirect, "Frist");
    assert_eq!(cue(text, q), "wies");
    assert!(quotes.iter().all(|q| !q.text.contains("alle zahlen")), "{quotes:#?}");
}

#[test]
fn passive_participle_reports_nothing() {
    let text = "Wenn darüber gesprochen werde, müsse man warten.";
    let quotes = analyse(text, "de");
    assert!(quotes.iter().all(|q| cue(text, q) != "gesprochen"), "{quotes:#?}");
}

#[test]
fn german_attributions() {
    let text = "Laut Polizei wurden drei Menschen verletzt. Dem Bericht zufolge stieg die Zahl der Fälle. \
                Nach dpa-Informationen ist das Treffen abgesagt. Die Preise steigen nach Angaben des Verbands weiter.";
    let quotes = analyse(text, "de");
    let q = one(&quotes, QuoteKind::Attribution, "verletzt");
    assert_eq!((q.text.as_str(), cue(text, q), who(q)), ("wurden drei Menschen verletzt", "Laut", "Polizei"));
    let q = one(&quotes, QuoteKind::Attribution, "Zahl");
    assert_eq!((cue(text, q), who(q)), ("zufolge", "Dem Bericht"));
    let q = one(&quotes, QuoteKind::Attribution, "abgesagt");
    assert_eq!((cue(text, q), who(q)), ("Nach dpa-Informationen", "dpa"));
    let q = one(&quotes, QuoteKind::Attribution, "Preise");
    assert_eq!(who(q), "Verbands");
    assert_eq!(q.parts.len(), 2);
    assert_eq!(q.text, "Die Preise steigen … weiter");
}

#[test]
fn laut_as_adjective_is_no_attribution() {
    let quotes = analyse("Die Musik war sehr laut.", "de");
    assert!(quotes.is_empty(), "{quotes:#?}");
}

#[test]
fn english_direct_quotes() {
    let text = "\"We will not back down,\" Johnson said on Tuesday. \"It is a disaster,\" said the mayor. \
                The minister said: \"We are ready.\"";
    let quotes = analyse(text, "en");
    let q = one(&quotes, QuoteKind::Direct, "back down");
    assert_eq!(q.text, "We will not back down,");
    assert_eq!((cue(text, q), who(q)), ("said", "Johnson"));
    let q = one(&quotes, QuoteKind::Direct, "disaster");
    assert_eq!(who(q), "the mayor");
    let q = one(&quotes, QuoteKind::Direct, "ready");
    assert_eq!(who(q), "The minister");
}

#[test]
fn english_reported_speech_and_attribution() {
    let text = "Officials said that the bridge would reopen next week. \
                The road will stay closed, police said. \
                According to the ministry, 40 people were injured.";
    let quotes = analyse(text, "en");
    let q = one(&quotes, QuoteKind::Indirect, "bridge");
    assert_eq!(q.text, "the bridge would reopen next week");
    assert_eq!(who(q), "Officials");
    let q = one(&quotes, QuoteKind::Indirect, "road");
    assert_eq!(q.text, "The road will stay closed");
    assert_eq!(who(q), "police");
    let q = one(&quotes, QuoteKind::Attribution, "injured");
    assert_eq!((cue(text, q), who(q)), ("According to", "the ministry"));
    assert_eq!(q.text, "40 people were injured");
}

#[test]
fn without_language_both_rule_sets_apply() {
    let text = "„Wir kommen“, sagte Müller. \"We are coming,\" Smith said.";
    let quotes = QuoteFinder::shared().find(text, &[], &[], None);
    assert_eq!(who(one(&quotes, QuoteKind::Direct, "Wir kommen")), "Müller");
    assert_eq!(who(one(&quotes, QuoteKind::Direct, "We are coming")), "Smith");
}

#[test]
fn cue_tokens_of_a_tokenised_sentence() {
    let finder = QuoteFinder::shared();
    let tokens = ["Die", "Regierung", "lehnt", "den", "Plan", "ab", "."];
    assert_eq!(finder.cue_tokens(&tokens, Some("de")), vec![2, 5]);
    let tokens = ["„", "Nein", "“", ",", "so", "Trump", "."];
    assert_eq!(finder.cue_tokens(&tokens, Some("de")), vec![4]);
    let tokens = ["Das", "Sagen", "hat", "er", "."];
    assert!(finder.cue_tokens(&tokens, Some("de")).is_empty());
    let tokens = ["According", "to", "police", ",", "he", "said", "nothing", "."];
    assert_eq!(finder.cue_tokens(&tokens, Some("en")), vec![0, 1, 5]);
    assert!(finder.cue_tokens(&[], None).is_empty());
}

#[test]
fn cue_events_of_a_tokenised_sentence() {
    // The shipped German model (cue tagger and role labeller, trained on
    // SpkAtt train) decides the cues and roles; the checks are what any
    // sensible reading gives, not the exact SpkAtt span conventions.
    let finder = QuoteFinder::shared();
    let tokens = ["Ich", "glaube", ",", "dass", "wir", "mehr", "tun", "müssen", "."];
    let events = finder.cue_events(&tokens, Some("de"));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].cue, vec![1]);
    assert_eq!(events[0].source, vec![0]);
    assert!([4, 5, 6, 7].iter().all(|i| events[0].message.contains(i)), "{events:?}");
    let tokens = ["Die", "Regierung", "lehnt", "den", "Plan", "ab", "."];
    let events = finder.cue_events(&tokens, Some("de"));
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].cue.contains(&2), "{events:?}");
    let particle = events[0].cue.contains(&5)
        || events[0].other_roles.iter().any(|(role, tokens)| role == "PTC" && tokens == &vec![5]);
    assert!(particle, "the separated particle belongs to the event: {events:?}");
    assert!(events[0].source.contains(&1), "{events:?}");
    assert!(events[0].message.contains(&4), "{events:?}");
    let tokens = ["Ihr", "Antrag", "greift", "zu", "kurz", "."];
    let events = finder.cue_events(&tokens, Some("de"));
    assert!(events.iter().any(|e| e.cue == vec![1]), "{events:?}");
    assert!(finder.cue_events(&[], None).is_empty());
    assert!(finder.cue_events(&["", " ", "„"], Some("de")).is_empty());
    // With the next sentence given, a message may run on into it (indices past the first sentence).
    let first = ["Er", "sagte", ":"];
    let next = ["Wir", "bleiben", "hier", "."];
    for event in finder.cue_events_with_next(&first, &next, Some("de")) {
        assert!(event.message.iter().chain(&event.source).all(|&i| i < first.len() + next.len()));
    }
}

#[test]
fn hostile_input_never_panics_and_offsets_hold() {
    let deep = "„".repeat(5000) + &"“".repeat(10);
    let samples = [
        String::new(),
        "\"".to_string(),
        "\"\"\"\"\"\"\"".to_string(),
        "„".to_string(),
        "“ ” » « ‚ ‘ ’ ' ‹ ›".to_string(),
        deep,
        "„Offen bis zum Ende, sagte er".to_string(),
        "\n\n„\n\n„\n\n“".to_string(),
        ", sagte , so : laut zufolge nach dpa-".to_string(),
        "laut".to_string(),
        "„😀“, sagte 🙂. «é» ‚ü‘".to_string(),
        "er sagte, dass".to_string(),
        "Nach -Informationen ist".to_string(),
        "sagte sagte sagte sagte, dass dass dass".repeat(200),
    ];
    for text in &samples {
        let tokens: Vec<&str> = text.split(' ').collect();
        for language in [Some("de"), Some("en"), None] {
            for event in QuoteFinder::shared().cue_events(&tokens, language) {
                for index in event.cue.iter().chain(&event.source).chain(&event.message) {
                    assert!(*index < tokens.len());
                }
            }
        }
        for language in [Some("de"), Some("en"), None, Some("x")] {
            let quotes = analyse_any(text, language);
            for q in &quotes {
                assert!(q.start <= q.end && q.end <= text.len(), "{text:?}");
                assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
                for part in &q.parts {
                    assert!(text.get(part.start..part.end).is_some(), "{text:?}");
                }
                if let Some(s) = &q.speaker {
                    assert_eq!(text.get(s.start..s.end), Some(s.text.as_str()));
                }
                if let Some(c) = q.cue {
                    assert!(text.get(c.start..c.end).is_some());
                }
            }
        }
    }
}

/// Random mixtures of quote marks, cue words, names, punctuation, line
/// breaks and multi-byte characters (a fixed-seed generator, so the test is
/// deterministic): no panic, offsets on char boundaries.
#[test]
fn random_mixtures_never_panic() {
    let pieces = [
        "„",
        "“",
        "”",
        "\"",
        "'",
        "‚",
        "‘",
        "’",
        "»",
        "«",
        "‹",
        "›",
        " ",
        " ",
        " ",
        ",",
        ".",
        ":",
        ";",
        "–",
        "\n\n",
        "\n",
        "sagte",
        "so",
        "laut",
        "zufolge",
        "nach",
        "dpa-Informationen",
        "er",
        "sie",
        "Merz",
        "der",
        "Kremlchef",
        "dass",
        "sei",
        "said",
        "according",
        "to",
        "he",
        "told",
        "Müller",
        "😀",
        "é",
        "ß",
        "(",
        ")",
        "ab",
        "wies",
        "hin",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let finder = QuoteFinder::shared();
    // `QUOTES_FUZZ_ROUNDS=100000` for a longer run.
    let rounds = std::env::var("QUOTES_FUZZ_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(400);
    for _ in 0..rounds {
        let length = (next() % 60) as usize;
        let words: Vec<&str> = (0..length).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
        let text: String = words.concat();
        for language in [Some("de"), Some("en"), None] {
            for q in finder.find(&text, &[], &[], language) {
                assert!(
                    text.is_char_boundary(q.start) && text.is_char_boundary(q.end) && q.start <= q.end,
                    "{text:?}"
                );
                assert!(q.parts.iter().all(|p| text.get(p.start..p.end).is_some()), "{text:?}");
            }
            for event in finder.cue_events(&words, language) {
                assert!(event
                    .cue
                    .iter()
                    .chain(&event.source)
                    .chain(&event.message)
                    .all(|&i| i < words.len()));
            }
        }
    }
}

fn analyse_any(text: &str, language: Option<&str>) -> Vec<Quote> {
    let sentences = segment::sentences(text, language);
    let mentions = entities::document_mentions(text, &sentences, language).unwrap_or_default();
    QuoteFinder::shared().find(text, &sentences, &mentions, language)
}

#[test]
fn deterministic() {
    let text = "„Wir sind bereit“, sagte Müller. „Aber nicht um jeden Preis.“ Laut Polizei sei alles ruhig.";
    assert_eq!(analyse(text, "de"), analyse(text, "de"));
}

#[test]
fn seeds() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let Ok(entries) = std::fs::read_dir(shared.join("seeds")) else {
        eprintln!("skipping: ../shared/seeds not found");
        return;
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    let seed = |prefix: &str| {
        files
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
            .and_then(|p| std::fs::read_to_string(p).ok())
    };
    let (Some(s0), Some(s1), Some(s2)) = (seed("000"), seed("001"), seed("002")) else {
        eprintln!("skipping: seeds 000-002 not found");
        return;
    };
    let q2 = analyse(&s2, "de");
    let q = one(&q2, QuoteKind::Direct, "Das zweite Treffen wird sehr, sehr wichtig sein");
    assert_eq!((cue(&s2, q), who(q)), ("sagte", "Trump"));
    one(&q2, QuoteKind::Term, "Gebietstausch");
    let q1 = analyse(&s1, "de");
    let q = one(&q1, QuoteKind::Direct, "sehr hoch");
    assert_eq!((cue(&s1, q), who(q)), ("so", "Trump"));
    let q0 = analyse(&s0, "de");
    one(&q0, QuoteKind::Term, "produktiver");
    // „grundsätzlichen Einverständnis“ is a label Uschakow used after "sprach von".
    let q = one(&q0, QuoteKind::Term, "grundsätzlichen Einverständnis");
    assert!(who(q).ends_with("Uschakow"), "{q:?}");
    let q = one(&q0, QuoteKind::Indirect, "trilaterales Format");
    let sentences = segment::sentences(&s0, Some("de"));
    let mentions = entities::document_mentions(&s0, &sentences, Some("de")).unwrap_or_default();
    let resolved = q.speaker.as_ref().and_then(|s| s.mention).and_then(|m| mentions.get(m));
    if !mentions.is_empty() {
        assert!(resolved.is_some_and(|m| m.text.contains("Uschakow")), "{q:?}");
    }
}

/// Speed on the seeds repeated to about 1,000 words: run with
/// `cargo test --release -p wirewatch-analyse --test quotes speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn speed() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let mut text = String::new();
    for entry in std::fs::read_dir(shared.join("seeds")).into_iter().flatten().flatten() {
        text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        text.push_str("\n\n");
    }
    let words: Vec<&str> = text.split_whitespace().take(1000).collect();
    let article = words.join(" ");
    let sentences = segment::sentences(&article, Some("de"));
    let mentions = entities::document_mentions(&article, &sentences, Some("de")).unwrap_or_default();
    let finder = QuoteFinder::shared();
    let rounds = 2000;
    let started = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..rounds {
        total += finder.find(&article, &sentences, &mentions, Some("de")).len();
    }
    let each = started.elapsed() / rounds;
    println!("{} words, {} quotes, {:?} per article", words.len(), total / rounds as usize, each);
}

fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = match std::env::var("WIREWATCH_SHARED") {
        Ok(dir) => std::path::PathBuf::from(dir),
        Err(_) => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.is_dir().then_some(dir)
}

#[test]
#[ignore]
fn dump() {
    let Ok(path) = std::env::var("QUOTES_FILE") else { return };
    let text = std::fs::read_to_string(path).expect("readable");
    let language = std::env::var("QUOTES_LANG").unwrap_or_else(|_| "de".into());
    let quotes = analyse(&text, &language);
    for line in show(&text, &quotes) {
        println!("{line}");
    }
}

/// The text of mention `index` of `text` (German tagger), for printing.
fn mentions_text(text: &str, index: usize) -> String {
    let sentences = segment::sentences(text, Some("de"));
    let mentions = entities::document_mentions(text, &sentences, Some("de")).unwrap_or_default();
    mentions.get(index).map(|m| m.text.clone()).unwrap_or_default()
}

/// Token-level cue P/R/F1 of `cue_tokens` on a SpkAtt split (gold `Cue` and
/// `PTC` tokens): `SPKATT_SPLIT=dev cargo test --release -p wirewatch-analyse
/// --test quotes spkatt_cues -- --ignored --nocapture`. The official scores
/// come from `wirewatch eval quotes`; this is a quick check for rule edits.
#[test]
#[ignore]
fn spkatt_cues() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let split = std::env::var("SPKATT_SPLIT").unwrap_or_else(|_| "dev".into());
    let dir = shared.join("corpora/spkatt2023-parliament-de").join(&split);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let finder = QuoteFinder::shared();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    // role → (overlapping tokens, gold tokens, predicted tokens)
    let mut roles = std::collections::BTreeMap::<&str, (usize, usize, usize)>::new();
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        let mut gold = std::collections::BTreeSet::new();
        for annotation in json["Annotations"].as_array().into_iter().flatten() {
            for key in ["Cue", "PTC"] {
                for item in annotation[key].as_array().into_iter().flatten() {
                    if let Some((s, t)) = item.as_str().and_then(|x| x.split_once(':')) {
                        if let (Ok(s), Ok(t)) = (s.parse::<u64>(), t.parse::<usize>()) {
                            gold.insert((s, t));
                        }
                    }
                }
            }
        }
        let mut predicted = std::collections::BTreeSet::new();
        let mut events: Vec<[Vec<(u64, usize)>; 3]> = Vec::new();
        for sentence in json["Sentences"].as_array().into_iter().flatten() {
            let id = sentence["SentenceId"].as_u64().unwrap_or(0);
            let tokens: Vec<&str> =
                sentence["Tokens"].as_array().into_iter().flatten().filter_map(|t| t.as_str()).collect();
            for i in finder.cue_tokens(&tokens, Some("de")) {
                predicted.insert((id, i));
            }
            for e in finder.cue_events(&tokens, Some("de")) {
                let ids = |v: &[usize]| v.iter().map(|&t| (id, t)).collect::<Vec<_>>();
                events.push([ids(&e.cue), ids(&e.source), ids(&e.message)]);
            }
        }
        // Roles of events whose cues overlap a gold event's cue: token overlap.
        for annotation in json["Annotations"].as_array().into_iter().flatten() {
            let ids = |key: &str| -> Vec<(u64, usize)> {
                annotation[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|x| {
                        x.as_str()?
                            .split_once(':')
                            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
                    })
                    .collect()
            };
            let cue = ids("Cue");
            let matched = events.iter().find(|e| e[0].iter().any(|t| cue.contains(t)));
            for (slot, key) in [(1, "Source"), (2, "Message")] {
                let gold_role = ids(key);
                let entry = roles.entry(key).or_insert((0, 0, 0));
                entry.1 += gold_role.len();
                if let Some(e) = matched {
                    entry.0 += e[slot].iter().filter(|t| gold_role.contains(t)).count();
                }
            }
        }
        for e in &events {
            for (slot, key) in [(1, "Source"), (2, "Message")] {
                roles.entry(key).or_insert((0, 0, 0)).2 += e[slot].len();
            }
        }
        tp += gold.intersection(&predicted).count();
        fp += predicted.difference(&gold).count();
        fn_ += gold.difference(&predicted).count();
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "spkatt {split} cue tokens: P {:.1} R {:.1} F1 {:.1}",
        100.0 * p,
        100.0 * r,
        200.0 * p * r / (p + r).max(1e-9)
    );
    for (role, (overlap, gold, predicted)) in roles {
        let p = overlap as f64 / predicted.max(1) as f64;
        let r = overlap as f64 / gold.max(1) as f64;
        let f1 = 200.0 * p * r / (p + r).max(1e-9);
        println!(
            "spkatt {split} {role} tokens (cue_events): P {:.1} R {:.1} F1 {f1:.1}",
            100.0 * p,
            100.0 * r
        );
    }
}

/// Scores on the dev half of the news gold set (`crates/eval/gold/quotes`),
/// per kind, and speaker accuracy of matched direct quotes:
/// `cargo test -p wirewatch-analyse --test quotes news_gold_dev -- --ignored --nocapture`
/// (`QUOTES_VERBOSE=1` prints misses). The official scores come from
/// `wirewatch eval quotes`; this is a quick check for rule edits.
#[test]
#[ignore]
fn news_gold_dev() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../eval/gold/quotes");
    let Ok(gold_text) = std::fs::read_to_string(dir.join("gold.jsonl")) else {
        eprintln!("skipping: news gold not found");
        return;
    };
    let split = std::env::var("QUOTES_SPLIT").unwrap_or_else(|_| "dev".into());
    let verbose = std::env::var("QUOTES_VERBOSE").is_ok();
    let gold: Vec<serde_json::Value> = gold_text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|g| g["split"] == split.as_str())
        .collect();
    let mut files: Vec<String> = gold.iter().filter_map(|g| g["file"].as_str().map(str::to_string)).collect();
    files.sort();
    files.dedup();
    let kinds = ["direct", "indirect", "term", "attribution"];
    let mut counts = std::collections::BTreeMap::<&str, (usize, usize, usize, usize)>::new();
    let (mut speaker_ok, mut speaker_all) = (0, 0);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else { continue };
        let language = if file.starts_with("en") { "en" } else { "de" };
        let sentences = segment::sentences(&text, Some(language));
        let mentions = entities::document_mentions(&text, &sentences, Some(language)).unwrap_or_default();
        let quotes = QuoteFinder::shared().find(&text, &sentences, &mentions, Some(language));
        let lines: Vec<&serde_json::Value> = gold.iter().filter(|g| g["file"] == file.as_str()).collect();
        let kind_name = |k: QuoteKind| format!("{k:?}").to_lowercase();
        let span = |g: &serde_json::Value| {
            (g["start"].as_u64().unwrap_or(0) as usize, g["end"].as_u64().unwrap_or(0) as usize)
        };
        for kind in kinds {
            let entry = counts.entry(kind).or_default();
            let system: Vec<(usize, usize, &Quote)> = quotes
                .iter()
                .filter(|q| kind_name(q.kind) == kind)
                .flat_map(|q| q.parts.iter().map(move |p| (p.start, p.end, q)))
                .collect();
            let golds: Vec<&&serde_json::Value> = lines.iter().filter(|g| g["kind"] == kind).collect();
            entry.0 += system.len();
            entry.2 += golds.len();
            for &(a, b, q) in &system {
                let hit = golds.iter().any(|g| {
                    let (s, e) = span(g);
                    a < e && s < b
                });
                if hit {
                    entry.1 += 1;
                } else if verbose {
                    println!("FP {kind} {file}: {:?} [{}]", &text[a..b], who(q));
                }
            }
            for g in &golds {
                let (s, e) = span(g);
                let found = system.iter().find(|&&(a, b, _)| a < e && s < b);
                match found {
                    Some(&(_, _, q)) => {
                        entry.3 += 1;
                        if kind == "direct" && !g["speaker_name"].is_null() {
                            speaker_all += 1;
                            let name = g["speaker_name"].as_str().unwrap_or("");
                            let gold_span = g["speaker"].as_array().map(|v| {
                                (v[0].as_u64().unwrap_or(0) as usize, v[1].as_u64().unwrap_or(0) as usize)
                            });
                            let ok = q.speaker.as_ref().is_some_and(|sp| {
                                let resolved =
                                    sp.mention.and_then(|m| mentions.get(m)).map_or("", |m| m.text.as_str());
                                let last = name.split_whitespace().last().unwrap_or(name);
                                gold_span.is_some_and(|(gs, ge)| sp.start < ge && gs < sp.end)
                                    || (!last.is_empty()
                                        && (sp.text.contains(last) || resolved.contains(last)))
                            });
                            if ok {
                                speaker_ok += 1;
                            } else if verbose {
                                let gold_who = gold_span.map_or("", |(a, b)| &text[a..b]);
                                println!(
                                    "SPK {file}: {:?} gold {gold_who:?}/{name:?} system {:?}",
                                    &text[s..e],
                                    q.speaker.as_ref().map(|s| &s.text)
                                );
                            }
                        }
                    }
                    None => {
                        if verbose {
                            println!("FN {kind} {file}: {:?}", &text[s..e]);
                        }
                    }
                }
            }
        }
    }
    for (kind, (system, system_hit, gold_n, gold_hit)) in &counts {
        let p = *system_hit as f64 / (*system).max(1) as f64;
        let r = *gold_hit as f64 / (*gold_n).max(1) as f64;
        println!(
            "{split} {kind:<12} P {:.3} R {:.3} F1 {:.3}  (system {system}, gold {gold_n})",
            p,
            r,
            2.0 * p * r / (p + r).max(1e-9)
        );
    }
    println!(
        "{split} direct speaker accuracy {:.3} ({speaker_ok}/{speaker_all})",
        speaker_ok as f64 / speaker_all.max(1) as f64
    );
}
