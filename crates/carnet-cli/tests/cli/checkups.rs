//! `carnet checkups` and the check-ups in `carnet todo`: the child's
//! compulsory examinations and an adult's screenings, as a parent or a
//! caregiver reads them, and a check-up recorded moving them on.

use chrono::{Days, Local, Months};

use crate::util::*;

fn profile(dir: &std::path::Path, name: &str, birth: chrono::NaiveDate, sex: &str) {
    json(
        dir,
        &[
            "profile",
            "add",
            "--name",
            name,
            "--birth",
            &birth.to_string(),
            "--sex",
            sex,
        ],
    );
}

fn line<'a>(list: &'a serde_json::Value, exam: &str) -> &'a serde_json::Value {
    list["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["exam"] == exam)
        .unwrap_or_else(|| panic!("{exam} listed"))
}

#[test]
fn the_nine_month_certificate_is_due_then_done_once_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    json(&dir, &["init", "--member", "Camille"]);
    let today = Local::now().date_naive();
    // Nine months old in ten days.
    let birth = today.checked_sub_months(Months::new(9)).unwrap() + Days::new(10);
    profile(&dir, "Léa", birth, "female");

    let list = json(&dir, &["checkups"]);
    let nine = line(&list, "child_9_months");
    assert_eq!(nine["state"], "due");
    assert_eq!(nine["certificate"], true);
    assert_eq!(nine["group"], "child");
    assert_eq!(line(&list, "child_12_months")["state"], "upcoming");
    let text = String::from_utf8_lossy(&run(&dir, &["checkups"]).stdout).into_owned();
    assert!(
        text.contains(
            "Examen des 9 mois (2e certificat de santé) [child_9_months] : À faire entre le "
        ),
        "{text}"
    );
    let todo = json(&dir, &["todo"]);
    assert!(todo
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["subject"]["exam"] == "child_9_months" && i["when"] == "now"));

    json(
        &dir,
        &[
            "record",
            "add",
            "checkup",
            "--exam",
            "child_9_months",
            "--date",
            &today.to_string(),
            "--performer",
            "Dr Petit",
        ],
    );
    let list = json(&dir, &["checkups"]);
    assert_eq!(line(&list, "child_9_months")["state"], "done");
    let todo = json(&dir, &["todo"]);
    assert!(!todo
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["subject"]["exam"] == "child_9_months"));
}

#[test]
fn a_caregiver_sees_a_mothers_screenings_and_bad_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    json(&dir, &["init", "--member", "Camille"]);
    let today = Local::now().date_naive();
    let birth = today.checked_sub_months(Months::new(12 * 62)).unwrap();
    profile(&dir, "Monique", birth, "female");
    let list = json(&dir, &["checkups"]);
    for exam in [
        "prevention_60_65",
        "screening_breast",
        "screening_colorectal",
        "screening_cervical",
    ] {
        assert_eq!(line(&list, exam)["state"], "due", "{exam}");
    }
    assert!(list["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["group"] != "child"));

    // Another visit needs its name; a date before birth is refused.
    let out = run(
        &dir,
        &["record", "add", "checkup", "--date", &today.to_string()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("title"), "{err}");
    let before = (birth - Days::new(1)).to_string();
    let out = run(
        &dir,
        &[
            "record",
            "add",
            "checkup",
            "--exam",
            "screening_breast",
            "--date",
            &before,
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("avant la date de naissance"), "{err}");
    let out = run(
        &dir,
        &[
            "record",
            "add",
            "checkup",
            "--exam",
            "mammo",
            "--date",
            &today.to_string(),
        ],
    );
    assert!(!out.status.success());

    // A mammogram today: done, the next in two years.
    let mammogram = json(
        &dir,
        &[
            "record",
            "add",
            "checkup",
            "--exam",
            "screening_breast",
            "--date",
            &today.to_string(),
        ],
    );
    assert!(mammogram["id"].is_string());
    let list = json(&dir, &["checkups"]);
    let breast = line(&list, "screening_breast");
    assert_eq!(breast["state"], "done");
    assert_eq!(
        breast["due_on"],
        today
            .checked_add_months(Months::new(24))
            .unwrap()
            .to_string()
    );
}
