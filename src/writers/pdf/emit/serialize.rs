//! The file itself: numbered objects, Flate streams, object streams and the
//! cross-reference stream, plus PDF number and string syntax.

use crate::writers::deflate;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write as _;

/// A number in PDF syntax: at most three decimals, no exponent, no `-0`.
pub(super) fn n(v: f32) -> String {
    let mut s = String::with_capacity(12);
    push_num(&mut s, v);
    s
}

/// Appends `v` in PDF syntax (see [`n`]) without allocating.
pub(super) fn push_num(out: &mut String, v: f32) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    let milli = (f64::from(v) * 1000.0).round() as i64;
    if milli == 0 {
        out.push('0');
        return;
    }
    if milli < 0 {
        out.push('-');
    }
    let abs = milli.unsigned_abs();
    push_uint(out, abs / 1000);
    let frac = abs % 1000;
    if frac != 0 {
        out.push('.');
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        let used = if frac % 10 != 0 {
            3
        } else if frac % 100 != 0 {
            2
        } else {
            1
        };
        for d in &digits[..used] {
            out.push(char::from(b'0' + *d as u8));
        }
    }
}

/// Appends `v` in decimal (what `write!` does, without its formatting machinery).
pub(super) fn push_uint(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// A text string: literal if plain ASCII, otherwise UTF-16BE with a byte-order mark.
pub(super) fn text_string(s: &str) -> String {
    if s.chars().all(|c| (' '..='~').contains(&c)) {
        return ascii_string(s);
    }
    let mut out = String::with_capacity(6 + 4 * s.len());
    push_utf16_string(&mut out, s);
    out
}

/// Appends `text` as a hexadecimal string in UTF-16BE with its byte-order mark.
pub(super) fn push_utf16_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push_str("<FEFF");
    for unit in text.encode_utf16() {
        for shift in [12, 8, 4, 0] {
            out.push(char::from(HEX[usize::from((unit >> shift) & 0xF)]));
        }
    }
    out.push('>');
}

/// Appends an indirect reference, `id 0 R`.
pub(super) fn push_ref(out: &mut String, id: u32) {
    push_uint(out, u64::from(id));
    out.push_str(" 0 R");
}

/// A literal string of printable ASCII; other bytes are percent-encoded (URIs).
pub(super) fn ascii_string(s: &str) -> String {
    let mut out = String::from("(");
    for b in s.bytes() {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            b' '..=b'~' => out.push(b as char),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out.push(')');
    out
}

/// One numbered object as it will be written.
enum Body {
    /// A dictionary or array, at this place of [`Writer::packed`]: packed into an
    /// object stream.
    Packed(std::ops::Range<usize>),
    /// A stream, with its dictionary: written at the top level.
    Stream(Vec<u8>),
    /// Stream data to be compressed when the file is written, with the extra
    /// entries of its dictionary.
    Deflate { extra: String, data: Vec<u8> },
}

/// How many objects one object stream holds (qpdf's choice): small enough for a
/// reader to find one object quickly, large enough to compress well.
const PER_OBJECT_STREAM: usize = 100;

/// Collects numbered objects and writes the file: streams at the top level, every
/// other object packed into compressed object streams, and a compressed
/// cross-reference stream (PDF 1.5; allowed by PDF/A-2, ISO 19005-2 §6.1.2). A tagged
/// file has one small object per structure element and annotation, which as plain
/// objects with a cross-reference table would cost about 110 bytes each.
///
/// Streams are compressed when the file is written, each on its own, one after the
/// other on the writing thread: handing them to other threads cost more than it saved
/// (the benchmark MSA 4.02 ms in parallel, 3.90 ms in turn, on two cores), and a pack
/// or batch already writes its files on every core.
#[derive(Default)]
pub(super) struct Writer {
    next: u32,
    objects: Vec<Option<Body>>,
    /// The bodies of every packed object, one after the other: a tagged file has
    /// thousands, which one buffer holds without an allocation each.
    packed: Vec<u8>,
}

impl Writer {
    pub(super) fn alloc(&mut self) -> u32 {
        self.next += 1;
        self.objects.push(None);
        self.next
    }

    pub(super) fn object(&mut self, id: u32, body: &str) {
        let start = self.packed.len();
        self.packed.extend_from_slice(body.as_bytes());
        self.objects[id as usize - 1] = Some(Body::Packed(start..self.packed.len()));
    }

    /// An uncompressed stream (the XMP metadata, which PDF/A wants readable as is).
    pub(super) fn plain_stream(&mut self, id: u32, extra: &str, data: &[u8]) {
        let mut out = Vec::with_capacity(data.len() + 64);
        let _ = write!(out, "<< /Length {} {extra} >>\nstream\n", data.len());
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream");
        self.objects[id as usize - 1] = Some(Body::Stream(out));
    }

    /// A Flate-compressed stream (compressed by [`Writer::finish`]).
    pub(super) fn stream(&mut self, id: u32, extra: &str, data: Vec<u8>) {
        self.objects[id as usize - 1] = Some(Body::Deflate {
            extra: extra.to_string(),
            data,
        });
    }

    /// `data` compressed as [`Writer::stream`] would (uncompressed if that fails), to
    /// be written into this file and kept for others.
    pub(super) fn deflate(&mut self, data: &[u8]) -> Deflated {
        match deflate::zlib(data) {
            Some(bytes) => Deflated { bytes, flate: true },
            None => Deflated {
                bytes: data.to_vec(),
                flate: false,
            },
        }
    }

    /// A stream of data compressed ahead ([`Deflated`]).
    pub(super) fn deflated_stream(&mut self, id: u32, extra: &str, data: &Deflated) {
        let stream = stream_body(extra, data.flate, &data.bytes);
        self.objects[id as usize - 1] = Some(Body::Stream(stream));
    }

    pub(super) fn finish(self, catalog: u32, info: u32) -> Vec<u8> {
        // Every stream is compressed on its own as it is written (`flate_stream`).
        let mut packed: Vec<(u32, &[u8])> = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            match body {
                Some(Body::Packed(range)) => {
                    packed.push((i as u32 + 1, &self.packed[range.clone()]))
                }
                None => packed.push((i as u32 + 1, b"null")),
                Some(_) => {}
            }
        }
        let first_stream = self.objects.len() as u32 + 1;
        let object_streams: Vec<(String, Vec<u8>)> = packed
            .chunks(PER_OBJECT_STREAM)
            .map(object_stream)
            .collect();
        let size: usize = self
            .objects
            .iter()
            .flatten()
            .map(|b| match b {
                Body::Packed(range) => range.len(),
                Body::Stream(b) | Body::Deflate { data: b, .. } => b.len(),
            })
            .sum();
        let mut out = Vec::with_capacity(size / 2 + 4096);
        out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        // Cross-reference entries: (type, field 2, field 3) as ISO 32000-1 §7.5.8.3.
        let mut entries: Vec<(u8, u32, u16)> = vec![(0, 0, 65535); self.objects.len() + 1];
        for (i, body) in self.objects.iter().enumerate() {
            let id = i as u32 + 1;
            if !matches!(body, Some(Body::Stream(_) | Body::Deflate { .. })) {
                continue;
            }
            entries[id as usize] = (1, out.len() as u32, 0);
            let _ = writeln!(out, "{id} 0 obj");
            match body {
                Some(Body::Stream(b)) => out.extend_from_slice(b),
                Some(Body::Deflate { extra, data }) => {
                    out.extend_from_slice(&flate_stream(extra, data))
                }
                _ => {}
            }
            out.extend_from_slice(b"\nendobj\n");
        }
        for (index, group) in packed.chunks(PER_OBJECT_STREAM).enumerate() {
            let stream_id = first_stream + index as u32;
            for (position, (id, _)) in group.iter().enumerate() {
                entries[*id as usize] = (2, stream_id, position as u16);
            }
            entries.push((1, out.len() as u32, 0));
            let _ = writeln!(out, "{stream_id} 0 obj");
            let (extra, data) = &object_streams[index];
            out.extend_from_slice(&flate_stream(extra, data));
            out.extend_from_slice(b"\nendobj\n");
        }
        let next = first_stream - 1 + object_streams.len() as u32;
        // The identifier is derived from everything before it, so it changes with
        // the content and with nothing else.
        let hash = Sha256::digest(&out);
        let id: String = hash[..16].iter().map(|b| format!("{b:02X}")).collect();
        let xref_id = next + 1;
        let xref = out.len();
        entries.push((1, xref as u32, 0));
        // Rows of 7 bytes, each stored as its difference from the row above (the PNG
        // "Up" predictor), which Flate then squeezes to a fraction.
        let mut table = Vec::with_capacity(entries.len() * 8);
        let mut above = [0u8; 7];
        for (kind, field, index) in &entries {
            let mut row = [0u8; 7];
            row[0] = *kind;
            row[1..5].copy_from_slice(&field.to_be_bytes());
            row[5..7].copy_from_slice(&index.to_be_bytes());
            table.push(2);
            table.extend(row.iter().zip(&above).map(|(r, a)| r.wrapping_sub(*a)));
            above = row;
        }
        let _ = writeln!(out, "{xref_id} 0 obj");
        out.extend_from_slice(&flate_stream(
            &format!(
                "/Type /XRef /Size {} /W [1 4 2] /DecodeParms << /Columns 7 /Predictor 12 >> \
                 /Root {catalog} 0 R /Info {info} 0 R /ID [<{id}> <{id}>]",
                entries.len()
            ),
            &table,
        ));
        let _ = write!(out, "\nendobj\nstartxref\n{xref}\n%%EOF\n");
        out
    }
}

/// The dictionary entries and data of one object stream holding `group`.
fn object_stream(group: &[(u32, &[u8])]) -> (String, Vec<u8>) {
    let mut offsets = String::with_capacity(group.len() * 10);
    let mut bodies = Vec::with_capacity(group.iter().map(|(_, b)| b.len() + 1).sum());
    for (id, body) in group {
        let _ = write!(offsets, "{id} {} ", bodies.len());
        bodies.extend_from_slice(body);
        bodies.push(b'\n');
    }
    let mut data = offsets.into_bytes();
    let first = data.len();
    data.extend_from_slice(&bodies);
    (
        format!("/Type /ObjStm /N {} /First {first}", group.len()),
        data,
    )
}

/// A Flate-compressed stream with `extra` entries in its dictionary.
fn flate_stream(extra: &str, data: &[u8]) -> Vec<u8> {
    match deflate::zlib(data) {
        Some(bytes) => stream_body(extra, true, &bytes),
        None => stream_body(extra, false, data),
    }
}

/// A stream object's body: its dictionary (`/Filter /FlateDecode` when `flate`) and
/// `bytes`.
fn stream_body(extra: &str, flate: bool, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + extra.len() + 64);
    let filter = if flate { "/Filter /FlateDecode " } else { "" };
    let _ = write!(
        out,
        "<< /Length {} {filter}{extra} >>\nstream\n",
        bytes.len()
    );
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\nendstream");
    out
}

/// Stream data compressed ahead of the files it goes into (an image's soft mask,
/// kept for the process), written as [`Writer::stream`] would write the data.
#[derive(Debug)]
pub(super) struct Deflated {
    bytes: Vec<u8>,
    flate: bool,
}

#[cfg(test)]
mod tests {
    use super::super::metadata::pdf_date;
    use super::*;

    #[test]
    fn numbers_are_plain_pdf_reals() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(-0.0001), "0");
        assert_eq!(n(12.3456), "12.346");
        assert_eq!(n(0.5), "0.5");
        assert_eq!(n(f32::NAN), "0");
        assert_eq!(n(-3.05), "-3.05");
        assert_eq!(n(1234.5), "1234.5");
        assert_eq!(n(0.007), "0.007");
        assert_eq!(n(100.0), "100");
        let mut s = String::new();
        push_uint(&mut s, 0);
        push_uint(&mut s, 18_446_744_073_709_551_615);
        assert_eq!(s, "018446744073709551615");
    }

    #[test]
    fn dates_follow_the_pdf_format() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
    }

    #[test]
    fn strings_escape_and_encode() {
        assert_eq!(text_string("a(b)"), "(a\\(b\\))");
        assert_eq!(
            text_string("Łódź"),
            "<FEFF014100F3006401BA>".replace("01BA", "017A")
        );
        assert_eq!(ascii_string("http://x.y/ä"), "(http://x.y/%C3%A4)");
    }
}
