//! Checks of the MSA terms, and of the chronic-failure right the MSA gives on the SLA.

use super::Checker;
use crate::diag::Diagnostic;
use crate::spec::types::{Contract, Forum, Spec};
use crate::spec::values::Decimal;

pub(super) fn check_chronic_failure(c: &mut Checker, spec: &Spec) {
    let Some(k) = &spec.contract else { return };
    if !k.termination.chronic_sla_failure {
        return;
    }
    let note = match &spec.sla {
        Some(s) if s.chronic_failure.is_some() => return,
        Some(_) => {
            "the MSA then refers to a definition of chronic failure that the SLA does not contain"
        }
        None => "without an `sla` block there is no definition, and the MSA leaves the right out",
    };
    c.at(
        "contract.termination.chronic_sla_failure",
        Diagnostic::warning(
            "`chronic_sla_failure` is true, but `sla.chronic_failure` does not say when failure is chronic",
        )
        .with_note(note)
        .with_help(
            "add `chronic_failure: {breaches: 3, period_months: 6}` under `sla`, \
             or set `chronic_sla_failure: false`",
        ),
    );
}

pub(super) fn check_contract(c: &mut Checker, k: &Contract) {
    let caps = [
        ("general_cap", Some(&k.liability.general_cap)),
        ("data_breach_cap", k.liability.data_breach_cap.as_ref()),
    ];
    for (name, cap) in caps {
        let Some(cap) = cap else { continue };
        let path = format!("contract.liability.{name}");
        if cap.fees_multiple.is_none() && cap.amount.is_none() {
            c.at(
                &path,
                Diagnostic::error(format!("`{name}` sets no cap"))
                    .with_help("give `fees_multiple`, `amount`, or both (the greater applies)"),
            );
        }
        if let Some(m) = cap.fees_multiple
            && (m.is_negative() || m == Decimal::ZERO)
        {
            c.at(
                &format!("{path}.fees_multiple"),
                Diagnostic::error(format!("fees multiple {m} must be above 0")),
            );
        }
    }
    let d = &k.disputes;
    match (d.forum, &d.arbitration) {
        (Forum::Arbitration, None) => c.at(
            "contract.disputes.forum",
            Diagnostic::error("arbitration needs `contract.disputes.arbitration`")
                .with_help("add `arbitration: {rules: ..., seat: ..., arbitrators: 1}`"),
        ),
        (Forum::Courts, Some(_)) => c.at_key(
            "contract.disputes.arbitration",
            Diagnostic::warning("`arbitration` is ignored because `forum` is `courts`"),
        ),
        (Forum::Arbitration, Some(a)) if a.arbitrators != 1 && a.arbitrators != 3 => c.at(
            "contract.disputes.arbitration.arbitrators",
            Diagnostic::error(format!("{} arbitrators: use 1 or 3", a.arbitrators)),
        ),
        _ => {}
    }
    for (i, tier) in d.escalation.iter().enumerate() {
        let expected = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if tier.level != expected {
            c.at(
                &format!("contract.disputes.escalation[{i}].level"),
                Diagnostic::error(format!(
                    "escalation level {} should be {expected}",
                    tier.level
                ))
                .with_help("number the tiers 1, 2, 3… from the lowest"),
            );
        }
    }
    if k.data_protection.laws.is_empty() {
        c.at(
            "contract.data_protection.laws",
            Diagnostic::error("name at least one data protection law"),
        );
    }
}
