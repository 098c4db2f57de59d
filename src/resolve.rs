//! Resolution: section numbers, anchors, cross-references and the table of contents,
//! computed once on the model so every output format agrees.

use crate::diag::{Diagnostic, Location};
use crate::doc::{Block, Counter, Document, Heading, Inline, TocEntry};
use std::collections::{HashMap, HashSet};

/// How a document is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveOptions {
    /// Deepest heading level that gets a number (1 → "3", 2 → "3.2", 3 → "3.2.1").
    pub number_depth: u8,
    /// Deepest heading level listed in the table of contents.
    pub toc_depth: u8,
    /// The word of a cross-reference that names none (`ref(id="x")`), the template's
    /// `ref_word` ("clause"): "clause 3.2". Where the document's heading labels give
    /// the target's level a word ("Article "), the label is used instead: "Article 3".
    pub ref_word: String,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            number_depth: 3,
            toc_depth: 2,
            ref_word: String::new(),
        }
    }
}

struct Target {
    number: Option<String>,
    title: String,
    /// What a cross-reference without a word shows: "Article 3", "clause 3.2.1".
    unworded: String,
}

impl Document {
    /// Numbers headings, gives every heading an anchor, resolves cross-references and
    /// internal links, fills the table of contents, marks footnotes in reading order
    /// (with the document's footnote counter), and neutralises unsafe links.
    ///
    /// Returns an error diagnostic for each cross-reference to an unknown anchor and a
    /// warning for each duplicate explicit anchor.
    pub fn resolve(&mut self, options: &ResolveOptions) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut counters = [0usize; 6];
        let mut used = HashSet::new();
        let mut targets: HashMap<String, Target> = HashMap::new();
        let mut toc = Vec::new();

        for block in &mut self.blocks {
            let Block::Heading(h) = block else { continue };
            number_heading(h, &mut counters, options.number_depth);
            let anchor = unique_anchor(h, &mut used, &mut diagnostics);
            let title = Inline::plain_text(&h.content);
            if h.level <= options.toc_depth {
                toc.push(TocEntry {
                    level: h.level,
                    number: h.number.clone(),
                    title: title.clone(),
                    anchor: anchor.clone(),
                });
            }
            let label = self
                .meta
                .labels
                .headings
                .get(usize::from(h.level).saturating_sub(1))
                .filter(|l| !l.trim().is_empty());
            let unworded = match (&h.number, label) {
                (Some(n), Some(label)) => format!("{label}{n}"),
                (Some(n), None) if !options.ref_word.is_empty() => {
                    format!("{} {n}", options.ref_word)
                }
                (Some(n), None) => n.clone(),
                (None, _) => format!("“{title}”"),
            };
            targets.insert(
                anchor,
                Target {
                    number: h.number.clone(),
                    title,
                    unworded,
                },
            );
        }

        let mut notes = 0;
        let counter = self.meta.labels.footnotes;
        for block in &mut self.blocks {
            visit_inlines(block, &mut |inlines| {
                resolve_inlines(inlines, &targets, &mut diagnostics);
                mark_footnotes(inlines, &mut notes, counter);
            });
            if let Block::Toc(entries) = block {
                *entries = toc.clone();
            }
        }
        diagnostics
    }
}

fn number_heading(h: &mut Heading, counters: &mut [usize; 6], depth: u8) {
    if !h.numbered || h.level == 0 || h.level > depth {
        h.number = None;
        return;
    }
    let level = usize::from(h.level.min(6));
    counters[level - 1] += 1;
    for c in &mut counters[level..] {
        *c = 0;
    }
    let parts: Vec<String> = counters[..level].iter().map(|c| c.to_string()).collect();
    h.number = Some(parts.join("."));
}

fn unique_anchor(
    h: &mut Heading,
    used: &mut HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let base = match &h.anchor {
        Some(a) => {
            if used.contains(a) {
                diagnostics.push(Diagnostic::warning(format!(
                    "two sections share the anchor `{a}`; the second one is renamed"
                )));
            }
            a.clone()
        }
        None => slug(&Inline::plain_text(&h.content)),
    };
    let mut anchor = base.clone();
    let mut n = 2;
    while !used.insert(anchor.clone()) {
        anchor = format!("{base}-{n}");
        n += 1;
    }
    h.anchor = Some(anchor.clone());
    anchor
}

/// A source text the model was made from, for locating resolve diagnostics: a file,
/// its text (or the part Tera read) and the file line that text starts on.
pub struct SourceText<'a> {
    /// The file shown in diagnostics.
    pub file: &'a str,
    /// The text searched.
    pub text: &'a str,
    /// The file line `text` starts on (1 for a whole file).
    pub first_line: usize,
}

/// Gives each location-less diagnostic of [`Document::resolve`] the place in `sources`
/// that caused it: the `ref(…)` or `(#anchor)` link of a missing cross-reference, the
/// second `#anchor` of a duplicate. Diagnostics that cannot be traced keep no line.
pub fn locate(diagnostics: &mut [Diagnostic], sources: &[SourceText<'_>]) {
    for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
        let Some(name) = d.message.split('`').nth(1).map(str::to_string) else {
            continue;
        };
        let name = name.trim_start_matches('#');
        let (needles, nth): (Vec<String>, usize) = if d.message.starts_with("cross-reference") {
            (
                vec![
                    format!("id=\"{name}\""),
                    format!("id='{name}'"),
                    format!("(#{name})"),
                ],
                0,
            )
        } else if d.message.starts_with("link to") {
            (vec![format!("(#{name})")], 0)
        } else if d.message.starts_with("two sections share") {
            (vec![format!("#{name}")], 1)
        } else {
            continue;
        };
        let found = sources.iter().find_map(|s| {
            needles.iter().find_map(|n| {
                let hits = s.text.match_indices(n.as_str()).filter(|(i, _)| {
                    s.text[i + n.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
                });
                hits.map(|(i, _)| i)
                    .nth(nth)
                    .map(|i| (s, i, n.chars().count()))
            })
        });
        if let Some((s, offset, width)) = found {
            let mut loc = Location::at_offset(s.file, s.text, offset).with_width(width);
            loc.line += s.first_line.saturating_sub(1);
            d.location = Some(loc);
        }
    }
}

/// A lower-case, dash-separated anchor from heading text ("Fees & payment" → "fees-payment").
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Calls `f` on every run of inlines of `block` and the blocks inside it (list items,
/// quotes, table cells), in reading order; the blocks of footnotes are left to `f`.
pub(crate) fn visit_inlines(block: &mut Block, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    match block {
        Block::Heading(h) => f(&mut h.content),
        Block::Paragraph(i) => f(i),
        Block::List(l) => {
            for item in &mut l.items {
                for b in item {
                    visit_inlines(b, f);
                }
            }
        }
        Block::Table(t) => {
            for cell in t.header.iter_mut().chain(t.rows.iter_mut().flatten()) {
                f(cell);
            }
        }
        Block::BlockQuote(blocks) | Block::Revised { blocks, .. } => {
            for b in blocks {
                visit_inlines(b, f);
            }
        }
        Block::CodeBlock { .. } | Block::ThematicBreak | Block::PageBreak | Block::Toc(_) => {}
    }
}

fn resolve_inlines(
    inlines: &mut [Inline],
    targets: &HashMap<String, Target>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for inline in inlines.iter_mut() {
        match inline {
            Inline::CrossRef { anchor, text } => match targets.get(anchor.as_str()) {
                Some(target) => *text = reference_text(text, target),
                None => diagnostics.push(
                    Diagnostic::error(format!(
                        "cross-reference to `{anchor}`, which is not a section of this document"
                    ))
                    .with_help("check the id passed to ref(), or include the clause it names"),
                ),
            },
            Inline::Link { url, content } => {
                if let Some(anchor) = url.strip_prefix('#') {
                    if let Some(target) = targets.get(anchor) {
                        let shown = Inline::plain_text(content);
                        let word = shown
                            .split_once(' ')
                            .filter(|(_, n)| is_section_number(n))
                            .map_or(shown.as_str(), |(w, _)| w);
                        let text = if content.is_empty() || word != shown {
                            reference_text(word, target)
                        } else {
                            shown.clone()
                        };
                        *inline = Inline::CrossRef {
                            anchor: anchor.to_string(),
                            text,
                        };
                        continue;
                    }
                    diagnostics.push(Diagnostic::warning(format!(
                        "link to `#{anchor}`, which is not a section of this document; kept as text"
                    )));
                    *inline = Inline::Text(Inline::plain_text(content));
                    continue;
                } else if !is_safe_url(url) {
                    // A link to a script or local file is shown as its text only.
                    let text = Inline::plain_text(content);
                    *inline = Inline::Text(if text.is_empty() { url.clone() } else { text });
                    continue;
                }
                resolve_inlines(content, targets, diagnostics);
            }
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Revised { content: c, .. }
            | Inline::Reformatted { content: c, .. } => resolve_inlines(c, targets, diagnostics),
            Inline::Footnote(note) => {
                for block in &mut note.blocks {
                    visit_inlines(block, &mut |inlines| {
                        resolve_inlines(inlines, targets, diagnostics)
                    });
                }
            }
            _ => {}
        }
    }
}

/// Gives each footnote in `inlines` the next mark.
fn mark_footnotes(inlines: &mut [Inline], count: &mut u64, counter: Counter) {
    for inline in inlines {
        match inline {
            Inline::Footnote(note) => {
                *count += 1;
                note.mark = counter.format(*count);
            }
            other => {
                if let Some(c) = other.children_mut() {
                    mark_footnotes(c, count, counter);
                }
            }
        }
    }
}

/// "clause" + target 12.2 → "clause 12.2"; an unnumbered target is named by its title.
fn reference_text(word: &str, target: &Target) -> String {
    match (&target.number, word.is_empty()) {
        (Some(n), false) => format!("{word} {n}"),
        (_, true) => target.unworded.clone(),
        (None, false) => format!("“{}”", target.title),
    }
}

fn is_section_number(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Only web, mail and telephone links survive into documents.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{marker, parse};

    fn resolved(md: &str) -> (Document, Vec<Diagnostic>) {
        let mut doc = parse(md);
        let d = doc.resolve(&ResolveOptions::default());
        (doc, d)
    }

    fn numbers(doc: &Document) -> Vec<Option<String>> {
        doc.headings().map(|h| h.number.clone()).collect()
    }

    #[test]
    fn multi_level_numbering_skips_unnumbered_headings() {
        let (doc, d) = resolved("# A\n## B\n## C\n### D\n# E {.unnumbered}\n# F\n## G\n");
        assert!(d.is_empty());
        let n: Vec<_> = numbers(&doc)
            .into_iter()
            .map(|n| n.unwrap_or_default())
            .collect();
        assert_eq!(n, ["1", "1.1", "1.2", "1.2.1", "", "2", "2.1"]);
    }

    #[test]
    fn a_reference_without_a_word_takes_the_heading_label_or_the_template_word() {
        let md = format!(
            "# Term {{#term}}\n## Renewal {{#renewal}}\n### Notice {{#notice}}\n\n{} {} {} {}\n",
            marker::cross_ref("term", ""),
            marker::cross_ref("renewal", ""),
            marker::cross_ref("notice", ""),
            marker::cross_ref("renewal", "clause"),
        );
        let texts = |doc: &Document| -> Vec<String> {
            let Some(Block::Paragraph(inlines)) = doc.blocks.last() else {
                panic!("a paragraph last")
            };
            inlines
                .iter()
                .filter_map(|i| match i {
                    Inline::CrossRef { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect()
        };
        let options = ResolveOptions {
            ref_word: "clause".into(),
            ..ResolveOptions::default()
        };
        let mut doc = parse(&md);
        assert!(doc.resolve(&options).is_empty());
        assert_eq!(
            texts(&doc),
            ["clause 1", "clause 1.1", "clause 1.1.1", "clause 1.1"]
        );
        let mut doc = parse(&md);
        doc.meta.labels.headings = vec!["Article ".into(), "Section ".into()];
        assert!(doc.resolve(&options).is_empty());
        assert_eq!(
            texts(&doc),
            ["Article 1", "Section 1.1", "clause 1.1.1", "clause 1.1"]
        );
    }

    #[test]
    fn cross_references_resolve_to_numbers_and_fill_toc() {
        let md = format!(
            "{}\n\n# Definitions\n# Liability {{#limitation-of-liability}}\n## Cap\n\nSee {}.\n",
            marker::toc(),
            marker::cross_ref("limitation-of-liability", "clause")
        );
        let (doc, d) = resolved(&md);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            doc.blocks.last(),
            Some(&Block::Paragraph(vec![
                Inline::Text("See ".into()),
                Inline::CrossRef {
                    anchor: "limitation-of-liability".into(),
                    text: "clause 2".into()
                },
                Inline::Text(".".into()),
            ]))
        );
        let Block::Toc(toc) = &doc.blocks[0] else {
            panic!("toc expected")
        };
        let lines: Vec<_> = toc
            .iter()
            .map(|e| {
                format!(
                    "{} {} #{}",
                    e.number.as_deref().unwrap_or("-"),
                    e.title,
                    e.anchor
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                "1 Definitions #definitions",
                "2 Liability #limitation-of-liability",
                "2.1 Cap #cap"
            ]
        );
    }

    #[test]
    fn dangling_reference_is_an_error() {
        let (_, d) = resolved(&format!(
            "# A\n\n{}\n",
            marker::cross_ref("nowhere", "clause")
        ));
        assert_eq!(d.len(), 1);
        assert!(d[0].is_error());
        assert!(d[0].message.contains("`nowhere`"));
    }

    #[test]
    fn renumbered_links_follow_their_target() {
        // A draft edited by hand: a section was inserted before the target.
        let (doc, _) = resolved("# New\n# Old {#old}\n\nSee [clause 1](#old).\n");
        assert!(matches!(
            &doc.blocks[2],
            Block::Paragraph(i) if i[1] == Inline::CrossRef { anchor: "old".into(), text: "clause 2".into() }
        ));
    }

    #[test]
    fn script_links_become_plain_text() {
        let (doc, _) = resolved("[x](javascript:alert(1)) and [y](https://example.org)\n");
        let Block::Paragraph(i) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(i[0], Inline::Text("x".into()));
        assert!(matches!(&i[2], Inline::Link { url, .. } if url == "https://example.org"));
    }

    #[test]
    fn footnotes_are_marked_in_reading_order_with_the_document_counter() {
        let md = format!(
            "# Cap {{#cap}}\n\nA[^1] b.\n\n- item[^2]\n\n| x |\n|---|\n| c[^3] |\n\n\
             [^1]: See {}.\n[^2]: Two.\n[^3]: Three.\n",
            marker::cross_ref("cap", "clause")
        );
        let mut doc = parse(&md);
        doc.meta.labels.footnotes = Counter::LowerRoman;
        assert!(doc.resolve(&ResolveOptions::default()).is_empty());
        let mut marks = Vec::new();
        for block in &mut doc.blocks {
            visit_inlines(block, &mut |inlines| {
                for i in inlines.iter() {
                    if let Inline::Footnote(n) = i {
                        marks.push((n.mark.clone(), n.plain_text()));
                    }
                }
            });
        }
        assert_eq!(
            marks,
            [
                ("i".to_string(), "See clause 1.".to_string()),
                ("ii".into(), "Two.".into()),
                ("iii".into(), "Three.".into())
            ]
        );
    }

    #[test]
    fn anchors_are_unique_slugs() {
        let (doc, _) = resolved("# Fees & Payment\n# Fees & Payment\n");
        let anchors: Vec<_> = doc.headings().filter_map(|h| h.anchor.clone()).collect();
        assert_eq!(anchors, ["fees-payment", "fees-payment-2"]);
    }
}
