//! DOCX writer: the document model as a native Word document.
//!
//! docx-rs builds the package around the body: styles in the house style ([`styles`]),
//! legal heading numbering and restarting lists ([`numbering`]), settings, running
//! header and footer. The body itself ([`body`]) is written straight as
//! WordprocessingML, in schema order and about ten times faster than through
//! docx-rs's element tree; [`package`] adds what docx-rs cannot express (core
//! properties, field updating) and zips the parts reproducibly.

mod body;
mod numbering;
mod package;
mod styles;
mod xml;

#[cfg(test)]
mod tests;

use docx_rs::Docx;

use crate::doc::Document;
use crate::writers::{WriteError, WriteOptions};

/// The Word bookmark name the writer gives each heading anchor of `doc` (what REF
/// fields point at, and what `rfx review` finds clauses by in a returned draft).
pub fn heading_bookmarks(doc: &Document) -> std::collections::HashMap<String, String> {
    body::bookmark_names(&doc.blocks)
}

/// Writes `doc` as the bytes of a `.docx` file.
///
/// The output depends only on `doc` and `options`: two calls give identical bytes,
/// also within one process and thread.
pub fn write(doc: &Document, options: &WriteOptions) -> Result<Vec<u8>, WriteError> {
    let page = styles::PageGeometry::for_paper(doc.meta.paper);
    let body = body::render(doc, &page, options);
    let mut docx = Docx::new()
        .styles(styles::house_styles(&page))
        .numberings(body.numbering.build())
        .default_tab_stop(720)
        .header(body.header)
        .footer(body.footer);
    // Heading styles refer to the numbering part even when no paragraph does.
    docx.document_rels.has_numberings = true;
    for (rid, target) in body.links {
        docx.document_rels
            .hyperlinks
            .push((rid, target, "External".to_string()));
    }
    let parts = package::fix_parts(
        docx.build(),
        body.document_xml,
        &doc.meta,
        options,
        body.has_toc,
    )?;
    package::zip_parts(parts, options.timestamp)
}
