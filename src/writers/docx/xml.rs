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

/// Where a tab stop aligns the text after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabKind {
    /// Text starts at the stop.
    Left,
    /// Text is centred on the stop.
    Center,
    /// Text ends at the stop.
    Right,
}

/// A tab stop of a paragraph style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabStop {
    /// Alignment at the stop.
    pub kind: TabKind,
    /// Position from the left margin, in twips.
    pub pos: u32,
    /// Dots lead up to the stop (contents lines).
    pub dot_leader: bool,
}

/// Space before and after a paragraph and its line height, in twips.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spacing {
    /// Space above.
    pub before: Option<u32>,
    /// Space below.
    pub after: Option<u32>,
    /// Line height in 240ths of a line (`lineRule="auto"`): 240 is single spacing.
    pub line: Option<u32>,
}

impl Spacing {
    /// Space above and below, line height inherited.
    pub const fn around(before: u32, after: u32) -> Spacing {
        Spacing {
            before: Some(before),
            after: Some(after),
            line: None,
        }
    }
}

/// Paragraph properties, written in the order CT_PPrBase requires; used alike for
/// body paragraphs, paragraph styles, document defaults and numbering levels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParagraphProps<'a> {
    /// Paragraph style id.
    pub style: Option<&'a str>,
    /// Keep on the same page as the next paragraph.
    pub keep_next: bool,
    /// Keep all lines of the paragraph on one page.
    pub keep_lines: bool,
    /// Start on a new page.
    pub page_break_before: bool,
    /// `(numId, ilvl)`; numId 0 switches off numbering inherited from the style.
    pub numbering: Option<(usize, usize)>,
    /// Grey bar left of the text (quotations).
    pub left_rule: bool,
    /// Bottom border (a horizontal rule).
    pub bottom_rule: bool,
    /// Colour of the bottom border, as an RGB hex colour (else grey).
    pub rule_color: Option<&'a str>,
    /// Background fill, as an RGB hex colour.
    pub shading: Option<&'a str>,
    /// Tab stops.
    pub tabs: &'a [TabStop],
    /// Space around the paragraph and line height.
    pub spacing: Option<Spacing>,
    /// Left indent and hanging indent, in twips.
    pub indent: Option<(i32, i32)>,
    /// Right indent, in twips.
    pub right_indent: Option<i32>,
    /// Justification (`center`, `right`).
    pub justification: Option<&'a str>,
    /// Outline level (0 for Heading 1), which Word's navigation pane lists.
    pub outline_level: Option<u8>,
}

/// Run properties, written in the order CT_RPr requires.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunProps<'a> {
    /// Formatting before a tracked formatting change (`w:rPrChange`).
    pub was: Option<Formatting>,
    /// Character style id.
    pub style: Option<&'a str>,
    /// Font for every script.
    pub font: Option<&'a str>,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Bold and italic apply to complex scripts too (`w:bCs`, `w:iCs`).
    pub complex_script: bool,
    /// Struck through.
    pub strike: bool,
    /// Text colour, as an RGB hex colour.
    pub color: Option<&'a str>,
    /// Font size in half points (also for complex scripts).
    pub size: Option<u32>,
    /// Single underline.
    pub underline: bool,
    /// Raised and smaller (`w:vertAlign` superscript), as footnote marks are.
    pub superscript: bool,
    /// Language tag (spelling, hyphenation).
    pub lang: Option<&'a str>,
}

/// Writes `<w:pPr>…</w:pPr>`, or nothing when `props` sets nothing.
pub fn push_paragraph_props(out: &mut String, props: &ParagraphProps) {
    if *props == ParagraphProps::default() {
        return;
    }
    out.push_str("<w:pPr>");
    push_paragraph_children(out, props);
    out.push_str("</w:pPr>");
}

/// The children of `w:pPr` for `props`, in schema order.
fn push_paragraph_children(out: &mut String, props: &ParagraphProps) {
    if let Some(style) = props.style {
        let _ = write!(out, r#"<w:pStyle w:val="{style}"/>"#);
    }
    if props.keep_next {
        out.push_str("<w:keepNext/>");
    }
    if props.keep_lines {
        out.push_str("<w:keepLines/>");
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
    if props.left_rule || props.bottom_rule {
        out.push_str("<w:pBdr>");
        if props.left_rule {
            out.push_str(r#"<w:left w:val="single" w:sz="12" w:space="8" w:color="A6A6A6"/>"#);
        }
        if props.bottom_rule {
            let _ = write!(
                out,
                r#"<w:bottom w:val="single" w:sz="6" w:space="1" w:color="{}"/>"#,
                props.rule_color.unwrap_or("A6A6A6")
            );
        }
        out.push_str("</w:pBdr>");
    }
    if let Some(fill) = props.shading {
        let _ = write!(
            out,
            r#"<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#
        );
    }
    if !props.tabs.is_empty() {
        out.push_str("<w:tabs>");
        for tab in props.tabs {
            let kind = match tab.kind {
                TabKind::Left => "left",
                TabKind::Center => "center",
                TabKind::Right => "right",
            };
            let _ = write!(out, r#"<w:tab w:val="{kind}""#);
            if tab.dot_leader {
                out.push_str(r#" w:leader="dot""#);
            }
            let _ = write!(out, r#" w:pos="{}"/>"#, tab.pos);
        }
        out.push_str("</w:tabs>");
    }
    if let Some(spacing) = props.spacing {
        out.push_str("<w:spacing");
        if let Some(before) = spacing.before {
            let _ = write!(out, r#" w:before="{before}""#);
        }
        if let Some(after) = spacing.after {
            let _ = write!(out, r#" w:after="{after}""#);
        }
        if let Some(line) = spacing.line {
            let _ = write!(out, r#" w:line="{line}" w:lineRule="auto""#);
        }
        out.push_str("/>");
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
    if let Some(level) = props.outline_level {
        let _ = write!(out, r#"<w:outlineLvl w:val="{level}"/>"#);
    }
}

/// Writes `<w:rPr>…</w:rPr>`, or nothing when `props` sets nothing.
pub fn push_run_props(out: &mut String, props: &RunProps) {
    let only_scope = RunProps {
        complex_script: props.complex_script,
        ..RunProps::default()
    };
    if *props == only_scope {
        return;
    }
    out.push_str("<w:rPr>");
    push_run_children(out, props);
    out.push_str("</w:rPr>");
}

/// The children of `w:rPr` for `props`, in schema order (`was` is left to the caller).
fn push_run_children(out: &mut String, props: &RunProps) {
    if let Some(style) = props.style {
        let _ = write!(out, r#"<w:rStyle w:val="{style}"/>"#);
    }
    if let Some(font) = props.font {
        let _ = write!(
            out,
            r#"<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>"#
        );
    }
    if props.bold {
        out.push_str("<w:b/>");
        if props.complex_script {
            out.push_str("<w:bCs/>");
        }
    }
    if props.italic {
        out.push_str("<w:i/>");
        if props.complex_script {
            out.push_str("<w:iCs/>");
        }
    }
    if props.strike {
        out.push_str("<w:strike/>");
    }
    if let Some(color) = props.color {
        let _ = write!(out, r#"<w:color w:val="{color}"/>"#);
    }
    if let Some(size) = props.size {
        let _ = write!(out, r#"<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>"#);
    }
    if props.underline {
        out.push_str(r#"<w:u w:val="single"/>"#);
    }
    if props.superscript {
        out.push_str(r#"<w:vertAlign w:val="superscript"/>"#);
    }
    if let Some(lang) = props.lang {
        out.push_str(r#"<w:lang w:val=""#);
        push_escaped(out, lang, true);
        out.push_str(r#""/>"#);
    }
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
        self.out.push_str("<w:p>");
        if self.revision.is_none() {
            push_paragraph_props(&mut self.out, props);
            return;
        }
        // A changed paragraph mark: `w:rPr` follows the base properties (CT_PPr).
        self.out.push_str("<w:pPr>");
        push_paragraph_children(&mut self.out, props);
        self.out.push_str("<w:rPr>");
        self.revision_mark();
        self.out.push_str("</w:rPr></w:pPr>");
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
        let Some(was) = props.was else {
            push_run_props(&mut self.out, props);
            return;
        };
        // A formatting change: `w:rPrChange` follows the base properties (CT_RPr).
        self.out.push_str("<w:rPr>");
        push_run_children(&mut self.out, props);
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
            ..*props
        };
        push_run_children(&mut self.out, &old);
        self.out.push_str("</w:rPr></w:rPrChange></w:rPr>");
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
                ..RunProps::default()
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
