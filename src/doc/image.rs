//! Images in the model: a PNG or JPEG file from the library, its pixel size and
//! resolution read from the file's own headers (no decoding), and its alternative text.

use serde::Serialize;
use std::sync::Arc;

/// The most pixels an image may have (64 megapixels): far above any logo or figure.
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;

/// An image placed in the document (`![alt](file)`, or the theme's logo).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    /// The library path as written, e.g. `images/network.png`.
    pub source: String,
    /// Alternative text: read out by screen readers, shown when the image cannot be.
    pub alt: String,
    /// The file, once loaded from the library (`None` in a draft read from Markdown).
    pub data: Option<ImageData>,
    /// The width to draw it at, in millimetres (else from its pixels and resolution).
    pub width_mm: Option<f32>,
}

/// The bytes of a PNG or JPEG file and what its headers say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageData {
    /// PNG or JPEG.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixels per inch (horizontal, vertical), if the file records it.
    pub dpi: Option<(f32, f32)>,
    /// The file's bytes, unchanged.
    #[serde(skip)]
    pub bytes: Arc<[u8]>,
}

/// The image formats rfx embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ImageFormat {
    /// Portable Network Graphics.
    Png,
    /// JPEG (JFIF or Exif).
    Jpeg,
}

impl ImageFormat {
    /// The media type, e.g. `image/png`.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }

    /// The file extension, without dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
        }
    }
}

/// Resolution assumed when a file records none (as Word and LibreOffice do).
const DEFAULT_DPI: f32 = 96.0;

impl ImageData {
    /// Reads the headers of a PNG or JPEG file; a message saying what is wrong otherwise.
    pub fn parse(bytes: Vec<u8>) -> Result<ImageData, String> {
        let (format, width, height, dpi) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            let (w, h, dpi) = png_header(&bytes)?;
            (ImageFormat::Png, w, h, dpi)
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            let (w, h, dpi) = jpeg_header(&bytes)?;
            (ImageFormat::Jpeg, w, h, dpi)
        } else {
            return Err("the file is neither a PNG nor a JPEG image".into());
        };
        if width == 0 || height == 0 {
            return Err("the image has no pixels (width or height 0)".into());
        }
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(format!(
                "the image is {width} × {height} pixels, more than {} megapixels",
                MAX_PIXELS / (1024 * 1024)
            ));
        }
        Ok(ImageData {
            format,
            width,
            height,
            dpi,
            bytes: bytes.into(),
        })
    }

    /// The natural size in points (1/72 in) from the pixels and resolution.
    pub fn natural_size_pt(&self) -> (f32, f32) {
        let (dx, dy) = self.dpi.unwrap_or((DEFAULT_DPI, DEFAULT_DPI));
        (
            self.width as f32 * 72.0 / dx,
            self.height as f32 * 72.0 / dy,
        )
    }
}

/// Height of the logo in a running header or footer, in millimetres.
pub const RUNNING_LOGO_HEIGHT_MM: f32 = 8.0;

impl Image {
    /// This image sized to `height_mm` millimetres high (for the running header).
    pub fn with_height_mm(&self, height_mm: f32) -> Image {
        let ratio = self
            .data
            .as_ref()
            .map_or(1.0, |d| d.width as f32 / d.height as f32);
        Image {
            width_mm: Some(height_mm * ratio),
            ..self.clone()
        }
    }

    /// The size to draw at, in points: the given width (else the natural size), keeping
    /// the aspect ratio, no wider than `max_width`. `None` before the file is loaded.
    pub fn size_pt(&self, max_width: f32) -> Option<(f32, f32)> {
        let data = self.data.as_ref()?;
        let (nw, nh) = data.natural_size_pt();
        let w = self.width_mm.map_or(nw, |mm| mm * 72.0 / 25.4);
        let w = w.min(max_width).max(1.0);
        Some((w, w * nh / nw))
    }
}

/// Every image of `blocks` (notes, lists, tables, quotes and redlines included), in
/// reading order.
pub fn images(blocks: &[super::Block]) -> Vec<&Image> {
    use super::{Block, Inline};
    fn inlines<'a>(list: &'a [Inline], out: &mut Vec<&'a Image>) {
        for inline in list {
            match inline {
                Inline::Image(image) => out.push(image),
                Inline::Footnote(note) => walk(&note.blocks, out),
                other => inlines(other.children().unwrap_or_default(), out),
            }
        }
    }
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Image>) {
        for block in blocks {
            match block {
                Block::Heading(h) => inlines(&h.content, out),
                Block::Paragraph(i) => inlines(i, out),
                Block::List(l) => l.items.iter().for_each(|b| walk(b, out)),
                Block::Table(t) => t
                    .header
                    .iter()
                    .chain(t.rows.iter().flatten())
                    .for_each(|c| inlines(c, out)),
                Block::BlockQuote(b) | Block::Revised { blocks: b, .. } => walk(b, out),
                Block::CodeBlock { .. }
                | Block::ThematicBreak
                | Block::PageBreak
                | Block::Toc(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, &mut out);
    out
}

/// Why `doc` cannot be written as PDF or DOCX because of an image, if it cannot: an
/// image whose file was never loaded (a Markdown draft names a file, but only a
/// build loads library files), or an image inside a footnote (notes hold text).
pub fn unloaded(doc: &super::Document) -> Option<String> {
    let all = images(&doc.blocks);
    if !all.is_empty() {
        let mut blocks = doc.blocks.clone();
        strip_notes(&mut blocks);
        let outside = images(&blocks);
        if outside.len() < all.len() {
            let in_note = all
                .iter()
                .find(|i| !outside.iter().any(|o| o.source == i.source))
                .map_or("", |i| i.source.as_str());
            return Some(format!(
                "the image `{in_note}` is inside a footnote: notes hold text only; put \
                 the image in the body"
            ));
        }
    }
    let image = images(&doc.blocks)
        .into_iter()
        .chain(doc.meta.style.logo.as_ref())
        .find(|i| i.data.is_none())?;
    Some(format!(
        "the image `{}` is not loaded: images are read from the library when a spec is \
         built (`rfx build`); a Markdown draft keeps only the reference",
        image.source
    ))
}

/// Pixels per inch, horizontally and vertically.
pub type Dpi = Option<(f32, f32)>;

/// Removes every footnote from `blocks` (to tell images in notes from the others).
fn strip_notes(blocks: &mut [super::Block]) {
    use super::{Block, Inline};
    fn inlines(list: &mut Vec<Inline>) {
        list.retain(|i| !matches!(i, Inline::Footnote(_)));
        for inline in list {
            if let Some(c) = inline.children_mut() {
                inlines(c);
            }
        }
    }
    for block in blocks {
        match block {
            Block::Heading(h) => inlines(&mut h.content),
            Block::Paragraph(i) => inlines(i),
            Block::List(l) => l.items.iter_mut().for_each(|b| strip_notes(b)),
            Block::Table(t) => t
                .header
                .iter_mut()
                .chain(t.rows.iter_mut().flatten())
                .for_each(inlines),
            Block::BlockQuote(b) | Block::Revised { blocks: b, .. } => strip_notes(b),
            _ => {}
        }
    }
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// A PNG's chunks after the signature: (type, data); stops at `IEND` or a short chunk.
pub fn png_chunks(bytes: &[u8]) -> impl Iterator<Item = Result<([u8; 4], &[u8]), String>> {
    let mut at = 8;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let chunk = (|| {
            let len = be32(bytes, at)? as usize;
            let kind: [u8; 4] = bytes.get(at + 4..at + 8)?.try_into().ok()?;
            let data = bytes.get(at + 8..(at + 8).checked_add(len)?)?;
            at += 12 + len;
            Some((kind, data))
        })();
        match chunk {
            Some((kind, data)) => {
                done = &kind == b"IEND";
                Some(Ok((kind, data)))
            }
            None => {
                done = true;
                Some(Err(
                    "the PNG file is cut short (a chunk runs past its end)".into()
                ))
            }
        }
    })
}

/// The IHDR fields of a PNG: width, height, bit depth, colour type, interlace method.
pub fn png_ihdr(bytes: &[u8]) -> Result<(u32, u32, u8, u8, u8), String> {
    let Some(Ok((kind, data))) = png_chunks(bytes).next() else {
        return Err("the PNG file has no header chunk (IHDR)".into());
    };
    if &kind != b"IHDR" || data.len() != 13 {
        return Err("the PNG file does not start with its header chunk (IHDR)".into());
    }
    let (w, h) = (be32(data, 0).unwrap_or(0), be32(data, 4).unwrap_or(0));
    let (depth, colour, interlace) = (data[8], data[9], data[12]);
    let valid_depth = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => false,
    };
    if !valid_depth || data[10] != 0 || data[11] != 0 {
        return Err(format!(
            "the PNG header is invalid (colour type {colour}, bit depth {depth})"
        ));
    }
    if interlace != 0 {
        return Err("the PNG image is interlaced (Adam7): save it without interlacing".into());
    }
    Ok((w, h, depth, colour, interlace))
}

fn png_header(bytes: &[u8]) -> Result<(u32, u32, Dpi), String> {
    let (w, h, ..) = png_ihdr(bytes)?;
    let mut dpi = None;
    let mut idat = false;
    for chunk in png_chunks(bytes) {
        let (kind, data) = chunk?;
        match &kind {
            b"pHYs" if data.len() == 9 && data[8] == 1 => {
                let per_inch = |ppm: u32| ppm as f32 * 0.0254;
                let (x, y) = (be32(data, 0).unwrap_or(0), be32(data, 4).unwrap_or(0));
                if x > 0 && y > 0 {
                    dpi = Some((per_inch(x), per_inch(y)));
                }
            }
            b"IDAT" => idat = true,
            _ => {}
        }
    }
    if !idat {
        return Err("the PNG file has no image data (IDAT)".into());
    }
    Ok((w, h, dpi))
}

/// The frame header (SOF) of a JPEG: width, height, components; and the JFIF density.
pub fn jpeg_frame(bytes: &[u8]) -> Result<(u32, u32, u8, Dpi), String> {
    let short = || "the JPEG file is cut short before its frame header".to_string();
    let mut at = 2;
    let mut dpi = None;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(short());
        }
        let marker = *bytes.get(at + 1).ok_or_else(short)?;
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = usize::from(be16(bytes, at + 2).ok_or_else(short)?);
        let seg = bytes.get(at + 4..at + 2 + len).ok_or_else(short)?;
        match marker {
            0xE0 if seg.starts_with(b"JFIF\0") && seg.len() >= 12 => {
                let (x, y) = (be16(seg, 8).unwrap_or(0), be16(seg, 10).unwrap_or(0));
                let scale = match seg[7] {
                    1 => Some(1.0),
                    2 => Some(2.54),
                    _ => None,
                };
                if let Some(s) = scale.filter(|_| x > 0 && y > 0) {
                    dpi = Some((f32::from(x) * s, f32::from(y) * s));
                }
            }
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if seg.len() < 6 {
                    return Err(short());
                }
                let h = u32::from(be16(seg, 1).unwrap_or(0));
                let w = u32::from(be16(seg, 3).unwrap_or(0));
                return Ok((w, h, seg[5], dpi));
            }
            0xD9 | 0xDA => return Err("the JPEG file has no frame header (SOF)".into()),
            _ => {}
        }
        at += 2 + len;
    }
}

fn jpeg_header(bytes: &[u8]) -> Result<(u32, u32, Dpi), String> {
    let (w, h, components, dpi) = jpeg_frame(bytes)?;
    match components {
        1 | 3 => Ok((w, h, dpi)),
        4 => Err("the JPEG image is CMYK: save it as RGB (PDF/A files here use sRGB)".into()),
        n => Err(format!(
            "the JPEG image has {n} colour components (1 or 3 expected)"
        )),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small valid PNG: `width` × `height`, 8-bit RGB (colour type 2) or RGBA (6),
    /// 144 dpi, a gradient.
    pub fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
        use std::io::Write;
        let channels = if alpha { 4 } else { 3 };
        let mut raw = Vec::new();
        for y in 0..height {
            raw.push(0);
            for x in 0..width {
                raw.extend_from_slice(&[(x * 40) as u8, (y * 40) as u8, 160]);
                if alpha {
                    raw.push(if x == 0 { 0 } else { 255 });
                }
            }
        }
        let _ = channels;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&raw).unwrap();
        let idat = z.finish().unwrap();
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            out.extend_from_slice(&[0, 0, 0, 0]);
        };
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, if alpha { 6 } else { 2 }, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        let mut phys = Vec::new();
        phys.extend_from_slice(&5669u32.to_be_bytes());
        phys.extend_from_slice(&5669u32.to_be_bytes());
        phys.push(1);
        chunk(b"pHYs", &phys);
        chunk(b"IDAT", &idat);
        chunk(b"IEND", &[]);
        out
    }

    #[test]
    fn png_headers_give_size_and_resolution() {
        let data = ImageData::parse(png(4, 2, false)).unwrap();
        assert_eq!(
            (data.format, data.width, data.height),
            (ImageFormat::Png, 4, 2)
        );
        let (dx, _) = data.dpi.unwrap();
        assert!((dx - 144.0).abs() < 0.1, "{dx}");
        let (w, h) = data.natural_size_pt();
        assert!((w - 2.0).abs() < 0.01 && (h - 1.0).abs() < 0.01, "{w} {h}");
        let image = Image {
            source: "x.png".into(),
            alt: String::new(),
            data: Some(data),
            width_mm: Some(100.0),
        };
        let (w, h) = image.size_pt(150.0).unwrap();
        assert_eq!((w, h), (150.0, 75.0));
    }

    #[test]
    fn jpeg_frame_header_is_read() {
        // SOI, APP0 JFIF at 300 dpi, SOF0 of 640 × 480 with 3 components, EOI.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jpeg.extend_from_slice(b"JFIF\0\x01\x02\x01\x01\x2C\x01\x2C\0\0");
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8, 1, 0xE0, 2, 0x80, 3]);
        jpeg.extend_from_slice(&[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
        let data = ImageData::parse(jpeg.clone()).unwrap();
        assert_eq!(
            (data.format, data.width, data.height),
            (ImageFormat::Jpeg, 640, 480)
        );
        assert_eq!(data.dpi, Some((300.0, 300.0)));
        jpeg[29] = 4;
        assert!(ImageData::parse(jpeg).unwrap_err().contains("CMYK"));
    }

    #[test]
    fn other_files_are_refused() {
        assert!(ImageData::parse(b"GIF89a".to_vec()).is_err());
        let mut cut = png(2, 2, false);
        cut.truncate(40);
        assert!(ImageData::parse(cut).is_err());
    }
}
