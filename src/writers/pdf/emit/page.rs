//! Page objects: the page tree, each page with its content stream and its link
//! annotations.

use super::serialize::{Writer, ascii_string, n};
use crate::writers::pdf::layout::{Item, Layout, LinkTarget, Page};
use std::fmt::Write as _;

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

/// Writes every page, its content stream and the page tree.
pub(super) fn write_pages(
    w: &mut Writer,
    layout: &Layout,
    ids: &PageIds,
    resources: u32,
    contents: &[String],
) {
    let g = &layout.geometry;
    for (index, page) in layout.pages.iter().enumerate() {
        let (page_id, content_id) = ids.pages[index];
        let annots = annotations(layout, ids, page);
        let annots = if annots.is_empty() {
            String::new()
        } else {
            format!(" /Annots [{}]", annots.trim_end())
        };
        w.object(
            page_id,
            &format!(
                "<< /Type /Page /Parent {} 0 R /MediaBox [0 0 {} {}] \
                 /Resources {resources} 0 R /Contents {content_id} 0 R{annots} >>",
                ids.root,
                n(g.width),
                n(g.height)
            ),
        );
        w.stream(content_id, "", contents[index].as_bytes());
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
}

/// The link annotations of `page`, as direct dictionaries separated by spaces; each
/// is printable (`/F 4`), as PDF/A wants.
fn annotations(layout: &Layout, ids: &PageIds, page: &Page) -> String {
    let g = &layout.geometry;
    let mut annots = String::new();
    for item in &page.items {
        let Item::Link {
            x,
            y,
            w: lw,
            h,
            target,
        } = item
        else {
            continue;
        };
        let action = match target {
            LinkTarget::Uri(uri) => format!("/A << /S /URI /URI {} >>", ascii_string(uri)),
            LinkTarget::Anchor(anchor) => match ids.dest(layout, anchor) {
                Some(d) => format!("/Dest {d}"),
                None => continue,
            },
        };
        let _ = write!(
            annots,
            "<< /Type /Annot /Subtype /Link /F 4 /Rect [{} {} {} {}] /Border [0 0 0] {action} >> ",
            n(*x),
            n(g.height - y - h),
            n(x + lw),
            n(g.height - y)
        );
    }
    annots
}
