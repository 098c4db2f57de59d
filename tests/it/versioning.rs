//! The versioned clause library: pins, status rules, variant and jurisdiction fallback,
//! the lockfile, release checks, diff and impact — driven through the `rfx` binary.

use crate::support::{rfx, run, stderr};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A workspace: a user library folder and a spec built from the starter.
struct Workspace {
    dir: tempfile::TempDir,
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Workspace {
    fn new() -> Workspace {
        let ws = Workspace {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(ws.path().join("lib/clauses/nda-term")).unwrap();
        ws.spec("clauses: {}");
        ws
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn lib(&self) -> PathBuf {
        self.path().join("lib")
    }

    /// Writes the spec with `clauses` (YAML) replacing the starter's `clauses: {}`, and
    /// `extra` added to the engagement.
    fn spec_with(&self, clauses: &str, engagement_extra: &str) {
        let mut text = rfx::spec::STARTER.replace("clauses: {}", clauses);
        if !engagement_extra.is_empty() {
            text = text.replacen(
                "engagement:\n",
                &format!("engagement:\n  {engagement_extra}\n"),
                1,
            );
        }
        std::fs::write(self.path().join("spec.yaml"), text).unwrap();
    }

    fn spec(&self, clauses: &str) {
        self.spec_with(clauses, "");
    }

    /// A user-library version of `nda-term` whose body carries a recognisable marker.
    fn term(&self, file: &str, front: &str, marker: &str) {
        let text = format!(
            "---\nid: nda-term\ntitle: Term and survival\ndocuments: [nda]\n{front}\n---\n# Term and survival {{ #nda-term }}\n\nThis Agreement lasts as agreed. Marker {marker}.\n"
        );
        std::fs::write(self.lib().join("clauses/nda-term").join(file), text).unwrap();
    }

    fn rfx(&self, args: &[&str]) -> Output {
        let lib = self.lib();
        let mut cmd = rfx(self.path());
        cmd.args(args);
        if matches!(args.first(), Some(&"build" | &"lock" | &"outdated"))
            || matches!(args.get(1), Some(&"diff" | &"impact" | &"show" | &"list"))
        {
            cmd.arg("--library").arg(&lib);
        }
        run(&mut cmd)
    }

    fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", "spec.yaml", "--format", "md", "-o", "out"];
        args.extend_from_slice(extra);
        self.rfx(&args)
    }

    fn nda(&self) -> String {
        std::fs::read_to_string(self.path().join("out/example-nda/nda.md")).unwrap_or_default()
    }

    fn lock_text(&self) -> String {
        std::fs::read_to_string(self.path().join("spec.yaml.lock")).unwrap_or_default()
    }

    /// The standard history: 1.1.0, 1.1.1, 1.2.0 and 2.0.0 approved, 2.1.0 draft.
    fn history(&self) {
        self.term("1.1.0.md", "version: 1.1.0\nstatus: approved", "T110");
        self.term("1.1.1.md", "version: 1.1.1\nstatus: approved", "T111");
        self.term("1.2.0.md", "version: 1.2.0\nstatus: approved", "T120");
        self.term("2.0.0.md", "version: 2.0.0\nstatus: approved", "T200");
        self.term("2.1.0.md", "version: 2.1.0\nstatus: draft", "T210");
    }
}

/// Asserts a failed run with exit 1 whose stderr has `message` located at `file:line`.
fn assert_located(out: &Output, message: &str, at: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(message), "expected `{message}` in:\n{err}");
    assert!(
        err.lines().any(|l| l.contains("--> ") && l.contains(at)),
        "expected a location `--> …{at}` in:\n{err}"
    );
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn pins_resolve_with_each_operator() {
    let ws = Workspace::new();
    ws.history();
    for (pin, marker) in [
        (None, "T200"),
        (Some("^1"), "T120"),
        (Some("~1.1"), "T111"),
        (Some("=1.1.0"), "T110"),
        (Some(">=1.1.1, <1.2.0"), "T111"),
    ] {
        match pin {
            Some(p) => ws.spec(&format!("clauses:\n  nda-term: {{version: \"{p}\"}}")),
            None => ws.spec("clauses: {}"),
        }
        let _ = std::fs::remove_file(ws.path().join("spec.yaml.lock"));
        let out = ws.build(&[]);
        assert!(out.status.success(), "{pin:?}: {}", stderr(&out));
        assert!(ws.nda().contains(&format!("Marker {marker}")), "{pin:?}");
    }
}

#[test]
fn a_pin_nothing_matches_points_at_the_spec_line() {
    let ws = Workspace::new();
    ws.history();
    ws.spec("clauses:\n  nda-term: {version: \"^3\"}");
    let out = ws.build(&[]);
    let spec = std::fs::read_to_string(ws.path().join("spec.yaml")).unwrap();
    let line = line_of(&spec, "nda-term: {version");
    assert_located(
        &out,
        "no version of clause `nda-term` matches `^3`",
        &format!("spec.yaml:{line}:"),
    );
    let err = stderr(&out);
    assert!(err.contains("help: available: 1.0.0 (approved"), "{err}");
    assert!(err.contains("2.1.0 (draft"), "{err}");
    assert!(
        !ws.path().join("out").exists(),
        "nothing is written on error"
    );
}

#[test]
fn drafts_need_the_opt_in_and_deprecated_versions_a_pin() {
    let ws = Workspace::new();
    ws.history();
    ws.term(
        "1.2.0.md",
        "version: 1.2.0\nstatus: deprecated\ndeprecated: {reason: \"survival period unclear\", replacement: \"nda-term@2.0.0\"}",
        "T120",
    );
    // A draft is never chosen by default…
    assert!(ws.build(&[]).status.success());
    assert!(ws.nda().contains("Marker T200"));
    // …but is with `allow_draft_clauses`.
    let text = rfx::spec::STARTER.replace(
        "spec_version: 1",
        "spec_version: 1\nallow_draft_clauses: true",
    );
    std::fs::write(ws.path().join("spec.yaml"), text).unwrap();
    std::fs::remove_file(ws.path().join("spec.yaml.lock")).unwrap();
    assert!(ws.build(&[]).status.success());
    assert!(ws.nda().contains("Marker T210"));
    // A pin that matches only the draft fails without the opt-in, at the pin.
    ws.spec("clauses:\n  nda-term: {version: \"=2.1.0\"}");
    std::fs::remove_file(ws.path().join("spec.yaml.lock")).unwrap();
    let out = ws.build(&[]);
    assert_located(
        &out,
        "are drafts, and the spec does not allow drafts",
        "spec.yaml:",
    );
    assert!(stderr(&out).contains("allow_draft_clauses: true"));
    // A deprecated version is skipped unless pinned; pinned, it builds and warns.
    ws.spec("clauses:\n  nda-term: {version: \"=1.2.0\"}");
    let out = ws.build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ws.nda().contains("Marker T120"));
    let err = stderr(&out);
    assert!(err.contains("warning:"), "{err}");
    assert!(
        err.contains(
            "`nda-term@1.2.0` is deprecated: survival period unclear; use `nda-term@2.0.0` instead"
        ),
        "{err}"
    );
}

#[test]
fn deprecated_only_clause_does_not_build_unpinned() {
    let ws = Workspace::new();
    // Hide the built-in 1.0.0 behind a deprecated user copy: no approved version left.
    ws.term(
        "1.0.0.md",
        "version: 1.0.0\nstatus: deprecated\ndeprecated: {reason: \"withdrawn\"}",
        "T100",
    );
    let out = ws.build(&[]);
    assert_located(
        &out,
        "clause `nda-term` has no approved version",
        "templates/nda.md:",
    );
    assert!(stderr(&out).contains("builds only when pinned"));
}

#[test]
fn variants_fall_back_to_preferred() {
    let ws = Workspace::new();
    ws.history();
    ws.term(
        "2.0.0-fallback.md",
        "version: 2.0.0\nstatus: approved\nvariant: fallback",
        "F200",
    );
    ws.spec("clauses:\n  nda-term: {variant: fallback}");
    let out = ws.build(&["--explain"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ws.nda().contains("Marker F200"));
    assert!(
        stdout(&out).contains("nda-term@2.0.0 (fallback/default)"),
        "{}",
        stdout(&out)
    );
    let out = ws.build(&["--explain", "--message-format", "json"]);
    let line = stdout(&out)
        .lines()
        .find(|l| l.contains("\"nda-term\""))
        .map(str::to_string)
        .unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(json["explain"]["variant"], "fallback");
    assert_eq!(json["explain"]["version"], "2.0.0");
    ws.spec("clauses:\n  nda-term: {variant: walk-away}");
    std::fs::remove_file(ws.path().join("spec.yaml.lock")).unwrap();
    let out = ws.build(&["--explain"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ws.nda().contains("Marker T200"));
    assert!(
        stdout(&out).contains("variant `walk-away`: none for this version range and jurisdiction; fell back to `preferred`"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn jurisdictions_fall_back_along_the_chain() {
    let ws = Workspace::new();
    ws.history();
    ws.term(
        "2.0.0-eu.md",
        "version: 2.0.0\nstatus: approved\njurisdictions: [eu]",
        "EU200",
    );
    ws.term(
        "2.0.0-gb.md",
        "version: 2.0.0\nstatus: approved\njurisdictions: [gb]",
        "GB200",
    );
    // de → eu.
    ws.spec("clauses:\n  nda-term: {jurisdiction: de}");
    let out = ws.build(&["--explain"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ws.nda().contains("Marker EU200"));
    assert!(
        stdout(&out).contains("no text for de; fell back to `eu`"),
        "{}",
        stdout(&out)
    );
    // gb-sct → gb, from the spec-wide jurisdiction.
    ws.spec_with("clauses: {}", "jurisdiction: gb-sct");
    std::fs::remove_file(ws.path().join("spec.yaml.lock")).unwrap();
    assert!(ws.build(&[]).status.success());
    assert!(ws.nda().contains("Marker GB200"));
    // us → default.
    ws.spec_with("clauses: {}", "jurisdiction: us");
    std::fs::remove_file(ws.path().join("spec.yaml.lock")).unwrap();
    assert!(ws.build(&[]).status.success());
    assert!(ws.nda().contains("Marker T200"));
    assert!(ws.lock_text().contains(
        "nda-term = { version = \"2.0.0\", variant = \"preferred\", jurisdiction = \"default\""
    ));
    // An unknown code is an error at the spec line, with a suggestion.
    ws.spec_with("clauses: {}", "jurisdiction: dee");
    let out = ws.build(&[]);
    let spec = std::fs::read_to_string(ws.path().join("spec.yaml")).unwrap();
    let line = line_of(&spec, "jurisdiction: dee");
    assert_located(
        &out,
        "unknown jurisdiction `dee`",
        &format!("spec.yaml:{line}:17"),
    );
    assert!(
        stderr(&out).contains("did you mean `de`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn builtin_jurisdiction_texts_are_chosen_for_the_nda() {
    let ws = Workspace::new();
    ws.spec_with("clauses: {}", "jurisdiction: de");
    let out = ws.build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ws.nda().contains("laws of the Federal Republic of Germany"));
    ws.spec_with("clauses: {}", "jurisdiction: gb-eng");
    std::fs::remove_file(ws.path().join("spec.yaml.lock")).unwrap();
    assert!(ws.build(&[]).status.success());
    assert!(ws.nda().contains("laws of England and Wales"));
    // `gb` alone is all of the United Kingdom: the English text is not chosen for it.
    ws.spec_with("clauses: {}", "jurisdiction: gb");
    std::fs::remove_file(ws.path().join("spec.yaml.lock")).unwrap();
    assert!(ws.build(&[]).status.success());
    assert!(!ws.nda().contains("laws of England and Wales"));
}

#[test]
fn the_lock_is_written_then_honoured_after_a_newer_version_appears() {
    let ws = Workspace::new();
    ws.term("1.1.0.md", "version: 1.1.0\nstatus: approved", "T110");
    let out = ws.build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(ws.nda().contains("Marker T110"));
    let lock = ws.lock_text();
    assert!(lock.contains("[nda.clauses]"), "{lock}");
    assert!(lock.contains("nda-term = { version = \"1.1.0\""), "{lock}");
    // The library moves on.
    ws.term("1.2.0.md", "version: 1.2.0\nstatus: approved", "T120");
    let out = ws.build(&["--locked"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        ws.nda().contains("Marker T110"),
        "the lock keeps the old wording"
    );
    assert_eq!(ws.lock_text(), lock, "an honoured lock is not rewritten");
    // `rfx outdated` sees the newer version; `rfx lock` takes it.
    let out = ws.rfx(&["outdated", "spec.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("nda-term"), "{}", stdout(&out));
    assert!(stdout(&out).contains("1.2.0"), "{}", stdout(&out));
    let out = ws.rfx(&["lock", "spec.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nda: clause `nda-term`: 1.1.0 → 1.2.0"),
        "{}",
        stderr(&out)
    );
    assert!(ws.build(&[]).status.success());
    assert!(ws.nda().contains("Marker T120"));
}

#[test]
fn locked_fails_when_the_lock_would_change() {
    let ws = Workspace::new();
    ws.history();
    assert!(ws.build(&[]).status.success());
    std::fs::remove_dir_all(ws.path().join("out")).unwrap();
    let before = ws.lock_text();
    // The spec now pins an older major: the lock no longer fits.
    ws.spec("clauses:\n  nda-term: {version: \"^1\"}");
    let out = ws.build(&["--locked"]);
    assert_located(
        &out,
        "`--locked`: the lock of `nda` would change",
        "spec.yaml.lock",
    );
    assert!(
        stderr(&out).contains("clause `nda-term`: 2.0.0 → 1.2.0"),
        "{}",
        stderr(&out)
    );
    assert!(!ws.path().join("out").exists(), "nothing is written");
    assert_eq!(ws.lock_text(), before);
    // Without a lock at all, `--locked` fails too.
    std::fs::remove_file(ws.path().join("spec.yaml.lock")).unwrap();
    let out = ws.build(&["--locked"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not exist"));
}

#[test]
fn a_locked_version_that_is_gone_or_changed_is_a_located_error() {
    let ws = Workspace::new();
    ws.term("1.1.0.md", "version: 1.1.0\nstatus: approved", "T110");
    assert!(ws.build(&[]).status.success());
    let lock = ws.lock_text();
    // The released text is edited in place.
    ws.term("1.1.0.md", "version: 1.1.0\nstatus: approved", "EDITED");
    let out = ws.build(&[]);
    assert_located(
        &out,
        "the wording of `nda-term@1.1.0` changed since it was locked",
        "",
    );
    assert!(
        stderr(&out).contains("nda-term/1.1.0.md:1:1"),
        "{}",
        stderr(&out)
    );
    // The released file is removed.
    std::fs::remove_file(ws.lib().join("clauses/nda-term/1.1.0.md")).unwrap();
    let out = ws.build(&[]);
    let line = line_of(&lock, "nda-term =");
    assert_located(
        &out,
        "locked clause `nda-term@1.1.0` (preferred/default) is no longer in the library",
        &format!("spec.yaml.lock:{line}:1"),
    );
    // `rfx check` reports it too.
    let lib = ws.lib();
    let out = run(rfx(ws.path())
        .args(["check", "spec.yaml", "--library"])
        .arg(&lib));
    assert_located(
        &out,
        "locked clause `nda-term@1.1.0` (preferred/default) is no longer in the library",
        &format!("spec.yaml.lock:{line}:1"),
    );
}

fn check_dir(ws: &Workspace) -> Output {
    let lib = ws.lib();
    run(rfx(ws.path()).args(["library", "check"]).arg(&lib))
}

#[test]
fn library_check_records_releases_and_detects_tampering() {
    let ws = Workspace::new();
    ws.history();
    let out = check_dir(&ws);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = std::fs::read_to_string(ws.lib().join("clauses/index.lock")).unwrap();
    assert_eq!(
        index
            .lines()
            .filter(|l| l.starts_with("clause nda-term@"))
            .count(),
        4,
        "{index}"
    );
    assert!(!index.contains("2.1.0"), "drafts are not releases");
    // A second check changes nothing.
    assert!(check_dir(&ws).status.success());
    assert_eq!(
        std::fs::read_to_string(ws.lib().join("clauses/index.lock")).unwrap(),
        index
    );
    // Tamper with a released text.
    ws.term("1.1.1.md", "version: 1.1.1\nstatus: approved", "TAMPERED");
    let out = check_dir(&ws);
    assert_located(
        &out,
        "the released wording of `nda-term@1.1.1 preferred/default` changed",
        "",
    );
    assert!(
        stderr(&out).contains("nda-term/1.1.1.md:8:1"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("nda-term@1.1.2"),
        "the help suggests a new version"
    );
    // Deprecating a release (status and note only) keeps its wording hash.
    ws.term("1.1.1.md", "version: 1.1.1\nstatus: approved", "T111");
    ws.term(
        "1.1.0.md",
        "version: 1.1.0\nstatus: deprecated\ndeprecated: {reason: \"superseded\", replacement: \"nda-term@1.1.1\"}",
        "T110",
    );
    let out = check_dir(&ws);
    assert!(out.status.success(), "{}", stderr(&out));
    // A release may not disappear: old locks point at it.
    std::fs::remove_file(ws.lib().join("clauses/nda-term/1.2.0.md")).unwrap();
    let out = check_dir(&ws);
    let line = line_of(&index, "nda-term@1.2.0");
    assert_located(
        &out,
        "released `clause nda-term@1.2.0 preferred default` is missing from the library",
        &format!("index.lock:{line}:1"),
    );
}

#[test]
fn a_damaged_lockfile_is_a_located_error() {
    let ws = Workspace::new();
    assert!(ws.build(&[]).status.success());
    let lock = ws
        .lock_text()
        .replace("version = \"1.0.0\"", "version = \"one\"");
    std::fs::write(ws.path().join("spec.yaml.lock"), &lock).unwrap();
    let out = ws.build(&[]);
    let line = line_of(&lock, "\"one\"");
    assert_located(
        &out,
        "malformed lock entry",
        &format!("spec.yaml.lock:{line}:"),
    );
    assert!(stderr(&out).contains("rfx lock SPEC"), "{}", stderr(&out));
}

#[test]
fn library_check_rejects_duplicates_bad_needs_and_missing_replacements() {
    let ws = Workspace::new();
    ws.term("1.1.0.md", "version: 1.1.0\nstatus: approved", "A");
    ws.term("1.1.0-copy.md", "version: 1.1.0\nstatus: approved", "B");
    ws.term(
        "1.2.0.md",
        "version: 1.2.0\nstatus: deprecated\ndeprecated: {reason: \"old\", replacement: \"nda-term@9.0.0\"}\nneeds: [nda.term_monts]",
        "C",
    );
    let out = check_dir(&ws);
    let err = stderr(&out);
    assert_located(
        &out,
        "two files claim clause `nda-term@1.1.0 preferred/default`",
        "",
    );
    assert!(err.contains("1.1.0-copy.md and "), "{err}");
    assert!(err.contains("nda-term/1.1.0.md:5:10"), "{err}");
    assert!(
        err.contains("`nda-term@1.2.0` needs `nda.term_monts`, which is not a field of the spec"),
        "{err}"
    );
    assert!(err.contains("did you mean `term_months`?"), "{err}");
    assert!(
        err.contains("names replacement `nda-term@9.0.0`, which is not a released clause"),
        "{err}"
    );
    assert!(err.contains("1.2.0.md:7:"), "{err}");
    assert!(err.contains("1.2.0.md:8:"), "{err}");
    assert!(
        !ws.lib().join("clauses/index.lock").exists(),
        "a failed check records nothing"
    );
    // The same duplicate breaks a build, with exit 1.
    let out = ws.build(&[]);
    assert_located(
        &out,
        "two files claim clause `nda-term@1.1.0 preferred/default`",
        "",
    );
}

#[test]
fn variants_and_jurisdictions_are_distinct_members_of_a_release() {
    let ws = Workspace::new();
    ws.term("1.1.0.md", "version: 1.1.0\nstatus: approved", "A");
    ws.term(
        "1.1.0-fallback.md",
        "version: 1.1.0\nstatus: approved\nvariant: fallback",
        "B",
    );
    ws.term(
        "1.1.0-ie.md",
        "version: 1.1.0\nstatus: approved\njurisdictions: [ie, gb]",
        "C",
    );
    let out = check_dir(&ws);
    assert!(out.status.success(), "{}", stderr(&out));
    // …but two files serving the same jurisdiction clash.
    ws.term(
        "1.1.0-gb.md",
        "version: 1.1.0\nstatus: approved\njurisdictions: [gb]",
        "D",
    );
    let out = check_dir(&ws);
    assert_located(
        &out,
        "two files claim clause `nda-term@1.1.0 preferred/ie+gb`",
        "1.1.0-ie.md:5:10",
    );
}

#[test]
fn the_builtin_library_passes_its_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(rfx(dir.path()).args(["library", "check"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 new releases recorded"),
        "{}",
        stderr(&out)
    );
    // The source folder and its committed index agree too.
    let out = run(rfx(&crate::support::root()).args(["library", "check", "."]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(", 0 new releases recorded"),
        "every release is in clauses/index.lock: {}",
        stderr(&out)
    );
}

#[test]
fn diff_marks_changed_words_plainly_off_a_terminal() {
    let ws = Workspace::new();
    ws.term("1.1.0.md", "version: 1.1.0\nstatus: approved", "ALPHA");
    ws.term("1.2.0.md", "version: 1.2.0\nstatus: approved", "BETA");
    let out = ws.rfx(&["library", "diff", "nda-term", "1.1.0", "1.2.0"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Marker [-ALPHA.-]{+BETA.+}"), "{text}");
    assert!(text.starts_with("--- nda-term@1.1.0"), "{text}");
    assert!(!text.contains('\x1b'), "no colour off a terminal");
    let out = ws.rfx(&["library", "diff", "nda-term", "1.1.0", "7.0.0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("versions of `nda-term`: 1.0.0, 1.1.0, 1.2.0"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_and_show_describe_the_library() {
    let ws = Workspace::new();
    ws.history();
    let out = ws.rfx(&["library", "list", "--status", "draft"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("nda-term") && text.contains("2.1.0"),
        "{text}"
    );
    assert!(!text.contains("1.1.0"), "{text}");
    let out = ws.rfx(&["library", "show", "nda-term@1.2.0"]);
    assert!(stdout(&out).contains("Marker T120"), "{}", stdout(&out));
    let out = ws.rfx(&["library", "show", "nda-term@9.9.9"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn impact_names_the_specs_a_release_changes() {
    let ws = Workspace::new();
    ws.term("1.1.0.md", "version: 1.1.0\nstatus: approved", "T110");
    let specs = ws.path().join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    let starter = rfx::spec::STARTER;
    std::fs::write(
        specs.join("locked.yaml"),
        starter.replace("id: example-nda", "id: locked-nda"),
    )
    .unwrap();
    std::fs::write(
        specs.join("pinned.yaml"),
        starter
            .replace("id: example-nda", "id: pinned-nda")
            .replace("clauses: {}", "clauses:\n  nda-term: {version: \"=1.1.0\"}"),
    )
    .unwrap();
    let lib = ws.lib();
    let out = run(rfx(ws.path())
        .args(["lock", "specs/locked.yaml", "--library"])
        .arg(&lib));
    assert!(out.status.success(), "{}", stderr(&out));
    // The lawyer releases 1.2.0.
    ws.term("1.2.0.md", "version: 1.2.0\nstatus: approved", "T120");
    let out = run(rfx(ws.path())
        .args(["library", "impact", "specs", "--library"])
        .arg(&lib));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("specs/locked.yaml (locked):\n  nda: nda-term 1.1.0 → 1.2.0 (locked: stays at 1.1.0 until `rfx lock`)"),
        "{text}"
    );
    // The pinned spec stays on nda-term 1.1.0; it is listed only for the built-in
    // clauses with more than one release, which an unlocked build takes at their newest.
    let pinned = text
        .split("specs/pinned.yaml (not locked)")
        .nth(1)
        .unwrap_or_default();
    assert!(!pinned.contains("nda-term"), "{text}");
    assert!(
        pinned.contains("nda-general 1.1.0 (newest release"),
        "{text}"
    );
}

/// The README's walk-through: a lawyer releases limitation-of-liability@2.2.0, sees its
/// impact on the examples, and a locked rebuild keeps exactly the old wording.
#[test]
fn a_new_release_leaves_locked_examples_word_for_word() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::support::root();
    let examples = dir.path().join("examples");
    std::fs::create_dir_all(&examples).unwrap();
    for name in [
        "service-desk.yaml",
        "service-desk.yaml.lock",
        "cloud-migration.yaml",
        "cloud-migration.yaml.lock",
    ] {
        std::fs::copy(root.join("examples").join(name), examples.join(name)).unwrap();
    }
    let legal = dir.path().join("legal/clauses/limitation-of-liability");
    std::fs::create_dir_all(&legal).unwrap();
    let v2 = std::fs::read_to_string(root.join("clauses/limitation-of-liability/2.1.0.md"))
        .unwrap()
        .replace("version: 2.1.0", "version: 2.2.0")
        .replace(
            "for which the other party is liable.",
            "for which the other party is liable, and cannot recover loss that it could reasonably have avoided.",
        );
    std::fs::write(legal.join("2.2.0.md"), v2).unwrap();
    let lib = ["--library", "legal"];
    let out = run(rfx(dir.path()).args(["library", "check", "legal"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(rfx(dir.path())
        .args(["library", "impact", "examples/"])
        .args(lib));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("examples/service-desk.yaml (locked):\n  msa: limitation-of-liability 2.1.0 → 2.2.0 (locked: stays at 2.1.0 until `rfx lock`)"),
        "{}",
        stdout(&out)
    );
    let out = run(rfx(dir.path())
        .args([
            "build",
            "examples/service-desk.yaml",
            "--locked",
            "--format",
            "md",
            "-o",
            "out",
        ])
        .args(lib));
    assert!(out.status.success(), "{}", stderr(&out));
    let built =
        std::fs::read_to_string(dir.path().join("out/lisnagree-service-desk-2027/msa.md")).unwrap();
    let golden = std::fs::read_to_string(root.join("tests/golden/md/service-desk/msa.md")).unwrap();
    assert!(
        built == golden,
        "the locked MSA differs from the golden one"
    );
    // The deliberate upgrade takes the new wording.
    let out = run(rfx(dir.path())
        .args(["lock", "examples/service-desk.yaml"])
        .args(lib));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(rfx(dir.path())
        .args([
            "build",
            "examples/service-desk.yaml",
            "--locked",
            "--format",
            "md",
            "-o",
            "out",
        ])
        .args(lib));
    assert!(out.status.success(), "{}", stderr(&out));
    let built =
        std::fs::read_to_string(dir.path().join("out/lisnagree-service-desk-2027/msa.md")).unwrap();
    assert!(built.contains("could reasonably have avoided"));
}
