//! `rfx evaluate` at scale: 50 bidders × 150 scored items × 3 evaluators.
//!
//! Run with `cargo bench --bench evaluate`. The spec is the service-desk example with
//! its bidders replaced by 50 invented ones and its requirements by 150 (every 15th
//! mandatory, the rest desirable under the five criteria; no question sets). The
//! workbooks are written once in the set-up; the timed part is what `rfx evaluate`
//! does between reading the files and writing the outputs: reading and validating 53
//! workbooks, gates, scores, ranking, and the report plus 50 letters.

use criterion::{Criterion, criterion_group, criterion_main};
use rfx::build::Engine;
use rfx::evaluate::{self, Request, Returned};
use rfx::library::Library;
use rfx::spec::Decimal;
use rfx::workbook::response::{RequirementAnswer, Response};
use rfx::workbook::scoring::BidderMarks;
use rfx::workbook::{self, COMPLIANCE, bidder_columns, evaluator_id};
use rfx::writers::{Format, WriteOptions};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

const BIDDERS: usize = 50;
const ITEMS: usize = 150;

fn spec_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/service-desk.yaml")).unwrap();
    let mut spec: Value = serde_yaml::from_str(&text).unwrap();
    let criteria = [
        "service-delivery",
        "transition",
        "security",
        "people",
        "social-value",
    ];
    let bidders: Vec<Value> = (0..BIDDERS)
        .map(|i| {
            serde_yaml::from_str(&format!(
                "{{id: bidder-{i:02}, legal_name: Bidder {i:02} Limited, short_name: Bidder {i:02}, jurisdiction: ie,
                  address: {{street_address: {i} Main Street, locality: Dublin, country_name: Ireland}}}}"
            ))
            .unwrap()
        })
        .collect();
    let requirements: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let text = format!(
                "{{id: R-{i:03}, category: Area {}, text: Requirement number {i} of the benchmark tender., response_type: comply, {}}}",
                i % 7,
                if i % 15 == 0 {
                    "priority: mandatory".to_string()
                } else {
                    format!("priority: desirable, weight: {}, criterion: {}", 1 + i % 3, criteria[i % 5])
                }
            );
            serde_yaml::from_str(&text).unwrap()
        })
        .collect();
    let map = spec.as_mapping_mut().unwrap();
    map.remove("questionnaire");
    map.insert("requirements".into(), Value::Sequence(requirements));
    let parties = map.get_mut("parties").unwrap().as_mapping_mut().unwrap();
    parties.insert("bidders".into(), Value::Sequence(bidders));
    serde_yaml::to_string(&spec).unwrap()
}

fn bench(c: &mut Criterion) {
    let engine = Engine::new(Library::builtin().expect("built-in library"));
    let text = spec_text();
    let spec = rfx::spec::load("bench.yaml", &text).expect("bench spec valid");
    let form = workbook::form_for(&engine, &spec, None).expect("form");
    assert_eq!(form.requirements.len(), ITEMS);
    let responses: Vec<Returned> = (0..BIDDERS)
        .map(|i| {
            let mut r = Response {
                bidder: format!("Bidder {i:02} Limited"),
                agreed: vec!["Yes".into(); form.declarations.len()],
                signature: vec!["x".into(); 5],
                ..Response::default()
            };
            for q in &form.requirements {
                r.requirements.insert(
                    q.id.clone(),
                    RequirementAnswer {
                        compliance: COMPLIANCE[0].into(),
                        response: format!("How bidder {i} meets {}.", q.id),
                        attachment: String::new(),
                    },
                );
            }
            for (n, l) in form.lines.iter().enumerate() {
                let price = Decimal::parse(&format!("{}.{:02}", 20 + n * 100 + i, i)).unwrap();
                r.prices.insert(l.id.clone(), price);
            }
            for (n, rate) in form.rates.iter().enumerate() {
                r.rates.insert(
                    rate.role.clone(),
                    Decimal::from_int((400 + 10 * n + i) as i64),
                );
            }
            Returned {
                file: format!("bidder-{i:02}.xlsx"),
                bytes: workbook::response::write(&form, Some(&r), 0).unwrap(),
            }
        })
        .collect();
    let columns = bidder_columns(&spec);
    let panel = [
        "IT Service Manager",
        "Information Security Officer",
        "Procurement Officer",
    ];
    let scores: Vec<Returned> = panel
        .iter()
        .enumerate()
        .map(|(e, name)| {
            let marks: BTreeMap<String, BidderMarks> = (0..BIDDERS)
                .map(|i| {
                    let mut m = BidderMarks::default();
                    for (k, item) in form.scored.iter().enumerate() {
                        m.scores.insert(item.id.clone(), ((i + k + e) % 6) as u32);
                    }
                    (format!("bidder-{i:02}"), m)
                })
                .collect();
            let id = evaluator_id(name);
            Returned {
                file: format!("scoring-{id}.xlsx"),
                bytes: workbook::scoring::write(&form, &columns, (&id, name), Some(&marks), 0)
                    .unwrap(),
            }
        })
        .collect();
    let options = WriteOptions::default();
    let mut group = c.benchmark_group("evaluate 50 bidders × 150 items × 3 evaluators");
    group.sample_size(10);
    for (label, formats) in [
        ("read+score+md", &[Format::Markdown][..]),
        (
            "read+score+md,pdf,docx",
            &[Format::Markdown, Format::Pdf, Format::Docx][..],
        ),
    ] {
        let request = Request {
            formats,
            options: &options,
            // The tender spec names no award date; the overlay costs nothing to skip.
            award: false,
        };
        let check = evaluate::run(&spec, &form, &responses, &scores, &request).unwrap();
        assert!(
            !check.diagnostics.iter().any(|d| d.is_error()),
            "{:?}",
            check.diagnostics.first()
        );
        assert_eq!(check.outcome.results.len(), BIDDERS);
        group.bench_function(label, |b| {
            b.iter(|| {
                black_box(evaluate::run(&spec, &form, &responses, &scores, &request).unwrap())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
