//! Errors as the shell and the CLI see them: a stable code to branch on and a
//! sentence in the user's language.

use carnet_model::Lang;
use carnet_vault::Error as VaultError;
use serde::Serialize;

/// Stable error codes; the UI and scripts branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    WrongPassphrase,
    WeakPassphrase,
    NoAccess,
    NotFound,
    AlreadyExists,
    Invalid,
    Damaged,
    Busy,
    UnsupportedFile,
    TooLarge,
    DiskFull,
    Cancelled,
    DestinationNotEmpty,
    LastKeyHolder,
    Locked,
    NoVault,
    NoProfile,
    Io,
    Offline,
    ContentPending,
    NotPaired,
    InvalidCode,
    InvalidAddress,
    ServerError,
    NoRelay,
    RelayNotLinked,
    ShareQuota,
    /// The role on this profile does not allow it.
    NotAllowed,
    /// The owner withdrew this person's access (the copy was erased).
    AccessWithdrawn,
    Internal,
}

/// An error ready to show: `{code, message, field}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, ts_rs::TS)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The form field at fault, for validation errors.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Result of an API call.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with the standard message of its code.
    pub fn new(code: ErrorCode, lang: Lang) -> Self {
        Self {
            code,
            message: message(code, lang).to_string(),
            field: None,
        }
    }

    /// A value the user gave that the model refuses, next to its field.
    pub fn invalid(e: carnet_model::ValidationError, lang: Lang) -> Self {
        Self::from_vault(VaultError::Invalid(e), lang)
    }

    /// A file the user chose could not be read or written.
    pub fn io(e: std::io::Error, lang: Lang) -> Self {
        Self::from_vault(e.into(), lang)
    }

    /// Translates a vault error for the user.
    pub(crate) fn from_vault(err: VaultError, lang: Lang) -> Self {
        let code = match &err {
            VaultError::WrongPassphrase => ErrorCode::WrongPassphrase,
            VaultError::WeakPassphrase { .. } => ErrorCode::WeakPassphrase,
            VaultError::NoAccess => ErrorCode::NoAccess,
            VaultError::NotFound { what: "vault" } => ErrorCode::NoVault,
            VaultError::NotFound { .. } => ErrorCode::NotFound,
            VaultError::AlreadyExists { .. } => ErrorCode::AlreadyExists,
            VaultError::Invalid(e) => {
                return Self {
                    code: ErrorCode::Invalid,
                    // Shown next to the field: it need not name it.
                    message: e.short_message(lang),
                    field: Some(e.field.to_string()),
                };
            }
            VaultError::Damaged { .. } => ErrorCode::Damaged,
            VaultError::Altered(part) => {
                return Self {
                    code: ErrorCode::Damaged,
                    message: altered_message(*part, lang).to_string(),
                    field: None,
                };
            }
            VaultError::Busy => ErrorCode::Busy,
            VaultError::UnsupportedFile => ErrorCode::UnsupportedFile,
            VaultError::TooLarge { .. } => ErrorCode::TooLarge,
            VaultError::DiskFull => ErrorCode::DiskFull,
            VaultError::Cancelled => ErrorCode::Cancelled,
            VaultError::DestinationNotEmpty => ErrorCode::DestinationNotEmpty,
            VaultError::LastKeyHolder => ErrorCode::LastKeyHolder,
            VaultError::NotAllowed { .. } => ErrorCode::NotAllowed,
            VaultError::Io(_) => ErrorCode::Io,
            VaultError::ContentPending => ErrorCode::ContentPending,
            VaultError::SyncMessage(_) => ErrorCode::ServerError,
            _ => ErrorCode::Internal,
        };
        let mut api = Self::new(code, lang);
        match err {
            VaultError::WeakPassphrase { min } => {
                api.message = match lang {
                    Lang::Fr => format!(
                        "La phrase de passe est trop courte : il faut au moins {min} caractères."
                    ),
                    Lang::En => {
                        format!("The passphrase is too short: it needs at least {min} characters.")
                    }
                };
                api.field = Some("passphrase".into());
            }
            VaultError::TooLarge { max } => {
                let mib = max / (1024 * 1024);
                api.message = match lang {
                    Lang::Fr => format!("Ce fichier est trop gros : {mib} Mio au plus."),
                    Lang::En => format!("This file is too large: at most {mib} MiB."),
                };
            }
            _ => {}
        }
        api
    }
}

/// The sentence for each code. Plain words, what happened and what to do.
/// What to tell someone whose vault was changed outside Carnet: what, that
/// nothing was used or written, and what to do.
fn altered_message(part: carnet_vault::Altered, lang: Lang) -> &'static str {
    use carnet_vault::Altered;
    let (fr, en) = match part {
        Altered::VaultFile => (
            "Le fichier qui liste les membres et les profils de ce carnet a été modifié en dehors de Carnet. Par sécurité, rien n'a été ouvert ni enregistré. Restaurez une sauvegarde ou demandez de l'aide.",
            "The file listing this vault's members and profiles was changed outside Carnet. For safety, nothing was opened or saved. Restore a backup or ask for help.",
        ),
        Altered::KeyProtection => (
            "La protection de la clé de ce membre a été modifiée en dehors de Carnet. Par sécurité, rien n'a été ouvert. Restaurez une sauvegarde ou demandez de l'aide.",
            "This member's key protection was changed outside Carnet. For safety, nothing was opened. Restore a backup or ask for help.",
        ),
        Altered::ProfileDatabase => (
            "Les données de ce profil ont été remplacées en dehors de Carnet (elles appartiennent à un autre profil). Elles ne sont pas affichées. Restaurez une sauvegarde.",
            "This profile's data was replaced outside Carnet (it belongs to another profile). It is not shown. Restore a backup.",
        ),
        Altered::ProfileFolder => (
            "Le dossier de ce profil contient des raccourcis qui mènent hors du carnet. Par sécurité, il n'est pas ouvert. Restaurez une sauvegarde.",
            "This profile's folder holds links that lead outside the vault. For safety, it is not opened. Restore a backup.",
        ),
        Altered::Backup => (
            "Cette sauvegarde n'a pas été faite par un membre de ce carnet, ou elle a été modifiée (ou faite par une version trop ancienne de Carnet pour être vérifiée). Rien n'a été restauré.",
            "This backup was not made by a member of this vault, or it was altered (or made by a Carnet too old for it to be checked). Nothing was restored.",
        ),
        _ => return message(ErrorCode::Damaged, lang),
    };
    lang.pick(fr, en)
}

pub fn message(code: ErrorCode, lang: Lang) -> &'static str {
    let (fr, en) = match code {
        ErrorCode::WrongPassphrase => (
            "La phrase de passe n'est pas la bonne. Vérifiez les majuscules et réessayez.",
            "That passphrase is not the right one. Check capital letters and try again.",
        ),
        ErrorCode::WeakPassphrase => (
            "Cette phrase de passe est trop faible pour protéger des données de santé.",
            "This passphrase is too weak to protect health data.",
        ),
        ErrorCode::NoAccess => (
            "Vous n'avez pas accès à ce profil. Demandez à une personne qui y a accès de vous l'ouvrir.",
            "You do not have access to this profile. Ask someone who has access to share it with you.",
        ),
        ErrorCode::NotFound => ("Élément introuvable : il a peut-être été supprimé.", "Item not found: it may have been deleted."),
        ErrorCode::AlreadyExists => ("Cet élément existe déjà.", "This item already exists."),
        ErrorCode::Invalid => ("Certaines informations ne sont pas valides.", "Some information is not valid."),
        ErrorCode::Damaged => (
            "Des données sont endommagées ou ont été modifiées : elles ne sont pas affichées. Restaurez une sauvegarde.",
            "Some data is damaged or was altered: it is not shown. Restore a backup.",
        ),
        ErrorCode::Busy => (
            "Le carnet est déjà ouvert dans un autre programme. Fermez-le puis réessayez.",
            "The vault is already open in another program. Close it and try again.",
        ),
        ErrorCode::UnsupportedFile => (
            "Ce type de fichier n'est pas accepté. Formats possibles : PDF, images, texte.",
            "This type of file is not accepted. Possible formats: PDF, images, text.",
        ),
        ErrorCode::TooLarge => ("Ce fichier est trop gros.", "This file is too large."),
        ErrorCode::DiskFull => (
            "Le disque est plein : rien n'a été enregistré. Libérez de la place puis réessayez.",
            "The disk is full: nothing was saved. Free some space and try again.",
        ),
        ErrorCode::Cancelled => ("Opération annulée : rien n'a été enregistré.", "Cancelled: nothing was saved."),
        ErrorCode::DestinationNotEmpty => (
            "Le dossier choisi n'est pas vide. Choisissez un dossier vide.",
            "The chosen folder is not empty. Choose an empty folder.",
        ),
        ErrorCode::LastKeyHolder => (
            "Impossible : plus personne ne pourrait ouvrir ce profil.",
            "Not possible: nobody would be able to open this profile any more.",
        ),
        ErrorCode::Locked => ("Le carnet est verrouillé. Déverrouillez-le d'abord.", "The vault is locked. Unlock it first."),
        ErrorCode::NoVault => (
            "Aucun carnet n'existe encore à cet endroit. Créez-en un.",
            "There is no vault here yet. Create one.",
        ),
        ErrorCode::NoProfile => ("Choisissez d'abord un profil.", "Choose a profile first."),
        ErrorCode::Io => (
            "Un fichier n'a pas pu être lu ou écrit. Vérifiez le disque et réessayez.",
            "A file could not be read or written. Check the disk and try again.",
        ),
        ErrorCode::Offline => (
            "Le serveur ne répond pas (pas de connexion ?). Vos modifications sont gardées ici et partiront à la prochaine synchronisation.",
            "The server does not answer (no connection?). Your changes are kept here and will be sent at the next sync.",
        ),
        ErrorCode::ContentPending => (
            "Ce document n'est pas encore arrivé sur cet appareil. Synchronisez pour le recevoir.",
            "This document has not reached this device yet. Sync to receive it.",
        ),
        ErrorCode::NotPaired => (
            "Cet appareil n'est pas (ou plus) relié à Mon espace santé. Reliez-le avec un nouveau code.",
            "This device is not (or no longer) linked to the national health space. Link it with a new code.",
        ),
        ErrorCode::InvalidCode => (
            "Ce code n'est pas valable : il a peut-être expiré ou déjà servi. Demandez un nouveau code.",
            "This code is not valid: it may have expired or been used already. Ask for a new code.",
        ),
        ErrorCode::InvalidAddress => (
            "Cette adresse de serveur n'est pas valable. Exemple : https://passerelle.exemple.fr",
            "This server address is not valid. Example: https://gateway.example.org",
        ),
        ErrorCode::ServerError => (
            "Le serveur a refusé ou n'a pas pu traiter la demande. Réessayez plus tard : rien n'est perdu.",
            "The server refused or could not handle the request. Try again later: nothing is lost.",
        ),
        ErrorCode::NoRelay => (
            "Aucune adresse de relais n'est réglée pour les liens de partage. Indiquez-la dans les réglages.",
            "No relay address is set for share links. Set it in the settings.",
        ),
        ErrorCode::RelayNotLinked => (
            "Ce serveur de partage ne connaît pas cet ordinateur. Dans Réglages, rubrique « Partage de liens », indiquez son adresse avec le code d'accès donné par le serveur (ou reliez ce profil à Mon espace santé).",
            "This share server does not know this computer. In Settings, under “Share links”, enter its address with the access code the server gave you (or link this profile to the national health space).",
        ),
        ErrorCode::ShareQuota => (
            "Vos liens de partage occupent déjà toute la place que ce serveur vous réserve. Retirez un lien dont vous n'avez plus besoin, ou attendez qu'il expire, puis réessayez.",
            "Your share links already use all the space this server keeps for you. Withdraw a link you no longer need, or wait for one to expire, then try again.",
        ),
        ErrorCode::NotAllowed => (
            "Votre rôle sur ce profil ne permet pas de faire cela. Demandez à la personne titulaire du profil.",
            "Your role on this profile does not allow this. Ask the profile's owner.",
        ),
        ErrorCode::AccessWithdrawn => (
            "L'accès à ce profil vous a été retiré. Sa copie a été effacée de cet ordinateur.",
            "Your access to this profile was withdrawn. Its copy was erased from this computer.",
        ),
        ErrorCode::Internal => ("Une erreur inattendue s'est produite.", "An unexpected error happened."),
    };
    lang.pick(fr, en)
}
