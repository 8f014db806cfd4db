//! Conflicts, record by record: for each field both sides changed, mine and theirs
//! side by side, and for text a merged value to write. One save settles them all
//! (the server takes an edit based on the conflicts' version as the answer).
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use crate::sync::account::current_record;
use leptos::prelude::*;
use revisit_core::sync::client::{display_value, Choice};
use revisit_core::sync::protocol::{Conflict, Record, RecordKind};
use serde_json::Value;

#[component]
pub fn ConflictsSection() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // The conflicts grouped by record, in the order they came.
    let groups = move || {
        app.sync.state.with(|s| {
            let mut groups: Vec<Vec<Conflict>> = Vec::new();
            for c in &s.conflicts {
                match groups
                    .iter_mut()
                    .find(|g| g[0].kind == c.kind && g[0].record_id == c.record_id)
                {
                    Some(group) => group.push(c.clone()),
                    None => groups.push(vec![c.clone()]),
                }
            }
            groups
        })
    };
    view! {
        <Show when=move || !groups().is_empty()>
            <section class="card" data-section="conflicts">
                <h2>{t!(i18n, sync.conflicts_title)}</h2>
                <p class="muted">{t!(i18n, sync.conflicts_hint)}</p>
                <For each=groups key=|g| group_key(g) let:group>
                    <RecordConflicts conflicts=group />
                </For>
            </section>
        </Show>
    }
}

/// A group's identity: its conflicts (a new conflict on the record is a new group).
fn group_key(group: &[Conflict]) -> Vec<uuid::Uuid> {
    group.iter().map(|c| c.id).collect()
}

/// What the user picked for one field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pick {
    Mine,
    Theirs,
    Merged,
}

#[component]
fn RecordConflicts(conflicts: Vec<Conflict>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let first = conflicts[0].clone();
    let title = app
        .snapshot_untracked()
        .and_then(|data| current_record(&data, first.kind, &first.record_id))
        .map(|record| match record {
            Record::Customer(c) => c.name,
            Record::Installation(i) => format!("{} {}", i.product_line, i.model),
            Record::Assignment(a) => format!("{} {}", a.due, a.assignee),
            _ => first.record_id.clone(),
        })
        .unwrap_or_else(|| first.record_id.clone());
    // The server's value is what the device shows now: the starting pick.
    let picks: Vec<(Conflict, RwSignal<Pick>, RwSignal<String>)> = conflicts
        .into_iter()
        .map(|c| {
            let merged = merge_text(&c.mine, &c.theirs);
            (c, RwSignal::new(Pick::Theirs), RwSignal::new(merged))
        })
        .collect();
    let (error, set_error) = signal(None::<String>);
    // The choices written as one edit of the record; pending while it runs. Settled,
    // the conflicts leave the list and this record's card with them.
    let settle = Action::new_local(move |choices: &Vec<(Conflict, Choice)>| {
        let choices = choices.clone();
        async move {
            let refs: Vec<(&Conflict, Choice)> = choices
                .iter()
                .map(|(c, choice)| (c, choice.clone()))
                .collect();
            let settled = app.settle(&refs).await;
            set_error.try_set(settled.as_ref().err().cloned());
            settled
        }
    });
    let busy = settle.pending();
    let save = {
        let picks = picks.clone();
        move |_| {
            let choices: Vec<(Conflict, Choice)> = picks
                .iter()
                .map(|(c, pick, merged)| {
                    let choice = match pick.get_untracked() {
                        Pick::Mine => Choice::Mine,
                        Pick::Theirs => Choice::Theirs,
                        Pick::Merged => Choice::Value(Value::String(merged.get_untracked())),
                    };
                    (c.clone(), choice)
                })
                .collect();
            settle.dispatch(choices);
        }
    };
    let kind = match first.kind {
        RecordKind::Customer => "customer",
        _ => "installation",
    };
    view! {
        <article class="conflict-record" data-record=first.record_id.clone() data-kind=kind>
            <h3>{title}</h3>
            {picks.into_iter().map(|(c, pick, merged)| {
                let name = format!("pick-{}", c.id);
                let text = c.mine.is_string() && c.theirs.is_string() || c.mine.is_null() || c.theirs.is_null();
                let shown = |v: &Value| {
                    let s = display_value(v);
                    if s.is_empty() { t_string!(i18n, sync.empty_value).to_string() } else { s }
                };
                view! {
                    <fieldset class="conflict" data-field=c.field.clone()>
                        <legend>{labels::record_field(i18n, &c.field)}</legend>
                        <div class="conflict-sides">
                            <label class="conflict-side" data-side="mine">
                                <input type="radio" name=name.clone() prop:checked=move || pick.get() == Pick::Mine
                                    on:change=move |_| pick.set(Pick::Mine) />
                                <span class="side-label">{t!(i18n, sync.mine)}</span>
                                <span class="side-value">{shown(&c.mine)}</span>
                            </label>
                            <label class="conflict-side" data-side="theirs">
                                <input type="radio" name=name.clone() prop:checked=move || pick.get() == Pick::Theirs
                                    on:change=move |_| pick.set(Pick::Theirs) />
                                <span class="side-label">{t!(i18n, sync.theirs)}</span>
                                <span class="side-value">{shown(&c.theirs)}</span>
                            </label>
                        </div>
                        {text.then(|| view! {
                            <label class="conflict-side merged" data-side="merged">
                                <input type="radio" name=name.clone() prop:checked=move || pick.get() == Pick::Merged
                                    on:change=move |_| pick.set(Pick::Merged) />
                                <span class="side-label">{t!(i18n, sync.merge)}</span>
                                <input type="text" name="merged" prop:value=move || merged.get()
                                    on:input=move |ev| { merged.set(event_target_value(&ev)); pick.set(Pick::Merged); } />
                            </label>
                        })}
                    </fieldset>
                }
            }).collect_view()}
            <button class="button primary" data-action="settle" disabled=move || busy.get() on:click=save>
                {t!(i18n, sync.settle)}
            </button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{t!(i18n, sync.settle_failed)} {e}</p> })}
        </article>
    }
}

/// A starting point for a merged text: both values, theirs first, when they differ.
fn merge_text(mine: &Value, theirs: &Value) -> String {
    let (mine, theirs) = (display_value(mine), display_value(theirs));
    match (mine.is_empty(), theirs.is_empty()) {
        (true, _) => theirs,
        (_, true) => mine,
        _ if theirs.contains(&mine) => theirs,
        _ => format!("{theirs} {mine}"),
    }
}
