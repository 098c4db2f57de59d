//! The house style: page geometry, document defaults and the named Word styles.
//!
//! Style ids follow Word's built-in styles (`Title`, `Heading1`, `ListNumber`,
//! `TableGrid`, `TOC1` …) with Word's own style names (`heading 1`, `List Number`,
//! `toc 1` …), so Word recognises them: the navigation pane lists the headings, the
//! style gallery shows them, and restyling a document works as users expect.

use std::fmt::Write as _;

use crate::doc::Paper;

use super::numbering::HEADING_NUM_ID;
use super::xml::{
    ParagraphProps, RunProps, Spacing, TabKind, TabStop, push_escaped, push_paragraph_props,
    push_run_props,
};

/// Body font; Word ships it, LibreOffice substitutes the metric-compatible Carlito.
pub const BODY_FONT: &str = "Calibri";
/// Monospace font for code and inline code.
pub const CODE_FONT: &str = "Consolas";
/// Dark blue used for titles and headings.
const ACCENT: &str = "1F3864";
/// Grey used for running heads, subtitles and captions.
const MUTED: &str = "595959";

/// Style ids used by the body writer.
pub mod id {
    /// Document title on the cover.
    pub const TITLE: &str = "Title";
    /// Subtitle under the title.
    pub const SUBTITLE: &str = "Subtitle";
    /// Heading of the table of contents (not itself listed in it).
    pub const TOC_HEADING: &str = "TOCHeading";
    /// Numbered list item.
    pub const LIST_NUMBER: &str = "ListNumber";
    /// Bulleted list item.
    pub const LIST_BULLET: &str = "ListBullet";
    /// Continuation paragraph inside a list item.
    pub const LIST_PARAGRAPH: &str = "ListParagraph";
    /// Paragraph inside a table cell.
    pub const TABLE_TEXT: &str = "TableText";
    /// Table style with a grid of borders.
    pub const TABLE_GRID: &str = "TableGrid";
    /// Quoted passage.
    pub const QUOTE: &str = "Quote";
    /// Preformatted code block.
    pub const SOURCE_CODE: &str = "SourceCode";
    /// Character style for inline code.
    pub const VERBATIM_CHAR: &str = "VerbatimChar";
    /// Character style for external links.
    pub const HYPERLINK: &str = "Hyperlink";
    /// Running header paragraph.
    pub const HEADER: &str = "Header";
    /// Running footer paragraph.
    pub const FOOTER: &str = "Footer";
    /// Small print under the title (reference line).
    pub const CAPTION: &str = "Caption";
    /// Paragraph of a footnote.
    pub const FOOTNOTE_TEXT: &str = "FootnoteText";
    /// Character style of a footnote mark (superscript), in the text and the note.
    pub const FOOTNOTE_REFERENCE: &str = "FootnoteReference";
}

/// Style id of the heading style for `level` (1–6).
pub fn heading_style(level: u8) -> &'static str {
    match level {
        0 | 1 => "Heading1",
        2 => "Heading2",
        3 => "Heading3",
        4 => "Heading4",
        5 => "Heading5",
        _ => "Heading6",
    }
}

/// Style id of the table-of-contents style for `level` (1–3).
pub fn toc_style(level: u8) -> &'static str {
    match level {
        0 | 1 => "TOC1",
        2 => "TOC2",
        _ => "TOC3",
    }
}

/// Page size and margins in twentieths of a point (twips).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageGeometry {
    /// Page width.
    pub width: u32,
    /// Page height.
    pub height: u32,
    /// Left margin.
    pub left: u32,
    /// Right margin.
    pub right: u32,
    /// Top margin.
    pub top: u32,
    /// Bottom margin.
    pub bottom: u32,
}

impl PageGeometry {
    /// The geometry for a paper size: 2.5 cm margins on A4, one inch on Letter.
    pub fn for_paper(paper: Paper) -> PageGeometry {
        let (width, height, margin) = match paper {
            Paper::A4 => (11906, 16838, 1418),
            Paper::Letter => (12240, 15840, 1440),
        };
        PageGeometry {
            width,
            height,
            left: margin,
            right: margin,
            top: margin,
            bottom: margin,
        }
    }

    /// The geometry for a paper size with the theme's margins, if it sets them.
    pub fn for_meta(meta: &crate::doc::Meta) -> PageGeometry {
        let mut page = PageGeometry::for_paper(meta.paper);
        if let Some(m) = meta.style.margins {
            let twips = |mm: f32| (mm * 1440.0 / 25.4).round() as u32;
            page.left = twips(m.left);
            page.right = twips(m.right);
            page.top = twips(m.top);
            page.bottom = twips(m.bottom);
        }
        page
    }

    /// Width of the text block between the side margins.
    pub fn text_width(&self) -> u32 {
        self.width.saturating_sub(self.left + self.right).max(1440)
    }
}

/// What a style applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleKind {
    /// Whole paragraphs.
    Paragraph,
    /// Runs of text inside a paragraph.
    Character,
    /// Tables.
    Table,
}

/// One named style of the house style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleDef {
    /// What the style applies to.
    pub kind: StyleKind,
    /// Style id, referred to by `w:pStyle`/`w:rStyle`/`w:tblStyle`.
    pub id: &'static str,
    /// The name Word shows (Word's own name for its built-in styles).
    pub name: String,
    /// Style inherited from.
    pub based_on: Option<&'static str>,
    /// Style of the paragraph after this one.
    pub next: Option<&'static str>,
    /// Position in Word's style lists.
    pub ui_priority: Option<u32>,
    /// Shown in the style gallery (`w:qFormat`).
    pub gallery: bool,
    /// Paragraph properties (tabs come from [`StyleDef::tabs`]).
    pub paragraph: ParagraphProps<'static>,
    /// Tab stops of the paragraph.
    pub tabs: Vec<TabStop>,
    /// Run properties.
    pub run: RunProps<'static>,
    /// Table style: grey grid borders and cell margins.
    pub grid: bool,
}

impl StyleDef {
    fn new(kind: StyleKind, id: &'static str, name: &str) -> StyleDef {
        StyleDef {
            kind,
            id,
            name: name.to_string(),
            based_on: None,
            next: None,
            ui_priority: None,
            gallery: false,
            paragraph: ParagraphProps::default(),
            tabs: Vec::new(),
            run: RunProps::default(),
            grid: false,
        }
    }

    /// A paragraph style based on Normal and followed by Normal.
    fn paragraph(id: &'static str, name: &str) -> StyleDef {
        StyleDef {
            based_on: Some("Normal"),
            next: Some("Normal"),
            ..StyleDef::new(StyleKind::Paragraph, id, name)
        }
    }

    /// Appends the `w:style` element, children in CT_Style order.
    pub fn push_xml(&self, out: &mut String) {
        let kind = match self.kind {
            StyleKind::Paragraph => "paragraph",
            StyleKind::Character => "character",
            StyleKind::Table => "table",
        };
        let _ = write!(out, r#"<w:style w:type="{kind}""#);
        if self.id == "Normal" {
            out.push_str(r#" w:default="1""#);
        }
        let _ = write!(out, r#" w:styleId="{}"><w:name w:val=""#, self.id);
        push_escaped(out, &self.name, true);
        out.push_str(r#""/>"#);
        if let Some(based_on) = self.based_on {
            let _ = write!(out, r#"<w:basedOn w:val="{based_on}"/>"#);
        }
        if let Some(next) = self.next {
            let _ = write!(out, r#"<w:next w:val="{next}"/>"#);
        }
        if let Some(priority) = self.ui_priority {
            let _ = write!(out, r#"<w:uiPriority w:val="{priority}"/>"#);
        }
        if self.gallery {
            out.push_str("<w:qFormat/>");
        }
        push_paragraph_props(
            out,
            &ParagraphProps {
                tabs: &self.tabs,
                ..self.paragraph
            },
        );
        push_run_props(
            out,
            &RunProps {
                complex_script: true,
                ..self.run
            },
        );
        if self.grid {
            out.push_str("<w:tblPr><w:tblBorders>");
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                let _ = write!(
                    out,
                    r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>"#
                );
            }
            out.push_str(concat!(
                "</w:tblBorders><w:tblCellMar>",
                r#"<w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>"#,
                "</w:tblCellMar></w:tblPr>"
            ));
        }
        out.push_str("</w:style>");
    }
}

/// Sets the theme's colours on the house styles: headings (Title, Heading 1–6) and
/// links (Hyperlink).
pub fn apply_colours(styles: &mut [StyleDef], colours: &crate::doc::Colours) {
    for style in styles {
        let colour = if style.id == id::TITLE || style.id.starts_with("Heading") {
            colours.headings
        } else if style.id == id::HYPERLINK {
            colours.links
        } else {
            None
        };
        if let Some(c) = colour {
            style.run.color = Some(interned_hex(c));
        }
    }
}

/// The hex form of `colour` as a `&'static str` (styles hold static strings): each
/// distinct colour a process meets is kept once.
fn interned_hex(colour: crate::doc::Rgb) -> &'static str {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<BTreeMap<String, &'static str>>> = OnceLock::new();
    let hex = colour.hex();
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(s) = seen.get(&hex) {
        return s;
    }
    let leaked: &'static str = Box::leak(hex.clone().into_boxed_str());
    seen.insert(hex, leaked);
    leaked
}

/// Builds every style of the house style for a page of the given geometry.
pub fn house_styles(page: &PageGeometry) -> Vec<StyleDef> {
    use StyleKind::{Character, Paragraph, Table};
    let text_width = page.text_width();
    let mut styles = Vec::new();

    styles.push(StyleDef {
        gallery: true,
        ..StyleDef::new(Paragraph, "Normal", "Normal")
    });
    let mut title = StyleDef::paragraph(id::TITLE, "Title");
    title.ui_priority = Some(10);
    title.gallery = true;
    title.paragraph.spacing = Some(Spacing::around(0, 120));
    title.run = RunProps {
        bold: true,
        color: Some(ACCENT),
        size: Some(44),
        ..RunProps::default()
    };
    styles.push(title);
    let mut subtitle = StyleDef::paragraph(id::SUBTITLE, "Subtitle");
    subtitle.ui_priority = Some(11);
    subtitle.gallery = true;
    subtitle.paragraph.spacing = Some(Spacing::around(0, 240));
    subtitle.run = RunProps {
        color: Some(MUTED),
        size: Some(28),
        ..RunProps::default()
    };
    styles.push(subtitle);

    // Heading 1–6: bound to the levels of the heading numbering, so Word numbers
    // (and renumbers) them; kept with the next paragraph so a heading never ends a page.
    let heading_formats: [(u32, u32, u32, bool); 6] = [
        (28, 360, 120, false),
        (24, 240, 120, false),
        (22, 200, 80, false),
        (22, 160, 60, true),
        (22, 160, 60, true),
        (22, 160, 60, true),
    ];
    for (i, (size, before, after, italic)) in heading_formats.into_iter().enumerate() {
        let level = i as u8 + 1;
        let mut style = StyleDef::paragraph(heading_style(level), &format!("heading {level}"));
        style.ui_priority = Some(9);
        style.gallery = true;
        style.paragraph = ParagraphProps {
            keep_next: true,
            keep_lines: true,
            numbering: Some((HEADING_NUM_ID, i)),
            spacing: Some(Spacing::around(before, after)),
            outline_level: Some(i as u8),
            ..ParagraphProps::default()
        };
        style.run = RunProps {
            bold: true,
            italic,
            color: Some(ACCENT),
            size: Some(size),
            ..RunProps::default()
        };
        styles.push(style);
    }

    let mut toc_heading = StyleDef::paragraph(id::TOC_HEADING, "TOC Heading");
    toc_heading.ui_priority = Some(39);
    toc_heading.gallery = true;
    toc_heading.paragraph.spacing = Some(Spacing::around(360, 120));
    toc_heading.run = RunProps {
        bold: true,
        color: Some(ACCENT),
        size: Some(28),
        ..RunProps::default()
    };
    styles.push(toc_heading);
    for level in 1..=3u8 {
        let indent = (u32::from(level) - 1) * 220;
        let mut style = StyleDef::paragraph(toc_style(level), &format!("toc {level}"));
        style.ui_priority = Some(39);
        style.paragraph.spacing = Some(Spacing::around(if level == 1 { 60 } else { 0 }, 20));
        style.paragraph.indent = Some((indent as i32, 0));
        style.tabs = vec![
            TabStop {
                kind: TabKind::Left,
                pos: indent + 851,
                dot_leader: false,
            },
            TabStop {
                kind: TabKind::Right,
                pos: text_width,
                dot_leader: true,
            },
        ];
        style.run.bold = level == 1;
        styles.push(style);
    }

    for (style_id, name) in [
        (id::LIST_NUMBER, "List Number"),
        (id::LIST_BULLET, "List Bullet"),
        (id::LIST_PARAGRAPH, "List Paragraph"),
    ] {
        let mut style = StyleDef::paragraph(style_id, name);
        style.gallery = style_id == id::LIST_PARAGRAPH;
        style.paragraph.spacing = Some(Spacing::around(0, 60));
        styles.push(style);
    }

    let mut table_text = StyleDef::paragraph(id::TABLE_TEXT, "Table Text");
    table_text.paragraph.spacing = Some(Spacing {
        line: Some(240),
        ..Spacing::around(40, 40)
    });
    table_text.run.size = Some(20);
    styles.push(table_text);

    styles.push(StyleDef {
        ui_priority: Some(59),
        grid: true,
        ..StyleDef::new(Table, id::TABLE_GRID, "Table Grid")
    });

    let mut quote = StyleDef::paragraph(id::QUOTE, "Quote");
    quote.ui_priority = Some(29);
    quote.gallery = true;
    quote.paragraph.left_rule = true;
    quote.paragraph.indent = Some((720, 0));
    quote.paragraph.right_indent = Some(720);
    quote.run = RunProps {
        italic: true,
        color: Some("404040"),
        ..RunProps::default()
    };
    styles.push(quote);

    let mut code = StyleDef::paragraph(id::SOURCE_CODE, "Source Code");
    code.paragraph.shading = Some("F2F2F2");
    code.paragraph.spacing = Some(Spacing {
        line: Some(240),
        ..Spacing::around(60, 120)
    });
    code.run = RunProps {
        font: Some(CODE_FONT),
        size: Some(18),
        ..RunProps::default()
    };
    styles.push(code);

    let mut caption = StyleDef::paragraph(id::CAPTION, "caption");
    caption.ui_priority = Some(35);
    caption.gallery = true;
    caption.paragraph.spacing = Some(Spacing::around(0, 200));
    caption.run = RunProps {
        italic: true,
        color: Some(MUTED),
        size: Some(18),
        ..RunProps::default()
    };
    styles.push(caption);

    let mut verbatim = StyleDef::new(Character, id::VERBATIM_CHAR, "Verbatim Char");
    verbatim.run = RunProps {
        font: Some(CODE_FONT),
        size: Some(20),
        ..RunProps::default()
    };
    styles.push(verbatim);
    let mut hyperlink = StyleDef::new(Character, id::HYPERLINK, "Hyperlink");
    hyperlink.ui_priority = Some(99);
    hyperlink.run = RunProps {
        color: Some("0563C1"),
        underline: true,
        ..RunProps::default()
    };
    styles.push(hyperlink);

    for (style_id, name) in [(id::HEADER, "header"), (id::FOOTER, "footer")] {
        let mut style = StyleDef::paragraph(style_id, name);
        style.ui_priority = Some(99);
        style.paragraph.spacing = Some(Spacing::around(0, 0));
        style.tabs = vec![
            TabStop {
                kind: TabKind::Center,
                pos: text_width / 2,
                dot_leader: false,
            },
            TabStop {
                kind: TabKind::Right,
                pos: text_width,
                dot_leader: false,
            },
        ];
        style.run = RunProps {
            color: Some(MUTED),
            size: Some(18),
            ..RunProps::default()
        };
        styles.push(style);
    }
    styles
}

/// The styles of footnotes (added to documents that have footnotes): 9 pt text set
/// close, marks raised.
pub fn footnote_styles() -> Vec<StyleDef> {
    let mut text = StyleDef::paragraph(id::FOOTNOTE_TEXT, "footnote text");
    text.ui_priority = Some(99);
    text.paragraph.spacing = Some(Spacing {
        line: Some(240),
        ..Spacing::around(0, 40)
    });
    text.run.size = Some(18);
    let mut reference = StyleDef::new(
        StyleKind::Character,
        id::FOOTNOTE_REFERENCE,
        "footnote reference",
    );
    reference.ui_priority = Some(99);
    reference.run.superscript = true;
    vec![text, reference]
}

/// Document defaults: Calibri 11 pt in the document's language, 6 pt after a
/// paragraph, lines at 1.1. Tags that are not plain BCP 47 (letters, digits,
/// hyphens) are left out.
fn push_doc_defaults(out: &mut String, language: Option<&str>) {
    let lang = language.map(str::trim).filter(|t| {
        (2..=35).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    out.push_str("<w:docDefaults><w:rPrDefault>");
    push_run_props(
        out,
        &RunProps {
            font: Some(BODY_FONT),
            size: Some(22),
            lang,
            ..RunProps::default()
        },
    );
    out.push_str("</w:rPrDefault><w:pPrDefault>");
    push_paragraph_props(
        out,
        &ParagraphProps {
            spacing: Some(Spacing {
                before: None,
                after: Some(120),
                line: Some(264),
            }),
            ..ParagraphProps::default()
        },
    );
    out.push_str("</w:pPrDefault></w:docDefaults>");
}

/// `word/styles.xml`: the document defaults and `styles`.
pub fn styles_xml(styles: &[StyleDef], language: Option<&str>) -> String {
    let mut out = String::with_capacity(12 * 1024);
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
    ));
    push_doc_defaults(&mut out, language);
    for style in styles {
        style.push_xml(&mut out);
    }
    out.push_str("</w:styles>");
    out
}

/// Indentation of a list level: `(left, hanging)` in twips; the number sits at
/// `left - hanging`, the text at `left`.
pub fn list_indent(depth: usize) -> (i32, i32) {
    let left = 425 * (depth as i32 + 1);
    (left, 425)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_width_leaves_the_margins() {
        let a4 = PageGeometry::for_paper(Paper::A4);
        assert_eq!(a4.text_width(), 11906 - 2 * 1418);
        let letter = PageGeometry::for_paper(Paper::Letter);
        assert_eq!(letter.text_width(), 9360);
    }

    #[test]
    fn heading_styles_cover_all_levels() {
        assert_eq!(heading_style(1), "Heading1");
        assert_eq!(heading_style(3), "Heading3");
        assert_eq!(heading_style(9), "Heading6");
        assert_eq!(toc_style(5), "TOC3");
    }
}
