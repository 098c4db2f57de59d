//! Regression tests for hostile input (issue 11): one test per class of attack, named
//! after it. Each asserts exit 1 with a located diagnostic (or exit 2 for usage) and
//! never a crash, a hang or leaked content.

use crate::support::{rfx, root, run, stderr};
use std::os::unix::fs::symlink;
use std::path::Path;

const SPEC: &str = "examples/laptop-purchase.yaml";

/// A user library whose NDA template body is `body`.
fn library_with_nda(dir: &Path, body: &str) {
    let t = dir.join("lib/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("nda.md"),
        format!("---\nkind: nda\ntitle: NDA\n---\n{body}"),
    )
    .unwrap();
}

fn check_with_library(dir: &Path) -> std::process::Output {
    run(rfx(&root())
        .args(["check", SPEC, "--library"])
        .arg(dir.join("lib")))
}

#[test]
fn template_cannot_read_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    library_with_nda(dir.path(), "# NDA\n\n{{ get_env(name=\"HOME\") }}\n");
    let out = check_with_library(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("`get_env` is not available"), "{err}");
    assert!(err.contains("nda.md:7:4"), "{err}");
    assert!(!err.contains(&std::env::var("HOME").unwrap_or("/root".into())));
}

#[test]
fn recursive_macro_is_a_located_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    library_with_nda(
        dir.path(),
        "# NDA\n\n{% macro m(n) %}{{ self::m(n=n+1) }}{% endmacro m %}{{ self::m(n=1) }}\n",
    );
    let out = check_with_library(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("template recursion"), "{err}");
    assert!(err.contains("nda.md:7:20"), "{err}");
}

#[test]
fn deeply_nested_template_is_a_located_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 200_000;
    library_with_nda(
        dir.path(),
        &format!(
            "# NDA\n\n{{{{ {}1{} }}}}\n",
            "(".repeat(depth),
            ")".repeat(depth)
        ),
    );
    let out = check_with_library(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("more than 100 levels deep"), "{err}");
    assert!(err.contains("nda.md:7:"), "{err}");
}

#[test]
fn unbounded_range_stops_at_the_template_line() {
    let dir = tempfile::tempdir().unwrap();
    library_with_nda(
        dir.path(),
        "# NDA\n\n{% for i in range(end=100000000) %}x{% endfor %}\n",
    );
    let started = std::time::Instant::now();
    let out = check_with_library(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("more than 100000 numbers"), "{err}");
    assert!(err.contains("nda.md:7:13"), "{err}");
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn tera_runtime_errors_are_located() {
    for (body, at) in [
        ("{{ no_such_function() }}", "nda.md:8:4"),
        ("{% include \"no-such-template\" %}", "nda.md:8:13"),
        ("{{ throw(message=\"stop here\") }}", "nda.md:8:4"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        library_with_nda(dir.path(), &format!("# NDA\n\nText.\n{body}\n"));
        let out = check_with_library(dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{body}: {err}");
        assert!(err.contains(at), "{body}: {err}");
    }
}

#[test]
fn library_link_out_of_the_folder_is_refused_without_printing_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "---\ntop-secret-line\n---\n").unwrap();
    std::fs::create_dir_all(dir.path().join("lib/templates")).unwrap();
    symlink(&secret, dir.path().join("lib/templates/nda.md")).unwrap();
    let out = check_with_library(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("outside the library folder"), "{err}");
    assert!(err.contains("templates/nda.md"), "{err}");
    assert!(
        !err.contains("top-secret-line") && !err.contains("secret.txt"),
        "{err}"
    );
}

#[test]
fn library_check_does_not_follow_directory_links() {
    let dir = tempfile::tempdir().unwrap();
    let clauses = dir.path().join("lib/clauses");
    std::fs::create_dir_all(&clauses).unwrap();
    symlink("/", clauses.join("root")).unwrap();
    symlink(&clauses, clauses.join("again")).unwrap();
    let out = run(rfx(dir.path())
        .args(["library", "check"])
        .arg(dir.path().join("lib")));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("clauses/root"), "{err}");
    assert!(!err.contains("clauses/again"), "{err}");
}

#[test]
fn symlinked_output_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let id = "kestrel-moor-laptops-2027";
    let spec = std::fs::read_to_string(root().join(SPEC)).unwrap();
    assert!(spec.contains(id), "the example's engagement id changed");
    symlink(&elsewhere, dir.path().join("out").join(id)).unwrap();
    let out = run(rfx(&root())
        .args(["build", SPEC, "--format", "md", "-o"])
        .arg(dir.path().join("out")));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn device_files_are_refused() {
    let out = run(rfx(&root()).args(["check", "/dev/zero"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn oversized_spec_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    let out = run(rfx(&root()).arg("check").arg(&path));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("larger than 16 MiB"), "{err}");
}

#[test]
fn long_value_gives_a_short_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string(root().join("tests/invalid/bad-date.yaml")).unwrap();
    let long = spec.replace("months: 12", &format!("months: {}", "9x".repeat(5_000_000)));
    let path = dir.path().join("long.yaml");
    std::fs::write(&path, long).unwrap();
    let out = run(rfx(&root()).arg("check").arg(&path));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.len() < 4_000, "{} bytes", out.stderr.len());
}

#[test]
fn terminal_escapes_in_a_spec_are_printed_escaped() {
    let out = run(rfx(&root()).args(["check", "tests/invalid/raw-control-character.yaml"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stderr.contains(&0x1b), "{}", stderr(&out));
    assert!(stderr(&out).contains("raw-control-character.yaml:5:18"));
}

#[test]
fn source_date_epoch_out_of_range_is_a_usage_error() {
    for bad in ["-38000000000", "42", "253402300800", "soon"] {
        let out = run(rfx(&root())
            .args(["check", SPEC])
            .env("SOURCE_DATE_EPOCH", bad));
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("SOURCE_DATE_EPOCH"));
    }
}

#[test]
fn invalid_utf8_in_a_spec_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.yaml");
    std::fs::write(&path, b"spec_version: 1\nengagement:\n  title: Caf\xe9\n").unwrap();
    let out = run(rfx(&root()).arg("check").arg(&path));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("latin1.yaml:3:13"), "{err}");
    assert!(!err.contains("check the path"), "{err}");
}

#[test]
fn missing_cross_reference_points_at_its_ref() {
    let dir = tempfile::tempdir().unwrap();
    library_with_nda(dir.path(), "# NDA\n\nSee {{ ref(id=\"missing-one\") }}.\n");
    let out = check_with_library(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("nda.md:7:12"), "{err}");
}

#[test]
fn render_locates_duplicate_anchors_links_and_undrawable_characters() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("draft.md");
    std::fs::write(
        &md,
        "# A {#x}\n\ntext\n\n# B {#x}\n\nsee [here](#nope) and \u{10FFFD}\n",
    )
    .unwrap();
    let out = run(rfx(dir.path()).args(["render", "draft.md", "-o", "draft.pdf"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for at in ["draft.md:5:6", "draft.md:7:11", "draft.md:7:23"] {
        assert!(err.contains(at), "{at}: {err}");
    }
}

#[test]
fn undrawable_character_in_a_spec_points_at_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string(root().join("tests/invalid/bad-date.yaml"))
        .unwrap()
        .replace("start: 2027-02-30", "start: 2027-02-01")
        .replace("purpose: evaluating", "purpose: \u{10FFFD} evaluating");
    let path = dir.path().join("cjk.yaml");
    std::fs::write(&path, spec).unwrap();
    let out = run(rfx(dir.path())
        .args(["build", "--format", "pdf"])
        .arg(&path));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cjk.yaml:30:12"), "{err}");
}
