//! Page objects: the page tree, each page with its content stream and its link
//! annotations.

use super::serialize::{Writer, ascii_string, n, text_string};
use crate::writers::pdf::layout::{Item, Layout, LinkTarget, Page, Tag};

/// Object numbers reserved for the pages: the page tree and, per page, the page
/// object and its content stream.
pub(super) struct PageIds {
    /// The `/Pages` root.
    pub root: u32,
    /// Page object and content stream of each page.
    pub pages: Vec<(u32, u32)>,
}

impl PageIds {
    /// The destination array of `anchor`, if it landed on a page.
    pub fn dest(&self, layout: &Layout, anchor: &str) -> Option<String> {
        let g = &layout.geometry;
        let d = layout.destinations.get(anchor)?;
        let (page_id, _) = self.pages.get(d.page)?;
        Some(format!(
            "[{page_id} 0 R /XYZ {} {} null]",
            n(g.margin_left - 10.0),
            n(g.height - d.y + 4.0)
        ))
    }
}

/// A link annotation as the structure tree needs it.
pub(super) struct Annotation {
    /// The annotation object.
    pub id: u32,
    /// Page index.
    pub page: usize,
    /// The structure element holding the link text.
    pub tag: Tag,
}

/// Writes every page, its content stream and the page tree; returns the link
/// annotations in page order. When `tagged`, page `i` has `/StructParents i`, a
/// page with annotations `/Tabs /S`, and annotation `k` `/StructParent pages + k`.
pub(super) fn write_pages(
    w: &mut Writer,
    layout: &Layout,
    ids: &PageIds,
    resources: u32,
    contents: Vec<String>,
    tagged: bool,
) -> Vec<Annotation> {
    let g = &layout.geometry;
    let mut all = Vec::new();
    for ((index, page), content) in layout.pages.iter().enumerate().zip(contents) {
        let (page_id, content_id) = ids.pages[index];
        let first = all.len();
        for (dict, tag) in annotations(layout, ids, page) {
            let id = w.alloc();
            let parent = if tagged {
                format!(" /StructParent {}", layout.pages.len() + all.len())
            } else {
                String::new()
            };
            w.object(id, &format!("<< {dict} /P {page_id} 0 R{parent} >>"));
            all.push(Annotation {
                id,
                page: index,
                tag,
            });
        }
        let mut extra = String::new();
        if all.len() > first {
            let refs: Vec<String> = all[first..]
                .iter()
                .map(|a| format!("{} 0 R", a.id))
                .collect();
            extra = format!(" /Annots [{}]", refs.join(" "));
            if tagged {
                extra.push_str(" /Tabs /S");
            }
        }
        if tagged {
            extra.push_str(&format!(" /StructParents {index}"));
        }
        w.object(
            page_id,
            &format!(
                "<< /Type /Page /Parent {} 0 R /MediaBox [0 0 {} {}] \
                 /Resources {resources} 0 R /Contents {content_id} 0 R{extra} >>",
                ids.root,
                n(g.width),
                n(g.height)
            ),
        );
        w.stream(content_id, "", content.into_bytes());
    }
    let kids: Vec<String> = ids.pages.iter().map(|(p, _)| format!("{p} 0 R")).collect();
    w.object(
        ids.root,
        &format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            ids.pages.len()
        ),
    );
    all
}

/// The link annotations of `page` (the inside of each dictionary) with the tag of
/// their text; each is printable (`/F 4`), as PDF/A wants, and says in `/Contents`
/// where it leads (the URL, or the numbered title of the heading), as PDF/UA wants.
fn annotations(layout: &Layout, ids: &PageIds, page: &Page) -> Vec<(String, Tag)> {
    let g = &layout.geometry;
    let mut annots = Vec::new();
    for item in &page.items {
        let Item::Link {
            x,
            y,
            w: lw,
            h,
            target,
            tag,
        } = item
        else {
            continue;
        };
        let (action, contents) = match target {
            LinkTarget::Uri(uri) => (
                format!("/A << /S /URI /URI {} >>", ascii_string(uri)),
                uri.as_str(),
            ),
            LinkTarget::Anchor(anchor) => match ids.dest(layout, anchor) {
                Some(d) => (
                    format!("/Dest {d}"),
                    layout
                        .outline
                        .iter()
                        .find(|e| e.anchor == *anchor)
                        .map_or(anchor.as_str(), |e| e.title.as_str()),
                ),
                None => continue,
            },
        };
        annots.push((
            format!(
                "/Type /Annot /Subtype /Link /F 4 /Rect [{} {} {} {}] /Border [0 0 0] {action} \
                 /Contents {}",
                n(*x),
                n(g.height - y - h),
                n(x + lw),
                n(g.height - y),
                text_string(contents)
            ),
            *tag,
        ));
    }
    annots
}
