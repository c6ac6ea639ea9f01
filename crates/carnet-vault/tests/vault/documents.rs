//! Documents: import, export byte-identical, text extraction, hide, delete, bad files.

use std::io::Cursor;
use std::ops::ControlFlow;

use carnet_model::{DocumentInput, DocumentSource};
use carnet_vault::Error;

use crate::util::*;

pub fn input(title: &str) -> DocumentInput {
    DocumentInput {
        title: title.into(),
        type_code: "11502-2".into(),
        date: "2024-02-03".parse().unwrap(),
        author: Some("Dr Martin".into()),
        author_rpps: Some(carnet_model::Rpps::parse("10001045367").unwrap()),
        source: DocumentSource::Professional,
        hidden: false,
        notes: None,
    }
}

fn no_progress() -> impl FnMut(u64) -> ControlFlow<()> {
    |_| ControlFlow::Continue(())
}

#[test]
fn pdf_imports_exports_identically_and_its_text_is_searchable() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    let pdf = pdf_with_text("Hemoglobine glyquee 6.1 pourcent");
    let meta = profile
        .import_document(
            &mut Cursor::new(&pdf),
            "../../etc/bilan.pdf",
            input("Bilan sanguin"),
            &mut no_progress(),
        )
        .unwrap();
    assert_eq!(meta.media_type, "application/pdf");
    assert_eq!(meta.file_name, "bilan.pdf");
    assert_eq!(meta.size, pdf.len() as u64);

    let out = fx._tmp.path().join("export.pdf");
    profile.export_document(&meta.id, &out).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), pdf);
    assert_eq!(&profile.document_bytes(&meta.id).unwrap().1[..], &pdf[..]);

    let hits = profile.search("glyquee").unwrap();
    assert_eq!(hits.len(), 1, "text extracted from the PDF is indexed");
    assert_eq!(hits[0].id, meta.id);
    assert_eq!(profile.search("Martin").unwrap().len(), 1);

    // Hiding keeps the extracted text searchable.
    let hidden = profile.set_document_hidden(&meta.id, true).unwrap();
    assert!(hidden.input.hidden);
    assert_eq!(profile.search("glyquee").unwrap().len(), 1);
}

#[test]
fn large_document_streams_through_and_comes_back_identical() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    // 40 MiB of text-like content: more than the extraction limit.
    let mut rng = Rng(7);
    let content: Vec<u8> = (0..40 * 1024 * 1024)
        .map(|_| b'a' + (rng.below(26) as u8))
        .collect();
    let mut seen = 0;
    let meta = profile
        .import_document(
            &mut Cursor::new(&content),
            "gros.txt",
            input("Gros fichier"),
            &mut |n| {
                seen = n;
                ControlFlow::Continue(())
            },
        )
        .unwrap();
    assert_eq!(seen, content.len() as u64, "progress reaches the full size");
    let mut back = Vec::new();
    profile.read_document(&meta.id, &mut back).unwrap();
    assert!(back == content);
}

#[test]
fn cancelled_or_unsupported_imports_leave_nothing() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    let blobs = fx.dir.join(format!("profiles/{id}/blobs"));
    let content = vec![b'x'; 3 * 1024 * 1024];
    let result =
        profile.import_document(&mut Cursor::new(&content), "a.txt", input("A"), &mut |n| {
            if n > 1024 * 1024 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
    assert!(matches!(result, Err(Error::Cancelled)));
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    assert!(matches!(
        profile.import_document(
            &mut Cursor::new(elf),
            "prog",
            input("Programme"),
            &mut no_progress()
        ),
        Err(Error::UnsupportedFile)
    ));
    assert!(matches!(
        profile.import_document(
            &mut Cursor::new(Vec::new()),
            "vide.txt",
            input("Vide"),
            &mut no_progress()
        ),
        Err(Error::UnsupportedFile)
    ));
    let mut bad_type = input("Type inconnu");
    bad_type.type_code = "00000-0".into();
    assert!(matches!(
        profile.import_document(
            &mut Cursor::new(b"texte".to_vec()),
            "t.txt",
            bad_type,
            &mut no_progress()
        ),
        Err(Error::Invalid(_))
    ));
    assert!(profile.documents().unwrap().is_empty());
    assert_eq!(
        std::fs::read_dir(&blobs).unwrap().count(),
        0,
        "no blob or temp file left"
    );
}

#[test]
fn identical_content_is_stored_once_and_deleted_with_its_last_document() {
    let fx = fixture();
    let (session, id) = vault_with_profile(&fx.dir, "Léa");
    let mut profile = session.open_profile(&id).unwrap();
    let blobs = fx.dir.join(format!("profiles/{id}/blobs"));
    let a = profile
        .import_document(
            &mut Cursor::new(b"ordonnance".to_vec()),
            "a.txt",
            input("A"),
            &mut no_progress(),
        )
        .unwrap();
    let b = profile
        .import_document(
            &mut Cursor::new(b"ordonnance".to_vec()),
            "b.txt",
            input("B"),
            &mut no_progress(),
        )
        .unwrap();
    assert_eq!(std::fs::read_dir(&blobs).unwrap().count(), 1);
    // The blob name is keyed: it is not the plain SHA-256 of the content.
    let name = std::fs::read_dir(&blobs)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    assert_ne!(name.to_string_lossy(), a.sha256);
    profile.delete_document(&a.id).unwrap();
    assert_eq!(std::fs::read_dir(&blobs).unwrap().count(), 1);
    profile.delete_document(&b.id).unwrap();
    assert_eq!(std::fs::read_dir(&blobs).unwrap().count(), 0);
    assert!(matches!(
        profile.document(&a.id),
        Err(Error::NotFound { .. })
    ));
}
