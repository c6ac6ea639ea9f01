//! The person a profile is about: a patient, a child, an elderly relative.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::{not_future, optional, required, SHORT};
use crate::{Nir, Problem, Rpps, ValidationError};

/// How many emergency contacts a profile keeps (the form shows that many).
pub const MAX_EMERGENCY_CONTACTS: usize = 3;

/// Administrative sex as recorded by the national health insurance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
    Unspecified,
}

impl Sex {
    /// Parses `female`, `male`, `unspecified` (or `f`, `m`).
    pub fn parse(value: &str) -> crate::Result<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "female" | "f" | "femme" => Ok(Self::Female),
            "male" | "m" | "homme" | "h" => Ok(Self::Male),
            "unspecified" | "" => Ok(Self::Unspecified),
            other => Err(crate::ValidationError::new(
                "sex",
                crate::Problem::UnknownChoice {
                    value: other.to_string(),
                },
            )),
        }
    }
}

/// Who a profile is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProfileInfo {
    pub name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nir: Option<Nir>,
    /// The *médecin traitant* declared to the health insurance.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctor: Option<Doctor>,
    /// Whom to call in an emergency, first one first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emergency_contacts: Vec<EmergencyContact>,
}

/// The patient's *médecin traitant*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Doctor {
    pub name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpps: Option<Rpps>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// Someone to call in an emergency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EmergencyContact {
    pub name: String,
    /// Who they are to the patient (daughter, neighbour…).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    pub phone: String,
}

/// Field names of each emergency contact, as the form and errors name them.
const CONTACT_FIELDS: [[&str; 3]; MAX_EMERGENCY_CONTACTS] = [
    ["contact_1_name", "contact_1_relation", "contact_1_phone"],
    ["contact_2_name", "contact_2_relation", "contact_2_phone"],
    ["contact_3_name", "contact_3_relation", "contact_3_phone"],
];

impl ProfileInfo {
    /// Who a profile is about, with no NIR, doctor or contacts yet.
    pub fn new(name: impl Into<String>, birth_date: NaiveDate, sex: Sex) -> Self {
        Self {
            name: name.into(),
            birth_date,
            sex,
            nir: None,
            doctor: None,
            emergency_contacts: Vec::new(),
        }
    }

    /// Trims and checks the fields (the NIR and RPPS are checked when parsed).
    pub fn validate(&mut self) -> crate::Result<()> {
        required("name", &mut self.name)?;
        not_future("birth_date", Some(self.birth_date))?;
        if let Some(doctor) = self.doctor.as_mut() {
            required("doctor_name", &mut doctor.name)?;
            optional("doctor_phone", &mut doctor.phone, SHORT)?;
            if let Some(phone) = doctor.phone.as_mut() {
                *phone = phone_number("doctor_phone", phone)?;
            }
        }
        if self.emergency_contacts.len() > MAX_EMERGENCY_CONTACTS {
            return Err(ValidationError::new(
                "emergency_contacts",
                Problem::TooMany {
                    max: MAX_EMERGENCY_CONTACTS,
                },
            ));
        }
        for (contact, [name, relation, phone]) in
            self.emergency_contacts.iter_mut().zip(CONTACT_FIELDS)
        {
            required(name, &mut contact.name)?;
            optional(relation, &mut contact.relation, SHORT)?;
            contact.phone = phone_number(phone, &contact.phone)?;
        }
        Ok(())
    }

    /// Whether the person is 18 or older on `today`.
    pub fn is_adult_on(&self, today: NaiveDate) -> bool {
        self.birth_date
            .checked_add_months(chrono::Months::new(18 * 12))
            .is_some_and(|eighteen| eighteen <= today)
    }

    /// Whether the person came of age while their profile was held for
    /// them: a minor on `held_since` (when it was opened), 18 on `today`.
    /// Only then may it be handed over to them; an adult's own profile
    /// never is (nobody can talk its owner into giving it away).
    pub fn came_of_age_since(&self, held_since: NaiveDate, today: NaiveDate) -> bool {
        self.is_adult_on(today) && !self.is_adult_on(held_since)
    }
}

/// A telephone number as a person types it: French (10 digits starting with
/// 0) or international (`+` and 8 to 15 digits); spaces, dots, dashes and
/// brackets are allowed and dropped. Answers it grouped for reading.
pub fn phone_number(field: &'static str, input: &str) -> crate::Result<String> {
    let invalid = || ValidationError::new(field, Problem::InvalidPhone);
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    let international = trimmed.starts_with('+');
    let mut digits = String::new();
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return Err(invalid()),
        }
    }
    if international {
        if !(8..=15).contains(&digits.len()) {
            return Err(invalid());
        }
        return Ok(format!("+{digits}"));
    }
    if digits.len() != 10 || !digits.starts_with('0') {
        return Err(invalid());
    }
    let pairs: Vec<&str> = (0..5).map(|i| &digits[i * 2..i * 2 + 2]).collect();
    Ok(pairs.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn phone_numbers_are_read_as_people_type_them() {
        assert_eq!(phone_number("p", "0612345678").unwrap(), "06 12 34 56 78");
        assert_eq!(
            phone_number("p", "06.12.34.56.78").unwrap(),
            "06 12 34 56 78"
        );
        assert_eq!(
            phone_number("p", "+33 6 12 34 56 78").unwrap(),
            "+33612345678"
        );
        for bad in [
            "12345",
            "0612 34 56",
            "06 12 34 56 7a",
            "+1234",
            "6123456789",
        ] {
            let err = phone_number("doctor_phone", bad).unwrap_err();
            assert_eq!(err.problem, Problem::InvalidPhone, "{bad}");
            assert_eq!(err.field, "doctor_phone");
        }
        assert_eq!(
            phone_number("p", "  ").unwrap_err().problem,
            Problem::Required
        );
    }

    #[test]
    fn contacts_are_checked_one_by_one_and_named_by_their_place() {
        let mut info = ProfileInfo::new("Papa", day("1941-03-02"), Sex::Male);
        info.emergency_contacts = vec![
            EmergencyContact {
                name: " Claire ".into(),
                relation: Some(" ".into()),
                phone: "0611223344".into(),
            },
            EmergencyContact {
                name: "Voisin".into(),
                relation: None,
                phone: "pas de numéro".into(),
            },
        ];
        let err = info.clone().validate().unwrap_err();
        assert_eq!(err.field, "contact_2_phone");
        info.emergency_contacts[1].phone = "+41 22 123 45 67".into();
        info.validate().unwrap();
        assert_eq!(info.emergency_contacts[0].name, "Claire");
        assert_eq!(info.emergency_contacts[0].relation, None);
        assert_eq!(info.emergency_contacts[0].phone, "06 11 22 33 44");

        info.emergency_contacts = vec![info.emergency_contacts[0].clone(); 4];
        assert_eq!(
            info.validate().unwrap_err().problem,
            Problem::TooMany { max: 3 }
        );
    }

    #[test]
    fn the_doctor_needs_a_name_and_a_readable_phone() {
        let mut info = ProfileInfo::new("Léo", day("2020-05-01"), Sex::Male);
        info.doctor = Some(Doctor {
            name: "".into(),
            rpps: None,
            phone: None,
        });
        assert_eq!(info.clone().validate().unwrap_err().field, "doctor_name");
        info.doctor = Some(Doctor {
            name: "Dr Martin".into(),
            rpps: Some(Rpps::parse("10001045367").unwrap()),
            phone: Some("".into()),
        });
        info.validate().unwrap();
        assert_eq!(info.doctor.as_ref().unwrap().phone, None);
    }

    #[test]
    fn one_is_an_adult_from_the_eighteenth_birthday() {
        let info = ProfileInfo::new("Léo", day("2008-12-04"), Sex::Male);
        assert!(!info.is_adult_on(day("2026-12-03")));
        assert!(info.is_adult_on(day("2026-12-04")));
        // Born on 29 February: adult on 28 February… of the 18th year (chrono clamps).
        let leap = ProfileInfo::new("Zoé", day("2008-02-29"), Sex::Female);
        assert!(!leap.is_adult_on(day("2026-02-27")));
        assert!(leap.is_adult_on(day("2026-02-28")));
    }

    #[test]
    fn only_a_profile_held_during_childhood_comes_of_age() {
        let leo = ProfileInfo::new("Léo", day("2008-12-04"), Sex::Male);
        assert!(leo.came_of_age_since(day("2015-01-01"), day("2026-12-04")));
        assert!(!leo.came_of_age_since(day("2015-01-01"), day("2026-12-03")));
        // Opened on the eighteenth birthday, or later: an adult's own profile.
        assert!(!leo.came_of_age_since(day("2026-12-04"), day("2030-01-01")));
    }
}
