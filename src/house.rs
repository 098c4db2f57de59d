//! The house style a pack is written in, as the writers take it: the PDF fonts and the
//! Word template, from the command line (`--font-path`, `--reference-docx`) and the
//! spec's theme (`fonts`, `font_path`, `reference_docx`), and a digest of every file
//! they may read, for the input fingerprint.
//!
//! A command-line choice wins over the theme's: `--reference-docx` replaces the theme's
//! Word template, and `--font-path` folders are searched before the theme's.

use crate::diag::Diagnostic;
use crate::digest::Fingerprint;
use crate::theme::{FontFamily, LibraryFile, Theme};
use crate::writers::PdfStandard;
use crate::writers::docx::ReferenceDocx;
use crate::writers::pdf::fonts::{FamilyFiles, FontSetup};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The writer choices of one `rfx build` or `rfx batch` run, the same for every pack.
#[derive(Debug, Clone, Default)]
pub struct WriterFlags {
    /// `--pdf-standard`.
    pub pdf_standard: PdfStandard,
    /// `--reference-docx`, read and parsed.
    pub reference: Option<Arc<ReferenceDocx>>,
    /// `--font-path` folders (each checked to exist).
    pub font_dirs: Vec<PathBuf>,
}

/// What the writers of one pack are given besides the model.
#[derive(Debug, Clone)]
pub struct WriterSetup {
    /// The fonts PDFs are set in and DOCX files name.
    pub fonts: FontSetup,
    /// The Word template DOCX files take their look from.
    pub reference: Option<Arc<ReferenceDocx>>,
    /// A digest of the theme's files (logo, fonts) and of the font folders' listings;
    /// `None` when neither a theme nor a font folder is in play.
    pub files_digest: Option<String>,
}

/// The most files listed per font folder for the digest (deeper trees are cut here).
const MAX_LISTED: usize = 20_000;

/// The set-up for `theme` (none: rfx's own look; `root`: the library folder holding
/// it, for naming its files) under the run's `flags`.
pub fn setup(
    theme: Option<&Theme>,
    root: Option<&Path>,
    flags: &WriterFlags,
) -> Result<WriterSetup, Vec<Diagnostic>> {
    let mut fonts = FontSetup::default();
    let mut dirs: Vec<PathBuf> = flags.font_dirs.clone();
    let mut reference = flags.reference.clone();
    let mut digest = Fingerprint::default();
    let mut digested = false;
    if let Some(theme) = theme {
        if let Some(family) = &theme.fonts.body {
            fonts = fonts.with_body(family_files(family));
        }
        if let Some(family) = &theme.fonts.headings {
            fonts = fonts.with_headings(family_files(family));
        }
        if let Some(family) = &theme.fonts.monospace {
            fonts = fonts.with_monospace(family_files(family));
        }
        dirs.extend(theme.font_path.iter().map(|p| p.path.clone()));
        if reference.is_none() {
            if let Some(file) = &theme.reference_docx {
                let shown = root.map_or_else(
                    || file.written.clone(),
                    |r| r.join(&file.written).display().to_string(),
                );
                let parsed = ReferenceDocx::from_bytes(&file.bytes, &shown).map_err(|mut d| {
                    d.message = format!(
                        "{} (the `reference_docx` of theme `{}`)",
                        d.message, theme.name
                    );
                    vec![d]
                })?;
                reference = Some(Arc::new(parsed));
            }
        }
        digest.add(b"theme-files");
        for file in theme_files(theme) {
            digest.add(file.written.as_bytes());
            digest.add(crate::digest::sha256_hex(&file.bytes).as_bytes());
        }
        if let Some(data) = theme.style.logo.as_ref().and_then(|l| l.data.as_ref()) {
            digest.add(b"logo");
            digest.add(crate::digest::sha256_hex(&data.bytes).as_bytes());
        }
        digested = true;
    }
    for dir in &dirs {
        fonts = fonts.with_font_dir(dir);
        digest.add(b"font-dir");
        digest.add(dir.to_string_lossy().as_bytes());
        for entry in listing(dir) {
            digest.add(entry.as_bytes());
        }
        digested = true;
    }
    Ok(WriterSetup {
        fonts,
        reference,
        files_digest: digested.then(|| digest.finish()),
    })
}

/// The font and template files a theme names, in a fixed order.
fn theme_files(theme: &Theme) -> impl Iterator<Item = &LibraryFile> {
    let families = [
        &theme.fonts.body,
        &theme.fonts.headings,
        &theme.fonts.monospace,
    ];
    families
        .into_iter()
        .flatten()
        .flat_map(|f| {
            std::iter::once(&f.regular)
                .chain(&f.bold)
                .chain(&f.italic)
                .chain(&f.bold_italic)
        })
        .chain(&theme.reference_docx)
}

/// A theme family as the PDF writer takes it.
fn family_files(family: &FontFamily) -> FamilyFiles {
    let bytes = |f: &Option<LibraryFile>| f.as_ref().map(|f| f.bytes.to_vec());
    FamilyFiles {
        name: family.name.clone(),
        regular: family.regular.bytes.to_vec(),
        bold: bytes(&family.bold),
        italic: bytes(&family.italic),
        bold_italic: bytes(&family.bold_italic),
    }
}

/// Each file under `dir` (subfolders too) as "relative path, length, modification
/// time", sorted: a font added, removed or replaced in the folder changes the listing.
/// Files are not read: a font folder may hold hundreds of megabytes.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            if out.len() >= MAX_LISTED {
                break;
            }
            let path = entry.path();
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                pending.push(path);
                continue;
            }
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            out.push(format!(
                "{}\0{}\0{modified}",
                relative.to_string_lossy(),
                meta.len()
            ));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_theme_and_no_folders_is_rfx_own_look() {
        let s = setup(None, None, &WriterFlags::default()).unwrap();
        assert_eq!(s.fonts, FontSetup::default());
        assert!(s.reference.is_none());
        assert!(s.files_digest.is_none());
    }

    #[test]
    fn a_changed_font_folder_changes_the_digest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/A.ttf"), b"one").unwrap();
        let flags = WriterFlags {
            font_dirs: vec![dir.path().to_path_buf()],
            ..WriterFlags::default()
        };
        let first = setup(None, None, &flags).unwrap().files_digest.unwrap();
        assert_eq!(
            setup(None, None, &flags).unwrap().files_digest.unwrap(),
            first
        );
        std::fs::write(dir.path().join("sub/B.ttf"), b"two").unwrap();
        let second = setup(None, None, &flags).unwrap().files_digest.unwrap();
        assert_ne!(first, second);
        std::fs::write(dir.path().join("sub/B.ttf"), b"three").unwrap();
        assert_ne!(
            setup(None, None, &flags).unwrap().files_digest.unwrap(),
            second
        );
    }
}
