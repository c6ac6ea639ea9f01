//! French health identifiers: NIR/INS (social security number) and RPPS (professionals).
//!
//! Rules from the project's reference notes: a NIR is 13 characters plus a
//! 2-digit key `97 - (N mod 97)`, with Corsica's `2A`/`2B` read as 19/18 for
//! the key. An RPPS number is 11 digits whose last is a Luhn key; published
//! test data fails Luhn, so only the format is enforced and Luhn is advisory.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Problem, Result, ValidationError};

/// A validated NIR or NIA (the INS matricule), 15 characters without spaces.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct Nir(String);

impl Nir {
    /// Parses a NIR typed by a person: spaces and dots are ignored, letters upper-cased.
    pub fn parse(input: &str) -> Result<Self> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let invalid = || ValidationError::new("nir", Problem::InvalidNir);
        if compact.len() != 15 || !compact.is_ascii() {
            return Err(invalid());
        }
        let (body, key) = compact.split_at(13);
        let expected = nir_key(body).ok_or_else(invalid)?;
        let key: u32 = key
            .chars()
            .all(|c| c.is_ascii_digit())
            .then(|| key.parse().ok())
            .flatten()
            .ok_or_else(invalid)?;
        if key != expected {
            return Err(invalid());
        }
        Ok(Self(compact))
    }

    /// The 15 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Computes the NIR key of the 13-character body, or `None` if the body is malformed.
pub fn nir_key(body: &str) -> Option<u32> {
    if body.len() != 13 || !body.is_ascii() {
        return None;
    }
    let department = &body[5..7];
    let digits = match department {
        "2A" => format!("{}19{}", &body[..5], &body[7..]),
        "2B" => format!("{}18{}", &body[..5], &body[7..]),
        _ => body.to_string(),
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some((97 - (n % 97)) as u32)
}

impl fmt::Debug for Nir {
    // Identifiers are personal data: keep them out of debug output and logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Nir(<redacted>)")
    }
}

impl TryFrom<String> for Nir {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self> {
        Self::parse(&value)
    }
}

impl From<Nir> for String {
    fn from(value: Nir) -> Self {
        value.0
    }
}

/// A health professional's RPPS number: exactly 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct Rpps(String);

impl Rpps {
    /// Parses an RPPS number, ignoring spaces.
    pub fn parse(input: &str) -> Result<Self> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() != 11 || !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValidationError::new("rpps", Problem::InvalidRpps));
        }
        Ok(Self(compact))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the Luhn key matches; real numbers pass, some published samples do not.
    pub fn luhn_ok(&self) -> bool {
        rpps_luhn_ok(&self.0)
    }
}

/// Luhn check over a string of digits.
pub fn rpps_luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

impl TryFrom<String> for Rpps {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self> {
        Self::parse(&value)
    }
}

impl From<Rpps> for String {
    fn from(value: Rpps) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Worked examples from the reference notes (keys recomputed there).
    #[test]
    fn valid_nirs_are_accepted() {
        for nir in [
            "189127512501282",
            "206127511100564",
            "285052A00412306",
            "185052B12345660",
        ] {
            assert!(Nir::parse(nir).is_ok(), "{nir}");
        }
        assert_eq!(
            Nir::parse("1 89 12 75 125 012 82").unwrap().as_str(),
            "189127512501282"
        );
        assert_eq!(
            Nir::parse("285052a00412306").unwrap().as_str(),
            "285052A00412306"
        );
    }

    #[test]
    fn invalid_nirs_are_rejected() {
        for nir in [
            "189127512501283", // wrong key
            "289127512501282", // first digit changed
            "285052A00412376", // 2A read as 20 without correction
            "18912751250128",  // 14 characters
            "1891275125012AB", // non-numeric key
            "1891275125012 8", // blank inside the key after compaction -> 14
            "18912751250128é",
        ] {
            assert_eq!(
                Nir::parse(nir).unwrap_err().problem,
                Problem::InvalidNir,
                "{nir}"
            );
        }
    }

    #[test]
    fn rpps_format_and_luhn() {
        assert!(Rpps::parse("10001045367").unwrap().luhn_ok());
        assert!(!Rpps::parse("10001045368").unwrap().luhn_ok());
        assert!(!Rpps::parse("10001045376").unwrap().luhn_ok());
        assert!(Rpps::parse("1000104536").is_err());
        assert!(Rpps::parse("1000104536a").is_err());
        assert!(Rpps::parse("810001045367").is_err());
    }

    #[test]
    fn nir_debug_is_redacted() {
        let nir = Nir::parse("189127512501282").unwrap();
        assert!(!format!("{nir:?}").contains("1891275"));
    }

    proptest::proptest! {
        // Any 13-digit body with its computed key is accepted; any other key is refused.
        #[test]
        fn computed_key_always_validates(body in "[12][0-9]{4}(2A|2B|[0-9]{2})[0-9]{6}", delta in 1u32..96) {
            let key = nir_key(&body).unwrap();
            let good = format!("{body}{key:02}");
            proptest::prop_assert!(Nir::parse(&good).is_ok());
            let wrong = (key + delta - 1) % 97 + 1;
            let bad = format!("{body}{wrong:02}");
            proptest::prop_assert!(Nir::parse(&bad).is_err());
        }
    }
}
