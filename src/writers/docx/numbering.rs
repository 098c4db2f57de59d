//! Numbering definitions: legal heading numbering (1 / 1.1 / 1.1.1) bound to the
//! heading styles, ordered lists that restart for every list, and nested bullets —
//! list levels generated from the document's [`Labels`], so Word shows the labels
//! the model decided ("1." / "(a)" / "(i)").
//!
//! Word computes heading numbers itself from the list bound to the heading styles, so
//! a clause inserted in Word renumbers the rest. [`HeadingCounter`] replays Word's
//! counting so the writer can check, heading by heading, that Word will show exactly
//! the number the model resolved; where it would not, the number is written as text.

use std::fmt::Write as _;

use crate::doc::{Counter, Labels};

use super::styles::{heading_style, list_indent};
use super::xml::{ParagraphProps, RunProps, push_paragraph_props, push_run_props};

/// `w:numId` of the heading numbering (1 is unused, so ids match older files).
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
    labels: Labels,
}

/// Word's number format (`ST_NumberFormat`) for a counter.
pub fn number_format(counter: Counter) -> &'static str {
    match counter {
        Counter::Decimal => "decimal",
        Counter::LowerLetter => "lowerLetter",
        Counter::UpperLetter => "upperLetter",
        Counter::LowerRoman => "lowerRoman",
        Counter::UpperRoman => "upperRoman",
    }
}

impl NumberingBuilder {
    /// A builder whose list levels follow `labels`.
    pub fn new(labels: &Labels) -> NumberingBuilder {
        NumberingBuilder {
            ordered: Vec::new(),
            labels: labels.clone(),
        }
    }

    /// Registers a new ordered list whose items sit at `depth` and start at `start`;
    /// returns its own `w:numId`, so the list restarts regardless of earlier lists.
    pub fn new_ordered_list(&mut self, depth: usize, start: u64) -> usize {
        let id = FIRST_LIST_NUM_ID + self.ordered.len();
        let start = start.min(MAX_START) as usize;
        self.ordered.push((id, depth.min(MAX_LIST_DEPTH), start));
        id
    }

    /// `word/numbering.xml`: the abstract definitions, then one `w:num` per list.
    pub fn numbering_xml(&self) -> String {
        let mut out = String::with_capacity(8 * 1024 + self.ordered.len() * 120);
        out.push_str(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
        ));
        heading_abstract(&mut out, &self.labels);
        bullet_abstract(&mut out, &self.labels);
        ordered_abstract(&mut out, &self.labels);
        for (num, abstract_num) in [
            (HEADING_NUM_ID, HEADING_ABSTRACT_ID),
            (BULLET_NUM_ID, BULLET_ABSTRACT_ID),
        ] {
            let _ = write!(
                out,
                r#"<w:num w:numId="{num}"><w:abstractNumId w:val="{abstract_num}"/></w:num>"#
            );
        }
        for &(id, depth, start) in &self.ordered {
            let _ = write!(
                out,
                concat!(
                    r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_num}"/>"#,
                    r#"<w:lvlOverride w:ilvl="{depth}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>"#
                ),
                id = id,
                abstract_num = ORDERED_ABSTRACT_ID,
                depth = depth,
                start = start,
            );
        }
        out.push_str("</w:numbering>");
        out
    }
}

/// One numbering level, children in CT_Lvl order.
struct LevelDef<'a> {
    level: usize,
    format: &'a str,
    text: &'a str,
    style: Option<&'a str>,
    legal: bool,
    indent: (i32, i32),
    font: Option<&'a str>,
}

impl LevelDef<'_> {
    fn push_xml(&self, out: &mut String) {
        let _ = write!(
            out,
            r#"<w:lvl w:ilvl="{}"><w:start w:val="1"/><w:numFmt w:val="{}"/>"#,
            self.level, self.format
        );
        if let Some(style) = self.style {
            let _ = write!(out, r#"<w:pStyle w:val="{style}"/>"#);
        }
        if self.legal {
            out.push_str("<w:isLgl/>");
        }
        out.push_str(r#"<w:suff w:val="tab"/><w:lvlText w:val=""#);
        super::xml::push_escaped(out, self.text, true);
        out.push_str(r#""/><w:lvlJc w:val="left"/>"#);
        push_paragraph_props(
            out,
            &ParagraphProps {
                indent: Some(self.indent),
                ..ParagraphProps::default()
            },
        );
        push_run_props(
            out,
            &RunProps {
                font: self.font,
                ..RunProps::default()
            },
        );
        out.push_str("</w:lvl>");
    }
}

fn open_abstract(out: &mut String, id: usize, kind: &str) {
    let _ = write!(
        out,
        r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="{kind}"/>"#
    );
}

fn heading_abstract(out: &mut String, labels: &Labels) {
    open_abstract(out, HEADING_ABSTRACT_ID, "multilevel");
    for level in 0..HEADING_LEVELS {
        let numbers: Vec<String> = (1..=level + 1).map(|l| format!("%{l}")).collect();
        // `%n` is a placeholder in Word's level text: a literal per cent sign is dropped.
        let prefix = labels
            .headings
            .get(level)
            .map_or(String::new(), |p| p.replace('%', ""));
        let text = format!("{prefix}{}", numbers.join("."));
        let indent = heading_indent(level);
        LevelDef {
            level,
            format: "decimal",
            text: &text,
            style: Some(heading_style(level as u8 + 1)),
            legal: level > 0,
            indent: (indent, indent),
            font: None,
        }
        .push_xml(out);
    }
    out.push_str("</w:abstractNum>");
}

fn bullet_abstract(out: &mut String, labels: &Labels) {
    open_abstract(out, BULLET_ABSTRACT_ID, "hybridMultilevel");
    for level in 0..=MAX_LIST_DEPTH {
        LevelDef {
            level,
            format: "bullet",
            text: &labels.list_level(level).bullet,
            style: None,
            legal: false,
            indent: list_indent(level),
            font: Some(super::styles::BODY_FONT),
        }
        .push_xml(out);
    }
    out.push_str("</w:abstractNum>");
}

fn ordered_abstract(out: &mut String, labels: &Labels) {
    open_abstract(out, ORDERED_ABSTRACT_ID, "hybridMultilevel");
    for level in 0..=MAX_LIST_DEPTH {
        let scheme = labels.list_level(level);
        // `%n` is a placeholder in Word's level text: a literal per cent sign is dropped.
        let text = format!(
            "{}%{}{}",
            scheme.before.replace('%', ""),
            level + 1,
            scheme.after.replace('%', "")
        );
        LevelDef {
            level,
            format: number_format(scheme.counter),
            text: &text,
            style: None,
            legal: false,
            indent: list_indent(level),
            font: None,
        }
        .push_xml(out);
    }
    out.push_str("</w:abstractNum>");
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
        let xml = b.numbering_xml();
        assert_eq!(xml.matches("<w:num ").count(), 2 + 4);
        assert_eq!(xml.matches("<w:abstractNum ").count(), 3);
        assert!(xml.contains(r#"<w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/>"#));
        assert!(xml.contains(r#"<w:startOverride w:val="32767"/>"#));
    }
}
