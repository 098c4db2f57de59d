//! Checks of the tender: stages and the award, bidders, the price basis, baseline
//! volumes and the evaluation model's spec-level rules (every scored item belongs to an
//! award criterion). Criteria without items need the library's question sets and are
//! checked in [`crate::evaluation`].

use super::price_basis::{PriceBasis, periods};
use super::stage::Stage;
use super::types::*;
use super::validate::{Checker, is_valid_id, slugify};
use crate::diag::{Diagnostic, suggest};

/// Checks that depend on the stage: a contract-stage agreement needs its supplier.
pub(super) fn stage(c: &mut Checker) {
    let file = c.file;
    let spec = &file.spec;
    if file.stage != Stage::Contract || spec.parties.supplier.is_some() {
        return;
    }
    for (i, kind) in spec.documents.iter().enumerate() {
        if kind.is_agreement() {
            let upper = kind.as_str().to_uppercase();
            c.at(
                &format!("documents[{i}]"),
                Diagnostic::error(format!(
                    "the {upper} needs `parties.supplier`: the counterparty who signs it"
                ))
                .with_note("a contract-stage pack names the supplier in every agreement")
                .with_help(
                    "add a `supplier:` block under `parties`, build with `--stage tender`, \
                     or remove the document",
                ),
            );
        }
    }
    if spec.award.is_some() {
        c.at_key(
            "award",
            Diagnostic::error("`award` needs `parties.supplier`: the successful bidder")
                .with_help("add the successful bidder as `supplier:` under `parties`"),
        );
    }
}

/// The stage-independent checks of this module.
pub(super) fn check(c: &mut Checker) {
    stage(c);
    bidders(c);
    award(c);
    price_basis(c);
    baseline(c);
    criteria_of_items(c);
}

fn bidders(c: &mut Checker) {
    let spec = &c.file.spec;
    let mut ids: Vec<&str> = Vec::new();
    for (i, b) in spec.parties.bidders.iter().enumerate() {
        let path = format!("parties.bidders[{i}]");
        match b.id.as_deref() {
            None => {
                let mut d = Diagnostic::error(format!("bidder `{}` has no `id`", b.legal_name))
                    .with_note("the id names the bidder's own NDA, `nda-<id>`");
                if let Some(slug) = slugify(&b.short_name) {
                    d = d.with_help(format!("add `id: {slug}`"));
                }
                c.at(&path, d);
            }
            Some(id) if !is_valid_id(id) => c.at(
                &format!("{path}.id"),
                Diagnostic::error(format!(
                    "bidder id `{id}` may contain only lower-case letters, digits and dashes"
                ))
                .with_note("the id names the bidder's NDA file"),
            ),
            Some(id) if ids.contains(&id) => c.at(
                &format!("{path}.id"),
                Diagnostic::error(format!("duplicate bidder id `{id}`"))
                    .with_help("give every bidder its own id"),
            ),
            Some(id) => ids.push(id),
        }
    }
}

fn award(c: &mut Checker) {
    let spec = &c.file.spec;
    let Some(award) = &spec.award else { return };
    let Some(pricing) = &spec.pricing else {
        if !award.prices.is_empty() || !award.rates.is_empty() {
            c.at_key(
                "award.prices",
                Diagnostic::error("the award has prices, but the spec has no `pricing` section")
                    .with_help("add `pricing:` with the lines the prices belong to"),
            );
        }
        return;
    };
    let lines: Vec<&str> = pricing.lines.iter().map(|l| l.id.as_str()).collect();
    for (i, p) in award.prices.iter().enumerate() {
        if !lines.contains(&p.line.as_str()) {
            let mut d = Diagnostic::error(format!("the award prices unknown line `{}`", p.line));
            if let Some(near) = suggest(&p.line, lines.iter().copied()) {
                d = d.with_help(format!("did you mean `{near}`?"));
            }
            c.at(&format!("award.prices[{i}].line"), d);
        }
        if p.unit_price.currency != pricing.currency {
            c.at(
                &format!("award.prices[{i}].unit_price.currency"),
                Diagnostic::error(format!(
                    "the award price is in {}, the pricing in {}",
                    p.unit_price.currency, pricing.currency
                )),
            );
        }
    }
    for line in &pricing.lines {
        if !award.prices.iter().any(|p| p.line == line.id) {
            c.at_key(
                "award.prices",
                Diagnostic::error(format!("the award has no price for line `{}`", line.id))
                    .with_help(format!(
                        "add `{{line: {}, unit_price: …}}` under `award.prices`",
                        line.id
                    )),
            );
        }
    }
    let roles: Vec<&str> = pricing.rate_card.iter().map(|r| r.role.as_str()).collect();
    for (i, r) in award.rates.iter().enumerate() {
        if !roles.contains(&r.role.as_str()) {
            let mut d = Diagnostic::error(format!("the award rates unknown role `{}`", r.role));
            if let Some(near) = suggest(&r.role, roles.iter().copied()) {
                d = d.with_help(format!("did you mean `{near}`?"));
            }
            c.at(&format!("award.rates[{i}].role"), d);
        }
    }
    for entry in &pricing.rate_card {
        if !award.rates.iter().any(|r| r.role == entry.role) {
            c.at_key(
                "award.rates",
                Diagnostic::error(format!("the award has no rate for `{}`", entry.role)),
            );
        }
    }
}

/// A line whose quantity looks like a count of periods: the bidder would multiply it by
/// the term a second time.
fn price_basis(c: &mut Checker) {
    let spec = &c.file.spec;
    let Some(pricing) = &spec.pricing else { return };
    let Some(basis) = PriceBasis::of(spec) else {
        return;
    };
    let months = basis.term_months;
    for (i, l) in pricing.lines.iter().enumerate() {
        let Some(per) = l.period.months() else {
            continue;
        };
        let count = periods(l.period, months);
        let word = match l.period {
            Period::Month => "months",
            Period::Quarter => "quarters",
            _ => "years",
        };
        if l.quantity == super::values::Decimal::from_int(i64::from(count)) && count > 1 {
            let each = match l.period {
                Period::Month => "month",
                Period::Quarter => "quarter",
                _ => "year",
            };
            c.at(
                &format!("pricing.lines[{i}].quantity"),
                Diagnostic::warning(format!(
                    "line `{}` is charged per {each} with quantity {}, the number of {word} in the evaluated term",
                    l.id, l.quantity
                ))
                .with_note(format!(
                    "the quantity is per period: the evaluated quantity is {} × {count} {word}",
                    l.quantity
                ))
                .with_help(format!(
                    "give the quantity in one {each} (e.g. 1 for one service), or make the line `one_off`"
                )),
            );
        }
        if months % per != 0 {
            c.at(
                &format!("pricing.lines[{i}].period"),
                Diagnostic::warning(format!(
                    "the evaluated term of {months} months is not a whole number of {word}; line `{}` is evaluated over {count}",
                    l.id
                )),
            );
        }
        if l.evaluated && !l.optional {
            c.at(
                &format!("pricing.lines[{i}].evaluated"),
                Diagnostic::warning(format!(
                    "line `{}` is not optional: it is always evaluated",
                    l.id
                ))
                .with_help("remove `evaluated`, or mark the line `optional: true`"),
            );
        }
    }
    for (i, r) in basis.rates.iter().enumerate() {
        if r.basket.is_some() && r.evaluated_quantity.is_none() {
            c.at(
                &format!("pricing.rate_card[{i}].basket"),
                Diagnostic::warning(format!(
                    "the basket of `{}` over {months} months is not an exact quantity",
                    r.role
                ))
                .with_help("choose a basket divisible by 12, or a term in whole years"),
            );
        }
    }
    if matches!(pricing.model, PricingModel::TimeAndMaterials)
        && pricing.rate_card.iter().all(|r| r.basket.is_none())
    {
        c.at(
            "pricing.rate_card",
            Diagnostic::warning(
                "no rate-card role has a `basket`: the rates do not enter the evaluated price",
            )
            .with_help("add `basket: <days per year>` to the roles the buyer expects to order"),
        );
    }
}

/// Unit and fixed prices are only comparable when bidders know the volumes.
fn baseline(c: &mut Checker) {
    let spec = &c.file.spec;
    let Some(pricing) = &spec.pricing else { return };
    let tender = spec
        .documents
        .iter()
        .any(|d| matches!(d, DocumentKind::Rfp | DocumentKind::Rfq));
    let priced_on_volume = matches!(pricing.model, PricingModel::Unit | PricingModel::Fixed);
    if tender
        && priced_on_volume
        && spec.engagement.category != ProcurementCategory::Goods
        && spec.baseline.is_empty()
    {
        let model = match pricing.model {
            PricingModel::Unit => "unit",
            _ => "fixed",
        };
        c.at(
            "pricing.model",
            Diagnostic::warning(format!(
                "{model} pricing is asked for, but the spec gives bidders no baseline volumes"
            ))
            .with_note("without volumes, bidders price different assumptions and the bids cannot be compared")
            .with_help("add a `baseline:` section (e.g. contacts per month by channel, users, sites)"),
        );
    }
    for (i, b) in spec.baseline.iter().enumerate() {
        if b.quantity.is_negative() {
            c.at(
                &format!("baseline[{i}].quantity"),
                Diagnostic::error(format!("quantity {} is negative", b.quantity)),
            );
        }
    }
}

/// Every desirable requirement and scored question of the spec names an award
/// criterion that exists.
fn criteria_of_items(c: &mut Checker) {
    let spec = &c.file.spec;
    let Some(evaluation) = &spec.evaluation else {
        return;
    };
    let criteria: Vec<&str> = evaluation.criteria.iter().map(|k| k.id.as_str()).collect();
    let help = format!(
        "add `criterion:` with one of {}",
        criteria
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (i, r) in spec.requirements.iter().enumerate() {
        if r.priority == Priority::Desirable && r.criterion.is_none() {
            c.at(
                &format!("requirements[{i}]"),
                Diagnostic::error(format!(
                    "desirable requirement `{}` is scored but belongs to no award criterion",
                    r.id
                ))
                .with_help(help.clone()),
            );
        }
    }
    let Some(q) = &spec.questionnaire else { return };
    for (i, x) in q.questions.iter().enumerate() {
        let scored = !x.knockout
            && x.weight
                .is_some_and(|w| w.value() > super::values::Decimal::ZERO);
        match &x.criterion {
            None if scored => c.at(
                &format!("questionnaire.questions[{i}]"),
                Diagnostic::error(format!(
                    "scored question `{}` belongs to no award criterion",
                    x.id
                ))
                .with_help(help.clone()),
            ),
            Some(k) if !criteria.contains(&k.as_str()) => {
                let mut d = Diagnostic::error(format!("unknown evaluation criterion `{k}`"));
                if let Some(near) = suggest(k, criteria.iter().copied()) {
                    d = d.with_help(format!("did you mean `{near}`?"));
                }
                c.at(&format!("questionnaire.questions[{i}].criterion"), d);
            }
            _ => {}
        }
    }
    for (i, s) in q.sets.iter().enumerate() {
        if let Some(k) = &s.criterion
            && !criteria.contains(&k.as_str())
        {
            let mut d = Diagnostic::error(format!("unknown evaluation criterion `{k}`"));
            if let Some(near) = suggest(k, criteria.iter().copied()) {
                d = d.with_help(format!("did you mean `{near}`?"));
            }
            c.at(&format!("questionnaire.sets[{i}].criterion"), d);
        }
    }
}
