//! What a document's template context holds beyond the spec's own values: the stage,
//! the price basis and evaluated price, the evaluation model, the pack's contents and,
//! at tender stage, the supplier the draft is addressed to. Built from the typed spec.

use crate::diag::Diagnostic;
use crate::doc::DocumentKind;
use crate::evaluation::Model;
use crate::library::lockfile::Lockfile;
use crate::library::select::Selected;
use crate::library::{Library, QuestionSet};
use crate::spec::{Party, PriceBasis, SpecFile, Stage};
use serde_json::Value;
use tera::Context;

/// What a document is built for beyond the spec itself: the bidder a tender-stage NDA
/// is addressed to, and the files of the pack the RFP lists.
#[derive(Debug, Clone, Copy, Default)]
pub struct Addressing<'a> {
    /// The bidder of a per-bidder NDA (`parties.bidders[]`).
    pub bidder: Option<&'a Party>,
    /// The pack's contents (`pack` in the template context), when built as a pack.
    pub pack: Option<&'a Value>,
}

/// The defined term of the counterparty in bidder-neutral drafts: "Supplier" in the
/// contract documents, "Bidder" in the NDA signed during the tender.
pub fn neutral_counterparty(kind: DocumentKind) -> &'static str {
    if kind == DocumentKind::Nda {
        "Bidder"
    } else {
        "Supplier"
    }
}

/// The template context of one document, with the entries that are costly to make and
/// read by few texts (`question_sets`, `evaluation_model`) added the first time a text
/// that names them is rendered: an NDA never selects or serialises the questionnaire.
pub(super) struct LazyContext<'a> {
    context: Context,
    /// Selects the question sets; taken when they are first needed.
    select: Option<Box<dyn FnOnce() -> SetSelection<'a> + 'a>>,
    sets: Option<SetSelection<'a>>,
    model: Option<Box<dyn FnOnce() -> Model + 'a>>,
}

/// The question sets a document's spec asks for, as selected from the library, with
/// the selection's problems (reported only by documents that use the sets).
#[derive(Default)]
pub(super) struct SetSelection<'l> {
    pub(super) sets: Vec<Selected<'l, QuestionSet>>,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl<'a> LazyContext<'a> {
    /// `context`, with the question sets `select` picks and the evaluation model of
    /// `spec` to come.
    pub(super) fn new(
        context: Context,
        select: impl FnOnce() -> SetSelection<'a> + 'a,
        (spec, library, lock): (&'a SpecFile, &'a Library, Option<&'a Lockfile>),
    ) -> LazyContext<'a> {
        LazyContext {
            context,
            select: Some(Box::new(select)),
            sets: None,
            model: Some(Box::new(move || Model::build(spec, library, lock))),
        }
    }

    /// The context for rendering `text`: every entry `text` names is in it. A text can
    /// only reach an entry by its name (or through `__tera_context`, which shows all).
    pub(super) fn for_text(&mut self, text: &str) -> &Context {
        let all = text.contains("__tera_context");
        if (all || text.contains("question_sets")) && !self.context.contains_key("question_sets") {
            let items: Vec<&QuestionSet> = self.selection().sets.iter().map(|s| s.item).collect();
            self.context.insert("question_sets", &items);
        }
        if all || text.contains("evaluation_model") {
            if let Some(model) = self.model.take() {
                self.context.insert(
                    "evaluation_model",
                    &serde_json::to_value(model()).unwrap_or(Value::Null),
                );
            }
        }
        &self.context
    }

    /// The context as made so far (the spec's values are all in it), for `needs` checks.
    pub(super) fn values(&self) -> &Context {
        &self.context
    }

    /// The question sets, selected now if no text has needed them yet.
    pub(super) fn selection(&mut self) -> &mut SetSelection<'a> {
        let select = &mut self.select;
        self.sets
            .get_or_insert_with(|| select.take().map_or_else(SetSelection::default, |f| f()))
    }
}

/// The spec's values (`base`) plus `stage`, `price_basis`, `evaluated_price`, `pack`
/// and, at tender stage, the addressed `parties.supplier` (a bidder, or a bidder-neutral
/// party with only its defined term). The evaluation model comes with [`LazyContext`].
pub(super) fn stage_values(
    spec: &SpecFile,
    base: &Value,
    kind: DocumentKind,
    addressing: Addressing<'_>,
) -> Value {
    let mut values = base.clone();
    let Value::Object(map) = &mut values else {
        return values;
    };
    map.insert("stage".into(), Value::from(spec.stage.as_str()));
    let basis = PriceBasis::of(&spec.spec);
    let evaluated = basis
        .as_ref()
        .zip(spec.spec.award.as_ref())
        .and_then(|(b, a)| b.evaluate(a));
    map.insert(
        "price_basis".into(),
        serde_json::to_value(&basis).unwrap_or(Value::Null),
    );
    map.insert(
        "evaluated_price".into(),
        serde_json::to_value(&evaluated).unwrap_or(Value::Null),
    );
    map.insert(
        "pack".into(),
        addressing.pack.cloned().unwrap_or(Value::Null),
    );
    if spec.stage == Stage::Tender {
        let supplier = match addressing.bidder {
            Some(bidder) => serde_json::to_value(bidder).unwrap_or(Value::Null),
            None => serde_json::json!({ "short_name": neutral_counterparty(kind) }),
        };
        if let Some(Value::Object(parties)) = map.get_mut("parties") {
            parties.insert("supplier".into(), supplier);
        }
    }
    values
}
