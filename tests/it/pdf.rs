//! PDF writer tests on hand-built documents: structure (via lopdf), reproducibility,
//! and — with poppler-utils and qpdf installed — extracted text, goldens, bounding
//! boxes and `qpdf --check`.

use crate::{sample_docs, support};
use lopdf::{Dictionary, Object};
use rfx::doc::{Block, Document, Heading, Inline, Meta};
use rfx::writers::{Format, WriteOptions, pdf};
use std::path::{Path, PathBuf};
use std::process::Command;

fn options() -> WriteOptions {
    WriteOptions {
        timestamp: 1_767_225_600, // 2026-01-01T00:00:00Z
        producer: "rfx test".into(),
        ..WriteOptions::default()
    }
}

fn build(doc: &Document) -> Vec<u8> {
    match pdf::write(doc, &options()) {
        Ok(bytes) => bytes,
        Err(e) => panic!("PDF not written: {e}"),
    }
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).expect("write temp PDF");
    path
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

/// Text of each page, as `pdftotext -layout` extracts it.
fn pages_text(path: &Path) -> Vec<String> {
    let text = run("pdftotext", &["-layout", path.to_str().expect("path"), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn dict<'a>(doc: &'a lopdf::Document, obj: &'a Object) -> &'a Dictionary {
    match obj {
        Object::Reference(id) => doc.get_dictionary(*id).expect("referenced dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn decode_text(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("UTF-16 text string")
    } else {
        String::from_utf8(bytes.to_vec()).expect("ASCII text string")
    }
}

#[test]
fn two_builds_in_one_process_are_byte_identical() {
    let doc = sample_docs::msa(12);
    let first = build(&doc);
    let _other = build(&sample_docs::unicode());
    let second = build(&doc);
    assert!(first == second, "second build differs from the first");
    let mut later = options();
    later.timestamp += 86_400;
    let third = pdf::write(&doc, &later).expect("PDF");
    assert_ne!(first, third, "the timestamp is recorded");
    // Only the dates differ: the pages are the same (the dates sit in a compressed
    // object stream, so the file lengths may not be).
    let (a, b) = (
        lopdf::Document::load_mem(&first).expect("first"),
        lopdf::Document::load_mem(&third).expect("third"),
    );
    let pages = |d: &lopdf::Document| -> Vec<Vec<u8>> {
        d.get_pages()
            .values()
            .map(|&p| d.get_page_content(p))
            .collect()
    };
    assert_eq!(pages(&a), pages(&b));
}

#[test]
fn dispatch_through_the_writers_module() {
    let bytes = rfx::writers::write(&sample_docs::unicode(), Format::Pdf, &options()).expect("PDF");
    assert!(bytes.starts_with(b"%PDF-1.7"));
    assert!(bytes.ends_with(b"%%EOF\n"));
}

#[test]
fn metadata_outline_and_links_are_in_the_file() {
    let bytes = build(&sample_docs::msa(10));
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF");
    let info = dict(&doc, doc.trailer.get(b"Info").expect("Info"));
    let field =
        |key: &[u8]| decode_text(info.get(key).expect("info field").as_str().expect("string"));
    assert_eq!(field(b"Title"), "Master Services Agreement");
    assert_eq!(field(b"Author"), "Müller & Söhne GmbH");
    assert_eq!(
        field(b"Subject"),
        "Managed IT Services for Müller & Söhne GmbH"
    );
    assert_eq!(field(b"Keywords"), "msa, MSA-2026-014");
    assert_eq!(field(b"CreationDate"), "D:20260101000000Z");
    assert_eq!(field(b"Producer"), "rfx test");

    // Nested outline: 1 → 1.1, 1.2; titles carry the numbers.
    let catalog = doc.catalog().expect("catalog");
    let outlines = dict(&doc, catalog.get(b"Outlines").expect("outline"));
    let first = dict(&doc, outlines.get(b"First").expect("first entry"));
    let title =
        |d: &Dictionary| decode_text(d.get(b"Title").expect("title").as_str().expect("string"));
    let clause1 = first;
    assert_eq!(title(clause1), "1 Definitions and Interpretation");
    let child = dict(&doc, clause1.get(b"First").expect("children"));
    assert_eq!(title(child), "1.1 Definitions and Interpretation — part 1");
    assert_eq!(
        clause1.get(b"Count").expect("count").as_i64().expect("int"),
        -2
    );
    let mut top = 1;
    let mut entry = clause1;
    while let Ok(next) = entry.get(b"Next") {
        entry = dict(&doc, next);
        top += 1;
    }
    assert_eq!(top, 11, "ten clauses, signatures");

    // Cross-references are internal links, URLs are URI actions.
    let pages = doc.get_pages();
    let page_ids: Vec<_> = pages.values().copied().collect();
    let mut internal = 0;
    let mut external = 0;
    for id in &page_ids {
        let page = doc.get_dictionary(*id).expect("page");
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        for a in annots.as_array().expect("array") {
            let a = dict(&doc, a);
            if let Ok(dest) = a.get(b"Dest") {
                let target = dest.as_array().expect("dest")[0]
                    .as_reference()
                    .expect("page ref");
                assert!(page_ids.contains(&target));
                internal += 1;
            } else {
                let action = dict(&doc, a.get(b"A").expect("action"));
                assert_eq!(
                    action.get(b"S").expect("S").as_name().expect("name"),
                    b"URI"
                );
                external += 1;
            }
        }
    }
    assert!(
        internal >= 30,
        "TOC entries and cross-references link inside ({internal})"
    );
    assert!(external >= 20, "URLs link out ({external})");
}

/// A closed outline item counts the entries its opening shows: its children only.
#[test]
fn closed_outline_items_count_their_children() {
    let heading = |level: u8, number: &str| {
        Block::Heading(Heading {
            level,
            number: Some(number.to_string()),
            anchor: Some(format!("h-{number}")),
            numbered: true,
            content: vec![Inline::Text(format!("Heading {number}"))],
            clause: None,
        })
    };
    let blocks = vec![
        heading(1, "4"),
        heading(2, "4.1"),
        heading(3, "4.1.1"),
        heading(3, "4.1.2"),
        heading(3, "4.1.3"),
        heading(2, "4.2"),
    ];
    let bytes = build(&Document {
        meta: Meta::default(),
        blocks,
    });
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF");
    let outlines = dict(
        &doc,
        doc.catalog()
            .expect("catalog")
            .get(b"Outlines")
            .expect("outline"),
    );
    let count = |d: &Dictionary| d.get(b"Count").expect("count").as_i64().expect("int");
    let four = dict(&doc, outlines.get(b"First").expect("first"));
    assert_eq!(count(four), -2, "4.1 and 4.2");
    let four_one = dict(&doc, four.get(b"First").expect("child"));
    assert_eq!(count(four_one), -3, "4.1.1 to 4.1.3");
    assert_eq!(count(outlines), 1);
}

/// The contents carry the document's own word for "Contents", as the DOCX does.
#[test]
#[ignore = "needs poppler-utils"]
fn contents_have_a_heading_in_the_document_language() {
    let mut doc = sample_docs::msa(3);
    doc.meta.furniture = rfx::doc::Furniture::for_language(Some("de"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = save(dir.path(), "toc.pdf", &build(&doc));
    let first = pages_text(&path).remove(0);
    let inhalt = first.find("Inhalt").expect("contents heading");
    let clause = first
        .find("Definitions and Interpretation")
        .expect("first entry");
    assert!(inhalt < clause, "{first}");
}

#[test]
fn fonts_are_embedded_subsets() {
    let bytes = build(&sample_docs::msa(16));
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF");
    let mut fonts = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor") {
            fonts += 1;
            let name = String::from_utf8(
                d.get(b"FontName")
                    .expect("name")
                    .as_name()
                    .expect("name")
                    .to_vec(),
            )
            .expect("ASCII");
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "subset tag in {name}"
            );
            assert!(d.get(b"FontFile2").is_ok(), "{name} is embedded");
        }
    }
    assert_eq!(
        fonts, 4,
        "regular, bold, italic and mono are used by the sample"
    );
}

/// Justified Latin text is a string a line with the space as the single-byte code
/// 32 and the justification in `Tw`, not a string a word (issue 16's size and speed).
#[test]
fn justified_lines_are_one_string_spaced_by_word_spacing() {
    let doc = lopdf::Document::load_mem(&build(&sample_docs::msa(16))).expect("loads");
    let (_, page) = doc.get_pages().into_iter().nth(1).expect("a second page");
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).expect("parses");
    let mut spacing = 0.0;
    let (mut spaced_lines, mut word_strings) = (0, 0);
    for op in &content.operations {
        match op.operator.as_str() {
            "Tw" => spacing = op.operands[0].as_float().expect("a number"),
            "Tj" if spacing > 0.0 => {
                let Object::String(codes, _) = &op.operands[0] else {
                    panic!("Tj of {:?}", op.operands)
                };
                if codes.contains(&b' ') {
                    spaced_lines += 1;
                }
            }
            "TJ" => word_strings += 1,
            _ => {}
        }
    }
    assert!(spaced_lines > 10, "{spaced_lines} justified lines");
    assert_eq!(word_strings, 0, "no line is set a word at a time");
}

#[test]
fn undrawable_character_is_an_error_naming_it() {
    let doc = Document {
        meta: Meta {
            title: "Bad".into(),
            ..Meta::default()
        },
        blocks: vec![Block::Paragraph(vec![Inline::Text("Tick ✅ here".into())])],
    };
    let err = pdf::write(&doc, &options()).expect_err("no font has U+2705");
    assert_eq!(err.format, Format::Pdf);
    assert!(err.message.contains("U+2705"), "{}", err.message);
    assert!(err.message.contains("Tick ✅ here"), "{}", err.message);
}

#[test]
#[ignore = "needs poppler-utils"]
fn unicode_names_round_trip_through_pdftotext() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = save(dir.path(), "unicode", &build(&sample_docs::unicode()));
    let text = run("pdftotext", &[path.to_str().expect("path"), "-"]);
    for line in sample_docs::UNICODE_LINES {
        assert!(
            text.lines().any(|l| l.trim() == line),
            "{line:?} not extracted from:\n{text}"
        );
    }
}

#[test]
#[ignore = "needs qpdf"]
fn qpdf_check_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, doc) in [
        ("msa", sample_docs::msa(10)),
        ("pricing", sample_docs::pricing(300)),
        ("unicode", sample_docs::unicode()),
    ] {
        let path = save(dir.path(), name, &build(&doc));
        let out = run("qpdf", &["--check", path.to_str().expect("path")]);
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "{name}: {out}"
        );
    }
}

/// Text of each page of a PDF, one `===== page N =====` section per page.
fn paged_text(path: &Path) -> String {
    let mut out = String::new();
    for (i, page) in pages_text(path).iter().enumerate() {
        out.push_str(&format!("===== page {} =====\n", i + 1));
        for line in page.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// Compares the text of each page with `tests/golden/pdf/NAME.txt` (`RFX_BLESS=1`
/// rewrites it).
fn golden(name: &str, doc: &Document) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = save(dir.path(), name, &build(doc));
    support::assert_golden(&format!("tests/golden/pdf/{name}.txt"), &paged_text(&path));
}

#[test]
#[ignore = "needs poppler-utils"]
fn msa_text_matches_golden() {
    golden("msa", &sample_docs::msa(10));
}

#[test]
#[ignore = "needs poppler-utils"]
fn unicode_text_matches_golden() {
    golden("unicode", &sample_docs::unicode());
}

/// One word's box from `pdftotext -bbox`: (page, xMin, yMin, xMax, yMax, text).
type WordBox = (usize, f32, f32, f32, f32, String);

/// Page size and every word's box from `pdftotext -bbox`.
fn word_boxes(path: &Path) -> (f32, f32, Vec<WordBox>) {
    let html = run("pdftotext", &["-bbox", path.to_str().expect("path"), "-"]);
    let page_re = regex::Regex::new(r#"<page width="([\d.]+)" height="([\d.]+)">"#).expect("regex");
    let word_re = regex::Regex::new(
        r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#,
    )
    .expect("regex");
    let (mut width, mut height) = (0.0, 0.0);
    let mut words = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        if let Some(c) = page_re.captures(line) {
            page += 1;
            width = c[1].parse().expect("width");
            height = c[2].parse().expect("height");
        } else if let Some(c) = word_re.captures(line) {
            let f = |i: usize| c[i].parse::<f32>().expect("number");
            words.push((page, f(1), f(2), f(3), f(4), c[5].to_string()));
        }
    }
    (width, height, words)
}

/// Text stays inside the margins: body words inside the frame, running header above
/// it (title and reference only), footer below it ("Page X of Y" only).
fn assert_inside_margins(path: &Path, header_words: &str) {
    let mm = 72.0 / 25.4;
    let (width, height, words) = word_boxes(path);
    assert!(!words.is_empty());
    let (left, right) = (22.0 * mm, width - 22.0 * mm);
    let (top, bottom) = (25.0 * mm, height - 25.0 * mm);
    for (page, x0, y0, x1, y1, text) in &words {
        let at = format!("page {page}: {text:?} at ({x0}, {y0})–({x1}, {y1})");
        assert!(
            *x0 >= left - 0.5 && *x1 <= right + 0.5,
            "outside the side margins: {at}"
        );
        if *y1 <= top {
            assert!(
                *y0 >= 12.0 * mm && header_words.contains(text.as_str()),
                "in the top margin: {at}"
            );
        } else if *y0 >= bottom {
            assert!(*y1 <= height - 12.0 * mm, "below the footer: {at}");
            assert!(
                ["Page", "of"].contains(&text.as_str()) || text.parse::<u32>().is_ok(),
                "in the bottom margin: {at}"
            );
        } else {
            assert!(
                *y0 >= top - 0.5 && *y1 <= bottom + 0.5,
                "straddles a margin: {at}"
            );
        }
    }
}

#[test]
#[ignore = "needs poppler-utils"]
fn stress_pricing_table_of_2000_rows() {
    let doc = sample_docs::pricing(2000);
    let bytes = build(&doc);
    let expected_pages = pdf::layout::layout(&doc, pdf::fonts::fonts().expect("fonts"))
        .expect("layout")
        .pages
        .len();
    assert_eq!(build(&doc), bytes, "stable output");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = save(dir.path(), "pricing", &bytes);
    let pages = pages_text(&path);
    assert_eq!(pages.len(), expected_pages);
    assert!(pages.len() > 40, "{} pages", pages.len());
    let mut rows = 0;
    for (i, page) in pages.iter().enumerate() {
        let header = page
            .lines()
            .find(|l| l.contains("Item") && l.contains("Description"))
            .unwrap_or_else(|| panic!("no table header on page {}", i + 1));
        assert!(header.contains("Quantity") && header.contains("Unit price (€)"));
        assert!(page.contains(&format!("Page {} of {}", i + 1, pages.len())));
        rows += page
            .lines()
            .filter(|l| l.trim_start().starts_with("P-"))
            .count();
    }
    assert_eq!(rows, 2000, "every row once, none split");
    assert_inside_margins(
        &path,
        "Request for Quotation — Pricing Schedule MSA-2026-014",
    );
}

#[test]
#[ignore = "needs poppler-utils"]
fn stress_msa_of_100_clauses() {
    let doc = sample_docs::msa(100);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = save(dir.path(), "msa100", &build(&doc));
    let pages = pages_text(&path);
    assert!(pages.len() > 40, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate().skip(1) {
        let first = page
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        assert!(
            first.contains("Master Services Agreement") && first.contains("MSA-2026-014"),
            "running header on page {}: {first:?}",
            i + 1
        );
    }
    for c in 1..=100 {
        let title = format!("{c}.2 ");
        assert!(
            pages.iter().any(|p| p.contains(&title)),
            "clause {c}.2 present"
        );
    }
    assert_inside_margins(&path, "Master Services Agreement MSA-2026-014");
}

/// Builds every example spec to PDF in a temporary folder: (stem/kind, path) pairs.
fn example_pdfs(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut pdfs = Vec::new();
    for spec in support::examples() {
        let stem = spec
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let out = support::run(
            support::rfx(dir)
                .args(["build", "--format", "pdf", "-o", &stem])
                .arg(&spec),
        );
        assert!(out.status.success(), "{stem}: {}", support::stderr(&out));
        for (rel, _) in support::tree(&dir.join(&stem)) {
            let (_, file) = rel.split_once('/').expect("engagement folder");
            let Some(kind) = file.strip_suffix(".pdf") else {
                continue; // manifest, CSV schedules
            };
            pdfs.push((format!("{stem}/{kind}"), dir.join(&stem).join(&rel)));
        }
    }
    pdfs
}

#[test]
fn every_example_builds_to_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdfs = example_pdfs(dir.path());
    assert!(pdfs.len() >= 6, "{} PDFs", pdfs.len());
    for (name, path) in pdfs {
        let bytes = std::fs::read(&path).expect("PDF written");
        assert!(
            bytes.starts_with(b"%PDF-1.7") && bytes.len() < 400_000,
            "{name}: {} bytes",
            bytes.len()
        );
        lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
#[ignore = "needs poppler-utils"]
fn every_example_pdf_stays_inside_its_margins() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (_, path) in example_pdfs(dir.path()) {
        assert_inside_margins_loosely(&path);
    }
}

/// No word of an example crosses the side margins or leaves the page furniture bands.
fn assert_inside_margins_loosely(path: &Path) {
    let mm = 72.0 / 25.4;
    let (width, height, words) = word_boxes(path);
    for (page, x0, y0, x1, y1, text) in &words {
        let at = format!(
            "{}: page {page}: {text:?} at ({x0}, {y0})–({x1}, {y1})",
            path.display()
        );
        assert!(
            *x0 >= 22.0 * mm - 0.5 && *x1 <= width - 22.0 * mm + 0.5,
            "outside the side margins: {at}"
        );
        // The top band starts at 10 mm: a tender draft's marking sits above the running
        // header; the footer band ends 12 mm above the bottom edge.
        assert!(
            *y0 >= 10.0 * mm && *y1 <= height - 12.0 * mm,
            "outside the page bands: {at}"
        );
    }
}

/// The PDF/A-2u rules rfx can check without a validator, on every example PDF: XMP
/// metadata that parses and agrees with the information dictionary and names PDF/A-2u,
/// an sRGB output intent with an embedded profile, printable annotations and a file
/// identifier; and the PDF/UA-1 rules of [`crate::pdf_ua`].
#[test]
fn every_example_pdf_meets_the_pdf_a_2u_and_ua_1_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, path) in example_pdfs(dir.path()) {
        let bytes = std::fs::read(&path).expect("PDF written");
        let doc = lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_pdf_a_2u(&name, &doc);
        let violations = crate::pdf_ua::ua_violations(&doc);
        assert!(violations.is_empty(), "{name}: {violations:#?}");
    }
    assert_pdf_a_2u(
        "msa",
        &lopdf::Document::load_mem(&build(&sample_docs::msa(4))).expect("msa"),
    );
}

/// The PDF/A checks can fail: an information dictionary the XMP does not mirror.
#[test]
#[should_panic(expected = "msa: title")]
fn the_pdf_a_checks_find_info_and_xmp_disagreeing() {
    let mut doc = lopdf::Document::load_mem(&build(&sample_docs::msa(2))).expect("msa");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("Info");
    doc.get_dictionary_mut(info)
        .expect("Info")
        .set("Title", Object::string_literal("Another title"));
    assert_pdf_a_2u("msa", &doc);
}

fn assert_pdf_a_2u(name: &str, doc: &lopdf::Document) {
    let catalog = doc.catalog().expect("catalog");
    let info = dict(doc, doc.trailer.get(b"Info").expect("Info"));
    let info_text = |key: &[u8]| {
        info.get(key)
            .ok()
            .map(|v| decode_text(v.as_str().expect("info string")))
    };

    // XMP: an uncompressed metadata stream that parses and mirrors Info.
    let xmp_id = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .unwrap_or_else(|_| panic!("{name}: no /Metadata"));
    let stream = doc
        .get_object(xmp_id)
        .and_then(Object::as_stream)
        .expect("metadata stream");
    assert!(
        stream.dict.get(b"Filter").is_err(),
        "{name}: XMP is filtered"
    );
    let xmp = std::str::from_utf8(&stream.content).expect("XMP is UTF-8");
    let props = xmp_properties(xmp);
    let prop = |key: &str| props.get(key).cloned();
    assert_eq!(prop("pdfaid:part").as_deref(), Some("2"), "{name}");
    assert_eq!(prop("pdfaid:conformance").as_deref(), Some("U"), "{name}");
    assert_eq!(prop("dc:title"), info_text(b"Title"), "{name}: title");
    assert_eq!(prop("dc:creator"), info_text(b"Author"), "{name}: author");
    assert_eq!(
        prop("dc:description"),
        info_text(b"Subject"),
        "{name}: subject"
    );
    assert_eq!(
        prop("pdf:Keywords"),
        info_text(b"Keywords"),
        "{name}: keywords"
    );
    assert_eq!(
        prop("pdf:Producer"),
        info_text(b"Producer"),
        "{name}: producer"
    );
    assert_eq!(
        prop("xmp:CreatorTool"),
        info_text(b"Creator"),
        "{name}: creator"
    );
    let pdf_date = |d: &str| {
        let d = d.trim_start_matches("D:");
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &d[0..4],
            &d[4..6],
            &d[6..8],
            &d[8..10],
            &d[10..12],
            &d[12..14]
        )
    };
    assert_eq!(
        prop("xmp:CreateDate"),
        info_text(b"CreationDate").map(|d| pdf_date(&d)),
        "{name}: creation date"
    );
    assert_eq!(
        prop("xmp:ModifyDate"),
        info_text(b"ModDate").map(|d| pdf_date(&d)),
        "{name}: modification date"
    );

    // An sRGB output intent with its ICC profile embedded.
    let intents = catalog
        .get(b"OutputIntents")
        .and_then(Object::as_array)
        .unwrap_or_else(|_| panic!("{name}: no /OutputIntents"));
    let intent = dict(doc, &intents[0]);
    assert_eq!(
        intent.get(b"S").and_then(Object::as_name).ok(),
        Some(&b"GTS_PDFA1"[..])
    );
    let profile = doc
        .get_object(
            intent
                .get(b"DestOutputProfile")
                .and_then(Object::as_reference)
                .expect("profile"),
        )
        .and_then(Object::as_stream)
        .expect("profile stream");
    assert_eq!(
        profile.dict.get(b"N").and_then(Object::as_i64).ok(),
        Some(3)
    );
    let icc = profile.decompressed_content().expect("profile decodes");
    assert_eq!(&icc[36..40], b"acsp", "{name}: not an ICC profile");
    assert_eq!(&icc[16..20], b"RGB ", "{name}: not an RGB profile");

    // Every annotation is printable and not hidden.
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        for a in annots {
            let flags = dict(doc, a).get(b"F").and_then(Object::as_i64).unwrap_or(0);
            assert_eq!(flags & 0b1111, 4, "{name}: annotation flags {flags}");
        }
    }

    assert_embedded_cmaps(name, doc);

    // A file identifier of two equal strings.
    let id = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .expect("trailer /ID");
    assert_eq!(id.len(), 2);
    assert_eq!(id[0], id[1], "{name}: /ID");
}

/// Each composite font's encoding is a predefined CMap or an embedded one whose
/// `WMode` agrees with its data and whose character collection is its CIDFont's
/// (ISO 19005-2, 6.2.11.3); a TrueType CIDFont maps CIDs to glyphs (6.2.11.3.2).
fn assert_embedded_cmaps(name: &str, doc: &lopdf::Document) {
    let collection = |d: &Dictionary| {
        let info = d
            .get(b"CIDSystemInfo")
            .map(|o| dict(doc, o))
            .unwrap_or_else(|_| panic!("{name}: no /CIDSystemInfo"));
        let text = |key: &[u8]| match info.get(key) {
            Ok(Object::String(s, _)) => s.clone(),
            other => panic!("{name}: /CIDSystemInfo {key:?} is {other:?}"),
        };
        let supplement = info
            .get(b"Supplement")
            .and_then(Object::as_i64)
            .unwrap_or(-1);
        (text(b"Registry"), text(b"Ordering"), supplement)
    };
    let mut embedded = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(font) = obj.as_dict() else { continue };
        if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            continue;
        }
        let descendants = font
            .get(b"DescendantFonts")
            .and_then(Object::as_array)
            .expect("descendant fonts");
        let cid_font = dict(doc, &descendants[0]);
        if cid_font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"CIDFontType2") {
            assert!(cid_font.has(b"CIDToGIDMap"), "{name}: no /CIDToGIDMap");
        }
        let encoding = font.get(b"Encoding").expect("an encoding");
        if let Ok(predefined) = encoding.as_name() {
            assert!(
                predefined == b"Identity-H" || predefined == b"Identity-V",
                "{name}: /Encoding /{}",
                String::from_utf8_lossy(predefined)
            );
            continue;
        }
        embedded += 1;
        let cmap = doc
            .get_object(encoding.as_reference().expect("an embedded CMap"))
            .and_then(Object::as_stream)
            .expect("a CMap stream");
        assert_eq!(
            cmap.dict.get(b"Type").and_then(Object::as_name).ok(),
            Some(&b"CMap"[..])
        );
        let wmode = cmap
            .dict
            .get(b"WMode")
            .and_then(Object::as_i64)
            .unwrap_or(0);
        let data = cmap.decompressed_content().expect("the CMap decodes");
        let data = String::from_utf8(data).expect("an ASCII CMap");
        assert!(
            data.contains(&format!("/WMode {wmode} def")),
            "{name}: the CMap's WMode differs from its dictionary's"
        );
        assert!(!data.contains("usecmap"), "{name}: the CMap uses another");
        let (registry, ordering, supplement) = collection(&cmap.dict);
        let (font_registry, font_ordering, font_supplement) = collection(cid_font);
        assert_eq!(
            (&registry, &ordering),
            (&font_registry, &font_ordering),
            "{name}"
        );
        assert!(font_supplement >= supplement, "{name}: supplement");
    }
    assert!(embedded > 0, "{name}: no font uses the compact CMap");
}

/// The simple properties of an XMP packet by qualified name; for `rdf:Alt` and
/// `rdf:Seq` the first item.
pub(crate) fn xmp_properties(xmp: &str) -> std::collections::BTreeMap<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xmp);
    let mut props = std::collections::BTreeMap::new();
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        match reader.read_event().expect("XMP is well-formed XML") {
            Event::Start(e) => {
                stack.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().expect("XMP text")),
            Event::GeneralRef(r) => {
                let name: &[u8] = &r;
                let entity = match name {
                    b"amp" => "&",
                    b"lt" => "<",
                    b"gt" => ">",
                    b"quot" => "\"",
                    b"apos" => "'",
                    other => panic!("unexpected entity {:?}", String::from_utf8_lossy(other)),
                };
                text.push_str(entity);
            }
            Event::End(_) => {
                let key = stack
                    .iter()
                    .rev()
                    .find(|n| !n.starts_with("rdf:") && !n.starts_with("x:"));
                if let Some(key) = key
                    && !text.trim().is_empty()
                {
                    props
                        .entry(key.clone())
                        .or_insert(std::mem::take(&mut text));
                }
                text.clear();
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    props
}
