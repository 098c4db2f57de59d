//! Checks of what bidders answer: requirements and the questionnaire.

use super::{Checker, is_valid_id};
use crate::diag::{Diagnostic, suggest};
use crate::spec::types::{Priority, QuestionResponse, Questionnaire, Spec};
use crate::spec::values::Decimal;

pub(super) fn check_requirements(c: &mut Checker, spec: &Spec) {
    c.unique_ids(
        "requirements",
        "requirement",
        spec.requirements.iter().map(|r| r.id.as_str()),
    );
    let criteria: Vec<&str> = spec
        .evaluation
        .as_ref()
        .map(|e| e.criteria.iter().map(|k| k.id.as_str()).collect())
        .unwrap_or_default();
    for (i, r) in spec.requirements.iter().enumerate() {
        if r.priority == Priority::Mandatory && r.weight.is_some() {
            c.at(
                &format!("requirements[{i}].weight"),
                Diagnostic::warning(
                    "a mandatory requirement is pass/fail; its weight is not scored",
                )
                .with_help("remove the weight, or make the requirement `desirable`"),
            );
        }
        if let Some(w) = &r.weight
            && w.is_negative()
        {
            c.at(
                &format!("requirements[{i}].weight"),
                Diagnostic::error(format!("weight {w} is negative")),
            );
        }
        if let Some(k) = &r.criterion
            && !criteria.contains(&k.as_str())
        {
            let mut d = Diagnostic::error(format!("unknown evaluation criterion `{k}`"));
            d = match suggest(k, criteria.iter().copied()) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None if criteria.is_empty() => {
                    d.with_help("add the criterion under `evaluation.criteria`")
                }
                None => d.with_help(format!(
                    "the criteria are {}",
                    criteria
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            c.at(&format!("requirements[{i}].criterion"), d);
        }
    }
}

pub(super) fn check_questionnaire(c: &mut Checker, q: &Questionnaire) {
    let mut seen = Vec::new();
    for (i, set) in q.sets.iter().enumerate() {
        let path = format!("questionnaire.sets[{i}].id");
        if !is_valid_id(&set.id) {
            c.at(
                &path,
                Diagnostic::error(format!(
                    "question set id `{}` may contain only lower-case letters, digits and dashes",
                    set.id
                ))
                .with_help("use the id of a question set from `rfx library list`"),
            );
        } else if seen.contains(&set.id.as_str()) {
            c.at(
                &path,
                Diagnostic::error(format!("question set `{}` is listed twice", set.id)),
            );
        }
        seen.push(set.id.as_str());
    }
    c.unique_ids(
        "questionnaire.questions",
        "question",
        q.questions.iter().map(|x| x.id.as_str()),
    );
    let mut sum = Decimal::ZERO;
    for (i, x) in q.questions.iter().enumerate() {
        if let Some(w) = x.weight {
            sum = sum.checked_add(&w.value()).unwrap_or(sum);
        }
        if x.knockout && x.response != QuestionResponse::YesNo {
            c.at(
                &format!("questionnaire.questions[{i}].response"),
                Diagnostic::error("a knockout question must have a yes_no response")
                    .with_note("a knockout excludes a bid on a wrong answer, which needs a clear yes or no")
                    .with_help("set `response: yes_no`, or `knockout: false`"),
            );
        }
        if x.knockout && x.weight.is_some_and(|w| w.value() != Decimal::ZERO) {
            c.at(
                &format!("questionnaire.questions[{i}].weight"),
                Diagnostic::warning("a knockout question is pass/fail; its weight is not scored")
                    .with_help("remove the weight"),
            );
        }
    }
    if sum > Decimal::from_int(100) {
        c.at(
            "questionnaire.questions",
            Diagnostic::error(format!("question weights sum to {sum}, more than 100")),
        );
    }
}
