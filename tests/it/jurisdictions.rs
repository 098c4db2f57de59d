//! The governing law chooses the texts: what must and must not appear in the contracts
//! of each jurisdiction, and the schedules that appear exactly when their spec fields do.

use rfx::build::Engine;
use rfx::library::Library;
use rfx::writers::WriteOptions;

use crate::support::root;

/// Builds every document `text` asks for and returns (kind, Markdown) pairs.
fn build(name: &str, text: &str) -> Vec<(String, String)> {
    let spec = rfx::spec::load(name, text).unwrap_or_else(|d| panic!("{name}: {d:#?}"));
    let library = Library::builtin().unwrap_or_else(|d| panic!("built-in library: {d:#?}"));
    let engine = Engine::new(library);
    Engine::requested_kinds(&spec)
        .iter()
        .map(|kind| {
            let built = engine
                .build(&spec, *kind, None)
                .unwrap_or_else(|d| panic!("{name}: {kind}: {d:#?}"));
            let md = rfx::writers::markdown::write(&built.document, &WriteOptions::default());
            (
                kind.as_str().to_string(),
                String::from_utf8(md).expect("UTF-8"),
            )
        })
        .collect()
}

fn example(file: &str, replacements: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut text = std::fs::read_to_string(root().join("examples").join(file)).unwrap();
    for (from, to) in replacements {
        assert!(text.contains(from), "{file} has no `{from}`");
        text = text.replacen(from, to, 1);
    }
    build(file, &text)
}

fn doc<'a>(docs: &'a [(String, String)], kind: &str) -> &'a str {
    docs.iter()
        .find(|(k, _)| k == kind)
        .map(|(_, md)| md.as_str())
        .unwrap_or_else(|| panic!("no {kind}"))
}

fn has_all(what: &str, text: &str, wanted: &[&str]) {
    let missing: Vec<_> = wanted.iter().filter(|w| !text.contains(*w)).collect();
    assert!(missing.is_empty(), "{what} lacks {missing:?}");
}

fn has_none(what: &str, text: &str, unwanted: &[&str]) {
    let found: Vec<_> = unwanted.iter().filter(|w| text.contains(*w)).collect();
    assert!(found.is_empty(), "{what} must not say {found:?}");
}

/// Common-law wording that German law does not use.
const COMMON_LAW_ONLY: [&str; 7] = [
    "full title guarantee",
    "waive any moral rights",
    "In consideration of",
    "indirect or consequential loss",
    "substantial remedy",
    "equitable relief",
    "receiver, examiner, administrator",
];

#[test]
fn german_law_contracts_use_german_law_concepts() {
    let docs = example("cloud-migration.yaml", &[]);
    let msa = doc(&docs, "msa");
    has_all(
        "German MSA",
        msa,
        &[
            "section 29(1) UrhG",
            "the exclusive right, unlimited in time, territory and content",
            "material contractual obligation",
            "foreseeable and typical",
            "gross negligence",
            "section 648 sentence 2 BGB",
            "section 288(2) BGB",
            "section 314 BGB",
            "(CISG) does not apply",
            "merchants (Kaufleute)",
            "German Mediation Act (Mediationsgesetz)",
            "exclusive place of jurisdiction for any Dispute that is not resolved under the preceding provisions is Munich",
            "section 328 BGB",
            "section 305b BGB",
            "section 339 BGB",
            "Preisklauselgesetz",
            "public holiday at the registered office of Isarwerk Süd (München)",
        ],
    );
    has_none("German MSA", msa, &COMMON_LAW_ONLY);
    has_none(
        "German MSA",
        msa,
        &["genuine pre-estimate", "Munich, Germany"],
    );
    let nda = doc(&docs, "nda");
    has_all(
        "German NDA",
        nda,
        &[
            "GeschGehG",
            "section 328 BGB",
            "(CISG) does not apply",
            "reasonable steps",
        ],
    );
    has_none("German NDA", nda, &COMMON_LAW_ONLY);
}

#[test]
fn irish_law_contracts_enforce_group_rights_through_the_buyer() {
    let docs = example("service-desk.yaml", &[]);
    let msa = doc(&docs, "msa");
    has_all(
        "Irish MSA",
        msa,
        &[
            "governed by the laws of Ireland",
            "The courts of Ireland have exclusive jurisdiction",
            "Mediation Act 2017",
            "as trustee for each of its group companies",
            "S.I. No. 580 of 2012",
            "S.I. No. 131 of 2003",
            "public holiday in Ireland",
        ],
    );
    has_none(
        "Irish MSA",
        msa,
        &[
            "Dublin, Ireland have",
            "may enforce the rights expressly given to them",
            "substantial remedy",
            "Contracts (Rights of Third Parties) Act",
            "section 613a",
        ],
    );
    let nda = doc(&docs, "nda");
    has_all(
        "Irish NDA",
        nda,
        &["laws of Ireland", "The courts of Ireland"],
    );
}

#[test]
fn english_law_ndas_have_consideration_and_exclude_the_1999_act() {
    let docs = example("laptop-purchase.yaml", &[]);
    let nda = doc(&docs, "nda");
    has_all(
        "English one-way NDA",
        nda,
        &[
            "In consideration of the Discloser making Confidential Information available",
            "paid by the Discloser to the Recipient",
            "Contracts (Rights of Third Parties) Act 1999",
            "governed by the laws of England and Wales",
        ],
    );
    let mutual = example(
        "laptop-purchase.yaml",
        &[("  direction: one_way", "  direction: mutual")],
    );
    has_all(
        "English mutual NDA",
        doc(&mutual, "nda"),
        &["in consideration of the other party's undertakings"],
    );
}

#[test]
fn scottish_law_does_not_take_the_english_texts() {
    let docs = example(
        "laptop-purchase.yaml",
        &[(
            "  governing_law: gb-eng\n  courts: England and Wales",
            "  governing_law: gb-sct\n  courts: Scotland",
        )],
    );
    let nda = doc(&docs, "nda");
    has_all(
        "Scottish NDA",
        nda,
        &["governed by the laws of Scotland", "The courts of Scotland"],
    );
    has_none(
        "Scottish NDA",
        nda,
        &[
            "laws of England and Wales",
            "courts of England and Wales",
            "Contracts (Rights of Third Parties) Act 1999",
            "one pound sterling",
        ],
    );
}

#[test]
fn schedules_appear_exactly_when_their_fields_do() {
    let docs = example("service-desk.yaml", &[]);
    let msa = doc(&docs, "msa");
    has_all(
        "service-desk MSA",
        msa,
        &[
            "# Specification and Supplier Solution Schedule",
            "| SD-01 | Service desk |",
            "# Data Processing Schedule",
            "| Cloudmere Hosting Ireland Limited | hosting of the ITSM platform | Ireland |",
            "personal data of Lisnagree staff and contractors",
            "# Information Security Schedule",
            "ISO/IEC 27001:2022 certification",
            "# Employee Transfer Schedule",
            "about fourteen (14) people",
            "within four (4) hours (the recovery time objective)",
            "CSV (RFC 4180) with UTF-8 encoding",
            "# 17 Step-in",
            "Regulation (EU) 2022/2554",
            "is governed by the Employee Transfer Schedule",
        ],
    );
    has_none(
        "service-desk MSA",
        msa,
        &[
            "Article 5k",
            "Delay payments",
            "Terms for critical or important functions",
        ],
    );

    let bare = example(
        "service-desk.yaml",
        &[
            (
                "  employee_transfer:\n    from: buyer\n    employees: 14\n    information_days: 28\n",
                "",
            ),
            ("  step_in: true\n", ""),
            (
                "  financial_regulation:\n    critical_or_important: false\n    authority: the Central Bank of Ireland\n",
                "",
            ),
        ],
    );
    let msa = doc(&bare, "msa");
    has_none(
        "MSA without the fields",
        msa,
        &["Employee Transfer Schedule", "Step-in", "DORA"],
    );
    has_all(
        "MSA without the fields",
        msa,
        &["the parties do not expect any employee"],
    );

    let cloud = example("cloud-migration.yaml", &[]);
    has_all(
        "cloud MSA",
        doc(&cloud, "msa"),
        &[
            "Article 5k of Council Regulation (EU) No 833/2014",
            "contractual penalty (Vertragsstrafe",
            "# 6 Benchmarking and indexation",
        ],
    );
}

#[test]
fn data_protection_claims_stay_under_their_own_cap() {
    let docs = example("service-desk.yaml", &[]);
    let msa = doc(&docs, "msa");
    has_all(
        "service-desk MSA",
        msa,
        &[
            "are subject to [clause 23.3](#liability-data-cap) even where the same facts are also a breach of confidentiality",
        ],
    );
    has_none(
        "service-desk MSA",
        msa,
        &[
            "in aggregate for the Term",
            "in each Contract Year, whether",
        ],
    );
}
