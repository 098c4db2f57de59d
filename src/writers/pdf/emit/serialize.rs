//! The file itself: numbered objects, Flate streams, the cross-reference table and
//! the trailer, plus PDF number and string syntax.

use flate2::Compression;
use flate2::write::ZlibEncoder;
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
    let _ = write!(out, "{}", abs / 1000);
    let mut frac = abs % 1000;
    if frac != 0 {
        out.push('.');
        let mut digits = 3;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let _ = write!(out, "{frac:0digits$}");
    }
}

/// A text string: literal if plain ASCII, otherwise UTF-16BE with a byte-order mark.
pub(super) fn text_string(s: &str) -> String {
    if s.chars().all(|c| (' '..='~').contains(&c)) {
        return ascii_string(s);
    }
    let mut out = String::from("<FEFF");
    for unit in s.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
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

/// Collects numbered objects and writes the file with its cross-reference table.
#[derive(Default)]
pub(super) struct Writer {
    next: u32,
    objects: Vec<Option<Vec<u8>>>,
}

impl Writer {
    pub(super) fn alloc(&mut self) -> u32 {
        self.next += 1;
        self.objects.push(None);
        self.next
    }

    pub(super) fn object(&mut self, id: u32, body: &str) {
        self.objects[id as usize - 1] = Some(body.as_bytes().to_vec());
    }

    /// An uncompressed stream (the XMP metadata, which PDF/A wants readable as is).
    pub(super) fn plain_stream(&mut self, id: u32, extra: &str, data: &[u8]) {
        let mut out = Vec::with_capacity(data.len() + 64);
        let _ = write!(out, "<< /Length {} {extra} >>\nstream\n", data.len());
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream");
        self.objects[id as usize - 1] = Some(out);
    }

    /// A Flate-compressed stream. The fastest level: harder levels cost more time
    /// than the few kilobytes they save are worth in a batch run.
    pub(super) fn stream(&mut self, id: u32, extra: &str, data: &[u8]) {
        let mut enc = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), Compression::fast());
        let compressed = enc.write_all(data).and_then(|()| enc.finish());
        let mut out = Vec::new();
        match compressed {
            Ok(bytes) => {
                let _ = write!(
                    out,
                    "<< /Length {} /Filter /FlateDecode {extra} >>\nstream\n",
                    bytes.len()
                );
                out.extend_from_slice(&bytes);
            }
            Err(_) => {
                let _ = write!(out, "<< /Length {} {extra} >>\nstream\n", data.len());
                out.extend_from_slice(data);
            }
        }
        out.extend_from_slice(b"\nendstream");
        self.objects[id as usize - 1] = Some(out);
    }

    pub(super) fn finish(self, catalog: u32, info: u32) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(self.objects.iter().flatten().map(Vec::len).sum::<usize>() + 4096);
        out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        let mut offsets = Vec::with_capacity(self.objects.len());
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            let _ = writeln!(out, "{} 0 obj", i + 1);
            match body {
                Some(b) => out.extend_from_slice(b),
                None => out.extend_from_slice(b"null"),
            }
            out.extend_from_slice(b"\nendobj\n");
        }
        let hash = Sha256::digest(&out);
        let id: String = hash[..16].iter().map(|b| format!("{b:02X}")).collect();
        let xref = out.len();
        let _ = write!(
            out,
            "xref\n0 {}\n0000000000 65535 f \n",
            self.objects.len() + 1
        );
        for off in offsets {
            let _ = writeln!(out, "{off:010} 00000 n ");
        }
        let _ = write!(
            out,
            "trailer\n<< /Size {} /Root {catalog} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            self.objects.len() + 1
        );
        out
    }
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
