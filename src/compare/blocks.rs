//! Block alignment inside one matched section: blocks are aligned by their text,
//! matched blocks of one kind are diffed word by word (lists item by item, tables
//! cell by cell), the rest become inserted or deleted blocks.

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::words;
use crate::doc::{Block, Heading, Inline, List, Revision, Table};

/// The merged blocks of a section and what changed in them.
#[derive(Debug, Default)]
pub struct BlockDiff {
    /// The blocks with changes marked.
    pub blocks: Vec<Block>,
    /// Whether anything differs.
    pub changed: bool,
    /// Words added.
    pub added: usize,
    /// Words removed.
    pub removed: usize,
}

impl BlockDiff {
    fn insert(&mut self, revision: Revision, blocks: Vec<Block>) {
        if blocks.is_empty() {
            return;
        }
        self.changed = true;
        let words = word_count(&blocks);
        if revision.is_new() {
            self.added += words;
        } else {
            self.removed += words;
        }
        self.blocks.push(Block::Revised { revision, blocks });
    }

    fn words(&mut self, d: &words::WordDiff) {
        self.changed |= !d.is_unchanged();
        self.added += d.added;
        self.removed += d.removed;
    }
}

/// Diffs two runs of blocks.
pub fn diff(old: &[Block], new: &[Block]) -> BlockDiff {
    let old_keys: Vec<String> = old.iter().map(signature).collect();
    let new_keys: Vec<String> = new.iter().map(signature).collect();
    let mut out = BlockDiff::default();
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                for (a, b) in old[o].iter().zip(&new[n]) {
                    matched(a, b, &mut out);
                }
            }
            _ => {
                // Pair blocks of one kind in order; the others are whole changes.
                let old = &old[o];
                let new = &new[n];
                let ok: Vec<&str> = old.iter().map(kind).collect();
                let nk: Vec<&str> = new.iter().map(kind).collect();
                for op in capture_diff_slices(Algorithm::Myers, &ok, &nk) {
                    let (tag, o, n) = op.as_tag_tuple();
                    if tag == DiffTag::Equal {
                        for (a, b) in old[o].iter().zip(&new[n]) {
                            matched(a, b, &mut out);
                        }
                    } else {
                        out.insert(Revision::Deleted, old[o].to_vec());
                        out.insert(Revision::Inserted, new[n].to_vec());
                    }
                }
            }
        }
    }
    out
}

/// Two blocks in the same place: diffed inside when they are of one kind.
fn matched(old: &Block, new: &Block, out: &mut BlockDiff) {
    if old == new {
        out.blocks.push(new.clone());
        return;
    }
    match (old, new) {
        (Block::Heading(a), Block::Heading(b)) => {
            let d = words::diff(&a.content, &b.content);
            out.words(&d);
            out.blocks.push(Block::Heading(Heading {
                content: d.inlines,
                ..b.clone()
            }));
        }
        (Block::Paragraph(a), Block::Paragraph(b)) => {
            let d = words::diff(a, b);
            out.words(&d);
            out.blocks.push(Block::Paragraph(d.inlines));
        }
        (Block::List(a), Block::List(b)) if a.start.is_some() == b.start.is_some() => {
            let merged = list(a, b, out);
            out.blocks.push(Block::List(merged));
        }
        (Block::Table(a), Block::Table(b)) if columns(a) == columns(b) => {
            let merged = table(a, b, out);
            out.blocks.push(Block::Table(merged));
        }
        (Block::BlockQuote(a), Block::BlockQuote(b)) => {
            let d = diff(a, b);
            absorb(out, &d);
            out.blocks.push(Block::BlockQuote(d.blocks));
        }
        // The table of contents is the newer draft's: Word rebuilds it anyway.
        (Block::Toc(_), Block::Toc(_)) => out.blocks.push(new.clone()),
        _ => {
            out.insert(Revision::Deleted, vec![old.clone()]);
            out.insert(Revision::Inserted, vec![new.clone()]);
        }
    }
}

fn absorb(out: &mut BlockDiff, d: &BlockDiff) {
    out.changed |= d.changed;
    out.added += d.added;
    out.removed += d.removed;
}

fn list(old: &List, new: &List, out: &mut BlockDiff) -> List {
    let ok: Vec<String> = old.items.iter().map(|i| blocks_text(i)).collect();
    let nk: Vec<String> = new.items.iter().map(|i| blocks_text(i)).collect();
    let mut items = Vec::new();
    for (tag, o, n) in paired(&ok, &nk) {
        match (tag, o, n) {
            (_, Some(a), Some(b)) => {
                let d = diff(&old.items[a], &new.items[b]);
                absorb(out, &d);
                items.push(d.blocks);
            }
            (_, Some(a), None) => {
                let mut d = BlockDiff::default();
                d.insert(Revision::Deleted, old.items[a].clone());
                absorb(out, &d);
                items.push(d.blocks);
            }
            (_, None, Some(b)) => {
                let mut d = BlockDiff::default();
                d.insert(Revision::Inserted, new.items[b].clone());
                absorb(out, &d);
                items.push(d.blocks);
            }
            _ => {}
        }
    }
    List {
        start: new.start,
        items,
    }
}

fn table(old: &Table, new: &Table, out: &mut BlockDiff) -> Table {
    let header = cells(&old.header, &new.header, out);
    let ok: Vec<String> = old.rows.iter().map(|r| row_text(r)).collect();
    let nk: Vec<String> = new.rows.iter().map(|r| row_text(r)).collect();
    let mut rows = Vec::new();
    for (_, o, n) in paired(&ok, &nk) {
        match (o, n) {
            (Some(a), Some(b)) => rows.push(cells(&old.rows[a], &new.rows[b], out)),
            (Some(a), None) => rows.push(whole_row(&old.rows[a], Revision::Deleted, out)),
            (None, Some(b)) => rows.push(whole_row(&new.rows[b], Revision::Inserted, out)),
            (None, None) => {}
        }
    }
    Table {
        alignments: new.alignments.clone(),
        header,
        rows,
        kind: new.kind,
    }
}

fn cells(old: &[Vec<Inline>], new: &[Vec<Inline>], out: &mut BlockDiff) -> Vec<Vec<Inline>> {
    let empty = Vec::new();
    (0..old.len().max(new.len()))
        .map(|c| {
            let d = words::diff(old.get(c).unwrap_or(&empty), new.get(c).unwrap_or(&empty));
            out.words(&d);
            d.inlines
        })
        .collect()
}

/// A row only one draft has: each cell is one changed run (the DOCX writer marks
/// such a row inserted or deleted as a whole).
fn whole_row(row: &[Vec<Inline>], revision: Revision, out: &mut BlockDiff) -> Vec<Vec<Inline>> {
    out.changed = true;
    let words: usize = row.iter().map(|c| count_words(c)).sum();
    if revision.is_new() {
        out.added += words;
    } else {
        out.removed += words;
    }
    row.iter()
        .map(|cell| {
            if cell.is_empty() {
                Vec::new()
            } else {
                vec![Inline::Revised {
                    revision,
                    content: cell.clone(),
                }]
            }
        })
        .collect()
}

/// Aligns two lists of texts; replaced runs are paired one to one, the rest are
/// `(tag, Some(old), None)` deletions and `(tag, None, Some(new))` insertions.
fn paired(old: &[String], new: &[String]) -> Vec<(DiffTag, Option<usize>, Option<usize>)> {
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        let (tag, o, n) = op.as_tag_tuple();
        let (o, n) = (o.collect::<Vec<_>>(), n.collect::<Vec<_>>());
        for k in 0..o.len().max(n.len()) {
            out.push((tag, o.get(k).copied(), n.get(k).copied()));
        }
    }
    out
}

fn columns(t: &Table) -> usize {
    t.alignments.len().max(t.header.len())
}

fn kind(block: &Block) -> &'static str {
    match block {
        Block::Heading(_) => "heading",
        Block::Paragraph(_) => "paragraph",
        Block::List(l) if l.start.is_some() => "ordered",
        Block::List(_) => "bullets",
        Block::Table(_) => "table",
        Block::BlockQuote(_) => "quote",
        Block::CodeBlock { .. } => "code",
        Block::ThematicBreak => "rule",
        Block::PageBreak => "pagebreak",
        Block::Toc(_) => "toc",
        Block::Revised { .. } => "revised",
    }
}

/// What blocks are aligned by: their kind and the words they show.
fn signature(block: &Block) -> String {
    let mut s = kind(block).to_string();
    s.push('\u{E002}');
    if !matches!(block, Block::Toc(_)) {
        s.push_str(&blocks_text(std::slice::from_ref(block)));
    }
    s
}

fn row_text(row: &[Vec<Inline>]) -> String {
    let cells: Vec<String> = row.iter().map(|c| Inline::plain_text(c)).collect();
    cells.join("\u{E002}")
}

/// The words of blocks, for alignment and counting.
pub fn blocks_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(h) => out.push_str(&Inline::plain_text(&h.content)),
            Block::Paragraph(i) => out.push_str(&Inline::plain_text(i)),
            Block::List(l) => {
                for item in &l.items {
                    out.push_str(&blocks_text(item));
                    out.push('\n');
                }
            }
            Block::Table(t) => {
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    out.push_str(&row_text(row));
                    out.push('\n');
                }
            }
            Block::BlockQuote(b) | Block::Revised { blocks: b, .. } => {
                out.push_str(&blocks_text(b))
            }
            Block::CodeBlock { text, .. } => out.push_str(text),
            Block::ThematicBreak | Block::PageBreak | Block::Toc(_) => {}
        }
        out.push('\n');
    }
    out
}

fn count_words(inlines: &[Inline]) -> usize {
    Inline::plain_text(inlines).split_whitespace().count()
}

/// The number of words blocks show.
pub fn word_count(blocks: &[Block]) -> usize {
    blocks_text(blocks).split_whitespace().count()
}

/// Blocks with every change accepted (`new`) or rejected.
pub fn select(blocks: &[Block], new: bool) -> Vec<Block> {
    let pick = |i: &[Inline]| {
        if new {
            words::accepted(i)
        } else {
            words::rejected(i)
        }
    };
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Revised { revision, blocks } => {
                if revision.is_new() == new {
                    out.extend(select(blocks, new));
                }
            }
            Block::Heading(h) => out.push(Block::Heading(Heading {
                content: pick(&h.content),
                ..h.clone()
            })),
            Block::Paragraph(i) => out.push(Block::Paragraph(pick(i))),
            Block::List(l) => out.push(Block::List(List {
                start: l.start,
                items: l
                    .items
                    .iter()
                    .map(|item| select(item, new))
                    .filter(|item| !item.is_empty())
                    .collect(),
            })),
            Block::Table(t) => out.push(Block::Table(Table {
                alignments: t.alignments.clone(),
                header: t.header.iter().map(|c| pick(c)).collect(),
                rows: t
                    .rows
                    .iter()
                    .filter(|row| row_kept(row, new))
                    .map(|row| row.iter().map(|c| pick(c)).collect())
                    .collect(),
                kind: t.kind,
            })),
            Block::BlockQuote(b) => out.push(Block::BlockQuote(select(b, new))),
            other => out.push(other.clone()),
        }
    }
    out
}

/// Whether a row survives accepting (`new`) or rejecting every change: a row whose
/// every cell is one change of the other side goes.
fn row_kept(row: &[Vec<Inline>], new: bool) -> bool {
    let mut whole = None;
    for cell in row {
        match cell.as_slice() {
            [] => {}
            [Inline::Revised { revision, .. }] if whole.is_none_or(|w| w == *revision) => {
                whole = Some(*revision)
            }
            _ => return true,
        }
    }
    whole.is_none_or(|r| r.is_new() == new)
}
