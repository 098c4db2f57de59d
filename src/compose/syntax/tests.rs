//! The parser against Tera's own: tree for tree on every library text, on a list of
//! constructs, and on generated and mangled templates.

use super::{add_template, build, parse};
use proptest::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use tera::Tera;
use tera::ast::Node;

/// What Tera's parser makes of `body`: its tree, `Err` for a syntax error, `None` when
/// it panics.
fn pest(body: &str) -> Option<Result<Vec<Node>, String>> {
    let built = catch_unwind(AssertUnwindSafe(|| tera::Template::new("t", None, body)));
    built
        .ok()
        .map(|r| r.map(|t| t.ast).map_err(|e| format!("{e:?}")))
}

/// Fails unless our parser falls back on `body` or builds exactly Tera's tree; with
/// `must_parse`, falling back on a valid text fails too.
fn agrees(body: &str, must_parse: bool) -> Result<(), String> {
    let ours = build("t", body).map(|t| t.ast);
    match (ours, pest(body)) {
        (Some(ours), Some(Ok(theirs))) if ours != theirs => Err(format!(
            "trees differ for {body:?}\n ours: {ours:?}\npest: {theirs:?}"
        )),
        (Some(_), Some(Err(e))) => Err(format!("{body:?} parsed, but pest refuses it: {e}")),
        (Some(_), None) => Err(format!("{body:?} parsed, but pest's builder panics")),
        (None, Some(Ok(_))) if must_parse => Err(format!("{body:?} fell back to pest")),
        _ => Ok(()),
    }
}

/// Constructs of the language, each of which must parse to pest's tree.
const VALID: &[&str] = &[
    "",
    "plain text with { braces } and # hashes } %} #}",
    "{{ x }}{{x}}{{- x -}}  {{-x-}}",
    "a  {{- x }}  b {{ y -}}  c",
    "{{ a.b[0][\"k\"].c[d.e] }}",
    "{{ 1 + 2 * 3 - 4 / 5 % 6 }}",
    "{{ (1 + 2) * -3 }} {{ a-1 }} {{ a - -1.5 }} {{ -0 }}",
    "{{ a | upper | truncate(length=3) | default(value=\"x\", ) }}",
    "{{ a | f + b | g }}",
    "{{ a == b }}{{ a != 1 }}{{ a < b }}{{ a <= b }}{{ a > b }}{{ a >= b }}",
    "{{ a and b or not c and d }}",
    "{{ not a }} {{ (not a) }} {{ not (a or b) }}",
    "{{ a in [1, 2, 3,] }} {{ \"x\" not in b }} {{ a in \"abc\" }} {{ a index }}",
    "{{ a is defined }} {{ a is not defined }} {{ a is divisibleby(3) }} {{ a is notx }}",
    "{{ \"a\" ~ 'b' ~ `c` }} {{ a ~ 1 ~ \"s\" ~ 1.5 ~ f(x=1) ~ \"t\" }}",
    "{{ \"x\" | upper }} {{ 'it\"s' }} {{ `back'tick` }}",
    "{{ f() }} {{ f(a=1, b=[1, 2], c=x | g) }} {{ f ( a = 1 ) }}",
    "{{ self::m(a=1) }} {{ ns :: m() }}",
    "{{ [1, \"a\", b | f, [2]] | length }}",
    "{{ true }}{{ False }}{{ 1.25 }}",
    "{{ a or(b) }}",
    "{{ super() }}{% for x in a %}{{ super () }}{% endfor %}",
    "{% set x = 1 %}{% set_global y = [1] %}{%- set z=a|f -%}",
    "{% if a %}1{% elif b %}2{% elif c %}3{% else %}4{% endif %}",
    "  {%- if a -%}  1  {%- elif b -%}  2  {%- else -%}  3  {%- endif -%}  ",
    "x {%- if a %} 1 {%- endif %} y {% if b -%} 2 {% else -%} 3 {%- endif %}",
    "{% for x in items %}{{ x }}{% endfor %}",
    "{% for k, v in map | items %}{% if k %}{% break %}{% endif %}{% continue %}{% endfor %}",
    "{% for x in [1, 2] %}a{% else %}b{% else %}c{% endfor %}",
    "{%- for x in xs -%} {{ x }} {%- endfor -%}",
    "{% filter upper %}a {{ b }}{% endfilter %}{% filter truncate(length=2) %}x{% endfilter %}",
    "{% raw %}{{ not parsed }}{% endraw %} {%- raw -%}  x  {%- endraw -%}",
    "{# comment #}{#- c -#} {# -#}",
    "{# leading #}{% extends \"base\" %}",
    "{% import \"m\" as m %}{% import 'n' as n %}text",
    "{% include \"a\" %}{% include [\"a\", 'b'] ignore missing %}{%- include `c` -%}",
    "{% macro m(a, b=1, c=\"s\", d=true, e=1.5, f=-2) %}{{ a }}{% if a %}{% endif %}{% endmacro m %}",
    "{% block b %}x{{ super() }}{% block inner %}{% endblock inner %}{% endblock b %}",
    "{% block b %}{% if a %}{{ super() }}{% endif %}{% endblock %}",
    "{% filter f %}{% block b %}{% endblock %}{% if a %}{% endif %}{% endfilter %}",
    "{% for x in a %}{% filter f %}y{% endfilter %}{% endfor %}",
    "{% macro m() %}{% for x in a %}{% break %}{% endfor %}{% endmacro %}",
    "ünïcødé {{ x }} ✓ {% raw %}é{% endraw %}",
    "{{ a is containing(\"x\") }} {{ x is starting_with(\"a\") and y }}",
    "{% if a is defined and a.b > 1 or c in d %}x{% endif %}",
    "{{ clause(id=\"nda-purpose\") }} {{ ref(id=\"x\") }} {{ money(amount=a.b, currency=\"EUR\") }}",
];

/// Texts pest refuses; ours must refuse them too.
const INVALID: &[&str] = &[
    "{{ }}",
    "{{ trueish }}",
    "{{ not }}",
    "{{ a",
    "{% if a %}",
    "{% else %}",
    "{##}",
    "{#-#}",
    "{{ 01 }}",
    "{{ - 1 }}",
    "{% macro m(a = 1) %}{% endmacro %}",
    "{% if a %}{% macro m() %}{% endmacro %}{% endif %}",
    "{% for x in a %}{% block b %}{% endblock %}{% endfor %}",
    "{% break %}",
    "{% for x in a %}{% endif %}{% endfor %}",
    "{% block b %}{% endblock %}{% block b %}{% endblock %}",
    "{% for k , v in a %}{% endfor %}",
    "{% raw %}never closed",
    "{% extends \"a\" %}{% extends \"b\" %}",
];

#[test]
fn every_construct_parses_to_pests_tree() {
    for body in VALID {
        agrees(body, true).unwrap();
    }
}

#[test]
fn what_pest_refuses_is_refused_and_out_of_range_literals_fall_back() {
    for body in INVALID {
        assert!(matches!(pest(body), Some(Err(_))), "pest takes {body:?}");
        assert!(build("t", body).is_none(), "{body:?}");
    }
    // Tera reports these; pest's builder panics on the last one.
    for body in ["{{ 99999999999999999999 }}", "{{ a is containing([1]) }}"] {
        assert_eq!(parse(body), None, "{body:?}");
    }
    // rfx refuses the one pest panics on, located, and never hands it to pest.
    let mut tera = Tera::default();
    let e = add_template(&mut tera, "t", "x\n  {{ a is containing([1]) }}").unwrap_err();
    assert_eq!(
        e.to_string(),
        " --> 2:22\n  = a test takes no list as its argument: give the list a name with `{% set %}` first, or use `in`"
    );
}

#[test]
fn every_library_text_parses_to_pests_tree() {
    let mut libraries = vec![crate::library::Library::builtin().expect("built-in library")];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("examples/house")];
    for entry in std::fs::read_dir(root.join("tests/lint")).expect("tests/lint") {
        folders.push(entry.expect("entry").path());
    }
    for folder in folders.iter().filter(|f| f.is_dir()) {
        libraries.push(crate::library::Library::dir_for_check(folder).0);
    }
    let mut texts = 0;
    for library in &libraries {
        for source in super::super::templates::sources(library) {
            let body = super::super::protect_heading_anchors(source.body);
            agrees(&body, true).unwrap_or_else(|e| panic!("{}: {e}", source.file));
            texts += 1;
        }
    }
    assert!(texts > 100, "only {texts} texts");
}

/// Leaves and operators of the expression grammar: `clean` ones keep a text valid
/// more often than not, the others probe pest's corners.
const LEAVES: &[&str] = &[
    "a",
    "b.c",
    "d[0]",
    "e[\"k\"]",
    "f.0.g",
    "true",
    "False",
    "x_1",
    "_y",
    "0",
    "1",
    "-1",
    "42",
    "1.5",
    "-0.25",
    "\"s\"",
    "'q'",
    "`b`",
    "\"\"",
    "\"a'b\"",
    "ns::m()",
    "f()",
    "a is defined",
    "a is not odd",
    "a is containing(\"x\")",
];
const ODD_LEAVES: &[&str] = &[
    "trueish",
    "not",
    "in",
    "is",
    "or",
    "and",
    "self",
    "super()",
    "01",
    "3.",
    "99999999999999999999",
    "a is f([1])",
    "a.",
    "a[ 0]",
    "'open",
];
const OPS: &[&str] = &["+", "-", "*", "/", "%", " and ", " or ", "==", " <= ", "!="];
const ODD_OPS: &[&str] = &[
    "~", " in ", " not in ", " is ", " is not ", "|", ",", "<", ">",
];

/// An expression from a small grammar, `depth` levels deep at most: a `noisy` one
/// mixes in odd leaves and operators freely, a clean one follows Tera's layers (math
/// inside comparisons inside `not`/`and`/`or`) so that most are valid.
fn expression(depth: u32, noisy: bool) -> BoxedStrategy<String> {
    if noisy {
        noisy_expression(depth)
    } else {
        logic_expression(depth)
    }
}

fn pick(words: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(words).prop_map(str::to_string).boxed()
}

fn space() -> BoxedStrategy<String> {
    pick(&["", " ", "  ", "\n"])
}

/// Math on identifiers, numbers, calls and tests.
fn math_expression(depth: u32) -> BoxedStrategy<String> {
    pick(LEAVES)
        .prop_filter("no strings in math", |l| !l.starts_with(['"', '\'', '`']))
        .prop_recursive(depth, 12, 2, |inner| {
            prop_oneof![
                3 => (inner.clone(), space(), pick(&["+", "-", "*", "/", "%"]), space(), inner.clone())
                    .prop_map(|(l, s1, o, s2, r)| format!("{l}{s1}{o}{s2}{r}")),
                1 => inner.prop_map(|e| format!("({e})")),
            ]
        })
        .boxed()
}

/// `not`, `and`, `or`, comparisons, `in`, filters and calls over math.
fn logic_expression(depth: u32) -> BoxedStrategy<String> {
    let filtered = (
        math_expression(1),
        pick(&["", " | upper", "|f(x=1)", " | g() | h"]),
    )
        .prop_map(|(e, f)| format!("{e}{f}"));
    let comparison = prop_oneof![
        2 => filtered.clone(),
        1 => (filtered.clone(), pick(&["==", " != ", "<", " >= "]), filtered.clone())
            .prop_map(|(l, o, r)| format!("{l}{o}{r}")),
        1 => (filtered.clone(), pick(&[" in ", " not in "]), pick(&["[1, \"a\"]", "b.c", "'s'"]))
            .prop_map(|(l, o, r)| format!("{l}{o}{r}")),
        1 => pick(&["\"s\" ~ a", "'a' ~ 1 ~ f()", "\"x\" | upper"]),
    ];
    let value = (pick(&["", "not "]), comparison).prop_map(|(n, c)| format!("{n}{c}"));
    value
        .boxed()
        .prop_recursive(depth, 6, 2, |inner| {
            prop_oneof![
                3 => (inner.clone(), pick(&[" and ", " or ", "\nand\t"]), inner.clone())
                    .prop_map(|(l, o, r)| format!("{l}{o}{r}")),
                1 => inner.clone().prop_map(|e| format!("(not ({e}))")),
                1 => (pick(&["f", "range", "ns::m"]), inner.clone(), inner)
                    .prop_map(|(f, a, b)| format!("{f}(a={a}, b = [{b}, 1],)")),
            ]
        })
        .boxed()
}

/// Leaves and operators in any order, most of it invalid.
fn noisy_expression(depth: u32) -> BoxedStrategy<String> {
    let leaf = prop_oneof![3 => pick(LEAVES), 1 => pick(ODD_LEAVES)];
    let op = prop_oneof![2 => pick(OPS), 1 => pick(ODD_OPS)];
    leaf.prop_recursive(depth, 24, 3, move |inner| {
        prop_oneof![
            4 => (inner.clone(), space(), op.clone(), space(), inner.clone())
                .prop_map(|(l, s1, o, s2, r)| format!("{l}{s1}{o}{s2}{r}")),
            1 => inner.clone().prop_map(|e| format!("not {e}")),
            1 => inner.clone().prop_map(|e| format!("({e})")),
            1 => inner.clone().prop_map(|e| format!("[{e}, 1]")),
            1 => (inner.clone(), pick(&["upper", "f(x=1)", "g()"]))
                .prop_map(|(e, f)| format!("{e} | {f}")),
            1 => (pick(&["f", "range", "ns::m"]), inner.clone(), inner)
                .prop_map(|(f, a, b)| format!("{f}(a={a}, b = {b})")),
        ]
    })
    .boxed()
}

/// One piece of a template: text, a tag, or a body wrapped in tags.
fn piece(noisy: bool) -> BoxedStrategy<String> {
    let text = prop::sample::select(vec![
        "x", " ", "\n", "  text\n", "}", "#", "%", "-", "é", "{ #id }", "a}b", "\t- ",
    ])
    .prop_map(str::to_string);
    let trim = prop::sample::select(vec!["", "-"]);
    let tag = (trim.clone(), expression(3, noisy), trim.clone())
        .prop_map(|(l, e, r)| format!("{{{{{l} {e} {r}}}}}"));
    let set =
        (trim.clone(), expression(2, noisy)).prop_map(|(l, e)| format!("{{%{l} set v = {e} %}}"));
    let fixed = prop::sample::select(vec![
        "{# c #}",
        "{#- c -#}",
        "{% include \"i\" %}",
        "{% include [\"i\"] ignore missing -%}",
        "{% raw %}{{ r }}{% endraw %}",
        "{%- raw -%} r {% endraw -%}",
        "{% raw -%} r {%- endraw %}",
        "{% set_global g = [1] %}",
    ])
    .prop_map(str::to_string);
    let odd = prop::sample::select(vec![
        "{% break %}",
        "{% continue %}",
        "{{ super() }}",
        "{% endif %}",
        "{% else %}",
        "{% import \"m\" as m %}",
        "{% extends \"p\" %}",
        "{%",
        "{{",
        "{#",
        "{",
    ])
    .prop_map(str::to_string);
    let simple = if noisy {
        prop_oneof![3 => text, 4 => tag, 1 => set, 2 => fixed, 1 => odd].boxed()
    } else {
        prop_oneof![3 => text, 4 => tag, 1 => set, 2 => fixed].boxed()
    };
    simple
        .prop_recursive(2, 8, 3, move |inner| {
            let body = prop::collection::vec(inner, 0..3).prop_map(|v| v.concat());
            let trim = prop::sample::select(vec!["", "-"]);
            let condition = expression(2, noisy);
            let container = if noisy {
                expression(2, true)
            } else {
                math_expression(2)
            };
            prop_oneof![
                (
                    trim.clone(),
                    condition.clone(),
                    body.clone(),
                    body.clone(),
                    trim.clone()
                )
                    .prop_map(|(l, e, a, b, r)| format!(
                        "{{%{l} if {e} %}}{a}{{% elif x -%}}{b}{{%{r} endif %}}"
                    )),
                (container, body.clone(), body.clone(), trim.clone()).prop_map(|(e, a, b, t)| {
                    format!("{{% for k, v in {e} {t}%}}{a}{{% else %}}{b}{{%{t} endfor %}}")
                }),
                (body.clone(), trim)
                    .prop_map(|(a, t)| format!("{{% block b {t}%}}{a}{{%{t} endblock b %}}")),
                body.prop_map(|a| format!("{{% filter upper %}}{a}{{% endfilter %}}")),
            ]
        })
        .boxed()
}

/// A template of a few pieces and macro definitions; a noisy one is also mangled by a
/// random edit.
fn template() -> impl Strategy<Value = String> {
    any::<bool>().prop_flat_map(|noisy| {
        let definition = prop::collection::vec(piece(noisy), 0..3)
            .prop_map(|v| format!("{{% macro m(a, b=1) -%}}{}{{% endmacro m %}}", v.concat()));
        let top = prop_oneof![5 => piece(noisy), 1 => definition.boxed()];
        let pieces = prop::collection::vec(top, 1..4).prop_map(|v| v.concat());
        let edit = if noisy { 0u8..4 } else { 2u8..3 };
        (
            pieces,
            any::<u16>(),
            prop::collection::vec(any::<u8>(), 0..4),
            edit,
        )
            .prop_map(|(mut t, at, bytes, edit)| {
                let at = (at as usize) % (t.len() + 1);
                let at = (0..=at).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
                match edit {
                    0 => t.insert_str(at, &String::from_utf8_lossy(&bytes)),
                    1 if at < t.len() => {
                        let end = (at + 1..=t.len()).find(|&i| t.is_char_boundary(i)).unwrap();
                        t.replace_range(at..end, "");
                    }
                    _ => {}
                }
                t
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn generated_templates_parse_as_pest_does_or_fall_back(body in template()) {
        agrees(&body, false).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn generated_templates_pest_takes_are_mostly_ours_too() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = template();
    let (mut valid, mut ours) = (0, 0);
    for _ in 0..2000 {
        let body = strategy
            .new_tree(&mut runner)
            .expect("a template")
            .current();
        if matches!(pest(&body), Some(Ok(_))) {
            valid += 1;
            ours += usize::from(build("t", &body).is_some());
        }
    }
    assert!(valid > 200, "only {valid} generated templates are valid");
    assert!(
        ours * 100 >= valid * 95,
        "{ours} of {valid} valid templates parsed"
    );
}

#[test]
fn texts_nested_too_deep_are_refused_located_and_never_handed_to_pest() {
    let parens = |depth: usize| format!("x\n{{{{ {}a{} }}}}", "(".repeat(depth), ")".repeat(depth));
    let ifs = |depth: usize| "{% if a %}".repeat(depth) + "x" + &"{% endif %}".repeat(depth);
    let calls = |depth: usize| format!("{{{{ {}1{} }}}}", "f(a=".repeat(depth), ")".repeat(depth));
    // pest itself takes time exponential in the depth of nested calls.
    for deep in [parens(20), ifs(20), calls(6)] {
        agrees(&deep, true).unwrap();
    }
    // Nested calls take time linear in their depth (twice the work a level would be
    // 2^30 here).
    assert!(parse(&calls(30)).is_some());
    for deep in [parens(100_000), ifs(100_000), calls(100_000)] {
        let mut tera = Tera::default();
        let e = add_template(&mut tera, "t", &deep).unwrap_err().to_string();
        assert!(e.contains("more than 100 levels deep"), "{e}");
    }
    let mut tera = Tera::default();
    let e = add_template(&mut tera, "t", &parens(200))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with(" --> 2:"), "{e}");
}
