//! `carnet`: the command line over carnet-api. Scriptable: `--json` output,
//! passphrases from a file descriptor or the environment, one exit code per
//! kind of error.

mod args;
mod build;
mod conflicts;
mod demo;
mod people;
mod run;
mod secrets;
mod share;
mod sync;

use std::process::ExitCode;

use carnet_api::{ApiError, ErrorCode};
use carnet_model::Lang;
use clap::Parser;

/// Exit codes, stable for scripts.
fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::WrongPassphrase => 3,
        ErrorCode::NotFound | ErrorCode::NoVault | ErrorCode::NoProfile => 4,
        ErrorCode::Invalid
        | ErrorCode::WeakPassphrase
        | ErrorCode::UnsupportedFile
        | ErrorCode::TooLarge
        | ErrorCode::AlreadyExists
        | ErrorCode::DestinationNotEmpty
        | ErrorCode::LastKeyHolder
        | ErrorCode::InvalidCode
        | ErrorCode::InvalidAddress => 5,
        ErrorCode::Damaged => 6,
        ErrorCode::Busy => 7,
        ErrorCode::DiskFull | ErrorCode::Io => 8,
        ErrorCode::NoAccess | ErrorCode::Locked => 9,
        ErrorCode::Cancelled => 10,
        ErrorCode::Offline | ErrorCode::ServerError | ErrorCode::ShareQuota => 11,
        ErrorCode::NotPaired
        | ErrorCode::ContentPending
        | ErrorCode::NoRelay
        | ErrorCode::RelayNotLinked => 12,
        ErrorCode::NotAllowed => 13,
        ErrorCode::AccessWithdrawn => 14,
        _ => 1,
    }
}

fn main() -> ExitCode {
    // Before anything runs: a panic message could quote data being processed.
    carnet_api::install_redacting_panic_hook();
    let cli = args::Cli::parse();
    let lang = match cli.lang.as_deref() {
        Some(l) => Lang::from_locale(l),
        None => Lang::from_locale(
            &std::env::var("LC_ALL")
                .or_else(|_| std::env::var("LANG"))
                .unwrap_or_default(),
        ),
    };
    let json = cli.json;
    match run::run(cli, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err, json, lang);
            ExitCode::from(exit_code(err.code))
        }
    }
}

fn report(err: &ApiError, json: bool, lang: Lang) {
    if json {
        eprintln!("{}", serde_json::json!({ "error": err }));
    } else {
        // Name the option at fault, as the user typed it.
        let option = err
            .field
            .as_ref()
            .map(|f| format!(" (--{})", f.replace('_', "-")))
            .unwrap_or_default();
        let label = lang.pick("Erreur", "Error");
        let colon = lang.pick(" :", ":");
        eprintln!("{label}{option}{colon} {}", err.message);
    }
}
