//! Health records kept in a profile: allergies, treatments, vaccinations,
//! conditions, measurements and check-ups.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text::{
    max_len, not_before, not_future, not_future_time, optional, required, LOT, NOTES, SHORT,
};

/// The dose numbers a vaccination may carry (a first dose to a 20th booster).
pub const DOSE_NUMBERS: std::ops::RangeInclusive<u8> = 1..=20;
use crate::{CheckUp, Lang, MeasurementKind, Problem, Result, Rpps, ValidationError};

choices!(
    /// How serious an allergic reaction is.
    AllergySeverity {
        Mild = "mild", "Légère", "Mild";
        Moderate = "moderate", "Modérée", "Moderate";
        Severe = "severe", "Sévère", "Severe";
        Unknown = "unknown", "Inconnue", "Unknown";
    }
);

choices!(
    /// Whether an allergy still applies.
    AllergyStatus {
        Active = "active", "Active", "Active";
        Inactive = "inactive", "Inactive", "Inactive";
        Resolved = "resolved", "Guérie", "Resolved";
    }
);

choices!(
    /// How a medication is taken.
    Route {
        Oral = "oral", "Par la bouche", "By mouth";
        Injection = "injection", "Injection", "Injection";
        Skin = "skin", "Sur la peau", "On the skin";
        Inhaled = "inhaled", "Inhalé", "Inhaled";
        Eye = "eye", "Dans l'œil", "In the eye";
        Other = "other", "Autre", "Other";
    }
);

choices!(
    /// Where a condition stands.
    ConditionStatus {
        Active = "active", "En cours", "Active";
        Remission = "remission", "En rémission", "In remission";
        Resolved = "resolved", "Guérie", "Resolved";
    }
);

choices!(
    /// The kinds of record, as named in storage, the CLI and the UI.
    RecordKind {
        Allergy = "allergy", "Allergie", "Allergy";
        Treatment = "treatment", "Traitement", "Treatment";
        Vaccination = "vaccination", "Vaccination", "Vaccination";
        Condition = "condition", "Maladie", "Condition";
        Measurement = "measurement", "Mesure", "Measurement";
        CheckUp = "checkup", "Examen de suivi", "Check-up";
    }
);

/// An allergy or intolerance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Allergy {
    pub substance: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<String>,
    pub severity: AllergySeverity,
    pub status: AllergyStatus,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onset: Option<NaiveDate>,
}

/// A medication, current or past.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Treatment {
    pub medication: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prescriber: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prescriber_rpps: Option<Rpps>,
}

impl Treatment {
    /// Whether the treatment is still being taken on `today`.
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= today) && self.end.is_none_or(|e| e >= today)
    }
}

/// A vaccine dose received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Vaccination {
    pub vaccine: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose_number: Option<u8>,
    pub date: NaiveDate,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administered_by: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_due: Option<NaiveDate>,
}

/// A long-term or past illness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Condition {
    pub name: String,
    pub status: ConditionStatus,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onset: Option<NaiveDate>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<NaiveDate>,
}

/// One measurement (weight, blood sugar, blood pressure…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Measurement {
    pub kind: MeasurementKind,
    pub value: f64,
    /// Diastolic pressure for blood pressure; absent otherwise.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value2: Option<f64>,
    pub unit: String,
    pub taken_at: NaiveDateTime,
}

/// The health content of a record, one variant per kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum RecordBody {
    Allergy(Allergy),
    Treatment(Treatment),
    Vaccination(Vaccination),
    Condition(Condition),
    Measurement(Measurement),
    #[serde(rename = "checkup")]
    CheckUp(CheckUp),
}

/// A stored record: its content plus identity, timestamps and a free note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "HealthRecord")]
pub struct Record {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(flatten)]
    pub body: RecordBody,
}

/// Validates the free note attached to a record or document.
pub(crate) fn validate_notes(notes: &mut Option<String>) -> Result<()> {
    optional("notes", notes, NOTES)
}

impl Record {
    /// Trims and checks every field, including the note.
    pub fn validate(&mut self) -> Result<()> {
        validate_notes(&mut self.notes)?;
        self.body.validate()
    }
}

impl RecordBody {
    /// Refuses a vaccination dated before the person's birth.
    pub fn check_after_birth(&self, birth: NaiveDate) -> Result<(), ValidationError> {
        match self {
            RecordBody::Vaccination(Vaccination { date, .. })
            | RecordBody::CheckUp(CheckUp { date, .. })
                if *date < birth =>
            {
                Err(ValidationError::new("date", Problem::BeforeBirth))
            }
            _ => Ok(()),
        }
    }

    /// The kind of this record.
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Allergy(_) => RecordKind::Allergy,
            Self::Treatment(_) => RecordKind::Treatment,
            Self::Vaccination(_) => RecordKind::Vaccination,
            Self::Condition(_) => RecordKind::Condition,
            Self::Measurement(_) => RecordKind::Measurement,
            Self::CheckUp(_) => RecordKind::CheckUp,
        }
    }

    /// Trims text and checks every field; on success the body is safe to store.
    pub fn validate(&mut self) -> Result<()> {
        match self {
            Self::Allergy(a) => {
                required("substance", &mut a.substance)?;
                optional("reaction", &mut a.reaction, SHORT)?;
                not_future("onset", a.onset)
            }
            Self::Treatment(t) => {
                required("medication", &mut t.medication)?;
                optional("dose", &mut t.dose, SHORT)?;
                optional("frequency", &mut t.frequency, SHORT)?;
                optional("prescriber", &mut t.prescriber, SHORT)?;
                not_before("end", t.start, t.end)
            }
            Self::Vaccination(v) => {
                required("vaccine", &mut v.vaccine)?;
                optional("lot", &mut v.lot, LOT)?;
                optional("administered_by", &mut v.administered_by, SHORT)?;
                if let Some(n) = v.dose_number {
                    if !DOSE_NUMBERS.contains(&n) {
                        return Err(ValidationError::new(
                            "dose_number",
                            Problem::OutOfRange {
                                min: f64::from(*DOSE_NUMBERS.start()),
                                max: f64::from(*DOSE_NUMBERS.end()),
                            },
                        ));
                    }
                }
                not_future("date", Some(v.date))?;
                not_before("next_due", Some(v.date), v.next_due)
            }
            Self::Condition(c) => {
                required("name", &mut c.name)?;
                not_future("onset", c.onset)?;
                not_future("resolved", c.resolved)?;
                not_before("resolved", c.onset, c.resolved)
            }
            Self::Measurement(m) => validate_measurement(m),
            Self::CheckUp(c) => c.validate(),
        }
    }

    /// Text indexed for search: the words a patient would type to find this record.
    pub fn search_text(&self) -> String {
        let parts: Vec<&str> = match self {
            Self::Allergy(a) => vec![a.substance.as_str(), a.reaction.as_deref().unwrap_or("")],
            Self::Treatment(t) => vec![
                t.medication.as_str(),
                t.dose.as_deref().unwrap_or(""),
                t.frequency.as_deref().unwrap_or(""),
                t.prescriber.as_deref().unwrap_or(""),
            ],
            Self::Vaccination(v) => vec![
                v.vaccine.as_str(),
                v.lot.as_deref().unwrap_or(""),
                v.administered_by.as_deref().unwrap_or(""),
            ],
            Self::Condition(c) => vec![c.name.as_str()],
            Self::Measurement(m) => vec![m.unit.as_str()],
            Self::CheckUp(c) => vec![
                c.title.as_deref().unwrap_or(""),
                c.exam.label(Lang::Fr),
                c.exam.label(Lang::En),
                c.performer.as_deref().unwrap_or(""),
            ],
        };
        let mut text = parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if let Self::Measurement(m) = self {
            text = format!(
                "{} {} {}",
                m.kind.label(Lang::Fr),
                m.kind.label(Lang::En),
                text
            );
        }
        text
    }

    /// A short title for lists and search results.
    pub fn title(&self, lang: Lang) -> String {
        match self {
            Self::Allergy(a) => a.substance.clone(),
            Self::Treatment(t) => t.medication.clone(),
            Self::Vaccination(v) => v.vaccine.clone(),
            Self::Condition(c) => c.name.clone(),
            Self::Measurement(m) => match m.value2 {
                Some(v2) => format!("{} {}/{} {}", m.kind.label(lang), m.value, v2, m.unit),
                None => format!("{} {} {}", m.kind.label(lang), m.value, m.unit),
            },
            Self::CheckUp(c) => c.name(lang),
        }
    }
}

fn validate_measurement(m: &mut Measurement) -> Result<()> {
    m.unit = m.unit.trim().to_string();
    let units = m.kind.units();
    let Some(unit) = units
        .iter()
        .find(|u| u.symbol.eq_ignore_ascii_case(&m.unit))
    else {
        return Err(ValidationError::new(
            "unit",
            Problem::UnitNotAllowed {
                unit: m.unit.clone(),
                allowed: units.iter().map(|u| u.symbol).collect(),
            },
        ));
    };
    m.unit = unit.symbol.to_string();
    let in_range = |v: f64| v.is_finite() && v >= unit.min && v <= unit.max;
    let range = Problem::OutOfRange {
        min: unit.min,
        max: unit.max,
    };
    if !in_range(m.value) {
        return Err(ValidationError::new("value", range));
    }
    match (m.kind.has_second_value(), m.value2) {
        (true, None) => return Err(ValidationError::new("value2", Problem::Required)),
        (true, Some(v2)) if !in_range(v2) || v2 >= m.value => {
            return Err(ValidationError::new("value2", range));
        }
        (false, Some(_)) => m.value2 = None,
        _ => {}
    }
    not_future_time("taken_at", m.taken_at)?;
    max_len("unit", &m.unit, 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn weight(value: f64, unit: &str) -> RecordBody {
        RecordBody::Measurement(Measurement {
            kind: MeasurementKind::Weight,
            value,
            value2: None,
            unit: unit.into(),
            taken_at: "2024-03-01T08:30:00".parse().unwrap(),
        })
    }

    #[test]
    fn blank_substance_is_required() {
        let mut body = RecordBody::Allergy(Allergy {
            substance: "   ".into(),
            reaction: Some("  ".into()),
            severity: AllergySeverity::Severe,
            status: AllergyStatus::Active,
            onset: None,
        });
        let err = body.validate().unwrap_err();
        assert_eq!((err.field, err.problem), ("substance", Problem::Required));
    }

    #[test]
    fn units_are_checked_per_kind() {
        assert!(weight(72.5, "kg").validate().is_ok());
        let mut normalized = weight(72.5, "KG");
        normalized.validate().unwrap();
        assert!(matches!(normalized, RecordBody::Measurement(ref m) if m.unit == "kg"));
        let err = weight(72.5, "mmol/L").validate().unwrap_err();
        assert!(matches!(err.problem, Problem::UnitNotAllowed { .. }));
        assert!(err.message(Lang::Fr).contains("kg"));
        assert_eq!(weight(7250.0, "kg").validate().unwrap_err().field, "value");
        assert_eq!(
            weight(f64::NAN, "kg").validate().unwrap_err().field,
            "value"
        );
    }

    #[test]
    fn blood_pressure_needs_diastolic_below_systolic() {
        let bp = |v2| {
            RecordBody::Measurement(Measurement {
                kind: MeasurementKind::BloodPressure,
                value: 125.0,
                value2: v2,
                unit: "mmHg".into(),
                taken_at: "2024-03-01T08:30:00".parse().unwrap(),
            })
        };
        assert!(bp(Some(80.0)).validate().is_ok());
        assert_eq!(bp(None).validate().unwrap_err().problem, Problem::Required);
        assert_eq!(bp(Some(130.0)).validate().unwrap_err().field, "value2");
    }

    #[test]
    fn dates_must_be_ordered_and_past() {
        let mut vac = RecordBody::Vaccination(Vaccination {
            vaccine: "DTCaP".into(),
            dose_number: Some(1),
            date: date("2024-01-10"),
            lot: None,
            administered_by: None,
            next_due: Some(date("2023-01-10")),
        });
        assert_eq!(vac.validate().unwrap_err().problem, Problem::BeforeStart);
        let mut future = RecordBody::Condition(Condition {
            name: "Asthme".into(),
            status: ConditionStatus::Active,
            onset: Some(date("2999-01-01")),
            resolved: None,
        });
        assert_eq!(future.validate().unwrap_err().problem, Problem::InFuture);
    }

    #[test]
    fn record_json_round_trips_with_kind_tag() {
        let record = Record {
            id: "r1".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            notes: Some("note".into()),
            body: weight(70.0, "kg"),
        };
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(json["kind"], "measurement");
        assert_eq!(json["data"]["kind"], "weight");
        let back: Record = serde_json::from_value(json).unwrap();
        assert_eq!(back, record);
    }

    #[test]
    fn unknown_choice_is_a_clear_error() {
        let err = AllergySeverity::parse("severity", "fatal").unwrap_err();
        assert!(err.message(Lang::En).contains("fatal"));
        assert_eq!(
            AllergySeverity::parse("severity", "severe").unwrap(),
            AllergySeverity::Severe
        );
    }
}
