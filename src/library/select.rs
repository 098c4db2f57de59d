//! Selection: which library file a document uses for a clause or question set.
//!
//! The rules, in order:
//! 1. A lock entry that still fits the spec (its version matches the pin, its variant
//!    and jurisdiction are on the fallback chains, a draft only with
//!    `allow_draft_clauses`) is used as is, provided the file is still there and its
//!    wording still has the locked hash.
//! 2. Otherwise the jurisdiction chain ([`jurisdiction_chain`]) is walked from the most
//!    specific code to `default`, and for each code the variant chain (requested, then
//!    `preferred`); the first step with an eligible file wins, and within that step the
//!    newest eligible version.
//! 3. A version is eligible when it matches the pin (if any) and its status allows it:
//!    `approved` always, `draft` only with `allow_draft_clauses`, `deprecated` only
//!    when pinned (with a warning naming the replacement).

use super::{Clause, DEFAULT_JURISDICTION, Library, PREFERRED, QuestionSet, Status};
use crate::spec::jurisdiction::{self, JURISDICTIONS};
use crate::version_req::VersionRequirement;
use semver::Version;
use std::sync::OnceLock;

/// Jurisdiction codes rfx knows without a library mentioning them: every code of the
/// jurisdiction table ([`crate::spec::jurisdiction::JURISDICTIONS`]) and `default`.
pub fn known_jurisdictions() -> &'static [&'static str] {
    static KNOWN: OnceLock<Vec<&'static str>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut out: Vec<&str> = JURISDICTIONS
            .iter()
            .map(|j| j.code)
            .chain([DEFAULT_JURISDICTION])
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    })
}

/// The fallback chain of a jurisdiction code, most specific first, ending in `default`
/// (`de` → `[de, eu, default]`, `gb-sct` → `[gb-sct, gb, default]`).
pub fn jurisdiction_chain(code: &str) -> Vec<String> {
    let mut chain = vec![code.to_string()];
    let mut current = code;
    // Every EU member state falls back to `eu`, the parts of the United Kingdom to `gb`,
    // the EEA states outside the EU to `eea`; the table says which.
    while let Some(parent) = jurisdiction::lookup(current).and_then(|j| j.parent) {
        if chain.iter().any(|c| c == parent) {
            break;
        }
        chain.push(parent.to_string());
        current = parent;
    }
    if code != DEFAULT_JURISDICTION {
        chain.push(DEFAULT_JURISDICTION.to_string());
    }
    chain
}

/// The variant fallback chain: the requested variant, then `preferred`.
pub fn variant_chain(requested: Option<&str>) -> Vec<String> {
    let mut chain = Vec::new();
    if let Some(v) = requested {
        chain.push(v.to_string());
    }
    if requested != Some(PREFERRED) {
        chain.push(PREFERRED.to_string());
    }
    chain
}

/// A lock entry: what a previous build used. Two entries are equal when they record
/// the same selection, wherever they sit in the file.
#[derive(Debug, Clone)]
pub struct Locked {
    /// Exact version.
    pub version: Version,
    /// Variant used.
    pub variant: String,
    /// Jurisdiction served.
    pub jurisdiction: String,
    /// SHA-256 of the wording.
    pub sha256: String,
    /// 1-based line in the lockfile.
    pub line: usize,
}

impl PartialEq for Locked {
    fn eq(&self, other: &Locked) -> bool {
        self.version == other.version
            && self.variant == other.variant
            && self.jurisdiction == other.jurisdiction
            && self.sha256 == other.sha256
    }
}

impl Eq for Locked {}

/// What the spec asks for one clause.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    /// Clause or question set id.
    pub id: &'a str,
    /// Version pin, if any.
    pub pin: Option<&'a VersionRequirement>,
    /// Requested variant, if any.
    pub variant: Option<&'a str>,
    /// Requested jurisdiction and where it came from (`clauses.x.jurisdiction`).
    pub jurisdiction: Option<(&'a str, &'a str)>,
    /// Whether drafts may be used.
    pub allow_draft: bool,
    /// The lock entry for this id in this document, if any.
    pub locked: Option<&'a Locked>,
}

/// Which part of the request a selection failure is about (for locating it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blame {
    /// The spec's version pin.
    Pin,
    /// The spec's variant choice.
    Variant,
    /// The spec's (or engagement's) jurisdiction.
    Jurisdiction,
    /// The place that uses the clause (the template, or the spec's set list).
    Use,
    /// The lockfile line of the entry.
    Lock(usize),
    /// The library file with this display path.
    File,
}

/// Why a clause could not be selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectError {
    /// What went wrong.
    pub message: String,
    /// How to fix it (lists the available versions).
    pub help: String,
    /// What to point at.
    pub blame: Blame,
    /// For [`Blame::File`]: the file's display path and text.
    pub file: Option<(String, String)>,
}

/// A successful selection.
#[derive(Debug, Clone)]
pub struct Selected<'l, T> {
    /// The chosen file.
    pub item: &'l T,
    /// The variant used.
    pub variant: String,
    /// The jurisdiction served (one of the file's jurisdictions).
    pub jurisdiction: String,
    /// Why: one line per decision, for `rfx build --explain`.
    pub why: Vec<String>,
    /// Warnings for the user (deprecated versions).
    pub warnings: Vec<String>,
    /// The wording hash, when selection computed it to check a lock entry.
    pub sha256: Option<String>,
}

fn status_allowed(status: Status, pinned: bool, allow_draft: bool) -> bool {
    match status {
        Status::Approved => true,
        Status::Draft => allow_draft,
        Status::Deprecated => pinned,
    }
}

fn deprecation_warning(key: &str, dep: Option<&super::Deprecation>) -> String {
    match dep {
        Some(d) => match &d.replacement {
            Some(r) => format!("`{key}` is deprecated: {}; use `{r}` instead", d.reason),
            None => format!("`{key}` is deprecated: {}", d.reason),
        },
        None => format!("`{key}` is deprecated"),
    }
}

/// One line per version: `1.0.0 (approved: preferred/default, fallback/default)`.
pub fn describe_clause_versions(members: &[Clause]) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut i = 0;
    while i < members.len() {
        let v = &members[i].meta.version;
        let same: Vec<&Clause> = members[i..]
            .iter()
            .take_while(|c| &c.meta.version == v)
            .collect();
        let status = same[0].meta.status;
        let forms: Vec<String> = same
            .iter()
            .map(|c| format!("{}/{}", c.meta.variant, c.meta.jurisdictions.join("+")))
            .collect();
        lines.push(format!("{v} ({status}: {})", forms.join(", ")));
        i += same.len();
    }
    lines.join("; ")
}

/// Selects the clause file for `request`.
pub fn select_clause<'l>(
    library: &'l Library,
    request: &Request<'_>,
) -> Result<Selected<'l, Clause>, SelectError> {
    let id = request.id;
    let Some(members) = library.clauses.get(id).filter(|m| !m.is_empty()) else {
        return Err(SelectError {
            message: format!("clause `{id}` is not in the library"),
            help: library
                .suggest_clause(id)
                .unwrap_or_else(|| "run `rfx library list` to see the clauses".into()),
            blame: Blame::Use,
            file: None,
        });
    };
    let available = describe_clause_versions(members);
    let pinned = request.pin.is_some();
    let vchain = variant_chain(request.variant);
    let (jcode, jfrom) = request
        .jurisdiction
        .unwrap_or((DEFAULT_JURISDICTION, "no jurisdiction given"));
    let jchain = jurisdiction_chain(jcode);

    let mut why = Vec::new();
    if let Some(locked) = request.locked {
        let fits = request.pin.is_none_or(|p| p.matches(&locked.version))
            && vchain.contains(&locked.variant)
            && jchain.contains(&locked.jurisdiction);
        let member = members.iter().find(|c| {
            c.meta.version == locked.version
                && c.meta.variant == locked.variant
                && c.serves(&locked.jurisdiction)
        });
        let status_fits =
            member.is_none_or(|c| status_allowed(c.meta.status, true, request.allow_draft));
        if fits && status_fits {
            let key = format!("{id}@{}", locked.version);
            let Some(clause) = member else {
                return Err(SelectError {
                    message: format!(
                        "locked clause `{key}` ({}/{}) is no longer in the library",
                        locked.variant, locked.jurisdiction
                    ),
                    help: format!(
                        "restore the released file, or run `rfx lock SPEC` to choose again; available: {available}"
                    ),
                    blame: Blame::Lock(locked.line),
                    file: None,
                });
            };
            let hash = clause.text_hash();
            if hash != locked.sha256 {
                return Err(SelectError {
                    message: format!(
                        "the wording of `{key}` changed since it was locked (sha256 {} in the lock, {} now)",
                        short(&locked.sha256),
                        short(&hash)
                    ),
                    help: "a released text never changes: restore it and publish the new wording under a new version number; `rfx lock SPEC` accepts the current text".into(),
                    blame: Blame::File,
                    file: Some((clause.source.clone(), clause.raw.clone())),
                });
            }
            why.push(format!(
                "locked at {key} ({}/{}) by the lockfile, line {}",
                locked.variant, locked.jurisdiction, locked.line
            ));
            let mut warnings = Vec::new();
            if clause.meta.status == Status::Deprecated {
                warnings.push(deprecation_warning(&key, clause.meta.deprecated.as_ref()));
            }
            return Ok(Selected {
                item: clause,
                variant: locked.variant.clone(),
                jurisdiction: locked.jurisdiction.clone(),
                why,
                warnings,
                sha256: Some(hash),
            });
        }
        why.push(format!(
            "the lock entry {id}@{} ({}/{}) no longer fits the spec: chosen afresh",
            locked.version, locked.variant, locked.jurisdiction
        ));
    }

    let eligible: Vec<&Clause> = members
        .iter()
        .filter(|c| request.pin.is_none_or(|p| p.matches(&c.meta.version)))
        .filter(|c| status_allowed(c.meta.status, pinned, request.allow_draft))
        .collect();
    if eligible.is_empty() {
        return Err(no_eligible_version(request, members, &available));
    }
    for (ji, j) in jchain.iter().enumerate() {
        for (vi, v) in vchain.iter().enumerate() {
            let best = eligible
                .iter()
                .filter(|c| &c.meta.variant == v && c.serves(j))
                .max_by(|a, b| a.meta.version.cmp(&b.meta.version));
            let Some(clause) = best else { continue };
            let key = clause.key();
            match request.pin {
                Some(p) => why.push(format!(
                    "pinned `{}`: newest eligible version is {}",
                    p.as_str(),
                    clause.meta.version
                )),
                None if clause.meta.status == Status::Draft => why.push(format!(
                    "newest version allowed ({} is a draft; the spec allows drafts)",
                    clause.meta.version
                )),
                None => why.push(format!("newest approved version: {}", clause.meta.version)),
            }
            if ji > 0 {
                why.push(format!(
                    "jurisdiction `{jcode}` ({jfrom}): no text for {}; fell back to `{j}`",
                    jchain[..ji].join(" → ")
                ));
            } else if request.jurisdiction.is_some() {
                why.push(format!("jurisdiction `{j}` ({jfrom})"));
            }
            if vi > 0 {
                why.push(format!(
                    "variant `{}`: none for this version range and jurisdiction; fell back to `{v}`",
                    vchain[0]
                ));
            } else if request.variant.is_some() {
                why.push(format!("variant `{v}` as requested"));
            }
            let mut warnings = Vec::new();
            if clause.meta.status == Status::Deprecated {
                warnings.push(deprecation_warning(&key, clause.meta.deprecated.as_ref()));
            }
            return Ok(Selected {
                item: clause,
                variant: v.clone(),
                jurisdiction: j.clone(),
                why,
                warnings,
                sha256: None,
            });
        }
    }
    let (blame, asked) = if request.variant.is_some_and(|v| v != PREFERRED) {
        (Blame::Variant, format!("variant `{}`", vchain[0]))
    } else {
        (Blame::Jurisdiction, format!("jurisdiction `{jcode}`"))
    };
    Err(SelectError {
        message: format!(
            "clause `{id}` has no text for {asked} (tried variants {} and jurisdictions {})",
            vchain.join(", "),
            jchain.join(" → ")
        ),
        help: format!("available: {available}"),
        blame: if request.jurisdiction.is_none() && blame == Blame::Jurisdiction {
            Blame::Use
        } else {
            blame
        },
        file: None,
    })
}

fn no_eligible_version(request: &Request<'_>, members: &[Clause], available: &str) -> SelectError {
    let id = request.id;
    let matching: Vec<&Clause> = members
        .iter()
        .filter(|c| request.pin.is_none_or(|p| p.matches(&c.meta.version)))
        .collect();
    let (message, help, blame) = match request.pin {
        Some(p) if matching.is_empty() => (
            format!("no version of clause `{id}` matches `{}`", p.as_str()),
            format!("available: {available}"),
            Blame::Pin,
        ),
        Some(p) => (
            format!(
                "the versions of clause `{id}` matching `{}` are drafts, and the spec does not allow drafts",
                p.as_str()
            ),
            format!(
                "set `allow_draft_clauses: true`, or pin a released version; available: {available}"
            ),
            Blame::Pin,
        ),
        None if matching.iter().any(|c| c.meta.status == Status::Draft)
            && !matching.iter().any(|c| c.meta.status == Status::Deprecated) =>
        {
            (
                format!("clause `{id}` has only drafts, and the spec does not allow drafts"),
                format!("set `allow_draft_clauses: true` to use a draft; available: {available}"),
                Blame::Use,
            )
        }
        None => (
            format!("clause `{id}` has no approved version"),
            format!(
                "a deprecated version builds only when pinned (`clauses.{id}.version: =X.Y.Z`); available: {available}"
            ),
            Blame::Use,
        ),
    };
    SelectError {
        message,
        help,
        blame,
        file: None,
    }
}

/// Selects the question set version for `request` (variants and jurisdictions do not
/// apply to question sets).
pub fn select_question_set<'l>(
    library: &'l Library,
    request: &Request<'_>,
) -> Result<Selected<'l, QuestionSet>, SelectError> {
    let id = request.id;
    let Some(versions) = library.question_sets.get(id).filter(|v| !v.is_empty()) else {
        return Err(SelectError {
            message: format!("question set `{id}` is not in the library"),
            help: library
                .suggest_question_set(id)
                .unwrap_or_else(|| "run `rfx library list` to see the question sets".into()),
            blame: Blame::Use,
            file: None,
        });
    };
    let available = versions
        .iter()
        .map(|q| format!("{} ({})", q.version, q.status))
        .collect::<Vec<_>>()
        .join(", ");
    let mut why = Vec::new();
    if let Some(locked) = request.locked {
        let found = versions.iter().find(|q| q.version == locked.version);
        let fits = request.pin.is_none_or(|p| p.matches(&locked.version))
            && found.is_none_or(|q| status_allowed(q.status, true, request.allow_draft));
        if fits {
            let key = format!("{id}@{}", locked.version);
            let Some(set) = found else {
                return Err(SelectError {
                    message: format!("locked question set `{key}` is no longer in the library"),
                    help: format!(
                        "restore it, or run `rfx lock SPEC` to choose again; available: {available}"
                    ),
                    blame: Blame::Lock(locked.line),
                    file: None,
                });
            };
            let hash = set.text_hash();
            if hash != locked.sha256 {
                return Err(SelectError {
                    message: format!(
                        "the wording of question set `{key}` changed since it was locked (sha256 {} in the lock, {} now)",
                        short(&locked.sha256),
                        short(&hash)
                    ),
                    help: "a released text never changes: restore it and publish the change under a new version number; `rfx lock SPEC` accepts the current text".into(),
                    blame: Blame::Lock(locked.line),
                    file: None,
                });
            }
            why.push(format!(
                "locked at {key} by the lockfile, line {}",
                locked.line
            ));
            let mut warnings = Vec::new();
            if set.status == Status::Deprecated {
                warnings.push(deprecation_warning(&key, set.deprecated.as_ref()));
            }
            return Ok(Selected {
                item: set,
                variant: PREFERRED.into(),
                jurisdiction: DEFAULT_JURISDICTION.into(),
                why,
                warnings,
                sha256: Some(hash),
            });
        }
        why.push(format!(
            "the lock entry {id}@{} no longer fits the spec: chosen afresh",
            locked.version
        ));
    }
    let pinned = request.pin.is_some();
    let best = versions
        .iter()
        .filter(|q| request.pin.is_none_or(|p| p.matches(&q.version)))
        .filter(|q| status_allowed(q.status, pinned, request.allow_draft))
        .max_by(|a, b| a.version.cmp(&b.version));
    let Some(set) = best else {
        let message = match request.pin {
            Some(p) => format!(
                "no usable version of question set `{id}` matches `{}`",
                p.as_str()
            ),
            None => format!("question set `{id}` has no approved version"),
        };
        return Err(SelectError {
            message,
            help: format!(
                "available: {available} (drafts need `allow_draft_clauses: true`, deprecated versions a pin)"
            ),
            blame: if pinned { Blame::Pin } else { Blame::Use },
            file: None,
        });
    };
    match request.pin {
        Some(p) => why.push(format!(
            "pinned `{}`: newest eligible version is {}",
            p.as_str(),
            set.version
        )),
        None => why.push(format!("newest approved version: {}", set.version)),
    }
    let mut warnings = Vec::new();
    if set.status == Status::Deprecated {
        warnings.push(deprecation_warning(&set.key(), set.deprecated.as_ref()));
    }
    Ok(Selected {
        item: set,
        variant: PREFERRED.into(),
        jurisdiction: DEFAULT_JURISDICTION.into(),
        why,
        warnings,
        sha256: None,
    })
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{ClauseMeta, Deprecation, Origin};

    fn clause(version: &str, status: Status, variant: &str, jurisdictions: &[&str]) -> Clause {
        let body = format!("{version} {variant} {}", jurisdictions.join("+"));
        Clause {
            meta: ClauseMeta {
                id: "cap".into(),
                version: Version::parse(version).unwrap(),
                title: "Cap".into(),
                status,
                documents: vec![crate::doc::DocumentKind::Msa],
                variant: variant.into(),
                jurisdictions: jurisdictions.iter().map(|j| j.to_string()).collect(),
                needs: vec![],
                defines: vec![],
                uses: vec![],
                changelog: String::new(),
                deprecated: (status == Status::Deprecated).then(|| Deprecation {
                    reason: "superseded".into(),
                    replacement: Some("cap@2.0.0".into()),
                }),
                negotiable: false,
            },
            raw: body.clone(),
            body,
            body_line: 1,
            source: format!("clauses/cap/{version}-{variant}.md"),
            origin: Origin::User,
            hash: Default::default(),
        }
    }

    fn library(clauses: Vec<Clause>) -> Library {
        let mut lib = Library::default();
        let mut diags = Vec::new();
        for c in clauses {
            lib.insert_clause(c, &mut diags);
        }
        assert!(diags.is_empty(), "{diags:?}");
        lib
    }

    fn pick(lib: &Library, request: &Request<'_>) -> String {
        match select_clause(lib, request) {
            Ok(s) => format!("{} {}/{}", s.item.meta.version, s.variant, s.jurisdiction),
            Err(e) => format!("error: {}", e.message),
        }
    }

    #[test]
    fn chains_end_in_default() {
        assert_eq!(jurisdiction_chain("de"), ["de", "eu", "default"]);
        assert_eq!(jurisdiction_chain("gb-sct"), ["gb-sct", "gb", "default"]);
        assert_eq!(jurisdiction_chain("gb"), ["gb", "default"]);
        assert_eq!(jurisdiction_chain("default"), ["default"]);
        assert_eq!(variant_chain(Some("fallback")), ["fallback", "preferred"]);
        assert_eq!(variant_chain(None), ["preferred"]);
        assert!(known_jurisdictions().contains(&"ie"));
    }

    #[test]
    fn the_most_specific_text_wins_over_a_newer_generic_one() {
        let lib = library(vec![
            clause("1.0.0", Status::Approved, "preferred", &["default"]),
            clause("1.1.0", Status::Approved, "preferred", &["eu"]),
            clause("2.0.0", Status::Approved, "preferred", &["default"]),
            clause("2.0.0", Status::Approved, "fallback", &["default"]),
        ]);
        let base = Request {
            id: "cap",
            ..Request::default()
        };
        assert_eq!(pick(&lib, &base), "2.0.0 preferred/default");
        let de = Request {
            jurisdiction: Some(("de", "engagement.jurisdiction")),
            ..base.clone()
        };
        assert_eq!(pick(&lib, &de), "1.1.0 preferred/eu");
        let fallback = Request {
            variant: Some("fallback"),
            ..de.clone()
        };
        // Jurisdiction before variant: the EU text in its preferred form.
        assert_eq!(pick(&lib, &fallback), "1.1.0 preferred/eu");
        let pin = VersionRequirement::parse("^2").unwrap();
        let pinned = Request {
            pin: Some(&pin),
            ..fallback.clone()
        };
        assert_eq!(pick(&lib, &pinned), "2.0.0 fallback/default");
    }

    #[test]
    fn status_rules_and_locks() {
        let lib = library(vec![
            clause("1.0.0", Status::Deprecated, "preferred", &["default"]),
            clause("2.0.0", Status::Approved, "preferred", &["default"]),
            clause("3.0.0", Status::Draft, "preferred", &["default"]),
        ]);
        let base = Request {
            id: "cap",
            ..Request::default()
        };
        assert_eq!(pick(&lib, &base), "2.0.0 preferred/default");
        let drafts = Request {
            allow_draft: true,
            ..base.clone()
        };
        assert_eq!(pick(&lib, &drafts), "3.0.0 preferred/default");
        let pin = VersionRequirement::parse("=1.0.0").unwrap();
        let old = Request {
            pin: Some(&pin),
            ..base.clone()
        };
        let sel = select_clause(&lib, &old).unwrap();
        assert_eq!(
            sel.warnings,
            ["`cap@1.0.0` is deprecated: superseded; use `cap@2.0.0` instead"]
        );
        // A lock on the deprecated version holds, without a pin.
        let locked = Locked {
            version: Version::parse("1.0.0").unwrap(),
            variant: "preferred".into(),
            jurisdiction: "default".into(),
            sha256: lib.clauses["cap"][0].text_hash(),
            line: 7,
        };
        let with_lock = Request {
            locked: Some(&locked),
            ..base.clone()
        };
        assert_eq!(pick(&lib, &with_lock), "1.0.0 preferred/default");
        // A lock whose hash no longer matches blames the clause file.
        let tampered = Locked {
            sha256: "0".repeat(64),
            ..locked.clone()
        };
        let err = select_clause(
            &lib,
            &Request {
                locked: Some(&tampered),
                ..base.clone()
            },
        )
        .unwrap_err();
        assert_eq!(err.blame, Blame::File);
        // A lock the pin excludes is chosen afresh.
        let pin2 = VersionRequirement::parse("^2").unwrap();
        let repinned = Request {
            pin: Some(&pin2),
            locked: Some(&locked),
            ..base.clone()
        };
        let sel = select_clause(&lib, &repinned).unwrap();
        assert_eq!(sel.item.meta.version.to_string(), "2.0.0");
        assert!(sel.why[0].contains("no longer fits"), "{:?}", sel.why);
    }
}
