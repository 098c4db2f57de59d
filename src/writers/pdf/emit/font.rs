//! Fonts: each face used becomes a subset Type 0 font (`CIDFontType2` with the
//! TrueType program in `/FontFile2`, or `CIDFontType0` with the CFF program in
//! `/FontFile3`), with a `ToUnicode` map so text can be copied and searched.
//!
//! What a subset font's objects hold depends only on the face and the glyphs used,
//! so the subset, its widths and its compressed program and map are kept for the
//! process ([`embedded`]): documents set in the same glyphs (a batch's NDAs, a pack
//! rebuilt) subset and compress each font once.

use super::codes::{CMAP_NAME, CODED_IDS, IDENTITY, encoding_cmap, to_unicode};
use super::serialize::{Deflated, Writer, n};
use crate::writers::pdf::fonts::{Font, FontId, FontSet, Outlines};
use crate::writers::pdf::subset::{GlyphSet, HOLE, subset, subset_cff};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

/// Writes the fonts whose glyphs `glyphs` records, and the encoding CMap they share
/// ([`super::codes`]); returns the entries of the resource dictionary's `/Font`
/// (`/F0 12 0 R …`).
pub(super) fn write_fonts(
    w: &mut Writer,
    fonts: &FontSet,
    glyphs: &mut [GlyphSet],
) -> Result<String, String> {
    let mut font_refs = String::new();
    let mut encoding: Option<u32> = None;
    let mut most = 0;
    for id in fonts.ids() {
        let set = &mut glyphs[id.index()];
        if set.is_empty() {
            continue;
        }
        let font = fonts.get(id);
        if set.len() > CODED_IDS {
            return Err(format!(
                "the text uses {} different glyphs of the font {}, more than the {CODED_IDS} \
                 one font of a PDF can draw here; split the document",
                set.len(),
                font.postscript_name
            ));
        }
        most = most.max(set.len());
        let cmap = *encoding.get_or_insert_with(|| w.alloc());
        let cff = font.outlines == Outlines::Cff;
        let embedded = embedded(w, id, font, set)?;
        let name = format!("{}+{}", embedded.tag, font.postscript_name);
        let (type0, cid, descriptor, file, tounicode) =
            (w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc());
        let _ = write!(font_refs, "/F{} {type0} 0 R ", id.index());
        w.object(
            type0,
            &format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding {cmap} 0 R \
                 /DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>"
            ),
        );
        w.object(
            cid,
            &format!(
                "<< /Type /Font /Subtype /{} /BaseFont /{name} \
                 /CIDSystemInfo {IDENTITY} /FontDescriptor {descriptor} 0 R {}/DW 0 /W [0 [{}]] >>",
                if cff { "CIDFontType0" } else { "CIDFontType2" },
                if cff { "" } else { "/CIDToGIDMap /Identity " },
                embedded.widths
            ),
        );
        w.object(descriptor, &descriptor_dict(font, &name, file));
        if cff {
            w.deflated_stream(file, "/Subtype /CIDFontType0C", &embedded.program);
        } else {
            let length = format!("/Length1 {}", embedded.program_len);
            w.deflated_stream(file, &length, &embedded.program);
        }
        w.deflated_stream(tounicode, "", &embedded.to_unicode);
    }
    if let Some(cmap) = encoding {
        // The CMap's WMode is that of the stream dictionary (ISO 19005-2, 6.2.11.3.3).
        let dict = format!("/Type /CMap /CMapName /{CMAP_NAME} /CIDSystemInfo {IDENTITY} /WMode 0");
        w.stream(cmap, &dict, encoding_cmap(most).into_bytes());
    }
    Ok(font_refs)
}

/// The parts of a subset font that follow from the face and its glyphs alone.
struct Embedded {
    /// The subset tag (six capitals).
    tag: String,
    /// The `/W` widths of the subset's glyphs, in new-id order.
    widths: String,
    /// The font program, compressed, and its size before compression.
    program: Deflated,
    program_len: usize,
    /// The `ToUnicode` map, compressed.
    to_unicode: Deflated,
}

/// What an [`Embedded`] is kept under: the face (font files are interned for the
/// process, so their address names them), its resource number and the glyphs used.
#[derive(PartialEq)]
struct Key {
    data: (usize, usize),
    face_index: u32,
    id: FontId,
    original: Vec<u16>,
    text: Vec<String>,
}

/// How many subset fonts the process keeps (a few families × styles × documents).
const FONTS_KEPT: usize = 64;

/// The subset of `font` for the glyphs of `set`, made on first need and kept.
fn embedded(
    w: &mut Writer,
    id: FontId,
    font: &Font,
    set: &mut GlyphSet,
) -> Result<Arc<Embedded>, String> {
    static KEPT: Mutex<Vec<(Key, Arc<Embedded>)>> = Mutex::new(Vec::new());
    let key = Key {
        data: (font.data.as_ptr() as usize, font.data.len()),
        face_index: font.face_index,
        id,
        original: set.original.clone(),
        text: set.text.clone(),
    };
    if let Ok(kept) = KEPT.lock()
        && let Some((_, found)) = kept.iter().find(|(k, _)| *k == key)
    {
        return Ok(found.clone());
    }
    let cff = font.outlines == Outlines::Cff;
    let program = if font.subset_by_hand() {
        subset(font.data, set)?
    } else {
        subset_cff(font.data, font.face_index, set, cff)?
    };
    let mut widths = String::with_capacity(set.len() * 6);
    for &old in &set.original {
        if old == HOLE {
            widths.push_str("0 ");
        } else {
            widths.push_str(&n(font.glyph_advance(old)));
            widths.push(' ');
        }
    }
    widths.truncate(widths.trim_end().len());
    let made = Arc::new(Embedded {
        tag: subset_tag(id, &set.original),
        widths,
        program: w.deflate(&program),
        program_len: program.len(),
        to_unicode: w.deflate(to_unicode(&set.text).as_bytes()),
    });
    if let Ok(mut kept) = KEPT.lock() {
        if kept.len() >= FONTS_KEPT {
            kept.remove(0);
        }
        kept.push((key, made.clone()));
    }
    Ok(made)
}

/// The font descriptor of `font`, embedding the program object `file`.
fn descriptor_dict(font: &Font, name: &str, file: u32) -> String {
    let mut flags = 32; // non-symbolic
    if font.fixed_pitch {
        flags |= 1;
    }
    if font.italic {
        flags |= 64;
    }
    let stem_v = if font.bold { 120 } else { 80 };
    let key = match font.outlines {
        Outlines::TrueType => "FontFile2",
        Outlines::Cff => "FontFile3",
    };
    format!(
        "<< /Type /FontDescriptor /FontName /{name} /Flags {flags} \
         /FontBBox [{} {} {} {}] /ItalicAngle {} /Ascent {} /Descent {} \
         /CapHeight {} /StemV {stem_v} /{key} {file} 0 R >>",
        n(font.bbox[0]),
        n(font.bbox[1]),
        n(font.bbox[2]),
        n(font.bbox[3]),
        n(font.italic_angle),
        n(font.ascent),
        n(font.descent),
        n(font.cap_height),
    )
}

/// Six capital letters naming the subset, derived from its glyphs (so stable).
fn subset_tag(id: FontId, glyphs: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ id.index() as u64;
    for g in glyphs {
        h ^= u64::from(*g);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}
