//! A professional probing for hidden documents learns nothing: the answer,
//! and the time it takes, are the same as for a document that does not
//! exist, and every probe is in the patient's access history.

use std::ops::ControlFlow;
use std::time::Instant;

use carnet_api::AccessAction;

use crate::common::*;

const PROBES: usize = 1000;

/// Median time of `PROBES` requests for `id`, interleaved with the other
/// kind by the caller so both see the same machine noise.
fn median(mut samples: Vec<u128>) -> f64 {
    samples.sort_unstable();
    samples[samples.len() / 2] as f64
}

#[test]
fn hidden_and_missing_documents_take_the_same_time_and_are_both_logged() {
    let tmp = tempfile::tempdir().unwrap();
    let limits = carnet_server::Limits {
        per_second: 1e6,
        burst: 1e6,
        ..Default::default()
    };
    let gateway = Gateway::start_with(&tmp.path().join("gateway"), limits);
    let (profile, code) = gateway.new_account();
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    let mut device = device(tmp.path(), "a");
    device.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    device.allow_professional("10003591586").unwrap();
    let file = tmp.path().join("privé.pdf");
    std::fs::write(&file, pdf_bytes("consultation privée")).unwrap();
    let hidden = device
        .import_document(
            &file,
            patient_document("Consultation", "11488-4", "2026-11-01"),
            &mut |_, _| ControlFlow::Continue(()),
        )
        .unwrap();
    device.set_document_hidden(&hidden.id, true).unwrap();
    sync(&mut device);
    let missing = carnet_model::new_id();

    // Timing on a shared machine is noisy: a few attempts, each of 1,000
    // interleaved requests per kind; the medians must agree within 10 %.
    let mut last = (0.0, 0.0);
    let agreed = (0..5).any(|_| {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for i in 0..PROBES {
            let order: [(&str, &mut Vec<u128>); 2] = if i % 2 == 0 {
                [(&hidden.id, &mut a), (&missing, &mut b)]
            } else {
                [(&missing, &mut b), (&hidden.id, &mut a)]
            };
            for (id, samples) in order {
                let start = Instant::now();
                let (status, _) = pro.document(&profile, id);
                samples.push(start.elapsed().as_micros());
                assert_eq!(status, 404);
            }
        }
        last = (median(a), median(b));
        eprintln!(
            "hidden {} µs, missing {} µs (medians of {PROBES})",
            last.0, last.1
        );
        (last.0 - last.1).abs() <= 0.10 * last.0.max(last.1)
    });
    assert!(
        agreed,
        "hidden {} µs vs missing {} µs (medians)",
        last.0, last.1
    );

    // Each probe is in the patient's history after sync.
    sync(&mut device);
    let history = device.access_history(100_000).unwrap();
    let count = |id: &str| {
        history
            .iter()
            .filter(|e| {
                e.action == AccessAction::DocumentUnavailable
                    && e.document_id.as_deref() == Some(id)
            })
            .count()
    };
    assert!(count(&hidden.id) >= PROBES, "{}", count(&hidden.id));
    assert_eq!(count(&hidden.id), count(&missing));
}
