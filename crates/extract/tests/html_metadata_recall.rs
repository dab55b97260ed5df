//! Metadata recall on invented pages: dates and authors that pages state in places the
//! header search does not reach (a date beside the byline, the article's end line, a
//! page hidden by a reveal script), personal sites named after their author, and the
//! cases where nothing may be taken (running text, updates, comments). Later: dates in
//! page-builder widgets and side columns, structured dates later than the visible one,
//! labelled dates anywhere as the last resort, and organisations or user names in the
//! author field of pages that name no person.

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
    // A later change only: never read as the publication; the last resort dates the page
    // by it, and says so.
    let html = format!(
        "<html><body><article><h1>Trams for the east</h1>{}<p>Updated on May 2, 2025</p>\
         </article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), Some(("2025-05-02".into(), "visible:label (page, last change)".into())));
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

/// A page whose JSON-LD (or `<meta>`) declares `declared` and whose header shows `body_head`.
fn page_with_declared_date(declared: &str, header: &str) -> String {
    format!(
        "<html><head><script type=\"application/ld+json\">{{\"@type\":\"BlogPosting\",\"headline\":\
         \"Trams for the east\",\"datePublished\":\"{declared}\"}}</script></head><body><article>\
         <h1>Trams for the east</h1>{header}{}</article></body></html>",
        long_body()
    )
}

#[test]
fn visible_date_days_before_the_declared_one_is_the_publication() {
    // A re-imported post: the byline shows the original day, the structured data the import.
    let html = page_with_declared_date(
        "2025-06-24T10:00:00Z",
        "<div class=\"staff\"><div class=\"text__author\">Jane Roe</div><div class=\"text__date\">\
         August 25, 2024</div></div>",
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2024-08-25".into()));
    // A later visible date may be an update: the declared publication stays.
    let html =
        page_with_declared_date("2024-08-25T10:00:00Z", "<div class=\"text__date\">June 24, 2025</div>");
    assert_eq!(date_of(&html), Some(("2024-08-25T10:00:00Z".into(), "json-ld:datePublished".into())));
    // One day apart is a time zone, not another date.
    let html =
        page_with_declared_date("2024-08-26T02:00:00Z", "<div class=\"text__date\">August 25, 2024</div>");
    assert_eq!(date_of(&html).map(|d| d.1), Some("json-ld:datePublished".into()));
    // An earlier date labelled as a change never replaces the publication.
    let html = page_with_declared_date("2025-06-24", "<p class=\"meta\">Updated: August 25, 2024</p>");
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-06-24".into()));
}

#[test]
fn dates_in_page_builder_widgets() {
    // Elementor wraps every block, the article's own date line included, in a "widget".
    let post_info = "<div class=\"elementor-element elementor-widget elementor-widget-post-info\">\
        <div class=\"elementor-widget-container\"><ul><li><span class=\"elementor-post-info__item \
        elementor-post-info__item--type-date\"><time>July 27, 2025</time></span></li></ul></div></div>";
    let html = format!(
        "<html><body><div class=\"elementor-widget elementor-widget-heading\"><div \
         class=\"elementor-widget-container\"><h1>Ten tips for teeth</h1></div></div>{post_info}{}</body></html>",
        long_body()
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-07-27".into()));
    // A widget listing other posts is another region.
    let other_posts = "<div class=\"elementor-widget elementor-widget-posts\"><div \
        class=\"elementor-widget-container\"><article><a href=\"/p\">Other post</a><span \
        class=\"elementor-post-date\">May 2, 2025</span></article></div></div>";
    let html = format!(
        "<html><body><div class=\"elementor-widget elementor-widget-heading\"><div \
         class=\"elementor-widget-container\"><h1>Ten tips for teeth</h1></div></div>{other_posts}{}</body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
}

#[test]
fn published_label_in_a_side_column() {
    let aside = "<aside class=\"insight__content\"><div class=\"content-item\"><h3>Published</h3>\
        <p><time datetime=\"2024-08-30T12:00:00Z\">August 30, 2024</time></p></div></aside>";
    let html = format!(
        "<html><body><main><article><h1>AI for patients</h1><section>{}{aside}</section></article></main></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2024-08-30".into()));
    // A sidebar beside the headline, labelled.
    let html = format!(
        "<html><body><div class=\"single-post-content\"><div class=\"single-post-sidebar\"><div \
         class=\"single-post-meta\"><h4>Published</h4><div class=\"single-post-date\">July 8, 2025</div>\
         </div></div><div class=\"single-post-main\"><h1>The top data companies</h1>{}</div></div></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-07-08".into()));
    // Unlabelled dates in a sidebar list other posts; so do labelled ones in related lists.
    let html = format!(
        "<html><body><div class=\"sidebar\"><ul><li><a href=\"/x\">Other post</a><span>July 8, 2025</span>\
         </li></ul></div><div class=\"related-posts\"><p>Published July 9, 2025</p></div><main><h1>The top \
         data companies</h1>{}</main></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
}

#[test]
fn labelled_dates_anywhere_are_the_last_resort() {
    // Far below the headline, the page's only date, labelled as the last change.
    let html = format!(
        "<html><body><div class=\"main\"><h1>Webcams</h1>{}<p style=\"text-align:right\">Last updated: \
         November 13, 2025</p></div></body></html>",
        long_body().repeat(3)
    );
    assert_eq!(date_of(&html), Some(("2025-11-13".into(), "visible:label (page, last change)".into())));
    // A publication label wins over a change label.
    let html = format!(
        "<html><body><div class=\"main\"><h1>Webcams</h1>{}<p>Updated: December 1, 2025</p><span>Published \
         On: 15 August 2025</span></div></body></html>",
        long_body().repeat(3)
    );
    assert_eq!(date_of(&html), Some(("2025-08-15".into(), "visible:label (page)".into())));
    // Not from comments, not from hidden elements, not from running text.
    let html = format!(
        "<html><body><div class=\"main\"><h1>Webcams</h1>{}<div class=\"comments\"><p>Posted on March 3, \
         2025</p></div><p hidden>Published: May 5, 2025</p><p>We published the first camera on June 1, 2020 \
         and have kept it running since.</p></div></body></html>",
        long_body().repeat(3)
    );
    assert_eq!(date_of(&html), None);
}

#[test]
fn earliest_of_several_publish_metas() {
    let html = format!(
        "<html><head><meta name=\"published-time\" content=\"2026-03-09T08:45:32Z\"><meta \
         name=\"published-date\" content=\"2021-02-16\"><meta name=\"modified-date\" content=\"2020-01-01\">\
         </head><body><article><h1>Climate tech</h1>{}</article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), Some(("2021-02-16".into(), "meta:published-date".into())));
}

#[test]
fn url_dates_with_month_names() {
    assert_eq!(
        date_from_url("https://www.example.com/knowledge/blog/2023/october/03/wine-styles/"),
        Some("2023-10-03".into())
    );
    assert_eq!(date_from_url("https://example.de/archiv/2024/märz/05/x"), Some("2024-03-05".into()));
    assert_eq!(date_from_url("https://example.com/2023/posts/03/x"), None);
    assert_eq!(date_from_url("https://example.com/2023/oct/32/x"), None);
}

#[test]
fn organisation_in_the_author_field_when_no_person_is_named() {
    let page = |head: &str, body_head: &str| {
        format!(
            "<html><head>{head}<meta property=\"og:site_name\" content=\"Camphouse\"></head><body><article>\
             <h1>Social shopping</h1>{body_head}{}</article></body></html>",
            long_body()
        )
    };
    // A team, a company, a user name: what the page's author field says.
    for name in ["Camphouse Team", "Help Net Security", "aawoods", "kirstin boatto"] {
        let html = page(&format!("<meta name=\"author\" content=\"{name}\">"), "");
        assert_eq!(authors_of(&html), vec![name.to_string()], "{name}");
    }
    let html = page(
        "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":{\"@type\":\"Person\",\
         \"name\":\"Camphouse Team\"}}</script>",
        "",
    );
    assert_eq!(authors_of(&html), vec!["Camphouse Team"]);
    // The outlet's own name: credited on purpose by a JSON-LD author, not when it only
    // fills `<meta name=author>`.
    let html = page(
        "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":{\"@type\":\"Person\",\
         \"name\":\"Camphouse\"}}</script>",
        "",
    );
    assert_eq!(authors_of(&html), vec!["Camphouse"]);
    assert!(authors_of(&page("<meta name=\"author\" content=\"Camphouse\">", "")).is_empty());
    // A person in the byline wins over the organisation in the field.
    let html =
        page("<meta name=\"author\" content=\"Camphouse Team\">", "<p class=\"byline\">By Jane Roe</p>");
    assert_eq!(authors_of(&html), vec!["Jane Roe"]);
    // Placeholders, template keys, agencies, addresses and long texts name nobody.
    for value in [
        "admin",
        "undefined",
        "page.head.extra.author",
        "{{author}}",
        "dpa",
        "jane@example.com",
        "https://example.com/jane",
        "Team 42",
        "The editorial team of the weekly print edition and website",
    ] {
        let html = page(&format!("<meta name=\"author\" content=\"{value}\">"), "");
        assert!(authors_of(&html).is_empty(), "{value}: {:?}", authors_of(&html));
    }
}

#[test]
fn byline_elements_credit_teams_and_user_names_when_no_person_is_named() {
    let page = |byline: &str| {
        format!(
            "<html><body><article><h1>Social shopping</h1>{byline}{}</article></body></html>",
            long_body()
        )
    };
    assert_eq!(authors_of(&page("<p class=\"authorName\">Podium Staff</p>")), vec!["Podium Staff"]);
    assert_eq!(
        authors_of(&page("<div class=\"post-author\">Posted by: Idle Cartulary</div>")),
        vec!["Idle Cartulary"]
    );
    assert_eq!(
        authors_of(&page(
            "<div class=\"attribution byline\">Text by <a href=\"/c/hd\">Hunter Dukes</a></div>"
        )),
        vec!["Hunter Dukes"]
    );
    // A lead-in alone, initials in an avatar and dated lines name nobody.
    for byline in [
        "<span class=\"author-label\">Written By</span>",
        "<span class=\"author-initials\">CM</span>",
        "<span class=\"byline\">Updated 3 hours ago</span>",
    ] {
        assert!(authors_of(&page(byline)).is_empty(), "{byline}: {:?}", authors_of(&page(byline)));
    }
    // A person named in the byline keeps the name as written, without the role behind it.
    assert_eq!(authors_of(&page("<p class=\"byline\">By Jane Roe, Senior Editor</p>")), vec!["Jane Roe"]);
}

#[test]
fn colon_after_a_byline_lead_in() {
    let html = format!(
        "<html><body><article><h1>Mini engine</h1><p class=\"meta\">by: Ziyi Xu, Dec 17, 2025</p>{}</article>\
         </body></html>",
        long_body()
    );
    assert_eq!(authors_of(&html), vec!["Ziyi Xu"]);
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-12-17".into()));
}

#[test]
fn german_pages_take_the_same_rules() {
    // The last resort, German labels and forms.
    let html = format!(
        "<html><body><div class=\"inhalt\"><h1>Neue Linien</h1>{}<p>Veröffentlicht: 14. März 2024</p>\
         <p>Aktualisiert am 02.04.2024</p></div></body></html>",
        long_body().repeat(3)
    );
    assert_eq!(date_of(&html), Some(("2024-03-14".into(), "visible:label (page)".into())));
    let html = format!(
        "<html><body><div class=\"inhalt\"><h1>Neue Linien</h1>{}<p>Aktualisiert am 02.04.2024, 10:32 Uhr</p>\
         </div></body></html>",
        long_body().repeat(3)
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2024-04-02".into()));
    // The byline's date, days before the structured one.
    let html = page_with_declared_date(
        "2024-05-02T08:00:00+02:00",
        "<p class=\"byline\">Von Anna Müller | 14.03.2024, 10:32 Uhr</p>",
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2024-03-14".into()));
    assert_eq!(authors_of(&html), vec!["Anna Müller"]);
    // A German team credited in the author field when no person is named.
    let html = format!(
        "<html><head><meta name=\"author\" content=\"Redaktion Stadtanzeiger\"></head><body><article>\
         <h1>Neue Linien</h1>{}</article></body></html>",
        long_body()
    );
    assert_eq!(authors_of(&html), vec!["Redaktion Stadtanzeiger"]);
}

#[test]
fn microdata_and_rdfa_dates_on_any_element() {
    // The date as the element's text.
    let html = format!(
        "<html><body><article itemscope itemtype=\"https://schema.org/NewsArticle\"><h1>Neue Linien</h1>\
         <span itemprop=\"datePublished\">15. August 2017</span>{}</article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), Some(("2017-08-15".into(), "itemprop:datePublished".into())));
    // Drupal's RDFa.
    let html = format!(
        "<html><body><article><h1>Neue Linien</h1><span property=\"dc:date dc:created\" \
         content=\"2017-08-15T10:00:00+02:00\" datatype=\"xsd:dateTime\">Di, 15.08.2017 - 10:00</span>{}\
         </article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), Some(("2017-08-15T10:00:00+02:00".into(), "rdfa:property".into())));
    // Neither in a list of other articles.
    let html = format!(
        "<html><body><article><h1>Neue Linien</h1>{}</article><aside class=\"related\"><span \
         property=\"dc:date\" content=\"2016-01-01\">x</span><span itemprop=\"datePublished\">2. Mai 2016</span>\
         </aside></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
}

#[test]
fn german_and_english_date_lines_under_the_headline() {
    let page = |line: &str| {
        format!("<html><body><article><h1>Neue Linien</h1>{line}{}</article></body></html>", long_body())
    };
    for (line, want) in [
        ("<div class=\"meta\">Veröffentlicht am 14. März 2024 um 10:32 Uhr</div>", "2024-03-14"),
        ("<p>14.03.2024 | 10:32</p>", "2024-03-14"),
        ("<span>Stand: 14.03.2024, 10:32 Uhr</span>", "2024-03-14"),
        ("<p class=\"byline\">By Jane Roe · March 14, 2024</p>", "2024-03-14"),
        ("<div>Donnerstag, 14. März 2024</div>", "2024-03-14"),
    ] {
        assert_eq!(date_of(&page(line)).map(|d| d.0), Some(want.to_string()), "{line}");
    }
    // Phone numbers, legal references and copyright lines are not dates.
    for line in [
        "<p>Tel. 030 14 03 2024</p>",
        "<p>§ 14 Abs. 3 BGB vom 14.03.2024</p>",
        "<p>© 14.03.2024 Stadtanzeiger</p>",
    ] {
        assert_eq!(date_of(&page(line)), None, "{line}");
    }
}

#[test]
fn release_date_of_a_reviewed_book_is_not_the_page_date() {
    let html = format!(
        "<html><body><article><h1>Book Beat</h1><div class=\"entry-meta\"><p>by <a href=\"/author/amanda/\">\
         Amanda</a> · Dec 20, 2025 at 3:00 am ·</p></div><div class=\"book\"><p><strong>Author:</strong> H. G. \
         Parry <strong>Released:</strong> June 17, 2025 by Tor Books</p></div>{}</article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2025-12-20".into()));
}

#[test]
fn time_in_a_card_for_another_page_is_that_pages_date() {
    let card =
        "<a href=\"/guidance/shopping\"><span>Guidance</span><time datetime=\"2019-01-17T12:00:00Z\">17 Jan \
        2019</time><h3>Shopping online</h3></a>";
    let html = format!(
        "<html><body><main><h1>Small business guide</h1><div class=\"meta\"><h4>Published</h4><time \
         datetime=\"2018-11-15T12:00:00Z\">15 November 2018</time></div>{}<div class=\"cards\">{card}</div></main>\
         </body></html>",
        long_body()
    );
    assert_eq!(date_of(&html).map(|d| d.0), Some("2018-11-15T12:00:00Z".into()));
    // Only the card: no date rather than the other page's.
    let html = format!(
        "<html><body><main><h1>Small business guide</h1>{}<div class=\"cards\">{card}</div></main></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), None);
}

#[test]
fn scholarly_date_tags_with_year_first_slashes() {
    let html = format!(
        "<html><head><meta name=\"citation_publication_date\" content=\"2019/1/22\"></head><body><article>\
         <h1>Cooperative learning</h1>{}</article></body></html>",
        long_body()
    );
    assert_eq!(date_of(&html), Some(("2019-01-22".into(), "meta:citation_publication_date".into())));
    assert_eq!(wirewatch_extract::dates::parse_date("2019/01/22 10:00"), Some("2019-01-22".into()));
    assert_eq!(wirewatch_extract::dates::parse_date("2019/13/22"), None);
    assert_eq!(wirewatch_extract::dates::parse_date("2019/1/22 and more"), None);
}

/// A German news page around `line`, in one of the layouts German sites use: the headline
/// in an `<article>` `<h1>`, or only an `<h2>` under a `<title>` with section and site.
fn german_page(layout: &str, line: &str) -> String {
    let body = "<p>Die Stadt hat am Dienstag beschlossen, das Straßenbahnnetz um drei Linien zu \
                erweitern. Nach langer Debatte stimmte eine klare Mehrheit für den Plan des \
                Verkehrsamts.</p>"
        .repeat(8);
    match layout {
        "h1" => format!(
            "<html><body><nav><a href=\"/\">Start</a> <a href=\"/politik\">Politik</a></nav><article>\
             <h1>Neue Linien für den Osten</h1>{line}{body}</article></body></html>"
        ),
        "line-before-h1" => format!(
            "<html><body><div class=\"inhalt\">{line}<h1>Neue Linien für den Osten</h1>{body}</div></body></html>"
        ),
        _ => format!(
            "<html><head><title>Neue Linien für den Osten - Politik - Stadtanzeiger.de</title></head>\
             <body><div><h2>Neue Linien für den Osten</h2>{line}{body}</div></body></html>"
        ),
    }
}

#[test]
fn german_news_template_date_lines() {
    for (line, want) in [
        ("<p class=\"metatextline\">Stand: 15.08.2025 14:03 Uhr</p>", "2025-08-15"),
        (
            "<time datetime=\"2025-08-15 14:03:00\" class=\"timeformat\">15.08.2025, 14.03 Uhr</time>",
            "2025-08-15",
        ),
        ("<span>15.08.2025, 14.03 Uhr</span>", "2025-08-15"),
        ("<span class=\"atc-MetaTime\">Aktualisiert am 15.08.2025 - 14:03</span>", "2025-08-15"),
        ("<span class=\"c-publish-date\">Veröffentlicht am 15. August 2025</span>", "2025-08-15"),
        ("<div>Stand: 15.08.2025 | Lesedauer: 3 Minuten</div>", "2025-08-15"),
        ("<span class=\"displayDate\">Freitag, 15.08.2025, 14:03</span>", "2025-08-15"),
        ("<span>Fr., 15.08.2025, 14:03</span>", "2025-08-15"),
        ("<div>Erstellt am 15.08.2025 um 14:03 Uhr</div>", "2025-08-15"),
        ("<div>Erschienen am 15.08.2025</div>", "2025-08-15"),
        ("<span class=\"date\">15. Aug. 2025</span>", "2025-08-15"),
        ("<span>15. Sept. 2025</span>", "2025-09-15"),
        ("<span>15. August 2025 um 14:03 Uhr</span>", "2025-08-15"),
        ("<p>Veröffentlicht: 15.08.2025, 14:03 Uhr | Aktualisiert: 16.08.2025, 09:12 Uhr</p>", "2025-08-15"),
        ("<p>Von <a href=\"/autor/am\">Anna Müller</a> | 15.08.2025, 14:03 Uhr</p>", "2025-08-15"),
        // Lines no label starts: "vom", the last change, and meta lines of short parts.
        ("<div>vom 15.08.2025</div>", "2025-08-15"),
        ("<p>Artikel vom 15.08.2025</p>", "2025-08-15"),
        ("<p>Zuletzt aktualisiert: 15.08.2025</p>", "2025-08-15"),
        ("<p>15.08.2025 | Politik</p>", "2025-08-15"),
        ("<p>Politik | 15.08.2025</p>", "2025-08-15"),
        ("<p>15. August 2025 | 14:03 Uhr | Lesezeit: 4 Min.</p>", "2025-08-15"),
        ("<p>heise online | 15.08.2025 14:03 Uhr</p>", "2025-08-15"),
        ("<p>15.08.2025, 14:03 Uhr · Von Anna Müller</p>", "2025-08-15"),
        ("<p>Pressemitteilung vom 15.08.2025</p>", "2025-08-15"),
        // The date in the dateline that opens the story.
        ("<p>Berlin, 15.08.2025 – Der Senat hat am Dienstag die neuen Linien beschlossen.</p>", "2025-08-15"),
        (
            "<p><strong>Berlin, 15.08.2025</strong> – Der Senat hat die neuen Linien beschlossen.</p>",
            "2025-08-15",
        ),
        (
            "<p>BERLIN (dpa) 15.08.2025 - Der Senat hat am Dienstag die neuen Linien beschlossen.</p>",
            "2025-08-15",
        ),
        ("<p>15.08.2025 – Berlin. Der Senat hat am Dienstag die neuen Linien beschlossen.</p>", "2025-08-15"),
    ] {
        for layout in ["h1", "line-before-h1", "h2"] {
            let got = date_of(&german_page(layout, line)).map(|d| d.0);
            assert_eq!(got, Some(want.to_string()), "{layout}: {line}");
        }
    }
}

#[test]
fn german_lines_that_are_no_publication_date() {
    for line in [
        // A meta line whose parts are not short labels: running text.
        "<p>Konzert | 15.08.2025 | Eintritt frei für alle Gäste ab achtzehn Jahren mit Ausweis</p>",
        // Parts, none of them a date.
        "<p>Politik | Verkehr | Lesezeit: 4 Min.</p>",
        // A legal reference.
        "<p>Urteil vom 15.08.2025</p>",
        // A two-digit year stays unread.
        "<p>15.08.25, 14:03 Uhr</p>",
        // Dates in running text, also between dashes, are no datelines.
        "<p>Am 15.08.2025 hat der Senat die neuen Linien beschlossen, wie ein Sprecher sagte.</p>",
        "<p>Die Sitzung am 15.08.2025 – so der Plan – soll alles klären.</p>",
        "<p>Tel. 030, 12.10.2024 - rund um die Uhr erreichbar.</p>",
    ] {
        for layout in ["h1", "h2"] {
            assert_eq!(date_of(&german_page(layout, line)), None, "{layout}: {line}");
        }
    }
    // A published date beside a later change: the publication.
    let line = "<p>Zuletzt aktualisiert: 16.08.2025</p><p>Erstellt am 15.08.2025</p>";
    assert_eq!(date_of(&german_page("h1", line)).map(|d| d.0), Some("2025-08-15".into()));
}

#[test]
fn title_suffix_is_dropped_when_an_h2_is_the_headline() {
    let title_of = |html: &str| extract_html(html, None).title;
    let line = "<p>Stand: 15.08.2025</p>";
    assert_eq!(title_of(&german_page("h2", line)).as_deref(), Some("Neue Linien für den Osten"));
    // Other separators, and the URL naming the site.
    let html = german_page("h2", line).replace(" - Politik - Stadtanzeiger.de", " | Politik | Stadtanzeiger");
    assert_eq!(title_of(&html).as_deref(), Some("Neue Linien für den Osten"));
    let article =
        extract_html(&german_page("h2", line), Some("https://www.stadtanzeiger.de/politik/neue-linien"));
    assert_eq!(article.title.as_deref(), Some("Neue Linien für den Osten"));
    // A headline that itself holds a separator keeps it.
    let html = german_page("h2", line)
        .replace("<h2>Neue Linien für den Osten</h2>", "<h2>Verkehr - Neue Linien für den Osten</h2>")
        .replace("<title>Neue Linien", "<title>Verkehr - Neue Linien");
    assert_eq!(title_of(&html).as_deref(), Some("Verkehr - Neue Linien für den Osten"));
    // No heading matches the title's first part: the title stays as it was.
    let html =
        german_page("h2", line).replace("<h2>Neue Linien für den Osten</h2>", "<h2>Weitere Themen</h2>");
    assert_eq!(title_of(&html).as_deref(), Some("Neue Linien für den Osten - Politik - Stadtanzeiger.de"));
    // A matching heading in a list of other articles is not the page's headline.
    let html = german_page("h2", line).replace(
        "<h2>Neue Linien für den Osten</h2>",
        "<aside class=\"related\"><h2>Neue Linien für den Osten</h2></aside>",
    );
    assert_eq!(title_of(&html).as_deref(), Some("Neue Linien für den Osten - Politik - Stadtanzeiger.de"));
}
