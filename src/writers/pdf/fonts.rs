//! The faces a PDF may draw with, their metrics and their coverage.
//!
//! A [`FontSet`] holds the chosen families (body, headings, monospace; each regular,
//! bold, italic and bold italic), then the bundled fallback fonts, then faces found in
//! font directories or the system's fonts for characters nothing else can draw. The
//! default families are the embedded Liberation Sans and Mono (SIL OFL 1.1), the
//! fallbacks DejaVu Sans (symbols, Greek, Cyrillic, Arabic, Hebrew…; Bitstream Vera
//! licence) and Noto Sans Malayalam (OFL); the files live under `fonts/` with their
//! licences. Widths come from each face's own `hmtx` advances (via `ttf-parser`), or
//! from the shaper for text that needs shaping ([`shape`]).

mod discover;
mod setup;
pub mod shape;

pub use setup::{FamilyFiles, FontSetup};

use std::sync::{Arc, OnceLock};

/// One face of a [`FontSet`], by position; `/F<index>` in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FontId(u16);

impl FontId {
    /// The body family's regular face, always the first.
    pub const REGULAR: FontId = FontId(0);

    /// Position in the set.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// Which family a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Body text, tables, lists, furniture.
    Body,
    /// The title and headings.
    Headings,
    /// Code spans and code blocks.
    Monospace,
}

/// How a face's glyphs are described, which decides how it is embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlines {
    /// `glyf` outlines: a `CIDFontType2` with `/FontFile2`.
    TrueType,
    /// `CFF ` outlines (OpenType `.otf`): a `CIDFontType0` with `/FontFile3`.
    Cff,
}

/// Characters below this code point are looked up in a precomputed table.
const FAST_RANGE: usize = 0x0800;

/// A parsed face: glyph lookup, advances and the values a PDF font descriptor needs.
pub struct Font {
    /// The font file (for a collection, the whole file).
    pub data: &'static [u8],
    /// The face's index in a collection (`.ttc`), else 0.
    pub face_index: u32,
    face: rustybuzz::Face<'static>,
    scale: f32,
    fast: Vec<(u16, f32)>,
    /// PostScript name, used (with a subset tag) as the PDF `BaseFont`.
    pub postscript_name: String,
    /// Outline format.
    pub outlines: Outlines,
    /// Bold face (descriptor stem width).
    pub bold: bool,
    /// Italic face (descriptor flag).
    pub italic: bool,
    /// Fixed pitch (descriptor flag).
    pub fixed_pitch: bool,
    /// Ascender in 1/1000 em.
    pub ascent: f32,
    /// Descender in 1/1000 em (negative).
    pub descent: f32,
    /// Cap height in 1/1000 em.
    pub cap_height: f32,
    /// Font bounding box in 1/1000 em.
    pub bbox: [f32; 4],
    /// Italic angle in degrees.
    pub italic_angle: f32,
}

/// The style a face is used for, when a family names it (else read from the face).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Role {
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) fixed_pitch: bool,
}

impl Font {
    /// Parses face `face_index` of `data`; `name` is used when the face has no
    /// PostScript name. Fails with a message for a file that is not a usable font.
    pub(crate) fn parse(
        data: &'static [u8],
        face_index: u32,
        name: &str,
        role: Option<Role>,
    ) -> Result<Font, String> {
        let parsed = ttf_parser::Face::parse(data, face_index)
            .map_err(|e| format!("it is not a TrueType or OpenType font ({e})"))?;
        let tables = parsed.tables();
        let outlines = if tables.glyf.is_some() {
            Outlines::TrueType
        } else if tables.cff.is_some() {
            Outlines::Cff
        } else {
            return Err("it has neither TrueType (glyf) nor CFF outlines \
                 (CFF2 variable fonts are not supported)"
                .into());
        };
        if tables.hmtx.is_none() || parsed.tables().cmap.is_none() {
            return Err("it lacks the horizontal metrics or character map tables".into());
        }
        let postscript_name = parsed
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .map(|n| pdf_name(&n))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| pdf_name(name));
        let role = role.unwrap_or(Role {
            bold: parsed.is_bold(),
            italic: parsed.is_italic(),
            fixed_pitch: parsed.is_monospaced(),
        });
        let scale = 1000.0 / f32::from(parsed.units_per_em());
        let bb = parsed.global_bounding_box();
        let mut font = Font {
            data,
            face_index,
            scale,
            fast: Vec::with_capacity(FAST_RANGE),
            postscript_name,
            outlines,
            bold: role.bold,
            italic: role.italic,
            fixed_pitch: role.fixed_pitch,
            ascent: f32::from(parsed.ascender()) * scale,
            descent: f32::from(parsed.descender()) * scale,
            cap_height: f32::from(parsed.capital_height().unwrap_or(parsed.ascender())) * scale,
            bbox: [
                f32::from(bb.x_min) * scale,
                f32::from(bb.y_min) * scale,
                f32::from(bb.x_max) * scale,
                f32::from(bb.y_max) * scale,
            ],
            italic_angle: parsed.italic_angle(),
            face: rustybuzz::Face::from_face(parsed),
        };
        for code in 0..FAST_RANGE as u32 {
            let entry = char::from_u32(code)
                .and_then(|c| font.lookup(c))
                .unwrap_or((0, 0.0));
            font.fast.push(entry);
        }
        Ok(font)
    }

    fn lookup(&self, c: char) -> Option<(u16, f32)> {
        let gid = self.face.glyph_index(c)?;
        if gid.0 == 0 {
            return None;
        }
        Some((gid.0, self.glyph_advance(gid.0)))
    }

    /// Glyph id and advance (1/1000 em) of `c`, or `None` if the face cannot draw it.
    pub fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let code = c as usize;
        if code < FAST_RANGE {
            let entry = self.fast[code];
            (entry.0 != 0).then_some(entry)
        } else {
            self.lookup(c)
        }
    }

    /// The face for the shaper.
    pub(crate) fn shaper_face(&self) -> &rustybuzz::Face<'static> {
        &self.face
    }

    /// Units per em of the face's coordinates.
    pub(crate) fn units_per_em(&self) -> f32 {
        1000.0 / self.scale
    }

    /// Whether rfx's own TrueType subsetter embeds the face (TrueType outlines, not
    /// in a collection); CFF faces and collections go through the `subsetter` crate.
    pub(crate) fn subset_by_hand(&self) -> bool {
        self.outlines == Outlines::TrueType && !self.data.starts_with(b"ttcf")
    }

    /// Number of glyphs in the face.
    pub fn num_glyphs(&self) -> u16 {
        self.face.number_of_glyphs()
    }

    /// Whether the face has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// Advance of glyph `gid` in 1/1000 em.
    pub fn glyph_advance(&self, gid: u16) -> f32 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .map_or(0.0, |a| f32::from(a) * self.scale)
    }

    /// Width of `text` at `size` points; characters without a glyph count as zero.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let mut units = 0.0;
        if text.is_ascii() {
            // A character the face lacks has a zero advance in the table.
            for b in text.bytes() {
                units += self.fast[usize::from(b)].1;
            }
            return units * size / 1000.0;
        }
        for c in text.chars() {
            if let Some((_, adv)) = self.glyph(c) {
                units += adv;
            }
        }
        units * size / 1000.0
    }

    /// Width of one character at `size` points (zero if the face lacks it).
    pub fn char_width(&self, c: char, size: f32) -> f32 {
        self.glyph(c).map_or(0.0, |(_, adv)| adv * size / 1000.0)
    }
}

/// A name as a PDF name object may carry it without escapes.
fn pdf_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'))
        .take(100)
        .collect()
}

/// The faces a document may use, in resource order, and which face each family and
/// style takes.
#[derive(Clone)]
pub struct FontSet {
    faces: Vec<Arc<Font>>,
    /// Per family (body, headings, monospace), the face of regular, bold, italic and
    /// bold italic.
    slots: [[FontId; 4]; 3],
    /// Faces tried, in order of rank, for a character the chosen face lacks: the
    /// bundled fallbacks, then faces from the sources. Each is added (parsed) only
    /// when a character needs it, so a document the families can draw pays nothing.
    fallbacks: Vec<(u32, FontId)>,
    /// Where more faces may be found (font directories, system fonts).
    pub(crate) sources: Arc<discover::Sources>,
}

impl FontSet {
    /// The face `id`.
    pub fn get(&self, id: FontId) -> &Font {
        &self.faces[id.index()]
    }

    /// Every face, in resource order.
    pub fn ids(&self) -> impl Iterator<Item = FontId> + '_ {
        (0..self.faces.len()).map(|i| FontId(i as u16))
    }

    /// The face of `family` for a combination of bold and italic (a style the family
    /// lacks takes its regular face).
    pub fn styled(&self, family: Family, bold: bool, italic: bool) -> FontId {
        let family = match family {
            Family::Body => 0,
            Family::Headings => 1,
            Family::Monospace => 2,
        };
        self.slots[family][usize::from(bold) + 2 * usize::from(italic)]
    }

    /// The body family's bold face.
    pub fn bold(&self) -> FontId {
        self.styled(Family::Body, true, false)
    }

    /// The monospace family's regular face.
    pub fn mono(&self) -> FontId {
        self.styled(Family::Monospace, false, false)
    }

    /// The face that draws `c` when `preferred` is asked for: `preferred`, else the
    /// body's regular face, else the first fallback that has it.
    pub fn resolve(&self, preferred: FontId, c: char) -> Option<FontId> {
        if self.get(preferred).has(c) {
            return Some(preferred);
        }
        if self.get(FontId::REGULAR).has(c) {
            return Some(FontId::REGULAR);
        }
        self.fallbacks
            .iter()
            .map(|&(_, f)| f)
            .find(|&f| self.get(f).has(c))
    }

    /// Whether some face of the set can draw `c`.
    pub fn covers(&self, c: char) -> bool {
        self.resolve(FontId::REGULAR, c).is_some()
    }

    /// This set with a face for `c` added: a bundled fallback, else one from the font
    /// directories or the system's fonts, or `None` if none of them has it. The
    /// bundled fallbacks are parsed on first need, and the directories looked up on
    /// the first character the fallbacks lack; nothing is read before.
    pub fn extended_for(&self, c: char) -> Option<FontSet> {
        let bundled = embedded::fallbacks().ok()?;
        let (rank, font) = match bundled.iter().position(|f| f.has(c)) {
            Some(i) => (i as u32, bundled[i].clone()),
            None => {
                let (rank, font) = self.sources.face_for(c)?;
                (bundled.len() as u32 + rank, font)
            }
        };
        if self.faces.iter().any(|f| Arc::ptr_eq(f, &font)) {
            return None;
        }
        let mut set = self.clone();
        let id = FontId(set.faces.len() as u16);
        set.faces.push(font);
        let at = set.fallbacks.partition_point(|&(r, _)| r < rank);
        set.fallbacks.insert(at, (rank, id));
        Some(set)
    }

    /// Builds the set: `families` per family and style (`None`: the family's regular
    /// face, the headings fall back to the body).
    pub(crate) fn build(
        families: [[Option<Arc<Font>>; 4]; 3],
        sources: discover::Sources,
    ) -> FontSet {
        let mut faces: Vec<Arc<Font>> = Vec::new();
        let mut add = |font: &Arc<Font>| -> FontId {
            match faces.iter().position(|f| Arc::ptr_eq(f, font)) {
                Some(i) => FontId(i as u16),
                None => {
                    faces.push(font.clone());
                    FontId(faces.len() as u16 - 1)
                }
            }
        };
        let mut slots = [[FontId::REGULAR; 4]; 3];
        // Resource order: the body's four faces and the monospace regular face first
        // (the order rfx has always written), then the rest.
        let order = [
            (0, 0),
            (0, 1),
            (0, 2),
            (0, 3),
            (2, 0),
            (1, 0),
            (1, 1),
            (1, 2),
            (1, 3),
            (2, 1),
            (2, 2),
            (2, 3),
        ];
        for (family, style) in order {
            let face = families[family][style]
                .as_ref()
                .or(families[family][0].as_ref())
                .map(&mut add);
            slots[family][style] = match (face, family) {
                (Some(id), _) => id,
                // Headings without a family of their own use the body's faces.
                (None, 1) => slots[0][style],
                (None, _) => slots[family][0],
            };
        }
        FontSet {
            faces,
            slots,
            fallbacks: Vec::new(),
            sources: Arc::new(sources),
        }
    }
}

/// The embedded Liberation faces and the bundled fallbacks, parsed once per process.
pub(crate) mod embedded {
    use super::{Arc, Font, OnceLock, Role};

    const LIBERATION: [(&[u8], &str, bool, bool, bool); 5] = [
        (
            include_bytes!("fonts/LiberationSans-Regular.ttf"),
            "LiberationSans",
            false,
            false,
            false,
        ),
        (
            include_bytes!("fonts/LiberationSans-Bold.ttf"),
            "LiberationSans-Bold",
            true,
            false,
            false,
        ),
        (
            include_bytes!("fonts/LiberationSans-Italic.ttf"),
            "LiberationSans-Italic",
            false,
            true,
            false,
        ),
        (
            include_bytes!("fonts/LiberationSans-BoldItalic.ttf"),
            "LiberationSans-BoldItalic",
            true,
            true,
            false,
        ),
        (
            include_bytes!("fonts/LiberationMono-Regular.ttf"),
            "LiberationMono",
            false,
            false,
            true,
        ),
    ];

    const FALLBACKS: [(&[u8], &str); 2] = [
        (include_bytes!("fonts/DejaVuSans.ttf"), "DejaVuSans"),
        (
            include_bytes!("fonts/NotoSansMalayalam-Regular.ttf"),
            "NotoSansMalayalam",
        ),
    ];

    /// Liberation Sans regular, bold, italic, bold italic and Liberation Mono.
    pub(crate) fn liberation() -> Result<&'static [Arc<Font>], String> {
        static FACES: OnceLock<Result<Vec<Arc<Font>>, String>> = OnceLock::new();
        FACES
            .get_or_init(|| {
                LIBERATION
                    .iter()
                    .map(|&(data, name, bold, italic, fixed_pitch)| {
                        let role = Role {
                            bold,
                            italic,
                            fixed_pitch,
                        };
                        Font::parse(data, 0, name, Some(role)).map(Arc::new)
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("an embedded font file is damaged: {e}"))
            })
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }

    /// The bundled fallback faces, in the order they are tried.
    pub(crate) fn fallbacks() -> Result<&'static [Arc<Font>], String> {
        static FACES: OnceLock<Result<Vec<Arc<Font>>, String>> = OnceLock::new();
        FACES
            .get_or_init(|| {
                FALLBACKS
                    .iter()
                    .map(|&(data, name)| Font::parse(data, 0, name, None).map(Arc::new))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("an embedded font file is damaged: {e}"))
            })
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }
}

/// The default set (Liberation, the bundled fallbacks, the system's fonts for
/// anything else), or a message if a font file in the binary is unreadable.
pub fn fonts() -> Result<&'static FontSet, String> {
    static FONTS: OnceLock<Result<FontSet, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| FontSetup::default().build())
        .as_ref()
        .map_err(Clone::clone)
}

/// The default set with both bundled fallbacks added, as a document using them gets.
#[cfg(test)]
pub(crate) fn with_bundled_fallbacks() -> FontSet {
    let set = fonts().expect("fonts");
    let set = set.extended_for('✓').expect("DejaVu Sans");
    set.extended_for('മ').expect("Noto Sans Malayalam")
}

#[cfg(test)]
mod tests;
