//! Markdown → document model → every writer: no panic, and a writer either refuses with
//! a message or returns bytes (see `targets::markdown_writers`).
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::markdown_writers(data));
