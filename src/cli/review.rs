//! `rfx review RETURNED.docx --spec SPEC`: the deviation schedule of a returned draft.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Reported, Reporter, load_engine, load_spec};
use crate::build::{BuiltDocument, Engine};
use crate::diag::Diagnostic;
use crate::doc::DocumentKind;
use crate::library::lockfile::{Lockfile, lock_path};
use crate::output::write_atomic;
use crate::review::{self, Deviation, Status, read, schedule};
use crate::spec::SpecFile;
use crate::writers::{self, Format, PdfStandard};

/// Arguments of `rfx review`.
#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// The DOCX the counterparty returned.
    pub returned: PathBuf,
    /// The spec the draft was built from (its lockfile gives the sent wording).
    #[arg(long)]
    pub spec: PathBuf,
    /// Which document of the spec it is (default: the one whose clauses it holds).
    #[arg(long = "doc", value_name = "KIND", value_enum)]
    pub doc: Option<DocumentKind>,
    /// Folder for deviations.{md,pdf,docx,jsonl} (default: next to RETURNED).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// A library folder laid over the built-in one (repeatable).
    #[arg(long, value_name = "DIR")]
    pub library: Vec<PathBuf>,
    /// The standards the PDF schedule is written to: a-2u+ua-1 (default), a-2u, a-2b,
    /// ua-1 or none.
    #[arg(long, value_name = "STANDARD", value_parser = super::parse_pdf_standard, default_value_t = PdfStandard::default())]
    pub pdf_standard: PdfStandard,
}

/// Runs `rfx review`.
pub(super) fn run(out: &mut Reporter, args: &ReviewArgs) -> Result<(), Reported> {
    let name = args.returned.display().to_string();
    let bytes = crate::input::read_bytes(&args.returned).map_err(|e| {
        out.fail(vec![
            e.diagnostic("the returned draft", &name)
                .with_help("pass the path of the returned .docx"),
        ])
    })?;
    let paragraphs = read::paragraphs(&bytes, &name).map_err(|d| out.fail(vec![d]))?;
    let engine = load_engine(out, &args.library)?;
    let spec = load_spec(out, &args.spec)?;
    let lock = Lockfile::read(&lock_path(&args.spec)).map_err(|d| out.fail(d))?;
    // The kind named with --doc; else the kind the file records, first, and when the
    // draft holds its clauses nothing else is built; else every kind of the spec, the
    // one whose clauses the draft holds most winning.
    let recorded = read::recorded_kind(&bytes);
    let kinds = match &args.doc {
        Some(k) => vec![*k],
        None => {
            let mut kinds = Engine::requested_kinds(&spec);
            if let Some(i) = kinds.iter().position(|k| Some(*k) == recorded) {
                kinds[..=i].rotate_right(1);
            }
            kinds
        }
    };
    let mut best: Option<(usize, BuiltDocument, Vec<Deviation>)> = None;
    for &kind in &kinds {
        if best
            .as_ref()
            .is_some_and(|(f, b, _)| *f > 0 && Some(b.kind) == recorded)
        {
            break;
        }
        let built = engine
            .build(&spec, kind, lock.as_ref())
            .map_err(|d| out.fail(d))?;
        let deviations = review::review(&built.document, &paragraphs);
        let found = deviations
            .iter()
            .filter(|d| d.status != Status::Deleted && !d.clause.is_empty())
            .count();
        if best.as_ref().is_none_or(|(f, _, _)| found > *f) {
            best = Some((found, built, deviations));
        }
    }
    let Some((found, built, mut deviations)) = best else {
        return Err(out.fail(vec![Diagnostic::error(format!(
            "`{}` asks for no documents",
            args.spec.display()
        ))]));
    };
    if found == 0 {
        return Err(out.fail(vec![
            Diagnostic::error(format!(
                "`{name}` holds none of the clauses of {}",
                args.spec.display()
            ))
            .with_help("pass the spec the draft was built from, or name the document with --doc"),
        ]));
    }
    library_hints(&engine, &spec, &built, &mut deviations);
    let folder = args.output.clone().unwrap_or_else(|| {
        args.returned
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    });
    write_schedule(out, &folder, &deviations, &built, &name, args.pdf_standard)?;
    let changed = deviations
        .iter()
        .filter(|d| d.status != Status::Unchanged)
        .count();
    out.info(&format!(
        "    {} ({}): {changed} of {} clauses deviate; wrote {}",
        name,
        built.kind,
        deviations.len(),
        folder.join("deviations.*").display()
    ));
    Ok(())
}

/// Marks negotiable clauses and finds library variants whose wording equals the
/// returned text (rebuilding the document with that variant chosen).
fn library_hints(
    engine: &Engine,
    spec: &SpecFile,
    built: &BuiltDocument,
    deviations: &mut [Deviation],
) {
    for d in deviations.iter_mut().filter(|d| !d.clause.is_empty()) {
        let Some(members) = engine.library.clauses.get(&d.clause) else {
            continue;
        };
        let used = built.clauses.iter().find(|c| c.id == d.clause);
        let used_variant = used.map_or(crate::library::PREFERRED, |c| c.variant.as_str());
        let mut variants: Vec<&str> = members
            .iter()
            .map(|m| m.meta.variant.as_str())
            .filter(|v| *v != used_variant)
            .collect();
        variants.sort_unstable();
        variants.dedup();
        d.negotiable = members
            .iter()
            .any(|m| m.meta.negotiable && m.meta.version.to_string() == d.version)
            || !variants.is_empty();
        if d.status != Status::Changed {
            continue;
        }
        for variant in variants {
            let mut alternative = spec.clone();
            alternative
                .spec
                .clauses
                .entry(d.clause.clone())
                .or_default()
                .variant = Some(variant.to_string());
            let Ok(other) = engine.build(&alternative, built.kind, None) else {
                continue;
            };
            let texts = review::clause_texts(&other.document);
            let Some(clause) = texts.iter().find(|c| c.id == d.clause) else {
                continue;
            };
            if review::same_wording(&clause.paragraphs, &d.returned) {
                d.fallback = Some(format!("{}@{} ({variant})", clause.id, clause.version));
                break;
            }
        }
    }
}

fn write_schedule(
    out: &mut Reporter,
    folder: &Path,
    deviations: &[Deviation],
    built: &BuiltDocument,
    name: &str,
    pdf_standard: PdfStandard,
) -> Result<(), Reported> {
    let doc = schedule::document(deviations, name, &built.document.meta);
    let stamp = crate::build::timestamp(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(), None)
        .map_err(|d| out.fail(vec![d]))?;
    let options = writers::WriteOptions {
        timestamp: stamp,
        pdf_standard,
        ..writers::WriteOptions::default()
    };
    let mut files = vec![(
        "deviations.jsonl".to_string(),
        schedule::json_lines(deviations).into_bytes(),
    )];
    for format in Format::ALL {
        let bytes = writers::write(&doc, format, &options)
            .map_err(|e| out.fail(vec![Diagnostic::error(e.to_string())]))?;
        files.push((format!("deviations.{}", format.extension()), bytes));
    }
    for (file, bytes) in files {
        let path = folder.join(file);
        write_atomic(&path, &bytes).map_err(|e| {
            out.fail(vec![
                Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
                    .with_help("check that the output folder exists and is writable"),
            ])
        })?;
    }
    Ok(())
}
