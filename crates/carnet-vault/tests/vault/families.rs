//! Families and caregivers: who can open which profile, grant, revoke, passphrases.

use carnet_vault::{Error, Role, Vault};

use crate::util::*;

#[test]
fn second_parent_opens_the_child_profile_once_granted() {
    let fx = fixture();
    let (mut alice, child) = vault_with_profile(&fx.dir, "Léa");
    let bob = alice
        .add_member("Bob", &secret("bob's own passphrase"))
        .unwrap();
    alice
        .open_profile(&child)
        .unwrap()
        .add_record(allergy("arachide"), None)
        .unwrap();

    // Before the grant, Bob holds no key for Léa.
    let vault = alice.lock();
    let bob_session = Vault::into_session(vault, &bob.id, &secret("bob's own passphrase")).unwrap();
    assert!(matches!(
        bob_session.open_profile(&child),
        Err(Error::NoAccess)
    ));
    assert!(bob_session.profiles().unwrap().is_empty());

    let vault = bob_session.lock();
    let alice_id = vault.find_member("alice").unwrap().id;
    let mut alice = vault.into_session(&alice_id, &secret(PASS)).unwrap();
    alice.grant(&child, &bob.id, Role::Parent).unwrap();

    let bob_session = alice
        .lock()
        .into_session(&bob.id, &secret("bob's own passphrase"))
        .unwrap();
    let profiles = bob_session.profiles().unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].info.as_ref().unwrap().name, "Léa");
    let holders: Vec<_> = profiles[0]
        .holders
        .iter()
        .map(|h| (h.member_name.as_str(), h.role))
        .collect();
    assert_eq!(holders, [("Alice", Role::Owner), ("Bob", Role::Parent)]);
    let profile = bob_session.open_profile(&child).unwrap();
    assert_eq!(profile.records(None).unwrap()[0].body, allergy("arachide"));
}

#[test]
fn revoked_caregiver_cannot_open_with_the_old_key() {
    let fx = fixture();
    let (mut alice, profile_id) = vault_with_profile(&fx.dir, "Mamie");
    let carol = alice
        .add_member("Carol", &secret("caregiver passphrase"))
        .unwrap();
    alice
        .grant(&profile_id, &carol.id, Role::Caregiver)
        .unwrap();
    // Carol keeps a copy of the vault file holding her wrapped key.
    let kept_manifest = std::fs::read(fx.dir.join("vault.json")).unwrap();

    alice.revoke(&profile_id, &carol.id).unwrap();
    alice
        .open_profile(&profile_id)
        .unwrap()
        .add_record(allergy("après révocation"), None)
        .unwrap();
    let vault = alice.lock();

    // Through the current vault file, Carol has no key at all.
    let carol_session =
        Vault::into_session(vault, &carol.id, &secret("caregiver passphrase")).unwrap();
    assert!(matches!(
        carol_session.open_profile(&profile_id),
        Err(Error::NoAccess)
    ));
    drop(carol_session);

    // With her kept copy, her old key unwraps but no longer opens the re-keyed database.
    std::fs::write(fx.dir.join("vault.json"), kept_manifest).unwrap();
    let carol_session = Vault::open(&fx.dir)
        .unwrap()
        .into_session(&carol.id, &secret("caregiver passphrase"))
        .unwrap();
    assert!(matches!(
        carol_session.open_profile(&profile_id),
        Err(Error::Damaged { .. })
    ));
}

#[test]
fn revoke_keeps_data_for_the_remaining_members() {
    let fx = fixture();
    let (mut alice, id) = vault_with_profile(&fx.dir, "Léa");
    let bob = alice.add_member("Bob", &secret("bob passphrase!")).unwrap();
    alice.grant(&id, &bob.id, Role::Parent).unwrap();
    let record = alice
        .open_profile(&id)
        .unwrap()
        .add_record(allergy("lait"), None)
        .unwrap();
    alice.revoke(&id, &bob.id).unwrap();
    assert_eq!(
        alice
            .open_profile(&id)
            .unwrap()
            .record(&record.id)
            .unwrap()
            .body,
        allergy("lait")
    );
    assert!(!fx
        .dir
        .join(format!("profiles/{id}/profile.db.rekey"))
        .exists());
    // Nobody removes the owner (here also the last key holder): the
    // profile would be lost.
    assert!(matches!(
        alice.revoke(&id, &alice.member().id),
        Err(Error::NotAllowed { .. })
    ));
}

#[test]
fn roles_on_this_computer_are_held_by_the_vault_and_logged() {
    let fx = fixture();
    let (mut alice, id) = vault_with_profile(&fx.dir, "Papa");
    let bob = alice.add_member("Bob", &secret("bob passphrase!")).unwrap();
    let carol = alice
        .add_member("Carol", &secret("carol passphrase"))
        .unwrap();
    let dan = alice
        .add_member("Dan", &secret("dan passphrase!!"))
        .unwrap();
    alice.grant(&id, &bob.id, Role::Caregiver).unwrap();
    alice.grant(&id, &dan.id, Role::ReadOnly).unwrap();
    let vault = alice.lock();

    // A caregiver edits records but cannot remove the owner or grant access.
    let mut bob_session = vault
        .into_session(&bob.id, &secret("bob passphrase!"))
        .unwrap();
    bob_session
        .open_profile(&id)
        .unwrap()
        .add_record(allergy("pollen"), None)
        .unwrap();
    let owner = bob_session.member().id.clone();
    assert_ne!(owner, "");
    let alice_id = bob_session
        .profiles()
        .unwrap()
        .into_iter()
        .flat_map(|p| p.holders)
        .find(|h| h.role == Role::Owner)
        .unwrap()
        .member_id;
    assert!(matches!(
        bob_session.revoke(&id, &alice_id),
        Err(Error::NotAllowed { .. })
    ));
    assert!(matches!(
        bob_session.grant(&id, &carol.id, Role::Caregiver),
        Err(Error::NotAllowed { .. })
    ));
    let log = bob_session
        .open_profile(&id)
        .unwrap()
        .audit_log(10)
        .unwrap();
    assert!(log.iter().any(|e| e.action == "refused"), "{log:?}");
    let vault = bob_session.lock();

    // A read-only member reads, and writes nothing.
    let dan_session = vault
        .into_session(&dan.id, &secret("dan passphrase!!"))
        .unwrap();
    let mut profile = dan_session.open_profile(&id).unwrap();
    assert_eq!(profile.records(None).unwrap().len(), 1);
    assert!(matches!(
        profile.add_record(allergy("lait"), None),
        Err(Error::NotAllowed { .. })
    ));
    assert_eq!(profile.records(None).unwrap().len(), 1);
}

#[test]
fn wrong_passphrase_changes_no_file() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    session
        .open_profile(&id)
        .unwrap()
        .add_record(allergy("pollen"), None)
        .unwrap();
    let vault = session.lock();
    let alice = vault.find_member("Alice").unwrap();
    drop(vault);
    let before = snapshot(&fx.dir);
    let mut vault = Vault::open(&fx.dir).unwrap();
    assert!(matches!(
        vault.unlock(&alice.id, &secret("not the passphrase")),
        Err(Error::WrongPassphrase)
    ));
    drop(vault);
    assert_eq!(snapshot(&fx.dir), before);
}

#[test]
fn passphrase_change_rewraps_only_the_identity() {
    let fx = fixture();
    let (mut session, id) = vault_with_profile(&fx.dir, "Léa");
    let db = fx.dir.join(format!("profiles/{id}/profile.db"));
    let db_before = std::fs::read(&db).unwrap();
    assert!(matches!(
        session.change_passphrase(&secret("wrong passphrase"), &secret("new passphrase 42")),
        Err(Error::WrongPassphrase)
    ));
    session
        .change_passphrase(&secret(PASS), &secret("new passphrase 42"))
        .unwrap();
    let mut vault = session.lock();
    let member = vault.find_member("Alice").unwrap();
    assert!(matches!(
        vault.unlock(&member.id, &secret(PASS)),
        Err(Error::WrongPassphrase)
    ));
    let session = vault
        .into_session(&member.id, &secret("new passphrase 42"))
        .unwrap();
    drop(session.open_profile(&id).unwrap());
    drop(session);
    assert_eq!(std::fs::read(&db).unwrap().len(), db_before.len());
}

#[test]
fn a_second_program_cannot_open_an_open_vault() {
    let fx = fixture();
    let (session, _) = vault_with_profile(&fx.dir, "Léa");
    assert!(matches!(Vault::open(&fx.dir), Err(Error::Busy)));
    drop(session);
    assert!(Vault::open(&fx.dir).is_ok());
}

#[test]
fn recovery_kit_opens_with_the_age_tool_format() {
    let fx = fixture();
    let (session, _) = vault_with_profile(&fx.dir, "Léa");
    let kit = session.recovery_kit().unwrap();
    assert!(kit.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!kit.contains("AGE-SECRET-KEY"));
}

#[test]
fn an_empty_or_foreign_rekey_copy_is_discarded_and_the_profile_kept() {
    // A crash right after the copy was created, or during the export, leaves
    // a copy that does not open with the key the vault holds.
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let rec = session
        .open_profile(&id)
        .unwrap()
        .add_record(allergy("lait"), None)
        .unwrap();
    let dir = fx.dir.join(format!("profiles/{id}"));
    std::fs::write(dir.join("profile.db.rekey"), b"").unwrap();
    assert_eq!(
        session
            .open_profile(&id)
            .unwrap()
            .record(&rec.id)
            .unwrap()
            .body,
        allergy("lait")
    );
    assert!(!dir.join("profile.db.rekey").exists());

    // A half-written copy under another key is discarded too.
    std::fs::write(dir.join("profile.db.rekey"), vec![0x5a; 8192]).unwrap();
    assert_eq!(
        session
            .open_profile(&id)
            .unwrap()
            .record(&rec.id)
            .unwrap()
            .body,
        allergy("lait")
    );
    assert!(!dir.join("profile.db.rekey").exists());
}

#[test]
fn a_revoke_interrupted_after_the_key_change_completes_at_next_open() {
    let fx = fixture();
    let (mut alice, id) = vault_with_profile(&fx.dir, "Léa");
    let bob = alice.add_member("Bob", &secret("bob passphrase!")).unwrap();
    alice.grant(&id, &bob.id, Role::Parent).unwrap();
    let rec = alice
        .open_profile(&id)
        .unwrap()
        .add_record(allergy("lait"), None)
        .unwrap();
    let dir = fx.dir.join(format!("profiles/{id}"));
    let old_db = std::fs::read(dir.join("profile.db")).unwrap();
    alice.revoke(&id, &bob.id).unwrap();
    // Recreate the state of a crash between committing the new keys and the
    // swap: the re-keyed copy beside the old database.
    std::fs::rename(dir.join("profile.db"), dir.join("profile.db.rekey")).unwrap();
    std::fs::write(dir.join("profile.db"), old_db).unwrap();

    let profile = alice.open_profile(&id).unwrap();
    assert_eq!(profile.record(&rec.id).unwrap().body, allergy("lait"));
    let actions: Vec<String> = profile
        .audit_log(5)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"access_revoked".to_string()));
    assert!(!dir.join("profile.db.rekey").exists());
}

#[test]
fn a_refused_vault_creation_can_simply_be_retried() {
    let fx = fixture();
    assert!(matches!(
        Vault::create(&fx.dir, "Alice", &secret("court")),
        Err(Error::WeakPassphrase { .. })
    ));
    assert!(!fx.dir.exists(), "nothing was left behind");
    Vault::create(&fx.dir, "Alice", &secret(PASS)).unwrap();
}

#[test]
fn one_damaged_profile_does_not_hide_the_others() {
    let fx = fixture();
    let (mut session, lea) = vault_with_profile(&fx.dir, "Léa");
    let tom = session.create_profile(info("Tom")).unwrap().id;
    std::fs::write(
        fx.dir.join(format!("profiles/{tom}/profile.db")),
        vec![7u8; 4096],
    )
    .unwrap();
    let profiles = session.profiles().unwrap();
    let by_id = |id: &str| profiles.iter().find(|p| p.id == id).unwrap();
    assert_eq!(by_id(&lea).info.as_ref().unwrap().name, "Léa");
    assert!(by_id(&tom).info.is_none());
    assert!(matches!(
        session.open_profile(&tom),
        Err(Error::Damaged { .. })
    ));
}
