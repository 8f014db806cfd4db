//! Add or edit an installation of a customer. Core's validation decides (dates in
//! the order things happen, a known product line…); problems show beside fields.
use crate::clock::new_id;
use crate::components::{field_error, text_field, PageHeader};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use revisit_core::installation::Installation;
use revisit_core::settings::ProductLine;
use revisit_core::types::Cny;
use uuid::Uuid;

#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    product_line: String,
    model: String,
    serial_number: String,
    site: String,
    contract_amount: String,
    delivery_date: String,
    commissioning_date: String,
    energized_date: String,
    warranty_months: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Problem {
    Field {
        field: &'static str,
        message: String,
    },
    BadDate(&'static str),
    BadNumber(&'static str),
}

impl Problem {
    fn field(&self) -> &'static str {
        match self {
            Problem::Field { field, .. } | Problem::BadDate(field) | Problem::BadNumber(field) => {
                field
            }
        }
    }
}

fn date(text: &str, field: &'static str) -> Result<Option<NaiveDate>, Problem> {
    match text.trim() {
        "" => Ok(None),
        t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Problem::BadDate(field)),
    }
}

fn number(text: &str, field: &'static str) -> Result<Option<u64>, Problem> {
    match text.trim().replace([',', '，', ' '], "").as_str() {
        "" => Ok(None),
        t => t
            .parse::<i64>()
            .ok()
            .and_then(|n| u64::try_from(n).ok())
            .map(Some)
            .ok_or(Problem::BadNumber(field)),
    }
}

impl Form {
    fn from(i: &Installation) -> Self {
        let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Self {
            product_line: i.product_line.clone(),
            model: i.model.clone(),
            serial_number: i.serial_number.clone(),
            site: i.site.clone(),
            contract_amount: i.contract_amount.yuan().to_string(),
            delivery_date: d(i.delivery_date),
            commissioning_date: d(i.commissioning_date),
            energized_date: d(i.energized_date),
            warranty_months: i.warranty_months.map(|m| m.to_string()).unwrap_or_default(),
        }
    }

    fn apply(&self, mut base: Installation) -> Result<Installation, Problem> {
        base.product_line = self.product_line.clone();
        base.model = self.model.trim().to_owned();
        base.serial_number = self.serial_number.trim().to_owned();
        base.site = self.site.trim().to_owned();
        base.contract_amount = Cny(number(&self.contract_amount, "contract_amount")?.unwrap_or(0));
        base.delivery_date = date(&self.delivery_date, "delivery_date")?;
        base.commissioning_date = date(&self.commissioning_date, "commissioning_date")?;
        base.energized_date = date(&self.energized_date, "energized_date")?;
        base.warranty_months = number(&self.warranty_months, "warranty_months")?
            .map(|m| u32::try_from(m).unwrap_or(u32::MAX));
        base.validate().map_err(|e| Problem::Field {
            field: e.field,
            message: e.message,
        })?;
        Ok(base)
    }
}

#[component]
pub fn InstallationFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let loaded = Memo::new(move |_| {
        let (customer, installation) = params.with(|p| (p.get("id"), p.get("installation")));
        let data = app.snapshot()?;
        let customer = data
            .customers
            .iter()
            .find(|c| Some(c.id.to_string()) == customer)?
            .id;
        let existing = installation.and_then(|id| {
            data.installations
                .iter()
                .find(|i| i.id.to_string() == id)
                .cloned()
        });
        Some((customer, existing, data.settings().product_lines))
    });
    view! {
        <div class="page" data-page="installation-form">
            <PageHeader>
                {move || if params.with(|p| p.get("installation").is_some()) {
                    t!(i18n, installation_form.title_edit).into_any()
                } else {
                    t!(i18n, installation_form.title_new).into_any()
                }}
            </PageHeader>
            {move || match loaded.get() {
                Some((customer, existing, lines)) => view! { <InstallationForm customer=customer existing=existing lines=lines /> }.into_any(),
                None => view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn InstallationForm(
    customer: Uuid,
    existing: Option<Installation>,
    lines: Vec<ProductLine>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let first_line = lines.first().map(|l| l.key.clone()).unwrap_or_default();
    let form = RwSignal::new(existing.as_ref().map(Form::from).unwrap_or(Form {
        product_line: first_line,
        ..Form::default()
    }));
    let (problem, set_problem) = signal(None::<Problem>);
    let base = StoredValue::new(existing);
    let message = move |field: &'static str| {
        move || {
            problem.get().filter(|p| p.field() == field).map(|p| {
                let text = match p {
                    // Core's rules, in the user's language; the save's own message as is.
                    Problem::Field {
                        field: "product_line",
                        ..
                    } => t!(i18n, installation_form.need_product_line).into_any(),
                    Problem::Field {
                        field: "delivery_date" | "commissioning_date" | "energized_date",
                        ..
                    } => t!(i18n, installation_form.date_order).into_any(),
                    Problem::Field {
                        field: "warranty_months",
                        ..
                    } => t!(i18n, installation_form.warranty_zero).into_any(),
                    Problem::Field { message, .. } => message.into_any(),
                    Problem::BadDate(_) => t!(i18n, customer_form.bad_date).into_any(),
                    Problem::BadNumber(_) => t!(i18n, installation_form.bad_number).into_any(),
                };
                field_error(field, text)
            })
        }
    };
    let field = move |name: &'static str,
                      label: AnyView,
                      get: fn(&Form) -> String,
                      set: fn(&mut Form, String),
                      kind: &'static str| {
        text_field(form, name, label, get, set, kind, message(name))
    };
    // Saved and queued, then back to the customer's file; if the device could not
    // store it, the reason is shown by the save button and nothing moves.
    let keep = {
        let navigate = navigate.clone();
        Action::new_local(move |installation: &Installation| {
            let (installation, navigate) = (installation.clone(), navigate.clone());
            async move {
                let saved = app.save_installation(installation).await;
                match &saved {
                    Ok(()) => {
                        app.flash.set(Some(crate::state::Flash::InstallationSaved));
                        navigate(&format!("/customers/{customer}"), Default::default())
                    }
                    Err(err) => {
                        set_problem.try_set(Some(Problem::Field {
                            field: "save",
                            message: labels::store_error(i18n, err),
                        }));
                    }
                }
                saved
            }
        })
    };
    let saving = keep.pending();
    let save = move |_| {
        let record = base
            .get_value()
            .unwrap_or_else(|| Installation::new(new_id(), customer, ""));
        match form.with(|f| f.apply(record)) {
            Err(p) => set_problem.set(Some(p)),
            Ok(installation) => {
                set_problem.set(None);
                keep.dispatch(installation);
            }
        }
    };
    view! {
        <section class="card form">
            <label class="field">
                <span>{t!(i18n, installation_form.product_line)}</span>
                <select name="product_line" on:change=move |ev| form.update(|f| f.product_line = event_target_value(&ev))>
                    {lines.iter().map(|l| {
                        let key = l.key.clone();
                        let selected = move || form.with(|f| f.product_line == key);
                        view! { <option value=l.key.clone() selected=selected>{labels::pick(&l.name)}</option> }
                    }).collect_view()}
                </select>
                {message("product_line")}
            </label>
            {field("model", t!(i18n, installation_form.model).into_any(), |f| f.model.clone(), |f, v| f.model = v, "text")}
            {field("serial_number", t!(i18n, installation_form.serial).into_any(), |f| f.serial_number.clone(), |f, v| f.serial_number = v, "text")}
            {field("site", t!(i18n, installation_form.site).into_any(), |f| f.site.clone(), |f, v| f.site = v, "text")}
            {field("contract_amount", t!(i18n, installation_form.contract_amount).into_any(), |f| f.contract_amount.clone(), |f, v| f.contract_amount = v, "text")}
            {field("delivery_date", t!(i18n, installation_form.delivery_date).into_any(), |f| f.delivery_date.clone(), |f, v| f.delivery_date = v, "date")}
            {field("commissioning_date", t!(i18n, installation_form.commissioning_date).into_any(), |f| f.commissioning_date.clone(), |f, v| f.commissioning_date = v, "date")}
            {field("energized_date", t!(i18n, installation_form.energized_date).into_any(), |f| f.energized_date.clone(), |f, v| f.energized_date = v, "date")}
            {field("warranty_months", t!(i18n, installation_form.warranty_months).into_any(), |f| f.warranty_months.clone(), |f, v| f.warranty_months = v, "text")}
            {message("save")}
            <button class="button primary save" data-action="save-installation" disabled=move || saving.get() on:click=save>{t!(i18n, installation_form.save)}</button>
        </section>
    }
}
