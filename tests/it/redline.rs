//! `rfx compare`: the DOCX redline's tracked changes accept to the newer draft and
//! reject to the older one; REF fields of the example MSA point at real bookmarks.

use std::io::Read as _;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{rfx, root, run, stderr};

/// A small WordprocessingML tree: enough to accept or reject tracked changes.
#[derive(Debug, Clone)]
enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone)]
struct Element {
    name: String,
    children: Vec<Node>,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find_map(|n| match n {
            Node::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }
}

fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Element {
        name: "#root".into(),
        children: Vec::new(),
    }];
    let element = |e: &quick_xml::events::BytesStart| Element {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        children: Vec::new(),
    };
    loop {
        match reader.read_event().expect("document.xml is well-formed") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().unwrap().children.push(Node::Element(el));
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::Element(el));
            }
            Event::Text(t) => {
                let text = t.decode().expect("text decodes").into_owned();
                stack.last_mut().unwrap().children.push(Node::Text(text));
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                stack
                    .last_mut()
                    .unwrap()
                    .children
                    .push(Node::Text(c.into()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap()
}

/// What is left of `el`'s children when every change is accepted (`accept`) or
/// rejected: the kept side's wrappers are unwrapped, the other side's dropped, and
/// table rows marked for the other side removed.
fn resolve_changes(el: &Element, accept: bool) -> Element {
    let (keep, drop) = if accept {
        (["w:ins", "w:moveTo"], ["w:del", "w:moveFrom"])
    } else {
        (["w:del", "w:moveFrom"], ["w:ins", "w:moveTo"])
    };
    let mut children = Vec::new();
    for node in &el.children {
        let Node::Element(child) = node else {
            children.push(node.clone());
            continue;
        };
        let is_mark = child.children.is_empty();
        let dropped_row = child.name == "w:tr"
            && child.child("w:trPr").is_some_and(|p| {
                p.children
                    .iter()
                    .any(|n| matches!(n, Node::Element(e) if drop.contains(&e.name.as_str())))
            });
        if !is_mark && keep.contains(&child.name.as_str()) {
            children.extend(resolve_changes(child, accept).children);
        } else if dropped_row || (!is_mark && drop.contains(&child.name.as_str())) {
            // The other side's text, or a row only the other side has: gone.
        } else {
            children.push(Node::Element(resolve_changes(child, accept)));
        }
    }
    Element {
        children,
        ..el.clone()
    }
}

/// Paragraph texts in reading order; a paragraph whose mark the resolution removed
/// joins the next one, as it does in Word.
fn paragraphs(root: &Element, accept: bool) -> Vec<String> {
    let drop = if accept {
        ["w:del", "w:moveFrom"]
    } else {
        ["w:ins", "w:moveTo"]
    };
    let mut out = Vec::new();
    let mut carry = String::new();
    fn text(el: &Element, out: &mut String) {
        for n in &el.children {
            match n {
                Node::Element(e) if e.name == "w:t" || e.name == "w:delText" => {
                    for c in &e.children {
                        if let Node::Text(t) = c {
                            out.push_str(t);
                        }
                    }
                }
                Node::Element(e) if e.name == "w:tab" => out.push('\t'),
                Node::Element(e) if e.name == "w:pPr" => {}
                Node::Element(e) => text(e, out),
                Node::Text(_) => {}
            }
        }
    }
    fn walk(el: &Element, drop: &[&str; 2], carry: &mut String, out: &mut Vec<String>) {
        for n in &el.children {
            let Node::Element(e) = n else { continue };
            if e.name == "w:p" {
                let mut t = std::mem::take(carry);
                text(e, &mut t);
                let mark_removed =
                    e.child("w:pPr")
                        .and_then(|p| p.child("w:rPr"))
                        .is_some_and(|r| {
                            r.children.iter().any(
                            |n| matches!(n, Node::Element(m) if drop.contains(&m.name.as_str())),
                        )
                        });
                if mark_removed {
                    *carry = t;
                } else {
                    out.push(t);
                }
            } else {
                walk(e, drop, carry, out);
            }
        }
    }
    walk(root, &drop, &mut carry, &mut out);
    out.retain(|p| !p.trim().is_empty());
    out
}

fn document_xml(docx: &Path) -> String {
    let file = std::fs::File::open(docx).expect("the DOCX exists");
    let mut zip = zip::ZipArchive::new(file).expect("the DOCX is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

const OLD: &str = "\
---
title: Services Agreement
---

# Fees { #fees }

The Customer pays each invoice within thirty days of receiving it.

Late payments bear interest at the statutory rate.

| Service | Monthly charge |
|---|---|
| Support | 1,000 |
| Hosting | 2,000 |

# Term { #term }

The agreement runs for two years from the Effective Date.

# Notices { #notices }

Notices under [clause 2](#term) are given in writing.
";

const NEW: &str = "\
---
title: Services Agreement
---

# Term { #term }

The agreement runs for two years from the Effective Date.

# Fees { #fees }

The *Customer* pays each undisputed invoice within forty-five days of receiving it.

| Service | Monthly charge |
|---|---|
| Support | 1,500 |
| Hosting | 2,000 |

# Notices { #notices }

Notices under [clause 1](#term) are given in writing.

Notices by email count as writing.
";

fn compare_drafts(dir: &Path, format: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("old.md"), OLD).unwrap();
    std::fs::write(dir.join("new.md"), NEW).unwrap();
    let out = dir.join(format!("redline.{format}"));
    let result = run(rfx(dir)
        .args(["compare", "old.md", "new.md", "-o"])
        .arg(&out));
    assert!(result.status.success(), "{}", stderr(&result));
    out
}

fn draft_paragraphs(dir: &Path, name: &str) -> Vec<String> {
    let docx = dir.join(format!("{name}.docx"));
    let result = run(rfx(dir)
        .args(["render", &format!("{name}.md"), "-o"])
        .arg(&docx));
    assert!(result.status.success(), "{}", stderr(&result));
    paragraphs(&parse(&document_xml(&docx)), true)
}

#[test]
fn accepting_every_change_gives_the_new_draft_and_rejecting_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let redline = parse(&document_xml(&compare_drafts(dir.path(), "docx")));
    let accepted = paragraphs(&resolve_changes(&redline, true), true);
    let rejected = paragraphs(&resolve_changes(&redline, false), false);
    assert_eq!(accepted, draft_paragraphs(dir.path(), "new"));
    assert_eq!(rejected, draft_paragraphs(dir.path(), "old"));
}

#[test]
fn the_redline_uses_every_kind_of_tracked_change() {
    let dir = tempfile::tempdir().unwrap();
    let xml = document_xml(&compare_drafts(dir.path(), "docx"));
    for needle in [
        "<w:ins w:id=",
        "<w:del w:id=",
        "<w:delText",
        "<w:moveFromRangeStart",
        "<w:moveTo w:id=",
        "<w:rPrChange",
        r#"w:author="rfx" w:date="2026-01-01T00:00:00Z""#,
    ] {
        assert!(xml.contains(needle), "no {needle} in the redline");
    }
    // The deleted paragraph's mark is deleted too, so rejecting restores a paragraph.
    assert!(xml.contains("<w:pPr><w:rPr><w:del w:id="));
}

#[test]
fn markdown_redline_summarises_changed_sections() {
    let dir = tempfile::tempdir().unwrap();
    let md = std::fs::read_to_string(compare_drafts(dir.path(), "md")).unwrap();
    assert!(md.contains("# Summary of changes"), "{md}");
    assert!(
        md.contains("| 2 | [Fees](#fees) | changed | 3 | 10 |"),
        "{md}"
    );
    assert!(md.contains("| 1 | [Term](#term) | moved | 0 | 0 |"), "{md}");
    assert!(
        md.contains("<del>thirty</del><ins>forty-five</ins>"),
        "{md}"
    );
}

#[test]
fn identical_drafts_say_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.md"), OLD).unwrap();
    let result = run(rfx(dir.path()).args(["compare", "old.md", "old.md", "-o", "r.docx"]));
    assert!(result.status.success());
    assert!(
        stderr(&result).contains("no differences"),
        "{}",
        stderr(&result)
    );
}

#[test]
fn an_unreadable_draft_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let result = run(rfx(dir.path()).args(["compare", "missing.md", "other.md", "-o", "r.docx"]));
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("cannot read draft `missing.md`"));
}

#[test]
#[ignore = "needs LibreOffice (soffice)"]
fn libreoffice_shows_old_and_new_wording() {
    let dir = tempfile::tempdir().unwrap();
    let docx = compare_drafts(dir.path(), "docx");
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let text = std::fs::read_to_string(dir.path().join("redline.txt")).unwrap();
    for words in [
        "thirty",
        "forty-five",
        "Late payments",
        "email count",
        "1,000",
        "1,500",
    ] {
        assert!(
            text.contains(words),
            "LibreOffice does not show {words:?}:\n{text}"
        );
    }
}

#[test]
fn every_cross_reference_of_the_example_msa_is_a_ref_field() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root().join("examples/cloud-migration.yaml");
    let result = run(rfx(dir.path())
        .arg("build")
        .arg(&spec)
        .args(["--doc", "msa", "--format", "md,docx", "-o"])
        .arg(dir.path()));
    assert!(result.status.success(), "{}", stderr(&result));
    let folder = dir.path().join("isarwerk-cloud-migration-2027");
    // The model's cross-references, from the Markdown the same build wrote.
    let markdown = std::fs::read_to_string(folder.join("msa.md")).unwrap();
    let mut model = rfx::markdown::parse(&markdown);
    model.resolve(&rfx::resolve::ResolveOptions::default());
    let mut expected = Vec::new();
    collect_refs(&model.blocks, &mut expected);
    assert!(expected.len() > 10, "the MSA has cross-references");

    let xml = document_xml(&folder.join("msa.docx"));
    let bookmarks: std::collections::HashSet<String> = xml
        .match_indices(r#"<w:bookmarkStart w:id=""#)
        .filter_map(|(i, _)| {
            let rest = &xml[i..];
            let name = rest.split(r#"w:name=""#).nth(1)?;
            Some(name[..name.find('"')?].to_string())
        })
        .collect();
    // Each field: instruction, then its cached result up to the end character.
    let mut fields = Vec::new();
    for part in xml
        .split(r#"<w:instrText xml:space="preserve"> REF "#)
        .skip(1)
    {
        let instruction = &part[..part.find(" </w:instrText>").unwrap()];
        let result_xml = &part[..part.find(r#"fldCharType="end""#).unwrap()];
        let cached: String = result_xml
            .split(r#"<w:t xml:space="preserve">"#)
            .skip(1)
            .map(|t| &t[..t.find("</w:t>").unwrap()])
            .collect();
        let bookmark = instruction.split(' ').next().unwrap().to_string();
        assert!(bookmarks.contains(&bookmark), "REF to missing {bookmark}");
        assert!(instruction.ends_with(r"\r \h"), "{instruction}");
        fields.push(cached);
    }
    let wanted: Vec<String> = expected
        .iter()
        .map(|(_, text)| text.rsplit(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(fields, wanted);
}

fn collect_refs(blocks: &[rfx::doc::Block], out: &mut Vec<(String, String)>) {
    use rfx::doc::{Block, Inline};
    fn inlines(i: &[Inline], out: &mut Vec<(String, String)>) {
        for x in i {
            match x {
                Inline::CrossRef { anchor, text } => out.push((anchor.clone(), text.clone())),
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strikethrough(c) => inlines(c, out),
                Inline::Link { content, .. } => inlines(content, out),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Heading(h) => inlines(&h.content, out),
            Block::Paragraph(i) => inlines(i, out),
            Block::List(l) => l.items.iter().for_each(|item| collect_refs(item, out)),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| inlines(c, out)),
            Block::BlockQuote(b) => collect_refs(b, out),
            _ => {}
        }
    }
}
