//! Every record kind through the share bundle builder, deposited back through
//! the gateway's FHIR API and synced into a real vault: the same records come
//! back. The same bundle is written for the viewer's reader
//! (`ui/src/viewer/testdata/app-share.json`, checked by `fhir.test.ts`);
//! `CARNET_WRITE_FIXTURES=1` rewrites it when the builder changes.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use carnet_model::*;
use carnet_share::{payload, BundleInput, Professional};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::common::*;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn rpps(text: &str) -> Option<Rpps> {
    Some(Rpps::parse(text).unwrap())
}

fn at(text: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

const SHARED_AT: &str = "2026-11-23T09:30:00Z";

fn instant(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Jeanne Martin's record: every kind, every field, and the variants each
/// mapping has (no reaction, a frequency alone, every unit of every measure).
fn records() -> Vec<Record> {
    let allergy =
        |substance: &str, reaction: Option<&str>, severity, status, onset: Option<&str>| {
            RecordBody::Allergy(Allergy {
                substance: substance.into(),
                reaction: reaction.map(Into::into),
                severity,
                status,
                onset: onset.map(day),
            })
        };
    let measure = |kind, value, value2, unit: &str, taken: &str| {
        RecordBody::Measurement(Measurement {
            kind,
            value,
            value2,
            unit: unit.into(),
            taken_at: at(taken),
        })
    };
    use AllergySeverity as S;
    use MeasurementKind as M;
    let bodies: Vec<(RecordBody, Option<&str>)> = vec![
        (
            allergy(
                "Pénicilline",
                Some("Urticaire géante"),
                S::Severe,
                AllergyStatus::Active,
                Some("1990-06-01"),
            ),
            Some("Œdème de Quincke en 1990"),
        ),
        (
            allergy(
                "Pollen de bouleau",
                Some("Rhinite"),
                S::Mild,
                AllergyStatus::Active,
                None,
            ),
            None,
        ),
        (
            allergy("Latex", None, S::Moderate, AllergyStatus::Inactive, None),
            None,
        ),
        (
            allergy("Aspirine", None, S::Unknown, AllergyStatus::Resolved, None),
            None,
        ),
        (
            RecordBody::Treatment(Treatment {
                medication: "Ramipril".into(),
                dose: Some("5 mg".into()),
                frequency: Some("1 fois par jour".into()),
                route: Some(Route::Oral),
                start: Some(day("2023-01-15")),
                end: None,
                prescriber: Some("Dr Paul Durand".into()),
                prescriber_rpps: rpps("10001045367"),
            }),
            Some("Le matin, avant le petit-déjeuner"),
        ),
        (
            RecordBody::Treatment(Treatment {
                medication: "Ventoline".into(),
                dose: None,
                frequency: Some("Si besoin".into()),
                route: Some(Route::Inhaled),
                start: Some(day("2019-03-01")),
                end: Some(day("2024-06-30")),
                prescriber: Some("Dr Anne Leroy".into()),
                prescriber_rpps: None,
            }),
            None,
        ),
        (
            RecordBody::Treatment(Treatment {
                medication: "Collyre".into(),
                dose: Some("1 goutte, matin et soir".into()),
                frequency: None,
                route: Some(Route::Eye),
                start: None,
                end: None,
                prescriber: Some("Dr Paul Durand".into()),
                prescriber_rpps: None,
            }),
            None,
        ),
        (
            RecordBody::Vaccination(Vaccination {
                vaccine: "Tétanos".into(),
                dose_number: Some(3),
                date: day("2021-05-04"),
                lot: Some("AB1234".into()),
                administered_by: Some("Dr Claire Petit".into()),
                next_due: Some(day("2041-05-04")),
            }),
            None,
        ),
        (
            RecordBody::Vaccination(Vaccination {
                vaccine: "Grippe saisonnière".into(),
                dose_number: None,
                date: day("2025-10-15"),
                lot: None,
                administered_by: Some("Pharmacie du Centre".into()),
                next_due: None,
            }),
            Some("Bras gauche"),
        ),
        (
            RecordBody::Condition(Condition {
                name: "Hypertension artérielle".into(),
                status: ConditionStatus::Active,
                onset: Some(day("2022-11-02")),
                resolved: None,
            }),
            None,
        ),
        (
            RecordBody::Condition(Condition {
                name: "Zona".into(),
                status: ConditionStatus::Resolved,
                onset: Some(day("2024-02-01")),
                resolved: Some(day("2024-03-15")),
            }),
            None,
        ),
        (
            RecordBody::Condition(Condition {
                name: "Asthme".into(),
                status: ConditionStatus::Remission,
                onset: None,
                resolved: None,
            }),
            None,
        ),
        (
            measure(M::Weight, 61.5, None, "kg", "2026-04-02 08:30"),
            None,
        ),
        (
            measure(M::Weight, 3250.0, None, "g", "1948-03-12 14:00"),
            Some("À la naissance"),
        ),
        (
            measure(M::Height, 162.0, None, "cm", "2026-04-02 08:31"),
            None,
        ),
        (
            measure(M::Height, 0.49, None, "m", "1948-03-12 14:01"),
            None,
        ),
        (
            measure(M::HeadCircumference, 34.5, None, "cm", "1948-03-12 14:02"),
            None,
        ),
        (
            measure(M::Glycemia, 1.05, None, "g/L", "2026-04-03 07:45"),
            None,
        ),
        (
            measure(M::Glycemia, 5.8, None, "mmol/L", "2026-04-04 07:45"),
            None,
        ),
        (
            measure(M::Glycemia, 98.0, None, "mg/dL", "2026-04-05 07:45"),
            None,
        ),
        (
            measure(
                M::BloodPressure,
                132.0,
                Some(81.0),
                "mmHg",
                "2026-04-02 08:35",
            ),
            None,
        ),
        (
            measure(M::HeartRate, 72.0, None, "bpm", "2026-04-02 08:36"),
            None,
        ),
        (
            measure(M::Temperature, 37.2, None, "°C", "2026-04-02 08:37"),
            None,
        ),
        (
            measure(M::OxygenSaturation, 97.0, None, "%", "2026-04-02 08:38"),
            None,
        ),
        (
            RecordBody::CheckUp(CheckUp {
                exam: Exam::Child9Months,
                title: Some("À la PMI de Belleville".into()),
                date: day("2026-03-10"),
                performer: Some("Dr Claire Petit".into()),
            }),
            Some("Certificat remis"),
        ),
        (
            RecordBody::CheckUp(CheckUp {
                exam: Exam::ColorectalScreening,
                title: None,
                date: day("2026-02-01"),
                performer: Some("Laboratoire Cerba".into()),
            }),
            None,
        ),
        (
            RecordBody::CheckUp(CheckUp {
                exam: Exam::Other,
                title: Some("Bilan orthoptique".into()),
                date: day("2026-01-20"),
                performer: Some("Mme Roux, orthoptiste".into()),
            }),
            None,
        ),
    ];
    let created = instant("2026-11-20T10:00:00Z");
    bodies
        .into_iter()
        .enumerate()
        .map(|(i, (body, notes))| Record {
            id: format!("00000000-0000-4000-8000-{:012}", i + 1),
            created_at: created,
            updated_at: created,
            notes: notes.map(Into::into),
            body,
        })
        .collect()
}

fn patient() -> ProfileInfo {
    ProfileInfo {
        name: "Jeanne Martin".into(),
        birth_date: day("1948-03-12"),
        sex: Sex::Female,
        nir: Some(Nir::parse("2 48 03 75 123 456 58").unwrap()),
        doctor: None,
        emergency_contacts: Vec::new(),
    }
}

fn document() -> (DocumentMeta, Zeroizing<Vec<u8>>) {
    let bytes = sample_pdf("Compte rendu de cardiologie", 0);
    let created = instant("2026-11-20T10:00:00Z");
    let meta = DocumentMeta {
        id: "00000000-0000-4000-8000-000000000100".into(),
        input: DocumentInput {
            title: "Compte rendu de cardiologie".into(),
            type_code: "11488-4".into(),
            date: day("2026-03-20"),
            author: Some("Dr Paul Durand".into()),
            author_rpps: rpps("10001045367"),
            source: DocumentSource::Professional,
            hidden: false,
            notes: None,
        },
        file_name: "compte-rendu-cardiologie.pdf".into(),
        media_type: "application/pdf".into(),
        size: bytes.len() as u64,
        sha256: String::new(),
        created_at: created,
        updated_at: created,
    };
    (meta, Zeroizing::new(bytes))
}

/// The share's plaintext, as the app makes it for Dr Paul Durand.
fn share_payload(records: &[Record], documents: &[(DocumentMeta, Zeroizing<Vec<u8>>)]) -> Value {
    let professional = Professional {
        name: "Dr Paul Durand".into(),
        specialty: "Cardiologie".into(),
        rpps: Some("10001045367".into()),
        email: None,
    };
    let bytes = payload(&BundleInput {
        patient: &patient(),
        records,
        documents,
        professional: &professional,
        created_at: instant(SHARED_AT),
        expires_at: instant("2026-11-30T18:00:00Z"),
        max_opens: None,
        lang: Lang::Fr,
    });
    serde_json::from_slice(&bytes).unwrap()
}

/// What a record is, without where and when this vault stored it.
fn content(record: &Value) -> Value {
    let mut r = record.clone();
    let map = r.as_object_mut().unwrap();
    for key in ["id", "created_at", "updated_at"] {
        map.remove(key);
    }
    r
}

fn sorted(mut values: Vec<Value>) -> Vec<Value> {
    values.sort_by_key(|v| v.to_string());
    values
}

#[test]
fn a_shared_bundle_deposited_back_gives_the_same_records() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();
    let mut device = device(tmp.path(), "device");
    device.pair_sync(&gateway.url(), &code, "Portable").unwrap();

    let records = records();
    let documents = vec![document()];
    let shared = share_payload(&records, &documents);
    let claire = gateway.professional("10003591586", "Dr Claire Martin");
    let (status, answer) = claire.deposit(&profile, &shared["bundle"]);
    assert_eq!(status, 201, "{answer}");
    sync(&mut device);

    let expected: Vec<Value> = records
        .iter()
        .map(|r| content(&serde_json::to_value(r).unwrap()))
        .collect();
    let back: Vec<Value> = crate::common::records(&mut device)
        .iter()
        .map(content)
        .collect();
    assert_eq!(sorted(back), sorted(expected));

    let (meta, bytes) = &documents[0];
    let listed = device.documents().unwrap();
    assert_eq!(listed.len(), 1);
    let (got, got_bytes) = device.document_bytes(&listed[0].id).unwrap();
    assert_eq!(*got_bytes, **bytes);
    assert_eq!(
        (&got.file_name, &got.media_type, got.input.source),
        (
            &meta.file_name,
            &meta.media_type,
            DocumentSource::Professional
        )
    );
    let fields = |i: &DocumentInput| {
        (
            i.title.clone(),
            i.type_code.clone(),
            i.date,
            i.author.clone(),
            i.author_rpps.clone(),
        )
    };
    assert_eq!(fields(&got.input), fields(&meta.input));
}

#[test]
fn a_deposit_that_names_no_one_is_by_the_professional_who_made_it() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();
    let mut device = device(tmp.path(), "device");
    device.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    let claire = gateway.professional("10003591586", "Dr Claire Martin");
    let treatment = json!({
        "resourceType": "MedicationStatement",
        "medicationCodeableConcept": { "text": "Amoxicilline" },
        "dosage": [{ "text": "1 g", "timing": { "code": { "text": "3 fois par jour" } } }],
    });
    assert_eq!(claire.deposit(&profile, &treatment).0, 201);
    sync(&mut device);
    let got = crate::common::records(&mut device);
    assert_eq!(got[0]["data"]["prescriber"], "Dr Claire Martin");
    assert_eq!(got[0]["data"]["prescriber_rpps"], "10003591586");
    assert_eq!(got[0]["data"]["dose"], "1 g");
    assert_eq!(got[0]["data"]["frequency"], "3 fois par jour");
}

#[test]
fn a_recommendation_must_follow_an_immunization_of_its_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, _) = gateway.new_account();
    let claire = gateway.professional("10003591586", "Dr Claire Martin");
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{ "resource": {
            "resourceType": "ImmunizationRecommendation",
            "recommendation": [{
                "dateCriterion": [{ "value": "2030-01-01" }],
                "supportingImmunization": [{ "reference": "urn:uuid:nowhere" }],
            }],
        }}],
    });
    let (status, outcome) = claire.deposit(&profile, &bundle);
    assert_eq!(status, 422, "{outcome}");
    assert_eq!(
        outcome["issue"][0]["expression"][0],
        "ImmunizationRecommendation.recommendation[0].supportingImmunization"
    );
}

/// Random entry ids become `urn:uuid:…0001`, `…0002`… in order of first use.
fn numbered_ids(value: &mut Value, seen: &mut HashMap<String, usize>) {
    match value {
        Value::String(s) if s.starts_with("urn:uuid:") && s.len() == 45 => {
            let next = seen.len() + 1;
            let n = *seen.entry(s.clone()).or_insert(next);
            *s = format!("urn:uuid:00000000-0000-4000-8000-{n:012}");
        }
        Value::Array(items) => items.iter_mut().for_each(|v| numbered_ids(v, seen)),
        Value::Object(map) => map.values_mut().for_each(|v| numbered_ids(v, seen)),
        _ => {}
    }
}

#[test]
fn the_viewers_fixture_is_the_bundle_the_app_writes() {
    let records = records();
    let documents = vec![document()];
    let mut shared = share_payload(&records, &documents);
    numbered_ids(&mut shared, &mut HashMap::new());
    let fixture = json!({
        "about": "Written by crates/carnet-server/tests/gateway/round_trip.rs (CARNET_WRITE_FIXTURES=1): the share the app makes of these records.",
        "records": records,
        "documents": documents.iter().map(|(meta, _)| meta).collect::<Vec<_>>(),
        "patient": patient(),
        // The words the bundle carries for a choice, in the share's language.
        "labels": {
            "route": Route::ALL.iter().map(|r| (r.as_str(), r.label(Lang::Fr))).collect::<BTreeMap<_, _>>(),
            "exam": Exam::NAMES.iter().zip(Exam::ALL).map(|(n, e)| (*n, e.label(Lang::Fr))).collect::<BTreeMap<_, _>>(),
            "measurement": MeasurementKind::NAMES.iter().zip(MeasurementKind::ALL).map(|(n, k)| (*n, k.label(Lang::Fr))).collect::<BTreeMap<_, _>>(),
            "document_type": documents.iter().map(|(meta, _)| {
                let t = DocumentType::by_code(&meta.input.type_code).unwrap();
                (t.code, t.label(Lang::Fr))
            }).collect::<BTreeMap<_, _>>(),
        },
        "payload": shared,
    });
    let text = serde_json::to_string_pretty(&fixture).unwrap() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/src/viewer/testdata/app-share.json");
    if std::env::var_os("CARNET_WRITE_FIXTURES").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "{} is stale: run CARNET_WRITE_FIXTURES=1 cargo test -p carnet-server --test gateway round_trip",
        path.display()
    );
}
