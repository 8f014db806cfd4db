//! `revisit-server demo`: writes the deterministic demo data set as a data file.
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// How many customers (about three installations each).
    #[arg(long, default_value_t = 300)]
    pub customers: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// The day the data is generated around (default: today).
    #[arg(long)]
    pub today: Option<NaiveDate>,
}

pub fn run(args: &DemoArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let today = args.today.unwrap_or_else(crate::clock::today);
    let data = revisit_core::demo::generate(args.customers, args.seed, today);
    serde_json::to_writer_pretty(&mut *out, &data)?;
    writeln!(out)?;
    Ok(())
}
