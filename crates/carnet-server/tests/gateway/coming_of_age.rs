//! A child's profile held by their parents until they are 18, then handed
//! over: the young adult accepts on their own computer, becomes owner, and
//! chooses who keeps access. And one lost computer withdrawn from another.

use std::sync::Arc;

use carnet_api::{Carnet, ErrorCode, Keep, PeopleAction, Role};
use carnet_model::*;
use carnet_server::ManualClock;
use chrono::{Duration, Months};

use crate::common::*;

/// A person's own computer: their vault and member, no profile yet.
fn computer(dir: &std::path::Path, name: &str) -> Carnet {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let mut carnet = Carnet::new(dir.join(name), Lang::Fr);
    carnet
        .create_vault(name, &secret("une phrase de passe"))
        .unwrap();
    carnet
}

/// Camille's computer with Léo's profile (17 and a half today), linked to
/// an account opened now in her name.
fn family(gateway: &Gateway, dir: &std::path::Path) -> Carnet {
    let mut camille = computer(dir, "Camille");
    let today = chrono::Utc::now().date_naive();
    let birth = today.checked_sub_months(Months::new(17 * 12 + 6)).unwrap();
    camille
        .create_profile(ProfileInfo::new("Léo Martin", birth, Sex::Male))
        .unwrap();
    camille.add_record(allergy("Arachide"), None).unwrap();
    let (_, code) = carnet_server::new_account(&gateway.state, "Camille").unwrap();
    camille
        .pair_sync(&gateway.url(), &code, "Ordinateur de Camille")
        .unwrap();
    sync(&mut camille);
    camille
}

fn invite_in(gateway: &Gateway, owner: &mut Carnet, who: &mut Carnet, name: &str, role: Role) {
    let code = owner.invite(name, role, 48).unwrap().code;
    who.accept_invitation(&gateway.url(), &code, &format!("Ordinateur de {name}"))
        .unwrap();
    sync(who);
}

fn person_id(carnet: &mut Carnet, name: &str) -> String {
    carnet
        .people()
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} is not listed"))
        .id
}

/// Asserts each line is in the profile's people history.
fn history_has(carnet: &mut Carnet, lines: &[&str]) {
    let history: Vec<_> = carnet
        .people_history()
        .unwrap()
        .into_iter()
        .map(|e| e.text)
        .collect();
    for line in lines {
        assert!(history.iter().any(|h| h == line), "{line}: {history:?}");
    }
}

fn roles(carnet: &mut Carnet) -> Vec<(String, Role)> {
    carnet
        .people()
        .unwrap()
        .people
        .into_iter()
        .map(|p| (p.name, p.role))
        .collect()
}

#[test]
fn at_18_the_young_adult_becomes_owner_and_chooses_who_keeps_access() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new());
    let gateway = Gateway::start_with_clock(&tmp.path().join("gateway"), clock.clone());
    let mut camille = family(&gateway, tmp.path());
    let mut marc = computer(tmp.path(), "Marc");
    invite_in(&gateway, &mut camille, &mut marc, "Marc", Role::Parent);
    let mut mamie = computer(tmp.path(), "Mamie");
    invite_in(&gateway, &mut camille, &mut mamie, "Mamie", Role::Caregiver);

    // A minor's profile stays with the parents: no hand-over yet.
    assert!(!camille.people().unwrap().may_hand_over);
    let refused = camille.invite("Léo", Role::Owner, 48).unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotAllowed);
    assert!(refused.message.contains("18 ans"), "{}", refused.message);

    // A year later Léo is 18: his owner may hand it over; a co-parent or a
    // caregiver may not.
    clock.advance(Duration::days(365));
    assert!(camille.people().unwrap().may_hand_over);
    assert!(!marc.people().unwrap().may_hand_over);
    assert!(!mamie.people().unwrap().may_hand_over);
    assert_eq!(
        marc.invite("Léo", Role::Owner, 48).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    assert_eq!(
        mamie.invite("Léo", Role::Owner, 48).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    let pending = camille.invite("Voisin", Role::ReadOnly, 48).unwrap().code;
    let code = camille.invite("Léo", Role::Owner, 48).unwrap().code;

    // Léo's own computer: he sees what the code is for, and who can open it now.
    let mut leo = computer(tmp.path(), "Léo");
    let preview = leo.preview_invitation(&gateway.url(), &code).unwrap();
    assert_eq!(preview.role, Role::Owner);
    assert_eq!(preview.invited_by, "Camille");
    assert_eq!(preview.profile_name, "Léo Martin");
    let listed: Vec<_> = preview
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.role))
        .collect();
    assert_eq!(
        listed,
        [
            ("Camille", Role::Owner),
            ("Marc", Role::Parent),
            ("Mamie", Role::Caregiver)
        ]
    );
    let id = |name: &str| {
        preview
            .people
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .id
            .clone()
    };
    // Nobody stays a parent of an adult: refused, and the code still works.
    let keep_parent = [Keep {
        person: id("Marc"),
        role: Role::Parent,
    }];
    assert!(leo
        .accept_invitation_keeping(&gateway.url(), &code, "Portable de Léo", &keep_parent)
        .is_err());
    assert!(leo.profiles().unwrap().is_empty());

    // He keeps his mother informed and his grandmother helping; his father's
    // access ends.
    let keep = [
        Keep {
            person: id("Camille"),
            role: Role::ReadOnly,
        },
        Keep {
            person: id("Mamie"),
            role: Role::Caregiver,
        },
    ];
    let joined = leo
        .accept_invitation_keeping(&gateway.url(), &code, "Portable de Léo", &keep)
        .unwrap();
    assert_eq!(joined.role, Role::Owner);
    let kept: Vec<_> = joined
        .kept
        .iter()
        .map(|k| (k.name.as_str(), k.role))
        .collect();
    assert_eq!(
        kept,
        [("Camille", Role::ReadOnly), ("Mamie", Role::Caregiver)]
    );
    assert_eq!(joined.withdrawn, ["Marc"]);
    sync(&mut leo);
    assert_eq!(records(&mut leo), records(&mut camille));
    assert_eq!(
        roles(&mut leo),
        [
            ("Camille".to_string(), Role::ReadOnly),
            ("Mamie".to_string(), Role::Caregiver),
            ("Léo".to_string(), Role::Owner)
        ]
    );
    // His profile is his: it is never handed on again, and he writes.
    assert!(!leo.people().unwrap().may_hand_over);
    assert_eq!(
        leo.invite("Autre", Role::Owner, 48).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    leo.add_record(allergy("Pollen"), None).unwrap();
    sync(&mut leo);

    // His father's next contact: refused, told by whom, his copy erased.
    let err = marc
        .sync_now(&mut |_| {}, &std::sync::atomic::AtomicBool::new(false))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AccessWithdrawn);
    assert!(
        err.message.contains("Léo vous a retiré l'accès"),
        "{}",
        err.message
    );
    assert!(marc.profiles().unwrap().is_empty());

    // His mother reads on, and no longer writes nor manages anyone.
    sync(&mut camille);
    assert_eq!(records(&mut camille), records(&mut leo));
    assert_eq!(camille.overview().unwrap().may.role, Role::ReadOnly);
    assert_eq!(
        camille.profiles().unwrap()[0].holders[0].role,
        Role::ReadOnly
    );
    assert_eq!(
        camille.add_record(allergy("Latex"), None).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    assert_eq!(
        camille.invite("X", Role::Caregiver, 48).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    // His grandmother still helps.
    mamie.add_record(allergy("Iode"), None).unwrap();
    sync(&mut mamie);
    sync(&mut leo);
    assert_eq!(records(&mut leo).len(), 3);

    // What the parents had pending is cancelled: the new owner decides.
    assert!(leo.invitations().unwrap().is_empty());
    let mut voisin = computer(tmp.path(), "Voisin");
    assert_eq!(
        voisin
            .accept_invitation(&gateway.url(), &pending, "V")
            .unwrap_err()
            .code,
        ErrorCode::InvalidCode
    );

    // All of it is in the profile's history, in words.
    history_has(
        &mut leo,
        &[
            "Léo a eu 18 ans et devient titulaire de son profil, que lui remet Camille.",
            "Léo a donné à Camille le rôle « lecture seule ».",
            "Léo a retiré l'accès de Marc.",
            "La copie de Marc a été effacée de « Ordinateur de Marc ».",
        ],
    );
    let events = leo.people_events().unwrap();
    assert!(events
        .iter()
        .any(|e| e.action == PeopleAction::CameOfAge && e.person == "Léo"));
}

#[test]
fn an_invitation_dies_with_its_authors_right_to_give_it() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let mut camille = family(&gateway, tmp.path());
    let mut marc = computer(tmp.path(), "Marc");
    invite_in(&gateway, &mut camille, &mut marc, "Marc", Role::Parent);

    // Marc invites a neighbour, then loses his access before it is used.
    let code = marc.invite("Voisin", Role::Caregiver, 48).unwrap().code;
    let marc_id = person_id(&mut camille, "Marc");
    camille.revoke_person(&marc_id).unwrap();
    let mut voisin = computer(tmp.path(), "Voisin");
    let err = voisin
        .accept_invitation(&gateway.url(), &code, "Ordinateur du voisin")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidCode);
    assert!(voisin.profiles().unwrap().is_empty());
}

#[test]
fn an_adults_own_profile_is_never_handed_over() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new());
    let gateway = Gateway::start_with_clock(&tmp.path().join("gateway"), clock.clone());
    // Alice, 76, holds her own profile: whoever asks her for a code, she
    // cannot give her profile away.
    let (_, code) = gateway.new_account();
    let mut alice = device(tmp.path(), "alice");
    alice
        .pair_sync(&gateway.url(), &code, "Ordinateur")
        .unwrap();
    sync(&mut alice);
    let refused_years_later = |alice: &mut Carnet| {
        clock.advance(Duration::days(3 * 365));
        assert!(!alice.people().unwrap().may_hand_over);
        assert_eq!(
            alice.invite("Escroc", Role::Owner, 48).unwrap_err().code,
            ErrorCode::NotAllowed
        );
    };
    refused_years_later(&mut alice);
    // Nor by making her younger: ages are judged by the birth date first
    // synced, and only while the details still say it.
    let mut info = alice.profile_info().unwrap();
    info.birth_date = (chrono::Utc::now() - Duration::days(17 * 365)).date_naive();
    alice.update_profile(info).unwrap();
    sync(&mut alice);
    refused_years_later(&mut alice);
}

#[test]
fn a_lost_computer_is_withdrawn_from_another_one() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (_, code) = gateway.new_account();
    let mut papa = device(tmp.path(), "papa");
    papa.add_record(allergy("Arachide"), None).unwrap();
    papa.pair_sync(&gateway.url(), &code, "Ordinateur de Papa")
        .unwrap();
    sync(&mut papa);

    // Claire helps from two computers: her laptop, then her office computer.
    let mut laptop = computer(tmp.path(), "Claire");
    invite_in(&gateway, &mut papa, &mut laptop, "Claire", Role::Caregiver);
    let second = laptop.sync_pairing_code().unwrap();
    let mut office = computer(tmp.path(), "Bureau");
    office
        .pair_new_profile(&gateway.url(), &second, "Bureau de Claire")
        .unwrap();
    sync(&mut office);
    let people = laptop.people().unwrap();
    let claire = people.people.iter().find(|p| p.name == "Claire").unwrap();
    assert_eq!(claire.devices.len(), 2);
    let laptop_id = people.this_device.clone().unwrap();
    let office_id = claire
        .devices
        .iter()
        .find(|d| d.name == "Bureau de Claire")
        .unwrap()
        .id
        .clone();
    let papa_device = papa.people().unwrap().this_device.unwrap();
    // The gateway says which computers each may withdraw: from her laptop,
    // her office computer, not the laptop itself, not the owner's.
    let may = |people: &carnet_api::People, id: &str| {
        people
            .people
            .iter()
            .flat_map(|p| &p.devices)
            .find(|d| d.id == id)
            .unwrap()
            .may_withdraw
    };
    assert!(may(&people, &office_id));
    assert!(!may(&people, &laptop_id));
    assert!(!may(&people, &papa_device));
    assert!(may(&papa.people().unwrap(), &laptop_id));

    // A caregiver cannot withdraw the owner's computer, nor the one she asks from.
    assert_eq!(
        laptop.withdraw_device(&papa_device).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    assert!(laptop.withdraw_device(&laptop_id).is_err());

    // Her office computer is stolen: she withdraws it from her laptop.
    office.add_record(allergy("Pollen"), None).unwrap();
    laptop.withdraw_device(&office_id).unwrap();
    let err = office
        .sync_now(&mut |_| {}, &std::sync::atomic::AtomicBool::new(false))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AccessWithdrawn);
    assert!(
        err.message
            .contains("Claire a retiré cet ordinateur de ce profil. Sa copie a été effacée"),
        "{}",
        err.message
    );
    assert!(office.profiles().unwrap().is_empty());

    // Her laptop keeps its access; nothing the stolen one held back arrives.
    laptop.add_record(allergy("Latex"), None).unwrap();
    sync(&mut laptop);
    sync(&mut papa);
    assert_eq!(records(&mut papa).len(), 2);
    assert_eq!(records(&mut laptop), records(&mut papa));
    let devices: Vec<_> = papa
        .people()
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.name == "Claire")
        .unwrap()
        .devices
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(devices, ["Ordinateur de Claire"]);

    // The owner withdraws a helper's computer too; it is in his history.
    papa.withdraw_device(&laptop_id).unwrap();
    assert_eq!(sync_err(&mut laptop), ErrorCode::AccessWithdrawn);
    sync(&mut papa);
    history_has(
        &mut papa,
        &[
            "Claire a retiré son ordinateur « Bureau de Claire ».",
            "Titulaire a retiré l'ordinateur « Ordinateur de Claire » de Claire.",
        ],
    );
}

#[test]
fn a_code_tried_in_a_vault_that_holds_the_profile_stays_unused() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let mut camille = family(&gateway, tmp.path());
    // Léo's invitation typed on the family computer, in his mother's vault:
    // refused before the code is used…
    let code = camille.invite("Léo", Role::ReadOnly, 48).unwrap().code;
    let err = camille
        .accept_invitation(&gateway.url(), &code, "Ordinateur de Camille")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AlreadyExists);
    assert!(
        err.message.contains("déjà dans ce carnet"),
        "{}",
        err.message
    );
    // …so it still works on his own.
    let mut leo = computer(tmp.path(), "Léo");
    leo.accept_invitation(&gateway.url(), &code, "Portable de Léo")
        .unwrap();
    sync(&mut leo);
    assert_eq!(records(&mut leo), records(&mut camille));
}
