use super::read::Paragraph;
use super::*;
use crate::doc::Heading;

fn heading(anchor: &str, clause: Option<&str>, number: &str, title: &str) -> Block {
    Block::Heading(Heading {
        level: 1,
        number: Some(number.into()),
        anchor: Some(anchor.into()),
        numbered: true,
        content: vec![Inline::Text(title.into())],
        clause: clause.map(str::to_string),
    })
}

fn para(text: &str) -> Block {
    Block::Paragraph(vec![Inline::Text(text.into())])
}

fn sent() -> Document {
    Document {
        meta: Meta::default(),
        blocks: vec![
            heading("fees", Some("fees@1.0.0"), "1", "Fees"),
            para("The Customer pays within 30 days."),
            heading("liability", Some("liability@2.0.0"), "2", "Liability"),
            para("Liability is capped at the Charges."),
            heading("notices", Some("notices@1.0.0"), "3", "Notices"),
            para("Notices are in writing."),
        ],
    }
}

fn returned(texts: &[(&str, Option<&str>)]) -> Vec<Paragraph> {
    texts
        .iter()
        .map(|(t, bookmark)| Paragraph {
            text: t.to_string(),
            original: t.to_string(),
            heading: bookmark.map(|_| 1),
            bookmarks: bookmark.iter().map(|b| b.to_string()).collect(),
            tracked: false,
        })
        .collect()
}

use crate::doc::Meta;

#[test]
fn changed_and_deleted_clauses_are_named() {
    let back = returned(&[
        ("Fees", Some("_Ref_fees")),
        ("The Customer pays within 60 days.", None),
        ("Notices", Some("_Ref_notices")),
        ("Notices are in writing.", None),
    ]);
    let d = review(&sent(), &back);
    let got: Vec<(&str, Status)> = d.iter().map(|d| (d.clause.as_str(), d.status)).collect();
    assert_eq!(
        got,
        vec![
            ("fees", Status::Changed),
            ("liability", Status::Deleted),
            ("notices", Status::Unchanged)
        ]
    );
    assert_eq!(
        d[0].change,
        "Fees The Customer pays within [-30-]{+60+} days."
    );
    assert_eq!(d[0].version, "1.0.0");
}

#[test]
fn lost_bookmarks_fall_back_to_heading_text_and_moves_are_seen() {
    let back = returned(&[
        ("3 Notices", Some("")),
        ("Notices are in writing.", None),
        ("1 Fees", Some("")),
        ("The Customer pays within 30 days.", None),
        ("2 Liability", Some("")),
        ("Liability is capped at the Charges.", None),
    ]);
    let d = review(&sent(), &back);
    assert!(d.iter().all(|d| !d.found_by_bookmark));
    let got: Vec<(&str, Status)> = d.iter().map(|d| (d.clause.as_str(), d.status)).collect();
    assert_eq!(
        got,
        vec![
            ("fees", Status::Unchanged),
            ("liability", Status::Unchanged),
            ("notices", Status::Moved)
        ]
    );
}

#[test]
fn a_new_heading_is_an_added_section() {
    let back = returned(&[
        ("Fees", Some("_Ref_fees")),
        ("The Customer pays within 30 days.", None),
        ("Liability", Some("_Ref_liability")),
        ("Liability is capped at the Charges.", None),
        ("Audit", Some("")),
        ("The Customer may audit.", None),
        ("Notices", Some("_Ref_notices")),
        ("Notices are in writing.", None),
    ]);
    let d = review(&sent(), &back);
    assert_eq!(
        d[1].status,
        Status::Unchanged,
        "the new heading ends the clause"
    );
    assert_eq!(
        d.last().map(|d| (d.status, d.title.as_str())),
        Some((Status::Added, "Audit"))
    );
}
