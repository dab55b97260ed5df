//! Segmentation, time tagging, entity mentions and quotes on arbitrary text,
//! with and without a creation date, for each language; checks the layer
//! invariants (in order, on char boundaries, inside the text, links in
//! range) besides "no panic".
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use wirewatch_analyse::{entities, quotes::QuoteFinder, segment, time::TimeTagger};

fn tagger() -> &'static TimeTagger {
    static TAGGER: OnceLock<TimeTagger> = OnceLock::new();
    TAGGER.get_or_init(|| TimeTagger::new().expect("shipped grammars parse"))
}

fuzz_target!(|text: &str| {
    for language in [Some("de"), Some("en"), None] {
        let sentences = segment::sentences(text, language);
        let mut last = 0;
        for sentence in &sentences {
            assert!(sentence.start >= last && sentence.start < sentence.end && sentence.end <= text.len());
            assert!(text.is_char_boundary(sentence.start) && text.is_char_boundary(sentence.end));
            last = sentence.end;
            for token in segment::tokens(text, sentence.start, sentence.end) {
                assert!(token.start >= sentence.start && token.end <= sentence.end && token.start < token.end);
            }
        }
        for dct in [Some("2025-08-15"), None] {
            let timexes = tagger().tag(text, &sentences, language, dct);
            let mut last = 0;
            for timex in &timexes {
                assert!(timex.start >= last && timex.start < timex.end && timex.end <= text.len());
                assert_eq!(text.get(timex.start..timex.end), Some(timex.text.as_str()));
                last = timex.end;
            }
            let _ = tagger().publication_window(text, &sentences, &timexes, language);
        }
        let mentions = entities::document_mentions(text, &sentences, language).unwrap_or_default();
        for mention in &mentions {
            assert!(mention.start < mention.end && mention.end <= text.len());
            assert_eq!(text.get(mention.start..mention.end), Some(mention.text.as_str()));
            assert!((0.0..=1.0).contains(&mention.confidence));
            assert!(mention.role_of.is_none_or(|index| index < mentions.len()));
        }
        for quote in QuoteFinder::shared().find(text, &sentences, &mentions, language) {
            assert!(quote.start <= quote.end && quote.end <= text.len());
            assert!(text.is_char_boundary(quote.start) && text.is_char_boundary(quote.end));
            for part in &quote.parts {
                assert!(part.start <= part.end && part.end <= text.len());
                assert!(text.is_char_boundary(part.start) && text.is_char_boundary(part.end));
            }
            if let Some(speaker) = &quote.speaker {
                assert!(speaker.end <= text.len() && speaker.mention.is_none_or(|index| index < mentions.len()));
            }
        }
    }
});
