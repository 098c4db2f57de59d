//! Theme files of the library (`themes/<name>.yaml`): read with the library, checked
//! by [`crate::theme::load`] when a build first uses one.

use super::{Library, SourceFile};
use std::path::Path;

impl Library {
    /// Records theme files (`themes/<name>.yaml`); a later folder's theme of the same
    /// name replaces an earlier one.
    pub(super) fn add_themes(&mut self, files: Vec<SourceFile>, root: Option<&Path>) {
        for file in files {
            let name = Path::new(&file.path)
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".yaml").or_else(|| n.strip_suffix(".yml")));
            let Some(name) = name.filter(|n| crate::id::is_valid_id(n)) else {
                continue;
            };
            self.themes.insert(
                name.to_string(),
                crate::theme::ThemeFile {
                    name: name.to_string(),
                    path: file.path.clone(),
                    text: file.text,
                    root: root.map(Path::to_path_buf),
                },
            );
        }
    }
}
