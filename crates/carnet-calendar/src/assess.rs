//! From a birth date and the doses recorded, each antigen's state today.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::schedule::{self, Age, CatchUp, Step, NEVER_LATE};
use crate::Antigen;

/// How far ahead a dose shows as due rather than upcoming.
pub(crate) const LEAD_DAYS: u64 = 30;

/// A first dose further ahead than this is not listed yet (shingles for a
/// baby): the booklet shows what is coming, not a lifetime.
const HORIZON_MONTHS: u32 = 24;

/// A dose as recorded: when, and what it protects against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedDose {
    pub date: NaiveDate,
    pub antigens: Vec<Antigen>,
}

/// Where an antigen stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "CalendarState")]
pub enum State {
    /// Every dose the calendar expects so far is recorded, and none is planned.
    Done,
    /// The next dose is planned later (`due_on`).
    Upcoming,
    /// The next dose is due now, or within a month.
    Due,
    /// The dose is late; the calendar still recommends it (catch-up).
    Overdue,
    /// A dose is missing and the calendar gives no catch-up rule for it:
    /// the doctor decides.
    AskDoctor,
    /// A dose was missed and is no longer given at this age.
    Closed,
}

/// Why a dose is expected, for the screens' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Dose `number` of the calendar's series (1 = the first).
    Dose { number: u32 },
    /// The booster at a fixed adult age.
    Booster { age: u32 },
    /// The autumn campaign (influenza, Covid-19) from 65.
    Season,
}

/// One antigen's state for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AntigenStatus {
    pub antigen: Antigen,
    pub state: State,
    /// When the next (or missed) dose is or was due.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    /// Why that dose is expected.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// Doses recorded that count for this antigen.
    pub doses: u32,
    /// The dose in question is compulsory (children born since 2018).
    pub compulsory: bool,
    /// The reference marks a value behind this state as not confirmed.
    pub uncertain: bool,
    /// An adult with no childhood dose recorded: only adult doses are
    /// counted, and the doctor can tell what childhood brought.
    pub childhood_unknown: bool,
}

/// A recorded dose the calendar cannot use, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SetAsideReason {
    BeforeBirth,
    /// Dated after today (a typing error, or the computer's clock set back).
    InTheFuture,
    /// A vaccine Carnet does not know: no reminder can be computed from it.
    UnknownVaccine,
}

/// A dose left out of the computation (its index in the input).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SetAside {
    pub index: u32,
    pub reason: SetAsideReason,
}

/// Everything the calendar says for a person today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Assessment {
    /// The calendar's edition, to show with the result.
    pub edition: String,
    pub antigens: Vec<AntigenStatus>,
    pub set_aside: Vec<SetAside>,
}

/// Why nothing can be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessError {
    /// The birth date is after today.
    BirthInTheFuture,
}

/// Full years from `birth` to `on`.
pub(crate) fn age_years(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

pub(crate) fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The calendar's answer for someone born on `birth`, with `doses` recorded, on `today`.
pub fn assess(
    birth: NaiveDate,
    doses: &[RecordedDose],
    today: NaiveDate,
) -> Result<Assessment, AssessError> {
    if birth > today {
        return Err(AssessError::BirthInTheFuture);
    }
    let mut set_aside = Vec::new();
    let mut usable: Vec<&RecordedDose> = Vec::new();
    for (index, dose) in doses.iter().enumerate() {
        let reason = if dose.date < birth {
            Some(SetAsideReason::BeforeBirth)
        } else if dose.date > today {
            Some(SetAsideReason::InTheFuture)
        } else if dose.antigens.is_empty() {
            Some(SetAsideReason::UnknownVaccine)
        } else {
            None
        };
        match reason {
            Some(reason) => set_aside.push(SetAside {
                index: index as u32,
                reason,
            }),
            None => usable.push(dose),
        }
    }
    let age = age_years(birth, today);
    let mut antigens = Vec::new();
    for antigen in Antigen::ALL {
        let mut dates: Vec<NaiveDate> = usable
            .iter()
            .filter(|d| d.antigens.contains(&antigen))
            .map(|d| d.date)
            .collect();
        dates.sort();
        // Two products the same day for one antigen are one dose.
        dates.dedup();
        let status = match antigen {
            Antigen::Hpv => hpv(birth, &dates, today),
            Antigen::Influenza | Antigen::Covid19 => season(antigen, birth, &dates, today),
            _ => series(antigen, birth, &dates, today, age),
        };
        let horizon = add_months(today, HORIZON_MONTHS);
        antigens.extend(status.filter(|s| {
            !(s.state == State::Upcoming && s.doses == 0 && s.due_on.is_some_and(|d| d > horizon))
        }));
    }
    Ok(Assessment {
        edition: schedule::EDITION.to_string(),
        antigens,
        set_aside,
    })
}

/// A status with the common fields.
fn status(antigen: Antigen, state: State, doses: usize) -> AntigenStatus {
    AntigenStatus {
        antigen,
        state,
        due_on: None,
        reason: None,
        doses: doses as u32,
        compulsory: false,
        uncertain: false,
        childhood_unknown: false,
    }
}

/// Series of doses at ages (and boosters at fixed adult ages).
fn series(
    antigen: Antigen,
    birth: NaiveDate,
    dates: &[NaiveDate],
    today: NaiveDate,
    age: u32,
) -> Option<AntigenStatus> {
    // Boosters every ten years are listed up to one beyond today's age.
    // (At most to 130: a birth date typed centuries ago costs nothing.)
    let mut steps = schedule::steps(antigen, birth, (age.max(65) + 10).min(130));
    if steps.is_empty() {
        return None;
    }
    // From 18, childhood series are history (the doctor reads them): only
    // adult doses, and catch-ups still recommended at this age, are
    // assessed. `childhood_unknown` says when no childhood dose is recorded.
    let adult = Age::Y(18).on(birth);
    let grown_up = today >= adult;
    let childhood_unknown = grown_up && !dates.iter().any(|d| *d < adult);
    if grown_up {
        steps.retain(|s| {
            s.due.on(birth) >= adult
                || matches!(s.catch_up, CatchUp::Until(limit) if today < limit.on(birth))
        });
        if steps.is_empty() {
            return None;
        }
    }
    // Each dose, in order, goes to the first step still open that it can
    // count for; an adult booster goes to the latest fixed age it reaches
    // (a dose at 85 is the booster of 85, not a late one of 25).
    let mut given: Vec<Option<NaiveDate>> = vec![None; steps.len()];
    for &date in dates {
        let fits = |i: usize, given: &[Option<NaiveDate>]| {
            let s = &steps[i];
            let previous = given[..i].iter().rev().flatten().next();
            given[i].is_none()
                && date >= s.counts_from.on(birth)
                && previous.is_none_or(|p| date >= add_months(*p, s.gap_months))
        };
        let mut slot = (0..steps.len()).find(|&i| fits(i, &given));
        if let Some(first) = slot.filter(|&i| steps[i].booster_age.is_some()) {
            slot = (first..steps.len())
                .rev()
                .find(|&i| steps[i].booster_age.is_some() && fits(i, &given));
        }
        if let Some(i) = slot {
            given[i] = Some(date);
        }
    }
    let counted = given.iter().flatten().count();
    let mut closed = false;
    for (i, s) in steps.iter().enumerate() {
        if given[i].is_some() {
            continue;
        }
        // Not before its age, nor before the interval after the last dose
        // given (even one too close to count: the interval runs from it).
        let mut due = s.due.on(birth);
        if s.gap_months > 0 {
            if let Some(last) = dates.last() {
                due = due.max(add_months(*last, s.gap_months));
            }
        }
        // Pushed past the last age it may be given at: no longer given.
        let last_age = match s.catch_up {
            CatchUp::Until(limit) => Some(limit.on(birth)),
            CatchUp::Never => Some(s.late.on(birth)),
            CatchUp::UntilNext | CatchUp::AskDoctor => None,
        };
        if last_age.is_some_and(|limit| due >= limit) && s.late != NEVER_LATE {
            closed = true;
            if s.catch_up == CatchUp::Never {
                // A series no longer given once late ends here (rotavirus).
                break;
            }
            continue;
        }
        let late = s.late.on(birth).max(due);
        let next_due = steps.get(i + 1).map(|n| n.due.on(birth));
        let state = if today + chrono::Days::new(LEAD_DAYS) < due {
            State::Upcoming
        } else if today < late || s.late == NEVER_LATE {
            State::Due
        } else {
            match s.catch_up {
                CatchUp::Until(limit) if today < limit.on(birth) => State::Overdue,
                CatchUp::UntilNext
                    if next_due.is_none_or(|n| today + chrono::Days::new(LEAD_DAYS) < n) =>
                {
                    State::Overdue
                }
                CatchUp::AskDoctor => State::AskDoctor,
                // A booster the next fixed age replaces: not a missed dose.
                CatchUp::UntilNext => continue,
                // No longer given once late: the series ends here (rotavirus).
                CatchUp::Never => {
                    closed = true;
                    break;
                }
                CatchUp::Until(_) => {
                    closed = true;
                    continue;
                }
            }
        };
        return Some(AntigenStatus {
            due_on: Some(due),
            reason: Some(reason_of(s, counted)),
            compulsory: s.compulsory,
            uncertain: s.uncertain,
            childhood_unknown,
            ..status(antigen, state, counted)
        });
    }
    if closed && counted == 0 {
        // Never given and no longer given: nothing to tell.
        return None;
    }
    Some(AntigenStatus {
        childhood_unknown,
        ..status(
            antigen,
            if closed { State::Closed } else { State::Done },
            counted,
        )
    })
}

/// A booster at its age, or the person's next dose by number.
fn reason_of(s: &Step, counted: usize) -> Reason {
    match s.booster_age {
        Some(age) => Reason::Booster { age },
        None => Reason::Dose {
            number: counted as u32 + 1,
        },
    }
}

/// HPV, girls and boys: two doses six months apart when started at 11 to
/// 14; three doses (0, 2, 6 months) when started from 15 to 26. Doses count
/// from the calendar's age, 11 (an earlier one is for the doctor to weigh).
fn hpv(birth: NaiveDate, dates: &[NaiveDate], today: NaiveDate) -> Option<AntigenStatus> {
    // A dose counts only at its minimum interval after the last one that
    // counted: 5 months for the second of two; 1, then 3 months for three.
    let mut counted: Vec<NaiveDate> = Vec::new();
    for d in dates.iter().copied().filter(|d| *d >= Age::Y(11).on(birth)) {
        let gap = match counted.as_slice() {
            [] => 0,
            [first] if *first < Age::Y(15).on(birth) => 5,
            [_] => 1,
            _ => 3,
        };
        if counted
            .last()
            .is_none_or(|last| d >= add_months(*last, gap))
        {
            counted.push(d);
        }
    }
    let base = |state: State, due: Option<NaiveDate>, number: u32| AntigenStatus {
        due_on: due,
        reason: due.map(|_| Reason::Dose { number }),
        ..status(Antigen::Hpv, state, counted.len())
    };
    let Some(&first) = counted.first() else {
        let from = Age::Y(11).on(birth);
        return if today + chrono::Days::new(LEAD_DAYS) < from {
            Some(base(State::Upcoming, Some(from), 1))
        } else if today < Age::Y(15).on(birth) {
            Some(base(State::Due, Some(from), 1))
        } else if today < Age::Y(27).on(birth) {
            Some(base(State::Overdue, Some(from), 1))
        } else {
            None
        };
    };
    let two_dose = first < Age::Y(15).on(birth);
    // Months from each dose to the next: 6 (two doses), or 2 then 4
    // (three doses at 0, 2 and 6 months).
    let intervals: &[u32] = if two_dose { &[6] } else { &[2, 4] };
    if counted.len() > intervals.len() {
        return Some(base(State::Done, None, 0));
    }
    // Past 26 the catch-up is over: an unfinished series is closed.
    if today >= Age::Y(27).on(birth) {
        return Some(base(State::Closed, None, 0));
    }
    let number = counted.len() as u32 + 1;
    let last = counted[counted.len() - 1];
    let due = add_months(last, intervals[counted.len() - 1]);
    // The calendar gives the interval, not how late a dose may come
    // (13 months is marked uncertain): past it, the doctor decides.
    let late = add_months(last, if two_dose { 13 } else { 12 });
    let state = if today + chrono::Days::new(LEAD_DAYS) < due {
        State::Upcoming
    } else if today < late {
        State::Due
    } else {
        State::AskDoctor
    };
    Some(AntigenStatus {
        uncertain: two_dose && state == State::AskDoctor,
        ..base(state, Some(due), number)
    })
}

/// Influenza and Covid-19 from 65: one dose each autumn campaign. A dose
/// from 1 September counts for that season; the campaign runs October to
/// January (the 2025 one opened on 14 October).
fn season(
    antigen: Antigen,
    birth: NaiveDate,
    dates: &[NaiveDate],
    today: NaiveDate,
) -> Option<AntigenStatus> {
    let sixty_five = Age::Y(65).on(birth);
    // The season a day belongs to starts on 1 September.
    let season_year = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let ymd = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX);
    let this_season = ymd(season_year, 9);
    let campaign = ymd(season_year, 10);
    let campaign_end = ymd(season_year + 1, 2);
    let next_campaign = ymd(season_year + 1, 10);
    let next_campaign_end = ymd(season_year + 2, 2);
    let soon = |d: NaiveDate| today + chrono::Days::new(LEAD_DAYS) >= d;
    let (state, due) = if sixty_five < campaign_end {
        if dates.iter().any(|d| *d >= this_season) || today >= campaign_end {
            // Vaccinated for this campaign, or it is over: the next one.
            (State::Upcoming, next_campaign)
        } else if !soon(campaign) {
            (State::Upcoming, campaign)
        } else {
            (State::Due, campaign.max(sixty_five))
        }
    } else if sixty_five < next_campaign_end {
        (State::Upcoming, next_campaign.max(sixty_five))
    } else {
        return None;
    };
    Some(AntigenStatus {
        due_on: Some(due),
        reason: Some(Reason::Season),
        ..status(antigen, state, dates.len())
    })
}
