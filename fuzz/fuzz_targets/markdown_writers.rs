//! Markdown → document model → every writer: no panic, and a writer either refuses with
//! a message or returns bytes (see `targets::markdown_writers`).
#![no_main]

// Each target uses one of the shared bodies.
#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::markdown_writers(data));
