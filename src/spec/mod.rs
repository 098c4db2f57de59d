//! The engagement spec: typed structures, loading with located errors, and validation.
//!
//! YAML stays behind this module: the rest of rfx sees only [`Spec`] and
//! [`crate::diag::Diagnostic`]s.

mod load;
mod positions;
mod types;
mod validate;
mod values;

pub use load::{SpecFile, load};
pub use types::*;
pub use validate::{SPEC_VERSION, is_valid_id};
pub use values::{Currency, Date, Decimal, Money, Percent, Time};

/// The JSON Schema of the spec (for `rfx schema` and editor completion), pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Spec);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../examples/service-desk.yaml");

    #[test]
    fn example_loads_without_diagnostics() {
        let file = match load("examples/service-desk.yaml", EXAMPLE) {
            Ok(file) => file,
            Err(ds) => panic!("{}", ds.iter().map(|d| d.to_string()).collect::<String>()),
        };
        assert_eq!(file.warnings, Vec::new());
        let spec = file.spec;
        assert_eq!(spec.engagement.id, "lisnagree-service-desk-2027");
        assert_eq!(spec.documents.len(), 6);
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["engagement"]["budget"]["amount"], "2850000.00");
        assert_eq!(json["sla"]["availability"]["target"], 99.8);
        assert_eq!(json["procurement"]["timeline"]["award"], "2027-03-26");
        assert!(json["parties"]["buyer"]["address"]["region"].is_string());
        assert!(json["engagement"]["deliverables"][0]["description"].is_string());
    }
}
