//! 回访计划: the month's or the year's planned visits (core's scheduler) in scope,
//! how each technician, tier or region stands, and the visits themselves, exported.
use super::controls::{Controls, ReportFrame};
use super::plan_approval::PlanApproval;
use super::reassign::{can_assign, OpenForms, Reassign, TechnicianList};
use crate::clock::today;
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use leptos::prelude::*;
use revisit_core::assignment::maker;
use revisit_core::report::csv::csv;
use revisit_core::report::plan::{by, planned, StatusCounts};
use revisit_core::report::Context;
use revisit_core::schedule::PlannedVisit;
use revisit_core::user::UserId;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// Rows drawn at first, and added by "show more".
const PAGE: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Technician,
    Tier,
    Region,
}

/// A customer's name, region and technician, for the rows.
#[derive(Clone, PartialEq)]
struct Who {
    name: String,
    region: String,
    owner: Option<UserId>,
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let controls = Controls::new();
    let (group, set_group) = signal(Group::Technician);
    let (shown, set_shown) = signal(PAGE);
    let visits = Memo::new(move |_| {
        let data = app.snapshot()?;
        let (period, scope) = (controls.period(), controls.scope.get());
        let _span = crate::timing::span("revisit:report:plan");
        let ctx = Context::new(&data, &scope, today());
        Some(Arc::new(planned(&ctx, period, today())))
    });
    let who = Memo::new(move |_| {
        app.snapshot().map(|data| {
            Arc::new(
                data.customers
                    .iter()
                    .map(|c| {
                        (
                            c.id,
                            Who {
                                name: c.name.clone(),
                                region: c.region.clone(),
                                owner: c.owner,
                            },
                        )
                    })
                    .collect::<HashMap<Uuid, Who>>(),
            )
        })
    });
    Effect::new(move |_| {
        visits.track();
        set_shown.set(PAGE);
    });
    let groups = move || {
        let (visits, who) = (visits.get()?, who.get()?);
        let nobody = t_string!(i18n, reports.no_owner).to_string();
        let rows: Vec<(String, StatusCounts)> = match group.get() {
            Group::Technician => by(&visits, |v| {
                let owner = who.get(&v.customer_id)?.owner;
                Some(maker(v, owner).map_or_else(|| nobody.clone(), |id| app.name_of(id)))
            })
            .into_iter()
            .collect(),
            Group::Region => by(&visits, |v| Some(who.get(&v.customer_id)?.region.clone()))
                .into_iter()
                .collect(),
            Group::Tier => by(&visits, |v| Some(v.tier))
                .into_iter()
                .map(|(t, c)| (labels::tier_text(i18n, t), c))
                .collect(),
        };
        Some(rows)
    };
    let can_assign = can_assign();
    provide_context(OpenForms::default());
    let rows = move || {
        let (Some(visits), Some(who)) = (visits.get(), who.get()) else {
            return Vec::new();
        };
        let assigning = can_assign.get();
        visits
            .iter()
            .take(shown.get())
            .map(|v| {
                let customer = who.get(&v.customer_id);
                let maker = maker(v, customer.and_then(|w| w.owner));
                PlanRow {
                    visit: v.clone(),
                    customer: customer.map(|w| w.name.clone()),
                    maker,
                    maker_name: maker.map(|id| app.name_of(id)),
                    assignable: assigning && v.status != revisit_core::schedule::Status::Done,
                }
            })
            .collect::<Vec<_>>()
    };
    let title = Signal::derive(move || t_string!(i18n, reports.plan).to_string());
    let export = Callback::new(
        move |()| match (visits.get_untracked(), who.get_untracked()) {
            (Some(visits), Some(who)) => to_csv(i18n, &visits, &who, |id| app.name_of(id)),
            _ => String::new(),
        },
    );
    let group_button = move |value: Group, key: &'static str, label: String| {
        view! {
            <button type="button" class="chip-button" aria-pressed=move || (group.get() == value).to_string()
                data-group=key on:click=move |_| set_group.set(value)>{label}</button>
        }
    };
    view! {
        <ReportFrame page="plan" title=title controls=controls csv=export>
            <PlanApproval controls=controls />
            <div class="chips no-print">
                {group_button(Group::Technician, "technician", t_string!(i18n, reports.by_technician).to_string())}
                {group_button(Group::Tier, "tier", t_string!(i18n, reports.by_tier).to_string())}
                {group_button(Group::Region, "region", t_string!(i18n, reports.by_region).to_string())}
            </div>
            <section class="card report-table" data-section="groups">
                <table>
                    <thead><tr>
                        <th scope="col">{t!(i18n, reports.group)}</th>
                        <th scope="col">{t!(i18n, reports.col_total)}</th>
                        <th scope="col">{t!(i18n, reports.col_done)}</th>
                        <th scope="col">{t!(i18n, reports.col_overdue)}</th>
                        <th scope="col">{t!(i18n, reports.col_missed)}</th>
                        <th scope="col">{t!(i18n, reports.col_to_come)}</th>
                    </tr></thead>
                    <tbody>
                        {move || groups().map(|rows| rows.into_iter().map(|(name, c)| { let key = name.clone(); view! {
                            <tr data-group-row=key>
                                <th scope="row">{name}</th>
                                <td>{c.total}</td>
                                <td>{c.done}</td>
                                <td class:warn={c.overdue > 0}>{c.overdue}</td>
                                <td class:danger={c.missed > 0}>{c.missed}</td>
                                <td>{c.to_come}</td>
                            </tr>
                        }}).collect_view())}
                    </tbody>
                </table>
            </section>
            <TechnicianList />
            <p class="muted" data-visits=move || visits.get().map_or(0, |v| v.len())>
                {move || t!(i18n, reports.rows_n, n = visits.get().map_or(0, |v| v.len()))}
            </p>
            <div class="card report-table ledger">
                <table>
                    <thead><tr>
                        <th scope="col">{t!(i18n, reports.col_due)}</th>
                        <th scope="col">{t!(i18n, reports.col_customer)}</th>
                        <th scope="col">{t!(i18n, reports.col_method)}</th>
                        <th scope="col">{t!(i18n, reports.col_status)}</th>
                    </tr></thead>
                    <tbody>
                        // Keyed by what a row shows: a row a sync changes is drawn
                        // again; its open reassign form is kept above it (OpenForms).
                        <For each=rows key=PlanRow::identity let:row>
                            {row.view()}
                        </For>
                    </tbody>
                </table>
                {move || {
                    let left = visits.get().map_or(0, |v| v.len()).saturating_sub(shown.get());
                    (left > 0).then(|| view! {
                        <button type="button" class="button no-print" data-action="show-more"
                            on:click=move |_| set_shown.update(|n| *n += PAGE)>{t!(i18n, reports.more, n = left)}</button>
                    })
                }}
            </div>
        </ReportFrame>
    }
}

/// What one planned visit's row shows: due, customer (tier, reasons, who makes it,
/// and the reassign form when it may be handed on), method and status.
#[derive(Debug)]
struct PlanRow {
    visit: PlannedVisit,
    customer: Option<String>,
    maker: Option<UserId>,
    maker_name: Option<String>,
    assignable: bool,
}

impl PlanRow {
    /// Everything the row shows: a row is drawn again when any of it changes.
    fn identity(&self) -> String {
        format!("{self:?}")
    }

    fn view(self) -> impl IntoView {
        let i18n = use_i18n();
        let PlanRow {
            visit: v,
            customer,
            maker,
            maker_name,
            assignable,
        } = self;
        view! {
            <tr data-visit-key=v.key()>
                <td>{v.due.format("%m-%d").to_string()}</td>
                <td>
                    <a href=format!("/customers/{}", v.customer_id)>{customer}</a>
                    <span class="muted block">
                        {labels::tier_text(i18n, v.tier)} " · "
                        {v.reasons.iter().map(|r| labels::reason_text(i18n, r)).collect::<Vec<_>>().join("、")}
                        " · " <span data-maker>{maker_name}</span>
                        {v.assignee.is_some().then(|| view! { " " <span class="chip" data-assigned>{t!(i18n, reports.assigned)}</span> })}
                    </span>
                    {assignable.then(|| view! { <Reassign visit=v.clone() maker=maker /> })}
                </td>
                <td>{labels::method_text(i18n, v.method)}</td>
                <td>{labels::status_text(i18n, v.status)}</td>
            </tr>
        }
    }
}

fn to_csv(
    i18n: leptos_i18n::I18nContext<Locale>,
    visits: &[PlannedVisit],
    who: &HashMap<Uuid, Who>,
    name_of: impl Fn(UserId) -> String,
) -> String {
    let rows = visits.iter().map(|v| {
        let w = who.get(&v.customer_id);
        vec![
            v.due.to_string(),
            w.map(|w| w.name.clone()).unwrap_or_default(),
            labels::tier_text(i18n, v.tier),
            w.map(|w| w.region.clone()).unwrap_or_default(),
            maker(v, w.and_then(|w| w.owner))
                .map(&name_of)
                .unwrap_or_default(),
            v.reasons
                .iter()
                .map(|r| labels::reason_text(i18n, r))
                .collect::<Vec<_>>()
                .join("、"),
            labels::method_text(i18n, v.method),
            format!("{} ~ {}", v.window.earliest, v.window.latest),
            labels::status_text(i18n, v.status),
        ]
    });
    csv(
        &[
            t_string!(i18n, reports.col_due),
            t_string!(i18n, reports.col_customer),
            t_string!(i18n, reports.col_tier),
            t_string!(i18n, reports.col_region),
            t_string!(i18n, reports.col_technician),
            t_string!(i18n, reports.col_reasons),
            t_string!(i18n, reports.col_method),
            t_string!(i18n, reports.col_window),
            t_string!(i18n, reports.col_status),
        ],
        rows,
    )
}
