//! A maintenance plan's content (seed 002 §6(一)3: 维护方式、维护措施、维护人员、维护费用
//! 预算): written by a supervisor while the plan is a draft — new, or returned with
//! comments. Once handed in it is frozen (`MaintenancePlan::revised` refuses).
use crate::clock::{device_now, new_id, today};
use crate::components::{typed_yuan, PageHeader};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use revisit_core::maintenance::{BudgetLine, MaintenancePlan, PlanContent, PlanStatus, Scope};
use revisit_core::tier::Tier;
use revisit_core::types::Cny;
use revisit_core::user::UserId;
use uuid::Uuid;

/// The form as typed.
#[derive(Clone, Debug, PartialEq)]
struct Typed {
    title: String,
    for_tier: bool,
    customer: Option<Uuid>,
    tier: Tier,
    from: String,
    to: String,
    goals: String,
    measures: String,
    methods: String,
    schedule: String,
    responsible: Vec<UserId>,
    /// Item and amount, as typed.
    budget: Vec<(String, String)>,
}

impl Typed {
    fn new(me: Option<UserId>) -> Self {
        let from = today();
        Typed {
            title: String::new(),
            for_tier: false,
            customer: None,
            tier: Tier::Strategic,
            from: from.to_string(),
            to: (from + Days::new(180)).to_string(),
            goals: String::new(),
            measures: String::new(),
            methods: String::new(),
            schedule: String::new(),
            responsible: me.into_iter().collect(),
            budget: vec![(String::new(), String::new())],
        }
    }

    fn of(c: &PlanContent) -> Self {
        let (for_tier, customer, tier) = match c.scope {
            Scope::Customer { customer_id } => (false, Some(customer_id), Tier::Strategic),
            Scope::Tier { tier } => (true, None, tier),
        };
        Typed {
            title: c.title.clone(),
            for_tier,
            customer,
            tier,
            from: c.from.to_string(),
            to: c.to.to_string(),
            goals: c.goals.clone(),
            measures: c.measures.clone(),
            methods: c.methods.clone(),
            schedule: c.schedule.clone(),
            responsible: c.responsible.clone(),
            budget: c
                .budget
                .iter()
                .map(|l| (l.item.clone(), l.amount.yuan().to_string()))
                .collect(),
        }
    }

    /// The content, or which problem to show: `Err(true)` an amount that is none.
    fn content(&self) -> Result<PlanContent, bool> {
        let date = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| false);
        let scope = if self.for_tier {
            Scope::Tier { tier: self.tier }
        } else {
            Scope::Customer {
                customer_id: self.customer.ok_or(false)?,
            }
        };
        let mut budget = Vec::new();
        for (item, amount) in &self.budget {
            if item.trim().is_empty() && amount.trim().is_empty() {
                continue;
            }
            let amount = typed_yuan(amount).map_err(|_| true)?.unwrap_or(Cny(0));
            budget.push(BudgetLine {
                item: item.clone(),
                amount,
            });
        }
        Ok(PlanContent {
            title: self.title.clone(),
            scope,
            from: date(&self.from)?,
            to: date(&self.to)?,
            goals: self.goals.clone(),
            measures: self.measures.clone(),
            methods: self.methods.clone(),
            responsible: self.responsible.clone(),
            schedule: self.schedule.clone(),
            budget,
        })
    }
}

/// What the form page opens on. Only this is tracked: the form stays up while the
/// data changes under it (a pull, its own save), keeping what is typed.
#[derive(Clone, Debug, PartialEq)]
enum Opened {
    Loading,
    New,
    Edit(Uuid),
    /// Handed in meanwhile: its content is frozen.
    NotDraft(PlanStatus),
    NotFound,
    NotAllowed,
}

#[component]
pub fn PlanFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let opened = Memo::new(move |_| {
        let Some(data) = app.snapshot() else {
            return Opened::Loading;
        };
        if !app.may_supervise() {
            return Opened::NotAllowed;
        }
        let Some(id) = params.with(|p| p.get("id")) else {
            return Opened::New;
        };
        match data
            .maintenance_plans
            .iter()
            .find(|p| p.id.to_string() == id)
        {
            None => Opened::NotFound,
            Some(plan) if plan.status() != PlanStatus::Draft => Opened::NotDraft(plan.status()),
            Some(plan) => Opened::Edit(plan.id),
        }
    });
    let plan_of = move |id: Uuid| {
        app.snapshot_untracked()
            .and_then(|d| d.maintenance_plans.iter().find(|p| p.id == id).cloned())
    };
    view! {
        <div class="page" data-page="plan-form">
            <PageHeader>
                {move || if matches!(opened.get(), Opened::New) { t!(i18n, plans.new_plan).into_any() } else { t!(i18n, plans.edit).into_any() }}
            </PageHeader>
            {move || match opened.get() {
                Opened::Loading => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                Opened::NotFound => view! { <p class="error" role="alert">{t!(i18n, plans.not_found)}</p> }.into_any(),
                Opened::NotAllowed => view! { <p class="error" role="alert">{t!(i18n, plans.only_supervisors)}</p> }.into_any(),
                Opened::NotDraft(status) => view! { <p class="error" role="alert">{super::status_text(i18n, status)}</p> }.into_any(),
                Opened::New => view! { <PlanForm plan=None /> }.into_any(),
                Opened::Edit(id) => view! { <PlanForm plan=plan_of(id) /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn PlanForm(plan: Option<MaintenancePlan>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let form = RwSignal::new(
        plan.as_ref()
            .map_or_else(|| Typed::new(app.me()), |p| Typed::of(&p.content)),
    );
    let (error, set_error) = signal(None::<String>);
    let plan = StoredValue::new(plan);
    let data = app.snapshot_untracked().unwrap_or_default();
    let mut customers: Vec<(Uuid, String)> = data
        .customers
        .iter()
        .map(|c| (c.id, c.name.clone()))
        .collect();
    customers.sort_by(|a, b| a.1.cmp(&b.1));
    let mut people: Vec<(UserId, String)> =
        data.users.iter().map(|u| (u.id, u.name.clone())).collect();
    if let Some(me) = app.me().filter(|me| !people.iter().any(|(id, _)| id == me)) {
        people.push((me, app.name_of(me)));
    }
    let save = Action::new_local(move |plan: &MaintenancePlan| {
        let plan = plan.clone();
        let navigate = navigate.clone();
        async move {
            let id = plan.id;
            match app.save_plan(plan).await {
                Ok(()) => {
                    app.flash.set(Some(crate::state::Flash::PlanSaved));
                    navigate(&format!("/office/plans/{id}"), Default::default());
                }
                Err(e) => {
                    set_error.try_set(Some(labels::store_error(i18n, &e)));
                }
            }
        }
    });
    let busy = save.pending();
    let submit = move |_| {
        set_error.set(None);
        let made = form.with_untracked(Typed::content).map_err(|bad_amount| {
            if bad_amount {
                t_string!(i18n, plans.bad_amount)
            } else {
                t_string!(i18n, plans.need)
            }
            .to_string()
        });
        let made = made.and_then(|content| {
            let plan = match plan.get_value() {
                Some(plan) => plan.revised(content),
                None => MaintenancePlan::draft(new_id(), content, device_now()),
            };
            plan.map_err(|_| t_string!(i18n, plans.need).to_string())
        });
        match made {
            Ok(plan) => {
                save.dispatch(plan);
            }
            Err(message) => set_error.set(Some(message)),
        }
    };
    let text = move |name: &'static str,
                     get: fn(&Typed) -> String,
                     set: fn(&mut Typed, String),
                     rows: &'static str| {
        view! {
            <textarea name=name rows=rows prop:value=move || form.with(get)
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))></textarea>
        }
    };
    let budget_rows = move || {
        let count = form.with(|f| f.budget.len());
        (0..count).map(|i| view! {
            <div class="budget-line" data-budget-line=i>
                <label class="field">
                    <span>{t!(i18n, plans.budget_item)}</span>
                    <input type="text" name="budget-item" prop:value=move || form.with(|f| f.budget.get(i).map(|l| l.0.clone()).unwrap_or_default())
                        on:input=move |ev| form.update(|f| if let Some(l) = f.budget.get_mut(i) { l.0 = event_target_value(&ev) }) />
                </label>
                <label class="field">
                    <span>{t!(i18n, plans.amount)}</span>
                    <input type="text" inputmode="numeric" name="budget-amount" prop:value=move || form.with(|f| f.budget.get(i).map(|l| l.1.clone()).unwrap_or_default())
                        on:input=move |ev| form.update(|f| if let Some(l) = f.budget.get_mut(i) { l.1 = event_target_value(&ev) }) />
                </label>
                <button type="button" class="button small" data-action="remove-budget-line"
                    on:click=move |_| form.update(|f| { if i < f.budget.len() { f.budget.remove(i); } })>{t!(i18n, plans.remove)}</button>
            </div>
        }).collect_view()
    };
    let total = move || {
        form.with(|f| {
            f.budget
                .iter()
                .filter_map(|(_, a)| typed_yuan(a).ok().flatten())
                .sum::<Cny>()
                .yuan()
        })
    };
    view! {
        <section class="card plan-form">
            <label class="field">
                <span>{t!(i18n, plans.plan_title)}</span>
                <input type="text" name="plan-title" prop:value=move || form.with(|f| f.title.clone())
                    on:input=move |ev| form.update(|f| f.title = event_target_value(&ev)) />
            </label>
            <fieldset>
                <legend>{t!(i18n, plans.scope)}</legend>
                <div class="segmented" role="group">
                    <button type="button" class="segment" data-scope="customer" aria-pressed=move || (!form.with(|f| f.for_tier)).to_string()
                        on:click=move |_| form.update(|f| f.for_tier = false)>{t!(i18n, plans.scope_customer)}</button>
                    <button type="button" class="segment" data-scope="tier" aria-pressed=move || form.with(|f| f.for_tier).to_string()
                        on:click=move |_| form.update(|f| f.for_tier = true)>{t!(i18n, plans.scope_tier)}</button>
                </div>
                <Show when=move || !form.with(|f| f.for_tier)>
                    <label class="field">
                        <span>{t!(i18n, plans.customer)}</span>
                        <select name="plan-customer" on:change=move |ev| form.update(|f| f.customer = event_target_value(&ev).parse().ok())>
                            <option value="">{t!(i18n, plans.pick_customer)}</option>
                            {customers.iter().map(|(id, name)| {
                                let id = *id;
                                view! { <option value=id.to_string() selected=move || form.with(|f| f.customer == Some(id))>{name.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <Show when=move || form.with(|f| f.for_tier)>
                    <label class="field">
                        <span>{t!(i18n, customers.tier)}</span>
                        <select name="plan-tier" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some(t) = Tier::ALL.into_iter().find(|t| crate::json::wire_name(t) == value) { form.update(|f| f.tier = t) }
                        }>
                            {Tier::ALL.map(|t| view! { <option value=crate::json::wire_name(&t) selected=move || form.with(|f| f.tier == t)>{labels::tier(t)}</option> }).collect_view()}
                        </select>
                    </label>
                </Show>
            </fieldset>
            <div class="field-row">
                <label class="field">
                    <span>{t!(i18n, plans.from)}</span>
                    <input type="date" name="plan-from" prop:value=move || form.with(|f| f.from.clone()) on:input=move |ev| form.update(|f| f.from = event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{t!(i18n, plans.to)}</span>
                    <input type="date" name="plan-to" prop:value=move || form.with(|f| f.to.clone()) on:input=move |ev| form.update(|f| f.to = event_target_value(&ev)) />
                </label>
            </div>
            <label class="field"><span>{t!(i18n, plans.goals)}</span>{text("plan-goals", |f| f.goals.clone(), |f, v| f.goals = v, "3")}</label>
            <label class="field"><span>{t!(i18n, plans.measures)}</span>{text("plan-measures", |f| f.measures.clone(), |f, v| f.measures = v, "3")}</label>
            <label class="field"><span>{t!(i18n, plans.methods)}</span>{text("plan-methods", |f| f.methods.clone(), |f, v| f.methods = v, "2")}</label>
            <label class="field"><span>{t!(i18n, plans.schedule)}</span>{text("plan-schedule", |f| f.schedule.clone(), |f, v| f.schedule = v, "2")}</label>
            <fieldset data-section="responsible">
                <legend>{t!(i18n, plans.responsible)}</legend>
                {people.into_iter().map(|(id, name)| view! {
                    <label class="check-field">
                        <input type="checkbox" name="responsible" value=id.to_string()
                            prop:checked=move || form.with(|f| f.responsible.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                form.update(|f| { f.responsible.retain(|r| *r != id); if on { f.responsible.push(id) } })
                            } />
                        <span>{name}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset data-section="budget">
                <legend>{t!(i18n, plans.budget)}</legend>
                {budget_rows}
                <button type="button" class="button small" data-action="add-budget-line"
                    on:click=move |_| form.update(|f| f.budget.push((String::new(), String::new())))>"+ " {t!(i18n, plans.add_line)}</button>
                <p><strong>{t!(i18n, plans.budget_total)} " " {move || t!(i18n, plans.yuan, amount = total())}</strong></p>
            </fieldset>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-error="plan">{e}</p> })}
            <button class="button primary" data-action="save-plan" disabled=move || busy.get() on:click=submit>{t!(i18n, plans.save)}</button>
        </section>
    }
}
