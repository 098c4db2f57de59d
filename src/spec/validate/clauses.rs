//! Checks of the per-clause choices: ids, variants and jurisdictions.

use super::{Checker, is_valid_id, slugify};
use crate::diag::Diagnostic;
use crate::spec::types::Spec;

pub(super) fn check_clauses(c: &mut Checker, spec: &Spec) {
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
