//! Language identification: detected, never assumed.

use wirewatch_extract::lang::{detect, detect_with_hint};

const GERMAN: &str = "Die Bundesregierung hat am Mittwoch einen neuen Gesetzentwurf vorgelegt, der die Förderung von Wärmepumpen grundlegend neu regeln soll. Kritiker bemängelten, dass viele Fragen offen seien.";
const ENGLISH: &str = "The city council voted on Tuesday to expand the tram network after months of debate about costs, routes and the effect on local shops. Critics fear years of construction work.";
const FRENCH: &str = "Le conseil municipal a voté mardi l'extension du réseau de tramway après des mois de débats sur les coûts, les itinéraires et les effets sur les commerces locaux.";
const SPANISH: &str = "El ayuntamiento aprobó el martes la ampliación de la red de tranvía tras meses de debate sobre los costes, las rutas y el efecto en los comercios locales.";

#[test]
fn german_and_english() {
    assert_eq!(detect(GERMAN).as_deref(), Some("de"));
    assert_eq!(detect(ENGLISH).as_deref(), Some("en"));
}

#[test]
fn other_languages_are_reported_as_detected() {
    assert_eq!(detect(FRENCH).as_deref(), Some("fr"));
    assert_eq!(detect(SPANISH).as_deref(), Some("es"));
}

#[test]
fn too_short_or_empty_is_undecided() {
    assert_eq!(detect(""), None);
    assert_eq!(detect("Hallo"), None);
    assert_eq!(detect("12345 67890 !!!"), None);
    assert_eq!(detect_with_hint("Ja", Some("de")), None);
}

#[test]
fn a_declared_language_does_not_override_a_clear_detection() {
    assert_eq!(detect_with_hint(ENGLISH, Some("de")).as_deref(), Some("en"));
    assert_eq!(detect_with_hint(GERMAN, Some("en-US")).as_deref(), Some("de"));
    assert_eq!(detect_with_hint(GERMAN, Some("garbage")).as_deref(), Some("de"));
}

#[test]
fn long_text_is_sampled() {
    let long = GERMAN.repeat(5_000);
    assert_eq!(detect(&long).as_deref(), Some("de"));
}

/// Rough cost of one detection on a long article: `cargo test --release -p wirewatch-extract --test lang -- --ignored --nocapture`.
#[test]
#[ignore]
fn detection_cost() {
    let long = GERMAN.repeat(100);
    let started = std::time::Instant::now();
    for _ in 0..100 {
        assert_eq!(detect(&long).as_deref(), Some("de"));
    }
    eprintln!("language detection: {:?} per call", started.elapsed() / 100);
}
