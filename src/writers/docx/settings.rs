//! The small fixed parts: document settings and the font table.

use super::styles::{BODY_FONT, CODE_FONT};

/// `word/settings.xml`: 100 % zoom, half-inch default tabs, Word 2013+ layout
/// (`compatibilityMode` 15, so Word does not open the file in compatibility mode).
///
/// With `update_fields`, Word offers to update the fields when it opens the file:
/// set only for documents with a table of contents, whose cached entries carry no
/// page numbers (they are known only once Word has laid the document out).
///
/// With `footnotes`, the separator and continuation-separator notes are named (as
/// Word writes them for a document with footnotes).
///
/// With `even_and_odd_headers`, even pages get their own header and footer (a
/// reference document's).
pub fn settings_xml(update_fields: bool, footnotes: bool, even_and_odd_headers: bool) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
        r#"<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>"#,
    ));
    if even_and_odd_headers {
        out.push_str("<w:evenAndOddHeaders/>");
    }
    if update_fields {
        out.push_str(r#"<w:updateFields w:val="true"/>"#);
    }
    if footnotes {
        out.push_str(
            r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>"#,
        );
    }
    out.push_str("<w:compat>");
    for (name, value) in [
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
        ("differentiateMultirowTableHeaders", "1"),
    ] {
        out.push_str(&format!(
            r#"<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{value}"/>"#
        ));
    }
    out.push_str("</w:compat></w:settings>");
    out
}

/// `word/fontTable.xml`: the fonts the styles name, with their PANOSE classes so a
/// viewer without them picks a close substitute (Carlito for Calibri).
pub fn font_table_xml() -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    ));
    for (name, panose, family, pitch) in [
        (BODY_FONT, "020F0502020204030204", "swiss", "variable"),
        (CODE_FONT, "020B0609020204030204", "modern", "fixed"),
    ] {
        out.push_str(&format!(
            r#"<w:font w:name="{name}"><w:panose1 w:val="{panose}"/><w:charset w:val="00"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>"#
        ));
    }
    out.push_str("</w:fonts>");
    out
}
