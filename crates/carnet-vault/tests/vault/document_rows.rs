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

/// One local write, as a user makes them.
#[derive(Debug, Clone)]
enum Write {
    AddRecords(Vec<u8>),
    EditRecord { pick: usize, word: u8, noted: bool },
    DeleteRecord(usize),
    ImportDocument { word: u8, same_bytes: bool },
    EditDocument { pick: usize, word: u8 },
    HideDocument { pick: usize, hidden: bool },
    DeleteDocument(usize),
}

/// Words that exist once each, so a search for one finds exactly its item.
const WORDS: [&str; 8] = [
    "Arachide", "Bouleau", "Cerise", "Dattier", "Erable", "Figue", "Genet", "Houblon",
];

fn write() -> impl proptest::strategy::Strategy<Value = Write> {
    use proptest::prelude::*;
    prop_oneof![
        proptest::collection::vec(0u8..8, 1..4).prop_map(Write::AddRecords),
        (any::<usize>(), 0u8..8, any::<bool>()).prop_map(|(pick, word, noted)| Write::EditRecord {
            pick,
            word,
            noted
        }),
        any::<usize>().prop_map(Write::DeleteRecord),
        (0u8..8, any::<bool>())
            .prop_map(|(word, same_bytes)| Write::ImportDocument { word, same_bytes }),
        (any::<usize>(), 0u8..8).prop_map(|(pick, word)| Write::EditDocument { pick, word }),
        (any::<usize>(), any::<bool>())
            .prop_map(|(pick, hidden)| Write::HideDocument { pick, hidden }),
        any::<usize>().prop_map(Write::DeleteDocument),
    ]
}

fn document_input(word: &str) -> DocumentInput {
    DocumentInput {
        title: format!("Compte rendu {word}"),
        type_code: "11488-4".into(),
        date: "2026-01-05".parse().unwrap(),
        author: None,
        author_rpps: None,
        source: DocumentSource::Patient,
        hidden: false,
        notes: None,
    }
}

fn apply(profile: &mut carnet_vault::Profile, write: &Write) {
    let records = profile.records(None).unwrap();
    let documents = profile.documents().unwrap();
    let word = |w: &u8| WORDS[*w as usize];
    match write {
        Write::AddRecords(words) => {
            let items = words.iter().map(|w| (allergy(word(w)), None)).collect();
            profile.add_records(items).unwrap();
        }
        Write::EditRecord {
            pick,
            word: w,
            noted,
        } if !records.is_empty() => {
            let id = &records[pick % records.len()].id;
            let notes = noted.then(|| format!("note {}", word(w)));
            profile.update_record(id, allergy(word(w)), notes).unwrap();
        }
        Write::DeleteRecord(pick) if !records.is_empty() => {
            profile
                .delete_record(&records[pick % records.len()].id)
                .unwrap();
        }
        Write::ImportDocument {
            word: w,
            same_bytes,
        } => {
            // The same bytes twice share one content; the text is read once.
            let pdf = pdf_with_text(if *same_bytes { "Texte commun" } else { word(w) });
            profile
                .import_document(
                    &mut &pdf[..],
                    "bilan.pdf",
                    document_input(word(w)),
                    &mut |_| ControlFlow::Continue(()),
                )
                .unwrap();
        }
        Write::EditDocument { pick, word: w } if !documents.is_empty() => {
            let id = &documents[pick % documents.len()].id;
            profile
                .update_document(id, document_input(word(w)))
                .unwrap();
        }
        Write::HideDocument { pick, hidden } if !documents.is_empty() => {
            let id = &documents[pick % documents.len()].id;
            profile.set_document_hidden(id, *hidden).unwrap();
        }
        Write::DeleteDocument(pick) if !documents.is_empty() => {
            profile
                .delete_document(&documents[pick % documents.len()].id)
                .unwrap();
        }
        _ => {}
    }
}

/// Every record and document is found by the search under its own title,
/// and nothing else is.
fn search_follows_rows(profile: &carnet_vault::Profile) {
    let mut expected: Vec<String> = profile
        .records(None)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .chain(profile.documents().unwrap().into_iter().map(|d| d.id))
        .collect();
    expected.sort();
    let mut found: Vec<String> = WORDS
        .iter()
        .flat_map(|w| profile.search(w).unwrap())
        .map(|hit| hit.id)
        .collect();
    found.sort();
    found.dedup();
    assert_eq!(found, expected);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Local edits derive their rows through the same path as remote changes:
    /// after every write, the rows and the search say what the document says,
    /// and a rebuild from the document changes nothing.
    #[test]
    fn rows_match_the_document_after_every_write(writes in proptest::collection::vec(write(), 1..10)) {
        let fx = fixture();
        let (session, id) = vault_with_profile(&fx.dir, "Léa");
        let mut profile = session.open_profile(&id).unwrap();
        for w in &writes {
            apply(&mut profile, w);
            proptest::prop_assert!(profile.rows_match_document().unwrap(), "after {w:?}");
            search_follows_rows(&profile);
        }
        let records = profile.records(None).unwrap();
        let documents = profile.documents().unwrap();
        profile.rebuild_from_document().unwrap();
        proptest::prop_assert_eq!(profile.records(None).unwrap(), records);
        proptest::prop_assert_eq!(profile.documents().unwrap(), documents);
        search_follows_rows(&profile);
    }
}
