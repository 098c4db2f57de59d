//! Tera 1.20's text and tags, rule by rule from `tera.pest`: the template's top level,
//! the content allowed in each kind of body (a macro, a block, a loop, a filter
//! section), text, comments, `raw`, and the tags with their whitespace-control flags,
//! built into the same `tera::ast::Node`s as pest's builder (before whitespace removal).

use super::lexer::Parser;
use std::collections::HashMap;
use tera::ast::{
    Block, Expr, FilterSection, Forloop, FunctionCall, If, MacroDefinition, Node, Set, WS,
};

/// Where content sits; each place allows its own set of tags (`content`,
/// `macro_content`, `block_content`, `for_content`, `filter_section_content`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Body {
    /// The template's top level.
    Top,
    /// A macro definition's body.
    Macro,
    /// A block's body: `{{ super() }}` is allowed.
    Block,
    /// A `for` loop's body: `break` and `continue` are allowed, `block` is not.
    For,
    /// A filter section's body.
    Filter,
}

/// One tag's keyword and whitespace flags, as pest's builder reads them.
struct Tag {
    ws: WS,
}

impl Parser<'_> {
    /// `template = ${ SOI ~ comment_tag* ~ top_imports? ~ (content | macro_definition)*
    /// ~ EOI }`; `None` when the text does not parse.
    pub fn template(&mut self) -> Option<Vec<Node>> {
        // Comments before the imports are not part of the tree.
        while self.comment().is_some() {}
        let mut nodes = Vec::new();
        self.top_imports(&mut nodes);
        while self.pos < self.src.len() {
            let node = match self.content(Body::Top) {
                Some(node) => node,
                None => self.macro_definition()?,
            };
            nodes.push(node);
        }
        Some(nodes)
    }

    /// `top_imports = _{ (extends_tag ~ import_macro_tag*) | (import_macro_tag+ ~
    /// extends_tag?) }`
    fn top_imports(&mut self, nodes: &mut Vec<Node>) {
        if let Some(extends) = self.extends() {
            nodes.push(extends);
            while let Some(import) = self.import() {
                nodes.push(import);
            }
        } else if let Some(import) = self.import() {
            nodes.push(import);
            while let Some(import) = self.import() {
                nodes.push(import);
            }
            if let Some(extends) = self.extends() {
                nodes.push(extends);
            }
        }
    }

    /// `WHITESPACE* ~ tag_start ~ WHITESPACE* ~ keyword ~ WHITESPACE+`, the opening of a
    /// top-level tag.
    fn top_tag_open(&mut self, keyword: &str) -> Option<bool> {
        self.skip();
        self.tag_open(keyword)
    }

    /// `WHITESPACE* ~ tag_end ~ WHITESPACE*`, the close of a top-level tag.
    fn top_tag_close(&mut self) -> Option<bool> {
        self.skip();
        let right = self.tag_end()?;
        self.skip();
        Some(right)
    }

    /// `extends_tag`: `{% extends "base" %}` with the whitespace around it.
    fn extends(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.top_tag_open("extends")?;
            let name = p.string()?.to_string();
            let right = p.top_tag_close()?;
            Some(Node::Extends(WS { left, right }, name))
        })
    }

    /// `import_macro_tag`: `{% import "file" as name %}` with the whitespace around it.
    fn import(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.top_tag_open("import")?;
            let file = p.string()?.to_string();
            p.skip1()?;
            p.eat("as").then_some(())?;
            p.skip1()?;
            let namespace = p.ident()?.to_string();
            let right = p.top_tag_close()?;
            Some(Node::ImportMacro(WS { left, right }, file, namespace))
        })
    }

    /// One item of content allowed in `body`, in the grammar's order of choice.
    pub fn content(&mut self, body: Body) -> Option<Node> {
        if self.at("{{") {
            if body == Body::Block {
                if let Some(node) = self.super_tag() {
                    return Some(node);
                }
            }
            return self.variable_tag();
        }
        if self.at("{#") {
            return self.comment();
        }
        if !self.at("{%") {
            return self.text();
        }
        if let Some(node) = self.include_tag().or_else(|| self.set_tag()) {
            return Some(node);
        }
        if matches!(body, Body::Top | Body::Block | Body::Filter) {
            if let Some(node) = self.block() {
                return Some(node);
            }
        }
        if let Some(node) = self.if_node(body).or_else(|| self.forloop()) {
            return Some(node);
        }
        if body == Body::For {
            if let Some(node) = self.loop_control() {
                return Some(node);
            }
        }
        self.filter_section().or_else(|| self.raw())
    }

    /// `text = ${ (!("{{" | "{%" | "{#") ~ ANY)+ }`
    fn text(&mut self) -> Option<Node> {
        let bytes = self.rest().as_bytes();
        let mut from = 0;
        let end = loop {
            match bytes[from..].iter().position(|&b| b == b'{') {
                Some(i) if matches!(bytes.get(from + i + 1), Some(b'{' | b'%' | b'#')) => {
                    break from + i;
                }
                Some(i) => from += i + 1,
                None => break bytes.len(),
            }
        };
        if end == 0 {
            return None;
        }
        let text = &self.rest()[..end];
        self.pos += end;
        Some(Node::Text(text.to_string()))
    }

    /// `comment_tag = ${ comment_start ~ comment_text ~ comment_end }`: at least one
    /// character, ending at the first `-#}` or `#}`.
    fn comment(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.delimiter("{#-", "{#")?;
            let rest = p.rest();
            let close = rest.find("#}")?;
            let (len, right) = match close.checked_sub(1) {
                Some(dash) if rest.as_bytes()[dash] == b'-' => (dash, true),
                _ => (close, false),
            };
            if len == 0 {
                return None;
            }
            p.pos += close + 2;
            Some(Node::Comment(WS { left, right }, rest[..len].to_string()))
        })
    }

    /// `variable_tag = !{ variable_start ~ (logic_expr | array_filter) ~ variable_end }`
    fn variable_tag(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.delimiter("{{-", "{{")?;
            p.skip();
            let expr = p.logic_expr().or_else(|| p.array_filter())?;
            p.skip();
            let right = p.delimiter("-}}", "}}")?;
            Some(Node::VariableBlock(WS { left, right }, expr))
        })
    }

    /// `super_tag = !{ variable_start ~ "super()" ~ variable_end }`
    fn super_tag(&mut self) -> Option<Node> {
        self.attempt(|p| {
            p.delimiter("{{-", "{{")?;
            p.skip();
            p.eat("super()").then_some(())?;
            p.skip();
            p.delimiter("-}}", "}}")?;
            Some(Node::Super)
        })
    }

    /// A tag without arguments, `!{ tag_start ~ keyword ~ tag_end }` (`else`, `endif`,
    /// `break`, `raw`…); with `named`, an optional identifier after the keyword
    /// (`endblock name`, `endmacro name`).
    fn bare_tag(&mut self, keyword: &str, named: bool) -> Option<Tag> {
        self.attempt(|p| {
            let left = p.tag_start()?;
            p.skip();
            p.eat(keyword).then_some(())?;
            p.skip();
            if named && p.ident().is_some() {
                p.skip();
            }
            let right = p.tag_end()?;
            Some(Tag {
                ws: WS { left, right },
            })
        })
    }

    /// `tag_start ~ WHITESPACE* ~ keyword ~ WHITESPACE+`, the opening of a tag with
    /// arguments; whether it trims.
    fn tag_open(&mut self, keyword: &str) -> Option<bool> {
        let left = self.tag_start()?;
        self.skip();
        self.eat(keyword).then_some(())?;
        self.skip1()?;
        Some(left)
    }

    /// `WHITESPACE* ~ tag_end`, the close of a tag with arguments; whether it trims.
    fn tag_close(&mut self) -> Option<bool> {
        self.skip();
        self.tag_end()
    }

    /// `include_tag`: `{% include "a" %}`, `{% include ["a", "b"] ignore missing %}`.
    fn include_tag(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.tag_open("include")?;
            let files = match p.string() {
                Some(s) => vec![s.to_string()],
                None => p.string_array()?,
            };
            p.skip();
            let ignore_missing = p
                .attempt(|p| {
                    p.eat("ignore").then_some(())?;
                    p.skip();
                    p.eat("missing").then_some(())
                })
                .is_some();
            let right = p.tag_close()?;
            Some(Node::Include(WS { left, right }, files, ignore_missing))
        })
    }

    /// `string_array = !{ "[" ~ (string ~ ",")* ~ string? ~ "]" }`
    fn string_array(&mut self) -> Option<Vec<String>> {
        let files = self.bracketed(|p| p.string())?;
        Some(files.into_iter().map(str::to_string).collect())
    }

    /// `set_tag` and `set_global_tag`: `{% set name = value %}`.
    fn set_tag(&mut self) -> Option<Node> {
        let set = |p: &mut Self, keyword: &str| {
            p.attempt(|p| {
                let left = p.tag_open(keyword)?;
                let key = p.ident()?.to_string();
                p.skip();
                p.eat("=").then_some(())?;
                p.skip();
                let value = p.logic_expr().or_else(|| p.array_filter())?;
                let right = p.tag_close()?;
                let global = keyword == "set_global";
                Some(Node::Set(WS { left, right }, Set { key, value, global }))
            })
        };
        set(self, "set").or_else(|| set(self, "set_global"))
    }

    /// Content allowed in `body` up to the first item that is not.
    fn body(&mut self, body: Body) -> Vec<Node> {
        self.nested(|p| {
            let mut nodes = Vec::new();
            while let Some(node) = p.content(body) {
                nodes.push(node);
            }
            Some(nodes)
        })
        .unwrap_or_default()
    }

    /// `block = ${ block_tag ~ block_content* ~ endblock_tag }`
    fn block(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.tag_open("block")?;
            let name = p.ident()?.to_string();
            let right = p.tag_close()?;
            let body = p.body(Body::Block);
            let end = p.bare_tag("endblock", true)?;
            Some(Node::Block(
                WS { left, right },
                Block { name, body },
                end.ws,
            ))
        })
    }

    /// `*_if = ${ if_tag ~ content* ~ (elif_tag ~ content*)* ~ (else_tag ~ content*)? ~
    /// endif_tag }`, the content being that of `body`.
    fn if_node(&mut self, body: Body) -> Option<Node> {
        self.attempt(|p| {
            let condition = |p: &mut Self, keyword: &str| {
                p.attempt(|p| {
                    let left = p.tag_open(keyword)?;
                    let expr = p.logic_expr()?;
                    let right = p.tag_close()?;
                    Some((WS { left, right }, expr))
                })
            };
            let (ws, expr) = condition(p, "if")?;
            let mut conditions: Vec<(WS, Expr, Vec<Node>)> = vec![(ws, expr, p.body(body))];
            while let Some((ws, expr)) = condition(p, "elif") {
                conditions.push((ws, expr, p.body(body)));
            }
            let otherwise = p.bare_tag("else", false).map(|tag| (tag.ws, p.body(body)));
            let end = p.bare_tag("endif", false)?;
            Some(Node::If(
                If {
                    conditions,
                    otherwise,
                },
                end.ws,
            ))
        })
    }

    /// `forloop = ${ for_tag ~ for_content* ~ (else_tag ~ for_content*)* ~ endfor_tag }`;
    /// as in pest's builder, each `else` starts the empty body afresh.
    fn forloop(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.tag_open("for")?;
            let first = p.ident()?.to_string();
            let second = p.attempt(|p| {
                p.eat(",").then_some(())?;
                p.skip();
                p.ident()
            });
            p.skip1()?;
            p.eat("in").then_some(())?;
            p.skip1()?;
            let container = p.basic_expr_filter().or_else(|| p.array_filter())?;
            let right = p.tag_close()?;
            let body = p.body(Body::For);
            let mut empty_body = None;
            while p.bare_tag("else", false).is_some() {
                empty_body = Some(p.body(Body::For));
            }
            let end = p.bare_tag("endfor", false)?;
            let (key, value) = match second {
                Some(value) => (Some(first), value.to_string()),
                None => (None, first),
            };
            let forloop = Forloop {
                key,
                value,
                container,
                body,
                empty_body,
            };
            Some(Node::Forloop(WS { left, right }, forloop, end.ws))
        })
    }

    /// `break_tag` and `continue_tag`.
    fn loop_control(&mut self) -> Option<Node> {
        if let Some(tag) = self.bare_tag("break", false) {
            return Some(Node::Break(tag.ws));
        }
        self.bare_tag("continue", false)
            .map(|tag| Node::Continue(tag.ws))
    }

    /// `filter_section = ${ filter_tag ~ filter_section_content* ~ endfilter_tag }`
    fn filter_section(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.tag_open("filter")?;
            let filter = p.fn_call().or_else(|| {
                Some(FunctionCall {
                    name: p.ident()?.to_string(),
                    args: HashMap::new(),
                })
            })?;
            let right = p.tag_close()?;
            let body = p.body(Body::Filter);
            let end = p.bare_tag("endfilter", false)?;
            let section = FilterSection { filter, body };
            Some(Node::FilterSection(WS { left, right }, section, end.ws))
        })
    }

    /// `raw = ${ raw_tag ~ raw_text ~ endraw_tag }`: the text up to the first
    /// `{% endraw %}`, untouched.
    fn raw(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let start = p.bare_tag("raw", false)?;
            let text_start = p.pos;
            loop {
                let here = p.pos;
                if let Some(end) = p.bare_tag("endraw", false) {
                    let text = p.src[text_start..here].to_string();
                    return Some(Node::Raw(start.ws, text, end.ws));
                }
                let after = &p.src.as_bytes()[here + 1..];
                let next = after.windows(2).position(|w| w == b"{%")?;
                p.pos = here + 1 + next;
            }
        })
    }

    /// `macro_definition = ${ macro_tag ~ macro_content* ~ endmacro_tag }`
    fn macro_definition(&mut self) -> Option<Node> {
        self.attempt(|p| {
            let left = p.tag_open("macro")?;
            let (name, args) = p.macro_signature()?;
            let right = p.tag_close()?;
            let body = p.body(Body::Macro);
            let end = p.bare_tag("endmacro", true)?;
            let definition = MacroDefinition { name, args, body };
            Some(Node::MacroDefinition(
                WS { left, right },
                definition,
                end.ws,
            ))
        })
    }

    /// `macro_fn = _{ ident ~ "(" ~ macro_def_args? ~ ")" }` with `macro_def_arg = ${
    /// (ident ~ "=" ~ (boolean | string | float | int)) | ident }`.
    fn macro_signature(&mut self) -> Option<(String, HashMap<String, Option<Expr>>)> {
        let name = self.ident()?.to_string();
        self.skip();
        self.eat("(").then_some(())?;
        self.skip();
        let mut args = HashMap::new();
        if let Some((arg, default)) = self.macro_arg() {
            args.insert(arg, default);
            args.extend(self.repeated(|p| {
                p.eat(",").then_some(())?;
                p.skip();
                p.macro_arg()
            }));
        }
        self.skip();
        self.eat(")").then_some((name, args))
    }

    /// One `macro_def_arg`: a name and its literal default, if any.
    fn macro_arg(&mut self) -> Option<(String, Option<Expr>)> {
        let with_default = self.attempt(|p| {
            let name = p.ident()?.to_string();
            p.eat("=").then_some(())?;
            let value = if let Some(b) = p.boolean() {
                tera::ast::ExprVal::Bool(b)
            } else if let Some(s) = p.string() {
                tera::ast::ExprVal::String(s.to_string())
            } else if let Some(f) = p.float() {
                tera::ast::ExprVal::Float(f.parse().unwrap_or_default())
            } else {
                let i = p.int()?;
                tera::ast::ExprVal::Int(p.int_value(i))
            };
            Some((name, Some(Expr::new(value))))
        });
        with_default.or_else(|| Some((self.ident()?.to_string(), None)))
    }
}
