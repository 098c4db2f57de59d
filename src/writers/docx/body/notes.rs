//! Footnotes: each note's `w:footnoteReference` in the text, and its paragraphs in
//! `word/footnotes.xml` after the separator and continuation-separator notes (ids −1
//! and 0) that Word draws above the notes of a page and of a continued page.

use std::fmt::Write as _;

use super::{BodyWriter, RunFormat};
use crate::doc::{Block, Footnote};
use crate::writers::docx::styles::id;
use crate::writers::docx::xml::{ParagraphProps, RunProps, Spacing, push_paragraph_props};

/// `word/footnotes.xml` of a document with footnotes.
#[derive(Debug)]
pub struct FootnotesPart {
    /// The whole part.
    pub xml: String,
    /// External link relationships of the part `(id, escaped target)`.
    pub links: Vec<(String, String)>,
}

/// The notes written so far, and whether one is being written now.
#[derive(Debug, Default)]
pub(super) struct Notes {
    xml: String,
    count: usize,
    links: Vec<(String, String)>,
    writing: bool,
}

impl Notes {
    /// Whether no note has been written.
    pub(super) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether the blocks written now belong to a note.
    pub(super) fn writing(&self) -> bool {
        self.writing
    }

    /// The footnotes part's links while a note is written (its hyperlinks are
    /// relationships of that part, not of the main document).
    pub(super) fn links_mut(&mut self) -> Option<&mut Vec<(String, String)>> {
        self.writing.then_some(&mut self.links)
    }

    /// The footnotes part, or `None` when the document has no footnotes.
    pub(super) fn into_part(self) -> Option<FootnotesPart> {
        if self.count == 0 {
            return None;
        }
        let mut xml = String::with_capacity(self.xml.len() + 1024);
        xml.push_str(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
        ));
        for (id, kind) in [(-1, "separator"), (0, "continuationSeparator")] {
            let _ = write!(xml, r#"<w:footnote w:type="{kind}" w:id="{id}"><w:p>"#);
            push_paragraph_props(
                &mut xml,
                &ParagraphProps {
                    spacing: Some(Spacing {
                        before: None,
                        after: Some(0),
                        line: Some(240),
                    }),
                    ..ParagraphProps::default()
                },
            );
            let _ = write!(xml, "<w:r><w:{kind}/></w:r></w:p></w:footnote>");
        }
        xml.push_str(&self.xml);
        xml.push_str("</w:footnotes>");
        Some(FootnotesPart {
            xml,
            links: self.links,
        })
    }
}

impl BodyWriter {
    /// The reference mark of `note` here, and the note itself in the footnotes part.
    /// Word numbers the marks in reading order, as the model does.
    pub(super) fn footnote(&mut self, note: &Footnote, format: RunFormat) {
        if self.notes.writing {
            // Word has no note inside a note: the mark stays as text.
            self.xml.text_run(&format.props(false), &note.mark);
            return;
        }
        self.notes.count += 1;
        let note_id = self.notes.count;
        let mark = RunProps {
            style: Some(id::FOOTNOTE_REFERENCE),
            ..format.props(false)
        };
        self.xml.element_run(
            &mark,
            &format!(r#"<w:footnoteReference w:id="{note_id}"/>"#),
        );

        let body = std::mem::take(&mut self.xml.out);
        let saved = (
            std::mem::take(&mut self.last_was_table),
            std::mem::take(&mut self.page_break_pending),
            std::mem::take(&mut self.list_depth),
        );
        self.notes.writing = true;
        let _ = write!(self.xml.out, r#"<w:footnote w:id="{note_id}">"#);
        let note_mark = RunProps {
            style: Some(id::FOOTNOTE_REFERENCE),
            ..RunProps::default()
        };
        let text = ParagraphProps {
            style: Some(id::FOOTNOTE_TEXT),
            ..ParagraphProps::default()
        };
        // The note's first paragraph starts with its mark (`w:footnoteRef`).
        self.open(&text);
        self.xml.element_run(&note_mark, "<w:footnoteRef/>");
        self.xml.text_run(&RunProps::default(), " ");
        let rest = match note.blocks.split_first() {
            Some((Block::Paragraph(inlines), rest)) => {
                self.inlines(inlines, RunFormat::default());
                rest
            }
            _ => &note.blocks[..],
        };
        self.xml.close_paragraph();
        for block in rest {
            self.block(block, 0);
        }
        if self.last_was_table {
            self.empty_paragraph();
        }
        self.xml.out.push_str("</w:footnote>");
        let written = std::mem::replace(&mut self.xml.out, body);
        self.notes.xml.push_str(&written);
        self.notes.writing = false;
        (
            self.last_was_table,
            self.page_break_pending,
            self.list_depth,
        ) = saved;
    }
}
