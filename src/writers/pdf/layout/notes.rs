//! Footnotes: each note laid out once as small chunks across the text frame, and the
//! area at the foot of a page that the paginator fills with the notes its lines
//! refer to — below a short rule, or a full-width rule where a long note continues
//! from the page before.

use std::collections::VecDeque;

use super::flow::{Builder, Chunk, shift_down};
use super::prepare::{NOTE_MARK_RISE, NOTE_MARK_SCALE};
use super::{BLACK, EPSILON, Geometry, Item, LEADING, NOTE_SIZE, Page, PlacedNote, RULE, TextRun};
use crate::writers::pdf::fonts::FontId;

/// Indent of a note's text; its mark hangs in this space.
const NOTE_INDENT: f32 = 12.0;
/// Space above each note, and at most between the paragraphs of one.
const NOTE_SPACE: f32 = 2.0;
/// Space between the body text and the first note; the separator rule sits in it.
const RULE_GAP: f32 = 12.0;
/// Share of the frame that notes continued from an earlier page may fill.
const CONTINUED_SHARE: f32 = 0.5;

impl Builder<'_> {
    /// Lays out every footnote referred to (in the order of [`Builder::notes`]):
    /// the blocks at the note size, the mark hanging in the indent.
    pub(super) fn lay_out_notes(&mut self) -> Result<Vec<Vec<Chunk>>, String> {
        let notes = self.notes.take();
        if notes.is_empty() {
            return Ok(Vec::new());
        }
        let body = std::mem::take(&mut self.chunks);
        let pending = std::mem::take(&mut self.pending_break);
        let space = std::mem::take(&mut self.space_next);
        let (depth, size) = (std::mem::take(&mut self.list_depth), self.text_size);
        self.in_note = true;
        self.text_size = NOTE_SIZE;
        let x = self.geometry.margin_left;
        let width = self.geometry.frame_width();
        let mut laid = Vec::with_capacity(notes.len());
        let mut result = Ok(());
        for note in &notes {
            self.section = format!("footnote {}", note.mark);
            // Each note is a `Note` element holding its mark and its paragraphs.
            self.structure.open(super::structure::Role::Note);
            let tag = self.structure.tag();
            let laid_out = self.blocks(&note.blocks, x + NOTE_INDENT, width - NOTE_INDENT);
            self.structure.close();
            if let Err(e) = laid_out {
                result = Err(e);
                break;
            }
            self.space_next = 0.0;
            if self.chunks.is_empty() {
                self.chunks.push(Chunk {
                    height: NOTE_SIZE * LEADING,
                    first_baseline: Some(super::baseline_offset(NOTE_SIZE, NOTE_SIZE * LEADING)),
                    ..Chunk::default()
                });
            }
            for chunk in &mut self.chunks {
                chunk.space_before = chunk.space_before.min(NOTE_SPACE);
                chunk.force_break = false;
                chunk.table_header = None;
            }
            let first = &mut self.chunks[0];
            first.space_before = NOTE_SPACE;
            let baseline = first.first_baseline.unwrap_or(NOTE_SIZE);
            first.items.push(Item::Text(TextRun {
                x,
                y: baseline - NOTE_MARK_RISE * NOTE_SIZE,
                font: FontId::REGULAR,
                size: NOTE_SIZE * NOTE_MARK_SCALE,
                text: note.mark.clone(),
                glyphs: Vec::new(),
                rtl: false,
                space_extra: 0.0,
                color: BLACK,
                tag,
            }));
            laid.push(std::mem::take(&mut self.chunks));
        }
        self.chunks = body;
        self.pending_break = pending;
        self.space_next = space;
        self.list_depth = depth;
        self.text_size = size;
        self.in_note = false;
        result.map(|()| laid)
    }
}

/// One line (chunk) of a note in the area of a page.
#[derive(Debug)]
struct NoteLine {
    note: usize,
    chunk: Chunk,
    /// Not the note's first line.
    continued: bool,
}

/// The footnote area of the page being filled, and the lines waiting for the next.
#[derive(Debug)]
pub(super) struct NoteArea {
    notes: Vec<Vec<Chunk>>,
    placed: Vec<bool>,
    lines: Vec<NoteLine>,
    /// Height of `lines`, each with the space above it.
    height: f32,
    /// Lines that did not fit, in order: they open the next page's area.
    carry: VecDeque<NoteLine>,
}

/// The notes `chunk`'s lines refer to.
fn refs(chunk: &Chunk) -> impl Iterator<Item = usize> + '_ {
    chunk.items.iter().filter_map(|i| match i {
        Item::NoteRef(n) => Some(*n),
        _ => None,
    })
}

impl NoteArea {
    pub(super) fn new(notes: Vec<Vec<Chunk>>) -> NoteArea {
        NoteArea {
            placed: vec![false; notes.len()],
            notes,
            lines: Vec::new(),
            height: 0.0,
            carry: VecDeque::new(),
        }
    }

    /// Whether the document has no footnotes at all (pagination then skips them).
    pub(super) fn is_unused(&self) -> bool {
        self.notes.is_empty()
    }

    /// Height the area takes from the page's frame.
    pub(super) fn reserved(&self) -> f32 {
        if self.lines.is_empty() {
            0.0
        } else {
            RULE_GAP + self.height
        }
    }

    /// Extra height of the area if the notes that `chunks` refer to were added:
    /// whole, and with the first line of each note only (the least that must stay on
    /// the page of its reference).
    pub(super) fn needs<'c>(&self, chunks: impl IntoIterator<Item = &'c Chunk>) -> (f32, f32) {
        if self.is_unused() {
            return (0.0, 0.0);
        }
        let (mut whole, mut first) = (0.0, 0.0);
        for chunk in chunks {
            for n in refs(chunk).filter(|&n| !self.placed.get(n).copied().unwrap_or(true)) {
                let lines = &self.notes[n];
                whole += lines.iter().map(|l| l.space_before + l.height).sum::<f32>();
                first += lines.first().map_or(0.0, |l| l.space_before + l.height);
            }
        }
        if first > 0.0 && self.lines.is_empty() {
            whole += RULE_GAP;
            first += RULE_GAP;
        }
        (whole, first)
    }

    /// Adds the notes `chunk` refers to, as far as `room` (the height under the body
    /// text) allows; the rest waits for the next page.
    pub(super) fn add(&mut self, chunk: &Chunk, room: f32) {
        let new: Vec<usize> = refs(chunk)
            .filter(|&n| !self.placed.get(n).copied().unwrap_or(true))
            .collect();
        for n in new {
            self.placed[n] = true;
            for (i, line) in std::mem::take(&mut self.notes[n]).into_iter().enumerate() {
                let line = NoteLine {
                    note: n,
                    chunk: line,
                    continued: i > 0,
                };
                if self.carry.is_empty() && self.fits(&line.chunk, room) {
                    self.push(line);
                } else {
                    self.carry.push_back(line);
                }
            }
        }
    }

    fn fits(&self, line: &Chunk, room: f32) -> bool {
        let gap = if self.lines.is_empty() { RULE_GAP } else { 0.0 };
        self.reserved() + gap + line.space_before + line.height <= room + EPSILON
    }

    fn push(&mut self, line: NoteLine) {
        self.height += line.chunk.space_before + line.chunk.height;
        self.lines.push(line);
    }

    /// Opens the area of a new page with the lines carried over, as many as fit in
    /// its share of the frame (at least one, so a long note always progresses).
    pub(super) fn start_page(&mut self, geometry: &Geometry) {
        let room = geometry.frame_height() * CONTINUED_SHARE;
        while let Some(line) = self.carry.pop_front() {
            if self.lines.is_empty() || self.fits(&line.chunk, room) {
                self.push(line);
            } else {
                self.carry.push_front(line);
                break;
            }
        }
    }

    /// Whether lines still wait for a page.
    pub(super) fn has_carry(&self) -> bool {
        !self.carry.is_empty()
    }

    /// Draws the area at the foot of `page` and empties it.
    pub(super) fn finish_page(&mut self, page: &mut Page, geometry: &Geometry) {
        if self.lines.is_empty() {
            return;
        }
        let bottom = geometry.height - geometry.margin_bottom;
        let mut y = bottom - self.height;
        let x = geometry.margin_left;
        let continued = self.lines[0].continued;
        let rule = if continued {
            geometry.frame_width()
        } else {
            geometry.frame_width() / 3.0
        };
        let rule_y = y - RULE_GAP / 2.0;
        page.items.push(Item::Line {
            x1: x,
            y1: rule_y,
            x2: x + rule,
            y2: rule_y,
            width: 0.5,
            color: RULE,
        });
        for line in std::mem::take(&mut self.lines) {
            y += line.chunk.space_before;
            let start = page.items.len();
            page.items
                .extend(line.chunk.items.into_iter().map(|mut item| {
                    shift_down(&mut item, y);
                    item
                }));
            let end = page.items.len();
            match page.notes.last_mut() {
                Some(last) if last.note == line.note && last.items.end == start => {
                    last.items.end = end;
                }
                _ => page.notes.push(PlacedNote {
                    note: line.note,
                    items: start..end,
                    continued: line.continued,
                }),
            }
            y += line.chunk.height;
        }
        self.height = 0.0;
    }
}
