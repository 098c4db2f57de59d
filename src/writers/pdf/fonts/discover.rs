//! Font files outside the binary: the `--font-path` directories, then the system's
//! font directories (as fontconfig lists them by default: `$XDG_DATA_HOME/fonts`,
//! `~/.fonts`, `fonts/` under each of `$XDG_DATA_DIRS`, default `/usr/local/share`
//! and `/usr/share`).
//!
//! Nothing is read until a character no embedded face has turns up: then the
//! directories of the first tier (font directories, then system) are walked once,
//! reading of each font file only its table directory, `cmap` and `OS/2`, and a face
//! is loaded whole only when it is chosen. Within a tier regular upright faces come
//! first, then by path, so the choice does not depend on the order of a directory
//! listing.

use super::{Arc, Font, OnceLock};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Where faces for otherwise missing characters are looked for.
pub(crate) struct Sources {
    tiers: Vec<Tier>,
}

struct Tier {
    roots: Vec<PathBuf>,
    candidates: OnceLock<Vec<Candidate>>,
}

/// One face of a font file, with the character map read from it.
struct Candidate {
    path: PathBuf,
    index: u32,
    cmap: Vec<u8>,
    /// Not a regular upright face (sorted after those that are).
    styled: bool,
    face: OnceLock<Option<Arc<Font>>>,
}

/// At most this many files are examined per tier (a runaway font directory).
const MAX_FILES: usize = 20_000;
/// Files larger than this are not fonts rfx will embed.
const MAX_FILE: u64 = 64 << 20;

impl Sources {
    /// The font directories `dirs`, then the system's fonts when `system`.
    pub(crate) fn new(dirs: Vec<PathBuf>, system: bool) -> Sources {
        let mut tiers = Vec::new();
        if !dirs.is_empty() {
            tiers.push(Tier::new(dirs));
        }
        if system {
            tiers.push(Tier::new(system_dirs()));
        }
        Sources { tiers }
    }

    /// A face that draws `c`, from the first tier that has one, with its rank (tier
    /// and place in the tier: lower is tried first).
    pub(crate) fn face_for(&self, c: char) -> Option<(u32, Arc<Font>)> {
        for (t, tier) in self.tiers.iter().enumerate() {
            let candidates = tier.candidates.get_or_init(|| scan(&tier.roots));
            for (i, candidate) in candidates.iter().enumerate() {
                if covers(&candidate.cmap, c)
                    && let Some(face) = candidate.load()
                    && face.has(c)
                {
                    return Some(((t * MAX_FILES * 64 + i) as u32, face));
                }
            }
        }
        None
    }

    /// Whether any directory has been looked at.
    #[cfg(test)]
    pub(crate) fn scanned(&self) -> bool {
        self.tiers.iter().any(|t| t.candidates.get().is_some())
    }
}

impl Tier {
    fn new(roots: Vec<PathBuf>) -> Tier {
        Tier {
            roots,
            candidates: OnceLock::new(),
        }
    }
}

impl Candidate {
    fn load(&self) -> Option<Arc<Font>> {
        self.face
            .get_or_init(|| {
                let data = std::fs::read(&self.path).ok()?;
                let data: &'static [u8] = Box::leak(data.into_boxed_slice());
                let name = self.path.file_stem()?.to_string_lossy().into_owned();
                Font::parse(data, self.index, &name, None)
                    .ok()
                    .map(Arc::new)
            })
            .clone()
    }
}

/// The system's font directories, in fontconfig's default order.
fn system_dirs() -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut dirs = Vec::new();
    match std::env::var_os("XDG_DATA_HOME") {
        Some(data) => dirs.push(PathBuf::from(data).join("fonts")),
        None => {
            if let Some(home) = &home {
                dirs.push(home.join(".local/share/fonts"));
            }
        }
    }
    if let Some(home) = &home {
        dirs.push(home.join(".fonts"));
    }
    let data_dirs = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    for dir in data_dirs.split(':').filter(|d| !d.is_empty()) {
        dirs.push(Path::new(dir).join("fonts"));
    }
    dirs
}

/// Every face of every font file below `roots`, regular upright faces first.
fn scan(roots: &[PathBuf]) -> Vec<Candidate> {
    let mut files = Vec::new();
    for root in roots {
        walk(root, &mut files, 0);
    }
    files.sort();
    files.dedup();
    files.truncate(MAX_FILES);
    let mut out = Vec::new();
    for path in files {
        read_faces(&path, &mut out);
    }
    // Stable: by path (and face index) within each group.
    out.sort_by_key(|c| c.styled);
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, depth: usize) {
    if depth > 8 || files.len() >= MAX_FILES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files, depth + 1);
        } else if is_font_file(&path) {
            files.push(path);
        } else if kind.is_symlink() && path.is_dir() {
            walk(&path, files, depth + 1);
        }
    }
}

fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str()))
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn read_at(file: &mut File, offset: u64, len: usize) -> Option<Vec<u8>> {
    let mut buf = vec![0; len];
    file.seek(SeekFrom::Start(offset)).ok()?;
    file.read_exact(&mut buf).ok()?;
    Some(buf)
}

/// Reads the character map and style of each face of the file at `path`.
fn read_faces(path: &Path, out: &mut Vec<Candidate>) {
    let Ok(mut file) = File::open(path) else {
        return;
    };
    if file.metadata().map_or(true, |m| m.len() > MAX_FILE) {
        return;
    }
    let Some(head) = read_at(&mut file, 0, 12) else {
        return;
    };
    let offsets: Vec<u32> = if head.starts_with(b"ttcf") {
        let count = be32(&head, 8).unwrap_or(0).min(64) as usize;
        match read_at(&mut file, 12, 4 * count) {
            Some(d) => (0..count).filter_map(|i| be32(&d, 4 * i)).collect(),
            None => return,
        }
    } else {
        vec![0]
    };
    for (index, offset) in offsets.into_iter().enumerate() {
        if let Some(candidate) = read_face(&mut file, path, index as u32, offset) {
            out.push(candidate);
        }
    }
}

fn read_face(file: &mut File, path: &Path, index: u32, offset: u32) -> Option<Candidate> {
    let offset = u64::from(offset);
    let dir = read_at(file, offset, 12)?;
    let tables = usize::from(be16(&dir, 4)?.min(256));
    let records = read_at(file, offset + 12, 16 * tables)?;
    let find = |tag: &[u8; 4]| {
        (0..tables).find_map(|i| {
            let rec = &records[16 * i..16 * i + 16];
            (&rec[..4] == tag).then(|| (be32(rec, 8), be32(rec, 12)))
        })
    };
    // Only faces rfx can embed: TrueType or CFF outlines, with metrics.
    if find(b"glyf").is_none() && find(b"CFF ").is_none() {
        return None;
    }
    find(b"hmtx")?;
    let (Some(at), Some(len)) = find(b"cmap")? else {
        return None;
    };
    let cmap = read_at(file, u64::from(at), (len as usize).min(4 << 20))?;
    let styled = match find(b"OS/2") {
        Some((Some(at), Some(len))) if len >= 64 => {
            let os2 = read_at(file, u64::from(at), 64)?;
            let weight = be16(&os2, 4)?;
            let italic = be16(&os2, 62)? & 1 != 0;
            weight != 400 || italic
        }
        _ => false,
    };
    Some(Candidate {
        path: path.to_path_buf(),
        index,
        cmap,
        styled,
        face: OnceLock::new(),
    })
}

/// Whether the character map `cmap` (the raw table) maps `c` to a glyph.
fn covers(cmap: &[u8], c: char) -> bool {
    let Some(table) = ttf_parser::cmap::Table::parse(cmap) else {
        return false;
    };
    table
        .subtables
        .into_iter()
        .filter(|s| s.is_unicode())
        .any(|s| s.glyph_index(u32::from(c)).is_some_and(|g| g.0 != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_font_directory_supplies_a_missing_character() {
        let dir = tempfile::tempdir().expect("temp dir");
        let nested = dir.path().join("nested");
        std::fs::create_dir(&nested).expect("dir");
        std::fs::write(
            nested.join("Malayalam.ttf"),
            include_bytes!("NotoSansMalayalam-Regular.ttf"),
        )
        .expect("write");
        std::fs::write(dir.path().join("notes.txt"), "not a font").expect("write");
        std::fs::write(dir.path().join("broken.ttf"), "not a font either").expect("write");
        let sources = Sources::new(vec![dir.path().to_path_buf()], false);
        assert!(!sources.scanned());
        let (_, face) = sources.face_for('മ').expect("found in the directory");
        assert!(face.has('മ'));
        assert!(sources.face_for('\u{E000}').is_none());
        // The same face is handed out again, not loaded twice.
        let (_, again) = sources.face_for('ല').expect("found");
        assert!(Arc::ptr_eq(&face, &again));
    }

    #[test]
    fn no_sources_find_nothing() {
        let sources = Sources::new(Vec::new(), false);
        assert!(sources.face_for('あ').is_none());
    }
}
