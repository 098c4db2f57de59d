//! Tera filters and functions of rfx templates, and the Markdown escaping of values.
//!
//! Filters (`money`, `date`, `percent`, `ordinal`, `list`, `words`, `plural`,
//! `paragraphs`) format values; their output is escaped like any value, except
//! `paragraphs`, which escapes each paragraph itself. Functions (`clause`, `ref`,
//! `toc`, `pagebreak`) emit markers and are the only "safe" output.

use crate::library::is_valid_id;
use crate::markdown::marker;
use serde_json::Value;
use std::collections::HashMap;
use tera::{Filter, Function, Tera};

/// Escapes a value for Markdown: every ASCII punctuation character that can start
/// Markdown structure is backslash-escaped (CommonMark reads `\x` as the literal `x`), line breaks and tabs become spaces,
/// surrounding white space is trimmed, and rfx marker characters are dropped.
pub fn escape_value(value: &str) -> String {
    let value = value.trim();
    let bytes = value.as_bytes();
    // Most values (names, amounts, dates) need nothing: find the first byte that might.
    let Some(first) = bytes.iter().position(|&b| ESCAPE[usize::from(b)] != KEEP) else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(value.len() + value.len() / 4);
    // Characters kept as they are are copied a run at a time; `kept` is where the
    // current run starts. Only ASCII bytes and the lead byte of rfx's markers (all
    // three are U+E000..U+E002) can need anything, so the text is read byte by byte.
    let mut kept = 0;
    let mut i = first;
    while i < bytes.len() {
        // What goes before the byte, and how many bytes of the text it replaces.
        let (insert, replaced) = match ESCAPE[usize::from(bytes[i])] {
            SPACE => (" ", 1),
            BACKSLASH => ("\\", 0),
            MARKER_LEAD
                if value[i..]
                    .chars()
                    .next()
                    .is_some_and(marker::is_marker_char) =>
            {
                ("", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&value[kept..i]);
        out.push_str(insert);
        kept = i + replaced;
        i += replaced.max(1);
    }
    out.push_str(&value[kept..]);
    out
}

/// What [`escape_value`] does with a byte: keep it, make it a space, put a backslash
/// before it, or look whether it starts an rfx marker.
const KEEP: u8 = 0;
const SPACE: u8 = 1;
const BACKSLASH: u8 = 2;
const MARKER_LEAD: u8 = 3;

/// [`escape_value`]'s rule for each byte.
static ESCAPE: [u8; 256] = {
    let mut table = [KEEP; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = match byte {
            b'\n' | b'\r' | b'\t' => SPACE,
            // Punctuation that never starts Markdown structure stays readable.
            b',' | b';' | b':' | b'/' | b'?' | b'@' | b'%' | b'\'' | b'"' => KEEP,
            _ if byte.is_ascii_punctuation() => BACKSLASH,
            0xEE => MARKER_LEAD,
            _ => KEEP,
        };
        b += 1;
    }
    table
};

/// Registers every rfx filter and function on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("money", money);
    tera.register_filter("date", date);
    tera.register_filter("percent", percent);
    tera.register_filter("ordinal", ordinal);
    tera.register_filter("list", list);
    tera.register_filter("words", words);
    tera.register_filter("plural", plural);
    tera.register_filter("paragraphs", Paragraphs);
    tera.register_function("clause", ClauseFn);
    tera.register_function("ref", RefFn);
    tera.register_function("toc", MarkerFn("toc"));
    tera.register_function("pagebreak", MarkerFn("pagebreak"));
}

fn err(msg: impl Into<String>) -> tera::Error {
    tera::Error::msg(msg.into())
}

fn str_arg<'a>(args: &'a HashMap<String, Value>, name: &str) -> Option<&'a str> {
    args.get(name).and_then(Value::as_str)
}

/// Decimal digits of a number given as JSON number or decimal string: (negative, int, frac).
fn decimal_parts(value: &Value) -> Option<(bool, String, String)> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d.to_string()),
        None => (false, text),
    };
    if digits.contains(['e', 'E']) {
        // Exponent notation from very large or small floats: format through f64.
        let f: f64 = digits.parse().ok()?;
        return decimal_parts(&Value::String(format!(
            "{}{f:.6}",
            if neg { "-" } else { "" }
        )));
    }
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let valid = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| (neg, int.to_string(), frac.to_string()))
}

fn group_thousands(int: &str) -> String {
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats `{amount, currency}` (or a number with `currency=`) as "EUR 1,250,000.00".
fn money(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let (amount, currency) = match value {
        Value::Object(map) => (
            map.get("amount").cloned().unwrap_or(Value::Null),
            map.get("currency")
                .and_then(Value::as_str)
                .map(str::to_string),
        ),
        other => (other.clone(), None),
    };
    let currency = str_arg(args, "currency")
        .map(str::to_string)
        .or(currency)
        .ok_or_else(|| err("money: no currency (pass an amount object or currency=\"EUR\")"))?;
    let (neg, int, frac) =
        decimal_parts(&amount).ok_or_else(|| err(format!("money: `{amount}` is not an amount")))?;
    // The spec's ISO 4217 table says how many decimals the currency has (KWD 3, JPY 0).
    let places = crate::spec::Currency::from_code(&currency)
        .ok_or_else(|| {
            err(format!(
                "money: `{currency}` is not an ISO 4217 currency code"
            ))
        })?
        .minor_units() as usize;
    let mut frac: String = frac.chars().take(places).collect();
    while frac.len() < places {
        frac.push('0');
    }
    let sign = if neg { "-" } else { "" };
    let sep = if places > 0 { "." } else { "" };
    Ok(Value::String(format!(
        "{currency} {sign}{}{sep}{frac}",
        group_thousands(&int)
    )))
}

use crate::civil::MONTH_NAMES as MONTHS;

/// Formats an ISO date as "15 March 2026" (`style="iso"` keeps "2026-03-15").
fn date(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| err(format!("date: `{value}` is not a date")))?;
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(err(format!("date: `{text}` is not YYYY-MM-DD")));
    };
    let (Ok(month), Ok(day)) = (m.parse::<usize>(), d.parse::<u32>()) else {
        return Err(err(format!("date: `{text}` is not YYYY-MM-DD")));
    };
    if !(1..=12).contains(&month) {
        return Err(err(format!("date: `{text}` has no month {month}")));
    }
    Ok(Value::String(match str_arg(args, "style") {
        Some("iso") => text.to_string(),
        Some("us") => format!("{} {day}, {y}", MONTHS[month - 1]),
        _ => format!("{day} {} {y}", MONTHS[month - 1]),
    }))
}

/// Formats a number as a percentage: 99.9 → "99.9%", 5 → "5%".
fn percent(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let (neg, int, frac) =
        decimal_parts(value).ok_or_else(|| err(format!("percent: `{value}` is not a number")))?;
    let frac = frac.trim_end_matches('0');
    let sign = if neg { "-" } else { "" };
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    Ok(Value::String(if frac.is_empty() {
        format!("{sign}{int}%")
    } else {
        format!("{sign}{int}.{frac}%")
    }))
}

fn as_integer(value: &Value, filter: &str) -> tera::Result<u64> {
    value
        .as_u64()
        .or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        })
        .ok_or_else(|| err(format!("{filter}: `{value}` is not a whole number")))
}

/// 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd".
fn ordinal(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = as_integer(value, "ordinal")?;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    Ok(Value::String(format!("{n}{suffix}")))
}

/// ["A", "B", "C"] → "A, B and C" (`conj="or"` for "A, B or C").
fn list(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let items: Vec<String> = value
        .as_array()
        .ok_or_else(|| err(format!("list: `{value}` is not a list")))?
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let conj = str_arg(args, "conj").unwrap_or("and");
    Ok(Value::String(match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conj} {last}", init.join(", ")),
    }))
}

/// English number words below twenty, by value (shared with the lint).
pub(crate) const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
/// English tens by value (index 2 is "twenty"; 0 and 1 are empty).
pub(crate) const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn number_words(n: u64) -> String {
    match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 => match n % 10 {
            0 => TENS[(n / 10) as usize].to_string(),
            r => format!("{}-{}", TENS[(n / 10) as usize], ONES[r as usize]),
        },
        100..=999 => match n % 100 {
            0 => format!("{} hundred", ONES[(n / 100) as usize]),
            r => format!(
                "{} hundred and {}",
                ONES[(n / 100) as usize],
                number_words(r)
            ),
        },
        1000..=999_999 => match n % 1000 {
            0 => format!("{} thousand", number_words(n / 1000)),
            r if r < 100 => format!(
                "{} thousand and {}",
                number_words(n / 1000),
                number_words(r)
            ),
            r => format!("{} thousand {}", number_words(n / 1000), number_words(r)),
        },
        _ => n.to_string(),
    }
}

/// 30 → "thirty (30)", the drafting style for periods and counts in contracts.
fn words(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = as_integer(value, "words")?;
    Ok(Value::String(format!("{} ({n})", number_words(n))))
}

/// `n | plural(one="day", many="days")` → "day" or "days".
fn plural(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = value
        .as_f64()
        .ok_or_else(|| err(format!("plural: `{value}` is not a number")))?;
    let one = str_arg(args, "one").unwrap_or("");
    let many = str_arg(args, "many").map_or_else(|| format!("{one}s"), str::to_string);
    Ok(Value::String(if n == 1.0 { one.to_string() } else { many }))
}

/// Multi-paragraph text: each paragraph escaped, separated by blank lines.
struct Paragraphs;

impl Filter for Paragraphs {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = value
            .as_str()
            .ok_or_else(|| err(format!("paragraphs: `{value}` is not text")))?;
        let paras: Vec<String> = text
            .replace("\r\n", "\n")
            .split("\n\n")
            .map(escape_value)
            .filter(|p| !p.is_empty())
            .collect();
        Ok(Value::String(paras.join("\n\n")))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn id_arg(args: &HashMap<String, Value>, function: &str) -> tera::Result<String> {
    let id = str_arg(args, "id").ok_or_else(|| err(format!("{function}() needs id=\"…\"")))?;
    if !is_valid_id(id) {
        return Err(err(format!(
            "{function}(id=\"{id}\"): ids are lower-case letters, digits and dashes"
        )));
    }
    Ok(id.to_string())
}

/// `clause(id="…", level=1)`: marks where a clause is spliced in.
struct ClauseFn;

impl Function for ClauseFn {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let id = id_arg(args, "clause")?;
        let level = args
            .get("level")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            .clamp(1, 6);
        Ok(Value::String(format!(
            "\n\n{}clause{}{id}{}{level}{}\n\n",
            marker::OPEN,
            marker::SEP,
            marker::SEP,
            marker::CLOSE
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `ref(id="…", word="Clause")`: a cross-reference, resolved to "clause 12.2".
struct RefFn;

impl Function for RefFn {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let id = id_arg(args, "ref")?;
        // Without `word=`, the template's `ref_word` is filled in after composition.
        let word = str_arg(args, "word").unwrap_or("");
        if !word.chars().all(|c| c.is_alphabetic() || c == ' ') {
            return Err(err(format!(
                "ref(word=\"{word}\"): use a plain word like \"clause\""
            )));
        }
        Ok(Value::String(marker::cross_ref(&id, word)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `toc()` and `pagebreak()`: block markers.
struct MarkerFn(&'static str);

impl Function for MarkerFn {
    fn call(&self, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(Value::String(format!(
            "\n\n{}{}{}\n\n",
            marker::OPEN,
            self.0,
            marker::CLOSE
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::render_one;
    use serde_json::json;

    fn one(template: &str, values: Value) -> String {
        render_one(template, &values).unwrap()
    }

    #[test]
    fn formats_money_dates_percentages_and_lists() {
        let v = json!({"fee": {"amount": "1250000.5", "currency": "EUR"}, "yen": {"amount": 1500, "currency": "JPY"},
                       "d": "2026-03-15", "p": 99.95, "l": ["A", "B", "C"], "n": 30});
        assert_eq!(one("{{ fee | money }}", v.clone()), "EUR 1,250,000\\.50");
        assert_eq!(one("{{ yen | money }}", v.clone()), "JPY 1,500");
        assert_eq!(
            one("{{ 2850000.125 | money(currency=\"KWD\") }}", v.clone()),
            "KWD 2,850,000\\.125"
        );
        assert_eq!(
            one("{{ 1500 | money(currency=\"HUF\") }}", v.clone()),
            "HUF 1,500\\.00"
        );
        assert_eq!(
            one("{{ 2000 | money(currency=\"GBP\") }}", v.clone()),
            "GBP 2,000\\.00"
        );
        assert_eq!(one("{{ d | date }}", v.clone()), "15 March 2026");
        assert_eq!(one("{{ p | percent }}", v.clone()), "99\\.95%");
        assert_eq!(
            one("{{ l | list }} / {{ l | list(conj=\"or\") }}", v.clone()),
            "A, B and C / A, B or C"
        );
        assert_eq!(one("{{ n | words }}", v.clone()), "thirty \\(30\\)");
        assert_eq!(one("{{ 21 | ordinal }} {{ 12 | ordinal }}", v), "21st 12th");
    }

    #[test]
    fn values_are_escaped_and_never_evaluated() {
        let nasty =
            "{{ 7*7 }} {% include \"x\" %} # H **b** [x](javascript:alert(1)) <script> | a |";
        let out = one("{{ v }}", json!({ "v": nasty }));
        assert!(!out.contains("49"));
        let doc = crate::markdown::parse(&out);
        assert_eq!(
            doc.blocks,
            vec![crate::doc::Block::Paragraph(vec![
                crate::doc::Inline::Text(nasty.into())
            ])]
        );
    }

    proptest::proptest! {
        /// The byte-wise escape gives what escaping character by character gives.
        #[test]
        fn escaping_a_run_at_a_time_equals_escaping_each_character(
            value in r##"([a-z ,.;:/?@%'"#*_`<>|\\\[\]()!\n\t\r]|\x{E000}|\x{E001}|\x{E002}|\x{E100}|é|€|日){0,40}"##
        ) {
            let mut expected = String::new();
            for c in value.trim().chars() {
                match c {
                    c if marker::is_marker_char(c) => {}
                    '\n' | '\r' | '\t' => expected.push(' '),
                    ',' | ';' | ':' | '/' | '?' | '@' | '%' | '\'' | '"' => expected.push(c),
                    c if c.is_ascii_punctuation() => {
                        expected.push('\\');
                        expected.push(c);
                    }
                    c => expected.push(c),
                }
            }
            proptest::prop_assert_eq!(escape_value(&value), expected);
        }
    }

    #[test]
    fn marker_characters_in_values_are_dropped() {
        let evil = format!("x{}", marker::cross_ref("a", "clause"));
        assert_eq!(escape_value(&evil), "xrefaclause");
    }

    #[test]
    fn functions_emit_unescaped_markers() {
        let out = one("{{ ref(id=\"scope\", word=\"Section\") }}", json!({}));
        assert_eq!(out, marker::cross_ref("scope", "Section"));
        assert!(render_one("{{ clause(id=\"../x\") }}", &json!({})).is_err());
    }

    #[test]
    fn undefined_variables_are_errors() {
        let e = render_one("{{ nda.purpose }}", &json!({})).unwrap_err();
        assert!(e.contains("nda.purpose"), "{e}");
    }

    #[test]
    fn number_words_read_naturally() {
        assert_eq!(number_words(5), "five");
        assert_eq!(number_words(45), "forty-five");
        assert_eq!(number_words(120), "one hundred and twenty");
        assert_eq!(number_words(3000), "three thousand");
    }
}
