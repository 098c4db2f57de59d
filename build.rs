//! The built-in library is embedded with `include_dir!`, which does not tell Cargo about
//! the files it reads: rebuild when a template, clause, theme or lint rule is added,
//! changed or removed.
//!
//! The same files are digested here (SHA-256 over each file's path and bytes, in path
//! order) into `RFX_BUILTIN_LIBRARY_DIGEST`: the built-in library's part of a pack's
//! input fingerprint is a constant of the binary, not hashed again by every run.

use sha2::{Digest, Sha256};
use std::path::Path;

const EMBEDDED: [&str; 3] = ["templates", "clauses", "themes"];

fn main() {
    for dir in EMBEDDED.iter().chain(&["lint"]) {
        println!("cargo:rerun-if-changed={dir}");
    }
    let mut files = Vec::new();
    for dir in EMBEDDED {
        collect(Path::new(dir), &mut files);
    }
    files.sort();
    let mut hash = Sha256::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.to_string_lossy().replace('\\', "/");
        hash.update((name.len() as u64).to_le_bytes());
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=RFX_BUILTIN_LIBRARY_DIGEST={digest}");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("library entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
