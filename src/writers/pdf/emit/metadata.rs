//! Document-level objects: the catalog, the document information dictionary and
//! what PDF/A-2 (ISO 19005-2) and PDF/UA-1 (ISO 14289-1) add to them: XMP metadata
//! mirroring the information dictionary with the standards' identification, an sRGB
//! output intent, and the tagged-file entries (`MarkInfo`, `StructTreeRoot`).

use super::serialize::{Deflated, Writer, text_string};
use crate::doc::Meta;
use crate::writers::WriteOptions;
use std::fmt::Write as _;

/// A compact sRGB IEC 61966-2.1 profile (CC0, from saucecontrol/Compact-ICC-Profiles;
/// see `icc/LICENSE`), the output intent's destination profile.
const SRGB_PROFILE: &[u8] = include_bytes!("../icc/sRGB-v2-magic.icc");

/// Writes the catalog as object `catalog`, with the XMP metadata, the output intent
/// of an archival file and the structure tree root of a tagged one.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_catalog(
    w: &mut Writer,
    catalog: u32,
    pages_root: u32,
    outline: Option<u32>,
    structure: Option<u32>,
    meta: &Meta,
    options: &WriteOptions,
) {
    let xmp = w.alloc();
    w.plain_stream(
        xmp,
        "/Type /Metadata /Subtype /XML",
        xmp_packet(meta, options).as_bytes(),
    );
    let mut cat = format!("<< /Type /Catalog /Pages {pages_root} 0 R /Metadata {xmp} 0 R");
    if options.pdf_standard.archive_level().is_some() {
        // The same in every file: compressed once per process.
        static PROFILE: std::sync::OnceLock<Deflated> = std::sync::OnceLock::new();
        let profile = w.alloc();
        let data = PROFILE.get_or_init(|| w.deflate(SRGB_PROFILE));
        w.deflated_stream(profile, "/N 3", data);
        let _ = write!(
            cat,
            " /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 \
             /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) \
             /DestOutputProfile {profile} 0 R >>]"
        );
    }
    if let Some(root) = outline {
        let _ = write!(cat, " /Outlines {root} 0 R /PageMode /UseOutlines");
    }
    let lang = meta.language.as_deref().filter(|l| !l.is_empty());
    if let Some(root) = structure {
        // PDF/UA needs a language; rfx's own words are English when none is set.
        let _ = write!(
            cat,
            " /MarkInfo << /Marked true >> /StructTreeRoot {root} 0 R /Lang {}",
            text_string(lang.unwrap_or("en"))
        );
    } else if let Some(lang) = lang {
        let _ = write!(cat, " /Lang {}", text_string(lang));
    }
    cat.push_str(" /ViewerPreferences << /DisplayDocTitle true >> >>");
    w.object(catalog, &cat);
}

/// The XMP packet: the information dictionary's entries in their XMP properties and
/// the PDF/A identification (part 2, conformance U).
fn xmp_packet(meta: &Meta, options: &WriteOptions) -> String {
    let date = crate::civil::iso8601(options.timestamp);
    let mut x = String::with_capacity(2048);
    x.push_str(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" \
         xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
         xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
         xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n\
         <dc:format>application/pdf</dc:format>\n",
    );
    let alt = |x: &mut String, tag: &str, value: &str| {
        let _ = writeln!(
            x,
            "<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{tag}>",
            xml(value)
        );
    };
    alt(&mut x, "dc:title", &meta.title);
    if let Some(author) = meta.author.as_deref().filter(|a| !a.is_empty()) {
        let _ = writeln!(
            x,
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            xml(author)
        );
    }
    if let Some(subject) = meta.subject.as_deref().filter(|s| !s.is_empty()) {
        alt(&mut x, "dc:description", subject);
    }
    if !meta.keywords.is_empty() {
        let _ = writeln!(
            x,
            "<pdf:Keywords>{}</pdf:Keywords>",
            xml(&meta.keywords.join(", "))
        );
    }
    let _ = write!(
        x,
        "<pdf:Producer>{}</pdf:Producer>\n<xmp:CreatorTool>rfx</xmp:CreatorTool>\n\
         <xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n",
        xml(&options.producer)
    );
    let standard = options.pdf_standard;
    if let Some(level) = standard.archive_level() {
        let _ = writeln!(
            x,
            "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{level}</pdfaid:conformance>"
        );
    }
    if standard.accessible() {
        x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
        if standard.archive_level().is_some() {
            // PDF/A admits only XMP properties it predefines or a file declares.
            x.push_str(PDFUA_EXTENSION_SCHEMA);
        }
    }
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    x
}

/// The PDF/A extension schema declaring `pdfuaid:part` (ISO 14289-1 §5).
const PDFUA_EXTENSION_SCHEMA: &str = "<pdfaExtension:schemas><rdf:Bag>\
<rdf:li rdf:parseType=\"Resource\">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\n";

/// Text escaped for XML; characters XML 1.0 cannot carry are left out.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes the document information dictionary as object `info`.
pub(super) fn write_info(w: &mut Writer, info: u32, meta: &Meta, options: &WriteOptions) {
    let date = pdf_date(options.timestamp);
    let mut inf = format!("<< /Title {}", text_string(&meta.title));
    if let Some(author) = meta.author.as_deref().filter(|a| !a.is_empty()) {
        let _ = write!(inf, " /Author {}", text_string(author));
    }
    if let Some(subject) = meta.subject.as_deref().filter(|s| !s.is_empty()) {
        let _ = write!(inf, " /Subject {}", text_string(subject));
    }
    if !meta.keywords.is_empty() {
        let _ = write!(inf, " /Keywords {}", text_string(&meta.keywords.join(", ")));
    }
    let _ = write!(
        inf,
        " /Creator (rfx) /Producer {} /CreationDate ({date}) /ModDate ({date}) >>",
        text_string(&options.producer)
    );
    w.object(info, &inf);
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since the Unix epoch (UTC).
pub(super) fn pdf_date(timestamp: i64) -> String {
    let t = crate::civil::utc(timestamp);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year.clamp(0, 9999),
        t.month,
        t.day,
        t.hour,
        t.minute,
        t.second
    )
}
