//! The clause library: document templates, clauses and question sets, each identified
//! as `id@version`.
//!
//! The built-in library (`templates/` and `clauses/` of the source tree) is embedded in
//! the binary; [`Library::add_dir`] lays a user's library on top. A clause is Markdown
//! with YAML front matter in `clauses/<id>/<version>.md`; a question set is YAML in
//! `clauses/<id>/<version>.yaml`; a document template is `templates/<kind>.md`.
//! The library only holds text and metadata: the `compose` stage turns it into Tera.
//!
//! Identity: a release `id@version` holds one or more clause files, each a *member*
//! keyed by (id, version, variant, jurisdiction) — `2.0.0.md` and `2.0.0-fallback.md`
//! are two members of one release. Two files claiming one key (same id, version and
//! variant, a jurisdiction in common) are an error; file names are only a convention.
//! [`select`] chooses a member for a document, [`lockfile`] records the choice,
//! [`index`] keeps released wording immutable and [`diff`] compares two versions.

pub mod assets;
pub mod diff;
pub mod index;
pub mod lockfile;
mod parse;
pub mod select;
mod shelf;
mod themes;
mod walk;

use crate::diag::{Diagnostic, suggest};
use crate::digest::sha256_hex;
use crate::doc::DocumentKind;
pub use crate::id::is_valid_id;
use include_dir::{Dir, include_dir};
pub use parse::{locate_key_in, unknown_field_hint};
use parse::{parse_clause, parse_question_set, parse_template};
use rayon::prelude::*;
use semver::Version;
use serde::{Deserialize, Serialize};
pub use shelf::Shelf;
use shelf::{Embedded, ParseGroup};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

static BUILTIN_TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static BUILTIN_CLAUSES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/clauses");
static BUILTIN_THEMES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// Release status of a clause or question set version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Work in progress: used only when a spec opts in.
    Draft,
    /// Released for use.
    Approved,
    /// Released, but superseded: still builds for a pinned spec, with a warning.
    Deprecated,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
            Status::Deprecated => "deprecated",
        })
    }
}

/// Where a library item came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Origin {
    /// Embedded in the rfx binary.
    Builtin,
    /// From a `--library` folder.
    User,
}

/// Why a version is deprecated and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// Why it should no longer be used.
    pub reason: String,
    /// `id@version` (or `id`) of the replacement, if any.
    pub replacement: Option<String>,
}

/// Front matter of a clause file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseMeta {
    /// Stable identifier, also the anchor cross-references use (`limitation-of-liability`).
    pub id: String,
    /// Semantic version of this text.
    pub version: Version,
    /// Heading title of the clause.
    pub title: String,
    /// Release status.
    pub status: Status,
    /// Document kinds the clause is written for.
    #[serde(default)]
    pub documents: Vec<DocumentKind>,
    /// Drafting position: `preferred`, `fallback`, `walk-away`…
    #[serde(default = "default_variant")]
    pub variant: String,
    /// Jurisdictions the wording suits (`default` fits any).
    #[serde(default = "default_jurisdictions")]
    pub jurisdictions: Vec<String>,
    /// Spec fields (dotted paths) the clause needs to be present.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Defined terms the clause defines.
    #[serde(default)]
    pub defines: Vec<String>,
    /// Defined terms the clause uses.
    #[serde(default)]
    pub uses: Vec<String>,
    /// One line on what changed in this version.
    #[serde(default)]
    pub changelog: String,
    /// Present when the status is `deprecated`.
    #[serde(default)]
    pub deprecated: Option<Deprecation>,
    /// Whether the buyer accepts counter-proposals on this clause (`rfx review` says so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negotiable: bool,
}

/// The variant every clause should have, and the last step of variant fallback.
pub const PREFERRED: &str = "preferred";

/// The jurisdiction that fits any law, and the last step of jurisdiction fallback.
pub const DEFAULT_JURISDICTION: &str = "default";

fn default_variant() -> String {
    PREFERRED.to_string()
}

fn default_jurisdictions() -> Vec<String> {
    vec![DEFAULT_JURISDICTION.to_string()]
}

/// One version of a clause: metadata plus its Tera/Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Front matter.
    pub meta: ClauseMeta,
    /// The body after the front matter.
    pub body: String,
    /// 1-based line of the body's first line in the source file.
    pub body_line: usize,
    /// Display path of the file (`clauses/x/1.0.0.md`, or the user's path).
    pub source: String,
    /// Built-in or user library.
    pub origin: Origin,
    /// The whole file text (front matter and body), for locating diagnostics.
    pub raw: String,
    /// [`Clause::text_hash`], made on first use.
    pub(crate) hash: WordingHash,
}

/// A clause's wording hash, computed the first time it is asked for and kept (a batch
/// selects the same clause for every engagement). Not part of a clause's identity:
/// comparisons ignore it.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordingHash(std::sync::OnceLock<String>);

impl PartialEq for WordingHash {
    fn eq(&self, _: &WordingHash) -> bool {
        true
    }
}

impl Eq for WordingHash {}

impl Clause {
    /// `id@version`: the release this file belongs to.
    pub fn key(&self) -> String {
        format!("{}@{}", self.meta.id, self.meta.version)
    }

    /// `id@version variant/jurisdictions`: the member of the release this file is.
    pub fn member(&self) -> String {
        format!(
            "{}@{} {}/{}",
            self.meta.id,
            self.meta.version,
            self.meta.variant,
            self.meta.jurisdictions.join("+")
        )
    }

    /// Whether two files claim the same member: same id, version and variant and at
    /// least one jurisdiction in common.
    pub fn same_member(&self, other: &Clause) -> bool {
        self.meta.id == other.meta.id
            && self.meta.version == other.meta.version
            && self.meta.variant == other.meta.variant
            && self
                .meta
                .jurisdictions
                .iter()
                .any(|j| other.meta.jurisdictions.contains(j))
    }

    /// Whether this file serves `jurisdiction` (exactly; fallback is the resolver's job).
    pub fn serves(&self, jurisdiction: &str) -> bool {
        self.meta.jurisdictions.iter().any(|j| j == jurisdiction)
    }

    /// SHA-256 (hex) of the released wording: the title and the body, with line endings
    /// normalised. Status, changelog and deprecation notes may change after release
    /// without changing the hash; the wording may not. Made once per clause: a loaded
    /// clause is read-only.
    pub fn text_hash(&self) -> String {
        self.hash
            .0
            .get_or_init(|| {
                sha256_hex(format!(
                    "{}\n{}",
                    self.meta.title,
                    normalise_newlines(&self.body)
                ))
            })
            .clone()
    }

    fn order_key(&self) -> (&Version, &str, &[String]) {
        (
            &self.meta.version,
            &self.meta.variant,
            &self.meta.jurisdictions,
        )
    }
}

/// `text` with CRLF line endings made LF; borrowed when it has none (nearly always).
fn normalise_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Response type of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseType {
    /// Yes or no.
    YesNo,
    /// Free text.
    Text,
    /// A number.
    Number,
    /// A document attached to the response.
    Attachment,
}

/// One question of a question set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, unique in its set (e.g. `SEC-AC-02`).
    pub id: String,
    /// Group within the set (e.g. "Access control").
    #[serde(default)]
    pub domain: Option<String>,
    /// The question put to the bidder.
    pub text: String,
    /// How the bidder answers.
    pub response: ResponseType,
    /// Relative weight in scoring (0 = not scored).
    #[serde(default)]
    pub weight: f64,
    /// Whether an unacceptable answer excludes the bid.
    #[serde(default)]
    pub knockout: bool,
    /// What a good answer covers. Sets with a `stage` print it to bidders; in older
    /// sets it is the evaluators' note, printed only in the evaluation guide.
    #[serde(default)]
    pub guidance: Option<String>,
    /// Notes for the evaluation panel only (the evaluation guide), never for bidders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluator_guidance: Option<String>,
    /// Award criterion the question counts towards, overriding the set's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
}

/// Whether a question set assesses the bidder or its offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetStage {
    /// About the bidder (standing, certificates, references, exclusion grounds):
    /// pass/fail selection criteria, never scored.
    Selection,
    /// About the offer: scored under award criteria.
    Award,
}

/// A versioned question set (YAML).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSet {
    /// Identifier (`information-security`).
    pub id: String,
    /// Semantic version.
    pub version: Version,
    /// Title shown as the questionnaire section heading.
    pub title: String,
    /// Release status.
    pub status: Status,
    /// Short introduction for bidders.
    #[serde(default)]
    pub introduction: Option<String>,
    /// One line on what changed in this version.
    #[serde(default)]
    pub changelog: String,
    /// Present when the status is `deprecated`.
    #[serde(default)]
    pub deprecated: Option<Deprecation>,
    /// Selection (pass/fail, about the bidder) or award (scored, about the offer);
    /// absent in sets released before stages existed, which count as award sets.
    #[serde(default)]
    pub stage: Option<SetStage>,
    /// Default award criterion of the set's scored questions (`evaluation.criteria[].id`);
    /// a spec overrides it with `questionnaire.sets[].criterion`.
    #[serde(default)]
    pub criterion: Option<String>,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// Display path of the file.
    #[serde(skip)]
    pub source: String,
}

impl QuestionSet {
    /// `id@version`.
    pub fn key(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// SHA-256 (hex) of the released wording: title, introduction and questions.
    pub fn text_hash(&self) -> String {
        let questions = serde_json::to_string(&self.questions).unwrap_or_default();
        // Stage and default criterion are part of the wording when a set has them (sets
        // released before they existed keep their hash).
        let mut evaluation = String::new();
        if let Some(stage) = self.stage {
            evaluation.push_str(&format!("\nstage: {stage:?}"));
        }
        if let Some(criterion) = &self.criterion {
            evaluation.push_str(&format!("\ncriterion: {criterion}"));
        }
        sha256_hex(format!(
            "{}\n{}\n{}{evaluation}",
            self.title,
            self.introduction.as_deref().unwrap_or(""),
            questions
        ))
    }
}

/// Front matter of a document template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateMeta {
    /// Document kind (`nda`).
    pub kind: DocumentKind,
    /// Title; may use Tera (`{% if nda.direction == "mutual" %}…`).
    pub title: String,
    /// Subtitle; may use Tera.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Word used by cross-references (`clause`, `section`).
    #[serde(default = "default_ref_word")]
    pub ref_word: String,
    /// Words the writers print around the content, where the template wants other words
    /// than those of the document's language (`furniture: { contents: "Index" }`).
    #[serde(default)]
    pub furniture: Option<FurnitureWords>,
}

/// A template's own furniture words; each one set replaces the language's word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FurnitureWords {
    /// Label before the reference, e.g. "Tender reference".
    #[serde(default)]
    pub reference: Option<String>,
    /// Page counter with `{page}` and `{pages}`, e.g. "{page}/{pages}".
    #[serde(default)]
    pub page_of: Option<String>,
    /// Heading of the table of contents.
    #[serde(default)]
    pub contents: Option<String>,
}

impl FurnitureWords {
    /// Lays these words over `furniture`.
    pub fn apply(&self, furniture: &mut crate::doc::Furniture) {
        let words = [
            (&self.reference, &mut furniture.reference),
            (&self.page_of, &mut furniture.page_of),
            (&self.contents, &mut furniture.contents),
        ];
        for (word, slot) in words {
            if let Some(w) = word {
                slot.clone_from(w);
            }
        }
    }
}

fn default_ref_word() -> String {
    "clause".to_string()
}

/// A document template: the layout of one document kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Front matter.
    pub meta: TemplateMeta,
    /// Tera/Markdown body.
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Display path of the file.
    pub source: String,
    /// Built-in or user library.
    pub origin: Origin,
}

/// The whole library: every version of every clause and question set, and templates.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Clause versions by id, sorted by ascending version.
    pub clauses: Shelf<Clause>,
    /// Question set versions by id, sorted by ascending version.
    pub question_sets: Shelf<QuestionSet>,
    /// Templates by document kind.
    pub templates: BTreeMap<DocumentKind, Template>,
    /// Theme files by name (`themes/<name>.yaml`), read but not yet checked.
    pub themes: BTreeMap<String, crate::theme::ThemeFile>,
    /// The user library folders, in the order laid on (the last wins): where images,
    /// logos and fonts are read from.
    pub roots: Vec<std::path::PathBuf>,
    /// One digest per set of files the library was loaded from, in loading order: the
    /// built-in library's (made at compile time by `build.rs`), then each folder's.
    sources: Vec<String>,
}

/// The built-in clauses' front matter and question sets as JSON, by path, sorted
/// (made by `build.rs`).
static BUILTIN_JSON: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_front_matter.rs"));

/// The JSON `build.rs` made of a built-in file's YAML, if it made one.
fn builtin_json(path: &str) -> Option<&'static str> {
    BUILTIN_JSON
        .binary_search_by(|(p, _)| (*p).cmp(path))
        .ok()
        .map(|i| BUILTIN_JSON[i].1)
}

/// Digest of the files embedded in the binary, computed by `build.rs`.
const BUILTIN_DIGEST: &str = env!("RFX_BUILTIN_LIBRARY_DIGEST");

/// What one clause-tree file holds once parsed.
enum Parsed {
    Clause(Clause),
    QuestionSet(QuestionSet),
    /// Not a library file, or it did not parse (the reasons are in its diagnostics).
    Nothing,
}

/// A file to load: display path and text.
struct SourceFile {
    path: String,
    text: String,
}

impl Library {
    /// The library embedded in the binary.
    ///
    /// Templates are read now; a clause's or question set's files are parsed the first
    /// time its id is asked for. The files are grouped by folder (`clauses/<id>/`), which
    /// for the built-in library is always the id (a test checks it).
    pub fn builtin() -> Result<Library, Vec<Diagnostic>> {
        let mut files = Vec::new();
        collect_embedded(&BUILTIN_TEMPLATES, "templates", &mut files);
        let mut lib = Library::default();
        lib.sources.push(format!("builtin {BUILTIN_DIGEST}"));
        let mut diags = Vec::new();
        lib.load(files, Vec::new(), Origin::Builtin, &mut diags);
        for folder in BUILTIN_CLAUSES.dirs() {
            let id = folder.path().display().to_string();
            let mut group = Vec::new();
            collect_static(folder, &mut group);
            let (sets, clauses): (Vec<Embedded>, Vec<Embedded>) = group
                .into_iter()
                .filter(|f| f.path.ends_with(".md") || is_yaml(&f.path))
                .partition(|f| is_yaml(&f.path));
            if !clauses.is_empty() {
                let parse: ParseGroup<Clause> = parse_builtin_clauses;
                lib.clauses.add_lazy(id.clone(), clauses, parse);
            }
            if !sets.is_empty() {
                let parse: ParseGroup<QuestionSet> = parse_builtin_sets;
                lib.question_sets.add_lazy(id, sets, parse);
            }
        }
        let mut themes = Vec::new();
        collect_embedded(&BUILTIN_THEMES, "themes", &mut themes);
        lib.add_themes(themes, None);
        finish(lib, diags)
    }

    /// The built-in library with every load diagnostic, for `rfx library check`: what
    /// loads is kept, what does not is reported.
    pub fn builtin_for_check() -> (Library, Vec<Diagnostic>, Option<String>) {
        let mut files = Vec::new();
        collect_embedded(&BUILTIN_TEMPLATES, "templates", &mut files);
        let mut clause_files = Vec::new();
        collect_embedded(&BUILTIN_CLAUSES, "clauses", &mut clause_files);
        let index = BUILTIN_CLAUSES
            .get_file("index.lock")
            .and_then(|f| f.contents_utf8())
            .map(str::to_string);
        let mut lib = Library::default();
        lib.sources.push(format!("builtin {BUILTIN_DIGEST}"));
        let mut diags = Vec::new();
        lib.load(files, clause_files, Origin::Builtin, &mut diags);
        (lib, diags, index)
    }

    /// A library folder alone (no built-ins) with every load diagnostic, for
    /// `rfx library check DIR`.
    pub fn dir_for_check(dir: &Path) -> (Library, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let templates = walk::read_tree(dir, "templates", &mut diags);
        let clauses = walk::read_tree(dir, "clauses", &mut diags);
        let mut lib = Library::default();
        lib.sources.push(folder_digest(
            dir,
            [&templates, &clauses].into_iter().flatten(),
        ));
        lib.load(templates, clauses, Origin::User, &mut diags);
        (lib, diags)
    }

    /// Adds a user library folder (with `templates/` and/or `clauses/`) on top.
    ///
    /// The same `id@version` (or template kind) in the user's folder replaces the
    /// built-in one; each replacement is reported as a note in the returned list.
    pub fn add_dir(&mut self, dir: &Path) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        if !dir.is_dir() {
            return Err(vec![
                Diagnostic::error(format!("library folder `{}` does not exist", dir.display()))
                    .with_help("pass a folder that holds `templates/` and/or `clauses/`"),
            ]);
        }
        let mut diags = Vec::new();
        let templates = walk::read_tree(dir, "templates", &mut diags);
        let clauses = walk::read_tree(dir, "clauses", &mut diags);
        let themes = walk::read_tree(dir, "themes", &mut diags);
        let has_themes = !themes.is_empty();
        self.sources.push(folder_digest(
            dir,
            [&templates, &clauses, &themes].into_iter().flatten(),
        ));
        self.add_themes(themes, Some(dir));
        self.roots.push(dir.to_path_buf());
        if templates.is_empty() && clauses.is_empty() && !has_themes && diags.is_empty() {
            diags.push(
                Diagnostic::warning(format!(
                    "library folder `{}` has no `templates/` or `clauses/` files",
                    dir.display()
                ))
                .with_help(
                    "a library folder holds `clauses/<id>/<version>.md` and `templates/<kind>.md`",
                ),
            );
        }
        self.load(templates, clauses, Origin::User, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            Err(diags)
        } else {
            Ok(diags)
        }
    }

    fn load(
        &mut self,
        templates: Vec<SourceFile>,
        clauses: Vec<SourceFile>,
        origin: Origin,
        diags: &mut Vec<Diagnostic>,
    ) {
        for file in templates {
            if !file.path.ends_with(".md") {
                continue;
            }
            if let Some(t) = parse_template(&file, origin.clone(), diags) {
                if let Some(old) = self.templates.get(&t.meta.kind) {
                    if old.origin == Origin::Builtin && origin == Origin::User {
                        diags.push(Diagnostic::note(format!(
                            "template `{}` from {} replaces the built-in one",
                            t.meta.kind, t.source
                        )));
                    } else {
                        diags.push(
                            Diagnostic::error(format!(
                                "two templates for document kind `{}`: {} and {}",
                                t.meta.kind, old.source, t.source
                            ))
                            .in_file(&t.source),
                        );
                        continue;
                    }
                }
                self.templates.insert(t.meta.kind, t);
            }
        }
        // Front matter is parsed on all cores (it is most of a cold start's library
        // cost); files are then added in their listed order, so the library and its
        // diagnostics do not depend on the thread count.
        let parsed: Vec<(Parsed, Vec<Diagnostic>)> = clauses
            .par_iter()
            .map(|file| {
                let mut found = Vec::new();
                let item = if file.path.ends_with(".md") {
                    parse_clause(file, origin.clone(), None, &mut found).map(Parsed::Clause)
                } else if is_yaml(&file.path) {
                    parse_question_set(file, None, &mut found).map(Parsed::QuestionSet)
                } else {
                    None
                };
                (item.unwrap_or(Parsed::Nothing), found)
            })
            .collect();
        for (item, found) in parsed {
            diags.extend(found);
            match item {
                Parsed::Clause(c) => self.insert_clause(c, diags),
                Parsed::QuestionSet(q) => {
                    insert_question_set(self.question_sets.versions_mut(&q.id), q, &origin, diags);
                }
                Parsed::Nothing => {}
            }
        }
    }

    /// Adds a clause file under its id (see [`insert_clause`]).
    fn insert_clause(&mut self, clause: Clause, diags: &mut Vec<Diagnostic>) {
        insert_clause(self.clauses.versions_mut(&clause.meta.id), clause, diags);
    }
}

fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

/// The built-in clause files of one folder, parsed (see [`Library::builtin`]).
fn parse_builtin_clauses(files: Vec<SourceFile>, diags: &mut Vec<Diagnostic>) -> Vec<Clause> {
    let mut members = Vec::new();
    for file in &files {
        if let Some(clause) = parse_clause(file, Origin::Builtin, builtin_json(&file.path), diags) {
            insert_clause(&mut members, clause, diags);
        }
    }
    members
}

/// The built-in question set files of one folder, parsed (see [`Library::builtin`]).
fn parse_builtin_sets(files: Vec<SourceFile>, diags: &mut Vec<Diagnostic>) -> Vec<QuestionSet> {
    let mut versions = Vec::new();
    for file in &files {
        if let Some(set) = parse_question_set(file, builtin_json(&file.path), diags) {
            insert_question_set(&mut versions, set, &Origin::Builtin, diags);
        }
    }
    versions
}

/// Adds a clause file to the members of its id: a user's file replaces the built-in
/// member it claims; two files of one library claiming a member are an error.
fn insert_clause(members: &mut Vec<Clause>, clause: Clause, diags: &mut Vec<Diagnostic>) {
    let clashes: Vec<usize> = members
        .iter()
        .enumerate()
        .filter(|(_, c)| c.same_member(&clause))
        .map(|(i, _)| i)
        .collect();
    if let Some(&first) = clashes.first() {
        let all_builtin = clashes
            .iter()
            .all(|&i| members[i].origin == Origin::Builtin);
        if all_builtin && clause.origin == Origin::User {
            diags.push(Diagnostic::note(format!(
                "clause `{}` from {} replaces the built-in one",
                clause.member(),
                clause.source
            )));
            for &i in clashes.iter().rev() {
                members.remove(i);
            }
        } else {
            diags.push(
                Diagnostic::error(format!(
                    "two files claim clause `{}`: {} and {}",
                    clause.member(),
                    members[first].source,
                    clause.source
                ))
                .at(locate_key_in(&clause.source, &clause.raw, "version"))
                .with_help(
                    "a release `id@version` may hold several files only if each has its own \
                     variant and jurisdictions; give the newer text a new version number",
                ),
            );
            return;
        }
    }
    let at = members
        .binary_search_by(|c| c.order_key().cmp(&clause.order_key()))
        .unwrap_or_else(|i| i);
    members.insert(at, clause);
}

/// Adds a question set version: a user's file replaces the version it claims; two
/// files of one library claiming a version are an error.
fn insert_question_set(
    versions: &mut Vec<QuestionSet>,
    set: QuestionSet,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) {
    match versions.binary_search_by(|q| q.version.cmp(&set.version)) {
        Ok(i) if *origin == Origin::User => {
            diags.push(Diagnostic::note(format!(
                "question set `{}@{}` from {} replaces {}",
                set.id, set.version, set.source, versions[i].source
            )));
            versions[i] = set;
        }
        Ok(i) => diags.push(
            Diagnostic::error(format!(
                "two files claim question set `{}@{}`: {} and {}",
                set.id, set.version, versions[i].source, set.source
            ))
            .in_file(&set.source),
        ),
        Err(i) => versions.insert(i, set),
    }
}

impl Library {
    /// The newest approved version of clause `id`, its `preferred` member for the
    /// `default` jurisdiction where there is one. Documents select through
    /// [`select::select_clause`], which honours pins, variants and jurisdictions.
    pub fn newest_approved(&self, id: &str) -> Option<&Clause> {
        let members = self.clauses.get(id)?;
        let newest = members
            .iter()
            .rev()
            .find(|c| c.meta.status == Status::Approved)?;
        let release = members
            .iter()
            .filter(|c| c.meta.version == newest.meta.version && c.meta.status == Status::Approved);
        let mut best = newest;
        for c in release {
            if c.meta.variant == PREFERRED && c.serves(DEFAULT_JURISDICTION) {
                best = c;
            }
        }
        Some(best)
    }

    /// The distinct versions of clause `id`, ascending.
    pub fn clause_versions(&self, id: &str) -> Vec<&Version> {
        let mut out: Vec<&Version> = Vec::new();
        for c in self.clauses.get(id).into_iter().flatten() {
            if out.last() != Some(&&c.meta.version) {
                out.push(&c.meta.version);
            }
        }
        out
    }

    /// The newest approved version of question set `id`.
    pub fn newest_approved_set(&self, id: &str) -> Option<&QuestionSet> {
        self.question_sets
            .get(id)?
            .iter()
            .rev()
            .find(|q| q.status == Status::Approved)
    }

    /// A "did you mean" hint for an unknown clause id.
    pub fn suggest_clause(&self, id: &str) -> Option<String> {
        suggest(id, self.clauses.keys().map(String::as_str)).map(|s| format!("did you mean `{s}`?"))
    }

    /// A "did you mean" hint for an unknown question set id.
    pub fn suggest_question_set(&self, id: &str) -> Option<String> {
        suggest(id, self.question_sets.keys().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
    }

    /// The digests of the files this library was loaded from (see [`Library::builtin`]
    /// and [`Library::add_dir`]), one line each: with the files the texts name, what a
    /// pack's input fingerprint takes from the library.
    pub fn source_digests(&self) -> &[String] {
        &self.sources
    }
}

/// A digest of one library folder's files: each file's path inside the folder (so the
/// folder may be named from anywhere) and its text, in path order.
fn folder_digest<'f>(dir: &Path, files: impl Iterator<Item = &'f SourceFile>) -> String {
    let root = dir.display().to_string();
    let mut h = crate::digest::Fingerprint::default();
    for file in files {
        let inside = file.path.strip_prefix(&root).unwrap_or(&file.path);
        h.add((inside.len() as u64).to_le_bytes())
            .add(inside)
            .add((file.text.len() as u64).to_le_bytes())
            .add(&file.text);
    }
    format!("folder {}", h.finish())
}

fn finish(lib: Library, diags: Vec<Diagnostic>) -> Result<Library, Vec<Diagnostic>> {
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok(lib)
    }
}

/// Every file below `dir`, as embedded (nothing copied).
fn collect_static(dir: &'static Dir<'static>, out: &mut Vec<Embedded>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.push(Embedded {
                path: format!("clauses/{}", file.path().display()),
                text,
            });
        }
    }
    for sub in dir.dirs() {
        collect_static(sub, out);
    }
}

fn collect_embedded(dir: &Dir<'_>, prefix: &str, out: &mut Vec<SourceFile>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.push(SourceFile {
                path: format!("{prefix}/{}", file.path().display()),
                text: text.to_string(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, out);
    }
}

#[cfg(test)]
mod tests {
    use super::parse::split_front_matter;
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    #[test]
    fn builtin_library_loads_without_errors() {
        let lib = Library::builtin().unwrap_or_else(|d| panic!("{d:#?}"));
        assert!(lib.templates.contains_key(&DocumentKind::Nda));
        assert!(lib.newest_approved("confidentiality-obligations").is_some());
    }

    /// The built-in library parsed id by id, on demand, is the library parsed whole: every
    /// file sits in the folder named by its id.
    #[test]
    fn the_builtin_library_parsed_on_demand_is_the_whole_library() {
        let lazy = Library::builtin().unwrap_or_else(|d| panic!("{d:#?}"));
        let (whole, diags, _) = Library::builtin_for_check();
        assert!(!diags.iter().any(Diagnostic::is_error), "{diags:#?}");
        let ids = |l: &Library| l.clauses.keys().cloned().collect::<Vec<_>>();
        assert_eq!(ids(&lazy), ids(&whole));
        for (id, members) in whole.clauses.iter() {
            assert_eq!(lazy.clauses.get(id), Some(members), "clause {id}");
        }
        let ids = |l: &Library| l.question_sets.keys().cloned().collect::<Vec<_>>();
        assert_eq!(ids(&lazy), ids(&whole));
        for (id, versions) in whole.question_sets.iter() {
            assert_eq!(
                lazy.question_sets.get(id),
                Some(versions),
                "question set {id}"
            );
        }
        assert_eq!(lazy.templates, whole.templates);
    }

    /// Every built-in clause and question set is read from the JSON `build.rs` made
    /// (none falls back to the slower YAML reading).
    #[test]
    fn every_builtin_file_has_front_matter_as_json() {
        let mut files = Vec::new();
        collect_embedded(&BUILTIN_CLAUSES, "clauses", &mut files);
        let mut read = 0;
        for file in files.iter().filter(|f| f.path.ends_with(".md")) {
            let json = builtin_json(&file.path).unwrap_or_else(|| panic!("{}", file.path));
            serde_json::from_str::<ClauseMeta>(json)
                .unwrap_or_else(|e| panic!("{}: {e}", file.path));
            read += 1;
        }
        for file in files.iter().filter(|f| is_yaml(&f.path)) {
            let json = builtin_json(&file.path).unwrap_or_else(|| panic!("{}", file.path));
            serde_json::from_str::<QuestionSet>(json)
                .unwrap_or_else(|e| panic!("{}: {e}", file.path));
            read += 1;
        }
        assert_eq!(read, BUILTIN_JSON.len());
    }

    #[test]
    fn front_matter_errors_point_at_the_clause_line() {
        let f = file(
            "clauses/x/1.0.0.md",
            "---\nid: x\nversion: 1.0.0\ntitel: X\nstatus: approved\n---\nBody\n",
        );
        let mut d = Vec::new();
        assert!(parse_clause(&f, Origin::User, None, &mut d).is_none());
        let loc = d[0].location.as_ref().unwrap();
        assert_eq!((loc.file.as_str(), loc.line), ("clauses/x/1.0.0.md", 4));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn missing_closing_marker_is_explained() {
        let mut d = Vec::new();
        let f = file("c.md", "---\nid: x\n");
        assert!(split_front_matter(&f, &mut d).is_none());
        assert!(d[0].help.as_deref().unwrap().contains("closing `---`"));
    }

    #[test]
    fn user_version_replaces_builtin_and_is_reported() {
        let mut lib = Library::builtin().unwrap();
        let builtin = lib
            .newest_approved("confidentiality-obligations")
            .unwrap()
            .clone();
        let dir = tempfile::tempdir().unwrap();
        let clause_dir = dir.path().join("clauses/confidentiality-obligations");
        std::fs::create_dir_all(&clause_dir).unwrap();
        let text = format!(
            "---\nid: confidentiality-obligations\nversion: {}\ntitle: Ours\nstatus: approved\n---\nOur text.\n",
            builtin.meta.version
        );
        std::fs::write(clause_dir.join("x.md"), text).unwrap();
        let notes = lib.add_dir(dir.path()).unwrap();
        assert!(
            notes[0].message.contains("replaces the built-in one"),
            "{notes:?}"
        );
        let now = lib.newest_approved("confidentiality-obligations").unwrap();
        assert_eq!(now.body, "Our text.\n");
        assert_eq!(now.origin, Origin::User);
    }

    #[test]
    fn ids_are_restricted() {
        assert!(is_valid_id("limitation-of-liability"));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("a--b"));
        assert!(!is_valid_id("A"));
    }
}
