//! The bodies of the fuzz targets, shared by `fuzz_targets/*.rs` (cargo-fuzz, nightly)
//! and by the stable test `tests/it/fuzz_corpus.rs`, which runs them over the
//! repository's specs and drafts and over any local `fuzz/corpus` and
//! `fuzz/artifacts`. Each function panics when a property breaks.

use rfx::resolve::ResolveOptions;
use rfx::writers::{Format, WriteOptions};

/// Spec loading: any bytes give a spec or diagnostics, never a panic; every error
/// names its place in the file, and printing it stays free of raw control characters.
pub fn spec_load(data: &[u8]) {
    let Ok(text) = rfx::input::decode(data.to_vec()) else {
        return;
    };
    if let Err(diags) = rfx::spec::load("fuzz.yaml", &text) {
        assert!(!diags.is_empty());
        for d in &diags {
            assert!(d.location.is_some(), "unlocated: {d}");
            let shown = d.to_string();
            assert!(
                !shown
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "raw control character in: {shown:?}"
            );
        }
    }
}

/// Markdown → document model → every writer: no panic, and a writer either refuses
/// with a message or returns bytes.
pub fn markdown_writers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut doc = rfx::markdown::parse(text);
    if doc.meta.title.is_empty() {
        doc.meta.title = "Fuzz".into();
    }
    let _ = doc.resolve(&ResolveOptions::default());
    for format in Format::ALL {
        if rfx::writers::is_available(format) {
            if let Ok(bytes) = rfx::writers::write(&doc, format, &WriteOptions::default()) {
                assert!(!bytes.is_empty(), "{format:?} wrote nothing");
            }
        }
    }
}

/// A reference DOCX from any bytes: a parsed template or one located diagnostic with
/// help, never a panic; a template that parses gives a DOCX.
pub fn reference_docx(data: &[u8]) {
    match rfx::writers::docx::ReferenceDocx::from_bytes(data, "fuzz.docx") {
        Ok(reference) => {
            let mut doc =
                rfx::markdown::parse("# Scope\n\n1. One\n2. Two\n\nText.[^1]\n\n[^1]: A note.\n");
            doc.meta.title = "Fuzz".into();
            doc.meta.marking = Some("Draft".into());
            let _ = doc.resolve(&ResolveOptions::default());
            let mut options = WriteOptions::default();
            options.docx.reference = Some(std::sync::Arc::new(reference));
            let bytes = rfx::writers::write(&doc, Format::Docx, &options).expect("DOCX written");
            assert!(!bytes.is_empty());
        }
        Err(d) => {
            assert!(d.location.is_some(), "unlocated: {d}");
            assert!(d.help.is_some(), "no help: {d}");
        }
    }
}
