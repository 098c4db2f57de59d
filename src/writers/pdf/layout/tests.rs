//! Layout tests on hand-built documents.

use super::*;
use crate::doc::{Align, Block, Heading, Inline, Meta, Table, TableKind, TocEntry};
use crate::writers::pdf::fonts::fonts;

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn para(s: &str) -> Block {
    Block::Paragraph(vec![text(s)])
}

fn heading(level: u8, number: &str, title: &str) -> Block {
    Block::Heading(Heading {
        level,
        number: Some(number.to_string()),
        anchor: Some(format!("h-{number}")),
        numbered: true,
        content: vec![text(title)],
        clause: None,
    })
}

/// A document without a title block, so the body starts at the top of page 1.
fn doc(blocks: Vec<Block>) -> Document {
    Document {
        meta: Meta {
            reference: Some("REF-1".into()),
            ..Meta::default()
        },
        blocks,
    }
}

fn titled(blocks: Vec<Block>) -> Document {
    Document {
        meta: Meta {
            title: "Test".into(),
            ..doc(Vec::new()).meta
        },
        blocks,
    }
}

fn run(d: &Document) -> Layout {
    layout(d, fonts().expect("fonts")).expect("layout")
}

fn words(n: usize, prefix: &str) -> String {
    (0..n)
        .map(|i| format!("{prefix}{i:03}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Right edge of a run, including justification.
fn right(t: &TextRun) -> f32 {
    let f = fonts().expect("fonts").get(t.font);
    t.x + f.width(&t.text, t.size) + t.space_extra * t.text.matches(' ').count() as f32
}

/// Body runs (not header or footer) of a page.
fn body(l: &Layout, page: usize) -> Vec<&TextRun> {
    let g = l.geometry;
    l.pages[page]
        .texts()
        .filter(|t| t.y > g.margin_top && t.y < g.height - g.margin_bottom)
        .collect()
}

#[test]
fn justified_lines_fill_the_measure_and_the_last_is_ragged() {
    let l = run(&doc(vec![para(&words(120, "word"))]));
    let g = l.geometry;
    let right_edge = g.width - g.margin_right;
    let mut lines: BTreeMap<i64, f32> = BTreeMap::new();
    for t in body(&l, 0) {
        let e = lines.entry((t.y * 100.0) as i64).or_insert(0.0);
        *e = e.max(right(t));
    }
    let edges: Vec<f32> = lines.values().copied().collect();
    assert!(
        edges.len() >= 5,
        "expected several lines, got {}",
        edges.len()
    );
    for e in &edges[..edges.len() - 1] {
        assert!(
            (e - right_edge).abs() < 0.05,
            "line ends at {e}, measure ends at {right_edge}"
        );
    }
    assert!(
        edges[edges.len() - 1] < right_edge - 20.0,
        "last line is not justified"
    );
}

#[test]
fn breaks_only_at_spaces_and_keeps_every_word() {
    let source = words(300, "w");
    let l = run(&doc(vec![para(&source)]));
    let mut seen = Vec::new();
    for page in 0..l.pages.len() {
        for t in body(&l, page) {
            seen.extend(
                t.text
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            );
        }
    }
    let expected: Vec<String> = source.split(' ').map(str::to_string).collect();
    assert_eq!(seen, expected);
}

#[test]
fn long_urls_are_broken_inside_the_frame() {
    let url = format!("https://example.com/{}", "segment".repeat(60));
    let l = run(&doc(vec![Block::Paragraph(vec![
        text("See "),
        Inline::Link {
            url: url.clone(),
            content: vec![text(&url)],
        },
    ])]));
    let g = l.geometry;
    let runs = body(&l, 0);
    assert!(runs.len() >= 3);
    for t in &runs {
        assert!(
            right(t) <= g.width - g.margin_right + 0.05,
            "{} overflows",
            t.text
        );
    }
    let joined: String = runs.iter().map(|t| t.text.as_str()).collect();
    assert!(joined.contains(&url.replace("https://", "")));
    let links = l.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Link { .. }))
        .count();
    assert!(links >= 2, "every line of the link is clickable");
}

#[test]
fn paragraphs_flow_onto_new_pages_inside_the_frame() {
    let blocks: Vec<Block> = (0..60)
        .map(|i| para(&words(40, &format!("p{i}x"))))
        .collect();
    let l = run(&titled(blocks));
    let g = l.geometry;
    assert!(l.pages.len() >= 4, "{} pages", l.pages.len());
    for (index, page) in l.pages.iter().enumerate() {
        for t in page.texts() {
            assert!(t.x >= g.margin_left - 0.01 && right(t) <= g.width - g.margin_right + 0.05);
            assert!(t.y > 20.0 && t.y < g.height - 20.0);
        }
        let footer = format!("Page {} of {}", index + 1, l.pages.len());
        assert!(page.texts().any(|t| t.text == footer), "missing {footer}");
        if index > 0 {
            assert!(
                page.texts().any(|t| t.text == "Test"),
                "running header on page {}",
                index + 1
            );
            assert!(page.texts().any(|t| t.text == "REF-1"));
        }
        let lowest = body(&l, index).iter().map(|t| t.y).fold(0.0f32, f32::max);
        assert!(lowest <= g.height - g.margin_bottom);
    }
}

#[test]
fn no_widows_or_orphans() {
    // Shift a long paragraph down line by line so that every possible split occurs.
    for filler in 0..40 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("filler {i}"))).collect();
        blocks.push(para(&words(150, "z")));
        let l = run(&doc(blocks));
        for page in 0..l.pages.len() {
            let lines: std::collections::BTreeSet<i64> = body(&l, page)
                .iter()
                .filter(|t| t.text.contains("z0") || t.text.contains("z1"))
                .map(|t| t.y as i64)
                .collect();
            assert!(
                lines.is_empty() || lines.len() >= 2,
                "filler {filler}: page {} has {} line(s)",
                page + 1,
                lines.len()
            );
        }
    }
}

#[test]
fn headings_stay_with_the_following_text() {
    for filler in 0..45 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(&format!("filler {i}"))).collect();
        blocks.push(heading(1, "7", "Heading kept with text"));
        blocks.push(para(&words(60, "after")));
        let l = run(&doc(blocks));
        let heading_page = l.destinations["h-7"].page;
        let first_line = (0..l.pages.len())
            .find(|&p| body(&l, p).iter().any(|t| t.text.contains("after000")))
            .expect("paragraph placed");
        assert_eq!(heading_page, first_line, "filler {filler}");
        let lines_with_heading = body(&l, heading_page)
            .iter()
            .filter(|t| t.text.contains("after"))
            .map(|t| t.y as i64)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        assert!(
            lines_with_heading >= 2,
            "filler {filler}: heading followed by {lines_with_heading} line"
        );
    }
}

fn table(rows: usize) -> Block {
    Block::Table(Table {
        alignments: vec![Align::Left, Align::Right],
        header: vec![vec![text("Item")], vec![text("Price")]],
        rows: (0..rows)
            .map(|i| {
                vec![
                    vec![text(&format!("line {i}"))],
                    vec![text(&format!("{i}.00"))],
                ]
            })
            .collect(),
        kind: crate::doc::TableKind::Data,
    })
}

#[test]
fn table_header_repeats_on_every_page() {
    let l = run(&doc(vec![table(300)]));
    assert!(l.pages.len() >= 4);
    for page in 0..l.pages.len() {
        let runs = body(&l, page);
        let top = runs.iter().map(|t| t.y).fold(f32::INFINITY, f32::min);
        let header: Vec<_> = runs.iter().filter(|t| t.text == "Item").collect();
        assert_eq!(header.len(), 1, "page {}", page + 1);
        assert!(
            (header[0].y - top).abs() < 0.01,
            "header is the first row on page {}",
            page + 1
        );
    }
    // Every row appears exactly once.
    let rows: usize = (0..l.pages.len())
        .map(|p| {
            body(&l, p)
                .iter()
                .filter(|t| t.text.starts_with("line "))
                .count()
        })
        .sum();
    assert_eq!(rows, 300);
}

#[test]
fn right_aligned_columns_end_at_the_cell_edge() {
    let l = run(&doc(vec![table(5)]));
    let edges: Vec<f32> = body(&l, 0)
        .iter()
        .filter(|t| t.text.ends_with(".00"))
        .map(|t| right(t))
        .collect();
    assert_eq!(edges.len(), 5);
    for e in &edges {
        assert!((e - edges[0]).abs() < 0.01);
    }
}

#[test]
fn headerless_tables_have_no_header_row() {
    let l = run(&doc(vec![Block::Table(Table {
        alignments: vec![Align::None, Align::None],
        header: vec![vec![], vec![]],
        rows: vec![vec![
            vec![text("For the Buyer")],
            vec![text("For the Supplier")],
        ]],
        kind: crate::doc::TableKind::Data,
    })]));
    let fills = l.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Rect { fill, .. } if *fill == HEADER_FILL))
        .count();
    assert_eq!(fills, 0);
    assert!(body(&l, 0).iter().any(|t| t.text == "For the Buyer"));
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines() {
    let long = words(2500, "cell");
    let l = run(&doc(vec![Block::Table(Table {
        alignments: vec![Align::None, Align::None],
        header: vec![vec![text("Clause")], vec![text("Text")]],
        rows: vec![vec![vec![text("1")], vec![text(&long)]]],
        kind: crate::doc::TableKind::Data,
    })]));
    let g = l.geometry;
    assert!(l.pages.len() >= 2);
    let mut count = 0;
    for page in 0..l.pages.len() {
        for t in body(&l, page) {
            assert!(t.y < g.height - g.margin_bottom);
            count += t.text.matches("cell").count();
        }
        assert!(
            body(&l, page).iter().any(|t| t.text == "Clause"),
            "header on page {}",
            page + 1
        );
    }
    assert_eq!(count, 2500);
}

#[test]
fn page_break_starts_a_new_page() {
    let l = run(&doc(vec![para("before"), Block::PageBreak, para("after")]));
    assert_eq!(l.pages.len(), 2);
    assert!(body(&l, 1).iter().any(|t| t.text == "after"));
}

#[test]
fn toc_shows_the_page_of_each_heading() {
    let mut blocks = vec![Block::Toc(vec![
        TocEntry {
            level: 1,
            number: Some("1".into()),
            title: "First".into(),
            anchor: "h-1".into(),
        },
        TocEntry {
            level: 1,
            number: Some("2".into()),
            title: "Second".into(),
            anchor: "h-2".into(),
        },
    ])];
    blocks.push(heading(1, "1", "First"));
    blocks.push(Block::PageBreak);
    blocks.push(Block::PageBreak);
    blocks.extend((0..80).map(|i| para(&format!("filler {i}"))));
    blocks.push(heading(1, "2", "Second"));
    blocks.push(para("end"));
    let l = run(&doc(blocks));
    let second = l.destinations["h-2"].page + 1;
    assert!(second >= 3);
    let numbers: Vec<&str> = body(&l, 0)
        .iter()
        .filter(|t| t.text.chars().all(|c| c.is_ascii_digit()))
        .map(|t| t.text.as_str())
        .collect();
    assert!(numbers.contains(&"1"));
    assert!(
        numbers.contains(&second.to_string().as_str()),
        "{numbers:?} lacks {second}"
    );
    assert_eq!(l.outline.len(), 2);
    assert_eq!(l.outline[1].title, "2 Second");
}

#[test]
fn nested_lists_hang_their_markers() {
    let l = run(&doc(vec![Block::List(crate::doc::List {
        start: Some(1),
        items: vec![
            vec![para(&words(40, "one"))],
            vec![
                para("two"),
                Block::List(crate::doc::List {
                    start: None,
                    items: vec![vec![para("nested")]],
                }),
            ],
        ],
    })]));
    let runs = body(&l, 0);
    let marker = runs.iter().find(|t| t.text == "1.").expect("marker");
    let text_x = runs
        .iter()
        .find(|t| t.text.starts_with("one000"))
        .expect("item")
        .x;
    assert!(right(marker) < text_x, "marker hangs left of the text");
    let wrapped: Vec<_> = runs
        .iter()
        .filter(|t| t.text.contains("one0") && !t.text.starts_with("one000"))
        .collect();
    assert!(
        wrapped.iter().all(|t| (t.x - text_x).abs() < 0.01),
        "continuation lines align with the text"
    );
    // The second level's bullet, as the model's labels (and DOCX) have it.
    let bullet = runs.iter().find(|t| t.text == "\u{25E6}").expect("bullet");
    assert!(bullet.x > marker.x + 10.0, "nested list is indented");
}

#[test]
fn code_blocks_wrap_in_monospace_on_a_shaded_box() {
    let line = "x".repeat(200);
    let l = run(&doc(vec![Block::CodeBlock {
        lang: None,
        text: format!("short\n\t{line}\n"),
    }]));
    let g = l.geometry;
    let runs = body(&l, 0);
    assert!(
        runs.iter()
            .all(|t| t.font == fonts().expect("fonts").mono()
                && right(t) <= g.width - g.margin_right)
    );
    assert_eq!(
        runs[1].text,
        format!("    {}", &line[..runs[1].text.len() - 4]),
        "tab expanded"
    );
    let total: usize = runs.iter().map(|t| t.text.matches('x').count()).sum();
    assert_eq!(total, 200, "nothing lost when wrapping");
    let shaded = l.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Rect { fill, .. } if *fill == CODE_FILL))
        .count();
    assert_eq!(shaded, runs.len(), "one shaded band per line");
}

#[test]
fn block_quotes_are_indented_with_a_bar() {
    let l = run(&doc(vec![
        para("before"),
        Block::BlockQuote(vec![para("quoted")]),
    ]));
    let runs = body(&l, 0);
    let before = runs.iter().find(|t| t.text == "before").expect("before");
    let quoted = runs.iter().find(|t| t.text == "quoted").expect("quoted");
    assert!(quoted.x >= before.x + QUOTE_INDENT - 0.01);
    assert!(
        l.pages[0]
            .items
            .iter()
            .any(|i| matches!(i, Item::Rect { fill, .. } if *fill == QUOTE_BAR))
    );
}

#[test]
fn a_character_missing_from_the_monospace_face_falls_back_to_regular() {
    let set = fonts().expect("fonts");
    let c = (0x20u32..0x3000)
        .filter_map(char::from_u32)
        .find(|&c| set.get(FontId::REGULAR).has(c) && !set.get(set.mono()).has(c))
        .expect("the faces differ in coverage");
    let l = run(&doc(vec![Block::Paragraph(vec![Inline::Code(format!(
        "a{c}b"
    ))])]));
    let runs = body(&l, 0);
    let fallback = runs.iter().find(|t| t.text.contains(c)).expect("drawn");
    assert_eq!(fallback.font, FontId::REGULAR);
    assert!(
        runs.iter()
            .any(|t| t.font == fonts().expect("fonts").mono() && t.text == "a")
    );
}

#[test]
fn undrawable_reference_is_reported() {
    let mut d = doc(vec![para("body")]);
    d.meta.reference = Some("REF-\u{1F4C4}".into());
    let err = layout(&d, fonts().expect("fonts")).expect_err("emoji in the reference");
    assert!(
        err.contains("U+1F4C4") && err.contains("document reference"),
        "{err}"
    );
}

#[test]
fn undrawable_characters_are_reported_with_their_place() {
    let err = layout(
        &doc(vec![
            heading(1, "4", "Fees"),
            para("Price: 10 \u{1F4C4} per unit"),
        ]),
        fonts().expect("fonts"),
    )
    .expect_err("emoji is not in the fonts");
    assert!(err.contains("U+1F4C4"), "{err}");
    assert!(err.contains("section 4 \"Fees\""), "{err}");
}

#[test]
fn letter_paper_sets_the_page_size() {
    let doc = Document {
        meta: Meta {
            title: "Letter".into(),
            paper: Paper::Letter,
            ..Meta::default()
        },
        blocks: vec![Block::Paragraph(vec![Inline::Text("Body".into())])],
    };
    let l = layout(&doc, fonts().expect("fonts")).expect("layout");
    assert!((l.geometry.width - 612.0).abs() < 0.01);
    assert!((l.geometry.height - 792.0).abs() < 0.01);
    let footer = l.pages[0]
        .texts()
        .find(|t| t.text == "Page 1 of 1")
        .expect("footer");
    assert!(footer.y < 792.0 - 30.0 && footer.y > 792.0 - l.geometry.margin_bottom);
}

fn note(mark: &str, text: &str) -> Inline {
    Inline::Footnote(crate::doc::Footnote {
        mark: mark.into(),
        blocks: vec![para(text)],
    })
}

/// The rules drawn on a page: `(y, length)`.
fn rules(l: &Layout, page: usize) -> Vec<(f32, f32)> {
    l.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line { x1, y1, x2, y2, .. } if (y1 - y2).abs() < 0.01 => Some((*y1, x2 - x1)),
            _ => None,
        })
        .collect()
}

#[test]
fn footnotes_sit_at_the_foot_of_the_page_that_refers_to_them() {
    let mut blocks: Vec<Block> = (0..14).map(|_| para(&words(90, "w"))).collect();
    blocks.push(Block::Paragraph(vec![
        text("The cap applies"),
        note("1", "Fees exclude VAT."),
        text(" to every claim."),
    ]));
    let l = run(&doc(blocks));
    assert!(l.pages.len() >= 2, "the reference lands on page 2");
    let page = l
        .pages
        .iter()
        .position(|p| p.texts().any(|t| t.text.starts_with("The cap applies")))
        .expect("referring line");
    assert!(page >= 1);
    assert!(l.pages[..page].iter().all(|p| p.notes.is_empty()));
    let placed = &l.pages[page].notes;
    assert_eq!(placed.len(), 1);
    assert_eq!((placed[0].note, placed[0].continued), (0, false));

    let texts = body(&l, page);
    let line = texts
        .iter()
        .find(|t| t.text.starts_with("The cap applies"))
        .expect("line");
    // The mark in the text is small and raised.
    let mark = texts
        .iter()
        .find(|t| t.text == "1" && (t.y - line.y).abs() < 6.0)
        .expect("mark in the text");
    assert!(mark.y < line.y && mark.size < line.size, "{mark:?}");
    // The note sits below every body line, under a short rule, inside the frame.
    let note_text = texts
        .iter()
        .find(|t| t.text == "Fees exclude VAT.")
        .expect("note text");
    let last_body = texts
        .iter()
        .filter(|t| t.size >= BODY_SIZE)
        .map(|t| t.y)
        .fold(0.0, f32::max);
    assert!(note_text.y > last_body && note_text.size < BODY_SIZE);
    assert!(note_text.y < l.geometry.height - l.geometry.margin_bottom);
    let (rule_y, rule_len) = rules(&l, page)
        .into_iter()
        .find(|(y, _)| *y > last_body && *y < note_text.y)
        .expect("separator rule");
    assert!(rule_y < note_text.y);
    assert!((rule_len - l.geometry.frame_width() / 3.0).abs() < 0.5);
    // The note's own mark hangs left of its text.
    assert!(
        texts
            .iter()
            .any(|t| t.text == "1" && (t.y - note_text.y).abs() < 4.0 && t.x < note_text.x)
    );
}

#[test]
fn a_long_footnote_continues_on_the_next_page() {
    let mut blocks: Vec<Block> = (0..10).map(|_| para(&words(90, "w"))).collect();
    blocks.push(Block::Paragraph(vec![
        text("Liability is capped"),
        note("1", &words(900, "n")),
        text("."),
    ]));
    blocks.push(para("After the note."));
    let l = run(&doc(blocks));
    let first = l
        .pages
        .iter()
        .position(|p| p.texts().any(|t| t.text.starts_with("Liability is capped")))
        .expect("reference");
    let parts: Vec<(usize, bool)> = l
        .pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.notes.iter().map(move |n| (i, n.continued)))
        .collect();
    assert_eq!(parts[0], (first, false), "{parts:?}");
    assert!(
        parts.len() >= 2 && parts[1..].iter().all(|&(_, c)| c),
        "{parts:?}"
    );
    assert_eq!(parts[1].0, first + 1);
    // A continued note sits under a full-width rule.
    let g = l.geometry;
    assert!(
        rules(&l, first + 1)
            .iter()
            .any(|(_, len)| (len - g.frame_width()).abs() < 0.5)
    );
    // Every word of the note is there once, in order, inside the frames.
    let note_words: Vec<String> = l
        .pages
        .iter()
        .flat_map(|p| {
            p.notes
                .iter()
                .flat_map(|n| p.items[n.items.clone()].iter())
                .filter_map(|i| match i {
                    Item::Text(t) if t.y < g.height - g.margin_bottom => Some(t.text.clone()),
                    _ => None,
                })
        })
        .flat_map(|t| {
            t.split_whitespace()
                .filter(|w| w.starts_with('n'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let expected: Vec<String> = words(900, "n").split(' ').map(str::to_string).collect();
    assert_eq!(note_words, expected);
}

#[test]
fn nested_lists_are_labelled_as_the_model_says() {
    use crate::doc::{Counter, List, ListLevel};
    let nested = |start, items: Vec<Vec<Block>>| Block::List(List { start, items });
    let blocks = vec![nested(
        Some(1),
        vec![vec![
            para("one"),
            nested(
                Some(1),
                vec![
                    vec![para("a")],
                    vec![
                        para("b"),
                        nested(Some(1), vec![vec![para("i")], vec![para("ii")]]),
                    ],
                ],
            ),
        ]],
    )];
    let markers = |d: &Document| -> Vec<String> {
        let l = run(d);
        body(&l, 0)
            .iter()
            .map(|t| t.text.clone())
            .filter(|t| t.ends_with('.') || t.ends_with(')'))
            .collect()
    };
    assert_eq!(
        markers(&doc(blocks.clone())),
        ["1.", "(a)", "(b)", "(i)", "(ii)"]
    );
    let mut custom = doc(blocks);
    custom.meta.labels.list_levels = vec![ListLevel {
        counter: Counter::UpperRoman,
        before: String::new(),
        after: ")".into(),
        bullet: "-".into(),
    }];
    assert_eq!(markers(&custom), ["I)", "I)", "II)", "I)", "II)"]);
}

#[test]
fn an_arabic_paragraph_is_set_from_the_right_margin_in_shaped_runs() {
    let set = crate::writers::pdf::fonts::with_bundled_fallbacks();
    let d = doc(vec![para("مرحبا بالعالم"), para("Plain text.")]);
    let l = layout(&d, &set).expect("lays out");
    let g = &l.geometry;
    let runs: Vec<&TextRun> = l.pages[0]
        .texts()
        .filter(|t| t.tag != Tag::Artifact)
        .collect();
    let arabic: Vec<&&TextRun> = runs.iter().filter(|t| t.rtl).collect();
    assert!(!arabic.is_empty());
    // Shaped, drawn right to left: the last word at the left, ending at the margin.
    assert!(arabic.iter().all(|t| !t.glyphs.is_empty()));
    let right = arabic
        .iter()
        .map(|t| t.x + t.glyphs.iter().map(|gl| gl.advance).sum::<f32>() * t.size / 1000.0)
        .fold(0.0f32, f32::max);
    assert!((right - (g.width - g.margin_right)).abs() < 0.5, "{right}");
    let first = arabic
        .iter()
        .min_by(|a, b| a.x.total_cmp(&b.x))
        .expect("runs");
    assert!(first.text.contains("بالعالم"), "{:?}", first.text);
    // The Latin paragraph stays at the left margin, unshaped.
    let latin = runs
        .iter()
        .find(|t| t.text.contains("Plain"))
        .expect("latin");
    assert!((latin.x - g.margin_left).abs() < 0.01 && latin.glyphs.is_empty());
}

#[test]
fn long_shaped_paragraphs_keep_every_cluster_once_on_every_line() {
    // Right-to-left (Arabic) and left-to-right shaped (Malayalam) text broken over
    // many lines: each drawn run carries the text of each of its clusters exactly
    // once, in order, so nothing is lost or doubled where lines break.
    let set = crate::writers::pdf::fonts::with_bundled_fallbacks();
    let arabic = "مرحبا بالعالم في هذا العقد ".repeat(40);
    let malayalam = "കരാർ വ്യവസ്ഥകൾ പാലിക്കണം ".repeat(40);
    let d = doc(vec![para(arabic.trim_end()), para(malayalam.trim_end())]);
    let l = layout(&d, &set).expect("lays out");
    let shaped: Vec<&TextRun> = l
        .pages
        .iter()
        .flat_map(|p| p.texts())
        .filter(|t| !t.glyphs.is_empty())
        .collect();
    assert!(shaped.len() > 10, "{} shaped runs", shaped.len());
    for t in &shaped {
        let mut clusters: Vec<&str> = t.glyphs.iter().map(|g| g.text.as_str()).collect();
        if t.rtl {
            clusters.reverse();
        }
        assert_eq!(clusters.concat(), t.text, "rtl {}", t.rtl);
    }
    let drawn: String = shaped
        .iter()
        .filter(|t| !t.rtl)
        .flat_map(|t| t.text.split_whitespace())
        .collect();
    assert_eq!(drawn, malayalam.split_whitespace().collect::<String>());
}

#[test]
fn a_stretch_of_a_shaped_run_has_exactly_the_glyphs_of_its_clusters() {
    // The binary search over a shaped run's clusters against a scan of all of them,
    // for every stretch between character boundaries, in both directions.
    use super::prepare::{Prepared, Run};
    let set = crate::writers::pdf::fonts::with_bundled_fallbacks();
    for text in ["കരാർ വ്യവസ്ഥകൾ പാലിക്കണം", "مرحبا بالعالم في العقد"]
    {
        let c = text.chars().next().expect("text");
        let font = set
            .ids()
            .find(|&id| set.get(id).glyph(c).is_some())
            .expect("a face draws it");
        let mut p = Prepared {
            text: text.to_string(),
            runs: vec![Run::plain(0, text.len(), font, BLACK)],
            ..Prepared::default()
        };
        p.bidi_and_shape(&set);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for run in &p.runs {
            let range = run.glyphs.clone().expect("shaped");
            for &a in bounds.iter().filter(|&&a| a >= run.start && a <= run.end) {
                for &b in bounds.iter().filter(|&&b| b >= a && b <= run.end) {
                    let scanned: Vec<u32> = p.shaped[range.clone()]
                        .iter()
                        .filter(|g| (a..b).contains(&(g.cluster as usize)))
                        .map(|g| g.cluster)
                        .collect();
                    let found: Vec<u32> =
                        p.shaped_in(run, a, b).iter().map(|g| g.cluster).collect();
                    assert_eq!(found, scanned, "{text:?} {a}..{b}");
                }
            }
        }
    }
}

/// The text of every structure element with content, walking the tree in its
/// reading order (children in order, each element's runs in page order), with the
/// element's role and its parent's.
fn reading_order(l: &Layout) -> Vec<(String, &'static str, &'static str)> {
    let mut text: Vec<String> = vec![String::new(); l.structure.len()];
    for page in &l.pages {
        for item in &page.items {
            if let Item::Text(TextRun {
                tag: Tag::Element(e),
                text: t,
                ..
            }) = item
            {
                text[*e as usize].push_str(t);
            }
        }
    }
    let mut out = Vec::new();
    let mut stack = vec![0u32];
    while let Some(e) = stack.pop() {
        let node = &l.structure[e as usize];
        if !text[e as usize].is_empty() {
            let parent = node
                .parent
                .map_or("", |p| l.structure[p as usize].role.name());
            out.push((text[e as usize].clone(), node.role.name(), parent));
        }
        let children = (0..l.structure.len() as u32)
            .filter(|&c| l.structure[c as usize].parent == Some(e))
            .rev();
        stack.extend(children);
    }
    out
}

fn signature_table(kind: TableKind) -> Block {
    Block::Table(Table {
        alignments: vec![Align::None; 2],
        header: vec![vec![text("For Acme Ltd")], vec![text("For Beta GmbH")]],
        rows: vec![
            vec![vec![text("Signature:")], vec![text("Signature:")]],
            vec![vec![text("Name: Ann Lee")], vec![text("Name: Bo Berg")]],
            vec![vec![text("Title: Director")], vec![]],
        ],
        kind,
    })
}

#[test]
fn a_signature_block_reads_party_by_party() {
    let l = run(&doc(vec![signature_table(TableKind::Signatures)]));
    let order = reading_order(&l);
    let texts: Vec<&str> = order.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "For Acme Ltd",
            "Signature:",
            "Name: Ann Lee",
            "Title: Director",
            "For Beta GmbH",
            "Signature:",
            "Name: Bo Berg",
        ]
    );
    // Each cell a paragraph of its party's group, the parties in one group; no
    // table elements, whose cells a reader would take row by row.
    assert!(
        order
            .iter()
            .all(|(_, role, parent)| (*role, *parent) == ("P", "Div"))
    );
    let divs: Vec<&StructNode> = l.structure.iter().filter(|n| n.role == Role::Div).collect();
    assert_eq!(divs.len(), 3, "the block and one group per party");
    assert!(
        !l.structure
            .iter()
            .any(|n| matches!(n.role, Role::Table | Role::TD | Role::TH))
    );
    // Drawn party by party too, so the content order is the reading order…
    let drawn = |l: &Layout| -> Vec<(String, i32, i32)> {
        l.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.tag != Tag::Artifact => {
                    Some((t.text.clone(), t.x as i32, t.y as i32))
                }
                _ => None,
            })
            .collect()
    };
    let shown: Vec<String> = drawn(&l).into_iter().map(|(t, _, _)| t).collect();
    assert_eq!(shown, texts);
    // …and in the same places as the same table read row by row.
    let data = run(&doc(vec![signature_table(TableKind::Data)]));
    let (mut a, mut b) = (drawn(&l), drawn(&data));
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn a_signature_block_is_signed_on_one_page() {
    // Body text filling most of the first page, then the block: it moves whole.
    let mut blocks: Vec<Block> = (0..9).map(|_| para(&words(60, "w"))).collect();
    blocks.push(signature_table(TableKind::Signatures));
    let l = run(&doc(blocks));
    let pages_with = |needle: &str| {
        l.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.items
                    .iter()
                    .any(|i| matches!(i, Item::Text(t) if t.text.contains(needle)))
            })
            .map(|(n, _)| n)
            .collect::<Vec<_>>()
    };
    let first = pages_with("For Acme Ltd");
    assert_eq!(first.len(), 1);
    assert_eq!(pages_with("Title: Director"), first);
}

#[test]
fn a_data_table_reads_row_by_row() {
    let l = run(&doc(vec![signature_table(TableKind::Data)]));
    let order = reading_order(&l);
    let texts: Vec<&str> = order.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        &texts[..4],
        ["For Acme Ltd", "For Beta GmbH", "Signature:", "Signature:"]
    );
    assert_eq!(order[0].1, "TH");
}
