//! The character level of Tera 1.20's grammar (`tera.pest`): the cursor, whitespace,
//! literals, identifiers and tag delimiters. Each matcher reproduces one pest rule: on a
//! match it moves the cursor past it, otherwise it leaves the cursor where it was.

/// A PEG cursor over one template text.
pub(super) struct Parser<'a> {
    /// The whole text.
    pub src: &'a str,
    /// Byte offset of the cursor (always on a character boundary).
    pub pos: usize,
    /// Set when the text parses but pest would build it differently from us (an
    /// integer out of range, an array as a test argument): the text goes to pest.
    pub unsupported: bool,
    /// Set (at its byte offset) when the text holds a construct Tera's own parser
    /// accepts but then panics on (an array as a test argument): refused with this
    /// reason rather than handed on.
    pub refused: Option<(usize, &'static str)>,
    /// How many rules that nest ([`Parser::nested`]) are open at the cursor.
    depth: usize,
    /// Set (at its byte offset) when the text nests deeper than [`MAX_NESTING`]: the
    /// text is refused, never handed to pest, whose recursion would exhaust the stack.
    pub too_deep: Option<usize>,
    /// A function call read as the only part of a failed `string_concat`, with where it
    /// starts and ends: the `basic_val` tried next at the same place takes it instead of
    /// reading it again (which would double the work at every level of nested calls).
    pub parsed_call: Option<(usize, usize, tera::ast::FunctionCall)>,
}

/// Deepest nesting of tags, parentheses and calls a text may have; the library's
/// texts nest a few levels.
pub(super) const MAX_NESTING: usize = 100;

/// `WHITESPACE = _{ " " | "\t" | "\r" | "\n" }`
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// `all_chars`: a letter, a digit or `_`.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'a> Parser<'a> {
    /// A cursor at the start of `src`.
    pub fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src,
            pos: 0,
            unsupported: false,
            refused: None,
            depth: 0,
            too_deep: None,
            parsed_call: None,
        }
    }

    /// The byte at the cursor.
    pub fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    /// The text from the cursor on.
    pub fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// Whether the text at the cursor starts with `lit`.
    pub fn at(&self, lit: &str) -> bool {
        self.rest().as_bytes().starts_with(lit.as_bytes())
    }

    /// Matches the literal `lit`.
    pub fn eat(&mut self, lit: &str) -> bool {
        let found = self.at(lit);
        if found {
            self.pos += lit.len();
        }
        found
    }

    /// Runs `rule`; when it does not match, the cursor goes back to where it was.
    pub fn attempt<T>(&mut self, rule: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let start = self.pos;
        let found = rule(self);
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    /// Runs `rule`, one level deeper; fails, and marks the text as too deep, past
    /// [`MAX_NESTING`] levels.
    pub fn nested<T>(&mut self, rule: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.too_deep.is_some() {
            return None;
        }
        if self.depth >= MAX_NESTING {
            self.too_deep = Some(self.pos);
            return None;
        }
        self.depth += 1;
        let found = rule(self);
        self.depth -= 1;
        found
    }

    /// `(next)*` inside a non-atomic rule: every further match of `next`, each after
    /// optional whitespace.
    pub fn repeated<T>(&mut self, next: impl Fn(&mut Self) -> Option<T>) -> Vec<T> {
        let mut found = Vec::new();
        loop {
            self.skip();
            match self.attempt(&next) {
                Some(v) => found.push(v),
                None => return found,
            }
        }
    }

    /// `"[" ~ (item ~ ",")* ~ item? ~ "]"` (non-atomic): an array or a string array.
    pub fn bracketed<T>(&mut self, item: impl Fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.attempt(|p| {
            p.eat("[").then_some(())?;
            let mut items = Vec::new();
            loop {
                p.skip();
                let next = p.attempt(|p| {
                    let v = item(p)?;
                    p.skip();
                    p.eat(",").then_some(v)
                });
                match next {
                    Some(v) => items.push(v),
                    None => break,
                }
            }
            if let Some(v) = item(p) {
                items.push(v);
                p.skip();
            }
            p.eat("]").then_some(items)
        })
    }

    /// `WHITESPACE*`, also the implicit whitespace between the parts of a non-atomic rule.
    pub fn skip(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    /// `WHITESPACE+`
    pub fn skip1(&mut self) -> Option<()> {
        let start = self.pos;
        self.skip();
        (self.pos > start).then_some(())
    }

    /// `all_chars*` from the cursor; whether any was matched.
    fn words(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(is_word) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// `ident = @{ ('a'..'z' | 'A'..'Z' | "_") ~ all_chars* }`
    pub fn ident(&mut self) -> Option<&'a str> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.pos += 1,
            _ => return None,
        }
        self.words();
        Some(&self.src[start..self.pos])
    }

    /// `dotted_square_bracket_ident`: `a.b[0].c["d"][e.f]`, as written.
    pub fn dotted_ident(&mut self) -> Option<&'a str> {
        let start = self.pos;
        self.ident()?;
        loop {
            let dotted = self.attempt(|p| (p.eat(".") && p.words()).then_some(()));
            if dotted.is_none() && self.square_brackets().is_none() {
                break;
            }
        }
        Some(&self.src[start..self.pos])
    }

    /// `square_brackets = @{ "[" ~ (int | string | dotted_square_bracket_ident) ~ "]" }`
    fn square_brackets(&mut self) -> Option<()> {
        self.attempt(|p| {
            if !p.eat("[") {
                return None;
            }
            if p.int().is_none() && p.string().is_none() {
                p.dotted_ident()?;
            }
            p.eat("]").then_some(())
        })
    }

    /// `string`: a double-, single- or back-quoted string without escapes; its content.
    pub fn string(&mut self) -> Option<&'a str> {
        let quote = match self.peek() {
            Some(q @ (b'"' | b'\'' | b'`')) => q,
            _ => return None,
        };
        let body = &self.src[self.pos + 1..];
        let len = body.bytes().position(|b| b == quote)?;
        self.pos += len + 2;
        Some(&body[..len])
    }

    /// `"-"?` then `"0"` or a digit string without a leading zero.
    fn integer_part(&mut self) -> Option<()> {
        self.eat("-");
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            _ => return None,
        }
        Some(())
    }

    /// `int = @{ "-"? ~ ("0" | '1'..'9' ~ '0'..'9'*) }`, as written.
    pub fn int(&mut self) -> Option<&'a str> {
        let start = self.pos;
        self.attempt(|p| p.integer_part())?;
        Some(&self.src[start..self.pos])
    }

    /// `float`: an `int` part, `.`, one or more digits; as written.
    pub fn float(&mut self) -> Option<&'a str> {
        let start = self.pos;
        self.attempt(|p| {
            p.integer_part()?;
            if !p.eat(".") {
                return None;
            }
            let digits = p.pos;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.pos += 1;
            }
            (p.pos > digits).then_some(())
        })?;
        Some(&self.src[start..self.pos])
    }

    /// `boolean = { "true" | "false" | "True" | "False" }`
    pub fn boolean(&mut self) -> Option<bool> {
        if self.eat("true") || self.eat("True") {
            Some(true)
        } else if self.eat("false") || self.eat("False") {
            Some(false)
        } else {
            None
        }
    }

    /// An integer literal's value; one out of range sends the text to pest, which
    /// reports it.
    pub fn int_value(&mut self, text: &str) -> i64 {
        text.parse().unwrap_or_else(|_| {
            self.unsupported = true;
            0
        })
    }

    /// An operator keyword followed by one whitespace character (`op_or`, `op_and`,
    /// `op_not`).
    pub fn keyword_op(&mut self, word: &str) -> bool {
        let rest = self.rest().as_bytes();
        let found =
            rest.starts_with(word.as_bytes()) && rest.get(word.len()).is_some_and(|&b| is_space(b));
        if found {
            self.pos += word.len() + 1;
        }
        found
    }

    /// One of two delimiters, the whitespace-trimming one (`trim`) tried first; whether
    /// that one matched.
    pub fn delimiter(&mut self, trim: &str, plain: &str) -> Option<bool> {
        if self.eat(trim) {
            Some(true)
        } else if self.eat(plain) {
            Some(false)
        } else {
            None
        }
    }

    /// `tag_start = { "{%-" | "{%" }`; whether it trims.
    pub fn tag_start(&mut self) -> Option<bool> {
        self.delimiter("{%-", "{%")
    }

    /// `tag_end = { "-%}" | "%}" }`; whether it trims.
    pub fn tag_end(&mut self) -> Option<bool> {
        self.delimiter("-%}", "%}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_match_as_pest_does() {
        let mut p = Parser::new("a.b[0][\"x\"].c[d.e] rest");
        assert_eq!(p.dotted_ident(), Some("a.b[0][\"x\"].c[d.e]"));
        let mut p = Parser::new("a.[0");
        assert_eq!(p.dotted_ident(), Some("a"));
        assert_eq!(p.rest(), ".[0");
        let mut p = Parser::new("-0.50x");
        assert_eq!(p.float(), Some("-0.50"));
        let mut p = Parser::new("01");
        assert_eq!((p.float(), p.int()), (None, Some("0")));
        let mut p = Parser::new("'it\"s'");
        assert_eq!(p.string(), Some("it\"s"));
        let mut p = Parser::new("\"open");
        assert_eq!((p.string(), p.pos), (None, 0));
        let mut p = Parser::new("or(");
        assert!(!p.keyword_op("or"));
    }
}
