//! Captions, bylines and page furniture named in German (and other languages):
//! class/id words like `autor`, `bildunterschrift`, `teilen`, `anzeige`, `menue`
//! mark boilerplate as their English counterparts do, and a block that ends with
//! a photo credit inside an image container is a caption, not body text.

use wirewatch_extract::html::extract_html;

fn joined(html: &str) -> String {
    extract_html(html, None).blocks.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n")
}

const P1: &str = "Der Gemeinderat hat am Dienstagabend nach langer Debatte beschlossen, die alte \
    Schwimmhalle zu sanieren, statt einen Neubau am Stadtrand zu errichten.";
const P2: &str = "Die Kosten werden auf rund zwölf Millionen Euro geschätzt, wovon das Land einen \
    großen Teil übernehmen soll, wie der Bürgermeister nach der Sitzung sagte.";
const P3: &str = "Die Bauarbeiten sollen im kommenden Frühjahr beginnen und gut zwei Jahre dauern; \
    in dieser Zeit weichen die Vereine auf das Bad der Nachbargemeinde aus.";

fn page(extra_top: &str, extra_middle: &str) -> String {
    format!(
        r#"<html lang="de"><body>
<ul id="menue"><li><a href="/">Startseite</a></li><li><a href="/lokales">Lokales</a></li></ul>
<div class="artikel">
<h1>Schwimmhalle wird saniert</h1>
{extra_top}
<p>{P1}</p>
{extra_middle}
<p>{P2}</p>
<p>{P3}</p>
</div>
<div class="mehr-zum-thema"><p>Neues Hallenbad in der Nachbarstadt eröffnet, mit Sauna und Rutsche und vielem mehr</p></div>
<div id="fusszeile">Impressum · Datenschutz · Kontakt</div>
</body></html>"#
    )
}

#[test]
fn german_class_names_mark_boilerplate() {
    let html = page(
        r##"<div class="autor">Von Birte Kallweit</div>
<div class="teilen">Teilen: <a href="#">Facebook</a> | <a href="#">WhatsApp</a></div>
<div class="bild"><img src="halle.jpg"><p class="bildunterschrift">Die Halle stammt aus den Sechzigerjahren und ist seit Langem marode.</p></div>"##,
        r#"<div class="anzeige">Anzeige: Jetzt Tarife vergleichen und beim Strom sparen</div>
<div class="brotkrumen"><a href="/">Start</a> › <a href="/lokales">Lokales</a> › Schwimmhalle</div>"#,
    );
    let text = joined(&html);
    for kept in [P1, P2, P3] {
        assert!(text.contains(kept), "lost {kept:?} from {text}");
    }
    for junk in [
        "Startseite",
        "Birte Kallweit",
        "WhatsApp",
        "Sechzigerjahren",
        "Tarife vergleichen",
        "Start ›",
        "Nachbarstadt",
        "Impressum",
    ] {
        assert!(!text.contains(junk), "{junk:?} leaked into: {text}");
    }
}

#[test]
fn a_caption_with_a_photo_credit_beside_an_image_is_dropped() {
    // Neutral class names: only the structure (an image next to it) and the credit
    // at the end make it a caption.
    for credit in ["Foto: Birte Kallweit", "Photo: Jane Doe/Reuters", "© Stadtwerke", "Bild: dpa"] {
        let html = page(
            "",
            &format!(
                r#"<div class="box"><img src="halle.jpg"><p>Blick in die Halle, in der seit 1964 geschwommen wird. <span>{credit}</span></p></div>"#
            ),
        );
        let text = joined(&html);
        assert!(!text.contains("seit 1964"), "caption with {credit:?} leaked into: {text}");
        assert!(text.contains(P1) && text.contains(P2), "{text}");
    }
}

#[test]
fn credit_words_in_body_text_are_not_captions() {
    // A paragraph that merely ends with "Quelle: …" but sits in the text flow, with no
    // image around it, stays.
    let cited = "Die Zahl der Badegäste ist in zehn Jahren um ein Drittel gesunken. Quelle: Stadtverwaltung";
    let html = page("", &format!("<p>{cited}</p>"));
    assert!(joined(&html).contains(cited));
    // "Foto:" in the middle of a long sentence beside an image is not a trailing credit.
    let mid = "Foto: Das Bild zeigt die Halle im Jahr 1964, als sie nach drei Jahren Bauzeit mit einem großen Fest \
               eröffnet wurde und die ganze Stadt zum ersten Schwimmen kam.";
    let html = page("", &format!(r#"<div><img src="alt.jpg"><p>{mid}</p></div>"#));
    assert!(joined(&html).contains("ganze Stadt"), "{}", joined(&html));
}

#[test]
fn odd_credit_text_does_not_panic() {
    for odd in ["©", "Foto:", "ßßß Foto: ä", "©©©©", "(c) ", "Bild:\u{200b}", "…Photograph: 日本"]
    {
        let html = page(
            "",
            &format!(r#"<figure><img src="x.jpg"></figure><div><img src="y.jpg"><p>{odd}</p></div>"#),
        );
        let text = joined(&html);
        assert!(text.contains(P1), "{text}");
    }
}
