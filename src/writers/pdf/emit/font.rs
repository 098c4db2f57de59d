//! Fonts: each face used becomes a subset Type 0 font (`CIDFontType2` with the
//! TrueType program in `/FontFile2`, or `CIDFontType0` with the CFF program in
//! `/FontFile3`), with a `ToUnicode` map so text can be copied and searched.

use super::serialize::{Writer, n};
use crate::writers::pdf::fonts::{Font, FontId, FontSet, Outlines};
use crate::writers::pdf::subset::{GlyphSet, subset, subset_cff};
use std::fmt::Write as _;

/// Writes the fonts whose glyphs `glyphs` records; returns the entries of the
/// resource dictionary's `/Font` (`/F0 12 0 R …`).
pub(super) fn write_fonts(
    w: &mut Writer,
    fonts: &FontSet,
    glyphs: &mut [GlyphSet],
) -> Result<String, String> {
    let mut font_refs = String::new();
    for id in fonts.ids() {
        let set = &mut glyphs[id.index()];
        if set.is_empty() {
            continue;
        }
        let font = fonts.get(id);
        let cff = font.outlines == Outlines::Cff;
        let collection = font.data.starts_with(b"ttcf");
        let program = if cff || collection {
            subset_cff(font.data, font.face_index, set, cff)?
        } else {
            subset(font.data, set)?
        };
        let tag = subset_tag(id, &set.original);
        let name = format!("{tag}+{}", font.postscript_name);
        let (type0, cid, descriptor, file, tounicode) =
            (w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc());
        let _ = write!(font_refs, "/F{} {type0} 0 R ", id.index());
        w.object(
            type0,
            &format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
                 /DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>"
            ),
        );
        let mut widths = String::with_capacity(set.len() * 6);
        for &old in &set.original {
            widths.push_str(&n(font.glyph_advance(old)));
            widths.push(' ');
        }
        w.object(
            cid,
            &format!(
                "<< /Type /Font /Subtype /{} /BaseFont /{name} \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                 /FontDescriptor {descriptor} 0 R {}/DW 0 /W [0 [{}]] >>",
                if cff { "CIDFontType0" } else { "CIDFontType2" },
                if cff { "" } else { "/CIDToGIDMap /Identity " },
                widths.trim_end()
            ),
        );
        w.object(descriptor, &descriptor_dict(font, &name, file));
        if cff {
            w.stream(file, "/Subtype /CIDFontType0C", &program);
        } else {
            w.stream(file, &format!("/Length1 {}", program.len()), &program);
        }
        w.stream(tounicode, "", to_unicode(&set.text).as_bytes());
    }
    Ok(font_refs)
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

fn to_unicode(texts: &[String]) -> String {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let mapped: Vec<(usize, &String)> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .collect();
    for block in mapped.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (id, text) in block {
            let _ = write!(out, "<{id:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
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
