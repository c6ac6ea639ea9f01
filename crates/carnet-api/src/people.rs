//! People across computers: the owner invites (a code to pass on), the
//! helper's Carnet accepts into its own vault, everyone sees who can open
//! the profile, the owner changes roles or withdraws access; a withdrawn
//! computer erases its copy at its next contact.

use carnet_model::{Action, Lang, ProfileSummary, Role};
use carnet_sync::client::{self, ClientError, SyncClient};
use carnet_sync::{
    CreatedInvitation, Invitation, InvitationPreview, Keep, People, PeopleAction, PeopleEvent,
    Person, PersonBrief,
};
use carnet_vault::SyncLink;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{ApiError, ApiResult, Carnet, ErrorCode};

/// A profile joined from an invitation, and for a young adult who became
/// its owner, who kept access and whose access ended.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Joined {
    pub profile: ProfileSummary,
    pub role: Role,
    pub kept: Vec<PersonBrief>,
    pub withdrawn: Vec<String>,
}

/// One line of the history of who can open the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PeopleHistoryEntry {
    pub at: DateTime<Utc>,
    pub action: PeopleAction,
    /// The sentence shown, in the user's language.
    pub text: String,
}

impl Carnet {
    /// The current profile's gateway client, for people requests.
    fn people_client(&mut self) -> ApiResult<SyncClient> {
        self.sync_client()
    }

    /// Runs a people request; a withdrawn computer erases its copy.
    fn people_call<T>(
        &mut self,
        call: impl FnOnce(&SyncClient) -> Result<T, ClientError>,
    ) -> ApiResult<T> {
        let client = self.people_client()?;
        let result = call(&client);
        result.map_err(|e| self.client_failure(&client, e))
    }

    /// Invites someone to help with the current profile: the code to pass
    /// on by phone or on paper (valid `valid_hours`, single use).
    pub fn invite(
        &mut self,
        name: &str,
        role: Role,
        valid_hours: i64,
    ) -> ApiResult<CreatedInvitation> {
        let name = carnet_model::person_name("name", name)
            .map_err(|e| ApiError::invalid(e, self.lang()))?;
        self.with_profile(|p| p.permit(Action::ManagePeople))?;
        let lang = self.lang();
        self.people_call(|c| c.invite(&name, role, valid_hours))
            .map_err(|mut e| {
                // The gateway decides whether the profile has come of age.
                if role == Role::Owner && e.code == ErrorCode::NotAllowed {
                    e.message = lang
                        .pick(
                            "Un profil ne change de titulaire que pour la personne qu'il concerne, tenu pour elle depuis son enfance, à partir de ses 18 ans : c'est elle qui l'accepte sur son Carnet.",
                            "A profile changes owner only for the person it is about, held for them since childhood, from their 18th birthday: they accept it in their own Carnet.",
                        )
                        .to_string();
                    e.field = Some("role".into());
                }
                e
            })
    }

    /// Withdraws one computer (lost, sold): it is refused at once and
    /// erases its copy at its next contact; its person's other computers
    /// keep their access.
    pub fn withdraw_device(&mut self, device: &str) -> ApiResult<()> {
        self.people_call(|c| c.withdraw_device(device))
    }

    /// The history of who can open the current profile, newest first, in
    /// the user's language.
    pub fn people_history(&mut self) -> ApiResult<Vec<PeopleHistoryEntry>> {
        let lang = self.lang();
        let mut events = self.people_events()?;
        events.reverse();
        Ok(events
            .into_iter()
            .map(|e| PeopleHistoryEntry {
                at: e.at,
                action: e.action,
                text: history_text(&e, lang),
            })
            .collect())
    }

    /// Invitations not used yet.
    pub fn invitations(&mut self) -> ApiResult<Vec<Invitation>> {
        self.people_call(|c| c.invitations())
    }

    pub fn cancel_invitation(&mut self, id: &str) -> ApiResult<()> {
        self.people_call(|c| c.cancel_invitation(id))
    }

    /// Who can open the current profile, and from which computers.
    pub fn people(&mut self) -> ApiResult<People> {
        self.people_call(|c| c.people())
    }

    /// Changes someone's role (owner or co-parent only).
    pub fn set_person_role(
        &mut self,
        person: &str,
        role: Role,
        may_hide: bool,
    ) -> ApiResult<Person> {
        self.people_call(|c| c.set_role(person, role, may_hide))
    }

    /// Withdraws someone's access: their computers are refused at once and
    /// erase their copy at their next contact.
    pub fn revoke_person(&mut self, person: &str) -> ApiResult<()> {
        self.people_call(|c| c.revoke_person(person))
    }

    /// The people events the gateway wrote into the profile (invited,
    /// joined, role changed, access withdrawn, copy erased), oldest first.
    pub fn people_events(&mut self) -> ApiResult<Vec<PeopleEvent>> {
        self.with_profile(|p| p.people_events())
    }

    /// What an invitation code is for, without using it: who invites, to
    /// which profile, with which role, and for a young adult becoming
    /// owner, who can open the profile now.
    pub fn preview_invitation(&mut self, server: &str, code: &str) -> ApiResult<InvitationPreview> {
        let server = self.server_address(server)?;
        self.session()?;
        client::preview_invitation(&server, code).map_err(|e| self.invitation_error(e))
    }

    /// Accepts an invitation on this computer: the profile joins this
    /// vault under the unlocked member's own passphrase and becomes
    /// current. Its records arrive with the first sync.
    pub fn accept_invitation(
        &mut self,
        server: &str,
        code: &str,
        device_name: &str,
    ) -> ApiResult<ProfileSummary> {
        Ok(self
            .accept_invitation_keeping(server, code, device_name, &[])?
            .profile)
    }

    /// Accepts an invitation; for a young adult becoming owner of their
    /// profile, `keep` says who keeps access and as what (caregiver or
    /// read-only); everyone else's access ends.
    pub fn accept_invitation_keeping(
        &mut self,
        server: &str,
        code: &str,
        device_name: &str,
        keep: &[Keep],
    ) -> ApiResult<Joined> {
        let server = self.server_address(server)?;
        self.session()?;
        // Checked before the code is used: once used, a refusal here would
        // lose the new device (and, for a new owner, the only one).
        let preview =
            client::preview_invitation(&server, code).map_err(|e| self.invitation_error(e))?;
        if self.with_session(|s| Ok(s.holds_linked(&server, &preview.profile_id)))? {
            let mut e = ApiError::new(ErrorCode::AlreadyExists, self.lang());
            e.message = self
                .lang()
                .pick(
                    "Ce profil est déjà dans ce carnet. Pour en devenir titulaire, acceptez le code dans votre propre carnet (votre nom, votre phrase de passe).",
                    "This profile is already in this vault. To become its owner, accept the code in your own vault (your name, your passphrase).",
                )
                .to_string();
            e.field = Some("code".into());
            return Err(e);
        }
        let accepted = client::accept_invitation(&server, code, device_name, keep)
            .map_err(|e| self.invitation_error(e))?;
        let Some(details) = accepted.details.clone() else {
            return Err(ApiError::new(ErrorCode::ServerError, self.lang()));
        };
        let link = SyncLink {
            server,
            remote_profile: accepted.profile_id.clone(),
            token: accepted.token.clone(),
            last_sync: None,
            role: Some(accepted.role),
            may_hide: accepted.role == Role::Owner,
        };
        let summary = self.with_session(|s| s.join_profile(details, &link))?;
        self.select_profile(&summary.id)?;
        Ok(Joined {
            profile: summary,
            role: accepted.role,
            kept: accepted.kept,
            withdrawn: accepted.withdrawn,
        })
    }

    /// What a refused invitation code becomes for its user.
    fn invitation_error(&self, e: ClientError) -> ApiError {
        if let ClientError::Server { status: 409, .. } = e {
            let mut api = ApiError::new(ErrorCode::ServerError, self.lang());
            api.message = self
                .lang()
                .pick(
                    "La personne qui vous invite n'a pas encore synchronisé ce profil. Demandez-lui de le synchroniser, puis réessayez avec le même code.",
                    "The person inviting you has not synced this profile yet. Ask them to sync it, then try the same code again.",
                )
                .to_string();
            return api;
        }
        let mut api = self.sync_error(e);
        if api.code == ErrorCode::InvalidCode {
            api.field = Some("code".into());
        }
        api
    }

    /// What a failed gateway request becomes. A computer whose access was
    /// withdrawn erases its copy of the profile (and says so to the
    /// gateway, for the owner's history) before telling its user.
    pub(crate) fn client_failure(&mut self, client: &SyncClient, err: ClientError) -> ApiError {
        let ClientError::Withdrawn {
            by,
            deleted,
            device,
        } = err
        else {
            return self.sync_error(err);
        };
        let lang = self.lang();
        let erased = self.erase_current_profile();
        if erased.is_ok() {
            let _ = client.confirm_erased();
        }
        let mut api = ApiError::new(ErrorCode::AccessWithdrawn, lang);
        api.message = withdrawn_message(lang, &by, deleted, device, erased.is_ok());
        api
    }

    /// Closes and erases the current profile from this vault.
    fn erase_current_profile(&mut self) -> ApiResult<()> {
        let id = self.profile()?.id().to_string();
        self.close_profile();
        self.with_session(|s| s.erase_profile(&id))
    }

    /// Refreshes the role the owner gives this computer's person (it may
    /// have changed since the last sync), so the vault applies it offline.
    pub(crate) fn refresh_role(&mut self, client: &SyncClient) -> ApiResult<()> {
        let people = match client.people() {
            Ok(people) => people,
            Err(e) => return Err(self.client_failure(client, e)),
        };
        let Some(me) = people.people.iter().find(|p| p.id == people.you) else {
            return Ok(());
        };
        let (role, may_hide) = (me.role, me.may_hide);
        self.with_profile(|p| {
            let Some(mut link) = p.sync_link()? else {
                return Ok(());
            };
            if link.role == Some(role) && link.may_hide == may_hide {
                return Ok(());
            }
            link.role = Some(role);
            link.may_hide = may_hide;
            p.update_sync_link(&link)
        })
    }
}

/// What a withdrawn (or deleted) profile's user reads: who did what (the
/// person's access, only this computer, or the whole profile), and whether
/// the copy here is gone.
fn withdrawn_message(lang: Lang, by: &str, deleted: bool, device: bool, erased: bool) -> String {
    let what = match (lang, deleted, device) {
        (Lang::Fr, true, _) => format!("{by} a supprimé ce profil."),
        (Lang::Fr, false, true) => format!("{by} a retiré cet ordinateur de ce profil."),
        (Lang::Fr, false, false) => format!("{by} vous a retiré l'accès à ce profil."),
        (Lang::En, true, _) => format!("{by} deleted this profile."),
        (Lang::En, false, true) => format!("{by} withdrew this computer from this profile."),
        (Lang::En, false, false) => format!("{by} withdrew your access to this profile."),
    };
    let copy = match (lang, erased) {
        (Lang::Fr, true) => "Sa copie a été effacée de cet ordinateur.",
        (Lang::Fr, false) => "Sa copie n'a pas pu être effacée de cet ordinateur : réessayez.",
        (Lang::En, true) => "Its copy was erased from this computer.",
        (Lang::En, false) => "Its copy could not be erased from this computer: try again.",
    };
    format!("{what} {copy}")
}

/// A people event as a sentence ("Marie a invité Claire (aidant)").
fn history_text(e: &PeopleEvent, lang: Lang) -> String {
    let who = e.person.as_str();
    let by = e.by.as_deref().unwrap_or("");
    let role = e.role.map(|r| role_name(r, lang)).unwrap_or("");
    let device = e.device.as_deref().unwrap_or("");
    match (e.action, lang) {
        (PeopleAction::Invited, Lang::Fr) => format!("{by} a invité {who} ({role})."),
        (PeopleAction::Invited, Lang::En) => format!("{by} invited {who} ({role})."),
        (PeopleAction::InvitationCancelled, Lang::Fr) => {
            format!("{by} a annulé l'invitation de {who}.")
        }
        (PeopleAction::InvitationCancelled, Lang::En) => {
            format!("{by} cancelled {who}'s invitation.")
        }
        (PeopleAction::Joined, Lang::Fr) => {
            format!("{who} a rejoint le profil depuis « {device} » ({role}).")
        }
        (PeopleAction::Joined, Lang::En) => {
            format!("{who} joined the profile from “{device}” ({role}).")
        }
        (PeopleAction::RoleChanged, Lang::Fr) => {
            format!("{by} a donné à {who} le rôle « {role} ».")
        }
        (PeopleAction::RoleChanged, Lang::En) => format!("{by} gave {who} the role “{role}”."),
        (PeopleAction::Revoked, Lang::Fr) => format!("{by} a retiré l'accès de {who}."),
        (PeopleAction::Revoked, Lang::En) => format!("{by} withdrew {who}'s access."),
        (PeopleAction::CopyErased, Lang::Fr) => {
            format!("La copie de {who} a été effacée de « {device} ».")
        }
        (PeopleAction::CopyErased, Lang::En) => {
            format!("{who}'s copy was erased from “{device}”.")
        }
        (PeopleAction::WriteRefused, Lang::Fr) => {
            format!("Une modification de {who} a été refusée : son rôle ne le permet pas.")
        }
        (PeopleAction::WriteRefused, Lang::En) => {
            format!("A change by {who} was refused: their role does not allow it.")
        }
        (PeopleAction::CameOfAge, Lang::Fr) => {
            format!("{who} a eu 18 ans et devient titulaire de son profil, que lui remet {by}.")
        }
        (PeopleAction::CameOfAge, Lang::En) => {
            format!("{who} turned 18 and becomes the owner of their profile, handed over by {by}.")
        }
        (PeopleAction::DeviceWithdrawn, Lang::Fr) if by == who => {
            format!("{by} a retiré son ordinateur « {device} ».")
        }
        (PeopleAction::DeviceWithdrawn, Lang::En) if by == who => {
            format!("{by} withdrew their computer “{device}”.")
        }
        (PeopleAction::DeviceWithdrawn, Lang::Fr) => {
            format!("{by} a retiré l'ordinateur « {device} » de {who}.")
        }
        (PeopleAction::DeviceWithdrawn, Lang::En) => {
            format!("{by} withdrew {who}'s computer “{device}”.")
        }
    }
}

/// A role as the history and the command line name it.
pub fn role_name(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Owner => lang.pick("titulaire", "owner"),
        Role::Parent => lang.pick("second parent", "co-parent"),
        Role::Caregiver => lang.pick("aidant", "caregiver"),
        Role::ReadOnly => lang.pick("lecture seule", "read only"),
    }
}
