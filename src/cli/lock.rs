//! The lockfile side of the command line: `rfx build` honouring and writing
//! `<spec>.lock`, `--locked`, `--explain`, `rfx lock` and `rfx outdated`.

use super::{MessageFormat, Reported, Reporter, load_engine, load_spec};
use crate::build::{BuiltDocument, Engine};
use crate::compose::UsedClause;
use crate::diag::Diagnostic;
use crate::doc::DocumentKind;
use crate::library::lockfile::{DocumentLock, Lockfile, lock_path};
use crate::library::{Library, Status};
use crate::output::{Outcome, write_atomic};
use crate::pack::{Pack, document_lock};
use crate::spec::{SpecFile, VersionRequirement};
use std::path::{Path, PathBuf};

/// The lock state of one `rfx build`: what the lock says, and what the build used.
pub(super) struct LockSession {
    path: PathBuf,
    spec_name: String,
    old: Option<Lockfile>,
    new: Lockfile,
    locked: bool,
    explain: bool,
}

impl LockSession {
    /// Reads `<spec>.lock`. With `--locked` a missing lock is an error.
    pub(super) fn open(
        out: &mut Reporter,
        spec: &Path,
        locked: bool,
        explain: bool,
    ) -> Result<LockSession, Reported> {
        let path = lock_path(spec);
        let old = Lockfile::read(&path).map_err(|d| out.fail(d))?;
        if locked && old.is_none() {
            return Err(out.fail(vec![
                Diagnostic::error(format!(
                    "`--locked` was given but `{}` does not exist",
                    path.display()
                ))
                .in_file(&spec.display().to_string())
                .with_help(format!(
                    "run `rfx lock {}` and commit the lockfile",
                    spec.display()
                )),
            ]));
        }
        let new = old.clone().unwrap_or_default();
        Ok(LockSession {
            spec_name: spec
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            path,
            old,
            new,
            locked,
            explain,
        })
    }

    /// The lock to honour.
    pub(super) fn lock(&self) -> Option<&Lockfile> {
        self.old.as_ref()
    }

    /// Records what each document of a pack used. With `--locked`, a difference from
    /// the lock is an error and `false` tells the caller not to write the pack.
    pub(super) fn record(&mut self, out: &mut Reporter, spec: &SpecFile, pack: &Pack) -> bool {
        let mut docs: Vec<(DocumentKind, Vec<&UsedClause>, Vec<&UsedClause>)> = Vec::new();
        for m in &pack.manifest.clauses {
            let i = match docs.iter().position(|(k, _, _)| *k == m.document) {
                Some(i) => i,
                None => {
                    docs.push((m.document, Vec::new(), Vec::new()));
                    docs.len() - 1
                }
            };
            if m.kind == "question-set" {
                docs[i].2.push(&m.clause);
            } else {
                docs[i].1.push(&m.clause);
            }
        }
        if self.explain {
            for (kind, clauses, sets) in &docs {
                match out.format {
                    MessageFormat::Human => print!("{}", explain(*kind, clauses, sets, spec)),
                    MessageFormat::Json => {
                        for (what, u) in clauses
                            .iter()
                            .map(|c| ("clause", c))
                            .chain(sets.iter().map(|q| ("question-set", q)))
                        {
                            let line = serde_json::json!({
                                "explain": {
                                    "document": kind,
                                    "kind": what,
                                    "id": u.id,
                                    "version": u.version,
                                    "variant": u.variant,
                                    "jurisdiction": u.jurisdiction,
                                    "source": u.source,
                                    "why": u.why,
                                }
                            });
                            println!("{line}");
                        }
                    }
                }
            }
        }
        let mut ok = true;
        for (kind, clauses, sets) in docs {
            let entry = document_lock(clauses.iter().copied(), sets.iter().copied());
            let before = self.old.as_ref().and_then(|l| l.document(kind));
            if self.locked && before != Some(&entry) {
                let mut d = Diagnostic::error(format!(
                    "`--locked`: the lock of `{kind}` would change"
                ))
                .in_file(&self.path.display().to_string())
                .with_help(
                    "run `rfx lock SPEC` (or `rfx build` without `--locked`) and commit the lockfile",
                );
                for c in describe_changes(before, &entry) {
                    d = d.with_note(c);
                }
                out.fail(vec![d]);
                ok = false;
            }
            self.new.documents.insert(kind, entry);
        }
        ok
    }

    /// Writes the lock if it changed and the build succeeded.
    pub(super) fn finish(self, out: &mut Reporter) -> Result<(), Reported> {
        if out.failed || self.locked {
            return Ok(());
        }
        let unchanged = self
            .old
            .as_ref()
            .is_some_and(|old| old.same_selections(&self.new));
        if unchanged {
            return Ok(());
        }
        write_lock(out, &self.path, &self.new, &self.spec_name)
    }
}

fn write_lock(
    out: &mut Reporter,
    path: &Path,
    lock: &Lockfile,
    spec_name: &str,
) -> Result<(), Reported> {
    let outcome = write_atomic(path, lock.render(spec_name).as_bytes()).map_err(|e| {
        out.fail(vec![Diagnostic::error(format!(
            "cannot write `{}`: {e}",
            path.display()
        ))])
    })?;
    if outcome == Outcome::Written {
        out.info(&format!("    wrote {}", path.display()));
    }
    Ok(())
}

/// The lock section of a built document.
pub(super) fn built_lock(built: &BuiltDocument) -> DocumentLock {
    document_lock(&built.clauses, &built.question_sets)
}

/// One line per difference between two lock sections.
fn describe_changes(before: Option<&DocumentLock>, after: &DocumentLock) -> Vec<String> {
    let empty = DocumentLock::default();
    let before = before.unwrap_or(&empty);
    let mut out = Vec::new();
    for (what, old, new) in [
        ("clause", &before.clauses, &after.clauses),
        ("question set", &before.question_sets, &after.question_sets),
    ] {
        for (id, n) in new {
            match old.get(id) {
                None => out.push(format!("{what} `{id}`: new, {}", n.version)),
                Some(o) if o.version != n.version => {
                    out.push(format!("{what} `{id}`: {} → {}", o.version, n.version))
                }
                Some(o) if o.variant != n.variant || o.jurisdiction != n.jurisdiction => {
                    out.push(format!(
                        "{what} `{id}`: {}/{} → {}/{}",
                        o.variant, o.jurisdiction, n.variant, n.jurisdiction
                    ))
                }
                Some(o) if o.sha256 != n.sha256 => {
                    out.push(format!("{what} `{id}`: wording hash changed"))
                }
                Some(_) => {}
            }
        }
        for id in old.keys().filter(|id| !new.contains_key(*id)) {
            out.push(format!("{what} `{id}`: no longer used"));
        }
    }
    out
}

/// The `--explain` report of one document: each clause and question set, the file
/// chosen and why.
fn explain(
    kind: DocumentKind,
    clauses: &[&UsedClause],
    sets: &[&UsedClause],
    spec: &SpecFile,
) -> String {
    let mut s = format!("{kind}:\n");
    let mut line = |u: &UsedClause, what: &str| {
        s.push_str(&format!(
            "  {what} {}@{} ({}/{}) from {}\n",
            u.id, u.version, u.variant, u.jurisdiction, u.source
        ));
        for w in &u.why {
            s.push_str(&format!("      {w}\n"));
        }
    };
    for c in clauses {
        line(c, "clause");
    }
    for q in sets {
        line(q, "question set");
    }
    for (id, choice) in &spec.spec.clauses {
        if choice.exclude {
            s.push_str(&format!(
                "  clause {id}: left out wherever used (`clauses.{id}.exclude`)\n"
            ));
        }
    }
    s
}

/// `rfx lock SPEC`: chooses every clause afresh and rewrites the lockfile.
pub(super) fn lock(
    out: &mut Reporter,
    spec_path: &Path,
    library: &[PathBuf],
) -> Result<(), Reported> {
    let engine = load_engine(out, library)?;
    let spec = load_spec(out, spec_path)?;
    let path = lock_path(spec_path);
    let old = Lockfile::read(&path).unwrap_or(None);
    let mut new = Lockfile::default();
    for kind in Engine::requested_kinds(&spec) {
        match engine.build(&spec, kind, None) {
            Ok(built) => {
                out.emit(&built.warnings);
                let entry = built_lock(&built);
                for c in describe_changes(old.as_ref().and_then(|o| o.document(kind)), &entry) {
                    out.info(&format!("    {kind}: {c}"));
                }
                new.documents.insert(kind, entry);
            }
            Err(d) => {
                out.fail(d);
            }
        }
    }
    if out.failed {
        return Err(Reported);
    }
    let name = spec_path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    write_lock(out, &path, &new, &name)
}

/// `rfx outdated SPEC`: for each clause and question set in use, the newer versions
/// the spec's pins allow (compatible) and those they do not (incompatible).
pub(super) fn outdated(
    out: &mut Reporter,
    spec_path: &Path,
    library: &[PathBuf],
) -> Result<(), Reported> {
    let engine = load_engine(out, library)?;
    let spec = load_spec(out, spec_path)?;
    let lock = Lockfile::read(&lock_path(spec_path)).map_err(|d| out.fail(d))?;
    let mut rows: Vec<[String; 6]> = Vec::new();
    for kind in Engine::requested_kinds(&spec) {
        let built = engine
            .build(&spec, kind, lock.as_ref())
            .map_err(|d| out.fail(d))?;
        for (used, is_set) in built
            .clauses
            .iter()
            .map(|c| (c, false))
            .chain(built.question_sets.iter().map(|q| (q, true)))
        {
            let pin = if is_set {
                spec.spec.questionnaire.as_ref().and_then(|q| {
                    q.sets
                        .iter()
                        .find(|s| s.id == used.id)
                        .and_then(|s| s.version.as_ref())
                })
            } else {
                spec.spec
                    .clauses
                    .get(&used.id)
                    .and_then(|c| c.version.as_ref())
            };
            let (compatible, incompatible) =
                newer_versions(&engine.library, &used.id, is_set, &used.version, pin);
            if compatible.is_empty() && incompatible.is_empty() {
                continue;
            }
            rows.push([
                kind.to_string(),
                used.id.clone(),
                used.version.to_string(),
                pin.map_or_else(|| "-".into(), |p| p.to_string()),
                join_or_dash(&compatible),
                join_or_dash(&incompatible),
            ]);
        }
    }
    if rows.is_empty() {
        println!(
            "every clause and question set of {} is up to date",
            spec_path.display()
        );
        return Ok(());
    }
    let header = [
        "document",
        "id",
        "in use",
        "pin",
        "newer, compatible",
        "newer, needs a new pin",
    ]
    .map(String::from);
    print!("{}", table(&header, &rows));
    Ok(())
}

fn join_or_dash(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}

/// Released versions newer than `current`: (matching the pin, not matching it).
fn newer_versions(
    library: &Library,
    id: &str,
    is_set: bool,
    current: &semver::Version,
    pin: Option<&VersionRequirement>,
) -> (Vec<String>, Vec<String>) {
    let versions: Vec<(semver::Version, Status)> = if is_set {
        library
            .question_sets
            .get(id)
            .into_iter()
            .flatten()
            .map(|q| (q.version.clone(), q.status))
            .collect()
    } else {
        let mut v: Vec<_> = library
            .clauses
            .get(id)
            .into_iter()
            .flatten()
            .map(|c| (c.meta.version.clone(), c.meta.status))
            .collect();
        v.dedup_by(|a, b| a.0 == b.0);
        v
    };
    let mut compatible = Vec::new();
    let mut incompatible = Vec::new();
    for (v, status) in versions {
        if &v <= current || status != Status::Approved {
            continue;
        }
        if pin.is_none_or(|p| p.matches(&v)) {
            compatible.push(v.to_string());
        } else {
            incompatible.push(v.to_string());
        }
    }
    (compatible, incompatible)
}

/// A plain text table with columns padded to their widest cell.
pub(super) fn table(header: &[String], rows: &[[String; 6]]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut s = String::new();
    let mut line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect();
        s.push_str(parts.join("  ").trim_end());
        s.push('\n');
    };
    line(header);
    for r in rows {
        line(r);
    }
    s
}
