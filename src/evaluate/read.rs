//! Reads returned response and scoring workbooks (calamine) against the tender's form:
//! identity, locked cells, and every input cell's type, each problem a diagnostic
//! naming the file, sheet and cell.

use crate::diag::Diagnostic;
use crate::evaluation::ItemStage;
use crate::spec::Decimal;
use crate::workbook::response::{RequirementAnswer, Response};
use crate::workbook::scoring::{
    BidderMarks, FIRST_BIDDER_COL, PASS_FAIL, SCORES_SHEET, first_selection_row,
};
use crate::workbook::*;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

/// The most a returned workbook's parts may unpack to in all (256 MiB): far above any
/// form (rfx's unpack to well under 1 MiB), far below what would exhaust memory.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Checks that the zip package `bytes` unpacks to at most [`MAX_UNPACKED_BYTES`],
/// without keeping what it unpacks: a small file that would unpack to gigabytes is
/// refused before the workbook reader holds any of it.
fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut left = limit;
    for i in 0..zip.len() {
        let file = zip.by_index(i).map_err(|e| e.to_string())?;
        let read = std::io::copy(&mut file.take(left + 1), &mut std::io::sink())
            .map_err(|e| e.to_string())?;
        if read > left {
            return Err(format!("it unpacks to more than {} MiB", limit >> 20));
        }
        left -= read;
    }
    Ok(())
}

/// One evaluator's returned marks.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatorMarks {
    /// Evaluator id (from the workbook's identity).
    pub evaluator: String,
    /// Marks per bidder id.
    pub marks: BTreeMap<String, BidderMarks>,
}

/// The cells a sheet holds, by (row, column).
type Cells = HashMap<(u32, u32), Data>;

/// The cells of sheet `name` (`Ok(None)` when the workbook has no such sheet).
fn sheet_cells(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Option<Cells>, String> {
    if !wb.sheet_names().iter().any(|n| n == name) {
        return Ok(None);
    }
    let mut reader = wb.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
    let mut cells = HashMap::new();
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        let value = Data::from(cell.get_value().clone());
        if value != Data::Empty {
            cells.insert(cell.get_position(), value);
        }
    }
    Ok(Some(cells))
}

struct Book {
    file: String,
    /// The cells each sheet holds, by (row, column): only the cells present, so a
    /// value typed far down or right costs one entry, not the rectangle up to it.
    sheets: BTreeMap<String, Cells>,
    diags: Vec<Diagnostic>,
}

impl Book {
    fn open(file: &str, bytes: &[u8], names: &[&str]) -> Result<Book, Vec<Diagnostic>> {
        check_unpacked_size(bytes, MAX_UNPACKED_BYTES).map_err(|e| {
            vec![
                Diagnostic::error(format!("not a workbook rfx can read: {e}"))
                    .in_file(file)
                    .with_help("return the form as issued, saved in .xlsx format"),
            ]
        })?;
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
            vec![
                Diagnostic::error(format!("not an Excel workbook (.xlsx): {e}"))
                    .in_file(file)
                    .with_help("return the form as issued, saved in .xlsx format"),
            ]
        })?;
        let mut sheets = BTreeMap::new();
        let mut missing = Vec::new();
        for name in names.iter().chain([&IDENTITY_SHEET]) {
            match sheet_cells(&mut wb, name) {
                Ok(Some(cells)) => {
                    sheets.insert(name.to_string(), cells);
                }
                Ok(None) => missing.push(*name),
                Err(e) => {
                    return Err(vec![
                        Diagnostic::error(format!("sheet `{name}` cannot be read: {e}"))
                            .in_file(file)
                            .with_help("return the form as issued, saved in .xlsx format"),
                    ]);
                }
            }
        }
        if missing.contains(&IDENTITY_SHEET) {
            return Err(vec![
                Diagnostic::error("not an rfx form: the identity sheet `Form` is missing")
                    .in_file(file)
                    .with_help(
                        "return the workbook issued with the tender; a copy of its content in another workbook cannot be matched to the tender",
                    ),
            ]);
        }
        let diags = missing
            .iter()
            .map(|m| {
                Diagnostic::error(format!("sheet `{m}` is missing"))
                    .in_file(file)
                    .with_help("sheets of the form must keep their names")
            })
            .collect();
        Ok(Book {
            file: file.to_string(),
            sheets,
            diags,
        })
    }

    fn text(&self, sheet: &str, row: u32, col: u16) -> String {
        self.sheets
            .get(sheet)
            .and_then(|cells| cells.get(&(row, u32::from(col))))
            .map(cell_text)
            .unwrap_or_default()
    }

    fn error(&mut self, sheet: &str, row: u32, col: u16, message: String) {
        self.diags.push(
            Diagnostic::error(format!("{}: {message}", cell_name(sheet, row, col)))
                .in_file(&self.file),
        );
    }

    fn warn(&mut self, sheet: &str, row: u32, col: u16, message: String) {
        self.diags.push(
            Diagnostic::warning(format!("{}: {message}", cell_name(sheet, row, col)))
                .in_file(&self.file),
        );
    }

    /// Checks the identity sheet; `Err` when the workbook belongs elsewhere.
    fn identity(&mut self, form: &ResponseForm, kind: &str) -> Result<String, ()> {
        let marker = self.text(IDENTITY_SHEET, 0, 0);
        let found_kind = self.text(IDENTITY_SHEET, 0, 1);
        let reference = self.text(IDENTITY_SHEET, 1, 1);
        let layout = self.text(IDENTITY_SHEET, 2, 1);
        if marker != FORM_MARKER {
            self.diags.push(
                Diagnostic::error("not an rfx form: its identity sheet is not recognised")
                    .in_file(&self.file),
            );
            return Err(());
        }
        if found_kind != kind {
            let what = |k: &str| {
                if k == "scoring" {
                    "a scoring workbook"
                } else {
                    "a response form"
                }
            };
            self.diags.push(
                Diagnostic::error(format!("{} where {} was expected", what(&found_kind), what(kind)))
                    .in_file(&self.file)
                    .with_help("response forms go in --responses, scoring workbooks (scoring-*.xlsx) in --scores"),
            );
            return Err(());
        }
        if reference != form.reference {
            self.diags.push(
                Diagnostic::error(format!(
                    "this is the form of another tender: `{reference}`, not `{}`",
                    form.reference
                ))
                .in_file(&self.file)
                .with_help("evaluate it with its own tender's spec, or ask the bidder for the form issued with this tender"),
            );
            return Err(());
        }
        if layout != form.layout_hash() {
            self.diags.push(
                Diagnostic::error(format!(
                    "the form's layout ({}) is not this tender's ({})",
                    layout.get(..16).unwrap_or(&layout),
                    &form.layout_hash()[..16]
                ))
                .in_file(&self.file)
                .with_note("the form was issued for another version of the spec, or a locked cell was changed")
                .with_help("send the bidder the current form from the pack, or rebuild the pack from the spec it was issued with"),
            );
        }
        Ok(self.text(IDENTITY_SHEET, 3, 1))
    }

    /// A locked cell must still hold what the form wrote.
    fn locked(&mut self, sheet: &str, row: u32, col: u16, expected: &str) {
        let found = self.text(sheet, row, col);
        if found.trim() != expected.trim() {
            self.error(
                sheet,
                row,
                col,
                format!(
                    "locked cell changed: expected \"{}\", found \"{}\"",
                    short(expected),
                    short(&found)
                ),
            );
        }
    }

    fn finish<T>(self, value: T) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
        if self.diags.iter().any(Diagnostic::is_error) {
            Err(self.diags)
        } else {
            Ok((value, self.diags))
        }
    }
}

fn short(text: &str) -> String {
    let t: String = text.chars().take(60).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// A cell's value as text: numbers in their shortest exact form.
fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

/// Reads a returned response form; on success also the warnings.
pub fn read_response(
    file: &str,
    bytes: &[u8],
    form: &ResponseForm,
) -> Result<(Response, Vec<Diagnostic>), Vec<Diagnostic>> {
    const R: &str = "Requirements";
    const Q: &str = "Questionnaire";
    const P: &str = "Pricing";
    const D: &str = "Declarations";
    let mut b = Book::open(file, bytes, &["Instructions", R, Q, P, D])?;
    if b.identity(form, "response").is_err() {
        return Err(b.diags);
    }
    let mut out = Response {
        bidder: b.text("Instructions", BIDDER_NAME_ROW, 1),
        ..Response::default()
    };
    if out.bidder.is_empty() {
        b.error(
            "Instructions",
            BIDDER_NAME_ROW,
            1,
            "the bidder's legal name is missing".into(),
        );
    }
    for (i, q) in form.requirements.iter().enumerate() {
        let row = FIRST_ITEM_ROW + i as u32;
        b.locked(R, row, 0, &q.id);
        b.locked(R, row, 2, &q.text);
        let a = RequirementAnswer {
            compliance: b.text(R, row, REQ_COMPLIANCE_COL),
            response: b.text(R, row, REQ_RESPONSE_COL),
            attachment: b.text(R, row, REQ_ATTACHMENT_COL),
        };
        let (answer, col, allowed): (&str, u16, &[&str]) = match q.kind {
            AnswerKind::Attachment => (&a.attachment, REQ_ATTACHMENT_COL, &[]),
            AnswerKind::YesNo => (&a.compliance, REQ_COMPLIANCE_COL, &YES_NO),
            _ => (&a.compliance, REQ_COMPLIANCE_COL, &COMPLIANCE),
        };
        if answer.is_empty() {
            let message = format!(
                "missing answer to {} requirement {}",
                if q.mandatory {
                    "mandatory"
                } else {
                    "desirable"
                },
                q.id
            );
            if q.mandatory {
                b.error(R, row, col, message)
            } else {
                b.warn(R, row, col, message)
            }
        } else if !allowed.is_empty() && !allowed.contains(&answer) {
            b.error(
                R,
                row,
                col,
                format!(
                    "expected one of {} for {}, found \"{}\"",
                    quoted(allowed),
                    q.id,
                    short(answer)
                ),
            );
        }
        out.requirements.insert(q.id.clone(), a);
    }
    for (i, q) in form.questions.iter().enumerate() {
        let row = FIRST_ITEM_ROW + i as u32;
        b.locked(Q, row, 0, &q.id);
        b.locked(Q, row, 3, &q.text);
        let answer = b.text(Q, row, Q_ANSWER_COL);
        let attachment = b.text(Q, row, Q_ATTACHMENT_COL);
        let given = if q.kind == AnswerKind::Attachment {
            &attachment
        } else {
            &answer
        };
        let col = if q.kind == AnswerKind::Attachment {
            Q_ATTACHMENT_COL
        } else {
            Q_ANSWER_COL
        };
        if given.is_empty() {
            if q.knockout {
                b.error(
                    Q,
                    row,
                    col,
                    format!("missing answer to knock-out question {}", q.id),
                );
            } else if q.stage != ItemStage::Information {
                b.warn(Q, row, col, format!("no answer to question {}", q.id));
            }
        } else {
            match q.kind {
                AnswerKind::YesNo if !YES_NO.contains(&answer.as_str()) => {
                    b.error(
                        Q,
                        row,
                        col,
                        format!(
                            "expected Yes or No for {}, found \"{}\"",
                            q.id,
                            short(&answer)
                        ),
                    );
                }
                AnswerKind::Number if Decimal::parse(&answer).is_none() => {
                    b.error(
                        Q,
                        row,
                        col,
                        format!(
                            "expected a number for {}, found \"{}\"",
                            q.id,
                            short(&answer)
                        ),
                    );
                }
                _ => {}
            }
        }
        if !answer.is_empty() {
            out.answers.insert(q.id.clone(), answer);
        }
        if !attachment.is_empty() {
            out.attachments.insert(q.id.clone(), attachment);
        }
    }
    let layout = form.pricing_layout();
    for (i, l) in form.lines.iter().enumerate() {
        let row = layout.first_line + i as u32;
        b.locked(P, row, 0, &l.id);
        b.locked(P, row, 6, &l.evaluated_quantity.to_string());
        if let Some(p) = price(
            &mut b,
            row,
            &format!("a unit price for {}", l.id),
            l.evaluated,
            form.minor_units,
        ) {
            out.prices.insert(l.id.clone(), p);
        }
    }
    for (i, r) in form.rates.iter().enumerate() {
        let row = layout.first_rate + i as u32;
        b.locked(P, row, 0, &r.role);
        if let Some(p) = price(
            &mut b,
            row,
            &format!("a rate for {}", r.role),
            r.basket.is_some(),
            form.minor_units,
        ) {
            out.rates.insert(r.role.clone(), p);
        }
    }
    if form.asks_delivery {
        let text = b.text(P, layout.delivery, PRICE_COL);
        match text.parse::<u32>() {
            Ok(w) => out.delivery_weeks = Some(w),
            Err(_) => b.error(
                P,
                layout.delivery,
                PRICE_COL,
                format!(
                    "expected the committed delivery in whole weeks, found \"{}\"",
                    short(&text)
                ),
            ),
        }
    }
    let (first, signature) = form.declaration_rows();
    for (i, d) in form.declarations.iter().enumerate() {
        let row = first + i as u32;
        b.locked(D, row, 1, d);
        let agreed = b.text(D, row, AGREED_COL);
        if !agreed.is_empty() && !YES_NO.contains(&agreed.as_str()) {
            b.error(
                D,
                row,
                AGREED_COL,
                format!(
                    "expected Yes or No for declaration {}, found \"{}\"",
                    i + 1,
                    short(&agreed)
                ),
            );
        }
        out.agreed.push(agreed);
    }
    for (i, label) in SIGNATURE_FIELDS.iter().enumerate() {
        let row = signature + i as u32;
        let value = b.text(D, row, AGREED_COL);
        if value.is_empty() {
            b.warn(
                D,
                row,
                AGREED_COL,
                format!("signature block: {} is blank", label.to_lowercase()),
            );
        }
        out.signature.push(value);
    }
    b.finish(out)
}

/// A price input: required when `needed`; a number of zero or more with at most the
/// currency's decimals.
fn price(b: &mut Book, row: u32, what: &str, needed: bool, minor: u32) -> Option<Decimal> {
    let text = b.text("Pricing", row, PRICE_COL);
    if text.is_empty() {
        if needed {
            b.error(
                "Pricing",
                row,
                PRICE_COL,
                format!("expected {what}, found nothing"),
            );
        }
        return None;
    }
    match Decimal::parse(&text) {
        Some(p) if p.is_negative() => {
            b.error(
                "Pricing",
                row,
                PRICE_COL,
                format!("expected {what}, found a negative amount ({text})"),
            );
            None
        }
        Some(p) if p.fraction_digits() > minor => {
            b.error(
                "Pricing",
                row,
                PRICE_COL,
                format!("expected {what} with at most {minor} decimals, found {text}"),
            );
            None
        }
        Some(p) => Some(p),
        None => {
            b.error(
                "Pricing",
                row,
                PRICE_COL,
                format!("expected {what}, found \"{}\"", short(&text)),
            );
            None
        }
    }
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a returned scoring workbook.
pub fn read_scores(
    file: &str,
    bytes: &[u8],
    form: &ResponseForm,
    bidders: &[Option<(String, String)>],
) -> Result<(EvaluatorMarks, Vec<Diagnostic>), Vec<Diagnostic>> {
    const S: &str = SCORES_SHEET;
    let mut b = Book::open(file, bytes, &[S])?;
    let Ok(evaluator) = b.identity(form, "scoring") else {
        return Err(b.diags);
    };
    let mut marks = BTreeMap::new();
    let selection_row = first_selection_row(form);
    for (i, item) in form.scored.iter().enumerate() {
        b.locked(S, FIRST_ITEM_ROW + i as u32, 1, &item.id);
    }
    for (i, (id, _)) in form.selection.iter().enumerate() {
        b.locked(S, selection_row + i as u32, 1, id);
    }
    for (n, bidder) in bidders.iter().enumerate() {
        let col = FIRST_BIDDER_COL + 2 * n as u16;
        let id = match bidder {
            Some((id, _)) => {
                b.locked(S, FIRST_ITEM_ROW - 1, col, id);
                id.clone()
            }
            None => b.text(S, FIRST_ITEM_ROW - 1, col),
        };
        if id.is_empty() {
            continue;
        }
        let mut m = BidderMarks::default();
        for (i, item) in form.scored.iter().enumerate() {
            let row = FIRST_ITEM_ROW + i as u32;
            let text = b.text(S, row, col);
            let comment = b.text(S, row, col + 1);
            if !comment.is_empty() {
                m.comments.insert(item.id.clone(), comment);
            }
            if text.is_empty() {
                continue;
            }
            match text.parse::<u32>() {
                Ok(s) if (form.scale.0..=form.scale.1).contains(&s) => {
                    m.scores.insert(item.id.clone(), s);
                }
                _ => b.error(
                    S,
                    row,
                    col,
                    format!(
                        "expected a whole score from {} to {} for {id}, item {}, found \"{}\"",
                        form.scale.0,
                        form.scale.1,
                        item.id,
                        short(&text)
                    ),
                ),
            }
        }
        for (i, (item, _)) in form.selection.iter().enumerate() {
            let row = selection_row + i as u32;
            let text = b.text(S, row, col);
            let comment = b.text(S, row, col + 1);
            if !comment.is_empty() {
                m.comments.insert(item.clone(), comment);
            }
            if text.is_empty() {
                continue;
            }
            if PASS_FAIL.contains(&text.as_str()) {
                m.selection.insert(item.clone(), text);
            } else {
                b.error(
                    S,
                    row,
                    col,
                    format!(
                        "expected Pass or Fail for {id}, item {item}, found \"{}\"",
                        short(&text)
                    ),
                );
            }
        }
        marks.insert(id, m);
    }
    b.finish(EvaluatorMarks { evaluator, marks })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, deflated).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_package_that_unpacks_past_the_limit_is_refused() {
        let spaces = vec![b' '; 3 << 20];
        let bytes = zip_of(&[("xl/sharedStrings.xml", &spaces), ("a.xml", b"<a/>")]);
        assert!(bytes.len() < 64 * 1024, "small on disk: {}", bytes.len());
        let e = check_unpacked_size(&bytes, 2 << 20).unwrap_err();
        assert_eq!(e, "it unpacks to more than 2 MiB");
        assert!(check_unpacked_size(&bytes, 4 << 20).is_ok());
        let e = Book::open("bomb.xlsx", b"PK\x03\x04 not a zip", &[])
            .err()
            .unwrap();
        assert!(
            e[0].message.starts_with("not a workbook rfx can read"),
            "{e:?}"
        );
    }

    #[test]
    fn a_value_far_from_the_form_costs_one_cell() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name(IDENTITY_SHEET).unwrap();
        sheet.write_string(0, 0, "marker").unwrap();
        sheet.write_string(1_048_575, 16_383, "far").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let book = Book::open("far.xlsx", &bytes, &[]).unwrap();
        let cells = &book.sheets[IDENTITY_SHEET];
        assert_eq!(cells.len(), 2);
        assert_eq!(book.text(IDENTITY_SHEET, 1_048_575, 16_383), "far");
        assert_eq!(book.text(IDENTITY_SHEET, 0, 0), "marker");
    }
}
