//! The integration-test crate: drives the `rfx` binary and the library API like a user.

mod batch;
mod cli;
mod content;
mod jurisdictions;
mod pdf;
mod sample_docs;
mod support;
mod versioning;
mod viewers;
