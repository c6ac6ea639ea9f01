//! The owner deletes a profile: a final backup first, confirmed by typing
//! its name, gone from the gateway (changes and documents), and erased on
//! every other computer at its next contact; nobody else may do it.

use std::sync::atomic::AtomicBool;

use carnet_api::{Carnet, ErrorCode, Role};
use carnet_model::*;

use crate::common::*;
use crate::people::Raw;

fn helper(dir: &std::path::Path, name: &str) -> Carnet {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let mut carnet = Carnet::new(dir.join(name), Lang::Fr);
    carnet
        .create_vault(name, &secret("helper passphrase"))
        .unwrap();
    carnet
}

fn blob_files(gateway: &Gateway) -> usize {
    std::fs::read_dir(gateway.dir.join("blobs")).map_or(0, |d| d.count())
}

#[test]
fn the_owner_deletes_a_profile_everywhere_and_nobody_else_can() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();

    // The owner's laptop with a record and a document, synced.
    let mut laptop = device(tmp.path(), "laptop");
    laptop.add_record(allergy("Arachide"), None).unwrap();
    let pdf = tmp.path().join("bilan.pdf");
    std::fs::write(&pdf, pdf_bytes("bilan")).unwrap();
    laptop
        .import_document(
            &pdf,
            patient_document("Bilan", "11502-2", "2026-01-05"),
            &mut |_, _| std::ops::ControlFlow::Continue(()),
        )
        .unwrap();
    laptop.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    sync(&mut laptop);
    assert!(blob_files(&gateway) > 0, "the document reached the gateway");

    // The owner's second computer, and a caregiver's.
    let mut desktop = helper(tmp.path(), "desktop");
    let code = laptop.sync_pairing_code().unwrap();
    desktop
        .pair_new_profile(&gateway.url(), &code, "Fixe")
        .unwrap();
    sync(&mut desktop);
    let mut claire = helper(tmp.path(), "Claire");
    let invitation = laptop.invite("Claire", Role::Caregiver, 48).unwrap();
    claire
        .accept_invitation(&gateway.url(), &invitation.code, "Portable de Claire")
        .unwrap();
    sync(&mut claire);
    let claire_copy = tmp
        .path()
        .join("Claire/profiles")
        .join(&claire.profiles().unwrap()[0].id);
    assert!(claire_copy.exists());

    // The caregiver may not delete it: refused by her vault and by the gateway.
    let err = claire.delete_profile("Alice", None).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    let invitation = laptop.invite("Modifié", Role::Caregiver, 48).unwrap();
    let raw = Raw::accept(&gateway, &invitation.code);
    let status = reqwest::blocking::Client::new()
        .delete(format!("{}/v1/profiles/{profile}", gateway.url()))
        .bearer_auth(raw.token())
        .send()
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(status, 403);

    // A wrong name deletes nothing.
    let err = laptop.delete_profile("Alise", None).unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(err.field.as_deref(), Some("confirm"));
    assert_eq!(laptop.profiles().unwrap().len(), 1);

    // The owner deletes it, with a backup first.
    let backup = tmp.path().join("dernier.carnet-backup");
    laptop.delete_profile(" alice ", Some(&backup)).unwrap();
    assert!(backup.metadata().unwrap().len() > 0);
    assert!(laptop.profiles().unwrap().is_empty());
    assert!(!tmp
        .path()
        .join("laptop/profiles")
        .read_dir()
        .unwrap()
        .any(|_| true));
    assert_eq!(
        blob_files(&gateway),
        0,
        "its documents are gone from the gateway"
    );
    assert_eq!(
        gateway
            .professional("10003456789", "Dr Test")
            .read_status(&profile),
        404
    );

    // The other computers erase their copy at their next contact.
    for (carnet, dir) in [(&mut desktop, "desktop"), (&mut claire, "Claire")] {
        let err = carnet
            .sync_now(&mut |_| {}, &AtomicBool::new(false))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::AccessWithdrawn);
        assert!(
            err.message.contains("a supprimé ce profil"),
            "{}",
            err.message
        );
        assert!(carnet.profiles().unwrap().is_empty());
        let left = tmp.path().join(dir).join("profiles");
        assert!(!left.exists() || !left.read_dir().unwrap().any(|_| true));
    }
    assert!(!claire_copy.exists());

    // The backup still holds everything.
    let mut restored = Carnet::new(tmp.path().join("restored"), Lang::Fr);
    restored
        .restore_backup(
            &backup,
            "Alice",
            &secret("alice passphrase"),
            &mut |_, _| {},
        )
        .unwrap();
    restored
        .unlock("Alice", &secret("alice passphrase"))
        .unwrap();
    let id = restored.profiles().unwrap()[0].id.clone();
    restored.select_profile(&id).unwrap();
    assert_eq!(records(&mut restored).len(), 1);
    assert_eq!(documents(&mut restored).len(), 1);
}

#[test]
fn a_profile_is_not_deleted_while_the_gateway_cannot_be_reached() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (_, code) = gateway.new_account();
    let mut laptop = device(tmp.path(), "laptop");
    laptop.add_record(allergy("Arachide"), None).unwrap();
    laptop.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    sync(&mut laptop);
    drop(gateway);

    let err = laptop.delete_profile("Alice", None).unwrap_err();
    assert_eq!(err.code, ErrorCode::Offline);
    assert_eq!(laptop.profiles().unwrap().len(), 1);
    assert_eq!(records(&mut laptop).len(), 1);
}
