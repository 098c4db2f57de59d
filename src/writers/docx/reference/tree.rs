//! A small element tree for the parts of a reference document: read with quick-xml,
//! changed in place (style ids, numbering ids, inserted properties), written back.
//!
//! Names are kept as written (`w:style`); comments and processing instructions are
//! dropped; text is kept. The reference document is untrusted, so nesting is bounded.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::writers::docx::xml::push_escaped;

/// Deepest element nesting accepted (Word's parts stay far below it).
const MAX_DEPTH: usize = 256;

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data (unescaped).
    Text(String),
}

/// An element with its attributes (as written) and children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Qualified name, e.g. `w:style`.
    pub name: String,
    /// `(qualified name, unescaped value)` in document order.
    pub attrs: Vec<(String, String)>,
    /// Child nodes in document order.
    pub children: Vec<Node>,
}

/// Why a part is not well-formed XML: what and at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the part.
    pub offset: usize,
    /// What the reader expected.
    pub message: String,
}

impl Element {
    /// An element without attributes or children.
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// The element with one more attribute.
    pub fn with_attr(mut self, key: &str, value: &str) -> Element {
        self.attrs.push((key.to_string(), value.to_string()));
        self
    }

    /// The element with one more child element.
    pub fn with_child(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    /// The value of attribute `key`.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets attribute `key` (replacing its value, or adding it).
    pub fn set_attr(&mut self, key: &str, value: &str) {
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value.to_string(),
            None => self.attrs.push((key.to_string(), value.to_string())),
        }
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Child elements, mutable.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first child element called `name`, mutable.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// Removes the child elements for which `drop` holds.
    pub fn remove_children(&mut self, mut drop: impl FnMut(&Element) -> bool) {
        self.children.retain(|n| match n {
            Node::Element(e) => !drop(e),
            Node::Text(_) => true,
        });
    }

    /// Inserts `child` before the first child element whose name is not in `before`
    /// (the children the schema puts ahead of it), else at the end.
    pub fn insert_in_order(&mut self, child: Element, before: &[&str]) {
        let at = self
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if !before.contains(&e.name.as_str())))
            .unwrap_or(self.children.len());
        self.children.insert(at, Node::Element(child));
    }

    /// Puts the child elements named in `order` into that order (a stable sort;
    /// children not named keep their place after them), as the schema wants them.
    pub fn sort_children(&mut self, order: &[&str]) {
        let rank = |n: &Node| match n {
            Node::Element(e) => order
                .iter()
                .position(|o| *o == e.name)
                .unwrap_or(order.len()),
            Node::Text(_) => order.len(),
        };
        self.children.sort_by_key(rank);
    }

    /// Calls `f` on this element and every element below it, parents first.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Element)) {
        f(self);
        for child in self.elements_mut() {
            child.walk_mut(f);
        }
    }

    /// Appends the element as XML.
    pub fn write(&self, out: &mut String) {
        if self.children.is_empty() {
            self.push_tag(out, "/>");
            return;
        }
        self.write_start(out);
        self.write_children(out);
        self.write_close(out);
    }

    /// Appends the start tag.
    pub fn write_start(&self, out: &mut String) {
        self.push_tag(out, ">");
    }

    fn push_tag(&self, out: &mut String, end: &str) {
        out.push('<');
        out.push_str(&self.name);
        for (key, value) in &self.attrs {
            out.push(' ');
            out.push_str(key);
            out.push_str("=\"");
            push_escaped(out, value, true);
            out.push('"');
        }
        out.push_str(end);
    }

    /// Appends the children as XML.
    pub fn write_children(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Node::Element(e) => e.write(out),
                Node::Text(t) => push_text(out, t),
            }
        }
    }

    /// Appends the end tag.
    pub fn write_close(&self, out: &mut String) {
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }

    /// The element as a part: XML declaration, then the element.
    pub fn to_part(&self) -> String {
        let mut out = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n"
        ));
        self.write(&mut out);
        out
    }
}

/// Text content: `&`, `<`, `>` escaped; tabs and line ends kept (they are data here).
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

fn element(e: &BytesStart, reader: &Reader<&[u8]>) -> Result<Element, SyntaxError> {
    let at = |message: String| SyntaxError {
        offset: reader.buffer_position() as usize,
        message,
    };
    let name = std::str::from_utf8(e.name().as_ref())
        .map_err(|e| at(e.to_string()))?
        .to_string();
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|e| at(e.to_string()))?;
        let key = std::str::from_utf8(attr.key.as_ref())
            .map_err(|e| at(e.to_string()))?
            .to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| at(e.to_string()))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// Parses `xml` into its root element.
pub fn parse(xml: &str) -> Result<Element, SyntaxError> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|e| SyntaxError {
            offset: reader.error_position() as usize,
            message: e.to_string(),
        })?;
        let at = |message: &str| SyntaxError {
            offset: reader.buffer_position() as usize,
            message: message.to_string(),
        };
        let text = match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(at("elements nested too deeply"));
                }
                stack.push(element(&e, &reader)?);
                continue;
            }
            Event::Empty(e) => {
                let el = element(&e, &reader)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err(at("a second root element")),
                }
                continue;
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| at("an end tag without start"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err(at("a second root element")),
                }
                continue;
            }
            Event::Text(t) => t
                .xml10_content()
                .map_err(|e| at(&e.to_string()))?
                .into_owned(),
            Event::CData(t) => t.decode().map_err(|e| at(&e.to_string()))?.into_owned(),
            Event::GeneralRef(r) => match r.resolve_char_ref().map_err(|e| at(&e.to_string()))? {
                Some(c) => c.to_string(),
                None => match &*r {
                    b"amp" => "&".into(),
                    b"lt" => "<".into(),
                    b"gt" => ">".into(),
                    b"quot" => "\"".into(),
                    b"apos" => "'".into(),
                    _ => return Err(at("an unknown entity")),
                },
            },
            Event::Eof => break,
            Event::DocType(_) => return Err(at("a document type declaration")),
            _ => continue,
        };
        if let Some(parent) = stack.last_mut() {
            match parent.children.last_mut() {
                Some(Node::Text(t)) => t.push_str(&text),
                _ => parent.children.push(Node::Text(text)),
            }
        }
    }
    if !stack.is_empty() {
        return Err(SyntaxError {
            offset: xml.len(),
            message: format!("`{}` is not closed", stack[stack.len() - 1].name),
        });
    }
    root.ok_or(SyntaxError {
        offset: 0,
        message: "no root element".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_attributes_text_and_entities() {
        let xml =
            r#"<w:a x="1 &amp; 2"><w:b/><w:t xml:space="preserve"> a&lt;b &#x41;</w:t></w:a>"#;
        let root = parse(xml).unwrap();
        assert_eq!(root.attr("x"), Some("1 & 2"));
        let mut out = String::new();
        root.write(&mut out);
        assert_eq!(
            out,
            r#"<w:a x="1 &amp; 2"><w:b/><w:t xml:space="preserve"> a&lt;b A</w:t></w:a>"#
        );
    }

    #[test]
    fn rejects_malformed_and_deep_input() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").unwrap_err().message.contains("not closed"));
        assert!(parse("").is_err());
        assert!(parse("<a/><b/>").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("deeply"));
        assert!(parse(r#"<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#).is_err());
    }

    #[test]
    fn inserts_children_in_schema_order() {
        let mut p = parse("<w:pPr><w:keepNext/><w:spacing/></w:pPr>").unwrap();
        p.insert_in_order(Element::new("w:numPr"), &["w:pStyle", "w:keepNext"]);
        let mut out = String::new();
        p.write(&mut out);
        assert_eq!(out, "<w:pPr><w:keepNext/><w:numPr/><w:spacing/></w:pPr>");
        let mut lvl = parse("<w:lvl><w:pStyle/><w:numFmt/><w:x/><w:start/></w:lvl>").unwrap();
        lvl.sort_children(&["w:start", "w:numFmt", "w:pStyle"]);
        let mut out = String::new();
        lvl.write(&mut out);
        assert_eq!(out, "<w:lvl><w:start/><w:numFmt/><w:pStyle/><w:x/></w:lvl>");
    }
}
