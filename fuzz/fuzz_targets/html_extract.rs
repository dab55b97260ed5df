//! The HTML main-content and metadata extractor on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let _ = wirewatch_extract::html::extract_html(html, Some("https://example.org/2025/08/15/x"));
});
