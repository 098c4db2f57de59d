//! The document model: the one structure every writer consumes.
//!
//! A [`Document`] is produced by the `markdown` stage from composed Markdown and then
//! *resolved* (section numbers, anchors, cross-references, table of contents) by
//! [`Document::resolve`], so every output format shows the same numbers and links.
//! Writers never see YAML, Tera or Markdown source: only this model.

use serde::Serialize;

pub mod image;
pub mod style;

pub use image::{Image, ImageData, ImageFormat};
pub use style::{Colours, Line, Margins, MarkingPlace, Rgb, Slot, Style};

/// The kinds of document rfx produces.
///
/// This is the one list of kinds: templates, clauses, lockfile sections, the spec's
/// `documents`, the command line's `--doc` and writer metadata all name a kind with it.
/// Kinds sort by name (as lockfile sections and file names do).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// Request for information.
    Rfi,
    /// Request for proposal.
    Rfp,
    /// Request for quotation.
    Rfq,
    /// Master services agreement.
    Msa,
    /// Service level agreement.
    Sla,
    /// Non-disclosure agreement.
    Nda,
    /// The evaluation panel's guide: method, gates, criteria, items and scoring bands.
    #[serde(rename = "evaluation-guide")]
    EvaluationGuide,
}

impl DocumentKind {
    /// Every kind, in the order of the procurement process.
    pub const ALL: [DocumentKind; 7] = [
        DocumentKind::Rfi,
        DocumentKind::Rfp,
        DocumentKind::Rfq,
        DocumentKind::Nda,
        DocumentKind::Msa,
        DocumentKind::Sla,
        DocumentKind::EvaluationGuide,
    ];

    /// The lower-case name used on the command line, in file names and in the spec.
    pub fn as_str(&self) -> &'static str {
        match self {
            DocumentKind::Rfi => "rfi",
            DocumentKind::Rfp => "rfp",
            DocumentKind::Rfq => "rfq",
            DocumentKind::Msa => "msa",
            DocumentKind::Sla => "sla",
            DocumentKind::Nda => "nda",
            DocumentKind::EvaluationGuide => "evaluation-guide",
        }
    }

    /// Every kind's name, in the order of [`DocumentKind::ALL`].
    pub fn names() -> Vec<&'static str> {
        DocumentKind::ALL.iter().map(DocumentKind::as_str).collect()
    }

    /// Whether the document is an agreement with a supplier (needs `parties.supplier`).
    pub fn is_agreement(&self) -> bool {
        matches!(
            self,
            DocumentKind::Msa | DocumentKind::Sla | DocumentKind::Nda
        )
    }
}

impl std::fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialOrd for DocumentKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DocumentKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::str::FromStr for DocumentKind {
    type Err = String;

    /// Parses a kind's lower-case name (`nda`).
    fn from_str(name: &str) -> Result<DocumentKind, String> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == name)
            .ok_or_else(|| {
                format!(
                    "unknown document kind `{name}`: use one of {}",
                    DocumentKind::names().join(", ")
                )
            })
    }
}

/// A complete document: metadata plus a sequence of blocks.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Document {
    /// Title, parties, reference and page set-up.
    pub meta: Meta,
    /// Body content in reading order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// The document's headings (top-level blocks), in reading order.
    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            _ => None,
        })
    }
}

/// Document metadata used for covers, running headers and file properties.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Meta {
    /// Main title, e.g. "Mutual Non-Disclosure Agreement".
    pub title: String,
    /// Optional subtitle, e.g. the engagement title.
    pub subtitle: Option<String>,
    /// Buyer's reference for the engagement, shown in running headers.
    pub reference: Option<String>,
    /// Author for document properties (the buyer's legal name).
    pub author: Option<String>,
    /// Document kind, if the document was built from a template.
    pub kind: Option<DocumentKind>,
    /// What the document is about, for file properties (PDF `/Subject`, DOCX
    /// `dc:subject`): every writer shows this one value.
    pub subject: Option<String>,
    /// Search keywords for file properties (PDF `/Keywords`, DOCX `cp:keywords`).
    pub keywords: Vec<String>,
    /// Language tag, e.g. `en-GB`.
    pub language: Option<String>,
    /// Paper size for paged formats.
    pub paper: Paper,
    /// Words the writers print around the content (running footer, cover, contents).
    pub furniture: Furniture,
    /// A marking every page carries, e.g. "Draft for tender — subject to contract":
    /// on the cover and in the running header (PDF, DOCX), as a note at the top
    /// (Markdown).
    pub marking: Option<String>,
    /// How list items and footnotes are labelled: every writer shows these labels.
    pub labels: Labels,
    /// Colours, margins, running header and footer, logo (from the theme).
    pub style: Style,
}

/// The label scheme of lists and footnotes, decided once on the model so every
/// writer shows the same "(a)" or "3": data, so a theme can set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// One entry per list nesting level (the outermost first), repeating when lists
    /// nest deeper than the entries go.
    pub list_levels: Vec<ListLevel>,
    /// How footnotes are counted (their marks are decided by [`Document::resolve`]).
    pub footnotes: Counter,
    /// Words before a heading's number, one entry per heading level (the first for
    /// level 1), e.g. "Article " then "Section "; missing or empty: the bare number.
    pub headings: Vec<String>,
}

/// How the items of a list at one nesting level are labelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListLevel {
    /// The counter of an ordered list at this level.
    pub counter: Counter,
    /// Text before the counter, e.g. "(".
    pub before: String,
    /// Text after the counter, e.g. "." or ")".
    pub after: String,
    /// The mark of a bulleted list at this level, e.g. "•".
    pub bullet: String,
}

/// A way of writing a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Counter {
    /// 1, 2, 3
    Decimal,
    /// a, b, c … z, aa, bb (as Word counts)
    LowerLetter,
    /// A, B, C
    UpperLetter,
    /// i, ii, iii
    LowerRoman,
    /// I, II, III
    UpperRoman,
}

impl Default for Labels {
    /// The house style: 1. → (a) → (i) for ordered lists, • → ◦ → ▪ for bullets,
    /// footnotes 1, 2, 3.
    fn default() -> Self {
        let level = |counter, before: &str, after: &str, bullet: &str| ListLevel {
            counter,
            before: before.into(),
            after: after.into(),
            bullet: bullet.into(),
        };
        Labels {
            list_levels: vec![
                level(Counter::Decimal, "", ".", "\u{2022}"),
                level(Counter::LowerLetter, "(", ")", "\u{25E6}"),
                level(Counter::LowerRoman, "(", ")", "\u{25AA}"),
            ],
            footnotes: Counter::Decimal,
            headings: Vec::new(),
        }
    }
}

impl Labels {
    /// Deepest nesting with a label of its own (Word has nine list levels); deeper
    /// lists are labelled as this one.
    pub const DEEPEST: usize = 8;

    /// The labelling of lists nested `depth` lists deep (0 for a top-level list).
    pub fn list_level(&self, depth: usize) -> &ListLevel {
        static HOUSE: std::sync::LazyLock<Labels> = std::sync::LazyLock::new(Labels::default);
        let depth = depth.min(Labels::DEEPEST);
        match self.list_levels.len() {
            0 => HOUSE.list_level(depth),
            n => &self.list_levels[depth % n],
        }
    }

    /// The label a heading at `level` (1-based) with section number `number` shows:
    /// "3.2", or "Section 3.2" when the theme words that level.
    pub fn heading(&self, level: u8, number: &str) -> String {
        let prefix = usize::from(level)
            .checked_sub(1)
            .and_then(|i| self.headings.get(i))
            .map_or("", String::as_str);
        format!("{prefix}{number}")
    }

    /// The label of item `number` (1-based, as counted from the list's start) of an
    /// ordered list (`ordered`) or a bulleted one, `depth` lists deep.
    pub fn list_item(&self, depth: usize, ordered: bool, number: u64) -> String {
        let level = self.list_level(depth);
        if ordered {
            format!(
                "{}{}{}",
                level.before,
                level.counter.format(number),
                level.after
            )
        } else {
            level.bullet.clone()
        }
    }
}

impl Counter {
    /// `number` written with this counter (0 as "0" in every counter).
    pub fn format(self, number: u64) -> String {
        match self {
            Counter::Decimal => number.to_string(),
            _ if number == 0 => "0".into(),
            Counter::LowerLetter => letters(number),
            Counter::UpperLetter => letters(number).to_uppercase(),
            Counter::LowerRoman => roman(number),
            Counter::UpperRoman => roman(number).to_uppercase(),
        }
    }
}

/// Word's letter counting: a … z, then aa … zz, aaa …
fn letters(number: u64) -> String {
    let index = (number - 1) % 26;
    let repeat = (number - 1) / 26 + 1;
    let letter = char::from(b'a' + index as u8);
    std::iter::repeat_n(letter, repeat.min(1000) as usize).collect()
}

/// Lower-case Roman numerals (numbers above 3999 written with repeated "m").
fn roman(mut number: u64) -> String {
    const DIGITS: [(u64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while number >= value && out.len() < 1000 {
            out.push_str(digits);
            number -= value;
        }
    }
    out
}

/// The words a writer prints on the page that are not content: they come from the
/// document's language (and may be set by its template), never from writer literals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Furniture {
    /// Label before the reference on the cover, e.g. "Reference".
    pub reference: String,
    /// Page counter; `{page}` and `{pages}` are replaced, e.g. "Page {page} of {pages}".
    pub page_of: String,
    /// Heading of the table of contents, e.g. "Contents".
    pub contents: String,
}

impl Default for Furniture {
    fn default() -> Self {
        Furniture::for_language(None)
    }
}

impl Furniture {
    /// The furniture words for a BCP 47 language tag (`en-GB`, `de`, …); English when
    /// the language is unknown.
    pub fn for_language(language: Option<&str>) -> Furniture {
        let primary = language
            .and_then(|l| l.split(['-', '_']).next())
            .map(str::to_ascii_lowercase);
        let (reference, page_of, contents) = match primary.as_deref() {
            Some("de") => ("Referenz", "Seite {page} von {pages}", "Inhalt"),
            Some("fr") => ("Référence", "Page {page} sur {pages}", "Table des matières"),
            Some("nl") => ("Referentie", "Pagina {page} van {pages}", "Inhoud"),
            _ => ("Reference", "Page {page} of {pages}", "Contents"),
        };
        Furniture {
            reference: reference.into(),
            page_of: page_of.into(),
            contents: contents.into(),
        }
    }

    /// The page counter for page `page` (1-based) of `pages`.
    pub fn page_of(&self, page: usize, pages: usize) -> String {
        self.page_of
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    }

    /// The page counter split around its two numbers: text before the page number,
    /// between the two numbers and after the total (for writers that use fields).
    pub fn page_of_parts(&self) -> (&str, &str, &str) {
        let (before, rest) = self
            .page_of
            .split_once("{page}")
            .unwrap_or((&self.page_of, ""));
        let (between, after) = rest.split_once("{pages}").unwrap_or((rest, ""));
        (before, between, after)
    }
}

/// Paper size for paged output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Align {
    /// No alignment given: writers use left.
    #[default]
    None,
    /// Left-aligned.
    Left,
    /// Centred.
    Center,
    /// Right-aligned (amounts, quantities).
    Right,
}

/// Block-level content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A section heading. `number` is filled by [`Document::resolve`] for numbered
    /// headings ("3", "3.2", "3.2.1"); `anchor` is a stable id for links.
    Heading(Heading),
    /// A paragraph of inline content.
    Paragraph(Vec<Inline>),
    /// An ordered or bulleted list; items hold blocks (so lists nest).
    List(List),
    /// A table with header row, alignments and body rows.
    Table(Table),
    /// A quoted passage.
    BlockQuote(Vec<Block>),
    /// Preformatted text shown in a monospace font.
    CodeBlock {
        /// Info string language, if any.
        lang: Option<String>,
        /// The literal text, lines separated by `\n`.
        text: String,
    },
    /// A horizontal rule.
    ThematicBreak,
    /// Forces the next block onto a new page (paged formats); ignored in Markdown.
    PageBreak,
    /// The table of contents, filled in by [`Document::resolve`].
    Toc(Vec<TocEntry>),
    /// Whole blocks inserted, deleted or moved in a redline (`rfx compare`).
    Revised {
        /// What happened to the blocks.
        revision: Revision,
        /// The blocks, as they read in the draft they come from.
        blocks: Vec<Block>,
    },
}

/// A tracked change in a redline: accepting every change yields the newer draft,
/// rejecting every change the older one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Revision {
    /// Only in the newer draft.
    Inserted,
    /// Only in the older draft.
    Deleted,
    /// The older place of moved content (rejecting keeps it here).
    MovedFrom,
    /// The newer place of moved content (accepting keeps it here).
    MovedTo,
}

impl Revision {
    /// Whether the content belongs to the newer draft (kept when changes are accepted).
    pub fn is_new(self) -> bool {
        matches!(self, Revision::Inserted | Revision::MovedTo)
    }
}

/// Character formatting a redline records when only the formatting of words changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Formatting {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Struck through.
    pub strike: bool,
    /// Monospace (inline code).
    pub code: bool,
}

/// A heading with its resolved number and anchor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// Level 1–6 (1 is a top-level section).
    pub level: u8,
    /// Resolved section number without trailing dot ("12.2"), if numbered.
    pub number: Option<String>,
    /// Anchor id used by cross-references and the table of contents.
    pub anchor: Option<String>,
    /// Whether this heading takes part in numbering (false for `{.unnumbered}`).
    pub numbered: bool,
    /// Heading text.
    pub content: Vec<Inline>,
    /// The clause version that produced this heading (`id@version`), if any.
    pub clause: Option<String>,
}

/// A list and its items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    /// `Some(start)` for an ordered list, `None` for bullets.
    pub start: Option<u64>,
    /// Each item is a sequence of blocks (usually one paragraph, maybe a nested list).
    pub items: Vec<Vec<Block>>,
}

/// A table: one header row, then body rows; every row has `alignments.len()` cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Column alignments.
    pub alignments: Vec<Align>,
    /// Header cells (one per column).
    pub header: Vec<Vec<Inline>>,
    /// Body rows; each row has one cell per column.
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// What the table is for, which decides the order its cells are read in.
    #[serde(skip_serializing_if = "TableKind::is_data")]
    pub kind: TableKind,
}

/// What a table is for. Every writer draws both kinds as a table; the kind decides
/// the reading order a tagged PDF gives assistive technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum TableKind {
    /// Data in rows and columns, read row by row.
    #[default]
    Data,
    /// A signature block: one column per party (its heading, such as "For Acme
    /// Ltd", then the lines that party signs and fills in), read party by party.
    /// Marked in Markdown by a `<!-- signatures -->` line before the table.
    Signatures,
}

impl TableKind {
    /// Whether this is an ordinary data table.
    pub fn is_data(&self) -> bool {
        *self == TableKind::Data
    }
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    /// Heading level (1–3 are listed).
    pub level: u8,
    /// Section number, if the heading is numbered.
    pub number: Option<String>,
    /// Plain heading text.
    pub title: String,
    /// Anchor of the heading.
    pub anchor: String,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Inline {
    /// Literal text (never interpreted).
    Text(String),
    /// Emphasis (italic).
    Emph(Vec<Inline>),
    /// Strong emphasis (bold).
    Strong(Vec<Inline>),
    /// Struck-through text.
    Strikethrough(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A hyperlink to an external URL or to `#anchor`.
    Link {
        /// Destination URL.
        url: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// A resolved cross-reference to a numbered section, e.g. text "clause 12.2".
    CrossRef {
        /// Anchor of the target heading.
        anchor: String,
        /// Text to show, already resolved ("clause 12.2").
        text: String,
    },
    /// A soft line break (a space when reflowed).
    SoftBreak,
    /// A hard line break.
    LineBreak,
    /// An image from the library, with its alternative text.
    Image(Image),
    /// A footnote: its mark sits here, its text at the foot of the page (PDF), in the
    /// footnotes part (DOCX) or after the document (Markdown).
    Footnote(Footnote),
    /// Words inserted, deleted or moved in a redline (`rfx compare`).
    Revised {
        /// What happened to the words.
        revision: Revision,
        /// The words.
        content: Vec<Inline>,
    },
    /// Words whose formatting alone changed in a redline; `content` is the newer form.
    Reformatted {
        /// The formatting the words had in the older draft.
        was: Formatting,
        /// The words as the newer draft formats them.
        content: Vec<Inline>,
    },
}

impl Inline {
    /// The inlines nested in this one (emphasis, strong, strike-through, link text,
    /// redline marks), if it has any; footnotes keep their text in blocks.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Link { content: c, .. }
            | Inline::Revised { content: c, .. }
            | Inline::Reformatted { content: c, .. } => Some(c),
            _ => None,
        }
    }

    /// [`Inline::children`], to change them.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Link { content: c, .. }
            | Inline::Revised { content: c, .. }
            | Inline::Reformatted { content: c, .. } => Some(c),
            _ => None,
        }
    }
}

/// A footnote's mark and text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    /// The mark, e.g. "3": decided by [`Document::resolve`] (notes are counted in
    /// reading order with [`Labels::footnotes`]).
    pub mark: String,
    /// The note's text (paragraphs, maybe a list; never another footnote).
    pub blocks: Vec<Block>,
}

impl Footnote {
    /// The note's words, paragraphs separated by a space (for comparing drafts).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            block.push_plain(&mut out);
        }
        out
    }
}

impl Inline {
    /// The plain text of a run of inlines (for TOC entries, bookmarks, properties).
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            inline.push_plain(&mut out);
        }
        out
    }

    fn push_plain(&self, out: &mut String) {
        match self {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                for i in c {
                    i.push_plain(out)
                }
            }
            Inline::Link { content, .. }
            | Inline::Revised { content, .. }
            | Inline::Reformatted { content, .. } => {
                for i in content {
                    i.push_plain(out)
                }
            }
            Inline::CrossRef { text, .. } => out.push_str(text),
            Inline::Image(image) => out.push_str(&image.alt),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
            // A note is not part of the sentence it annotates (TOC lines, bookmarks).
            Inline::Footnote(_) => {}
        }
    }
}

impl Block {
    /// Appends the words of the block (and of the blocks inside it), space-separated.
    fn push_plain(&self, out: &mut String) {
        let mut words = |inlines: &[Inline]| {
            if !out.is_empty() {
                out.push(' ');
            }
            for i in inlines {
                i.push_plain(out);
            }
        };
        match self {
            Block::Heading(h) => words(&h.content),
            Block::Paragraph(i) => words(i),
            Block::List(l) => l.items.iter().flatten().for_each(|b| b.push_plain(out)),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| words(c)),
            Block::BlockQuote(b) | Block::Revised { blocks: b, .. } => {
                b.iter().for_each(|b| b.push_plain(out))
            }
            Block::CodeBlock { text, .. } => words(&[Inline::Text(text.clone())]),
            Block::ThematicBreak | Block::PageBreak | Block::Toc(_) => {}
        }
    }

    /// Copies of `blocks` with every run of inline content marked as `revision`, for
    /// writers that show a whole inserted or deleted block through its words.
    pub fn mark_inlines(blocks: &[Block], revision: Revision) -> Vec<Block> {
        let mark = |inlines: &[Inline]| -> Vec<Inline> {
            if inlines.is_empty() {
                Vec::new()
            } else {
                vec![Inline::Revised {
                    revision,
                    content: inlines.to_vec(),
                }]
            }
        };
        blocks
            .iter()
            .map(|block| match block {
                Block::Heading(h) => Block::Heading(Heading {
                    content: mark(&h.content),
                    ..h.clone()
                }),
                Block::Paragraph(i) => Block::Paragraph(mark(i)),
                Block::List(l) => Block::List(List {
                    start: l.start,
                    items: l
                        .items
                        .iter()
                        .map(|item| Block::mark_inlines(item, revision))
                        .collect(),
                }),
                Block::Table(t) => Block::Table(Table {
                    alignments: t.alignments.clone(),
                    header: t.header.iter().map(|c| mark(c)).collect(),
                    rows: t
                        .rows
                        .iter()
                        .map(|r| r.iter().map(|c| mark(c)).collect())
                        .collect(),
                    kind: t.kind,
                }),
                Block::BlockQuote(b) => Block::BlockQuote(Block::mark_inlines(b, revision)),
                Block::CodeBlock { text, .. } => {
                    Block::Paragraph(mark(&[Inline::Code(text.clone())]))
                }
                Block::Revised { revision, blocks } => Block::Revised {
                    revision: *revision,
                    blocks: blocks.clone(),
                },
                other => other.clone(),
            })
            .collect()
    }
}

impl Document {
    /// The document with each heading's and contents entry's number written as its
    /// label ("Article 3"), for writers that print numbers as text; borrowed as it is
    /// when the label scheme words no heading level.
    pub fn with_heading_labels(&self) -> std::borrow::Cow<'_, Document> {
        if self.meta.labels.headings.iter().all(String::is_empty) {
            return std::borrow::Cow::Borrowed(self);
        }
        fn relabel(blocks: &mut [Block], labels: &Labels) {
            for block in blocks {
                match block {
                    Block::Heading(h) => {
                        h.number = h.number.take().map(|n| labels.heading(h.level, &n));
                    }
                    Block::Toc(entries) => {
                        for e in entries {
                            e.number = e.number.take().map(|n| labels.heading(e.level, &n));
                        }
                    }
                    Block::List(l) => l.items.iter_mut().for_each(|b| relabel(b, labels)),
                    Block::BlockQuote(b) | Block::Revised { blocks: b, .. } => relabel(b, labels),
                    _ => {}
                }
            }
        }
        let mut doc = self.clone();
        relabel(&mut doc.blocks, &self.meta.labels);
        std::borrow::Cow::Owned(doc)
    }
}

impl Heading {
    /// Heading text prefixed with its number, e.g. "12.2 Cap on liability".
    pub fn numbered_title(&self) -> String {
        let text = Inline::plain_text(&self.content);
        match &self.number {
            Some(n) => format!("{n} {text}"),
            None => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_write_numbers_as_word_does() {
        let write = |c: Counter, ns: &[u64]| ns.iter().map(|&n| c.format(n)).collect::<Vec<_>>();
        assert_eq!(write(Counter::Decimal, &[1, 10]), ["1", "10"]);
        assert_eq!(
            write(Counter::LowerLetter, &[1, 26, 27, 53]),
            ["a", "z", "aa", "aaa"]
        );
        assert_eq!(write(Counter::UpperLetter, &[2]), ["B"]);
        assert_eq!(
            write(Counter::LowerRoman, &[1, 4, 9, 14, 40, 1994]),
            ["i", "iv", "ix", "xiv", "xl", "mcmxciv"]
        );
        assert_eq!(write(Counter::UpperRoman, &[3, 0]), ["III", "0"]);
    }

    #[test]
    fn list_labels_follow_the_levels_and_repeat() {
        let labels = Labels::default();
        let ordered: Vec<String> = (0..4).map(|d| labels.list_item(d, true, 2)).collect();
        assert_eq!(ordered, ["2.", "(b)", "(ii)", "2."]);
        let bullets: Vec<String> = (0..3).map(|d| labels.list_item(d, false, 1)).collect();
        assert_eq!(bullets, ["\u{2022}", "\u{25E6}", "\u{25AA}"]);
        // Word has nine levels: deeper lists are labelled as the ninth.
        assert_eq!(labels.list_item(20, true, 1), labels.list_item(8, true, 1));
        let empty = Labels {
            list_levels: Vec::new(),
            ..Labels::default()
        };
        assert_eq!(empty.list_item(1, true, 1), "(a)");
    }
}
