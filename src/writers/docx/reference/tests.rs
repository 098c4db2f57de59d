//! A reference document made here (parts written by hand and zipped), read and
//! applied; and broken ones, each refused with a located diagnostic.

use std::io::{Cursor, Read as _, Write as _};
use std::sync::Arc;

use super::*;
use crate::doc::{Block, Document, Inline, Meta};
use crate::writers::WriteOptions;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0D, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D,
    0x1D, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn zip(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The parts of a small template: Heading 1 in DejaVu Serif, dark red; 3 cm left
/// margin; a header with a logo; a numbered list style of its own.
fn template_parts(main_type: &str) -> Vec<(&'static str, Vec<u8>)> {
    let types = format!(
        concat!(
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>"#,
            r#"<Override PartName="/word/document.xml" ContentType="{main}"/>"#,
            r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
            r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#,
            r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#,
            r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#,
            "</Types>"
        ),
        main = main_type
    );
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let doc_rels = format!(
        concat!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="{r}/styles" Target="styles.xml"/>"#,
            r#"<Relationship Id="rId2" Type="{r}/numbering" Target="numbering.xml"/>"#,
            r#"<Relationship Id="rId7" Type="{r}/header" Target="header1.xml"/>"#,
            r#"<Relationship Id="rId8" Type="{r}/theme" Target="theme/theme1.xml"/>"#,
            "</Relationships>"
        ),
        r = REL
    );
    let document = format!(
        concat!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>Template</w:t></w:r></w:p>"#,
            r#"<w:sectPr><w:headerReference w:type="default" r:id="rId7"/><w:pgSz w:w="11906" w:h="16838"/>"#,
            r#"<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>"#,
            "</w:body></w:document>"
        ),
        W = W
    );
    let styles = format!(
        concat!(
            r#"<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>"#,
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>"#,
            r#"<w:pPr><w:keepNext/><w:spacing w:before="480"/></w:pPr><w:rPr><w:rFonts w:ascii="DejaVu Serif" w:hAnsi="DejaVu Serif"/><w:b/><w:color w:val="8B0000"/><w:sz w:val="36"/></w:rPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#,
            "</w:styles>"
        ),
        W = W
    );
    let numbering = format!(
        concat!(
            r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="ListNumber"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        ),
        W = W
    );
    let header = format!(
        r#"<w:hdr {W}><w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="rIdLogo"/></wp:inline></w:drawing></w:r></w:p></w:hdr>"#
    );
    let header_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdLogo" Type="{REL}/image" Target="media/logo.png"/><Relationship Id="rIdWeb" Type="{REL}/hyperlink" Target="https://example.org/?a=1&amp;b=2" TargetMode="External"/></Relationships>"#
    );
    vec![
        ("[Content_Types].xml", types.into_bytes()),
        ("_rels/.rels", rels.into_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.into_bytes()),
        ("word/document.xml", document.into_bytes()),
        ("word/styles.xml", styles.into_bytes()),
        ("word/numbering.xml", numbering.into_bytes()),
        ("word/header1.xml", header.into_bytes()),
        ("word/_rels/header1.xml.rels", header_rels.into_bytes()),
        ("word/media/logo.png", PNG.to_vec()),
        (
            "word/theme/theme1.xml",
            br#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="House"/>"#.to_vec(),
        ),
    ]
}

const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

fn template() -> Vec<u8> {
    zip(&template_parts(DOCX))
}

fn replaced(part: &str, bytes: Option<&[u8]>) -> Vec<u8> {
    let parts: Vec<(&str, Vec<u8>)> = template_parts(DOCX)
        .into_iter()
        .filter_map(|(name, b)| {
            if name == part {
                bytes.map(|b| (name, b.to_vec()))
            } else {
                Some((name, b))
            }
        })
        .collect();
    zip(&parts)
}

fn document() -> Document {
    let mut doc = Document {
        meta: Meta {
            title: "Agreement".into(),
            marking: Some("Draft for tender".into()),
            language: Some("de-DE".into()),
            ..Meta::default()
        },
        blocks: vec![Block::Paragraph(vec![Inline::Text("Body".into())])],
    };
    doc.resolve(&crate::resolve::ResolveOptions::default());
    doc
}

fn written(reference: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let reference = ReferenceDocx::from_bytes(reference, "house.docx").unwrap();
    let mut options = WriteOptions::default();
    options.docx.reference = Some(Arc::new(reference));
    let bytes = crate::writers::docx::write(&document(), &options).unwrap();
    assert_eq!(
        bytes,
        crate::writers::docx::write(&document(), &options).unwrap()
    );
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.insert(f.name().unwrap().to_string(), b);
    }
    out
}

fn text(parts: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn the_template_look_applies() {
    let parts = written(&template());
    let styles = text(&parts, "word/styles.xml");
    assert!(styles.contains(r#"w:styleId="Heading1""#), "{styles}");
    assert!(!styles.contains("berschrift1"));
    assert!(styles.contains(r#"<w:rFonts w:ascii="DejaVu Serif" w:hAnsi="DejaVu Serif"/>"#));
    assert!(styles.contains(r#"<w:color w:val="8B0000"/>"#));
    assert!(
        styles.contains(r#"<w:lang w:val="de-DE"/>"#),
        "the document's language wins"
    );
    // rfx's styles the template lacks are there.
    assert!(styles.contains(r#"w:styleId="TOC1""#) && styles.contains(r#"w:styleId="Title""#));
    let document = text(&parts, "word/document.xml");
    assert!(document.contains(r#"<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>"#), "{document}");
    assert!(document.contains(r#"<w:headerReference w:type="default" r:id="rIdHeader1"/>"#));
    // The template's header (with the marking first), its logo and its link.
    assert!(!parts.contains_key("word/header1.xml"));
    let header = text(&parts, "word/reference/header1.xml");
    assert!(header.find("Draft for tender").unwrap() < header.find("r:embed").unwrap());
    assert_eq!(parts["word/reference/media/logo.png"], PNG);
    let rels = text(&parts, "word/reference/_rels/header1.xml.rels");
    assert!(rels.contains(r#"Target="media/logo.png""#), "{rels}");
    assert!(rels.contains(r#"Target="https://example.org/?a=1&amp;b=2" TargetMode="External""#));
    let types = text(&parts, "[Content_Types].xml");
    assert!(types.contains(
        r#"<Override PartName="/word/reference/media/logo.png" ContentType="image/png"/>"#
    ));
    assert!(types.contains(r#"PartName="/word/reference/theme/theme1.xml""#));
    let doc_rels = text(&parts, "word/_rels/document.xml.rels");
    assert!(
        doc_rels.contains(r#"Target="reference/header1.xml""#),
        "{doc_rels}"
    );
    assert!(doc_rels.contains(r#"/theme" Target="reference/theme/theme1.xml""#));
    // rfx's own footer stays: the template has none.
    assert!(parts.contains_key("word/footer1.xml"));
}

#[test]
fn the_template_list_numbering_is_renumbered_after_rfx() {
    let parts = written(&template());
    let numbering = text(&parts, "word/numbering.xml");
    let styles = text(&parts, "word/styles.xml");
    // rfx writes nums 2 and 3 here; the template's num 1 becomes 4, its abstract 0
    // becomes 5 (after rfx's 2, 3, 4).
    assert!(
        numbering.contains(r#"<w:num w:numId="4"><w:abstractNumId w:val="5"/></w:num>"#),
        "{numbering}"
    );
    assert!(numbering.contains(r#"<w:numFmt w:val="upperRoman"/>"#));
    let list = &styles[styles.find(r#"w:styleId="ListNumber""#).unwrap()..];
    assert!(list[..list.find("</w:style>").unwrap()].contains(r#"<w:numId w:val="4"/>"#));
    // The heading style (no numbering of its own) is bound to rfx's heading list.
    let h1 = &styles[styles.find(r#"w:styleId="Heading1""#).unwrap()..];
    let h1 = &h1[..h1.find("</w:style>").unwrap()];
    assert!(
        h1.contains(
            r#"<w:keepNext/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr><w:spacing"#
        ),
        "{h1}"
    );
}

#[test]
fn a_template_is_accepted_and_the_page_is_its_page() {
    let dotx = zip(&template_parts(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ));
    let reference = ReferenceDocx::from_bytes(&dotx, "house.dotx").unwrap();
    let page = reference.geometry(Paper::Letter);
    assert_eq!(page.width, 11906);
    assert_eq!(page.text_width(), 11906 - 1134 - 1701 - 1);
    assert_ne!(
        reference.digest(),
        ReferenceDocx::from_bytes(&template(), "x")
            .unwrap()
            .digest()
    );
}

fn refused(bytes: &[u8]) -> Diagnostic {
    match ReferenceDocx::from_bytes(bytes, "house.docx") {
        Ok(_) => panic!("accepted"),
        Err(d) => {
            assert!(d.help.is_some(), "{d:?}");
            assert!(d.location.as_ref().unwrap().file.starts_with("house.docx"));
            d
        }
    }
}

#[test]
fn broken_templates_get_located_errors() {
    let d = refused(b"not a zip");
    assert!(d.message.contains("not a zip package"), "{}", d.message);
    let d = refused(&replaced("word/styles.xml", None));
    assert!(
        d.message.contains("word/styles.xml: the part is missing"),
        "{}",
        d.message
    );
    let d = refused(&replaced(
        "word/styles.xml",
        Some(b"<w:styles>\n  <w:style>\n</w:styles>"),
    ));
    assert!(
        d.message.contains("word/styles.xml is not well-formed"),
        "{}",
        d.message
    );
    let loc = d.location.unwrap();
    assert_eq!(
        (loc.file.as_str(), loc.line),
        ("house.docx/word/styles.xml", 3)
    );
    let d = refused(&replaced("word/theme/theme1.xml", Some(b"<a:theme>")));
    assert!(
        d.message
            .contains("word/theme/theme1.xml is not well-formed"),
        "{}",
        d.message
    );
    let d = refused(&replaced("word/media/logo.png", None));
    assert!(
        d.message
            .contains("`media/logo.png`, which is not in the package"),
        "{}",
        d.message
    );
    let d = refused(&replaced(
        "word/document.xml",
        Some(br#"<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"/>"#),
    ));
    assert!(d.message.contains("Strict Open XML"), "{}", d.message);
    let d = refused(&zip(&template_parts(
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )));
    assert!(
        d.message.contains("expected a Word document or template"),
        "{}",
        d.message
    );
    let d = refused(&replaced("word/header1.xml", Some(b"<w:hdr/>")));
    assert!(
        d.message.contains("expected a `w:hdr` root element"),
        "{}",
        d.message
    );
    let d = refused(&replaced(
        "word/_rels/document.xml.rels",
        Some(b"<Relationships><Relationship Id=\"x\"/></Relationships>"),
    ));
    assert!(
        d.message.contains("lacks its Id, Type or Target"),
        "{}",
        d.message
    );
    let bad_page = String::from_utf8(template_parts(DOCX)[3].1.clone())
        .unwrap()
        .replace(r#"w:w="11906""#, r#"w:w="wide""#);
    let d = refused(&replaced("word/document.xml", Some(bad_page.as_bytes())));
    assert!(
        d.message.contains(r#"`w:pgSz` has `w:w="wide"`"#),
        "{}",
        d.message
    );
}

#[test]
fn a_part_that_unpacks_too_far_is_refused() {
    let big = vec![b' '; archive::MAX_PART_BYTES as usize + 1];
    let d = refused(&replaced("word/styles.xml", Some(&big)));
    assert!(
        d.message.contains("unpacks to more than 16 MiB"),
        "{}",
        d.message
    );
}

#[test]
fn a_title_page_without_its_own_header_shows_the_default_one() {
    let document = String::from_utf8(template_parts(DOCX)[3].1.clone())
        .unwrap()
        .replace("</w:sectPr>", "<w:titlePg/></w:sectPr>");
    let parts = written(&replaced("word/document.xml", Some(document.as_bytes())));
    let body = text(&parts, "word/document.xml");
    assert!(body.contains(r#"<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>"#));
    assert!(body.contains(r#"<w:footerReference w:type="first" r:id="rIdFooterFirst"/>"#));
    let rels = text(&parts, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="reference/header1.xml""#), "{rels}");
    assert!(rels.contains(r#"Id="rIdFooterFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml""#), "{rels}");
}

#[test]
fn without_a_reference_nothing_changes() {
    let plain = crate::writers::docx::write(&document(), &WriteOptions::default()).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(plain)).unwrap();
    assert!(archive.by_name("word/header1.xml").is_ok());
    assert!((0..archive.len()).all(|i| {
        !archive
            .by_index(i)
            .unwrap()
            .name()
            .unwrap()
            .contains("reference")
    }));
}

#[test]
fn headings_the_template_numbers_keep_its_numbering() {
    let styles = String::from_utf8(template_parts(DOCX)[4].1.clone())
        .unwrap()
        .replace(
            r#"<w:pPr><w:keepNext/><w:spacing w:before="480"/></w:pPr>"#,
            r#"<w:pPr><w:keepNext/><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr>"#,
        );
    let numbering = format!(
        concat!(
            r#"<w:numbering {W}><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>"#,
            r#"<w:pStyle w:val="berschrift1"/><w:lvlText w:val="Article %1"/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="9"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#
        ),
        W = W
    );
    let mut parts = template_parts(DOCX);
    parts[4].1 = styles.into_bytes();
    parts[5].1 = numbering.into_bytes();
    let out = written(&zip(&parts));
    let styles = text(&out, "word/styles.xml");
    let h1 = &styles[styles.find(r#"w:styleId="Heading1""#).unwrap()..];
    let h1 = &h1[..h1.find("</w:style>").unwrap()];
    // The template's list (its num 9, now 4), not rfx's heading list (num 2).
    assert!(
        h1.contains(r#"<w:numPr><w:numId w:val="4"/></w:numPr>"#),
        "{h1}"
    );
    let numbering = text(&out, "word/numbering.xml");
    assert!(
        numbering.contains(r#"<w:num w:numId="4"><w:abstractNumId w:val="5"/></w:num>"#),
        "{numbering}"
    );
    assert!(numbering.contains(r#"<w:lvlText w:val="Article %1"/>"#));
    // Only the template's level claims Heading 1; rfx's list claims no heading.
    assert_eq!(
        numbering.matches(r#"<w:pStyle w:val="Heading1"/>"#).count(),
        1
    );
    assert!(!numbering.contains(r#"<w:pStyle w:val="Heading2"/>"#));
    // Heading 2 (rfx's style) joins the template's list at its level, so Word counts
    // every heading in one list.
    let h2 = &styles[styles.find(r#"w:styleId="Heading2""#).unwrap()..];
    let h2 = &h2[..h2.find("</w:style>").unwrap()];
    assert!(
        h2.contains(r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr>"#),
        "{h2}"
    );
}
