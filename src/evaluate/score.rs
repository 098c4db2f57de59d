//! Gates, consensus scores, quality, price score, total, ranking and tie-break, in exact
//! arithmetic ([`Exact`]); published scores are rounded to two decimal places.

use super::exact::{Exact, PLACES};
use super::read::EvaluatorMarks;
use crate::diag::Diagnostic;
use crate::spec::{Consensus, Decimal, Evaluation, EvaluationMethod, PriceFormula, TieBreak};
use crate::workbook::response::Response;
use crate::workbook::*;
use std::cmp::Ordering;

/// A bid as read: who, from which file, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Bid {
    /// Bidder id.
    pub id: String,
    /// Legal name as entered.
    pub name: String,
    /// The returned workbook.
    pub file: String,
    /// Its content.
    pub response: Response,
}

/// One gate and how the bid fared.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// Item id (requirement, question, selection item or `declarations`).
    pub item: String,
    /// Passed?
    pub passed: bool,
    /// Why it failed (empty when passed).
    pub reason: String,
}

/// One item's scores for one bid.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemScore {
    /// Item id.
    pub item: String,
    /// Criterion id.
    pub criterion: String,
    /// (evaluator, score) as returned.
    pub scores: Vec<(String, u32)>,
    /// The consensus score.
    pub consensus: Exact,
    /// Scores differ by more than the moderation threshold.
    pub divergent: bool,
}

/// A criterion's score for one bid.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionScore {
    /// Criterion id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its weight (points).
    pub weight: Decimal,
    /// Weighted average consensus score of its items.
    pub average: Exact,
    /// weight × average ÷ scale maximum, rounded.
    pub score: Decimal,
}

/// Where a bid ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Ranked.
    Ranked,
    /// Failed a gate; not scored further.
    Excluded,
    /// Quality below the threshold; no price score.
    BelowThreshold,
}

/// Everything computed for one bid.
#[derive(Debug, Clone, PartialEq)]
pub struct BidResult {
    /// The bid.
    pub bid: Bid,
    /// Every gate.
    pub gates: Vec<Gate>,
    /// Item scores (when gates passed).
    pub items: Vec<ItemScore>,
    /// Criterion scores.
    pub criteria: Vec<CriterionScore>,
    /// Quality score (sum of rounded criterion scores).
    pub quality: Option<Decimal>,
    /// Quality as a percentage of the quality maximum, rounded.
    pub quality_percent: Option<Decimal>,
    /// Total evaluated price (exact, in the pricing currency).
    pub price: Option<Exact>,
    /// Price score, rounded.
    pub price_score: Option<Decimal>,
    /// Total score (quality + price score).
    pub total: Option<Decimal>,
    /// Rank (1 is the successful bid); equal ranks share a number.
    pub rank: Option<usize>,
    /// Whether the tie-break decided this bid's place against an equal total.
    pub tie_broken: bool,
    /// Where it ended.
    pub standing: Standing,
}

impl BidResult {
    /// Failed gates.
    pub fn failures(&self) -> impl Iterator<Item = &Gate> {
        self.gates.iter().filter(|g| !g.passed)
    }
}

/// The evaluation's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Ranked bids first, in rank order; then the others in file order.
    pub results: Vec<BidResult>,
    /// Evaluators whose workbooks were used, in order.
    pub evaluators: Vec<String>,
    /// Warnings (missing scores, unresolved ties).
    pub warnings: Vec<Diagnostic>,
}

impl Outcome {
    /// The successful bid, if any bid was ranked.
    pub fn winner(&self) -> Option<&BidResult> {
        self.results.iter().find(|r| r.rank == Some(1))
    }
}

/// The moderation threshold used when the spec gives none.
pub const DEFAULT_MODERATION_THRESHOLD: u32 = 1;

/// Evaluates the bids with the evaluators' marks under the spec's evaluation rules.
pub fn evaluate(
    form: &ResponseForm,
    evaluation: &Evaluation,
    bids: Vec<Bid>,
    marks: &[EvaluatorMarks],
) -> Outcome {
    let mut warnings = Vec::new();
    let threshold = evaluation
        .moderation_threshold
        .unwrap_or(DEFAULT_MODERATION_THRESHOLD);
    let panel: Vec<&EvaluatorMarks> = match evaluation.consensus {
        Consensus::Moderated => marks.iter().filter(|m| m.evaluator != MODERATION).collect(),
        _ => marks.iter().collect(),
    };
    let moderation = marks.iter().find(|m| m.evaluator == MODERATION);
    if evaluation.consensus == Consensus::Moderated && moderation.is_none() {
        warnings.push(Diagnostic::warning(
            "consensus is `moderated` but no moderation workbook (scoring-moderation.xlsx) was returned: every consensus score falls back to the median",
        ));
    }
    let max = Exact::int(i64::from(form.scale.1));
    let mut results: Vec<BidResult> = bids
        .into_iter()
        .map(|bid| {
            let gates = gates(form, &bid, &panel);
            let passed = gates.iter().all(|g| g.passed);
            let mut r = BidResult {
                bid,
                gates,
                items: Vec::new(),
                criteria: Vec::new(),
                quality: None,
                quality_percent: None,
                price: None,
                price_score: None,
                total: None,
                rank: None,
                tie_broken: false,
                standing: if passed {
                    Standing::Ranked
                } else {
                    Standing::Excluded
                },
            };
            if passed {
                r.price = evaluated_price(form, &r.bid.response);
                score_quality(
                    form,
                    evaluation,
                    &mut r,
                    (&panel, moderation),
                    threshold,
                    max,
                    &mut warnings,
                );
            }
            r
        })
        .collect();
    price_and_rank(evaluation, &mut results, &mut warnings);
    Outcome {
        results,
        evaluators: panel.iter().map(|m| m.evaluator.clone()).collect(),
        warnings,
    }
}

fn gates(form: &ResponseForm, bid: &Bid, panel: &[&EvaluatorMarks]) -> Vec<Gate> {
    let r = &bid.response;
    let mut gates = Vec::new();
    let mut gate = |item: &str, failure: Option<String>| {
        gates.push(Gate {
            item: item.to_string(),
            passed: failure.is_none(),
            reason: failure.unwrap_or_default(),
        })
    };
    for q in form.requirements.iter().filter(|q| q.mandatory) {
        let a = r.requirements.get(&q.id).cloned().unwrap_or_default();
        let failure = match q.kind {
            AnswerKind::Attachment if a.attachment.is_empty() => Some(format!(
                "mandatory requirement {}: no document attached",
                q.id
            )),
            AnswerKind::Attachment => None,
            AnswerKind::YesNo if a.compliance != "Yes" => Some(format!(
                "mandatory requirement {} answered \"{}\"",
                q.id, a.compliance
            )),
            AnswerKind::YesNo => None,
            _ if a.compliance != COMPLIANCE[0] => Some(format!(
                "mandatory requirement {} not fully met (\"{}\")",
                q.id, a.compliance
            )),
            _ => None,
        };
        gate(&q.id, failure);
    }
    for q in form.questions.iter().filter(|q| q.knockout) {
        let answer = r.answers.get(&q.id).map(String::as_str).unwrap_or("");
        let failure = match q.kind {
            AnswerKind::YesNo if answer != "Yes" => Some(format!(
                "knock-out question {} answered \"{answer}\" ({})",
                q.id,
                q.text.trim_end_matches(['.', '?'])
            )),
            AnswerKind::Attachment if !r.attachments.contains_key(&q.id) => {
                Some(format!("knock-out question {}: no document attached", q.id))
            }
            _ if answer.is_empty() && q.kind != AnswerKind::Attachment => {
                Some(format!("knock-out question {} not answered", q.id))
            }
            _ => None,
        };
        gate(&q.id, failure);
    }
    for (id, _) in &form.selection {
        let fails: Vec<String> = panel
            .iter()
            .filter_map(|m| {
                let marks = m.marks.get(&bid.id)?;
                (marks.selection.get(id).map(String::as_str) == Some("Fail")).then(|| {
                    match marks.comments.get(id) {
                        Some(c) => format!("{} ({c})", m.evaluator),
                        None => m.evaluator.clone(),
                    }
                })
            })
            .collect();
        let failure = (!fails.is_empty())
            .then(|| format!("selection item {id} failed by {}", fails.join(", ")));
        gate(id, failure);
    }
    if !form.declarations.is_empty() {
        let refused: Vec<String> = (0..form.declarations.len())
            .filter(|i| r.agreed.get(*i).map(String::as_str) != Some("Yes"))
            .map(|i| (i + 1).to_string())
            .collect();
        let failure = (!refused.is_empty())
            .then(|| format!("declarations not agreed: {}", refused.join(", ")));
        gate("declarations", failure);
    }
    gates
}

/// Σ unit price × evaluated quantity + Σ rate × evaluated basket, exactly.
pub fn evaluated_price(form: &ResponseForm, r: &Response) -> Option<Exact> {
    let mut total = Exact::ZERO;
    for l in form.lines.iter().filter(|l| l.evaluated) {
        let p = Exact::of(r.prices.get(&l.id)?);
        total = total.plus(p.times(Exact::of(&l.evaluated_quantity))?)?;
    }
    for rate in &form.rates {
        if let Some(q) = rate.evaluated_quantity {
            let p = Exact::of(r.rates.get(&rate.role)?);
            total = total.plus(p.times(Exact::of(&q))?)?;
        }
    }
    Some(total)
}

fn consensus(rule: Consensus, scores: &[u32], moderated: Option<u32>) -> Option<Exact> {
    if scores.is_empty() && moderated.is_none() {
        return None;
    }
    let median = |s: &[u32]| {
        let mut v = s.to_vec();
        v.sort_unstable();
        let n = v.len();
        if n == 0 {
            return None;
        }
        if n % 2 == 1 {
            Some(Exact::int(i64::from(v[n / 2])))
        } else {
            Exact::new(i128::from(v[n / 2 - 1]) + i128::from(v[n / 2]), 2)
        }
    };
    match rule {
        Consensus::Mean => Exact::new(
            scores.iter().map(|s| i128::from(*s)).sum(),
            scores.len() as i128,
        ),
        Consensus::Median => median(scores),
        Consensus::Moderated => match moderated {
            Some(m) => Some(Exact::int(i64::from(m))),
            None => median(scores),
        },
    }
}

fn score_quality(
    form: &ResponseForm,
    evaluation: &Evaluation,
    r: &mut BidResult,
    (panel, moderation): (&[&EvaluatorMarks], Option<&EvaluatorMarks>),
    threshold: u32,
    max: Exact,
    warnings: &mut Vec<Diagnostic>,
) {
    for item in &form.scored {
        let scores: Vec<(String, u32)> = panel
            .iter()
            .filter_map(|m| {
                let s = m.marks.get(&r.bid.id)?.scores.get(&item.id)?;
                Some((m.evaluator.clone(), *s))
            })
            .collect();
        let values: Vec<u32> = scores.iter().map(|(_, s)| *s).collect();
        let moderated = moderation
            .and_then(|m| m.marks.get(&r.bid.id))
            .and_then(|m| m.scores.get(&item.id).copied());
        let consensus = match consensus(evaluation.consensus, &values, moderated) {
            Some(c) => c,
            None => {
                warnings.push(Diagnostic::warning(format!(
                    "no evaluator scored item {} of {}: counted as {}",
                    item.id, r.bid.id, form.scale.0
                )));
                Exact::int(i64::from(form.scale.0))
            }
        };
        let spread = values
            .iter()
            .max()
            .zip(values.iter().min())
            .map_or(0, |(a, b)| a - b);
        r.items.push(ItemScore {
            item: item.id.clone(),
            criterion: item.criterion.clone(),
            scores,
            consensus,
            divergent: spread > threshold,
        });
    }
    let mut quality = Exact::ZERO;
    let mut available = Exact::ZERO;
    for c in &evaluation.criteria {
        let weight = Exact::of(&c.weight.value());
        available = available.plus(weight).unwrap_or(available);
        let mut sum = Exact::ZERO;
        let mut weights = Exact::ZERO;
        for (item, score) in form.scored.iter().zip(&r.items) {
            if item.criterion != c.id {
                continue;
            }
            let w = Exact::of(&item.weight);
            sum = sum
                .plus(w.times(score.consensus).unwrap_or(Exact::ZERO))
                .unwrap_or(sum);
            weights = weights.plus(w).unwrap_or(weights);
        }
        let average = sum.over(weights).unwrap_or(Exact::ZERO);
        let score = weight
            .times(average)
            .and_then(|x| x.over(max))
            .unwrap_or(Exact::ZERO)
            .rounded(PLACES);
        quality = quality.plus(Exact::of(&score)).unwrap_or(quality);
        r.criteria.push(CriterionScore {
            id: c.id.clone(),
            name: c.name.clone(),
            weight: c.weight.value(),
            average,
            score,
        });
    }
    let percent = quality
        .times(Exact::int(100))
        .and_then(|q| q.over(available))
        .unwrap_or(Exact::ZERO);
    r.quality = Some(quality.rounded(PLACES));
    r.quality_percent = Some(percent.rounded(PLACES));
    let applies = evaluation.method != EvaluationMethod::LowestPrice;
    if let Some(t) = evaluation.quality_threshold
        && applies
        && percent.published() < Exact::of(&t.value())
    {
        r.standing = Standing::BelowThreshold;
    }
}

/// The price score of `price` against the lowest and highest evaluated prices of the
/// bids still in the competition, by the published formula.
pub fn price_score(
    formula: PriceFormula,
    weight: Exact,
    (lowest, highest): (Exact, Exact),
    price: Exact,
) -> Exact {
    let score = match formula {
        PriceFormula::LowestPriceRatio => weight.times(lowest).and_then(|x| x.over(price)),
        PriceFormula::DeviationFromLowest => price
            .minus(lowest)
            .and_then(|above| above.over(lowest))
            .and_then(|share| Exact::int(1).minus(share))
            .and_then(|kept| weight.times(kept)),
        PriceFormula::LowestToHighest if highest == lowest => Some(weight),
        PriceFormula::LowestToHighest => highest
            .minus(price)
            .and_then(|x| x.over(highest.minus(lowest)?))
            .and_then(|x| weight.times(x)),
    };
    score.filter(|s| !s.is_negative()).unwrap_or(Exact::ZERO)
}

fn price_and_rank(
    evaluation: &Evaluation,
    results: &mut [BidResult],
    warnings: &mut Vec<Diagnostic>,
) {
    for r in results
        .iter_mut()
        .filter(|r| r.standing == Standing::Ranked)
    {
        if r.price.is_none_or(|p| p <= Exact::ZERO) {
            warnings.push(Diagnostic::warning(format!(
                "{}: the total evaluated price is zero or missing; the bid is not ranked",
                r.bid.id
            )));
            r.standing = Standing::Excluded;
            r.gates.push(Gate {
                item: "price".into(),
                passed: false,
                reason: "no positive total evaluated price".into(),
            });
        }
    }
    let ranked_prices = || {
        results
            .iter()
            .filter(|r| r.standing == Standing::Ranked)
            .filter_map(|r| r.price)
    };
    let range = ranked_prices().min().zip(ranked_prices().max());
    for r in results
        .iter_mut()
        .filter(|r| r.standing == Standing::Ranked)
    {
        let quality = Exact::of(&r.quality.unwrap_or(Decimal::ZERO));
        let price_score = match (&evaluation.price, range, r.price) {
            (Some(p), Some(range), Some(price)) => {
                let s = price_score(p.formula, Exact::of(&p.weight.value()), range, price)
                    .rounded(PLACES);
                r.price_score = Some(s);
                Exact::of(&s)
            }
            _ => Exact::ZERO,
        };
        r.total = Some(quality.plus(price_score).unwrap_or(quality).rounded(PLACES));
    }
    let key = |r: &BidResult| {
        (
            Exact::of(&r.total.unwrap_or(Decimal::ZERO)),
            Exact::of(&r.quality.unwrap_or(Decimal::ZERO)),
            r.price.unwrap_or(Exact::ZERO),
            r.bid.response.delivery_weeks.unwrap_or(u32::MAX),
        )
    };
    let primary = |a: &BidResult, b: &BidResult| -> Ordering {
        let (ta, _, pa, _) = key(a);
        let (tb, _, pb, _) = key(b);
        match evaluation.method {
            EvaluationMethod::BestPriceQuality => tb.cmp(&ta),
            _ => pa.cmp(&pb),
        }
    };
    let tie_break = |a: &BidResult, b: &BidResult| -> Ordering {
        let (_, qa, pa, da) = key(a);
        let (_, qb, pb, db) = key(b);
        match evaluation.tie_break {
            TieBreak::HigherQuality => qb.cmp(&qa).then(pa.cmp(&pb)),
            TieBreak::LowerPrice => pa.cmp(&pb).then(qb.cmp(&qa)),
            TieBreak::EarlierDelivery => da.cmp(&db).then(pa.cmp(&pb)),
        }
    };
    // Ranked bids first (stable: file order among equals), then the others.
    results.sort_by(|a, b| {
        let ra = a.standing == Standing::Ranked;
        let rb = b.standing == Standing::Ranked;
        rb.cmp(&ra).then_with(|| {
            if ra && rb {
                primary(a, b).then_with(|| tie_break(a, b))
            } else {
                Ordering::Equal
            }
        })
    });
    let ranked = results
        .iter()
        .filter(|r| r.standing == Standing::Ranked)
        .count();
    for i in 0..ranked {
        let tied_before = i > 0 && primary(&results[i - 1], &results[i]) == Ordering::Equal;
        let tied_after = i + 1 < ranked && primary(&results[i], &results[i + 1]) == Ordering::Equal;
        results[i].tie_broken = tied_before || tied_after;
        let rank =
            if i > 0 && tied_before && tie_break(&results[i - 1], &results[i]) == Ordering::Equal {
                results[i - 1].rank.unwrap_or(i)
            } else {
                i + 1
            };
        if rank != i + 1 {
            warnings.push(Diagnostic::warning(format!(
                "{} and {} are tied even after the tie-break: the panel must decide",
                results[i - 1].bid.id,
                results[i].bid.id
            )));
        }
        results[i].rank = Some(rank);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::scoring::BidderMarks;
    use std::collections::BTreeMap;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    /// Two criteria (quality 60 + 20, price 20), one item each, one price line of 10 units.
    fn form() -> ResponseForm {
        let item = |id: &str, criterion: &str| ScoredItem {
            id: id.into(),
            criterion: criterion.into(),
            text: String::new(),
            weight: d("1"),
            guidance: None,
        };
        ResponseForm {
            reference: "T-1".into(),
            title: "Test".into(),
            buyer: "Buyer".into(),
            closing: String::new(),
            return_to: String::new(),
            currency: "EUR".into(),
            minor_units: 2,
            tax_rate: d("20"),
            term_months: 12,
            requirements: Vec::new(),
            questions: Vec::new(),
            lines: vec![FormLine {
                id: "P-1".into(),
                description: String::new(),
                unit: "unit".into(),
                period: "one-off",
                quantity: d("10"),
                periods: 1,
                evaluated_quantity: d("10"),
                optional: false,
                evaluated: true,
            }],
            rates: Vec::new(),
            milestones: Vec::new(),
            declarations: Vec::new(),
            asks_delivery: false,
            scale: (0, 5),
            scored: vec![item("A", "quality"), item("B", "service")],
            selection: Vec::new(),
        }
    }

    fn evaluation(extra: &str) -> Evaluation {
        serde_yaml::from_str(&format!(
            "method: best_price_quality
scale: {{min: 0, max: 5}}
criteria:
  - {{id: quality, name: Quality, weight: 60}}
  - {{id: service, name: Service, weight: 20}}
price: {{weight: 20, formula: lowest_price_ratio}}
quality_threshold: 50
{extra}"
        ))
        .unwrap()
    }

    fn bid(id: &str, price: &str) -> Bid {
        let mut response = Response::default();
        response.prices.insert("P-1".into(), d(price));
        Bid {
            id: id.into(),
            name: id.into(),
            file: format!("{id}.xlsx"),
            response,
        }
    }

    /// Evaluators' scores: evaluator → bidder → (score of A, score of B).
    /// (bidder, score of A, score of B).
    type Row<'a> = (&'a str, u32, u32);

    fn marks(scores: &[(&str, &[Row<'_>])]) -> Vec<EvaluatorMarks> {
        scores
            .iter()
            .map(|(e, bidders)| EvaluatorMarks {
                evaluator: e.to_string(),
                marks: bidders
                    .iter()
                    .map(|(b, a, s)| {
                        let mut m = BidderMarks::default();
                        m.scores.insert("A".into(), *a);
                        m.scores.insert("B".into(), *s);
                        (b.to_string(), m)
                    })
                    .collect::<BTreeMap<_, _>>(),
            })
            .collect()
    }

    fn row(o: &Outcome, id: &str) -> (Option<usize>, String, String, String) {
        let r = o.results.iter().find(|r| r.bid.id == id).unwrap();
        let s = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
        (r.rank, s(r.quality), s(r.price_score), s(r.total))
    }

    #[test]
    fn under_the_threshold_gets_no_price_score_and_does_not_set_the_lowest_price() {
        // x: 60 × 4/5 + 20 × 4/5 = 64 (80 %); y: 60 × 1/5 + 20 × 2/5 = 20 (25 %, below 50 %).
        // y is cheapest (50 × 10 = 500) but out, so x's 800 is the lowest: 20.00.
        let m = marks(&[("e1", &[("x", 4, 4), ("y", 1, 2)])]);
        let o = evaluate(
            &form(),
            &evaluation(""),
            vec![bid("x", "80"), bid("y", "50")],
            &m,
        );
        assert_eq!(
            row(&o, "x"),
            (Some(1), "64.00".into(), "20.00".into(), "84.00".into())
        );
        assert_eq!(
            row(&o, "y"),
            (None, "20.00".into(), String::new(), String::new())
        );
        let y = o.results.iter().find(|r| r.bid.id == "y").unwrap();
        assert_eq!(y.standing, Standing::BelowThreshold);
    }

    #[test]
    fn a_tie_follows_the_tie_break() {
        // x: quality 60 × 5/5 + 20 × 2/5 = 68, price 1,000 → 20 × 800/1000 = 16 → 84.
        // y: quality 60 × 4/5 + 20 × 4/5 = 64, price 800 → 20 → 84. Equal totals.
        let m = marks(&[("e1", &[("x", 5, 2), ("y", 4, 4)])]);
        let bids = || vec![bid("y", "80"), bid("x", "100")];
        let o = evaluate(
            &form(),
            &evaluation("tie_break: higher_quality"),
            bids(),
            &m,
        );
        assert_eq!(
            row(&o, "x"),
            (Some(1), "68.00".into(), "16.00".into(), "84.00".into())
        );
        assert_eq!(row(&o, "y").0, Some(2));
        assert!(o.results.iter().all(|r| r.tie_broken));
        let o = evaluate(&form(), &evaluation("tie_break: lower_price"), bids(), &m);
        assert_eq!(row(&o, "y").0, Some(1));
        assert_eq!(row(&o, "x").0, Some(2));
    }

    #[test]
    fn median_consensus_and_divergence() {
        // Scores of A: 1, 4, 5 → median 4; spread 4 > threshold 2: divergent.
        let m = marks(&[
            ("e1", &[("x", 1, 3)]),
            ("e2", &[("x", 4, 3)]),
            ("e3", &[("x", 5, 4)]),
        ]);
        let e = evaluation("consensus: median\nmoderation_threshold: 2");
        let o = evaluate(&form(), &e, vec![bid("x", "10")], &m);
        let x = &o.results[0];
        assert_eq!(x.items[0].consensus, Exact::int(4));
        assert!(x.items[0].divergent);
        assert!(!x.items[1].divergent);
        // 60 × 4/5 + 20 × 3/5 = 48 + 12 = 60.
        assert_eq!(x.quality, Some(d("60.00")));
        // Mean instead: (1 + 4 + 5)/3 = 10/3 → 60 × 10/15 = 40.00; B (3+3+4)/3 → 20 × 10/15 = 13.33.
        let o = evaluate(&form(), &evaluation(""), vec![bid("x", "10")], &m);
        assert_eq!(o.results[0].quality, Some(d("53.33")));
    }

    #[test]
    fn a_failed_gate_excludes_the_bid_from_scoring() {
        let mut f = form();
        f.questions.push(FormQuestion {
            id: "KO".into(),
            group: String::new(),
            stage: crate::evaluation::ItemStage::Gate,
            text: "Do you agree?".into(),
            kind: AnswerKind::YesNo,
            knockout: true,
        });
        let mut no = bid("x", "10");
        no.response.answers.insert("KO".into(), "No".into());
        let mut yes = bid("y", "20");
        yes.response.answers.insert("KO".into(), "Yes".into());
        let m = marks(&[("e1", &[("x", 5, 5), ("y", 3, 3)])]);
        let o = evaluate(&f, &evaluation(""), vec![no, yes], &m);
        let x = o.results.iter().find(|r| r.bid.id == "x").unwrap();
        assert_eq!(x.standing, Standing::Excluded);
        assert!(x.quality.is_none() && x.price_score.is_none());
        assert_eq!(
            x.failures().next().unwrap().reason,
            "knock-out question KO answered \"No\" (Do you agree)"
        );
        // y is the only ranked bid, so its own price is the lowest: full price marks.
        assert_eq!(
            row(&o, "y"),
            (Some(1), "48.00".into(), "20.00".into(), "68.00".into())
        );
    }

    #[test]
    fn every_published_price_formula_by_hand() {
        let w = Exact::int(30);
        let range = (Exact::int(800), Exact::int(1200));
        let at = |f, price| price_score(f, w, range, Exact::int(price)).rounded(PLACES);
        // Lowest price ratio: 30 × 800 / 1000 = 24; the lowest scores 30.
        assert_eq!(at(PriceFormula::LowestPriceRatio, 1000), d("24.00"));
        assert_eq!(at(PriceFormula::LowestPriceRatio, 800), d("30.00"));
        // Deviation from the lowest: 1000 is 25 % above 800 → 30 × 0.75 = 22.5;
        // 1,700 is more than twice 800 → never below zero.
        assert_eq!(at(PriceFormula::DeviationFromLowest, 1000), d("22.50"));
        assert_eq!(at(PriceFormula::DeviationFromLowest, 1700), d("0.00"));
        // Lowest to highest: (1200 − 1000) / (1200 − 800) = 0.5 → 15; the highest scores 0.
        assert_eq!(at(PriceFormula::LowestToHighest, 1000), d("15.00"));
        assert_eq!(at(PriceFormula::LowestToHighest, 1200), d("0.00"));
        assert_eq!(at(PriceFormula::LowestToHighest, 800), d("30.00"));
        // Every price equal: the full weight, not a division by zero.
        let same = (Exact::int(900), Exact::int(900));
        assert_eq!(
            price_score(PriceFormula::LowestToHighest, w, same, Exact::int(900)).rounded(PLACES),
            d("30.00")
        );
    }

    #[test]
    fn the_spec_chooses_the_price_formula() {
        // x: quality 64 (as above), price 800 (lowest); y: quality 64, price 1,000 (highest).
        let m = marks(&[("e1", &[("x", 4, 4), ("y", 4, 4)])]);
        let with = |formula: &str| {
            let e: Evaluation = serde_yaml::from_str(&format!(
                "method: best_price_quality
scale: {{min: 0, max: 5}}
criteria:
  - {{id: quality, name: Quality, weight: 60}}
  - {{id: service, name: Service, weight: 20}}
price: {{weight: 20, formula: {formula}}}"
            ))
            .unwrap();
            evaluate(&form(), &e, vec![bid("x", "80"), bid("y", "100")], &m)
        };
        // 20 × 800/1000 = 16; 20 × (1 − 200/800) = 15; 20 × (1000 − 1000)/(1000 − 800) = 0.
        assert_eq!(row(&with("lowest_price_ratio"), "y").2, "16.00");
        assert_eq!(row(&with("deviation_from_lowest"), "y").2, "15.00");
        assert_eq!(row(&with("lowest_to_highest"), "y").2, "0.00");
        assert_eq!(row(&with("lowest_to_highest"), "x").2, "20.00");
    }
}
