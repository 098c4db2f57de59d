//! `rfx library …`: list, show, diff, check and impact.

use super::lock::{built_lock, table};
use super::{Reported, Reporter, load_engine, load_spec};
use crate::build::Engine;
use crate::diag::Diagnostic;
use crate::doc::DocumentKind;
use crate::library::diff::{diff_words, render_colour, render_plain};
use crate::library::index::{INDEX_PATH, Index, check};
use crate::library::lockfile::{Lockfile, lock_path};
use crate::library::select::Locked;
use crate::library::{Clause, DEFAULT_JURISDICTION, Library, PREFERRED, Status};
use crate::output::write_atomic;
use clap::Subcommand;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The `rfx library` subcommands.
#[derive(Subcommand, Debug)]
pub enum LibraryCommand {
    /// List clause versions (one line per file) and question sets.
    List {
        /// Only this status (draft, approved, deprecated).
        #[arg(long, value_parser = ["draft", "approved", "deprecated"])]
        status: Option<String>,
        /// Only clauses written for this document kind.
        #[arg(long, value_enum)]
        document: Option<DocumentKind>,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
    },
    /// Show a clause's versions, or one version's text (`ID@VERSION`).
    Show {
        /// `ID` or `ID@VERSION`.
        item: String,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
    },
    /// Word-level diff of two versions of a clause.
    Diff {
        /// Clause id.
        id: String,
        /// Old version.
        old: String,
        /// New version.
        new: String,
        /// Variant to compare.
        #[arg(long, default_value = "preferred")]
        variant: String,
        /// Jurisdiction to compare.
        #[arg(long, default_value = "default")]
        jurisdiction: String,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
    },
    /// Check releases against the index, identities, front matter, `needs` and
    /// replacements; record new releases in `clauses/index.lock`.
    Check {
        /// Library folder (with `clauses/`); default: `.` when it has
        /// `clauses/index.lock`, else the built-in library.
        dir: Option<PathBuf>,
    },
    /// Which specs in a folder, and which of their locks, the library's newest
    /// releases would change.
    Impact {
        /// Folder of specs (`*.yaml`).
        dir: PathBuf,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
    },
}

/// Runs a `rfx library` subcommand.
pub(super) fn run(out: &mut Reporter, cmd: LibraryCommand) -> Result<(), Reported> {
    match cmd {
        LibraryCommand::List {
            status,
            document,
            library,
        } => {
            let engine = load_engine(out, &library)?;
            print!("{}", list(&engine.library, status.as_deref(), document));
            Ok(())
        }
        LibraryCommand::Show { item, library } => {
            let engine = load_engine(out, &library)?;
            let text = show(&engine.library, &item).map_err(|d| out.fail(vec![d]))?;
            print!("{text}");
            Ok(())
        }
        LibraryCommand::Diff {
            id,
            old,
            new,
            variant,
            jurisdiction,
            library,
        } => {
            let engine = load_engine(out, &library)?;
            let colour = std::io::stdout().is_terminal();
            let text = diff(
                &engine.library,
                &id,
                &old,
                &new,
                &variant,
                &jurisdiction,
                colour,
            )
            .map_err(|d| out.fail(vec![d]))?;
            print!("{text}");
            Ok(())
        }
        LibraryCommand::Check { dir } => library_check(out, dir.as_deref()),
        LibraryCommand::Impact { dir, library } => impact(out, &dir, &library),
    }
}

fn status_of(name: &str) -> Option<Status> {
    match name {
        "draft" => Some(Status::Draft),
        "approved" => Some(Status::Approved),
        "deprecated" => Some(Status::Deprecated),
        _ => None,
    }
}

/// `rfx library list`: one line per clause file, then question sets.
pub fn list(library: &Library, status: Option<&str>, document: Option<DocumentKind>) -> String {
    let status = status.and_then(status_of);
    let mut rows: Vec<[String; 6]> = Vec::new();
    for c in library.clauses.values().flatten() {
        if status.is_some_and(|s| s != c.meta.status)
            || document.is_some_and(|d| !c.meta.documents.contains(&d))
        {
            continue;
        }
        rows.push([
            c.meta.id.clone(),
            c.meta.version.to_string(),
            c.meta.status.to_string(),
            c.meta.variant.clone(),
            c.meta.jurisdictions.join(","),
            c.meta.title.clone(),
        ]);
    }
    if document.is_none() {
        for q in library.question_sets.values().flatten() {
            if status.is_some_and(|s| s != q.status) {
                continue;
            }
            rows.push([
                q.id.clone(),
                q.version.to_string(),
                q.status.to_string(),
                "(question set)".into(),
                "-".into(),
                q.title.clone(),
            ]);
        }
    }
    let header = [
        "id",
        "version",
        "status",
        "variant",
        "jurisdictions",
        "title",
    ]
    .map(String::from);
    table(&header, &rows)
}

fn unknown_clause(library: &Library, id: &str) -> Diagnostic {
    let d = Diagnostic::error(format!("clause `{id}` is not in the library"));
    match library.suggest_clause(id) {
        Some(h) => d.with_help(h),
        None => d.with_help("`rfx library list` shows the clause ids"),
    }
}

fn versions_help(library: &Library, id: &str) -> String {
    let v: Vec<String> = library
        .clause_versions(id)
        .iter()
        .map(|v| v.to_string())
        .collect();
    format!("versions of `{id}`: {}", v.join(", "))
}

/// `rfx library show ID[@VERSION]`.
pub fn show(library: &Library, item: &str) -> Result<String, Diagnostic> {
    let (id, version) = match item.split_once('@') {
        Some((i, v)) => (i, Some(v)),
        None => (item, None),
    };
    if let Some(sets) = library.question_sets.get(id) {
        let mut s = String::new();
        for q in sets
            .iter()
            .filter(|q| version.is_none_or(|v| q.version.to_string() == v))
        {
            s.push_str(&format!(
                "{}  {}  {}\n  file: {}\n  questions: {}\n",
                q.key(),
                q.status,
                q.title,
                q.source,
                q.questions.len()
            ));
            if !q.changelog.is_empty() {
                s.push_str(&format!("  changelog: {}\n", q.changelog));
            }
        }
        return Ok(s);
    }
    let Some(members) = library.clauses.get(id) else {
        return Err(unknown_clause(library, id));
    };
    let chosen: Vec<&Clause> = members
        .iter()
        .filter(|c| version.is_none_or(|v| c.meta.version.to_string() == v))
        .collect();
    if chosen.is_empty() {
        return Err(
            Diagnostic::error(format!("clause `{item}` is not in the library"))
                .with_help(versions_help(library, id)),
        );
    }
    let mut s = String::new();
    for c in chosen {
        s.push_str(&format!(
            "{}  {}  {}/{}  {}\n  file: {}\n",
            c.key(),
            c.meta.status,
            c.meta.variant,
            c.meta.jurisdictions.join(","),
            c.meta.title,
            c.source
        ));
        if !c.meta.documents.is_empty() {
            let names: Vec<&str> = c.meta.documents.iter().map(DocumentKind::as_str).collect();
            s.push_str(&format!("  documents: {}\n", names.join(", ")));
        }
        if !c.meta.needs.is_empty() {
            s.push_str(&format!("  needs: {}\n", c.meta.needs.join(", ")));
        }
        if !c.meta.changelog.is_empty() {
            s.push_str(&format!("  changelog: {}\n", c.meta.changelog));
        }
        if let Some(d) = &c.meta.deprecated {
            s.push_str(&format!("  deprecated: {}", d.reason));
            if let Some(r) = &d.replacement {
                s.push_str(&format!(" (use {r})"));
            }
            s.push('\n');
        }
        s.push_str(&format!("  sha256: {}\n", c.text_hash()));
        if version.is_some() {
            s.push('\n');
            s.push_str(&c.body);
            if !c.body.ends_with('\n') {
                s.push('\n');
            }
            s.push('\n');
        }
    }
    Ok(s)
}

/// `rfx library diff ID OLD NEW`: the word-level diff of two versions' wording.
pub fn diff(
    library: &Library,
    id: &str,
    old: &str,
    new: &str,
    variant: &str,
    jurisdiction: &str,
    colour: bool,
) -> Result<String, Diagnostic> {
    let Some(members) = library.clauses.get(id) else {
        return Err(unknown_clause(library, id));
    };
    let find = |v: &str| {
        members.iter().find(|c| {
            c.meta.version.to_string() == v && c.meta.variant == variant && c.serves(jurisdiction)
        })
    };
    let get = |v: &str| {
        find(v).ok_or_else(|| {
            Diagnostic::error(format!(
                "clause `{id}@{v}` has no {variant}/{jurisdiction} text"
            ))
            .with_help(versions_help(library, id))
        })
    };
    let (a, b) = (get(old)?, get(new)?);
    let chunks = diff_words(
        &format!("# {}\n\n{}", a.meta.title, a.body),
        &format!("# {}\n\n{}", b.meta.title, b.body),
    );
    let mut s = format!(
        "--- {}@{} ({})\n+++ {}@{} ({})\n",
        id, a.meta.version, a.source, id, b.meta.version, b.source
    );
    s.push_str(&if colour {
        render_colour(&chunks)
    } else {
        render_plain(&chunks)
    });
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// `rfx library check [DIR]`.
fn library_check(out: &mut Reporter, dir: Option<&Path>) -> Result<(), Reported> {
    let dir = dir
        .map(Path::to_path_buf)
        .or_else(|| Path::new(INDEX_PATH).exists().then(|| PathBuf::from(".")));
    let schema: serde_json::Value =
        serde_json::from_str(&crate::spec::json_schema()).unwrap_or(serde_json::Value::Null);
    let builtin = Library::builtin().ok();
    let (library, load_diags, index_text, index_path) = match &dir {
        Some(d) => {
            if !d.join("clauses").is_dir() {
                return Err(out.fail(vec![
                    Diagnostic::error(format!("`{}` has no `clauses/` folder", d.display()))
                        .with_help("pass a library folder: it holds `clauses/<id>/<version>.md`"),
                ]));
            }
            let (lib, diags) = Library::dir_for_check(d);
            let path = d.join(INDEX_PATH);
            let text = match crate::input::read_text(&path) {
                Ok(t) => t,
                Err(e) if e.is_not_found() => String::new(),
                Err(e) => {
                    return Err(
                        out.fail(vec![e.diagnostic("the index", &path.display().to_string())])
                    );
                }
            };
            (lib, diags, text, Some(path))
        }
        None => {
            let (lib, diags, index) = Library::builtin_for_check();
            (lib, diags, index.unwrap_or_default(), None)
        }
    };
    let display = index_path.as_ref().map_or_else(
        || format!("(built-in) {INDEX_PATH}"),
        |p| p.display().to_string(),
    );
    let index = Index::parse(&display, &index_text).map_err(|d| out.fail(d))?;
    let others: Vec<&Library> = builtin.iter().filter(|_| dir.is_some()).collect();
    let mut report = check(&library, &index, &schema, &others);
    let mut diags = load_diags;
    diags.append(&mut report.diagnostics);
    // Every template and clause file must parse, used by a build yet or not.
    diags.extend(crate::compose::check_templates(&library));
    if index_path.is_none() {
        for (key, _) in &report.new_releases {
            diags.push(
                Diagnostic::error(format!("released `{key}` is not recorded in the built-in index"))
                    .with_help("run `rfx library check` in the rfx source folder and commit `clauses/index.lock`"),
            );
        }
    }
    out.emit(&diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Reported);
    }
    if let Some(path) = &index_path {
        if !report.new_releases.is_empty() {
            write_atomic(path, index.with_appended(&report.new_releases).as_bytes()).map_err(
                |e| {
                    out.fail(vec![Diagnostic::error(format!(
                        "cannot write `{}`: {e}",
                        path.display()
                    ))])
                },
            )?;
            for (key, _) in &report.new_releases {
                out.info(&format!("    recorded {key}"));
            }
        }
    }
    out.info(&format!(
        "    ok: {} released texts unchanged, {} new releases recorded",
        report.verified,
        if index_path.is_some() {
            report.new_releases.len()
        } else {
            0
        }
    ));
    Ok(())
}

/// Impact lines for one document: what a fresh selection changes against the lock.
fn compare(
    kind: DocumentKind,
    what: &str,
    locked: &BTreeMap<String, Locked>,
    fresh: &BTreeMap<String, Locked>,
    lines: &mut Vec<String>,
) {
    let form = |l: &Locked| {
        if l.variant == PREFERRED && l.jurisdiction == DEFAULT_JURISDICTION {
            l.version.to_string()
        } else {
            format!("{} ({}/{})", l.version, l.variant, l.jurisdiction)
        }
    };
    for (id, n) in fresh {
        match locked.get(id) {
            Some(o) if form(o) != form(n) => lines.push(format!(
                "  {kind}: {what}{id} {} → {} (locked: stays at {} until `rfx lock`)",
                form(o),
                form(n),
                o.version
            )),
            Some(o) if o.sha256 != n.sha256 => lines.push(format!(
                "  {kind}: {what}{id} {}: its released wording changed, so a locked build fails (see `rfx library check`)",
                o.version
            )),
            Some(_) => {}
            None => lines.push(format!(
                "  {kind}: {what}{id} {} (not in the lock yet)",
                form(n)
            )),
        }
    }
}

/// `rfx library impact DIR`: for every spec in DIR, what a fresh selection would change
/// compared with its lock; for unlocked specs, which newest releases their next build
/// takes.
fn impact(out: &mut Reporter, dir: &Path, library: &[PathBuf]) -> Result<(), Reported> {
    let engine = load_engine(out, library)?;
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            out.fail(vec![Diagnostic::error(format!(
                "cannot read folder `{}`: {e}",
                dir.display()
            ))])
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    specs.sort();
    let mut report = String::new();
    let mut affected = 0;
    for path in &specs {
        let Ok(spec) = load_spec(out, path) else {
            continue;
        };
        let lock = match Lockfile::read(&lock_path(path)) {
            Ok(l) => l,
            Err(d) => {
                out.fail(d);
                continue;
            }
        };
        let mut lines = Vec::new();
        for kind in Engine::requested_kinds(&spec) {
            let built = match engine.build(&spec, kind, None) {
                Ok(b) => b,
                Err(d) => {
                    out.fail(d);
                    continue;
                }
            };
            let fresh = built_lock(&built);
            match lock.as_ref() {
                Some(lock) => {
                    let Some(old) = lock.document(kind) else {
                        lines.push(format!("  {kind}: not in the lock yet"));
                        continue;
                    };
                    compare(kind, "", &old.clauses, &fresh.clauses, &mut lines);
                    compare(
                        kind,
                        "question set ",
                        &old.question_sets,
                        &fresh.question_sets,
                        &mut lines,
                    );
                }
                None => {
                    for c in &built.clauses {
                        let versions = engine.library.clause_versions(&c.id);
                        if versions.len() > 1 && versions.last() == Some(&&c.version) {
                            lines.push(format!(
                                "  {kind}: {} {} (newest release; not locked, so the next build takes it)",
                                c.id, c.version
                            ));
                        }
                    }
                }
            }
        }
        let locked = if lock.is_some() {
            "locked"
        } else {
            "not locked"
        };
        if lines.is_empty() {
            report.push_str(&format!("{} ({locked}): unchanged\n", path.display()));
        } else {
            affected += 1;
            report.push_str(&format!("{} ({locked}):\n", path.display()));
            for l in lines {
                report.push_str(&l);
                report.push('\n');
            }
        }
    }
    report.push_str(&format!("{affected} of {} specs affected\n", specs.len()));
    print!("{report}");
    if out.failed { Err(Reported) } else { Ok(()) }
}
