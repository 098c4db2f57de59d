//! Property tests on the stable toolchain: random specs derived from the examples and
//! random Markdown through every writer. Each case must end without a panic, either
//! cleanly or with located diagnostics, and every output must parse (PDF objects with
//! lopdf, DOCX XML parts with quick-xml). `fuzz/` holds the open-ended version.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rfx::build::Engine;
use rfx::library::Library;
use rfx::resolve::ResolveOptions;
use rfx::writers::{Format, WriteOptions};
use std::io::Read;
use std::sync::OnceLock;

/// Pieces random text is made of: Markdown structure, YAML punctuation, scripts the
/// fonts draw and some they do not, control and marker characters, Tera syntax.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "#### ",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "  ",
    "\t",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "```\n",
    "[",
    "]",
    "(",
    ")",
    "(#intro)",
    "{#intro}",
    "{ #a }",
    "| a | b |\n",
    "|---|---|\n",
    "| 1 | 2 |\n",
    "<b>",
    "&amp;",
    "\\",
    "---\n",
    "word ",
    "Łódź ",
    "Ελλάδα ",
    "Москва ",
    "漢字",
    "😀",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{E000}",
    "\u{E001}",
    "\u{E002}",
    "\u{200b}",
    "\u{feff}",
    "{{ x }}",
    "{% if %}",
    ": ",
    "- [",
    "]\n",
    "'",
    "\"",
    "&a ",
    "*a ",
    "!!str ",
    "? ",
    "9999999999999999999999",
    "-1",
    "0.005",
    "2027-02-30",
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Every output a writer returns must parse.
fn assert_output_parses(format: Format, bytes: &[u8]) {
    match format {
        Format::Markdown => {
            assert!(std::str::from_utf8(bytes).is_ok(), "Markdown is not UTF-8");
        }
        Format::Pdf => {
            let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF");
            assert!(!doc.get_pages().is_empty(), "the PDF has no pages");
        }
        Format::Docx => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).expect("a zip entry");
                let name = part.name().expect("a part name").to_string();
                if !name.ends_with(".xml") && !name.ends_with(".rels") {
                    continue;
                }
                let mut xml = String::new();
                part.read_to_string(&mut xml).expect("an XML part is UTF-8");
                let mut reader = quick_xml::Reader::from_str(&xml);
                loop {
                    match reader.read_event() {
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(_) => {}
                        Err(e) => panic!("{name} is not well-formed XML: {e}"),
                    }
                }
            }
        }
    }
}

#[test]
fn random_markdown_goes_through_every_writer() {
    let mut runner = TestRunner::new(config(200));
    runner
        .run(&text(60), |md| {
            let mut doc = rfx::markdown::parse(&md);
            if doc.meta.title.is_empty() {
                doc.meta.title = "Draft".into();
            }
            let _ = doc.resolve(&ResolveOptions::default());
            for format in Format::ALL {
                if !rfx::writers::is_available(format) {
                    continue;
                }
                // A writer may refuse (a character no font draws) but never panic.
                if let Ok(bytes) = rfx::writers::write(&doc, format, &WriteOptions::default()) {
                    assert_output_parses(format, &bytes);
                }
            }
            Ok(())
        })
        .unwrap();
}

fn examples() -> &'static [(String, String)] {
    static EXAMPLES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        ["laptop-purchase", "service-desk", "cloud-migration"]
            .iter()
            .map(|n| {
                let path = crate::support::root().join(format!("examples/{n}.yaml"));
                (format!("{n}.yaml"), std::fs::read_to_string(path).unwrap())
            })
            .collect()
    })
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Library::builtin().unwrap()))
}

/// An example spec with one line changed: deleted, doubled, its value replaced by
/// random text, or cut short.
fn mutated_spec() -> impl Strategy<Value = (String, String)> {
    (0..3usize, any::<prop::sample::Index>(), 0..4u8, text(12)).prop_map(
        |(example, line, how, junk)| {
            let (name, base) = &examples()[example];
            let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
            let i = line.index(lines.len());
            match how {
                0 => {
                    lines.remove(i);
                }
                1 => {
                    let l = lines[i].clone();
                    lines.insert(i, l);
                }
                2 => {
                    let l = &lines[i];
                    let key = l.split_once(':').map_or(l.as_str(), |(k, _)| k).to_string();
                    lines[i] = format!("{key}: {junk}");
                }
                _ => lines.truncate(i),
            }
            (name.clone(), lines.join("\n"))
        },
    )
}

#[test]
fn random_specs_load_and_check_or_give_located_diagnostics() {
    let mut runner = TestRunner::new(config(600));
    // Composing every document costs far more than loading: one spec in 30 that loads
    // is also checked against the library.
    let check = (mutated_spec(), 0..30u8);
    runner
        .run(&check, |((name, text), pick)| {
            match rfx::spec::load(&name, &text) {
                Ok(_) if pick != 0 => {}
                Ok(spec) => {
                    for d in engine().check(&spec, None) {
                        prop_assert!(d.location.is_some(), "unlocated: {d}");
                    }
                }
                Err(diags) => {
                    prop_assert!(!diags.is_empty());
                    for d in diags.iter().filter(|d| d.is_error()) {
                        let loc = d.location.as_ref();
                        prop_assert!(loc.is_some_and(|l| l.line > 0), "unlocated: {d}");
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
