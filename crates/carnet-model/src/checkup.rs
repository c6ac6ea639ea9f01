//! A check-up or screening that took place: one of the child's compulsory
//! examinations, an adult prevention check-up, an organised cancer
//! screening, or any other visit the person wants to keep (`Exam::Other`,
//! named by its title). The calendars count the first three as done.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::{not_future, optional, SHORT};
use crate::{Lang, Problem, Result, ValidationError};

choices!(
    /// The examinations of the official calendars Carnet follows: the
    /// child's 20 compulsory examinations (2025 calendar), the national
    /// prevention check-ups and the three organised cancer screenings.
    Exam {
        Child8Days = "child_8_days", "Examen des 8 premiers jours (1er certificat de santé)", "Check-up in the first 8 days (1st health certificate)";
        Child2Weeks = "child_2_weeks", "Examen de la 2e semaine", "Check-up in the 2nd week";
        Child2Months = "child_2_months", "Examen des 2 mois", "2-month check-up";
        Child3Months = "child_3_months", "Examen des 3 mois", "3-month check-up";
        Child4Months = "child_4_months", "Examen des 4 mois", "4-month check-up";
        Child5Months = "child_5_months", "Examen des 5 mois", "5-month check-up";
        Child6Months = "child_6_months", "Examen des 6 mois", "6-month check-up";
        Child9Months = "child_9_months", "Examen des 9 mois (2e certificat de santé)", "9-month check-up (2nd health certificate)";
        Child12Months = "child_12_months", "Examen des 12 mois", "12-month check-up";
        Child13Months = "child_13_months", "Examen des 13 mois", "13-month check-up";
        Child16To18Months = "child_16_18_months", "Examen entre 16 et 18 mois", "Check-up between 16 and 18 months";
        Child24Months = "child_24_months", "Examen des 24 mois (3e certificat de santé)", "24-month check-up (3rd health certificate)";
        Child3Years = "child_3_years", "Examen des 3 ans", "3-year check-up";
        Child4Years = "child_4_years", "Examen des 4 ans", "4-year check-up";
        Child5Years = "child_5_years", "Examen des 5 ans", "5-year check-up";
        Child6Years = "child_6_years", "Examen des 6 ans", "6-year check-up";
        Child7Years = "child_7_years", "Examen des 7 ans", "7-year check-up";
        Child8To9Years = "child_8_9_years", "Examen entre 8 et 9 ans", "Check-up between 8 and 9";
        Child11To13Years = "child_11_13_years", "Examen entre 11 et 13 ans", "Check-up between 11 and 13";
        Child15To16Years = "child_15_16_years", "Examen entre 15 et 16 ans", "Check-up between 15 and 16";
        Prevention18To25 = "prevention_18_25", "Bilan prévention 18-25 ans", "Prevention check-up, 18 to 25";
        Prevention45To50 = "prevention_45_50", "Bilan prévention 45-50 ans", "Prevention check-up, 45 to 50";
        Prevention60To65 = "prevention_60_65", "Bilan prévention 60-65 ans", "Prevention check-up, 60 to 65";
        Prevention70To75 = "prevention_70_75", "Bilan prévention 70-75 ans", "Prevention check-up, 70 to 75";
        BreastScreening = "screening_breast", "Dépistage du cancer du sein (mammographie)", "Breast cancer screening (mammogram)";
        ColorectalScreening = "screening_colorectal", "Dépistage du cancer colorectal (test à faire chez soi)", "Bowel cancer screening (home test)";
        CervicalScreening = "screening_cervical", "Dépistage du cancer du col de l'utérus (frottis ou test HPV)", "Cervical cancer screening (smear or HPV test)";
        Other = "other", "Autre examen ou visite", "Other check-up or visit";
    }
);

impl Exam {
    /// Whether the examination gives one of the child's three health
    /// certificates (8 days, 9 months, 24 months).
    pub fn gives_certificate(self) -> bool {
        matches!(
            self,
            Exam::Child8Days | Exam::Child9Months | Exam::Child24Months
        )
    }
}

/// A check-up or screening that took place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CheckUp {
    /// Which examination of the calendars this was, or `Other`.
    pub exam: Exam,
    /// Its name, required for any other visit (else a precision: "à la PMI").
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub date: NaiveDate,
    /// Who examined (a doctor, a PMI centre, a laboratory).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performer: Option<String>,
}

impl CheckUp {
    /// The name a list shows: the title given, else the examination's.
    pub fn name(&self, lang: Lang) -> String {
        match &self.title {
            Some(title) if self.exam == Exam::Other => title.clone(),
            Some(title) => format!("{} : {title}", self.exam.label(lang)),
            None => self.exam.label(lang).to_string(),
        }
    }

    pub(crate) fn validate(&mut self) -> Result<()> {
        optional("title", &mut self.title, SHORT)?;
        optional("performer", &mut self.performer, SHORT)?;
        if self.exam == Exam::Other && self.title.is_none() {
            return Err(ValidationError::new("title", Problem::Required));
        }
        not_future("date", Some(self.date))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::RecordBody;

    fn visit(exam: Exam, title: Option<&str>, date: &str) -> RecordBody {
        RecordBody::CheckUp(CheckUp {
            exam,
            title: title.map(Into::into),
            date: date.parse().unwrap(),
            performer: None,
        })
    }

    #[test]
    fn another_visit_needs_its_name() {
        let err = visit(Exam::Other, Some("  "), "2025-01-01")
            .validate()
            .unwrap_err();
        assert_eq!(err.field, "title");
        visit(Exam::Other, Some("Bilan orthoptique"), "2025-01-01")
            .validate()
            .unwrap();
        visit(Exam::Child9Months, None, "2025-01-01")
            .validate()
            .unwrap();
    }

    #[test]
    fn a_check_up_before_birth_or_in_the_future_is_refused() {
        let birth = "2025-01-01".parse().unwrap();
        let before = visit(Exam::Child8Days, None, "2024-12-31");
        assert_eq!(before.check_after_birth(birth).unwrap_err().field, "date");
        let mut future = visit(Exam::Child8Days, None, "2999-01-01");
        assert_eq!(future.validate().unwrap_err().field, "date");
    }

    #[test]
    fn names_say_the_examination_and_the_precision() {
        let with = CheckUp {
            exam: Exam::Child9Months,
            title: Some("À la PMI".into()),
            date: "2025-01-01".parse().unwrap(),
            performer: None,
        };
        assert_eq!(
            with.name(Lang::Fr),
            "Examen des 9 mois (2e certificat de santé) : À la PMI"
        );
        assert!(Exam::Child24Months.gives_certificate());
        assert!(!Exam::Child12Months.gives_certificate());
    }
}
