//! Terms of the service level agreement: support channels, availability, priorities,
//! service credits, KPIs, reporting and chronic failure.

use super::contract::Cadence;
use crate::spec::values::{Decimal, Money, Percent};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Terms of the service level agreement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Sla {
    /// When the service is staffed, e.g. "08:00–18:00 Monday to Friday, excluding Irish public holidays".
    pub service_hours: String,
    /// How users reach support.
    #[serde(default)]
    pub support_channels: Vec<SupportChannel>,
    /// Availability target.
    pub availability: Availability,
    /// Planned maintenance.
    #[serde(default)]
    pub maintenance: Option<Maintenance>,
    /// Response and resolution targets, P1 to P4.
    pub priorities: Vec<PriorityLevel>,
    /// Service credits; absent means none.
    #[serde(default)]
    pub credits: Option<Credits>,
    /// Key performance indicators.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Reporting and review.
    pub reporting: SlaReporting,
    /// Customer satisfaction survey.
    #[serde(default)]
    pub csat: Option<Csat>,
    /// When repeated breaches count as chronic failure.
    #[serde(default)]
    pub chronic_failure: Option<ChronicFailure>,
}

/// A support channel.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SupportChannel {
    /// Kind of channel.
    pub channel: ChannelKind,
    /// Number, address or URL.
    pub contact: String,
    /// When it is staffed, e.g. "24x7" or "service hours".
    pub hours: String,
}

/// Kind of support channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Telephone.
    Phone,
    /// E-mail.
    Email,
    /// Self-service portal.
    Portal,
    /// Live chat.
    Chat,
}

/// Availability target.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Availability {
    /// Target, e.g. 99.9.
    pub target: Percent,
    /// Measurement window.
    pub window: MeasurementWindow,
    /// Downtime that does not count, e.g. "planned maintenance notified in advance".
    #[serde(default)]
    pub exclusions: Vec<String>,
}

/// Measurement window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasurementWindow {
    /// A calendar month.
    Monthly,
    /// A calendar quarter.
    Quarterly,
}

/// Planned maintenance.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Maintenance {
    /// When maintenance may take place, e.g. "Sunday 00:00–06:00".
    pub window: String,
    /// Hours of notice before planned maintenance.
    pub notice_hours: u32,
    /// Most hours of planned maintenance per month.
    pub max_hours_per_month: u32,
}

/// Priority levels P1 (critical) to P4 (low).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum PriorityCode {
    /// Critical.
    P1,
    /// High.
    P2,
    /// Medium.
    P3,
    /// Low.
    P4,
}

/// Targets for one priority.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PriorityLevel {
    /// P1 to P4.
    pub priority: PriorityCode,
    /// What incidents have this priority.
    pub description: String,
    /// Minutes to respond.
    pub response_minutes: u32,
    /// Hours to resolve or work around.
    pub resolution_hours: u32,
    /// Whether the clock runs in service hours or around the clock.
    pub clock: Clock,
}

/// How a target's clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Only during `sla.service_hours`.
    ServiceHours,
    /// Around the clock, every day.
    #[serde(rename = "24x7")]
    AroundTheClock,
}

/// Service credits.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Credits {
    /// Tiers: availability below `below` earns `credit` percent of the monthly fee.
    pub tiers: Vec<CreditTier>,
    /// Most credit per window, in percent of the fee for the window.
    pub cap: Percent,
    /// Days after the report within which credits must be claimed.
    pub claim_window_days: u32,
    /// Illustrative monthly charge for the worked example; absent means the budget
    /// spread over the term, and only when `engagement.budget_disclosed` is true.
    #[serde(default)]
    pub monthly_charge: Option<Money>,
}

/// A service-credit tier.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreditTier {
    /// Availability below this percentage earns the credit.
    pub below: Percent,
    /// Credit in percent of the fee for the window.
    pub credit: Percent,
}

/// A key performance indicator.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Kpi {
    /// Unique id, e.g. `KPI-01`.
    pub id: String,
    /// Name, e.g. "First contact resolution".
    pub name: String,
    /// How it is measured.
    pub definition: String,
    /// Target value.
    pub target: Decimal,
    /// Unit of the target, e.g. "%", "minutes", "seconds".
    pub unit: String,
    /// Whether the target is a minimum (at least) or a maximum (at most).
    pub target_type: TargetType,
}

/// Direction of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetType {
    /// The measured value must be at least the target.
    Minimum,
    /// The measured value must be at most the target.
    Maximum,
}

/// SLA reporting and review.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SlaReporting {
    /// How often the supplier reports performance.
    pub cadence: Cadence,
    /// How often the parties review it.
    pub review_cadence: Cadence,
}

/// Customer satisfaction survey.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Csat {
    /// Share of respondents satisfied or very satisfied.
    pub target: Percent,
    /// How often users are surveyed.
    pub cadence: Cadence,
}

/// Chronic failure: enough breaches in a period to allow termination.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ChronicFailure {
    /// Number of SLA breaches.
    pub breaches: u32,
    /// Within this many consecutive months.
    pub period_months: u32,
}
