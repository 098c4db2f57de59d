//! `rfx review`: maps the paragraphs of a returned DOCX to the clauses that produced
//! them and says, per clause, what the counterparty did with the wording.
//!
//! A clause is found by the bookmark rfx wrote on its heading ([`read`] lists the
//! bookmarks of each paragraph), else by its heading text. The clause's text runs to
//! the next heading of the same or a higher level; it is compared with the locked
//! wording (rebuilt from the spec) after accepting any tracked changes.

pub mod read;
pub mod schedule;

use std::collections::{HashMap, HashSet};

use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::compare::words;
use crate::doc::{Block, Document, Inline};

/// What happened to one clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The wording is as sent.
    Unchanged,
    /// The wording differs.
    Changed,
    /// A section the sent draft did not have.
    Added,
    /// The clause is gone.
    Deleted,
    /// The clause, with its wording as sent, sits elsewhere.
    Moved,
}

impl Status {
    /// The word used in the schedule.
    pub fn word(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Changed => "changed",
            Status::Added => "added",
            Status::Deleted => "deleted",
            Status::Moved => "moved",
        }
    }
}

/// One line of the deviation schedule.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Deviation {
    /// Clause id (empty for an added section).
    pub clause: String,
    /// Clause version as locked.
    pub version: String,
    /// Section number in the sent draft.
    pub section: Option<String>,
    /// Heading text.
    pub title: String,
    /// What happened.
    pub status: Status,
    /// Whether the counterparty's edits in the clause are tracked changes.
    pub tracked: bool,
    /// Whether the clause bookmark rfx wrote was still there (else found by text).
    pub found_by_bookmark: bool,
    /// Words the counterparty added.
    pub added: usize,
    /// Words the counterparty removed.
    pub removed: usize,
    /// The change as text: `[-removed-]` and `{+added+}` around the words.
    pub change: String,
    /// Whether the library marks the clause negotiable (or holds other variants).
    pub negotiable: bool,
    /// A library variant whose wording equals the returned text (`id@version`
    /// variant), if any.
    pub fallback: Option<String>,
    /// The word diff as inlines, for the schedule documents.
    #[serde(skip)]
    pub diff: Vec<Inline>,
    /// The clause's paragraphs as returned (changes accepted), for the fallback hint.
    #[serde(skip)]
    pub returned: Vec<String>,
}

/// A clause's heading and wording in the sent draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseText {
    /// Clause id.
    pub id: String,
    /// Clause version.
    pub version: String,
    /// Heading anchor.
    pub anchor: String,
    /// Heading level.
    pub level: u8,
    /// Section number.
    pub number: Option<String>,
    /// Heading text.
    pub title: String,
    /// The clause's paragraphs as plain text, heading first.
    pub paragraphs: Vec<String>,
}

/// The clauses of a built document, in order.
pub fn clause_texts(doc: &Document) -> Vec<ClauseText> {
    let mut out = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let Block::Heading(h) = block else { continue };
        let (Some(clause), Some(anchor)) = (&h.clause, &h.anchor) else {
            continue;
        };
        let end = doc.blocks[i + 1..]
            .iter()
            .position(|b| matches!(b, Block::Heading(n) if n.level <= h.level))
            .map_or(doc.blocks.len(), |p| i + 1 + p);
        let (id, version) = clause.split_once('@').unwrap_or((clause, ""));
        out.push(ClauseText {
            id: id.to_string(),
            version: version.to_string(),
            anchor: anchor.clone(),
            level: h.level,
            number: h.number.clone(),
            title: Inline::plain_text(&h.content),
            paragraphs: paragraph_texts(&doc.blocks[i..end]),
        });
    }
    out
}

/// The text of each paragraph the DOCX writer makes of `blocks`.
fn paragraph_texts(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(h) => out.push(Inline::plain_text(&h.content)),
            Block::Paragraph(i) => out.push(Inline::plain_text(i)),
            Block::List(l) => {
                for item in &l.items {
                    out.extend(paragraph_texts(item));
                }
            }
            Block::Table(t) => {
                for cell in t.header.iter().chain(t.rows.iter().flatten()) {
                    out.push(Inline::plain_text(cell));
                }
            }
            Block::BlockQuote(b) | Block::Revised { blocks: b, .. } => {
                out.extend(paragraph_texts(b))
            }
            Block::CodeBlock { text, .. } => out.push(text.replace('\n', " ")),
            Block::ThematicBreak | Block::PageBreak | Block::Toc(_) => {}
        }
    }
    out.into_iter()
        .map(|p| normalise(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading paragraph's text without a number written as text ("12.2 Title").
fn heading_text(text: &str) -> String {
    let t = normalise(text);
    match t.split_once(' ') {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.') => {
            rest.to_string()
        }
        _ => t,
    }
}

/// Reviews the returned paragraphs against the sent document `sent`.
pub fn review(sent: &Document, returned: &[read::Paragraph]) -> Vec<Deviation> {
    let clauses = clause_texts(sent);
    let bookmarks = crate::writers::docx::heading_bookmarks(sent);
    // Bookmark name → level of the heading it marks, for where a clause ends.
    let mut levels: HashMap<&str, u8> = HashMap::new();
    let mut titles: HashSet<String> = HashSet::new();
    for block in &sent.blocks {
        if let Block::Heading(h) = block {
            if let Some(name) = h.anchor.as_ref().and_then(|a| bookmarks.get(a)) {
                levels.insert(name.as_str(), h.level);
            }
            titles.insert(normalise(&Inline::plain_text(&h.content)));
        }
    }
    let level_of = |p: &read::Paragraph| {
        p.bookmarks
            .iter()
            .filter_map(|b| levels.get(b.as_str()).copied())
            .min()
            .or(p.heading)
    };
    let mut used_starts = HashSet::new();
    let mut found: Vec<(usize, usize)> = Vec::new(); // (clause index, start paragraph)
    let mut out = Vec::new();
    for (ci, clause) in clauses.iter().enumerate() {
        let name = bookmarks.get(&clause.anchor);
        let by_bookmark = returned
            .iter()
            .position(|p| name.is_some_and(|n| p.bookmarks.contains(n)));
        let start = by_bookmark.or_else(|| {
            returned.iter().enumerate().position(|(i, p)| {
                !used_starts.contains(&i)
                    && p.heading.is_some()
                    && heading_text(&p.text) == normalise(&clause.title)
            })
        });
        let mut d = Deviation {
            clause: clause.id.clone(),
            version: clause.version.clone(),
            section: clause.number.clone(),
            title: clause.title.clone(),
            status: Status::Unchanged,
            tracked: false,
            found_by_bookmark: by_bookmark.is_some(),
            added: 0,
            removed: 0,
            change: String::new(),
            negotiable: false,
            fallback: None,
            diff: Vec::new(),
            returned: Vec::new(),
        };
        let Some(start) = start else {
            d.status = Status::Deleted;
            d.removed = clause
                .paragraphs
                .iter()
                .map(|p| p.split_whitespace().count())
                .sum();
            d.change = format!("[-{}-]", clause.paragraphs.join(" "));
            d.diff = vec![Inline::Revised {
                revision: crate::doc::Revision::Deleted,
                content: vec![Inline::Text(clause.paragraphs.join(" "))],
            }];
            out.push(d);
            continue;
        };
        used_starts.insert(start);
        found.push((ci, start));
        let end = returned[start + 1..]
            .iter()
            .position(|p| level_of(p).is_some_and(|l| l <= clause.level))
            .map_or(returned.len(), |i| start + 1 + i);
        let region = &returned[start..end];
        d.tracked = region.iter().any(|p| p.tracked);
        let mut texts: Vec<String> = region
            .iter()
            .map(|p| normalise(&p.text))
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(first) = texts.first_mut() {
            *first = heading_text(first);
        }
        let diff = words::diff(
            &[Inline::Text(clause.paragraphs.join("\n"))],
            &[Inline::Text(texts.join("\n"))],
        );
        d.returned = texts;
        if !diff.is_unchanged() {
            d.status = Status::Changed;
            d.added = diff.added;
            d.removed = diff.removed;
            d.change = change_text(&diff.inlines);
            d.diff = diff.inlines;
        }
        out.push(d);
    }
    mark_moves(&mut out, &found);
    out.extend(added_sections(returned, &levels, &titles));
    out
}

/// Clauses found in another order than sent: those off the longest common order
/// moved.
fn mark_moves(out: &mut [Deviation], found: &[(usize, usize)]) {
    let sent: Vec<usize> = found.iter().map(|(c, _)| *c).collect();
    let mut by_position = found.to_vec();
    by_position.sort_by_key(|(_, start)| *start);
    let returned: Vec<usize> = by_position.iter().map(|(c, _)| *c).collect();
    for op in capture_diff_slices(Algorithm::Myers, &sent, &returned) {
        let (tag, _, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        for i in n {
            let d = &mut out[returned[i]];
            if d.status == Status::Unchanged {
                d.status = Status::Moved;
            }
        }
    }
}

/// Headings in the returned draft that the sent draft did not have.
fn added_sections(
    returned: &[read::Paragraph],
    levels: &HashMap<&str, u8>,
    titles: &HashSet<String>,
) -> Vec<Deviation> {
    returned
        .iter()
        .filter(|p| p.heading.is_some())
        .filter(|p| !p.bookmarks.iter().any(|b| levels.contains_key(b.as_str())))
        .filter(|p| !titles.contains(&heading_text(&p.text)) && !p.text.trim().is_empty())
        .map(|p| {
            let title = heading_text(&p.text);
            Deviation {
                clause: String::new(),
                version: String::new(),
                section: None,
                title: title.clone(),
                status: Status::Added,
                tracked: p.tracked,
                found_by_bookmark: false,
                added: title.split_whitespace().count(),
                removed: 0,
                change: format!("{{+{title}+}}"),
                negotiable: false,
                fallback: None,
                diff: vec![Inline::Revised {
                    revision: crate::doc::Revision::Inserted,
                    content: vec![Inline::Text(title)],
                }],
                returned: Vec::new(),
            }
        })
        .collect()
}

/// `[-removed-]{+added+}` text of a word diff (unchanged words elided to "…" beyond
/// a few either side of a change).
fn change_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Revised { revision, content } => {
                let t = Inline::plain_text(content);
                if revision.is_new() {
                    out.push_str(&format!("{{+{t}+}}"));
                } else {
                    out.push_str(&format!("[-{t}-]"));
                }
            }
            other => {
                let t = Inline::plain_text(std::slice::from_ref(other));
                let words: Vec<&str> = t.split_whitespace().collect();
                if words.len() > 8 {
                    let lead = if t.starts_with(char::is_whitespace) {
                        " "
                    } else {
                        ""
                    };
                    let tail = if t.ends_with(char::is_whitespace) {
                        " "
                    } else {
                        ""
                    };
                    out.push_str(&format!(
                        "{lead}{} … {}{tail}",
                        words[..4].join(" "),
                        words[words.len() - 4..].join(" ")
                    ));
                } else {
                    out.push_str(&t);
                }
            }
        }
    }
    out.replace('\n', " ")
}

/// Whether returned text equals a clause's wording, for the fallback hint.
pub fn same_wording(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| normalise(x) == normalise(y))
}

#[cfg(test)]
mod tests;
