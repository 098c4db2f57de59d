//! The tender pack: every document of a spec in every requested format, plus the
//! evaluators' scoring matrix, the bidders' pricing schedule (CSV) and a manifest (JSON).
//!
//! [`assemble`] builds the whole pack in memory — nothing is written unless every
//! document builds — and the CLI writes the files atomically, manifest last.

use crate::build::{Addressing, Engine, timestamp};
use crate::compose::UsedClause;
use crate::diag::Diagnostic;
use crate::digest::{Fingerprint, sha256_hex};
use crate::doc::DocumentKind;
use crate::evaluation::{ItemStage, Model};
use crate::library::Library;
use crate::library::lockfile::{DocumentLock, Lockfile};
use crate::spec::{Period, PriceBasis, ProcurementCategory, Spec, SpecFile, Stage};
use crate::writers::{self, Format, PdfStandard, WriteOptions};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
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

/// The scoring matrix for the panel: a row per criterion, gate, selection question and
/// scored item, in that order. Scored rows always name their criterion id (the question
/// set has its own column); every bidder gets one score column per evaluator of
/// `evaluation.panel` and a consensus column. Nothing in it is meant for bidders.
pub fn scoring_matrix(spec: &SpecFile, library: &Library, lock: Option<&Lockfile>) -> Vec<u8> {
    let s = &spec.spec;
    let model = Model::build(spec, library, lock);
    let scale = s
        .evaluation
        .as_ref()
        .map(|e| format!("{}-{}", e.scale.min, e.scale.max))
        .unwrap_or_default();
    let bidders: Vec<String> = if s.parties.bidders.is_empty() {
        (1..=DEFAULT_BIDDER_COLUMNS)
            .map(|i| format!("bidder_{i}"))
            .collect()
    } else {
        s.parties
            .bidders
            .iter()
            .map(|b| b.id.clone().unwrap_or_else(|| b.short_name.clone()))
            .collect()
    };
    let panel: Vec<String> = match s.evaluation.as_ref().map(|e| e.panel.as_slice()) {
        Some(p) if !p.is_empty() => p.to_vec(),
        _ => vec!["evaluator_1".to_string()],
    };
    let mut header: Vec<String> = [
        "block",
        "criterion",
        "question_set",
        "id",
        "item",
        "weight",
        "scale",
    ]
    .map(String::from)
    .to_vec();
    for b in &bidders {
        for e in &panel {
            header.push(format!("{b}: {e}"));
        }
        header.push(format!("{b}: consensus"));
    }
    let mut out = String::new();
    push_row(&mut out, &header);
    let blanks = bidders.len() * (panel.len() + 1);
    let mut row = |cells: [String; 7]| {
        let mut cells = cells.to_vec();
        cells.extend(std::iter::repeat_n(String::new(), blanks));
        push_row(&mut out, &cells);
    };
    if let Some(e) = &s.evaluation {
        for c in &e.criteria {
            row([
                "criterion".into(),
                c.id.clone(),
                String::new(),
                c.id.clone(),
                c.name.clone(),
                c.weight.to_string(),
                scale.clone(),
            ]);
        }
        if let Some(price) = &e.price {
            row([
                "price".into(),
                String::new(),
                String::new(),
                "price".into(),
                format!("Price score: {}", price.formula.in_words()),
                price.weight.to_string(),
                "formula".into(),
            ]);
        }
    }
    let blocks = [
        (ItemStage::Gate, "gate", "pass/fail"),
        (ItemStage::Selection, "selection", "pass/fail"),
        (ItemStage::Award, "award", ""),
    ];
    for (stage, block, fixed) in blocks {
        for item in model.at(stage) {
            row([
                block.into(),
                item.criterion.clone().unwrap_or_default(),
                item.set.clone().unwrap_or_default(),
                item.id.clone(),
                item.text.clone(),
                item.weight.map(format_weight).unwrap_or_default(),
                if fixed.is_empty() {
                    scale.clone()
                } else {
                    fixed.to_string()
                },
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

/// The pricing schedule for bidders: every price line with its period, quantity per
/// period and evaluated quantity; the rate card with its baskets; the milestones; and
/// the totals rows (evaluated price, VAT, total with VAT, options not evaluated). Goods
/// add manufacturer, model and part number columns. Price columns are left empty.
pub fn pricing_schedule(spec: &Spec) -> Option<Vec<u8>> {
    let pricing = spec.pricing.as_ref()?;
    let basis = PriceBasis::of(spec)?;
    let goods = spec.engagement.category == ProcurementCategory::Goods;
    let mut header: Vec<&str> = vec![
        "row",
        "id",
        "description",
        "unit",
        "period",
        "quantity_per_period",
        "periods",
        "evaluated_quantity",
        "optional",
        "evaluated",
    ];
    if goods {
        header.extend(["manufacturer", "model", "part_number"]);
    }
    header.extend(["currency", "unit_price", "evaluated_total"]);
    let mut out = String::new();
    push_row(
        &mut out,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    let currency = pricing.currency.to_string();
    let mut row = |cells: Vec<String>| {
        let mut cells = cells;
        if goods {
            cells.extend(std::iter::repeat_n(String::new(), 3));
        }
        cells.extend([currency.clone(), String::new(), String::new()]);
        push_row(&mut out, &cells);
    };
    for (line, e) in pricing.lines.iter().zip(&basis.lines) {
        row(vec![
            "line".into(),
            line.id.clone(),
            line.description.clone(),
            line.unit.clone(),
            period_name(line.period).into(),
            line.quantity.to_string(),
            e.periods.to_string(),
            e.evaluated_quantity.to_string(),
            yes_no(line.optional),
            yes_no(e.evaluated),
        ]);
    }
    for (rate, e) in pricing.rate_card.iter().zip(&basis.rates) {
        row(vec![
            "rate".into(),
            rate.role.clone(),
            rate.location.clone(),
            match rate.unit {
                crate::spec::RateUnit::Day => "day".into(),
                crate::spec::RateUnit::Hour => "hour".into(),
            },
            "year".into(),
            rate.basket.map(|b| b.to_string()).unwrap_or_default(),
            String::new(),
            e.evaluated_quantity
                .map(|q| q.to_string())
                .unwrap_or_default(),
            "no".into(),
            yes_no(e.evaluated_quantity.is_some()),
        ]);
    }
    for m in &pricing.milestones {
        row(vec![
            "milestone".into(),
            m.id.clone(),
            m.name.clone(),
            "% of one-off charges".into(),
            m.due_weeks.map(|w| format!("week {w}")).unwrap_or_default(),
            m.percent.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let totals = [
        ("total", "Total evaluated price, excluding VAT"),
        ("vat", "VAT"),
        ("total_with_vat", "Total evaluated price, including VAT"),
        (
            "options_not_evaluated",
            "Total of the optional lines not evaluated, excluding VAT",
        ),
    ];
    for (id, description) in totals {
        let rate = if id == "vat" {
            pricing.tax_rate.to_string()
        } else {
            String::new()
        };
        row(vec![
            "total".into(),
            id.into(),
            description.into(),
            if id == "vat" {
                "%".into()
            } else {
                String::new()
            },
            String::new(),
            rate,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    Some(out.into_bytes())
}

fn period_name(p: Period) -> &'static str {
    match p {
        Period::OneOff => "one_off",
        Period::Month => "month",
        Period::Quarter => "quarter",
        Period::Year => "year",
    }
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
    /// The documents of the pack: one per kind, or one per bidder for a tender-stage NDA.
    pub documents: Vec<PlannedDocument>,
    /// Formats to write each document in.
    pub formats: Vec<Format>,
    /// Timestamp and producer.
    pub options: WriteOptions,
    /// The input fingerprint recorded in the manifest.
    pub inputs: String,
}

impl Plan {
    /// Plans the pack of `spec`: `kinds` (the spec's `documents` when empty) in
    /// `formats`, stamped with `SOURCE_DATE_EPOCH` or the spec's issue date, written
    /// with the engine's writer choices and the spec's theme
    /// ([`Engine::writer_setup`]).
    pub fn new(
        engine: &Engine,
        spec: &SpecFile,
        kinds: &[DocumentKind],
        formats: &[Format],
        source_date_epoch: Option<&str>,
    ) -> Result<Plan, Vec<Diagnostic>> {
        let setup = engine.writer_setup(spec)?;
        let mut plan = Plan::unstyled(engine, spec, kinds, formats, source_date_epoch)
            .map_err(|d| vec![d])?
            .with_pdf_standard(engine.writer_flags().pdf_standard)
            .with_docx_reference(setup.reference.clone());
        if let Some(digest) = &setup.files_digest {
            let mut h = Fingerprint::default();
            h.add(plan.inputs.as_bytes());
            h.add(b"house-files=");
            h.add(digest.as_bytes());
            plan.inputs = h.finish();
        }
        plan.options.fonts = setup.fonts.clone();
        Ok(plan)
    }

    /// [`Plan::new`] before the writer choices and the theme's files are applied.
    fn unstyled(
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
        h.add(spec.stage.as_str().as_bytes());
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
        if formats.contains(&Format::Pdf) {
            h.add(PdfStandard::default().name().as_bytes());
        }
        Ok(Plan {
            documents: planned_documents(spec, &kinds),
            kinds,
            formats: formats.to_vec(),
            options: WriteOptions {
                timestamp: stamp,
                ..WriteOptions::default()
            },
            inputs: h.finish(),
        })
    }

    /// The same plan writing PDFs to `standard`; when it writes PDFs the fingerprint
    /// changes with it, so a pack built to another standard is not taken as up to date.
    pub fn with_pdf_standard(mut self, standard: PdfStandard) -> Plan {
        if standard != self.options.pdf_standard && self.formats.contains(&Format::Pdf) {
            let mut h = Fingerprint::default();
            h.add(self.inputs.as_bytes());
            h.add(b"pdf-standard=");
            h.add(standard.name().as_bytes());
            self.inputs = h.finish();
        }
        self.options.pdf_standard = standard;
        self
    }

    /// The same plan writing DOCX files with `reference`'s look; when it writes DOCX
    /// the fingerprint takes in the reference document's bytes, so a changed template
    /// rebuilds the pack.
    pub fn with_docx_reference(
        mut self,
        reference: Option<std::sync::Arc<crate::writers::docx::ReferenceDocx>>,
    ) -> Plan {
        if let Some(r) = &reference {
            if self.formats.contains(&Format::Docx) {
                let mut h = Fingerprint::default();
                h.add(self.inputs.as_bytes());
                h.add(b"reference-docx=");
                h.add(r.digest().as_bytes());
                self.inputs = h.finish();
            }
        }
        self.options.docx.reference = reference;
        self
    }
}

/// Whether the pack being built holds any of `kinds` (the `--doc` choice, else the
/// spec's documents).
fn asks_for(planned: &[DocumentKind], kinds: &[DocumentKind]) -> bool {
    planned.iter().any(|d| kinds.contains(d))
}

/// File name of the evaluators' scoring matrix.
pub const SCORING_MATRIX: &str = "scoring-matrix.csv";
/// File name of the bidders' pricing schedule.
pub const PRICING_SCHEDULE: &str = "pricing-schedule.csv";

/// One document of a pack: a kind, and for a per-bidder NDA its bidder.
#[derive(Debug, Clone)]
pub struct PlannedDocument {
    /// Document kind.
    pub kind: DocumentKind,
    /// File name without extension: the kind, or `nda-<bidder id>`.
    pub stem: String,
    /// Index in `parties.bidders` of the bidder a tender-stage NDA is addressed to.
    pub bidder: Option<usize>,
}

/// The documents of a pack: one per kind, except the tender-stage NDA, which is one per
/// listed bidder (or one bidder-neutral form when none are listed).
fn planned_documents(spec: &SpecFile, kinds: &[DocumentKind]) -> Vec<PlannedDocument> {
    let bidders = &spec.spec.parties.bidders;
    let mut out = Vec::new();
    for &kind in kinds {
        if kind == DocumentKind::Nda && spec.stage == Stage::Tender && !bidders.is_empty() {
            for (i, b) in bidders.iter().enumerate() {
                let id = b.id.as_deref().unwrap_or(&b.short_name);
                out.push(PlannedDocument {
                    kind,
                    stem: format!("nda-{id}"),
                    bidder: Some(i),
                });
            }
        } else {
            out.push(PlannedDocument {
                kind,
                stem: kind.as_str().to_string(),
                bidder: None,
            });
        }
    }
    out
}

/// The files a pack holds beside its documents (CSVs, the response form and scoring
/// workbooks), for the documents being built: `--doc nda` writes none of them.
fn companion_files(spec: &SpecFile, planned: &[DocumentKind]) -> Vec<&'static str> {
    let s = &spec.spec;
    let mut out = Vec::new();
    let tender = [DocumentKind::Rfi, DocumentKind::Rfp, DocumentKind::Rfq];
    if asks_for(planned, &tender)
        && (s.evaluation.is_some() || !s.requirements.is_empty() || s.questionnaire.is_some())
    {
        out.push(SCORING_MATRIX);
    }
    if asks_for(planned, &[DocumentKind::Rfp, DocumentKind::Rfq]) && s.pricing.is_some() {
        out.push(PRICING_SCHEDULE);
    }
    // The bidders' response form (and the panel's scoring workbooks with it).
    if asks_for(planned, &[DocumentKind::Rfp, DocumentKind::Rfq])
        && spec.stage == Stage::Tender
        && s.evaluation.is_some()
    {
        out.push(crate::workbook::RESPONSE_FORM);
    }
    out
}

/// What the pack holds, for the documents that list it (`pack` in the template
/// context): every document with its files, the companion files (CSVs, the response
/// form), each marked for bidders or for the evaluation panel, and whether bidders
/// answer in the response form (`response_form`).
fn pack_contents(spec: &SpecFile, plan: &Plan, companions: &[&str]) -> Value {
    let formats = &plan.formats;
    let documents: Vec<Value> = plan
        .documents
        .iter()
        .map(|j| {
            let files: Vec<String> = formats
                .iter()
                .map(|f| format!("{}.{}", j.stem, f.extension()))
                .collect();
            serde_json::json!({
                "kind": j.kind,
                "stem": j.stem,
                "bidder": j.bidder.map(|i| spec.spec.parties.bidders[i].legal_name.clone()),
                "audience": audience(j.kind),
                "files": files,
            })
        })
        .collect();
    let csvs: Vec<Value> = companions
        .iter()
        .map(|name| {
            serde_json::json!({
                "file": name,
                "audience": if *name == SCORING_MATRIX { "panel" } else { "bidders" },
            })
        })
        .collect();
    serde_json::json!({
        "documents": documents,
        "csv": csvs,
        "response_form": companions.contains(&crate::workbook::RESPONSE_FORM),
    })
}

/// Who a document kind is for: the evaluation guide is the panel's, the rest bidders'.
pub fn audience(kind: DocumentKind) -> &'static str {
    if kind == DocumentKind::EvaluationGuide {
        "panel"
    } else {
        "bidders"
    }
}

/// The companion files of a pack (`companions`, in that order): the scoring matrix,
/// the pricing schedule, the response form and the scoring workbooks, the form taking
/// the declarations of the RFP or RFQ.
fn companion_contents(
    engine: &Engine,
    spec: &SpecFile,
    plan: &Plan,
    lock: Option<&Lockfile>,
    companions: &[&'static str],
    mut declarations: Vec<String>,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    for name in companions {
        match *name {
            SCORING_MATRIX => files.push((
                name.to_string(),
                scoring_matrix(spec, &engine.library, lock),
            )),
            PRICING_SCHEDULE => {
                if let Some(csv) = pricing_schedule(&spec.spec) {
                    files.push((name.to_string(), csv));
                }
            }
            crate::workbook::RESPONSE_FORM => {
                let form = crate::workbook::ResponseForm::of(
                    spec,
                    &engine.library,
                    lock,
                    std::mem::take(&mut declarations),
                );
                let workbooks = crate::workbook::pack_files(spec, &form, plan.options.timestamp)
                    .map_err(|d| vec![d.in_file(&spec.path)])?;
                files.extend(workbooks);
            }
            _ => {}
        }
    }
    Ok(files)
}

/// Builds every requested document in every format, plus the CSVs and the manifest.
/// Fails with every diagnostic if any document fails: a pack is all or nothing.
pub fn assemble(
    engine: &Engine,
    spec: &SpecFile,
    plan: &Plan,
    lock: Option<&Lockfile>,
) -> Result<Pack, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut clauses = Vec::new();
    let mut warnings = Vec::new();
    let s = &spec.spec;
    let companions = companion_files(spec, &plan.kinds);
    let contents = pack_contents(spec, plan, &companions);
    let mut companion_result = None;
    // The spec's cross-checks run while the documents are composed (on all cores,
    // results in order); the documents are used only when the checks find no error.
    let (mut diags, built) = rayon::join(
        || {
            let mut diags = engine.cross_check(spec);
            diags.extend(Model::build(spec, &engine.library, lock).check(spec));
            diags
        },
        || {
            plan.documents
                .par_iter()
                .map(|job| {
                    let addressing = Addressing {
                        bidder: job.bidder.map(|i| &s.parties.bidders[i]),
                        pack: Some(&contents),
                    };
                    engine.build_addressed(spec, job.kind, lock, addressing)
                })
                .collect::<Vec<_>>()
        },
    );
    if !diags.iter().any(Diagnostic::is_error) {
        let mut documents = Vec::new();
        for (job, result) in plan.documents.iter().zip(built) {
            match result {
                Ok(b) => documents.push((job, b)),
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
        let writes: Vec<(usize, Format)> = (0..documents.len())
            .flat_map(|i| plan.formats.iter().map(move |f| (i, *f)))
            .collect();
        let declarations = documents
            .iter()
            .find(|(j, _)| matches!(j.kind, DocumentKind::Rfp | DocumentKind::Rfq))
            .map(|(_, b)| crate::workbook::declarations_of(&b.document))
            .unwrap_or_default();
        // The companion files (workbooks above all) need only the composed documents:
        // they are made while the documents are written.
        let (written, made) = rayon::join(
            || {
                writes
                    .par_iter()
                    .map(|(i, format)| {
                        writers::write(&documents[*i].1.document, *format, &plan.options)
                    })
                    .collect::<Vec<_>>()
            },
            || companion_contents(engine, spec, plan, lock, &companions, declarations),
        );
        companion_result = Some(made);
        for ((i, format), result) in writes.iter().zip(written) {
            let stem = &documents[*i].0.stem;
            match result {
                Ok(bytes) => files.push((format!("{stem}.{}", format.extension()), bytes)),
                Err(e) => {
                    let d = Diagnostic::error(format!("{stem}: {e}"));
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
        let mut recorded: Vec<DocumentKind> = Vec::new();
        for (job, built) in documents {
            warnings.extend(built.warnings);
            // Per-bidder NDAs share their clauses: the manifest lists them once.
            if recorded.contains(&job.kind) {
                continue;
            }
            recorded.push(job.kind);
            for c in built.clauses {
                clauses.push(ManifestClause {
                    document: job.kind,
                    kind: "clause",
                    clause: c,
                });
            }
            for q in built.question_sets {
                clauses.push(ManifestClause {
                    document: job.kind,
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
    if let Some(made) = companion_result {
        files.extend(made?);
    }
    let manifest = Manifest {
        rfx_version: env!("CARGO_PKG_VERSION").to_string(),
        build_time: crate::civil::iso8601(plan.options.timestamp),
        engagement: s.engagement.id.clone(),
        stage: spec.stage,
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
                files.par_iter().map(|(p, b)| manifest_file(p, b)).collect();
            listed.sort_by(|a, b| a.path.cmp(&b.path));
            listed
        },
        clauses,
        reference_docx: plan
            .options
            .docx
            .reference
            .as_ref()
            .filter(|_| plan.formats.contains(&Format::Docx))
            .map(|r| r.digest().to_string()),
    };
    Ok(Pack {
        engagement: s.engagement.id.clone(),
        files,
        manifest,
        warnings,
    })
}

/// A fingerprint of the library: the digests of the files it was loaded from (the
/// built-in library's is a constant of the binary; a folder's is taken when it is read),
/// then the image files its texts name.
pub fn library_fingerprint(library: &Library) -> String {
    let mut h = Fingerprint::default();
    for source in library.source_digests() {
        h.add(source.as_bytes()).add(b"\n");
    }
    // Image files the texts name (the built-in library has none).
    if !library.roots.is_empty() {
        let texts = library
            .templates
            .values()
            .map(|t| t.body.as_str())
            .chain(library.clauses.values().flatten().map(|c| c.body.as_str()));
        let mut named: Vec<&str> = texts
            .flat_map(crate::library::assets::image_paths)
            .collect();
        named.sort_unstable();
        named.dedup();
        for path in named {
            if let Ok(bytes) = crate::library::assets::read_from(&library.roots, path) {
                h.add(path.as_bytes());
                h.add(sha256_hex(&bytes).as_bytes());
            }
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
    /// Stage the pack was built at.
    pub stage: Stage,
    /// Spec file name and hash.
    pub spec: ManifestFile,
    /// Fingerprint of the spec, library and build settings ([`Plan::inputs`]).
    pub inputs: String,
    /// Every file of the pack, sorted by path.
    pub files: Vec<ManifestFile>,
    /// Clause and question set versions, per document.
    pub clauses: Vec<ManifestClause>,
    /// Hex SHA-256 of the reference DOCX the DOCX files took their look from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_docx: Option<String>,
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
        assert_eq!(crate::civil::iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(crate::civil::iso8601(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(
            crate::civil::iso8601(951_782_400 + 3_661),
            "2000-02-29T01:01:01Z"
        );
    }
}
