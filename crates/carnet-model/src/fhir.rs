//! The FHIR codes Carnet writes (the share bundle) and reads back (the
//! gateway's deposits), kept once so both directions agree.

use crate::{MeasurementKind, Route};

pub const LOINC: &str = "http://loinc.org";
pub const UCUM: &str = "http://unitsofmeasure.org";
/// The INS (NIR) identifier system of the French health system.
pub const INS_NIR: &str = "urn:oid:1.2.250.1.213.1.4.8";
/// The RPPS identifier system of health professionals.
pub const RPPS: &str = "urn:oid:1.2.250.1.71.4.2.1";
/// Carnet's own code system for how a medication is taken: its choices are
/// coarser than SNOMED CT's routes (one "injection" for every kind).
pub const ROUTE: &str = "https://carnet.invalid/fhir/route";
/// Carnet's own code system for the examinations of the official calendars
/// (the child's compulsory check-ups, prevention check-ups, screenings):
/// France publishes no code system for them.
pub const EXAM: &str = "https://carnet.invalid/fhir/exam";
/// The extension saying why a required element has no value.
pub const DATA_ABSENT_REASON: &str = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
/// LOINC codes of the two blood-pressure components.
pub const SYSTOLIC: &str = "8480-6";
pub const DIASTOLIC: &str = "8462-4";
/// LOINC "Date vaccine due", the date criterion of a recommendation.
pub const VACCINE_DUE: &str = "30980-7";

impl MeasurementKind {
    /// The LOINC code of a measurement in `unit` (blood sugar by mass or by
    /// substance depends on the unit).
    pub fn loinc(self, unit: &str) -> &'static str {
        match self {
            Self::Weight => "29463-7",
            Self::Height => "8302-2",
            Self::HeadCircumference => "9843-4",
            Self::Glycemia if unit == "mmol/L" => "15074-8",
            Self::Glycemia => "2339-0",
            Self::BloodPressure => "85354-9",
            Self::HeartRate => "8867-4",
            Self::Temperature => "8310-5",
            Self::OxygenSaturation => "59408-5",
        }
    }

    /// The kind a LOINC code stands for, if Carnet keeps it.
    pub fn from_loinc(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| {
            kind.units()
                .iter()
                .any(|unit| kind.loinc(unit.symbol) == code)
        })
    }
}

/// The UCUM code of a unit as Carnet shows it.
pub fn ucum_of(unit: &str) -> &str {
    match unit {
        "mmHg" => "mm[Hg]",
        "bpm" => "/min",
        "°C" => "Cel",
        other => other,
    }
}

/// The unit Carnet shows for a UCUM code (the inverse of [`ucum_of`]).
pub fn unit_of_ucum(code: &str) -> &str {
    match code {
        "mm[Hg]" => "mmHg",
        "/min" | "{beats}/min" => "bpm",
        "Cel" => "°C",
        other => other,
    }
}

impl Route {
    /// The route a FHIR `route` names: Carnet's code, else a label in either
    /// language; any other route is "other" rather than lost.
    pub fn from_fhir(code: Option<&str>, text: Option<&str>) -> Self {
        let by_code = code.and_then(|c| Self::ALL.iter().find(|r| r.as_str() == c));
        let by_label = text.map(str::trim).and_then(|t| {
            Self::ALL.iter().find(|r| {
                [crate::Lang::Fr, crate::Lang::En]
                    .iter()
                    .any(|&lang| r.label(lang).eq_ignore_ascii_case(t))
            })
        });
        by_code.or(by_label).copied().unwrap_or(Self::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_unit_reads_back_from_its_codes() {
        for kind in MeasurementKind::ALL {
            for unit in kind.units() {
                assert_eq!(
                    MeasurementKind::from_loinc(kind.loinc(unit.symbol)),
                    Some(kind)
                );
                assert_eq!(unit_of_ucum(ucum_of(unit.symbol)), unit.symbol);
            }
        }
        assert_eq!(MeasurementKind::from_loinc("2345-7"), None);
    }

    #[test]
    fn a_route_reads_back_by_code_or_label() {
        for &route in Route::ALL {
            assert_eq!(Route::from_fhir(Some(route.as_str()), None), route);
            assert_eq!(
                Route::from_fhir(None, Some(route.label(crate::Lang::En))),
                route
            );
        }
        assert_eq!(Route::from_fhir(None, Some("intraveineuse")), Route::Other);
    }
}
