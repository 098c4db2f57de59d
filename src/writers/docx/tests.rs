//! Writer tests from hand-built documents: goldens of the main XML parts,
//! reproducibility, package contents, and a LibreOffice round trip.

use std::io::Read;

use super::write;
use crate::doc::{Align, Block, Document, Heading, Inline, List, Meta, Paper, Table, TocEntry};
use crate::writers::WriteOptions;

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_string())]
}

fn heading(level: u8, number: Option<&str>, anchor: &str, title: &str) -> Block {
    Block::Heading(Heading {
        level,
        number: number.map(str::to_string),
        anchor: Some(anchor.to_string()),
        numbered: number.is_some(),
        content: text(title),
        clause: None,
    })
}

fn para(s: &str) -> Block {
    Block::Paragraph(text(s))
}

fn toc_entry(level: u8, number: Option<&str>, title: &str, anchor: &str) -> TocEntry {
    TocEntry {
        level,
        number: number.map(str::to_string),
        title: title.to_string(),
        anchor: anchor.to_string(),
    }
}

/// A small contract exercising every block and inline kind.
pub(super) fn sample_document() -> Document {
    let toc = vec![
        toc_entry(1, Some("1"), "Definitions", "definitions"),
        toc_entry(2, Some("1.1"), "Interpretation", "interpretation"),
        toc_entry(1, None, "Background", "background"),
        toc_entry(1, Some("2"), "Liability", "liability"),
        toc_entry(2, Some("2.1"), "Cap on liability", "cap-on-liability"),
        toc_entry(3, Some("2.1.1"), "Exclusions", "exclusions"),
        toc_entry(1, Some("3"), "Signatures", "signatures"),
    ];
    let blocks = vec![
        Block::Toc(toc),
        Block::PageBreak,
        heading(1, Some("1"), "definitions", "Definitions"),
        Block::Paragraph(vec![
            Inline::Text("In this Agreement ".into()),
            Inline::Strong(text("Services")),
            Inline::Text(" means the services in ".into()),
            Inline::Emph(text("Schedule 1")),
            Inline::Text(", configured with ".into()),
            Inline::Code("rfx.toml".into()),
            Inline::Text("; see ".into()),
            Inline::Link {
                url: "https://example.com/terms?a=1&b=2".into(),
                content: text("the published terms"),
            },
            Inline::Text(" and ".into()),
            Inline::CrossRef {
                anchor: "cap-on-liability".into(),
                text: "clause 2.1".into(),
            },
            Inline::Text(".".into()),
            Inline::SoftBreak,
            Inline::Text("Parties: Müller GmbH (Łódź), Ελλάδα, Москва.".into()),
            Inline::LineBreak,
            Inline::Strikethrough(text("Deleted words")),
        ]),
        heading(2, Some("1.1"), "interpretation", "Interpretation"),
        Block::List(List {
            start: Some(1),
            items: vec![
                vec![para("Headings do not affect interpretation.")],
                vec![
                    para("Words in the singular include the plural."),
                    Block::List(List {
                        start: None,
                        items: vec![
                            vec![para("including bullets")],
                            vec![para("and more bullets")],
                        ],
                    }),
                    para("A continuation paragraph of the second item."),
                ],
            ],
        }),
        para("A second list restarts its numbering:"),
        Block::List(List {
            start: Some(1),
            items: vec![vec![para("first again")], vec![para("second again")]],
        }),
        Block::List(List {
            start: Some(3),
            items: vec![vec![para("starts at three")]],
        }),
        heading(1, None, "background", "Background"),
        para("An unnumbered section that must not advance the clause numbers."),
        heading(1, Some("2"), "liability", "Liability"),
        heading(2, Some("2.1"), "cap-on-liability", "Cap on liability"),
        Block::Table(Table {
            alignments: vec![Align::Left, Align::Left, Align::Right],
            header: vec![text("Claim"), text("Basis"), text("Cap (EUR)")],
            rows: vec![
                vec![
                    text("General"),
                    text("per Contract Year"),
                    text("1,000,000"),
                ],
                vec![
                    text("Data protection"),
                    text("aggregate"),
                    text("5,000,000"),
                ],
            ],
            kind: crate::doc::TableKind::Data,
        }),
        heading(3, Some("2.1.1"), "exclusions", "Exclusions"),
        Block::BlockQuote(vec![para("Nothing limits liability for fraud.")]),
        Block::CodeBlock {
            lang: None,
            text: "cap = fees * 1.5\nfloor = 100000\n".into(),
        },
        Block::ThematicBreak,
        heading(1, Some("3"), "signatures", "Signatures"),
        Block::Table(Table {
            alignments: vec![Align::None, Align::None],
            header: vec![text("Acme Holdings Ltd"), text("Globex Services GmbH")],
            rows: vec![
                vec![
                    text("Signature: ____________"),
                    text("Signature: ____________"),
                ],
                vec![text("Name: Jane Roe"), text("Name: Max Mustermann")],
            ],
            kind: crate::doc::TableKind::Data,
        }),
        Block::Table(Table {
            alignments: vec![Align::None, Align::None],
            header: vec![vec![], text(" ")],
            rows: vec![vec![text("Date:"), text("Date:")]],
            kind: crate::doc::TableKind::Data,
        }),
    ];
    Document {
        meta: Meta {
            title: "Master Services Agreement".into(),
            subtitle: Some("IT Outsourcing Programme".into()),
            reference: Some("ACME-2026-001".into()),
            author: Some("Acme Holdings Ltd".into()),
            kind: Some(crate::doc::DocumentKind::Msa),
            subject: Some("IT Outsourcing Programme".into()),
            keywords: vec!["msa".into(), "ACME-2026-001".into()],
            language: Some("en-GB".into()),
            paper: Paper::A4,
            ..Meta::default()
        },
        blocks,
    }
}

fn options() -> WriteOptions {
    WriteOptions {
        timestamp: 1_767_225_600, // 2026-01-01T00:00:00Z
        producer: "rfx test".into(),
        ..WriteOptions::default()
    }
}

fn build(doc: &Document) -> Vec<u8> {
    match write(doc, &options()) {
        Ok(bytes) => bytes,
        Err(e) => panic!("writer failed: {e}"),
    }
}

fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip archive");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"));
    let mut out = String::new();
    file.read_to_string(&mut out).expect("UTF-8 part");
    out
}

/// Re-indents XML, one element per line, text kept as is.
fn pretty(xml: &str) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut writer = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 1);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => writer.write_event(event).expect("write XML event"),
            Err(e) => panic!("invalid XML at {}: {e}", reader.buffer_position()),
        }
    }
    let mut out = String::from_utf8(writer.into_inner()).expect("UTF-8");
    out.push('\n');
    out
}

/// Compares `actual` with the golden file; `RFX_BLESS=1` rewrites the golden.
fn check_golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/docx")
        .join(name);
    if std::env::var_os("RFX_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("golden dir")).expect("create golden dir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden {}; run with RFX_BLESS=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the golden at line {}:\n  golden: {:?}\n  actual: {:?}\n(RFX_BLESS=1 rewrites it)",
            name,
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn sample_matches_goldens() {
    let docx = build(&sample_document());
    for (part_name, golden) in [
        ("word/document.xml", "sample/document.xml"),
        ("word/styles.xml", "sample/styles.xml"),
        ("word/numbering.xml", "sample/numbering.xml"),
        ("word/settings.xml", "sample/settings.xml"),
        ("word/header1.xml", "sample/header1.xml"),
        ("word/footer1.xml", "sample/footer1.xml"),
        ("[Content_Types].xml", "sample/content-types.xml"),
        ("word/_rels/document.xml.rels", "sample/document.xml.rels"),
    ] {
        check_golden(golden, &pretty(&part(&docx, part_name)));
    }
}

#[test]
fn letter_page_matches_golden() {
    let doc = Document {
        meta: Meta {
            title: "Request for Quotation".into(),
            paper: Paper::Letter,
            ..Meta::default()
        },
        blocks: vec![
            heading(1, Some("1"), "scope", "Scope"),
            para("Supply of laptops."),
        ],
    };
    check_golden(
        "letter/document.xml",
        &pretty(&part(&build(&doc), "word/document.xml")),
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let doc = sample_document();
    let first = build(&doc);
    // Something else built in between must not shift any id.
    let _other = build(&Document::default());
    let second = build(&doc);
    assert_eq!(first, second);
    let from_other_thread = std::thread::spawn(move || build(&doc))
        .join()
        .expect("thread");
    assert_eq!(first, from_other_thread);
}

#[test]
fn every_entry_has_the_document_time() {
    let docx = build(&sample_document());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&docx)).expect("zip");
    let names: Vec<String> = (0..archive.len())
        .map(|i| {
            archive
                .by_index(i)
                .expect("entry")
                .name()
                .expect("name")
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
            "word/numbering.xml",
            "word/header1.xml",
            "word/footer1.xml",
        ]
    );
    for i in 0..archive.len() {
        let file = archive.by_index(i).expect("entry");
        let t = file.last_modified().expect("entry time");
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2026, 1, 1, 0, 0),
            "{:?}",
            file.name()
        );
    }
    let first = archive.by_index(0).expect("first entry");
    assert_eq!(first.name().ok().as_deref(), Some("[Content_Types].xml"));
}

#[test]
fn core_properties_come_from_the_metadata() {
    let core = part(&build(&sample_document()), "docProps/core.xml");
    for expected in [
        "<dc:title>Master Services Agreement</dc:title>",
        "<dc:subject>IT Outsourcing Programme</dc:subject>",
        "<dc:creator>Acme Holdings Ltd</dc:creator>",
        "<cp:keywords>msa, ACME-2026-001</cp:keywords>",
        "<dc:language>en-GB</dc:language>",
        r#"<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>"#,
        r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>"#,
    ] {
        assert!(core.contains(expected), "missing {expected} in {core}");
    }
}

#[test]
fn header_rows_repeat_and_empty_headers_are_dropped() {
    let document = part(&build(&sample_document()), "word/document.xml");
    // Two tables have a header row; the one with blank header cells has none.
    assert_eq!(document.matches("<w:tblHeader/>").count(), 2);
    assert_eq!(document.matches("<w:tbl>").count(), 3);
    assert!(!document.contains("> </w:t>") || document.matches("<w:tblHeader/>").count() == 2);
}

#[test]
fn lists_restart_and_honour_their_start() {
    let numbering = part(&build(&sample_document()), "word/numbering.xml");
    // Three ordered lists, each its own w:num with a start override.
    for (num, start) in [(4, 1), (5, 1), (6, 3)] {
        let needle = format!(
            r#"<w:num w:numId="{num}"><w:abstractNumId w:val="4"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/>"#
        );
        assert!(
            numbering.contains(&needle),
            "missing {needle} in {numbering}"
        );
    }
    let document = part(&build(&sample_document()), "word/document.xml");
    // The nested bullets sit one level down in the shared bullet list.
    assert!(document.contains(r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>"#));
}

#[test]
fn unnumbered_headings_do_not_count_and_mismatches_are_written_as_text() {
    let doc = Document {
        meta: Meta::default(),
        blocks: vec![
            heading(1, Some("1"), "a", "Alpha"),
            heading(1, None, "b", "Annex"),
            heading(1, Some("2"), "c", "Beta"),
            // Word would number this 3; the model says 7.
            heading(1, Some("7"), "d", "Gamma"),
        ],
    };
    let document = part(&build(&doc), "word/document.xml");
    let paragraphs: Vec<&str> = document.split("<w:p>").skip(1).collect();
    let find = |title: &str| {
        paragraphs
            .iter()
            .find(|p| p.contains(&format!(">{title}</w:t>")))
            .copied()
            .unwrap_or_else(|| panic!("no paragraph {title}"))
    };
    let suppressed = r#"<w:numId w:val="0"/>"#;
    assert!(!find("Alpha").contains("w:numPr"));
    assert!(find("Annex").contains(suppressed));
    assert!(!find("Beta").contains("w:numPr"));
    let gamma = find("Gamma");
    assert!(gamma.contains(suppressed));
    assert!(
        gamma.contains(">7</w:t></w:r><w:r><w:tab/></w:r>"),
        "{gamma}"
    );
}

#[test]
fn cross_references_link_to_heading_bookmarks() {
    let document = part(&build(&sample_document()), "word/document.xml");
    assert!(document.contains(r#"<w:bookmarkStart w:id="5" w:name="_Ref_cap_on_liability"/>"#));
    assert!(document.contains(r#"<w:hyperlink w:anchor="_Ref_cap_on_liability""#));
    // Page numbers are Word's to compute: the cached contents carry none.
    assert!(!document.contains("PAGEREF"));
    let rels = part(&build(&sample_document()), "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"Target="https://example.com/terms?a=1&amp;b=2" TargetMode="External""#),
        "{rels}"
    );
}

#[test]
fn toc_requests_field_update_only_when_present() {
    let settings = part(&build(&sample_document()), "word/settings.xml");
    assert!(settings.contains(r#"<w:updateFields w:val="true"/>"#));
    let plain = Document {
        meta: Meta::default(),
        blocks: vec![para("no contents")],
    };
    let settings = part(&build(&plain), "word/settings.xml");
    assert!(!settings.contains("updateFields"));
}

#[test]
fn page_breaks_start_the_next_paragraph_on_a_new_page() {
    let table = Block::Table(Table {
        alignments: vec![Align::None],
        header: vec![text("Head")],
        rows: vec![vec![text("cell")]],
        kind: crate::doc::TableKind::Data,
    });
    let doc = Document {
        meta: Meta::default(),
        blocks: vec![
            para("first"),
            Block::PageBreak,
            heading(1, Some("1"), "a", "Alpha"),
            Block::PageBreak,
            table,
            Block::PageBreak,
        ],
    };
    let document = part(&build(&doc), "word/document.xml");
    // The heading carries the break; the table and the end need a break paragraph.
    assert!(
        document
            .contains(r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:pageBreakBefore/></w:pPr>"#)
    );
    assert_eq!(document.matches(r#"<w:br w:type="page"/>"#).count(), 2);
    assert_eq!(document.matches("<w:pageBreakBefore/>").count(), 1);
}

fn note(mark: &str, blocks: Vec<Block>) -> Inline {
    Inline::Footnote(crate::doc::Footnote {
        mark: mark.into(),
        blocks,
    })
}

#[test]
fn footnotes_are_word_footnotes_with_separators() {
    let mut doc = sample_document();
    doc.blocks.push(Block::Paragraph(vec![
        Inline::Text("The cap applies".into()),
        note(
            "1",
            vec![Block::Paragraph(vec![
                Inline::Text("See ".into()),
                Inline::Link {
                    url: "https://example.com/fees".into(),
                    content: text("the fee notes"),
                },
                Inline::Text(".".into()),
            ])],
        ),
        Inline::Text(".".into()),
    ]));
    doc.blocks.push(Block::Table(Table {
        alignments: vec![Align::None],
        header: vec![text("Item")],
        rows: vec![vec![vec![
            Inline::Text("Fees".into()),
            note("2", vec![para("In arrears."), para("Second paragraph.")]),
        ]]],
        kind: crate::doc::TableKind::Data,
    }));
    let docx = build(&doc);
    assert_well_formed(&docx);
    let document = part(&docx, "word/document.xml");
    for id in ["1", "2"] {
        assert!(
            document.contains(&format!(
                r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
            )),
            "reference {id}"
        );
    }
    assert!(
        document.contains(r#"<w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr><w:pgSz"#)
    );
    assert!(
        !document.contains("In arrears."),
        "note text is in the footnotes part"
    );

    let notes = part(&docx, "word/footnotes.xml");
    assert!(notes.contains(r#"<w:footnote w:type="separator" w:id="-1">"#));
    assert!(notes.contains("<w:r><w:separator/></w:r>"));
    assert!(notes.contains(r#"<w:footnote w:type="continuationSeparator" w:id="0">"#));
    assert!(notes.contains("<w:r><w:continuationSeparator/></w:r>"));
    let second = notes.find(r#"<w:footnote w:id="2">"#).expect("note 2");
    assert!(notes.find(r#"<w:footnote w:id="1">"#).expect("note 1") < second);
    assert_eq!(notes.matches("<w:footnoteRef/>").count(), 2);
    assert_eq!(
        notes.matches(r#"<w:pStyle w:val="FootnoteText"/>"#).count(),
        3
    );
    assert!(notes[second..].contains("In arrears.") && notes.contains("Second paragraph."));
    // The link of note 1 is a relationship of the footnotes part.
    assert!(notes.contains(r#"<w:hyperlink r:id="rIdHyperlink1""#));
    let note_rels = part(&docx, "word/_rels/footnotes.xml.rels");
    assert!(note_rels.contains(r#"Target="https://example.com/fees" TargetMode="External""#));
    assert!(!part(&docx, "word/_rels/document.xml.rels").contains("example.com/fees"));

    assert!(part(&docx, "word/_rels/document.xml.rels").contains(
        r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml""#
    ));
    assert!(part(&docx, "[Content_Types].xml").contains(
        r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#
    ));
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:styleId="FootnoteText""#));
    assert!(
        styles.contains(r#"w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>"#)
    );
    assert!(styles.contains(r#"<w:vertAlign w:val="superscript"/>"#));
    assert!(part(&docx, "word/settings.xml").contains(
        r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat>"#
    ));

    // A document without notes has no footnotes part and no footnote styles.
    let plain = build(&sample_document());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&plain[..])).expect("zip");
    assert!(archive.by_name("word/footnotes.xml").is_err());
    assert!(!part(&plain, "word/styles.xml").contains("Footnote"));
    assert!(!part(&plain, "word/document.xml").contains("footnotePr"));
}

#[test]
fn list_levels_follow_the_document_labels() {
    use crate::doc::{Counter, ListLevel};
    let mut doc = sample_document();
    let xml = part(&build(&doc), "word/numbering.xml");
    // The house style: 1. → (a) → (i), bullets • → ◦ → ▪.
    for level in [
        r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="tab"/><w:lvlText w:val="%1."/>"#,
        r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:suff w:val="tab"/><w:lvlText w:val="(%2)"/>"#,
        r#"<w:lvl w:ilvl="5"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:suff w:val="tab"/><w:lvlText w:val="(%6)"/>"#,
        r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:suff w:val="tab"/><w:lvlText w:val="◦"/>"#,
    ] {
        assert!(xml.contains(level), "{level}");
    }
    doc.meta.labels.list_levels = vec![ListLevel {
        counter: Counter::UpperRoman,
        before: "Art. ".into(),
        after: "%".into(),
        bullet: "–".into(),
    }];
    doc.meta.labels.footnotes = Counter::LowerLetter;
    doc.blocks
        .push(Block::Paragraph(vec![note("a", vec![para("Note.")])]));
    let docx = build(&doc);
    let xml = part(&docx, "word/numbering.xml");
    assert!(xml.contains(
        r#"<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:suff w:val="tab"/><w:lvlText w:val="Art. %3"/>"#
    ));
    assert!(
        xml.contains(r#"<w:numFmt w:val="bullet"/><w:suff w:val="tab"/><w:lvlText w:val="–"/>"#)
    );
    assert!(
        part(&docx, "word/document.xml")
            .contains(r#"<w:numFmt w:val="lowerLetter"/></w:footnotePr>"#)
    );
}

/// Every part of the package parses as XML.
fn assert_well_formed(docx: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let name = file.name().map(|n| n.to_string()).unwrap_or_default();
        let mut xml = String::new();
        file.read_to_string(&mut xml).expect("UTF-8 part");
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut depth = 0i64;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}\n{xml}"),
            }
        }
        assert_eq!(depth, 0, "{name} has unclosed elements");
    }
}

/// Input a writer must survive: control characters, markup in titles, deep nesting,
/// missing anchors, ragged tables.
fn awkward_document() -> Document {
    let mut nested = List {
        start: Some(u64::MAX),
        items: vec![vec![para("deepest")]],
    };
    for _ in 0..12 {
        nested = List {
            start: None,
            items: vec![vec![Block::List(nested)]],
        };
    }
    Document {
        meta: Meta {
            title: "Bad \u{1}title <&> \"quoted\"".into(),
            reference: Some("R&D <1>".into()),
            language: Some("x\"><".into()),
            ..Meta::default()
        },
        blocks: vec![
            Block::Heading(Heading {
                level: 0,
                number: Some("0".into()),
                anchor: Some("<&>\"".into()),
                numbered: true,
                content: text("Level zero \u{b} & <b>"),
                clause: None,
            }),
            Block::Heading(Heading {
                level: 9,
                number: Some("1.1.1.1.1.1.1.1.1".into()),
                anchor: None,
                numbered: true,
                content: vec![],
                clause: None,
            }),
            Block::List(nested),
            Block::List(List {
                start: Some(1),
                items: vec![
                    vec![],
                    vec![Block::CodeBlock {
                        lang: None,
                        text: String::new(),
                    }],
                ],
            }),
            Block::Table(Table {
                alignments: vec![],
                header: vec![],
                rows: vec![],
                kind: crate::doc::TableKind::Data,
            }),
            Block::Table(Table {
                alignments: vec![Align::Right],
                header: vec![text("only one header cell")],
                rows: vec![vec![text("a"), text("b"), text("c")], vec![]],
                kind: crate::doc::TableKind::Data,
            }),
            Block::Paragraph(vec![
                Inline::Link {
                    url: String::new(),
                    content: text("no target"),
                },
                Inline::Link {
                    url: "#nowhere".into(),
                    content: text("missing anchor"),
                },
                Inline::Link {
                    url: "javascript:alert(\"x\") <b>".into(),
                    content: vec![Inline::Link {
                        url: "https://nested.example".into(),
                        content: text("nested"),
                    }],
                },
                Inline::CrossRef {
                    anchor: "missing".into(),
                    text: "clause ?".into(),
                },
                Inline::Text("tab\there \u{FFFF}".into()),
            ]),
            Block::Toc(vec![toc_entry(7, None, "too deep", "x")]),
            Block::Toc(vec![toc_entry(1, Some("0"), "<&>", "<&>\"")]),
        ],
    }
}

#[test]
fn awkward_input_still_gives_well_formed_parts() {
    let doc = awkward_document();
    let docx = build(&doc);
    assert_well_formed(&docx);
    assert_well_formed(&build(&Document::default()));
    assert_well_formed(&build(&sample_document()));
}

/// Runs a program, failing the test with its output if it fails.
fn run(program: &str, args: &[&std::ffi::OsStr]) {
    let output = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Converts `doc` to PDF with LibreOffice and returns the text of each page.
fn libreoffice_pages(doc: &Document) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let docx_path = dir.path().join("doc.docx");
    std::fs::write(&docx_path, build(doc)).expect("write docx");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    run(
        "soffice",
        &[
            profile.as_ref(),
            "--headless".as_ref(),
            "--convert-to".as_ref(),
            "pdf".as_ref(),
            "--outdir".as_ref(),
            dir.path().as_os_str(),
            docx_path.as_os_str(),
        ],
    );
    let pdf = dir.path().join("doc.pdf");
    let txt = dir.path().join("doc.txt");
    // Layout mode keeps a heading's number and title on one line.
    run(
        "pdftotext",
        &["-layout".as_ref(), pdf.as_os_str(), txt.as_os_str()],
    );
    let raw = std::fs::read_to_string(&txt).expect("pdftotext output");
    raw.split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
#[ignore = "needs LibreOffice"]
fn libreoffice_converts_it_and_shows_every_heading() {
    let pages = libreoffice_pages(&sample_document());
    assert!(pages.len() >= 2, "expected a contents page and a body page");
    // The contents page repeats every heading: check the body pages only, where the
    // numbers are the ones LibreOffice computed from the heading list.
    let raw = pages[1..].join("\n");
    let flat = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(pages[0].contains("Contents") && pages[0].contains("Cap on liability"));
    for expected in [
        "Master Services Agreement",
        "1 Definitions",
        "1.1 Interpretation",
        "Background",
        "2 Liability",
        "2.1 Cap on liability",
        "2.1.1 Exclusions",
        "3 Signatures",
        "Acme Holdings Ltd",
        "Globex Services GmbH",
        "clause 2.1",
        "Müller GmbH (Łódź), Ελλάδα, Москва",
        "Page 2 of",
    ] {
        assert!(
            flat.contains(expected),
            "PDF text lacks {expected:?}:\n{raw}"
        );
    }
    // The unnumbered section did not take a number.
    assert!(
        !flat.contains("2 Background") && !flat.contains("3 Liability"),
        "{raw}"
    );
    // Lists restart: the second ordered list begins at 1 again, the third at 3.
    assert!(
        flat.contains("1. first again") && flat.contains("3. starts at three"),
        "{raw}"
    );
}

#[test]
#[ignore = "needs LibreOffice"]
fn libreoffice_repeats_the_header_row_of_long_tables() {
    let rows = (1..=150)
        .map(|r| {
            vec![
                text(&format!("Item {r}")),
                text("Monthly service charge"),
                text(&format!("{r}.00")),
            ]
        })
        .collect();
    let doc = Document {
        meta: Meta {
            title: "Price Schedule".into(),
            ..Meta::default()
        },
        blocks: vec![Block::Table(Table {
            alignments: vec![Align::Left, Align::Left, Align::Right],
            header: vec![text("Line item"), text("Description"), text("Price")],
            rows,
            kind: crate::doc::TableKind::Data,
        })],
    };
    let pages = libreoffice_pages(&doc);
    assert!(
        pages.len() >= 3,
        "150 rows should need several pages, got {}",
        pages.len()
    );
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("Line item"),
            "page {} lacks the header row:\n{page}",
            i + 1
        );
        assert!(
            page.contains(&format!("of {}", pages.len())),
            "page {} footer:\n{page}",
            i + 1
        );
    }
    assert!(pages.last().is_some_and(|p| p.contains("Item 150")));
}

#[test]
#[ignore = "needs LibreOffice"]
fn libreoffice_opens_awkward_input() {
    let pages = libreoffice_pages(&awkward_document());
    let text = pages.join("\n");
    assert!(
        text.contains("Level zero") && text.contains("deepest"),
        "{text}"
    );
}
