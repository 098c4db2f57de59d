//! Translates the document model's blocks and inlines into docx-rs paragraphs and
//! tables, with bookmarks on headings, internal links for cross-references, and the
//! pre-filled table-of-contents field.

use std::collections::HashMap;

use docx_rs::{
    BorderType, BreakType, FieldCharType, Footer, Header, Hyperlink, HyperlinkData, HyperlinkType,
    IndentLevel, InstrText, NumberingId, Paragraph, ParagraphBorder, ParagraphBorderPosition, Run,
    Shading, ShdType, SpecialIndentType, Table, TableCell, TableLayoutType, TableRow, WidthType,
};

use crate::doc::{Block, Document, Heading, Inline, List, Meta, TocEntry};

use super::numbering::{
    BULLET_NUM_ID, HeadingCounter, MAX_LIST_DEPTH, NumberingBuilder, heading_indent,
};
use super::styles::{self, PageGeometry, heading_style, id, list_indent, toc_style};

/// Title of the table of contents.
const TOC_TITLE: &str = "Contents";
/// Instruction of the table-of-contents field: levels 1–3, entries as links.
const TOC_INSTRUCTION: &str = r#"TOC \o "1-3" \h \z \u"#;
/// Fill of the header row of tables.
const HEADER_FILL: &str = "D9E2F3";
/// Narrowest column a table gets, in twips (about 1.4 cm).
const MIN_COLUMN: u32 = 800;

/// One child of the document body, in order.
#[derive(Debug)]
pub enum BodyChild {
    /// A paragraph.
    Paragraph(Box<Paragraph>),
    /// A table.
    Table(Box<Table>),
}

/// Everything the body produced: children, the lists' numbering, and running heads.
#[derive(Debug)]
pub struct Body {
    /// Body children in reading order.
    pub children: Vec<BodyChild>,
    /// Numbering instances registered by the lists.
    pub numbering: NumberingBuilder,
    /// Whether a table-of-contents field was written (fields then need updating).
    pub has_toc: bool,
    /// Running header.
    pub header: Header,
    /// Running footer.
    pub footer: Footer,
}

/// Renders a whole document: cover lines from the metadata, then every block.
pub fn render(doc: &Document, page: &PageGeometry) -> Body {
    let mut writer = BodyWriter {
        page: *page,
        bookmarks: bookmark_names(&doc.blocks),
        children: Vec::new(),
        numbering: NumberingBuilder::default(),
        headings: HeadingCounter::default(),
        next_para_id: 1,
        next_bookmark_id: 1,
        next_link_id: 1,
        has_toc: false,
    };
    writer.cover(&doc.meta);
    for block in &doc.blocks {
        writer.block(block, 0);
    }
    if matches!(writer.children.last(), Some(BodyChild::Table(_)) | None) {
        let p = writer.para();
        writer.push(p);
    }
    let header = writer.header(&doc.meta);
    let footer = writer.footer();
    Body {
        children: writer.children,
        numbering: writer.numbering,
        has_toc: writer.has_toc,
        header,
        footer,
    }
}

/// Character formatting carried down through nested inlines.
#[derive(Debug, Clone, Copy, Default)]
struct RunFormat {
    bold: bool,
    italic: bool,
    strike: bool,
    link: bool,
}

struct BodyWriter {
    page: PageGeometry,
    /// Heading anchor → Word bookmark name.
    bookmarks: HashMap<String, String>,
    children: Vec<BodyChild>,
    numbering: NumberingBuilder,
    headings: HeadingCounter,
    next_para_id: u32,
    next_bookmark_id: usize,
    next_link_id: usize,
    has_toc: bool,
}

impl BodyWriter {
    /// A new paragraph with a deterministic `w14:paraId` (docx-rs would draw one from a
    /// per-thread counter, which differs between documents built in one process).
    fn para(&mut self) -> Paragraph {
        let id = format!("{:08X}", self.next_para_id);
        self.next_para_id += 1;
        Paragraph::new().id(id)
    }

    fn push(&mut self, p: Paragraph) {
        self.children.push(BodyChild::Paragraph(Box::new(p)));
    }

    fn cover(&mut self, meta: &Meta) {
        if !meta.title.trim().is_empty() {
            let p = self.para().style(id::TITLE);
            let p = add_text(p, &meta.title, RunFormat::default());
            self.push(p);
        }
        if let Some(subtitle) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            let p = self.para().style(id::SUBTITLE);
            let p = add_text(p, subtitle, RunFormat::default());
            self.push(p);
        }
        if let Some(reference) = meta.reference.as_deref().filter(|s| !s.trim().is_empty()) {
            let p = self.para().style(id::CAPTION);
            let p = add_text(p, &format!("Reference: {reference}"), RunFormat::default());
            self.push(p);
        }
    }

    fn header(&mut self, meta: &Meta) -> Header {
        let mut p = self.para().style(id::HEADER);
        p = add_text(p, &meta.title, RunFormat::default());
        if let Some(reference) = meta.reference.as_deref().filter(|s| !s.trim().is_empty()) {
            p = p.add_run(Run::new().add_tab().add_tab());
            p = add_text(p, reference, RunFormat::default());
        }
        Header::new().add_paragraph(p)
    }

    fn footer(&mut self) -> Footer {
        let mut p = self.para().style(id::FOOTER);
        p = p.add_run(Run::new().add_tab().add_text("Page "));
        for run in field_runs("PAGE", "1", RunFormat::default()) {
            p = p.add_run(run);
        }
        p = p.add_run(Run::new().add_text(" of "));
        for run in field_runs("NUMPAGES", "1", RunFormat::default()) {
            p = p.add_run(run);
        }
        Footer::new().add_paragraph(p)
    }

    /// Renders one block; `quote` is the block-quote nesting depth.
    fn block(&mut self, block: &Block, quote: usize) {
        match block {
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(inlines) => {
                let mut p = self.para();
                if quote > 0 {
                    p = p.style(id::QUOTE);
                    if quote > 1 {
                        p = p.indent(Some(720 * quote as i32), None, Some(720), None);
                    }
                }
                let p = self.inlines(p, inlines, RunFormat::default());
                self.push(p);
            }
            Block::List(list) => self.list(list, 0, quote),
            Block::Table(table) => self.table(table),
            Block::BlockQuote(blocks) => {
                for b in blocks {
                    self.block(b, quote + 1);
                }
            }
            Block::CodeBlock { text, .. } => {
                let mut p = self.para().style(id::SOURCE_CODE);
                let text = text.strip_suffix('\n').unwrap_or(text);
                for (i, line) in text.split('\n').enumerate() {
                    let mut run = Run::new();
                    if i > 0 {
                        run = run.add_break(BreakType::TextWrapping);
                    }
                    p = p.add_run(add_run_text(run, line.trim_end_matches('\r')));
                }
                self.push(p);
            }
            Block::ThematicBreak => {
                let mut p = self.para();
                p.property = p.property.set_borders(
                    docx_rs::ParagraphBorders::with_empty().set(
                        ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                            .val(BorderType::Single)
                            .size(6)
                            .space(1)
                            .color("A6A6A6"),
                    ),
                );
                self.push(p);
            }
            Block::PageBreak => {
                let p = self.para().add_run(Run::new().add_break(BreakType::Page));
                self.push(p);
            }
            Block::Toc(entries) => self.toc(entries),
        }
    }

    fn heading(&mut self, h: &Heading) {
        let level = h.level.clamp(1, 6);
        let mut p = self.para().style(heading_style(level));
        let model_number = if h.numbered {
            h.number.as_deref()
        } else {
            None
        };
        match model_number {
            // Word's list numbering yields the model's number: let the style number it.
            Some(n) if self.headings.peek(level).as_deref() == Some(n) => {
                self.headings.advance(level);
            }
            // Word would count differently here: switch the list off and write the
            // model's number as text, so every format shows the same number.
            Some(n) => {
                let indent = heading_indent(usize::from(level) - 1);
                p = p
                    .numbering(NumberingId::new(0), IndentLevel::new(0))
                    .indent(
                        Some(indent),
                        Some(SpecialIndentType::Hanging(indent)),
                        None,
                        None,
                    )
                    .add_run(add_run_text(Run::new(), n).add_tab());
            }
            None => p = p.numbering(NumberingId::new(0), IndentLevel::new(0)),
        }
        let bookmark = h
            .anchor
            .as_ref()
            .and_then(|a| self.bookmarks.get(a))
            .cloned();
        let bookmark_id = bookmark.as_ref().map(|name| {
            let id = self.next_bookmark_id;
            self.next_bookmark_id += 1;
            p.children.push(docx_rs::ParagraphChild::BookmarkStart(
                docx_rs::BookmarkStart::new(id, name.clone()),
            ));
            id
        });
        p = self.inlines(p, &h.content, RunFormat::default());
        if let Some(id) = bookmark_id {
            p = p.add_bookmark_end(id);
        }
        self.push(p);
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
        let title = self.para().style(id::TOC_HEADING);
        let title = add_text(title, TOC_TITLE, RunFormat::default());
        self.push(title);
        for (i, entry) in entries.iter().enumerate() {
            let mut p = self.para().style(toc_style(entry.level));
            if i == 0 {
                p = p
                    .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
                    .add_run(
                        Run::new()
                            .add_instr_text(InstrText::Unsupported(format!(" {TOC_INSTRUCTION} "))),
                    )
                    .add_run(Run::new().add_field_char(FieldCharType::Separate, false));
            }
            let mut runs = Vec::new();
            if let Some(number) = &entry.number {
                runs.push(add_run_text(Run::new(), number).add_tab());
            }
            runs.push(add_run_text(Run::new(), &entry.title));
            // Page numbers are not known before Word lays the document out: the cached
            // entries carry none, and Word adds them when it updates the field on opening.
            match self.bookmarks.get(&entry.anchor) {
                Some(name) => {
                    let mut link = Hyperlink::new(name.clone(), HyperlinkType::Anchor);
                    link.children = runs
                        .into_iter()
                        .map(|r| docx_rs::ParagraphChild::Run(Box::new(r)))
                        .collect();
                    p = p.add_hyperlink(link);
                }
                None => {
                    for run in runs {
                        p = p.add_run(run);
                    }
                }
            }
            if i == last {
                p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
            }
            self.push(p);
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
        let numbered = |w: &mut BodyWriter| {
            w.para()
                .style(style)
                .numbering(NumberingId::new(num_id), IndentLevel::new(depth))
        };
        for item in &list.items {
            let mut first = true;
            for block in item {
                match block {
                    Block::Paragraph(inlines) => {
                        let p = if first {
                            numbered(self)
                        } else {
                            let (left, _) = list_indent(depth);
                            self.para().style(id::LIST_PARAGRAPH).indent(
                                Some(left),
                                None,
                                None,
                                None,
                            )
                        };
                        let p = self.inlines(p, inlines, RunFormat::default());
                        self.push(p);
                    }
                    other => {
                        if first {
                            let p = numbered(self);
                            self.push(p);
                        }
                        match other {
                            Block::List(inner) => self.list(inner, depth + 1, quote),
                            _ => self.block(other, quote),
                        }
                    }
                }
                first = false;
            }
            if first {
                let p = numbered(self);
                self.push(p);
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
        if matches!(self.children.last(), Some(BodyChild::Table(_))) {
            // Two tables in a row would merge into one in Word.
            let p = self.para();
            self.push(p);
        }
        let widths = column_widths(table, columns, self.page.text_width());
        let has_header = table
            .header
            .iter()
            .any(|cell| !Inline::plain_text(cell).trim().is_empty());
        let mut rows = Vec::with_capacity(table.rows.len() + 1);
        if has_header {
            let bold = RunFormat {
                bold: true,
                ..RunFormat::default()
            };
            let cells = (0..columns)
                .map(|c| {
                    let cell = self.cell(table, c, table.header.get(c), widths[c], bold);
                    cell.shading(
                        Shading::new()
                            .shd_type(ShdType::Clear)
                            .color("auto")
                            .fill(HEADER_FILL),
                    )
                })
                .collect();
            // `cantSplit` marks the header row; the package step adds `w:tblHeader`
            // next to it (docx-rs has no setter), so the row repeats on every page.
            rows.push(TableRow::new(cells).cant_split());
        }
        for row in &table.rows {
            let cells = (0..columns)
                .map(|c| self.cell(table, c, row.get(c), widths[c], RunFormat::default()))
                .collect();
            rows.push(TableRow::new(cells));
        }
        let total: u32 = widths.iter().sum();
        let t = Table::new(rows)
            .style(id::TABLE_GRID)
            .set_grid(widths.iter().map(|&w| w as usize).collect())
            .width(total as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed);
        self.children.push(BodyChild::Table(Box::new(t)));
    }

    fn cell(
        &mut self,
        table: &crate::doc::Table,
        column: usize,
        content: Option<&Vec<Inline>>,
        width: u32,
        format: RunFormat,
    ) -> TableCell {
        let mut p = self.para().style(id::TABLE_TEXT);
        if let Some(align) = table
            .alignments
            .get(column)
            .copied()
            .and_then(styles::alignment)
        {
            p = p.align(align);
        }
        if let Some(inlines) = content {
            p = self.inlines(p, inlines, format);
        }
        TableCell::new()
            .width(width as usize, WidthType::Dxa)
            .add_paragraph(p)
    }

    fn inlines(&mut self, mut p: Paragraph, inlines: &[Inline], format: RunFormat) -> Paragraph {
        for inline in inlines {
            p = self.inline(p, inline, format);
        }
        p
    }

    fn inline(&mut self, p: Paragraph, inline: &Inline, format: RunFormat) -> Paragraph {
        match inline {
            Inline::Text(t) => add_text(p, t, format),
            Inline::Emph(c) => self.inlines(
                p,
                c,
                RunFormat {
                    italic: true,
                    ..format
                },
            ),
            Inline::Strong(c) => self.inlines(
                p,
                c,
                RunFormat {
                    bold: true,
                    ..format
                },
            ),
            Inline::Strikethrough(c) => self.inlines(
                p,
                c,
                RunFormat {
                    strike: true,
                    ..format
                },
            ),
            Inline::Code(t) => {
                p.add_run(add_run_text(formatted_run(format), t).style(id::VERBATIM_CHAR))
            }
            Inline::SoftBreak => add_text(p, " ", format),
            Inline::LineBreak => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
            Inline::CrossRef { anchor, text } => match self.bookmarks.get(anchor) {
                Some(name) => {
                    let link = Hyperlink::new(name.clone(), HyperlinkType::Anchor)
                        .add_run(add_run_text(formatted_run(format), text));
                    p.add_hyperlink(link)
                }
                None => add_text(p, text, format),
            },
            Inline::Link { url, content } => {
                let link_format = RunFormat {
                    link: true,
                    ..format
                };
                let mut runs = Vec::new();
                flatten_runs(content, link_format, &mut runs);
                let link = if let Some(anchor) = url.strip_prefix('#') {
                    match self.bookmarks.get(anchor) {
                        Some(name) => Some(Hyperlink::new(name.clone(), HyperlinkType::Anchor)),
                        None => None,
                    }
                } else if url.trim().is_empty() {
                    None
                } else {
                    let rid = format!("rIdHyperlink{}", self.next_link_id);
                    self.next_link_id += 1;
                    Some(Hyperlink {
                        link: HyperlinkData::External {
                            rid,
                            path: uri_target(url),
                        },
                        history: None,
                        children: Vec::new(),
                    })
                };
                match link {
                    Some(mut link) => {
                        link.children = runs
                            .into_iter()
                            .map(|r| docx_rs::ParagraphChild::Run(Box::new(r)))
                            .collect();
                        p.add_hyperlink(link)
                    }
                    None => {
                        let mut plain = Vec::new();
                        flatten_runs(content, format, &mut plain);
                        plain.into_iter().fold(p, Paragraph::add_run)
                    }
                }
            }
        }
    }
}

/// The runs of inline content inside a link (nested links and references become text).
fn flatten_runs(inlines: &[Inline], format: RunFormat, out: &mut Vec<Run>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push(add_run_text(formatted_run(format), t)),
            Inline::Emph(c) => flatten_runs(
                c,
                RunFormat {
                    italic: true,
                    ..format
                },
                out,
            ),
            Inline::Strong(c) => flatten_runs(
                c,
                RunFormat {
                    bold: true,
                    ..format
                },
                out,
            ),
            Inline::Strikethrough(c) => flatten_runs(
                c,
                RunFormat {
                    strike: true,
                    ..format
                },
                out,
            ),
            Inline::Code(t) => {
                out.push(add_run_text(formatted_run(format), t).style(id::VERBATIM_CHAR))
            }
            Inline::Link { content, .. } => flatten_runs(content, format, out),
            Inline::CrossRef { text, .. } => out.push(add_run_text(formatted_run(format), text)),
            Inline::SoftBreak => out.push(add_run_text(formatted_run(format), " ")),
            Inline::LineBreak => out.push(Run::new().add_break(BreakType::TextWrapping)),
        }
    }
}

fn formatted_run(format: RunFormat) -> Run {
    let mut run = Run::new();
    if format.link {
        run = run.style(id::HYPERLINK);
    }
    if format.bold {
        run = run.bold();
    }
    if format.italic {
        run = run.italic();
    }
    if format.strike {
        run = run.strike();
    }
    run
}

fn add_text(p: Paragraph, text: &str, format: RunFormat) -> Paragraph {
    p.add_run(add_run_text(formatted_run(format), text))
}

/// Adds text to a run: tabs become `w:tab`, characters XML cannot hold are dropped and
/// line ends become spaces.
fn add_run_text(mut run: Run, text: &str) -> Run {
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !piece.is_empty() {
            run = run.add_text(xml_safe(piece));
        }
    }
    run
}

/// Removes characters XML 1.0 cannot carry; line ends become spaces.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' => Some(' '),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// The runs of a simple field (`PAGE`, `NUMPAGES`, `PAGEREF …`) with its cached result,
/// each part in its own run as Word writes them.
fn field_runs(instruction: &str, cached: &str, format: RunFormat) -> Vec<Run> {
    let mut runs = vec![
        formatted_run(format).add_field_char(FieldCharType::Begin, false),
        formatted_run(format).add_instr_text(InstrText::Unsupported(format!(" {instruction} "))),
        formatted_run(format).add_field_char(FieldCharType::Separate, false),
    ];
    if !cached.is_empty() {
        runs.push(add_run_text(formatted_run(format), cached));
    }
    runs.push(formatted_run(format).add_field_char(FieldCharType::End, false));
    runs
}

/// A relationship target Word's package reader accepts: characters a URI cannot hold
/// are percent-encoded, and `&` and `'` are escaped for the XML attribute (docx-rs
/// writes attribute values as given).
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
fn bookmark_names(blocks: &[Block]) -> HashMap<String, String> {
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
            Block::BlockQuote(inner) => collect_anchors(inner, out),
            Block::List(list) => {
                for item in &list.items {
                    collect_anchors(item, out);
                }
            }
            _ => {}
        }
    }
}

/// Column widths in twips that fill the text width, shared out by how much text each
/// column holds (long cells count up to a cap, so one long cell cannot starve the rest),
/// never narrower than [`MIN_COLUMN`] unless the page is too narrow for that.
fn column_widths(table: &crate::doc::Table, columns: usize, text_width: u32) -> Vec<u32> {
    let mut weights = vec![4u32; columns];
    let rows = std::iter::once(&table.header).chain(table.rows.iter());
    for row in rows {
        for (c, cell) in row.iter().enumerate().take(columns) {
            let text = Inline::plain_text(cell);
            // Longest word counts fully; the rest of the cell up to 40 characters.
            let longest_word = text
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            let weight = (text.chars().count().min(40)).max(longest_word) as u32;
            weights[c] = weights[c].max(weight);
        }
    }
    let n = columns as u32;
    let min = MIN_COLUMN.min(text_width / n);
    let spare = text_width - min * n;
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let mut widths: Vec<u32> = weights
        .iter()
        .map(|&w| min + (u64::from(spare) * u64::from(w) / total.max(1)) as u32)
        .collect();
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += text_width - used;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Align, Table as DocTable};

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
    fn column_widths_fill_the_text_width() {
        let table = DocTable {
            alignments: vec![Align::Left, Align::Right, Align::None],
            header: vec![text("Id"), text("Amount"), text("Description")],
            rows: vec![vec![
                text("R1"),
                text("1,000.00"),
                text("A long description of the service that wraps over several lines"),
            ]],
        };
        let widths = column_widths(&table, 3, 9000);
        assert_eq!(widths.iter().sum::<u32>(), 9000);
        assert!(widths.iter().all(|&w| w >= MIN_COLUMN));
        assert!(widths[2] > widths[1] && widths[1] > widths[0], "{widths:?}");
    }

    #[test]
    fn narrow_pages_still_fit_many_columns() {
        let table = DocTable {
            alignments: vec![Align::None; 20],
            header: vec![text("h"); 20],
            rows: vec![],
        };
        let widths = column_widths(&table, 20, 9000);
        assert_eq!(widths.iter().sum::<u32>(), 9000);
    }

    #[test]
    fn uri_targets_are_percent_encoded() {
        assert_eq!(
            uri_target("https://example.com/a b?x=1&y=ü'\"<"),
            "https://example.com/a%20b?x=1&amp;y=%C3%BC&apos;%22%3C"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(xml_safe("a\u{1}b\nc"), "ab c");
    }
}
