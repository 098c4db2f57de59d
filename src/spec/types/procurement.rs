//! The tender process: method, timeline of key dates, RFI dates and how bids are
//! submitted.

use super::parties::Contact;
use crate::spec::values::{Date, Time};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The tender process.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Procurement {
    /// The buyer's reference for the tender, printed on every page.
    pub reference: String,
    /// Procurement method (OCDS `procurementMethod`).
    pub method: ProcurementMethod,
    /// Key dates.
    pub timeline: Timeline,
    /// How and where bids are submitted.
    pub submission: Submission,
    /// Single point of contact for bidders' questions.
    pub contact: Contact,
    /// Dates of the request for information, when it runs before the RFP or RFQ.
    #[serde(default)]
    pub rfi: Option<RfiDates>,
    /// Days after receipt of a valid invoice within which it is paid, stated in the RFQ
    /// when there is no `contract` block (the MSA's `contract.payment_days` wins).
    #[serde(default)]
    pub payment_days: Option<u32>,
    /// Where suppliers can read the buyer's standard terms of purchase (https://…),
    /// cited by the RFQ when no MSA is issued with it.
    #[serde(default)]
    pub terms_url: Option<String>,
}

/// Dates of the request for information.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RfiDates {
    /// Date the RFI is issued.
    pub issue_date: Date,
    /// Last day for responses; before `procurement.timeline.issue_date` when an RFP or
    /// RFQ follows.
    pub response_deadline: Date,
}

/// OCDS procurement method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProcurementMethod {
    /// Any interested supplier may bid.
    Open,
    /// Only qualified suppliers are invited after a selection stage.
    Selective,
    /// The buyer invites suppliers of its choice.
    Limited,
    /// A single supplier is approached.
    Direct,
}

/// Key dates of the tender, in order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Timeline {
    /// Date the tender is issued.
    pub issue_date: Date,
    /// Last day bidders may ask clarification questions.
    pub clarification_deadline: Date,
    /// Date the answers are published to all bidders.
    #[serde(default)]
    pub answers_published: Option<Date>,
    /// Last day for bids.
    pub submission_deadline: Date,
    /// Time of day on the submission deadline.
    #[serde(default)]
    pub submission_time: Option<Time>,
    /// Time zone of all times, e.g. "Irish time (IST/GMT)".
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Days bids must remain valid after the submission deadline.
    pub bid_validity_days: u32,
    /// Expected end of evaluation.
    #[serde(default)]
    pub evaluation_end: Option<Date>,
    /// Expected award decision.
    pub award: Date,
    /// Standstill period after notice of award, in calendar days.
    #[serde(default)]
    pub standstill_days: Option<u32>,
    /// Expected contract start (normally `engagement.term.start`).
    pub contract_start: Date,
}

/// How bids are submitted.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Submission {
    /// Channel for bids.
    pub method: SubmissionMethod,
    /// Portal URL, e-mail address or postal address, according to `method`.
    pub address: String,
    /// Language bids must be written in.
    pub language: String,
    /// Most pages of the technical response.
    #[serde(default)]
    pub page_limit: Option<u32>,
    /// Whether the price is submitted as a separate volume.
    #[serde(default)]
    pub separate_price_volume: bool,
}

/// Channel for bids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionMethod {
    /// An e-tendering portal.
    Portal,
    /// E-mail.
    Email,
    /// Sealed envelopes by post or hand.
    Physical,
}
