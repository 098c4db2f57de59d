//! The engagement spec: typed structures, loading with located errors, and validation.
//!
//! YAML stays behind this module: the rest of rfx sees only [`Spec`] and
//! [`crate::diag::Diagnostic`]s. [`load`] parses and checks a spec and returns every
//! problem it finds; a [`SpecFile`] keeps the source so later stages (library, compose)
//! can point their own diagnostics at a value with [`SpecFile::locate`].
//!
//! The serialized [`Spec`] is the template context, so its field names are the
//! variable names templates use. Values serialize as follows:
//! - [`Date`]: `"2027-05-03"`; [`Time`]: `"12:00"`;
//! - [`Money`]: `{"amount": "2850000.00", "currency": "EUR"}` (amount as text, exactly
//!   the currency's decimals);
//! - [`Percent`] and [`Decimal`]: JSON numbers (`99.8`, `36`);
//! - [`Jurisdiction`]: its name as it reads after "the laws of" (`"Ireland"` for `ie`);
//! - absent optional values: `null`; absent lists: `[]`; enums: their snake_case names.
//!
//! Module map: `types` (the structures; one submodule per section: `engagement`,
//! `parties`, `procurement`, `requirements`, `evaluation`, `pricing`, `contract`, `sla`,
//! `nda`), `values` (value types), `positions` (path → line/column index of the YAML
//! text), `jurisdiction` (the table of jurisdiction codes), `schedules` (the contract's
//! optional schedules and provisions), `chars` (the control-character rule), `load`
//! (parsing and error translation), `validate` (semantic checks; the `Checker` and one
//! submodule per area checked: `engagement`, `procurement`, `requirements`,
//! `evaluation`, `pricing`, `contract`, `sla`, `nda`, `clauses`), `tender_checks`
//! (bidders, the award, the price basis, baseline volumes), `coherence` (facts that must
//! agree once they become contract text, and terms the governing law allows), `stage`
//! (tender or contract, the award), `price_basis` (evaluated quantities and the
//! evaluated price).

mod chars;
mod coherence;
pub mod jurisdiction;
mod load;
pub(crate) mod positions;
pub mod price_basis;
pub mod probe;
mod schedules;
mod stage;
mod tender_checks;
mod types;
mod validate;
mod values;

pub use jurisdiction::Jurisdiction;
pub use load::{SpecFile, load};
pub use price_basis::PriceBasis;
pub use schedules::*;
pub use stage::{Award, AwardPrice, AwardRate, Stage};
pub use types::*;
pub use validate::{SPEC_VERSION, is_valid_id};
pub use values::{Currency, Date, Decimal, Money, Percent, Time};

/// A commented starter spec for `rfx init`: valid as written, it asks for a mutual NDA.
pub const STARTER: &str = include_str!("starter.yaml");

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
    fn json_schema_describes_every_section_and_forbids_unknown_fields() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        assert_eq!(schema["title"], "Spec");
        assert_eq!(schema["additionalProperties"], false);
        let props = schema["properties"].as_object().unwrap();
        for section in [
            "spec_version",
            "engagement",
            "parties",
            "documents",
            "output",
            "procurement",
            "requirements",
            "evaluation",
            "pricing",
            "questionnaire",
            "contract",
            "sla",
            "nda",
            "clauses",
            "allow_draft_clauses",
        ] {
            assert!(props.contains_key(section), "{section}");
        }
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            required,
            ["spec_version", "engagement", "parties", "documents"]
        );
        let defs = schema["$defs"].as_object().unwrap();
        assert_eq!(defs["Nda"]["additionalProperties"], false);
        assert!(defs["Nda"]["properties"]["governing_law"].is_object());
        assert_eq!(defs["Date"]["format"], "date");
        assert!(
            defs["Currency"]["enum"]
                .as_array()
                .unwrap()
                .contains(&"EUR".into())
        );
        let kinds = &defs["DocumentKind"];
        assert!(kinds.to_string().contains("\"nda\""), "{kinds}");
    }

    #[test]
    fn template_context_has_null_for_absent_values_and_empty_lists() {
        let file = load("spec.yaml", STARTER).unwrap();
        let json = serde_json::to_value(&file.spec).unwrap();
        assert!(json["parties"]["buyer"]["contact"].is_null());
        assert!(json["procurement"].is_null());
        assert_eq!(json["requirements"], serde_json::json!([]));
        assert_eq!(json["clauses"], serde_json::json!({}));
        assert_eq!(json["nda"]["discloser"], serde_json::Value::Null);
        assert_eq!(
            json["output"],
            serde_json::json!({"paper": "a4", "language": "en-IE", "theme": null})
        );
        assert_eq!(json["engagement"]["term"]["start"], "2027-01-04");
    }

    #[test]
    fn starter_loads_without_diagnostics_and_asks_for_an_nda() {
        let file = match load("spec.yaml", STARTER) {
            Ok(file) => file,
            Err(ds) => panic!("{}", ds.iter().map(|d| d.to_string()).collect::<String>()),
        };
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        assert_eq!(file.spec.documents, vec![DocumentKind::Nda]);
        assert!(file.spec.nda.is_some());
    }

    #[test]
    fn example_loads_without_diagnostics() {
        let file = match load("examples/service-desk.yaml", EXAMPLE) {
            Ok(file) => file,
            Err(ds) => panic!("{}", ds.iter().map(|d| d.to_string()).collect::<String>()),
        };
        assert_eq!(file.warnings, Vec::new());
        let spec = file.spec;
        assert_eq!(spec.engagement.id, "lisnagree-service-desk-2027");
        assert_eq!(spec.documents.len(), 7);
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["engagement"]["budget"]["amount"], "2850000.00");
        assert_eq!(json["sla"]["availability"]["target"], 99.8);
        assert_eq!(json["procurement"]["timeline"]["award"], "2027-03-26");
        assert!(json["parties"]["buyer"]["address"]["region"].is_string());
        assert!(json["engagement"]["deliverables"][0]["description"].is_string());
    }

    /// Every `tests/invalid/NAME.yaml` fails to load with exactly the diagnostics in
    /// `NAME.expected`: each diagnostic's `Display` followed by a blank line, as
    /// `rfx check` prints them. `RFX_BLESS=1` rewrites the expectations.
    #[test]
    fn invalid_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("tests/invalid");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".yaml").map(str::to_string)
            })
            .collect();
        names.sort();
        assert!(names.len() >= 12, "fixtures missing: {names:?}");
        let bless = std::env::var_os("RFX_BLESS").is_some_and(|v| v == "1");
        let mut failures = Vec::new();
        for name in &names {
            let rel = format!("tests/invalid/{name}.yaml");
            let text = std::fs::read_to_string(root.join(&rel)).unwrap();
            let rendered = match load(&rel, &text) {
                Ok(_) => {
                    failures.push(format!("{rel}: loaded without errors"));
                    continue;
                }
                Err(ds) => ds.iter().map(|d| format!("{d}\n")).collect::<String>(),
            };
            let expected_path = dir.join(format!("{name}.expected"));
            if bless {
                std::fs::write(&expected_path, &rendered).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if rendered != expected {
                failures.push(format!(
                    "{rel}:\n--- expected\n{expected}--- got\n{rendered}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
