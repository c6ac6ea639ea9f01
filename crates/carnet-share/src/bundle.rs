//! The payload of a share: a FHIR R4 `Bundle` of type `document` and a
//! one-sentence summary (layout in docs/share-links.md).

use base64::Engine;
use carnet_model::fhir::{
    self, DATA_ABSENT_REASON, DIASTOLIC, EXAM, INS_NIR, LOINC, ROUTE, RPPS, SYSTOLIC, UCUM,
    VACCINE_DUE,
};
use carnet_model::{
    AllergySeverity, AllergyStatus, ConditionStatus, DocumentMeta, DocumentType, Lang,
    MeasurementKind, ProfileInfo, Record, RecordBody, RecordKind, Sex,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{json, Map, Value};
use zeroize::{Zeroize, Zeroizing};

use crate::request::Professional;

/// The `format` of every payload this version writes.
pub const PAYLOAD_FORMAT: &str = "carnet-share/1";
/// The Composition extension carrying who the share is for and its limits.
pub const SHARE_EXTENSION: &str = "https://carnet.invalid/fhir/share";

/// Everything a bundle is made of.
#[derive(Debug)]
pub struct BundleInput<'a> {
    pub patient: &'a ProfileInfo,
    pub records: &'a [Record],
    /// Each chosen document with its content.
    pub documents: &'a [(DocumentMeta, Zeroizing<Vec<u8>>)],
    pub professional: &'a Professional,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub max_opens: Option<u32>,
    pub lang: Lang,
}

/// The plaintext of a share: UTF-8 JSON `{format, summary, bundle}`.
pub fn payload(input: &BundleInput<'_>) -> Zeroizing<Vec<u8>> {
    let mut value = json!({
        "format": PAYLOAD_FORMAT,
        "summary": summary(input),
        "bundle": bundle(input),
    });
    let attachments: usize = input.documents.iter().map(|(_, b)| b.len() * 4 / 3).sum();
    let mut out = Zeroizing::new(Vec::with_capacity(attachments + 256 * 1024));
    serde_json::to_writer(&mut *out, &value).expect("a JSON value always serialises");
    scrub(&mut value);
    out
}

/// Overwrites every string of a value before it is dropped.
fn scrub(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(scrub),
        Value::Object(map) => map.values_mut().for_each(scrub),
        _ => {}
    }
}

fn summary(input: &BundleInput<'_>) -> String {
    let lang = input.lang;
    let mut counts: Vec<String> = Vec::new();
    for &kind in RecordKind::ALL {
        let n = input
            .records
            .iter()
            .filter(|r| r.body.kind() == kind)
            .count();
        if n > 0 {
            counts.push(count_words(n, kind.label(lang)));
        }
    }
    if !input.documents.is_empty() {
        counts.push(count_words(input.documents.len(), "Document"));
    }
    let pro = &input.professional;
    let until = input.expires_at.format("%d/%m/%Y %H:%M UTC");
    match lang {
        Lang::Fr => format!(
            "Dossier de {} partagé avec {} ({}) jusqu'au {until} : {}.",
            input.patient.name,
            pro.name,
            pro.specialty,
            counts.join(", ")
        ),
        Lang::En => format!(
            "Record of {} shared with {} ({}) until {until}: {}.",
            input.patient.name,
            pro.name,
            pro.specialty,
            counts.join(", ")
        ),
    }
}

fn count_words(n: usize, label: &str) -> String {
    let word = label.to_lowercase();
    let plural = if n > 1 && !word.ends_with('s') {
        format!("{word}s")
    } else {
        word
    };
    format!("{n} {plural}")
}

/// A fresh `urn:uuid:` for an entry.
fn urn() -> String {
    format!("urn:uuid:{}", uuid::Uuid::new_v4())
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn hl7(system: &str, code: &str) -> Value {
    json!({ "coding": [{
        "system": format!("http://terminology.hl7.org/CodeSystem/{system}"),
        "code": code
    }] })
}

fn note(notes: &Option<String>) -> Option<Value> {
    notes.as_ref().map(|n| json!([{ "text": n }]))
}

/// Sets `key` only when there is something to say.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

fn bundle(input: &BundleInput<'_>) -> Value {
    let patient_ref = urn();
    let mut entries = vec![(patient_ref.clone(), patient(input.patient))];
    let mut sections: Vec<Value> = Vec::new();
    let lang = input.lang;

    for &kind in RecordKind::ALL {
        let mut refs = Vec::new();
        for record in input.records.iter().filter(|r| r.body.kind() == kind) {
            let id = urn();
            refs.push(json!({ "reference": id }));
            let recommendation = match &record.body {
                RecordBody::Vaccination(v) => v
                    .next_due
                    .map(|due| recommendation(&v.vaccine, due, &id, &patient_ref, input)),
                _ => None,
            };
            entries.push((id, record_resource(record, &patient_ref, input)));
            if let Some(resource) = recommendation {
                let id = urn();
                refs.push(json!({ "reference": id }));
                entries.push((id, resource));
            }
        }
        if !refs.is_empty() {
            let (code, title) = section_of(kind, lang);
            sections.push(section(code, title, refs));
        }
    }
    let mut refs = Vec::new();
    for (meta, bytes) in input.documents {
        let id = urn();
        refs.push(json!({ "reference": id }));
        entries.push((id, document_reference(meta, bytes, &patient_ref, lang)));
    }
    if !refs.is_empty() {
        sections.push(section(
            "55107-7",
            lang.pick("Documents", "Documents"),
            refs,
        ));
    }

    let composition = composition(input, &patient_ref, sections);
    let mut all = vec![json!({ "fullUrl": urn(), "resource": composition })];
    all.extend(
        entries
            .into_iter()
            .map(|(id, resource)| json!({ "fullUrl": id, "resource": resource })),
    );
    json!({
        "resourceType": "Bundle",
        "identifier": { "system": "urn:ietf:rfc:3986", "value": urn() },
        "type": "document",
        "timestamp": instant(input.created_at),
        "entry": all,
    })
}

fn section(code: &str, title: &str, refs: Vec<Value>) -> Value {
    json!({
        "title": title,
        "code": { "coding": [{ "system": LOINC, "code": code }] },
        "entry": refs,
    })
}

fn section_of(kind: RecordKind, lang: Lang) -> (&'static str, &'static str) {
    match kind {
        RecordKind::Allergy => ("48765-2", lang.pick("Allergies", "Allergies")),
        RecordKind::Treatment => ("10160-0", lang.pick("Traitements", "Treatments")),
        RecordKind::Vaccination => ("11369-6", lang.pick("Vaccinations", "Vaccinations")),
        RecordKind::Condition => ("11450-4", lang.pick("Maladies", "Conditions")),
        RecordKind::Measurement => ("8716-3", lang.pick("Mesures", "Measurements")),
        RecordKind::CheckUp => ("47519-4", lang.pick("Examens de suivi", "Check-ups")),
    }
}

fn composition(input: &BundleInput<'_>, patient_ref: &str, sections: Vec<Value>) -> Value {
    let share = json!({
        "professional": input.professional,
        "expires_at": instant(input.expires_at),
        "max_opens": input.max_opens,
        "lang": match input.lang { Lang::Fr => "fr", Lang::En => "en" },
    });
    json!({
        "resourceType": "Composition",
        "status": "final",
        "type": { "coding": [{ "system": LOINC, "code": "60591-5", "display": "Patient summary Document" }] },
        "subject": { "reference": patient_ref },
        "date": instant(input.created_at),
        "author": [{ "reference": patient_ref }],
        "title": format!("{} — {}", input.lang.pick("Dossier partagé", "Shared record"), input.patient.name),
        "confidentiality": "R",
        "extension": [{ "url": SHARE_EXTENSION, "valueString": share.to_string() }],
        "section": sections,
    })
}

fn patient(info: &ProfileInfo) -> Value {
    let mut p = Map::new();
    p.insert("resourceType".into(), json!("Patient"));
    p.insert("name".into(), json!([{ "text": info.name }]));
    p.insert("birthDate".into(), json!(date(info.birth_date)));
    let gender = match info.sex {
        Sex::Female => "female",
        Sex::Male => "male",
        Sex::Unspecified => "unknown",
    };
    p.insert("gender".into(), json!(gender));
    put(
        &mut p,
        "identifier",
        info.nir
            .as_ref()
            .map(|nir| json!([{ "system": INS_NIR, "value": nir.as_str() }])),
    );
    Value::Object(p)
}

fn record_resource(record: &Record, patient_ref: &str, input: &BundleInput<'_>) -> Value {
    let lang = input.lang;
    let subject = json!({ "reference": patient_ref });
    let mut r = Map::new();
    match &record.body {
        RecordBody::Allergy(a) => {
            r.insert("resourceType".into(), json!("AllergyIntolerance"));
            let status = match a.status {
                AllergyStatus::Active => "active",
                AllergyStatus::Inactive => "inactive",
                AllergyStatus::Resolved => "resolved",
            };
            r.insert(
                "clinicalStatus".into(),
                hl7("allergyintolerance-clinical", status),
            );
            r.insert("code".into(), json!({ "text": a.substance }));
            r.insert("patient".into(), subject);
            let (criticality, severity) = match a.severity {
                AllergySeverity::Severe => (Some("high"), Some("severe")),
                AllergySeverity::Moderate => (None, Some("moderate")),
                AllergySeverity::Mild => (Some("low"), Some("mild")),
                AllergySeverity::Unknown => (None, None),
            };
            put(&mut r, "criticality", criticality.map(|c| json!(c)));
            if a.reaction.is_some() || severity.is_some() {
                let mut reaction = Map::new();
                put(&mut reaction, "severity", severity.map(|s| json!(s)));
                // FHIR needs a manifestation beside a severity: when the
                // patient noted none, it says so the standard way.
                let manifestation = match &a.reaction {
                    Some(text) => json!({ "text": text }),
                    None => {
                        json!({ "extension": [{ "url": DATA_ABSENT_REASON, "valueCode": "unknown" }] })
                    }
                };
                reaction.insert("manifestation".into(), json!([manifestation]));
                r.insert("reaction".into(), json!([reaction]));
            }
            put(&mut r, "onsetDateTime", a.onset.map(|d| json!(date(d))));
        }
        RecordBody::Treatment(t) => {
            r.insert("resourceType".into(), json!("MedicationStatement"));
            // As of the share's creation: the bundle says what was true then.
            let status = if t.is_current(input.created_at.date_naive()) {
                "active"
            } else {
                "completed"
            };
            r.insert("status".into(), json!(status));
            r.insert(
                "medicationCodeableConcept".into(),
                json!({ "text": t.medication }),
            );
            r.insert("subject".into(), subject);
            let text: Vec<&str> = [t.dose.as_deref(), t.frequency.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            let mut dosage = Map::new();
            if !text.is_empty() {
                dosage.insert("text".into(), json!(text.join(", ")));
            }
            put(
                &mut dosage,
                "timing",
                t.frequency
                    .as_ref()
                    .map(|f| json!({ "code": { "text": f } })),
            );
            put(
                &mut dosage,
                "route",
                t.route.map(|route| {
                    json!({
                        "coding": [{ "system": ROUTE, "code": route.as_str(), "display": route.label(lang) }],
                        "text": route.label(lang),
                    })
                }),
            );
            if !dosage.is_empty() {
                r.insert("dosage".into(), json!([dosage]));
            }
            let mut period = Map::new();
            put(&mut period, "start", t.start.map(|d| json!(date(d))));
            put(&mut period, "end", t.end.map(|d| json!(date(d))));
            if !period.is_empty() {
                r.insert("effectivePeriod".into(), Value::Object(period));
            }
            if let Some(prescriber) = &t.prescriber {
                let mut source = Map::new();
                source.insert("display".into(), json!(prescriber));
                put(
                    &mut source,
                    "identifier",
                    t.prescriber_rpps
                        .as_ref()
                        .map(|rpps| json!({ "system": RPPS, "value": rpps.as_str() })),
                );
                r.insert("informationSource".into(), Value::Object(source));
            }
        }
        RecordBody::Vaccination(v) => {
            r.insert("resourceType".into(), json!("Immunization"));
            r.insert("status".into(), json!("completed"));
            r.insert("vaccineCode".into(), json!({ "text": v.vaccine }));
            r.insert("patient".into(), subject);
            r.insert("occurrenceDateTime".into(), json!(date(v.date)));
            put(&mut r, "lotNumber", v.lot.as_ref().map(|l| json!(l)));
            put(
                &mut r,
                "performer",
                v.administered_by
                    .as_ref()
                    .map(|by| json!([{ "actor": { "display": by } }])),
            );
            put(
                &mut r,
                "protocolApplied",
                v.dose_number
                    .map(|n| json!([{ "doseNumberPositiveInt": n }])),
            );
        }
        RecordBody::Condition(c) => {
            r.insert("resourceType".into(), json!("Condition"));
            let status = match c.status {
                ConditionStatus::Active => "active",
                ConditionStatus::Remission => "remission",
                ConditionStatus::Resolved => "resolved",
            };
            r.insert("clinicalStatus".into(), hl7("condition-clinical", status));
            r.insert("code".into(), json!({ "text": c.name }));
            r.insert("subject".into(), subject);
            put(&mut r, "onsetDateTime", c.onset.map(|d| json!(date(d))));
            put(
                &mut r,
                "abatementDateTime",
                c.resolved.map(|d| json!(date(d))),
            );
        }
        RecordBody::Measurement(m) => {
            r.insert("resourceType".into(), json!("Observation"));
            r.insert("status".into(), json!("final"));
            let category = if m.kind == MeasurementKind::Glycemia {
                "laboratory"
            } else {
                "vital-signs"
            };
            r.insert(
                "category".into(),
                json!([hl7("observation-category", category)]),
            );
            let code = m.kind.loinc(&m.unit);
            r.insert(
                "code".into(),
                json!({ "coding": [{ "system": LOINC, "code": code }], "text": m.kind.label(lang) }),
            );
            r.insert("subject".into(), subject);
            r.insert(
                "effectiveDateTime".into(),
                json!(m.taken_at.format("%Y-%m-%dT%H:%M:%S").to_string()),
            );
            let quantity = |value: f64| json!({ "value": value, "unit": m.unit, "system": UCUM, "code": fhir::ucum_of(&m.unit) });
            match (m.kind, m.value2) {
                (MeasurementKind::BloodPressure, Some(diastolic)) => {
                    r.insert(
                        "component".into(),
                        json!([
                            { "code": { "coding": [{ "system": LOINC, "code": SYSTOLIC }], "text": lang.pick("Systolique", "Systolic") }, "valueQuantity": quantity(m.value) },
                            { "code": { "coding": [{ "system": LOINC, "code": DIASTOLIC }], "text": lang.pick("Diastolique", "Diastolic") }, "valueQuantity": quantity(diastolic) },
                        ]),
                    );
                }
                _ => {
                    r.insert("valueQuantity".into(), quantity(m.value));
                }
            }
        }
        RecordBody::CheckUp(c) => {
            r.insert("resourceType".into(), json!("Procedure"));
            r.insert("status".into(), json!("completed"));
            let mut code = Map::new();
            code.insert(
                "coding".into(),
                json!([{ "system": EXAM, "code": c.exam.as_str(), "display": c.exam.label(lang) }]),
            );
            put(&mut code, "text", c.title.as_ref().map(|t| json!(t)));
            r.insert("code".into(), Value::Object(code));
            r.insert("subject".into(), subject);
            r.insert("performedDateTime".into(), json!(date(c.date)));
            put(
                &mut r,
                "performer",
                c.performer
                    .as_ref()
                    .map(|by| json!([{ "actor": { "display": by } }])),
            );
        }
    }
    put(&mut r, "note", note(&record.notes));
    Value::Object(r)
}

/// When the next dose of a vaccine is due: FHIR says it with a recommendation
/// that names the dose it follows.
fn recommendation(
    vaccine: &str,
    due: NaiveDate,
    immunization: &str,
    patient_ref: &str,
    input: &BundleInput<'_>,
) -> Value {
    json!({
        "resourceType": "ImmunizationRecommendation",
        "patient": { "reference": patient_ref },
        "date": instant(input.created_at),
        "recommendation": [{
            "vaccineCode": [{ "text": vaccine }],
            "forecastStatus": hl7("immunization-recommendation-status", "due"),
            "dateCriterion": [{
                "code": { "coding": [{ "system": LOINC, "code": VACCINE_DUE }] },
                "value": format!("{}T00:00:00Z", date(due)),
            }],
            "supportingImmunization": [{ "reference": immunization }],
        }],
    })
}

fn document_reference(meta: &DocumentMeta, bytes: &[u8], patient_ref: &str, lang: Lang) -> Value {
    let input = &meta.input;
    let mut r = Map::new();
    r.insert("resourceType".into(), json!("DocumentReference"));
    r.insert("status".into(), json!("current"));
    if let Some(t) = DocumentType::by_code(&input.type_code) {
        r.insert(
            "type".into(),
            json!({ "coding": [{ "system": t.system, "code": t.code, "display": t.label(lang) }], "text": t.label(lang) }),
        );
    }
    r.insert("subject".into(), json!({ "reference": patient_ref }));
    r.insert(
        "date".into(),
        json!(format!("{}T00:00:00Z", date(input.date))),
    );
    if let Some(author) = &input.author {
        let mut a = Map::new();
        a.insert("display".into(), json!(author));
        put(
            &mut a,
            "identifier",
            input
                .author_rpps
                .as_ref()
                .map(|rpps| json!({ "system": RPPS, "value": rpps.as_str() })),
        );
        r.insert("author".into(), json!([a]));
    }
    r.insert("description".into(), json!(input.title));
    r.insert(
        "content".into(),
        json!([{ "attachment": {
            "contentType": meta.media_type,
            "data": base64::engine::general_purpose::STANDARD.encode(bytes),
            "title": meta.file_name,
            "size": bytes.len(),
            "creation": date(input.date),
        }}]),
    );
    Value::Object(r)
}
