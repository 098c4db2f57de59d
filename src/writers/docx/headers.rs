//! The running header and footer parts: each a line of three places (left, centre,
//! right: title, reference, "Page 1 of 9", the logo, or nothing, as the theme's
//! [`Style`](crate::doc::Style) says) and the marking, centred in bold above the
//! line of the header or the footer.

use crate::doc::{Line, MarkingPlace, Meta, Slot};

use super::media::{Media, image_rid};
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

/// A header or footer part with the images it shows: `(xml, [(id, media file)])`.
pub struct Running {
    /// The part's XML.
    pub xml: String,
    /// Its relationships to media parts.
    pub images: Vec<(String, String)>,
}

/// `word/header1.xml` (the first page included: one default header).
pub fn header_xml(meta: &Meta, media: &mut Media, text_width: f32) -> Running {
    running(
        "hdr",
        meta,
        &meta.style.header,
        MarkingPlace::Header,
        media,
        text_width,
    )
}

/// `word/footer1.xml`.
pub fn footer_xml(meta: &Meta, media: &mut Media, text_width: f32) -> Running {
    running(
        "ftr",
        meta,
        &meta.style.footer,
        MarkingPlace::Footer,
        media,
        text_width,
    )
}

fn running(
    root: &str,
    meta: &Meta,
    line: &Line,
    place: MarkingPlace,
    media: &mut Media,
    text_width: f32,
) -> Running {
    let plain = RunProps::default();
    let style = if root == "hdr" {
        id::HEADER
    } else {
        id::FOOTER
    };
    let mut xml = open(root);
    let mut images = Vec::new();
    if meta.style.marking == place {
        marking_paragraph(&mut xml, meta, style);
    }
    xml.open_paragraph(&ParagraphProps {
        style: Some(style),
        ..ParagraphProps::default()
    });
    // Tabs to the centre and right stops of the Header and Footer styles go in front
    // of the first run of each place.
    let mut at = 0;
    for (place, slot) in line.slots().into_iter().enumerate() {
        let tabs = "\t".repeat(place - at);
        match slot {
            Slot::Empty => continue,
            Slot::Title => xml.text_run(&plain, &format!("{tabs}{}", one_line(&meta.title))),
            Slot::Reference => match meta.reference.as_deref().filter(|s| !s.trim().is_empty()) {
                Some(r) => xml.text_run(&plain, &format!("{tabs}{}", one_line(r))),
                None => continue,
            },
            Slot::Page => {
                let (before, between, after) = meta.furniture.page_of_parts();
                xml.text_run(&plain, &format!("{tabs}{}", one_line(before)));
                page_field(&mut xml, "PAGE");
                xml.text_run(&plain, &one_line(between));
                page_field(&mut xml, "NUMPAGES");
                xml.text_run(&plain, &one_line(after));
            }
            Slot::Logo => {
                let Some(logo) = &meta.style.logo else {
                    continue;
                };
                let logo = logo.with_height_mm(crate::doc::image::RUNNING_LOGO_HEIGHT_MM);
                let Some(part) = media.part(&logo) else {
                    continue;
                };
                let rid = image_rid(part);
                xml.text_run(&plain, &tabs);
                xml.element_run(&plain, &media.drawing(&logo, &rid, text_width / 3.0));
                if !images.iter().any(|(id, _)| *id == rid) {
                    images.push((rid, media.files[part].1.file.clone()));
                }
            }
        }
        at = place;
    }
    xml.close_paragraph();
    xml.out.push_str(&format!("</w:{root}>"));
    Running {
        xml: xml.out,
        images,
    }
}

/// The marking ("Draft for tender — subject to contract") as a header paragraph,
/// centred in bold, when the document has one: a reference document's headers start
/// with it too, so it is on every page whichever header Word shows.
pub fn push_marking(xml: &mut XmlWriter, meta: &Meta) {
    marking_paragraph(xml, meta, id::HEADER);
}

/// The marking, centred in bold, in a paragraph of `style`, when there is one.
fn marking_paragraph(xml: &mut XmlWriter, meta: &Meta, style: &'static str) {
    let Some(marking) = meta.marking.as_deref().filter(|m| !m.trim().is_empty()) else {
        return;
    };
    xml.open_paragraph(&ParagraphProps {
        style: Some(style),
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

    fn header(meta: &Meta) -> String {
        header_xml(meta, &mut Media::default(), 450.0).xml
    }

    #[test]
    fn header_shows_title_and_reference_on_one_line() {
        let meta = Meta {
            title: "Terms\tof <Supply>\n".into(),
            reference: Some("REF-1".into()),
            ..Meta::default()
        };
        let xml = header(&meta);
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
        let xml = header(&meta);
        let marking = xml.find("Draft for tender").unwrap();
        assert!(marking < xml.find("Agreement").unwrap(), "{xml}");
        assert!(xml.contains(r#"<w:jc w:val="center"/>"#), "{xml}");
        assert!(!header(&Meta::default()).contains("<w:b/>"));
    }

    #[test]
    fn footer_counts_pages_with_fields() {
        let xml = footer_xml(&Meta::default(), &mut Media::default(), 450.0).xml;
        assert!(xml.contains(r#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#));
        assert!(xml.contains(r#"<w:instrText xml:space="preserve"> NUMPAGES </w:instrText>"#));
        assert_eq!(xml.matches(r#"w:fldCharType="end""#).count(), 2);
        assert!(xml.ends_with("</w:p></w:ftr>"));
    }

    #[test]
    fn a_theme_moves_the_places_and_the_marking() {
        let mut meta = Meta {
            title: "Agreement".into(),
            reference: Some("REF-1".into()),
            marking: Some("Draft".into()),
            ..Meta::default()
        };
        meta.style.header = Line {
            left: Slot::Reference,
            center: Slot::Empty,
            right: Slot::Page,
        };
        meta.style.footer = Line {
            left: Slot::Title,
            ..Line::default()
        };
        meta.style.marking = MarkingPlace::Footer;
        let head = header(&meta);
        assert!(
            !head.contains("Draft") && !head.contains("Agreement"),
            "{head}"
        );
        assert!(
            head.contains(
                r#"REF-1</w:t></w:r><w:r><w:tab/><w:tab/><w:t xml:space="preserve">Page "#
            ),
            "{head}"
        );
        let foot = footer_xml(&meta, &mut Media::default(), 450.0).xml;
        assert!(
            foot.find("Draft").unwrap() < foot.find("Agreement").unwrap(),
            "{foot}"
        );
    }
}
