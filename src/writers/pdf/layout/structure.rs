//! The logical structure of the laid-out document (what tagged PDF calls the
//! structure tree): headings, paragraphs, lists, tables and contents entries in
//! reading order, so the emitter can mark every text run with the element it
//! belongs to.

/// What a text run belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tag {
    /// Page furniture (running header, page counter) or decoration: not content.
    #[default]
    Artifact,
    /// Index into [`Layout::structure`](super::Layout::structure).
    Element(u32),
}

/// A structure type, named as ISO 32000-1 §14.8.4 names the standard types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The whole document.
    Document,
    /// A heading of level 1–6.
    Heading(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's marker.
    Lbl,
    /// A list item's body.
    LBody,
    /// A quotation set off as a block.
    BlockQuote,
    /// A generic group of elements (a signature block, one party's part of it).
    Div,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell (its scope is its column).
    TH,
    /// A data cell.
    TD,
    /// A table of contents.
    TOC,
    /// An entry of a table of contents.
    TOCI,
    /// A link: its text and its annotation.
    Link,
    /// A footnote: its mark and its text.
    Note,
    /// An image, with its alternative text.
    Figure,
}

impl Role {
    /// The structure type's PDF name, without the slash.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Heading(level) => {
                ["H1", "H2", "H3", "H4", "H5", "H6"][usize::from(level.clamp(1, 6)) - 1]
            }
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::BlockQuote => "BlockQuote",
            Role::Div => "Div",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Link => "Link",
            Role::Note => "Note",
            Role::Figure => "Figure",
        }
    }
}

/// One structure element; its children are the later elements naming it as parent,
/// in the order they were made (the reading order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructNode {
    /// Structure type.
    pub role: Role,
    /// The enclosing element (`None` only for the `Document`).
    pub parent: Option<u32>,
    /// Alternative text (`/Alt`) of a `Figure`.
    pub alt: Option<String>,
}

/// Builds the tree while blocks are laid out: `open` makes a child of the current
/// element and makes it current; `close` returns to its parent.
#[derive(Debug, Clone)]
pub(super) struct Structure {
    pub(super) nodes: Vec<StructNode>,
    pub(super) current: u32,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![StructNode {
                role: Role::Document,
                parent: None,
                alt: None,
            }],
            current: 0,
        }
    }
}

impl Structure {
    /// A new child of the current element, made current.
    pub(super) fn open(&mut self, role: Role) -> u32 {
        let id = self.child(role);
        self.current = id;
        id
    }

    /// A new child of the current element, leaving the current element as it is.
    pub(super) fn child(&mut self, role: Role) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(StructNode {
            role,
            parent: Some(self.current),
            alt: None,
        });
        id
    }

    /// Sets the alternative text of element `id`.
    pub(super) fn set_alt(&mut self, id: u32, alt: &str) {
        self.nodes[id as usize].alt = Some(alt.to_string());
    }

    /// Makes the parent of the current element current again.
    pub(super) fn close(&mut self) {
        self.current = self.nodes[self.current as usize].parent.unwrap_or(0);
    }

    /// The tag for content of the current element.
    pub(super) fn tag(&self) -> super::Tag {
        super::Tag::Element(self.current)
    }
}

/// Sets the tag of every text run and link among `items`.
pub(super) fn retag(items: &mut [super::Item], tag: Tag) {
    for item in items {
        match item {
            super::Item::Text(t) => t.tag = tag,
            super::Item::Link { tag: t, .. } | super::Item::Image { tag: t, .. } => *t = tag,
            _ => {}
        }
    }
}
