//! The versions of each clause or question set, by id. The built-in library's files are
//! grouped by their folder (`clauses/<id>/`) and parsed the first time their id is asked
//! for, so a cold build reads only the front matter of what it uses; a user's folder is
//! parsed whole when it is laid on, so its errors come first.

use super::SourceFile;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A file embedded in the binary: display path and text.
#[derive(Debug, Clone)]
pub(super) struct Embedded {
    pub(super) path: String,
    pub(super) text: &'static str,
}

/// Parses the files of one id into its versions (in order), reporting problems.
pub(super) type ParseGroup<T> = fn(Vec<SourceFile>, &mut Vec<Diagnostic>) -> Vec<T>;

/// Versions by id; the built-in files of an id are parsed on first use.
#[derive(Debug, Clone)]
pub struct Shelf<T> {
    slots: BTreeMap<String, Slot<T>>,
}

#[derive(Debug, Clone)]
struct Slot<T> {
    /// Built-in files of this id, parsed into `versions` when first asked for.
    files: Vec<Embedded>,
    parse: Option<ParseGroup<T>>,
    versions: OnceLock<Vec<T>>,
}

impl<T> Default for Shelf<T> {
    fn default() -> Self {
        Shelf {
            slots: BTreeMap::new(),
        }
    }
}

impl<T> Slot<T> {
    fn versions(&self) -> &Vec<T> {
        self.versions.get_or_init(|| match self.parse {
            Some(parse) => {
                let files = self
                    .files
                    .iter()
                    .map(|f| SourceFile {
                        path: f.path.clone(),
                        text: f.text.to_string(),
                    })
                    .collect();
                // The built-in library is checked whole by the test suite and by
                // `rfx library check`; a build has nothing to add to that.
                parse(files, &mut Vec::new())
            }
            None => Vec::new(),
        })
    }

    fn versions_mut(&mut self) -> &mut Vec<T> {
        self.versions();
        self.versions.get_mut().expect("versions were just made")
    }
}

impl<T> Shelf<T> {
    /// Adds the built-in files of one id, parsed with `parse` when first asked for.
    pub(super) fn add_lazy(&mut self, id: String, files: Vec<Embedded>, parse: ParseGroup<T>) {
        self.slots.insert(
            id,
            Slot {
                files,
                parse: Some(parse),
                versions: OnceLock::new(),
            },
        );
    }

    /// The versions of `id` (parsed now if they are built-in and not yet parsed), to add
    /// to; an id the shelf does not hold gets an empty list.
    pub(super) fn versions_mut(&mut self, id: &str) -> &mut Vec<T> {
        self.slots
            .entry(id.to_string())
            .or_insert_with(|| Slot {
                files: Vec::new(),
                parse: None,
                versions: OnceLock::new(),
            })
            .versions_mut()
    }

    /// The versions of `id`, ascending.
    pub fn get(&self, id: &str) -> Option<&Vec<T>> {
        self.slots.get(id).map(Slot::versions)
    }

    /// Whether the library has an id (without parsing its files).
    pub fn contains_key(&self, id: &str) -> bool {
        self.slots.contains_key(id)
    }

    /// Every id, in order (without parsing).
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.slots.keys()
    }

    /// Every id's versions, in id order (parsing what is not parsed yet).
    pub fn values(&self) -> impl Iterator<Item = &Vec<T>> {
        self.slots.values().map(Slot::versions)
    }

    /// Every id with its versions, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Vec<T>)> {
        self.slots.iter().map(|(id, s)| (id, s.versions()))
    }

    /// Every id's versions, to change (parsing what is not parsed yet).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Vec<T>> {
        self.slots.values_mut().map(Slot::versions_mut)
    }
}

impl<T> std::ops::Index<&str> for Shelf<T> {
    type Output = Vec<T>;

    fn index(&self, id: &str) -> &Vec<T> {
        self.get(id)
            .unwrap_or_else(|| panic!("the library has no `{id}`"))
    }
}
