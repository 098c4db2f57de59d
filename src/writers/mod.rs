//! Writers: pure functions from a resolved [`Document`] to the bytes of one format.
//!
//! A writer never touches the filesystem; the CLI writes the bytes atomically.

use crate::doc::Document;
use std::fmt;

pub mod docx;
pub mod markdown;
pub mod pdf;

/// An output format rfx can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// CommonMark with tables.
    Markdown,
    /// Portable Document Format.
    Pdf,
    /// Office Open XML word-processing document.
    Docx,
}

impl Format {
    /// All formats, in the order they are built.
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Pdf, Format::Docx];

    /// The file extension (without dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// Parses a format name or extension (`md`, `markdown`, `pdf`, `docx`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Options shared by all writers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// Creation time as seconds since the Unix epoch (from `SOURCE_DATE_EPOCH`), so two
    /// builds of the same input are byte-identical.
    pub timestamp: i64,
    /// Producer string recorded in file properties, e.g. "rfx 0.1.0".
    pub producer: String,
    /// Author of the tracked changes in a DOCX redline.
    pub revision_author: String,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            timestamp: 0,
            producer: format!("rfx {}", env!("CARGO_PKG_VERSION")),
            revision_author: "rfx".to_string(),
        }
    }
}

/// A writer could not produce its output (e.g. a character no embedded font can draw).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    /// Which format failed.
    pub format: Format,
    /// What went wrong, in the user's terms.
    pub message: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.format, self.message)
    }
}

impl std::error::Error for WriteError {}

/// Whether this build can write `format`.
pub fn is_available(format: Format) -> bool {
    matches!(format, Format::Markdown | Format::Pdf | Format::Docx)
}

/// Writes `doc` in `format`.
pub fn write(
    doc: &Document,
    format: Format,
    options: &WriteOptions,
) -> Result<Vec<u8>, WriteError> {
    match format {
        Format::Markdown => Ok(markdown::write(doc, options)),
        Format::Pdf => pdf::write(doc, options),
        Format::Docx => docx::write(doc, options),
    }
}
