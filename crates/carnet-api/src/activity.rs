//! What arrived from elsewhere, for everyone the unlocked member looks
//! after: "Dr Martin a déposé un document pour Léo", "Claire a ajouté un
//! traitement pour Papa". Written by the vault while a sync applies the
//! changes; read here across every profile, in the user's language.

use carnet_model::{Lang, RecordKind};
use carnet_vault::{ActivityAction, ActivityEntry, Profile};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{ApiResult, Carnet};

/// What was done, for the interface's icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Added,
    Edited,
    Deleted,
    /// A professional deposited it through the national space.
    Deposited,
}

/// One line of the activity list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ActivityItem {
    pub profile_id: String,
    /// Whom the profile is about.
    pub profile_name: String,
    pub at: DateTime<Utc>,
    pub kind: ActivityKind,
    /// How many records or documents.
    pub count: u32,
    /// The sentence shown, in the user's language.
    pub text: String,
    /// Whether it was shown before (opening the profile or this list).
    pub seen: bool,
}

impl Carnet {
    /// What arrived from elsewhere in every profile the member can open,
    /// newest first (at most `limit`).
    pub fn activity(&mut self, limit: usize) -> ApiResult<Vec<ActivityItem>> {
        let lang = self.lang();
        let summaries = self.profiles()?;
        let current = self.status().profile_id;
        let mut out = Vec::new();
        for summary in summaries {
            let name = summary.info.map(|i| i.name).unwrap_or_default();
            let read = |p: &Profile| -> carnet_vault::Result<Vec<ActivityItem>> {
                let entries = p.activity(limit)?;
                Ok(entries
                    .into_iter()
                    .map(|e| item(p, &summary.id, &name, e, lang))
                    .collect())
            };
            let items = if current.as_deref() == Some(summary.id.as_str()) {
                self.with_profile(|p| read(p))?
            } else {
                match self.with_session(|s| s.open_profile_quietly(&summary.id)) {
                    Ok(p) => read(&p).map_err(|e| self.err(e))?,
                    // A damaged profile is listed elsewhere; its news cannot be read.
                    Err(_) => continue,
                }
            };
            out.extend(items);
        }
        out.sort_by_key(|item| std::cmp::Reverse(item.at));
        out.truncate(limit);
        Ok(out)
    }

    /// Marks everything in the activity list as seen (the badges go).
    pub fn mark_activity_seen(&mut self) -> ApiResult<()> {
        let current = self.status().profile_id;
        for summary in self.profiles()? {
            if summary.unseen_activity == 0 {
                continue;
            }
            if current.as_deref() == Some(summary.id.as_str()) {
                self.with_profile(|p| p.mark_activity_seen())?;
            } else if let Ok(p) = self.with_session(|s| s.open_profile_quietly(&summary.id)) {
                p.mark_activity_seen().map_err(|e| self.err(e))?;
            }
        }
        Ok(())
    }
}

fn item(
    profile: &Profile,
    profile_id: &str,
    profile_name: &str,
    entry: ActivityEntry,
    lang: Lang,
) -> ActivityItem {
    let kind = match (entry.action, entry.rpps.is_some()) {
        (ActivityAction::Added, true) => ActivityKind::Deposited,
        (ActivityAction::Added, false) => ActivityKind::Added,
        (ActivityAction::Edited, _) => ActivityKind::Edited,
        (ActivityAction::Deleted, _) => ActivityKind::Deleted,
    };
    // The one item is named while it still exists.
    let title = match (&entry.item_id, entry.action) {
        (Some(id), ActivityAction::Added | ActivityAction::Edited) => {
            if entry.item == "document" {
                profile.document(id).ok().map(|d| d.input.title)
            } else {
                profile.record(id).ok().map(|r| r.body.title(lang))
            }
        }
        _ => None,
    };
    let text = sentence(
        lang,
        &entry.who,
        kind,
        &entry.item,
        entry.count,
        title.as_deref(),
        profile_name,
    );
    ActivityItem {
        profile_id: profile_id.to_string(),
        profile_name: profile_name.to_string(),
        at: entry.at,
        kind,
        count: entry.count,
        text,
        seen: entry.seen,
    }
}

/// "Claire a ajouté un traitement (Doliprane) pour Papa".
pub(crate) fn sentence(
    lang: Lang,
    who: &str,
    kind: ActivityKind,
    item: &str,
    count: u32,
    title: Option<&str>,
    profile: &str,
) -> String {
    let who = match who.trim() {
        "" => lang.pick("Quelqu'un", "Someone").to_string(),
        name => name.to_string(),
    };
    let verb = match (lang, kind) {
        (Lang::Fr, ActivityKind::Added) => "a ajouté",
        (Lang::Fr, ActivityKind::Edited) => "a modifié",
        (Lang::Fr, ActivityKind::Deleted) => "a supprimé",
        (Lang::Fr, ActivityKind::Deposited) => "a déposé",
        (Lang::En, ActivityKind::Added) => "added",
        (Lang::En, ActivityKind::Edited) => "edited",
        (Lang::En, ActivityKind::Deleted) => "deleted",
        (Lang::En, ActivityKind::Deposited) => "deposited",
    };
    let what = noun(lang, item, count);
    let named = match title.map(str::trim) {
        Some(t) if !t.is_empty() && count == 1 => format!(" ({t})"),
        _ => String::new(),
    };
    let for_whom = lang.pick("pour", "for");
    format!("{who} {verb} {what}{named} {for_whom} {profile}")
}

/// "un traitement", "3 mesures", "a document", "2 allergies".
fn noun(lang: Lang, item: &str, count: u32) -> String {
    // (feminine in French, French singular, French plural, English singular, English plural)
    let (feminine, fr, fr_plural, en, en_plural) = match RecordKind::parse("item", item) {
        Ok(RecordKind::Allergy) => (true, "allergie", "allergies", "allergy", "allergies"),
        Ok(RecordKind::Treatment) => (
            false,
            "traitement",
            "traitements",
            "treatment",
            "treatments",
        ),
        Ok(RecordKind::Vaccination) => (
            true,
            "vaccination",
            "vaccinations",
            "vaccination",
            "vaccinations",
        ),
        Ok(RecordKind::Condition) => (true, "maladie", "maladies", "condition", "conditions"),
        Ok(RecordKind::Measurement) => (true, "mesure", "mesures", "measurement", "measurements"),
        Ok(RecordKind::CheckUp) => (false, "examen", "examens", "check-up", "check-ups"),
        Err(_) => (false, "document", "documents", "document", "documents"),
    };
    match (lang, count) {
        (Lang::Fr, 1) => format!("{} {fr}", if feminine { "une" } else { "un" }),
        (Lang::Fr, n) => format!("{n} {fr_plural}"),
        (Lang::En, 1) => format!("{} {en}", if en == "allergy" { "an" } else { "a" }),
        (Lang::En, n) => format!("{n} {en_plural}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_read_as_french_and_english() {
        assert_eq!(
            sentence(
                Lang::Fr,
                "Claire",
                ActivityKind::Added,
                "treatment",
                1,
                Some("Doliprane"),
                "Papa"
            ),
            "Claire a ajouté un traitement (Doliprane) pour Papa"
        );
        assert_eq!(
            sentence(
                Lang::Fr,
                "Dr Sophie Martin",
                ActivityKind::Deposited,
                "document",
                1,
                None,
                "Léo"
            ),
            "Dr Sophie Martin a déposé un document pour Léo"
        );
        assert_eq!(
            sentence(
                Lang::Fr,
                "",
                ActivityKind::Edited,
                "measurement",
                3,
                Some("ignoré"),
                "Léo"
            ),
            "Quelqu'un a modifié 3 mesures pour Léo"
        );
        assert_eq!(
            sentence(
                Lang::En,
                "Claire",
                ActivityKind::Deleted,
                "allergy",
                1,
                None,
                "Dad"
            ),
            "Claire deleted an allergy for Dad"
        );
        assert_eq!(
            sentence(
                Lang::Fr,
                "Marie",
                ActivityKind::Added,
                "vaccination",
                1,
                None,
                "Léo"
            ),
            "Marie a ajouté une vaccination pour Léo"
        );
    }
}
