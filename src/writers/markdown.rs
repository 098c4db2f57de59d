//! Markdown writer: clean CommonMark (with tables) for reviewers who diff drafts.
//!
//! Metadata goes into a YAML front-matter block, headings carry their numbers and an
//! `<a id>` anchor, cross-references become `[clause 12.2](#anchor)` links, and the
//! table of contents sits between `<!-- toc -->` comments, and footnotes are `[^3]`
//! references with their `[^3]: …` definitions after the content. Ordered lists keep
//! CommonMark's `1.` markers (Markdown has no lettered lists): the item number is
//! the fact, [`crate::doc::Labels`] how paged formats print it. `rfx render` reads all of
//! this back ([`crate::markdown::parse`]), so an edited draft renumbers correctly.

use crate::doc::{
    Align, Block, Document, Footnote, Inline, List, Paper, Table, TableKind, TocEntry,
};
use crate::writers::WriteOptions;

/// Writes `doc` as CommonMark.
pub fn write(doc: &Document, _options: &WriteOptions) -> Vec<u8> {
    let doc = &*doc.with_heading_labels();
    let mut out = String::with_capacity(16 * 1024);
    front_matter(doc, &mut out);
    if let Some(marking) = doc.meta.marking.as_deref() {
        out.push_str(&format!(
            "\n> **{}**\n",
            escape(marking, Context::Paragraph, false)
        ));
    }
    for block in &doc.blocks {
        out.push('\n');
        write_block(block, &mut out);
    }
    write_footnotes(&doc.blocks, &mut out);
    out.into_bytes()
}

#[derive(serde::Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    paper: &'a str,
    numbered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    marking: Option<&'a str>,
    /// Words before heading numbers per level ("Article "), so a re-read draft
    /// knows what to strip.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    heading_labels: &'a [String],
}

fn front_matter(doc: &Document, out: &mut String) {
    let m = &doc.meta;
    let fm = FrontMatter {
        title: &m.title,
        subtitle: m.subtitle.as_deref(),
        reference: m.reference.as_deref(),
        author: m.author.as_deref(),
        kind: m.kind.map(|k| k.as_str()),
        subject: m.subject.as_deref(),
        keywords: &m.keywords,
        language: m.language.as_deref(),
        paper: match m.paper {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        },
        numbered: true,
        marking: m.marking.as_deref(),
        heading_labels: &m.labels.headings,
    };
    out.push_str("---\n");
    // Serialising a struct of strings cannot fail.
    out.push_str(&serde_yaml::to_string(&fm).unwrap_or_default());
    out.push_str("---\n");
}

fn write_block(block: &Block, out: &mut String) {
    match block {
        Block::Heading(h) => {
            out.push_str(&"#".repeat(usize::from(h.level.clamp(1, 6))));
            out.push(' ');
            if let Some(n) = &h.number {
                out.push_str(n);
                out.push(' ');
            }
            let mut text = String::new();
            write_inlines(&h.content, &mut text, Context::Heading);
            out.push_str(&text);
            match (&h.anchor, h.numbered) {
                (Some(anchor), true) => out.push_str(&format!(" <a id=\"{anchor}\"></a>")),
                (Some(anchor), false) => {
                    out.push_str(&format!(" <a id=\"{anchor}\" class=\"unnumbered\"></a>"))
                }
                (None, _) => {}
            }
            out.push('\n');
        }
        Block::Paragraph(inlines) => {
            write_inlines(inlines, out, Context::Paragraph);
            out.push('\n');
        }
        Block::List(list) => write_list(list, out),
        Block::Table(table) => {
            // Read back as a signature block (see `markdown`).
            if table.kind == TableKind::Signatures {
                out.push_str("<!-- signatures -->\n\n");
            }
            write_table(table, out)
        }
        Block::BlockQuote(blocks) => {
            let mut inner = String::new();
            for (i, b) in blocks.iter().enumerate() {
                if i > 0 {
                    inner.push('\n');
                }
                write_block(b, &mut inner);
            }
            for line in inner.lines() {
                out.push_str(if line.is_empty() { ">" } else { "> " });
                out.push_str(line);
                out.push('\n');
            }
        }
        Block::CodeBlock { lang, text } => {
            let longest = longest_run(text, '`');
            let fence = "`".repeat(longest.max(2) + 1);
            out.push_str(&fence);
            if let Some(lang) = lang {
                out.push_str(lang);
            }
            out.push('\n');
            out.push_str(text);
            if !text.is_empty() {
                out.push('\n');
            }
            out.push_str(&fence);
            out.push('\n');
        }
        Block::ThematicBreak => out.push_str("---\n"),
        Block::PageBreak => out.push_str("<!-- pagebreak -->\n"),
        Block::Toc(entries) => write_toc(entries, out),
        Block::Revised { revision, blocks } => {
            for (i, b) in Block::mark_inlines(blocks, *revision).iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                write_block(b, out);
            }
        }
    }
}

fn write_toc(entries: &[TocEntry], out: &mut String) {
    out.push_str("<!-- toc -->\n\n");
    let top = entries.iter().map(|e| e.level).min().unwrap_or(1);
    for e in entries {
        out.push_str(&"  ".repeat(usize::from(e.level - top)));
        out.push_str("- [");
        if let Some(n) = &e.number {
            out.push_str(n);
            out.push(' ');
        }
        out.push_str(&escape(&e.title, Context::Paragraph, true));
        out.push_str("](#");
        out.push_str(&e.anchor);
        out.push_str(")\n");
    }
    out.push_str("\n<!-- /toc -->\n");
}

fn write_list(list: &List, out: &mut String) {
    let loose = list
        .items
        .iter()
        .any(|item| item.iter().filter(|b| !matches!(b, Block::List(_))).count() > 1);
    for (i, item) in list.items.iter().enumerate() {
        if i > 0 && loose {
            out.push('\n');
        }
        let bullet = match list.start {
            Some(start) => format!("{}. ", start + i as u64),
            None => "- ".to_string(),
        };
        let indent = " ".repeat(bullet.len());
        let mut body = String::new();
        for (j, block) in item.iter().enumerate() {
            if j > 0 && (loose || !matches!(block, Block::List(_))) {
                body.push('\n');
            }
            write_block(block, &mut body);
        }
        if item.is_empty() {
            body.push('\n');
        }
        for (k, line) in body.lines().enumerate() {
            if k == 0 {
                out.push_str(&bullet);
            } else if !line.is_empty() {
                out.push_str(&indent);
            }
            out.push_str(line);
            out.push('\n');
        }
    }
}

fn write_table(table: &Table, out: &mut String) {
    let cells = |row: &[Vec<Inline>]| -> Vec<String> {
        row.iter()
            .map(|c| {
                let mut s = String::new();
                write_inlines(c, &mut s, Context::Cell);
                s
            })
            .collect()
    };
    let header = cells(&table.header);
    let rows: Vec<Vec<String>> = table.rows.iter().map(|r| cells(r)).collect();
    let line = |cells: &[String], out: &mut String| {
        out.push('|');
        for c in cells {
            out.push(' ');
            out.push_str(c);
            out.push_str(" |");
        }
        out.push('\n');
    };
    line(&header, out);
    out.push('|');
    for a in &table.alignments {
        out.push_str(match a {
            Align::None => " --- |",
            Align::Left => " :-- |",
            Align::Center => " :-: |",
            Align::Right => " --: |",
        });
    }
    out.push('\n');
    for row in &rows {
        line(row, out);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Paragraph,
    Heading,
    Cell,
}

fn write_inlines(inlines: &[Inline], out: &mut String, ctx: Context) {
    let mut line_start = true;
    for inline in inlines {
        write_inline(inline, out, ctx, line_start);
        line_start =
            matches!(inline, Inline::SoftBreak | Inline::LineBreak) && ctx == Context::Paragraph;
    }
}

fn write_inline(inline: &Inline, out: &mut String, ctx: Context, line_start: bool) {
    match inline {
        Inline::Text(t) => out.push_str(&escape(t, ctx, line_start)),
        Inline::Emph(c) => wrap("*", c, out, ctx),
        Inline::Strong(c) => wrap("**", c, out, ctx),
        Inline::Strikethrough(c) => wrap("~~", c, out, ctx),
        Inline::Code(code) => {
            let ticks = "`".repeat(longest_run(code, '`') + 1);
            let pad = if code.starts_with('`') || code.ends_with('`') {
                " "
            } else {
                ""
            };
            let code = if ctx == Context::Cell {
                code.replace('|', "\\|")
            } else {
                code.clone()
            };
            out.push_str(&format!("{ticks}{pad}{code}{pad}{ticks}"));
        }
        Inline::Link { url, content } => {
            out.push('[');
            write_inlines(content, out, ctx);
            out.push_str("](");
            out.push_str(&link_destination(url));
            out.push(')');
        }
        Inline::CrossRef { anchor, text } => {
            out.push('[');
            out.push_str(&escape(text, ctx, false));
            out.push_str("](#");
            out.push_str(anchor);
            out.push(')');
        }
        // The reference stays a reference: the file is the library's, not copied.
        Inline::Image(image) => {
            out.push_str("![");
            out.push_str(&escape(&image.alt, ctx, false));
            out.push_str("](");
            out.push_str(&link_destination(&image.source));
            out.push(')');
        }
        // HTML `ins` and `del` render underlined and struck through in Markdown viewers.
        Inline::Revised { revision, content } => {
            let tag = if revision.is_new() { "ins" } else { "del" };
            out.push_str(&format!("<{tag}>"));
            write_inlines(content, out, ctx);
            out.push_str(&format!("</{tag}>"));
        }
        Inline::Reformatted { content, .. } => write_inlines(content, out, ctx),
        Inline::Footnote(note) => {
            out.push_str("[^");
            out.push_str(&note.mark);
            out.push(']');
        }
        Inline::SoftBreak => out.push(if ctx == Context::Paragraph { '\n' } else { ' ' }),
        Inline::LineBreak => out.push_str(if ctx == Context::Paragraph {
            "\\\n"
        } else {
            " "
        }),
    }
}

/// The definitions of every footnote in `blocks`, in reading order (the order their
/// references were written in).
fn write_footnotes(blocks: &[Block], out: &mut String) {
    let mut notes = Vec::new();
    for block in blocks {
        collect_footnotes(block, &mut notes);
    }
    for note in notes {
        let mut body = String::new();
        for (i, block) in note.blocks.iter().enumerate() {
            if i > 0 {
                body.push('\n');
            }
            write_block(block, &mut body);
        }
        out.push_str(&format!("\n[^{}]:", note.mark));
        for (k, line) in body.lines().enumerate() {
            if k == 0 {
                out.push(' ');
            } else if !line.is_empty() {
                out.push_str("    ");
            }
            out.push_str(line);
            out.push('\n');
        }
        if body.is_empty() {
            out.push('\n');
        }
    }
}

fn collect_footnotes<'a>(block: &'a Block, notes: &mut Vec<&'a Footnote>) {
    fn inlines<'a>(list: &'a [Inline], notes: &mut Vec<&'a Footnote>) {
        for inline in list {
            match inline {
                Inline::Footnote(note) => notes.push(note),
                other => {
                    if let Some(c) = other.children() {
                        inlines(c, notes);
                    }
                }
            }
        }
    }
    match block {
        Block::Heading(h) => inlines(&h.content, notes),
        Block::Paragraph(i) => inlines(i, notes),
        Block::List(l) => l
            .items
            .iter()
            .flatten()
            .for_each(|b| collect_footnotes(b, notes)),
        Block::Table(t) => t
            .header
            .iter()
            .chain(t.rows.iter().flatten())
            .for_each(|c| inlines(c, notes)),
        Block::BlockQuote(b) | Block::Revised { blocks: b, .. } => {
            b.iter().for_each(|b| collect_footnotes(b, notes))
        }
        Block::CodeBlock { .. } | Block::ThematicBreak | Block::PageBreak | Block::Toc(_) => {}
    }
}

fn wrap(delim: &str, content: &[Inline], out: &mut String, ctx: Context) {
    out.push_str(delim);
    write_inlines(content, out, ctx);
    out.push_str(delim);
}

fn link_destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Escapes text so CommonMark reads it back as the same literal characters, while
/// leaving ordinary prose (ampersands, hyphens, full stops) readable.
fn escape(text: &str, ctx: Context, line_start: bool) -> String {
    let single_line = ctx != Context::Paragraph;
    if needs_no_escape(text, single_line, line_start) {
        return text.to_string();
    }
    escape_each(text, single_line, line_start)
}

/// [`escape`] character by character.
fn escape_each(text: &str, single_line: bool, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    // Whether every character before this one is an ASCII digit.
    let mut digits_only = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let at_start = prev.is_none() && line_start;
        let needs = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' | '|' | '{' | '}' => true,
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '&' => next.is_some_and(|n| n == '#' || n.is_ascii_alphanumeric()),
            '!' => next == Some('['),
            '#' | '>' | '+' | '=' => at_start,
            '-' => at_start,
            // "1. " at the start of a line would begin a list.
            '.' | ')' => line_start && digits_only && prev.is_some(),
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        // Headings and cells are single lines.
        out.push(if single_line && c == '\n' { ' ' } else { c });
        digits_only &= c.is_ascii_digit();
        prev = Some(c);
    }
    out
}

/// Whether [`escape`] would return `text` as it is: no character that is Markdown
/// anywhere, no line end in a single-line context, and no start that begins a
/// heading, quote, list or thematic break (every such character is ASCII, so bytes
/// suffice). Most text takes this path.
fn needs_no_escape(text: &str, single_line: bool, line_start: bool) -> bool {
    let anywhere = |b: u8| {
        matches!(
            b,
            b'\\'
                | b'`'
                | b'*'
                | b'['
                | b']'
                | b'<'
                | b'~'
                | b'|'
                | b'{'
                | b'}'
                | b'_'
                | b'&'
                | b'!'
        ) || (single_line && b == b'\n')
    };
    if text.bytes().any(anywhere) {
        return false;
    }
    // `#`, `>`, `+`, `=` and `-` matter first on a line, `.` and `)` after a number
    // that starts one.
    !(line_start
        && text
            .bytes()
            .next()
            .is_some_and(|b| matches!(b, b'#' | b'>' | b'+' | b'=' | b'-') || b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Heading, Meta};
    use crate::markdown::parse;
    use crate::resolve::ResolveOptions;

    fn roundtrip(doc: &Document) -> Document {
        let md = String::from_utf8(write(doc, &WriteOptions::default())).unwrap();
        let mut back = parse(&md);
        back.resolve(&ResolveOptions::default());
        back
    }

    #[test]
    fn literal_text_survives_a_round_trip() {
        let nasty = [
            "{{ 7*7 }}",
            "{% include \"x\" %}",
            "# Heading",
            "**bold**",
            "[x](javascript:alert(1))",
            "<script>alert(1)</script>",
            "| a | b |",
            "1. not a list",
            "- not a bullet",
            "&amp; stays",
            "snake_case and _emph_",
            "Müller & Söhne GmbH",
        ];
        for s in nasty {
            let doc = Document {
                meta: Meta::default(),
                blocks: vec![Block::Paragraph(vec![Inline::Text(s.into())])],
            };
            assert_eq!(roundtrip(&doc).blocks, doc.blocks, "for {s:?}");
        }
    }

    #[test]
    fn headings_toc_and_refs_round_trip() {
        let mut doc = parse(&format!(
            "{}\n\n# Scope {{#scope}}\n\n## Detail\n\nSee {}.\n",
            crate::markdown::marker::toc(),
            crate::markdown::marker::cross_ref("scope", "clause")
        ));
        doc.meta.title = "Test: a \"quoted\" title".into();
        doc.resolve(&ResolveOptions::default());
        let md = String::from_utf8(write(&doc, &WriteOptions::default())).unwrap();
        assert!(md.contains("# 1 Scope <a id=\"scope\"></a>\n"), "{md}");
        assert!(md.contains("## 1.1 Detail <a id=\"detail\"></a>\n"));
        assert!(md.contains("- [1 Scope](#scope)\n  - [1.1 Detail](#detail)\n"));
        assert!(md.contains("See [clause 1](#scope)."));
        let back = roundtrip(&doc);
        assert_eq!(back, doc);
    }

    #[test]
    fn tables_and_lists_round_trip() {
        let doc = parse(
            "| Item | Qty |\n|:--|--:|\n| a \\| b | 2 |\n\n1. one\n2. two\n   - x\n   - y\n\n> quoted\n\n```\ncode ``` here\n```\n",
        );
        let mut doc = doc;
        doc.resolve(&ResolveOptions::default());
        assert_eq!(roundtrip(&doc).blocks, doc.blocks);
    }

    #[test]
    fn footnotes_round_trip_with_their_marks() {
        let mut doc = parse(
            "# Terms\n\nCapped[^cap] and excluded.[^x]\n\n| a |\n|---|\n| b[^t] |\n\n\
             [^cap]: The cap, see [the portal](https://example.com).\n\n    \
             Second paragraph.\n[^x]: Fraud.\n[^t]: In a cell.\n",
        );
        doc.resolve(&ResolveOptions::default());
        let md = String::from_utf8(write(&doc, &WriteOptions::default())).unwrap();
        assert!(md.contains("Capped[^1] and excluded.[^2]"), "{md}");
        assert!(md.contains("| b[^3] |"), "{md}");
        assert!(
            md.ends_with(
                "\n[^1]: The cap, see [the portal](https://example.com).\n\n    \
                 Second paragraph.\n\n[^2]: Fraud.\n\n[^3]: In a cell.\n"
            ),
            "{md}"
        );
        let back = roundtrip(&doc);
        assert_eq!(back.blocks, doc.blocks);
        assert_eq!(
            String::from_utf8(write(&back, &WriteOptions::default())).unwrap(),
            md
        );
    }

    #[test]
    fn heading_numbers_are_not_duplicated_on_reread() {
        let doc = Document {
            meta: Meta::default(),
            blocks: vec![Block::Heading(Heading {
                level: 1,
                number: Some("1".into()),
                anchor: Some("a".into()),
                numbered: true,
                content: vec![Inline::Text("2024 budget".into())],
                clause: None,
            })],
        };
        assert_eq!(roundtrip(&doc), doc);
    }

    /// Awkward CommonMark converts without panicking, and writing is idempotent:
    /// rendering a rendered draft changes nothing.
    #[test]
    fn awkward_commonmark_renders_idempotently() {
        let inputs = [
            "- # heading in a list\n- > quote in a list\n  > more\n- ```\n  code in a list\n  ```\n",
            "> | a | b |\n> |---|---|\n> | 1 | 2 |\n",
            "1. one\n\n   para two\n\n   - nested\n\n     deeper para\n2. two\n",
            "Setext\n======\n\nSub\n---\n",
            "- \n- empty item above\n",
            "[link](https://example.org \"title\") ![img](x.png) <https://auto.example> &amp; &copy;\n",
            "***strong emph*** and *nested **strong** inside*\n",
            "line one  \nline two\\\nline three\n",
            "- [ ] task\n- [x] done\n",
            "<div>\n*not emphasis*\n</div>\n\n<!-- toc -->\n\ntrailing\n",
            "```\nunclosed fence\n",
            "| only | header |\n|---|---|\n",
            "text[^1]\n\n[^1]: a note\n",
            "5) paren list\n6) second\n",
            "   indented three\n\n    indented code\n",
            "# A {#dup}\n# B {#dup}\n\nSee [x](#dup) and [y](#missing).\n",
            "\\* not a bullet\n\n\\# not a heading\n\n2024\\. not a list\n",
            "Tab\there and trailing spaces   \n",
            "<!-- pagebreak -->\n\n***\n\n---\n",
        ];
        for input in inputs {
            let mut doc = parse(input);
            doc.resolve(&ResolveOptions::default());
            let once = String::from_utf8(write(&doc, &WriteOptions::default())).unwrap();
            let mut again = parse(&once);
            again.resolve(&ResolveOptions::default());
            let twice = String::from_utf8(write(&again, &WriteOptions::default())).unwrap();
            assert_eq!(once, twice, "not idempotent for {input:?}");
        }
    }

    /// The shortcut leaves alone only what the character-by-character escape would.
    #[test]
    fn text_that_needs_no_escape_is_what_escaping_gives_back() {
        let alphabet = [
            'a', '1', ' ', '\n', '.', ')', '-', '#', '_', '&', '!', '[', 'é', '9',
        ];
        let mut shortcuts = 0;
        for n in 0..alphabet.len().pow(4) {
            let mut text = String::new();
            let mut k = n;
            for _ in 0..4 {
                text.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            for single_line in [false, true] {
                for line_start in [false, true] {
                    if needs_no_escape(&text, single_line, line_start) {
                        shortcuts += 1;
                        assert_eq!(escape_each(&text, single_line, line_start), text);
                    }
                }
            }
        }
        assert!(shortcuts > 10_000, "{shortcuts}");
    }
}
