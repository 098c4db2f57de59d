//! Version requirements (`^2`, `~1.4`, `=1.4.0`, `>=1, <3`): how a spec pins a clause or
//! question set, and what library selection matches versions against.
//!
//! The one requirement type of rfx, shared by `spec` and `library` so neither depends on
//! the other through it. Versions are `semver::Version` and are compared as versions.

use semver::{Version, VersionReq};
use std::fmt;

/// A semver version requirement, kept with its text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRequirement {
    text: String,
    req: VersionReq,
}

impl VersionRequirement {
    /// Parses a requirement; surrounding blanks are ignored.
    pub fn parse(text: &str) -> Result<VersionRequirement, String> {
        let text = text.trim();
        VersionReq::parse(text)
            .map(|req| VersionRequirement {
                text: text.to_string(),
                req,
            })
            .map_err(|e| format!("`{text}` is not a version requirement: {e}"))
    }

    /// The parsed requirement.
    pub fn req(&self) -> &VersionReq {
        &self.req
    }

    /// Whether `version` satisfies the requirement.
    pub fn matches(&self, version: &Version) -> bool {
        self.req.matches(version)
    }

    /// The requirement as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for VersionRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_compare_versions_not_strings() {
        let r = VersionRequirement::parse(" ^1.9 ").unwrap();
        assert_eq!(r.as_str(), "^1.9");
        assert!(r.matches(&Version::new(1, 10, 0)));
        assert!(!r.matches(&Version::new(2, 0, 0)));
        assert!(VersionRequirement::parse("one").is_err());
    }
}
