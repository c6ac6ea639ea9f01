//! The two languages Carnet speaks: French first, English second.

use serde::{Deserialize, Serialize};

/// A user-facing language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Français (default).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Picks the language from a locale string such as `en_GB.UTF-8`; French unless it says English.
    pub fn from_locale(locale: &str) -> Self {
        if locale.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    /// Returns `fr` or `en` depending on the language.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}
