//! The database schema and its migrations.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`. Migration `n`
//! (1-based) turns a version `n - 1` database into version `n`; each runs in
//! its own transaction together with the version bump, so a process killed
//! mid-migration leaves the previous version intact.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Migrations, in order; never edit a released one, append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the initial schema.
    r#"
    CREATE TABLE documents (
        id                 TEXT PRIMARY KEY NOT NULL,
        source             TEXT NOT NULL,
        url                TEXT,
        title              TEXT,
        authors            TEXT NOT NULL,      -- JSON array of strings
        outlet             TEXT,
        language           TEXT,
        published          TEXT,               -- YYYY-MM-DD or RFC 3339
        published_evidence TEXT,
        dateline           TEXT,               -- JSON {place,start,end} or NULL
        text               TEXT NOT NULL,
        paragraphs         TEXT NOT NULL,      -- JSON [{start,end,kind}]
        encoding           TEXT NOT NULL,
        kind               TEXT NOT NULL,      -- 'html' | 'text'
        extractor_version  TEXT NOT NULL,
        ingested_at        TEXT NOT NULL       -- RFC 3339 UTC
    );                                         -- rowid table: rows are large
    CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;

    CREATE TABLE raw (
        doc_id     TEXT PRIMARY KEY NOT NULL,
        source     TEXT NOT NULL,
        url        TEXT,
        kind       TEXT NOT NULL,
        hints      TEXT NOT NULL,              -- JSON of model::Hints
        bytes      BLOB NOT NULL,              -- zlib-compressed payload
        byte_len   INTEGER NOT NULL            -- uncompressed length
    );
    CREATE INDEX raw_url ON raw(url) WHERE url IS NOT NULL;

    CREATE TABLE failures (
        source     TEXT NOT NULL,
        message    TEXT NOT NULL,
        severity   TEXT NOT NULL,
        raw        BLOB,                       -- zlib-compressed, when given
        raw_len    INTEGER,
        first_seen TEXT NOT NULL,
        last_seen  TEXT NOT NULL,
        seen       INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (source, message)
    );

    CREATE TABLE diagnostics (
        doc_id   TEXT NOT NULL,
        seq      INTEGER NOT NULL,
        severity TEXT NOT NULL,
        source   TEXT NOT NULL,
        message  TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE fetched_urls (
        url        TEXT PRIMARY KEY NOT NULL,
        doc_id     TEXT,
        failure    TEXT,
        fetched_at TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 2: analysis layers (sentences, time expressions, publication window)
    // as one JSON document per row; NULL when the document has none, which
    // is what every document ingested before this version reads as.
    r#"
    ALTER TABLE documents ADD COLUMN layers TEXT;  -- JSON (rows.rs StoredLayers) or NULL
    "#,
];

/// Brings the database to [`SCHEMA_VERSION`], refusing one from a newer build.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    // Check first without a transaction: an up-to-date store (the usual
    // case) then needs no write lock, so readers never wait for a writer.
    let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version >= SCHEMA_VERSION {
        return check_not_newer(version);
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-read inside the write transaction: two processes opening a
        // fresh file at once must not both run migration 1.
        let version: u32 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        check_not_newer(version)?;
        let Some(sql) = MIGRATIONS.get(version as usize) else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

fn check_not_newer(version: u32) -> Result<(), StoreError> {
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { found: version, supported: SCHEMA_VERSION });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use wirewatch_model::{Layers, Sentence};

    /// A store written by the first release: migration 1 only, one document
    /// row with exactly the columns that release wrote.
    fn version_1_store(path: &std::path::Path) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO documents (id, source, url, title, authors, outlet, language, published,
                 published_evidence, dateline, text, paragraphs, encoding, kind, extractor_version, ingested_at)
             VALUES ('0123456789abcdef', 'alt.txt', NULL, 'Alt', '[\"Anna Müller\"]', NULL, 'de', '2025-08-15',
                 'text-line', NULL, 'Am Freitag reiste sie ab.', '[[0,25,\"paragraph\"]]', 'UTF-8', 'text',
                 'wirewatch 0.1.0', '2025-08-16T00:00:00.000Z')",
            [],
        )
        .unwrap();
    }

    #[test]
    fn a_version_1_store_migrates_and_reads_with_empty_layers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        version_1_store(&path);

        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let mut document = store.document("0123456789abcdef").unwrap().expect("the old row reads");
        assert_eq!(document.text, "Am Freitag reiste sie ab.");
        assert_eq!(document.authors, ["Anna Müller"]);
        assert_eq!(document.layers, Layers::default());
        assert_eq!(store.iter_layers().map(|row| row.unwrap().1).collect::<Vec<_>>(), [Layers::default()]);

        // The migrated row takes layers like a new one (as `reprocess` writes them).
        document.layers.sentences.push(Sentence { start: 0, end: 25 });
        store.replace_document(&document).unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.document("0123456789abcdef").unwrap(), Some(document));
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        version_1_store(&path);
        drop(Store::open(&path).unwrap());
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn).unwrap();
        let columns: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'layers'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(columns, 1);
    }
}
