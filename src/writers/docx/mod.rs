//! DOCX writer: the document model as a native Word document.
//!
//! The body is built with docx-rs ([`body`]) in the house style ([`styles`]) with legal
//! heading numbering and restarting lists ([`numbering`]); [`package`] then adds what
//! docx-rs cannot express and zips the parts reproducibly.

mod body;
mod numbering;
mod package;
mod styles;

#[cfg(test)]
mod tests;

use docx_rs::Docx;

use crate::doc::Document;
use crate::writers::{WriteError, WriteOptions};

/// Writes `doc` as the bytes of a `.docx` file.
///
/// The output depends only on `doc` and `options`: two calls give identical bytes,
/// also within one process and thread.
pub fn write(doc: &Document, options: &WriteOptions) -> Result<Vec<u8>, WriteError> {
    let page = styles::PageGeometry::for_paper(doc.meta.paper);
    let body = body::render(doc, &page);
    let mut docx = Docx::new()
        .styles(styles::house_styles(&page))
        .numberings(body.numbering.build())
        .page_size(page.width, page.height)
        .page_margin(page.margin())
        .default_tab_stop(720)
        .header(body.header)
        .footer(body.footer);
    for child in body.children {
        docx = match child {
            body::BodyChild::Paragraph(p) => docx.add_paragraph(*p),
            body::BodyChild::Table(t) => docx.add_table(*t),
        };
    }
    // Heading styles refer to the numbering part even when no paragraph does.
    docx.document_rels.has_numberings = true;
    let parts = package::fix_parts(docx.build(), &doc.meta, options, body.has_toc)?;
    package::zip_parts(parts, options.timestamp)
}
