//! Backup and restore: one encrypted archive, identical records and documents after restore.

use std::io::Cursor;
use std::ops::ControlFlow;

use carnet_vault::{restore, Error, Vault};

use crate::util::*;

#[test]
fn whole_vault_round_trips_through_an_archive() {
    let fx = fixture();
    let (mut session, lea) = vault_with_profile(&fx.dir, "Léa");
    let tom = session.create_profile(info("Tom")).unwrap().id;
    let pdf = pdf_with_text("Radio du thorax");
    let doc_id = {
        let mut p = session.open_profile(&lea).unwrap();
        p.add_record(allergy("arachide"), Some("note".into()))
            .unwrap();
        p.import_document(
            &mut Cursor::new(&pdf),
            "radio.pdf",
            crate::documents::input("Radio"),
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap()
        .id
    };
    session
        .open_profile(&tom)
        .unwrap()
        .add_record(allergy("lait"), None)
        .unwrap();
    let archive = fx._tmp.path().join("sauvegarde.carnet");
    let mut reported = Vec::new();
    let summary = session
        .backup(None, &archive, &mut |done, total| {
            reported.push((done, total))
        })
        .unwrap();
    // Progress climbs to the bytes written and never past its total.
    assert_eq!(reported.last().map(|r| r.0), Some(summary.bytes));
    assert!(reported.windows(2).all(|w| w[0].0 <= w[1].0));
    assert!(reported.iter().all(|(done, total)| done <= total));
    assert_eq!(summary.profiles, 2);
    let before: Vec<_> = [&lea, &tom]
        .iter()
        .map(|id| session.open_profile(id).unwrap().records(None).unwrap())
        .collect();
    drop(session);

    // The archive holds no readable content.
    let bytes = std::fs::read(&archive).unwrap();
    assert!(!bytes.windows(8).any(|w| w == b"arachide"));

    let dest = fx._tmp.path().join("restored");
    assert!(matches!(
        restore(
            &archive,
            &dest,
            "Alice",
            &secret("wrong passphrase"),
            &mut |_, _| {}
        ),
        Err(Error::WrongPassphrase)
    ));
    assert!(!dest.exists(), "a refused restore creates nothing");

    let mut last = (0, 0);
    restore(
        &archive,
        &dest,
        "Alice",
        &secret(PASS),
        &mut |done, total| last = (done, total),
    )
    .unwrap();
    // Restore reads the whole archive: its progress ends at the file's size.
    let archive_len = std::fs::metadata(&archive).unwrap().len();
    assert_eq!(last, (archive_len, archive_len));
    let vault = Vault::open(&dest).unwrap();
    let alice = vault.find_member("Alice").unwrap();
    let session = vault.into_session(&alice.id, &secret(PASS)).unwrap();
    let after: Vec<_> = [&lea, &tom]
        .iter()
        .map(|id| session.open_profile(id).unwrap().records(None).unwrap())
        .collect();
    assert_eq!(before, after);
    let profile = session.open_profile(&lea).unwrap();
    profile.check_integrity().unwrap();
    let mut back = Vec::new();
    profile.read_document(&doc_id, &mut back).unwrap();
    assert_eq!(back, pdf);

    // Restoring over existing data is refused.
    drop(profile);
    drop(session);
    assert!(matches!(
        restore(&archive, &dest, "Alice", &secret(PASS), &mut |_, _| {}),
        Err(Error::DestinationNotEmpty)
    ));
}

#[test]
fn single_profile_archive_and_damaged_archives() {
    let fx = fixture();
    let (mut session, lea) = vault_with_profile(&fx.dir, "Léa");
    session.create_profile(info("Tom")).unwrap();
    session
        .open_profile(&lea)
        .unwrap()
        .add_record(allergy("pollen"), None)
        .unwrap();
    let archive = fx._tmp.path().join("lea.carnet");
    assert_eq!(
        session
            .backup(Some(&lea), &archive, &mut |_, _| {})
            .unwrap()
            .profiles,
        1
    );
    drop(session);

    let dest = fx._tmp.path().join("one");
    restore(&archive, &dest, "alice", &secret(PASS), &mut |_, _| {}).unwrap();
    let session = Vault::open(&dest).unwrap().into_session(
        &Vault::open(&fx.dir)
            .map(|_| ())
            .map_or_else(|_| unreachable!(), |_| String::new()),
        &secret(PASS),
    );
    assert!(session.is_err(), "an empty member id is not a member");

    let vault = Vault::open(&dest).unwrap();
    let alice = vault.find_member("Alice").unwrap();
    let session = vault.into_session(&alice.id, &secret(PASS)).unwrap();
    let profiles = session.profiles().unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].info.as_ref().unwrap().name, "Léa");
    drop(session);

    let bytes = std::fs::read(&archive).unwrap();
    for (i, damaged) in [bytes[..bytes.len() - 10].to_vec(), {
        let mut b = bytes.clone();
        let at = b.len() - 100;
        b[at] ^= 0x40;
        b
    }]
    .into_iter()
    .enumerate()
    {
        let path = fx._tmp.path().join(format!("damaged-{i}"));
        std::fs::write(&path, damaged).unwrap();
        let dest = fx._tmp.path().join(format!("dest-{i}"));
        assert!(
            matches!(
                restore(&path, &dest, "Alice", &secret(PASS), &mut |_, _| {}),
                Err(Error::Damaged { .. })
            ),
            "case {i}"
        );
        assert!(!dest.exists());
    }
}
