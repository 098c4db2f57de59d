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

    /// The diagnostic as one line of JSON (texts shortened like the human form).
    pub fn to_json_line(&self) -> String {
        let mut short = self.clone();
        short.message = shorten(&self.message).into_owned();
        short.help = self.help.as_deref().map(|h| shorten(h).into_owned());
        short.notes = self.notes.iter().map(|n| shorten(n).into_owned()).collect();
        if let Some(loc) = &mut short.location {
            loc.file = shorten(&loc.file).into_owned();
        }
        serde_json::to_string(&short).unwrap_or_else(|_| String::from("{}"))
    }
}

impl fmt::Display for Diagnostic {
    /// Human form: `error: MESSAGE`, `--> FILE:LINE:COLUMN`, source line, caret, help.
    /// Control characters are printed escaped (input cannot drive the terminal), texts
    /// are shortened to [`MAX_TEXT_CHARS`] and the source line to a window of
    /// [`MAX_SOURCE_COLUMNS`] around the caret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = |s: &str| escape_control(&shorten(s)).into_owned();
        writeln!(f, "{}: {}", self.severity, text(&self.message))?;
        if let Some(loc) = &self.location {
            let file = text(&loc.file);
            if loc.line == 0 {
                writeln!(f, "  --> {file}")?;
            } else {
                let gutter = loc.line.to_string().len();
                writeln!(f, "{:gutter$}--> {file}:{}:{}", "", loc.line, loc.column)?;
                if let Some(source) = &loc.source_line {
                    let (shown, pad, carets) = source_window(source, loc.column, loc.width);
                    writeln!(f, "{:gutter$} |", "")?;
                    writeln!(f, "{} | {shown}", loc.line)?;
                    writeln!(f, "{:gutter$} | {pad}{}", "", "^".repeat(carets))?;
                }
            }
        }
        for note in &self.notes {
            writeln!(f, "  = note: {}", text(note))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", text(help))?;
        }
        Ok(())
    }
}

/// The most characters of a message, help, note or file name a diagnostic prints.
pub const MAX_TEXT_CHARS: usize = 400;
/// The most characters of a source line a diagnostic prints, around the caret.
pub const MAX_SOURCE_COLUMNS: usize = 200;

/// `s` cut to [`MAX_TEXT_CHARS`] characters, with `…` where it was cut.
fn shorten(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_TEXT_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
}

/// How a character is printed in a diagnostic: control characters (C0 but tab and
/// line feed, DEL, C1) and rfx's private-use marker characters as `\u{…}`.
fn escaped(c: char) -> Option<String> {
    let control =
        (c.is_control() && c != '\t' && c != '\n') || crate::markdown::marker::is_marker_char(c);
    control.then(|| c.escape_unicode().to_string())
}

/// `s` with control characters escaped (see [`Diagnostic`]'s human form).
pub fn escape_control(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| escaped(c).is_some()) {
        return s.into();
    }
    s.chars()
        .map(|c| escaped(c).unwrap_or_else(|| c.to_string()))
        .collect::<String>()
        .into()
}

/// The part of `line` to print (escaped, at most [`MAX_SOURCE_COLUMNS`] characters with
/// `…` at a cut), the padding up to the caret, and the caret's width.
fn source_window(line: &str, column: usize, width: usize) -> (String, String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let caret = column.saturating_sub(1).min(chars.len());
    let width = width.max(1);
    let start = if chars.len() <= MAX_SOURCE_COLUMNS {
        0
    } else {
        caret
            .saturating_sub(MAX_SOURCE_COLUMNS / 3)
            .min(chars.len() - MAX_SOURCE_COLUMNS)
    };
    let end = (start + MAX_SOURCE_COLUMNS).min(chars.len());
    let mut shown = String::new();
    let mut pad = String::new();
    let mut carets = 0;
    if start > 0 {
        shown.push('…');
        pad.push(' ');
    }
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        let text = escaped(c).unwrap_or_else(|| c.to_string());
        let cols = text.chars().count();
        if i < caret {
            pad.extend(std::iter::repeat_n(
                if c == '\t' { '\t' } else { ' ' },
                cols,
            ));
        } else if i < caret + width {
            carets += cols;
        }
        shown.push_str(&text);
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, pad, carets.max(1))
}

/// Where `text` first holds the character a message names as `U+XXXX` (e.g. a writer's
/// "cannot be drawn" error), so the diagnostic can point at the input that brought it.
pub fn locate_named_character(message: &str, file: &str, text: &str) -> Option<Location> {
    let hex = message.split("U+").nth(1)?;
    let end = hex
        .find(|c: char| !c.is_ascii_hexdigit())
        .unwrap_or(hex.len());
    let c = char::from_u32(u32::from_str_radix(&hex[..end], 16).ok()?)?;
    text.find(c).map(|i| Location::at_offset(file, text, i))
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
    fn long_lines_show_a_window_around_the_caret() {
        let line = format!("title: {}", "x".repeat(10_000_000));
        let d = Diagnostic::error("wrong type")
            .at(Location::in_source("s.yaml", &line, 1, 8).with_width(10_000_000));
        let shown = d.to_string();
        assert!(shown.len() < 1_000, "{} bytes", shown.len());
        let at = Location::in_source("s.yaml", &line, 1, 5_000_000);
        let shown = Diagnostic::error("here").at(at).to_string();
        assert!(shown.len() < 1_000 && shown.contains("…x"), "{shown}");
        assert!(Diagnostic::error("y".repeat(5_000)).to_string().len() < 1_000);
    }

    #[test]
    fn control_characters_are_printed_escaped() {
        let src = "a: 1\nb: \u{1b}]0;owned\u{7}\u{1b}[31m\n";
        let d = Diagnostic::error("bad \u{1b}[2J")
            .at(Location::in_source("s.yaml", src, 2, 4))
            .with_help("\u{9b}");
        let shown = d.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(shown.contains("\\u{1b}]0;owned\\u{7}"), "{shown}");
        // The caret still sits under the escaped character.
        assert!(shown.contains("2 | b: \\u{1b}]0;"), "{shown}");
        assert!(shown.contains("  |    ^^^^^^\n"), "{shown}");
    }

    #[test]
    fn suggests_nearest_name_only_when_close() {
        let names = ["governing_law", "jurisdiction", "purpose"];
        assert_eq!(suggest("goverming_law", names), Some("governing_law"));
        assert_eq!(suggest("colour", names), None);
    }
}
