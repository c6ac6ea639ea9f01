//! People across computers: the owner's invitations, joining with one,
//! who can open the profile, roles and withdrawals (the gateway decides,
//! the vault applies the same rule offline).

use carnet_api::{
    CreatedInvitation, Invitation, People, PeopleEvent, Person, ProfileSummary, Role,
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
    /// Joins a profile with an invitation code into this vault; it becomes current.
    fn accept_invitation(shell, server: String, code: String, device_name: String) -> ProfileSummary {
        shell.with(|c| c.accept_invitation(&server, &code, &device_name))
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
    /// Who was invited, joined, changed role or lost access (from the last sync).
    fn people_events(shell) -> Vec<PeopleEvent> {
        shell.with(|c| c.people_events())
    }
}
