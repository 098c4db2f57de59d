//! Markdown reader: turns CommonMark (with tables and footnotes) into the document
//! model.
//!
//! This is the one place that builds the pulldown-cmark [`Options`], so every stage
//! parses Markdown alike. The reader never fails: any CommonMark input gives a
//! [`Document`]. Raw HTML is kept as literal text, except the comments rfx itself
//! writes: `<!-- toc -->` … `<!-- /toc -->` (the table of contents),
//! `<!-- pagebreak -->`, and `<!-- signatures -->` on the line before a table that is
//! a signature block ([`TableKind::Signatures`]). Composition marks cross-references, the table of contents
//! and page breaks with private-use characters (see [`marker`]); they never come from
//! spec values, because the composer strips those characters from every value.
//!
//! An image (`![alt](images/x.png)`) becomes an [`Inline::Image`] naming its file;
//! the build reads the file from the library.
//!
//! A footnote (`text[^1]` with a `[^1]: note` definition anywhere in the document)
//! becomes an [`Inline::Footnote`] holding the note's blocks where it is referred to;
//! a definition nobody refers to is dropped, a reference without a definition (or
//! inside another note) stays literal text.

use crate::doc::{
    Align, Block, Document, Footnote, Heading, Inline, List, Meta, Paper, Table, TableKind,
};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// Markers the composer inserts and the reader recognises.
pub mod marker {
    /// Starts a marker.
    pub const OPEN: char = '\u{E000}';
    /// Ends a marker.
    pub const CLOSE: char = '\u{E001}';
    /// Separates a marker's fields.
    pub const SEP: char = '\u{E002}';

    /// Whether `c` is one of the marker characters (values must never contain them).
    pub fn is_marker_char(c: char) -> bool {
        matches!(c, OPEN | CLOSE | SEP)
    }

    /// Inline cross-reference to the heading with `anchor`, shown as `word number`.
    pub fn cross_ref(anchor: &str, word: &str) -> String {
        format!("{OPEN}ref{SEP}{anchor}{SEP}{word}{CLOSE}")
    }

    /// A paragraph holding only this marker becomes the table of contents.
    pub fn toc() -> String {
        format!("{OPEN}toc{CLOSE}")
    }

    /// A paragraph holding only this marker becomes a page break.
    pub fn page_break() -> String {
        format!("{OPEN}pagebreak{CLOSE}")
    }
}

/// The pulldown-cmark options every stage uses.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_FOOTNOTES
}

/// Parses Markdown into an unresolved [`Document`] (call [`Document::resolve`] next).
///
/// A leading YAML metadata block (`---` … `---`) fills [`Meta`] (title, subtitle,
/// reference, author, kind, language, paper); headings written by rfx's Markdown writer
/// (`# 3.2 Title <a id="x"></a>`) get their anchor back and lose the printed number,
/// which resolution recomputes.
pub fn parse(markdown: &str) -> Document {
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, options()) {
        builder.event(event);
    }
    builder.finish()
}

/// Front matter fields the reader understands.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct FrontMatter {
    title: Option<String>,
    subtitle: Option<String>,
    reference: Option<String>,
    author: Option<String>,
    kind: Option<String>,
    subject: Option<String>,
    keywords: Vec<String>,
    language: Option<String>,
    paper: Option<String>,
    numbered: bool,
    marking: Option<String>,
    heading_labels: Vec<String>,
}

enum Frame {
    /// Root, block quote or list item: a sequence of blocks.
    Blocks(Vec<Block>),
    /// Paragraph, heading, emphasis, link, table cell…: a sequence of inlines.
    Inlines(InlineKind, Vec<Inline>),
    List(Option<u64>, Vec<Vec<Block>>),
    Table {
        alignments: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
        in_head: bool,
    },
    Code(Option<String>, String),
    Html(String),
    Metadata(String),
    /// A footnote definition (`[^label]: …`): its label and blocks.
    Footnote(String, Vec<Block>),
}

enum InlineKind {
    Paragraph,
    /// A paragraph opened for loose text in a tight list item.
    ImplicitParagraph,
    Heading {
        level: u8,
        anchor: Option<String>,
        numbered: bool,
    },
    Emph,
    Strong,
    Strike,
    Link(String),
    /// An image: its destination; the inlines are its alternative text.
    Image(String),
    Cell,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    meta: Meta,
    numbered_headings: bool,
    in_toc_comment: bool,
    skip_html_end: bool,
    /// A `<!-- signatures -->` comment was read: the next block, if a table, is a
    /// signature block.
    signatures_next: bool,
    /// Footnote definitions by label, filled in where they are referred to at the end.
    footnotes: HashMap<String, Vec<Block>>,
    /// Whether a footnote reference was read (only then are notes filled in).
    saw_footnote: bool,
}

impl Builder {
    fn finish(mut self) -> Document {
        while self.stack.len() > 1 {
            self.close_top();
        }
        let mut blocks = match self.stack.pop() {
            Some(Frame::Blocks(b)) => b,
            _ => Vec::new(),
        };
        if self.saw_footnote {
            fill_footnotes(&mut blocks, &self.footnotes);
        }
        // The Markdown writer repeats the marking as a note at the top: it is furniture.
        if let (Some(marking), Some(Block::BlockQuote(quote))) =
            (self.meta.marking.as_deref(), blocks.first())
            && quote.len() == 1
            && matches!(&quote[0], Block::Paragraph(p) if crate::doc::Inline::plain_text(p) == marking)
        {
            blocks.remove(0);
        }
        Document {
            meta: self.meta,
            blocks,
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if self.stack.is_empty() {
            self.stack.push(Frame::Blocks(Vec::new()));
        }
        if self.in_toc_comment {
            // Skip the generated TOC list until its closing comment.
            if let Event::Html(h) | Event::InlineHtml(h) = &event {
                if h.trim() == "<!-- /toc -->" {
                    self.in_toc_comment = false;
                    self.skip_html_end = matches!(event, Event::Html(_));
                }
            }
            return;
        }
        if self.skip_html_end {
            self.skip_html_end = false;
            if let Event::End(TagEnd::HtmlBlock) = event {
                return;
            }
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(c) => self.push_inline(Inline::Code(c.into_string())),
            Event::InlineMath(m) => self.push_inline(Inline::Text(format!("${m}$"))),
            Event::DisplayMath(m) => self.push_inline(Inline::Text(format!("$${m}$$"))),
            Event::Html(h) => {
                if let Some(Frame::Html(buf)) = self.stack.last_mut() {
                    buf.push_str(&h);
                } else {
                    self.push_inline(Inline::Text(h.into_string()));
                }
            }
            Event::InlineHtml(h) => self.inline_html(&h),
            Event::FootnoteReference(label) => {
                self.saw_footnote = true;
                let inside_note = self.stack.iter().any(|f| matches!(f, Frame::Footnote(..)));
                self.push_inline(if inside_note {
                    Inline::Text(format!("[^{label}]"))
                } else {
                    // The label stands in the mark until `finish` fills in the note.
                    Inline::Footnote(Footnote {
                        mark: label.into_string(),
                        blocks: Vec::new(),
                    })
                })
            }
            Event::SoftBreak => self.push_inline(Inline::SoftBreak),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => self.push_block(Block::ThematicBreak),
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::Text(if done { "[x] " } else { "[ ] " }.into()))
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines(InlineKind::Paragraph, Vec::new()),
            Tag::Heading {
                level, id, classes, ..
            } => {
                let numbered = !classes.iter().any(|c| &**c == "unnumbered" || &**c == "-");
                Frame::Inlines(
                    InlineKind::Heading {
                        level: heading_level(level),
                        anchor: id.map(|i| i.into_string()),
                        numbered,
                    },
                    Vec::new(),
                )
            }
            Tag::BlockQuote(_) | Tag::Item => Frame::Blocks(Vec::new()),
            Tag::FootnoteDefinition(label) => Frame::Footnote(label.into_string(), Vec::new()),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                Frame::Blocks(Vec::new())
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(str::to_string)
                        .filter(|s| !s.is_empty()),
                    CodeBlockKind::Indented => None,
                };
                Frame::Code(lang, String::new())
            }
            Tag::HtmlBlock => Frame::Html(String::new()),
            Tag::List(start) => Frame::List(start, Vec::new()),
            Tag::Table(aligns) => Frame::Table {
                alignments: aligns.into_iter().map(align).collect(),
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
                in_head: false,
            },
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
                return;
            }
            Tag::TableRow => return,
            Tag::TableCell => Frame::Inlines(InlineKind::Cell, Vec::new()),
            Tag::Emphasis => Frame::Inlines(InlineKind::Emph, Vec::new()),
            Tag::Strong => Frame::Inlines(InlineKind::Strong, Vec::new()),
            Tag::Strikethrough => Frame::Inlines(InlineKind::Strike, Vec::new()),
            Tag::Superscript | Tag::Subscript => Frame::Inlines(InlineKind::Emph, Vec::new()),
            Tag::Link { dest_url, .. } => {
                Frame::Inlines(InlineKind::Link(dest_url.into_string()), Vec::new())
            }
            // The file is read from the library by the build, not here.
            Tag::Image { dest_url, .. } => {
                Frame::Inlines(InlineKind::Image(dest_url.into_string()), Vec::new())
            }
            Tag::MetadataBlock(_) => Frame::Metadata(String::new()),
        };
        if is_block_frame(&frame) {
            self.close_implicit_paragraph();
        }
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let Some(Frame::Table {
                    header,
                    row,
                    in_head,
                    ..
                }) = self.stack.last_mut()
                {
                    *header = std::mem::take(row);
                    *in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table {
                    rows, row, in_head, ..
                }) = self.stack.last_mut()
                {
                    if !*in_head {
                        rows.push(std::mem::take(row));
                    }
                }
            }
            TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => {
                self.close_implicit_paragraph();
                self.close_top();
            }
            _ => self.close_top(),
        }
    }

    fn close_implicit_paragraph(&mut self) {
        if let Some(Frame::Inlines(InlineKind::ImplicitParagraph, _)) = self.stack.last() {
            self.close_top();
        }
    }

    fn close_top(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Blocks(blocks) => match self.stack.last_mut() {
                Some(Frame::List(_, items)) => items.push(blocks),
                _ => self.push_block(Block::BlockQuote(blocks)),
            },
            Frame::Inlines(kind, inlines) => self.close_inlines(kind, inlines),
            Frame::List(start, items) => self.push_block(Block::List(List { start, items })),
            Frame::Table {
                alignments,
                header,
                rows,
                ..
            } => {
                let columns = alignments.len();
                let fit = |mut cells: Vec<Vec<Inline>>| {
                    cells.resize(columns, Vec::new());
                    cells
                };
                self.push_block(Block::Table(Table {
                    header: fit(header),
                    rows: rows.into_iter().map(fit).collect(),
                    alignments,
                    kind: TableKind::Data,
                }))
            }
            Frame::Code(lang, mut text) => {
                if text.ends_with('\n') {
                    text.pop();
                }
                self.push_block(Block::CodeBlock { lang, text })
            }
            Frame::Html(html) => self.html_block(html),
            Frame::Metadata(yaml) => self.front_matter(&yaml),
            Frame::Footnote(label, blocks) => {
                // The first definition of a label counts, as in CommonMark's references.
                self.footnotes.entry(label).or_insert(blocks);
            }
        }
    }

    fn close_inlines(&mut self, kind: InlineKind, inlines: Vec<Inline>) {
        match kind {
            InlineKind::Paragraph | InlineKind::ImplicitParagraph => match lone_marker(&inlines) {
                Some("toc") => self.push_block(Block::Toc(Vec::new())),
                Some("pagebreak") => self.push_block(Block::PageBreak),
                _ => self.push_block(Block::Paragraph(inlines)),
            },
            InlineKind::Heading {
                level,
                anchor,
                numbered,
            } => {
                let (content, html_anchor) = take_trailing_anchor(inlines);
                let (html_anchor, numbered) = match html_anchor {
                    Some(a) if a.starts_with(UNNUMBERED_FLAG) => {
                        (Some(a[UNNUMBERED_FLAG.len()..].to_string()), false)
                    }
                    other => (other, numbered),
                };
                let content = if self.numbered_headings && numbered {
                    let prefix = usize::from(level)
                        .checked_sub(1)
                        .and_then(|i| self.meta.labels.headings.get(i))
                        .map_or("", String::as_str);
                    strip_printed_number(strip_label(content, prefix))
                } else {
                    content
                };
                self.push_block(Block::Heading(Heading {
                    level,
                    number: None,
                    anchor: anchor.or(html_anchor),
                    numbered,
                    content,
                    clause: None,
                }))
            }
            InlineKind::Emph => self.push_inline(Inline::Emph(inlines)),
            InlineKind::Strong => self.push_inline(Inline::Strong(inlines)),
            InlineKind::Strike => self.push_inline(Inline::Strikethrough(inlines)),
            InlineKind::Link(url) => self.push_inline(Inline::Link {
                url,
                content: inlines,
            }),
            InlineKind::Image(source) => self.push_inline(Inline::Image(crate::doc::Image {
                source,
                alt: Inline::plain_text(&inlines),
                data: None,
                width_mm: None,
            })),
            InlineKind::Cell => {
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(inlines);
                }
            }
        }
    }

    fn push_block(&mut self, mut block: Block) {
        self.close_implicit_paragraph();
        if std::mem::take(&mut self.signatures_next)
            && let Block::Table(table) = &mut block
        {
            table.kind = TableKind::Signatures;
        }
        match self.stack.last_mut() {
            Some(Frame::Blocks(blocks)) | Some(Frame::Footnote(_, blocks)) => blocks.push(block),
            Some(Frame::List(_, items)) => items.push(vec![block]),
            // A block inside inline context (cannot happen with CommonMark) is flattened.
            Some(Frame::Inlines(_, inlines)) => {
                inlines.push(Inline::Text(block_text(&block)));
            }
            _ => {}
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Inlines(_, inlines)) => {
                if let (Inline::Text(new), Some(Inline::Text(prev))) = (&inline, inlines.last_mut())
                {
                    prev.push_str(new);
                } else {
                    inlines.push(inline);
                }
            }
            Some(Frame::Code(_, text)) | Some(Frame::Html(text)) | Some(Frame::Metadata(text)) => {
                if let Inline::Text(t) = inline {
                    text.push_str(&t);
                }
            }
            _ => {
                self.stack
                    .push(Frame::Inlines(InlineKind::ImplicitParagraph, vec![inline]));
            }
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(Frame::Code(_, buf) | Frame::Html(buf) | Frame::Metadata(buf)) =
            self.stack.last_mut()
        {
            buf.push_str(text);
            return;
        }
        if !text.contains(marker::OPEN) {
            self.push_inline(Inline::Text(text.to_string()));
            return;
        }
        for piece in split_markers(text) {
            self.push_inline(piece);
        }
    }

    fn inline_html(&mut self, html: &str) {
        if let Some(anchor) = parse_anchor_tag(html) {
            // Kept as a zero-width marker; the heading builder turns it into the anchor.
            self.push_inline(Inline::Link {
                url: format!("{ANCHOR_TAG_PREFIX}{anchor}"),
                content: Vec::new(),
            });
        } else if html.trim() != "</a>" || !self.last_was_anchor() {
            self.push_inline(Inline::Text(html.to_string()));
        }
    }

    fn last_was_anchor(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Inlines(_, inlines))
            if matches!(inlines.last(), Some(Inline::Link { url, .. }) if url.starts_with(ANCHOR_TAG_PREFIX)))
    }

    fn html_block(&mut self, html: String) {
        match html.trim() {
            "<!-- toc -->" => {
                self.push_block(Block::Toc(Vec::new()));
                self.in_toc_comment = true;
            }
            "<!-- pagebreak -->" => self.push_block(Block::PageBreak),
            "<!-- signatures -->" => self.signatures_next = true,
            _ => {
                let text = html.trim_end_matches('\n');
                let mut inlines = Vec::new();
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        inlines.push(Inline::LineBreak);
                    }
                    inlines.push(Inline::Text(line.to_string()));
                }
                self.push_block(Block::Paragraph(inlines));
            }
        }
    }

    fn front_matter(&mut self, yaml: &str) {
        // Front matter of a hand-edited draft is best-effort: unknown keys are ignored.
        let fm: FrontMatter = serde_yaml::from_str(yaml).unwrap_or_default();
        let meta = &mut self.meta;
        meta.title = fm.title.unwrap_or_default();
        meta.subtitle = fm.subtitle;
        meta.reference = fm.reference;
        meta.author = fm.author;
        meta.kind = fm.kind.and_then(|k| k.parse().ok());
        meta.subject = fm.subject;
        meta.keywords = fm.keywords;
        meta.marking = fm.marking;
        meta.furniture = crate::doc::Furniture::for_language(fm.language.as_deref());
        meta.language = fm.language;
        meta.paper = match fm.paper.as_deref() {
            Some("letter") | Some("Letter") => Paper::Letter,
            _ => Paper::A4,
        };
        self.numbered_headings = fm.numbered;
        meta.labels.headings = fm.heading_labels;
    }
}

const ANCHOR_TAG_PREFIX: &str = "\u{E000}anchor:";
const UNNUMBERED_FLAG: &str = "\u{E002}";

fn is_block_frame(frame: &Frame) -> bool {
    !matches!(frame, Frame::Inlines(kind, _) if !matches!(kind, InlineKind::Paragraph | InlineKind::Heading { .. } | InlineKind::Cell))
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn align(a: pulldown_cmark::Alignment) -> Align {
    match a {
        pulldown_cmark::Alignment::None => Align::None,
        pulldown_cmark::Alignment::Left => Align::Left,
        pulldown_cmark::Alignment::Center => Align::Center,
        pulldown_cmark::Alignment::Right => Align::Right,
    }
}

/// `<a id="x">` or `<a id="x"></a>` → `x`.
fn parse_anchor_tag(html: &str) -> Option<String> {
    let rest = html.trim().strip_prefix("<a id=\"")?;
    let end = rest.find('"')?;
    let (id, tail) = rest.split_at(end);
    let mut tail = tail[1..].trim();
    let unnumbered = tail.starts_with("class=\"unnumbered\"");
    if unnumbered {
        tail = tail["class=\"unnumbered\"".len()..].trim();
    }
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.');
    let flag = if unnumbered { UNNUMBERED_FLAG } else { "" };
    (valid && (tail == ">" || tail == "></a>")).then(|| format!("{flag}{id}"))
}

fn take_trailing_anchor(mut inlines: Vec<Inline>) -> (Vec<Inline>, Option<String>) {
    let mut anchor = None;
    inlines.retain(|i| match i {
        Inline::Link { url, .. } if url.starts_with(ANCHOR_TAG_PREFIX) => {
            anchor = Some(url[ANCHOR_TAG_PREFIX.len()..].to_string());
            false
        }
        _ => true,
    });
    if let Some(Inline::Text(t)) = inlines.last_mut() {
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
        if t.is_empty() {
            inlines.pop();
        }
    }
    (inlines, anchor)
}

/// Drops a printed section number ("3.2 ") from the start of a heading.
/// Drops a heading label's words ("Article ") before a printed number.
fn strip_label(mut inlines: Vec<Inline>, prefix: &str) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = inlines.first_mut()
        && !prefix.is_empty()
        && let Some(rest) = t.strip_prefix(prefix)
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        *t = rest.to_string();
    }
    inlines
}

fn strip_printed_number(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        let number_len = t
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .count();
        if number_len > 0 && t[number_len..].starts_with(' ') {
            *t = t[number_len + 1..].to_string();
        }
    }
    inlines
}

fn lone_marker(inlines: &[Inline]) -> Option<&str> {
    match inlines {
        [Inline::Text(t)] => t
            .trim()
            .strip_prefix(marker::OPEN)?
            .strip_suffix(marker::CLOSE)
            .filter(|m| !m.contains(marker::SEP)),
        _ => None,
    }
}

/// Splits text containing cross-reference markers into text and [`Inline::CrossRef`]s
/// (with the reference word as provisional text, completed by resolution).
fn split_markers(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(marker::OPEN) {
        let after = &rest[start + marker::OPEN.len_utf8()..];
        let Some(end) = after.find(marker::CLOSE) else {
            break;
        };
        let body = &after[..end];
        let mut fields = body.split(marker::SEP);
        if let (Some("ref"), Some(anchor), Some(word), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        {
            if start > 0 {
                out.push(Inline::Text(rest[..start].to_string()));
            }
            out.push(Inline::CrossRef {
                anchor: anchor.to_string(),
                text: word.to_string(),
            });
        } else {
            // Not a cross-reference (e.g. a lone toc marker): keep the text as is.
            out.push(Inline::Text(
                rest[..start + marker::OPEN.len_utf8() + end + marker::CLOSE.len_utf8()]
                    .to_string(),
            ));
        }
        rest = &after[end + marker::CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
    out
}

/// Puts each note's blocks where it is referred to (the reader left the label in the
/// mark); a reference to a label without a definition becomes its literal text again.
fn fill_footnotes(blocks: &mut [Block], notes: &HashMap<String, Vec<Block>>) {
    fn inlines(list: &mut [Inline], notes: &HashMap<String, Vec<Block>>) {
        for inline in list {
            match inline {
                Inline::Footnote(note) => match notes.get(&note.mark) {
                    Some(blocks) => {
                        note.blocks = blocks.clone();
                        note.mark.clear();
                    }
                    None => *inline = Inline::Text(format!("[^{}]", note.mark)),
                },
                other => {
                    if let Some(c) = other.children_mut() {
                        inlines(c, notes);
                    }
                }
            }
        }
    }
    for block in blocks {
        crate::resolve::visit_inlines(block, &mut |list| inlines(list, notes));
    }
}

fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph(i) => Inline::plain_text(i),
        Block::Heading(h) => Inline::plain_text(&h.content),
        Block::CodeBlock { text, .. } => text.clone(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> Vec<Block> {
        parse(md).blocks
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn headings_with_attributes() {
        let b = blocks("# Scope {#scope}\n\n## Notes {.unnumbered}\n");
        assert_eq!(
            b,
            vec![
                Block::Heading(Heading {
                    level: 1,
                    number: None,
                    anchor: Some("scope".into()),
                    numbered: true,
                    content: vec![text("Scope")],
                    clause: None,
                }),
                Block::Heading(Heading {
                    level: 2,
                    number: None,
                    anchor: None,
                    numbered: false,
                    content: vec![text("Notes")],
                    clause: None,
                }),
            ]
        );
    }

    #[test]
    fn tight_and_nested_lists() {
        let b = blocks("1. one\n2. two\n   - a\n   - b\n");
        let Block::List(list) = &b[0] else {
            panic!("expected a list, got {b:?}")
        };
        assert_eq!(list.start, Some(1));
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[0], vec![Block::Paragraph(vec![text("one")])]);
        assert!(
            matches!(&list.items[1][1], Block::List(List { start: None, items }) if items.len() == 2)
        );
    }

    #[test]
    fn tables_keep_alignment_and_fill_short_rows() {
        let b = blocks("| a | b |\n|:--|--:|\n| 1 |\n");
        let Block::Table(t) = &b[0] else {
            panic!("expected a table")
        };
        assert_eq!(t.alignments, vec![Align::Left, Align::Right]);
        assert_eq!(t.header, vec![vec![text("a")], vec![text("b")]]);
        assert_eq!(t.rows, vec![vec![vec![text("1")], vec![]]]);
    }

    #[test]
    fn raw_html_is_literal_text() {
        let b = blocks("<script>alert(1)</script>\n\nHi <b>x</b>\n");
        assert_eq!(
            b[0],
            Block::Paragraph(vec![text("<script>alert(1)</script>")])
        );
        assert_eq!(b[1], Block::Paragraph(vec![text("Hi <b>x</b>")]));
    }

    #[test]
    fn markers_become_toc_page_break_and_cross_refs() {
        let md = format!(
            "{}\n\nSee {} now.\n\n{}\n",
            marker::toc(),
            marker::cross_ref("liability", "clause"),
            marker::page_break()
        );
        assert_eq!(
            blocks(&md),
            vec![
                Block::Toc(vec![]),
                Block::Paragraph(vec![
                    text("See "),
                    Inline::CrossRef {
                        anchor: "liability".into(),
                        text: "clause".into()
                    },
                    text(" now."),
                ]),
                Block::PageBreak,
            ]
        );
    }

    #[test]
    fn front_matter_and_written_headings_round_trip() {
        let md = "---\ntitle: NDA\nreference: R-1\nnumbered: true\npaper: letter\n---\n\n\
                  # 2 Definitions <a id=\"definitions\"></a>\n\n<!-- toc -->\n- [x](#x)\n<!-- /toc -->\n";
        let doc = parse(md);
        assert_eq!(doc.meta.title, "NDA");
        assert_eq!(doc.meta.paper, Paper::Letter);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Heading(Heading {
                    level: 1,
                    number: None,
                    anchor: Some("definitions".into()),
                    numbered: true,
                    content: vec![text("Definitions")],
                    clause: None,
                }),
                Block::Toc(vec![]),
            ]
        );
    }

    #[test]
    fn footnotes_hold_their_definition_where_they_are_referred_to() {
        let b = blocks(
            "Capped[^cap] and[^cap] lost[^none].\n\n[^cap]: Fees *exclude* VAT[^inner].\n\n    \
             More.\n[^inner]: Nested.\n[^unused]: Never referred to.\n",
        );
        let note = Inline::Footnote(Footnote {
            mark: String::new(),
            blocks: vec![
                Block::Paragraph(vec![
                    text("Fees "),
                    Inline::Emph(vec![text("exclude")]),
                    text(" VAT[^inner]."),
                ]),
                Block::Paragraph(vec![text("More.")]),
            ],
        });
        // A second reference repeats the note; an undefined one stays text; a note
        // inside a note keeps its label as text; an unreferenced one is dropped.
        assert_eq!(
            b,
            vec![Block::Paragraph(vec![
                text("Capped"),
                note.clone(),
                text(" and"),
                note,
                text(" lost[^none]."),
            ])]
        );
    }

    #[test]
    fn anchors_with_letters_beyond_ascii_read_back() {
        // `resolve::slug` keeps letters such as "ü", so the writer's anchor tags hold them.
        assert_eq!(
            parse_anchor_tag(r#"<a id="isarwerk-süd-s-materials"></a>"#).as_deref(),
            Some("isarwerk-süd-s-materials")
        );
    }

    #[test]
    fn a_table_after_the_signatures_comment_is_a_signature_block() {
        let md = "<!-- signatures -->\n\n| For A | For B |\n| :-- | :-- |\n| Name: | Name: |\n\n\
                  | Item | Price |\n| --- | --- |\n| x | 1 |\n";
        let doc = parse(md);
        let kinds: Vec<TableKind> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.kind),
                _ => None,
            })
            .collect();
        assert_eq!(kinds, [TableKind::Signatures, TableKind::Data]);
        // The Markdown writer writes the comment back, so the mark survives a round trip.
        let options = crate::writers::WriteOptions::default();
        let written =
            String::from_utf8(crate::writers::markdown::write(&doc, &options)).expect("utf-8");
        assert!(
            written.contains("<!-- signatures -->\n\n| For A"),
            "{written}"
        );
        assert_eq!(parse(&written).blocks, doc.blocks);
    }
}
