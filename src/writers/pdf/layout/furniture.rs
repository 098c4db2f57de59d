//! Page furniture: the marking, the running header and the page counter.

use super::{FURNITURE_SIZE, Geometry, Item, MARKING, MUTED, Page, RULE, TextRun};
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
    let regular = fonts.get(FontId::Regular);
    let footer = meta.furniture.page_of(index + 1, total);
    let fw = regular.width(&footer, size);
    page.items.push(Item::Text(TextRun {
        x: g.margin_left + (g.frame_width() - fw) / 2.0,
        y: g.height - g.margin_bottom + 26.0,
        font: FontId::Regular,
        size,
        text: footer,
        space_extra: 0.0,
        color: MUTED,
    }));
    let cover = index == 0 && !meta.title.trim().is_empty();
    if let Some(marking) = meta.marking.as_deref().filter(|m| !m.trim().is_empty()) {
        // Every page, the cover included, carries the marking above the running header.
        let bold = fonts.get(FontId::Bold);
        let text = fit(fonts, marking.trim(), size, g.frame_width());
        let mw = bold.width(&text, size);
        page.items.push(Item::Text(TextRun {
            x: g.margin_left + (g.frame_width() - mw) / 2.0,
            y: if cover {
                g.margin_top - 20.0
            } else {
                g.margin_top - 33.0
            },
            font: FontId::Bold,
            size,
            text,
            space_extra: 0.0,
            color: MARKING,
        }));
    }
    if cover {
        return;
    }
    let y = g.margin_top - 20.0;
    let mut right_w = 0.0;
    if let Some(reference) = meta.reference.as_deref().filter(|r| !r.trim().is_empty()) {
        let text = fit(fonts, reference, size, g.frame_width() / 2.0);
        right_w = regular.width(&text, size);
        page.items.push(Item::Text(TextRun {
            x: g.width - g.margin_right - right_w,
            y,
            font: FontId::Regular,
            size,
            text,
            space_extra: 0.0,
            color: MUTED,
        }));
    }
    let title = fit(
        fonts,
        meta.title.trim(),
        size,
        g.frame_width() - right_w - 12.0,
    );
    if !title.is_empty() {
        page.items.push(Item::Text(TextRun {
            x: g.margin_left,
            y,
            font: FontId::Regular,
            size,
            text: title,
            space_extra: 0.0,
            color: MUTED,
        }));
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

/// `text` shortened with an ellipsis to fit `width` (its characters were checked
/// before layout began).
pub(super) fn fit(fonts: &FontSet, text: &str, size: f32, width: f32) -> String {
    let regular = fonts.get(FontId::Regular);
    if regular.width(text, size) <= width {
        return text.to_string();
    }
    let ellipsis = regular.width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = regular.char_width(c, size);
        if w + cw + ellipsis > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}
