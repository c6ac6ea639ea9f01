//! No plaintext: marker strings written everywhere never appear in any file of the vault.

use std::io::Cursor;
use std::ops::ControlFlow;

use carnet_model::*;

use crate::util::*;

const MARKERS: [&str; 9] = [
    "ZQXPROFILENAME",
    "ZQXALLERGYSUBST",
    "ZQXTREATMENTMED",
    "ZQXVACCINENAME",
    "ZQXCONDITIONNAME",
    "ZQXMEASURENOTE",
    "ZQXDOCTITLE",
    "ZQXDOCCONTENT",
    "ZQXDOCAUTHOR",
];

fn encodings(marker: &str) -> Vec<Vec<u8>> {
    let utf16le: Vec<u8> = marker.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = marker.encode_utf16().flat_map(u16::to_be_bytes).collect();
    vec![marker.as_bytes().to_vec(), utf16le, utf16be]
}

fn assert_no_marker_in(dir: &std::path::Path) {
    let files = snapshot(dir);
    assert!(files.keys().any(|p| p.ends_with("profile.db")));
    for (path, bytes) in &files {
        for marker in MARKERS {
            for needle in encodings(marker) {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                    "{marker} found in {}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn no_marker_appears_in_any_file_open_or_closed() {
    let fx = fixture();
    let mut session = carnet_vault::Vault::create(&fx.dir, "Alice", &secret(PASS)).unwrap();
    let mut person = info(MARKERS[0]);
    person.nir = Some(Nir::parse("285052A00412306").unwrap());
    let id = session.create_profile(person).unwrap().id;
    let mut profile = session.open_profile(&id).unwrap();
    let date = |s: &str| s.parse().unwrap();
    profile
        .add_records(vec![
            (allergy(MARKERS[1]), None),
            (
                RecordBody::Treatment(Treatment {
                    medication: MARKERS[2].into(),
                    dose: Some("1 cp".into()),
                    frequency: None,
                    route: Some(Route::Oral),
                    start: Some(date("2024-01-01")),
                    end: None,
                    prescriber: None,
                    prescriber_rpps: None,
                }),
                None,
            ),
            (
                RecordBody::Vaccination(Vaccination {
                    vaccine: MARKERS[3].into(),
                    dose_number: Some(2),
                    date: date("2024-01-01"),
                    lot: Some("LOT1".into()),
                    administered_by: None,
                    next_due: None,
                }),
                None,
            ),
            (
                RecordBody::Condition(Condition {
                    name: MARKERS[4].into(),
                    status: ConditionStatus::Active,
                    onset: None,
                    resolved: None,
                }),
                None,
            ),
            (
                RecordBody::Measurement(Measurement {
                    kind: MeasurementKind::Weight,
                    value: 21.5,
                    value2: None,
                    unit: "kg".into(),
                    taken_at: "2024-01-01T10:00:00".parse().unwrap(),
                }),
                Some(MARKERS[5].into()),
            ),
        ])
        .unwrap();
    let mut doc = crate::documents::input(MARKERS[6]);
    doc.author = Some(MARKERS[8].into());
    let content = format!("Compte rendu {} fin\n", MARKERS[7]).repeat(1000);
    profile
        .import_document(
            &mut Cursor::new(content.into_bytes()),
            "cr.txt",
            doc,
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap();
    assert_eq!(profile.search(MARKERS[7]).unwrap().len(), 1);

    // While open (write-ahead log present) and after closing.
    assert_no_marker_in(&fx.dir);
    drop(profile);
    drop(session);
    assert_no_marker_in(&fx.dir);
}
