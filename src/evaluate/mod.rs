//! `rfx evaluate`: from returned workbooks to ranked bids, a report, feedback letters
//! and the award overlay. Pure: bytes in, files out; the CLI does the I/O.
//!
//! `read` validates each workbook against the tender's [`ResponseForm`]; `score` gates,
//! scores and ranks in exact arithmetic (`exact`); `report` writes the documents.

pub mod exact;
pub mod read;
pub mod report;
pub mod score;

use crate::diag::Diagnostic;
use crate::digest::sha256_hex;
use crate::spec::SpecFile;
use crate::workbook::{ResponseForm, bidder_columns, evaluator_id};
use crate::writers::{self, Format, WriteOptions};
use rayon::prelude::*;
use report::{Context, Input};
use score::{Bid, Outcome};

/// A returned workbook: its display path and bytes.
#[derive(Debug, Clone)]
pub struct Returned {
    /// Path as shown in diagnostics and the report.
    pub file: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// What an evaluation produced.
#[derive(Debug)]
pub struct Evaluated {
    /// The numbers.
    pub outcome: Outcome,
    /// Output files (relative name, bytes), in writing order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Problems with individual workbooks (errors) and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Options of one run.
pub struct Request<'a> {
    /// Output formats of the report and letters.
    pub formats: &'a [Format],
    /// Timestamp and producer for the writers.
    pub options: &'a WriteOptions,
    /// Also write `award.yaml`.
    pub award: bool,
}

/// Reads, validates, scores and reports. A bad workbook is reported and left out; the
/// others are evaluated. Fails only when the spec cannot be evaluated at all.
pub fn run(
    spec: &SpecFile,
    form: &ResponseForm,
    responses: &[Returned],
    scores: &[Returned],
    request: &Request<'_>,
) -> Result<Evaluated, Vec<Diagnostic>> {
    let s = &spec.spec;
    let Some(evaluation) = &s.evaluation else {
        return Err(vec![
            Diagnostic::error(
                "the spec has no `evaluation` section: there is nothing to score against",
            )
            .in_file(&spec.path),
        ]);
    };
    let mut diagnostics = Vec::new();
    let mut rejected = Vec::new();
    let mut bids: Vec<Bid> = Vec::new();
    let read: Vec<_> = responses
        .par_iter()
        .map(|r| read::read_response(&r.file, &r.bytes, form))
        .collect();
    for (r, result) in responses.iter().zip(read) {
        match result {
            Ok((response, warnings)) => {
                diagnostics.extend(warnings);
                let id = bidder_id(spec, &response.bidder, &r.file);
                if let Some(other) = bids.iter().find(|b| b.id == id) {
                    let d = Diagnostic::error(format!(
                        "a second response from bidder `{id}` (the first is {})",
                        other.file
                    ))
                    .in_file(&r.file)
                    .with_help("keep one response per bidder in the folder");
                    rejected.push((r.file.clone(), vec![d.clone()]));
                    diagnostics.push(d);
                    continue;
                }
                bids.push(Bid {
                    id,
                    name: response.bidder.clone(),
                    file: r.file.clone(),
                    response,
                });
            }
            Err(d) => {
                rejected.push((r.file.clone(), d.clone()));
                diagnostics.extend(d);
            }
        }
    }
    let columns = bidder_columns(spec);
    let mut marks = Vec::new();
    let read: Vec<_> = scores
        .par_iter()
        .map(|r| read::read_scores(&r.file, &r.bytes, form, &columns))
        .collect();
    for (r, result) in scores.iter().zip(read) {
        match result {
            Ok((m, warnings)) => {
                diagnostics.extend(warnings);
                marks.push(m);
            }
            Err(d) => {
                rejected.push((r.file.clone(), d.clone()));
                diagnostics.extend(d);
            }
        }
    }
    for name in &evaluation.panel {
        let id = evaluator_id(name);
        if !marks.iter().any(|m| m.evaluator == id) {
            diagnostics.push(Diagnostic::warning(format!(
                "no scoring workbook from {name} (scoring-{id}.xlsx): consensus from the {} returned",
                marks.len()
            )));
        }
    }
    let outcome = score::evaluate(form, evaluation, bids, &marks);
    diagnostics.extend(outcome.warnings.iter().cloned());
    let inputs: Vec<Input> = responses
        .iter()
        .chain(scores)
        .map(|r| Input {
            file: r.file.clone(),
            sha256: sha256_hex(&r.bytes),
        })
        .chain(std::iter::once(Input {
            file: spec.path.clone(),
            sha256: sha256_hex(spec.text.as_bytes()),
        }))
        .collect();
    let ctx = Context {
        spec: s,
        form,
        inputs: &inputs,
        rejected: &rejected,
    };
    let mut documents = vec![(
        "evaluation-report".to_string(),
        report::report(&ctx, &outcome),
    )];
    for r in &outcome.results {
        documents.push((
            format!("letter-{}", r.bid.id),
            report::letter(&ctx, &outcome, r),
        ));
    }
    let mut files = Vec::new();
    for (stem, doc) in &documents {
        for format in request.formats {
            let bytes = writers::write(doc, *format, request.options)
                .map_err(|e| vec![Diagnostic::error(format!("{stem}: {e}")).in_file(&spec.path)])?;
            files.push((format!("{stem}.{}", format.extension()), bytes));
        }
    }
    files.push((
        "ranking.csv".to_string(),
        report::ranking_csv(&outcome, form),
    ));
    if request.award {
        match outcome.winner().and_then(|w| report::award_overlay(s, form, w)) {
            Some(yaml) => files.push(("award.yaml".to_string(), yaml.into_bytes())),
            None => diagnostics.push(
                Diagnostic::error("--award: no bid was ranked first, or the spec has no award date (`procurement.timeline.award`)")
                    .in_file(&spec.path),
            ),
        }
    }
    Ok(Evaluated {
        outcome,
        files,
        diagnostics,
    })
}

/// The bidder's id: the spec's bidder with this legal name, else the workbook's file
/// name (without `.xlsx`).
fn bidder_id(spec: &SpecFile, name: &str, file: &str) -> String {
    let wanted = name.trim().to_lowercase();
    if let Some(b) = spec
        .spec
        .parties
        .bidders
        .iter()
        .find(|b| b.legal_name.trim().to_lowercase() == wanted)
    {
        return b.id.clone().unwrap_or_else(|| evaluator_id(&b.short_name));
    }
    let stem = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file);
    evaluator_id(stem)
}
