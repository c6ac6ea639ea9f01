//! The fields of each record kind, declared once: what `carnet record edit
//! --set` accepts and lists in its help, and what a form needs to know
//! (required or not, what kind of value, which choices, which bounds).

use serde::Serialize;

use crate::checkup::Exam;
use crate::measurement::MeasurementKind;
use crate::record::{
    AllergySeverity, AllergyStatus, ConditionStatus, RecordKind, Route, DOSE_NUMBERS,
};
use crate::text::{LOT, SHORT};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ts_rs::TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldValue {
    /// Free text of at most `max` characters.
    Text { max: usize },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A date and time, `YYYY-MM-DDTHH:MM`.
    DateTime,
    /// A decimal number (bounds depend on the unit: see [`MeasurementKind::units`]).
    Number,
    /// A whole number within bounds.
    Whole { min: u8, max: u8 },
    /// One of a closed set of stored names.
    Choice { choices: &'static [&'static str] },
    /// An RPPS number (11 digits, Luhn key).
    Rpps,
    /// One of the units of the measurement's kind ([`MeasurementKind::units`]).
    Unit,
}

/// One field of a record kind.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ts_rs::TS)]
pub struct Field {
    /// Its name in storage, in `--set name=value` and in JSON.
    pub name: &'static str,
    pub required: bool,
    pub value: FieldValue,
}

const fn field(name: &'static str, required: bool, value: FieldValue) -> Field {
    Field {
        name,
        required,
        value,
    }
}

const TEXT: FieldValue = FieldValue::Text { max: SHORT };

const ALLERGY: &[Field] = &[
    field("substance", true, TEXT),
    field("reaction", false, TEXT),
    field(
        "severity",
        true,
        FieldValue::Choice {
            choices: AllergySeverity::NAMES,
        },
    ),
    field(
        "status",
        true,
        FieldValue::Choice {
            choices: AllergyStatus::NAMES,
        },
    ),
    field("onset", false, FieldValue::Date),
];

const TREATMENT: &[Field] = &[
    field("medication", true, TEXT),
    field("dose", false, TEXT),
    field("frequency", false, TEXT),
    field(
        "route",
        false,
        FieldValue::Choice {
            choices: Route::NAMES,
        },
    ),
    field("start", false, FieldValue::Date),
    field("end", false, FieldValue::Date),
    field("prescriber", false, TEXT),
    field("prescriber_rpps", false, FieldValue::Rpps),
];

const VACCINATION: &[Field] = &[
    field("vaccine", true, TEXT),
    field(
        "dose_number",
        false,
        FieldValue::Whole {
            min: *DOSE_NUMBERS.start(),
            max: *DOSE_NUMBERS.end(),
        },
    ),
    field("date", true, FieldValue::Date),
    field("lot", false, FieldValue::Text { max: LOT }),
    field("administered_by", false, TEXT),
    field("next_due", false, FieldValue::Date),
];

const CONDITION: &[Field] = &[
    field("name", true, TEXT),
    field(
        "status",
        true,
        FieldValue::Choice {
            choices: ConditionStatus::NAMES,
        },
    ),
    field("onset", false, FieldValue::Date),
    field("resolved", false, FieldValue::Date),
];

const MEASUREMENT: &[Field] = &[
    field(
        "kind",
        true,
        FieldValue::Choice {
            choices: MeasurementKind::NAMES,
        },
    ),
    field("value", true, FieldValue::Number),
    field("value2", false, FieldValue::Number),
    field("unit", true, FieldValue::Unit),
    field("taken_at", true, FieldValue::DateTime),
];

const CHECKUP: &[Field] = &[
    field(
        "exam",
        true,
        FieldValue::Choice {
            choices: Exam::NAMES,
        },
    ),
    field("title", false, TEXT),
    field("date", true, FieldValue::Date),
    field("performer", false, TEXT),
];

impl RecordKind {
    /// The fields of this kind, in form order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            RecordKind::Allergy => ALLERGY,
            RecordKind::Treatment => TREATMENT,
            RecordKind::Vaccination => VACCINATION,
            RecordKind::Condition => CONDITION,
            RecordKind::Measurement => MEASUREMENT,
            RecordKind::CheckUp => CHECKUP,
        }
    }
}

impl Field {
    /// `name` followed by what it takes, for help texts: `severity
    /// (mild|moderate|severe|unknown, required)`.
    pub fn describe(&self) -> String {
        let what = match self.value {
            FieldValue::Text { max } => format!("text ≤ {max}"),
            FieldValue::Date => "YYYY-MM-DD".to_string(),
            FieldValue::DateTime => "YYYY-MM-DDTHH:MM".to_string(),
            FieldValue::Number => "number".to_string(),
            FieldValue::Whole { min, max } => format!("{min}–{max}"),
            FieldValue::Choice { choices } => choices.join("|"),
            FieldValue::Rpps => "RPPS, 11 digits".to_string(),
            FieldValue::Unit => "a unit of the kind: kg, mmHg…".to_string(),
        };
        if self.required {
            format!("{} ({what}, required)", self.name)
        } else {
            format!("{} ({what})", self.name)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::BTreeSet;

    use super::*;
    use crate::{
        Allergy, CheckUp, Condition, Exam, Measurement, RecordBody, Rpps, Treatment, Vaccination,
        ValidationError,
    };

    fn date(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    /// Every field filled in, and only the required ones.
    fn samples(kind: RecordKind) -> (RecordBody, RecordBody) {
        match kind {
            RecordKind::Allergy => {
                let full = Allergy {
                    substance: "Arachide".into(),
                    reaction: Some("Urticaire".into()),
                    severity: AllergySeverity::Severe,
                    status: AllergyStatus::Active,
                    onset: Some(date("2020-01-01")),
                };
                let bare = Allergy {
                    reaction: None,
                    onset: None,
                    ..full.clone()
                };
                (RecordBody::Allergy(full), RecordBody::Allergy(bare))
            }
            RecordKind::Treatment => {
                let full = Treatment {
                    medication: "Amoxicilline".into(),
                    dose: Some("500 mg".into()),
                    frequency: Some("matin et soir".into()),
                    route: Some(Route::Oral),
                    start: Some(date("2024-01-01")),
                    end: Some(date("2024-01-08")),
                    prescriber: Some("Dr Martin".into()),
                    prescriber_rpps: Some(Rpps::parse("10003591586").unwrap()),
                };
                let bare = Treatment {
                    medication: "Amoxicilline".into(),
                    dose: None,
                    frequency: None,
                    route: None,
                    start: None,
                    end: None,
                    prescriber: None,
                    prescriber_rpps: None,
                };
                (RecordBody::Treatment(full), RecordBody::Treatment(bare))
            }
            RecordKind::Vaccination => {
                let full = Vaccination {
                    vaccine: "ROR".into(),
                    dose_number: Some(1),
                    date: date("2025-02-24"),
                    lot: Some("AB123".into()),
                    administered_by: Some("Dr Martin".into()),
                    next_due: Some(date("2025-07-20")),
                };
                let bare = Vaccination {
                    dose_number: None,
                    lot: None,
                    administered_by: None,
                    next_due: None,
                    ..full.clone()
                };
                (RecordBody::Vaccination(full), RecordBody::Vaccination(bare))
            }
            RecordKind::Condition => {
                let full = Condition {
                    name: "Asthme".into(),
                    status: ConditionStatus::Resolved,
                    onset: Some(date("2010-01-01")),
                    resolved: Some(date("2015-01-01")),
                };
                let bare = Condition {
                    onset: None,
                    resolved: None,
                    status: ConditionStatus::Active,
                    ..full.clone()
                };
                (RecordBody::Condition(full), RecordBody::Condition(bare))
            }
            RecordKind::Measurement => {
                let full = Measurement {
                    kind: MeasurementKind::BloodPressure,
                    value: 120.0,
                    value2: Some(80.0),
                    unit: "mmHg".into(),
                    taken_at: "2025-01-01T08:00:00".parse().unwrap(),
                };
                let bare = Measurement {
                    kind: MeasurementKind::Weight,
                    value: 60.0,
                    value2: None,
                    unit: "kg".into(),
                    taken_at: "2025-01-01T08:00:00".parse().unwrap(),
                };
                (RecordBody::Measurement(full), RecordBody::Measurement(bare))
            }
            RecordKind::CheckUp => {
                let full = CheckUp {
                    exam: Exam::Child9Months,
                    title: Some("PMI de Belleville".into()),
                    date: date("2025-03-01"),
                    performer: Some("Dr Martin".into()),
                };
                let bare = CheckUp {
                    title: None,
                    performer: None,
                    ..full.clone()
                };
                (RecordBody::CheckUp(full), RecordBody::CheckUp(bare))
            }
        }
    }

    fn stored_names(body: &RecordBody) -> BTreeSet<String> {
        let json = serde_json::to_value(body).unwrap();
        json["data"].as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn the_declared_fields_are_exactly_the_stored_ones() {
        for &kind in RecordKind::ALL {
            let (mut full, mut bare) = samples(kind);
            full.validate().unwrap();
            bare.validate().unwrap();
            let declared: BTreeSet<String> =
                kind.fields().iter().map(|f| f.name.to_string()).collect();
            let required: BTreeSet<String> = kind
                .fields()
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name.to_string())
                .collect();
            assert_eq!(stored_names(&full), declared, "{kind:?}: every field");
            assert_eq!(stored_names(&bare), required, "{kind:?}: required ones");
        }
    }

    #[test]
    fn declared_choices_and_bounds_are_the_ones_validation_applies() {
        for &kind in RecordKind::ALL {
            for f in kind.fields() {
                let FieldValue::Choice { choices } = f.value else {
                    continue;
                };
                for choice in choices {
                    let (full, _) = samples(kind);
                    let mut json = serde_json::to_value(&full).unwrap();
                    json["data"][f.name] = (*choice).into();
                    let parsed: Result<RecordBody, _> = serde_json::from_value(json.clone());
                    assert!(parsed.is_ok(), "{kind:?}.{} = {choice}", f.name);
                    json["data"][f.name] = "not-a-choice".into();
                    assert!(serde_json::from_value::<RecordBody>(json).is_err());
                }
            }
        }
        let FieldValue::Whole { min, max } = VACCINATION[1].value else {
            panic!("dose_number is a whole number");
        };
        let with_dose = |n: u8| {
            let (mut body, _) = samples(RecordKind::Vaccination);
            if let RecordBody::Vaccination(v) = &mut body {
                v.dose_number = Some(n);
            }
            body.validate()
        };
        assert!(with_dose(min).is_ok() && with_dose(max).is_ok());
        for outside in [min - 1, max + 1] {
            let refused: ValidationError = with_dose(outside).unwrap_err();
            assert_eq!(refused.field, "dose_number");
        }
    }

    #[test]
    fn measurement_kinds_are_named_as_stored() {
        let stored: Vec<String> = MeasurementKind::ALL
            .iter()
            .map(|k| {
                serde_json::to_value(k)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(stored, MeasurementKind::NAMES);
    }

    #[test]
    fn help_texts_name_the_field_and_what_it_takes() {
        let severity = ALLERGY[2].describe();
        assert_eq!(
            severity,
            "severity (mild|moderate|severe|unknown, required)"
        );
        assert_eq!(VACCINATION[1].describe(), "dose_number (1–20)");
    }
}
