//! What arrived from elsewhere: records and documents that other people
//! (a caregiver, a co-parent, the patient's other computer) or professionals
//! (deposits through the national space) added, edited or deleted. Written
//! while a sync applies their changes, grouped by who, what and which kind,
//! and read by the activity list and the badges of the profile switcher.

use std::collections::{BTreeMap, HashMap};

use carnet_sync::{ProfileDoc, Touched};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::stamps::{parse_time, time_text};
use crate::{Profile, Result};

/// What was done to the items of an [`ActivityEntry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityAction {
    Added,
    Edited,
    Deleted,
}

impl ActivityAction {
    fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Edited => "edited",
            Self::Deleted => "deleted",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "added" => Self::Added,
            "deleted" => Self::Deleted,
            _ => Self::Edited,
        }
    }
}

/// One line of a profile's activity: `count` items of one kind that one
/// author added, edited or deleted, as one sync brought them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// The author's name; empty when the changes did not say.
    pub who: String,
    /// Set when the author is a professional depositing through the national space.
    pub rpps: Option<String>,
    pub action: ActivityAction,
    /// A record kind's stored name, or `"document"`.
    pub item: String,
    pub count: u32,
    /// The one item concerned, when `count` is 1 (to name it).
    pub item_id: Option<String>,
    /// Whether someone opened the profile or the activity list since.
    pub seen: bool,
}

/// Which of the touched items existed before the changes were applied, and
/// of which kind: read before the rows are re-derived.
pub(crate) struct Before {
    records: HashMap<String, String>,
    documents: HashMap<String, ()>,
}

pub(crate) fn before(tx: &Connection, touched: &Touched) -> Result<Before> {
    let mut records = HashMap::new();
    let mut kind_of = tx.prepare_cached("SELECT kind FROM records WHERE id = ?1")?;
    for id in &touched.records {
        if let Some(kind) = kind_of
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()?
        {
            records.insert(id.clone(), kind);
        }
    }
    let mut documents = HashMap::new();
    let mut exists = tx.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
    for id in &touched.documents {
        if exists.exists([id])? {
            documents.insert(id.clone(), ());
        }
    }
    Ok(Before { records, documents })
}

/// Writes the activity of changes just applied (the rows are derived).
/// The first copy of a profile (nothing before) is no news.
pub(crate) fn record(
    tx: &Connection,
    doc: &ProfileDoc,
    touched: &Touched,
    before: &Before,
    now: DateTime<Utc>,
) -> Result<()> {
    // (who, rpps, action, item) → ids, in a stable order.
    type Key = (String, Option<String>, ActivityAction, String);
    let mut groups: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    let mut kind_now = tx.prepare_cached("SELECT kind FROM records WHERE id = ?1")?;
    for id in &touched.records {
        let now_kind: Option<String> = kind_now.query_row([id], |r| r.get(0)).optional()?;
        let (action, kind) = match (before.records.get(id), now_kind) {
            (None, Some(kind)) => (ActivityAction::Added, kind),
            (Some(_), Some(kind)) => (ActivityAction::Edited, kind),
            (Some(kind), None) => (ActivityAction::Deleted, kind.clone()),
            (None, None) => continue,
        };
        let by = doc.item_author(true, id).unwrap_or_default_author();
        groups
            .entry((by.0, by.1, action, kind))
            .or_default()
            .push(id.clone());
    }
    let mut document_now = tx.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
    for id in &touched.documents {
        let exists = document_now.exists([id])?;
        let action = match (before.documents.contains_key(id), exists) {
            (false, true) => ActivityAction::Added,
            (true, true) => ActivityAction::Edited,
            (true, false) => ActivityAction::Deleted,
            (false, false) => continue,
        };
        let by = doc.item_author(false, id).unwrap_or_default_author();
        groups
            .entry((by.0, by.1, action, "document".to_string()))
            .or_default()
            .push(id.clone());
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO activity (at, who, rpps, action, item, count, item_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for ((who, rpps, action, item), ids) in groups {
        let one = (ids.len() == 1).then(|| ids[0].clone());
        insert.execute(params![
            time_text(now),
            who,
            rpps,
            action.as_str(),
            item,
            ids.len() as i64,
            one
        ])?;
    }
    Ok(())
}

trait AuthorParts {
    fn unwrap_or_default_author(self) -> (String, Option<String>);
}

impl AuthorParts for Option<carnet_sync::Author> {
    fn unwrap_or_default_author(self) -> (String, Option<String>) {
        match self {
            Some(a) => (a.name, a.rpps),
            None => (String::new(), None),
        }
    }
}

impl Profile {
    /// The profile's activity, newest first.
    pub fn activity(&self, limit: usize) -> Result<Vec<ActivityEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, who, rpps, action, item, count, item_id, seen
             FROM activity ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, bool>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, at, who, rpps, action, item, count, item_id, seen) = row?;
            out.push(ActivityEntry {
                seq,
                at: parse_time(&at)?,
                who,
                rpps,
                action: ActivityAction::parse(&action),
                item,
                count: count.clamp(0, u32::MAX as i64) as u32,
                item_id,
                seen,
            });
        }
        Ok(out)
    }

    /// How many activity entries nobody has seen yet (the switcher's badge).
    pub fn unseen_activity(&self) -> Result<u32> {
        let n: i64 =
            self.conn
                .query_row("SELECT count(*) FROM activity WHERE seen = 0", [], |r| {
                    r.get(0)
                })?;
        Ok(n.clamp(0, u32::MAX as i64) as u32)
    }

    /// Marks every activity entry as seen.
    pub fn mark_activity_seen(&self) -> Result<()> {
        self.conn
            .execute("UPDATE activity SET seen = 1 WHERE seen = 0", [])?;
        Ok(())
    }
}
