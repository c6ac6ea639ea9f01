//! Two devices of one patient, the gateway and a professional.

use std::ops::ControlFlow;

use carnet_api::{AccessAction, ErrorCode};
use carnet_model::*;

use crate::common::*;

#[test]
fn two_devices_and_a_deposit_converge_in_any_order() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();
    let pro = gateway.professional("10003591586", "Dr Claire Martin");

    // Device A has records before it is ever paired.
    let mut a = device(tmp.path(), "a");
    let peanut = a.add_record(allergy("Arachide"), None).unwrap();
    let status = a.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    assert!(status.paired);
    sync(&mut a);

    // Used codes do not work twice.
    let mut intruder = device(tmp.path(), "intruder");
    let refused = intruder.pair_sync(&gateway.url(), &code, "X").unwrap_err();
    assert_eq!(
        (refused.code, refused.field.as_deref()),
        (ErrorCode::InvalidCode, Some("code"))
    );

    // Device B joins with a code issued from A, and receives A's records.
    let code_b = a.sync_pairing_code().unwrap();
    let mut b = device(tmp.path(), "b");
    b.pair_sync(&gateway.url(), &code_b, "Tablette").unwrap();
    sync(&mut b);
    assert_eq!(records(&mut a), records(&mut b));

    // Offline on both sides, and a deposit on the server meanwhile.
    let RecordBody::Allergy(mut edited) = peanut.body.clone() else {
        panic!()
    };
    edited.substance = "Arachide (cacahuète)".into();
    a.update_record(&peanut.id, RecordBody::Allergy(edited), None)
        .unwrap();
    b.update_record(&peanut.id, peanut.body.clone(), Some("Choc en 2019".into()))
        .unwrap();
    b.add_record(allergy("Latex"), None).unwrap();
    let (status, created) = pro.deposit(&profile, &immunization("DTCaPolio"));
    assert_eq!(status, 201, "{created}");
    let pdf = pdf_bytes("bilan sanguin");
    let (status, created) = pro.deposit(&profile, &document_reference("Bilan sanguin", &pdf));
    assert_eq!(status, 201, "{created}");
    let deposited_id = created["created"][0]["id"].as_str().unwrap().to_string();

    // Any order: B, then A, then B again.
    sync(&mut b);
    sync(&mut a);
    sync(&mut b);

    let on_a = records(&mut a);
    assert_eq!(on_a, records(&mut b));
    assert_eq!(on_a.len(), 3, "peanut, latex, DTCaPolio: {on_a:#?}");
    let merged = a.record(&peanut.id).unwrap();
    assert_eq!(
        merged.notes.as_deref(),
        Some("Choc en 2019"),
        "both edits kept"
    );
    let RecordBody::Allergy(x) = &merged.body else {
        panic!()
    };
    assert_eq!(x.substance, "Arachide (cacahuète)");
    assert!(a.rows_match_document().unwrap());
    assert!(b.rows_match_document().unwrap());

    // The professional sees the same records as the patient.
    let view = pro.record(&profile);
    let mut seen: Vec<String> = view["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let mut local: Vec<String> = on_a
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    seen.sort();
    local.sort();
    assert_eq!(seen, local);

    // The deposited document arrived on both devices, marked as from a professional.
    for device in [&mut a, &mut b] {
        let (meta, bytes) = device.document_bytes(&deposited_id).unwrap();
        assert_eq!(meta.input.source, DocumentSource::Professional);
        assert_eq!(meta.input.author.as_deref(), Some("Dr Claire Martin"));
        assert_eq!(&bytes[..], &pdf[..]);
        assert_eq!(device.sync_status().unwrap().pending_documents, 0);
    }
    assert_eq!(documents(&mut a), documents(&mut b));
}

#[test]
fn hidden_documents_never_reach_professionals_and_reads_come_back() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    let mut a = device(tmp.path(), "a");
    a.pair_sync(&gateway.url(), &code, "Portable").unwrap();

    // One document imported by the patient, one deposited.
    let file = tmp.path().join("ordonnance.pdf");
    std::fs::write(&file, pdf_bytes("ordonnance privée")).unwrap();
    let own = a
        .import_document(
            &file,
            patient_document("Ordonnance", "57833-6", "2026-11-01"),
            &mut |_, _| ControlFlow::Continue(()),
        )
        .unwrap();
    let (_, created) = pro.deposit(&profile, &document_reference("Bilan", &pdf_bytes("bilan")));
    let deposited = created["created"][0]["id"].as_str().unwrap().to_string();
    sync(&mut a);

    // Uploaded: the professional can open the patient's own document.
    let (status, bytes) = pro.document(&profile, &own.id);
    assert_eq!((status, bytes), (200, pdf_bytes("ordonnance privée")));

    // Hide both, sync: neither is listed nor readable any more.
    a.set_document_hidden(&own.id, true).unwrap();
    a.set_document_hidden(&deposited, true).unwrap();
    sync(&mut a);
    let view = pro.record(&profile);
    assert_eq!(view["documents"].as_array().unwrap().len(), 0, "{view}");
    assert_eq!(pro.document(&profile, &own.id).0, 404);
    assert_eq!(pro.document(&profile, &deposited).0, 404);

    // Shown again: readable again.
    a.set_document_hidden(&own.id, false).unwrap();
    sync(&mut a);
    assert_eq!(pro.document(&profile, &own.id).0, 200);

    // Every read is in the patient's access history after sync.
    sync(&mut a);
    let history = a.access_history(100).unwrap();
    let reads_record = history
        .iter()
        .filter(|e| e.action == AccessAction::ReadRecord)
        .count();
    let reads_doc: Vec<_> = history
        .iter()
        .filter(|e| e.action == AccessAction::ReadDocument)
        .collect();
    assert_eq!(reads_record, 1, "one summary read");
    assert_eq!(
        reads_doc.len(),
        2,
        "two successful document reads: {history:#?}"
    );
    assert!(reads_doc
        .iter()
        .all(|e| e.document_id.as_deref() == Some(own.id.as_str())));
    // The two refused requests are there too, naming what was asked.
    let refused: Vec<_> = history
        .iter()
        .filter(|e| e.action == AccessAction::DocumentUnavailable)
        .map(|e| e.document_id.clone().unwrap())
        .collect();
    assert_eq!(refused.len(), 2, "{history:#?}");
    assert!(refused.contains(&own.id) && refused.contains(&deposited));
    assert!(history
        .iter()
        .all(|e| e.name == "Dr Claire Martin" && e.rpps == "10003591586"));
    assert!(history.iter().any(|e| e.action == AccessAction::Deposit));
}

#[test]
fn a_revoked_device_is_told_and_keeps_its_data() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (_, code) = gateway.new_account();
    let mut a = device(tmp.path(), "a");
    a.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    let code_b = a.sync_pairing_code().unwrap();
    let mut b = device(tmp.path(), "b");
    b.pair_sync(&gateway.url(), &code_b, "Ancien téléphone")
        .unwrap();
    b.add_record(allergy("Pollen"), None).unwrap();
    sync(&mut b);

    // B unpairs (its token is revoked); a copy of the old link fails on the server.
    let before = records(&mut b);
    b.unpair_sync().unwrap();
    assert_eq!(sync_err(&mut b), ErrorCode::NotPaired);
    assert_eq!(records(&mut b), before, "local data stays");
    sync(&mut a);
    assert_eq!(records(&mut a).len(), 1);
}

#[test]
fn offline_edits_queue_and_leave_when_the_server_is_back() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    let mut a = device(tmp.path(), "a");
    a.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    a.allow_professional("10003591586").unwrap();
    sync(&mut a);

    // Server down: clear offline error, edits still saved locally.
    let url = gateway.url();
    let data = gateway.dir.clone();
    drop(gateway);
    a.add_record(allergy("Iode"), None).unwrap();
    let offline = a
        .sync_now(&mut |_| {}, &std::sync::atomic::AtomicBool::new(false))
        .unwrap_err();
    assert_eq!(offline.code, ErrorCode::Offline);
    assert!(offline.message.contains("gardées"), "{}", offline.message);
    assert_eq!(records(&mut a).len(), 1);

    // Back on the same address: the queued edit arrives.
    let addr = url.trim_start_matches("http://").parse().unwrap();
    let gateway = Gateway::start_at(&data, addr);
    sync(&mut a);
    assert_eq!(pro.record(&profile)["records"].as_array().unwrap().len(), 1);
    drop(gateway);
}

#[test]
fn a_cancelled_sync_keeps_what_arrived_and_the_next_one_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (_, code) = gateway.new_account();
    let mut a = device(tmp.path(), "a");
    a.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    let file = tmp.path().join("cr.pdf");
    std::fs::write(&file, pdf_bytes("compte rendu")).unwrap();
    for i in 0..3 {
        a.import_document(
            &file,
            DocumentInput {
                title: format!("Compte rendu {i}"),
                type_code: "11488-4".into(),
                date: "2026-11-01".parse().unwrap(),
                author: None,
                author_rpps: None,
                source: DocumentSource::Patient,
                hidden: false,
                notes: Some(format!("{i}")),
            },
            &mut |_, _| ControlFlow::Continue(()),
        )
        .unwrap();
    }
    // Cancel as soon as the first progress report arrives (the records phase).
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut phases = Vec::new();
    let cancelled = a
        .sync_now(
            &mut |p| {
                phases.push(p.phase);
                cancel.store(true, std::sync::atomic::Ordering::SeqCst);
            },
            &cancel,
        )
        .unwrap_err();
    assert_eq!(cancelled.code, ErrorCode::Cancelled);
    assert!(
        cancelled.message.contains("est gardé"),
        "{}",
        cancelled.message
    );
    assert!(
        !phases.is_empty(),
        "progress was reported before the cancel"
    );

    let mut seen = Vec::new();
    let report = a
        .sync_now(
            &mut |p| seen.push(*p),
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.uploaded, 1, "three documents, one content");
    let last = seen.last().unwrap();
    assert_eq!((last.items_done, last.items_total), (1, 1));
    assert!(seen.windows(2).all(|w| w[0].bytes_sent <= w[1].bytes_sent));
    let mut b = device(tmp.path(), "b");
    let code_b = a.sync_pairing_code().unwrap();
    b.pair_sync(&gateway.url(), &code_b, "Tablette").unwrap();
    sync(&mut b);
    assert_eq!(documents(&mut a), documents(&mut b));
}

#[test]
fn a_linked_profile_shares_through_its_gateway_and_another_relay_needs_its_code() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (_, code) = gateway.new_account();
    let mut a = device(tmp.path(), "a");
    let peanut = a.add_record(allergy("Arachide"), None).unwrap();
    let request = || carnet_api::ShareRequest {
        record_ids: vec![peanut.id.clone()],
        document_ids: vec![],
        professional: carnet_share::Professional {
            name: "Dr Paul Durand".into(),
            specialty: "Allergologie".into(),
            rpps: None,
            email: None,
        },
        expires_in_hours: 24,
        max_opens: None,
        pin: None,
    };
    // Not linked anywhere: no relay to share through.
    assert_eq!(
        a.create_share(request()).unwrap_err().code,
        ErrorCode::NoRelay
    );
    // Linked: the gateway is the relay, the sync link's device creates shares.
    a.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    let share = a.create_share(request()).unwrap();
    let link = share.link.unwrap();
    assert!(link.starts_with(&format!("{}/s/", gateway.url())), "{link}");

    // Another relay: a wrong access code links nothing, the gateway stays.
    let other = Gateway::start(&tmp.path().join("other"));
    let wrong = a
        .set_share_relay(&other.url(), "ABCD-000000", "Portable")
        .unwrap_err();
    assert_eq!(
        (wrong.code, wrong.field.as_deref()),
        (ErrorCode::InvalidCode, Some("code"))
    );
    assert_eq!(a.share_relay().unwrap(), Some(gateway.url()));
    // With the code its operator gave, shares go there.
    let (_, other_code) = other.new_account();
    a.set_share_relay(&other.url(), &other_code, "Portable")
        .unwrap();
    let link = a.create_share(request()).unwrap().link.unwrap();
    assert!(link.starts_with(&format!("{}/s/", other.url())), "{link}");
    // That relay starts over on new data and no longer knows this device:
    // refused, with a message that says what to do.
    let addr = other.addr;
    drop(other);
    let _reset = Gateway::start_at(&tmp.path().join("other-reset"), addr);
    let refused = a.create_share(request()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::RelayNotLinked);
    assert!(
        refused.message.contains("code d'accès"),
        "{}",
        refused.message
    );
}

#[test]
fn professionals_read_only_with_the_patients_consent_and_attempts_are_seen() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();
    let claire = gateway.professional("10003591586", "Dr Claire Martin");
    let paul = gateway.professional("10001045367", "Dr Paul Durand");
    let mut a = device(tmp.path(), "a");
    a.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    a.add_record(allergy("Arachide"), None).unwrap();
    sync(&mut a);
    assert!(a.allowed_professionals().unwrap().is_empty());

    // Knowing the profile's id is not enough: refused, the document too,
    // and the patient sees the attempts (once, however many there were).
    for _ in 0..3 {
        assert_eq!(claire.read_status(&profile), 403);
    }
    assert_eq!(claire.document(&profile, &carnet_model::new_id()).0, 403);
    sync(&mut a);
    let refused: Vec<_> = a
        .access_history(50)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AccessAction::Refused)
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].name, "Dr Claire Martin");

    // The patient authorises her: she reads.
    let allowed = a.allow_professional("100 0359 1586").unwrap();
    assert_eq!(allowed.len(), 1);
    assert_eq!(allowed[0].name.as_deref(), Some("Dr Claire Martin"));
    assert_eq!(allowed[0].because, carnet_api::AllowedBecause::Patient);
    assert_eq!(
        claire.record(&profile)["records"].as_array().unwrap().len(),
        1
    );

    // A professional who deposits for the patient may read, as in the
    // national space, until the patient withdraws them; later deposits are
    // still taken but do not bring the access back.
    assert_eq!(paul.deposit(&profile, &immunization("ROR")).0, 201);
    assert_eq!(paul.read_status(&profile), 200);
    let allowed = a.allowed_professionals().unwrap();
    let because: Vec<_> = allowed
        .iter()
        .map(|p| (p.rpps.as_str(), p.because))
        .collect();
    assert_eq!(
        because,
        [
            ("10003591586", carnet_api::AllowedBecause::Patient),
            ("10001045367", carnet_api::AllowedBecause::Deposit)
        ]
    );
    let left = a.withdraw_professional("10001045367").unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(paul.read_status(&profile), 403);
    assert_eq!(paul.deposit(&profile, &immunization("Grippe")).0, 201);
    assert_eq!(paul.read_status(&profile), 403);
    // The patient can change their mind.
    a.allow_professional("10001045367").unwrap();
    assert_eq!(paul.read_status(&profile), 200);

    // Not an RPPS number: refused here, under its field.
    let invalid = a.allow_professional("12345").unwrap_err();
    assert_eq!(
        (invalid.code, invalid.field.as_deref()),
        (ErrorCode::Invalid, Some("rpps"))
    );
    // Another patient's device cannot see or change this list.
    let (_, other_code) = gateway.new_account();
    let mut b = device(tmp.path(), "b");
    b.pair_sync(&gateway.url(), &other_code, "Tablette")
        .unwrap();
    assert!(b.allowed_professionals().unwrap().is_empty());
    b.withdraw_professional("10003591586").unwrap();
    assert_eq!(claire.read_status(&profile), 200);
}
