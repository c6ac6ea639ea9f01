//! The person a profile is about: a patient, a child, an elderly relative.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::{not_future, required};
use crate::Nir;

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
}

impl ProfileInfo {
    /// Trims and checks the fields (the NIR is checked when parsed).
    pub fn validate(&mut self) -> crate::Result<()> {
        required("name", &mut self.name)?;
        not_future("birth_date", Some(self.birth_date))
    }
}
