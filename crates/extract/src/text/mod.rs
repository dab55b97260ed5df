//! Plain-text scraped dumps: boilerplate removal with per-language rules.
