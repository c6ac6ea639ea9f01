//! Reading passphrases: from a file descriptor, an environment variable (for
//! tests and scripts), or a hidden prompt.

use std::io::{BufRead, BufReader, IsTerminal};

use carnet_api::Secret as SecretString;
use carnet_api::{ApiError, ErrorCode};
use carnet_model::Lang;
use zeroize::Zeroizing;

fn from_fd(fd: u32) -> std::io::Result<SecretString> {
    // /proc/self/fd avoids taking ownership of a raw descriptor (no unsafe).
    let file = std::fs::File::open(format!("/proc/self/fd/{fd}"))?;
    let mut line = Zeroizing::new(String::new());
    BufReader::new(file).read_line(&mut line)?;
    Ok(SecretString::from(
        line.trim_end_matches(['\n', '\r']).to_string(),
    ))
}

/// No passphrase could be read: names the variable this command reads
/// (`CARNET_PASSPHRASE` to unlock, `CARNET_NEW_PASSPHRASE` for a new one).
fn missing(variable: &str, lang: Lang) -> ApiError {
    let message = match lang {
        Lang::Fr => format!(
            "Aucune phrase de passe fournie (utilisez --passphrase-fd, la variable {variable} ou un terminal)."
        ),
        Lang::En => format!(
            "No passphrase given (use --passphrase-fd, the {variable} variable or a terminal)."
        ),
    };
    ApiError {
        code: ErrorCode::Invalid,
        message,
        field: Some("passphrase".into()),
    }
}

fn io_error(e: std::io::Error, lang: Lang) -> ApiError {
    ApiError::io(e, lang)
}

/// The passphrase of the member who unlocks.
pub fn current(fd: Option<u32>, lang: Lang) -> Result<SecretString, ApiError> {
    if let Some(fd) = fd {
        return from_fd(fd).map_err(|e| io_error(e, lang));
    }
    if let Ok(p) = std::env::var("CARNET_PASSPHRASE") {
        return Ok(SecretString::from(p));
    }
    if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password(lang.pick("Phrase de passe : ", "Passphrase: "))
            .map_err(|e| io_error(e, lang))?;
        return Ok(SecretString::from(p));
    }
    Err(missing("CARNET_PASSPHRASE", lang))
}

/// A new passphrase, typed twice at a prompt.
pub fn new(fd: Option<u32>, lang: Lang) -> Result<SecretString, ApiError> {
    if let Some(fd) = fd {
        return from_fd(fd).map_err(|e| io_error(e, lang));
    }
    if let Ok(p) = std::env::var("CARNET_NEW_PASSPHRASE") {
        return Ok(SecretString::from(p));
    }
    if std::io::stdin().is_terminal() {
        eprintln!(
            "{}",
            lang.pick(
                "Choisissez une phrase de passe d'au moins 8 caractères. Attention : si vous l'oubliez, personne ne pourra retrouver vos données.",
                "Choose a passphrase of at least 8 characters. Warning: if you forget it, nobody can recover your data."
            )
        );
        let first = Zeroizing::new(
            rpassword::prompt_password(
                lang.pick("Nouvelle phrase de passe : ", "New passphrase: "),
            )
            .map_err(|e| io_error(e, lang))?,
        );
        let second = Zeroizing::new(
            rpassword::prompt_password(lang.pick("Confirmez : ", "Confirm: "))
                .map_err(|e| io_error(e, lang))?,
        );
        if *first != *second {
            return Err(ApiError {
                code: ErrorCode::Invalid,
                message: lang
                    .pick(
                        "Les deux phrases de passe sont différentes.",
                        "The two passphrases differ.",
                    )
                    .to_string(),
                field: Some("passphrase".into()),
            });
        }
        return Ok(SecretString::from(first.to_string()));
    }
    Err(missing("CARNET_NEW_PASSPHRASE", lang))
}
