//! Terms of the master services agreement: payment, liability, IP, insurance,
//! termination, governance, data protection, transition, exit and disputes.

use super::parties::PartyRole;
use crate::spec::jurisdiction::Jurisdiction;
use crate::spec::schedules::{
    Benchmarking, Continuity, DelayPayments, EmployeeTransfer, FinancialRegulation,
    ParentGuarantee, Processing, Sanctions, Security,
};
use crate::spec::values::{Decimal, Money};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Terms of the master services agreement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Contract {
    /// Days after receipt of a valid invoice within which it is paid.
    pub payment_days: u32,
    /// How often the supplier invoices.
    pub invoicing_frequency: InvoicingFrequency,
    /// Limits of liability.
    pub liability: Liability,
    /// Intellectual property.
    pub ip: IntellectualProperty,
    /// Warranty period for deliverables, in days after acceptance.
    pub warranty_days: u32,
    /// Insurance the supplier must hold.
    #[serde(default)]
    pub insurance: Vec<Insurance>,
    /// Termination rights.
    pub termination: Termination,
    /// Renewal mechanics (counts and lengths are in `engagement.term.renewals`).
    #[serde(default)]
    pub renewal: Option<Renewal>,
    /// Boards and reports.
    pub governance: Governance,
    /// Change control.
    pub change_control: ChangeControl,
    /// Data protection.
    pub data_protection: DataProtection,
    /// Transition in.
    pub transition: Transition,
    /// Exit management.
    pub exit: Exit,
    /// Dispute resolution.
    pub disputes: Disputes,
    /// Law governing the agreement, as a jurisdiction code: `ie`, `de`, `gb-eng`,
    /// `gb-sct`, `us-ny`… (printed "the laws of Ireland"). Clause texts for that
    /// jurisdiction are chosen unless `engagement.jurisdiction` says otherwise.
    pub governing_law: Jurisdiction,
    /// Courts with jurisdiction, as the place they read after "the courts of": "Ireland"
    /// ("the courts of Ireland"); under German law the place of jurisdiction, e.g. "Munich".
    pub courts: String,
    /// Information security schedule.
    #[serde(default)]
    pub security: Option<Security>,
    /// Staff who transfer to the supplier with the service (employee transfer schedule).
    #[serde(default)]
    pub employee_transfer: Option<EmployeeTransfer>,
    /// Recovery time and recovery point objectives.
    #[serde(default)]
    pub business_continuity: Option<Continuity>,
    /// The buyer may step in, or appoint a third party, when the service fails seriously.
    #[serde(default)]
    pub step_in: bool,
    /// Benchmarking and price indexation.
    #[serde(default)]
    pub benchmarking: Option<Benchmarking>,
    /// Payments for late fixed milestones (`pricing.milestones`).
    #[serde(default)]
    pub delay_payments: Option<DelayPayments>,
    /// A parent company guarantee of the supplier's obligations.
    #[serde(default)]
    pub parent_guarantee: Option<ParentGuarantee>,
    /// Sanctions terms (a sanctions clause is always included; this adds Article 5k).
    #[serde(default)]
    pub sanctions: Sanctions,
    /// The buyer is a financial entity under Regulation (EU) 2022/2554 (DORA): the MSA
    /// adds the contractual terms of its Article 30.
    #[serde(default)]
    pub financial_regulation: Option<FinancialRegulation>,
}

/// Invoicing frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvoicingFrequency {
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every year.
    Annually,
    /// On reaching a payment milestone.
    Milestones,
}

/// Limits of liability.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Liability {
    /// Cap on each party's aggregate liability.
    pub general_cap: LiabilityCap,
    /// Higher cap for breaches of data protection and security.
    #[serde(default)]
    pub data_breach_cap: Option<LiabilityCap>,
    /// Claims with no cap, e.g. "death or personal injury caused by negligence".
    #[serde(default)]
    pub uncapped: Vec<String>,
}

/// A cap: a multiple of the annual fees, a fixed amount, or the greater of both.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LiabilityCap {
    /// Multiple of the fees paid or payable in the 12 months before the claim.
    #[serde(default)]
    pub fees_multiple: Option<Decimal>,
    /// Fixed amount.
    #[serde(default)]
    pub amount: Option<Money>,
}

/// Intellectual property terms.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct IntellectualProperty {
    /// Who owns the deliverables made for the buyer.
    pub deliverables_owner: PartyRole,
    /// Licence to the supplier's pre-existing IP embedded in deliverables.
    pub background_licence: BackgroundLicence,
}

/// Licence to background IP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BackgroundLicence {
    /// Perpetual, irrevocable, royalty-free, for the buyer's own business.
    Perpetual,
    /// For the term of the agreement and the exit period only.
    Term,
}

/// An insurance the supplier must hold.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Insurance {
    /// Kind of cover, e.g. "professional indemnity".
    #[serde(rename = "type")]
    pub kind: String,
    /// Minimum cover per claim.
    pub amount: Money,
}

/// Termination rights.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Termination {
    /// Days to remedy a material breach after notice.
    pub cure_days: u32,
    /// Notice the buyer gives to terminate for convenience; absent means no such right.
    #[serde(default)]
    pub convenience_notice_days: Option<u32>,
    /// Whether chronic SLA failure (see `sla.chronic_failure`) allows termination.
    #[serde(default)]
    pub chronic_sla_failure: bool,
}

/// Renewal mechanics.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Renewal {
    /// Renews unless a party gives notice (otherwise the buyer must opt in).
    #[serde(default)]
    pub automatic: bool,
    /// Days of notice before the end of the term.
    pub notice_days: u32,
}

/// Governance: boards and reports.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Governance {
    /// Governance boards.
    #[serde(default)]
    pub boards: Vec<Board>,
    /// Regular reports from the supplier.
    #[serde(default)]
    pub reports: Vec<Report>,
}

/// A governance board.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Board {
    /// Name, e.g. "Service Review Board".
    pub name: String,
    /// How often it meets.
    pub cadence: Cadence,
    /// Roles that sit on it.
    #[serde(default)]
    pub members: Vec<String>,
}

/// A regular report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Report {
    /// Name, e.g. "Service performance report".
    pub name: String,
    /// How often it is delivered.
    pub cadence: Cadence,
}

/// How often something recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every two weeks.
    Fortnightly,
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months.
    SemiAnnually,
    /// Every year.
    Annually,
}

/// Change control.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ChangeControl {
    /// Working days the supplier has to answer a change request with an impact assessment.
    pub response_days: u32,
}

/// Data protection.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DataProtection {
    /// Applicable laws, e.g. "Regulation (EU) 2016/679 (GDPR)".
    pub laws: Vec<String>,
    /// Where personal data may be stored and processed, e.g. "the European Economic Area".
    pub data_location: String,
    /// Hours within which the supplier notifies a personal data breach.
    pub breach_notice_hours: u32,
    /// The particulars of processing for the data processing schedule (Article 28(3) GDPR).
    #[serde(default)]
    pub processing: Option<Processing>,
}

/// Transition in.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Transition {
    /// Days after signature by which the transition plan is due.
    pub plan_due_days: u32,
    /// Weeks of knowledge transfer from the incumbent.
    pub knowledge_transfer_weeks: u32,
}

/// Exit management.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Exit {
    /// Days after the contract start by which the exit plan is due.
    pub plan_due_days: u32,
    /// Months of exit assistance after termination or expiry.
    pub assistance_months: u32,
    /// Days after exit within which buyer data is returned.
    pub data_return_days: u32,
    /// Days after return within which the supplier deletes buyer data.
    pub data_deletion_days: u32,
    /// Formats in which data and configuration are exported at exit, e.g. "CSV (RFC 4180)".
    #[serde(default)]
    pub data_formats: Vec<String>,
}

/// Dispute resolution.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Disputes {
    /// Escalation tiers, lowest level first.
    #[serde(default)]
    pub escalation: Vec<EscalationTier>,
    /// Whether mediation is tried before the final forum.
    #[serde(default)]
    pub mediation: bool,
    /// Final forum.
    pub forum: Forum,
    /// Arbitration terms, required when `forum` is `arbitration`.
    #[serde(default)]
    pub arbitration: Option<Arbitration>,
}

/// One escalation tier.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EscalationTier {
    /// Level, 1 for the first.
    pub level: u32,
    /// Who meets, e.g. "Service managers".
    pub who: String,
    /// Days they have to resolve the dispute before it escalates.
    pub days: u32,
}

/// Final forum for disputes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Forum {
    /// The courts named in `courts`.
    Courts,
    /// Arbitration on the terms of `arbitration`.
    Arbitration,
}

/// Arbitration terms.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Arbitration {
    /// Rules, e.g. "the UNCITRAL Arbitration Rules".
    pub rules: String,
    /// Seat, e.g. "Dublin".
    pub seat: String,
    /// Number of arbitrators (1 or 3).
    pub arbitrators: u32,
}
