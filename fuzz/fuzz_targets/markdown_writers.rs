//! Markdown → document model → every writer: no panic, and a writer either refuses with
//! a message or returns bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rfx::resolve::ResolveOptions;
use rfx::writers::{Format, WriteOptions};

fuzz_target!(|data: &[u8]| {
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
                assert!(!bytes.is_empty());
            }
        }
    }
});
