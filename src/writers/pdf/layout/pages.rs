//! Pagination: chunks filled onto pages, groups kept together, table headers repeated.

use super::flow::{Chunk, PageRef, shift_down};
use super::{Destination, EPSILON, Geometry, Item, Page};
use std::collections::BTreeMap;

pub(super) struct Paged {
    pub(super) pages: Vec<Page>,
    pub(super) destinations: BTreeMap<String, Destination>,
    pub(super) page_refs: Vec<(usize, PageRef)>,
}

pub(super) struct Paginator<'a> {
    pub(super) geometry: &'a Geometry,
    pub(super) headers: &'a [Chunk],
    pub(super) out: Paged,
    pub(super) y: f32,
    pub(super) empty: bool,
}

impl Paginator<'_> {
    pub(super) fn new_page(&mut self) {
        self.out.pages.push(Page::default());
        self.y = self.geometry.margin_top;
        self.empty = true;
    }

    pub(super) fn remaining(&self) -> f32 {
        self.geometry.frame_bottom() - self.y
    }

    /// Puts `chunk` (whose drawing is `items`) below what the page holds.
    pub(super) fn put(&mut self, chunk: &Chunk, items: Vec<Item>) {
        let page = self.out.pages.len() - 1;
        let space = if self.empty { 0.0 } else { chunk.space_before };
        let top = self.y + space;
        let page_items = &mut self.out.pages[page].items;
        page_items.extend(items.into_iter().map(|mut i| {
            shift_down(&mut i, top);
            i
        }));
        for anchor in &chunk.anchors {
            self.out
                .destinations
                .entry(anchor.clone())
                .or_insert(Destination { page, y: top });
        }
        for r in &chunk.page_refs {
            self.out.page_refs.push((
                page,
                PageRef {
                    y: r.y + top,
                    ..r.clone()
                },
            ));
        }
        self.y = top + chunk.height;
        self.empty = false;
    }

    pub(super) fn place(&mut self, chunk: &mut Chunk) {
        let space = if self.empty { 0.0 } else { chunk.space_before };
        if !self.empty && space + chunk.height > self.remaining() + EPSILON {
            self.new_page();
        }
        if self.empty
            && let Some(h) = chunk.table_header
            && let Some(header) = self.headers.get(h)
        {
            self.put(header, header.items.clone());
        }
        let items = std::mem::take(&mut chunk.items);
        self.put(chunk, items);
    }
}

pub(super) fn paginate(mut chunks: Vec<Chunk>, headers: &[Chunk], geometry: &Geometry) -> Paged {
    let mut p = Paginator {
        geometry,
        headers,
        out: Paged {
            pages: vec![Page::default()],
            destinations: BTreeMap::new(),
            page_refs: Vec::new(),
        },
        y: geometry.margin_top,
        empty: true,
    };
    let frame = geometry.frame_height();
    let mut i = 0;
    while i < chunks.len() {
        if chunks[i].force_break && !p.empty {
            p.new_page();
        }
        // The group of chunks that must stay together with chunk i.
        // `fresh`: its height at the top of a new page (where a table row is preceded
        // by its repeated header); `needed`: its height on the current page.
        let mut j = i;
        let repeated = chunks[i]
            .table_header
            .and_then(|h| headers.get(h))
            .map_or(0.0, |h| h.height);
        let mut fresh = repeated + chunks[i].height;
        while chunks[j].keep_with_next && j + 1 < chunks.len() && !chunks[j + 1].force_break {
            let next = &chunks[j + 1];
            if fresh + next.space_before + next.height > frame {
                break;
            }
            j += 1;
            fresh += next.space_before + next.height;
        }
        let needed = fresh - repeated + chunks[i].space_before;
        if !p.empty && needed > p.remaining() + EPSILON && fresh <= frame {
            p.new_page();
        }
        for chunk in &mut chunks[i..=j] {
            p.place(chunk);
        }
        i = j + 1;
    }
    p.out
}
