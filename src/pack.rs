//! The tender pack: every document of a spec in every requested format, plus the
//! evaluators' scoring matrix, the bidders' pricing schedule (CSV) and a manifest (JSON).
//!
//! [`assemble`] builds the whole pack in memory — nothing is written unless every
//! document builds — and the CLI writes the files atomically, manifest last.

use crate::build::{Engine, timestamp};
use crate::compose::UsedClause;
use crate::diag::Diagnostic;
use crate::digest::{Fingerprint, sha256_hex};
use crate::doc::DocumentKind;
use crate::library::Library;
use crate::library::lockfile::{DocumentLock, Lockfile};
use crate::spec::{Priority, Spec, SpecFile};
use crate::writers::{self, Format, WriteOptions};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many empty bidder columns the scoring matrix offers when the spec names no bidders.
pub const DEFAULT_BIDDER_COLUMNS: usize = 3;

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn push_row(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// The scoring matrix: one row per evaluation criterion, requirement and scored or
/// knockout question, with weight, scale, knockout flag and an empty column per bidder.
/// Questions come from the question set versions in `chosen` (what the documents used).
pub fn scoring_matrix(spec: &Spec, library: &Library, chosen: &[UsedClause]) -> Vec<u8> {
    let (scale, criteria) = match &spec.evaluation {
        Some(e) => (
            format!("{}-{}", e.scale.min, e.scale.max),
            e.criteria.as_slice(),
        ),
        None => (String::new(), &[][..]),
    };
    let bidders: Vec<String> = (1..=DEFAULT_BIDDER_COLUMNS)
        .map(|i| format!("bidder_{i}_score"))
        .collect();
    let mut out = String::new();
    let mut header: Vec<String> = ["kind", "id", "group", "item", "weight", "scale", "knockout"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(bidders.iter().cloned());
    header.push("evaluator_notes".into());
    push_row(&mut out, &header);
    let blanks = bidders.len() + 1;
    let mut row = |cells: Vec<String>| {
        let mut cells = cells;
        cells.extend(std::iter::repeat_n(String::new(), blanks));
        push_row(&mut out, &cells);
    };
    for c in criteria {
        row(vec![
            "criterion".into(),
            c.id.clone(),
            String::new(),
            c.name.clone(),
            c.weight.to_string(),
            scale.clone(),
            "no".into(),
        ]);
    }
    if let Some(price) = spec.evaluation.as_ref().and_then(|e| e.price.as_ref()) {
        row(vec![
            "price".into(),
            "price".into(),
            String::new(),
            "Price score (formula)".into(),
            price.weight.to_string(),
            "formula".into(),
            "no".into(),
        ]);
    }
    for r in &spec.requirements {
        let mandatory = matches!(r.priority, Priority::Mandatory);
        row(vec![
            "requirement".into(),
            r.id.clone(),
            r.criterion.clone().unwrap_or_else(|| r.category.clone()),
            r.text.clone(),
            r.weight.map(|w| w.to_string()).unwrap_or_default(),
            if mandatory {
                "pass/fail".into()
            } else {
                scale.clone()
            },
            yes_no(mandatory),
        ]);
    }
    if let Some(q) = &spec.questionnaire {
        for set_ref in &q.sets {
            // The version the documents used (pins and lock applied), else the newest
            // approved one.
            let used = chosen.iter().find(|u| u.id == set_ref.id);
            let set = match used {
                Some(u) => library
                    .question_sets
                    .get(&set_ref.id)
                    .and_then(|v| v.iter().find(|q| q.version == u.version)),
                None => library.newest_approved_set(&set_ref.id),
            };
            let Some(set) = set else {
                continue;
            };
            for question in set
                .questions
                .iter()
                .filter(|q| q.weight > 0.0 || q.knockout)
            {
                row(vec![
                    "question".into(),
                    question.id.clone(),
                    set.title.clone(),
                    question.text.clone(),
                    format_weight(question.weight),
                    if question.knockout {
                        "pass/fail".into()
                    } else {
                        scale.clone()
                    },
                    yes_no(question.knockout),
                ]);
            }
        }
        for question in &q.questions {
            row(vec![
                "question".into(),
                question.id.clone(),
                question.section.clone(),
                question.text.clone(),
                question.weight.map(|w| w.to_string()).unwrap_or_default(),
                if question.knockout {
                    "pass/fail".into()
                } else {
                    scale.clone()
                },
                yes_no(question.knockout),
            ]);
        }
    }
    out.into_bytes()
}

fn format_weight(w: f64) -> String {
    if w.fract() == 0.0 {
        format!("{}", w as i64)
    } else {
        format!("{w}")
    }
}

/// The pricing schedule: every price line with empty unit-price and total columns.
pub fn pricing_schedule(spec: &Spec) -> Option<Vec<u8>> {
    let pricing = spec.pricing.as_ref()?;
    let mut out = String::new();
    push_row(
        &mut out,
        &[
            "id",
            "description",
            "unit",
            "quantity",
            "optional",
            "currency",
            "unit_price",
            "total_price",
        ]
        .map(String::from),
    );
    for line in &pricing.lines {
        push_row(
            &mut out,
            &[
                line.id.clone(),
                line.description.clone(),
                line.unit.clone(),
                line.quantity.to_string(),
                yes_no(line.optional),
                pricing.currency.to_string(),
                String::new(),
                String::new(),
            ],
        );
    }
    Some(out.into_bytes())
}

/// File name of the manifest inside a pack folder.
pub const MANIFEST: &str = "manifest.json";

/// A pack built in memory: files (relative path, bytes) and the manifest.
#[derive(Debug, Clone)]
pub struct Pack {
    /// Engagement id: the pack's folder name.
    pub engagement: String,
    /// Documents and companion files, in writing order (manifest excluded).
    pub files: Vec<(String, Vec<u8>)>,
    /// The manifest describing `files`.
    pub manifest: Manifest,
    /// Warnings raised while building.
    pub warnings: Vec<Diagnostic>,
}

/// How one pack is built, the same for `rfx build` and `rfx batch`: the documents and
/// formats, the write options, and the fingerprint of everything the files depend on
/// besides the lockfile (spec, library, documents, formats, timestamp, rfx version).
#[derive(Debug, Clone)]
pub struct Plan {
    /// Document kinds to build (in order).
    pub kinds: Vec<DocumentKind>,
    /// Formats to write each document in.
    pub formats: Vec<Format>,
    /// Timestamp and producer.
    pub options: WriteOptions,
    /// The input fingerprint recorded in the manifest.
    pub inputs: String,
}

impl Plan {
    /// Plans the pack of `spec`: `kinds` (the spec's `documents` when empty) in
    /// `formats`, stamped with `SOURCE_DATE_EPOCH` or the spec's issue date.
    pub fn new(
        engine: &Engine,
        spec: &SpecFile,
        kinds: &[DocumentKind],
        formats: &[Format],
        source_date_epoch: Option<&str>,
    ) -> Result<Plan, Diagnostic> {
        let kinds = if kinds.is_empty() {
            Engine::requested_kinds(spec)
        } else {
            kinds.to_vec()
        };
        let stamp = timestamp(source_date_epoch, Some(&spec.spec))?;
        let mut h = Fingerprint::default();
        h.add(sha256_hex(&spec.text).as_bytes());
        h.add(engine.fingerprint().as_bytes());
        for k in &kinds {
            h.add(k.as_str().as_bytes());
            h.add(b",");
        }
        for f in formats {
            h.add(f.extension().as_bytes());
            h.add(b",");
        }
        h.add(stamp.to_le_bytes());
        h.add(env!("CARGO_PKG_VERSION").as_bytes());
        Ok(Plan {
            kinds,
            formats: formats.to_vec(),
            options: WriteOptions {
                timestamp: stamp,
                ..WriteOptions::default()
            },
            inputs: h.finish(),
        })
    }
}

fn asks_for(spec: &Spec, kinds: &[DocumentKind]) -> bool {
    spec.documents.iter().any(|d| kinds.contains(d))
}

/// Builds every requested document in every format, plus the CSVs and the manifest.
/// Fails with every diagnostic if any document fails: a pack is all or nothing.
pub fn assemble(
    engine: &Engine,
    spec: &SpecFile,
    plan: &Plan,
    lock: Option<&Lockfile>,
) -> Result<Pack, Vec<Diagnostic>> {
    let mut diags = engine.cross_check(spec);
    let mut files = Vec::new();
    let mut clauses = Vec::new();
    let mut warnings = Vec::new();
    if !diags.iter().any(Diagnostic::is_error) {
        // Documents, then each document's formats, on all cores; results keep their order.
        let built: Vec<_> = plan
            .kinds
            .par_iter()
            .map(|kind| engine.build(spec, *kind, lock))
            .collect();
        let mut documents = Vec::new();
        for (kind, result) in plan.kinds.iter().zip(built) {
            match result {
                Ok(b) => documents.push((kind, b)),
                Err(d) => {
                    // A problem shared by several documents is reported once.
                    for x in d {
                        if !diags.contains(&x) {
                            diags.push(x);
                        }
                    }
                }
            }
        }
        let jobs: Vec<(usize, Format)> = (0..documents.len())
            .flat_map(|i| plan.formats.iter().map(move |f| (i, *f)))
            .collect();
        let written: Vec<_> = jobs
            .par_iter()
            .map(|(i, format)| writers::write(&documents[*i].1.document, *format, &plan.options))
            .collect();
        for ((i, format), result) in jobs.iter().zip(written) {
            let kind = documents[*i].0;
            match result {
                Ok(bytes) => files.push((format!("{kind}.{}", format.extension()), bytes)),
                Err(e) => {
                    let d = Diagnostic::error(format!("{kind}: {e}"));
                    diags.push(
                        match crate::diag::locate_named_character(
                            &e.message, &spec.path, &spec.text,
                        ) {
                            Some(loc) => d.at(loc),
                            None => d.in_file(&spec.path),
                        },
                    );
                }
            }
        }
        for (kind, built) in documents {
            warnings.extend(built.warnings);
            for c in built.clauses {
                clauses.push(ManifestClause {
                    document: *kind,
                    kind: "clause",
                    clause: c,
                });
            }
            for q in built.question_sets {
                clauses.push(ManifestClause {
                    document: *kind,
                    kind: "question-set",
                    clause: q,
                });
            }
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    warnings.extend(diags);
    let s = &spec.spec;
    let tender = [DocumentKind::Rfi, DocumentKind::Rfp, DocumentKind::Rfq];
    if asks_for(s, &tender)
        && (s.evaluation.is_some() || !s.requirements.is_empty() || s.questionnaire.is_some())
    {
        files.push((
            "scoring-matrix.csv".into(),
            scoring_matrix(
                s,
                &engine.library,
                &clauses
                    .iter()
                    .filter(|c| c.kind == "question-set")
                    .map(|c| c.clause.clone())
                    .collect::<Vec<_>>(),
            ),
        ));
    }
    if asks_for(s, &[DocumentKind::Rfp, DocumentKind::Rfq]) {
        if let Some(csv) = pricing_schedule(s) {
            files.push(("pricing-schedule.csv".into(), csv));
        }
    }
    let manifest = Manifest {
        rfx_version: env!("CARGO_PKG_VERSION").to_string(),
        build_time: iso_time(plan.options.timestamp),
        engagement: s.engagement.id.clone(),
        // The file name only, so the manifest does not depend on the working directory.
        spec: manifest_file(
            std::path::Path::new(&spec.path)
                .file_name()
                .map_or(spec.path.as_str(), |n| n.to_str().unwrap_or(&spec.path)),
            spec.text.as_bytes(),
        ),
        inputs: plan.inputs.clone(),
        files: {
            let mut listed: Vec<ManifestFile> =
                files.iter().map(|(p, b)| manifest_file(p, b)).collect();
            listed.sort_by(|a, b| a.path.cmp(&b.path));
            listed
        },
        clauses,
    };
    Ok(Pack {
        engagement: s.engagement.id.clone(),
        files,
        manifest,
        warnings,
    })
}

/// A fingerprint of the library's whole text (templates, clauses, question sets).
pub fn library_fingerprint(library: &Library) -> String {
    let mut h = Fingerprint::default();
    for (kind, t) in &library.templates {
        h.add(kind.as_str().as_bytes());
        h.add(t.meta.title.as_bytes());
        h.add(format!("{:?}", t.meta.furniture).as_bytes());
        h.add(t.body.as_bytes());
    }
    for versions in library.clauses.values() {
        for c in versions {
            h.add(c.key().as_bytes());
            h.add(c.body.as_bytes());
        }
    }
    for versions in library.question_sets.values() {
        for q in versions {
            h.add(serde_json::to_string(q).unwrap_or_default().as_bytes());
        }
    }
    h.finish()
}

/// The lock section that records what one document used.
pub fn document_lock<'u>(
    clauses: impl IntoIterator<Item = &'u UsedClause>,
    sets: impl IntoIterator<Item = &'u UsedClause>,
) -> DocumentLock {
    let mut doc = DocumentLock::default();
    for c in clauses {
        doc.clauses.insert(c.id.clone(), c.to_locked());
    }
    for q in sets {
        doc.question_sets.insert(q.id.clone(), q.to_locked());
    }
    doc
}

/// The manifest as read back from a pack folder: what `is_up_to_date` compares.
#[derive(Deserialize)]
struct ReadManifest {
    spec: ReadFile,
    inputs: String,
    files: Vec<ReadFile>,
    clauses: Vec<ReadClause>,
}

#[derive(Deserialize)]
struct ReadFile {
    path: String,
    sha256: String,
}

#[derive(Deserialize)]
struct ReadClause {
    document: DocumentKind,
    kind: String,
    id: String,
    version: semver::Version,
    variant: String,
    jurisdiction: String,
    sha256: String,
}

/// Whether the pack folder already holds exactly what `plan` would build for `spec`
/// with `lock`: its manifest has the same spec hash and inputs, every listed file is
/// there with its hash, and the lock (if any) locks what each document used.
pub fn is_up_to_date(
    folder: &std::path::Path,
    spec: &SpecFile,
    plan: &Plan,
    lock: Option<&Lockfile>,
) -> bool {
    let Ok(text) = std::fs::read(folder.join(MANIFEST)) else {
        return false;
    };
    let Ok(manifest) = serde_json::from_slice::<ReadManifest>(&text) else {
        return false;
    };
    if manifest.spec.sha256 != sha256_hex(&spec.text) || manifest.inputs != plan.inputs {
        return false;
    }
    if let Some(lock) = lock {
        let mut used: BTreeMap<DocumentKind, DocumentLock> = BTreeMap::new();
        for c in manifest.clauses {
            let entry = used.entry(c.document).or_default();
            let map = if c.kind == "question-set" {
                &mut entry.question_sets
            } else {
                &mut entry.clauses
            };
            map.insert(
                c.id,
                crate::library::select::Locked {
                    version: c.version,
                    variant: c.variant,
                    jurisdiction: c.jurisdiction,
                    sha256: c.sha256,
                    line: 0,
                },
            );
        }
        let empty = DocumentLock::default();
        let agrees = plan.kinds.iter().all(|k| {
            lock.document(*k)
                .is_none_or(|l| l == used.get(k).unwrap_or(&empty))
        });
        if !agrees {
            return false;
        }
    }
    manifest.files.iter().all(|f| {
        !f.path.contains("..")
            && std::fs::read(folder.join(&f.path)).is_ok_and(|b| sha256_hex(&b) == f.sha256)
    })
}

/// One file of a pack, as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestFile {
    /// Path relative to the pack folder.
    pub path: String,
    /// Size in bytes.
    pub bytes: usize,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// A clause or question set version used by one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestClause {
    /// Document kind that used it.
    pub document: DocumentKind,
    /// `clause` or `question-set`.
    pub kind: &'static str,
    /// The version used.
    #[serde(flatten)]
    pub clause: UsedClause,
}

/// The pack manifest: what was built, from what, by which rfx, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    /// rfx version that built the pack.
    pub rfx_version: String,
    /// Build time (from `SOURCE_DATE_EPOCH` or the spec), ISO 8601 UTC.
    pub build_time: String,
    /// Engagement id.
    pub engagement: String,
    /// Spec file name and hash.
    pub spec: ManifestFile,
    /// Fingerprint of the spec, library and build settings ([`Plan::inputs`]).
    pub inputs: String,
    /// Every file of the pack, sorted by path.
    pub files: Vec<ManifestFile>,
    /// Clause and question set versions, per document.
    pub clauses: Vec<ManifestClause>,
}

impl Manifest {
    /// The manifest as pretty JSON with a trailing newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}

/// Describes one file for the manifest.
pub fn manifest_file(path: &str, bytes: &[u8]) -> ManifestFile {
    ManifestFile {
        path: path.to_string(),
        bytes: bytes.len(),
        sha256: sha256_hex(bytes),
    }
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso_time(seconds: i64) -> String {
    let t = crate::civil::utc(seconds);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn iso_time_formats_epoch_seconds() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(iso_time(951_782_400 + 3_661), "2000-02-29T01:01:01Z");
    }
}
