//! What to do, for everyone the unlocked member looks after: the late
//! first, then this month, then the next three months, one line per item
//! with the person's name. Vaccinations by the official calendar for now;
//! check-ups and screenings join them as they are built.

use carnet_model::RecordKind;
use carnet_vault::Profile;
use serde::Serialize;

use crate::vaccines::{calendar, CalendarLine};
use crate::{ApiResult, CalendarState, Carnet};

/// How soon an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TodoWhen {
    Late,
    ThisMonth,
    Soon,
}

/// One thing to do for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TodoItem {
    pub profile_id: String,
    pub profile_name: String,
    pub when: TodoWhen,
    pub line: CalendarLine,
}

/// How far ahead "soon" looks.
const SOON_DAYS: u64 = 92;

impl Carnet {
    /// What is late, due this month and coming in the next three months,
    /// in every profile the member can open.
    pub fn todo(&mut self) -> ApiResult<Vec<TodoItem>> {
        let lang = self.lang();
        let today = chrono::Local::now().date_naive();
        let current = self.status().profile_id;
        let mut out = Vec::new();
        for summary in self.profiles()? {
            let name = summary
                .info
                .as_ref()
                .map(|i| i.name.clone())
                .unwrap_or_default();
            let read = |p: &Profile| -> carnet_vault::Result<_> {
                Ok((
                    p.info()?.birth_date,
                    p.records(Some(RecordKind::Vaccination))?,
                ))
            };
            let (birth, records) = if current.as_deref() == Some(summary.id.as_str()) {
                self.with_profile(|p| read(p))?
            } else {
                match self.with_session(|s| s.open_profile_quietly(&summary.id)) {
                    Ok(p) => read(&p).map_err(|e| self.err(e))?,
                    // A damaged profile is listed elsewhere.
                    Err(_) => continue,
                }
            };
            // A birth date in the future: the profile's calendar says why.
            let Ok(calendar) = calendar(birth, &records, today, lang) else {
                continue;
            };
            for line in calendar.lines {
                let when = match line.state {
                    CalendarState::Overdue | CalendarState::AskDoctor => TodoWhen::Late,
                    CalendarState::Due => TodoWhen::ThisMonth,
                    CalendarState::Upcoming
                        if line
                            .due_on
                            .is_some_and(|d| d <= today + chrono::Days::new(SOON_DAYS)) =>
                    {
                        TodoWhen::Soon
                    }
                    _ => continue,
                };
                out.push(TodoItem {
                    profile_id: summary.id.clone(),
                    profile_name: name.clone(),
                    when,
                    line,
                });
            }
        }
        out.sort_by(|a, b| {
            (a.when, a.line.due_on, &a.profile_name).cmp(&(b.when, b.line.due_on, &b.profile_name))
        });
        Ok(out)
    }
}
