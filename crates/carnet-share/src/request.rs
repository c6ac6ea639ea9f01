//! What the patient chooses: the professional, the expiry, the opens, the PIN.

use carnet_model::{Problem, Rpps, ValidationError};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// Shortest and longest expiry, in hours (1 hour to 30 days).
pub const MIN_EXPIRY_HOURS: u32 = 1;
pub const MAX_EXPIRY_HOURS: u32 = 30 * 24;
/// Seven days, unless the patient chooses otherwise.
pub const DEFAULT_EXPIRY_HOURS: u32 = 7 * 24;
/// Most opens a share can allow (none set: unlimited within the expiry).
pub const MAX_OPENS: u32 = 1000;

const NAME_MAX: usize = 200;
const SPECIALTY_MAX: usize = 100;
const EMAIL_MAX: usize = 254;
const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=8;

/// The bounds a share's request is held to, for forms to say them first.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ShareLimits {
    pub name: usize,
    pub specialty: usize,
    pub email: usize,
    pub min_hours: u32,
    pub max_hours: u32,
    pub default_hours: u32,
    pub max_opens: u32,
    pub pin_min: usize,
    pub pin_max: usize,
}

/// The bounds a share request is checked against.
pub const LIMITS: ShareLimits = ShareLimits {
    name: NAME_MAX,
    specialty: SPECIALTY_MAX,
    email: EMAIL_MAX,
    min_hours: MIN_EXPIRY_HOURS,
    max_hours: MAX_EXPIRY_HOURS,
    default_hours: DEFAULT_EXPIRY_HOURS,
    max_opens: MAX_OPENS,
    pin_min: *PIN_DIGITS.start(),
    pin_max: *PIN_DIGITS.end(),
};

/// The professional a share is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "ShareProfessional")]
pub struct Professional {
    pub name: String,
    pub specialty: String,
    #[serde(default)]
    pub rpps: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl Professional {
    /// Trims every field, empties optional ones to `None`, and checks them.
    pub fn validate(&mut self) -> Result<(), ValidationError> {
        self.name = self.name.trim().to_string();
        self.specialty = self.specialty.trim().to_string();
        required("professional.name", &self.name, NAME_MAX)?;
        required("professional.specialty", &self.specialty, SPECIALTY_MAX)?;
        self.rpps = match self.rpps.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(rpps) => Some(
                Rpps::parse(rpps)
                    .map_err(|_| ValidationError::new("professional.rpps", Problem::InvalidRpps))?
                    .as_str()
                    .to_string(),
            ),
        };
        self.email = match self.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(email) if is_email(email) => Some(email.to_string()),
            Some(_) => {
                return Err(ValidationError::new(
                    "professional.email",
                    Problem::InvalidEmail,
                ))
            }
        };
        Ok(())
    }
}

fn required(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    if value.chars().count() > max {
        return Err(ValidationError::new(field, Problem::TooLong { max }));
    }
    Ok(())
}

/// name@domain.tld, no spaces: enough to catch typing mistakes.
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    value.len() <= EMAIL_MAX
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Everything about a share except the items.
#[derive(Debug)]
pub struct ShareOptions {
    pub professional: Professional,
    pub expires_in_hours: u32,
    /// `None`: unlimited within the expiry; `Some(1)`: view once.
    pub max_opens: Option<u32>,
    pub pin: Option<SecretString>,
}

impl ShareOptions {
    /// Checks every choice; the first problem found is returned.
    pub fn validate(&mut self) -> Result<(), ValidationError> {
        self.professional.validate()?;
        if !(MIN_EXPIRY_HOURS..=MAX_EXPIRY_HOURS).contains(&self.expires_in_hours) {
            return Err(ValidationError::new(
                "expires_in_hours",
                Problem::OutOfRange {
                    min: f64::from(MIN_EXPIRY_HOURS),
                    max: f64::from(MAX_EXPIRY_HOURS),
                },
            ));
        }
        if let Some(n) = self.max_opens {
            if !(1..=MAX_OPENS).contains(&n) {
                return Err(ValidationError::new(
                    "max_opens",
                    Problem::OutOfRange {
                        min: 1.0,
                        max: f64::from(MAX_OPENS),
                    },
                ));
            }
        }
        if let Some(pin) = &self.pin {
            if !is_pin(pin.expose_secret()) {
                return Err(ValidationError::new("pin", Problem::InvalidPin));
            }
        }
        Ok(())
    }
}

/// 4 to 8 ASCII digits.
pub fn is_pin(pin: &str) -> bool {
    PIN_DIGITS.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ShareOptions {
        ShareOptions {
            professional: Professional {
                name: " Dr Paul Durand ".into(),
                specialty: "Cardiologie".into(),
                rpps: Some("10101 010 101".into()),
                email: Some(String::new()),
            },
            expires_in_hours: DEFAULT_EXPIRY_HOURS,
            max_opens: None,
            pin: None,
        }
    }

    fn field_of(mut o: ShareOptions) -> &'static str {
        o.validate().expect_err("should be refused").field
    }

    #[test]
    fn good_choices_are_normalised() {
        let mut o = options();
        o.validate().unwrap();
        assert_eq!(o.professional.name, "Dr Paul Durand");
        assert_eq!(o.professional.rpps.as_deref(), Some("10101010101"));
        assert_eq!(o.professional.email, None);
    }

    #[test]
    fn each_bad_choice_names_its_field() {
        let mut o = options();
        o.professional.name = "  ".into();
        assert_eq!(field_of(o), "professional.name");
        let mut o = options();
        o.professional.rpps = Some("1010101010".into());
        assert_eq!(field_of(o), "professional.rpps");
        let mut o = options();
        o.professional.email = Some("paul.durand@".into());
        assert_eq!(field_of(o), "professional.email");
        for hours in [0, MAX_EXPIRY_HOURS + 1] {
            let mut o = options();
            o.expires_in_hours = hours;
            assert_eq!(field_of(o), "expires_in_hours");
        }
        for opens in [0, MAX_OPENS + 1] {
            let mut o = options();
            o.max_opens = Some(opens);
            assert_eq!(field_of(o), "max_opens");
        }
        for pin in ["123", "123456789", "12a4", "１２３４"] {
            let mut o = options();
            o.pin = Some(SecretString::from(pin.to_string()));
            assert_eq!(field_of(o), "pin", "{pin}");
        }
    }

    #[test]
    fn limits_are_inclusive() {
        let mut o = options();
        o.expires_in_hours = MIN_EXPIRY_HOURS;
        o.max_opens = Some(1);
        o.pin = Some(SecretString::from("0000".to_string()));
        o.validate().unwrap();
        let mut o = options();
        o.expires_in_hours = MAX_EXPIRY_HOURS;
        o.max_opens = Some(MAX_OPENS);
        o.pin = Some(SecretString::from("12345678".to_string()));
        o.validate().unwrap();
    }
}
