//! Bounded reading helpers: nothing here ever buffers more than its cap, so
//! hostile input (an endless line, a zip bomb) cannot exhaust memory.

use std::io::{self, BufRead, Read};

/// Reads at most `cap` bytes. Returns the bytes and whether more followed
/// (the input was over the cap; only `cap` bytes are kept).
pub(crate) fn read_capped(reader: &mut dyn Read, cap: u64) -> io::Result<(Vec<u8>, bool)> {
    let mut bytes = Vec::new();
    reader.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    let over = bytes.len() as u64 > cap;
    if over {
        bytes.truncate(usize::try_from(cap).unwrap_or(usize::MAX));
    }
    Ok((bytes, over))
}

/// The outcome of [`read_line_capped`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// End of input, nothing read.
    Eof,
    /// A line (without its `\n`) is in the buffer.
    Complete,
    /// The line was longer than the cap; it was skipped and the buffer is
    /// empty. Holds the line's full length.
    TooLong(u64),
}

/// Reads one `\n`-terminated line into `buf` (cleared first, newline not
/// included), keeping at most `cap` bytes; a longer line is consumed and
/// reported as [`Line::TooLong`] so the caller can go on with the next.
pub(crate) fn read_line_capped<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    cap: u64,
) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut over = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(match (total, over) {
                (0, _) => Line::Eof,
                (_, true) => Line::TooLong(total),
                (_, false) => Line::Complete,
            });
        }
        let (chunk_len, found) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (at, true),
            None => (available.len(), false),
        };
        total += chunk_len as u64;
        if !over {
            if total > cap {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(available.get(..chunk_len).unwrap_or_default());
            }
        }
        reader.consume(chunk_len + usize::from(found));
        if found {
            return Ok(if over { Line::TooLong(total) } else { Line::Complete });
        }
    }
}

/// A reason for a read error, saying "truncated gzip" when the stream was
/// gzip and ended early, "corrupt gzip" when it was gzip and garbled.
pub(crate) fn read_error(err: &io::Error, gzip: bool) -> String {
    match (gzip, err.kind()) {
        (true, io::ErrorKind::UnexpectedEof) => format!("truncated gzip: {err}"),
        (true, _) => format!("corrupt gzip: {err}"),
        (false, io::ErrorKind::UnexpectedEof) => format!("truncated input: {err}"),
        (false, _) => format!("read error: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_over_the_cap_are_skipped_not_buffered() {
        let data = b"short\nthis line is far too long\nok\nlast";
        let mut reader = io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut reader, &mut buf, 10).unwrap(), Line::Complete);
        assert_eq!(buf, b"short");
        assert_eq!(read_line_capped(&mut reader, &mut buf, 10).unwrap(), Line::TooLong(25));
        assert!(buf.is_empty());
        assert_eq!(read_line_capped(&mut reader, &mut buf, 10).unwrap(), Line::Complete);
        assert_eq!(buf, b"ok");
        assert_eq!(read_line_capped(&mut reader, &mut buf, 10).unwrap(), Line::Complete);
        assert_eq!(buf, b"last");
        assert_eq!(read_line_capped(&mut reader, &mut buf, 10).unwrap(), Line::Eof);
    }

    #[test]
    fn capped_read_reports_overflow() {
        let (bytes, over) = read_capped(&mut &b"0123456789"[..], 4).unwrap();
        assert_eq!((bytes.as_slice(), over), (&b"0123"[..], true));
        let (bytes, over) = read_capped(&mut &b"0123"[..], 4).unwrap();
        assert_eq!((bytes.as_slice(), over), (&b"0123"[..], false));
    }
}
