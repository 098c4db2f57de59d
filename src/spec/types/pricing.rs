//! Commercial terms of the bid: pricing model, price lines, baseline volumes, payment
//! milestones and the rate card.

use crate::spec::values::{Currency, Decimal, Percent};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Commercial terms of the bid.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Pricing {
    /// Currency of all prices (and, unless `allow_mixed_currencies`, of every amount).
    pub currency: Currency,
    /// Allow amounts elsewhere in the spec in other currencies.
    #[serde(default)]
    pub allow_mixed_currencies: bool,
    /// VAT / sales tax rate.
    pub tax_rate: Percent,
    /// Whether quoted prices include tax.
    #[serde(default)]
    pub prices_include_tax: bool,
    /// Pricing model.
    pub model: PricingModel,
    /// Lines of the price schedule.
    #[serde(default)]
    pub lines: Vec<PricingLine>,
    /// Whether the evaluated term includes every optional extension
    /// (`engagement.term.renewals`); otherwise it is the initial term.
    #[serde(default)]
    pub evaluate_extensions: bool,
    /// Payment milestones (fixed price); percents sum to 100.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Roles for which day or hourly rates are asked.
    #[serde(default)]
    pub rate_card: Vec<RateCardEntry>,
}

/// Pricing model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PricingModel {
    /// A fixed price, paid by milestones.
    Fixed,
    /// Time and materials at rate-card rates.
    TimeAndMaterials,
    /// A price per unit (per user, per ticket, per device).
    Unit,
    /// A recurring subscription fee.
    Subscription,
}

/// A line of the price schedule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PricingLine {
    /// Unique id, e.g. `P-01`.
    pub id: String,
    /// What is priced.
    pub description: String,
    /// Unit of measure, e.g. "user" or "site".
    pub unit: String,
    /// How often the line is charged: once, or per month, quarter or year.
    pub period: Period,
    /// Expected quantity in each period (users per month, not user-months).
    pub quantity: Decimal,
    /// Whether the buyer may choose not to take it.
    #[serde(default)]
    pub optional: bool,
    /// For an optional line: whether it counts in the evaluated price (the buyer
    /// expects to order it). Other lines always count.
    #[serde(default)]
    pub evaluated: bool,
}

/// How often a price line, or a baseline volume, recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Charged once.
    OneOff,
    /// Every month.
    Month,
    /// Every quarter.
    Quarter,
    /// Every year.
    Year,
}

impl Period {
    /// Months one period lasts (`None` for a one-off charge).
    pub fn months(self) -> Option<u32> {
        match self {
            Period::OneOff => None,
            Period::Month => Some(1),
            Period::Quarter => Some(3),
            Period::Year => Some(12),
        }
    }
}

/// A volume bidders price against, e.g. 5,200 contacts per month by telephone.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BaselineVolume {
    /// Group heading, e.g. "Contacts by channel".
    pub category: String,
    /// What is counted, e.g. "Telephone contacts".
    pub measure: String,
    /// How many.
    pub quantity: Decimal,
    /// Unit counted, e.g. "contacts" or "%".
    pub unit: String,
    /// The period the quantity covers; absent for a count at a point in time.
    #[serde(default)]
    pub period: Option<Period>,
    /// Source, date or caveat, e.g. "average of January to June 2026".
    #[serde(default)]
    pub note: Option<String>,
}

/// A payment milestone.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Milestone {
    /// Unique id, e.g. `M1`.
    pub id: String,
    /// What marks the milestone.
    pub name: String,
    /// Due this many weeks after the contract start.
    #[serde(default)]
    pub due_weeks: Option<u32>,
    /// Share of the fixed price paid at the milestone.
    pub percent: Percent,
}

/// A role on the rate card.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RateCardEntry {
    /// Role, e.g. "Service desk analyst".
    pub role: String,
    /// Where the work is done, e.g. "onsite Dublin" or "offshore".
    pub location: String,
    /// Unit of the rate.
    pub unit: RateUnit,
    /// Days (or hours) per year the buyer expects to order: the evaluation basket that
    /// brings the rate into the evaluated price. Absent: the rate is not evaluated.
    #[serde(default)]
    pub basket: Option<Decimal>,
}

/// Unit of a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateUnit {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
}
