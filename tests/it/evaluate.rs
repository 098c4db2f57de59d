//! `rfx evaluate` on the service-desk example's returned workbooks, on damaged
//! workbooks, and the workbooks a tender pack issues.

use crate::support::{rfx, root, run, stderr, tree};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const RESPONSES: &str = "examples/service-desk/responses";

/// The service-desk spec copied alone into a temporary folder (no lockfile beside it:
/// the newest approved versions, which the example's workbooks were made from).
fn spec_copy(dir: &Path) -> PathBuf {
    let spec = dir.join("service-desk.yaml");
    std::fs::copy(root().join("examples/service-desk.yaml"), &spec).unwrap();
    spec
}

fn evaluate(dir: &Path, responses: &Path, extra: &[&str]) -> std::process::Output {
    let spec = spec_copy(dir);
    let mut cmd = rfx(dir);
    cmd.arg("evaluate")
        .arg(&spec)
        .arg("--responses")
        .arg(responses)
        .arg("-o")
        .arg(dir.join("out"))
        .args(extra);
    run(&mut cmd)
}

/// The example's ranking, calculated by hand from `bids.yaml`.
///
/// Quality (scale 0–5, mean of two evaluators, weight × weighted average ÷ 5):
/// - Harbourline: service delivery 4 and 4 → 30 × 4/5 = 24.00; transition 4 and 3 →
///   3.5 → 10.50; security: 18 items (weight 43) at 4 and SEC-03 (weight 10) at
///   (5 + 2)/2 = 3.5 → (43 × 4 + 10 × 3.5)/53 = 207/53, × 10/5 = 414/53 = 7.8113 →
///   7.81; people 4 and 5 → 4.5 → 9.00; social value 3 → 3.00. Quality 54.31, which is
///   54.31/70 = 77.59 % of the quality marks.
/// - Corrib: 3 → 18.00; 3 and 4 → 10.50; 3 → 6.00; 3 → 6.00; social value 4 → 4.00.
///   Quality 44.50 = 63.57 % (above the 60 % threshold).
///
/// Evaluated quantities over 36 months: P-01 2,400 × 36 = 86,400; P-02 36; P-03 1;
/// P-04 4 × 36 = 144; baskets × 3 years: 120, 60, 30 and 90 days.
/// - Harbourline: 86,400 × 24.60 = 2,125,440; 36 × 6,850 = 246,600; 148,000;
///   144 × 3,950 = 568,800; 120 × 420 = 50,400; 60 × 560 = 33,600; 30 × 780 = 23,400;
///   90 × 920 = 82,800; total 3,279,040.00.
/// - Corrib: 1,892,160 + 212,400 + 120,000 + 518,400 + 48,000 + 31,200 + 21,600 +
///   79,200 = 2,922,960.00, the lowest, so its price score is 30.00.
/// - Harbourline's price score: 30 × 2,922,960 / 3,279,040 = 26.7422 → 26.74.
///
/// Totals: Harbourline 54.31 + 26.74 = 81.05; Corrib 44.50 + 30.00 = 74.50.
/// Northgate answered "No" to the knock-out question Q-01: excluded, not scored.
const HAND_CALCULATED_RANKING: &str = "\
rank,bidder,legal_name,outcome,quality,quality_percent,evaluated_price,price_score,total,tie_break\r
1,harbourline,Harbourline Managed Services Limited,ranked,54.31,77.59,3279040.00,26.74,81.05,\r
2,corrib-digital,Corrib Digital Support Services Limited,ranked,44.50,63.57,2922960.00,30.00,74.50,\r
,northgate-it,Northgate IT Services (UK) Ltd,excluded,,,,,,\r
";

#[test]
fn service_desk_example_ranks_as_calculated_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let out = evaluate(dir.path(), &root().join(RESPONSES), &["--award"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out_dir = dir.path().join("out");
    let ranking = std::fs::read_to_string(out_dir.join("ranking.csv")).unwrap();
    assert_eq!(ranking, HAND_CALCULATED_RANKING);
    // The excluded bidder's letter gives the reason and the standstill period.
    let letter = std::fs::read_to_string(out_dir.join("letter-northgate-it.md")).unwrap();
    assert!(
        letter.contains("knock-out question Q-01 answered \"No\""),
        "{letter}"
    );
    assert!(
        letter.contains("not be concluded before the end of 2027-04-09"),
        "{letter}"
    );
    assert!(
        !letter.contains("| Quality score"),
        "an excluded bid has no scores: {letter}"
    );
    let report = std::fs::read_to_string(out_dir.join("evaluation-report.md")).unwrap();
    assert!(report.contains("| harbourline | SEC-03 | information-security-officer: 2, it-service-manager: 5 | 3\\.50 |"), "{report}");
    assert!(report.contains("rounded half away from zero to 2 decimal places"));
    let award = std::fs::read_to_string(out_dir.join("award.yaml")).unwrap();
    assert!(
        award.contains("    - {line: \"P-01\", unit_price: {amount: \"24.6\", currency: EUR}}"),
        "{award}"
    );
    for f in [
        "evaluation-report.pdf",
        "evaluation-report.docx",
        "letter-harbourline.pdf",
        "letter-corrib-digital.docx",
    ] {
        assert!(out_dir.join(f).is_file(), "{f} is missing");
    }
    assert!(stderr(&out).contains("no scoring workbook from Procurement Officer"));
}

#[test]
fn reports_are_byte_identical_on_rebuild() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let out = evaluate(d.path(), &root().join(RESPONSES), &["--award"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let ta = tree(&a.path().join("out"));
    assert_eq!(ta.len(), 14);
    assert_eq!(ta, tree(&b.path().join("out")));
}

/// The example workbook `name` with `edit` applied to the XML of sheet `sheet` (1-based
/// in the order Instructions, Requirements, Questionnaire, Pricing, Declarations, Form).
fn edited(name: &str, sheet: usize, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let bytes = std::fs::read(root().join(RESPONSES).join(name)).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let target = format!("xl/worksheets/sheet{sheet}.xml");
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        let name = file.name().unwrap().to_string();
        if name == target {
            content = edit(&String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Replaces the value of cell `cell` with an inline string.
fn set_text(xml: &str, cell: &str, text: &str) -> String {
    let re = regex::Regex::new(&format!(r#"<c r="{cell}"( s="\d+")?( t="\w+")?>.*?</c>"#)).unwrap();
    assert!(re.is_match(xml), "cell {cell} not found");
    re.replace(xml, |c: &regex::Captures<'_>| {
        format!(
            r#"<c r="{cell}"{} t="inlineStr"><is><t>{text}</t></is></c>"#,
            c.get(1).map_or("", |m| m.as_str())
        )
    })
    .into_owned()
}

#[test]
fn bad_workbooks_get_located_diagnostics_and_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let responses = dir.path().join("responses");
    std::fs::create_dir(&responses).unwrap();
    // Text in a unit price cell (Pricing, line P-01 in row 4, unit price in column I).
    std::fs::write(
        responses.join("corrib-digital.xlsx"),
        edited("corrib-digital.xlsx", 4, |x| {
            set_text(x, "I4", "about a hundred")
        }),
    )
    .unwrap();
    // A changed locked cell: the text of the first requirement.
    std::fs::write(
        responses.join("northgate-it.xlsx"),
        edited("northgate-it.xlsx", 2, |x| {
            set_text(x, "C4", "Anything we like")
        }),
    )
    .unwrap();
    // The form of another tender.
    std::fs::write(
        responses.join("other.xlsx"),
        edited("harbourline.xlsx", 6, |x| {
            set_text(x, "B2", "LIH-IT-2026-001")
        }),
    )
    .unwrap();
    std::fs::copy(
        root().join(RESPONSES).join("harbourline.xlsx"),
        responses.join("harbourline.xlsx"),
    )
    .unwrap();
    let out = evaluate(
        dir.path(),
        &responses,
        &["--scores", &root().join(RESPONSES).display().to_string()],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let file = |n: &str| responses.join(n).display().to_string();
    for (message, f) in [
        (
            "error: Pricing!I4: expected a unit price for P-01, found \"about a hundred\"",
            "corrib-digital.xlsx",
        ),
        (
            "error: Requirements!C4: locked cell changed: expected \"Provide a single point of contact for all IT incidents and s…\", found \"Anything we like\"",
            "northgate-it.xlsx",
        ),
        (
            "error: this is the form of another tender: `LIH-IT-2026-001`, not `LIH-IT-2027-004`",
            "other.xlsx",
        ),
    ] {
        let expected = format!("{message}\n  --> {}\n", file(f));
        assert!(err.contains(&expected), "missing:\n{expected}\nin:\n{err}");
    }
    // The good workbook is still evaluated and ranked alone.
    let ranking = std::fs::read_to_string(dir.path().join("out/ranking.csv")).unwrap();
    assert!(ranking.contains("\r\n1,harbourline,"), "{ranking}");
    assert_eq!(ranking.lines().count(), 2, "{ranking}");
    let report = std::fs::read_to_string(dir.path().join("out/evaluation-report.md")).unwrap();
    assert!(
        report.contains("other.xlsx: this is the form of another tender"),
        "{report}"
    );
}

#[test]
fn the_pack_issues_the_form_evaluate_reads() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_copy(dir.path());
    let build = |out: &str| {
        let o = run(rfx(dir.path())
            .args(["build"])
            .arg(&spec)
            .args(["--format", "md", "-o", out]));
        assert!(o.status.success(), "{}", stderr(&o));
        dir.path().join(out).join("lisnagree-service-desk-2027")
    };
    let pack = build("a");
    let again = build("b");
    for f in [
        "response-form.xlsx",
        "scoring-it-service-manager.xlsx",
        "scoring-information-security-officer.xlsx",
        "scoring-procurement-officer.xlsx",
    ] {
        let bytes = std::fs::read(pack.join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        assert_eq!(
            bytes,
            std::fs::read(again.join(f)).unwrap(),
            "{f} differs on rebuild"
        );
    }
    let rfp = std::fs::read_to_string(pack.join("rfp.md")).unwrap();
    assert!(
        rfp.contains("response-form.xlsx"),
        "the RFP lists the response form"
    );
    // The blank form is this tender's form: only its empty inputs are reported.
    let responses = dir.path().join("returned");
    std::fs::create_dir(&responses).unwrap();
    std::fs::copy(
        pack.join("response-form.xlsx"),
        responses.join("blank.xlsx"),
    )
    .unwrap();
    let out = evaluate(dir.path(), &responses, &[]);
    let err = stderr(&out);
    assert!(
        err.contains("Instructions!B10: the bidder's legal name is missing"),
        "{err}"
    );
    assert!(
        err.contains("missing answer to mandatory requirement"),
        "{err}"
    );
    assert!(
        !err.contains("layout"),
        "the pack's form and evaluate's form differ:\n{err}"
    );
    assert!(!err.contains("another tender"), "{err}");
}

#[test]
#[ignore = "needs LibreOffice (soffice)"]
fn libreoffice_opens_every_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_copy(dir.path());
    let o = run(rfx(dir.path())
        .arg("build")
        .arg(&spec)
        .args(["--format", "md", "-o", "pack"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let mut books: Vec<PathBuf> = std::fs::read_dir(root().join(RESPONSES))
        .unwrap()
        .chain(std::fs::read_dir(dir.path().join("pack/lisnagree-service-desk-2027")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    books.sort();
    assert!(books.len() >= 9, "{books:?}");
    let csv = dir.path().join("csv");
    // Every sheet to its own CSV (`<name>-<sheet>.csv`), values unformatted.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1";
    for book in &books {
        let status = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", filter, "--outdir"])
            .arg(&csv)
            .arg(book)
            .env("HOME", dir.path())
            .output()
            .expect("soffice runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let name = book.file_stem().unwrap().to_string_lossy().into_owned();
        let first = if name.starts_with("scoring-") {
            "Scores"
        } else {
            "Instructions"
        };
        let sheet = csv.join(format!("{name}-{first}.csv"));
        let text = std::fs::read_to_string(&sheet).unwrap_or_else(|_| {
            panic!(
                "LibreOffice did not open {name}: {}",
                String::from_utf8_lossy(&status.stderr)
            )
        });
        assert!(text.contains("LIH-IT-2027-004"), "{name}: {text}");
    }
    // Cached formula results agree with the hand calculation of the example.
    let pricing = std::fs::read_to_string(csv.join("harbourline-Pricing.csv")).unwrap();
    assert!(
        pricing.contains(",Total evaluated price,,,,,,,,3279040\n"),
        "{pricing}"
    );
    assert!(pricing.contains("P-01,\"Service desk service, all channels, service hours\",user,month,2400,36,86400,,24.6,2125440\n"), "{pricing}");
    let scores =
        std::fs::read_to_string(csv.join("scoring-it-service-manager-Scores.csv")).unwrap();
    assert!(scores.contains("security,SEC-03,"), "{scores}");
}
