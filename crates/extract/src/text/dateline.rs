//! Datelines: the place an article was filed from, at the start of an early
//! paragraph ("Anchorage - Vor den Augen …", "Berlin (dpa) - …",
//! "WASHINGTON (AP) — …", "BERLIN, 15. August (Reuters) - …").

use regex::Regex;
use std::sync::LazyLock;

/// How many leading paragraphs are searched (a teaser may precede the dateline).
pub const MAX_PARAGRAPHS: usize = 3;

/// Place: one to four capitalised words joined by spaces, slashes or hyphens
/// (with a few lowercase particles: "Frankfurt am Main"); then an optional
/// ", date" and an optional "(agency)"; then a dash between spaces.
static DATELINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{Lu}[\p{L}\p{M}'’.]*)*(?:(?: | (?:am|an der|im|upon|on|de|del) |/)\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{Lu}[\p{L}\p{M}'’.]*)*){0,3})(?P<date>,[^()\-–—]{1,30}?)?(?: ?\((?P<agency>[^()]{1,30})\))?(?P<dash> ?[-–—]{2} | [-–—]|[-–—] )\s*(?P<next>\S)",
    )
    .ok()
});

/// Finds a dateline at the start of `paragraph`: the byte range of the place.
///
/// Without an agency in parentheses the word after the dash must start with
/// a capital, so that "Donald Trump - der Präsident …" is no dateline.
pub fn find(paragraph: &str) -> Option<(usize, usize)> {
    let caps = DATELINE.as_ref()?.captures(paragraph)?;
    let place = caps.name("place")?;
    let has_agency = caps.name("agency").is_some();
    let next_is_capital = caps.name("next").is_some_and(|m| m.as_str().chars().all(char::is_uppercase));
    let all_caps_place = place.as_str().chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if !(has_agency || next_is_capital || all_caps_place && caps.name("date").is_some()) {
        return None;
    }
    let end = place.end() - place.as_str().len() + place.as_str().trim_end_matches('.').len();
    Some((place.start(), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> Option<&str> {
        find(text).and_then(|(start, end)| text.get(start..end))
    }

    #[test]
    fn datelines() {
        assert_eq!(place("Anchorage - Vor den Augen der Welt"), Some("Anchorage"));
        assert_eq!(place("Berlin (dpa) - Die Regierung"), Some("Berlin"));
        assert_eq!(place("WASHINGTON (AP) — The president"), Some("WASHINGTON"));
        assert_eq!(place("BERLIN, Aug 15 (Reuters) - Germany"), Some("BERLIN"));
        assert_eq!(place("Frankfurt am Main (dpa) – Die Börse"), Some("Frankfurt am Main"));
        assert_eq!(place("Kiew/Moskau - Die Angriffe"), Some("Kiew/Moskau"));
        assert_eq!(place("New York -- Stocks fell"), Some("New York"));
    }

    #[test]
    fn not_datelines() {
        assert_eq!(place("Donald Trump - der Präsident"), None);
        assert_eq!(place("Die Regierung hat - wie erwartet - entschieden"), None);
        assert_eq!(place("Anchorage ist eine Stadt"), None);
        assert_eq!(place(""), None);
    }
}
