//! Minimal WordprocessingML text output: escaping and a string builder that writes
//! elements in schema order (Word rejects some out-of-order children).

use std::fmt::Write as _;

use crate::doc::{Formatting, Revision};

/// Characters XML 1.0 cannot carry are dropped; `&`, `<`, `>` (and `"` in attributes)
/// are escaped; line ends become spaces.
pub fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// Paragraph properties, written in the order CT_PPr requires.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParagraphProps<'a> {
    /// Paragraph style id.
    pub style: Option<&'a str>,
    /// Keep on the same page as the next paragraph.
    pub keep_next: bool,
    /// Start on a new page.
    pub page_break_before: bool,
    /// `(numId, ilvl)`; numId 0 switches off numbering inherited from the style.
    pub numbering: Option<(usize, usize)>,
    /// Bottom border (a horizontal rule).
    pub bottom_rule: bool,
    /// Left indent and hanging indent, in twips.
    pub indent: Option<(i32, i32)>,
    /// Right indent, in twips.
    pub right_indent: Option<i32>,
    /// Justification (`center`, `right`).
    pub justification: Option<&'a str>,
}

/// Run properties, written in the order CT_RPr requires.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunProps<'a> {
    /// Formatting before a tracked formatting change (`w:rPrChange`).
    pub was: Option<Formatting>,
    /// Character style id.
    pub style: Option<&'a str>,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Struck through.
    pub strike: bool,
}

/// Appends WordprocessingML to a string.
#[derive(Debug, Default)]
pub struct XmlWriter {
    /// The markup written so far.
    pub out: String,
    /// The tracked change every paragraph mark and run written now belongs to.
    pub revision: Option<Revision>,
    /// ` w:author="…" w:date="…"` of tracked changes, escaped.
    pub stamp: String,
    /// The next id of an annotation (bookmark or tracked change), unique in the part.
    pub next_id: usize,
}

/// The element that marks a run or paragraph mark as `revision`.
fn revision_element(revision: Revision) -> &'static str {
    match revision {
        Revision::Inserted => "w:ins",
        Revision::Deleted => "w:del",
        Revision::MovedFrom => "w:moveFrom",
        Revision::MovedTo => "w:moveTo",
    }
}

impl XmlWriter {
    /// A fresh annotation id.
    pub fn take_id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    /// `<w:ins w:id=… w:author=… w:date=…` (unclosed) for the current revision.
    fn open_mark(&mut self, revision: Revision) {
        let id = self.take_id();
        let _ = write!(
            self.out,
            r#"<{} w:id="{id}"{}"#,
            revision_element(revision),
            self.stamp
        );
    }

    /// The empty mark of a changed paragraph mark or table row, if any.
    pub fn revision_mark(&mut self) {
        if let Some(revision) = self.revision {
            self.open_mark(revision);
            self.out.push_str("/>");
        }
    }

    /// Whether text written now is deleted (`w:delText`).
    fn deleting(&self) -> bool {
        self.revision.is_some_and(|r| !r.is_new())
    }
    /// Opens a paragraph with its properties.
    pub fn open_paragraph(&mut self, props: &ParagraphProps) {
        let out = &mut self.out;
        out.push_str("<w:p>");
        let empty = props.style.is_none()
            && !props.keep_next
            && !props.page_break_before
            && props.numbering.is_none()
            && !props.bottom_rule
            && props.indent.is_none()
            && props.right_indent.is_none()
            && props.justification.is_none()
            && self.revision.is_none();
        if empty {
            return;
        }
        out.push_str("<w:pPr>");
        if let Some(style) = props.style {
            let _ = write!(out, r#"<w:pStyle w:val="{style}"/>"#);
        }
        if props.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if props.page_break_before {
            out.push_str("<w:pageBreakBefore/>");
        }
        if let Some((num, level)) = props.numbering {
            let _ = write!(
                out,
                r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>"#
            );
        }
        if props.bottom_rule {
            out.push_str(
                r#"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="A6A6A6"/></w:pBdr>"#,
            );
        }
        if props.indent.is_some() || props.right_indent.is_some() {
            out.push_str("<w:ind");
            if let Some((left, hanging)) = props.indent {
                let _ = write!(out, r#" w:left="{left}""#);
                if hanging > 0 {
                    let _ = write!(out, r#" w:hanging="{hanging}""#);
                }
            }
            if let Some(right) = props.right_indent {
                let _ = write!(out, r#" w:right="{right}""#);
            }
            out.push_str("/>");
        }
        if let Some(jc) = props.justification {
            let _ = write!(out, r#"<w:jc w:val="{jc}"/>"#);
        }
        if self.revision.is_some() {
            self.out.push_str("<w:rPr>");
            self.revision_mark();
            self.out.push_str("</w:rPr>");
        }
        self.out.push_str("</w:pPr>");
    }

    /// Closes a paragraph.
    pub fn close_paragraph(&mut self) {
        self.out.push_str("</w:p>");
    }

    fn open_run(&mut self, props: &RunProps) {
        if let Some(revision) = self.revision {
            self.open_mark(revision);
            self.out.push('>');
        }
        self.out.push_str("<w:r>");
        if *props == RunProps::default() {
            return;
        }
        self.out.push_str("<w:rPr>");
        push_run_props(&mut self.out, props);
        if let Some(was) = props.was {
            let id = self.take_id();
            let _ = write!(
                self.out,
                r#"<w:rPrChange w:id="{id}"{}><w:rPr>"#,
                self.stamp
            );
            let old = RunProps {
                style: if was.code {
                    Some(super::styles::id::VERBATIM_CHAR)
                } else {
                    props
                        .style
                        .filter(|s| *s != super::styles::id::VERBATIM_CHAR)
                },
                bold: was.bold,
                italic: was.italic,
                strike: was.strike,
                was: None,
            };
            push_run_props(&mut self.out, &old);
            self.out.push_str("</w:rPr></w:rPrChange>");
        }
        self.out.push_str("</w:rPr>");
    }

    fn close_run(&mut self) {
        self.out.push_str("</w:r>");
        if let Some(revision) = self.revision {
            let _ = write!(self.out, "</{}>", revision_element(revision));
        }
    }

    /// A run of text; tabs become `w:tab`.
    pub fn text_run(&mut self, props: &RunProps, text: &str) {
        if text.is_empty() {
            return;
        }
        self.open_run(props);
        for (i, piece) in text.split('\t').enumerate() {
            if i > 0 {
                self.out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                let element = if self.deleting() { "w:delText" } else { "w:t" };
                let _ = write!(self.out, r#"<{element} xml:space="preserve">"#);
                push_escaped(&mut self.out, piece, false);
                let _ = write!(self.out, "</{element}>");
            }
        }
        self.close_run();
    }

    /// A run holding a single empty element such as `<w:tab/>` or `<w:br/>`.
    pub fn element_run(&mut self, props: &RunProps, element: &str) {
        self.open_run(props);
        self.out.push_str(element);
        self.close_run();
    }

    /// The begin, instruction and separator runs of a field.
    pub fn field_begin(&mut self, props: &RunProps, instruction: &str) {
        self.element_run(props, r#"<w:fldChar w:fldCharType="begin"/>"#);
        self.open_run(props);
        let element = if self.deleting() {
            "w:delInstrText"
        } else {
            "w:instrText"
        };
        let _ = write!(self.out, r#"<{element} xml:space="preserve"> "#);
        push_escaped(&mut self.out, instruction, false);
        let _ = write!(self.out, " </{element}>");
        self.close_run();
        self.element_run(props, r#"<w:fldChar w:fldCharType="separate"/>"#);
    }

    /// The end run of a field.
    pub fn field_end(&mut self, props: &RunProps) {
        self.element_run(props, r#"<w:fldChar w:fldCharType="end"/>"#);
    }

    /// Opens an internal hyperlink to a bookmark.
    pub fn open_anchor_link(&mut self, bookmark: &str) {
        self.out.push_str(r#"<w:hyperlink w:anchor=""#);
        push_escaped(&mut self.out, bookmark, true);
        self.out.push_str(r#"" w:history="1">"#);
    }

    /// Opens an external hyperlink through a relationship id.
    pub fn open_external_link(&mut self, rid: &str) {
        let _ = write!(self.out, r#"<w:hyperlink r:id="{rid}" w:history="1">"#);
    }

    /// Closes a hyperlink.
    pub fn close_link(&mut self) {
        self.out.push_str("</w:hyperlink>");
    }

    /// Starts a bookmark.
    pub fn bookmark_start(&mut self, id: usize, name: &str) {
        let _ = write!(self.out, r#"<w:bookmarkStart w:id="{id}" w:name=""#);
        push_escaped(&mut self.out, name, true);
        self.out.push_str(r#""/>"#);
    }

    /// Ends a bookmark.
    pub fn bookmark_end(&mut self, id: usize) {
        let _ = write!(self.out, r#"<w:bookmarkEnd w:id="{id}"/>"#);
    }
}

/// The children of `w:rPr` for `props`, in schema order.
fn push_run_props(out: &mut String, props: &RunProps) {
    if let Some(style) = props.style {
        let _ = write!(out, r#"<w:rStyle w:val="{style}"/>"#);
    }
    if props.bold {
        out.push_str("<w:b/>");
    }
    if props.italic {
        out.push_str("<w:i/>");
    }
    if props.strike {
        out.push_str("<w:strike/>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_drops_what_xml_cannot_hold() {
        let mut out = String::new();
        push_escaped(&mut out, "a&b<c>\"d\u{1}\ne", true);
        assert_eq!(out, "a&amp;b&lt;c&gt;&quot;d e");
    }

    #[test]
    fn properties_come_in_schema_order() {
        let mut w = XmlWriter::default();
        w.open_paragraph(&ParagraphProps {
            style: Some("ListNumber"),
            numbering: Some((4, 1)),
            indent: Some((850, 425)),
            justification: Some("right"),
            ..ParagraphProps::default()
        });
        w.text_run(
            &RunProps {
                style: Some("Hyperlink"),
                bold: true,
                italic: true,
                strike: false,
                was: None,
            },
            "x\ty",
        );
        w.close_paragraph();
        assert_eq!(
            w.out,
            concat!(
                r#"<w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr>"#,
                r#"<w:ind w:left="850" w:hanging="425"/><w:jc w:val="right"/></w:pPr>"#,
                r#"<w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:b/><w:i/></w:rPr><w:t xml:space="preserve">x</w:t><w:tab/><w:t xml:space="preserve">y</w:t></w:r></w:p>"#
            )
        );
    }
}
