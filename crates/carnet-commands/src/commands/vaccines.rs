//! The official vaccination calendar of the current profile, the vaccines a
//! person can pick from, the profile's check-ups, and what to do for
//! everyone the member looks after.

use carnet_api::{CheckUps, TodoItem, VaccinationCalendar, VaccineChoice};

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

command! {
    /// The child's examinations, prevention check-ups and screenings: done, due, late or coming.
    fn check_ups(shell) -> CheckUps {
        shell.with(|c| c.check_ups())
    }
}

command! {
    /// What is late, due now and coming soon, in every profile the member opens.
    fn todo(shell) -> Vec<TodoItem> {
        shell.with(|c| c.todo())
    }
}
