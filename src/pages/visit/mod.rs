//! Visit entry — the quick survey. A routine "all fine" phone visit is four or
//! five taps from Today: open it, rate product, rate service, (all OK), save.
mod acknowledge;
mod check_in;
mod customer_mode;
mod draft;
mod raised;
mod signature;

use crate::clock::device_now;
use crate::components::{PageHeader, PhotoPicker, PhotoStrip, RatingPicker, Recorder};
use crate::i18n::*;
use crate::labels;
use crate::state::{use_app, Flash};
use check_in::{CheckInCard, End};
use customer_mode::CustomerSurvey;
use draft::{draft_key, finish, item_key, legacy_draft_key, raised_from_events, Draft, ItemAnswer};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use raised::RaisedOnVisitCard;
use revisit_core::issue::{Issue, IssueEvent, Severity};
use revisit_core::photo::Photo;
use revisit_core::photo::PhotoSubject;
use revisit_core::schedule::PlannedVisit;
use revisit_core::survey::{default_template, ChecklistItem, StageKey, SurveyTemplate};
use revisit_core::visit::{AnsweredBy, ContentType, Method, Visit};
use signature::SignaturePad;

#[component]
pub fn VisitPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let planned = Memo::new(move |_| {
        let key = params.with(|p| p.get("key")).unwrap_or_default();
        app.agenda
            .get()
            .and_then(|agenda| agenda.iter().find(|v| v.key() == key).cloned())
    });
    // The visit handed to the customer, no longer planned (made on another device,
    // say), must not hold the phone locked on "not found". Only that visit: an
    // address the customer types (another visit, none) leaves the lock on, and the
    // shell's guard brings them back.
    Effect::new(move |_| {
        let key = params.with(|p| p.get("key")).unwrap_or_default();
        if planned.with(Option::is_none)
            && app.agenda.with(Option::is_some)
            && app.handed_over_for(&key)
        {
            app.take_back();
        }
    });
    view! {
        <div class="page" data-page="visit">
            <PageHeader>{t!(i18n, visit.title)}</PageHeader>
            {move || match planned.get() {
                Some(visit) => view! { <VisitForm planned=visit /> }.into_any(),
                None if app.agenda.with(Option::is_none) => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
                None => view! { <p class="error" role="alert">{t!(i18n, visit.not_found)}</p> }.into_any(),
            }}
        </div>
    }
}

/// What saving a visit records: the visit, the issues it raised, its photos, and
/// the steps it takes on issues it acknowledges.
type Recorded = (Visit, Vec<Issue>, Vec<Photo>, Vec<(uuid::Uuid, IssueEvent)>);

/// Why a save did not happen; the draft stays either way.
#[derive(Clone, Debug, PartialEq)]
enum SaveError {
    NeedRatings,
    Store(String),
}

#[component]
fn VisitForm(planned: PlannedVisit) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    // The newest template on this device (the shipped one until sync brings others).
    let template = app
        .snapshot_untracked()
        .map(|d| d.template())
        .unwrap_or_else(default_template);
    let key = draft_key(&planned);
    let draft = RwSignal::new(Draft::default());
    let (loaded, set_loaded) = signal(false);
    let (error, set_error) = signal(None::<SaveError>);
    // The visit, its issues and photos recorded with the draft's deletion, in one
    // transaction; pending while it runs. Saving replans Today, which can unmount
    // this form before the answer is read: the answer is acted on here, in the
    // action's own task, not by an effect of the form.
    let record = {
        let key = key.clone();
        let navigate = navigate.clone();
        Action::new_local(move |(visit, issues, photos, steps): &Recorded| {
            let (visit, issues) = (visit.clone(), issues.clone());
            let (photos, steps) = (photos.clone(), steps.clone());
            let (key, navigate) = (key.clone(), navigate.clone());
            async move {
                let saved = app.record_visit(visit, issues, photos, steps, &key).await;
                match &saved {
                    Ok(()) => {
                        app.flash.set(Some(Flash::VisitSaved));
                        navigate("/", Default::default())
                    }
                    // The draft is still saved: nothing typed is lost.
                    Err(err) => {
                        let text = labels::store_error(i18n, err);
                        set_error.try_set(Some(SaveError::Store(text)));
                    }
                }
                saved
            }
        })
    };
    let saving = record.pending();

    // Restore the draft (or one saved under this visit's earlier key, moved to
    // its key now), then save it on every change.
    {
        let key = key.clone();
        let legacy = legacy_draft_key(&planned);
        let planned_for_events = planned.clone();
        spawn_local(async move {
            if let Some(saved) = app.draft_for::<Draft>(&key, legacy.as_deref()).await {
                draft.set(saved);
            } else if let Some(data) = app.snapshot_untracked() {
                // A written complaint or a proposal the office recorded: offered
                // as the visit's issue, to confirm or drop.
                let raised = raised_from_events(&planned_for_events, &data.events, &data.issues);
                draft.update(|d| d.raised = raised);
            }
            set_loaded.set(true);
        });
    }
    {
        let key = key.clone();
        Effect::new(move |_| {
            let current = draft.get();
            if !loaded.get() {
                return;
            }
            let key = key.clone();
            spawn_local(async move {
                if let Err(err) = app.keep_draft(&key, &current).await {
                    leptos::logging::warn!("draft not saved: {err}");
                }
            });
        });
    }

    let customer = app
        .snapshot()
        .and_then(|d| {
            d.customers
                .iter()
                .find(|c| c.id == planned.customer_id)
                .map(|c| c.name.clone())
        })
        .unwrap_or_default();
    let reasons = planned
        .reasons
        .iter()
        .map(|r| view! { <span class="chip">{labels::reason(r)}</span> })
        .collect_view();
    let stages = planned.stages.clone();
    let checklists = stages
        .iter()
        .filter_map(|stage| {
            template
                .checklist(*stage)
                .map(|list| (*stage, list.items.clone()))
        })
        .map(|(stage, items)| {
            let template = template.clone();
            view! { <Checklist stage=stage items=items template=template draft=draft /> }
        })
        .collect_view();
    let planned_method = planned.method;
    let planned_stages = planned.stages.clone();
    let on_site_required = planned.on_site_required;
    let unanswered_stages = planned.stages.clone();

    let save = {
        let planned = planned.clone();
        let template = template.clone();
        move |_| {
            let now = device_now();
            let Some((visit, issues)) = app.snapshot().and_then(|data| {
                let settings = data.settings();
                finish(
                    &draft.get_untracked(),
                    &planned,
                    &template,
                    &settings,
                    now,
                    app.me(),
                )
            }) else {
                set_error.set(Some(SaveError::NeedRatings));
                return;
            };
            let photos = draft.with_untracked(|d| d.photos.clone());
            set_error.set(None);
            let steps = acknowledge::acknowledgements(&planned, now, app.me());
            record.dispatch((visit, issues, photos, steps));
        }
    };

    // Customer mode: the survey alone, on the same draft; the form waits hidden.
    // The lock holds the visit's address key (`state::hand_over`), not its draft's.
    let visit_key = planned.key();
    let handed = {
        let visit_key = visit_key.clone();
        move || app.handed_over_for(&visit_key)
    };
    let commissioning = planned_stages.contains(&StageKey::Commissioning);
    let signature_asked = move || {
        commissioning || draft.with(|d| d.method.unwrap_or(planned_method)) == Method::OnSite
    };
    let hand_over = move |_| {
        // The customer rates afresh, not over the technician's guess.
        draft.update(|d| {
            if !d.answered_by.is_customer() {
                d.product = None;
                d.service = None;
            }
        });
        app.hand_over(&visit_key);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    let customer_survey = {
        let handed = handed.clone();
        let customer = customer.clone();
        move || {
            handed().then(|| view! {
            <CustomerSurvey draft=draft customer=customer.clone() signature=signature_asked() />
        })
        }
    };
    view! {
        {customer_survey}
        <div class="visit-form" hidden=handed>
        <section class="card visit-head">
            <h2 class="customer">{customer}</h2>
            <div class="row-reasons">{reasons}</div>
            <p class="muted">
                {t!(i18n, today.due_label)} " " {planned.due.format("%Y-%m-%d").to_string()} " · "
                {labels::tier(planned.tier)}
            </p>
        </section>
        {acknowledge::acknowledged_note(&planned)}
        <fieldset class="card">
            <legend>{t!(i18n, visit.method)}</legend>
            <div class="chips">
                {Method::ALL
                    .into_iter()
                    .map(|m| view! {
                        <button
                            type="button"
                            class="chip-button"
                            data-method=format!("{m:?}").to_lowercase()
                            aria-pressed=move || (draft.with(|d| d.method.unwrap_or(planned_method)) == m).to_string()
                            on:click=move |_| draft.update(|d| d.method = Some(m))
                        >
                            {labels::method(m)}
                        </button>
                    })
                    .collect_view()}
            </div>
            // Honest "done": a call does not close a visit that must be on site.
            {move || (on_site_required && draft.with(|d| d.method.unwrap_or(planned_method)) != Method::OnSite)
                .then(|| view! { <p class="warning" role="status" data-warning="on-site">{t!(i18n, visit.on_site_required)}</p> })}
        </fieldset>
        {move || (draft.with(|d| d.method.unwrap_or(planned_method)) == Method::OnSite)
            .then(|| view! { <CheckInCard draft=draft /> })}
        // On site: arrive and check in, go through the checks, then the customer rates.
        {checklists}
        <button type="button" class="button hand-over" data-action="hand-over" on:click=hand_over>
            {t!(i18n, customer_mode.hand_over)}
        </button>
        <SurveyRatings draft=draft />
        <label class="field">
            <span>{t!(i18n, visit.met)}</span>
            <input
                type="text"
                name="met"
                placeholder=move || t_string!(i18n, visit.met_placeholder)
                prop:value=move || draft.with(|d| d.met.clone())
                on:input=move |ev| draft.update(|d| d.met = event_target_value(&ev))
            />
        </label>
        <ContentChips draft=draft />
        <SuggestionsField draft=draft />
        <RaisedOnVisitCard draft=draft />
        <WantedCard draft=draft />
        // After the draft is restored: its photos name the visit id it holds.
        {move || loaded.get().then(|| view! { <VisitPhotos draft=draft customer_id=planned.customer_id /> })}
        // Last, the customer signs for what was done, then the technician leaves.
        // The commissioning survey is filled in with the customer on site (seed
        // 001), and any on-site visit can be signed for.
        {move || signature_asked().then(|| view! { <SignaturePad draft=draft /> })}
        <Recorder />
        // Leaving: check out once arrived (the time between is the time on site).
        {move || (draft.with(|d| d.method.unwrap_or(planned_method)) == Method::OnSite && draft.with(|d| d.check_in.is_some()))
            .then(|| view! { <CheckInCard draft=draft end=End::Departure /> })}
        // Honest "done": a stage's checklist left empty leaves the planned visit open.
        {move || {
            let empty: Vec<StageKey> = unanswered_stages
                .iter()
                .copied()
                .filter(|stage| {
                    let prefix = item_key(*stage, "");
                    draft.with(|d| !d.checklist.keys().any(|k| k.starts_with(&prefix)))
                })
                .collect();
            (!empty.is_empty()).then(|| {
                let names = empty.iter().map(|s| labels::stage_text(i18n, *s)).collect::<Vec<_>>().join("、");
                view! { <p class="warning" role="status" data-warning="checklist">{t!(i18n, visit.checklist_unanswered, stages = names.clone())}</p> }
            })
        }}
        <div class="save-bar">
            {move || error.get().map(|e| {
                let text = match e {
                    SaveError::NeedRatings => t!(i18n, visit.need_ratings).into_any(),
                    SaveError::Store(text) => text.into_any(),
                };
                view! { <p class="error" role="alert">{text}</p> }
            })}
            <button class="button primary save" data-action="save-visit" disabled=move || saving.get() on:click=save>
                {move || if saving.get() { t!(i18n, visit.saving).into_any() } else { t!(i18n, visit.save).into_any() }}
            </button>
        </div>
        </div>
    }
}

#[component]
fn Checklist(
    stage: StageKey,
    items: Vec<ChecklistItem>,
    template: SurveyTemplate,
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let keys: Vec<String> = items
        .iter()
        .map(|item| item_key(stage, &item.key))
        .collect();
    let rows = items
        .into_iter()
        .map(|item| {
            let key = StoredValue::new(item_key(stage, &item.key));
            let answer = move || draft.with(|d| key.with_value(|k| d.checklist.get(k).cloned()));
            let not_ok = move || answer().is_some_and(|a| !a.ok);
            // Changes this item's answer (a "not OK" one keeps what was written).
            let change = move |edit: &dyn Fn(&mut ItemAnswer)| draft.update(|d| {
                let answer = d.checklist.entry(key.get_value()).or_insert_with(ItemAnswer::not_ok);
                edit(answer);
            });
            view! {
                <li class="check-item" data-item=item.key.clone()>
                    <span class="check-text">{labels::pick(&item.text)}</span>
                    <div class="check-buttons">
                        <button type="button" class="check ok" aria-pressed=move || (answer().map(|a| a.ok) == Some(true)).to_string()
                            on:click=move |_| draft.update(|d| { d.checklist.insert(key.get_value(), ItemAnswer::ok()); })>{t!(i18n, visit.ok)}</button>
                        <button type="button" class="check not-ok" aria-pressed=move || not_ok().to_string()
                            on:click=move |_| change(&|a| if a.ok { a.ok = false; a.raise_issue = true; })>{t!(i18n, visit.not_ok)}</button>
                    </div>
                    <Show when=not_ok>
                        <div class="not-ok-detail">
                            <textarea name="item-note" rows="2" aria-label=move || t_string!(i18n, visit.item_note)
                                placeholder=move || t_string!(i18n, visit.item_note)
                                prop:value=move || answer().map(|a| a.note).unwrap_or_default()
                                on:input=move |ev| { let text = event_target_value(&ev); change(&|a| a.note = text.clone()) }></textarea>
                            <label class="raise-issue">
                                <input type="checkbox" prop:checked=move || answer().is_some_and(|a| a.raise_issue)
                                    on:change=move |ev| { let on = event_target_checked(&ev); change(&|a| a.raise_issue = on) } />
                                {t!(i18n, visit.raise_issue)}
                            </label>
                            <Show when=move || answer().is_some_and(|a| a.raise_issue)>
                                <div class="chips severity" role="group" aria-label=move || t_string!(i18n, raise.severity)>
                                    <span class="muted">{t!(i18n, raise.severity)}</span>
                                    {[Severity::Low, Severity::Medium, Severity::High].map(|level| view! {
                                        <button type="button" class="chip-button" data-severity=format!("{level:?}").to_lowercase()
                                            aria-pressed=move || answer().is_some_and(|a| a.severity == level).to_string()
                                            on:click=move |_| change(&|a| a.severity = level)>{severity_label(level)}</button>
                                    }).collect_view()}
                                </div>
                            </Show>
                        </div>
                    </Show>
                </li>
            }
        })
        .collect_view();
    // Folded to one line saying how it stands: "all OK" is one tap, and only a
    // technician going item by item (or an item not OK) needs the list open.
    let keys = StoredValue::new(keys);
    let count = move |pick: fn(Option<&ItemAnswer>) -> bool| {
        draft.with(|d| {
            keys.with_value(|keys| keys.iter().filter(|k| pick(d.checklist.get(*k))).count())
        })
    };
    let bad = move || count(|a| a.is_some_and(|a| !a.ok));
    let (open, set_open) = signal(false);
    let shown = move || open.get() || bad() > 0;
    let summary = move || {
        let total = keys.with_value(Vec::len);
        let ok = count(|a| a.is_some_and(|a| a.ok));
        let bad = bad();
        if ok == total {
            t!(i18n, visit.check_all_ok, total = total).into_any()
        } else if ok + bad == 0 {
            t!(i18n, visit.check_none, total = total).into_any()
        } else {
            t!(
                i18n,
                visit.check_some,
                total = total,
                ok = ok,
                bad = bad,
                left = total - ok - bad
            )
            .into_any()
        }
    };
    view! {
        <fieldset class="card checklist" data-stage=format!("{stage:?}")>
            <legend>{labels::stage(stage)}</legend>
            <p class="check-summary" data-summary="checklist">{summary}</p>
            <div class="check-actions">
                <button type="button" class="button all-ok" data-action="all-ok"
                    on:click=move |_| draft.update(|d| d.all_ok(stage, &template))>{t!(i18n, visit.all_ok)}</button>
                <button type="button" class="button" data-action="toggle-items"
                    aria-expanded=move || shown().to_string()
                    disabled=move || { bad() > 0 }
                    on:click=move |_| set_open.update(|o| *o = !*o)>
                    {move || if shown() { t!(i18n, visit.check_fold).into_any() } else { t!(i18n, visit.check_each).into_any() }}
                </button>
            </div>
            <ul class="check-list" hidden=move || !shown()>{rows}</ul>
        </fieldset>
    }
}

/// The survey's two ratings over the draft, on the form and in customer mode. A
/// pick is not (yet) the customer's own answer: submitting in customer mode makes
/// the answers theirs, and a pick after that asks to submit again.
#[component]
fn SurveyRatings(draft: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let rating = move |pick: fn(&Draft) -> Option<u8>| Signal::derive(move || draft.with(pick));
    let answer = move |edit: fn(&mut Draft, u8)| {
        Callback::new(move |n| {
            draft.update(|d| {
                edit(d, n);
                d.answered_by = AnsweredBy::Technician;
            })
        })
    };
    view! {
        <RatingPicker
            name="product"
            label=t!(i18n, visit.product).into_any()
            low=t!(i18n, visit.rating_low).into_any()
            high=t!(i18n, visit.rating_high).into_any()
            value=rating(|d| d.product)
            on_pick=answer(|d, n| d.product = Some(n))
        />
        <RatingPicker
            name="service"
            label=t!(i18n, visit.service).into_any()
            low=t!(i18n, visit.rating_low).into_any()
            high=t!(i18n, visit.rating_high).into_any()
            value=rating(|d| d.service)
            on_pick=answer(|d, n| d.service = Some(n))
        />
    }
}

/// What the customer suggests or needs, in their words.
#[component]
fn SuggestionsField(draft: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{t!(i18n, visit.suggestions)}</span>
            <textarea
                name="suggestions"
                rows="3"
                prop:value=move || draft.with(|d| d.suggestions.clone())
                on:input=move |ev| draft.update(|d| d.suggestions = event_target_value(&ev))
            ></textarea>
        </label>
    }
}

/// The services the customer wants (seed 001's survey: maintenance, outage service, retrofit).
#[component]
fn WantedCard(draft: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="card wanted">
            <legend>{t!(i18n, visit.wanted)}</legend>
            <label><input type="checkbox" name="maintenance" prop:checked=move || draft.with(|d| d.wanted.maintenance)
                on:change=move |ev| draft.update(|d| d.wanted.maintenance = event_target_checked(&ev)) />
                {t!(i18n, visit.maintenance)}</label>
            <label><input type="checkbox" name="outage_service" prop:checked=move || draft.with(|d| d.wanted.outage_service)
                on:change=move |ev| draft.update(|d| d.wanted.outage_service = event_target_checked(&ev)) />
                {t!(i18n, visit.outage_service)}</label>
            <label><input type="checkbox" name="retrofit" prop:checked=move || draft.with(|d| d.wanted.retrofit)
                on:change=move |ev| draft.update(|d| d.wanted.retrofit = event_target_checked(&ev)) />
                {t!(i18n, visit.retrofit)}</label>
        </fieldset>
    }
}

fn severity_label(level: Severity) -> AnyView {
    let i18n = use_i18n();
    match level {
        Severity::Low => t!(i18n, raise.severity_low).into_any(),
        Severity::Medium => t!(i18n, raise.severity_medium).into_any(),
        Severity::High => t!(i18n, raise.severity_high).into_any(),
    }
}

#[component]
fn ContentChips(draft: RwSignal<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |c: ContentType| match c {
        ContentType::Explanation => t!(i18n, visit.content_explanation).into_any(),
        ContentType::Promotion => t!(i18n, visit.content_promotion).into_any(),
        ContentType::Emotional => t!(i18n, visit.content_emotional).into_any(),
        ContentType::Mediation => t!(i18n, visit.content_mediation).into_any(),
        ContentType::Suggestion => t!(i18n, visit.content_suggestion).into_any(),
        ContentType::Guidance => t!(i18n, visit.content_guidance).into_any(),
    };
    let all = [
        ContentType::Explanation,
        ContentType::Promotion,
        ContentType::Emotional,
        ContentType::Mediation,
        ContentType::Suggestion,
        ContentType::Guidance,
    ];
    view! {
        <fieldset class="card">
            <legend>{t!(i18n, visit.content)}</legend>
            <div class="chips">
                {all.into_iter().map(|c| view! {
                    <button type="button" class="chip-button"
                        aria-pressed=move || draft.with(|d| d.content_types.contains(&c)).to_string()
                        on:click=move |_| draft.update(|d| d.toggle_content(c))>{label(c)}</button>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// The visit's photos: taken into the draft (their images kept on the device at
/// once), saved with the visit.
#[component]
fn VisitPhotos(draft: RwSignal<Draft>, customer_id: uuid::Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // Fixed before the first photo, so every photo names the visit it is of.
    let visit_id = draft.try_update(|d| d.visit_id()).unwrap_or_default();
    let photos = Signal::derive(move || draft.with(|d| d.photos.clone()));
    let added = Callback::new(move |photo| draft.update(|d| d.photos.push(photo)));
    let removed = Callback::new(move |id: uuid::Uuid| {
        draft.update(|d| d.photos.retain(|p| p.id != id));
        spawn_local(async move { app.forget_photo(id).await });
    });
    view! {
        <fieldset class="card photos" data-photos="visit">
            <legend>{t!(i18n, photos.title)}</legend>
            <PhotoStrip photos=photos on_remove=removed />
            <PhotoPicker customer_id=customer_id subject=PhotoSubject::Visit(visit_id) on_added=added />
        </fieldset>
    }
}
