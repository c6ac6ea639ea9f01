//! Turning command-line text into validated records and documents.

use carnet_api::{ApiError, ErrorCode};
use carnet_model::*;
use chrono::NaiveDateTime;

use crate::args::{DocImport, ProfileEdit, ProfileFields, RecordFields};

type R<T> = Result<T, ApiError>;

fn invalid(e: ValidationError, lang: Lang) -> ApiError {
    ApiError::invalid(e, lang)
}

fn date(field: &'static str, value: Option<&str>, lang: Lang) -> R<Option<chrono::NaiveDate>> {
    value
        .map(|v| parse_date(field, v).map_err(|e| invalid(e, lang)))
        .transpose()
}

fn datetime(value: &str, lang: Lang) -> R<NaiveDateTime> {
    let v = value.trim();
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .or_else(|_| {
            parse_date("taken_at", v).map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists"))
        })
        .map_err(|_| {
            invalid(
                ValidationError {
                    field: "taken_at",
                    problem: Problem::InvalidDate {
                        value: v.to_string(),
                    },
                },
                lang,
            )
        })
}

fn rpps(value: Option<&str>, lang: Lang) -> R<Option<Rpps>> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| Rpps::parse(v).map_err(|e| invalid(e, lang)))
        .transpose()
}

/// Builds a record body and its note from `carnet record add <kind> …`.
pub fn record(fields: RecordFields, lang: Lang) -> R<(RecordBody, Option<String>)> {
    let v = |e| invalid(e, lang);
    Ok(match fields {
        RecordFields::Allergy {
            substance,
            reaction,
            severity,
            status,
            onset,
            notes,
        } => (
            RecordBody::Allergy(Allergy {
                substance,
                reaction,
                severity: AllergySeverity::parse("severity", &severity).map_err(v)?,
                status: AllergyStatus::parse("status", &status).map_err(v)?,
                onset: date("onset", onset.as_deref(), lang)?,
            }),
            notes,
        ),
        RecordFields::Treatment {
            medication,
            dose,
            frequency,
            route,
            start,
            end,
            prescriber,
            prescriber_rpps,
            notes,
        } => (
            RecordBody::Treatment(Treatment {
                medication,
                dose,
                frequency,
                route: route
                    .map(|r| Route::parse("route", &r).map_err(v))
                    .transpose()?,
                start: date("start", start.as_deref(), lang)?,
                end: date("end", end.as_deref(), lang)?,
                prescriber,
                prescriber_rpps: rpps(prescriber_rpps.as_deref(), lang)?,
            }),
            notes,
        ),
        RecordFields::Vaccination {
            vaccine,
            dose_number,
            date: when,
            lot,
            administered_by,
            next_due,
            notes,
        } => (
            RecordBody::Vaccination(Vaccination {
                vaccine,
                dose_number,
                date: date("date", Some(&when), lang)?.expect("given"),
                lot,
                administered_by,
                next_due: date("next_due", next_due.as_deref(), lang)?,
            }),
            notes,
        ),
        RecordFields::Condition {
            name,
            status,
            onset,
            resolved,
            notes,
        } => (
            RecordBody::Condition(Condition {
                name,
                status: ConditionStatus::parse("status", &status).map_err(v)?,
                onset: date("onset", onset.as_deref(), lang)?,
                resolved: date("resolved", resolved.as_deref(), lang)?,
            }),
            notes,
        ),
        RecordFields::Measurement {
            kind,
            value,
            value2,
            unit,
            at,
            notes,
        } => {
            let kind: MeasurementKind =
                serde_json::from_value(serde_json::Value::String(kind.clone())).map_err(|_| {
                    invalid(
                        ValidationError {
                            field: "type",
                            problem: Problem::UnknownChoice { value: kind },
                        },
                        lang,
                    )
                })?;
            let taken_at = match at {
                Some(at) => datetime(&at, lang)?,
                None => chrono::Local::now().naive_local(),
            };
            (
                RecordBody::Measurement(Measurement {
                    kind,
                    value,
                    value2,
                    unit: unit.unwrap_or_else(|| kind.units()[0].symbol.to_string()),
                    taken_at,
                }),
                notes,
            )
        }
        RecordFields::Checkup {
            exam,
            title,
            date: when,
            performer,
            notes,
        } => (
            RecordBody::CheckUp(CheckUp {
                exam: Exam::parse("exam", &exam).map_err(v)?,
                title,
                date: date("date", Some(&when), lang)?.expect("given"),
                performer,
            }),
            notes,
        ),
    })
}

/// Applies `field=value` edits to a record body (an empty value clears the field).
pub fn edit(body: &RecordBody, sets: &[String], lang: Lang) -> R<RecordBody> {
    let mut json = serde_json::to_value(body).map_err(|_| ApiError {
        code: ErrorCode::Internal,
        message: String::new(),
        field: None,
    })?;
    for set in sets {
        let Some((field, value)) = set.split_once('=') else {
            return Err(invalid(
                ValidationError {
                    field: "set",
                    problem: Problem::UnknownChoice { value: set.clone() },
                },
                lang,
            ));
        };
        let data = json["data"]
            .as_object_mut()
            .expect("record data is an object");
        let field = field.trim().replace('-', "_");
        if value.is_empty() {
            data.remove(&field);
        } else {
            let parsed = value
                .parse::<f64>()
                .ok()
                .filter(|_| matches!(field.as_str(), "value" | "value2" | "dose_number"))
                .map(|n| {
                    if field == "dose_number" {
                        serde_json::json!(n as u64)
                    } else {
                        serde_json::json!(n)
                    }
                })
                .unwrap_or_else(|| serde_json::Value::String(value.to_string()));
            data.insert(field, parsed);
        }
    }
    serde_json::from_value(json).map_err(|e| {
        let message = e.to_string();
        ApiError {
            code: ErrorCode::Invalid,
            message: match lang {
                Lang::Fr => format!("Modification impossible : {message}"),
                Lang::En => format!("Cannot apply the change: {message}"),
            },
            field: None,
        }
    })
}

/// Profile details from `carnet profile add`.
pub fn profile(fields: ProfileFields, lang: Lang) -> R<ProfileInfo> {
    let v = |e| invalid(e, lang);
    Ok(ProfileInfo {
        name: fields.name,
        birth_date: parse_date("birth_date", &fields.birth).map_err(v)?,
        sex: Sex::parse(&fields.sex).map_err(v)?,
        nir: fields
            .nir
            .filter(|n| !n.trim().is_empty())
            .map(|n| Nir::parse(&n).map_err(v))
            .transpose()?,
        doctor: None,
        emergency_contacts: Vec::new(),
    })
}

/// The profile's details after `carnet profile edit`: each option given
/// replaces its field, an empty value removes an optional one.
pub fn profile_edit(mut info: ProfileInfo, edit: &ProfileEdit, lang: Lang) -> R<ProfileInfo> {
    let v = |e| invalid(e, lang);
    let given = |value: &Option<String>| value.as_deref().map(str::trim).map(str::to_string);
    if let Some(name) = given(&edit.name) {
        info.name = name;
    }
    if let Some(birth) = &edit.birth {
        info.birth_date = parse_date("birth_date", birth).map_err(v)?;
    }
    if let Some(sex) = &edit.sex {
        info.sex = Sex::parse(sex).map_err(v)?;
    }
    if let Some(nir) = given(&edit.nir) {
        info.nir = (!nir.is_empty())
            .then(|| Nir::parse(&nir).map_err(v))
            .transpose()?;
    }
    match given(&edit.doctor) {
        Some(name) if name.is_empty() => info.doctor = None,
        Some(name) => {
            let doctor = info.doctor.get_or_insert(Doctor {
                name: String::new(),
                rpps: None,
                phone: None,
            });
            doctor.name = name;
        }
        None => {}
    }
    let wants_doctor_detail = edit.doctor_rpps.is_some() || edit.doctor_phone.is_some();
    if wants_doctor_detail && info.doctor.is_none() {
        return Err(invalid(
            ValidationError::new("doctor_name", Problem::Required),
            lang,
        ));
    }
    if let Some(doctor) = info.doctor.as_mut() {
        if let Some(rpps) = given(&edit.doctor_rpps) {
            doctor.rpps = (!rpps.is_empty())
                .then(|| carnet_model::Rpps::parse(&rpps).map_err(v))
                .transpose()?;
        }
        if let Some(phone) = given(&edit.doctor_phone) {
            doctor.phone = Some(phone);
        }
    }
    if edit.no_contacts {
        info.emergency_contacts.clear();
    } else if !edit.contacts.is_empty() {
        info.emergency_contacts = edit
            .contacts
            .iter()
            .map(|c| {
                let mut parts = c.splitn(3, ';').map(str::to_string);
                let name = parts.next().unwrap_or_default();
                let relation = parts.next().filter(|r| !r.trim().is_empty());
                let phone = parts.next().unwrap_or_default();
                EmergencyContact {
                    name,
                    relation,
                    phone,
                }
            })
            .collect();
    }
    info.validate().map_err(v)?;
    Ok(info)
}

/// Document details from `carnet doc import`.
pub fn document(args: &DocImport, lang: Lang) -> R<DocumentInput> {
    let source = match args.source.trim() {
        "patient" => DocumentSource::Patient,
        "professional" => DocumentSource::Professional,
        other => {
            return Err(invalid(
                ValidationError {
                    field: "source",
                    problem: Problem::UnknownChoice {
                        value: other.to_string(),
                    },
                },
                lang,
            ))
        }
    };
    Ok(DocumentInput {
        title: args.title.clone(),
        type_code: args.type_code.clone(),
        date: date("date", args.date.as_deref(), lang)?
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        author: args.author.clone(),
        author_rpps: rpps(args.rpps.as_deref(), lang)?,
        source,
        hidden: args.hidden,
        notes: args.notes.clone(),
    })
}
