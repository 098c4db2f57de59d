//! Checks of the engagement, the parties' contacts, the output settings and the
//! documents requested (each needs its sections).

use super::{Checker, is_valid_id, slugify};
use crate::diag::Diagnostic;
use crate::spec::types::{Contact, DocumentKind, Engagement, Output, Spec, SubmissionMethod};

pub(super) fn check_engagement(c: &mut Checker, e: &Engagement) {
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

pub(super) fn check_contacts(c: &mut Checker, spec: &Spec) {
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

pub(super) fn check_output(c: &mut Checker, output: &Output) {
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
    if let Some(theme) = &output.theme
        && !is_valid_id(theme)
    {
        c.at(
            "output.theme",
            Diagnostic::error(format!(
                "theme name `{theme}` may contain only lower-case letters, digits and dashes"
            ))
            .with_help("name a theme file of the library: `themes/<name>.yaml` is `<name>`"),
        );
    }
}

pub(super) fn check_documents(c: &mut Checker, spec: &Spec) {
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
