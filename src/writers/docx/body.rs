//! Writes the document body as WordprocessingML: cover lines, headings with bookmarks
//! and legal numbering, lists, tables with repeating header rows, the pre-filled
//! table-of-contents field, cross-references as REF fields to heading bookmarks, and
//! the tracked changes of a redline (`w:ins`, `w:del`, moves, `w:rPrChange`), and
//! footnotes (`w:footnoteReference` here, the notes themselves in [`notes`]).
//!
//! The body is written directly as text (in schema order, without per-element
//! allocations); the other parts come from the sibling modules.

mod columns;
mod notes;

use columns::column_widths;

pub use super::media::Media;

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::doc::{Block, Document, Formatting, Heading, Inline, List, Meta, Revision, TocEntry};
use crate::writers::WriteOptions;

use super::numbering::{BULLET_NUM_ID, MAX_LIST_DEPTH, NumberingBuilder, heading_indent};
use super::refs::{RefTarget, heading_plan};
use super::revisions::{move_name, row_revision, without_deletions};
use super::styles::{PageGeometry, heading_style, id, list_indent, toc_style};
use super::xml::{ParagraphProps, RunProps, XmlWriter};

/// Instruction of the table-of-contents field: levels 1–3, entries as links.
const TOC_INSTRUCTION: &str = r#"TOC \o "1-3" \h \z \u"#;
/// Fill of the header row of tables.
const HEADER_FILL: &str = "D9E2F3";
/// Tables with at most this many body rows are kept on one page (signature blocks,
/// small schedules); longer ones flow across pages with the header row repeated.
const KEEP_TOGETHER_ROWS: usize = 12;
/// Narrowest column a table gets, in twips (about 1.4 cm).
pub(super) const MIN_COLUMN: u32 = 800;
/// Relationship ids of the one running header and footer.
pub const HEADER_RID: &str = "rIdHeader1";
/// See [`HEADER_RID`].
pub const FOOTER_RID: &str = "rIdFooter1";

/// Everything the body produced.
#[derive(Debug)]
pub struct Body {
    /// The complete `word/document.xml`.
    pub document_xml: String,
    /// External link relationships `(id, escaped target)`, in order of appearance.
    pub links: Vec<(String, String)>,
    /// Numbering instances registered by the lists.
    pub numbering: NumberingBuilder,
    /// Whether a table-of-contents field was written (fields then need updating).
    pub has_toc: bool,
    /// `word/footnotes.xml` and its external links, when the document has footnotes.
    pub footnotes: Option<notes::FootnotesPart>,
    /// The images the body shows (the header adds the logo to them).
    pub media: Media,
}

/// Renders a whole document: cover lines from the metadata, then every block, then
/// the section properties (page size, margins, running heads).
pub fn render(doc: &Document, page: &PageGeometry, options: &WriteOptions) -> Body {
    let (word_numbered, ref_targets) = heading_plan(&doc.blocks, &doc.meta.labels.headings);
    let mut stamp = String::from(r#" w:author=""#);
    super::xml::push_escaped(&mut stamp, &options.revision_author, true);
    let _ = write!(
        stamp,
        r#"" w:date="{}""#,
        crate::civil::iso8601(options.timestamp)
    );
    let mut writer = BodyWriter {
        xml: XmlWriter {
            out: String::with_capacity(4096 + doc.blocks.len() * 400),
            stamp,
            ..XmlWriter::default()
        },
        page: *page,
        paper: doc.meta.paper,
        reference: options.docx.reference.clone(),
        bookmarks: bookmark_names(&doc.blocks),
        numbering: NumberingBuilder::new(&doc.meta.labels),
        word_numbered: word_numbered.into_iter(),
        ref_targets,
        links: Vec::new(),
        has_toc: false,
        last_was_table: false,
        page_break_pending: false,
        contents_title: doc.meta.furniture.contents.clone(),
        notes: notes::Notes::default(),
        list_depth: 0,
        footnote_format: super::numbering::number_format(doc.meta.labels.footnotes),
        media: Media::default(),
        labels: doc.meta.labels.clone(),
        header_fill: (doc.meta.style.colours.table_header).map_or(HEADER_FILL.into(), |c| c.hex()),
        rule_color: doc.meta.style.colours.rules.map(|c| c.hex()),
    };
    writer.xml.out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
        "<w:body>"
    ));
    writer.cover(&doc.meta);
    for block in &doc.blocks {
        writer.block(block, 0);
    }
    writer.flush_page_break();
    if writer.last_was_table || doc.blocks.is_empty() {
        writer.empty_paragraph();
    }
    writer.section_properties();
    writer.xml.out.push_str("</w:body></w:document>");
    Body {
        document_xml: writer.xml.out,
        links: writer.links,
        numbering: writer.numbering,
        has_toc: writer.has_toc,
        footnotes: writer.notes.into_part(),
        media: writer.media,
    }
}

fn plain() -> RunProps<'static> {
    RunProps::default()
}

/// Character formatting carried down through nested inlines.
#[derive(Debug, Clone, Copy, Default)]
struct RunFormat {
    bold: bool,
    italic: bool,
    strike: bool,
    link: bool,
    /// Formatting before a tracked formatting change.
    was: Option<Formatting>,
}

impl RunFormat {
    fn props(self, code: bool) -> RunProps<'static> {
        let was = self.was;
        let style = if code {
            Some(id::VERBATIM_CHAR)
        } else if self.link {
            Some(id::HYPERLINK)
        } else {
            None
        };
        RunProps {
            style,
            bold: self.bold,
            italic: self.italic,
            strike: self.strike,
            was,
            ..RunProps::default()
        }
    }
}

/// How a table cell is drawn.
#[derive(Debug, Clone, Copy)]
struct CellLook {
    /// Formatting of the cell text (bold in the header row).
    format: RunFormat,
    /// Whether the cell belongs to the header row (shaded).
    header: bool,
    /// Whether the cell's paragraph keeps with the next row.
    keep_next: bool,
}

struct BodyWriter {
    xml: XmlWriter,
    page: PageGeometry,
    /// The paper the document asks for (a reference document's page setup wins).
    paper: crate::doc::Paper,
    /// The reference document whose page setup and running heads the section takes.
    reference: Option<std::sync::Arc<super::ReferenceDocx>>,
    /// Heading anchor → Word bookmark name.
    bookmarks: HashMap<String, String>,
    numbering: NumberingBuilder,
    /// For each heading of the newer text in order: whether Word's numbering shows it.
    word_numbered: std::vec::IntoIter<bool>,
    /// What a REF field to a heading's bookmark shows.
    ref_targets: HashMap<String, RefTarget>,
    links: Vec<(String, String)>,
    has_toc: bool,
    last_was_table: bool,
    /// A page break waits for the next paragraph, which then starts the new page
    /// (a paragraph holding only a break would leave an empty line at the top).
    page_break_pending: bool,
    /// Heading of the table of contents, in the document's language.
    contents_title: String,
    /// The footnotes written so far.
    notes: notes::Notes,
    /// How many lists enclose the blocks written now (list labels follow the depth).
    list_depth: usize,
    /// Word's number format of the footnote marks (`w:footnotePr`).
    footnote_format: &'static str,
    /// The images shown so far.
    media: Media,
    /// The label scheme (heading numbers written as text, contents entries).
    labels: crate::doc::Labels,
    /// Fill of table header rows, and the theme's colour of rules.
    header_fill: String,
    rule_color: Option<String>,
}

impl BodyWriter {
    fn open(&mut self, props: &ParagraphProps) {
        self.last_was_table = false;
        if std::mem::take(&mut self.page_break_pending) {
            let props = ParagraphProps {
                page_break_before: true,
                ..*props
            };
            self.xml.open_paragraph(&props);
        } else {
            self.xml.open_paragraph(props);
        }
    }

    /// Writes a waiting page break as a paragraph of its own (before a table or at
    /// the end of the document, where no paragraph can carry it).
    fn flush_page_break(&mut self) {
        if std::mem::take(&mut self.page_break_pending) {
            self.last_was_table = false;
            self.xml.open_paragraph(&ParagraphProps::default());
            self.xml.element_run(&plain(), r#"<w:br w:type="page"/>"#);
            self.xml.close_paragraph();
        }
    }

    fn empty_paragraph(&mut self) {
        self.open(&ParagraphProps::default());
        self.xml.close_paragraph();
    }

    fn styled_text(&mut self, style: &str, text: &str) {
        self.open(&ParagraphProps {
            style: Some(style),
            ..ParagraphProps::default()
        });
        self.xml.text_run(&plain(), text);
        self.xml.close_paragraph();
    }

    /// An image as an inline drawing, at most the text width wide (the writer
    /// refused unloaded images before it began).
    fn image(&mut self, image: &crate::doc::Image, props: RunProps) {
        let Some(part) = self.media.part(image) else {
            return;
        };
        let width = self.page.text_width() as f32 / 20.0;
        let drawing = self
            .media
            .drawing(image, &super::media::image_rid(part), width);
        self.xml.element_run(&props, &drawing);
    }

    fn cover(&mut self, meta: &Meta) {
        if let Some(logo) = &meta.style.logo {
            self.open(&ParagraphProps::default());
            self.image(logo, plain());
            self.xml.close_paragraph();
        }
        if !meta.title.trim().is_empty() {
            self.styled_text(id::TITLE, &meta.title);
        }
        if let Some(subtitle) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            self.styled_text(id::SUBTITLE, subtitle);
        }
        if let Some(reference) = meta.reference.as_deref().filter(|s| !s.trim().is_empty()) {
            self.styled_text(
                id::CAPTION,
                &format!("{}: {reference}", meta.furniture.reference),
            );
        }
        if let Some(marking) = meta.marking.as_deref().filter(|m| !m.trim().is_empty()) {
            self.styled_text(id::CAPTION, marking);
        }
    }

    fn section_properties(&mut self) {
        let p = &self.page;
        let footnote_props = if self.notes.is_empty() {
            String::new()
        } else {
            format!(
                r#"<w:footnotePr><w:numFmt w:val="{}"/></w:footnotePr>"#,
                self.footnote_format
            )
        };
        if let Some(reference) = &self.reference {
            reference.push_section(&mut self.xml.out, &footnote_props, self.paper);
            return;
        }
        let _ = write!(
            self.xml.out,
            concat!(
                r#"<w:sectPr><w:headerReference w:type="default" r:id="{header}"/>"#,
                r#"<w:footerReference w:type="default" r:id="{footer}"/>"#,
                "{footnotes}",
                r#"<w:pgSz w:w="{w}" w:h="{h}"/>"#,
                r#"<w:pgMar w:top="{t}" w:right="{r}" w:bottom="{b}" w:left="{l}" w:header="709" w:footer="709" w:gutter="0"/>"#,
                r#"<w:cols w:space="720"/></w:sectPr>"#
            ),
            header = HEADER_RID,
            footer = FOOTER_RID,
            footnotes = footnote_props,
            w = p.width,
            h = p.height,
            t = p.top,
            r = p.right,
            b = p.bottom,
            l = p.left,
        );
    }

    /// Renders one block; `quote` is the block-quote nesting depth.
    fn block(&mut self, block: &Block, quote: usize) {
        match block {
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(inlines) => {
                let mut props = ParagraphProps::default();
                if self.notes.writing() {
                    props.style = Some(id::FOOTNOTE_TEXT);
                }
                if quote > 0 {
                    props.style = Some(id::QUOTE);
                    if quote > 1 {
                        props.indent = Some((720 * quote as i32, 0));
                        props.right_indent = Some(720);
                    }
                }
                self.open(&props);
                self.inlines(inlines, RunFormat::default());
                self.xml.close_paragraph();
            }
            Block::List(list) => self.list(list, self.list_depth, quote),
            Block::Table(table) => self.table(table),
            Block::BlockQuote(blocks) => {
                for b in blocks {
                    self.block(b, quote + 1);
                }
            }
            Block::CodeBlock { text, .. } => {
                self.open(&ParagraphProps {
                    style: Some(id::SOURCE_CODE),
                    ..ParagraphProps::default()
                });
                let text = text.strip_suffix('\n').unwrap_or(text);
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        self.xml.element_run(&plain(), "<w:br/>");
                    }
                    self.xml.text_run(&plain(), line.trim_end_matches('\r'));
                }
                self.xml.close_paragraph();
            }
            Block::ThematicBreak => {
                let colour = self.rule_color.clone();
                self.open(&ParagraphProps {
                    bottom_rule: true,
                    rule_color: colour.as_deref(),
                    ..ParagraphProps::default()
                });
                self.xml.close_paragraph();
            }
            Block::PageBreak => {
                self.flush_page_break();
                self.page_break_pending = true;
            }
            Block::Toc(entries) => self.toc(entries),
            Block::Revised { revision, blocks } => self.revised(*revision, blocks, quote),
        }
    }

    /// Blocks inserted, deleted or moved: every paragraph mark, run and table row is
    /// marked; a move is wrapped in a named move range so Word pairs both places.
    fn revised(&mut self, revision: Revision, blocks: &[Block], quote: usize) {
        let range = match revision {
            Revision::MovedFrom => Some("w:moveFromRange"),
            Revision::MovedTo => Some("w:moveToRange"),
            _ => None,
        };
        let range_id = range.map(|element| {
            self.flush_page_break();
            let id = self.xml.take_id();
            let name = move_name(blocks);
            let _ = write!(
                self.xml.out,
                r#"<{element}Start w:id="{id}"{} w:name="{name}"/>"#,
                self.xml.stamp
            );
            id
        });
        let kept;
        let blocks = if matches!(revision, Revision::MovedTo) {
            kept = without_deletions(blocks);
            &kept[..]
        } else {
            blocks
        };
        let outer = self.xml.revision.replace(revision);
        for block in blocks {
            self.block(block, quote);
        }
        self.xml.revision = outer;
        if let (Some(element), Some(id)) = (range, range_id) {
            self.flush_page_break();
            let _ = write!(self.xml.out, r#"<{element}End w:id="{id}"/>"#);
        }
    }

    fn heading(&mut self, h: &Heading) {
        let level = h.level.clamp(1, 6);
        let mut props = ParagraphProps {
            style: Some(heading_style(level)),
            ..ParagraphProps::default()
        };
        let model_number = if h.numbered {
            h.number.as_deref()
        } else {
            None
        };
        let mut literal = None;
        // A deleted heading keeps Word's numbering and takes no part in the plan: it
        // is not in the newer text.
        let deleted = self.xml.revision.is_some_and(|r| !r.is_new());
        let word_numbers = deleted || self.word_numbered.next().unwrap_or(false);
        match model_number {
            // Word's list numbering yields the model's number: let the style number it.
            Some(_) if word_numbers => {}
            // Word would count differently here: switch the list off and write the
            // model's number as text, so every format shows the same number.
            Some(n) => {
                let indent = heading_indent(usize::from(level) - 1);
                props.numbering = Some((0, 0));
                props.indent = Some((indent, indent));
                literal = Some(n);
            }
            None => props.numbering = Some((0, 0)),
        }
        self.open(&props);
        if let Some(n) = literal {
            self.xml.text_run(&plain(), &self.labels.heading(level, n));
            self.xml.element_run(&plain(), "<w:tab/>");
        }
        // Bookmarks name the newer text only (a moved heading appears twice).
        let bookmark = h
            .anchor
            .as_ref()
            .filter(|_| !deleted)
            .and_then(|a| self.bookmarks.get(a))
            .cloned();
        let bookmark_id = bookmark.map(|name| {
            let id = self.xml.take_id();
            self.xml.bookmark_start(id, &name);
            id
        });
        self.inlines(&h.content, RunFormat::default());
        if let Some(id) = bookmark_id {
            self.xml.bookmark_end(id);
        }
        self.xml.close_paragraph();
    }

    fn toc(&mut self, entries: &[TocEntry]) {
        let entries: Vec<&TocEntry> = entries
            .iter()
            .filter(|e| (1..=3).contains(&e.level))
            .collect();
        let Some(last) = entries.len().checked_sub(1) else {
            return;
        };
        self.has_toc = true;
        let title = std::mem::take(&mut self.contents_title);
        self.styled_text(id::TOC_HEADING, &title);
        self.contents_title = title;
        for (i, entry) in entries.iter().enumerate() {
            self.open(&ParagraphProps {
                style: Some(toc_style(entry.level)),
                ..ParagraphProps::default()
            });
            if i == 0 {
                self.xml.field_begin(&plain(), TOC_INSTRUCTION);
            }
            // Page numbers are not known before Word lays the document out: the cached
            // entries carry none, and Word adds them when it updates the field on opening.
            let bookmark = self.bookmarks.get(&entry.anchor);
            if let Some(name) = bookmark {
                self.xml.open_anchor_link(name);
            }
            if let Some(number) = &entry.number {
                let number = self.labels.heading(entry.level, number);
                self.xml.text_run(&plain(), &number);
                self.xml.element_run(&plain(), "<w:tab/>");
            }
            self.xml.text_run(&plain(), &entry.title);
            if bookmark.is_some() {
                self.xml.close_link();
            }
            if i == last {
                self.xml.field_end(&plain());
            }
            self.xml.close_paragraph();
        }
    }

    fn list(&mut self, list: &List, depth: usize, quote: usize) {
        let depth = depth.min(MAX_LIST_DEPTH);
        let (num_id, style) = match list.start {
            Some(start) => (
                self.numbering.new_ordered_list(depth, start),
                id::LIST_NUMBER,
            ),
            None => (BULLET_NUM_ID, id::LIST_BULLET),
        };
        let numbered = ParagraphProps {
            style: Some(style),
            numbering: Some((num_id, depth)),
            ..ParagraphProps::default()
        };
        let continuation = ParagraphProps {
            style: Some(id::LIST_PARAGRAPH),
            indent: Some((list_indent(depth).0, 0)),
            ..ParagraphProps::default()
        };
        for item in &list.items {
            let mut first = true;
            for block in item {
                match block {
                    Block::Paragraph(inlines) => {
                        self.open(if first { &numbered } else { &continuation });
                        self.inlines(inlines, RunFormat::default());
                        self.xml.close_paragraph();
                    }
                    other => {
                        if first {
                            self.open(&numbered);
                            self.xml.close_paragraph();
                        }
                        match other {
                            Block::List(inner) => self.list(inner, depth + 1, quote),
                            _ => {
                                let outer = std::mem::replace(&mut self.list_depth, depth + 1);
                                self.block(other, quote);
                                self.list_depth = outer;
                            }
                        }
                    }
                }
                first = false;
            }
            if first {
                self.open(&numbered);
                self.xml.close_paragraph();
            }
        }
    }

    fn table(&mut self, table: &crate::doc::Table) {
        let columns = table
            .alignments
            .len()
            .max(table.header.len())
            .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        if self.last_was_table && !self.page_break_pending {
            // Two tables in a row would merge into one in Word.
            self.empty_paragraph();
        }
        self.flush_page_break();
        let widths = column_widths(table, columns, self.page.text_width());
        let total: u32 = widths.iter().sum();
        let _ = write!(
            self.xml.out,
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="{}"/><w:tblW w:w="{total}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#,
            id::TABLE_GRID
        );
        for w in &widths {
            let _ = write!(self.xml.out, r#"<w:gridCol w:w="{w}"/>"#);
        }
        self.xml.out.push_str("</w:tblGrid>");
        let has_header = table
            .header
            .iter()
            .any(|cell| !Inline::plain_text(cell).trim().is_empty());
        if has_header {
            // The header row repeats on every page the table runs over and never splits.
            self.xml
                .out
                .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/>");
            self.row_mark();
            self.xml.out.push_str("</w:trPr>");
            let bold = RunFormat {
                bold: true,
                ..RunFormat::default()
            };
            let keep = !table.rows.is_empty() && table.rows.len() <= KEEP_TOGETHER_ROWS;
            for (c, &width) in widths.iter().enumerate() {
                let look = CellLook {
                    format: bold,
                    header: true,
                    keep_next: keep,
                };
                self.cell(table, c, table.header.get(c), width, look);
            }
            self.xml.out.push_str("</w:tr>");
        }
        let short = table.rows.len() <= KEEP_TOGETHER_ROWS;
        for (r, row) in table.rows.iter().enumerate() {
            // Keeping every row but the last with the next keeps a short table whole.
            let keep = short && r + 1 < table.rows.len();
            // Rows move to the next page whole rather than split (a row taller than a
            // page still breaks).
            let outer = self.xml.revision;
            if let Some(revision) = row_revision(row) {
                self.xml.revision = Some(revision);
            }
            self.xml.out.push_str("<w:tr><w:trPr><w:cantSplit/>");
            self.row_mark();
            self.xml.out.push_str("</w:trPr>");
            for (c, &width) in widths.iter().enumerate() {
                let look = CellLook {
                    format: RunFormat::default(),
                    header: false,
                    keep_next: keep,
                };
                self.cell(table, c, row.get(c), width, look);
            }
            self.xml.out.push_str("</w:tr>");
            self.xml.revision = outer;
        }
        self.xml.out.push_str("</w:tbl>");
        self.last_was_table = true;
    }

    /// Marks a table row inserted or deleted (rows know no moves).
    fn row_mark(&mut self) {
        if let Some(revision) = self.xml.revision {
            let element = if revision.is_new() { "w:ins" } else { "w:del" };
            let id = self.xml.take_id();
            let _ = write!(
                self.xml.out,
                r#"<{element} w:id="{id}"{}/>"#,
                self.xml.stamp
            );
        }
    }

    fn cell(
        &mut self,
        table: &crate::doc::Table,
        column: usize,
        content: Option<&Vec<Inline>>,
        width: u32,
        look: CellLook,
    ) {
        let CellLook {
            format,
            header,
            keep_next,
        } = look;
        let _ = write!(
            self.xml.out,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#
        );
        if header {
            let _ = write!(
                self.xml.out,
                r#"<w:shd w:val="clear" w:color="auto" w:fill="{}"/>"#,
                self.header_fill
            );
        }
        self.xml.out.push_str("</w:tcPr>");
        let justification = match table.alignments.get(column) {
            Some(crate::doc::Align::Center) => Some("center"),
            Some(crate::doc::Align::Right) => Some("right"),
            _ => None,
        };
        self.xml.open_paragraph(&ParagraphProps {
            style: Some(id::TABLE_TEXT),
            keep_next,
            justification,
            ..ParagraphProps::default()
        });
        if let Some(inlines) = content {
            self.inlines(inlines, format);
        }
        self.xml.close_paragraph();
        self.xml.out.push_str("</w:tc>");
    }

    fn inlines(&mut self, inlines: &[Inline], format: RunFormat) {
        for inline in inlines {
            self.inline(inline, format);
        }
    }

    fn inline(&mut self, inline: &Inline, format: RunFormat) {
        match inline {
            Inline::Text(t) => self.xml.text_run(&format.props(false), t),
            Inline::Emph(c) => self.inlines(
                c,
                RunFormat {
                    italic: true,
                    ..format
                },
            ),
            Inline::Strong(c) => self.inlines(
                c,
                RunFormat {
                    bold: true,
                    ..format
                },
            ),
            Inline::Strikethrough(c) => self.inlines(
                c,
                RunFormat {
                    strike: true,
                    ..format
                },
            ),
            Inline::Code(t) => self.xml.text_run(&format.props(true), t),
            Inline::SoftBreak => self.xml.text_run(&format.props(false), " "),
            Inline::LineBreak => self.xml.element_run(&format.props(false), "<w:br/>"),
            Inline::Footnote(note) => self.footnote(note, format),
            Inline::Image(image) => self.image(image, format.props(false)),
            Inline::CrossRef { anchor, text } => match self.bookmarks.get(anchor).cloned() {
                Some(name) => {
                    self.xml.open_anchor_link(&name);
                    self.cross_ref(&name, anchor, text, format);
                    self.xml.close_link();
                }
                None => self.xml.text_run(&format.props(false), text),
            },
            Inline::Revised { revision, content } => {
                let outer = self.xml.revision.replace(*revision);
                self.inlines(content, format);
                self.xml.revision = outer;
            }
            Inline::Reformatted { was, content } => self.inlines(
                content,
                RunFormat {
                    was: Some(*was),
                    ..format
                },
            ),
            Inline::Link { url, content } => {
                let opened = if let Some(anchor) = url.strip_prefix('#') {
                    match self.bookmarks.get(anchor) {
                        Some(name) => {
                            self.xml.open_anchor_link(name);
                            true
                        }
                        None => false,
                    }
                } else if url.trim().is_empty() {
                    false
                } else {
                    // A link in a note is a relationship of the footnotes part.
                    let links = self.notes.links_mut().unwrap_or(&mut self.links);
                    let rid = format!("rIdHyperlink{}", links.len() + 1);
                    self.xml.open_external_link(&rid);
                    links.push((rid, uri_target(url)));
                    true
                };
                let inner = if opened {
                    RunFormat {
                        link: true,
                        ..format
                    }
                } else {
                    format
                };
                self.link_content(content, inner);
                if opened {
                    self.xml.close_link();
                }
            }
        }
    }

    /// A cross-reference inside its hyperlink: a REF field to the heading's bookmark
    /// whose cached result is the resolved number ("clause " then the field "12.2"),
    /// so Word renumbers it after an edit; text the field cannot produce stays text.
    fn cross_ref(&mut self, bookmark: &str, anchor: &str, text: &str, format: RunFormat) {
        let props = format.props(false);
        let (before, cached, switch) = match self.ref_targets.get(anchor) {
            Some(RefTarget::Number(n)) => match text.strip_suffix(n.as_str()) {
                Some(before) => (before, n.as_str(), r" \r \h"),
                None => (text, "", ""),
            },
            Some(RefTarget::Title(t)) => match text.strip_suffix(t.as_str()) {
                Some(before) => (before, t.as_str(), r" \h"),
                None => (text, "", ""),
            },
            None => (text, "", ""),
        };
        self.xml.text_run(&props, before);
        if !cached.is_empty() {
            self.xml
                .field_begin(&props, &format!("REF {bookmark}{switch}"));
            self.xml.text_run(&props, cached);
            self.xml.field_end(&props);
        }
    }

    /// Content inside a hyperlink: a link cannot hold another link, so nested links
    /// and cross-references become text.
    fn link_content(&mut self, inlines: &[Inline], format: RunFormat) {
        for inline in inlines {
            match inline {
                Inline::Link { content, .. } => self.link_content(content, format),
                Inline::CrossRef { text, .. } => self.xml.text_run(&format.props(false), text),
                Inline::Revised { revision, content } => {
                    let outer = self.xml.revision.replace(*revision);
                    self.link_content(content, format);
                    self.xml.revision = outer;
                }
                Inline::Emph(c) => self.link_content(
                    c,
                    RunFormat {
                        italic: true,
                        ..format
                    },
                ),
                Inline::Strong(c) => self.link_content(
                    c,
                    RunFormat {
                        bold: true,
                        ..format
                    },
                ),
                Inline::Strikethrough(c) => self.link_content(
                    c,
                    RunFormat {
                        strike: true,
                        ..format
                    },
                ),
                other => self.inline(other, format),
            }
        }
    }
}

/// A relationship target Word's package reader accepts: characters a URI cannot hold
/// are percent-encoded, and `&` and `'` are escaped for the XML attribute (the
/// package writes the target into the relationship as given).
fn uri_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.trim().bytes() {
        match byte {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&apos;"),
            b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' => {
                out.push_str(&format!("%{byte:02X}"))
            }
            b if b.is_ascii_graphic() => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Word bookmark names for every heading anchor: `_Ref_` plus the anchor reduced to
/// letters, digits and underscores, at most 40 characters, unique in the document.
/// The leading underscore keeps them out of Word's visible bookmark list.
pub(super) fn bookmark_names(blocks: &[Block]) -> HashMap<String, String> {
    let mut names = HashMap::new();
    let mut used = std::collections::HashSet::new();
    let mut anchors = Vec::new();
    collect_anchors(blocks, &mut anchors);
    for anchor in anchors {
        if names.contains_key(anchor) {
            continue;
        }
        let cleaned: String = anchor
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let mut base = format!("_Ref_{cleaned}");
        base.truncate(40);
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            let suffix = format!("_{n}");
            let mut stem = base.clone();
            stem.truncate(40 - suffix.len());
            name = format!("{stem}{suffix}");
            n += 1;
        }
        used.insert(name.clone());
        names.insert(anchor.to_string(), name);
    }
    names
}

fn collect_anchors<'a>(blocks: &'a [Block], out: &mut Vec<&'a str>) {
    for block in blocks {
        match block {
            Block::Heading(Heading {
                anchor: Some(anchor),
                ..
            }) => out.push(anchor),
            Block::BlockQuote(inner) | Block::Revised { blocks: inner, .. } => {
                collect_anchors(inner, out)
            }
            Block::List(list) => {
                for item in &list.items {
                    collect_anchors(item, out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.to_string())]
    }

    #[test]
    fn bookmark_names_are_word_safe_and_unique() {
        let heading = |anchor: &str| {
            Block::Heading(Heading {
                level: 1,
                number: None,
                anchor: Some(anchor.to_string()),
                numbered: true,
                content: text("x"),
                clause: None,
            })
        };
        let long = "a-very-long-anchor-that-goes-on-and-on-beyond-forty-characters";
        let blocks = vec![
            heading("limitation-of-liability"),
            heading("limitation_of_liability"),
            heading(long),
            heading(&format!("{long}-2")),
        ];
        let names = bookmark_names(&blocks);
        assert_eq!(
            names["limitation-of-liability"],
            "_Ref_limitation_of_liability"
        );
        assert_eq!(
            names["limitation_of_liability"],
            "_Ref_limitation_of_liability_2"
        );
        assert!(names[long].len() <= 40);
        assert_ne!(names[long], names[&format!("{long}-2")]);
        assert!(names.values().all(|n| n.len() <= 40));
    }

    #[test]
    fn uri_targets_are_percent_encoded() {
        assert_eq!(
            uri_target("https://example.com/a b?x=1&y=ü'\"<"),
            "https://example.com/a%20b?x=1&amp;y=%C3%BC&apos;%22%3C"
        );
    }
}
