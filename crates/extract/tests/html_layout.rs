//! Article text spread over several containers: sections in their own deep
//! wrappers, page-builder "widgets" that hold the body, section headers with
//! `header` in their class — all kept; prose outside the page's `<article>` is not.

use wirewatch_extract::html::extract_html;

fn joined(html: &str) -> String {
    extract_html(html, None).blocks.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n")
}

/// A paragraph of ordinary prose, numbered so each one is recognisable.
fn prose(n: usize) -> String {
    format!(
        "Paragraph {n} explains, in plain words and with some detail, how the new rules for \
         rental housing affect tenants, landlords and the city, and what happens next."
    )
}

/// One article section nested in several wrappers, as CSS-in-JS sites build them.
fn section(id: usize, body: &str) -> String {
    format!(
        r#"<div id="s{id}" class="css-a1"><div class="css-b2"><div class="css-c3">
<div class="section-header"><h2>Section heading number {id}</h2></div>{body}</div></div></div>"#
    )
}

#[test]
fn an_article_split_over_sections_is_taken_whole() {
    // The last section holds a long list of references, full of commas, that outscores
    // any single prose section on its own.
    let references: String = (0..12)
        .map(|i| format!("<li>Author {i}, A., Other, B., Third, C. (2020). A study, with a title, vol. {i}, pp. 1-20.</li>"))
        .collect();
    let sections: String = (0..4)
        .map(|i| section(i, &format!("<p>{}</p><p>{}</p>", prose(2 * i), prose(2 * i + 1))))
        .chain(std::iter::once(section(9, &format!(
            "<div class='css-d4'><div class='css-e5'><div class='css-f6'><ul>{references}</ul></div></div></div>"
        ))))
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<div class="row"><div class="col">{sections}</div></div>
<footer>Contact · Privacy</footer></body></html>"#
    );
    let text = joined(&html);
    for n in 0..8 {
        assert!(text.contains(&format!("Paragraph {n} explains")), "lost paragraph {n}: {text}");
    }
    assert!(text.contains("Section heading number 2"), "{text}");
    assert!(!text.contains("Privacy"), "{text}");
}

#[test]
fn the_climb_stays_inside_the_article_element() {
    let body: String = (0..4).map(|i| format!("<p>{}</p>", prose(i))).collect();
    let teasers: String = (0..6)
        .map(|i| {
            format!(
                "<div class='card'><p>Teaser {i}: another story about the housing market, with a summary \
                 long enough to look like a paragraph, about prices, rents and the city's plans.</p></div>"
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><div class="page"><div class="wrap">
<article><div class="inner"><div class="text">{body}</div></div></article>
<div class="more-cards">{teasers}</div>
</div></div></body></html>"#
    );
    let text = joined(&html);
    assert!(text.contains("Paragraph 3 explains"), "{text}");
    assert!(!text.contains("Teaser"), "{text}");
}

#[test]
fn page_builder_widgets_hold_the_body() {
    let body: String = (0..3)
        .map(|i| {
            format!(
                r#"<div class="elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container"><p>{}</p></div></div>"#,
                prose(i)
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><div class="elementor-section"><div class="elementor-column">{body}</div></div>
<div class="widget widget_recent_entries"><p>Recent posts: a sidebar widget that lists other stories, with titles, dates and more.</p></div>
</body></html>"#
    );
    let text = joined(&html);
    for i in 0..3 {
        assert!(text.contains(&format!("Paragraph {i} explains")), "lost paragraph {i}: {text}");
    }
    assert!(!text.contains("Recent posts"), "{text}");
}

#[test]
fn a_weakly_hinted_box_with_prose_inside_the_certain_body_is_kept() {
    let boxed = "Inside the box, a long paragraph continues the argument of the article with facts, \
                 figures and quotes from the people involved, so it is clearly part of the story itself, \
                 and it goes on for a while about what the new rules mean for families in the city.";
    let html = format!(
        r#"<html><body><div class="page"><div itemprop="articleBody">
<p>{}</p><div class="promo-box"><p>{boxed}</p></div><p>{}</p>
<div class="promo"><p>Try our app!</p></div>
</div></div>
<div class="promo"><p>{}</p></div>
</body></html>"#,
        prose(0),
        prose(1),
        "Outside the body, a long promotional paragraph about a subscription offer, with prices, \
         terms and conditions, that must not be mistaken for the story."
    );
    let text = joined(&html);
    assert!(text.contains("Inside the box"), "{text}");
    assert!(text.contains("Paragraph 1 explains"), "{text}");
    assert!(!text.contains("Try our app"), "{text}");
    assert!(!text.contains("subscription offer"), "{text}");
}
