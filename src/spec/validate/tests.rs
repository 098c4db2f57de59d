//! Tests of the semantic checks, each on the worked example with one value changed.

use super::engagement::looks_like_email;
use super::*;
use crate::spec::load;

const EXAMPLE: &str = include_str!("../../../examples/service-desk.yaml");

/// Loads `EXAMPLE` with `from` replaced by `to`; returns (message, line) of every
/// diagnostic.
fn diags(from: &str, to: &str) -> Vec<(String, usize)> {
    assert!(EXAMPLE.contains(from), "not in the example: {from}");
    let text = EXAMPLE.replacen(from, to, 1);
    let ds = match load("x.yaml", &text) {
        Ok(f) => f.warnings,
        Err(ds) => ds,
    };
    ds.into_iter()
        .map(|d| (d.message, d.location.map_or(0, |l| l.line)))
        .collect()
}

fn line_of(needle: &str) -> usize {
    EXAMPLE
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap()
}

#[test]
fn ids_allow_only_lowercase_digits_and_dashes() {
    assert!(is_valid_id("limitation-of-liability"));
    assert!(is_valid_id("sla2"));
    for bad in [
        "", "-x", "a-", "a--b", "../x", "a/b", "a.b", "A", "a_b", "a b", "é",
    ] {
        assert!(!is_valid_id(bad), "{bad}");
    }
    assert_eq!(
        slugify("Limitation/Liability").as_deref(),
        Some("limitation-liability")
    );
    assert_eq!(slugify("../"), None);
}

#[test]
fn engagement_id_must_be_a_slug() {
    let d = diags("id: lisnagree-service-desk-2027", "id: Lisnagree_2027");
    assert_eq!(d.len(), 1);
    assert!(
        d[0].0.starts_with("engagement id `Lisnagree_2027`"),
        "{d:?}"
    );
}

#[test]
fn weights_must_sum_to_100() {
    let d = diags(
        "      weight: 30\n      description: Processes",
        "      weight: 25\n      description: Processes",
    );
    assert_eq!(
        d,
        vec![(
            "evaluation weights sum to 95, not 100".to_string(),
            line_of("  criteria:")
        )]
    );
    // Decimal weights that add up exactly pass.
    let d = diags(
        "      weight: 5\n      description: Apprenticeships",
        "      weight: 4.5\n      description: Apprenticeships",
    );
    assert_eq!(d[0].0, "evaluation weights sum to 99.5, not 100");
}

#[test]
fn timeline_dates_must_run_in_order() {
    let d = diags("award: 2027-03-26", "award: 2027-02-10");
    let msgs: Vec<&str> = d.iter().map(|(m, _)| m.as_str()).collect();
    assert!(
        msgs.contains(&"`award` (2027-02-10) is before `evaluation_end` (2027-03-19)"),
        "{msgs:?}"
    );
    assert_eq!(d[0].1, line_of("award: 2027-03-26"));
    let d = diags(
        "answers_published: 2027-02-05",
        "answers_published: 2027-01-20",
    );
    assert_eq!(
        d[0].0,
        "`answers_published` (2027-01-20) is before `clarification_deadline` (2027-01-29)"
    );
    let d = diags("contract_start: 2027-05-03", "contract_start: 2027-03-26");
    assert!(
        d.iter()
            .any(|(m, _)| m
                == "`contract_start` (2027-03-26) is the same day as `award` (2027-03-26)"),
        "{d:?}"
    );
}

#[test]
fn short_bid_validity_is_a_warning() {
    let d = diags("bid_validity_days: 120", "bid_validity_days: 30");
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].0,
        "bids expire on 2027-03-21, 19 days before the standstill period after the award \
         ends on 2027-04-09"
    );
    let text = EXAMPLE.replacen("bid_validity_days: 120", "bid_validity_days: 30", 1);
    let file = load("x.yaml", &text).unwrap();
    assert_eq!(file.warnings.len(), 1);
}

#[test]
fn currencies_must_agree_unless_mixed_is_allowed() {
    let from = "{type: cyber liability, amount: {amount: 5000000, currency: EUR}}";
    let to = "{type: cyber liability, amount: {amount: 5000000, currency: GBP}}";
    let d = diags(from, to);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].0,
        "currency GBP differs from the spec's currency EUR (`pricing.currency`)"
    );
    assert_eq!(d[0].1, line_of(from));
    let text = EXAMPLE.replacen(from, to, 1).replacen(
        "allow_mixed_currencies: false",
        "allow_mixed_currencies: true",
        1,
    );
    assert!(load("x.yaml", &text).is_ok());
}

#[test]
fn requirement_ids_are_unique_and_criteria_exist() {
    let d = diags("  - id: SD-02", "  - id: SD-01");
    assert_eq!(d[0].0, "duplicate requirement id `SD-01`");
    let d = diags("criterion: transition", "criterion: transitoin");
    assert_eq!(d[0].0, "unknown evaluation criterion `transitoin`");
}

#[test]
fn agreements_need_a_supplier_and_their_sections() {
    // The tender example names no supplier: its agreements are bidder-neutral.
    assert!(load("x.yaml", EXAMPLE).is_ok());
    // After award, the agreements and the award itself need the supplier.
    const AWARD: &str = include_str!("../../../examples/service-desk-award.yaml");
    let start = AWARD.find("  supplier:\n    legal_name").unwrap();
    let end = AWARD.find("# Which documents").unwrap();
    let text = format!("{}{}", &AWARD[..start], &AWARD[end..]);
    let errs = load("x.yaml", &text).unwrap_err();
    let msgs: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "the NDA needs `parties.supplier`: the counterparty who signs it",
            "the MSA needs `parties.supplier`: the counterparty who signs it",
            "the SLA needs `parties.supplier`: the counterparty who signs it",
            "`award` needs `parties.supplier`: the successful bidder",
        ]
    );
    let d = diags(
        "documents: [rfi, rfp, rfq, nda, msa, sla, evaluation-guide]",
        "documents: [rfi, rfp, rfp]",
    );
    assert_eq!(
        d,
        vec![(
            "`rfp` is listed twice".to_string(),
            line_of("documents: [rfi")
        )]
    );
}

#[test]
fn one_way_nda_needs_an_existing_discloser() {
    let d = diags("direction: mutual", "direction: one_way");
    assert_eq!(d[0].0, "a one-way NDA needs `discloser`");
    let d = diags(
        "direction: mutual",
        "direction: one_way\n  discloser: buyer",
    );
    assert!(d.is_empty(), "{d:?}");
    let d = diags("direction: mutual", "direction: mutual\n  discloser: buyer");
    assert_eq!(
        d[0].0,
        "`discloser` is ignored in a mutual NDA (both parties disclose)"
    );
}

#[test]
fn clause_ids_that_could_be_paths_are_rejected() {
    for id in ["../secrets", "a/b", "Limitation", "x.md", "a\\\\b"] {
        let d = diags(
            "clauses: {}",
            &format!("clauses:\n  \"{id}\": {{exclude: true}}"),
        );
        assert_eq!(d.len(), 1, "{id}: {d:?}");
        assert!(d[0].0.starts_with("clause id `"), "{d:?}");
    }
    let d = diags(
        "clauses: {}",
        "clauses:\n  confidentiality: {version: \"^2\", variant: fallback}",
    );
    assert!(d.is_empty(), "{d:?}");
    let d = diags(
        "clauses: {}",
        "clauses:\n  confidentiality: {variant: ../x}",
    );
    assert_eq!(
        d[0].0,
        "variant `../x` may contain only lower-case letters, digits and dashes"
    );
}

#[test]
fn questionnaire_knockouts_are_yes_no_and_weights_bounded() {
    let d = diags(
        "      response: yes_no     # yes_no",
        "      response: text     # yes_no",
    );
    assert_eq!(d[0].0, "a knockout question must have a yes_no response");
    let d = diags(
        "      weight: 5\n      criterion: transition",
        "      weight: 100\n      criterion: transition",
    );
    assert!(d.is_empty(), "{d:?}");
    let d = diags(
        "    - {id: data-privacy, version: \"^2\", criterion: security}",
        "    - {id: ../data-privacy, version: \"^2\", criterion: security}",
    );
    assert!(
        d[0].0.starts_with("question set id `../data-privacy`"),
        "{d:?}"
    );
    let d = diags(
        "    - {id: data-privacy, version: \"^2\", criterion: security}",
        "    - {id: company-profile}",
    );
    assert_eq!(d[0].0, "question set `company-profile` is listed twice");
}

#[test]
fn sla_priorities_and_credits_are_consistent() {
    let d = diags("    - priority: P4", "    - priority: P3");
    let msgs: Vec<&str> = d.iter().map(|(m, _)| m.as_str()).collect();
    assert!(msgs.contains(&"priority P3 is defined twice"), "{msgs:?}");
    assert!(msgs.contains(&"the priority matrix lacks P4"), "{msgs:?}");
    let d = diags("{below: 99.8, credit: 2}", "{below: 99.9, credit: 2}");
    assert_eq!(
        d[0].0,
        "credit tier below 99.9 lies above the availability target 99.8"
    );
    let d = diags("{below: 99.0, credit: 10}", "{below: 99.0, credit: 20}");
    assert_eq!(d[0].0, "credit 20 exceeds the cap of 10");
    let d = diags("{below: 99.5, credit: 5}", "{below: 99.5, credit: 1}");
    assert_eq!(
        d[0].0,
        "credit tiers must go from the highest threshold down, with credits rising"
    );
}

#[test]
fn contract_caps_forum_and_escalation_are_checked() {
    let d = diags("forum: courts ", "forum: arbitration ");
    assert_eq!(d[0].0, "arbitration needs `contract.disputes.arbitration`");
    let d = diags(
        "{level: 2, who: the Steering Board",
        "{level: 3, who: the Steering Board",
    );
    assert_eq!(d[0].0, "escalation level 3 should be 2");
    let d = diags(
        "    data_breach_cap:\n      amount: {amount: 5000000, currency: EUR}",
        "    data_breach_cap: {}",
    );
    assert_eq!(d[0].0, "`data_breach_cap` sets no cap");
}

#[test]
fn milestones_pay_the_whole_price() {
    let d = diags("      percent: 20", "      percent: 25");
    assert_eq!(d[0].0, "milestone percentages sum to 105, not 100");
    assert_eq!(d[0].1, line_of("  milestones:"));
}

#[test]
fn contacts_and_submission_addresses_are_plausible() {
    assert!(looks_like_email("a.b@example.ie"));
    for bad in ["", "a", "a@b", "@b.ie", "a@.ie", "a b@c.ie", "a@b@c.ie"] {
        assert!(!looks_like_email(bad), "{bad}");
    }
    let d = diags(
        "email: bids@harbourline.example",
        "email: bids.harbourline.example",
    );
    assert_eq!(
        d[0].0,
        "`bids.harbourline.example` is not an e-mail address"
    );
    let d = diags(
        "method: portal       # portal",
        "method: email       # portal",
    );
    assert!(
        d[0].0
            .starts_with("submission by e-mail needs an e-mail address"),
        "{d:?}"
    );
}

#[test]
fn language_must_be_a_tag() {
    let d = diags("language: en-IE", "language: English");
    assert_eq!(d[0].0, "`English` is not a language tag");
    assert!(diags("language: en-IE", "language: ga").is_empty());
}

#[test]
fn mandatory_requirements_are_not_weighted() {
    let d = diags(
        "    response_type: comply   # comply | describe | yes_no | attachment",
        "    response_type: comply\n    weight: 5",
    );
    assert_eq!(
        d,
        vec![(
            "a mandatory requirement is pass/fail; its weight is not scored".to_string(),
            line_of("response_type: comply   # comply") + 1
        )]
    );
}

#[test]
fn rfi_dates_run_in_order_and_before_the_tender() {
    let d = diags(
        "response_deadline: 2026-11-20",
        "response_deadline: 2026-10-19",
    );
    assert_eq!(
        d,
        vec![(
            "the RFI's `response_deadline` (2026-10-19) is the same day as its `issue_date` \
             (2026-10-19)"
                .to_string(),
            line_of("response_deadline: 2026-11-20")
        )]
    );
    let d = diags(
        "response_deadline: 2026-11-20",
        "response_deadline: 2027-01-11",
    );
    assert_eq!(
        d,
        vec![(
            "the RFI's `response_deadline` (2027-01-11) is not before the RFP's issue date \
             (2027-01-11)"
                .to_string(),
            line_of("response_deadline: 2026-11-20")
        )]
    );
    // Both problems at once, each at the deadline's line.
    let d = diags(
        "    issue_date: 2026-10-19\n    response_deadline: 2026-11-20",
        "    issue_date: 2027-02-01\n    response_deadline: 2027-01-20",
    );
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(
        d[0].0.ends_with("is before its `issue_date` (2027-02-01)"),
        "{d:?}"
    );
    assert!(d.iter().all(|(_, l)| *l == line_of("response_deadline:")));
    // With only an RFI, the timeline is the RFI's own: no order against it.
    let d = diags(
        "documents: [rfi, rfp, rfq, nda, msa, sla, evaluation-guide]",
        "documents: [rfi, nda, msa, sla]",
    );
    assert!(d.is_empty(), "{d:?}");
    // RFI dates without an RFI are a warning at the block's key.
    let d = diags(
        "documents: [rfi, rfp, rfq, nda, msa, sla, evaluation-guide]",
        "documents: [rfp, rfq, nda, msa, sla]",
    );
    assert_eq!(
        d,
        vec![(
            "`procurement.rfi` is set, but no RFI is requested".to_string(),
            line_of("  rfi:")
        )]
    );
}

#[test]
fn worked_example_charge_is_one_currency_and_not_zero() {
    let from = "monthly_charge: {amount: 50000, currency: EUR}";
    let d = diags(from, "monthly_charge: {amount: 50000, currency: GBP}");
    assert_eq!(
        d,
        vec![(
            "currency GBP differs from the spec's currency EUR (`pricing.currency`)".to_string(),
            line_of(from)
        )]
    );
    let d = diags(from, "monthly_charge: {amount: 0, currency: EUR}");
    assert_eq!(d[0].0, "the worked example's `monthly_charge` is 0");
    assert_eq!(d[0].1, line_of(from));
    let d = diags(from, "monthly_charge: {amount: 50000.005, currency: EUR}");
    assert_eq!(d[0].0, "50000.005 has more decimals than EUR allows (2)");
}

#[test]
fn rfq_terms_url_and_payment_days_are_checked() {
    // Inserted lines go where `procurement.rfi` starts, so they sit on its line.
    let at = "  rfi:\n";
    let line = line_of("  rfi:");
    let d = diags(at, &format!("  terms_url: www.terms.example\n{at}"));
    assert_eq!(
        d,
        vec![("`www.terms.example` is not a web address".to_string(), line)]
    );
    let d = diags(
        at,
        &format!("  terms_url: https://lisnagree.example/terms\n  payment_days: 30\n{at}"),
    );
    assert!(d.is_empty(), "{d:?}");
    let d = diags(at, &format!("  payment_days: 45\n{at}"));
    assert_eq!(
        d,
        vec![(
            "`payment_days` (45) differs from `contract.payment_days` (30), which the RFQ \
             states"
                .to_string(),
            line
        )]
    );
}

#[test]
fn chronic_termination_without_a_definition_is_a_warning_at_the_flag() {
    let definition = "  chronic_failure:\n    breaches: 3\n    period_months: 6\n";
    assert!(EXAMPLE.contains(definition));
    let text = EXAMPLE.replacen(definition, "", 1);
    let file = load("x.yaml", &text).expect("a warning, not an error");
    let w: Vec<(&str, usize)> = file
        .warnings
        .iter()
        .map(|d| {
            (
                d.message.as_str(),
                d.location.as_ref().map_or(0, |l| l.line),
            )
        })
        .collect();
    assert_eq!(
        w,
        [(
            "`chronic_sla_failure` is true, but `sla.chronic_failure` does not say when \
             failure is chronic",
            line_of("chronic_sla_failure: true")
        )]
    );
    assert_eq!(file.warnings[0].severity, crate::diag::Severity::Warning);
    // Turning the right off silences it.
    let text = text.replacen("chronic_sla_failure: true", "chronic_sla_failure: false", 1);
    assert!(load("x.yaml", &text).unwrap().warnings.is_empty());
}

#[test]
fn unsupported_spec_version() {
    let d = diags("spec_version: 1", "spec_version: 2");
    assert_eq!(
        d,
        vec![(
            "unsupported spec_version 2".to_string(),
            line_of("spec_version: 1")
        )]
    );
}
