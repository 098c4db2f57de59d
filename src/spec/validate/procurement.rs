//! Checks of the tender process: the timeline's order, the RFI dates and the RFQ's
//! terms.

use super::Checker;
use crate::diag::Diagnostic;
use crate::spec::types::{Contract, DocumentKind, Procurement, Term, Timeline};
use crate::spec::values::Date;

pub(super) fn check_timeline(c: &mut Checker, t: &Timeline, term: &Term) {
    const BASE: &str = "procurement.timeline";
    let order: Vec<(&str, Option<Date>)> = vec![
        ("issue_date", Some(t.issue_date)),
        ("clarification_deadline", Some(t.clarification_deadline)),
        ("answers_published", t.answers_published),
        ("submission_deadline", Some(t.submission_deadline)),
        ("evaluation_end", t.evaluation_end),
        ("award", Some(t.award)),
        ("contract_start", Some(t.contract_start)),
    ];
    let present: Vec<(&str, Date)> = order
        .iter()
        .filter_map(|(name, d)| d.map(|d| (*name, d)))
        .collect();
    for pair in present.windows(2) {
        let (before, a) = pair[0];
        let (after, b) = pair[1];
        // The answers may come out on the clarification deadline itself, and evaluation
        // may end on the submission day or on the award day; all else is strict.
        let same_day_ok = matches!(
            (before, after),
            ("clarification_deadline", "answers_published")
                | ("submission_deadline", "evaluation_end")
                | ("evaluation_end", "award")
        );
        let ok = if same_day_ok { a <= b } else { a < b };
        if !ok {
            let relation = if a == b { "the same day as" } else { "before" };
            c.at(
                &format!("{BASE}.{after}"),
                Diagnostic::error(format!("`{after}` ({b}) is {relation} `{before}` ({a})"))
                    .with_help(
                        "the timeline runs issue_date < clarification_deadline \
                     <= answers_published < submission_deadline <= evaluation_end \
                     <= award < contract_start",
                    ),
            );
        }
    }
    if t.bid_validity_days == 0 {
        c.at(
            &format!("{BASE}.bid_validity_days"),
            Diagnostic::error("bids must stay valid for at least one day"),
        );
    } else {
        let expiry = t.submission_deadline.days_since_epoch() + i64::from(t.bid_validity_days);
        let standstill = i64::from(t.standstill_days.unwrap_or(0));
        let needed = t.award.days_since_epoch() + standstill;
        if expiry < needed {
            let on = |days: i64| {
                Date::from_days_since_epoch(days).map_or(String::new(), |d| format!(" on {d}"))
            };
            let what = if standstill > 0 {
                "the standstill period after the award ends"
            } else {
                "the award"
            };
            c.at(
                &format!("{BASE}.bid_validity_days"),
                Diagnostic::warning(format!(
                    "bids expire{}, {} days before {what}{}",
                    on(expiry),
                    needed - expiry,
                    on(needed)
                ))
                .with_help("raise `bid_validity_days` or bring the award forward"),
            );
        }
    }
    if t.contract_start != term.start {
        c.at(
            &format!("{BASE}.contract_start"),
            Diagnostic::warning(format!(
                "`contract_start` ({}) differs from `engagement.term.start` ({})",
                t.contract_start, term.start
            ))
            .with_help("the documents state both dates: make them agree unless this is intended"),
        );
    }
}

/// "before" or "the same day as", for a date that should come after `earlier`.
fn relation(date: Date, earlier: Date) -> &'static str {
    if date == earlier {
        "the same day as"
    } else {
        "before"
    }
}

pub(super) fn check_rfi(c: &mut Checker, p: &Procurement, documents: &[DocumentKind]) {
    const BASE: &str = "procurement.rfi";
    let Some(r) = &p.rfi else { return };
    if !documents.contains(&DocumentKind::Rfi) {
        c.at_key(
            BASE,
            Diagnostic::warning("`procurement.rfi` is set, but no RFI is requested")
                .with_help("add `rfi` to `documents`, or remove `procurement.rfi`"),
        );
    }
    if r.response_deadline <= r.issue_date {
        c.at(
            &format!("{BASE}.response_deadline"),
            Diagnostic::error(format!(
                "the RFI's `response_deadline` ({}) is {} its `issue_date` ({})",
                r.response_deadline,
                relation(r.response_deadline, r.issue_date),
                r.issue_date
            ))
            .with_help("responses are due after the RFI is issued"),
        );
    }
    // The RFI is a market consultation: its responses come in before the tender that
    // follows it is issued. Without an RFP or RFQ the timeline is the RFI's own.
    let next = if documents.contains(&DocumentKind::Rfp) {
        "RFP"
    } else if documents.contains(&DocumentKind::Rfq) {
        "RFQ"
    } else {
        return;
    };
    let tender = p.timeline.issue_date;
    if r.response_deadline >= tender {
        c.at(
            &format!("{BASE}.response_deadline"),
            Diagnostic::error(format!(
                "the RFI's `response_deadline` ({}) is not before the {next}'s issue date ({tender})",
                r.response_deadline
            ))
            .with_note(format!(
                "RFI responses are due before the {next} is issued (`procurement.timeline.issue_date`)"
            ))
            .with_help(format!(
                "bring the RFI dates forward, or issue the {next} later"
            )),
        );
    }
}

pub(super) fn check_rfq_terms(c: &mut Checker, p: &Procurement, contract: Option<&Contract>) {
    if let Some(url) = &p.terms_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        c.at(
            "procurement.terms_url",
            Diagnostic::error(format!("`{url}` is not a web address"))
                .with_help("write the address of the terms as https://…"),
        );
    }
    if let (Some(days), Some(k)) = (p.payment_days, contract)
        && days != k.payment_days
    {
        c.at(
            "procurement.payment_days",
            Diagnostic::warning(format!(
                "`payment_days` ({days}) differs from `contract.payment_days` ({}), which the RFQ states",
                k.payment_days
            ))
            .with_help("remove `procurement.payment_days`, or make the two agree"),
        );
    }
}
