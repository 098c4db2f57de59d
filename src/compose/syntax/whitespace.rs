//! Whitespace control (`{%-`, `-%}`, `{{-`, `-}}`, `{#-`, `-#}`): the same trimming of
//! text nodes that `tera::parser::remove_whitespace` applies to pest's tree (that
//! function is private to Tera), with empty text nodes dropped.

use tera::ast::{If, Node, WS};

/// Trims the end of the last node of `nodes` if it is text, dropping it if it empties.
fn trim_last(nodes: &mut Vec<Node>) {
    if let Some(Node::Text(s)) = nodes.last_mut() {
        let kept = s.trim_end().len();
        s.truncate(kept);
        if s.is_empty() {
            nodes.pop();
        }
    }
}

/// Removes whitespace from `nodes` as their tags ask. `body` is the whitespace control
/// of the tags around a nested body: `left` trims its first text, `right` its last.
pub(super) fn remove(nodes: Vec<Node>, body: Option<WS>) -> Vec<Node> {
    let mut out = Vec::with_capacity(nodes.len());
    let mut previous_was_text = false;
    let mut trim_next = body.is_some_and(|ws| ws.left);
    for node in nodes {
        match node {
            Node::Text(s) => {
                previous_was_text = true;
                if !trim_next {
                    out.push(Node::Text(s));
                    continue;
                }
                trim_next = false;
                let kept = s.trim_start();
                if !kept.is_empty() {
                    out.push(Node::Text(kept.to_string()));
                }
                continue;
            }
            Node::VariableBlock(ws, _)
            | Node::ImportMacro(ws, _, _)
            | Node::Extends(ws, _)
            | Node::Include(ws, _, _)
            | Node::Set(ws, _)
            | Node::Break(ws)
            | Node::Comment(ws, _)
            | Node::Continue(ws) => {
                if previous_was_text && ws.left {
                    trim_last(&mut out);
                }
                trim_next = ws.right;
                out.push(node);
            }
            Node::Raw(start, text, end) => {
                if previous_was_text && start.left {
                    trim_last(&mut out);
                }
                trim_next = end.right;
                let text = match (start.right, end.left) {
                    (true, true) => text.trim().to_string(),
                    (true, false) => text.trim_start().to_string(),
                    (false, true) => text.trim_end().to_string(),
                    (false, false) => text,
                };
                out.push(Node::Raw(start, text, end));
            }
            Node::Forloop(start, _, end)
            | Node::MacroDefinition(start, _, end)
            | Node::FilterSection(start, _, end)
            | Node::Block(start, _, end) => {
                if previous_was_text && start.left {
                    trim_last(&mut out);
                }
                trim_next = end.right;
                let inner = Some(WS {
                    left: start.right,
                    right: end.left,
                });
                out.push(remove_in_body(node, inner));
            }
            Node::If(condition, end) => {
                trim_next = end.right;
                remove_in_if(condition, end, previous_was_text, &mut out);
            }
            Node::Super => out.push(node),
        }
        previous_was_text = false;
    }
    if body.is_some_and(|ws| ws.right) {
        trim_last(&mut out);
    }
    out
}

/// A loop, macro, filter section or block with whitespace removed from its body.
fn remove_in_body(mut node: Node, inner: Option<WS>) -> Node {
    let body = match &mut node {
        Node::Forloop(_, forloop, _) => &mut forloop.body,
        Node::MacroDefinition(_, definition, _) => &mut definition.body,
        Node::FilterSection(_, section, _) => &mut section.body,
        Node::Block(_, block, _) => &mut block.body,
        _ => return node,
    };
    *body = remove(std::mem::take(body), inner);
    node
}

/// The whitespace control of a branch that starts after a tag with `ws`: only the
/// start of the branch is trimmed here (its end belongs to the next tag).
fn after(ws: WS) -> Option<WS> {
    Some(WS {
        left: ws.right,
        right: false,
    })
}

/// An `if` with whitespace removed from each branch, pushed onto `out`; a `{%-` on the
/// first condition trims the text before the `if`, on a later one the previous branch.
fn remove_in_if(condition: If, end: WS, previous_was_text: bool, out: &mut Vec<Node>) {
    let If {
        conditions,
        otherwise,
    } = condition;
    let mut branches: Vec<(WS, tera::ast::Expr, Vec<Node>)> = Vec::with_capacity(conditions.len());
    for (ws, expr, body) in conditions {
        if ws.left {
            match branches.last_mut() {
                None if previous_was_text => trim_last(out),
                Some((_, _, previous)) => trim_last(previous),
                None => {}
            }
        }
        branches.push((ws, expr, remove(body, after(ws))));
    }
    let otherwise = otherwise.map(|(ws, body)| {
        if ws.left {
            if let Some((_, _, previous)) = branches.last_mut() {
                trim_last(previous);
            }
        }
        let mut body = remove(body, after(ws));
        if end.left {
            trim_last(&mut body);
        }
        (ws, body)
    });
    if otherwise.is_none() && end.left {
        if let Some((_, _, last)) = branches.last_mut() {
            trim_last(last);
        }
    }
    out.push(Node::If(
        If {
            conditions: branches,
            otherwise,
        },
        end,
    ));
}
