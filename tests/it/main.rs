//! The integration-test crate: drives the `rfx` binary and the library API like a user.

mod batch;
mod cli;
mod content;
mod docx_schema;
mod evaluate;
mod footnotes;
mod fuzz_corpus;
mod hardening;
mod jurisdictions;
mod lint;
mod pdf;
mod pdf_ua;
mod properties;
mod redline;
mod reference_docx;
mod review;
mod sample_docs;
mod scripts;
mod support;
mod tender;
mod themes;
mod versioning;
mod viewers;
