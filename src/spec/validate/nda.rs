//! Checks of the NDA terms.

use super::Checker;
use crate::diag::Diagnostic;
use crate::spec::types::{Nda, NdaDirection};

pub(super) fn check_nda(c: &mut Checker, n: &Nda) {
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
