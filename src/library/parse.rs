//! Reading one library file: the front matter of a template or clause, a question set,
//! and diagnostics located at the key or line that is wrong.

use super::{
    Clause, ClauseMeta, Origin, QuestionSet, SourceFile, Status, Template, TemplateMeta,
    is_valid_id,
};
use crate::diag::{Diagnostic, Location, suggest};

/// Splits `---\nYAML\n---\nBODY`; returns (yaml, body, line of body start).
pub(super) fn split_front_matter<'a>(
    file: &'a SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<(&'a str, &'a str, usize)> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        diags.push(
            Diagnostic::error("library file has no front matter")
                .at(Location::in_source(&file.path, text, 1, 1))
                .with_help("start the file with a `---` line, the YAML front matter (id, version, title, status…), and another `---` line"),
        );
        return None;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = yaml.lines().count() + 3;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    diags.push(
        Diagnostic::error("front matter is not closed")
            .at(Location::in_source(&file.path, text, 1, 1))
            .with_help("did you forget the closing `---` line after the front matter?"),
    );
    None
}

/// Turns a serde_yaml error in front matter into a located diagnostic.
pub(super) fn yaml_diagnostic(
    file: &SourceFile,
    err: &serde_yaml::Error,
    line_offset: usize,
) -> Diagnostic {
    let message = err.to_string();
    let short = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    let mut d = Diagnostic::error(format!("invalid front matter: {short}"));
    match err.location() {
        Some(loc) => {
            d = d.at(Location::in_source(
                &file.path,
                &file.text,
                loc.line() + line_offset,
                loc.column(),
            ))
        }
        None => d = d.in_file(&file.path),
    }
    if let Some(hint) = unknown_field_hint(&short) {
        d = d.with_help(hint);
    }
    d
}

/// For serde's "unknown field `x`, expected one of `a`, `b`", suggests the nearest name.
pub fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match suggest(name, candidates.iter().copied()) {
        Some(s) => Some(format!("did you mean `{s}`?")),
        None => Some(format!("valid fields here: {}", candidates.join(", "))),
    }
}

pub(super) fn parse_template(
    file: &SourceFile,
    origin: Origin,
    diags: &mut Vec<Diagnostic>,
) -> Option<Template> {
    let (yaml, body, body_line) = split_front_matter(file, diags)?;
    let meta: TemplateMeta = match serde_yaml::from_str(yaml) {
        Ok(m) => m,
        Err(e) => {
            diags.push(yaml_diagnostic(file, &e, 1));
            return None;
        }
    };
    Some(Template {
        meta,
        body: body.to_string(),
        body_line,
        source: file.path.clone(),
        origin,
    })
}

/// Reads a clause file. `json` is its front matter as JSON when `build.rs` made it (the
/// built-in library): read instead of the YAML, which is read when it is absent or
/// does not fit, so diagnostics are always serde_yaml's.
pub(super) fn parse_clause(
    file: &SourceFile,
    origin: Origin,
    json: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Clause> {
    let (yaml, body, body_line) = split_front_matter(file, diags)?;
    let from_json = json.and_then(|j| serde_json::from_str::<ClauseMeta>(j).ok());
    let meta: ClauseMeta = match from_json.map_or_else(|| serde_yaml::from_str(yaml), Ok) {
        Ok(m) => m,
        Err(e) => {
            diags.push(yaml_diagnostic(file, &e, 1));
            return None;
        }
    };
    let before = diags.len();
    if !is_valid_id(&meta.id) {
        diags.push(
            Diagnostic::error(format!("clause id `{}` is not valid", meta.id))
                .at(locate_key(file, "id"))
                .with_help(
                    "use lower-case letters, digits and dashes, e.g. `limitation-of-liability`",
                ),
        );
    }
    if !is_valid_id(&meta.variant) {
        diags.push(
            Diagnostic::error(format!("variant `{}` is not valid", meta.variant))
                .at(locate_key(file, "variant"))
                .with_help("use lower-case letters, digits and dashes, e.g. `fallback`"),
        );
    }
    if meta.jurisdictions.is_empty() {
        diags.push(
            Diagnostic::error("a clause must serve at least one jurisdiction")
                .at(locate_key(file, "jurisdictions"))
                .with_help("use `jurisdictions: [default]` for wording that fits any law"),
        );
    }
    for j in &meta.jurisdictions {
        if !is_valid_id(j) {
            diags.push(
                Diagnostic::error(format!("jurisdiction `{j}` is not valid"))
                    .at(locate_key(file, "jurisdictions"))
                    .with_help(
                        "use a lower-case ISO 3166 code (`ie`, `de`, `gb`), `eu` or `default`",
                    ),
            );
        }
    }
    if meta.status != Status::Deprecated && meta.deprecated.is_some() {
        diags.push(
            Diagnostic::error(format!(
                "clause `{}@{}` has a `deprecated` note but its status is `{}`",
                meta.id, meta.version, meta.status
            ))
            .at(locate_key(file, "deprecated"))
            .with_help("set `status: deprecated`, or remove the `deprecated` note"),
        );
    }
    if meta.status == Status::Deprecated && meta.deprecated.is_none() {
        diags.push(
            Diagnostic::error(format!(
                "deprecated clause `{}@{}` gives no reason",
                meta.id, meta.version
            ))
            .at(locate_key(file, "status"))
            .with_help("add `deprecated: {reason: \"…\", replacement: \"id@version\"}`"),
        );
    }
    (diags.len() == before).then(|| Clause {
        meta,
        body: body.to_string(),
        body_line,
        source: file.path.clone(),
        origin,
        raw: file.text.clone(),
        hash: super::WordingHash::default(),
    })
}

/// Reads a question set file; `json` as for [`parse_clause`].
pub(super) fn parse_question_set(
    file: &SourceFile,
    json: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<QuestionSet> {
    let from_json = json.and_then(|j| serde_json::from_str::<QuestionSet>(j).ok());
    let mut set: QuestionSet = match from_json.map_or_else(|| serde_yaml::from_str(&file.text), Ok)
    {
        Ok(s) => s,
        Err(e) => {
            let mut d = yaml_diagnostic(file, &e, 0);
            d.message = d
                .message
                .replace("invalid front matter", "invalid question set");
            diags.push(d);
            return None;
        }
    };
    if !is_valid_id(&set.id) {
        diags.push(
            Diagnostic::error(format!("question set id `{}` is not valid", set.id))
                .at(locate_key(file, "id"))
                .with_help("use lower-case letters, digits and dashes"),
        );
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    for q in &set.questions {
        if !seen.insert(q.id.as_str()) {
            diags.push(
                Diagnostic::error(format!("question `{}` appears twice in `{}`", q.id, set.id))
                    .in_file(&file.path),
            );
        }
    }
    set.source = file.path.clone();
    Some(set)
}

/// The location of a top-level `key:` line in a file (or the file's first line).
pub(super) fn locate_key(file: &SourceFile, key: &str) -> Location {
    locate_key_in(&file.path, &file.text, key)
}

/// The location of the value of a top-level `key:` line in `text` (or its first line).
pub fn locate_key_in(path: &str, text: &str, key: &str) -> Location {
    let prefix = format!("{key}:");
    for (i, line) in text.lines().enumerate() {
        if line.starts_with(&prefix) {
            let col = prefix.len() + 1 + line[prefix.len()..].len()
                - line[prefix.len()..].trim_start().len();
            let width = line[col - 1..].trim_end().chars().count();
            return Location::in_source(path, text, i + 1, col).with_width(width);
        }
    }
    Location::in_source(path, text, 1, 1)
}
