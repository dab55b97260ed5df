//! Written dates and dates in URLs.

use wirewatch_extract::dates::{date_from_url, date_in_url, parse_date};

#[test]
fn iso_and_rfc() {
    assert_eq!(parse_date("2025-08-15").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date(" 2025-08-15T10:00:00+02:00 ").as_deref(), Some("2025-08-15T10:00:00+02:00"));
    assert_eq!(parse_date("2025-08-15T08:00:00Z").as_deref(), Some("2025-08-15T08:00:00Z"));
    assert_eq!(parse_date("Fri, 15 Aug 2025 10:00:00 GMT").as_deref(), Some("2025-08-15T10:00:00Z"));
    assert_eq!(parse_date("Fri, 15 Aug 2025 10:00:00 +0200").as_deref(), Some("2025-08-15T10:00:00+02:00"));
}

#[test]
fn german_forms() {
    assert_eq!(parse_date("15.08.2025").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("5.8.2025").as_deref(), Some("2025-08-05"));
    assert_eq!(parse_date("15.08.2025, 10:12 Uhr").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("24. Februar 2025").as_deref(), Some("2025-02-24"));
    assert_eq!(parse_date("24. Feb. 2025").as_deref(), Some("2025-02-24"));
    assert_eq!(parse_date("3. März 2025").as_deref(), Some("2025-03-03"));
    assert_eq!(parse_date("Freitag, 15. August 2025").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("15. August 2025 um 10:12 Uhr").as_deref(), Some("2025-08-15"));
}

#[test]
fn english_forms() {
    assert_eq!(parse_date("August 15, 2025").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("Aug. 15, 2025").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("15 August 2025").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("15th August 2025").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("Friday, August 15th, 2025").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("Aug 15, 2025 10:00 AM EDT").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("08/15/2025").as_deref(), Some("2025-08-15"));
    assert_eq!(parse_date("15/08/2025").as_deref(), Some("2025-08-15"));
}

#[test]
fn refusals() {
    for input in [
        "",
        "2025-02-30",
        "30. Februar 2025",
        "15.08.25",
        "15.8.25",
        "08/07/2025",
        "Februar 2025",
        "August 2025",
        "1989-12-31",
        "2101-01-01",
        "24. Februar 2025 hat der Bundestag entschieden",
        "Am 24. Februar 2025",
        "13.13.2025",
        "irgendwas",
        "2025",
        "12:30",
    ] {
        assert_eq!(parse_date(input), None, "{input:?}");
    }
    let long = "1".repeat(10_000);
    assert_eq!(parse_date(&long), None);
}

#[test]
fn url_dates() {
    assert_eq!(
        date_from_url("https://www.example.de/politik/2025/08/15/gipfel-in-alaska/").as_deref(),
        Some("2025-08-15")
    );
    assert_eq!(date_from_url("https://example.com/2025-08-15/summit").as_deref(), Some("2025-08-15"));
    assert_eq!(
        date_from_url("https://example.com/news/summit-2025-08-15.html").as_deref(),
        Some("2025-08-15")
    );
    assert_eq!(date_from_url("https://example.com/archiv/20250815/artikel").as_deref(), Some("2025-08-15"));
    assert_eq!(date_from_url("https://example.com/a-20250815.html").as_deref(), Some("2025-08-15"));
    assert_eq!(
        date_in_url("https://x.de/2025/08/15/a"),
        Some(("2025-08-15".to_string(), "2025/08/15".to_string()))
    );
}

#[test]
fn url_non_dates() {
    for url in [
        "https://example.com/2025/08/",
        "https://example.com/2025/08/summit",
        "https://example.com/artikel-12345678.html",
        "https://example.com/id/99999999",
        "https://example.com/a/20251340/",
        "https://example.com/a/2025081512/",
        "https://example.com/a?date=2025-08-15",
        "https://20250815.example.com/a",
        "",
        "not a url",
    ] {
        assert_eq!(date_from_url(url), None, "{url:?}");
    }
}

#[test]
fn dates_found_in_lines() {
    use wirewatch_extract::dates::{find_dates, DateRole};
    let found = find_dates("Published Aug. 15, 2025 · Updated 20 August 2025");
    let got: Vec<(&str, DateRole)> = found.iter().map(|d| (d.value.as_str(), d.role)).collect();
    assert_eq!(got, vec![("2025-08-15", DateRole::Published), ("2025-08-20", DateRole::Modified)]);
    let found = find_dates("Stand: 15.08.2025, 10:12 Uhr");
    assert_eq!(found.first().map(|d| (d.value.as_str(), d.role)), Some(("2025-08-15", DateRole::Published)));
    assert_eq!(find_dates("Freitag, 15. August 2025, 10:12 Uhr").len(), 1);
    assert_eq!(find_dates("- 2025/4/29").first().map(|d| d.value.as_str()), Some("2025-04-29"));
    assert_eq!(find_dates("2025-08-15T10:00:00+02:00").first().map(|d| d.value.as_str()), Some("2025-08-15"));
    // Refused: legal references, copyright, ambiguous or impossible dates, long texts.
    assert!(find_dates("BGBl. I S. 1 vom 15.08.2025").is_empty());
    assert!(find_dates("Az. 1 StR 15/24 vom 15.08.2025").is_empty());
    assert!(find_dates("© 15.08.2024 Verlag").is_empty());
    assert!(find_dates("08/07/2025").is_empty());
    assert!(find_dates("31. Februar 2025").is_empty());
    assert!(find_dates("Tel. 030 1234567").is_empty());
    assert!(find_dates(&"15.08.2025 ".repeat(100)).is_empty());
    assert!(find_dates("").is_empty());
}

#[test]
fn offsets_are_kept_never_converted() {
    // 23:30 in New York is already the next day in UTC; the page's date stays.
    assert_eq!(parse_date("2025-08-15T23:30:00-04:00").as_deref(), Some("2025-08-15T23:30:00-04:00"));
    assert_eq!(parse_date("Fri, 15 Aug 2025 23:30:00 -0400").as_deref(), Some("2025-08-15T23:30:00-04:00"));
    assert_eq!(parse_date("2025-08-16T00:30:00+02:00").as_deref(), Some("2025-08-16T00:30:00+02:00"));
}

#[test]
fn labels_are_whole_words() {
    use wirewatch_extract::dates::{find_dates, DateRole};
    let found = find_dates("Understanding taxes · March 3, 2025");
    assert_eq!(found.first().map(|d| d.role), Some(DateRole::Unknown));
    let found = find_dates("Zuletzt aktualisiert: 3. März 2025");
    assert_eq!(found.first().map(|d| d.role), Some(DateRole::Modified));
}
