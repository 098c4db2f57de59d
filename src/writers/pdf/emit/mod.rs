//! PDF serialization of a [`Layout`], one module per kind of object: page content
//! streams ([`content`]), subset fonts ([`font`]), pages and link annotations
//! ([`page`]), the outline ([`outline`]), catalog and document information
//! ([`metadata`]), and the file itself ([`serialize`]).
//!
//! Object numbers are assigned in a fixed order from the layout alone, so the same
//! layout always gives the same bytes, however many PDFs the process has written.

mod content;
mod font;
mod metadata;
mod outline;
mod page;
mod serialize;

use super::fonts::FontSet;
use super::layout::Layout;
use crate::doc::Meta;
use crate::writers::WriteOptions;
use page::PageIds;
use serialize::Writer;

/// Serializes `layout` as a complete PDF file.
pub fn write_pdf(
    layout: &Layout,
    meta: &Meta,
    options: &WriteOptions,
    fonts: &FontSet,
) -> Result<Vec<u8>, String> {
    // Page content first: it decides which glyphs each font subset needs.
    let (contents, mut glyphs) = content::page_contents(layout, fonts);

    let mut w = Writer::default();
    let catalog = w.alloc();
    let pages_root = w.alloc();
    let info = w.alloc();
    let resources = w.alloc();
    let ids = PageIds {
        root: pages_root,
        pages: layout
            .pages
            .iter()
            .map(|_| (w.alloc(), w.alloc()))
            .collect(),
    };

    let font_refs = font::write_fonts(&mut w, fonts, &mut glyphs)?;
    w.object(resources, &format!("<< /Font << {}>> >>", font_refs));
    page::write_pages(&mut w, layout, &ids, resources, &contents);
    let outline = outline::outline(&mut w, layout, &|anchor| ids.dest(layout, anchor));
    metadata::write_catalog(&mut w, catalog, pages_root, outline, meta, options);
    metadata::write_info(&mut w, info, meta, options);
    Ok(w.finish(catalog, info))
}
