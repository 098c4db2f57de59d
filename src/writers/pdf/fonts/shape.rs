//! Shaping with rustybuzz (a port of HarfBuzz): Arabic joining, Indic reordering and
//! conjuncts, marks placed on their bases, right-to-left glyph order.
//!
//! Text made only of characters that need no shaping (Latin, Greek, Cyrillic, CJK,
//! symbols; see [`needs_shaping`]) is not shaped: it is set glyph by glyph with the
//! face's advances and no kerning, as rfx always has, which is also faster.

use super::Font;
use unicode_bidi::BidiClass;

/// A glyph as the shaper places it, in drawing order (left to right on the page).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Byte offset, in the shaped text, of the first character of its cluster.
    pub cluster: u32,
    /// Advance in 1/1000 em.
    pub advance: f32,
    /// Horizontal offset from the pen position, 1/1000 em.
    pub dx: f32,
    /// Vertical offset (up), 1/1000 em.
    pub dy: f32,
}

/// Whether `c` must go through the shaper: anything outside the scripts and symbol
/// blocks whose characters map one to one onto glyphs (combining marks, Hebrew,
/// Arabic, the Indic scripts, Thai, emoji…).
pub fn needs_shaping(c: char) -> bool {
    let c = c as u32;
    !matches!(c,
        0x0000..=0x02FF
        | 0x0370..=0x03FF
        | 0x0400..=0x0482
        | 0x048A..=0x052F
        | 0x1E00..=0x1FFF
        | 0x2000..=0x200A
        | 0x2010..=0x2027
        | 0x202F..=0x205F
        | 0x2070..=0x20CF
        | 0x2100..=0x2BFF
        | 0x2E00..=0x2E7F
        | 0x3000..=0x3029
        | 0x3030..=0x3098
        | 0x309B..=0x9FFF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF)
}

/// Whether `c` is written right to left (or opens a right-to-left embedding), so
/// the paragraph needs the bidi algorithm.
pub fn is_rtl(c: char) -> bool {
    (c as u32) >= 0x0590
        && matches!(
            unicode_bidi::bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
}

/// Whether `c` belongs to the character before it when choosing a face: combining
/// marks, joiners and variation selectors.
pub fn continues_cluster(c: char) -> bool {
    use unicode_bidi::BidiClass::NSM;
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
        || ((c as u32) >= 0x0300 && unicode_bidi::bidi_class(c) == NSM)
}

/// Shapes `text` with `font`, right to left when `rtl`; glyphs come in drawing order.
pub fn shape(font: &Font, text: &str, rtl: bool) -> Vec<Glyph> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(font.shaper_face(), &[], buffer);
    let scale = 1000.0 / font.units_per_em();
    shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| Glyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            cluster: info.cluster,
            advance: pos.x_advance as f32 * scale,
            dx: pos.x_offset as f32 * scale,
            dy: pos.y_offset as f32 * scale,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writers::pdf::fonts::FontId;

    #[test]
    fn latin_and_cjk_need_no_shaping_but_arabic_and_malayalam_do() {
        assert!(
            "Müller Łódź Ελλάδα Москва € ✓ → 日本語"
                .chars()
                .all(|c| !needs_shaping(c))
        );
        assert!(needs_shaping('م'));
        assert!(needs_shaping('ש'));
        assert!(needs_shaping('മ'));
        assert!(needs_shaping('\u{0301}'));
        assert!(is_rtl('ש') && is_rtl('م') && !is_rtl('a') && !is_rtl('1'));
        assert!(continues_cluster('\u{0301}') && continues_cluster('\u{200D}'));
        assert!(!continues_cluster('a'));
    }

    #[test]
    fn arabic_letters_join() {
        let set = &crate::writers::pdf::fonts::with_bundled_fallbacks();
        let id = set.resolve(set.bold(), 'م').expect("a fallback has Arabic");
        let font = set.get(id);
        // The isolated forms of the letters, one glyph each.
        let isolated: Vec<u16> = "سلام"
            .chars()
            .map(|c| font.glyph(c).expect("glyph").0)
            .collect();
        let word = shape(font, "سلام", true);
        // Joined: س takes its initial form; ل and ا become the lam-alef ligature.
        assert_eq!(word.len(), 3, "{word:?}");
        assert_ne!(word.last().map(|g| g.id), isolated.first().copied());
        assert!(word.iter().all(|g| g.id != 0));
        // Drawing order is right to left: the first letter (cluster 0) is drawn last.
        assert_eq!(word.last().map(|g| g.cluster), Some(0));
    }

    #[test]
    fn malayalam_forms_a_conjunct() {
        let set = &crate::writers::pdf::fonts::with_bundled_fallbacks();
        let id = set
            .resolve(FontId::REGULAR, 'ക')
            .expect("Malayalam fallback");
        let font = set.get(id);
        // ക + ് + ക: a conjunct, fewer glyphs than characters.
        let text = "\u{0D15}\u{0D4D}\u{0D15}";
        let glyphs = shape(font, text, false);
        assert!(glyphs.len() < text.chars().count(), "{glyphs:?}");
        // A vowel sign written before its consonant is reordered: െ after ക in the text.
        let reordered = shape(font, "\u{0D15}\u{0D46}", false);
        assert_eq!(reordered.first().map(|g| g.cluster), Some(0));
        assert_eq!(
            reordered.first().map(|g| g.id),
            font.glyph('\u{0D46}').map(|g| g.0)
        );
    }
}
