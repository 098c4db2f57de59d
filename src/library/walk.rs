//! Walking a library folder as a boundary: every file read lies, by its real path,
//! inside the library; links that leave it are refused, folder loops are cut.

use super::SourceFile;
use crate::diag::Diagnostic;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Reads every file below `root/sub` (sorted, so loading order is stable). A file or
/// folder whose real path (links resolved) is outside `root` is refused with an error
/// naming the link; its target is neither read nor printed. Each real folder is walked
/// once, so linked folders cannot make the walk loop.
pub fn read_tree(root: &Path, sub: &str, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    let mut out = Vec::new();
    let start = root.join(sub);
    if std::fs::symlink_metadata(&start).is_err() {
        return out;
    }
    let Ok(real_root) = root.canonicalize() else {
        return out;
    };
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(d) = stack.pop() {
        let Some(real) = inside(&real_root, &d, diags) else {
            continue;
        };
        if !seen.insert(real) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.is_symlink() {
                let Some(real) = inside(&real_root, &p, diags) else {
                    continue;
                };
                if real.is_dir() {
                    stack.push(p);
                    continue;
                }
            } else if meta.is_dir() {
                stack.push(p);
                continue;
            }
            let path = p.display().to_string();
            match crate::input::read_text(&p) {
                Ok(text) => out.push(SourceFile { path, text }),
                Err(e) => diags.push(e.diagnostic("library file", &path)),
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The real path of `path` if it lies inside `real_root`; otherwise an error naming
/// `path` (never its target) and `None`.
fn inside(real_root: &Path, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<PathBuf> {
    let shown = path.display().to_string();
    match path.canonicalize() {
        Ok(real) if real.starts_with(real_root) => Some(real),
        Ok(_) => {
            diags.push(
                Diagnostic::error("library link points outside the library folder")
                    .in_file(&shown)
                    .with_help(
                        "a library is confined to its folder: copy the file into the library \
                         instead of linking to it",
                    ),
            );
            None
        }
        Err(_) => {
            diags.push(
                Diagnostic::error("library link is broken (its target does not exist)")
                    .in_file(&shown),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_out_of_the_library_are_refused_and_loops_end() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "top secret").unwrap();
        let lib = tempfile::tempdir().unwrap();
        let clauses = lib.path().join("clauses");
        std::fs::create_dir_all(clauses.join("a")).unwrap();
        std::fs::write(clauses.join("a/1.0.0.md"), "inside").unwrap();
        symlink(outside.path().join("secret.md"), clauses.join("a/2.0.0.md")).unwrap();
        symlink("/", clauses.join("root")).unwrap();
        symlink(&clauses, clauses.join("a/loop")).unwrap();
        symlink(clauses.join("a/1.0.0.md"), clauses.join("a/1.1.0.md")).unwrap();
        let mut diags = Vec::new();
        let files = read_tree(lib.path(), "clauses", &mut diags);
        let texts: Vec<&str> = files.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["inside", "inside"]);
        assert_eq!(diags.len(), 2, "{diags:?}");
        let shown: String = diags.iter().map(|d| d.to_string()).collect();
        assert!(
            shown.contains("2.0.0.md") && shown.contains("root"),
            "{shown}"
        );
        assert!(!shown.contains("top secret") && !shown.contains("secret.md"));
    }
}
