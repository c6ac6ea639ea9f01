//! A gateway on 127.0.0.1 (port 0, restartable on the same port), devices
//! as Carnet vaults, a professional's HTTP client.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use carnet_api::{Carnet, ErrorCode, Secret};
use carnet_model::*;
use serde_json::{json, Value};

pub struct Gateway {
    pub dir: PathBuf,
    pub addr: SocketAddr,
    pub state: Arc<carnet_server::AppState>,
    server: carnet_server::Background,
}

impl Gateway {
    pub fn start(dir: &Path) -> Self {
        Self::start_at(dir, "127.0.0.1:0".parse().unwrap())
    }

    /// Starts with other request limits.
    pub fn start_with(dir: &Path, limits: carnet_server::Limits) -> Self {
        Self::serving(dir, carnet_server::open_with(dir, limits).unwrap())
    }

    /// Serves `state` on a free port.
    fn serving(dir: &Path, state: std::sync::Arc<carnet_server::AppState>) -> Self {
        let server =
            carnet_server::Background::start(state.clone(), "127.0.0.1:0".parse().unwrap())
                .unwrap();
        Gateway {
            dir: dir.to_path_buf(),
            addr: server.addr,
            state,
            server,
        }
    }

    /// Starts with a clock the test moves forward (years pass for a child).
    pub fn start_with_clock(dir: &Path, clock: std::sync::Arc<carnet_server::ManualClock>) -> Self {
        // Room for the codes a family's story tries from one address
        // (every person's computer is on loopback here).
        let limits = carnet_server::Limits {
            pairing_burst: 40.0,
            ..Default::default()
        };
        Self::serving(
            dir,
            carnet_server::open_with_clock(dir, limits, clock).unwrap(),
        )
    }

    /// Starts on a given address (a restart after a crash).
    pub fn start_at(dir: &Path, addr: SocketAddr) -> Self {
        let state = carnet_server::open(dir).unwrap();
        let server = carnet_server::Background::start(state.clone(), addr).unwrap();
        Gateway {
            dir: dir.to_path_buf(),
            addr: server.addr,
            state,
            server,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and starts a new process state on the same data and port.
    pub fn restart(mut self) -> Self {
        self.server.stop();
        Self::start_at(&self.dir.clone(), self.addr)
    }

    pub fn new_account(&self) -> (String, String) {
        carnet_server::new_account(&self.state, "Titulaire").unwrap()
    }

    pub fn professional(&self, rpps: &str, name: &str) -> Pro {
        Pro {
            base: self.url(),
            token: carnet_server::add_professional(&self.state, rpps, name).unwrap(),
            http: reqwest::blocking::Client::new(),
        }
    }
}

/// A professional calling the deposit and read APIs.
pub struct Pro {
    pub base: String,
    pub token: String,
    pub http: reqwest::blocking::Client,
}

impl Pro {
    pub fn deposit(&self, profile: &str, resource: &Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/v1/pro/profiles/{profile}/fhir", self.base))
            .bearer_auth(&self.token)
            .json(resource)
            .send()
            .unwrap();
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }

    /// The status of a read of the record (200, or 403 without consent).
    pub fn read_status(&self, profile: &str) -> u16 {
        self.http
            .get(format!("{}/v1/pro/profiles/{profile}/record", self.base))
            .bearer_auth(&self.token)
            .send()
            .unwrap()
            .status()
            .as_u16()
    }

    pub fn record(&self, profile: &str) -> Value {
        let r = self
            .http
            .get(format!("{}/v1/pro/profiles/{profile}/record", self.base))
            .bearer_auth(&self.token)
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        r.json().unwrap()
    }

    pub fn document(&self, profile: &str, id: &str) -> (u16, Vec<u8>) {
        let r = self
            .http
            .get(format!(
                "{}/v1/pro/profiles/{profile}/documents/{id}",
                self.base
            ))
            .bearer_auth(&self.token)
            .send()
            .unwrap();
        (r.status().as_u16(), r.bytes().unwrap().to_vec())
    }
}

pub fn immunization(vaccine: &str) -> Value {
    json!({
        "resourceType": "Immunization",
        "vaccineCode": { "text": vaccine },
        "occurrenceDateTime": "2026-10-02T09:30:00+02:00",
        "protocolApplied": [{ "doseNumberPositiveInt": 1 }]
    })
}

/// A small but real PDF.
pub fn pdf_bytes(marker: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% {marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    .into_bytes()
}

pub fn document_reference(title: &str, pdf: &[u8]) -> Value {
    use base64::Engine;
    json!({
        "resourceType": "DocumentReference",
        "status": "current",
        "type": { "coding": [{ "system": "http://loinc.org", "code": "11502-2" }] },
        "description": title,
        "date": "2026-11-20T08:00:00+01:00",
        "content": [{ "attachment": {
            "contentType": "application/pdf",
            "title": "bilan.pdf",
            "data": base64::engine::general_purpose::STANDARD.encode(pdf)
        }}]
    })
}

pub fn secret(s: &str) -> Secret {
    Secret::from(s.to_string())
}

/// A device: its own vault with one profile, unlocked.
pub fn device(dir: &Path, name: &str) -> Carnet {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let mut carnet = Carnet::new(dir.join(name), Lang::Fr);
    carnet
        .create_vault("Alice", &secret("alice passphrase"))
        .unwrap();
    carnet
        .create_profile(ProfileInfo {
            name: "Alice".into(),
            birth_date: "1950-04-02".parse().unwrap(),
            sex: Sex::Female,
            nir: None,
            doctor: None,
            emergency_contacts: Vec::new(),
        })
        .unwrap();
    carnet
}

pub fn allergy(substance: &str) -> RecordBody {
    RecordBody::Allergy(Allergy {
        substance: substance.into(),
        reaction: None,
        severity: AllergySeverity::Moderate,
        status: AllergyStatus::Active,
        onset: None,
    })
}

pub fn sync(carnet: &mut Carnet) -> carnet_api::SyncReport {
    carnet
        .sync_now(&mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

pub fn sync_err(carnet: &mut Carnet) -> ErrorCode {
    carnet
        .sync_now(&mut |_| {}, &AtomicBool::new(false))
        .unwrap_err()
        .code
}

/// Records as comparable JSON, sorted by id.
pub fn records(carnet: &mut Carnet) -> Vec<Value> {
    let mut all: Vec<Value> = carnet
        .records(None)
        .unwrap()
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();
    all.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    all
}

pub fn documents(carnet: &mut Carnet) -> Vec<Value> {
    let mut all: Vec<Value> = carnet
        .documents()
        .unwrap()
        .into_iter()
        .map(|d| serde_json::to_value(d).unwrap())
        .collect();
    all.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    all
}

/// What a patient fills in when importing a document.
pub fn patient_document(title: &str, type_code: &str, date: &str) -> DocumentInput {
    DocumentInput {
        title: title.into(),
        type_code: type_code.into(),
        date: date.parse().unwrap(),
        author: None,
        author_rpps: None,
        source: DocumentSource::Patient,
        hidden: false,
        notes: None,
    }
}
