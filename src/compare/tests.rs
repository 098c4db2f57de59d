use super::*;
use crate::resolve::ResolveOptions;

fn doc(markdown: &str) -> Document {
    let mut d = crate::markdown::parse(markdown);
    d.resolve(&ResolveOptions::default());
    d
}

const OLD: &str = "\
# Fees { #fees }

The Customer pays within 30 days of the invoice.

Late payments bear interest.

| Item | Price |
|---|---|
| Support | 100 |
| Hosting | 200 |

# Term { #term }

The agreement runs for two years.

# Notices { #notices }

Notices are given in writing.
";

const NEW: &str = "\
# Term { #term }

The agreement runs for two years.

# Fees { #fees }

The Customer pays within 45 days of the invoice.

| Item | Price |
|---|---|
| Support | 150 |
| Hosting | 200 |

# Notices { #notices }

Notices are given in writing.

Notices by email count as writing.
";

#[test]
fn accepting_gives_the_new_draft_and_rejecting_the_old() {
    let (old, new) = (doc(OLD), doc(NEW));
    let r = compare(&old, &new);
    assert_eq!(
        blocks::blocks_text(&accept_all(&r.document.blocks)),
        blocks::blocks_text(&new.blocks)
    );
    assert_eq!(
        blocks::blocks_text(&reject_all(&r.document.blocks)),
        blocks::blocks_text(&old.blocks)
    );
}

#[test]
fn sections_are_matched_by_anchor_and_moves_named() {
    let r = compare(&doc(OLD), &doc(NEW));
    let summary: Vec<(String, ChangeKind, usize, usize)> = r
        .changes
        .iter()
        .map(|c| (c.title.clone(), c.change, c.added, c.removed))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Term".to_string(), ChangeKind::Moved, 0, 0),
            ("Fees".to_string(), ChangeKind::Changed, 2, 6),
            ("Notices".to_string(), ChangeKind::Changed, 6, 0),
        ]
    );
    assert!(matches!(
        &r.document.blocks[0],
        Block::Revised {
            revision: Revision::MovedTo,
            ..
        }
    ));
}

#[test]
fn table_cells_are_compared_one_by_one() {
    let r = compare(&doc(OLD), &doc(NEW));
    let table = r
        .document
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("the table is matched, not replaced");
    assert_eq!(
        table.rows[1],
        vec![
            vec![Inline::Text("Hosting".into())],
            vec![Inline::Text("200".into())]
        ]
    );
    assert!(matches!(
        table.rows[0][1].as_slice(),
        [
            Inline::Revised {
                revision: Revision::Deleted,
                ..
            },
            Inline::Revised {
                revision: Revision::Inserted,
                ..
            }
        ]
    ));
}

#[test]
fn identical_drafts_have_no_changes() {
    let r = compare(&doc(OLD), &doc(OLD));
    assert!(r.is_unchanged());
    assert_eq!(r.document.blocks, doc(OLD).blocks);
}
