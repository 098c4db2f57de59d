//! Deflate compression shared by the PDF streams (zlib-wrapped) and the DOCX zip
//! entries (raw), with one libdeflate compressor per thread kept for the process:
//! setting one up costs about as much as compressing a page, and a DOCX has a dozen
//! parts, most of them under a kilobyte. Each buffer is compressed whole and no
//! state is kept between buffers, so the same data always gives the same bytes.

use libdeflater::{CompressionLvl, Compressor};
use std::cell::RefCell;

thread_local! {
    static COMPRESSOR: RefCell<Compressor> = RefCell::new(Compressor::new(LEVEL));
}

/// The level. libdeflate's level 1 compresses the benchmark MSA's PDF streams
/// (790 KB) 2.4 times as fast as zlib-rs's level 2 did, and a little smaller
/// (197.9 KB against 199.9 KB); its level 6 would save another 8% of the size for
/// 2.3 times the time.
const LEVEL: CompressionLvl = match CompressionLvl::new(1) {
    Ok(level) => level,
    Err(_) => panic!("libdeflate has a level 1"),
};

/// `data` as a zlib stream (RFC 1950), as PDF's `/FlateDecode` reads it; `None` only
/// if libdeflate fails, when the caller stores the data as it is.
pub(crate) fn zlib(data: &[u8]) -> Option<Vec<u8>> {
    compress(
        data,
        Compressor::zlib_compress_bound,
        Compressor::zlib_compress,
    )
}

/// `data` as raw deflate (RFC 1951), as a zip entry holds it; `None` only if
/// libdeflate fails, when the caller stores the data as it is.
pub(crate) fn raw(data: &[u8]) -> Option<Vec<u8>> {
    compress(
        data,
        Compressor::deflate_compress_bound,
        Compressor::deflate_compress,
    )
}

/// One of the compressor's whole-buffer methods: input, output, bytes written.
type Run<E> = fn(&mut Compressor, &[u8], &mut [u8]) -> Result<usize, E>;

/// `data` compressed by the thread's compressor in the form `run` writes, into a
/// buffer of the size `bound` says it may need.
fn compress<E>(
    data: &[u8],
    bound: fn(&mut Compressor, usize) -> usize,
    run: Run<E>,
) -> Option<Vec<u8>> {
    COMPRESSOR.with_borrow_mut(|deflate| {
        let mut out = vec![0; bound(deflate, data.len())];
        let len = run(deflate, data, &mut out).ok()?;
        out.truncate(len);
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_forms_inflate_to_the_input() {
        let text = "The Supplier shall provide the Services. ".repeat(200);
        let mut back = String::new();
        flate2::read::ZlibDecoder::new(&zlib(text.as_bytes()).unwrap()[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        back.clear();
        let deflated = raw(text.as_bytes()).unwrap();
        assert!(deflated.len() < text.len() / 10);
        flate2::read::DeflateDecoder::new(&deflated[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert!(raw(b"").is_some());
    }
}
