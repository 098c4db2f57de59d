//! Semantic checks on a parsed spec: every problem at once, each at its value's line.
//!
//! [`check`] runs them in a fixed order and collects what a [`Checker`] records. One
//! module per area checked: `engagement` (the engagement, contacts, output, the documents
//! and the sections they need), `procurement` (timeline, RFI dates, RFQ terms),
//! `requirements` (requirements and the questionnaire), `evaluation`, `pricing` (and one
//! currency for every amount), `contract` (MSA terms, the chronic-failure right), `sla`,
//! `nda` and `clauses` (per-clause choices).

mod clauses;
mod contract;
mod engagement;
mod evaluation;
mod nda;
mod pricing;
mod procurement;
mod requirements;
mod sla;
#[cfg(test)]
mod tests;

use super::load::SpecFile;
use super::types::Spec;
use crate::diag::Diagnostic;
use std::collections::HashMap;

/// The spec format version this rfx reads.
pub const SPEC_VERSION: u32 = 1;

pub use crate::id::is_valid_id;

/// `text` turned into a valid id (for a suggestion), if anything is left.
pub(super) fn slugify(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let slug = out.trim_matches('-').to_string();
    (!slug.is_empty()).then_some(slug)
}

pub(super) struct Checker<'a> {
    pub(super) file: &'a SpecFile,
    pub(super) out: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Records `d` at the value of `path` (or its nearest present ancestor).
    pub(super) fn at(&mut self, path: &str, d: Diagnostic) {
        let d = match self.file.locate_nearest(path) {
            Some(loc) => d.at(loc),
            None => d.in_file(&self.file.path),
        };
        self.out.push(d);
    }

    /// Records `d` at the key of `path`.
    pub(super) fn at_key(&mut self, path: &str, d: Diagnostic) {
        match self.file.locate_key(path) {
            Some(loc) => self.out.push(d.at(loc)),
            None => self.at(path, d),
        }
    }

    /// Errors for repeated ids in a list; `ids` yields (index, id).
    pub(super) fn unique_ids<'s>(
        &mut self,
        list: &str,
        what: &str,
        ids: impl Iterator<Item = &'s str>,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if let Some(first) = seen.get(id) {
                let first_line = self
                    .file
                    .locate(&format!("{list}[{first}].id"))
                    .map_or(String::new(), |l| format!(" on line {}", l.line));
                self.at(
                    &format!("{list}[{i}].id"),
                    Diagnostic::error(format!("duplicate {what} id `{id}`"))
                        .with_note(format!("`{id}` is first used{first_line}"))
                        .with_help(format!("give every {what} its own id")),
                );
            } else {
                seen.insert(id, i);
            }
        }
    }
}

/// Runs every check; returns errors and warnings.
pub(crate) fn check(file: &SpecFile) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        out: Vec::new(),
    };
    let spec = &file.spec;
    check_version(&mut c, spec);
    engagement::check_engagement(&mut c, &spec.engagement);
    engagement::check_contacts(&mut c, spec);
    engagement::check_output(&mut c, &spec.output);
    engagement::check_documents(&mut c, spec);
    if let Some(p) = &spec.procurement {
        procurement::check_timeline(&mut c, &p.timeline, &spec.engagement.term);
        procurement::check_rfi(&mut c, p, &spec.documents);
        procurement::check_rfq_terms(&mut c, p, spec.contract.as_ref());
    }
    requirements::check_requirements(&mut c, spec);
    if let Some(e) = &spec.evaluation {
        evaluation::check_evaluation(&mut c, e);
    }
    if let Some(p) = &spec.pricing {
        pricing::check_pricing(&mut c, p);
    }
    pricing::check_currencies(&mut c, spec);
    if let Some(q) = &spec.questionnaire {
        requirements::check_questionnaire(&mut c, q);
    }
    if let Some(k) = &spec.contract {
        contract::check_contract(&mut c, k);
    }
    if let Some(s) = &spec.sla {
        sla::check_sla(&mut c, s);
    }
    if let Some(n) = &spec.nda {
        nda::check_nda(&mut c, n);
    }
    contract::check_chronic_failure(&mut c, spec);
    clauses::check_clauses(&mut c, spec);
    c.out.extend(super::coherence::check(file));
    super::tender_checks::check(&mut c);
    c.out
}

/// The checks that depend on the stage the pack is built at ([`SpecFile::stage`]).
pub(crate) fn stage_checks(file: &SpecFile) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        out: Vec::new(),
    };
    super::tender_checks::stage(&mut c);
    c.out
}

fn check_version(c: &mut Checker, spec: &Spec) {
    if spec.spec_version != SPEC_VERSION {
        c.at(
            "spec_version",
            Diagnostic::error(format!("unsupported spec_version {}", spec.spec_version))
                .with_help(format!("this rfx reads spec_version {SPEC_VERSION}")),
        );
    }
}
