//! How bids are scored: method, scale, weighted criteria, price scoring, consensus and
//! tie-breaks.

use crate::spec::values::Percent;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How bids are scored.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Evaluation {
    /// Award method.
    pub method: EvaluationMethod,
    /// Score scale for quality criteria.
    pub scale: Scale,
    /// Quality criteria; their weights plus `price.weight` sum to 100.
    pub criteria: Vec<Criterion>,
    /// How price is scored; absent for lowest-price methods that do not weight it.
    #[serde(default)]
    pub price: Option<PriceEvaluation>,
    /// Minimum quality score (percent of the quality maximum) a bid needs to be considered.
    #[serde(default)]
    pub quality_threshold: Option<Percent>,
    /// The evaluators who score independently before moderation (names or roles).
    #[serde(default)]
    pub panel: Vec<String>,
    /// The one rule that separates tied bids, in every document of the pack.
    #[serde(default)]
    pub tie_break: TieBreak,
    /// How the evaluators' scores of an item become its consensus score.
    #[serde(default)]
    pub consensus: Consensus,
    /// Scores of one item differing by more than this many points are flagged for
    /// moderation (default 1).
    #[serde(default)]
    pub moderation_threshold: Option<u32>,
}

/// How the evaluators' individual scores of an item become one consensus score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Consensus {
    /// The mean of the evaluators' scores.
    #[default]
    Mean,
    /// The median of the evaluators' scores.
    Median,
    /// The score the panel agreed at moderation, recorded in the moderation workbook.
    Moderated,
}

/// How tied bids are separated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// The higher quality score wins; then the lower evaluated price.
    #[default]
    HigherQuality,
    /// The lower evaluated price wins; then the higher quality score.
    LowerPrice,
    /// The earlier committed delivery wins; then the lower evaluated price.
    EarlierDelivery,
}

/// Award method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationMethod {
    /// Best price–quality ratio (MEAT).
    BestPriceQuality,
    /// Lowest price among compliant bids.
    LowestPrice,
    /// Lowest price among bids that pass the quality threshold.
    LowestPriceTechnicallyAcceptable,
}

/// Score scale, e.g. 0–5 with labels.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Scale {
    /// Lowest score.
    pub min: u32,
    /// Highest score.
    pub max: u32,
    /// What each score means.
    #[serde(default)]
    pub labels: Vec<ScaleLabel>,
}

/// Meaning of one score.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScaleLabel {
    /// The score.
    pub score: u32,
    /// Its meaning, e.g. "Excellent".
    pub label: String,
}

/// A weighted quality criterion.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Criterion {
    /// Unique id, referenced by `requirements[].criterion`.
    pub id: String,
    /// Name printed in the evaluation table.
    pub name: String,
    /// Weight in percent of the total score.
    pub weight: Percent,
    /// What evaluators look for.
    #[serde(default)]
    pub description: Option<String>,
}

/// Price scoring.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PriceEvaluation {
    /// Weight of price in percent of the total score.
    pub weight: Percent,
    /// Formula turning a bid price into a score.
    pub formula: PriceFormula,
}

/// Price scoring formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceFormula {
    /// Score = weight × lowest price ÷ bid price: a price twice the lowest scores half.
    LowestPriceRatio,
    /// Score = weight × (1 − (bid price − lowest price) ÷ lowest price), not below zero:
    /// each percent above the lowest price costs one percent of the weight.
    DeviationFromLowest,
    /// Score = weight × (highest price − bid price) ÷ (highest price − lowest price): the
    /// lowest price scores the full weight, the highest nothing (all score the full weight
    /// when every price is equal).
    LowestToHighest,
}

impl PriceFormula {
    /// The formula in words, as the evaluation report and the scoring matrix print it.
    pub fn in_words(self) -> &'static str {
        match self {
            PriceFormula::LowestPriceRatio => {
                "weight × lowest total evaluated price ÷ the bid's total evaluated price"
            }
            PriceFormula::DeviationFromLowest => {
                "weight × (1 − (the bid's total evaluated price − lowest) ÷ lowest), not below zero"
            }
            PriceFormula::LowestToHighest => {
                "weight × (highest total evaluated price − the bid's) ÷ (highest − lowest); the full weight when all are equal"
            }
        }
    }
}
