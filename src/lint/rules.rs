//! Rules as data: a library's `lint/*.yaml` files say which facts must have one value
//! across a pack ("one fact, one value"). Each rule has an id, a description, the
//! documents it reads, a pattern with a `value` capture and an expectation: every
//! capture agrees, or every capture equals a spec path (`equals:`). A rule file may
//! also list `names`: capitalised proper names that need no definition.

use super::numbers::parse_words;
use super::{Finding, Page, plain};
use crate::diag::{Diagnostic, Location};
use crate::doc::DocumentKind;
use crate::spec::SpecFile;
use include_dir::{Dir, include_dir};
use regex::Regex;
use serde::Deserialize;
use std::path::Path;

static BUILTIN_RULES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/lint");

/// One rule file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    rules: Vec<RuleText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleText {
    id: String,
    description: String,
    #[serde(default)]
    documents: Vec<DocumentKind>,
    pattern: String,
    #[serde(default)]
    equals: Option<String>,
}

/// A checked rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Rule id (unique in the merged rule set).
    pub id: String,
    /// What fact it keeps consistent.
    pub description: String,
    /// Documents it reads (empty: all).
    pub documents: Vec<DocumentKind>,
    /// Pattern with a `value` capture.
    pub pattern: Regex,
    /// Spec path every value must equal, else all values must agree.
    pub equals: Option<String>,
    /// Display path of the rule file.
    pub source: String,
}

/// The rules of the built-in library and the user's folders.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Rules by id, in file order.
    pub rules: Vec<Rule>,
    /// Proper names that need no definition.
    pub names: Vec<String>,
}

impl RuleSet {
    /// The built-in library's rules.
    pub fn builtin() -> Result<RuleSet, Vec<Diagnostic>> {
        let mut set = RuleSet::default();
        let mut diags = Vec::new();
        let mut files: Vec<_> = BUILTIN_RULES
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort_by_key(|f| f.path());
        for f in files {
            let name = format!("lint/{}", f.path().display());
            set.add(&name, f.contents_utf8().unwrap_or(""), &mut diags);
        }
        if diags.is_empty() {
            Ok(set)
        } else {
            Err(diags)
        }
    }

    /// Adds `DIR/lint/*.yaml`; a rule with a built-in rule's id replaces it.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Vec<Diagnostic>> {
        let folder = dir.join("lint");
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return Ok(());
        };
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        let mut diags = Vec::new();
        for p in paths {
            let name = p.display().to_string();
            match std::fs::read_to_string(&p) {
                Ok(text) => self.add(&name, &text, &mut diags),
                Err(e) => diags.push(Diagnostic::error(format!("cannot read `{name}`: {e}"))),
            }
        }
        if diags.is_empty() { Ok(()) } else { Err(diags) }
    }

    /// Adds one rule file's text; problems become located diagnostics.
    pub fn add(&mut self, file: &str, text: &str, diags: &mut Vec<Diagnostic>) {
        let parsed: RuleFile = match serde_yaml::from_str(text) {
            Ok(p) => p,
            Err(e) => {
                let mut d = Diagnostic::error(format!("invalid rule file: {e}"))
                    .with_help("see README, \"Lint rules\", for the rule-file format");
                d = match e.location() {
                    Some(l) => d.at(Location::in_source(file, text, l.line(), l.column())),
                    None => d.in_file(file),
                };
                diags.push(d);
                return;
            }
        };
        self.names.extend(parsed.names);
        for r in parsed.rules {
            let at = text.find(&format!("id: {}", r.id)).unwrap_or(0);
            let here = Location::at_offset(file, text, at);
            let pattern = match Regex::new(&r.pattern) {
                Ok(p) => p,
                Err(e) => {
                    diags.push(
                        Diagnostic::error(format!("rule `{}`: invalid pattern: {e}", r.id))
                            .at(here)
                            .with_help("patterns use the Rust `regex` syntax"),
                    );
                    continue;
                }
            };
            if !pattern.capture_names().any(|n| n == Some("value")) {
                diags.push(
                    Diagnostic::error(format!(
                        "rule `{}`: the pattern has no `value` capture",
                        r.id
                    ))
                    .at(here)
                    .with_help("name the part that holds the fact: `(?P<value>…)`"),
                );
                continue;
            }
            let rule = Rule {
                id: r.id,
                description: r.description,
                documents: r.documents,
                pattern,
                equals: r.equals,
                source: file.to_string(),
            };
            match self.rules.iter_mut().find(|x| x.id == rule.id) {
                Some(x) => *x = rule,
                None => self.rules.push(rule),
            }
        }
    }

    /// Every rule's findings on `pages`, as (page index, finding).
    pub fn check(&self, pages: &[Page<'_>], spec: &SpecFile) -> Vec<(usize, Finding)> {
        let texts: Vec<String> = pages.iter().map(|p| plain(&p.text)).collect();
        let values = serde_json::to_value(&spec.spec).unwrap_or_default();
        let mut out = Vec::new();
        for rule in &self.rules {
            let mut seen: Vec<(usize, usize, String, String)> = Vec::new();
            for (i, p) in pages.iter().enumerate() {
                if !rule.documents.is_empty() && !rule.documents.contains(&p.kind) {
                    continue;
                }
                for c in rule.pattern.captures_iter(&texts[i]) {
                    let Some(v) = c.name("value") else { continue };
                    let shown = v.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                    seen.push((i, v.start(), normalise(v.as_str()), shown));
                }
            }
            let expected = match &rule.equals {
                Some(path) => match lookup(&values, path) {
                    Some(v) => Some((normalise(&v), v, format!("the spec's `{path}`"))),
                    None => continue,
                },
                None => seen.first().map(|(i, at, n, shown)| {
                    let p = &pages[*i];
                    let place = match p.section(*at) {
                        Some(s) => format!("the {}, section {s}", p.kind.as_str().to_uppercase()),
                        None => format!("the {}", p.kind.as_str().to_uppercase()),
                    };
                    (n.clone(), shown.clone(), place)
                }),
            };
            let Some((want, want_shown, place)) = expected else {
                continue;
            };
            for (i, at, n, shown) in &seen {
                if *n != want {
                    out.push((
                        *i,
                        Finding::warning(
                            *at,
                            shown,
                            format!(
                                "{}: `{shown}` here, but `{want_shown}` in {place}",
                                rule.description
                            ),
                        )
                        .help(format!(
                            "make the documents agree (rule `{}` in {})",
                            rule.id, rule.source
                        )),
                    ));
                }
            }
        }
        out
    }
}

/// A captured value in comparable form: number words and "words (digits)" become the
/// number, other text lower case with single spaces.
fn normalise(v: &str) -> String {
    let words: Vec<String> = v
        .split([' ', '-', '\n'])
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(['(', ')', ',']).to_lowercase())
        .collect();
    if let Some(d) = words
        .iter()
        .find(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
    {
        return d.trim_start_matches('0').to_string();
    }
    if let Some(n) = parse_words(&words) {
        return n.to_string();
    }
    words.join(" ")
}

/// The spec value at a dotted path, as text.
fn lookup(values: &serde_json::Value, path: &str) -> Option<String> {
    let mut v = values;
    for part in path.split('.') {
        v = v.get(part)?;
    }
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
