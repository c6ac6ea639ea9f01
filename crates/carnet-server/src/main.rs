//! `carnet-server --data DIR --listen ADDR`: the national-space sync gateway.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "carnet-server",
    version,
    about = "Carnet's national-space sync gateway"
)]
struct Args {
    /// Folder holding the gateway's database and document content.
    #[arg(long, env = "CARNET_SERVER_DATA")]
    data: PathBuf,
    /// Address to listen on (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: String,
    /// Address of the reverse proxy in front of the server: only its
    /// X-Forwarded-For header is believed for per-address limits.
    #[arg(long, env = "CARNET_SERVER_TRUSTED_PROXY")]
    trusted_proxy: Option<std::net::IpAddr>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Create a patient account; prints its id and a one-time pairing code.
    NewAccount {
        /// The account holder's name, as the people who help them will see it.
        #[arg(long, default_value = "Titulaire")]
        name: String,
    },
    /// A new one-time pairing code for an existing account.
    PairingCode { profile: String },
    /// Register a professional; prints their bearer token.
    AddProfessional {
        #[arg(long)]
        rpps: String,
        #[arg(long)]
        name: String,
    },
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let limits = carnet_server::Limits {
        trusted_proxy: args.trusted_proxy,
        ..Default::default()
    };
    let state = carnet_server::open_with(&args.data, limits)
        .with_context(|| format!("opening {}", args.data.display()))?;
    match args.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| "carnet_server=info".into()),
                )
                // Logs on stderr: stdout carries results ("listening on …",
                // pairing codes), which scripts and tests read.
                .with_writer(std::io::stderr)
                .init();
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(&args.listen)
                    .await
                    .with_context(|| format!("listening on {}", args.listen))?;
                tracing::info!(address = %listener.local_addr()?, "carnet-server listening");
                println!("listening on http://{}", listener.local_addr()?);
                carnet_server::serve(listener, state, async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
                Ok(())
            })
        }
        Command::NewAccount { name } => {
            let (id, code) = carnet_server::new_account(&state, &name)?;
            println!(
                "{}",
                serde_json::json!({ "profile_id": id, "pairing_code": code })
            );
            Ok(())
        }
        Command::PairingCode { profile } => {
            anyhow::ensure!(
                state.hub.storage().profile_exists(&profile)?,
                "no such account"
            );
            let (code, _) = carnet_server::issue_pairing_code(&state, &profile, None)?;
            println!("{code}");
            Ok(())
        }
        Command::AddProfessional { rpps, name } => {
            println!("{}", carnet_server::add_professional(&state, &rpps, &name)?);
            Ok(())
        }
    }
}
