//! DOCX writer: the document model as a native Word document.
//!
//! Every part is written directly as WordprocessingML, children in the order the
//! ISO/IEC 29500 transitional schemas require: the body ([`body`]), the house style
//! ([`styles`]), legal heading numbering and restarting lists ([`numbering`]), the
//! running header and footer ([`headers`]), settings and font table ([`settings`]);
//! footnotes are real Word footnotes (`word/footnotes.xml`, written by `body`).
//! [`package`] adds content types, relationships and document properties and zips
//! the parts reproducibly. With a [`ReferenceDocx`] ([`reference`]), the
//! organisation's template supplies the styles, numbering, fonts, theme, page setup
//! and running headers and footers, and rfx's house style fills the gaps.

mod body;
mod container;
mod fonts;
mod headers;
mod media;
mod numbering;
mod package;
pub mod reference;
mod refs;
mod revisions;
mod settings;
mod styles;
mod xml;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::doc::Document;
use crate::writers::{WriteError, WriteOptions};

use package::{Package, PartKind};
pub use reference::ReferenceDocx;

/// Options of the DOCX writer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocxOptions {
    /// The organisation's Word document or template (`--reference-docx`): its styles,
    /// numbering, fonts, theme, page setup, headers and footers apply; rfx's house
    /// style supplies what it lacks. Shared, as a batch writes many documents with it.
    pub reference: Option<Arc<ReferenceDocx>>,
}

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
    if let Some(message) = crate::doc::image::unloaded(doc) {
        return Err(WriteError {
            format: crate::writers::Format::Docx,
            message,
        });
    }
    let reference = options.docx.reference.as_deref();
    // A reference document's page set-up wins over the theme's.
    let page = reference.map_or_else(
        || styles::PageGeometry::for_meta(&doc.meta),
        |r| r.geometry(doc.meta.paper),
    );
    let mut body = body::render(doc, &page, options);
    let text_width = page.text_width() as f32 / 20.0;
    let body_images = body.media.files.len();
    let header = headers::header_xml(&doc.meta, &mut body.media, text_width);
    let footer = headers::footer_xml(&doc.meta, &mut body.media, text_width);
    let mut package = Package::new(body.document_xml);
    let mut house = styles::house_styles(&page);
    styles::apply_colours(&mut house, &doc.meta.style.colours);
    fonts::name_families(&mut house, &options.fonts);
    if body.footnotes.is_some() {
        house.extend(styles::footnote_styles());
    }
    let language = doc.meta.language.as_deref();
    let numbering_xml = body.numbering.numbering_xml();
    let font_table_xml = fonts::font_table(&options.fonts);
    let applied = reference.map(|r| {
        let ours = reference::Ours {
            house: &house,
            language,
            numbering_xml: &numbering_xml,
            font_table_xml: &font_table_xml,
        };
        r.apply(&ours, &doc.meta)
    });
    let (styles_xml, numbering_xml, font_table_xml) = match &applied {
        Some(a) => (
            a.styles_xml.clone(),
            a.numbering_xml.clone(),
            a.font_table_xml.clone(),
        ),
        None => (
            styles::styles_xml(&house, language),
            numbering_xml,
            font_table_xml,
        ),
    };
    package.add_part(PartKind::Styles, "rId1", "styles.xml", styles_xml);
    package.add_part(
        PartKind::Settings,
        "rId2",
        "settings.xml",
        settings::settings_xml(
            body.has_toc,
            body.footnotes.is_some(),
            reference.is_some_and(ReferenceDocx::even_and_odd_headers),
        ),
    );
    package.add_part(PartKind::FontTable, "rId3", "fontTable.xml", font_table_xml);
    // Heading styles refer to the numbering part even when no paragraph does.
    package.add_part(PartKind::Numbering, "rId4", "numbering.xml", numbering_xml);
    if reference.is_none_or(|r| r.needs_own(false)) {
        package.add_part(
            PartKind::Header,
            body::HEADER_RID,
            "header1.xml",
            header.xml,
        );
        package.add_part_images("header1.xml", header.images);
    }
    if reference.is_none_or(|r| r.needs_own(true)) {
        package.add_part(
            PartKind::Footer,
            body::FOOTER_RID,
            "footer1.xml",
            footer.xml,
        );
        package.add_part_images("footer1.xml", footer.images);
    }
    if let Some(r) = reference {
        for (footer, rid) in r.aliases() {
            let (kind, own) = if footer {
                ("footer", "footer1.xml")
            } else {
                ("header", "header1.xml")
            };
            let file = r.default_file(footer).unwrap_or(own).to_string();
            package.add_relationship(rid, kind, file);
        }
    }
    if let Some(applied) = applied {
        for (footer, rid, file, xml) in applied.heads {
            let kind = if footer {
                PartKind::Footer
            } else {
                PartKind::Header
            };
            package.add_part(kind, rid, &file, xml);
        }
        if let Some(theme) = applied.theme {
            package.add_relationship("rIdTheme", "theme", theme);
        }
        for part in applied.parts {
            package.add_entry(&part.path, part.content_type.as_deref(), &part.bytes);
        }
    }
    if let Some(notes) = body.footnotes {
        package.add_part(
            PartKind::Footnotes,
            "rIdFootnotes",
            "footnotes.xml",
            notes.xml,
        );
        package.add_part_links("footnotes.xml", notes.links);
    }
    for (rid, target) in body.links {
        package.add_link(rid, target);
    }
    // The body refers to every image it shows; the header's logo may be the only one
    // (then only the header refers to it).
    for (index, (_, file)) in body.media.files.iter().enumerate() {
        package.add_media(&file.file, file.content_type, &file.bytes);
        if index < body_images {
            package.add_image_link(media::image_rid(index), &file.file);
        }
    }
    package::zip_parts(package.into_entries(&doc.meta, options), options.timestamp)
}
