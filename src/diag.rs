//! Diagnostics: located, actionable messages about bad input.
//!
//! Every stage reports problems as [`Diagnostic`]s and keeps going where it can, so
//! one run shows every error. The CLI prints them for humans (`--> FILE:LINE:COLUMN`,
//! the source line and a caret) or as JSON lines for scripts.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used; the run fails with exit status 1.
    Error,
    /// The input works but deserves attention.
    Warning,
    /// Extra information (e.g. which library file won).
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// A place in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Path of the file as the user named it (or a library-relative name).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column number, counted in characters.
    pub column: usize,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
    /// The text of the line, for display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Location {
    /// A location at `line:column` of `file`, with the source line taken from `source`.
    pub fn in_source(file: &str, source: &str, line: usize, column: usize) -> Location {
        let source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        Location {
            file: file.to_string(),
            line,
            column: column.max(1),
            width: 1,
            source_line,
        }
    }

    /// A location at a byte offset of `source`.
    pub fn at_offset(file: &str, source: &str, offset: usize) -> Location {
        let offset = offset.min(source.len());
        let before = &source[..floor_char_boundary(source, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location::in_source(file, source, line, column)
    }

    /// Sets how many characters the caret underlines.
    pub fn with_width(mut self, width: usize) -> Location {
        self.width = width.max(1);
        self
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One message about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// How to fix it, if a fix can be suggested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Further context (e.g. the underlying cause).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A new error.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message)
    }

    /// A new warning.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message)
    }

    /// A new note.
    pub fn note(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.into(),
            location: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Attaches a location.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// Attaches a location naming only a file (no line known).
    pub fn in_file(self, file: &str) -> Diagnostic {
        self.at(Location {
            file: file.to_string(),
            line: 0,
            column: 0,
            width: 0,
            source_line: None,
        })
    }

    /// Attaches a suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as one line of JSON.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

impl fmt::Display for Diagnostic {
    /// Human form: `error: MESSAGE`, `--> FILE:LINE:COLUMN`, source line, caret, help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.severity, self.message)?;
        if let Some(loc) = &self.location {
            if loc.line == 0 {
                writeln!(f, "  --> {}", loc.file)?;
            } else {
                let gutter = loc.line.to_string().len();
                writeln!(
                    f,
                    "{:gutter$}--> {}:{}:{}",
                    "", loc.file, loc.line, loc.column
                )?;
                if let Some(text) = &loc.source_line {
                    let pad: String = text
                        .chars()
                        .take(loc.column - 1)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    writeln!(f, "{:gutter$} |", "")?;
                    writeln!(f, "{} | {}", loc.line, text)?;
                    writeln!(
                        f,
                        "{:gutter$} | {}{}",
                        "",
                        pad,
                        "^".repeat(loc.width.max(1))
                    )?;
                }
            }
        }
        for note in &self.notes {
            writeln!(f, "  = note: {note}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// The valid name closest to `name`, if it is close enough to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance between two strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_with_caret_and_help() {
        let src = "nda:\n  goverming_law: ie\n";
        let d = Diagnostic::error("unknown field `goverming_law`")
            .at(Location::in_source("spec.yaml", src, 2, 3).with_width(13))
            .with_help("did you mean `governing_law`?");
        assert_eq!(
            d.to_string(),
            "error: unknown field `goverming_law`\n \
             --> spec.yaml:2:3\n  |\n2 |   goverming_law: ie\n  |   ^^^^^^^^^^^^^\n  \
             = help: did you mean `governing_law`?\n"
        );
    }

    #[test]
    fn offset_to_line_and_column_counts_characters() {
        let src = "a: Łódź\nb: x\n";
        let loc = Location::at_offset("f", src, src.find('x').unwrap());
        assert_eq!((loc.line, loc.column), (2, 4));
        let loc = Location::at_offset("f", src, src.find('ź').unwrap());
        assert_eq!((loc.line, loc.column), (1, 7));
    }

    #[test]
    fn suggests_nearest_name_only_when_close() {
        let names = ["governing_law", "jurisdiction", "purpose"];
        assert_eq!(suggest("goverming_law", names), Some("governing_law"));
        assert_eq!(suggest("colour", names), None);
    }
}
