//! The people of a profile, from the device's side: invitations (the
//! owner's), accepting one (the helper's computer), the list of people,
//! roles, withdrawals, and the erase a withdrawn device confirms.

use reqwest::header::AUTHORIZATION;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::{check, http_client, normalize_server, offline, ClientError, SyncClient};
use crate::{Accepted, CreatedInvitation, Invitation, InvitationPreview, Keep, People, Person};
use carnet_model::Role;

fn json<T: DeserializeOwned>(response: reqwest::blocking::Response) -> Result<T, ClientError> {
    check(response)?
        .json()
        .map_err(|e| ClientError::Protocol(e.to_string()))
}

/// Uses an invitation code from the helper's computer: this device joins
/// the profile with the role the owner chose. `keep` is for a young adult
/// becoming owner: who keeps access, and as what (the others lose it).
pub fn accept_invitation(
    server: &str,
    code: &str,
    device_name: &str,
    keep: &[Keep],
) -> Result<Accepted, ClientError> {
    let base = normalize_server(server)?;
    let response = http_client()?
        .post(format!("{base}/v1/invitations/accept"))
        .json(&json!({ "code": code, "device_name": device_name, "keep": keep }))
        .send()
        .map_err(offline)?;
    if response.status() == StatusCode::UNAUTHORIZED {
        return Err(ClientError::InvalidCode);
    }
    json(response)
}

/// What a code is for (who invites, to which profile, which role), without
/// using it.
pub fn preview_invitation(server: &str, code: &str) -> Result<InvitationPreview, ClientError> {
    let base = normalize_server(server)?;
    let response = http_client()?
        .post(format!("{base}/v1/invitations/preview"))
        .json(&json!({ "code": code }))
        .send()
        .map_err(offline)?;
    if response.status() == StatusCode::UNAUTHORIZED {
        return Err(ClientError::InvalidCode);
    }
    json(response)
}

impl SyncClient {
    /// Invites someone (owner or co-parent only): the code to pass on.
    pub fn invite(
        &self,
        name: &str,
        role: Role,
        valid_hours: i64,
    ) -> Result<CreatedInvitation, ClientError> {
        let response = self
            .http
            .post(self.url("invitations"))
            .header(AUTHORIZATION, self.auth())
            .json(&json!({ "name": name, "role": role.as_str(), "valid_hours": valid_hours }))
            .send()
            .map_err(offline)?;
        json(response)
    }

    /// Invitations not used yet.
    pub fn invitations(&self) -> Result<Vec<Invitation>, ClientError> {
        let response = self
            .http
            .get(self.url("invitations"))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        json(response)
    }

    pub fn cancel_invitation(&self, id: &str) -> Result<(), ClientError> {
        let response = self
            .http
            .delete(self.url(&format!("invitations/{}", path_part(id)?)))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        check(response).map(|_| ())
    }

    /// Who can open the profile, with their computers.
    pub fn people(&self) -> Result<People, ClientError> {
        let response = self
            .http
            .get(self.url("people"))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        json(response)
    }

    pub fn set_role(
        &self,
        person: &str,
        role: Role,
        may_hide: bool,
    ) -> Result<Person, ClientError> {
        let response = self
            .http
            .put(self.url(&format!("people/{}/role", path_part(person)?)))
            .header(AUTHORIZATION, self.auth())
            .json(&json!({ "role": role.as_str(), "may_hide": may_hide }))
            .send()
            .map_err(offline)?;
        json(response)
    }

    /// Withdraws a person's access: their devices are refused from now on.
    pub fn revoke_person(&self, person: &str) -> Result<(), ClientError> {
        let response = self
            .http
            .delete(self.url(&format!("people/{}", path_part(person)?)))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        check(response).map(|_| ())
    }

    /// Withdraws one computer (lost or sold): it is refused from now on and
    /// erases its copy at its next contact.
    pub fn withdraw_device(&self, device: &str) -> Result<(), ClientError> {
        let response = self
            .http
            .delete(self.url(&format!("devices/{}", path_part(device)?)))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        check(response).map(|_| ())
    }

    /// Deletes the profile at the gateway (owner only): every other device
    /// is refused from now on and erases its copy at its next contact.
    pub fn delete_profile(&self) -> Result<(), ClientError> {
        let response = self
            .http
            .delete(format!(
                "{}/v1/profiles/{}",
                self.base,
                path_part(&self.profile)?
            ))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        check(response).map(|_| ())
    }

    /// Tells the gateway this withdrawn device erased its copy (best effort:
    /// the erase itself never waits for it).
    pub fn confirm_erased(&self) -> Result<(), ClientError> {
        let response = self
            .http
            .post(format!("{}/v1/devices/current/erased", self.base))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        check(response).map(|_| ())
    }
}

/// An id as it may appear in a path: letters, digits and dashes only.
fn path_part(id: &str) -> Result<&str, ClientError> {
    if !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        Ok(id)
    } else {
        Err(ClientError::Protocol("not an id".into()))
    }
}
