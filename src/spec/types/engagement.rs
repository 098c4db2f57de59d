//! What is being bought: the engagement, its deliverables and its term.

use crate::spec::values::{Date, Money};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What is being bought: the needs assessment.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Engagement {
    /// Short slug (`[a-z0-9-]`, starting with a letter or digit): the output folder name.
    pub id: String,
    /// Title printed on every document.
    pub title: String,
    /// One or two paragraphs on the present situation and the need.
    pub description: String,
    /// Main procurement category (OCDS `mainProcurementCategory`).
    pub category: ProcurementCategory,
    /// What the buyer wants to achieve.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Services and activities within scope.
    #[serde(default)]
    pub in_scope: Vec<String>,
    /// Services and activities explicitly out of scope.
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    /// What the supplier hands over.
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,
    /// Estimated total value of the contract over its initial term.
    #[serde(default)]
    pub budget: Option<Money>,
    /// Whether tender documents may state the budget.
    #[serde(default)]
    pub budget_disclosed: bool,
    /// Contract term.
    pub term: Term,
    /// Jurisdiction code (`ie`, `de`, `gb`…) whose clause texts the documents use, where
    /// the library has them; `clauses.<id>.jurisdiction` overrides it per clause.
    /// Absent: the governing law of the document (`contract.governing_law`, for the NDA
    /// `nda.governing_law`), else the `default` texts.
    #[serde(default)]
    pub jurisdiction: Option<String>,
}

/// OCDS main procurement category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProcurementCategory {
    /// Physical goods.
    Goods,
    /// Construction works.
    Works,
    /// Services (IT outsourcing is services).
    Services,
}

/// Something the supplier delivers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Deliverable {
    /// Name of the deliverable.
    pub name: String,
    /// What it contains.
    #[serde(default)]
    pub description: Option<String>,
    /// Due this many weeks after the contract start.
    #[serde(default)]
    pub due_weeks: Option<u32>,
}

/// Initial term and renewals.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Term {
    /// First day of the contract.
    pub start: Date,
    /// Length of the initial term in months.
    pub months: u32,
    /// Optional extensions at the buyer's option.
    #[serde(default)]
    pub renewals: Option<Renewals>,
}

/// Renewal options.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Renewals {
    /// How many times the term may be extended.
    pub count: u32,
    /// Months each extension lasts.
    pub months: u32,
}
