//! Writes the bidders' response form (`response-form.xlsx`): Instructions, Requirements,
//! Questionnaire, Pricing and Declarations sheets, input cells unlocked and validated,
//! everything else locked, and a hidden identity sheet.
//!
//! Sheets are protected without a password: protection guards the layout against
//! accidents, and `rfx evaluate` detects any change to a locked cell.

use super::*;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What a bidder enters in the form, as cell text (read back by `evaluate`, written by
/// the example generator). Keys are requirement and question ids, line ids and roles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Legal name of the bidder (Instructions sheet).
    pub bidder: String,
    /// Requirement answers.
    #[serde(default)]
    pub requirements: BTreeMap<String, RequirementAnswer>,
    /// Question answers (`Yes`/`No`, a number or text).
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// Attachment references of questions.
    #[serde(default)]
    pub attachments: BTreeMap<String, String>,
    /// Unit price per price line id.
    #[serde(default)]
    pub prices: BTreeMap<String, Decimal>,
    /// Rate per rate-card role.
    #[serde(default)]
    pub rates: BTreeMap<String, Decimal>,
    /// Committed delivery in weeks after contract start (when asked).
    #[serde(default)]
    pub delivery_weeks: Option<u32>,
    /// "Yes"/"No" per declaration, in order.
    #[serde(default)]
    pub agreed: Vec<String>,
    /// The signature block, in [`SIGNATURE_FIELDS`] order.
    #[serde(default)]
    pub signature: Vec<String>,
}

/// A requirement's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementAnswer {
    /// One of [`COMPLIANCE`] (or `Yes`/`No` for yes/no requirements).
    #[serde(default)]
    pub compliance: String,
    /// Description of how it is met.
    #[serde(default)]
    pub response: String,
    /// Attachment reference.
    #[serde(default)]
    pub attachment: String,
}

pub(crate) struct Styles {
    pub title: Format,
    pub header: Format,
    pub locked: Format,
    pub wrap: Format,
    pub input: Format,
    pub input_wrap: Format,
    pub money: Format,
    pub money_input: Format,
    pub number: Format,
    pub bold: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let input_fill = Color::RGB(0xFFF4C2);
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: border(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xD9D9D9))
                    .set_text_wrap(),
            ),
            locked: border(Format::new()),
            wrap: border(Format::new().set_text_wrap()),
            input: border(
                Format::new()
                    .set_unlocked()
                    .set_background_color(input_fill),
            ),
            input_wrap: border(
                Format::new()
                    .set_unlocked()
                    .set_text_wrap()
                    .set_background_color(input_fill),
            ),
            money: border(Format::new().set_num_format("#,##0.00")),
            money_input: border(
                Format::new()
                    .set_unlocked()
                    .set_num_format("#,##0.00")
                    .set_background_color(input_fill),
            ),
            number: border(Format::new().set_num_format("#,##0.####")),
            bold: Format::new().set_bold(),
        }
    }
}

/// The response form as bytes; with `filled`, the bidder's entries are written into
/// the input cells (formulas then cache the totals they produce).
pub fn write(
    form: &ResponseForm,
    filled: Option<&Response>,
    timestamp: i64,
) -> Result<Vec<u8>, XlsxError> {
    let empty = Response::default();
    let r = filled.unwrap_or(&empty);
    let st = Styles::new();
    let mut wb = Workbook::new();
    properties(&mut wb, form, "Response form", timestamp)?;
    instructions(wb.add_worksheet(), form, r, &st)?;
    requirements(wb.add_worksheet(), form, r, &st)?;
    questionnaire(wb.add_worksheet(), form, r, &st)?;
    pricing(wb.add_worksheet(), form, r, &st)?;
    declarations(wb.add_worksheet(), form, r, &st)?;
    identity(wb.add_worksheet(), form, "response", "")?;
    wb.save_to_buffer()
}

pub(crate) fn properties(
    wb: &mut Workbook,
    form: &ResponseForm,
    what: &str,
    timestamp: i64,
) -> Result<(), XlsxError> {
    let created = ExcelDateTime::from_timestamp(timestamp)?;
    let props = DocProperties::new()
        .set_title(format!("{what} — {}", form.title))
        .set_subject(&form.reference)
        .set_author(&form.buyer)
        .set_company(&form.buyer)
        .set_creation_datetime(&created)
        .set_custom_property("rfx form", form.identity().as_str());
    wb.set_properties(&props);
    Ok(())
}

/// The hidden, protected identity sheet: marker and kind, reference, layout hash,
/// evaluator (scoring workbooks).
pub(crate) fn identity(
    ws: &mut Worksheet,
    form: &ResponseForm,
    kind: &str,
    evaluator: &str,
) -> Result<(), XlsxError> {
    ws.set_name(IDENTITY_SHEET)?;
    ws.write_string(0, 0, FORM_MARKER)?;
    ws.write_string(0, 1, kind)?;
    ws.write_string(1, 0, "reference")?;
    ws.write_string(1, 1, &form.reference)?;
    ws.write_string(2, 0, "layout")?;
    ws.write_string(2, 1, form.layout_hash())?;
    ws.write_string(3, 0, "evaluator")?;
    ws.write_string(3, 1, evaluator)?;
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}

fn instructions(
    ws: &mut Worksheet,
    form: &ResponseForm,
    r: &Response,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("Instructions")?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 90)?;
    ws.write_string_with_format(0, 0, format!("Response form — {}", form.title), &st.title)?;
    let facts = [
        ("Tender reference", form.reference.as_str()),
        ("Buyer", form.buyer.as_str()),
        ("Closing date and time", form.closing.as_str()),
        ("Return to", form.return_to.as_str()),
        ("Currency of all prices", form.currency.as_str()),
    ];
    for (i, (label, value)) in facts.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string_with_format(row, 0, *label, &st.bold)?;
        ws.write_string_with_format(row, 1, *value, &st.wrap)?;
    }
    ws.write_string_with_format(BIDDER_NAME_ROW, 0, "Bidder (legal name)", &st.bold)?;
    ws.write_string_with_format(BIDDER_NAME_ROW, 1, &r.bidder, &st.input)?;
    let steps = [
        "How to complete this form",
        "1. Enter your legal name above. Fill in only the shaded cells; every other cell is locked and must not be changed.",
        "2. Requirements: choose the compliance of every requirement from the list, describe how you meet it, and give the reference of any attached document. Every mandatory requirement must be fully met.",
        "3. Questionnaire: answer every question in the answer column; a knock-out question answered \"No\" or left blank excludes the bid.",
        "4. Pricing: enter a unit price for every line and a rate for every role, excluding VAT, in the currency above. Totals and the total evaluated price are calculated for you.",
        "5. Declarations: answer each declaration and complete the signature block.",
        "6. Return this workbook, in .xlsx format and under its original sheet names, with your proposal by the closing date and time. Do not convert it to another format or copy its content into another workbook: the form is matched to this tender by its identity.",
    ];
    for (i, step) in steps.iter().enumerate() {
        let row = BIDDER_NAME_ROW + 2 + i as u32;
        let format = if i == 0 { &st.bold } else { &st.wrap };
        ws.merge_range(row, 0, row, 1, step, format)?;
    }
    ws.protect();
    Ok(())
}

fn header(
    ws: &mut Worksheet,
    st: &Styles,
    title: &str,
    note: &str,
    cols: &[(&str, f64)],
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, title, &st.title)?;
    ws.write_string(1, 0, note)?;
    for (c, (name, width)) in cols.iter().enumerate() {
        ws.write_string_with_format(FIRST_ITEM_ROW - 1, c as u16, *name, &st.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_freeze_panes(FIRST_ITEM_ROW, 0)?;
    Ok(())
}

fn list(values: &[&str], title: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(values)?
        .set_error_title(title)?
        .set_error_message(format!("Choose one of: {}.", values.join(", ")))
}

fn requirements(
    ws: &mut Worksheet,
    form: &ResponseForm,
    r: &Response,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("Requirements")?;
    header(
        ws,
        st,
        "Requirements",
        "Every mandatory requirement must be fully met; desirable requirements are scored.",
        &[
            ("Id", 10.0),
            ("Category", 18.0),
            ("Requirement", 60.0),
            ("Priority", 12.0),
            ("Compliance", 18.0),
            ("How the requirement is met", 50.0),
            ("Attachment reference", 20.0),
        ],
    )?;
    let compliance = list(&COMPLIANCE, "Compliance")?;
    let yes_no = list(&YES_NO, "Yes or no")?;
    for (i, q) in form.requirements.iter().enumerate() {
        let row = FIRST_ITEM_ROW + i as u32;
        let a = r.requirements.get(&q.id).cloned().unwrap_or_default();
        ws.write_string_with_format(row, 0, &q.id, &st.locked)?;
        ws.write_string_with_format(row, 1, &q.category, &st.wrap)?;
        ws.write_string_with_format(row, 2, &q.text, &st.wrap)?;
        let priority = if q.mandatory {
            "Mandatory"
        } else {
            "Desirable"
        };
        ws.write_string_with_format(row, 3, priority, &st.locked)?;
        match q.kind {
            AnswerKind::Attachment => {
                ws.write_string_with_format(row, REQ_COMPLIANCE_COL, "See attachment", &st.locked)?;
            }
            kind => {
                ws.write_string_with_format(row, REQ_COMPLIANCE_COL, &a.compliance, &st.input)?;
                let v = if kind == AnswerKind::YesNo {
                    &yes_no
                } else {
                    &compliance
                };
                ws.add_data_validation(row, REQ_COMPLIANCE_COL, row, REQ_COMPLIANCE_COL, v)?;
            }
        }
        ws.write_string_with_format(row, REQ_RESPONSE_COL, &a.response, &st.input_wrap)?;
        ws.write_string_with_format(row, REQ_ATTACHMENT_COL, &a.attachment, &st.input)?;
    }
    ws.protect();
    Ok(())
}

fn stage_word(stage: ItemStage) -> &'static str {
    match stage {
        ItemStage::Gate => "Knock-out",
        ItemStage::Selection => "Selection",
        ItemStage::Award => "Award",
        ItemStage::Information => "Information",
    }
}

fn questionnaire(
    ws: &mut Worksheet,
    form: &ResponseForm,
    r: &Response,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("Questionnaire")?;
    header(
        ws,
        st,
        "Questionnaire",
        "Knock-out questions must be answered \"Yes\" (or answered at all); selection questions are pass/fail; award questions are scored.",
        &[
            ("Id", 12.0),
            ("Question set", 22.0),
            ("Stage", 12.0),
            ("Question", 60.0),
            ("Answer format", 16.0),
            ("Answer", 50.0),
            ("Attachment reference", 20.0),
            ("Knock-out", 10.0),
        ],
    )?;
    let yes_no = list(&YES_NO, "Yes or no")?;
    let number = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(-1e15))
        .set_error_title("Number")?
        .set_error_message("Enter a number.")?;
    for (i, q) in form.questions.iter().enumerate() {
        let row = FIRST_ITEM_ROW + i as u32;
        ws.write_string_with_format(row, 0, &q.id, &st.locked)?;
        ws.write_string_with_format(row, 1, &q.group, &st.wrap)?;
        ws.write_string_with_format(row, 2, stage_word(q.stage), &st.locked)?;
        ws.write_string_with_format(row, 3, &q.text, &st.wrap)?;
        ws.write_string_with_format(row, 4, q.kind.label(), &st.locked)?;
        let answer = r.answers.get(&q.id).map(String::as_str).unwrap_or("");
        match (q.kind, Decimal::parse(answer)) {
            (AnswerKind::Number, Some(n)) => {
                ws.write_number_with_format(row, Q_ANSWER_COL, n.to_f64(), &st.input)?;
            }
            _ => {
                ws.write_string_with_format(row, Q_ANSWER_COL, answer, &st.input_wrap)?;
            }
        }
        match q.kind {
            AnswerKind::YesNo => {
                ws.add_data_validation(row, Q_ANSWER_COL, row, Q_ANSWER_COL, &yes_no)?;
            }
            AnswerKind::Number => {
                ws.add_data_validation(row, Q_ANSWER_COL, row, Q_ANSWER_COL, &number)?;
            }
            _ => {}
        }
        let attachment = r.attachments.get(&q.id).map(String::as_str).unwrap_or("");
        ws.write_string_with_format(row, Q_ATTACHMENT_COL, attachment, &st.input)?;
        ws.write_string_with_format(row, 7, if q.knockout { "Yes" } else { "" }, &st.locked)?;
    }
    ws.protect();
    Ok(())
}

fn price_cell(
    ws: &mut Worksheet,
    row: u32,
    price: Option<&Decimal>,
    st: &Styles,
    validation: &DataValidation,
) -> Result<(), XlsxError> {
    match price {
        Some(p) => ws.write_number_with_format(row, PRICE_COL, p.to_f64(), &st.money_input)?,
        None => ws.write_blank(row, PRICE_COL, &st.money_input)?,
    };
    ws.add_data_validation(row, PRICE_COL, row, PRICE_COL, validation)?;
    Ok(())
}

/// `J4+J6+…` over `rows` of the total column (`0` for none).
fn sum_text(rows: &[(u32, Decimal)]) -> String {
    let cells: Vec<String> = rows
        .iter()
        .map(|(r, _)| format!("{}{}", column_name(TOTAL_COL), r + 1))
        .collect();
    if cells.is_empty() {
        "0".to_string()
    } else {
        cells.join("+")
    }
}

/// `=J4+J6+…` over `rows` of the total column, with its cached result.
fn sum_formula(rows: &[(u32, Decimal)]) -> Formula {
    let text = format!("={}", sum_text(rows));
    let sum = rows
        .iter()
        .try_fold(Decimal::ZERO, |s, (_, v)| s.checked_add(v))
        .unwrap_or(Decimal::ZERO);
    Formula::new(text).set_result(sum.to_string())
}

fn pricing(
    ws: &mut Worksheet,
    form: &ResponseForm,
    r: &Response,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("Pricing")?;
    let layout = form.pricing_layout();
    header(
        ws,
        st,
        &format!("Pricing ({}, excluding VAT)", form.currency),
        &format!(
            "Evaluated term: {} months. Evaluated price = unit price × quantity per period × periods, plus rate × basket per year × years.",
            form.term_months
        ),
        &[
            ("Id", 10.0),
            ("Description", 46.0),
            ("Unit", 12.0),
            ("Period", 10.0),
            ("Quantity per period", 12.0),
            ("Periods evaluated", 10.0),
            ("Evaluated quantity", 12.0),
            ("Optional", 16.0),
            ("Unit price", 14.0),
            ("Line total", 16.0),
        ],
    )?;
    let price = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_title("Price")?
        .set_error_message("Enter a price of zero or more, without currency sign.")?;
    let mut evaluated = Vec::new();
    let mut optional = Vec::new();
    let mut one_off = Vec::new();
    for (i, l) in form.lines.iter().enumerate() {
        let row = layout.first_line + i as u32;
        ws.write_string_with_format(row, 0, &l.id, &st.locked)?;
        ws.write_string_with_format(row, 1, &l.description, &st.wrap)?;
        ws.write_string_with_format(row, 2, &l.unit, &st.locked)?;
        ws.write_string_with_format(row, 3, l.period, &st.locked)?;
        ws.write_number_with_format(row, 4, l.quantity.to_f64(), &st.number)?;
        ws.write_number_with_format(row, 5, f64::from(l.periods), &st.number)?;
        ws.write_number_with_format(row, 6, l.evaluated_quantity.to_f64(), &st.number)?;
        let note = match (l.optional, l.evaluated) {
            (false, _) => "",
            (true, true) => "Optional, evaluated",
            (true, false) => "Optional, not evaluated",
        };
        ws.write_string_with_format(row, 7, note, &st.locked)?;
        let p = r.prices.get(&l.id);
        price_cell(ws, row, p, st, &price)?;
        let total = p
            .and_then(|p| p.checked_mul(&l.evaluated_quantity))
            .unwrap_or(Decimal::ZERO);
        let g = format!("{}{}", column_name(6), row + 1);
        let i_ = format!("{}{}", column_name(PRICE_COL), row + 1);
        ws.write_formula_with_format(
            row,
            TOTAL_COL,
            Formula::new(format!("={g}*{i_}")).set_result(total.to_string()),
            &st.money,
        )?;
        if l.evaluated {
            evaluated.push((row, total));
        } else {
            optional.push((row, total));
        }
        if l.period == "one-off" {
            one_off.push((row, total));
        }
    }
    let rate_head = layout.first_rate - 1;
    for (c, name) in [
        "Role",
        "Location",
        "Unit",
        "Basket per year",
        "",
        "",
        "Evaluated quantity",
        "",
        "Rate",
        "Evaluated total",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(rate_head, c as u16, *name, &st.header)?;
    }
    ws.write_string_with_format(rate_head - 1, 0, "Rate card", &st.bold)?;
    for (i, rate) in form.rates.iter().enumerate() {
        let row = layout.first_rate + i as u32;
        ws.write_string_with_format(row, 0, &rate.role, &st.wrap)?;
        ws.write_string_with_format(row, 1, &rate.location, &st.wrap)?;
        ws.write_string_with_format(row, 2, rate.unit, &st.locked)?;
        let p = r.rates.get(&rate.role);
        price_cell(ws, row, p, st, &price)?;
        if let (Some(b), Some(q)) = (rate.basket, rate.evaluated_quantity) {
            ws.write_number_with_format(row, 3, b.to_f64(), &st.number)?;
            ws.write_number_with_format(row, 6, q.to_f64(), &st.number)?;
            let total = p.and_then(|p| p.checked_mul(&q)).unwrap_or(Decimal::ZERO);
            let g = format!("G{}", row + 1);
            let i_ = format!("{}{}", column_name(PRICE_COL), row + 1);
            ws.write_formula_with_format(
                row,
                TOTAL_COL,
                Formula::new(format!("={g}*{i_}")).set_result(total.to_string()),
                &st.money,
            )?;
            evaluated.push((row, total));
        } else {
            ws.write_string_with_format(row, 3, "not evaluated", &st.locked)?;
        }
    }
    let total_value = evaluated
        .iter()
        .try_fold(Decimal::ZERO, |s, (_, v)| s.checked_add(v))
        .unwrap_or(Decimal::ZERO);
    let vat_value = total_value
        .checked_mul(&form.tax_rate)
        .and_then(|v| v.checked_div_int(100))
        .unwrap_or(Decimal::ZERO);
    let gross_value = total_value.checked_add(&vat_value).unwrap_or(Decimal::ZERO);
    let t = column_name(TOTAL_COL);
    ws.write_string_with_format(layout.total, 1, "Total evaluated price", &st.bold)?;
    ws.write_formula_with_format(layout.total, TOTAL_COL, sum_formula(&evaluated), &st.money)?;
    ws.write_string_with_format(
        layout.vat,
        1,
        format!("VAT at {}%", form.tax_rate),
        &st.locked,
    )?;
    ws.write_formula_with_format(
        layout.vat,
        TOTAL_COL,
        Formula::new(format!("={t}{}*{}/100", layout.total + 1, form.tax_rate))
            .set_result(vat_value.to_string()),
        &st.money,
    )?;
    ws.write_string_with_format(
        layout.gross,
        1,
        "Total evaluated price including VAT",
        &st.locked,
    )?;
    ws.write_formula_with_format(
        layout.gross,
        TOTAL_COL,
        Formula::new(format!("={t}{}+{t}{}", layout.total + 1, layout.vat + 1))
            .set_result(gross_value.to_string()),
        &st.money,
    )?;
    ws.write_string_with_format(
        layout.optional,
        1,
        "Optional lines not evaluated",
        &st.locked,
    )?;
    ws.write_formula_with_format(
        layout.optional,
        TOTAL_COL,
        sum_formula(&optional),
        &st.money,
    )?;
    if form.asks_delivery {
        ws.write_string_with_format(
            layout.delivery,
            1,
            "Committed delivery (weeks after contract start)",
            &st.locked,
        )?;
        match r.delivery_weeks {
            Some(w) => {
                ws.write_number_with_format(layout.delivery, PRICE_COL, f64::from(w), &st.input)?
            }
            None => ws.write_blank(layout.delivery, PRICE_COL, &st.input)?,
        };
        let weeks = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, 520))
            .set_error_message("Enter whole weeks.")?;
        ws.add_data_validation(
            layout.delivery,
            PRICE_COL,
            layout.delivery,
            PRICE_COL,
            &weeks,
        )?;
    }
    if !form.milestones.is_empty() {
        let head = layout.first_milestone - 1;
        ws.write_string_with_format(
            head - 1,
            0,
            "Payment milestones (share of the one-off charges)",
            &st.bold,
        )?;
        for (c, name) in ["Id", "Milestone", "Due (weeks)", "Percent"]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(head, c as u16, *name, &st.header)?;
        }
        ws.write_string_with_format(head, TOTAL_COL, "Amount", &st.header)?;
        let one_off_value = one_off
            .iter()
            .try_fold(Decimal::ZERO, |s, (_, v)| s.checked_add(v))
            .unwrap_or(Decimal::ZERO);
        let one_off_text = sum_text(&one_off);
        for (i, m) in form.milestones.iter().enumerate() {
            let row = layout.first_milestone + i as u32;
            ws.write_string_with_format(row, 0, &m.id, &st.locked)?;
            ws.write_string_with_format(row, 1, &m.name, &st.wrap)?;
            if let Some(w) = m.due_weeks {
                ws.write_number_with_format(row, 2, f64::from(w), &st.number)?;
            }
            ws.write_number_with_format(row, 3, m.percent.to_f64(), &st.number)?;
            let amount = one_off_value
                .checked_mul(&m.percent)
                .and_then(|v| v.checked_div_int(100))
                .unwrap_or(Decimal::ZERO);
            ws.write_formula_with_format(
                row,
                TOTAL_COL,
                Formula::new(format!("=({one_off_text})*D{}/100", row + 1))
                    .set_result(amount.to_string()),
                &st.money,
            )?;
        }
    }
    ws.protect();
    Ok(())
}

fn declarations(
    ws: &mut Worksheet,
    form: &ResponseForm,
    r: &Response,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("Declarations")?;
    header(
        ws,
        st,
        "Declarations",
        "Answer each declaration and complete the signature block.",
        &[("No.", 6.0), ("Declaration", 80.0), ("Agreed", 30.0)],
    )?;
    let yes_no = list(&YES_NO, "Yes or no")?;
    let (first, signature) = form.declaration_rows();
    for (i, d) in form.declarations.iter().enumerate() {
        let row = first + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &st.locked)?;
        ws.write_string_with_format(row, 1, d, &st.wrap)?;
        let agreed = r.agreed.get(i).map(String::as_str).unwrap_or("");
        ws.write_string_with_format(row, AGREED_COL, agreed, &st.input)?;
        ws.add_data_validation(row, AGREED_COL, row, AGREED_COL, &yes_no)?;
    }
    ws.write_string_with_format(
        signature - 1,
        1,
        "Signed for and on behalf of the bidder",
        &st.bold,
    )?;
    for (i, label) in SIGNATURE_FIELDS.iter().enumerate() {
        let row = signature + i as u32;
        ws.write_string_with_format(row, 1, *label, &st.locked)?;
        let value = r.signature.get(i).map(String::as_str).unwrap_or("");
        ws.write_string_with_format(row, AGREED_COL, value, &st.input)?;
    }
    ws.protect();
    Ok(())
}
