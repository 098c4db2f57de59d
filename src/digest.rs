//! SHA-256 in lower-case hex: the one hash of rfx (wording hashes, file hashes in the
//! manifest, input fingerprints, batch shards).

use sha2::{Digest, Sha256};

/// Hex SHA-256 of some bytes (or text).
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(bytes.as_ref()))
}

/// A running SHA-256 over several parts, for fingerprints.
#[derive(Default)]
pub struct Fingerprint(Sha256);

impl Fingerprint {
    /// Adds one part.
    pub fn add(&mut self, part: impl AsRef<[u8]>) -> &mut Self {
        self.0.update(part.as_ref());
        self
    }

    /// The hex digest of everything added.
    pub fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lower_case_hex() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut f = Fingerprint::default();
        f.add("a").add("bc");
        assert_eq!(f.finish(), sha256_hex(b"abc"));
    }
}
