//! The workbooks of a tender: the bidders' response form and the evaluators' scoring
//! workbooks. [`ResponseForm`] is the one layout both the writers here and the reader in
//! `evaluate` follow, so a returned workbook is read from the cells it was given.
//!
//! Cell positions are computed in this module only ([`ResponseForm::pricing_layout`],
//! the `*_ROW`/`*_COL` constants); the writers and the reader share them.

pub mod response;
pub mod scoring;

use crate::diag::Diagnostic;
use crate::digest::sha256_hex;
use crate::doc::DocumentKind;
use crate::doc::{Block, Document, Inline};
use crate::evaluation::{ItemStage, Model, chosen_set};
use crate::library::Library;
use crate::library::lockfile::Lockfile;
use crate::spec::{
    Decimal, Period, Priority, QuestionResponse, RateUnit, ResponseType, SpecFile, TieBreak,
};
use serde::Serialize;

/// File name of the response form in a tender pack.
pub const RESPONSE_FORM: &str = "response-form.xlsx";
/// The marker in the hidden identity sheet of every rfx workbook.
pub const FORM_MARKER: &str = "rfx form";
/// Name of the hidden sheet holding a workbook's identity.
pub const IDENTITY_SHEET: &str = "Form";
/// Evaluator id of the moderation workbook (consensus `moderated`).
pub const MODERATION: &str = "moderation";

/// First row (0-based) of the item rows on Requirements and Questionnaire sheets.
pub const FIRST_ITEM_ROW: u32 = 3;
/// Requirements sheet: column of the compliance drop-down.
pub const REQ_COMPLIANCE_COL: u16 = 4;
/// Requirements sheet: column of the response text.
pub const REQ_RESPONSE_COL: u16 = 5;
/// Requirements sheet: column of the attachment reference.
pub const REQ_ATTACHMENT_COL: u16 = 6;
/// Questionnaire sheet: column of the answer.
pub const Q_ANSWER_COL: u16 = 5;
/// Questionnaire sheet: column of the attachment reference.
pub const Q_ATTACHMENT_COL: u16 = 6;
/// Instructions sheet: row of the bidder's legal name (value in column B).
pub const BIDDER_NAME_ROW: u32 = 9;
/// Pricing sheet: column of the unit price or rate input.
pub const PRICE_COL: u16 = 8;
/// Pricing sheet: column of the line total formula.
pub const TOTAL_COL: u16 = 9;
/// Declarations sheet: column of each declaration's "Agreed" answer.
pub const AGREED_COL: u16 = 2;

/// The three compliance answers of the Requirements sheet, in drop-down order.
pub const COMPLIANCE: [&str; 3] = ["Fully compliant", "Partly compliant", "Not compliant"];
/// The yes/no answers.
pub const YES_NO: [&str; 2] = ["Yes", "No"];

/// What a requirement or question accepts as its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// Fully / partly / not compliant (requirements), with a description.
    Compliance,
    /// Yes or no.
    YesNo,
    /// A number.
    Number,
    /// Free text.
    Text,
    /// A reference to an attached document.
    Attachment,
}

impl AnswerKind {
    /// The format column's words.
    pub fn label(self) -> &'static str {
        match self {
            AnswerKind::Compliance => "Compliance and description",
            AnswerKind::YesNo => "Yes / No",
            AnswerKind::Number => "Number",
            AnswerKind::Text => "Text",
            AnswerKind::Attachment => "Attachment reference",
        }
    }
}

/// A requirement row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormRequirement {
    /// Requirement id.
    pub id: String,
    /// Category.
    pub category: String,
    /// The requirement.
    pub text: String,
    /// Mandatory requirements are gates.
    pub mandatory: bool,
    /// What the answer is.
    pub kind: AnswerKind,
}

/// A question row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormQuestion {
    /// Question id.
    pub id: String,
    /// Question set title or section.
    pub group: String,
    /// Gate, selection, award or information.
    pub stage: ItemStage,
    /// The question.
    pub text: String,
    /// What the answer is.
    pub kind: AnswerKind,
    /// A wrong or missing answer excludes the bid.
    pub knockout: bool,
}

/// A price line row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormLine {
    /// Line id.
    pub id: String,
    /// What is priced.
    pub description: String,
    /// Unit of measure.
    pub unit: String,
    /// "one-off", "month", "quarter" or "year".
    pub period: &'static str,
    /// Quantity per period.
    pub quantity: Decimal,
    /// Periods of the evaluated term.
    pub periods: u32,
    /// Quantity × periods.
    pub evaluated_quantity: Decimal,
    /// Optional line.
    pub optional: bool,
    /// Counts in the evaluated price.
    pub evaluated: bool,
}

/// A rate-card row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormRate {
    /// Role.
    pub role: String,
    /// Where the work is done.
    pub location: String,
    /// "hour" or "day".
    pub unit: &'static str,
    /// Basket per year, if evaluated.
    pub basket: Option<Decimal>,
    /// Basket × years of the evaluated term, if evaluated.
    pub evaluated_quantity: Option<Decimal>,
}

/// A milestone row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormMilestone {
    /// Milestone id.
    pub id: String,
    /// What marks it.
    pub name: String,
    /// Weeks after contract start.
    pub due_weeks: Option<u32>,
    /// Share of the fixed (one-off) price, in percent.
    pub percent: Decimal,
}

/// An award item as the evaluators score it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredItem {
    /// Item id.
    pub id: String,
    /// Criterion id.
    pub criterion: String,
    /// The requirement or question.
    pub text: String,
    /// Weight within the criterion.
    pub weight: Decimal,
    /// Guidance of the evaluation guide.
    pub guidance: Option<String>,
}

/// The layout of a tender's response form and scoring workbooks: everything a bidder
/// or evaluator sees in a locked cell. Its hash identifies the form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseForm {
    /// Tender reference (`procurement.reference`, else the engagement id).
    pub reference: String,
    /// Engagement title.
    pub title: String,
    /// Buyer's legal name.
    pub buyer: String,
    /// Closing date and time, as printed.
    pub closing: String,
    /// Where and how to return the form.
    pub return_to: String,
    /// Pricing currency code (empty without pricing).
    pub currency: String,
    /// Decimal places of the currency.
    pub minor_units: u32,
    /// VAT rate in percent.
    pub tax_rate: Decimal,
    /// Months of the evaluated term.
    pub term_months: u32,
    /// Requirement rows.
    pub requirements: Vec<FormRequirement>,
    /// Question rows.
    pub questions: Vec<FormQuestion>,
    /// Price lines.
    pub lines: Vec<FormLine>,
    /// Rate card.
    pub rates: Vec<FormRate>,
    /// Milestones.
    pub milestones: Vec<FormMilestone>,
    /// The RFP's declarations.
    pub declarations: Vec<String>,
    /// Whether bidders commit to a delivery time (tie-break `earlier_delivery`).
    pub asks_delivery: bool,
    /// Scale of the scoring workbooks.
    pub scale: (u32, u32),
    /// Award items the evaluators score, criterion by criterion.
    pub scored: Vec<ScoredItem>,
    /// Selection items the evaluators pass or fail: (id, text).
    pub selection: Vec<(String, String)>,
}

/// Rows of the Pricing sheet (0-based), computed from the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricingLayout {
    /// First price line row.
    pub first_line: u32,
    /// First rate-card row.
    pub first_rate: u32,
    /// Row of the total evaluated price.
    pub total: u32,
    /// Row of the VAT.
    pub vat: u32,
    /// Row of the total including VAT.
    pub gross: u32,
    /// Row of the optional lines not evaluated.
    pub optional: u32,
    /// Row of the committed delivery (weeks), when asked.
    pub delivery: u32,
    /// First milestone row.
    pub first_milestone: u32,
}

impl ResponseForm {
    /// The form of a spec: its model's items, price basis and the RFP's declarations
    /// (taken from the built RFP or RFQ document, see [`declarations_of`]).
    pub fn of(
        spec: &SpecFile,
        library: &Library,
        lock: Option<&Lockfile>,
        declarations: Vec<String>,
    ) -> ResponseForm {
        let s = &spec.spec;
        let model = Model::build(spec, library, lock);
        let requirements = s
            .requirements
            .iter()
            .map(|r| FormRequirement {
                id: r.id.clone(),
                category: r.category.clone(),
                text: r.text.clone(),
                mandatory: r.priority == Priority::Mandatory,
                kind: match r.response_type {
                    ResponseType::Comply | ResponseType::Describe => AnswerKind::Compliance,
                    ResponseType::YesNo => AnswerKind::YesNo,
                    ResponseType::Attachment => AnswerKind::Attachment,
                },
            })
            .collect();
        let questions = model
            .items
            .iter()
            .filter(|i| i.source == "question")
            .map(|i| FormQuestion {
                id: i.id.clone(),
                group: i.group.clone(),
                stage: i.stage,
                text: i.text.clone(),
                kind: question_kind(spec, library, lock, &i.id, i.set.as_deref()),
                knockout: i.stage == ItemStage::Gate,
            })
            .collect();
        let basis = crate::spec::PriceBasis::of(s);
        let (lines, rates, milestones) = match (&s.pricing, &basis) {
            (Some(p), Some(b)) => (
                p.lines
                    .iter()
                    .zip(&b.lines)
                    .map(|(l, e)| FormLine {
                        id: l.id.clone(),
                        description: l.description.clone(),
                        unit: l.unit.clone(),
                        period: period_word(l.period),
                        quantity: l.quantity,
                        periods: e.periods,
                        evaluated_quantity: e.evaluated_quantity,
                        optional: l.optional,
                        evaluated: e.evaluated,
                    })
                    .collect(),
                p.rate_card
                    .iter()
                    .zip(&b.rates)
                    .map(|(r, e)| FormRate {
                        role: r.role.clone(),
                        location: r.location.clone(),
                        unit: match r.unit {
                            RateUnit::Hour => "hour",
                            RateUnit::Day => "day",
                        },
                        basket: e.basket,
                        evaluated_quantity: e.evaluated_quantity,
                    })
                    .collect(),
                p.milestones
                    .iter()
                    .map(|m| FormMilestone {
                        id: m.id.clone(),
                        name: m.name.clone(),
                        due_weeks: m.due_weeks,
                        percent: m.percent.value(),
                    })
                    .collect(),
            ),
            _ => (Vec::new(), Vec::new(), Vec::new()),
        };
        let evaluation = s.evaluation.as_ref();
        let scored = model
            .at(ItemStage::Award)
            .map(|i| ScoredItem {
                id: i.id.clone(),
                criterion: i.criterion.clone().unwrap_or_default(),
                text: i.text.clone(),
                weight: Decimal::parse(&format!("{}", i.weight.unwrap_or(1.0)))
                    .unwrap_or(Decimal::from_int(1)),
                guidance: i.evaluator_guidance.clone().or_else(|| i.guidance.clone()),
            })
            .collect::<Vec<_>>();
        // Grouped by criterion, in the criteria's order.
        let mut grouped = Vec::new();
        if let Some(e) = evaluation {
            for c in &e.criteria {
                grouped.extend(scored.iter().filter(|i| i.criterion == c.id).cloned());
            }
        }
        let procurement = s.procurement.as_ref();
        ResponseForm {
            reference: procurement
                .map(|p| p.reference.clone())
                .unwrap_or_else(|| s.engagement.id.clone()),
            title: s.engagement.title.clone(),
            buyer: s.parties.buyer.legal_name.clone(),
            closing: procurement
                .map(|p| {
                    let t = &p.timeline;
                    match (&t.submission_time, &t.time_zone) {
                        (Some(h), Some(z)) => format!("{} {h} ({z})", t.submission_deadline),
                        (Some(h), None) => format!("{} {h}", t.submission_deadline),
                        _ => t.submission_deadline.to_string(),
                    }
                })
                .unwrap_or_default(),
            return_to: procurement
                .map(|p| p.submission.address.clone())
                .unwrap_or_default(),
            currency: s
                .pricing
                .as_ref()
                .map(|p| p.currency.code().to_string())
                .unwrap_or_default(),
            minor_units: s.pricing.as_ref().map_or(2, |p| p.currency.minor_units()),
            tax_rate: s
                .pricing
                .as_ref()
                .map_or(Decimal::ZERO, |p| p.tax_rate.value()),
            term_months: basis.as_ref().map_or(0, |b| b.term_months),
            requirements,
            questions,
            lines,
            rates,
            milestones,
            declarations,
            asks_delivery: evaluation.is_some_and(|e| e.tie_break == TieBreak::EarlierDelivery),
            scale: evaluation.map_or((0, 5), |e| (e.scale.min, e.scale.max)),
            scored: grouped,
            selection: model
                .at(ItemStage::Selection)
                .map(|i| (i.id.clone(), i.text.clone()))
                .collect(),
        }
    }

    /// Hex SHA-256 of the layout: changes whenever a locked cell would.
    pub fn layout_hash(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        sha256_hex(&json)
    }

    /// The identity a workbook records: reference and the first 16 hex digits of the
    /// layout hash.
    pub fn identity(&self) -> String {
        format!("{} {}", self.reference, &self.layout_hash()[..16])
    }

    /// Rows of the Pricing sheet.
    pub fn pricing_layout(&self) -> PricingLayout {
        let first_line = 3;
        let first_rate = first_line + self.lines.len() as u32 + 3;
        let total = first_rate + self.rates.len() as u32 + 2;
        let first_milestone = total + 8;
        PricingLayout {
            first_line,
            first_rate,
            total,
            vat: total + 1,
            gross: total + 2,
            optional: total + 3,
            delivery: total + 4,
            first_milestone,
        }
    }

    /// Rows of the Declarations sheet: the first declaration, then the signature block
    /// (legal name, registration number, signatory, position, date) from `.1`.
    pub fn declaration_rows(&self) -> (u32, u32) {
        (3, 3 + self.declarations.len() as u32 + 2)
    }
}

/// Labels of the signature block, in row order.
pub const SIGNATURE_FIELDS: [&str; 5] = [
    "Legal name of the bidder",
    "Registration number",
    "Name of signatory",
    "Position",
    "Date (YYYY-MM-DD)",
];

fn period_word(p: Period) -> &'static str {
    match p {
        Period::OneOff => "one-off",
        Period::Month => "month",
        Period::Quarter => "quarter",
        Period::Year => "year",
    }
}

fn question_kind(
    spec: &SpecFile,
    library: &Library,
    lock: Option<&Lockfile>,
    id: &str,
    set: Option<&str>,
) -> AnswerKind {
    let s = &spec.spec;
    let Some(q) = &s.questionnaire else {
        return AnswerKind::Text;
    };
    if let Some(set_id) = set {
        let found = q
            .sets
            .iter()
            .filter(|r| r.id == set_id)
            .find_map(|r| chosen_set(library, r, s.allow_draft_clauses, lock))
            .and_then(|set| set.questions.iter().find(|x| x.id == id));
        return match found.map(|x| x.response) {
            Some(crate::library::ResponseType::YesNo) => AnswerKind::YesNo,
            Some(crate::library::ResponseType::Number) => AnswerKind::Number,
            Some(crate::library::ResponseType::Attachment) => AnswerKind::Attachment,
            _ => AnswerKind::Text,
        };
    }
    match q.questions.iter().find(|x| x.id == id).map(|x| x.response) {
        Some(QuestionResponse::YesNo) => AnswerKind::YesNo,
        Some(QuestionResponse::Number) => AnswerKind::Number,
        Some(QuestionResponse::Attachment) => AnswerKind::Attachment,
        _ => AnswerKind::Text,
    }
}

/// The numbered declarations of a built RFP or RFQ: the items of the first list under
/// the heading anchored `rfp-declarations`.
pub fn declarations_of(doc: &Document) -> Vec<String> {
    let mut in_section = false;
    for block in &doc.blocks {
        match block {
            Block::Heading(h) if h.anchor.as_deref() == Some("rfp-declarations") => {
                in_section = true
            }
            Block::Heading(_) if in_section => return Vec::new(),
            Block::List(list) if in_section => {
                return list
                    .items
                    .iter()
                    .map(|item| {
                        let text: Vec<String> = item
                            .iter()
                            .filter_map(|b| match b {
                                Block::Paragraph(p) => Some(Inline::plain_text(p)),
                                _ => None,
                            })
                            .collect();
                        text.join(" ")
                    })
                    .collect();
            }
            _ => {}
        }
    }
    Vec::new()
}

/// An evaluator's id from a panel member's name: lower case, words joined by `-`.
pub fn evaluator_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// The bidders a scoring workbook has columns for: `parties.bidders` by id, or three
/// columns whose header the evaluator fills in when the spec lists none.
pub fn bidder_columns(spec: &SpecFile) -> Vec<Option<(String, String)>> {
    let bidders = &spec.spec.parties.bidders;
    if bidders.is_empty() {
        return vec![None; crate::pack::DEFAULT_BIDDER_COLUMNS];
    }
    bidders
        .iter()
        .map(|b| {
            Some((
                b.id.clone().unwrap_or_else(|| evaluator_id(&b.short_name)),
                b.legal_name.clone(),
            ))
        })
        .collect()
}

/// A workbook writer's error as a diagnostic.
pub fn xlsx_error(file: &str, e: rust_xlsxwriter::XlsxError) -> Diagnostic {
    Diagnostic::error(format!("cannot write {file}: {e}"))
}

/// The form of a spec outside a pack build: the declarations come from building its
/// RFP (or RFQ) document, as the pack does.
pub fn form_for(
    engine: &crate::build::Engine,
    spec: &SpecFile,
    lock: Option<&Lockfile>,
) -> Result<ResponseForm, Vec<Diagnostic>> {
    let kinds = crate::build::Engine::requested_kinds(spec);
    let declarations = match [DocumentKind::Rfp, DocumentKind::Rfq]
        .into_iter()
        .find(|k| kinds.contains(k))
    {
        Some(kind) => {
            let built = engine.build(spec, kind, lock)?;
            declarations_of(&built.document)
        }
        None => Vec::new(),
    };
    Ok(ResponseForm::of(spec, &engine.library, lock, declarations))
}

/// The workbooks of a tender pack: the response form and one scoring workbook per
/// panel member (and the moderation workbook when consensus is `moderated`).
pub fn pack_files(
    spec: &SpecFile,
    form: &ResponseForm,
    timestamp: i64,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    use rayon::prelude::*;
    let columns = bidder_columns(spec);
    // The form and one scoring workbook per evaluator, all written at once.
    let (form_file, scoring_files) = rayon::join(
        || response::write(form, None, timestamp).map_err(|e| xlsx_error(RESPONSE_FORM, e)),
        || {
            panel(spec)
                .par_iter()
                .map(|(id, name)| {
                    let file = format!("scoring-{id}.xlsx");
                    scoring::write(form, &columns, (id, name), None, timestamp)
                        .map(|bytes| (file.clone(), bytes))
                        .map_err(|e| xlsx_error(&file, e))
                })
                .collect::<Vec<_>>()
        },
    );
    let mut files = vec![(RESPONSE_FORM.to_string(), form_file?)];
    for file in scoring_files {
        files.push(file?);
    }
    Ok(files)
}

/// The scoring workbooks' evaluators: (id, name) per panel member, plus the moderation
/// workbook when consensus is `moderated`.
pub fn panel(spec: &SpecFile) -> Vec<(String, String)> {
    let Some(e) = &spec.spec.evaluation else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = e
        .panel
        .iter()
        .map(|name| (evaluator_id(name), name.clone()))
        .collect();
    if e.consensus == crate::spec::Consensus::Moderated {
        out.push((
            MODERATION.to_string(),
            "Moderation (agreed scores)".to_string(),
        ));
    }
    out
}

/// Excel's column letters for a 0-based column.
pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `Sheet!B12` for a 0-based row and column.
pub fn cell_name(sheet: &str, row: u32, col: u16) -> String {
    format!("{sheet}!{}{}", column_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_follow_excel() {
        assert_eq!(cell_name("Pricing", 11, 5), "Pricing!F12");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
    }

    #[test]
    fn evaluator_ids_are_slugs() {
        assert_eq!(evaluator_id("IT Service Manager"), "it-service-manager");
        assert_eq!(evaluator_id("  Dr. Ó Brien "), "dr-brien");
    }
}
