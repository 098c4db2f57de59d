//! Writes the 10-page benchmark MSA of `benches/pdf.rs` N times (default 1), for
//! instruction counts under callgrind, which are steadier than wall time on a shared
//! machine: `valgrind --tool=callgrind target/release/examples/pdf-callgrind 11`, minus
//! a run with 1, divided by 10, is the cost of one warm `pdf::write`. Further
//! arguments: `families` sets the headings in a second family (DejaVu Sans, from
//! bytes); `logo` adds the example theme's logo (an RGBA PNG) on the cover and in the
//! running header, as the `pdf_msa_10_pages_logo_families` benchmark does.

#[path = "../tests/it/sample_docs.rs"]
mod sample_docs;

use rfx::writers::pdf::fonts::{FamilyFiles, FontSetup};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut options = rfx::writers::WriteOptions::default();
    let mut doc = sample_docs::msa(16);
    for arg in args {
        match arg.as_str() {
            "families" => {
                options.fonts = FontSetup::default().with_headings(FamilyFiles {
                    name: "DejaVu Sans".into(),
                    regular: include_bytes!("../src/writers/pdf/fonts/DejaVuSans.ttf").to_vec(),
                    bold: None,
                    italic: None,
                    bold_italic: None,
                });
            }
            "logo" => doc = sample_docs::with_logo(doc),
            other => panic!("unknown argument {other:?} (families, logo)"),
        }
    }
    let mut total = 0;
    for _ in 0..n {
        match rfx::writers::pdf::write(&doc, &options) {
            Ok(bytes) => total += bytes.len(),
            Err(e) => panic!("benchmark document does not build: {e}"),
        }
    }
    println!("{total} bytes");
}
