//! The layout engine: breaks a resolved [`Document`] into lines and pages of
//! positioned text runs, rules, shaded boxes and link areas.
//!
//! It knows fonts only through their metrics ([`FontSet`]) and nothing about PDF
//! syntax. Coordinates are points with the origin at the top-left corner of the page
//! and `y` growing downwards; text runs are positioned by their baseline.
//!
//! Blocks become *chunks*: unbreakable slices (a line of a paragraph, a heading, a
//! table row) with the space above them and a keep-with-next flag. Widow/orphan
//! control, headings kept with what follows and table headers kept with their first
//! row are all expressed with that flag; the paginator then fills pages with chunks,
//! repeats table header rows on continuation pages, and adds the page furniture.

use super::fonts::{FontId, FontSet};
use crate::doc::{Align, Block, Document, Heading, Inline, List, Meta, Paper, Table, TocEntry};
use std::collections::BTreeMap;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// An RGB colour, components 0–1.
pub type Color = [f32; 3];

/// Body text colour.
pub const BLACK: Color = [0.0, 0.0, 0.0];
const MUTED: Color = [0.35, 0.35, 0.35];
const LINK_BLUE: Color = [0.05, 0.25, 0.6];
const RULE: Color = [0.55, 0.55, 0.55];
const TABLE_RULE: Color = [0.45, 0.45, 0.45];
const HEADER_FILL: Color = [0.87, 0.89, 0.92];
const CODE_FILL: Color = [0.95, 0.95, 0.95];
const QUOTE_BAR: Color = [0.7, 0.7, 0.7];
/// Redlines: inserted words, deleted words, and the change bar in the left margin.
const INSERTED: Color = [0.0, 0.35, 0.7];
const DELETED: Color = [0.75, 0.1, 0.1];
const CHANGE_BAR: Color = [0.75, 0.1, 0.1];

const BODY_SIZE: f32 = 10.5;
const LEADING: f32 = 1.38;
const PARA_SPACE: f32 = 6.0;
const ITEM_SPACE: f32 = 3.0;
const TABLE_SIZE: f32 = 9.5;
const TABLE_LEADING: f32 = 1.28;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
const CODE_SIZE: f32 = 9.0;
const CODE_PAD: f32 = 4.0;
const FURNITURE_SIZE: f32 = 8.5;
const QUOTE_INDENT: f32 = 16.0;
const LIST_INDENT: f32 = 18.0;
const EPSILON: f32 = 0.01;

/// Page size and margins in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left margin.
    pub margin_left: f32,
    /// Right margin.
    pub margin_right: f32,
    /// Top margin (the running header sits above it).
    pub margin_top: f32,
    /// Bottom margin (the footer sits below it).
    pub margin_bottom: f32,
}

impl Geometry {
    /// The page set-up for `paper`: 25 mm top and bottom, 22 mm at the sides.
    pub fn for_paper(paper: Paper) -> Geometry {
        let mm = 72.0 / 25.4;
        let (w, h) = paper.size_mm();
        Geometry {
            width: w * mm,
            height: h * mm,
            margin_left: 22.0 * mm,
            margin_right: 22.0 * mm,
            margin_top: 25.0 * mm,
            margin_bottom: 25.0 * mm,
        }
    }

    /// Width of the text frame.
    pub fn frame_width(&self) -> f32 {
        self.width - self.margin_left - self.margin_right
    }

    /// Height of the text frame.
    pub fn frame_height(&self) -> f32 {
        self.height - self.margin_top - self.margin_bottom
    }

    fn frame_bottom(&self) -> f32 {
        self.height - self.margin_bottom
    }
}

/// A run of text in one font, drawn from its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Left edge.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Face.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// The characters, drawn in order.
    pub text: String,
    /// Extra width added after every U+0020 space (justification).
    pub space_extra: f32,
    /// Fill colour.
    pub color: Color,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// An external URL.
    Uri(String),
    /// A heading anchor inside the document.
    Anchor(String),
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text.
    Text(TextRun),
    /// A filled rectangle (top-left corner, size).
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Color,
    },
    /// A straight rule.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width.
        width: f32,
        /// Stroke colour.
        color: Color,
    },
    /// A clickable area (top-left corner, size).
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Destination.
        target: LinkTarget,
    },
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Everything drawn on the page, in painting order.
    pub items: Vec<Item>,
}

impl Page {
    /// The text runs of the page, in order (handy for tests).
    pub fn texts(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }
}

/// Where an anchor landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Destination {
    /// Page index (0-based).
    pub page: usize,
    /// Top of the target, from the top of the page.
    pub y: f32,
}

/// A heading for the document outline (bookmarks).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Heading level (1 = top).
    pub level: u8,
    /// Title with its number, e.g. "12.2 Cap on liability".
    pub title: String,
    /// Key into [`Layout::destinations`].
    pub anchor: String,
}

/// The result of layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Page size and margins.
    pub geometry: Geometry,
    /// The pages in order.
    pub pages: Vec<Page>,
    /// Position of every anchor.
    pub destinations: BTreeMap<String, Destination>,
    /// Headings in document order.
    pub outline: Vec<OutlineEntry>,
}

/// Lays out `doc` on pages of the paper size its metadata asks for.
///
/// Fails with a message naming the character and where it occurs if a character
/// cannot be drawn by any embedded font.
pub fn layout(doc: &Document, fonts: &FontSet) -> Result<Layout, String> {
    let geometry = Geometry::for_paper(doc.meta.paper);
    let mut b = Builder::new(fonts, geometry);
    // The running header repeats the title and reference: check them up front.
    for (what, text) in [
        ("title", Some(doc.meta.title.as_str())),
        ("reference", doc.meta.reference.as_deref()),
    ] {
        if let Some(c) = text.and_then(|t| t.chars().find(|&c| !fonts.get(FontId::Regular).has(c)))
        {
            return Err(format!(
                "the character {c:?} (U+{:04X}) cannot be drawn with the embedded fonts; \
                 it occurs in the document {what} \"{}\"",
                c as u32,
                snippet(text.unwrap_or_default())
            ));
        }
    }
    b.title_block(&doc.meta)?;
    b.blocks(&doc.blocks, geometry.margin_left, geometry.frame_width())?;
    let Builder {
        chunks,
        headers,
        outline,
        ..
    } = b;
    let mut paged = paginate(chunks, &headers, &geometry);
    let total = paged.pages.len();
    for (index, page) in paged.pages.iter_mut().enumerate() {
        furniture(page, index, total, &doc.meta, fonts, &geometry);
    }
    for (page, r) in paged.page_refs {
        if let Some(dest) = paged.destinations.get(&r.anchor) {
            let text = (dest.page + 1).to_string();
            let w = fonts.get(r.font).width(&text, r.size);
            paged.pages[page].items.push(Item::Text(TextRun {
                x: r.x_right - w,
                y: r.y,
                font: r.font,
                size: r.size,
                text,
                space_extra: 0.0,
                color: BLACK,
            }));
        }
    }
    Ok(Layout {
        geometry,
        pages: paged.pages,
        destinations: paged.destinations,
        outline,
    })
}

// ---------------------------------------------------------------------------------
// Inline text: styled runs, break opportunities, lines.

/// A styled stretch of a paragraph's text (a byte range of [`Prepared::text`]).
#[derive(Debug, Clone)]
struct Run {
    start: usize,
    end: usize,
    font: FontId,
    color: Color,
    strike: bool,
    /// Underlined (inserted words of a redline).
    underline: bool,
    /// Part of a redline change: the line gets a change bar.
    revised: bool,
    link: Option<LinkTarget>,
    /// Size relative to the paragraph's (code spans are set a little smaller).
    scale: f32,
}

/// Relative size of inline code: monospace looks large beside proportional text.
const CODE_SPAN_SCALE: f32 = 0.9;

/// A paragraph's text flattened into one string with styled runs and its break
/// opportunities.
#[derive(Debug, Default)]
struct Prepared {
    text: String,
    runs: Vec<Run>,
    segments: Vec<Segment>,
}

/// Text between two break opportunities: the content, then trailing white space.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    content_end: usize,
    end: usize,
    content_width: f32,
    glue_width: f32,
    mandatory: bool,
}

/// A piece of a line in one run.
#[derive(Debug, Clone)]
struct Frag {
    run: usize,
    start: usize,
    end: usize,
    width: f32,
    spaces: usize,
}

/// One broken line.
#[derive(Debug, Clone, Default)]
struct Line {
    frags: Vec<Frag>,
    width: f32,
    spaces: usize,
    /// Ends a paragraph or a hard break: never justified.
    last: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineAlign {
    Left,
    Right,
    Center,
    Justify,
}

#[derive(Debug, Clone, Default)]
struct Style {
    bold: bool,
    italic: bool,
    strike: bool,
    underline: bool,
    revised: bool,
    link: Option<LinkTarget>,
    color: Option<Color>,
}

impl Prepared {
    fn width(&self, fonts: &FontSet, start: usize, end: usize, size: f32) -> f32 {
        let mut w = 0.0;
        for run in &self.runs {
            let a = run.start.max(start);
            let b = run.end.min(end);
            if a < b {
                w += fonts
                    .get(run.font)
                    .width(&self.text[a..b], size * run.scale);
            }
        }
        w
    }

    /// Splits the text at its Unicode line-break opportunities.
    fn segment(&mut self, fonts: &FontSet, size: f32) {
        let mut prev = 0;
        let mut segments = Vec::new();
        for (end, opportunity) in linebreaks(&self.text) {
            let piece = &self.text[prev..end];
            let trimmed = piece.trim_end_matches([' ', '\n']);
            let content_end = prev + trimmed.len();
            segments.push(Segment {
                start: prev,
                content_end,
                end,
                content_width: self.width(fonts, prev, content_end, size),
                glue_width: self.width(fonts, content_end, end, size),
                mandatory: opportunity == BreakOpportunity::Mandatory,
            });
            prev = end;
        }
        self.segments = segments;
    }

    /// Width of the widest unbreakable piece and of the text set on one line per
    /// hard break.
    fn min_max(&self) -> (f32, f32) {
        let mut min = 0.0f32;
        let mut max = 0.0f32;
        let mut line = 0.0f32;
        let mut glue = 0.0f32;
        for s in &self.segments {
            min = min.max(s.content_width);
            if line > 0.0 {
                line += glue;
            }
            line += s.content_width;
            glue = s.glue_width;
            if s.mandatory {
                max = max.max(line);
                line = 0.0;
                glue = 0.0;
            }
        }
        (min, max.max(line))
    }

    /// Greedy line breaking: as many segments per line as fit; a segment wider than
    /// a whole line is broken between characters.
    fn break_lines(&self, fonts: &FontSet, size: f32, first: f32, rest: f32) -> Vec<Line> {
        let mut lines: Vec<Line> = Vec::new();
        let mut line = Line::default();
        let mut pending_glue: Option<(usize, usize)> = None;
        let avail = |lines: &Vec<Line>| if lines.is_empty() { first } else { rest };
        for seg in &self.segments {
            let glue_w = match pending_glue {
                Some((a, b)) if !line.frags.is_empty() => self.width(fonts, a, b, size),
                _ => 0.0,
            };
            if !line.frags.is_empty()
                && line.width + glue_w + seg.content_width > avail(&lines) + EPSILON
            {
                lines.push(std::mem::take(&mut line));
                pending_glue = None;
            }
            if line.frags.is_empty() && seg.content_width > avail(&lines) + EPSILON {
                // Too long for any line (a URL, a long number): break anywhere.
                let mut at = seg.start;
                for (offset, c) in self.text[seg.start..seg.content_end].char_indices() {
                    let pos = seg.start + offset;
                    let next = pos + c.len_utf8();
                    let cw = self.width(fonts, pos, next, size);
                    if !line.frags.is_empty() && line.width + cw > avail(&lines) + EPSILON {
                        lines.push(std::mem::take(&mut line));
                    }
                    self.append(&mut line, fonts, pos, next, size);
                    at = next;
                }
                debug_assert_eq!(at, seg.content_end);
            } else {
                if let Some((a, b)) = pending_glue.take()
                    && !line.frags.is_empty()
                {
                    self.append(&mut line, fonts, a, b, size);
                }
                self.append(&mut line, fonts, seg.start, seg.content_end, size);
            }
            pending_glue = Some((seg.content_end, seg.end));
            if seg.mandatory {
                line.last = true;
                lines.push(std::mem::take(&mut line));
                pending_glue = None;
            }
        }
        if !line.frags.is_empty() {
            line.last = true;
            lines.push(line);
        }
        // A trailing hard break leaves an empty last line: drop it.
        while lines.len() > 1 && lines.last().is_some_and(|l| l.frags.is_empty()) {
            lines.pop();
            if let Some(l) = lines.last_mut() {
                l.last = true;
            }
        }
        lines
    }

    /// Appends `start..end` (which may cross runs) to `line`, merging with the last
    /// fragment when the run is the same.
    fn append(&self, line: &mut Line, fonts: &FontSet, start: usize, end: usize, size: f32) {
        for (index, run) in self.runs.iter().enumerate() {
            let a = run.start.max(start);
            let b = run.end.min(end);
            if a >= b {
                continue;
            }
            let text = &self.text[a..b];
            let text_no_nl = text.trim_end_matches('\n');
            let b = a + text_no_nl.len();
            if a >= b {
                continue;
            }
            let width = fonts.get(run.font).width(text_no_nl, size * run.scale);
            let spaces = text_no_nl.bytes().filter(|&c| c == b' ').count();
            line.width += width;
            line.spaces += spaces;
            match line.frags.last_mut() {
                Some(f) if f.run == index && f.end == a => {
                    f.end = b;
                    f.width += width;
                    f.spaces += spaces;
                }
                _ => line.frags.push(Frag {
                    run: index,
                    start: a,
                    end: b,
                    width,
                    spaces,
                }),
            }
        }
    }
}

/// Drops leading white space of the first line so a justified line starts flush.
fn trim_line_start(p: &Prepared, line: &mut Line, fonts: &FontSet, size: f32) {
    while let Some(first) = line.frags.first_mut() {
        let text = &p.text[first.start..first.end];
        let trimmed = text.trim_start_matches(' ');
        if trimmed.len() == text.len() {
            break;
        }
        let removed = text.len() - trimmed.len();
        first.start += removed;
        line.spaces -= removed;
        first.spaces -= removed;
        let run = &p.runs[first.run];
        let w = fonts
            .get(run.font)
            .width(&" ".repeat(removed), size * run.scale);
        first.width -= w;
        line.width -= w;
        if first.start == first.end {
            line.frags.remove(0);
        }
    }
}

// ---------------------------------------------------------------------------------
// Chunks and the block builder.

/// A page number to fill in once pagination is known (table of contents).
#[derive(Debug, Clone)]
struct PageRef {
    anchor: String,
    x_right: f32,
    y: f32,
    font: FontId,
    size: f32,
}

/// An unbreakable vertical slice of content; item `y`s are relative to its top.
#[derive(Debug, Clone, Default)]
struct Chunk {
    height: f32,
    space_before: f32,
    keep_with_next: bool,
    force_break: bool,
    items: Vec<Item>,
    page_refs: Vec<PageRef>,
    anchors: Vec<String>,
    /// Index into the table headers to repeat when this chunk starts a page.
    table_header: Option<usize>,
    /// Baseline of the first line, for list markers.
    first_baseline: Option<f32>,
}

/// Moves an item `dy` points down the page.
fn shift_down(item: &mut Item, dy: f32) {
    match item {
        Item::Text(t) => t.y += dy,
        Item::Rect { y, .. } | Item::Link { y, .. } => *y += dy,
        Item::Line { y1, y2, .. } => {
            *y1 += dy;
            *y2 += dy;
        }
    }
}

struct Builder<'a> {
    fonts: &'a FontSet,
    geometry: Geometry,
    chunks: Vec<Chunk>,
    headers: Vec<Chunk>,
    outline: Vec<OutlineEntry>,
    /// Where we are, for error messages.
    section: String,
    pending_break: bool,
    unnamed_headings: usize,
    list_depth: usize,
    /// Minimum space above the next chunk (set after a table).
    space_next: f32,
}

/// Vertical position of the baseline within a line box of `size` text.
fn baseline_offset(size: f32, line_height: f32) -> f32 {
    // Liberation Sans: ascender 0.905 em, descender 0.212 em.
    (line_height - 1.117 * size) / 2.0 + 0.905 * size
}

fn heading_size(level: u8) -> f32 {
    match level {
        1 => 15.0,
        2 => 12.5,
        3 => 11.0,
        _ => BODY_SIZE,
    }
}

fn heading_space(level: u8) -> f32 {
    match level {
        1 => 18.0,
        2 => 13.0,
        _ => 10.0,
    }
}

fn snippet(text: &str) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

impl<'a> Builder<'a> {
    fn new(fonts: &'a FontSet, geometry: Geometry) -> Self {
        Builder {
            fonts,
            geometry,
            chunks: Vec::new(),
            headers: Vec::new(),
            outline: Vec::new(),
            section: "the beginning of the document".into(),
            pending_break: false,
            unnamed_headings: 0,
            list_depth: 0,
            space_next: 0.0,
        }
    }

    fn push(&mut self, mut chunk: Chunk) {
        if self.pending_break {
            chunk.force_break = true;
            self.pending_break = false;
        }
        chunk.space_before = chunk.space_before.max(std::mem::take(&mut self.space_next));
        self.chunks.push(chunk);
    }

    // ----- inline preparation -----

    fn prepare(&self, inlines: &[Inline], base: Style, size: f32) -> Result<Prepared, String> {
        let mut p = Prepared::default();
        self.flatten(inlines, &base, &mut p)?;
        // A paragraph never starts with white space.
        if p.text.starts_with([' ', '\n']) {
            let trimmed = p.text.trim_start_matches([' ', '\n']).len();
            let cut = p.text.len() - trimmed;
            p.text.drain(..cut);
            p.runs.retain_mut(|r| {
                r.start = r.start.saturating_sub(cut);
                r.end = r.end.saturating_sub(cut);
                r.start < r.end
            });
        }
        p.segment(self.fonts, size);
        Ok(p)
    }

    fn flatten(&self, inlines: &[Inline], style: &Style, p: &mut Prepared) -> Result<(), String> {
        for inline in inlines {
            match inline {
                Inline::Text(t) => {
                    let font = FontId::styled(style.bold, style.italic);
                    self.push_text(p, t, font, style)?;
                }
                Inline::Code(t) => {
                    let first = p.runs.len();
                    self.push_text(p, t, FontId::Mono, style)?;
                    for run in &mut p.runs[first..] {
                        run.scale = CODE_SPAN_SCALE;
                    }
                }
                Inline::Emph(c) => {
                    let s = Style {
                        italic: true,
                        ..style.clone()
                    };
                    self.flatten(c, &s, p)?;
                }
                Inline::Strong(c) => {
                    let s = Style {
                        bold: true,
                        ..style.clone()
                    };
                    self.flatten(c, &s, p)?;
                }
                Inline::Strikethrough(c) => {
                    let s = Style {
                        strike: true,
                        ..style.clone()
                    };
                    self.flatten(c, &s, p)?;
                }
                Inline::Link { url, content } => {
                    let target = match url.strip_prefix('#') {
                        Some(anchor) => LinkTarget::Anchor(anchor.to_string()),
                        None => LinkTarget::Uri(url.clone()),
                    };
                    let s = Style {
                        link: Some(target),
                        color: Some(LINK_BLUE),
                        ..style.clone()
                    };
                    self.flatten(content, &s, p)?;
                }
                Inline::CrossRef { anchor, text } => {
                    let s = Style {
                        link: Some(LinkTarget::Anchor(anchor.clone())),
                        ..style.clone()
                    };
                    let font = FontId::styled(s.bold, s.italic);
                    self.push_text(p, text, font, &s)?;
                }
                Inline::Revised { revision, content } => {
                    let new = revision.is_new();
                    let s = Style {
                        underline: new,
                        strike: style.strike || !new,
                        revised: true,
                        color: Some(if new { INSERTED } else { DELETED }),
                        ..style.clone()
                    };
                    self.flatten(content, &s, p)?;
                }
                Inline::Reformatted { content, .. } => {
                    let s = Style {
                        revised: true,
                        ..style.clone()
                    };
                    self.flatten(content, &s, p)?;
                }
                Inline::SoftBreak => {
                    let font = FontId::styled(style.bold, style.italic);
                    self.push_text(p, " ", font, style)?;
                }
                Inline::LineBreak => {
                    let font = FontId::styled(style.bold, style.italic);
                    self.push_text(p, "\n", font, style)?;
                }
            }
        }
        Ok(())
    }

    /// Appends text in `font`, falling back to the regular face for a character the
    /// requested face lacks; a character no face has is an error.
    fn push_text(
        &self,
        p: &mut Prepared,
        text: &str,
        font: FontId,
        style: &Style,
    ) -> Result<(), String> {
        let push = |p: &mut Prepared, c: char, f: FontId| {
            let start = p.text.len();
            p.text.push(c);
            let end = p.text.len();
            match p.runs.last_mut() {
                Some(r)
                    if r.end == start
                        && r.scale == 1.0
                        && r.font == f
                        && r.strike == style.strike
                        && r.underline == style.underline
                        && r.revised == style.revised
                        && r.link == style.link
                        && r.color == style.color.unwrap_or(BLACK) =>
                {
                    r.end = end
                }
                _ => p.runs.push(Run {
                    start,
                    end,
                    font: f,
                    color: style.color.unwrap_or(BLACK),
                    strike: style.strike,
                    underline: style.underline,
                    revised: style.revised,
                    link: style.link.clone(),
                    scale: 1.0,
                }),
            }
        };
        for c in text.chars() {
            let c = match c {
                '\t' | '\r' => ' ',
                // Invisible: soft hyphen, zero-width space/joiners, BOM.
                '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
                    continue;
                }
                c => c,
            };
            if c == '\n' || self.fonts.get(font).has(c) {
                push(p, c, font);
            } else if self.fonts.get(FontId::Regular).has(c) {
                push(p, c, FontId::Regular);
            } else {
                return Err(format!(
                    "the character {c:?} (U+{:04X}) cannot be drawn with the embedded fonts; \
                     it occurs in {} in the text \"{}\"",
                    c as u32,
                    self.section,
                    snippet(text)
                ));
            }
        }
        Ok(())
    }

    /// Draws one broken line starting at `x`, `width` wide, baseline `baseline`.
    #[allow(clippy::too_many_arguments)]
    fn emit_line(
        &self,
        p: &Prepared,
        line: &Line,
        x: f32,
        width: f32,
        baseline: f32,
        size: f32,
        align: LineAlign,
        items: &mut Vec<Item>,
    ) {
        let slack = width - line.width;
        let mut extra = 0.0;
        if align == LineAlign::Justify && !line.last && line.spaces > 0 && slack > 0.0 {
            extra = slack / line.spaces as f32;
            if extra > size * 1.5 {
                extra = 0.0;
            }
        }
        let mut cx = match align {
            LineAlign::Left | LineAlign::Justify => x,
            LineAlign::Right => x + slack.max(0.0),
            LineAlign::Center => x + slack.max(0.0) / 2.0,
        };
        for f in &line.frags {
            let run = &p.runs[f.run];
            let w = f.width + extra * f.spaces as f32;
            items.push(Item::Text(TextRun {
                x: cx,
                y: baseline,
                font: run.font,
                size: size * run.scale,
                text: p.text[f.start..f.end].to_string(),
                space_extra: extra,
                color: run.color,
            }));
            if run.strike {
                items.push(Item::Line {
                    x1: cx,
                    y1: baseline - size * 0.3,
                    x2: cx + w,
                    y2: baseline - size * 0.3,
                    width: size * 0.06,
                    color: run.color,
                });
            }
            if run.underline {
                items.push(Item::Line {
                    x1: cx,
                    y1: baseline + size * 0.12,
                    x2: cx + w,
                    y2: baseline + size * 0.12,
                    width: size * 0.06,
                    color: run.color,
                });
            }
            if let Some(target) = &run.link {
                items.push(Item::Link {
                    x: cx,
                    y: baseline - size * 0.95,
                    w,
                    h: size * 1.2,
                    target: target.clone(),
                });
            }
            cx += w;
        }
        if line.frags.iter().any(|f| p.runs[f.run].revised) {
            let bar = self.geometry.margin_left - 8.0;
            items.push(Item::Line {
                x1: bar,
                y1: baseline - size * 0.85,
                x2: bar,
                y2: baseline + size * 0.3,
                width: 1.2,
                color: CHANGE_BAR,
            });
        }
    }

    /// A paragraph: one chunk per line, with widow and orphan control.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
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
        for (i, line) in lines.iter().enumerate() {
            let mut items = Vec::new();
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
        Ok(())
    }

    // ----- blocks -----

    fn title_block(&mut self, meta: &Meta) -> Result<(), String> {
        if meta.title.trim().is_empty() {
            return Ok(());
        }
        self.section = "the document title".into();
        let x = self.geometry.margin_left;
        let w = self.geometry.frame_width();
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        let title = [Inline::Text(meta.title.clone())];
        self.heading_lines(&title, x, w, 20.0, bold, 0.0, None)?;
        if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            let muted = Style {
                color: Some(MUTED),
                ..Style::default()
            };
            self.heading_lines(
                &[Inline::Text(sub.to_string())],
                x,
                w,
                13.0,
                muted,
                4.0,
                None,
            )?;
        }
        if let Some(reference) = meta.reference.as_deref().filter(|s| !s.trim().is_empty()) {
            let inl = [Inline::Text(format!(
                "{}: {reference}",
                meta.furniture.reference
            ))];
            self.heading_lines(&inl, x, w, 10.0, Style::default(), 6.0, None)?;
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
            color: RULE,
        });
        self.push(rule);
        self.section = "the beginning of the document".into();
        Ok(())
    }

    /// Lines set as one unbreakable chunk (titles, headings), optionally with a
    /// hanging label (the section number) at `x`.
    #[allow(clippy::too_many_arguments)]
    fn heading_lines(
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

    fn heading(&mut self, h: &Heading, x: f32, width: f32) -> Result<(), String> {
        self.section = match &h.number {
            Some(n) => format!("section {n} \"{}\"", Inline::plain_text(&h.content)),
            None => format!("the section \"{}\"", Inline::plain_text(&h.content)),
        };
        let size = heading_size(h.level);
        let style = Style {
            bold: true,
            italic: h.level >= 4,
            ..Style::default()
        };
        let anchor = match &h.anchor {
            Some(a) => a.clone(),
            None => {
                self.unnamed_headings += 1;
                format!("\u{0}heading-{}", self.unnamed_headings)
            }
        };
        self.heading_lines(
            &h.content,
            x,
            width,
            size,
            style,
            heading_space(h.level),
            h.number.as_deref(),
        )?;
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

    fn blocks(&mut self, blocks: &[Block], x: f32, width: f32) -> Result<(), String> {
        for block in blocks {
            self.block(block, x, width)?;
        }
        Ok(())
    }

    fn block(&mut self, block: &Block, x: f32, width: f32) -> Result<(), String> {
        match block {
            Block::Heading(h) => self.heading(h, x, width),
            Block::Paragraph(inlines) => self.paragraph(
                inlines,
                x,
                width,
                BODY_SIZE,
                Style::default(),
                LineAlign::Justify,
                PARA_SPACE,
            ),
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
                    color: RULE,
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

    fn list(&mut self, list: &List, x: f32, width: f32) -> Result<(), String> {
        let size = BODY_SIZE;
        let regular = self.fonts.get(FontId::Regular);
        let markers: Vec<String> = (0..list.items.len())
            .map(|i| match list.start {
                Some(start) => format!("{}.", start.saturating_add(i as u64)),
                None => "•".to_string(),
            })
            .collect();
        let widest = markers
            .iter()
            .map(|m| regular.width(m, size))
            .fold(0.0f32, f32::max);
        let indent = (widest + 7.0).max(LIST_INDENT).min(width / 3.0);
        for (index, (item, marker)) in list.items.iter().zip(&markers).enumerate() {
            let first = self.chunks.len();
            let pending = self.pending_break;
            self.list_depth += 1;
            let laid = self.blocks(item, x + indent, width - indent);
            self.list_depth -= 1;
            laid?;
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
            chunk.items.push(Item::Text(TextRun {
                x: x + indent - 5.0 - mw,
                y: baseline,
                font: FontId::Regular,
                size,
                text: marker.clone(),
                space_extra: 0.0,
                color: BLACK,
            }));
        }
        Ok(())
    }

    fn quote(&mut self, children: &[Block], x: f32, width: f32) -> Result<(), String> {
        let first = self.chunks.len();
        self.blocks(children, x + QUOTE_INDENT, width - QUOTE_INDENT)?;
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

    fn code(&mut self, text: &str, x: f32, width: f32) -> Result<(), String> {
        let size = CODE_SIZE;
        let lh = size * 1.3;
        let base = baseline_offset(size, lh);
        let inner = width - 2.0 * CODE_PAD;
        let mut preps: Vec<Prepared> = Vec::new();
        let mut lines: Vec<(usize, Line)> = Vec::new();
        for source_line in text.trim_end_matches('\n').split('\n') {
            let expanded = source_line.replace('\t', "    ");
            let mut p = Prepared::default();
            self.push_text(&mut p, &expanded, FontId::Mono, &Style::default())?;
            // Break only between characters: code keeps its spaces.
            let mut line = Line::default();
            for (pos, c) in p.text.char_indices() {
                let next = pos + c.len_utf8();
                let cw = p.width(self.fonts, pos, next, size);
                if !line.frags.is_empty() && line.width + cw > inner + EPSILON {
                    lines.push((preps.len(), std::mem::take(&mut line)));
                }
                p.append(&mut line, self.fonts, pos, next, size);
            }
            lines.push((preps.len(), line));
            preps.push(p);
        }
        let n = lines.len();
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
        Ok(())
    }

    fn toc(&mut self, entries: &[TocEntry], x: f32, width: f32) -> Result<(), String> {
        let size = BODY_SIZE;
        let lh = size * LEADING;
        let base = baseline_offset(size, lh);
        let number_col = 28.0;
        let page_col = 30.0;
        let regular = self.fonts.get(FontId::Regular);
        let dot_w = regular.width(".", size) * 2.0;
        for (index, e) in entries.iter().enumerate() {
            let indent = f32::from(e.level.saturating_sub(1).min(4)) * 16.0;
            let style = Style {
                bold: e.level <= 1,
                ..Style::default()
            };
            let font = FontId::styled(style.bold, false);
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
                    font: FontId::Regular,
                    size,
                    text: ". ".repeat(dots as usize).trim_end().to_string(),
                    space_extra: 0.0,
                    color: MUTED,
                }));
            }
            let height = lh * lines.len().max(1) as f32;
            items.push(Item::Link {
                x: x + indent,
                y: 0.0,
                w: width - indent,
                h: height,
                target: LinkTarget::Anchor(e.anchor.clone()),
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
                }],
                first_baseline: Some(base),
                ..Chunk::default()
            });
        }
        Ok(())
    }

    fn table(&mut self, table: &Table, x: f32, width: f32) -> Result<(), String> {
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

        // Column widths from content: each column gets at least its longest word
        // (capped, long words are broken) and shares the rest by natural width.
        let mut col_min = vec![0.0f32; ncols];
        let mut col_max = vec![0.0f32; ncols];
        for row in header.iter().chain(rows.iter()) {
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
        let widths: Vec<f32> = if sum_max <= width {
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
        };
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
        let header_index = match &header {
            Some(cells) => {
                let mut chunks =
                    self.row_chunks(&geometry, cells, Some(HEADER_FILL), f32::INFINITY);
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
            for mut chunk in self.row_chunks(&geometry, cells, None, max_row) {
                chunk.table_header = header_index;
                if i == 0 && header_index.is_none() {
                    chunk.space_before = PARA_SPACE + 2.0;
                }
                self.push(chunk);
            }
        }
        self.space_next = PARA_SPACE + 4.0;
        Ok(())
    }

    /// One table row as chunk(s): normally one; a row taller than `max_height` is
    /// split between lines into several pieces that each fit a page.
    fn row_chunks(
        &self,
        g: &TableGeometry,
        cells: &[Prepared],
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

struct TableGeometry {
    x: f32,
    widths: Vec<f32>,
    aligns: Vec<LineAlign>,
    size: f32,
}

// ---------------------------------------------------------------------------------
// Pagination and page furniture.

struct Paged {
    pages: Vec<Page>,
    destinations: BTreeMap<String, Destination>,
    page_refs: Vec<(usize, PageRef)>,
}

struct Paginator<'a> {
    geometry: &'a Geometry,
    headers: &'a [Chunk],
    out: Paged,
    y: f32,
    empty: bool,
}

impl Paginator<'_> {
    fn new_page(&mut self) {
        self.out.pages.push(Page::default());
        self.y = self.geometry.margin_top;
        self.empty = true;
    }

    fn remaining(&self) -> f32 {
        self.geometry.frame_bottom() - self.y
    }

    /// Puts `chunk` (whose drawing is `items`) below what the page holds.
    fn put(&mut self, chunk: &Chunk, items: Vec<Item>) {
        let page = self.out.pages.len() - 1;
        let space = if self.empty { 0.0 } else { chunk.space_before };
        let top = self.y + space;
        let page_items = &mut self.out.pages[page].items;
        page_items.extend(items.into_iter().map(|mut i| {
            shift_down(&mut i, top);
            i
        }));
        for anchor in &chunk.anchors {
            self.out
                .destinations
                .entry(anchor.clone())
                .or_insert(Destination { page, y: top });
        }
        for r in &chunk.page_refs {
            self.out.page_refs.push((
                page,
                PageRef {
                    y: r.y + top,
                    ..r.clone()
                },
            ));
        }
        self.y = top + chunk.height;
        self.empty = false;
    }

    fn place(&mut self, chunk: &mut Chunk) {
        let space = if self.empty { 0.0 } else { chunk.space_before };
        if !self.empty && space + chunk.height > self.remaining() + EPSILON {
            self.new_page();
        }
        if self.empty
            && let Some(h) = chunk.table_header
            && let Some(header) = self.headers.get(h)
        {
            self.put(header, header.items.clone());
        }
        let items = std::mem::take(&mut chunk.items);
        self.put(chunk, items);
    }
}

fn paginate(mut chunks: Vec<Chunk>, headers: &[Chunk], geometry: &Geometry) -> Paged {
    let mut p = Paginator {
        geometry,
        headers,
        out: Paged {
            pages: vec![Page::default()],
            destinations: BTreeMap::new(),
            page_refs: Vec::new(),
        },
        y: geometry.margin_top,
        empty: true,
    };
    let frame = geometry.frame_height();
    let mut i = 0;
    while i < chunks.len() {
        if chunks[i].force_break && !p.empty {
            p.new_page();
        }
        // The group of chunks that must stay together with chunk i.
        // `fresh`: its height at the top of a new page (where a table row is preceded
        // by its repeated header); `needed`: its height on the current page.
        let mut j = i;
        let repeated = chunks[i]
            .table_header
            .and_then(|h| headers.get(h))
            .map_or(0.0, |h| h.height);
        let mut fresh = repeated + chunks[i].height;
        while chunks[j].keep_with_next && j + 1 < chunks.len() && !chunks[j + 1].force_break {
            let next = &chunks[j + 1];
            if fresh + next.space_before + next.height > frame {
                break;
            }
            j += 1;
            fresh += next.space_before + next.height;
        }
        let needed = fresh - repeated + chunks[i].space_before;
        if !p.empty && needed > p.remaining() + EPSILON && fresh <= frame {
            p.new_page();
        }
        for chunk in &mut chunks[i..=j] {
            p.place(chunk);
        }
        i = j + 1;
    }
    p.out
}

fn furniture(
    page: &mut Page,
    index: usize,
    total: usize,
    meta: &Meta,
    fonts: &FontSet,
    g: &Geometry,
) {
    let size = FURNITURE_SIZE;
    let regular = fonts.get(FontId::Regular);
    let footer = meta.furniture.page_of(index + 1, total);
    let fw = regular.width(&footer, size);
    page.items.push(Item::Text(TextRun {
        x: g.margin_left + (g.frame_width() - fw) / 2.0,
        y: g.height - g.margin_bottom + 26.0,
        font: FontId::Regular,
        size,
        text: footer,
        space_extra: 0.0,
        color: MUTED,
    }));
    if index == 0 && !meta.title.trim().is_empty() {
        return;
    }
    let y = g.margin_top - 20.0;
    let mut right_w = 0.0;
    if let Some(reference) = meta.reference.as_deref().filter(|r| !r.trim().is_empty()) {
        let text = fit(fonts, reference, size, g.frame_width() / 2.0);
        right_w = regular.width(&text, size);
        page.items.push(Item::Text(TextRun {
            x: g.width - g.margin_right - right_w,
            y,
            font: FontId::Regular,
            size,
            text,
            space_extra: 0.0,
            color: MUTED,
        }));
    }
    let title = fit(
        fonts,
        meta.title.trim(),
        size,
        g.frame_width() - right_w - 12.0,
    );
    if !title.is_empty() {
        page.items.push(Item::Text(TextRun {
            x: g.margin_left,
            y,
            font: FontId::Regular,
            size,
            text: title,
            space_extra: 0.0,
            color: MUTED,
        }));
    }
    page.items.push(Item::Line {
        x1: g.margin_left,
        y1: y + 5.0,
        x2: g.width - g.margin_right,
        y2: y + 5.0,
        width: 0.5,
        color: RULE,
    });
}

/// `text` shortened with an ellipsis to fit `width` (its characters were checked
/// before layout began).
fn fit(fonts: &FontSet, text: &str, size: f32, width: f32) -> String {
    let regular = fonts.get(FontId::Regular);
    if regular.width(text, size) <= width {
        return text.to_string();
    }
    let ellipsis = regular.width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = regular.char_width(c, size);
        if w + cw + ellipsis > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Heading, Inline, Meta, Table};
    use crate::writers::pdf::fonts::fonts;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    fn para(s: &str) -> Block {
        Block::Paragraph(vec![text(s)])
    }

    fn heading(level: u8, number: &str, title: &str) -> Block {
        Block::Heading(Heading {
            level,
            number: Some(number.to_string()),
            anchor: Some(format!("h-{number}")),
            numbered: true,
            content: vec![text(title)],
            clause: None,
        })
    }

    /// A document without a title block, so the body starts at the top of page 1.
    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            meta: Meta {
                reference: Some("REF-1".into()),
                ..Meta::default()
            },
            blocks,
        }
    }

    fn titled(blocks: Vec<Block>) -> Document {
        Document {
            meta: Meta {
                title: "Test".into(),
                ..doc(Vec::new()).meta
            },
            blocks,
        }
    }

    fn run(d: &Document) -> Layout {
        layout(d, fonts().expect("fonts")).expect("layout")
    }

    fn words(n: usize, prefix: &str) -> String {
        (0..n)
            .map(|i| format!("{prefix}{i:03}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Right edge of a run, including justification.
    fn right(t: &TextRun) -> f32 {
        let f = fonts().expect("fonts").get(t.font);
        t.x + f.width(&t.text, t.size) + t.space_extra * t.text.matches(' ').count() as f32
    }

    /// Body runs (not header or footer) of a page.
    fn body(l: &Layout, page: usize) -> Vec<&TextRun> {
        let g = l.geometry;
        l.pages[page]
            .texts()
            .filter(|t| t.y > g.margin_top && t.y < g.height - g.margin_bottom)
            .collect()
    }

    #[test]
    fn justified_lines_fill_the_measure_and_the_last_is_ragged() {
        let l = run(&doc(vec![para(&words(120, "word"))]));
        let g = l.geometry;
        let right_edge = g.width - g.margin_right;
        let mut lines: BTreeMap<i64, f32> = BTreeMap::new();
        for t in body(&l, 0) {
            let e = lines.entry((t.y * 100.0) as i64).or_insert(0.0);
            *e = e.max(right(t));
        }
        let edges: Vec<f32> = lines.values().copied().collect();
        assert!(
            edges.len() >= 5,
            "expected several lines, got {}",
            edges.len()
        );
        for e in &edges[..edges.len() - 1] {
            assert!(
                (e - right_edge).abs() < 0.05,
                "line ends at {e}, measure ends at {right_edge}"
            );
        }
        assert!(
            edges[edges.len() - 1] < right_edge - 20.0,
            "last line is not justified"
        );
    }

    #[test]
    fn breaks_only_at_spaces_and_keeps_every_word() {
        let source = words(300, "w");
        let l = run(&doc(vec![para(&source)]));
        let mut seen = Vec::new();
        for page in 0..l.pages.len() {
            for t in body(&l, page) {
                seen.extend(
                    t.text
                        .split(' ')
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
            }
        }
        let expected: Vec<String> = source.split(' ').map(str::to_string).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn long_urls_are_broken_inside_the_frame() {
        let url = format!("https://example.com/{}", "segment".repeat(60));
        let l = run(&doc(vec![Block::Paragraph(vec![
            text("See "),
            Inline::Link {
                url: url.clone(),
                content: vec![text(&url)],
            },
        ])]));
        let g = l.geometry;
        let runs = body(&l, 0);
        assert!(runs.len() >= 3);
        for t in &runs {
            assert!(
                right(t) <= g.width - g.margin_right + 0.05,
                "{} overflows",
                t.text
            );
        }
        let joined: String = runs.iter().map(|t| t.text.as_str()).collect();
        assert!(joined.contains(&url.replace("https://", "")));
        let links = l.pages[0]
            .items
            .iter()
            .filter(|i| matches!(i, Item::Link { .. }))
            .count();
        assert!(links >= 2, "every line of the link is clickable");
    }

    #[test]
    fn paragraphs_flow_onto_new_pages_inside_the_frame() {
        let blocks: Vec<Block> = (0..60)
            .map(|i| para(&words(40, &format!("p{i}x"))))
            .collect();
        let l = run(&titled(blocks));
        let g = l.geometry;
        assert!(l.pages.len() >= 4, "{} pages", l.pages.len());
        for (index, page) in l.pages.iter().enumerate() {
            for t in page.texts() {
                assert!(t.x >= g.margin_left - 0.01 && right(t) <= g.width - g.margin_right + 0.05);
                assert!(t.y > 20.0 && t.y < g.height - 20.0);
            }
            let footer = format!("Page {} of {}", index + 1, l.pages.len());
            assert!(page.texts().any(|t| t.text == footer), "missing {footer}");
            if index > 0 {
                assert!(
                    page.texts().any(|t| t.text == "Test"),
                    "running header on page {}",
                    index + 1
                );
                assert!(page.texts().any(|t| t.text == "REF-1"));
            }
            let lowest = body(&l, index).iter().map(|t| t.y).fold(0.0f32, f32::max);
            assert!(lowest <= g.height - g.margin_bottom);
        }
    }

    #[test]
    fn no_widows_or_orphans() {
        // Shift a long paragraph down line by line so that every possible split occurs.
        for filler in 0..40 {
            let mut blocks: Vec<Block> =
                (0..filler).map(|i| para(&format!("filler {i}"))).collect();
            blocks.push(para(&words(150, "z")));
            let l = run(&doc(blocks));
            for page in 0..l.pages.len() {
                let lines: std::collections::BTreeSet<i64> = body(&l, page)
                    .iter()
                    .filter(|t| t.text.contains("z0") || t.text.contains("z1"))
                    .map(|t| t.y as i64)
                    .collect();
                assert!(
                    lines.is_empty() || lines.len() >= 2,
                    "filler {filler}: page {} has {} line(s)",
                    page + 1,
                    lines.len()
                );
            }
        }
    }

    #[test]
    fn headings_stay_with_the_following_text() {
        for filler in 0..45 {
            let mut blocks: Vec<Block> =
                (0..filler).map(|i| para(&format!("filler {i}"))).collect();
            blocks.push(heading(1, "7", "Heading kept with text"));
            blocks.push(para(&words(60, "after")));
            let l = run(&doc(blocks));
            let heading_page = l.destinations["h-7"].page;
            let first_line = (0..l.pages.len())
                .find(|&p| body(&l, p).iter().any(|t| t.text.contains("after000")))
                .expect("paragraph placed");
            assert_eq!(heading_page, first_line, "filler {filler}");
            let lines_with_heading = body(&l, heading_page)
                .iter()
                .filter(|t| t.text.contains("after"))
                .map(|t| t.y as i64)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            assert!(
                lines_with_heading >= 2,
                "filler {filler}: heading followed by {lines_with_heading} line"
            );
        }
    }

    fn table(rows: usize) -> Block {
        Block::Table(Table {
            alignments: vec![Align::Left, Align::Right],
            header: vec![vec![text("Item")], vec![text("Price")]],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        vec![text(&format!("line {i}"))],
                        vec![text(&format!("{i}.00"))],
                    ]
                })
                .collect(),
        })
    }

    #[test]
    fn table_header_repeats_on_every_page() {
        let l = run(&doc(vec![table(300)]));
        assert!(l.pages.len() >= 4);
        for page in 0..l.pages.len() {
            let runs = body(&l, page);
            let top = runs.iter().map(|t| t.y).fold(f32::INFINITY, f32::min);
            let header: Vec<_> = runs.iter().filter(|t| t.text == "Item").collect();
            assert_eq!(header.len(), 1, "page {}", page + 1);
            assert!(
                (header[0].y - top).abs() < 0.01,
                "header is the first row on page {}",
                page + 1
            );
        }
        // Every row appears exactly once.
        let rows: usize = (0..l.pages.len())
            .map(|p| {
                body(&l, p)
                    .iter()
                    .filter(|t| t.text.starts_with("line "))
                    .count()
            })
            .sum();
        assert_eq!(rows, 300);
    }

    #[test]
    fn right_aligned_columns_end_at_the_cell_edge() {
        let l = run(&doc(vec![table(5)]));
        let edges: Vec<f32> = body(&l, 0)
            .iter()
            .filter(|t| t.text.ends_with(".00"))
            .map(|t| right(t))
            .collect();
        assert_eq!(edges.len(), 5);
        for e in &edges {
            assert!((e - edges[0]).abs() < 0.01);
        }
    }

    #[test]
    fn headerless_tables_have_no_header_row() {
        let l = run(&doc(vec![Block::Table(Table {
            alignments: vec![Align::None, Align::None],
            header: vec![vec![], vec![]],
            rows: vec![vec![
                vec![text("For the Buyer")],
                vec![text("For the Supplier")],
            ]],
        })]));
        let fills = l.pages[0]
            .items
            .iter()
            .filter(|i| matches!(i, Item::Rect { fill, .. } if *fill == HEADER_FILL))
            .count();
        assert_eq!(fills, 0);
        assert!(body(&l, 0).iter().any(|t| t.text == "For the Buyer"));
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_between_lines() {
        let long = words(2500, "cell");
        let l = run(&doc(vec![Block::Table(Table {
            alignments: vec![Align::None, Align::None],
            header: vec![vec![text("Clause")], vec![text("Text")]],
            rows: vec![vec![vec![text("1")], vec![text(&long)]]],
        })]));
        let g = l.geometry;
        assert!(l.pages.len() >= 2);
        let mut count = 0;
        for page in 0..l.pages.len() {
            for t in body(&l, page) {
                assert!(t.y < g.height - g.margin_bottom);
                count += t.text.matches("cell").count();
            }
            assert!(
                body(&l, page).iter().any(|t| t.text == "Clause"),
                "header on page {}",
                page + 1
            );
        }
        assert_eq!(count, 2500);
    }

    #[test]
    fn page_break_starts_a_new_page() {
        let l = run(&doc(vec![para("before"), Block::PageBreak, para("after")]));
        assert_eq!(l.pages.len(), 2);
        assert!(body(&l, 1).iter().any(|t| t.text == "after"));
    }

    #[test]
    fn toc_shows_the_page_of_each_heading() {
        let mut blocks = vec![Block::Toc(vec![
            TocEntry {
                level: 1,
                number: Some("1".into()),
                title: "First".into(),
                anchor: "h-1".into(),
            },
            TocEntry {
                level: 1,
                number: Some("2".into()),
                title: "Second".into(),
                anchor: "h-2".into(),
            },
        ])];
        blocks.push(heading(1, "1", "First"));
        blocks.push(Block::PageBreak);
        blocks.push(Block::PageBreak);
        blocks.extend((0..80).map(|i| para(&format!("filler {i}"))));
        blocks.push(heading(1, "2", "Second"));
        blocks.push(para("end"));
        let l = run(&doc(blocks));
        let second = l.destinations["h-2"].page + 1;
        assert!(second >= 3);
        let numbers: Vec<&str> = body(&l, 0)
            .iter()
            .filter(|t| t.text.chars().all(|c| c.is_ascii_digit()))
            .map(|t| t.text.as_str())
            .collect();
        assert!(numbers.contains(&"1"));
        assert!(
            numbers.contains(&second.to_string().as_str()),
            "{numbers:?} lacks {second}"
        );
        assert_eq!(l.outline.len(), 2);
        assert_eq!(l.outline[1].title, "2 Second");
    }

    #[test]
    fn nested_lists_hang_their_markers() {
        let l = run(&doc(vec![Block::List(crate::doc::List {
            start: Some(1),
            items: vec![
                vec![para(&words(40, "one"))],
                vec![
                    para("two"),
                    Block::List(crate::doc::List {
                        start: None,
                        items: vec![vec![para("nested")]],
                    }),
                ],
            ],
        })]));
        let runs = body(&l, 0);
        let marker = runs.iter().find(|t| t.text == "1.").expect("marker");
        let text_x = runs
            .iter()
            .find(|t| t.text.starts_with("one000"))
            .expect("item")
            .x;
        assert!(right(marker) < text_x, "marker hangs left of the text");
        let wrapped: Vec<_> = runs
            .iter()
            .filter(|t| t.text.contains("one0") && !t.text.starts_with("one000"))
            .collect();
        assert!(
            wrapped.iter().all(|t| (t.x - text_x).abs() < 0.01),
            "continuation lines align with the text"
        );
        let bullet = runs.iter().find(|t| t.text == "•").expect("bullet");
        assert!(bullet.x > marker.x + 10.0, "nested list is indented");
    }

    #[test]
    fn code_blocks_wrap_in_monospace_on_a_shaded_box() {
        let line = "x".repeat(200);
        let l = run(&doc(vec![Block::CodeBlock {
            lang: None,
            text: format!("short\n\t{line}\n"),
        }]));
        let g = l.geometry;
        let runs = body(&l, 0);
        assert!(
            runs.iter()
                .all(|t| t.font == FontId::Mono && right(t) <= g.width - g.margin_right)
        );
        assert_eq!(
            runs[1].text,
            format!("    {}", &line[..runs[1].text.len() - 4]),
            "tab expanded"
        );
        let total: usize = runs.iter().map(|t| t.text.matches('x').count()).sum();
        assert_eq!(total, 200, "nothing lost when wrapping");
        let shaded = l.pages[0]
            .items
            .iter()
            .filter(|i| matches!(i, Item::Rect { fill, .. } if *fill == CODE_FILL))
            .count();
        assert_eq!(shaded, runs.len(), "one shaded band per line");
    }

    #[test]
    fn block_quotes_are_indented_with_a_bar() {
        let l = run(&doc(vec![
            para("before"),
            Block::BlockQuote(vec![para("quoted")]),
        ]));
        let runs = body(&l, 0);
        let before = runs.iter().find(|t| t.text == "before").expect("before");
        let quoted = runs.iter().find(|t| t.text == "quoted").expect("quoted");
        assert!(quoted.x >= before.x + QUOTE_INDENT - 0.01);
        assert!(
            l.pages[0]
                .items
                .iter()
                .any(|i| matches!(i, Item::Rect { fill, .. } if *fill == QUOTE_BAR))
        );
    }

    #[test]
    fn a_character_missing_from_the_monospace_face_falls_back_to_regular() {
        let set = fonts().expect("fonts");
        let c = (0x20u32..0x3000)
            .filter_map(char::from_u32)
            .find(|&c| set.get(FontId::Regular).has(c) && !set.get(FontId::Mono).has(c))
            .expect("the faces differ in coverage");
        let l = run(&doc(vec![Block::Paragraph(vec![Inline::Code(format!(
            "a{c}b"
        ))])]));
        let runs = body(&l, 0);
        let fallback = runs.iter().find(|t| t.text.contains(c)).expect("drawn");
        assert_eq!(fallback.font, FontId::Regular);
        assert!(runs.iter().any(|t| t.font == FontId::Mono && t.text == "a"));
    }

    #[test]
    fn undrawable_reference_is_reported() {
        let mut d = doc(vec![para("body")]);
        d.meta.reference = Some("REF-\u{1F4C4}".into());
        let err = layout(&d, fonts().expect("fonts")).expect_err("emoji in the reference");
        assert!(
            err.contains("U+1F4C4") && err.contains("document reference"),
            "{err}"
        );
    }

    #[test]
    fn undrawable_characters_are_reported_with_their_place() {
        let err = layout(
            &doc(vec![
                heading(1, "4", "Fees"),
                para("Price: 10 \u{1F600} per unit"),
            ]),
            fonts().expect("fonts"),
        )
        .expect_err("emoji is not in the fonts");
        assert!(err.contains("U+1F600"), "{err}");
        assert!(err.contains("section 4 \"Fees\""), "{err}");
    }
}

#[cfg(test)]
mod paper_tests {
    use super::*;
    use crate::writers::pdf::fonts::fonts;

    #[test]
    fn letter_paper_sets_the_page_size() {
        let doc = Document {
            meta: Meta {
                title: "Letter".into(),
                paper: Paper::Letter,
                ..Meta::default()
            },
            blocks: vec![Block::Paragraph(vec![Inline::Text("Body".into())])],
        };
        let l = layout(&doc, fonts().expect("fonts")).expect("layout");
        assert!((l.geometry.width - 612.0).abs() < 0.01);
        assert!((l.geometry.height - 792.0).abs() < 0.01);
        let footer = l.pages[0]
            .texts()
            .find(|t| t.text == "Page 1 of 1")
            .expect("footer");
        assert!(footer.y < 792.0 - 30.0 && footer.y > 792.0 - l.geometry.margin_bottom);
    }
}
