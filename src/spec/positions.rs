//! Path → position index of a YAML document, for locating semantic errors.
//!
//! serde gives line and column only for syntax and type errors; checks that run on the
//! typed [`super::Spec`] find the offending value's place here, by the dotted path of
//! the value (`contract.governing_law`, `requirements[3].weight`). The index is built
//! from the parser's event stream: aliases are recorded where they stand and never
//! expanded, so its size is bounded by the size of the text. Duplicate keys, which the
//! deserializer either rejects without a location or silently overwrites, are found here.

use crate::diag::{Diagnostic, Location};
use saphyr_parser::{Event, Parser, Span};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// What kind of node stands at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// A scalar (string, number, boolean, null).
    Scalar,
    /// A mapping.
    Mapping,
    /// A sequence.
    Sequence,
    /// An alias (`*name`).
    Alias,
}

/// Where one node of the document stands.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// The key it is the value of, if it sits in a mapping.
    pub key: Option<Span>,
    /// The node itself (for collections: where the collection starts).
    pub value: Span,
    /// The kind of node.
    pub kind: NodeKind,
}

/// Path → position index of one YAML document. The nodes are kept in document order
/// with links to their parents; the map from dotted path to node is made the first time
/// a location is asked for, so a spec that needs none never builds it.
#[derive(Debug, Default, Clone)]
pub(crate) struct PositionIndex {
    nodes: Vec<Node>,
    /// Every mapping key, in document order.
    keys: Vec<Key>,
    /// The names of the keys, one after another (a [`Key`] holds its range).
    names: String,
    by_path: OnceLock<HashMap<String, usize>>,
    duplicates: Vec<(String, Span, Span)>,
    syntax_error: bool,
    expansion_overflow: Option<Span>,
    second_document: Option<Span>,
    too_deep: Option<Span>,
}

/// One indexed node: where it stands and how its path continues its parent's.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Index of the enclosing collection's node; `None` for the document's root.
    parent: Option<usize>,
    step: Step,
    entry: Entry,
}

/// The last step of a node's path.
#[derive(Debug, Clone, Copy)]
enum Step {
    Root,
    /// `.name` (or `name` at the top), by index into [`PositionIndex::keys`].
    Key(usize),
    /// `[n]`.
    Item(usize),
}

/// One key of a mapping.
#[derive(Debug, Clone, Copy)]
struct Key {
    /// Node index of the mapping holding the key.
    mapping: usize,
    /// Byte range of the name in [`PositionIndex::names`].
    name: (usize, usize),
    span: Span,
}

/// Deepest nesting of mappings and lists indexed; a spec needs fewer than ten levels.
pub(crate) const MAX_DEPTH: usize = 64;

/// Most values a document may hold once its aliases are expanded. A spec has a few
/// thousand; an alias bomb ("billion laughs") has billions.
pub(crate) const MAX_EXPANDED_NODES: u64 = 100_000;

/// Counts how many values the document holds with every alias expanded, without
/// expanding anything: an alias counts as the size of its anchored node.
#[derive(Default)]
struct ExpansionCounter {
    /// Expanded size of each anchored node, by anchor id.
    sizes: HashMap<usize, u64>,
    /// Open collections: (anchor id, size so far).
    open: Vec<(usize, u64)>,
    total: u64,
}

impl ExpansionCounter {
    /// Adds a node of `size` values; returns false once the total is over the limit.
    fn add(&mut self, size: u64) -> bool {
        if let Some(top) = self.open.last_mut() {
            top.1 = top.1.saturating_add(size);
        }
        self.total = self.total.saturating_add(size);
        self.total <= MAX_EXPANDED_NODES
    }

    fn scalar(&mut self, anchor: usize) -> bool {
        if anchor > 0 {
            self.sizes.insert(anchor, 1);
        }
        self.add(1)
    }

    fn alias(&mut self, anchor: usize) -> bool {
        let size = self.sizes.get(&anchor).copied().unwrap_or(1);
        self.add(size)
    }

    fn start(&mut self, anchor: usize) -> bool {
        self.total = self.total.saturating_add(1);
        self.open.push((anchor, 1));
        self.total <= MAX_EXPANDED_NODES
    }

    fn end(&mut self) {
        if let Some((anchor, size)) = self.open.pop() {
            if anchor > 0 {
                self.sizes.insert(anchor, size);
            }
            if let Some(top) = self.open.last_mut() {
                top.1 = top.1.saturating_add(size);
            }
        }
    }
}

enum Frame {
    Mapping {
        node: usize,
        /// The key read and waiting for its value (index into the keys).
        pending_key: Option<usize>,
    },
    Sequence {
        node: usize,
        next: usize,
    },
    /// A collection used as a mapping key: indexed under no path.
    Ignored,
}

impl PositionIndex {
    /// Indexes the first document of `text`. Never fails: a syntax error stops the
    /// indexing (see [`PositionIndex::has_syntax_error`]).
    pub fn build(text: &str) -> PositionIndex {
        let mut index = PositionIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut documents = 0;
        let mut counter = ExpansionCounter::default();
        for item in Parser::new_from_str(text) {
            let (event, span) = match item {
                Ok(pair) => pair,
                Err(e) => {
                    // The scanner reads ahead, so nesting too deep for it (more than 255
                    // flow levels) can surface here before the depth check below.
                    if e.info().contains("recursion limit") {
                        index.too_deep = Some(Span::empty(*e.marker()));
                    } else {
                        index.syntax_error = true;
                    }
                    break;
                }
            };
            let within_limit = match &event {
                Event::Scalar(_, _, anchor, _) => counter.scalar(*anchor),
                Event::Alias(anchor) => counter.alias(*anchor),
                Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                    counter.start(*anchor)
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    counter.end();
                    true
                }
                _ => true,
            };
            if !within_limit {
                index.expansion_overflow = Some(span);
                break;
            }
            if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..))
                && stack.len() >= MAX_DEPTH
            {
                index.too_deep = Some(span);
                break;
            }
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        index.second_document = Some(span);
                        break;
                    }
                }
                Event::Scalar(value, ..) => {
                    index.node(&mut stack, span, NodeKind::Scalar, Some(&value));
                }
                Event::Alias(_) => {
                    index.node(&mut stack, span, NodeKind::Alias, None);
                }
                Event::MappingStart(..) => {
                    let node = index.node(&mut stack, span, NodeKind::Mapping, None);
                    stack.push(match node {
                        Some(node) => Frame::Mapping {
                            node,
                            pending_key: None,
                        },
                        None => Frame::Ignored,
                    });
                }
                Event::SequenceStart(..) => {
                    let node = index.node(&mut stack, span, NodeKind::Sequence, None);
                    stack.push(match node {
                        Some(node) => Frame::Sequence { node, next: 0 },
                        None => Frame::Ignored,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        index.duplicates = index.find_duplicates();
        index
    }

    /// Records a node; returns its index, or `None` when it is a key (or inside one).
    fn node(
        &mut self,
        stack: &mut [Frame],
        span: Span,
        kind: NodeKind,
        scalar: Option<&str>,
    ) -> Option<usize> {
        let (parent, step, key) = match stack.last_mut() {
            None => (None, Step::Root, None),
            Some(Frame::Ignored) => return None,
            Some(Frame::Sequence { node, next }) => {
                let step = Step::Item(*next);
                *next += 1;
                (Some(*node), step, None)
            }
            Some(Frame::Mapping { node, pending_key }) => match pending_key.take() {
                None => {
                    // This node is a key.
                    let start = self.names.len();
                    match scalar {
                        Some(s) if kind == NodeKind::Scalar => self.names.push_str(s),
                        // A collection or alias as key: not something a spec uses.
                        _ => {
                            let _ = write!(self.names, "\u{0}{}", span.start.index());
                        }
                    }
                    *pending_key = Some(self.keys.len());
                    self.keys.push(Key {
                        mapping: *node,
                        name: (start, self.names.len()),
                        span,
                    });
                    return None;
                }
                Some(k) => (Some(*node), Step::Key(k), Some(self.keys[k].span)),
            },
        };
        self.nodes.push(Node {
            parent,
            step,
            entry: Entry {
                key,
                value: span,
                kind,
            },
        });
        Some(self.nodes.len() - 1)
    }

    fn key_name(&self, key: &Key) -> &str {
        &self.names[key.name.0..key.name.1]
    }

    /// The dotted path of node `at`.
    fn path(&self, at: usize) -> String {
        let mut steps = Vec::new();
        let mut current = Some(at);
        while let Some(i) = current {
            steps.push(self.nodes[i].step);
            current = self.nodes[i].parent;
        }
        let mut path = String::new();
        for step in steps.into_iter().rev() {
            self.push_step(&mut path, step);
        }
        path
    }

    fn push_step(&self, path: &mut String, step: Step) {
        match step {
            Step::Root => {}
            Step::Key(k) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(self.key_name(&self.keys[k]));
            }
            Step::Item(n) => {
                let _ = write!(path, "[{n}]");
            }
        }
    }

    /// Keys set twice in one mapping, each repeat with the first occurrence, in the
    /// order the repeats stand in the document.
    fn find_duplicates(&self) -> Vec<(String, Span, Span)> {
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        // Stable: within a run of equal keys, document order.
        order.sort_by(|&a, &b| {
            let (ka, kb) = (&self.keys[a], &self.keys[b]);
            (ka.mapping, self.key_name(ka)).cmp(&(kb.mapping, self.key_name(kb)))
        });
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        let mut first = 0;
        for (i, &k) in order.iter().enumerate() {
            let (a, b) = (&self.keys[order[first]], &self.keys[k]);
            if i > 0 && a.mapping == b.mapping && self.key_name(a) == self.key_name(b) {
                repeats.push((order[first], k));
            } else {
                first = i;
            }
        }
        repeats.sort_unstable_by_key(|&(_, second)| second);
        repeats
            .into_iter()
            .map(|(first, second)| {
                let mut path = self.path(self.keys[second].mapping);
                self.push_step(&mut path, Step::Key(second));
                (path, self.keys[first].span, self.keys[second].span)
            })
            .collect()
    }

    /// Path → node, made on first use. A duplicate key keeps the position of its first
    /// occurrence.
    fn by_path(&self) -> &HashMap<String, usize> {
        self.by_path.get_or_init(|| {
            let mut paths: Vec<String> = Vec::with_capacity(self.nodes.len());
            let mut map = HashMap::with_capacity(self.nodes.len());
            for (i, node) in self.nodes.iter().enumerate() {
                let mut path = node.parent.map_or_else(String::new, |p| paths[p].clone());
                self.push_step(&mut path, node.step);
                map.entry(path.clone()).or_insert(i);
                paths.push(path);
            }
            map
        })
    }

    /// The node at `path`, if present.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.by_path().get(path).map(|&i| &self.nodes[i].entry)
    }

    /// The alias at which the expanded document grew past [`MAX_EXPANDED_NODES`].
    pub fn expansion_overflow(&self) -> Option<Span> {
        self.expansion_overflow
    }

    /// Where the nesting goes deeper than [`MAX_DEPTH`], if it does.
    pub fn too_deep(&self) -> Option<Span> {
        self.too_deep
    }

    /// Where a second YAML document starts, if the text holds more than one.
    pub fn second_document(&self) -> Option<Span> {
        self.second_document
    }

    /// Whether a syntax error stopped the indexing (the index then covers only the
    /// text before it).
    pub fn has_syntax_error(&self) -> bool {
        self.syntax_error
    }

    /// Location of the value at `path`: scalars and flow collections at the value,
    /// block collections at their key (the value starts on the next line).
    pub fn locate(&self, file: &str, text: &str, path: &str) -> Option<Location> {
        let entry = self.get(path)?;
        let span = match (entry.kind, entry.key) {
            (NodeKind::Mapping | NodeKind::Sequence, Some(key))
                if key.start.line() != entry.value.start.line() =>
            {
                key
            }
            _ => entry.value,
        };
        Some(span_location(file, text, span))
    }

    /// Location of the key of `path` (or of the value when it has no key).
    pub fn locate_key(&self, file: &str, text: &str, path: &str) -> Option<Location> {
        let entry = self.get(path)?;
        Some(span_location(file, text, entry.key.unwrap_or(entry.value)))
    }

    /// Location of `path`, or of its nearest ancestor that is present.
    pub fn locate_nearest(&self, file: &str, text: &str, path: &str) -> Option<Location> {
        let mut p = path;
        loop {
            if let Some(loc) = self.locate(file, text, p) {
                return Some(loc);
            }
            p = parent(p)?;
        }
    }

    /// Duplicate keys, as errors located at the second occurrence.
    pub fn duplicate_key_errors(&self, file: &str, text: &str) -> Vec<Diagnostic> {
        self.duplicates
            .iter()
            .map(|(path, first, second)| {
                let key = path.rsplit('.').next().unwrap_or(path);
                let key = strip_index(key);
                Diagnostic::error(format!("duplicate key `{key}`"))
                    .at(span_location(file, text, *second))
                    .with_note(format!(
                        "`{key}` is first set on line {}",
                        first.start.line()
                    ))
                    .with_help("remove one of the two entries (YAML keeps only one of them)")
            })
            .collect()
    }
}

/// The path one level up: `a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``; `None` at the top.
pub(crate) fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']')
        && let Some(i) = path.rfind('[')
    {
        return Some(&path[..i]);
    }
    Some(path.rfind('.').map_or("", |i| &path[..i]))
}

fn strip_index(key: &str) -> &str {
    key.find('[').map_or(key, |i| &key[..i])
}

/// A location covering `span` (up to the end of its first line).
pub(crate) fn span_location(file: &str, text: &str, span: Span) -> Location {
    let line = span.start.line();
    let column = span.start.col() + 1;
    let loc = Location::in_source(file, text, line, column);
    let rest = loc
        .source_line
        .as_deref()
        .map_or(1, |l| l.chars().count().saturating_sub(column - 1));
    let width = if span.end.line() == line {
        span.len()
    } else {
        rest
    };
    loc.with_width(width.clamp(1, rest.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "\
engagement:
  id: demo
  term: {start: 2026-01-01, months: 12}
requirements:
  - id: R-1
    weight: 5
  - id: R-2
clauses:
  limitation-of-liability:
    version: \"^2\"
";

    #[test]
    fn scalar_values_are_located_at_the_value() {
        let index = PositionIndex::build(SRC);
        let loc = index.locate("s.yaml", SRC, "engagement.id").unwrap();
        assert_eq!((loc.line, loc.column, loc.width), (2, 7, 4));
        let loc = index
            .locate("s.yaml", SRC, "requirements[0].weight")
            .unwrap();
        assert_eq!((loc.line, loc.column), (6, 13));
        let loc = index.locate("s.yaml", SRC, "requirements[1].id").unwrap();
        assert_eq!((loc.line, loc.column), (7, 9));
    }

    #[test]
    fn flow_collections_are_indexed() {
        let index = PositionIndex::build(SRC);
        let loc = index
            .locate("s.yaml", SRC, "engagement.term.months")
            .unwrap();
        assert_eq!((loc.line, loc.column, loc.width), (3, 37, 2));
        let loc = index.locate("s.yaml", SRC, "engagement.term").unwrap();
        assert_eq!((loc.line, loc.column), (3, 9));
    }

    #[test]
    fn block_collections_are_located_at_their_key() {
        let index = PositionIndex::build(SRC);
        let loc = index
            .locate("s.yaml", SRC, "clauses.limitation-of-liability")
            .unwrap();
        assert_eq!((loc.line, loc.column, loc.width), (9, 3, 23));
        let key = index
            .locate_key("s.yaml", SRC, "clauses.limitation-of-liability.version")
            .unwrap();
        assert_eq!((key.line, key.column, key.width), (10, 5, 7));
    }

    #[test]
    fn nearest_ancestor_is_used_for_missing_paths() {
        let index = PositionIndex::build(SRC);
        assert!(
            index
                .locate("s.yaml", SRC, "requirements[1].weight")
                .is_none()
        );
        let loc = index
            .locate_nearest("s.yaml", SRC, "requirements[1].weight")
            .unwrap();
        assert_eq!(loc.line, 7);
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_second() {
        let src = "a: 1\nb:\n  c: 2\n  c: 3\na: 4\n";
        let index = PositionIndex::build(src);
        let errors = index.duplicate_key_errors("d.yaml", src);
        assert_eq!(errors.len(), 2);
        let first = errors[0].location.as_ref().unwrap();
        assert_eq!((first.line, first.column), (4, 3));
        assert_eq!(errors[0].message, "duplicate key `c`");
        assert_eq!(errors[1].location.as_ref().unwrap().line, 5);
        // The first occurrence keeps its position.
        assert_eq!(index.locate("d.yaml", src, "a").unwrap().line, 1);
    }

    #[test]
    fn aliases_are_not_expanded() {
        let src = "a: &x [1, 2, 3]\nb: [*x, *x, *x]\nc: [*x]\n";
        let index = PositionIndex::build(src);
        assert_eq!(index.get("b[2]").unwrap().kind, NodeKind::Alias);
        assert!(index.get("b[0][0]").is_none());
    }

    #[test]
    fn alias_bombs_are_stopped_at_the_alias_that_overflows() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h"])
        {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            src.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let index = PositionIndex::build(&src);
        let at = index.expansion_overflow().unwrap();
        // 10^5 values are reached inside the list of line 5 (`e`).
        assert_eq!(at.start.line(), 5);
        // A modest use of aliases is fine.
        let small = "a: &a [1, 2]\nb: [*a, *a]\n";
        assert!(PositionIndex::build(small).expansion_overflow().is_none());
    }

    #[test]
    fn deep_nesting_stops_indexing() {
        let src = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let index = PositionIndex::build(&src);
        let at = index.too_deep().unwrap();
        assert_eq!(at.start.line(), 1);
        let src = format!("a:\n  {}x\n", "- ".repeat(100_000));
        let index = PositionIndex::build(&src);
        assert!(index.too_deep().is_some());
        let ok = format!("a: {}{}\n", "[".repeat(10), "]".repeat(10));
        assert!(PositionIndex::build(&ok).too_deep().is_none());
    }

    #[test]
    fn syntax_errors_stop_indexing_without_panicking() {
        let src = "a: [1, 2\nb: 3\n";
        let index = PositionIndex::build(src);
        assert!(index.has_syntax_error());
    }

    #[test]
    fn parent_paths() {
        assert_eq!(parent("a.b[2]"), Some("a.b"));
        assert_eq!(parent("a.b"), Some("a"));
        assert_eq!(parent("a"), Some(""));
        assert_eq!(parent(""), None);
    }
}
