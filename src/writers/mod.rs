//! Writers: pure functions from a resolved [`Document`] to the bytes of one format.
//!
//! A writer never touches the filesystem; the CLI writes the bytes atomically.

use crate::doc::Document;
use std::fmt;

mod deflate;
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
    /// The standards a PDF claims and meets.
    pub pdf_standard: PdfStandard,
    /// Author of the tracked changes in a DOCX redline.
    pub revision_author: String,
    /// Options of the DOCX writer (the reference document).
    pub docx: docx::DocxOptions,
    /// The fonts a PDF is set in (and a DOCX names); default: Liberation Sans and
    /// Mono with the bundled fallbacks.
    pub fonts: pdf::fonts::FontSetup,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            timestamp: 0,
            producer: format!("rfx {}", env!("CARGO_PKG_VERSION")),
            pdf_standard: PdfStandard::default(),
            revision_author: "rfx".to_string(),
            docx: docx::DocxOptions::default(),
            fonts: pdf::fonts::FontSetup::default(),
        }
    }
}

/// The standards a PDF is written to: PDF/A-2 (archive, ISO 19005-2) at level B or
/// U, PDF/UA-1 (accessible, ISO 14289-1: tagged), both, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PdfStandard {
    /// PDF/A-2b.
    A2b,
    /// PDF/A-2u.
    A2u,
    /// PDF/A-2u and PDF/UA-1: archivable and accessible, the default.
    #[default]
    A2uUa1,
    /// PDF/UA-1 only.
    Ua1,
    /// No standard claimed; a plain untagged PDF 1.7.
    None,
}

impl PdfStandard {
    /// Every choice with its name, as `--pdf-standard` spells it.
    pub const NAMES: [(&'static str, PdfStandard); 5] = [
        ("a-2b", PdfStandard::A2b),
        ("a-2u", PdfStandard::A2u),
        ("a-2u+ua-1", PdfStandard::A2uUa1),
        ("ua-1", PdfStandard::Ua1),
        ("none", PdfStandard::None),
    ];

    /// The name `--pdf-standard` gives this choice.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|&&(_, s)| s == self)
            .map_or("none", |&(n, _)| n)
    }

    /// Parses a name from [`PdfStandard::NAMES`].
    pub fn from_name(name: &str) -> Option<PdfStandard> {
        Self::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, s)| s)
    }

    /// The PDF/A-2 conformance level claimed (`B` or `U`), if any.
    pub fn archive_level(self) -> Option<char> {
        match self {
            PdfStandard::A2b => Some('B'),
            PdfStandard::A2u | PdfStandard::A2uUa1 => Some('U'),
            PdfStandard::Ua1 | PdfStandard::None => None,
        }
    }

    /// Whether the file is tagged and claims PDF/UA-1.
    pub fn accessible(self) -> bool {
        matches!(self, PdfStandard::A2uUa1 | PdfStandard::Ua1)
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
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
