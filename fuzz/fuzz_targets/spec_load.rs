//! Spec loading: any bytes give a spec or diagnostics, never a panic, and every error
//! names its place in the file (see `targets::spec_load`).
#![no_main]

// Each target uses one of the shared bodies.
#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::spec_load(data));
