//! Binary files of a user library (images, logos, fonts, Word templates), named by a
//! path relative to the library folder. The path is checked as written (no absolute
//! paths, no `..`, no URLs or drive letters) and again on disk: the real path, links
//! resolved, must lie inside the library folder, and the file must be a regular file
//! of at most [`crate::input::MAX_INPUT_BYTES`].

use std::path::{Component, Path, PathBuf};

/// Why a library path was refused, with a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

fn refuse(message: impl Into<String>, help: &str) -> AssetError {
    AssetError {
        message: message.into(),
        help: help.into(),
    }
}

const INSIDE: &str =
    "name a file inside the library folder by a relative path, e.g. `images/logo.png`";

/// Checks `written` as a library path (before touching the disk).
pub fn check_path(written: &str) -> Result<&Path, AssetError> {
    let shown = crate::diag::escape_control(written);
    if written.trim().is_empty() {
        return Err(refuse("the file name is empty", INSIDE));
    }
    if written.contains("://") || written.starts_with("data:") {
        return Err(refuse(
            format!("`{shown}` is a URL: rfx reads files from the library only"),
            "copy the file into the library folder and name it by its relative path",
        ));
    }
    if written.contains('\\') || written.contains(':') {
        return Err(refuse(
            format!("`{shown}` is not a library path (backslashes and colons are not allowed)"),
            INSIDE,
        ));
    }
    let path = Path::new(written);
    for part in path.components() {
        match part {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(refuse(
                    format!("`{shown}` leaves the library folder (`..`)"),
                    INSIDE,
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(refuse(format!("`{shown}` is an absolute path"), INSIDE));
            }
        }
    }
    Ok(path)
}

/// The real path of `written` inside `root`, checked as [`check_path`] does and on
/// disk.
pub fn resolve(root: &Path, written: &str) -> Result<PathBuf, AssetError> {
    let relative = check_path(written)?;
    let shown = crate::diag::escape_control(written);
    let real_root = root
        .canonicalize()
        .map_err(|_| refuse("the library folder cannot be read", INSIDE))?;
    let real = root.join(relative).canonicalize().map_err(|_| {
        refuse(
            format!("`{shown}` is not in the library"),
            "check the spelling; the path is relative to the library folder",
        )
    })?;
    if !real.starts_with(&real_root) {
        return Err(refuse(
            format!("`{shown}` is a link that points outside the library folder"),
            "a library is confined to its folder: copy the file in instead of linking to it",
        ));
    }
    Ok(real)
}

/// Reads the file `written` of the library at `root`.
pub fn read(root: &Path, written: &str) -> Result<Vec<u8>, AssetError> {
    let real = resolve(root, written)?;
    crate::input::read_bytes(&real).map_err(|e| {
        let d = e.diagnostic("library file", written);
        refuse(
            d.message,
            "the file must be a regular file of at most 16 MiB",
        )
    })
}

/// Reads `written` from the topmost of `roots` (the last added) that has it.
pub fn read_from(roots: &[PathBuf], written: &str) -> Result<Vec<u8>, AssetError> {
    check_path(written)?;
    let mut last = None;
    for root in roots.iter().rev() {
        match read(root, written) {
            Ok(bytes) => return Ok(bytes),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        refuse(
            format!(
                "`{}` is not in the library: the built-in library has no files of this kind",
                crate::diag::escape_control(written)
            ),
            "pass your library folder with `--library DIR`",
        )
    }))
}

/// The library paths a text may name as images: every `](path)` or `](<path>)` after
/// a `![`. A build loads an image only when its path is written so in a library text
/// (see `Engine::build`), so these cover every image file a build can read.
pub fn image_paths(text: &str) -> impl Iterator<Item = &str> {
    let images = text.contains("![");
    text.match_indices("](")
        .filter(move |_| images)
        .filter_map(move |(at, _)| {
            let rest = &text[at + 2..];
            let path = match rest.strip_prefix('<') {
                Some(angled) => &angled[..angled.find('>')?],
                None => &rest[..rest.find(|c: char| c == ')' || c.is_whitespace())?],
            };
            check_path(path).is_ok().then_some(path)
        })
}

impl super::Library {
    /// Reads image `written` (a library path) from the user library folders.
    pub fn image(&self, written: &str) -> Result<crate::doc::ImageData, AssetError> {
        let bytes = read_from(&self.roots, written)?;
        crate::doc::ImageData::parse(bytes).map_err(|message| AssetError {
            message: format!("the image `{written}` cannot be used: {message}"),
            help: "use a PNG or JPEG file".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_paths_are_those_written_after_an_image_mark() {
        let text = "![Logo](images/a.png) see [x](https://e.org) ![B](<images/b c.png>) [y](z.md)";
        let found: Vec<&str> = image_paths(text).collect();
        assert_eq!(found, ["images/a.png", "images/b c.png", "z.md"]);
        assert_eq!(image_paths("[x](images/a.png)").count(), 0);
    }

    #[test]
    fn paths_that_leave_the_library_are_refused() {
        for bad in [
            "/etc/passwd",
            "../x.png",
            "a/../../x.png",
            "https://x/y.png",
            "C:\\x.png",
            "",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        assert!(check_path("images/logo.png").is_ok());
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), b"x").unwrap();
        let lib = tempfile::tempdir().unwrap();
        std::fs::create_dir(lib.path().join("images")).unwrap();
        std::fs::write(lib.path().join("images/in.png"), b"png").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.png"),
            lib.path().join("images/out.png"),
        )
        .unwrap();
        assert_eq!(read(lib.path(), "images/in.png").unwrap(), b"png");
        let e = read(lib.path(), "images/out.png").unwrap_err();
        assert!(e.message.contains("outside the library"), "{e:?}");
        assert!(read(lib.path(), "images/none.png").is_err());
        assert!(read(lib.path(), "images").is_err());
    }
}
