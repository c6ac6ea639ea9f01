//! The vaccination calendar of the current profile, in words: for each
//! disease, what is done, due, overdue or upcoming by the official
//! calendar (carnet-calendar), from the birth date and the vaccinations
//! recorded; and the vaccines a person can pick from.

use carnet_calendar::{Antigen, Reason, SetAsideReason, State};
use carnet_model::{Lang, RecordBody, RecordKind};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::{ApiError, ApiResult, Carnet, ErrorCode};

/// One disease's line of the calendar (or, for a vaccine the calendar does
/// not know, the next date written on its record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CalendarLine {
    /// `None` for a vaccine the calendar does not know.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antigen: Option<Antigen>,
    /// The disease, in the user's language, as a line starts ("Diphtérie").
    pub disease: String,
    pub state: State,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    pub doses: u32,
    pub compulsory: bool,
    pub uncertain: bool,
    /// What to do, in the user's language.
    pub text: String,
}

/// A vaccination the calendar could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SetAsideLine {
    pub record_id: String,
    pub vaccine: String,
    pub text: String,
}

/// The profile's vaccination calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct VaccinationCalendar {
    /// The calendar's edition, shown with it.
    pub edition: String,
    /// Late first, then due, upcoming, done.
    pub lines: Vec<CalendarLine>,
    pub set_aside: Vec<SetAsideLine>,
}

/// A vaccine of the picker: its name and what it protects against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct VaccineChoice {
    pub name: String,
    pub protects: Vec<Antigen>,
    /// The diseases, in the user's language ("diphtérie, tétanus…").
    pub diseases: String,
}

impl Carnet {
    /// What the official calendar says of the current profile today.
    pub fn vaccination_calendar(&mut self) -> ApiResult<VaccinationCalendar> {
        let today = chrono::Local::now().date_naive();
        let lang = self.lang();
        let (birth, records) = self.with_profile(|p| {
            Ok((
                p.info()?.birth_date,
                p.records(Some(RecordKind::Vaccination))?,
            ))
        })?;
        calendar(birth, &records, today, lang)
    }

    /// The vaccines used in France, for the vaccine picker.
    pub fn vaccine_choices(&self) -> Vec<VaccineChoice> {
        let lang = self.lang();
        carnet_calendar::VACCINES
            .iter()
            .map(|v| VaccineChoice {
                name: v.name.to_string(),
                protects: v.protects.to_vec(),
                diseases: v
                    .protects
                    .iter()
                    .map(|a| a.name(lang))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect()
    }
}

/// The calendar of someone born on `birth` with these vaccination records.
pub(crate) fn calendar(
    birth: NaiveDate,
    records: &[carnet_model::Record],
    today: NaiveDate,
    lang: Lang,
) -> ApiResult<VaccinationCalendar> {
    let vaccinations: Vec<(String, String, NaiveDate)> = records
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Vaccination(v) => Some((r.id.clone(), v.vaccine.clone(), v.date)),
            _ => None,
        })
        .collect();
    let doses: Vec<carnet_calendar::RecordedDose> = vaccinations
        .iter()
        .map(|(_, vaccine, date)| carnet_calendar::RecordedDose {
            date: *date,
            antigens: carnet_calendar::antigens_of(vaccine).to_vec(),
        })
        .collect();
    let assessment = carnet_calendar::assess(birth, &doses, today).map_err(|_| {
        let mut e = ApiError::new(ErrorCode::Invalid, lang);
        e.message = lang
            .pick(
                "La date de naissance du profil est dans le futur : corrigez-la dans les informations du profil pour voir le calendrier.",
                "The profile's birth date is in the future: correct it in the profile's details to see the calendar.",
            )
            .to_string();
        e.field = Some("birth_date".into());
        e
    })?;
    let mut lines: Vec<CalendarLine> = assessment
        .antigens
        .iter()
        .map(|s| CalendarLine {
            antigen: Some(s.antigen),
            disease: capitalised(s.antigen.name(lang)),
            state: s.state,
            due_on: s.due_on,
            doses: s.doses,
            compulsory: s.compulsory,
            uncertain: s.uncertain,
            text: line_text(s, lang),
        })
        .collect();
    lines.sort_by_key(|l| (urgency(l.state), l.due_on));
    let set_aside = assessment
        .set_aside
        .iter()
        .filter_map(|a| {
            let (id, vaccine, _) = vaccinations.get(a.index as usize)?;
            Some(SetAsideLine {
                record_id: id.clone(),
                vaccine: vaccine.clone(),
                text: set_aside_text(vaccine, a.reason, lang),
            })
        })
        .collect();
    Ok(VaccinationCalendar {
        edition: assessment.edition,
        lines,
        set_aside,
    })
}

/// What needs doing now: the calendar's late and due lines, then the next
/// date written on records of vaccines the calendar does not know, once it
/// is near or past. A birth date in the future gives none (the calendar
/// screen says why).
pub(crate) fn to_do(
    birth: NaiveDate,
    records: &[carnet_model::Record],
    today: NaiveDate,
    lang: Lang,
) -> Vec<CalendarLine> {
    let mut lines: Vec<CalendarLine> = calendar(birth, records, today, lang)
        .map(|c| c.lines)
        .unwrap_or_default()
        .into_iter()
        .filter(|l| urgency(l.state) <= 1)
        .collect();
    // Only the latest dose of each unknown vaccine says when the next one is.
    let mut latest: std::collections::BTreeMap<String, (NaiveDate, Option<NaiveDate>, String)> =
        Default::default();
    for r in records {
        if let RecordBody::Vaccination(v) = &r.body {
            if !carnet_calendar::antigens_of(&v.vaccine).is_empty() {
                continue;
            }
            let key = v.vaccine.trim().to_lowercase();
            if latest.get(&key).is_none_or(|(date, _, _)| v.date > *date) {
                latest.insert(key, (v.date, v.next_due, v.vaccine.clone()));
            }
        }
    }
    for (_, next, vaccine) in latest.into_values() {
        let Some(next) = next.filter(|n| *n <= today + chrono::Days::new(30)) else {
            continue;
        };
        let late = next < today;
        let when = date_words(next, lang);
        lines.push(CalendarLine {
            antigen: None,
            disease: vaccine,
            state: if late { State::Overdue } else { State::Due },
            due_on: Some(next),
            doses: 0,
            compulsory: false,
            uncertain: false,
            text: match (late, lang) {
                (true, Lang::Fr) => format!("Rappel noté pour le {when} : en retard."),
                (true, Lang::En) => format!("Booster written down for {when}: late."),
                (false, Lang::Fr) => format!("Rappel noté pour le {when}."),
                (false, Lang::En) => format!("Booster written down for {when}."),
            },
        });
    }
    lines.sort_by_key(|l| (urgency(l.state), l.due_on));
    lines
}

/// A name as a line starts with it: "hépatite B" → "Hépatite B".
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Late first, then due, upcoming, done and closed.
fn urgency(state: State) -> u8 {
    match state {
        State::Overdue | State::AskDoctor => 0,
        State::Due => 1,
        State::Upcoming => 2,
        State::Done => 3,
        State::Closed => 4,
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as a person says it: "10 mars 2026".
pub fn date_words(date: NaiveDate, lang: Lang) -> String {
    let month = date.month0() as usize;
    match lang {
        Lang::Fr => {
            let day = if date.day() == 1 {
                "1er".to_string()
            } else {
                date.day().to_string()
            };
            format!("{day} {} {}", MONTHS_FR[month], date.year())
        }
        Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
    }
}

/// Which dose, in words: "2e dose", "rappel de 45 ans", "vaccin de l'automne".
fn which(reason: Option<Reason>, lang: Lang) -> String {
    match (reason, lang) {
        (Some(Reason::Dose { number: 1 }), Lang::Fr) => "1re dose".into(),
        (Some(Reason::Dose { number }), Lang::Fr) => format!("{number}e dose"),
        (Some(Reason::Dose { number: 1 }), Lang::En) => "1st dose".into(),
        (Some(Reason::Dose { number: 2 }), Lang::En) => "2nd dose".into(),
        (Some(Reason::Dose { number: 3 }), Lang::En) => "3rd dose".into(),
        (Some(Reason::Dose { number }), Lang::En) => format!("dose {number}"),
        (Some(Reason::Booster { age }), Lang::Fr) => format!("rappel de {age} ans"),
        (Some(Reason::Booster { age }), Lang::En) => format!("booster at {age}"),
        (Some(Reason::Season), Lang::Fr) => "vaccin de l'automne".into(),
        (Some(Reason::Season), Lang::En) => "autumn vaccine".into(),
        (None, Lang::Fr) => "dose".into(),
        (None, Lang::En) => "dose".into(),
    }
}

/// What to do for one disease, in plain words.
fn line_text(s: &carnet_calendar::AntigenStatus, lang: Lang) -> String {
    let what = which(s.reason, lang);
    let when = s.due_on.map(|d| date_words(d, lang)).unwrap_or_default();
    let mut text = match (s.state, lang) {
        (State::Done, Lang::Fr) => "À jour.".to_string(),
        (State::Done, Lang::En) => "Up to date.".to_string(),
        (State::Upcoming, Lang::Fr) => format!("Prochaine étape : {what}, à partir du {when}."),
        (State::Upcoming, Lang::En) => format!("Next: {what}, from {when}."),
        (State::Due, Lang::Fr) => format!("À faire maintenant : {what} (date prévue : {when})."),
        (State::Due, Lang::En) => format!("To do now: {what} (planned date: {when})."),
        (State::Overdue, Lang::Fr) => {
            format!("En retard : {what} (date prévue : {when}). Le rattrapage est recommandé.")
        }
        (State::Overdue, Lang::En) => {
            format!("Late: {what} (planned date: {when}). Catching up is recommended.")
        }
        (State::AskDoctor, Lang::Fr) => format!(
            "Manqué : {what} (date prévue : {when}). Demandez à votre médecin comment rattraper cette vaccination."
        ),
        (State::AskDoctor, Lang::En) => format!(
            "Missed: {what} (planned date: {when}). Ask your doctor how to catch up."
        ),
        (State::Closed, Lang::Fr) => {
            "Schéma incomplet, qui n'est plus proposé à cet âge.".to_string()
        }
        (State::Closed, Lang::En) => {
            "Incomplete, and no longer offered at this age.".to_string()
        }
    };
    if s.compulsory && matches!(s.state, State::Due | State::Overdue | State::AskDoctor) {
        text.push_str(lang.pick(" Vaccination obligatoire.", " A compulsory vaccination."));
    }
    if s.uncertain {
        text.push_str(lang.pick(
            " (Donnée du calendrier à confirmer avec votre médecin.)",
            " (A calendar value to confirm with your doctor.)",
        ));
    }
    if s.childhood_unknown {
        text.push_str(lang.pick(
            " Aucune vaccination de l'enfance n'est notée : votre médecin peut vous dire où vous en êtes.",
            " No childhood vaccination is recorded: your doctor can tell you where you stand.",
        ));
    }
    text
}

fn set_aside_text(vaccine: &str, reason: SetAsideReason, lang: Lang) -> String {
    match (reason, lang) {
        (SetAsideReason::BeforeBirth, Lang::Fr) => {
            format!("« {vaccine} » est daté d'avant la naissance : vérifiez sa date.")
        }
        (SetAsideReason::BeforeBirth, Lang::En) => {
            format!("“{vaccine}” is dated before birth: check its date.")
        }
        (SetAsideReason::InTheFuture, Lang::Fr) => format!(
            "« {vaccine} » est daté d'après aujourd'hui : il ne compte pas encore (vérifiez sa date, ou l'horloge de l'ordinateur)."
        ),
        (SetAsideReason::InTheFuture, Lang::En) => format!(
            "“{vaccine}” is dated after today: it does not count yet (check its date, or the computer's clock)."
        ),
        (SetAsideReason::UnknownVaccine, Lang::Fr) => format!(
            "« {vaccine} » n'est pas dans la liste des vaccins de Carnet : il est gardé, mais aucun rappel ne peut en être calculé."
        ),
        (SetAsideReason::UnknownVaccine, Lang::En) => format!(
            "“{vaccine}” is not in Carnet's list of vaccines: it is kept, but no reminder can be worked out from it."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_say_them() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap_or(NaiveDate::MIN);
        assert_eq!(date_words(d("2026-03-10"), Lang::Fr), "10 mars 2026");
        assert_eq!(date_words(d("2026-08-01"), Lang::Fr), "1er août 2026");
        assert_eq!(date_words(d("2026-03-10"), Lang::En), "10 March 2026");
    }
}
