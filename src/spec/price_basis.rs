//! The price basis: what the evaluated price of a bid is made of.
//!
//! Evaluated price = Σ unit price × quantity per period × periods of the evaluated term,
//! over the lines that count (every required line, and optional lines marked
//! `evaluated`), plus Σ rate × basket per year × years of the evaluated term over the
//! rate-card roles that carry a basket. Arithmetic is exact ([`Decimal`]).

use super::stage::Award;
use super::types::{Period, Spec};
use super::values::Decimal;
use serde::Serialize;

/// The evaluated quantities of a spec's pricing, for the documents and the CSVs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceBasis {
    /// Months of the evaluated term (the initial term, plus extensions when
    /// `pricing.evaluate_extensions`).
    pub term_months: u32,
    /// Whether the evaluated term includes the extensions.
    pub includes_extensions: bool,
    /// One entry per `pricing.lines`, in order.
    pub lines: Vec<EvaluatedLine>,
    /// One entry per `pricing.rate_card`, in order.
    pub rates: Vec<EvaluatedRate>,
}

/// A price line's evaluated quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatedLine {
    /// Line id.
    pub id: String,
    /// Periods of the evaluated term the line is charged for (1 for a one-off charge).
    pub periods: u32,
    /// Quantity per period × periods.
    pub evaluated_quantity: Decimal,
    /// Whether the line counts in the evaluated price.
    pub evaluated: bool,
}

/// A rate-card role's evaluation basket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatedRate {
    /// Role.
    pub role: String,
    /// Days or hours per year in the basket; `None` when the rate is not evaluated.
    pub basket: Option<Decimal>,
    /// Basket × years of the evaluated term; `None` when not evaluated (or when the
    /// term is not a whole number of twelfths of the basket, which `rfx check` reports).
    pub evaluated_quantity: Option<Decimal>,
}

/// One priced line of a bid: the evaluated quantity times the bid's price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricedItem {
    /// Line id or role.
    pub item: String,
    /// Evaluated quantity.
    pub quantity: Decimal,
    /// Bid's unit price or rate.
    pub price: Decimal,
    /// Quantity × price.
    pub total: Decimal,
}

/// The evaluated price of a bid, item by item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatedPrice {
    /// Every evaluated line and rate, in schedule order.
    pub items: Vec<PricedItem>,
    /// Sum of the items' totals.
    pub total: Decimal,
}

impl PriceBasis {
    /// The basis of a spec's pricing; `None` without a `pricing` section.
    pub fn of(spec: &Spec) -> Option<PriceBasis> {
        let pricing = spec.pricing.as_ref()?;
        let term = &spec.engagement.term;
        let extensions = term.renewals.as_ref().map_or(0, |r| r.count * r.months);
        let term_months = if pricing.evaluate_extensions {
            term.months + extensions
        } else {
            term.months
        };
        let lines = pricing
            .lines
            .iter()
            .map(|l| {
                let periods = periods(l.period, term_months);
                EvaluatedLine {
                    id: l.id.clone(),
                    periods,
                    evaluated_quantity: l
                        .quantity
                        .checked_mul(&Decimal::from_int(i64::from(periods)))
                        .unwrap_or(l.quantity),
                    evaluated: !l.optional || l.evaluated,
                }
            })
            .collect();
        let rates = pricing
            .rate_card
            .iter()
            .map(|r| EvaluatedRate {
                role: r.role.clone(),
                basket: r.basket,
                evaluated_quantity: r.basket.and_then(|b| {
                    b.checked_mul(&Decimal::from_int(i64::from(term_months)))?
                        .checked_div_int(12)
                }),
            })
            .collect();
        Some(PriceBasis {
            term_months,
            includes_extensions: pricing.evaluate_extensions && extensions > 0,
            lines,
            rates,
        })
    }

    /// The evaluated price of the award's prices; `None` when a counted line or basket
    /// has no price in the award (or on overflow).
    pub fn evaluate(&self, award: &Award) -> Option<EvaluatedPrice> {
        let mut items = Vec::new();
        for line in self.lines.iter().filter(|l| l.evaluated) {
            let price = award.prices.iter().find(|p| p.line == line.id)?;
            items.push(priced(
                &line.id,
                line.evaluated_quantity,
                price.unit_price.amount,
            )?);
        }
        for rate in &self.rates {
            let Some(quantity) = rate.evaluated_quantity else {
                continue;
            };
            let price = award.rates.iter().find(|r| r.role == rate.role)?;
            items.push(priced(&rate.role, quantity, price.rate.amount)?);
        }
        let total = items
            .iter()
            .try_fold(Decimal::ZERO, |sum, i| sum.checked_add(&i.total))?;
        Some(EvaluatedPrice { items, total })
    }
}

fn priced(item: &str, quantity: Decimal, price: Decimal) -> Option<PricedItem> {
    Some(PricedItem {
        item: item.to_string(),
        quantity,
        price,
        total: quantity.checked_mul(&price)?,
    })
}

/// Whole periods of `months` a line with `period` is charged for.
pub fn periods(period: Period, months: u32) -> u32 {
    match period.months() {
        None => 1,
        Some(p) => months / p,
    }
}
