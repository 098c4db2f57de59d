//! The engagement spec as typed serde structures.
//!
//! Field names are the YAML keys and, because the whole [`Spec`] is serialized to JSON as
//! the template context, also the names template authors use
//! (`{{ contract.governing_law }}`). Absent optional values serialize as `null`; absent
//! lists as `[]`.

use super::jurisdiction::Jurisdiction;
use super::schedules::{
    Benchmarking, Continuity, DelayPayments, EmployeeTransfer, FinancialRegulation,
    ParentGuarantee, Processing, Sanctions, Security,
};
use super::values::{Currency, Date, Decimal, Money, Percent, Time};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub use crate::doc::DocumentKind;
pub use crate::version_req::VersionRequirement;

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
    #[serde(default)]
    pub clauses: BTreeMap<String, ClauseChoice>,
    /// Volumes bidders price against (contacts per month, users, sites…).
    #[serde(default)]
    pub baseline: Vec<BaselineVolume>,
    /// The award decision: the winning bid's prices. Its presence makes the pack a
    /// contract-stage pack.
    #[serde(default)]
    pub award: Option<super::stage::Award>,
}

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

/// The contracting parties.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Parties {
    /// The buyer (OCDS `buyer`): the organisation issuing the tender and signing.
    pub buyer: Party,
    /// The counterparty of the MSA, SLA and NDA; absent before award.
    #[serde(default)]
    pub supplier: Option<Party>,
    /// Bidders known at tender stage; each gets its own NDA (`nda-<id>`).
    #[serde(default)]
    pub bidders: Vec<Party>,
}

/// Which party, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// `parties.buyer`.
    Buyer,
    /// `parties.supplier`.
    Supplier,
}

/// An organisation party to the documents.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Party {
    /// Short id (`[a-z0-9-]`) of a bidder, naming its files (`nda-<id>.pdf`); required
    /// for `parties.bidders`, unused elsewhere.
    #[serde(default)]
    pub id: Option<String>,
    /// Registered legal name, e.g. "Corrib Water Services DAC".
    pub legal_name: String,
    /// Defined term used in the text, e.g. "the Customer" or "Corrib".
    pub short_name: String,
    /// Company registration number (OCDS `identifier.id`).
    #[serde(default)]
    pub registration_id: Option<String>,
    /// Jurisdiction of incorporation, e.g. "Ireland".
    pub jurisdiction: String,
    /// Registered address.
    pub address: Address,
    /// Person to contact.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Person who signs.
    #[serde(default)]
    pub signatory: Option<Signatory>,
}

/// A postal address (OCDS `Address`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Address {
    /// Street and number, one line.
    pub street_address: String,
    /// Town or city.
    pub locality: String,
    /// County, state or province.
    #[serde(default)]
    pub region: Option<String>,
    /// Postal code (Eircode in Ireland).
    #[serde(default)]
    pub postal_code: Option<String>,
    /// Country name.
    pub country_name: String,
}

/// A contact person.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Contact {
    /// Full name or a function ("Procurement Office").
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
}

/// The person who signs for a party.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Signatory {
    /// Full name.
    pub name: String,
    /// Job title.
    pub title: String,
}

/// Paper and language of the output documents.
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
}

fn default_language() -> String {
    "en".to_string()
}

impl Default for Output {
    fn default() -> Output {
        Output {
            paper: Paper::default(),
            language: default_language(),
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

/// Commercial terms of the bid.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Pricing {
    /// Currency of all prices (and, unless `allow_mixed_currencies`, of every amount).
    pub currency: Currency,
    /// Allow amounts elsewhere in the spec in other currencies.
    #[serde(default)]
    pub allow_mixed_currencies: bool,
    /// VAT / sales tax rate.
    pub tax_rate: Percent,
    /// Whether quoted prices include tax.
    #[serde(default)]
    pub prices_include_tax: bool,
    /// Pricing model.
    pub model: PricingModel,
    /// Lines of the price schedule.
    #[serde(default)]
    pub lines: Vec<PricingLine>,
    /// Whether the evaluated term includes every optional extension
    /// (`engagement.term.renewals`); otherwise it is the initial term.
    #[serde(default)]
    pub evaluate_extensions: bool,
    /// Payment milestones (fixed price); percents sum to 100.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Roles for which day or hourly rates are asked.
    #[serde(default)]
    pub rate_card: Vec<RateCardEntry>,
}

/// Pricing model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PricingModel {
    /// A fixed price, paid by milestones.
    Fixed,
    /// Time and materials at rate-card rates.
    TimeAndMaterials,
    /// A price per unit (per user, per ticket, per device).
    Unit,
    /// A recurring subscription fee.
    Subscription,
}

/// A line of the price schedule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PricingLine {
    /// Unique id, e.g. `P-01`.
    pub id: String,
    /// What is priced.
    pub description: String,
    /// Unit of measure, e.g. "user" or "site".
    pub unit: String,
    /// How often the line is charged: once, or per month, quarter or year.
    pub period: Period,
    /// Expected quantity in each period (users per month, not user-months).
    pub quantity: Decimal,
    /// Whether the buyer may choose not to take it.
    #[serde(default)]
    pub optional: bool,
    /// For an optional line: whether it counts in the evaluated price (the buyer
    /// expects to order it). Other lines always count.
    #[serde(default)]
    pub evaluated: bool,
}

/// How often a price line, or a baseline volume, recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Charged once.
    OneOff,
    /// Every month.
    Month,
    /// Every quarter.
    Quarter,
    /// Every year.
    Year,
}

impl Period {
    /// Months one period lasts (`None` for a one-off charge).
    pub fn months(self) -> Option<u32> {
        match self {
            Period::OneOff => None,
            Period::Month => Some(1),
            Period::Quarter => Some(3),
            Period::Year => Some(12),
        }
    }
}

/// A volume bidders price against, e.g. 5,200 contacts per month by telephone.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BaselineVolume {
    /// Group heading, e.g. "Contacts by channel".
    pub category: String,
    /// What is counted, e.g. "Telephone contacts".
    pub measure: String,
    /// How many.
    pub quantity: Decimal,
    /// Unit counted, e.g. "contacts" or "%".
    pub unit: String,
    /// The period the quantity covers; absent for a count at a point in time.
    #[serde(default)]
    pub period: Option<Period>,
    /// Source, date or caveat, e.g. "average of January to June 2026".
    #[serde(default)]
    pub note: Option<String>,
}

/// A payment milestone.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Milestone {
    /// Unique id, e.g. `M1`.
    pub id: String,
    /// What marks the milestone.
    pub name: String,
    /// Due this many weeks after the contract start.
    #[serde(default)]
    pub due_weeks: Option<u32>,
    /// Share of the fixed price paid at the milestone.
    pub percent: Percent,
}

/// A role on the rate card.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RateCardEntry {
    /// Role, e.g. "Service desk analyst".
    pub role: String,
    /// Where the work is done, e.g. "onsite Dublin" or "offshore".
    pub location: String,
    /// Unit of the rate.
    pub unit: RateUnit,
    /// Days (or hours) per year the buyer expects to order: the evaluation basket that
    /// brings the rate into the evaluated price. Absent: the rate is not evaluated.
    #[serde(default)]
    pub basket: Option<Decimal>,
}

/// Unit of a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateUnit {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
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
