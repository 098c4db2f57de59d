//! The structure tree of a tagged PDF (ISO 32000-1 §14.7): one structure element per
//! layout element, its marked content (MCIDs) and link annotations (`Link` elements
//! with an object reference), and the parent tree mapping each page's MCIDs and each
//! annotation back to its element.

use super::page::Annotation;
use super::serialize::{Writer, push_ref, push_uint};
use crate::writers::pdf::layout::{Layout, Role, Tag};

/// A kid of an element, in reading order.
enum Kid {
    Element(u32),
    Content { page: usize, mcid: usize },
    Link(usize),
}

/// Writes the structure tree; returns the `StructTreeRoot` object.
pub(super) fn write_structure(
    w: &mut Writer,
    layout: &Layout,
    pages: &[u32],
    mcids: &[Vec<u32>],
    annots: &[Annotation],
) -> u32 {
    let nodes = &layout.structure;
    let root = w.alloc();
    let parent_tree = w.alloc();
    let ids: Vec<u32> = nodes.iter().map(|_| w.alloc()).collect();

    // An annotation belongs to the `Link` element holding its text; one whose text
    // is not in a `Link` (none today) gets a `Link` element of its own.
    let own_link: Vec<Option<u32>> = annots
        .iter()
        .map(|a| match a.tag {
            Tag::Element(e) if nodes[e as usize].role == Role::Link => None,
            _ => Some(w.alloc()),
        })
        .collect();

    // Content kids in page and MCID order; element kids in the order they were made,
    // each placed before the first content that comes after its own first content,
    // so the tree reads in the order the document is drawn.
    let mut content: Vec<Vec<Kid>> = nodes.iter().map(|_| Vec::new()).collect();
    let mut first: Vec<Option<(usize, usize)>> = vec![None; nodes.len()];
    for (page, elements) in mcids.iter().enumerate() {
        for (mcid, &e) in elements.iter().enumerate() {
            content[e as usize].push(Kid::Content { page, mcid });
            first[e as usize].get_or_insert((page, mcid));
        }
    }
    // Nodes are made parent first, so one backward pass carries each subtree's first
    // content up to its parent.
    for i in (1..nodes.len()).rev() {
        let parent = nodes[i].parent.unwrap_or(0) as usize;
        if let Some(f) = first[i] {
            first[parent] = Some(first[parent].map_or(f, |p| p.min(f)));
        }
    }
    let mut elements: Vec<Vec<u32>> = nodes.iter().map(|_| Vec::new()).collect();
    for (i, node) in nodes.iter().enumerate().skip(1) {
        elements[node.parent.unwrap_or(0) as usize].push(i as u32);
    }
    let mut kids: Vec<Vec<Kid>> = Vec::with_capacity(nodes.len());
    for (own, children) in content.into_iter().zip(&elements) {
        let mut merged = Vec::with_capacity(own.len() + children.len());
        let mut own = own.into_iter().peekable();
        for &child in children {
            if let Some(at) = first[child as usize] {
                while let Some(Kid::Content { page, mcid }) = own.peek() {
                    if (*page, *mcid) > at {
                        break;
                    }
                    merged.extend(own.next());
                }
            }
            merged.push(Kid::Element(child));
        }
        merged.extend(own);
        kids.push(merged);
    }
    for (k, a) in annots.iter().enumerate() {
        let holder = match a.tag {
            Tag::Element(e) => e as usize,
            Tag::Artifact => 0,
        };
        kids[holder].push(Kid::Link(k));
    }

    // One buffer for every element's dictionary, copied into the writer's.
    let mut body = String::with_capacity(256);
    for (i, node) in nodes.iter().enumerate() {
        let parent = node.parent.map_or(root, |p| ids[p as usize]);
        let first_page = kids[i].iter().find_map(|k| match k {
            Kid::Content { page, .. } => Some(*page),
            _ => None,
        });
        body.clear();
        body.push_str("<< /Type /StructElem /S /");
        body.push_str(node.role.name());
        body.push_str(" /P ");
        push_ref(&mut body, parent);
        if let Some(p) = first_page {
            body.push_str(" /Pg ");
            push_ref(&mut body, pages[p]);
        }
        if let Some(alt) = &node.alt {
            body.push_str(" /Alt ");
            body.push_str(&super::serialize::text_string(alt));
        }
        if node.role == Role::TH {
            body.push_str(" /A << /O /Table /Scope /Column >>");
        }
        if !kids[i].is_empty() {
            body.push_str(" /K [");
            for kid in &kids[i] {
                match *kid {
                    Kid::Element(e) => push_ref(&mut body, ids[e as usize]),
                    Kid::Content { page, mcid } if Some(page) == first_page => {
                        push_uint(&mut body, mcid as u64);
                    }
                    Kid::Content { page, mcid } => {
                        body.push_str("<< /Type /MCR /Pg ");
                        push_ref(&mut body, pages[page]);
                        body.push_str(" /MCID ");
                        push_uint(&mut body, mcid as u64);
                        body.push_str(" >>");
                    }
                    Kid::Link(k) => match own_link[k] {
                        Some(link) => push_ref(&mut body, link),
                        None => {
                            body.push_str("<< /Type /OBJR /Obj ");
                            push_ref(&mut body, annots[k].id);
                            body.push_str(" /Pg ");
                            push_ref(&mut body, pages[annots[k].page]);
                            body.push_str(" >>");
                        }
                    },
                }
                body.push(' ');
            }
            body.pop();
            body.push(']');
        }
        body.push_str(" >>");
        w.object(ids[i], &body);
    }
    for (a, link) in annots.iter().zip(&own_link) {
        let Some(link) = *link else { continue };
        let parent = match a.tag {
            Tag::Element(e) => ids[e as usize],
            Tag::Artifact => ids[0],
        };
        let page = pages[a.page];
        w.object(
            link,
            &format!(
                "<< /Type /StructElem /S /Link /P {parent} 0 R /Pg {page} 0 R \
                 /K [<< /Type /OBJR /Obj {} 0 R /Pg {page} 0 R >>] >>",
                a.id
            ),
        );
    }

    let mut nums = String::with_capacity(64 * mcids.len());
    nums.push_str("<< /Nums [");
    for (page, elements) in mcids.iter().enumerate() {
        push_uint(&mut nums, page as u64);
        nums.push_str(" [");
        for (k, &e) in elements.iter().enumerate() {
            if k > 0 {
                nums.push(' ');
            }
            push_ref(&mut nums, ids[e as usize]);
        }
        nums.push_str("] ");
    }
    for (k, a) in annots.iter().enumerate() {
        let holder = match (own_link[k], a.tag) {
            (Some(link), _) => link,
            (None, Tag::Element(e)) => ids[e as usize],
            (None, Tag::Artifact) => ids[0],
        };
        push_uint(&mut nums, (mcids.len() + k) as u64);
        nums.push(' ');
        push_ref(&mut nums, holder);
        nums.push(' ');
    }
    if nums.ends_with(' ') {
        nums.pop();
    }
    nums.push_str("] >>");
    w.object(parent_tree, &nums);
    w.object(
        root,
        &format!(
            "<< /Type /StructTreeRoot /K [{} 0 R] /ParentTree {parent_tree} 0 R \
             /ParentTreeNextKey {} >>",
            ids[0],
            mcids.len() + annots.len()
        ),
    );
    root
}
