//! Image XObjects. A JPEG goes in as it is (`/DCTDecode`). A PNG's compressed image
//! data (its IDAT chunks, joined) goes in un-re-encoded as `/FlateDecode` with the
//! PNG predictors (`/DecodeParms << /Predictor 15 >>`); only an image with an alpha
//! channel, or a palette with transparent entries, is decoded, to split off its soft
//! mask (`/SMask`, allowed in PDF/A-2). Colour-key transparency becomes a `/Mask`.
//! The split is made once per image per process ([`split_cached`]): a logo in the
//! running header of every document of a batch is decoded once.

use super::serialize::{Deflated, Writer};
use crate::doc::image::{jpeg_frame, png_chunks, png_ihdr};
use crate::doc::{ImageData, ImageFormat};
use std::fmt::Write as _;
use std::io::Read;
use std::sync::{Arc, Mutex};

/// Writes one XObject per image; returns the `/XObject` resource entries
/// (`/Im0 12 0 R …`), image `i` named `/Im{i}`.
pub(super) fn write_images(w: &mut Writer, images: &[&ImageData]) -> Result<String, String> {
    let mut resources = String::new();
    for (i, image) in images.iter().enumerate() {
        let id = w.alloc();
        match image.format {
            ImageFormat::Jpeg => jpeg(w, id, image)?,
            ImageFormat::Png => png(w, id, image)?,
        }
        let _ = write!(resources, "/Im{i} {id} 0 R ");
    }
    Ok(resources)
}

fn jpeg(w: &mut Writer, id: u32, image: &ImageData) -> Result<(), String> {
    let (width, height, components, _) = jpeg_frame(&image.bytes)?;
    let space = if components == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    w.plain_stream(
        id,
        &format!(
            "/Type /XObject /Subtype /Image /Width {width} /Height {height} \
             /ColorSpace /{space} /BitsPerComponent 8 /Filter /DCTDecode"
        ),
        &image.bytes,
    );
    Ok(())
}

/// What a PNG holds besides its image data.
struct Png<'a> {
    width: u32,
    height: u32,
    depth: u8,
    colour: u8,
    palette: &'a [u8],
    transparency: Option<&'a [u8]>,
    data: Vec<u8>,
}

fn read_png(bytes: &[u8]) -> Result<Png<'_>, String> {
    let (width, height, depth, colour, _) = png_ihdr(bytes)?;
    let mut png = Png {
        width,
        height,
        depth,
        colour,
        palette: &[],
        transparency: None,
        data: Vec::new(),
    };
    for chunk in png_chunks(bytes) {
        let (kind, data) = chunk?;
        match &kind {
            b"PLTE" => png.palette = data,
            b"tRNS" => png.transparency = Some(data),
            b"IDAT" => png.data.extend_from_slice(data),
            _ => {}
        }
    }
    if colour == 3 && (png.palette.is_empty() || png.palette.len() % 3 != 0) {
        return Err("the PNG image has a palette colour type but no valid palette".into());
    }
    Ok(png)
}

fn png(w: &mut Writer, id: u32, image: &ImageData) -> Result<(), String> {
    let png = read_png(&image.bytes)?;
    let (width, height, depth) = (png.width, png.height, png.depth);
    let channels: u32 = match png.colour {
        0 | 3 => 1,
        4 => 2,
        2 => 3,
        _ => 4,
    };
    let space = match png.colour {
        0 | 4 => "/DeviceGray".to_string(),
        3 => {
            let mut hex = String::with_capacity(png.palette.len() * 2);
            for b in png.palette {
                let _ = write!(hex, "{b:02X}");
            }
            format!(
                "[/Indexed /DeviceRGB {} <{hex}>]",
                png.palette.len() / 3 - 1
            )
        }
        _ => "/DeviceRGB".to_string(),
    };
    let head = |colors: u32, bpc: u8| {
        format!(
            "/Type /XObject /Subtype /Image /Width {width} /Height {height} \
             /BitsPerComponent {bpc} /ColorSpace {} ",
            if colors == 1 && png.colour != 3 {
                "/DeviceGray"
            } else {
                &space
            }
        )
    };
    let predictor = |colors: u32| {
        format!(
            "/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors {colors} \
             /BitsPerComponent {depth} /Columns {width} >>"
        )
    };
    match (png.colour, png.transparency) {
        // Colour without alpha: the compressed data as it is.
        (0 | 2, key) | (3, key @ None) => {
            let mut dict = head(channels, depth);
            if let Some(key) = key {
                dict.push_str(&colour_key(key, png.colour));
            }
            dict.push_str(&predictor(channels));
            w.plain_stream(id, &dict, &png.data);
        }
        // A palette with transparent entries: the indices as they are, plus a mask.
        (3, Some(_)) => {
            let split = split_cached(w, image, &png, channels)?;
            let mask = w.alloc();
            w.deflated_stream(mask, &mask_dict(width, height, 8), &split.mask);
            let mut dict = head(1, depth);
            let _ = write!(dict, "/SMask {mask} 0 R ");
            dict.push_str(&predictor(1));
            w.plain_stream(id, &dict, &png.data);
        }
        // Grey or RGB with alpha: the decoded samples split into colour and mask.
        _ => {
            let split = split_cached(w, image, &png, channels)?;
            let mask = w.alloc();
            w.deflated_stream(mask, &mask_dict(width, height, depth), &split.mask);
            let mut dict = head(channels - 1, depth);
            let _ = write!(dict, "/SMask {mask} 0 R");
            match &split.colour {
                Some(colour) => w.deflated_stream(id, &dict, colour),
                None => return Err("the PNG image has no colour samples".into()),
            }
        }
    }
    Ok(())
}

/// A PNG's transparency decoded into a soft mask, compressed.
#[derive(Debug)]
struct Split {
    /// The mask's samples.
    mask: Deflated,
    /// The colour samples without their alpha (grey or RGB with alpha); `None` for a
    /// palette image, whose indices go in as they are.
    colour: Option<Deflated>,
}

/// How many split images the process keeps (a batch uses a logo or two).
const SPLITS_KEPT: usize = 16;

/// The split of `image`, made on first use and kept for the process, found again
/// by the file's content (the same logo read twice is decoded once).
fn split_cached(
    w: &mut Writer,
    image: &ImageData,
    png: &Png<'_>,
    channels: u32,
) -> Result<Arc<Split>, String> {
    type Kept = Vec<(Arc<[u8]>, Arc<Split>)>;
    static SPLITS: Mutex<Kept> = Mutex::new(Vec::new());
    let same = |bytes: &Arc<[u8]>| Arc::ptr_eq(bytes, &image.bytes) || **bytes == *image.bytes;
    if let Ok(kept) = SPLITS.lock()
        && let Some((_, split)) = kept.iter().find(|(bytes, _)| same(bytes))
    {
        return Ok(split.clone());
    }
    let split = Arc::new(split(w, png, channels)?);
    if let Ok(mut kept) = SPLITS.lock() {
        if kept.len() >= SPLITS_KEPT {
            kept.remove(0);
        }
        kept.push((image.bytes.clone(), split.clone()));
    }
    Ok(split)
}

/// Decodes a PNG with an alpha channel or a transparent palette and splits off the
/// soft mask, compressed with `w`'s compressor.
fn split(w: &mut Writer, png: &Png<'_>, channels: u32) -> Result<Split, String> {
    let (width, height, depth) = (png.width, png.height, png.depth);
    if let (3, Some(alpha_of)) = (png.colour, png.transparency) {
        let raw = inflate(png, 1)?;
        let mut alpha = Vec::with_capacity((width * height) as usize);
        for_each_sample(&raw, width, depth, 1, |row| {
            for index in unpack(row, depth, width) {
                alpha.push(alpha_of.get(usize::from(index)).copied().unwrap_or(255));
            }
        });
        return Ok(Split {
            mask: w.deflate(&alpha),
            colour: None,
        });
    }
    let raw = inflate(png, channels)?;
    let bytes = usize::from(depth / 8);
    let colour_bytes = (channels as usize - 1) * bytes;
    let mut colour = Vec::with_capacity(raw.len());
    let mut alpha = Vec::with_capacity(raw.len() / channels as usize);
    for_each_sample(&raw, width, depth, channels, |row| {
        for pixel in row.chunks_exact(colour_bytes + bytes) {
            colour.extend_from_slice(&pixel[..colour_bytes]);
            alpha.extend_from_slice(&pixel[colour_bytes..]);
        }
    });
    Ok(Split {
        mask: w.deflate(&alpha),
        colour: Some(w.deflate(&colour)),
    })
}

fn mask_dict(width: u32, height: u32, depth: u8) -> String {
    format!(
        "/Type /XObject /Subtype /Image /Width {width} /Height {height} \
         /ColorSpace /DeviceGray /BitsPerComponent {depth}"
    )
}

/// A `/Mask` colour-key range from a grey or RGB `tRNS` chunk.
fn colour_key(key: &[u8], colour: u8) -> String {
    let samples = if colour == 0 { 1 } else { 3 };
    let mut out = String::from("/Mask [");
    for i in 0..samples {
        let v = key
            .get(2 * i..2 * i + 2)
            .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]));
        let _ = write!(out, "{v} {v} ");
    }
    out.push_str("] ");
    out
}

/// The PNG's image data inflated and unfiltered: `height` rows of samples, each row
/// still led by its (now zero) filter byte.
fn inflate(png: &Png<'_>, channels: u32) -> Result<Vec<u8>, String> {
    let bits = u64::from(png.width) * u64::from(channels) * u64::from(png.depth);
    let row = bits.div_ceil(8) as usize;
    let size = (row + 1) * png.height as usize;
    let mut raw = Vec::with_capacity(size);
    flate2::read::ZlibDecoder::new(&png.data[..])
        .take(size as u64)
        .read_to_end(&mut raw)
        .map_err(|e| format!("the PNG image data cannot be decompressed: {e}"))?;
    if raw.len() != size {
        return Err("the PNG image data is shorter than its size says".into());
    }
    let bpp = ((u32::from(png.depth) * channels) / 8).max(1) as usize;
    let mut previous = vec![0u8; row];
    for line in raw.chunks_exact_mut(row + 1) {
        let (filter, data) = line.split_at_mut(1);
        unfilter(filter[0], data, &previous, bpp)?;
        filter[0] = 0;
        previous.copy_from_slice(data);
    }
    Ok(raw)
}

/// Reverses one row's PNG filter (ISO/IEC 15948 §9).
fn unfilter(kind: u8, row: &mut [u8], up: &[u8], bpp: usize) -> Result<(), String> {
    for i in 0..row.len() {
        let left = if i >= bpp { row[i - bpp] } else { 0 };
        let upper_left = if i >= bpp { up[i - bpp] } else { 0 };
        let predicted = match kind {
            0 => 0,
            1 => left,
            2 => up[i],
            3 => ((u16::from(left) + u16::from(up[i])) / 2) as u8,
            4 => paeth(left, up[i], upper_left),
            _ => return Err(format!("the PNG image uses an unknown row filter ({kind})")),
        };
        row[i] = row[i].wrapping_add(predicted);
    }
    Ok(())
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Calls `f` with the samples of every row (the filter byte dropped).
fn for_each_sample(raw: &[u8], width: u32, depth: u8, channels: u32, mut f: impl FnMut(&[u8])) {
    let bits = u64::from(width) * u64::from(channels) * u64::from(depth);
    let row = bits.div_ceil(8) as usize;
    for line in raw.chunks_exact(row + 1) {
        f(&line[1..]);
    }
}

/// The `width` palette indices packed at `depth` bits in `row`.
fn unpack(row: &[u8], depth: u8, width: u32) -> impl Iterator<Item = u8> + '_ {
    let per_byte = 8 / depth;
    let mask = ((1u16 << depth) - 1) as u8;
    (0..width as usize).map(move |i| {
        let byte = row[i / usize::from(per_byte)];
        let shift = 8 - depth * (1 + (i % usize::from(per_byte)) as u8);
        (byte >> shift) & mask
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(image: &ImageData) -> Vec<u8> {
        let mut w = Writer::default();
        let (catalog, info) = (w.alloc(), w.alloc());
        w.object(catalog, "<< /Type /Catalog >>");
        w.object(info, "<< >>");
        let names = write_images(&mut w, &[image]).unwrap();
        assert!(names.starts_with("/Im0 3 0 R"), "{names}");
        w.finish(catalog, info)
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn png_data_goes_in_as_it_is_and_alpha_becomes_a_soft_mask() {
        let rgb = crate::doc::image::tests::png(4, 3, false);
        let idat = read_png(&rgb).unwrap().data;
        let pdf = written(&ImageData::parse(rgb).unwrap());
        assert!(contains(
            &pdf,
            b"/Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 4"
        ));
        assert!(contains(&pdf, &idat), "the IDAT bytes are copied");
        assert!(!contains(&pdf, b"/SMask"));
        let rgba = ImageData::parse(crate::doc::image::tests::png(4, 3, true)).unwrap();
        let pdf = written(&rgba);
        assert!(
            contains(&pdf, b"/SMask 4 0 R"),
            "{}",
            String::from_utf8_lossy(&pdf)
        );
        assert!(contains(
            &pdf,
            b"/ColorSpace /DeviceGray /BitsPerComponent 8"
        ));
    }

    #[test]
    fn a_soft_mask_is_split_once_per_image_content() {
        let bytes = crate::doc::image::tests::png(5, 2, true);
        let first = ImageData::parse(bytes.clone()).unwrap();
        // The same file read again: another allocation, the same content.
        let again = ImageData::parse(bytes).unwrap();
        assert!(!Arc::ptr_eq(&first.bytes, &again.bytes));
        let png = read_png(&first.bytes).unwrap();
        let w = &mut Writer::default();
        let a = split_cached(w, &first, &png, 4).unwrap();
        let b = split_cached(w, &again, &read_png(&again.bytes).unwrap(), 4).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "decoded once");
        // And the file written from the kept split is the file written afresh.
        let fresh = split(w, &png, 4).unwrap();
        assert_eq!(format!("{:?}", fresh), format!("{:?}", *a));
        assert_eq!(written(&first), written(&again));
    }

    #[test]
    fn jpeg_goes_in_as_it_is() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0, 2, 0, 3, 3];
        jpeg.extend_from_slice(&[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
        let pdf = written(&ImageData::parse(jpeg.clone()).unwrap());
        assert!(contains(&pdf, b"/Width 3 /Height 2 /ColorSpace /DeviceRGB"));
        assert!(contains(&pdf, b"/Filter /DCTDecode"));
        assert!(contains(&pdf, &jpeg));
    }

    #[test]
    fn filters_are_reversed() {
        // Sub filter: each byte adds the one `bpp` before it.
        let mut row = vec![1, 2, 3, 1, 1, 1];
        unfilter(1, &mut row, &[0; 6], 3).unwrap();
        assert_eq!(row, [1, 2, 3, 2, 3, 4]);
        let mut row = vec![1, 1];
        unfilter(2, &mut row, &[5, 6], 1).unwrap();
        assert_eq!(row, [6, 7]);
        assert!(unfilter(9, &mut [0], &[0], 1).is_err());
        assert_eq!(paeth(10, 20, 10), 20);
        assert_eq!(
            unpack(&[0b1011_0001], 2, 4).collect::<Vec<_>>(),
            [2, 3, 0, 1]
        );
    }
}
