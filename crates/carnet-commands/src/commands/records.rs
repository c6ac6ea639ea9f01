//! Records of the current profile.

use carnet_api::parse_record_body;
use carnet_model::{Record, RecordBody, RecordKind};
use serde_json::Value;

use crate::command;

command! {
    /// The current profile's records, of one kind or all.
    fn list_records(shell, kind: Option<RecordKind>) -> Vec<Record> {
        shell.with(|c| c.records(kind))
    }
}

command! {
    /// Adds a record; the model checks every field.
    fn add_record(shell, #[ts(as = "RecordBody")] body: Value, notes: Option<String>) -> Record {
        shell.with(|c| {
            let body = parse_record_body(body, c.lang())?;
            c.add_record(body, notes)
        })
    }
}

command! {
    /// Replaces a record's content (its kind cannot change).
    fn update_record(shell, id: String, #[ts(as = "RecordBody")] body: Value, notes: Option<String>) -> Record {
        shell.with(|c| {
            let body = parse_record_body(body, c.lang())?;
            c.update_record(&id, body, notes)
        })
    }
}

command! {
    /// Deletes a record.
    fn delete_record(shell, id: String) -> () {
        shell.with(|c| c.delete_record(&id))
    }
}
