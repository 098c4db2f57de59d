//! Jurisdictions as data: the table of legal systems a contract can be governed by.
//!
//! A [`Jurisdiction`] is written as a lower-case ISO 3166-1 code (`ie`, `de`) or, for
//! countries with more than one legal system, an ISO 3166-2 style subdivision code
//! (`gb-eng`, `gb-sct`, `us-ny`). The table gives each code the name that reads after
//! "the laws of" ("Ireland", "England and Wales"), the courts that name reads for
//! ("the courts of Ireland"), the language of its law, and the wider jurisdiction its
//! clause texts fall back to (`de` → `eu`); `library::select` walks that chain.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// One row of the jurisdiction table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct JurisdictionInfo {
    /// The code (`ie`, `gb-eng`).
    pub code: &'static str,
    /// The name as it reads after "the laws of" (`Ireland`, `England and Wales`).
    pub name: &'static str,
    /// The courts, as they read after "exclusive jurisdiction of" (`the courts of Ireland`).
    pub courts: &'static str,
    /// The language of the law (BCP 47 primary tag: `en`, `de`).
    pub language: &'static str,
    /// The wider jurisdiction whose clause texts apply when this one has none
    /// (`eu`, `eea`, `gb`, `us`); `None` falls back to `default` directly.
    pub parent: Option<&'static str>,
    /// Whether a contract can be governed by it (false for groupings such as `eu`).
    pub governs: bool,
}

const fn law(
    code: &'static str,
    name: &'static str,
    courts: &'static str,
    language: &'static str,
    parent: Option<&'static str>,
) -> JurisdictionInfo {
    JurisdictionInfo {
        code,
        name,
        courts,
        language,
        parent,
        governs: true,
    }
}

const fn group(code: &'static str, name: &'static str) -> JurisdictionInfo {
    JurisdictionInfo {
        code,
        name,
        courts: "",
        language: "",
        parent: None,
        governs: false,
    }
}

const EU: Option<&str> = Some("eu");
const EEA: Option<&str> = Some("eea");
const GB: Option<&str> = Some("gb");
const US: Option<&str> = Some("us");

/// Every jurisdiction rfx knows, sorted by code.
pub const JURISDICTIONS: &[JurisdictionInfo] = &[
    law("at", "Austria", "the courts of Austria", "de", EU),
    group("au", "Australia"),
    law(
        "au-nsw",
        "New South Wales",
        "the courts of New South Wales",
        "en",
        Some("au"),
    ),
    law("be", "Belgium", "the courts of Belgium", "fr", EU),
    law("bg", "Bulgaria", "the courts of Bulgaria", "bg", EU),
    group("ca", "Canada"),
    law(
        "ca-on",
        "the Province of Ontario",
        "the courts of the Province of Ontario",
        "en",
        Some("ca"),
    ),
    law("ch", "Switzerland", "the courts of Switzerland", "de", None),
    law("cy", "Cyprus", "the courts of Cyprus", "el", EU),
    law(
        "cz",
        "the Czech Republic",
        "the courts of the Czech Republic",
        "cs",
        EU,
    ),
    law("de", "Germany", "the courts of Germany", "de", EU),
    law("dk", "Denmark", "the courts of Denmark", "da", EU),
    law("ee", "Estonia", "the courts of Estonia", "et", EU),
    group("eea", "the European Economic Area"),
    law("es", "Spain", "the courts of Spain", "es", EU),
    group("eu", "the European Union"),
    law("fi", "Finland", "the courts of Finland", "fi", EU),
    law("fr", "France", "the courts of France", "fr", EU),
    group("gb", "the United Kingdom"),
    law(
        "gb-eng",
        "England and Wales",
        "the courts of England and Wales",
        "en",
        GB,
    ),
    law(
        "gb-nir",
        "Northern Ireland",
        "the courts of Northern Ireland",
        "en",
        GB,
    ),
    law("gb-sct", "Scotland", "the Scottish courts", "en", GB),
    law(
        "gb-wls",
        "England and Wales",
        "the courts of England and Wales",
        "en",
        GB,
    ),
    law("gr", "Greece", "the courts of Greece", "el", EU),
    law("hr", "Croatia", "the courts of Croatia", "hr", EU),
    law("hu", "Hungary", "the courts of Hungary", "hu", EU),
    law("ie", "Ireland", "the courts of Ireland", "en", EU),
    law("in", "India", "the courts of India", "en", None),
    law("is", "Iceland", "the courts of Iceland", "is", EEA),
    law("it", "Italy", "the courts of Italy", "it", EU),
    law("jp", "Japan", "the courts of Japan", "ja", None),
    law(
        "li",
        "Liechtenstein",
        "the courts of Liechtenstein",
        "de",
        EEA,
    ),
    law("lt", "Lithuania", "the courts of Lithuania", "lt", EU),
    law("lu", "Luxembourg", "the courts of Luxembourg", "fr", EU),
    law("lv", "Latvia", "the courts of Latvia", "lv", EU),
    law("mt", "Malta", "the courts of Malta", "mt", EU),
    law(
        "nl",
        "the Netherlands",
        "the courts of the Netherlands",
        "nl",
        EU,
    ),
    law("no", "Norway", "the courts of Norway", "no", EEA),
    law("nz", "New Zealand", "the courts of New Zealand", "en", None),
    law("pl", "Poland", "the courts of Poland", "pl", EU),
    law("pt", "Portugal", "the courts of Portugal", "pt", EU),
    law("ro", "Romania", "the courts of Romania", "ro", EU),
    law("se", "Sweden", "the courts of Sweden", "sv", EU),
    law("sg", "Singapore", "the courts of Singapore", "en", None),
    law("si", "Slovenia", "the courts of Slovenia", "sl", EU),
    law("sk", "Slovakia", "the courts of Slovakia", "sk", EU),
    group("us", "the United States"),
    law(
        "us-ca",
        "the State of California",
        "the state and federal courts in California",
        "en",
        US,
    ),
    law(
        "us-de",
        "the State of Delaware",
        "the state and federal courts in Delaware",
        "en",
        US,
    ),
    law(
        "us-ny",
        "the State of New York",
        "the state and federal courts in New York County",
        "en",
        US,
    ),
];

/// The table row of `code`, if rfx knows it.
pub fn lookup(code: &str) -> Option<&'static JurisdictionInfo> {
    JURISDICTIONS.iter().find(|j| j.code == code)
}

/// The codes a contract can be governed by.
pub fn governing_codes() -> impl Iterator<Item = &'static str> {
    JURISDICTIONS.iter().filter(|j| j.governs).map(|j| j.code)
}

/// Free text people write for a law, mapped to its code (`Ireland` → `ie`).
fn code_for_name(text: &str) -> Option<&'static str> {
    let t = text.trim().to_lowercase();
    let t = t
        .strip_prefix("the laws of ")
        .or_else(|| t.strip_prefix("the law of "))
        .unwrap_or(&t)
        .trim_start_matches("the ");
    let aliases: &[(&str, &str)] = &[
        ("federal republic of germany", "de"),
        ("germany", "de"),
        ("deutschland", "de"),
        ("republic of ireland", "ie"),
        ("éire", "ie"),
        ("england", "gb-eng"),
        ("wales", "gb-wls"),
        ("united kingdom", "gb-eng"),
        ("uk", "gb-eng"),
        ("new york", "us-ny"),
        ("state of new york", "us-ny"),
        ("delaware", "us-de"),
        ("california", "us-ca"),
        ("ontario", "ca-on"),
    ];
    aliases
        .iter()
        .find(|(n, _)| *n == t)
        .map(|(_, c)| *c)
        .or_else(|| {
            JURISDICTIONS
                .iter()
                .filter(|j| j.governs)
                .find(|j| j.name.trim_start_matches("the ").eq_ignore_ascii_case(t))
                .map(|j| j.code)
        })
}

/// The law a contract is governed by, as a code from [`JURISDICTIONS`].
///
/// Written in the spec as the code (`ie`, `de`, `gb-eng`). In the template context it
/// serializes as its name (`Ireland`), which reads after "the laws of"; clause
/// selection uses the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jurisdiction(&'static JurisdictionInfo);

impl Jurisdiction {
    /// Parses a code; free text and unknown codes are errors with a suggestion.
    pub fn parse(text: &str) -> Result<Jurisdiction, String> {
        if let Some(info) = lookup(text).filter(|j| j.governs) {
            return Ok(Jurisdiction(info));
        }
        let message = if lookup(text).is_some() {
            format!(
                "`{text}` is a group of jurisdictions, not a legal system a contract can be governed by"
            )
        } else {
            format!("`{text}` is not a jurisdiction code")
        };
        let suggestion = code_for_name(text)
            .or_else(|| crate::diag::suggest(&text.to_lowercase(), governing_codes()));
        let help = match suggestion {
            Some(code) => format!(
                "did you mean `{code}`? ({}; write the code, rfx prints the name)",
                lookup(code).map_or("", |j| j.name)
            ),
            None => format!(
                "write a lower-case ISO 3166 code such as `ie`, `de`, `gb-eng`, `gb-sct` or `us-ny`; rfx knows {}",
                governing_codes().collect::<Vec<_>>().join(", ")
            ),
        };
        Err(super::values::with_help(message, &help))
    }

    /// The code (`ie`).
    pub fn code(&self) -> &'static str {
        self.0.code
    }

    /// The name as it reads after "the laws of" (`Ireland`).
    pub fn name(&self) -> &'static str {
        self.0.name
    }

    /// The courts of the jurisdiction (`the courts of Ireland`).
    pub fn courts(&self) -> &'static str {
        self.0.courts
    }

    /// The table row.
    pub fn info(&self) -> &'static JurisdictionInfo {
        self.0
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code)
    }
}

impl Serialize for Jurisdiction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.name)
    }
}

impl<'de> Deserialize<'de> for Jurisdiction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Jurisdiction, D::Error> {
        struct JurisdictionVisitor;
        impl Visitor<'_> for JurisdictionVisitor {
            type Value = Jurisdiction;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a jurisdiction code such as `ie`, `de` or `gb-eng`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Jurisdiction, E> {
                Jurisdiction::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(JurisdictionVisitor)
    }
}

impl JsonSchema for Jurisdiction {
    fn schema_name() -> Cow<'static, str> {
        "Jurisdiction".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = governing_codes().collect();
        json_schema!({
            "description": "Jurisdiction code (ISO 3166-1 or 3166-2 style), e.g. ie, de, gb-eng, us-ny.",
            "type": "string",
            "enum": codes
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_and_read_as_names() {
        let ie = Jurisdiction::parse("ie").unwrap();
        assert_eq!(
            (ie.code(), ie.name(), ie.courts()),
            ("ie", "Ireland", "the courts of Ireland")
        );
        assert_eq!(serde_json::to_string(&ie).unwrap(), "\"Ireland\"");
        assert_eq!(
            Jurisdiction::parse("gb-eng").unwrap().name(),
            "England and Wales"
        );
        assert_eq!(
            Jurisdiction::parse("us-ny").unwrap().info().parent,
            Some("us")
        );
    }

    #[test]
    fn free_text_suggests_the_code() {
        let e = Jurisdiction::parse("the Federal Republic of Germany").unwrap_err();
        assert!(e.contains("is not a jurisdiction code"), "{e}");
        assert!(e.contains("did you mean `de`?"), "{e}");
        let e = Jurisdiction::parse("Ireland").unwrap_err();
        assert!(e.contains("did you mean `ie`?"), "{e}");
        let e = Jurisdiction::parse("England and Wales").unwrap_err();
        assert!(e.contains("did you mean `gb-eng`?"), "{e}");
        let e = Jurisdiction::parse("gb-snt").unwrap_err();
        assert!(e.contains("did you mean `gb-sct`?"), "{e}");
        assert!(
            Jurisdiction::parse("eu")
                .unwrap_err()
                .contains("group of jurisdictions")
        );
    }

    #[test]
    fn table_is_sorted_and_parents_exist() {
        assert!(JURISDICTIONS.windows(2).all(|w| w[0].code < w[1].code));
        for j in JURISDICTIONS {
            if let Some(p) = j.parent {
                assert!(lookup(p).is_some_and(|p| !p.governs), "{}", j.code);
            }
        }
    }
}
