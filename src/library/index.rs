//! The release index (`clauses/index.lock`) and `rfx library check`.
//!
//! A released file (status `approved` or `deprecated`) must never change its wording.
//! The index records the SHA-256 of every released member, one line each:
//!
//! ```text
//! clause limitation-of-liability@2.0.0 fallback default 9f2c…
//! question-set information-security@1.0.0 41aa…
//! ```
//!
//! [`check`] compares the library with the index, reports every broken rule as a
//! located diagnostic, and returns the index with new releases appended (the CLI writes
//! it back when the check passes).

use super::select::known_jurisdictions;
use super::{Clause, Library, QuestionSet, Status, locate_key_in};
use crate::diag::{Diagnostic, Location, suggest};
use serde_json::Value;
use std::collections::BTreeMap;

/// The index file's path inside a library folder.
pub const INDEX_PATH: &str = "clauses/index.lock";

const HEADER: &str = "# rfx library index: the SHA-256 of the wording of every released clause and question set.\n\
# `rfx library check` appends new releases. A line never changes: a new wording is a new version.\n";

/// One recorded release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// `clause …` or `question-set …` key (everything but the hash).
    pub key: String,
    /// SHA-256 of the wording.
    pub sha256: String,
    /// 1-based line in the index file.
    pub line: usize,
}

/// The parsed index.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Display path.
    pub path: String,
    /// The text as read.
    pub text: String,
    /// Entries by key.
    pub entries: BTreeMap<String, IndexEntry>,
}

/// The index key of a clause file: `clause id@version variant jurisdictions`.
pub fn clause_key(c: &Clause) -> String {
    let mut j = c.meta.jurisdictions.clone();
    j.sort();
    format!(
        "clause {}@{} {} {}",
        c.meta.id,
        c.meta.version,
        c.meta.variant,
        j.join("+")
    )
}

/// The index key of a question set: `question-set id@version`.
pub fn set_key(q: &QuestionSet) -> String {
    format!("question-set {}@{}", q.id, q.version)
}

impl Index {
    /// Parses index text; malformed lines are located diagnostics.
    pub fn parse(path: &str, text: &str) -> Result<Index, Vec<Diagnostic>> {
        let mut index = Index {
            path: path.into(),
            text: text.into(),
            entries: BTreeMap::new(),
        };
        let mut diags = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = Location::in_source(path, text, i + 1, 1).with_width(line.chars().count());
            let Some((key, hash)) = line.rsplit_once(' ') else {
                diags.push(Diagnostic::error("malformed index line").at(at));
                continue;
            };
            let words = key.split(' ').count();
            let well_formed = match key.split(' ').next() {
                Some("clause") => words == 4,
                Some("question-set") => words == 2,
                _ => false,
            };
            if !well_formed || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                diags.push(
                    Diagnostic::error("malformed index line")
                        .at(at)
                        .with_help("lines read `clause ID@VERSION VARIANT JURISDICTIONS SHA256` or `question-set ID@VERSION SHA256`"),
                );
                continue;
            }
            let entry = IndexEntry {
                key: key.to_string(),
                sha256: hash.to_ascii_lowercase(),
                line: i + 1,
            };
            if let Some(old) = index.entries.insert(key.to_string(), entry) {
                diags.push(
                    Diagnostic::error(format!(
                        "`{key}` is recorded twice (first on line {})",
                        old.line
                    ))
                    .at(at),
                );
            }
        }
        if diags.is_empty() {
            Ok(index)
        } else {
            Err(diags)
        }
    }

    /// The text with `new` entries appended (existing lines are kept byte for byte).
    pub fn with_appended(&self, new: &[(String, String)]) -> String {
        let mut out = if self.text.trim().is_empty() {
            HEADER.to_string()
        } else {
            self.text.clone()
        };
        if !out.ends_with('\n') {
            out.push('\n');
        }
        for (key, hash) in new {
            out.push_str(&format!("{key} {hash}\n"));
        }
        out
    }
}

/// What `rfx library check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every problem (errors fail the check).
    pub diagnostics: Vec<Diagnostic>,
    /// Releases not yet in the index: (key, sha256), sorted.
    pub new_releases: Vec<(String, String)>,
    /// How many released files matched their recorded hash.
    pub verified: usize,
}

impl CheckReport {
    /// Whether the check failed.
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks a library against its index and the spec schema.
///
/// `others` is consulted too when a deprecation names its replacement (a user library
/// may point at a built-in clause).
pub fn check(library: &Library, index: &Index, schema: &Value, others: &[&Library]) -> CheckReport {
    let mut report = CheckReport::default();
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    let known = known_jurisdictions();
    for members in library.clauses.values() {
        for c in members {
            let key = clause_key(c);
            seen.insert(key.clone(), ());
            let hash = c.text_hash();
            match (index.entries.get(&key), c.meta.status) {
                (Some(e), Status::Draft) => report.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{}` was released (index line {}) but is now a draft",
                        c.member(),
                        e.line
                    ))
                    .at(locate_key_in(&c.source, &c.raw, "status"))
                    .with_help("a release cannot return to draft: deprecate it, and put new wording under a new version"),
                ),
                (Some(e), _) if e.sha256 != hash => report.diagnostics.push(
                    Diagnostic::error(format!(
                        "the released wording of `{}` changed (index line {} records {}, the file now hashes to {})",
                        c.member(),
                        e.line,
                        &e.sha256[..12],
                        &hash[..12]
                    ))
                    .at(Location::in_source(&c.source, &c.raw, c.body_line, 1))
                    .with_help(format!(
                        "restore the released text, and publish the new wording as a new version (e.g. `{}`)",
                        next_patch(c)
                    )),
                ),
                (Some(_), _) => report.verified += 1,
                (None, Status::Draft) => {}
                (None, _) => report.new_releases.push((key, hash)),
            }
            check_clause_rules(c, library, others, schema, known, &mut report.diagnostics);
        }
    }
    for versions in library.question_sets.values() {
        for q in versions {
            let key = set_key(q);
            seen.insert(key.clone(), ());
            let hash = q.text_hash();
            match (index.entries.get(&key), q.status) {
                (Some(e), Status::Draft) => report.diagnostics.push(
                    Diagnostic::error(format!(
                        "question set `{}` was released (index line {}) but is now a draft",
                        q.key(),
                        e.line
                    ))
                    .in_file(&q.source),
                ),
                (Some(e), _) if e.sha256 != hash => report.diagnostics.push(
                    Diagnostic::error(format!(
                        "the released wording of question set `{}` changed (index line {})",
                        q.key(),
                        e.line
                    ))
                    .in_file(&q.source)
                    .with_help(
                        "restore the released text, and publish the change as a new version",
                    ),
                ),
                (Some(_), _) => report.verified += 1,
                (None, Status::Draft) => {}
                (None, _) => report.new_releases.push((key, hash)),
            }
        }
    }
    for (key, e) in &index.entries {
        if !seen.contains_key(key) {
            report.diagnostics.push(
                Diagnostic::error(format!("released `{key}` is missing from the library"))
                    .at(Location::in_source(&index.path, &index.text, e.line, 1)
                        .with_width(key.chars().count()))
                    .with_help("a release stays in the library so old specs rebuild with their lock: restore its file (deprecate it if it should no longer be used)"),
            );
        }
    }
    report.new_releases.sort();
    report
}

fn next_patch(c: &Clause) -> String {
    let mut v = c.meta.version.clone();
    v.patch += 1;
    v.pre = semver::Prerelease::EMPTY;
    format!("{}@{v}", c.meta.id)
}

fn check_clause_rules(
    c: &Clause,
    library: &Library,
    others: &[&Library],
    schema: &Value,
    known: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    for need in &c.meta.needs {
        if let Err(help) = schema_has_path(schema, need) {
            diags.push(
                Diagnostic::error(format!(
                    "`{}` needs `{need}`, which is not a field of the spec",
                    c.key()
                ))
                .at(locate_in(&c.source, &c.raw, "needs", need))
                .with_help(help),
            );
        }
    }
    for j in &c.meta.jurisdictions {
        let in_library = library
            .clauses
            .values()
            .flatten()
            .filter(|o| !std::ptr::eq(*o, c))
            .any(|o| o.serves(j));
        if !known.contains(&j.as_str()) && !in_library {
            let mut d = Diagnostic::warning(format!(
                "jurisdiction `{j}` of `{}` has no fallback rule and no other clause uses it",
                c.member()
            ))
            .at(locate_in(&c.source, &c.raw, "jurisdictions", j));
            if let Some(s) = suggest(j, known.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diags.push(d);
        }
    }
    if let Some(replacement) = c
        .meta
        .deprecated
        .as_ref()
        .and_then(|d| d.replacement.as_ref())
    {
        let (id, version) = match replacement.split_once('@') {
            Some((i, v)) => (i, Some(v)),
            None => (replacement.as_str(), None),
        };
        let exists = std::iter::once(library)
            .chain(others.iter().copied())
            .any(|lib| {
                lib.clauses.get(id).is_some_and(|m| {
                    m.iter().any(|o| {
                        version.is_none_or(|v| o.meta.version.to_string() == v)
                            && o.meta.status != Status::Draft
                    })
                })
            });
        if !exists {
            let available = library.clause_versions(id);
            let help = if available.is_empty() {
                library
                    .suggest_clause(id)
                    .unwrap_or_else(|| format!("there is no clause `{id}`"))
            } else {
                format!(
                    "released versions of `{id}`: {}",
                    available
                        .iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            diags.push(
                Diagnostic::error(format!(
                    "`{}` names replacement `{replacement}`, which is not a released clause",
                    c.key()
                ))
                .at(locate_in(&c.source, &c.raw, "deprecated", replacement))
                .with_help(help),
            );
        }
    }
}

/// Locates `needle` in the front matter after `key:` (the key's line if not found).
fn locate_in(path: &str, text: &str, key: &str, needle: &str) -> Location {
    let key_loc = locate_key_in(path, text, key);
    let start: usize = text
        .split_inclusive('\n')
        .take(key_loc.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let end = text[start..]
        .find("\n---")
        .map_or(text.len(), |e| start + e);
    match text[start..end].find(needle) {
        Some(off) => {
            Location::at_offset(path, text, start + off).with_width(needle.chars().count())
        }
        None => key_loc,
    }
}

/// Whether a dotted path (`contract.liability.general_cap`) names a field in the JSON
/// Schema of the spec. `Err` carries a help text (the nearest field names).
pub fn schema_has_path(schema: &Value, path: &str) -> Result<(), String> {
    if path.starts_with("document.") || path == "document" || path == "question_sets" {
        return Ok(());
    }
    let mut nodes = vec![schema];
    let mut walked = Vec::new();
    for part in path.split('.') {
        let mut next = Vec::new();
        let mut names = Vec::new();
        for node in nodes.iter().flat_map(|n| expand(schema, n, 0)) {
            if let Some(props) = node.get("properties").and_then(Value::as_object) {
                names.extend(props.keys().cloned());
                if let Some(p) = props.get(part) {
                    next.push(p);
                }
            }
            if let Some(extra) = node.get("additionalProperties").filter(|v| v.is_object()) {
                next.push(extra);
            }
            if let Some(items) = node.get("items").filter(|_| part.parse::<usize>().is_ok()) {
                next.push(items);
            }
        }
        if next.is_empty() {
            let at = if walked.is_empty() {
                "the top level".to_string()
            } else {
                format!("`{}`", walked.join("."))
            };
            names.sort();
            names.dedup();
            return Err(match suggest(part, names.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? (under {at})"),
                None if names.is_empty() => format!("{at} has no fields"),
                None => format!("fields under {at}: {}", names.join(", ")),
            });
        }
        walked.push(part);
        nodes = next;
    }
    Ok(())
}

/// A schema node with `$ref`s resolved and `anyOf`/`oneOf`/`allOf` branches flattened.
fn expand<'a>(root: &'a Value, node: &'a Value, depth: usize) -> Vec<&'a Value> {
    if depth > 16 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let target = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| root.pointer(p));
    if let Some(target) = target {
        out.extend(expand(root, target, depth + 1));
    }
    for k in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = node.get(k).and_then(Value::as_array) {
            for b in branches {
                out.extend(expand(root, b, depth + 1));
            }
        }
    }
    out.push(node);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "contract": { "anyOf": [{ "$ref": "#/$defs/Contract" }, { "type": "null" }] },
                "requirements": { "type": "array", "items": { "$ref": "#/$defs/Req" } }
            },
            "$defs": {
                "Contract": { "type": "object", "properties": {
                    "governing_law": { "type": "string" },
                    "liability": { "$ref": "#/$defs/Liability" } } },
                "Liability": { "type": "object", "properties": { "general_cap": { "type": "string" } } },
                "Req": { "type": "object", "properties": { "text": { "type": "string" } } }
            }
        })
    }

    #[test]
    fn walks_refs_and_optional_fields() {
        let s = schema();
        assert!(schema_has_path(&s, "contract.governing_law").is_ok());
        assert!(schema_has_path(&s, "contract.liability.general_cap").is_ok());
        assert!(schema_has_path(&s, "requirements.0.text").is_ok());
        let err = schema_has_path(&s, "contract.governing_lw").unwrap_err();
        assert_eq!(err, "did you mean `governing_law`? (under `contract`)");
        assert!(schema_has_path(&s, "contract.liability.cap.x").is_err());
    }

    #[test]
    fn crlf_and_non_ascii_front_matter_is_located_without_panicking() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("clauses/x");
        std::fs::create_dir_all(&c).unwrap();
        let text = "---\r\nid: x\r\nversion: 1.0.0\r\ntitle: Haftung – Übersicht\r\nstatus: deprecated\r\ndeprecated: {reason: \"alt\", replacement: \"y@2.0.0\"}\r\nneeds: [nda.zweck]\r\n---\r\nText.\r\n";
        std::fs::write(c.join("1.0.0.md"), text).unwrap();
        let (lib, diags) = Library::dir_for_check(dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        let report = check(&lib, &Index::default(), &schema(), &[]);
        let lines: Vec<usize> = report
            .diagnostics
            .iter()
            .map(|d| d.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, [7, 6], "{:?}", report.diagnostics);
    }

    #[test]
    fn index_round_trips_and_rejects_bad_lines() {
        let text = format!("# x\nclause a@1.0.0 preferred default {}\n", "0".repeat(64));
        let idx = Index::parse("i", &text).unwrap();
        assert_eq!(idx.entries["clause a@1.0.0 preferred default"].line, 2);
        let more = idx.with_appended(&[("question-set q@1.0.0".into(), "1".repeat(64))]);
        assert!(more.starts_with(&text));
        assert_eq!(Index::parse("i", &more).unwrap().entries.len(), 2);
        let bad = Index::parse("i", "clause a@1 zz\n").unwrap_err();
        assert_eq!(bad[0].location.as_ref().unwrap().line, 1);
    }
}
