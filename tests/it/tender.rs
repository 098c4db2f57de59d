//! Tender and contract stages: bidder-neutral drafts with the tender marking in every
//! format, per-bidder NDAs, the attachment list, and the evaluated price.

use crate::support::{rfx, root, run, stderr};
use std::io::Read;
use std::path::Path;

const MARKING: &str = "Draft for tender — subject to contract";

fn build(spec: &str, dir: &Path, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["build", spec, "-o", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = run(rfx(&root()).args(&args));
    assert!(out.status.success(), "{spec}: {}", stderr(&out));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(only_folder(dir).join("manifest.json")).unwrap())
            .unwrap();
    assert!(manifest["stage"].is_string());
    only_folder(dir)
}

fn only_folder(dir: &Path) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("a pack folder")
}

fn docx_part(path: &Path, name: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut out = String::new();
    file.read_to_string(&mut out).unwrap();
    out
}

/// Text of every page of a PDF, laid out from the model as the writer lays it out.
fn pdf_pages(spec: &str, kind: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(spec)).unwrap();
    let file = rfx::spec::load(spec, &text).unwrap();
    let engine = rfx::build::Engine::new(rfx::library::Library::builtin().unwrap());
    let built = engine.build(&file, kind.parse().unwrap(), None).unwrap();
    let fonts = rfx::writers::pdf::fonts::fonts().unwrap();
    let laid = rfx::writers::pdf::layout::layout(&built.document, fonts).unwrap();
    laid.pages
        .iter()
        .map(|p| {
            p.texts()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn tender_drafts_name_no_supplier_and_carry_the_marking_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let pack = build("examples/service-desk.yaml", dir.path(), &[]);
    let manifest = std::fs::read_to_string(pack.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"stage\": \"tender\""));
    for kind in ["msa", "sla"] {
        let md = std::fs::read_to_string(pack.join(format!("{kind}.md"))).unwrap();
        assert!(!md.contains("Harbourline"), "{kind}.md names a bidder");
        assert!(!md.contains("has selected"), "{kind}.md claims a selection");
        let body = md.split("\n---\n").nth(1).unwrap();
        assert!(
            body.trim_start().starts_with(&format!("> **{MARKING}**")),
            "{kind}.md: no marking at the top"
        );
        let header = docx_part(&pack.join(format!("{kind}.docx")), "word/header1.xml");
        assert!(header.contains(MARKING), "{kind}.docx header: {header}");
        let document = docx_part(&pack.join(format!("{kind}.docx")), "word/document.xml");
        assert!(!document.contains("Harbourline"));
        let pages = pdf_pages("examples/service-desk.yaml", kind);
        assert!(pages.len() > 1);
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains(MARKING), "{kind}.pdf page {}: {page}", i + 1);
        }
    }
    // One NDA per listed bidder, each naming its bidder and no other.
    for (id, name) in [
        ("harbourline", "Harbourline Managed Services Limited"),
        ("corrib-digital", "Corrib Digital Support Services Limited"),
        ("northgate-it", "Northgate IT Services (UK) Ltd"),
    ] {
        for ext in ["md", "pdf", "docx"] {
            assert!(
                pack.join(format!("nda-{id}.{ext}")).is_file(),
                "nda-{id}.{ext}"
            );
        }
        let md = std::fs::read_to_string(pack.join(format!("nda-{id}.md"))).unwrap();
        assert!(md.contains(name), "nda-{id}.md");
        assert!(md.contains(MARKING));
    }
    assert!(!pack.join("nda.md").exists());
    // The RFP is not a draft contract: no marking.
    let rfp = std::fs::read_to_string(pack.join("rfp.md")).unwrap();
    assert!(!rfp.contains(MARKING));
}

#[test]
fn contract_stage_names_the_supplier_without_marking() {
    let dir = tempfile::tempdir().unwrap();
    let pack = build("examples/service-desk-award.yaml", dir.path(), &[]);
    let manifest = std::fs::read_to_string(pack.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"stage\": \"contract\""));
    for kind in ["msa", "sla", "nda"] {
        let md = std::fs::read_to_string(pack.join(format!("{kind}.md"))).unwrap();
        assert!(
            md.contains("Harbourline Managed Services Limited"),
            "{kind}.md"
        );
        assert!(!md.contains(MARKING), "{kind}.md is marked");
        let header = docx_part(&pack.join(format!("{kind}.docx")), "word/header1.xml");
        assert!(!header.contains(MARKING));
        let pages = pdf_pages("examples/service-desk-award.yaml", kind);
        assert!(pages.iter().all(|p| !p.contains(MARKING)));
    }
    let msa = std::fs::read_to_string(pack.join("msa.md")).unwrap();
    assert!(
        msa.contains("awarded the contract for those services to Harbourline on 26 March 2027")
    );
    assert!(msa.contains("| P-01 | Service desk service, all channels, service hours | user | per month | 2400 | No | EUR 24.60 |"));
}

#[test]
fn stage_flag_overrides_and_a_contract_without_supplier_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let pack = build(
        "examples/service-desk-award.yaml",
        dir.path(),
        &["--stage", "tender"],
    );
    let msa = std::fs::read_to_string(pack.join("msa.md")).unwrap();
    assert!(msa.contains(MARKING));
    assert!(!msa.contains("Harbourline Managed Services Limited"));
    let out = run(rfx(&root()).args([
        "build",
        "examples/service-desk.yaml",
        "--stage",
        "contract",
        "-o",
        dir.path().to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the NDA needs `parties.supplier`: the counterparty who signs it"),
        "{err}"
    );
    assert!(err.contains("--> examples/service-desk.yaml:"), "{err}");
}

/// The RFP's attachment table lists exactly the bidder-facing files of the pack.
#[test]
fn attachment_list_equals_the_pack_files() {
    let dir = tempfile::tempdir().unwrap();
    let pack = build("examples/service-desk.yaml", dir.path(), &[]);
    let rfp = std::fs::read_to_string(pack.join("rfp.md")).unwrap();
    let section = rfp
        .split("Attachments <a id=\"rfp-attachments\"></a>")
        .nth(1)
        .unwrap();
    let mut listed: Vec<String> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Document") && !l.starts_with("| :--"))
        .flat_map(|l| {
            let files = l
                .trim_end_matches(" |")
                .rsplit(" | ")
                .next()
                .unwrap()
                .to_string();
            files.split(", ").map(str::to_string).collect::<Vec<_>>()
        })
        .collect();
    listed.push("rfp.md".into());
    listed.push("rfp.pdf".into());
    listed.push("rfp.docx".into());
    listed.sort();
    // Each bidder receives its own NDA: the RFP lists the form once, naming no bidder.
    assert!(!section.contains("Harbourline") && !section.contains("Corrib"));
    listed.retain(|f| !f.starts_with("nda-\\[bidder\\]"));
    // The panel's files (the guide, the matrix, the evaluators' scoring workbooks) are
    // not bidder-facing, so the RFP does not list them.
    let panel = ["evaluation-guide", "scoring-", "manifest.json", "nda-"];
    let mut files: Vec<String> = std::fs::read_dir(&pack)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !panel.iter().any(|p| n.starts_with(p)))
        .collect();
    files.sort();
    assert_eq!(listed, files);
}

/// The evaluated price of the award example, recomputed by hand from its lines:
/// unit price × quantity per period × periods of the 36-month term, plus rate × basket
/// × 3 years.
#[test]
fn evaluated_price_of_the_award_is_computed_from_its_lines() {
    let text = std::fs::read_to_string(root().join("examples/service-desk-award.yaml")).unwrap();
    let file = rfx::spec::load("award.yaml", &text).unwrap();
    let basis = rfx::spec::PriceBasis::of(&file.spec).unwrap();
    assert_eq!(basis.term_months, 36);
    let price = basis.evaluate(file.spec.award.as_ref().unwrap()).unwrap();
    let by_hand = 24.60 * 2400.0 * 36.0 // P-01 users per month
        + 6850.0 * 36.0 // P-02 one service per month
        + 148_000.0 // P-03 one-off transition
        + 3950.0 * 4.0 * 36.0 // P-04 optional, evaluated: four sites per month
        + 420.0 * 40.0 * 3.0 // rate baskets: days per year × 3 years
        + 560.0 * 20.0 * 3.0
        + 780.0 * 10.0 * 3.0
        + 920.0 * 30.0 * 3.0;
    assert_eq!(price.total.to_string(), "3279040");
    assert!((price.total.to_f64() - by_hand).abs() < 0.005);
    let msa = {
        let dir = tempfile::tempdir().unwrap();
        let pack = build(
            "examples/service-desk-award.yaml",
            dir.path(),
            &["--format", "md"],
        );
        std::fs::read_to_string(pack.join("msa.md")).unwrap()
    };
    assert!(
        msa.contains("EUR 3,279,040.00"),
        "the MSA states the evaluated price"
    );
}

/// The companion files follow the documents being built: `--doc nda` writes the NDAs
/// and the manifest only; `--doc rfp` writes the response form and scoring workbooks
/// the RFP refers to.
#[test]
fn companion_files_follow_the_documents_built() {
    let names = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let nda = tempfile::tempdir().unwrap();
    let folder = build(
        "examples/service-desk.yaml",
        nda.path(),
        &["--doc", "nda", "--format", "md"],
    );
    let files = names(&folder);
    assert!(
        files
            .iter()
            .all(|f| f == "manifest.json" || (f.starts_with("nda-") && f.ends_with(".md"))),
        "{files:?}"
    );
    let rfp = tempfile::tempdir().unwrap();
    let folder = build(
        "examples/service-desk.yaml",
        rfp.path(),
        &["--doc", "rfp", "--format", "md"],
    );
    let files = names(&folder);
    for f in [
        "response-form.xlsx",
        "scoring-matrix.csv",
        "pricing-schedule.csv",
    ] {
        assert!(files.iter().any(|x| x == f), "{f} missing from {files:?}");
    }
}
