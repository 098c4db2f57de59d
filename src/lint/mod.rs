//! `rfx lint`: composes a spec's documents as `build` does and checks their text —
//! defined terms, numbers in words, cross-references (also to a section numbered
//! otherwise at the pack's other stage), the library's rules (one fact, one value) and
//! leftovers. Every finding is a [`Diagnostic`] at the clause or template
//! file and line that produced the text, with the document kind and section number.
//!
//! The checks read the composed Markdown; [`crate::compose::SourceSpan`]s say which
//! clause file produced each piece, and [`Page::locate`] maps a finding back to it.

use crate::build::Engine;
use crate::compose::SourceSpan;
use crate::diag::{Diagnostic, Location};
use crate::doc::{Document, DocumentKind};
use crate::library::lockfile::Lockfile;
use crate::spec::{SpecFile, Stage};
use std::collections::HashMap;

mod leftovers;
mod numbers;
pub mod rules;
mod terms;
mod xref;

pub use rules::{Rule, RuleSet};

/// One composed document, ready for the checks.
pub struct Page<'a> {
    /// Document kind.
    pub kind: DocumentKind,
    /// The document's title ("Master Services Agreement"), a name no term defines.
    pub title: String,
    /// The composed Markdown (with rfx's markers).
    pub text: String,
    /// [`plain`] of `text`, made once: the checks match on it.
    pub plain: String,
    sources: Vec<SourceSpan>,
    template: (&'a str, &'a str, usize),
    /// Byte offset of each heading line in `text`, with its resolved number.
    headings: Vec<(usize, Option<String>)>,
    /// Anchors of this document's sections.
    pub anchors: Vec<String>,
    /// Number of each numbered section, by anchor.
    pub numbers: HashMap<String, String>,
}

/// What a check found: where in a page's text, and what to say.
pub struct Finding {
    /// Byte offset in [`Page::text`].
    pub offset: usize,
    /// The text found (also used to find the line in the source file).
    pub snippet: String,
    /// Warning or error.
    pub error: bool,
    /// The message.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Finding {
    /// A warning at `offset` about `snippet`.
    pub fn warning(offset: usize, snippet: &str, message: String) -> Finding {
        Finding {
            offset,
            snippet: snippet.to_string(),
            error: false,
            message,
            help: None,
        }
    }

    /// Adds help.
    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

/// The library texts a finding can be located in: display path → (body, first line).
pub type Bodies<'a> = HashMap<&'a str, (&'a str, usize)>;

/// Every clause and template body of the engine's library, by display path.
pub fn bodies(engine: &Engine) -> Bodies<'_> {
    let lib = &engine.library;
    let mut map: Bodies<'_> = HashMap::new();
    for c in lib.clauses.values().flatten() {
        map.insert(c.source.as_str(), (c.body.as_str(), c.body_line));
    }
    for t in lib.templates.values() {
        map.insert(t.source.as_str(), (t.body.as_str(), t.body_line));
    }
    map
}

impl Page<'_> {
    /// The section number of the heading above `offset`, if numbered.
    fn section(&self, offset: usize) -> Option<&str> {
        let i = self.headings.partition_point(|(o, _)| *o <= offset);
        self.headings[..i]
            .iter()
            .rev()
            .find_map(|(_, n)| n.as_deref())
    }

    /// The file and line that produced the text at `offset`: the clause whose span
    /// holds it, else the template. The line is where `snippet` occurs in that file's
    /// body, else the body line as many lines down as the composed text is.
    pub fn locate(&self, bodies: &Bodies<'_>, offset: usize, snippet: &str) -> Location {
        let span = self.sources.iter().find(|s| s.range.contains(&offset));
        let (file, start) = match span {
            Some(s) => (s.file.as_str(), s.range.start),
            None => (self.template.0, 0),
        };
        let (body, first_line) = match span {
            Some(s) => bodies.get(file).copied().unwrap_or(("", s.first_line)),
            None => (self.template.1, self.template.2),
        };
        let first_line = first_line.max(1);
        let needle = snippet.trim();
        if !needle.is_empty() {
            if let Some(pos) = body.find(needle) {
                let mut loc = Location::at_offset(file, body, pos);
                loc.line += first_line - 1;
                return loc.with_width(needle.chars().count());
            }
        }
        let down = if span.is_some() {
            self.text[start..offset.min(self.text.len())]
                .matches('\n')
                .count()
        } else {
            0
        };
        let rel = (down + 1).min(body.lines().count().max(1));
        let mut loc = Location::in_source(file, body, rel, 1);
        loc.line += first_line - 1;
        loc
    }

    /// A finding as a diagnostic: located, with the document and section in a note.
    pub fn diagnostic(&self, bodies: &Bodies<'_>, f: Finding) -> Diagnostic {
        let d = if f.error {
            Diagnostic::error(f.message)
        } else {
            Diagnostic::warning(f.message)
        };
        let place = match self.section(f.offset) {
            Some(n) => format!("in the {}, section {n}", self.kind.as_str().to_uppercase()),
            None => format!("in the {}", self.kind.as_str().to_uppercase()),
        };
        let d = d
            .at(self.locate(bodies, f.offset, &f.snippet))
            .with_note(place);
        match f.help {
            Some(h) => d.with_help(h),
            None => d,
        }
    }
}

/// Offsets of ATX heading lines of `text` outside fenced code, in order.
fn heading_offsets(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let hashes = line.bytes().take_while(|b| *b == b'#').count();
        if !in_fence && (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\n']) {
            out.push(offset);
        }
        offset += line.len();
    }
    out
}

/// Composes one document for linting. Errors are the build's own diagnostics.
pub fn page<'e>(
    engine: &'e Engine,
    spec: &SpecFile,
    kind: DocumentKind,
    lock: Option<&Lockfile>,
) -> Result<(Page<'e>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let template = engine.library.templates.get(&kind).ok_or_else(|| {
        vec![Diagnostic::error(format!(
            "the library has no template for `{kind}`"
        ))]
    })?;
    let (composed, document, resolved) =
        engine.compose_and_resolve(spec, kind, lock, Default::default())?;
    let numbers: Vec<Option<String>> = document.headings().map(|h| h.number.clone()).collect();
    let anchors = document
        .headings()
        .filter_map(|h| h.anchor.clone())
        .collect();
    let by_anchor = section_numbers(&document);
    let offsets = heading_offsets(&composed.markdown);
    let headings = if offsets.len() == numbers.len() {
        offsets.into_iter().zip(numbers).collect()
    } else {
        Vec::new()
    };
    // Unknown cross-references are reported by the lint itself, with their source.
    let others = resolved
        .into_iter()
        .filter(|d| !d.message.starts_with("cross-reference to"))
        .chain(composed.warnings.iter().cloned())
        .collect();
    Ok((
        Page {
            kind,
            title: composed.title,
            plain: plain(&composed.markdown),
            text: composed.markdown,
            sources: composed.sources,
            template: (&template.source, &template.body, template.body_line),
            headings,
            anchors,
            numbers: by_anchor,
        },
        others,
    ))
}

/// Number of each numbered section of `blocks`, by anchor.
fn section_numbers(document: &Document) -> HashMap<String, String> {
    document
        .headings()
        .filter(|h| h.numbered)
        .filter_map(|h| Some((h.anchor.clone()?, h.number.clone()?)))
        .collect()
}

/// The section numbers of document `kind` built at the spec's other stage (tender for
/// a contract-stage spec and the reverse), when the spec can be built there: a
/// tender-stage spec without a supplier has no contract-stage build.
fn other_stage_numbers(
    engine: &Engine,
    other: Option<&SpecFile>,
    kind: DocumentKind,
    lock: Option<&Lockfile>,
) -> Option<HashMap<String, String>> {
    let other = other?;
    let (_, document, _) = engine
        .compose_and_resolve(other, kind, lock, Default::default())
        .ok()?;
    Some(section_numbers(&document))
}

/// What to lint and with which rules.
pub struct Options<'a> {
    /// Document kinds to lint (empty: the spec's documents).
    pub kinds: &'a [DocumentKind],
    /// The library's rules.
    pub rules: &'a RuleSet,
}

/// Lints document kinds of `spec`: every finding, build problems first.
pub fn lint(
    engine: &Engine,
    spec: &SpecFile,
    lock: Option<&Lockfile>,
    options: &Options<'_>,
) -> Vec<Diagnostic> {
    let bodies = bodies(engine);
    let kinds = if options.kinds.is_empty() {
        Engine::requested_kinds(spec)
    } else {
        options.kinds.to_vec()
    };
    let mut diags = Vec::new();
    let mut pages = Vec::new();
    for kind in kinds {
        match page(engine, spec, kind, lock) {
            Ok((p, others)) => {
                diags.extend(others);
                pages.push(p);
            }
            Err(d) => diags.extend(d),
        }
    }
    let mut found: Vec<(usize, Finding)> = Vec::new();
    let other_stage = match spec.stage {
        Stage::Tender => Stage::Contract,
        Stage::Contract => Stage::Tender,
    };
    // A tender-stage spec without a supplier has no contract-stage build.
    let buildable = other_stage == Stage::Tender || spec.spec.parties.supplier.is_some();
    let other = buildable
        .then(|| spec.clone().at_stage(other_stage).ok())
        .flatten();
    for (i, p) in pages.iter().enumerate() {
        if let Some(numbers) = other_stage_numbers(engine, other.as_ref(), p.kind, lock) {
            found.extend(
                xref::stage_check(p, &numbers, other_stage)
                    .into_iter()
                    .map(|f| (i, f)),
            );
        }
    }
    let names = terms::spec_names(spec);
    let mut known = options.rules.names.clone();
    known.extend(pages.iter().map(|p| p.title.clone()));
    for (i, p) in pages.iter().enumerate() {
        let clauses = terms::used_clauses(engine, p);
        for f in terms::check(&pages, i, &clauses, &names, &known) {
            found.push((i, f));
        }
        for f in numbers::check(p) {
            found.push((i, f));
        }
        for f in leftovers::check(p) {
            found.push((i, f));
        }
        for f in xref::check(&pages, i, spec) {
            found.push((i, f));
        }
    }
    for (i, f) in options.rules.check(&pages, spec) {
        found.push((i, f));
    }
    for (i, f) in found {
        let d = pages[i].diagnostic(&bodies, f);
        if !diags.contains(&d) {
            diags.push(d);
        }
    }
    for d in terms::declarations(engine, &pages) {
        if !diags.contains(&d) {
            diags.push(d);
        }
    }
    diags
}

/// The text of `text` with rfx's markers removed and Markdown escapes undone, keeping
/// byte offsets: each removed byte becomes a space. Checks match on this.
pub fn plain(text: &str) -> String {
    use crate::markdown::marker::{CLOSE, OPEN, is_marker_char};
    let mut out = String::with_capacity(text.len());
    let mut in_marker = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() && !in_marker {
            if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
                out.push(' ');
            } else {
                out.push(c);
            }
            continue;
        }
        if c == OPEN {
            in_marker = true;
        }
        if in_marker || is_marker_char(c) {
            if c == CLOSE {
                in_marker = false;
            }
            // A marker reads as one word ("clause 12"), never as a gap between words.
            for _ in 0..c.len_utf8() {
                out.push('x');
            }
            continue;
        }
        out.push(c);
    }
    out
}
