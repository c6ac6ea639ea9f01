//! The examinations a person is due for besides vaccines, from their birth
//! date, sex and the examinations recorded: the child's 20 compulsory
//! examinations (calendar in force since 1 January 2025), the national
//! prevention check-ups at 18–25, 45–50, 60–65 and 70–75 years, and the
//! three organised cancer screenings. Sources, dates and Carnet's reading of
//! them: docs/prevention-calendar.md.

use carnet_model::{Exam, Sex};
use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::assess::{add_months, AssessError, LEAD_DAYS};
use crate::State;

/// Where the calendars of examinations come from, shown with them.
pub const CHECKUPS_EDITION: &str = "Examens obligatoires de l'enfant (arrêté du 26 février 2019 modifié, calendrier au 1er janvier 2025) ; Mon bilan prévention (2024) ; dépistages organisés des cancers (INCa, HAS)";

/// An age, as the calendars say it.
#[derive(Debug, Clone, Copy)]
enum Age {
    Days(u64),
    Months(u32),
    Years(u32),
}

impl Age {
    fn on(self, birth: NaiveDate) -> NaiveDate {
        match self {
            Age::Days(d) => birth + Days::new(d),
            Age::Months(m) => add_months(birth, m),
            Age::Years(y) => add_months(birth, y * 12),
        }
    }
}

/// An examination done once, between two ages (the second excluded).
struct Once {
    exam: Exam,
    from: Age,
    until: Age,
}

const fn once(exam: Exam, from: Age, until: Age) -> Once {
    Once { exam, from, until }
}

use Age::{Days as D, Months as M, Years as Y};

/// The child's examinations, in order. "Au cours du Ne mois" is read as the
/// visit at N months (the one of the vaccines), until N+1 months.
const CHILD: &[Once] = &[
    once(Exam::Child8Days, D(0), D(9)),
    once(Exam::Child2Weeks, D(7), D(15)),
    once(Exam::Child2Months, M(2), M(3)),
    once(Exam::Child3Months, M(3), M(4)),
    once(Exam::Child4Months, M(4), M(5)),
    once(Exam::Child5Months, M(5), M(6)),
    once(Exam::Child6Months, M(6), M(7)),
    once(Exam::Child9Months, M(9), M(10)),
    once(Exam::Child12Months, M(12), M(13)),
    once(Exam::Child13Months, M(13), M(14)),
    once(Exam::Child16To18Months, M(16), M(19)),
    once(Exam::Child24Months, M(24), M(26)),
    once(Exam::Child3Years, Y(3), Y(4)),
    once(Exam::Child4Years, Y(4), Y(5)),
    once(Exam::Child5Years, Y(5), Y(6)),
    once(Exam::Child6Years, Y(6), Y(7)),
    once(Exam::Child7Years, Y(7), Y(8)),
    once(Exam::Child8To9Years, Y(8), Y(10)),
    once(Exam::Child11To13Years, Y(11), Y(14)),
    once(Exam::Child15To16Years, Y(15), Y(17)),
];

/// A child's examination not recorded stays late until the next one's
/// window closes (the next visit makes up for it); the last one until 18.
const CHILD_LATE_UNTIL_LAST: Age = Y(18);

/// The national prevention check-ups ("Mon bilan prévention"), each once in
/// its age band (the last birthday included).
const PREVENTION: &[Once] = &[
    once(Exam::Prevention18To25, Y(18), Y(26)),
    once(Exam::Prevention45To50, Y(45), Y(51)),
    once(Exam::Prevention60To65, Y(60), Y(66)),
    once(Exam::Prevention70To75, Y(70), Y(76)),
];

/// An organised screening: who, between which ages, how often.
struct Screening {
    exam: Exam,
    women_only: bool,
    from: Age,
    until: Age,
}

const SCREENINGS: &[Screening] = &[
    Screening {
        exam: Exam::BreastScreening,
        women_only: true,
        from: Y(50),
        until: Y(75),
    },
    Screening {
        exam: Exam::ColorectalScreening,
        women_only: false,
        from: Y(50),
        until: Y(75),
    },
    Screening {
        exam: Exam::CervicalScreening,
        women_only: true,
        from: Y(25),
        until: Y(66),
    },
];

/// A screening stays "due" this long after its date before it is late
/// (the invitation letter, the appointment).
const SCREENING_GRACE_MONTHS: u32 = 6;

/// A first examination further ahead than this is not listed (an adult's
/// screening for a child).
const HORIZON_MONTHS: u32 = 24;

/// One examination's state for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ExamStatus {
    pub exam: Exam,
    /// Done, upcoming, due, overdue, or closed (a child's examination whose
    /// time has passed without being recorded).
    pub state: State,
    /// When it is to be done: the start of its age band, or the next date of
    /// a screening.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    /// The last day of its age band (a check-up done once).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The latest time it was recorded as done.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    /// One of the child's three health certificates.
    pub certificate: bool,
}

/// The examinations of someone born on `birth`, with `done` recorded
/// (examination, date), on `today`: the child's (while under 18, or when one
/// is recorded), then the adult ones whose age band is open, coming within
/// two years, or recorded. Dates after today are not counted (a clock set
/// back marks nothing done).
pub fn follow_up(
    birth: NaiveDate,
    sex: Sex,
    done: &[(Exam, NaiveDate)],
    today: NaiveDate,
) -> Result<Vec<ExamStatus>, AssessError> {
    if birth > today {
        return Err(AssessError::BirthInTheFuture);
    }
    let last_done = |exam: Exam| {
        done.iter()
            .filter(|(e, d)| *e == exam && *d <= today && *d >= birth)
            .map(|(_, d)| *d)
            .max()
    };
    let horizon = add_months(today, HORIZON_MONTHS);
    let mut out = Vec::new();

    let child_recorded = CHILD.iter().any(|c| last_done(c.exam).is_some());
    if today < Y(18).on(birth) || child_recorded {
        for (i, c) in CHILD.iter().enumerate() {
            let late_until = CHILD
                .get(i + 1)
                .map_or(CHILD_LATE_UNTIL_LAST, |next| next.until);
            out.push(once_status(
                c,
                late_until.on(birth),
                birth,
                last_done(c.exam),
                today,
            ));
        }
    }
    for p in PREVENTION {
        let status = once_status(p, p.until.on(birth), birth, last_done(p.exam), today);
        let listed = match status.state {
            State::Done => true,
            State::Upcoming => status.due_on.is_some_and(|d| d <= horizon),
            State::Closed => false,
            _ => true,
        };
        if listed {
            out.push(status);
        }
    }
    for s in SCREENINGS {
        if s.women_only && sex != Sex::Female {
            continue;
        }
        if let Some(status) = screening_status(s, birth, done, today) {
            if status.state != State::Upcoming || status.due_on.is_some_and(|d| d <= horizon) {
                out.push(status);
            }
        }
    }
    Ok(out)
}

fn once_status(
    c: &Once,
    late_until: NaiveDate,
    birth: NaiveDate,
    done_on: Option<NaiveDate>,
    today: NaiveDate,
) -> ExamStatus {
    let from = c.from.on(birth);
    let until = c.until.on(birth);
    let state = if done_on.is_some() {
        State::Done
    } else if today + Days::new(LEAD_DAYS) < from {
        State::Upcoming
    } else if today < until {
        State::Due
    } else if today < late_until {
        State::Overdue
    } else {
        State::Closed
    };
    ExamStatus {
        exam: c.exam,
        state,
        due_on: Some(from),
        until: until.pred_opt(),
        done_on,
        certificate: c.exam.gives_certificate(),
    }
}

/// A screening's next date: its first age, else the last one done plus the
/// interval. `None` once the person is past its ages and has no record.
fn screening_status(
    s: &Screening,
    birth: NaiveDate,
    done: &[(Exam, NaiveDate)],
    today: NaiveDate,
) -> Option<ExamStatus> {
    let from = s.from.on(birth);
    let until = s.until.on(birth);
    let mut dates: Vec<NaiveDate> = done
        .iter()
        .filter(|(e, d)| *e == s.exam && *d <= today && *d >= birth)
        .map(|(_, d)| *d)
        .collect();
    dates.sort();
    let last = dates.last().copied();
    if today >= until && last.is_none() {
        return None;
    }
    let next = match last {
        None => from,
        Some(last) => add_months(last, interval_months(s.exam, birth, &dates)).max(from),
    };
    let state = if today >= until {
        // Past its ages: the programme stops.
        State::Closed
    } else if next >= until {
        State::Done
    } else if today + Days::new(LEAD_DAYS) < next {
        if last.is_some() {
            State::Done
        } else {
            State::Upcoming
        }
    } else if last.is_none() || today < add_months(next, SCREENING_GRACE_MONTHS) {
        // Never recorded is not known to be late: it may have been done
        // before Carnet.
        State::Due
    } else {
        State::Overdue
    };
    Some(ExamStatus {
        exam: s.exam,
        state,
        due_on: (next < until && today < until).then_some(next),
        until: None,
        done_on: last,
        certificate: false,
    })
}

/// Months to the next screening after the ones done (sorted).
fn interval_months(exam: Exam, birth: NaiveDate, dates: &[NaiveDate]) -> u32 {
    match exam {
        Exam::CervicalScreening => {
            let thirty = Y(30).on(birth);
            match dates.last() {
                // From 30, an HPV test every five years.
                Some(last) if *last >= thirty => 60,
                // From 25 to 29, two smears a year apart, then every three years.
                _ if dates.len() == 1 => 12,
                _ => 36,
            }
        }
        // Breast and colorectal: every two years.
        _ => 24,
    }
}
