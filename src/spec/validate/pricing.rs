//! Checks of the commercial terms: quantities, milestones, the rate card, and one currency
//! for every amount.

use super::Checker;
use crate::diag::Diagnostic;
use crate::spec::types::{Pricing, PricingModel, Spec};
use crate::spec::values::{Currency, Decimal, HELP_SEPARATOR, Money};

pub(super) fn check_pricing(c: &mut Checker, p: &Pricing) {
    c.unique_ids(
        "pricing.lines",
        "pricing line",
        p.lines.iter().map(|l| l.id.as_str()),
    );
    c.unique_ids(
        "pricing.milestones",
        "milestone",
        p.milestones.iter().map(|m| m.id.as_str()),
    );
    for (i, l) in p.lines.iter().enumerate() {
        if l.quantity.is_negative() {
            c.at(
                &format!("pricing.lines[{i}].quantity"),
                Diagnostic::error(format!("quantity {} is negative", l.quantity)),
            );
        }
    }
    if !p.milestones.is_empty() {
        let mut sum = Decimal::ZERO;
        for m in &p.milestones {
            sum = sum.checked_add(&m.percent.value()).unwrap_or(sum);
        }
        if sum != Decimal::from_int(100) {
            c.at(
                "pricing.milestones",
                Diagnostic::error(format!("milestone percentages sum to {sum}, not 100"))
                    .with_help("the milestones together must pay the whole fixed price"),
            );
        }
    }
    if p.model == PricingModel::TimeAndMaterials && p.rate_card.is_empty() {
        c.at(
            "pricing.model",
            Diagnostic::error("time-and-materials pricing needs a `rate_card`")
                .with_help("list the roles to be priced under `pricing.rate_card`"),
        );
    }
}

/// Every amount of money in the spec, with its path.
fn amounts(spec: &Spec) -> Vec<(String, Money)> {
    let mut out = Vec::new();
    if let Some(b) = &spec.engagement.budget {
        out.push(("engagement.budget".to_string(), *b));
    }
    if let Some(k) = &spec.contract {
        let caps = [
            ("general_cap", Some(&k.liability.general_cap)),
            ("data_breach_cap", k.liability.data_breach_cap.as_ref()),
        ];
        for (name, cap) in caps {
            if let Some(m) = cap.and_then(|c| c.amount) {
                out.push((format!("contract.liability.{name}.amount"), m));
            }
        }
        for (i, ins) in k.insurance.iter().enumerate() {
            out.push((format!("contract.insurance[{i}].amount"), ins.amount));
        }
    }
    if let Some(m) = spec
        .sla
        .as_ref()
        .and_then(|s| s.credits.as_ref())
        .and_then(|cr| cr.monthly_charge)
    {
        out.push(("sla.credits.monthly_charge".to_string(), m));
    }
    out
}

pub(super) fn check_currencies(c: &mut Checker, spec: &Spec) {
    let all = amounts(spec);
    for (path, m) in &all {
        if let Err(message) = m.check() {
            let (message, help) = match message.split_once(HELP_SEPARATOR) {
                Some((m, h)) => (m.to_string(), Some(h.to_string())),
                None => (message, None),
            };
            let mut d = Diagnostic::error(message);
            if let Some(h) = help {
                d = d.with_help(h);
            }
            c.at(&format!("{path}.amount"), d);
        }
    }
    let (base, source): (Currency, String) = match &spec.pricing {
        Some(p) if p.allow_mixed_currencies => return,
        Some(p) => (p.currency, "pricing.currency".to_string()),
        None => match all.first() {
            Some((path, m)) => (m.currency, format!("{path}.currency")),
            None => return,
        },
    };
    for (path, m) in &all {
        if m.currency != base {
            c.at(
                &format!("{path}.currency"),
                Diagnostic::error(format!(
                    "currency {} differs from the spec's currency {base} (`{source}`)",
                    m.currency
                ))
                .with_help(format!(
                    "use {base} throughout, or set `pricing.allow_mixed_currencies: true`"
                )),
            );
        }
    }
}
