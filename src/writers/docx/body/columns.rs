//! Table column widths: the text width shared out by how much text each column holds.

use crate::doc::Inline;

use super::MIN_COLUMN;

/// Column widths in twips that fill the text width, shared out by how much text each
/// column holds (long cells count up to a cap, so one long cell cannot starve the rest),
/// never narrower than [`MIN_COLUMN`] unless the page is too narrow for that.
pub(super) fn column_widths(
    table: &crate::doc::Table,
    columns: usize,
    text_width: u32,
) -> Vec<u32> {
    let mut weights = vec![4u32; columns];
    let rows = std::iter::once(&table.header).chain(table.rows.iter());
    for (r, row) in rows.enumerate() {
        for (c, cell) in row.iter().enumerate().take(columns) {
            let text = Inline::plain_text(cell);
            // The longest word must fit; body text counts up to 60 characters, while a
            // header may wrap, so only its longest word counts.
            let longest_word = text
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            let length = if r == 0 {
                0
            } else {
                text.chars().count().min(60)
            };
            weights[c] = weights[c].max(length.max(longest_word) as u32);
        }
    }
    let n = columns as u32;
    let min = MIN_COLUMN.min(text_width / n);
    let spare = text_width - min * n;
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let mut widths: Vec<u32> = weights
        .iter()
        .map(|&w| min + (u64::from(spare) * u64::from(w) / total.max(1)) as u32)
        .collect();
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += text_width - used;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Align, Table as DocTable};

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.to_string())]
    }

    #[test]
    fn column_widths_fill_the_text_width() {
        let table = DocTable {
            alignments: vec![Align::Left, Align::Right, Align::None],
            header: vec![text("Id"), text("Amount"), text("Description")],
            rows: vec![vec![
                text("R1"),
                text("1,000.00"),
                text("A long description of the service that wraps over several lines"),
            ]],
            kind: crate::doc::TableKind::Data,
        };
        let widths = column_widths(&table, 3, 9000);
        assert_eq!(widths.iter().sum::<u32>(), 9000);
        assert!(widths.iter().all(|&w| w >= MIN_COLUMN));
        assert!(widths[2] > widths[1] && widths[1] > widths[0], "{widths:?}");
    }

    #[test]
    fn narrow_pages_still_fit_many_columns() {
        let table = DocTable {
            alignments: vec![Align::None; 20],
            header: vec![text("h"); 20],
            rows: vec![],
            kind: crate::doc::TableKind::Data,
        };
        let widths = column_widths(&table, 20, 9000);
        assert_eq!(widths.iter().sum::<u32>(), 9000);
    }
}
