//! Real viewers open what rfx writes: LibreOffice converts every example's DOCX, and
//! poppler and qpdf read every example's PDF. Ignored by default; `.ci/run` installs the
//! tools and runs them.

use crate::support::{assert_golden, examples, rfx, run, stderr};
use rfx::build::Engine;
use rfx::doc::{Block, Inline};
use rfx::library::Library;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Headings (numbered titles) and party names every rendering must show, per document.
fn expected_text(spec_path: &Path) -> Vec<(String, Vec<String>)> {
    let engine = Engine::new(Library::builtin().unwrap());
    let text = std::fs::read_to_string(spec_path).unwrap();
    let spec = rfx::spec::load(&spec_path.display().to_string(), &text).unwrap();
    let plan = rfx::pack::Plan::new(&engine, &spec, &[], &[], None).unwrap();
    let mut out = Vec::new();
    for planned in &plan.documents {
        let kind = planned.kind;
        let built = engine.build(&spec, kind, None).unwrap();
        let mut wanted: Vec<String> = built
            .document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) if h.level <= 2 => Some(Inline::plain_text(&h.content)),
                _ => None,
            })
            .collect();
        wanted.push(spec.spec.parties.buyer.legal_name.clone());
        if let Some(i) = planned.bidder {
            // A tender-stage NDA is addressed to one listed bidder.
            wanted.push(spec.spec.parties.bidders[i].legal_name.clone());
        } else if let Some(s) = &spec.spec.parties.supplier {
            if spec.stage == rfx::spec::Stage::Contract && kind.is_agreement() {
                wanted.push(s.legal_name.clone());
            }
        }
        out.push((planned.stem.clone(), wanted));
    }
    out
}

/// Collapses white space (line wraps, tabs after numbers) to single spaces.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn build_examples(dir: &Path, format: &str) -> Vec<(PathBuf, PathBuf)> {
    let mut built = Vec::new();
    for spec in examples() {
        let out = run(rfx(dir)
            .args(["build", "--format", format, "-o", "out"])
            .arg(&spec));
        assert!(out.status.success(), "{}: {}", spec.display(), stderr(&out));
        let text = std::fs::read_to_string(&spec).unwrap();
        let id = rfx::spec::load("x", &text).unwrap().spec.engagement.id;
        built.push((spec, dir.join("out").join(id)));
    }
    built
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_shows_everything(rendered: &str, wanted: &[String], what: &str) {
    let text = normalise(rendered);
    for w in wanted {
        assert!(text.contains(&normalise(w)), "{what} lacks `{w}`");
    }
}

#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils (pdftotext)"]
fn libreoffice_opens_every_example_docx() {
    let dir = tempfile::tempdir().unwrap();
    for (spec, folder) in build_examples(dir.path(), "docx") {
        let profile = dir.path().join("lo-profile");
        for (kind, wanted) in expected_text(&spec) {
            let docx = folder.join(format!("{kind}.docx"));
            let status = Command::new("soffice")
                .arg(format!(
                    "-env:UserInstallation=file://{}",
                    profile.display()
                ))
                .args(["--headless", "--convert-to", "pdf", "--outdir"])
                .arg(dir.path().join("converted"))
                .arg(&docx)
                .output()
                .expect("soffice runs");
            assert!(
                status.status.success(),
                "LibreOffice failed on {}",
                docx.display()
            );
            let pdf = dir.path().join("converted").join(format!("{kind}.pdf"));
            assert!(
                pdf.exists(),
                "LibreOffice wrote no PDF for {}",
                docx.display()
            );
            assert_shows_everything(&pdftotext(&pdf), &wanted, &docx.display().to_string());
        }
    }
}

#[test]
#[ignore = "needs poppler-utils (pdftotext) and qpdf"]
fn every_example_pdf_is_valid_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    for (spec, folder) in build_examples(dir.path(), "pdf") {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        for (kind, wanted) in expected_text(&spec) {
            let pdf = folder.join(format!("{kind}.pdf"));
            let check = Command::new("qpdf")
                .arg("--check")
                .arg(&pdf)
                .output()
                .expect("qpdf runs");
            assert!(
                check.status.success(),
                "qpdf --check failed on {}: {}",
                pdf.display(),
                String::from_utf8_lossy(&check.stdout)
            );
            let text = pdftotext(&pdf);
            assert_shows_everything(&text, &wanted, &pdf.display().to_string());
            // Page by page text, compared with goldens (form feeds separate pages).
            let pages: Vec<String> = text
                .split('\u{c}')
                .map(|p| p.trim_end().to_string())
                .collect();
            let projection = pages
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty())
                .map(|(i, p)| format!("=== page {}\n{p}\n", i + 1))
                .collect::<String>();
            assert_golden(&format!("tests/golden/pdf/{stem}/{kind}.txt"), &projection);
        }
    }
}
