//! The template sandbox: templates and clauses from a user library are untrusted code.
//!
//! - No template function reads the environment, the clock or randomness: `get_env`,
//!   `now` and `get_random` are replaced by functions that refuse (Tera's `include`,
//!   `import` and `extends` only reach templates already loaded from the library).
//! - Recursion is found before any render: a macro or include that can reach itself is
//!   an error at the template line ([`check_recursion`]).
//! - Each document has a work budget ([`Budget`]): at most [`MAX_RANGE_ITEMS`] numbers
//!   from `range`, [`MAX_CALLS`] filter and function calls, and [`MAX_OUTPUT_BYTES`] of
//!   Markdown; the render stops where a limit is hit.
//! - Runtime errors (unknown function or filter, missing include, `throw`, a limit) are
//!   located at the template's line and column ([`runtime_location`]).

use crate::diag::{Diagnostic, Location};
use serde_json::Value;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use tera::ast::{Expr, ExprVal, Node};
use tera::{Context, Tera};

/// The most numbers all `range` calls of one document may produce together.
pub const MAX_RANGE_ITEMS: u64 = 100_000;
/// The most filter and function calls one document may make.
pub const MAX_CALLS: u64 = 5_000_000;
/// The most Markdown one document may produce (50 MiB), templates and clauses together.
pub const MAX_OUTPUT_BYTES: u64 = 50 * 1024 * 1024;

/// Which limit a render hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Too many numbers from `range`.
    Range,
    /// Too many filter and function calls.
    Calls,
    /// Too much output.
    Output,
}

impl Limit {
    fn message(self) -> String {
        match self {
            Limit::Range => format!(
                "the template asks `range` for more than {MAX_RANGE_ITEMS} numbers in one document"
            ),
            Limit::Calls => format!(
                "the template makes more than {MAX_CALLS} filter and function calls in one document"
            ),
            Limit::Output => format!(
                "the document would be larger than {} MiB of Markdown",
                MAX_OUTPUT_BYTES / (1024 * 1024)
            ),
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Spent {
    range: u64,
    calls: u64,
    output: u64,
    hit: Option<Limit>,
}

thread_local! {
    static SPENT: Cell<Spent> = Cell::new(Spent::default());
}

fn charge(f: impl FnOnce(&mut Spent) -> Option<Limit>) -> Result<(), Limit> {
    SPENT.with(|s| {
        let mut spent = s.get();
        if let Some(hit) = spent.hit {
            return Err(hit);
        }
        let result = f(&mut spent);
        spent.hit = result;
        s.set(spent);
        result.map_or(Ok(()), Err)
    })
}

fn add_output(bytes: usize) -> Result<(), Limit> {
    charge(|s| {
        s.output += bytes as u64;
        (s.output > MAX_OUTPUT_BYTES).then_some(Limit::Output)
    })
}

/// The work budget of one document on this thread; a new budget starts with
/// [`Budget::start`] and every render on the thread draws from it.
pub struct Budget;

impl Budget {
    /// Starts a fresh budget for the document about to be composed on this thread.
    pub fn start() -> Budget {
        SPENT.with(|s| s.set(Spent::default()));
        Budget
    }

    /// The limit hit since the budget started, if any.
    pub fn hit() -> Option<Limit> {
        SPENT.with(|s| s.get().hit)
    }
}

/// Locks `tera` down: refusing `get_env`, `now` and `get_random`, a budgeted `range`,
/// every filter and function counted, and the escape function counting output. Call it
/// after every filter and function is registered.
pub fn secure(tera: &mut Tera) {
    for name in ["get_env", "now", "get_random"] {
        tera.register_function(name, Refused(name));
    }
    let filters: Vec<(String, Arc<dyn tera::Filter>)> = tera
        .filters
        .iter()
        .map(|(n, f)| (n.clone(), f.clone()))
        .collect();
    for (name, inner) in filters {
        tera.register_filter(&name, Counted(inner));
    }
    let functions: Vec<(String, Arc<dyn tera::Function>)> = tera
        .functions
        .iter()
        .map(|(n, f)| (n.clone(), f.clone()))
        .collect();
    for (name, inner) in functions {
        if name == "range" {
            tera.register_function(&name, BoundedRange(inner));
        } else {
            tera.register_function(&name, Counted(inner));
        }
    }
    tera.set_escape_fn(escape);
}

/// The escape function: [`super::escape_value`], with its output counted; once the
/// output limit is hit it yields nothing, so a runaway loop stops growing.
fn escape(value: &str) -> String {
    let escaped = super::escape_value(value);
    match add_output(escaped.len()) {
        Ok(()) => escaped,
        Err(_) => String::new(),
    }
}

/// Renders template `name` within the thread's budget: the output is counted as it is
/// written and the render stops at the limit.
pub fn render(tera: &Tera, name: &str, context: &Context) -> tera::Result<String> {
    let mut out = Bounded(Vec::new());
    tera.render_to(name, context, &mut out)?;
    // The escape function stops adding output at the limit without failing the render.
    if let Some(limit) = Budget::hit() {
        return Err(limit_error(limit));
    }
    String::from_utf8(out.0).map_err(|e| tera::Error::msg(e.to_string()))
}

/// A writer that charges every byte to the output budget.
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        add_output(buf.len()).map_err(|l| std::io::Error::other(l.message()))?;
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn limit_error(limit: Limit) -> tera::Error {
    tera::Error::msg(limit.message())
}

struct Refused(&'static str);

impl tera::Function for Refused {
    fn call(&self, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Err(tera::Error::msg(format!(
            "`{}` is not available: rfx templates cannot read the environment, the clock or \
             randomness",
            self.0
        )))
    }
}

struct Counted<T: ?Sized>(Arc<T>);

fn count_call() -> tera::Result<()> {
    charge(|s| {
        s.calls += 1;
        (s.calls > MAX_CALLS).then_some(Limit::Calls)
    })
    .map_err(limit_error)
}

/// Charges a value a filter or function made to the output budget: values are what
/// templates build output from, so this bounds memory even before anything is written.
fn count_value(v: &Value) -> tera::Result<()> {
    // Collections are charged by their items' in-memory size, so doubling a list
    // through `concat` meets the limit before it meets the memory.
    let item = std::mem::size_of::<Value>();
    let size = match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.len() * item,
        Value::Object(o) => o.len() * item * 2,
        _ => 0,
    };
    add_output(size).map_err(limit_error)
}

impl tera::Filter for Counted<dyn tera::Filter> {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        count_call()?;
        let v = self.0.filter(value, args)?;
        count_value(&v)?;
        Ok(v)
    }

    fn is_safe(&self) -> bool {
        self.0.is_safe()
    }
}

impl tera::Function for Counted<dyn tera::Function> {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        count_call()?;
        let v = self.0.call(args)?;
        count_value(&v)?;
        Ok(v)
    }

    fn is_safe(&self) -> bool {
        self.0.is_safe()
    }
}

/// Tera's `range`, charged to the budget before any number is made.
struct BoundedRange(Arc<dyn tera::Function>);

impl tera::Function for BoundedRange {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        count_call()?;
        let arg = |k: &str, default: u64| args.get(k).and_then(Value::as_u64).unwrap_or(default);
        let (start, end, step) = (arg("start", 0), arg("end", 0), arg("step_by", 1).max(1));
        let items = end.saturating_sub(start).div_ceil(step);
        charge(|s| {
            s.range = s.range.saturating_add(items);
            (s.range > MAX_RANGE_ITEMS).then_some(Limit::Range)
        })
        .map_err(limit_error)?;
        self.0.call(args)
    }
}

/// Where in `body` a render error arose, as (byte offset, width), when the error names
/// something the body spells out: an unknown or failing function, filter or test, a
/// missing template, `throw`, or a budget limit (at the first `range` or loop).
pub fn runtime_location(e: &tera::Error, body: &str) -> Option<(usize, usize)> {
    if let Some(limit) = Budget::hit() {
        return match limit {
            Limit::Range => find_call(body, "range"),
            Limit::Calls | Limit::Output => find_tag(body, "for").or_else(|| find_tag(body, "")),
        };
    }
    let mut err: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut found = None;
    while let Some(cur) = err {
        if let Some(te) = cur.downcast_ref::<tera::Error>() {
            let at = match &te.kind {
                tera::ErrorKind::FunctionNotFound(n) | tera::ErrorKind::CallFunction(n) => {
                    find_call(body, n)
                }
                tera::ErrorKind::FilterNotFound(n) | tera::ErrorKind::CallFilter(n) => {
                    find_filter(body, n)
                }
                tera::ErrorKind::TestNotFound(n) | tera::ErrorKind::CallTest(n) => {
                    find_after(body, "is ", n)
                }
                // An include names its candidates as `[a, b]`.
                tera::ErrorKind::TemplateNotFound(n) => n
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .split(", ")
                    .find_map(|n| body.find(n).map(|i| (i, n.chars().count()))),
                _ => None,
            };
            // The innermost located cause is the most precise.
            found = at.or(found);
        }
        err = cur.source();
    }
    found
}

/// The first call `name(` in `body` (not part of a longer name).
fn find_call(body: &str, name: &str) -> Option<(usize, usize)> {
    let pattern = format!("{name}(");
    body.match_indices(&pattern)
        .find(|(i, _)| {
            body[..*i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
        .map(|(i, _)| (i, name.chars().count()))
}

/// The first `| name` filter use in `body`.
fn find_filter(body: &str, name: &str) -> Option<(usize, usize)> {
    find_after(body, "|", name)
}

/// The first `name` that follows `lead` (and optional spaces) in `body`.
fn find_after(body: &str, lead: &str, name: &str) -> Option<(usize, usize)> {
    body.match_indices(lead).find_map(|(i, _)| {
        let rest = &body[i + lead.len()..];
        let trimmed = rest.trim_start();
        let at = i + lead.len() + (rest.len() - trimmed.len());
        let follows = trimmed[name.len().min(trimmed.len())..].chars().next();
        (trimmed.starts_with(name) && follows.is_none_or(|c| !(c.is_alphanumeric() || c == '_')))
            .then(|| (at, name.chars().count()))
    })
}

/// The first `{% TAG` (or `{%- TAG`) in `body`.
fn find_tag(body: &str, tag: &str) -> Option<(usize, usize)> {
    body.match_indices("{%").find_map(|(i, _)| {
        let rest = body[i + 2..].trim_start_matches('-').trim_start();
        rest.starts_with(tag).then_some((i, 2))
    })
}

/// One template as loaded: its Tera name, the text Tera parsed, the library file it
/// came from and the file line its text starts on (0: not a line of its own).
pub struct Source<'a> {
    /// The name Tera knows the template by.
    pub name: &'a str,
    /// The text Tera parsed.
    pub body: &'a str,
    /// The library file, for diagnostics.
    pub file: &'a str,
    /// The file line the text starts on.
    pub body_line: usize,
}

/// Something a template can call or pull in: a whole template, or a macro of one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Callee {
    Template(String),
    Macro { file: String, name: String },
}

/// An edge of the call graph: who calls, what, and what to look for in the source.
struct Call {
    to: Callee,
    needle: String,
}

/// Every `set` inside a loop whose `~` joins two or more variables set in that loop
/// (`{% set s = s ~ s %}`): such a value can double on each pass, past any memory,
/// without writing a byte, so it is refused before any render.
pub fn check_growth(tera: &Tera, sources: &[Source<'_>]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    for name in names {
        let t = &tera.templates[name];
        let mut found = Vec::new();
        loops_in(&t.ast, &mut found);
        for def in t.macros.values() {
            loops_in(&def.body, &mut found);
        }
        for key in found {
            let mut d = Diagnostic::error(format!(
                "`{key}` is built from itself more than once inside a loop, so it can double \
                 on every pass"
            ))
            .with_help("build the text with `{% for %}` output instead of growing a variable");
            if let Some(src) = sources.iter().find(|s| s.name == name.as_str()) {
                // The `set` of this key whose line joins with `~`.
                let needle = format!("set {key}");
                let global = format!("set_global {key}");
                let joins = |(i, _): &(usize, &str)| {
                    let rest = &src.body[*i..];
                    rest[..rest.find("%}").unwrap_or(rest.len())].contains('~')
                };
                let at = src
                    .body
                    .match_indices(&global)
                    .chain(src.body.match_indices(&needle))
                    .find(joins);
                d = match at {
                    Some((offset, what)) if src.body_line > 0 => {
                        d.at(body_location(src, offset, what.chars().count()))
                    }
                    _ => d.in_file(src.file),
                };
            }
            diags.push(d);
        }
    }
    diags
}

/// The keys of self-doubling `set`s in every loop below `nodes`.
fn loops_in(nodes: &[Node], found: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::Forloop(_, l, _) => {
                let mut assigned = BTreeSet::new();
                sets_in(&l.body, &mut assigned);
                let mut sets = Vec::new();
                set_nodes(&l.body, &mut sets);
                for set in sets {
                    if let ExprVal::StringConcat(c) = &set.value.val {
                        let grown = c
                            .values
                            .iter()
                            .filter(|v| matches!(v, ExprVal::Ident(i) if assigned.contains(i)))
                            .count();
                        if grown >= 2 && !found.contains(&set.key) {
                            found.push(set.key.clone());
                        }
                    }
                }
                loops_in(&l.body, found);
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    loops_in(body, found);
                }
                if let Some((_, body)) = &i.otherwise {
                    loops_in(body, found);
                }
            }
            Node::Block(_, b, _) => loops_in(&b.body, found),
            Node::FilterSection(_, f, _) => loops_in(&f.body, found),
            _ => {}
        }
    }
}

fn set_nodes<'a>(nodes: &'a [Node], out: &mut Vec<&'a tera::ast::Set>) {
    for node in nodes {
        match node {
            Node::Set(_, s) => out.push(s),
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    set_nodes(body, out);
                }
                if let Some((_, body)) = &i.otherwise {
                    set_nodes(body, out);
                }
            }
            Node::Forloop(_, l, _) => set_nodes(&l.body, out),
            _ => {}
        }
    }
}

fn sets_in(nodes: &[Node], out: &mut BTreeSet<String>) {
    let mut sets = Vec::new();
    set_nodes(nodes, &mut sets);
    out.extend(sets.into_iter().map(|s| s.key.clone()));
}

/// Every macro or include cycle in `tera`, as an error at the call that closes it.
/// Rendering a cycle would recurse until the stack overflows, so this runs once after
/// parsing, before any render.
pub fn check_recursion(tera: &Tera, sources: &[Source<'_>]) -> Vec<Diagnostic> {
    let mut graph: BTreeMap<Callee, Vec<Call>> = BTreeMap::new();
    for (name, t) in &tera.templates {
        let mut calls = Vec::new();
        collect_nodes(tera, name, &t.ast, &mut calls);
        for defs in t.blocks_definitions.values() {
            for (file, block) in defs {
                collect_nodes(tera, file, &block.body, &mut calls);
            }
        }
        graph.insert(Callee::Template(name.clone()), calls);
        for (m, def) in &t.macros {
            let mut calls = Vec::new();
            collect_nodes(tera, name, &def.body, &mut calls);
            graph.insert(
                Callee::Macro {
                    file: name.clone(),
                    name: m.clone(),
                },
                calls,
            );
        }
    }
    let mut diags = Vec::new();
    let mut done: BTreeSet<Callee> = BTreeSet::new();
    for start in graph.keys() {
        let mut path: Vec<Callee> = Vec::new();
        if let Some((from, needle)) = find_cycle(&graph, start, &mut path, &mut done) {
            diags.push(cycle_diagnostic(&from, &needle, &path, sources));
            // A cycle is reported once, from whichever of its members is met first.
            done.extend(path);
        }
    }
    diags
}

/// Depth-first search from `node`; the caller and call that close a cycle, if any.
fn find_cycle(
    graph: &BTreeMap<Callee, Vec<Call>>,
    node: &Callee,
    path: &mut Vec<Callee>,
    done: &mut BTreeSet<Callee>,
) -> Option<(Callee, String)> {
    if done.contains(node) {
        return None;
    }
    path.push(node.clone());
    for call in graph.get(node).map_or(&[][..], Vec::as_slice) {
        if let Some(at) = path.iter().position(|p| *p == call.to) {
            path.drain(..at);
            return Some((node.clone(), call.needle.clone()));
        }
        if let Some(found) = find_cycle(graph, &call.to, path, done) {
            return Some(found);
        }
    }
    path.pop();
    done.insert(node.clone());
    None
}

fn cycle_diagnostic(
    from: &Callee,
    needle: &str,
    cycle: &[Callee],
    sources: &[Source<'_>],
) -> Diagnostic {
    let (template, macro_name) = match from {
        Callee::Template(t) => (t.as_str(), None),
        Callee::Macro { file, name } => (file.as_str(), Some(name.as_str())),
    };
    let shown: Vec<String> = cycle
        .iter()
        .chain(cycle.first())
        .map(|c| match c {
            Callee::Template(t) => format!("`{t}`"),
            Callee::Macro { name, .. } => format!("`{name}`"),
        })
        .collect();
    let mut d = Diagnostic::error(format!(
        "template recursion: {} would never end",
        shown.join(" → ")
    ))
    .with_help("rfx templates cannot recurse: unroll the macro or include into a loop");
    if let Some(src) = sources.iter().find(|s| s.name == template) {
        // Look for the call inside the calling macro's definition, else anywhere.
        let from_def = macro_name
            .and_then(|m| find_after(src.body, "macro", m))
            .map_or(0, |(i, _)| i);
        let at = src.body[from_def..]
            .find(needle)
            .map(|i| i + from_def)
            .or_else(|| src.body.find(needle));
        d = match at {
            Some(offset) if src.body_line > 0 => {
                d.at(body_location(src, offset, needle.chars().count()))
            }
            _ => d.in_file(src.file),
        };
    }
    d
}

/// A location at byte `offset` of a template body, in file lines.
pub fn body_location(src: &Source<'_>, offset: usize, width: usize) -> Location {
    let mut loc = Location::at_offset(src.file, src.body, offset);
    loc.line += src.body_line.saturating_sub(1);
    loc.with_width(width)
}

fn collect_nodes(tera: &Tera, file: &str, nodes: &[Node], out: &mut Vec<Call>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, e) => collect_expr(tera, file, e, out),
            Node::MacroDefinition(..) => {}
            Node::Include(_, names, _) => {
                for n in names {
                    out.push(Call {
                        to: Callee::Template(n.clone()),
                        needle: n.clone(),
                    });
                }
            }
            Node::Set(_, set) => collect_expr(tera, file, &set.value, out),
            Node::FilterSection(_, section, _) => {
                for e in section.filter.args.values() {
                    collect_expr(tera, file, e, out);
                }
                collect_nodes(tera, file, &section.body, out);
            }
            Node::Block(_, block, _) => collect_nodes(tera, file, &block.body, out),
            Node::Forloop(_, l, _) => {
                collect_expr(tera, file, &l.container, out);
                collect_nodes(tera, file, &l.body, out);
                if let Some(empty) = &l.empty_body {
                    collect_nodes(tera, file, empty, out);
                }
            }
            Node::If(i, _) => {
                for (_, e, body) in &i.conditions {
                    collect_expr(tera, file, e, out);
                    collect_nodes(tera, file, body, out);
                }
                if let Some((_, body)) = &i.otherwise {
                    collect_nodes(tera, file, body, out);
                }
            }
            _ => {}
        }
    }
}

fn collect_expr(tera: &Tera, file: &str, e: &Expr, out: &mut Vec<Call>) {
    for f in &e.filters {
        for a in f.args.values() {
            collect_expr(tera, file, a, out);
        }
    }
    match &e.val {
        ExprVal::Math(m) => {
            collect_expr(tera, file, &m.lhs, out);
            collect_expr(tera, file, &m.rhs, out);
        }
        ExprVal::Logic(l) => {
            collect_expr(tera, file, &l.lhs, out);
            collect_expr(tera, file, &l.rhs, out);
        }
        ExprVal::In(i) => {
            collect_expr(tera, file, &i.lhs, out);
            collect_expr(tera, file, &i.rhs, out);
        }
        ExprVal::Test(t) => {
            for a in &t.args {
                collect_expr(tera, file, a, out);
            }
        }
        ExprVal::FunctionCall(f) => {
            for a in f.args.values() {
                collect_expr(tera, file, a, out);
            }
        }
        ExprVal::Array(items) => {
            for a in items {
                collect_expr(tera, file, a, out);
            }
        }
        ExprVal::MacroCall(call) => {
            for a in call.args.values() {
                collect_expr(tera, file, a, out);
            }
            if let Some(target) = macro_file(tera, file, &call.namespace) {
                out.push(Call {
                    to: Callee::Macro {
                        file: target,
                        name: call.name.clone(),
                    },
                    needle: format!("{}::{}", call.namespace, call.name),
                });
            }
        }
        _ => {}
    }
}

/// The template a macro namespace names from within `file`: `self`, or an
/// `{% import … as ns %}` of `file` or of a template it extends.
fn macro_file(tera: &Tera, file: &str, namespace: &str) -> Option<String> {
    if namespace == "self" {
        return Some(file.to_string());
    }
    let t = tera.templates.get(file)?;
    std::iter::once(file)
        .chain(t.parents.iter().map(String::as_str))
        .filter_map(|f| tera.templates.get(f))
        .flat_map(|t| t.imported_macro_files.iter())
        .find(|(_, ns)| ns == namespace)
        .map(|(f, _)| f.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera_with(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        secure(&mut tera);
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        tera
    }

    fn sources<'a>(templates: &'a [(&'a str, &'a str)]) -> Vec<Source<'a>> {
        templates
            .iter()
            .map(|(name, body)| Source {
                name,
                body,
                file: name,
                body_line: 1,
            })
            .collect()
    }

    #[test]
    fn recursive_macros_are_found_at_the_call() {
        let t = [(
            "a.md",
            "{% macro m(n) %}\n{{ self::m(n=n+1) }}{% endmacro m %}{{ self::m(n=1) }}",
        )];
        let diags = check_recursion(&tera_with(&t), &sources(&t));
        assert_eq!(diags.len(), 1, "{diags:?}");
        let loc = diags[0].location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (2, 4), "{}", diags[0]);
    }

    #[test]
    fn mutual_recursion_across_imports_and_includes_is_found() {
        let t = [
            (
                "m.md",
                "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}{{ self::a() }}{% endmacro b %}",
            ),
            ("i.md", "{% include \"j.md\" %}"),
            ("j.md", "x{% include \"i.md\" %}"),
            (
                "ok.md",
                "{% import \"m.md\" as m %}{% macro c() %}1{% endmacro c %}{{ self::c() }}{{ self::c() }}",
            ),
        ];
        let diags = check_recursion(&tera_with(&t), &sources(&t));
        assert_eq!(diags.len(), 2, "{diags:?}");
    }

    #[test]
    fn self_doubling_strings_in_loops_are_refused() {
        let t = [
            (
                "d.md",
                "{% set s = \"x\" %}\n{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}",
            ),
            (
                "ok.md",
                "{% for i in range(end=40) %}{% set t = \"a\" ~ i %}{% set u = t ~ i %}{{ u }}{% endfor %}",
            ),
        ];
        let diags = check_growth(&tera_with(&t), &sources(&t));
        assert_eq!(diags.len(), 1, "{diags:?}");
        let loc = diags[0].location.clone().unwrap();
        assert_eq!(
            (loc.line, loc.column, loc.width),
            (2, 32, 12),
            "{}",
            diags[0]
        );
    }

    #[test]
    fn environment_clock_and_randomness_are_refused() {
        for f in ["get_env(name=\"HOME\")", "now()", "get_random(end=9)"] {
            let t = [("t.md", format!("{{{{ {f} }}}}"))];
            let tera = tera_with(&[("t.md", t[0].1.as_str())]);
            let _budget = Budget::start();
            let e = render(&tera, "t.md", &Context::new()).unwrap_err();
            let chain = format!("{e:?}");
            assert!(chain.contains("is not available"), "{chain}");
        }
    }

    #[test]
    fn range_and_output_are_bounded() {
        let literal = format!(
            "{{% for i in range(end=60000) %}}{}{{% endfor %}}",
            "z".repeat(1000)
        );
        let tera = tera_with(&[
            ("r.md", "{% for i in range(end=100000000) %}x{% endfor %}"),
            (
                "n.md",
                "{% for i in range(end=9000) %}{% for j in range(end=9000) %}{% endfor %}{% endfor %}",
            ),
            (
                "o.md",
                "{% for i in range(end=60000) %}{{ s | safe }}{% endfor %}",
            ),
            ("l.md", &literal),
        ]);
        let _budget = Budget::start();
        assert!(render(&tera, "r.md", &Context::new()).is_err());
        assert_eq!(Budget::hit(), Some(Limit::Range));
        let _budget = Budget::start();
        assert!(render(&tera, "n.md", &Context::new()).is_err());
        let mut ctx = Context::new();
        ctx.insert("s", &"y".repeat(1000));
        let _budget = Budget::start();
        assert!(render(&tera, "o.md", &ctx).is_err());
        let _budget = Budget::start();
        assert!(render(&tera, "l.md", &ctx).is_err());
        assert_eq!(Budget::hit(), Some(Limit::Output));
        let _budget = Budget::start();
        assert!(render(&tera, "r.md", &Context::new()).is_err());
    }

    #[test]
    fn runtime_errors_are_located() {
        let body = "a\n{{ nothing_here(x=1) }} {{ v | nofilter }}\n{{ throw(message=\"no\") }}";
        let tera = tera_with(&[("t.md", "x\n  {{ nothing_here(x=1) }}")]);
        let _budget = Budget::start();
        let e = render(&tera, "t.md", &Context::new()).unwrap_err();
        assert_eq!(runtime_location(&e, body), Some((5, 12)));
        let e = tera::Error::filter_not_found("nofilter");
        assert_eq!(runtime_location(&e, body), Some((33, 8)));
        let e = tera::Error::call_function("throw", tera::Error::msg("no"));
        assert_eq!(runtime_location(&e, body), Some((48, 5)));
    }
}
