//! Spec loading: any bytes give a spec or diagnostics, never a panic, and every error
//! names its place in the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match rfx::input::decode(data.to_vec()) {
        Ok(text) => text,
        Err(_) => return,
    };
    if let Err(diags) = rfx::spec::load("fuzz.yaml", &text) {
        assert!(!diags.is_empty());
        for d in &diags {
            assert!(d.location.is_some(), "unlocated: {d}");
            // Printing must stay short and free of raw control characters.
            let shown = d.to_string();
            assert!(!shown.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
        }
    }
});
