//! The page style a theme sets on the model: colours, margins, the running header and
//! footer, and the logo. `Style::default()` is the house style (every field "as the
//! writer has always drawn it"), so a document without a theme looks as it always did.

use super::image::Image;
use serde::Serialize;

/// An sRGB colour, 8 bits a component (`#1F3864`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Six upper-case hex digits, as Word writes colours (`1F3864`).
    pub fn hex(self) -> String {
        format!("{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// Components from 0 to 1, as PDF content streams take them.
    pub fn unit(self) -> [f32; 3] {
        [self.0, self.1, self.2].map(|c| f32::from(c) / 255.0)
    }
}

/// Colours a theme may set; `None` keeps the writer's house colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Colours {
    /// Headings and the title.
    pub headings: Option<Rgb>,
    /// Rules: the running header's rule, thematic breaks, the footnote separator.
    pub rules: Option<Rgb>,
    /// The shading of table header rows.
    pub table_header: Option<Rgb>,
    /// Hyperlinks and cross-references.
    pub links: Option<Rgb>,
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Margins {
    /// Top (the running header sits above it).
    pub top: f32,
    /// Bottom (the footer sits below it).
    pub bottom: f32,
    /// Left.
    pub left: f32,
    /// Right.
    pub right: f32,
}

/// What one place of the running header or footer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Slot {
    /// Nothing.
    #[default]
    Empty,
    /// The document title.
    Title,
    /// The document reference.
    Reference,
    /// The page counter in the document's words ("Page 3 of 9").
    Page,
    /// The theme's logo (if it has one).
    Logo,
}

/// The three places of a running header or footer line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Line {
    /// At the left margin.
    pub left: Slot,
    /// Centred.
    pub center: Slot,
    /// At the right margin.
    pub right: Slot,
}

impl Line {
    /// The slots, left to right.
    pub fn slots(&self) -> [Slot; 3] {
        [self.left, self.center, self.right]
    }

    /// Whether any place shows `slot`.
    pub fn shows(&self, slot: Slot) -> bool {
        self.slots().contains(&slot)
    }
}

/// Where the marking ("Draft for tender — subject to contract") is printed. It is
/// printed on every page either way: a theme can move it, not drop it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum MarkingPlace {
    /// Centred above the running header (and at the top of the cover).
    #[default]
    Header,
    /// Centred above the running footer.
    Footer,
}

/// The page style of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Style {
    /// Colours.
    pub colours: Colours,
    /// Page margins; `None` keeps each writer's house margins.
    pub margins: Option<Margins>,
    /// The running header (not on the cover page).
    pub header: Line,
    /// The running footer (every page).
    pub footer: Line,
    /// Where the marking goes.
    pub marking: MarkingPlace,
    /// The logo, drawn at the top of the cover and wherever a slot shows it.
    pub logo: Option<Image>,
}

impl Default for Style {
    /// The house style: title left and reference right in the header, the page
    /// counter centred in the footer, no logo.
    fn default() -> Style {
        Style {
            colours: Colours::default(),
            margins: None,
            header: Line {
                left: Slot::Title,
                center: Slot::Empty,
                right: Slot::Reference,
            },
            footer: Line {
                left: Slot::Empty,
                center: Slot::Page,
                right: Slot::Empty,
            },
            marking: MarkingPlace::Header,
            logo: None,
        }
    }
}
