//! People across computers: the owner's invitations, joining with one,
//! who can open the profile, roles and withdrawals (the gateway decides,
//! the vault applies the same rule offline).

use carnet_api::{
    CreatedInvitation, Invitation, InvitationPreview, Joined, Keep, People, PeopleHistoryEntry,
    Person, Role,
};

use crate::command;

command! {
    /// Invites someone to help with the current profile; answers the code to pass on.
    fn invite_person(shell, name: String, role: Role, valid_hours: i64) -> CreatedInvitation {
        shell.with(|c| c.invite(&name, role, valid_hours))
    }
}

command! {
    /// Invitations of the current profile not used yet.
    fn list_invitations(shell) -> Vec<Invitation> {
        shell.with(|c| c.invitations())
    }
}

command! {
    /// Cancels an invitation before it is used.
    fn cancel_invitation(shell, id: String) -> () {
        shell.with(|c| c.cancel_invitation(&id))
    }
}

command! {
    /// What an invitation code is for (who invites, which profile, which role), without using it.
    fn preview_invitation(shell, server: String, code: String) -> InvitationPreview {
        shell.with(|c| c.preview_invitation(&server, &code))
    }
}

command! {
    /// Joins a profile with an invitation code into this vault; it becomes
    /// current. `keep`: for a young adult becoming owner, who keeps access.
    fn accept_invitation(shell, server: String, code: String, device_name: String, keep: Vec<Keep>) -> Joined {
        shell.with(|c| c.accept_invitation_keeping(&server, &code, &device_name, &keep))
    }
}

command! {
    /// Who can open the current profile, and from which computers (asks the gateway).
    fn list_people(shell) -> People {
        shell.with(|c| c.people())
    }
}

command! {
    /// Changes someone's role (owner or co-parent only).
    fn set_person_role(shell, person: String, role: Role, may_hide: bool) -> Person {
        shell.with(|c| c.set_person_role(&person, role, may_hide))
    }
}

command! {
    /// Withdraws someone's access; their computers erase their copy at next contact.
    fn revoke_person(shell, person: String) -> () {
        shell.with(|c| c.revoke_person(&person))
    }
}

command! {
    /// Withdraws one computer (lost, sold); it erases its copy at next contact.
    fn withdraw_device(shell, device: String) -> () {
        shell.with(|c| c.withdraw_device(&device))
    }
}

command! {
    /// Who was invited, joined, changed role or lost access, newest first (from the last sync).
    fn people_history(shell) -> Vec<PeopleHistoryEntry> {
        shell.with(|c| c.people_history())
    }
}
