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
    write_front_matter(&files);
}

/// The YAML of each built-in clause's front matter and of each question set, as JSON
/// (`builtin_front_matter.rs`: a sorted table of path and JSON): serde_json reads it
/// several times faster than serde_yaml reads the YAML. A file that does not convert
/// (or will not read back from JSON) is left out and read from its YAML, with the
/// usual diagnostics; a test checks that both ways give the same library.
fn write_front_matter(files: &[std::path::PathBuf]) {
    let mut entries = Vec::new();
    for path in files {
        let name = path.to_string_lossy().replace('\\', "/");
        if !name.starts_with("clauses/") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let yaml = if name.ends_with(".md") {
            front_matter(&text)
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            Some(text.as_str())
        } else {
            None
        };
        let Some(yaml) = yaml else { continue };
        let Ok(value) = serde_yaml::from_str::<serde_json::Value>(yaml) else {
            continue;
        };
        let Ok(json) = serde_json::to_string(&value) else {
            continue;
        };
        entries.push((name, json));
    }
    entries.sort();
    let mut table = String::from("&[\n");
    for (name, json) in entries {
        table.push_str(&format!("    ({name:?}, {json:?}),\n"));
    }
    table.push_str("]\n");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("builtin_front_matter.rs"), table).expect("write the table");
}

/// The YAML between a file's opening `---` line and the next `---` line.
fn front_matter(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(&rest[..offset]);
        }
        offset += line.len();
    }
    None
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
