//! The document outline (bookmarks): headings nested by level, closed below the top.

use super::serialize::{Writer, text_string};
use crate::writers::pdf::layout::Layout;
use std::fmt::Write as _;

/// Writes the outline of `layout`; `dest` gives the destination of an anchor.
/// Returns the outline root, or `None` when no heading has a destination.
pub(super) fn outline(
    w: &mut Writer,
    layout: &Layout,
    dest: &dyn Fn(&str) -> Option<String>,
) -> Option<u32> {
    let entries: Vec<_> = layout
        .outline
        .iter()
        .filter_map(|e| dest(&e.anchor).map(|d| (e, d)))
        .collect();
    if entries.is_empty() {
        return None;
    }
    let root = w.alloc();
    let ids: Vec<u32> = entries.iter().map(|_| w.alloc()).collect();
    // parent[i]: index of the enclosing entry, children[i]: direct children.
    let mut parent: Vec<Option<usize>> = vec![None; entries.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut top = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, (e, _)) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].0.level >= e.level) {
            stack.pop();
        }
        match stack.last() {
            Some(&p) => {
                parent[i] = Some(p);
                children[p].push(i);
            }
            None => top.push(i),
        }
        stack.push(i);
    }
    for (i, (e, d)) in entries.iter().enumerate() {
        let siblings = match parent[i] {
            Some(p) => &children[p],
            None => &top,
        };
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = format!(
            "<< /Title {} /Parent {} 0 R /Dest {d}",
            text_string(&e.title),
            parent[i].map_or(root, |p| ids[p])
        );
        if pos > 0 {
            let _ = write!(dict, " /Prev {} 0 R", ids[siblings[pos - 1]]);
        }
        if let Some(&next) = siblings.get(pos + 1) {
            let _ = write!(dict, " /Next {} 0 R", ids[next]);
        }
        // Closed: `/Count` is minus the entries shown on opening, its direct children.
        if let (Some(&first), Some(&last)) = (children[i].first(), children[i].last()) {
            let _ = write!(
                dict,
                " /First {} 0 R /Last {} 0 R /Count -{}",
                ids[first],
                ids[last],
                children[i].len()
            );
        }
        dict.push_str(" >>");
        w.object(ids[i], &dict);
    }
    let (first, last) = (top.first().copied()?, top.last().copied()?);
    w.object(
        root,
        &format!(
            "<< /Type /Outlines /First {} 0 R /Last {} 0 R /Count {} >>",
            ids[first],
            ids[last],
            top.len()
        ),
    );
    Some(root)
}
