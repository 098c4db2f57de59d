//! Reading a theme file: YAML into typed values with located diagnostics, then the
//! files it names (logo, fonts, reference DOCX) read from the library and checked.

use super::{FontFamily, Fonts, LibraryFile, LibraryPath, Theme, list_levels};
use crate::diag::{Diagnostic, Location};
use crate::doc::{
    Colours, Counter, Image, ImageData, Line, Margins, MarkingPlace, Paper, Rgb, Slot, Style,
};
use crate::library::assets;
use crate::spec::positions::PositionIndex;
use serde::Deserialize;
use std::path::PathBuf;

/// A theme's source: its display path, text, and the library folder its files are
/// read from (`None` for a built-in theme, which names no files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    /// The theme's name.
    pub name: String,
    /// Display path, e.g. `house/themes/acme.yaml`.
    pub path: String,
    /// The YAML.
    pub text: String,
    /// The library folder holding it.
    pub root: Option<PathBuf>,
}

const HELP_SEPARATOR: char = '\u{1f}';

fn custom<E: serde::de::Error>(message: String, help: &str) -> E {
    E::custom(format!("{message}{HELP_SEPARATOR}{help}"))
}

/// `#RRGGBB`.
struct Colour(Rgb);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let hex = s.strip_prefix('#').unwrap_or("");
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("x"), 16).ok();
        match (hex.len(), byte(0), byte(2), byte(4)) {
            (6, Some(r), Some(g), Some(b)) => Ok(Colour(Rgb(r, g, b))),
            _ => Err(custom(
                format!(
                    "invalid colour `{}`: expected `#` and six hex digits",
                    crate::diag::escape_control(&s)
                ),
                "write an sRGB colour such as \"#1F3864\" (quoted: YAML reads # as a comment)",
            )),
        }
    }
}

/// A length: `25mm`, `2.5cm`, `1in` or `72pt`, kept in millimetres.
struct Length(f32);

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let t = s.trim();
        let unit_at = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (number, unit) = t.split_at(unit_at);
        let per = match unit.trim() {
            "mm" => Some(1.0),
            "cm" => Some(10.0),
            "in" => Some(25.4),
            "pt" => Some(25.4 / 72.0),
            _ => None,
        };
        match (number.parse::<f32>().ok(), per) {
            (Some(n), Some(per)) if n.is_finite() && n * per <= 500.0 => Ok(Length(n * per)),
            _ => Err(custom(
                format!("invalid length `{}`", crate::diag::escape_control(&s)),
                "write a number and a unit: mm, cm, in or pt (e.g. \"20mm\"), at most 500 mm",
            )),
        }
    }
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum RawPaper {
    A4,
    Letter,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMargins {
    top: Length,
    bottom: Length,
    left: Length,
    right: Length,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawColours {
    #[serde(default)]
    headings: Option<Colour>,
    #[serde(default)]
    rules: Option<Colour>,
    #[serde(default)]
    table_header: Option<Colour>,
    #[serde(default)]
    links: Option<Colour>,
}

#[derive(Deserialize, Clone, Copy, Default)]
#[serde(rename_all = "snake_case")]
enum RawSlot {
    #[default]
    None,
    Title,
    Reference,
    Page,
    Logo,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLine {
    #[serde(default)]
    left: RawSlot,
    #[serde(default)]
    center: RawSlot,
    #[serde(default)]
    right: RawSlot,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum RawMarking {
    Header,
    Footer,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum RawCounter {
    Decimal,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    counter: RawCounter,
    #[serde(default)]
    before: String,
    #[serde(default)]
    after: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLogo {
    file: String,
    #[serde(default)]
    width: Option<Length>,
    #[serde(default)]
    alt: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFamily {
    regular: String,
    #[serde(default)]
    bold: Option<String>,
    #[serde(default)]
    italic: Option<String>,
    #[serde(default)]
    bold_italic: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    #[serde(default)]
    body: Option<RawFamily>,
    #[serde(default)]
    headings: Option<RawFamily>,
    #[serde(default)]
    monospace: Option<RawFamily>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    #[serde(default)]
    paper: Option<RawPaper>,
    #[serde(default)]
    margins: Option<RawMargins>,
    #[serde(default)]
    colours: RawColours,
    #[serde(default)]
    header: Option<RawLine>,
    #[serde(default)]
    footer: Option<RawLine>,
    #[serde(default)]
    marking: Option<RawMarking>,
    #[serde(default)]
    headings: Vec<String>,
    #[serde(default)]
    lists: Option<Vec<RawLevel>>,
    #[serde(default)]
    logo: Option<RawLogo>,
    #[serde(default)]
    fonts: RawFonts,
    #[serde(default)]
    font_path: Vec<String>,
    #[serde(default)]
    reference_docx: Option<String>,
}

/// Loads and checks a theme; every problem as a located diagnostic.
pub fn load(file: &ThemeFile) -> Result<Theme, Vec<Diagnostic>> {
    let raw: RawTheme = match serde_yaml::from_str(&file.text) {
        Ok(r) => r,
        // An empty file is the house style.
        Err(_)
            if file
                .text
                .lines()
                .all(|l| l.trim().is_empty() || l.trim().starts_with('#')) =>
        {
            return Ok(Theme {
                name: file.name.clone(),
                ..Theme::house()
            });
        }
        Err(e) => return Err(vec![yaml_error(file, &e)]),
    };
    let mut checker = Checker {
        file,
        index: PositionIndex::build(&file.text),
        diags: Vec::new(),
    };
    let theme = checker.theme(raw);
    if checker.diags.is_empty() {
        Ok(theme)
    } else {
        Err(checker.diags)
    }
}

fn yaml_error(file: &ThemeFile, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    let message = match e.location() {
        Some(l) => full
            .split(&format!(" at line {} column {}", l.line(), l.column()))
            .next()
            .unwrap_or(&full)
            .to_string(),
        None => full.clone(),
    };
    let (message, help) = match message.split_once(HELP_SEPARATOR) {
        Some((m, h)) => (m.to_string(), Some(h.to_string())),
        None => (message, None),
    };
    let help = help.or_else(|| {
        let bare = message
            .rsplit_once(": ")
            .map_or(message.as_str(), |(_, m)| m);
        crate::library::unknown_field_hint(bare)
    });
    let mut d = Diagnostic::error(format!("invalid theme: {message}"));
    d = match e.location() {
        Some(l) => d.at(value_location(file, &message, l.line(), l.column())),
        None => d.in_file(&file.path),
    };
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// serde_yaml places a value's error at the mapping holding it: point at the value
/// itself (the first backticked word of the message, found from there on).
fn value_location(file: &ThemeFile, message: &str, line: usize, column: usize) -> Location {
    let at = Location::in_source(&file.path, &file.text, line, column);
    let Some(value) = message.split('`').nth(1).filter(|v| !v.is_empty()) else {
        return at;
    };
    for (i, text) in file.text.lines().enumerate().skip(line.saturating_sub(1)) {
        if let Some(col) = text.find(value) {
            let column = text[..col].chars().count() + 1;
            return Location {
                width: value.chars().count(),
                ..Location::in_source(&file.path, &file.text, i + 1, column)
            };
        }
    }
    at
}

struct Checker<'a> {
    file: &'a ThemeFile,
    index: PositionIndex,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, at: &str, message: String, help: &str) {
        let d = Diagnostic::error(message).with_help(help);
        self.diags.push(
            match self.index.locate(&self.file.path, &self.file.text, at) {
                Some(loc) => d.at(loc),
                None => d.in_file(&self.file.path),
            },
        );
    }

    /// Reads library file `written` (named at YAML path `at`).
    fn read(&mut self, at: &str, written: &str) -> Option<Vec<u8>> {
        let result = match &self.file.root {
            Some(root) => assets::read(root, written),
            None => assets::read_from(&[], written),
        };
        match result {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                self.error(at, e.message, &e.help);
                None
            }
        }
    }

    fn theme(&mut self, raw: RawTheme) -> Theme {
        let line = |l: Option<RawLine>, default: Line| match l {
            None => default,
            Some(l) => Line {
                left: slot(l.left),
                center: slot(l.center),
                right: slot(l.right),
            },
        };
        let house = Style::default();
        let logo = raw.logo.and_then(|l| self.logo(l));
        let style = Style {
            colours: Colours {
                headings: raw.colours.headings.map(|c| c.0),
                rules: raw.colours.rules.map(|c| c.0),
                table_header: raw.colours.table_header.map(|c| c.0),
                links: raw.colours.links.map(|c| c.0),
            },
            margins: raw.margins.map(|m| Margins {
                top: m.top.0,
                bottom: m.bottom.0,
                left: m.left.0,
                right: m.right.0,
            }),
            header: line(raw.header, house.header),
            footer: line(raw.footer, house.footer),
            marking: match raw.marking {
                Some(RawMarking::Footer) => MarkingPlace::Footer,
                _ => MarkingPlace::Header,
            },
            logo,
        };
        let shows_logo = style.header.shows(Slot::Logo) || style.footer.shows(Slot::Logo);
        if shows_logo && style.logo.is_none() && self.diags.is_empty() {
            self.error(
                "header",
                "the running header or footer shows the logo, but the theme has no `logo`".into(),
                "add `logo: { file: images/logo.png }` or choose another place",
            );
        }
        let lists = raw.lists.map(|levels| {
            list_levels(
                levels
                    .into_iter()
                    .map(|l| (counter(l.counter), l.before, l.after))
                    .collect(),
            )
        });
        for (i, h) in raw.headings.iter().enumerate() {
            if h.chars().any(char::is_control) || h.chars().count() > 40 {
                self.error(
                    &format!("headings[{i}]"),
                    "a heading label is at most 40 characters without control characters".into(),
                    "write the words before the number, e.g. \"Article \"",
                );
            }
        }
        let fonts = Fonts {
            body: raw.fonts.body.and_then(|f| self.family("fonts.body", f)),
            headings: raw
                .fonts
                .headings
                .and_then(|f| self.family("fonts.headings", f)),
            monospace: raw
                .fonts
                .monospace
                .and_then(|f| self.family("fonts.monospace", f)),
        };
        let font_path = raw
            .font_path
            .iter()
            .enumerate()
            .filter_map(|(i, dir)| self.folder(&format!("font_path[{i}]"), dir))
            .collect();
        let reference_docx = raw.reference_docx.and_then(|written| {
            let bytes = self.read("reference_docx", &written)?;
            if !bytes.starts_with(b"PK\x03\x04") {
                self.error(
                    "reference_docx",
                    format!("`{written}` is not a Word document (not a zip package)"),
                    "name a .docx file saved by Word or LibreOffice",
                );
                return None;
            }
            Some(LibraryFile {
                written,
                bytes: bytes.into(),
            })
        });
        Theme {
            name: self.file.name.clone(),
            paper: raw.paper.map(|p| match p {
                RawPaper::A4 => Paper::A4,
                RawPaper::Letter => Paper::Letter,
            }),
            style,
            headings: raw.headings,
            lists,
            fonts,
            font_path,
            reference_docx,
        }
    }

    fn logo(&mut self, raw: RawLogo) -> Option<Image> {
        let bytes = self.read("logo.file", &raw.file)?;
        match ImageData::parse(bytes) {
            Ok(data) => Some(Image {
                source: raw.file,
                alt: raw.alt.unwrap_or_default(),
                data: Some(data),
                width_mm: Some(raw.width.map_or(40.0, |w| w.0)),
            }),
            Err(message) => {
                self.error(
                    "logo.file",
                    format!("the logo `{}` cannot be used: {message}", raw.file),
                    "use a PNG or JPEG file",
                );
                None
            }
        }
    }

    fn font(&mut self, at: &str, written: &str) -> Option<LibraryFile> {
        let bytes = self.read(at, written)?;
        let magic = bytes.get(..4).unwrap_or_default();
        if !matches!(magic, [0, 1, 0, 0] | b"OTTO" | b"true") {
            self.error(
                at,
                format!("`{written}` is not a TrueType or OpenType font file"),
                "name a .ttf or .otf file",
            );
            return None;
        }
        let folder = std::path::Path::new(written)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let root = self.file.root.clone()?;
        let licensed = [
            "LICENSE",
            "LICENSE.txt",
            "OFL.txt",
            "LICENCE",
            "LICENCE.txt",
        ]
        .iter()
        .any(|name| {
            let candidate = if folder.is_empty() {
                (*name).to_string()
            } else {
                format!("{folder}/{name}")
            };
            assets::resolve(&root, &candidate).is_ok_and(|p| p.is_file())
        });
        if !licensed {
            self.error(
                at,
                format!("the font `{written}` has no licence file beside it"),
                "put the font's licence (LICENSE, LICENSE.txt or OFL.txt) in the same folder",
            );
            return None;
        }
        Some(LibraryFile {
            written: written.to_string(),
            bytes: bytes.into(),
        })
    }

    fn family(&mut self, at: &str, raw: RawFamily) -> Option<FontFamily> {
        let regular = self.font(&format!("{at}.regular"), &raw.regular);
        let mut face = |key: &str, written: Option<String>| {
            written.and_then(|w| self.font(&format!("{at}.{key}"), &w))
        };
        let bold = face("bold", raw.bold);
        let italic = face("italic", raw.italic);
        let bold_italic = face("bold_italic", raw.bold_italic);
        let regular = regular?;
        let name = family_name(&regular.bytes).unwrap_or_else(|| {
            std::path::Path::new(&raw.regular)
                .file_stem()
                .map(|s| s.to_string_lossy().trim_end_matches("-Regular").to_string())
                .unwrap_or_default()
        });
        Some(FontFamily {
            regular,
            bold,
            italic,
            bold_italic,
            name,
        })
    }

    fn folder(&mut self, at: &str, written: &str) -> Option<LibraryPath> {
        let result = match &self.file.root {
            Some(root) => assets::resolve(root, written),
            None => assets::read_from(&[], written).map(|_| PathBuf::new()),
        };
        match result {
            Ok(path) if path.is_dir() => Some(LibraryPath {
                written: written.to_string(),
                path,
            }),
            Ok(_) => {
                self.error(
                    at,
                    format!("`{written}` is not a folder"),
                    "name a folder of font files",
                );
                None
            }
            Err(e) => {
                self.error(at, e.message, &e.help);
                None
            }
        }
    }
}

fn slot(s: RawSlot) -> Slot {
    match s {
        RawSlot::None => Slot::Empty,
        RawSlot::Title => Slot::Title,
        RawSlot::Reference => Slot::Reference,
        RawSlot::Page => Slot::Page,
        RawSlot::Logo => Slot::Logo,
    }
}

fn counter(c: RawCounter) -> Counter {
    match c {
        RawCounter::Decimal => Counter::Decimal,
        RawCounter::LowerLetter => Counter::LowerLetter,
        RawCounter::UpperLetter => Counter::UpperLetter,
        RawCounter::LowerRoman => Counter::LowerRoman,
        RawCounter::UpperRoman => Counter::UpperRoman,
    }
}

/// The family name a font file gives itself (the typographic family, else the
/// family), as Word and LibreOffice look fonts up by it.
fn family_name(data: &[u8]) -> Option<String> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let names = face.names();
    let find = |id: u16| {
        names
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
            .filter(|n| !n.trim().is_empty() && !n.chars().any(char::is_control))
    };
    find(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| find(ttf_parser::name_id::FAMILY))
}
