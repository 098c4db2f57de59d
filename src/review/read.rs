//! Reads the paragraphs of a returned DOCX: their text with tracked changes accepted
//! and rejected, their heading level, and the bookmarks they carry.

use std::io::Read as _;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::diag::Diagnostic;

/// One paragraph of `word/document.xml` (table cells included, in reading order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The text with every tracked change accepted.
    pub text: String,
    /// The text with every tracked change rejected (what was sent, if tracked).
    pub original: String,
    /// Heading level from a `HeadingN` style.
    pub heading: Option<u8>,
    /// Names of bookmarks starting in the paragraph.
    pub bookmarks: Vec<String>,
    /// Whether the paragraph holds tracked changes.
    pub tracked: bool,
}

/// The most `word/document.xml` may unpack to (the limit of every rfx input).
pub const MAX_DOCUMENT_XML: u64 = crate::input::MAX_INPUT_BYTES;

/// Reads the paragraphs of a DOCX file's bytes; `name` is for diagnostics.
pub fn paragraphs(bytes: &[u8], name: &str) -> Result<Vec<Paragraph>, Diagnostic> {
    let unreadable = |why: String| {
        Diagnostic::error(format!("cannot read `{name}` as a Word document: {why}"))
            .in_file(name)
            .with_help("pass the .docx the counterparty returned (not a .doc or PDF)")
    };
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut xml = String::new();
    // A returned draft is untrusted: its text is read up to the limit of every input,
    // so a small file that unpacks to gigabytes is refused, not unpacked.
    zip.by_name("word/document.xml")
        .map_err(|e| unreadable(format!("word/document.xml: {e}")))?
        .take(MAX_DOCUMENT_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|e| unreadable(format!("word/document.xml: {e}")))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(unreadable(format!(
            "word/document.xml unpacks to more than {} MiB",
            MAX_DOCUMENT_XML >> 20
        )));
    }
    parse(&xml).map_err(|e| unreadable(format!("word/document.xml: {e}")))
}

/// The document kind the file records: the first of its core properties' keywords, as
/// rfx writes them (`msa, REF-1`) and Word keeps them. `None` when the properties are
/// missing, unreadable or name no kind (then every kind of the spec is tried).
pub fn recorded_kind(bytes: &[u8]) -> Option<crate::doc::DocumentKind> {
    /// Core properties are a few hundred bytes; more is not rfx's and not read.
    const LIMIT: u64 = 64 * 1024;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    zip.by_name("docProps/core.xml")
        .ok()?
        .take(LIMIT)
        .read_to_string(&mut xml)
        .ok()?;
    let mut reader = Reader::from_str(&xml);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"keywords" => inside = true,
            Event::Text(t) if inside => {
                let text = t.decode().ok()?;
                let first = text.split(',').next()?.trim();
                return first.parse().ok();
            }
            Event::End(_) if inside => return None,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Where text is being read.
#[derive(Debug, Default)]
struct State {
    /// Inside `w:ins` or `w:moveTo` (newer text only).
    inserted: usize,
    /// Inside `w:del` or `w:moveFrom` (older text only).
    deleted: usize,
    /// Inside `w:t` or `w:delText`.
    text: bool,
    /// Inside `w:pPr`: changes there mark the paragraph mark, not text.
    properties: bool,
    current: Option<Paragraph>,
}

fn attribute(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

fn parse(xml: &str) -> Result<Vec<Paragraph>, String> {
    let mut reader = Reader::from_str(xml);
    let mut st = State::default();
    let mut out = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{e} at byte {}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => start(&e, &mut st, false),
            Event::Empty(e) => start(&e, &mut st, true),
            Event::End(e) => match e.name().as_ref() {
                b"w:p" => out.extend(st.current.take()),
                b"w:ins" | b"w:moveTo" if !st.properties => {
                    st.inserted = st.inserted.saturating_sub(1)
                }
                b"w:del" | b"w:moveFrom" if !st.properties => {
                    st.deleted = st.deleted.saturating_sub(1)
                }
                b"w:t" | b"w:delText" => st.text = false,
                b"w:pPr" => st.properties = false,
                _ => {}
            },
            Event::Text(t) if st.text => {
                let text = t.decode().map_err(|e| e.to_string())?;
                push(&mut st, &text);
            }
            Event::GeneralRef(r) if st.text => {
                let c = match &*r {
                    b"amp" => "&",
                    b"lt" => "<",
                    b"gt" => ">",
                    b"quot" => "\"",
                    b"apos" => "'",
                    _ => "",
                };
                push(&mut st, c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn start(e: &BytesStart, st: &mut State, empty: bool) {
    match e.name().as_ref() {
        // An empty `<w:p/>` holds no text to map.
        b"w:p" if !empty => st.current = Some(Paragraph::default()),
        b"w:pPr" if !empty => st.properties = true,
        b"w:pStyle" => {
            if let (Some(p), Some(style)) = (st.current.as_mut(), attribute(e, b"w:val")) {
                p.heading = style
                    .strip_prefix("Heading")
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=6).contains(n));
            }
        }
        b"w:ins" | b"w:moveTo" if !st.properties && !empty => {
            st.inserted += 1;
            mark_tracked(st);
        }
        b"w:del" | b"w:moveFrom" if !st.properties && !empty => {
            st.deleted += 1;
            mark_tracked(st);
        }
        b"w:ins" | b"w:del" | b"w:moveFrom" | b"w:moveTo" => mark_tracked(st),
        b"w:t" | b"w:delText" if !empty => st.text = true,
        b"w:tab" | b"w:br" if !st.properties => push(st, " "),
        b"w:bookmarkStart" => {
            if let (Some(p), Some(name)) = (st.current.as_mut(), attribute(e, b"w:name")) {
                p.bookmarks.push(name);
            }
        }
        _ => {}
    }
}

fn mark_tracked(st: &mut State) {
    if let Some(p) = st.current.as_mut() {
        p.tracked = true;
    }
}

fn push(st: &mut State, text: &str) {
    let Some(p) = st.current.as_mut() else {
        return;
    };
    if st.deleted == 0 {
        p.text.push_str(text);
    }
    if st.inserted == 0 {
        p.original.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracked_changes_give_both_readings() {
        let xml = concat!(
            r#"<w:document><w:body><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>"#,
            r#"<w:bookmarkStart w:id="1" w:name="_Ref_fees"/><w:r><w:t>Fees</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">Pay in </w:t></w:r>"#,
            r#"<w:del w:id="2"><w:r><w:delText>30</w:delText></w:r></w:del>"#,
            r#"<w:ins w:id="3"><w:r><w:t>45</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> days &amp; more</w:t></w:r></w:p>"#,
            r#"</w:body></w:document>"#
        );
        let p = parse(xml).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].heading, Some(2));
        assert_eq!(p[0].bookmarks, vec!["_Ref_fees".to_string()]);
        assert_eq!(p[1].text, "Pay in 45 days & more");
        assert_eq!(p[1].original, "Pay in 30 days & more");
        assert!(p[1].tracked && !p[0].tracked);
    }

    fn zip_with_core(core: &str) -> Vec<u8> {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "docProps/core.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(core.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn the_recorded_kind_is_the_first_keyword() {
        let core = |k: &str| {
            format!(
                r#"<cp:coreProperties xmlns:cp="x"><dc:title>T</dc:title><cp:keywords>{k}</cp:keywords></cp:coreProperties>"#
            )
        };
        let kind = |k: &str| recorded_kind(&zip_with_core(&core(k)));
        assert_eq!(kind("msa, REF-1"), Some(crate::doc::DocumentKind::Msa));
        assert_eq!(kind("nda"), Some(crate::doc::DocumentKind::Nda));
        assert_eq!(kind("contract, REF-1"), None);
        assert_eq!(recorded_kind(b"not a zip"), None);
        assert_eq!(recorded_kind(&zip_with_core("<x/>")), None);
    }

    #[test]
    fn a_document_that_unpacks_past_the_limit_is_refused() {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", deflated).unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..=(MAX_DOCUMENT_XML >> 20) {
            zip.write_all(&spaces).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20, "a small file: {}", bytes.len());
        let d = paragraphs(&bytes, "bomb.docx").unwrap_err();
        assert!(
            d.message.contains("unpacks to more than 16 MiB"),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_file_that_is_not_a_docx_is_a_diagnostic() {
        let d = paragraphs(b"not a zip", "back.docx").unwrap_err();
        assert!(
            d.message
                .contains("cannot read `back.docx` as a Word document")
        );
    }
}
