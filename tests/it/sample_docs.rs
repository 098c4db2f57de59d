//! Hand-built resolved documents shared by the PDF tests and benchmark.
#![allow(dead_code)]

use rfx::doc::{
    Align, Block, Document, Heading, Inline, List, Meta, Paper, Table, TableKind, TocEntry,
};

pub fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

pub fn para(parts: Vec<Inline>) -> Block {
    Block::Paragraph(parts)
}

pub fn heading(level: u8, number: Option<&str>, title: &str, anchor: &str) -> Block {
    Block::Heading(Heading {
        level,
        number: number.map(str::to_string),
        anchor: Some(anchor.to_string()),
        numbered: number.is_some(),
        content: vec![text(title)],
        clause: None,
    })
}

pub fn meta(title: &str) -> Meta {
    Meta {
        title: title.to_string(),
        subtitle: Some("Managed IT Services for Müller & Söhne GmbH".into()),
        reference: Some("MSA-2026-014".into()),
        author: Some("Müller & Söhne GmbH".into()),
        kind: Some(rfx::doc::DocumentKind::Msa),
        subject: Some("Managed IT Services for Müller & Söhne GmbH".into()),
        keywords: vec!["msa".into(), "MSA-2026-014".into()],
        language: Some("en-GB".into()),
        paper: Paper::A4,
        ..Meta::default()
    }
}

const TOPICS: [&str; 10] = [
    "Definitions and Interpretation",
    "Services and Statements of Work",
    "Fees, Invoicing and Payment",
    "Term and Termination",
    "Intellectual Property",
    "Confidentiality",
    "Data Protection and Security",
    "Limitation of Liability",
    "Governance and Change Control",
    "Exit Management",
];

fn body_sentence(clause: usize, sub: usize) -> Vec<Inline> {
    vec![
        text(&format!(
            "The Supplier shall perform the Services described in this clause {clause}.{sub} with \
             the skill, care and diligence expected of a leading provider of managed IT services, \
             in accordance with Good Industry Practice, the Service Levels and the Customer's \
             reasonable instructions as notified from time to time. "
        )),
        Inline::Strong(vec![text("Payment")]),
        text(" of undisputed invoices falls due within "),
        Inline::Emph(vec![text("thirty (30) days")]),
        text(" of receipt, and any amount not paid when due bears interest as set out in "),
        Inline::CrossRef {
            anchor: "clause-3".into(),
            text: "clause 3".into(),
        },
        text(". Notices under this Agreement are sent to the addresses in the "),
        Inline::Link {
            url: "https://procurement.example.com/tenders/MSA-2026-014/notices".into(),
            content: vec![text("tender portal")],
        },
        text(" and are effective on receipt. Invoices quote the purchase order number "),
        Inline::Code(format!("PO-2026-{clause:03}")),
        text("."),
    ]
}

/// An MSA-like document with `clauses` numbered clauses of two sub-clauses each,
/// a table of contents, a fee schedule, a list and a signature block.
pub fn msa(clauses: usize) -> Document {
    let mut blocks = Vec::new();
    let mut toc = Vec::new();
    for c in 1..=clauses {
        let title = TOPICS[(c - 1) % TOPICS.len()];
        toc.push(TocEntry {
            level: 1,
            number: Some(c.to_string()),
            title: title.to_string(),
            anchor: format!("clause-{c}"),
        });
    }
    blocks.push(Block::Toc(toc));
    blocks.push(Block::PageBreak);
    for c in 1..=clauses {
        let title = TOPICS[(c - 1) % TOPICS.len()];
        blocks.push(heading(
            1,
            Some(&c.to_string()),
            title,
            &format!("clause-{c}"),
        ));
        for s in 1..=2 {
            blocks.push(heading(
                2,
                Some(&format!("{c}.{s}")),
                &format!("{title} — part {s}"),
                &format!("clause-{c}-{s}"),
            ));
            blocks.push(para(body_sentence(c, s)));
        }
        if c % 4 == 2 {
            blocks.push(Block::List(List {
                start: Some(1),
                items: vec![
                    vec![para(vec![text(
                        "The Supplier shall appoint a Service Manager.",
                    )])],
                    vec![
                        para(vec![text(
                            "The parties shall hold monthly service reviews covering:",
                        )]),
                        Block::List(List {
                            start: None,
                            items: vec![
                                vec![para(vec![text("performance against the Service Levels;")])],
                                vec![para(vec![text("open incidents, problems and changes;")])],
                            ],
                        }),
                    ],
                    vec![para(vec![text(
                        "Either party may escalate a dispute under the governance procedure.",
                    )])],
                ],
            }));
        }
        if c % 5 == 3 {
            blocks.push(fee_table(6));
        }
        if c % 7 == 4 {
            blocks.push(Block::BlockQuote(vec![para(vec![text(
                "Note to bidders: this clause follows the buyer's standard terms; proposed \
                 deviations must be listed in the deviations form with reasons.",
            )])]));
            blocks.push(Block::CodeBlock {
                lang: None,
                text: "Availability = (minutes in window − downtime) / minutes in window\n\
                       Service credit = monthly charge × 5 % per 0.1 % below target"
                    .into(),
            });
        }
    }
    blocks.push(heading(1, None, "Signatures", "signatures"));
    blocks.push(Block::Table(Table {
        alignments: vec![Align::None, Align::None],
        header: vec![vec![], vec![]],
        rows: vec![
            vec![
                vec![text("For Müller & Söhne GmbH")],
                vec![text("For Łódź Systems sp. z o.o.")],
            ],
            vec![
                vec![text("Signature: ____________________")],
                vec![text("Signature: ____________________")],
            ],
            vec![
                vec![text("Name: Anna Müller")],
                vec![text("Name: Piotr Nowak")],
            ],
            vec![
                vec![text("Title: Head of Procurement")],
                vec![text("Title: Managing Director")],
            ],
        ],
        kind: TableKind::Signatures,
    }));
    Document {
        meta: meta("Master Services Agreement"),
        blocks,
    }
}

pub fn fee_table(rows: usize) -> Block {
    Block::Table(Table {
        alignments: vec![Align::Left, Align::Left, Align::Right, Align::Right],
        header: vec![
            vec![text("Item")],
            vec![text("Description")],
            vec![text("Quantity")],
            vec![text("Unit price (€)")],
        ],
        rows: (1..=rows)
            .map(|i| {
                vec![
                    vec![text(&format!("P-{i:04}"))],
                    vec![text(&format!(
                        "Managed service line {i}: service desk, monitoring and on-site support"
                    ))],
                    vec![text(&format!("{}", (i * 7) % 40 + 1))],
                    vec![text(&format!(
                        "{}.{:02}",
                        100 + (i * 37) % 900,
                        (i * 13) % 100
                    ))],
                ]
            })
            .collect(),
        kind: TableKind::Data,
    })
}

/// A document whose only content is a long pricing table.
pub fn pricing(rows: usize) -> Document {
    Document {
        meta: Meta {
            title: "Request for Quotation — Pricing Schedule".into(),
            ..meta("")
        },
        blocks: vec![
            heading(1, Some("1"), "Pricing schedule", "pricing"),
            fee_table(rows),
        ],
    }
}

/// Names in several scripts, for the text round-trip.
pub const UNICODE_LINES: [&str; 7] = [
    "Müller & Söhne GmbH",
    "Łódź",
    "Ελλάδα",
    "Москва",
    "€",
    "–",
    "“quotes”",
];

pub fn unicode() -> Document {
    Document {
        meta: Meta {
            title: "Unicode round trip".into(),
            ..Meta::default()
        },
        blocks: UNICODE_LINES
            .iter()
            .map(|line| para(vec![text(line)]))
            .collect(),
    }
}

/// The MSA in the example theme's style: its logo (a PNG with an alpha channel) on
/// the cover and in the running header, theme colours and "Article 1" headings.
pub fn with_logo(mut doc: Document) -> Document {
    use rfx::doc::{Image, ImageData, Rgb, Slot};
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/house/images/logo.png"
    ))
    .expect("the example logo");
    let style = &mut doc.meta.style;
    style.logo = Some(Image {
        source: "images/logo.png".into(),
        alt: "Acme Services logo".into(),
        data: Some(ImageData::parse(bytes).expect("a PNG")),
        width_mm: Some(45.0),
    });
    style.header.left = Slot::Logo;
    style.header.center = Slot::Title;
    style.colours.headings = Some(Rgb(0x1F, 0x38, 0x64));
    doc.meta.labels.headings = vec!["Article ".into(), "Section ".into()];
    doc
}
