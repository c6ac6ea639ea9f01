//! Profiles: list, create, edit, choose, overview.

use carnet_api::{parse_input, Overview, ProfileSummary};
use carnet_model::ProfileInfo;
use serde_json::Value;

use crate::command;

command! {
    /// The profiles the member can open.
    fn list_profiles(shell) -> Vec<ProfileSummary> {
        shell.with(|c| c.profiles())
    }
}

command! {
    /// Creates a profile; its details are checked by the model.
    fn create_profile(shell, #[ts(as = "ProfileInfo")] info: Value) -> ProfileSummary {
        shell.with(|c| {
            let info: ProfileInfo = parse_input(info, c.lang())?;
            c.create_profile(info)
        })
    }
}

command! {
    /// Changes the current profile's details.
    fn update_profile(shell, #[ts(as = "ProfileInfo")] info: Value) -> ProfileInfo {
        shell.with(|c| {
            let info: ProfileInfo = parse_input(info, c.lang())?;
            c.update_profile(info)
        })
    }
}

command! {
    /// Opens a profile: the next commands work on it.
    fn select_profile(shell, id: String) -> () {
        shell.with(|c| c.select_profile(&id))
    }
}

command! {
    /// The current profile at a glance.
    fn get_overview(shell) -> Overview {
        shell.with(|c| c.overview())
    }
}

command! {
    /// Deletes the current profile for good (owner only), on this computer
    /// and, when linked, at the gateway and on every other computer;
    /// `confirm` is its name typed again. The window offers a backup first.
    fn delete_profile(shell, confirm: String) -> () {
        shell.with(|c| c.delete_profile(&confirm, None))
    }
}
