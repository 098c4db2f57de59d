//! Atomic file output: a file is either absent or complete, never half-written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary name used while writing `path` (same folder, hidden, unique).
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.rfx-tmp-{}-{n}", std::process::id()))
}

/// Refuses to write into `folder` when it is a symbolic link. A pack folder is named by
/// the spec (`out/<engagement id>`), so following a link there would let a planted link
/// send the pack anywhere; rfx refuses rather than replace the link, because removing it
/// could destroy what the user meant to keep.
pub fn refuse_linked_folder(folder: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(folder) {
        Ok(m) if m.file_type().is_symlink() => Err(std::io::Error::other(
            "the output folder is a symbolic link; rfx does not write through links",
        )),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written
/// and renamed over `path`, so a reader (or a rerun after the process was killed) sees
/// either the old file or the whole new one. Parent folders are created.
///
/// There is no fsync per file: it guards only against power loss, costs more than the
/// whole build of a document, and a rerun rebuilds any pack whose manifest does not
/// match its files.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let tmp = temp_path(path);
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether a file name is one of rfx's temporary files (left by a killed process).
pub fn is_temp_file(name: &str) -> bool {
    name.starts_with('.') && name.contains(".rfx-tmp-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_complete_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/nda.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["nda.md"]);
    }

    #[test]
    fn recognises_its_temporary_names() {
        let t = temp_path(Path::new("out/x/nda.pdf"));
        assert!(is_temp_file(&t.file_name().unwrap().to_string_lossy()));
        assert!(!is_temp_file("nda.pdf"));
    }
}
