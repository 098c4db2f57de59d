//! Numbers in words: "thirty (20) days" — the words and the digits disagree. Checks
//! every "words (digits)" pair in the style of the `words` filter. The library has
//! number words in English only, so English is what is read.

use super::{Finding, Page, plain};
use regex::Regex;
use std::sync::OnceLock;

fn pair() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"((?:[A-Za-z]+[- ]+){0,7}[A-Za-z]+) *\( *(\d{1,9}) *\)").expect("pattern")
    })
}

fn word_value(w: &str) -> Option<u64> {
    use crate::compose::{NUMBER_ONES, NUMBER_TENS};
    if w.is_empty() {
        return None;
    }
    if let Some(i) = NUMBER_ONES.iter().position(|o| *o == w) {
        return Some(i as u64);
    }
    NUMBER_TENS
        .iter()
        .position(|t| *t == w)
        .map(|i| i as u64 * 10)
}

/// The value of English number words ("one hundred and twenty"), if they are one.
pub fn parse_words(tokens: &[String]) -> Option<u64> {
    let first = tokens.first()?;
    word_value(first)?;
    let (mut total, mut current) = (0u64, 0u64);
    for t in tokens {
        match t.as_str() {
            "and" => {}
            "hundred" if current > 0 => current *= 100,
            "thousand" if current > 0 => {
                total += current * 1000;
                current = 0;
            }
            "million" if current > 0 => {
                total += current * 1_000_000;
                current = 0;
            }
            w => current += word_value(w)?,
        }
    }
    Some(total + current)
}

/// Findings for one page.
pub fn check(page: &Page<'_>) -> Vec<Finding> {
    let text = plain(&page.text);
    let mut out = Vec::new();
    for c in pair().captures_iter(&text) {
        let (Some(words), Some(digits)) = (c.get(1), c.get(2)) else {
            continue;
        };
        // Each word with its byte offset in the text.
        let mut tokens: Vec<(usize, String)> = Vec::new();
        let mut from = None;
        for (j, ch) in words.as_str().char_indices().chain([(words.len(), ' ')]) {
            match (ch.is_ascii_alphabetic(), from) {
                (true, None) => from = Some(j),
                (false, Some(f)) => {
                    tokens.push((words.start() + f, words.as_str()[f..j].to_lowercase()));
                    from = None;
                }
                _ => {}
            }
        }
        let names: Vec<String> = tokens.iter().map(|(_, w)| w.clone()).collect();
        // The longest run of number words just before the brackets.
        let Some((skip, value)) =
            (0..names.len()).find_map(|i| parse_words(&names[i..]).map(|v| (i, v)))
        else {
            continue;
        };
        let Ok(n) = digits.as_str().parse::<u64>() else {
            continue;
        };
        if n != value {
            let start = tokens[skip].0;
            let said = &text[start..c.get(0).map_or(start, |m| m.end())];
            out.push(
                Finding::warning(
                    start,
                    said,
                    format!("the words say {value} but the digits say {n}: `{}`", said.split_whitespace().collect::<Vec<_>>().join(" ")),
                )
                .help("make the words and the digits agree; the `words` filter writes both from one value"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Option<u64> {
        let t: Vec<String> = s.split([' ', '-']).map(str::to_string).collect();
        parse_words(&t)
    }

    #[test]
    fn reads_what_the_words_filter_writes() {
        assert_eq!(words("thirty"), Some(30));
        assert_eq!(words("forty-five"), Some(45));
        assert_eq!(words("one hundred and twenty"), Some(120));
        assert_eq!(words("three thousand"), Some(3000));
        assert_eq!(words("days"), None);
        assert_eq!(words("and one"), None);
    }
}
