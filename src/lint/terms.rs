//! Defined terms: where a document defines them (`"Term" means`, `**Term** means`,
//! `(the **Term**)`, a clause's `defines`), terms used but defined nowhere, defined
//! twice differently or never used, and `defines`/`uses` lists that disagree with text.

use super::{Finding, Page, plain};
use crate::build::Engine;
use crate::diag::{Diagnostic, Location, suggest};
use crate::doc::DocumentKind;
use crate::library::Clause;
use crate::spec::SpecFile;
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// `**Term** means`, `"Term" means`, `**Term** is …`, `**Term** has the meaning …`
/// (group 1: the term, group 2: the verb). The lint's own patterns use ASCII word
/// boundaries (`(?-u:\b)`, next to ASCII words they mean the same): with Unicode ones
/// the regex crate leaves its DFA for a slow NFA on any text with curly quotes.
fn means() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r#"(?:\*\*|["“])([A-Z][^*"”\n]{0,60}?)(?:\*\*|["”])\s+(means|is|are|has the meaning|have the meaning|includes)(?-u:\b)"#)
            .expect("pattern")
    })
}

/// `(the **Term**)`, `("Term")`, `(each a **Term**)`, `… is the **Term**`.
fn parenthesised() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r#"(?:\(|(?-u:\b)(?:is|are) )(?:(?:each|together|collectively|jointly)\s+)?(?:(?:the|a|an)\s+)?(?:\*\*|["“])([A-Z][^*"”\n]{0,60}?)(?:\*\*|["”])"#)
            .expect("pattern")
    })
}

/// A run of capitalised words ("Service Credits", "Statement of Work").
fn capitalised_run() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"\b[A-Z][A-Za-z]*(?:(?: of)? [A-Z][A-Za-z]*)+\b").expect("pattern")
    })
}

/// [`capitalised_run`] with ASCII word boundaries: the regex crate's DFA handles these
/// on any text, while Unicode boundaries send non-ASCII text to its much slower NFA.
fn capitalised_run_ascii() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?-u:\b)[A-Z][A-Za-z]*(?:(?: of)? [A-Z][A-Za-z]*)+(?-u:\b)").expect("pattern")
    })
}

/// Whether `c` is a word character for the regex crate's Unicode `\b`.
fn is_word_char(c: char) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let mut buf = [0; 4];
    R.get_or_init(|| Regex::new(r"^\w$").expect("pattern"))
        .is_match(c.encode_utf8(&mut buf))
}

/// The matches of [`capitalised_run`] in `line`, found fast: the ASCII-boundary
/// pattern gives the same matches whenever none of its matches touches a non-ASCII
/// word character, which is nearly every line; the other lines take the Unicode one.
fn capitalised_runs(line: &str) -> Vec<regex::Match<'_>> {
    let fast: Vec<regex::Match<'_>> = capitalised_run_ascii().find_iter(line).collect();
    let touches_word = |m: &regex::Match<'_>| {
        line[..m.start()]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
            || line[m.end()..].chars().next().is_some_and(is_word_char)
    };
    if fast.iter().any(touches_word) {
        capitalised_run().find_iter(line).collect()
    } else {
        fast
    }
}

/// One definition found in a text.
struct Definition {
    term: String,
    offset: usize,
    /// The defining words, to tell two definitions apart.
    wording: String,
    /// "has the meaning given in …": a pointer to another definition.
    pointer: bool,
}

fn definitions(text: &str) -> Vec<Definition> {
    let mut out = Vec::new();
    for c in means().captures_iter(text) {
        let (Some(term), Some(verb)) = (c.get(1), c.get(2)) else {
            continue;
        };
        // "**This Agreement** is made …" names the document; it defines nothing.
        if ["This ", "The ", "These "]
            .iter()
            .any(|p| term.as_str().starts_with(p))
        {
            continue;
        }
        let rest = &text[verb.start()..];
        let end = rest.find(['\n', ';']).unwrap_or(rest.len());
        out.push(Definition {
            term: term.as_str().trim().to_string(),
            offset: term.start(),
            wording: rest[..end].trim().to_string(),
            pointer: !matches!(verb.as_str(), "means" | "is" | "are"),
        });
    }
    for c in parenthesised().captures_iter(text) {
        let Some(term) = c.get(1) else { continue };
        out.push(Definition {
            term: term.as_str().trim().to_string(),
            offset: term.start(),
            wording: String::new(),
            pointer: true,
        });
    }
    out
}

/// Every string value of the spec, joined: names of parties, places and services that
/// are capitalised but are no defined terms.
pub fn spec_names(spec: &SpecFile) -> String {
    fn walk(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    if let Ok(v) = serde_json::to_value(&spec.spec) {
        walk(&v, &mut out);
    }
    out
}

/// The clause files spliced into a page.
pub fn used_clauses<'e>(engine: &'e Engine, page: &Page<'_>) -> Vec<&'e Clause> {
    let files: HashSet<&str> = page.sources.iter().map(|s| s.file.as_str()).collect();
    engine
        .library
        .clauses
        .values()
        .flatten()
        .filter(|c| files.contains(c.source.as_str()))
        .collect()
}

/// The documents whose definitions `kind` also reads: the MSA and the SLA form one
/// agreement, so each incorporates the other's definitions.
fn incorporates(kind: DocumentKind) -> &'static [DocumentKind] {
    match kind {
        DocumentKind::Msa => &[DocumentKind::Sla],
        DocumentKind::Sla => &[DocumentKind::Msa],
        _ => &[],
    }
}

/// Whether the text before `offset` on its line ends a sentence (or starts the line).
fn at_sentence_start(text: &str, offset: usize) -> bool {
    let before = &text[..offset];
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let t = line.trim_end_matches([' ', '*', '_', '(', '"', '“']);
    let t = t.trim_start();
    let list = t.trim_start_matches(['-', '+', '*', '|', '>', ' ']);
    let numbered = t.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()) && t.ends_with('.');
    t.is_empty() || list.is_empty() || numbered || t.ends_with(['.', ':', '!', '?', '|', ';'])
}

/// Defined-term findings for page `i` of `pages`.
pub fn check(
    pages: &[Page<'_>],
    i: usize,
    clauses: &[&Clause],
    names: &str,
    known: &[String],
) -> Vec<Finding> {
    let page = &pages[i];
    let text = &page.plain;
    let defs = definitions(text);
    let mut defined: BTreeMap<String, ()> = BTreeMap::new();
    for d in &defs {
        defined.insert(d.term.clone(), ());
    }
    for c in clauses {
        for t in &c.meta.defines {
            defined.insert(t.clone(), ());
        }
    }
    let mut family_text = text.clone();
    for other in pages
        .iter()
        .filter(|p| incorporates(page.kind).contains(&p.kind))
    {
        let t = &other.plain;
        for d in definitions(t) {
            defined.insert(d.term, ());
        }
        family_text.push_str(t);
    }
    let mut out = Vec::new();
    // Defined twice with different words.
    let mut first: BTreeMap<&str, &Definition> = BTreeMap::new();
    for d in defs.iter().filter(|d| !d.pointer) {
        match first.get(d.term.as_str()) {
            Some(f) if f.wording != d.wording => out.push(
                Finding::warning(
                    d.offset,
                    &d.term,
                    format!("`{}` is defined twice with different words", d.term),
                )
                .help("keep one definition and refer to it, or make the two say the same"),
            ),
            Some(_) => {}
            None => {
                first.insert(&d.term, d);
            }
        }
    }
    // Defined and never used.
    for d in first.values() {
        if family_text.matches(d.term.as_str()).take(2).count() < 2 {
            out.push(
                Finding::warning(
                    d.offset,
                    &d.term,
                    format!("`{}` is defined but never used", d.term),
                )
                .help("remove the definition, or use the term where the text means it"),
            );
        }
    }
    // Used but defined nowhere.
    let mut reported = HashSet::new();
    let mut in_fence = false;
    let mut offset = 0;
    let whole = whole_names(defined.keys().chain(known));
    // Masking keeps byte offsets and line breaks, so the masked text's lines are the
    // text's lines.
    let masked = mask(text, &whole);
    for (line, masked_line) in text.split_inclusive('\n').zip(masked.split_inclusive('\n')) {
        let start = offset;
        offset += line.len();
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence || t.starts_with('#') {
            continue;
        }
        for m in capitalised_runs(masked_line) {
            let mut term = m.as_str();
            let mut at = start + m.start();
            if at_sentence_start(text, at) && !is_known(term, &defined, names, known) {
                match term.split_once(' ') {
                    Some((first_word, rest)) => {
                        at += first_word.len() + 1;
                        term = rest.strip_prefix("of ").unwrap_or(rest);
                    }
                    None => continue,
                }
            }
            for part in [term] {
                if is_known(part, &defined, names, known) || !reported.insert(part.to_string()) {
                    continue;
                }
                let offset = at + term.find(part).unwrap_or(0);
                let mut f = Finding::warning(
                    offset,
                    part,
                    format!("`{part}` looks like a defined term but is not defined"),
                );
                f = match suggest(part, defined.keys().map(String::as_str)) {
                    Some(s) => f.help(format!("did you mean `{s}`?")),
                    None => f.help(format!(
                        "define it (`**{part}** means …` or a clause's `defines:`), or write it in lower case"
                    )),
                };
                out.push(f);
            }
        }
    }
    // Words a clause lists under `uses` must be defined.
    for c in clauses {
        for u in &c.meta.uses {
            if defined.contains_key(u) || !reported.insert(u.clone()) {
                continue;
            }
            let Some(span) = page.sources.iter().find(|s| s.file == c.source) else {
                continue;
            };
            let at = page.text[span.range.clone()]
                .find(u.as_str())
                .map_or(span.range.start, |p| span.range.start + p);
            let mut f = Finding::warning(
                at,
                u,
                format!(
                    "clause `{}` uses `{u}`, which this document does not define",
                    c.key()
                ),
            );
            f = match suggest(u, defined.keys().map(String::as_str)) {
                Some(s) => f.help(format!("did you mean `{s}`?")),
                None => f.help("include the clause that defines it, or remove it from `uses:`"),
            };
            out.push(f);
        }
    }
    out
}

/// The defined terms and known names that no capitalised run can match whole, because
/// they hold lower-case words or brackets ("Specification and Supplier Solution
/// Schedule", "Contracts (Rights of Third Parties) Act 1999").
fn whole_names<'a>(names: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let mut out: Vec<&str> = names
        .map(String::as_str)
        .filter(|n| n.contains(' ') && !n.contains('\n'))
        .filter(|n| capitalised_run().find(n).map(|m| m.as_str()) != Some(n))
        .collect();
    // Longest first, so a name inside a longer one does not cut it short.
    out.sort_by_key(|n| std::cmp::Reverse(n.len()));
    out
}

/// `text` with every whole-word occurrence of `names` blanked (same byte offsets and
/// line breaks), so its capitalised words are not read as undefined terms. Each name is
/// searched for once over the whole text.
fn mask(text: &str, names: &[&str]) -> String {
    let mut out = text.to_string();
    for name in names {
        let mut from = 0;
        while let Some(i) = out[from..].find(name).map(|i| from + i) {
            let end = i + name.len();
            let bounded = !out[..i].ends_with(|c: char| c.is_alphanumeric())
                && !out[end..].starts_with(|c: char| c.is_alphanumeric());
            if bounded {
                out.replace_range(i..end, &" ".repeat(name.len()));
            }
            from = end;
        }
    }
    out
}

fn is_known(term: &str, defined: &BTreeMap<String, ()>, names: &str, known: &[String]) -> bool {
    let singular = term.strip_suffix('s').unwrap_or(term);
    let is = |t: &str| {
        defined.contains_key(t)
            || defined.contains_key(&format!("{t}s"))
            || names.contains(t)
            || known.iter().any(|k| k == t)
    };
    if is(term) || is(singular) {
        return true;
    }
    // "Services of the Customer": each side of "of" on its own.
    if let Some((a, b)) = term.split_once(" of ") {
        return is_known(a, defined, names, known) && is_known(b, defined, names, known);
    }
    // A term preceded or followed by a party's name ("Lisnagree Personnel") is still
    // checked for the rest.
    let words: Vec<&str> = term.split(' ').collect();
    let rest: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !names.contains(w) && !known.iter().any(|k| k == w))
        .collect();
    rest.len() < 2 || defined.contains_key(&rest.join(" "))
}

/// `defines` / `uses` lists of the clauses used by `pages` that disagree with the
/// clause's own text.
pub fn declarations(engine: &Engine, pages: &[Page<'_>]) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for p in pages {
        for c in used_clauses(engine, p) {
            if !seen.insert(c.source.as_str()) {
                continue;
            }
            let body = plain(&c.body);
            let in_text: Vec<String> = definitions(&body).into_iter().map(|d| d.term).collect();
            for t in &c.meta.defines {
                if !in_text.iter().any(|x| same_term(x, t)) {
                    let message = format!(
                        "clause `{}` lists `{t}` under `defines` but its text does not define it",
                        c.key()
                    );
                    out.push(front_matter(c, "defines", t, message).with_help(format!(
                        "define `{t}` in the clause text (`**{t}** means …`), or remove it from `defines:`"
                    )));
                }
            }
            for t in &in_text {
                if !c.meta.defines.iter().any(|x| same_term(x, t)) {
                    let d = Diagnostic::warning(format!(
                        "clause `{}` defines `{t}` but does not list it under `defines`",
                        c.key()
                    ))
                    .at(at_text(c, t))
                    .with_help(format!("add `{t}` to the clause's `defines:` list"));
                    out.push(d);
                }
            }
            for t in &c.meta.uses {
                if !body.contains(t.as_str()) {
                    let message = format!(
                        "clause `{}` lists `{t}` under `uses` but its text does not use it",
                        c.key()
                    );
                    out.push(front_matter(c, "uses", t, message).with_help(format!(
                        "remove `{t}` from `uses:`, or use it in the clause text"
                    )));
                }
            }
        }
    }
    out
}

/// Two spellings of one term: equal, or one the plural of the other.
fn same_term(a: &str, b: &str) -> bool {
    a == b || a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
}

/// The front-matter line of `key` in a clause file, at `term`.
fn front_matter(c: &Clause, key: &str, term: &str, message: String) -> Diagnostic {
    let line_start = c.raw.find(&format!("\n{key}:")).map_or(0, |i| i + 1);
    let line_end = c.raw[line_start..]
        .find('\n')
        .map_or(c.raw.len(), |i| line_start + i);
    let at = c.raw[line_start..line_end]
        .find(term)
        .map_or(line_start, |i| line_start + i);
    Diagnostic::warning(message)
        .at(Location::at_offset(&c.source, &c.raw, at).with_width(term.chars().count()))
}

/// Where a clause's text first has `term`.
fn at_text(c: &Clause, term: &str) -> Location {
    let at = c
        .raw
        .find(&format!("**{term}**"))
        .map(|i| i + 2)
        .or_else(|| c.raw.find(term))
        .unwrap_or(0);
    Location::at_offset(&c.source, &c.raw, at).with_width(term.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast search finds exactly what the Unicode pattern finds, next to accented
    /// letters, combining marks and other scripts too.
    #[test]
    fn capitalised_runs_match_the_unicode_pattern() {
        let lines = [
            "The Service Level Agreement and the Change Control Procedure apply.",
            "Isarwerk Süd Energiedienste GmbH and Service Level Agreemént",
            "éFoo Bar Baz, Foo Bär Baz, Über Alles Gut",
            "Re\u{301}sume Service Credits; “Service Credits” (the Charges of Supplier)",
            "Москва Service Desk Σ Key Personnel_x Key Personnel",
            "",
        ];
        for line in lines {
            let slow: Vec<&str> = capitalised_run()
                .find_iter(line)
                .map(|m| m.as_str())
                .collect();
            let fast: Vec<&str> = capitalised_runs(line).iter().map(|m| m.as_str()).collect();
            assert_eq!(fast, slow, "{line}");
        }
    }

    #[test]
    fn masking_keeps_offsets_and_lines() {
        let text = "Acme Widgets Ltd supplies.\nThe Acme Widgets Ltdx line.\n";
        let masked = mask(text, &["Acme Widgets Ltd"]);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.lines().count(), text.lines().count());
        assert!(masked.starts_with("                 supplies."));
        assert!(masked.contains("Acme Widgets Ltdx"), "not a whole word");
    }
}
