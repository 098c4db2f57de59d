//! The built-in library is embedded with `include_dir!`, which does not tell Cargo about
//! the files it reads: rebuild when a template, clause or lint rule is added, changed or removed.

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=clauses");
    println!("cargo:rerun-if-changed=lint");
}
