//! Tables: column widths from content, rows as chunks, header rows repeated on
//! continuation pages.

use super::flow::{Builder, Chunk};
use super::linebreak::{Line, LineAlign, trim_line_start};
use super::prepare::{Prepared, Style};
use super::structure::Role;
use super::{
    CELL_PAD_X, CELL_PAD_Y, Color, EPSILON, Item, PARA_SPACE, TABLE_LEADING, TABLE_RULE,
    TABLE_SIZE, Tag, baseline_offset,
};
use crate::doc::{Align, Inline, Table, TableKind};

impl Builder<'_> {
    pub(super) fn table(&mut self, table: &Table, x: f32, width: f32) -> Result<(), String> {
        let ncols = table
            .rows
            .iter()
            .map(Vec::len)
            .chain([table.alignments.len(), table.header.len()])
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return Ok(());
        }
        let size = TABLE_SIZE;
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        let empty: Vec<Inline> = Vec::new();
        let prepare_row =
            |b: &Self, cells: &[Vec<Inline>], style: &Style| -> Result<Vec<Prepared>, String> {
                (0..ncols)
                    .map(|c| b.prepare(cells.get(c).unwrap_or(&empty), style.clone(), size))
                    .collect()
            };
        let has_header = table
            .header
            .iter()
            .any(|cell| !Inline::plain_text(cell).trim().is_empty());
        let header = if has_header {
            Some(prepare_row(self, &table.header, &bold)?)
        } else {
            None
        };
        let rows = table
            .rows
            .iter()
            .map(|r| prepare_row(self, r, &Style::default()))
            .collect::<Result<Vec<_>, _>>()?;

        let widths = column_widths(header.iter().chain(rows.iter()), ncols, width);
        let aligns: Vec<LineAlign> = (0..ncols)
            .map(
                |c| match table.alignments.get(c).copied().unwrap_or_default() {
                    Align::Right => LineAlign::Right,
                    Align::Center => LineAlign::Center,
                    Align::Left | Align::None => LineAlign::Left,
                },
            )
            .collect();

        let geometry = TableGeometry {
            x,
            widths,
            aligns,
            size,
        };
        let mut header_height = 0.0;
        // A signature block reads party by party; its cells' tags are made up front.
        let first_chunk = self.chunks.len();
        let mut parties = Vec::new();
        let mut party_tags = match table.kind {
            TableKind::Data => {
                self.structure.open(Role::Table);
                None
            }
            TableKind::Signatures => {
                self.structure.open(Role::Div);
                let (divs, tags) = self.party_tags(header.iter().chain(&rows), ncols);
                parties = divs;
                Some(tags.into_iter())
            }
        };
        let header_index = match &header {
            Some(cells) => {
                let tags = match &mut party_tags {
                    Some(parties) => parties.next().unwrap_or_else(|| vec![Tag::Artifact; ncols]),
                    None => self.row_tags(ncols, Role::TH),
                };
                let mut chunks = self.row_chunks(
                    &geometry,
                    cells,
                    &tags,
                    Some(self.palette.table_header),
                    f32::INFINITY,
                );
                let mut chunk = chunks.remove(0);
                header_height = chunk.height;
                chunk.space_before = PARA_SPACE + 2.0;
                chunk.keep_with_next = true;
                self.headers.push(Chunk {
                    space_before: 0.0,
                    ..chunk.clone()
                });
                self.push(chunk);
                Some(self.headers.len() - 1)
            }
            None => None,
        };
        let max_row = self.geometry.frame_height() - header_height - 1.0;
        for (i, cells) in rows.iter().enumerate() {
            let tags = match &mut party_tags {
                Some(parties) => parties.next().unwrap_or_else(|| vec![Tag::Artifact; ncols]),
                None => self.row_tags(ncols, Role::TD),
            };
            for mut chunk in self.row_chunks(&geometry, cells, &tags, None, max_row) {
                chunk.table_header = header_index;
                if i == 0 && header_index.is_none() {
                    chunk.space_before = PARA_SPACE + 2.0;
                }
                self.push(chunk);
            }
        }
        if !parties.is_empty() {
            self.party_by_party(first_chunk, &parties);
        }
        self.structure.close();
        self.space_next = PARA_SPACE + 4.0;
        Ok(())
    }

    /// Joins the rows of a signature block (chunks from `first` on) into one chunk,
    /// so the block is signed on one page and its content runs party by party, as
    /// its structure reads: rules and shading first, then each party's text. A block
    /// taller than a page keeps its rows.
    fn party_by_party(&mut self, first: usize, parties: &[u32]) {
        let rows = &self.chunks[first..];
        let height: f32 = rows.iter().map(|c| c.height + c.space_before).sum::<f32>()
            - rows.first().map_or(0.0, |c| c.space_before);
        if rows.len() < 2 || height > self.geometry.frame_height() {
            return;
        }
        let mut rows = self.chunks.split_off(first);
        let mut joined = Chunk {
            items: Vec::new(),
            keep_with_next: false,
            table_header: None,
            ..rows[0].clone()
        };
        let mut y = 0.0;
        for (i, row) in rows.iter_mut().enumerate() {
            if i > 0 {
                y += row.space_before;
            }
            for mut item in row.items.drain(..) {
                super::flow::shift_down(&mut item, y);
                joined.items.push(item);
            }
            for mut r in row.page_refs.drain(..) {
                r.y += y;
                joined.page_refs.push(r);
            }
            joined.anchors.append(&mut row.anchors);
            y += row.height;
        }
        joined.height = y;
        let nodes = &self.structure.nodes;
        // 0 for what belongs to no party, else 1 + the party's column.
        let party = |item: &Item| {
            let tag = match item {
                Item::Text(t) => t.tag,
                Item::Link { tag, .. } | Item::Image { tag, .. } => *tag,
                _ => Tag::Artifact,
            };
            let Tag::Element(mut e) = tag else {
                return 0;
            };
            loop {
                if let Some(i) = parties.iter().position(|&p| p == e) {
                    return i + 1;
                }
                match nodes[e as usize].parent {
                    Some(p) => e = p,
                    None => return 0,
                }
            }
        };
        joined.items.sort_by_key(party);
        self.chunks.push(joined);
    }

    /// A `TR` element with `ncols` cells of type `cell`; their tags.
    fn row_tags(&mut self, ncols: usize, cell: Role) -> Vec<Tag> {
        self.structure.open(Role::TR);
        let tags = (0..ncols)
            .map(|_| Tag::Element(self.structure.child(cell)))
            .collect();
        self.structure.close();
        tags
    }

    /// The tags of a signature block's cells, row by row: a `Div` per party (column)
    /// holding a `P` per cell with text, in column order, so the block reads party by
    /// party ("For A", A's signature, name and title, then "For B"…) rather than
    /// across the parties row by row. Blank cells stay untagged. Also returns the
    /// parties' `Div`s.
    fn party_tags<'p>(
        &mut self,
        rows: impl Iterator<Item = &'p Vec<Prepared>> + Clone,
        ncols: usize,
    ) -> (Vec<u32>, Vec<Vec<Tag>>) {
        let mut tags: Vec<Vec<Tag>> = rows.clone().map(|_| vec![Tag::Artifact; ncols]).collect();
        let mut divs = Vec::with_capacity(ncols);
        for c in 0..ncols {
            divs.push(self.structure.open(Role::Div));
            for (tags, cells) in tags.iter_mut().zip(rows.clone()) {
                if cells.get(c).is_some_and(|p| !p.text.trim().is_empty()) {
                    tags[c] = Tag::Element(self.structure.child(Role::P));
                }
            }
            self.structure.close();
        }
        (divs, tags)
    }

    /// One table row as chunk(s): normally one; a row taller than `max_height` is
    /// split between lines into several pieces that each fit a page.
    pub(super) fn row_chunks(
        &mut self,
        g: &TableGeometry,
        cells: &[Prepared],
        tags: &[Tag],
        fill: Option<Color>,
        max_height: f32,
    ) -> Vec<Chunk> {
        let lh = g.size * TABLE_LEADING;
        let base = baseline_offset(g.size, lh);
        let cell_lines: Vec<Vec<Line>> = cells
            .iter()
            .zip(&g.widths)
            .map(|(p, w)| {
                let mut lines = p.break_lines(
                    self.fonts,
                    g.size,
                    w - 2.0 * CELL_PAD_X,
                    w - 2.0 * CELL_PAD_X,
                );
                if let Some(first) = lines.first_mut() {
                    trim_line_start(p, first, self.fonts, g.size);
                }
                lines
            })
            .collect();
        let total = cell_lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        // A row of labels awaiting a value ("Signature:", "Date:") leaves room to write.
        let form_row = fill.is_none()
            && total == 1
            && cells.iter().any(|p| !p.text.trim().is_empty())
            && cells
                .iter()
                .all(|p| p.text.trim().is_empty() || p.text.trim_end().ends_with(':'));
        let extra = if form_row { 2.0 * lh } else { 0.0 };
        let per_piece = (((max_height - 2.0 * CELL_PAD_Y) / lh).floor() as usize).max(1);
        let mut chunks = Vec::new();
        let mut from = 0;
        while from < total {
            let to = (from + per_piece).min(total);
            let height = (to - from) as f32 * lh + 2.0 * CELL_PAD_Y + extra;
            let mut items = Vec::new();
            let full_width: f32 = g.widths.iter().sum();
            if let Some(fill) = fill {
                items.push(Item::Rect {
                    x: g.x,
                    y: 0.0,
                    w: full_width,
                    h: height,
                    fill,
                });
            }
            let mut cx = g.x;
            for (c, lines) in cell_lines.iter().enumerate() {
                let w = g.widths[c];
                for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                    let y = CELL_PAD_Y + base + (k - from) as f32 * lh;
                    // The cell is the current element while its lines are set.
                    let outer = self.structure.current;
                    if let Tag::Element(cell) = tags[c] {
                        self.structure.current = cell;
                    }
                    self.emit_line(
                        &cells[c],
                        line,
                        cx + CELL_PAD_X,
                        w - 2.0 * CELL_PAD_X,
                        y,
                        g.size,
                        g.aligns[c],
                        &mut items,
                    );
                    self.structure.current = outer;
                }
                cx += w;
            }
            let rule = |x1, y1, x2, y2| Item::Line {
                x1,
                y1,
                x2,
                y2,
                width: 0.5,
                color: TABLE_RULE,
            };
            items.push(rule(g.x, 0.0, g.x + full_width, 0.0));
            items.push(rule(g.x, height, g.x + full_width, height));
            let mut vx = g.x;
            items.push(rule(vx, 0.0, vx, height));
            for w in &g.widths {
                vx += w;
                items.push(rule(vx, 0.0, vx, height));
            }
            chunks.push(Chunk {
                height,
                items,
                keep_with_next: to < total,
                first_baseline: Some(CELL_PAD_Y + base),
                ..Chunk::default()
            });
            from = to;
        }
        chunks
    }
}

pub(super) struct TableGeometry {
    pub(super) x: f32,
    pub(super) widths: Vec<f32>,
    pub(super) aligns: Vec<LineAlign>,
    pub(super) size: f32,
}

/// Column widths from content: each column gets at least its longest word (capped,
/// long words are broken) and shares the rest by natural width.
fn column_widths<'p>(
    rows: impl Iterator<Item = &'p Vec<Prepared>>,
    ncols: usize,
    width: f32,
) -> Vec<f32> {
    let mut col_min = vec![0.0f32; ncols];
    let mut col_max = vec![0.0f32; ncols];
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            let (min, max) = cell.min_max();
            col_min[c] = col_min[c].max(min + 2.0 * CELL_PAD_X);
            col_max[c] = col_max[c].max(max + 2.0 * CELL_PAD_X);
        }
    }
    let cap = (width / ncols as f32).max(48.0);
    for c in 0..ncols {
        col_min[c] = col_min[c].min(cap).max(2.0 * CELL_PAD_X + 6.0);
        col_max[c] = col_max[c].max(col_min[c]);
    }
    let sum_min: f32 = col_min.iter().sum();
    let sum_max: f32 = col_max.iter().sum();
    if sum_max <= width {
        col_max.iter().map(|w| w * width / sum_max).collect()
    } else if sum_min <= width {
        // Narrow columns (codes, units, amounts) get their natural width first so
        // they do not wrap; the wide ones share what is left by natural width.
        let mut w = col_min.clone();
        let narrow: Vec<bool> = col_max.iter().map(|m| *m <= width * 0.2).collect();
        let narrow_extra: f32 = (0..ncols)
            .filter(|&c| narrow[c])
            .map(|c| col_max[c] - col_min[c])
            .sum();
        if sum_min + narrow_extra <= width {
            for c in (0..ncols).filter(|&c| narrow[c]) {
                w[c] = col_max[c];
            }
        }
        let spare = width - w.iter().sum::<f32>();
        let wants: f32 = (0..ncols).map(|c| col_max[c] - w[c]).sum();
        for c in 0..ncols {
            w[c] += (col_max[c] - w[c]) * spare / wants.max(EPSILON);
        }
        w
    } else {
        col_min.iter().map(|w| w * width / sum_min).collect()
    }
}
