//! PDF writer benchmarks: a hand-built MSA of about ten pages, written in a warm
//! process, and the hostile shapes of issue 11 at two sizes ten times apart, through
//! the Markdown reader and every writer (ten times the input may cost at most about
//! twelve times the time).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rfx::doc::Document;
use rfx::writers::pdf::fonts::{FamilyFiles, FontSetup};
use rfx::writers::{PdfStandard, WriteOptions, docx, markdown, pdf};
use std::hint::black_box;
use std::time::Duration;

#[path = "../tests/it/sample_docs.rs"]
mod sample_docs;

/// The allocator the rfx binary uses (`src/main.rs`), so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn msa_pdf(c: &mut Criterion) {
    let doc = sample_docs::msa(16);
    let pages = pdf::layout::layout(&doc, pdf::fonts::fonts().expect("fonts"))
        .expect("layout")
        .pages
        .len();
    // The default (PDF/A-2u and PDF/UA-1, tagged), then untagged PDF/A-2u, so the
    // cost of tagging is reported in time and size.
    for (name, standard) in [
        ("pdf_msa_10_pages", PdfStandard::default()),
        ("pdf_msa_10_pages_untagged", PdfStandard::A2u),
    ] {
        let options = WriteOptions {
            pdf_standard: standard,
            ..WriteOptions::default()
        };
        let bytes = match pdf::write(&doc, &options) {
            Ok(bytes) => bytes,
            Err(e) => panic!("benchmark document does not build: {e}"),
        };
        eprintln!(
            "msa benchmark document ({}): {pages} pages, {} bytes, {:.1} KB a page",
            standard.name(),
            bytes.len(),
            bytes.len() as f64 / 1024.0 / pages as f64
        );
        c.bench_function(name, |b| {
            b.iter(|| pdf::write(black_box(&doc), black_box(&options)))
        });
    }
    let options = WriteOptions::default();
    let logo = sample_docs::with_logo(doc.clone());
    c.bench_function("pdf_msa_10_pages_logo", |b| {
        b.iter(|| pdf::write(black_box(&logo), black_box(&options)))
    });
    // Issue 17's case: the logo, and the headings in a second family (DejaVu Sans,
    // from bytes, as a theme's font files come).
    let families = WriteOptions {
        fonts: FontSetup::default().with_headings(FamilyFiles {
            name: "DejaVu Sans".into(),
            regular: include_bytes!("../src/writers/pdf/fonts/DejaVuSans.ttf").to_vec(),
            bold: None,
            italic: None,
            bold_italic: None,
        }),
        ..WriteOptions::default()
    };
    let bytes = pdf::write(&logo, &families).expect("the logo and families build");
    eprintln!(
        "msa benchmark document with logo and two families: {} bytes, {:.1} KB a page",
        bytes.len(),
        bytes.len() as f64 / 1024.0 / pages as f64
    );
    c.bench_function("pdf_msa_10_pages_logo_families", |b| {
        b.iter(|| pdf::write(black_box(&logo), black_box(&families)))
    });
    let noted = with_footnotes(doc.clone());
    c.bench_function("pdf_msa_10_pages_footnotes", |b| {
        b.iter(|| pdf::write(black_box(&noted), black_box(&options)))
    });
    let pricing = sample_docs::pricing(2000);
    c.bench_function("pdf_pricing_2000_rows", |b| {
        b.iter(|| pdf::write(black_box(&pricing), black_box(&options)))
    });
}

/// The MSA with a footnote after the first sentence of every body paragraph.
fn with_footnotes(mut doc: Document) -> Document {
    use rfx::doc::{Block, Footnote, Inline};
    let mut n = 0;
    for block in &mut doc.blocks {
        if let Block::Paragraph(inlines) = block
            && inlines.len() > 2
        {
            n += 1;
            let note = Footnote {
                mark: n.to_string(),
                blocks: vec![Block::Paragraph(vec![Inline::Text(
                    "Good Industry Practice is defined in the Definitions schedule and \
                     applies to every Service, including those added by change control."
                        .into(),
                )])],
            };
            inlines.insert(1, Inline::Footnote(note));
        }
    }
    doc
}

/// `n` footnote references in one paragraph, with their definitions.
fn footnotes(n: usize) -> String {
    let body: Vec<String> = (0..n).map(|i| format!("claim{i}[^n{i}]")).collect();
    let defs: Vec<String> = (0..n).map(|i| format!("[^n{i}]: Note {i}.")).collect();
    format!("{}\n\n{}\n", body.join(" "), defs.join("\n"))
}

/// `"**a *b _c ~~d"` repeated `n` times in one paragraph: unclosed delimiters.
fn emphasis(n: usize) -> String {
    "**a *b _c ~~d".repeat(n) + "\n"
}

/// `n` reference links in one paragraph, with their definitions.
fn reference_links(n: usize) -> String {
    let body: Vec<String> = (0..n).map(|i| format!("[l{i}][r{i}]")).collect();
    let defs: Vec<String> = (0..n)
        .map(|i| format!("[r{i}]: https://example.com/{i}"))
        .collect();
    format!("{}\n\n{}\n", body.join(" "), defs.join("\n"))
}

/// `n` lines mixing `>` and `-` nesting up to twenty deep.
fn nesting(n: usize) -> String {
    (0..n)
        .map(|i| {
            let marks: String = (0..i % 20)
                .map(|k| if k % 2 == 0 { "> " } else { "- " })
                .collect();
            format!("{marks}line {i}\n")
        })
        .collect()
}

/// A table of `n` columns and one row.
fn wide_table(n: usize) -> String {
    let row = |f: &dyn Fn(usize) -> String| {
        let cells: Vec<String> = (0..n).map(f).collect();
        format!("|{}|\n", cells.join("|"))
    };
    row(&|i| format!("c{i}")) + &row(&|_| "-".into()) + &row(&|i| i.to_string())
}

/// A document whose title is about `bytes` long.
fn long_title(bytes: usize) -> String {
    let words: Vec<String> = (0..bytes / 8)
        .map(|i| format!("word{}", i % 1000))
        .collect();
    let title = words.join(" ");
    format!(
        "---\ntitle: \"{}\"\n---\n\nBody text.\n",
        &title[..bytes.min(title.len())]
    )
}

fn linear(c: &mut Criterion) {
    let shapes: Vec<(&str, usize, String)> = vec![
        ("emphasis", 1_000, emphasis(1_000)),
        ("emphasis", 10_000, emphasis(10_000)),
        ("reference_links", 2_000, reference_links(2_000)),
        ("reference_links", 20_000, reference_links(20_000)),
        ("reference_links", 50_000, reference_links(50_000)),
        ("footnotes", 500, footnotes(500)),
        ("footnotes", 5_000, footnotes(5_000)),
        ("nesting", 1_000, nesting(1_000)),
        ("nesting", 10_000, nesting(10_000)),
        ("table_columns", 10_000, wide_table(10_000)),
        ("table_columns", 100_000, wide_table(100_000)),
        ("title_bytes", 200_000, long_title(200_000)),
        ("title_bytes", 2_000_000, long_title(2_000_000)),
    ];
    let options = WriteOptions::default();
    let mut group = c.benchmark_group("linear");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    for (shape, n, text) in &shapes {
        let mut doc: Document = rfx::markdown::parse(text);
        doc.resolve(&rfx::resolve::ResolveOptions::default());
        group.bench_with_input(
            BenchmarkId::new(format!("read/{shape}"), n),
            text,
            |b, t| b.iter(|| rfx::markdown::parse(black_box(t))),
        );
        group.bench_with_input(BenchmarkId::new(format!("pdf/{shape}"), n), &doc, |b, d| {
            b.iter(|| pdf::write(black_box(d), &options))
        });
        group.bench_with_input(BenchmarkId::new(format!("md/{shape}"), n), &doc, |b, d| {
            b.iter(|| markdown::write(black_box(d), &options))
        });
        group.bench_with_input(
            BenchmarkId::new(format!("docx/{shape}"), n),
            &doc,
            |b, d| b.iter(|| docx::write(black_box(d), &options)),
        );
    }
    group.finish();
}

criterion_group!(benches, msa_pdf, linear);
criterion_main!(benches);
