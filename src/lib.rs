//! rfx: an RFx document generator and contract-clause assembler.
//!
//! The pipeline is `spec` → `compose` → `markdown` → [`doc::Document`] → `writers`;
//! see `ARCHITECTURE.md` for the stages and their invariants.

#![warn(missing_docs)]
// Diagnostics are rich (location, source line, help) and travel only on the error path.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod civil;
pub mod cli;
pub mod compose;
pub mod diag;
pub mod doc;
pub mod evaluate;
pub mod evaluation;
pub mod library;
pub mod markdown;
pub mod output;
pub mod pack;
pub mod resolve;
pub mod spec;
pub mod workbook;
pub mod writers;
