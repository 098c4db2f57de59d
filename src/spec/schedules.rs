//! The contract's schedules and special provisions: the facts behind the data processing
//! annex, the information security and employee transfer schedules, and the provisions
//! buyers add for long, critical or regulated services (step-in, benchmarking, delay
//! payments, a parent company guarantee, sanctions, DORA).
//!
//! Each is optional: a schedule or provision appears in the MSA when its field is set.

use super::values::Percent;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The particulars of processing that Article 28(3) GDPR requires the contract to state.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Processing {
    /// Subject matter, e.g. "personal data of Lisnagree staff handled in running the service desk".
    pub subject_matter: String,
    /// Nature and purpose of the processing.
    pub nature_and_purpose: String,
    /// Types of personal data, e.g. "names", "work contact details".
    pub data_types: Vec<String>,
    /// Special categories of personal data (Article 9 GDPR), if any.
    #[serde(default)]
    pub special_categories: Vec<String>,
    /// Categories of data subjects, e.g. "employees of the buyer".
    pub data_subjects: Vec<String>,
    /// Sub-processors approved at signature.
    #[serde(default)]
    pub subprocessors: Vec<Subprocessor>,
    /// Days of notice the supplier gives before adding or replacing a sub-processor.
    pub subprocessor_notice_days: u32,
    /// Transfer mechanism for any transfer outside `data_location`, e.g. "the standard
    /// contractual clauses of Commission Implementing Decision (EU) 2021/914";
    /// absent: no such transfer is allowed.
    #[serde(default)]
    pub transfer_mechanism: Option<String>,
}

/// A sub-processor approved at signature.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Subprocessor {
    /// Legal name.
    pub name: String,
    /// What it does, e.g. "hosting of the ITSM platform".
    pub activity: String,
    /// Where it processes personal data.
    pub location: String,
}

/// The information security schedule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Security {
    /// Certifications the supplier keeps for the whole term, e.g. "ISO/IEC 27001:2022".
    #[serde(default)]
    pub certifications: Vec<String>,
    /// Months between independent penetration tests.
    pub penetration_test_months: u32,
    /// Days to fix a critical vulnerability.
    pub critical_fix_days: u32,
    /// Days to fix a high-severity vulnerability.
    pub high_fix_days: u32,
}

/// Staff who transfer to the supplier with the service.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EmployeeTransfer {
    /// Whose staff transfer: the buyer's in-house team or an outgoing supplier's.
    pub from: TransferFrom,
    /// Approximate number of staff expected to transfer.
    pub employees: u32,
    /// Days before the transfer date by which the transferor gives final employee information.
    pub information_days: u32,
}

/// Whose staff transfer at the start of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferFrom {
    /// The buyer's own team (first outsourcing).
    Buyer,
    /// The outgoing supplier's team (second-generation outsourcing).
    Incumbent,
}

/// Recovery objectives for business continuity.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Continuity {
    /// Recovery time objective: hours within which the Services are restored.
    pub rto_hours: u32,
    /// Recovery point objective: the most data, in minutes of work, that may be lost.
    pub rpo_minutes: u32,
}

/// Benchmarking and price indexation, for long terms.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Benchmarking {
    /// Months after the Commencement Date before the first benchmark may be called.
    pub first_after_months: u32,
    /// Annual adjustment of the Charges to a price index, if any.
    #[serde(default)]
    pub indexation: Option<Indexation>,
}

/// Annual price indexation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Indexation {
    /// The index, e.g. "the harmonised index of consumer prices for Ireland (HICP) published by the Central Statistics Office".
    pub index: String,
    /// Most the Charges may rise in one year, in percent.
    pub cap: Percent,
}

/// Payments for late fixed milestones.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DelayPayments {
    /// Percent of the milestone's payment for each week or part week of delay.
    pub percent_per_week: Percent,
    /// Most that can be due for one milestone, in percent of its payment.
    pub cap_percent: Percent,
}

/// A parent company guarantee of the supplier's obligations.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ParentGuarantee {
    /// The guarantor's legal name; absent: the supplier's ultimate parent company.
    #[serde(default)]
    pub guarantor: Option<String>,
    /// Days after signature by which the signed guarantee is delivered.
    pub delivery_days: u32,
}

/// Sanctions terms.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Sanctions {
    /// The buyer awards a public contract within Article 5k of Council Regulation (EU)
    /// No 833/2014 (a contracting authority or entity under the EU procurement
    /// directives), so the prohibition on Russian participation applies.
    #[serde(default)]
    pub eu_article_5k: bool,
}

/// Regulatory terms for a buyer in the financial sector.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FinancialRegulation {
    /// The Services support critical or important functions (Article 30(3) DORA applies).
    #[serde(default)]
    pub critical_or_important: bool,
    /// The competent authority, e.g. "the Central Bank of Ireland".
    pub authority: String,
}
