//! The table of contents: one chunk per entry with dot leaders and a page number
//! filled in after pagination.

use super::flow::{Builder, Chunk, PageRef};
use super::linebreak::LineAlign;
use super::pages::Paged;
use super::prepare::Style;
use super::structure::{Role, Tag};
use super::{
    BLACK, BODY_SIZE, Item, LEADING, LinkTarget, MUTED, PARA_SPACE, TextRun, baseline_offset,
    heading_size, heading_space,
};
use crate::doc::{Inline, TocEntry};
use crate::writers::pdf::fonts::{Family, FontId, FontSet};

impl Builder<'_> {
    /// The contents: its heading (the document's word for "Contents", as in DOCX),
    /// then the entries of levels 1–3.
    pub(super) fn toc(&mut self, entries: &[TocEntry], x: f32, width: f32) -> Result<(), String> {
        let entries: Vec<&TocEntry> = entries
            .iter()
            .filter(|e| (1..=3).contains(&e.level))
            .collect();
        if entries.is_empty() {
            return Ok(());
        }
        let bold = Style {
            bold: true,
            heading: true,
            ..Style::default()
        };
        let title = [Inline::Text(self.contents_title.to_string())];
        let size = heading_size(1);
        self.structure.open(Role::Heading(1));
        self.heading_lines(&title, x, width, size, bold, heading_space(1), None)?;
        self.structure.close();
        self.structure.open(Role::TOC);
        let size = BODY_SIZE;
        let lh = size * LEADING;
        let base = baseline_offset(size, lh);
        let number_col = 28.0;
        let page_col = 30.0;
        let regular = self.fonts.get(FontId::REGULAR);
        let dot_w = regular.width(".", size) * 2.0;
        for (index, e) in entries.iter().enumerate() {
            let indent = f32::from(e.level.saturating_sub(1).min(4)) * 16.0;
            let style = Style {
                bold: e.level <= 1,
                ..Style::default()
            };
            let font = self.fonts.styled(Family::Body, style.bold, false);
            // The whole entry is one link: TOCI → Link → the number, title and page.
            self.structure.open(Role::TOCI);
            let tag = Tag::Element(self.structure.open(Role::Link));
            let mut items = Vec::new();
            let mut hang = 0.0;
            if let Some(number) = &e.number {
                let np = self.prepare(&[Inline::Text(number.clone())], style.clone(), size)?;
                let nw = np.width(self.fonts, 0, np.text.len(), size);
                hang = (nw + 8.0).max(number_col);
                for line in np.break_lines(self.fonts, size, f32::INFINITY, f32::INFINITY) {
                    self.emit_line(
                        &np,
                        &line,
                        x + indent,
                        hang,
                        base,
                        size,
                        LineAlign::Left,
                        &mut items,
                    );
                }
            }
            let text_x = x + indent + hang;
            let text_w = (width - indent - hang - page_col).max(40.0);
            let p = self.prepare(&[Inline::Text(e.title.clone())], style, size)?;
            let lines = p.break_lines(self.fonts, size, text_w, text_w);
            for (i, line) in lines.iter().enumerate() {
                self.emit_line(
                    &p,
                    line,
                    text_x,
                    text_w,
                    base + i as f32 * lh,
                    size,
                    LineAlign::Left,
                    &mut items,
                );
            }
            let last_y = base + (lines.len().max(1) - 1) as f32 * lh;
            let end_x = text_x + lines.last().map_or(0.0, |l| l.width) + 4.0;
            let leader_end = x + width - page_col + 4.0;
            // Dots sit on a grid shared by every entry, so the leaders line up.
            let start = x + ((end_x - x) / dot_w).ceil() * dot_w;
            let dots = ((leader_end - start) / dot_w).floor();
            if dots >= 2.0 {
                items.push(Item::Text(TextRun {
                    x: start,
                    y: last_y,
                    font: FontId::REGULAR,
                    size,
                    text: ". ".repeat(dots as usize).trim_end().to_string(),
                    glyphs: Vec::new(),
                    rtl: false,
                    space_extra: 0.0,
                    color: MUTED,
                    // Leader dots are decoration, not text to read.
                    tag: Tag::Artifact,
                }));
            }
            let height = lh * lines.len().max(1) as f32;
            items.push(Item::Link {
                x: x + indent,
                y: 0.0,
                w: width - indent,
                h: height,
                target: LinkTarget::Anchor(e.anchor.clone()),
                tag,
            });
            self.push(Chunk {
                height,
                space_before: if index == 0 {
                    PARA_SPACE
                } else if e.level <= 1 {
                    3.0
                } else {
                    0.0
                },
                items,
                page_refs: vec![PageRef {
                    anchor: e.anchor.clone(),
                    x_right: x + width,
                    y: last_y,
                    font,
                    size,
                    tag,
                }],
                first_baseline: Some(base),
                ..Chunk::default()
            });
            self.structure.close();
            self.structure.close();
        }
        self.structure.close();
        Ok(())
    }
}

/// Writes the page number of each contents entry's heading, right-aligned.
pub(super) fn fill_page_numbers(paged: &mut Paged, fonts: &FontSet) {
    for (page, r) in std::mem::take(&mut paged.page_refs) {
        if let Some(dest) = paged.destinations.get(&r.anchor) {
            let text = (dest.page + 1).to_string();
            let w = fonts.get(r.font).width(&text, r.size);
            // Drawn right after the entry's own items, so it is read with the entry.
            let items = &mut paged.pages[page].items;
            let at = items
                .iter()
                .rposition(|i| matches!(i, Item::Link { tag, .. } if *tag == r.tag))
                .map_or(items.len(), |i| i + 1);
            items.insert(
                at,
                Item::Text(TextRun {
                    x: r.x_right - w,
                    y: r.y,
                    font: r.font,
                    size: r.size,
                    text,
                    glyphs: Vec::new(),
                    rtl: false,
                    space_extra: 0.0,
                    color: BLACK,
                    tag: r.tag,
                }),
            );
        }
    }
}
