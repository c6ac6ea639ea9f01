//! Two computers as two vault folders, each with its own member and
//! passphrase, and the gateway: `carnet invite`, `carnet people` across
//! processes.

use std::path::Path;

use crate::util::*;

fn gateway(
    dir: &Path,
) -> (
    carnet_server::Background,
    std::sync::Arc<carnet_server::AppState>,
) {
    let state = carnet_server::open(dir).unwrap();
    let server =
        carnet_server::Background::start(state.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    (server, state)
}

fn names(records: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["data"]["substance"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

fn add_allergy(vault: &Path, substance: &str, severity: &str) {
    json(
        vault,
        &[
            "record",
            "add",
            "allergy",
            "--substance",
            substance,
            "--severity",
            severity,
        ],
    );
}

/// What a command prints for a person (not `--json`).
fn printed(vault: &Path, args: &[&str]) -> String {
    String::from_utf8_lossy(&run(vault, args).stdout).into_owned()
}

#[test]
fn a_daughter_helps_from_her_laptop_until_her_access_is_withdrawn() {
    let papa = vault();
    let (running, state) = gateway(&papa.tmp.path().join("gateway"));
    let server = format!("http://{}", running.addr);
    let (_, code) = carnet_server::new_account(&state, "Jean Dupont").unwrap();
    add_allergy(&papa.dir, "Pénicilline", "severe");
    json(&papa.dir, &["pair", "--server", &server, "--code", &code]);
    json(&papa.dir, &["sync"]);

    // The owner invites; the code is what he reads out on the phone.
    let invitation = json(
        &papa.dir,
        &[
            "invite",
            "create",
            "--name",
            "Claire",
            "--role",
            "caregiver",
        ],
    );
    let code = invitation["code"].as_str().unwrap().to_string();
    let out = run(&papa.dir, &["invite", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Claire (aidant)"));

    // Her laptop: her own vault, her own passphrase, no profile yet.
    let claire_tmp = tempfile::tempdir().unwrap();
    let claire = claire_tmp.path().join("vault");
    json(&claire, &["init", "--member", "Claire"]);
    let out = run(
        &claire,
        &[
            "invite",
            "accept",
            &code,
            "--server",
            &server,
            "--device",
            "Portable de Claire",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Profil « Léa » ajouté à ce carnet."));
    assert_eq!(names(&json(&claire, &["record", "list"])), ["Pénicilline"]);
    // The same code does not work twice.
    let other = tempfile::tempdir().unwrap();
    let other = other.path().join("vault");
    json(&other, &["init", "--member", "Intrus"]);
    let out = run(&other, &["invite", "accept", &code, "--server", &server]);
    assert_eq!(out.status.code(), Some(5));

    // Both edit offline, then sync: the same records on both computers.
    add_allergy(&papa.dir, "Latex", "mild");
    add_allergy(&claire, "Pollen", "mild");
    json(&claire, &["sync"]);
    json(&papa.dir, &["sync"]);
    json(&claire, &["sync"]);
    let on_papa = names(&json(&papa.dir, &["record", "list"]));
    assert_eq!(on_papa, ["Latex", "Pollen", "Pénicilline"]);
    assert_eq!(names(&json(&claire, &["record", "list"])), on_papa);
    // Each sees what the other did, named.
    let text = printed(&papa.dir, &["activity"]);
    assert!(
        text.contains("Claire a ajouté une allergie (Pollen) pour Léa"),
        "{text}"
    );
    let text = printed(&claire, &["activity"]);
    assert!(
        text.contains("Alice a ajouté une allergie (Latex) pour Léa"),
        "{text}"
    );

    // `sync --all` syncs every linked profile; a quiet one is a quick check.
    add_allergy(&claire, "Acariens", "mild");
    json(&claire, &["sync"]);
    let linked = json(&papa.dir, &["sync", "--all"]);
    assert_eq!(linked[0]["name"], "Léa");
    assert_eq!(linked[0]["outcome"], "synced");
    assert_eq!(linked[0]["unseen_activity"], 1);
    let text = printed(&papa.dir, &["sync", "--all"]);
    assert!(text.starts_with("Léa : rien de nouveau"), "{text}");
    let on_papa = names(&json(&papa.dir, &["record", "list"]));
    assert_eq!(on_papa, ["Acariens", "Latex", "Pollen", "Pénicilline"]);

    // Who can open it, and from where.
    let people = json(&papa.dir, &["people"]);
    let list = people["people"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["name"], "Claire");
    assert_eq!(list[1]["role"], "caregiver");
    assert_eq!(list[1]["devices"][0]["name"], "Portable de Claire");
    let out = run(&papa.dir, &["people"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Jean Dupont (vous) — titulaire"), "{text}");
    let owner_id = list[0]["id"].as_str().unwrap().to_string();
    let claire_id = list[1]["id"].as_str().unwrap().to_string();

    // A caregiver cannot remove the owner, nor invite (exit code 13).
    let out = run(&claire, &["people", "revoke", &owner_id]);
    assert_eq!(
        out.status.code(),
        Some(13),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        &claire,
        &["invite", "create", "--name", "X", "--role", "read-only"],
    );
    assert_eq!(out.status.code(), Some(13));

    // The owner withdraws her access; her next sync is refused, her copy erased.
    json(&papa.dir, &["people", "revoke", &claire_id]);
    let out = run(&claire, &["sync"]);
    assert_eq!(out.status.code(), Some(14));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("Jean Dupont vous a retiré l'accès à ce profil. Sa copie a été effacée"));
    assert_eq!(json(&claire, &["profile", "list"]), serde_json::json!([]));
    assert_eq!(
        std::fs::read_dir(claire.join("profiles")).unwrap().count(),
        0,
        "no database or document left"
    );
    json(&papa.dir, &["sync"]);
    assert_eq!(names(&json(&papa.dir, &["record", "list"])), on_papa);
}

#[test]
fn a_read_only_member_reads_everything_and_writes_nothing() {
    let papa = vault();
    let (running, state) = gateway(&papa.tmp.path().join("gateway"));
    let server = format!("http://{}", running.addr);
    let (_, code) = carnet_server::new_account(&state, "Jean Dupont").unwrap();
    add_allergy(&papa.dir, "Iode", "mild");
    json(&papa.dir, &["pair", "--server", &server, "--code", &code]);
    json(&papa.dir, &["sync"]);
    let invitation = json(
        &papa.dir,
        &[
            "invite",
            "create",
            "--name",
            "Luc",
            "--role",
            "read-only",
            "--valid",
            "2d",
        ],
    );
    let luc_tmp = tempfile::tempdir().unwrap();
    let luc = luc_tmp.path().join("vault");
    json(&luc, &["init", "--member", "Luc"]);
    json(
        &luc,
        &[
            "invite",
            "accept",
            invitation["code"].as_str().unwrap(),
            "--server",
            &server,
        ],
    );
    assert_eq!(names(&json(&luc, &["record", "list"])), ["Iode"]);
    let out = run(
        &luc,
        &[
            "record",
            "add",
            "allergy",
            "--substance",
            "Latex",
            "--severity",
            "mild",
        ],
    );
    assert_eq!(out.status.code(), Some(13));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Votre rôle sur ce profil ne permet pas"));
    let audit = json(&luc, &["audit"]);
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "refused"));
}

/// Léa's laptop linked to a new account and synced, the gateway serving it
/// (keep it alive), its address, and a code to link a second computer.
fn linked_laptop() -> (TestVault, carnet_server::Background, String, String) {
    let laptop = vault();
    let (running, state) = gateway(&laptop.tmp.path().join("gateway"));
    let server = format!("http://{}", running.addr);
    let (_, code) = carnet_server::new_account(&state, "Léa").unwrap();
    add_allergy(&laptop.dir, "Arachide", "severe");
    json(&laptop.dir, &["pair", "--server", &server, "--code", &code]);
    json(&laptop.dir, &["sync"]);
    let second = json(&laptop.dir, &["sync", "--pairing-code"])["code"]
        .as_str()
        .unwrap()
        .to_string();
    (laptop, running, server, second)
}

#[test]
fn pairing_a_vault_without_the_profile_makes_it_from_the_account() {
    let (_laptop, _running, server, second) = linked_laptop();

    // A new computer of the same person: an empty vault.
    let tmp = tempfile::tempdir().unwrap();
    let desktop = tmp.path().join("vault");
    json(&desktop, &["init", "--member", "Alice"]);
    let out = run(&desktop, &["pair", "--server", &server, "--code", &second]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profiles = json(&desktop, &["profile", "list"]);
    assert_eq!(profiles[0]["info"]["name"], "Léa");
    assert_eq!(profiles[0]["info"]["birth_date"], "2018-09-01");
    assert_eq!(names(&json(&desktop, &["record", "list"])), ["Arachide"]);
}

#[test]
fn at_18_a_child_takes_over_the_profile_and_chooses_who_keeps_access() {
    let parents = vault();
    // The gateway's clock moves on ten years; the computers' clocks are real.
    let clock = std::sync::Arc::new(carnet_server::ManualClock::new());
    let state = carnet_server::open_with_clock(
        &parents.tmp.path().join("gateway"),
        carnet_server::Limits::default(),
        clock.clone(),
    )
    .unwrap();
    let running =
        carnet_server::Background::start(state.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let server = format!("http://{}", running.addr);
    let (_, code) = carnet_server::new_account(&state, "Alice Martin").unwrap();
    add_allergy(&parents.dir, "Arachide", "severe");
    json(
        &parents.dir,
        &["pair", "--server", &server, "--code", &code],
    );
    json(&parents.dir, &["sync"]);
    let invitation = json(
        &parents.dir,
        &["invite", "create", "--name", "Marc", "--role", "co-parent"],
    );
    let marc_tmp = tempfile::tempdir().unwrap();
    let marc = marc_tmp.path().join("vault");
    json(&marc, &["init", "--member", "Marc"]);
    json(
        &marc,
        &[
            "invite",
            "accept",
            invitation["code"].as_str().unwrap(),
            "--server",
            &server,
        ],
    );

    // Léa is 8: her profile stays with her parents.
    let out = run(
        &parents.dir,
        &["invite", "create", "--name", "Léa", "--role", "owner"],
    );
    assert_eq!(out.status.code(), Some(13));
    assert!(String::from_utf8_lossy(&out.stderr).contains("18 ans"));

    // Ten years on she is 18; her mother makes her invitation.
    clock.advance(chrono::Duration::days(3700));
    let code = json(
        &parents.dir,
        &["invite", "create", "--name", "Léa", "--role", "owner"],
    )["code"]
        .as_str()
        .unwrap()
        .to_string();

    // Her own computer: nobody loses access by omission; she reads who can
    // open it, then chooses.
    let lea_tmp = tempfile::tempdir().unwrap();
    let lea = lea_tmp.path().join("vault");
    json(&lea, &["init", "--member", "Léa"]);
    let out = run(&lea, &["invite", "accept", &code, "--server", &server]);
    assert_eq!(out.status.code(), Some(5));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("Vous devenez titulaire de votre profil"),
        "{text}"
    );
    assert!(text.contains("Alice Martin — titulaire") && text.contains("Marc — second parent"));
    let preview = json(&lea, &["invite", "show", &code, "--server", &server]);
    assert_eq!(preview["role"], "owner");
    let alice_id = preview["people"][0]["id"].as_str().unwrap().to_string();
    let keep = format!("{alice_id}=lecture-seule");
    let out = run(
        &lea,
        &[
            "invite",
            "accept",
            &code,
            "--server",
            &server,
            "--device",
            "Portable de Léa",
            "--keep",
            &keep,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "Vous en êtes maintenant titulaire.",
        "Alice Martin garde l'accès (lecture seule).",
        "Marc n'a plus accès.",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    assert_eq!(names(&json(&lea, &["record", "list"])), ["Arachide"]);
    add_allergy(&lea, "Pollen", "mild");
    json(&lea, &["sync"]);

    // Her father's next contact erases his copy; her mother reads on, writes no more.
    let out = run(&marc, &["sync"]);
    assert_eq!(out.status.code(), Some(14));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Léa vous a retiré l'accès"));
    assert_eq!(json(&marc, &["profile", "list"]), serde_json::json!([]));
    json(&parents.dir, &["sync"]);
    assert_eq!(
        names(&json(&parents.dir, &["record", "list"])),
        ["Arachide", "Pollen"]
    );
    let out = run(
        &parents.dir,
        &[
            "record",
            "add",
            "allergy",
            "--substance",
            "Latex",
            "--severity",
            "mild",
        ],
    );
    assert_eq!(out.status.code(), Some(13));
    let text = printed(&lea, &["people"]);
    assert!(text.contains("Léa (vous) — titulaire"), "{text}");
    assert!(text.contains("Alice Martin — lecture seule"), "{text}");
    let text = printed(&lea, &["people", "history"]);
    assert!(
        text.contains(
            "Léa a eu 18 ans et devient titulaire de son profil, que lui remet Alice Martin."
        ),
        "{text}"
    );
}

#[test]
fn a_lost_computer_is_withdrawn_from_the_other_one() {
    let (laptop, _running, server, second) = linked_laptop();
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
            &second,
            "--device",
            "Ordinateur du salon",
        ],
    );

    // The living-room computer is stolen: withdrawn from the laptop.
    let people = json(&laptop.dir, &["people"]);
    let devices = people["people"][0]["devices"].as_array().unwrap();
    let stolen = devices
        .iter()
        .find(|d| d["name"] == "Ordinateur du salon")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(printed(&laptop.dir, &["people"]).contains(&stolen));
    json(&laptop.dir, &["people", "withdraw-device", &stolen]);
    let out = run(&desktop, &["sync"]);
    assert_eq!(out.status.code(), Some(14));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("a retiré cet ordinateur de ce profil. Sa copie a été effacée"));
    assert_eq!(json(&desktop, &["profile", "list"]), serde_json::json!([]));
    // The laptop goes on as before.
    add_allergy(&laptop.dir, "Latex", "mild");
    json(&laptop.dir, &["sync"]);
    assert_eq!(
        names(&json(&laptop.dir, &["record", "list"])),
        ["Arachide", "Latex"]
    );
    let text = printed(&laptop.dir, &["people", "history"]);
    assert!(
        text.contains("Léa a retiré son ordinateur « Ordinateur du salon »."),
        "{text}"
    );
}
