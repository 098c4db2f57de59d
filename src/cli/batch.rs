//! `rfx batch`: many specs, built in parallel into their pack folders.
//!
//! One parsed library is shared by a work-stealing pool. A spec that fails is reported
//! and the others go on; every file is written atomically, the manifest last, and a pack
//! whose manifest already matches its spec and library is skipped unless `--force`.

use super::{MessageFormat, Reported, Reporter, load_engine, write_pack};
use crate::build::Engine;
use crate::diag::Diagnostic;
use crate::digest::sha256_hex;
use crate::library::lockfile::{Lockfile, lock_path};
use crate::pack::{self, Plan};
use crate::spec::{self, SpecFile};
use crate::writers::Format;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Instant;

/// `--shard K/N`: build only the specs whose path hashes to shard K of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based shard number.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not K/N (e.g. 2/8)"))?;
        let index: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("`{k}` is not a number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {index}/{count}: K must be between 1 and N"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether `path` belongs to this shard (a stable hash of the path as given).
    pub fn contains(&self, path: &Path) -> bool {
        let key = path.to_string_lossy();
        let key = key.strip_prefix("./").unwrap_or(&key);
        let digest = sha256_hex(key.as_bytes());
        let bucket = u64::from_str_radix(&digest[..16], 16).unwrap_or(0) % self.count;
        bucket == self.index - 1
    }
}

/// The files a batch reads: folders become their `*.yaml`/`*.yml` files (recursively,
/// sorted); files named on the command line stay.
pub struct Inputs {
    /// Every file, in order.
    pub specs: Vec<PathBuf>,
    /// Those found by walking a folder: left alone when they are plainly not specs.
    pub walked: std::collections::BTreeSet<PathBuf>,
}

/// The files `inputs` name (see [`Inputs`]).
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Inputs, Diagnostic> {
    let mut specs = Vec::new();
    let mut walked = std::collections::BTreeSet::new();
    for input in inputs {
        if input.is_dir() {
            let mut stack = vec![input.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir).map_err(|e| {
                    Diagnostic::error(format!("cannot read folder `{}`: {e}", dir.display()))
                })?;
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                        found.push(path);
                    }
                }
            }
            found.sort();
            walked.extend(found.iter().cloned());
            specs.extend(found);
        } else if input.is_file() {
            specs.push(input.clone());
        } else {
            return Err(Diagnostic::error(format!(
                "`{}` is neither a spec file nor a folder",
                input.display()
            ))
            .with_help("pass spec files or folders that contain them"));
        }
    }
    specs.dedup();
    // A file named on the command line is a spec even when a folder also holds it.
    for input in inputs {
        walked.remove(input);
    }
    Ok(Inputs { specs, walked })
}

/// What happened to one spec.
#[derive(Debug, serde::Serialize)]
struct Outcome {
    spec: String,
    status: &'static str,
    engagement: Option<String>,
    files: usize,
    millis: u128,
    diagnostics: Vec<Diagnostic>,
}

/// Settings of one batch run.
pub(crate) struct BatchSettings<'a> {
    pub inputs: &'a [PathBuf],
    pub output: &'a Path,
    pub jobs: Option<usize>,
    pub formats: &'a [Format],
    pub shard: Option<Shard>,
    pub force: bool,
    pub library: &'a [PathBuf],
    pub theme: Option<String>,
    /// `--pdf-standard`, `--reference-docx` and `--font-path`.
    pub writers: crate::house::WriterFlags,
}

pub(crate) fn batch(out: &mut Reporter, settings: &BatchSettings<'_>) -> Result<(), Reported> {
    let started = Instant::now();
    let engine = load_engine(out, settings.library)?
        .with_theme(settings.theme.clone())
        .with_writer_flags(settings.writers.clone());
    let Inputs { mut specs, walked } =
        expand_inputs(settings.inputs).map_err(|d| out.fail(vec![d]))?;
    if let Some(shard) = settings.shard {
        specs.retain(|p| shard.contains(p));
    }
    let jobs = settings
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| {
            out.fail(vec![Diagnostic::error(format!(
                "cannot start {jobs} workers: {e}"
            ))])
        })?;
    let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH").ok();

    // Phase 1: find each spec's engagement id, so two specs claiming one id are caught
    // before either writes into the shared folder. Only the ids are kept: holding a
    // thousand parsed specs would cost more memory than the whole build. The id is read
    // by a quick look into the text; phase 2 loads and checks each spec in full. A file
    // found in a folder whose YAML is plainly not a spec (a library's theme, a tool's
    // data) is left alone and listed.
    let looks: Vec<(PathBuf, Option<String>, bool)> = pool.install(|| {
        specs
            .par_iter()
            .map(|p| {
                let text = crate::input::read_text(p).ok();
                let id = text.as_deref().and_then(spec::probe::engagement_id);
                let spec_like =
                    !walked.contains(p) || text.as_deref().is_none_or(spec::probe::looks_like_spec);
                (p.clone(), id, spec_like)
            })
            .collect()
    });
    let (looks, others): (Vec<_>, Vec<_>) =
        looks.into_iter().partition(|(_, _, spec_like)| *spec_like);
    let not_specs: std::collections::BTreeSet<PathBuf> =
        others.into_iter().map(|(p, _, _)| p).collect();
    specs.retain(|p| !not_specs.contains(p));
    let ids: Vec<(PathBuf, Option<String>)> = looks.into_iter().map(|(p, id, _)| (p, id)).collect();
    for path in &not_specs {
        let outcome = Outcome {
            spec: path.display().to_string(),
            status: "not_spec",
            engagement: None,
            files: 0,
            millis: 0,
            diagnostics: Vec::new(),
        };
        report(out.format, &outcome);
    }
    let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut duplicates: BTreeMap<PathBuf, Diagnostic> = BTreeMap::new();
    for (path, id) in &ids {
        let Some(id) = id else { continue };
        let Some(first) = owners.get(id) else {
            owners.insert(id.clone(), path.clone());
            continue;
        };
        // Rare: two texts name one id. Only a spec that loads claims its folder (one
        // that does not fails on its own errors), so load both to decide, and to say
        // where the second sets the id.
        if read_spec(first).is_err() {
            owners.insert(id.clone(), path.clone());
            continue;
        }
        let Ok(spec) = read_spec(path) else { continue };
        let mut d = Diagnostic::error(format!(
            "engagement id `{id}` is also used by `{}`; both would write {}/{id}/",
            first.display(),
            settings.output.display()
        ))
        .with_help("give each engagement its own `engagement.id`");
        if let Some(loc) = spec.locate("engagement.id") {
            d = d.at(loc);
        }
        duplicates.insert(path.clone(), d);
    }
    drop(ids);

    let show_bar = out.format == MessageFormat::Human && std::io::stderr().is_terminal();
    let bar = if show_bar {
        let bar = ProgressBar::new(specs.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} specs {msg}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let printer = Mutex::new(());
    let format = out.format;

    // Phase 2: build and write every pack.
    let outcomes: Vec<Outcome> = pool.install(|| {
        specs
            .par_iter()
            .map(|path| {
                let t0 = Instant::now();
                let path = path.clone();
                let mut outcome = match (read_spec(&path), duplicates.get(&path)) {
                    (Err(d), _) => failed(&path, None, d),
                    (Ok(spec), Some(dup)) => failed(&path, Some(&spec), vec![dup.clone()]),
                    (Ok(spec), None) => {
                        build_one(&engine, &spec, settings, source_date_epoch.as_deref())
                    }
                };
                outcome.millis = t0.elapsed().as_millis();
                let _guard = printer.lock();
                bar.suspend(|| report(format, &outcome));
                bar.inc(1);
                outcome
            })
            .collect()
    });
    bar.finish_and_clear();

    let count = |s: &str| outcomes.iter().filter(|o| o.status == s).count();
    let (built, skipped, failed_n) = (count("built"), count("skipped"), count("failed"));
    let files: usize = outcomes.iter().map(|o| o.files).sum();
    let secs = started.elapsed().as_secs_f64();
    let ignored = not_specs.len();
    match out.format {
        MessageFormat::Human => {
            let others = match ignored {
                0 => String::new(),
                1 => ", 1 file not a spec".to_string(),
                n => format!(", {n} files not specs"),
            };
            eprintln!(
                "batch: {built} built, {skipped} up to date, {failed_n} failed{others}; {files} files in {secs:.2} s ({jobs} workers)"
            )
        }
        MessageFormat::Json => println!(
            "{}",
            serde_json::json!({"summary": {"built": built, "skipped": skipped, "failed": failed_n, "not_specs": ignored, "files": files, "seconds": secs, "jobs": jobs}})
        ),
    }
    if failed_n > 0 {
        out.failed = true;
    }
    Ok(())
}

fn read_spec(path: &Path) -> Result<SpecFile, Vec<Diagnostic>> {
    let display = path.display().to_string();
    let text = crate::input::read_text(path).map_err(|e| vec![e.diagnostic("spec", &display)])?;
    spec::load(&display, &text)
}

fn failed(path: &Path, spec: Option<&SpecFile>, diagnostics: Vec<Diagnostic>) -> Outcome {
    Outcome {
        spec: path.display().to_string(),
        status: "failed",
        engagement: spec.map(|s| s.spec.engagement.id.clone()),
        files: 0,
        millis: 0,
        diagnostics,
    }
}

/// Builds one spec's pack the way `rfx build` does (same [`Plan`], same fingerprint),
/// unless its folder is already up to date. The spec's lockfile is honoured, never
/// written.
fn build_one(
    engine: &Engine,
    spec: &SpecFile,
    settings: &BatchSettings<'_>,
    source_date_epoch: Option<&str>,
) -> Outcome {
    let path = Path::new(&spec.path);
    let plan = match Plan::new(engine, spec, &[], settings.formats, source_date_epoch) {
        Ok(p) => p,
        Err(d) => return failed(path, Some(spec), d),
    };
    let lock = match Lockfile::read(&lock_path(path)) {
        Ok(l) => l,
        Err(d) => return failed(path, Some(spec), d),
    };
    let folder = settings.output.join(&spec.spec.engagement.id);
    let mut outcome = Outcome {
        spec: spec.path.clone(),
        status: "built",
        engagement: Some(spec.spec.engagement.id.clone()),
        files: 0,
        millis: 0,
        diagnostics: spec.warnings.clone(),
    };
    if !settings.force && pack::is_up_to_date(&folder, spec, &plan, lock.as_ref()) {
        outcome.status = "skipped";
        return outcome;
    }
    match pack::assemble(engine, spec, &plan, lock.as_ref()) {
        Ok(p) => {
            outcome.diagnostics.extend(p.warnings.iter().cloned());
            match write_pack(&folder, &p) {
                Ok(n) => outcome.files = n.files,
                Err(d) => {
                    outcome.status = "failed";
                    outcome.diagnostics.push(d);
                }
            }
        }
        Err(d) => {
            outcome.status = "failed";
            outcome.diagnostics.extend(d);
        }
    }
    outcome
}

fn report(format: MessageFormat, outcome: &Outcome) {
    match format {
        MessageFormat::Human => {
            for d in &outcome.diagnostics {
                eprintln!("{d}");
            }
            if outcome.status == "failed" {
                eprintln!("    failed {}", outcome.spec);
            }
            if outcome.status == "not_spec" {
                eprintln!(
                    "    left alone {}: not a spec (none of its top-level keys is a spec section)",
                    outcome.spec
                );
            }
        }
        MessageFormat::Json => {
            println!("{}", serde_json::to_string(outcome).unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_every_path_exactly_once() {
        let paths: Vec<PathBuf> = (0..200)
            .map(|i| PathBuf::from(format!("specs/e{i}.yaml")))
            .collect();
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { index: k, count: 4 }).collect();
        for p in &paths {
            assert_eq!(shards.iter().filter(|s| s.contains(p)).count(), 1, "{p:?}");
        }
        // Every shard gets a share.
        for s in &shards {
            assert!(paths.iter().filter(|p| s.contains(p)).count() > 20);
        }
        assert!(
            Shard { index: 1, count: 4 }.contains(Path::new("./specs/e1.yaml"))
                == Shard { index: 1, count: 4 }.contains(Path::new("specs/e1.yaml"))
        );
    }

    #[test]
    fn shard_syntax_is_checked() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        assert!("0/8".parse::<Shard>().is_err());
        assert!("9/8".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
