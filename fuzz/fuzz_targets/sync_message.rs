//! A sync message from a device, applied to a profile document that holds data.
#![no_main]

use carnet_model::*;
use carnet_sync::{protocol, PeerState, ProfileDoc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut doc) = ProfileDoc::new(&[3; 16]) else { return };
    let now = chrono::Utc::now();
    let record = Record {
        id: "3f1c2a9e-0000-4000-8000-000000000001".into(),
        created_at: now,
        updated_at: now,
        notes: None,
        body: RecordBody::Allergy(Allergy {
            substance: "Pollen".into(),
            reaction: None,
            severity: AllergySeverity::Mild,
            status: AllergyStatus::Active,
            onset: None,
        }),
    };
    if doc.put_record(&record).is_err() {
        return;
    }
    doc.commit("seed");
    let mut state = PeerState::new();
    // Must never panic; either applies or refuses.
    let _ = protocol::receive(&mut doc, &mut state, data);
    let _ = carnet_sync::snapshot(&doc);
    let _ = protocol::generate(&mut doc, &mut state);
});
