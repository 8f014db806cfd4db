//! `revisit-server tls init`: HTTPS on a company LAN with no public domain (see
//! `tls::local_ca`). Prints where the files are, the authority's fingerprint, and
//! what to do next.
use super::InputError;
use crate::tls::local_ca::{LocalCa, Names};
use clap::{Args, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Subcommand)]
pub enum TlsCommand {
    /// Make the local certificate authority (once) and a server certificate for these
    /// names and addresses; run again to change them (phones keep trusting the authority).
    Init(TlsInitArgs),
}

#[derive(Debug, Clone, Args)]
pub struct TlsInitArgs {
    /// A name phones reach the server by (e.g. revisit.factory.lan); repeatable.
    #[arg(long = "name")]
    pub names: Vec<String>,
    /// An address phones reach the server at (e.g. 192.168.1.10); repeatable.
    #[arg(long = "ip")]
    pub ips: Vec<IpAddr>,
    /// Where the server's data is: the files go to `<data-dir>/tls/`.
    #[arg(long, env = "REVISIT_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
}

pub fn run(command: TlsCommand) -> anyhow::Result<()> {
    match command {
        TlsCommand::Init(args) => {
            let names = Names {
                names: args
                    .names
                    .iter()
                    .map(|n| n.trim().to_ascii_lowercase())
                    .collect(),
                ips: args.ips,
            };
            let ca = LocalCa::in_data_dir(&args.data_dir);
            let made = ca
                .init(&names)
                .map_err(|err| InputError(format!("{err:#}")))?;
            if made.ca_created {
                println!("made a certificate authority: {}", ca.ca_cert().display());
            } else {
                println!("kept the certificate authority: {}", ca.ca_cert().display());
            }
            println!("server certificate: {}", made.server_cert.display());
            println!("authority's SHA-256 fingerprint: {}", made.ca_fingerprint);
            if let Some(url) = names.https_url(443) {
                println!("next: start the server (it serves this certificate), then open {url}/ca");
                println!("      on each phone to install the authority (docs/deploy.md)");
            }
            Ok(())
        }
    }
}
