//! PDF writer: lays a resolved [`Document`] out on pages and serializes it.
//!
//! The work is split in three: [`fonts`] (the embedded family and its metrics),
//! [`layout`] (line breaking, pagination, tables, furniture — no PDF syntax) and the
//! serializer (subset fonts, content streams, links, outline, metadata). Output is a
//! pure function of the document and the options: same input, same bytes.
//!
//! Every file is PDF/A-2u (ISO 19005-2, level U): fonts embedded with Unicode maps,
//! XMP metadata mirroring the document information, an sRGB output intent, printable
//! annotations and a file identifier derived from the content.
//!
//! A character none of the embedded fonts can draw is an error naming the character
//! and the section it occurs in. A character missing only from the bold, italic or
//! monospace face is drawn with the regular face instead.
//!
//! The serializer writes PDF objects itself (rather than through a PDF library): object
//! numbers then follow from the document alone (byte-identical output however many
//! PDFs a process writes), the outline can nest, and subsetting the fonts for each
//! document stays within the time budget of a batch run (about 2 ms for ten pages).

mod emit;
pub mod fonts;
pub mod layout;
mod subset;

use crate::doc::Document;
use crate::writers::{Format, WriteError, WriteOptions};

/// Writes `doc` as a PDF file.
pub fn write(doc: &Document, options: &WriteOptions) -> Result<Vec<u8>, WriteError> {
    let error = |message: String| WriteError {
        format: Format::Pdf,
        message,
    };
    if let Some(message) = crate::doc::image::unloaded(doc) {
        return Err(error(message));
    }
    let fonts = fonts::fonts().map_err(error)?;
    let doc = &*doc.with_heading_labels();
    let laid_out = layout::layout(doc, fonts).map_err(error)?;
    emit::write_pdf(&laid_out, &doc.meta, options, fonts).map_err(error)
}
