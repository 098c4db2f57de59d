//! The build pipeline for one spec: compose → Markdown → model → resolve, per document.
//!
//! [`Engine`] holds the parsed library and its Tera instance, so many specs (a batch)
//! share one. Nothing here touches the filesystem: the CLI reads specs and writes files.

use crate::compose::{Composed, Composer, UsedClause};
use crate::diag::Diagnostic;
use crate::doc::{Document, DocumentKind, Furniture, Meta, Paper};
use crate::house::{WriterFlags, WriterSetup};
use crate::library::FurnitureWords;
use crate::library::Library;
use crate::library::lockfile::Lockfile;
use crate::markdown;
use crate::resolve::ResolveOptions;
use crate::spec::{self, Spec, SpecFile, Stage};
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::compose::Addressing;

/// A library ready to compose documents. Templates and clauses are parsed the first time
/// a build needs them and kept for every later build: a batch shares one engine.
pub struct Engine {
    /// The merged library (built-in plus user folders).
    pub library: Library,
    composer: Composer,
    fingerprint: std::sync::OnceLock<String>,
    /// The theme chosen on the command line (`--theme`), over the spec's.
    theme: Option<String>,
    /// Themes loaded so far (each checked once per process).
    themes: std::sync::Mutex<BTreeMap<String, LoadedTheme>>,
    /// The run's writer choices (`--pdf-standard`, `--reference-docx`, `--font-path`).
    flags: WriterFlags,
    /// Writer set-ups made so far, by theme name ("" for none): fonts are parsed once.
    setups: std::sync::Mutex<BTreeMap<String, LoadedSetup>>,
}

/// A writer set-up as made: ready, or its diagnostics.
type LoadedSetup = Result<Arc<WriterSetup>, Vec<Diagnostic>>;

/// A theme as loaded: checked, or its diagnostics.
type LoadedTheme = Result<Arc<Theme>, Vec<Diagnostic>>;

/// One document, built and resolved.
#[derive(Debug, Clone)]
pub struct BuiltDocument {
    /// Document kind.
    pub kind: DocumentKind,
    /// The resolved model every writer consumes.
    pub document: Document,
    /// Clause versions used.
    pub clauses: Vec<UsedClause>,
    /// Question set versions used.
    pub question_sets: Vec<UsedClause>,
    /// Warnings raised while building it.
    pub warnings: Vec<Diagnostic>,
}

impl Engine {
    /// An engine for `library`; nothing is parsed until a document is built.
    pub fn new(library: Library) -> Engine {
        Engine {
            library,
            composer: Composer::new(),
            fingerprint: std::sync::OnceLock::new(),
            theme: None,
            themes: Default::default(),
            flags: WriterFlags::default(),
            setups: Default::default(),
        }
    }

    /// This engine writing with the run's choices (`--pdf-standard`,
    /// `--reference-docx`, `--font-path`) for every spec.
    pub fn with_writer_flags(mut self, flags: WriterFlags) -> Engine {
        self.flags = flags;
        self.setups = Default::default();
        self
    }

    /// The run's writer choices.
    pub fn writer_flags(&self) -> &WriterFlags {
        &self.flags
    }

    /// What the writers of `spec`'s pack are given: its theme's fonts and Word template
    /// under the run's choices, made once per theme and shared by a batch.
    pub fn writer_setup(&self, spec: &SpecFile) -> Result<Arc<WriterSetup>, Vec<Diagnostic>> {
        let theme = self.theme_for(spec)?;
        let key = theme.as_ref().map_or_else(String::new, |t| t.name.clone());
        let mut setups = self.setups.lock().unwrap_or_else(|e| e.into_inner());
        setups
            .entry(key)
            .or_insert_with(|| {
                let root = theme
                    .as_ref()
                    .and_then(|t| self.library.themes.get(&t.name))
                    .and_then(|f| f.root.as_deref());
                crate::house::setup(theme.as_deref(), root, &self.flags).map(Arc::new)
            })
            .clone()
    }

    /// This engine with theme `name` chosen for every spec (`--theme`).
    pub fn with_theme(mut self, name: Option<String>) -> Engine {
        self.theme = name;
        self
    }

    /// The theme a spec's documents use (`--theme`, else `output.theme`), loaded and
    /// checked once; `None` for rfx's own look.
    pub fn theme_for(&self, spec: &SpecFile) -> Result<Option<Arc<Theme>>, Vec<Diagnostic>> {
        let (name, from_spec) = match (&self.theme, &spec.spec.output.theme) {
            (Some(n), _) => (n, false),
            (None, Some(n)) => (n, true),
            (None, None) => return Ok(None),
        };
        let Some(file) = self.library.themes.get(name) else {
            let names: Vec<&str> = self.library.themes.keys().map(String::as_str).collect();
            let mut d =
                Diagnostic::error(format!("the library has no theme `{name}`")).with_help(format!(
                    "themes: {} (a theme is a file `themes/<name>.yaml` of a --library folder)",
                    names.join(", ")
                ));
            if from_spec {
                d = match spec.locate("output.theme") {
                    Some(loc) => d.at(loc),
                    None => d.in_file(&spec.path),
                };
            }
            return Err(vec![d]);
        };
        let mut themes = self.themes.lock().unwrap_or_else(|e| e.into_inner());
        themes
            .entry(name.clone())
            .or_insert_with(|| crate::theme::load(file).map(Arc::new))
            .clone()
            .map(Some)
    }

    /// Reads the file of every image of `document` from the library. An image's path
    /// must be written in a library text the document was composed from (a template
    /// or clause): a spec value can never name a file.
    fn load_images(&self, document: &mut Document, sources: &[&str]) -> Vec<Diagnostic> {
        fn walk(blocks: &mut [crate::doc::Block], f: &mut dyn FnMut(&mut crate::doc::Image)) {
            use crate::doc::{Block, Inline};
            fn inlines(list: &mut [Inline], f: &mut dyn FnMut(&mut crate::doc::Image)) {
                for inline in list {
                    match inline {
                        Inline::Image(image) => f(image),
                        Inline::Footnote(note) => walk(&mut note.blocks, f),
                        other => {
                            if let Some(c) = other.children_mut() {
                                inlines(c, f);
                            }
                        }
                    }
                }
            }
            for block in blocks {
                match block {
                    Block::Heading(h) => inlines(&mut h.content, f),
                    Block::Paragraph(i) => inlines(i, f),
                    Block::List(l) => l.items.iter_mut().for_each(|b| walk(b, f)),
                    Block::Table(t) => t
                        .header
                        .iter_mut()
                        .chain(t.rows.iter_mut().flatten())
                        .for_each(|c| inlines(c, f)),
                    Block::BlockQuote(b) | Block::Revised { blocks: b, .. } => walk(b, f),
                    _ => {}
                }
            }
        }
        let mut diags = Vec::new();
        walk(&mut document.blocks, &mut |image| {
            let written = format!("]({})", image.source);
            let written_angled = format!("](<{}>)", image.source);
            if !sources
                .iter()
                .any(|s| s.contains(&written) || s.contains(&written_angled))
            {
                diags.push(
                    Diagnostic::error(format!(
                        "the image `{}` is not named by the library text itself",
                        crate::diag::escape_control(&image.source)
                    ))
                    .with_help(
                        "write the image's file literally in the template or clause \
                         (`![alt](images/x.png)`); spec values are text and never name files",
                    ),
                );
                return;
            }
            if image.alt.trim().is_empty() {
                diags.push(
                    Diagnostic::error(format!(
                        "the image `{}` has no alternative text",
                        crate::diag::escape_control(&image.source)
                    ))
                    .with_help(
                        "describe the image between the brackets, e.g. `![Network diagram](images/network.png)`: \
                         screen readers read it and accessible PDFs require it",
                    ),
                );
                return;
            }
            match self.library.image(&image.source) {
                Ok(data) => image.data = Some(data),
                Err(e) => diags.push(Diagnostic::error(e.message).with_help(e.help)),
            }
        });
        diags
    }

    /// A fingerprint of the library's whole text, computed once.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            let library = crate::pack::library_fingerprint(&self.library);
            match &self.theme {
                Some(theme) => crate::digest::sha256_hex(format!("{library}\0theme={theme}")),
                None => library,
            }
        })
    }

    /// Parses every template and clause of the library: one located diagnostic per file
    /// that does not parse (builds report only the files they use).
    pub fn check_templates(&self) -> Vec<Diagnostic> {
        crate::compose::check_templates(&self.library)
    }

    /// The document kinds a spec asks for, in the spec's order.
    pub fn requested_kinds(spec: &SpecFile) -> Vec<DocumentKind> {
        spec.spec.documents.clone()
    }

    /// Builds document `kind` of `spec`, honouring the spec's lockfile if given (else
    /// choosing clause versions afresh).
    pub fn build(
        &self,
        spec: &SpecFile,
        kind: DocumentKind,
        lock: Option<&Lockfile>,
    ) -> Result<BuiltDocument, Vec<Diagnostic>> {
        self.build_addressed(spec, kind, lock, Addressing::default())
    }

    /// Builds document `kind` of `spec` at the spec's stage, for `addressing` (the bidder
    /// of a per-bidder NDA, the pack's contents).
    pub fn build_addressed(
        &self,
        spec: &SpecFile,
        kind: DocumentKind,
        lock: Option<&Lockfile>,
        addressing: Addressing<'_>,
    ) -> Result<BuiltDocument, Vec<Diagnostic>> {
        if !self.library.templates.contains_key(&kind) {
            let mut d = Diagnostic::error(format!("the library has no template for `{kind}`"))
                .with_help(format!(
                    "templates: {}",
                    self.library
                        .templates
                        .keys()
                        .map(DocumentKind::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            let index = spec.spec.documents.iter().position(|k| *k == kind);
            d = match index.and_then(|i| spec.locate(&format!("documents[{i}]"))) {
                Some(loc) => d.at(loc),
                None => d.in_file(&spec.path),
            };
            return Err(vec![d]);
        }
        let (composed, mut document, resolved) =
            self.compose_and_resolve(spec, kind, lock, addressing)?;
        let mut diags = composed.warnings.clone();
        let mut resolved = resolved;
        crate::resolve::locate(&mut resolved, &self.sources_of(kind, &composed));
        diags.extend(resolved);
        for d in &mut diags {
            d.message = format!("{} ({kind}): {}", spec.path, d.message);
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        mark_clause_headings(&mut document, &composed.clauses);
        Ok(BuiltDocument {
            kind,
            document,
            clauses: composed.clauses,
            question_sets: composed.question_sets,
            warnings: diags,
        })
    }

    /// Composes and resolves document `kind`, returning the composition (Markdown and its
    /// source map, for `rfx lint`), the resolved model and resolution's diagnostics (not
    /// yet failing on them). The spec's template must exist.
    pub fn compose_and_resolve(
        &self,
        spec: &SpecFile,
        kind: DocumentKind,
        lock: Option<&Lockfile>,
        addressing: Addressing<'_>,
    ) -> Result<(Composed, Document, Vec<Diagnostic>), Vec<Diagnostic>> {
        let Some(template) = self.library.templates.get(&kind) else {
            return Err(vec![Diagnostic::error(format!(
                "the library has no template for `{kind}`"
            ))]);
        };
        let composed = self
            .composer
            .compose(&self.library, spec, kind, lock, addressing)?;
        let mut document = markdown::parse(&composed.markdown);
        document.meta = meta_for(&spec.spec, &composed, template.meta.furniture.as_ref());
        if spec.stage == Stage::Tender && kind.is_agreement() {
            document.meta.marking = Some(Stage::TENDER_MARKING.to_string());
        }
        if let Some(theme) = self.theme_for(spec)? {
            theme.apply(&mut document.meta);
        }
        // `ref()` without `word=` takes the heading label ("Article 3") or the
        // template's word ("clause 3.2").
        let mut resolved = document.resolve(&ResolveOptions {
            ref_word: template.meta.ref_word.clone(),
            ..ResolveOptions::default()
        });
        if !crate::doc::image::images(&document.blocks).is_empty() {
            let sources = self.sources_of(kind, &composed);
            let texts: Vec<&str> = sources.iter().map(|s| s.text).collect();
            resolved.extend(self.load_images(&mut document, &texts));
        }
        Ok((composed, document, resolved))
    }

    /// The library texts document `kind` was composed from (its template and the clause
    /// versions it used), for locating resolve diagnostics.
    fn sources_of<'a>(
        &'a self,
        kind: DocumentKind,
        composed: &crate::compose::Composed,
    ) -> Vec<crate::resolve::SourceText<'a>> {
        let template = self
            .library
            .templates
            .get(&kind)
            .map(|t| crate::resolve::SourceText {
                file: &t.source,
                text: &t.body,
                first_line: t.body_line,
            });
        let clauses = composed.clauses.iter().filter_map(|u| {
            let c = self
                .library
                .clauses
                .get(&u.id)?
                .iter()
                .find(|c| c.meta.version == u.version && c.source == u.source)?;
            Some(crate::resolve::SourceText {
                file: &c.source,
                text: &c.body,
                first_line: c.body_line,
            })
        });
        template.into_iter().chain(clauses).collect()
    }

    /// Every diagnostic for a spec: library cross-checks and each requested document's
    /// composition, honouring the lockfile if given (a locked version that is gone or
    /// whose wording changed is reported). Empty means the spec builds.
    pub fn check(&self, spec: &SpecFile, lock: Option<&Lockfile>) -> Vec<Diagnostic> {
        let mut diags = self.cross_check(spec);
        diags.extend(crate::evaluation::Model::build(spec, &self.library, lock).check(spec));
        // The documents build on all cores (parsing their templates is most of the
        // cost); their problems are reported in the spec's document order.
        let built: Vec<_> = Engine::requested_kinds(spec)
            .into_par_iter()
            .map(|kind| self.build(spec, kind, lock))
            .collect();
        for result in built {
            if let Err(d) = result {
                for x in d {
                    if !diags.contains(&x) {
                        diags.push(x);
                    }
                }
            }
        }
        diags
    }

    /// Checks that the spec's clause choices name clauses of the library.
    pub fn cross_check(&self, spec: &SpecFile) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for id in spec.spec.clauses.keys() {
            if !self.library.clauses.contains_key(id) {
                let mut d = Diagnostic::error(format!("unknown clause id `{id}`"));
                d = match spec.locate_key(&format!("clauses.{id}")) {
                    Some(loc) => d.at(loc),
                    None => d.in_file(&spec.path),
                };
                d = match self.library.suggest_clause(id) {
                    Some(h) => d.with_help(h),
                    None => d.with_help("`rfx library list` shows the clause ids"),
                };
                diags.push(d);
            }
        }
        if let Some(q) = &spec.spec.questionnaire {
            for (i, set) in q.sets.iter().enumerate() {
                if self.library.question_sets.contains_key(&set.id) {
                    continue;
                }
                let mut d =
                    Diagnostic::error(format!("question set `{}` is not in the library", set.id));
                d = match spec.locate(&format!("questionnaire.sets[{i}].id")) {
                    Some(loc) => d.at(loc),
                    None => d.in_file(&spec.path),
                };
                if let Some(h) = self.library.suggest_question_set(&set.id) {
                    d = d.with_help(h);
                }
                diags.push(d);
            }
        }
        diags
    }
}

/// Records on each clause's heading (the one anchored with the clause id) which clause
/// version produced it, so writers can leave a trace and `rfx review` can find it.
fn mark_clause_headings(document: &mut Document, clauses: &[UsedClause]) {
    let mut seen = std::collections::HashSet::new();
    for block in &mut document.blocks {
        let crate::doc::Block::Heading(h) = block else {
            continue;
        };
        let Some(anchor) = h.anchor.as_deref() else {
            continue;
        };
        if let Some(c) = clauses.iter().find(|c| c.id == anchor)
            && seen.insert(anchor.to_string())
        {
            h.clause = Some(format!("{}@{}", c.id, c.version));
        }
    }
}

/// Document metadata from the spec, the composed title and the template's furniture
/// words (which override the words of the document's language).
fn meta_for(spec: &Spec, composed: &Composed, words: Option<&FurnitureWords>) -> Meta {
    let reference = spec
        .procurement
        .as_ref()
        .map_or(spec.engagement.id.as_str(), |p| p.reference.as_str());
    let reference = format!("{reference}-{}", composed.kind.as_str().to_uppercase());
    let language = spec.output.language.clone();
    let mut furniture = Furniture::for_language(Some(&language));
    if let Some(w) = words {
        w.apply(&mut furniture);
    }
    Meta {
        title: composed.title.clone(),
        subtitle: composed.subtitle.clone(),
        subject: composed.subtitle.clone(),
        keywords: vec![composed.kind.as_str().to_string(), reference.clone()],
        reference: Some(reference),
        author: Some(spec.parties.buyer.legal_name.clone()),
        kind: Some(composed.kind),
        furniture,
        language: Some(language),
        paper: match spec.output.paper {
            spec::Paper::Letter => Paper::Letter,
            spec::Paper::A4 => Paper::A4,
        },
        marking: None,
        labels: Default::default(),
        style: Default::default(),
    }
}

/// The earliest `SOURCE_DATE_EPOCH` accepted: 1980-01-01T00:00:00Z (the first instant a
/// zip file can record).
pub const EARLIEST_SOURCE_DATE: i64 = 315_532_800;
/// The latest `SOURCE_DATE_EPOCH` accepted: 9999-12-31T23:59:59Z (four-digit years).
pub const LATEST_SOURCE_DATE: i64 = 253_402_300_799;

/// Parses `SOURCE_DATE_EPOCH`: whole seconds from 1980 to the end of 9999; otherwise a
/// message saying why not. The CLI refuses a bad value as a usage error (exit 2).
pub fn source_date_epoch(s: &str) -> Result<i64, String> {
    source_date_epoch_value(s).map_err(|m| {
        format!(
            "{m}\n\nhelp: set it to a Unix time, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)"
        )
    })
}

fn source_date_epoch_value(s: &str) -> Result<i64, String> {
    let shown = crate::diag::escape_control(s);
    let n = s
        .trim()
        .parse::<i64>()
        .map_err(|_| format!("SOURCE_DATE_EPOCH is `{shown}`, not a number of seconds"))?;
    if !(EARLIEST_SOURCE_DATE..=LATEST_SOURCE_DATE).contains(&n) {
        return Err(format!(
            "SOURCE_DATE_EPOCH is `{shown}`, outside 1980-01-01 to 9999-12-31 \
             ({EARLIEST_SOURCE_DATE} to {LATEST_SOURCE_DATE})"
        ));
    }
    Ok(n)
}

/// The timestamp for reproducible output: `SOURCE_DATE_EPOCH` if set, else the spec's
/// issue date (or term start) at midnight UTC, else 0 (no spec).
pub fn timestamp(source_date_epoch: Option<&str>, spec: Option<&Spec>) -> Result<i64, Diagnostic> {
    if let Some(s) = source_date_epoch {
        return source_date_epoch_value(s).map_err(|m| {
            Diagnostic::error(m).with_help(
                "set it to a Unix time, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)",
            )
        });
    }
    let date = spec.map(|s| {
        s.procurement
            .as_ref()
            .map_or(&s.engagement.term.start, |p| &p.timeline.issue_date)
    });
    Ok(date.map_or(0, |d| d.days_since_epoch() * 86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_wins_and_is_validated() {
        assert_eq!(timestamp(Some("315532800"), None), Ok(315_532_800));
        assert!(timestamp(Some("42"), None).is_err());
        assert!(timestamp(Some("253402300800"), None).is_err());
        assert!(timestamp(Some("-38000000000"), None).is_err());
        assert_eq!(timestamp(None, None), Ok(0));
        assert!(timestamp(Some("soon"), None).is_err());
    }
}
