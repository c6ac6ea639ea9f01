//! Whatever doses are recorded: one state per antigen, never more doses
//! counted than given, and adding a dose never makes anything more overdue
//! (whatever is pending has not been waiting longer than before).

use carnet_calendar::*;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(1950, 1, 1).expect("a date")
}

/// How long the pending dose of an antigen has been waiting (0 when
/// nothing is pending). A new dose may make the next one due, later.
fn waiting_days(a: &Assessment, antigen: Antigen, today: NaiveDate) -> i64 {
    a.antigens
        .iter()
        .find(|s| s.antigen == antigen)
        .filter(|s| matches!(s.state, State::Due | State::Overdue | State::AskDoctor))
        .and_then(|s| s.due_on)
        .map_or(0, |due| (today - due).num_days().max(0))
}

/// A dose: its day of life, and the vaccine's index in the catalogue.
type Dose = (u64, usize);

/// A birth, an age in days, the doses recorded, and one more.
type Scenario = (NaiveDate, u64, Vec<Dose>, Dose);

fn scenario() -> impl Strategy<Value = Scenario> {
    // A birth between 1950 and 2026, an age of up to 90 years, doses at
    // any day of life, of any vaccine of the catalogue.
    (0u64..27_000, 0u64..33_000).prop_flat_map(|(born, age)| {
        let dose = (0..=age, 0..VACCINES.len());
        (
            Just(base() + Days::new(born)),
            Just(age),
            proptest::collection::vec(dose.clone(), 0..12),
            dose,
        )
    })
}

fn doses(birth: NaiveDate, list: &[Dose]) -> Vec<RecordedDose> {
    list.iter()
        .map(|&(day, v)| RecordedDose {
            date: birth + Days::new(day),
            antigens: VACCINES[v].protects.to_vec(),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn one_state_per_antigen_and_never_more_doses_than_given((birth, age, list, _) in scenario()) {
        let today = birth + Days::new(age);
        let given = doses(birth, &list);
        let a = assess(birth, &given, today).expect("a birth before today");
        for antigen in Antigen::ALL {
            let states: Vec<_> = a.antigens.iter().filter(|s| s.antigen == antigen).collect();
            prop_assert!(states.len() <= 1, "{:?} twice", antigen);
            if let Some(s) = states.first() {
                let recorded = given.iter().filter(|d| d.antigens.contains(&antigen)).count();
                prop_assert!(s.doses as usize <= recorded);
                prop_assert!(s.state != State::Done || s.due_on.is_none());
            }
        }
    }

    #[test]
    fn adding_a_dose_never_makes_anything_more_overdue((birth, age, list, extra) in scenario()) {
        let today = birth + Days::new(age);
        let before = assess(birth, &doses(birth, &list), today).expect("a birth before today");
        let mut more = list.clone();
        more.push(extra);
        let after = assess(birth, &doses(birth, &more), today).expect("a birth before today");
        for antigen in Antigen::ALL {
            prop_assert!(
                waiting_days(&after, antigen, today) <= waiting_days(&before, antigen, today),
                "{:?}: {:?} -> {:?}",
                antigen,
                before.antigens.iter().find(|s| s.antigen == antigen),
                after.antigens.iter().find(|s| s.antigen == antigen)
            );
        }
    }
}

/// How long an examination has been waiting (0 when nothing is pending).
fn exam_waiting_days(list: &[ExamStatus], exam: carnet_model::Exam, today: NaiveDate) -> i64 {
    list.iter()
        .find(|s| s.exam == exam)
        .filter(|s| matches!(s.state, State::Due | State::Overdue))
        .and_then(|s| s.due_on)
        .map_or(0, |due| (today - due).num_days().max(0))
}

/// An examination recorded: its day of life, and its index among the exams.
type Visit = (u64, usize);

fn visits(birth: NaiveDate, list: &[Visit]) -> Vec<(carnet_model::Exam, NaiveDate)> {
    list.iter()
        .map(|&(day, e)| (carnet_model::Exam::ALL[e], birth + Days::new(day)))
        .collect()
}

fn exam_scenario() -> impl Strategy<Value = (NaiveDate, u64, bool, Vec<Visit>, Visit)> {
    (0u64..27_000, 0u64..33_000, any::<bool>()).prop_flat_map(|(born, age, woman)| {
        let visit = (0..=age, 0..carnet_model::Exam::ALL.len());
        (
            Just(base() + Days::new(born)),
            Just(age),
            Just(woman),
            proptest::collection::vec(visit.clone(), 0..12),
            visit,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn each_examination_once_and_a_single_child_visit_late_at_a_time((birth, age, woman, list, _) in exam_scenario()) {
        let today = birth + Days::new(age);
        let sex = if woman { carnet_model::Sex::Female } else { carnet_model::Sex::Male };
        let done = visits(birth, &list);
        let out = follow_up(birth, sex, &done, today).expect("a birth before today");
        for exam in carnet_model::Exam::ALL {
            prop_assert!(out.iter().filter(|s| s.exam == *exam).count() <= 1, "{:?} twice", exam);
        }
        let late_child_visits = out
            .iter()
            .filter(|s| s.state == State::Overdue && s.exam.as_str().starts_with("child_"))
            .count();
        prop_assert!(late_child_visits <= 1);
        for s in &out {
            // A check-up done once is done exactly when it is recorded.
            if s.until.is_some() {
                prop_assert_eq!(s.done_on.is_some(), s.state == State::Done);
            }
            prop_assert!(s.state != State::AskDoctor);
        }
    }

    #[test]
    fn recording_an_examination_never_makes_anything_more_overdue((birth, age, woman, list, extra) in exam_scenario()) {
        let today = birth + Days::new(age);
        let sex = if woman { carnet_model::Sex::Female } else { carnet_model::Sex::Male };
        let before = follow_up(birth, sex, &visits(birth, &list), today).expect("a birth before today");
        let mut more = list.clone();
        more.push(extra);
        let after = follow_up(birth, sex, &visits(birth, &more), today).expect("a birth before today");
        for exam in carnet_model::Exam::ALL {
            prop_assert!(
                exam_waiting_days(&after, *exam, today) <= exam_waiting_days(&before, *exam, today),
                "{:?}: {:?} -> {:?}",
                exam,
                before.iter().find(|s| s.exam == *exam),
                after.iter().find(|s| s.exam == *exam)
            );
        }
    }
}
