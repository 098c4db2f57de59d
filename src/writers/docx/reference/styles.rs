//! Merging the template's `styles.xml` with rfx's house style, by style id.
//!
//! The template's styles win; rfx's styles the template lacks are added, and so are
//! rfx's styles a template style is based on, linked to or followed by. A template
//! style whose `basedOn`, `next` or `link` names a style neither defines loses that
//! reference, so every chain ends in a defined style. Word stores localised style ids
//! (a German template names Heading 1 `berschrift1`), so template styles whose
//! built-in name matches one of rfx's (`heading 1`) take rfx's id first
//! ([`rename_map`]), and every reference to them follows.

use std::collections::{BTreeMap, BTreeSet};

use super::tree::{self, Element, Node};
use crate::writers::docx::numbering::HEADING_NUM_ID;
use crate::writers::docx::styles::{StyleDef, StyleKind, heading_style, styles_xml};

/// Elements whose `w:val` names a style.
const STYLE_REFERENCES: [&str; 8] = [
    "w:pStyle",
    "w:rStyle",
    "w:tblStyle",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:styleLink",
    "w:numStyleLink",
];

/// The children of `w:style` that precede `w:pPr` (CT_Style).
const BEFORE_STYLE_PPR: [&str; 16] = [
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
];

/// The children of `w:pPr` that precede `w:numPr` (CT_PPrBase).
const BEFORE_NUMPR: [&str; 6] = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
];

/// The children of `w:rPr` that follow `w:lang` (CT_RPr).
const AFTER_LANG: [&str; 4] = [
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

/// The id of a `w:style`.
pub fn style_id(style: &Element) -> Option<&str> {
    style.attr("w:styleId")
}

fn style_name(style: &Element) -> Option<&str> {
    style.child("w:name").and_then(|n| n.attr("w:val"))
}

fn styles(root: &Element) -> impl Iterator<Item = &Element> {
    root.elements().filter(|e| e.name == "w:style")
}

/// `w:type` of a style of `kind`.
fn kind_name(kind: StyleKind) -> &'static str {
    match kind {
        StyleKind::Paragraph => "paragraph",
        StyleKind::Character => "character",
        StyleKind::Table => "table",
    }
}

/// Template style id → rfx style id, for template styles whose built-in name is the
/// name of one of rfx's styles but whose id differs (and rfx's id is free).
pub fn rename_map(template: &Element, catalogue: &[StyleDef]) -> BTreeMap<String, String> {
    let taken: BTreeSet<&str> = styles(template).filter_map(style_id).collect();
    let mut map = BTreeMap::new();
    for style in styles(template) {
        let (Some(id), Some(name)) = (style_id(style), style_name(style)) else {
            continue;
        };
        let kind = style.attr("w:type").unwrap_or("paragraph");
        let Some(ours) = catalogue
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name) && kind_name(d.kind) == kind)
        else {
            continue;
        };
        if ours.id != id && !taken.contains(ours.id) && !map.values().any(|v| v == ours.id) {
            map.insert(id.to_string(), ours.id.to_string());
        }
    }
    map
}

/// Renames style ids in `root` (style definitions and every reference to a style).
pub fn rename_styles(root: &mut Element, map: &BTreeMap<String, String>) {
    if map.is_empty() {
        return;
    }
    root.walk_mut(&mut |e| {
        let key = if e.name == "w:style" {
            "w:styleId"
        } else if STYLE_REFERENCES.contains(&e.name.as_str()) {
            "w:val"
        } else {
            return;
        };
        if let Some(new) = e.attr(key).and_then(|v| map.get(v)).cloned() {
            e.set_attr(key, &new);
        }
    });
}

/// Rewrites every `w:numId` in `root` through `map` (ids the map lacks become 0, no
/// numbering: their definition did not survive).
pub fn renumber(root: &mut Element, map: &BTreeMap<String, String>) {
    root.walk_mut(&mut |e| {
        if e.name == "w:numId" {
            if let Some(v) = e.attr("w:val").filter(|v| *v != "0") {
                let new = map.get(v).cloned().unwrap_or_else(|| "0".to_string());
                e.set_attr("w:val", &new);
            }
        }
    });
}

/// The numbering id a style's own paragraph properties give it (not inherited).
fn own_num_id(style: &Element) -> Option<&str> {
    style
        .child("w:pPr")?
        .child("w:numPr")?
        .child("w:numId")?
        .attr("w:val")
}

/// Ids of the template's styles that carry numbering of their own: an instance
/// `known` to the template's numbering part.
pub fn numbered_styles(template: &Element, known: &BTreeSet<String>) -> BTreeSet<String> {
    styles(template)
        .filter(|s| own_num_id(s).is_some_and(|n| known.contains(n)))
        .filter_map(style_id)
        .map(str::to_string)
        .collect()
}

/// Whether the template numbers headings itself (a Heading 1–6 style with numbering).
pub fn numbers_headings(numbered: &BTreeSet<String>) -> bool {
    (1..=6).any(|level| numbered.contains(heading_style(level)))
}

/// Binds a heading style to the heading list `num_id` at `level` (1-based),
/// replacing a `numPr` it has.
fn bind_heading_numbering(style: &mut Element, level: u8, num_id: &str) {
    if style.child("w:pPr").is_none() {
        style.insert_in_order(Element::new("w:pPr"), &BEFORE_STYLE_PPR);
    }
    let Some(ppr) = style.child_mut("w:pPr") else {
        return;
    };
    ppr.remove_children(|e| e.name == "w:numPr");
    let num_pr = Element::new("w:numPr")
        .with_child(Element::new("w:ilvl").with_attr("w:val", &(level - 1).to_string()))
        .with_child(Element::new("w:numId").with_attr("w:val", num_id));
    ppr.insert_in_order(num_pr, &BEFORE_NUMPR);
}

/// Sets the language of `rpr` (a `w:rPr`), in schema order.
fn set_language(rpr: &mut Element, language: &str) {
    match rpr.child_mut("w:lang") {
        Some(lang) => lang.set_attr("w:val", language),
        None => {
            let lang = Element::new("w:lang").with_attr("w:val", language);
            let at = rpr
                .children
                .iter()
                .position(
                    |n| matches!(n, Node::Element(e) if AFTER_LANG.contains(&e.name.as_str())),
                )
                .unwrap_or(rpr.children.len());
            rpr.children.insert(at, Node::Element(lang));
        }
    }
}

/// The template's document defaults with the document's language (as rfx's own
/// defaults carry it).
fn doc_defaults(template: &Element, ours: &Element) -> Option<Element> {
    let Some(mut defaults) = template.child("w:docDefaults").cloned() else {
        return ours.child("w:docDefaults").cloned();
    };
    let lang = ours
        .child("w:docDefaults")
        .and_then(|d| d.child("w:rPrDefault"))
        .and_then(|d| d.child("w:rPr"))
        .and_then(|r| r.child("w:lang"))
        .and_then(|l| l.attr("w:val"))
        .map(str::to_string);
    if let Some(lang) = lang {
        if defaults.child("w:rPrDefault").is_none() {
            defaults.insert_in_order(Element::new("w:rPrDefault"), &[]);
        }
        if let Some(rpr_default) = defaults.child_mut("w:rPrDefault") {
            if rpr_default.child("w:rPr").is_none() {
                rpr_default
                    .children
                    .push(Node::Element(Element::new("w:rPr")));
            }
            if let Some(rpr) = rpr_default.child_mut("w:rPr") {
                set_language(rpr, &lang);
            }
        }
    }
    Some(defaults)
}

/// What the merge needs besides the two style sets.
pub struct MergeInput<'a> {
    /// The template's `w:styles` root (style ids already renamed).
    pub template: &'a Element,
    /// rfx's styles this document uses.
    pub house: &'a [StyleDef],
    /// Every style rfx defines (what a template chain may borrow).
    pub catalogue: &'a [StyleDef],
    /// The document's language (BCP 47), for the document defaults.
    pub language: Option<&'a str>,
    /// Template numbering id → id in the merged numbering part.
    pub numbering: &'a BTreeMap<String, String>,
    /// The template's styles that carry numbering of their own.
    pub numbered: &'a BTreeSet<String>,
}

/// `word/styles.xml`: the template's styles merged with rfx's.
pub fn merge(input: &MergeInput) -> String {
    let ours_xml = styles_xml(input.house, input.language);
    // rfx's own part is well-formed by construction.
    let ours = tree::parse(&ours_xml).unwrap_or_else(|_| Element::new("w:styles"));
    let template = input.template;
    let defined: BTreeSet<&str> = styles(template).filter_map(style_id).collect();

    // rfx's styles to add: those the document uses, plus those template chains name.
    let mut wanted: BTreeSet<&str> = input
        .house
        .iter()
        .map(|d| d.id)
        .filter(|id| !defined.contains(id))
        .collect();
    for style in styles(template) {
        for link in ["w:basedOn", "w:next", "w:link"] {
            if let Some(v) = style.child(link).and_then(|e| e.attr("w:val")) {
                if !defined.contains(v) && input.catalogue.iter().any(|d| d.id == v) {
                    wanted.insert(v);
                }
            }
        }
    }
    let available: BTreeSet<&str> = defined
        .iter()
        .copied()
        .chain(wanted.iter().copied())
        .collect();
    let mut added: Vec<Element> = Vec::new();
    let catalogue_xml = styles_xml(input.catalogue, None);
    let catalogue = tree::parse(&catalogue_xml).unwrap_or_else(|_| Element::new("w:styles"));
    for style in styles(&ours).chain(styles(&catalogue)) {
        let Some(id) = style_id(style) else { continue };
        if wanted.contains(id) && !added.iter().any(|a| style_id(a) == Some(id)) {
            added.push(style.clone());
        }
    }
    // One default style per type: the template's, when it has one.
    let template_defaults: BTreeSet<&str> = styles(template)
        .filter(|s| matches!(s.attr("w:default"), Some("1" | "true" | "on")))
        .map(|s| s.attr("w:type").unwrap_or("paragraph"))
        .collect();
    for style in &mut added {
        let kind = style.attr("w:type").unwrap_or("paragraph").to_string();
        if template_defaults.contains(kind.as_str()) {
            style.attrs.retain(|(k, _)| k != "w:default");
        }
    }

    let mut root = Element {
        name: template.name.clone(),
        attrs: template.attrs.clone(),
        children: Vec::new(),
    };
    if let Some(defaults) = doc_defaults(template, &ours) {
        root.children.push(Node::Element(defaults));
    }
    if let Some(latent) = template.child("w:latentStyles") {
        root.children.push(Node::Element(latent.clone()));
    }
    for style in styles(template) {
        let mut style = style.clone();
        renumber(&mut style, input.numbering);
        style.remove_children(|e| {
            ["w:basedOn", "w:next", "w:link"].contains(&e.name.as_str())
                && e.attr("w:val").is_some_and(|v| !available.contains(v))
        });
        root.children.push(Node::Element(style));
    }
    root.children.extend(added.into_iter().map(Node::Element));
    bind_headings(&mut root, input.numbered);
    root.to_part()
}

/// Puts every heading level in one list, so Word counts them together: rfx's heading
/// list, or, when the template numbers headings itself, the template's list of its
/// highest numbered heading (levels the template leaves unnumbered join it at their
/// level).
fn bind_headings(root: &mut Element, numbered: &BTreeSet<String>) {
    let level_of = |style: &Element| (1..=6u8).find(|&l| style_id(style) == Some(heading_style(l)));
    let template_list = (1..=6u8).find_map(|l| {
        styles(root)
            .filter(|s| numbered.contains(heading_style(l)) && level_of(s) == Some(l))
            .find_map(own_num_id)
            .map(str::to_string)
    });
    let list = template_list.unwrap_or_else(|| HEADING_NUM_ID.to_string());
    for style in root.elements_mut().filter(|e| e.name == "w:style") {
        let Some(level) = level_of(style) else {
            continue;
        };
        let own = style_id(style).is_some_and(|id| numbered.contains(id));
        if !own {
            bind_heading_numbering(style, level, &list);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Paper;
    use crate::writers::docx::styles::{PageGeometry, footnote_styles, house_styles};

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn merged(template: &str, language: Option<&str>) -> Element {
        let mut template = tree::parse(template).unwrap();
        let house = house_styles(&PageGeometry::for_paper(Paper::A4));
        let mut catalogue = house.clone();
        catalogue.extend(footnote_styles());
        let renames = rename_map(&template, &catalogue);
        rename_styles(&mut template, &renames);
        let numbering = BTreeMap::from([("1".to_string(), "7".to_string())]);
        let numbered = numbered_styles(&template, &BTreeSet::from(["1".to_string()]));
        let xml = merge(&MergeInput {
            numbered: &numbered,
            template: &template,
            house: &house,
            catalogue: &catalogue,
            language,
            numbering: &numbering,
        });
        tree::parse(&xml).unwrap()
    }

    fn style<'a>(root: &'a Element, id: &str) -> &'a Element {
        styles(root)
            .find(|s| style_id(s) == Some(id))
            .unwrap_or_else(|| panic!("no style {id}"))
    }

    fn val<'a>(style: &'a Element, child: &str) -> Option<&'a str> {
        style.child(child).and_then(|c| c.attr("w:val"))
    }

    #[test]
    fn template_styles_win_and_missing_ones_come_from_rfx() {
        let root = merged(
            &format!(
                r#"<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii="DejaVu Serif" w:hAnsi="DejaVu Serif"/><w:color w:val="C00000"/></w:rPr></w:style></w:styles>"#
            ),
            Some("de-DE"),
        );
        let h1 = style(&root, "Heading1");
        assert_eq!(
            h1.child("w:rPr")
                .unwrap()
                .child("w:color")
                .unwrap()
                .attr("w:val"),
            Some("C00000")
        );
        // rfx's heading numbering is bound to the template's heading style.
        let num = h1.child("w:pPr").unwrap().child("w:numPr").unwrap();
        assert_eq!(val(num, "w:numId"), Some("2"));
        assert_eq!(val(num, "w:ilvl"), Some("0"));
        // Styles the template lacks are rfx's; only one default paragraph style.
        assert!(style(&root, "Heading2").child("w:rPr").is_some());
        assert!(style(&root, "TOC1").child("w:pPr").is_some());
        let defaults = styles(&root)
            .filter(|s| s.attr("w:default").is_some())
            .count();
        assert_eq!(defaults, 1);
        // The template has no document defaults: rfx's, with the language.
        let mut xml = String::new();
        root.write(&mut xml);
        assert!(xml.contains(r#"<w:lang w:val="de-DE"/>"#), "{xml}");
    }

    #[test]
    fn chains_end_in_defined_styles() {
        let root = merged(
            &format!(
                r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Letter"><w:name w:val="Letter"/><w:basedOn w:val="Quote"/><w:next w:val="Missing"/><w:link w:val="LetterChar"/></w:style><w:style w:type="paragraph" w:styleId="Memo"><w:name w:val="Memo"/><w:basedOn w:val="FootnoteText"/></w:style></w:styles>"#
            ),
            None,
        );
        let letter = style(&root, "Letter");
        // Based on a style only rfx defines: rfx's is added.
        assert_eq!(val(letter, "w:basedOn"), Some("Quote"));
        assert!(style(&root, "Quote").child("w:rPr").is_some());
        // References to styles nobody defines are dropped.
        assert_eq!(letter.child("w:next"), None);
        assert_eq!(letter.child("w:link"), None);
        // A catalogue style the document itself does not use is borrowed too.
        assert_eq!(val(style(&root, "Memo"), "w:basedOn"), Some("FootnoteText"));
        style(&root, "FootnoteText");
    }

    #[test]
    fn localised_ids_take_rfx_ids_and_references_follow() {
        let root = merged(
            &format!(
                r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Standard"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Standard"/><w:next w:val="Standard"/><w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:before="240"/></w:pPr></w:style></w:styles>"#
            ),
            None,
        );
        let h1 = style(&root, "Heading1");
        assert_eq!(val(h1, "w:basedOn"), Some("Normal"));
        assert_eq!(val(h1, "w:next"), Some("Normal"));
        // The template numbers its headings: its numbering, renumbered, stays.
        let ppr = h1.child("w:pPr").unwrap();
        assert_eq!(val(ppr.child("w:numPr").unwrap(), "w:numId"), Some("7"));
        let order: Vec<&str> = ppr.elements().map(|e| e.name.as_str()).collect();
        assert_eq!(order, ["w:keepNext", "w:numPr", "w:spacing"]);
        assert!(!styles(&root).any(|s| style_id(s) == Some("berschrift1")));
    }

    #[test]
    fn only_styles_of_the_same_type_are_renamed() {
        let root = merged(
            &format!(
                r#"<w:styles {W}><w:style w:type="character" w:styleId="Zitat"><w:name w:val="Quote"/></w:style></w:styles>"#
            ),
            None,
        );
        assert_eq!(style(&root, "Zitat").attr("w:type"), Some("character"));
        assert_eq!(style(&root, "Quote").attr("w:type"), Some("paragraph"));
    }

    #[test]
    fn heading_numbering_goes_where_the_schema_wants_it() {
        let root = merged(
            &format!(
                r#"<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US"/><w:eastAsianLayout/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:uiPriority w:val="9"/><w:rPr><w:b/></w:rPr></w:style></w:styles>"#
            ),
            Some("fr"),
        );
        let h2 = style(&root, "Heading2");
        let order: Vec<&str> = h2.elements().map(|e| e.name.as_str()).collect();
        assert_eq!(order, ["w:name", "w:uiPriority", "w:pPr", "w:rPr"]);
        assert_eq!(
            val(
                h2.child("w:pPr").unwrap().child("w:numPr").unwrap(),
                "w:ilvl"
            ),
            Some("1")
        );
        let mut xml = String::new();
        root.child("w:docDefaults").unwrap().write(&mut xml);
        assert!(
            xml.contains(r#"<w:lang w:val="fr"/><w:eastAsianLayout/>"#),
            "{xml}"
        );
    }
}
