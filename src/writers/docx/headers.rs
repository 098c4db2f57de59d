//! The running header (marking, title and reference) and footer ("Page 1 of 9") parts.

use crate::doc::Meta;

use super::styles::id;
use super::xml::{ParagraphProps, RunProps, XmlWriter};

/// Opening tags of a header or footer part, with the namespaces it uses.
fn open(root: &str) -> XmlWriter {
    let mut xml = XmlWriter::default();
    xml.out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n"
    ));
    xml.out.push_str(&format!(
        r#"<w:{root} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    ));
    xml
}

/// Header text on one line: tabs and line ends become spaces.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// `word/header1.xml`: the marking centred in bold when there is one (every page, the
/// first included: one default header), then the document title, and its reference at
/// the right margin.
pub fn header_xml(meta: &Meta) -> String {
    let plain = RunProps::default();
    let mut xml = open("hdr");
    push_marking(&mut xml, meta);
    xml.open_paragraph(&ParagraphProps {
        style: Some(id::HEADER),
        ..ParagraphProps::default()
    });
    xml.text_run(&plain, &one_line(&meta.title));
    if let Some(reference) = meta.reference.as_deref().filter(|s| !s.trim().is_empty()) {
        xml.text_run(&plain, &format!("\t\t{}", one_line(reference)));
    }
    xml.close_paragraph();
    xml.out.push_str("</w:hdr>");
    xml.out
}

/// The marking ("Draft for tender — subject to contract") as a header paragraph,
/// centred in bold, when the document has one: every header of the document starts
/// with it, rfx's own and a reference document's.
pub fn push_marking(xml: &mut XmlWriter, meta: &Meta) {
    if let Some(marking) = meta.marking.as_deref().filter(|m| !m.trim().is_empty()) {
        xml.open_paragraph(&ParagraphProps {
            style: Some(id::HEADER),
            justification: Some("center"),
            ..ParagraphProps::default()
        });
        let bold = RunProps {
            bold: true,
            ..RunProps::default()
        };
        xml.text_run(&bold, &one_line(marking));
        xml.close_paragraph();
    }
}

/// `word/footer1.xml`: "Page N of M" centred, in the document's language.
pub fn footer_xml(meta: &Meta) -> String {
    let plain = RunProps::default();
    let (before, between, after) = meta.furniture.page_of_parts();
    let mut xml = open("ftr");
    xml.open_paragraph(&ParagraphProps {
        style: Some(id::FOOTER),
        ..ParagraphProps::default()
    });
    xml.text_run(&plain, &format!("\t{}", one_line(before)));
    page_field(&mut xml, "PAGE");
    xml.text_run(&plain, &one_line(between));
    page_field(&mut xml, "NUMPAGES");
    xml.text_run(&plain, &one_line(after));
    xml.close_paragraph();
    xml.out.push_str("</w:ftr>");
    xml.out
}

/// A PAGE or NUMPAGES field; its cached result "1" shows until the viewer lays out.
fn page_field(xml: &mut XmlWriter, instruction: &str) {
    let plain = RunProps::default();
    xml.field_begin(&plain, instruction);
    xml.text_run(&plain, "1");
    xml.field_end(&plain);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_shows_title_and_reference_on_one_line() {
        let meta = Meta {
            title: "Terms\tof <Supply>\n".into(),
            reference: Some("REF-1".into()),
            ..Meta::default()
        };
        let xml = header_xml(&meta);
        assert!(xml.contains(
            r#"<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t xml:space="preserve">Terms of &lt;Supply&gt; </w:t></w:r><w:r><w:tab/><w:tab/><w:t xml:space="preserve">REF-1</w:t></w:r></w:p></w:hdr>"#
        ), "{xml}");
    }

    #[test]
    fn header_carries_the_marking_first() {
        let meta = Meta {
            title: "Agreement".into(),
            marking: Some("Draft for tender — subject to contract".into()),
            ..Meta::default()
        };
        let xml = header_xml(&meta);
        let marking = xml.find("Draft for tender").unwrap();
        assert!(marking < xml.find("Agreement").unwrap(), "{xml}");
        assert!(xml.contains(r#"<w:jc w:val="center"/>"#), "{xml}");
        assert!(!header_xml(&Meta::default()).contains("<w:b/>"));
    }

    #[test]
    fn footer_counts_pages_with_fields() {
        let xml = footer_xml(&Meta::default());
        assert!(xml.contains(r#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#));
        assert!(xml.contains(r#"<w:instrText xml:space="preserve"> NUMPAGES </w:instrText>"#));
        assert_eq!(xml.matches(r#"w:fldCharType="end""#).count(), 2);
        assert!(xml.ends_with("</w:p></w:ftr>"));
    }
}
