//! Text output of `carnet sync`, `carnet activity`, `carnet access`.

use std::io::{IsTerminal, Write};

use carnet_api::{
    AccessAction, AccessEntry, ActivityItem, AllowedBecause, AllowedProfessional, ApiError,
    ApiResult, ErrorCode, LinkedOutcome, LinkedSync, SyncProgress, SyncReport, SyncStatus,
};
use carnet_model::Lang;

pub fn status_text(s: &SyncStatus, lang: Lang) -> String {
    match (s.paired, &s.server, s.last_sync) {
        (false, _, _) => lang
            .pick(
                "Ce profil n'est pas relié à Mon espace santé (« carnet pair »).",
                "This profile is not linked to the national health space (\"carnet pair\").",
            )
            .to_string(),
        (true, server, last) => {
            let server = server.as_deref().unwrap_or("");
            let last = last
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%d/%m/%Y %H:%M")
                        .to_string()
                })
                .unwrap_or_else(|| lang.pick("jamais", "never").to_string());
            match lang {
                Lang::Fr => format!(
                    "Relié à {server}. Dernière synchronisation : {last}. Documents à recevoir : {}.",
                    s.pending_documents
                ),
                Lang::En => format!(
                    "Linked to {server}. Last sync: {last}. Documents to receive: {}.",
                    s.pending_documents
                ),
            }
        }
    }
}

pub fn report_text(r: &SyncReport, lang: Lang) -> String {
    let mut text = match lang {
        Lang::Fr => format!(
            "Synchronisé : {} élément(s) reçu(s), {} document(s) envoyé(s), {} reçu(s).",
            r.records_changed + r.documents_changed,
            r.uploaded,
            r.downloaded
        ),
        Lang::En => format!(
            "Synced: {} item(s) received, {} document(s) sent, {} received.",
            r.records_changed + r.documents_changed,
            r.uploaded,
            r.downloaded
        ),
    };
    if r.still_missing > 0 {
        text.push(' ');
        text.push_str(&match lang {
            Lang::Fr => format!("{} document(s) pas encore disponible(s).", r.still_missing),
            Lang::En => format!("{} document(s) not available yet.", r.still_missing),
        });
    }
    text
}

/// One line per linked profile after `carnet sync --all`.
pub fn linked_text(linked: &[LinkedSync], lang: Lang) -> String {
    if linked.is_empty() {
        return lang
            .pick(
                "Aucun profil n'est relié à l'espace national.",
                "No profile is linked to the national space.",
            )
            .to_string();
    }
    let lines: Vec<String> = linked
        .iter()
        .map(|l| {
            let how = match (l.outcome, &l.message) {
                (_, Some(message)) => message.clone(),
                (LinkedOutcome::Unchanged, None) => {
                    lang.pick("rien de nouveau", "nothing new").into()
                }
                (_, None) => lang.pick("synchronisé", "synced").into(),
            };
            let news = match (lang, l.unseen_activity) {
                (_, 0) => String::new(),
                (Lang::Fr, 1) => " (1 nouveauté : carnet activity)".into(),
                (Lang::Fr, n) => format!(" ({n} nouveautés : carnet activity)"),
                (Lang::En, n) => format!(" ({n} new: carnet activity)"),
            };
            format!("{} : {how}{news}", l.name)
        })
        .collect();
    lines.join("\n")
}

/// `carnet sync --all` fails (after printing every profile) when one could
/// not sync: the exit code says offline or a server error.
pub fn linked_failure(linked: &[LinkedSync], lang: Lang) -> ApiResult<()> {
    let code = if linked.iter().any(|l| l.outcome == LinkedOutcome::Failed) {
        ErrorCode::ServerError
    } else if linked.iter().any(|l| l.outcome == LinkedOutcome::Offline) {
        ErrorCode::Offline
    } else {
        return Ok(());
    };
    Err(ApiError::new(code, lang))
}

pub fn activity_text(items: &[ActivityItem], lang: Lang) -> String {
    if items.is_empty() {
        return lang.pick("Rien de nouveau.", "Nothing new.").to_string();
    }
    items
        .iter()
        .map(|i| {
            let at = i.at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M");
            format!("{at}  {}", i.text)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn access_text(entries: &[AccessEntry], lang: Lang) -> String {
    if entries.is_empty() {
        return lang
            .pick("Aucune consultation enregistrée.", "No access recorded.")
            .to_string();
    }
    entries
        .iter()
        .map(|e| {
            let what = match e.action {
                AccessAction::ReadRecord => lang.pick("a consulté le dossier", "viewed the record"),
                AccessAction::ReadDocument => {
                    lang.pick("a ouvert un document", "opened a document")
                }
                AccessAction::DocumentUnavailable => lang.pick(
                    "a demandé un document masqué ou absent (rien ne lui a été montré)",
                    "asked for a hidden or missing document (nothing was shown)",
                ),
                AccessAction::Deposit => lang.pick("a déposé un élément", "added an item"),
                AccessAction::Refused => lang.pick(
                    "a demandé à consulter le dossier sans votre autorisation (refusé, rien ne lui a été montré)",
                    "asked to view the record without your authorisation (refused, nothing was shown)",
                ),
            };
            format!(
                "{}  {} (RPPS {})  {}",
                e.at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M"),
                e.name,
                e.rpps,
                what
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Progress on stderr when it is a terminal and the output is not JSON.
pub fn professionals_text(list: &[AllowedProfessional], lang: Lang) -> String {
    if list.is_empty() {
        return lang
            .pick(
                "Aucun professionnel ne peut consulter le dossier par Mon espace santé.",
                "No professional may view the record through the national health space.",
            )
            .to_string();
    }
    list.iter()
        .map(|p| {
            let name = p
                .name
                .as_deref()
                .unwrap_or(lang.pick("(nom inconnu)", "(name unknown)"));
            let why = match p.because {
                AllowedBecause::Patient => lang.pick("autorisé par vous", "authorised by you"),
                AllowedBecause::Deposit => lang.pick(
                    "a déposé un document pour vous",
                    "deposited a document for you",
                ),
            };
            format!(
                "{}  {} (RPPS {})  {}",
                p.since.with_timezone(&chrono::Local).format("%d/%m/%Y"),
                name,
                p.rpps,
                why
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn progress_printer(json: bool) -> impl FnMut(&SyncProgress) {
    let show = !json && std::io::stderr().is_terminal();
    move |p: &SyncProgress| {
        if show {
            let mut err = std::io::stderr();
            let _ = write!(
                err,
                "\r{:?} {}/{}  ↑{} Kio ↓{} Kio   ",
                p.phase,
                p.items_done,
                p.items_total,
                p.bytes_sent / 1024,
                p.bytes_received / 1024
            );
            let _ = err.flush();
        }
    }
}
