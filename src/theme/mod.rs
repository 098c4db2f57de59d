//! Themes: the house style of an organisation as a file in the library,
//! `themes/<name>.yaml`, chosen by the spec (`output.theme`) or `--theme NAME`.
//!
//! A theme sets colours, paper and margins, the running header and footer, heading
//! and list numbering, and the logo; [`Theme::apply`] writes them onto the model's
//! [`Meta`] (its `style`, `labels` and `paper`), so every writer follows it. The
//! `fonts`, `font_path` and `reference_docx` fields are parsed and checked (files in
//! the library, font magic, a licence beside each font) and handed on as typed
//! values; [`crate::house`] turns them into the writers' set-up.
//!
//! A theme file is untrusted input: [`load`] reports unknown keys, bad colours,
//! lengths and paths, and missing files with the file, line and column.

mod load;

pub use load::{ThemeFile, load};

use crate::doc::{Counter, Labels, ListLevel, Meta, Paper, Style};

/// The name of the built-in theme that reproduces rfx's own look.
pub const DEFAULT: &str = "default";

/// A loaded, validated theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name (`themes/<name>.yaml`).
    pub name: String,
    /// Paper size, if the theme sets one (else the spec's `output.paper`).
    pub paper: Option<Paper>,
    /// Colours, margins, running header and footer, logo.
    pub style: Style,
    /// Words before heading numbers per level ("Article ").
    pub headings: Vec<String>,
    /// List levels, if the theme sets them.
    pub lists: Option<Vec<ListLevel>>,
    /// Font files for the PDF writer (validated, read).
    pub fonts: Fonts,
    /// Extra font folders inside the library.
    pub font_path: Vec<LibraryPath>,
    /// A Word template for the DOCX writer (validated, read).
    pub reference_docx: Option<LibraryFile>,
}

/// A folder path inside the library, checked to exist there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryPath {
    /// As written in the theme, e.g. `fonts/`.
    pub written: String,
    /// The real path on disk.
    pub path: std::path::PathBuf,
}

/// A file inside the library, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryFile {
    /// As written in the theme, e.g. `fonts/Inter-Regular.ttf`.
    pub written: String,
    /// The bytes.
    pub bytes: std::sync::Arc<[u8]>,
}

/// The faces of one font family, as files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFamily {
    /// The regular face.
    pub regular: LibraryFile,
    /// Bold.
    pub bold: Option<LibraryFile>,
    /// Italic.
    pub italic: Option<LibraryFile>,
    /// Bold italic.
    pub bold_italic: Option<LibraryFile>,
    /// The family's name (from the regular face's file name).
    pub name: String,
}

/// The font families a theme names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fonts {
    /// Body text.
    pub body: Option<FontFamily>,
    /// Headings.
    pub headings: Option<FontFamily>,
    /// Code.
    pub monospace: Option<FontFamily>,
}

impl Theme {
    /// The built-in default: the house style.
    pub fn house() -> Theme {
        Theme {
            name: DEFAULT.into(),
            paper: None,
            style: Style::default(),
            headings: Vec::new(),
            lists: None,
            fonts: Fonts::default(),
            font_path: Vec::new(),
            reference_docx: None,
        }
    }

    /// Sets the theme on a document's metadata; the logo's alternative text defaults
    /// to the author (the buyer's name).
    pub fn apply(&self, meta: &mut Meta) {
        if let Some(paper) = self.paper {
            meta.paper = paper;
        }
        meta.style = self.style.clone();
        if let Some(logo) = &mut meta.style.logo
            && logo.alt.is_empty()
        {
            logo.alt = meta.author.clone().unwrap_or_default();
        }
        meta.labels.headings = self.headings.clone();
        if let Some(lists) = &self.lists {
            meta.labels.list_levels = lists.clone();
        }
    }
}

/// The label scheme a theme gives when it sets lists (bullets kept from the house).
pub(crate) fn list_levels(levels: Vec<(Counter, String, String)>) -> Vec<ListLevel> {
    let house = Labels::default();
    levels
        .into_iter()
        .enumerate()
        .map(|(i, (counter, before, after))| ListLevel {
            counter,
            before,
            after,
            bullet: house.list_level(i).bullet.clone(),
        })
        .collect()
}
