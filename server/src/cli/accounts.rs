//! `user add|list|set-role|set-department|disable|enable|rename`, `enroll`, `revoke`: the admin's account work, run on the
//! server machine against its database.
use super::InputError;
use crate::accounts::{AccountError, Role};
use crate::config::DatabaseArgs;
use crate::db::Database;
use clap::{Args, Subcommand};
use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Add a user.
    Add(UserAddArgs),
    /// List the users.
    List(DatabaseOnly),
    /// Give a user another role.
    SetRole(UserRoleArgs),
    /// Put a user in a department (the issues routed to it are theirs), or in none.
    SetDepartment(UserDepartmentArgs),
    /// Disable a user: their devices are refused from their next request on.
    Disable(UserLoginArgs),
    /// Enable a disabled user again.
    Enable(UserLoginArgs),
    /// Give a user another name: every screen shows it from their next sync, and
    /// nothing that names them changes (records name users by id).
    Rename(UserRenameArgs),
}

#[derive(Debug, Clone, Args)]
pub struct UserRenameArgs {
    #[arg(long)]
    pub login: String,
    /// The new name, e.g. 张伟.
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Clone, Args)]
pub struct UserRoleArgs {
    #[arg(long)]
    pub login: String,
    /// technician, supervisor, customer_service_manager, customer_director,
    /// quality_control, sales or admin.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Clone, Args)]
pub struct UserDepartmentArgs {
    #[arg(long)]
    pub login: String,
    /// customer_service, technical_support, quality_control, production, rn_d,
    /// sales, marketing; or none.
    #[arg(long, value_parser = parse_department)]
    pub department: InDepartment,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// A department, or none (`--department none`).
#[derive(Debug, Clone, Copy)]
pub struct InDepartment(pub Option<revisit_core::department::Department>);

fn parse_department(text: &str) -> Result<InDepartment, String> {
    use revisit_core::department::Department;
    if text == "none" {
        return Ok(InDepartment(None));
    }
    Department::parse(text)
        .map(|d| InDepartment(Some(d)))
        .ok_or_else(|| {
            let names: Vec<&str> = Department::ALL.iter().map(|d| d.as_str()).collect();
            format!(
                "{text:?} is not a department: {}, or none",
                names.join(", ")
            )
        })
}

#[derive(Debug, Clone, Args)]
pub struct UserLoginArgs {
    #[arg(long)]
    pub login: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseOnly {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    /// What the user signs in as (letters, digits, '.', '_', '-').
    #[arg(long)]
    pub login: String,
    /// The name customer files give as their owner (负责人), e.g. 张工.
    #[arg(long)]
    pub name: String,
    /// technician, supervisor, customer_service_manager, customer_director,
    /// quality_control, sales or admin.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("{text:?} is not a role: {}", roles.join(", "))
    })
}

#[derive(Debug, Clone, Args)]
pub struct EnrollArgs {
    /// The user the device will act for.
    #[arg(long)]
    pub login: String,
    /// The app's address as phones reach it; the code is printed inside a link to it.
    #[arg(long, env = "REVISIT_APP_URL", default_value = "http://127.0.0.1:8080")]
    pub app_url: String,
    /// Leave out the QR code (the code and the link are still printed).
    #[arg(long)]
    pub no_qr: bool,
    /// How long the code stays valid, in hours (at most 720).
    #[arg(long, default_value_t = crate::accounts::CODE_HOURS)]
    pub valid_hours: i64,
    /// Print a plain-HTTP link to an address other than this machine anyway (a phone
    /// opening it gets no offline app, install, camera or check-in).
    #[arg(long)]
    pub allow_insecure: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Why an app address will not do for a phone, if it will not: plain HTTP is a
/// secure context only on this machine (localhost).
pub fn insecure_app_url(url: &str) -> Option<String> {
    let uri: axum::http::Uri = match url.parse() {
        Ok(uri) => uri,
        Err(_) => {
            return Some(format!(
                "{url:?} is not an address (e.g. https://revisit.factory.lan)"
            ))
        }
    };
    match (uri.scheme_str(), uri.host()) {
        (Some("https"), Some(_)) => None,
        (Some("http"), Some(host))
            if matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1")
                || host.ends_with(".localhost") =>
        {
            None
        }
        (Some("http"), Some(_)) => Some(format!(
            "{url} is plain HTTP: a phone opening it gets no offline app, no install, no camera \
             and no check-in (browsers give those only to HTTPS). Give the server's HTTPS \
             address (docs/deploy.md; on a LAN: revisit-server tls init), or --allow-insecure"
        )),
        _ => Some(format!("{url:?} is not an http:// or https:// address")),
    }
}

#[derive(Debug, Clone, Args)]
pub struct RevokeArgs {
    #[arg(long)]
    pub login: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Account mistakes are the admin's to fix (exit 2); a database failure is not.
fn input(err: AccountError) -> anyhow::Error {
    match err {
        AccountError::Database(err) => err.into(),
        other => InputError(other.to_string()).into(),
    }
}

pub async fn user(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add(args) => {
            let db = Database::open(&args.database.url()).await?;
            let user = db
                .create_user(&args.login, &args.name, args.role)
                .await
                .map_err(input)?;
            println!(
                "added {} ({}, {})",
                user.login,
                user.name,
                user.role.as_str()
            );
            db.close().await;
        }
        UserCommand::List(args) => {
            let db = Database::open(&args.database.url()).await?;
            for entry in db.user_entries().await? {
                let user = entry.user;
                let state = if entry.disabled { "\tdisabled" } else { "" };
                println!(
                    "{}\t{}\t{}{state}",
                    user.login,
                    user.name,
                    user.role.as_str()
                );
            }
            db.close().await;
        }
        UserCommand::SetRole(args) => {
            let db = Database::open(&args.database.url()).await?;
            let user = db.set_role(&args.login, args.role).await.map_err(input)?;
            println!("{} is now {}", user.login, user.role.as_str());
            db.close().await;
        }
        UserCommand::SetDepartment(args) => {
            let db = Database::open(&args.database.url()).await?;
            let user = db
                .set_department(&args.login, args.department.0)
                .await
                .map_err(input)?;
            match user.department {
                Some(d) => println!("{} is now in {}", user.login, d.as_str()),
                None => println!("{} is now in no department", user.login),
            }
            db.close().await;
        }
        UserCommand::Disable(args) => {
            let db = Database::open(&args.database.url()).await?;
            let user = db.set_disabled(&args.login, true).await.map_err(input)?;
            println!(
                "disabled {}: their devices are refused from now on",
                user.login
            );
            db.close().await;
        }
        UserCommand::Rename(args) => {
            let db = Database::open(&args.database.url()).await?;
            let user = db
                .rename_user(&args.login, &args.name)
                .await
                .map_err(input)?;
            println!("{} is now named {}", user.login, user.name);
            db.close().await;
        }
        UserCommand::Enable(args) => {
            let db = Database::open(&args.database.url()).await?;
            let user = db.set_disabled(&args.login, false).await.map_err(input)?;
            println!("enabled {}", user.login);
            db.close().await;
        }
    }
    Ok(())
}

/// The link a phone opens to enroll: the app, with the code in its fragment (a
/// fragment never reaches a server log).
pub fn enroll_link(app_url: &str, code: &str) -> String {
    format!("{}/sync#enroll={code}", app_url.trim_end_matches('/'))
}

pub async fn enroll(args: EnrollArgs) -> anyhow::Result<()> {
    if let Some(problem) = insecure_app_url(&args.app_url) {
        if !args.allow_insecure {
            return Err(InputError(problem).into());
        }
        eprintln!("warning: {problem}");
    }
    let db = Database::open(&args.database.url()).await?;
    let user = db.user_by_login(&args.login).await.map_err(input)?;
    let (code, expires) = db
        .issue_code_for(&args.login, args.valid_hours)
        .await
        .map_err(input)?;
    db.close().await;
    let link = enroll_link(&args.app_url, &code);
    println!("enrollment code for {} ({}): {code}", user.login, user.name);
    println!("valid once, until {}", expires.format("%Y-%m-%d %H:%M UTC"));
    println!("link: {link}");
    if !args.no_qr {
        let qr = QrCode::new(link.as_bytes())?;
        println!(
            "\n{}",
            qr.render::<Dense1x2>()
                .dark_color(Dense1x2::Light)
                .light_color(Dense1x2::Dark)
                .quiet_zone(true)
                .build()
        );
    }
    Ok(())
}

pub async fn revoke(args: RevokeArgs) -> anyhow::Result<()> {
    let db = Database::open(&args.database.url()).await?;
    let revoked = db.revoke_devices(&args.login).await.map_err(input)?;
    db.close().await;
    println!(
        "revoked {revoked} device token(s) of {}, and their unused enrollment codes",
        args.login
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_carries_the_code_in_its_fragment() {
        assert_eq!(
            enroll_link("https://revisit.example.cn/", "AB2C-D3EF"),
            "https://revisit.example.cn/sync#enroll=AB2C-D3EF"
        );
    }

    #[test]
    fn a_phone_is_sent_to_https_or_to_this_machine_only() {
        for fine in [
            "https://revisit.factory.lan",
            "https://192.168.1.10:8443/",
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://[::1]:8080",
        ] {
            assert_eq!(insecure_app_url(fine), None, "{fine}");
        }
        for refused in [
            "http://192.168.1.10:8080",
            "http://revisit.factory.lan",
            "ftp://x",
            "revisit",
        ] {
            assert!(insecure_app_url(refused).is_some(), "{refused}");
        }
        assert!(insecure_app_url("http://192.168.1.10:8080")
            .unwrap()
            .contains("tls init"));
    }
}
