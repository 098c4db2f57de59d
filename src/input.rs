//! Bounded input reads: every file rfx reads (spec, lockfile, draft, library file) is a
//! regular file of at most [`MAX_INPUT_BYTES`], read as UTF-8 with a located error.

use crate::diag::{Diagnostic, Location};
use std::io::Read;
use std::path::Path;

/// The most bytes rfx reads from one input file (16 MiB): far above any real spec,
/// clause or draft, and small enough that a device or a runaway file cannot exhaust
/// memory.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// The path does not exist.
    NotFound,
    /// The path is a folder, device, pipe or socket, not a regular file.
    NotRegular,
    /// The file holds more than [`MAX_INPUT_BYTES`].
    TooLarge,
    /// The bytes are not UTF-8; `line` and `column` (1-based, in characters) point at the
    /// first bad byte.
    NotUtf8 {
        /// The line of the first bad byte.
        line: usize,
        /// The column of the first bad byte.
        column: usize,
        /// The (lossily decoded) text of that line, for display.
        source_line: String,
    },
    /// Any other I/O error.
    Io(std::io::Error),
}

impl ReadError {
    /// Whether the file is simply missing (callers that treat absence as "none" ask).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound)
    }

    /// The error as a diagnostic about `what` (e.g. "spec") at `path`.
    pub fn diagnostic(&self, what: &str, path: &str) -> Diagnostic {
        match self {
            ReadError::NotFound => {
                Diagnostic::error(format!("cannot read {what} `{path}`: no such file"))
                    .in_file(path)
            }
            ReadError::NotRegular => {
                Diagnostic::error(format!("cannot read {what} `{path}`: not a regular file"))
                    .in_file(path)
                    .with_help("rfx reads only regular files, not folders, devices or pipes")
            }
            ReadError::TooLarge => Diagnostic::error(format!(
                "cannot read {what} `{path}`: the file is larger than {} MiB, the most rfx reads",
                MAX_INPUT_BYTES / (1024 * 1024)
            ))
            .in_file(path),
            ReadError::NotUtf8 {
                line,
                column,
                source_line,
            } => Diagnostic::error(format!("{what} is not valid UTF-8"))
                .at(Location {
                    file: path.to_string(),
                    line: *line,
                    column: *column,
                    width: 1,
                    source_line: Some(source_line.clone()),
                })
                .with_help("save the file as UTF-8"),
            ReadError::Io(e) => {
                Diagnostic::error(format!("cannot read {what} `{path}`: {e}")).in_file(path)
            }
        }
    }
}

/// Reads at most [`MAX_INPUT_BYTES`] from the regular file at `path`.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    // Check before opening: opening a named pipe would block until a writer comes.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(ReadError::NotRegular),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::NotFound),
        Err(e) => return Err(ReadError::Io(e)),
    }
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge);
    }
    // The size can change between `metadata` and `read`: read one byte past the limit
    // to know.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Reads the regular file at `path` as UTF-8 text, bounded like [`read_bytes`].
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    decode(read_bytes(path)?)
}

/// Decodes `bytes` as UTF-8; an error points at the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let bad = e.utf8_error().valid_up_to();
        let good = std::str::from_utf8(&bytes[..bad]).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let line_start = good.rfind('\n').map_or(0, |i| i + 1);
        let column = good[line_start..].chars().count() + 1;
        let line_end = bytes[bad..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| bad + i);
        let source_line = String::from_utf8_lossy(&bytes[line_start..line_end])
            .trim_end_matches('\r')
            .to_string();
        ReadError::NotUtf8 {
            line,
            column,
            source_line,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let Err(ReadError::NotUtf8 { line, column, .. }) =
            decode(b"a: 1\nb: \xc3\xa9x\xff\n".to_vec())
        else {
            panic!("expected a UTF-8 error");
        };
        assert_eq!((line, column), (2, 6));
    }

    #[test]
    fn devices_and_folders_are_refused() {
        assert!(matches!(
            read_bytes(Path::new("/dev/zero")),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            read_bytes(Path::new("/")),
            Err(ReadError::NotRegular)
        ));
    }

    #[test]
    fn files_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_INPUT_BYTES + 1).unwrap();
        assert!(matches!(read_bytes(&path), Err(ReadError::TooLarge)));
        let d = ReadError::TooLarge.diagnostic("spec", "big.yaml");
        assert!(d.message.contains("16 MiB"), "{}", d.message);
    }
}
