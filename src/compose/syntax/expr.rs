//! Tera 1.20's expressions, rule by rule from `tera.pest` (ordered choice, greedy
//! repetition, implicit whitespace inside non-atomic rules), built into the same
//! `tera::ast::Expr` values as `tera::parser` builds from pest's pairs: math, comparison
//! and logic by precedence climbing, `in`, `not`, `is` tests, filters, function and macro
//! calls, `~` concatenation, arrays and literals.

use super::lexer::Parser;
use std::collections::HashMap;
use tera::ast::{
    Expr, ExprVal, FunctionCall, In, LogicExpr, LogicOperator, MacroCall, MathExpr, MathOperator,
    StringConcat, Test,
};

/// Builds a left-associative tree from `first` and the `(operator, operand)` pairs
/// after it, binding operators of higher `rank` first; the same tree as pest's Pratt
/// parser.
fn climb<T, O: Copy>(
    first: T,
    rest: Vec<(O, T)>,
    rank: impl Fn(O) -> u8 + Copy,
    join: impl Fn(T, O, T) -> T + Copy,
) -> T {
    fn level<T, O: Copy>(
        mut lhs: T,
        rest: &mut std::iter::Peekable<std::vec::IntoIter<(O, T)>>,
        min: u8,
        rank: impl Fn(O) -> u8 + Copy,
        join: impl Fn(T, O, T) -> T + Copy,
    ) -> T {
        while let Some((op, rhs)) = rest.next_if(|(op, _)| rank(*op) >= min) {
            let rhs = level(rhs, rest, rank(op) + 1, rank, join);
            lhs = join(lhs, op, rhs);
        }
        lhs
    }
    level(first, &mut rest.into_iter().peekable(), 0, rank, join)
}

/// `+ -` bind less than `* / %`.
fn math_rank(op: MathOperator) -> u8 {
    match op {
        MathOperator::Add | MathOperator::Sub => 1,
        _ => 2,
    }
}

fn math(lhs: Expr, operator: MathOperator, rhs: Expr) -> Expr {
    Expr::new(ExprVal::Math(MathExpr {
        lhs: Box::new(lhs),
        operator,
        rhs: Box::new(rhs),
    }))
}

fn logic(lhs: Expr, operator: LogicOperator, rhs: Expr) -> Expr {
    Expr::new(ExprVal::Logic(LogicExpr {
        lhs: Box::new(lhs),
        operator,
        rhs: Box::new(rhs),
    }))
}

impl Parser<'_> {
    /// `logic_expr = !{ logic_val ~ ((op_or | op_and) ~ logic_val)* }`; `and` binds first.
    pub fn logic_expr(&mut self) -> Option<Expr> {
        self.nested(Self::logic_expr_within)
    }

    /// [`Parser::logic_expr`] at its depth.
    fn logic_expr_within(&mut self) -> Option<Expr> {
        let first = self.logic_val()?;
        let rest = self.repeated(|p| {
            let op = if p.keyword_op("or") {
                LogicOperator::Or
            } else if p.keyword_op("and") {
                LogicOperator::And
            } else {
                return None;
            };
            p.skip();
            Some((op, p.logic_val()?))
        });
        let rank = |op| u8::from(op == LogicOperator::And);
        Some(climb(first, rest, rank, logic))
    }

    /// `logic_val = !{ op_not? ~ (in_cond | comparison_expr) | "(" ~ logic_expr ~ ")" }`;
    /// as in pest's builder, a parenthesised expression is never negated.
    pub fn logic_val(&mut self) -> Option<Expr> {
        let plain = self.attempt(|p| {
            let negated = p.keyword_op("not");
            p.skip();
            let mut e = p.in_cond_or_comparison()?;
            e.negated = negated;
            Some(e)
        });
        plain.or_else(|| {
            self.attempt(|p| {
                p.eat("(").then_some(())?;
                p.skip();
                let mut e = p.logic_expr()?;
                p.skip();
                p.eat(")").then_some(())?;
                e.negated = false;
                Some(e)
            })
        })
    }

    /// `in_cond | comparison_expr`, their common start read once:
    ///
    /// - `in_cond = !{ (string_expr_filter | basic_expr_filter) ~ op_not? ~ "in" ~
    ///   in_cond_container }`
    /// - `comparison_expr = { (string_expr_filter | comparison_val) ~ (comparison_op ~
    ///   (string_expr_filter | comparison_val))? }`
    ///
    /// Both try `string_expr_filter` first at the same place, and `comparison_val`
    /// starts with `basic_expr_filter`, so the operand `in_cond` reads is the one
    /// `comparison_expr` would read again when no `in` follows.
    fn in_cond_or_comparison(&mut self) -> Option<Expr> {
        let (lhs, is_string) = match self.string_expr_filter() {
            Some(e) => (e, true),
            None => (self.basic_expr_filter()?, false),
        };
        let container = self.attempt(|p| {
            p.skip();
            let negated = p.keyword_op("not");
            p.skip();
            p.eat("in").then_some(())?;
            p.skip();
            let rhs = match p.string_expr_filter().or_else(|| p.array_filter()) {
                Some(e) => e,
                None => Expr::new(ExprVal::Ident(p.dotted_ident()?.to_string())),
            };
            Some((negated, rhs))
        });
        if let Some((negated, rhs)) = container {
            return Some(Expr::new(ExprVal::In(In {
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                negated,
            })));
        }
        // The failed `in` left the cursor after the operand.
        let lhs = if is_string {
            lhs
        } else {
            self.comparison_val_after(lhs)
        };
        Some(self.comparison_rest(lhs))
    }

    /// The rest of `comparison_expr` after its first side: `(comparison_op ~
    /// (string_expr_filter | comparison_val))?`
    fn comparison_rest(&mut self, lhs: Expr) -> Expr {
        self.skip();
        let rhs = self.attempt(|p| {
            let op = p.comparison_op()?;
            p.skip();
            let rhs = match p.string_expr_filter() {
                Some(e) => e,
                None => p.comparison_val()?,
            };
            Some((op, rhs))
        });
        match rhs {
            Some((op, rhs)) => logic(lhs, op, rhs),
            None => lhs,
        }
    }

    /// `comparison_op = _{ op_lte | op_gte | op_gt | op_lt | op_eq | op_ineq }`
    fn comparison_op(&mut self) -> Option<LogicOperator> {
        let ops = [
            ("<=", LogicOperator::Lte),
            (">=", LogicOperator::Gte),
            (">", LogicOperator::Gt),
            ("<", LogicOperator::Lt),
            ("==", LogicOperator::Eq),
            ("!=", LogicOperator::NotEq),
        ];
        ops.into_iter()
            .find(|(lit, _)| self.eat(lit))
            .map(|(_, op)| op)
    }

    /// `basic_op = _{ op_plus | op_minus | op_times | op_slash | op_modulo }`
    fn basic_op(&mut self) -> Option<MathOperator> {
        let op = match self.peek()? {
            b'+' => MathOperator::Add,
            b'-' => MathOperator::Sub,
            b'*' => MathOperator::Mul,
            b'/' => MathOperator::Div,
            b'%' => MathOperator::Modulo,
            _ => return None,
        };
        self.pos += 1;
        Some(op)
    }

    /// `comparison_val = { basic_expr_filter ~ (basic_op ~ basic_expr_filter)* }`
    fn comparison_val(&mut self) -> Option<Expr> {
        let first = self.basic_expr_filter()?;
        Some(self.comparison_val_after(first))
    }

    /// `comparison_val` once its first `basic_expr_filter` is read.
    fn comparison_val_after(&mut self, first: Expr) -> Expr {
        let rest = self.operations(Self::basic_expr_filter);
        climb(first, rest, math_rank, math)
    }

    /// `(basic_op ~ operand)*`: the pairs after a first operand.
    fn operations<T>(
        &mut self,
        operand: impl Fn(&mut Self) -> Option<T> + Copy,
    ) -> Vec<(MathOperator, T)> {
        self.repeated(|p| {
            let op = p.basic_op()?;
            p.skip();
            Some((op, operand(p)?))
        })
    }

    /// `basic_expr_filter = !{ basic_expr ~ filter* }`
    pub fn basic_expr_filter(&mut self) -> Option<Expr> {
        let val = self.basic_expr()?;
        Some(Expr::with_filters(val, self.filters()))
    }

    /// `basic_expr = { ("(" ~ basic_expr ~ ")" | basic_val) ~ (basic_op ~ ("(" ~
    /// basic_expr ~ ")" | basic_val))* }`
    fn basic_expr(&mut self) -> Option<ExprVal> {
        self.nested(Self::basic_expr_within)
    }

    /// [`Parser::basic_expr`] at its depth.
    fn basic_expr_within(&mut self) -> Option<ExprVal> {
        let operand = |p: &mut Self| {
            p.attempt(|p| {
                p.eat("(").then_some(())?;
                p.skip();
                let e = p.basic_expr()?;
                p.skip();
                p.eat(")").then_some(e)
            })
            .or_else(|| p.basic_val())
            .map(Expr::new)
        };
        let first = operand(self)?;
        let rest = self.operations(operand);
        Some(climb(first, rest, math_rank, math).val)
    }

    /// `basic_val = _{ boolean | test_not | test | macro_call | fn_call |
    /// dotted_square_bracket_ident | float | int }`
    fn basic_val(&mut self) -> Option<ExprVal> {
        if let Some(b) = self.boolean() {
            return Some(ExprVal::Bool(b));
        }
        // Most operands are a plain identifier: when what follows it cannot make it a
        // test (`is`), a macro call (`::`) or a function call (`(`), it is one.
        let start = self.pos;
        if let Some(ident) = self.dotted_ident() {
            let end = self.pos;
            self.skip();
            let rest = self.rest().as_bytes();
            let plain = !rest.starts_with(b"is") && !matches!(rest.first(), Some(b':' | b'('));
            self.pos = if plain { end } else { start };
            if plain {
                return Some(ExprVal::Ident(ident.to_string()));
            }
        }
        if let Some(test) = self.test() {
            return Some(ExprVal::Test(test));
        }
        if let Some(call) = self.macro_call() {
            return Some(ExprVal::MacroCall(call));
        }
        if let Some(call) = self.fn_call() {
            return Some(ExprVal::FunctionCall(call));
        }
        if let Some(ident) = self.dotted_ident() {
            return Some(ExprVal::Ident(ident.to_string()));
        }
        if let Some(f) = self.float() {
            // Rust's float parser takes every `float` the grammar matches.
            return Some(ExprVal::Float(f.parse().unwrap_or_default()));
        }
        let int = self.int()?;
        Some(ExprVal::Int(self.int_value(int)))
    }

    /// `test_not = { ident ~ "is" ~ "not" ~ test_call }`, then `test = { ident ~ "is" ~
    /// test_call }` (both on a dotted identifier).
    fn test(&mut self) -> Option<Test> {
        let subject = |p: &mut Self| {
            let ident = p.dotted_ident()?;
            p.skip();
            p.eat("is").then_some(())?;
            p.skip();
            Some(ident)
        };
        let negated = self.attempt(|p| {
            let ident = subject(p)?;
            p.eat("not").then_some(())?;
            p.skip();
            Some((ident, p.test_call()?))
        });
        let (ident, negated, (name, args)) = match negated {
            Some((ident, call)) => (ident, true, call),
            None => self.attempt(|p| Some((subject(p)?, false, p.test_call()?)))?,
        };
        Some(Test {
            ident: ident.to_string(),
            negated,
            name,
            args,
        })
    }

    /// `test_call = !{ ident ~ ("(" ~ test_arg ~ ("," ~ test_arg)* ~ ")")? }`
    fn test_call(&mut self) -> Option<(String, Vec<Expr>)> {
        let name = self.ident()?.to_string();
        self.skip();
        let args = self.attempt(|p| {
            p.eat("(").then_some(())?;
            let mut args = Vec::new();
            loop {
                p.skip();
                match p.logic_expr() {
                    Some(e) => args.push(e),
                    None => {
                        // pest's builder cannot take an array here (it panics).
                        let at = p.pos;
                        p.array_filter()?;
                        p.refused.get_or_insert((
                            at,
                            "a test takes no list as its argument: give the list a name \
                             with `{% set %}` first, or use `in`",
                        ));
                    }
                }
                p.skip();
                if !p.eat(",") {
                    break;
                }
            }
            p.eat(")").then_some(args)
        });
        Some((name, args.unwrap_or_default()))
    }

    /// `macro_call = { ident ~ "::" ~ ident ~ "(" ~ kwargs? ~ ")" }`
    fn macro_call(&mut self) -> Option<MacroCall> {
        self.attempt(|p| {
            let namespace = p.ident()?;
            p.skip();
            p.eat("::").then_some(())?;
            p.skip();
            let name = p.ident()?;
            p.skip();
            let args = p.call_args()?;
            Some(MacroCall {
                namespace: namespace.to_string(),
                name: name.to_string(),
                args,
            })
        })
    }

    /// `fn_call = !{ ident ~ "(" ~ kwargs? ~ ")" }`
    pub fn fn_call(&mut self) -> Option<FunctionCall> {
        let at = self.pos;
        if let Some((_, end, call)) = self.parsed_call.take_if(|(start, ..)| *start == at) {
            self.pos = end;
            return Some(call);
        }
        self.attempt(|p| {
            let name = p.ident()?;
            p.skip();
            let args = p.call_args()?;
            Some(FunctionCall {
                name: name.to_string(),
                args,
            })
        })
    }

    /// `"(" ~ kwargs? ~ ")"` with `kwargs = _{ kwarg ~ ("," ~ kwarg)* ~ ","? }` and
    /// `kwarg = { ident ~ "=" ~ (logic_expr | array_filter) }`; a repeated name keeps its
    /// last value, as in pest's builder.
    fn call_args(&mut self) -> Option<HashMap<String, Expr>> {
        self.eat("(").then_some(())?;
        self.skip();
        let mut args = HashMap::new();
        let kwarg = |p: &mut Self| {
            p.attempt(|p| {
                let name = p.ident()?;
                p.skip();
                p.eat("=").then_some(())?;
                p.skip();
                let value = p.logic_expr().or_else(|| p.array_filter())?;
                Some((name.to_string(), value))
            })
        };
        if let Some((name, value)) = kwarg(self) {
            args.insert(name, value);
            args.extend(self.repeated(|p| {
                p.eat(",").then_some(())?;
                p.skip();
                kwarg(p)
            }));
            self.eat(",");
            self.skip();
        }
        self.eat(")").then_some(args)
    }

    /// `filter*` with `filter = { "|" ~ (fn_call | ident) }`
    pub fn filters(&mut self) -> Vec<FunctionCall> {
        self.repeated(|p| {
            p.eat("|").then_some(())?;
            p.skip();
            p.fn_call().or_else(|| {
                Some(FunctionCall {
                    name: p.ident()?.to_string(),
                    args: HashMap::new(),
                })
            })
        })
    }

    /// `string_expr_filter = !{ (string_concat | string) ~ filter* }`
    fn string_expr_filter(&mut self) -> Option<Expr> {
        let val = match self.string_concat() {
            Some(val) => val,
            None => ExprVal::String(self.string()?.to_string()),
        };
        Some(Expr::with_filters(val, self.filters()))
    }

    /// `string_concat = { part ~ ("~" ~ part)+ }` with `part = fn_call | float | int |
    /// string | dotted_square_bracket_ident`; adjacent strings fold into one. Parts
    /// stay slices of the text until a `~` shows the operand is a concatenation.
    fn string_concat(&mut self) -> Option<ExprVal> {
        enum Part<'s> {
            Text(&'s str),
            Call(FunctionCall),
            Float(&'s str),
            Int(&'s str),
            Ident(&'s str),
        }
        let part = |p: &mut Self| {
            if let Some(call) = p.fn_call() {
                return Some(Part::Call(call));
            }
            if let Some(f) = p.float() {
                return Some(Part::Float(f));
            }
            if let Some(i) = p.int() {
                return Some(Part::Int(i));
            }
            if let Some(s) = p.string() {
                return Some(Part::Text(s));
            }
            Some(Part::Ident(p.dotted_ident()?))
        };
        let start = self.pos;
        let parts = self.attempt(|p| {
            let first = part(p)?;
            let first_end = p.pos;
            let rest = p.repeated(|p| {
                p.eat("~").then_some(())?;
                p.skip();
                part(p)
            });
            if rest.is_empty() {
                if let Part::Call(call) = first {
                    p.parsed_call = Some((start, first_end, call));
                }
                return None;
            }
            Some((first, rest))
        })?;
        let (first, rest) = parts;
        let mut values = Vec::new();
        let mut text = String::new();
        for part in std::iter::once(first).chain(rest) {
            let value = match part {
                Part::Text(s) => {
                    text.push_str(s);
                    continue;
                }
                Part::Call(call) => ExprVal::FunctionCall(call),
                Part::Float(f) => ExprVal::Float(f.parse().unwrap_or_default()),
                Part::Int(i) => ExprVal::Int(self.int_value(i)),
                Part::Ident(ident) => ExprVal::Ident(ident.to_string()),
            };
            if !text.is_empty() {
                values.push(ExprVal::String(std::mem::take(&mut text)));
            }
            values.push(value);
        }
        if values.is_empty() {
            return Some(ExprVal::String(text));
        }
        if !text.is_empty() {
            values.push(ExprVal::String(text));
        }
        Some(ExprVal::StringConcat(StringConcat { values }))
    }

    /// `array_filter = !{ array ~ filter* }` with `array = !{ "[" ~ (logic_val ~ ",")* ~
    /// logic_val? ~ "]" }`
    pub fn array_filter(&mut self) -> Option<Expr> {
        let items = self.bracketed(Self::logic_val)?;
        Some(Expr::with_filters(ExprVal::Array(items), self.filters()))
    }
}
