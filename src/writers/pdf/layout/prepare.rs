//! Inline preparation: a paragraph's inlines flattened into one string of styled
//! runs, each character in the first face that can draw it (the style's face, the
//! body's regular face, the fallbacks; a combining mark stays with its base), and a
//! located error for undrawable text.

use super::flow::Builder;
use super::linebreak::Segment;
use super::{BLACK, Color, DELETED, INSERTED, LinkTarget, snippet};
use crate::doc::Inline;
use crate::writers::pdf::fonts::shape::{continues_cluster, needs_shaping};
use crate::writers::pdf::fonts::{Family, FontId};

/// A styled stretch of a paragraph's text (a byte range of [`Prepared::text`]).
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) font: FontId,
    pub(super) color: Color,
    pub(super) strike: bool,
    /// Underlined (inserted words of a redline).
    pub(super) underline: bool,
    /// Part of a redline change: the line gets a change bar.
    pub(super) revised: bool,
    pub(super) link: Option<LinkTarget>,
    /// Size relative to the paragraph's (code spans are set a little smaller).
    pub(super) scale: f32,
    /// How far the baseline is raised, relative to the paragraph's size (footnote
    /// marks).
    pub(super) rise: f32,
    /// Bidi embedding level (odd: right to left).
    pub(super) level: u8,
    /// The run's glyphs in [`Prepared::shaped`], when it was shaped.
    pub(super) glyphs: Option<std::ops::Range<usize>>,
}

impl Run {
    /// An unstyled run of `start..end` in `font` and `color`: no marks, no link, the
    /// paragraph's size, left to right, not yet shaped.
    pub(super) fn plain(start: usize, end: usize, font: FontId, color: Color) -> Run {
        Run {
            start,
            end,
            font,
            color,
            strike: false,
            underline: false,
            revised: false,
            link: None,
            scale: 1.0,
            rise: 0.0,
            level: 0,
            glyphs: None,
        }
    }
}

/// Relative size of inline code: monospace looks large beside proportional text.
pub(super) const CODE_SPAN_SCALE: f32 = 0.9;
/// Relative size of a footnote mark in the text.
pub(super) const NOTE_MARK_SCALE: f32 = 0.65;
/// How far a footnote mark is raised, relative to the text size.
pub(super) const NOTE_MARK_RISE: f32 = 0.35;

/// A paragraph's text flattened into one string with styled runs and its break
/// opportunities.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    pub(super) text: String,
    pub(super) runs: Vec<Run>,
    pub(super) segments: Vec<Segment>,
    /// Footnote marks: the text position of each mark and the note's index in
    /// [`Builder::notes`].
    pub(super) note_marks: Vec<(usize, usize)>,
    /// Glyphs of the shaped runs; clusters are byte offsets into `text`.
    pub(super) shaped: Vec<crate::writers::pdf::fonts::shape::Glyph>,
    /// Some text is right to left: lines are reordered for display.
    pub(super) bidi: bool,
    /// The (first) paragraph direction is right to left.
    pub(super) rtl: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Style {
    pub(super) bold: bool,
    pub(super) italic: bool,
    pub(super) strike: bool,
    pub(super) underline: bool,
    pub(super) revised: bool,
    pub(super) link: Option<LinkTarget>,
    pub(super) color: Option<Color>,
    /// Set in the headings family.
    pub(super) heading: bool,
}

impl Style {
    fn family(&self) -> Family {
        if self.heading {
            Family::Headings
        } else {
            Family::Body
        }
    }
}

impl Builder<'_> {
    pub(super) fn prepare(
        &self,
        inlines: &[Inline],
        base: Style,
        size: f32,
    ) -> Result<Prepared, String> {
        let mut p = Prepared::default();
        self.flatten(inlines, &base, &mut p)?;
        // A paragraph never starts with white space.
        if p.text.starts_with([' ', '\n']) {
            let trimmed = p.text.trim_start_matches([' ', '\n']).len();
            let cut = p.text.len() - trimmed;
            p.text.drain(..cut);
            p.runs.retain_mut(|r| {
                r.start = r.start.saturating_sub(cut);
                r.end = r.end.saturating_sub(cut);
                r.start < r.end
            });
            for (pos, _) in &mut p.note_marks {
                *pos = pos.saturating_sub(cut);
            }
        }
        p.bidi_and_shape(self.fonts);
        p.segment(self.fonts, size);
        p.keep_marks_with_words();
        Ok(p)
    }

    pub(super) fn flatten(
        &self,
        inlines: &[Inline],
        style: &Style,
        p: &mut Prepared,
    ) -> Result<(), String> {
        for inline in inlines {
            match inline {
                Inline::Text(t) => {
                    let font = self.fonts.styled(style.family(), style.bold, style.italic);
                    self.push_text(p, t, font, style)?;
                }
                Inline::Code(t) => {
                    let first = p.runs.len();
                    let mono = self
                        .fonts
                        .styled(Family::Monospace, style.bold, style.italic);
                    self.push_text(p, t, mono, style)?;
                    for run in &mut p.runs[first..] {
                        run.scale = CODE_SPAN_SCALE;
                    }
                }
                Inline::Emph(c) => {
                    let s = Style {
                        italic: true,
                        ..style.clone()
                    };
                    self.flatten(c, &s, p)?;
                }
                Inline::Strong(c) => {
                    let s = Style {
                        bold: true,
                        ..style.clone()
                    };
                    self.flatten(c, &s, p)?;
                }
                Inline::Strikethrough(c) => {
                    let s = Style {
                        strike: true,
                        ..style.clone()
                    };
                    self.flatten(c, &s, p)?;
                }
                Inline::Link { url, content } => {
                    let target = match url.strip_prefix('#') {
                        Some(anchor) => LinkTarget::Anchor(anchor.to_string()),
                        None => LinkTarget::Uri(url.clone()),
                    };
                    let s = Style {
                        link: Some(target),
                        color: Some(self.palette.links),
                        ..style.clone()
                    };
                    self.flatten(content, &s, p)?;
                }
                Inline::CrossRef { anchor, text } => {
                    let s = Style {
                        link: Some(LinkTarget::Anchor(anchor.clone())),
                        ..style.clone()
                    };
                    let font = self.fonts.styled(s.family(), s.bold, s.italic);
                    self.push_text(p, text, font, &s)?;
                }
                Inline::Revised { revision, content } => {
                    let new = revision.is_new();
                    let s = Style {
                        underline: new,
                        strike: style.strike || !new,
                        revised: true,
                        color: Some(if new { INSERTED } else { DELETED }),
                        ..style.clone()
                    };
                    self.flatten(content, &s, p)?;
                }
                Inline::Reformatted { content, .. } => {
                    let s = Style {
                        revised: true,
                        ..style.clone()
                    };
                    self.flatten(content, &s, p)?;
                }
                Inline::SoftBreak => {
                    let font = self.fonts.styled(style.family(), style.bold, style.italic);
                    self.push_text(p, " ", font, style)?;
                }
                Inline::LineBreak => {
                    let font = self.fonts.styled(style.family(), style.bold, style.italic);
                    self.push_text(p, "\n", font, style)?;
                }
                Inline::Image(image) => {
                    return Err(format!(
                        "the image `{}` in {} sits inside text the PDF sets as one line \
                         (a heading, table cell, link or emphasis): put the image in a \
                         paragraph of its own",
                        image.source, self.section
                    ));
                }
                Inline::Footnote(note) => {
                    let start = p.text.len();
                    let font = self.fonts.styled(style.family(), style.bold, style.italic);
                    self.push_text(p, &note.mark, font, style)?;
                    // The mark may have joined the run before it: give it runs of its own.
                    let first = p.runs.partition_point(|r| r.end <= start);
                    if let Some(run) = p.runs.get_mut(first)
                        && run.start < start
                    {
                        let mut mark = run.clone();
                        run.end = start;
                        mark.start = start;
                        p.runs.insert(first + 1, mark);
                    }
                    let first = p.runs.partition_point(|r| r.end <= start);
                    for run in &mut p.runs[first..] {
                        run.scale = NOTE_MARK_SCALE;
                        run.rise = NOTE_MARK_RISE;
                    }
                    // A note inside a note keeps only its mark (as DOCX does).
                    if !self.in_note && p.text.len() > start {
                        let mut notes = self.notes.borrow_mut();
                        p.note_marks.push((start, notes.len()));
                        notes.push(note.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// Appends text in `font`, each character in the first face that can draw it
    /// ([`FontSet::resolve`]; a mark or joiner stays in its base's face, a space after
    /// fallback text in the fallback face); a character no face has is an error.
    /// A stretch of printable ASCII that `font` draws goes in at once.
    ///
    /// [`FontSet::resolve`]: crate::writers::pdf::fonts::FontSet::resolve
    pub(super) fn push_text(
        &self,
        p: &mut Prepared,
        text: &str,
        font: FontId,
        style: &Style,
    ) -> Result<(), String> {
        let push = |p: &mut Prepared, s: &str, f: FontId| {
            let start = p.text.len();
            p.text.push_str(s);
            let end = p.text.len();
            match p.runs.last_mut() {
                Some(r)
                    if r.end == start
                        && r.scale == 1.0
                        && r.font == f
                        && r.strike == style.strike
                        && r.underline == style.underline
                        && r.revised == style.revised
                        && r.link == style.link
                        && r.color == style.color.unwrap_or(BLACK) =>
                {
                    r.end = end
                }
                _ => p.runs.push(Run {
                    start,
                    end,
                    font: f,
                    color: style.color.unwrap_or(BLACK),
                    strike: style.strike,
                    underline: style.underline,
                    revised: style.revised,
                    link: style.link.clone(),
                    scale: 1.0,
                    rise: 0.0,
                    level: 0,
                    glyphs: None,
                }),
            }
        };
        // The face and character before, for clusters.
        let mut prev: Option<(FontId, char)> = None;
        let face = self.fonts.get(font);
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            // Printable ASCII the style's face has needs no choice of face (a space
            // leading the stretch joins a fallback face's text before it).
            let after_own = prev.is_none_or(|(f, _)| f == font || f == FontId::REGULAR);
            let plain = rest
                .bytes()
                .enumerate()
                .take_while(|&(i, b)| {
                    (b' '..=b'~').contains(&b)
                        && (i > 0 || b != b' ' || after_own)
                        && face.has(char::from(b))
                })
                .count();
            if plain > 0 {
                push(p, &rest[..plain], font);
                prev = Some((font, char::from(rest.as_bytes()[plain - 1])));
                rest = &rest[plain..];
                continue;
            }
            rest = &rest[c.len_utf8()..];
            let c = match c {
                '\t' | '\r' => ' ',
                // Joiners matter to shaped scripts only; elsewhere they are dropped.
                '\u{200C}' | '\u{200D}' if prev.is_some_and(|(_, b)| needs_shaping(b)) => c,
                // Invisible: soft hyphen, zero-width space/joiners, BOM.
                '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
                    continue;
                }
                c => c,
            };
            let keep = prev.map(|(f, _)| f).filter(|&f| {
                (continues_cluster(c) || (c == ' ' && f != font && f != FontId::REGULAR))
                    && self.fonts.get(f).has(c)
            });
            let chosen = if c == '\n' {
                Some(font)
            } else {
                keep.or_else(|| self.fonts.resolve(font, c))
            };
            match chosen {
                Some(f) => {
                    push(p, c.encode_utf8(&mut [0; 4]), f);
                    prev = Some((f, c));
                }
                None => {
                    self.missing.set(Some(c));
                    return Err(format!(
                        "the character {c:?} (U+{:04X}) cannot be drawn with the embedded fonts; \
                         it occurs in {} in the text \"{}\"",
                        c as u32,
                        self.section,
                        snippet(text)
                    ));
                }
            }
        }
        Ok(())
    }
}
