//! Page furniture: the marking, the running header and the page counter.

use super::plain::{fit, plain_line};
use super::{FURNITURE_SIZE, Geometry, Item, MARKING, MUTED, Page, RULE, Tag};
use crate::doc::Meta;
use crate::writers::pdf::fonts::{FontId, FontSet};

pub(super) fn furniture(
    page: &mut Page,
    index: usize,
    total: usize,
    meta: &Meta,
    fonts: &FontSet,
    g: &Geometry,
) {
    let size = FURNITURE_SIZE;
    let regular = FontId::REGULAR;
    // Each piece of text is laid out at x = 0, then moved into place.
    let mut place = |runs: Vec<super::TextRun>, x: f32| {
        for mut run in runs {
            run.x += x;
            page.items.push(Item::Text(run));
        }
    };
    let footer = meta.furniture.page_of(index + 1, total);
    let footer_y = g.height - g.margin_bottom + 26.0;
    let (runs, fw) = plain_line(
        fonts,
        &footer,
        regular,
        size,
        0.0,
        footer_y,
        MUTED,
        Tag::Artifact,
    );
    place(runs, g.margin_left + (g.frame_width() - fw) / 2.0);
    let cover = index == 0 && !meta.title.trim().is_empty();
    if let Some(marking) = meta.marking.as_deref().filter(|m| !m.trim().is_empty()) {
        // Every page, the cover included, carries the marking above the running header.
        let bold = fonts.bold();
        let text = fit(fonts, bold, marking.trim(), size, g.frame_width());
        let y = if cover {
            g.margin_top - 20.0
        } else {
            g.margin_top - 33.0
        };
        let (runs, mw) = plain_line(fonts, &text, bold, size, 0.0, y, MARKING, Tag::Artifact);
        place(runs, g.margin_left + (g.frame_width() - mw) / 2.0);
    }
    if cover {
        return;
    }
    let y = g.margin_top - 20.0;
    let mut right_w = 0.0;
    if let Some(reference) = meta.reference.as_deref().filter(|r| !r.trim().is_empty()) {
        let text = fit(fonts, regular, reference, size, g.frame_width() / 2.0);
        let (runs, w) = plain_line(fonts, &text, regular, size, 0.0, y, MUTED, Tag::Artifact);
        right_w = w;
        place(runs, g.width - g.margin_right - right_w);
    }
    let title = fit(
        fonts,
        regular,
        meta.title.trim(),
        size,
        g.frame_width() - right_w - 12.0,
    );
    if !title.is_empty() {
        let (runs, _) = plain_line(fonts, &title, regular, size, 0.0, y, MUTED, Tag::Artifact);
        place(runs, g.margin_left);
    }
    page.items.push(Item::Line {
        x1: g.margin_left,
        y1: y + 5.0,
        x2: g.width - g.margin_right,
        y2: y + 5.0,
        width: 0.5,
        color: RULE,
    });
}
