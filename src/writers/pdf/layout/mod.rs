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

mod bidi;
mod contents;
mod figure;
mod flow;
mod furniture;
mod linebreak;
mod notes;
mod pages;
mod plain;
mod prepare;
mod structure;
mod table;
#[cfg(test)]
mod tests;

use super::fonts::{FontId, FontSet};
use crate::doc::{Document, Paper};
use flow::Builder;
use std::collections::BTreeMap;
pub use structure::{Role, StructNode, Tag};

/// An RGB colour, components 0–1.
pub type Color = [f32; 3];

/// Body text colour.
pub const BLACK: Color = [0.0, 0.0, 0.0];
const MUTED: Color = [0.35, 0.35, 0.35];
const MARKING: Color = [0.6, 0.1, 0.1];
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

/// The colours the layout draws with: the theme's, else the house colours.
#[derive(Debug, Clone, Copy)]
pub(super) struct Palette {
    /// Headings and the title (`None`: body text colour).
    pub(super) headings: Option<Color>,
    /// Rules (title, running header, thematic breaks, footnote separator).
    pub(super) rules: Color,
    /// Table header shading.
    pub(super) table_header: Color,
    /// Link text.
    pub(super) links: Color,
}

impl Palette {
    fn new(c: &crate::doc::Colours) -> Palette {
        Palette {
            headings: c.headings.map(|c| c.unit()),
            rules: c.rules.map_or(RULE, |c| c.unit()),
            table_header: c.table_header.map_or(HEADER_FILL, |c| c.unit()),
            links: c.links.map_or(LINK_BLUE, |c| c.unit()),
        }
    }
}

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
const NOTE_SIZE: f32 = 8.5;
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

    /// The page set-up for a document: its paper, with the theme's margins if set.
    pub fn for_meta(meta: &crate::doc::Meta) -> Geometry {
        let mut g = Geometry::for_paper(meta.paper);
        if let Some(m) = meta.style.margins {
            let mm = 72.0 / 25.4;
            g.margin_left = m.left * mm;
            g.margin_right = m.right * mm;
            g.margin_top = m.top * mm;
            g.margin_bottom = m.bottom * mm;
        }
        g
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
    /// The characters, drawn in order (for shaped text: in logical order, the text
    /// the glyphs stand for).
    pub text: String,
    /// The glyphs as shaped, in drawing order; empty when `text` is drawn character
    /// by character with the face's advances.
    pub glyphs: Vec<PlacedGlyph>,
    /// Right-to-left text (its glyphs come in drawing order, the reverse of `text`).
    pub rtl: bool,
    /// Extra width added after every U+0020 space (justification).
    pub space_extra: f32,
    /// Fill colour.
    pub color: Color,
    /// The structure element the run belongs to, or furniture.
    pub tag: Tag,
}

/// A shaped glyph of a [`TextRun`]: advance and offsets in 1/1000 em.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Advance.
    pub advance: f32,
    /// Horizontal offset.
    pub dx: f32,
    /// Vertical offset (up).
    pub dy: f32,
    /// The text of its cluster, for the first glyph of a cluster (else empty).
    pub text: String,
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
    /// An image of [`Layout::images`], drawn in the box (top-left corner, size).
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Index into [`Layout::images`].
        image: usize,
        /// Its `Figure` element, or furniture (the logo in a running header).
        tag: Tag,
    },
    /// Where a line refers to footnote `n` (of [`Layout`]'s notes): not drawn; the
    /// paginator sets the note at the foot of the page this lands on.
    NoteRef(usize),
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
        /// The structure element holding the link text.
        tag: Tag,
    },
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Everything drawn on the page, in painting order.
    pub items: Vec<Item>,
    /// The footnotes (or parts of them) at the foot of the page, in order.
    pub notes: Vec<PlacedNote>,
}

/// A footnote, or the part of it that fits, at the foot of a page: which items of
/// the page draw it (so a structure element can wrap them).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNote {
    /// The note's index, in reading order of the notes.
    pub note: usize,
    /// The page items that draw it.
    pub items: std::ops::Range<usize>,
    /// Whether this part continues a note begun on an earlier page.
    pub continued: bool,
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
    /// The logical structure, in reading order; [`Tag::Element`] indexes it and
    /// element 0 is the `Document`.
    pub structure: Vec<StructNode>,
    /// The images drawn, each file once, in order of first use.
    pub images: Vec<crate::doc::Image>,
}

/// Lays out `doc` on pages of the paper size its metadata asks for.
///
/// Fails with a message naming the character and where it occurs if a character
/// cannot be drawn by any font of `fonts`.
pub fn layout(doc: &Document, fonts: &FontSet) -> Result<Layout, String> {
    layout_or_missing(doc, fonts).map_err(|(message, _)| message)
}

/// As [`layout`]; a failure for want of a glyph also names the character, so the
/// caller can look for a face that has it and try again.
pub fn layout_or_missing(
    doc: &Document,
    fonts: &FontSet,
) -> Result<Layout, (String, Option<char>)> {
    let geometry = Geometry::for_meta(&doc.meta);
    let mut b = Builder::new(fonts, geometry, &doc.meta);
    // The running header repeats the title and reference: check them up front.
    for (what, text) in [
        ("title", Some(doc.meta.title.as_str())),
        ("reference", doc.meta.reference.as_deref()),
        ("marking", doc.meta.marking.as_deref()),
    ] {
        if let Some(c) = text.and_then(|t| t.chars().find(|&c| !fonts.covers(c))) {
            let message = format!(
                "the character {c:?} (U+{:04X}) cannot be drawn with the embedded fonts; \
                 it occurs in the document {what} \"{}\"",
                c as u32,
                snippet(text.unwrap_or_default())
            );
            return Err((message, Some(c)));
        }
    }
    let missing = |b: &Builder, message: String| (message, b.missing.get());
    b.title_block(&doc.meta).map_err(|e| missing(&b, e))?;
    b.blocks(&doc.blocks, geometry.margin_left, geometry.frame_width())
        .map_err(|e| missing(&b, e))?;
    let notes = b.lay_out_notes().map_err(|e| missing(&b, e))?;
    let Builder {
        chunks,
        headers,
        outline,
        structure,
        mut images,
        ..
    } = b;
    let mut paged = pages::paginate(chunks, &headers, notes, &geometry);
    let total = paged.pages.len();
    let logo = doc
        .meta
        .style
        .logo
        .as_ref()
        .map(|l| figure::image_index(&mut images, l));
    for (index, page) in paged.pages.iter_mut().enumerate() {
        furniture::furniture(page, index, total, &doc.meta, fonts, &geometry, logo);
    }
    contents::fill_page_numbers(&mut paged, fonts);
    Ok(Layout {
        geometry,
        pages: paged.pages,
        destinations: paged.destinations,
        outline,
        structure: structure.nodes,
        images,
    })
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
