//! People across computers: the owner invites (a code to pass on), the
//! helper's Carnet accepts into its own vault, everyone sees who can open
//! the profile, the owner changes roles or withdraws access; a withdrawn
//! computer erases its copy at its next contact.

use carnet_model::{Lang, ProfileSummary, Role};
use carnet_sync::client::{self, ClientError, SyncClient};
use carnet_sync::{CreatedInvitation, Invitation, People, PeopleEvent, Person};
use carnet_vault::SyncLink;

use crate::{ApiError, ApiResult, Carnet, ErrorCode};

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
        self.with_profile(|p| p.permit(carnet_model::Action::ManagePeople))?;
        self.people_call(|c| c.invite(&name, role, valid_hours))
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

    /// Accepts an invitation on this computer: the profile joins this
    /// vault under the unlocked member's own passphrase and becomes
    /// current. Its records arrive with the first sync.
    pub fn accept_invitation(
        &mut self,
        server: &str,
        code: &str,
        device_name: &str,
    ) -> ApiResult<ProfileSummary> {
        let server = self.server_address(server)?;
        self.session()?;
        let accepted = client::accept_invitation(&server, code, device_name).map_err(|e| {
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
        })?;
        let Some(details) = accepted.details.clone() else {
            return Err(ApiError::new(ErrorCode::ServerError, self.lang()));
        };
        let link = SyncLink {
            server,
            remote_profile: accepted.profile_id.clone(),
            token: accepted.token.clone(),
            last_sync: None,
            role: Some(accepted.role),
            may_hide: false,
        };
        let summary = self.with_session(|s| s.join_profile(details, &link))?;
        self.select_profile(&summary.id)?;
        Ok(summary)
    }

    /// What a failed gateway request becomes. A computer whose access was
    /// withdrawn erases its copy of the profile (and says so to the
    /// gateway, for the owner's history) before telling its user.
    pub(crate) fn client_failure(&mut self, client: &SyncClient, err: ClientError) -> ApiError {
        let ClientError::Withdrawn { by, deleted } = err else {
            return self.sync_error(err);
        };
        let lang = self.lang();
        let erased = self.erase_current_profile();
        if erased.is_ok() {
            let _ = client.confirm_erased();
        }
        let mut api = ApiError::new(ErrorCode::AccessWithdrawn, lang);
        api.message = withdrawn_message(lang, &by, deleted, erased.is_ok());
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

/// What a withdrawn (or deleted) profile's user reads.
fn withdrawn_message(lang: Lang, by: &str, deleted: bool, erased: bool) -> String {
    match (lang, deleted, erased) {
        (Lang::Fr, false, true) => format!(
            "{by} vous a retiré l'accès à ce profil. Sa copie a été effacée de cet ordinateur."
        ),
        (Lang::Fr, true, true) => {
            format!("{by} a supprimé ce profil. Sa copie a été effacée de cet ordinateur.")
        }
        (Lang::Fr, false, false) => format!(
            "{by} vous a retiré l'accès à ce profil. Sa copie n'a pas pu être effacée de cet ordinateur : réessayez."
        ),
        (Lang::Fr, true, false) => format!(
            "{by} a supprimé ce profil. Sa copie n'a pas pu être effacée de cet ordinateur : réessayez."
        ),
        (Lang::En, false, true) => format!(
            "{by} withdrew your access to this profile. Its copy was erased from this computer."
        ),
        (Lang::En, true, true) => {
            format!("{by} deleted this profile. Its copy was erased from this computer.")
        }
        (Lang::En, false, false) => format!(
            "{by} withdrew your access to this profile. Its copy could not be erased from this computer: try again."
        ),
        (Lang::En, true, false) => format!(
            "{by} deleted this profile. Its copy could not be erased from this computer: try again."
        ),
    }
}
