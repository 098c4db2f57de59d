//! Assembles the OPC package: puts the body in, adds what docx-rs cannot express (core
//! properties, field updating) and zips the parts with fixed entry times, so equal
//! input gives byte-identical files.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::doc::Meta;
use crate::writers::{Format, WriteError, WriteOptions};

/// Parts after the fix-ups, ready to be zipped.
#[derive(Debug)]
pub struct Parts {
    /// `(path, bytes)` in archive order.
    pub entries: Vec<(String, Vec<u8>)>,
}

fn error(message: impl Into<String>) -> WriteError {
    WriteError {
        format: Format::Docx,
        message: message.into(),
    }
}

fn utf8(part: Vec<u8>, name: &str) -> Result<String, WriteError> {
    String::from_utf8(part).map_err(|_| error(format!("{name} is not valid UTF-8")))
}

/// Replaces docx-rs's empty main part with `document`, applies the fix-ups and lists
/// the parts in archive order.
pub fn fix_parts(
    xml: XMLDocx,
    document: String,
    meta: &Meta,
    options: &WriteOptions,
    update_fields: bool,
) -> Result<Parts, WriteError> {
    let styles = set_language(utf8(xml.styles, "styles.xml")?, meta.language.as_deref());
    let mut settings = utf8(xml.settings, "settings.xml")?;
    if update_fields {
        settings = request_field_update(&settings)?;
    }

    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        (
            "docProps/app.xml".into(),
            app_xml(&options.producer).into_bytes(),
        ),
        (
            "docProps/core.xml".into(),
            core_xml(meta, options.timestamp).into_bytes(),
        ),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), styles.into_bytes()),
        ("word/settings.xml".into(), settings.into_bytes()),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    for (i, header) in xml.headers.into_iter().enumerate() {
        entries.push((format!("word/header{}.xml", i + 1), header));
        if let Some(rels) = xml.header_rels.get(i) {
            entries.push((format!("word/_rels/header{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (i, footer) in xml.footers.into_iter().enumerate() {
        entries.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = xml.footer_rels.get(i) {
            entries.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
        }
    }
    if !xml.media.is_empty() || xml.taskpanes.is_some() || !xml.custom_items.is_empty() {
        return Err(error("unexpected media or extension parts in the package"));
    }
    Ok(Parts { entries })
}

/// Zips the parts: deflated at the fastest level (a third of the time of the default
/// level for a third more bytes), entries dated from the document timestamp (clamped
/// to the range a zip file can hold), no other varying metadata.
pub fn zip_parts(parts: Parts, timestamp: i64) -> Result<Vec<u8>, WriteError> {
    let (y, mo, d, h, mi, s) = civil_time(timestamp.clamp(315_532_800, 4_354_819_199));
    let time = DateTime::from_date_and_time(y as u16, mo, d, h, mi, s).unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let size: usize = parts.entries.iter().map(|(_, b)| b.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size / 4 + 1024)));
    for (path, bytes) in &parts.entries {
        zip.start_file(path.as_str(), options)
            .map_err(|e| error(format!("cannot add {path} to the package: {e}")))?;
        zip.write_all(bytes)
            .map_err(|e| error(format!("cannot add {path} to the package: {e}")))?;
    }
    let cursor = zip
        .finish()
        .map_err(|e| error(format!("cannot finish the package: {e}")))?;
    Ok(cursor.into_inner())
}

/// Sets the document language (spelling and hyphenation) in the default run
/// properties; docx-rs has no setter for `w:lang`. Tags that are not plain BCP 47
/// (letters, digits, hyphens) are left out rather than written into the XML.
fn set_language(styles: String, language: Option<&str>) -> String {
    const END: &str = "</w:rPr></w:rPrDefault>";
    let Some(tag) = language.map(str::trim).filter(|t| {
        (2..=35).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }) else {
        return styles;
    };
    styles.replacen(
        END,
        &format!(r#"<w:lang w:val="{tag}" /></w:rPr></w:rPrDefault>"#),
        1,
    )
}

/// Asks Word to refresh fields (the table of contents' page numbers) on opening.
fn request_field_update(settings: &str) -> Result<String, WriteError> {
    const COMPAT: &str = "<w:compat>";
    if !settings.contains(COMPAT) {
        return Err(error(
            "settings.xml has no compat element to anchor updateFields",
        ));
    }
    Ok(settings.replacen(COMPAT, "<w:updateFields w:val=\"true\" /><w:compat>", 1))
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
    let date = w3c_date(timestamp);
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

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the Unix epoch.
fn w3c_date(timestamp: i64) -> String {
    let (y, mo, d, h, mi, s) = civil_time(timestamp);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// UTC calendar date and time of a Unix timestamp.
fn civil_time(timestamp: i64) -> (i64, u8, u8, u8, u8, u8) {
    let t = crate::civil::utc(timestamp);
    (t.year, t.month, t.day, t.hour, t.minute, t.second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(w3c_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3c_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(w3c_date(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(w3c_date(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn language_goes_into_the_default_run_properties() {
        let styles =
            "<w:rPrDefault><w:rPr><w:sz w:val=\"22\" /></w:rPr></w:rPrDefault>".to_string();
        assert_eq!(
            set_language(styles.clone(), Some("en-GB")),
            "<w:rPrDefault><w:rPr><w:sz w:val=\"22\" /><w:lang w:val=\"en-GB\" /></w:rPr></w:rPrDefault>"
        );
        assert_eq!(set_language(styles.clone(), Some("en\"><x")), styles);
        assert_eq!(set_language(styles.clone(), None), styles);
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
