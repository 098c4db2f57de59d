//! One line of plain text in one style, outside the paragraph flow (the running
//! header and footer, the marking): each character in the face that draws it,
//! shaped and put in display order like a line of a paragraph.

use super::linebreak::Line;
use super::prepare::{Prepared, Run};
use super::{Color, Tag, TextRun};
use crate::writers::pdf::fonts::{FontId, FontSet};

/// `text` as positioned runs (the first at `x`, baseline `y`) and its width.
#[allow(clippy::too_many_arguments)]
pub(super) fn plain_line(
    fonts: &FontSet,
    text: &str,
    font: FontId,
    size: f32,
    x: f32,
    y: f32,
    color: Color,
    tag: Tag,
) -> (Vec<TextRun>, f32) {
    let mut p = Prepared::default();
    for c in text.chars() {
        // Characters were checked before layout; one no face has draws as .notdef.
        let f = fonts.resolve(font, c).unwrap_or(font);
        let start = p.text.len();
        p.text.push(c);
        match p.runs.last_mut() {
            Some(r) if r.font == f => r.end = p.text.len(),
            _ => p.runs.push(Run::plain(start, p.text.len(), f, color)),
        }
    }
    p.bidi_and_shape(fonts);
    let mut line = Line::default();
    p.append(&mut line, fonts, 0, (0, p.text.len()), size, None);
    let mut cx = x;
    let mut runs = Vec::with_capacity(line.frags.len());
    for index in p.visual_order(&line) {
        let f = &line.frags[index];
        let run = &p.runs[f.run];
        runs.push(TextRun {
            x: cx,
            y,
            font: run.font,
            size,
            text: p.text[f.start..f.end].to_string(),
            glyphs: p.placed_glyphs(run, f.start, f.end),
            rtl: run.level % 2 == 1,
            space_extra: 0.0,
            color,
            tag,
        });
        cx += f.width;
    }
    (runs, line.width)
}

/// `text` shortened with an ellipsis to fit `width`, measured character by
/// character (so a long title costs time in proportion to its length).
pub(super) fn fit(fonts: &FontSet, font: FontId, text: &str, size: f32, width: f32) -> String {
    let units = |c: char| {
        let f = fonts.resolve(font, c).unwrap_or(font);
        fonts.get(f).glyph(c).map_or(0.0, |(_, adv)| adv)
    };
    let total: f32 = text.chars().map(units).sum();
    if total * size / 1000.0 <= width {
        return text.to_string();
    }
    let ellipsis = units('…') * size / 1000.0;
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = units(c) * size / 1000.0;
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
