//! Metadata recall on invented pages: dates and authors that pages state in places the
//! header search does not reach (a date beside the byline, the article's end line, a
//! page hidden by a reveal script), personal sites named after their author, and the
//! cases where nothing may be taken (running text, updates, comments).

use wirewatch_extract::dates::date_from_url;
use wirewatch_extract::html::extract_html;

/// A paragraph of body text; repeated to push the article's end far from the headline.
const PARAGRAPH: &str = "<p>The council voted late on Tuesday to extend the tram network by three \
lines, after a debate that ran for most of the evening and ended with a clear majority for the \
plan that the city's transport office had drawn up over the past two years.</p>";

fn long_body() -> String {
    PARAGRAPH.repeat(12)
}

fn date_of(html: &str) -> Option<(String, String)> {
    extract_html(html, None).published.map(|p| (p.value, p.evidence))
}

fn authors_of(html: &str) -> Vec<String> {
    extract_html(html, None).authors
}

#[test]
fn date_standing_alone_beside_the_byline() {
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1><div class=\"w-embed\"><strong>By \
         <a href=\"/team/jane-roe\">Jane Roe</a></strong> - Mar 27, 2024</div>{}</article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), Some(("2024-03-27".into(), "visible:text".into())));
}

#[test]
fn posted_on_line_at_the_article_end() {
    let html = format!(
        "<html><body><article id=\"post\"><h1>Trams for the east</h1>{}<div class=\"meta\">\
         <span>Posted on April 13, 2023</span></div></article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), Some(("2023-04-13".into(), "visible:article-end".into())));
    // German label, German date.
    let html = format!(
        "<html><body><main><h1>Neue Linien</h1>{}<p>Veröffentlicht am 3. März 2025</p></main></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-03-03".into()));
}

#[test]
fn byline_with_date_at_the_article_end() {
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1>{}<div><p>Written by <a href=\"/author/x\">\
         Jane Roe</a></p><p>April 8, 2024</p></div></article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), Some(("2024-04-08".into(), "visible:article-end".into())));
    // The article's own <footer> is part of the article.
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1>{}<footer><span>By Jane Roe</span> \
         <time>March 30, 2023</time></footer></article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2023-03-30".into()));
}

#[test]
fn article_end_never_reads_running_text_updates_or_comments() {
    // A date inside a sentence of the body.
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1>{}<p>On March 5, 2021 the first plans \
         were shown to the public.</p></article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
    // A later change only.
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1>{}<p>Updated on May 2, 2025</p>\
         </article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
    // A comment's date inside the article.
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1>{}<div class=\"comments\"><p>Posted on \
         June 1, 2025</p><p>Great news!</p></div></article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
    // Outside the headline's article (a list of other posts after it).
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1>{}</article><section><p>Posted on \
         June 1, 2025</p></section></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
    // A legal reference and a phone number are no dates.
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1>{}<p>Published under § 5 Abs. 2 of \
         12.03.2024</p><p>By Jane Roe</p><p>030 12.10.2024</p></article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
}

#[test]
fn page_hidden_by_a_reveal_script_is_read() {
    let html = format!(
        "<html><body><div class=\"preloader hide\"></div><div class=\"root hide\"><header>\
         <span class=\"post-hero__date\">December 17, 2025</span><h1>Stop nesting systems</h1>\
         </header>{}</div></body></html>",
        long_body()
    );
    let article = extract_html(&html, None);
    assert_eq!(article.title.as_deref(), Some("Stop nesting systems"));
    assert_eq!(article.published.map(|p| p.value), Some("2025-12-17".into()));
    // A hidden element inside the page stays hidden.
    let html = format!(
        "<html><body><div class=\"root\"><h1 class=\"hidden\">Menu</h1><h1>Real headline here</h1>\
         {}</div></body></html>",
        long_body()
    );
    assert_eq!(extract_html(&html, None).title.as_deref(), Some("Real headline here"));
}

#[test]
fn url_dates_with_encoded_spaces() {
    assert_eq!(
        date_from_url("https://blog.example.fr/articles/2025-12-15+Rust+GCC+backend"),
        Some("2025-12-15".into())
    );
    assert_eq!(date_from_url("https://example.org/2025/12/18+notes"), Some("2025-12-18".into()));
    assert_eq!(date_from_url("https://example.org/a+2025-12"), None);
}

#[test]
fn personal_site_keeps_its_owner_as_author() {
    // The site named after its owner, with more words.
    let html = format!(
        "<html><head><meta name=\"author\" content=\"Myles Katherine\"><meta property=\"og:site_name\" \
         content=\"Myles Katherine Photography\"></head><body><article><h1>Ten cameras</h1>{}</article>\
         </body></html>",
        long_body()
    );
    assert_eq!(authors_of(&html), vec!["Myles Katherine"]);
    // Named exactly like the outlet: the outlet filled the field.
    let html = format!(
        "<html><head><meta name=\"author\" content=\"Daily Planet\"><meta property=\"og:site_name\" \
         content=\"Daily Planet\"></head><body><article><h1>Ten cameras</h1>{}</article></body></html>",
        long_body()
    );
    assert!(authors_of(&html).is_empty());
}

#[test]
fn outlet_in_the_author_field_gives_way_to_the_byline() {
    let html = format!(
        "<html><head><meta name=\"author\" content=\"One Tree Planted\"><meta property=\"og:site_name\" \
         content=\"One Tree Planted\"></head><body><article><h1>Why forests matter</h1><p class=\"by\">By \
         Meaghan Weeden</p>{}</article></body></html>",
        long_body()
    );
    assert_eq!(authors_of(&html), vec!["Meaghan Weeden"]);
}

#[test]
fn author_link_in_the_article_footer() {
    let html = format!(
        "<html><body><div class=\"post\"><article><h1>Notes from the lab</h1>{}<footer class=\"meta\">\
         <p class=\"name\"><a rel=\"author\" href=\"/author/hg\">Halina Goetz</a></p></footer></article>\
         </div><footer><a rel=\"author\" href=\"/author/x\">Site Owner</a></footer></body></html>",
        long_body()
    );
    assert_eq!(authors_of(&html), vec!["Halina Goetz"]);
    // Only the page footer names someone: not the article's author.
    let html = format!(
        "<html><body><article><h1>Notes from the lab</h1>{}</article><footer><a rel=\"author\" \
         href=\"/author/x\">Site Owner</a></footer></body></html>",
        long_body()
    );
    assert!(authors_of(&html).is_empty());
}

#[test]
fn hostile_inputs_stay_quiet() {
    // Deep nesting, an unclosed article, dates everywhere in a huge text node.
    let deep = "<div>".repeat(5000);
    let html =
        format!("<html><body><article><h1>T</h1>{deep}Posted on {}</body></html>", "1".repeat(100_000));
    let _ = extract_html(&html, None);
    let html = "<article><h1>Title here now</h1><p>Posted on</p><time datetime=\"9999-99-99\">x</time>";
    assert_eq!(date_of(html), None);
}
