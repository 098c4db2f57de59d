//! `rfx lint SPEC...`: compose each spec's documents as `build` does, without writing
//! files, and check their text (see `crate::lint`).

use super::{Reported, Reporter, load_engine, load_spec};
use crate::diag::Severity;
use crate::doc::DocumentKind;
use crate::library::lockfile::{Lockfile, lock_path};
use crate::lint::{self, RuleSet};
use std::path::{Path, PathBuf};

/// What `rfx lint` was asked.
pub struct LintSettings<'a> {
    /// Specs to lint.
    pub specs: &'a [PathBuf],
    /// Library folders laid over the built-in one.
    pub library: &'a [PathBuf],
    /// Document kinds (empty: each spec's documents).
    pub docs: &'a [DocumentKind],
    /// Fail on warnings too.
    pub deny_warnings: bool,
}

/// The built-in rules with every user folder's `lint/*.yaml` laid over them.
pub(crate) fn load_rules(out: &mut Reporter, dirs: &[PathBuf]) -> Result<RuleSet, Reported> {
    let mut rules = RuleSet::builtin().map_err(|d| out.fail(d))?;
    for dir in dirs {
        rules.add_dir(dir).map_err(|d| out.fail(d))?;
    }
    Ok(rules)
}

/// Runs the lint; warnings fail the run with `--deny warnings`.
pub(crate) fn run(out: &mut Reporter, s: &LintSettings<'_>) -> Result<(), Reported> {
    let loaded: Vec<_> = s
        .specs
        .iter()
        .filter_map(|p| load_spec(out, p).ok())
        .collect();
    if loaded.len() < s.specs.len() {
        return Err(Reported);
    }
    let engine = load_engine(out, s.library)?;
    let rules = load_rules(out, s.library)?;
    let mut total = 0;
    for spec in &loaded {
        let lock = Lockfile::read(&lock_path(Path::new(&spec.path))).map_err(|d| out.fail(d))?;
        let options = lint::Options {
            kinds: s.docs,
            rules: &rules,
        };
        let mut diags = lint::lint(&engine, spec, lock.as_ref(), &options);
        if s.deny_warnings {
            for d in &mut diags {
                if d.severity == Severity::Warning {
                    d.severity = Severity::Error;
                }
            }
        }
        total += diags.len();
        out.emit(&diags);
        if diags.is_empty() {
            out.info(&format!("    clean {}", spec.path));
        }
    }
    if total > 0 && s.deny_warnings {
        out.failed = true;
    }
    Ok(())
}
