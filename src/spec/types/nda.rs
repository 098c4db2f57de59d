//! Terms of the non-disclosure agreement.

use super::parties::PartyRole;
use crate::spec::jurisdiction::Jurisdiction;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Terms of the non-disclosure agreement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Nda {
    /// Mutual or one-way.
    pub direction: NdaDirection,
    /// Which party discloses (required when one-way).
    #[serde(default)]
    pub discloser: Option<PartyRole>,
    /// Why information is shared, e.g. "evaluating a managed service desk".
    pub purpose: String,
    /// Months during which information may be disclosed under the NDA.
    pub term_months: u32,
    /// Years the obligations last after disclosure.
    pub confidentiality_years: u32,
    /// Whether trade secrets stay protected for as long as they remain trade secrets.
    #[serde(default)]
    pub trade_secrets_indefinite: bool,
    /// Law governing the NDA, as a jurisdiction code (`ie`, `de`, `gb-eng`…); the NDA's
    /// clause texts follow it unless `engagement.jurisdiction` says otherwise.
    pub governing_law: Jurisdiction,
    /// Courts with jurisdiction, as the place they read after "the courts of" ("Ireland").
    pub courts: String,
}

/// NDA direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NdaDirection {
    /// Both parties disclose and receive.
    Mutual,
    /// One party (`discloser`) discloses, the other receives.
    OneWay,
}
