//! `revisit-server plan`: the visit plan of the server's database (or of a data
//! file), as JSON or CSV.
use super::InputError;
use crate::plan::{check_range, rows, PlanRow};
use chrono::NaiveDate;
use clap::Args;
use revisit_core::cancel::Cancel;
use revisit_core::dataset::DataSet;
use revisit_core::schedule::Reason;
use revisit_core::user::UserId;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub source: super::Source,
    /// First due date of the plan (YYYY-MM-DD).
    #[arg(long)]
    pub from: NaiveDate,
    /// Last due date of the plan (YYYY-MM-DD).
    #[arg(long)]
    pub to: NaiveDate,
    /// The day statuses are computed against (default: today).
    #[arg(long)]
    pub today: Option<NaiveDate>,
    /// Only the customers this technician (负责人) is responsible for.
    #[arg(long)]
    pub technician: Option<String>,
    /// Print CSV instead of JSON.
    #[arg(long)]
    pub csv: bool,
}

/// Reads and validates a data file; every problem names the record and the field.
pub fn read_data(path: &Path) -> Result<DataSet, InputError> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| InputError(format!("cannot read {}: {err}", path.display())))?;
    if text.trim().is_empty() {
        return Err(InputError(format!(
            "{} is empty: a data file is a JSON object (see docs/data-format.md)",
            path.display()
        )));
    }
    // A data file may name its users by name (docs/data-format.md): ids from here on.
    let mut value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|err| InputError(format!("{}: malformed: {err}", path.display())))?;
    revisit_core::user::legacy::name_users_in_file(&mut value);
    let data: DataSet = serde_path_to_error::deserialize(value).map_err(|err| {
        let at = err.path().to_string();
        let inner = err.into_inner();
        let place = if at == "." {
            String::new()
        } else {
            format!(" at {at}")
        };
        InputError(format!("{}: malformed{place}: {inner}", path.display()))
    })?;
    data.validate()
        .map_err(|err| InputError(format!("{}: {err}", path.display())))?;
    Ok(data)
}

/// The user a `--technician` names (an id or a name); refused when nobody here is.
pub fn technician_in(data: &DataSet, text: Option<&str>) -> Result<Option<UserId>, InputError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    data.find_user(text)
        .map(Some)
        .ok_or_else(|| InputError(format!("no user {text:?}: give a technician's name or id")))
}

pub async fn run(args: &PlanArgs, out: &mut impl Write) -> anyhow::Result<()> {
    check_range(args.from, args.to).map_err(InputError)?;
    let data = args.source.load().await?;
    let today = args.today.unwrap_or_else(crate::clock::today);
    let technician = technician_in(&data, args.technician.as_deref())?;
    let visits = rows(
        &data,
        args.from,
        args.to,
        today,
        technician,
        &Cancel::never(),
    )?;
    if args.csv {
        write_csv(&data, &visits, out)
    } else {
        serde_json::to_writer_pretty(&mut *out, &visits)?;
        writeln!(out)?;
        Ok(())
    }
}

fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn reason_code(reason: &Reason) -> String {
    match reason {
        Reason::Routine { tier } => format!("routine:{}", code(tier)),
        Reason::Extra { extra } => code(extra),
        Reason::Lifecycle { stage, months, .. } => format!("lifecycle:{}:{months}m", code(stage)),
        Reason::Event { event, .. } => format!("event:{}", code(event)),
    }
}

fn write_csv(data: &DataSet, rows: &[PlanRow], out: &mut impl Write) -> anyhow::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "due",
        "deadline",
        "customer",
        "customer_id",
        "technician",
        "region",
        "tier",
        "major_customer",
        "reasons",
        "method",
        "window_start",
        "window_end",
        "prepare_on",
        "status",
    ])?;
    for row in rows {
        let v = &row.visit;
        let reasons: Vec<String> = v.reasons.iter().map(reason_code).collect();
        csv.write_record([
            v.due.to_string(),
            v.deadline.map(|t| t.to_rfc3339()).unwrap_or_default(),
            row.customer_name.clone(),
            v.customer_id.to_string(),
            row.owner.map(|id| data.user_name(id)).unwrap_or_default(),
            row.region.clone(),
            v.tier.number().to_string(),
            v.major_customer.to_string(),
            reasons.join(" "),
            code(&v.method),
            v.window.earliest.to_string(),
            v.window.latest.to_string(),
            v.prepare_on.to_string(),
            code(&v.status),
        ])?;
    }
    csv.flush()?;
    Ok(())
}
