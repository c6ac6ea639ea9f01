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
        self.normalise();
        first(self.issues())
    }

    /// Trims every field, empties blank optional ones to `None`, and writes
    /// a valid RPPS number as its 11 digits.
    pub fn normalise(&mut self) {
        let blank_to_none = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        self.name = self.name.trim().to_string();
        self.specialty = self.specialty.trim().to_string();
        self.rpps = blank_to_none(&self.rpps).map(|r| {
            Rpps::parse(&r)
                .map(|ok| ok.as_str().to_string())
                .unwrap_or(r)
        });
        self.email = blank_to_none(&self.email);
    }

    /// Every problem with the (normalised) details, in the form's order.
    pub fn issues(&self) -> Vec<ValidationError> {
        let mut issues = Vec::new();
        issues.extend(required("professional.name", &self.name, NAME_MAX).err());
        issues.extend(required("professional.specialty", &self.specialty, SPECIALTY_MAX).err());
        if self
            .rpps
            .as_deref()
            .is_some_and(|r| Rpps::parse(r).is_err())
        {
            issues.push(ValidationError::new(
                "professional.rpps",
                Problem::InvalidRpps,
            ));
        }
        if self.email.as_deref().is_some_and(|e| !is_email(e)) {
            issues.push(ValidationError::new(
                "professional.email",
                Problem::InvalidEmail,
            ));
        }
        issues
    }
}

fn first(issues: Vec<ValidationError>) -> Result<(), ValidationError> {
    match issues.into_iter().next() {
        Some(issue) => Err(issue),
        None => Ok(()),
    }
}

/// Every problem with a share's choices besides the items, in the wizard's
/// order: the professional, the expiry, the opens, the PIN. Numbers come as
/// typed (any integer; out of range is a problem, not a failure).
pub fn choice_issues(
    professional: &Professional,
    expires_in_hours: i64,
    max_opens: Option<i64>,
    pin: Option<&str>,
) -> Vec<ValidationError> {
    let mut issues = professional.issues();
    if !(i64::from(MIN_EXPIRY_HOURS)..=i64::from(MAX_EXPIRY_HOURS)).contains(&expires_in_hours) {
        issues.push(ValidationError::new(
            "expires_in_hours",
            Problem::OutOfRange {
                min: f64::from(MIN_EXPIRY_HOURS),
                max: f64::from(MAX_EXPIRY_HOURS),
            },
        ));
    }
    if max_opens.is_some_and(|n| !(1..=i64::from(MAX_OPENS)).contains(&n)) {
        issues.push(ValidationError::new(
            "max_opens",
            Problem::OutOfRange {
                min: 1.0,
                max: f64::from(MAX_OPENS),
            },
        ));
    }
    if pin.is_some_and(|p| !is_pin(p)) {
        issues.push(ValidationError::new("pin", Problem::InvalidPin));
    }
    issues
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
        self.professional.normalise();
        first(choice_issues(
            &self.professional,
            i64::from(self.expires_in_hours),
            self.max_opens.map(i64::from),
            self.pin.as_ref().map(|p| p.expose_secret()),
        ))
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

    #[test]
    fn every_problem_is_listed_at_once_in_the_wizards_order() {
        let mut pro = Professional {
            name: " ".into(),
            specialty: "x".repeat(SPECIALTY_MAX + 1),
            rpps: Some("1234".into()),
            email: Some("paul@durand.fr.".into()),
        };
        pro.normalise();
        let fields: Vec<_> = choice_issues(&pro, 0, Some(0), Some("12"))
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "professional.name",
                "professional.specialty",
                "professional.rpps",
                "professional.email",
                "expires_in_hours",
                "max_opens",
                "pin"
            ]
        );
        let mut good = options().professional;
        good.normalise();
        assert!(choice_issues(&good, 24, None, None).is_empty());
    }
}
