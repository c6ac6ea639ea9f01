//! Who can open each profile on the gateway: people with a role, their
//! devices, and the owner's invitations. Every check that decides an action
//! (may this person revoke that one?) runs in the same statement batch as
//! the action, under the storage's one connection, so two owners revoking
//! each other at the same moment are decided one after the other.

use carnet_model::Role;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

pub use carnet_sync::{Invitation, Keep, Person, PersonBrief, PersonDevice};

use crate::storage::{SqliteStorage, StorageResult};

/// A new invitation, its code already hashed.
#[derive(Debug, Clone)]
pub struct NewInvitation<'a> {
    pub id: &'a str,
    pub profile: &'a str,
    pub code_hash: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub created_by: &'a str,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The device a person joins with, its token already hashed.
#[derive(Debug, Clone)]
pub struct NewDevice<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub name: &'a str,
}

/// What accepting an invitation made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub profile: String,
    pub person: String,
    pub name: String,
    pub role: Role,
    pub invited_by: String,
    /// For a new owner: the people kept, with their new role…
    pub kept: Vec<PersonBrief>,
    /// …and those whose access ended.
    pub withdrawn: Vec<String>,
}

/// A pending invitation, looked up by its code without using it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingInvitation {
    pub profile: String,
    pub name: String,
    pub role: Role,
    pub invited_by: String,
    pub expires_at: DateTime<Utc>,
}

/// Why an invitation code was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAccepted {
    /// Unknown, used, cancelled or expired; or its author can no longer
    /// give what it offers.
    Invalid,
    /// The new owner's choices name someone who cannot open the profile,
    /// or a role a former parent cannot keep (the code stays usable).
    BadChoice,
}

/// Why a change of people was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The caller's role does not allow it.
    Forbidden,
    /// No such person or invitation on this profile.
    NotFound,
}

/// The person whose access was withdrawn, and who withdrew it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    pub person: String,
    pub by: String,
}

/// What the gateway stores about people; secrets arrive hashed.
pub trait PeopleStore {
    fn add_invitation(&self, invitation: &NewInvitation<'_>) -> StorageResult<()>;
    /// Pending invitations that have not expired, oldest first.
    fn invitations(&self, profile: &str, now: DateTime<Utc>) -> StorageResult<Vec<Invitation>>;
    /// Cancels a pending invitation; returns its name.
    fn cancel_invitation(&self, profile: &str, id: &str) -> StorageResult<Option<String>>;
    /// A pending invitation, without using it.
    fn pending_invitation(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<PendingInvitation>>;
    /// Uses an invitation code once: the person and their device are made
    /// together. An owner's invitation (the person the profile is about,
    /// come of age) also settles everyone else at once: those in `keep`
    /// get the role chosen for them, the others lose their access, and
    /// other pending invitations are cancelled.
    fn accept_invitation(
        &self,
        code_hash: &str,
        device: &NewDevice<'_>,
        keep: &[Keep],
        now: DateTime<Utc>,
    ) -> StorageResult<Result<Joined, NotAccepted>>;
    /// People who can open the profile now, with their devices.
    fn people(&self, profile: &str) -> StorageResult<Vec<Person>>;
    /// People who can open the profile now, in short.
    fn briefs(&self, profile: &str) -> StorageResult<Vec<PersonBrief>>;
    /// Since when the profile's owner has held it (the account's opening,
    /// or the day its person came of age and took it over).
    fn owner_since(&self, profile: &str) -> StorageResult<Option<DateTime<Utc>>>;
    /// The birth date the profile's details first brought, kept for good:
    /// an age is judged by it, so editing the details cannot make anyone
    /// come of age.
    fn first_birth_date(&self, profile: &str) -> StorageResult<Option<chrono::NaiveDate>>;
    /// Keeps `birth` as the profile's first birth date, unless one is kept already.
    fn keep_first_birth_date(&self, profile: &str, birth: chrono::NaiveDate) -> StorageResult<()>;
    /// `actor` withdraws one computer (theirs, or of someone they manage):
    /// it is refused from then on and erases its copy at next contact.
    /// Answers the computer's name and its person's name.
    fn withdraw_device(
        &self,
        profile: &str,
        actor: &str,
        device: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Result<(String, String), Refusal>>;
    /// `actor` changes `target`'s role, if the rule of roles lets them.
    fn set_role(
        &self,
        profile: &str,
        actor: &str,
        target: &str,
        role: Role,
        may_hide: bool,
    ) -> StorageResult<Result<Person, Refusal>>;
    /// `actor` withdraws `target`'s access, if the rule of roles lets them:
    /// their devices are refused from then on.
    fn revoke_person(
        &self,
        profile: &str,
        actor: &str,
        target: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Result<Person, Refusal>>;
    /// Deletes a profile for good, if `actor` may: its document, sync
    /// states, consents and documents' content go; every person is withdrawn
    /// (by `actor`) so each device erases its copy at next contact. Answers
    /// the actor's name.
    fn delete_profile(
        &self,
        profile: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Result<String, Refusal>>;
    fn mark_device_synced(&self, device: &str, now: DateTime<Utc>) -> StorageResult<()>;
    /// Notes once that a withdrawn device erased its copy; false if it was noted already.
    fn mark_device_erased(&self, device: &str, now: DateTime<Utc>) -> StorageResult<bool>;
    fn device_name(&self, device: &str) -> StorageResult<Option<String>>;
}

pub(crate) fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn parse_time(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

pub(crate) fn parse_role(text: &str) -> rusqlite::Result<Role> {
    Role::parse(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

/// An active person of `profile` (not revoked).
fn person_row(c: &Connection, profile: &str, id: &str) -> rusqlite::Result<Option<(String, Role)>> {
    c.query_row(
        "SELECT name, role FROM people WHERE id = ?1 AND profile = ?2 AND revoked_at IS NULL",
        params![id, profile],
        |r| Ok((r.get::<_, String>(0)?, parse_role(&r.get::<_, String>(1)?)?)),
    )
    .optional()
}

/// Settles everyone who can open `profile` when the person it is about
/// becomes its owner: kept with the role chosen for them, or withdrawn by
/// the new owner. Answers the kept and the withdrawn.
#[allow(clippy::type_complexity)]
fn hand_over(
    tx: &Connection,
    profile: &str,
    new_owner: &str,
    keep: &[Keep],
    at: &str,
) -> rusqlite::Result<Result<(Vec<PersonBrief>, Vec<String>), NotAccepted>> {
    let everyone: Vec<(String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, name FROM people WHERE profile = ?1 AND revoked_at IS NULL ORDER BY added_at, rowid",
        )?;
        let rows = stmt.query_map([profile], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let known = |id: &str| everyone.iter().any(|(p, _)| p == id);
    if keep
        .iter()
        .any(|k| !known(&k.person) || !k.role.kept_by_a_new_owner())
    {
        return Ok(Err(NotAccepted::BadChoice));
    }
    let (mut kept, mut withdrawn) = (Vec::new(), Vec::new());
    for (id, name) in everyone {
        match keep.iter().find(|k| k.person == id) {
            Some(k) => {
                tx.execute(
                    "UPDATE people SET role = ?2, may_hide = 0 WHERE id = ?1",
                    params![id, k.role.as_str()],
                )?;
                kept.push(PersonBrief {
                    id,
                    name,
                    role: k.role,
                });
            }
            None => {
                tx.execute(
                    "UPDATE people SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1",
                    params![id, at, new_owner],
                )?;
                tx.execute(
                    "DELETE FROM sync_states WHERE device IN (SELECT id FROM devices WHERE person = ?1)",
                    [&id],
                )?;
                withdrawn.push(name);
            }
        }
    }
    tx.execute(
        "UPDATE invitations SET state = 'cancelled' WHERE profile = ?1 AND state = 'pending'",
        [profile],
    )?;
    Ok(Ok((kept, withdrawn)))
}

/// Everyone who can open `profile` now, in short.
fn read_briefs(c: &Connection, profile: &str) -> rusqlite::Result<Vec<PersonBrief>> {
    let mut stmt = c.prepare(
        "SELECT id, name, role FROM people WHERE profile = ?1 AND revoked_at IS NULL ORDER BY added_at, rowid",
    )?;
    let rows = stmt.query_map([profile], |r| {
        Ok(PersonBrief {
            id: r.get(0)?,
            name: r.get(1)?,
            role: parse_role(&r.get::<_, String>(2)?)?,
        })
    })?;
    rows.collect()
}

fn read_people(c: &Connection, profile: &str, only: Option<&str>) -> rusqlite::Result<Vec<Person>> {
    let mut stmt = c.prepare(
        "SELECT p.id, p.name, p.role, p.may_hide, p.added_at, b.name
         FROM people p LEFT JOIN people b ON b.id = p.added_by
         WHERE p.profile = ?1 AND p.revoked_at IS NULL AND (?2 IS NULL OR p.id = ?2)
         ORDER BY p.added_at, p.rowid",
    )?;
    let mut people: Vec<Person> = stmt
        .query_map(params![profile, only], |r| {
            Ok(Person {
                id: r.get(0)?,
                name: r.get(1)?,
                role: parse_role(&r.get::<_, String>(2)?)?,
                may_hide: r.get(3)?,
                added_at: parse_time(&r.get::<_, String>(4)?)?,
                added_by: r.get(5)?,
                devices: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut devices = c.prepare(
        "SELECT id, name, created_at, last_sync FROM devices
         WHERE person = ?1 AND revoked_at IS NULL AND withdrawn_at IS NULL
         ORDER BY created_at, rowid",
    )?;
    for person in &mut people {
        person.devices = devices
            .query_map([&person.id], |r| {
                Ok(PersonDevice {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    added_at: parse_time(&r.get::<_, String>(2)?)?,
                    last_sync: r
                        .get::<_, Option<String>>(3)?
                        .map(|t| parse_time(&t))
                        .transpose()?,
                    may_withdraw: false,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(people)
}

impl PeopleStore for SqliteStorage {
    fn add_invitation(&self, inv: &NewInvitation<'_>) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO invitations (id, profile, code_hash, name, role, created_by, created_at, expires_at, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pending')",
                params![
                    inv.id,
                    inv.profile,
                    inv.code_hash,
                    inv.name,
                    inv.role.as_str(),
                    inv.created_by,
                    time_text(inv.created_at),
                    time_text(inv.expires_at)
                ],
            )?;
            Ok(())
        })
    }

    fn invitations(&self, profile: &str, now: DateTime<Utc>) -> StorageResult<Vec<Invitation>> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT i.id, i.name, i.role, i.created_at, i.expires_at, p.name
                 FROM invitations i JOIN people p ON p.id = i.created_by
                 WHERE i.profile = ?1 AND i.state = 'pending' AND i.expires_at > ?2
                 ORDER BY i.created_at, i.rowid",
            )?;
            let rows = stmt
                .query_map(params![profile, time_text(now)], |r| {
                    Ok(Invitation {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        role: parse_role(&r.get::<_, String>(2)?)?,
                        created_at: parse_time(&r.get::<_, String>(3)?)?,
                        expires_at: parse_time(&r.get::<_, String>(4)?)?,
                        created_by: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    fn cancel_invitation(&self, profile: &str, id: &str) -> StorageResult<Option<String>> {
        self.with(|c| {
            Ok(c.query_row(
                "UPDATE invitations SET state = 'cancelled'
                 WHERE id = ?1 AND profile = ?2 AND state = 'pending' RETURNING name",
                params![id, profile],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    fn pending_invitation(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<PendingInvitation>> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT i.profile, i.name, i.role, p.name, i.expires_at
                 FROM invitations i JOIN people p ON p.id = i.created_by
                 WHERE i.code_hash = ?1 AND i.state = 'pending' AND i.expires_at > ?2",
                params![code_hash, time_text(now)],
                |r| {
                    Ok(PendingInvitation {
                        profile: r.get(0)?,
                        name: r.get(1)?,
                        role: parse_role(&r.get::<_, String>(2)?)?,
                        invited_by: r.get(3)?,
                        expires_at: parse_time(&r.get::<_, String>(4)?)?,
                    })
                },
            )
            .optional()?)
        })
    }

    fn accept_invitation(
        &self,
        code_hash: &str,
        device: &NewDevice<'_>,
        keep: &[Keep],
        now: DateTime<Utc>,
    ) -> StorageResult<Result<Joined, NotAccepted>> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            // Marked used whatever its state, so a code is never tried twice.
            let row: Option<(String, String, String, String, String, String)> = tx
                .query_row(
                    "UPDATE invitations SET state = CASE WHEN state = 'pending' AND expires_at > ?2
                        THEN 'accepted' ELSE state END
                     WHERE code_hash = ?1
                     RETURNING id, profile, name, role, created_by, state",
                    params![code_hash, time_text(now)],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
                )
                .optional()?;
            let Some((invitation, profile, name, role, created_by, state)) = row else {
                return Ok(Err(NotAccepted::Invalid));
            };
            if state != "accepted" {
                return Ok(Err(NotAccepted::Invalid));
            }
            // A code used twice: the second use finds it accepted already.
            let already: bool = tx.query_row(
                "SELECT COUNT(*) > 0 FROM people WHERE invitation = ?1",
                [&invitation],
                |r| r.get(0),
            )?;
            if already {
                return Ok(Err(NotAccepted::Invalid));
            }
            let role = parse_role(&role)?;
            let at = time_text(now);
            let (kept, withdrawn) = if role == Role::Owner {
                // Only a parent still in place hands the profile over.
                let inviter = person_row(&tx, &profile, &created_by)?;
                if !inviter.is_some_and(|(_, r)| r.may_hand_over()) {
                    return Ok(Err(NotAccepted::Invalid));
                }
                match hand_over(&tx, &profile, &name, keep, &at)? {
                    Ok(settled) => settled,
                    Err(refusal) => return Ok(Err(refusal)),
                }
            } else if !keep.is_empty() {
                return Ok(Err(NotAccepted::BadChoice));
            } else {
                // Its author must still be allowed to give that role.
                let inviter = person_row(&tx, &profile, &created_by)?;
                if !inviter.is_some_and(|(_, r)| r.may_grant(role)) {
                    return Ok(Err(NotAccepted::Invalid));
                }
                (Vec::new(), Vec::new())
            };
            let person = crate::auth::new_id();
            tx.execute(
                "INSERT INTO people (id, profile, name, role, may_hide, added_at, added_by, invitation)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![person, profile, name, role.as_str(), role == Role::Owner, at, created_by, invitation],
            )?;
            tx.execute(
                "INSERT INTO devices (id, profile, token_hash, name, created_at, person)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![device.id, profile, device.token_hash, device.name, at, person],
            )?;
            let invited_by: String = tx.query_row(
                "SELECT name FROM people WHERE id = ?1",
                [&created_by],
                |r| r.get(0),
            )?;
            tx.commit()?;
            Ok(Ok(Joined {
                profile,
                person,
                name,
                role,
                invited_by,
                kept,
                withdrawn,
            }))
        })
    }

    fn people(&self, profile: &str) -> StorageResult<Vec<Person>> {
        self.with(|c| Ok(read_people(c, profile, None)?))
    }

    fn briefs(&self, profile: &str) -> StorageResult<Vec<PersonBrief>> {
        self.with(|c| Ok(read_briefs(c, profile)?))
    }

    fn first_birth_date(&self, profile: &str) -> StorageResult<Option<chrono::NaiveDate>> {
        self.with(|c| {
            let text: Option<String> = c
                .query_row(
                    "SELECT birth_date FROM first_birth_dates WHERE profile = ?1",
                    [profile],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(text.and_then(|t| t.parse().ok()))
        })
    }

    fn keep_first_birth_date(&self, profile: &str, birth: chrono::NaiveDate) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT OR IGNORE INTO first_birth_dates (profile, birth_date) VALUES (?1, ?2)",
                params![profile, birth.to_string()],
            )?;
            Ok(())
        })
    }

    fn owner_since(&self, profile: &str) -> StorageResult<Option<DateTime<Utc>>> {
        self.with(|c| {
            let since: Option<String> = c
                .query_row(
                    "SELECT added_at FROM people
                     WHERE profile = ?1 AND role = 'owner' AND revoked_at IS NULL
                     ORDER BY added_at LIMIT 1",
                    [profile],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(since.map(|t| parse_time(&t)).transpose()?)
        })
    }

    fn set_role(
        &self,
        profile: &str,
        actor: &str,
        target: &str,
        role: Role,
        may_hide: bool,
    ) -> StorageResult<Result<Person, Refusal>> {
        self.with(|c| {
            let Some((_, actor_role)) = person_row(c, profile, actor)? else {
                return Ok(Err(Refusal::Forbidden));
            };
            let Some((_, target_role)) = person_row(c, profile, target)? else {
                return Ok(Err(Refusal::NotFound));
            };
            if !actor_role.may_manage(target_role) || !actor_role.may_grant(role) {
                return Ok(Err(Refusal::Forbidden));
            }
            let may_hide = role != Role::Caregiver || may_hide;
            c.execute(
                "UPDATE people SET role = ?3, may_hide = ?4 WHERE id = ?1 AND profile = ?2",
                params![target, profile, role.as_str(), may_hide],
            )?;
            let mut people = read_people(c, profile, Some(target))?;
            Ok(people.pop().ok_or(Refusal::NotFound))
        })
    }

    fn revoke_person(
        &self,
        profile: &str,
        actor: &str,
        target: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Result<Person, Refusal>> {
        self.with(|c| {
            let Some((actor_name, actor_role)) = person_row(c, profile, actor)? else {
                return Ok(Err(Refusal::Forbidden));
            };
            let Some((_, target_role)) = person_row(c, profile, target)? else {
                return Ok(Err(Refusal::NotFound));
            };
            if !actor_role.may_manage(target_role) {
                return Ok(Err(Refusal::Forbidden));
            }
            let mut people = read_people(c, profile, Some(target))?;
            let Some(person) = people.pop() else {
                return Ok(Err(Refusal::NotFound));
            };
            let tx = c.unchecked_transaction()?;
            tx.execute(
                "UPDATE people SET revoked_at = ?3, revoked_by = ?4 WHERE id = ?1 AND profile = ?2",
                params![target, profile, time_text(now), actor_name],
            )?;
            tx.execute(
                "DELETE FROM sync_states WHERE device IN (SELECT id FROM devices WHERE person = ?1)",
                [target],
            )?;
            tx.commit()?;
            Ok(Ok(person))
        })
    }

    fn withdraw_device(
        &self,
        profile: &str,
        actor: &str,
        device: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Result<(String, String), Refusal>> {
        self.with(|c| {
            let Some((actor_name, actor_role)) = person_row(c, profile, actor)? else {
                return Ok(Err(Refusal::Forbidden));
            };
            let target: Option<(String, String, String, String)> = c
                .query_row(
                    "SELECT d.name, p.id, p.name, p.role FROM devices d JOIN people p ON p.id = d.person
                     WHERE d.id = ?1 AND d.profile = ?2 AND d.revoked_at IS NULL
                       AND d.withdrawn_at IS NULL AND p.revoked_at IS NULL",
                    params![device, profile],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((device_name, person, person_name, role)) = target else {
                return Ok(Err(Refusal::NotFound));
            };
            if !actor_role.may_withdraw_device(person == actor, parse_role(&role)?) {
                return Ok(Err(Refusal::Forbidden));
            }
            let tx = c.unchecked_transaction()?;
            tx.execute(
                "UPDATE devices SET withdrawn_at = ?2, withdrawn_by = ?3 WHERE id = ?1",
                params![device, time_text(now), actor_name],
            )?;
            tx.execute("DELETE FROM sync_states WHERE device = ?1", [device])?;
            tx.commit()?;
            Ok(Ok((device_name, person_name)))
        })
    }

    fn delete_profile(
        &self,
        profile: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Result<String, Refusal>> {
        self.with(|c| {
            let Some((actor_name, actor_role)) = person_row(c, profile, actor)? else {
                return Ok(Err(Refusal::Forbidden));
            };
            let may_hide: bool = c.query_row(
                "SELECT may_hide FROM people WHERE id = ?1",
                [actor],
                |r| r.get(0),
            )?;
            if !actor_role.allows(carnet_model::Action::DeleteProfile, may_hide) {
                return Ok(Err(Refusal::Forbidden));
            }
            let tx = c.unchecked_transaction()?;
            let now = time_text(now);
            tx.execute(
                "UPDATE people SET revoked_at = ?2, revoked_by = ?3 WHERE profile = ?1 AND revoked_at IS NULL",
                params![profile, now, actor_name],
            )?;
            tx.execute(
                "UPDATE invitations SET state = 'cancelled' WHERE profile = ?1 AND state = 'pending'",
                [profile],
            )?;
            tx.execute("DELETE FROM pairing_codes WHERE profile = ?1", [profile])?;
            tx.execute("DELETE FROM doc_parts WHERE profile = ?1", [profile])?;
            tx.execute("DELETE FROM sync_states WHERE profile = ?1", [profile])?;
            tx.execute("DELETE FROM professional_access WHERE profile = ?1", [profile])?;
            let orphans: Vec<String> = {
                let mut stmt = tx.prepare(
                    "SELECT sha256 FROM profile_blobs WHERE profile = ?1
                     AND sha256 NOT IN (SELECT sha256 FROM profile_blobs WHERE profile <> ?1)",
                )?;
                let rows = stmt.query_map([profile], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            tx.execute("DELETE FROM profile_blobs WHERE profile = ?1", [profile])?;
            tx.execute(
                "UPDATE profiles SET deleted_at = ?2 WHERE id = ?1",
                params![profile, now],
            )?;
            tx.commit()?;
            // Content no other profile links to goes with it (still under
            // the connection's lock, which linking new content also takes).
            for sha256 in &orphans {
                match std::fs::remove_file(self.blob_path(sha256)) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
            }
            Ok(Ok(actor_name))
        })
    }

    fn mark_device_synced(&self, device: &str, now: DateTime<Utc>) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "UPDATE devices SET last_sync = ?2 WHERE id = ?1",
                params![device, time_text(now)],
            )?;
            Ok(())
        })
    }

    fn mark_device_erased(&self, device: &str, now: DateTime<Utc>) -> StorageResult<bool> {
        self.with(|c| {
            Ok(c.execute(
                "UPDATE devices SET erased_at = ?2 WHERE id = ?1 AND erased_at IS NULL",
                params![device, time_text(now)],
            )? == 1)
        })
    }

    fn device_name(&self, device: &str) -> StorageResult<Option<String>> {
        self.with(|c| {
            Ok(
                c.query_row("SELECT name FROM devices WHERE id = ?1", [device], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })
    }
}

/// Tables of people and invitations, and the move of devices paired before
/// people existed: each profile's holder becomes its owner, with those devices.
pub(crate) const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS people (
    id TEXT PRIMARY KEY, profile TEXT NOT NULL REFERENCES profiles(id), name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'parent', 'caregiver', 'read_only')),
    may_hide INTEGER NOT NULL DEFAULT 0, added_at TEXT NOT NULL, added_by TEXT,
    invitation TEXT UNIQUE, revoked_at TEXT, revoked_by TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS people_by_profile ON people (profile);
CREATE TABLE IF NOT EXISTS first_birth_dates (
    profile TEXT PRIMARY KEY REFERENCES profiles(id), birth_date TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS invitations (
    id TEXT PRIMARY KEY, profile TEXT NOT NULL REFERENCES profiles(id),
    code_hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES people(id), created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'cancelled'))
) STRICT;
"#;

/// Columns devices gained with people, and the holders of older accounts.
pub(crate) fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let has_person: bool = conn.query_row(
        "SELECT COUNT(*) FROM pragma_table_info('devices') WHERE name = 'person'",
        [],
        |r| r.get(0),
    )?;
    if !has_person {
        conn.execute_batch(
            "ALTER TABLE devices ADD COLUMN person TEXT REFERENCES people(id);
             ALTER TABLE devices ADD COLUMN last_sync TEXT;
             ALTER TABLE devices ADD COLUMN erased_at TEXT;",
        )?;
    }
    // One computer withdrawn from another (lost, sold): unlike an unpaired
    // one, it still hears who withdrew it, and erases its copy. Each column
    // on its own, so a start stopped between the two finishes next time.
    for column in ["withdrawn_at", "withdrawn_by"] {
        let has: bool = conn.query_row(
            "SELECT COUNT(*) FROM pragma_table_info('devices') WHERE name = ?1",
            [column],
            |r| r.get(0),
        )?;
        if !has {
            conn.execute_batch(&format!("ALTER TABLE devices ADD COLUMN {column} TEXT;"))?;
        }
    }
    conn.execute_batch(
        "INSERT INTO people (id, profile, name, role, may_hide, added_at)
            SELECT lower(hex(randomblob(16))), id, 'Titulaire', 'owner', 1, created_at FROM profiles
            WHERE id NOT IN (SELECT profile FROM people WHERE role = 'owner');
         UPDATE devices SET person = (SELECT id FROM people
            WHERE people.profile = devices.profile AND people.role = 'owner')
            WHERE person IS NULL;
         CREATE INDEX IF NOT EXISTS devices_by_person ON devices (person);",
    )
}
