//! Which actions were opened on a finding of the satisfaction report: what the
//! report shows beside each finding (its action and state, or a way to open one).
use super::{Action, Evidence};
use crate::survey::StageKey;
use uuid::Uuid;

/// The actions with a piece of evidence `is_it` takes for the finding.
fn opened_on(actions: &[Action], is_it: impl Fn(&Evidence) -> bool) -> Vec<&Action> {
    actions
        .iter()
        .filter(|a| a.evidence.iter().any(&is_it))
        .collect()
}

/// The actions opened on a finding about `visit_id` (a low rating, a failed item
/// of that visit, a group of suggestions with it).
pub fn on_visit(actions: &[Action], visit_id: Uuid) -> Vec<&Action> {
    opened_on(actions, |e| e.visits().contains(&visit_id))
}

/// The actions opened on a failed checklist item (`stage`, `item`), on any visit.
pub fn on_item<'a>(actions: &'a [Action], stage: StageKey, item: &str) -> Vec<&'a Action> {
    opened_on(
        actions,
        |e| matches!(e, Evidence::FailedItem { stage: s, item: i, .. } if *s == stage && i == item),
    )
}

/// The actions opened on product line `line`'s trend.
pub fn on_line<'a>(actions: &'a [Action], line: &str) -> Vec<&'a Action> {
    opened_on(
        actions,
        |e| matches!(e, Evidence::ProductLineTrend { product_line } if product_line == line),
    )
}
