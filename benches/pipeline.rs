//! Compose + model + Markdown time per document, for every document of the examples.
//!
//! Run with `cargo bench --bench pipeline`; the report names each document and its
//! Markdown size, so "NDA" and "10-page MSA" figures can be read off directly.

use criterion::{Criterion, criterion_group, criterion_main};
use rfx::build::Engine;
use rfx::library::Library;
use rfx::writers::{Format, WriteOptions, write};
use std::hint::black_box;
use std::path::Path;

fn pipeline(c: &mut Criterion) {
    let engine = Engine::new(Library::builtin().expect("built-in library"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<_> = std::fs::read_dir(root.join("examples"))
        .expect("examples folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    let options = WriteOptions::default();
    for path in specs {
        let text = std::fs::read_to_string(&path).expect("example readable");
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let spec = rfx::spec::load(&name, &text).expect("example valid");
        for kind in Engine::requested_kinds(&spec) {
            let built = engine.build(&spec, kind, None).expect("builds");
            let size = write(&built.document, Format::Markdown, &options)
                .expect("md")
                .len();
            c.bench_function(
                &format!("{name}/{kind} compose+model+md ({} KB md)", size / 1024),
                |b| {
                    b.iter(|| {
                        let built = engine.build(&spec, kind, None).expect("builds");
                        black_box(write(&built.document, Format::Markdown, &options).expect("md"))
                    })
                },
            );
        }
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
