//! Cross-references: a `ref()` that names a section of another document of the pack, a
//! clause the spec excludes, or a clause this document does not include.

use super::{Finding, Page};
use crate::markdown::marker::{CLOSE, OPEN, SEP};
use crate::spec::SpecFile;

/// Findings for page `i` of `pages`.
pub fn check(pages: &[Page<'_>], i: usize, spec: &SpecFile) -> Vec<Finding> {
    let page = &pages[i];
    let open = format!("{OPEN}ref{SEP}");
    let mut out = Vec::new();
    for (at, _) in page.text.match_indices(&open) {
        let rest = &page.text[at + open.len()..];
        let Some(end) = rest.find([SEP, CLOSE]) else {
            continue;
        };
        let anchor = &rest[..end];
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
