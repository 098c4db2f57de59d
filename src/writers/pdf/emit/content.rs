//! Page content streams: text, rules and filled boxes as PDF operators, recording
//! the glyphs each font subset needs. In a tagged file every text run sits in marked
//! content naming its structure element (`/P <</MCID 3>> BDC … EMC`) and everything
//! else (furniture, rules, boxes) in `/Artifact BMC … EMC`.

use super::codes::code;
use super::serialize::{n, push_num, push_uint, push_utf16_string};
use crate::writers::pdf::fonts::{Font, FontSet};
use crate::writers::pdf::layout::{Color, Item, Layout, PlacedGlyph, Tag, TextRun};
use crate::writers::pdf::subset::GlyphSet;
use std::fmt::Write as _;

/// The page content streams, with the glyphs each font needs and, when tagged, the
/// structure element of each marked-content id of each page.
pub(super) struct Contents {
    /// One content stream per page.
    pub streams: Vec<String>,
    /// The glyphs used, per font.
    pub glyphs: Vec<GlyphSet>,
    /// Per page, the element (index into the layout's structure) of each MCID.
    pub mcids: Vec<Vec<u32>>,
}

/// Which marked-content sequence is open.
#[derive(Clone, Copy, PartialEq)]
enum Marked {
    None,
    Artifact,
    Element(u32),
}

/// Opens the marked content `want` needs, closing the open one if it differs.
fn mark(c: &mut String, open: &mut Marked, want: Marked, layout: &Layout, mcids: &mut Vec<u32>) {
    if *open == want {
        return;
    }
    if *open != Marked::None {
        c.push_str("EMC\n");
    }
    match want {
        Marked::None => {}
        Marked::Artifact => c.push_str("/Artifact BMC\n"),
        Marked::Element(e) => {
            c.push('/');
            c.push_str(layout.structure[e as usize].role.name());
            c.push_str(" <</MCID ");
            push_uint(c, mcids.len() as u64);
            c.push_str(">> BDC\n");
            mcids.push(e);
        }
    }
    *open = want;
}

/// The content stream of every page; marked content when `tagged`.
pub(super) fn page_contents(layout: &Layout, fonts: &FontSet, tagged: bool) -> Contents {
    let g = &layout.geometry;
    let mut glyphs = Glyphs::new(fonts);
    let mut contents = Vec::with_capacity(layout.pages.len());
    let mut all_mcids = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut c = String::with_capacity(16384);
        let mut fill_state: Option<Color> = None;
        let mut stroke_state: Option<Color> = None;
        let mut open = Marked::None;
        let mut mcids = Vec::new();
        let mut text_state = TextState::default();
        for item in &page.items {
            // Shaped left-to-right text may reorder glyphs (an Indic vowel sign drawn
            // before its consonant), which a glyph-to-text map cannot express: its text
            // is given in logical order as the /ActualText of a /Span inside the
            // element's sequence (right-to-left glyphs are drawn in visual order, which
            // extraction reverses itself, so their map suffices). Artifacts need none.
            let span = match item {
                Item::Text(run) => {
                    let furniture = tagged && matches!(run.tag, Tag::Artifact);
                    !run.glyphs.is_empty() && !run.rtl && !furniture
                }
                _ => false,
            };
            if tagged {
                let want = match item {
                    Item::Text(TextRun {
                        tag: Tag::Element(e),
                        ..
                    }) => Marked::Element(*e),
                    Item::Image {
                        tag: Tag::Element(e),
                        ..
                    } => Marked::Element(*e),
                    Item::Link { .. } => open,
                    _ => Marked::Artifact,
                };
                mark(&mut c, &mut open, want, layout, &mut mcids);
            }
            match item {
                Item::Text(run) => {
                    if fill_state != Some(run.color) {
                        color(&mut c, run.color, "rg");
                        fill_state = Some(run.color);
                    }
                    if span {
                        c.push_str("/Span <</ActualText ");
                        push_utf16_string(&mut c, &run.text);
                        c.push_str(">> BDC\n");
                    }
                    text_op(&mut c, run, g.height, fonts, &mut glyphs, &mut text_state);
                    if span {
                        c.push_str("EMC\n");
                    }
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
                Item::Image {
                    x, y, w, h, image, ..
                } => {
                    let _ = writeln!(
                        c,
                        "q {} 0 0 {} {} {} cm /Im{image} Do Q",
                        n(*w),
                        n(*h),
                        n(*x),
                        n(g.height - y - h)
                    );
                }
                Item::Link { .. } | Item::NoteRef(_) => {}
            }
        }
        mark(&mut c, &mut open, Marked::None, layout, &mut mcids);
        contents.push(c);
        all_mcids.push(mcids);
    }
    Contents {
        streams: contents,
        glyphs: glyphs.sets,
        mcids: all_mcids,
    }
}

/// The glyphs each face has drawn so far, and the code of each ASCII character
/// already seen in it, when that code is one byte written as it is.
struct Glyphs {
    sets: Vec<GlyphSet>,
    ascii: Vec<[u8; 128]>,
}

/// [`Glyphs::ascii`] for a character not seen yet, or one whose code is longer or
/// escaped.
const SLOW: u8 = 0xFF;

impl Glyphs {
    fn new(fonts: &FontSet) -> Glyphs {
        let sets: Vec<GlyphSet> = fonts
            .ids()
            .map(|id| {
                let font = fonts.get(id);
                // Only a face rfx subsets itself can give the space its id.
                let space = font.subset_by_hand().then(|| font.glyph(' ')).flatten();
                GlyphSet::new(font.num_glyphs(), space.map(|(gid, _)| gid))
            })
            .collect();
        let ascii = vec![[SLOW; 128]; sets.len()];
        Glyphs { sets, ascii }
    }

    /// Appends the codes of `text` in `font` (face `index`) inside an open string.
    fn push_text(&mut self, c: &mut String, index: usize, font: &Font, text: &str) {
        let (set, ascii) = (&mut self.sets[index], &mut self.ascii[index]);
        for ch in text.chars() {
            if let Some(&byte) = ascii.get(ch as usize)
                && byte != SLOW
            {
                c.push(char::from(byte));
                continue;
            }
            let gid = font.glyph(ch).map_or(0, |(gid, _)| gid);
            let code = code(set.use_glyph(gid, ch));
            push_code_bytes(c, code.as_bytes());
            if let (Some(slot), &[byte]) = (ascii.get_mut(ch as usize), code.as_bytes())
                && written_as_is(byte)
            {
                *slot = byte;
            }
        }
    }
}

/// The text state a page's content stream last set: it outlives `ET`, so a line in
/// the font, size and word spacing of the line before sets none of them again.
#[derive(Default)]
struct TextState {
    font: Option<(usize, f32)>,
    /// `Tw`: added to each space (code 32) drawn.
    word_spacing: f32,
}

/// Appends the operators drawing one text run; glyphs are recorded in `glyphs`.
/// A justified run in a face with a space is one string under the word spacing
/// `Tw`; in a face without one, and when shaped, the pen is moved after each
/// space inside `TJ`.
fn text_op(
    c: &mut String,
    run: &TextRun,
    page_height: f32,
    fonts: &FontSet,
    glyphs: &mut Glyphs,
    state: &mut TextState,
) {
    let font = fonts.get(run.font);
    let set = &glyphs.sets[run.font.index()];
    let plain = run.glyphs.is_empty();
    let justified = run.space_extra.abs() > 0.001;
    let word_spacing = if plain && justified && set.spaced() {
        run.space_extra
    } else {
        0.0
    };
    c.push_str("BT ");
    if state.font != Some((run.font.index(), run.size)) {
        c.push_str("/F");
        push_uint(c, run.font.index() as u64);
        c.push(' ');
        push_num(c, run.size);
        c.push_str(" Tf ");
        state.font = Some((run.font.index(), run.size));
    }
    // Code 32 is the space in a face whose space has its id, else any glyph: only
    // a run drawing no code 32 leaves the word spacing as it is.
    let draws_code_32 = !(plain && set.spaced() && !run.text.contains(' '));
    if draws_code_32 && state.word_spacing != word_spacing {
        push_num(c, word_spacing);
        c.push_str(" Tw ");
        state.word_spacing = word_spacing;
    }
    push_num(c, run.x);
    c.push(' ');
    push_num(c, page_height - run.y);
    let index = run.font.index();
    if !plain {
        c.push_str(" Td [(");
        shaped_glyphs(c, run, font, &mut glyphs.sets[index]);
        return;
    }
    if word_spacing != 0.0 || !justified {
        c.push_str(" Td (");
        glyphs.push_text(c, index, font, &run.text);
        c.push_str(") Tj ET\n");
        return;
    }
    c.push_str(" Td [(");
    let adjust = n(-run.space_extra * 1000.0 / run.size);
    for word in run.text.split_inclusive(' ') {
        glyphs.push_text(c, index, font, word);
        if word.ends_with(' ') {
            c.push_str(") ");
            c.push_str(&adjust);
            c.push_str(" (");
        }
    }
    c.push_str(")] TJ ET\n");
}

/// The glyphs of a shaped run inside an open `[(` of `TJ`: each drawn at its offset,
/// the pen moved by its shaped advance (and the justification after a space);
/// vertical offsets through the text rise.
fn shaped_glyphs(
    c: &mut String,
    run: &TextRun,
    font: &crate::writers::pdf::fonts::Font,
    set: &mut GlyphSet,
) {
    let extra = run.space_extra * 1000.0 / run.size;
    let mut rise = 0.0f32;
    // Pending horizontal move (TJ units: positive moves left).
    let mut pending = 0.0f32;
    for g in &run.glyphs {
        let PlacedGlyph {
            id,
            advance,
            dx,
            dy,
            text,
        } = g;
        if (dy - rise).abs() > 0.01 {
            c.push_str(")] TJ ");
            push_num(c, dy * run.size / 1000.0);
            c.push_str(" Ts [(");
            rise = *dy;
        }
        pending -= dx;
        if pending.abs() > 0.01 {
            c.push_str(") ");
            push_num(c, pending);
            c.push_str(" (");
        }
        push_code(c, set.use_glyph_text(*id, text));
        let mut after = dx + font.glyph_advance(*id) - advance;
        if text == " " {
            after -= extra;
        }
        pending = after;
    }
    c.push_str(")] TJ ");
    if rise != 0.0 {
        c.push_str("0 Ts ");
    }
    c.push_str("ET\n");
}

/// One glyph's code (see [`super::codes`]) inside a literal string: bytes below
/// 0x80 as they are, the string delimiters and line ends escaped, higher bytes in
/// octal, so the stream stays ASCII.
fn push_code(c: &mut String, id: u16) {
    push_code_bytes(c, code(id).as_bytes());
}

/// The bytes of one code inside a literal string (see [`push_code`]).
fn push_code_bytes(c: &mut String, code: &[u8]) {
    for &byte in code {
        if written_as_is(byte) {
            c.push(char::from(byte));
            continue;
        }
        match byte {
            b'\r' => c.push_str("\\r"),
            b'\n' => c.push_str("\\n"),
            b'(' | b')' | b'\\' => {
                c.push('\\');
                c.push(char::from(byte));
            }
            _ => {
                c.push('\\');
                for shift in [6, 3, 0] {
                    c.push(char::from(b'0' + ((byte >> shift) & 7)));
                }
            }
        }
    }
}

/// Whether a code byte goes into a literal string as it is: ASCII other than the
/// string delimiters, the escape and line ends.
fn written_as_is(byte: u8) -> bool {
    !matches!(byte, b'(' | b')' | b'\\' | b'\r' | b'\n' | 0x80..)
}

fn color(c: &mut String, rgb: Color, op: &str) {
    for v in rgb {
        push_num(c, v);
        c.push(' ');
    }
    c.push_str(op);
    c.push('\n');
}
