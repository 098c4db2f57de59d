//! The evaluation's outputs as documents and files: the evaluation report and one
//! feedback letter per bidder (as `doc::Document`, for every writer), `ranking.csv` and
//! the `award` overlay.

use super::exact::{Exact, PLACES};
use super::score::{BidResult, Outcome, Standing};
use crate::diag::Diagnostic;
use crate::doc::{Align, Block, Document, Heading, Inline, List, Meta, Table};
use crate::spec::{Consensus, Date, EvaluationMethod, Spec, TieBreak};
use crate::workbook::ResponseForm;

/// An input file and its SHA-256.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Path as given.
    pub file: String,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
}

/// What the report needs besides the outcome.
pub struct Context<'a> {
    /// The spec.
    pub spec: &'a Spec,
    /// The form.
    pub form: &'a ResponseForm,
    /// Every input read, with its hash.
    pub inputs: &'a [Input],
    /// Workbooks that could not be used, with their diagnostics.
    pub rejected: &'a [(String, Vec<Diagnostic>)],
}

fn text(t: impl Into<String>) -> Vec<Inline> {
    vec![Inline::Text(t.into())]
}

fn para(t: impl Into<String>) -> Block {
    Block::Paragraph(text(t))
}

fn heading(level: u8, t: &str) -> Block {
    Block::Heading(Heading {
        level,
        number: None,
        anchor: None,
        numbered: true,
        content: text(t),
        clause: None,
    })
}

fn table(head: &[&str], align: &[Align], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        alignments: align.to_vec(),
        header: head.iter().map(|h| text(*h)).collect(),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(text).collect())
            .collect(),
        kind: crate::doc::TableKind::Data,
    })
}

fn bullets(items: Vec<String>) -> Block {
    Block::List(List {
        start: None,
        items: items.into_iter().map(|i| vec![para(i)]).collect(),
    })
}

/// The file name of a path, so the report does not depend on the working directory.
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// An amount with thousands separators and the currency's decimals.
pub fn money(value: Exact, form: &ResponseForm) -> String {
    let d = value.rounded(form.minor_units).to_string();
    let (int, frac) = d.split_once('.').unwrap_or((&d, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |r| ("-", r));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{sign}{grouped}{frac} {}", form.currency)
}

fn opt(d: Option<impl ToString>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.to_string())
}

fn meta(spec: &Spec, form: &ResponseForm, title: &str) -> Meta {
    Meta {
        title: title.to_string(),
        subtitle: Some(spec.engagement.title.clone()),
        reference: Some(form.reference.clone()),
        author: Some(form.buyer.clone()),
        kind: None,
        subject: Some(format!("{title} — {}", form.reference)),
        language: Some(spec.output.language.clone()),
        furniture: crate::doc::Furniture::for_language(Some(&spec.output.language)),
        ..Meta::default()
    }
}

/// The method paragraph: every rule the numbers follow, including rounding.
fn method(spec: &Spec, outcome: &Outcome) -> Vec<String> {
    let Some(e) = &spec.evaluation else {
        return Vec::new();
    };
    let mut out = vec![match e.method {
        EvaluationMethod::BestPriceQuality => "Award method: best price–quality ratio; the total score is the quality score plus the price score.".to_string(),
        EvaluationMethod::LowestPrice => "Award method: lowest total evaluated price among the bids that pass every gate.".to_string(),
        EvaluationMethod::LowestPriceTechnicallyAcceptable => "Award method: lowest total evaluated price among the bids that pass every gate and the quality threshold.".to_string(),
    }];
    out.push(
        "Gates: every mandatory requirement must be fully met, every knock-out question answered \"Yes\" (or answered at all), every selection item passed by every evaluator, and every declaration agreed; a bid failing a gate is not scored further."
            .to_string(),
    );
    out.push(format!(
        "Scores: each of the {} evaluators ({}) scores every award item from {} to {}; the consensus score of an item is {}. Scores of one item that differ by more than {} point(s) are listed in the divergence log.",
        outcome.evaluators.len(),
        outcome.evaluators.join(", "),
        e.scale.min,
        e.scale.max,
        match e.consensus {
            Consensus::Mean => "the mean of the evaluators' scores",
            Consensus::Median => "the median of the evaluators' scores",
            Consensus::Moderated => "the score the panel agreed at moderation (the moderation workbook)",
        },
        e.moderation_threshold.unwrap_or(super::score::DEFAULT_MODERATION_THRESHOLD)
    ));
    out.push(format!(
        "Quality: for each criterion, its weight × the weighted average consensus score of its items ÷ {} (the maximum score); the quality score is the sum over the criteria.{}",
        e.scale.max,
        e.quality_threshold
            .map(|t| format!(" A bid below {t}% of the available quality marks receives no price score and is not ranked."))
            .unwrap_or_default()
    ));
    if let Some(p) = &e.price {
        out.push(format!(
            "Price: the total evaluated price is Σ unit price × evaluated quantity plus Σ rate × evaluated basket; price score = {}, with weight {}, over the bids still ranked.",
            p.formula.in_words(),
            p.weight
        ));
    }
    out.push(format!(
        "Ties: {}.",
        match e.tie_break {
            TieBreak::HigherQuality =>
                "the higher quality score wins, then the lower total evaluated price",
            TieBreak::LowerPrice =>
                "the lower total evaluated price wins, then the higher quality score",
            TieBreak::EarlierDelivery =>
                "the earlier committed delivery wins, then the lower total evaluated price",
        }
    ));
    out.push(format!(
        "Arithmetic: exact (rational numbers, no binary floating point); each criterion score, the quality score and percentage, the price score and the total are rounded half away from zero to {PLACES} decimal places; the quality score and the total are sums of the rounded components; prices are shown to the currency's decimals."
    ));
    out
}

fn standing(r: &BidResult) -> String {
    match r.standing {
        Standing::Ranked => format!("ranked {}", opt(r.rank)),
        Standing::Excluded => "excluded at a gate".into(),
        Standing::BelowThreshold => "below the quality threshold".into(),
    }
}

/// The evaluation report.
pub fn report(ctx: &Context<'_>, outcome: &Outcome) -> Document {
    let spec = ctx.spec;
    let form = ctx.form;
    let mut b = vec![heading(1, "Method")];
    b.push(bullets(method(spec, outcome)));
    b.push(heading(1, "Bids received"));
    let mut rows: Vec<Vec<String>> = outcome
        .results
        .iter()
        .map(|r| {
            vec![
                r.bid.id.clone(),
                r.bid.name.clone(),
                file_name(&r.bid.file),
                standing(r),
            ]
        })
        .collect();
    rows.extend(ctx.rejected.iter().map(|(file, _)| {
        vec![
            "—".into(),
            "—".into(),
            file_name(file),
            "workbook not usable".into(),
        ]
    }));
    b.push(table(
        &["Bidder", "Legal name", "Workbook", "Outcome"],
        &[Align::Left; 4],
        rows,
    ));
    if !ctx.rejected.is_empty() {
        b.push(heading(2, "Workbooks not evaluated"));
        let mut items = Vec::new();
        for (file, diags) in ctx.rejected {
            for d in diags.iter().filter(|d| d.is_error()) {
                items.push(format!("{}: {}", file_name(file), d.message));
            }
        }
        b.push(bullets(items));
    }
    b.push(heading(1, "Gates"));
    for r in &outcome.results {
        let failed: Vec<String> = r.failures().map(|g| g.reason.clone()).collect();
        let line = if failed.is_empty() {
            format!("{}: all {} gates passed.", r.bid.id, r.gates.len())
        } else {
            format!("{}: failed — {}.", r.bid.id, failed.join("; "))
        };
        b.push(para(line));
    }
    let scored: Vec<&BidResult> = outcome
        .results
        .iter()
        .filter(|r| r.quality.is_some())
        .collect();
    b.push(heading(1, "Quality scores"));
    if let Some(e) = &spec.evaluation {
        let mut head = vec!["Criterion".to_string(), "Weight".to_string()];
        head.extend(scored.iter().map(|r| r.bid.id.clone()));
        let mut rows = Vec::new();
        for (i, c) in e.criteria.iter().enumerate() {
            let mut row = vec![c.name.clone(), c.weight.to_string()];
            row.extend(
                scored
                    .iter()
                    .map(|r| opt(r.criteria.get(i).map(|s| s.score))),
            );
            rows.push(row);
        }
        let mut q = vec!["Quality score".to_string(), String::new()];
        q.extend(scored.iter().map(|r| opt(r.quality)));
        rows.push(q);
        let mut p = vec!["Share of the quality marks (%)".to_string(), String::new()];
        p.extend(scored.iter().map(|r| opt(r.quality_percent)));
        rows.push(p);
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        let mut align = vec![Align::Left, Align::Right];
        align.extend(scored.iter().map(|_| Align::Right));
        b.push(table(&head, &align, rows));
    }
    b.push(heading(1, "Price"));
    let rows = scored
        .iter()
        .map(|r| {
            vec![
                r.bid.id.clone(),
                r.price
                    .map(|p| money(p, form))
                    .unwrap_or_else(|| "—".into()),
                opt(r.price_score),
            ]
        })
        .collect();
    b.push(table(
        &["Bidder", "Total evaluated price", "Price score"],
        &[Align::Left, Align::Right, Align::Right],
        rows,
    ));
    b.push(heading(1, "Ranking"));
    let rows = outcome
        .results
        .iter()
        .filter(|r| r.rank.is_some())
        .map(|r| {
            vec![
                opt(r.rank),
                r.bid.id.clone(),
                opt(r.quality),
                opt(r.price_score),
                opt(r.total),
                if r.tie_broken {
                    "equal total: tie-break applied".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    b.push(table(
        &["Rank", "Bidder", "Quality", "Price score", "Total", "Note"],
        &[
            Align::Right,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
        rows,
    ));
    b.push(heading(1, "Recommendation"));
    b.push(para(match outcome.winner() {
        Some(w) => format!(
            "The panel recommends award to {} ({}), with a total score of {} and a total evaluated price of {}.",
            w.bid.name,
            w.bid.id,
            opt(w.total),
            w.price.map(|p| money(p, form)).unwrap_or_default()
        ),
        None => "No bid can be recommended: none passed every gate and the quality threshold.".into(),
    }));
    b.push(heading(1, "Divergence log"));
    let mut rows = Vec::new();
    for r in &outcome.results {
        for i in r.items.iter().filter(|i| i.divergent) {
            let scores: Vec<String> = i.scores.iter().map(|(e, s)| format!("{e}: {s}")).collect();
            rows.push(vec![
                r.bid.id.clone(),
                i.item.clone(),
                scores.join(", "),
                i.consensus.rounded(PLACES).to_string(),
            ]);
        }
    }
    if rows.is_empty() {
        b.push(para(
            "No item's scores differ by more than the moderation threshold.",
        ));
    } else {
        b.push(table(
            &["Bidder", "Item", "Scores", "Consensus"],
            &[Align::Left; 4],
            rows,
        ));
    }
    if !outcome.warnings.is_empty() {
        b.push(heading(2, "Notes"));
        b.push(bullets(
            outcome.warnings.iter().map(|w| w.message.clone()).collect(),
        ));
    }
    b.push(heading(1, "Inputs"));
    let rows = ctx
        .inputs
        .iter()
        .map(|i| vec![file_name(&i.file), i.sha256.clone()])
        .collect();
    b.push(table(
        &["File", "SHA-256"],
        &[Align::Left, Align::Left],
        rows,
    ));
    Document {
        meta: meta(spec, form, "Evaluation report"),
        blocks: b,
    }
}

/// The standstill period's end: the award decision date plus `standstill_days`.
pub fn standstill_end(spec: &Spec) -> Option<(Date, u32, Date)> {
    let t = &spec.procurement.as_ref()?.timeline;
    let days = t.standstill_days?;
    Some((t.award, days, t.award.add_days(i64::from(days))?))
}

/// The feedback letter to one bidder.
pub fn letter(ctx: &Context<'_>, outcome: &Outcome, r: &BidResult) -> Document {
    let spec = ctx.spec;
    let form = ctx.form;
    let winner = outcome.winner();
    let successful = winner.is_some_and(|w| w.bid.id == r.bid.id);
    let mut b = vec![para(format!("To: {}", r.bid.name))];
    b.push(para(format!(
        "Thank you for your response to the tender {} ({}). This letter gives the outcome of the evaluation, your scores and the reasons.",
        form.title, form.reference
    )));
    b.push(heading(1, "Outcome"));
    b.push(para(match (successful, winner) {
        (true, _) => format!(
            "{} intends to award the contract to you. The award remains subject to the standstill period below and to the signature of the contract.",
            form.buyer
        ),
        (false, Some(w)) => format!(
            "Your bid was not successful. {} intends to award the contract to {}.",
            form.buyer, w.bid.name
        ),
        (false, None) => "No bid is to be awarded.".to_string(),
    }));
    b.push(heading(1, "Reasons"));
    let mut reasons: Vec<String> = r.failures().map(|g| format!("{}.", g.reason)).collect();
    if r.standing == Standing::BelowThreshold {
        reasons.push(format!(
            "Your quality score was {}% of the available quality marks, below the threshold of {}%; your price was therefore not scored.",
            opt(r.quality_percent),
            spec.evaluation.as_ref().and_then(|e| e.quality_threshold).map_or_else(String::new, |t| t.to_string())
        ));
    }
    if r.standing == Standing::Excluded {
        reasons.push("A bid that fails a gate is not scored further.".into());
    }
    if let (Some(w), false) = (winner, successful) {
        if r.standing == Standing::Ranked {
            reasons.push(format!(
                "Your bid ranked {} with a total score of {}; the successful bid scored {}.",
                opt(r.rank),
                opt(r.total),
                opt(w.total)
            ));
            for (mine, theirs) in r.criteria.iter().zip(&w.criteria) {
                if theirs.score > mine.score {
                    reasons.push(format!(
                        "{}: the successful bid scored {} against your {}.",
                        mine.name, theirs.score, mine.score
                    ));
                }
            }
            if let (Some(a), Some(b)) = (r.price, w.price)
                && b < a
            {
                reasons.push(format!(
                    "Price: the successful bid's total evaluated price was {} against your {}.",
                    money(b, form),
                    money(a, form)
                ));
            }
            if r.tie_broken {
                reasons.push(
                    "Your total equalled another bid's; the published tie-break decided.".into(),
                );
            }
        }
    }
    if successful {
        reasons.push(format!(
            "Your bid ranked first with a total score of {}.",
            opt(r.total)
        ));
    }
    b.push(bullets(reasons));
    if r.quality.is_some() {
        b.push(heading(1, "Scores"));
        let head_w = winner.filter(|_| !successful);
        let mut rows = Vec::new();
        for (i, c) in r.criteria.iter().enumerate() {
            let mut row = vec![c.name.clone(), c.weight.to_string(), c.score.to_string()];
            if let Some(w) = head_w {
                row.push(opt(w.criteria.get(i).map(|x| x.score)));
            }
            rows.push(row);
        }
        let summary = |label: &str, mine: String, theirs: Option<String>| {
            let mut row = vec![label.to_string(), String::new(), mine];
            if let Some(t) = theirs {
                row.push(t);
            }
            row
        };
        rows.push(summary(
            "Quality score",
            opt(r.quality),
            head_w.map(|w| opt(w.quality)),
        ));
        rows.push(summary(
            "Price score",
            opt(r.price_score),
            head_w.map(|w| opt(w.price_score)),
        ));
        rows.push(summary(
            "Total evaluated price",
            r.price
                .map(|p| money(p, form))
                .unwrap_or_else(|| "—".into()),
            head_w.map(|w| {
                w.price
                    .map(|p| money(p, form))
                    .unwrap_or_else(|| "—".into())
            }),
        ));
        rows.push(summary(
            "Total score",
            opt(r.total),
            head_w.map(|w| opt(w.total)),
        ));
        let mut head = vec!["Criterion", "Weight", "Your bid"];
        let mut align = vec![Align::Left, Align::Right, Align::Right];
        if head_w.is_some() {
            head.push("Successful bid");
            align.push(Align::Right);
        }
        b.push(table(&head, &align, rows));
    }
    b.push(heading(1, "Standstill period"));
    b.push(para(match standstill_end(spec) {
        Some((from, days, end)) => format!(
            "The award decision is dated {from}. A standstill period of {days} calendar days follows it: the contract will not be concluded before the end of {end}. Any request for further information or challenge should reach {} before then.",
            form.buyer
        ),
        None => format!(
            "The spec states no standstill period; {} will not conclude the contract before every bidder has received this letter.",
            form.buyer
        ),
    }));
    Document {
        meta: meta(spec, form, "Notice of the outcome of the evaluation"),
        blocks: b,
    }
}

fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// `ranking.csv`: one row per bid, ranked bids first.
pub fn ranking_csv(outcome: &Outcome, form: &ResponseForm) -> Vec<u8> {
    let mut out = String::from(
        "rank,bidder,legal_name,outcome,quality,quality_percent,evaluated_price,price_score,total,tie_break\r\n",
    );
    for r in &outcome.results {
        let cells = [
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            r.bid.id.clone(),
            r.bid.name.clone(),
            match r.standing {
                Standing::Ranked => "ranked",
                Standing::Excluded => "excluded",
                Standing::BelowThreshold => "below_threshold",
            }
            .to_string(),
            r.quality.map(|x| x.to_string()).unwrap_or_default(),
            r.quality_percent.map(|x| x.to_string()).unwrap_or_default(),
            r.price
                .map(|p| p.rounded(form.minor_units).to_string())
                .unwrap_or_default(),
            r.price_score.map(|x| x.to_string()).unwrap_or_default(),
            r.total.map(|x| x.to_string()).unwrap_or_default(),
            if r.tie_broken { "yes" } else { "" }.to_string(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The `award` overlay: the decision date and the successful bid's prices and rates,
/// in the spec's own `award` form, for the contract stage.
pub fn award_overlay(spec: &Spec, form: &ResponseForm, winner: &BidResult) -> Option<String> {
    let date = spec.procurement.as_ref()?.timeline.award;
    let mut out = format!(
        "# Award overlay written by `rfx evaluate --award` for {}.\n# Successful bidder: {} ({}); name it in `parties.supplier` for the contract stage.\naward:\n  date: {date}\n  prices:\n",
        form.reference, winner.bid.name, winner.bid.id
    );
    for l in &form.lines {
        if let Some(p) = winner.bid.response.prices.get(&l.id) {
            out.push_str(&format!(
                "    - {{line: {}, unit_price: {{amount: \"{p}\", currency: {}}}}}\n",
                yaml_str(&l.id),
                form.currency
            ));
        }
    }
    if out.ends_with("  prices:\n") {
        out.truncate(out.len() - 1);
        out.push_str(" []\n");
    }
    out.push_str("  rates:\n");
    for r in &form.rates {
        if let Some(p) = winner.bid.response.rates.get(&r.role) {
            out.push_str(&format!(
                "    - {{role: {}, rate: {{amount: \"{p}\", currency: {}}}}}\n",
                yaml_str(&r.role),
                form.currency
            ));
        }
    }
    if out.ends_with("  rates:\n") {
        out.truncate(out.len() - 1);
        out.push_str(" []\n");
    }
    Some(out)
}
