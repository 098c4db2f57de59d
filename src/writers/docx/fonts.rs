//! The font families a [`FontSetup`] names, in the styles and the font table, so Word
//! and LibreOffice set the document in the same families as the PDF: the body family
//! on `Normal` (every other paragraph style is based on it), the headings family on
//! the title and heading styles, the monospace family on the code styles. Without
//! families set, the house style's fonts stay.

use super::styles::{StyleDef, id};
use crate::writers::pdf::fonts::FontSetup;
use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

/// Styles set in the headings family.
const HEADING_STYLES: [&str; 9] = [
    id::TITLE,
    id::SUBTITLE,
    id::TOC_HEADING,
    "Heading1",
    "Heading2",
    "Heading3",
    "Heading4",
    "Heading5",
    "Heading6",
];

/// Names the families of `fonts` in `styles`.
pub fn name_families(styles: &mut [StyleDef], fonts: &FontSetup) {
    let [body, headings, mono] = fonts.family_names().map(|n| n.map(intern));
    for style in styles {
        let family = if style.id == "Normal" {
            body
        } else if HEADING_STYLES.contains(&style.id) {
            headings
        } else if [id::SOURCE_CODE, id::VERBATIM_CHAR].contains(&style.id) {
            mono
        } else {
            None
        };
        if let Some(name) = family {
            style.run.font = Some(name);
        }
    }
}

/// `word/fontTable.xml`: the house fonts, then each family `fonts` names.
pub fn font_table(fonts: &FontSetup) -> String {
    let mut table = super::settings::font_table_xml();
    let names: BTreeSet<&str> = fonts.family_names().into_iter().flatten().collect();
    if names.is_empty() {
        return table;
    }
    let mut entries = String::new();
    for name in names {
        entries.push_str(r#"<w:font w:name=""#);
        super::xml::push_escaped(&mut entries, name, true);
        entries.push_str(r#""><w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#);
    }
    let end = table.rfind("</w:fonts>").unwrap_or(table.len());
    table.insert_str(end, &entries);
    table
}

/// A process-wide copy of a family name, for the styles' `'static` properties.
fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    match names.get(name) {
        Some(n) => n,
        None => {
            let n: &'static str = Box::leak(name.to_string().into_boxed_str());
            names.insert(n);
            n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writers::pdf::fonts::FamilyFiles;

    fn family(name: &str) -> FamilyFiles {
        FamilyFiles {
            name: name.into(),
            regular: Vec::new(),
            bold: None,
            italic: None,
            bold_italic: None,
        }
    }

    #[test]
    fn families_are_named_in_styles_and_font_table() {
        let page = super::super::styles::PageGeometry::for_paper(crate::doc::Paper::A4);
        let mut styles = super::super::styles::house_styles(&page);
        let fonts = FontSetup::default()
            .with_body(family("Source Serif 4"))
            .with_monospace(family("Fira Mono & Co"));
        name_families(&mut styles, &fonts);
        let font = |id: &str| styles.iter().find(|s| s.id == id).and_then(|s| s.run.font);
        assert_eq!(font("Normal"), Some("Source Serif 4"));
        assert_eq!(font(id::SOURCE_CODE), Some("Fira Mono & Co"));
        // Headings keep the house font when no headings family is set.
        assert_ne!(font("Heading1"), Some("Source Serif 4"));
        let table = font_table(&fonts);
        assert!(
            table.contains(r#"<w:font w:name="Fira Mono &amp; Co">"#),
            "{table}"
        );
        assert!(table.ends_with("</w:fonts>"));
        assert_eq!(
            font_table(&FontSetup::default()),
            super::super::settings::font_table_xml()
        );
    }
}
