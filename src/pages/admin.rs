//! 管理 Admin, for admins: users (add one, change a role, disable or enable), each
//! user's devices with when they were last seen (revoke a lost phone), and a one-time
//! enrollment code shown as a QR code a phone scans off this screen. Every action is
//! the server's (`/api/admin/*`, the same code as the command line); online only.
use crate::components::{sync_time, PageHeader};
use crate::i18n::*;
use crate::labels;
use crate::state::use_app;
use crate::sync::api;
use leptos::prelude::*;
use revisit_core::department::Department;
use revisit_core::sync::account::Role;
use revisit_core::sync::admin::{IssuedCode, NewUser, UserChange, UserEntry};
use revisit_core::sync::client::Failure;

/// What went wrong, in the user's words.
fn problem(i18n: leptos_i18n::I18nContext<Locale>, failure: &Failure) -> String {
    match failure {
        Failure::Forbidden(_) => t_string!(i18n, admin.only_admins).to_string(),
        Failure::Unexpected { status: 409, .. } => t_string!(i18n, admin.taken).to_string(),
        Failure::Unexpected { status: 400, .. } => t_string!(i18n, admin.invalid).to_string(),
        other => labels::sync_problem(i18n, &crate::sync::Problem::Server(other.clone())),
    }
}

fn time_text(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| sync_time(t.with_timezone(&chrono::Utc)))
        .unwrap_or_default()
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let account = move || app.sync.state.with(|s| s.account.clone());
    let token = move || account().map(|a| a.token).unwrap_or_default();
    let is_admin = move || account().is_some_and(|a| a.user.role == Role::Admin);
    // Bumped after each change: the list is read again.
    let version = RwSignal::new(0u32);
    let users = LocalResource::new(move || {
        version.track();
        let token = token();
        async move { api::admin_users(&token).await }
    });
    view! {
        <div class="page" data-page="admin">
            <PageHeader>{t!(i18n, admin.title)}</PageHeader>
            <Show when=is_admin fallback=move || view! {
                <p class="card muted" data-admin="refused">{t!(i18n, admin.only_admins)}</p>
            }>
                <AddUser version=version />
                {move || match users.get() {
                    None => view! { <p class="muted">{t!(i18n, admin.loading)}</p> }.into_any(),
                    Some(Err(failure)) => view! {
                        <p class="error" role="alert">{problem(i18n, &failure)}</p>
                    }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="plain-list admin-users">
                            {list.into_iter().map(|entry| view! { <UserCard entry=entry version=version /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </Show>
        </div>
    }
}

#[component]
fn AddUser(version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let login = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Technician);
    let add = Action::new_local(move |user: &NewUser| {
        let user = user.clone();
        let token = app.sync.token();
        async move { api::admin_add_user(&token.unwrap_or_default(), &user).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            login.set(String::new());
            name.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch(NewUser {
            login: login.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
        });
    };
    view! {
        <section class="card" data-section="add-user">
            <h2>{t!(i18n, admin.add_user)}</h2>
            <form class="stack" on:submit=submit>
                <label class="field">{t!(i18n, admin.login)}
                    <input name="login" autocapitalize="none" spellcheck="false" required
                        prop:value=move || login.get() on:input=move |ev| login.set(event_target_value(&ev)) />
                </label>
                <label class="field">{t!(i18n, admin.name)}
                    <input name="name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <RolePicker name="role" value=role />
                <button class="button primary" type="submit" data-action="add-user" disabled=move || add.pending().get()>
                    {t!(i18n, admin.add)}
                </button>
                {move || add.value().get().and_then(Result::err).map(|f| view! {
                    <p class="error" role="alert">{problem(i18n, &f)}</p>
                })}
            </form>
        </section>
    }
}

/// A role as a select, in the user's words.
#[component]
fn RolePicker(
    name: &'static str,
    value: RwSignal<Role>,
    #[prop(optional)] on_pick: Option<Callback<Role>>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">{t!(i18n, admin.role)}
            <select name=name disabled=disabled on:change=move |ev| {
                if let Some(role) = Role::parse(&event_target_value(&ev)) {
                    value.set(role);
                    if let Some(pick) = on_pick {
                        pick.run(role);
                    }
                }
            }>
                {Role::ALL.into_iter().map(|r| view! {
                    <option value=r.as_str() selected=move || value.get() == r>{move || labels::role(i18n, r)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The department a user works in (the issues routed to it are theirs), or none.
#[component]
fn DepartmentPicker(
    value: Option<Department>,
    on_pick: Callback<Option<Department>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">{t!(i18n, admin.department)}
            <select name="user-department" on:change=move |ev| {
                let picked = event_target_value(&ev);
                on_pick.run(Department::parse(&picked));
            }>
                <option value="" selected=value.is_none()>{t!(i18n, admin.no_department)}</option>
                {Department::ALL.into_iter().map(|d| view! {
                    <option value=d.as_str() selected=value == Some(d)>{labels::department_text(i18n, d)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn UserCard(entry: UserEntry, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let token = move || app.sync.token().unwrap_or_default();
    let login = entry.user.login.clone();
    let role = RwSignal::new(entry.user.role);
    let change = {
        let login = login.clone();
        Action::new_local(move |change: &UserChange| {
            let (change, login, token) = (change.clone(), login.clone(), token());
            async move { api::admin_change_user(&token, &login, &change).await }
        })
    };
    let code = {
        let login = login.clone();
        Action::new_local(move |_: &()| {
            let (login, token) = (login.clone(), token());
            async move { api::admin_issue_code(&token, &login).await }
        })
    };
    let revoke = {
        let login = login.clone();
        Action::new_local(move |client_id: &uuid::Uuid| {
            let (login, token, id) = (login.clone(), token(), *client_id);
            async move { api::admin_revoke_device(&token, &login, id).await }
        })
    };
    Effect::new(move |_| {
        if matches!(change.value().get(), Some(Ok(_)))
            || matches!(revoke.value().get(), Some(Ok(())))
        {
            version.update(|v| *v += 1);
        }
    });
    let disabled = entry.disabled;
    // An admin does not lock themself out here (the server refuses it too).
    let own = app
        .sync
        .state
        .with_untracked(|s| s.account.as_ref().is_some_and(|a| a.user.login == login));
    let error = move || {
        change
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| revoke.value().get().and_then(Result::err))
            .or_else(|| code.value().get().and_then(Result::err))
            .map(|f| view! { <p class="error" role="alert">{problem(i18n, &f)}</p> })
    };
    let devices = entry.devices.into_iter().map(|d| {
        let id = d.client_id;
        let seen = d.last_seen_at.as_deref().map(time_text);
        let label = short_label(&d.label);
        let revoked = d.revoked_at.is_some().then_some("");
        view! {
            <li class="device" data-device=id.to_string() data-revoked=revoked>
                <div><strong>{label}</strong></div>
                <div class="muted">
                    {t!(i18n, admin.enrolled_at)} " " {time_text(&d.enrolled_at)} " · "
                    {match seen {
                        Some(at) => view! { <span data-last-seen>{t!(i18n, admin.last_seen)} " " {at}</span> }.into_any(),
                        None => t!(i18n, admin.never_seen).into_any(),
                    }}
                </div>
                {match d.revoked_at {
                    Some(at) => view! { <p class="muted">{t!(i18n, admin.revoked)} " " {time_text(&at)}</p> }.into_any(),
                    None => view! {
                        <button class="button" data-action="revoke-device" disabled=move || revoke.pending().get()
                            on:click=move |_| { revoke.dispatch(id); }>{t!(i18n, admin.revoke)}</button>
                    }.into_any(),
                }}
            </li>
        }
    }).collect_view();
    let issued = move || {
        code.value().get().and_then(Result::ok).map(|issued: IssuedCode| view! {
        <div class="enroll-code" data-enroll-code=issued.code.clone()>
            <p>{t!(i18n, admin.code_hint)}</p>
            <div class="qr" inner_html=issued.qr_svg.clone()></div>
            <p class="code">{issued.code.clone()}</p>
            <p class="muted"><a href=issued.link.clone() data-enroll-link=issued.link.clone()>{issued.link.clone()}</a></p>
            <p class="muted">{t!(i18n, admin.code_expires)} " " {time_text(&issued.expires_at)}</p>
        </div>
    })
    };
    view! {
        <li class="card admin-user" data-user=login.clone() data-disabled=disabled.then_some("")>
            <h2>{entry.user.name.clone()} " " <span class="muted">"(" {login.clone()} ")"</span></h2>
            {disabled.then(|| view! { <p class="badge">{t!(i18n, admin.disabled)}</p> })}
            <RolePicker name="user-role" value=role disabled=own on_pick=Callback::new(move |r| {
                change.dispatch(UserChange { role: Some(r), ..UserChange::default() });
            }) />
            <DepartmentPicker value=entry.user.department on_pick=Callback::new(move |d| {
                change.dispatch(UserChange { department: Some(d), ..UserChange::default() });
            }) />
            <div class="actions">
                <button class="button primary" data-action="issue-code" disabled=move || code.pending().get()
                    on:click=move |_| { code.dispatch(()); }>{t!(i18n, admin.issue_code)}</button>
                {(!own).then(|| view! {
                    <button class="button" data-action=if disabled { "enable-user" } else { "disable-user" }
                        on:click=move |_| { change.dispatch(UserChange { disabled: Some(!disabled), ..UserChange::default() }); }>
                        {if disabled { t!(i18n, admin.enable).into_any() } else { t!(i18n, admin.disable).into_any() }}
                    </button>
                })}
            </div>
            {issued}
            {error}
            <h3>{t!(i18n, admin.devices)}</h3>
            <ul class="plain-list">{devices}</ul>
        </li>
    }
}

/// A browser's user agent, shortened to what tells phones apart ("Android 14 · Chrome").
fn short_label(agent: &str) -> String {
    let os = ["Android", "iPhone", "Windows", "Mac OS X", "Linux"]
        .into_iter()
        .find(|os| agent.contains(os));
    let browser = ["Edg", "Chrome", "Firefox", "Safari"]
        .into_iter()
        .find(|b| agent.contains(&format!("{b}/")));
    match (os, browser) {
        (Some(os), Some(b)) => format!("{os} · {}", if b == "Edg" { "Edge" } else { b }),
        (Some(os), None) => os.to_owned(),
        _ if agent.is_empty() => "—".to_owned(),
        _ => agent.chars().take(40).collect(),
    }
}
