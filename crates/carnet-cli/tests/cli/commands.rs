//! What a script or a person sees: outputs, messages and exit codes.

use std::io::Write;
use std::process::Stdio;

use crate::util::*;

#[test]
fn records_and_documents_round_trip_through_the_cli() {
    let v = vault();
    let rec = json(
        &v.dir,
        &[
            "record",
            "add",
            "allergy",
            "--substance",
            "Pénicilline",
            "--severity",
            "severe",
        ],
    );
    let id = rec["id"].as_str().unwrap();
    json(
        &v.dir,
        &[
            "record",
            "add",
            "measurement",
            "--type",
            "blood_pressure",
            "--value",
            "128",
            "--value2",
            "82",
            "--at",
            "2025-01-02T08:00",
        ],
    );
    let listed = json(&v.dir, &["record", "list", "--kind", "allergy"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["data"]["substance"], "Pénicilline");

    let edited = json(
        &v.dir,
        &[
            "record",
            "edit",
            id,
            "--set",
            "severity=moderate",
            "--set",
            "reaction=Urticaire",
        ],
    );
    assert_eq!(edited["data"]["severity"], "moderate");
    assert_eq!(edited["data"]["reaction"], "Urticaire");

    let file = v.tmp.path().join("compte-rendu.txt");
    std::fs::write(&file, "Compte rendu : échographie normale.\n".repeat(50)).unwrap();
    let doc = json(
        &v.dir,
        &[
            "doc",
            "import",
            file.to_str().unwrap(),
            "--title",
            "Écho",
            "--type",
            "18748-4",
            "--date",
            "2025-01-03",
            "--rpps",
            "10001045367",
            "--source",
            "professional",
        ],
    );
    let doc_id = doc["id"].as_str().unwrap();
    let hits = json(&v.dir, &["search", "echographie"]);
    assert_eq!(hits[0]["id"], doc_id);
    let out = v.tmp.path().join("export.txt");
    json(&v.dir, &["doc", "export", doc_id, out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&file).unwrap());
    assert_eq!(json(&v.dir, &["doc", "hide", doc_id])["hidden"], true);

    let audit = json(&v.dir, &["audit"]);
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"document_exported") && actions.contains(&"record_updated"));
    let overview = json(&v.dir, &["overview"]);
    assert_eq!(overview["allergies"][0]["id"], id);
    assert_eq!(overview["latest_measurements"][0]["data"]["value2"], 82.0);
}

#[test]
fn errors_have_clear_messages_and_distinct_exit_codes() {
    let v = vault();
    let wrong = carnet(&v.dir)
        .env("CARNET_PASSPHRASE", "mauvaise phrase")
        .args(["record", "list"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("phrase de passe n'est pas la bonne"));

    let bad_nir = run(
        &v.dir,
        &[
            "profile",
            "add",
            "--name",
            "Tom",
            "--birth",
            "2020-01-01",
            "--nir",
            "189127512501283",
        ],
    );
    assert_eq!(bad_nir.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&bad_nir.stderr).contains("sécurité sociale"));
    let bad_unit = run(
        &v.dir,
        &[
            "--lang",
            "en",
            "record",
            "add",
            "measurement",
            "--type",
            "weight",
            "--value",
            "20",
            "--unit",
            "mmHg",
        ],
    );
    assert_eq!(bad_unit.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&bad_unit.stderr).contains("Possible units: kg, g"));
    let bad_rpps = run(
        &v.dir,
        &[
            "record",
            "add",
            "treatment",
            "--medication",
            "X",
            "--prescriber-rpps",
            "123",
        ],
    );
    assert_eq!(bad_rpps.status.code(), Some(5));
    let bad_date = run(
        &v.dir,
        &[
            "record",
            "add",
            "vaccination",
            "--vaccine",
            "ROR",
            "--date",
            "2025-13-40",
        ],
    );
    assert_eq!(bad_date.status.code(), Some(5));

    let exe = v.tmp.path().join("programme");
    std::fs::write(&exe, b"\x7fELF\x02\x01\x01\0\0\0\0\0").unwrap();
    let unsupported = run(
        &v.dir,
        &["doc", "import", exe.to_str().unwrap(), "--title", "X"],
    );
    assert_eq!(unsupported.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&unsupported.stderr).contains("type de fichier"));

    let missing = run(
        &v.dir,
        &["record", "show", "00000000-0000-0000-0000-000000000000"],
    );
    assert_eq!(missing.status.code(), Some(4));
    let no_vault = run(&v.tmp.path().join("nothing"), &["members"]);
    assert_eq!(no_vault.status.code(), Some(4));

    // While another program holds the vault, the CLI says so and waits for nothing.
    let mut held = carnet_api::Carnet::new(&v.dir, carnet_model::Lang::Fr);
    held.members().unwrap();
    let busy = run(&v.dir, &["--json", "record", "list"]);
    assert_eq!(busy.status.code(), Some(7));
    let err: serde_json::Value = serde_json::from_slice(&busy.stderr).unwrap();
    assert_eq!(err["error"]["code"], "busy");
    drop(held);
}

#[test]
fn a_script_finds_the_field_names_and_the_variables_it_needs() {
    let v = vault();
    // `record edit --help` lists every field of every kind, from the model.
    let help = run(&v.dir, &["record", "edit", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for field in [
        "substance (text ≤ 200, required)",
        "severity (mild|moderate|severe|unknown, required)",
        "prescriber_rpps (RPPS, 11 digits)",
        "dose_number (1–20)",
        "next_due (YYYY-MM-DD)",
        "taken_at (YYYY-MM-DDTHH:MM, required)",
    ] {
        assert!(help.contains(field), "{field} missing from:\n{help}");
    }
    // What the help says is what an edit applies: a dose number out of the
    // range it names is refused on that field.
    let added = json(
        &v.dir,
        &[
            "record",
            "add",
            "vaccination",
            "--vaccine",
            "ROR",
            "--date",
            "2025-02-24",
        ],
    );
    let id = added["id"].as_str().unwrap();
    let zero = run(
        &v.dir,
        &["--json", "record", "edit", id, "--set", "dose_number=0"],
    );
    assert_eq!(zero.status.code(), Some(5));
    let err: serde_json::Value = serde_json::from_slice(&zero.stderr).unwrap();
    assert_eq!(err["error"]["field"], "dose_number");
    let two = json(&v.dir, &["record", "edit", id, "--set", "dose_number=2"]);
    assert_eq!(two["data"]["dose_number"], 2);

    // Without a new passphrase, `init` names the variable it reads.
    let fresh = v.tmp.path().join("new");
    let init = carnet(&fresh)
        .env_remove("CARNET_NEW_PASSPHRASE")
        .args(["init", "--member", "Bob"])
        .output()
        .unwrap();
    assert_eq!(init.status.code(), Some(5));
    let said = String::from_utf8_lossy(&init.stderr);
    assert!(said.contains("CARNET_NEW_PASSPHRASE"), "{said}");
}

#[test]
fn passphrase_can_come_from_a_file_descriptor() {
    let v = vault();
    let mut child = carnet(&v.dir)
        .env_remove("CARNET_PASSPHRASE")
        .args(["--json", "--passphrase-fd", "0", "profile", "list"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASS}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let profiles: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(profiles[0]["info"]["name"], "Léa");

    // With no passphrase at all and no terminal, the CLI refuses instead of hanging.
    let none = carnet(&v.dir)
        .env_remove("CARNET_PASSPHRASE")
        .args(["profile", "list"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(5));
}

#[test]
fn a_full_disk_mid_import_leaves_no_partial_document() {
    let v = vault();
    let big = v.tmp.path().join("gros.txt");
    std::fs::write(&big, "ligne de compte rendu\n".repeat(400_000)).unwrap(); // ~8.8 MB
                                                                              // Each process may write at most 4 MiB per file: the encrypted copy hits
                                                                              // the limit mid-stream, exactly like a disk filling up.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 4096; exec {} --vault {} --json doc import {} --title Gros",
            env!("CARGO_BIN_EXE_carnet"),
            v.dir.display(),
            big.display()
        ))
        .env("CARNET_INSECURE_TEST_KDF", "1")
        .env("CARNET_PASSPHRASE", PASS)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(8),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "disk_full");
    assert!(json(&v.dir, &["doc", "list"])
        .as_array()
        .unwrap()
        .is_empty());
    let profile = json(&v.dir, &["profile", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let blobs = v.dir.join("profiles").join(profile).join("blobs");
    assert_eq!(
        std::fs::read_dir(blobs).unwrap().count(),
        0,
        "no partial blob or temp file"
    );
    json(&v.dir, &["check"]);
}

#[test]
fn backup_restores_into_an_empty_folder() {
    let v = vault();
    json(&v.dir, &["record", "add", "condition", "--name", "Asthme"]);
    let archive = v.tmp.path().join("carnet.backup");
    json(&v.dir, &["backup", "create", archive.to_str().unwrap()]);
    let restored = v.tmp.path().join("restored");
    json(
        &restored,
        &[
            "--member",
            "Alice",
            "backup",
            "restore",
            archive.to_str().unwrap(),
        ],
    );
    let a = json(&v.dir, &["record", "list"]);
    let b = json(&restored, &["record", "list"]);
    assert_eq!(a, b);
}
