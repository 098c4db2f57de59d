//! `rfx lint`: fixtures with their exact findings, the examples lint clean, JSON output.

use crate::support::{assert_golden, examples, rfx, root, run, stderr};

#[test]
fn lint_fixtures_give_their_exact_findings() {
    // Each folder of `tests/lint/` is a user library laid over the built-in one.
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/lint"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "amount-currency",
            "review-cadence",
            "stage-numbers",
            "two-values",
            "undefined-term",
            "words-digits"
        ]
    );
    // The MSA and SLA fixtures lint the service-desk example without its lockfile, so
    // the fixture's clause version is chosen.
    let pack = tempfile::tempdir().unwrap();
    let service_desk = pack.path().join("service-desk.yaml");
    std::fs::copy(root().join("examples/service-desk.yaml"), &service_desk).unwrap();
    for name in names {
        let library = format!("tests/lint/{name}");
        let mut args = vec!["lint".to_string()];
        if matches!(name.as_str(), "amount-currency" | "review-cadence") {
            args.push(service_desk.display().to_string());
            args.extend(["--doc", "msa", "--doc", "sla"].map(String::from));
        } else {
            args.push("tests/lint/nda.yaml".into());
        }
        args.extend(["--library".to_string(), library]);
        let out = run(rfx(&root()).args(&args).args(["--deny", "warnings"]));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert_golden(&format!("tests/lint/{name}.expected"), &stderr(&out));
        // Without `--deny warnings` the same findings are warnings and the run succeeds.
        let out = run(rfx(&root()).args(&args));
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("warning: "), "{name}");
    }
}

#[test]
fn a_rule_is_off_when_its_unless_flag_is_set() {
    let pack = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/service-desk.yaml")).unwrap();
    let mixed = text.replace(
        "allow_mixed_currencies: false",
        "allow_mixed_currencies: true",
    );
    assert_ne!(text, mixed);
    let spec = pack.path().join("service-desk.yaml");
    std::fs::write(&spec, mixed).unwrap();
    let out = run(rfx(&root())
        .arg("lint")
        .arg(&spec)
        .args(["--doc", "msa", "--doc", "sla", "--deny", "warnings"])
        .args(["--library", "tests/lint/amount-currency"]));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn every_example_and_the_starter_lint_clean() {
    let mut specs = examples();
    specs.push(root().join("tests/lint/nda.yaml"));
    let out = run(rfx(&root())
        .arg("lint")
        .args(&specs)
        .args(["--deny", "warnings"]));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn json_findings_parse_one_object_per_line() {
    let out = run(rfx(&root()).args([
        "--message-format",
        "json",
        "lint",
        "tests/lint/nda.yaml",
        "--library",
        "tests/lint/undefined-term",
    ]));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["severity"], "warning");
        assert!(
            v["location"]["file"]
                .as_str()
                .unwrap()
                .ends_with("9.0.0.md")
        );
        assert!(v["location"]["line"].as_u64().unwrap() > 0);
    }
}

#[test]
fn check_with_lint_reports_findings_after_the_checks() {
    let out = run(rfx(&root()).args([
        "check",
        "tests/lint/nda.yaml",
        "--lint",
        "--library",
        "tests/lint/words-digits",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the words say 30 but the digits say 20"),
        "{}",
        stderr(&out)
    );
}
