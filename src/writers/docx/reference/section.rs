//! The template's page setup: the section properties of its body (page size,
//! margins, columns, page numbering, title page, grid) and which running headers and
//! footers it has, written back into rfx's `w:sectPr` in schema order.

use std::fmt::Write as _;

use super::tree::Element;
use crate::doc::Paper;
use crate::writers::docx::styles::PageGeometry;

/// The `w:sectPr` children taken from the template, in CT_SectPr order. Header and
/// footer references, notes properties (rfx's own), the paper tray, form protection,
/// printer settings and revision marks are not taken.
const TAKEN: [&str; 14] = [
    "w:pgSz",
    "w:pgMar",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
];

/// Widest and tallest page Word accepts (22 inches), in twips.
const MAX_PAGE: i64 = 31_680;
/// Narrowest text block rfx lays tables out in (one inch), in twips.
const MIN_TEXT_WIDTH: i64 = 1440;

/// Which pages a running header or footer is for (`w:type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pages {
    /// Every page without a header of its own.
    Default,
    /// The first page (with `w:titlePg`).
    First,
    /// Even pages (with `w:evenAndOddHeaders` in the settings).
    Even,
}

impl Pages {
    /// Parses `w:type` (absent means default).
    pub fn from_attr(value: Option<&str>) -> Option<Pages> {
        match value {
            None | Some("default") => Some(Pages::Default),
            Some("first") => Some(Pages::First),
            Some("even") => Some(Pages::Even),
            Some(_) => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Pages::Default => "default",
            Pages::First => "first",
            Pages::Even => "even",
        }
    }

    /// The relationship id rfx gives the header (or footer) for these pages.
    pub fn rid(self, footer: bool) -> &'static str {
        match (footer, self) {
            (false, Pages::Default) => crate::writers::docx::body::HEADER_RID,
            (false, Pages::First) => "rIdHeaderFirst",
            (false, Pages::Even) => "rIdHeaderEven",
            (true, Pages::Default) => crate::writers::docx::body::FOOTER_RID,
            (true, Pages::First) => "rIdFooterFirst",
            (true, Pages::Even) => "rIdFooterEven",
        }
    }
}

/// A length in twips from an `ST_TwipsMeasure` or `ST_SignedTwipsMeasure`: a whole
/// number, or (transitional) a number with a unit (`2.5cm`, `1in`, `72pt`).
pub fn twips(value: &str) -> Option<i64> {
    let value = value.trim();
    if let Ok(n) = value.parse::<i64>() {
        return Some(n);
    }
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().ok()?;
    let per_unit = match unit {
        "mm" => 1440.0 / 25.4,
        "cm" => 1440.0 / 2.54,
        "in" => 1440.0,
        "pt" => 20.0,
        "pc" | "pi" => 240.0,
        _ => return None,
    };
    let twips = (number * per_unit).round();
    (twips.is_finite() && twips.abs() < 1e9).then_some(twips as i64)
}

/// The template's page setup.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// Taken children, in the order of [`TAKEN`].
    children: Vec<Element>,
}

impl Section {
    /// Reads the taken children of the template's body `w:sectPr`. Returns the
    /// section, or what is wrong with its page size or margins.
    pub fn read(sect_pr: Option<&Element>) -> Result<Section, String> {
        let mut children = Vec::new();
        if let Some(sect_pr) = sect_pr {
            for name in TAKEN {
                if let Some(e) = sect_pr.child(name) {
                    children.push(e.clone());
                }
            }
        }
        let section = Section { children };
        section.check()?;
        Ok(section)
    }

    fn get(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|e| e.name == name)
    }

    fn length(&self, element: &str, attr: &str) -> Result<Option<i64>, String> {
        let Some(value) = self.get(element).and_then(|e| e.attr(attr)) else {
            return Ok(None);
        };
        twips(value).map(Some).ok_or_else(|| {
            format!("`{element}` has `{attr}=\"{value}\"`, expected a length in twips")
        })
    }

    fn check(&self) -> Result<(), String> {
        for attr in ["w:w", "w:h"] {
            if let Some(v) = self.length("w:pgSz", attr)? {
                if !(1440..=MAX_PAGE).contains(&v) {
                    return Err(format!(
                        "the page {} is {v} twips, expected 1440 to {MAX_PAGE} (1 to 22 inches)",
                        if attr == "w:w" { "width" } else { "height" }
                    ));
                }
            }
        }
        for attr in [
            "w:top", "w:right", "w:bottom", "w:left", "w:header", "w:footer", "w:gutter",
        ] {
            if let Some(v) = self.length("w:pgMar", attr)? {
                if v.abs() > MAX_PAGE {
                    return Err(format!(
                        "the margin `{attr}` is {v} twips, wider than a page"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The page rfx lays out on: the template's size and margins, else `paper`'s.
    pub fn geometry(&self, paper: Paper) -> PageGeometry {
        let base = PageGeometry::for_paper(paper);
        let get =
            |e: &str, a: &str, default: i64| self.length(e, a).ok().flatten().unwrap_or(default);
        let width = get("w:pgSz", "w:w", i64::from(base.width));
        let height = get("w:pgSz", "w:h", i64::from(base.height));
        let side = i64::from(base.left);
        let used = get("w:pgMar", "w:left", side).abs()
            + get("w:pgMar", "w:right", side).abs()
            + get("w:pgMar", "w:gutter", 0).abs();
        // The text block the layout sees is never wider than the template's (half the
        // side margins, rounded up), and never narrower than an inch.
        let side_margin = ((used + 1) / 2).min((width - MIN_TEXT_WIDTH) / 2).max(0);
        PageGeometry {
            width: width as u32,
            height: height as u32,
            left: side_margin as u32,
            right: side_margin as u32,
            top: get("w:pgMar", "w:top", i64::from(base.top)).unsigned_abs() as u32,
            bottom: get("w:pgMar", "w:bottom", i64::from(base.bottom)).unsigned_abs() as u32,
        }
    }

    /// Whether the template gives the first page a header and footer of its own.
    pub fn title_page(&self) -> bool {
        self.get("w:titlePg")
            .is_some_and(|e| !matches!(e.attr("w:val"), Some("0" | "false" | "off")))
    }

    /// Appends `w:sectPr`: `references` (`(footer?, pages)`, each with its rfx
    /// relationship id), then `notes` (rfx's `w:footnotePr`), then the template's page
    /// setup with rfx's page for what it lacks.
    pub fn push_xml(
        &self,
        out: &mut String,
        references: &[(bool, Pages)],
        notes: &str,
        paper: Paper,
    ) {
        out.push_str("<w:sectPr>");
        for footer in [false, true] {
            for &(f, pages) in references.iter().filter(|(f, _)| *f == footer) {
                let _ = write!(
                    out,
                    r#"<w:{kind}Reference w:type="{}" r:id="{}"/>"#,
                    pages.name(),
                    pages.rid(f),
                    kind = if f { "footer" } else { "header" }
                );
            }
        }
        out.push_str(notes);
        let base = PageGeometry::for_paper(paper);
        for name in TAKEN {
            match (self.get(name), name) {
                (Some(e), "w:pgMar") => {
                    // Every attribute of CT_PageMar is required.
                    let mut e = e.clone();
                    for (attr, default) in [
                        ("w:top", base.top),
                        ("w:right", base.right),
                        ("w:bottom", base.bottom),
                        ("w:left", base.left),
                        ("w:header", 709),
                        ("w:footer", 709),
                        ("w:gutter", 0),
                    ] {
                        if e.attr(attr).is_none() {
                            e.set_attr(attr, &default.to_string());
                        }
                    }
                    e.write(out);
                }
                (Some(e), _) => e.write(out),
                (None, "w:pgSz") => {
                    let _ = write!(
                        out,
                        r#"<w:pgSz w:w="{}" w:h="{}"/>"#,
                        base.width, base.height
                    );
                }
                (None, "w:pgMar") => {
                    let _ = write!(
                        out,
                        r#"<w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="709" w:footer="709" w:gutter="0"/>"#,
                        base.top, base.right, base.bottom, base.left
                    );
                }
                (None, "w:cols") => out.push_str(r#"<w:cols w:space="720"/>"#),
                (None, _) => {}
            }
        }
        out.push_str("</w:sectPr>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writers::docx::reference::tree;

    #[test]
    fn lengths_read_twips_and_units() {
        assert_eq!(twips("1440"), Some(1440));
        assert_eq!(twips("-20"), Some(-20));
        assert_eq!(twips("1in"), Some(1440));
        assert_eq!(twips("2.54cm"), Some(1440));
        assert_eq!(twips("12pt"), Some(240));
        assert_eq!(twips("12px"), None);
        assert_eq!(twips("wide"), None);
    }

    #[test]
    fn page_setup_comes_from_the_template_in_schema_order() {
        let sect = tree::parse(concat!(
            r#"<w:sectPr><w:headerReference w:type="default" r:id="rId9"/><w:docGrid w:linePitch="360"/>"#,
            r#"<w:pgMar w:top="2000" w:left="1800" w:right="1200"/><w:pgSz w:w="11906" w:h="16838"/>"#,
            r#"<w:printerSettings r:id="rId3"/><w:titlePg/></w:sectPr>"#
        ))
        .unwrap();
        let section = Section::read(Some(&sect)).unwrap();
        assert!(section.title_page());
        let g = section.geometry(Paper::Letter);
        assert_eq!((g.width, g.height), (11906, 16838));
        assert_eq!(g.text_width(), 11906 - 3000);
        let mut out = String::new();
        section.push_xml(
            &mut out,
            &[(true, Pages::Default), (false, Pages::First)],
            "<w:footnotePr/>",
            Paper::A4,
        );
        assert_eq!(
            out,
            concat!(
                r#"<w:sectPr><w:headerReference w:type="first" r:id="rIdHeaderFirst"/><w:footerReference w:type="default" r:id="rIdFooter1"/>"#,
                r#"<w:footnotePr/><w:pgSz w:w="11906" w:h="16838"/>"#,
                r#"<w:pgMar w:top="2000" w:left="1800" w:right="1200" w:bottom="1418" w:header="709" w:footer="709" w:gutter="0"/>"#,
                r#"<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>"#
            )
        );
    }

    #[test]
    fn impossible_pages_are_refused() {
        let sect = tree::parse(r#"<w:sectPr><w:pgSz w:w="99" w:h="16838"/></w:sectPr>"#).unwrap();
        assert!(
            Section::read(Some(&sect))
                .unwrap_err()
                .contains("page width")
        );
        let sect = tree::parse(r#"<w:sectPr><w:pgMar w:top="a lot"/></w:sectPr>"#).unwrap();
        assert!(Section::read(Some(&sect)).unwrap_err().contains("w:top"));
        assert_eq!(
            Section::read(None).unwrap().geometry(Paper::A4),
            PageGeometry::for_paper(Paper::A4)
        );
    }
}
