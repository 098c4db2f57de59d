//! Page furniture: the marking, the running header (not on the cover) and footer,
//! each a line of three places (left, centre, right) the theme's
//! [`Style`](crate::doc::Style) fills with the title, reference, page counter or logo.

use super::plain::{fit, plain_line};
use super::{FURNITURE_SIZE, Geometry, Item, MARKING, MUTED, Page, Palette, Tag, TextRun};
use crate::doc::{Line, MarkingPlace, Meta, Slot};
use crate::writers::pdf::fonts::{FontId, FontSet};

/// Height of the logo in a running line, in points.
const LOGO_HEIGHT: f32 = crate::doc::image::RUNNING_LOGO_HEIGHT_MM * 72.0 / 25.4;

/// What a page's furniture needs besides the page.
struct Furnish<'a> {
    meta: &'a Meta,
    fonts: &'a FontSet,
    g: &'a Geometry,
    index: usize,
    total: usize,
    /// The logo's index in the layout's images.
    logo: Option<usize>,
}

pub(super) fn furniture(
    page: &mut Page,
    index: usize,
    total: usize,
    meta: &Meta,
    fonts: &FontSet,
    g: &Geometry,
    logo: Option<usize>,
) {
    let f = Furnish {
        meta,
        fonts,
        g,
        index,
        total,
        logo,
    };
    let style = &meta.style;
    let footer_y = g.height - g.margin_bottom + 26.0;
    f.line(page, &style.footer, footer_y, g.frame_width());
    let cover = index == 0 && !meta.title.trim().is_empty();
    if let Some(marking) = meta.marking.as_deref().filter(|m| !m.trim().is_empty()) {
        // Every page, the cover included, carries the marking.
        let y = match style.marking {
            MarkingPlace::Header if cover => g.margin_top - 20.0,
            MarkingPlace::Header => g.margin_top - 33.0,
            MarkingPlace::Footer => footer_y - 12.0,
        };
        let size = FURNITURE_SIZE;
        let bold = fonts.bold();
        let text = fit(fonts, bold, marking.trim(), size, g.frame_width());
        let (runs, mw) = plain_line(fonts, &text, bold, size, 0.0, y, MARKING, Tag::Artifact);
        push_at(page, runs, g.margin_left + (g.frame_width() - mw) / 2.0);
    }
    if cover {
        return;
    }
    let y = g.margin_top - 20.0;
    f.line(page, &style.header, y, g.frame_width());
    page.items.push(Item::Line {
        x1: g.margin_left,
        y1: y + 5.0,
        x2: g.width - g.margin_right,
        y2: y + 5.0,
        width: 0.5,
        color: Palette::new(&style.colours).rules,
    });
}

impl Furnish<'_> {
    /// The words a slot shows (`None` for the logo and empty places).
    fn words(&self, slot: Slot) -> Option<String> {
        match slot {
            Slot::Title => Some(self.meta.title.trim().to_string()),
            Slot::Reference => self
                .meta
                .reference
                .as_deref()
                .filter(|r| !r.trim().is_empty())
                .map(str::to_string),
            Slot::Page => Some(self.meta.furniture.page_of(self.index + 1, self.total)),
            Slot::Empty | Slot::Logo => None,
        }
    }

    /// One running line with its baseline at `y`: the right place first (up to half
    /// the width), then the left (what remains), then the centre.
    fn line(&self, page: &mut Page, line: &Line, y: f32, width: f32) {
        let g = self.g;
        let mut right_w = 0.0;
        if let Some(w) = self.place(page, line.right, y, width / 2.0, |w| {
            g.width - g.margin_right - w
        }) {
            right_w = w;
        }
        let left_budget = width - right_w - 12.0;
        let left_w = self
            .place(page, line.left, y, left_budget, |_| g.margin_left)
            .unwrap_or(0.0);
        let centre_budget = (width - 2.0 * left_w.max(right_w) - 24.0).max(width / 3.0);
        self.place(page, line.center, y, centre_budget, |w| {
            g.margin_left + (g.frame_width() - w) / 2.0
        });
    }

    /// Draws `slot` within `budget` points, at the x `at` gives for its width; returns
    /// the width drawn.
    fn place(
        &self,
        page: &mut Page,
        slot: Slot,
        y: f32,
        budget: f32,
        at: impl Fn(f32) -> f32,
    ) -> Option<f32> {
        if slot == Slot::Logo {
            let image = self.logo?;
            let logo = self.meta.style.logo.as_ref()?;
            let (w, h) = logo
                .with_height_mm(crate::doc::image::RUNNING_LOGO_HEIGHT_MM)
                .size_pt(budget)?;
            let h = h.min(LOGO_HEIGHT);
            page.items.push(Item::Image {
                x: at(w),
                y: y + 2.0 - h,
                w,
                h,
                image,
                tag: Tag::Artifact,
            });
            return Some(w);
        }
        let words = self.words(slot)?;
        let size = FURNITURE_SIZE;
        let regular = FontId::REGULAR;
        let text = fit(self.fonts, regular, &words, size, budget);
        if text.is_empty() {
            return None;
        }
        let (runs, w) = plain_line(
            self.fonts,
            &text,
            regular,
            size,
            0.0,
            y,
            MUTED,
            Tag::Artifact,
        );
        push_at(page, runs, at(w));
        Some(w)
    }
}

/// Puts `runs`, laid out from x = 0, on the page from `x`.
fn push_at(page: &mut Page, runs: Vec<TextRun>, x: f32) {
    for mut run in runs {
        run.x += x;
        page.items.push(Item::Text(run));
    }
}
