//! The whole extract stage on arbitrary bytes: decoding, HTML or text, and
//! the Document invariants every later stage relies on.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wirewatch_model::{ContentKind, Hints, RawRecord};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let kind = if selector & 1 == 0 { ContentKind::Html } else { ContentKind::Text };
    let record = RawRecord {
        source: "fuzz".into(),
        url: None,
        kind,
        bytes: bytes.to_vec(),
        hints: Hints::default(),
    };
    if let Ok(extracted) = wirewatch_extract::extract(&record) {
        let document = extracted.document;
        let mut previous_end = 0;
        for paragraph in &document.paragraphs {
            assert!(paragraph.start >= previous_end && paragraph.start <= paragraph.end);
            assert!(document.text.get(paragraph.start..paragraph.end).is_some(), "paragraph off a char boundary");
            previous_end = paragraph.end;
        }
        if let Some(dateline) = &document.dateline {
            assert_eq!(document.text.get(dateline.start..dateline.end), Some(dateline.place.as_str()));
        }
    }
});
