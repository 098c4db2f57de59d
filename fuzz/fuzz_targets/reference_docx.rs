//! A reference DOCX from any bytes: parsed, or refused with one located diagnostic
//! (see `targets::reference_docx`).
#![no_main]

// Each target uses one of the shared bodies.
#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::reference_docx(data));
