//! Reading the reference document's package: a zip of untrusted parts, read with
//! limits (entries, bytes per part, bytes in all), its content types and
//! relationships, and every error a located [`Diagnostic`].

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};

use zip::ZipArchive;
use zip::result::ZipError;

use super::tree::{self, Element};
use crate::diag::{Diagnostic, Location};

/// Most entries a reference document's zip may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes one part may unpack to (as much as rfx reads from any input file).
pub const MAX_PART_BYTES: u64 = crate::input::MAX_INPUT_BYTES;
/// Most bytes all the parts rfx reads may unpack to together.
pub const MAX_TOTAL_BYTES: u64 = 4 * crate::input::MAX_INPUT_BYTES;

/// The namespace of transitional WordprocessingML.
pub const WORDML: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The namespace of Strict WordprocessingML, which rfx does not read.
const WORDML_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
/// Relationship types of transitional packages start with this.
pub const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// `Id`.
    pub id: String,
    /// `Type`, the full URI.
    pub kind: String,
    /// `Target` as written.
    pub target: String,
    /// `TargetMode="External"`.
    pub external: bool,
}

/// The open package of a reference document.
pub struct Archive<'a> {
    /// The file name as the user gave it, for diagnostics.
    pub name: &'a str,
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased part name → name in the zip (part names are case-insensitive).
    names: BTreeMap<String, String>,
    read: u64,
    overrides: BTreeMap<String, String>,
    defaults: BTreeMap<String, String>,
}

/// The help every structural error carries.
pub const HELP: &str = "pass a Word document or template (.docx or .dotx) saved by Word or LibreOffice as \"Word Document\"";

impl<'a> Archive<'a> {
    /// Opens `bytes` as a package and reads its content types.
    pub fn open(bytes: &'a [u8], name: &'a str) -> Result<Archive<'a>, Diagnostic> {
        let fail = |why: String| {
            Diagnostic::error(format!("cannot use `{name}` as a reference DOCX: {why}"))
                .in_file(name)
                .with_help(HELP)
        };
        if bytes.len() as u64 > crate::input::MAX_INPUT_BYTES {
            return Err(fail(format!(
                "the file is larger than {} MiB",
                crate::input::MAX_INPUT_BYTES / (1024 * 1024)
            )));
        }
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| fail(format!("it is not a zip package ({e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(fail(format!(
                "it holds {} entries, more than the {MAX_ENTRIES} rfx reads",
                zip.len()
            )));
        }
        let mut names = BTreeMap::new();
        for n in zip.file_names() {
            let n = n.map_err(|e| fail(format!("an entry name is unreadable ({e})")))?;
            names.insert(n.to_ascii_lowercase(), n.into_owned());
        }
        let mut archive = Archive {
            name,
            zip,
            names,
            read: 0,
            overrides: BTreeMap::new(),
            defaults: BTreeMap::new(),
        };
        let types = archive
            .xml("[Content_Types].xml")?
            .ok_or_else(|| archive.missing("[Content_Types].xml", "the package's content types"))?;
        for e in types.elements() {
            let local = e.name.rsplit(':').next().unwrap_or_default();
            match (local, e.attr("ContentType")) {
                ("Override", Some(t)) => {
                    if let Some(p) = e.attr("PartName") {
                        let part = p.trim_start_matches('/').to_ascii_lowercase();
                        archive.overrides.insert(part, t.to_string());
                    }
                }
                ("Default", Some(t)) => {
                    if let Some(x) = e.attr("Extension") {
                        archive
                            .defaults
                            .insert(x.to_ascii_lowercase(), t.to_string());
                    }
                }
                _ => {}
            }
        }
        Ok(archive)
    }

    /// A structural error: `what` is wrong with `part`.
    pub fn error(&self, part: &str, what: &str) -> Diagnostic {
        Diagnostic::error(format!(
            "cannot use `{}` as a reference DOCX: {part}: {what}",
            self.name
        ))
        .in_file(self.name)
        .with_help(HELP)
    }

    /// The error for a required part that is absent.
    pub fn missing(&self, part: &str, what: &str) -> Diagnostic {
        self.error(part, &format!("the part is missing (expected {what})"))
    }

    /// Whether the package holds `part`.
    pub fn contains(&self, part: &str) -> bool {
        self.names.contains_key(&part.to_ascii_lowercase())
    }

    /// The bytes of `part`, or `None` when the package has no such part.
    pub fn bytes(&mut self, part: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        let Some(stored) = self.names.get(&part.to_ascii_lowercase()).cloned() else {
            return Ok(None);
        };
        let unreadable =
            |e: String| self_error(self.name, part, &format!("cannot unpack it ({e})"));
        let file = match self.zip.by_name(&stored) {
            Ok(f) => f,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(unreadable(e.to_string())),
        };
        let budget = MAX_PART_BYTES.min(MAX_TOTAL_BYTES - self.read);
        let mut bytes = Vec::new();
        file.take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(e.to_string()))?;
        if bytes.len() as u64 > budget {
            let limit = if budget == MAX_PART_BYTES {
                format!("it unpacks to more than {} MiB", MAX_PART_BYTES >> 20)
            } else {
                format!(
                    "the parts rfx reads unpack to more than {} MiB in all",
                    MAX_TOTAL_BYTES >> 20
                )
            };
            return Err(self.error(part, &limit));
        }
        self.read += bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// `part` as XML, or `None` when absent; not UTF-8 or not well-formed is an error
    /// located in the part.
    pub fn xml(&mut self, part: &str) -> Result<Option<Element>, Diagnostic> {
        let Some(bytes) = self.bytes(part)? else {
            return Ok(None);
        };
        self.parse(part, bytes).map(Some)
    }

    /// The bytes of `part` parsed as XML; not UTF-8 or not well-formed is an error
    /// located in the part.
    pub fn parse(&self, part: &str, bytes: Vec<u8>) -> Result<Element, Diagnostic> {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return Err(self.error(
                    part,
                    &format!(
                        "the part is not UTF-8 (bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                ));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        tree::parse(text).map_err(|e| {
            Diagnostic::error(format!(
                "cannot use `{}` as a reference DOCX: {part} is not well-formed XML: {}",
                self.name, e.message
            ))
            .at(Location::at_offset(
                &format!("{}/{part}", self.name),
                text,
                e.offset,
            ))
            .with_help("open the template in Word or LibreOffice and save it again")
        })
    }

    /// `part` as a WordprocessingML part whose root is `w:{root}`: the `w` prefix
    /// bound to the transitional namespace.
    pub fn wordml(&mut self, part: &str, root: &str) -> Result<Option<Element>, Diagnostic> {
        let Some(el) = self.xml(part)? else {
            return Ok(None);
        };
        let expected = format!("w:{root}");
        if el.attr("xmlns:w") == Some(WORDML_STRICT) {
            return Err(self
                .error(part, "the document is saved as Strict Open XML")
                .with_help("save the template as \"Word Document (.docx)\", not \"Strict Open XML Document\""));
        }
        if el.name != expected || el.attr("xmlns:w") != Some(WORDML) {
            return Err(self.error(
                part,
                &format!(
                    "expected a `{expected}` root element with the `w` prefix bound to {WORDML}, found `{}`",
                    el.name
                ),
            ));
        }
        Ok(Some(el))
    }

    /// The content type the package gives `part`.
    pub fn content_type(&self, part: &str) -> Option<&str> {
        let lower = part.to_ascii_lowercase();
        if let Some(t) = self.overrides.get(&lower) {
            return Some(t);
        }
        let extension = lower.rsplit_once('.').map(|(_, x)| x)?;
        self.defaults.get(extension).map(String::as_str)
    }

    /// The relationships of `part` (none when it has no relationships part).
    pub fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, Diagnostic> {
        let rels_part = rels_part_of(part);
        let Some(root) = self.xml(&rels_part)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for e in root.elements() {
            if e.name.rsplit(':').next() != Some("Relationship") {
                continue;
            }
            let (Some(id), Some(kind), Some(target)) =
                (e.attr("Id"), e.attr("Type"), e.attr("Target"))
            else {
                return Err(self.error(&rels_part, "a relationship lacks its Id, Type or Target"));
            };
            out.push(Relationship {
                id: id.to_string(),
                kind: kind.to_string(),
                target: target.to_string(),
                external: e.attr("TargetMode") == Some("External"),
            });
        }
        Ok(out)
    }
}

fn self_error(name: &str, part: &str, what: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot use `{name}` as a reference DOCX: {part}: {what}"
    ))
    .in_file(name)
    .with_help(HELP)
}

/// The relationships part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`.
pub fn rels_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((folder, file)) => format!("{folder}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The part a relationship of `source` points at: the target resolved against the
/// source's folder (`..` and `.` followed, a leading `/` from the package root).
/// `None` when it leaves the package.
pub fn resolve(source: &str, target: &str) -> Option<String> {
    let target = percent_decoded(target.split(['#', '?']).next().unwrap_or_default())?;
    let target = target.as_str();
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut folder: Vec<&str> = source.split('/').collect();
        folder.pop();
        folder
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `text` with `%XX` escapes decoded (part names in targets are URIs); `None` when
/// an escape is malformed or the result is not UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `to` written relative to the folder of the part `from` (both package paths).
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let from = &from[..from.len() - 1];
    let to: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len() - 1);
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(
            resolve("word/document.xml", "media/a.png").as_deref(),
            Some("word/media/a.png")
        );
        assert_eq!(
            resolve("word/header1.xml", "../customXml/item1.xml").as_deref(),
            Some("customXml/item1.xml")
        );
        assert_eq!(
            resolve("word/header1.xml", "/word/media/b.png").as_deref(),
            Some("word/media/b.png")
        );
        assert_eq!(resolve("word/header1.xml", "../../x"), None);
        assert_eq!(
            resolve("word/header1.xml", "media/Logo%20Gro%C3%9F.png").as_deref(),
            Some("word/media/Logo Groß.png")
        );
        assert_eq!(resolve("word/header1.xml", "media/%G1.png"), None);
        assert_eq!(
            rels_part_of("word/header1.xml"),
            "word/_rels/header1.xml.rels"
        );
    }

    #[test]
    fn relative_paths_climb_out_of_folders() {
        assert_eq!(
            relative("word/reference/h.xml", "word/reference/media/a.png"),
            "media/a.png"
        );
        assert_eq!(
            relative("word/reference/media/x.xml", "word/reference/a.png"),
            "../a.png"
        );
        assert_eq!(
            relative("word/document.xml", "word/reference/h.xml"),
            "reference/h.xml"
        );
    }

    #[test]
    fn not_a_zip_is_a_located_error() {
        let d = Archive::open(b"PK not really", "house.docx").err().unwrap();
        assert!(d.message.contains("not a zip package"), "{}", d.message);
        assert_eq!(d.location.unwrap().file, "house.docx");
        assert!(d.help.is_some());
    }
}
