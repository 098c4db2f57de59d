//! Writes the 10-page benchmark MSA of `benches/pdf.rs` N times (default 1), for
//! instruction counts under callgrind, which are steadier than wall time on a shared
//! machine: `valgrind --tool=callgrind target/release/examples/pdf-callgrind 11`, minus
//! a run with 1, divided by 10, is the cost of one warm `pdf::write`.

#[path = "../tests/it/sample_docs.rs"]
#[allow(dead_code)]
mod sample_docs;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let doc = sample_docs::msa(16);
    let options = rfx::writers::WriteOptions::default();
    let mut total = 0;
    for _ in 0..n {
        match rfx::writers::pdf::write(&doc, &options) {
            Ok(bytes) => total += bytes.len(),
            Err(e) => panic!("benchmark document does not build: {e}"),
        }
    }
    println!("{total} bytes");
}
