//! Conversions between model values and their stored form: compression of
//! raw bytes and the names of enums.

use std::io::{Read, Write};

use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use wirewatch_model::{ContentKind, Severity};

use crate::StoreError;

/// zlib level for raw payloads. Level 1 compresses news HTML to roughly a
/// fifth at several times the speed of the default level, and the single
/// writer thread must keep up with parallel extraction.
const LEVEL: u32 = 1;

/// Compresses `bytes` with zlib.
pub(crate) fn compress(bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3 + 64), Compression::new(LEVEL));
    encoder.write_all(bytes).map_err(|err| StoreError::Other(format!("cannot compress: {err}")))?;
    encoder.finish().map_err(|err| StoreError::Other(format!("cannot compress: {err}")))
}

/// Decompresses a payload stored by [`compress`], which must inflate to
/// exactly `expected_len` bytes; reading stops just past it, so a damaged
/// row cannot inflate without bound.
pub(crate) fn decompress(stored: &[u8], expected_len: i64) -> Result<Vec<u8>, StoreError> {
    let expected = usize::try_from(expected_len)
        .map_err(|_| StoreError::Corrupt(format!("negative raw length {expected_len}")))?;
    let mut bytes = Vec::with_capacity(expected);
    ZlibDecoder::new(stored)
        .take(expected as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| StoreError::Corrupt(format!("raw bytes do not inflate: {err}")))?;
    if bytes.len() != expected {
        return Err(StoreError::Corrupt(format!(
            "raw bytes inflate to {}{} bytes, expected {expected}",
            if bytes.len() > expected { "more than " } else { "" },
            bytes.len().min(expected)
        )));
    }
    Ok(bytes)
}

/// The stored name of a content kind.
pub(crate) fn kind_name(kind: ContentKind) -> &'static str {
    kind.as_str()
}

/// Parses a stored content kind.
pub(crate) fn parse_kind(name: &str) -> Result<ContentKind, StoreError> {
    match name {
        "html" => Ok(ContentKind::Html),
        "text" => Ok(ContentKind::Text),
        other => Err(StoreError::Corrupt(format!("unknown content kind {other:?}"))),
    }
}

/// The stored name of a severity.
pub(crate) fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Parses a stored severity.
pub(crate) fn parse_severity(name: &str) -> Result<Severity, StoreError> {
    match name {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        other => Err(StoreError::Corrupt(format!("unknown severity {other:?}"))),
    }
}

/// Serialises a value to JSON for a TEXT column.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|err| StoreError::Other(format!("cannot encode JSON: {err}")))
}

/// Parses a JSON TEXT column; `what` names it in the error.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|err| StoreError::Corrupt(format!("{what}: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_round_trips() {
        let data = "Grüße aus Köln. ".repeat(1000).into_bytes();
        let packed = compress(&data).unwrap();
        assert!(packed.len() < data.len() / 5);
        assert_eq!(decompress(&packed, data.len() as i64).unwrap(), data);
        assert_eq!(decompress(&compress(b"").unwrap(), 0).unwrap(), b"");
    }

    #[test]
    fn decompress_rejects_wrong_length_and_garbage() {
        let packed = compress(b"hello world").unwrap();
        assert!(matches!(decompress(&packed, 5), Err(StoreError::Corrupt(_))));
        assert!(matches!(decompress(&packed, 50), Err(StoreError::Corrupt(_))));
        assert!(matches!(decompress(&packed, -1), Err(StoreError::Corrupt(_))));
        assert!(matches!(decompress(b"not zlib at all", 3), Err(StoreError::Corrupt(_))));
    }

    #[test]
    fn enum_names_round_trip_and_reject_unknown() {
        for kind in [ContentKind::Html, ContentKind::Text] {
            assert_eq!(parse_kind(kind_name(kind)).unwrap(), kind);
        }
        for severity in [Severity::Error, Severity::Warning] {
            assert_eq!(parse_severity(severity_name(severity)).unwrap(), severity);
        }
        assert!(parse_kind("pdf").is_err());
        assert!(parse_severity("fatal").is_err());
    }
}
