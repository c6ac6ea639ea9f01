//! A share as the tests and the viewer harness make it: a patient with one
//! record of each kind and a PDF, for "Dr Paul Durand", sealed and uploaded
//! through the real client. Also used by examples/share-relay-harness.rs.

use std::time::Duration;

use carnet_model::*;
use carnet_share::client::RelayClient;
use carnet_share::{
    payload, pin_proof, pin_verifier, seal, BundleInput, Created, Professional, ShareLink,
};
use chrono::{NaiveDate, Utc};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// A client of the relay at `base` (serving `state`), linked as the app
/// links a device: a new account on the relay, paired with its one-time code.
pub fn linked_client(state: &carnet_server::AppState, base: &str) -> (RelayClient, String) {
    let (_, code) =
        carnet_server::new_account(state, "Titulaire").expect("an account on the relay");
    let paired = carnet_sync::client::pair(base, &code, "Ordinateur de test").expect("pairing");
    let client = RelayClient::new(base)
        .expect("a relay address")
        .with_device_token(SecretString::from(paired.token.clone()));
    (client, paired.token)
}

/// Text on the fixture PDF's page.
pub const PDF_TEXT: &str = "Compte rendu Carnet";

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a fixture date")
}

fn record(body: RecordBody) -> Record {
    let now = Utc::now();
    Record {
        id: uuid::Uuid::new_v4().to_string(),
        created_at: now,
        updated_at: now,
        notes: None,
        body,
    }
}

pub fn patient() -> ProfileInfo {
    ProfileInfo {
        name: "Jeanne Martin".into(),
        birth_date: day("1948-03-12"),
        sex: Sex::Female,
        nir: None,
        doctor: None,
        emergency_contacts: Vec::new(),
    }
}

pub fn records() -> Vec<Record> {
    vec![
        record(RecordBody::Allergy(Allergy {
            substance: "Pénicilline".into(),
            reaction: Some("Urticaire géante".into()),
            severity: AllergySeverity::Severe,
            status: AllergyStatus::Active,
            onset: None,
        })),
        record(RecordBody::Treatment(Treatment {
            medication: "Ramipril".into(),
            dose: Some("5 mg".into()),
            frequency: Some("1 fois par jour".into()),
            route: Some(Route::Oral),
            start: Some(day("2020-01-15")),
            end: None,
            prescriber: None,
            prescriber_rpps: None,
        })),
        record(RecordBody::Vaccination(Vaccination {
            vaccine: "Tétanos".into(),
            dose_number: Some(1),
            date: day("2021-05-04"),
            lot: None,
            administered_by: None,
            next_due: None,
        })),
        record(RecordBody::Condition(Condition {
            name: "Hypertension artérielle".into(),
            status: ConditionStatus::Active,
            onset: None,
            resolved: None,
        })),
        record(RecordBody::Measurement(Measurement {
            kind: MeasurementKind::Weight,
            value: 61.5,
            value2: None,
            unit: "kg".into(),
            taken_at: day("2026-11-02").and_hms_opt(9, 0, 0).expect("a time"),
        })),
    ]
}

/// The fixture PDF, padded with `padding` bytes.
pub fn document(padding: usize) -> (DocumentMeta, Zeroizing<Vec<u8>>) {
    let bytes = sample_pdf(PDF_TEXT, padding);
    let now = Utc::now();
    let meta = DocumentMeta {
        id: uuid::Uuid::new_v4().to_string(),
        input: DocumentInput {
            title: "Compte rendu de cardiologie".into(),
            type_code: "11488-4".into(),
            date: day("2026-10-20"),
            author: Some("Dr Paul Durand".into()),
            author_rpps: None,
            source: DocumentSource::Professional,
            hidden: false,
            notes: None,
        },
        file_name: "cardiologie.pdf".into(),
        media_type: "application/pdf".into(),
        size: bytes.len() as u64,
        sha256: String::new(),
        created_at: now,
        updated_at: now,
    };
    (meta, Zeroizing::new(bytes))
}

pub fn professional() -> Professional {
    Professional {
        name: "Dr Paul Durand".into(),
        specialty: "Cardiologie".into(),
        rpps: None,
        email: None,
    }
}

/// Options of a test share.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub expires_in: Duration,
    pub max_opens: Option<u32>,
    pub pin: Option<String>,
    pub padding: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            lang: Lang::Fr,
            expires_in: Duration::from_secs(3600),
            max_opens: None,
            pin: None,
            padding: 0,
        }
    }
}

/// A sealed, uploaded share: its link and the relay's answer.
pub struct Made {
    pub link: Zeroizing<String>,
    pub secret: SecretString,
    pub created: Created,
}

/// Builds, seals and uploads the fixture share.
pub fn make_share(relay: &RelayClient, options: &Options) -> Made {
    let documents = vec![document(options.padding)];
    let records = records();
    let patient = patient();
    let professional = professional();
    let now = Utc::now();
    let plaintext = payload(&BundleInput {
        patient: &patient,
        records: &records,
        documents: &documents,
        professional: &professional,
        created_at: now,
        expires_at: now + chrono::Duration::from_std(options.expires_in).expect("a duration"),
        max_opens: options.max_opens,
        lang: options.lang,
    });
    let sealed = seal(&plaintext).expect("sealing");
    let verifier = options
        .pin
        .as_deref()
        .map(|pin| pin_verifier(&pin_proof(&sealed.secret, pin)));
    let created = relay
        .create(
            sealed.ciphertext,
            options.expires_in,
            options.max_opens,
            verifier.as_deref(),
        )
        .expect("upload to the relay");
    let link = ShareLink {
        relay: relay.base().to_string(),
        id: created.id.clone(),
        secret: SecretString::from(sealed.secret.expose_secret().to_string()),
    };
    Made {
        link: link.url(),
        secret: sealed.secret,
        created,
    }
}
