//! Who may do what with a profile. One rule, read by the vault (members on
//! this computer and people joined from other computers) and by the gateway
//! (every device's sync), so the two can never disagree.

use serde::{Deserialize, Serialize};

use crate::{Problem, ValidationError};

/// A person's role on one profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The patient, or a parent for a minor: everything, and nobody can
    /// take their access away.
    Owner,
    /// The second parent of a minor: the owner's rights, except over the
    /// owner themselves. Stored as `parent` (the name vaults have used).
    Parent,
    /// Helps the person: reads and adds or edits records and documents;
    /// hides documents from professionals only if the owner allows it.
    Caregiver,
    /// Kept informed (an adult child, say): reads only.
    ReadOnly,
}

/// Something a person asks to do with a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Add, edit or delete records and documents.
    Write,
    /// Hide a document from professionals, or show it again.
    Hide,
    /// Invite people, cancel invitations, change roles, withdraw access.
    ManagePeople,
    /// Edit the profile's details (name, birth date, NIR…).
    EditDetails,
    /// Delete the whole profile.
    DeleteProfile,
}

impl Role {
    /// Every role, in the order a chooser shows them.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Parent, Role::Caregiver, Role::ReadOnly];

    /// Parses a role's stored name, or the names people type (`co-parent`, `read-only`).
    pub fn parse(value: &str) -> Result<Role, ValidationError> {
        match value.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "owner" => Ok(Role::Owner),
            "parent" | "co_parent" => Ok(Role::Parent),
            "caregiver" => Ok(Role::Caregiver),
            "read_only" | "readonly" => Ok(Role::ReadOnly),
            _ => Err(ValidationError::new(
                "role",
                Problem::UnknownChoice {
                    value: value.trim().chars().take(40).collect(),
                },
            )),
        }
    }

    /// The role's stored name (`owner`, `parent`, `caregiver`, `read_only`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Parent => "parent",
            Role::Caregiver => "caregiver",
            Role::ReadOnly => "read_only",
        }
    }

    /// Whether this role may do `action`. `may_hide` is the owner's
    /// permission for a caregiver to hide documents from professionals.
    pub fn allows(self, action: Action, may_hide: bool) -> bool {
        match self {
            Role::Owner | Role::Parent => true,
            Role::Caregiver => match action {
                Action::Write => true,
                Action::Hide => may_hide,
                Action::ManagePeople | Action::EditDetails | Action::DeleteProfile => false,
            },
            Role::ReadOnly => false,
        }
    }

    /// Whether this role may change the role of, or withdraw the access of,
    /// someone holding `other`. Nobody can take the owner's access away, so
    /// a profile always keeps its owner (when an owner and a co-parent
    /// revoke each other at once, the owner's revocation is the one that
    /// can happen).
    pub fn may_manage(self, other: Role) -> bool {
        self.allows(Action::ManagePeople, false) && other != Role::Owner
    }

    /// Whether this role may give `role` to someone (an invitation or a
    /// change of role). Ownership is never handed out this way: it passes
    /// only to a minor coming of age ([`Role::may_hand_over`]).
    pub fn may_grant(self, role: Role) -> bool {
        self.allows(Action::ManagePeople, false) && role != Role::Owner
    }

    /// What a member holding `self` on this computer may do with a profile
    /// the gateway gives this computer `given` on: the lesser of the two
    /// (a parent and an owner weigh the same).
    pub fn within(self, given: Role) -> Role {
        let rank = |r: Role| match r {
            Role::Owner | Role::Parent => 2,
            Role::Caregiver => 1,
            Role::ReadOnly => 0,
        };
        if rank(given) <= rank(self) {
            given
        } else {
            self
        }
    }

    /// Whether this role may invite the person a profile is about, once
    /// they are 18, to become its owner: the owner only (a co-parent cannot
    /// give away what the owner holds).
    pub fn may_hand_over(self) -> bool {
        self == Role::Owner
    }

    /// Whether a parent may go on with `self` once their child owns the
    /// profile: the new owner keeps them informed or helped, never as a
    /// parent again.
    pub fn kept_by_a_new_owner(self) -> bool {
        matches!(self, Role::Caregiver | Role::ReadOnly)
    }

    /// Whether someone holding `self` may withdraw one computer of a person
    /// holding `owner_of_device` (`own`: one of their own computers, lost
    /// or sold). Anyone may withdraw their own; the owner and co-parents,
    /// those of people they manage.
    pub fn may_withdraw_device(self, own: bool, owner_of_device: Role) -> bool {
        own || self.may_manage(owner_of_device)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn roles_are_read_and_written_by_their_stored_names() {
        for role in Role::ALL {
            let name = serde_json::to_value(role).unwrap();
            assert_eq!(name, role.as_str());
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
        }
        assert_eq!(Role::parse("co-parent").unwrap(), Role::Parent);
        assert_eq!(Role::parse("Read-Only").unwrap(), Role::ReadOnly);
        assert_eq!(Role::parse("admin").unwrap_err().field, "role");
    }

    #[test]
    fn each_role_may_do_what_the_family_expects() {
        use Action::*;
        let every = [Write, Hide, ManagePeople, EditDetails, DeleteProfile];
        for action in every {
            assert!(Role::Owner.allows(action, false));
            assert!(Role::Parent.allows(action, false));
            assert!(!Role::ReadOnly.allows(action, true));
        }
        assert!(Role::Caregiver.allows(Write, false));
        assert!(!Role::Caregiver.allows(Hide, false));
        assert!(Role::Caregiver.allows(Hide, true));
        for action in [ManagePeople, EditDetails, DeleteProfile] {
            assert!(!Role::Caregiver.allows(action, true));
        }
    }

    #[test]
    fn nobody_takes_the_owners_access_and_only_owners_and_parents_manage() {
        for actor in Role::ALL {
            assert!(
                !actor.may_manage(Role::Owner),
                "{actor:?} manages the owner"
            );
            assert!(
                !actor.may_grant(Role::Owner),
                "{actor:?} hands out ownership"
            );
        }
        assert_eq!(Role::Owner.within(Role::ReadOnly), Role::ReadOnly);
        assert_eq!(Role::Caregiver.within(Role::Owner), Role::Caregiver);
        assert_eq!(Role::Parent.within(Role::Owner), Role::Owner);
        assert!(Role::Owner.may_hand_over() && !Role::Parent.may_hand_over());
        assert!(!Role::Caregiver.may_hand_over() && !Role::ReadOnly.may_hand_over());
        let kept: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.kept_by_a_new_owner())
            .collect();
        assert_eq!(kept, [Role::Caregiver, Role::ReadOnly]);
        for actor in Role::ALL {
            assert!(actor.may_withdraw_device(true, actor));
        }
        assert!(!Role::Parent.may_withdraw_device(false, Role::Owner));
        assert!(!Role::Caregiver.may_withdraw_device(false, Role::ReadOnly));
        assert!(Role::Owner.may_withdraw_device(false, Role::Caregiver));
        for target in [Role::Parent, Role::Caregiver, Role::ReadOnly] {
            assert!(Role::Owner.may_manage(target));
            assert!(Role::Parent.may_manage(target));
            assert!(!Role::Caregiver.may_manage(target));
            assert!(!Role::ReadOnly.may_manage(target));
        }
    }
}

/// The longest name a person can be given in an invitation.
pub const MAX_PERSON_NAME: usize = 100;

/// A person's name as the owner types it for an invitation, as everyone
/// will see it: control characters dropped, trimmed, 1 to
/// [`MAX_PERSON_NAME`] characters. The vault checks it before asking, and
/// the gateway holds to it.
pub fn person_name(field: &'static str, typed: &str) -> Result<String, ValidationError> {
    let cleaned: String = typed.chars().filter(|c| !c.is_control()).collect();
    let name = cleaned.trim();
    if name.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    if name.chars().count() > MAX_PERSON_NAME {
        return Err(ValidationError::new(
            field,
            Problem::TooLong {
                max: MAX_PERSON_NAME,
            },
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod person_name_tests {
    use super::*;

    #[test]
    fn a_person_name_is_trimmed_cleaned_and_bounded() {
        assert_eq!(person_name("name", "  Claire\u{7}  ").unwrap(), "Claire");
        assert_eq!(
            person_name("name", " \n ").unwrap_err().problem,
            Problem::Required
        );
        let long = "a".repeat(MAX_PERSON_NAME + 1);
        assert!(matches!(
            person_name("name", &long).unwrap_err().problem,
            Problem::TooLong { .. }
        ));
        assert!(person_name("name", &"é".repeat(MAX_PERSON_NAME)).is_ok());
    }
}
