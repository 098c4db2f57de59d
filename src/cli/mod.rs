//! The command line: parses arguments, reads inputs, runs the pipeline, writes files.
//!
//! Exit status: 0 success; 1 invalid input or a document that failed; 2 usage error.

use crate::build::{Engine, timestamp};
use crate::diag::Diagnostic;
use crate::doc::DocumentKind;
use crate::house::WriterFlags;
use crate::library::Library;
use crate::library::lockfile::{Lockfile, lock_path};
use crate::output::{Outcome, write_atomic};
use crate::pack::{self, Pack, Plan};
use crate::resolve::ResolveOptions;
use crate::spec::{self, SpecFile};
use crate::writers::pdf::fonts::FontSetup;
use crate::writers::{self, Format, PdfStandard, WriteOptions};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

mod batch;
mod compare;
mod evaluate;
mod library;
mod lint;
mod lock;
mod review;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// rfx: generate RFIs, RFPs, RFQs, MSAs, SLAs and NDAs from an engagement spec.
#[derive(Parser, Debug)]
#[command(name = "rfx", version, about, long_about = None)]
pub struct Cli {
    /// How diagnostics are printed.
    #[arg(long, value_enum, global = true, default_value = "human")]
    pub message_format: MessageFormat,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Diagnostic output style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// `error: …` with location, source line and caret, on stderr.
    Human,
    /// One JSON object per line, on stdout.
    Json,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the documents of a spec into DIR/<engagement id>/<kind>.<ext>.
    Build {
        /// The engagement spec (YAML).
        spec: PathBuf,
        /// Build only these document kinds (repeatable).
        #[arg(long = "doc", value_name = "KIND", value_enum)]
        docs: Vec<DocumentKind>,
        /// Output formats, comma-separated (md, pdf, docx); default: all available.
        #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
        format: Vec<String>,
        /// Output folder.
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
        /// Fail if the lockfile is missing or would change (for CI).
        #[arg(long)]
        locked: bool,
        /// Print, per document and clause, which library file was chosen and why.
        #[arg(long)]
        explain: bool,
        /// Build at this stage instead of the spec's own (an `award` section or a
        /// supplier means contract, otherwise tender).
        #[arg(long, value_enum, value_name = "STAGE")]
        stage: Option<StageArg>,
        /// Also write `<kind>.redline.<ext>` against `<kind>.md` in this earlier pack.
        #[arg(long, value_name = "DIR")]
        redline_against: Option<PathBuf>,
        /// The standards PDFs are written to: a-2u+ua-1 (archivable and
        /// accessible), a-2u, a-2b, ua-1 or none.
        #[arg(long, value_name = "STANDARD", value_parser = parse_pdf_standard, default_value_t = PdfStandard::default())]
        pdf_standard: PdfStandard,
        /// A Word document or template (.docx, .dotx) whose styles, page setup,
        /// headers and footers the DOCX files take.
        #[arg(long, value_name = "FILE")]
        reference_docx: Option<PathBuf>,
        /// The theme (house style) to use: `themes/NAME.yaml` of the library, over the
        /// spec's `output.theme`.
        #[arg(long, value_name = "NAME")]
        theme: Option<String>,
        /// A folder of font files (with subfolders) searched for characters the
        /// document's fonts lack, before the system's fonts (repeatable).
        #[arg(long = "font-path", value_name = "DIR")]
        font_path: Vec<PathBuf>,
    },
    /// Redline two drafts: tracked changes in DOCX, marked-up PDF or Markdown.
    Compare(compare::CompareArgs),
    /// Review a returned DOCX against the sent wording: a deviation schedule per clause.
    Review(review::ReviewArgs),
    /// Choose every clause version afresh and rewrite `<SPEC>.lock`.
    Lock {
        /// The engagement spec.
        spec: PathBuf,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
    },
    /// List newer versions of the clauses a spec uses: compatible with its pins or not.
    Outdated {
        /// The engagement spec.
        spec: PathBuf,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
    },
    /// Inspect and check the clause library.
    Library {
        /// What to do.
        #[command(subcommand)]
        command: library::LibraryCommand,
    },
    /// Build many specs in parallel, each into DIR/<engagement id>/.
    Batch {
        /// Spec files, or folders searched for `*.yaml` specs.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        /// Worker threads (default: the number of cores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Output formats, comma-separated (md, pdf, docx); default: all available.
        #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
        format: Vec<String>,
        /// Build only shard K of N (stable by spec path), e.g. `--shard 2/8`.
        #[arg(long, value_name = "K/N")]
        shard: Option<batch::Shard>,
        /// Rebuild packs whose manifest says they are up to date.
        #[arg(long)]
        force: bool,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
        /// The standards PDFs are written to: a-2u+ua-1 (archivable and
        /// accessible), a-2u, a-2b, ua-1 or none.
        #[arg(long, value_name = "STANDARD", value_parser = parse_pdf_standard, default_value_t = PdfStandard::default())]
        pdf_standard: PdfStandard,
        /// A Word document or template (.docx, .dotx) whose styles, page setup,
        /// headers and footers the DOCX files take.
        #[arg(long, value_name = "FILE")]
        reference_docx: Option<PathBuf>,
        /// The theme (house style) for every spec, over their `output.theme`.
        #[arg(long, value_name = "NAME")]
        theme: Option<String>,
        /// A folder of font files (with subfolders) searched for characters the
        /// document's fonts lack, before the system's fonts (repeatable).
        #[arg(long = "font-path", value_name = "DIR")]
        font_path: Vec<PathBuf>,
    },
    /// Validate specs against the schema and the library; print every diagnostic.
    Check {
        /// Specs to check.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
        /// Also lint the documents (as `rfx lint`).
        #[arg(long)]
        lint: bool,
    },
    /// Compose the documents of specs without writing them and check their text.
    Lint {
        /// Specs to lint.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
        /// Lint only these document kinds (repeatable).
        #[arg(long = "doc", value_name = "KIND", value_enum)]
        docs: Vec<DocumentKind>,
        /// `--deny warnings`: fail on warnings too.
        #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
        deny: Option<String>,
    },
    /// Convert an (edited) Markdown draft; the format comes from OUT's extension.
    Render {
        /// The Markdown file.
        input: PathBuf,
        /// The output file: .md, .pdf or .docx.
        #[arg(short, long)]
        output: PathBuf,
        /// The standards PDFs are written to: a-2u+ua-1 (archivable and
        /// accessible), a-2u, a-2b, ua-1 or none.
        #[arg(long, value_name = "STANDARD", value_parser = parse_pdf_standard, default_value_t = PdfStandard::default())]
        pdf_standard: PdfStandard,
        /// A Word document or template (.docx, .dotx) whose styles, page setup,
        /// headers and footers the DOCX files take.
        #[arg(long, value_name = "FILE")]
        reference_docx: Option<PathBuf>,
        /// A folder of font files (with subfolders) searched for characters the
        /// document's fonts lack, before the system's fonts (repeatable).
        #[arg(long = "font-path", value_name = "DIR")]
        font_path: Vec<PathBuf>,
    },
    /// Write a commented starter spec.
    Init {
        /// Where to write it.
        #[arg(default_value = "engagement.yaml")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of the spec (for editor completion).
    Schema,
    /// Evaluate returned response and scoring workbooks: gates, scores, ranking,
    /// report, feedback letters and (with --award) the award overlay.
    Evaluate {
        /// The engagement spec the tender was issued from.
        spec: PathBuf,
        /// Folder of returned response forms (`*.xlsx`).
        #[arg(long, value_name = "DIR")]
        responses: PathBuf,
        /// Folder of returned scoring workbooks (default: `scoring-*.xlsx` in the
        /// responses folder).
        #[arg(long, value_name = "DIR")]
        scores: Option<PathBuf>,
        /// Output folder.
        #[arg(short, long, default_value = "evaluation")]
        output: PathBuf,
        /// Formats of the report and letters, comma-separated (md, pdf, docx).
        #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
        format: Vec<String>,
        /// Also write `award.yaml`, the award overlay for the contract stage.
        #[arg(long)]
        award: bool,
        /// A library folder laid over the built-in one (repeatable).
        #[arg(long, value_name = "DIR")]
        library: Vec<PathBuf>,
        /// The standards PDFs are written to: a-2u+ua-1 (archivable and
        /// accessible), a-2u, a-2b, ua-1 or none.
        #[arg(long, value_name = "STANDARD", value_parser = parse_pdf_standard, default_value_t = PdfStandard::default())]
        pdf_standard: PdfStandard,
    },
}

/// The stage a pack is built at (`--stage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StageArg {
    /// Before award: bidder-neutral drafts marked "Draft for tender — subject to contract".
    Tender,
    /// After award: the named supplier and the prices of its bid.
    Contract,
}

impl From<StageArg> for spec::Stage {
    fn from(s: StageArg) -> spec::Stage {
        match s {
            StageArg::Tender => spec::Stage::Tender,
            StageArg::Contract => spec::Stage::Contract,
        }
    }
}

/// Parses `--pdf-standard`.
pub(crate) fn parse_pdf_standard(name: &str) -> Result<PdfStandard, String> {
    PdfStandard::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = PdfStandard::NAMES.iter().map(|(n, _)| *n).collect();
        format!("unknown PDF standard `{name}`: use {}", names.join(", "))
    })
}

/// Formats whose writers are available in this build.
fn available(format: Format) -> bool {
    writers::is_available(format)
}

/// Runs the command line and returns the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let mut out = Reporter {
        format: cli.message_format,
        failed: false,
    };
    if let Some(s) = std::env::var_os("SOURCE_DATE_EPOCH") {
        if let Err(message) = crate::build::source_date_epoch(&s.to_string_lossy()) {
            return usage_error(&message);
        }
    }
    let result = match cli.command {
        Command::Build {
            spec,
            docs,
            format,
            output,
            library,
            locked,
            explain,
            stage,
            redline_against,
            pdf_standard,
            reference_docx,
            theme,
            font_path,
        } => match (parse_formats(&format), font_dirs(&font_path)) {
            (Err(msg), _) | (_, Err(msg)) => return usage_error(&msg),
            (Ok(formats), Ok(font_dirs)) => build(
                &mut out,
                &spec,
                &docs,
                &formats,
                &output,
                &library,
                BuildFlags {
                    locked,
                    explain,
                    stage: stage.map(spec::Stage::from),
                    redline_against: redline_against.as_deref(),
                    pdf_standard,
                    reference_docx: reference_docx.as_deref(),
                    theme,
                    font_dirs,
                },
            ),
        },
        Command::Compare(args) => compare::run(&mut out, &args),
        Command::Review(args) => review::run(&mut out, &args),
        Command::Lock { spec, library } => lock::lock(&mut out, &spec, &library),
        Command::Outdated { spec, library } => lock::outdated(&mut out, &spec, &library),
        Command::Library { command } => library::run(&mut out, command),
        Command::Batch {
            inputs,
            output,
            jobs,
            format,
            shard,
            force,
            library,
            pdf_standard,
            reference_docx,
            theme,
            font_path,
        } => match (parse_formats(&format), font_dirs(&font_path)) {
            (Err(msg), _) | (_, Err(msg)) => return usage_error(&msg),
            (Ok(formats), Ok(font_dirs)) => load_reference(&mut out, reference_docx.as_deref())
                .and_then(|reference| {
                    batch::batch(
                        &mut out,
                        &batch::BatchSettings {
                            inputs: &inputs,
                            output: &output,
                            jobs,
                            formats: &formats,
                            shard,
                            force,
                            library: &library,
                            theme,
                            writers: WriterFlags {
                                pdf_standard,
                                reference,
                                font_dirs,
                            },
                        },
                    )
                }),
        },
        Command::Check {
            specs,
            library,
            lint: with_lint,
        } => check(&mut out, &specs, &library).and_then(|()| {
            if with_lint && !out.failed {
                lint::run(
                    &mut out,
                    &lint::LintSettings {
                        specs: &specs,
                        library: &library,
                        docs: &[],
                        deny_warnings: false,
                    },
                )
            } else {
                Ok(())
            }
        }),
        Command::Lint {
            specs,
            library,
            docs,
            deny,
        } => lint::run(
            &mut out,
            &lint::LintSettings {
                specs: &specs,
                library: &library,
                docs: &docs,
                deny_warnings: deny.is_some(),
            },
        ),
        Command::Render {
            input,
            output,
            pdf_standard,
            reference_docx,
            font_path,
        } => match output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_name)
        {
            Some(f) if available(f) => match font_dirs(&font_path) {
                Ok(dirs) => {
                    let fonts = dirs
                        .into_iter()
                        .fold(FontSetup::default(), FontSetup::with_font_dir);
                    load_reference(&mut out, reference_docx.as_deref()).and_then(|reference| {
                        render(&mut out, &input, &output, f, pdf_standard, reference, fonts)
                    })
                }
                Err(msg) => return usage_error(&msg),
            },
            Some(f) => {
                return usage_error(&format!("the {f} writer is not available in this build"));
            }
            None => {
                return usage_error(&format!(
                    "cannot tell the output format of `{}`: use a .md, .pdf or .docx name",
                    output.display()
                ));
            }
        },
        Command::Init { path, force } => init(&mut out, &path, force),
        Command::Evaluate {
            spec,
            responses,
            scores,
            output,
            format,
            award,
            library,
            pdf_standard,
        } => match parse_formats(&format) {
            Ok(formats) => evaluate::run(
                &mut out,
                &evaluate::Args {
                    spec: &spec,
                    responses: &responses,
                    scores: scores.as_deref(),
                    output: &output,
                    formats: &formats,
                    award,
                    library: &library,
                    pdf_standard,
                },
            ),
            Err(msg) => return usage_error(&msg),
        },
        Command::Schema => {
            println!("{}", spec::json_schema());
            Ok(())
        }
    };
    if result.is_err() || out.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    eprintln!("\nFor more information, try '--help'.");
    ExitCode::from(2)
}

fn parse_formats(names: &[String]) -> Result<Vec<Format>, String> {
    if names.is_empty() {
        return Ok(Format::ALL.into_iter().filter(|f| available(*f)).collect());
    }
    let mut formats = Vec::new();
    for name in names {
        let f = Format::from_name(name)
            .ok_or_else(|| format!("unknown format `{name}`: use md, pdf or docx"))?;
        if !available(f) {
            return Err(format!(
                "the {f} writer is not available in this build; use --format md"
            ));
        }
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    Ok(formats)
}

/// Prints diagnostics in the chosen style and remembers whether any was an error.
pub(crate) struct Reporter {
    format: MessageFormat,
    failed: bool,
}

/// Marker error: the failure was already reported.
pub(crate) struct Reported;

impl Reporter {
    fn emit(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            self.failed |= d.is_error();
            match self.format {
                MessageFormat::Human => eprintln!("{d}"),
                MessageFormat::Json => println!("{}", d.to_json_line()),
            }
        }
    }

    fn fail(&mut self, diags: Vec<Diagnostic>) -> Reported {
        self.emit(&diags);
        self.failed = true;
        Reported
    }

    fn info(&self, line: &str) {
        if self.format == MessageFormat::Human {
            eprintln!("{line}");
        }
    }
}

/// The built-in library with the user's folders laid over it. A user library is parsed
/// whole here, so its syntax errors are reported before anything is built; the built-in
/// one (checked by the test suite) is parsed only as far as a build needs.
pub(crate) fn load_engine(out: &mut Reporter, dirs: &[PathBuf]) -> Result<Engine, Reported> {
    let mut library = Library::builtin().map_err(|d| out.fail(d))?;
    for dir in dirs {
        let notes = library.add_dir(dir).map_err(|d| out.fail(d))?;
        out.emit(&notes);
    }
    let engine = Engine::new(library);
    if !dirs.is_empty() {
        let errors = engine.check_templates();
        if !errors.is_empty() {
            return Err(out.fail(errors));
        }
    }
    Ok(engine)
}

fn load_spec(out: &mut Reporter, path: &Path) -> Result<SpecFile, Reported> {
    let display = path.display().to_string();
    let text = crate::input::read_text(path).map_err(|e| {
        let mut d = e.diagnostic("spec", &display);
        if e.is_not_found() {
            d = d.with_help("check the path; `rfx init` writes a starter spec");
        }
        out.fail(vec![d])
    })?;
    let spec = spec::load(&display, &text).map_err(|d| out.fail(d))?;
    out.emit(&spec.warnings);
    Ok(spec)
}

/// `rfx build`'s switches beyond the spec, documents, formats and folders.
struct BuildFlags<'a> {
    locked: bool,
    explain: bool,
    /// Build at this stage instead of the spec's own.
    stage: Option<spec::Stage>,
    /// Also write redlines against this earlier pack.
    redline_against: Option<&'a Path>,
    /// The standards PDFs are written to.
    pdf_standard: PdfStandard,
    /// The reference document DOCX files take their look from.
    reference_docx: Option<&'a Path>,
    /// `--theme`.
    theme: Option<String>,
    /// `--font-path` folders.
    font_dirs: Vec<PathBuf>,
}

/// Reads `--reference-docx FILE` (bounded like every input) and parses it.
fn load_reference(
    out: &mut Reporter,
    path: Option<&Path>,
) -> Result<Option<std::sync::Arc<writers::docx::ReferenceDocx>>, Reported> {
    let Some(path) = path else {
        return Ok(None);
    };
    let display = path.display().to_string();
    let bytes = crate::input::read_bytes(path)
        .map_err(|e| out.fail(vec![e.diagnostic("the reference DOCX", &display)]))?;
    let reference = writers::docx::ReferenceDocx::from_bytes(&bytes, &display)
        .map_err(|d| out.fail(vec![d]))?;
    Ok(Some(std::sync::Arc::new(reference)))
}

/// The `--font-path` folders: each must exist.
fn font_dirs(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    match dirs.iter().find(|d| !d.is_dir()) {
        Some(dir) => Err(format!("--font-path `{}` is not a folder", dir.display())),
        None => Ok(dirs.to_vec()),
    }
}

fn build(
    out: &mut Reporter,
    spec_path: &Path,
    docs: &[DocumentKind],
    formats: &[Format],
    output: &Path,
    library: &[PathBuf],
    flags: BuildFlags<'_>,
) -> Result<(), Reported> {
    let BuildFlags {
        locked,
        explain,
        stage,
        redline_against,
        pdf_standard,
        reference_docx,
        theme,
        font_dirs,
    } = flags;
    let reference = load_reference(out, reference_docx)?;
    let engine = load_engine(out, library)?
        .with_theme(theme)
        .with_writer_flags(WriterFlags {
            pdf_standard,
            reference,
            font_dirs,
        });
    let mut spec = load_spec(out, spec_path)?;
    if let Some(stage) = stage {
        spec = spec.at_stage(stage).map_err(|d| out.fail(d))?;
    }
    let mut lock = lock::LockSession::open(out, spec_path, locked, explain)?;
    for d in docs {
        if !spec.spec.documents.contains(d) {
            out.emit(&[Diagnostic::warning(format!(
                "`{d}` is not in the spec's `documents` list; building it anyway"
            ))]);
        }
    }
    let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let plan = Plan::new(&engine, &spec, docs, formats, source_date_epoch.as_deref())
        .map_err(|d| out.fail(d))?;
    let pack = pack::assemble(&engine, &spec, &plan, lock.lock()).map_err(|d| out.fail(d))?;
    out.emit(&pack.warnings);
    if !lock.record(out, &spec, &pack) {
        return Err(Reported);
    }
    let folder = output.join(&pack.engagement);
    let written = write_pack(&folder, &pack).map_err(|d| out.fail(vec![d]))?;
    out.info(&format!("    {written} in {}", folder.display()));
    if let Some(earlier) = redline_against {
        compare::redline_pack(out, &folder, &pack, earlier, &plan.options)?;
    }
    let done = lock.finish(out);
    end_of_command((engine, spec, pack));
    done
}

/// Leaves what a command built (the engine's parsed library and templates, a pack's
/// files) to the end of the process instead of freeing it piece by piece: deliberate,
/// since the process exits right after and freeing would only cost time.
fn end_of_command<T>(built: T) {
    std::mem::forget(built);
}

/// Removes temporary files a killed run left in a pack folder.
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if crate::output::is_temp_file(&entry.file_name().to_string_lossy()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes a pack's files atomically, the manifest last, so a folder with a manifest is a
/// complete pack. Returns the number of files in the pack folder and how many of them
/// already held the same bytes (left as they were).
pub(crate) fn write_pack(folder: &Path, pack: &Pack) -> Result<PackWritten, Diagnostic> {
    crate::output::refuse_linked_folder(folder).map_err(|e| {
        Diagnostic::error(format!("cannot write `{}`: {e}", folder.display()))
            .with_help("remove the link (or build into another folder with `--output`)")
    })?;
    remove_stale_temporaries(folder);
    let write = |name: &str, bytes: &[u8]| {
        let path = folder.join(name);
        write_atomic(&path, bytes).map_err(|e| {
            Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
                .with_help("check that the output folder is writable and the disk has space")
        })
    };
    // The files at once (creating and renaming them is mostly the kernel's work, which
    // then runs on every core); the first failure in pack order is reported.
    let results: Vec<_> = pack
        .files
        .par_iter()
        .map(|(name, bytes)| write(name, bytes))
        .collect();
    let mut outcomes = results.into_iter().collect::<Result<Vec<Outcome>, _>>()?;
    outcomes.push(write(pack::MANIFEST, &pack.manifest.to_json())?);
    Ok(PackWritten {
        files: outcomes.len(),
        unchanged: outcomes
            .iter()
            .filter(|o| **o == Outcome::Unchanged)
            .count(),
    })
}

/// What [`write_pack`] left in a pack folder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PackWritten {
    /// Files of the pack, the manifest included.
    pub files: usize,
    /// Files that already held the same bytes and were left as they were.
    pub unchanged: usize,
}

impl std::fmt::Display for PackWritten {
    /// "wrote 3 files" or "wrote 1 file and left 2 unchanged".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let written = self.files - self.unchanged;
        let s = if written == 1 { "" } else { "s" };
        write!(f, "wrote {written} file{s}")?;
        if self.unchanged > 0 {
            write!(f, " and left {} unchanged", self.unchanged)?;
        }
        Ok(())
    }
}

fn check(out: &mut Reporter, specs: &[PathBuf], library: &[PathBuf]) -> Result<(), Reported> {
    // Specs first: a spec that does not load needs no library to say so.
    let loaded: Vec<SpecFile> = specs
        .iter()
        .filter_map(|p| load_spec(out, p).ok())
        .collect();
    if loaded.is_empty() {
        return Err(Reported);
    }
    let engine = load_engine(out, library)?;
    for spec in &loaded {
        let lock = match Lockfile::read(&lock_path(Path::new(&spec.path))) {
            Ok(l) => l,
            Err(d) => {
                out.fail(d);
                continue;
            }
        };
        let diags = engine.check(spec, lock.as_ref());
        if diags.iter().any(Diagnostic::is_error) {
            out.fail(diags);
        } else {
            out.emit(&diags);
            out.info(&format!("    ok {}", spec.path));
        }
    }
    end_of_command((engine, loaded));
    Ok(())
}

fn render(
    out: &mut Reporter,
    input: &Path,
    output: &Path,
    format: Format,
    pdf_standard: PdfStandard,
    reference: Option<std::sync::Arc<writers::docx::ReferenceDocx>>,
    fonts: FontSetup,
) -> Result<(), Reported> {
    let text = crate::input::read_text(input).map_err(|e| {
        out.fail(vec![
            e.diagnostic("the draft", &input.display().to_string()),
        ])
    })?;
    let mut doc = crate::markdown::parse(&text);
    if doc.meta.title.is_empty() {
        doc.meta.title = input
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    }
    let mut diags = doc.resolve(&ResolveOptions::default());
    let file = input.display().to_string();
    crate::resolve::locate(
        &mut diags,
        &[crate::resolve::SourceText {
            file: &file,
            text: &text,
            first_line: 1,
        }],
    );
    for d in diags.iter_mut().filter(|d| d.location.is_none()) {
        *d = d.clone().in_file(&file);
    }
    out.emit(&diags);
    let stamp = timestamp(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(), None)
        .map_err(|d| out.fail(vec![d]))?;
    let options = WriteOptions {
        timestamp: stamp,
        pdf_standard,
        docx: writers::docx::DocxOptions { reference },
        fonts,
        ..WriteOptions::default()
    };
    let bytes = writers::write(&doc, format, &options).map_err(|e| {
        let d = Diagnostic::error(e.to_string());
        out.fail(vec![
            match crate::diag::locate_named_character(&e.message, &file, &text) {
                Some(loc) => d.at(loc),
                None => d.in_file(&file),
            },
        ])
    })?;
    write_atomic(output, &bytes).map_err(|e| {
        out.fail(vec![Diagnostic::error(format!(
            "cannot write `{}`: {e}",
            output.display()
        ))])
    })?;
    out.info(&format!("    wrote {}", output.display()));
    Ok(())
}

fn init(out: &mut Reporter, path: &Path, force: bool) -> Result<(), Reported> {
    if path.exists() && !force {
        return Err(out.fail(vec![
            Diagnostic::error(format!("`{}` already exists", path.display()))
                .with_help("choose another path, or pass --force to overwrite it"),
        ]));
    }
    write_atomic(path, spec::STARTER.as_bytes()).map_err(|e| {
        out.fail(vec![Diagnostic::error(format!(
            "cannot write `{}`: {e}",
            path.display()
        ))])
    })?;
    out.info(&format!(
        "    wrote {}; edit it, then run `rfx build {}`",
        path.display(),
        path.display()
    ));
    Ok(())
}
