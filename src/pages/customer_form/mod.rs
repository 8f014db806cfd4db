//! Create or edit a customer file. Validation is core's: a problem is shown beside
//! the field it concerns, and nothing is saved until the file is valid.
use crate::clock::{new_id, today};
use crate::components::{field_error, reveal_first_problem, text_field, typed_yuan, PageHeader};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use revisit_core::customer::{Contact, ContactProblem, Customer, CustomerKind};
use revisit_core::user::UserId;

mod registration;
use registration::{Registration, RegistrationFields};

/// The form's text fields, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    name: String,
    short_code: String,
    kind: String,
    region: String,
    industry: String,
    address: String,
    cooperation_start: String,
    purchases: String,
    industry_leader: bool,
    regional_core_agent: bool,
    scattered_orders: bool,
    /// Every contact of the file, as typed; blank rows are dropped on save.
    contacts: Vec<Contact>,
    owner: String,
    /// The 客户状况登记表's fields.
    registration: Registration,
}

/// A field's problem, shown beside it.
#[derive(Clone, Debug, PartialEq)]
enum Problem {
    Core {
        field: &'static str,
        message: String,
    },
    NoName,
    BadDate,
    BadAmount,
    /// No user has the name typed as the owner.
    UnknownOwner,
    /// The contact in row `index` cannot be kept.
    Contact {
        index: usize,
        problem: ContactProblem,
    },
    /// A number of the 客户状况登记表 that is not one.
    Registration {
        field: &'static str,
    },
}

impl Problem {
    fn field(&self) -> &'static str {
        match self {
            Problem::Core { field, .. } => field,
            Problem::NoName => "name",
            Problem::Contact { .. } => "contacts",
            Problem::BadDate => "cooperation_start",
            Problem::BadAmount => "purchases",
            Problem::UnknownOwner => "owner",
            Problem::Registration { field } => field,
        }
    }
}

fn kind_code(kind: CustomerKind) -> &'static str {
    match kind {
        CustomerKind::Direct => "direct",
        CustomerKind::Agent => "agent",
        CustomerKind::EndUser => "end_user",
    }
}

impl Form {
    /// The form of `c`, whose owner is shown as `owner` (their name).
    fn from_customer(c: &Customer, year: i32, owner: String) -> Self {
        Self {
            name: c.name.clone(),
            short_code: c.short_code.clone(),
            kind: kind_code(c.kind).to_owned(),
            region: c.region.clone(),
            industry: c.industry.clone(),
            address: c.address.clone(),
            cooperation_start: c
                .cooperation_start
                .map(|d| d.to_string())
                .unwrap_or_default(),
            purchases: c
                .annual_purchases
                .get(&year)
                .map(|a| a.yuan().to_string())
                .unwrap_or_default(),
            industry_leader: c.flags.industry_leader,
            regional_core_agent: c.flags.regional_core_agent,
            scattered_orders: c.flags.scattered_orders,
            contacts: if c.contacts.is_empty() {
                vec![Contact::default()]
            } else {
                c.contacts.clone()
            },
            owner,
            registration: Registration::of(c),
        }
    }

    /// Applies the form to `base` (an existing file keeps what the form does not
    /// show); `user_named` says who the typed owner is.
    fn apply(
        &self,
        mut base: Customer,
        year: i32,
        user_named: impl Fn(&str) -> Option<UserId>,
    ) -> Result<Customer, Problem> {
        base.name = self.name.trim().to_owned();
        if base.name.is_empty() {
            return Err(Problem::NoName);
        }
        base.short_code = self.short_code.trim().to_owned();
        base.kind = match self.kind.as_str() {
            "agent" => CustomerKind::Agent,
            "end_user" => CustomerKind::EndUser,
            _ => CustomerKind::Direct,
        };
        base.region = self.region.trim().to_owned();
        base.industry = self.industry.trim().to_owned();
        base.address = self.address.trim().to_owned();
        base.cooperation_start = match self.cooperation_start.trim() {
            "" => None,
            text => {
                Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Problem::BadDate)?)
            }
        };
        match typed_yuan(&self.purchases).map_err(|_| Problem::BadAmount)? {
            None => {
                base.annual_purchases.remove(&year);
            }
            Some(amount) => {
                base.annual_purchases.insert(year, amount);
            }
        }
        base.flags.industry_leader = self.industry_leader;
        base.flags.regional_core_agent = self.regional_core_agent;
        base.flags.scattered_orders = self.scattered_orders;
        base.contacts = Vec::new();
        for (index, row) in self.contacts.iter().enumerate() {
            let contact = Contact {
                name: row.name.trim().to_owned(),
                title: row.title.trim().to_owned(),
                phone: row.phone.trim().to_owned(),
                email: row.email.trim().to_owned(),
                preferred_channel: row.preferred_channel,
            };
            let blank = [
                &contact.name,
                &contact.title,
                &contact.phone,
                &contact.email,
            ]
            .iter()
            .all(|f| f.is_empty());
            if blank {
                continue;
            }
            contact
                .check()
                .map_err(|problem| Problem::Contact { index, problem })?;
            base.contacts.push(contact);
        }
        self.registration
            .apply(&mut base)
            .map_err(|field| Problem::Registration { field })?;
        base.owner = match self.owner.trim() {
            "" => None,
            name => Some(user_named(name).ok_or(Problem::UnknownOwner)?),
        };
        base.validate().map_err(|e| Problem::Core {
            field: e.field,
            message: e.message,
        })?;
        Ok(base)
    }
}

#[component]
pub fn CustomerFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let existing = Memo::new(move |_| {
        let id = params.with(|p| p.get("id"));
        id.and_then(|id| {
            app.snapshot()
                .and_then(|d| d.customers.iter().find(|c| c.id.to_string() == id).cloned())
        })
    });
    let editing = move || params.with(|p| p.get("id").is_some());
    view! {
        <div class="page" data-page="customer-form">
            <PageHeader>
                {move || if editing() { t!(i18n, customer_form.title_edit).into_any() } else { t!(i18n, customer_form.title_new).into_any() }}
            </PageHeader>
            {move || {
                if editing() && existing.get().is_none() {
                    return view! { <p class="muted">{t!(i18n, today.loading)}</p> }.into_any();
                }
                view! { <CustomerForm existing=existing.get_untracked() /> }.into_any()
            }}
        </div>
    }
}

#[component]
fn CustomerForm(existing: Option<Customer>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    // The tier rule reads the last full year's purchases: that is the year asked for.
    let year = today().year() - 1;
    let form = RwSignal::new(
        existing
            .as_ref()
            .map(|c| {
                Form::from_customer(c, year, c.owner.map(|o| app.name_of(o)).unwrap_or_default())
            })
            .unwrap_or_else(|| Form {
                kind: "direct".into(),
                contacts: vec![Contact::default()],
                ..Form::default()
            }),
    );
    let (problem, set_problem) = signal(None::<Problem>);
    let base = StoredValue::new(existing);
    let message = move |field: &'static str| {
        move || {
            problem.get().filter(|p| p.field() == field).and_then(|p| {
                let text = match p {
                    Problem::Core { message, .. } => message.into_any(),
                    Problem::NoName => t!(i18n, customer_form.need_name).into_any(),
                    // Shown beside its row (see `contact_rows`), or in its part.
                    Problem::Contact { .. } | Problem::Registration { .. } => return None,
                    Problem::BadDate => t!(i18n, customer_form.bad_date).into_any(),
                    Problem::BadAmount => t!(i18n, customer_form.bad_amount).into_any(),
                    Problem::UnknownOwner => t!(i18n, customer_form.unknown_owner).into_any(),
                };
                Some(field_error(field, text))
            })
        }
    };
    let text_field = move |name: &'static str,
                           label: AnyView,
                           get: fn(&Form) -> String,
                           set: fn(&mut Form, String),
                           kind: &'static str| {
        text_field(form, name, label, get, set, kind, message(name))
    };
    let check = move |name: &'static str,
                      label: AnyView,
                      get: fn(&Form) -> bool,
                      set: fn(&mut Form, bool)| {
        view! {
            <label class="check-field">
                <input type="checkbox" name=name prop:checked=move || form.with(get)
                    on:change=move |ev| form.update(|f| set(f, event_target_checked(&ev))) />
                {label}
            </label>
        }
    };
    // Saved and queued, then the file is shown; if the device could not store it,
    // the reason is shown by the save button and nothing moves.
    let keep = {
        let navigate = navigate.clone();
        Action::new_local(move |customer: &Customer| {
            let (customer, navigate) = (customer.clone(), navigate.clone());
            async move {
                let id = customer.id;
                let saved = app.save_customer(customer).await;
                match &saved {
                    Ok(()) => {
                        app.flash.set(Some(crate::state::Flash::CustomerSaved));
                        navigate(&format!("/customers/{id}"), Default::default())
                    }
                    Err(err) => {
                        set_problem.try_set(Some(Problem::Core {
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
        let base_record = base.get_value().unwrap_or_else(|| {
            let mut new = Customer::new(new_id(), "—").expect("placeholder name");
            new.since = Some(today());
            new
        });
        match form.with(|f| f.apply(base_record, year, |name| app.user_named(name))) {
            Err(p) => {
                set_problem.set(Some(p));
                reveal_first_problem();
            }
            Ok(customer) => {
                set_problem.set(None);
                keep.dispatch(customer);
            }
        }
    };
    view! {
        <section class="card form">
            {text_field("name", t!(i18n, customer_form.name).into_any(), |f| f.name.clone(), |f, v| f.name = v, "text")}
            {text_field("short_code", t!(i18n, customer_form.short_code).into_any(), |f| f.short_code.clone(), |f, v| f.short_code = v, "text")}
            <label class="field">
                <span>{t!(i18n, customer_form.kind)}</span>
                <select name="kind" on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev))>
                    <option value="direct" selected=move || form.with(|f| f.kind == "direct")>{t!(i18n, customers.kind_direct)}</option>
                    <option value="agent" selected=move || form.with(|f| f.kind == "agent")>{t!(i18n, customers.kind_agent)}</option>
                    <option value="end_user" selected=move || form.with(|f| f.kind == "end_user")>{t!(i18n, customers.kind_end_user)}</option>
                </select>
            </label>
            {text_field("region", t!(i18n, customer_form.region).into_any(), |f| f.region.clone(), |f, v| f.region = v, "text")}
            {text_field("industry", t!(i18n, customer_form.industry).into_any(), |f| f.industry.clone(), |f, v| f.industry = v, "text")}
            {text_field("address", t!(i18n, customer_form.address).into_any(), |f| f.address.clone(), |f, v| f.address = v, "text")}
            {text_field("cooperation_start", t!(i18n, customer_form.cooperation_start).into_any(), |f| f.cooperation_start.clone(), |f, v| f.cooperation_start = v, "date")}
            {text_field("purchases", t!(i18n, customer_form.purchases, year = year).into_any(), |f| f.purchases.clone(), |f, v| f.purchases = v, "text")}
            <fieldset class="flags">
                <legend>{t!(i18n, customer_form.flags)}</legend>
                {check("industry_leader", t!(i18n, customer_form.industry_leader).into_any(), |f| f.industry_leader, |f, v| f.industry_leader = v)}
                {check("regional_core_agent", t!(i18n, customer_form.regional_core_agent).into_any(), |f| f.regional_core_agent, |f, v| f.regional_core_agent = v)}
                {check("scattered_orders", t!(i18n, customer_form.scattered_orders).into_any(), |f| f.scattered_orders, |f, v| f.scattered_orders = v)}
            </fieldset>
            <RegistrationFields form=form problem=problem />
            <fieldset class="flags contacts">
                <legend>{t!(i18n, customer_form.contacts)}</legend>
                <ContactRows form=form problem=problem />
            </fieldset>
            {text_field("owner", t!(i18n, customer_form.owner).into_any(), |f| f.owner.clone(), |f, v| f.owner = v, "text")}
            {message("save")}
            <button class="button primary save" data-action="save-customer" disabled=move || saving.get() on:click=save>{t!(i18n, customer_form.save)}</button>
        </section>
    }
}

/// The file's contacts, one group of fields each; a row's problem shows beside it.
#[component]
fn ContactRows(form: RwSignal<Form>, problem: ReadSignal<Option<Problem>>) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |index: usize,
                      name: &'static str,
                      label: AnyView,
                      get: fn(&Contact) -> String,
                      set: fn(&mut Contact, String),
                      kind: &'static str| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input type=kind name=name data-index=index
                    prop:value=move || form.with(|f| f.contacts.get(index).map(get).unwrap_or_default())
                    on:input=move |ev| form.update(|f| {
                        if let Some(c) = f.contacts.get_mut(index) {
                            set(c, event_target_value(&ev));
                        }
                    }) />
            </label>
        }
    };
    let row_problem = move |index: usize| {
        move || match problem.get() {
            Some(Problem::Contact { index: at, problem }) if at == index => {
                let text = match problem {
                    ContactProblem::NoName => t!(i18n, customer_form.contact_no_name).into_any(),
                    ContactProblem::BadEmail => {
                        t!(i18n, customer_form.contact_bad_email).into_any()
                    }
                    ContactProblem::BadPhone => {
                        t!(i18n, customer_form.contact_bad_phone).into_any()
                    }
                };
                Some(field_error("contacts", text))
            }
            _ => None,
        }
    };
    // Rows are re-rendered only when one is added or removed.
    let count = Memo::new(move |_| form.with(|f| f.contacts.len()));
    view! {
        {move || (0..count.get()).map(|index| view! {
            <div class="contact-row" data-contact=index>
                {field(index, "contact_name", t!(i18n, customer_form.contact_name).into_any(), |c| c.name.clone(), |c, v| c.name = v, "text")}
                {field(index, "contact_title", t!(i18n, customer_form.contact_title).into_any(), |c| c.title.clone(), |c, v| c.title = v, "text")}
                {field(index, "contact_phone", t!(i18n, customer_form.contact_phone).into_any(), |c| c.phone.clone(), |c, v| c.phone = v, "tel")}
                {field(index, "contact_email", t!(i18n, customer_form.contact_email).into_any(), |c| c.email.clone(), |c, v| c.email = v, "email")}
                {row_problem(index)}
                <button type="button" class="button link" data-action="remove-contact"
                    on:click=move |_| form.update(|f| { f.contacts.remove(index); })>
                    {t!(i18n, customer_form.remove_contact)}
                </button>
            </div>
        }).collect_view()}
        <button type="button" class="button" data-action="add-contact"
            on:click=move |_| form.update(|f| f.contacts.push(Contact::default()))>
            {t!(i18n, customer_form.add_contact)}
        </button>
    }
}
