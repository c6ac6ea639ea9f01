//! The profile overview: what matters at a glance.

use std::collections::BTreeMap;

use carnet_model::{
    AllergySeverity, AllergyStatus, ConditionStatus, DocumentMeta, ProfileInfo, Record, RecordBody,
};
use carnet_vault::Profile;

use crate::ProfileSummary;
use chrono::NaiveDate;
use serde::Serialize;

/// Documents shown in the overview.
const RECENT_DOCUMENTS: usize = 5;

/// Records shown per section; the full lists are one click away. Keeps the
/// overview quick to send and to draw whatever the size of the record.
const SECTION_LIMIT: usize = 20;

/// How many records each section holds in all, shown or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SectionTotals {
    pub allergies: usize,
    pub current_treatments: usize,
    pub vaccinations: usize,
    pub vaccines_to_do: usize,
    pub conditions: usize,
}

/// Everything the overview screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Overview {
    pub profile: ProfileSummary,
    /// Who the profile is about.
    pub info: ProfileInfo,
    /// Active allergies, most severe first.
    pub allergies: Vec<Record>,
    /// Treatments taken today.
    pub current_treatments: Vec<Record>,
    /// Vaccinations, most recent first.
    pub vaccinations: Vec<Record>,
    /// What the vaccination calendar says to do now (late first), and the
    /// boosters written down for vaccines it does not know, once near.
    pub vaccines_to_do: Vec<crate::CalendarLine>,
    /// Conditions not resolved.
    pub conditions: Vec<Record>,
    /// The latest measurement of each kind.
    pub latest_measurements: Vec<Record>,
    pub recent_documents: Vec<DocumentMeta>,
    /// Sizes of the sections before they were cut to the first 20.
    pub totals: SectionTotals,
    pub record_count: u64,
    pub document_count: usize,
    /// What this member may do on the profile (the rule of roles, so the
    /// window shows only what its role allows).
    pub may: Permissions,
}

/// The actions the member's role allows on the open profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Permissions {
    pub role: carnet_model::Role,
    pub write: bool,
    pub hide: bool,
    pub manage_people: bool,
    pub edit_details: bool,
    pub delete_profile: bool,
}

impl Permissions {
    fn of(profile: &Profile) -> carnet_vault::Result<Self> {
        let (role, may_hide) = profile.role()?;
        let allows = |action| role.allows(action, may_hide);
        Ok(Self {
            role,
            write: allows(carnet_model::Action::Write),
            hide: allows(carnet_model::Action::Hide),
            manage_people: allows(carnet_model::Action::ManagePeople),
            edit_details: allows(carnet_model::Action::EditDetails),
            delete_profile: allows(carnet_model::Action::DeleteProfile),
        })
    }
}

pub(crate) fn build(
    profile: &Profile,
    summary: ProfileSummary,
    today: NaiveDate,
    lang: carnet_model::Lang,
) -> carnet_vault::Result<Overview> {
    let records = profile.records(None)?;
    let mut allergies = Vec::new();
    let mut current_treatments = Vec::new();
    let mut vaccinations = Vec::new();
    let mut conditions = Vec::new();
    let mut latest: BTreeMap<String, Record> = BTreeMap::new();
    for record in records.iter() {
        match &record.body {
            RecordBody::Allergy(a) if a.status == AllergyStatus::Active => {
                allergies.push(record.clone())
            }
            RecordBody::Treatment(t) if t.is_current(today) => {
                current_treatments.push(record.clone())
            }
            RecordBody::Vaccination(_) => vaccinations.push(record.clone()),
            RecordBody::Condition(c) if c.status != ConditionStatus::Resolved => {
                conditions.push(record.clone())
            }
            RecordBody::Measurement(m) => {
                let key = format!("{:?}", m.kind);
                let newer = latest.get(&key).is_none_or(|cur| match &cur.body {
                    RecordBody::Measurement(c) => m.taken_at > c.taken_at,
                    _ => true,
                });
                if newer {
                    latest.insert(key, record.clone());
                }
            }
            _ => {}
        }
    }
    // Severe first: that is what a professional must see before anything else.
    allergies.sort_by_key(|r| match &r.body {
        RecordBody::Allergy(a) => match a.severity {
            AllergySeverity::Severe => 0,
            AllergySeverity::Moderate => 1,
            AllergySeverity::Mild => 2,
            AllergySeverity::Unknown => 3,
        },
        _ => 4,
    });
    let vaccination_date = |r: &Record| match &r.body {
        RecordBody::Vaccination(v) => Some(v.date),
        _ => None,
    };
    vaccinations.sort_by_key(|r| std::cmp::Reverse(vaccination_date(r)));
    let info = profile.info()?;
    let mut vaccines_to_do = crate::vaccines::to_do(info.birth_date, &vaccinations, today, lang);
    let totals = SectionTotals {
        allergies: allergies.len(),
        current_treatments: current_treatments.len(),
        vaccinations: vaccinations.len(),
        vaccines_to_do: vaccines_to_do.len(),
        conditions: conditions.len(),
    };
    for section in [
        &mut allergies,
        &mut current_treatments,
        &mut vaccinations,
        &mut conditions,
    ] {
        section.truncate(SECTION_LIMIT);
    }
    vaccines_to_do.truncate(SECTION_LIMIT);
    let documents = profile.documents()?;
    Ok(Overview {
        totals,
        info,
        profile: summary,
        allergies,
        current_treatments,
        vaccinations,
        vaccines_to_do,
        conditions,
        latest_measurements: latest.into_values().collect(),
        record_count: records.len() as u64,
        document_count: documents.len(),
        recent_documents: documents.into_iter().take(RECENT_DOCUMENTS).collect(),
        may: Permissions::of(profile)?,
    })
}
