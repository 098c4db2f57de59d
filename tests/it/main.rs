//! The integration-test crate: drives the `rfx` binary and the library API like a user.

mod batch;
mod cli;
mod content;
mod docx_schema;
mod hardening;
mod jurisdictions;
mod pdf;
mod properties;
mod sample_docs;
mod support;
mod versioning;
mod viewers;
