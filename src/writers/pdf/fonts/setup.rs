//! [`FontSetup`]: which font files a PDF is set in, as the caller gives them (bytes
//! and a display name per family), and the font directories searched for characters
//! the families and the bundled fallbacks lack.

use super::discover::Sources;
use super::{Arc, Font, FontSet, OnceLock, Role, embedded};
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;

/// The font files of one family: a regular face and, optionally, bold, italic and
/// bold italic. A missing face is replaced by the regular one (bold text in a family
/// without a bold file is drawn with the regular face). TrueType (`glyf`) and
/// OpenType with CFF outlines are accepted, as single fonts or collections
/// (`.ttc`, first face); CFF2 variable fonts are refused.
#[derive(Clone, PartialEq, Eq)]
pub struct FamilyFiles {
    /// The family's name, as Word and LibreOffice know it ("Source Serif 4").
    pub name: String,
    /// The regular face.
    pub regular: Vec<u8>,
    /// The bold face.
    pub bold: Option<Vec<u8>>,
    /// The italic face.
    pub italic: Option<Vec<u8>>,
    /// The bold italic face.
    pub bold_italic: Option<Vec<u8>>,
}

impl fmt::Debug for FamilyFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = |v: &Option<Vec<u8>>| v.as_ref().map(Vec::len);
        f.debug_struct("FamilyFiles")
            .field("name", &self.name)
            .field("regular", &self.regular.len())
            .field("bold", &len(&self.bold))
            .field("italic", &len(&self.italic))
            .field("bold_italic", &len(&self.bold_italic))
            .finish()
    }
}

/// Which fonts a PDF is set in. The default is rfx's own look: Liberation Sans for
/// body and headings, Liberation Mono for code, then the bundled fallbacks (DejaVu
/// Sans, Noto Sans Malayalam), then the font directories, then — only when a
/// character is still missing — the system's fonts.
///
/// Cloning is cheap; the faces are parsed once per setup, on first use.
#[derive(Clone)]
pub struct FontSetup {
    body: Option<Arc<FamilyFiles>>,
    headings: Option<Arc<FamilyFiles>>,
    monospace: Option<Arc<FamilyFiles>>,
    font_dirs: Vec<PathBuf>,
    system_fonts: bool,
    parsed: Arc<OnceLock<Result<FontSet, String>>>,
}

impl Default for FontSetup {
    fn default() -> Self {
        FontSetup {
            body: None,
            headings: None,
            monospace: None,
            font_dirs: Vec::new(),
            system_fonts: true,
            parsed: Arc::default(),
        }
    }
}

impl PartialEq for FontSetup {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.parsed, &other.parsed)
            || (self.body == other.body
                && self.headings == other.headings
                && self.monospace == other.monospace
                && self.font_dirs == other.font_dirs
                && self.system_fonts == other.system_fonts)
    }
}

impl Eq for FontSetup {}

impl fmt::Debug for FontSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FontSetup")
            .field("body", &self.body)
            .field("headings", &self.headings)
            .field("monospace", &self.monospace)
            .field("font_dirs", &self.font_dirs)
            .field("system_fonts", &self.system_fonts)
            .finish()
    }
}

impl FontSetup {
    /// Sets the body family (also used by headings without a family of their own).
    pub fn with_body(self, files: FamilyFiles) -> Self {
        FontSetup {
            body: Some(Arc::new(files)),
            parsed: Arc::default(),
            ..self
        }
    }

    /// Sets the family of the title and headings.
    pub fn with_headings(self, files: FamilyFiles) -> Self {
        FontSetup {
            headings: Some(Arc::new(files)),
            parsed: Arc::default(),
            ..self
        }
    }

    /// Sets the monospace family (code spans and code blocks).
    pub fn with_monospace(self, files: FamilyFiles) -> Self {
        FontSetup {
            monospace: Some(Arc::new(files)),
            parsed: Arc::default(),
            ..self
        }
    }

    /// Adds a directory searched (with its subdirectories) for a character the
    /// families and the bundled fallbacks cannot draw, before the system's fonts.
    pub fn with_font_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.font_dirs.push(dir.into());
        self.parsed = Arc::default();
        self
    }

    /// Whether the system's font directories are searched as the last resort
    /// (default: yes). Without them output depends only on the given files.
    pub fn with_system_fonts(mut self, on: bool) -> Self {
        self.system_fonts = on;
        self.parsed = Arc::default();
        self
    }

    /// The family names a word processor should use for body, headings and
    /// monospace text, for those families that were set.
    pub fn family_names(&self) -> [Option<&str>; 3] {
        [&self.body, &self.headings, &self.monospace].map(|f| f.as_deref().map(|f| f.name.as_str()))
    }

    /// The parsed faces (parsed on the first call), or a message naming the family
    /// and face whose file is not a usable font.
    pub fn font_set(&self) -> Result<&FontSet, String> {
        self.parsed
            .get_or_init(|| self.build())
            .as_ref()
            .map_err(Clone::clone)
    }

    pub(super) fn build(&self) -> Result<FontSet, String> {
        let liberation = embedded::liberation()?;
        let mut families: [[Option<Arc<Font>>; 4]; 3] = Default::default();
        families[0] = [0, 1, 2, 3].map(|i| Some(liberation[i].clone()));
        families[2][0] = Some(liberation[4].clone());
        for (slot, (what, family)) in [
            ("body", &self.body),
            ("headings", &self.headings),
            ("monospace", &self.monospace),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(files) = family {
                families[slot] = parse_family(what, files, slot == 2)?;
            }
        }
        let sources = Sources::new(self.font_dirs.clone(), self.system_fonts);
        Ok(FontSet::build(families, sources))
    }
}

fn parse_family(
    what: &str,
    files: &FamilyFiles,
    fixed_pitch: bool,
) -> Result<[Option<Arc<Font>>; 4], String> {
    let faces = [
        ("regular", Some(&files.regular)),
        ("bold", files.bold.as_ref()),
        ("italic", files.italic.as_ref()),
        ("bold italic", files.bold_italic.as_ref()),
    ];
    let mut out: [Option<Arc<Font>>; 4] = Default::default();
    for (i, (style, data)) in faces.into_iter().enumerate() {
        let Some(data) = data else { continue };
        let role = Role {
            bold: i % 2 == 1,
            italic: i >= 2,
            fixed_pitch,
        };
        let suffix = ["", "-Bold", "-Italic", "-BoldItalic"][i];
        let font = Font::parse(
            intern(data),
            0,
            &format!("{}{suffix}", files.name),
            Some(role),
        )
        .map_err(|e| {
            format!(
                "the {what} font \"{}\" ({style}) cannot be used: {e}",
                files.name
            )
        })?;
        out[i] = Some(Arc::new(font));
    }
    Ok(out)
}

/// A process-wide copy of `data`, shared by every setup naming the same bytes (a
/// batch builds many documents with one theme), so faces can borrow it for ever.
fn intern(data: &[u8]) -> &'static [u8] {
    static FILES: OnceLock<Mutex<HashMap<String, &'static [u8]>>> = OnceLock::new();
    let key = crate::digest::sha256_hex(data);
    let mut files = FILES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    files
        .entry(key)
        .or_insert_with(|| Box::leak(data.to_vec().into_boxed_slice()))
}
