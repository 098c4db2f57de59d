//! The PDF/UA-1 rules (ISO 14289-1) rfx can check without a validator, as a list of
//! violations: a tagged catalog (`MarkInfo`, `Lang`, `DisplayDocTitle`, `pdfuaid` in
//! the XMP), every content operator inside marked content naming a structure element
//! or inside an artifact (never both), every MCID reached exactly once from the
//! structure tree and the parent tree agreeing, the tree read in drawing order,
//! link annotations with `/Contents` in a `Link` element, `/Tabs /S`, header cells
//! with a `/Scope`, figures with alternative text (`/Alt`), and headings that do not
//! skip a level.

use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};

/// The standard structure types of ISO 32000-1 §14.8.4 rfx may write.
const STANDARD_TYPES: &[&[u8]] = &[
    b"Document",
    b"H1",
    b"H2",
    b"H3",
    b"H4",
    b"H5",
    b"H6",
    b"P",
    b"L",
    b"LI",
    b"Lbl",
    b"LBody",
    b"BlockQuote",
    b"Div",
    b"Table",
    b"TR",
    b"TH",
    b"TD",
    b"TOC",
    b"TOCI",
    b"Link",
    b"Note",
    b"Figure",
];

/// Operators that open or close marked content.
const MARKING: &[&str] = &["BDC", "BMC", "EMC"];

/// Everything `doc` does against the PDF/UA-1 rules above; empty if it meets them.
pub(crate) fn ua_violations(doc: &lopdf::Document) -> Vec<String> {
    let mut v = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return vec!["no catalog".into()];
    };
    catalog_rules(doc, catalog, &mut v);

    // Marked content of every page: (page, MCID) → structure type of its BDC.
    let pages = doc.get_pages();
    let mut drawn: BTreeMap<(ObjectId, i64), Vec<u8>> = BTreeMap::new();
    let mut page_index: BTreeMap<ObjectId, usize> = BTreeMap::new();
    for (number, &page_id) in &pages {
        page_index.insert(page_id, *number as usize);
        content_rules(doc, page_id, *number, &mut drawn, &mut v);
    }

    // The structure tree, depth first: which element holds each MCID and annotation.
    let Some(root) = catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|r| deref(doc, r))
    else {
        v.push("no StructTreeRoot".into());
        return v;
    };
    let mut tree = Tree::default();
    if let Ok(k) = root.get(b"K") {
        for kid in as_list(k) {
            tree.walk(doc, kid, None, None, &mut v);
        }
    }
    for (key, holders) in &tree.content {
        if holders.len() != 1 {
            v.push(format!(
                "MCID {} of page {:?} is held by {} elements",
                key.1,
                key.0,
                holders.len()
            ));
        }
        if !drawn.contains_key(key) {
            v.push(format!(
                "the structure tree names MCID {} of page {:?}, which is not drawn",
                key.1, key.0
            ));
        }
    }
    for (key, role) in &drawn {
        match tree.content.get(key) {
            None => v.push(format!(
                "MCID {} of page {:?} is not reachable from the structure tree",
                key.1, key.0
            )),
            Some(holders) => {
                let elem_role = tree.roles.get(&holders[0]).cloned().unwrap_or_default();
                if elem_role != *role {
                    v.push(format!(
                        "MCID {} of page {:?} is marked /{} but held by a /{} element",
                        key.1,
                        key.0,
                        String::from_utf8_lossy(role),
                        String::from_utf8_lossy(&elem_role)
                    ));
                }
            }
        }
    }

    // Reading order: the tree visits the drawn content page by page, in drawing order.
    let order: Vec<(usize, i64)> = tree
        .order
        .iter()
        .map(|(page, mcid)| (page_index.get(page).copied().unwrap_or(0), *mcid))
        .collect();
    if let Some(w) = order.windows(2).find(|w| w[0] > w[1]) {
        v.push(format!(
            "the structure tree reads page {} MCID {} before page {} MCID {}",
            w[0].0, w[0].1, w[1].0, w[1].1
        ));
    }

    // Headings start at H1 and go down one level at a time.
    let mut level = 0;
    for h in &tree.headings {
        if *h > level + 1 {
            v.push(format!("heading H{h} follows H{level}"));
        }
        level = *h;
    }

    parent_tree_rules(doc, root, &pages, &tree, &mut v);
    annotation_rules(doc, &pages, &tree, &mut v);
    v
}

fn catalog_rules(doc: &lopdf::Document, catalog: &Dictionary, v: &mut Vec<String>) {
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|m| deref(doc, m))
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|b| b.as_bool().ok());
    if marked != Some(true) {
        v.push("MarkInfo /Marked is not true".into());
    }
    match catalog.get(b"Lang").and_then(Object::as_str) {
        Ok(lang) if !lang.is_empty() => {}
        _ => v.push("no /Lang in the catalog".into()),
    }
    let display_title = catalog
        .get(b"ViewerPreferences")
        .ok()
        .and_then(|m| deref(doc, m))
        .and_then(|m| m.get(b"DisplayDocTitle").ok())
        .and_then(|b| b.as_bool().ok());
    if display_title != Some(true) {
        v.push("ViewerPreferences /DisplayDocTitle is not true".into());
    }
    let xmp = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .map(|s| String::from_utf8_lossy(&s.content).into_owned())
        .unwrap_or_default();
    let props = crate::pdf::xmp_properties(&xmp);
    if props.get("pdfuaid:part").map(String::as_str) != Some("1") {
        v.push("the XMP does not declare pdfuaid:part 1".into());
    }
    if props.get("dc:title").is_none_or(|t| t.trim().is_empty()) {
        v.push("the XMP has no dc:title".into());
    }
}

/// Every operator of the page inside exactly one marked-content sequence: a
/// structure element's (with an MCID) or an artifact's.
fn content_rules(
    doc: &lopdf::Document,
    page_id: ObjectId,
    number: u32,
    drawn: &mut BTreeMap<(ObjectId, i64), Vec<u8>>,
    v: &mut Vec<String>,
) {
    let bytes = doc.get_page_content(page_id);
    let content = match Content::decode(&bytes) {
        Ok(c) => c,
        Err(e) => {
            v.push(format!("page {number}: content does not parse: {e}"));
            return;
        }
    };
    // The open sequences: (tag, MCID).
    let mut open: Vec<(Vec<u8>, Option<i64>)> = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let tag = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .unwrap_or_default()
                    .to_vec();
                let mcid = op.operands.get(1).and_then(|p| match p {
                    Object::Dictionary(d) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                    _ => None,
                });
                // A /Span giving the /ActualText of shaped glyphs inside an element's
                // sequence (ISO 32000-1, 14.9.4) is part of that element's content.
                let actual_text = tag == b"Span"
                    && mcid.is_none()
                    && matches!(op.operands.get(1), Some(Object::Dictionary(d)) if d.has(b"ActualText"));
                if actual_text
                    && open
                        .last()
                        .is_some_and(|(t, m)| t != b"Artifact" && m.is_some())
                {
                    open.push((tag, mcid));
                    continue;
                }
                if !open.is_empty() {
                    v.push(format!(
                        "page {number}: /{} nested in /{}",
                        String::from_utf8_lossy(&tag),
                        String::from_utf8_lossy(&open[open.len() - 1].0)
                    ));
                }
                if tag != b"Artifact" {
                    match mcid {
                        Some(id) => {
                            if drawn.insert((page_id, id), tag.clone()).is_some() {
                                v.push(format!("page {number}: MCID {id} used twice"));
                            }
                        }
                        None => v.push(format!(
                            "page {number}: /{} without an MCID",
                            String::from_utf8_lossy(&tag)
                        )),
                    }
                }
                open.push((tag, mcid));
            }
            // The guard closes the innermost sequence.
            "EMC" if open.pop().is_none() => {
                v.push(format!("page {number}: EMC without a sequence to close"));
            }
            "EMC" => {}
            other if open.is_empty() && !MARKING.contains(&other) => {
                v.push(format!(
                    "page {number}: `{other}` outside marked content and artifacts"
                ));
            }
            _ => {}
        }
    }
    if !open.is_empty() {
        v.push(format!("page {number}: marked content left open"));
    }
}

/// What a depth-first walk of the structure tree found.
#[derive(Default)]
struct Tree {
    /// Element objects holding each (page, MCID).
    content: BTreeMap<(ObjectId, i64), Vec<ObjectId>>,
    /// Structure type of each element.
    roles: BTreeMap<ObjectId, Vec<u8>>,
    /// Annotation object → the element whose OBJR names it.
    annotations: BTreeMap<ObjectId, ObjectId>,
    /// (page, MCID) in the order the walk meets them.
    order: Vec<(ObjectId, i64)>,
    /// Heading levels in reading order.
    headings: Vec<u8>,
    /// Elements already walked (a cycle is a violation, not a hang).
    seen: BTreeSet<ObjectId>,
}

impl Tree {
    fn walk(
        &mut self,
        doc: &lopdf::Document,
        kid: &Object,
        parent: Option<ObjectId>,
        page: Option<ObjectId>,
        v: &mut Vec<String>,
    ) {
        let Object::Reference(id) = kid else {
            v.push(format!(
                "a structure element kid is not a reference: {kid:?}"
            ));
            return;
        };
        if !self.seen.insert(*id) {
            v.push(format!("structure element {id:?} is reached twice"));
            return;
        }
        let Ok(elem) = doc.get_dictionary(*id) else {
            v.push(format!("structure element {id:?} is not a dictionary"));
            return;
        };
        let role = elem
            .get(b"S")
            .and_then(Object::as_name)
            .unwrap_or_default()
            .to_vec();
        if !STANDARD_TYPES.contains(&role.as_slice()) {
            v.push(format!(
                "structure type /{} is not a standard type",
                String::from_utf8_lossy(&role)
            ));
        }
        if let Some(level) = role
            .strip_prefix(b"H")
            .filter(|l| l.len() == 1 && l[0].is_ascii_digit())
        {
            self.headings.push(level[0] - b'0');
        }
        if role == b"Figure" {
            let alt = elem.get(b"Alt").ok().and_then(|a| match a {
                Object::String(s, _) => Some(s.clone()),
                _ => None,
            });
            if alt.is_none_or(|a| a.is_empty() || a == b"\xfe\xff") {
                v.push("a /Figure element has no alternative text (/Alt)".into());
            }
        }
        if role == b"TH" {
            let scope = elem
                .get(b"A")
                .ok()
                .and_then(|a| deref(doc, a))
                .and_then(|a| a.get(b"Scope").ok())
                .and_then(|s| s.as_name().ok());
            if scope.is_none() {
                v.push(format!("TH {id:?} has no /Scope"));
            }
        }
        if let Some(p) = parent {
            let named = elem.get(b"P").and_then(Object::as_reference).ok();
            if named != Some(p) {
                v.push(format!(
                    "element {id:?} names {named:?} as parent, not {p:?}"
                ));
            }
        }
        self.roles.insert(*id, role.clone());
        let page = elem.get(b"Pg").and_then(Object::as_reference).ok().or(page);
        let Ok(kids) = elem.get(b"K") else {
            return;
        };
        for k in as_list(kids) {
            match k {
                Object::Integer(mcid) => match page {
                    Some(pg) => self.content_kid(*id, pg, *mcid),
                    None => v.push(format!("MCID {mcid} of {id:?} has no page")),
                },
                Object::Dictionary(d) => match d.get(b"Type").and_then(Object::as_name) {
                    Ok(b"MCR") => {
                        let pg = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                        match (pg, d.get(b"MCID").and_then(Object::as_i64)) {
                            (Some(pg), Ok(mcid)) => self.content_kid(*id, pg, mcid),
                            _ => v.push(format!("an MCR of {id:?} lacks its page or MCID")),
                        }
                    }
                    Ok(b"OBJR") => {
                        if role != b"Link" {
                            v.push(format!(
                                "an annotation is held by /{}, not /Link",
                                String::from_utf8_lossy(&role)
                            ));
                        }
                        match d.get(b"Obj").and_then(Object::as_reference) {
                            Ok(annot) => {
                                self.annotations.insert(annot, *id);
                            }
                            Err(_) => v.push(format!("an OBJR of {id:?} names no object")),
                        }
                    }
                    _ => v.push(format!("a kid of {id:?} is neither MCR nor OBJR")),
                },
                Object::Reference(_) => self.walk(doc, k, Some(*id), page, v),
                other => v.push(format!("a kid of {id:?} is {other:?}")),
            }
        }
    }

    fn content_kid(&mut self, elem: ObjectId, page: ObjectId, mcid: i64) {
        self.content.entry((page, mcid)).or_default().push(elem);
        self.order.push((page, mcid));
    }
}

/// The parent tree maps each page's MCIDs and each annotation to the element the
/// structure tree gives them, and `ParentTreeNextKey` lies beyond every key.
fn parent_tree_rules(
    doc: &lopdf::Document,
    root: &Dictionary,
    pages: &BTreeMap<u32, ObjectId>,
    tree: &Tree,
    v: &mut Vec<String>,
) {
    let Some(parent_tree) = root.get(b"ParentTree").ok().and_then(|p| deref(doc, p)) else {
        v.push("no ParentTree".into());
        return;
    };
    let mut nums: BTreeMap<i64, Object> = BTreeMap::new();
    collect_nums(doc, parent_tree, &mut nums, 0);
    let next = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .unwrap_or(0);
    if nums.keys().next_back().is_some_and(|&k| k >= next) {
        v.push(format!("ParentTreeNextKey {next} is not beyond every key"));
    }
    for (number, &page_id) in pages {
        let page = doc.get_dictionary(page_id).expect("page");
        let mcids: Vec<_> = tree
            .content
            .iter()
            .filter(|((p, _), _)| *p == page_id)
            .collect();
        let Ok(key) = page.get(b"StructParents").and_then(Object::as_i64) else {
            if !mcids.is_empty() {
                v.push(format!(
                    "page {number} has marked content but no /StructParents"
                ));
            }
            continue;
        };
        let entries = match nums.get(&key) {
            Some(Object::Array(a)) => a.clone(),
            Some(Object::Reference(r)) => doc
                .get_object(*r)
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default(),
            _ => {
                v.push(format!("page {number}: parent tree has no entry {key}"));
                continue;
            }
        };
        for ((_, mcid), holders) in mcids {
            let listed = usize::try_from(*mcid)
                .ok()
                .and_then(|i| entries.get(i))
                .and_then(|o| o.as_reference().ok());
            if listed != Some(holders[0]) {
                v.push(format!(
                    "page {number}: the parent tree gives MCID {mcid} to {listed:?}, \
                     the structure tree to {:?}",
                    holders[0]
                ));
            }
        }
    }
    for (&annot, &holder) in &tree.annotations {
        let key = doc
            .get_dictionary(annot)
            .ok()
            .and_then(|a| a.get(b"StructParent").and_then(Object::as_i64).ok());
        let listed = key
            .and_then(|k| nums.get(&k))
            .and_then(|o| o.as_reference().ok());
        if listed != Some(holder) {
            v.push(format!(
                "annotation {annot:?}: the parent tree gives {listed:?}, the structure tree {holder:?}"
            ));
        }
    }
}

fn collect_nums(
    doc: &lopdf::Document,
    node: &Dictionary,
    nums: &mut BTreeMap<i64, Object>,
    depth: usize,
) {
    if let Ok(list) = node.get(b"Nums").and_then(Object::as_array) {
        for pair in list.chunks(2) {
            if let [Object::Integer(k), value] = pair {
                nums.insert(*k, value.clone());
            }
        }
    }
    if depth < 32
        && let Ok(kids) = node.get(b"Kids").and_then(Object::as_array)
    {
        for kid in kids {
            if let Some(d) = deref(doc, kid) {
                collect_nums(doc, d, nums, depth + 1);
            }
        }
    }
}

/// Every annotation is a printable link with `/Contents`, held by a `Link` element;
/// a page with annotations orders them by structure (`/Tabs /S`).
fn annotation_rules(
    doc: &lopdf::Document,
    pages: &BTreeMap<u32, ObjectId>,
    tree: &Tree,
    v: &mut Vec<String>,
) {
    for (number, &page_id) in pages {
        let page = doc.get_dictionary(page_id).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        if annots.is_empty() {
            continue;
        }
        if page.get(b"Tabs").and_then(Object::as_name).ok() != Some(&b"S"[..]) {
            v.push(format!("page {number} has annotations but no /Tabs /S"));
        }
        for a in annots {
            let Ok(id) = a.as_reference() else {
                v.push(format!("page {number}: an annotation is not an object"));
                continue;
            };
            let annot = doc.get_dictionary(id).expect("annotation");
            match annot.get(b"Contents").and_then(Object::as_str) {
                Ok(c) if !c.is_empty() => {}
                _ => v.push(format!("page {number}: annotation {id:?} has no /Contents")),
            }
            let flags = annot.get(b"F").and_then(Object::as_i64).unwrap_or(0);
            if flags & 0b1111 != 4 {
                v.push(format!("page {number}: annotation {id:?} flags {flags}"));
            }
            if !tree.annotations.contains_key(&id) {
                v.push(format!(
                    "page {number}: annotation {id:?} is not in the structure tree"
                ));
            }
        }
    }
}

fn deref<'a>(doc: &'a lopdf::Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match obj {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn as_list(obj: &Object) -> Vec<&Object> {
    match obj {
        Object::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn tagged_msa() -> Vec<u8> {
    let options = rfx::writers::WriteOptions {
        pdf_standard: rfx::writers::PdfStandard::A2uUa1,
        ..rfx::writers::WriteOptions::default()
    };
    rfx::writers::pdf::write(&crate::sample_docs::msa(4), &options).expect("tagged MSA")
}

fn first_page(doc: &lopdf::Document) -> ObjectId {
    *doc.get_pages().values().next().expect("a page")
}

/// A tagged PDF with one thing broken gives the violation naming it.
fn broken(what: &str, expect: &str, damage: impl FnOnce(&mut lopdf::Document)) {
    let mut doc = lopdf::Document::load_mem(&tagged_msa()).expect("lopdf reads the PDF");
    assert_eq!(ua_violations(&doc), Vec::<String>::new(), "before: {what}");
    damage(&mut doc);
    let found = ua_violations(&doc);
    assert!(
        found.iter().any(|f| f.contains(expect)),
        "{what}: expected a violation containing {expect:?}, got {found:#?}"
    );
}

#[test]
fn the_pdf_ua_checks_find_what_is_broken() {
    broken("no language", "no /Lang", |doc| {
        let root = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .expect("root");
        doc.get_dictionary_mut(root)
            .expect("catalog")
            .remove(b"Lang");
    });
    broken(
        "a rule outside marked content",
        "outside marked content",
        |doc| {
            let page = first_page(doc);
            let mut bytes = doc.get_page_content(page);
            bytes.extend_from_slice(b"\n0 0 m 10 10 l S\n");
            doc.change_page_content(page, bytes)
                .expect("content replaced");
        },
    );
    broken("an artifact inside a paragraph", "nested in", |doc| {
        let page = first_page(doc);
        let bytes = String::from_utf8_lossy(&doc.get_page_content(page)).into_owned();
        let bytes = bytes.replacen("EMC\n", "/Artifact BMC\nEMC\nEMC\n", 1);
        doc.change_page_content(page, bytes.into_bytes())
            .expect("content replaced");
    });
    broken("an MCID the tree does not hold", "not reachable", |doc| {
        let page = first_page(doc);
        let bytes = String::from_utf8_lossy(&doc.get_page_content(page)).into_owned();
        let bytes = bytes.replacen("<</MCID 0>>", "<</MCID 999>>", 1);
        doc.change_page_content(page, bytes.into_bytes())
            .expect("content replaced");
    });
    broken(
        "a parent tree pointing elsewhere",
        "the parent tree gives MCID",
        |doc| {
            let root = doc
                .trailer
                .get(b"Root")
                .and_then(Object::as_reference)
                .expect("root");
            let tree_root = doc
                .get_dictionary(root)
                .and_then(|c| c.get(b"StructTreeRoot"))
                .and_then(Object::as_reference)
                .expect("structure tree");
            let parent_tree = doc
                .get_dictionary(tree_root)
                .and_then(|t| t.get(b"ParentTree"))
                .and_then(Object::as_reference)
                .expect("parent tree");
            let nums = doc
                .get_dictionary_mut(parent_tree)
                .and_then(|p| p.get_mut(b"Nums"))
                .and_then(Object::as_array_mut)
                .expect("nums");
            if let Object::Array(first) = &mut nums[1] {
                first.swap(0, 1);
            }
        },
    );
    broken("an annotation with no tab order", "no /Tabs /S", |doc| {
        let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
        for page in pages {
            doc.get_dictionary_mut(page).expect("page").remove(b"Tabs");
        }
    });
    broken("a hidden annotation", "flags", |doc| {
        let annots: Vec<ObjectId> = doc
            .objects
            .iter()
            .filter(|(_, o)| {
                o.as_dict().is_ok_and(|d| {
                    d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link")
                })
            })
            .map(|(id, _)| *id)
            .collect();
        doc.get_dictionary_mut(annots[0])
            .expect("annotation")
            .set("F", 2);
    });
}

#[test]
fn an_untagged_pdf_fails_the_pdf_ua_checks() {
    let options = rfx::writers::WriteOptions {
        pdf_standard: rfx::writers::PdfStandard::A2u,
        ..rfx::writers::WriteOptions::default()
    };
    let bytes = rfx::writers::pdf::write(&crate::sample_docs::msa(4), &options).expect("PDF");
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF");
    let found = ua_violations(&doc);
    assert!(found.iter().any(|f| f.contains("MarkInfo")), "{found:#?}");
    assert!(
        found.iter().any(|f| f.contains("no StructTreeRoot")),
        "{found:#?}"
    );
}
