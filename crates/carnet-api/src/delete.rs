//! Deleting a profile for good: on this computer and, when it is linked,
//! at the gateway, which tells every other computer to erase its copy.

use std::path::Path;

use carnet_model::{Action, Lang};
use carnet_sync::client::ClientError;

use crate::{ApiError, ApiResult, Carnet, ErrorCode};

impl Carnet {
    /// Deletes the current profile (owner, or co-parent of a minor).
    ///
    /// `confirm_name` is the profile's name typed again. `backup`, when
    /// given, receives an encrypted backup of the profile first; if it
    /// fails nothing is deleted. A linked profile is removed from the
    /// gateway before this computer's copy, so that an unreachable gateway
    /// leaves everything as it was.
    pub fn delete_profile(&mut self, confirm_name: &str, backup: Option<&Path>) -> ApiResult<()> {
        let lang = self.lang();
        self.with_profile(|p| p.permit(Action::DeleteProfile))?;
        let info = self.profile_info()?;
        if !same_name(&info.name, confirm_name) {
            return Err(wrong_confirmation(lang));
        }
        let id = self.profile()?.id().to_string();
        if let Some(out) = backup {
            self.backup(Some(&id), out, &mut |_, _| {})?;
        }
        if self.with_profile(|p| p.sync_link())?.is_some() {
            let client = self.sync_client()?;
            match client.delete_profile() {
                Ok(()) => {}
                // Already deleted from another computer of the owner's.
                Err(ClientError::Withdrawn { deleted: true, .. }) => {}
                Err(e) => return Err(self.client_failure(&client, e)),
            }
        }
        self.close_profile();
        self.with_session(|s| s.delete_profile(&id))
    }
}

/// The typed name matches, whatever the case and the surrounding spaces.
fn same_name(name: &str, typed: &str) -> bool {
    name.trim().to_lowercase() == typed.trim().to_lowercase()
}

fn wrong_confirmation(lang: Lang) -> ApiError {
    let mut api = ApiError::new(ErrorCode::Invalid, lang);
    api.message = lang
        .pick(
            "Tapez le nom du profil exactement comme il est écrit pour confirmer.",
            "Type the profile's name exactly as written to confirm.",
        )
        .to_string();
    api.field = Some("confirm".into());
    api
}

#[cfg(test)]
mod tests {
    use super::same_name;

    #[test]
    fn the_confirmation_ignores_case_and_spaces_but_not_letters() {
        assert!(same_name("Léo Martin", "  léo martin "));
        assert!(!same_name("Léo Martin", "Leo Martin"));
        assert!(!same_name("Léo Martin", ""));
    }
}
