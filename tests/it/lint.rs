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
    assert_eq!(names, ["two-values", "undefined-term", "words-digits"]);
    for name in names {
        let library = format!("tests/lint/{name}");
        let out = run(rfx(&root()).args([
            "lint",
            "tests/lint/nda.yaml",
            "--library",
            &library,
            "--deny",
            "warnings",
        ]));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert_golden(&format!("tests/lint/{name}.expected"), &stderr(&out));
        // Without `--deny warnings` the same findings are warnings and the run succeeds.
        let out = run(rfx(&root()).args(["lint", "tests/lint/nda.yaml", "--library", &library]));
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("warning: "), "{name}");
    }
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
