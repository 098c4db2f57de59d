//! Checks of the SLA terms: the priority matrix, service credits and their worked example,
//! chronic failure.

use super::Checker;
use crate::diag::Diagnostic;
use crate::spec::types::{PriorityCode, PriorityLevel, Sla};
use crate::spec::values::Decimal;

pub(super) fn check_sla(c: &mut Checker, s: &Sla) {
    let mut seen: Vec<PriorityCode> = Vec::new();
    for (i, p) in s.priorities.iter().enumerate() {
        if seen.contains(&p.priority) {
            c.at(
                &format!("sla.priorities[{i}].priority"),
                Diagnostic::error(format!("priority {:?} is defined twice", p.priority)),
            );
        }
        seen.push(p.priority);
    }
    let missing: Vec<String> = [
        PriorityCode::P1,
        PriorityCode::P2,
        PriorityCode::P3,
        PriorityCode::P4,
    ]
    .iter()
    .filter(|p| !seen.contains(p))
    .map(|p| format!("{p:?}"))
    .collect();
    if !missing.is_empty() {
        c.at(
            "sla.priorities",
            Diagnostic::error(format!("the priority matrix lacks {}", missing.join(", ")))
                .with_help("define each of P1, P2, P3 and P4 once"),
        );
    }
    let mut sorted: Vec<(usize, &PriorityLevel)> = s.priorities.iter().enumerate().collect();
    sorted.sort_by_key(|(_, p)| p.priority);
    for pair in sorted.windows(2) {
        let ((_, hi), (j, lo)) = (pair[0], pair[1]);
        if lo.response_minutes < hi.response_minutes || lo.resolution_hours < hi.resolution_hours {
            c.at(
                &format!("sla.priorities[{j}]"),
                Diagnostic::warning(format!(
                    "{:?} has a shorter target than the more urgent {:?}",
                    lo.priority, hi.priority
                )),
            );
        }
    }
    if let Some(cr) = &s.credits {
        let target = s.availability.target;
        for (i, t) in cr.tiers.iter().enumerate() {
            if t.below > target {
                c.at(
                    &format!("sla.credits.tiers[{i}].below"),
                    Diagnostic::error(format!(
                        "credit tier below {} lies above the availability target {target}",
                        t.below
                    ))
                    .with_help("credits apply only when availability falls below the target"),
                );
            }
            if t.credit > cr.cap {
                c.at(
                    &format!("sla.credits.tiers[{i}].credit"),
                    Diagnostic::error(format!("credit {} exceeds the cap of {}", t.credit, cr.cap)),
                );
            }
            if i > 0 {
                let prev = &cr.tiers[i - 1];
                if t.below >= prev.below || t.credit < prev.credit {
                    c.at(
                        &format!("sla.credits.tiers[{i}]"),
                        Diagnostic::error(
                            "credit tiers must go from the highest threshold down, with credits rising",
                        )
                        .with_note(format!(
                            "below {} earns {}, below {} earns {}",
                            prev.below, prev.credit, t.below, t.credit
                        )),
                    );
                }
            }
        }
    }
    if let Some(m) = s.credits.as_ref().and_then(|cr| cr.monthly_charge)
        && m.amount == Decimal::ZERO
    {
        c.at(
            "sla.credits.monthly_charge.amount",
            Diagnostic::error("the worked example's `monthly_charge` is 0")
                .with_help("give a representative monthly charge, or remove `monthly_charge`"),
        );
    }
    c.unique_ids("sla.kpis", "KPI", s.kpis.iter().map(|k| k.id.as_str()));
    if let Some(cf) = &s.chronic_failure
        && (cf.breaches == 0 || cf.period_months == 0)
    {
        c.at(
            "sla.chronic_failure",
            Diagnostic::error("chronic failure needs at least one breach in at least one month"),
        );
    }
}
