//! Records of a profile: add, read, list, edit, delete, each with its search entry.

use carnet_model::{Lang, Record, RecordBody, RecordKind};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::crdt::sync_err;
use crate::profile::{audit_row, json_err, now, parse_time, time_text, AuditAction, Profile};
use crate::{Error, Result};

const KIND_RECORD: &str = "record";

impl Profile {
    /// Validates and stores a new record.
    pub fn add_record(&mut self, body: RecordBody, notes: Option<String>) -> Result<Record> {
        let mut added = self.add_records(vec![(body, notes)])?;
        Ok(added.remove(0))
    }

    /// Validates and stores several records in one transaction: all or none.
    pub fn add_records(&mut self, items: Vec<(RecordBody, Option<String>)>) -> Result<Vec<Record>> {
        let now = now();
        let mut records = Vec::with_capacity(items.len());
        for (body, notes) in items {
            let mut record = Record {
                id: carnet_model::new_id(),
                created_at: now,
                updated_at: now,
                notes,
                body,
            };
            record.validate()?;
            records.push(record);
        }
        self.write("add records", |tx, doc, actor| {
            let mut insert = tx.prepare_cached(
                "INSERT INTO records (id, kind, data, notes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?;
            let stamp = time_text(now);
            for record in &records {
                insert.execute(params![
                    record.id,
                    record.body.kind().as_str(),
                    body_json(&record.body)?,
                    record.notes,
                    stamp,
                ])?;
                index_record(tx, tx.last_insert_rowid(), record)?;
                audit_row(tx, actor, AuditAction::RecordCreated, Some(KIND_RECORD), Some(&record.id))?;
                doc.put_record(record).map_err(sync_err)?;
            }
            Ok(())
        })?;
        Ok(records)
    }

    /// One record by id.
    pub fn record(&self, id: &str) -> Result<Record> {
        self.conn
            .query_row(
                "SELECT id, kind, data, notes, created_at, updated_at FROM records WHERE id = ?1",
                [id],
                read_row,
            )
            .optional()?
            .ok_or(Error::NotFound { what: "record" })?
    }

    /// Records of one kind (or all), newest first.
    pub fn records(&self, kind: Option<RecordKind>) -> Result<Vec<Record>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, data, notes, created_at, updated_at FROM records
             WHERE ?1 IS NULL OR kind = ?1 ORDER BY created_at DESC, id",
        )?;
        let rows = stmt.query_map([kind.map(|k| k.as_str())], read_row)?;
        rows.map(|r| r?).collect()
    }

    /// Replaces a record's content and note; its kind cannot change.
    pub fn update_record(
        &mut self,
        id: &str,
        body: RecordBody,
        notes: Option<String>,
    ) -> Result<Record> {
        let mut record = self.record(id)?;
        if record.body.kind() != body.kind() {
            return Err(Error::Invalid(carnet_model::ValidationError {
                field: "kind",
                problem: carnet_model::Problem::UnknownChoice {
                    value: body.kind().as_str().into(),
                },
            }));
        }
        record.body = body;
        record.notes = notes;
        record.updated_at = now();
        record.validate()?;
        self.write("edit record", |tx, doc, actor| {
            let seq: i64 = tx.query_row(
                "UPDATE records SET data = ?2, notes = ?3, updated_at = ?4, conflicts = NULL
                 WHERE id = ?1 RETURNING seq",
                params![
                    id,
                    body_json(&record.body)?,
                    record.notes,
                    time_text(record.updated_at)
                ],
                |r| r.get(0),
            )?;
            unindex(tx, seq)?;
            index_record(tx, seq, &record)?;
            audit_row(
                tx,
                actor,
                AuditAction::RecordUpdated,
                Some(KIND_RECORD),
                Some(id),
            )?;
            // Saving writes every field in conflict again: the user has chosen.
            doc.put_record(&record).map_err(sync_err)
        })?;
        Ok(record)
    }

    /// Deletes a record for good.
    pub fn delete_record(&mut self, id: &str) -> Result<()> {
        self.write("delete record", |tx, doc, actor| {
            let seq: i64 = tx
                .query_row(
                    "DELETE FROM records WHERE id = ?1 RETURNING seq",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(Error::NotFound { what: "record" })?;
            unindex(tx, seq)?;
            audit_row(
                tx,
                actor,
                AuditAction::RecordDeleted,
                Some(KIND_RECORD),
                Some(id),
            )?;
            doc.delete_record(id).map_err(sync_err)
        })
    }

    /// Number of records of each kind.
    pub fn record_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM records", [], |r| r.get::<_, i64>(0))?
            as u64)
    }
}

/// The JSON of the record body (kind and data).
pub(crate) fn body_json(body: &RecordBody) -> Result<String> {
    let value = serde_json::to_value(body).map_err(json_err)?;
    serde_json::to_string(&value["data"]).map_err(json_err)
}

fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<Record>> {
    let id: String = row.get(0)?;
    let kind: String = row.get(1)?;
    let data: String = row.get(2)?;
    let notes: Option<String> = row.get(3)?;
    let created: String = row.get(4)?;
    let updated: String = row.get(5)?;
    Ok((|| {
        let data: serde_json::Value =
            serde_json::from_str(&data).map_err(|_| Error::damaged("record"))?;
        let body: RecordBody =
            serde_json::from_value(serde_json::json!({ "kind": kind, "data": data }))
                .map_err(|_| Error::damaged("record"))?;
        Ok(Record {
            id,
            created_at: parse_time(&created)?,
            updated_at: parse_time(&updated)?,
            notes,
            body,
        })
    })())
}

/// Records are indexed under their `seq`; documents under `-seq` (see `documents.rs`).
pub(crate) fn index_record(conn: &Connection, seq: i64, record: &Record) -> Result<()> {
    let mut body = record.body.search_text();
    if let Some(notes) = &record.notes {
        body.push(' ');
        body.push_str(notes);
    }
    index(
        conn,
        seq,
        record.body.kind().as_str(),
        &record.id,
        &record.body.title(Lang::Fr),
        &body,
    )
}

pub(crate) fn index(
    conn: &Connection,
    rowid: i64,
    kind: &str,
    id: &str,
    title: &str,
    body: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO search (rowid, kind, ref_id, title, body) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![rowid, kind, id, title, body])?;
    Ok(())
}

pub(crate) fn unindex(conn: &Connection, rowid: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
        .execute([rowid])?;
    Ok(())
}
