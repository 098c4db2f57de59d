//! Every script in the PDF: symbols and the scripts of the sample (Greek, Cyrillic,
//! Polish, Arabic, Hebrew, Japanese, Malayalam) render, extract in logical order and
//! use the faces asked for; a character no font has is still a located error, and a
//! build that needs no fallback reads no system font directory.

use crate::support::{rfx, root, run, stderr};
use rfx::doc::{Block, Document, Inline};
use rfx::writers::WriteOptions;
use rfx::writers::pdf::fonts::{FamilyFiles, FontSetup};
use std::path::Path;
use std::process::Command;

/// The words of `tests/render/scripts.md` that extraction must return.
const WORDS: [&str; 21] = [
    "✓",
    "✗",
    "→",
    "€",
    "§",
    "Καλημέρα",
    "σας",
    "Добрый",
    "день",
    "Zażółć",
    "gęślą",
    "jaźń",
    "مرحبا",
    "بالعالم",
    "שלום",
    "עולם",
    "日本語の入札者",
    "മലയാളം",
    "accepted",
    "rejected",
    "schedule",
];

fn tool(name: &str, pdf: &Path) -> String {
    let out = Command::new(name)
        .arg(pdf)
        .args(if name == "pdftotext" { &["-"][..] } else { &[] })
        .output()
        .unwrap_or_else(|e| panic!("{name} runs: {e}"));
    assert!(out.status.success(), "{name} failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// Text without the bidi embedding marks poppler wraps right-to-left lines in.
fn without_bidi_marks(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// Base fonts (without subset tags) of every font of `pdf`.
fn base_fonts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0"))
        .filter_map(|d| d.get(b"BaseFont").and_then(|n| n.as_name()).ok())
        .map(|n| {
            String::from_utf8_lossy(n)
                .rsplit('+')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    names.sort();
    names
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph(vec![Inline::Text(text.into())])
}

fn document(blocks: Vec<Block>) -> Document {
    let mut doc = rfx::markdown::parse("");
    doc.meta.title = "Fonts".into();
    doc.blocks = blocks;
    doc
}

fn dejavu_family(name: &str) -> FamilyFiles {
    FamilyFiles {
        name: name.into(),
        regular: std::fs::read(root().join("src/writers/pdf/fonts/DejaVuSans.ttf")).unwrap(),
        bold: None,
        italic: None,
        bold_italic: None,
    }
}

#[test]
fn symbols_and_bundled_scripts_build_without_system_fonts() {
    let doc = document(vec![
        paragraph("✓ done ✗ open → € § Καλημέρα Добрый Zażółć"),
        paragraph("مرحبا بالعالم and שלום עולם and മലയാളം"),
    ]);
    let options = WriteOptions {
        fonts: FontSetup::default().with_system_fonts(false),
        ..WriteOptions::default()
    };
    let pdf = rfx::writers::pdf::write(&doc, &options).expect("bundled fonts suffice");
    let fonts = base_fonts(&pdf);
    for face in ["DejaVuSans", "LiberationSans", "NotoSansMalayalam-Regular"] {
        assert!(fonts.iter().any(|f| f == face), "{face} not in {fonts:?}");
    }
    // Shaped runs (and their /ActualText spans) keep the file valid PDF/UA.
    let parsed = lopdf::Document::load_mem(&pdf).expect("PDF parses");
    assert_eq!(crate::pdf_ua::ua_violations(&parsed), Vec::<String>::new());
}

#[test]
fn a_character_no_font_has_is_still_a_located_error() {
    let doc = document(vec![
        crate::sample_docs::heading(1, Some("3"), "Bidders", "bidders"),
        paragraph("Bidder: 日本"),
    ]);
    let options = WriteOptions {
        fonts: FontSetup::default().with_system_fonts(false),
        ..WriteOptions::default()
    };
    let err = rfx::writers::pdf::write(&doc, &options).expect_err("no CJK font given");
    assert!(
        err.message.contains("U+65E5") && err.message.contains("section 3 \"Bidders\""),
        "{}",
        err.message
    );
}

#[test]
fn families_from_files_are_the_fonts_of_the_pdf() {
    let mut doc = document(vec![
        crate::sample_docs::heading(1, Some("1"), "Scope", "scope"),
        paragraph("Body text."),
    ]);
    doc.meta.subtitle = None;
    let fonts = FontSetup::default().with_headings(dejavu_family("DejaVu Sans"));
    let options = WriteOptions {
        fonts,
        ..WriteOptions::default()
    };
    let pdf = rfx::writers::pdf::write(&doc, &options).expect("builds");
    // Headings (and the title) in DejaVu; body and furniture in Liberation.
    assert_eq!(base_fonts(&pdf), ["DejaVuSans", "LiberationSans"]);
    // Byte-identical when built again.
    assert_eq!(
        rfx::writers::pdf::write(&doc, &options).expect("builds"),
        pdf
    );
}

#[test]
fn font_path_must_be_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\ntext\n").unwrap();
    let out = run(rfx(dir.path()).args(["render", "a.md", "-o", "a.pdf", "--font-path", "nope"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--font-path `nope` is not a folder"));
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdffonts) and fonts-noto-cjk"]
fn every_script_renders_and_reads_back_in_logical_order() {
    let dir = tempfile::tempdir().unwrap();
    let sample = root().join("tests/render/scripts.md");
    let out = run(rfx(dir.path())
        .args(["render", "-o", "scripts.pdf"])
        .arg(&sample));
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = dir.path().join("scripts.pdf");
    let text = without_bidi_marks(&tool("pdftotext", &pdf));
    for word in WORDS {
        assert!(text.contains(word), "pdftotext lacks `{word}`:\n{text}");
    }
    // Japanese comes from the system's fonts (fonts-noto-cjk), the rest is bundled.
    let fonts = tool("pdffonts", &pdf);
    for face in [
        "LiberationSans",
        "DejaVuSans",
        "NotoSansMalayalam",
        "NotoSansCJK",
    ] {
        assert!(fonts.contains(face), "pdffonts lacks {face}:\n{fonts}");
    }
}

#[test]
#[ignore = "needs poppler-utils (pdffonts)"]
fn pdffonts_lists_a_family_set_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let doc = document(vec![paragraph("Body text in the house family.")]);
    let options = WriteOptions {
        fonts: FontSetup::default().with_body(dejavu_family("House Sans")),
        ..WriteOptions::default()
    };
    let pdf = dir.path().join("house.pdf");
    std::fs::write(&pdf, rfx::writers::pdf::write(&doc, &options).unwrap()).unwrap();
    let fonts = tool("pdffonts", &pdf);
    assert!(
        fonts.contains("DejaVuSans") && !fonts.contains("LiberationSans"),
        "{fonts}"
    );
    assert!(fonts.contains("CID TrueType"), "{fonts}");
}

/// The paths `rfx render` opens or lists, traced with strace.
fn traced_paths(dir: &Path, markdown: &str) -> String {
    std::fs::write(dir.join("in.md"), markdown).unwrap();
    let trace = dir.join("trace.txt");
    let status = Command::new("strace")
        .args([
            "-f",
            "-e",
            "trace=open,openat,stat,newfstatat,statx,getdents64",
            "-o",
        ])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_rfx"))
        .args(["render", "in.md", "-o", "out.pdf"])
        .current_dir(dir)
        .status()
        .expect("strace runs");
    assert!(status.success());
    std::fs::read_to_string(trace).unwrap()
}

#[test]
#[ignore = "needs strace and fonts-noto-cjk"]
fn a_build_that_needs_no_fallback_reads_no_system_font_directory() {
    let dir = tempfile::tempdir().unwrap();
    let latin = traced_paths(dir.path(), "# Terms\n\nMüller GmbH, Łódź — € 100 ✓.\n");
    assert!(!latin.contains("/usr/share/fonts"), "{latin}");
    // The same trace does show the directory when a character needs it.
    let japanese = traced_paths(dir.path(), "# Terms\n\n日本語\n");
    assert!(japanese.contains("/usr/share/fonts"));
}
