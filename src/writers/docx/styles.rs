//! The house style: page geometry, document defaults and the named Word styles.
//!
//! Style ids follow Word's built-in styles (`Title`, `Heading1`, `ListNumber`,
//! `TableGrid`, `TOC1` …) with Word's own style names (`heading 1`, `List Number`,
//! `toc 1` …), so Word recognises them: the navigation pane lists the headings, the
//! style gallery shows them, and restyling a document works as users expect.

use crate::doc::Paper;
use docx_rs::{
    BorderType, IndentLevel, LineSpacing, NumberingId, ParagraphBorder, ParagraphBorderPosition,
    RunFonts, Shading, ShdType, SpecialIndentType, Style, StyleType, Styles, Tab, TabLeaderType,
    TabValueType, TableBorder, TableBorderPosition, TableBorders, TableCellMargins, WidthType,
};

use super::numbering::HEADING_NUM_ID;

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
    /// Left and right margin.
    pub side_margin: u32,
    /// Top and bottom margin.
    pub vertical_margin: u32,
}

impl PageGeometry {
    /// The geometry for a paper size: 2.5 cm margins on A4, one inch on Letter.
    pub fn for_paper(paper: Paper) -> PageGeometry {
        match paper {
            Paper::A4 => PageGeometry {
                width: 11906,
                height: 16838,
                side_margin: 1418,
                vertical_margin: 1418,
            },
            Paper::Letter => PageGeometry {
                width: 12240,
                height: 15840,
                side_margin: 1440,
                vertical_margin: 1440,
            },
        }
    }

    /// Width of the text block between the side margins.
    pub fn text_width(&self) -> u32 {
        self.width - 2 * self.side_margin
    }
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

fn paragraph_style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
}

/// Builds every style of the house style for a page of the given geometry.
pub fn house_styles(page: &PageGeometry) -> Styles {
    let text_width = page.text_width() as usize;
    let fonts = RunFonts::new()
        .ascii(BODY_FONT)
        .hi_ansi(BODY_FONT)
        .cs(BODY_FONT)
        .east_asia(BODY_FONT);
    let code_fonts = RunFonts::new()
        .ascii(CODE_FONT)
        .hi_ansi(CODE_FONT)
        .cs(CODE_FONT)
        .east_asia(CODE_FONT);

    let mut styles = Styles::new()
        .default_fonts(fonts)
        .default_size(22)
        .default_line_spacing(
            LineSpacing::new()
                .after(120)
                .line(264)
                .line_rule(docx_rs::LineSpacingType::Auto),
        );

    let title = paragraph_style(id::TITLE, "Title")
        .size(44)
        .bold()
        .color(ACCENT)
        .line_spacing(spacing(0, 120))
        .ui_priority(10);
    let subtitle = paragraph_style(id::SUBTITLE, "Subtitle")
        .size(28)
        .color(MUTED)
        .line_spacing(spacing(0, 240))
        .ui_priority(11);
    styles = styles.add_style(title).add_style(subtitle);

    // Heading 1–6: bound to the levels of the heading numbering, so Word numbers
    // (and renumbers) them; kept with the next paragraph so a heading never ends a page.
    let heading_formats: [(usize, u32, u32, bool); 6] = [
        (28, 360, 120, false),
        (24, 240, 120, false),
        (22, 200, 80, false),
        (22, 160, 60, true),
        (22, 160, 60, true),
        (22, 160, 60, true),
    ];
    for (i, (size, before, after, italic)) in heading_formats.into_iter().enumerate() {
        let level = i as u8 + 1;
        let mut style = paragraph_style(heading_style(level), &format!("heading {level}"))
            .size(size)
            .bold()
            .color(ACCENT)
            .line_spacing(spacing(before, after))
            .outline_lvl(i)
            .ui_priority(9);
        if italic {
            style = style.italic();
        }
        style.paragraph_property = style
            .paragraph_property
            .keep_next(true)
            .keep_lines(true)
            .numbering(NumberingId::new(HEADING_NUM_ID), IndentLevel::new(i));
        styles = styles.add_style(style);
    }

    let toc_heading = paragraph_style(id::TOC_HEADING, "TOC Heading")
        .size(28)
        .bold()
        .color(ACCENT)
        .line_spacing(spacing(360, 120))
        .ui_priority(39);
    styles = styles.add_style(toc_heading);
    for level in 1..=3u8 {
        let indent = (i32::from(level) - 1) * 220;
        let mut style = paragraph_style(toc_style(level), &format!("toc {level}"))
            .line_spacing(spacing(if level == 1 { 60 } else { 0 }, 20))
            .indent(Some(indent), None, None, None)
            .ui_priority(39);
        if level == 1 {
            style = style.bold();
        }
        style.paragraph_property = style
            .paragraph_property
            .add_tab(
                Tab::new()
                    .val(TabValueType::Left)
                    .pos(indent as usize + 851),
            )
            .add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .leader(TabLeaderType::Dot)
                    .pos(text_width),
            );
        styles = styles.add_style(style);
    }

    let list_number = paragraph_style(id::LIST_NUMBER, "List Number").line_spacing(spacing(0, 60));
    let list_bullet = paragraph_style(id::LIST_BULLET, "List Bullet").line_spacing(spacing(0, 60));
    let list_paragraph =
        paragraph_style(id::LIST_PARAGRAPH, "List Paragraph").line_spacing(spacing(0, 60));
    styles = styles
        .add_style(list_number)
        .add_style(list_bullet)
        .add_style(list_paragraph);

    let table_text = paragraph_style(id::TABLE_TEXT, "Table Text")
        .size(20)
        .line_spacing(
            LineSpacing::new()
                .before(40)
                .after(40)
                .line(240)
                .line_rule(docx_rs::LineSpacingType::Auto),
        );
    styles = styles.add_style(table_text);

    let grid_border = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(4)
            .color("808080")
    };
    let table_grid = Style::new(id::TABLE_GRID, StyleType::Table)
        .name("Table Grid")
        .set_borders(
            TableBorders::new()
                .set(grid_border(TableBorderPosition::Top))
                .set(grid_border(TableBorderPosition::Left))
                .set(grid_border(TableBorderPosition::Bottom))
                .set(grid_border(TableBorderPosition::Right))
                .set(grid_border(TableBorderPosition::InsideH))
                .set(grid_border(TableBorderPosition::InsideV)),
        )
        .margins(
            TableCellMargins::new()
                .margin_left(108, WidthType::Dxa)
                .margin_right(108, WidthType::Dxa),
        )
        .ui_priority(59);
    styles = styles.add_style(table_grid);

    let mut quote = paragraph_style(id::QUOTE, "Quote")
        .italic()
        .color("404040")
        .indent(Some(720), None, Some(720), None)
        .ui_priority(29);
    quote.paragraph_property = quote.paragraph_property.set_borders(
        docx_rs::ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Left)
                .val(BorderType::Single)
                .size(12)
                .space(8)
                .color("A6A6A6"),
        ),
    );
    styles = styles.add_style(quote);

    let mut code = paragraph_style(id::SOURCE_CODE, "Source Code")
        .fonts(code_fonts.clone())
        .size(18)
        .line_spacing(
            LineSpacing::new()
                .before(60)
                .after(120)
                .line(240)
                .line_rule(docx_rs::LineSpacingType::Auto),
        );
    code.paragraph_property = code.paragraph_property.shading(
        Shading::new()
            .shd_type(ShdType::Clear)
            .color("auto")
            .fill("F2F2F2"),
    );
    styles = styles.add_style(code);

    let caption = paragraph_style(id::CAPTION, "caption")
        .size(18)
        .italic()
        .color(MUTED)
        .line_spacing(spacing(0, 200))
        .ui_priority(35);
    styles = styles.add_style(caption);

    let verbatim = Style::new(id::VERBATIM_CHAR, StyleType::Character)
        .name("Verbatim Char")
        .fonts(code_fonts)
        .size(20);
    let hyperlink = Style::new(id::HYPERLINK, StyleType::Character)
        .name("Hyperlink")
        .color("0563C1")
        .underline("single")
        .ui_priority(99);
    styles = styles.add_style(verbatim).add_style(hyperlink);

    let centre = text_width / 2;
    for (style_id, name) in [(id::HEADER, "header"), (id::FOOTER, "footer")] {
        let mut style = paragraph_style(style_id, name)
            .size(18)
            .color(MUTED)
            .line_spacing(spacing(0, 0))
            .ui_priority(99);
        style.paragraph_property = style
            .paragraph_property
            .add_tab(Tab::new().val(TabValueType::Center).pos(centre))
            .add_tab(Tab::new().val(TabValueType::Right).pos(text_width));
        styles = styles.add_style(style);
    }
    styles
}

/// Indentation of a list level: number at `left - hanging`, text at `left`.
pub fn list_indent(depth: usize) -> (i32, SpecialIndentType) {
    let left = 425 * (depth as i32 + 1);
    (left, SpecialIndentType::Hanging(425))
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
