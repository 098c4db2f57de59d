//! The integration-test crate: drives the `rfx` binary and the library API like a user.

mod batch;
mod cli;
mod content;
mod evaluate;
mod pdf;
mod sample_docs;
mod support;
mod tender;
mod versioning;
mod viewers;
