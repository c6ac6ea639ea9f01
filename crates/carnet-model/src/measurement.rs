//! Kinds of measurement and the units each accepts, with plausible ranges.

use serde::{Deserialize, Serialize};

/// What was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum MeasurementKind {
    Weight,
    Height,
    HeadCircumference,
    Glycemia,
    BloodPressure,
    HeartRate,
    Temperature,
    OxygenSaturation,
}

/// A unit together with the plausible range of values expressed in it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Unit {
    /// Symbol as stored and shown (`kg`, `mmol/L`…).
    pub symbol: &'static str,
    /// Smallest plausible value.
    pub min: f64,
    /// Largest plausible value.
    pub max: f64,
}

const fn unit(symbol: &'static str, min: f64, max: f64) -> Unit {
    Unit { symbol, min, max }
}

impl MeasurementKind {
    /// Every kind, in display order.
    pub const ALL: [MeasurementKind; 8] = [
        Self::Weight,
        Self::Height,
        Self::HeadCircumference,
        Self::Glycemia,
        Self::BloodPressure,
        Self::HeartRate,
        Self::Temperature,
        Self::OxygenSaturation,
    ];

    /// The stored name of each kind, in the order of [`Self::ALL`].
    pub const NAMES: &'static [&'static str] = &[
        "weight",
        "height",
        "head_circumference",
        "glycemia",
        "blood_pressure",
        "heart_rate",
        "temperature",
        "oxygen_saturation",
    ];

    /// Units accepted for this kind; the first is the default.
    pub fn units(self) -> &'static [Unit] {
        match self {
            Self::Weight => const { &[unit("kg", 0.2, 500.0), unit("g", 200.0, 500_000.0)] },
            Self::Height => const { &[unit("cm", 20.0, 260.0), unit("m", 0.2, 2.6)] },
            Self::HeadCircumference => const { &[unit("cm", 20.0, 70.0)] },
            Self::Glycemia => {
                const {
                    &[
                        unit("g/L", 0.1, 10.0),
                        unit("mmol/L", 0.5, 55.0),
                        unit("mg/dL", 10.0, 1000.0),
                    ]
                }
            }
            // Systolic in `value`, diastolic in `value2`.
            Self::BloodPressure => const { &[unit("mmHg", 30.0, 300.0)] },
            Self::HeartRate => const { &[unit("bpm", 20.0, 300.0)] },
            Self::Temperature => const { &[unit("°C", 30.0, 45.0)] },
            Self::OxygenSaturation => const { &[unit("%", 50.0, 100.0)] },
        }
    }

    /// Whether this kind needs a second value (diastolic pressure).
    pub fn has_second_value(self) -> bool {
        self == Self::BloodPressure
    }

    /// Name in the user's language.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        let (fr, en) = match self {
            Self::Weight => ("Poids", "Weight"),
            Self::Height => ("Taille", "Height"),
            Self::HeadCircumference => ("Périmètre crânien", "Head circumference"),
            Self::Glycemia => ("Glycémie", "Blood sugar"),
            Self::BloodPressure => ("Tension artérielle", "Blood pressure"),
            Self::HeartRate => ("Pouls", "Heart rate"),
            Self::Temperature => ("Température", "Temperature"),
            Self::OxygenSaturation => ("Saturation en oxygène", "Oxygen saturation"),
        };
        lang.pick(fr, en)
    }
}
