//! Document-level objects: the catalog and the document information dictionary.

use super::serialize::{Writer, text_string};
use crate::doc::Meta;
use crate::writers::WriteOptions;
use std::fmt::Write as _;

/// Writes the catalog as object `catalog`.
pub(super) fn write_catalog(
    w: &mut Writer,
    catalog: u32,
    pages_root: u32,
    outline: Option<u32>,
    meta: &Meta,
) {
    let mut cat = format!("<< /Type /Catalog /Pages {pages_root} 0 R");
    if let Some(root) = outline {
        let _ = write!(cat, " /Outlines {root} 0 R /PageMode /UseOutlines");
    }
    if let Some(lang) = meta.language.as_deref().filter(|l| !l.is_empty()) {
        let _ = write!(cat, " /Lang {}", text_string(lang));
    }
    cat.push_str(" /ViewerPreferences << /DisplayDocTitle true >> >>");
    w.object(catalog, &cat);
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
