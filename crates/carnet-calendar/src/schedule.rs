//! The 2025 calendar as steps per antigen: when each dose counts, when it
//! is due, when it is late, and what the calendar says once it is late.
//! Every value comes from `calendrier-vaccinal.json` (the compiled 2025
//! edition, see docs/vaccination-calendar.md); where the calendar gives no
//! catch-up rule the step says so ("ask your doctor"), and values it marks
//! uncertain are marked here too.

use chrono::{Months, NaiveDate};

use crate::Antigen::{self, *};

/// The edition the steps follow, as the screens name it.
pub const EDITION: &str = "Calendrier des vaccinations et recommandations vaccinales 2025 (ministère chargé de la santé, après avis de la HAS), actualisé fin 2025";

/// An age, in months or years after birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Age {
    M(u32),
    Y(u32),
}

impl Age {
    /// The day one reaches this age (the day of the month is kept; the
    /// 31st becomes the month's last day).
    pub(crate) fn on(self, birth: NaiveDate) -> NaiveDate {
        let months = match self {
            Age::M(m) => m,
            Age::Y(y) => y * 12,
        };
        birth
            .checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// What the calendar says once a step is late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CatchUp {
    /// Still recommended until this age (excluded): overdue until then.
    Until(Age),
    /// Give it as soon as possible, until the next step is due (adult
    /// boosters at fixed ages).
    UntilNext,
    /// The calendar gives no rule here: the doctor decides.
    AskDoctor,
    /// No longer given once late (rotavirus after 6 months).
    Never,
}

/// One dose the calendar expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    /// A dose counts for this step from this age…
    pub counts_from: Age,
    /// …and at least this many months after the dose before it.
    pub gap_months: u32,
    /// It is due from this age…
    pub due: Age,
    /// …and late from this age.
    pub late: Age,
    pub catch_up: CatchUp,
    /// Compulsory for this child (infant doses, children born since 2018).
    pub compulsory: bool,
    /// The reference marks this value as not confirmed.
    pub uncertain: bool,
    /// An adult booster at a fixed age (years), for the screens.
    pub booster_age: Option<u32>,
}

const fn step(counts_from: Age, due: Age, late: Age, catch_up: CatchUp) -> Step {
    Step {
        counts_from,
        gap_months: 0,
        due,
        late,
        catch_up,
        compulsory: false,
        uncertain: false,
        booster_age: None,
    }
}

impl Step {
    const fn compulsory_if(mut self, yes: bool) -> Step {
        self.compulsory = yes;
        self
    }

    const fn gap(mut self, months: u32) -> Step {
        self.gap_months = months;
        self
    }

    const fn uncertain(mut self) -> Step {
        self.uncertain = true;
        self
    }
}

/// Far enough to mean "no limit" (a step due for good once reached).
pub(crate) const NEVER_LATE: Age = Age::Y(200);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Children born since 1 January 2018 have 11 compulsory vaccinations.
fn born_since_2018(birth: NaiveDate) -> bool {
    birth >= day(2018, 1, 1)
}

/// Since 1 January 2025 meningococci ACWY and B replace C among them.
fn born_since_2025(birth: NaiveDate) -> bool {
    birth >= day(2025, 1, 1)
}

/// The infant series of the hexavalent vaccine: 2, 4 and 11 months.
fn infant_2_4_11(birth: NaiveDate, catch_up: CatchUp) -> Vec<Step> {
    let compulsory = born_since_2018(birth);
    vec![
        step(Age::M(1), Age::M(2), Age::M(3), catch_up).compulsory_if(compulsory),
        step(Age::M(2), Age::M(4), Age::M(5), catch_up)
            .compulsory_if(compulsory)
            .gap(1),
        step(Age::M(6), Age::M(11), Age::M(12), catch_up)
            .compulsory_if(compulsory)
            .gap(5),
    ]
}

/// Adult boosters at 25, 45 and 65, then every 10 years, up to `until`.
fn adult_boosters(first: u32, until: u32) -> Vec<Step> {
    let mut ages = vec![first, 45, 65];
    let mut next = 75;
    while next <= until {
        ages.push(next);
        next += 10;
    }
    ages.into_iter()
        .filter(|a| *a >= first)
        .map(|a| {
            let mut s = step(
                Age::Y(a.saturating_sub(1)),
                Age::Y(a),
                Age::Y(a + 1),
                CatchUp::UntilNext,
            );
            s.booster_age = Some(a);
            s
        })
        .collect()
}

/// The steps of one antigen for someone born on `birth`, whose boosters are
/// counted up to the age of `oldest` years.
pub(crate) fn steps(antigen: Antigen, birth: NaiveDate, oldest: u32) -> Vec<Step> {
    let since_2018 = born_since_2018(birth);
    let since_2025 = born_since_2025(birth);
    match antigen {
        Diphtheria | Tetanus | Polio | Pertussis => {
            let mut s = infant_2_4_11(birth, CatchUp::AskDoctor);
            s.push(step(Age::Y(5), Age::Y(6), Age::Y(7), CatchUp::AskDoctor).gap(12));
            s.push(step(Age::Y(10), Age::Y(11), Age::Y(14), CatchUp::AskDoctor).gap(12));
            if antigen == Pertussis {
                // Only the booster at 25 has the pertussis valence (catch-up until 39).
                let mut at_25 = step(
                    Age::Y(24),
                    Age::Y(25),
                    Age::Y(26),
                    CatchUp::Until(Age::Y(40)),
                );
                at_25.booster_age = Some(25);
                s.push(at_25);
            } else {
                s.extend(adult_boosters(25, oldest));
            }
            s
        }
        Hib => infant_2_4_11(birth, CatchUp::Until(Age::Y(5))),
        HepatitisB => infant_2_4_11(birth, CatchUp::Until(Age::Y(16))),
        Pneumococcus => {
            let mut s = infant_2_4_11(birth, CatchUp::AskDoctor);
            // One dose from 65 (recommended to all since the 2025 edition).
            s.push(step(Age::Y(65), Age::Y(65), NEVER_LATE, CatchUp::Never));
            s
        }
        MeningococcusAcwy => {
            let mut s = Vec::new();
            if since_2025 {
                s.push(
                    step(Age::M(5), Age::M(6), Age::M(7), CatchUp::Until(Age::Y(5)))
                        .compulsory_if(true),
                );
                s.push(
                    step(
                        Age::M(11),
                        Age::M(12),
                        Age::M(13),
                        CatchUp::Until(Age::Y(5)),
                    )
                    .compulsory_if(true)
                    .gap(2),
                );
            } else {
                // Born before 2025: one dose between 12 and 24 months,
                // even after a meningococcus C vaccine; catch-up until 4.
                s.push(step(
                    Age::M(12),
                    Age::M(12),
                    Age::M(25),
                    CatchUp::Until(Age::Y(5)),
                ));
            }
            // Teenagers: one dose whatever came before; catch-up 15 to 24.
            s.push(step(
                Age::Y(11),
                Age::Y(11),
                Age::Y(15),
                CatchUp::Until(Age::Y(25)),
            ));
            s
        }
        MeningococcusB => vec![
            step(Age::M(2), Age::M(3), Age::M(4), CatchUp::Until(Age::Y(5)))
                .compulsory_if(since_2025),
            step(Age::M(4), Age::M(5), Age::M(6), CatchUp::Until(Age::Y(5)))
                .compulsory_if(since_2025)
                .gap(2),
            step(
                Age::M(11),
                Age::M(12),
                Age::M(13),
                CatchUp::Until(Age::Y(5)),
            )
            .compulsory_if(since_2025)
            .gap(2),
        ],
        MeningococcusC if since_2018 && !since_2025 => vec![
            step(Age::M(4), Age::M(5), Age::M(6), CatchUp::Never).compulsory_if(true),
            step(Age::M(11), Age::M(12), Age::M(13), CatchUp::Never)
                .compulsory_if(true)
                .gap(2),
        ],
        MeningococcusC => Vec::new(),
        Measles | Mumps | Rubella => {
            // Everyone born since 1980: two doses from 12 months, a month
            // apart (a dose before 12 months does not count: a third follows).
            if birth < day(1980, 1, 1) {
                return Vec::new();
            }
            vec![
                step(
                    Age::M(12),
                    Age::M(12),
                    Age::M(13),
                    CatchUp::Until(NEVER_LATE),
                )
                .compulsory_if(since_2018),
                step(
                    Age::M(13),
                    Age::M(16),
                    Age::M(19),
                    CatchUp::Until(NEVER_LATE),
                )
                .compulsory_if(since_2018)
                .gap(1),
            ]
        }
        Rotavirus => {
            // Recommended for every infant since June 2022 (Rotarix: 2 and
            // 3 months, first dose by 4 months, done before 6 months).
            if birth < day(2022, 6, 1) {
                return Vec::new();
            }
            vec![
                step(Age::M(1), Age::M(2), Age::M(4), CatchUp::Never),
                step(Age::M(2), Age::M(3), Age::M(6), CatchUp::Never).gap(1),
            ]
        }
        Zoster => vec![
            step(Age::Y(65), Age::Y(65), NEVER_LATE, CatchUp::Never),
            // Two doses two months apart: from the vaccine's leaflet, not
            // read in the calendar itself.
            step(Age::Y(65), Age::Y(65), NEVER_LATE, CatchUp::Never)
                .gap(2)
                .uncertain(),
        ],
        Rsv => vec![step(Age::Y(75), Age::Y(75), NEVER_LATE, CatchUp::Never)],
        // Handled as seasons (influenza, Covid-19) or by age (HPV); BCG
        // and chickenpox are for people at risk only: the doctor decides.
        Hpv | Influenza | Covid19 | Tuberculosis | Varicella => Vec::new(),
    }
}
