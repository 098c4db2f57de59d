//! Block flow: blocks become chunks (unbreakable slices with keep-with-next), the
//! unit the paginator places.

use super::figure;
use super::linebreak::{Line, LineAlign, trim_line_start};
use super::prepare::{Prepared, Style};
use super::structure::{Role, Structure};
use super::{
    BLACK, BODY_SIZE, CODE_FILL, CODE_PAD, CODE_SIZE, EPSILON, Geometry, ITEM_SPACE, Item, LEADING,
    LIST_INDENT, MUTED, OutlineEntry, PARA_SPACE, QUOTE_BAR, QUOTE_INDENT, TextRun,
    baseline_offset, heading_size, heading_space,
};
use crate::doc::{Block, Footnote, Heading, Inline, Labels, List, Meta};
use crate::writers::pdf::fonts::Family;
use crate::writers::pdf::fonts::{FontId, FontSet};

// ---------------------------------------------------------------------------------
// Chunks and the block builder.

/// A page number to fill in once pagination is known (table of contents).
#[derive(Debug, Clone)]
pub(super) struct PageRef {
    pub(super) anchor: String,
    pub(super) x_right: f32,
    pub(super) y: f32,
    pub(super) font: FontId,
    pub(super) size: f32,
    pub(super) tag: super::Tag,
}

/// An unbreakable vertical slice of content; item `y`s are relative to its top.
#[derive(Debug, Clone, Default)]
pub(super) struct Chunk {
    pub(super) height: f32,
    pub(super) space_before: f32,
    pub(super) keep_with_next: bool,
    pub(super) force_break: bool,
    pub(super) items: Vec<Item>,
    pub(super) page_refs: Vec<PageRef>,
    pub(super) anchors: Vec<String>,
    /// Index into the table headers to repeat when this chunk starts a page.
    pub(super) table_header: Option<usize>,
    /// Baseline of the first line, for list markers.
    pub(super) first_baseline: Option<f32>,
}

/// Moves an item `dy` points down the page.
pub(super) fn shift_down(item: &mut Item, dy: f32) {
    match item {
        Item::Text(t) => t.y += dy,
        Item::Rect { y, .. } | Item::Link { y, .. } => *y += dy,
        Item::Line { y1, y2, .. } => {
            *y1 += dy;
            *y2 += dy;
        }
        Item::Image { y, .. } => *y += dy,
        Item::NoteRef(_) => {}
    }
}

pub(super) struct Builder<'a> {
    pub(super) fonts: &'a FontSet,
    pub(super) geometry: Geometry,
    pub(super) chunks: Vec<Chunk>,
    pub(super) headers: Vec<Chunk>,
    pub(super) outline: Vec<OutlineEntry>,
    /// Where we are, for error messages.
    pub(super) section: String,
    /// Heading printed above the table of contents.
    pub(super) contents_title: &'a str,
    /// How list items are labelled (the document's label scheme).
    pub(super) labels: &'a Labels,
    pub(super) pending_break: bool,
    pub(super) unnamed_headings: usize,
    pub(super) list_depth: usize,
    /// Minimum space above the next chunk (set after a table).
    pub(super) space_next: f32,
    /// The structure tree so far; its current element tags what is laid out.
    pub(super) structure: Structure,
    /// Size of body text: footnotes are laid out smaller.
    pub(super) text_size: f32,
    /// The footnotes referred to so far, in order (see [`Item::NoteRef`]).
    pub(super) notes: std::cell::RefCell<Vec<Footnote>>,
    /// Whether a footnote's own text is laid out now.
    pub(super) in_note: bool,
    /// The character no face could draw, when layout failed for want of one.
    pub(super) missing: std::cell::Cell<Option<char>>,
    /// The images drawn so far, each file once.
    pub(super) images: Vec<crate::doc::Image>,
    /// The theme's colours, or the house colours.
    pub(super) palette: super::Palette,
}

impl<'a> Builder<'a> {
    pub(super) fn new(fonts: &'a FontSet, geometry: Geometry, meta: &'a Meta) -> Self {
        Builder {
            fonts,
            geometry,
            chunks: Vec::new(),
            headers: Vec::new(),
            outline: Vec::new(),
            section: "the beginning of the document".into(),
            contents_title: &meta.furniture.contents,
            labels: &meta.labels,
            pending_break: false,
            unnamed_headings: 0,
            list_depth: 0,
            space_next: 0.0,
            structure: Structure::default(),
            text_size: BODY_SIZE,
            notes: Default::default(),
            in_note: false,
            missing: Default::default(),
            images: Vec::new(),
            palette: super::Palette::new(&meta.style.colours),
        }
    }

    pub(super) fn push(&mut self, mut chunk: Chunk) {
        if self.pending_break {
            chunk.force_break = true;
            self.pending_break = false;
        }
        chunk.space_before = chunk.space_before.max(std::mem::take(&mut self.space_next));
        self.chunks.push(chunk);
    }

    /// A body paragraph: text size, justified, paragraph spacing.
    pub(super) fn body_paragraph(
        &mut self,
        inlines: &[Inline],
        x: f32,
        width: f32,
    ) -> Result<(), String> {
        self.paragraph(
            inlines,
            x,
            width,
            self.text_size,
            Style::default(),
            LineAlign::Justify,
            PARA_SPACE,
        )
    }

    /// A paragraph: one chunk per line, with widow and orphan control.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn paragraph(
        &mut self,
        inlines: &[Inline],
        x: f32,
        width: f32,
        size: f32,
        style: Style,
        align: LineAlign,
        space_before: f32,
    ) -> Result<(), String> {
        let p = self.prepare(inlines, style, size)?;
        let mut lines = p.break_lines(self.fonts, size, width, width);
        if let Some(first) = lines.first_mut() {
            trim_line_start(&p, first, self.fonts, size);
        }
        let lh = size * LEADING;
        let base = baseline_offset(size, lh);
        let n = lines.len();
        if n == 1 && lines[0].frags.is_empty() {
            return Ok(());
        }
        self.structure.open(Role::P);
        for (i, line) in lines.iter().enumerate() {
            // One text item per fragment, as a rule: no reallocation while drawing.
            let mut items = Vec::with_capacity(line.frags.len());
            self.emit_line(&p, line, x, width, base, size, align, &mut items);
            self.push(Chunk {
                height: lh,
                space_before: if i == 0 { space_before } else { 0.0 },
                keep_with_next: n >= 2 && (i == 0 || i == n - 2),
                items,
                first_baseline: Some(base),
                ..Chunk::default()
            });
        }
        self.structure.close();
        Ok(())
    }

    // ----- blocks -----

    pub(super) fn title_block(&mut self, meta: &Meta) -> Result<(), String> {
        if meta.title.trim().is_empty() {
            return Ok(());
        }
        self.section = "the document title".into();
        let x = self.geometry.margin_left;
        let w = self.geometry.frame_width();
        let bold = Style {
            bold: true,
            heading: true,
            color: self.palette.headings,
            ..Style::default()
        };
        if let Some(logo) = &meta.style.logo {
            self.figure(logo, x, w)?;
        }
        let title = [Inline::Text(meta.title.clone())];
        self.structure.open(Role::Heading(1));
        self.heading_lines(&title, x, w, 20.0, bold, 0.0, None)?;
        self.structure.close();
        if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            let muted = Style {
                color: Some(MUTED),
                heading: true,
                ..Style::default()
            };
            self.structure.open(Role::P);
            self.heading_lines(
                &[Inline::Text(sub.to_string())],
                x,
                w,
                13.0,
                muted,
                4.0,
                None,
            )?;
            self.structure.close();
        }
        if let Some(reference) = meta.reference.as_deref().filter(|s| !s.trim().is_empty()) {
            let inl = [Inline::Text(format!(
                "{}: {reference}",
                meta.furniture.reference
            ))];
            self.structure.open(Role::P);
            self.heading_lines(&inl, x, w, 10.0, Style::default(), 6.0, None)?;
            self.structure.close();
        }
        let mut rule = Chunk {
            height: 14.0,
            space_before: 2.0,
            ..Chunk::default()
        };
        rule.items.push(Item::Line {
            x1: x,
            y1: 7.0,
            x2: x + w,
            y2: 7.0,
            width: 1.0,
            color: self.palette.rules,
        });
        self.push(rule);
        self.section = "the beginning of the document".into();
        Ok(())
    }

    /// Lines set as one unbreakable chunk (titles, headings), optionally with a
    /// hanging label (the section number) at `x`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn heading_lines(
        &mut self,
        inlines: &[Inline],
        x: f32,
        width: f32,
        size: f32,
        style: Style,
        space_before: f32,
        label: Option<&str>,
    ) -> Result<Chunk, String> {
        let lh = size * 1.25;
        let base = baseline_offset(size, lh);
        let mut items = Vec::new();
        let mut hang = 0.0;
        if let Some(label) = label {
            let lp = self.prepare(&[Inline::Text(label.to_string())], style.clone(), size)?;
            let lw = lp.width(self.fonts, 0, lp.text.len(), size);
            hang = (lw + size * 0.7).min(width / 3.0);
            for line in lp.break_lines(self.fonts, size, f32::INFINITY, f32::INFINITY) {
                self.emit_line(&lp, &line, x, hang, base, size, LineAlign::Left, &mut items);
            }
        }
        let p = self.prepare(inlines, style, size)?;
        let lines = p.break_lines(self.fonts, size, width - hang, width - hang);
        for (i, line) in lines.iter().enumerate() {
            let y = base + i as f32 * lh;
            self.emit_line(
                &p,
                line,
                x + hang,
                width - hang,
                y,
                size,
                LineAlign::Left,
                &mut items,
            );
        }
        let chunk = Chunk {
            height: lh * lines.len().max(1) as f32,
            space_before,
            keep_with_next: true,
            items,
            first_baseline: Some(base),
            ..Chunk::default()
        };
        self.push(chunk.clone());
        Ok(chunk)
    }

    pub(super) fn heading(&mut self, h: &Heading, x: f32, width: f32) -> Result<(), String> {
        self.section = match &h.number {
            Some(n) => format!("section {n} \"{}\"", Inline::plain_text(&h.content)),
            None => format!("the section \"{}\"", Inline::plain_text(&h.content)),
        };
        let size = heading_size(h.level);
        let style = Style {
            bold: true,
            italic: h.level >= 4,
            heading: true,
            color: self.palette.headings,
            ..Style::default()
        };
        let anchor = match &h.anchor {
            Some(a) => a.clone(),
            None => {
                self.unnamed_headings += 1;
                format!("\u{0}heading-{}", self.unnamed_headings)
            }
        };
        self.structure.open(Role::Heading(h.level));
        self.heading_lines(
            &h.content,
            x,
            width,
            size,
            style,
            heading_space(h.level),
            h.number.as_deref(),
        )?;
        self.structure.close();
        if let Some(last) = self.chunks.last_mut() {
            last.height += 2.0;
            last.anchors.push(anchor.clone());
        }
        self.outline.push(OutlineEntry {
            level: h.level,
            title: h.numbered_title(),
            anchor,
        });
        Ok(())
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], x: f32, width: f32) -> Result<(), String> {
        for block in blocks {
            self.block(block, x, width)?;
        }
        Ok(())
    }

    pub(super) fn block(&mut self, block: &Block, x: f32, width: f32) -> Result<(), String> {
        match block {
            Block::Heading(h) => self.heading(h, x, width),
            Block::Paragraph(inlines) if figure::has_image(inlines) => {
                self.paragraph_with_images(inlines, x, width)
            }
            Block::Paragraph(inlines) => self.body_paragraph(inlines, x, width),
            Block::List(list) => self.list(list, x, width),
            Block::Table(table) => self.table(table, x, width),
            Block::BlockQuote(children) => self.quote(children, x, width),
            Block::CodeBlock { text, .. } => self.code(text, x, width),
            Block::ThematicBreak => {
                let mut chunk = Chunk {
                    height: 12.0,
                    space_before: PARA_SPACE,
                    ..Chunk::default()
                };
                chunk.items.push(Item::Line {
                    x1: x,
                    y1: 6.0,
                    x2: x + width,
                    y2: 6.0,
                    width: 0.6,
                    color: self.palette.rules,
                });
                self.push(chunk);
                Ok(())
            }
            Block::PageBreak => {
                if !self.chunks.is_empty() {
                    self.pending_break = true;
                }
                Ok(())
            }
            Block::Toc(entries) => self.toc(entries, x, width),
            Block::Revised { revision, blocks } => {
                self.blocks(&Block::mark_inlines(blocks, *revision), x, width)
            }
        }
    }

    pub(super) fn list(&mut self, list: &List, x: f32, width: f32) -> Result<(), String> {
        let size = self.text_size;
        let regular = self.fonts.get(FontId::REGULAR);
        let markers: Vec<String> = (0..list.items.len())
            .map(|i| {
                let number = list.start.unwrap_or(1).saturating_add(i as u64);
                self.labels
                    .list_item(self.list_depth, list.start.is_some(), number)
            })
            .collect();
        let widest = markers
            .iter()
            .map(|m| regular.width(m, size))
            .fold(0.0f32, f32::max);
        let indent = (widest + 7.0).max(LIST_INDENT).min(width / 3.0);
        self.structure.open(Role::L);
        for (index, (item, marker)) in list.items.iter().zip(&markers).enumerate() {
            let first = self.chunks.len();
            let pending = self.pending_break;
            self.structure.open(Role::LI);
            let label = self.structure.child(Role::Lbl);
            self.structure.open(Role::LBody);
            self.list_depth += 1;
            let laid = self.blocks(item, x + indent, width - indent);
            self.list_depth -= 1;
            laid?;
            self.structure.close();
            self.structure.close();
            if first == self.chunks.len() {
                // An empty item still shows its marker.
                self.pending_break = pending;
                self.push(Chunk {
                    height: size * LEADING,
                    first_baseline: Some(baseline_offset(size, size * LEADING)),
                    ..Chunk::default()
                });
            }
            let chunk = &mut self.chunks[first];
            // A list is set off from the paragraph before it; its items sit closer.
            chunk.space_before = if index == 0 && self.list_depth == 0 {
                chunk.space_before.max(PARA_SPACE)
            } else {
                ITEM_SPACE
            };
            let baseline = chunk.first_baseline.unwrap_or(size);
            let mw = regular.width(marker, size);
            // First on the page, so the label is read before the body.
            chunk.items.insert(
                0,
                Item::Text(TextRun {
                    x: x + indent - 5.0 - mw,
                    y: baseline,
                    font: FontId::REGULAR,
                    size,
                    text: marker.clone(),
                    glyphs: Vec::new(),
                    rtl: false,
                    space_extra: 0.0,
                    color: BLACK,
                    tag: super::Tag::Element(label),
                }),
            );
        }
        self.structure.close();
        Ok(())
    }

    pub(super) fn quote(&mut self, children: &[Block], x: f32, width: f32) -> Result<(), String> {
        let first = self.chunks.len();
        self.structure.open(Role::BlockQuote);
        self.blocks(children, x + QUOTE_INDENT, width - QUOTE_INDENT)?;
        self.structure.close();
        for (i, chunk) in self.chunks[first..].iter_mut().enumerate() {
            let top = if i == 0 { 0.0 } else { -chunk.space_before };
            chunk.items.insert(
                0,
                Item::Rect {
                    x: x + 3.0,
                    y: top,
                    w: 2.0,
                    h: chunk.height - top,
                    fill: QUOTE_BAR,
                },
            );
        }
        Ok(())
    }

    pub(super) fn code(&mut self, text: &str, x: f32, width: f32) -> Result<(), String> {
        let size = CODE_SIZE;
        let lh = size * 1.3;
        let base = baseline_offset(size, lh);
        let inner = width - 2.0 * CODE_PAD;
        let mut preps: Vec<Prepared> = Vec::new();
        let mut lines: Vec<(usize, Line)> = Vec::new();
        for source_line in text.trim_end_matches('\n').split('\n') {
            let expanded = source_line.replace('\t', "    ");
            let mut p = Prepared::default();
            let mono = self.fonts.styled(Family::Monospace, false, false);
            self.push_text(&mut p, &expanded, mono, &Style::default())?;
            p.bidi_and_shape(self.fonts);
            // Break only between characters: code keeps its spaces.
            let mut line = Line::default();
            for (pos, c) in p.text.char_indices() {
                let next = pos + c.len_utf8();
                let cw = p.width(self.fonts, pos, next, size);
                if !line.frags.is_empty() && line.width + cw > inner + EPSILON {
                    lines.push((preps.len(), std::mem::take(&mut line)));
                }
                let from = p.first_run(pos);
                p.append(&mut line, self.fonts, from, (pos, next), size, Some(cw));
            }
            lines.push((preps.len(), line));
            preps.push(p);
        }
        let n = lines.len();
        self.structure.open(Role::P);
        for (i, (p, line)) in lines.iter().enumerate() {
            let p = &preps[*p];
            let top_pad = if i == 0 { CODE_PAD } else { 0.0 };
            let bottom_pad = if i + 1 == n { CODE_PAD } else { 0.0 };
            let h = lh + top_pad + bottom_pad;
            let mut items = vec![Item::Rect {
                x,
                y: 0.0,
                w: width,
                h,
                fill: CODE_FILL,
            }];
            self.emit_line(
                p,
                line,
                x + CODE_PAD,
                inner,
                top_pad + base,
                size,
                LineAlign::Left,
                &mut items,
            );
            self.push(Chunk {
                height: h,
                space_before: if i == 0 { PARA_SPACE } else { 0.0 },
                keep_with_next: n >= 2 && (i == 0 || i == n - 2),
                items,
                first_baseline: Some(top_pad + base),
                ..Chunk::default()
            });
        }
        self.structure.close();
        Ok(())
    }
}
