//! The vaccines used in France, by the names on their boxes and in the
//! booklet, with what each protects against. Anything else stays free
//! text: it is kept, but no reminder can be computed from it.

use serde::Serialize;

use crate::Antigen::{self, *};

/// A vaccine a person can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Vaccine {
    /// The name on the box (or the booklet's usual abbreviation).
    pub name: &'static str,
    /// What it protects against.
    pub protects: &'static [Antigen],
    /// Other ways it is written (abbreviations of the booklet).
    #[serde(skip)]
    #[ts(skip)]
    pub aliases: &'static [&'static str],
}

const HEXAVALENT: &[Antigen] = &[Diphtheria, Tetanus, Pertussis, Polio, Hib, HepatitisB];
const PENTAVALENT: &[Antigen] = &[Diphtheria, Tetanus, Pertussis, Polio, Hib];
const TETRAVALENT: &[Antigen] = &[Diphtheria, Tetanus, Pertussis, Polio];
const DTP: &[Antigen] = &[Diphtheria, Tetanus, Polio];
const MMR: &[Antigen] = &[Measles, Mumps, Rubella];
const MMRV: &[Antigen] = &[Measles, Mumps, Rubella, Varicella];
const ACWY: &[Antigen] = &[MeningococcusAcwy, MeningococcusC];

const fn v(
    name: &'static str,
    protects: &'static [Antigen],
    aliases: &'static [&'static str],
) -> Vaccine {
    Vaccine {
        name,
        protects,
        aliases,
    }
}

/// The vaccines of the French calendar, brand names first.
pub const VACCINES: &[Vaccine] = &[
    v(
        "Infanrix Hexa",
        HEXAVALENT,
        &["hexavalent", "DTCaP-Hib-HepB", "DTCaP-Hib-HB"],
    ),
    v("Hexyon", HEXAVALENT, &[]),
    v("Vaxelis", HEXAVALENT, &[]),
    v(
        "Infanrix Quinta",
        PENTAVALENT,
        &["pentavalent", "DTCaP-Hib"],
    ),
    v("Pentavac", PENTAVALENT, &[]),
    v("Infanrix Tetra", TETRAVALENT, &["DTCaP"]),
    v("Tetravac-acellulaire", TETRAVALENT, &["Tetravac"]),
    v("Boostrixtetra", TETRAVALENT, &["dTcaP", "Boostrix Tetra"]),
    v("Repevax", TETRAVALENT, &[]),
    v("Revaxis", DTP, &["dTP", "DTP"]),
    v(
        "Engerix B",
        &[HepatitisB],
        &["Engerix B10", "Engerix B20", "hépatite B"],
    ),
    v("HBVaxpro", &[HepatitisB], &[]),
    v("Prevenar 13", &[Pneumococcus], &["VPC13"]),
    v("Vaxneuvance", &[Pneumococcus], &["VPC15"]),
    v("Prevenar 20", &[Pneumococcus], &["VPC20"]),
    v("Capvaxive", &[Pneumococcus], &["VPC21"]),
    v("Pneumovax", &[Pneumococcus], &["VPP23"]),
    // The ACWY vaccines protect against C too (they follow a first C dose).
    v("Nimenrix", ACWY, &["méningocoque ACWY", "MenACWY"]),
    v("MenQuadfi", ACWY, &[]),
    v("Menveo", ACWY, &[]),
    v("Bexsero", &[MeningococcusB], &["méningocoque B", "MenB"]),
    v("Trumenba", &[MeningococcusB], &[]),
    v("NeisVac-C", &[MeningococcusC], &["méningocoque C", "MenC"]),
    v("Menjugate", &[MeningococcusC], &[]),
    v("M-M-RvaxPro", MMR, &["ROR", "MMR"]),
    v("Priorix", MMR, &[]),
    v("ProQuad", MMRV, &["RORV"]),
    v("Priorix-Tetra", MMRV, &[]),
    v("Gardasil 9", &[Hpv], &["HPV", "papillomavirus"]),
    v("Efluelda", &[Influenza], &["grippe"]),
    v("Fluad", &[Influenza], &[]),
    v("Vaxigrip", &[Influenza], &["Vaxigrip Tetra"]),
    v("Influvac", &[Influenza], &["Influvac Tetra"]),
    v("Fluarix", &[Influenza], &["Fluarix Tetra"]),
    v("Fluenz", &[Influenza], &["Fluenz Tetra"]),
    v("Comirnaty", &[Covid19], &["Covid-19", "Covid"]),
    v("Spikevax", &[Covid19], &[]),
    v("Shingrix", &[Zoster], &["zona"]),
    v("Zostavax", &[Zoster], &[]),
    v("Abrysvo", &[Rsv], &["VRS"]),
    v("Arexvy", &[Rsv], &[]),
    v("mResvia", &[Rsv], &[]),
    v("Rotarix", &[Rotavirus], &["rotavirus"]),
    v("RotaTeq", &[Rotavirus], &[]),
    v("BCG AJVaccines", &[Tuberculosis], &["BCG"]),
    v("Varivax", &[Varicella], &["varicelle"]),
    v("Varilrix", &[Varicella], &[]),
];

/// A name as typed, for comparing: lower case, without accents, spaces,
/// dashes or dots.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// The vaccine a name stands for (its brand or a booklet abbreviation, in
/// any case, with or without accents and dashes); `None` for free text.
/// Case is not kept: "DTCaP" (the full-dose child vaccine) and "dTcaP"
/// (the reduced adult one) protect against the same diseases.
pub fn vaccine_named(name: &str) -> Option<&'static Vaccine> {
    let wanted = folded(name);
    if wanted.is_empty() {
        return None;
    }
    VACCINES
        .iter()
        .find(|v| folded(v.name) == wanted || v.aliases.iter().any(|alias| folded(alias) == wanted))
}

/// What a dose protects against, from the vaccine's name; empty for a
/// name Carnet does not know.
pub fn antigens_of(name: &str) -> &'static [Antigen] {
    vaccine_named(name).map_or(&[], |v| v.protects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brands_and_booklet_abbreviations_name_what_they_protect_against() {
        assert_eq!(antigens_of("Infanrix hexa"), HEXAVALENT);
        assert_eq!(antigens_of("hexavalent"), HEXAVALENT);
        assert_eq!(antigens_of("ROR"), MMR);
        assert_eq!(antigens_of("m-m-rvaxpro"), MMR);
        assert_eq!(antigens_of("Gardasil 9"), &[Hpv]);
        assert_eq!(antigens_of("dTP"), DTP);
        assert_eq!(antigens_of("Méningocoque B"), &[MeningococcusB]);
        assert!(antigens_of("Vaccin inconnu du Japon").is_empty());
        assert!(antigens_of("  ").is_empty());
    }

    #[test]
    fn every_name_and_alias_points_to_one_vaccine() {
        let mut seen = std::collections::BTreeMap::new();
        for v in VACCINES {
            assert!(!v.protects.is_empty(), "{}", v.name);
            for name in std::iter::once(&v.name).chain(v.aliases) {
                if let Some(other) = seen.insert(folded(name), v.name) {
                    assert_eq!(
                        antigens_of(other),
                        v.protects,
                        "{name} is both {other} and {}",
                        v.name
                    );
                }
            }
        }
    }
}
