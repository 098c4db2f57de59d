//! The one rule for characters in a spec: control characters (C0 except tab and line
//! feed, DEL, C1) and rfx's private-use marker characters are refused at their line,
//! whether written raw or as a YAML escape (`"\e"`, `"\u0000"`), so no output format
//! ever sees one. (A carriage return is accepted only as part of a CRLF line end.)

use super::positions::PositionIndex;
use crate::diag::{Diagnostic, Location};

/// Whether `c` may not appear in a spec value.
pub fn is_refused(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || crate::markdown::marker::is_marker_char(c)
}

fn describe(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{1b}' => "ESC",
        '\r' => "carriage return",
        '\u{7f}' => "DEL",
        c if crate::markdown::marker::is_marker_char(c) => "rfx marker",
        _ => "control",
    };
    format!("{} ({name} character)", c.escape_unicode())
}

const HELP: &str = "a spec value may hold text, tabs and line breaks only: remove the \
                    character (control characters have no printed form in a document)";

/// The first raw refused character of `text`, as an error at its line and column.
pub fn check_raw(path: &str, text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Printable ASCII, tab and line feed are the common case: no decoding.
        let c = if b >= 0x80 {
            text[i..].chars().next()?
        } else if (0x20..0x7f).contains(&b) || b == b'\t' || b == b'\n' {
            i += 1;
            continue;
        } else {
            char::from(b)
        };
        let crlf = c == '\r' && bytes.get(i + 1) == Some(&b'\n');
        if !crlf && is_refused(c) {
            return Some(
                Diagnostic::error(format!("the spec holds the character {}", describe(c)))
                    .at(Location::at_offset(path, text, i))
                    .with_help(HELP),
            );
        }
        i += c.len_utf8();
    }
    None
}

/// Every value (or key) whose text, once YAML escapes are read, holds a refused
/// character, as an error at that value.
pub fn check_values(path: &str, text: &str, index: &PositionIndex) -> Vec<Diagnostic> {
    // Raw characters are caught by `check_raw`; only an escape can make one here.
    if !text.contains('\\') {
        return Vec::new();
    }
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    let mut diags = Vec::new();
    walk(&value, "", &mut |at, s| {
        if let Some(c) = s.chars().find(|&c| is_refused(c)) {
            let loc = index
                .locate(path, text, at)
                .unwrap_or_else(|| Location::in_source(path, text, 1, 1));
            diags.push(
                Diagnostic::error(format!("`{at}` holds the character {}", describe(c)))
                    .at(loc)
                    .with_help(HELP),
            );
        }
    });
    diags
}

fn walk(v: &serde_yaml::Value, path: &str, f: &mut impl FnMut(&str, &str)) {
    match v {
        serde_yaml::Value::String(s) => f(path, s),
        serde_yaml::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), f);
            }
        }
        serde_yaml::Value::Mapping(map) => {
            for (k, item) in map {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    _ => continue,
                };
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                f(&child, &key);
                walk(item, &child, f);
            }
        }
        serde_yaml::Value::Tagged(t) => walk(&t.value, path, f),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_control_characters_are_found_at_their_line() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4\ne: x\u{1b}[31m\r\n";
        let d = check_raw("s.yaml", text).unwrap();
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (5, 5));
        assert!(check_raw("s.yaml", "a: 1\r\nb:\t2\n").is_none());
        assert!(check_raw("s.yaml", "a: Zoë — 東京 ✓\n").is_none());
        for (text, column) in [
            ("a: x\u{85}", 5),
            ("a: é\u{7f}", 5),
            ("a: \r", 4),
            ("b: \u{E000}", 4),
        ] {
            let d = check_raw("s.yaml", text).expect(text);
            assert_eq!(d.location.unwrap().column, column, "{text:?}");
        }
    }

    #[test]
    fn escaped_control_characters_are_found_at_their_value() {
        let text = "a:\n  b: ok\n  c: [x, \"y\\u0000\"]\n  d: \"\\uE000\"\n";
        let index = PositionIndex::build(text);
        let diags = check_values("s.yaml", text, &index);
        let at: Vec<(usize, usize)> = diags
            .iter()
            .map(|d| d.location.as_ref().map(|l| (l.line, l.column)).unwrap())
            .collect();
        assert_eq!(at, [(3, 10), (4, 6)], "{diags:?}");
    }
}
