//! PDF serialization of a [`Layout`], one module per kind of object: page content
//! streams ([`content`]), subset fonts ([`font`]), pages and link annotations
//! ([`page`]), the outline ([`outline`]), catalog and document information
//! ([`metadata`]), the structure tree of a tagged file ([`structure`]), and the file
//! itself ([`serialize`]).
//!
//! Object numbers are assigned in a fixed order from the layout alone, so the same
//! layout always gives the same bytes, however many PDFs the process has written.

mod codes;
mod content;
mod font;
mod image;
mod metadata;
mod outline;
mod page;
mod serialize;
mod structure;

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
    let tagged = options.pdf_standard.accessible();
    // Page content first: it decides which glyphs each font subset needs.
    let content::Contents {
        streams,
        mut glyphs,
        mcids,
    } = content::page_contents(layout, fonts, tagged);

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
    let loaded: Vec<&crate::doc::ImageData> = layout
        .images
        .iter()
        .filter_map(|i| i.data.as_ref())
        .collect();
    if loaded.is_empty() {
        w.object(resources, &format!("<< /Font << {}>> >>", font_refs));
    } else {
        let images = image::write_images(&mut w, &loaded)?;
        w.object(
            resources,
            &format!("<< /Font << {font_refs}>> /XObject << {images}>> >>"),
        );
    }
    let annots = page::write_pages(&mut w, layout, &ids, resources, streams, tagged);
    let structure = tagged.then(|| {
        let pages: Vec<u32> = ids.pages.iter().map(|&(p, _)| p).collect();
        structure::write_structure(&mut w, layout, &pages, &mcids, &annots)
    });
    let outline = outline::outline(&mut w, layout, &|anchor| ids.dest(layout, anchor));
    metadata::write_catalog(
        &mut w, catalog, pages_root, outline, structure, meta, options,
    );
    metadata::write_info(&mut w, info, meta, options);
    Ok(w.finish(catalog, info))
}
