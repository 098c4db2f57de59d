//! Footnotes and list labels agree across formats: the fixture
//! `tests/render/footnotes.md` (a hand-edited draft with notes and nested lists) is
//! rendered to Markdown, PDF and DOCX, and the labels Word would show are replayed
//! from the DOCX numbering and compared with the PDF's. The LibreOffice check is
//! ignored by default (`.ci/run` runs it).

use crate::support::{rfx, root, run, stderr};
use quick_xml::events::Event;
use rfx::doc::{Counter, Document};
use rfx::resolve::ResolveOptions;
use rfx::writers::WriteOptions;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

const FIXTURE: &str = "tests/render/footnotes.md";

/// The note texts of the fixture, in order.
const NOTES: [&str; 4] = [
    "Amounts credited under the service credit regime are deducted",
    "Including fraud by any employee, agent or subcontractor of the party.",
    "As defined in the Service Level Agreement",
    "Restoration from the most recent backup the Supplier is required to keep.",
];

/// The labels of the fixture's list items, in reading order.
const LABELS: [&str; 11] = [
    "1.", "2.", "3.", "(a)", "(b)", "(i)", "(ii)", "4.", "\u{2022}", "\u{25E6}", "\u{2022}",
];

fn fixture() -> Document {
    let text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let mut doc = rfx::markdown::parse(&text);
    let diagnostics = doc.resolve(&ResolveOptions::default());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    doc
}

fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn is_label(text: &str) -> bool {
    let roman_or_letters = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    matches!(text, "\u{2022}" | "\u{25E6}" | "\u{25AA}")
        || text
            .strip_suffix('.')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        || text
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .is_some_and(roman_or_letters)
}

/// The list labels rfx's PDF layout draws, in reading order.
fn pdf_labels(doc: &Document) -> Vec<String> {
    let fonts = rfx::writers::pdf::fonts::fonts().unwrap();
    let layout = rfx::writers::pdf::layout::layout(doc, fonts).unwrap();
    layout
        .pages
        .iter()
        .flat_map(|p| p.texts())
        .map(|t| t.text.clone())
        .filter(|t| is_label(t))
        .collect()
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// The labels Word shows for the list paragraphs of a DOCX: its numbering
/// definitions replayed paragraph by paragraph (each list level counts from its
/// start and restarts below a higher level).
fn word_labels(docx: &[u8]) -> Vec<String> {
    // numbering.xml: abstract levels (format, text, start), nums → abstract + starts.
    let numbering = part(docx, "word/numbering.xml");
    let mut levels: BTreeMap<(String, u32), (String, String, u64)> = BTreeMap::new();
    let mut nums: BTreeMap<String, (String, BTreeMap<u32, u64>)> = BTreeMap::new();
    let (mut abstract_id, mut num_id, mut level) = (String::new(), String::new(), 0u32);
    let mut current = (String::new(), String::new(), 1u64);
    let mut reader = quick_xml::Reader::from_str(&numbering);
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"w:abstractNum" => abstract_id = attr(&e, b"w:abstractNumId").unwrap(),
                b"w:lvl" => level = attr(&e, b"w:ilvl").unwrap().parse().unwrap(),
                b"w:lvlOverride" => level = attr(&e, b"w:ilvl").unwrap().parse().unwrap(),
                b"w:start" => current.2 = attr(&e, b"w:val").unwrap().parse().unwrap(),
                b"w:numFmt" => current.0 = attr(&e, b"w:val").unwrap(),
                b"w:lvlText" => current.1 = attr(&e, b"w:val").unwrap(),
                b"w:num" => num_id = attr(&e, b"w:numId").unwrap(),
                b"w:abstractNumId" => {
                    nums.insert(
                        num_id.clone(),
                        (attr(&e, b"w:val").unwrap(), BTreeMap::new()),
                    );
                }
                b"w:startOverride" => {
                    let start = attr(&e, b"w:val").unwrap().parse().unwrap();
                    nums.get_mut(&num_id).unwrap().1.insert(level, start);
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"w:lvl" => {
                levels.insert((abstract_id.clone(), level), std::mem::take(&mut current));
                current.2 = 1;
            }
            _ => {}
        }
    }
    // document.xml: list paragraphs carry `w:numPr` (headings take theirs from styles).
    let document = part(docx, "word/document.xml");
    let mut reader = quick_xml::Reader::from_str(&document);
    let mut counters: BTreeMap<String, BTreeMap<u32, u64>> = BTreeMap::new();
    let mut labels = Vec::new();
    let (mut ilvl, mut id) = (0u32, String::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"w:ilvl" => ilvl = attr(&e, b"w:val").unwrap().parse().unwrap(),
                b"w:numId" => id = attr(&e, b"w:val").unwrap(),
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"w:numPr" && id != "0" => {
                let (abstract_id, starts) = &nums[&id];
                let (format, text, start) = &levels[&(abstract_id.clone(), ilvl)];
                let start = starts.get(&ilvl).copied().unwrap_or(*start);
                let count = counters.entry(id.clone()).or_default();
                count.retain(|l, _| *l <= ilvl);
                let n = *count.entry(ilvl).and_modify(|c| *c += 1).or_insert(start);
                let counter = match format.as_str() {
                    "decimal" => Counter::Decimal,
                    "lowerLetter" => Counter::LowerLetter,
                    "upperLetter" => Counter::UpperLetter,
                    "lowerRoman" => Counter::LowerRoman,
                    "upperRoman" => Counter::UpperRoman,
                    _ => {
                        labels.push(text.clone());
                        continue;
                    }
                };
                labels.push(text.replace(&format!("%{}", ilvl + 1), &counter.format(n)));
            }
            _ => {}
        }
    }
    labels
}

#[test]
fn nested_list_labels_agree_in_pdf_and_docx() {
    let doc = fixture();
    let docx = rfx::writers::docx::write(&doc, &WriteOptions::default()).unwrap();
    let word = word_labels(&docx);
    // The heading styles' own numbering is not counted: only list paragraphs.
    assert_eq!(word, LABELS, "Word's labels");
    assert_eq!(pdf_labels(&doc), LABELS, "the PDF's labels");
}

#[test]
fn footnotes_render_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let source = root().join(FIXTURE);
    for out in ["notes.md", "notes.pdf", "notes.docx"] {
        let done = run(rfx(dir.path()).arg("render").arg(&source).args(["-o", out]));
        assert!(done.status.success(), "{out}: {}", stderr(&done));
    }
    // Markdown: references and definitions, stable through `rfx render`.
    let md = std::fs::read_to_string(dir.path().join("notes.md")).unwrap();
    assert!(md.contains("the claim.[^1] The limit"), "{md}");
    assert!(md.contains("\n[^2]: Including fraud"), "{md}");
    let again = run(rfx(dir.path()).args(["render", "notes.md", "-o", "again.md"]));
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("again.md")).unwrap(),
        md
    );
    // DOCX: real footnotes, each referred to once from the text.
    let docx = std::fs::read(dir.path().join("notes.docx")).unwrap();
    let notes = part(&docx, "word/footnotes.xml");
    let document = part(&docx, "word/document.xml");
    for (i, text) in NOTES.iter().enumerate() {
        assert!(notes.contains(text), "footnotes.xml lacks {text:?}");
        assert!(!document.contains(text), "{text:?} is in the body");
        let reference = format!(r#"<w:footnoteReference w:id="{}"/>"#, i + 1);
        assert_eq!(document.matches(&reference).count(), 1, "{reference}");
    }
    // PDF: each note at the foot of the page that refers to it, numbered in order.
    let layout =
        rfx::writers::pdf::layout::layout(&fixture(), rfx::writers::pdf::fonts::fonts().unwrap())
            .unwrap();
    let placed: Vec<usize> = layout
        .pages
        .iter()
        .flat_map(|p| p.notes.iter().map(|n| n.note))
        .collect();
    assert_eq!(placed, [0, 1, 2, 3]);
    let pdf = std::fs::read(dir.path().join("notes.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The first word of each line that is a list label, in order.
fn shown_labels(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| is_label(w))
        .map(str::to_string)
        .collect()
}

#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils (pdftotext)"]
fn libreoffice_shows_the_labels_and_notes_the_pdf_shows() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join(FIXTURE);
    for out in ["notes.pdf", "notes.docx"] {
        let done = run(rfx(dir.path())
            .arg("render")
            .arg(&fixture)
            .args(["-o", out]));
        assert!(done.status.success(), "{out}: {}", stderr(&done));
    }
    let profile = dir.path().join("lo-profile");
    let converted = dir.path().join("converted");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&converted)
        .arg(dir.path().join("notes.docx"))
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "LibreOffice failed");
    let word = pdftotext(&converted.join("notes.pdf"));
    let ours = pdftotext(&dir.path().join("notes.pdf"));
    assert_eq!(shown_labels(&word), LABELS, "LibreOffice:\n{word}");
    assert_eq!(shown_labels(&ours), LABELS, "rfx:\n{ours}");
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    for text in NOTES {
        assert!(
            flat(&word).contains(text),
            "LibreOffice lacks note {text:?}"
        );
        assert!(flat(&ours).contains(text), "rfx's PDF lacks note {text:?}");
    }
    // Both put the notes after the body text of the page that refers to them.
    let last_body = "subject to the conduct-of-claims procedure";
    for (what, text) in [("LibreOffice", &word), ("rfx", &ours)] {
        let flat = flat(text);
        let body = flat.find(last_body).expect("body text");
        let note = flat.find(NOTES[0]).expect("first note");
        assert!(body < note, "{what}: the notes follow the body on its page");
    }
}

#[test]
fn contents_heading_is_the_same_word_in_pdf_and_docx() {
    let mut doc = rfx::markdown::parse(
        "---\ntitle: Vertrag\nlanguage: de\n---\n\n<!-- toc -->\n<!-- /toc -->\n\n# Haftung\n",
    );
    doc.resolve(&ResolveOptions::default());
    assert_eq!(doc.meta.furniture.contents, "Inhalt");
    let layout =
        rfx::writers::pdf::layout::layout(&doc, rfx::writers::pdf::fonts::fonts().unwrap())
            .unwrap();
    assert!(layout.pages[0].texts().any(|t| t.text == "Inhalt"));
    let docx = rfx::writers::docx::write(&doc, &WriteOptions::default()).unwrap();
    assert!(part(&docx, "word/document.xml").contains(
        r#"<w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t xml:space="preserve">Inhalt</w:t>"#
    ));
}
