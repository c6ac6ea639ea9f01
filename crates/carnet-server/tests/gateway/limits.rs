//! Bad input gets a 4xx and leaves the server serving: malformed, oversized,
//! duplicated messages, wrong hashes, invalid FHIR, unknown tokens, floods.

use carnet_sync::protocol::MAX_MESSAGE_BYTES;
use carnet_sync::{PeerState, ProfileDoc};
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::io::{BufRead, Write};

use crate::common::*;

struct Device {
    http: Client,
    base: String,
    profile: String,
    token: String,
}

impl Device {
    fn pair(gateway: &Gateway) -> Self {
        let (profile, code) = gateway.new_account();
        let http = Client::new();
        let paired: Value = http
            .post(format!("{}/v1/pair", gateway.url()))
            .json(&json!({ "code": code, "device_name": "test" }))
            .send()
            .unwrap()
            .json()
            .unwrap();
        assert_eq!(paired["profile_id"], profile.as_str());
        Device {
            http,
            base: gateway.url(),
            profile,
            token: paired["token"].as_str().unwrap().into(),
        }
    }

    /// The patient authorises a professional to read the record.
    fn allow(&self, rpps: &str) {
        let r = self
            .http
            .put(format!(
                "{}/v1/profiles/{}/professionals/{rpps}",
                self.base, self.profile
            ))
            .bearer_auth(&self.token)
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 204);
    }

    fn post_sync(&self, body: Vec<u8>) -> (u16, Vec<u8>) {
        let r = self
            .http
            .post(format!("{}/v1/profiles/{}/sync", self.base, self.profile))
            .bearer_auth(&self.token)
            .body(body)
            .send()
            .unwrap();
        (r.status().as_u16(), r.bytes().unwrap().to_vec())
    }
}

#[test]
fn malformed_oversized_and_duplicated_sync_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let dev = Device::pair(&gateway);

    for junk in [
        vec![0x42, 1, 2, 3],
        vec![0xff; 1000],
        b"GET / HTTP/1.1".to_vec(),
    ] {
        let (status, body) = dev.post_sync(junk);
        assert_eq!(status, 400);
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], "malformed_message");
    }
    // Refused at the headers: read the answer without sending the body (a
    // client still sending when the server closes may see a reset instead).
    let mut stream = std::net::TcpStream::connect(gateway.addr).unwrap();
    write!(
        stream,
        "POST /v1/profiles/{}/sync HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer {}\r\n\
         Content-Length: {}\r\n\r\n",
        dev.profile,
        dev.token,
        MAX_MESSAGE_BYTES + 1
    )
    .unwrap();
    let mut status = String::new();
    std::io::BufReader::new(stream)
        .read_line(&mut status)
        .unwrap();
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");

    // A real replica's first message, sent twice: same answer, no harm.
    let mut doc = ProfileDoc::new(&[7; 16]).unwrap();
    let record = carnet_model::Record {
        id: carnet_model::new_id(),
        created_at: chrono::Utc::now(),
        updated_at: chrono::Utc::now(),
        notes: None,
        body: allergy("Sésame"),
    };
    doc.put_record(&record).unwrap();
    doc.commit("add");
    let mut state = PeerState::new();
    let mut rounds = 0;
    while let Some(message) = carnet_sync::protocol::generate(&mut doc, &mut state) {
        let (status, reply) = dev.post_sync(message.clone());
        assert_eq!(status, 200);
        let (again, _) = dev.post_sync(message);
        assert_eq!(again, 200, "a duplicated request is accepted");
        if !reply.is_empty() {
            carnet_sync::protocol::receive(&mut doc, &mut state, &reply).unwrap();
        }
        rounds += 1;
        assert!(rounds < 20);
    }
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    dev.allow("10003591586");
    let view = pro.record(&dev.profile);
    assert_eq!(
        view["records"].as_array().unwrap().len(),
        1,
        "one record, once"
    );
}

#[test]
fn tokens_profiles_and_rates_are_enforced() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let dev = Device::pair(&gateway);
    let other = Device::pair(&gateway);
    let http = Client::new();
    let sync_url = |p: &str| format!("{}/v1/profiles/{p}/sync", gateway.url());

    let none = http.post(sync_url(&dev.profile)).send().unwrap();
    assert_eq!(none.status().as_u16(), 401);
    let forged = http
        .post(sync_url(&dev.profile))
        .bearer_auth("cdt_forged")
        .send()
        .unwrap();
    assert_eq!(forged.status().as_u16(), 401);
    let cross = http
        .post(sync_url(&other.profile))
        .bearer_auth(&dev.token)
        .send()
        .unwrap();
    assert_eq!(
        cross.status().as_u16(),
        403,
        "a device reaches only its own profile"
    );

    // The database holds no token in clear.
    let db = std::fs::read(gateway.dir.join("gateway.db")).unwrap();
    let wal = std::fs::read(gateway.dir.join("gateway.db-wal")).unwrap_or_default();
    for bytes in [&db, &wal] {
        assert!(!bytes
            .windows(dev.token.len())
            .any(|w| w == dev.token.as_bytes()));
    }

    // Guessing pairing codes is throttled per address.
    let statuses: Vec<u16> = (0..12)
        .map(|_| {
            http.post(format!("{}/v1/pair", gateway.url()))
                .json(&json!({ "code": "AAAA-BBBBBB", "device_name": "x" }))
                .send()
                .unwrap()
                .status()
                .as_u16()
        })
        .collect();
    // (two pairings above already used part of this address's allowance)
    let refused = statuses.iter().take_while(|s| **s == 401).count();
    assert!(refused >= 5, "{statuses:?}");
    assert!(
        statuses[refused..].iter().all(|s| *s == 429),
        "{statuses:?}"
    );
    assert!(refused < statuses.len(), "{statuses:?}");

    // A flood from one device is slowed down, and the server keeps serving.
    let missing = format!(
        "{}/v1/profiles/{}/blobs/missing",
        gateway.url(),
        dev.profile
    );
    let limited = (0..400)
        .filter(|_| {
            http.post(&missing)
                .bearer_auth(&dev.token)
                .json(&json!({ "hashes": [] }))
                .send()
                .unwrap()
                .status()
                .as_u16()
                == 429
        })
        .count();
    assert!(limited > 0, "no request was limited");
    let health = http
        .get(format!("{}/v1/health", gateway.url()))
        .send()
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);

    // Revoked: every later request is refused.
    let revoke = http
        .delete(format!("{}/v1/devices/current", gateway.url()))
        .bearer_auth(&other.token)
        .send()
        .unwrap();
    assert_eq!(revoke.status().as_u16(), 204);
    let after = http
        .post(sync_url(&other.profile))
        .bearer_auth(&other.token)
        .send()
        .unwrap();
    assert_eq!(after.status().as_u16(), 401);
}

#[test]
fn content_whose_hash_does_not_match_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let dev = Device::pair(&gateway);
    let fake = "0".repeat(64);
    let url = format!("{}/v1/profiles/{}/blobs/{fake}", gateway.url(), dev.profile);
    let r = dev
        .http
        .put(&url)
        .bearer_auth(&dev.token)
        .header("Content-Range", "bytes 0-4/5")
        .body("hello")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let get = dev.http.get(&url).bearer_auth(&dev.token).send().unwrap();
    assert_eq!(get.status().as_u16(), 404, "nothing was kept");

    // A chunk at the wrong offset is told where to continue.
    use sha2::Digest;
    let content = b"bonjour le monde";
    let sha = hex::encode(sha2::Sha256::digest(content));
    let url = format!("{}/v1/profiles/{}/blobs/{sha}", gateway.url(), dev.profile);
    let put = |range: &str, body: &'static [u8]| {
        dev.http
            .put(&url)
            .bearer_auth(&dev.token)
            .header("Content-Range", range)
            .body(body)
            .send()
            .unwrap()
    };
    assert_eq!(put("bytes 0-6/16", &content[..7]).status().as_u16(), 200);
    let wrong = put("bytes 0-6/16", &content[..7]);
    assert_eq!(wrong.status().as_u16(), 409);
    assert_eq!(wrong.json::<Value>().unwrap()["offset"], 7);
    let done: Value = put("bytes 7-15/16", &content[7..]).json().unwrap();
    assert_eq!(done["complete"], true);
    let back = dev.http.get(&url).bearer_auth(&dev.token).send().unwrap();
    assert_eq!(&back.bytes().unwrap()[..], content);
}

#[test]
fn invalid_fhir_gets_an_operation_outcome() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let dev = Device::pair(&gateway);
    let pro = gateway.professional("10003591586", "Dr Claire Martin");

    let cases = [
        json!({ "resourceType": "Patient" }),
        json!({ "resourceType": "Immunization", "vaccineCode": { "text": "ROR" } }),
        json!({ "resourceType": "AllergyIntolerance", "code": { "text": "Pollen" },
                "reaction": [{ "severity": "terrible" }] }),
        document_reference("Pas un PDF", b"GIF89a not a pdf"),
        json!({ "resourceType": "Bundle", "entry": [] }),
    ];
    for resource in cases {
        let (status, outcome) = pro.deposit(&dev.profile, &resource);
        assert_eq!(status, 422, "{resource}");
        assert_eq!(outcome["resourceType"], "OperationOutcome");
        assert!(outcome["issue"][0]["diagnostics"].as_str().is_some());
    }
    let (status, outcome) = pro.deposit("no-such-patient", &immunization("ROR"));
    assert_eq!(
        (status, outcome["resourceType"].as_str()),
        (404, Some("OperationOutcome"))
    );
    let stranger = Pro {
        base: gateway.url(),
        token: "cpt_unknown".into(),
        http: Client::new(),
    };
    assert_eq!(stranger.deposit(&dev.profile, &immunization("ROR")).0, 401);

    // A Bundle is all or nothing per entry order; a valid one lands.
    let (status, created) = pro.deposit(
        &dev.profile,
        &json!({ "resourceType": "Bundle", "type": "collection", "entry": [
            { "resource": immunization("ROR") },
            { "resource": { "resourceType": "MedicationStatement",
                "medicationCodeableConcept": { "text": "Lévothyrox 50 µg" },
                "dosage": [{ "text": "1 comprimé le matin" }],
                "effectivePeriod": { "start": "2026-01-01" } } }
        ]}),
    );
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        pro.record(&dev.profile)["records"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
