//! Tampering and damage: flipped bytes and truncations are reported, never read as data.

use std::io::Cursor;
use std::ops::ControlFlow;
use std::path::Path;

use carnet_vault::{Error, Vault};

use crate::util::*;

/// Opens everything in the vault copy and reads every record and document.
fn read_everything(dir: &Path, profile_id: &str) -> Result<(), Error> {
    let vault = Vault::open(dir)?;
    let member = vault.find_member("Alice")?;
    let session = vault.into_session(&member.id, &secret(PASS))?;
    let profile = session.open_profile(profile_id)?;
    profile.check_integrity()?;
    profile.records(None)?;
    for doc in profile.documents()? {
        profile.read_document(&doc.id, &mut std::io::sink())?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) {
    for (path, bytes) in snapshot(from) {
        let dest = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

fn pristine() -> (Fixture, String) {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    for i in 0..300 {
        profile
            .add_record(allergy(&format!("substance {i}")), Some("x".repeat(200)))
            .unwrap();
    }
    profile
        .import_document(
            &mut Cursor::new(vec![b'a'; 300_000]),
            "a.txt",
            crate::documents::input("A"),
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap();
    drop(profile);
    drop(session);
    read_everything(&fx.dir, &id).expect("the pristine copy reads fine");
    (fx, id)
}

fn mutate(fx: &Fixture, id: &str, pick_blob: bool, seed: u64) -> Result<(), Error> {
    let mut rng = Rng(seed);
    let copy = fx._tmp.path().join(format!("copy-{seed}-{pick_blob}"));
    copy_dir(&fx.dir, &copy);
    let profile_dir = copy.join(format!("profiles/{id}"));
    let target = if pick_blob {
        std::fs::read_dir(profile_dir.join("blobs"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
    } else {
        profile_dir.join("profile.db")
    };
    let mut bytes = std::fs::read(&target).unwrap();
    if rng.below(3) == 0 {
        bytes.truncate(rng.below(bytes.len() as u64) as usize);
    } else {
        let at = rng.below(bytes.len() as u64) as usize;
        bytes[at] ^= 1 << rng.below(8);
    }
    std::fs::write(&target, bytes).unwrap();
    let result = read_everything(&copy, id);
    std::fs::remove_dir_all(&copy).unwrap();
    result
}

#[test]
fn every_flip_or_truncation_of_the_database_is_detected() {
    let (fx, id) = pristine();
    for seed in 1..=40 {
        match mutate(&fx, &id, false, seed) {
            Err(Error::Damaged { .. }) => {}
            other => panic!("seed {seed}: expected a damaged error, got {other:?}"),
        }
    }
}

#[test]
fn every_flip_or_truncation_of_a_blob_is_detected() {
    let (fx, id) = pristine();
    for seed in 1..=40 {
        match mutate(&fx, &id, true, seed) {
            Err(Error::Damaged { .. }) => {}
            other => panic!("seed {seed}: expected a damaged error, got {other:?}"),
        }
    }
}

#[test]
fn a_damaged_vault_file_is_reported() {
    let fx = fixture();
    let (session, _) = vault_with_profile(&fx.dir, "Léa");
    drop(session);
    std::fs::write(
        fx.dir.join("vault.json"),
        b"{\"format\": \"carnet-vault\", trunc",
    )
    .unwrap();
    assert!(matches!(Vault::open(&fx.dir), Err(Error::Damaged { .. })));
}
