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

/// What [`write_atomic`] did to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file was written (it was absent or held other bytes).
    Written,
    /// The file already held exactly these bytes and was left as it was.
    Unchanged,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written
/// and renamed over `path`, so a reader (or a rerun after the process was killed) sees
/// either the old file or the whole new one. Parent folders are created.
///
/// A regular file that already holds exactly `bytes` is left untouched: rebuilding an
/// unchanged pack rewrites nothing, and replacing a file costs the file system far more
/// than reading it (the old file's blocks are freed and journalled). A link at `path`
/// is always replaced, never read through.
///
/// There is no fsync per file: it guards only against power loss, costs more than the
/// whole build of a document, and a rerun rebuilds any pack whose manifest does not
/// match its files.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<Outcome> {
    if holds(path, bytes) {
        return Ok(Outcome::Unchanged);
    }
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
    result.map(|()| Outcome::Written)
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let regular_of_same_length = fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() == bytes.len() as u64);
    regular_of_same_length && fs::read(path).is_ok_and(|old| old == bytes)
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
        assert_eq!(write_atomic(&path, b"one").unwrap(), Outcome::Written);
        assert_eq!(write_atomic(&path, b"two").unwrap(), Outcome::Written);
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["nda.md"]);
    }

    #[test]
    fn leaves_a_file_holding_the_same_bytes_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nda.md");
        write_atomic(&path, b"same").unwrap();
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap());
        let before = inode(&path);
        assert_eq!(write_atomic(&path, b"same").unwrap(), Outcome::Unchanged);
        assert_eq!(inode(&path), before, "the file was not replaced");
        assert_eq!(write_atomic(&path, b"sane").unwrap(), Outcome::Written);
        assert_eq!(fs::read(&path).unwrap(), b"sane");
    }

    #[test]
    fn replaces_a_link_even_to_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere.md");
        fs::write(&target, b"same").unwrap();
        let path = dir.path().join("nda.md");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert_eq!(write_atomic(&path, b"same").unwrap(), Outcome::Written);
        assert!(fs::symlink_metadata(&path).unwrap().file_type().is_file());
        assert_eq!(fs::read(&target).unwrap(), b"same");
    }

    #[test]
    fn recognises_its_temporary_names() {
        let t = temp_path(Path::new("out/x/nda.pdf"));
        assert!(is_temp_file(&t.file_name().unwrap().to_string_lossy()));
        assert!(!is_temp_file("nda.pdf"));
    }
}
