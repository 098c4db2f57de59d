//! A reference DOCX (`--reference-docx`): the organisation's Word document or
//! template whose look rfx's DOCX takes on.
//!
//! [`ReferenceDocx::from_bytes`] reads the untrusted package once ([`archive`]:
//! limits, content types, relationships) and keeps what a build needs: the styles
//! (ids of built-in styles made rfx's, [`styles::rename_map`]), numbering, font
//! table, theme, page setup ([`section`]) and the running headers and footers with
//! every part they refer to (images), copied under `word/reference/`. Writing is
//! [`ReferenceDocx::apply`]: the template's styles merged with rfx's ([`styles`]),
//! its numbering merged with rfx's ([`numbering`]), and the parts to add.

mod archive;
mod numbering;
mod section;
mod styles;
mod tree;

use std::collections::{BTreeMap, BTreeSet};

use archive::{Archive, RELS, Relationship};
use section::{Pages, Section};
use tree::Element;

use super::styles::{PageGeometry, StyleDef, footnote_styles, house_styles};
use super::xml::{XmlWriter, push_escaped};
use crate::diag::Diagnostic;
use crate::doc::{Meta, Paper};

/// Content types of a main document part rfx accepts: a document, a template, and
/// their macro-enabled forms (whose macros are never copied).
const MAIN_TYPES: [&str; 4] = [
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
];

/// Most parts copied from the reference document (headers, footers, their images).
const MAX_COPIED_PARTS: usize = 500;

/// A part copied from the reference document into rfx's package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedPart {
    /// Path in rfx's package (`word/reference/media/image1.png`).
    pub path: String,
    /// Content type; `None` for relationship parts (the package default covers them).
    pub content_type: Option<String>,
    /// The bytes, as in the reference document.
    pub bytes: Vec<u8>,
}

/// A running header or footer of the reference document.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HeadFoot {
    footer: bool,
    pages: Pages,
    /// Path in rfx's package.
    path: String,
    root: Element,
}

/// A parsed reference document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceDocx {
    digest: String,
    styles: Element,
    numbering: Option<Element>,
    /// Template styles with numbering of their own.
    numbered: BTreeSet<String>,
    font_table: Option<Element>,
    section: Section,
    heads: Vec<HeadFoot>,
    even_and_odd: bool,
    /// Path of the theme part in rfx's package.
    theme: Option<String>,
    parts: Vec<CopiedPart>,
}

/// What the DOCX writer adds for a reference document.
#[derive(Debug)]
pub struct Applied<'a> {
    /// `word/styles.xml`.
    pub styles_xml: String,
    /// `word/numbering.xml`.
    pub numbering_xml: String,
    /// `word/fontTable.xml`.
    pub font_table_xml: String,
    /// The template's headers and footers: `(footer?, relationship id, path under
    /// word/, xml)`.
    pub heads: Vec<(bool, &'static str, String, String)>,
    /// The theme part's path under `word/`.
    pub theme: Option<String>,
    /// Every other copied part (images, the copied parts' relationships).
    pub parts: &'a [CopiedPart],
}

/// rfx's side of a merge.
#[derive(Debug)]
pub struct Ours<'a> {
    /// The styles the document uses.
    pub house: &'a [StyleDef],
    /// The document's language.
    pub language: Option<&'a str>,
    /// rfx's `word/numbering.xml`.
    pub numbering_xml: &'a str,
    /// rfx's `word/fontTable.xml`.
    pub font_table_xml: &'a str,
}

/// Every style rfx defines (what template chains may borrow, what names map to ids).
fn catalogue() -> Vec<StyleDef> {
    let mut all = house_styles(&PageGeometry::for_paper(Paper::A4));
    all.extend(footnote_styles());
    all
}

/// The package path a copied part gets: under `word/reference/`, with characters
/// outside `[A-Za-z0-9._-]` replaced, unique among `taken`.
fn copied_path(source: &str, taken: &BTreeSet<String>) -> String {
    let inner = source
        .strip_prefix("word/")
        .map_or_else(|| format!("package/{source}"), str::to_string);
    let clean: String = inner
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-/".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut path = format!("word/reference/{clean}");
    let mut n = 1;
    while taken.contains(&path.to_ascii_lowercase()) {
        n += 1;
        path = match clean.rsplit_once('.') {
            Some((stem, ext)) => format!("word/reference/{stem}-{n}.{ext}"),
            None => format!("word/reference/{clean}-{n}"),
        };
    }
    path
}

/// Whether `t` is a plain media type (`type/subtype`, token characters).
fn is_media_type(t: &str) -> bool {
    let token = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c))
    };
    matches!(t.split_once('/'), Some((a, b)) if token(a) && token(b))
}

/// A relationships part.
fn relationships_xml(rels: &[(String, String, String, bool)]) -> String {
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    for (id, kind, target, external) in rels {
        out.push_str(r#"<Relationship Id=""#);
        push_escaped(&mut out, id, true);
        out.push_str(r#"" Type=""#);
        push_escaped(&mut out, kind, true);
        out.push_str(r#"" Target=""#);
        push_escaped(&mut out, target, true);
        out.push('"');
        if *external {
            out.push_str(r#" TargetMode="External""#);
        }
        out.push_str("/>");
    }
    out.push_str("</Relationships>");
    out
}

/// The first drawing id given to the template's headers and footers: rfx numbers
/// the body's drawings from 1, and Word wants every drawing id of a document unique.
pub const FIRST_TEMPLATE_DRAWING_ID: u64 = 1_000_001;

/// Gives each drawing (`wp:docPr`) of a copied header or footer a fresh id, counting
/// on from `count` earlier ones, so none repeats an id of the body or another part.
fn renumber_drawings(root: &mut Element, count: &mut u64) {
    root.walk_mut(&mut |e| {
        let local = e.name.rsplit(':').next().unwrap_or(&e.name);
        if local == "docPr" && e.attr("id").is_some() {
            e.set_attr("id", &(FIRST_TEMPLATE_DRAWING_ID + *count).to_string());
            *count += 1;
        }
    });
}

/// Copies parts and the parts they refer to, transitively.
struct Copier<'a, 'b> {
    archive: &'b mut Archive<'a>,
    /// Source path → path in rfx's package.
    copied: BTreeMap<String, String>,
    /// Lower-cased paths given out (and rfx's own parts'), so none collide.
    taken: BTreeSet<String>,
    parts: Vec<CopiedPart>,
}

impl Copier<'_, '_> {
    /// Copies the parts `source`'s relationships point at and writes the
    /// relationships part of its copy at `copy`.
    fn relationships(&mut self, source: &str, copy: &str) -> Result<(), Diagnostic> {
        let rels: Vec<Relationship> = self.archive.relationships(source)?;
        if rels.is_empty() {
            return Ok(());
        }
        let rels_part = archive::rels_part_of(source);
        let mut out = Vec::new();
        for rel in rels {
            if rel.kind.ends_with("/vbaProject") || rel.kind.ends_with("/attachedTemplate") {
                continue;
            }
            if rel.external {
                out.push((rel.id, rel.kind, rel.target, true));
                continue;
            }
            let what = format!("relationship `{}` points to `{}`", rel.id, rel.target);
            let target = archive::resolve(source, &rel.target)
                .filter(|t| self.archive.contains(t))
                .ok_or_else(|| {
                    self.archive
                        .error(&rels_part, &format!("{what}, which is not in the package"))
                })?;
            let new = self.part(&target, &rels_part)?;
            out.push((rel.id, rel.kind, archive::relative(copy, &new), false));
        }
        self.parts.push(CopiedPart {
            path: archive::rels_part_of(copy),
            content_type: None,
            bytes: relationships_xml(&out).into_bytes(),
        });
        Ok(())
    }

    /// Copies `source` (and what it refers to) unless copied already; its new path.
    fn part(&mut self, source: &str, referrer: &str) -> Result<String, Diagnostic> {
        if let Some(done) = self.copied.get(source) {
            return Ok(done.clone());
        }
        if self.copied.len() >= MAX_COPIED_PARTS {
            return Err(self.archive.error(
                referrer,
                &format!("the headers and footers refer to more than {MAX_COPIED_PARTS} parts"),
            ));
        }
        let content_type = self
            .archive
            .content_type(source)
            .map(|t| if t == "image/jpg" { "image/jpeg" } else { t })
            .map(str::to_string)
            .filter(|t| is_media_type(t))
            .ok_or_else(|| {
                self.archive.error(
                    source,
                    "the part has no valid content type in [Content_Types].xml",
                )
            })?;
        if content_type.contains("macroEnabled") || content_type.contains("vbaProject") {
            return Err(self.archive.error(source, "rfx does not copy macros"));
        }
        if MAIN_TYPES.contains(&content_type.as_str()) {
            return Err(self.archive.error(
                referrer,
                &format!("a relationship points to the main document `{source}`"),
            ));
        }
        let path = self.claim(source);
        let bytes = self.archive.bytes(source)?.ok_or_else(|| {
            self.archive
                .missing(source, "the part a relationship names")
        })?;
        if content_type.ends_with("+xml") || content_type.ends_with("/xml") {
            // A copied XML part (a theme) must at least be well-formed.
            self.archive.parse(source, bytes.clone())?;
        }
        self.parts.push(CopiedPart {
            path: path.clone(),
            content_type: Some(content_type),
            bytes,
        });
        self.relationships(source, &path)?;
        Ok(path)
    }

    /// Gives `source` its path in rfx's package.
    fn claim(&mut self, source: &str) -> String {
        let path = copied_path(source, &self.taken);
        self.taken.insert(path.to_ascii_lowercase());
        self.copied.insert(source.to_string(), path.clone());
        path
    }
}

impl ReferenceDocx {
    /// Reads a reference document (`.docx` or `.dotx`) from its bytes; `name` (the
    /// file as the user gave it) is for diagnostics.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<ReferenceDocx, Diagnostic> {
        let mut archive = Archive::open(bytes, name)?;
        let package_rels = archive.relationships("")?;
        let main = package_rels
            .iter()
            .find(|r| !r.external && r.kind.ends_with("/officeDocument"))
            .and_then(|r| archive::resolve("", &r.target))
            .ok_or_else(|| archive.missing("_rels/.rels", "a relationship to the main document"))?;
        let main_type = archive.content_type(&main).unwrap_or_default().to_string();
        if !MAIN_TYPES.contains(&main_type.as_str()) {
            return Err(archive.error(
                &main,
                &format!("the main part has content type `{main_type}`, expected a Word document or template"),
            ));
        }
        let document = archive
            .wordml(&main, "document")?
            .ok_or_else(|| archive.missing(&main, "the main document"))?;
        let rels = archive.relationships(&main)?;
        let target_of = |kind: &str| {
            rels.iter()
                .find(|r| !r.external && r.kind == format!("{RELS}{kind}"))
                .and_then(|r| archive::resolve(&main, &r.target))
        };
        let styles_part = target_of("styles").ok_or_else(|| {
            archive.missing(
                &archive::rels_part_of(&main),
                "a relationship to the styles part",
            )
        })?;
        let mut styles = archive
            .wordml(&styles_part, "styles")?
            .ok_or_else(|| archive.missing(&styles_part, "the styles (w:styles)"))?;
        let mut numbering = match target_of("numbering") {
            Some(p) => archive.wordml(&p, "numbering")?,
            None => None,
        };
        let font_table = match target_of("fontTable") {
            Some(p) => archive.wordml(&p, "fonts")?,
            None => None,
        };
        let even_and_odd = match target_of("settings") {
            Some(p) => archive.wordml(&p, "settings")?.is_some_and(|s| {
                s.child("w:evenAndOddHeaders")
                    .is_some_and(|e| !matches!(e.attr("w:val"), Some("0" | "false" | "off")))
            }),
            None => false,
        };
        let sect_pr = document.child("w:body").and_then(|b| b.child("w:sectPr"));
        let section = Section::read(sect_pr).map_err(|why| archive.error(&main, &why))?;

        let renames = styles::rename_map(&styles, &catalogue());
        styles::rename_styles(&mut styles, &renames);
        if let Some(n) = numbering.as_mut() {
            styles::rename_styles(n, &renames);
        }
        let numbered = styles::numbered_styles(&styles, &numbering::instances(numbering.as_ref()));

        let mut copier = Copier {
            archive: &mut archive,
            copied: BTreeMap::new(),
            taken: BTreeSet::new(),
            parts: Vec::new(),
        };
        let mut heads = Vec::new();
        let mut drawings = 0;
        for reference in sect_pr.into_iter().flat_map(Element::elements) {
            let footer = match reference.name.as_str() {
                "w:headerReference" => false,
                "w:footerReference" => true,
                _ => continue,
            };
            let Some(pages) = Pages::from_attr(reference.attr("w:type")) else {
                continue;
            };
            if heads
                .iter()
                .any(|h: &HeadFoot| h.footer == footer && h.pages == pages)
            {
                continue;
            }
            let rid = reference.attr("r:id").unwrap_or_default();
            let source = rels
                .iter()
                .find(|r| r.id == rid && !r.external)
                .and_then(|r| archive::resolve(&main, &r.target))
                .ok_or_else(|| {
                    copier.archive.error(
                        &main,
                        &format!(
                            "the section's {} reference `{rid}` has no relationship",
                            if footer { "footer" } else { "header" }
                        ),
                    )
                })?;
            let root_name = if footer { "ftr" } else { "hdr" };
            let mut root = copier.archive.wordml(&source, root_name)?.ok_or_else(|| {
                copier
                    .archive
                    .missing(&source, "a running header or footer")
            })?;
            styles::rename_styles(&mut root, &renames);
            renumber_drawings(&mut root, &mut drawings);
            let path = copier.claim(&source);
            copier.relationships(&source, &path)?;
            heads.push(HeadFoot {
                footer,
                pages,
                path,
                root,
            });
        }
        heads.sort_by_key(|h| (h.footer, h.pages));
        let theme = match target_of("theme") {
            Some(source) => Some(copier.part(&source, &main)?),
            None => None,
        };
        // The merged font table and numbering keep rfx's names; their own
        // relationships (embedded fonts, picture bullets) come along.
        for (kind, name, present) in [
            ("fontTable", "word/fontTable.xml", font_table.is_some()),
            ("numbering", "word/numbering.xml", numbering.is_some()),
        ] {
            if let (true, Some(source)) = (present, target_of(kind)) {
                copier.relationships(&source, name)?;
            }
        }
        let parts = copier.parts;
        Ok(ReferenceDocx {
            digest: crate::digest::sha256_hex(bytes),
            styles,
            numbering,
            numbered,
            font_table,
            section,
            heads,
            even_and_odd,
            theme,
            parts,
        })
    }

    /// SHA-256 of the file, for input fingerprints.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The page rfx lays out on.
    pub fn geometry(&self, paper: Paper) -> PageGeometry {
        self.section.geometry(paper)
    }

    /// Whether the template has its own header (`footer` false) or footer for `pages`.
    fn has(&self, footer: bool, pages: Pages) -> bool {
        self.heads
            .iter()
            .any(|h| h.footer == footer && h.pages == pages)
    }

    /// Whether rfx's own default header (`footer` false) or footer is needed.
    pub fn needs_own(&self, footer: bool) -> bool {
        !self.has(footer, Pages::Default)
    }

    /// Whether the settings must ask for separate even-page headers.
    pub fn even_and_odd_headers(&self) -> bool {
        self.even_and_odd && (self.has(false, Pages::Even) || self.has(true, Pages::Even))
    }

    /// The first-page and even-page headers and footers the page setup shows but
    /// the template lacks: `(footer?, relationship id)`. Each is the default
    /// header or footer again, so the marking and page numbers are on every page.
    pub fn aliases(&self) -> Vec<(bool, &'static str)> {
        let mut pages = Vec::new();
        if self.section.title_page() {
            pages.push(Pages::First);
        }
        if self.even_and_odd_headers() {
            pages.push(Pages::Even);
        }
        let mut out = Vec::new();
        for p in pages {
            for footer in [false, true] {
                if !self.has(footer, p) {
                    out.push((footer, p.rid(footer)));
                }
            }
        }
        out
    }

    /// The file under `word/` of the template's default header (`footer` false) or
    /// footer, if it has one.
    pub fn default_file(&self, footer: bool) -> Option<&str> {
        self.heads
            .iter()
            .find(|h| h.footer == footer && h.pages == Pages::Default)
            .map(|h| h.path.trim_start_matches("word/"))
    }

    /// Appends the body's `w:sectPr` (with `notes`, rfx's footnote properties).
    pub fn push_section(&self, out: &mut String, notes: &str, paper: Paper) {
        let mut references = vec![(false, Pages::Default), (true, Pages::Default)];
        for h in &self.heads {
            if h.pages != Pages::Default {
                references.push((h.footer, h.pages));
            }
        }
        if self.section.title_page() {
            references.extend([(false, Pages::First), (true, Pages::First)]);
        }
        if self.even_and_odd_headers() {
            references.extend([(false, Pages::Even), (true, Pages::Even)]);
        }
        references.sort();
        references.dedup();
        self.section.push_xml(out, &references, notes, paper);
    }

    /// The parts of the merged package.
    pub fn apply(&self, ours: &Ours, meta: &Meta) -> Applied<'_> {
        // When the template numbers headings, every heading level joins its list, so
        // rfx's heading list claims no heading style.
        let mut claimed = self.numbered.clone();
        if styles::numbers_headings(&self.numbered) {
            claimed.extend((1..=6).map(|l| super::styles::heading_style(l).to_string()));
        }
        let merged = numbering::merge(self.numbering.as_ref(), ours.numbering_xml, &claimed);
        let catalogue = catalogue();
        let styles_xml = styles::merge(&styles::MergeInput {
            template: &self.styles,
            house: ours.house,
            catalogue: &catalogue,
            language: ours.language,
            numbering: &merged.num_ids,
            numbered: &self.numbered,
        });
        let heads = self
            .heads
            .iter()
            .map(|h| {
                let mut root = h.root.clone();
                styles::renumber(&mut root, &merged.num_ids);
                let mut xml = XmlWriter::default();
                xml.out.push_str(concat!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                    "\n"
                ));
                root.write_start(&mut xml.out);
                if !h.footer {
                    super::headers::push_marking(&mut xml, meta);
                }
                root.write_children(&mut xml.out);
                root.write_close(&mut xml.out);
                let file = h.path.trim_start_matches("word/").to_string();
                (h.footer, h.pages.rid(h.footer), file, xml.out)
            })
            .collect();
        Applied {
            styles_xml,
            numbering_xml: merged.xml,
            font_table_xml: self.font_table_xml(ours.font_table_xml),
            heads,
            theme: self
                .theme
                .as_ref()
                .map(|p| p.trim_start_matches("word/").to_string()),
            parts: &self.parts,
        }
    }

    /// The template's font table with rfx's fonts it lacks.
    fn font_table_xml(&self, ours: &str) -> String {
        let Some(template) = &self.font_table else {
            return ours.to_string();
        };
        let mut root = template.clone();
        let names: BTreeSet<String> = root
            .elements()
            .filter_map(|f| f.attr("w:name"))
            .map(str::to_ascii_lowercase)
            .collect();
        if let Ok(ours) = tree::parse(ours) {
            for font in ours.elements() {
                if font
                    .attr("w:name")
                    .is_some_and(|n| !names.contains(&n.to_ascii_lowercase()))
                {
                    root.children.push(tree::Node::Element(font.clone()));
                }
            }
        }
        root.to_part()
    }
}

#[cfg(test)]
mod tests;
