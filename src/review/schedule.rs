//! The deviation schedule: a document (Markdown, PDF, DOCX) and JSON lines listing,
//! clause by clause, what the counterparty changed.

use super::{Deviation, Status};
use crate::doc::{Align, Block, Document, Heading, Inline, Meta, Table};

/// The schedule as a document; `returned` names the reviewed file.
pub fn document(deviations: &[Deviation], returned: &str, meta: &Meta) -> Document {
    let changed = deviations
        .iter()
        .filter(|d| d.status != Status::Unchanged)
        .count();
    let mut blocks = vec![
        Block::Heading(Heading {
            level: 1,
            number: None,
            anchor: Some("deviation-schedule".into()),
            numbered: false,
            content: vec![Inline::Text("Deviation schedule".into())],
            clause: None,
        }),
        Block::Paragraph(vec![Inline::Text(format!(
            "{returned} compared with the locked wording: {} of {} clauses unchanged, {changed} \
             with deviations.",
            deviations.len() - changed,
            deviations.len()
        ))]),
    ];
    let text = |s: String| vec![Inline::Text(s)];
    blocks.push(Block::Table(Table {
        alignments: vec![Align::Left; 6],
        header: [
            "Section",
            "Clause",
            "Version",
            "Status",
            "Change",
            "Library position",
        ]
        .iter()
        .map(|h| text(h.to_string()))
        .collect(),
        rows: deviations
            .iter()
            .map(|d| {
                let mut status = d.status.word().to_string();
                if d.tracked {
                    status.push_str(" (tracked)");
                }
                vec![
                    text(d.section.clone().unwrap_or_default()),
                    text(if d.clause.is_empty() {
                        d.title.clone()
                    } else {
                        format!("{} ({})", d.title, d.clause)
                    }),
                    text(d.version.clone()),
                    text(status),
                    d.diff.clone(),
                    text(position(d)),
                ]
            })
            .collect(),
        kind: crate::doc::TableKind::Data,
    }));
    Document {
        meta: Meta {
            title: format!("Deviation schedule: {}", meta.title),
            subtitle: Some(returned.to_string()),
            ..meta.clone()
        },
        blocks,
    }
}

/// What the library says about accepting the change.
fn position(d: &Deviation) -> String {
    match (&d.fallback, d.negotiable, d.status) {
        (_, _, Status::Unchanged) => String::new(),
        (Some(f), _, _) => format!("the fallback wording {f} would accept this change"),
        (None, true, _) => "negotiable; no library variant matches".into(),
        (None, false, Status::Added) => "not in the library".into(),
        (None, false, _) => "not negotiable".into(),
    }
}

/// One JSON object per clause.
pub fn json_lines(deviations: &[Deviation]) -> String {
    let mut out = String::new();
    for d in deviations {
        // Serialising plain data cannot fail.
        out.push_str(&serde_json::to_string(d).unwrap_or_default());
        out.push('\n');
    }
    out
}
