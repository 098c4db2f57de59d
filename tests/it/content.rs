//! The built-in library's content: every example builds every document it asks for, each
//! document has the sections its kind requires, and no output carries a placeholder, an
//! empty cell where the spec has a value, or an unresolved reference.

use crate::support::{examples, root};
use rfx::build::{BuiltDocument, Engine};
use rfx::doc::{Block, Document, Inline};
use rfx::library::Library;
use rfx::writers::WriteOptions;

/// Headings every document of a kind must have (matched case-insensitively against the
/// heading text, without its number).
fn required_sections(kind: &str) -> &'static [&'static str] {
    match kind {
        "rfi" => &[
            "Purpose",
            "Status of this request",
            "Background",
            "Scope",
            "Questions",
            "Response instructions",
            "Confidentiality and costs",
            "Next steps",
        ],
        "rfp" => &[
            "Introduction",
            "Background and present situation",
            "Scope of work and deliverables",
            "Requirements",
            "Mandatory requirements",
            "Desirable requirements",
            "Timeline",
            "Instructions to bidders",
            "Submission",
            "Format of proposals",
            "Clarifications",
            "Amendments",
            "Validity of offers",
            "Costs of bidding",
            "Confidentiality",
            "Right to reject or cancel",
            "Conflicts of interest",
            "No collusion or inducement",
            "Evaluation",
            "Method",
            "Mandatory gates",
            "Quality criteria and weights",
            "Scoring scale",
            "Pricing schedule",
            "Selection and award questionnaires",
            "Draft contract and deviations",
            "Deviations",
            "Declarations",
            "Attachments",
        ],
        "evaluation-guide" => &[
            "Purpose and conduct",
            "Method",
            "Gates",
            "Selection",
            "Award criteria and items",
            "Scoring scale and bands",
            "Moderation",
            "Price evaluation",
            "Ranking, tie-break and records",
        ],
        "rfq" => &[
            "Introduction",
            "Specification",
            "Line items and prices",
            "Line items",
            "Conditions of the quotation",
            "Validity of quotations",
            "Payment terms",
            "Terms by reference",
            "Basis of award",
            "Submission",
            "Declarations",
        ],
        "msa" => &[
            "Definitions and interpretation",
            "Services and statements of work",
            "Statements of work",
            "Acceptance",
            "Service levels",
            "Charges, invoicing and payment",
            "Invoicing",
            "Disputed invoices",
            "Term and renewal",
            "Transition and knowledge transfer",
            "Knowledge transfer",
            "Key personnel and staffing",
            "Subcontracting and assignment",
            "Governance and reporting",
            "Change control",
            "Intellectual property",
            "Deliverables",
            "Confidentiality",
            "Data protection and security",
            "Security Incidents",
            "Business continuity and force majeure",
            "Records and audit",
            "Warranties",
            "Indemnities",
            "Limitation of liability",
            "Unlimited liability",
            "General cap",
            "Insurance",
            "Termination",
            "Termination for cause",
            "Insolvency",
            "Consequences of termination and expiry",
            "Exit management",
            "Exit Plan",
            "Exit assistance",
            "Return and deletion of data",
            "Dispute resolution",
            "Escalation",
            "Final resolution",
            "Governing law",
            "General",
            "Signatures",
        ],
        "sla" => &[
            "Scope and term",
            "Service catalogue, hours and channels",
            "Service catalogue",
            "Service Hours",
            "Responsibilities",
            "Availability",
            "Definition and measurement",
            "Exclusions",
            "Incident priorities and targets",
            "Priority matrix",
            "Reporting, reviews and satisfaction",
            "Performance reports",
            "Service reviews",
            "Escalation",
            "Changes to the Service Levels",
        ],
        "nda" => &[
            "Purpose",
            "Definitions",
            "Confidentiality obligations",
            "Exclusions",
            "Disclosure required by law",
            "Return and destruction",
            "No licence and no warranty",
            "Term and survival",
            "Remedies",
            "General",
            "Governing law and jurisdiction",
            "Signatures",
        ],
        other => panic!("no required sections listed for `{other}`"),
    }
}

/// Sections required only when the spec sets the value that calls for them.
fn conditional_sections(kind: &str, values: &serde_json::Value) -> Vec<&'static str> {
    let set = |pointer: &str| {
        values
            .pointer(pointer)
            .is_some_and(|v| !v.is_null() && v != &serde_json::Value::Bool(false))
    };
    let mut out = Vec::new();
    match kind {
        "rfp" => {
            if set("/evaluation/price") {
                out.push("Price score");
            }
            if set("/evaluation/quality_threshold") {
                out.push("Quality threshold");
            }
            if set("/pricing/milestones/0") {
                out.push("Payment milestones");
            }
            if set("/pricing/rate_card/0") {
                out.push("Rate card");
            }
        }
        "msa" => {
            if set("/contract/termination/convenience_notice_days") {
                out.push("Termination for convenience");
            }
            if set("/contract/termination/chronic_sla_failure") {
                out.push("Chronic service failure");
            }
            if set("/contract/liability/data_breach_cap") {
                out.push("Data protection and security");
            }
            if set("/contract/disputes/mediation") {
                out.push("Mediation");
            }
            if set("/engagement/term/renewals") {
                out.push("Extension");
            }
        }
        "sla" => {
            if set("/sla/credits") {
                out.extend(["Service credits", "Credit tiers", "Cap", "Worked example"]);
                out.push("Claims and payment");
            }
            if set("/sla/kpis/0") {
                out.push("Key performance indicators");
            }
            if set("/sla/maintenance") {
                out.push("Planned maintenance");
            }
            if set("/sla/support_channels/0") {
                out.push("Support channels");
            }
            if set("/sla/csat") {
                out.push("User satisfaction");
            }
            if set("/sla/chronic_failure") {
                out.push("Chronic failure");
            }
        }
        _ => {}
    }
    out
}

/// Table columns that always hold a value from the spec (ids and texts).
const FILLED_COLUMNS: [&str; 16] = [
    "Id",
    "Line",
    "Milestone",
    "Priority",
    "Requirement",
    "Description",
    "Question",
    "Indicator",
    "Definition",
    "Target",
    "Deliverable",
    "Criterion",
    "Event",
    "Role",
    "Details",
    "Commitment",
];

/// Words that mark an unfinished draft.
const PLACEHOLDERS: [&str; 7] = ["{{", "}}", "{%", "%}", "todo", "tbd", "lorem"];

struct Built {
    example: String,
    values: serde_json::Value,
    docs: Vec<(BuiltDocument, String)>,
}

fn build_text(name: &str, text: &str) -> Built {
    let spec =
        rfx::spec::load(name, text).unwrap_or_else(|d| panic!("{name} does not load: {:#?}", d));
    let values = serde_json::to_value(&spec.spec).expect("the spec serialises");
    let library = Library::builtin().unwrap_or_else(|d| panic!("built-in library: {d:#?}"));
    let engine = Engine::new(library);
    let kinds = Engine::requested_kinds(&spec);
    assert!(!kinds.is_empty(), "{name} asks for no documents");
    let docs = kinds
        .iter()
        .map(|kind| {
            let built = engine
                .build(&spec, *kind, None)
                .unwrap_or_else(|d| panic!("{name}: {kind} does not build: {d:#?}"));
            let md = rfx::writers::markdown::write(&built.document, &WriteOptions::default());
            let md = String::from_utf8(md).expect("Markdown is UTF-8");
            (built, md)
        })
        .collect();
    Built {
        example: name.to_string(),
        values,
        docs,
    }
}

fn build_examples() -> Vec<Built> {
    let specs = examples();
    assert!(specs.len() >= 3, "expected at least three examples");
    specs
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("example readable");
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            build_text(&name, &text)
        })
        .collect()
}

fn headings(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(Inline::plain_text(&h.content)),
            _ => None,
        })
        .collect()
}

fn assert_sections(example: &str, kind: &str, doc: &Document, wanted: &[&str]) {
    let have = headings(doc);
    let missing: Vec<&&str> = wanted
        .iter()
        .filter(|w| !have.iter().any(|h| h.eq_ignore_ascii_case(w)))
        .collect();
    assert!(
        missing.is_empty(),
        "{example}: the {kind} lacks {missing:?}; it has {have:?}"
    );
}

#[test]
fn every_document_has_the_sections_of_its_kind() {
    for built in build_examples() {
        for (doc, _) in &built.docs {
            assert_sections(
                &built.example,
                doc.kind.as_str(),
                &doc.document,
                required_sections(doc.kind.as_str()),
            );
            assert_sections(
                &built.example,
                doc.kind.as_str(),
                &doc.document,
                &conditional_sections(doc.kind.as_str(), &built.values),
            );
        }
    }
}

#[test]
fn no_output_contains_placeholders_or_unresolved_markers() {
    for built in build_examples() {
        for (doc, md) in &built.docs {
            let lower = md.to_lowercase();
            for p in PLACEHOLDERS {
                assert!(
                    !lower.contains(p),
                    "{}: the {} contains `{p}` near: {}",
                    built.example,
                    doc.kind,
                    lower
                        .find(p)
                        .map(|i| md
                            .get(i.saturating_sub(60)..(i + 60).min(md.len()))
                            .unwrap_or(""))
                        .unwrap_or("")
                );
            }
            assert!(
                !md.chars().any(rfx::markdown::marker::is_marker_char),
                "{}: the {} still holds an rfx marker",
                built.example,
                doc.kind
            );
        }
    }
}

#[test]
fn tables_have_no_empty_cells_where_the_spec_has_a_value() {
    let mut checked = 0;
    for built in build_examples() {
        for (doc, _) in &built.docs {
            for block in &doc.document.blocks {
                let Block::Table(table) = block else { continue };
                let header: Vec<String> =
                    table.header.iter().map(|c| Inline::plain_text(c)).collect();
                let columns: Vec<usize> = header
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| FILLED_COLUMNS.contains(&h.as_str()))
                    .map(|(i, _)| i)
                    .collect();
                for row in &table.rows {
                    for &c in &columns {
                        let cell = row
                            .get(c)
                            .map(|x| Inline::plain_text(x))
                            .unwrap_or_default();
                        assert!(
                            !cell.trim().is_empty(),
                            "{}: the {} has an empty `{}` cell in a table with columns {header:?}, row {:?}",
                            built.example,
                            doc.kind,
                            header[c],
                            row.iter()
                                .map(|x| Inline::plain_text(x))
                                .collect::<Vec<_>>()
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} cells checked");
}

#[test]
fn every_example_builds_every_document_it_asks_for() {
    let built = build_examples();
    let kinds = |name: &str| -> Vec<String> {
        built
            .iter()
            .find(|b| b.example == name)
            .unwrap_or_else(|| panic!("example {name} is missing"))
            .docs
            .iter()
            .map(|(d, _)| d.kind.to_string())
            .collect()
    };
    assert_eq!(
        kinds("service-desk.yaml"),
        ["rfi", "rfp", "rfq", "nda", "msa", "sla", "evaluation-guide"]
    );
    assert_eq!(kinds("service-desk-award.yaml"), ["nda", "msa", "sla"]);
    assert_eq!(
        kinds("cloud-migration.yaml"),
        ["rfp", "nda", "msa", "sla", "evaluation-guide"]
    );
    assert_eq!(kinds("laptop-purchase.yaml"), ["nda", "rfq"]);
}

fn markdown_of<'a>(built: &'a Built, kind: &str) -> &'a str {
    built
        .docs
        .iter()
        .find(|(d, _)| d.kind.as_str() == kind)
        .map(|(_, md)| md.as_str())
        .unwrap_or_else(|| panic!("{}: no {kind}", built.example))
}

#[test]
fn examples_carry_their_own_facts_into_the_documents() {
    let built = build_examples();
    let get = |name: &str| built.iter().find(|b| b.example == name).unwrap();

    let cloud = get("cloud-migration.yaml");
    let msa = markdown_of(cloud, "msa");
    assert!(msa.contains("Isarwerk Süd Energiedienste GmbH"));
    assert!(msa.contains("Lerchenfeldstraße 14, 80538 München, Germany"));
    assert!(msa.contains("The exclusive place of jurisdiction for any Dispute that is not resolved under the preceding provisions is Munich"));
    assert!(msa.contains("The Services are provided for a fixed price"));
    assert!(msa.contains("| M5 | Wave 3 in production and data centres vacated | 46 | 25% |"));
    assert!(markdown_of(cloud, "nda").starts_with("---\ntitle: Mutual Non-Disclosure Agreement"));
    let sla = markdown_of(cloud, "sla");
    // 6,400,000 / 39 months = 164,102.56; 7% of it = 11,487.18; the 12% cap = 19,692.31.
    assert!(sla.contains("EUR 164,102.56"), "worked example charge");
    assert!(sla.contains("EUR 11,487.18"), "worked example credit");
    assert!(sla.contains("EUR 19,692.31"), "worked example cap");

    let laptops = get("laptop-purchase.yaml");
    let rfq = markdown_of(laptops, "rfq");
    let lines = rfq.lines().filter(|l| l.starts_with("| L-")).count();
    assert!(lines >= 200, "only {lines} line items");
    assert!(rfq.contains("GBP"));
    assert!(rfq.contains("lowest-priced technically acceptable"));
    let nda = markdown_of(laptops, "nda");
    assert!(nda.starts_with("---\ntitle: Non-Disclosure Agreement"));
    assert!(
        nda.contains("**Discloser** means Kestrel Moor, and **Recipient** means Pennine Digital")
    );
    assert!(nda.contains("governed by the laws of England and Wales"));
    assert!(!nda.contains("Trade Secret"));

    let desk = get("service-desk.yaml");
    let sla = markdown_of(desk, "sla");
    // The budget is not disclosed: the worked example uses `sla.credits.monthly_charge`.
    // 5% of 50,000 = 2,500; the 10% cap = 5,000.
    assert!(
        sla.contains("If the Charges for the month were EUR 50,000.00 (an illustrative figure")
    );
    assert!(sla.contains("EUR 2,500.00") && sla.contains("EUR 5,000.00"));
    assert!(!sla.contains("2,850,000") && !sla.contains("79,166.67"));
    let rfi = markdown_of(desk, "rfi");
    assert!(rfi.contains("| Issue date | 19 October 2026 |"));
    assert!(rfi.contains("| Responses due | 20 November 2026 |"));
    assert!(rfi.contains("procurement@lisnagree.example by 20 November 2026;"));
    assert!(!rfi.contains("four (4) weeks"));
    let rfq = markdown_of(laptops, "rfq");
    assert!(
        rfq.contains("| Payment terms | Within thirty (30) days of receipt of a valid invoice |")
    );
    assert!(rfq.contains(
        "Kestrel Moor pays valid and undisputed invoices within thirty (30) days of receipt"
    ));
    assert!(
        rfq.contains("available at https://www.kestrelmoor.example/procurement/terms-of-purchase.")
    );
    assert!(markdown_of(desk, "rfp").contains("It follows the request for information"));
}

/// Rewrites lines of the service-desk example to exercise the other branches.
fn variant(replacements: &[(&str, &str)]) -> Built {
    variant_of("service-desk.yaml", replacements)
}

/// Rewrites lines of `examples/<example>`.
fn variant_of(example: &str, replacements: &[(&str, &str)]) -> Built {
    let mut text = std::fs::read_to_string(root().join("examples").join(example)).unwrap();
    for (from, to) in replacements {
        assert!(
            text.contains(from),
            "the example no longer contains {from:?}"
        );
        text = text.replace(from, to);
    }
    build_text("service-desk-variant.yaml", &text)
}

#[test]
fn alternatives_read_right_arbitration_one_way_nda_time_and_materials_no_credits_no_rfi() {
    let credits = "  credits:\n    tiers:\n      - {below: 99.8, credit: 2}\n      - {below: 99.5, credit: 5}\n      - {below: 99.0, credit: 10}\n    cap: 10\n    claim_window_days: 60\n";
    let charge = "    monthly_charge: {amount: 50000, currency: EUR}\n";
    let built = variant(&[
        (
            "documents: [rfi, rfp, rfq, nda, msa, sla, evaluation-guide]",
            "documents: [rfp, nda, msa, sla]",
        ),
        (
            "    forum: courts ",
            "    forum: arbitration\n    arbitration: {rules: the UNCITRAL Arbitration Rules, seat: Dublin, arbitrators: 3}\n    #",
        ),
        (
            "  direction: mutual ",
            "  direction: one_way\n  discloser: supplier\n  #",
        ),
        ("  model: unit ", "  model: time_and_materials\n  #"),
        (charge, ""),
        (credits, ""),
    ]);
    let msa = markdown_of(&built, "msa");
    assert!(msa.contains("finally resolved by arbitration under the UNCITRAL Arbitration Rules"));
    assert!(
        msa.contains("three (3) arbitrators")
            && msa.contains("The seat of the arbitration is Dublin")
    );
    assert!(!msa.contains("exclusive jurisdiction to settle any Dispute"));
    assert!(msa.contains("time-and-materials basis"));
    assert!(msa.contains("No service credits apply"));
    let nda = markdown_of(&built, "nda");
    assert!(nda.starts_with("---\ntitle: Non-Disclosure Agreement"));
    // At the tender stage the bidder-neutral NDA names its counterparty "Bidder".
    assert!(nda.contains("**Discloser** means Bidder, and **Recipient** means Lisnagree"));
    let sla = markdown_of(&built, "sla");
    assert!(!sla.contains("Worked example"));
    assert!(sla.contains("| Service credits | None |"));
    let rfp = markdown_of(&built, "rfp");
    assert!(!rfp.contains("request for information"));
    assert!(rfp.contains("**time and materials**"));
}

#[test]
fn alternatives_read_right_fixed_price_subscription_and_lowest_price() {
    let fixed = variant(&[("  model: unit ", "  model: fixed\n  #")]);
    assert!(markdown_of(&fixed, "msa").contains("The Services are provided for a fixed price"));
    assert!(markdown_of(&fixed, "rfp").contains("**fixed price**"));
    let subscription = variant(&[
        ("  model: unit ", "  model: subscription\n  #"),
        (
            "  method: best_price_quality",
            "  method: lowest_price\n  #",
        ),
    ]);
    assert!(markdown_of(&subscription, "msa").contains("recurring subscription fee"));
    assert!(markdown_of(&subscription, "rfq").contains("**lowest total evaluated price**"));
    assert!(markdown_of(&subscription, "rfp").contains("lowest total evaluated price"));
}

#[test]
fn an_msa_without_an_sla_mentions_neither_service_credits_nor_the_sla() {
    let text = std::fs::read_to_string(root().join("examples/service-desk.yaml")).unwrap();
    let (start, end) = (
        text.find("\nsla:\n").expect("the example has an sla block"),
        text.find("\nnda:\n").expect("the example has an nda block"),
    );
    let text = format!("{}\n{}", &text[..start], &text[end..]).replace(
        "documents: [rfi, rfp, rfq, nda, msa, sla, evaluation-guide]",
        "documents: [rfp, msa]",
    );
    let built = build_text("service-desk-without-sla.yaml", &text);
    for kind in ["msa", "rfp"] {
        let md = markdown_of(&built, kind);
        assert!(
            !md.contains("Service Credit"),
            "the {kind} mentions service credits"
        );
        assert!(
            !md.contains("Service Level Agreement"),
            "the {kind} mentions the SLA"
        );
    }
    assert!(markdown_of(&built, "msa").contains("set out in each Statement of Work"));
}

/// The service-desk example's `monthly_charge` line.
const CHARGE: &str = "    monthly_charge: {amount: 50000, currency: EUR}\n";

#[test]
fn the_worked_example_discloses_the_budget_only_when_allowed() {
    // No charge given and the budget undisclosed: the formula without an amount.
    let hidden = variant(&[(CHARGE, "")]);
    let sla = markdown_of(&hidden, "sla");
    assert!(sla.contains(
        "In money terms, the Service Credit is the Charges for the month multiplied by 5%, \
         and the most that could be credited for that month under the cap is the Charges for \
         the month multiplied by 10%."
    ));
    assert!(
        !sla.contains("2,850,000") && !sla.contains("79,166.67"),
        "budget disclosed"
    );
    // Disclosed: the budget spread over the term (2,850,000 / 36 = 79,166.67; 5% = 3,958.33).
    let shown = variant(&[
        (CHARGE, ""),
        ("budget_disclosed: false", "budget_disclosed: true"),
    ]);
    let sla = markdown_of(&shown, "sla");
    assert!(sla.contains("EUR 79,166.67 (the estimated contract value of EUR 2,850,000.00"));
    assert!(sla.contains("EUR 3,958.33"));
    // A given charge wins over a disclosed budget; a quarter is three months of it.
    let quarterly = variant(&[
        ("budget_disclosed: false", "budget_disclosed: true"),
        ("    window: monthly", "    window: quarterly"),
    ]);
    let sla = markdown_of(&quarterly, "sla");
    assert!(sla.contains(
        "If the Charges for the quarter were EUR 150,000.00 (three (3) months at an \
         illustrative monthly charge of EUR 50,000.00)"
    ));
    assert!(sla.contains("EUR 7,500.00") && !sla.contains("79,166.67"));
}

#[test]
fn the_rfi_keeps_its_default_wording_without_its_own_dates() {
    let rfi_dates = "  rfi:\n    issue_date: 2026-10-19\n    response_deadline: 2026-11-20\n";
    let without = variant(&[(rfi_dates, "")]);
    let rfi = markdown_of(&without, "rfi");
    assert!(rfi.contains("| Responses due | Within four (4) weeks of the date of this RFI |"));
    assert!(rfi.contains("procurement@lisnagree.example within four (4) weeks of the date"));
    assert!(!rfi.contains("20 November 2026"));
    // An RFI on its own states its own dates, with no tender planned after it.
    let alone = variant(&[(
        "documents: [rfi, rfp, rfq, nda, msa, sla, evaluation-guide]",
        "documents: [rfi]",
    )]);
    let rfi = markdown_of(&alone, "rfi");
    assert!(rfi.contains(
        "| Issue date | 19 October 2026 |\n| Responses due | 20 November 2026 |\n| Contact |"
    ));
    assert!(!rfi.contains("Planned request"));
}

#[test]
fn an_rfq_without_payment_days_or_terms_url_points_to_the_terms() {
    let built = variant_of(
        "laptop-purchase.yaml",
        &[
            ("  payment_days: 30\n", ""),
            (
                "  terms_url: https://www.kestrelmoor.example/procurement/terms-of-purchase\n",
                "",
            ),
        ],
    );
    let rfq = markdown_of(&built, "rfq");
    assert!(!rfq.contains("| Payment terms |"));
    assert!(rfq.contains("invoices on the payment terms of the conditions referred to in"));
    assert!(rfq.contains("are available from the contact named in this request."));
}

/// Amounts print with their currency's ISO 4217 minor units, the same table validation
/// uses: the Kuwaiti dinar keeps three decimals, the yen has none.
#[test]
fn money_prints_the_minor_units_of_its_currency() {
    let text = std::fs::read_to_string(root().join("examples/service-desk.yaml")).unwrap();
    let text = text.replace("budget_disclosed: false", "budget_disclosed: true");
    for (currency, amount, printed) in [
        ("KWD", "\"2850000.125\"", "KWD 2,850,000.125"),
        ("JPY", "2850000", "JPY 2,850,000, excluding"),
    ] {
        let spec = text
            .replace("currency: EUR", &format!("currency: {currency}"))
            .replace("amount: 2850000,", &format!("amount: {amount},"));
        let built = build_text(&format!("{currency}.yaml"), &spec);
        let rfp = markdown_of(&built, "rfp").replace('\\', "");
        assert!(
            rfp.contains(printed),
            "{currency}: the RFP does not state `{printed}`"
        );
    }
}
