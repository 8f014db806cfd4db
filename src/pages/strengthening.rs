//! A customer's relationship strengthening table (客户关系强化表, seed 002;
//! `core::customer::strengthening`), in the office app: the latest version — the
//! customer's influence, its relation with our key competitors, and for each of
//! our levels who answers for the relationship with whom, the measures and when —
//! the earlier versions, and a new version drawn up from the latest. Kept on the
//! customer's file, so it syncs and merges with it.
use crate::clock::today;
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use revisit_core::customer::strengthening::{Level, LevelLine, Strengthening};
use revisit_core::customer::Customer;
use uuid::Uuid;

fn level_text(i18n: leptos_i18n::I18nContext<Locale>, level: Level) -> String {
    match level {
        Level::GeneralManager => t_string!(i18n, strengthening.general_manager),
        Level::DeputyGeneralManager => t_string!(i18n, strengthening.deputy_general_manager),
        Level::DepartmentManager => t_string!(i18n, strengthening.department_manager),
        Level::DepartmentHead => t_string!(i18n, strengthening.department_head),
    }
    .to_string()
}

#[component]
pub fn StrengtheningPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    // The customer and how many versions it has: a pull that changes nothing of
    // the table leaves the form as it is.
    let found = Memo::new(move |_| {
        let id: Uuid = params.with(|p| p.get("id"))?.parse().ok()?;
        let data = app.snapshot()?;
        let c = data.customers.iter().find(|c| c.id == id)?;
        Some((c.id, c.name.clone(), c.strengthening.len()))
    });
    let customer_of = move |id: Uuid| {
        app.snapshot_untracked()
            .and_then(|d| d.customers.iter().find(|c| c.id == id).cloned())
    };
    view! {
        <div class="page" data-page="strengthening">
            <PageHeader>{t!(i18n, strengthening.title)}</PageHeader>
            {move || match found.get() {
                Some((id, _, _)) => customer_of(id).map(|c| view! { <Table customer=c /> }).into_any(),
                None if app.snapshot().is_none() => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, customers.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

/// One version, a card a level.
fn version_view(i18n: leptos_i18n::I18nContext<Locale>, table: &Strengthening) -> impl IntoView {
    let levels = table.levels.iter().map(|l| view! {
        <li class="level" data-level=crate::json::wire_name(&l.level)>
            <strong>{level_text(i18n, l.level)}</strong>
            <span>{t!(i18n, strengthening.ours)} " " {l.ours.clone()} " · " {t!(i18n, strengthening.theirs)} " " {l.theirs.clone()}</span>
            {(!l.measures.is_empty()).then(|| view! { <span>{t!(i18n, strengthening.measures)} ": " {l.measures.clone()}</span> })}
            {(!l.schedule.is_empty()).then(|| view! { <span class="muted">{t!(i18n, strengthening.schedule)} ": " {l.schedule.clone()}</span> })}
            {(!l.note.is_empty()).then(|| view! { <span class="muted">{l.note.clone()}</span> })}
        </li>
    }).collect_view();
    view! {
        <dl class="facts">
            <dt>{t!(i18n, strengthening.on)}</dt><dd data-fact="on">{table.on.to_string()}</dd>
            <dt>{t!(i18n, strengthening.influence)}</dt><dd data-fact="influence">{table.influence.clone()}</dd>
            <dt>{t!(i18n, strengthening.competitors)}</dt><dd data-fact="competitors">{table.competitors.clone()}</dd>
        </dl>
        <ul class="plain-list levels">{levels}</ul>
    }
}

#[component]
fn Table(customer: Customer) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let latest = customer.strengthening.last().cloned();
    let earlier: Vec<Strengthening> = customer
        .strengthening
        .iter()
        .rev()
        .skip(1)
        .cloned()
        .collect();
    // The new version starts from the latest.
    let influence = RwSignal::new(
        latest
            .as_ref()
            .map(|t| t.influence.clone())
            .unwrap_or_default(),
    );
    let competitors = RwSignal::new(
        latest
            .as_ref()
            .map(|t| t.competitors.clone())
            .unwrap_or_default(),
    );
    let lines: Vec<RwSignal<LevelLine>> = Level::ALL
        .map(|level| {
            let before = latest
                .as_ref()
                .and_then(|t| t.levels.iter().find(|l| l.level == level));
            RwSignal::new(before.cloned().unwrap_or(LevelLine {
                level,
                ours: String::new(),
                theirs: String::new(),
                measures: String::new(),
                schedule: String::new(),
                note: String::new(),
            }))
        })
        .to_vec();
    let (error, set_error) = signal(None::<String>);
    let current = StoredValue::new(customer.clone());
    let lines = StoredValue::new(lines);
    let save = Action::new_local(move |customer: &Customer| {
        let customer = customer.clone();
        async move {
            match app.save_customer(customer).await {
                Ok(()) => app.flash.set(Some(crate::state::Flash::CustomerSaved)),
                Err(e) => {
                    set_error.try_set(Some(labels::store_error(i18n, &e)));
                }
            }
        }
    });
    let busy = save.pending();
    let add = move |_| {
        set_error.set(None);
        let levels = lines.with_value(|l| l.iter().map(|s| s.get_untracked()).collect());
        match Strengthening::new(
            today(),
            &influence.get_untracked(),
            &competitors.get_untracked(),
            levels,
        ) {
            Ok(table) => {
                let mut next = current.get_value();
                next.strengthening.push(table);
                save.dispatch(next);
            }
            Err(_) => set_error.set(Some(t_string!(i18n, strengthening.need).to_string())),
        }
    };
    let input = move |line: RwSignal<LevelLine>,
                      name: &'static str,
                      get: fn(&LevelLine) -> String,
                      set: fn(&mut LevelLine, String)| {
        view! {
            <input type="text" name=name prop:value=move || line.with(get)
                on:input=move |ev| line.update(|l| set(l, event_target_value(&ev))) />
        }
    };
    let fields = lines.get_value().into_iter().map(|line| {
        let level = line.with_untracked(|l| l.level);
        view! {
            <fieldset class="indicator" data-level=crate::json::wire_name(&level)>
                <legend>{level_text(i18n, level)}</legend>
                <div class="field-row">
                    <label class="field"><span>{t!(i18n, strengthening.ours)}</span>{input(line, "ours", |l| l.ours.clone(), |l, v| l.ours = v)}</label>
                    <label class="field"><span>{t!(i18n, strengthening.theirs)}</span>{input(line, "theirs", |l| l.theirs.clone(), |l, v| l.theirs = v)}</label>
                </div>
                <label class="field"><span>{t!(i18n, strengthening.measures)}</span>{input(line, "measures", |l| l.measures.clone(), |l, v| l.measures = v)}</label>
                <div class="field-row">
                    <label class="field"><span>{t!(i18n, strengthening.schedule)}</span>{input(line, "schedule", |l| l.schedule.clone(), |l, v| l.schedule = v)}</label>
                    <label class="field"><span>{t!(i18n, strengthening.note)}</span>{input(line, "note", |l| l.note.clone(), |l, v| l.note = v)}</label>
                </div>
            </fieldset>
        }
    }).collect_view();
    view! {
        <section class="card" data-section="strengthening-latest">
            <h2 class="customer"><a href=format!("/customers/{}", customer.id)>{customer.name.clone()}</a></h2>
            {match &latest {
                Some(table) => version_view(i18n, table).into_any(),
                None => view! { <p class="muted">{t!(i18n, strengthening.none)}</p> }.into_any(),
            }}
            <button type="button" class="button no-print" data-action="print" on:click=move |_| { let _ = window().print(); }>{t!(i18n, plans.print)}</button>
        </section>
        <section class="card step-form no-print" data-form="strengthening">
            <h2>{t!(i18n, strengthening.new_version)}</h2>
            <label class="field">
                <span>{t!(i18n, strengthening.influence)}</span>
                <textarea name="influence" rows="2" prop:value=move || influence.get() on:input=move |ev| influence.set(event_target_value(&ev))></textarea>
            </label>
            <label class="field">
                <span>{t!(i18n, strengthening.competitors)}</span>
                <textarea name="competitors" rows="2" prop:value=move || competitors.get() on:input=move |ev| competitors.set(event_target_value(&ev))></textarea>
            </label>
            {fields}
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-error="strengthening">{e}</p> })}
            <button type="button" class="button primary" data-action="save-strengthening" disabled=move || busy.get() on:click=add>
                {t!(i18n, strengthening.save)}
            </button>
        </section>
        {(!earlier.is_empty()).then(|| view! {
            <section class="card" data-section="strengthening-history">
                <h2>{t!(i18n, strengthening.history)}</h2>
                {earlier.iter().map(|t| view! { <div class="version" data-version=t.on.to_string()>{version_view(i18n, t)}</div> }).collect_view()}
            </section>
        })}
    }
}
