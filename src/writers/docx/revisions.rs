//! Helpers for the tracked changes of a redline: which change a table row belongs to,
//! and the names pairing the two places of a move.

use crate::doc::{Block, Heading, Inline, List, Revision, Table};

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

/// The blocks of a move's new place without the words deleted on the way: Word keeps
/// those at the move's old place, where rejecting the move restores them, so writing
/// them again here would restore them twice. Insertions stay marked.
pub(super) fn without_deletions(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Revised { revision, .. } if !revision.is_new() => None,
            Block::Revised { revision, blocks } => Some(Block::Revised {
                revision: *revision,
                blocks: without_deletions(blocks),
            }),
            Block::Heading(h) => Some(Block::Heading(Heading {
                content: inlines(&h.content),
                ..h.clone()
            })),
            Block::Paragraph(i) => Some(Block::Paragraph(inlines(i))),
            Block::List(l) => Some(Block::List(List {
                start: l.start,
                items: l
                    .items
                    .iter()
                    .map(|item| without_deletions(item))
                    .filter(|item| !item.is_empty())
                    .collect(),
            })),
            Block::Table(t) => Some(Block::Table(Table {
                alignments: t.alignments.clone(),
                header: t.header.iter().map(|c| inlines(c)).collect(),
                rows: t
                    .rows
                    .iter()
                    .filter(|row| row_revision(row).is_none_or(|r| r.is_new()))
                    .map(|row| row.iter().map(|c| inlines(c)).collect())
                    .collect(),
                kind: t.kind,
            })),
            Block::BlockQuote(b) => Some(Block::BlockQuote(without_deletions(b))),
            other => Some(other.clone()),
        })
        .collect()
}

fn inlines(content: &[Inline]) -> Vec<Inline> {
    content
        .iter()
        .filter_map(|inline| match inline {
            Inline::Revised { revision, .. } if !revision.is_new() => None,
            Inline::Revised { revision, content } => Some(Inline::Revised {
                revision: *revision,
                content: inlines(content),
            }),
            Inline::Emph(c) => Some(Inline::Emph(inlines(c))),
            Inline::Strong(c) => Some(Inline::Strong(inlines(c))),
            Inline::Strikethrough(c) => Some(Inline::Strikethrough(inlines(c))),
            Inline::Link { url, content } => Some(Inline::Link {
                url: url.clone(),
                content: inlines(content),
            }),
            Inline::Reformatted { was, content } => Some(Inline::Reformatted {
                was: *was,
                content: inlines(content),
            }),
            other => Some(other.clone()),
        })
        .collect()
}
