//! Every linked profile syncs in the background, not only the open one:
//! what a caregiver or a professional added shows in the activity list and
//! as a badge, an idle cycle costs one small request per profile, and a
//! profile whose access was withdrawn is erased without touching the open one.

use std::sync::atomic::AtomicBool;

use carnet_api::{Carnet, LinkedOutcome, LinkedSync, Role};
use carnet_model::*;

use crate::common::*;

fn person(dir: &std::path::Path, name: &str) -> Carnet {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let mut carnet = Carnet::new(dir.join(name), Lang::Fr);
    carnet
        .create_vault(name, &secret("a long passphrase"))
        .unwrap();
    carnet
}

fn info(name: &str) -> ProfileInfo {
    ProfileInfo {
        name: name.into(),
        birth_date: "2019-05-14".parse().unwrap(),
        sex: Sex::Male,
        nir: None,
        doctor: None,
        emergency_contacts: Vec::new(),
    }
}

fn treatment(medication: &str) -> RecordBody {
    RecordBody::Treatment(Treatment {
        medication: medication.into(),
        dose: None,
        frequency: None,
        route: None,
        start: None,
        end: None,
        prescriber: None,
        prescriber_rpps: None,
    })
}

fn background(carnet: &mut Carnet) -> Vec<LinkedSync> {
    carnet
        .sync_linked_profiles(&AtomicBool::new(false))
        .unwrap()
}

fn texts(carnet: &mut Carnet) -> Vec<String> {
    carnet
        .activity(50)
        .unwrap()
        .into_iter()
        .map(|a| a.text)
        .collect()
}

/// Marie keeps "Papa" (linked) and "Léo" (not linked); Claire, a caregiver
/// on her own computer, has joined "Papa". Marie has Léo open.
struct Family {
    gateway: Gateway,
    profile: String,
    marie: Carnet,
    claire: Carnet,
    papa_id: String,
}

fn family(dir: &std::path::Path) -> Family {
    let gateway = Gateway::start(&dir.join("gateway"));
    let (profile, code) = gateway.new_account();
    let mut marie = person(dir, "Marie");
    let papa = marie.create_profile(info("Papa")).unwrap();
    marie.add_record(allergy("Arachide"), None).unwrap();
    marie
        .pair_sync(&gateway.url(), &code, "Ordinateur de Marie")
        .unwrap();
    sync(&mut marie);
    let invitation = marie.invite("Claire", Role::Caregiver, 48).unwrap();
    let mut claire = person(dir, "Claire");
    claire
        .accept_invitation(&gateway.url(), &invitation.code, "Portable de Claire")
        .unwrap();
    sync(&mut claire);
    sync(&mut marie);
    marie.create_profile(info("Léo")).unwrap();
    Family {
        gateway,
        profile,
        marie,
        claire,
        papa_id: papa.id,
    }
}

#[test]
fn a_caregivers_edit_and_a_deposit_reach_a_profile_that_is_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let Family {
        gateway,
        profile,
        mut marie,
        mut claire,
        papa_id,
    } = family(dir.path());
    // Claire's first copy of the profile is no news to her.
    assert!(texts(&mut claire).is_empty());

    claire.add_record(treatment("Doliprane"), None).unwrap();
    sync(&mut claire);
    let pro = gateway.professional("10003456789", "Dr Sophie Martin");
    let pdf = pdf_bytes("bilan");
    assert_eq!(
        pro.deposit(&profile, &document_reference("Bilan sanguin", &pdf))
            .0,
        201
    );

    // Marie has Léo open; Papa syncs in the background.
    let cycle = background(&mut marie);
    assert_eq!(cycle.len(), 1, "Léo is not linked: {cycle:?}");
    assert_eq!(cycle[0].profile_id, papa_id);
    assert_eq!(cycle[0].outcome, LinkedOutcome::Synced);
    assert_eq!(cycle[0].unseen_activity, 2);
    let mut seen = texts(&mut marie);
    seen.sort();
    assert_eq!(
        seen,
        [
            "Claire a ajouté un traitement (Doliprane) pour Papa",
            "Dr Sophie Martin a déposé un document (Bilan sanguin) pour Papa",
        ]
    );
    // The badge of the switcher, and the open profile kept.
    let badges: Vec<_> = marie
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| (p.info.unwrap().name, p.unseen_activity))
        .collect();
    assert!(badges.contains(&("Papa".to_string(), 2)), "{badges:?}");
    assert_eq!(marie.profile_info().unwrap().name, "Léo");
    // The document's content came too (small: within the cycle's budget).
    marie.select_profile(&papa_id).unwrap();
    assert_eq!(marie.sync_status().unwrap().pending_documents, 0);
    // Opening the profile is seeing its news.
    assert!(marie
        .profiles()
        .unwrap()
        .iter()
        .all(|p| p.unseen_activity == 0));
    assert_eq!(marie.activity(50).unwrap().len(), 2);
    assert!(marie.activity(50).unwrap().iter().all(|a| a.seen));

    // Marie's own edit reaches Claire, named as hers.
    marie.add_record(allergy("Pollen"), None).unwrap();
    sync(&mut marie);
    sync(&mut claire);
    // She also got the deposit, with Marie's edit in the same sync.
    let mut hers = texts(&mut claire);
    hers.sort();
    assert_eq!(
        hers,
        [
            "Dr Sophie Martin a déposé un document (Bilan sanguin) pour Papa",
            "Marie a ajouté une allergie (Pollen) pour Papa",
        ]
    );
}

#[test]
fn an_idle_cycle_asks_only_whether_anything_changed_and_a_local_edit_is_never_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let Family {
        mut marie,
        mut claire,
        papa_id,
        gateway: _running,
        ..
    } = family(dir.path());
    let leo = marie.status().profile_id.unwrap();
    // The first cycle after Marie's sync finds nothing new.
    let cycle = background(&mut marie);
    assert_eq!(cycle[0].outcome, LinkedOutcome::Unchanged);
    assert!(texts(&mut marie).is_empty());

    // An edit made here, never synced: the cycle must send it.
    marie.select_profile(&papa_id).unwrap();
    marie.add_record(allergy("Latex"), None).unwrap();
    marie.select_profile(&leo).unwrap();
    assert_eq!(background(&mut marie)[0].outcome, LinkedOutcome::Synced);
    sync(&mut claire);
    let substances: Vec<_> = records(&mut claire)
        .iter()
        .filter_map(|r| r["data"]["substance"].as_str().map(String::from))
        .collect();
    assert!(substances.contains(&"Latex".to_string()), "{substances:?}");
    // And now it is quiet again; a change at the gateway ends the quiet.
    assert_eq!(background(&mut marie)[0].outcome, LinkedOutcome::Unchanged);
    claire.add_record(allergy("Acariens"), None).unwrap();
    sync(&mut claire);
    assert_eq!(background(&mut marie)[0].outcome, LinkedOutcome::Synced);
    assert_eq!(
        texts(&mut marie),
        ["Claire a ajouté une allergie (Acariens) pour Papa"]
    );
}

#[test]
fn a_withdrawn_profile_is_erased_by_the_background_cycle_and_the_open_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let Family {
        mut marie,
        mut claire,
        papa_id,
        gateway: _running,
        ..
    } = family(dir.path());
    let mine = claire.create_profile(info("Claire")).unwrap();
    claire.add_record(allergy("Pollen"), None).unwrap();

    marie.select_profile(&papa_id).unwrap();
    let people = marie.people().unwrap();
    let claire_person = people
        .people
        .iter()
        .find(|p| p.name == "Claire")
        .unwrap()
        .id
        .clone();
    marie.revoke_person(&claire_person).unwrap();

    let cycle = background(&mut claire);
    assert_eq!(cycle.len(), 1);
    assert_eq!(cycle[0].outcome, LinkedOutcome::Withdrawn);
    let message = cycle[0].message.clone().unwrap();
    assert!(message.contains("retiré l'accès"), "{message}");
    let left: Vec<_> = claire
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(left, std::slice::from_ref(&mine.id));
    assert_eq!(claire.status().profile_id, Some(mine.id));
    assert_eq!(records(&mut claire).len(), 1);
}
