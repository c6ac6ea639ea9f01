//! Validation errors: which field is wrong and why, in words a patient understands.

use crate::Lang;

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// The field must be filled in.
    Required,
    /// The text is longer than allowed.
    TooLong { max: usize },
    /// A date lies in the future where only past dates make sense.
    InFuture,
    /// An end date precedes its start date.
    BeforeStart,
    /// A date before the person was born (a vaccination, say).
    BeforeBirth,
    /// The social security number (NIR/INS) is malformed or its key is wrong.
    InvalidNir,
    /// The RPPS number is not 11 digits.
    InvalidRpps,
    /// The unit does not fit the kind of measurement.
    UnitNotAllowed {
        unit: String,
        allowed: Vec<&'static str>,
    },
    /// A number lies outside what is physically plausible.
    OutOfRange { min: f64, max: f64 },
    /// The value is not one of the known choices.
    UnknownChoice { value: String },
    /// A date or time could not be read.
    InvalidDate { value: String },
    /// The e-mail address does not have the shape name@domain.
    InvalidEmail,
    /// A PIN must be 4 to 8 digits.
    InvalidPin,
    /// Nothing was chosen where at least one item is needed.
    NothingChosen,
    /// A telephone number that cannot be dialled as written.
    InvalidPhone,
    /// More items than a list holds.
    TooMany { max: usize },
}

/// A field that failed validation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid {field}: {problem:?}")]
pub struct ValidationError {
    /// The field name as used in the JSON form of the record (`substance`, `unit`…).
    pub field: &'static str,
    /// What is wrong with it.
    pub problem: Problem,
}

impl ValidationError {
    pub fn new(field: &'static str, problem: Problem) -> Self {
        Self { field, problem }
    }

    /// A complete sentence for the user, naming the field.
    pub fn message(&self, lang: Lang) -> String {
        let field = self.field;
        match (&self.problem, lang) {
            (Problem::Required, Lang::Fr) => format!("Le champ « {field} » est obligatoire."),
            (Problem::Required, Lang::En) => format!("The field “{field}” is required."),
            (Problem::TooLong { max }, Lang::Fr) => {
                format!("Le champ « {field} » est trop long ({max} caractères au plus).")
            }
            (Problem::TooLong { max }, Lang::En) => {
                format!("The field “{field}” is too long (at most {max} characters).")
            }
            (Problem::InFuture, Lang::Fr) => {
                format!("La date « {field} » ne peut pas être dans le futur.")
            }
            (Problem::InFuture, Lang::En) => format!("The date “{field}” cannot be in the future."),
            (Problem::BeforeStart, Lang::Fr) => {
                format!("La date « {field} » doit venir après la date de début.")
            }
            (Problem::BeforeStart, Lang::En) => {
                format!("The date “{field}” must come after the start date.")
            }
            (Problem::BeforeBirth, Lang::Fr) => {
                format!("La date « {field} » est avant la date de naissance du profil.")
            }
            (Problem::BeforeBirth, Lang::En) => {
                format!("The date “{field}” is before the profile's birth date.")
            }
            (Problem::InvalidNir, Lang::Fr) => "Le numéro de sécurité sociale n'est pas valide : il faut 13 caractères suivis d'une clé de 2 chiffres, et la clé doit correspondre.".to_string(),
            (Problem::InvalidNir, Lang::En) => "The social security number is not valid: it needs 13 characters followed by a matching 2-digit key.".to_string(),
            (Problem::InvalidRpps, Lang::Fr) => {
                "Le numéro RPPS doit comporter exactement 11 chiffres.".to_string()
            }
            (Problem::InvalidRpps, Lang::En) => {
                "The RPPS number must have exactly 11 digits.".to_string()
            }
            (Problem::UnitNotAllowed { unit, allowed }, Lang::Fr) => format!(
                "L'unité « {unit} » ne convient pas ici. Unités possibles : {}.",
                allowed.join(", ")
            ),
            (Problem::UnitNotAllowed { unit, allowed }, Lang::En) => format!(
                "The unit “{unit}” does not fit here. Possible units: {}.",
                allowed.join(", ")
            ),
            (Problem::OutOfRange { min, max }, Lang::Fr) => {
                format!("La valeur de « {field} » doit être comprise entre {min} et {max}.")
            }
            (Problem::OutOfRange { min, max }, Lang::En) => {
                format!("The value of “{field}” must be between {min} and {max}.")
            }
            (Problem::UnknownChoice { value }, Lang::Fr) => {
                format!("« {value} » n'est pas un choix possible pour « {field} ».")
            }
            (Problem::UnknownChoice { value }, Lang::En) => {
                format!("“{value}” is not a possible choice for “{field}”.")
            }
            (Problem::InvalidDate { value }, Lang::Fr) => format!(
                "« {value} » n'est pas une date valide pour « {field} » (format attendu : AAAA-MM-JJ)."
            ),
            (Problem::InvalidDate { value }, Lang::En) => format!(
                "“{value}” is not a valid date for “{field}” (expected format: YYYY-MM-DD)."
            ),
            (Problem::InvalidEmail, Lang::Fr) => {
                "L'adresse e-mail n'est pas valide (exemple : nom@exemple.fr).".to_string()
            }
            (Problem::InvalidEmail, Lang::En) => {
                "The e-mail address is not valid (example: name@example.org).".to_string()
            }
            (Problem::InvalidPin, Lang::Fr) => {
                "Le code doit comporter de 4 à 8 chiffres.".to_string()
            }
            (Problem::InvalidPin, Lang::En) => "The PIN must have 4 to 8 digits.".to_string(),
            (Problem::NothingChosen, Lang::Fr) => {
                "Choisissez au moins un élément à partager.".to_string()
            }
            (Problem::NothingChosen, Lang::En) => "Choose at least one item to share.".to_string(),
            (Problem::InvalidPhone, Lang::Fr) => "Ce numéro de téléphone n'est pas valide : 10 chiffres commençant par 0 (06 12 34 56 78), ou + et l'indicatif du pays.".to_string(),
            (Problem::InvalidPhone, Lang::En) => "This telephone number is not valid: 10 digits starting with 0 (06 12 34 56 78), or + and the country code.".to_string(),
            (Problem::TooMany { max }, Lang::Fr) => format!("« {field} » en contient trop : {max} au plus."),
            (Problem::TooMany { max }, Lang::En) => format!("“{field}” holds too many: at most {max}."),
        }
    }

    /// A sentence to show next to the field itself, so it does not name it.
    pub fn short_message(&self, lang: Lang) -> String {
        match (&self.problem, lang) {
            (Problem::Required, Lang::Fr) => "Ce champ est obligatoire.".to_string(),
            (Problem::Required, Lang::En) => "This field is required.".to_string(),
            (Problem::TooLong { max }, Lang::Fr) => {
                format!("C'est trop long : {max} caractères au plus.")
            }
            (Problem::TooLong { max }, Lang::En) => {
                format!("This is too long: at most {max} characters.")
            }
            (Problem::InFuture, Lang::Fr) => "Cette date ne peut pas être dans le futur.".into(),
            (Problem::InFuture, Lang::En) => "This date cannot be in the future.".into(),
            (Problem::BeforeStart, Lang::Fr) => {
                "Cette date doit venir après la date de début.".into()
            }
            (Problem::BeforeStart, Lang::En) => "This date must come after the start date.".into(),
            (Problem::BeforeBirth, Lang::Fr) => {
                "Cette date est avant la date de naissance : vérifiez-la.".into()
            }
            (Problem::BeforeBirth, Lang::En) => {
                "This date is before the date of birth: check it.".into()
            }
            (Problem::OutOfRange { min, max }, Lang::Fr) => {
                format!("La valeur doit être comprise entre {min} et {max}.")
            }
            (Problem::OutOfRange { min, max }, Lang::En) => {
                format!("The value must be between {min} and {max}.")
            }
            (Problem::UnknownChoice { value }, Lang::Fr) => {
                format!("« {value} » n'est pas un choix possible.")
            }
            (Problem::UnknownChoice { value }, Lang::En) => {
                format!("“{value}” is not a possible choice.")
            }
            (Problem::InvalidDate { value }, Lang::Fr) => {
                format!("« {value} » n'est pas une date valide (format attendu : AAAA-MM-JJ).")
            }
            (Problem::InvalidDate { value }, Lang::En) => {
                format!("“{value}” is not a valid date (expected format: YYYY-MM-DD).")
            }
            // These already read well on their own.
            _ => self.message(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_message_reads_well_next_to_its_field() {
        let err = ValidationError::new(
            "dose_number",
            Problem::OutOfRange {
                min: 1.0,
                max: 20.0,
            },
        );
        for lang in [Lang::Fr, Lang::En] {
            let short = err.short_message(lang);
            assert!(!short.contains("dose_number"), "{short}");
            assert!(short.contains('1') && short.contains("20"), "{short}");
            assert!(err.message(lang).contains("dose_number"));
        }
        assert_eq!(
            ValidationError::new("substance", Problem::Required).short_message(Lang::Fr),
            "Ce champ est obligatoire."
        );
    }
}
