//! The word diff inside two matched blocks: inline content becomes words with their
//! formatting, `similar` aligns the words, and the result is rebuilt as inlines with
//! [`Inline::Revised`] and [`Inline::Reformatted`] marks.

use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::doc::{Formatting, Inline, Revision};

/// What a word is besides its text: formatting, and the link or cross-reference it
/// belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Look {
    format: Formatting,
    link: Option<String>,
}

/// One word, one stretch of white space, one line break, one cross-reference or one
/// footnote.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    /// The text compared (a cross-reference compares by its target and text).
    key: String,
    kind: TokenKind,
    look: Look,
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Word,
    Space,
    LineBreak,
    CrossRef {
        anchor: String,
        text: String,
    },
    /// A footnote compares by its whole text: a changed note is deleted and inserted.
    Footnote(crate::doc::Footnote),
    /// An image compares by its file and alternative text.
    Image(crate::doc::Image),
}

/// The result of a word diff.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WordDiff {
    /// The merged content: unchanged, inserted, deleted and reformatted words.
    pub inlines: Vec<Inline>,
    /// Words only in the newer content.
    pub added: usize,
    /// Words only in the older content.
    pub removed: usize,
    /// Words whose formatting alone changed.
    pub reformatted: usize,
}

impl WordDiff {
    /// Whether the two contents read and look the same.
    pub fn is_unchanged(&self) -> bool {
        self.added == 0 && self.removed == 0 && self.reformatted == 0
    }
}

/// Diffs two runs of inline content word by word.
pub fn diff(old: &[Inline], new: &[Inline]) -> WordDiff {
    let old = tokens(old);
    let new = tokens(new);
    let old_keys: Vec<&str> = old.iter().map(|t| t.key.as_str()).collect();
    let new_keys: Vec<&str> = new.iter().map(|t| t.key.as_str()).collect();
    let mut out = WordDiff::default();
    let mut pieces: Vec<(Piece, &Token)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                for (a, b) in old[o].iter().zip(&new[n]) {
                    if a.look.format != b.look.format && b.kind == TokenKind::Word {
                        out.reformatted += 1;
                        pieces.push((Piece::Reformatted(a.look.format), b));
                    } else {
                        pieces.push((Piece::Same, b));
                    }
                }
            }
            DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                for t in &old[o] {
                    out.removed += usize::from(t.kind != TokenKind::Space);
                    pieces.push((Piece::Changed(Revision::Deleted), t));
                }
                for t in &new[n] {
                    out.added += usize::from(t.kind != TokenKind::Space);
                    pieces.push((Piece::Changed(Revision::Inserted), t));
                }
            }
        }
    }
    out.inlines = rebuild(&pieces);
    out
}

/// How a token ends up in the merged content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Same,
    Changed(Revision),
    Reformatted(Formatting),
}

fn tokens(inlines: &[Inline]) -> Vec<Token> {
    let mut out = Vec::new();
    push_tokens(inlines, &Look::default(), &mut out);
    out
}

fn push_tokens(inlines: &[Inline], look: &Look, out: &mut Vec<Token>) {
    for inline in inlines {
        let styled = |f: fn(&mut Formatting)| {
            let mut l = look.clone();
            f(&mut l.format);
            l
        };
        match inline {
            Inline::Text(t) => push_text(t, look, out),
            Inline::Code(t) => push_text(t, &styled(|f| f.code = true), out),
            Inline::Emph(c) => push_tokens(c, &styled(|f| f.italic = true), out),
            Inline::Strong(c) => push_tokens(c, &styled(|f| f.bold = true), out),
            Inline::Strikethrough(c) => push_tokens(c, &styled(|f| f.strike = true), out),
            Inline::Link { url, content } => {
                let l = Look {
                    link: Some(url.clone()),
                    ..look.clone()
                };
                push_tokens(content, &l, out);
            }
            Inline::CrossRef { anchor, text } => out.push(Token {
                key: format!("\u{E000}{anchor}\u{E002}{text}"),
                kind: TokenKind::CrossRef {
                    anchor: anchor.clone(),
                    text: text.clone(),
                },
                look: look.clone(),
            }),
            Inline::Footnote(note) => out.push(Token {
                key: format!("\u{E000}note\u{E002}{}", note.plain_text()),
                kind: TokenKind::Footnote(note.clone()),
                look: look.clone(),
            }),
            Inline::Image(image) => out.push(Token {
                key: format!("\u{E000}image\u{E002}{}\u{E002}{}", image.source, image.alt),
                kind: TokenKind::Image(image.clone()),
                look: look.clone(),
            }),
            Inline::SoftBreak => push_text(" ", look, out),
            Inline::LineBreak => out.push(Token {
                key: "\n".into(),
                kind: TokenKind::LineBreak,
                look: look.clone(),
            }),
            // Content that is already a redline compares as the words it shows.
            Inline::Revised { content, .. } | Inline::Reformatted { content, .. } => {
                push_tokens(content, look, out)
            }
        }
    }
}

/// Splits text into words and white space (a link's URL is part of the key, so a
/// changed link target is a changed word).
fn push_text(text: &str, look: &Look, out: &mut Vec<Token>) {
    let mut start = 0;
    let mut space = None;
    let mut push = |piece: &str, is_space: bool| {
        if piece.is_empty() {
            return;
        }
        let key = match &look.link {
            Some(url) if !is_space => format!("{piece}\u{E001}{url}"),
            _ => piece.to_string(),
        };
        out.push(Token {
            key,
            kind: if is_space {
                TokenKind::Space
            } else {
                TokenKind::Word
            },
            look: look.clone(),
        });
    };
    for (i, c) in text.char_indices() {
        let is_space = c.is_whitespace();
        if space.is_some_and(|s| s != is_space) {
            push(&text[start..i], !is_space);
            start = i;
        }
        space = Some(is_space);
    }
    push(&text[start..], space.unwrap_or(false));
}

/// Rebuilds inlines from tokens: runs of one piece kind become one revision mark, and
/// inside it runs of one look become one formatted inline.
fn rebuild(pieces: &[(Piece, &Token)]) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let piece = pieces[i].0;
        let mut j = i;
        while j < pieces.len() && pieces[j].0 == piece {
            j += 1;
        }
        let tokens: Vec<&Token> = pieces[i..j].iter().map(|(_, t)| *t).collect();
        let content = styled_runs(&tokens);
        match piece {
            Piece::Same => out.extend(content),
            Piece::Changed(revision) => out.push(Inline::Revised { revision, content }),
            Piece::Reformatted(was) => out.push(Inline::Reformatted { was, content }),
        }
        i = j;
    }
    out
}

fn styled_runs(tokens: &[&Token]) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let look = &tokens[i].look;
        let mut j = i;
        let mut inner = Vec::new();
        let mut text = String::new();
        while j < tokens.len() && tokens[j].look == *look {
            match &tokens[j].kind {
                TokenKind::Word | TokenKind::Space => {
                    let t = &tokens[j];
                    // The key of a linked word carries the URL after U+E001.
                    text.push_str(t.key.split('\u{E001}').next().unwrap_or(""));
                }
                TokenKind::LineBreak => {
                    flush_text(&mut text, &mut inner, look.format.code);
                    inner.push(Inline::LineBreak);
                }
                TokenKind::CrossRef { anchor, text: t } => {
                    flush_text(&mut text, &mut inner, look.format.code);
                    inner.push(Inline::CrossRef {
                        anchor: anchor.clone(),
                        text: t.clone(),
                    });
                }
                TokenKind::Footnote(note) => {
                    flush_text(&mut text, &mut inner, look.format.code);
                    inner.push(Inline::Footnote(note.clone()));
                }
                TokenKind::Image(image) => {
                    flush_text(&mut text, &mut inner, look.format.code);
                    inner.push(Inline::Image(image.clone()));
                }
            }
            j += 1;
        }
        flush_text(&mut text, &mut inner, look.format.code);
        out.extend(apply_look(inner, look));
        i = j;
    }
    out
}

fn flush_text(text: &mut String, out: &mut Vec<Inline>, code: bool) {
    if text.is_empty() {
        return;
    }
    let t = std::mem::take(text);
    out.push(if code {
        Inline::Code(t)
    } else {
        Inline::Text(t)
    });
}

fn apply_look(mut inlines: Vec<Inline>, look: &Look) -> Vec<Inline> {
    let f = look.format;
    if f.strike {
        inlines = vec![Inline::Strikethrough(inlines)];
    }
    if f.italic {
        inlines = vec![Inline::Emph(inlines)];
    }
    if f.bold {
        inlines = vec![Inline::Strong(inlines)];
    }
    if let Some(url) = &look.link {
        inlines = vec![Inline::Link {
            url: url.clone(),
            content: inlines,
        }];
    }
    inlines
}

/// The content as the newer draft reads (inserted kept, deleted dropped).
pub fn accepted(inlines: &[Inline]) -> Vec<Inline> {
    select(inlines, true)
}

/// The content as the older draft reads (deleted kept, inserted dropped).
pub fn rejected(inlines: &[Inline]) -> Vec<Inline> {
    select(inlines, false)
}

fn select(inlines: &[Inline], new: bool) -> Vec<Inline> {
    let mut out = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Revised { revision, content } => {
                if revision.is_new() == new {
                    out.extend(select(content, new));
                }
            }
            Inline::Reformatted { content, .. } => out.extend(select(content, new)),
            other => out.push(other.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn a_changed_word_is_deleted_and_inserted() {
        let d = diff(
            &[text("The Supplier shall pay within 30 days.")],
            &[text("The Supplier shall pay within 45 days.")],
        );
        assert_eq!((d.added, d.removed), (1, 1));
        assert_eq!(
            Inline::plain_text(&accepted(&d.inlines)),
            "The Supplier shall pay within 45 days."
        );
        assert_eq!(
            Inline::plain_text(&rejected(&d.inlines)),
            "The Supplier shall pay within 30 days."
        );
        assert!(d.inlines.iter().any(|i| matches!(
            i,
            Inline::Revised { revision: Revision::Deleted, content } if content == &vec![text("30")]
        )));
    }

    #[test]
    fn formatting_alone_is_a_reformat() {
        let d = diff(
            &[text("the Supplier pays")],
            &[
                text("the "),
                Inline::Strong(vec![text("Supplier")]),
                text(" pays"),
            ],
        );
        assert_eq!((d.added, d.removed, d.reformatted), (0, 0, 1));
        assert!(d.inlines.iter().any(|i| matches!(
            i,
            Inline::Reformatted { was, content }
                if *was == Formatting::default() && matches!(content[0], Inline::Strong(_))
        )));
    }

    #[test]
    fn identical_content_is_unchanged() {
        let content = [
            text("See "),
            Inline::CrossRef {
                anchor: "fees".into(),
                text: "clause 4".into(),
            },
            text("."),
        ];
        let d = diff(&content, &content);
        assert!(d.is_unchanged());
        assert_eq!(d.inlines, vec![text("See "), content[1].clone(), text(".")]);
    }
}
