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
//! Each character is drawn with the first face that has it: the style's face of the
//! chosen family, the body's regular face, the bundled fallbacks, then faces from the
//! font directories and the system's fonts, looked up only when a character is
//! missing from all the others (see [`fonts`]). A character no font can draw is an
//! error naming the character and the section it occurs in.
//!
//! The serializer writes PDF objects itself (rather than through a PDF library): object
//! numbers then follow from the document alone (byte-identical output however many
//! PDFs a process writes) and the outline can nest. What depends only on a face and
//! its glyphs (subset fonts) or on an image's file (soft masks) is made once per
//! process; `benches/pdf.rs` measures a warm ten-page MSA.

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
    let doc = &*doc.with_heading_labels();
    let fonts = options.fonts.font_set().map_err(error)?;
    // A character no face has: add a face from the font directories or the system
    // that draws it, and lay out again (each round adds a face, so this ends).
    let mut extended = None;
    let laid_out = loop {
        let set = extended.as_ref().unwrap_or(fonts);
        match layout::layout_or_missing(doc, set) {
            Ok(laid_out) => break laid_out,
            Err((message, Some(c))) => match set.extended_for(c) {
                Some(more) => extended = Some(more),
                None => return Err(error(message)),
            },
            Err((message, None)) => return Err(error(message)),
        }
    };
    let set = extended.as_ref().unwrap_or(fonts);
    emit::write_pdf(&laid_out, &doc.meta, options, set).map_err(error)
}
