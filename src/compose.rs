//! Composition: renders a document template and the clauses it pulls in with the spec's
//! values, giving Markdown. This is the only module that uses Tera.
//!
//! Invariants:
//! - **Values are data.** Every value printed with `{{ }}` passes through
//!   [`escape_value`], which backslash-escapes Markdown punctuation, folds line breaks
//!   and strips rfx's marker characters, so a value can never become Markdown structure,
//!   a cross-reference or a template. Values are never rendered as templates.
//! - Templates pull clauses in with `{{ clause(id="…") }}`, which leaves a marker; the
//!   composer splices the selected clause version's rendered text in its place after
//!   rendering, so clause output is never re-rendered either.
//! - Cross-references (`{{ ref(id="…") }}`), the table of contents (`{{ toc() }}`) and
//!   page breaks (`{{ pagebreak() }}`) are markers resolved later, on the model.
//! - Rust reads the spec only through its types ([`SpecFile`]); the Tera context is made
//!   from it here, once per spec, and only templates read it.

use crate::diag::{Diagnostic, Location};
use crate::doc::DocumentKind;
use crate::library::lockfile::Lockfile;
use crate::library::select::{
    Blame, Locked, Request, SelectError, Selected, known_jurisdictions, select_clause,
    select_question_set,
};
use crate::library::{Clause, Library, QuestionSet, Template};
use crate::markdown::marker;
use crate::spec::SpecFile;
use semver::Version;
use serde_json::Value;
use std::collections::BTreeMap;
use tera::Context;

mod context;
mod filters;
pub mod sandbox;
mod syntax;
mod templates;

pub use context::{Addressing, neutral_counterparty};
use context::{LazyContext, SetSelection};

pub use filters::escape_value;
pub(crate) use filters::{ONES as NUMBER_ONES, TENS as NUMBER_TENS};
pub use templates::check_all as check_templates;
use templates::{RenderError, Source, Templates};

/// Renders documents from a library's templates, parsing each text the first time it is
/// needed and keeping it for every later build in the process.
#[derive(Default)]
pub struct Composer {
    templates: Templates,
}

/// What a document's composition produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    /// Document kind.
    pub kind: DocumentKind,
    /// Rendered title (plain text).
    pub title: String,
    /// Rendered subtitle (plain text), if the template has one.
    pub subtitle: Option<String>,
    /// The composed Markdown, with cross-reference, TOC and page-break markers.
    pub markdown: String,
    /// Every clause version spliced in, in order of first use.
    pub clauses: Vec<UsedClause>,
    /// Every question set version used.
    pub question_sets: Vec<UsedClause>,
    /// Warnings from selection (deprecated versions in use).
    pub warnings: Vec<Diagnostic>,
    /// Which clause file produced each spliced piece of `markdown` (for `rfx lint`).
    pub sources: Vec<SourceSpan>,
}

/// A byte range of the composed Markdown and the clause file whose text fills it.
/// Text outside every span comes from the document template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpan {
    /// Byte range in [`Composed::markdown`].
    pub range: std::ops::Range<usize>,
    /// Display path of the clause file.
    pub file: String,
    /// 1-based line of the clause body's first line in that file.
    pub first_line: usize,
}

/// A clause or question set version used by a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UsedClause {
    /// Clause or question set id.
    pub id: String,
    /// Exact version.
    pub version: Version,
    /// Drafting variant.
    pub variant: String,
    /// Jurisdiction whose text was used (`default` for question sets).
    pub jurisdiction: String,
    /// SHA-256 of the wording (see [`Clause::text_hash`]), hex.
    pub sha256: String,
    /// Display path of the library file.
    #[serde(skip)]
    pub source: String,
    /// Why this file was chosen, one step per line (for `rfx build --explain`).
    #[serde(skip)]
    pub why: Vec<String>,
}

/// One document being composed: the spec, its lock and the kind.
struct Job<'a> {
    spec: &'a SpecFile,
    lock: Option<&'a Lockfile>,
    kind: DocumentKind,
}

impl Job<'_> {
    /// The location of a dotted spec path, else the spec file.
    fn at(&self, d: Diagnostic, path: &str) -> Diagnostic {
        match self.spec.locate(path) {
            Some(loc) => d.at(loc),
            None => d.in_file(&self.spec.path),
        }
    }

    /// Whether the spec leaves clause `id` out (`clauses.<id>.exclude`).
    fn excludes(&self, id: &str) -> bool {
        self.spec.spec.clauses.get(id).is_some_and(|c| c.exclude)
    }
}

/// The spec's values as the template context: the typed spec serialised once per spec
/// (kept in the [`SpecFile`]) plus what is particular to one document.
fn spec_context(spec: &SpecFile) -> Result<&Value, Diagnostic> {
    if let Some(v) = spec.template_values().get() {
        return Ok(v);
    }
    let values = serde_json::to_value(&spec.spec)
        .map_err(|e| Diagnostic::error(format!("cannot prepare spec values: {e}")))?;
    Ok(spec.template_values().get_or_init(|| values))
}

impl Composer {
    /// A composer that has parsed nothing yet.
    pub fn new() -> Composer {
        Composer::default()
    }

    /// Composes document `kind` of `spec`, honouring its lockfile if given.
    pub fn compose(
        &self,
        library: &Library,
        spec: &SpecFile,
        kind: DocumentKind,
        lock: Option<&Lockfile>,
        addressing: Addressing<'_>,
    ) -> Result<Composed, Vec<Diagnostic>> {
        let Some(template) = library.templates.get(&kind) else {
            return Err(vec![Diagnostic::error(format!(
                "the library has no template for document kind `{kind}`"
            ))]);
        };
        let job = Job { spec, lock, kind };
        let mut diags = Vec::new();
        let mut warnings = Vec::new();
        let base = spec_context(spec).map_err(|d| vec![d])?;
        let values = context::stage_values(spec, base, kind, addressing);
        let mut context =
            Context::from_value(values).map_err(|e| vec![Diagnostic::error(error_chain(&e))])?;
        context.insert("document", &serde_json::json!({ "kind": kind }));
        let select_sets = || self.question_sets(library, &job);
        let mut context = LazyContext::new(context, select_sets, (spec, library, lock));
        let _budget = sandbox::Budget::start();
        let text = |name: &str, body| Source {
            name: format!("{name}:{kind}"),
            body,
            file: &template.source,
            body_line: 0,
        };
        let title = &template.meta.title;
        let title = self.render(&text("title", title), context.for_text(title));
        let subtitle = template
            .meta
            .subtitle
            .as_ref()
            .map(|s| self.render(&text("subtitle", s), context.for_text(s)));
        let body = self.render(
            &Source::template(template),
            context.for_text(&template.body),
        );
        let (title, body) = match (title, body) {
            (Ok(t), Ok(b)) => (t, b),
            (t, b) => {
                diags.extend(t.err());
                diags.extend(b.err());
                return Err(diags);
            }
        };
        let subtitle = subtitle.transpose().map_err(|d| vec![d])?;
        let chosen = self.parse_selected_clauses(library, &job, template, &body);
        let mut used = Vec::new();
        let mut state = Splice {
            chosen,
            uses_sets: template.body.contains("question_sets"),
            used: &mut used,
            diags: &mut diags,
            warnings: &mut warnings,
            sources: Vec::new(),
            context,
        };
        let markdown = self.splice_clauses(library, &job, template, &body, 0, &mut state);
        // A document uses the question sets only if its template or a clause refers to
        // them; only then are they recorded (manifest, lockfile) and their selection
        // problems reported.
        let sources = std::mem::take(&mut state.sources);
        let used_sets = if state.uses_sets {
            let selection = state.context.selection();
            diags.append(&mut selection.diags);
            warnings.append(&mut selection.warnings);
            selection.sets.iter().map(used_set).collect()
        } else {
            Vec::new()
        };
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        Ok(Composed {
            kind,
            title: title.trim().to_string(),
            subtitle: subtitle
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            markdown,
            clauses: used,
            question_sets: used_sets,
            warnings,
            sources,
        })
    }

    /// Renders one text; a syntax or render error becomes a located diagnostic.
    fn render(&self, source: &Source<'_>, context: &Context) -> Result<String, Diagnostic> {
        self.templates.render(source, context).map_err(|e| match e {
            RenderError::Syntax(d) => d,
            RenderError::Render(e) => {
                render_diagnostic(&e, source.file, source.body, source.body_line)
            }
        })
    }

    /// Resolves the spec's `questionnaire.sets` to library versions for the context.
    /// Unknown sets are skipped here; `build::Engine::cross_check` reports them.
    fn question_sets<'l>(&self, library: &'l Library, job: &Job<'_>) -> SetSelection<'l> {
        let mut selection = SetSelection::default();
        let SetSelection {
            sets,
            diags,
            warnings,
        } = &mut selection;
        let Some(questionnaire) = &job.spec.spec.questionnaire else {
            return selection;
        };
        for (i, entry) in questionnaire.sets.iter().enumerate() {
            if !library.question_sets.contains_key(&entry.id) {
                continue;
            }
            let locked = job
                .lock
                .and_then(|l| l.document(job.kind))
                .and_then(|d| d.question_sets.get(&entry.id));
            let request = Request {
                id: &entry.id,
                pin: entry.version.as_ref(),
                variant: None,
                jurisdiction: None,
                allow_draft: job.spec.spec.allow_draft_clauses,
                locked,
            };
            match select_question_set(library, &request) {
                Ok(sel) => {
                    push_warnings(&sel, job, &format!("questionnaire.sets[{i}]"), warnings);
                    sets.push(sel);
                }
                Err(e) => {
                    let pin_path = format!("questionnaire.sets[{i}].version");
                    let use_path = format!("questionnaire.sets[{i}].id");
                    diags.push(selection_diagnostic(e, job, &pin_path, &use_path, None));
                }
            }
        }
        selection
    }

    #[allow(clippy::too_many_arguments)]
    fn splice_clauses<'l>(
        &self,
        library: &'l Library,
        job: &Job<'_>,
        template: &Template,
        text: &str,
        depth: usize,
        st: &mut Splice<'_, '_, 'l>,
    ) -> String {
        let mut out = String::with_capacity(text.len() * 2);
        let mut rest = text;
        while let Some(found) = next_clause_marker(rest) {
            out.push_str(&rest[..found.start]);
            let ClauseMarker { id, level, end, .. } = found;
            rest = &rest[end..];
            if depth > 3 {
                st.diags.push(
                    Diagnostic::error(format!(
                        "clause `{id}` is nested too deeply (a clause includes itself?)"
                    ))
                    .in_file(&template.source),
                );
                continue;
            }
            if job.excludes(id) {
                continue;
            }
            let Some(selected) = self.select(library, job, template, id, st) else {
                continue;
            };
            let clause = selected.item;
            st.uses_sets |= clause.body.contains("question_sets");
            check_needs(clause, job, st.context.values(), st.diags);
            if !st.used.iter().any(|u| u.id == clause.meta.id) {
                push_warnings(&selected, job, &format!("clauses.{id}"), st.warnings);
                st.used.push(used_clause(&selected));
            }
            match self.render(&Source::clause(clause), st.context.for_text(&clause.body)) {
                Ok(rendered) => {
                    let nested =
                        self.splice_clauses(library, job, template, &rendered, depth + 1, st);
                    let start = out.len();
                    out.push_str(&shift_headings(&nested, level.saturating_sub(1)));
                    // Nested clauses are attributed to the clause that includes them.
                    if depth == 0 {
                        st.sources.push(SourceSpan {
                            range: start..out.len(),
                            file: clause.source.clone(),
                            first_line: clause.body_line,
                        });
                    }
                }
                Err(d) => st.diags.push(d),
            }
        }
        out.push_str(rest);
        out
    }

    /// Selects the file for clause `id` (pins, status rules, variant and jurisdiction
    /// fallback, lock); a failure becomes a located diagnostic.
    fn select<'l>(
        &self,
        library: &'l Library,
        job: &Job<'_>,
        template: &Template,
        id: &str,
        st: &mut Splice<'_, '_, 'l>,
    ) -> Option<Selected<'l, Clause>> {
        let chosen = match st.chosen.remove(id) {
            Some(chosen) => chosen,
            None => self.choose(library, job, template, id),
        };
        match chosen {
            Ok(selected) => Some(selected),
            Err(d) => {
                if !st.diags.contains(&d) {
                    st.diags.push(d);
                }
                None
            }
        }
    }

    /// [`Composer::select`] without recording the failure.
    fn choose<'l>(
        &self,
        library: &'l Library,
        job: &Job<'_>,
        template: &Template,
        id: &str,
    ) -> Result<Selected<'l, Clause>, Diagnostic> {
        let spec = &job.spec.spec;
        let choice = spec.clauses.get(id);
        let pin_path = format!("clauses.{id}.version");
        let clause_jurisdiction = choice.and_then(|c| c.jurisdiction.as_deref());
        let engagement_jurisdiction = spec.engagement.jurisdiction.as_deref();
        let (law_path, law) = governing_law(spec, job.kind);
        let jurisdiction_path = if clause_jurisdiction.is_some() {
            format!("clauses.{id}.jurisdiction")
        } else if engagement_jurisdiction.is_some() {
            "engagement.jurisdiction".to_string()
        } else {
            law_path.to_string()
        };
        let jurisdiction = clause_jurisdiction
            .or(engagement_jurisdiction)
            .or(law)
            .map(|j| (j, jurisdiction_path.as_str()));
        if let Some((code, from)) = jurisdiction {
            if !jurisdiction_known(library, code) {
                let known = known_jurisdictions();
                let mut d = job.at(
                    Diagnostic::error(format!("unknown jurisdiction `{code}`")),
                    from,
                );
                d = match crate::diag::suggest(code, known.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "use a lower-case ISO 3166 code such as {}",
                        known.join(", ")
                    )),
                };
                return Err(d);
            }
        }
        let locked = job
            .lock
            .and_then(|l| l.document(job.kind))
            .and_then(|d| d.clauses.get(id));
        let request = Request {
            id,
            pin: choice.and_then(|c| c.version.as_ref()),
            variant: choice.and_then(|c| c.variant.as_deref()),
            jurisdiction,
            allow_draft: spec.allow_draft_clauses,
            locked,
        };
        select_clause(library, &request).map_err(|e| {
            let use_at = template_use(template, id);
            let d = selection_diagnostic(e, job, &pin_path, &format!("clauses.{id}"), use_at);
            if d.location.is_none() {
                d.in_file(&template.source)
            } else {
                d
            }
        })
    }

    /// Selects the clauses `body` splices in at its top level and parses their files on
    /// all cores, so that documents composed at once do not wait for one another's
    /// parsing of the same files one by one. Only files the build selects are parsed;
    /// the selections (failures included) are returned for the splice to use.
    fn parse_selected_clauses<'l>(
        &self,
        library: &'l Library,
        job: &Job<'_>,
        template: &Template,
        body: &str,
    ) -> BTreeMap<String, Result<Selected<'l, Clause>, Diagnostic>> {
        let mut chosen = BTreeMap::new();
        let mut rest = body;
        while let Some(found) = next_clause_marker(rest) {
            rest = &rest[found.end..];
            if !job.excludes(found.id) && !chosen.contains_key(found.id) {
                let choice = self.choose(library, job, template, found.id);
                chosen.insert(found.id.to_string(), choice);
            }
        }
        let sources: Vec<Source<'_>> = chosen
            .values()
            .filter_map(|c| c.as_ref().ok())
            .map(|selected| Source::clause(selected.item))
            .collect();
        self.templates.parse_all(&sources);
        chosen
    }
}

/// A clause marker found in rendered text: `text[start..end]`, naming clause `id` at
/// heading `level`.
struct ClauseMarker<'t> {
    start: usize,
    end: usize,
    id: &'t str,
    level: usize,
}

/// The first complete clause marker in `text`.
fn next_clause_marker(text: &str) -> Option<ClauseMarker<'_>> {
    let open = marker_open();
    let start = text.find(open.as_str())?;
    let after = start + open.len();
    let close = text[after..].find(marker::CLOSE)?;
    let inner = &text[after..after + close];
    let (id, level) = inner
        .split_once(marker::SEP)
        .map(|(i, l)| (i, l.parse::<usize>().unwrap_or(1)))
        .unwrap_or((inner, 1));
    Some(ClauseMarker {
        start,
        end: after + close + marker::CLOSE.len_utf8(),
        id,
        level,
    })
}

/// The opening of a clause marker (`OPEN clause SEP`), made once.
fn marker_open() -> &'static String {
    static OPEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    OPEN.get_or_init(|| format!("{}clause{}", marker::OPEN, marker::SEP))
}

/// Mutable state of one document's clause splicing.
struct Splice<'s, 'c, 'l> {
    /// Selections made ahead (see [`Composer::parse_selected_clauses`]), taken on use.
    chosen: BTreeMap<String, Result<Selected<'l, Clause>, Diagnostic>>,
    uses_sets: bool,
    used: &'s mut Vec<UsedClause>,
    diags: &'s mut Vec<Diagnostic>,
    warnings: &'s mut Vec<Diagnostic>,
    sources: Vec<SourceSpan>,
    context: LazyContext<'c>,
}

/// The governing law whose clause texts a document uses when the spec names no
/// jurisdiction: the NDA's own for the NDA, else the contract's, else the NDA's.
fn governing_law(
    spec: &crate::spec::Spec,
    kind: DocumentKind,
) -> (&'static str, Option<&'static str>) {
    let contract = spec.contract.as_ref().map(|c| c.governing_law.code());
    let nda = spec.nda.as_ref().map(|n| n.governing_law.code());
    match (kind, contract, nda) {
        (DocumentKind::Nda, _, Some(code)) | (_, None, Some(code)) => {
            ("nda.governing_law", Some(code))
        }
        (_, Some(code), _) => ("contract.governing_law", Some(code)),
        _ => ("engagement.jurisdiction", None),
    }
}

fn jurisdiction_known(library: &Library, code: &str) -> bool {
    known_jurisdictions().contains(&code)
        || library.clauses.values().flatten().any(|c| c.serves(code))
}

/// Where the template includes clause `id` (`clause(id="…")`).
fn template_use(template: &Template, id: &str) -> Option<Location> {
    let needle = format!("\"{id}\"");
    let offset = template.body.find(&needle)?;
    let mut loc = Location::at_offset(&template.source, &template.body, offset + 1);
    loc.line += template.body_line.saturating_sub(1);
    Some(loc.with_width(id.chars().count()))
}

/// A selection failure as a located diagnostic: the spec line it blames, the lockfile
/// line, the clause file, or where the clause is used.
fn selection_diagnostic(
    e: SelectError,
    job: &Job<'_>,
    pin_path: &str,
    use_path: &str,
    use_at: Option<Location>,
) -> Diagnostic {
    let base = pin_path.rsplit_once('.').map_or(use_path, |(b, _)| b);
    let mut d = Diagnostic::error(e.message).with_help(e.help);
    let spec_at = |path: &str| job.spec.locate(path);
    let location = match e.blame {
        Blame::Pin => spec_at(pin_path),
        Blame::Variant => spec_at(&format!("{base}.variant")),
        Blame::Jurisdiction => {
            spec_at(&format!("{base}.jurisdiction")).or_else(|| spec_at("engagement.jurisdiction"))
        }
        Blame::Use => spec_at(use_path).or(use_at),
        Blame::Lock(line) => job.lock.map(|l| l.locate(line)),
        Blame::File => e
            .file
            .as_ref()
            .map(|(path, text)| Location::in_source(path, text, 1, 1)),
    };
    if let Some(loc) = location {
        d = d.at(loc);
    }
    d
}

fn push_warnings<T>(sel: &Selected<'_, T>, job: &Job<'_>, path: &str, out: &mut Vec<Diagnostic>) {
    for w in &sel.warnings {
        let d = job.at(Diagnostic::warning(w.clone()), path);
        if !out.contains(&d) {
            out.push(d);
        }
    }
}

fn used_clause(sel: &Selected<'_, Clause>) -> UsedClause {
    let c = sel.item;
    UsedClause {
        id: c.meta.id.clone(),
        version: c.meta.version.clone(),
        variant: sel.variant.clone(),
        jurisdiction: sel.jurisdiction.clone(),
        sha256: sel.sha256.clone().unwrap_or_else(|| c.text_hash()),
        source: c.source.clone(),
        why: sel.why.clone(),
    }
}

fn used_set(sel: &Selected<'_, QuestionSet>) -> UsedClause {
    let s = sel.item;
    UsedClause {
        id: s.id.clone(),
        version: s.version.clone(),
        variant: sel.variant.clone(),
        jurisdiction: sel.jurisdiction.clone(),
        sha256: sel.sha256.clone().unwrap_or_else(|| s.text_hash()),
        source: s.source.clone(),
        why: sel.why.clone(),
    }
}

impl UsedClause {
    /// The lock entry that records this use.
    pub fn to_locked(&self) -> Locked {
        Locked {
            version: self.version.clone(),
            variant: self.variant.clone(),
            jurisdiction: self.jurisdiction.clone(),
            sha256: self.sha256.clone(),
            line: 0,
        }
    }
}

/// Whether a dotted path of the template context (`contract.liability.general_cap`) has
/// a value. A clause's `needs` name what its text reads from the context, so they are
/// checked against the context itself.
fn has_value(values: &Context, path: &str) -> bool {
    let mut parts = path.split('.');
    let Some(mut current) = parts.next().and_then(|first| values.get(first)) else {
        return false;
    };
    for part in parts {
        match current.get(part) {
            Some(v) => current = v,
            None => return false,
        }
    }
    match current {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}

fn check_needs(clause: &Clause, job: &Job<'_>, values: &Context, diags: &mut Vec<Diagnostic>) {
    for need in &clause.meta.needs {
        if has_value(values, need) {
            continue;
        }
        let (parent, field) = need.rsplit_once('.').unwrap_or(("", need));
        let d = Diagnostic::error(format!(
            "clause `{}` needs `{need}`, which the spec does not set",
            clause.key()
        ));
        let parent_at = (!parent.is_empty())
            .then(|| job.spec.locate(parent))
            .flatten();
        let d = match parent_at {
            Some(loc) => d.at(loc),
            None => job.at(d, need),
        };
        let help = if parent.is_empty() {
            format!("add `{field}:` to the spec")
        } else {
            format!("add `{field}:` under `{parent}`")
        };
        if !diags.iter().any(|x| x.message == d.message) {
            diags.push(d.with_help(help));
        }
    }
}

/// Demotes ATX headings by `by` levels (outside fenced code), so a clause written with
/// `#` for its own title fits under the template's section.
fn shift_headings(text: &str, by: usize) -> String {
    if by == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let hashes = line.bytes().take_while(|b| *b == b'#').count();
        if !in_fence && (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\n']) {
            out.push_str(&"#".repeat((hashes + by).min(6)));
            out.push_str(&line[hashes..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Rewrites Markdown heading anchors `{#id}` as `{ #id }`, which Markdown reads the same
/// but Tera does not take for the start of a comment. Line numbers are unchanged.
fn protect_heading_anchors(body: &str) -> String {
    if !body.contains("{#") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len() + 16);
    for line in body.split_inclusive('\n') {
        let content = line.trim_end();
        let is_heading = content.starts_with('#');
        match content.rfind("{#") {
            Some(i) if is_heading && content.ends_with('}') && !content[i..].contains("#}") => {
                out.push_str(&content[..i]);
                out.push_str("{ ");
                out.push_str(&content[i + 1..content.len() - 1]);
                out.push_str(" }");
                out.push_str(&line[content.len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// A Tera parse error as a diagnostic at the template file's line and column.
fn syntax_diagnostic(message: &str, source: &str, body: &str, body_line: usize) -> Diagnostic {
    let position = message.split_once("--> ").and_then(|(_, rest)| {
        let end = rest.find(|c: char| !c.is_ascii_digit() && c != ':')?;
        let (line, column) = rest[..end].split_once(':')?;
        Some((line.parse::<usize>().ok()?, column.parse::<usize>().ok()?))
    });
    let reason = message
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or(message);
    let mut d = Diagnostic::error(format!("template syntax error: {reason}"));
    d = match position {
        Some((line, column)) if body_line > 0 => {
            let mut loc = Location::in_source(source, body, line, column);
            loc.line += body_line - 1;
            d.at(loc)
        }
        _ => d.in_file(source),
    };
    if reason.contains("comment end") {
        d = d.with_help("`{#` starts a Tera comment: write a heading anchor as `{ #id }`");
    }
    d
}

/// The whole cause chain of a Tera error, innermost last.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// A render error as a diagnostic that names the file and, for a missing variable,
/// points at its first use in the template.
fn render_diagnostic(e: &tera::Error, source: &str, body: &str, body_line: usize) -> Diagnostic {
    let mut innermost: &dyn std::error::Error = e;
    while let Some(s) = innermost.source() {
        innermost = s;
    }
    let message = innermost.to_string();
    let variable = message
        .strip_prefix("Variable `")
        .and_then(|m| m.split('`').next())
        .map(str::to_string);
    match variable {
        Some(var) => {
            let mut d = Diagnostic::error(format!(
                "template `{source}` uses `{var}`, which is not defined for this spec"
            ));
            d = match body.find(&var).filter(|_| body_line > 0) {
                Some(offset) => {
                    let mut loc = Location::at_offset(source, body, offset);
                    loc.line += body_line - 1;
                    loc.source_line = body.lines().nth(loc.line - body_line).map(str::to_string);
                    d.at(loc.with_width(var.chars().count()))
                }
                None => d.in_file(source),
            };
            d.with_help(format!(
                "set `{var}` in the spec, or guard its use with `{{% if {var} %}}`"
            ))
        }
        None => {
            let d = Diagnostic::error(format!("cannot render `{source}`: {}", error_chain(e)));
            match sandbox::runtime_location(e, body).filter(|_| body_line > 0) {
                Some((offset, width)) => d.at(sandbox::body_location(
                    &sandbox::Source {
                        name: "",
                        body,
                        file: source,
                        body_line,
                    },
                    offset,
                    width,
                )),
                None => d.in_file(source),
            }
        }
    }
}

/// Renders one string with the composer's filters; for tests and tools.
pub fn render_one(template: &str, values: &Value) -> Result<String, String> {
    let mut tera = templates::new_tera();
    syntax::add_template(&mut tera, "one.md", template).map_err(|e| error_chain(&e))?;
    let ctx = Context::from_value(values.clone()).map_err(|e| error_chain(&e))?;
    let _budget = sandbox::Budget::start();
    sandbox::render(&tera, "one.md", &ctx).map_err(|e| error_chain(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_anchors_are_protected_from_tera_comments() {
        let body =
            "# Scope {#scope}\n\nText {# a real comment #} here.\n## Sub {#sub .unnumbered}\n";
        assert_eq!(
            protect_heading_anchors(body),
            "# Scope { #scope }\n\nText {# a real comment #} here.\n## Sub { #sub .unnumbered }\n"
        );
    }

    #[test]
    fn clause_headings_shift_under_their_section() {
        let text = "# Title\n\n## Sub\n\n```\n# not a heading\n```\n";
        assert_eq!(
            shift_headings(text, 1),
            "## Title\n\n### Sub\n\n```\n# not a heading\n```\n"
        );
    }

    #[test]
    fn needs_paths_require_a_real_value() {
        let v =
            serde_json::json!({"nda": {"purpose": "x", "empty": "  ", "list": [], "none": null}});
        let v = Context::from_value(v).unwrap();
        assert!(has_value(&v, "nda.purpose"));
        assert!(!has_value(&v, "nda.empty"));
        assert!(!has_value(&v, "nda.list"));
        assert!(!has_value(&v, "nda.none"));
        assert!(!has_value(&v, "contract.payment_days"));
    }
}
