//! `rfx lint` against a Markdown build of the full service-desk pack: the lint must cost
//! at most 1.5 × the build. Warm: one engine, templates already parsed. Cold: a fresh
//! engine each iteration, so every template and clause is parsed again.
//!
//! Run with `cargo bench --bench lint`.

use criterion::{Criterion, criterion_group, criterion_main};
use rfx::build::Engine;
use rfx::library::Library;
use rfx::lint::{self, RuleSet};
use rfx::writers::{Format, WriteOptions, write};
use std::hint::black_box;

fn spec() -> rfx::SpecFile {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/service-desk.yaml");
    let text = std::fs::read_to_string(path).expect("example readable");
    rfx::spec::load("service-desk.yaml", &text).expect("example valid")
}

fn build_md(engine: &Engine, spec: &rfx::SpecFile) -> usize {
    let options = WriteOptions::default();
    Engine::requested_kinds(spec)
        .into_iter()
        .map(|kind| {
            let built = engine.build(spec, kind, None).expect("builds");
            write(&built.document, Format::Markdown, &options)
                .expect("md")
                .len()
        })
        .sum()
}

fn lint_pack(engine: &Engine, spec: &rfx::SpecFile, rules: &RuleSet) -> usize {
    let options = lint::Options { kinds: &[], rules };
    lint::lint(engine, spec, None, &options).len()
}

fn bench(c: &mut Criterion) {
    let spec = spec();
    let rules = RuleSet::builtin().expect("built-in rules");
    let warm = Engine::new(Library::builtin().expect("library"));
    c.bench_function("service-desk/warm markdown build", |b| {
        b.iter(|| black_box(build_md(&warm, &spec)))
    });
    c.bench_function("service-desk/warm lint", |b| {
        b.iter(|| black_box(lint_pack(&warm, &spec, &rules)))
    });
    c.bench_function("service-desk/cold markdown build", |b| {
        b.iter(|| {
            let engine = Engine::new(Library::builtin().expect("library"));
            black_box(build_md(&engine, &spec))
        })
    });
    c.bench_function("service-desk/cold lint", |b| {
        b.iter(|| {
            let engine = Engine::new(Library::builtin().expect("library"));
            let rules = RuleSet::builtin().expect("built-in rules");
            black_box(lint_pack(&engine, &spec, &rules))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
