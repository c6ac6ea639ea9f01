//! What to do, for everyone the unlocked member looks after: the late
//! first, then what is due now, then the next three months, one line per
//! item with the person's name. Vaccinations by the official calendar (and
//! the next dates written on vaccines it does not know), the child's
//! examinations, prevention check-ups and screenings.

use carnet_calendar::{Antigen, State};
use carnet_model::{Exam, Lang, ProfileInfo, Record, RecordKind};
use carnet_vault::Profile;
use chrono::NaiveDate;
use serde::Serialize;

use crate::checkups::check_ups_of;
use crate::vaccines::{calendar, to_do};
use crate::{ApiResult, Carnet};

/// How soon an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TodoWhen {
    Late,
    Now,
    Soon,
}

/// What an item is about: a vaccination (by disease, or a vaccine the
/// calendar does not know) or an examination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TodoSubject {
    Vaccination {
        #[ts(optional)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        antigen: Option<Antigen>,
    },
    CheckUp {
        exam: Exam,
    },
}

/// One thing to do for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TodoItem {
    pub profile_id: String,
    pub profile_name: String,
    pub when: TodoWhen,
    pub subject: TodoSubject,
    /// What to do, as a line starts: "Diphtérie", "Examen des 9 mois…".
    pub title: String,
    /// The date it is planned for (for a late item, since when it waits).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    pub compulsory: bool,
    /// Where it stands, in plain words.
    pub text: String,
}

/// How far ahead "soon" looks.
const SOON_DAYS: u64 = 92;

impl Carnet {
    /// What is late, due now and coming in the next three months, in every
    /// profile the member can open.
    pub fn todo(&mut self) -> ApiResult<Vec<TodoItem>> {
        let lang = self.lang();
        let today = chrono::Local::now().date_naive();
        let current = self.status().profile_id;
        let mut out = Vec::new();
        for summary in self.profiles()? {
            let read = |p: &Profile| -> carnet_vault::Result<_> {
                Ok((
                    p.info()?,
                    p.records(Some(RecordKind::Vaccination))?,
                    p.records(Some(RecordKind::CheckUp))?,
                ))
            };
            let read = if current.as_deref() == Some(summary.id.as_str()) {
                self.with_profile(|p| read(p))
            } else {
                self.with_session(|s| s.open_profile_quietly(&summary.id))
                    .and_then(|p| read(&p).map_err(|e| self.err(e)))
            };
            // A damaged profile is listed, and explained, elsewhere.
            let Ok((info, vaccinations, check_ups)) = read else {
                continue;
            };
            out.extend(items_of(
                &summary.id,
                &info,
                &vaccinations,
                &check_ups,
                today,
                lang,
            ));
        }
        out.sort_by(|a, b| {
            (a.when, a.due_on, &a.profile_name).cmp(&(b.when, b.due_on, &b.profile_name))
        });
        Ok(out)
    }
}

/// When an item in `state`, planned for `due_on`, is to be done; `None`
/// when it is not to do (done, closed, or further than three months).
fn when_of(state: State, due_on: Option<NaiveDate>, today: NaiveDate) -> Option<TodoWhen> {
    match state {
        State::Overdue | State::AskDoctor => Some(TodoWhen::Late),
        State::Due => Some(TodoWhen::Now),
        State::Upcoming if due_on.is_some_and(|d| d <= today + chrono::Days::new(SOON_DAYS)) => {
            Some(TodoWhen::Soon)
        }
        _ => None,
    }
}

/// One person's items. A birth date in the future gives none: the
/// profile's screens say why.
pub(crate) fn items_of(
    profile_id: &str,
    info: &ProfileInfo,
    vaccinations: &[Record],
    check_ups: &[Record],
    today: NaiveDate,
    lang: Lang,
) -> Vec<TodoItem> {
    let item = |when, subject, title: String, due_on, compulsory, text: String| TodoItem {
        profile_id: profile_id.to_string(),
        profile_name: info.name.clone(),
        when,
        subject,
        title,
        due_on,
        compulsory,
        text,
    };
    let mut out = Vec::new();
    let birth = info.birth_date;
    if let Ok(calendar) = calendar(birth, vaccinations, today, lang) {
        // The calendar's lines, and the vaccines it does not know whose
        // next date is near or past.
        let unknown = to_do(birth, vaccinations, today, lang)
            .into_iter()
            .filter(|l| l.antigen.is_none());
        for line in calendar.lines.into_iter().chain(unknown) {
            if let Some(when) = when_of(line.state, line.due_on, today) {
                let subject = TodoSubject::Vaccination {
                    antigen: line.antigen,
                };
                out.push(item(
                    when,
                    subject,
                    line.disease,
                    line.due_on,
                    line.compulsory,
                    line.text,
                ));
            }
        }
    }
    if let Ok(exams) = check_ups_of(info, check_ups, today, lang) {
        for line in exams.lines {
            // A check-up due now waits since its window opened; late, since it closed.
            let due_on = match line.state {
                State::Overdue if line.until.is_some() => line.until,
                _ => line.due_on,
            };
            if let Some(when) = when_of(line.state, line.due_on, today) {
                let subject = TodoSubject::CheckUp { exam: line.exam };
                out.push(item(when, subject, line.name, due_on, false, line.text));
            }
        }
    }
    out
}
