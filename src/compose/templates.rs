//! Parsed templates, on demand: a template, title or clause file is parsed by Tera the
//! first time a build renders it, then kept for the life of the process and shared by
//! every build (a batch's thousand specs parse each file once, whichever thread asks).
//!
//! A cold `rfx build --doc nda` parses the NDA template and the clause versions the NDA
//! selects, nothing else; [`check_all`] parses everything for `rfx library check`.

use super::{error_chain, filters, protect_heading_anchors, syntax_diagnostic};
use crate::diag::Diagnostic;
use crate::library::{Clause, Library};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tera::{Context, Tera};

/// One text for Tera: a template body, a title, a subtitle or a clause body.
pub(super) struct Source<'a> {
    /// Unique name of the text within the library (`clause:id@1.0.0/preferred/default.md`).
    pub name: String,
    /// The Tera/Markdown text.
    pub body: &'a str,
    /// Display path of its file.
    pub file: &'a str,
    /// 1-based line of the text's first line in the file (0: not a file body).
    pub body_line: usize,
}

impl Source<'_> {
    /// The body of document template `kind`.
    pub fn template(template: &crate::library::Template) -> Source<'_> {
        Source {
            name: format!("template:{}.md", template.meta.kind),
            body: &template.body,
            file: &template.source,
            body_line: template.body_line,
        }
    }

    /// The body of one clause file.
    pub fn clause(clause: &Clause) -> Source<'_> {
        Source {
            name: format!(
                "clause:{}@{}/{}/{}.md",
                clause.meta.id,
                clause.meta.version,
                clause.meta.variant,
                clause.meta.jurisdictions.join("+")
            ),
            body: &clause.body,
            file: &clause.source,
            body_line: clause.body_line,
        }
    }
}

type Slot = Arc<OnceLock<Result<Tera, Diagnostic>>>;

/// The process's parsed texts, filled as builds ask for them; safe to share across threads.
#[derive(Default)]
pub(super) struct Templates {
    parsed: Mutex<HashMap<String, Slot>>,
}

impl Templates {
    /// Renders `source` with `context`, parsing it first if no build has yet.
    pub fn render(&self, source: &Source<'_>, context: &Context) -> Result<String, RenderError> {
        // Parsing happens outside the map's lock, so threads parse different files at once.
        match self.slot(source).get_or_init(|| parse(source)) {
            Ok(tera) => {
                super::sandbox::render(tera, &source.name, context).map_err(RenderError::Render)
            }
            Err(d) => Err(RenderError::Syntax(d.clone())),
        }
    }

    /// The slot of `source`'s parsed form (empty until a build parses it).
    fn slot(&self, source: &Source<'_>) -> Slot {
        let mut map = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(map.entry(source.name.clone()).or_default())
    }

    /// Parses those of `sources` no build has parsed yet, on all cores.
    pub fn parse_all(&self, sources: &[Source<'_>]) {
        sources.par_iter().for_each(|source| {
            self.slot(source).get_or_init(|| parse(source));
        });
    }
}

/// Why a text did not render.
pub(super) enum RenderError {
    /// The file does not parse (located).
    Syntax(Diagnostic),
    /// Rendering failed (an undefined variable, a filter's error).
    Render(tera::Error),
}

/// A Tera instance with rfx's escaping, filters and functions and no templates yet: a
/// copy of one made once per process (making one registers every filter anew).
pub(super) fn new_tera() -> Tera {
    static PROTOTYPE: OnceLock<Tera> = OnceLock::new();
    PROTOTYPE
        .get_or_init(|| {
            let mut tera = Tera::default();
            tera.autoescape_on(vec![".md"]);
            tera.set_escape_fn(super::escape_value);
            filters::register(&mut tera);
            super::sandbox::secure(&mut tera);
            tera
        })
        .clone()
}

/// Parses one text into its own Tera instance; a syntax error is located in its file.
fn parse(source: &Source<'_>) -> Result<Tera, Diagnostic> {
    let body = protect_heading_anchors(source.body);
    let mut tera = new_tera();
    super::syntax::add_template(&mut tera, &source.name, &body)
        .map_err(|e| syntax_diagnostic(&error_chain(&e), source.file, &body, source.body_line))?;
    // Recursion and self-doubling variables are refused before the first render.
    let sandboxed = [super::sandbox::Source {
        name: &source.name,
        body: &body,
        file: source.file,
        body_line: source.body_line,
    }];
    let mut refused = super::sandbox::check_recursion(&tera, &sandboxed);
    refused.extend(super::sandbox::check_growth(&tera, &sandboxed));
    match refused.into_iter().next() {
        Some(d) => Err(d),
        None => Ok(tera),
    }
}

/// Parses every template and clause file of `library`: one located diagnostic per file
/// that does not parse.
pub fn check_all(library: &Library) -> Vec<Diagnostic> {
    sources(library)
        .par_iter()
        .filter_map(|s| parse(s).err())
        .collect()
}

/// Every text of `library` that Tera parses: template bodies, titles, subtitles and
/// clause bodies.
pub(super) fn sources(library: &Library) -> Vec<Source<'_>> {
    let mut sources: Vec<Source<'_>> = Vec::new();
    for t in library.templates.values() {
        sources.push(Source::template(t));
        sources.push(Source {
            name: format!("title:{}", t.meta.kind),
            body: &t.meta.title,
            file: &t.source,
            body_line: 0,
        });
        if let Some(sub) = &t.meta.subtitle {
            sources.push(Source {
                name: format!("subtitle:{}", t.meta.kind),
                body: sub,
                file: &t.source,
                body_line: 0,
            });
        }
    }
    for c in library.clauses.values().flatten() {
        sources.push(Source::clause(c));
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_parsed_once_and_a_syntax_error_names_its_file_and_line() {
        let mut library = Library::builtin().expect("built-in library");
        assert!(check_all(&library).is_empty());
        let clause = library.clauses.values_mut().flatten().next().unwrap();
        clause.body = "Fine.\n\n{% if %}broken{% endif %}\n".into();
        let file = clause.source.clone();
        let line = clause.body_line + 2;
        let errors = check_all(&library);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let at = errors[0].location.as_ref().expect("located");
        assert_eq!((at.file.as_str(), at.line), (file.as_str(), line));

        let templates = Templates::default();
        let source = Source {
            name: "t".into(),
            body: "{{ x }}",
            file: "t.md",
            body_line: 1,
        };
        let mut context = Context::new();
        context.insert("x", "1");
        for _ in 0..2 {
            assert!(matches!(templates.render(&source, &context), Ok(s) if s == "1"));
        }
        assert_eq!(templates.parsed.lock().unwrap().len(), 1);
    }
}
