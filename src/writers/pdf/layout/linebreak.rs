//! Line breaking: break opportunities, greedy filling of lines, and drawing a broken
//! line as positioned runs.

use super::flow::Builder;
use super::prepare::{Prepared, Run};
use super::structure::Role;
use super::{CHANGE_BAR, EPSILON, Item, LinkTarget, Tag, TextRun};
use crate::writers::pdf::fonts::FontSet;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Text between two break opportunities: the content, then trailing white space.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub(super) start: usize,
    pub(super) content_end: usize,
    pub(super) end: usize,
    pub(super) content_width: f32,
    pub(super) glue_width: f32,
    pub(super) mandatory: bool,
    /// The first run ending after `start`: where a walk over the segment's runs begins.
    pub(super) run: usize,
}

/// A piece of a line in one run.
#[derive(Debug, Clone)]
pub(super) struct Frag {
    pub(super) run: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) width: f32,
    pub(super) spaces: usize,
}

/// One broken line.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    pub(super) frags: Vec<Frag>,
    pub(super) width: f32,
    pub(super) spaces: usize,
    /// Ends a paragraph or a hard break: never justified.
    pub(super) last: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineAlign {
    Left,
    Right,
    Center,
    Justify,
}

impl Prepared {
    /// The index of the first run ending after `start`, found by binary search (runs
    /// are in text order and do not overlap).
    pub(super) fn first_run(&self, start: usize) -> usize {
        self.runs.partition_point(|r| r.end <= start)
    }

    /// The runs overlapping `start..end` with their indices, walking from run `from`
    /// (at or before the first of them: a caller going through the text in order
    /// passes where it is, so a paragraph of many runs is measured in time
    /// proportional to its length).
    fn runs_from(
        &self,
        from: usize,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = (usize, &Run)> {
        let from = from.min(self.runs.len());
        let first = from
            + self.runs[from..]
                .iter()
                .take_while(|r| r.end <= start)
                .count();
        self.runs[first..]
            .iter()
            .enumerate()
            .map(move |(i, r)| (first + i, r))
            .take_while(move |(_, r)| r.start < end)
    }

    pub(super) fn width(&self, fonts: &FontSet, start: usize, end: usize, size: f32) -> f32 {
        self.width_from(fonts, self.first_run(start), start, end, size)
    }

    /// [`Prepared::width`], walking the runs from `from` (see [`Prepared::runs_from`]).
    fn width_from(&self, fonts: &FontSet, from: usize, start: usize, end: usize, size: f32) -> f32 {
        let mut w = 0.0;
        for (_, run) in self.runs_from(from, start, end) {
            let a = run.start.max(start);
            let b = run.end.min(end);
            if a < b {
                w += self.run_width(fonts, run, a, b, size);
            }
        }
        w
    }

    /// Splits the text at its Unicode line-break opportunities.
    pub(super) fn segment(&mut self, fonts: &FontSet, size: f32) {
        let mut prev = 0;
        // About one opportunity per word: few reallocations for a long paragraph.
        let mut segments = Vec::with_capacity(self.text.len() / 6 + 1);
        // The first run ending after `prev`: segments come in text order.
        let mut run = 0;
        for (end, opportunity) in linebreaks(&self.text) {
            let piece = &self.text[prev..end];
            let trimmed = piece.trim_end_matches([' ', '\n']);
            let content_end = prev + trimmed.len();
            while self.runs.get(run).is_some_and(|r| r.end <= prev) {
                run += 1;
            }
            segments.push(Segment {
                start: prev,
                content_end,
                end,
                content_width: self.width_from(fonts, run, prev, content_end, size),
                glue_width: self.width_from(fonts, run, content_end, end, size),
                mandatory: opportunity == BreakOpportunity::Mandatory,
                run,
            });
            prev = end;
        }
        self.segments = segments;
    }

    /// Joins each footnote mark to the word before it (no break opportunity between
    /// "liability" and its "3"), whatever the line-break rules say about the mark.
    pub(super) fn keep_marks_with_words(&mut self) {
        if self.note_marks.is_empty() {
            return;
        }
        // One pass: marks and segments are both in text order.
        let mut marks = self.note_marks.iter().map(|&(pos, _)| pos).peekable();
        let mut joined: Vec<Segment> = Vec::with_capacity(self.segments.len());
        for seg in self.segments.drain(..) {
            while marks.next_if(|&pos| pos < seg.start).is_some() {}
            match joined.last_mut() {
                Some(word)
                    if marks.peek() == Some(&seg.start)
                        && word.glue_width == 0.0
                        && !word.mandatory =>
                {
                    word.content_end = seg.content_end;
                    word.end = seg.end;
                    word.content_width += seg.content_width;
                    word.glue_width = seg.glue_width;
                    word.mandatory = seg.mandatory;
                }
                _ => joined.push(seg),
            }
        }
        self.segments = joined;
    }

    /// Width of the widest unbreakable piece and of the text set on one line per
    /// hard break.
    pub(super) fn min_max(&self) -> (f32, f32) {
        let mut min = 0.0f32;
        let mut max = 0.0f32;
        let mut line = 0.0f32;
        let mut glue = 0.0f32;
        for s in &self.segments {
            min = min.max(s.content_width);
            if line > 0.0 {
                line += glue;
            }
            line += s.content_width;
            glue = s.glue_width;
            if s.mandatory {
                max = max.max(line);
                line = 0.0;
                glue = 0.0;
            }
        }
        (min, max.max(line))
    }

    /// Greedy line breaking: as many segments per line as fit; a segment wider than
    /// a whole line is broken between characters.
    pub(super) fn break_lines(
        &self,
        fonts: &FontSet,
        size: f32,
        first: f32,
        rest: f32,
    ) -> Vec<Line> {
        let mut lines: Vec<Line> = Vec::new();
        let mut line = Line::default();
        // The white space after the last segment on the line, with its width and
        // the run to look for it from.
        let mut pending_glue: Option<(usize, usize, f32, usize)> = None;
        let avail = |lines: &Vec<Line>| if lines.is_empty() { first } else { rest };
        for seg in &self.segments {
            let glue_w = match pending_glue {
                Some((_, _, w, _)) if !line.frags.is_empty() => w,
                _ => 0.0,
            };
            if !line.frags.is_empty()
                && line.width + glue_w + seg.content_width > avail(&lines) + EPSILON
            {
                lines.push(std::mem::take(&mut line));
                pending_glue = None;
            }
            if line.frags.is_empty() && seg.content_width > avail(&lines) + EPSILON {
                // Too long for any line (a URL, a long number): break anywhere.
                let mut at = seg.start;
                for (offset, c) in self.text[seg.start..seg.content_end].char_indices() {
                    let pos = seg.start + offset;
                    let next = pos + c.len_utf8();
                    let from = self.first_run(pos);
                    let cw = self.width_from(fonts, from, pos, next, size);
                    if !line.frags.is_empty() && line.width + cw > avail(&lines) + EPSILON {
                        lines.push(std::mem::take(&mut line));
                    }
                    self.append(&mut line, fonts, from, (pos, next), size, Some(cw));
                    at = next;
                }
                debug_assert_eq!(at, seg.content_end);
            } else {
                if let Some((a, b, w, from)) = pending_glue.take()
                    && !line.frags.is_empty()
                {
                    self.append(&mut line, fonts, from, (a, b), size, Some(w));
                }
                let width = Some(seg.content_width);
                let stretch = (seg.start, seg.content_end);
                self.append(&mut line, fonts, seg.run, stretch, size, width);
            }
            pending_glue = Some((seg.content_end, seg.end, seg.glue_width, seg.run));
            if seg.mandatory {
                line.last = true;
                lines.push(std::mem::take(&mut line));
                pending_glue = None;
            }
        }
        if !line.frags.is_empty() {
            line.last = true;
            lines.push(line);
        }
        // A trailing hard break leaves an empty last line: drop it.
        while lines.len() > 1 && lines.last().is_some_and(|l| l.frags.is_empty()) {
            lines.pop();
            if let Some(l) = lines.last_mut() {
                l.last = true;
            }
        }
        lines
    }

    /// Appends `start..end` (which may cross runs) to `line`, merging with the last
    /// fragment when the run is the same; its runs are looked for from run `from`
    /// (see [`Prepared::runs_from`]). `measured` is the width of `start..end` when
    /// the caller knows it ([`Prepared::width`]); it is used when the stretch lies in
    /// one run, so a word is measured once, when segmented.
    pub(super) fn append(
        &self,
        line: &mut Line,
        fonts: &FontSet,
        from: usize,
        (start, end): (usize, usize),
        size: f32,
        measured: Option<f32>,
    ) {
        let mut runs = self.runs_from(from, start, end).peekable();
        let one_run = runs
            .peek()
            .is_some_and(|(_, r)| r.start <= start && end <= r.end);
        for (index, run) in runs {
            let a = run.start.max(start);
            let b = run.end.min(end);
            if a >= b {
                continue;
            }
            let text = &self.text[a..b];
            let text_no_nl = text.trim_end_matches('\n');
            let b = a + text_no_nl.len();
            if a >= b {
                continue;
            }
            let width = match measured {
                Some(width) if one_run && b == end => width,
                _ => self.run_width(fonts, run, a, b, size),
            };
            let spaces = text_no_nl.bytes().filter(|&c| c == b' ').count();
            line.width += width;
            line.spaces += spaces;
            match line.frags.last_mut() {
                Some(f) if f.run == index && f.end == a => {
                    f.end = b;
                    f.width += width;
                    f.spaces += spaces;
                }
                _ => line.frags.push(Frag {
                    run: index,
                    start: a,
                    end: b,
                    width,
                    spaces,
                }),
            }
        }
    }
}

/// Drops leading white space of the first line so a justified line starts flush.
pub(super) fn trim_line_start(p: &Prepared, line: &mut Line, fonts: &FontSet, size: f32) {
    while let Some(first) = line.frags.first_mut() {
        let text = &p.text[first.start..first.end];
        let trimmed = text.trim_start_matches(' ');
        if trimmed.len() == text.len() {
            break;
        }
        let removed = text.len() - trimmed.len();
        first.start += removed;
        line.spaces -= removed;
        first.spaces -= removed;
        let run = &p.runs[first.run];
        let w = p.run_width(fonts, run, first.start - removed, first.start, size);
        first.width -= w;
        line.width -= w;
        if first.start == first.end {
            line.frags.remove(0);
        }
    }
}

impl Builder<'_> {
    /// Draws one broken line starting at `x`, `width` wide, baseline `baseline`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit_line(
        &mut self,
        p: &Prepared,
        line: &Line,
        x: f32,
        width: f32,
        baseline: f32,
        size: f32,
        align: LineAlign,
        items: &mut Vec<Item>,
    ) {
        let slack = width - line.width;
        let mut extra = 0.0;
        if align == LineAlign::Justify && !line.last && line.spaces > 0 && slack > 0.0 {
            extra = slack / line.spaces as f32;
            if extra > size * 1.5 {
                extra = 0.0;
            }
        }
        // A right-to-left paragraph starts at the right margin.
        let align = match align {
            LineAlign::Left if p.rtl => LineAlign::Right,
            LineAlign::Justify if p.rtl && extra == 0.0 => LineAlign::Right,
            align => align,
        };
        let mut cx = match align {
            LineAlign::Left | LineAlign::Justify => x,
            LineAlign::Right => x + slack.max(0.0),
            LineAlign::Center => x + slack.max(0.0) / 2.0,
        };
        let outer = self.structure.tag();
        // Linked words are a `Link` element of their own, one per run of words with
        // the same target, holding the text and (in the emitter) the annotation.
        let mut link: Option<(&LinkTarget, Tag)> = None;
        // Left-to-right text is drawn in logical order, with no order to allocate.
        let order = p.bidi.then(|| p.visual_order(line));
        for i in 0..line.frags.len() {
            let index = order.as_ref().map_or(i, |o| o[i]);
            let f = &line.frags[index];
            let run = &p.runs[f.run];
            let tag = match &run.link {
                Some(target) => match link {
                    Some((t, tag)) if t == target => tag,
                    _ => {
                        let tag = Tag::Element(self.structure.child(Role::Link));
                        link = Some((target, tag));
                        tag
                    }
                },
                None => {
                    link = None;
                    outer
                }
            };
            let w = f.width + extra * f.spaces as f32;
            items.push(Item::Text(TextRun {
                x: cx,
                y: baseline - run.rise * size,
                font: run.font,
                size: size * run.scale,
                text: p.text[f.start..f.end].to_string(),
                glyphs: p.placed_glyphs(run, f.start, f.end),
                rtl: run.level % 2 == 1,
                space_extra: extra,
                color: run.color,
                tag,
            }));
            if run.strike {
                items.push(Item::Line {
                    x1: cx,
                    y1: baseline - size * 0.3,
                    x2: cx + w,
                    y2: baseline - size * 0.3,
                    width: size * 0.06,
                    color: run.color,
                });
            }
            if run.underline {
                items.push(Item::Line {
                    x1: cx,
                    y1: baseline + size * 0.12,
                    x2: cx + w,
                    y2: baseline + size * 0.12,
                    width: size * 0.06,
                    color: run.color,
                });
            }
            if let Some(target) = &run.link {
                items.push(Item::Link {
                    x: cx,
                    y: baseline - size * 0.95,
                    w,
                    h: size * 1.2,
                    target: target.clone(),
                    tag,
                });
            }
            cx += w;
        }
        if let (Some(first), Some(last)) = (line.frags.first(), line.frags.last()) {
            // The marks inside the line's stretch of text (marks are in text order).
            let from = p.note_marks.partition_point(|&(pos, _)| pos < first.start);
            for &(pos, note) in &p.note_marks[from..] {
                if pos >= last.end {
                    break;
                }
                if line.frags.iter().any(|f| (f.start..f.end).contains(&pos)) {
                    items.push(Item::NoteRef(note));
                }
            }
        }
        if line.frags.iter().any(|f| p.runs[f.run].revised) {
            let bar = self.geometry.margin_left - 8.0;
            items.push(Item::Line {
                x1: bar,
                y1: baseline - size * 0.85,
                x2: bar,
                y2: baseline + size * 0.3,
                width: 1.2,
                color: CHANGE_BAR,
            });
        }
    }
}
