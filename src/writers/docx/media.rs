//! Images in a DOCX: each file once as a `word/media` part, and the `w:drawing`
//! (`wp:inline`, a DrawingML picture) that shows it, with the alternative text as
//! `docPr descr`. Sizes are in EMU (914 400 a inch), from the image's own size,
//! capped at the text width.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::doc::Image;

use super::xml::push_escaped;

/// EMU per point.
const EMU_PER_PT: f32 = 12_700.0;

/// One media part: `media/imageN.ext`, its content type and bytes.
#[derive(Debug, Clone)]
pub struct MediaFile {
    /// Path below `word/`, e.g. `media/image1.png`.
    pub file: String,
    /// The content type (`image/png`, `image/jpeg`).
    pub content_type: &'static str,
    /// The bytes, as the library holds them.
    pub bytes: Arc<[u8]>,
}

/// The images of a document: one media part per library file, numbered in order of
/// first use, and the drawings' object ids.
#[derive(Debug, Default)]
pub struct Media {
    /// The parts, in order of first use; with the library path each came from.
    pub files: Vec<(String, MediaFile)>,
    drawings: usize,
}

impl Media {
    /// The media part showing `image` (added on first use): its index in `files`.
    /// `None` if the image was never loaded.
    pub fn part(&mut self, image: &Image) -> Option<usize> {
        let data = image.data.as_ref()?;
        if let Some(i) = self.files.iter().position(|(s, _)| *s == image.source) {
            return Some(i);
        }
        let file = format!(
            "media/image{}.{}",
            self.files.len() + 1,
            data.format.extension()
        );
        self.files.push((
            image.source.clone(),
            MediaFile {
                file,
                content_type: data.format.media_type(),
                bytes: data.bytes.clone(),
            },
        ));
        Some(self.files.len() - 1)
    }

    /// The `w:drawing` element showing `image` through relationship `rid`, at most
    /// `max_width` points wide.
    pub fn drawing(&mut self, image: &Image, rid: &str, max_width: f32) -> String {
        self.drawings += 1;
        let id = self.drawings;
        let (w, h) = image.size_pt(max_width).unwrap_or((max_width, max_width));
        let (cx, cy) = (
            (w * EMU_PER_PT).round() as u64,
            (h * EMU_PER_PT).round() as u64,
        );
        let mut alt = String::new();
        push_escaped(&mut alt, &image.alt, true);
        let mut out = String::with_capacity(1200);
        let _ = write!(
            out,
            concat!(
                r#"<w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0">"#,
                r#"<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="Picture {id}" descr="{alt}"/>"#,
                r#"<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>"#,
                r#"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
                r#"<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{id}" name="Picture {id}" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr>"#,
                r#"<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"#,
                r#"<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>"#,
                r#"</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"#
            ),
            cx = cx,
            cy = cy,
            id = id,
            alt = alt,
            rid = rid,
        );
        out
    }
}

/// The relationship id of media part `index` (0-based) from any part.
pub fn image_rid(index: usize) -> String {
    format!("rIdImage{}", index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::ImageData;

    #[test]
    fn one_part_per_file_and_drawings_carry_the_alt_text() {
        let data = ImageData::parse(crate::doc::image::tests::png(4, 2, false)).unwrap();
        let image = |source: &str| Image {
            source: source.into(),
            alt: "Network \"A\" & B".into(),
            data: Some(data.clone()),
            width_mm: None,
        };
        let mut media = Media::default();
        assert_eq!(media.part(&image("a.png")), Some(0));
        assert_eq!(media.part(&image("b.png")), Some(1));
        assert_eq!(media.part(&image("a.png")), Some(0));
        assert_eq!(media.files[1].1.file, "media/image2.png");
        assert_eq!(media.files[0].1.content_type, "image/png");
        let xml = media.drawing(&image("a.png"), "rIdImage1", 500.0);
        // 4 × 2 pixels at 144 dpi: 2 × 1 points.
        assert!(
            xml.contains(r#"<wp:extent cx="25401" cy="12701"/>"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"descr="Network &quot;A&quot; &amp; B""#),
            "{xml}"
        );
        assert!(xml.contains(r#"r:embed="rIdImage1""#));
    }
}
