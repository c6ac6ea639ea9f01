//! `carnet share create|list|revoke|log`.

use carnet_api::{
    AccessOutcome, ApiError, ApiResult, Carnet, ErrorCode, ShareProfessional, ShareRequest,
    ShareState, ShareSummary,
};
use carnet_model::{Lang, Problem, RecordKind, ValidationError};

use crate::args::ShareCommand;
use crate::run::Out;

pub fn run(cmd: &ShareCommand, carnet: &mut Carnet, json: bool) -> ApiResult<()> {
    let lang = carnet.lang();
    let out = Out { json };
    match cmd {
        ShareCommand::Create {
            to,
            specialty,
            rpps,
            email,
            all,
            kind,
            records,
            documents,
            all_documents,
            expires,
            opens,
            view_once,
            pin,
            relay,
            relay_code,
        } => {
            if let (Some(relay), Some(code)) = (relay, relay_code) {
                carnet.set_share_relay(relay, code, "Carnet")?;
            }
            let kinds = kind
                .iter()
                .map(|k| RecordKind::parse("kind", k))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| invalid(e, lang))?;
            let mut record_ids = records.clone();
            for record in carnet.records(None)? {
                if *all || kinds.contains(&record.body.kind()) {
                    record_ids.push(record.id);
                }
            }
            let mut document_ids = documents.clone();
            if *all || *all_documents {
                document_ids.extend(carnet.documents()?.into_iter().map(|d| d.id));
            }
            let request = ShareRequest {
                record_ids,
                document_ids,
                professional: ShareProfessional {
                    name: to.clone(),
                    specialty: specialty.clone(),
                    rpps: rpps.clone(),
                    email: email.clone(),
                },
                expires_in_hours: parse_expiry(expires).ok_or_else(|| {
                    invalid(
                        ValidationError::new(
                            "expires",
                            Problem::OutOfRange {
                                min: 1.0,
                                max: 720.0,
                            },
                        ),
                        lang,
                    )
                })?,
                max_opens: if *view_once { Some(1) } else { *opens },
                pin: pin.clone(),
            };
            let share = carnet.create_share(request)?;
            out.show(&share, || created_text(&share, lang));
        }
        ShareCommand::List => {
            let shares = carnet.shares()?;
            out.show(&shares, || list_text(&shares, lang));
        }
        ShareCommand::Revoke { id } => {
            let share = carnet.revoke_share(id)?;
            out.show(&share, || {
                lang.pick(
                    "Accès retiré : le lien ne fonctionne plus.",
                    "Access withdrawn: the link no longer works.",
                )
                .to_string()
            });
        }
        ShareCommand::Log { id } => {
            let details = carnet.refresh_share(id)?;
            out.show(&details, || {
                let mut lines = vec![line(&details.share, lang)];
                if details.accesses.is_empty() {
                    lines.push(lang.pick("  Jamais ouvert.", "  Never opened.").to_string());
                }
                for a in &details.accesses {
                    let at = local(a.at);
                    let what = match a.outcome {
                        AccessOutcome::Opened => lang.pick("ouvert", "opened"),
                        AccessOutcome::WrongPin => lang.pick("code erroné", "wrong PIN"),
                    };
                    lines.push(format!("  {at}  {what}  ({})", a.client));
                }
                lines.join("\n")
            });
        }
    }
    Ok(())
}

fn invalid(e: ValidationError, lang: Lang) -> ApiError {
    ApiError {
        code: ErrorCode::Invalid,
        message: e.message(lang),
        field: Some(e.field.to_string()),
    }
}

/// `36h`, `7d`, or a bare number of hours.
fn parse_expiry(text: &str) -> Option<u32> {
    let text = text.trim().to_ascii_lowercase();
    let (number, factor) = match text.strip_suffix('d').or_else(|| text.strip_suffix('j')) {
        Some(days) => (days, 24),
        None => (text.strip_suffix('h').unwrap_or(&text), 1),
    };
    number.trim().parse::<u32>().ok()?.checked_mul(factor)
}

fn local(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

fn state_word(state: ShareState, lang: Lang) -> &'static str {
    match state {
        ShareState::Active => lang.pick("actif", "active"),
        ShareState::Expired => lang.pick("expiré", "expired"),
        ShareState::Exhausted => lang.pick("toutes les ouvertures utilisées", "all opens used"),
        ShareState::Revoked => lang.pick("retiré", "withdrawn"),
        ShareState::Locked => {
            lang.pick("bloqué (code erroné 5 fois)", "blocked (wrong PIN 5 times)")
        }
    }
}

fn opens_text(s: &ShareSummary, lang: Lang) -> String {
    match (s.max_opens, lang) {
        (Some(max), Lang::Fr) => format!("{} ouverture(s) sur {max}", s.opens),
        (Some(max), Lang::En) => format!("{} of {max} open(s)", s.opens),
        (None, Lang::Fr) => format!("{} ouverture(s)", s.opens),
        (None, Lang::En) => format!("{} open(s)", s.opens),
    }
}

fn line(s: &ShareSummary, lang: Lang) -> String {
    format!(
        "{}  {} ({})  {}  {}  {} {}",
        s.id,
        s.professional.name,
        s.professional.specialty,
        state_word(s.state, lang),
        opens_text(s, lang),
        lang.pick("expire le", "expires"),
        local(s.expires_at)
    )
}

fn list_text(shares: &[ShareSummary], lang: Lang) -> String {
    if shares.is_empty() {
        return lang.pick("Aucun partage.", "No shares.").to_string();
    }
    shares
        .iter()
        .map(|s| line(s, lang))
        .collect::<Vec<_>>()
        .join("\n")
}

fn created_text(s: &ShareSummary, lang: Lang) -> String {
    let link = s.link.as_deref().unwrap_or_default();
    let pin = if s.has_pin {
        lang.pick(
            "\nDonnez le code au professionnel de vive voix, pas avec le lien.",
            "\nTell the professional the PIN in person, not with the link.",
        )
    } else {
        ""
    };
    match lang {
        Lang::Fr => format!(
            "Lien pour {} ({} élément(s), {} document(s)), valable jusqu'au {} :\n{link}{pin}",
            s.professional.name,
            s.record_count,
            s.document_count,
            local(s.expires_at)
        ),
        Lang::En => format!(
            "Link for {} ({} item(s), {} document(s)), valid until {}:\n{link}{pin}",
            s.professional.name,
            s.record_count,
            s.document_count,
            local(s.expires_at)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_expiry;

    #[test]
    fn expiry_reads_hours_and_days() {
        assert_eq!(parse_expiry("7d"), Some(168));
        assert_eq!(parse_expiry("2j"), Some(48));
        assert_eq!(parse_expiry("36h"), Some(36));
        assert_eq!(parse_expiry("12"), Some(12));
        assert_eq!(parse_expiry("soon"), None);
    }
}
