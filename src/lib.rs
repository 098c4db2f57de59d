//! rfx: an RFx document generator and contract-clause assembler.
//!
//! The pipeline is `spec` → `compose` → `markdown` → [`doc::Document`] → `writers`;
//! see `ARCHITECTURE.md` for the stages and their invariants.

#![warn(missing_docs)]

pub mod diag;
pub mod doc;
pub mod spec;
pub mod writers;
