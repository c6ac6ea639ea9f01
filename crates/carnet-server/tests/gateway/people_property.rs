//! Random sequences of invitations, joins, role changes, withdrawals, edits
//! and syncs on 2 to 4 computers, against a model of the rule of roles:
//! every answer is the one the rule gives, no write outside a role is
//! kept, every withdrawn device is refused, the replicas that still have
//! access converge, and the owner never loses access.

use std::collections::BTreeSet;

use carnet_model::Role;
use proptest::prelude::*;
use serde_json::json;

use crate::common::*;
use crate::people::{record, Raw};

#[derive(Debug, Clone)]
enum Op {
    /// Computer `by` invites a new person with `role`, who joins at once.
    Invite {
        by: usize,
        role: Role,
    },
    SetRole {
        by: usize,
        target: usize,
        role: Role,
    },
    Revoke {
        by: usize,
        target: usize,
    },
    /// Computer `who` adds a record offline.
    Edit {
        who: usize,
    },
    Sync {
        who: usize,
    },
}

fn grantable() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Parent),
        Just(Role::Caregiver),
        Just(Role::ReadOnly)
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4usize, grantable()).prop_map(|(by, role)| Op::Invite { by, role }),
        (0..4usize, 0..4usize, grantable()).prop_map(|(by, target, role)| Op::SetRole {
            by,
            target,
            role
        }),
        (0..4usize, 0..4usize).prop_map(|(by, target)| Op::Revoke { by, target }),
        (0..4usize).prop_map(|who| Op::Edit { who }),
        (0..4usize).prop_map(|who| Op::Sync { who }),
    ]
}

/// One computer and what the model says of its person.
struct Computer {
    raw: Raw,
    person: String,
    role: Role,
    withdrawn: bool,
    /// Records made here and not yet accepted by the gateway.
    pending: Vec<String>,
}

fn run(gateway: &Gateway, ops: &[Op]) -> Result<(), TestCaseError> {
    let (_, code) = gateway.new_account();
    let mut owner = Raw::pair(gateway, &code);
    // Who the profile is about: helpers' copies start from it.
    owner
        .doc
        .put_details(&carnet_model::ProfileInfo {
            name: "Papa".into(),
            birth_date: "1941-03-02".parse().unwrap(),
            sex: carnet_model::Sex::Male,
            nir: None,
            doctor: None,
            emergency_contacts: Vec::new(),
        })
        .unwrap();
    owner.doc.commit("details");
    prop_assert_eq!(owner.sync().0, 200);
    let owner_id = owner.people()["you"].as_str().unwrap().to_string();
    let mut computers = vec![Computer {
        raw: owner,
        person: owner_id.clone(),
        role: Role::Owner,
        withdrawn: false,
        pending: Vec::new(),
    }];
    let mut accepted: BTreeSet<String> = BTreeSet::new();
    for op in ops {
        match *op {
            Op::Invite { by, role } => {
                let Some(c) = computers.get(by) else { continue };
                if computers.len() == 4 {
                    continue;
                }
                let allowed = !c.withdrawn && c.role.may_grant(role);
                let (status, body) = c.raw.call(
                    "POST",
                    "invitations",
                    Some(json!({ "name": "Aide", "role": role.as_str() })),
                );
                if !allowed {
                    prop_assert_eq!(status, 403, "{:?} by {:?}", op, c.role);
                    continue;
                }
                prop_assert_eq!(status, 201, "{:?}: {}", op, body);
                let raw = Raw::accept(gateway, body["code"].as_str().unwrap());
                let person = raw.people()["you"].as_str().unwrap().to_string();
                computers.push(Computer {
                    raw,
                    person,
                    role,
                    withdrawn: false,
                    pending: Vec::new(),
                });
            }
            Op::SetRole { by, target, role } => {
                let (Some(c), Some(t)) = (computers.get(by), computers.get(target)) else {
                    continue;
                };
                let allowed = !c.withdrawn
                    && !t.withdrawn
                    && c.role.may_manage(t.role)
                    && c.role.may_grant(role);
                let (status, _) = c.raw.call(
                    "PUT",
                    &format!("people/{}/role", t.person),
                    Some(json!({ "role": role.as_str() })),
                );
                let expected = if allowed {
                    200
                } else if !c.withdrawn && t.withdrawn && c.role.may_grant(role) {
                    404
                } else {
                    403
                };
                prop_assert_eq!(status, expected, "{:?}", op);
                if allowed {
                    // Every computer of that person.
                    let person = computers[target].person.clone();
                    for other in computers.iter_mut().filter(|o| o.person == person) {
                        other.role = role;
                    }
                }
            }
            Op::Revoke { by, target } => {
                let (Some(c), Some(t)) = (computers.get(by), computers.get(target)) else {
                    continue;
                };
                let allowed = !c.withdrawn && !t.withdrawn && c.role.may_manage(t.role);
                let (status, _) = c.raw.delete(&format!("people/{}", t.person));
                let expected = if allowed {
                    204
                } else if !c.withdrawn && t.withdrawn && c.role.may_manage(t.role) {
                    404
                } else {
                    403
                };
                prop_assert_eq!(status, expected, "{:?}", op);
                if allowed {
                    computers[target].withdrawn = true;
                }
            }
            Op::Edit { who } => {
                let Some(c) = computers.get_mut(who) else {
                    continue;
                };
                let r = record(allergy("Pollen"));
                c.raw.doc.put_record(&r).unwrap();
                c.raw.doc.commit("edit");
                c.pending.push(r.id);
            }
            Op::Sync { who } => {
                let Some(c) = computers.get_mut(who) else {
                    continue;
                };
                let (status, body) = c.raw.sync();
                if c.withdrawn {
                    prop_assert_eq!(status, 403);
                    prop_assert_eq!(body["error"].as_str(), Some("access_withdrawn"));
                } else if !c.pending.is_empty()
                    && !c.role.allows(carnet_model::Action::Write, false)
                {
                    prop_assert_eq!(status, 403, "{:?} as {:?}", op, c.role);
                    prop_assert_eq!(body["error"].as_str(), Some("outside_role"));
                    // What Carnet does: the refused changes go, the copy is rebuilt.
                    c.pending.clear();
                    c.raw.reset();
                    prop_assert_eq!(c.raw.sync().0, 200);
                } else {
                    prop_assert_eq!(status, 200, "{:?}: {}", op, body);
                    accepted.extend(c.pending.drain(..));
                }
            }
        }
    }

    // The owner never loses access, and is still the owner.
    prop_assert!(!computers[0].withdrawn);
    let people = computers[0].raw.people();
    prop_assert_eq!(people["you"].as_str(), Some(owner_id.as_str()));
    prop_assert_eq!(people["people"][0]["role"].as_str(), Some("owner"));
    // Whoever still has access and may write sends what is pending; a
    // reader's pending edits are refused and dropped.
    for c in computers.iter_mut().filter(|c| !c.withdrawn) {
        if c.pending.is_empty() || c.role.allows(carnet_model::Action::Write, false) {
            prop_assert_eq!(c.raw.sync().0, 200);
            accepted.extend(c.pending.drain(..));
        } else {
            prop_assert_eq!(c.raw.sync().0, 403);
            c.raw.reset();
        }
    }
    // Everyone converges on exactly the records the rule let through.
    for c in computers.iter_mut().filter(|c| !c.withdrawn) {
        prop_assert_eq!(c.raw.sync().0, 200);
        let ids: BTreeSet<String> = c
            .raw
            .doc
            .record_ids()
            .unwrap()
            .into_iter()
            .filter(|id| c.raw.doc.record(id).ok().flatten().is_some())
            .collect();
        prop_assert_eq!(&ids, &accepted);
    }
    Ok(())
}

#[test]
fn random_people_changes_keep_the_rule_of_roles() {
    let tmp = tempfile::tempdir().unwrap();
    // Joins come quickly here: no pairing throttle for this test's address.
    let gateway = Gateway::start_with(
        &tmp.path().join("gateway"),
        carnet_server::Limits {
            pairing_per_second: 1e6,
            pairing_burst: 1e6,
            per_second: 1e6,
            burst: 1e6,
            ..Default::default()
        },
    );
    let cases = std::env::var("CARNET_PEOPLE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&proptest::collection::vec(op(), 1..12), |ops| {
            run(&gateway, &ops)
        })
        .unwrap();
}
