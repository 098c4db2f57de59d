//! The embedded font family (Liberation, SIL OFL 1.1) and its metrics for layout.
//!
//! The TrueType files live beside this module under `fonts/` with their licence and
//! are compiled into the binary. Widths come from the fonts' own `hmtx` advances (via
//! `ttf-parser`), so what the layout measures is exactly what a viewer draws.

use std::sync::OnceLock;

/// One face of the embedded family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontId {
    /// Body text.
    Regular,
    /// Strong emphasis, headings, table headers.
    Bold,
    /// Emphasis.
    Italic,
    /// Strong emphasis inside emphasis.
    BoldItalic,
    /// Code spans and code blocks.
    Mono,
}

impl FontId {
    /// Every face, in resource order.
    pub const ALL: [FontId; 5] = [
        FontId::Regular,
        FontId::Bold,
        FontId::Italic,
        FontId::BoldItalic,
        FontId::Mono,
    ];

    /// Position in [`FontId::ALL`].
    pub fn index(self) -> usize {
        match self {
            FontId::Regular => 0,
            FontId::Bold => 1,
            FontId::Italic => 2,
            FontId::BoldItalic => 3,
            FontId::Mono => 4,
        }
    }

    /// The face for a combination of bold and italic (proportional faces only).
    pub fn styled(bold: bool, italic: bool) -> FontId {
        match (bold, italic) {
            (false, false) => FontId::Regular,
            (true, false) => FontId::Bold,
            (false, true) => FontId::Italic,
            (true, true) => FontId::BoldItalic,
        }
    }

    /// PostScript name of the face, used (with a subset tag) as the PDF `BaseFont`.
    pub fn postscript_name(self) -> &'static str {
        match self {
            FontId::Regular => "LiberationSans",
            FontId::Bold => "LiberationSans-Bold",
            FontId::Italic => "LiberationSans-Italic",
            FontId::BoldItalic => "LiberationSans-BoldItalic",
            FontId::Mono => "LiberationMono",
        }
    }

    fn data(self) -> &'static [u8] {
        match self {
            FontId::Regular => include_bytes!("fonts/LiberationSans-Regular.ttf"),
            FontId::Bold => include_bytes!("fonts/LiberationSans-Bold.ttf"),
            FontId::Italic => include_bytes!("fonts/LiberationSans-Italic.ttf"),
            FontId::BoldItalic => include_bytes!("fonts/LiberationSans-BoldItalic.ttf"),
            FontId::Mono => include_bytes!("fonts/LiberationMono-Regular.ttf"),
        }
    }
}

/// Characters below this code point are looked up in a precomputed table.
const FAST_RANGE: usize = 0x0800;

/// A parsed face: glyph lookup, advances and the values a PDF font descriptor needs.
pub struct Font {
    /// Which face this is.
    pub id: FontId,
    /// The raw TrueType file.
    pub data: &'static [u8],
    face: ttf_parser::Face<'static>,
    scale: f32,
    fast: Vec<(u16, f32)>,
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

impl Font {
    fn parse(id: FontId) -> Option<Font> {
        let data = id.data();
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let bb = face.global_bounding_box();
        let mut font = Font {
            id,
            data,
            scale,
            fast: Vec::with_capacity(FAST_RANGE),
            ascent: f32::from(face.ascender()) * scale,
            descent: f32::from(face.descender()) * scale,
            cap_height: f32::from(face.capital_height().unwrap_or(face.ascender())) * scale,
            bbox: [
                f32::from(bb.x_min) * scale,
                f32::from(bb.y_min) * scale,
                f32::from(bb.x_max) * scale,
                f32::from(bb.y_max) * scale,
            ],
            italic_angle: face.italic_angle(),
            face,
        };
        for code in 0..FAST_RANGE as u32 {
            let entry = char::from_u32(code)
                .and_then(|c| font.lookup(c))
                .unwrap_or((0, 0.0));
            font.fast.push(entry);
        }
        Some(font)
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

/// The whole family, parsed once per process.
pub struct FontSet {
    fonts: Vec<Font>,
}

impl FontSet {
    /// The face for `id`.
    pub fn get(&self, id: FontId) -> &Font {
        &self.fonts[id.index()]
    }
}

/// The embedded family, or a message if a font file in the binary is unreadable.
pub fn fonts() -> Result<&'static FontSet, String> {
    static FONTS: OnceLock<Option<FontSet>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let fonts = FontId::ALL
                .iter()
                .map(|&id| Font::parse(id))
                .collect::<Option<Vec<_>>>()?;
            Some(FontSet { fonts })
        })
        .as_ref()
        .ok_or_else(|| "an embedded font file is damaged".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_covers_european_scripts_and_typography() {
        let set = fonts().expect("embedded fonts parse");
        for id in FontId::ALL {
            for c in "Müller & Söhne GmbH Łódź Ελλάδα Москва € – “quotes” • ‘’…".chars()
            {
                assert!(set.get(id).has(c), "{id:?} lacks {c:?}");
            }
        }
    }

    #[test]
    fn widths_come_from_the_font() {
        let set = fonts().expect("embedded fonts parse");
        let regular = set.get(FontId::Regular);
        // Liberation Sans is metric-compatible with Arial: "i" is narrower than "W".
        assert!(regular.width("i", 10.0) < regular.width("W", 10.0));
        assert!(
            (regular.width("ab", 12.0) - 2.0 * regular.width("a", 12.0) - regular.width("b", 12.0)
                + regular.width("a", 12.0))
            .abs()
                < 1e-3
        );
        let mono = set.get(FontId::Mono);
        assert!((mono.width("i", 10.0) - mono.width("W", 10.0)).abs() < 1e-3);
        assert!(!regular.has('\u{E000}'));
    }
}
