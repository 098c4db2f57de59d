//! Cross-references: a `ref()` that names a section of another document of the pack, a
//! clause the spec excludes, a clause this document does not include, or a section
//! whose number differs between the tender-stage and contract-stage build.

use super::{Finding, Page};
use crate::markdown::marker::{CLOSE, OPEN, SEP};
use crate::spec::{SpecFile, Stage};
use std::collections::HashMap;

/// Findings for page `i` of `pages`.
pub fn check(pages: &[Page<'_>], i: usize, spec: &SpecFile) -> Vec<Finding> {
    let page = &pages[i];
    let mut out = Vec::new();
    for (at, anchor) in refs(page) {
        if page.anchors.iter().any(|a| a == anchor) {
            continue;
        }
        let snippet = format!("ref(id=\"{anchor}\")");
        let elsewhere = pages
            .iter()
            .find(|p| p.kind != page.kind && p.anchors.iter().any(|a| a == anchor));
        let excluded = spec.spec.clauses.get(anchor).is_some_and(|c| c.exclude);
        let f = if let Some(other) = elsewhere {
            Finding::warning(
                at,
                &snippet,
                format!(
                    "cross-reference to `{anchor}`, a section of the {}, not of this document",
                    other.kind.as_str().to_uppercase()
                ),
            )
            .help(format!(
                "name the other document in words (\"the {} \"), or include the clause here",
                other.kind.as_str().to_uppercase()
            ))
        } else if excluded {
            Finding::warning(
                at,
                &snippet,
                format!("cross-reference to clause `{anchor}`, which the spec excludes"),
            )
            .help(format!(
                "remove `exclude: true` from `clauses.{anchor}`, or guard the reference with `{{% if %}}`"
            ))
        } else {
            Finding::warning(
                at,
                &snippet,
                format!("cross-reference to `{anchor}`, which is not a section of this document"),
            )
            .help("check the id passed to ref(), or include the clause it names")
        };
        out.push(Finding { error: true, ..f });
    }
    out
}

/// The `ref()`s of a page: (offset of the marker, anchor).
fn refs<'p>(page: &'p Page<'_>) -> Vec<(usize, &'p str)> {
    let open = format!("{OPEN}ref{SEP}");
    let text = page.text.as_str();
    text.match_indices(&open)
        .filter_map(|(at, _)| {
            let rest = &text[at + open.len()..];
            let end = rest.find([SEP, CLOSE])?;
            Some((at, &rest[..end]))
        })
        .collect()
}

/// References of `page` to a section numbered otherwise, or missing, in the same
/// document built at `other` stage (`numbers`: that build's numbers by anchor). Bidders
/// cite the tender-stage numbers in questions and tenders; after award they must still
/// point at the same text.
pub fn stage_check(
    page: &Page<'_>,
    numbers: &HashMap<String, String>,
    other: Stage,
) -> Vec<Finding> {
    let doc = page.kind.as_str().to_uppercase();
    let mut out = Vec::new();
    for (at, anchor) in refs(page) {
        let Some(here) = page.numbers.get(anchor) else {
            continue;
        };
        let snippet = format!("ref(id=\"{anchor}\")");
        let message = match numbers.get(anchor) {
            Some(there) if there == here => continue,
            Some(there) => format!(
                "cross-reference to `{anchor}`: section {here} here, but section {there} in the {other}-stage {doc}"
            ),
            None => format!(
                "cross-reference to `{anchor}`: section {here} here, but no such section in the {other}-stage {doc}"
            ),
        };
        out.push(Finding::warning(at, &snippet, message).help(
            "keep the sections in the same order at both stages: put stage-dependent text \
             inside a section rather than adding or removing headings with `stage`",
        ));
    }
    out
}
