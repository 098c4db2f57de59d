//! Identifiers: engagement, clause, question set, variant and jurisdiction ids.
//!
//! The one rule for every id, in the spec and in the library alike: lower-case words of
//! ASCII letters and digits joined by single dashes (`limitation-of-liability`), at most
//! 100 characters. Clause and question set ids become file names, so nothing else is
//! allowed.

/// Whether `id` is a valid id: `[a-z0-9]+(-[a-z0-9]+)*`, at most 100 characters.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dash_separated_lower_case_words() {
        assert!(is_valid_id("limitation-of-liability"));
        assert!(is_valid_id("sla2"));
        for bad in [
            "", "-x", "a-", "a--b", "../x", "a/b", "a.b", "A", "a_b", "a b", "é",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert!(!is_valid_id(&"a".repeat(101)));
    }
}
