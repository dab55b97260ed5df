//! Repair of doubly decoded text ("mojibake").
//!
//! A page whose UTF-8 bytes were once read as windows-1252 and saved again as
//! UTF-8 shows "â€™" for "’" and "Ã¤" for "ä". The bytes of such a page are
//! valid UTF-8, so no charset choice can undo it; the repair works on the
//! decoded text: a lead character (`Â`–`Å`, `â`) followed by the
//! windows-1252 characters of UTF-8 continuation bytes is re-encoded and read
//! as UTF-8 again.
//!
//! Two guards keep genuine text safe. A sequence is only repaired when the
//! character it yields lies in the ranges such damage comes from (Latin-1,
//! Latin Extended-A, general punctuation, currency, letterlike symbols), so
//! German "Spaß«" (which would yield an NKo letter) is never touched. And a
//! document is only repaired when at least [`MIN_REPAIRS`] sequences qualify:
//! one stray "Ã©" in real text is more likely a quotation of mojibake than
//! mojibake itself.

use std::ops::RangeInclusive;

/// How many repairable sequences a text needs before any is repaired.
pub const MIN_REPAIRS: usize = 2;

/// Undoes up to this many layers of double decoding ("Ãƒ¤" is two).
const MAX_PASSES: usize = 2;

/// Repairs doubly decoded sequences in `text`.
///
/// Returns the repaired text and the number of sequences repaired, or `None`
/// when the text has fewer than [`MIN_REPAIRS`] such sequences (nothing is
/// changed then).
pub fn repair(text: &str) -> Option<(String, usize)> {
    let mut repaired = repair_once(text)?;
    for _ in 1..MAX_PASSES {
        match repair_once(&repaired.0) {
            Some((again, count)) => repaired = (again, repaired.1 + count),
            None => break,
        }
    }
    Some(repaired)
}

fn repair_once(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut repairs: Vec<(usize, usize, char)> = Vec::new();
    // Every lead character is encoded as 0xC3 and a second byte: jump from one 0xC3 to
    // the next instead of decoding every character of the page. 0xC3 only ever starts
    // a character, and the continuation characters a sequence consumes are never leads.
    for start in memchr::memchr_iter(0xC3, bytes) {
        let Some(lead) = text.get(start..).and_then(|rest| rest.chars().next()) else { continue };
        let Some(shape) = lead_shape(lead) else { continue };
        let mut utf8 = [0u8; 4];
        utf8[0] = shape.lead_byte;
        let mut end = start + lead.len_utf8();
        let mut following = text.get(end..).unwrap_or_default().chars();
        let mut complete = true;
        for slot in utf8.iter_mut().skip(1).take(shape.continuations) {
            match following.next().and_then(|c| continuation_byte(c).map(|byte| (c, byte))) {
                Some((c, byte)) => {
                    *slot = byte;
                    end += c.len_utf8();
                }
                None => {
                    complete = false;
                    break;
                }
            }
        }
        if !complete {
            continue;
        }
        let decoded = std::str::from_utf8(&utf8[..=shape.continuations]).ok().and_then(|s| s.chars().next());
        if let Some(original) = decoded.filter(|c| shape.yields.contains(c)) {
            repairs.push((start, end, original));
        }
    }
    if repairs.len() < MIN_REPAIRS {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for &(start, end, original) in &repairs {
        out.push_str(text.get(copied..start)?);
        out.push(original);
        copied = end;
    }
    out.push_str(text.get(copied..)?);
    Some((out, repairs.len()))
}

/// What a lead character stands for: its byte, how many continuation bytes
/// follow it, and which characters a genuine repair can yield.
struct LeadShape {
    lead_byte: u8,
    continuations: usize,
    yields: RangeInclusive<char>,
}

fn lead_shape(c: char) -> Option<LeadShape> {
    let (lead_byte, continuations, yields) = match c {
        'Â' => (0xC2, 1, '\u{A0}'..='\u{BF}'),
        'Ã' => (0xC3, 1, '\u{C0}'..='\u{FF}'),
        'Ä' => (0xC4, 1, '\u{100}'..='\u{13F}'),
        'Å' => (0xC5, 1, '\u{140}'..='\u{17F}'),
        'â' => (0xE2, 2, '\u{2000}'..='\u{21FF}'),
        _ => return None,
    };
    Some(LeadShape { lead_byte, continuations, yields })
}

/// The byte windows-1252 encodes `c` as, when that byte is a UTF-8
/// continuation byte (0x80–0xBF). The five bytes windows-1252 leaves
/// undefined decode to the C1 controls of the same value.
fn continuation_byte(c: char) -> Option<u8> {
    let byte = match c {
        '\u{80}'..='\u{BF}' if matches!(c as u32, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D | 0xA0..=0xBF) => {
            c as u32 as u8
        }
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Produces mojibake the way it happens: UTF-8 bytes read as windows-1252.
    fn garble(text: &str) -> String {
        encoding_rs::WINDOWS_1252.decode_without_bom_handling(text.as_bytes()).0.into_owned()
    }

    #[test]
    fn repairs_doubly_decoded_punctuation_and_umlauts() {
        let original = "Die Gespräche – so hieß es – seien „produktiv“ gewesen. It’s a “deal” for 5 €.";
        let garbled = garble(original);
        assert!(garbled.contains("â€"), "{garbled}");
        let (repaired, count) = repair(&garbled).expect("repaired");
        assert_eq!(repaired, original);
        assert!(count >= 8, "{count}");
    }

    #[test]
    fn repairs_two_layers() {
        let original = "Präsident Selenskyj sagte: „Wir verhandeln.“";
        let twice = garble(&garble(original));
        assert_eq!(repair(&twice).map(|(text, _)| text).as_deref(), Some(original));
    }

    #[test]
    fn leaves_genuine_text_alone() {
        for text in [
            "Das war ein großer Spaß« und kein »Fuß“ – sagte er.",
            "São Paulo, Ångström, ÂGE, Ärger, Ålesund und Â© sind echt.",
            "Ein einzelnes Ã© zitiert die Störung nur.",
            "Plain ASCII text only.",
            "",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn every_short_mix_of_leads_and_continuations_is_handled() {
        // Exhaustive over a small alphabet of the characters the repair
        // looks at: no panic, and a repaired text never grows.
        let alphabet = ['Â', 'Ã', 'Ä', 'Å', 'â', '€', '™', '’', '\u{81}', '\u{A0}', '©', 'a', 'ß', '«'];
        let n = alphabet.len();
        for code in 0..n.pow(4) {
            let word: String = (0..4).map(|i| alphabet[code / n.pow(i) % n]).collect();
            let text = format!("{word} {word}");
            if let Some((repaired, count)) = repair(&text) {
                assert!(count >= MIN_REPAIRS);
                assert!(repaired.chars().count() < text.chars().count(), "{text:?} -> {repaired:?}");
            }
        }
    }

    #[test]
    fn incomplete_sequences_at_the_end_are_kept() {
        let text = "It’s “fine” â€";
        let garbled = garble("It’s “fine”") + " â€";
        let (repaired, _) = repair(&garbled).expect("repaired");
        assert_eq!(repaired, text);
    }
}
