//! rfx: an RFx document generator and contract-clause assembler.
//!
//! The pipeline is `spec` → `compose` → `markdown` → [`doc::Document`] → `writers`;
//! see `ARCHITECTURE.md` for the stages and their invariants.
//!
//! # Using rfx as a library
//!
//! Load a spec with [`spec::load`] (every problem comes back as a located
//! [`diag::Diagnostic`]), make an [`Engine`] over a [`Library`], build the documents the
//! spec asks for, and hand each resolved [`Document`] to a writer. [`pack::assemble`]
//! builds a whole tender pack (every document and format, the CSVs and the manifest) in
//! memory, as `rfx build` does.
//!
//! ```
//! use rfx::{Engine, Format, Library, WriteOptions};
//!
//! // The starter spec that `rfx init` writes asks for a mutual NDA.
//! let spec = rfx::spec::load("engagement.yaml", rfx::spec::STARTER)
//!     .expect("the starter spec is valid");
//! let engine = Engine::new(Library::builtin().expect("the built-in library loads"));
//! for kind in Engine::requested_kinds(&spec) {
//!     let built = engine.build(&spec, kind, None).expect("the document builds");
//!     assert_eq!(built.document.meta.kind, Some(kind));
//!     let markdown = rfx::writers::write(&built.document, Format::Markdown, &WriteOptions::default())
//!         .expect("Markdown is always available");
//!     let text = String::from_utf8(markdown).unwrap();
//!     assert!(text.contains(&built.document.meta.title));
//! }
//! ```

#![warn(missing_docs)]
// Diagnostics are rich (location, source line, help) and travel only on the error path.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod civil;
mod cli;
pub mod compare;
pub mod compose;
pub mod diag;
pub mod digest;
pub mod doc;
pub mod evaluate;
pub mod evaluation;
pub mod house;
pub mod id;
pub mod input;
pub mod library;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod pack;
pub mod resolve;
pub mod review;
pub mod spec;
pub mod theme;
pub mod version_req;
pub mod workbook;
pub mod writers;

pub use build::{BuiltDocument, Engine};
pub use doc::{Document, DocumentKind};
pub use library::Library;
pub use spec::{SpecFile, load as load_spec};
pub use writers::{Format, WriteOptions};

/// Runs the `rfx` command line and returns its exit status (the binary's `main`).
#[doc(hidden)]
pub fn run_cli() -> std::process::ExitCode {
    cli::main()
}
