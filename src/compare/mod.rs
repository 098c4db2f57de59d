//! `rfx compare`: two drafts diffed on the document model into a redline.
//!
//! Both drafts are cut into *sections* (a heading and the blocks up to the next
//! heading). Sections are matched by anchor (a clause keeps its anchor when its number
//! changes), else by heading text; a section in both drafts but in another order is a
//! move. Inside matched sections blocks are aligned by their text, and matched
//! paragraphs, headings, list items and table cells get a word diff ([`words`]). The
//! redline is an ordinary [`Document`] whose changes are [`Block::Revised`],
//! [`Inline::Revised`] and [`Inline::Reformatted`], so every writer can show it.

mod blocks;
pub mod summary;
pub mod words;

use std::collections::{HashMap, HashSet};

use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::doc::{Block, Document, Heading, Inline, Revision};

/// The outcome of comparing two drafts.
#[derive(Debug, Clone, PartialEq)]
pub struct Redline {
    /// The newer draft with the changes from the older one marked.
    pub document: Document,
    /// One entry per changed section, in the redline's order.
    pub changes: Vec<SectionChange>,
}

impl Redline {
    /// Whether the drafts read the same.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }
}

/// A section that differs between the drafts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SectionChange {
    /// Section number (the newer one; the older one for a deleted section).
    pub number: Option<String>,
    /// Heading text; empty for the text before the first heading.
    pub title: String,
    /// Anchor of the section heading.
    pub anchor: Option<String>,
    /// What happened to the section.
    pub change: ChangeKind,
    /// Words added.
    pub added: usize,
    /// Words removed.
    pub removed: usize,
}

/// What happened to a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Wording or formatting changed in place.
    Changed,
    /// Only in the newer draft.
    Added,
    /// Only in the older draft.
    Deleted,
    /// At another place in the newer draft (with the same wording).
    Moved,
}

impl ChangeKind {
    /// The word used in summaries.
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Deleted => "deleted",
            ChangeKind::Moved => "moved",
        }
    }
}

/// A heading and the blocks up to the next heading (or the text before the first).
struct Section<'a> {
    key: String,
    heading: Option<&'a Heading>,
    blocks: &'a [Block],
}

fn sections(blocks: &[Block]) -> Vec<Section<'_>> {
    let mut starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| *i > 0 && matches!(b, Block::Heading(_)))
        .map(|(i, _)| i)
        .collect();
    starts.insert(0, 0);
    starts.push(blocks.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for w in starts.windows(2) {
        let slice = &blocks[w[0]..w[1]];
        if slice.is_empty() {
            continue;
        }
        let heading = match &slice[0] {
            Block::Heading(h) => Some(h),
            _ => None,
        };
        let base = match heading {
            Some(h) => match &h.anchor {
                Some(a) => format!("#{a}"),
                None => format!("={}", Inline::plain_text(&h.content)),
            },
            None => String::new(),
        };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let key = if *n == 1 {
            base
        } else {
            format!("{base}\u{E002}{n}")
        };
        out.push(Section {
            key,
            heading,
            blocks: slice,
        });
    }
    out
}

/// Compares `old` with `new`; the redline takes `new`'s metadata.
pub fn compare(old: &Document, new: &Document) -> Redline {
    let old_sections = sections(&old.blocks);
    let new_sections = sections(&new.blocks);
    let old_keys: Vec<&str> = old_sections.iter().map(|s| s.key.as_str()).collect();
    let new_keys: Vec<&str> = new_sections.iter().map(|s| s.key.as_str()).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys);
    // Keys deleted in one place and inserted in another are moves.
    let mut deleted = HashSet::new();
    let mut inserted = HashSet::new();
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            deleted.extend(o.map(|i| old_keys[i]));
            inserted.extend(n.map(|i| new_keys[i]));
        }
    }
    let moved: HashSet<&str> = deleted.intersection(&inserted).copied().collect();
    let old_by_key: HashMap<&str, &Section> =
        old_sections.iter().map(|s| (s.key.as_str(), s)).collect();
    let new_by_key: HashMap<&str, &Section> =
        new_sections.iter().map(|s| (s.key.as_str(), s)).collect();

    let mut out = Vec::new();
    let mut changes = Vec::new();
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            for (a, b) in o.zip(n) {
                let (os, ns) = (&old_sections[a], &new_sections[b]);
                let diff = blocks::diff(os.blocks, ns.blocks);
                if diff.changed {
                    changes.push(change(ns, ChangeKind::Changed, diff.added, diff.removed));
                }
                out.extend(diff.blocks);
            }
            continue;
        }
        for i in o {
            let os = &old_sections[i];
            let is_move = moved.contains(os.key.as_str())
                && new_by_key
                    .get(os.key.as_str())
                    .is_some_and(|ns| same_wording(os.blocks, ns.blocks));
            let (revision, kind) = if is_move {
                (Revision::MovedFrom, ChangeKind::Moved)
            } else {
                (Revision::Deleted, ChangeKind::Deleted)
            };
            if !is_move {
                changes.push(change(os, kind, 0, blocks::word_count(os.blocks)));
            }
            out.push(Block::Revised {
                revision,
                blocks: os.blocks.to_vec(),
            });
        }
        for i in n {
            let ns = &new_sections[i];
            let is_move = moved.contains(ns.key.as_str())
                && old_by_key
                    .get(ns.key.as_str())
                    .is_some_and(|os| same_wording(os.blocks, ns.blocks));
            let (revision, kind, added) = if is_move {
                (Revision::MovedTo, ChangeKind::Moved, 0)
            } else {
                (
                    Revision::Inserted,
                    ChangeKind::Added,
                    blocks::word_count(ns.blocks),
                )
            };
            changes.push(change(ns, kind, added, 0));
            out.push(Block::Revised {
                revision,
                blocks: ns.blocks.to_vec(),
            });
        }
    }
    Redline {
        document: Document {
            meta: new.meta.clone(),
            blocks: out,
        },
        changes,
    }
}

fn change(section: &Section, kind: ChangeKind, added: usize, removed: usize) -> SectionChange {
    SectionChange {
        number: section.heading.and_then(|h| h.number.clone()),
        title: section
            .heading
            .map(|h| Inline::plain_text(&h.content))
            .unwrap_or_default(),
        anchor: section.heading.and_then(|h| h.anchor.clone()),
        change: kind,
        added,
        removed,
    }
}

/// Whether two sections hold the same blocks apart from their section numbers.
fn same_wording(a: &[Block], b: &[Block]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Block::Heading(p), Block::Heading(q)) => {
                p.level == q.level && p.content == q.content && p.anchor == q.anchor
            }
            _ => x == y,
        })
}

/// The redline's blocks with every change accepted (the newer draft's blocks).
pub fn accept_all(blocks: &[Block]) -> Vec<Block> {
    blocks::select(blocks, true)
}

/// The redline's blocks with every change rejected (the older draft's blocks).
pub fn reject_all(blocks: &[Block]) -> Vec<Block> {
    blocks::select(blocks, false)
}

#[cfg(test)]
mod tests;
