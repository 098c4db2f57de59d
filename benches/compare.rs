//! `rfx compare` of two drafts of the example MSA (28 pages) and `rfx review` of its
//! returned DOCX. Targets: compare ≤ 50 ms, review ≤ 100 ms.
//!
//! Run with `cargo bench --bench compare`.

use criterion::{Criterion, criterion_group, criterion_main};
use rfx::build::Engine;
use rfx::compare::{compare, summary};
use rfx::library::Library;
use rfx::resolve::ResolveOptions;
use rfx::review::{read, review, schedule};
use rfx::writers::{Format, WriteOptions, write};
use std::hint::black_box;
use std::path::Path;

/// The second draft: a changed sentence, a changed table cell, a deleted and an
/// inserted paragraph, and a section moved.
fn edited(md: &str) -> String {
    let mut s = md.replacen(
        "for more than twenty (20) Business Days",
        "for more than thirty (30) Business Days",
        1,
    );
    s = s.replacen("| Week 14 |", "| Week 16 |", 1);
    let para_after = |s: &str, heading: &str| {
        let i = s.find(heading).expect("heading");
        let j = s[i..].find("\n\n").expect("body") + i + 2;
        let k = s[j..].find("\n\n").expect("end") + j;
        (j, k)
    };
    let (j, k) = para_after(&s, "## 5.2 Expenses");
    s.replace_range(j..k + 2, "");
    let (_, k) = para_after(&s, "## 4.2 Service failure");
    s.insert_str(
        k,
        "\n\nNordstern shall report every Service Level failure in the next monthly review.",
    );
    let a = s.find("## 2.5 ").expect("2.5");
    let b = s.find("## 2.6 ").expect("2.6");
    let c = s.find("# 3 ").expect("3");
    let moved = format!("{}{}", &s[b..c], &s[a..b]);
    s.replace_range(a..c, &moved);
    s
}

fn parse(md: &str) -> rfx::doc::Document {
    let mut d = rfx::markdown::parse(md);
    d.resolve(&ResolveOptions::default());
    d
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new(Library::builtin().expect("built-in library"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/cloud-migration.yaml")).unwrap();
    let spec = rfx::spec::load("cloud-migration", &text).expect("example valid");
    let built = engine
        .build(&spec, rfx::DocumentKind::Msa, None)
        .expect("msa builds");
    let options = WriteOptions::default();
    let old_md = String::from_utf8(write(&built.document, Format::Markdown, &options).unwrap())
        .expect("utf-8");
    let new_md = edited(&old_md);
    let (old, new) = (parse(&old_md), parse(&new_md));
    assert_eq!(compare(&old, &new).changes.len(), 5);

    c.bench_function("compare msa: model diff", |b| {
        b.iter(|| black_box(compare(&old, &new)))
    });
    c.bench_function("compare msa: md drafts -> docx redline", |b| {
        b.iter(|| {
            let r = compare(&parse(&old_md), &parse(&new_md));
            black_box(write(&r.document, Format::Docx, &options).unwrap())
        })
    });
    c.bench_function("compare msa: md drafts -> pdf redline", |b| {
        b.iter(|| {
            let r = compare(&parse(&old_md), &parse(&new_md));
            let d = summary::with_summary(&r, "old.md", "new.md");
            black_box(write(&d, Format::Pdf, &options).unwrap())
        })
    });

    let docx = write(&built.document, Format::Docx, &options).unwrap();
    c.bench_function("review msa docx: read + map", |b| {
        b.iter(|| {
            let paragraphs = read::paragraphs(&docx, "msa.docx").unwrap();
            black_box(review(&built.document, &paragraphs))
        })
    });
    c.bench_function("review msa docx: rebuild + read + map + schedules", |b| {
        b.iter(|| {
            let sent = engine.build(&spec, rfx::DocumentKind::Msa, None).unwrap();
            let paragraphs = read::paragraphs(&docx, "msa.docx").unwrap();
            let deviations = review(&sent.document, &paragraphs);
            let doc = schedule::document(&deviations, "msa.docx", &sent.document.meta);
            for format in Format::ALL {
                black_box(write(&doc, format, &options).unwrap());
            }
            black_box(schedule::json_lines(&deviations))
        })
    });
}

criterion_group!(compare_benches, benches);
criterion_main!(compare_benches);
