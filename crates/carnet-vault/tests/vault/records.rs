//! Records: add, edit, delete, validation, search, audit.

use carnet_model::{Measurement, MeasurementKind, Problem, RecordBody, RecordKind};
use carnet_vault::Error;

use crate::util::*;

#[test]
fn records_round_trip_and_are_searchable() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    let rec = profile
        .add_record(allergy("Pénicilline"), Some("vue aux urgences".into()))
        .unwrap();
    assert_eq!(profile.record(&rec.id).unwrap(), rec);

    // Accents and case are ignored, words match by prefix, notes are searched.
    let hits = profile.search("penicil").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].kind.as_str(), hits[0].id.as_str()),
        ("allergy", rec.id.as_str())
    );
    assert_eq!(profile.search("URGENCES").unwrap().len(), 1);
    assert!(profile.search("amoxicilline").unwrap().is_empty());

    let edited = profile
        .update_record(&rec.id, allergy("Amoxicilline"), None)
        .unwrap();
    assert!(edited.updated_at >= rec.updated_at);
    assert!(profile.search("penicilline").unwrap().is_empty());
    assert_eq!(profile.search("amoxi").unwrap().len(), 1);

    profile.delete_record(&rec.id).unwrap();
    assert!(matches!(
        profile.record(&rec.id),
        Err(Error::NotFound { .. })
    ));
    assert!(profile.search("amoxi").unwrap().is_empty());
    let actions: Vec<String> = profile
        .audit_log(10)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        &actions[..3],
        ["record_deleted", "record_updated", "record_created"]
    );
}

#[test]
fn invalid_records_are_refused_and_nothing_is_stored() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    let bad = RecordBody::Measurement(Measurement {
        kind: MeasurementKind::Glycemia,
        value: 1.1,
        value2: None,
        unit: "kg".into(),
        taken_at: "2024-05-01T07:30:00".parse().unwrap(),
    });
    // A batch with one bad record stores nothing at all.
    match profile.add_records(vec![(allergy("ok"), None), (bad, None)]) {
        Err(Error::Invalid(e)) => assert!(matches!(e.problem, Problem::UnitNotAllowed { .. })),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(profile.record_count().unwrap(), 0);
    // The kind of a record cannot change through an edit.
    let rec = profile.add_record(allergy("ok"), None).unwrap();
    let weight = RecordBody::Measurement(Measurement {
        kind: MeasurementKind::Weight,
        value: 20.0,
        value2: None,
        unit: "kg".into(),
        taken_at: "2024-05-01T07:30:00".parse().unwrap(),
    });
    assert!(matches!(
        profile.update_record(&rec.id, weight, None),
        Err(Error::Invalid(_))
    ));
    assert_eq!(profile.records(Some(RecordKind::Allergy)).unwrap().len(), 1);
    assert!(profile
        .records(Some(RecordKind::Measurement))
        .unwrap()
        .is_empty());
}

#[test]
fn the_audit_log_holds_ids_and_no_health_content() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    profile
        .add_record(
            allergy("MARQUEUR-AUDIT"),
            Some("note MARQUEUR-AUDIT".into()),
        )
        .unwrap();
    let log = serde_json::to_string(&profile.audit_log(100).unwrap()).unwrap();
    assert!(log.contains("profile_opened") && log.contains("record_created"));
    assert!(!log.contains("MARQUEUR-AUDIT"));
}
