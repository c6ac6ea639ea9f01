//! FHIR R4 deposits from professionals: DocumentReference (with an attached
//! PDF or image), Immunization (with the ImmunizationRecommendation saying
//! when the next dose is due), AllergyIntolerance, MedicationStatement,
//! Condition, Observation and Procedure (a check-up or a screening), alone or
//! in a Bundle. Each becomes Carnet data
//! or a precise OperationOutcome naming the element at fault. The codes are
//! those of the share bundle (`carnet_model::fhir`): a share's bundle deposited
//! here gives back its records.

use std::io::Read;
use std::path::Path;

use std::collections::HashMap;

use carnet_model::fhir::{self, DIASTOLIC, EXAM, SYSTOLIC, VACCINE_DUE};
use carnet_model::{
    Allergy, AllergySeverity, AllergyStatus, CheckUp, Condition, ConditionStatus, DocumentInput,
    DocumentSource, DocumentType, Exam, Measurement, MeasurementKind, RecordBody, Route, Rpps,
    Treatment, Vaccination,
};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;

pub use crate::fhir_stream::MAX_ATTACHMENT_BYTES;
use crate::fhir_stream::{AttachmentProblem, Attachments, Decoded};
pub use crate::outcome::{operation_outcome, Invalid};
use crate::storage::Professional;

/// Most entries a Bundle may carry.
pub const MAX_BUNDLE_ENTRIES: usize = 100;

/// One deposited item, ready to be written into the profile document.
#[derive(Debug)]
pub enum Deposit {
    Record {
        body: RecordBody,
        /// The resource's notes (FHIR `note`), joined.
        notes: Option<String>,
    },
    Document {
        input: DocumentInput,
        file_name: String,
        media_type: String,
        /// Decoded to a file as the body was read.
        content: Decoded,
    },
}

/// Parses a deposit body as it streams from `body`: one supported resource
/// or a Bundle of them. Attachments are decoded to files in `dir` (see
/// [`crate::fhir_stream`]).
pub fn parse(body: impl Read, dir: &Path, pro: &Professional) -> Result<Vec<Deposit>, Invalid> {
    let (value, mut attachments) = crate::fhir_stream::read(body, dir)?;
    let kind = str_at(&value, "resourceType", "resourceType")?;
    if kind != "Bundle" {
        return Ok(vec![resource_to_deposit(
            &value,
            None,
            pro,
            &mut attachments,
        )?]);
    }
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
    let mut due = next_doses(entries)?;
    let mut deposits = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let resource = entry.get("resource").ok_or_else(|| {
            Invalid::new(format!("Bundle.entry[{i}].resource"), "required", "missing")
        })?;
        // A document bundle (a share's, an IPS) describes itself and its
        // patient: the gateway's profile already says who it is for.
        if matches!(
            resource.get("resourceType").and_then(Value::as_str),
            Some("Composition" | "Patient" | "ImmunizationRecommendation")
        ) {
            continue;
        }
        let next_due = entry
            .get("fullUrl")
            .and_then(Value::as_str)
            .and_then(|url| due.remove(url));
        deposits.push(resource_to_deposit(
            resource,
            next_due,
            pro,
            &mut attachments,
        )?);
    }
    if let Some(url) = due.keys().next() {
        return Err(Invalid::new(
            "ImmunizationRecommendation.recommendation[0].supportingImmunization",
            "invalid",
            format!("{url} is not an Immunization of this Bundle"),
        ));
    }
    if deposits.is_empty() {
        return Err(Invalid::new(
            "Bundle.entry",
            "required",
            "nothing to deposit besides the Composition and the Patient",
        ));
    }
    Ok(deposits)
}

/// When the next dose is due, by the `fullUrl` of the Immunization each
/// recommendation names.
fn next_doses(entries: &[Value]) -> Result<HashMap<String, NaiveDate>, Invalid> {
    const AT: &str = "ImmunizationRecommendation.recommendation[0]";
    let mut due = HashMap::new();
    for resource in entries.iter().filter_map(|e| e.get("resource")) {
        if resource.get("resourceType").and_then(Value::as_str)
            != Some("ImmunizationRecommendation")
        {
            continue;
        }
        let rec = resource
            .pointer("/recommendation/0")
            .ok_or_else(|| Invalid::new(AT, "required", "recommendation missing"))?;
        let criteria = rec
            .get("dateCriterion")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let criterion = criteria
            .iter()
            .find(|c| c.pointer("/code/coding/0/code").and_then(Value::as_str) == Some(VACCINE_DUE))
            .or(criteria.first())
            .ok_or_else(|| {
                Invalid::new(format!("{AT}.dateCriterion"), "required", "no due date")
            })?;
        let when = str_at(criterion, "value", &format!("{AT}.dateCriterion.value"))?;
        let date = date_of(when, &format!("{AT}.dateCriterion.value"))?;
        let url = rec
            .pointer("/supportingImmunization/0/reference")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Invalid::new(
                    format!("{AT}.supportingImmunization"),
                    "required",
                    "the Immunization this recommendation follows",
                )
            })?;
        due.insert(url.to_string(), date);
    }
    Ok(due)
}

fn resource_to_deposit(
    resource: &Value,
    next_due: Option<NaiveDate>,
    pro: &Professional,
    attachments: &mut Attachments,
) -> Result<Deposit, Invalid> {
    let kind = str_at(resource, "resourceType", "resourceType")?;
    let body =
        match kind {
            "DocumentReference" => return document_reference(resource, pro, attachments),
            "Immunization" => immunization(resource, next_due, pro)?,
            "AllergyIntolerance" => allergy(resource)?,
            "MedicationStatement" => medication(resource, pro)?,
            "Condition" => condition(resource)?,
            "Observation" => observation(resource)?,
            "Procedure" => procedure(resource, pro)?,
            "ImmunizationRecommendation" => return Err(Invalid::new(
                "resourceType",
                "not-supported",
                "an ImmunizationRecommendation comes in a Bundle with the Immunization it follows",
            )),
            other => {
                return Err(Invalid::new(
                    "resourceType",
                    "not-supported",
                    format!("{other} is not accepted here"),
                ))
            }
        };
    let mut record = carnet_model::Record {
        id: String::new(),
        created_at: chrono::DateTime::UNIX_EPOCH,
        updated_at: chrono::DateTime::UNIX_EPOCH,
        notes: notes(resource.get("note")),
        body,
    };
    record
        .validate()
        .map_err(|e| Invalid::new(kind, "invalid", e.to_string()))?;
    Ok(Deposit::Record {
        body: record.body,
        notes: record.notes,
    })
}

/// FHIR Annotations' texts, joined by lines.
fn notes(value: Option<&Value>) -> Option<String> {
    let texts: Vec<&str> = value
        .and_then(Value::as_array)?
        .iter()
        .filter_map(|n| n.get("text").and_then(Value::as_str))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}

/// Who a resource names (a performer, a source, an author): its display and
/// RPPS; the depositing professional when it names no one.
fn named_professional(reference: Option<&Value>, pro: &Professional) -> (String, Option<Rpps>) {
    match reference
        .and_then(|r| r.get("display"))
        .and_then(Value::as_str)
    {
        Some(name) if !name.trim().is_empty() => {
            let rpps = reference
                .and_then(|r| r.pointer("/identifier/value"))
                .and_then(Value::as_str)
                .and_then(|v| Rpps::parse(v).ok());
            (name.to_string(), rpps)
        }
        _ => (pro.name.clone(), Rpps::parse(&pro.rpps).ok()),
    }
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
    let (author, author_rpps) = named_professional(r.pointer("/author/0"), pro);
    let mut input = DocumentInput {
        title,
        type_code: code.to_string(),
        date,
        author: Some(author),
        author_rpps,
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

fn immunization(
    r: &Value,
    next_due: Option<NaiveDate>,
    pro: &Professional,
) -> Result<RecordBody, Invalid> {
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
    let (performer, _) = named_professional(r.pointer("/performer/0/actor"), pro);
    Ok(RecordBody::Vaccination(Vaccination {
        vaccine,
        dose_number: dose,
        date: date_of(when, "Immunization.occurrenceDateTime")?,
        lot: r
            .get("lotNumber")
            .and_then(Value::as_str)
            .map(str::to_string),
        administered_by: Some(performer),
        next_due,
    }))
}

/// A check-up or screening: one of the calendars' examinations when coded in
/// Carnet's system, else another visit named by its text.
fn procedure(r: &Value, pro: &Professional) -> Result<RecordBody, Invalid> {
    let coded = r
        .pointer("/code/coding")
        .and_then(Value::as_array)
        .and_then(|codings| {
            codings
                .iter()
                .find(|c| c.get("system").and_then(Value::as_str) == Some(EXAM))
        });
    let (exam, title) = match coded {
        Some(coding) => {
            let code = coding.get("code").and_then(Value::as_str).unwrap_or("");
            let exam = Exam::parse("code", code).map_err(|_| {
                Invalid::new(
                    "Procedure.code.coding",
                    "code-invalid",
                    format!("{code} is not an examination of {EXAM}"),
                )
            })?;
            let title = r
                .pointer("/code/text")
                .and_then(Value::as_str)
                .map(str::to_string);
            (exam, title)
        }
        None => {
            let title = concept_text(r.get("code")).ok_or_else(|| {
                Invalid::new("Procedure.code", "required", "what was done is missing")
            })?;
            (Exam::Other, Some(title))
        }
    };
    let when = str_at(r, "performedDateTime", "Procedure.performedDateTime")?;
    let (performer, _) = named_professional(r.pointer("/performer/0/actor"), pro);
    Ok(RecordBody::CheckUp(CheckUp {
        exam,
        title,
        date: date_of(when, "Procedure.performedDateTime")?,
        performer: Some(performer),
    }))
}

fn allergy(r: &Value) -> Result<RecordBody, Invalid> {
    let substance = concept_text(r.get("code"))
        .ok_or_else(|| Invalid::new("AllergyIntolerance.code", "required", "substance missing"))?;
    let status = match r
        .pointer("/clinicalStatus/coding/0/code")
        .and_then(Value::as_str)
    {
        None => AllergyStatus::Active,
        Some(code) => AllergyStatus::parse("status", code).map_err(|_| {
            Invalid::new(
                "AllergyIntolerance.clinicalStatus",
                "invalid",
                format!("unknown status {code}"),
            )
        })?,
    };
    let severity = match r.pointer("/reaction/0/severity").and_then(Value::as_str) {
        None => match r.get("criticality").and_then(Value::as_str) {
            Some("high") => AllergySeverity::Severe,
            _ => AllergySeverity::Unknown,
        },
        Some(code @ ("mild" | "moderate" | "severe")) => AllergySeverity::parse("severity", code)
            .map_err(|e| {
            Invalid::new(
                "AllergyIntolerance.reaction[0].severity",
                "invalid",
                e.to_string(),
            )
        })?,
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
    Ok(RecordBody::Allergy(Allergy {
        substance,
        reaction,
        severity,
        status,
        onset: optional_date(r, "onsetDateTime", "AllergyIntolerance.onsetDateTime")?,
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
    let dosage = r.pointer("/dosage/0");
    let at = |path: &str| dosage.and_then(|d| d.pointer(path)).and_then(Value::as_str);
    let frequency = at("/timing/code/text").map(str::to_string);
    // `text` is the whole instruction ("5 mg, 1 fois par jour"); the
    // frequency, when the timing names it, is its end.
    let dose = at("/text").and_then(|text| match &frequency {
        Some(f) if text == f => None,
        Some(f) => Some(
            text.strip_suffix(f.as_str())
                .and_then(|d| d.strip_suffix(", "))
                .unwrap_or(text)
                .to_string(),
        ),
        None => Some(text.to_string()),
    });
    let route = dosage.and_then(|d| d.get("route")).map(|route| {
        Route::from_fhir(
            route.pointer("/coding/0/code").and_then(Value::as_str),
            concept_text(Some(route)).as_deref(),
        )
    });
    let (prescriber, prescriber_rpps) = named_professional(r.get("informationSource"), pro);
    Ok(RecordBody::Treatment(Treatment {
        medication,
        dose,
        frequency,
        route,
        start: optional_date(
            r,
            "/effectivePeriod/start",
            "MedicationStatement.effectivePeriod.start",
        )?,
        end: optional_date(
            r,
            "/effectivePeriod/end",
            "MedicationStatement.effectivePeriod.end",
        )?,
        prescriber: Some(prescriber),
        prescriber_rpps,
    }))
}

fn condition(r: &Value) -> Result<RecordBody, Invalid> {
    let name = concept_text(r.get("code"))
        .ok_or_else(|| Invalid::new("Condition.code", "required", "condition missing"))?;
    let status = match r
        .pointer("/clinicalStatus/coding/0/code")
        .and_then(Value::as_str)
    {
        None | Some("active" | "recurrence" | "relapse") => ConditionStatus::Active,
        Some("remission") => ConditionStatus::Remission,
        Some("resolved" | "inactive") => ConditionStatus::Resolved,
        Some(other) => {
            return Err(Invalid::new(
                "Condition.clinicalStatus",
                "invalid",
                format!("unknown status {other}"),
            ))
        }
    };
    Ok(RecordBody::Condition(Condition {
        name,
        status,
        onset: optional_date(r, "onsetDateTime", "Condition.onsetDateTime")?,
        resolved: optional_date(r, "abatementDateTime", "Condition.abatementDateTime")?,
    }))
}

fn observation(r: &Value) -> Result<RecordBody, Invalid> {
    let code = r
        .pointer("/code/coding")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c.get("system").and_then(Value::as_str) == Some(fhir::LOINC))
        .find_map(|c| c.get("code").and_then(Value::as_str))
        .ok_or_else(|| Invalid::new("Observation.code", "required", "a LOINC code is needed"))?;
    let kind = MeasurementKind::from_loinc(code).ok_or_else(|| {
        Invalid::new(
            "Observation.code",
            "not-supported",
            format!("LOINC {code} is not a measurement Carnet keeps"),
        )
    })?;
    let when = str_at(r, "effectiveDateTime", "Observation.effectiveDateTime")?;
    let taken_at = date_time_of(when, "Observation.effectiveDateTime")?;
    let ((value, unit), value2) = if kind.has_second_value() {
        let part = |code: &str| {
            let expression = format!("Observation.component[{code}].valueQuantity");
            let component = r
                .get("component")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|c| c.pointer("/code/coding/0/code").and_then(Value::as_str) == Some(code))
                .ok_or_else(|| Invalid::new(expression.clone(), "required", "missing"))?;
            quantity(component.get("valueQuantity"), &expression)
        };
        let systolic = part(SYSTOLIC)?;
        let (diastolic, _) = part(DIASTOLIC)?;
        (systolic, Some(diastolic))
    } else {
        (
            quantity(r.get("valueQuantity"), "Observation.valueQuantity")?,
            None,
        )
    };
    Ok(RecordBody::Measurement(Measurement {
        kind,
        value,
        value2,
        unit,
        taken_at,
    }))
}

/// A Quantity's value and the unit as Carnet shows it.
fn quantity(q: Option<&Value>, expression: &str) -> Result<(f64, String), Invalid> {
    let q = q.ok_or_else(|| Invalid::new(expression, "required", "missing"))?;
    let value = q
        .get("value")
        .and_then(Value::as_f64)
        .ok_or_else(|| Invalid::new(format!("{expression}.value"), "required", "a number"))?;
    let unit = q
        .get("code")
        .and_then(Value::as_str)
        .map(fhir::unit_of_ucum)
        .or_else(|| q.get("unit").and_then(Value::as_str))
        .ok_or_else(|| Invalid::new(format!("{expression}.code"), "required", "a UCUM unit"))?;
    Ok((value, unit.to_string()))
}

/// An optional date at `path` (a key, or a JSON pointer when it starts with `/`).
fn optional_date(r: &Value, path: &str, expression: &str) -> Result<Option<NaiveDate>, Invalid> {
    let found = if path.starts_with('/') {
        r.pointer(path)
    } else {
        r.get(path)
    };
    found
        .and_then(Value::as_str)
        .map(|text| date_of(text, expression))
        .transpose()
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

/// A FHIR dateTime as the local time it names (a date alone is midnight).
fn date_time_of(text: &str, expression: &str) -> Result<NaiveDateTime, Invalid> {
    let invalid = || {
        Invalid::new(
            expression,
            "invalid",
            format!("{text} is not a date and time"),
        )
    };
    if text.len() == 10 {
        return Ok(date_of(text, expression)?.and_time(chrono::NaiveTime::MIN));
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.naive_local())
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| invalid())
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
    use serde_json::json;

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
        let Deposit::Record {
            body: RecordBody::Vaccination(v),
            ..
        } = &out[0]
        else {
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
