//! The summary of changed sections printed at the top of a PDF or Markdown redline.

use super::{Redline, SectionChange};
use crate::doc::{Align, Block, Document, Heading, Inline, Table};

/// The redline with a summary of changed sections in front (for the formats a reader
/// reads rather than accepts: PDF and Markdown).
pub fn with_summary(redline: &Redline, old_name: &str, new_name: &str) -> Document {
    let mut blocks = vec![
        Block::Heading(Heading {
            level: 1,
            number: None,
            anchor: Some("summary-of-changes".into()),
            numbered: false,
            content: vec![Inline::Text("Summary of changes".into())],
            clause: None,
        }),
        Block::Paragraph(vec![Inline::Text(format!(
            "Changes from {old_name} to {new_name}: inserted words are underlined, \
             deleted words struck through, and changed lines carry a bar in the margin."
        ))]),
    ];
    if redline.changes.is_empty() {
        blocks.push(Block::Paragraph(vec![Inline::Text(
            "The two drafts read the same: no differences.".into(),
        )]));
    } else {
        blocks.push(Block::Table(table(&redline.changes)));
    }
    blocks.push(Block::PageBreak);
    blocks.extend(redline.document.blocks.iter().cloned());
    Document {
        meta: redline.document.meta.clone(),
        blocks,
    }
}

fn table(changes: &[SectionChange]) -> Table {
    let text = |s: String| vec![Inline::Text(s)];
    Table {
        alignments: vec![
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
        ],
        header: ["Section", "Title", "Change", "Words added", "Words removed"]
            .iter()
            .map(|h| text(h.to_string()))
            .collect(),
        rows: changes
            .iter()
            .map(|c| {
                let title = match (&c.anchor, c.title.is_empty()) {
                    (_, true) => text("(before the first heading)".into()),
                    (Some(anchor), false) if c.change != super::ChangeKind::Deleted => {
                        vec![Inline::Link {
                            url: format!("#{anchor}"),
                            content: text(c.title.clone()),
                        }]
                    }
                    _ => text(c.title.clone()),
                };
                vec![
                    text(c.number.clone().unwrap_or_default()),
                    title,
                    text(c.change.word().to_string()),
                    text(c.added.to_string()),
                    text(c.removed.to_string()),
                ]
            })
            .collect(),
        kind: crate::doc::TableKind::Data,
    }
}
