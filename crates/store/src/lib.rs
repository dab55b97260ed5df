//! The SQLite store of wirewatch: the only code that knows SQL.
//!
//! A store is one SQLite file in WAL mode (`synchronous=NORMAL`), so readers
//! never block the single writer and a process killed at any moment leaves
//! the last committed transaction intact. All state lives in the database;
//! nothing is cached outside it, so a re-run after a crash simply continues.
//!
//! # Tables
//!
//! | table          | key                  | holds |
//! |----------------|----------------------|-------|
//! | `documents`    | `id` (the [`DocId`]) | every [`Document`] field; `authors`, `paragraphs`, `dateline` and `layers` (sentences, timexes, publication window; NULL when none) as JSON; plus `extractor_version` and `ingested_at` |
//! | `raw`          | `doc_id`             | the [`RawRecord`] the document came from: `source`, `url`, `kind`, `hints` (JSON), `bytes` (zlib-compressed) and `byte_len` |
//! | `failures`     | `(source, message)`  | inputs that became no document, with the raw bytes (compressed) when known, `first_seen`, `last_seen` and a `seen` count |
//! | `diagnostics`  | `(doc_id, seq)`      | warnings (and errors) reported while extracting a stored document |
//! | `fetched_urls` | `url`                | URLs fetched from the web, with the resulting doc id or failure, so a re-run fetches only what is new |
//!
//! The schema version is SQLite's `PRAGMA user_version`; [`Store::open`]
//! migrates older files forward and refuses files from a newer build.
//!
//! # Writing
//!
//! Writes go through a [`Batch`], one SQLite transaction: the caller commits
//! every few hundred documents. Dropping a batch without committing rolls it
//! back. [`Batch::put`] is idempotent: a document whose id is already stored
//! is reported as [`PutOutcome::Duplicate`] and nothing is written.
//! Compressing raw bytes is the costly part of a put; [`Prepared`] lets the
//! extraction threads do it so the single writer only writes.
//!
//! # Reading
//!
//! Documents and raw records are always returned **ordered by id**: ids are
//! content hashes, so the order is deterministic and does not change when a
//! reprocess changes a date. [`Store::iter_documents`] and
//! [`Store::iter_raw_records`] page through the table (256 rows per query) so
//! that a 100k-document export never holds everything in memory.
//!
//! A `Store` is one connection: it is `Send` but not `Sync`. Open a second
//! `Store` on the same file for a concurrent reader.

#![deny(missing_docs)]

mod codec;
mod rows;
mod schema;

use std::path::Path;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use rows::{
    contains, count, document_by_id, documents_page, grouped, ids_with_prefix, layers_page, raw_from_row,
    raw_page, to_i64, to_u64, write_diagnostics, write_document, StoredHints, RAW_COLUMNS,
};
use wirewatch_model::{Diagnostic, DocId, Document, Layers, RawRecord};

pub use schema::SCHEMA_VERSION;

/// The shortest id prefix [`Store::document`] resolves.
pub const MIN_PREFIX_LEN: usize = 4;

/// How many candidates an ambiguous-prefix error lists at most.
const MAX_CANDIDATES: usize = 10;

/// Rows fetched per query by the paging iterators.
const PAGE_SIZE: usize = 256;

/// How long a write waits for another process's transaction before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The extractor version recorded when the caller sets none: all wirewatch
/// crates share one version number.
const DEFAULT_EXTRACTOR_VERSION: &str = concat!("wirewatch ", env!("CARGO_PKG_VERSION"));

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error (I/O, a locked or damaged file, …).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file was written by a newer wirewatch with a schema this build does not know.
    #[error("store has schema version {found}, but this wirewatch only knows up to {supported}; upgrade wirewatch")]
    NewerSchema {
        /// The file's schema version.
        found: u32,
        /// The newest version this build understands.
        supported: u32,
    },
    /// An id prefix shorter than [`MIN_PREFIX_LEN`] that is not a full id.
    #[error("id prefix {prefix:?} is too short: give at least {min} characters")]
    PrefixTooShort {
        /// The prefix as given.
        prefix: String,
        /// The minimum length.
        min: usize,
    },
    /// An id prefix that matches more than one document.
    #[error("id prefix {prefix:?} is ambiguous; it matches {}", candidates.join(", "))]
    AmbiguousPrefix {
        /// The prefix as given.
        prefix: String,
        /// Matching ids, in order (at most ten).
        candidates: Vec<String>,
    },
    /// A stored value could not be read back (edited or damaged file).
    #[error("store is damaged: {0}")]
    Corrupt(String),
    /// Anything else, with a readable reason.
    #[error("{0}")]
    Other(String),
}

/// What [`Batch::put`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PutOutcome {
    /// The document was new and has been written.
    Inserted,
    /// A document with the same id was already stored; nothing was written.
    Duplicate,
}

/// What came of fetching a URL, for [`Batch::mark_fetched`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetched<'a> {
    /// The URL became (or duplicated) this document.
    Document(&'a DocId),
    /// The URL failed for this reason and should not be fetched again.
    Failed(&'a str),
}

/// One recorded failure with its bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The diagnostic as recorded (source, message, severity).
    pub diagnostic: Diagnostic,
    /// When it was first recorded (RFC 3339, UTC).
    pub first_seen: String,
    /// When it was last recorded.
    pub last_seen: String,
    /// How many times it has been recorded.
    pub seen: u64,
    /// Uncompressed length of the kept raw bytes, if any were kept.
    pub raw_len: Option<u64>,
}

/// Counts describing a store, for `wirewatch stats` and progress output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Stored documents.
    pub documents: u64,
    /// Documents with a publication date.
    pub dated: u64,
    /// Stored raw records.
    pub raw_records: u64,
    /// Total uncompressed size of the raw records.
    pub raw_bytes: u64,
    /// Total compressed size of the raw records as stored.
    pub raw_bytes_stored: u64,
    /// Distinct recorded failures.
    pub failures: u64,
    /// Diagnostics kept for stored documents.
    pub diagnostics: u64,
    /// URLs marked as fetched.
    pub fetched_urls: u64,
    /// Documents per detected language (`"?"` for undetected), most frequent first.
    pub languages: Vec<(String, u64)>,
    /// Documents per extractor version, most frequent first.
    pub extractor_versions: Vec<(String, u64)>,
}

/// A wirewatch store: one connection to one SQLite file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    extractor_version: String,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and migrates it to
    /// [`SCHEMA_VERSION`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::configure(Connection::open(path)?)
    }

    /// Opens an existing store, failing instead of creating a file when
    /// `path` does not exist (for read-only commands such as `list`).
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        if !path.is_file() {
            return Err(StoreError::Other(format!("no store at {}", path.display())));
        }
        Store::open(path)
    }

    /// A fresh store in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::configure(Connection::open_in_memory()?)
    }

    fn configure(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        enable_wal(&conn)?;
        // In WAL mode NORMAL loses at most the last commits on power loss,
        // never consistency, and avoids an fsync per transaction.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.set_prepared_statement_cache_capacity(32);
        schema::migrate(&mut conn)?;
        Ok(Store { conn, extractor_version: DEFAULT_EXTRACTOR_VERSION.to_string() })
    }

    /// Sets the extractor version recorded with documents written from now on
    /// (default `"wirewatch <version>"`).
    pub fn set_extractor_version(&mut self, version: impl Into<String>) {
        self.extractor_version = version.into();
    }

    /// The extractor version recorded with new documents.
    pub fn extractor_version(&self) -> &str {
        &self.extractor_version
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// The journal mode in effect (`"wal"` for files, `"memory"` in memory).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        Ok(self.conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?)
    }

    /// Runs SQLite's integrity check; `Ok(())` when the file is sound.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let problems: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
        if problems.len() == 1 && problems.first().map(String::as_str) == Some("ok") {
            Ok(())
        } else {
            Err(StoreError::Corrupt(problems.join("; ")))
        }
    }

    /// Starts a write transaction. Commit it with [`Batch::commit`];
    /// dropping it rolls everything in it back.
    pub fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        let Store { conn, extractor_version } = self;
        // IMMEDIATE takes the write lock now, so a busy database is waited
        // for here rather than failing halfway through the batch.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Batch { tx, extractor_version })
    }

    /// Stores one document in its own transaction; see [`Batch::put`].
    pub fn put(
        &mut self,
        raw: &RawRecord,
        document: &Document,
        diagnostics: &[Diagnostic],
    ) -> Result<PutOutcome, StoreError> {
        let mut batch = self.batch()?;
        let outcome = batch.put(raw, document, diagnostics)?;
        batch.commit()?;
        Ok(outcome)
    }

    /// Replaces a document's extraction in its own transaction; see
    /// [`Batch::replace_document`].
    pub fn replace_document(&mut self, document: &Document) -> Result<(), StoreError> {
        self.replace_document_with_diagnostics(document, &[])
    }

    /// Replaces a document's extraction and its diagnostics in its own
    /// transaction; see [`Batch::replace_document_with_diagnostics`].
    pub fn replace_document_with_diagnostics(
        &mut self,
        document: &Document,
        diagnostics: &[Diagnostic],
    ) -> Result<(), StoreError> {
        let mut batch = self.batch()?;
        batch.replace_document_with_diagnostics(document, diagnostics)?;
        batch.commit()
    }

    /// Records a failure in its own transaction; see [`Batch::record_failure`].
    pub fn record_failure(&mut self, diagnostic: &Diagnostic, raw: Option<&[u8]>) -> Result<(), StoreError> {
        let mut batch = self.batch()?;
        batch.record_failure(diagnostic, raw)?;
        batch.commit()
    }

    /// Marks a URL as fetched in its own transaction; see [`Batch::mark_fetched`].
    pub fn mark_fetched(&mut self, url: &str, fetched: Fetched<'_>) -> Result<(), StoreError> {
        let mut batch = self.batch()?;
        batch.mark_fetched(url, fetched)?;
        batch.commit()
    }

    /// Whether a document with exactly this id is stored.
    pub fn contains(&self, id: &DocId) -> Result<bool, StoreError> {
        contains(&self.conn, id)
    }

    /// The document with this id, or with the single id starting with this
    /// prefix (at least [`MIN_PREFIX_LEN`] characters; case-insensitive for
    /// the usual lowercase hex ids). `Ok(None)` when nothing matches; an
    /// error when the prefix is too short or ambiguous.
    pub fn document(&self, id_or_prefix: &str) -> Result<Option<Document>, StoreError> {
        match self.resolve_id(id_or_prefix)? {
            Some(id) => document_by_id(&self.conn, &id),
            None => Ok(None),
        }
    }

    /// Resolves a full id or a unique prefix to the stored id, as
    /// [`Store::document`] does.
    pub fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<DocId>, StoreError> {
        let query = id_or_prefix.trim();
        let exact = DocId(query.to_string());
        if self.contains(&exact)? {
            return Ok(Some(exact));
        }
        if query.chars().count() < MIN_PREFIX_LEN {
            return Err(StoreError::PrefixTooShort { prefix: query.to_string(), min: MIN_PREFIX_LEN });
        }
        let mut candidates = ids_with_prefix(&self.conn, query)?;
        let lower = query.to_lowercase();
        if candidates.is_empty() && lower != query {
            if self.contains(&DocId(lower.clone()))? {
                return Ok(Some(DocId(lower)));
            }
            candidates = ids_with_prefix(&self.conn, &lower)?;
        }
        match candidates.len() {
            0 => Ok(None),
            1 => Ok(candidates.pop().map(DocId)),
            _ => Err(StoreError::AmbiguousPrefix { prefix: query.to_string(), candidates }),
        }
    }

    /// All documents, ordered by id. For large stores prefer
    /// [`Store::iter_documents`], which does not hold them all in memory.
    pub fn documents(&self) -> Result<Vec<Document>, StoreError> {
        self.iter_documents().collect()
    }

    /// All documents, ordered by id, fetched page by page.
    pub fn iter_documents(&self) -> Paged<'_, Document> {
        Paged::new(&self.conn, documents_page, |document| document.id.as_str())
    }

    /// Every document's analysis layers with its id, ordered by id, page by
    /// page, without reading the text: cheap enough for a second pass (the
    /// export writes all time expressions after all documents).
    pub fn iter_layers(&self) -> Paged<'_, (DocId, Layers)> {
        Paged::new(&self.conn, layers_page, |(id, _)| id.as_str())
    }

    /// The number of stored documents.
    pub fn count(&self) -> Result<u64, StoreError> {
        count(&self.conn, "SELECT COUNT(*) FROM documents")
    }

    /// The raw record a document was extracted from.
    pub fn raw_record(&self, id: &DocId) -> Result<Option<RawRecord>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {RAW_COLUMNS} FROM raw WHERE doc_id = ?1"))?;
        let mut rows = stmt.query(params![id.as_str()])?;
        match rows.next()? {
            Some(row) => Ok(Some(raw_from_row(row)?.1)),
            None => Ok(None),
        }
    }

    /// All raw records with their document ids, ordered by id, for
    /// `wirewatch reprocess`. This holds every payload in memory; prefer
    /// [`Store::iter_raw_records`] for large stores.
    pub fn raw_records(&self) -> Result<Vec<(DocId, RawRecord)>, StoreError> {
        self.iter_raw_records().collect()
    }

    /// All raw records with their document ids, ordered by id, fetched page by page.
    pub fn iter_raw_records(&self) -> Paged<'_, (DocId, RawRecord)> {
        Paged::new(&self.conn, raw_page, |(id, _)| id.as_str())
    }

    /// The diagnostics kept for a document, in the order they were given.
    pub fn diagnostics(&self, id: &DocId) -> Result<Vec<Diagnostic>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT severity, source, message FROM diagnostics WHERE doc_id = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![id.as_str()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let severity: String = row.get(0)?;
            out.push(Diagnostic {
                severity: codec::parse_severity(&severity)?,
                source: row.get(1)?,
                message: row.get(2)?,
            });
        }
        Ok(out)
    }

    /// Recorded failures as `(source, message)`, ordered by source then message.
    pub fn failures(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT source, message FROM failures ORDER BY source, message")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Recorded failures with their bookkeeping, ordered by source then message.
    pub fn failure_details(&self) -> Result<Vec<Failure>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source, message, severity, first_seen, last_seen, seen, raw_len
             FROM failures ORDER BY source, message",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let severity: String = row.get(2)?;
            let seen: i64 = row.get(5)?;
            let raw_len: Option<i64> = row.get(6)?;
            out.push(Failure {
                diagnostic: Diagnostic {
                    severity: codec::parse_severity(&severity)?,
                    source: row.get(0)?,
                    message: row.get(1)?,
                },
                first_seen: row.get(3)?,
                last_seen: row.get(4)?,
                seen: u64::try_from(seen).unwrap_or(0),
                raw_len: raw_len.and_then(|len| u64::try_from(len).ok()),
            });
        }
        Ok(out)
    }

    /// The raw bytes kept with a failure, if any were given.
    pub fn failure_raw(&self, source: &str, message: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row: Option<(Option<Vec<u8>>, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT raw, raw_len FROM failures WHERE source = ?1 AND message = ?2",
                params![source, message],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        match row {
            Some((Some(packed), Some(len))) => Ok(Some(codec::decompress(&packed, len)?)),
            _ => Ok(None),
        }
    }

    /// Whether `url` is known: as a document's URL, a raw record's URL, or
    /// marked fetched. Ingest asks this to fetch only what is new.
    pub fn has_url(&self, url: &str) -> Result<bool, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM documents WHERE url = ?1)
                 OR EXISTS(SELECT 1 FROM raw WHERE url = ?1)
                 OR EXISTS(SELECT 1 FROM fetched_urls WHERE url = ?1)",
        )?;
        Ok(stmt.query_row(params![url], |row| row.get(0))?)
    }

    /// Counts describing the store.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let conn = &self.conn;
        let (raw_records, raw_bytes, raw_bytes_stored): (i64, i64, i64) = conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(byte_len), 0), COALESCE(SUM(length(bytes)), 0) FROM raw",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        Ok(StoreStats {
            documents: count(conn, "SELECT COUNT(*) FROM documents")?,
            dated: count(conn, "SELECT COUNT(*) FROM documents WHERE published IS NOT NULL")?,
            raw_records: to_u64(raw_records),
            raw_bytes: to_u64(raw_bytes),
            raw_bytes_stored: to_u64(raw_bytes_stored),
            failures: count(conn, "SELECT COUNT(*) FROM failures")?,
            diagnostics: count(conn, "SELECT COUNT(*) FROM diagnostics")?,
            fetched_urls: count(conn, "SELECT COUNT(*) FROM fetched_urls")?,
            languages: grouped(
                conn,
                "SELECT COALESCE(language, '?') AS l, COUNT(*) AS n FROM documents GROUP BY l ORDER BY n DESC, l",
            )?,
            extractor_versions: grouped(
                conn,
                "SELECT extractor_version AS v, COUNT(*) AS n FROM documents GROUP BY v ORDER BY n DESC, v",
            )?,
        })
    }
}

/// Switches the file to WAL mode (persistent in the file, so usually it
/// already is). Changing the journal mode needs an exclusive lock and SQLite
/// answers `SQLITE_BUSY` at once, without the busy handler, while another
/// connection is creating or migrating the same file; so wait and retry,
/// within the same time a write would wait.
fn enable_wal(conn: &Connection) -> Result<(), StoreError> {
    let started = std::time::Instant::now();
    loop {
        let current: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        // An in-memory database stays "memory"; nothing to do there either.
        if current.eq_ignore_ascii_case("wal") || current.eq_ignore_ascii_case("memory") {
            return Ok(());
        }
        match conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(error, _))
                if error.code == rusqlite::ErrorCode::DatabaseBusy && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// A document ready to store, its raw bytes already compressed: build it on
/// the thread that extracted the document so the single writer only writes.
/// It also holds about a fifth of the memory of the uncompressed record.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The raw record without its bytes (`packed` holds them).
    raw: RawRecord,
    packed: Vec<u8>,
    byte_len: usize,
    document: Document,
    diagnostics: Vec<Diagnostic>,
}

impl Prepared {
    /// Compresses `raw`'s bytes and bundles everything [`Batch::put_prepared`] writes.
    pub fn new(
        raw: RawRecord,
        document: Document,
        diagnostics: Vec<Diagnostic>,
    ) -> Result<Prepared, StoreError> {
        let packed = codec::compress(&raw.bytes)?;
        let byte_len = raw.bytes.len();
        let raw = RawRecord { bytes: Vec::new(), ..raw };
        Ok(Prepared { raw, packed, byte_len, document, diagnostics })
    }

    /// The document to be stored.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The diagnostics of its extraction.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

/// One write transaction. Everything written through it becomes visible
/// together on [`Batch::commit`]; dropping it without committing (or a
/// crash) discards all of it.
#[derive(Debug)]
pub struct Batch<'s> {
    tx: Transaction<'s>,
    extractor_version: &'s str,
}

impl Batch<'_> {
    /// Stores a document, the raw record it came from and the diagnostics of
    /// its extraction, keyed by `document.id`.
    ///
    /// Idempotent: if the id is already stored nothing is written and
    /// [`PutOutcome::Duplicate`] is returned. Either way, failures recorded
    /// earlier for `document.source` are removed: that input now has a document.
    pub fn put(
        &mut self,
        raw: &RawRecord,
        document: &Document,
        diagnostics: &[Diagnostic],
    ) -> Result<PutOutcome, StoreError> {
        if self.begin_put(document)? == PutOutcome::Duplicate {
            return Ok(PutOutcome::Duplicate);
        }
        // Compressed only now, so a re-run of known documents stays cheap.
        let packed = codec::compress(&raw.bytes)?;
        self.finish_put(raw, &packed, raw.bytes.len(), document, diagnostics)?;
        Ok(PutOutcome::Inserted)
    }

    /// Like [`Batch::put`] for a document prepared (compressed) beforehand,
    /// typically on the thread that extracted it.
    pub fn put_prepared(&mut self, prepared: &Prepared) -> Result<PutOutcome, StoreError> {
        if self.begin_put(&prepared.document)? == PutOutcome::Duplicate {
            return Ok(PutOutcome::Duplicate);
        }
        self.finish_put(
            &prepared.raw,
            &prepared.packed,
            prepared.byte_len,
            &prepared.document,
            &prepared.diagnostics,
        )?;
        Ok(PutOutcome::Inserted)
    }

    /// Clears stale failures of the document's source and reports whether
    /// its id is already stored.
    fn begin_put(&mut self, document: &Document) -> Result<PutOutcome, StoreError> {
        self.tx
            .prepare_cached("DELETE FROM failures WHERE source = ?1")?
            .execute(params![document.source])?;
        Ok(if contains(&self.tx, &document.id)? { PutOutcome::Duplicate } else { PutOutcome::Inserted })
    }

    /// Writes a new document, its raw record (`raw.bytes` is ignored in
    /// favour of `packed`) and its diagnostics.
    fn finish_put(
        &mut self,
        raw: &RawRecord,
        packed: &[u8],
        byte_len: usize,
        document: &Document,
        diagnostics: &[Diagnostic],
    ) -> Result<(), StoreError> {
        let tx = &self.tx;
        write_document(tx, self.extractor_version, document, false)?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO raw (doc_id, source, url, kind, hints, bytes, byte_len)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            document.id.as_str(),
            raw.source,
            raw.url,
            codec::kind_name(raw.kind),
            codec::to_json(&StoredHints::from(&raw.hints))?,
            packed,
            to_i64(byte_len),
        ])?;
        write_diagnostics(tx, &document.id, diagnostics)
    }

    /// Replaces a stored document's extraction (for `wirewatch reprocess`)
    /// and drops its old diagnostics, which described the old extraction.
    /// Keeps `ingested_at`; inserts the document if it is not stored.
    pub fn replace_document(&mut self, document: &Document) -> Result<(), StoreError> {
        self.replace_document_with_diagnostics(document, &[])
    }

    /// Like [`Batch::replace_document`], keeping the new extraction's diagnostics.
    pub fn replace_document_with_diagnostics(
        &mut self,
        document: &Document,
        diagnostics: &[Diagnostic],
    ) -> Result<(), StoreError> {
        write_document(&self.tx, self.extractor_version, document, true)?;
        self.tx
            .prepare_cached("DELETE FROM diagnostics WHERE doc_id = ?1")?
            .execute(params![document.id.as_str()])?;
        write_diagnostics(&self.tx, &document.id, diagnostics)
    }

    /// Records an input that became no document, keeping its raw bytes
    /// (compressed) when given. The same source and message recorded again
    /// only updates `last_seen` and the count, so re-runs add no duplicates.
    pub fn record_failure(&mut self, diagnostic: &Diagnostic, raw: Option<&[u8]>) -> Result<(), StoreError> {
        let packed = raw.map(codec::compress).transpose()?;
        let raw_len = raw.map(|bytes| to_i64(bytes.len()));
        self.tx
            .prepare_cached(
                "INSERT INTO failures (source, message, severity, raw, raw_len, first_seen, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (source, message) DO UPDATE SET
                     severity = excluded.severity,
                     last_seen = excluded.last_seen,
                     seen = seen + 1,
                     raw = COALESCE(excluded.raw, raw),
                     raw_len = COALESCE(excluded.raw_len, raw_len)",
            )?
            .execute(params![
                diagnostic.source,
                diagnostic.message,
                codec::severity_name(diagnostic.severity),
                packed,
                raw_len
            ])?;
        Ok(())
    }

    /// Forgets a recorded failure (with its kept raw bytes): used when a later
    /// version turned that input into documents after all.
    pub fn clear_failure(&mut self, source: &str, message: &str) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("DELETE FROM failures WHERE source = ?1 AND message = ?2")?
            .execute(params![source, message])?;
        Ok(())
    }

    /// Marks `url` as fetched, so [`Store::has_url`] reports it and a re-run
    /// skips it. Mark a failed URL only when retrying it is pointless.
    pub fn mark_fetched(&mut self, url: &str, fetched: Fetched<'_>) -> Result<(), StoreError> {
        let (doc_id, failure) = match fetched {
            Fetched::Document(id) => (Some(id.as_str()), None),
            Fetched::Failed(reason) => (None, Some(reason)),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO fetched_urls (url, doc_id, failure, fetched_at)
                 VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (url) DO UPDATE SET
                     doc_id = excluded.doc_id, failure = excluded.failure, fetched_at = excluded.fetched_at",
            )?
            .execute(params![url, doc_id, failure])?;
        Ok(())
    }

    /// Makes everything written in this batch durable and visible.
    pub fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.commit()?)
    }

    /// Discards everything written in this batch (as dropping it does).
    pub fn rollback(self) -> Result<(), StoreError> {
        Ok(self.tx.rollback()?)
    }
}

/// An iterator over a table in id order, fetching 256 rows per
/// query, so memory stays bounded however large the store. Rows committed
/// by another connection while iterating may or may not be seen.
pub struct Paged<'s, T> {
    conn: &'s Connection,
    fetch: PageFn<T>,
    key: fn(&T) -> &str,
    after: Option<String>,
    page: std::vec::IntoIter<T>,
    finished: bool,
}

type PageFn<T> = fn(&Connection, Option<&str>, usize) -> Result<Vec<T>, StoreError>;

impl<'s, T> Paged<'s, T> {
    fn new(conn: &'s Connection, fetch: PageFn<T>, key: fn(&T) -> &str) -> Self {
        Paged { conn, fetch, key, after: None, page: Vec::new().into_iter(), finished: false }
    }
}

impl<T> std::fmt::Debug for Paged<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paged").field("after", &self.after).field("finished", &self.finished).finish()
    }
}

impl<T> Iterator for Paged<'_, T> {
    type Item = Result<T, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.page.next() {
            return Some(Ok(item));
        }
        if self.finished {
            return None;
        }
        match (self.fetch)(self.conn, self.after.as_deref(), PAGE_SIZE) {
            Ok(items) => {
                self.finished = items.len() < PAGE_SIZE;
                self.after = items.last().map(|last| (self.key)(last).to_string());
                self.page = items.into_iter();
                let first = self.page.next();
                if first.is_none() {
                    self.finished = true;
                }
                first.map(Ok)
            }
            Err(err) => {
                // One error ends the iteration rather than repeating forever.
                self.finished = true;
                Some(Err(err))
            }
        }
    }
}
