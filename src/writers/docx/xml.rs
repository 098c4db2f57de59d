//! Minimal WordprocessingML text output: escaping and a string builder that writes
//! elements in schema order (Word rejects some out-of-order children).

use std::fmt::Write as _;

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
}

impl XmlWriter {
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
            && props.justification.is_none();
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
        out.push_str("</w:pPr>");
    }

    /// Closes a paragraph.
    pub fn close_paragraph(&mut self) {
        self.out.push_str("</w:p>");
    }

    fn open_run(&mut self, props: &RunProps) {
        let out = &mut self.out;
        out.push_str("<w:r>");
        if *props == RunProps::default() {
            return;
        }
        out.push_str("<w:rPr>");
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
        out.push_str("</w:rPr>");
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
                self.out.push_str(r#"<w:t xml:space="preserve">"#);
                push_escaped(&mut self.out, piece, false);
                self.out.push_str("</w:t>");
            }
        }
        self.out.push_str("</w:r>");
    }

    /// A run holding a single empty element such as `<w:tab/>` or `<w:br/>`.
    pub fn element_run(&mut self, props: &RunProps, element: &str) {
        self.open_run(props);
        self.out.push_str(element);
        self.out.push_str("</w:r>");
    }

    /// The begin, instruction and separator runs of a field.
    pub fn field_begin(&mut self, props: &RunProps, instruction: &str) {
        self.element_run(props, r#"<w:fldChar w:fldCharType="begin"/>"#);
        self.open_run(props);
        self.out.push_str(r#"<w:instrText xml:space="preserve"> "#);
        push_escaped(&mut self.out, instruction, false);
        self.out.push_str(" </w:instrText></w:r>");
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
