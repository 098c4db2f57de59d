//! The lockfile (`<spec>.lock`): the exact library texts each document of a spec used.
//!
//! It is a small, sorted subset of TOML, one line per clause or question set, so it
//! reads well in a review and diffs cleanly:
//!
//! ```text
//! version = 1
//!
//! [msa.clauses]
//! limitation-of-liability = { version = "2.0.0", variant = "preferred", jurisdiction = "default", sha256 = "…" }
//!
//! [msa.question_sets]
//! information-security = { version = "1.0.0", sha256 = "…" }
//! ```
//!
//! Rendering is deterministic (sorted by document, then id), so the same selection
//! always gives the same bytes.

use super::select::Locked;
use crate::diag::{Diagnostic, Location};
use crate::doc::DocumentKind;
use semver::Version;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The lockfile format version this rfx writes and reads.
pub const LOCKFILE_VERSION: u32 = 1;

/// What one document used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentLock {
    /// Clauses by id.
    pub clauses: BTreeMap<String, Locked>,
    /// Question sets by id.
    pub question_sets: BTreeMap<String, Locked>,
}

/// A whole lockfile: per document kind, what it used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lockfile {
    /// Display path of the file it was read from (empty for a new lock).
    pub path: String,
    /// The file's text as read (for locating diagnostics).
    pub text: String,
    /// Per document kind.
    pub documents: BTreeMap<DocumentKind, DocumentLock>,
}

/// The lockfile path of a spec: the spec's path with `.lock` appended.
pub fn lock_path(spec: &Path) -> PathBuf {
    let mut name = spec.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl Lockfile {
    /// Reads the lockfile at `path`; `Ok(None)` when there is none.
    pub fn read(path: &Path) -> Result<Option<Lockfile>, Vec<Diagnostic>> {
        match crate::input::read_text(path) {
            Ok(text) => Lockfile::parse(&path.display().to_string(), &text).map(Some),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(vec![
                e.diagnostic("the lockfile", &path.display().to_string()),
            ]),
        }
    }

    /// Parses lockfile text; every malformed line is a located diagnostic.
    pub fn parse(path: &str, text: &str) -> Result<Lockfile, Vec<Diagnostic>> {
        let mut lock = Lockfile {
            path: path.to_string(),
            text: text.to_string(),
            documents: BTreeMap::new(),
        };
        let mut diags = Vec::new();
        let mut section: Option<(DocumentKind, bool)> = None;
        let mut saw_version = false;
        let help = "the lockfile is written by rfx: regenerate it with `rfx lock SPEC`";
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim();
            let at = |col: usize| Location::in_source(path, text, line_no, col);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let part = match name.split_once('.') {
                    Some((doc, "clauses")) => Some((doc, true)),
                    Some((doc, "question_sets")) => Some((doc, false)),
                    _ => None,
                };
                section = match part.map(|(doc, c)| (doc.parse::<DocumentKind>(), c)) {
                    Some((Ok(kind), is_clause)) => Some((kind, is_clause)),
                    Some((Err(msg), _)) => {
                        diags.push(
                            Diagnostic::error(msg)
                                .at(at(2).with_width(
                                    name.split('.').next().map_or(1, |d| d.chars().count()),
                                ))
                                .with_help(help),
                        );
                        None
                    }
                    None => {
                        diags.push(
                            Diagnostic::error(format!("unknown lockfile section `[{name}]`"))
                                .at(at(1).with_width(raw.trim_end().chars().count()))
                                .with_help(
                                    "sections are `[KIND.clauses]` and `[KIND.question_sets]`",
                                ),
                        );
                        None
                    }
                };
                if let Some((doc, _)) = &section {
                    lock.documents.entry(*doc).or_default();
                }
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                diags.push(
                    Diagnostic::error("malformed lockfile line")
                        .at(at(1))
                        .with_help(help),
                );
                continue;
            };
            let key = key.trim();
            let value = value.trim();
            if key == "version" && section.is_none() {
                saw_version = true;
                if value != LOCKFILE_VERSION.to_string() {
                    diags.push(
                        Diagnostic::error(format!("lockfile version {value} is not supported"))
                            .at(at(raw.find(value).map_or(1, |c| c + 1)))
                            .with_help(format!(
                                "this rfx reads version {LOCKFILE_VERSION}; {help}"
                            )),
                    );
                }
                continue;
            }
            let Some((doc, is_clause)) = &section else {
                diags.push(
                    Diagnostic::error(format!("lock entry `{key}` outside a section"))
                        .at(at(1))
                        .with_help(help),
                );
                continue;
            };
            match parse_entry(value, line_no) {
                Ok(entry) => {
                    let d = lock.documents.entry(*doc).or_default();
                    let map = if *is_clause {
                        &mut d.clauses
                    } else {
                        &mut d.question_sets
                    };
                    if map.insert(key.to_string(), entry).is_some() {
                        diags.push(
                            Diagnostic::error(format!("`{key}` is locked twice in `[{doc}]`"))
                                .at(at(1).with_width(key.chars().count()))
                                .with_help(help),
                        );
                    }
                }
                Err(msg) => diags.push(
                    Diagnostic::error(format!("malformed lock entry `{key}`: {msg}"))
                        .at(at(raw.find('=').map_or(1, |c| c + 3)))
                        .with_help(help),
                ),
            }
        }
        if !saw_version && diags.is_empty() {
            diags.push(
                Diagnostic::error("the lockfile has no `version = 1` line")
                    .at(Location::in_source(path, text, 1, 1))
                    .with_help(help),
            );
        }
        if diags.is_empty() {
            Ok(lock)
        } else {
            Err(diags)
        }
    }

    /// The lock entries of document `kind`, if it has any.
    pub fn document(&self, kind: DocumentKind) -> Option<&DocumentLock> {
        self.documents.get(&kind)
    }

    /// The location of line `line` in the file it was read from.
    pub fn locate(&self, line: usize) -> Location {
        let col = self
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .map_or(1, |l| l.len() - l.trim_start().len() + 1);
        let width = self
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.trim_start().split(' ').next())
            .map_or(1, |k| k.chars().count());
        Location::in_source(&self.path, &self.text, line, col).with_width(width)
    }

    /// The file's text: header comment, `version = 1`, then one section per document
    /// and kind of entry, sorted.
    pub fn render(&self, spec_name: &str) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "# rfx lockfile for {spec_name}: the exact library texts each document used.\n"
        ));
        out.push_str("# `rfx build` honours it; `rfx lock` refreshes it; `rfx outdated` lists newer versions.\n");
        out.push_str(
            "# Keep it under version control next to the spec. Written by rfx: do not edit.\n",
        );
        out.push_str(&format!("version = {LOCKFILE_VERSION}\n"));
        for (kind, doc) in &self.documents {
            if !doc.clauses.is_empty() {
                out.push_str(&format!("\n[{kind}.clauses]\n"));
                for (id, e) in &doc.clauses {
                    out.push_str(&format!(
                        "{id} = {{ version = \"{}\", variant = \"{}\", jurisdiction = \"{}\", sha256 = \"{}\" }}\n",
                        e.version, e.variant, e.jurisdiction, e.sha256
                    ));
                }
            }
            if !doc.question_sets.is_empty() {
                out.push_str(&format!("\n[{kind}.question_sets]\n"));
                for (id, e) in &doc.question_sets {
                    out.push_str(&format!(
                        "{id} = {{ version = \"{}\", sha256 = \"{}\" }}\n",
                        e.version, e.sha256
                    ));
                }
            }
        }
        out
    }

    /// Whether two locks record the same selections (line numbers aside).
    pub fn same_selections(&self, other: &Lockfile) -> bool {
        self.render("") == other.render("")
    }
}

/// Parses `{ version = "…", variant = "…", jurisdiction = "…", sha256 = "…" }`.
fn parse_entry(value: &str, line: usize) -> Result<Locked, String> {
    let inner = value
        .strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .ok_or("expected `{ version = \"…\", sha256 = \"…\" }`")?;
    let mut fields: BTreeMap<&str, &str> = BTreeMap::new();
    for part in inner.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("expected `name = \"value\"`, found `{part}`"))?;
        let v = v
            .trim()
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or_else(|| format!("the value of `{}` must be quoted", k.trim()))?;
        fields.insert(k.trim(), v);
    }
    for k in fields.keys() {
        if !["version", "variant", "jurisdiction", "sha256"].contains(k) {
            return Err(format!("unknown field `{k}`"));
        }
    }
    let version = fields.get("version").ok_or("missing `version`")?;
    let version = Version::parse(version).map_err(|e| format!("version `{version}`: {e}"))?;
    let sha256 = fields.get("sha256").ok_or("missing `sha256`")?;
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("`sha256` must be 64 hex digits".into());
    }
    Ok(Locked {
        version,
        variant: fields
            .get("variant")
            .unwrap_or(&super::PREFERRED)
            .to_string(),
        jurisdiction: fields
            .get("jurisdiction")
            .unwrap_or(&super::DEFAULT_JURISDICTION)
            .to_string(),
        sha256: sha256.to_ascii_lowercase(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(v: &str, line: usize) -> Locked {
        Locked {
            version: Version::parse(v).unwrap(),
            variant: "preferred".into(),
            jurisdiction: "ie".into(),
            sha256: "ab".repeat(32),
            line,
        }
    }

    #[test]
    fn renders_sorted_and_parses_back() {
        let mut lock = Lockfile::default();
        let doc = lock.documents.entry(DocumentKind::Msa).or_default();
        doc.clauses.insert("zeta".into(), entry("1.0.0", 0));
        doc.clauses.insert("alpha".into(), entry("2.1.0", 0));
        doc.question_sets
            .insert("security".into(), entry("1.0.0", 0));
        let text = lock.render("spec.yaml");
        let a = text.find("alpha =").unwrap();
        let z = text.find("zeta =").unwrap();
        assert!(a < z);
        let back = Lockfile::parse("spec.yaml.lock", &text).unwrap();
        assert!(back.same_selections(&lock));
        assert_eq!(back.render("spec.yaml"), text);
        let alpha = &back.documents[&DocumentKind::Msa].clauses["alpha"];
        assert_eq!(alpha.version.to_string(), "2.1.0");
        assert_eq!(alpha.jurisdiction, "ie");
        assert_eq!(
            text.lines().nth(alpha.line - 1).unwrap().split(' ').next(),
            Some("alpha")
        );
    }

    #[test]
    fn malformed_entries_are_located() {
        let text = "version = 1\n\n[msa.clauses]\nx = { version = \"one\", sha256 = \"00\" }\n";
        let d = Lockfile::parse("s.lock", text).unwrap_err();
        let loc = d[0].location.as_ref().unwrap();
        assert_eq!(loc.line, 4);
        assert!(
            d[0].message.contains("malformed lock entry `x`"),
            "{}",
            d[0].message
        );
        assert!(d[0].help.as_deref().unwrap().contains("rfx lock"));
    }

    #[test]
    fn lock_path_appends_lock() {
        assert_eq!(
            lock_path(Path::new("examples/a.yaml")),
            PathBuf::from("examples/a.yaml.lock")
        );
    }
}
