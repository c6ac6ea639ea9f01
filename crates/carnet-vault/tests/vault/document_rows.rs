//! The profile's sync document and the rows derived from it.

use std::ops::ControlFlow;

use carnet_model::{DocumentInput, DocumentSource};

use crate::util::*;

#[test]
fn rows_are_rebuilt_from_the_document_and_survive_reopening() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    let kept = profile
        .add_record(allergy("Pénicilline"), Some("urgences".into()))
        .unwrap();
    let gone = profile.add_record(allergy("Latex"), None).unwrap();
    profile
        .update_record(&kept.id, allergy("Amoxicilline"), Some("urgences".into()))
        .unwrap();
    profile.delete_record(&gone.id).unwrap();
    let pdf = pdf_with_text("Hemoglobine normale");
    let doc = profile
        .import_document(
            &mut &pdf[..],
            "bilan.pdf",
            DocumentInput {
                title: "Bilan".into(),
                type_code: "11502-2".into(),
                date: "2026-01-05".parse().unwrap(),
                author: None,
                author_rpps: None,
                source: DocumentSource::Patient,
                hidden: false,
                notes: None,
            },
            &mut |_| ControlFlow::Continue(()),
        )
        .unwrap();
    profile.set_document_hidden(&doc.id, true).unwrap();
    assert!(profile.rows_match_document().unwrap());
    assert_eq!(profile.search("hemoglobine").unwrap().len(), 1);

    let records = profile.records(None).unwrap();
    let documents = profile.documents().unwrap();
    profile.rebuild_from_document().unwrap();
    assert_eq!(profile.records(None).unwrap(), records);
    assert_eq!(profile.documents().unwrap(), documents);
    assert_eq!(profile.search("amoxi").unwrap().len(), 1);
    assert_eq!(
        profile.search("hemoglobine").unwrap().len(),
        1,
        "extracted text kept"
    );

    // Reopened from disk: the stored changes load back into the same document.
    drop(profile);
    let mut again = session.open_profile(&id).unwrap();
    assert!(again.rows_match_document().unwrap());
    assert_eq!(again.records(None).unwrap(), records);
}
