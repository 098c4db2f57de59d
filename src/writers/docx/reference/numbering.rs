//! Merging the template's `numbering.xml` with rfx's, so a template style whose
//! numbering the template defines keeps working: rfx's definitions keep their ids
//! (the body refers to them), the template's abstract definitions and instances are
//! renumbered after them, and every template reference follows ([`Merged::num_ids`]).

use std::collections::{BTreeMap, BTreeSet};

use super::tree::{self, Element, Node};

/// The children of `w:lvl` in CT_Lvl order.
const LEVEL_ORDER: [&str; 12] = [
    "w:start",
    "w:numFmt",
    "w:lvlRestart",
    "w:pStyle",
    "w:isLgl",
    "w:suff",
    "w:lvlText",
    "w:lvlPicBulletId",
    "w:legacy",
    "w:lvlJc",
    "w:pPr",
    "w:rPr",
];

/// The merged numbering part and how the template's instance ids moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// `word/numbering.xml`.
    pub xml: String,
    /// Template `w:numId` → id in the merged part.
    pub num_ids: BTreeMap<String, String>,
}

fn id_of(e: &Element, key: &str) -> Option<u64> {
    e.attr(key).and_then(|v| v.trim().parse().ok())
}

/// Whether a numbering level shows a number or bullet: LibreOffice binds its heading
/// styles to an outline list whose levels show nothing (`numFmt` none, empty text).
fn shows_something(level: &Element) -> bool {
    let format = level.child("w:numFmt").and_then(|f| f.attr("w:val"));
    let text = level.child("w:lvlText").and_then(|t| t.attr("w:val"));
    format != Some("none") || text.is_some_and(|t| !t.is_empty())
}

/// The instance ids (`w:numId`) of the template's numbering part whose abstract
/// definition exists and shows something: what numbers a template style.
pub fn instances(template: Option<&Element>) -> BTreeSet<String> {
    let Some(template) = template else {
        return BTreeSet::new();
    };
    let definitions: BTreeSet<&str> = template
        .elements()
        .filter(|e| e.name == "w:abstractNum")
        .filter(|a| {
            a.elements()
                .any(|l| l.name == "w:lvl" && shows_something(l))
        })
        .filter_map(|e| e.attr("w:abstractNumId"))
        .collect();
    template
        .elements()
        .filter(|e| e.name == "w:num")
        .filter(|n| {
            n.child("w:abstractNumId")
                .and_then(|a| a.attr("w:val"))
                .is_some_and(|v| definitions.contains(v))
        })
        .filter_map(|n| n.attr("w:numId"))
        .filter(|id| *id != "0")
        .map(str::to_string)
        .collect()
}

/// Merges `template` (the reference's `w:numbering`, if any) with rfx's `ours` (the
/// part rfx writes). rfx's levels stop claiming a paragraph style (`w:pStyle`) the
/// template numbers itself, so each numbered style has one list.
pub fn merge(
    template: Option<&Element>,
    ours: &str,
    template_numbered: &BTreeSet<String>,
) -> Merged {
    // rfx's own part is well-formed by construction.
    let ours = tree::parse(ours).unwrap_or_else(|_| Element::new("w:numbering"));
    let Some(template) = template else {
        return Merged {
            xml: ours.to_part(),
            num_ids: BTreeMap::new(),
        };
    };
    let ours_abstract: Vec<Element> = ours
        .elements()
        .filter(|e| e.name == "w:abstractNum")
        .cloned()
        .map(|mut a| {
            a.walk_mut(&mut |lvl| {
                if lvl.name == "w:lvl" {
                    lvl.remove_children(|e| {
                        e.name == "w:pStyle"
                            && e.attr("w:val")
                                .is_some_and(|v| template_numbered.contains(v))
                    });
                }
            });
            a
        })
        .collect();
    let ours_nums: Vec<&Element> = ours.elements().filter(|e| e.name == "w:num").collect();
    let mut next_abstract = ours_abstract
        .iter()
        .filter_map(|a| id_of(a, "w:abstractNumId"))
        .max()
        .unwrap_or(0)
        + 1;
    let mut next_num = ours_nums
        .iter()
        .filter_map(|n| id_of(n, "w:numId"))
        .max()
        .unwrap_or(0)
        + 1;

    let mut abstract_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut template_abstract = Vec::new();
    for a in template.elements().filter(|e| e.name == "w:abstractNum") {
        let Some(old) = a.attr("w:abstractNumId") else {
            continue;
        };
        if abstract_ids.contains_key(old) {
            continue;
        }
        let new = next_abstract.to_string();
        next_abstract += 1;
        abstract_ids.insert(old.to_string(), new.clone());
        let mut a = a.clone();
        a.set_attr("w:abstractNumId", &new);
        // LibreOffice writes `w:pStyle` before `w:numFmt`; Word wants CT_Lvl order.
        for level in a.elements_mut().filter(|l| l.name == "w:lvl") {
            level.sort_children(&LEVEL_ORDER);
        }
        template_abstract.push(a);
    }
    let mut num_ids = BTreeMap::new();
    let mut template_nums = Vec::new();
    for n in template.elements().filter(|e| e.name == "w:num") {
        let Some(old) = n.attr("w:numId") else {
            continue;
        };
        let target = n
            .child("w:abstractNumId")
            .and_then(|a| a.attr("w:val"))
            .and_then(|v| abstract_ids.get(v));
        // An instance of a definition the template lacks numbers nothing.
        let Some(target) = target.cloned() else {
            continue;
        };
        if num_ids.contains_key(old) || old == "0" {
            continue;
        }
        let new = next_num.to_string();
        next_num += 1;
        num_ids.insert(old.to_string(), new.clone());
        let mut n = n.clone();
        n.set_attr("w:numId", &new);
        if let Some(a) = n.child_mut("w:abstractNumId") {
            a.set_attr("w:val", &target);
        }
        template_nums.push(n);
    }

    let mut root = Element {
        name: template.name.clone(),
        attrs: template.attrs.clone(),
        children: Vec::new(),
    };
    let pictures = template.elements().filter(|e| e.name == "w:numPicBullet");
    root.children.extend(pictures.cloned().map(Node::Element));
    root.children
        .extend(ours_abstract.into_iter().map(Node::Element));
    root.children
        .extend(template_abstract.into_iter().map(Node::Element));
    root.children
        .extend(ours_nums.into_iter().cloned().map(Node::Element));
    root.children
        .extend(template_nums.into_iter().map(Node::Element));
    Merged {
        xml: root.to_part(),
        num_ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Labels;
    use crate::writers::docx::numbering::NumberingBuilder;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn ids(root: &Element, element: &str, key: &str) -> Vec<String> {
        root.elements()
            .filter(|e| e.name == element)
            .filter_map(|e| e.attr(key).map(str::to_string))
            .collect()
    }

    #[test]
    fn template_ids_follow_rfx_ids_without_collisions() {
        let mut ours = NumberingBuilder::new(&Labels::default());
        ours.new_ordered_list(0, 1);
        ours.new_ordered_list(0, 1);
        let template = tree::parse(&format!(
            concat!(
                r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:pStyle w:val="ListNumber"/></w:lvl></w:abstractNum>"#,
                r#"<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"/></w:abstractNum>"#,
                r#"<w:num w:numId="1"><w:abstractNumId w:val="2"/></w:num>"#,
                r#"<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"/></w:num>"#,
                r#"<w:num w:numId="3"><w:abstractNumId w:val="9"/></w:num>"#,
                "<w:numIdMacAtCleanup w:val=\"3\"/></w:numbering>"
            ),
            W = W
        ))
        .unwrap();
        let merged = merge(Some(&template), &ours.numbering_xml(), &BTreeSet::new());
        let root = tree::parse(&merged.xml).unwrap();
        // rfx: abstract 2, 3, 4 and nums 2, 3 (headings, bullets) and 4, 5 (lists).
        assert_eq!(
            ids(&root, "w:abstractNum", "w:abstractNumId"),
            ["2", "3", "4", "5", "6"]
        );
        assert_eq!(
            ids(&root, "w:num", "w:numId"),
            ["2", "3", "4", "5", "6", "7"]
        );
        assert_eq!(
            merged.num_ids,
            BTreeMap::from([("1".into(), "6".into()), ("2".into(), "7".into())])
        );
        // Each instance points at its renumbered definition; the template's first
        // definition (id 0) is now 5, its id 2 is 6.
        let targets: Vec<&str> = root
            .elements()
            .filter(|e| e.name == "w:num")
            .skip(4)
            .map(|n| n.child("w:abstractNumId").unwrap().attr("w:val").unwrap())
            .collect();
        assert_eq!(targets, ["6", "5"]);
        assert!(!merged.xml.contains("numIdMacAtCleanup"));
        // Abstract definitions all come before instances (CT_Numbering).
        let names: Vec<&str> = root.elements().map(|e| e.name.as_str()).collect();
        let last_abstract = names.iter().rposition(|n| *n == "w:abstractNum").unwrap();
        assert!(names[last_abstract + 1..].iter().all(|n| *n == "w:num"));
    }

    #[test]
    fn lists_that_show_nothing_number_nothing() {
        let template = tree::parse(&format!(
            concat!(
                r#"<w:numbering {W}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="none"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>"#,
                r#"<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>"#,
                r#"<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>"#
            ),
            W = W
        ))
        .unwrap();
        assert_eq!(
            instances(Some(&template)),
            BTreeSet::from(["2".to_string()])
        );
    }

    #[test]
    fn rfx_levels_release_styles_the_template_numbers() {
        let ours = NumberingBuilder::new(&Labels::default()).numbering_xml();
        let template = tree::parse(&format!(r#"<w:numbering {W}/>"#)).unwrap();
        let numbered = BTreeSet::from(["Heading1".to_string()]);
        let merged = merge(Some(&template), &ours, &numbered);
        assert!(!merged.xml.contains(r#"<w:pStyle w:val="Heading1"/>"#));
        assert!(merged.xml.contains(r#"<w:pStyle w:val="Heading2"/>"#));
        let alone = merge(None, &ours, &numbered);
        assert!(alone.xml.contains(r#"<w:pStyle w:val="Heading1"/>"#));
    }
}
