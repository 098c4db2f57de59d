//! Page content streams: text, rules and filled boxes as PDF operators, recording
//! the glyphs each font subset needs.

use super::serialize::{n, push_num};
use crate::writers::pdf::fonts::{FontId, FontSet};
use crate::writers::pdf::layout::{Color, Item, Layout, TextRun};
use crate::writers::pdf::subset::GlyphSet;
use std::fmt::Write as _;

/// The content stream of every page, and the glyphs of each font they use.
pub(super) fn page_contents(layout: &Layout, fonts: &FontSet) -> (Vec<String>, Vec<GlyphSet>) {
    let g = &layout.geometry;
    let mut glyphs: Vec<GlyphSet> = FontId::ALL
        .iter()
        .map(|&id| GlyphSet::new(fonts.get(id).num_glyphs()))
        .collect();
    let mut contents = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut c = String::with_capacity(16384);
        let mut fill_state: Option<Color> = None;
        let mut stroke_state: Option<Color> = None;
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    if fill_state != Some(run.color) {
                        color(&mut c, run.color, "rg");
                        fill_state = Some(run.color);
                    }
                    text_op(&mut c, run, g.height, fonts, &mut glyphs)
                }
                Item::Rect { x, y, w, h, fill } => {
                    if fill_state != Some(*fill) {
                        color(&mut c, *fill, "rg");
                        fill_state = Some(*fill);
                    }
                    let _ = writeln!(
                        c,
                        "{} {} {} {} re f",
                        n(*x),
                        n(g.height - y - h),
                        n(*w),
                        n(*h)
                    );
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color: stroke,
                } => {
                    if stroke_state != Some(*stroke) {
                        color(&mut c, *stroke, "RG");
                        stroke_state = Some(*stroke);
                    }
                    let _ = writeln!(
                        c,
                        "{} w {} {} m {} {} l S",
                        n(*width),
                        n(*x1),
                        n(g.height - y1),
                        n(*x2),
                        n(g.height - y2)
                    );
                }
                Item::Link { .. } => {}
            }
        }
        contents.push(c);
    }
    (contents, glyphs)
}

/// Appends the operators drawing one text run; glyphs are recorded in `glyphs`.
fn text_op(
    c: &mut String,
    run: &TextRun,
    page_height: f32,
    fonts: &FontSet,
    glyphs: &mut [GlyphSet],
) {
    let font = fonts.get(run.font);
    let set = &mut glyphs[run.font.index()];
    c.push_str("BT ");
    let _ = write!(c, "/F{} ", run.font.index());
    push_num(c, run.size);
    c.push_str(" Tf 1 0 0 1 ");
    push_num(c, run.x);
    c.push(' ');
    push_num(c, page_height - run.y);
    c.push_str(" Tm [<");
    let adjust = if run.space_extra.abs() > 0.001 {
        Some(n(-run.space_extra * 1000.0 / run.size))
    } else {
        None
    };
    for ch in run.text.chars() {
        let gid = font.glyph(ch).map_or(0, |(gid, _)| gid);
        let id = set.use_glyph(gid, ch);
        push_hex4(c, id);
        if ch == ' '
            && let Some(adj) = &adjust
        {
            let _ = write!(c, "> {adj} <");
        }
    }
    c.push_str(">] TJ ET\n");
}

fn push_hex4(c: &mut String, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        c.push(char::from(HEX[usize::from((v >> shift) & 0xF)]));
    }
}

fn color(c: &mut String, rgb: Color, op: &str) {
    for v in rgb {
        push_num(c, v);
        c.push(' ');
    }
    c.push_str(op);
    c.push('\n');
}
