//! Handing a planned visit to another technician (改派), from the plan: the
//! supervisor picks or types a name, and an assignment is saved and synced; the
//! assignee's device then holds that customer and lists the visit as theirs.
use crate::clock::device_now;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::assignment::Assignment;
use revisit_core::schedule::PlannedVisit;
use revisit_core::user::{Role, UserId};
use std::collections::HashMap;

/// Whether this device may hand visits on: a supervisor's (or an administrator's),
/// or one not enrolled (its data is its own).
pub fn can_assign() -> Signal<bool> {
    let app = use_app();
    Signal::derive(move || app.may_supervise())
}

/// Who a visit can go to, by name: the directory's active technicians, every
/// customer's owner and every assignee so far.
pub fn technicians() -> Memo<Vec<(UserId, String)>> {
    let app = use_app();
    Memo::new(move |_| {
        let Some(data) = app.snapshot() else {
            return Vec::new();
        };
        let mut ids: Vec<UserId> = data
            .users
            .iter()
            .filter(|u| u.active && u.role == Role::Technician)
            .map(|u| u.id)
            .chain(data.technicians())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut named: Vec<(UserId, String)> =
            ids.into_iter().map(|id| (id, app.name_of(id))).collect();
        named.sort_by(|a, b| a.1.cmp(&b.1));
        named
    })
}

/// The list of names the reassign fields offer (one per page).
#[component]
pub fn TechnicianList() -> impl IntoView {
    let names = technicians();
    view! {
        <datalist id="technicians">
            {move || names.get().into_iter().map(|(_, n)| view! { <option value=n></option> }).collect_view()}
        </datalist>
    }
}

/// The user a typed name means: one the list offers, else — on a device not
/// enrolled, whose data is its own — whoever the name stands for.
fn assignee_named(offered: &[(UserId, String)], typed: &str, enrolled: bool) -> Option<UserId> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    offered
        .iter()
        .find(|(_, name)| name == typed)
        .map(|(id, _)| *id)
        .or_else(|| (!enrolled).then(|| UserId::of_name(typed)))
}

/// The reassign forms open on a page, by visit key, with what was typed in each:
/// kept above the rows (`provide_context` on the page), so a row a sync redraws
/// keeps its open form and text.
#[derive(Clone, Copy, Default)]
pub struct OpenForms(RwSignal<HashMap<String, String>>);

impl OpenForms {
    fn is_open(self, key: &str) -> bool {
        self.0.with(|forms| forms.contains_key(key))
    }

    fn typed(self, key: &str) -> String {
        self.0
            .with(|forms| forms.get(key).cloned())
            .unwrap_or_default()
    }

    fn set(self, key: &str, typed: String) {
        self.0.update(|forms| {
            forms.insert(key.to_owned(), typed);
        });
    }

    fn close(self, key: &str) {
        self.0.update(|forms| {
            forms.remove(key);
        });
    }
}

/// A "改派" button that opens a one-line form for `visit`, now made by `maker`.
#[component]
pub fn Reassign(visit: PlannedVisit, maker: Option<UserId>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let offered = technicians();
    let forms = use_context::<OpenForms>().unwrap_or_default();
    let (error, set_error) = signal(None::<String>);
    let key = StoredValue::new(visit.key());
    let open = move || key.with_value(|k| forms.is_open(k));
    let name = move || key.with_value(|k| forms.typed(k));
    // Saved and queued; the plan's row then names the new assignee.
    let assign = Action::new_local(move |assignment: &Assignment| {
        let assignment = assignment.clone();
        async move {
            let saved = app.assign_visit(assignment).await;
            match &saved {
                Ok(()) => {
                    set_error.try_set(None);
                    key.try_with_value(|k| forms.close(k));
                }
                Err(err) => {
                    set_error.try_set(Some(labels::store_error(i18n, err)));
                }
            }
            saved
        }
    });
    let saving = assign.pending();
    let save = move |_| {
        let enrolled = app.sync.state.with_untracked(|s| s.account.is_some());
        let typed = untrack(name);
        let picked = offered.with_untracked(|o| assignee_named(o, &typed, enrolled));
        let Some(assignee) = picked.filter(|a| Some(*a) != maker) else {
            set_error.set(Some(t_string!(i18n, reports.assign_pick).to_string()));
            return;
        };
        // Who hands it on (the server sets it from the token; a device of its own
        // needs a name in Settings).
        let Some(by) = app.me() else {
            set_error.set(Some(t_string!(i18n, recorder.need).to_string()));
            return;
        };
        let assignment = match Assignment::new(&visit, assignee, by, device_now()) {
            Ok(a) => a,
            Err(invalid) => return set_error.set(Some(invalid.message)),
        };
        assign.dispatch(assignment);
    };
    view! {
        <Show
            when=open
            fallback=move || view! {
                <button type="button" class="button small no-print" data-action="reassign"
                    on:click=move |_| key.with_value(|k| forms.set(k, String::new()))>{t!(i18n, reports.assign)}</button>
            }
        >
            <span class="reassign no-print" data-reassign=key.get_value()>
                <input type="text" name="assignee" list="technicians" autocomplete="off"
                    aria-label=move || t_string!(i18n, reports.assign_to)
                    placeholder=move || t_string!(i18n, reports.assign_to)
                    prop:value=name
                    on:input=move |ev| { set_error.set(None); key.with_value(|k| forms.set(k, event_target_value(&ev))); } />
                <button type="button" class="button small primary" data-action="save-assignment" disabled=move || saving.get() on:click=save.clone()>
                    {t!(i18n, reports.assign_save)}
                </button>
                <button type="button" class="button small" on:click=move |_| { set_error.set(None); key.with_value(|k| forms.close(k)); }>
                    {t!(i18n, reports.assign_cancel)}
                </button>
            </span>
        </Show>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}
