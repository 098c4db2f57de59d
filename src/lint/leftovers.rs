//! Placeholders and leftovers: unresolved `{{ }}`, `TODO`, `[●]`, doubled words,
//! unbalanced brackets and quotes, empty headings.

use super::{Finding, Page, plain};

/// Findings for one page.
pub fn check(page: &Page<'_>) -> Vec<Finding> {
    let text = plain(&page.text);
    let mut out = Vec::new();
    for needle in ["{{", "{%", "TODO", "[●]", "[•]"] {
        for (at, _) in text.match_indices(needle) {
            out.push(
                Finding::warning(at, needle, format!("leftover `{needle}` in the text"))
                    .help("complete the wording; a released document should have no placeholders"),
            );
        }
    }
    doubled_words(&text, &mut out);
    let mut offset = 0;
    let mut in_fence = false;
    let mut paragraph = (0, String::new());
    let mut last_heading: Option<(usize, usize, String)> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if t.is_empty() {
            balance(&paragraph.1, paragraph.0, &mut out);
            paragraph = (offset, String::new());
            continue;
        }
        let hashes = t.bytes().take_while(|b| *b == b'#').count();
        if (1..=6).contains(&hashes) && (t.len() == hashes || t[hashes..].starts_with(' ')) {
            balance(&paragraph.1, paragraph.0, &mut out);
            paragraph = (offset, String::new());
            let title = t[hashes..]
                .rsplit_once('{')
                .filter(|(_, a)| a.trim_end().ends_with('}'))
                .map_or(&t[hashes..], |(b, _)| b)
                .trim();
            if title.is_empty() {
                out.push(
                    Finding::warning(start, t, "empty heading".to_string())
                        .help("give the heading a title, or remove it"),
                );
            }
            if let Some((lvl, at, prev)) = &last_heading {
                if hashes <= *lvl {
                    out.push(
                        Finding::warning(
                            *at,
                            prev,
                            format!("section `{}` is empty", prev.trim_start_matches('#').trim()),
                        )
                        .help("add its text, or remove the heading"),
                    );
                }
            }
            last_heading = Some((hashes, start, t.to_string()));
            continue;
        }
        last_heading = None;
        paragraph.1.push_str(line);
    }
    balance(&paragraph.1, paragraph.0, &mut out);
    out
}

fn doubled_words(text: &str, out: &mut Vec<Finding>) {
    let mut prev: Option<(usize, &str)> = None;
    let mut gap_ok = true;
    let mut word_start = None;
    let bytes = text.as_bytes();
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphabetic() {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            let w = &text[s..i];
            if let Some((ps, p)) = prev {
                if gap_ok && p == w && !w.chars().all(|c| c == 'x') {
                    out.push(
                        Finding::warning(ps, &text[ps..i], format!("doubled word `{p} {w}`"))
                            .help("remove one of them"),
                    );
                }
            }
            prev = Some((s, w));
            gap_ok = true;
        }
        // Only spaces (and one line break) between two words make them doubled.
        let newline_run = c == '\n' && i > 0 && bytes.get(i - 1) == Some(&b'\n');
        if !(c == ' ' || c == '\n') || newline_run {
            gap_ok = false;
        }
    }
}

/// Unbalanced brackets or quotes in one paragraph.
fn balance(paragraph: &str, at: usize, out: &mut Vec<Finding>) {
    if paragraph.is_empty() {
        return;
    }
    let count = |c: char| paragraph.matches(c).count();
    let first_line = paragraph.lines().next().unwrap_or("");
    for (open, close) in [('(', ')'), ('[', ']'), ('“', '”')] {
        let (o, c) = (count(open), count(close));
        // "a)" list labels close without opening.
        let labels = paragraph
            .lines()
            .filter(|l| {
                let t = l.trim_start().trim_start_matches(['-', '*', ' ']);
                t.find(close)
                    .is_some_and(|i| i <= 4 && !t[..i].contains(open))
            })
            .count();
        if o != c && !(open == '(' && c == o + labels) {
            out.push(
                Finding::warning(
                    at,
                    first_line,
                    format!("unbalanced `{open}` and `{close}` ({o} opened, {c} closed) in this paragraph"),
                )
                .help(format!("close every `{open}` with `{close}`")),
            );
        }
    }
    if count('"') % 2 == 1 {
        out.push(
            Finding::warning(
                at,
                first_line,
                "an unpaired `\"` in this paragraph".to_string(),
            )
            .help("close the quotation"),
        );
    }
}
