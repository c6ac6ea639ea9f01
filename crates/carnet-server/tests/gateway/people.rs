//! People across computers: the owner's invitations, helpers joining into
//! their own vaults, roles held by the vault and by the gateway, withdrawal
//! and the erase of the helper's copy.

use std::sync::{Arc, Barrier};

use carnet_api::{Carnet, ErrorCode, PeopleAction, Role};
use carnet_model::*;
use carnet_sync::{protocol, PeerState, ProfileDoc};
use serde_json::{json, Value};

use crate::common::*;

/// A helper's computer: their own vault and member, no profile yet.
fn helper(dir: &std::path::Path, name: &str) -> Carnet {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let mut carnet = Carnet::new(dir.join(name), Lang::Fr);
    carnet
        .create_vault(name, &secret("helper passphrase"))
        .unwrap();
    carnet
}

/// The owner's computer, paired to a new account and synced once.
fn owner(gateway: &Gateway, dir: &std::path::Path) -> (Carnet, String) {
    let (profile, code) = gateway.new_account();
    let mut a = device(dir, "owner");
    a.add_record(allergy("Arachide"), None).unwrap();
    a.pair_sync(&gateway.url(), &code, "Ordinateur de Papa")
        .unwrap();
    sync(&mut a);
    (a, profile)
}

fn join(gateway: &Gateway, owner: &mut Carnet, helper: &mut Carnet, name: &str, role: Role) {
    let invitation = owner.invite(name, role, 48).unwrap();
    helper
        .accept_invitation(
            &gateway.url(),
            &invitation.code,
            &format!("Portable de {name}"),
        )
        .unwrap();
    sync(helper);
}

/// A replica with its own actor id, as each Carnet has.
fn fresh_replica() -> ProfileDoc {
    ProfileDoc::new(uuid::Uuid::new_v4().as_bytes()).unwrap()
}

/// A device speaking HTTP by hand, holding its own automerge replica: what
/// a modified Carnet could send, to check what the gateway itself enforces.
pub struct Raw {
    http: reqwest::blocking::Client,
    base: String,
    profile: String,
    token: String,
    pub doc: ProfileDoc,
    state: PeerState,
}

impl Raw {
    pub fn accept(gateway: &Gateway, code: &str) -> Raw {
        let http = reqwest::blocking::Client::new();
        let answer: Value = http
            .post(format!("{}/v1/invitations/accept", gateway.url()))
            .json(&json!({ "code": code, "device_name": "Modifié" }))
            .send()
            .unwrap()
            .json()
            .unwrap();
        Raw {
            http,
            base: gateway.url(),
            profile: answer["profile_id"].as_str().unwrap().to_string(),
            token: answer["token"].as_str().unwrap().to_string(),
            doc: fresh_replica(),
            state: PeerState::new(),
        }
    }

    /// Syncs until nothing is left to say; the first refusal's status and body.
    pub fn sync(&mut self) -> (u16, Value) {
        for _ in 0..16 {
            let message = protocol::generate(&mut self.doc, &mut self.state).unwrap_or_default();
            let response = self
                .http
                .post(format!("{}/v1/profiles/{}/sync", self.base, self.profile))
                .bearer_auth(&self.token)
                .header("content-type", protocol::SYNC_CONTENT_TYPE)
                .body(message.clone())
                .send()
                .unwrap();
            let status = response.status().as_u16();
            if status != 200 {
                return (status, response.json().unwrap_or_default());
            }
            let reply = response.bytes().unwrap();
            if !reply.is_empty() {
                protocol::receive(&mut self.doc, &mut self.state, &reply).unwrap();
            }
            if reply.is_empty() && message.is_empty() {
                break;
            }
        }
        (200, Value::Null)
    }

    pub fn delete(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .delete(format!("{}/v1/profiles/{}/{path}", self.base, self.profile))
            .bearer_auth(&self.token)
            .send()
            .unwrap();
        (
            response.status().as_u16(),
            response.json().unwrap_or_default(),
        )
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// Forgets this replica (what Carnet does when the gateway refuses its changes).
    pub fn reset(&mut self) {
        self.doc = fresh_replica();
        self.state = PeerState::new();
    }

    /// A device of an account's holder, paired with a one-time code.
    pub fn pair(gateway: &Gateway, code: &str) -> Raw {
        let http = reqwest::blocking::Client::new();
        let answer: Value = http
            .post(format!("{}/v1/pair", gateway.url()))
            .json(&json!({ "code": code, "device_name": "Ordinateur" }))
            .send()
            .unwrap()
            .json()
            .unwrap();
        Raw {
            http,
            base: gateway.url(),
            profile: answer["profile_id"].as_str().unwrap().to_string(),
            token: answer["token"].as_str().unwrap().to_string(),
            doc: fresh_replica(),
            state: PeerState::new(),
        }
    }

    /// A request on this device's profile: status and JSON body.
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}/v1/profiles/{}/{path}", self.base, self.profile);
        let request = match method {
            "POST" => self.http.post(url),
            "PUT" => self.http.put(url),
            _ => self.http.get(url),
        };
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        let response = request.bearer_auth(&self.token).send().unwrap();
        (
            response.status().as_u16(),
            response.json().unwrap_or_default(),
        )
    }

    pub fn people(&self) -> Value {
        self.http
            .get(format!("{}/v1/profiles/{}/people", self.base, self.profile))
            .bearer_auth(&self.token)
            .send()
            .unwrap()
            .json()
            .unwrap()
    }
}

pub fn record(kind_body: RecordBody) -> Record {
    let now = chrono::Utc::now();
    Record {
        id: new_id(),
        created_at: now,
        updated_at: now,
        notes: None,
        body: kind_body,
    }
}

#[test]
fn a_caregiver_joins_from_her_computer_and_both_edit_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (mut papa, _) = owner(&gateway, tmp.path());
    let mut claire = helper(tmp.path(), "Claire");

    // The owner makes the invitation; it is listed until it is used.
    let invitation = papa.invite("Claire", Role::Caregiver, 48).unwrap();
    assert_eq!(invitation.code.len(), 19, "four groups of four letters");
    assert_eq!(papa.invitations().unwrap().len(), 1);
    let joined = claire
        .accept_invitation(&gateway.url(), &invitation.code, "Portable de Claire")
        .unwrap();
    // Her copy is made from the owner's details, under her own passphrase;
    // on her computer she holds it as what the owner made her.
    assert_eq!(joined.info.unwrap().name, "Alice");
    assert_eq!(joined.holders[0].member_name, "Claire");
    assert_eq!(joined.holders[0].role, Role::Caregiver);
    sync(&mut claire);
    assert_eq!(records(&mut claire), records(&mut papa));
    assert!(papa.invitations().unwrap().is_empty());

    // Both edit offline, then sync in any order: the same records.
    papa.add_record(allergy("Latex"), None).unwrap();
    claire.add_record(allergy("Pollen"), None).unwrap();
    sync(&mut claire);
    sync(&mut papa);
    sync(&mut claire);
    assert_eq!(records(&mut claire), records(&mut papa));
    assert_eq!(records(&mut papa).len(), 3);

    // Everyone sees who can open the profile, from which computer.
    let people = papa.people().unwrap();
    let names: Vec<_> = people
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.role))
        .collect();
    assert_eq!(
        names,
        [("Titulaire", Role::Owner), ("Claire", Role::Caregiver)]
    );
    let claire_person = &people.people[1];
    assert_eq!(claire_person.devices[0].name, "Portable de Claire");
    assert!(claire_person.devices[0].last_sync.is_some());
    assert_eq!(claire_person.added_by.as_deref(), Some("Titulaire"));
    // The invitation and the join are in the owner's history.
    sync(&mut papa);
    let events: Vec<_> = papa
        .people_events()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(events, [PeopleAction::Invited, PeopleAction::Joined]);

    // A caregiver cannot take the owner's access, nor invite anyone.
    let owner_id = people.people[0].id.clone();
    let refused = claire.revoke_person(&owner_id).unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotAllowed);
    let refused = claire.invite("Quelqu'un", Role::Caregiver, 48).unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotAllowed);
    // Nor change the profile's details, even offline (the vault says no).
    let mut info = claire.profile_info().unwrap();
    info.name = "Autre nom".into();
    assert_eq!(
        claire.update_profile(info).unwrap_err().code,
        ErrorCode::NotAllowed
    );
}

#[test]
fn roles_are_held_by_the_gateway_even_against_a_modified_carnet() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (mut papa, _) = owner(&gateway, tmp.path());

    // Read-only: the vault refuses offline; the gateway refuses a change
    // sent by hand, keeps nothing of it, and says so in the owner's history.
    let mut marc = helper(tmp.path(), "Marc");
    join(&gateway, &mut papa, &mut marc, "Marc", Role::ReadOnly);
    assert_eq!(records(&mut marc).len(), 1, "he reads everything");
    let refused = marc.add_record(allergy("Latex"), None).unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotAllowed);

    let code = papa.invite("Lecteur", Role::ReadOnly, 48).unwrap().code;
    let mut raw = Raw::accept(&gateway, &code);
    assert_eq!(raw.sync().0, 200, "reading is allowed");
    raw.doc.put_record(&record(allergy("Falsifié"))).unwrap();
    raw.doc.commit("forged");
    let (status, body) = raw.sync();
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("outside_role"))
    );
    sync(&mut papa);
    assert_eq!(records(&mut papa).len(), 1, "nothing of it was kept");
    assert!(papa
        .people_events()
        .unwrap()
        .iter()
        .any(|e| e.action == PeopleAction::WriteRefused && e.person == "Lecteur"));

    // A caregiver adds records, but hides nothing unless the owner allows it.
    let code = papa.invite("Aidant", Role::Caregiver, 48).unwrap().code;
    let mut raw = Raw::accept(&gateway, &code);
    raw.sync();
    raw.doc.put_record(&record(allergy("Pollen"))).unwrap();
    raw.doc.commit("edit");
    assert_eq!(raw.sync().0, 200);
    let now = chrono::Utc::now();
    let hidden = DocumentMeta {
        id: new_id(),
        input: DocumentInput {
            hidden: true,
            ..patient_document("Compte rendu", "11490-0", "2026-01-10")
        },
        file_name: "cr.pdf".into(),
        media_type: "application/pdf".into(),
        size: 10,
        sha256: "0".repeat(64),
        created_at: now,
        updated_at: now,
    };
    raw.doc.put_document(&hidden).unwrap();
    raw.doc.commit("hide");
    let (status, body) = raw.sync();
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("outside_role"))
    );
    // Nor write the access history, which only the national space writes.
    let mut raw = Raw::accept(
        &gateway,
        &papa.invite("X", Role::Caregiver, 48).unwrap().code,
    );
    raw.sync();
    raw.doc
        .append_access(&carnet_sync::AccessEntry {
            at: now,
            rpps: "10003591586".into(),
            name: "Dr Faux".into(),
            action: carnet_sync::AccessAction::ReadRecord,
            document_id: None,
        })
        .unwrap();
    raw.doc.commit("forged access");
    assert_eq!(raw.sync().0, 403);
    sync(&mut papa);
    assert_eq!(records(&mut papa).len(), 2, "the caregiver's record only");
    assert!(papa.documents().unwrap().is_empty());

    // The owner can change a role at any time; the vault applies it after
    // the next sync, offline too.
    let mut claire = helper(tmp.path(), "Claire");
    join(&gateway, &mut papa, &mut claire, "Claire", Role::Caregiver);
    claire.add_record(allergy("Iode"), None).unwrap();
    let person = papa
        .people()
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.name == "Claire")
        .unwrap();
    papa.set_person_role(&person.id, Role::ReadOnly, false)
        .unwrap();
    // Her pending edit was made while she was a caregiver, but the gateway
    // judges what arrives by the role she has now: refused, and she is told
    // it was not kept; her copy is the owner's again, and she reads on.
    assert_eq!(sync_err(&mut claire), ErrorCode::NotAllowed);
    assert_eq!(records(&mut claire), records(&mut papa));
    papa.add_record(allergy("Moutarde"), None).unwrap();
    sync(&mut papa);
    sync(&mut claire);
    assert_eq!(records(&mut claire), records(&mut papa));
    assert_eq!(
        claire.add_record(allergy("Iode"), None).unwrap_err().code,
        ErrorCode::NotAllowed
    );
}

#[test]
fn a_withdrawn_helper_is_refused_and_erases_her_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (mut papa, _) = owner(&gateway, tmp.path());
    let mut claire = helper(tmp.path(), "Claire");
    join(&gateway, &mut papa, &mut claire, "Claire", Role::Caregiver);
    let copy = claire.profiles().unwrap()[0].id.clone();
    let copy_dir = tmp.path().join("Claire").join("profiles").join(&copy);
    assert!(copy_dir.join("profile.db").exists());

    // She edits offline; meanwhile the owner withdraws her access.
    claire.add_record(allergy("Pollen"), None).unwrap();
    let person = papa
        .people()
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.name == "Claire")
        .unwrap();
    papa.revoke_person(&person.id).unwrap();
    assert_eq!(papa.people().unwrap().people.len(), 1);

    // Her next contact: refused, told by whom, and her copy is erased.
    let err = claire
        .sync_now(&mut |_| {}, &std::sync::atomic::AtomicBool::new(false))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AccessWithdrawn);
    assert!(
        err.message.contains("Titulaire vous a retiré l'accès"),
        "{}",
        err.message
    );
    assert!(claire.profiles().unwrap().is_empty());
    assert!(!copy_dir.exists(), "database and documents are gone");

    // The owner's data is intact, and the erase is in the owner's history.
    sync(&mut papa);
    assert_eq!(records(&mut papa).len(), 1);
    let events: Vec<_> = papa
        .people_events()
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.person))
        .collect();
    assert!(events.contains(&(PeopleAction::Revoked, "Claire".into())));
    assert!(events.contains(&(PeopleAction::CopyErased, "Claire".into())));
}

#[test]
fn invitation_codes_work_once_and_only_while_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (mut papa, profile) = owner(&gateway, tmp.path());

    // Used once, then refused like an unknown code.
    let code = papa.invite("Claire", Role::Caregiver, 48).unwrap().code;
    let mut first = helper(tmp.path(), "first");
    first.accept_invitation(&gateway.url(), &code, "A").unwrap();
    let mut second = helper(tmp.path(), "second");
    let err = second
        .accept_invitation(&gateway.url(), &code, "B")
        .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidCode, Some("code"))
    );

    // Cancelled before use: refused.
    let invitation = papa.invite("Marc", Role::ReadOnly, 48).unwrap();
    papa.cancel_invitation(&invitation.invitation.id).unwrap();
    assert!(papa.invitations().unwrap().is_empty());
    let err = second
        .accept_invitation(&gateway.url(), &invitation.code, "B")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidCode);

    // Expired: refused.
    let storage = gateway.state.hub.storage();
    let owner_person = storage.people(&profile).unwrap()[0].id.clone();
    storage
        .add_invitation(&carnet_server::people::NewInvitation {
            id: &new_id(),
            profile: &profile,
            code_hash: &gateway.state.pairing_key.code_hash("OLDC-ODEO-LDCO-DEOL"),
            name: "Ancien",
            role: Role::Caregiver,
            created_by: &owner_person,
            created_at: chrono::Utc::now() - chrono::Duration::hours(2),
            expires_at: chrono::Utc::now() - chrono::Duration::minutes(1),
        })
        .unwrap();
    let err = second
        .accept_invitation(&gateway.url(), "OLDC-ODEO-LDCO-DEOL", "B")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidCode);

    // Only an owner or a co-parent invites; nobody hands out ownership.
    assert_eq!(
        papa.invite("Chef", Role::Owner, 48).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    // Validity is bounded (1 hour to 7 days).
    assert_eq!(
        papa.invite("Long", Role::Caregiver, 24 * 30)
            .unwrap_err()
            .code,
        ErrorCode::ServerError
    );

    // Guessing: after 10 tries from one address, the gateway slows down.
    let mut answers = Vec::new();
    for i in 0..12 {
        let response = reqwest::blocking::Client::new()
            .post(format!("{}/v1/invitations/accept", gateway.url()))
            .json(&json!({ "code": format!("GUES-SGUE-SSGU-ES{i:02}"), "device_name": "x" }))
            .send()
            .unwrap();
        answers.push(response.status().as_u16());
    }
    assert!(answers.contains(&429), "{answers:?}");
    assert!(
        answers.iter().all(|s| *s == 401 || *s == 429),
        "{answers:?}"
    );
}

#[test]
fn when_owner_and_co_parent_revoke_each_other_at_once_the_owner_keeps_access() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (mut maman, _) = owner(&gateway, tmp.path());
    let owner_id = maman.people().unwrap().you;
    for round in 0..5 {
        let owner_id = owner_id.clone();
        let code = maman
            .invite(&format!("Papa {round}"), Role::Parent, 48)
            .unwrap()
            .code;
        let papa = Raw::accept(&gateway, &code);
        let papa_id = papa.people()["you"].as_str().unwrap().to_string();
        let barrier = Arc::new(Barrier::new(2));
        let b = barrier.clone();
        let from_papa = std::thread::spawn(move || {
            b.wait();
            papa.delete(&format!("people/{owner_id}")).0
        });
        barrier.wait();
        maman.revoke_person(&papa_id).unwrap();
        let papa_status = from_papa.join().unwrap();
        // Refused because nobody removes the owner, or because he was
        // already withdrawn: either way, never done.
        assert_eq!(papa_status, 403, "round {round}");
        assert_eq!(maman.people().unwrap().people[0].role, Role::Owner);
        sync(&mut maman);
    }

    // Two co-parents revoking each other at once: exactly one remains.
    let code_a = maman.invite("Parent A", Role::Parent, 48).unwrap().code;
    let code_b = maman.invite("Parent B", Role::Parent, 48).unwrap().code;
    let a = Raw::accept(&gateway, &code_a);
    let b = Raw::accept(&gateway, &code_b);
    let a_id = a.people()["you"].as_str().unwrap().to_string();
    let b_id = b.people()["you"].as_str().unwrap().to_string();
    let barrier = Arc::new(Barrier::new(2));
    let (ba, bb) = (barrier.clone(), barrier.clone());
    let ta = std::thread::spawn(move || {
        ba.wait();
        a.delete(&format!("people/{b_id}")).0
    });
    let tb = std::thread::spawn(move || {
        bb.wait();
        b.delete(&format!("people/{a_id}")).0
    });
    let mut statuses = [ta.join().unwrap(), tb.join().unwrap()];
    statuses.sort();
    assert_eq!(statuses, [204, 403]);
    let left: Vec<_> = maman
        .people()
        .unwrap()
        .people
        .into_iter()
        .map(|p| p.name)
        .filter(|n| n.starts_with("Parent"))
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}
