//! What a vaccine protects against: one antigen per disease the calendar
//! names, so a dose of a combined vaccine counts for each of them.

use carnet_model::Lang;
use serde::{Deserialize, Serialize};

/// A disease the French calendar vaccinates against.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Antigen {
    Diphtheria,
    Tetanus,
    Pertussis,
    Polio,
    /// *Haemophilus influenzae* b.
    Hib,
    HepatitisB,
    Pneumococcus,
    /// Meningococci A, C, W and Y (the tetravalent conjugate vaccine).
    MeningococcusAcwy,
    MeningococcusB,
    /// Meningococcus C alone (children born 2018 to 2024).
    MeningococcusC,
    Measles,
    Mumps,
    Rubella,
    /// Human papillomavirus.
    Hpv,
    Influenza,
    Covid19,
    /// Shingles.
    Zoster,
    /// Respiratory syncytial virus.
    Rsv,
    Rotavirus,
    /// Tuberculosis (BCG).
    Tuberculosis,
    Varicella,
}

impl Antigen {
    /// Every antigen, in the order the booklet lists them.
    pub const ALL: [Antigen; 21] = [
        Antigen::Diphtheria,
        Antigen::Tetanus,
        Antigen::Pertussis,
        Antigen::Polio,
        Antigen::Hib,
        Antigen::HepatitisB,
        Antigen::Pneumococcus,
        Antigen::MeningococcusAcwy,
        Antigen::MeningococcusB,
        Antigen::MeningococcusC,
        Antigen::Measles,
        Antigen::Mumps,
        Antigen::Rubella,
        Antigen::Hpv,
        Antigen::Influenza,
        Antigen::Covid19,
        Antigen::Zoster,
        Antigen::Rsv,
        Antigen::Rotavirus,
        Antigen::Tuberculosis,
        Antigen::Varicella,
    ];

    /// The disease in plain words, as a parent reads it.
    pub fn name(self, lang: Lang) -> &'static str {
        use Antigen::*;
        match self {
            Diphtheria => lang.pick("diphtérie", "diphtheria"),
            Tetanus => lang.pick("tétanos", "tetanus"),
            Pertussis => lang.pick("coqueluche", "whooping cough"),
            Polio => lang.pick("poliomyélite", "polio"),
            Hib => lang.pick(
                "infections à Haemophilus influenzae b",
                "Haemophilus influenzae type b infections",
            ),
            HepatitisB => lang.pick("hépatite B", "hepatitis B"),
            Pneumococcus => lang.pick("infections à pneumocoque", "pneumococcal infections"),
            MeningococcusAcwy => lang.pick(
                "méningites à méningocoques A, C, W, Y",
                "meningococcal A, C, W, Y meningitis",
            ),
            MeningococcusB => lang.pick("méningite à méningocoque B", "meningococcal B meningitis"),
            MeningococcusC => lang.pick("méningite à méningocoque C", "meningococcal C meningitis"),
            Measles => lang.pick("rougeole", "measles"),
            Mumps => lang.pick("oreillons", "mumps"),
            Rubella => lang.pick("rubéole", "rubella"),
            Hpv => lang.pick(
                "infections à papillomavirus (HPV)",
                "human papillomavirus (HPV) infections",
            ),
            Influenza => lang.pick("grippe", "flu"),
            Covid19 => "Covid-19",
            Zoster => lang.pick("zona", "shingles"),
            Rsv => lang.pick(
                "bronchiolite et infections à VRS",
                "RSV (respiratory syncytial virus) infections",
            ),
            Rotavirus => lang.pick("gastro-entérite à rotavirus", "rotavirus gastroenteritis"),
            Tuberculosis => lang.pick("tuberculose", "tuberculosis"),
            Varicella => lang.pick("varicelle", "chickenpox"),
        }
    }
}
