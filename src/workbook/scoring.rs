//! Writes an evaluator's scoring workbook (`scoring-<evaluator id>.xlsx`): every award
//! item grouped by criterion with the evaluation guide's guidance, a score column per
//! bidder validated against the scale, a comment column, and the selection items as
//! pass/fail.

use super::response::{Styles, identity, properties};
use super::*;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Workbook, XlsxError};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Name of the sheet evaluators fill in.
pub const SCORES_SHEET: &str = "Scores";
/// First bidder column (score; the comment follows).
pub const FIRST_BIDDER_COL: u16 = 5;
/// The selection answers.
pub const PASS_FAIL: [&str; 2] = ["Pass", "Fail"];

/// One evaluator's marks for one bidder, as entered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidderMarks {
    /// Score per award item id.
    #[serde(default)]
    pub scores: BTreeMap<String, u32>,
    /// Comment per item id.
    #[serde(default)]
    pub comments: BTreeMap<String, String>,
    /// `Pass` or `Fail` per selection item id.
    #[serde(default)]
    pub selection: BTreeMap<String, String>,
}

/// Rows of the selection block: its first item row.
pub fn first_selection_row(form: &ResponseForm) -> u32 {
    FIRST_ITEM_ROW + form.scored.len() as u32 + 2
}

/// The scoring workbook of `evaluator` (display name `name`); with `marks` (bidder id →
/// marks), the evaluator's entries are written in.
pub fn write(
    form: &ResponseForm,
    bidders: &[Option<(String, String)>],
    (evaluator, name): (&str, &str),
    marks: Option<&BTreeMap<String, BidderMarks>>,
    timestamp: i64,
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    properties(
        &mut wb,
        form,
        &format!("Scoring workbook of {name}"),
        timestamp,
    )?;
    let ws = wb.add_worksheet();
    ws.set_name(SCORES_SHEET)?;
    ws.write_string_with_format(
        0,
        0,
        format!("Scoring — {} — {name}", form.reference),
        &st.title,
    )?;
    ws.write_string(
        1,
        0,
        format!(
            "Score every award item of every bidder from {} to {} and give the reason in the comment; record Pass or Fail for each selection item.",
            form.scale.0, form.scale.1
        ),
    )?;
    for (c, (head, width)) in [
        ("Criterion", 16.0),
        ("Id", 12.0),
        ("Item", 50.0),
        ("Weight", 8.0),
        ("Guidance", 50.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(FIRST_ITEM_ROW - 1, c as u16, *head, &st.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    let scale = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(
            form.scale.0 as i32,
            form.scale.1 as i32,
        ))
        .set_error_title("Score")?
        .set_error_message(format!(
            "Enter a whole score from {} to {}.",
            form.scale.0, form.scale.1
        ))?;
    let pass_fail = DataValidation::new().allow_list_strings(&PASS_FAIL)?;
    let none = BidderMarks::default();
    let selection_row = first_selection_row(form);
    for (b, bidder) in bidders.iter().enumerate() {
        let col = FIRST_BIDDER_COL + 2 * b as u16;
        ws.set_column_width(col, 12)?;
        ws.set_column_width(col + 1, 36)?;
        match bidder {
            Some((id, _)) => {
                ws.write_string_with_format(FIRST_ITEM_ROW - 1, col, id, &st.header)?
            }
            None => ws.write_string_with_format(FIRST_ITEM_ROW - 1, col, "", &st.input)?,
        };
        ws.write_string_with_format(FIRST_ITEM_ROW - 1, col + 1, "Comment", &st.header)?;
        let m = bidder
            .as_ref()
            .and_then(|(id, _)| marks.and_then(|m| m.get(id)))
            .unwrap_or(&none);
        for (i, item) in form.scored.iter().enumerate() {
            let row = FIRST_ITEM_ROW + i as u32;
            match m.scores.get(&item.id) {
                Some(s) => ws.write_number_with_format(row, col, f64::from(*s), &st.input)?,
                None => ws.write_blank(row, col, &st.input)?,
            };
            ws.add_data_validation(row, col, row, col, &scale)?;
            let comment = m.comments.get(&item.id).map(String::as_str).unwrap_or("");
            ws.write_string_with_format(row, col + 1, comment, &st.input_wrap)?;
        }
        for (i, (id, _)) in form.selection.iter().enumerate() {
            let row = selection_row + i as u32;
            let v = m.selection.get(id).map(String::as_str).unwrap_or("");
            ws.write_string_with_format(row, col, v, &st.input)?;
            ws.add_data_validation(row, col, row, col, &pass_fail)?;
            let comment = m.comments.get(id).map(String::as_str).unwrap_or("");
            ws.write_string_with_format(row, col + 1, comment, &st.input_wrap)?;
        }
    }
    for (i, item) in form.scored.iter().enumerate() {
        let row = FIRST_ITEM_ROW + i as u32;
        ws.write_string_with_format(row, 0, &item.criterion, &st.locked)?;
        ws.write_string_with_format(row, 1, &item.id, &st.locked)?;
        ws.write_string_with_format(row, 2, &item.text, &st.wrap)?;
        ws.write_number_with_format(row, 3, item.weight.to_f64(), &st.number)?;
        let guidance = item.guidance.as_deref().unwrap_or("");
        ws.write_string_with_format(row, 4, guidance, &st.wrap)?;
    }
    if !form.selection.is_empty() {
        ws.write_string_with_format(selection_row - 1, 0, "Selection (pass/fail)", &st.bold)?;
    }
    for (i, (id, text)) in form.selection.iter().enumerate() {
        let row = selection_row + i as u32;
        ws.write_string_with_format(row, 0, "selection", &st.locked)?;
        ws.write_string_with_format(row, 1, id, &st.locked)?;
        ws.write_string_with_format(row, 2, text, &st.wrap)?;
    }
    ws.set_freeze_panes(FIRST_ITEM_ROW, 2)?;
    ws.protect();
    identity(wb.add_worksheet(), form, "scoring", evaluator)?;
    wb.save_to_buffer()
}
