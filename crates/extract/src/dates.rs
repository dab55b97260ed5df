//! Parsing of written dates.

/// Parses a date or date-time as found in metadata or a date line
/// ("2025-08-15", "2025-08-15T10:00:00+02:00", "Fri, 15 Aug 2025 10:00:00 GMT",
/// "15.08.2025", "24. Februar 2025", "August 15, 2025").
/// Returns `YYYY-MM-DD` or a full RFC 3339 date-time, or `None`.
pub fn parse_date(input: &str) -> Option<String> {
    let _ = input;
    None
}

/// Finds a publication date in a URL path (`/2025/08/15/`, `/20250815/`, `-2025-08-15`).
pub fn date_from_url(url: &str) -> Option<String> {
    let _ = url;
    None
}
