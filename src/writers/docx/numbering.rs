//! Numbering definitions: legal heading numbering (1 / 1.1 / 1.1.1) bound to the
//! heading styles, ordered lists that restart for every list, and nested bullets.
//!
//! Word computes heading numbers itself from the list bound to the heading styles, so
//! a clause inserted in Word renumbers the rest. [`HeadingCounter`] replays Word's
//! counting so the writer can check, heading by heading, that Word will show exactly
//! the number the model resolved; where it would not, the number is written as text.

use docx_rs::{
    AbstractNumbering, Level, LevelJc, LevelOverride, LevelSuffixType, LevelText, NumberFormat,
    Numbering, Numberings, RunFonts, SpecialIndentType, Start,
};

use super::styles::{heading_style, list_indent};

/// `w:numId` of the heading numbering (id 1 is docx-rs's built-in default list).
pub const HEADING_NUM_ID: usize = 2;
/// `w:numId` shared by all bulleted lists (bullets carry no counter to restart).
pub const BULLET_NUM_ID: usize = 3;
/// First `w:numId` handed out to ordered lists, one per list.
const FIRST_LIST_NUM_ID: usize = 4;

const HEADING_ABSTRACT_ID: usize = 2;
const BULLET_ABSTRACT_ID: usize = 3;
const ORDERED_ABSTRACT_ID: usize = 4;

/// Deepest heading level bound to the numbering (Heading 1–6 → levels 0–5).
pub const HEADING_LEVELS: usize = 6;
/// Deepest list nesting Word supports (levels 0–8).
pub const MAX_LIST_DEPTH: usize = 8;
/// Highest start value Word accepts for a list.
const MAX_START: u64 = 32767;

/// Hanging indent of a numbered heading: the number sits in this space.
pub fn heading_indent(level: usize) -> i32 {
    if level < 3 { 851 } else { 1134 }
}

/// Collects the `w:num` instances of one document.
#[derive(Debug, Default)]
pub struct NumberingBuilder {
    ordered: Vec<(usize, usize, usize)>,
}

impl NumberingBuilder {
    /// Registers a new ordered list whose items sit at `depth` and start at `start`;
    /// returns its own `w:numId`, so the list restarts regardless of earlier lists.
    pub fn new_ordered_list(&mut self, depth: usize, start: u64) -> usize {
        let id = FIRST_LIST_NUM_ID + self.ordered.len();
        let start = start.min(MAX_START) as usize;
        self.ordered.push((id, depth.min(MAX_LIST_DEPTH), start));
        id
    }

    /// The numbering part: abstract definitions plus one `w:num` per list.
    pub fn build(&self) -> Numberings {
        let mut numberings = Numberings::new()
            .add_abstract_numbering(heading_abstract())
            .add_abstract_numbering(bullet_abstract())
            .add_abstract_numbering(ordered_abstract())
            .add_numbering(Numbering::new(HEADING_NUM_ID, HEADING_ABSTRACT_ID))
            .add_numbering(Numbering::new(BULLET_NUM_ID, BULLET_ABSTRACT_ID));
        for &(id, depth, start) in &self.ordered {
            numberings = numberings.add_numbering(
                Numbering::new(id, ORDERED_ABSTRACT_ID)
                    .add_override(LevelOverride::new(depth).start(start)),
            );
        }
        numberings
    }
}

fn heading_abstract() -> AbstractNumbering {
    let mut abstract_num = AbstractNumbering::new(HEADING_ABSTRACT_ID);
    for level in 0..HEADING_LEVELS {
        let text: Vec<String> = (1..=level + 1).map(|l| format!("%{l}")).collect();
        let indent = heading_indent(level);
        let mut lvl = Level::new(
            level,
            Start::new(1),
            NumberFormat::new("decimal"),
            LevelText::new(text.join(".")),
            LevelJc::new("left"),
        )
        .paragraph_style(heading_style(level as u8 + 1))
        .suffix(LevelSuffixType::Tab)
        .indent(
            Some(indent),
            Some(SpecialIndentType::Hanging(indent)),
            None,
            None,
        );
        if level > 0 {
            lvl = lvl.is_lgl();
        }
        abstract_num = abstract_num.add_level(lvl);
    }
    abstract_num
}

fn bullet_abstract() -> AbstractNumbering {
    let glyphs = ["\u{2022}", "\u{25E6}", "\u{25AA}"];
    let mut abstract_num = AbstractNumbering::new(BULLET_ABSTRACT_ID);
    for level in 0..=MAX_LIST_DEPTH {
        let (left, hanging) = list_indent(level);
        let glyph = glyphs[level % glyphs.len()];
        abstract_num = abstract_num.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new(glyph),
                LevelJc::new("left"),
            )
            .indent(Some(left), Some(hanging), None, None)
            .fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri")),
        );
    }
    abstract_num
}

fn ordered_abstract() -> AbstractNumbering {
    // 1. → (a) → (i), repeating: the usual sequence in contracts.
    let formats = [
        ("decimal", "{}."),
        ("lowerLetter", "({})"),
        ("lowerRoman", "({})"),
    ];
    let mut abstract_num = AbstractNumbering::new(ORDERED_ABSTRACT_ID);
    for level in 0..=MAX_LIST_DEPTH {
        let (format, pattern) = formats[level % formats.len()];
        let (left, hanging) = list_indent(level);
        let text = pattern.replace("{}", &format!("%{}", level + 1));
        abstract_num = abstract_num.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(Some(left), Some(hanging), None, None),
        );
    }
    abstract_num
}

/// Replays Word's counting of the heading list: numbering a heading at a level
/// increments that level and restarts every deeper one; a level not used since its
/// restart shows as 0 (Word's "1.0.1" for a Heading 3 straight after a Heading 1).
#[derive(Debug, Default, Clone)]
pub struct HeadingCounter {
    counters: [u32; HEADING_LEVELS],
}

impl HeadingCounter {
    /// The number Word would show for the next numbered heading at `level` (1-based),
    /// without counting it.
    pub fn peek(&self, level: u8) -> Option<String> {
        let index = usize::from(level).checked_sub(1)?;
        if index >= HEADING_LEVELS {
            return None;
        }
        let mut parts: Vec<String> = self.counters[..index]
            .iter()
            .map(|c| c.to_string())
            .collect();
        parts.push((self.counters[index] + 1).to_string());
        Some(parts.join("."))
    }

    /// Counts a numbered heading at `level` (1-based), as Word does.
    pub fn advance(&mut self, level: u8) {
        let Some(index) = usize::from(level).checked_sub(1) else {
            return;
        };
        if index >= HEADING_LEVELS {
            return;
        }
        self.counters[index] += 1;
        for deeper in &mut self.counters[index + 1..] {
            *deeper = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_follows_word_counting() {
        let mut c = HeadingCounter::default();
        assert_eq!(c.peek(1).as_deref(), Some("1"));
        c.advance(1);
        assert_eq!(c.peek(2).as_deref(), Some("1.1"));
        c.advance(2);
        c.advance(2);
        assert_eq!(c.peek(3).as_deref(), Some("1.2.1"));
        c.advance(3);
        assert_eq!(c.peek(1).as_deref(), Some("2"));
        c.advance(1);
        // Deeper levels restart after a higher level.
        assert_eq!(c.peek(2).as_deref(), Some("2.1"));
        // A skipped level shows as 0, as in Word.
        assert_eq!(c.peek(3).as_deref(), Some("2.0.1"));
        assert_eq!(c.peek(0), None);
        assert_eq!(c.peek(7), None);
    }

    #[test]
    fn every_ordered_list_gets_its_own_num() {
        let mut b = NumberingBuilder::default();
        let first = b.new_ordered_list(0, 1);
        let second = b.new_ordered_list(0, 1);
        let nested = b.new_ordered_list(1, 3);
        assert_eq!((first, second, nested), (4, 5, 6));
        assert_eq!(b.new_ordered_list(12, u64::MAX), 7);
        let n = b.build();
        assert_eq!(n.numberings.len(), 2 + 4);
        assert_eq!(n.abstract_nums.len(), 3);
    }
}
