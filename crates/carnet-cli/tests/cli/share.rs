//! `carnet share create|list|log|revoke` against a real relay on loopback.

use crate::util::*;

/// A relay and the one-time code of a new account there.
fn relay(dir: &std::path::Path) -> (carnet_server::Background, String) {
    let state = carnet_server::open(dir).unwrap();
    let (_, code) = carnet_server::new_account(&state, "Titulaire").unwrap();
    let running = carnet_server::Background::start(state, "127.0.0.1:0".parse().unwrap()).unwrap();
    (running, code)
}

/// What the professional's browser would get: the ciphertext, decrypted
/// with the secret from the link.
fn open_link(link: &str) -> Result<String, reqwest::StatusCode> {
    let (page, secret) = link.split_once('#').unwrap();
    let (base, id) = page.split_once("/s/").unwrap();
    let response = reqwest::blocking::Client::new()
        .post(format!("{base}/v1/shares/{id}/open"))
        .body("{}")
        .send()
        .unwrap();
    if !response.status().is_success() {
        return Err(response.status());
    }
    let plaintext = carnet_share::open(&response.bytes().unwrap(), secret).unwrap();
    Ok(String::from_utf8(plaintext.to_vec()).unwrap())
}

#[test]
fn share_a_record_and_a_document_then_see_the_open_and_revoke() {
    let v = vault();
    let (running, code) = relay(&v.tmp.path().join("relay"));
    let relay_url = format!("http://{}", running.addr);
    json(
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
    json(&v.dir, &["record", "add", "condition", "--name", "Asthme"]);
    let file = v.tmp.path().join("ordonnance.txt");
    std::fs::write(&file, "Ordonnance : salbutamol.\n").unwrap();
    json(
        &v.dir,
        &[
            "doc",
            "import",
            file.to_str().unwrap(),
            "--title",
            "Ordonnance",
        ],
    );

    // No relay yet: a clear message and the configuration exit code.
    let out = run(
        &v.dir,
        &[
            "share",
            "create",
            "--to",
            "Dr Paul Durand",
            "--specialty",
            "Pneumologie",
            "--all",
        ],
    );
    assert_eq!(out.status.code(), Some(12));
    assert!(String::from_utf8_lossy(&out.stderr).contains("relais"));

    // A bad RPPS names its option.
    let out = run(
        &v.dir,
        &[
            "share",
            "create",
            "--to",
            "Dr Paul Durand",
            "--specialty",
            "Pneumologie",
            "--all",
            "--rpps",
            "123",
            "--relay",
            &relay_url,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "a relay needs its access code");
    // A wrong access code links nothing.
    let out = run(
        &v.dir,
        &[
            "share",
            "create",
            "--to",
            "Dr Paul Durand",
            "--specialty",
            "Pneumologie",
            "--all",
            "--relay",
            &relay_url,
            "--relay-code",
            "ABCD-000000",
        ],
    );
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("code"));
    let out = run(
        &v.dir,
        &[
            "share",
            "create",
            "--to",
            "Dr Paul Durand",
            "--specialty",
            "Pneumologie",
            "--all",
            "--rpps",
            "123",
            "--relay",
            &relay_url,
            "--relay-code",
            &code,
        ],
    );
    assert_eq!(out.status.code(), Some(5));

    let share = json(
        &v.dir,
        &[
            "share",
            "create",
            "--to",
            "Dr Paul Durand",
            "--specialty",
            "Pneumologie",
            "--kind",
            "allergy",
            "--all-documents",
            "--view-once",
            "--expires",
            "2d",
        ],
    );
    assert_eq!(share["record_count"], 1);
    assert_eq!(share["document_count"], 1);
    assert_eq!(share["state"], "active");
    let link = share["link"].as_str().unwrap();
    assert!(link.starts_with(&format!("{relay_url}/s/")));

    let opened = open_link(link).unwrap();
    assert!(opened.contains("Pénicilline") && opened.contains("DocumentReference"));
    assert!(!opened.contains("Asthme"), "only what was chosen is shared");
    // View once: a second open finds nothing.
    assert_eq!(open_link(link), Err(reqwest::StatusCode::NOT_FOUND));

    let id = share["id"].as_str().unwrap();
    let log = json(&v.dir, &["share", "log", id]);
    assert_eq!(log["share"]["state"], "exhausted");
    assert_eq!(log["accesses"].as_array().unwrap().len(), 1);
    assert_eq!(log["accesses"][0]["outcome"], "opened");
    let text = String::from_utf8_lossy(&run(&v.dir, &["share", "log", id]).stdout).to_string();
    assert!(text.contains("ouvert"), "{text}");

    // A second share, revoked: the link stops working, the list says so.
    let second = json(
        &v.dir,
        &[
            "share",
            "create",
            "--to",
            "Dr Anne Roy",
            "--specialty",
            "Urgences",
            "--all",
        ],
    );
    let second_link = second["link"].as_str().unwrap().to_string();
    json(&v.dir, &["share", "revoke", second["id"].as_str().unwrap()]);
    assert_eq!(open_link(&second_link), Err(reqwest::StatusCode::NOT_FOUND));
    let list = json(&v.dir, &["share", "list"]);
    let states: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["revoked", "exhausted"], "newest first");
    assert!(list[0]["link"].is_null(), "an ended share shows no link");
}

#[test]
fn an_unreachable_relay_is_reported() {
    let v = vault();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    json(
        &v.dir,
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
    let out = run(
        &v.dir,
        &[
            "share",
            "create",
            "--to",
            "Dr X",
            "--specialty",
            "Y",
            "--all",
            "--relay",
            &format!("http://{closed}"),
            "--relay-code",
            "ABCD-123456",
        ],
    );
    assert_eq!(out.status.code(), Some(11));
    assert!(json(&v.dir, &["share", "list"])
        .as_array()
        .unwrap()
        .is_empty());
}
