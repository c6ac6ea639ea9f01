//! `carnet invite …` and `carnet people …`: who can open the profile from
//! other computers, and the owner's invitations.

use carnet_api::{
    ApiError, ApiResult, Carnet, CreatedInvitation, ErrorCode, Invitation, InvitationPreview,
    Joined, Keep, People, PeopleHistoryEntry, ProfileSummary, Role, SyncReport,
};
use carnet_model::Lang;

use crate::args::{InviteCommand, PeopleCommand};
use crate::run::Out;
use crate::sync;

/// Hours of `48h`, `2d` or a bare number of hours.
fn hours(text: &str, lang: Lang) -> ApiResult<i64> {
    let text = text.trim().to_ascii_lowercase();
    let parsed = if let Some(days) = text.strip_suffix('d').or(text.strip_suffix('j')) {
        days.trim().parse::<i64>().ok().map(|d| d * 24)
    } else {
        text.trim_end_matches('h').trim().parse::<i64>().ok()
    };
    parsed.filter(|h| (1..=7 * 24).contains(h)).ok_or(ApiError {
        code: ErrorCode::Invalid,
        message: lang
            .pick(
                "Durée non valable : écrivez par exemple 48h ou 2d (7 jours au plus).",
                "Not a valid duration: write for example 48h or 2d (7 days at most).",
            )
            .to_string(),
        field: Some("valid".into()),
    })
}

fn role(text: &str, lang: Lang) -> ApiResult<Role> {
    Role::parse(text).map_err(|e| ApiError::invalid(e, lang))
}

use carnet_api::role_name as role_text;

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

pub fn invite(cmd: &InviteCommand, carnet: &mut Carnet, out: &Out) -> ApiResult<()> {
    let lang = carnet.lang();
    match cmd {
        InviteCommand::Create {
            name,
            role: r,
            valid,
        } => {
            let created = carnet.invite(name, role(r, lang)?, hours(valid, lang)?)?;
            out.show(&created, || created_text(&created, lang));
        }
        InviteCommand::List => {
            let list = carnet.invitations()?;
            out.show(&list, || invitations_text(&list, lang));
        }
        InviteCommand::Cancel { id } => {
            carnet.cancel_invitation(id)?;
            out.show(&serde_json::json!({ "ok": true }), || {
                lang.pick("Invitation annulée.", "Invitation cancelled.")
                    .to_string()
            });
        }
        InviteCommand::Accept { .. } | InviteCommand::Show { .. } => {
            unreachable!("read before a profile is opened")
        }
    }
    Ok(())
}

fn created_text(c: &CreatedInvitation, lang: Lang) -> String {
    let i = &c.invitation;
    match lang {
        Lang::Fr => format!(
            "Code d'invitation pour {} ({}) : {}\nValable jusqu'au {}, une seule fois. Donnez-le à {} par téléphone ou sur papier.",
            i.name, role_text(i.role, lang), c.code, when(i.expires_at), i.name
        ),
        Lang::En => format!(
            "Invitation code for {} ({}): {}\nValid until {}, once. Give it to {} by phone or on paper.",
            i.name, role_text(i.role, lang), c.code, when(i.expires_at), i.name
        ),
    }
}

fn invitations_text(list: &[Invitation], lang: Lang) -> String {
    if list.is_empty() {
        return lang
            .pick("Aucune invitation en attente.", "No pending invitation.")
            .to_string();
    }
    list.iter()
        .map(|i| {
            format!(
                "{}  {} ({}) — {} {}",
                i.id,
                i.name,
                role_text(i.role, lang),
                lang.pick("valable jusqu'au", "valid until"),
                when(i.expires_at)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn preview_text(p: &InvitationPreview, lang: Lang) -> String {
    let mut lines = vec![match lang {
        Lang::Fr => format!(
            "{} invite {} à ouvrir le profil « {} » ({}), jusqu'au {}.",
            p.invited_by,
            p.name,
            p.profile_name,
            role_text(p.role, lang),
            when(p.expires_at)
        ),
        Lang::En => format!(
            "{} invites {} to open the profile “{}” ({}), until {}.",
            p.invited_by,
            p.name,
            p.profile_name,
            role_text(p.role, lang),
            when(p.expires_at)
        ),
    }];
    if p.role == Role::Owner {
        lines.push(
            lang.pick(
                "Vous devenez titulaire de votre profil. Ces personnes peuvent l'ouvrir aujourd'hui ; choisissez qui garde l'accès (--keep ID=aidant ou ID=lecture-seule, ou --keep-none) :",
                "You become the owner of your profile. These people can open it today; choose who keeps access (--keep ID=caregiver or ID=read-only, or --keep-none):",
            )
            .to_string(),
        );
        for person in &p.people {
            lines.push(format!(
                "{}  {} — {}",
                person.id,
                person.name,
                role_text(person.role, lang)
            ));
        }
    }
    lines.join("\n")
}

/// Who a young adult becoming owner keeps, from `--keep ID=ROLE`; an owner's
/// invitation with people to settle needs `--keep` or `--keep-none`, so
/// nobody loses access by omission.
pub fn choices(
    carnet: &mut Carnet,
    server: &str,
    code: &str,
    keep: &[String],
    keep_none: bool,
) -> ApiResult<Vec<Keep>> {
    let lang = carnet.lang();
    let invalid = |fr: &str, en: &str| ApiError {
        code: ErrorCode::Invalid,
        message: lang.pick(fr, en).to_string(),
        field: Some("keep".into()),
    };
    let chosen = keep
        .iter()
        .map(|k| {
            let (person, r) = k.split_once('=').ok_or_else(|| {
                invalid(
                    "Écrivez --keep ID=aidant ou --keep ID=lecture-seule.",
                    "Write --keep ID=caregiver or --keep ID=read-only.",
                )
            })?;
            let role = match r.trim().to_lowercase().as_str() {
                "aidant" => Role::Caregiver,
                "lecture-seule" | "lecture_seule" => Role::ReadOnly,
                other => role(other, lang)?,
            };
            if !role.kept_by_a_new_owner() {
                return Err(invalid(
                    "Une personne gardée l'est comme aidant ou en lecture seule.",
                    "Someone kept stays as caregiver or read-only.",
                ));
            }
            Ok(Keep {
                person: person.trim().to_string(),
                role,
            })
        })
        .collect::<ApiResult<Vec<Keep>>>()?;
    if chosen.is_empty() && !keep_none {
        let preview = carnet.preview_invitation(server, code)?;
        if preview.role == Role::Owner && !preview.people.is_empty() {
            return Err(ApiError {
                message: preview_text(&preview, lang),
                ..invalid("", "")
            });
        }
    }
    Ok(chosen)
}

/// A profile that came into this vault (paired or joined), and its first sync.
pub fn added_text(p: &ProfileSummary, report: &SyncReport, lang: Lang) -> String {
    let name = p.info.as_ref().map(|i| i.name.as_str()).unwrap_or("");
    format!(
        "{}\n{}",
        match lang {
            Lang::Fr => format!("Profil « {name} » ajouté à ce carnet."),
            Lang::En => format!("Profile “{name}” added to this vault."),
        },
        sync::report_text(report, lang)
    )
}

/// A joined profile; for a new owner, who kept access and who lost it.
pub fn joined_text(joined: &Joined, report: &SyncReport, lang: Lang) -> String {
    let mut lines = vec![added_text(&joined.profile, report, lang)];
    if joined.role == Role::Owner {
        lines.push(
            lang.pick(
                "Vous en êtes maintenant titulaire.",
                "You are now its owner.",
            )
            .to_string(),
        );
        for k in &joined.kept {
            lines.push(match lang {
                Lang::Fr => format!("{} garde l'accès ({}).", k.name, role_text(k.role, lang)),
                Lang::En => format!("{} keeps access ({}).", k.name, role_text(k.role, lang)),
            });
        }
        for name in &joined.withdrawn {
            lines.push(match lang {
                Lang::Fr => format!("{name} n'a plus accès."),
                Lang::En => format!("{name} no longer has access."),
            });
        }
    }
    lines.join("\n")
}

fn history_text(list: &[PeopleHistoryEntry], lang: Lang) -> String {
    if list.is_empty() {
        return lang
            .pick("Rien pour l'instant.", "Nothing yet.")
            .to_string();
    }
    list.iter()
        .map(|e| format!("{}  {}", when(e.at), e.text))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn people(cmd: Option<&PeopleCommand>, carnet: &mut Carnet, out: &Out) -> ApiResult<()> {
    let lang = carnet.lang();
    match cmd {
        None => {
            let people = carnet.people()?;
            out.show(&people, || people_text(&people, lang));
        }
        Some(PeopleCommand::Revoke { id }) => {
            carnet.revoke_person(id)?;
            out.show(&serde_json::json!({ "ok": true }), || {
                lang.pick(
                    "Accès retiré. Ses ordinateurs sont refusés dès maintenant et effaceront leur copie.",
                    "Access withdrawn. Their computers are refused from now on and will erase their copy.",
                )
                .to_string()
            });
        }
        Some(PeopleCommand::WithdrawDevice { id }) => {
            carnet.withdraw_device(id)?;
            out.show(&serde_json::json!({ "ok": true }), || {
                lang.pick(
                    "Ordinateur retiré. Il est refusé dès maintenant et effacera sa copie ; les autres ordinateurs de la personne gardent l'accès.",
                    "Computer withdrawn. It is refused from now on and will erase its copy; the person's other computers keep their access.",
                )
                .to_string()
            });
        }
        Some(PeopleCommand::History) => {
            let list = carnet.people_history()?;
            out.show(&list, || history_text(&list, lang));
        }
        Some(PeopleCommand::Role {
            id,
            role: r,
            may_hide,
        }) => {
            let person = carnet.set_person_role(id, role(r, lang)?, *may_hide)?;
            out.show(&person, || match lang {
                Lang::Fr => format!("{} : {}.", person.name, role_text(person.role, lang)),
                Lang::En => format!("{}: {}.", person.name, role_text(person.role, lang)),
            });
        }
    }
    Ok(())
}

fn people_text(people: &People, lang: Lang) -> String {
    let mut lines = Vec::new();
    for p in &people.people {
        let you = if p.id == people.you {
            lang.pick(" (vous)", " (you)")
        } else {
            ""
        };
        let by = p
            .added_by
            .as_deref()
            .map(|b| format!(", {} {b}", lang.pick("ajouté par", "added by")))
            .unwrap_or_default();
        lines.push(format!(
            "{}  {}{} — {}, {} {}{}",
            p.id,
            p.name,
            you,
            role_text(p.role, lang),
            lang.pick("depuis le", "since"),
            when(p.added_at),
            by
        ));
        for d in &p.devices {
            let last = d
                .last_sync
                .map(when)
                .unwrap_or_else(|| lang.pick("jamais", "never").to_string());
            lines.push(format!(
                "    {}  {} — {} {}",
                d.id,
                d.name,
                lang.pick("dernière synchronisation :", "last sync:"),
                last
            ));
        }
    }
    lines.join("\n")
}
