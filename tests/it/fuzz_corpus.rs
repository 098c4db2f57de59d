//! The fuzz targets of `fuzz/` on the stable toolchain: each target function runs over
//! the repository's inputs (example and invalid specs, golden drafts), cut short at a
//! few points, and over any local `fuzz/corpus/<target>` and `fuzz/artifacts/<target>`
//! a nightly fuzzing run left, so a crash it found replays with `cargo test`.

#[path = "../../fuzz/targets.rs"]
mod targets;

use crate::support::root;
use std::path::{Path, PathBuf};

/// Files of `dir` (not recursive) whose name ends with `suffix`, sorted.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(suffix))
        .collect();
    out.sort();
    out
}

/// Each seed whole and cut at a third and two thirds (a cut may split a UTF-8 sequence
/// or a YAML or Markdown construct), then the local corpus and crash artifacts.
fn inputs(seeds: &[PathBuf], target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for path in seeds {
        let bytes = std::fs::read(path).unwrap();
        let name = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        for (part, end) in [(3, 3), (1, 3), (2, 3)] {
            let cut = bytes.len() * part / end;
            out.push((format!("{name}[..{cut}]"), bytes[..cut].to_vec()));
        }
    }
    for folder in ["fuzz/corpus", "fuzz/artifacts"] {
        for path in files(&root().join(folder).join(target), "") {
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn run(target: &str, seeds: &[PathBuf], body: fn(&[u8])) {
    assert!(seeds.len() >= 4, "{target}: seeds missing: {seeds:?}");
    for (name, bytes) in inputs(seeds, target) {
        if std::panic::catch_unwind(|| body(&bytes)).is_err() {
            panic!("fuzz target {target} fails on {name}");
        }
    }
}

#[test]
fn the_spec_load_target_holds_on_the_repository_specs() {
    let mut seeds = files(&root().join("examples"), ".yaml");
    for dir in ["tests/invalid", "tests/warnings", "tests/lint"] {
        seeds.extend(files(&root().join(dir), ".yaml"));
    }
    run("spec_load", &seeds, targets::spec_load);
}

#[test]
fn the_markdown_writers_target_holds_on_the_golden_drafts() {
    let golden = root().join("tests/golden/md");
    let mut seeds = files(&golden.join("laptop-purchase"), ".md");
    for example in ["cloud-migration", "service-desk", "service-desk-award"] {
        seeds.extend(files(&golden.join(example), "nda.md"));
    }
    run("markdown_writers", &seeds, targets::markdown_writers);
}

/// The house template of `reference_docx`, whole, with each part cut in half, with
/// each part gone, and its zip cut short.
#[test]
fn the_reference_docx_target_holds_on_broken_templates() {
    let dir = tempfile::tempdir().unwrap();
    let parts = crate::reference_docx::template_parts();
    let whole = crate::reference_docx::write_template(dir.path(), "whole.docx", &parts);
    let mut inputs = vec![std::fs::read(&whole).unwrap()];
    for i in 0..parts.len() {
        for variant in [Some(2), None] {
            let mut changed = parts.clone();
            match variant {
                Some(n) => {
                    let cut = changed[i].1.len() / n;
                    changed[i].1.truncate(cut);
                }
                None => {
                    changed.remove(i);
                }
            }
            let path = crate::reference_docx::write_template(dir.path(), "x.docx", &changed);
            inputs.push(std::fs::read(&path).unwrap());
        }
    }
    let zipped = inputs[0].clone();
    inputs.push(zipped[..zipped.len() / 2].to_vec());
    for (i, bytes) in inputs.iter().enumerate() {
        if std::panic::catch_unwind(|| targets::reference_docx(bytes)).is_err() {
            panic!("fuzz target reference_docx fails on input {i}");
        }
    }
}
