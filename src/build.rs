//! The build pipeline for one spec: compose → Markdown → model → resolve, per document.
//!
//! [`Engine`] holds the parsed library and its Tera instance, so many specs (a batch)
//! share one. Nothing here touches the filesystem: the CLI reads specs and writes files.

use crate::compose::{Composed, Composer, SpecView, UsedClause};
use crate::diag::Diagnostic;
use crate::doc::{Document, Meta, Paper};
use crate::library::lockfile::Lockfile;
use crate::library::{DOCUMENT_KINDS, Library};
use crate::markdown;
use crate::resolve::ResolveOptions;
use crate::spec::{Date, SpecFile};
use serde_json::Value;

/// A parsed library ready to compose documents.
pub struct Engine {
    /// The merged library (built-in plus user folders).
    pub library: Library,
    composer: Composer,
}

/// One document, built and resolved.
#[derive(Debug, Clone)]
pub struct BuiltDocument {
    /// Document kind (`nda`).
    pub kind: String,
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
    /// Parses every template and clause of `library`.
    pub fn new(library: Library) -> Result<Engine, Vec<Diagnostic>> {
        let composer = Composer::new(&library)?;
        Ok(Engine { library, composer })
    }

    /// The document kinds a spec asks for, in the spec's order.
    pub fn requested_kinds(spec: &SpecFile) -> Vec<String> {
        spec.spec
            .documents
            .iter()
            .filter_map(|k| serde_json::to_value(k).ok())
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    /// Builds document `kind` of `spec`, choosing clause versions afresh.
    pub fn build(
        &self,
        spec: &SpecFile,
        values: &Value,
        kind: &str,
    ) -> Result<BuiltDocument, Vec<Diagnostic>> {
        self.build_locked(spec, values, kind, None)
    }

    /// Builds document `kind` of `spec`, honouring the spec's lockfile if given.
    pub fn build_locked(
        &self,
        spec: &SpecFile,
        values: &Value,
        kind: &str,
        lock: Option<&Lockfile>,
    ) -> Result<BuiltDocument, Vec<Diagnostic>> {
        let locate = |path: &str| spec.locate(path);
        let view = SpecView {
            path: &spec.path,
            values,
            spec: &spec.spec,
            locate: &locate,
            lock,
        };
        if !self.library.templates.contains_key(kind) {
            let mut d = Diagnostic::error(format!("the library has no template for `{kind}`"))
                .with_help(format!("document kinds: {}", DOCUMENT_KINDS.join(", ")));
            let index = Engine::requested_kinds(spec).iter().position(|k| k == kind);
            d = match index.and_then(|i| spec.locate(&format!("documents[{i}]"))) {
                Some(loc) => d.at(loc),
                None => d.in_file(&spec.path),
            };
            return Err(vec![d]);
        }
        let composed = self.composer.compose(&self.library, &view, kind)?;
        let ref_word = self
            .library
            .templates
            .get(kind)
            .map(|t| t.meta.ref_word.clone())
            .unwrap_or_default();
        // `ref()` without `word=` takes the template's word ("clause", "section").
        let empty_word = format!("{}{}", markdown::marker::SEP, markdown::marker::CLOSE);
        let with_word = format!(
            "{}{ref_word}{}",
            markdown::marker::SEP,
            markdown::marker::CLOSE
        );
        let mut document = markdown::parse(&composed.markdown.replace(&empty_word, &with_word));
        document.meta = meta_for(values, &composed);
        let mut diags = composed.warnings.clone();
        diags.extend(document.resolve(&ResolveOptions::default()));
        for d in &mut diags {
            d.message = format!("{} ({kind}): {}", spec.path, d.message);
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        Ok(BuiltDocument {
            kind: kind.to_string(),
            document,
            clauses: composed.clauses,
            question_sets: composed.question_sets,
            warnings: diags,
        })
    }

    /// Every diagnostic for a spec: library cross-checks and each requested document's
    /// composition. Empty means the spec builds.
    pub fn check(&self, spec: &SpecFile, values: &Value) -> Vec<Diagnostic> {
        self.check_locked(spec, values, None)
    }

    /// [`Engine::check`], honouring the spec's lockfile (a locked version that is gone or
    /// whose wording changed is reported).
    pub fn check_locked(
        &self,
        spec: &SpecFile,
        values: &Value,
        lock: Option<&Lockfile>,
    ) -> Vec<Diagnostic> {
        let mut diags = self.cross_check(spec);
        for kind in Engine::requested_kinds(spec) {
            if let Err(d) = self.build_locked(spec, values, &kind, lock) {
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

fn str_at<'a>(values: &'a Value, pointer: &str) -> Option<&'a str> {
    values.pointer(pointer).and_then(Value::as_str)
}

/// Document metadata from the spec and the composed title.
fn meta_for(values: &Value, composed: &Composed) -> Meta {
    let reference = str_at(values, "/procurement/reference")
        .or_else(|| str_at(values, "/engagement/id"))
        .map(|r| format!("{r}-{}", composed.kind.to_uppercase()));
    let language = str_at(values, "/output/language").map(str::to_string);
    Meta {
        title: composed.title.clone(),
        subtitle: composed.subtitle.clone(),
        subject: composed.subtitle.clone(),
        keywords: [Some(composed.kind.clone()), reference.clone()]
            .into_iter()
            .flatten()
            .collect(),
        reference,
        author: str_at(values, "/parties/buyer/legal_name").map(str::to_string),
        kind: Some(composed.kind.clone()),
        furniture: crate::doc::Furniture::for_language(language.as_deref()),
        language,
        paper: match str_at(values, "/output/paper") {
            Some("letter") => Paper::Letter,
            _ => Paper::A4,
        },
    }
}

/// The timestamp for reproducible output: `SOURCE_DATE_EPOCH` if set, else the spec's
/// issue date (or term start) at midnight UTC, else 0.
pub fn timestamp(source_date_epoch: Option<&str>, values: &Value) -> Result<i64, Diagnostic> {
    if let Some(s) = source_date_epoch {
        return s.trim().parse::<i64>().map_err(|_| {
            Diagnostic::error(format!(
                "SOURCE_DATE_EPOCH is `{s}`, not a number of seconds"
            ))
            .with_help("set it to a Unix time, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
        });
    }
    let date = str_at(values, "/procurement/timeline/issue_date")
        .or_else(|| str_at(values, "/engagement/term/start"));
    Ok(date
        .and_then(|d| Date::parse(d).ok())
        .map_or(0, |d| d.days_since_epoch() * 86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_wins_and_is_validated() {
        let v = serde_json::json!({"engagement": {"term": {"start": "1970-01-02"}}});
        assert_eq!(timestamp(Some("42"), &v), Ok(42));
        assert_eq!(timestamp(None, &v), Ok(86_400));
        assert!(timestamp(Some("soon"), &v).is_err());
    }
}
