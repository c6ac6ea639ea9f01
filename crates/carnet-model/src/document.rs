//! Documents (reports, prescriptions, lab results…) and the type codes the
//! national health space uses for them (XDS typeCode, value set JDV_J07).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::record::validate_notes;
use crate::text::{not_future, optional, required, SHORT};
use crate::{Lang, Problem, Result, Rpps, ValidationError};

/// A document type code with its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DocumentType {
    /// The code (`11488-4`, `PRESC-BIO`…).
    pub code: &'static str,
    /// The code system URI.
    pub system: &'static str,
    /// Official French label.
    pub label_fr: &'static str,
    /// English label.
    pub label_en: &'static str,
}

const LOINC: &str = "http://loinc.org";
const ANS: &str =
    "https://mos.esante.gouv.fr/NOS/TRE_A05-TypeDocComplementaire/FHIR/TRE-A05-TypeDocComplementaire";

const fn t(
    code: &'static str,
    system: &'static str,
    fr: &'static str,
    en: &'static str,
) -> DocumentType {
    DocumentType {
        code,
        system,
        label_fr: fr,
        label_en: en,
    }
}

/// The common document types of the national space, most used first.
pub const DOCUMENT_TYPES: &[DocumentType] = &[
    t(
        "11488-4",
        LOINC,
        "Compte rendu de consultation",
        "Consultation report",
    ),
    t(
        "34112-3",
        LOINC,
        "Compte rendu d'hospitalisation",
        "Hospital stay report",
    ),
    t(
        "11502-2",
        LOINC,
        "Résultat d'examens biologiques",
        "Laboratory results",
    ),
    t(
        "18748-4",
        LOINC,
        "Compte rendu d'imagerie médicale",
        "Imaging report",
    ),
    t(
        "57833-6",
        LOINC,
        "Ordonnance de médicaments",
        "Medication prescription",
    ),
    t("87273-9", LOINC, "Note de vaccination", "Vaccination note"),
    t(
        "11369-6",
        LOINC,
        "Historique des vaccinations",
        "Vaccination history",
    ),
    t(
        "96874-3",
        LOINC,
        "Attestation de vaccination COVID-19",
        "COVID-19 vaccination certificate",
    ),
    t(
        "11490-0",
        LOINC,
        "Lettre de liaison à la sortie",
        "Discharge letter",
    ),
    t("18761-7", LOINC, "Note de transfert", "Transfer note"),
    t("96349-6", LOINC, "Lettre d'adressage", "Referral letter"),
    t(
        "15507-7",
        LOINC,
        "Compte rendu de passage aux urgences",
        "Emergency visit report",
    ),
    t(
        "34874-8",
        LOINC,
        "Compte rendu opératoire",
        "Surgery report",
    ),
    t(
        "34749-2",
        LOINC,
        "Consultation pré-anesthésique",
        "Pre-anaesthesia consultation",
    ),
    t(
        "77436-4",
        LOINC,
        "Compte rendu d'anesthésie",
        "Anaesthesia report",
    ),
    t(
        "60568-3",
        LOINC,
        "Anatomie et cytologie pathologiques",
        "Pathology report",
    ),
    t(
        "51969-4",
        LOINC,
        "Génétique moléculaire",
        "Molecular genetics report",
    ),
    t("60591-5", LOINC, "Synthèse médicale", "Medical summary"),
    t(
        "34133-9",
        LOINC,
        "Synthèse d'épisode de soins",
        "Care episode summary",
    ),
    t(
        "89601-9",
        LOINC,
        "Certificat médical",
        "Medical certificate",
    ),
    t(
        "57832-8",
        LOINC,
        "Prescription de soins",
        "Care prescription",
    ),
    t(
        "57828-6",
        LOINC,
        "Prescription (autre)",
        "Prescription (other)",
    ),
    t(
        "60593-1",
        LOINC,
        "Dispensation de médicaments",
        "Medication dispensing",
    ),
    t(
        "15508-5",
        LOINC,
        "Compte rendu d'accouchement",
        "Delivery report",
    ),
    t(
        "34794-8",
        LOINC,
        "Réunion de concertation pluridisciplinaire",
        "Multidisciplinary meeting report",
    ),
    t("18776-5", LOINC, "Plan personnalisé de soins", "Care plan"),
    t(
        "85208-7",
        LOINC,
        "Compte rendu de télémédecine",
        "Telemedicine report",
    ),
    t(
        "70004-7",
        LOINC,
        "Acte diagnostique (autre)",
        "Diagnostic procedure (other)",
    ),
    t(
        "75492-9",
        LOINC,
        "Dépistage ou prévention",
        "Screening or prevention report",
    ),
    t(
        "68817-6",
        LOINC,
        "Bilan de santé de l'enfant",
        "Child health check",
    ),
    t("101881-1", LOINC, "Carte d'implant", "Implant card"),
    t(
        "PRESC-BIO",
        ANS,
        "Prescription d'analyses de biologie",
        "Laboratory test prescription",
    ),
    t(
        "PRESC-KINE",
        ANS,
        "Prescription de kinésithérapie",
        "Physiotherapy prescription",
    ),
    t(
        "PRESC-INF",
        ANS,
        "Prescription de soins infirmiers",
        "Nursing care prescription",
    ),
    t("PRESC-AAT", ANS, "Arrêt de travail", "Sick leave"),
    t(
        "PROT_ALD",
        ANS,
        "Protocole de soins ALD",
        "Long-term condition care protocol",
    ),
    t(
        "CERT_DECL",
        ANS,
        "Certificat, déclaration",
        "Certificate, declaration",
    ),
    t(
        "EXPPAT_3",
        ANS,
        "Directives anticipées",
        "Advance directives",
    ),
    t(
        "DOCPAT03",
        ANS,
        "Document déposé par le patient",
        "Document added by the patient",
    ),
    t(
        "REMB",
        ANS,
        "Données de remboursement",
        "Reimbursement data",
    ),
];

impl DocumentType {
    /// Finds a type by its code.
    pub fn by_code(code: &str) -> Option<&'static DocumentType> {
        DOCUMENT_TYPES
            .iter()
            .find(|t| t.code.eq_ignore_ascii_case(code.trim()))
    }

    /// The label in the user's language.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label_fr, self.label_en)
    }
}

/// Who put the document in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DocumentSource {
    Patient,
    Professional,
}

/// What a person fills in when adding a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct DocumentInput {
    pub title: String,
    pub type_code: String,
    pub date: NaiveDate,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_rpps: Option<Rpps>,
    pub source: DocumentSource,
    #[serde(default)]
    pub hidden: bool,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl DocumentInput {
    /// Trims and checks every field; the type code is normalized to its canonical spelling.
    pub fn validate(&mut self) -> Result<()> {
        required("title", &mut self.title)?;
        let doc_type = DocumentType::by_code(&self.type_code).ok_or_else(|| {
            ValidationError::new(
                "type_code",
                Problem::UnknownChoice {
                    value: self.type_code.clone(),
                },
            )
        })?;
        self.type_code = doc_type.code.to_string();
        not_future("date", Some(self.date))?;
        optional("author", &mut self.author, SHORT)?;
        validate_notes(&mut self.notes)
    }
}

/// Largest document Carnet accepts, locally or from a sync peer.
pub const MAX_DOCUMENT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Media types Carnet stores (what its content sniffing recognises).
pub const MEDIA_TYPES: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/tiff",
    "image/avif",
    "image/heic",
    "application/dicom",
    "application/rtf",
    "text/plain",
];

/// A file name safe to show and to save: the last path component only, with
/// no control, bidirectional or other invisible formatting characters (an
/// U+202E can make `rapport\u{202e}fdp.exe` read as `rapportexe.pdf`).
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_format_char(*c))
        .take(255)
        .collect();
    let clean = clean.trim();
    if clean.is_empty() || clean.chars().all(|c| c == '.') {
        "document".to_string()
    } else {
        clean.to_string()
    }
}

/// Unicode format characters (general category Cf): bidirectional controls,
/// zero-width joiners and marks, tags; invisible, and able to disguise a name.
fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x061C | 0x0600..=0x0605 | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// A stored document: what was filled in plus what the vault knows of the content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct DocumentMeta {
    pub id: String,
    #[serde(flatten)]
    pub input: DocumentInput,
    /// Original file name, without any directory.
    pub file_name: String,
    /// Media type detected from the content (`application/pdf`, `image/png`…).
    pub media_type: String,
    /// Size of the content in bytes.
    pub size: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl DocumentMeta {
    /// Checks what the vault itself fills in (id, name, type, size, hash),
    /// for metadata that arrives from outside (a sync peer, an archive):
    /// a size of 2^62 or a name with a path in it is refused here.
    pub fn check_stored(&self) -> Result<()> {
        let bad = |field: &'static str, value: String| {
            Err(ValidationError::new(
                field,
                Problem::UnknownChoice { value },
            ))
        };
        if !crate::is_id(&self.id) {
            return bad("id", self.id.clone());
        }
        if self.size > MAX_DOCUMENT_BYTES {
            return Err(ValidationError::new(
                "size",
                Problem::OutOfRange {
                    min: 0.0,
                    max: MAX_DOCUMENT_BYTES as f64,
                },
            ));
        }
        if !MEDIA_TYPES.contains(&self.media_type.as_str()) {
            return bad("media_type", self.media_type.clone());
        }
        if clean_file_name(&self.file_name) != self.file_name {
            return bad("file_name", self.file_name.clone());
        }
        if self.sha256.len() != 64
            || !self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return bad("sha256", self.sha256.clone());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_and_invisible_characters() {
        assert_eq!(clean_file_name("..\\..\\Windows\\bilan.pdf"), "bilan.pdf");
        assert_eq!(clean_file_name("/etc/passwd"), "passwd");
        assert_eq!(clean_file_name("rapport\u{202e}fdp.exe"), "rapportfdp.exe");
        assert_eq!(
            clean_file_name("a\u{200b}b\u{2066}c\u{feff}.pdf"),
            "abc.pdf"
        );
        assert_eq!(clean_file_name("ligne\nnouvelle.txt"), "lignenouvelle.txt");
        for empty in ["", "..", "\u{202e}", "dir/", " . "] {
            assert_eq!(clean_file_name(empty), "document", "{empty:?}");
        }
        assert_eq!(
            clean_file_name("Compte rendu été.pdf"),
            "Compte rendu été.pdf"
        );
    }

    #[test]
    fn every_type_code_is_unique_and_found() {
        for ty in DOCUMENT_TYPES {
            assert_eq!(DocumentType::by_code(ty.code), Some(ty));
            assert_eq!(
                DOCUMENT_TYPES.iter().filter(|t| t.code == ty.code).count(),
                1
            );
        }
        assert_eq!(
            DocumentType::by_code("presc-bio").unwrap().code,
            "PRESC-BIO"
        );
    }

    #[test]
    fn unknown_type_code_is_refused() {
        let mut input = DocumentInput {
            title: "Bilan".into(),
            type_code: "99999-9".into(),
            date: "2024-01-01".parse().unwrap(),
            author: None,
            author_rpps: None,
            source: DocumentSource::Patient,
            hidden: false,
            notes: None,
        };
        assert_eq!(input.validate().unwrap_err().field, "type_code");
        input.type_code = "11502-2".into();
        assert!(input.validate().is_ok());
    }
}
