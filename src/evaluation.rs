//! The evaluation model of a tender: which items are pass/fail gates, which assess the
//! bidder (selection) and which score the offer under one award criterion each.
//!
//! The model is built from the typed spec and the library's question sets, and is what
//! the RFP publishes, the evaluation guide explains, the scoring matrix lays out and
//! `rfx check` verifies (every scored item has a criterion; every criterion has items).

use crate::diag::{Diagnostic, suggest};
use crate::library::lockfile::Lockfile;
use crate::library::{Library, QuestionSet, SetStage, Status};
use crate::spec::{Priority, QuestionSetRef, SpecFile};
use serde::Serialize;

/// Where an item is assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStage {
    /// A pass/fail gate: a mandatory requirement or a knock-out question.
    Gate,
    /// About the bidder (selection criteria): pass/fail, never scored.
    Selection,
    /// About the offer: scored under an award criterion.
    Award,
    /// Asked for information or verification, not scored.
    Information,
}

/// One requirement or question as the evaluation sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Requirement or question id.
    pub id: String,
    /// `requirement` or `question`.
    pub source: &'static str,
    /// Where it is assessed.
    pub stage: ItemStage,
    /// Question set id (library questions only).
    pub set: Option<String>,
    /// Question set title, requirement category or question section.
    pub group: String,
    /// The requirement or question.
    pub text: String,
    /// Weight within its criterion (award items).
    pub weight: Option<f64>,
    /// Award criterion id (award items).
    pub criterion: Option<String>,
    /// What a good answer covers, for bidders.
    pub guidance: Option<String>,
    /// Notes for the panel only.
    pub evaluator_guidance: Option<String>,
    /// Spec path the item comes from (for diagnostics).
    #[serde(skip)]
    pub path: String,
}

/// The whole model, items in the order the RFP presents them.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Model {
    /// Every item.
    pub items: Vec<Item>,
}

impl Model {
    /// Items at one stage.
    pub fn at(&self, stage: ItemStage) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.stage == stage)
    }

    /// Builds the model of a spec with the question set versions the documents use.
    pub fn build(spec: &SpecFile, library: &Library, lock: Option<&Lockfile>) -> Model {
        let s = &spec.spec;
        let mut items = Vec::new();
        for (i, r) in s.requirements.iter().enumerate() {
            let gate = r.priority == Priority::Mandatory;
            items.push(Item {
                id: r.id.clone(),
                source: "requirement",
                stage: if gate {
                    ItemStage::Gate
                } else {
                    ItemStage::Award
                },
                set: None,
                group: r.category.clone(),
                text: r.text.clone(),
                weight: (!gate).then(|| r.weight.map_or(1.0, |w| w.to_f64())),
                criterion: r.criterion.clone(),
                guidance: None,
                evaluator_guidance: None,
                path: format!("requirements[{i}]"),
            });
        }
        let Some(q) = &s.questionnaire else {
            return Model { items };
        };
        for (i, set_ref) in q.sets.iter().enumerate() {
            let Some(set) = chosen_set(library, set_ref, s.allow_draft_clauses, lock) else {
                continue;
            };
            for question in &set.questions {
                let staged = set.stage.is_some();
                let stage = if question.knockout {
                    ItemStage::Gate
                } else if set.stage == Some(SetStage::Selection) {
                    ItemStage::Selection
                } else if question.weight > 0.0 {
                    ItemStage::Award
                } else {
                    ItemStage::Information
                };
                let award = stage == ItemStage::Award;
                items.push(Item {
                    id: question.id.clone(),
                    source: "question",
                    stage,
                    set: Some(set.id.clone()),
                    group: set.title.clone(),
                    text: question.text.clone(),
                    weight: award.then_some(question.weight),
                    criterion: award
                        .then(|| {
                            question
                                .criterion
                                .clone()
                                .or_else(|| set_ref.criterion.clone())
                                .or_else(|| set.criterion.clone())
                        })
                        .flatten(),
                    // Sets released before stages existed wrote their guidance for
                    // evaluators: it stays out of bidder-facing documents.
                    guidance: if staged {
                        question.guidance.clone()
                    } else {
                        None
                    },
                    evaluator_guidance: if staged {
                        question.evaluator_guidance.clone()
                    } else {
                        question.guidance.clone()
                    },
                    path: format!("questionnaire.sets[{i}]"),
                });
            }
        }
        for (i, x) in q.questions.iter().enumerate() {
            let weight = x.weight.map(|w| w.value().to_f64()).unwrap_or(0.0);
            let stage = if x.knockout {
                ItemStage::Gate
            } else if weight > 0.0 {
                ItemStage::Award
            } else {
                ItemStage::Information
            };
            items.push(Item {
                id: x.id.clone(),
                source: "question",
                stage,
                set: None,
                group: x.section.clone(),
                text: x.text.clone(),
                weight: (stage == ItemStage::Award).then_some(weight),
                criterion: x.criterion.clone(),
                guidance: x.guidance.clone(),
                evaluator_guidance: x.evaluator_guidance.clone(),
                path: format!("questionnaire.questions[{i}]"),
            });
        }
        Model { items }
    }

    /// Library questions scored without a (known) criterion, and criteria with no
    /// item behind them. Spec-level items are checked when the spec loads.
    pub fn check(&self, spec: &SpecFile) -> Vec<Diagnostic> {
        let Some(evaluation) = &spec.spec.evaluation else {
            return Vec::new();
        };
        let criteria: Vec<&str> = evaluation.criteria.iter().map(|c| c.id.as_str()).collect();
        let mut diags = Vec::new();
        let at = |d: Diagnostic, path: &str| match spec.locate(path) {
            Some(loc) => d.at(loc),
            None => d.in_file(&spec.path),
        };
        for item in self.at(ItemStage::Award).filter(|i| i.set.is_some()) {
            let set = item.set.as_deref().unwrap_or_default();
            match item.criterion.as_deref() {
                None => diags.push(at(
                    Diagnostic::error(format!(
                        "scored question `{}` of question set `{set}` belongs to no award criterion",
                        item.id
                    ))
                    .with_help(format!(
                        "add `criterion:` to the set (one of {}) under `questionnaire.sets`",
                        list(&criteria)
                    )),
                    &format!("{}.id", item.path),
                )),
                Some(k) if !criteria.contains(&k) => {
                    let mut d = Diagnostic::error(format!(
                        "question `{}` of set `{set}` counts towards criterion `{k}`, which the spec does not have",
                        item.id
                    ));
                    d = match suggest(k, criteria.iter().copied()) {
                        Some(near) => d.with_help(format!(
                            "set `criterion: {near}` for the set under `questionnaire.sets`"
                        )),
                        None => d.with_help(format!(
                            "set `criterion:` (one of {}) for the set under `questionnaire.sets`",
                            list(&criteria)
                        )),
                    };
                    diags.push(at(d, &format!("{}.id", item.path)));
                }
                _ => {}
            }
        }
        for (i, c) in evaluation.criteria.iter().enumerate() {
            let backed = self
                .at(ItemStage::Award)
                .any(|item| item.criterion.as_deref() == Some(c.id.as_str()));
            if !backed {
                diags.push(at(
                    Diagnostic::error(format!(
                        "criterion `{}` ({}) has no requirement or question behind it",
                        c.id, c.name
                    ))
                    .with_note(format!(
                        "its {} weight cannot be scored",
                        c.weight
                    ))
                    .with_help(format!(
                        "give a desirable requirement or a scored question `criterion: {}`, or remove the criterion",
                        c.id
                    )),
                    &format!("evaluation.criteria[{i}].id"),
                ));
            }
        }
        diags
    }
}

fn list(ids: &[&str]) -> String {
    ids.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The version of a question set the documents use: the locked one when it still fits
/// the pin, else the newest approved one (or draft, when allowed) the pin accepts.
pub fn chosen_set<'l>(
    library: &'l Library,
    set_ref: &QuestionSetRef,
    allow_draft: bool,
    lock: Option<&Lockfile>,
) -> Option<&'l QuestionSet> {
    let versions = library.question_sets.get(&set_ref.id)?;
    let fits = |q: &QuestionSet| {
        set_ref
            .version
            .as_ref()
            .is_none_or(|v| v.matches(&q.version))
    };
    let locked = lock.and_then(|l| {
        l.documents
            .values()
            .find_map(|d| d.question_sets.get(&set_ref.id))
    });
    if let Some(entry) = locked
        && let Some(q) = versions
            .iter()
            .find(|q| q.version == entry.version && fits(q))
    {
        return Some(q);
    }
    versions.iter().rev().find(|q| {
        fits(q) && (q.status == Status::Approved || (allow_draft && q.status == Status::Draft))
    })
}
