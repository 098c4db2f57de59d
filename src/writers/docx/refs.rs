//! What REF fields to headings show: Word's heading numbering replayed over the newer
//! text of a document (deleted blocks do not count).

use std::collections::HashMap;

use crate::doc::{Block, Inline};

use super::numbering::HeadingCounter;

/// What a REF field to a heading shows: its number (`\r`, where Word numbers the
/// heading itself) or, for an unnumbered heading, its text.
#[derive(Debug, Clone)]
pub(super) enum RefTarget {
    Number(String),
    Title(String),
}

/// Replays Word's heading numbering over the newer text (deleted blocks do not count):
/// for each heading in order, whether Word's numbering shows the model's number, and
/// what a REF field to each heading yields.
/// A heading numbered by Word shows its label too ("Article %1"), and so does a REF
/// field to it: `labels` are the words before the numbers, per level.
pub(super) fn heading_plan(
    blocks: &[Block],
    labels: &[String],
) -> (Vec<bool>, HashMap<String, RefTarget>) {
    fn walk(
        blocks: &[Block],
        labels: &[String],
        counter: &mut HeadingCounter,
        plan: &mut Vec<bool>,
        targets: &mut HashMap<String, RefTarget>,
    ) {
        for block in blocks {
            match block {
                Block::Heading(h) => {
                    let level = h.level.clamp(1, 6);
                    let number = h.number.as_deref().filter(|_| h.numbered);
                    let word = number.is_some_and(|n| counter.peek(level).as_deref() == Some(n));
                    if word {
                        counter.advance(level);
                    }
                    plan.push(word);
                    let target = match number {
                        Some(n) if word => {
                            let label = labels.get(usize::from(level) - 1).map_or("", |l| l);
                            Some(RefTarget::Number(format!("{label}{n}")))
                        }
                        Some(_) => None,
                        None => Some(RefTarget::Title(Inline::plain_text(&h.content))),
                    };
                    if let (Some(anchor), Some(target)) = (&h.anchor, target) {
                        targets.entry(anchor.clone()).or_insert(target);
                    }
                }
                Block::BlockQuote(inner) => walk(inner, labels, counter, plan, targets),
                Block::List(list) => {
                    for item in &list.items {
                        walk(item, labels, counter, plan, targets);
                    }
                }
                Block::Revised { revision, blocks } if revision.is_new() => {
                    walk(blocks, labels, counter, plan, targets)
                }
                _ => {}
            }
        }
    }
    let mut plan = Vec::new();
    let mut targets = HashMap::new();
    walk(
        blocks,
        labels,
        &mut HeadingCounter::default(),
        &mut plan,
        &mut targets,
    );
    (plan, targets)
}
