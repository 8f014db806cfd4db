//! Opening an action on a finding of the satisfaction report: the finding comes
//! in the address (`?finding=low_product&visit=…`, `?finding=failed&stage=…&item=…
//! &visits=…`), is linked as the action's evidence, and prefills what and why.
use crate::clock::{device_now, new_id};
use crate::components::PageHeader;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use revisit_core::action::{ActionKind, Evidence};
use revisit_core::survey::StageKey;
use uuid::Uuid;

/// The finding named by the address, if it names one whole.
fn evidence_from(query: &leptos_router::params::ParamsMap) -> Option<Evidence> {
    let visit = || query.get("visit")?.parse::<Uuid>().ok();
    match query.get("finding")?.as_str() {
        "low_product" => Some(Evidence::LowProductRating { visit_id: visit()? }),
        "low_service" => Some(Evidence::LowServiceRating { visit_id: visit()? }),
        "failed" => {
            let stage: StageKey = crate::json::from_wire_name(&query.get("stage")?)?;
            let item = query.get("item")?;
            let visit_id = query
                .get("visits")?
                .split(',')
                .find_map(|v| v.parse().ok())?;
            Some(Evidence::FailedItem {
                visit_id,
                stage,
                item,
            })
        }
        "product_line" => Some(Evidence::ProductLineTrend {
            product_line: query.get("line")?,
        }),
        "suggestions" => {
            let visit_ids: Vec<Uuid> = query
                .get("visits")?
                .split(',')
                .filter_map(|v| v.parse().ok())
                .collect();
            (!visit_ids.is_empty()).then_some(Evidence::Suggestions { visit_ids })
        }
        _ => None,
    }
}

#[component]
pub fn NewActionPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let query = use_query_map();
    let evidence = query.with_untracked(evidence_from);
    let what = match &evidence {
        Some(Evidence::LowProductRating { .. }) => {
            t_string!(i18n, actions.title_low_product).to_string()
        }
        Some(Evidence::LowServiceRating { .. }) => {
            t_string!(i18n, actions.title_low_service).to_string()
        }
        Some(Evidence::FailedItem { stage, .. }) => {
            format!(
                "{} · {}",
                labels::stage_text(i18n, *stage),
                t_string!(i18n, actions.title_failed)
            )
        }
        Some(Evidence::ProductLineTrend { product_line }) => {
            let name = app
                .snapshot_untracked()
                .and_then(|d| {
                    d.settings()
                        .product_line(product_line)
                        .map(|l| labels::pick(&l.name))
                })
                .unwrap_or_else(|| product_line.clone());
            format!("{name} · {}", t_string!(i18n, actions.title_trend))
        }
        Some(Evidence::Suggestions { .. }) => {
            t_string!(i18n, actions.title_suggestions).to_string()
        }
        _ => String::new(),
    };
    // Customers' suggestions call for prevention rather than correction.
    let preventive = matches!(
        &evidence,
        Some(Evidence::Suggestions { .. }) | Some(Evidence::ProductLineTrend { .. })
    );
    let title = RwSignal::new(what);
    let why = RwSignal::new(String::new());
    let kind = RwSignal::new(if preventive {
        ActionKind::Preventive
    } else {
        ActionKind::Corrective
    });
    let (error, set_error) = signal(None::<String>);
    let evidence = StoredValue::new(evidence);
    let open = Action::new_local(move |action: &revisit_core::action::Action| {
        let action = action.clone();
        async move { app.save_action(action).await }
    });
    Effect::new(move |_| {
        if let Some(result) = open.value().get() {
            match result {
                Ok(()) => app.flash.set(Some(crate::state::Flash::ActionSaved)),
                Err(e) => set_error.set(Some(labels::store_error(i18n, &e))),
            }
        }
    });
    let save = move |_| {
        set_error.set(None);
        let found: Vec<Evidence> = evidence.get_value().into_iter().collect();
        let made = revisit_core::action::Action::open(
            new_id(),
            kind.get_untracked(),
            &title.get_untracked(),
            &why.get_untracked(),
            found,
            device_now(),
        );
        match made {
            Ok(action) => {
                let id = action.id;
                open.dispatch(action);
                navigate(&format!("/office/actions/{id}"), Default::default());
            }
            Err(_) => set_error.set(Some(t_string!(i18n, actions.need_title).to_string())),
        }
    };
    let may = app.may_handle_actions();
    view! {
        <div class="page" data-page="new-action">
            <PageHeader>{t!(i18n, actions.new_title)}</PageHeader>
            {(!may).then(|| view! { <p class="error" role="alert">{t!(i18n, actions.only_supervisors)}</p> })}
            {may.then(|| view! {
                <section class="card">
                    {evidence.get_value().map(|e| view! {
                        <p data-evidence=format!("{e:?}")>{t!(i18n, actions.evidence)} ": " {super::detail::evidence_text(i18n, &e)}</p>
                    })}
                    <div class="segmented" role="group">
                        <button class="segment" data-kind="corrective" aria-pressed=move || (kind.get() == ActionKind::Corrective).to_string()
                            on:click=move |_| kind.set(ActionKind::Corrective)>{t!(i18n, actions.corrective)}</button>
                        <button class="segment" data-kind="preventive" aria-pressed=move || (kind.get() == ActionKind::Preventive).to_string()
                            on:click=move |_| kind.set(ActionKind::Preventive)>{t!(i18n, actions.preventive)}</button>
                    </div>
                    <label class="field">
                        <span>{t!(i18n, actions.what)}</span>
                        <input type="text" name="action-title" prop:value=move || title.get()
                            on:input=move |ev| title.set(event_target_value(&ev)) />
                    </label>
                    <label class="field">
                        <span>{t!(i18n, actions.why)}</span>
                        <textarea name="action-why" rows="3" prop:value=move || why.get()
                            on:input=move |ev| why.set(event_target_value(&ev))></textarea>
                    </label>
                    <button class="button primary" data-action="open-action" disabled=move || open.pending().get()
                        on:click=save>{t!(i18n, actions.open)}</button>
                    {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                </section>
            })}
        </div>
    }
}
