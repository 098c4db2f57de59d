//! Bidi and shaping of a prepared paragraph: embedding levels from `unicode-bidi`
//! (runs split where the level changes), shaped glyphs for the runs that need them,
//! widths from the shaped advances, and the visual order of a broken line (rule L2
//! of UAX #9). A paragraph of left-to-right text that needs no shaping skips all of
//! it and is measured and drawn as before.

use super::PlacedGlyph;
use super::linebreak::Line;
use super::prepare::{Prepared, Run};
use crate::writers::pdf::fonts::FontSet;
use crate::writers::pdf::fonts::shape::{self, is_rtl, needs_shaping};
use unicode_bidi::BidiInfo;

impl Prepared {
    /// Resolves bidi levels and shapes the runs that need it (right-to-left runs and
    /// runs with characters of shaped scripts).
    pub(super) fn bidi_and_shape(&mut self, fonts: &FontSet) {
        // ASCII is left to right and never shaped: one fast scan instead of two
        // character walks.
        if self.text.is_ascii() {
            self.bidi = false;
            return;
        }
        self.bidi = self.text.chars().any(is_rtl);
        if self.bidi {
            self.split_levels();
        }
        let mut shaped = std::mem::take(&mut self.shaped);
        for run in &mut self.runs {
            let text = &self.text[run.start..run.end];
            let rtl = run.level % 2 == 1;
            if !rtl && !text.chars().any(needs_shaping) {
                continue;
            }
            let first = shaped.len();
            for mut glyph in shape::shape(fonts.get(run.font), text, rtl) {
                glyph.cluster += run.start as u32;
                if self.text.as_bytes().get(glyph.cluster as usize) == Some(&b'\n') {
                    glyph.advance = 0.0;
                }
                shaped.push(glyph);
            }
            run.glyphs = Some(first..shaped.len());
        }
        self.shaped = shaped;
    }

    /// Splits runs where the embedding level changes and records each run's level.
    fn split_levels(&mut self) {
        let info = BidiInfo::new(&self.text, None);
        self.rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
        let levels: Vec<u8> = info.levels.iter().map(|l| l.number()).collect();
        let mut runs: Vec<Run> = Vec::with_capacity(self.runs.len());
        for run in self.runs.drain(..) {
            let mut start = run.start;
            while start < run.end {
                let level = levels[start];
                let mut end = start;
                while end < run.end && levels[end] == level {
                    end += 1;
                }
                // Levels are per byte; a character's bytes share one.
                while !self.text.is_char_boundary(end) {
                    end += 1;
                }
                runs.push(Run {
                    start,
                    end,
                    level,
                    ..run.clone()
                });
                start = end;
            }
        }
        self.runs = runs;
    }

    /// Width of `a..b` (inside `run`) at `size` points, from the shaped advances of
    /// a shaped run, else from the face's advances.
    pub(super) fn run_width(
        &self,
        fonts: &FontSet,
        run: &Run,
        a: usize,
        b: usize,
        size: f32,
    ) -> f32 {
        match &run.glyphs {
            None => fonts
                .get(run.font)
                .width(&self.text[a..b], size * run.scale),
            Some(_) => {
                let units: f32 = self.shaped_in(run, a, b).iter().map(|g| g.advance).sum();
                units * size * run.scale / 1000.0
            }
        }
    }

    /// The shaped glyphs of `run` whose clusters lie in `a..b`, found by binary
    /// search: clusters rise along a left-to-right run and fall along a right-to-left
    /// one (the shaper keeps them monotone), so the glyphs of a stretch are adjacent
    /// and a paragraph's widths cost time proportional to its length.
    pub(super) fn shaped_in(&self, run: &Run, a: usize, b: usize) -> &[shape::Glyph] {
        let Some(range) = &run.glyphs else {
            return &[];
        };
        let glyphs = &self.shaped[range.clone()];
        let at = |g: &shape::Glyph| g.cluster as usize;
        let (from, to) = if run.level % 2 == 1 {
            (
                glyphs.partition_point(|g| at(g) >= b),
                glyphs.partition_point(|g| at(g) >= a),
            )
        } else {
            (
                glyphs.partition_point(|g| at(g) < a),
                glyphs.partition_point(|g| at(g) < b),
            )
        };
        &glyphs[from..to.max(from)]
    }

    /// The glyphs of `run` drawing `a..b`, in drawing order, each cluster's text on
    /// its first glyph.
    pub(super) fn placed_glyphs(&self, run: &Run, a: usize, b: usize) -> Vec<PlacedGlyph> {
        let glyphs = self.shaped_in(run, a, b);
        let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        // A cluster's glyphs are adjacent: its text goes on the first of them.
        let mut previous = None;
        glyphs
            .iter()
            .map(|g| {
                let start = g.cluster as usize;
                let text = if previous == Some(start) {
                    String::new()
                } else {
                    previous = Some(start);
                    let next = starts.partition_point(|&s| s <= start);
                    let end = starts.get(next).copied().unwrap_or(b);
                    self.text[start..end].to_string()
                };
                PlacedGlyph {
                    id: g.id,
                    advance: g.advance,
                    dx: g.dx,
                    dy: g.dy,
                    text,
                }
            })
            .collect()
    }

    /// The fragments of `line` in display order: runs of higher levels reversed,
    /// from the highest level down to the lowest odd one.
    pub(super) fn visual_order(&self, line: &Line) -> Vec<usize> {
        let mut order: Vec<usize> = (0..line.frags.len()).collect();
        if !self.bidi {
            return order;
        }
        let levels: Vec<u8> = line.frags.iter().map(|f| self.runs[f.run].level).collect();
        let (Some(&max), Some(min_odd)) = (
            levels.iter().max(),
            levels.iter().copied().min().map(|m| m | 1),
        ) else {
            return order;
        };
        let mut level = max;
        while level >= min_odd && level > 0 {
            let mut i = 0;
            while i < order.len() {
                if levels[order[i]] >= level {
                    let start = i;
                    while i < order.len() && levels[order[i]] >= level {
                        i += 1;
                    }
                    order[start..i].reverse();
                } else {
                    i += 1;
                }
            }
            level -= 1;
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::super::linebreak::Frag;
    use super::*;
    use crate::writers::pdf::fonts::FontId;

    fn prepared(text: &str) -> Prepared {
        let set = &crate::writers::pdf::fonts::with_bundled_fallbacks();
        let mut p = Prepared {
            text: text.to_string(),
            ..Prepared::default()
        };
        // One run per face, as prepare makes them.
        for (i, c) in text.char_indices() {
            let font = set.resolve(FontId::REGULAR, c).expect("drawable");
            match p.runs.last_mut() {
                Some(r) if r.font == font => r.end = i + c.len_utf8(),
                _ => p.runs.push(Run::plain(i, i + c.len_utf8(), font, [0.0; 3])),
            }
        }
        p.bidi_and_shape(set);
        p
    }

    fn whole_line(p: &Prepared) -> Line {
        Line {
            frags: (0..p.runs.len())
                .map(|run| Frag {
                    run,
                    start: p.runs[run].start,
                    end: p.runs[run].end,
                    width: 0.0,
                    spaces: 0,
                })
                .collect(),
            ..Line::default()
        }
    }

    #[test]
    fn latin_text_has_no_levels_and_no_shaped_runs() {
        let p = prepared("Plain Latin text, 12 €.");
        assert!(!p.bidi && !p.rtl);
        assert!(p.runs.iter().all(|r| r.glyphs.is_none() && r.level == 0));
    }

    #[test]
    fn hebrew_in_an_english_sentence_is_one_reversed_run() {
        let p = prepared("The word שלום here");
        assert!(p.bidi && !p.rtl);
        let hebrew: Vec<&Run> = p.runs.iter().filter(|r| r.level == 1).collect();
        assert_eq!(hebrew.len(), 1);
        assert_eq!(&p.text[hebrew[0].start..hebrew[0].end], "שלום");
        // Shaped right to left: the first letter (ש) is drawn last.
        let glyphs = p.placed_glyphs(hebrew[0], hebrew[0].start, hebrew[0].end);
        assert_eq!(glyphs.last().map(|g| g.text.as_str()), Some("ש"));
    }

    #[test]
    fn an_arabic_paragraph_runs_right_to_left_with_numbers_left_to_right() {
        let p = prepared("مرحبا 2027 عالم");
        assert!(p.rtl);
        let line = whole_line(&p);
        let order = p.visual_order(&line);
        let shown: Vec<&str> = order
            .iter()
            .map(|&i| &p.text[line.frags[i].start..line.frags[i].end])
            .collect();
        // Display order: the last word at the left, the number reading left to right.
        let digits = shown
            .iter()
            .position(|s| s.contains("2027"))
            .expect("number");
        let last_word = shown.iter().position(|s| s.contains("عالم")).expect("word");
        let first_word = shown
            .iter()
            .position(|s| s.contains("مرحبا"))
            .expect("word");
        assert!(last_word < digits && digits < first_word, "{shown:?}");
    }
}
