//! The plain-text cleaner (scraped dumps) on arbitrary text, with each rule set.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for language in [Some("de"), Some("en"), None] {
        let _ = wirewatch_extract::text::clean(text, language);
    }
});
