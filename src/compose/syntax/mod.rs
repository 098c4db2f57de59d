//! A hand-written parser of Tera 1.20's template language, for a fast cold start.
//!
//! Tera 1's pest parser is most of the time a cold `rfx build` or `rfx check` spends
//! (about 20–30 µs for a `{{ x }}` tag, 270 ns a byte of plain text). This module
//! reads the same grammar (`tera.pest`, rule by rule: ordered choice, greedy
//! repetition, the same implicit whitespace) and builds the same `tera::ast::Node` tree
//! as Tera's own builder, then the `tera::Template` as `Template::new` does.
//!
//! Whatever it does not take goes to Tera's parser unchanged ([`add_template`]): a
//! syntax error (so users keep pest's located messages), an integer literal out of
//! range, an array as a test argument, a duplicated block or macro, and an
//! `extends` or `import` whose template is not loaded. The tests compare the two trees
//! on every library text and on generated ones.
//!
//! - `lexer`: the cursor, whitespace, literals, identifiers, delimiters;
//! - `expr`: expressions; `tags`: text, tags and bodies;
//! - `whitespace`: the trimming that `{%-` and `-%}` ask for.

mod expr;
mod lexer;
mod tags;
#[cfg(test)]
mod tests;
mod whitespace;

use std::collections::HashMap;
use tera::ast::{Block, Node};
use tera::{Template, Tera};

/// The tree Tera's parser builds for `body` (whitespace control applied), or `None`
/// when the text does not parse or holds a construct left to Tera's parser.
#[cfg(test)]
pub fn parse(body: &str) -> Option<Vec<Node>> {
    parsed(body).ok().flatten()
}

/// The tree of `body` as `parse` gives it, with the texts rfx refuses itself: `Err` (in the form of Tera's syntax
/// errors, ` --> line:column` and `= reason`, so it is located the same way) for a
/// construct that parses but on which Tera's own parser panics.
fn parsed(body: &str) -> Result<Option<Vec<Node>>, String> {
    let located = |at: usize, reason: &str| {
        let before = &body[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!(" --> {line}:{column}\n  = {reason}")
    };
    let mut parser = lexer::Parser::new(body);
    let nodes = parser.template();
    if let Some(at) = parser.too_deep {
        return Err(located(
            at,
            &format!(
                "the text nests tags, brackets or calls more than {} levels deep: \
                 split it into clauses or name parts with `{{% set %}}`",
                lexer::MAX_NESTING
            ),
        ));
    }
    let Some(nodes) = nodes else {
        return Ok(None);
    };
    if let Some((at, reason)) = parser.refused {
        return Err(located(at, reason));
    }
    if parser.unsupported {
        return Ok(None);
    }
    Ok(Some(whitespace::remove(nodes, None)))
}

/// Adds template `name` to `tera` as `Tera::add_raw_template` does. Texts this parser
/// does not take, and templates Tera would refuse, go through `add_raw_template`, so
/// the result and any error are Tera's own.
pub fn add_template(tera: &mut Tera, name: &str, body: &str) -> tera::Result<()> {
    let ast = parsed(body).map_err(tera::Error::msg)?;
    if let Some(template) = ast.and_then(|ast| template(name, ast)) {
        let previous = tera.templates.insert(name.to_string(), template);
        if tera.build_inheritance_chains().is_ok() && tera.check_macro_files().is_ok() {
            return Ok(());
        }
        match previous {
            Some(previous) => tera.templates.insert(name.to_string(), previous),
            None => tera.templates.remove(name),
        };
    }
    tera.add_raw_template(name, body)
}

/// The template `Template::new(name, None, body)` makes, or `None` when Tera's parser
/// is left to make it (or to refuse it).
#[cfg(test)]
pub fn build(name: &str, body: &str) -> Option<Template> {
    template(name, parse(body)?)
}

/// The template `Template::new` makes of `ast`: its blocks (top level and nested in
/// blocks), macros, imports and parent; `None` for a duplicated block or macro, which
/// Tera reports.
fn template(name: &str, ast: Vec<Node>) -> Option<Template> {
    fn find_blocks(ast: &[Node], blocks: &mut HashMap<String, Block>) -> Option<()> {
        for node in ast {
            if let Node::Block(_, block, _) = node {
                if blocks.insert(block.name.clone(), block.clone()).is_some() {
                    return None;
                }
                find_blocks(&block.body, blocks)?;
            }
        }
        Some(())
    }
    let mut blocks = HashMap::new();
    find_blocks(&ast, &mut blocks)?;
    let mut macros = HashMap::new();
    let mut imported_macro_files = Vec::new();
    let mut parent = None;
    for node in &ast {
        match node {
            Node::Extends(_, file) => parent = Some(file.clone()),
            Node::MacroDefinition(_, definition, _)
                if macros
                    .insert(definition.name.clone(), definition.clone())
                    .is_some() =>
            {
                return None;
            }
            Node::ImportMacro(_, file, namespace) => {
                imported_macro_files.push((file.clone(), namespace.clone()));
            }
            _ => {}
        }
    }
    Some(Template {
        name: name.to_string(),
        path: None,
        ast,
        from_extend: false,
        macros,
        imported_macro_files,
        parent,
        blocks,
        parents: Vec::new(),
        blocks_definitions: HashMap::new(),
    })
}
