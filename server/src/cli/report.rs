//! `revisit-server report`: the satisfaction or visit analysis report of the
//! server's database (or of a data file), as JSON.
use super::InputError;
use crate::report::{compute, Kind};
use chrono::NaiveDate;
use clap::Args;
use revisit_core::cancel::Cancel;
use revisit_core::report::{Period, Scope};
use revisit_core::tier::Tier;
use std::io::Write;

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Which report: satisfaction (满意度测量), analysis (回访分析) or ledger (回访台账).
    #[arg(value_enum)]
    pub kind: Kind,
    #[command(flatten)]
    pub source: super::Source,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long)]
    pub from: NaiveDate,
    /// Last day of the period (YYYY-MM-DD).
    #[arg(long)]
    pub to: NaiveDate,
    /// Only customers of this tier: strategic, key or general.
    #[arg(long, value_parser = parse_tier)]
    pub tier: Option<Tier>,
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long)]
    pub product_line: Option<String>,
    /// Only the customers this technician (负责人) is responsible for.
    #[arg(long)]
    pub technician: Option<String>,
}

fn parse_tier(text: &str) -> Result<Tier, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| format!("{text:?} is not a tier: strategic, key or general"))
}

pub async fn run(args: &ReportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let period = Period::new(args.from, args.to).map_err(|err| InputError(err.to_string()))?;
    let data = args.source.load().await?;
    let scope = Scope {
        tier: args.tier,
        region: args.region.clone(),
        product_line: args.product_line.clone(),
        technician: super::plan::technician_in(&data, args.technician.as_deref())?,
    };
    let report = compute(
        &data,
        args.kind,
        period,
        &scope,
        crate::clock::now(),
        &Cancel::never(),
    )?;
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}
