//! FHIR R4 deposits from professionals: DocumentReference (with an attached
//! PDF or image), Immunization, AllergyIntolerance and MedicationStatement,
//! alone or in a Bundle. Each becomes Carnet data or a precise
//! OperationOutcome naming the element at fault.

use std::io::Read;
use std::path::Path;

use carnet_model::{
    Allergy, AllergySeverity, AllergyStatus, DocumentInput, DocumentSource, DocumentType,
    RecordBody, Rpps, Treatment, Vaccination,
};
use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::fhir_stream::{AttachmentProblem, Attachments, Decoded};
use crate::storage::Professional;

/// Largest attachment a deposit may carry (decoded).
pub const MAX_ATTACHMENT_BYTES: usize = 32 * 1024 * 1024;
/// Most entries a Bundle may carry.
pub const MAX_BUNDLE_ENTRIES: usize = 100;

/// One deposited item, ready to be written into the profile document.
#[derive(Debug)]
pub enum Deposit {
    Record(RecordBody),
    Document {
        input: DocumentInput,
        file_name: String,
        media_type: String,
        /// Decoded to a file as the body was read.
        content: Decoded,
    },
}

/// Why a deposit was refused: where and what, for the OperationOutcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub expression: String,
    pub diagnostics: String,
    /// FHIR issue type: `invalid`, `required`, `not-supported`, `too-long`.
    pub code: &'static str,
}

impl Invalid {
    pub(crate) fn new(
        expression: impl Into<String>,
        code: &'static str,
        diagnostics: impl Into<String>,
    ) -> Self {
        Self {
            expression: expression.into(),
            diagnostics: diagnostics.into(),
            code,
        }
    }

    /// The OperationOutcome resource describing this refusal.
    pub fn outcome(&self) -> Value {
        operation_outcome(self.code, &self.diagnostics, Some(&self.expression))
    }
}

/// An OperationOutcome with one error issue.
pub fn operation_outcome(code: &str, diagnostics: &str, expression: Option<&str>) -> Value {
    let mut issue = json!({ "severity": "error", "code": code, "diagnostics": diagnostics });
    if let Some(expr) = expression {
        issue["expression"] = json!([expr]);
    }
    json!({ "resourceType": "OperationOutcome", "issue": [issue] })
}

/// Parses a deposit body as it streams from `body`: one supported resource
/// or a Bundle of them. Attachments are decoded to files in `dir` (see
/// [`crate::fhir_stream`]).
pub fn parse(body: impl Read, dir: &Path, pro: &Professional) -> Result<Vec<Deposit>, Invalid> {
    let (value, mut attachments) = crate::fhir_stream::read(body, dir)?;
    let kind = str_at(&value, "resourceType", "resourceType")?;
    if kind == "Bundle" {
        let entries = value
            .get("entry")
            .and_then(Value::as_array)
            .ok_or_else(|| Invalid::new("Bundle.entry", "required", "a Bundle needs entries"))?;
        if entries.is_empty() || entries.len() > MAX_BUNDLE_ENTRIES {
            return Err(Invalid::new(
                "Bundle.entry",
                "invalid",
                format!("between 1 and {MAX_BUNDLE_ENTRIES} entries"),
            ));
        }
        entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let resource = entry.get("resource").ok_or_else(|| {
                    Invalid::new(format!("Bundle.entry[{i}].resource"), "required", "missing")
                })?;
                resource_to_deposit(resource, pro, &mut attachments)
            })
            .collect()
    } else {
        Ok(vec![resource_to_deposit(&value, pro, &mut attachments)?])
    }
}

fn resource_to_deposit(
    resource: &Value,
    pro: &Professional,
    attachments: &mut Attachments,
) -> Result<Deposit, Invalid> {
    let kind = str_at(resource, "resourceType", "resourceType")?;
    let deposit = match kind {
        "DocumentReference" => document_reference(resource, pro, attachments)?,
        "Immunization" => Deposit::Record(immunization(resource, pro)?),
        "AllergyIntolerance" => Deposit::Record(allergy(resource)?),
        "MedicationStatement" => Deposit::Record(medication(resource, pro)?),
        other => {
            return Err(Invalid::new(
                "resourceType",
                "not-supported",
                format!("{other} is not accepted here"),
            ))
        }
    };
    if let Deposit::Record(body) = &deposit {
        body.clone()
            .validate()
            .map_err(|e| Invalid::new(kind, "invalid", e.to_string()))?;
    }
    Ok(deposit)
}

fn document_reference(
    r: &Value,
    pro: &Professional,
    attachments: &mut Attachments,
) -> Result<Deposit, Invalid> {
    let code = r
        .pointer("/type/coding/0/code")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Invalid::new(
                "DocumentReference.type.coding[0].code",
                "required",
                "document type missing",
            )
        })?;
    let doc_type = DocumentType::by_code(code).ok_or_else(|| {
        Invalid::new(
            "DocumentReference.type.coding[0].code",
            "invalid",
            format!("{code} is not a document type of the national space"),
        )
    })?;
    let attachment = r.pointer("/content/0/attachment").ok_or_else(|| {
        Invalid::new(
            "DocumentReference.content[0].attachment",
            "required",
            "attachment missing",
        )
    })?;
    let media_type = str_at(
        attachment,
        "contentType",
        "DocumentReference.content[0].attachment.contentType",
    )?;
    const DATA: &str = "DocumentReference.content[0].attachment.data";
    let content = match attachment.get("data").map(|data| attachments.take(data)) {
        None => return Err(Invalid::new(DATA, "required", "data missing")),
        // `data` that is not a string.
        Some(None) => return Err(Invalid::new(DATA, "invalid", "not base64")),
        Some(Some(Err(AttachmentProblem::TooLarge))) => {
            return Err(Invalid::new(
                DATA,
                "too-long",
                format!("attachments are limited to {MAX_ATTACHMENT_BYTES} bytes"),
            ))
        }
        Some(Some(Err(AttachmentProblem::NotBase64))) => {
            return Err(Invalid::new(DATA, "invalid", "not base64"))
        }
        Some(Some(Ok(content))) => content,
    };
    let bytes = &content.start;
    let sniffed_ok = match media_type {
        "application/pdf" => bytes.starts_with(b"%PDF-"),
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(&[0xff, 0xd8, 0xff]),
        _ => {
            return Err(Invalid::new(
                "DocumentReference.content[0].attachment.contentType",
                "not-supported",
                "PDF, PNG or JPEG only",
            ))
        }
    };
    if !sniffed_ok {
        return Err(Invalid::new(
            "DocumentReference.content[0].attachment.data",
            "invalid",
            format!("the content is not {media_type}"),
        ));
    }
    let date = match r.get("date").and_then(Value::as_str) {
        Some(text) => date_of(text, "DocumentReference.date")?,
        None => chrono::Utc::now().date_naive(),
    };
    let title = r
        .get("description")
        .and_then(Value::as_str)
        .or_else(|| attachment.get("title").and_then(Value::as_str))
        .unwrap_or(doc_type.label_fr)
        .to_string();
    let file_name = attachment
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "document.{}",
                if media_type == "application/pdf" {
                    "pdf"
                } else {
                    "img"
                }
            )
        });
    let mut input = DocumentInput {
        title,
        type_code: code.to_string(),
        date,
        author: Some(pro.name.clone()),
        author_rpps: Rpps::parse(&pro.rpps).ok(),
        source: DocumentSource::Professional,
        hidden: false,
        notes: None,
    };
    input
        .validate()
        .map_err(|e| Invalid::new("DocumentReference", "invalid", e.to_string()))?;
    Ok(Deposit::Document {
        input,
        file_name: carnet_model::clean_file_name(&file_name),
        media_type: media_type.to_string(),
        content,
    })
}

fn immunization(r: &Value, pro: &Professional) -> Result<RecordBody, Invalid> {
    let vaccine = concept_text(r.get("vaccineCode"))
        .ok_or_else(|| Invalid::new("Immunization.vaccineCode", "required", "vaccine missing"))?;
    let when = str_at(r, "occurrenceDateTime", "Immunization.occurrenceDateTime")?;
    let dose = match r.pointer("/protocolApplied/0/doseNumberPositiveInt") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .and_then(|n| u8::try_from(n).ok())
                .ok_or_else(|| {
                    Invalid::new(
                        "Immunization.protocolApplied[0].doseNumberPositiveInt",
                        "invalid",
                        "a dose number from 1 to 255",
                    )
                })?,
        ),
    };
    Ok(RecordBody::Vaccination(Vaccination {
        vaccine,
        dose_number: dose,
        date: date_of(when, "Immunization.occurrenceDateTime")?,
        lot: r
            .get("lotNumber")
            .and_then(Value::as_str)
            .map(str::to_string),
        administered_by: Some(pro.name.clone()),
        next_due: None,
    }))
}

fn allergy(r: &Value) -> Result<RecordBody, Invalid> {
    let substance = concept_text(r.get("code"))
        .ok_or_else(|| Invalid::new("AllergyIntolerance.code", "required", "substance missing"))?;
    let status = match r
        .pointer("/clinicalStatus/coding/0/code")
        .and_then(Value::as_str)
    {
        None | Some("active") => AllergyStatus::Active,
        Some("inactive") => AllergyStatus::Inactive,
        Some("resolved") => AllergyStatus::Resolved,
        Some(other) => {
            return Err(Invalid::new(
                "AllergyIntolerance.clinicalStatus",
                "invalid",
                format!("unknown status {other}"),
            ))
        }
    };
    let severity = match r.pointer("/reaction/0/severity").and_then(Value::as_str) {
        None => match r.get("criticality").and_then(Value::as_str) {
            Some("high") => AllergySeverity::Severe,
            _ => AllergySeverity::Unknown,
        },
        Some("mild") => AllergySeverity::Mild,
        Some("moderate") => AllergySeverity::Moderate,
        Some("severe") => AllergySeverity::Severe,
        Some(other) => {
            return Err(Invalid::new(
                "AllergyIntolerance.reaction[0].severity",
                "invalid",
                format!("unknown severity {other}"),
            ))
        }
    };
    let reaction = r
        .pointer("/reaction/0/manifestation/0")
        .and_then(|m| concept_text(Some(m)));
    let onset = match r.get("onsetDateTime").and_then(Value::as_str) {
        Some(t) => Some(date_of(t, "AllergyIntolerance.onsetDateTime")?),
        None => None,
    };
    Ok(RecordBody::Allergy(Allergy {
        substance,
        reaction,
        severity,
        status,
        onset,
    }))
}

fn medication(r: &Value, pro: &Professional) -> Result<RecordBody, Invalid> {
    let medication = concept_text(r.get("medicationCodeableConcept")).ok_or_else(|| {
        Invalid::new(
            "MedicationStatement.medicationCodeableConcept",
            "required",
            "medication missing",
        )
    })?;
    let period = |key: &str| -> Result<Option<NaiveDate>, Invalid> {
        match r
            .pointer(&format!("/effectivePeriod/{key}"))
            .and_then(Value::as_str)
        {
            Some(t) => Ok(Some(date_of(
                t,
                &format!("MedicationStatement.effectivePeriod.{key}"),
            )?)),
            None => Ok(None),
        }
    };
    Ok(RecordBody::Treatment(Treatment {
        medication,
        dose: r
            .pointer("/dosage/0/text")
            .and_then(Value::as_str)
            .map(str::to_string),
        frequency: None,
        route: None,
        start: period("start")?,
        end: period("end")?,
        prescriber: Some(pro.name.clone()),
        prescriber_rpps: Rpps::parse(&pro.rpps).ok(),
    }))
}

/// The text of a CodeableConcept: its `text`, else its first coding's display.
fn concept_text(concept: Option<&Value>) -> Option<String> {
    let concept = concept?;
    concept
        .get("text")
        .and_then(Value::as_str)
        .or_else(|| concept.pointer("/coding/0/display").and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn str_at<'a>(value: &'a Value, key: &str, expression: &str) -> Result<&'a str, Invalid> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| Invalid::new(expression, "required", format!("{key} missing")))
}

/// A FHIR date or dateTime, reduced to the day.
fn date_of(text: &str, expression: &str) -> Result<NaiveDate, Invalid> {
    let day = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| Invalid::new(expression, "invalid", format!("{text} is not a date")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(body: &[u8], pro: &Professional) -> Result<Vec<Deposit>, Invalid> {
        let dir = tempfile::tempdir().unwrap();
        super::parse(body, dir.path(), pro)
    }

    #[test]
    fn too_many_values_are_refused_while_reading() {
        let many = format!("[{}0]", "0,".repeat(crate::fhir_stream::MAX_JSON_VALUES));
        let refused = parse(many.as_bytes(), &pro()).unwrap_err();
        assert_eq!(refused.outcome()["issue"][0]["code"], "too-costly");
    }

    fn pro() -> Professional {
        Professional {
            rpps: "10003591586".into(),
            name: "Dr Claire Martin".into(),
        }
    }

    #[test]
    fn an_immunization_becomes_a_vaccination() {
        let body = json!({
            "resourceType": "Immunization",
            "vaccineCode": {"text": "ROR"},
            "occurrenceDateTime": "2026-03-04T10:00:00+01:00",
            "protocolApplied": [{"doseNumberPositiveInt": 2}]
        });
        let out = parse(body.to_string().as_bytes(), &pro()).unwrap();
        let Deposit::Record(RecordBody::Vaccination(v)) = &out[0] else {
            panic!("{out:?}")
        };
        assert_eq!(v.vaccine, "ROR");
        assert_eq!(v.dose_number, Some(2));
        assert_eq!(v.administered_by.as_deref(), Some("Dr Claire Martin"));
    }

    #[test]
    fn refusals_name_the_element_at_fault() {
        let cases = [
            (json!({"resourceType": "Patient"}), "resourceType"),
            (
                json!({"resourceType": "Immunization", "vaccineCode": {"text": "ROR"}}),
                "Immunization.occurrenceDateTime",
            ),
            (
                json!({"resourceType": "Immunization", "vaccineCode": {"text": "ROR"}, "occurrenceDateTime": "hier"}),
                "Immunization.occurrenceDateTime",
            ),
            (
                json!({"resourceType": "DocumentReference", "type": {"coding": [{"code": "99999-9"}]}}),
                "DocumentReference.type.coding[0].code",
            ),
            (
                json!({"resourceType": "DocumentReference", "type": {"coding": [{"code": "11488-4"}]},
                    "content": [{"attachment": {"contentType": "application/pdf", "data": "aGVsbG8="}}]}),
                "DocumentReference.content[0].attachment.data",
            ),
        ];
        for (body, expression) in cases {
            let err = parse(body.to_string().as_bytes(), &pro()).unwrap_err();
            assert_eq!(err.expression, expression, "{body}");
            assert_eq!(err.outcome()["resourceType"], "OperationOutcome");
        }
        assert!(parse(b"{not json", &pro()).is_err());
    }
}
