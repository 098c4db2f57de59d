//! The command line as users and scripts drive it.

use crate::support::{assert_golden, examples, rfx, root, run, stderr, tree};
use rfx::doc::{Block, Inline};

#[test]
fn every_example_builds_to_golden_markdown_from_another_directory() {
    let cwd = tempfile::tempdir().unwrap();
    for spec in examples() {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let out = run(rfx(cwd.path())
            .args(["build", "--format", "md", "-o", "out"])
            .arg(&spec));
        assert!(out.status.success(), "{stem}: {}", stderr(&out));
        let built = tree(&cwd.path().join("out"));
        assert!(!built.is_empty(), "{stem}: nothing written");
        for (rel, bytes) in built {
            let (_, file) = rel.split_once('/').unwrap();
            // Workbooks are binary; tests/it/evaluate.rs reads them back.
            if file.ends_with(".xlsx") {
                continue;
            }
            assert_golden(
                &format!("tests/golden/md/{stem}/{file}"),
                &String::from_utf8(bytes).unwrap(),
            );
        }
        std::fs::remove_dir_all(cwd.path().join("out")).unwrap();
    }
}

#[test]
fn rebuilding_gives_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    for spec in examples() {
        for target in ["a", "b"] {
            let out = run(rfx(dir.path()).args(["build", "-o", target]).arg(&spec));
            assert!(out.status.success(), "{}", stderr(&out));
        }
    }
    let a = tree(&dir.path().join("a"));
    assert!(!a.is_empty());
    assert_eq!(a, tree(&dir.path().join("b")));
}

/// Rebuilding into the same folder leaves files that already hold the new bytes as they
/// are, says so, and restores a file someone edited.
#[test]
fn rebuilding_in_place_rewrites_only_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("examples/service-desk.yaml");
    let build = || {
        let out = run(rfx(dir.path())
            .args(["build", "--doc", "nda", "--format", "md", "-o", "out"])
            .arg(&spec));
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    let first = build();
    assert!(first.contains("wrote 4 files in"), "{first}");
    let before = tree(&dir.path().join("out"));
    let (edited, _) = before.iter().find(|(rel, _)| rel.ends_with(".md")).unwrap();
    let path = dir.path().join("out").join(edited);
    std::fs::write(&path, "edited by hand").unwrap();
    let second = build();
    assert!(
        second.contains("wrote 1 file and left 3 unchanged in"),
        "{second}"
    );
    assert_eq!(tree(&dir.path().join("out")), before);
}

#[test]
fn invalid_specs_give_their_exact_diagnostic_and_exit_1() {
    let mut seen = 0;
    // `tests/invalid/` fails in the spec stage, `tests/invalid/library/` against the library.
    let mut fixtures: Vec<String> = Vec::new();
    for folder in ["tests/invalid", "tests/invalid/library"] {
        for entry in std::fs::read_dir(root().join(folder)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".yaml") {
                fixtures.push(format!("{folder}/{name}"));
            }
        }
    }
    fixtures.sort();
    for rel in fixtures {
        let name = rel.clone();
        let out = run(rfx(&root()).args(["check", &rel]));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert_golden(&rel.replace(".yaml", ".expected"), &stderr(&out));
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} invalid fixtures");
}

/// `tests/warnings/NAME.yaml` passes `rfx check` (exit 0) with exactly the warnings
/// in `NAME.expected`.
#[test]
fn check_warnings_are_exact() {
    let mut fixtures: Vec<String> = std::fs::read_dir(root().join("tests/warnings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| format!("tests/warnings/{n}"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 2, "{fixtures:?}");
    for rel in fixtures {
        let out = run(rfx(&root()).args(["check", &rel]));
        assert_eq!(out.status.code(), Some(0), "{rel}: {}", stderr(&out));
        assert_golden(&rel.replace(".yaml", ".expected"), &stderr(&out));
    }
}

#[test]
fn json_diagnostics_are_one_object_per_line() {
    let out = run(rfx(&root()).args([
        "--message-format",
        "json",
        "check",
        "tests/invalid/library/unknown-clause.yaml",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["severity"], "error");
    assert_eq!(
        first["location"]["file"],
        "tests/invalid/library/unknown-clause.yaml"
    );
    assert!(first["location"]["line"].as_u64().unwrap() > 0);
}

#[test]
fn usage_errors_exit_2() {
    let cwd = root();
    for args in [
        vec!["build"],
        vec!["build", "examples/x.yaml", "--format", "odt"],
        vec!["build", "examples/x.yaml", "--doc", "sow"],
        vec!["frobnicate"],
        vec!["render", "README.md", "-o", "out.txt"],
        vec!["build", "examples/x.yaml", "--pdf-standard", "a-3"],
    ] {
        let out = run(rfx(&cwd).args(&args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let out = run(rfx(&cwd).args(["batch", "examples", "--pdf-standard", "ua-2"]));
    assert!(
        stderr(&out).contains("use a-2b, a-2u, a-2u+ua-1, ua-1, none"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_spec_file_is_a_clear_error() {
    let out = run(rfx(&root()).args(["build", "no/such/spec.yaml"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read spec `no/such/spec.yaml`"));
}

#[test]
fn init_writes_a_starter_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(rfx(dir.path()).args(["init", "mine.yaml"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let again = run(rfx(dir.path()).args(["init", "mine.yaml"]));
    assert_eq!(
        again.status.code(),
        Some(1),
        "init must not overwrite silently"
    );
    let check = run(rfx(dir.path()).args(["check", "mine.yaml"]));
    assert!(check.status.success(), "{}", stderr(&check));
    let build = run(rfx(dir.path()).args(["build", "mine.yaml", "--format", "md"]));
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(!tree(&dir.path().join("out")).is_empty());
}

#[test]
fn schema_is_json_schema_of_the_spec() {
    let out = run(rfx(&root()).arg("schema"));
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = &schema["properties"];
    for key in [
        "engagement",
        "parties",
        "documents",
        "contract",
        "sla",
        "nda",
        "clauses",
    ] {
        assert!(props.get(key).is_some(), "schema lacks `{key}`");
    }
}

#[test]
fn render_converts_commonmark_with_tables_and_keeps_html_literal() {
    let dir = tempfile::tempdir().unwrap();
    let input = "# Scope\n\nText with <script>alert(1)</script> and *emphasis*.\n\n\
                 | Item | Qty |\n|:--|--:|\n| Laptop | 2 |\n\n- one\n- two\n\n## Detail\n\nSee [the scope](#scope).\n";
    std::fs::write(dir.path().join("draft.md"), input).unwrap();
    let out = run(rfx(dir.path()).args(["render", "draft.md", "-o", "final.md"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.path().join("final.md")).unwrap();
    assert!(
        written.contains("# 1 Scope <a id=\"scope\"></a>"),
        "{written}"
    );
    assert!(
        written.contains("\\<script>alert(1)\\</script>"),
        "{written}"
    );
    assert!(written.contains("| Laptop | 2 |"));
    assert!(written.contains("[the scope](#scope)"));
    // Rendering the rendered file again changes nothing.
    let out = run(rfx(dir.path()).args(["render", "final.md", "-o", "again.md"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("again.md")).unwrap(),
        written
    );
}

/// Spec values that look like templates or Markdown stay literal text in the output.
#[test]
fn injected_values_round_trip_as_literal_text() {
    let nasty = [
        "{{ 7*7 }}",
        "{% include \"x\" %}",
        "# Heading",
        "**bold**",
        "[x](javascript:alert(1))",
        "<script>alert(1)</script>",
        "| a | b |",
    ];
    let starter = rfx::spec::STARTER;
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(starter).unwrap();
    let purpose = nasty.join(" ");
    yaml["nda"]["purpose"] = serde_yaml::Value::String(purpose.clone());
    yaml["parties"]["supplier"]["legal_name"] = serde_yaml::Value::String(nasty[2].into());
    yaml["engagement"]["title"] = serde_yaml::Value::String(nasty[0].into());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("spec.yaml"),
        serde_yaml::to_string(&yaml).unwrap(),
    )
    .unwrap();
    let out = run(rfx(dir.path()).args(["build", "spec.yaml", "--doc", "nda", "--format", "md"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let id = yaml["engagement"]["id"].as_str().unwrap();
    let md = std::fs::read_to_string(dir.path().join(format!("out/{id}/nda.md"))).unwrap();
    assert!(!md.contains("49"), "a value was evaluated");
    let doc = rfx::markdown::parse(&md);
    assert_eq!(doc.meta.subtitle.as_deref(), Some(nasty[0]));
    let text = all_text(&doc.blocks);
    assert!(text.contains(&purpose), "purpose not literal in:\n{text}");
    assert!(text.contains("# Heading"));
    // No heading, link or table came from a value.
    fn no_injected_structure(blocks: &[Block]) {
        for b in blocks {
            if let Block::Heading(h) = b {
                assert_ne!(Inline::plain_text(&h.content), "Heading");
            }
            if let Block::Paragraph(inl) = b {
                assert!(!inl.iter().any(
                    |i| matches!(i, Inline::Link { url, .. } if url.starts_with("javascript"))
                ));
            }
        }
    }
    no_injected_structure(&doc.blocks);
}

fn all_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(h) => out.push_str(&Inline::plain_text(&h.content)),
            Block::Paragraph(i) => out.push_str(&Inline::plain_text(i)),
            Block::List(l) => {
                for item in &l.items {
                    out.push_str(&all_text(item));
                }
            }
            Block::Table(t) => {
                for cell in t.header.iter().chain(t.rows.iter().flatten()) {
                    out.push_str(&Inline::plain_text(cell));
                    out.push(' ');
                }
            }
            Block::BlockQuote(inner) => out.push_str(&all_text(inner)),
            _ => {}
        }
        out.push('\n');
    }
    out
}
