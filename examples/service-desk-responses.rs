//! Writes the invented bidders' response workbooks and the evaluators' scoring
//! workbooks of `examples/service-desk/responses/` from the readable data in
//! `examples/service-desk/responses/bids.yaml`.
//!
//! Run from the repository root: `cargo run --example service-desk-responses`.
//! Output is byte-identical on every run (the timestamp is the spec's issue date, or
//! `SOURCE_DATE_EPOCH`).

use rfx::build::{Engine, timestamp};
use rfx::library::Library;
use rfx::library::lockfile::{Lockfile, lock_path};
use rfx::spec::Decimal;
use rfx::workbook::response::{RequirementAnswer, Response};
use rfx::workbook::scoring::BidderMarks;
use rfx::workbook::{self, AnswerKind, COMPLIANCE, ResponseForm, bidder_columns, evaluator_id};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

/// The data file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    bidders: Vec<BidderData>,
    evaluators: Vec<EvaluatorData>,
}

/// One bidder: what differs from a fully compliant, all-"Yes" response.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BidderData {
    /// File name without `.xlsx`.
    file: String,
    legal_name: String,
    signatory: Vec<String>,
    /// Answer per question id where it is not "Yes" (yes/no) or the default text.
    #[serde(default)]
    answers: BTreeMap<String, String>,
    /// Compliance per requirement id where it is not "Fully compliant".
    #[serde(default)]
    compliance: BTreeMap<String, String>,
    prices: BTreeMap<String, Decimal>,
    rates: BTreeMap<String, Decimal>,
}

/// One evaluator's scores: a score per criterion for each bidder, with exceptions per item.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluatorData {
    name: String,
    bidders: BTreeMap<String, MarksData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarksData {
    /// Score of every item of a criterion.
    criteria: BTreeMap<String, u32>,
    /// Exceptions: item id → score.
    #[serde(default)]
    items: BTreeMap<String, u32>,
    /// Comments per item id.
    #[serde(default)]
    comments: BTreeMap<String, String>,
    /// Selection items failed (all others pass).
    #[serde(default)]
    fail: Vec<String>,
}

fn response(form: &ResponseForm, b: &BidderData) -> Response {
    let mut r = Response {
        bidder: b.legal_name.clone(),
        prices: b.prices.clone(),
        rates: b.rates.clone(),
        signature: b.signatory.clone(),
        agreed: vec!["Yes".to_string(); form.declarations.len()],
        ..Response::default()
    };
    for q in &form.requirements {
        let default = match q.kind {
            AnswerKind::YesNo => "Yes",
            AnswerKind::Attachment => "",
            _ => COMPLIANCE[0],
        };
        let compliance = b.compliance.get(&q.id).map_or(default, String::as_str);
        r.requirements.insert(
            q.id.clone(),
            RequirementAnswer {
                compliance: compliance.to_string(),
                response: format!("See proposal, section {}.", q.id),
                attachment: if q.kind == AnswerKind::Attachment {
                    format!("Annex {}", q.id)
                } else {
                    String::new()
                },
            },
        );
    }
    for q in &form.questions {
        let answer = b
            .answers
            .get(&q.id)
            .cloned()
            .unwrap_or_else(|| match q.kind {
                AnswerKind::YesNo => "Yes".into(),
                AnswerKind::Number => "1".into(),
                AnswerKind::Attachment => String::new(),
                _ => format!("See proposal, answer {}.", q.id),
            });
        if q.kind == AnswerKind::Attachment {
            r.attachments
                .insert(q.id.clone(), format!("Annex {}", q.id));
        }
        if !answer.is_empty() {
            r.answers.insert(q.id.clone(), answer);
        }
    }
    r
}

fn marks(form: &ResponseForm, m: &MarksData) -> BidderMarks {
    let mut out = BidderMarks {
        comments: m.comments.clone(),
        ..BidderMarks::default()
    };
    for item in &form.scored {
        let score = m
            .items
            .get(&item.id)
            .or_else(|| m.criteria.get(&item.criterion))
            .copied();
        if let Some(s) = score {
            out.scores.insert(item.id.clone(), s);
        }
    }
    for (id, _) in &form.selection {
        let v = if m.fail.contains(id) { "Fail" } else { "Pass" };
        out.selection.insert(id.clone(), v.to_string());
    }
    out
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let spec_path = Path::new("examples/service-desk.yaml");
    let folder = Path::new("examples/service-desk/responses");
    let text = std::fs::read_to_string(spec_path).map_err(|e| e.to_string())?;
    let spec = rfx::spec::load("examples/service-desk.yaml", &text).map_err(show)?;
    let engine = Engine::new(Library::builtin().map_err(show)?);
    let lock = Lockfile::read(&lock_path(spec_path)).map_err(show)?;
    let form = workbook::form_for(&engine, &spec, lock.as_ref()).map_err(show)?;
    let stamp = timestamp(
        std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
        Some(&spec.spec),
    )
    .map_err(|d| d.to_string())?;
    let data: Data = serde_yaml::from_str(
        &std::fs::read_to_string(folder.join("bids.yaml")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("bids.yaml: {e}"))?;
    for b in &data.bidders {
        let bytes = workbook::response::write(&form, Some(&response(&form, b)), stamp)
            .map_err(|e| e.to_string())?;
        write(&folder.join(format!("{}.xlsx", b.file)), &bytes)?;
    }
    let columns = bidder_columns(&spec);
    for e in &data.evaluators {
        let id = evaluator_id(&e.name);
        let all: BTreeMap<String, BidderMarks> = e
            .bidders
            .iter()
            .map(|(bidder, m)| (bidder.clone(), marks(&form, m)))
            .collect();
        let bytes = workbook::scoring::write(&form, &columns, (&id, &e.name), Some(&all), stamp)
            .map_err(|e| e.to_string())?;
        write(&folder.join(format!("scoring-{id}.xlsx")), &bytes)?;
    }
    if std::env::args().any(|a| a == "--list") {
        for item in &form.scored {
            println!("{} {} weight {}", item.criterion, item.id, item.weight);
        }
        for (id, _) in &form.selection {
            println!("selection {id}");
        }
        for q in form.questions.iter().filter(|q| q.knockout) {
            println!("knock-out {}", q.id);
        }
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    rfx::output::write_atomic(path, bytes)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn show(d: Vec<rfx::diag::Diagnostic>) -> String {
    d.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
