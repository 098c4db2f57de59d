//! Glyph codes: how a subset glyph id is written in a content string, and the CMaps
//! that read the codes back (the font's encoding, to CIDs; `ToUnicode`, to text).
//!
//! The first 128 ids are one byte and every other id two, the first byte 0x80 or
//! more (as Shift-JIS mixes lengths), so Latin text costs a byte a glyph instead of
//! the two of `Identity-H`. The code of the space is 32 (its subset id, see
//! [`SPACE_ID`](crate::writers::pdf::subset::SPACE_ID)): the single-byte code 32
//! the word spacing operator `Tw` applies to (ISO 32000-1, 9.3.3), so a justified
//! line is one string instead of a string per word. A code's CID is the subset id,
//! which `/CIDToGIDMap /Identity` makes the glyph index.

use std::fmt::Write as _;

/// How many subset ids the codes reach: 128 one-byte codes, then 0x8000 two-byte ones.
pub(super) const CODED_IDS: usize = 0x80 + 0x8000;

/// One glyph's code: its bytes and how many of them are used.
pub(super) struct Code {
    pub bytes: [u8; 2],
    pub len: usize,
}

impl Code {
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The code of subset id `id` (the `.notdef` code 0 for an id past [`CODED_IDS`],
/// which [`super::font::write_fonts`] refuses before the file is finished).
pub(super) fn code(id: u16) -> Code {
    if id < 0x80 {
        Code {
            bytes: [id as u8, 0],
            len: 1,
        }
    } else {
        match 0x8000u16.checked_add(id - 0x80) {
            Some(two) => Code {
                bytes: two.to_be_bytes(),
                len: 2,
            },
            None => Code {
                bytes: [0, 0],
                len: 1,
            },
        }
    }
}

/// The character collection of the subset fonts and of their encoding CMap, which
/// PDF/A-2 wants equal (ISO 19005-2, 6.2.11.3.1).
pub(super) const IDENTITY: &str = "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>";

/// The code spaces of both CMaps: one byte below 0x80, two from 0x8000.
const CODESPACE: &str = "2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange\n";

/// The name of the encoding CMap (not one of the predefined CMaps of ISO 32000-1,
/// 9.7.5.2, so it is embedded, as PDF/A-2 requires of any other).
pub(super) const CMAP_NAME: &str = "rfx-Identity-Compact-H";

/// The encoding CMap for subsets of up to `ids` glyphs: each code to its CID.
pub(super) fn encoding_cmap(ids: usize) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str(
        "%!PS-Adobe-3.0 Resource-CMap\n/CIDInit /ProcSet findresource begin\n12 dict begin\n\
         begincmap\n",
    );
    let _ = writeln!(out, "/CIDSystemInfo {IDENTITY} def");
    let _ = writeln!(
        out,
        "/CMapName /{CMAP_NAME} def\n/CMapType 1 def\n/WMode 0 def"
    );
    out.push_str(CODESPACE);
    out.push_str("1 begincidrange\n<00> <7F> 0\nendcidrange\n");
    // Two-byte codes, a range per first byte (only the last byte of a range varies).
    let rows: Vec<usize> = (0..ids.min(CODED_IDS).saturating_sub(0x80).div_ceil(256)).collect();
    for block in rows.chunks(100) {
        let _ = writeln!(out, "{} begincidrange", block.len());
        for &row in block {
            let _ = writeln!(
                out,
                "<{:02X}00> <{:02X}FF> {}",
                0x80 + row,
                0x80 + row,
                0x80 + row * 256
            );
        }
        out.push_str("endcidrange\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// The `ToUnicode` CMap: the text of each subset id (empty for `.notdef` and the
/// components of composite glyphs), under its code.
pub(super) fn to_unicode(texts: &[String]) -> String {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n",
    );
    out.push_str(CODESPACE);
    let mapped: Vec<(usize, &String)> = texts
        .iter()
        .enumerate()
        .take(CODED_IDS)
        .filter(|(_, t)| !t.is_empty())
        .collect();
    for block in mapped.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (id, text) in block {
            out.push('<');
            for byte in code(*id as u16).as_bytes() {
                let _ = write!(out, "{byte:02X}");
            }
            out.push_str("> <");
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `bytes` as the encoding CMap would: code lengths by first byte, CIDs.
    fn cids(bytes: &[u8]) -> Vec<u16> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                out.push(u16::from(bytes[i]));
                i += 1;
            } else {
                let two = u16::from_be_bytes([bytes[i], bytes[i + 1]]);
                out.push(two - 0x8000 + 0x80);
                i += 2;
            }
        }
        out
    }

    #[test]
    fn every_id_reads_back_as_itself() {
        let ids: Vec<u16> = (0..CODED_IDS as u16).collect();
        let mut bytes = Vec::new();
        for &id in &ids {
            bytes.extend_from_slice(code(id).as_bytes());
        }
        assert_eq!(cids(&bytes), ids);
        assert_eq!(code(32).as_bytes(), b" ");
        assert_eq!(code(0x7F).as_bytes(), &[0x7F]);
        assert_eq!(code(0x80).as_bytes(), &[0x80, 0x00]);
    }

    #[test]
    fn the_encoding_cmap_has_a_range_per_first_byte_used() {
        let small = encoding_cmap(100);
        assert!(!small.contains("<8000> <80FF>"), "{small}");
        assert!(small.contains("<00> <7F> 0\n"));
        let large = encoding_cmap(0x80 + 300);
        assert!(
            large.contains("<8000> <80FF> 128\n<8100> <81FF> 384\n"),
            "{large}"
        );
        assert!(!large.contains("<8200>"));
        let full = encoding_cmap(usize::MAX);
        assert!(full.contains("100 begincidrange") && full.contains("28 begincidrange"));
        assert!(full.contains("<FF00> <FFFF> 32640\n"));
    }

    #[test]
    fn to_unicode_maps_each_code_to_its_text() {
        let mut texts = vec![String::new(), " ".to_string()];
        texts.extend((2..200).map(|i| char::from_u32(0x400 + i).unwrap().to_string()));
        let map = to_unicode(&texts);
        assert!(map.contains("<01> <0020>\n"));
        assert!(map.contains("<20> <0420>\n"), "id 32 is code 32");
        assert!(
            map.contains("<8000> <0480>\n"),
            "id 128 is the first two-byte code"
        );
        let (_, chars) = map.split_once("endcodespacerange").expect("a code space");
        assert!(!chars.contains("<00> "), ".notdef has no text");
    }
}
