//! The state machine and the error codes the shell and the CLI rely on.
#![allow(clippy::unwrap_used)]

use carnet_api::{Carnet, ErrorCode, Secret};
use carnet_model::*;

fn secret(s: &str) -> Secret {
    Secret::from(s.to_string())
}

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn allergy(substance: &str, severity: AllergySeverity) -> RecordBody {
    RecordBody::Allergy(Allergy {
        substance: substance.into(),
        reaction: None,
        severity,
        status: AllergyStatus::Active,
        onset: None,
    })
}

fn dose(n: u8, date: &str, next: Option<&str>) -> RecordBody {
    RecordBody::Vaccination(Vaccination {
        vaccine: "ROR".into(),
        dose_number: Some(n),
        date: d(date),
        lot: None,
        administered_by: None,
        next_due: next.map(d),
    })
}

#[test]
fn locked_states_and_error_codes() {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let tmp = tempfile::tempdir().unwrap();
    let mut carnet = Carnet::new(tmp.path().join("v"), Lang::En);
    assert_eq!(carnet.members().unwrap_err().code, ErrorCode::NoVault);
    assert!(!carnet.status().vault_exists);

    carnet
        .create_vault("Alice", &secret("alice passphrase"))
        .unwrap();
    assert_eq!(carnet.records(None).unwrap_err().code, ErrorCode::NoProfile);
    let weak = carnet.add_member("Bob", &secret("short")).unwrap_err();
    assert_eq!(
        (weak.code, weak.field.as_deref()),
        (ErrorCode::WeakPassphrase, Some("passphrase"))
    );

    carnet
        .create_profile(ProfileInfo {
            name: "Léa".into(),
            birth_date: d("2019-01-01"),
            sex: Sex::Female,
            nir: None,
            doctor: None,
            emergency_contacts: Vec::new(),
        })
        .unwrap();
    let invalid = carnet
        .add_record(allergy(" ", AllergySeverity::Mild), None)
        .unwrap_err();
    assert_eq!(
        (invalid.code, invalid.field.as_deref()),
        (ErrorCode::Invalid, Some("substance"))
    );
    assert!(invalid.message.contains("required"));

    carnet.lock();
    let status = carnet.status();
    assert!(status.vault_exists && !status.unlocked && status.profile_id.is_none());
    assert_eq!(carnet.records(None).unwrap_err().code, ErrorCode::Locked);
    let wrong = carnet.unlock("Alice", &secret("not alice's")).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
    carnet.set_lang(Lang::Fr);
    let wrong = carnet.unlock("alice", &secret("not alice's")).unwrap_err();
    assert!(wrong.message.contains("phrase de passe"));
    carnet.unlock("alice", &secret("alice passphrase")).unwrap();
    assert_eq!(carnet.profiles().unwrap().len(), 1);
}

/// A vault of Alice's, unlocked, with one profile open; the folder lives as long as the guard.
fn vault_with_profile(name: &str) -> (tempfile::TempDir, Carnet) {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let tmp = tempfile::tempdir().unwrap();
    let mut carnet = Carnet::new(tmp.path().join("v"), Lang::Fr);
    carnet
        .create_vault("Alice", &secret("alice passphrase"))
        .unwrap();
    carnet
        .create_profile(ProfileInfo {
            name: name.into(),
            birth_date: d("2024-01-01"),
            sex: Sex::Unspecified,
            nir: None,
            doctor: None,
            emergency_contacts: Vec::new(),
        })
        .unwrap();
    (tmp, carnet)
}

#[test]
fn overview_puts_severe_allergies_first_and_says_which_vaccines_to_do() {
    let (_tmp, mut carnet) = vault_with_profile("Léo");
    let mut travel = dose(1, "2025-03-01", Some("2025-06-10"));
    if let RecordBody::Vaccination(v) = &mut travel {
        v.vaccine = "Vaccin de voyage".into();
    }
    carnet
        .add_records(vec![
            (allergy("pollen", AllergySeverity::Mild), None),
            (allergy("arachide", AllergySeverity::Severe), None),
            (dose(1, "2025-01-10", Some("2025-06-10")), None),
            (dose(2, "2025-06-12", None), None),
            (travel, None),
        ])
        .unwrap();
    let o = carnet.overview().unwrap();
    let allergies: Vec<String> = o.allergies.iter().map(|r| r.body.title(Lang::Fr)).collect();
    assert_eq!(allergies, ["arachide", "pollen"]);
    assert_eq!(o.vaccinations.len(), 3);
    // Two MMR doses: measles is done, so not to do; the infant doses
    // nobody recorded are; the booster written down for a vaccine the
    // calendar does not know is late, in words.
    let to_do = &o.vaccines_to_do;
    assert!(!to_do
        .iter()
        .any(|l| l.antigen == Some(carnet_api::Antigen::Measles)));
    assert!(to_do
        .iter()
        .any(|l| l.antigen == Some(carnet_api::Antigen::HepatitisB)
            && l.state == carnet_api::CalendarState::Overdue));
    let travel = to_do
        .iter()
        .find(|l| l.disease == "Vaccin de voyage")
        .unwrap();
    assert_eq!(travel.text, "Rappel noté pour le 10 juin 2025 : en retard.");
    assert_eq!(o.totals.vaccines_to_do, to_do.len());
    assert_eq!(o.record_count, 5);
}

#[test]
fn a_large_record_keeps_the_overview_short_with_the_severe_allergies_shown() {
    let (_tmp, mut carnet) = vault_with_profile("Jeanne");
    let mut items: Vec<(RecordBody, Option<String>)> = (0..60)
        .map(|i| (allergy(&format!("pollen {i}"), AllergySeverity::Mild), None))
        .collect();
    items.push((allergy("pénicilline", AllergySeverity::Severe), None));
    carnet.add_records(items).unwrap();
    let o = carnet.overview().unwrap();
    assert_eq!(o.allergies.len(), 20, "a section shows its first 20");
    assert_eq!(o.totals.allergies, 61, "and says how many there are in all");
    assert_eq!(o.allergies[0].body.title(Lang::Fr), "pénicilline");
}

#[test]
fn a_vaccination_before_birth_is_refused_under_its_date() {
    let (_tmp, mut carnet) = vault_with_profile("Léo");
    let err = carnet
        .add_record(dose(1, "2023-12-01", None), None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(err.field.as_deref(), Some("date"));
    assert!(
        err.message.contains("avant la date de naissance"),
        "{}",
        err.message
    );
    // On the day of birth it is kept; moved before birth by an edit, refused.
    let kept = carnet
        .add_record(dose(1, "2024-01-01", None), None)
        .unwrap();
    let err = carnet
        .update_record(&kept.id, dose(1, "2023-06-01", None), None)
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("date"));
    assert_eq!(carnet.records(None).unwrap().len(), 1);
}
