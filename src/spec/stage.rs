//! Stages of a pack: tender (before award) and contract (after award), and the award
//! decision that moves a spec from one to the other.

use super::types::Spec;
use super::values::{Date, Money};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The stage a pack is built at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Before award: the invitation to tender and bidder-neutral draft contracts.
    Tender,
    /// After award: the contract documents with the named supplier and its prices.
    Contract,
}

impl Stage {
    /// The lower-case name used on the command line and in the manifest.
    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Tender => "tender",
            Stage::Contract => "contract",
        }
    }

    /// The marking printed on every page of a tender-stage agreement.
    pub const TENDER_MARKING: &'static str = "Draft for tender — subject to contract";
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Spec {
    /// The stage the spec describes: contract once it has an `award` section or names a
    /// supplier, otherwise tender.
    pub fn stage(&self) -> Stage {
        if self.award.is_some() || self.parties.supplier.is_some() {
            Stage::Contract
        } else {
            Stage::Tender
        }
    }
}

/// The award decision: when it was made and the winning bid's prices.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Award {
    /// Date of the award decision.
    pub date: Date,
    /// The successful bid's unit price for each line of `pricing.lines`.
    #[serde(default)]
    pub prices: Vec<AwardPrice>,
    /// The successful bid's rate for each role of `pricing.rate_card`.
    #[serde(default)]
    pub rates: Vec<AwardRate>,
}

/// A unit price of the successful bid.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AwardPrice {
    /// Id of the price line (`pricing.lines[].id`).
    pub line: String,
    /// Price per unit and period, in the pricing currency.
    pub unit_price: Money,
}

/// A rate of the successful bid.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AwardRate {
    /// Role, as written in `pricing.rate_card[].role`.
    pub role: String,
    /// Rate per day or hour, in the pricing currency.
    pub rate: Money,
}
