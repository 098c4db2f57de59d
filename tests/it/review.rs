//! `rfx review`: a returned MSA edited outside rfx names exactly the clauses touched.

use std::io::{Read as _, Write as _};
use std::path::Path;

use crate::support::{rfx, root, run, stderr};

fn build_msa(dir: &Path, spec: &Path) -> std::path::PathBuf {
    let result = run(rfx(dir)
        .arg("build")
        .arg(spec)
        .args(["--doc", "msa", "--format", "docx", "-o"])
        .arg(dir));
    assert!(result.status.success(), "{}", stderr(&result));
    // The pack folder is named after the engagement.
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path().join("msa.docx"))
        .find(|p| p.is_file())
        .expect("the built MSA")
}

fn read_parts(docx: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn write_parts(docx: &Path, parts: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(docx).unwrap());
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn document_xml(parts: &[(String, Vec<u8>)]) -> String {
    let (_, bytes) = parts
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap();
    String::from_utf8(bytes.clone()).unwrap()
}

fn set_document_xml(parts: &mut [(String, Vec<u8>)], xml: String) {
    for (n, b) in parts.iter_mut() {
        if n == "word/document.xml" {
            *b = xml.clone().into_bytes();
        }
    }
}

/// The byte range of a clause in `document.xml`: from the paragraph holding its
/// heading bookmark to the paragraph holding the next clause's.
fn clause_range(xml: &str, bookmark: &str, next: &str) -> std::ops::Range<usize> {
    let at = |name: &str| {
        let mark = xml
            .find(&format!(r#"w:name="{name}""#))
            .unwrap_or_else(|| panic!("no bookmark {name}"));
        xml[..mark].rfind("<w:p>").unwrap()
    };
    at(bookmark)..at(next)
}

fn review(dir: &Path, docx: &Path, spec: &Path) -> Vec<serde_json::Value> {
    let out = dir.join("review");
    std::fs::create_dir_all(&out).unwrap();
    let result = run(rfx(dir)
        .arg("review")
        .arg(docx)
        .arg("--spec")
        .arg(spec)
        .arg("-o")
        .arg(&out));
    assert!(result.status.success(), "{}", stderr(&result));
    for ext in ["md", "pdf", "docx"] {
        assert!(out.join(format!("deviations.{ext}")).exists());
    }
    std::fs::read_to_string(out.join("deviations.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn deviating(lines: &[serde_json::Value]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter(|l| l["status"] != "unchanged")
        .map(|l| {
            (
                l["clause"].as_str().unwrap().to_string(),
                l["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn review_names_the_changed_and_the_deleted_clause() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("examples/cloud-migration.yaml");
    let docx = build_msa(dir.path(), &spec);
    let mut parts = read_parts(&docx);
    let mut xml = document_xml(&parts);
    // The counterparty softens a warranty and strikes the insurance clause, untracked.
    let warranties = clause_range(&xml, "_Ref_msa_warranties", "_Ref_msa_indemnities");
    let softened =
        xml[warranties.clone()].replacen("will not infringe", "will not knowingly infringe", 1);
    assert_ne!(softened, xml[warranties.clone()]);
    xml.replace_range(warranties, &softened);
    let insurance = clause_range(&xml, "_Ref_msa_insurance", "_Ref_msa_termination");
    xml.replace_range(insurance, "");
    set_document_xml(&mut parts, xml);
    let returned = dir.path().join("returned.docx");
    write_parts(&returned, &parts);

    let lines = review(dir.path(), &returned, &spec);
    assert_eq!(
        deviating(&lines),
        vec![
            ("msa-warranties".to_string(), "changed".to_string()),
            ("msa-insurance".to_string(), "deleted".to_string()),
        ]
    );
    let warranties = lines
        .iter()
        .find(|l| l["clause"] == "msa-warranties")
        .unwrap();
    assert_eq!(warranties["section"], "21");
    assert_eq!(warranties["version"], "1.0.0");
    assert!(
        warranties["change"]
            .as_str()
            .unwrap()
            .contains("{+knowingly +}"),
        "{}",
        warranties["change"]
    );
}

#[test]
fn review_recognises_the_fallback_wording() {
    let dir = tempfile::tempdir().unwrap();
    // Irish law: the library's fallback text applies (the German MSA has its own
    // liability text, chosen before any variant).
    let spec = root().join("examples/service-desk.yaml");
    let sent = build_msa(dir.path(), &spec);
    // The same draft with the fallback limitation of liability, built from a copy.
    let fallback_dir = dir.path().join("fallback");
    std::fs::create_dir_all(&fallback_dir).unwrap();
    let text = std::fs::read_to_string(&spec).unwrap().replace(
        "clauses: {}",
        "clauses:\n  limitation-of-liability:\n    variant: fallback",
    );
    let fallback_spec = fallback_dir.join("service-desk.yaml");
    std::fs::write(&fallback_spec, text).unwrap();
    let fallback = build_msa(&fallback_dir, &fallback_spec);
    let fallback_xml = document_xml(&read_parts(&fallback));

    let mut parts = read_parts(&sent);
    let mut xml = document_xml(&parts);
    let ours = clause_range(&xml, "_Ref_limitation_of_liability", "_Ref_msa_insurance");
    let theirs = clause_range(
        &fallback_xml,
        "_Ref_limitation_of_liability",
        "_Ref_msa_insurance",
    );
    xml.replace_range(ours, &fallback_xml[theirs]);
    set_document_xml(&mut parts, xml);
    let returned = dir.path().join("returned.docx");
    write_parts(&returned, &parts);

    let lines = review(dir.path(), &returned, &spec);
    assert_eq!(
        deviating(&lines),
        vec![("limitation-of-liability".to_string(), "changed".to_string())]
    );
    let clause = lines
        .iter()
        .find(|l| l["clause"] == "limitation-of-liability")
        .unwrap();
    assert_eq!(clause["negotiable"], true);
    assert_eq!(
        clause["fallback"],
        "limitation-of-liability@2.0.0 (fallback)"
    );
}

#[test]
fn a_returned_file_that_is_not_a_docx_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("back.docx"), "plain text").unwrap();
    let spec = root().join("examples/cloud-migration.yaml");
    let result = run(rfx(dir.path())
        .args(["review", "back.docx", "--spec"])
        .arg(&spec));
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("cannot read `back.docx` as a Word document"),
        "{}",
        stderr(&result)
    );
}
