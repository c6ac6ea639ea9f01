//! `carnet pair`, `carnet sync`, `carnet access` against a real gateway on loopback.

use crate::util::*;

/// The gateway served from a background thread until the test ends.
fn gateway(
    dir: &std::path::Path,
) -> (
    carnet_server::Background,
    std::sync::Arc<carnet_server::AppState>,
) {
    let state = carnet_server::open(dir).unwrap();
    let server =
        carnet_server::Background::start(state.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    (server, state)
}

#[test]
fn pair_sync_and_read_the_access_history() {
    let v = vault();
    let (running, state) = gateway(&v.tmp.path().join("gateway"));
    let server = format!("http://{}", running.addr);
    let (profile, code) = carnet_server::new_account(&state, "Titulaire").unwrap();

    // Not linked yet: a clear message and its own exit code.
    let out = run(&v.dir, &["sync"]);
    assert_eq!(out.status.code(), Some(12));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pas (ou plus) relié"));

    // A wrong code is refused, naming the option at fault.
    let out = run(
        &v.dir,
        &["pair", "--server", &server, "--code", "AAAA-AAAAAA"],
    );
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--code"));

    json(
        &v.dir,
        &[
            "record",
            "add",
            "allergy",
            "--substance",
            "Pollen",
            "--severity",
            "mild",
        ],
    );
    let paired = json(&v.dir, &["pair", "--server", &server, "--code", &code]);
    assert_eq!(paired["paired"], true);
    let report = json(&v.dir, &["sync"]);
    assert!(report["rounds"].as_u64().unwrap() >= 1);

    // The patient authorises a professional, who reads the record; the read
    // comes back with the next sync.
    let token = carnet_server::add_professional(&state, "10003591586", "Dr Claire Martin").unwrap();
    let out = run(&v.dir, &["professionals", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Aucun professionnel"));
    let out = run(&v.dir, &["professionals", "allow", "123"]);
    assert_eq!(out.status.code(), Some(5), "not an RPPS number");
    let allowed = json(&v.dir, &["professionals", "allow", "10003591586"]);
    assert_eq!(allowed[0]["name"], "Dr Claire Martin");
    assert_eq!(allowed[0]["because"], "patient");
    let out = run(&v.dir, &["professionals", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Dr Claire Martin (RPPS 10003591586)  autorisé par vous"),
        "{text}"
    );
    let view: serde_json::Value = reqwest::blocking::Client::new()
        .get(format!("{server}/v1/pro/profiles/{profile}/record"))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(view["records"][0]["data"]["substance"], "Pollen");
    json(&v.dir, &["sync"]);
    let out = run(&v.dir, &["access"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Dr Claire Martin") && text.contains("a consulté le dossier"),
        "{text}"
    );
    let status = json(&v.dir, &["sync", "--status"]);
    assert!(status["last_sync"].is_string());
}

#[test]
fn an_unreachable_server_is_reported_and_nothing_is_lost() {
    let v = vault();
    // A loopback port that nothing listens on.
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
            "Iode",
            "--severity",
            "mild",
        ],
    );
    let out = run(
        &v.dir,
        &[
            "pair",
            "--server",
            &format!("http://{closed}"),
            "--code",
            "ABCD-EFGHJK",
        ],
    );
    assert_eq!(out.status.code(), Some(11));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ne répond pas"));
    let listed = json(&v.dir, &["record", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let out = run(
        &v.dir,
        &["pair", "--server", "pas une adresse", "--code", "X"],
    );
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--server"));
}
