//! Loading a spec: YAML text → [`Spec`], with every problem as a located [`Diagnostic`].
//!
//! Order: the position index (duplicate keys, alias bombs, depth), then serde (syntax
//! and type errors, one at a time as serde stops at the first), then the semantic checks
//! of [`super::validate`] (all of them, in one run). A text without anchors that serde
//! reads cleanly skips the index: its problems could only be duplicate keys, which the
//! typed spec refuses itself, and the index is made when a diagnostic needs a location.

use super::positions::{MAX_DEPTH, MAX_EXPANDED_NODES, NodeKind, PositionIndex, span_location};
use super::stage::Stage;
use super::types::Spec;
use super::validate;
use super::values::HELP_SEPARATOR;
use crate::diag::{Diagnostic, Location, suggest};

/// A loaded, validated spec with its source, for locating later diagnostics.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SpecFile {
    /// Path of the file as given to [`load`] (used in diagnostics).
    pub path: String,
    /// The YAML text.
    pub text: String,
    /// The typed spec. Treat it as read-only once loaded: composition makes the template
    /// context from it the first time a document is built.
    pub spec: Spec,
    /// Warnings found while checking it (errors make [`load`] fail).
    pub warnings: Vec<Diagnostic>,
    /// The stage the pack is built at: [`Spec::stage`] unless overridden with
    /// [`SpecFile::at_stage`].
    pub stage: Stage,
    /// Made from `text` the first time a value is located (a spec that loads without a
    /// diagnostic needs none).
    index: std::sync::OnceLock<PositionIndex>,
    /// The spec serialised for templates, made once by `compose` (which alone reads it).
    template_values: std::sync::OnceLock<serde_json::Value>,
}

impl SpecFile {
    /// The spec built at `stage` (`--stage`): fails with the located reasons the spec
    /// cannot be built at that stage (a contract without a supplier).
    pub fn at_stage(mut self, stage: Stage) -> Result<SpecFile, Vec<Diagnostic>> {
        self.stage = stage;
        let diags = validate::stage_checks(&self);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        Ok(self)
    }

    /// Location of the value at a dotted path (`contract.governing_law`,
    /// `requirements[3].weight`, `clauses.limitation-of-liability`). Scalars are located
    /// at the value; block mappings and lists at their key. `None` when absent.
    pub fn locate(&self, path: &str) -> Option<Location> {
        self.index().locate(&self.path, &self.text, path)
    }

    /// Location of the key of a dotted path (for "unknown" or "unused" keys).
    pub fn locate_key(&self, path: &str) -> Option<Location> {
        self.index().locate_key(&self.path, &self.text, path)
    }

    /// Location of `path` or, when it is absent, of its nearest present ancestor (a
    /// missing field is reported at the section that should hold it).
    pub fn locate_nearest(&self, path: &str) -> Option<Location> {
        self.index().locate_nearest(&self.path, &self.text, path)
    }

    /// The position index of the text, made on first use.
    fn index(&self) -> &PositionIndex {
        self.index.get_or_init(|| PositionIndex::build(&self.text))
    }

    /// Where `compose` keeps the template context made from this spec.
    pub(crate) fn template_values(&self) -> &std::sync::OnceLock<serde_json::Value> {
        &self.template_values
    }
}

/// Parses and checks a spec. `path` is used only in diagnostics, exactly as given.
/// On failure, every diagnostic found (errors, and warnings found alongside them).
pub fn load(path: &str, text: &str) -> Result<SpecFile, Vec<Diagnostic>> {
    let blank = text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    });
    if blank {
        return Err(vec![
            Diagnostic::error("the spec is empty")
                .at(Location::in_source(path, text, 1, 1))
                .with_help("run `rfx init` to write a commented starter spec"),
        ]);
    }
    if let Some(d) = super::chars::check_raw(path, text) {
        return Err(vec![d]);
    }
    // The typed spec (serde_yaml) is read first when libyaml can read the text in about
    // linear time. A text that may hold anchors or aliases also gets the position index
    // (saphyr) at once, which bounds their expansion; one without them that reads
    // cleanly needs no index until a value is located. Any other text is checked by the
    // index first, and the typed result is used only once the index has found it safe
    // and well formed.
    let (index, typed) = if !read_at_once(text) {
        (PositionIndex::build(text), None)
    } else if may_hold_anchors(text) {
        let (index, typed) = rayon::join(
            || PositionIndex::build(text),
            || serde_yaml::from_str::<Spec>(text),
        );
        (index, Some(typed))
    } else {
        match serde_yaml::from_str::<Spec>(text) {
            Ok(spec) => return checked(path, text, spec, Vec::new(), None),
            Err(e) => (PositionIndex::build(text), Some(Err(e))),
        }
    };
    if let Some(span) = index.expansion_overflow() {
        return Err(vec![alias_bomb().at(span_location(path, text, span))]);
    }
    if let Some(span) = index.too_deep() {
        return Err(vec![
            Diagnostic::error(format!(
                "the YAML is nested more than {MAX_DEPTH} levels deep"
            ))
            .at(span_location(path, text, span))
            .with_help("a spec needs only a few levels of nesting: check the brackets"),
        ]);
    }
    if let Some(span) = index.second_document() {
        return Err(vec![
            Diagnostic::error("the spec holds more than one YAML document")
                .at(span_location(path, text, span))
                .with_help("a spec is one YAML document: remove this `---` and what follows, or split the file"),
        ]);
    }
    let mut diagnostics = index.duplicate_key_errors(path, text);
    if index.has_syntax_error() {
        // A syntax error: report it in libyaml's words (the parser serde uses), before
        // any type error serde might meet first.
        if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
            diagnostics.push(locate_second_document(
                from_serde(path, text, &index, &e),
                path,
                text,
            ));
            return Err(diagnostics);
        }
    }
    let typed = typed.unwrap_or_else(|| serde_yaml::from_str::<Spec>(text));
    let spec = match typed {
        Ok(spec) => Some(spec),
        Err(e) => {
            let d = locate_second_document(from_serde(path, text, &index, &e), path, text);
            // serde's own duplicate-field error is already reported, better located.
            let duplicate =
                d.message.starts_with("duplicate field") || d.message.starts_with("duplicate key");
            if !duplicate || diagnostics.is_empty() {
                diagnostics.push(d);
            }
            None
        }
    };
    diagnostics.extend(super::chars::check_values(path, text, &index));
    let Some(spec) = spec else {
        return Err(diagnostics);
    };
    checked(path, text, spec, diagnostics, Some(index))
}

/// The loaded spec after the semantic checks, with the diagnostics found so far (an
/// `index` already made is kept).
fn checked(
    path: &str,
    text: &str,
    spec: Spec,
    mut diagnostics: Vec<Diagnostic>,
    index: Option<PositionIndex>,
) -> Result<SpecFile, Vec<Diagnostic>> {
    let mut file = SpecFile {
        path: path.to_string(),
        text: text.to_string(),
        stage: spec.stage(),
        spec,
        warnings: Vec::new(),
        index: index.map(std::sync::OnceLock::from).unwrap_or_default(),
        template_values: std::sync::OnceLock::new(),
    };
    if file.index.get().is_none() && text.contains('\\') {
        diagnostics.extend(super::chars::check_values(path, text, file.index()));
    }
    diagnostics.extend(validate::check(&file));
    sort(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    file.warnings = diagnostics;
    Ok(file)
}

/// Whether `text` may hold a YAML anchor (`&name`) or alias (`*name`): an `&` or `*`
/// where a node can start, followed by a name. Conservative: `*emphasis*` in a value
/// counts too.
fn may_hold_anchors(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        (b == b'&' || b == b'*')
            && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'[' | b'{' | b','))
            && bytes
                .get(i + 1)
                .is_some_and(|n| !matches!(n, b' ' | b'\t' | b'\n' | b'\r'))
    })
}

/// The most `[`/`{` bytes times text length for which a spec is read by libyaml before
/// the position index has checked its depth. libyaml's time grows with the depth of
/// flow nesting times the length (200,000 nested brackets take minutes), and the
/// depth is at most the number of `[` and `{` bytes, so this bounds its time to tens
/// of milliseconds; the examples use under a tenth of it.
const READ_AT_ONCE_BUDGET: usize = 20_000_000;

/// Whether libyaml may read `text` while the index is built (see
/// [`READ_AT_ONCE_BUDGET`]).
fn read_at_once(text: &str) -> bool {
    let openers = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    openers.saturating_mul(text.len()) <= READ_AT_ONCE_BUDGET
}

/// libyaml reads a top-level scalar followed by a mapping as two documents and says so
/// without a position: point at the line where the second one starts.
fn locate_second_document(d: Diagnostic, path: &str, text: &str) -> Diagnostic {
    if d.location.as_ref().is_some_and(|l| l.line > 0)
        || !d.message.contains("more than one document")
    {
        return d;
    }
    let content = |l: &&str| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    };
    let mut lines = text.lines().enumerate().filter(|(_, l)| content(l));
    let first = lines.next();
    match lines.find(|(_, l)| !l.starts_with(' ')) {
        Some((i, _)) if first.is_some() => {
            let first = first.map_or(0, |(n, _)| n + 1);
            Diagnostic {
                location: Some(Location::in_source(path, text, i + 1, 1)),
                help: Some(format!(
                    "line {first} is a value on its own, so YAML starts a second document here: \
                     a spec is one mapping of `key: value` lines"
                )),
                ..d
            }
        }
        _ => d,
    }
}

/// Orders diagnostics by position (file-level first), keeping check order for ties.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
}

fn alias_bomb() -> Diagnostic {
    Diagnostic::error(format!(
        "the YAML aliases in this file expand to more than {MAX_EXPANDED_NODES} values"
    ))
    .with_note("aliases (`*name`) that repeat anchors (`&name`) many times over grow exponentially (an \"alias bomb\")")
    .with_help("write the values out instead of nesting aliases")
}

/// Turns a serde_yaml error into a diagnostic: bare message, location, help.
fn from_serde(path: &str, text: &str, index: &PositionIndex, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    let location = e
        .location()
        .map(|l| Location::in_source(path, text, l.line(), l.column()));
    // Strip the " at line L column C" that serde_yaml appends.
    let (mut message, context) = match e.location() {
        Some(l) => {
            let suffix = format!(" at line {} column {}", l.line(), l.column());
            match full.find(&suffix) {
                Some(i) => (
                    full[..i].to_string(),
                    full[i + suffix.len()..]
                        .trim_start_matches(", ")
                        .to_string(),
                ),
                None => (full.clone(), String::new()),
            }
        }
        None => (full.clone(), String::new()),
    };
    // serde_yaml prefixes messages with the path of the value: "contract.payment_days: ".
    let mut value_path = None;
    if let Some((prefix, rest)) = message.split_once(": ")
        && !prefix.is_empty()
        && !prefix.contains(char::is_whitespace)
    {
        value_path = Some(prefix.to_string());
        message = rest.to_string();
    }
    // serde_yaml places some errors at the enclosing mapping; the index knows the
    // scalar the path names.
    let raw_location = location.clone();
    let location = match value_path.as_deref().and_then(|p| {
        index
            .get(p)
            .filter(|e| e.kind == NodeKind::Scalar)
            .map(|_| p)
    }) {
        Some(p) => index.locate(path, text, p),
        None => location.map(value_width),
    };
    let (message, mut help) = match message.split_once(HELP_SEPARATOR) {
        Some((m, h)) => (m.to_string(), Some(h.to_string())),
        None => (message, None),
    };
    let mut d;
    if message == "repetition limit exceeded" {
        return alias_bomb().in_file(path);
    }
    if message == "recursion limit exceeded" {
        d = Diagnostic::error("the YAML is nested too deeply")
            .with_help("a spec needs only a few levels of nesting");
        return match location {
            Some(loc) => d.at(loc),
            None => d.in_file(path),
        };
    }
    if let Some(field) = backticked(&message).first().cloned()
        && (message.starts_with("unknown field") || message.starts_with("unknown variant"))
    {
        let candidates = backticked(&message);
        let expected: Vec<&str> = candidates[1..].iter().map(String::as_str).collect();
        let is_field = message.starts_with("unknown field");
        let what = if is_field { "field" } else { "value" };
        d = Diagnostic::error(format!("unknown {what} `{field}`"));
        if !is_field && !expected.is_empty() {
            d = d.with_note(format!(
                "expected one of {}",
                expected
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let elsewhere = if is_field {
            sections_with_field(&field, value_path.as_deref().unwrap_or(""))
        } else {
            Vec::new()
        };
        help = Some(match suggest(&field, expected.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if !elsewhere.is_empty() => {
                let places: Vec<String> = elsewhere.iter().map(|p| format!("`{p}`")).collect();
                let here = value_path
                    .as_deref()
                    .map_or("at the top level".to_string(), |p| format!("in `{p}`"));
                format!(
                    "`{field}` is not a field {here}; it belongs under {}",
                    join_or(&places)
                )
            }
            None if expected.is_empty() => format!("this section has no {what}s"),
            None => format!(
                "expected one of {}",
                expected
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        if let Some(loc) = location {
            d = d.at(loc.with_width(field.chars().count()));
        }
    } else if let Some(field) = message.strip_prefix("missing field ") {
        let field = field.trim_matches('`');
        let section = value_path.as_deref().unwrap_or("");
        d = if section.is_empty() {
            Diagnostic::error(format!("missing field `{field}`"))
                .with_help(format!("add `{field}:` at the top level of the spec"))
        } else {
            Diagnostic::error(format!("missing field `{field}` in `{section}`"))
                .with_help(format!("add `{field}:` under `{section}`"))
        };
        // Point at the section's key rather than at its first entry.
        let loc = index
            .locate_key(path, text, section)
            .filter(|_| !section.is_empty())
            .or(location);
        d = match loc {
            Some(loc) => d.at(loc),
            None => d.in_file(path),
        };
        return d;
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let what = value_path
            .as_deref()
            .map_or(String::new(), |p| format!(" for `{p}`"));
        d = Diagnostic::error(format!(
            "wrong type{what}: expected {}, found {}",
            describe_expected(expected),
            describe_found(found)
        ));
        // The scalar as written, for a help line that can be copied.
        let written = location.as_ref().and_then(|l| {
            let line = l.source_line.as_deref()?;
            let text: String = line.chars().skip(l.column - 1).take(l.width).collect();
            Some(text)
        });
        if help.is_none() {
            help = type_help(expected, written.as_deref());
        }
        if let Some(loc) = location {
            d = d.at(loc);
        }
    } else if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let what = value_path
            .as_deref()
            .map_or(String::new(), |p| format!(" for `{p}`"));
        d = Diagnostic::error(format!(
            "invalid value{what}: expected {}, found {}",
            describe_expected(expected),
            describe_found(found)
        ));
        if let Some(loc) = location {
            d = d.at(loc);
        }
    } else {
        d = Diagnostic::error(message.clone());
        if help.is_none() {
            help = syntax_help(&message).map(str::to_string);
        }
        if !context.is_empty() {
            d = d.with_note(context);
        }
        // Syntax errors carry no path: the caret marks the exact character.
        let loc = if value_path.is_some() {
            location
        } else {
            raw_location
        };
        d = match loc {
            Some(loc) => d.at(loc),
            None => d.in_file(path),
        };
    }
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
}

/// Where else in the spec a field of this name exists (dotted section paths, list
/// items written `list[]`), found by walking the JSON Schema; `current` is left out.
fn sections_with_field(field: &str, current: &str) -> Vec<String> {
    fn walk(
        schema: &serde_json::Value,
        root: &serde_json::Value,
        path: &str,
        depth: usize,
        field: &str,
        out: &mut Vec<String>,
    ) {
        if depth > 8 {
            return;
        }
        if let Some(target) = schema.get("$ref").and_then(|r| r.as_str()) {
            if let Some(def) = target
                .strip_prefix("#/")
                .and_then(|p| root.pointer(&format!("/{p}")))
            {
                walk(def, root, path, depth + 1, field, out);
            }
            return;
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for alt in schema
                .get(key)
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
            {
                walk(alt, root, path, depth + 1, field, out);
            }
        }
        if let Some(items) = schema.get("items") {
            walk(items, root, &format!("{path}[]"), depth + 1, field, out);
        }
        if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            walk(values, root, &format!("{path}.<id>"), depth + 1, field, out);
        }
        if let Some(props) = schema.get("properties").and_then(|v| v.as_object()) {
            for (name, sub) in props {
                let sub_path = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                if name == field && !out.contains(&path.to_string()) {
                    out.push(path.to_string());
                }
                walk(sub, root, &sub_path, depth + 1, field, out);
            }
        }
    }
    let Ok(root) = serde_json::from_str::<serde_json::Value>(&super::json_schema()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&root, &root, "", 0, field, &mut out);
    // serde_yaml writes list items as `list[3]`; compare without the index.
    let current = normalise_indices(current);
    out.retain(|p| !p.is_empty() && *p != current);
    out
}

/// `requirements[3].weight` → `requirements[].weight`.
fn normalise_indices(path: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            c => out.push(c),
        }
    }
    out
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Words in backticks, in order.
fn backticked(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Widens a location to the plain scalar starting there (up to a comment, `,`, `]`, `}`).
fn value_width(loc: Location) -> Location {
    let Some(line) = loc.source_line.clone() else {
        return loc;
    };
    let rest: String = line.chars().skip(loc.column - 1).collect();
    let end = rest
        .find([',', ']', '}', '#'])
        .map_or(rest.as_str(), |i| &rest[..i])
        .trim_end();
    let width = end.chars().count();
    loc.with_width(width)
}

fn describe_expected(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)".to_string(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_string(),
        "f32" | "f64" => "a number".to_string(),
        "a boolean" | "bool" => "`true` or `false`".to_string(),
        "a sequence" => "a list".to_string(),
        "a string" => "text".to_string(),
        e if e.starts_with("struct ") || e.starts_with("a map") => {
            "a mapping of fields (`key: value` lines)".to_string()
        }
        e if e.starts_with("enum ") => "one of the allowed values".to_string(),
        "" => "another type".to_string(),
        e => e.to_string(),
    }
}

fn describe_found(found: &str) -> String {
    match found {
        "sequence" => "a list".to_string(),
        "map" => "a mapping".to_string(),
        "unit value" => "nothing (an empty value)".to_string(),
        f => f
            .replace("string ", "text ")
            .replace("integer ", "the number "),
    }
}

/// A hint for a yes/no word where a boolean is expected.
fn type_help(expected: &str, written: Option<&str>) -> Option<String> {
    if expected != "a boolean" {
        return None;
    }
    let word = written.unwrap_or("").to_ascii_lowercase();
    Some(match word.as_str() {
        "yes" | "y" | "on" => "write `true`".to_string(),
        "no" | "n" | "off" => "write `false`".to_string(),
        _ => "write `true` or `false`".to_string(),
    })
}

/// A hint for the libyaml syntax errors people meet most.
fn syntax_help(message: &str) -> Option<&'static str> {
    if message.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted, e.g. title: \"Phase 1: transition\"")
    } else if message.contains("tab character") || message.contains("cannot start any token") {
        Some("indent with spaces: YAML does not allow tabs for indentation")
    } else if message.contains("did not find expected key") {
        Some("check the indentation of this line against the lines above it")
    } else if message.contains("did not find expected ',' or ']'")
        || message.contains("did not find expected ',' or '}'")
    {
        Some("a `[` or `{` list is not closed, or an item in it needs quotes")
    } else if message.contains("found unexpected end of stream") {
        Some("a quoted string or bracket is not closed")
    } else if message.contains("more than one document") {
        Some("a spec is one YAML document: remove the `---` separator")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../examples/service-desk.yaml");

    fn only_error(from: &str, to: &str) -> Diagnostic {
        assert!(EXAMPLE.contains(from), "not in the example: {from}");
        let Err(mut ds) = load("x.yaml", &EXAMPLE.replacen(from, to, 1)) else {
            panic!("`{to}` loaded without errors");
        };
        assert_eq!(ds.len(), 1, "{ds:?}");
        ds.remove(0)
    }

    #[test]
    fn locate_finds_values_keys_and_list_items() {
        let file = load("examples/service-desk.yaml", EXAMPLE).unwrap();
        let loc = file.locate("contract.governing_law").unwrap();
        assert_eq!(loc.file, "examples/service-desk.yaml");
        assert_eq!(loc.source_line.as_deref(), Some("  governing_law: ie"));
        assert_eq!((loc.column, loc.width), (18, 2));
        let loc = file.locate("requirements[3].id").unwrap();
        assert_eq!(loc.source_line.as_deref(), Some("  - id: SEC-01"));
        let loc = file.locate("questionnaire.sets[3].version").unwrap();
        assert!(loc.source_line.unwrap().contains("data-privacy"));
        let key = file.locate_key("nda.courts").unwrap();
        assert_eq!((key.column, key.width), (3, 6));
        assert!(file.locate("nda.discloser").is_none());
        assert_eq!(
            file.locate_nearest("nda.discloser").unwrap().line,
            key.line - 10
        );
    }

    #[test]
    fn unknown_fields_suggest_the_nearest_name() {
        let d = only_error(
            "  governing_law: ie\n  courts: Ireland\n\n# ---",
            "  goverming_law: ie\n  courts: Ireland\n\n# ---",
        );
        assert_eq!(d.message, "unknown field `goverming_law`");
        assert_eq!(d.help.as_deref(), Some("did you mean `governing_law`?"));
        let loc = d.location.unwrap();
        assert_eq!((loc.column, loc.width), (3, 13));
        // A field of another section: say where it belongs.
        let d = only_error("spec_version: 1", "spec_version: 1\ngoverning_law: Ireland");
        assert_eq!(
            d.help.as_deref(),
            Some(
                "`governing_law` is not a field at the top level; it belongs under `contract` or `nda`"
            )
        );
        let d = only_error(
            "    priority: mandatory",
            "    priority: mandatory\n    knockout: true",
        );
        assert_eq!(
            d.help.as_deref(),
            Some(
                "`knockout` is not a field in `requirements[0]`; it belongs under `questionnaire.questions[]`"
            )
        );
        // Far from every name: list them.
        let d = only_error("  paper: a4", "  colour: blue\n  paper: a4");
        assert_eq!(
            d.help.as_deref(),
            Some("expected one of `paper`, `language`, `theme`")
        );
    }

    #[test]
    fn type_errors_name_the_field_and_the_expected_type() {
        let d = only_error("payment_days: 30", "payment_days: thirty");
        assert_eq!(
            d.message,
            "wrong type for `contract.payment_days`: expected a whole number (0 or more), found text \"thirty\""
        );
        let loc = d.location.unwrap();
        assert_eq!((loc.column, loc.width), (17, 6));
        let d = only_error("  budget_disclosed: false", "  budget_disclosed: yes");
        assert_eq!(d.help.as_deref(), Some("write `true`"));
        // Unquoted numbers in text fields are kept exactly as written.
        let text = EXAMPLE.replacen("registration_id: \"648213\"", "registration_id: 0648213", 1);
        let file = load("x.yaml", &text).unwrap_or_else(|_| panic!("did not load"));
        assert_eq!(
            file.spec.parties.buyer.registration_id.as_deref(),
            Some("0648213")
        );
        let d = only_error("  budget_disclosed: false", "  budget_disclosed: maybe");
        assert!(
            d.message.contains("expected `true` or `false`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn bad_values_keep_their_help() {
        let d = only_error("issue_date: 2027-01-11", "issue_date: 2027-02-30");
        assert_eq!(d.message, "2027-02-30 is not a valid date");
        assert_eq!(
            d.help.as_deref(),
            Some("February 2027 has 28 days; dates are written YYYY-MM-DD")
        );
        let d = only_error("    target: 99.8", "    target: 199.8");
        assert_eq!(d.message, "199.8 is not a percentage between 0 and 100");
        assert_eq!(d.location.unwrap().width, 5);
        let d = only_error(
            "- {id: company-profile, version: \"^2\"}",
            "- {id: company-profile, version: \"^^1\"}",
        );
        assert!(
            d.message.starts_with("`^^1` is not a version requirement"),
            "{}",
            d.message
        );
    }

    #[test]
    fn syntax_errors_point_at_the_character() {
        let d = only_error(
            "  title: Managed IT Service Desk Services",
            "  title: [Managed IT",
        );
        let loc = d.location.unwrap();
        assert_eq!(loc.width, 1);
        assert!(d.help.is_some());
    }

    #[test]
    fn non_mapping_documents_are_rejected() {
        let ds = load("x.yaml", "- a\n- b\n").unwrap_err();
        assert_eq!(
            ds[0].message,
            "wrong type: expected a mapping of fields (`key: value` lines), found a list"
        );
        let ds = load("x.yaml", "---\na: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(ds[0].message, "the spec holds more than one YAML document");
        assert_eq!(ds[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn all_semantic_errors_come_in_one_run_in_line_order() {
        let text = EXAMPLE
            .replacen(
                "answers_published: 2027-02-05",
                "answers_published: 2027-01-05",
                1,
            )
            .replacen("      percent: 20", "      percent: 10", 1)
            .replacen("direction: mutual", "direction: one_way", 1);
        let ds = load("x.yaml", &text).unwrap_err();
        let lines: Vec<usize> = ds
            .iter()
            .map(|d| d.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(ds.len(), 3, "{ds:?}");
        assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    }

    #[test]
    fn duplicate_keys_in_maps_are_errors() {
        let text = EXAMPLE.replacen(
            "clauses: {}",
            "clauses:\n  confidentiality: {version: \"^1\"}\n  confidentiality: {version: \"^2\"}",
            1,
        );
        let ds = load("x.yaml", &text).unwrap_err();
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(ds[0].message, "duplicate key `confidentiality`");
    }

    #[test]
    fn damaged_specs_give_diagnostics_not_panics() {
        let boundaries: Vec<usize> = EXAMPLE
            .char_indices()
            .map(|(i, _)| i)
            .step_by(347)
            .collect();
        for (n, &i) in boundaries.iter().enumerate() {
            // Truncated anywhere.
            if let Err(ds) = load("t.yaml", &EXAMPLE[..i]) {
                assert!(!ds.is_empty());
                for d in &ds {
                    let _ = d.to_string();
                }
            }
            // One character replaced by YAML punctuation.
            let punct = [':', '[', '{', '-', '&', '*', '\t', '"', '|', '#'][n % 10];
            let mut damaged = String::from(&EXAMPLE[..i]);
            damaged.push(punct);
            damaged.push_str(&EXAMPLE[i..].chars().skip(1).collect::<String>());
            if let Err(ds) = load("d.yaml", &damaged) {
                assert!(ds.iter().any(Diagnostic::is_error));
                for d in &ds {
                    let _ = d.to_string();
                }
            }
        }
    }

    #[test]
    fn serde_repetition_limit_is_reported_against_the_file() {
        // Small enough for the index, too many alias jumps for serde_yaml.
        let mut text = String::from("a: &a [x, x, x, x]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g"];
        for (prev, name) in names.iter().zip(&names[1..]) {
            let refs = vec![format!("*{prev}"); 4].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let index = PositionIndex::build(&text);
        assert!(index.expansion_overflow().is_none());
        let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
            panic!("serde_yaml accepted the aliases");
        };
        let d = from_serde("b.yaml", &text, &index, &e);
        assert!(d.message.contains("expand to more than"), "{d:?}");
        assert_eq!(d.location.unwrap().line, 0);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("spec_version: 1\nengagement: {}\n", "[".repeat(50_000));
        let ds = load("deep.yaml", &text).unwrap_err();
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].message, "the YAML is nested more than 64 levels deep");
        assert_eq!(ds[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn a_clean_spec_without_anchors_makes_its_index_only_to_locate() {
        let file = load("x.yaml", EXAMPLE).unwrap();
        assert!(file.index.get().is_none());
        assert!(file.locate("engagement.title").is_some());
        assert!(file.index.get().is_some());
    }

    #[test]
    fn anchors_are_told_from_ampersands_and_asterisks_in_text() {
        assert!(may_hold_anchors("a: &base {x: 1}\nb: *base\n"));
        assert!(may_hold_anchors("- *item\n"));
        assert!(may_hold_anchors("a: [*x]\n"));
        assert!(!may_hold_anchors("name: Smith & Co\nnote: 5 * 3\n"));
        assert!(!may_hold_anchors("url: a&b=c\nglob: x*y\n"));
        // Conservative: emphasis in a value takes the indexed path, which is correct too.
        assert!(may_hold_anchors("note: *important*\n"));
    }

    #[test]
    fn deep_brackets_wait_for_the_index_and_examples_do_not() {
        // libyaml would take minutes over 200,000 nested brackets: the index refuses
        // them before libyaml sees them.
        let deep = format!("a: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
        assert!(!read_at_once(&deep));
        let ds = load("deep.yaml", &deep).unwrap_err();
        assert_eq!(ds[0].message, "the YAML is nested more than 64 levels deep");
        for example in [
            EXAMPLE,
            include_str!("../../examples/laptop-purchase.yaml"),
            include_str!("../../examples/cloud-migration.yaml"),
            include_str!("../../examples/service-desk-award.yaml"),
        ] {
            assert!(read_at_once(example));
        }
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut text = String::from(
            "spec_version: 1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        );
        for i in 1..30 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            text.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
        }
        let ds = load("bomb.yaml", &text).unwrap_err();
        assert_eq!(ds.len(), 1);
        assert!(ds[0].message.contains("expand to more than"), "{:?}", ds[0]);
    }
}
