//! Language identification.
//!
//! Uses whatlang's models on the first 1 KiB of the text, and on the first
//! 3 KiB when that is not enough for a reliable answer.
//! The language is never assumed: when the detector is unsure or the text is
//! too short, the answer is `None`. A declared language (`<html lang>`) only
//! breaks ties between the detector's best guess and the declared one.
//!
//! Latin- and Cyrillic-script texts are scored by `lang/scoring.rs`, a faster
//! re-implementation of whatlang 0.18.0's combined method on its vendored
//! data (`lang/profiles.rs`) that gives whatlang's exact answers; other scripts go
//! to whatlang itself.

mod profiles;
mod scoring;

use scoring::ScriptScores;
use whatlang::{Detector, Info, Lang};

/// Texts shorter than this (in letters) are not classified: trigram statistics
/// on a handful of words are noise.
const MIN_LETTERS: usize = 20;

/// Leading bytes analysed first: enough for a reliable answer on almost every
/// article, and detection time grows with the sample.
const FIRST_SAMPLE_BYTES: usize = 1024;

/// Leading bytes analysed when the first sample was not conclusive; more text
/// does not change the answer but costs time.
const SAMPLE_BYTES: usize = 3 * 1024;

/// Detects the language of `text` as an ISO 639-1 code (`de`, `en`, `fr`, …).
///
/// Returns `None` when the text is too short or the detector is not reliable.
pub fn detect(text: &str) -> Option<String> {
    detect_with_hint(text, None)
}

/// Like [`detect`], but a declared language (`de`, `de-DE`, `en_US`, …) is
/// used as a tie-breaker when the detector alone is unsure.
pub fn detect_with_hint(text: &str, declared: Option<&str>) -> Option<String> {
    let first = leading_sample(text, FIRST_SAMPLE_BYTES);
    // Too few letters: undecided. Stops at the MIN_LETTERS-th letter instead of
    // counting the whole sample.
    first.chars().filter(|c| c.is_alphabetic()).nth(MIN_LETTERS - 1)?;
    if first.len() < text.len() {
        if let Some(info) = detect_info(first).filter(|info| info.is_reliable()) {
            return iso_639_1(info.lang()).map(str::to_owned);
        }
    }
    let sample = leading_sample(text, SAMPLE_BYTES);
    // Kept for the duel below, which ranks the same scores under an allow-list.
    let scores = ScriptScores::of(sample);
    let info = match &scores {
        Some(scores) => scores.best(|_| true),
        None => whatlang::detect(sample),
    }?;
    if info.is_reliable() {
        return iso_639_1(info.lang()).map(str::to_owned);
    }
    // Unsure: let the declared language decide between itself and the best guess.
    let declared = declared.and_then(declared_lang)?;
    if declared == info.lang() {
        return iso_639_1(declared).map(str::to_owned);
    }
    let guess = info.lang();
    let duel = match &scores {
        Some(scores) => scores.best(|lang| lang == declared || lang == guess),
        None => Detector::with_allowlist(vec![declared, guess]).detect(sample),
    }?;
    if duel.lang() == declared && duel.confidence() > 0.0 {
        return iso_639_1(declared).map(str::to_owned);
    }
    None
}

/// whatlang's answer for `text` (`whatlang::detect`): language, script and
/// confidence, bit for bit, computed faster for Latin and Cyrillic script.
pub fn detect_info(text: &str) -> Option<Info> {
    match ScriptScores::of(text) {
        Some(scores) => scores.best(|_| true),
        None => whatlang::detect(text),
    }
}

/// whatlang's answer for `text` among the `allowed` languages only
/// (`Detector::with_allowlist(allowed).detect(text)`), bit for bit.
pub fn detect_info_among(text: &str, allowed: &[Lang]) -> Option<Info> {
    match ScriptScores::of(text) {
        Some(scores) => scores.best(|lang| allowed.contains(&lang)),
        None => Detector::with_allowlist(allowed.to_vec()).detect(text),
    }
}

/// The first `limit` bytes of `text`, cut on a char boundary.
fn leading_sample(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// Parses a declared language tag (`de`, `de-AT`, `en_US`, `deu`) into a whatlang language.
fn declared_lang(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.len() {
        2 => Lang::all().iter().copied().find(|lang| iso_639_1(*lang) == Some(primary.as_str())),
        3 => Lang::from_code(primary),
        _ => None,
    }
}

/// ISO 639-1 code of a whatlang language (whatlang speaks ISO 639-3).
/// Mandarin maps to `zh`, Persian to `fa`; Akan has no 639-1 code of its own besides `ak`.
pub fn iso_639_1(lang: Lang) -> Option<&'static str> {
    let code = match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_tags_parse() {
        assert_eq!(declared_lang("de-DE"), Some(Lang::Deu));
        assert_eq!(declared_lang("en_US"), Some(Lang::Eng));
        assert_eq!(declared_lang("deu"), Some(Lang::Deu));
        assert_eq!(declared_lang("x"), None);
        assert_eq!(declared_lang(""), None);
    }

    #[test]
    fn every_language_has_a_two_letter_code() {
        for lang in Lang::all() {
            assert_eq!(iso_639_1(*lang).map(str::len), Some(2), "{lang:?}");
        }
    }
}
