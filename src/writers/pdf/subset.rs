//! TrueType subsetting: keeps only the glyphs a document uses, renumbered densely.
//!
//! The subset carries the tables a PDF `CIDFontType2` needs (`glyf`, `loca`, `hmtx`,
//! `head`, `hhea`, `maxp` and the hinting tables). Glyph ids are renumbered in the
//! order the caller first used them; components of composite glyphs are appended.

use std::collections::HashMap;

/// The glyphs of one face used by a document, in new-id order.
#[derive(Debug, Clone)]
pub struct GlyphSet {
    /// Original glyph id for each new id; new id 0 is always `.notdef`, and
    /// [`HOLE`] marks an id below the space not given to a glyph.
    pub original: Vec<u16>,
    /// The text each new glyph stands for (empty for `.notdef`, holes and components).
    pub text: Vec<String>,
    /// New id for each original id (`u16::MAX`: not used yet).
    map: Vec<u16>,
    /// The next id below [`SPACE_ID`] to give, when the space has its place.
    next_hole: Option<u16>,
    /// Whether any text was drawn in the face.
    used: bool,
    /// Whether the space is new id [`SPACE_ID`].
    spaced: bool,
}

/// The new id of the space, when a face has one: code 32 in a content string,
/// the single-byte code word spacing (`Tw`) applies to (ISO 32000-1, 9.3.3).
pub const SPACE_ID: u16 = 32;

/// An id of [`GlyphSet::original`] no glyph was given: an empty glyph in the subset.
pub const HOLE: u16 = u16::MAX;

impl GlyphSet {
    /// A set of `.notdef` alone for a face with `num_glyphs` glyphs; with `space`
    /// (the face's space glyph) that glyph is new id [`SPACE_ID`] from the start,
    /// so it has its code before any text is written, and the ids below it go to
    /// the first glyphs used. Only a face subset by hand ([`subset`]) can have
    /// holes; a face for the `subsetter` crate is given no space.
    pub fn new(num_glyphs: u16, space: Option<u16>) -> Self {
        let mut map = vec![u16::MAX; usize::from(num_glyphs).max(1)];
        map[0] = 0;
        let mut set = GlyphSet {
            original: vec![0],
            text: vec![String::new()],
            map,
            next_hole: None,
            used: false,
            spaced: false,
        };
        if let Some(gid) = space.filter(|&g| g != 0 && g < num_glyphs) {
            let space = usize::from(SPACE_ID);
            set.original.resize(space, HOLE);
            set.text.resize(space, String::new());
            set.original.push(gid);
            set.text.push(" ".to_string());
            set.map[usize::from(gid)] = SPACE_ID;
            set.next_hole = Some(1);
            set.spaced = true;
        }
        set
    }

    /// Whether new id [`SPACE_ID`] is the face's space.
    pub fn spaced(&self) -> bool {
        self.spaced
    }

    fn lookup(&self, gid: u16) -> Option<u16> {
        self.map
            .get(usize::from(gid))
            .copied()
            .filter(|&id| id != u16::MAX)
    }

    fn insert(&mut self, gid: u16, text: String) -> u16 {
        let id = match self.next_hole {
            Some(hole) => {
                self.next_hole = (hole + 1 < SPACE_ID).then_some(hole + 1);
                self.original[usize::from(hole)] = gid;
                self.text[usize::from(hole)] = text;
                hole
            }
            None => {
                self.original.push(gid);
                self.text.push(text);
                (self.original.len() - 1) as u16
            }
        };
        if let Some(slot) = self.map.get_mut(usize::from(gid)) {
            *slot = id;
        }
        id
    }

    /// The new id of original glyph `gid`, assigning one (standing for `c`) if new.
    pub fn use_glyph(&mut self, gid: u16, c: char) -> u16 {
        self.used = true;
        match self.lookup(gid) {
            Some(id) => id,
            None => self.insert(gid, c.to_string()),
        }
    }

    /// The new id of original glyph `gid`, assigning one (standing for `text`, the
    /// cluster a shaped glyph draws) if new.
    pub fn use_glyph_text(&mut self, gid: u16, text: &str) -> u16 {
        self.used = true;
        match self.lookup(gid) {
            Some(id) => id,
            None => self.insert(gid, text.to_string()),
        }
    }

    /// Number of glyphs in the subset so far.
    pub fn len(&self) -> usize {
        self.original.len()
    }

    /// Whether no text was drawn in the face.
    pub fn is_empty(&self) -> bool {
        !self.used
    }

    fn component(&mut self, gid: u16) -> u16 {
        match self.lookup(gid) {
            Some(id) => id,
            None => self.insert(gid, String::new()),
        }
    }
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

fn tables(font: &[u8]) -> Option<HashMap<[u8; 4], &[u8]>> {
    let count = usize::from(u16_at(font, 4)?);
    let mut out = HashMap::new();
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let offset = u32_at(font, rec + 8)? as usize;
        let length = u32_at(font, rec + 12)? as usize;
        out.insert(tag, font.get(offset..offset.checked_add(length)?)?);
    }
    Some(out)
}

fn checksum(data: &[u8]) -> u32 {
    let mut sum = 0u32;
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum = sum.wrapping_add(u32::from_be_bytes(word));
    }
    sum
}

/// Builds a subset font containing the glyphs of `set` (and their components, which
/// are added to `set`). Fails only if the font file is malformed.
pub fn subset(font: &[u8], set: &mut GlyphSet) -> Result<Vec<u8>, String> {
    subset_inner(font, set).ok_or_else(|| "embedded font cannot be subset".to_string())
}

fn subset_inner(font: &[u8], set: &mut GlyphSet) -> Option<Vec<u8>> {
    let t = tables(font)?;
    let head = *t.get(b"head")?;
    let hhea = *t.get(b"hhea")?;
    let maxp = *t.get(b"maxp")?;
    let hmtx = *t.get(b"hmtx")?;
    let loca = *t.get(b"loca")?;
    let glyf = *t.get(b"glyf")?;
    let long_loca = u16_at(head, 50)? == 1;
    let num_glyphs = u16_at(maxp, 4)?;
    let num_metrics = u16_at(hhea, 34)?;

    let glyph_range = |gid: u16| -> Option<(usize, usize)> {
        if gid >= num_glyphs {
            return None;
        }
        let g = usize::from(gid);
        if long_loca {
            Some((
                u32_at(loca, 4 * g)? as usize,
                u32_at(loca, 4 * g + 4)? as usize,
            ))
        } else {
            Some((
                usize::from(u16_at(loca, 2 * g)?) * 2,
                usize::from(u16_at(loca, 2 * g + 2)?) * 2,
            ))
        }
    };
    let metrics = |gid: u16| -> Option<(u16, i16)> {
        let g = usize::from(gid);
        let n = usize::from(num_metrics);
        if g < n {
            Some((u16_at(hmtx, 4 * g)?, u16_at(hmtx, 4 * g + 2)? as i16))
        } else {
            let advance = u16_at(hmtx, 4 * n.checked_sub(1)?)?;
            let lsb = u16_at(hmtx, 4 * n + 2 * (g - n)).unwrap_or(0) as i16;
            Some((advance, lsb))
        }
    };

    // Components found below are appended: a hole already written stays empty.
    set.next_hole = None;
    let mut new_glyf: Vec<u8> = Vec::new();
    let mut new_loca: Vec<u8> = Vec::new();
    let mut new_hmtx: Vec<u8> = Vec::new();
    let mut index = 0;
    while index < set.original.len() {
        let old = set.original[index];
        index += 1;
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if old == HOLE {
            new_hmtx.extend_from_slice(&[0; 4]);
            continue;
        }
        let (advance, lsb) = metrics(old)?;
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
        let (start, end) = glyph_range(old)?;
        if end <= start {
            continue;
        }
        let mut data = glyf.get(start..end)?.to_vec();
        if (u16_at(&data, 0)? as i16) < 0 {
            // Composite: rewrite each component's glyph id to its new id.
            let mut at = 10;
            loop {
                let flags = u16_at(&data, at)?;
                let component = u16_at(&data, at + 2)?;
                let new_id = set.component(component);
                data.get_mut(at + 2..at + 4)?
                    .copy_from_slice(&new_id.to_be_bytes());
                at += 4;
                at += if flags & 0x0001 != 0 { 4 } else { 2 };
                if flags & 0x0008 != 0 {
                    at += 2;
                } else if flags & 0x0040 != 0 {
                    at += 4;
                } else if flags & 0x0080 != 0 {
                    at += 8;
                }
                if flags & 0x0020 == 0 {
                    break;
                }
            }
        }
        new_glyf.extend_from_slice(&data);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let count = u16::try_from(set.original.len()).ok()?;

    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea
        .get_mut(34..36)?
        .copy_from_slice(&count.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp
        .get_mut(4..6)?
        .copy_from_slice(&count.to_be_bytes());

    // Sorted by tag, as the table directory requires.
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for tag in [b"cvt ", b"fpgm"] {
        if let Some(data) = t.get(tag) {
            out_tables.push((*tag, data.to_vec()));
        }
    }
    out_tables.push((*b"glyf", new_glyf));
    out_tables.push((*b"head", new_head));
    out_tables.push((*b"hhea", new_hhea));
    out_tables.push((*b"hmtx", new_hmtx));
    out_tables.push((*b"loca", new_loca));
    out_tables.push((*b"maxp", new_maxp));
    if let Some(data) = t.get(b"prep") {
        out_tables.push((*b"prep", data.to_vec()));
    }

    let n = out_tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&log.to_be_bytes());
    out.extend_from_slice(&(n * 16 - pow * 16).to_be_bytes());
    let mut offset = 12 + 16 * out_tables.len();
    let mut head_offset = 0;
    for (tag, data) in &out_tables {
        if tag == b"head" {
            head_offset = offset;
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &out_tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_offset + 8..head_offset + 12)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

/// Subsets a face with CFF outlines, or any face of a collection, with the
/// `subsetter` crate, keeping the ids `set` assigned. For CFF the result is the bare
/// CID-keyed `CFF ` table a `/FontFile3` of subtype `CIDFontType0C` holds; else a
/// TrueType program.
pub fn subset_cff(font: &[u8], index: u32, set: &GlyphSet, cff: bool) -> Result<Vec<u8>, String> {
    let mut remapper = subsetter::GlyphRemapper::new();
    for &gid in &set.original {
        remapper.remap(gid);
    }
    let program = subsetter::subset(font, index, &remapper)
        .map_err(|e| format!("a font cannot be subset: {e}"))?;
    if !cff {
        return Ok(program);
    }
    tables(&program)
        .and_then(|t| t.get(b"CFF ").map(|d| d.to_vec()))
        .ok_or_else(|| "a CFF font cannot be subset".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writers::pdf::fonts::{FontId, fonts};

    #[test]
    fn subset_is_a_valid_font_with_the_used_glyphs() {
        let set = fonts().expect("fonts");
        let font = set.get(FontId::REGULAR);
        let mut glyphs = GlyphSet::new(font.num_glyphs(), None);
        let mut used = Vec::new();
        for c in "Łódź Ελλάδα €".chars().filter(|c| !c.is_whitespace()) {
            let (gid, adv) = font.glyph(c).expect("glyph");
            used.push((glyphs.use_glyph(gid, c), adv));
        }
        let bytes = subset(font.data, &mut glyphs).expect("subset");
        assert!(bytes.len() < font.data.len() / 10);
        let face = ttf_parser::Face::parse(&bytes, 0).expect("subset parses");
        assert_eq!(face.number_of_glyphs() as usize, glyphs.len());
        for (new_id, adv) in used {
            let sub_adv = face
                .glyph_hor_advance(ttf_parser::GlyphId(new_id))
                .expect("advance");
            assert!((f32::from(sub_adv) * 1000.0 / 2048.0 - adv).abs() < 0.01);
            assert!(
                face.glyph_bounding_box(ttf_parser::GlyphId(new_id))
                    .is_some(),
                "glyph {new_id} has an outline"
            );
        }
        assert_eq!(checksum(&bytes), 0xB1B0_AFBA);
    }
}
