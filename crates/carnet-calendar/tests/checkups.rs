//! Worked cases of the examinations besides vaccines (docs/prevention-calendar.md):
//! the child's compulsory examinations from birth to 18, the prevention
//! check-ups, the three organised cancer screenings, and bad input.

use carnet_calendar::*;
use carnet_model::{Exam, Sex};
use chrono::NaiveDate;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn on(birth: &str, sex: Sex, done: &[(Exam, &str)], today: &str) -> Vec<ExamStatus> {
    let done: Vec<(Exam, NaiveDate)> = done.iter().map(|&(e, d)| (e, day(d))).collect();
    follow_up(day(birth), sex, &done, day(today)).expect("a birth date before today")
}

fn of(list: &[ExamStatus], exam: Exam) -> Option<&ExamStatus> {
    list.iter().find(|s| s.exam == exam)
}

fn state(list: &[ExamStatus], exam: Exam) -> Option<State> {
    of(list, exam).map(|s| s.state)
}

fn listed(list: &[ExamStatus]) -> Vec<Exam> {
    list.iter().map(|s| s.exam).collect()
}

fn in_state(list: &[ExamStatus], wanted: State) -> Vec<Exam> {
    list.iter()
        .filter(|s| s.state == wanted)
        .map(|s| s.exam)
        .collect()
}

const BABY: &str = "2026-01-15";

#[test]
fn a_newborn_is_due_for_the_first_two_examinations() {
    let list = on(BABY, Sex::Female, &[], "2026-01-18");
    assert_eq!(
        in_state(&list, State::Due),
        [Exam::Child8Days, Exam::Child2Weeks]
    );
    let first = of(&list, Exam::Child8Days).unwrap();
    assert!(first.certificate);
    assert_eq!(first.due_on, Some(day(BABY)));
    assert_eq!(first.until, Some(day("2026-01-23")));
    // The whole checklist is there, the rest to come.
    assert_eq!(list.len(), 20);
    assert_eq!(state(&list, Exam::Child2Months), Some(State::Upcoming));
    // No adult examination for a baby.
    assert!(of(&list, Exam::Prevention18To25).is_none());
    assert!(of(&list, Exam::CervicalScreening).is_none());
}

#[test]
fn the_first_certificate_missed_is_late_only_until_the_next_visit_closes() {
    let late = on(BABY, Sex::Male, &[], "2026-01-26");
    assert_eq!(state(&late, Exam::Child8Days), Some(State::Overdue));
    assert_eq!(state(&late, Exam::Child2Weeks), Some(State::Due));
    let passed = on(BABY, Sex::Male, &[], "2026-02-05");
    assert_eq!(state(&passed, Exam::Child8Days), Some(State::Closed));
    assert_eq!(state(&passed, Exam::Child2Weeks), Some(State::Overdue));
}

#[test]
fn at_two_months_the_visit_of_the_vaccines_is_due() {
    let done = [
        (Exam::Child8Days, "2026-01-17"),
        (Exam::Child2Weeks, "2026-01-27"),
    ];
    let list = on(BABY, Sex::Female, &done, "2026-03-15");
    assert_eq!(in_state(&list, State::Due), [Exam::Child2Months]);
    assert_eq!(
        in_state(&list, State::Done),
        [Exam::Child8Days, Exam::Child2Weeks]
    );
    assert_eq!(
        of(&list, Exam::Child8Days).unwrap().done_on,
        Some(day("2026-01-17"))
    );
}

#[test]
fn at_eight_and_a_half_months_the_nine_month_certificate_is_coming() {
    let done = [
        (Exam::Child8Days, "2026-01-17"),
        (Exam::Child6Months, "2026-07-16"),
    ];
    let list = on(BABY, Sex::Female, &done, "2026-09-30");
    let nine = of(&list, Exam::Child9Months).unwrap();
    assert_eq!(nine.state, State::Due);
    assert_eq!(nine.due_on, Some(day("2026-10-15")));
    assert!(nine.certificate);
    // The months between, not recorded, are over: only the next visit counts.
    assert_eq!(state(&list, Exam::Child4Months), Some(State::Closed));
    assert!(in_state(&list, State::Overdue).is_empty());
}

#[test]
fn the_nine_month_examination_recorded_is_done() {
    let done = [(Exam::Child9Months, "2026-10-20")];
    let list = on(BABY, Sex::Female, &done, "2026-10-25");
    assert_eq!(state(&list, Exam::Child9Months), Some(State::Done));
}

#[test]
fn a_six_month_visit_missed_is_late_until_the_nine_month_one_closes() {
    let list = on(BABY, Sex::Male, &[], "2026-08-20");
    assert_eq!(in_state(&list, State::Overdue), [Exam::Child6Months]);
    let later = on(BABY, Sex::Male, &[], "2026-11-20");
    assert_eq!(state(&later, Exam::Child6Months), Some(State::Closed));
    assert_eq!(in_state(&later, State::Overdue), [Exam::Child9Months]);
}

#[test]
fn at_twelve_and_thirteen_months_two_visits_follow_each_other() {
    // A month ahead, the next one shows with the date it opens.
    let list = on(BABY, Sex::Male, &[], "2027-01-20");
    assert_eq!(
        in_state(&list, State::Due),
        [Exam::Child12Months, Exam::Child13Months]
    );
    assert_eq!(
        of(&list, Exam::Child13Months).unwrap().due_on,
        Some(day("2027-02-15"))
    );
    let list = on(
        BABY,
        Sex::Male,
        &[(Exam::Child12Months, "2027-01-20")],
        "2027-02-20",
    );
    assert_eq!(in_state(&list, State::Due), [Exam::Child13Months]);
}

#[test]
fn between_sixteen_and_eighteen_months_one_visit() {
    let list = on(BABY, Sex::Female, &[], "2027-06-01");
    let visit = of(&list, Exam::Child16To18Months).unwrap();
    assert_eq!(visit.state, State::Due);
    assert_eq!(visit.until, Some(day("2027-08-14")));
}

#[test]
fn the_third_certificate_at_two_years() {
    let list = on(
        BABY,
        Sex::Female,
        &[(Exam::Child16To18Months, "2027-06-01")],
        "2028-01-20",
    );
    let two = of(&list, Exam::Child24Months).unwrap();
    assert_eq!((two.state, two.certificate), (State::Due, true));
    assert_eq!(two.until, Some(day("2028-03-14")));
}

#[test]
fn one_visit_a_year_from_three_to_seven() {
    for (age, exam) in [
        ("2029-01-20", Exam::Child3Years),
        ("2030-01-20", Exam::Child4Years),
        ("2031-01-20", Exam::Child5Years),
        ("2032-01-20", Exam::Child6Years),
        ("2033-01-20", Exam::Child7Years),
    ] {
        let list = on(BABY, Sex::Male, &[], age);
        assert_eq!(in_state(&list, State::Due), [exam], "{age}");
    }
}

#[test]
fn school_age_and_teenage_visits_span_several_years() {
    let list = on("2014-09-01", Sex::Female, &[], "2026-12-01");
    assert_eq!(in_state(&list, State::Due), [Exam::Child11To13Years]);
    let list = on("2010-09-01", Sex::Male, &[], "2026-12-01");
    assert_eq!(in_state(&list, State::Due), [Exam::Child15To16Years]);
    // At 17 the last one is late; at 18 the child's checklist closes.
    let list = on("2009-09-01", Sex::Male, &[], "2026-12-01");
    assert_eq!(in_state(&list, State::Overdue), [Exam::Child15To16Years]);
    let adult = on("2008-09-01", Sex::Male, &[], "2026-12-01");
    assert!(of(&adult, Exam::Child15To16Years).is_none());
    assert_eq!(in_state(&adult, State::Due), [Exam::Prevention18To25]);
}

#[test]
fn an_adult_with_a_recorded_childhood_keeps_the_checklist() {
    let list = on(
        "2000-03-01",
        Sex::Female,
        &[(Exam::Child8Days, "2000-03-05")],
        "2026-12-01",
    );
    assert_eq!(state(&list, Exam::Child8Days), Some(State::Done));
    assert_eq!(state(&list, Exam::Child2Weeks), Some(State::Closed));
}

#[test]
fn prevention_check_ups_in_their_age_bands() {
    // 25: the first band still open until the 26th birthday.
    let list = on("2001-06-10", Sex::Male, &[], "2026-12-01");
    let band = of(&list, Exam::Prevention18To25).unwrap();
    assert_eq!(band.state, State::Due);
    assert_eq!(band.until, Some(day("2027-06-09")));
    // 44 and 3 months: the next band is announced; 40 years: nothing yet.
    let list = on("1982-09-01", Sex::Male, &[], "2026-12-01");
    assert_eq!(state(&list, Exam::Prevention45To50), Some(State::Upcoming));
    let list = on("1986-09-01", Sex::Male, &[], "2026-12-01");
    assert!(listed(&list).is_empty());
    // 47: due; done once, done.
    let list = on("1979-05-01", Sex::Male, &[], "2026-12-01");
    assert_eq!(in_state(&list, State::Due), [Exam::Prevention45To50]);
    let list = on(
        "1979-05-01",
        Sex::Male,
        &[(Exam::Prevention45To50, "2025-04-01")],
        "2026-12-01",
    );
    assert_eq!(in_state(&list, State::Done), [Exam::Prevention45To50]);
    // 65 and 75: the last day of each band.
    let list = on("1961-06-01", Sex::Male, &[], "2026-12-01");
    assert_eq!(state(&list, Exam::Prevention60To65), Some(State::Due));
    let list = on("1951-06-01", Sex::Male, &[], "2026-12-01");
    assert_eq!(state(&list, Exam::Prevention70To75), Some(State::Due));
    // A band passed without a check-up is not a reproach.
    let list = on("1949-06-01", Sex::Male, &[], "2026-12-01");
    assert!(of(&list, Exam::Prevention70To75).is_none());
}

#[test]
fn at_fifty_a_woman_is_invited_to_both_screenings_a_man_to_one() {
    let woman = on("1976-10-01", Sex::Female, &[], "2026-12-01");
    assert_eq!(
        in_state(&woman, State::Due),
        [
            Exam::Prevention45To50,
            Exam::BreastScreening,
            Exam::ColorectalScreening,
            Exam::CervicalScreening
        ]
    );
    let man = on("1976-10-01", Sex::Male, &[], "2026-12-01");
    assert_eq!(
        in_state(&man, State::Due),
        [Exam::Prevention45To50, Exam::ColorectalScreening]
    );
    // Sex not given: the screenings for women are not assumed.
    let unknown = on("1976-10-01", Sex::Unspecified, &[], "2026-12-01");
    assert!(of(&unknown, Exam::BreastScreening).is_none());
}

#[test]
fn a_mammogram_every_two_years() {
    let done = [(Exam::BreastScreening, "2025-11-10")];
    let list = on("1970-03-01", Sex::Female, &done, "2026-12-01");
    let breast = of(&list, Exam::BreastScreening).unwrap();
    assert_eq!(breast.state, State::Done);
    assert_eq!(breast.due_on, Some(day("2027-11-10")));
    assert_eq!(breast.done_on, Some(day("2025-11-10")));
    // Two years on: due; six months later, late.
    let list = on("1970-03-01", Sex::Female, &done, "2027-11-20");
    assert_eq!(state(&list, Exam::BreastScreening), Some(State::Due));
    let list = on("1970-03-01", Sex::Female, &done, "2028-06-01");
    assert_eq!(state(&list, Exam::BreastScreening), Some(State::Overdue));
}

#[test]
fn a_screening_never_recorded_is_due_not_late() {
    // She may have had it before keeping her record here.
    let list = on("1965-01-01", Sex::Female, &[], "2026-12-01");
    assert_eq!(state(&list, Exam::BreastScreening), Some(State::Due));
    assert_eq!(state(&list, Exam::CervicalScreening), Some(State::Due));
}

#[test]
fn screenings_stop_at_seventy_five() {
    let list = on("1950-01-01", Sex::Female, &[], "2026-12-01");
    assert!(of(&list, Exam::BreastScreening).is_none());
    assert!(of(&list, Exam::ColorectalScreening).is_none());
    // Recorded ones stay in the history, closed.
    let done = [(Exam::ColorectalScreening, "2020-05-01")];
    let list = on("1950-01-01", Sex::Female, &done, "2026-12-01");
    let colorectal = of(&list, Exam::ColorectalScreening).unwrap();
    assert_eq!((colorectal.state, colorectal.due_on), (State::Closed, None));
    // A test at 73 and 8 months needs no other.
    let done = [(Exam::ColorectalScreening, "2026-02-01")];
    let list = on("1952-06-01", Sex::Male, &done, "2026-12-01");
    let last = of(&list, Exam::ColorectalScreening).unwrap();
    assert_eq!((last.state, last.due_on), (State::Done, None));
}

#[test]
fn cervical_screening_two_smears_a_year_apart_then_three_years_then_hpv_every_five() {
    let birth = "2000-03-01";
    let list = on(birth, Sex::Female, &[], "2026-12-01");
    assert_eq!(state(&list, Exam::CervicalScreening), Some(State::Due));
    let one = [(Exam::CervicalScreening, "2025-04-01")];
    let list = on(birth, Sex::Female, &one, "2026-06-01");
    let next = of(&list, Exam::CervicalScreening).unwrap();
    assert_eq!(
        (next.state, next.due_on),
        (State::Due, Some(day("2026-04-01")))
    );
    let list = on(birth, Sex::Female, &one, "2026-12-01");
    assert_eq!(state(&list, Exam::CervicalScreening), Some(State::Overdue));
    let two = [
        (Exam::CervicalScreening, "2025-04-01"),
        (Exam::CervicalScreening, "2026-04-15"),
    ];
    let list = on(birth, Sex::Female, &two, "2026-12-01");
    let next = of(&list, Exam::CervicalScreening).unwrap();
    assert_eq!(
        (next.state, next.due_on),
        (State::Done, Some(day("2029-04-15")))
    );
    // From 30, an HPV test every five years.
    let hpv = [(Exam::CervicalScreening, "2024-06-01")];
    let list = on("1990-03-01", Sex::Female, &hpv, "2026-12-01");
    assert_eq!(
        of(&list, Exam::CervicalScreening).unwrap().due_on,
        Some(day("2029-06-01"))
    );
}

#[test]
fn a_date_after_today_or_before_birth_marks_nothing_done() {
    // The computer's clock set back: the visit "recorded tomorrow" does not count.
    let list = on(
        BABY,
        Sex::Female,
        &[(Exam::Child8Days, "2026-01-20")],
        "2026-01-18",
    );
    assert_eq!(state(&list, Exam::Child8Days), Some(State::Due));
    let list = on(
        BABY,
        Sex::Female,
        &[(Exam::Child8Days, "2025-12-31")],
        "2026-01-18",
    );
    assert_eq!(state(&list, Exam::Child8Days), Some(State::Due));
}

#[test]
fn a_birth_date_in_the_future_is_refused() {
    assert_eq!(
        follow_up(day("2027-01-01"), Sex::Female, &[], day("2026-12-01")),
        Err(AssessError::BirthInTheFuture)
    );
}

#[test]
fn another_visit_is_not_an_examination_of_the_calendars() {
    let list = on(
        BABY,
        Sex::Female,
        &[(Exam::Other, "2026-01-17")],
        "2026-01-18",
    );
    assert!(of(&list, Exam::Other).is_none());
    assert_eq!(state(&list, Exam::Child8Days), Some(State::Due));
}
