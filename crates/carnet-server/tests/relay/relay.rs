//! Opening, counting, ending and owning shares.

use std::io::{BufRead, Read, Write};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use carnet_server::{Clock, Limits};
use carnet_share::client::RelayClient;
use carnet_share::{open, pin_proof, AccessOutcome, ShareState};
use reqwest::blocking::Client;
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use serde_json::Value;

use crate::fixture::{self, make_share, Options};
use crate::Relay;

const NOT_AVAILABLE: &str = r#"{"error":"not_available","message":"This link is not available."}"#;

/// The body of a refused open, which must not tell why.
fn refused_body(relay: &Relay, id: &str) -> String {
    let response = relay.open(id, None);
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    response.text().unwrap()
}

#[test]
fn a_share_opens_with_its_key_and_shows_the_chosen_records() {
    let relay = Relay::start();
    let made = make_share(&relay.client, &Options::default());
    assert!(made
        .link
        .contains(&format!("/s/{}#AGE-SECRET-KEY-1", made.created.id)));
    let response = relay.open(&made.created.id, None);
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("carnet-expires-at"));
    let plaintext = open(&response.bytes().unwrap(), made.secret.expose_secret()).unwrap();
    let payload: Value = serde_json::from_slice(&plaintext).unwrap();
    assert_eq!(payload["format"], "carnet-share/1");
    let bundle = &payload["bundle"];
    assert_eq!(bundle["type"], "document");
    assert_eq!(
        bundle["entry"][0]["resource"]["resourceType"],
        "Composition"
    );
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    for kind in [
        "Patient",
        "AllergyIntolerance",
        "MedicationStatement",
        "Immunization",
        "Condition",
        "Observation",
        "DocumentReference",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let text = String::from_utf8_lossy(&plaintext);
    assert!(text.contains("Pénicilline") && text.contains("Jeanne Martin"));
    assert!(payload["summary"]
        .as_str()
        .unwrap()
        .contains("Dr Paul Durand"));
}

#[test]
fn every_ended_share_gets_the_same_answer_as_an_unknown_one() {
    let relay = Relay::start();
    let unknown = refused_body(&relay, "0123456789abcdef0123456789abcdef");
    assert_eq!(unknown, NOT_AVAILABLE);
    assert_eq!(refused_body(&relay, "not-an-id"), NOT_AVAILABLE);

    let once = make_share(
        &relay.client,
        &Options {
            max_opens: Some(1),
            ..Options::default()
        },
    );
    assert_eq!(relay.open(&once.created.id, None).status(), StatusCode::OK);
    assert_eq!(refused_body(&relay, &once.created.id), NOT_AVAILABLE);

    let revoked = make_share(&relay.client, &Options::default());
    relay
        .client
        .revoke(&revoked.created.id, &revoked.created.owner_token)
        .unwrap();
    assert_eq!(refused_body(&relay, &revoked.created.id), NOT_AVAILABLE);

    let expiring = make_share(&relay.client, &Options::default());
    assert_eq!(
        relay.open(&expiring.created.id, None).status(),
        StatusCode::OK
    );
    relay.clock.advance(chrono::Duration::seconds(3601));
    assert_eq!(refused_body(&relay, &expiring.created.id), NOT_AVAILABLE);
    let status = relay
        .client
        .status(&expiring.created.id, &expiring.created.owner_token)
        .unwrap();
    assert_eq!(status.state, ShareState::Expired);
    assert_eq!(status.opens, 1);
}

/// 200 opens at once against a limit: exactly that many succeed.
fn concurrent_opens(limit: u32) -> usize {
    let relay = Arc::new(Relay::start());
    let made = make_share(
        &relay.client,
        &Options {
            max_opens: Some(limit),
            ..Options::default()
        },
    );
    let barrier = Arc::new(Barrier::new(200));
    let threads: Vec<_> = (0..200)
        .map(|_| {
            let relay = relay.clone();
            let barrier = barrier.clone();
            let id = made.created.id.clone();
            std::thread::spawn(move || {
                let client = Client::builder()
                    .timeout(Duration::from_secs(60))
                    .build()
                    .unwrap();
                barrier.wait();
                let response = client
                    .post(relay.url(&format!("/v1/shares/{id}/open")))
                    .body("{}")
                    .send()
                    .unwrap();
                let status = response.status();
                let body = response.bytes().unwrap();
                if status == StatusCode::OK {
                    assert!(body.starts_with(b"age-encryption.org/v1"));
                    true
                } else {
                    assert_eq!(status, StatusCode::NOT_FOUND);
                    false
                }
            })
        })
        .collect();
    let opened = threads
        .into_iter()
        .filter(|_| true)
        .map(|t| t.join().unwrap())
        .filter(|ok| *ok)
        .count();
    let status = relay
        .client
        .status(&made.created.id, &made.created.owner_token)
        .unwrap();
    assert_eq!(status.opens, limit);
    assert_eq!(status.state, ShareState::Exhausted);
    assert_eq!(status.accesses.len(), limit as usize);
    // The last open took the ciphertext with it.
    assert_eq!(relay.stored_shares(), 0);
    opened
}

#[test]
fn exactly_one_of_200_concurrent_opens_succeeds_with_a_limit_of_one() {
    assert_eq!(concurrent_opens(1), 1);
}

#[test]
fn exactly_three_of_200_concurrent_opens_succeed_with_a_limit_of_three() {
    assert_eq!(concurrent_opens(3), 3);
}

#[test]
fn five_wrong_pins_block_one_network_only_and_many_lock_the_share() {
    let relay = Relay::start_with(carnet_server::Limits {
        opens_per_second: 10_000.0,
        opens_burst: 10_000.0,
        creates_per_second: 10_000.0,
        creates_burst: 10_000.0,
        trusted_proxy: Some("127.0.0.1".parse().unwrap()),
        ..carnet_server::Limits::default()
    });
    let made = make_share(
        &relay.client,
        &Options {
            pin: Some("4821".into()),
            ..Options::default()
        },
    );
    let id = &made.created.id;
    let asked = relay.open(id, None);
    assert_eq!(asked.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(asked.json::<Value>().unwrap()["error"], "pin_required");

    let right = pin_proof(&made.secret, "4821");
    let wrong = pin_proof(&made.secret, "0000");
    let opened = relay.open(id, Some(&right));
    assert_eq!(opened.status(), StatusCode::OK);
    assert!(open(&opened.bytes().unwrap(), made.secret.expose_secret()).is_ok());

    // Someone who knows only the id, from one IPv6 network, varying the
    // address inside its /64: five tries, then that network is blocked…
    for left in (0..5).rev() {
        let from = format!("2001:db8:7:7::{left}");
        let response = relay.open_from(id, Some(&wrong), Some(&from));
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let body: Value = response.json().unwrap();
        assert_eq!(body["error"], "wrong_pin");
        assert_eq!(body["attempts_left"], left);
    }
    let blocked = relay.open_from(id, Some(&right), Some("2001:db8:7:7::99"));
    assert_eq!(blocked.status(), StatusCode::NOT_FOUND);
    assert_eq!(blocked.text().unwrap(), NOT_AVAILABLE);
    // …but the professional, elsewhere, still opens it with the right PIN.
    let elsewhere = relay.open_from(id, Some(&right), Some("192.0.2.10"));
    assert_eq!(elsewhere.status(), StatusCode::OK);

    // The owner sees every wrong attempt; the share is still active.
    let status = relay.client.status(id, &made.created.owner_token).unwrap();
    assert_eq!(status.state, ShareState::Active);
    assert_eq!(status.opens, 2);
    let wrong_pins = |s: &carnet_share::RelayStatus| {
        s.accesses
            .iter()
            .filter(|a| a.outcome == AccessOutcome::WrongPin)
            .count()
    };
    assert_eq!(wrong_pins(&status), 5);
    assert_eq!(status.accesses[0].client, "Chrome · Linux");

    // Guesses spread over many networks lock the share for good at the total.
    let total = carnet_share::relay::MAX_WRONG_PINS_TOTAL as usize;
    for n in 5..total {
        let from = format!("198.51.{}.{}", n / 200, n % 200 + 1);
        assert_eq!(
            relay.open_from(id, Some(&wrong), Some(&from)).status(),
            StatusCode::FORBIDDEN
        );
    }
    let response = relay.open_from(id, Some(&right), Some("192.0.2.10"));
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(relay.stored_shares(), 0);
    let status = relay.client.status(id, &made.created.owner_token).unwrap();
    assert_eq!(status.state, ShareState::Locked);
    assert_eq!(wrong_pins(&status), total);
}

#[test]
fn the_last_open_removes_the_content_even_if_the_download_is_never_read() {
    use carnet_server::share_store::OpenOutcome;
    let relay = Relay::start();
    let made = make_share(
        &relay.client,
        &Options {
            max_opens: Some(1),
            ..Options::default()
        },
    );
    let id = &made.created.id;
    assert_eq!(relay.stored_shares(), 1);
    // The counted open, as the handler gets it, before a byte is sent.
    let outcome = relay
        .state
        .shares
        .open_share(id, None, "test", "192.0.2.1", relay.clock.now())
        .unwrap();
    let OpenOutcome::Opened { mut content, .. } = outcome else {
        panic!("expected an open, got {outcome:?}");
    };
    // Gone from disk already: a client that resets now leaves nothing.
    assert_eq!(relay.stored_shares(), 0);
    let mut bytes = Vec::new();
    content.read_to_end(&mut bytes).unwrap();
    assert!(open(&bytes, made.secret.expose_secret()).is_ok());
    assert_eq!(relay.open(id, None).status(), StatusCode::NOT_FOUND);
}

#[test]
fn only_the_owner_revokes_or_reads_the_log_and_revoking_deletes_the_content() {
    let relay = Relay::start();
    let made = make_share(&relay.client, &Options::default());
    let id = &made.created.id;
    assert!(matches!(
        relay.client.revoke(id, "cso_not-the-token"),
        Err(carnet_share::Error::NotFound)
    ));
    assert!(matches!(
        relay.client.status(id, "cso_not-the-token"),
        Err(carnet_share::Error::NotFound)
    ));
    assert_eq!(relay.open(id, None).status(), StatusCode::OK);
    assert_eq!(relay.stored_shares(), 1);
    relay.client.revoke(id, &made.created.owner_token).unwrap();
    assert_eq!(
        relay.stored_shares(),
        0,
        "revoking deletes the ciphertext at once"
    );
    // Revoking twice is harmless; the log stays readable.
    relay.client.revoke(id, &made.created.owner_token).unwrap();
    let status = relay.client.status(id, &made.created.owner_token).unwrap();
    assert_eq!(status.state, ShareState::Revoked);
    assert_eq!(status.accesses.len(), 1);
}

#[test]
fn the_purge_deletes_expired_content_then_the_share_itself() {
    let relay = Relay::start();
    let made = make_share(&relay.client, &Options::default());
    let kept = make_share(
        &relay.client,
        &Options {
            expires_in: Duration::from_secs(30 * 24 * 3600),
            ..Options::default()
        },
    );
    assert_eq!(relay.stored_shares(), 2);
    assert_eq!(carnet_server::purge_shares(&relay.state).unwrap(), 0);
    relay.clock.advance(chrono::Duration::hours(2));
    assert_eq!(carnet_server::purge_shares(&relay.state).unwrap(), 1);
    assert_eq!(relay.stored_shares(), 1);
    let status = relay
        .client
        .status(&made.created.id, &made.created.owner_token)
        .unwrap();
    assert_eq!(status.state, ShareState::Expired);
    relay.clock.advance(chrono::Duration::days(31));
    carnet_server::purge_shares(&relay.state).unwrap();
    assert!(matches!(
        relay
            .client
            .status(&made.created.id, &made.created.owner_token),
        Err(carnet_share::Error::NotFound)
    ));
    // The 30-day share expired too (2 h + 31 days later) and lost its content.
    assert_eq!(relay.stored_shares(), 0);
    let status = relay
        .client
        .status(&kept.created.id, &kept.created.owner_token)
        .unwrap();
    assert_eq!(status.state, ShareState::Expired);
}

#[test]
fn creation_refuses_what_is_not_a_share() {
    let relay = Relay::start();
    let post = |headers: &[(&str, &str)], body: Vec<u8>| {
        let mut request = Client::new()
            .post(relay.url("/v1/shares"))
            .bearer_auth(&relay.device_token)
            .body(body);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.send().unwrap()
    };
    let age = b"age-encryption.org/v1\n-> X25519 x\n".to_vec();
    let week = ("carnet-expires-in", "604800");
    type Case<'a> = (Vec<(&'a str, &'a str)>, Vec<u8>, &'a str);
    // Arbitrary bytes behind an age header, or a file for two recipients.
    let mut padded = carnet_share::seal::seal(b"{}").unwrap().ciphertext;
    let at = "age-encryption.org/v1\n".len();
    let stanza = padded[at..at + 10 + 43 + 1 + 43 + 1].to_vec();
    padded.splice(at..at, stanza);
    let cases: Vec<Case> = vec![
        (vec![week], b"plain text, not age".to_vec(), "not_age"),
        (vec![week], age.clone(), "not_age"),
        (vec![week], padded, "not_age"),
        (vec![], age.clone(), "invalid_expiry"),
        (
            vec![("carnet-expires-in", "60")],
            age.clone(),
            "invalid_expiry",
        ),
        (
            vec![("carnet-expires-in", "2592001")],
            age.clone(),
            "invalid_expiry",
        ),
        (
            vec![week, ("carnet-max-opens", "0")],
            age.clone(),
            "invalid_max_opens",
        ),
        (
            vec![week, ("carnet-max-opens", "1001")],
            age.clone(),
            "invalid_max_opens",
        ),
        (
            vec![week, ("carnet-pin-verifier", "1234")],
            age.clone(),
            "invalid_pin_verifier",
        ),
    ];
    for (headers, body, code) in cases {
        let response = post(&headers, body);
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{code}");
        assert_eq!(response.json::<Value>().unwrap()["error"], code);
    }
    // Too large: refused at the headers (read without sending the body).
    let mut stream = std::net::TcpStream::connect(relay.server.addr).unwrap();
    write!(
        stream,
        "POST /v1/shares HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {}\r\n\
         Carnet-Expires-In: 3600\r\nContent-Length: {}\r\n\r\n",
        relay.device_token,
        carnet_share::relay::MAX_CIPHERTEXT_BYTES + 1
    )
    .unwrap();
    let mut status = String::new();
    std::io::BufReader::new(stream)
        .read_line(&mut status)
        .unwrap();
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    assert_eq!(relay.stored_shares(), 0);
    // A malformed open request is a 400, not a crash, and counts nothing.
    let made = make_share(
        &relay.client,
        &Options {
            max_opens: Some(1),
            ..Options::default()
        },
    );
    let response = Client::new()
        .post(relay.url(&format!("/v1/shares/{}/open", made.created.id)))
        .body("{\"pin_proof\": 12")
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(relay.open(&made.created.id, None).status(), StatusCode::OK);
}

#[test]
fn opens_and_creations_are_rate_limited_per_address() {
    let relay = Relay::start_with(carnet_server::Limits {
        opens_per_second: 0.001,
        opens_burst: 5.0,
        creates_per_second: 0.001,
        creates_burst: 2.0,
        ..carnet_server::Limits::default()
    });
    let made = make_share(&relay.client, &Options::default());
    make_share(&relay.client, &Options::default());
    assert!(matches!(
        relay.client.create(
            b"age-encryption.org/v1\n".to_vec(),
            Duration::from_secs(3600),
            None,
            None
        ),
        Err(carnet_share::Error::Relay { status: 429, .. })
    ));
    let statuses: Vec<StatusCode> = (0..7)
        .map(|_| relay.open(&made.created.id, None).status())
        .collect();
    assert_eq!(statuses[..5], [StatusCode::OK; 5]);
    assert_eq!(statuses[5..], [StatusCode::TOO_MANY_REQUESTS; 2]);
}

#[test]
fn the_viewer_page_is_served_with_a_strict_policy_for_any_id() {
    let relay = Relay::start();
    for id in ["0123456789abcdef0123456789abcdef", "anything"] {
        let response = Client::new()
            .get(relay.url(&format!("/s/{id}")))
            .send()
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe"), "{csp}");
        let html = response.text().unwrap();
        assert!(html.contains("/viewer/"), "the page loads its own files");
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no third-party resources"
        );
    }
    let api = Client::new()
        .post(relay.url("/v1/shares/0123456789abcdef0123456789abcdef/open"))
        .send()
        .unwrap();
    assert_eq!(api.headers()["referrer-policy"], "no-referrer");
}

#[test]
fn creating_shares_needs_a_linked_device_and_fits_its_accounts_quota() {
    // Room for two fixture shares per account, not three.
    let size = {
        let probe = Relay::start();
        make_share(&probe.client, &Options::default());
        std::fs::read_dir(probe.dir.path().join("shares"))
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum::<u64>()
    };
    let relay = Relay::start_with(Limits {
        creates_per_second: 10_000.0,
        creates_burst: 10_000.0,
        share_quota_bytes: 2 * size + size / 2,
        ..Limits::default()
    });
    // Without a linked device, nothing is created.
    let base = relay.url("");
    let anonymous = RelayClient::new(&base).unwrap();
    let upload = |client: &RelayClient| {
        let sealed = carnet_share::seal(b"{}").unwrap();
        client.create(sealed.ciphertext, Duration::from_secs(3600), None, None)
    };
    assert!(matches!(
        upload(&anonymous),
        Err(carnet_share::Error::Unauthorized)
    ));
    let forged = RelayClient::new(&base)
        .unwrap()
        .with_device_token(secrecy::SecretString::from("cdt_forged".to_string()));
    assert!(matches!(
        upload(&forged),
        Err(carnet_share::Error::Unauthorized)
    ));
    assert_eq!(relay.stored_shares(), 0);

    // Two shares fit; the third is refused with the quota's own error.
    let first = make_share(&relay.client, &Options::default());
    make_share(&relay.client, &Options::default());
    let sealed = carnet_share::seal(&vec![7u8; size as usize]).unwrap();
    let refused = relay
        .client
        .create(sealed.ciphertext, Duration::from_secs(3600), None, None);
    assert!(
        matches!(refused, Err(carnet_share::Error::Quota)),
        "{refused:?}"
    );
    assert_eq!(relay.stored_shares(), 2);
    // Another account has its own room.
    let (other, _) = fixture::linked_client(&relay.state, &base);
    make_share(&other, &Options::default());
    // Revoking frees the room it took.
    relay
        .client
        .revoke(&first.created.id, &first.created.owner_token)
        .unwrap();
    make_share(&relay.client, &Options::default());

    // An announced length beyond the room left is refused before it is read.
    let mut stream = std::net::TcpStream::connect(relay.server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "POST /v1/shares HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer {}\r\n\
         Carnet-Expires-In: 3600\r\nContent-Length: {}\r\n\r\n",
        relay.device_token,
        size * 3
    )
    .unwrap();
    let mut status = String::new();
    std::io::BufReader::new(stream)
        .read_line(&mut status)
        .unwrap();
    assert!(status.starts_with("HTTP/1.1 403"), "{status}");

    // A device unlinked from the account can no longer create shares.
    let unlinked = Client::new()
        .delete(relay.url("/v1/devices/current"))
        .bearer_auth(&relay.device_token)
        .send()
        .unwrap();
    assert!(unlinked.status().is_success());
    assert!(matches!(
        upload(&relay.client),
        Err(carnet_share::Error::Unauthorized)
    ));
}
