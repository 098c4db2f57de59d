//! The engagement spec as typed serde structures.
//!
//! Field names are the YAML keys and, because the whole [`Spec`] is serialized to JSON as
//! the template context, also the names template authors use
//! (`{{ contract.governing_law }}`). Absent optional values serialize as `null`; absent
//! lists as `[]`.
//!
//! This module holds the whole [`Spec`], its output settings and clause choices, and the
//! serde form of [`VersionRequirement`]; each section has its own module: `engagement`
//! (what is bought, the term), `parties`, `procurement` (method, timeline, submission),
//! `requirements` (requirements and the questionnaire), `evaluation`, `pricing`,
//! `contract` (MSA terms), `sla` and `nda`.

mod contract;
mod engagement;
mod evaluation;
mod nda;
mod parties;
mod pricing;
mod procurement;
mod requirements;
mod sla;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub use crate::doc::DocumentKind;
pub use crate::version_req::VersionRequirement;

pub use contract::*;
pub use engagement::*;
pub use evaluation::*;
pub use nda::*;
pub use parties::*;
pub use pricing::*;
pub use procurement::*;
pub use requirements::*;
pub use sla::*;

/// A whole engagement: who buys what, on which terms, and which documents to produce.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Spec {
    /// Version of the spec format; this is version 1.
    pub spec_version: u32,
    /// Allow clauses whose library status is `draft` (otherwise only approved ones).
    #[serde(default)]
    pub allow_draft_clauses: bool,
    /// What is being bought and why.
    pub engagement: Engagement,
    /// The buyer and, for contracts, the supplier.
    pub parties: Parties,
    /// Which documents to produce.
    pub documents: Vec<DocumentKind>,
    /// Paper size and language of the output.
    #[serde(default)]
    pub output: Output,
    /// The tender process: reference, method, timeline, submission (RFI, RFP, RFQ).
    #[serde(default)]
    pub procurement: Option<Procurement>,
    /// Requirements bidders must (mandatory) or should (desirable) meet.
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    /// How bids are scored.
    #[serde(default)]
    pub evaluation: Option<Evaluation>,
    /// Currency, tax, pricing model, price lines, milestones and rate card.
    #[serde(default)]
    pub pricing: Option<Pricing>,
    /// Question sets from the library and extra questions.
    #[serde(default)]
    pub questionnaire: Option<Questionnaire>,
    /// Terms of the master services agreement (MSA).
    #[serde(default)]
    pub contract: Option<Contract>,
    /// Terms of the service level agreement (SLA).
    #[serde(default)]
    pub sla: Option<Sla>,
    /// Terms of the non-disclosure agreement (NDA).
    #[serde(default)]
    pub nda: Option<Nda>,
    /// Per-clause choices, keyed by clause id (`[a-z0-9-]`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub clauses: BTreeMap<String, ClauseChoice>,
    /// Volumes bidders price against (contacts per month, users, sites…).
    #[serde(default)]
    pub baseline: Vec<BaselineVolume>,
    /// The award decision: the winning bid's prices. Its presence makes the pack a
    /// contract-stage pack.
    #[serde(default)]
    pub award: Option<super::stage::Award>,
}

/// Paper, language and theme of the output documents.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Output {
    /// Paper size for PDF and DOCX.
    #[serde(default)]
    pub paper: Paper,
    /// Language tag (BCP 47), e.g. `en-IE`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The house style: a theme of the library (`themes/<name>.yaml`), e.g. `acme`;
    /// absent means rfx's own look (`default`). `--theme` overrides it.
    #[serde(default)]
    pub theme: Option<String>,
}

fn default_language() -> String {
    "en".to_string()
}

impl Default for Output {
    fn default() -> Output {
        Output {
            paper: Paper::default(),
            language: default_language(),
            theme: None,
        }
    }
}

/// Paper size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// A choice for one clause of the library.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ClauseChoice {
    /// Semver requirement, e.g. `^2` or `=1.4.0`; absent means newest approved.
    #[serde(default)]
    pub version: Option<VersionRequirement>,
    /// Variant, e.g. `preferred` or `fallback`.
    #[serde(default)]
    pub variant: Option<String>,
    /// Jurisdiction-specific text to use, e.g. `ie`.
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// Leave the clause out.
    #[serde(default)]
    pub exclude: bool,
}

/// A mapping whose keys are all different: a key written twice is an error (YAML would
/// silently keep one of the two values), reported at the second key by the spec loader.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

impl Serialize for VersionRequirement {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for VersionRequirement {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = VersionRequirement;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a version requirement such as \"^2\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                VersionRequirement::parse(v).map_err(|e| {
                    E::custom(super::values::with_help(
                        e,
                        "write a semver requirement such as \"^2\", \"~1.4\" or \"=1.4.0\"",
                    ))
                })
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                self.visit_str(&v.to_string())
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for VersionRequirement {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "VersionRequirement".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A semver version requirement, e.g. \"^2\" or \"=1.4.0\".",
            "type": "string"
        })
    }
}
