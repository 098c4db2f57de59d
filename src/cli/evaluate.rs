//! `rfx evaluate SPEC --responses DIR [--scores DIR] -o DIR [--award]`: reads the
//! returned workbooks, evaluates, writes the report, letters, ranking and award.

use super::{Reported, Reporter, load_engine, load_spec};
use crate::build::timestamp;
use crate::diag::Diagnostic;
use crate::evaluate::{self, Request, Returned};
use crate::library::lockfile::{Lockfile, lock_path};
use crate::output::write_atomic;
use crate::workbook::{RESPONSE_FORM, form_for};
use crate::writers::{Format, WriteOptions};
use std::path::{Path, PathBuf};

/// The arguments of `rfx evaluate`.
pub struct Args<'a> {
    /// The spec.
    pub spec: &'a Path,
    /// Folder of returned response forms.
    pub responses: &'a Path,
    /// Folder of returned scoring workbooks (default: `responses`).
    pub scores: Option<&'a Path>,
    /// Output folder.
    pub output: &'a Path,
    /// Output formats of the report and letters.
    pub formats: &'a [Format],
    /// Write `award.yaml`.
    pub award: bool,
    /// Library folders.
    pub library: &'a [PathBuf],
}

fn xlsx_files(out: &mut Reporter, dir: &Path) -> Result<Vec<PathBuf>, Reported> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        out.fail(vec![
            Diagnostic::error(format!("cannot read folder `{}`: {e}", dir.display()))
                .with_help("give the folder holding the returned workbooks"),
        ])
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"))
        })
        .filter(|p| {
            // Spreadsheet applications leave `~$name.xlsx` lock files beside open workbooks.
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn read_all(out: &mut Reporter, paths: &[PathBuf]) -> Result<Vec<Returned>, Reported> {
    let mut returned = Vec::new();
    for p in paths {
        let bytes = std::fs::read(p).map_err(|e| {
            out.fail(vec![Diagnostic::error(format!(
                "cannot read `{}`: {e}",
                p.display()
            ))])
        })?;
        returned.push(Returned {
            file: p.display().to_string(),
            bytes,
        });
    }
    Ok(returned)
}

fn is_scoring(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("scoring-"))
}

/// Runs `rfx evaluate`.
pub fn run(out: &mut Reporter, args: &Args<'_>) -> Result<(), Reported> {
    let engine = load_engine(out, args.library)?;
    let spec = load_spec(out, args.spec)?;
    let lock = Lockfile::read(&lock_path(args.spec)).map_err(|d| out.fail(d))?;
    let form = form_for(&engine, &spec, lock.as_ref()).map_err(|d| out.fail(d))?;
    let in_responses = xlsx_files(out, args.responses)?;
    let (score_paths, response_paths): (Vec<PathBuf>, Vec<PathBuf>) = match args.scores {
        Some(dir) => (
            xlsx_files(out, dir)?,
            in_responses
                .into_iter()
                .filter(|p| !is_scoring(p))
                .collect(),
        ),
        None => in_responses.into_iter().partition(|p| is_scoring(p)),
    };
    // The blank form itself, if copied beside the returns, is not a bid.
    let response_paths: Vec<PathBuf> = response_paths
        .into_iter()
        .filter(|p| p.file_name().is_none_or(|n| n != RESPONSE_FORM))
        .collect();
    if response_paths.is_empty() {
        return Err(out.fail(vec![
            Diagnostic::error(format!(
                "no response workbooks (*.xlsx) in `{}`",
                args.responses.display()
            ))
            .with_help("put each bidder's returned response form in the folder"),
        ]));
    }
    let responses = read_all(out, &response_paths)?;
    let scores = read_all(out, &score_paths)?;
    let stamp = timestamp(
        std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
        Some(&spec.spec),
    )
    .map_err(|d| out.fail(vec![d]))?;
    let options = WriteOptions {
        timestamp: stamp,
        ..WriteOptions::default()
    };
    let request = Request {
        formats: args.formats,
        options: &options,
        award: args.award,
    };
    let evaluated =
        evaluate::run(&spec, &form, &responses, &scores, &request).map_err(|d| out.fail(d))?;
    out.emit(&evaluated.diagnostics);
    if evaluated.diagnostics.iter().any(Diagnostic::is_error) {
        out.failed = true;
    }
    for (name, bytes) in &evaluated.files {
        let path = args.output.join(name);
        write_atomic(&path, bytes).map_err(|e| {
            out.fail(vec![
                Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
                    .with_help("check that the output folder is writable"),
            ])
        })?;
    }
    for r in &evaluated.outcome.results {
        if let Some(rank) = r.rank {
            out.info(&format!(
                "    {rank}. {} total {}",
                r.bid.id,
                r.total.map(|t| t.to_string()).unwrap_or_default()
            ));
        }
    }
    out.info(&format!(
        "    wrote {} files to {}",
        evaluated.files.len(),
        args.output.display()
    ));
    Ok(())
}
