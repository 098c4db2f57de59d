//! `--reference-docx`: a house template made here (its parts written by hand and
//! zipped, not by rfx) with Heading 1 in DejaVu Serif, dark red; custom margins; a
//! header with a logo. rfx's DOCX carries them, caching notices a changed template,
//! and a broken template is refused with a located error.

use crate::support::{rfx, root, run, stderr};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The colour of the template's Heading 1.
pub const HEADING_COLOUR: &str = "8B0000";
/// The template's Heading 1 font (a font installed here, so LibreOffice uses it).
pub const HEADING_FONT: &str = "DejaVu Serif";

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#
);

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A 48×16 PNG: a dark red bar (the logo).
pub fn logo_png() -> Vec<u8> {
    let (width, height) = (48u32, 16u32);
    // Each row: filter type 0, then RGB pixels.
    let row: Vec<u8> = std::iter::once(0)
        .chain((0..width).flat_map(|_| [0x8B, 0, 0]))
        .collect();
    let raw = row.repeat(height as usize);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw).unwrap();
    let data = z.finish().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], body: &[u8]| {
        png.extend((body.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend(body);
        png.extend(&c);
        png.extend(crc32(&c).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &data);
    chunk(b"IEND", &[]);
    png
}

fn theme() -> String {
    let colours = [
        ("dk1", "000000"),
        ("lt1", "FFFFFF"),
        ("dk2", "44546A"),
        ("lt2", "E7E6E6"),
        ("accent1", "8B0000"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ];
    let mut clr = String::new();
    for (name, rgb) in colours {
        clr.push_str(&format!(r#"<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>"#));
    }
    let font = |face: &str| {
        format!(r#"<a:latin typeface="{face}"/><a:ea typeface=""/><a:cs typeface=""/>"#)
    };
    let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = format!(r#"<a:ln w="6350">{fill}</a:ln>"#);
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="House">"#,
            r#"<a:themeElements><a:clrScheme name="House">{clr}</a:clrScheme>"#,
            r#"<a:fontScheme name="House"><a:majorFont>{major}</a:majorFont><a:minorFont>{minor}</a:minorFont></a:fontScheme>"#,
            r#"<a:fmtScheme name="House"><a:fillStyleLst>{f}{f}{f}</a:fillStyleLst><a:lnStyleLst>{l}{l}{l}</a:lnStyleLst>"#,
            r#"<a:effectStyleLst>{e}{e}{e}</a:effectStyleLst><a:bgFillStyleLst>{f}{f}{f}</a:bgFillStyleLst></a:fmtScheme>"#,
            "</a:themeElements></a:theme>"
        ),
        clr = clr,
        major = font(HEADING_FONT),
        minor = font("Liberation Serif"),
        f = fill,
        l = line,
        e = effect
    )
}

fn header() -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:hdr {ns}><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr><w:r><w:drawing>"#,
            r#"<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="914400" cy="304800"/>"#,
            r#"<wp:docPr id="1" name="Logo" descr="Isarwerk logo"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
            r#"<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>"#,
            r#"<pic:blipFill><a:blip r:embed="rIdLogo"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"#,
            r#"<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="304800"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>"#,
            r#"</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t>Isarwerk GmbH · House template</w:t></w:r></w:p></w:hdr>"#
        ),
        ns = NS
    )
}

/// The template's parts: a German-style Heading 1 id (`berschrift1`, named
/// `heading 1`), a list style with numbering of its own, an A4 page with a 3 cm left
/// margin, a default header with the logo.
pub fn template_parts() -> Vec<(&'static str, Vec<u8>)> {
    let decl = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n"
    );
    let types = format!(
        concat!(
            "{decl}",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>"#,
            r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"/>"#,
            r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
            r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#,
            r#"<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>"#,
            r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#,
            r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#,
            "</Types>"
        ),
        decl = decl
    );
    let rels = format!(
        r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let mut doc_rels = format!(
        r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    );
    for (id, kind, target) in [
        ("rId1", "styles", "styles.xml"),
        ("rId2", "numbering", "numbering.xml"),
        ("rId3", "fontTable", "fontTable.xml"),
        ("rId7", "header", "header1.xml"),
        ("rId8", "theme", "theme/theme1.xml"),
    ] {
        doc_rels.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
        ));
    }
    doc_rels.push_str("</Relationships>");
    let document = format!(
        concat!(
            "{decl}",
            r#"<w:document {ns}><w:body><w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr><w:r><w:t>House template</w:t></w:r></w:p>"#,
            r#"<w:sectPr><w:headerReference w:type="default" r:id="rId7"/><w:pgSz w:w="11906" w:h="16838"/>"#,
            r#"<w:pgMar w:top="1985" w:right="1134" w:bottom="1418" w:left="1701" w:header="709" w:footer="567" w:gutter="0"/>"#,
            r#"<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>"#
        ),
        decl = decl,
        ns = NS
    );
    let styles = format!(
        concat!(
            "{decl}",
            r#"<w:styles {ns}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:cs="Liberation Serif"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>"#,
            r#"<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/><w:qFormat/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Standard"/><w:next w:val="Standard"/><w:link w:val="berschrift1Zchn"/><w:uiPriority w:val="9"/><w:qFormat/>"#,
            r#"<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="480" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>"#,
            r#"<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/><w:b/><w:bCs/><w:color w:val="{colour}"/><w:sz w:val="34"/><w:szCs w:val="34"/></w:rPr></w:style>"#,
            r#"<w:style w:type="character" w:customStyle="1" w:styleId="berschrift1Zchn"><w:name w:val="Überschrift 1 Zchn"/><w:basedOn w:val="Absatz-Standardschriftart"/><w:link w:val="berschrift1"/>"#,
            r#"<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/><w:b/><w:color w:val="{colour}"/></w:rPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Listennummer"><w:name w:val="List Number"/><w:basedOn w:val="Standard"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="80"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Kopfzeile"><w:name w:val="header"/><w:basedOn w:val="Standard"/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4536"/><w:tab w:val="right" w:pos="9072"/></w:tabs><w:spacing w:after="0"/></w:pPr><w:rPr><w:color w:val="{colour}"/><w:sz w:val="18"/></w:rPr></w:style>"#,
            "</w:styles>"
        ),
        decl = decl,
        ns = NS,
        font = HEADING_FONT,
        colour = HEADING_COLOUR
    );
    let numbering = format!(
        concat!(
            "{decl}",
            r#"<w:numbering {ns}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>"#,
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="Listennummer"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        ),
        decl = decl,
        ns = NS
    );
    let fonts = format!(
        concat!(
            "{decl}",
            r#"<w:fonts {ns}><w:font w:name="{font}"><w:panose1 w:val="02060603050605020204"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
            r#"<w:font w:name="Liberation Serif"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
        ),
        decl = decl,
        ns = NS,
        font = HEADING_FONT
    );
    let header_rels = format!(
        r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdLogo" Type="{REL}/image" Target="media/logo.png"/></Relationships>"#
    );
    vec![
        ("[Content_Types].xml", types.into_bytes()),
        ("_rels/.rels", rels.into_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.into_bytes()),
        ("word/document.xml", document.into_bytes()),
        ("word/styles.xml", styles.into_bytes()),
        ("word/numbering.xml", numbering.into_bytes()),
        ("word/fontTable.xml", fonts.into_bytes()),
        ("word/header1.xml", header().into_bytes()),
        ("word/_rels/header1.xml.rels", header_rels.into_bytes()),
        ("word/media/logo.png", logo_png()),
        ("word/theme/theme1.xml", theme().into_bytes()),
    ]
}

/// Zips `parts` into `dir/name`; returns the path.
pub fn write_template(dir: &Path, name: &str, parts: &[(&str, Vec<u8>)]) -> PathBuf {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (part, bytes) in parts {
        zip.start_file(*part, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    let path = dir.join(name);
    std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    path
}

/// The entries of a `.docx`.
pub fn entries(docx: &Path) -> BTreeMap<String, Vec<u8>> {
    let bytes = std::fs::read(docx).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        out.insert(name, bytes);
    }
    out
}

fn text(entries: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(entries[name].clone()).unwrap()
}

/// Builds the example MSA as DOCX with the template into `dir/out`; returns it.
pub fn build_with_template(dir: &Path) -> PathBuf {
    let template = write_template(dir, "house.dotx", &template_parts());
    build_msa_docx(dir, &template)
}

/// Builds the cloud-migration MSA as DOCX with `--reference-docx template` into
/// `dir/out`; returns it.
fn build_msa_docx(dir: &Path, template: &Path) -> PathBuf {
    let out = run(rfx(dir)
        .arg("build")
        .arg(root().join("examples/cloud-migration.yaml"))
        .args([
            "--doc",
            "msa",
            "--format",
            "docx",
            "-o",
            "out",
            "--reference-docx",
        ])
        .arg(template));
    assert!(out.status.success(), "{}", stderr(&out));
    dir.join("out/isarwerk-cloud-migration-2027/msa.docx")
}

#[test]
fn the_template_sets_heading_font_colour_margins_and_header() {
    let dir = tempfile::tempdir().unwrap();
    let docx = build_with_template(dir.path());
    let parts = entries(&docx);
    let styles = text(&parts, "word/styles.xml");
    let h1 = &styles[styles.find(r#"w:styleId="Heading1""#).expect("Heading1")..];
    let h1 = &h1[..h1.find("</w:style>").unwrap()];
    assert!(h1.contains(&format!(r#"w:ascii="{HEADING_FONT}""#)), "{h1}");
    assert!(
        h1.contains(&format!(r#"<w:color w:val="{HEADING_COLOUR}"/>"#)),
        "{h1}"
    );
    // rfx's legal numbering stays bound to the heading style.
    assert!(h1.contains(r#"<w:numId w:val="2"/>"#), "{h1}");
    assert!(
        !styles.contains(r#"w:styleId="berschrift1""#),
        "localised ids become rfx's"
    );
    assert!(
        styles.contains(r#"<w:link w:val="Heading1"/>"#),
        "references follow"
    );
    let document = text(&parts, "word/document.xml");
    assert!(document.contains(r#"<w:pgMar w:top="1985" w:right="1134" w:bottom="1418" w:left="1701" w:header="709" w:footer="567" w:gutter="0"/>"#));
    assert!(document.contains(r#"<w:docGrid w:linePitch="360"/>"#));
    let header = text(&parts, "word/reference/header1.xml");
    assert!(header.contains("House template") && header.contains(r#"r:embed="rIdLogo""#));
    assert!(header.starts_with("<?xml"), "{header}");
    // The template's drawing ids move out of the body's range (Word wants them unique).
    assert!(header.contains(r#"<wp:docPr id="1000001""#), "{header}");
    assert_eq!(parts["word/reference/media/logo.png"], logo_png());
    assert!(parts.contains_key("word/reference/theme/theme1.xml"));
    let fonts = text(&parts, "word/fontTable.xml");
    assert!(
        fonts.contains(HEADING_FONT) && fonts.contains("Calibri"),
        "{fonts}"
    );
    // The template's list numbering survives, renumbered after rfx's.
    let numbering = text(&parts, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:numFmt w:val="upperRoman"/>"#));
    // Reproducible.
    let again = build_with_template(dir.path());
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&docx).unwrap()
    );
}

#[test]
fn render_takes_the_template_too() {
    let dir = tempfile::tempdir().unwrap();
    let template = write_template(dir.path(), "house.docx", &template_parts());
    std::fs::write(dir.path().join("note.md"), "# Scope\n\nText.\n").unwrap();
    let out = run(rfx(dir.path())
        .args(["render", "note.md", "-o", "note.docx", "--reference-docx"])
        .arg(&template));
    assert!(out.status.success(), "{}", stderr(&out));
    let parts = entries(&dir.path().join("note.docx"));
    assert!(text(&parts, "word/styles.xml").contains(HEADING_COLOUR));
}

#[test]
fn a_changed_template_rebuilds_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("specs")).unwrap();
    std::fs::copy(
        root().join("examples/laptop-purchase.yaml"),
        dir.path().join("specs/laptop-purchase.yaml"),
    )
    .unwrap();
    let mut parts = template_parts();
    write_template(dir.path(), "house.docx", &parts);
    let batch = || {
        let out = run(rfx(dir.path()).args([
            "batch",
            "specs",
            "-o",
            "out",
            "--format",
            "docx",
            "--message-format",
            "json",
            "--reference-docx",
            "house.docx",
        ]));
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(batch().contains(r#""status":"built""#));
    assert!(batch().contains(r#""status":"skipped""#));
    let manifest = std::fs::read_to_string(
        dir.path()
            .join("out/kestrel-moor-laptops-2027/manifest.json"),
    );
    let hash = rfx::digest::sha256_hex(std::fs::read(dir.path().join("house.docx")).unwrap());
    assert!(
        manifest
            .as_ref()
            .is_ok_and(|m| m.contains(&format!(r#""reference_docx": "{hash}""#))),
        "{manifest:?}"
    );
    let styles = String::from_utf8(parts[4].1.clone()).unwrap();
    parts[4].1 = styles.replace(HEADING_COLOUR, "003366").into_bytes();
    write_template(dir.path(), "house.docx", &parts);
    assert!(batch().contains(r#""status":"built""#));
    let out = run(rfx(dir.path()).args([
        "batch",
        "specs",
        "-o",
        "out",
        "--format",
        "docx",
        "--message-format",
        "json",
    ]));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains(r#""status":"built""#),
        "no template is another input"
    );
}

#[test]
fn a_broken_template_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut parts = template_parts();
    parts[4].1 = b"<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\n<w:style>\n</w:styles>".to_vec();
    write_template(dir.path(), "broken.docx", &parts);
    std::fs::write(dir.path().join("note.md"), "Text.\n").unwrap();
    let out = run(rfx(dir.path()).args([
        "render",
        "note.md",
        "-o",
        "note.docx",
        "--reference-docx",
        "broken.docx",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("broken.docx/word/styles.xml:3:"), "{err}");
    assert!(
        err.contains("word/styles.xml is not well-formed XML"),
        "{err}"
    );
    assert!(!dir.path().join("note.docx").exists());
    let missing = run(rfx(dir.path()).args([
        "render",
        "note.md",
        "-o",
        "note.docx",
        "--reference-docx",
        "none.docx",
    ]));
    assert!(
        stderr(&missing).contains("cannot read the reference DOCX `none.docx`: no such file"),
        "{}",
        stderr(&missing)
    );
    std::fs::write(dir.path().join("notes.txt"), "plain text").unwrap();
    let not_zip = run(rfx(dir.path()).args(["build", "x.yaml", "--reference-docx", "notes.txt"]));
    assert_eq!(not_zip.status.code(), Some(1));
}

/// A template saved by LibreOffice (from `tests/reference/libreoffice-house.fodt`:
/// Heading 1 in DejaVu Serif, green; a letterhead in the header): a real office
/// application's output, with its outline list that numbers nothing.
pub fn libreoffice_template(dir: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(dir)
        .arg(root().join("tests/reference/libreoffice-house.fodt"))
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("libreoffice-house.docx")
}

/// Converts `docx` to PDF with LibreOffice; returns `pdffonts` and `pdftotext` of it.
fn libreoffice_pdf(dir: &Path, docx: &Path) -> (String, String) {
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.join("converted"))
        .arg(docx)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir
        .join("converted")
        .join(docx.with_extension("pdf").file_name().unwrap());
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts runs");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    (
        String::from_utf8_lossy(&fonts.stdout).into_owned(),
        String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// A LibreOffice-saved template works: its heading font and letterhead apply, and
/// rfx's heading numbers still show (LibreOffice's outline list numbers nothing).
#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils (pdffonts, pdftotext)"]
fn a_libreoffice_template_applies_and_headings_keep_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let template = libreoffice_template(dir.path());
    let docx = build_msa_docx(dir.path(), &template);
    let (fonts, text) = libreoffice_pdf(dir.path(), &docx);
    assert!(fonts.contains("DejaVuSerif-Bold"), "{fonts}");
    assert!(text.contains("Kestrel Moor Council — letterhead"), "{text}");
    assert!(text.contains("Draft for tender"), "{text}");
    assert!(text.contains("1.2 Interpretation"), "{text}");
}

/// LibreOffice lays the document out with the template's heading font.
#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils (pdffonts)"]
fn libreoffice_uses_the_template_heading_font() {
    let dir = tempfile::tempdir().unwrap();
    let docx = build_with_template(dir.path());
    let profile = dir.path().join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("converted"))
        .arg(&docx)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("converted/msa.pdf");
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts runs");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    assert!(fonts.contains("DejaVuSerif-Bold"), "{fonts}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        text.contains("Draft for tender"),
        "the marking stays in the header: {text}"
    );
    assert!(text.contains("House template"), "{text}");
}

/// Heading 1's colour in a built DOCX.
fn heading_colour(docx: &Path) -> String {
    let styles = text(&entries(docx), "word/styles.xml");
    let h1 = &styles[styles.find(r#"w:styleId="Heading1""#).expect("Heading1")..];
    let h1 = &h1[..h1.find("</w:style>").unwrap()];
    let at = h1.find("<w:color w:val=\"").expect("a colour") + "<w:color w:val=\"".len();
    h1[at..at + 6].to_string()
}

#[test]
fn a_theme_names_its_template_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("themes")).unwrap();
    write_template(&lib, "house.dotx", &template_parts());
    std::fs::write(
        lib.join("themes/house.yaml"),
        "reference_docx: house.dotx\n",
    )
    .unwrap();
    let build = |extra: &[&std::ffi::OsStr]| {
        let out = run(rfx(dir.path())
            .arg("build")
            .arg(root().join("examples/cloud-migration.yaml"))
            .args(["--doc", "msa", "--format", "docx", "-o", "out"])
            .args(["--theme", "house", "--library"])
            .arg(&lib)
            .args(extra));
        assert!(out.status.success(), "{}", stderr(&out));
        dir.path()
            .join("out/isarwerk-cloud-migration-2027/msa.docx")
    };
    let docx = build(&[]);
    assert_eq!(
        heading_colour(&docx),
        HEADING_COLOUR,
        "the theme's template"
    );
    let manifest = std::fs::read_to_string(
        dir.path()
            .join("out/isarwerk-cloud-migration-2027/manifest.json"),
    )
    .unwrap();
    assert!(manifest.contains("\"reference_docx\""), "{manifest}");

    let other: Vec<(&str, Vec<u8>)> = template_parts()
        .into_iter()
        .map(|(name, bytes)| match String::from_utf8(bytes) {
            Ok(xml) => (name, xml.replace(HEADING_COLOUR, "004D40").into_bytes()),
            Err(binary) => (name, binary.into_bytes()),
        })
        .collect();
    let flag = write_template(dir.path(), "other.dotx", &other);
    let docx = build(&["--reference-docx".as_ref(), flag.as_os_str()]);
    assert_eq!(heading_colour(&docx), "004D40", "--reference-docx wins");
}

#[test]
fn a_broken_theme_template_names_the_file_and_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("themes")).unwrap();
    std::fs::write(lib.join("house.docx"), b"PK\x03\x04 not a package").unwrap();
    std::fs::write(
        lib.join("themes/house.yaml"),
        "reference_docx: house.docx\n",
    )
    .unwrap();
    let out = run(rfx(dir.path())
        .arg("build")
        .arg(root().join("examples/laptop-purchase.yaml"))
        .args(["--doc", "nda", "--format", "docx", "-o", "out"])
        .args(["--theme", "house", "--library"])
        .arg(&lib));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("lib/house.docx` as a reference DOCX"), "{err}");
    assert!(
        err.contains("(the `reference_docx` of theme `house`)"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}
