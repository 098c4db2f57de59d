//! PDF serialization of a [`Layout`]: content streams, subset Type 0 fonts with
//! `ToUnicode` maps, link annotations, a nested outline and document information.
//!
//! Object numbers are assigned in a fixed order from the layout alone, so the same
//! layout always gives the same bytes, however many PDFs the process has written.

use super::fonts::{FontId, FontSet};
use super::layout::{Color, Item, Layout, LinkTarget, TextRun};
use super::subset::{GlyphSet, subset};
use crate::doc::Meta;
use crate::writers::WriteOptions;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write as _;

/// Serializes `layout` as a complete PDF file.
pub fn write_pdf(
    layout: &Layout,
    meta: &Meta,
    options: &WriteOptions,
    fonts: &FontSet,
) -> Result<Vec<u8>, String> {
    let g = &layout.geometry;
    let mut glyphs: Vec<GlyphSet> = FontId::ALL
        .iter()
        .map(|&id| GlyphSet::new(fonts.get(id).num_glyphs()))
        .collect();

    // Page content first: it decides which glyphs each font subset needs.
    let mut contents = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut c = String::with_capacity(16384);
        let mut fill_state: Option<Color> = None;
        let mut stroke_state: Option<Color> = None;
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    if fill_state != Some(run.color) {
                        color(&mut c, run.color, "rg");
                        fill_state = Some(run.color);
                    }
                    text_op(&mut c, run, g.height, fonts, &mut glyphs)
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
                Item::Link { .. } => {}
            }
        }
        contents.push(c);
    }

    let mut w = Writer::default();
    let catalog = w.alloc();
    let pages_root = w.alloc();
    let info = w.alloc();
    let resources = w.alloc();
    let page_ids: Vec<(u32, u32)> = layout
        .pages
        .iter()
        .map(|_| (w.alloc(), w.alloc()))
        .collect();

    // Fonts actually used, each as Type0 → CIDFontType2 → descriptor → file, + ToUnicode.
    let mut font_refs = String::new();
    for id in FontId::ALL {
        let set = &mut glyphs[id.index()];
        if set.is_empty() {
            continue;
        }
        let font = fonts.get(id);
        let program = subset(font.data, set)?;
        let tag = subset_tag(id, &set.original);
        let name = format!("{tag}+{}", id.postscript_name());
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
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                 /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /DW 0 /W [0 [{}]] >>",
                widths.trim_end()
            ),
        );
        let mut flags = 32; // non-symbolic
        if id == FontId::Mono {
            flags |= 1;
        }
        if matches!(id, FontId::Italic | FontId::BoldItalic) {
            flags |= 64;
        }
        let stem_v = if matches!(id, FontId::Bold | FontId::BoldItalic) {
            120
        } else {
            80
        };
        w.object(
            descriptor,
            &format!(
                "<< /Type /FontDescriptor /FontName /{name} /Flags {flags} \
                 /FontBBox [{} {} {} {}] /ItalicAngle {} /Ascent {} /Descent {} \
                 /CapHeight {} /StemV {stem_v} /FontFile2 {file} 0 R >>",
                n(font.bbox[0]),
                n(font.bbox[1]),
                n(font.bbox[2]),
                n(font.bbox[3]),
                n(font.italic_angle),
                n(font.ascent),
                n(font.descent),
                n(font.cap_height),
            ),
        );
        w.stream(file, &format!("/Length1 {}", program.len()), &program);
        w.stream(tounicode, "", to_unicode(&set.text).as_bytes());
    }
    w.object(resources, &format!("<< /Font << {}>> >>", font_refs));

    // Pages, their content and their links.
    let dest = |anchor: &str| -> Option<String> {
        let d = layout.destinations.get(anchor)?;
        let (page_id, _) = page_ids.get(d.page)?;
        Some(format!(
            "[{page_id} 0 R /XYZ {} {} null]",
            n(g.margin_left - 10.0),
            n(g.height - d.y + 4.0)
        ))
    };
    for (index, page) in layout.pages.iter().enumerate() {
        let (page_id, content_id) = page_ids[index];
        let mut annots = String::new();
        for item in &page.items {
            let Item::Link {
                x,
                y,
                w: lw,
                h,
                target,
            } = item
            else {
                continue;
            };
            let action = match target {
                LinkTarget::Uri(uri) => format!("/A << /S /URI /URI {} >>", ascii_string(uri)),
                LinkTarget::Anchor(anchor) => match dest(anchor) {
                    Some(d) => format!("/Dest {d}"),
                    None => continue,
                },
            };
            let _ = write!(
                annots,
                "<< /Type /Annot /Subtype /Link /Rect [{} {} {} {}] /Border [0 0 0] {action} >> ",
                n(*x),
                n(g.height - y - h),
                n(x + lw),
                n(g.height - y)
            );
        }
        let annots = if annots.is_empty() {
            String::new()
        } else {
            format!(" /Annots [{}]", annots.trim_end())
        };
        w.object(
            page_id,
            &format!(
                "<< /Type /Page /Parent {pages_root} 0 R /MediaBox [0 0 {} {}] \
                 /Resources {resources} 0 R /Contents {content_id} 0 R{annots} >>",
                n(g.width),
                n(g.height)
            ),
        );
        w.stream(content_id, "", contents[index].as_bytes());
    }
    let kids: Vec<String> = page_ids.iter().map(|(p, _)| format!("{p} 0 R")).collect();
    w.object(
        pages_root,
        &format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            page_ids.len()
        ),
    );

    // Outline: headings nested by level, closed below the top level.
    let outline = outline(&mut w, layout, &dest);

    let mut cat = format!("<< /Type /Catalog /Pages {pages_root} 0 R");
    if let Some(root) = outline {
        let _ = write!(cat, " /Outlines {root} 0 R /PageMode /UseOutlines");
    }
    if let Some(lang) = meta.language.as_deref().filter(|l| !l.is_empty()) {
        let _ = write!(cat, " /Lang {}", text_string(lang));
    }
    cat.push_str(" /ViewerPreferences << /DisplayDocTitle true >> >>");
    w.object(catalog, &cat);

    let date = pdf_date(options.timestamp);
    let mut inf = format!("<< /Title {}", text_string(&meta.title));
    if let Some(author) = meta.author.as_deref().filter(|a| !a.is_empty()) {
        let _ = write!(inf, " /Author {}", text_string(author));
    }
    if let Some(subject) = meta.subject.as_deref().filter(|s| !s.is_empty()) {
        let _ = write!(inf, " /Subject {}", text_string(subject));
    }
    if !meta.keywords.is_empty() {
        let _ = write!(inf, " /Keywords {}", text_string(&meta.keywords.join(", ")));
    }
    let _ = write!(
        inf,
        " /Creator (rfx) /Producer {} /CreationDate ({date}) /ModDate ({date}) >>",
        text_string(&options.producer)
    );
    w.object(info, &inf);

    Ok(w.finish(catalog, info))
}

fn outline(w: &mut Writer, layout: &Layout, dest: &dyn Fn(&str) -> Option<String>) -> Option<u32> {
    let entries: Vec<_> = layout
        .outline
        .iter()
        .filter_map(|e| dest(&e.anchor).map(|d| (e, d)))
        .collect();
    if entries.is_empty() {
        return None;
    }
    let root = w.alloc();
    let ids: Vec<u32> = entries.iter().map(|_| w.alloc()).collect();
    // parent[i]: index of the enclosing entry, children[i]: direct children.
    let mut parent: Vec<Option<usize>> = vec![None; entries.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut top = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, (e, _)) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].0.level >= e.level) {
            stack.pop();
        }
        match stack.last() {
            Some(&p) => {
                parent[i] = Some(p);
                children[p].push(i);
            }
            None => top.push(i),
        }
        stack.push(i);
    }
    fn descendants(i: usize, children: &[Vec<usize>]) -> usize {
        children[i]
            .iter()
            .map(|&c| 1 + descendants(c, children))
            .sum()
    }
    for (i, (e, d)) in entries.iter().enumerate() {
        let siblings = match parent[i] {
            Some(p) => &children[p],
            None => &top,
        };
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = format!(
            "<< /Title {} /Parent {} 0 R /Dest {d}",
            text_string(&e.title),
            parent[i].map_or(root, |p| ids[p])
        );
        if pos > 0 {
            let _ = write!(dict, " /Prev {} 0 R", ids[siblings[pos - 1]]);
        }
        if let Some(&next) = siblings.get(pos + 1) {
            let _ = write!(dict, " /Next {} 0 R", ids[next]);
        }
        if let (Some(&first), Some(&last)) = (children[i].first(), children[i].last()) {
            let _ = write!(
                dict,
                " /First {} 0 R /Last {} 0 R /Count -{}",
                ids[first],
                ids[last],
                descendants(i, &children)
            );
        }
        dict.push_str(" >>");
        w.object(ids[i], &dict);
    }
    let (first, last) = (top.first().copied()?, top.last().copied()?);
    w.object(
        root,
        &format!(
            "<< /Type /Outlines /First {} 0 R /Last {} 0 R /Count {} >>",
            ids[first],
            ids[last],
            top.len()
        ),
    );
    Some(root)
}

/// Appends the operators drawing one text run; glyphs are recorded in `glyphs`.
fn text_op(
    c: &mut String,
    run: &TextRun,
    page_height: f32,
    fonts: &FontSet,
    glyphs: &mut [GlyphSet],
) {
    let font = fonts.get(run.font);
    let set = &mut glyphs[run.font.index()];
    c.push_str("BT ");
    let _ = write!(c, "/F{} ", run.font.index());
    push_num(c, run.size);
    c.push_str(" Tf 1 0 0 1 ");
    push_num(c, run.x);
    c.push(' ');
    push_num(c, page_height - run.y);
    c.push_str(" Tm [<");
    let adjust = if run.space_extra.abs() > 0.001 {
        Some(n(-run.space_extra * 1000.0 / run.size))
    } else {
        None
    };
    for ch in run.text.chars() {
        let gid = font.glyph(ch).map_or(0, |(gid, _)| gid);
        let id = set.use_glyph(gid, ch);
        push_hex4(c, id);
        if ch == ' '
            && let Some(adj) = &adjust
        {
            let _ = write!(c, "> {adj} <");
        }
    }
    c.push_str(">] TJ ET\n");
}

fn push_hex4(c: &mut String, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        c.push(char::from(HEX[usize::from((v >> shift) & 0xF)]));
    }
}

fn color(c: &mut String, rgb: Color, op: &str) {
    for v in rgb {
        push_num(c, v);
        c.push(' ');
    }
    c.push_str(op);
    c.push('\n');
}

/// A number in PDF syntax: at most three decimals, no exponent, no `-0`.
fn n(v: f32) -> String {
    let mut s = String::with_capacity(12);
    push_num(&mut s, v);
    s
}

/// Appends `v` in PDF syntax (see [`n`]) without allocating.
fn push_num(out: &mut String, v: f32) {
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
fn text_string(s: &str) -> String {
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
fn ascii_string(s: &str) -> String {
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

/// `D:YYYYMMDDHHmmSSZ` for seconds since the Unix epoch (UTC).
fn pdf_date(timestamp: i64) -> String {
    let t = crate::civil::utc(timestamp);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year.clamp(0, 9999),
        t.month,
        t.day,
        t.hour,
        t.minute,
        t.second
    )
}

/// Collects numbered objects and writes the file with its cross-reference table.
#[derive(Default)]
struct Writer {
    next: u32,
    objects: Vec<Option<Vec<u8>>>,
}

impl Writer {
    fn alloc(&mut self) -> u32 {
        self.next += 1;
        self.objects.push(None);
        self.next
    }

    fn object(&mut self, id: u32, body: &str) {
        self.objects[id as usize - 1] = Some(body.as_bytes().to_vec());
    }

    /// A Flate-compressed stream. The fastest level: harder levels cost more time
    /// than the few kilobytes they save are worth in a batch run.
    fn stream(&mut self, id: u32, extra: &str, data: &[u8]) {
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

    fn finish(self, catalog: u32, info: u32) -> Vec<u8> {
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
