//! Tender packs and batch runs.

use crate::support::{rfx, root, run, stderr, tree};
use std::path::Path;

fn sha256(bytes: &[u8]) -> String {
    rfx::digest::sha256_hex(bytes)
}

/// `count` copies of the starter spec with distinct engagement ids, in `dir/specs`.
fn spec_folder(dir: &Path, count: usize) -> std::path::PathBuf {
    let specs = dir.join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    for i in 0..count {
        let text = rfx::spec::STARTER.replace("id: example-nda", &format!("id: engagement-{i:03}"));
        std::fs::write(specs.join(format!("e{i:03}.yaml")), text).unwrap();
    }
    specs
}

#[test]
fn pack_has_documents_csvs_and_a_manifest_with_true_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("examples/service-desk.yaml");
    let out = run(rfx(dir.path())
        .args(["build", "--format", "md", "-o", "out"])
        .arg(&spec));
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    let listed: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for f in manifest["files"].as_array().unwrap() {
        let bytes = std::fs::read(folder.join(f["path"].as_str().unwrap())).unwrap();
        assert_eq!(f["sha256"].as_str().unwrap(), sha256(&bytes));
        assert_eq!(f["bytes"].as_u64().unwrap() as usize, bytes.len());
    }
    for kind in [
        "rfi",
        "rfp",
        "rfq",
        "msa",
        "sla",
        "nda-harbourline",
        "evaluation-guide",
    ] {
        assert!(
            listed.contains(&format!("{kind}.md").as_str()),
            "{kind} missing: {listed:?}"
        );
    }
    assert!(listed.contains(&"scoring-matrix.csv") && listed.contains(&"pricing-schedule.csv"));
    assert_eq!(
        manifest["spec"]["sha256"].as_str().unwrap(),
        sha256(&std::fs::read(&spec).unwrap())
    );
    assert_eq!(manifest["build_time"], "2026-01-01T00:00:00Z");
    assert!(
        manifest["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "limitation-of-liability"
                && c["document"] == "msa"
                && c["version"].as_str().is_some())
    );
    // Every file in the folder is listed (and nothing else is there but the manifest).
    let on_disk: Vec<String> = tree(&folder).into_iter().map(|(p, _)| p).collect();
    assert_eq!(on_disk.len(), listed.len() + 1);
}

#[test]
fn csv_columns_follow_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = root().join("examples/service-desk.yaml");
    let out = run(rfx(dir.path())
        .args(["build", "--format", "md", "-o", "out"])
        .arg(&spec_path));
    assert!(out.status.success(), "{}", stderr(&out));
    let spec = rfx::spec::load("s", &std::fs::read_to_string(&spec_path).unwrap())
        .unwrap()
        .spec;
    let folder = dir.path().join("out").join(&spec.engagement.id);
    let matrix = std::fs::read_to_string(folder.join("scoring-matrix.csv")).unwrap();
    let mut lines = matrix.lines();
    // One score column per bidder and evaluator of the panel, and a consensus column.
    let mut header = String::from("block,criterion,question_set,id,item,weight,scale");
    for b in ["harbourline", "corrib-digital", "northgate-it"] {
        for e in [
            "IT Service Manager",
            "Information Security Officer",
            "Procurement Officer",
            "consensus",
        ] {
            header.push_str(&format!(",{b}: {e}"));
        }
    }
    assert_eq!(lines.next().unwrap(), header);
    let rows: Vec<&str> = lines.collect();
    let evaluation = spec.evaluation.as_ref().unwrap();
    assert_eq!(
        rows.iter().filter(|r| r.starts_with("criterion,")).count(),
        evaluation.criteria.len()
    );
    // Every award row names one of the spec's criterion ids.
    let ids: Vec<&str> = evaluation.criteria.iter().map(|c| c.id.as_str()).collect();
    let award: Vec<&str> = rows
        .iter()
        .copied()
        .filter(|r| r.starts_with("award,"))
        .collect();
    assert!(award.len() > 20);
    for r in &award {
        let criterion = r.split(',').nth(1).unwrap();
        assert!(ids.contains(&criterion), "{r}");
    }
    // Gates: the mandatory requirements and the knock-out questions.
    let mandatory = spec
        .requirements
        .iter()
        .filter(|r| r.priority == rfx::spec::Priority::Mandatory)
        .count();
    assert!(rows.iter().filter(|r| r.starts_with("gate,")).count() > mandatory);
    assert!(rows.iter().any(|r| r.starts_with("selection,")));
    assert!(!matrix.contains("evaluator_notes"));
    let schedule = std::fs::read_to_string(folder.join("pricing-schedule.csv")).unwrap();
    let mut lines = schedule.lines();
    assert_eq!(
        lines.next().unwrap(),
        "row,id,description,unit,period,quantity_per_period,periods,evaluated_quantity,optional,evaluated,currency,unit_price,evaluated_total"
    );
    let rows: Vec<&str> = lines.collect();
    let pricing = spec.pricing.as_ref().unwrap();
    assert_eq!(
        rows.iter().filter(|r| r.starts_with("line,")).count(),
        pricing.lines.len()
    );
    assert!(rows.contains(&"line,P-01,\"Service desk service, all channels, service hours\",user,month,2400,36,86400,no,yes,EUR,,"));
    assert!(rows.contains(&"rate,Service desk analyst,Ireland,day,year,40,,120,no,yes,EUR,,"));
    assert_eq!(
        rows.iter().filter(|r| r.starts_with("milestone,")).count(),
        3
    );
    assert!(rows.iter().any(|r| r.starts_with("total,vat,VAT,%,,23,")));
}

#[test]
fn a_broken_spec_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let specs = spec_folder(dir.path(), 4);
    std::fs::write(specs.join("broken.yaml"), "engagement: {id: [\n").unwrap();
    let out = run(rfx(dir.path()).args(["batch", "specs", "-o", "out", "--format", "md"]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("specs/broken.yaml:"), "{err}");
    assert!(err.contains("4 built, 0 up to date, 1 failed"), "{err}");
    for i in 0..4 {
        assert!(
            dir.path()
                .join(format!("out/engagement-{i:03}/manifest.json"))
                .exists()
        );
    }
}

/// A folder of specs may hold other YAML (a library's themes, a tool's data): those are
/// listed and left alone, while a spec with a mistake still fails, and a file named on
/// the command line is always read as a spec.
#[test]
fn yaml_that_is_plainly_not_a_spec_is_left_alone_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let specs = spec_folder(dir.path(), 2);
    std::fs::create_dir_all(specs.join("house/themes")).unwrap();
    std::fs::write(specs.join("house/themes/acme.yaml"), "paper: letter\n").unwrap();
    std::fs::write(
        specs.join("typo.yaml"),
        "documents: [nda]\nengagment: {id: x}\n",
    )
    .unwrap();
    let out = run(rfx(dir.path()).args(["batch", "specs", "-o", "out", "--format", "md"]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("left alone specs/house/themes/acme.yaml: not a spec"),
        "{err}"
    );
    assert!(err.contains("specs/typo.yaml:"), "{err}");
    assert!(
        err.contains("2 built, 0 up to date, 1 failed, 1 file not a spec"),
        "{err}"
    );
    let named = run(rfx(dir.path()).args(["batch", "specs/house/themes/acme.yaml", "-o", "out"]));
    assert_eq!(named.status.code(), Some(1));
    assert!(stderr(&named).contains("1 failed;"), "{}", stderr(&named));
}

#[test]
fn rerun_skips_current_packs_and_force_rebuilds_identically() {
    let dir = tempfile::tempdir().unwrap();
    spec_folder(dir.path(), 3);
    let first = run(rfx(dir.path()).args(["batch", "specs", "-o", "out", "--format", "md"]));
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&dir.path().join("out"));
    let second = run(rfx(dir.path()).args([
        "batch",
        "specs",
        "-o",
        "out",
        "--format",
        "md",
        "--message-format",
        "json",
    ]));
    let stdout = String::from_utf8(second.stdout).unwrap();
    assert_eq!(
        stdout.matches("\"status\":\"skipped\"").count(),
        3,
        "{stdout}"
    );
    // A changed spec is rebuilt; the others stay skipped.
    let changed = dir.path().join("specs/e001.yaml");
    let text = std::fs::read_to_string(&changed)
        .unwrap()
        .replace("term_months: 12", "term_months: 18");
    std::fs::write(&changed, text).unwrap();
    let third = run(rfx(dir.path()).args([
        "batch",
        "specs",
        "-o",
        "out",
        "--format",
        "md",
        "--message-format",
        "json",
    ]));
    let stdout = String::from_utf8(third.stdout).unwrap();
    assert_eq!(
        stdout.matches("\"status\":\"built\"").count(),
        1,
        "{stdout}"
    );
    std::fs::write(
        &changed,
        std::fs::read_to_string(&changed)
            .unwrap()
            .replace("term_months: 18", "term_months: 12"),
    )
    .unwrap();
    let forced = run(rfx(dir.path()).args([
        "batch", "specs", "-o", "out", "--format", "md", "--force", "--jobs", "1",
    ]));
    assert!(forced.status.success());
    assert_eq!(tree(&dir.path().join("out")), before);
}

/// A pack is current while its `--library` folder's files are unchanged, wherever the
/// folder is named from; a changed library file makes it stale.
#[test]
fn a_changed_library_file_rebuilds_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    spec_folder(dir.path(), 1);
    let clause = dir.path().join("lib/clauses/site-rules/1.0.0.md");
    std::fs::create_dir_all(clause.parent().unwrap()).unwrap();
    let text = "---\nid: site-rules\nversion: 1.0.0\ntitle: Site rules\nstatus: approved\n---\n# Site rules { #site-rules }\n\nVisitors sign in at reception.\n";
    std::fs::write(&clause, text).unwrap();
    let absolute = dir.path().join("lib").display().to_string();
    let batch = |library: &str| {
        let out = run(rfx(dir.path()).args([
            "batch",
            "specs",
            "-o",
            "out",
            "--format",
            "md",
            "--library",
            library,
            "--message-format",
            "json",
        ]));
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(batch("lib").contains("\"status\":\"built\""));
    assert!(batch("lib").contains("\"status\":\"skipped\""));
    assert!(batch(&absolute).contains("\"status\":\"skipped\""));
    std::fs::write(&clause, text.replace("reception", "the gate")).unwrap();
    assert!(batch("lib").contains("\"status\":\"built\""));
}

/// A pack built to one PDF standard is not up to date for another.
#[test]
fn another_pdf_standard_rebuilds_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    spec_folder(dir.path(), 1);
    let batch = |standard: Option<&str>| {
        let mut cmd = rfx(dir.path());
        cmd.args([
            "batch",
            "specs",
            "-o",
            "out",
            "--format",
            "pdf",
            "--message-format",
            "json",
        ]);
        if let Some(s) = standard {
            cmd.args(["--pdf-standard", s]);
        }
        let out = run(&mut cmd);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(batch(None).contains("\"status\":\"built\""));
    assert!(batch(None).contains("\"status\":\"skipped\""));
    let default = rfx::writers::PdfStandard::default().name();
    assert!(batch(Some(default)).contains("\"status\":\"skipped\""));
    assert!(batch(Some("a-2b")).contains("\"status\":\"built\""));
    assert!(batch(Some("a-2b")).contains("\"status\":\"skipped\""));
    assert!(batch(None).contains("\"status\":\"built\""));
}

#[test]
fn shards_partition_the_specs() {
    let dir = tempfile::tempdir().unwrap();
    spec_folder(dir.path(), 12);
    let mut seen = Vec::new();
    for k in 1..=3 {
        let out_dir = format!("out{k}");
        let out = run(rfx(dir.path()).args([
            "batch",
            "specs",
            "--format",
            "md",
            "--shard",
            &format!("{k}/3"),
            "-o",
            &out_dir,
        ]));
        assert!(out.status.success(), "{}", stderr(&out));
        if let Ok(entries) = std::fs::read_dir(dir.path().join(&out_dir)) {
            for e in entries {
                seen.push(e.unwrap().file_name().into_string().unwrap());
            }
        }
    }
    seen.sort();
    let expected: Vec<String> = (0..12).map(|i| format!("engagement-{i:03}")).collect();
    assert_eq!(seen, expected, "every spec in exactly one shard");
    let bad = run(rfx(dir.path()).args(["batch", "specs", "--shard", "4/3"]));
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn duplicate_engagement_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let specs = spec_folder(dir.path(), 1);
    std::fs::copy(specs.join("e000.yaml"), specs.join("e000-copy.yaml")).unwrap();
    let out = run(rfx(dir.path()).args(["batch", "specs", "-o", "out", "--format", "md"]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("engagement id `engagement-000` is also used by"),
        "{err}"
    );
    // The second in path order (`e000.yaml`) is refused, at its id.
    assert!(err.contains("--> specs/e000.yaml:21:7"), "{err}");
    // A spec that does not load claims no folder: the valid one with its id builds.
    let text = std::fs::read_to_string(specs.join("e000-copy.yaml")).unwrap();
    let broken = text.replacen("documents:", "documents: 7\nx:", 1);
    std::fs::write(specs.join("e000-copy.yaml"), broken).unwrap();
    let out =
        run(rfx(dir.path()).args(["batch", "specs", "-o", "out", "--format", "md", "--force"]));
    let err = stderr(&out);
    assert!(err.contains("1 built, 0 up to date, 1 failed"), "{err}");
    assert!(!err.contains("is also used by"), "{err}");
}

#[test]
fn a_killed_batch_leaves_only_complete_files_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    spec_folder(dir.path(), 60);
    let mut child = rfx(dir.path())
        .args(["batch", "specs", "-o", "out", "--jobs", "2"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it mid-run: once some packs exist, but (60 specs) before all of them do.
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(30) {
        let packs = std::fs::read_dir(dir.path().join("out")).map_or(0, |d| d.count());
        if packs >= 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    // Whatever exists under its real name is complete: equal to a clean build's file.
    let clean = tempfile::tempdir().unwrap();
    spec_folder(clean.path(), 60);
    let done = run(rfx(clean.path()).args(["batch", "specs", "-o", "out"]));
    assert!(done.status.success(), "{}", stderr(&done));
    let reference: std::collections::BTreeMap<String, Vec<u8>> =
        tree(&clean.path().join("out")).into_iter().collect();
    for (path, bytes) in tree(&dir.path().join("out")) {
        let name = path.rsplit('/').next().unwrap();
        if rfx::output::is_temp_file(name) {
            continue;
        }
        assert_eq!(
            reference.get(&path),
            Some(&bytes),
            "{path} is incomplete or wrong"
        );
    }
    // A rerun completes the work and leaves no temporary file behind.
    let rerun = run(rfx(dir.path()).args(["batch", "specs", "-o", "out"]));
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let after = tree(&dir.path().join("out"));
    assert!(
        after
            .iter()
            .all(|(p, _)| !rfx::output::is_temp_file(p.rsplit('/').next().unwrap()))
    );
    assert_eq!(
        after
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
        reference
    );
}

/// `rfx build` and `rfx batch` build a pack the same way: a pack built by one is up to
/// date for the other, with the spec's lockfile (written by the build) in place.
#[test]
fn a_pack_built_by_build_is_up_to_date_for_batch() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::copy(
        root().join("examples/laptop-purchase.yaml"),
        specs.join("laptops.yaml"),
    )
    .unwrap();
    let out = run(rfx(dir.path())
        .args(["build", "--format", "md", "-o", "out"])
        .arg(specs.join("laptops.yaml")));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        specs.join("laptops.yaml.lock").exists(),
        "the build writes the lock"
    );
    let batch = || {
        run(rfx(dir.path())
            .args(["batch", "--format", "md", "-o", "out"])
            .arg(&specs))
    };
    let out = batch();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 built, 1 up to date"),
        "{}",
        stderr(&out)
    );
    // A lock that records other wording than the pack used makes the pack stale (and
    // this one fails to build: the locked wording is not in the library).
    let mut lock = std::fs::read_to_string(specs.join("laptops.yaml.lock")).unwrap();
    let at = lock.find("sha256 = \"").unwrap() + "sha256 = \"".len();
    lock.replace_range(at..at + 64, &"0".repeat(64));
    std::fs::write(specs.join("laptops.yaml.lock"), &lock).unwrap();
    let out = batch();
    assert!(stderr(&out).contains("0 up to date"), "{}", stderr(&out));
}
