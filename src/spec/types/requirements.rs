//! What bidders answer: requirements and the questionnaire (library question sets and
//! questions of the engagement).

use crate::spec::values::{Decimal, Percent};
use crate::version_req::VersionRequirement;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One requirement bidders respond to.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Requirement {
    /// Unique id, e.g. `SD-01`.
    pub id: String,
    /// Group heading, e.g. "Service desk".
    pub category: String,
    /// The requirement, one or two sentences.
    pub text: String,
    /// Mandatory (pass/fail) or desirable (scored).
    pub priority: Priority,
    /// What kind of answer is expected.
    pub response_type: ResponseType,
    /// Weight within its criterion (points), for desirable requirements.
    #[serde(default)]
    pub weight: Option<Decimal>,
    /// Id of the evaluation criterion that scores it.
    #[serde(default)]
    pub criterion: Option<String>,
}

/// Requirement priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Must be met; a pass/fail gate.
    Mandatory,
    /// Should be met; scored.
    Desirable,
}

/// Kind of answer a requirement expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResponseType {
    /// Comply / partially comply / do not comply.
    Comply,
    /// A narrative description.
    Describe,
    /// Yes or no.
    YesNo,
    /// A document attached to the bid.
    Attachment,
}

/// Questions for bidders: library question sets and extra questions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Questionnaire {
    /// Question sets taken from the library.
    #[serde(default)]
    pub sets: Vec<QuestionSetRef>,
    /// Questions of this engagement only.
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// A question set by library id and version requirement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct QuestionSetRef {
    /// Library id, e.g. `information-security`.
    pub id: String,
    /// Semver requirement, e.g. `^1`; absent means the newest approved version.
    #[serde(default)]
    pub version: Option<VersionRequirement>,
    /// Award criterion for the set's scored questions, overriding the set's default.
    #[serde(default)]
    pub criterion: Option<String>,
}

/// A question of this engagement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Question {
    /// Unique id, e.g. `Q-01`.
    pub id: String,
    /// Section heading it appears under.
    pub section: String,
    /// The question.
    pub text: String,
    /// Kind of answer.
    pub response: QuestionResponse,
    /// Points the question carries in the questionnaire score.
    #[serde(default)]
    pub weight: Option<Percent>,
    /// A wrong answer excludes the bid.
    #[serde(default)]
    pub knockout: bool,
    /// Help for the bidder.
    #[serde(default)]
    pub guidance: Option<String>,
    /// Award criterion a scored question counts towards.
    #[serde(default)]
    pub criterion: Option<String>,
    /// Guidance for the evaluation panel only (printed in the evaluation guide).
    #[serde(default)]
    pub evaluator_guidance: Option<String>,
}

/// Kind of answer to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionResponse {
    /// Yes or no.
    YesNo,
    /// Free text.
    Text,
    /// A number.
    Number,
    /// A document.
    Attachment,
}
