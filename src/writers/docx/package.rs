//! The OPC package: parts with their content types and relationships, zipped with
//! fixed entry times so equal input gives byte-identical files.
//!
//! A part the document refers to is added through [`Package::add_part`] together
//! with its relationship and content type, so no part is ever orphaned; a part with
//! hyperlinks of its own (footnotes) gets its own relationships part.

use std::fmt::Write as _;

use crate::doc::Meta;
use crate::writers::{Format, WriteError, WriteOptions};

const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MAIN_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

/// A part of `word/` the main document refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// `styles.xml`.
    Styles,
    /// `settings.xml`.
    Settings,
    /// `fontTable.xml`.
    FontTable,
    /// `numbering.xml`.
    Numbering,
    /// A running header.
    Header,
    /// A running footer.
    Footer,
    /// `footnotes.xml`: the notes, after the separator notes.
    Footnotes,
}

impl PartKind {
    fn name(self) -> &'static str {
        match self {
            PartKind::Styles => "styles",
            PartKind::Settings => "settings",
            PartKind::FontTable => "fontTable",
            PartKind::Numbering => "numbering",
            PartKind::Header => "header",
            PartKind::Footer => "footer",
            PartKind::Footnotes => "footnotes",
        }
    }
}

/// A relationship of the main document.
#[derive(Debug)]
struct Relationship {
    id: String,
    kind: &'static str,
    target: String,
    external: bool,
}

/// The parts of one `.docx` file.
#[derive(Debug)]
pub struct Package {
    /// `(path, content type, bytes)` of the parts under `word/`, in archive order.
    parts: Vec<(String, String, Vec<u8>)>,
    relationships: Vec<Relationship>,
    /// Relationships of other parts: `(part file, relationships)`.
    part_links: Vec<(String, Vec<Relationship>)>,
    /// Entries the `rels` default content type covers (other parts' relationships).
    extra: Vec<(String, Vec<u8>)>,
    document: String,
}

fn error(message: impl Into<String>) -> WriteError {
    WriteError {
        format: Format::Docx,
        message: message.into(),
    }
}

impl Package {
    /// A package around the main document part `word/document.xml`.
    pub fn new(document: String) -> Package {
        Package {
            parts: Vec::new(),
            relationships: Vec::new(),
            part_links: Vec::new(),
            extra: Vec::new(),
            document,
        }
    }

    /// Adds `word/{file}` as a part of `kind` that the main document refers to by
    /// relationship `id`.
    pub fn add_part(&mut self, kind: PartKind, id: &str, file: &str, xml: String) {
        self.parts.push((
            format!("word/{file}"),
            format!(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml",
                kind.name()
            ),
            xml.into_bytes(),
        ));
        self.relationships.push(Relationship {
            id: id.to_string(),
            kind: kind.name(),
            target: file.to_string(),
            external: false,
        });
    }

    /// Adds a relationship of the main document to `word/{file}`, a part added with
    /// [`Package::add_entry`]; `kind` is the last segment of the relationship type.
    pub fn add_relationship(&mut self, id: &str, kind: &'static str, file: String) {
        self.relationships.push(Relationship {
            id: id.to_string(),
            kind,
            target: file,
            external: false,
        });
    }

    /// Adds the entry `path` (a package path, safe for an attribute) as it is: with
    /// its content type, or, for a relationships part, without (the default covers it).
    pub fn add_entry(&mut self, path: &str, content_type: Option<&str>, bytes: &[u8]) {
        match content_type {
            Some(t) => self
                .parts
                .push((path.to_string(), t.to_string(), bytes.to_vec())),
            None => self.extra.push((path.to_string(), bytes.to_vec())),
        }
    }

    /// Adds an external hyperlink target (already escaped for an attribute).
    pub fn add_link(&mut self, id: String, target: String) {
        self.relationships.push(Relationship {
            id,
            kind: "hyperlink",
            target,
            external: true,
        });
    }

    /// Adds external hyperlink targets (already escaped) of the part `word/{file}`,
    /// written as that part's own relationships.
    pub fn add_part_links(&mut self, file: &str, links: Vec<(String, String)>) {
        if !links.is_empty() {
            let rels = links
                .into_iter()
                .map(|(id, target)| Relationship {
                    id,
                    kind: "hyperlink",
                    target,
                    external: true,
                })
                .collect();
            self.part_links.push((file.to_string(), rels));
        }
    }

    /// Adds the media part `word/{file}` (an image), which parts refer to through
    /// [`Package::add_image_link`] or [`Package::add_part_images`].
    pub fn add_media(&mut self, file: &str, content_type: &str, bytes: &[u8]) {
        self.parts.push((
            format!("word/{file}"),
            content_type.to_string(),
            bytes.to_vec(),
        ));
    }

    /// Adds a relationship `id` of the main document to the media part `word/{file}`.
    pub fn add_image_link(&mut self, id: String, file: &str) {
        self.relationships.push(Relationship {
            id,
            kind: "image",
            target: file.to_string(),
            external: false,
        });
    }

    /// Adds relationships `(id, media file)` of the part `word/{part}` to images.
    pub fn add_part_images(&mut self, part: &str, images: Vec<(String, String)>) {
        if images.is_empty() {
            return;
        }
        let rels = images.into_iter().map(|(id, target)| Relationship {
            id,
            kind: "image",
            target,
            external: false,
        });
        match self.part_links.iter_mut().find(|(f, _)| f == part) {
            Some((_, existing)) => existing.extend(rels),
            None => self.part_links.push((part.to_string(), rels.collect())),
        }
    }

    /// The package as `(path, bytes)` in archive order, with the content types, the
    /// relationships and the document properties.
    pub fn into_entries(self, meta: &Meta, options: &WriteOptions) -> Vec<(String, Vec<u8>)> {
        let mut entries = vec![
            (
                "[Content_Types].xml".to_string(),
                self.content_types().into_bytes(),
            ),
            ("_rels/.rels".to_string(), package_rels().into_bytes()),
            (
                "docProps/app.xml".to_string(),
                app_xml(&options.producer).into_bytes(),
            ),
            (
                "docProps/core.xml".to_string(),
                core_xml(meta, options.timestamp).into_bytes(),
            ),
            (
                "word/_rels/document.xml.rels".to_string(),
                self.document_rels().into_bytes(),
            ),
            ("word/document.xml".to_string(), self.document.into_bytes()),
        ];
        for (file, rels) in &self.part_links {
            entries.push((
                format!("word/_rels/{file}.rels"),
                relationships_xml(rels).into_bytes(),
            ));
        }
        entries.extend(self.extra);
        entries.extend(self.parts.into_iter().map(|(path, _, bytes)| (path, bytes)));
        entries
    }

    fn content_types(&self) -> String {
        let mut out = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
            r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
        ));
        let _ = write!(
            out,
            r#"<Override PartName="/word/document.xml" ContentType="{MAIN_CONTENT_TYPE}"/>"#
        );
        for (path, content_type, _) in &self.parts {
            let _ = write!(
                out,
                r#"<Override PartName="/{path}" ContentType="{content_type}"/>"#
            );
        }
        out.push_str("</Types>");
        out
    }

    fn document_rels(&self) -> String {
        relationships_xml(&self.relationships)
    }
}

/// A relationships part holding `relationships`.
fn relationships_xml(relationships: &[Relationship]) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    for rel in relationships {
        let _ = write!(
            out,
            r#"<Relationship Id="{}" Type="{RELATIONSHIPS}/{}" Target="{}""#,
            rel.id, rel.kind, rel.target
        );
        if rel.external {
            out.push_str(r#" TargetMode="External""#);
        }
        out.push_str("/>");
    }
    out.push_str("</Relationships>");
    out
}

/// `_rels/.rels`: the main document and the document properties.
fn package_rels() -> String {
    concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
        r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
        "</Relationships>"
    )
    .to_string()
}

/// Zips the parts (see [`super::container`]), every entry dated from the document
/// timestamp.
pub fn zip_parts(entries: Vec<(String, Vec<u8>)>, timestamp: i64) -> Result<Vec<u8>, WriteError> {
    super::container::zip(&entries, super::container::DosTime::from_unix(timestamp))
        .map_err(|e| error(format!("cannot zip the package: {e}")))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Core properties: title, subject, author, keywords, language and dates.
fn core_xml(meta: &Meta, timestamp: i64) -> String {
    let date = crate::civil::iso8601(timestamp);
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    let mut element = |name: &str, value: Option<&str>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            xml.push_str(&format!("<{name}>{}</{name}>", escape(v)));
        }
    };
    element("dc:title", Some(&meta.title));
    element("dc:subject", meta.subject.as_deref());
    element("dc:creator", meta.author.as_deref());
    let keywords = meta.keywords.join(", ");
    element("cp:keywords", Some(&keywords));
    element("dc:identifier", meta.reference.as_deref());
    element("dc:language", meta.language.as_deref());
    element("cp:lastModifiedBy", meta.author.as_deref());
    xml.push_str(&format!(
        r#"<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>"#
    ));
    xml
}

/// Extended properties: the producing application.
fn app_xml(producer: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>{}</Application><DocSecurity>0</DocSecurity></Properties>"#,
        escape(producer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(crate::civil::iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(crate::civil::iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(crate::civil::iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(crate::civil::iso8601(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn core_properties_are_escaped() {
        let meta = Meta {
            title: "Terms & Conditions <draft>".into(),
            author: Some("Müller GmbH".into()),
            kind: Some(crate::doc::DocumentKind::Msa),
            keywords: vec!["msa".into(), "R&D-1".into()],
            ..Meta::default()
        };
        let xml = core_xml(&meta, 0);
        assert!(xml.contains("<dc:title>Terms &amp; Conditions &lt;draft&gt;</dc:title>"));
        assert!(xml.contains("<dc:creator>Müller GmbH</dc:creator>"));
        assert!(xml.contains("<cp:keywords>msa, R&amp;D-1</cp:keywords>"));
        assert!(!xml.contains("dc:subject"));
    }
}
