//! Semantic checks on a parsed spec: every problem at once, each at its value's line.

use super::load::SpecFile;
use super::types::*;
use super::values::{Currency, Date, Decimal, HELP_SEPARATOR, Money};
use crate::diag::{Diagnostic, suggest};
use std::collections::HashMap;

/// The spec format version this rfx reads.
pub const SPEC_VERSION: u32 = 1;

pub use crate::id::is_valid_id;

/// `text` turned into a valid id (for a suggestion), if anything is left.
pub(super) fn slugify(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let slug = out.trim_matches('-').to_string();
    (!slug.is_empty()).then_some(slug)
}

pub(super) struct Checker<'a> {
    pub(super) file: &'a SpecFile,
    pub(super) out: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Records `d` at the value of `path` (or its nearest present ancestor).
    pub(super) fn at(&mut self, path: &str, d: Diagnostic) {
        let d = match self.file.locate_nearest(path) {
            Some(loc) => d.at(loc),
            None => d.in_file(&self.file.path),
        };
        self.out.push(d);
    }

    /// Records `d` at the key of `path`.
    pub(super) fn at_key(&mut self, path: &str, d: Diagnostic) {
        match self.file.locate_key(path) {
            Some(loc) => self.out.push(d.at(loc)),
            None => self.at(path, d),
        }
    }

    /// Errors for repeated ids in a list; `ids` yields (index, id).
    pub(super) fn unique_ids<'s>(
        &mut self,
        list: &str,
        what: &str,
        ids: impl Iterator<Item = &'s str>,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if let Some(first) = seen.get(id) {
                let first_line = self
                    .file
                    .locate(&format!("{list}[{first}].id"))
                    .map_or(String::new(), |l| format!(" on line {}", l.line));
                self.at(
                    &format!("{list}[{i}].id"),
                    Diagnostic::error(format!("duplicate {what} id `{id}`"))
                        .with_note(format!("`{id}` is first used{first_line}"))
                        .with_help(format!("give every {what} its own id")),
                );
            } else {
                seen.insert(id, i);
            }
        }
    }
}

/// Runs every check; returns errors and warnings.
pub(crate) fn check(file: &SpecFile) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        out: Vec::new(),
    };
    let spec = &file.spec;
    check_version(&mut c, spec);
    check_engagement(&mut c, &spec.engagement);
    check_contacts(&mut c, spec);
    check_output(&mut c, &spec.output);
    check_documents(&mut c, spec);
    if let Some(p) = &spec.procurement {
        check_timeline(&mut c, &p.timeline, &spec.engagement.term);
        check_rfi(&mut c, p, &spec.documents);
        check_rfq_terms(&mut c, p, spec.contract.as_ref());
    }
    check_requirements(&mut c, spec);
    if let Some(e) = &spec.evaluation {
        check_evaluation(&mut c, e);
    }
    if let Some(p) = &spec.pricing {
        check_pricing(&mut c, p);
    }
    check_currencies(&mut c, spec);
    if let Some(q) = &spec.questionnaire {
        check_questionnaire(&mut c, q);
    }
    if let Some(k) = &spec.contract {
        check_contract(&mut c, k);
    }
    if let Some(s) = &spec.sla {
        check_sla(&mut c, s);
    }
    if let Some(n) = &spec.nda {
        check_nda(&mut c, n);
    }
    check_chronic_failure(&mut c, spec);
    check_clauses(&mut c, spec);
    c.out.extend(super::coherence::check(file));
    super::tender_checks::check(&mut c);
    c.out
}

/// The checks that depend on the stage the pack is built at ([`SpecFile::stage`]).
pub(crate) fn stage_checks(file: &SpecFile) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        out: Vec::new(),
    };
    super::tender_checks::stage(&mut c);
    c.out
}

fn check_version(c: &mut Checker, spec: &Spec) {
    if spec.spec_version != SPEC_VERSION {
        c.at(
            "spec_version",
            Diagnostic::error(format!("unsupported spec_version {}", spec.spec_version))
                .with_help(format!("this rfx reads spec_version {SPEC_VERSION}")),
        );
    }
}

fn check_engagement(c: &mut Checker, e: &Engagement) {
    if !is_valid_id(&e.id) {
        let mut d = Diagnostic::error(format!(
            "engagement id `{}` may contain only lower-case letters, digits and dashes",
            e.id
        ))
        .with_note("the id names the output folder");
        if let Some(slug) = slugify(&e.id) {
            d = d.with_help(format!("write it as `{slug}`"));
        }
        c.at("engagement.id", d);
    }
    if let Some(j) = &e.jurisdiction
        && !is_valid_id(j)
    {
        c.at(
            "engagement.jurisdiction",
            Diagnostic::error(format!(
                "jurisdiction `{j}` may contain only lower-case letters, digits and dashes"
            ))
            .with_help("use a lower-case ISO 3166 code such as `ie`, `de` or `gb`"),
        );
    }
    if e.term.months == 0 {
        c.at(
            "engagement.term.months",
            Diagnostic::error("the term must last at least one month"),
        );
    }
    if let Some(r) = &e.term.renewals
        && r.count > 0
        && r.months == 0
    {
        c.at(
            "engagement.term.renewals.months",
            Diagnostic::error("each renewal must last at least one month"),
        );
    }
}

fn check_contacts(c: &mut Checker, spec: &Spec) {
    let mut contacts: Vec<(&str, &Contact)> = Vec::new();
    if let Some(x) = &spec.parties.buyer.contact {
        contacts.push(("parties.buyer.contact", x));
    }
    if let Some(x) = spec
        .parties
        .supplier
        .as_ref()
        .and_then(|p| p.contact.as_ref())
    {
        contacts.push(("parties.supplier.contact", x));
    }
    let bidder_paths: Vec<String> = (0..spec.parties.bidders.len())
        .map(|i| format!("parties.bidders[{i}].contact"))
        .collect();
    for (b, path) in spec.parties.bidders.iter().zip(&bidder_paths) {
        if let Some(x) = &b.contact {
            contacts.push((path, x));
        }
    }
    if let Some(p) = &spec.procurement {
        contacts.push(("procurement.contact", &p.contact));
    }
    for (path, contact) in contacts {
        if !looks_like_email(&contact.email) {
            c.at(
                &format!("{path}.email"),
                Diagnostic::error(format!("`{}` is not an e-mail address", contact.email)),
            );
        }
    }
    if let Some(p) = &spec.procurement {
        let sub = &p.submission;
        let path = "procurement.submission.address";
        match sub.method {
            SubmissionMethod::Email if !looks_like_email(&sub.address) => c.at(
                path,
                Diagnostic::error(format!(
                    "submission by e-mail needs an e-mail address, not `{}`",
                    sub.address
                )),
            ),
            SubmissionMethod::Portal
                if !(sub.address.starts_with("https://") || sub.address.starts_with("http://")) =>
            {
                c.at(
                    path,
                    Diagnostic::warning(format!(
                        "submission by portal usually needs the portal's URL, not `{}`",
                        sub.address
                    ))
                    .with_help("write the address as https://…"),
                )
            }
            _ => {}
        }
    }
}

/// A plausible e-mail address: one `@` with text on both sides and a dot in the domain.
pub(super) fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn check_output(c: &mut Checker, output: &Output) {
    let mut parts = output.language.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !primary_ok || !rest_ok {
        c.at(
            "output.language",
            Diagnostic::error(format!("`{}` is not a language tag", output.language))
                .with_help("write a BCP 47 tag such as `en`, `en-IE` or `ga-IE`"),
        );
    }
}

fn check_documents(c: &mut Checker, spec: &Spec) {
    if spec.documents.is_empty() {
        c.at(
            "documents",
            Diagnostic::error("no documents requested")
                .with_help("list at least one of rfi, rfp, rfq, msa, sla, nda"),
        );
    }
    let mut seen = Vec::new();
    for (i, kind) in spec.documents.iter().enumerate() {
        let path = format!("documents[{i}]");
        if seen.contains(kind) {
            c.at(
                &path,
                Diagnostic::warning(format!("`{kind}` is listed twice"))
                    .with_help("remove the second entry"),
            );
            continue;
        }
        seen.push(*kind);
        let upper = kind.as_str().to_uppercase();
        let mut need = |present: bool, section: &str, why: &str| {
            if !present {
                c.at(
                    &path,
                    Diagnostic::error(format!("the {upper} needs the `{section}` section"))
                        .with_note(why.to_string())
                        .with_help(format!("add `{section}:` to the spec, or remove `{kind}`")),
                );
            }
        };
        match kind {
            DocumentKind::Rfi => need(
                spec.procurement.is_some(),
                "procurement",
                "it gives the reference, the timeline and how to respond",
            ),
            DocumentKind::Rfp => {
                need(
                    spec.procurement.is_some(),
                    "procurement",
                    "it gives the reference, the timeline and how to submit",
                );
                need(
                    !spec.requirements.is_empty(),
                    "requirements",
                    "an RFP states the requirements bidders respond to",
                );
                need(
                    spec.evaluation.is_some(),
                    "evaluation",
                    "an RFP states how bids are scored",
                );
            }
            DocumentKind::Rfq => {
                need(
                    spec.procurement.is_some(),
                    "procurement",
                    "it gives the reference, the timeline and how to submit",
                );
                need(
                    spec.pricing.as_ref().is_some_and(|p| !p.lines.is_empty()),
                    "pricing",
                    "an RFQ lists the lines to be priced (pricing.lines)",
                );
            }
            DocumentKind::Msa => need(
                spec.contract.is_some(),
                "contract",
                "it holds the MSA terms",
            ),
            DocumentKind::Sla => need(spec.sla.is_some(), "sla", "it holds the service levels"),
            DocumentKind::Nda => need(spec.nda.is_some(), "nda", "it holds the NDA terms"),
            DocumentKind::EvaluationGuide => need(
                spec.evaluation.is_some(),
                "evaluation",
                "the guide explains how the panel scores bids",
            ),
        }
    }
}

fn check_timeline(c: &mut Checker, t: &Timeline, term: &Term) {
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

fn check_rfi(c: &mut Checker, p: &Procurement, documents: &[DocumentKind]) {
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

fn check_rfq_terms(c: &mut Checker, p: &Procurement, contract: Option<&Contract>) {
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

fn check_chronic_failure(c: &mut Checker, spec: &Spec) {
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

fn check_requirements(c: &mut Checker, spec: &Spec) {
    c.unique_ids(
        "requirements",
        "requirement",
        spec.requirements.iter().map(|r| r.id.as_str()),
    );
    let criteria: Vec<&str> = spec
        .evaluation
        .as_ref()
        .map(|e| e.criteria.iter().map(|k| k.id.as_str()).collect())
        .unwrap_or_default();
    for (i, r) in spec.requirements.iter().enumerate() {
        if r.priority == Priority::Mandatory && r.weight.is_some() {
            c.at(
                &format!("requirements[{i}].weight"),
                Diagnostic::warning(
                    "a mandatory requirement is pass/fail; its weight is not scored",
                )
                .with_help("remove the weight, or make the requirement `desirable`"),
            );
        }
        if let Some(w) = &r.weight
            && w.is_negative()
        {
            c.at(
                &format!("requirements[{i}].weight"),
                Diagnostic::error(format!("weight {w} is negative")),
            );
        }
        if let Some(k) = &r.criterion
            && !criteria.contains(&k.as_str())
        {
            let mut d = Diagnostic::error(format!("unknown evaluation criterion `{k}`"));
            d = match suggest(k, criteria.iter().copied()) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None if criteria.is_empty() => {
                    d.with_help("add the criterion under `evaluation.criteria`")
                }
                None => d.with_help(format!(
                    "the criteria are {}",
                    criteria
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            c.at(&format!("requirements[{i}].criterion"), d);
        }
    }
}

fn check_evaluation(c: &mut Checker, e: &Evaluation) {
    c.unique_ids(
        "evaluation.criteria",
        "criterion",
        e.criteria.iter().map(|k| k.id.as_str()),
    );
    if e.scale.min >= e.scale.max {
        c.at(
            "evaluation.scale.max",
            Diagnostic::error(format!(
                "the scale runs from {} to {}: `max` must be above `min`",
                e.scale.min, e.scale.max
            )),
        );
    }
    for (i, l) in e.scale.labels.iter().enumerate() {
        if l.score < e.scale.min || l.score > e.scale.max {
            c.at(
                &format!("evaluation.scale.labels[{i}].score"),
                Diagnostic::error(format!(
                    "score {} is outside the scale {}–{}",
                    l.score, e.scale.min, e.scale.max
                )),
            );
        }
    }
    if e.method == EvaluationMethod::BestPriceQuality && e.price.is_none() {
        c.at(
            "evaluation.method",
            Diagnostic::error("`best_price_quality` needs `evaluation.price` (weight and formula)")
                .with_help(
                    "add `price: {weight: 30, formula: lowest_price_ratio}` under `evaluation`",
                ),
        );
    }
    let mut sum = Decimal::ZERO;
    let mut parts = Vec::new();
    for k in &e.criteria {
        sum = sum.checked_add(&k.weight.value()).unwrap_or(sum);
        parts.push(format!("{} {}", k.id, k.weight));
    }
    if let Some(p) = &e.price {
        sum = sum.checked_add(&p.weight.value()).unwrap_or(sum);
        parts.push(format!("price {}", p.weight));
    }
    if sum != Decimal::from_int(100) {
        c.at(
            "evaluation.criteria",
            Diagnostic::error(format!("evaluation weights sum to {sum}, not 100"))
                .with_note(format!("weights: {}", parts.join(", ")))
                .with_help("the criteria weights and the price weight must add up to 100"),
        );
    }
}

fn check_pricing(c: &mut Checker, p: &Pricing) {
    c.unique_ids(
        "pricing.lines",
        "pricing line",
        p.lines.iter().map(|l| l.id.as_str()),
    );
    c.unique_ids(
        "pricing.milestones",
        "milestone",
        p.milestones.iter().map(|m| m.id.as_str()),
    );
    for (i, l) in p.lines.iter().enumerate() {
        if l.quantity.is_negative() {
            c.at(
                &format!("pricing.lines[{i}].quantity"),
                Diagnostic::error(format!("quantity {} is negative", l.quantity)),
            );
        }
    }
    if !p.milestones.is_empty() {
        let mut sum = Decimal::ZERO;
        for m in &p.milestones {
            sum = sum.checked_add(&m.percent.value()).unwrap_or(sum);
        }
        if sum != Decimal::from_int(100) {
            c.at(
                "pricing.milestones",
                Diagnostic::error(format!("milestone percentages sum to {sum}, not 100"))
                    .with_help("the milestones together must pay the whole fixed price"),
            );
        }
    }
    if p.model == PricingModel::TimeAndMaterials && p.rate_card.is_empty() {
        c.at(
            "pricing.model",
            Diagnostic::error("time-and-materials pricing needs a `rate_card`")
                .with_help("list the roles to be priced under `pricing.rate_card`"),
        );
    }
}

/// Every amount of money in the spec, with its path.
fn amounts(spec: &Spec) -> Vec<(String, Money)> {
    let mut out = Vec::new();
    if let Some(b) = &spec.engagement.budget {
        out.push(("engagement.budget".to_string(), *b));
    }
    if let Some(k) = &spec.contract {
        let caps = [
            ("general_cap", Some(&k.liability.general_cap)),
            ("data_breach_cap", k.liability.data_breach_cap.as_ref()),
        ];
        for (name, cap) in caps {
            if let Some(m) = cap.and_then(|c| c.amount) {
                out.push((format!("contract.liability.{name}.amount"), m));
            }
        }
        for (i, ins) in k.insurance.iter().enumerate() {
            out.push((format!("contract.insurance[{i}].amount"), ins.amount));
        }
    }
    if let Some(m) = spec
        .sla
        .as_ref()
        .and_then(|s| s.credits.as_ref())
        .and_then(|cr| cr.monthly_charge)
    {
        out.push(("sla.credits.monthly_charge".to_string(), m));
    }
    out
}

fn check_currencies(c: &mut Checker, spec: &Spec) {
    let all = amounts(spec);
    for (path, m) in &all {
        if let Err(message) = m.check() {
            let (message, help) = match message.split_once(HELP_SEPARATOR) {
                Some((m, h)) => (m.to_string(), Some(h.to_string())),
                None => (message, None),
            };
            let mut d = Diagnostic::error(message);
            if let Some(h) = help {
                d = d.with_help(h);
            }
            c.at(&format!("{path}.amount"), d);
        }
    }
    let (base, source): (Currency, String) = match &spec.pricing {
        Some(p) if p.allow_mixed_currencies => return,
        Some(p) => (p.currency, "pricing.currency".to_string()),
        None => match all.first() {
            Some((path, m)) => (m.currency, format!("{path}.currency")),
            None => return,
        },
    };
    for (path, m) in &all {
        if m.currency != base {
            c.at(
                &format!("{path}.currency"),
                Diagnostic::error(format!(
                    "currency {} differs from the spec's currency {base} (`{source}`)",
                    m.currency
                ))
                .with_help(format!(
                    "use {base} throughout, or set `pricing.allow_mixed_currencies: true`"
                )),
            );
        }
    }
}

fn check_questionnaire(c: &mut Checker, q: &Questionnaire) {
    let mut seen = Vec::new();
    for (i, set) in q.sets.iter().enumerate() {
        let path = format!("questionnaire.sets[{i}].id");
        if !is_valid_id(&set.id) {
            c.at(
                &path,
                Diagnostic::error(format!(
                    "question set id `{}` may contain only lower-case letters, digits and dashes",
                    set.id
                ))
                .with_help("use the id of a question set from `rfx library list`"),
            );
        } else if seen.contains(&set.id.as_str()) {
            c.at(
                &path,
                Diagnostic::error(format!("question set `{}` is listed twice", set.id)),
            );
        }
        seen.push(set.id.as_str());
    }
    c.unique_ids(
        "questionnaire.questions",
        "question",
        q.questions.iter().map(|x| x.id.as_str()),
    );
    let mut sum = Decimal::ZERO;
    for (i, x) in q.questions.iter().enumerate() {
        if let Some(w) = x.weight {
            sum = sum.checked_add(&w.value()).unwrap_or(sum);
        }
        if x.knockout && x.response != QuestionResponse::YesNo {
            c.at(
                &format!("questionnaire.questions[{i}].response"),
                Diagnostic::error("a knockout question must have a yes_no response")
                    .with_note("a knockout excludes a bid on a wrong answer, which needs a clear yes or no")
                    .with_help("set `response: yes_no`, or `knockout: false`"),
            );
        }
        if x.knockout && x.weight.is_some_and(|w| w.value() != Decimal::ZERO) {
            c.at(
                &format!("questionnaire.questions[{i}].weight"),
                Diagnostic::warning("a knockout question is pass/fail; its weight is not scored")
                    .with_help("remove the weight"),
            );
        }
    }
    if sum > Decimal::from_int(100) {
        c.at(
            "questionnaire.questions",
            Diagnostic::error(format!("question weights sum to {sum}, more than 100")),
        );
    }
}

fn check_contract(c: &mut Checker, k: &Contract) {
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

fn check_sla(c: &mut Checker, s: &Sla) {
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

fn check_nda(c: &mut Checker, n: &Nda) {
    match (n.direction, n.discloser) {
        (NdaDirection::OneWay, None) => c.at(
            "nda.direction",
            Diagnostic::error("a one-way NDA needs `discloser`")
                .with_help("add `discloser: buyer` or `discloser: supplier` under `nda`"),
        ),
        (NdaDirection::Mutual, Some(_)) => c.at(
            "nda.discloser",
            Diagnostic::warning("`discloser` is ignored in a mutual NDA (both parties disclose)"),
        ),
        // Before award the discloser "supplier" is the bidder signing the NDA; after award
        // the stage checks require `parties.supplier`.
        _ => {}
    }
    if n.term_months == 0 {
        c.at(
            "nda.term_months",
            Diagnostic::error("the NDA term must last at least one month"),
        );
    }
}

fn check_clauses(c: &mut Checker, spec: &Spec) {
    for (id, choice) in &spec.clauses {
        let path = format!("clauses.{id}");
        if !is_valid_id(id) {
            let mut d = Diagnostic::error(format!(
                "clause id `{id}` may contain only lower-case letters, digits and dashes"
            ))
            .with_note("clause ids name files in the library; paths are not allowed");
            if let Some(slug) = slugify(id) {
                d = d.with_help(format!("did you mean `{slug}`?"));
            }
            c.at_key(&path, d);
            continue;
        }
        if choice.exclude && (choice.version.is_some() || choice.variant.is_some()) {
            c.at_key(
                &format!("{path}.exclude"),
                Diagnostic::warning(format!(
                    "clause `{id}` is excluded; its version and variant are ignored"
                )),
            );
        }
        if let Some(v) = &choice.variant
            && !is_valid_id(v)
        {
            c.at(
                &format!("{path}.variant"),
                Diagnostic::error(format!(
                    "variant `{v}` may contain only lower-case letters, digits and dashes"
                )),
            );
        }
        if let Some(j) = &choice.jurisdiction
            && !is_valid_id(j)
        {
            c.at(
                &format!("{path}.jurisdiction"),
                Diagnostic::error(format!(
                    "jurisdiction `{j}` may contain only lower-case letters, digits and dashes"
                ))
                .with_help("use a lower-case code such as `ie` or `uk`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::load;

    const EXAMPLE: &str = include_str!("../../examples/service-desk.yaml");

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
            d.iter().any(|(m, _)| m
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
        const AWARD: &str = include_str!("../../examples/service-desk-award.yaml");
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
                "currency GBP differs from the spec's currency EUR (`pricing.currency`)"
                    .to_string(),
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
}
