//! Attacks by someone who can write to the vault folder but is not a member
//! (another person on the same OS account, malware, a synced folder): every
//! one must be reported as damaged or altered, and nothing may be written.

use std::io::{Read, Write};
use std::iter;
use std::path::Path;
use std::str::FromStr;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::x25519;
use carnet_vault::{Altered, Error, Role, Vault};
use serde_json::{json, Value};

use crate::util::*;

const EVE_PASS: &str = "the attacker's own passphrase";

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("vault.json")).unwrap()).unwrap()
}

fn write_manifest(dir: &Path, value: &Value) {
    std::fs::write(
        dir.join("vault.json"),
        serde_json::to_vec_pretty(value).unwrap(),
    )
    .unwrap();
}

fn armor(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    let mut w = ArmoredWriter::wrap_output(&mut out, Format::AsciiArmor).unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap();
    String::from_utf8(out).unwrap()
}

fn unarmor(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    ArmoredReader::new(text.as_bytes())
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// What anyone can do with a public recipient: encrypt to it.
fn encrypt_to(recipient: &str, plaintext: &[u8]) -> String {
    let recipient = x25519::Recipient::from_str(recipient).unwrap();
    let encryptor =
        age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = encryptor.wrap_output(&mut out).unwrap();
    w.write_all(plaintext).unwrap();
    w.finish().unwrap();
    armor(&out)
}

fn decrypt_with(identity: &x25519::Identity, armored: &str) -> Vec<u8> {
    let d = age::Decryptor::new(ArmoredReader::new(armored.as_bytes())).unwrap();
    let mut r = d
        .decrypt(iter::once(identity as &dyn age::Identity))
        .unwrap();
    let mut out = Vec::new();
    r.read_to_end(&mut out).unwrap();
    out
}

/// Opens a sealed identity with its passphrase (what its member can do with
/// the age tool) and returns the age identity line.
fn identity_line(sealed: &str, passphrase: &str) -> String {
    let mut identity = age::scrypt::Identity::new(secret(passphrase));
    identity.set_max_work_factor(22);
    let d = age::Decryptor::new(ArmoredReader::new(sealed.as_bytes())).unwrap();
    let mut text = String::new();
    d.decrypt(iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text.lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap()
        .to_string()
}

/// The attacker's own vault, made with Carnet, whose passphrase they know:
/// it gives them a real profile database and its raw key.
struct Planted {
    _fx: Fixture,
    dir: std::path::PathBuf,
    profile_id: String,
    key: Vec<u8>,
}

fn planted_profile() -> Planted {
    let fx = fixture();
    let dir = fx.dir.clone();
    let mut session = Vault::create(&dir, "Eve", &secret(EVE_PASS)).unwrap();
    let profile = session.create_profile(info("Léa")).unwrap();
    let mut opened = session.open_profile(&profile.id).unwrap();
    opened
        .add_record(allergy("Allergie inventée"), None)
        .unwrap();
    drop(opened);
    drop(session);
    let m = manifest(&dir);
    let sealed = m["members"][0]["sealed_identity"].as_str().unwrap();
    let eve = x25519::Identity::from_str(&identity_line(sealed, EVE_PASS)).unwrap();
    let wrapped = m["profiles"][0]["keys"][0]["wrapped"].as_str().unwrap();
    Planted {
        _fx: fx,
        dir,
        profile_id: profile.id,
        key: decrypt_with(&eve, wrapped),
    }
}

fn copy_profile(from_vault: &Path, to_vault: &Path, id: &str) {
    let from = from_vault.join("profiles").join(id);
    let to = to_vault.join("profiles").join(id);
    std::fs::create_dir_all(to.join("blobs")).unwrap();
    for entry in std::fs::read_dir(&from).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn assert_altered<T: std::fmt::Debug>(result: Result<T, Error>, part: Altered) {
    match result {
        Err(Error::Altered(found)) => assert_eq!(found, part),
        other => panic!("expected {part:?} altered, got {other:?}"),
    }
}

#[test]
fn a_profile_planted_for_a_member_is_refused_at_unlock() {
    let fx = fixture();
    let (session, _) = vault_with_profile(&fx.dir, "Moi");
    let alice = session.member();
    drop(session);
    let planted = planted_profile();
    copy_profile(&planted.dir, &fx.dir, &planted.profile_id);
    let mut m = manifest(&fx.dir);
    let recipient = m["members"][0]["recipient"].as_str().unwrap().to_string();
    m["profiles"].as_array_mut().unwrap().push(json!({
        "id": planted.profile_id,
        "keys": [{
            "member": alice.id, "role": "owner",
            "wrapped": encrypt_to(&recipient, &planted.key),
            "granted_by": alice.id, "granted_at": "2026-01-01T00:00:00Z"
        }]
    }));
    write_manifest(&fx.dir, &m);
    let before = snapshot(&fx.dir);
    let mut vault = Vault::open(&fx.dir).unwrap();
    assert_altered(vault.unlock(&alice.id, &secret(PASS)), Altered::VaultFile);
    drop(vault);
    assert_eq!(snapshot(&fx.dir), before, "nothing is written");
}

#[test]
fn a_replaced_profile_database_is_refused() {
    // With its own key wrapped to the member in the manifest…
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Moi");
    let alice = session.member();
    drop(session);
    let planted = planted_profile();
    let target = fx.dir.join("profiles").join(&id).join("profile.db");
    std::fs::copy(
        planted
            .dir
            .join("profiles")
            .join(&planted.profile_id)
            .join("profile.db"),
        &target,
    )
    .unwrap();
    let mut m = manifest(&fx.dir);
    let recipient = m["members"][0]["recipient"].as_str().unwrap().to_string();
    m["profiles"][0]["keys"][0]["wrapped"] = json!(encrypt_to(&recipient, &planted.key));
    write_manifest(&fx.dir, &m);
    let mut vault = Vault::open(&fx.dir).unwrap();
    assert_altered(vault.unlock(&alice.id, &secret(PASS)), Altered::VaultFile);
}

#[test]
fn a_forged_backup_archive_is_refused_and_nothing_is_restored() {
    let fx = fixture();
    let (session, _) = vault_with_profile(&fx.dir, "Moi");
    let alice = session.member();
    drop(session);
    let planted = planted_profile();
    let m = manifest(&fx.dir);
    let member = &m["members"][0];
    // The archive an attacker can build from public parts: the victim's
    // sealed identity in the header, a manifest listing a planted profile
    // whose key is wrapped to the victim, all encrypted to the victim.
    let mut forged = m.clone();
    forged["profiles"] = json!([{
        "id": planted.profile_id,
        "keys": [{
            "member": alice.id, "role": "owner",
            "wrapped": encrypt_to(member["recipient"].as_str().unwrap(), &planted.key),
            "granted_by": alice.id, "granted_at": "2026-01-01T00:00:00Z"
        }]
    }]);
    for version_one in [false, true] {
        let mut forged = forged.clone();
        if version_one {
            forged["version"] = json!(1);
            forged.as_object_mut().unwrap().remove("auth");
            forged.as_object_mut().unwrap().remove("vault_id");
        }
        let mut tar = tar::Builder::new(Vec::new());
        let add = |tar: &mut tar::Builder<Vec<u8>>, name: &str, bytes: &[u8]| {
            let mut h = tar::Header::new_gnu();
            h.set_size(bytes.len() as u64);
            h.set_mode(0o600);
            h.set_cksum();
            tar.append_data(&mut h, name, bytes).unwrap();
        };
        add(
            &mut tar,
            "vault.json",
            &serde_json::to_vec(&forged).unwrap(),
        );
        let db = std::fs::read(
            planted
                .dir
                .join("profiles")
                .join(&planted.profile_id)
                .join("profile.db"),
        )
        .unwrap();
        add(
            &mut tar,
            &format!("profiles/{}/profile.db", planted.profile_id),
            &db,
        );
        let tar = tar.into_inner().unwrap();
        let recipient = x25519::Recipient::from_str(member["recipient"].as_str().unwrap()).unwrap();
        let encryptor =
            age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient)).unwrap();
        let header = json!({
            "created_at": "2026-01-01T00:00:00Z",
            "members": [{
                "id": member["id"], "name": member["name"],
                "recipient": member["recipient"], "sealed_identity": member["sealed_identity"]
            }]
        });
        let mut archive = format!("carnet-backup/v1\n{header}\n").into_bytes();
        let mut w = encryptor.wrap_output(&mut archive).unwrap();
        w.write_all(&tar).unwrap();
        w.finish().unwrap();
        let path = fx._tmp.path().join("forged.carnet");
        std::fs::write(&path, &archive).unwrap();
        let dest = fx._tmp.path().join(format!("restored-{version_one}"));
        let result = carnet_vault::restore(&path, &dest, "Alice", &secret(PASS), &mut |_, _| {});
        assert_altered(result, Altered::Backup);
        assert!(!dest.exists(), "nothing restored");
    }
}

#[test]
fn a_swapped_recipient_is_refused_before_any_key_is_rewrapped_to_it() {
    let fx = fixture();
    let (mut session, id) = vault_with_profile(&fx.dir, "Léa");
    let alice = session.member().id;
    let bob = session.add_member("Bob", &secret(PASS)).unwrap();
    let carol = session.add_member("Carol", &secret(PASS)).unwrap();
    session.grant(&id, &bob.id, Role::Parent).unwrap();
    session.grant(&id, &carol.id, Role::Caregiver).unwrap();
    drop(session);
    let attacker = x25519::Identity::generate();
    let mut m = manifest(&fx.dir);
    for member in m["members"].as_array_mut().unwrap() {
        if member["id"] == json!(bob.id) {
            member["recipient"] = json!(attacker.to_public().to_string());
        }
    }
    write_manifest(&fx.dir, &m);
    let before = snapshot(&fx.dir);
    let mut vault = Vault::open(&fx.dir).unwrap();
    // The owner cannot even unlock, so no revoke can wrap a key to the attacker.
    assert_altered(vault.unlock(&alice, &secret(PASS)), Altered::VaultFile);
    drop(vault);
    assert_eq!(snapshot(&fx.dir), before);
    let opens_for_attacker = manifest(&fx.dir)["profiles"][0]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| {
            let d = age::Decryptor::new(ArmoredReader::new(
                k["wrapped"].as_str().unwrap().as_bytes(),
            ))
            .unwrap();
            d.decrypt(iter::once(&attacker as &dyn age::Identity))
                .is_ok()
        });
    assert!(!opens_for_attacker, "a key was wrapped to the attacker");
}

/// Rewrites the scrypt work factor in a sealed identity's header.
fn with_work_factor(sealed: &str, log_n: u8) -> String {
    let binary = unarmor(sealed);
    let text = String::from_utf8_lossy(&binary).into_owned();
    let line = text.lines().nth(1).unwrap().to_string();
    let mut parts: Vec<String> = line.split(' ').map(str::to_string).collect();
    parts[3] = log_n.to_string();
    let replaced = parts.join(" ");
    let mut out = binary.clone();
    let at = text.find(&line).unwrap();
    out.splice(at..at + line.len(), replaced.bytes());
    armor(&out)
}

#[test]
fn tampered_key_protection_parameters_are_reported_as_altered_before_the_kdf_runs() {
    let fx = fixture();
    let (session, _) = vault_with_profile(&fx.dir, "Léa");
    let alice = session.member().id;
    drop(session);
    let original = manifest(&fx.dir);
    // 22 would cost 4 GiB and seconds if scrypt ran; 9 is below the floor.
    for log_n in [22u8, 20, 9, 1] {
        let mut m = original.clone();
        let sealed = m["members"][0]["sealed_identity"].as_str().unwrap();
        m["members"][0]["sealed_identity"] = json!(with_work_factor(sealed, log_n));
        write_manifest(&fx.dir, &m);
        let mut vault = Vault::open(&fx.dir).unwrap();
        assert_altered(vault.unlock(&alice, &secret(PASS)), Altered::KeyProtection);
    }
}

#[test]
fn identifiers_that_are_paths_are_refused() {
    let fx = fixture();
    let (session, _) = vault_with_profile(&fx.dir, "Léa");
    drop(session);
    let original = manifest(&fx.dir);
    for bad in [
        "../../x",
        "..",
        "{6f1c1c9e-0d7e-4f43-9a5e-3d0f8c1b2a4d}",
        "urn:uuid:6f1c1c9e-0d7e-4f43-9a5e-3d0f8c1b2a4d",
        "6F1C1C9E-0D7E-4F43-9A5E-3D0F8C1B2A4D",
    ] {
        let mut m = original.clone();
        m["profiles"][0]["id"] = json!(bad);
        write_manifest(&fx.dir, &m);
        assert!(
            matches!(Vault::open(&fx.dir), Err(Error::Damaged { .. })),
            "{bad}"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinked_profile_folders_are_refused_and_nothing_outside_is_touched() {
    use std::os::unix::fs::symlink;
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let alice = session.member().id;
    drop(session);
    let outside = fx._tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    // Names the clean-up on open would delete if it followed the link.
    let victim = outside.join("a".repeat(64));
    std::fs::write(&victim, b"someone else's file").unwrap();
    std::fs::write(outside.join(".tmp-1234"), b"another").unwrap();
    let blobs = fx.dir.join("profiles").join(&id).join("blobs");
    std::fs::remove_dir_all(&blobs).unwrap();
    symlink(&outside, &blobs).unwrap();
    let session = Vault::open(&fx.dir)
        .unwrap()
        .into_session(&alice, &secret(PASS))
        .unwrap();
    assert_altered(session.open_profile(&id), Altered::ProfileFolder);
    assert!(victim.exists() && outside.join(".tmp-1234").exists());
    drop(session);

    // The whole profile folder as a link.
    std::fs::remove_file(&blobs).unwrap();
    std::fs::create_dir(&blobs).unwrap();
    let profile = fx.dir.join("profiles").join(&id);
    let moved = fx._tmp.path().join("moved");
    std::fs::rename(&profile, &moved).unwrap();
    symlink(&moved, &profile).unwrap();
    let session = Vault::open(&fx.dir)
        .unwrap()
        .into_session(&alice, &secret(PASS))
        .unwrap();
    assert_altered(session.open_profile(&id), Altered::ProfileFolder);
    drop(session);

    // The database file as a link.
    std::fs::remove_file(&profile).unwrap();
    std::fs::rename(&moved, &profile).unwrap();
    let db = profile.join("profile.db");
    std::fs::rename(&db, fx._tmp.path().join("elsewhere.db")).unwrap();
    symlink(fx._tmp.path().join("elsewhere.db"), &db).unwrap();
    let session = Vault::open(&fx.dir)
        .unwrap()
        .into_session(&alice, &secret(PASS))
        .unwrap();
    assert_altered(session.open_profile(&id), Altered::ProfileFolder);
}

#[test]
fn a_vault_from_before_authentication_is_upgraded_by_each_member_in_turn() {
    let fx = fixture();
    let (mut session, id) = vault_with_profile(&fx.dir, "Léa");
    let alice = session.member().id;
    let bob = session.add_member("Bob", &secret(PASS)).unwrap();
    session.grant(&id, &bob.id, Role::Parent).unwrap();
    drop(session);
    // What an older Carnet wrote: version 1, no vault id, no authentication,
    // sealed identities holding only the age identity.
    let mut m = manifest(&fx.dir);
    m["version"] = json!(1);
    let obj = m.as_object_mut().unwrap();
    obj.remove("auth");
    obj.remove("vault_id");
    for member in m["members"].as_array_mut().unwrap() {
        let key = identity_line(member["sealed_identity"].as_str().unwrap(), PASS);
        let mut recipient = age::scrypt::Recipient::new(secret(PASS));
        recipient.set_work_factor(10);
        let e =
            age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient)).unwrap();
        let mut out = Vec::new();
        let mut w = e.wrap_output(&mut out).unwrap();
        w.write_all(key.as_bytes()).unwrap();
        w.finish().unwrap();
        member["sealed_identity"] = json!(armor(&out));
    }
    write_manifest(&fx.dir, &m);

    let session = Vault::open(&fx.dir)
        .unwrap()
        .into_session(&alice, &secret(PASS))
        .unwrap();
    assert_eq!(session.profiles().unwrap().len(), 1);
    drop(session);
    assert_eq!(manifest(&fx.dir)["version"], json!(2));
    // Bob unlocks with the key Alice left him, and his identity is sealed again.
    let session = Vault::open(&fx.dir)
        .unwrap()
        .into_session(&bob.id, &secret(PASS))
        .unwrap();
    assert_eq!(session.profiles().unwrap()[0].id, id);
    drop(session);
    assert!(manifest(&fx.dir).get("upgrade_keys").is_none());
    // From now on, a version 1 file is a downgrade, refused.
    let mut m = manifest(&fx.dir);
    m["version"] = json!(1);
    m.as_object_mut().unwrap().remove("auth");
    write_manifest(&fx.dir, &m);
    let mut vault = Vault::open(&fx.dir).unwrap();
    assert_altered(vault.unlock(&alice, &secret(PASS)), Altered::VaultFile);
    assert_altered(vault.unlock(&bob.id, &secret(PASS)), Altered::VaultFile);
}

#[test]
fn a_hostile_document_size_from_a_peer_is_set_aside_without_a_crash() {
    use carnet_sync::Replica;
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    let pdf = pdf_with_text("Compte rendu");
    let mine = profile
        .import_document(
            &mut &pdf[..],
            "cr.pdf",
            carnet_model::DocumentInput {
                title: "Compte rendu".into(),
                type_code: "11502-2".into(),
                date: "2026-01-05".parse().unwrap(),
                author: None,
                author_rpps: None,
                source: carnet_model::DocumentSource::Patient,
                hidden: false,
                notes: None,
            },
            &mut |_| std::ops::ControlFlow::Continue(()),
        )
        .unwrap();
    // A peer (a malicious gateway) announces the same content with a size of
    // 2^62 under a new id, and a name carrying a path and a bidi override.
    let mut peer = carnet_sync::ProfileDoc::new(&[9u8; 16]).unwrap();
    let mut hostile = mine.clone();
    hostile.id = carnet_model::new_id();
    hostile.size = 1 << 62;
    peer.put_document(&hostile).unwrap();
    let mut named = mine.clone();
    named.id = carnet_model::new_id();
    named.file_name = "..\\..\\rapport\u{202e}fdp.exe".into();
    peer.put_document(&named).unwrap();
    peer.commit("hostile");
    let mut state = carnet_sync::PeerState::new();
    for _ in 0..8 {
        let mut quiet = true;
        if let Some(m) = carnet_sync::protocol::generate(&mut peer, &mut state) {
            profile.receive_message("gateway", &m).unwrap();
            quiet = false;
        }
        if let Some(m) = profile.generate_message("gateway").unwrap() {
            carnet_sync::protocol::receive(&mut peer, &mut state, &m).unwrap();
            quiet = false;
        }
        if quiet {
            break;
        }
    }
    let ids: Vec<String> = profile
        .documents()
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, vec![mine.id.clone()]);
    assert!(profile.rows_match_document().unwrap());
    // Uploading and downloading content never sees the announced size.
    for blob in profile.local_blobs().unwrap() {
        assert!(blob.size < 1 << 30);
        assert_eq!(profile.read_blob(&blob).unwrap(), pdf);
    }
    assert!(profile.missing_blobs().unwrap().is_empty());
}
