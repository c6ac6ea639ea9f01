//! Worked cases written from the 2025 calendar: an infant at 2, 4, 5, 11,
//! 12 and 16–18 months, children at 6 and 11–13 years, adults at 25, 45,
//! 65 and 75, missed doses, a child arrived from abroad with partial
//! records, and the bad input a person can type.

use carnet_calendar::*;
use chrono::NaiveDate;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// A dose of a vaccine picked by name.
fn dose(date: &str, vaccine: &str) -> RecordedDose {
    let antigens = antigens_of(vaccine).to_vec();
    assert!(!antigens.is_empty(), "{vaccine} is in the catalogue");
    RecordedDose {
        date: day(date),
        antigens,
    }
}

fn on(birth: &str, doses: &[RecordedDose], today: &str) -> Assessment {
    assess(day(birth), doses, day(today)).expect("a birth date before today")
}

fn of(a: &Assessment, antigen: Antigen) -> Option<&AntigenStatus> {
    a.antigens.iter().find(|s| s.antigen == antigen)
}

fn state(a: &Assessment, antigen: Antigen) -> Option<(State, Option<NaiveDate>)> {
    of(a, antigen).map(|s| (s.state, s.due_on))
}

fn is(a: &Assessment, antigen: Antigen, expected: State, due: &str) {
    assert_eq!(
        state(a, antigen),
        Some((expected, Some(day(due)))),
        "{antigen:?}"
    );
}

/// Léo, born on 10 January 2026: the compulsory infant vaccinations of
/// children born since 2025 (meningococci ACWY and B included).
const LEO: &str = "2026-01-10";

fn leo_infant_doses(up_to_months: u32) -> Vec<RecordedDose> {
    let mut doses = Vec::new();
    for (months, date) in [(2, "2026-03-10"), (4, "2026-05-10"), (11, "2026-12-10")] {
        if months <= up_to_months {
            doses.push(dose(date, "Infanrix Hexa"));
            doses.push(dose(date, "Vaxneuvance"));
        }
    }
    for (months, date) in [(3, "2026-04-10"), (5, "2026-06-10"), (12, "2027-01-10")] {
        if months <= up_to_months {
            doses.push(dose(date, "Bexsero"));
        }
    }
    for (months, date) in [(6, "2026-07-10"), (12, "2027-01-10")] {
        if months <= up_to_months {
            doses.push(dose(date, "Nimenrix"));
        }
    }
    doses
}

#[test]
fn three_weeks_old_the_first_doses_are_upcoming() {
    let a = on(LEO, &[], "2026-01-31");
    is(&a, Antigen::Diphtheria, State::Upcoming, "2026-03-10");
    is(&a, Antigen::HepatitisB, State::Upcoming, "2026-03-10");
    assert!(of(&a, Antigen::Diphtheria).unwrap().compulsory);
    assert_eq!(a.edition, EDITION);
}

#[test]
fn at_2_months_the_hexavalent_and_pneumococcus_are_due_and_compulsory() {
    let a = on(LEO, &[], "2026-03-12");
    for antigen in [
        Antigen::Diphtheria,
        Antigen::Tetanus,
        Antigen::Pertussis,
        Antigen::Polio,
        Antigen::Hib,
        Antigen::HepatitisB,
        Antigen::Pneumococcus,
    ] {
        is(&a, antigen, State::Due, "2026-03-10");
        let s = of(&a, antigen).unwrap();
        assert!(s.compulsory, "{antigen:?}");
        assert_eq!(s.reason, Some(Reason::Dose { number: 1 }));
    }
    // Rotavirus is recommended, not compulsory.
    is(&a, Antigen::Rotavirus, State::Due, "2026-03-10");
    assert!(!of(&a, Antigen::Rotavirus).unwrap().compulsory);
    // Meningococcus B comes at 3 months: due within the month.
    is(&a, Antigen::MeningococcusB, State::Due, "2026-04-10");
}

#[test]
fn at_2_months_once_vaccinated_the_second_dose_is_upcoming() {
    let doses = leo_infant_doses(2);
    let a = on(LEO, &doses, "2026-03-15");
    is(&a, Antigen::Diphtheria, State::Upcoming, "2026-05-10");
    assert_eq!(of(&a, Antigen::Diphtheria).unwrap().doses, 1);
    assert_eq!(
        of(&a, Antigen::Pneumococcus).unwrap().reason,
        Some(Reason::Dose { number: 2 })
    );
}

#[test]
fn at_4_months_the_second_dose_is_due() {
    let a = on(LEO, &leo_infant_doses(3), "2026-05-09");
    is(&a, Antigen::HepatitisB, State::Due, "2026-05-10");
    is(&a, Antigen::MeningococcusB, State::Upcoming, "2026-06-10");
}

#[test]
fn at_5_months_meningococcus_b_second_dose_is_due() {
    let a = on(LEO, &leo_infant_doses(4), "2026-06-12");
    is(&a, Antigen::MeningococcusB, State::Due, "2026-06-10");
    is(&a, Antigen::MeningococcusAcwy, State::Due, "2026-07-10");
}

#[test]
fn at_11_months_the_booster_of_the_infant_series_is_due() {
    let a = on(LEO, &leo_infant_doses(6), "2026-12-12");
    is(&a, Antigen::Diphtheria, State::Due, "2026-12-10");
    is(&a, Antigen::Pneumococcus, State::Due, "2026-12-10");
}

#[test]
fn at_12_months_mmr_meningococci_acwy_and_b_are_due() {
    let a = on(LEO, &leo_infant_doses(11), "2027-01-12");
    is(&a, Antigen::Measles, State::Due, "2027-01-10");
    is(&a, Antigen::Mumps, State::Due, "2027-01-10");
    is(&a, Antigen::Rubella, State::Due, "2027-01-10");
    is(&a, Antigen::MeningococcusAcwy, State::Due, "2027-01-10");
    is(&a, Antigen::MeningococcusB, State::Due, "2027-01-10");
    // The infant series is complete: next, the booster at 6.
    is(&a, Antigen::Diphtheria, State::Upcoming, "2032-01-10");
}

#[test]
fn at_16_to_18_months_the_second_mmr_dose_is_due() {
    let mut doses = leo_infant_doses(12);
    doses.push(dose("2027-01-10", "M-M-RvaxPro"));
    let a = on(LEO, &doses, "2027-05-20");
    is(&a, Antigen::Measles, State::Due, "2027-05-10");
    assert!(of(&a, Antigen::Measles).unwrap().compulsory);
    // At 20 months it is late, and still recommended: overdue.
    let a = on(LEO, &doses, "2027-09-10");
    is(&a, Antigen::Measles, State::Overdue, "2027-05-10");
}

#[test]
fn a_complete_infant_series_leaves_nothing_due_until_6() {
    let mut doses = leo_infant_doses(12);
    doses.push(dose("2027-01-10", "Priorix"));
    doses.push(dose("2027-05-10", "Priorix"));
    let a = on(LEO, &doses, "2027-06-01");
    for s in &a.antigens {
        assert!(
            matches!(s.state, State::Done | State::Upcoming),
            "{:?}: {:?}",
            s.antigen,
            s.state
        );
    }
    assert_eq!(
        state(&a, Antigen::MeningococcusB),
        Some((State::Done, None))
    );
    assert_eq!(state(&a, Antigen::Measles), Some((State::Done, None)));
}

#[test]
fn a_missed_first_dose_at_6_months_is_overdue_or_for_the_doctor() {
    let a = on(LEO, &[], "2026-07-15");
    // Hib and hepatitis B have catch-up rules (until 5 and 15 years).
    is(&a, Antigen::Hib, State::Overdue, "2026-03-10");
    is(&a, Antigen::HepatitisB, State::Overdue, "2026-03-10");
    // Diphtheria, tetanus, pertussis, polio and pneumococcus: the
    // reference gives no catch-up schedule.
    is(&a, Antigen::Diphtheria, State::AskDoctor, "2026-03-10");
    is(&a, Antigen::Pneumococcus, State::AskDoctor, "2026-03-10");
    // Rotavirus is no longer given after 6 months: nothing to say.
    assert_eq!(state(&a, Antigen::Rotavirus), None);
    // Meningococcus ACWY is due (first dose at 6 months).
    is(&a, Antigen::MeningococcusAcwy, State::Due, "2026-07-10");
}

#[test]
fn rotavirus_half_done_after_6_months_is_closed() {
    let doses = [dose("2026-03-10", "Rotarix")];
    let a = on(LEO, &doses, "2026-06-01");
    is(&a, Antigen::Rotavirus, State::Due, "2026-04-10");
    let a = on(LEO, &doses, "2026-08-01");
    assert_eq!(state(&a, Antigen::Rotavirus), Some((State::Closed, None)));
}

#[test]
fn acwy_missed_in_infancy_is_overdue_until_5() {
    let a = on(LEO, &leo_infant_doses(5), "2027-02-15");
    is(&a, Antigen::MeningococcusAcwy, State::Overdue, "2026-07-10");
    assert!(of(&a, Antigen::MeningococcusAcwy).unwrap().compulsory);
}

/// Inès, born on 1 March 2020 (a cohort with meningococcus C, not ACWY, in infancy).
const INES: &str = "2020-03-01";

fn ines_childhood() -> Vec<RecordedDose> {
    vec![
        dose("2020-05-01", "Hexyon"),
        dose("2020-05-01", "Prevenar 13"),
        dose("2020-07-01", "Hexyon"),
        dose("2020-07-01", "Prevenar 13"),
        dose("2020-08-01", "NeisVac-C"),
        dose("2021-02-01", "Hexyon"),
        dose("2021-02-01", "Prevenar 13"),
        dose("2021-03-01", "NeisVac-C"),
        dose("2021-03-01", "ROR"),
        dose("2021-07-01", "ROR"),
    ]
}

#[test]
fn at_6_years_the_dtcap_booster_is_due_and_not_compulsory() {
    let a = on(INES, &ines_childhood(), "2026-03-15");
    is(&a, Antigen::Diphtheria, State::Due, "2026-03-01");
    let s = of(&a, Antigen::Polio).unwrap();
    assert!(!s.compulsory);
    assert_eq!(s.doses, 3);
    assert_eq!(
        state(&a, Antigen::MeningococcusC),
        Some((State::Done, None))
    );
    assert_eq!(state(&a, Antigen::Measles), Some((State::Done, None)));
}

#[test]
fn at_6_years_the_infant_acwy_catch_up_has_passed_and_the_teen_dose_waits() {
    let a = on(INES, &ines_childhood(), "2026-03-15");
    // The teen dose is five years off: not listed yet…
    assert_eq!(state(&a, Antigen::MeningococcusAcwy), None);
    // …and listed from two years before.
    let a = on(INES, &ines_childhood(), "2029-06-01");
    is(
        &a,
        Antigen::MeningococcusAcwy,
        State::Upcoming,
        "2031-03-01",
    );
    // Meningococcus B: the catch-up ends at 5, never given: nothing to do.
    assert_eq!(state(&a, Antigen::MeningococcusB), None);
}

#[test]
fn at_4_a_child_born_before_2025_catches_up_acwy() {
    let a = on("2022-09-01", &[], "2026-12-01");
    is(&a, Antigen::MeningococcusAcwy, State::Overdue, "2023-09-01");
    assert!(!of(&a, Antigen::MeningococcusAcwy).unwrap().compulsory);
}

#[test]
fn the_sixth_year_booster_missed_is_for_the_doctor() {
    let a = on(INES, &ines_childhood(), "2027-06-01");
    is(&a, Antigen::Tetanus, State::AskDoctor, "2026-03-01");
}

/// Nina, born on 1 May 2014.
const NINA: &str = "2014-05-01";

fn nina_childhood() -> Vec<RecordedDose> {
    vec![
        dose("2014-07-01", "Infanrix Hexa"),
        dose("2014-09-01", "Infanrix Hexa"),
        dose("2015-04-01", "Infanrix Hexa"),
        dose("2020-05-10", "Tetravac"),
    ]
}

#[test]
fn at_12_years_the_dtcap_booster_hpv_and_acwy_are_due() {
    let a = on(NINA, &nina_childhood(), "2026-06-01");
    is(&a, Antigen::Pertussis, State::Due, "2025-05-01");
    is(&a, Antigen::Hpv, State::Due, "2025-05-01");
    is(&a, Antigen::MeningococcusAcwy, State::Due, "2025-05-01");
    // Born before 2018: nothing here is compulsory.
    assert!(a.antigens.iter().all(|s| !s.compulsory));
}

#[test]
fn hpv_second_dose_six_months_after_the_first() {
    let mut doses = nina_childhood();
    doses.push(dose("2026-05-01", "Gardasil 9"));
    let a = on(NINA, &doses, "2026-06-01");
    is(&a, Antigen::Hpv, State::Upcoming, "2026-11-01");
    assert_eq!(
        of(&a, Antigen::Hpv).unwrap().reason,
        Some(Reason::Dose { number: 2 })
    );
    let a = on(NINA, &doses, "2026-10-15");
    is(&a, Antigen::Hpv, State::Due, "2026-11-01");
    doses.push(dose("2026-11-05", "Gardasil 9"));
    let a = on(NINA, &doses, "2027-01-01");
    assert_eq!(state(&a, Antigen::Hpv), Some((State::Done, None)));
}

#[test]
fn hpv_second_dose_long_overdue_is_for_the_doctor_and_marked_uncertain() {
    let mut doses = nina_childhood();
    doses.push(dose("2026-05-01", "Gardasil 9"));
    let a = on(NINA, &doses, "2027-07-01");
    is(&a, Antigen::Hpv, State::AskDoctor, "2026-11-01");
    assert!(of(&a, Antigen::Hpv).unwrap().uncertain);
}

#[test]
fn hpv_started_at_16_takes_three_doses() {
    let doses = [dose("2024-03-01", "Gardasil 9")];
    let a = on("2008-01-01", &doses, "2024-04-15");
    is(&a, Antigen::Hpv, State::Due, "2024-05-01");
    let doses = [
        dose("2024-03-01", "Gardasil 9"),
        dose("2024-05-01", "Gardasil 9"),
    ];
    let a = on("2008-01-01", &doses, "2024-06-01");
    is(&a, Antigen::Hpv, State::Upcoming, "2024-09-01");
}

#[test]
fn hpv_catch_up_runs_to_26_then_ends() {
    let a = on("2005-03-01", &[], "2026-03-15");
    is(&a, Antigen::Hpv, State::Overdue, "2016-03-01");
    let a = on("1998-03-01", &[], "2026-03-15");
    assert_eq!(state(&a, Antigen::Hpv), None);
}

#[test]
fn hepatitis_b_catch_up_until_15() {
    let a = on("2012-02-01", &[], "2026-03-01");
    is(&a, Antigen::HepatitisB, State::Overdue, "2012-04-01");
    let a = on("2009-02-01", &[], "2026-03-01");
    assert_eq!(state(&a, Antigen::HepatitisB), None);
}

#[test]
fn hib_catch_up_until_5() {
    let a = on("2023-06-01", &[], "2026-06-15");
    is(&a, Antigen::Hib, State::Overdue, "2023-08-01");
    let a = on("2020-06-01", &[], "2026-06-15");
    assert_eq!(state(&a, Antigen::Hib), None);
}

#[test]
fn a_child_arrived_from_abroad_with_partial_records() {
    // Three DTP doses at 2, 4 and 6 months, one MMR dose at 14 months.
    let doses = [
        dose("2019-06-01", "Pentavac"),
        dose("2019-08-01", "Pentavac"),
        dose("2019-10-01", "Pentavac"),
        dose("2020-06-01", "Priorix"),
    ];
    let a = on("2019-04-01", &doses, "2026-09-01");
    // The third dose came too soon after the second to be the booster:
    // the doctor sets the catch-up.
    is(&a, Antigen::Diphtheria, State::AskDoctor, "2020-03-01");
    assert_eq!(of(&a, Antigen::Diphtheria).unwrap().doses, 2);
    // One MMR dose: the second is overdue.
    is(&a, Antigen::Measles, State::Overdue, "2020-08-01");
    // No hepatitis B: overdue until 15; no pneumococcus: for the doctor.
    is(&a, Antigen::HepatitisB, State::Overdue, "2019-06-01");
    is(&a, Antigen::Pneumococcus, State::AskDoctor, "2019-06-01");
    // Two Hib doses of three, and the catch-up ended at 5: closed.
    assert_eq!(state(&a, Antigen::Hib), Some((State::Closed, None)));
}

#[test]
fn an_mmr_dose_before_12_months_does_not_count() {
    let doses = [
        dose("2026-10-01", "M-M-RvaxPro"),
        dose("2027-02-01", "M-M-RvaxPro"),
    ];
    let a = on(LEO, &doses, "2027-03-01");
    assert_eq!(of(&a, Antigen::Measles).unwrap().doses, 1);
    is(&a, Antigen::Measles, State::Upcoming, "2027-05-10");
}

#[test]
fn doses_too_close_together_count_once() {
    let doses = [
        dose("2026-03-10", "Infanrix Hexa"),
        dose("2026-03-25", "Infanrix Hexa"),
    ];
    let a = on(LEO, &doses, "2026-05-12");
    assert_eq!(of(&a, Antigen::Tetanus).unwrap().doses, 1);
    is(&a, Antigen::Tetanus, State::Due, "2026-05-10");
}

#[test]
fn two_vaccines_the_same_day_are_one_dose_of_each_disease() {
    let doses = [
        dose("2026-03-10", "Infanrix Hexa"),
        dose("2026-03-10", "Infanrix Hexa"),
        dose("2026-03-10", "Prevenar 13"),
    ];
    let a = on(LEO, &doses, "2026-03-20");
    assert_eq!(of(&a, Antigen::Polio).unwrap().doses, 1);
    assert_eq!(of(&a, Antigen::Pneumococcus).unwrap().doses, 1);
}

#[test]
fn meningococcus_c_half_done_in_its_cohort_is_closed_and_acwy_replaces_it() {
    let doses = [dose("2019-10-01", "NeisVac-C")];
    let a = on("2019-05-01", &doses, "2020-07-01");
    assert_eq!(
        state(&a, Antigen::MeningococcusC),
        Some((State::Closed, None))
    );
    is(&a, Antigen::MeningococcusAcwy, State::Due, "2020-05-01");
}

#[test]
fn before_2018_infant_doses_were_not_compulsory() {
    let a = on("2017-06-01", &[], "2017-08-05");
    is(&a, Antigen::Diphtheria, State::Due, "2017-08-01");
    assert!(!of(&a, Antigen::Diphtheria).unwrap().compulsory);
}

#[test]
fn at_25_with_no_record_the_dtcap_booster_is_due() {
    let a = on("2001-06-01", &[], "2026-06-15");
    is(&a, Antigen::Diphtheria, State::Due, "2026-06-01");
    is(&a, Antigen::Pertussis, State::Due, "2026-06-01");
    let s = of(&a, Antigen::Diphtheria).unwrap();
    assert!(s.childhood_unknown);
    assert_eq!(s.reason, Some(Reason::Booster { age: 25 }));
}

#[test]
fn at_25_once_boosted_the_next_is_at_45_and_pertussis_is_done() {
    let doses = [dose("2026-06-10", "Boostrixtetra")];
    let a = on("2001-06-01", &doses, "2026-07-01");
    is(&a, Antigen::Diphtheria, State::Upcoming, "2046-06-01");
    assert_eq!(state(&a, Antigen::Pertussis), Some((State::Done, None)));
}

#[test]
fn pertussis_catch_up_runs_until_39() {
    let a = on("1990-01-01", &[], "2026-03-01");
    is(&a, Antigen::Pertussis, State::Overdue, "2015-01-01");
    let a = on("1985-01-01", &[], "2026-03-01");
    assert_eq!(state(&a, Antigen::Pertussis), None);
}

#[test]
fn at_45_the_dtp_booster_is_due_then_overdue() {
    let doses = [dose("2006-03-01", "Revaxis")];
    let a = on("1981-02-01", &doses, "2026-03-01");
    is(&a, Antigen::Tetanus, State::Due, "2026-02-01");
    assert_eq!(
        of(&a, Antigen::Tetanus).unwrap().reason,
        Some(Reason::Booster { age: 45 })
    );
    let a = on("1981-02-01", &doses, "2027-06-01");
    is(&a, Antigen::Tetanus, State::Overdue, "2026-02-01");
}

#[test]
fn at_65_the_dtp_booster_pneumococcus_and_shingles_are_due() {
    let doses = [dose("1986-01-15", "Revaxis"), dose("2006-01-15", "Revaxis")];
    let a = on("1961-01-01", &doses, "2026-01-20");
    is(&a, Antigen::Tetanus, State::Due, "2026-01-01");
    is(&a, Antigen::Pneumococcus, State::Due, "2026-01-01");
    is(&a, Antigen::Zoster, State::Due, "2026-01-01");
    // RSV comes at 75: ten years off, not listed yet.
    assert_eq!(state(&a, Antigen::Rsv), None);
    // Flu: 65 since January, the campaign is still open.
    is(&a, Antigen::Influenza, State::Due, "2026-01-01");
}

#[test]
fn at_65_the_flu_and_covid_come_each_autumn() {
    let a = on("1951-01-01", &[], "2026-11-10");
    is(&a, Antigen::Influenza, State::Due, "2026-10-01");
    is(&a, Antigen::Covid19, State::Due, "2026-10-01");
    let doses = [dose("2026-10-20", "Efluelda")];
    let a = on("1951-01-01", &doses, "2026-11-10");
    is(&a, Antigen::Influenza, State::Upcoming, "2027-10-01");
    // Outside the campaign, the next one is upcoming, never overdue.
    let a = on("1951-01-01", &[], "2026-05-01");
    is(&a, Antigen::Influenza, State::Upcoming, "2026-10-01");
    // At 60: no seasonal reminder yet.
    let a = on("1966-01-01", &[], "2026-11-10");
    assert_eq!(state(&a, Antigen::Influenza), None);
}

#[test]
fn at_75_rsv_is_due_and_shingles_takes_two_doses() {
    let doses = [
        dose("2016-03-10", "Revaxis"),
        dose("2026-04-01", "Shingrix"),
    ];
    let a = on("1951-03-01", &doses, "2026-06-01");
    is(&a, Antigen::Rsv, State::Due, "2026-03-01");
    is(&a, Antigen::Zoster, State::Due, "2026-06-01");
    assert!(of(&a, Antigen::Zoster).unwrap().uncertain);
    is(&a, Antigen::Tetanus, State::Due, "2026-03-01");
    assert_eq!(
        of(&a, Antigen::Tetanus).unwrap().reason,
        Some(Reason::Booster { age: 75 })
    );
}

#[test]
fn at_85_the_booster_every_ten_years_goes_on() {
    let doses = [dose("2031-05-01", "Revaxis")];
    let a = on("1946-05-01", &doses, "2031-06-01");
    is(&a, Antigen::Diphtheria, State::Upcoming, "2041-05-01");
    let a = on("1946-05-01", &[], "2031-06-01");
    assert_eq!(
        of(&a, Antigen::Diphtheria).unwrap().reason,
        Some(Reason::Booster { age: 85 })
    );
}

#[test]
fn a_birth_date_in_the_future_is_refused() {
    assert_eq!(
        assess(day("2027-01-01"), &[], day("2026-12-03")),
        Err(AssessError::BirthInTheFuture)
    );
}

#[test]
fn a_dose_before_birth_is_set_aside() {
    let doses = [dose("2025-12-01", "Infanrix Hexa")];
    let a = on(LEO, &doses, "2026-03-12");
    assert_eq!(
        a.set_aside,
        [SetAside {
            index: 0,
            reason: SetAsideReason::BeforeBirth
        }]
    );
    is(&a, Antigen::Diphtheria, State::Due, "2026-03-10");
}

#[test]
fn a_dose_dated_after_today_counts_for_nothing_even_with_the_clock_set_back() {
    let doses = [dose("2026-03-10", "Infanrix Hexa")];
    let a = on(LEO, &doses, "2026-03-01");
    assert_eq!(a.set_aside[0].reason, SetAsideReason::InTheFuture);
    is(&a, Antigen::Diphtheria, State::Due, "2026-03-10");
}

#[test]
fn an_unknown_vaccine_is_kept_aside_and_computes_no_reminder() {
    let doses = [RecordedDose {
        date: day("2026-03-10"),
        antigens: antigens_of("Vaccin de voyage").to_vec(),
    }];
    let a = on(LEO, &doses, "2026-03-12");
    assert_eq!(a.set_aside[0].reason, SetAsideReason::UnknownVaccine);
    is(&a, Antigen::Diphtheria, State::Due, "2026-03-10");
}

#[test]
fn doses_typed_out_of_order_are_read_by_date() {
    let doses = [
        dose("2026-05-10", "Infanrix Hexa"),
        dose("2026-03-10", "Infanrix Hexa"),
    ];
    let a = on(LEO, &doses, "2026-06-01");
    assert_eq!(of(&a, Antigen::Tetanus).unwrap().doses, 2);
    is(&a, Antigen::Tetanus, State::Upcoming, "2026-12-10");
}

#[test]
fn rotavirus_never_started_by_4_months_is_no_longer_given() {
    let a = on(LEO, &[], "2026-05-20");
    assert_eq!(state(&a, Antigen::Rotavirus), None);
}

#[test]
fn an_acwy_dose_completes_a_meningococcus_c_series_begun_before_2025() {
    let doses = [
        dose("2024-06-01", "NeisVac-C"),
        dose("2025-01-05", "Nimenrix"),
    ];
    let a = on("2024-01-01", &doses, "2025-03-01");
    assert_eq!(
        state(&a, Antigen::MeningococcusC),
        Some((State::Done, None))
    );
    // The ACWY dose of 12–24 months is done; the teenage one comes later.
    is(
        &a,
        Antigen::MeningococcusAcwy,
        State::Upcoming,
        "2035-01-01",
    );
}

#[test]
fn an_hpv_dose_too_soon_after_the_first_does_not_count() {
    let doses = [
        dose("2026-05-01", "Gardasil 9"),
        dose("2026-06-01", "Gardasil 9"),
    ];
    let a = on(NINA, &doses, "2026-07-01");
    assert_eq!(of(&a, Antigen::Hpv).unwrap().doses, 1);
    is(&a, Antigen::Hpv, State::Upcoming, "2026-11-01");
}
