//! Images in the flow: a paragraph holding images is set as its text before, the
//! figure (a `Figure` element with the alternative text), and its text after. An
//! image is drawn at its own size (pixels and resolution, or the given width),
//! no wider than the text and no taller than the page's text frame.

use super::flow::{Builder, Chunk};
use super::structure::Role;
use super::{Item, PARA_SPACE};
use crate::doc::{Image, Inline};

/// Whether a paragraph holds an image at its top level.
pub(super) fn has_image(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| matches!(i, Inline::Image(_)))
}

/// The index of `image`'s file in `images`, added on first use.
pub(super) fn image_index(images: &mut Vec<Image>, image: &Image) -> usize {
    match images.iter().position(|i| i.source == image.source) {
        Some(i) => i,
        None => {
            images.push(image.clone());
            images.len() - 1
        }
    }
}

impl Builder<'_> {
    /// A paragraph with images: the text around each image as paragraphs, each
    /// image a figure of its own.
    pub(super) fn paragraph_with_images(
        &mut self,
        inlines: &[Inline],
        x: f32,
        width: f32,
    ) -> Result<(), String> {
        let mut text: Vec<Inline> = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Image(image) => {
                    self.text_part(&std::mem::take(&mut text), x, width)?;
                    self.figure(image, x, width)?;
                }
                other => text.push(other.clone()),
            }
        }
        self.text_part(&text, x, width)
    }

    fn text_part(&mut self, inlines: &[Inline], x: f32, width: f32) -> Result<(), String> {
        let blank = inlines.iter().all(|i| match i {
            Inline::Text(t) => t.trim().is_empty(),
            Inline::SoftBreak | Inline::LineBreak => true,
            _ => false,
        });
        if blank {
            return Ok(());
        }
        self.body_paragraph(inlines, x, width)
    }

    /// One image as a figure chunk.
    pub(super) fn figure(&mut self, image: &Image, x: f32, width: f32) -> Result<(), String> {
        let Some((mut w, mut h)) = image.size_pt(width) else {
            return Err(format!("the image `{}` is not loaded", image.source));
        };
        let max_h = self.geometry.frame_height() * 0.9;
        if h > max_h {
            w *= max_h / h;
            h = max_h;
        }
        let index = image_index(&mut self.images, image);
        let element = self.structure.open(Role::Figure);
        self.structure.set_alt(element, &image.alt);
        let tag = self.structure.tag();
        self.structure.close();
        self.push(Chunk {
            height: h,
            space_before: PARA_SPACE,
            items: vec![Item::Image {
                x,
                y: 0.0,
                w,
                h,
                image: index,
                tag,
            }],
            ..Chunk::default()
        });
        Ok(())
    }
}
