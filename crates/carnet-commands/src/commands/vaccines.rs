//! The official vaccination calendar of the current profile, and the
//! vaccines a person can pick from.

use carnet_api::{VaccinationCalendar, VaccineChoice};

use crate::command;

command! {
    /// For each disease: done, due, late or upcoming by the official calendar, in words.
    fn vaccination_calendar(shell) -> VaccinationCalendar {
        shell.with(|c| c.vaccination_calendar())
    }
}

command! {
    /// The vaccines used in France, with the diseases each protects against.
    fn vaccine_choices(shell) -> Vec<VaccineChoice> {
        shell.with(|c| Ok(c.vaccine_choices()))
    }
}
