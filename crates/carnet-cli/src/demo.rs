//! A demo vault with a synthetic family, and the overview as plain text.

use std::ops::ControlFlow;

use carnet_api::Secret;
use carnet_api::{ApiResult, Carnet, Overview};
use carnet_model::*;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().expect("demo dates are valid")
}

fn weight(at: &str, kg: f64) -> (RecordBody, Option<String>) {
    (
        RecordBody::Measurement(Measurement {
            kind: MeasurementKind::Weight,
            value: kg,
            value2: None,
            unit: "kg".into(),
            taken_at: format!("{at}T09:00:00").parse().expect("valid"),
        }),
        None,
    )
}

fn vaccine(name: &str, dose: u8, date: &str, next: Option<&str>) -> (RecordBody, Option<String>) {
    (
        RecordBody::Vaccination(Vaccination {
            vaccine: name.into(),
            dose_number: Some(dose),
            date: d(date),
            lot: Some(format!("DEMO{dose}")),
            administered_by: Some("Dr Claire Dupont".into()),
            next_due: next.map(d),
        }),
        None,
    )
}

/// Creates the demo family: Camille (the member) and her son Léo.
pub fn create(carnet: &mut Carnet, pass: &Secret) -> ApiResult<()> {
    carnet.create_vault("Camille", pass)?;
    carnet.create_profile(ProfileInfo {
        name: "Camille Martin".into(),
        birth_date: d("1984-03-12"),
        sex: Sex::Female,
        nir: Some(Nir::parse("284037512345640").expect("valid demo NIR")),
        doctor: None,
        emergency_contacts: Vec::new(),
    })?;
    carnet.add_records(vec![
        (
            RecordBody::Allergy(Allergy {
                substance: "Pénicilline".into(),
                reaction: Some("Urticaire géante".into()),
                severity: AllergySeverity::Severe,
                status: AllergyStatus::Active,
                onset: Some(d("2003-06-01")),
            }),
            None,
        ),
        (
            RecordBody::Treatment(Treatment {
                medication: "Lévothyroxine 75 µg".into(),
                dose: Some("1 comprimé".into()),
                frequency: Some("le matin à jeun".into()),
                route: Some(Route::Oral),
                start: Some(d("2020-01-15")),
                end: None,
                prescriber: Some("Dr Paul Bernard".into()),
                prescriber_rpps: Some(Rpps::parse("10001045367").expect("valid")),
            }),
            None,
        ),
        (
            RecordBody::Condition(Condition {
                name: "Hypothyroïdie".into(),
                status: ConditionStatus::Active,
                onset: Some(d("2019-11-02")),
                resolved: None,
            }),
            None,
        ),
        vaccine(
            "dTcaPolio (rappel 25 ans)",
            1,
            "2009-05-04",
            Some("2029-03-12"),
        ),
        weight("2025-01-10", 64.0),
        weight("2025-06-10", 63.2),
    ])?;
    let pdf = carnet_model::sample_pdf(
        "Compte rendu de consultation - TSH 2.1 mUI/L - Dr Paul Bernard",
        0,
    );
    let path = std::env::temp_dir().join(format!("carnet-demo-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).map_err(|e| carnet_api::ApiError::io(e, carnet.lang()))?;
    let imported = carnet.import_document(
        &path,
        DocumentInput {
            title: "Consultation endocrinologie".into(),
            type_code: "11488-4".into(),
            date: d("2025-06-10"),
            author: Some("Dr Paul Bernard".into()),
            author_rpps: Some(Rpps::parse("10001045367").expect("valid")),
            source: DocumentSource::Professional,
            hidden: false,
            notes: None,
        },
        &mut |_, _| ControlFlow::Continue(()),
    );
    let _ = std::fs::remove_file(&path);
    imported?;

    carnet.create_profile(ProfileInfo {
        name: "Léo Martin".into(),
        birth_date: d("2024-02-20"),
        sex: Sex::Male,
        nir: None,
        doctor: None,
        emergency_contacts: Vec::new(),
    })?;
    carnet.add_records(vec![
        (
            RecordBody::Allergy(Allergy {
                substance: "Arachide".into(),
                reaction: Some("Gonflement des lèvres".into()),
                severity: AllergySeverity::Moderate,
                status: AllergyStatus::Active,
                onset: Some(d("2025-09-01")),
            }),
            None,
        ),
        vaccine(
            "DTCaP-Hib-HepB (hexavalent)",
            1,
            "2024-04-22",
            Some("2024-06-20"),
        ),
        vaccine(
            "DTCaP-Hib-HepB (hexavalent)",
            2,
            "2024-06-20",
            Some("2025-01-20"),
        ),
        vaccine("DTCaP-Hib-HepB (hexavalent)", 3, "2025-01-21", None),
        vaccine("ROR", 1, "2025-02-24", Some("2025-07-20")),
        weight("2024-02-20", 3.4),
        weight("2024-06-20", 6.8),
        weight("2025-02-24", 9.9),
    ])?;
    Ok(())
}

/// The overview as lines of plain text.
pub fn overview_text(o: &Overview, lang: Lang) -> String {
    let mut lines = vec![format!("== {} ({}) ==", o.info.name, o.info.birth_date)];
    let mut section = |title: &str, items: Vec<String>| {
        lines.push(format!("\n{title}"));
        if items.is_empty() {
            lines.push(format!("  {}", lang.pick("(rien)", "(none)")));
        }
        lines.extend(items.into_iter().map(|i| format!("  - {i}")));
    };
    let titles = |records: &[Record]| {
        records
            .iter()
            .map(|r| r.body.title(lang))
            .collect::<Vec<_>>()
    };
    section(lang.pick("Allergies", "Allergies"), titles(&o.allergies));
    section(
        lang.pick("Traitements en cours", "Current treatments"),
        titles(&o.current_treatments),
    );
    section(
        lang.pick("Vaccinations", "Vaccinations"),
        o.vaccinations
            .iter()
            .map(|r| match &r.body {
                RecordBody::Vaccination(v) => format!("{} ({})", v.vaccine, v.date),
                _ => String::new(),
            })
            .collect(),
    );
    section(
        lang.pick("Vaccins à faire", "Vaccines to do"),
        o.vaccines_to_do
            .iter()
            .map(|l| format!("{}{} {}", l.disease, lang.pick(" :", ":"), l.text))
            .collect(),
    );
    section(lang.pick("Maladies", "Conditions"), titles(&o.conditions));
    section(
        lang.pick("Dernières mesures", "Latest measurements"),
        titles(&o.latest_measurements),
    );
    section(
        lang.pick("Documents récents", "Recent documents"),
        o.recent_documents
            .iter()
            .map(|d| format!("{} ({})", d.input.title, d.input.date))
            .collect(),
    );
    lines.join("\n")
}
