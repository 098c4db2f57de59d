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

use crate::diag::{Diagnostic, Location};
use crate::library::lockfile::Lockfile;
use crate::library::select::{
    Blame, Locked, Pin, Request, SelectError, Selected, known_jurisdictions, select_clause,
    select_question_set,
};
use crate::library::{Clause, Library, QuestionSet, Template};
use crate::markdown::marker;
use serde_json::Value;
use tera::{Context, Tera};

mod filters;

pub use filters::escape_value;
use rayon::prelude::*;

/// Tera, loaded once with every template and clause version of a library.
pub struct Composer {
    tera: Tera,
}

/// What a document's composition produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    /// Document kind.
    pub kind: String,
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
}

/// A clause or question set version used by a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UsedClause {
    /// Clause or question set id.
    pub id: String,
    /// Exact version.
    pub version: String,
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

/// The spec as composition sees it: its values and a way to point at them.
pub struct SpecView<'a> {
    /// Display path of the spec file.
    pub path: &'a str,
    /// The whole spec serialised to JSON (the Tera context).
    pub values: &'a Value,
    /// The typed spec.
    pub spec: &'a crate::spec::Spec,
    /// Locates a dotted path (`nda.purpose`) in the spec file.
    pub locate: &'a dyn Fn(&str) -> Option<Location>,
    /// The spec's lockfile, if it has one and the build honours it.
    pub lock: Option<&'a Lockfile>,
}

fn template_name(kind: &str) -> String {
    format!("template:{kind}.md")
}

fn clause_name(clause: &Clause) -> String {
    format!(
        "clause:{}@{}/{}/{}.md",
        clause.meta.id,
        clause.meta.version,
        clause.meta.variant,
        clause.meta.jurisdictions.join("+")
    )
}

impl Composer {
    /// Parses every template and clause of `library`; syntax errors name the file.
    pub fn new(library: &Library) -> Result<Composer, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_value);
        filters::register(&mut tera);
        let mut diags = Vec::new();
        let mut sources: Vec<(String, String, String, usize)> = Vec::new();
        for (kind, t) in &library.templates {
            sources.push((
                template_name(kind),
                t.body.clone(),
                t.source.clone(),
                t.body_line,
            ));
            sources.push((
                format!("title:{kind}"),
                t.meta.title.clone(),
                t.source.clone(),
                0,
            ));
            if let Some(sub) = &t.meta.subtitle {
                sources.push((format!("subtitle:{kind}"), sub.clone(), t.source.clone(), 0));
            }
        }
        for versions in library.clauses.values() {
            for c in versions {
                sources.push((
                    clause_name(c),
                    c.body.clone(),
                    c.source.clone(),
                    c.body_line,
                ));
            }
        }
        for (_, body, _, _) in &mut sources {
            *body = protect_heading_anchors(body);
        }
        // Parsing dominates a cold start: parse chunks of the library on all cores,
        // then gather the parsed templates into one instance.
        let chunk = sources
            .len()
            .div_ceil(rayon::current_num_threads().max(1))
            .max(1);
        let parsed: Vec<Result<Tera, tera::Error>> = sources
            .par_chunks(chunk)
            .map(|part| {
                let mut t = Tera::default();
                t.add_raw_templates(part.iter().map(|(n, b, _, _)| (n.as_str(), b.as_str())))?;
                Ok(t)
            })
            .collect();
        let gathered = parsed.into_iter().try_for_each(|p| tera.extend(&p?));
        let pairs: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, b, _, _)| (n.as_str(), b.as_str()))
            .collect();
        if let Err(all) = gathered
            .and_then(|()| tera.build_inheritance_chains())
            .or_else(|_| tera.add_raw_templates(pairs))
        {
            // Parse each template alone to say which file is wrong, and where.
            for (name, body, source, body_line) in &sources {
                let mut probe = Tera::default();
                if let Err(e) = probe.add_raw_template(name, body) {
                    diags.push(syntax_diagnostic(
                        &error_chain(&e),
                        source,
                        body,
                        *body_line,
                    ));
                }
            }
            if diags.is_empty() {
                diags.push(Diagnostic::error(format!(
                    "library templates do not fit together: {}",
                    error_chain(&all)
                )));
            }
            return Err(diags);
        }
        Ok(Composer { tera })
    }

    /// Composes document `kind` for a spec.
    pub fn compose(
        &self,
        library: &Library,
        spec: &SpecView<'_>,
        kind: &str,
    ) -> Result<Composed, Vec<Diagnostic>> {
        let Some(template) = library.templates.get(kind) else {
            return Err(vec![Diagnostic::error(format!(
                "the library has no template for document kind `{kind}`"
            ))]);
        };
        let mut diags = Vec::new();
        let mut warnings = Vec::new();
        let mut set_diags = Vec::new();
        let mut set_warnings = Vec::new();
        let (question_sets, used_sets) =
            self.question_sets(library, spec, kind, &mut set_diags, &mut set_warnings);
        let mut values = spec.values.clone();
        if let Value::Object(map) = &mut values {
            map.insert("question_sets".into(), Value::Array(question_sets));
            map.insert("document".into(), serde_json::json!({ "kind": kind }));
        }
        let context = match Context::from_value(values) {
            Ok(c) => c,
            Err(e) => return Err(vec![Diagnostic::error(error_chain(&e))]),
        };
        let render = |name: &str, source: &str, body: &str, line: usize| {
            self.tera
                .render(name, &context)
                .map_err(|e| render_diagnostic(&e, source, body, line))
        };
        let title = render(
            &format!("title:{kind}"),
            &template.source,
            &template.meta.title,
            0,
        );
        let subtitle = template
            .meta
            .subtitle
            .as_ref()
            .map(|s| render(&format!("subtitle:{kind}"), &template.source, s, 0));
        let body = render(
            &template_name(kind),
            &template.source,
            &template.body,
            template.body_line,
        );
        let (title, body) = match (title, body) {
            (Ok(t), Ok(b)) => (t, b),
            (t, b) => {
                diags.extend(t.err());
                diags.extend(b.err());
                return Err(diags);
            }
        };
        let subtitle = match subtitle.transpose() {
            Ok(s) => s,
            Err(d) => return Err(vec![d]),
        };
        let mut used = Vec::new();
        let mut state = Splice {
            uses_sets: template.body.contains("question_sets"),
            kind,
            used: &mut used,
            diags: &mut diags,
            warnings: &mut warnings,
        };
        let markdown = self.splice_clauses(library, spec, template, &context, &body, 0, &mut state);
        // A document uses the question sets only if its template or a clause refers to
        // them; only then are they recorded (manifest, lockfile) and their selection
        // problems reported.
        let used_sets = if state.uses_sets {
            diags.append(&mut set_diags);
            warnings.append(&mut set_warnings);
            used_sets
        } else {
            Vec::new()
        };
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        Ok(Composed {
            kind: kind.to_string(),
            title: title.trim().to_string(),
            subtitle: subtitle
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            markdown,
            clauses: used,
            question_sets: used_sets,
            warnings,
        })
    }

    /// Resolves the spec's `questionnaire.sets` to library versions for the context.
    /// Unknown sets are skipped here; `build::Engine::cross_check` reports them.
    fn question_sets(
        &self,
        library: &Library,
        spec: &SpecView<'_>,
        kind: &str,
        diags: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) -> (Vec<Value>, Vec<UsedClause>) {
        let mut values = Vec::new();
        let mut used = Vec::new();
        let sets = spec
            .values
            .pointer("/questionnaire/sets")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let allow_draft = allow_draft(spec.values);
        for (i, entry) in sets.iter().enumerate() {
            let Some(id) = entry.get("id").and_then(Value::as_str) else {
                continue;
            };
            if !library.question_sets.contains_key(id) {
                continue;
            }
            let pin_path = format!("questionnaire.sets[{i}].version");
            let pin = match parse_pin(entry.get("version"), spec, &pin_path) {
                Ok(p) => p,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let locked = spec
                .lock
                .and_then(|l| l.document(kind))
                .and_then(|d| d.question_sets.get(id));
            let request = Request {
                id,
                pin: pin.as_ref(),
                variant: None,
                jurisdiction: None,
                allow_draft,
                locked,
            };
            match select_question_set(library, &request) {
                Ok(sel) => {
                    push_warnings(&sel, spec, &format!("questionnaire.sets[{i}]"), warnings);
                    used.push(used_set(&sel));
                    values.push(serde_json::to_value(sel.item).unwrap_or(Value::Null));
                }
                Err(e) => {
                    let use_path = format!("questionnaire.sets[{i}].id");
                    diags.push(selection_diagnostic(e, spec, &pin_path, &use_path, None));
                }
            }
        }
        (values, used)
    }

    #[allow(clippy::too_many_arguments)]
    fn splice_clauses(
        &self,
        library: &Library,
        spec: &SpecView<'_>,
        template: &Template,
        context: &Context,
        text: &str,
        depth: usize,
        st: &mut Splice<'_>,
    ) -> String {
        let mut out = String::with_capacity(text.len() * 2);
        let mut rest = text;
        let open = format!("{}clause{}", marker::OPEN, marker::SEP);
        while let Some(start) = rest.find(&open) {
            out.push_str(&rest[..start]);
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(marker::CLOSE) else {
                break;
            };
            let (id, level) = after[..end]
                .split_once(marker::SEP)
                .map(|(i, l)| (i, l.parse::<usize>().unwrap_or(1)))
                .unwrap_or((&after[..end], 1));
            rest = &after[end + marker::CLOSE.len_utf8()..];
            if depth > 3 {
                st.diags.push(
                    Diagnostic::error(format!(
                        "clause `{id}` is nested too deeply (a clause includes itself?)"
                    ))
                    .in_file(&template.source),
                );
                continue;
            }
            if excluded(spec.values, id) {
                continue;
            }
            let Some(selected) = self.select(library, spec, template, id, st) else {
                continue;
            };
            let clause = selected.item;
            st.uses_sets |= clause.body.contains("question_sets");
            check_needs(clause, spec, st.diags);
            if !st.used.iter().any(|u| u.id == clause.meta.id) {
                push_warnings(&selected, spec, &format!("clauses.{id}"), st.warnings);
                st.used.push(used_clause(&selected));
            }
            match self.tera.render(&clause_name(clause), context) {
                Ok(rendered) => {
                    let nested = self.splice_clauses(
                        library,
                        spec,
                        template,
                        context,
                        &rendered,
                        depth + 1,
                        st,
                    );
                    out.push_str(&shift_headings(&nested, level.saturating_sub(1)));
                }
                Err(e) => st.diags.push(render_diagnostic(
                    &e,
                    &clause.source,
                    &clause.body,
                    clause.body_line,
                )),
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
        spec: &SpecView<'_>,
        template: &Template,
        id: &str,
        st: &mut Splice<'_>,
    ) -> Option<Selected<'l, Clause>> {
        let choice = spec.values.get("clauses").and_then(|c| c.get(id));
        let field = |name: &str| choice.and_then(|c| c.get(name)).and_then(Value::as_str);
        let pin_path = format!("clauses.{id}.version");
        let pin = match parse_pin(choice.and_then(|c| c.get("version")), spec, &pin_path) {
            Ok(p) => p,
            Err(d) => {
                st.diags.push(d);
                return None;
            }
        };
        let clause_jurisdiction = field("jurisdiction");
        let engagement_jurisdiction = spec.spec.engagement.jurisdiction.as_deref();
        let (law_path, law) = governing_law(spec.spec, st.kind);
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
                let mut d = Diagnostic::error(format!("unknown jurisdiction `{code}`"));
                d = match (spec.locate)(from) {
                    Some(loc) => d.at(loc),
                    None => d.in_file(spec.path),
                };
                d = match crate::diag::suggest(code, known.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "use a lower-case ISO 3166 code such as {}",
                        known.join(", ")
                    )),
                };
                if !st.diags.contains(&d) {
                    st.diags.push(d);
                }
                return None;
            }
        }
        let locked = spec
            .lock
            .and_then(|l| l.document(st.kind))
            .and_then(|d| d.clauses.get(id));
        let request = Request {
            id,
            pin: pin.as_ref(),
            variant: field("variant"),
            jurisdiction,
            allow_draft: allow_draft(spec.values),
            locked,
        };
        match select_clause(library, &request) {
            Ok(sel) => Some(sel),
            Err(e) => {
                let use_at = template_use(template, id);
                let d = selection_diagnostic(e, spec, &pin_path, &format!("clauses.{id}"), use_at);
                let d = if d.location.is_none() {
                    d.in_file(&template.source)
                } else {
                    d
                };
                if !st.diags.contains(&d) {
                    st.diags.push(d);
                }
                None
            }
        }
    }
}

/// Mutable state of one document's clause splicing.
struct Splice<'s> {
    uses_sets: bool,
    kind: &'s str,
    used: &'s mut Vec<UsedClause>,
    diags: &'s mut Vec<Diagnostic>,
    warnings: &'s mut Vec<Diagnostic>,
}

/// The governing law whose clause texts a document uses when the spec names no
/// jurisdiction: the NDA's own for the NDA, else the contract's, else the NDA's.
fn governing_law(spec: &crate::spec::Spec, kind: &str) -> (&'static str, Option<&'static str>) {
    let contract = spec.contract.as_ref().map(|c| c.governing_law.code());
    let nda = spec.nda.as_ref().map(|n| n.governing_law.code());
    match (kind, contract, nda) {
        ("nda", _, Some(code)) | (_, None, Some(code)) => ("nda.governing_law", Some(code)),
        (_, Some(code), _) => ("contract.governing_law", Some(code)),
        _ => ("engagement.jurisdiction", None),
    }
}

fn allow_draft(values: &Value) -> bool {
    values
        .get("allow_draft_clauses")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn jurisdiction_known(library: &Library, code: &str) -> bool {
    known_jurisdictions().contains(&code)
        || library.clauses.values().flatten().any(|c| c.serves(code))
}

/// Parses a pin from the spec's JSON value (`null` or absent: no pin).
fn parse_pin(
    value: Option<&Value>,
    spec: &SpecView<'_>,
    path: &str,
) -> Result<Option<Pin>, Diagnostic> {
    let Some(text) = value.and_then(Value::as_str) else {
        return Ok(None);
    };
    Pin::parse(text).map(Some).map_err(|msg| {
        let d = Diagnostic::error(msg)
            .with_help("write a semver requirement: `^2`, `~1.4` or `=1.4.0`");
        match (spec.locate)(path) {
            Some(loc) => d.at(loc),
            None => d.in_file(spec.path),
        }
    })
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
    spec: &SpecView<'_>,
    pin_path: &str,
    use_path: &str,
    use_at: Option<Location>,
) -> Diagnostic {
    let base = pin_path.rsplit_once('.').map_or(use_path, |(b, _)| b);
    let mut d = Diagnostic::error(e.message).with_help(e.help);
    let spec_at = |path: &str| (spec.locate)(path);
    let location = match e.blame {
        Blame::Pin => spec_at(pin_path),
        Blame::Variant => spec_at(&format!("{base}.variant")),
        Blame::Jurisdiction => {
            spec_at(&format!("{base}.jurisdiction")).or_else(|| spec_at("engagement.jurisdiction"))
        }
        Blame::Use => spec_at(use_path).or(use_at),
        Blame::Lock(line) => spec.lock.map(|l| l.locate(line)),
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

fn push_warnings<T>(
    sel: &Selected<'_, T>,
    spec: &SpecView<'_>,
    path: &str,
    out: &mut Vec<Diagnostic>,
) {
    for w in &sel.warnings {
        let mut d = Diagnostic::warning(w.clone());
        d = match (spec.locate)(path) {
            Some(loc) => d.at(loc),
            None => d.in_file(spec.path),
        };
        if !out.contains(&d) {
            out.push(d);
        }
    }
}

fn excluded(values: &Value, id: &str) -> bool {
    values
        .get("clauses")
        .and_then(|c| c.get(id))
        .and_then(|c| c.get("exclude"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn used_clause(sel: &Selected<'_, Clause>) -> UsedClause {
    let c = sel.item;
    UsedClause {
        id: c.meta.id.clone(),
        version: c.meta.version.to_string(),
        variant: sel.variant.clone(),
        jurisdiction: sel.jurisdiction.clone(),
        sha256: c.text_hash(),
        source: c.source.clone(),
        why: sel.why.clone(),
    }
}

fn used_set(sel: &Selected<'_, QuestionSet>) -> UsedClause {
    let s = sel.item;
    UsedClause {
        id: s.id.clone(),
        version: s.version.to_string(),
        variant: sel.variant.clone(),
        jurisdiction: sel.jurisdiction.clone(),
        sha256: s.text_hash(),
        source: s.source.clone(),
        why: sel.why.clone(),
    }
}

impl UsedClause {
    /// The lock entry that records this use.
    pub fn to_locked(&self) -> Option<Locked> {
        Some(Locked {
            version: semver::Version::parse(&self.version).ok()?,
            variant: self.variant.clone(),
            jurisdiction: self.jurisdiction.clone(),
            sha256: self.sha256.clone(),
            line: 0,
        })
    }
}

/// Whether a dotted spec path (`contract.liability.general_cap`) has a value.
pub fn has_value(values: &Value, path: &str) -> bool {
    let mut current = values;
    for part in path.split('.') {
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

fn check_needs(clause: &Clause, spec: &SpecView<'_>, diags: &mut Vec<Diagnostic>) {
    for need in &clause.meta.needs {
        if has_value(spec.values, need) {
            continue;
        }
        let (parent, field) = need.rsplit_once('.').unwrap_or(("", need));
        let mut d = Diagnostic::error(format!(
            "clause `{}` needs `{need}`, which the spec does not set",
            clause.key()
        ));
        let located = (!parent.is_empty())
            .then(|| (spec.locate)(parent))
            .flatten()
            .or_else(|| (spec.locate)(need));
        d = match located {
            Some(loc) => d.at(loc),
            None => d.in_file(spec.path),
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
        None => Diagnostic::error(format!("cannot render `{source}`: {}", error_chain(e)))
            .in_file(source),
    }
}

/// Renders one string with the composer's filters; for tests and tools.
pub fn render_one(template: &str, values: &Value) -> Result<String, String> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(escape_value);
    filters::register(&mut tera);
    tera.add_raw_template("one.md", template)
        .map_err(|e| error_chain(&e))?;
    let ctx = Context::from_value(values.clone()).map_err(|e| error_chain(&e))?;
    tera.render("one.md", &ctx).map_err(|e| error_chain(&e))
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
        assert!(has_value(&v, "nda.purpose"));
        assert!(!has_value(&v, "nda.empty"));
        assert!(!has_value(&v, "nda.list"));
        assert!(!has_value(&v, "nda.none"));
        assert!(!has_value(&v, "contract.payment_days"));
    }
}
