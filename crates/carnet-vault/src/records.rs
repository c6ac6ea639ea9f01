//! Records of a profile: add, read, list, edit, delete. Each edit changes
//! the profile's document; the rows and search entries follow from it
//! (`rows.rs`).

use carnet_model::{Action, Record, RecordBody, RecordKind};
use rusqlite::{OptionalExtension, Row};

use crate::audit::{audit_row, AuditAction};
use crate::error::sync_err;
use crate::profile::Profile;
use crate::rows::{record_row, remove_record_row};
use crate::stamps::{now, parse_time};
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
        self.permit(Action::Write)?;
        let now = now();
        let birth = self.info()?.birth_date;
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
            record.body.check_after_birth(birth)?;
            records.push(record);
        }
        self.write("add records", |tx, doc, actor| {
            for record in &records {
                doc.put_record(record).map_err(sync_err)?;
                record_row(tx, record, &[])?;
                audit_row(
                    tx,
                    actor,
                    AuditAction::RecordCreated,
                    Some(KIND_RECORD),
                    Some(&record.id),
                )?;
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
        self.permit(Action::Write)?;
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
        record.body.check_after_birth(self.info()?.birth_date)?;
        self.write("edit record", |tx, doc, actor| {
            // Saving writes every field in conflict again: the user has chosen.
            doc.put_record(&record).map_err(sync_err)?;
            record_row(tx, &record, &[])?;
            audit_row(
                tx,
                actor,
                AuditAction::RecordUpdated,
                Some(KIND_RECORD),
                Some(id),
            )
        })?;
        Ok(record)
    }

    /// Deletes a record for good.
    pub fn delete_record(&mut self, id: &str) -> Result<()> {
        self.permit(Action::Write)?;
        self.record(id)?;
        self.write("delete record", |tx, doc, actor| {
            doc.delete_record(id).map_err(sync_err)?;
            remove_record_row(tx, id)?;
            audit_row(
                tx,
                actor,
                AuditAction::RecordDeleted,
                Some(KIND_RECORD),
                Some(id),
            )
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
