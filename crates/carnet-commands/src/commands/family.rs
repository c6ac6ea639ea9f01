//! Members of the vault and who can open which profile.

use carnet_api::{MemberSummary, Role, Secret};

use crate::command;

command! {
    /// Adds a member with their own passphrase.
    fn add_member(shell, name: String, passphrase: String) -> MemberSummary {
        let passphrase = Secret::from(passphrase);
        shell.with(|c| c.add_member(&name, &passphrase))
    }
}

command! {
    /// Lets a member open a profile, with a role.
    fn grant_access(shell, profile_id: String, member_id: String, role: Role) -> () {
        shell.with(|c| c.grant(&profile_id, &member_id, role))
    }
}

command! {
    /// Takes a member's access to a profile away.
    fn revoke_access(shell, profile_id: String, member_id: String) -> () {
        shell.with(|c| c.revoke(&profile_id, &member_id))
    }
}
