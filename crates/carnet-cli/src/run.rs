//! Carrying out one command.

use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::PathBuf;

use carnet_api::{ApiError, ApiResult, Carnet, ErrorCode, Role};
use carnet_model::{DocumentType, Lang, RecordKind, DOCUMENT_TYPES};
use serde::Serialize;

use crate::args::*;
use crate::{build, demo, secrets};
use crate::{conflicts, people, share, sync};

/// Prints either JSON or the human text.
pub struct Out {
    pub json: bool,
}

impl Out {
    pub fn show<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        if self.json {
            println!("{}", serde_json::to_string(value).expect("serializable"));
        } else {
            println!("{}", human());
        }
    }
}

fn default_vault_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("carnet").join("vault")
}

/// Unlocks as the chosen (or only) member.
fn unlock(carnet: &mut Carnet, cli: &Cli) -> ApiResult<()> {
    let lang = carnet.lang();
    let member = match &cli.member {
        Some(m) => m.clone(),
        None => {
            let members = carnet.members()?;
            match members.as_slice() {
                [only] => only.id.clone(),
                _ => {
                    return Err(ApiError {
                        code: ErrorCode::Invalid,
                        message: lang
                            .pick(
                                "Plusieurs membres : précisez lequel avec --member.",
                                "Several members: say which one with --member.",
                            )
                            .to_string(),
                        field: Some("member".into()),
                    })
                }
            }
        }
    };
    let pass = secrets::current(cli.passphrase_fd, lang)?;
    carnet.unlock(&member, &pass)?;
    Ok(())
}

/// Unlocks and opens the chosen (or only) profile.
fn open_profile(carnet: &mut Carnet, cli: &Cli) -> ApiResult<()> {
    unlock(carnet, cli)?;
    let lang = carnet.lang();
    let id = match &cli.profile {
        Some(p) => carnet.find_profile(p)?.id,
        None => match carnet.profiles()?.as_slice() {
            [only] => only.id.clone(),
            [] => return Err(ApiError::new(ErrorCode::NotFound, lang)),
            _ => {
                return Err(ApiError {
                    code: ErrorCode::NoProfile,
                    message: lang
                        .pick(
                            "Plusieurs profils : précisez lequel avec --profile.",
                            "Several profiles: say which one with --profile.",
                        )
                        .to_string(),
                    field: Some("profile".into()),
                })
            }
        },
    };
    carnet.select_profile(&id)
}

pub fn done(lang: Lang) -> String {
    lang.pick("C'est fait.", "Done.").to_string()
}

pub fn run(cli: Cli, lang: Lang) -> ApiResult<()> {
    let dir = cli.vault.clone().unwrap_or_else(default_vault_dir);
    let mut carnet = Carnet::new(dir, lang);
    let out = Out { json: cli.json };
    match &cli.command {
        Command::Init { member } => {
            let pass = secrets::new(cli.new_passphrase_fd.or(cli.passphrase_fd), lang)?;
            let m = carnet.create_vault(member, &pass)?;
            out.show(&m, || match lang {
                Lang::Fr => format!(
                    "Carnet créé dans {} pour {}.",
                    carnet.dir().display(),
                    m.name
                ),
                Lang::En => format!(
                    "Vault created in {} for {}.",
                    carnet.dir().display(),
                    m.name
                ),
            });
        }
        Command::Members => {
            let members = carnet.members()?;
            out.show(&members, || {
                members
                    .iter()
                    .map(|m| m.name.clone())
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::MemberAdd { name } => {
            unlock(&mut carnet, &cli)?;
            let pass = secrets::new(cli.new_passphrase_fd, lang)?;
            let m = carnet.add_member(name, &pass)?;
            out.show(&m, || done(lang));
        }
        Command::Passwd => {
            unlock(&mut carnet, &cli)?;
            let current = secrets::current(cli.passphrase_fd, lang)?;
            let new = secrets::new(cli.new_passphrase_fd, lang)?;
            carnet.change_passphrase(&current, &new)?;
            out.show(&serde_json::json!({"ok": true}), || done(lang));
        }
        Command::RecoveryKit { out: path } => {
            unlock(&mut carnet, &cli)?;
            let kit = carnet.recovery_kit()?;
            std::fs::write(path, kit).map_err(|e| ApiError::io(e, lang))?;
            out.show(&serde_json::json!({"ok": true}), || {
                lang.pick(
                    "Kit de secours écrit. Gardez-le en lieu sûr : avec votre phrase de passe, il ouvre votre clé (outil age).",
                    "Recovery kit written. Keep it safe: with your passphrase it opens your key (age tool).",
                )
                .to_string()
            });
        }
        Command::Profile(cmd) => profile(cmd, &mut carnet, &cli, &out)?,
        Command::Record(cmd) => record(cmd, &mut carnet, &cli, &out)?,
        Command::Doc(cmd) => doc(cmd, &mut carnet, &cli, &out)?,
        Command::Overview => {
            open_profile(&mut carnet, &cli)?;
            let o = carnet.overview()?;
            out.show(&o, || demo::overview_text(&o, lang));
        }
        Command::Search { query } => {
            open_profile(&mut carnet, &cli)?;
            let hits = carnet.search(query)?;
            out.show(&hits, || {
                hits.iter()
                    .map(|h| format!("{}  {}  {}", h.kind, h.id, h.title))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Audit { limit } => {
            open_profile(&mut carnet, &cli)?;
            let log = carnet.audit_log(*limit)?;
            out.show(&log, || {
                log.iter()
                    .map(|e| {
                        format!(
                            "{}  {}  {}",
                            e.at.format("%Y-%m-%d %H:%M:%S"),
                            e.action,
                            e.target_id.as_deref().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Check => {
            open_profile(&mut carnet, &cli)?;
            carnet.check_integrity()?;
            out.show(&serde_json::json!({"ok": true}), || {
                lang.pick("Le profil est intact.", "The profile is intact.")
                    .to_string()
            });
        }
        Command::Backup(BackupCommand::Create {
            out: path,
            only_profile,
        }) => {
            let profile_id = if *only_profile {
                open_profile(&mut carnet, &cli)?;
                carnet.status().profile_id
            } else {
                unlock(&mut carnet, &cli)?;
                None
            };
            let summary = carnet.backup(profile_id.as_deref(), path, &mut |_, _| {})?;
            out.show(&summary, || match lang {
                Lang::Fr => format!(
                    "Sauvegarde écrite : {} profil(s), {} fichier(s).",
                    summary.profiles, summary.files
                ),
                Lang::En => format!(
                    "Backup written: {} profile(s), {} file(s).",
                    summary.profiles, summary.files
                ),
            });
        }
        Command::Backup(BackupCommand::Restore { archive }) => {
            let member = cli.member.clone().ok_or_else(|| ApiError {
                code: ErrorCode::Invalid,
                message: lang
                    .pick(
                        "Précisez le membre avec --member.",
                        "Say which member with --member.",
                    )
                    .to_string(),
                field: Some("member".into()),
            })?;
            let pass = secrets::current(cli.passphrase_fd, lang)?;
            let summary = carnet.restore_backup(archive, &member, &pass, &mut |_, _| {})?;
            out.show(&summary, || done(lang));
        }
        Command::Demo => {
            let pass = secrets::new(cli.new_passphrase_fd.or(cli.passphrase_fd), lang)?;
            demo::create(&mut carnet, &pass)?;
            let o = carnet.overview()?;
            out.show(&o, || demo::overview_text(&o, lang));
        }
        Command::Pair {
            server,
            code,
            device,
        } => {
            unlock(&mut carnet, &cli)?;
            if cli.profile.is_none() && carnet.profiles()?.is_empty() {
                // A vault without the profile yet: made from the account's details.
                let joined = carnet.pair_new_profile(server, code, device)?;
                let report = carnet.sync_now(
                    &mut sync::progress_printer(cli.json),
                    &std::sync::atomic::AtomicBool::new(false),
                )?;
                out.show(&joined, || people::added_text(&joined, &report, lang));
                return Ok(());
            }
            open_profile(&mut carnet, &cli)?;
            let status = carnet.pair_sync(server, code, device)?;
            out.show(&status, || {
                lang.pick(
                    "Profil relié. Lancez « carnet sync » pour synchroniser.",
                    "Profile linked. Run \"carnet sync\" to sync.",
                )
                .to_string()
            });
        }
        Command::Unpair => {
            open_profile(&mut carnet, &cli)?;
            carnet.unpair_sync()?;
            out.show(&serde_json::json!({"ok": true}), || done(lang));
        }
        Command::Sync { all: true, .. } => {
            unlock(&mut carnet, &cli)?;
            let linked = carnet.sync_linked_profiles(&std::sync::atomic::AtomicBool::new(false))?;
            out.show(&linked, || sync::linked_text(&linked, lang));
            sync::linked_failure(&linked, lang)?;
        }
        Command::Todo => {
            unlock(&mut carnet, &cli)?;
            let items = carnet.todo()?;
            out.show(&items, || todo_text(&items, lang));
        }
        Command::Vaccines { list: true } => {
            let choices = carnet.vaccine_choices();
            out.show(&choices, || {
                choices
                    .iter()
                    .map(|c| format!("{} — {}", c.name, c.diseases))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Checkups => {
            open_profile(&mut carnet, &cli)?;
            let check_ups = carnet.check_ups()?;
            out.show(&check_ups, || check_ups_text(&check_ups, lang));
        }
        Command::Vaccines { list: false } => {
            open_profile(&mut carnet, &cli)?;
            let calendar = carnet.vaccination_calendar()?;
            out.show(&calendar, || calendar_text(&calendar, lang));
        }
        Command::Activity { limit } => {
            unlock(&mut carnet, &cli)?;
            let items = carnet.activity(*limit)?;
            out.show(&items, || sync::activity_text(&items, lang));
        }
        Command::Sync {
            status,
            pairing_code,
            ..
        } => {
            open_profile(&mut carnet, &cli)?;
            if *pairing_code {
                let code = carnet.sync_pairing_code()?;
                out.show(&serde_json::json!({ "code": code }), || code.clone());
            } else if *status {
                let s = carnet.sync_status()?;
                out.show(&s, || sync::status_text(&s, lang));
            } else {
                let report = carnet.sync_now(
                    &mut sync::progress_printer(cli.json),
                    &std::sync::atomic::AtomicBool::new(false),
                )?;
                out.show(&report, || sync::report_text(&report, lang));
            }
        }
        Command::Access { limit } => {
            open_profile(&mut carnet, &cli)?;
            let entries = carnet.access_history(*limit)?;
            out.show(&entries, || sync::access_text(&entries, lang));
        }
        Command::Professionals(cmd) => {
            open_profile(&mut carnet, &cli)?;
            let list = match cmd {
                ProfessionalsCommand::List => carnet.allowed_professionals()?,
                ProfessionalsCommand::Allow { rpps } => carnet.allow_professional(rpps)?,
                ProfessionalsCommand::Withdraw { rpps } => carnet.withdraw_professional(rpps)?,
            };
            out.show(&list, || sync::professionals_text(&list, lang));
        }
        Command::Share(cmd) => {
            open_profile(&mut carnet, &cli)?;
            share::run(cmd, &mut carnet, cli.json)?;
        }
        Command::Invite(InviteCommand::Show { code, server }) => {
            unlock(&mut carnet, &cli)?;
            let preview = carnet.preview_invitation(server, code)?;
            out.show(&preview, || people::preview_text(&preview, lang));
        }
        Command::Invite(InviteCommand::Accept {
            code,
            server,
            device,
            keep,
            keep_none,
        }) => {
            unlock(&mut carnet, &cli)?;
            let keep = people::choices(&mut carnet, server, code, keep, *keep_none)?;
            let joined = carnet.accept_invitation_keeping(server, code, device, &keep)?;
            let report = carnet.sync_now(
                &mut sync::progress_printer(cli.json),
                &std::sync::atomic::AtomicBool::new(false),
            )?;
            out.show(&joined, || people::joined_text(&joined, &report, lang));
        }
        Command::Invite(cmd) => {
            open_profile(&mut carnet, &cli)?;
            people::invite(cmd, &mut carnet, &out)?;
        }
        Command::People { command } => {
            open_profile(&mut carnet, &cli)?;
            people::people(command.as_ref(), &mut carnet, &out)?;
        }
        Command::Conflicts { command } => {
            open_profile(&mut carnet, &cli)?;
            conflicts::conflicts(command.as_ref(), &mut carnet, &out)?;
        }
    }
    Ok(())
}

fn profile(cmd: &ProfileCommand, carnet: &mut Carnet, cli: &Cli, out: &Out) -> ApiResult<()> {
    let lang = carnet.lang();
    match cmd {
        ProfileCommand::List => {
            unlock(carnet, cli)?;
            let profiles = carnet.profiles()?;
            out.show(&profiles, || {
                profiles
                    .iter()
                    .map(|p| {
                        let who: Vec<_> =
                            p.holders.iter().map(|h| h.member_name.as_str()).collect();
                        let name =
                            p.info.as_ref().map_or(
                                lang.pick("(profil endommagé)", "(damaged profile)"),
                                |i| i.name.as_str(),
                            );
                        format!("{}  {}  ({})", p.id, name, who.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ProfileCommand::Add(fields) => {
            unlock(carnet, cli)?;
            let info = build::profile(fields.clone(), lang)?;
            let p = carnet.create_profile(info)?;
            out.show(&p, || p.id.clone());
        }
        ProfileCommand::Show => {
            open_profile(carnet, cli)?;
            let id = carnet.status().profile_id.unwrap_or_default();
            let info = carnet.profile_info()?;
            out.show(&info, || {
                format!("{id}  {}  {}", info.name, info.birth_date)
            });
        }
        ProfileCommand::Edit(edit) => {
            open_profile(carnet, cli)?;
            let new_info = build::profile_edit(carnet.profile_info()?, edit, lang)?;
            let info = carnet.update_profile(new_info)?;
            out.show(&info, || done(lang));
        }
        ProfileCommand::Grant { to, role } => {
            open_profile(carnet, cli)?;
            let role = Role::parse(role).map_err(|e| ApiError::invalid(e, lang))?;
            let id = carnet.status().profile_id.unwrap_or_default();
            carnet.grant(&id, to, role)?;
            out.show(&serde_json::json!({"ok": true}), || done(lang));
        }
        ProfileCommand::Revoke { from } => {
            open_profile(carnet, cli)?;
            let id = carnet.status().profile_id.unwrap_or_default();
            carnet.revoke(&id, from)?;
            out.show(&serde_json::json!({"ok": true}), || done(lang));
        }
        ProfileCommand::Delete { confirm, backup } => {
            open_profile(carnet, cli)?;
            carnet.delete_profile(confirm, backup.as_deref())?;
            out.show(&serde_json::json!({"ok": true}), || {
                lang.pick("Profil supprimé.", "Profile deleted.")
                    .to_string()
            });
        }
    }
    Ok(())
}

fn record(cmd: &RecordCommand, carnet: &mut Carnet, cli: &Cli, out: &Out) -> ApiResult<()> {
    let lang = carnet.lang();
    match cmd {
        RecordCommand::Add { kind } => {
            let (body, notes) = build::record(kind.clone(), lang)?;
            open_profile(carnet, cli)?;
            let r = carnet.add_record(body, notes)?;
            out.show(&r, || r.id.clone());
        }
        RecordCommand::List { kind } => {
            let kind = kind
                .as_deref()
                .map(|k| RecordKind::parse("kind", k).map_err(|e| ApiError::invalid(e, lang)))
                .transpose()?;
            open_profile(carnet, cli)?;
            let records = carnet.records(kind)?;
            out.show(&records, || {
                records
                    .iter()
                    .map(|r| {
                        format!(
                            "{}  {:<12} {}",
                            r.id,
                            r.body.kind().label(lang),
                            r.body.title(lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RecordCommand::Show { id } => {
            open_profile(carnet, cli)?;
            let r = carnet.record(id)?;
            out.show(&r, || serde_json::to_string_pretty(&r).unwrap_or_default());
        }
        RecordCommand::Edit { id, set, notes } => {
            open_profile(carnet, cli)?;
            let r = carnet.record(id)?;
            let body = build::edit(&r.body, set, lang)?;
            let notes = match notes {
                Some(n) if n.is_empty() => None,
                Some(n) => Some(n.clone()),
                None => r.notes.clone(),
            };
            let r = carnet.update_record(id, body, notes)?;
            out.show(&r, || done(lang));
        }
        RecordCommand::Delete { id } => {
            open_profile(carnet, cli)?;
            carnet.delete_record(id)?;
            out.show(&serde_json::json!({"ok": true}), || done(lang));
        }
    }
    Ok(())
}

fn doc(cmd: &DocCommand, carnet: &mut Carnet, cli: &Cli, out: &Out) -> ApiResult<()> {
    let lang = carnet.lang();
    match cmd {
        DocCommand::Import(args) => {
            let input = build::document(args, lang)?;
            open_profile(carnet, cli)?;
            let show_progress = !out.json && std::io::stderr().is_terminal();
            let meta = carnet.import_document(&args.file, input, &mut |done, total| {
                if show_progress && total > 0 {
                    eprint!("\r{:>3} %", done * 100 / total);
                }
                ControlFlow::Continue(())
            })?;
            if show_progress {
                eprintln!();
            }
            out.show(&meta, || meta.id.clone());
        }
        DocCommand::List => {
            open_profile(carnet, cli)?;
            let docs = carnet.documents()?;
            out.show(&docs, || {
                docs.iter()
                    .map(|d| {
                        let hidden = if d.input.hidden {
                            lang.pick(" (masqué)", " (hidden)")
                        } else {
                            ""
                        };
                        format!("{}  {}  {}{}", d.id, d.input.date, d.input.title, hidden)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        DocCommand::Show { id } => {
            open_profile(carnet, cli)?;
            let d = carnet.document(id)?;
            out.show(&d, || serde_json::to_string_pretty(&d).unwrap_or_default());
        }
        DocCommand::Export { id, out: path } => {
            open_profile(carnet, cli)?;
            let d = carnet.export_document(id, path)?;
            out.show(&d, || done(lang));
        }
        DocCommand::Hide { id } | DocCommand::Unhide { id } => {
            open_profile(carnet, cli)?;
            let d = carnet.set_document_hidden(id, matches!(cmd, DocCommand::Hide { .. }))?;
            out.show(&d, || done(lang));
        }
        DocCommand::Delete { id } => {
            open_profile(carnet, cli)?;
            carnet.delete_document(id)?;
            out.show(&serde_json::json!({"ok": true}), || done(lang));
        }
        DocCommand::Types => {
            let types: Vec<_> = DOCUMENT_TYPES
                .iter()
                .map(|t: &DocumentType| serde_json::json!({"code": t.code, "system": t.system, "label": t.label(lang)}))
                .collect();
            out.show(&types, || {
                DOCUMENT_TYPES
                    .iter()
                    .map(|t| format!("{:<10} {}", t.code, t.label(lang)))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

/// The calendar for a person: the late and the due first, one line per disease.
fn calendar_text(c: &carnet_api::VaccinationCalendar, lang: carnet_model::Lang) -> String {
    let mut lines: Vec<String> = c
        .lines
        .iter()
        .map(|l| format!("{}{} {}", l.disease, lang.pick(" :", ":"), l.text))
        .collect();
    for a in &c.set_aside {
        lines.push(a.text.clone());
    }
    with_source(lines, &c.edition, lang)
}

/// The lines of a calendar, then a blank line and where it comes from.
fn with_source(mut lines: Vec<String>, edition: &str, lang: carnet_model::Lang) -> String {
    lines.push(String::new());
    lines.push(format!("{} {edition}", lang.pick("Source :", "Source:")));
    lines.join("\n")
}

/// The examinations of a person: the child's, then the adult ones.
fn check_ups_text(c: &carnet_api::CheckUps, lang: carnet_model::Lang) -> String {
    let mut lines: Vec<String> = c
        .lines
        .iter()
        .map(|l| {
            format!(
                "{} [{}]{} {}",
                l.name,
                l.exam.as_str(),
                lang.pick(" :", ":"),
                l.text
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push(
            lang.pick(
                "Aucun examen de suivi prévu à cet âge pour l'instant.",
                "No check-up planned at this age for now.",
            )
            .to_string(),
        );
    }
    with_source(lines, &c.edition, lang)
}

/// What to do, grouped as a person reads it: late, now, soon.
fn todo_text(items: &[carnet_api::TodoItem], lang: carnet_model::Lang) -> String {
    use carnet_api::TodoWhen;
    if items.is_empty() {
        return lang
            .pick("Rien à faire pour l'instant.", "Nothing to do for now.")
            .to_string();
    }
    let mut lines = Vec::new();
    for (when, title) in [
        (TodoWhen::Late, lang.pick("En retard", "Late")),
        (TodoWhen::Now, lang.pick("À faire maintenant", "To do now")),
        (TodoWhen::Soon, lang.pick("Bientôt", "Soon")),
    ] {
        let group: Vec<_> = items.iter().filter(|i| i.when == when).collect();
        if group.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("{title}{}", lang.pick(" :", ":")));
        for i in group {
            lines.push(format!(
                "  {} — {}{} {}",
                i.profile_name,
                i.title,
                lang.pick(" :", ":"),
                i.text
            ));
        }
    }
    lines.join("\n")
}
