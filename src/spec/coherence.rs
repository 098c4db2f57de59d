//! Coherence: one fact, one value. Checks that the spec's facts do not contradict each
//! other once they become contract text, and that the governing law allows the terms
//! the spec asks for. Each finding is a located diagnostic on the spec.

use super::load::SpecFile;
use super::types::Spec;
use super::values::Decimal;
use crate::diag::Diagnostic;

/// Every coherence finding for `file`.
pub(super) fn check(file: &SpecFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut at = |path: &str, d: Diagnostic| {
        out.push(match file.locate_nearest(path) {
            Some(loc) => d.at(loc),
            None => d.in_file(&file.path),
        });
    };
    let spec = &file.spec;
    credit_cap_reachable(spec, &mut at);
    liability_variant_keeps_data_cap(spec, &mut at);
    milestones_within_term(spec, &mut at);
    delay_payments(spec, &mut at);
    german_payment_terms(spec, &mut at);
    out
}

type At<'a> = dyn FnMut(&str, Diagnostic) + 'a;

/// A service-credit cap above the highest tier can never be reached, yet the SLA states
/// it as "the most that could be credited".
fn credit_cap_reachable(spec: &Spec, at: &mut At<'_>) {
    let Some(credits) = spec.sla.as_ref().and_then(|s| s.credits.as_ref()) else {
        return;
    };
    let Some(top) = credits.tiers.iter().map(|t| t.credit).max() else {
        return;
    };
    if credits.cap > top {
        at(
            "sla.credits.cap",
            Diagnostic::warning(format!(
                "the service-credit cap of {}% can never be reached: the highest tier credits {}%",
                credits.cap, top
            ))
            .with_note(
                "only the availability tiers earn Service Credits, one tier per Measurement Period",
            )
            .with_help(format!(
                "set `cap: {top}`, or add a tier that credits {} for the lowest availability",
                credits.cap
            )),
        );
    }
}

/// The fallback liability text has one aggregate cap: a separate data-protection cap in
/// the spec would be silently dropped.
fn liability_variant_keeps_data_cap(spec: &Spec, at: &mut At<'_>) {
    let Some(k) = &spec.contract else { return };
    let variant = spec
        .clauses
        .get("limitation-of-liability")
        .and_then(|c| c.variant.as_deref());
    if variant == Some("fallback") && k.liability.data_breach_cap.is_some() {
        at(
            "clauses.limitation-of-liability.variant",
            Diagnostic::warning(
                "the `fallback` liability text ignores `contract.liability.data_breach_cap`",
            )
            .with_note(
                "the fallback has one aggregate cap with data protection claims inside it, \
                 while the RFP and the spec promise a separate, higher cap",
            )
            .with_help(
                "use the preferred variant, or remove `data_breach_cap` if the aggregate cap is what was agreed",
            ),
        );
    }
}

/// A milestone planned after the end of the initial term cannot be paid under it.
fn milestones_within_term(spec: &Spec, at: &mut At<'_>) {
    let Some(p) = &spec.pricing else { return };
    let months = spec.engagement.term.months;
    // 52 weeks a year: a week is due within the term when it starts before it ends.
    let term_weeks = months * 52 / 12;
    for (i, m) in p.milestones.iter().enumerate() {
        let Some(week) = m.due_weeks else { continue };
        if week > term_weeks {
            at(
                &format!("pricing.milestones[{i}].due_weeks"),
                Diagnostic::error(format!(
                    "milestone `{}` is planned for week {week}, after the initial term of {months} months (about {term_weeks} weeks) ends",
                    m.id
                ))
                .with_help("move the milestone into the term, or lengthen `engagement.term.months`"),
            );
        }
    }
}

/// Delay payments need fixed milestones, and German law caps a contractual penalty in
/// standard terms at five per cent of the contract value.
fn delay_payments(spec: &Spec, at: &mut At<'_>) {
    let Some(k) = &spec.contract else { return };
    let Some(dp) = &k.delay_payments else { return };
    let has_milestones = spec
        .pricing
        .as_ref()
        .is_some_and(|p| !p.milestones.is_empty());
    if !has_milestones {
        at(
            "contract.delay_payments",
            Diagnostic::warning(
                "`delay_payments` is set, but `pricing.milestones` lists no milestones",
            )
            .with_note(
                "delay payments are measured on milestone payments; the MSA leaves the clause out",
            )
            .with_help("add `milestones` under `pricing`, or remove `delay_payments`"),
        );
    }
    if dp.percent_per_week > dp.cap_percent {
        at(
            "contract.delay_payments.percent_per_week",
            Diagnostic::error(format!(
                "a weekly delay payment of {}% exceeds its cap of {}%",
                dp.percent_per_week, dp.cap_percent
            ))
            .with_help("lower `percent_per_week` or raise `cap_percent`"),
        );
    }
    if k.governing_law.code() == "de" && dp.cap_percent.value() > Decimal::from_int(5) {
        at(
            "contract.delay_payments.cap_percent",
            Diagnostic::warning(format!(
                "under German law a contractual penalty of up to {}% in standard terms is likely void",
                dp.cap_percent
            ))
            .with_note("the courts hold penalties above 5 % of the contract value unreasonable (section 307 BGB)")
            .with_help("set `cap_percent: 5` or less"),
        );
    }
}

/// German law: in the buyer's standard terms more than 30 days to pay is presumed
/// unreasonable (section 308 no. 1a BGB); more than 60 needs express agreement (section 271a).
fn german_payment_terms(spec: &Spec, at: &mut At<'_>) {
    let Some(k) = &spec.contract else { return };
    if k.governing_law.code() == "de" && k.payment_days > 30 {
        at(
            "contract.payment_days",
            Diagnostic::warning(format!(
                "{} days to pay is longer than German law allows in standard terms",
                k.payment_days
            ))
            .with_note("section 308 no. 1a BGB presumes more than 30 days after the invoice unreasonable in the buyer's standard terms; section 271a BGB allows more than 60 days only by express agreement")
            .with_help("set `payment_days: 30`"),
        );
    }
}
