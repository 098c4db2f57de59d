//! Checks of how bids are scored: weights, scale and criteria.

use super::Checker;
use crate::diag::Diagnostic;
use crate::spec::types::{Evaluation, EvaluationMethod};
use crate::spec::values::Decimal;

pub(super) fn check_evaluation(c: &mut Checker, e: &Evaluation) {
    c.unique_ids(
        "evaluation.criteria",
        "criterion",
        e.criteria.iter().map(|k| k.id.as_str()),
    );
    if e.scale.min >= e.scale.max {
        c.at(
            "evaluation.scale.max",
            Diagnostic::error(format!(
                "the scale runs from {} to {}: `max` must be above `min`",
                e.scale.min, e.scale.max
            )),
        );
    }
    for (i, l) in e.scale.labels.iter().enumerate() {
        if l.score < e.scale.min || l.score > e.scale.max {
            c.at(
                &format!("evaluation.scale.labels[{i}].score"),
                Diagnostic::error(format!(
                    "score {} is outside the scale {}–{}",
                    l.score, e.scale.min, e.scale.max
                )),
            );
        }
    }
    if e.method == EvaluationMethod::BestPriceQuality && e.price.is_none() {
        c.at(
            "evaluation.method",
            Diagnostic::error("`best_price_quality` needs `evaluation.price` (weight and formula)")
                .with_help(
                    "add `price: {weight: 30, formula: lowest_price_ratio}` under `evaluation`",
                ),
        );
    }
    let mut sum = Decimal::ZERO;
    let mut parts = Vec::new();
    for k in &e.criteria {
        sum = sum.checked_add(&k.weight.value()).unwrap_or(sum);
        parts.push(format!("{} {}", k.id, k.weight));
    }
    if let Some(p) = &e.price {
        sum = sum.checked_add(&p.weight.value()).unwrap_or(sum);
        parts.push(format!("price {}", p.weight));
    }
    if sum != Decimal::from_int(100) {
        c.at(
            "evaluation.criteria",
            Diagnostic::error(format!("evaluation weights sum to {sum}, not 100"))
                .with_note(format!("weights: {}", parts.join(", ")))
                .with_help("the criteria weights and the price weight must add up to 100"),
        );
    }
}
