//! PDF writer benchmark: a hand-built MSA of about ten pages, written in a warm process.

use criterion::{Criterion, criterion_group, criterion_main};
use rfx::writers::{WriteOptions, pdf};
use std::hint::black_box;

#[path = "../tests/it/sample_docs.rs"]
mod sample_docs;

fn msa_pdf(c: &mut Criterion) {
    let doc = sample_docs::msa(16);
    let options = WriteOptions::default();
    let bytes = match pdf::write(&doc, &options) {
        Ok(bytes) => bytes,
        Err(e) => panic!("benchmark document does not build: {e}"),
    };
    let pages = pdf::layout::layout(&doc, pdf::fonts::fonts().expect("fonts"))
        .expect("layout")
        .pages
        .len();
    eprintln!(
        "msa benchmark document: {pages} pages, {} bytes",
        bytes.len()
    );
    c.bench_function("pdf_msa_10_pages", |b| {
        b.iter(|| pdf::write(black_box(&doc), black_box(&options)))
    });
    let pricing = sample_docs::pricing(2000);
    c.bench_function("pdf_pricing_2000_rows", |b| {
        b.iter(|| pdf::write(black_box(&pricing), black_box(&options)))
    });
}

criterion_group!(benches, msa_pdf);
criterion_main!(benches);
