//! `carnet profile edit|delete` and `carnet conflicts` across processes: two
//! computers of one person, the gateway between them.

use std::path::{Path, PathBuf};

use crate::util::*;

struct Two {
    _tmp: tempfile::TempDir,
    laptop: TestVault,
    desktop: PathBuf,
    _gateway: carnet_server::Background,
}

/// A laptop (profile Léa, one allergy) and a desktop paired to the same
/// account, both synced.
fn two_computers() -> Two {
    let laptop = vault();
    let state = carnet_server::open(&laptop.tmp.path().join("gateway")).unwrap();
    let running =
        carnet_server::Background::start(state.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let server = format!("http://{}", running.addr);
    let (_, code) = carnet_server::new_account(&state, "Léa").unwrap();
    json(
        &laptop.dir,
        &[
            "record",
            "add",
            "allergy",
            "--substance",
            "Arachide",
            "--severity",
            "moderate",
        ],
    );
    json(&laptop.dir, &["pair", "--server", &server, "--code", &code]);
    json(&laptop.dir, &["sync"]);
    let second = json(&laptop.dir, &["sync", "--pairing-code"]);
    let tmp = tempfile::tempdir().unwrap();
    let desktop = tmp.path().join("vault");
    json(&desktop, &["init", "--member", "Alice"]);
    json(
        &desktop,
        &[
            "pair",
            "--server",
            &server,
            "--code",
            second["code"].as_str().unwrap(),
        ],
    );
    json(&desktop, &["sync"]);
    Two {
        _tmp: tmp,
        laptop,
        desktop,
        _gateway: running,
    }
}

fn sync_all(two: &Two) {
    json(&two.laptop.dir, &["sync"]);
    json(&two.desktop, &["sync"]);
    json(&two.laptop.dir, &["sync"]);
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_detail_of_a_profile_is_edited_and_reaches_the_other_computer() {
    let two = two_computers();
    let edited = json(
        &two.laptop.dir,
        &[
            "profile",
            "edit",
            "--nir",
            "2 18 09 75 056 123 87",
            "--doctor",
            "Dr Marie Curie",
            "--doctor-rpps",
            "10003591586",
            "--doctor-phone",
            "0142345678",
            "--contact",
            "Paul Martin;père;06 12 34 56 78",
            "--contact",
            "Mamie;;+33 6 98 76 54 32",
        ],
    );
    assert_eq!(edited["doctor"]["name"], "Dr Marie Curie");
    assert_eq!(edited["doctor"]["phone"], "01 42 34 56 78");
    assert_eq!(edited["emergency_contacts"][1]["phone"], "+33698765432");

    sync_all(&two);
    let there = json(&two.desktop, &["profile", "show"]);
    assert_eq!(there["doctor"]["rpps"], "10003591586");
    assert_eq!(there["emergency_contacts"][0]["relation"], "père");
    assert_eq!(there["emergency_contacts"].as_array().unwrap().len(), 2);

    // Bad input: a clear message naming the field, nothing changed.
    let bad = run(
        &two.laptop.dir,
        &["profile", "edit", "--doctor-phone", "12"],
    );
    assert_eq!(bad.status.code(), Some(5));
    assert!(stderr(&bad).contains("téléphone"), "{}", stderr(&bad));
    let bad = run(
        &two.laptop.dir,
        &["profile", "edit", "--nir", "2 18 09 75 056 123 88"],
    );
    assert_eq!(bad.status.code(), Some(5));
    let four: Vec<String> = (1..=4)
        .map(|i| format!("Contact {i};;0612345678"))
        .collect();
    let mut args = vec!["profile", "edit"];
    for c in &four {
        args.extend(["--contact", c.as_str()]);
    }
    assert_eq!(run(&two.laptop.dir, &args).status.code(), Some(5));
    assert_eq!(json(&two.laptop.dir, &["profile", "show"]), edited);

    json(
        &two.laptop.dir,
        &["profile", "edit", "--no-contacts", "--doctor", ""],
    );
    let cleared = json(&two.laptop.dir, &["profile", "show"]);
    assert!(cleared.get("doctor").is_none() && cleared.get("emergency_contacts").is_none());
}

fn conflicts(dir: &Path) -> serde_json::Value {
    json(dir, &["conflicts"])
}

#[test]
fn a_conflict_made_on_two_computers_is_seen_and_settled_from_the_cli() {
    let two = two_computers();
    let id = json(&two.laptop.dir, &["record", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Both edit the same field, and the profile's name, offline.
    json(
        &two.laptop.dir,
        &["record", "edit", &id, "--set", "severity=severe"],
    );
    json(
        &two.desktop,
        &["record", "edit", &id, "--set", "severity=mild"],
    );
    json(
        &two.laptop.dir,
        &["profile", "edit", "--name", "Léa Martin"],
    );
    json(&two.desktop, &["profile", "edit", "--name", "Léa Dupont"]);
    sync_all(&two);

    let seen = conflicts(&two.laptop.dir);
    assert_eq!(
        seen,
        conflicts(&two.desktop),
        "both computers see the same conflicts"
    );
    let severity = &seen[&id][0];
    assert_eq!(severity["field"], "severity");
    let mut values: Vec<&str> = severity["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    values.sort();
    assert_eq!(values, ["mild", "severe"]);
    assert_eq!(seen["details"][0]["field"], "name");
    let text = String::from_utf8_lossy(&run(&two.laptop.dir, &["conflicts"]).stdout).into_owned();
    assert!(
        text.contains("Informations du profil") && text.contains("(affichée)"),
        "{text}"
    );

    // A value that is not one of them is refused, with the choices.
    let wrong = run(&two.laptop.dir, &["conflicts", "keep", &id, "moderate"]);
    assert_eq!(wrong.status.code(), Some(5));
    assert!(stderr(&wrong).contains("mild"), "{}", stderr(&wrong));

    json(&two.desktop, &["conflicts", "keep", &id, "severe"]);
    json(
        &two.desktop,
        &[
            "conflicts",
            "keep",
            "details",
            "Léa Martin",
            "--field",
            "name",
        ],
    );
    sync_all(&two);
    for dir in [&two.laptop.dir, &two.desktop] {
        assert_eq!(conflicts(dir), serde_json::json!({}));
        assert_eq!(
            json(dir, &["record", "show", &id])["data"]["severity"],
            "severe"
        );
        assert_eq!(json(dir, &["profile", "show"])["name"], "Léa Martin");
    }
    let none = run(&two.laptop.dir, &["conflicts"]);
    assert!(String::from_utf8_lossy(&none.stdout).contains("Aucun conflit"));
}

#[test]
fn the_owner_deletes_a_profile_on_both_computers() {
    let two = two_computers();
    let wrong = run(&two.laptop.dir, &["profile", "delete", "--confirm", "Lea"]);
    assert_eq!(wrong.status.code(), Some(5));
    assert!(
        stderr(&wrong).contains("nom du profil"),
        "{}",
        stderr(&wrong)
    );

    let backup = two
        .laptop
        .tmp
        .path()
        .join("avant-suppression.carnet-backup");
    let out = run(
        &two.laptop.dir,
        &[
            "profile",
            "delete",
            "--confirm",
            "Léa",
            "--backup",
            backup.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Profil supprimé"));
    assert!(backup.exists());
    assert_eq!(
        json(&two.laptop.dir, &["profile", "list"]),
        serde_json::json!([])
    );

    // The desktop learns it at its next contact and erases its copy.
    let out = run(&two.desktop, &["sync"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("a supprimé ce profil"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        json(&two.desktop, &["profile", "list"]),
        serde_json::json!([])
    );
}
