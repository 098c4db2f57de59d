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
        total = total.add(p.mul(Exact::of(&l.evaluated_quantity))?)?;
    }
    for rate in &form.rates {
        if let Some(q) = rate.evaluated_quantity {
            let p = Exact::of(r.rates.get(&rate.role)?);
            total = total.add(p.mul(Exact::of(&q))?)?;
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
        available = available.add(weight).unwrap_or(available);
        let mut sum = Exact::ZERO;
        let mut weights = Exact::ZERO;
        for (item, score) in form.scored.iter().zip(&r.items) {
            if item.criterion != c.id {
                continue;
            }
            let w = Exact::of(&item.weight);
            sum = sum
                .add(w.mul(score.consensus).unwrap_or(Exact::ZERO))
                .unwrap_or(sum);
            weights = weights.add(w).unwrap_or(weights);
        }
        let average = sum.div(weights).unwrap_or(Exact::ZERO);
        let score = weight
            .mul(average)
            .and_then(|x| x.div(max))
            .unwrap_or(Exact::ZERO)
            .rounded(PLACES);
        quality = quality.add(Exact::of(&score)).unwrap_or(quality);
        r.criteria.push(CriterionScore {
            id: c.id.clone(),
            name: c.name.clone(),
            weight: c.weight.value(),
            average,
            score,
        });
    }
    let percent = quality
        .mul(Exact::int(100))
        .and_then(|q| q.div(available))
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

/// The price score of `price` against the lowest evaluated price, by the published formula.
pub fn price_score(formula: PriceFormula, weight: Exact, lowest: Exact, price: Exact) -> Exact {
    match formula {
        PriceFormula::LowestPriceRatio => weight
            .mul(lowest)
            .and_then(|x| x.div(price))
            .unwrap_or(Exact::ZERO),
    }
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
        if r.price.is_none_or(|p| !(Exact::ZERO < p)) {
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
    let lowest = results
        .iter()
        .filter(|r| r.standing == Standing::Ranked)
        .filter_map(|r| r.price)
        .min();
    for r in results
        .iter_mut()
        .filter(|r| r.standing == Standing::Ranked)
    {
        let quality = Exact::of(&r.quality.unwrap_or(Decimal::ZERO));
        let price_score = match (&evaluation.price, lowest, r.price) {
            (Some(p), Some(low), Some(price)) => {
                let s = price_score(p.formula, Exact::of(&p.weight.value()), low, price)
                    .rounded(PLACES);
                r.price_score = Some(s);
                Exact::of(&s)
            }
            _ => Exact::ZERO,
        };
        r.total = Some(quality.add(price_score).unwrap_or(quality).rounded(PLACES));
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
