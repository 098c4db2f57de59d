//! DOCX writer time for a ten-page MSA-like contract built by hand; with
//! `RFX_BENCH_REFERENCE=house.dotx` also with that reference DOCX (reading it, and
//! writing with it).

use criterion::{Criterion, criterion_group, criterion_main};
use rfx::doc::{Align, Block, Document, Heading, Inline, List, Meta, Paper, Table, TocEntry};
use rfx::writers::{WriteOptions, docx};
use std::hint::black_box;

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_string())]
}

fn heading(level: u8, number: String, title: String) -> Block {
    Block::Heading(Heading {
        level,
        anchor: Some(format!("clause-{number}")),
        number: Some(number),
        numbered: true,
        content: text(&title),
        clause: None,
    })
}

/// 30 numbered sections with two subsections each, paragraphs, lists and a 40-row
/// table, with a contents page listing the sections: about ten A4 pages.
fn msa() -> Document {
    let mut blocks = Vec::new();
    let mut toc = Vec::new();
    let sentence = "The Supplier shall perform the Services with reasonable skill, care and \
                    diligence, in accordance with Good Industry Practice and the Service Levels.";
    for s in 1..=30 {
        let number = s.to_string();
        toc.push(TocEntry {
            level: 1,
            number: Some(number.clone()),
            title: format!("Section {s}"),
            anchor: format!("clause-{number}"),
        });
        blocks.push(heading(1, number.clone(), format!("Section {s}")));
        for sub in 1..=2 {
            let number = format!("{s}.{sub}");
            blocks.push(heading(2, number, format!("Subsection {s}.{sub}")));
            blocks.push(Block::Paragraph(vec![
                Inline::Text(sentence.into()),
                Inline::Text(" See ".into()),
                Inline::CrossRef {
                    anchor: "clause-12.2".into(),
                    text: "clause 12.2".into(),
                },
                Inline::Text(" and ".into()),
                Inline::Strong(text("Schedule 2")),
                Inline::Text(".".into()),
            ]));
        }
        if s % 5 == 0 {
            blocks.push(Block::List(List {
                start: Some(1),
                items: (0..3)
                    .map(|i| {
                        vec![Block::Paragraph(text(&format!(
                            "Obligation {i}: {sentence}"
                        )))]
                    })
                    .collect(),
            }));
        }
        if s == 10 {
            blocks.push(Block::Table(Table {
                alignments: vec![Align::Left, Align::Left, Align::Right, Align::Right],
                header: vec![
                    text("Id"),
                    text("Description"),
                    text("Quantity"),
                    text("Price (EUR)"),
                ],
                rows: (1..=40)
                    .map(|r| {
                        vec![
                            text(&format!("L{r:03}")),
                            text("Managed service desk, second-line support, per month"),
                            text(&format!("{}", r * 3)),
                            text(&format!("{},250.00", r * 7)),
                        ]
                    })
                    .collect(),
                kind: rfx::doc::TableKind::Data,
            }));
        }
    }
    blocks.insert(0, Block::Toc(toc));
    blocks.insert(1, Block::PageBreak);
    Document {
        meta: Meta {
            title: "Master Services Agreement".into(),
            subtitle: Some("IT Outsourcing Programme".into()),
            reference: Some("ACME-2026-001".into()),
            author: Some("Acme Holdings Ltd".into()),
            kind: Some(rfx::doc::DocumentKind::Msa),
            language: Some("en-GB".into()),
            paper: Paper::A4,
            ..Meta::default()
        },
        blocks,
    }
}

fn bench(c: &mut Criterion) {
    let doc = msa();
    let options = WriteOptions::default();
    let bytes = docx::write(&doc, &options).unwrap_or_default();
    eprintln!("docx size for the MSA: {} bytes", bytes.len());
    // RFX_BENCH_OUT=msa.docx keeps the benchmarked document for a look in a viewer.
    if let Some(path) = std::env::var_os("RFX_BENCH_OUT") {
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("cannot write {}: {e}", path.to_string_lossy());
        }
    }
    c.bench_function("docx_msa_10_pages", |b| {
        b.iter(|| docx::write(black_box(&doc), black_box(&options)))
    });
    let Some(path) = std::env::var_os("RFX_BENCH_REFERENCE") else {
        return;
    };
    let template = std::fs::read(&path).expect("RFX_BENCH_REFERENCE names a file");
    let reference =
        docx::ReferenceDocx::from_bytes(&template, "reference").unwrap_or_else(|d| panic!("{d}"));
    c.bench_function("docx_reference_read", |b| {
        b.iter(|| docx::ReferenceDocx::from_bytes(black_box(&template), "reference").is_ok())
    });
    let mut with = WriteOptions::default();
    with.docx.reference = Some(std::sync::Arc::new(reference));
    c.bench_function("docx_msa_10_pages_with_reference", |b| {
        b.iter(|| docx::write(black_box(&doc), black_box(&with)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
