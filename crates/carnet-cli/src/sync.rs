//! Text output of `carnet sync`, `carnet access`.

use std::io::{IsTerminal, Write};

use carnet_api::{
    AccessAction, AccessEntry, AllowedBecause, AllowedProfessional, SyncProgress, SyncReport,
    SyncStatus,
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
