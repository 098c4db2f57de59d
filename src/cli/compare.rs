//! `rfx compare` (two drafts, or a spec against an earlier lock or pack) and the
//! redlines `rfx build --redline-against` writes next to a pack.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Reported, Reporter, load_engine, load_spec};
use crate::build::{Engine, timestamp};
use crate::compare::{self, Redline, summary};
use crate::diag::Diagnostic;
use crate::doc::Document;
use crate::library::lockfile::{Lockfile, lock_path};
use crate::output::write_atomic;
use crate::resolve::ResolveOptions;
use crate::writers::{self, Format, PdfStandard, WriteOptions};

/// Arguments of `rfx compare`.
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The older Markdown draft (not with --spec).
    #[arg(required_unless_present = "spec", conflicts_with = "spec")]
    pub old: Option<PathBuf>,
    /// The newer Markdown draft.
    #[arg(required_unless_present = "spec")]
    pub new: Option<PathBuf>,
    /// The redline: OUT.docx (tracked changes), OUT.pdf or OUT.md; with --spec, a folder
    /// receiving `<kind>.redline.<ext>`.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Compare this spec's documents as built now with an earlier build (--from).
    #[arg(long, requires = "from")]
    pub spec: Option<PathBuf>,
    /// The earlier build: a lockfile the documents are rebuilt from, or a pack folder
    /// holding `<kind>.md`.
    #[arg(long, value_name = "LOCKFILE|PACK_DIR")]
    pub from: Option<PathBuf>,
    /// With --spec: formats written, comma-separated (md, pdf, docx); default: all.
    #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
    pub format: Vec<String>,
    /// Author recorded on the tracked changes of a DOCX redline.
    #[arg(long, default_value = "rfx")]
    pub author: String,
    /// The standards a PDF redline is written to: a-2u+ua-1 (default), a-2u, a-2b,
    /// ua-1 or none.
    #[arg(long, value_name = "STANDARD", value_parser = super::parse_pdf_standard, default_value_t = PdfStandard::default())]
    pub pdf_standard: PdfStandard,
    /// A library folder laid over the built-in one (repeatable).
    #[arg(long, value_name = "DIR")]
    pub library: Vec<PathBuf>,
}

/// Runs `rfx compare`.
pub(super) fn run(out: &mut Reporter, args: &CompareArgs) -> Result<(), Reported> {
    let options = WriteOptions {
        pdf_standard: args.pdf_standard,
        ..write_options(out, &args.author)?
    };
    if let (Some(spec), Some(from)) = (&args.spec, &args.from) {
        let formats =
            super::parse_formats(&args.format).map_err(|m| out.fail(vec![Diagnostic::error(m)]))?;
        return compare_spec(out, args, spec, from, &formats, &options);
    }
    let (Some(old_path), Some(new_path)) = (&args.old, &args.new) else {
        return Err(out.fail(vec![Diagnostic::error(
            "give two drafts (`rfx compare OLD.md NEW.md -o OUT.docx`) or --spec with --from",
        )]));
    };
    let Some(format) = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_name)
    else {
        return Err(out.fail(vec![
            Diagnostic::error(format!(
                "cannot tell the redline format of `{}`",
                args.output.display()
            ))
            .with_help("name the output .docx, .pdf or .md"),
        ]));
    };
    let old = read_draft(out, old_path)?;
    let new = read_draft(out, new_path)?;
    let redline = compare::compare(&old, &new);
    let names = (display_name(old_path), display_name(new_path));
    write_redline(out, &redline, format, &args.output, &names, &options)?;
    report(out, &redline, &args.output);
    Ok(())
}

fn write_options(out: &mut Reporter, author: &str) -> Result<WriteOptions, Reported> {
    let stamp = timestamp(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(), None)
        .map_err(|d| out.fail(vec![d]))?;
    Ok(WriteOptions {
        timestamp: stamp,
        revision_author: author.to_string(),
        ..WriteOptions::default()
    })
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads and resolves a Markdown draft.
fn read_draft(out: &mut Reporter, path: &Path) -> Result<Document, Reported> {
    let text = crate::input::read_text(path).map_err(|e| {
        out.fail(vec![
            e.diagnostic("draft", &path.display().to_string())
                .with_help("compare Markdown drafts as `rfx build` writes them (`<kind>.md`)"),
        ])
    })?;
    Ok(parse_draft(out, &text, &path.display().to_string()))
}

fn parse_draft(out: &mut Reporter, text: &str, name: &str) -> Document {
    let mut doc = crate::markdown::parse(text);
    let diags: Vec<Diagnostic> = doc
        .resolve(&ResolveOptions::default())
        .into_iter()
        .map(|d| d.in_file(name))
        .collect();
    // A dangling cross-reference in a hand-edited draft does not stop a comparison.
    let notes: Vec<Diagnostic> = diags
        .into_iter()
        .map(|d| {
            if d.is_error() {
                Diagnostic::warning(d.message.clone()).in_file(name)
            } else {
                d
            }
        })
        .collect();
    out.emit(&notes);
    doc
}

/// Writes one redline file: DOCX with tracked changes, PDF and Markdown with the
/// summary of changed sections in front.
fn write_redline(
    out: &mut Reporter,
    redline: &Redline,
    format: Format,
    path: &Path,
    (old_name, new_name): &(String, String),
    options: &WriteOptions,
) -> Result<(), Reported> {
    let bytes = match format {
        Format::Docx => writers::write(&redline.document, format, options),
        _ => writers::write(
            &summary::with_summary(redline, old_name, new_name),
            format,
            options,
        ),
    }
    .map_err(|e| out.fail(vec![Diagnostic::error(e.to_string())]))?;
    write_atomic(path, &bytes).map(|_| ()).map_err(|e| {
        out.fail(vec![
            Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
                .with_help("check that the output folder exists and is writable"),
        ])
    })
}

fn report(out: &Reporter, redline: &Redline, path: &Path) {
    if redline.is_unchanged() {
        out.info(&format!(
            "    no differences; wrote {} (identical drafts)",
            path.display()
        ));
    } else {
        out.info(&format!(
            "    {} changed sections; wrote {}",
            redline.changes.len(),
            path.display()
        ));
    }
}

/// The documents of a spec built now against the same documents from `from`.
fn compare_spec(
    out: &mut Reporter,
    args: &CompareArgs,
    spec_path: &Path,
    from: &Path,
    formats: &[Format],
    options: &WriteOptions,
) -> Result<(), Reported> {
    let engine = load_engine(out, &args.library)?;
    let spec = load_spec(out, spec_path)?;
    let current = Lockfile::read(&lock_path(spec_path)).map_err(|d| out.fail(d))?;
    let earlier = if from.is_dir() {
        None
    } else {
        Some(
            Lockfile::read(from)
                .map_err(|d| out.fail(d))?
                .ok_or_else(|| {
                    out.fail(vec![
                        Diagnostic::error(format!("cannot read `{}`", from.display()))
                            .with_help("--from takes a lockfile or an earlier pack folder"),
                    ])
                })?,
        )
    };
    for kind in Engine::requested_kinds(&spec) {
        let built = |lock: Option<&Lockfile>, out: &mut Reporter| {
            engine
                .build(&spec, kind, lock)
                .map(|b| b.document)
                .map_err(|d| out.fail(d))
        };
        let new = built(current.as_ref(), out)?;
        let old = match &earlier {
            Some(lock) => built(Some(lock), out)?,
            None => read_draft(out, &from.join(format!("{kind}.md")))?,
        };
        let redline = compare::compare(&old, &new);
        let names = (
            format!("{kind} ({})", display_name(from)),
            format!("{kind} (now)"),
        );
        for &format in formats {
            let path = args
                .output
                .join(format!("{kind}.redline.{}", format.extension()));
            write_redline(out, &redline, format, &path, &names, options)?;
            report(out, &redline, &path);
        }
    }
    Ok(())
}

/// For `rfx build --redline-against DIR`: next to each document of the pack just
/// written to `folder`, `<kind>.redline.<ext>` against `<kind>.md` in `earlier`.
pub(super) fn redline_pack(
    out: &mut Reporter,
    folder: &Path,
    pack: &crate::pack::Pack,
    earlier: &Path,
    options: &WriteOptions,
) -> Result<(), Reported> {
    for (name, bytes) in &pack.files {
        let Some(kind) = name.strip_suffix(".md") else {
            continue;
        };
        let old_path = earlier.join(name);
        if !old_path.exists() {
            out.emit(&[Diagnostic::warning(format!(
                "no `{}` to compare `{kind}` with; no redline written",
                old_path.display()
            ))]);
            continue;
        }
        let old = read_draft(out, &old_path)?;
        let new = parse_draft(out, &String::from_utf8_lossy(bytes), name);
        let redline = compare::compare(&old, &new);
        let names = (
            old_path.display().to_string(),
            format!("{kind} (this build)"),
        );
        for format in Format::ALL {
            let built = format!("{kind}.{}", format.extension());
            if !pack.files.iter().any(|(n, _)| *n == built) {
                continue;
            }
            let path = folder.join(format!("{kind}.redline.{}", format.extension()));
            write_redline(out, &redline, format, &path, &names, options)?;
            report(out, &redline, &path);
        }
    }
    Ok(())
}
