//! `carnet vaccines`: the official calendar for the profile, from its birth
//! date and the vaccinations recorded, as a parent reads it.

use chrono::{Days, Local, Months};

use crate::util::*;

/// A vault with a baby two months and twenty days old (the first doses
/// were due twenty days ago, late in ten days).
fn baby() -> TestVault {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    json(&dir, &["init", "--member", "Camille"]);
    let today = Local::now().date_naive();
    let birth = today.checked_sub_months(Months::new(3)).unwrap() + Days::new(10);
    json(
        &dir,
        &[
            "profile",
            "add",
            "--name",
            "Léo",
            "--birth",
            &birth.to_string(),
            "--sex",
            "male",
        ],
    );
    TestVault { tmp, dir }
}

/// Records a dose of `vaccine` given today.
fn vaccinated_today(vault: &std::path::Path, vaccine: &str) {
    let today = Local::now().date_naive().to_string();
    json(
        vault,
        &[
            "record",
            "add",
            "vaccination",
            "--vaccine",
            vaccine,
            "--date",
            &today,
        ],
    );
}

fn line<'a>(calendar: &'a serde_json::Value, antigen: &str) -> &'a serde_json::Value {
    calendar["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["antigen"] == antigen)
        .unwrap_or_else(|| panic!("{antigen} listed"))
}

#[test]
fn a_parent_sees_what_is_due_and_a_recorded_dose_moves_it_on() {
    let v = baby();
    let calendar = json(&v.dir, &["vaccines"]);
    let diphtheria = line(&calendar, "diphtheria");
    assert_eq!(diphtheria["state"], "due");
    assert_eq!(diphtheria["compulsory"], true);
    assert!(calendar["edition"]
        .as_str()
        .unwrap()
        .contains("Calendrier des vaccinations et recommandations vaccinales 2025"));
    let text = String::from_utf8_lossy(&run(&v.dir, &["vaccines"]).stdout).into_owned();
    assert!(
        text.contains("Diphtérie : À faire maintenant : 1re dose (date prévue : "),
        "{text}"
    );
    assert!(text.contains("Vaccination obligatoire."), "{text}");

    // The hexavalent vaccine given today: its six diseases move on to the
    // second dose; the pneumococcal dose is still to do.
    vaccinated_today(&v.dir, "Infanrix Hexa");
    let calendar = json(&v.dir, &["vaccines"]);
    for antigen in [
        "diphtheria",
        "tetanus",
        "pertussis",
        "polio",
        "hib",
        "hepatitis_b",
    ] {
        assert_eq!(line(&calendar, antigen)["state"], "upcoming", "{antigen}");
        assert_eq!(line(&calendar, antigen)["doses"], 1, "{antigen}");
    }
    assert_eq!(line(&calendar, "pneumococcus")["state"], "due");
    // Late items and due ones come first.
    assert_eq!(calendar["lines"][0]["state"], "due");
}

#[test]
fn a_vaccine_carnet_does_not_know_is_kept_and_said_so() {
    let v = baby();
    vaccinated_today(&v.dir, "Vaccin reçu au Japon");
    let calendar = json(&v.dir, &["vaccines"]);
    assert_eq!(line(&calendar, "diphtheria")["state"], "due");
    let aside = &calendar["set_aside"][0];
    assert_eq!(aside["vaccine"], "Vaccin reçu au Japon");
    assert!(aside["text"]
        .as_str()
        .unwrap()
        .contains("aucun rappel ne peut en être calculé"));
}

#[test]
fn the_vaccines_carnet_knows_are_listed_with_what_they_protect_against() {
    let v = baby();
    let text = String::from_utf8_lossy(&run(&v.dir, &["vaccines", "--list"]).stdout).into_owned();
    assert!(
        text.contains("M-M-RvaxPro — rougeole, oreillons, rubéole"),
        "{text}"
    );
    assert!(text.contains("Gardasil 9 — infections à papillomavirus (HPV)"));
}

#[test]
fn todo_lists_what_is_late_then_due_now_for_every_child() {
    let v = baby();
    // Inès is 20 months old and nothing is recorded for her: her first MMR
    // dose (12 months) is late.
    let today = Local::now().date_naive();
    let ines = today.checked_sub_months(Months::new(20)).unwrap();
    json(
        &v.dir,
        &[
            "profile",
            "add",
            "--name",
            "Inès",
            "--birth",
            &ines.to_string(),
            "--sex",
            "female",
        ],
    );
    let items = json(&v.dir, &["todo"]);
    let items = items.as_array().unwrap();
    assert_eq!(items[0]["when"], "late");
    assert_eq!(items[0]["profile_name"], "Inès");
    assert!(items.iter().any(|i| i["profile_name"] == "Inès"
        && i["subject"]["antigen"] == "measles"
        && i["when"] == "late"));
    assert!(items.iter().any(|i| i["profile_name"] == "Léo"
        && i["subject"]["antigen"] == "diphtheria"
        && i["when"] == "now"));
    let text = String::from_utf8_lossy(&run(&v.dir, &["todo"]).stdout).into_owned();
    let late = text.find("En retard :").unwrap();
    let now = text.find("À faire maintenant :").unwrap();
    assert!(late < now, "{text}");
    assert!(
        text.contains("  Inès — Rougeole : En retard : 1re dose"),
        "{text}"
    );
    assert!(
        text.contains("  Léo — Diphtérie : À faire maintenant : 1re dose"),
        "{text}"
    );
}
