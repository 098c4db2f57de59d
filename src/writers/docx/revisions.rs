//! Helpers for the tracked changes of a redline: which change a table row belongs to,
//! and the names pairing the two places of a move.

use crate::doc::{Block, Heading, Inline, Revision};

/// The tracked change a table row belongs to as a whole: every non-empty cell is one
/// run of words changed the same way.
pub(super) fn row_revision(row: &[Vec<Inline>]) -> Option<Revision> {
    let mut found = None;
    for cell in row {
        match cell.as_slice() {
            [] => {}
            [Inline::Revised { revision, .. }] if found.is_none_or(|f| f == *revision) => {
                found = Some(*revision)
            }
            _ => return None,
        }
    }
    found
}

/// The name pairing the two places of a move: the moved heading's anchor, else a hash
/// of the moved text.
pub(super) fn move_name(blocks: &[Block]) -> String {
    let anchor = blocks.iter().find_map(|b| match b {
        Block::Heading(Heading {
            anchor: Some(a), ..
        }) => Some(a.clone()),
        _ => None,
    });
    let key = anchor.unwrap_or_else(|| {
        let mut hex = crate::digest::sha256_hex(format!("{blocks:?}"));
        hex.truncate(12);
        hex
    });
    let cleaned: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("move_{cleaned}")
}
