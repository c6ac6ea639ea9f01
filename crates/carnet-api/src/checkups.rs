//! The examinations of the current profile besides vaccines, in words: the
//! child's compulsory examinations, the prevention check-ups and the
//! organised cancer screenings (carnet-calendar's `follow_up`), each done,
//! due, late, coming or passed, from the birth date, sex and the check-ups
//! recorded.

use carnet_calendar::{ExamStatus, State};
use carnet_model::{Exam, Lang, ProfileInfo, RecordBody, RecordKind};
use chrono::NaiveDate;
use serde::Serialize;

use crate::vaccines::date_words;
use crate::{ApiError, ApiResult, Carnet, ErrorCode};

/// Which list an examination belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckUpGroup {
    /// The child's compulsory examinations.
    Child,
    /// The national prevention check-ups.
    Prevention,
    /// The organised cancer screenings.
    Screening,
}

/// One examination's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CheckUpLine {
    pub exam: Exam,
    pub group: CheckUpGroup,
    /// Its name, in the user's language.
    pub name: String,
    pub state: State,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    pub certificate: bool,
    /// Where it stands, in plain words.
    pub text: String,
}

/// The profile's examinations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CheckUps {
    /// Where the calendars come from, shown with them.
    pub edition: String,
    /// The child's examinations in their order, then the adult ones.
    pub lines: Vec<CheckUpLine>,
}

impl Carnet {
    /// The current profile's examinations today.
    pub fn check_ups(&mut self) -> ApiResult<CheckUps> {
        let today = chrono::Local::now().date_naive();
        let lang = self.lang();
        let (info, records) =
            self.with_profile(|p| Ok((p.info()?, p.records(Some(RecordKind::CheckUp))?)))?;
        check_ups_of(&info, &records, today, lang)
    }
}

/// The examinations of someone with these details and check-up records.
pub(crate) fn check_ups_of(
    info: &ProfileInfo,
    records: &[carnet_model::Record],
    today: NaiveDate,
    lang: Lang,
) -> ApiResult<CheckUps> {
    let done: Vec<(Exam, NaiveDate)> = records
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::CheckUp(c) => Some((c.exam, c.date)),
            _ => None,
        })
        .collect();
    let statuses = carnet_calendar::follow_up(info.birth_date, info.sex, &done, today)
        .map_err(|_| birth_in_the_future(lang))?;
    Ok(CheckUps {
        edition: carnet_calendar::CHECKUPS_EDITION.to_string(),
        lines: statuses.iter().map(|s| line(s, lang)).collect(),
    })
}

fn birth_in_the_future(lang: Lang) -> ApiError {
    let mut e = ApiError::new(ErrorCode::Invalid, lang);
    e.message = lang
        .pick(
            "La date de naissance du profil est dans le futur : corrigez-la dans les informations du profil pour voir les examens.",
            "The profile's birth date is in the future: correct it in the profile's details to see the check-ups.",
        )
        .to_string();
    e.field = Some("birth_date".into());
    e
}

fn group_of(exam: Exam) -> CheckUpGroup {
    match exam {
        Exam::Prevention18To25
        | Exam::Prevention45To50
        | Exam::Prevention60To65
        | Exam::Prevention70To75 => CheckUpGroup::Prevention,
        Exam::BreastScreening | Exam::ColorectalScreening | Exam::CervicalScreening => {
            CheckUpGroup::Screening
        }
        _ => CheckUpGroup::Child,
    }
}

fn line(s: &ExamStatus, lang: Lang) -> CheckUpLine {
    CheckUpLine {
        exam: s.exam,
        group: group_of(s.exam),
        name: s.exam.label(lang).to_string(),
        state: s.state,
        due_on: s.due_on,
        until: s.until,
        done_on: s.done_on,
        certificate: s.certificate,
        text: text(s, lang),
    }
}

/// Where an examination stands: "À faire entre le 15 octobre et le
/// 14 novembre 2026.", "Fait le 3 mars 2026. Prochain à partir du…".
fn text(s: &ExamStatus, lang: Lang) -> String {
    let day = |d: Option<NaiveDate>| d.map(|d| date_words(d, lang)).unwrap_or_default();
    let (from, until, done) = (day(s.due_on), day(s.until), day(s.done_on));
    let recurring = s.until.is_none();
    match (s.state, lang) {
        (State::Done, Lang::Fr) if recurring && s.due_on.is_some() => {
            format!("Fait le {done}. Le prochain à partir du {from}.")
        }
        (State::Done, Lang::En) if recurring && s.due_on.is_some() => {
            format!("Done on {done}. The next one from {from}.")
        }
        (State::Done, Lang::Fr) => format!("Fait le {done}."),
        (State::Done, Lang::En) => format!("Done on {done}."),
        (State::Upcoming, Lang::Fr) => format!("À partir du {from}."),
        (State::Upcoming, Lang::En) => format!("From {from}."),
        (State::Due, Lang::Fr) if !recurring => format!("À faire entre le {from} et le {until}."),
        (State::Due, Lang::En) if !recurring => format!("To do between {from} and {until}."),
        (State::Due, Lang::Fr) if s.done_on.is_none() => {
            "À faire maintenant (aucun n'est noté dans Carnet).".to_string()
        }
        (State::Due, Lang::En) if s.done_on.is_none() => {
            "To do now (none is written down in Carnet).".to_string()
        }
        (State::Due, Lang::Fr) => format!("À faire maintenant : le dernier date du {done}."),
        (State::Due, Lang::En) => format!("To do now: the last one was on {done}."),
        (State::Overdue, Lang::Fr) if !recurring => {
            format!(
                "En retard : il était à faire au plus tard le {until}. Il peut encore être fait."
            )
        }
        (State::Overdue, Lang::En) if !recurring => {
            format!("Late: it was due by {until}. It can still be done.")
        }
        (State::Overdue, Lang::Fr) => {
            format!("En retard : prévu le {from} (le dernier date du {done}).")
        }
        (State::Overdue, Lang::En) => {
            format!("Late: planned for {from} (the last one was on {done}).")
        }
        (State::Closed, Lang::Fr) if recurring => {
            "Ce dépistage n'est plus proposé à cet âge.".to_string()
        }
        (State::Closed, Lang::En) if recurring => {
            "This screening is no longer offered at this age.".to_string()
        }
        (State::Closed, Lang::Fr) => "Pas noté dans Carnet, et son âge est passé.".to_string(),
        (State::Closed, Lang::En) => {
            "Not written down in Carnet, and its age has passed.".to_string()
        }
        (State::AskDoctor, Lang::Fr) => "Demandez à votre médecin.".to_string(),
        (State::AskDoctor, Lang::En) => "Ask your doctor.".to_string(),
    }
}
