//! The SQL rows and search entries derived from the profile's document: the
//! one writer of the `records`, `documents`, `search` and `access_log`
//! tables. Changes from other replicas derive the rows of what they touched
//! from the document; a local edit puts its value into the document and
//! writes the row of that same value through the same functions, in the same
//! transaction. A property test checks the rows equal the document after
//! every local write.

use carnet_model::{DocumentMeta, DocumentType, Lang, Record, RecordBody};
use carnet_sync::{Conflict, ProfileDoc, Touched};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{json_err, sync_err};
use crate::stamps::time_text;
use crate::{Error, Result};

const KIND_DOCUMENT: &str = "document";
/// Fields of the profile's details edited on two devices at once.
pub(crate) const META_DETAILS_CONFLICTS: &str = "details_conflicts";
/// Who was invited, joined, changed role or lost access, as the gateway wrote it.
pub(crate) const META_PEOPLE_EVENTS: &str = "people_events";

/// Sets (or, with `None`, removes) one `meta` entry.
pub(crate) fn set_meta(tx: &Connection, key: &str, value: Option<String>) -> Result<()> {
    match value {
        Some(value) => tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            params![key, value],
        )?,
        None => tx.execute("DELETE FROM meta WHERE key = ?1", [key])?,
    };
    Ok(())
}

/// Re-derives the rows of the items `touched` names from the document.
/// Items the document holds but that are not valid Carnet data are not shown
/// (and stay in the document, so a newer Carnet can still read them).
pub(crate) fn derive(tx: &Connection, doc: &ProfileDoc, touched: &Touched) -> Result<()> {
    for id in &touched.records {
        derive_record(tx, doc, id)?;
    }
    for id in &touched.documents {
        derive_document(tx, doc, id)?;
    }
    if touched.details {
        // Details that do not read as valid stay in the document, unshown.
        if let Ok(Some(item)) = doc.details() {
            crate::profile::store_info(tx, &item.value)?;
            set_meta(tx, META_DETAILS_CONFLICTS, conflicts_json(&item.conflicts)?)?;
        }
    }
    if touched.people {
        let events = doc.people_events().map_err(sync_err)?;
        set_meta(
            tx,
            META_PEOPLE_EVENTS,
            Some(serde_json::to_string(&events).map_err(json_err)?),
        )?;
    }
    if touched.access {
        tx.execute("DELETE FROM access_log", [])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO access_log (at, rpps, name, action, document_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for entry in doc.access().map_err(sync_err)? {
            let action = serde_json::to_value(entry.action).map_err(json_err)?;
            insert.execute(params![
                time_text(entry.at),
                entry.rpps,
                entry.name,
                action.as_str().unwrap_or("read_record"),
                entry.document_id,
            ])?;
        }
    }
    Ok(())
}

/// What only this computer knows of a document it imported: where its
/// content is and the text read from it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalContent<'a> {
    pub blob: &'a str,
    pub text: Option<&'a str>,
}

/// A record's row and search entry, as the document has it (none if it has
/// none, or holds something this version cannot read).
fn derive_record(tx: &Connection, doc: &ProfileDoc, id: &str) -> Result<()> {
    match doc.record(id) {
        Ok(Some(item)) => record_row(tx, &item.value, &item.conflicts),
        Ok(None) | Err(carnet_sync::Error::Unreadable) => remove_record_row(tx, id),
        Err(e) => Err(sync_err(e)),
    }
}

/// A document's row and search entry, as the document has it.
fn derive_document(tx: &Connection, doc: &ProfileDoc, id: &str) -> Result<()> {
    match doc.document(id) {
        Ok(Some(item)) => document_row(tx, &item.value, &item.conflicts, None),
        Ok(None) | Err(carnet_sync::Error::Unreadable) => remove_document_row(tx, id),
        Err(e) => Err(sync_err(e)),
    }
}

/// Writes a record's row and search entry: what the document holds for it,
/// read back after a change from elsewhere, or the value a local edit has
/// just put into the document (reading it back would add an automerge
/// lookup per record for nothing: the property test shows they are equal).
pub(crate) fn record_row(tx: &Connection, record: &Record, conflicts: &[Conflict]) -> Result<()> {
    if let Some(seq) = record_seq(tx, &record.id)? {
        unindex(tx, seq)?;
    }
    let seq: i64 = tx.query_row(
        "INSERT INTO records (id, kind, data, notes, created_at, updated_at, conflicts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET kind = ?2, data = ?3, notes = ?4,
           created_at = ?5, updated_at = ?6, conflicts = ?7
         RETURNING seq",
        params![
            record.id,
            record.body.kind().as_str(),
            body_json(&record.body)?,
            record.notes,
            time_text(record.created_at),
            time_text(record.updated_at),
            conflicts_json(conflicts)?,
        ],
        |r| r.get(0),
    )?;
    index_record(tx, seq, record)
}

/// Removes a record's row and search entry (nothing if it has none).
pub(crate) fn remove_record_row(tx: &Connection, id: &str) -> Result<()> {
    if let Some(seq) = record_seq(tx, id)? {
        unindex(tx, seq)?;
        tx.execute("DELETE FROM records WHERE seq = ?1", [seq])?;
    }
    Ok(())
}

fn record_seq(tx: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(tx
        .query_row("SELECT seq FROM records WHERE id = ?1", [id], |r| r.get(0))
        .optional()?)
}

/// Writes a document's row and search entry (as [`record_row`]). Its
/// content: what `local` names (just imported), else the row's own if the
/// bytes are the same, else any row's with the same bytes, else still to
/// download (''). The text read from the content is kept across edits.
pub(crate) fn document_row(
    tx: &Connection,
    meta: &DocumentMeta,
    conflicts: &[Conflict],
    local: Option<LocalContent<'_>>,
) -> Result<()> {
    let existing: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT seq, sha256, blob FROM documents WHERE id = ?1",
            [&meta.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let kept_text = match &existing {
        Some((seq, _, _)) => {
            let text = indexed_text(tx, *seq)?;
            unindex(tx, -seq)?;
            text
        }
        None => None,
    };
    let blob = match (&existing, local) {
        (_, Some(local)) => local.blob.to_string(),
        (Some((_, sha, blob)), None) if *sha == meta.sha256 => blob.clone(),
        _ => tx
            .query_row(
                "SELECT blob FROM documents WHERE sha256 = ?1 AND blob != '' LIMIT 1",
                [&meta.sha256],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default(),
    };
    let seq: i64 = tx.query_row(
        "INSERT INTO documents (id, meta, sha256, blob, created_at, conflicts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET meta = ?2, sha256 = ?3, blob = ?4, conflicts = ?6
         RETURNING seq",
        params![
            meta.id,
            serde_json::to_string(meta).map_err(json_err)?,
            meta.sha256,
            blob,
            time_text(meta.created_at),
            conflicts_json(conflicts)?,
        ],
        |r| r.get(0),
    )?;
    let text = local.and_then(|l| l.text).or(kept_text.as_deref());
    index_document(tx, seq, meta, text)
}

/// Removes a document's row and search entry (nothing if it has none).
pub(crate) fn remove_document_row(tx: &Connection, id: &str) -> Result<()> {
    let seq: Option<i64> = tx
        .query_row("SELECT seq FROM documents WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(seq) = seq {
        unindex(tx, -seq)?;
        tx.execute("DELETE FROM documents WHERE seq = ?1", [seq])?;
    }
    Ok(())
}

/// The text read from a document's content, as its search entry holds it.
fn indexed_text(tx: &Connection, seq: i64) -> Result<Option<String>> {
    let body: Option<String> = tx
        .query_row("SELECT body FROM search WHERE rowid = ?1", [-seq], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(body.and_then(|b| b.split_once('\u{1f}').map(|(_, rest)| rest.to_string())))
}

fn conflicts_json(conflicts: &[Conflict]) -> Result<Option<String>> {
    if conflicts.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(conflicts).map(Some).map_err(json_err)
}

/// The content of documents with these bytes has arrived: their rows point
/// to it and their search entries take the text read from it.
pub(crate) fn content_arrived(
    tx: &Connection,
    sha256: &str,
    blob: &str,
    text: Option<&str>,
) -> Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare(
            "UPDATE documents SET blob = ?2 WHERE sha256 = ?1 AND blob = '' RETURNING seq, meta",
        )?;
        let rows = stmt.query_map(params![sha256, blob], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (seq, json) in rows {
        let meta = serde_json::from_str(&json).map_err(|_| Error::damaged("document"))?;
        unindex(tx, -seq)?;
        index_document(tx, seq, &meta, text)?;
    }
    Ok(())
}

/// The JSON of the record body (kind and data).
pub(crate) fn body_json(body: &RecordBody) -> Result<String> {
    let value = serde_json::to_value(body).map_err(json_err)?;
    serde_json::to_string(&value["data"]).map_err(json_err)
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

/// Documents are indexed under `-seq`. The body holds the metadata words, a
/// unit separator, then the extracted text, so edits can keep the text.
pub(crate) fn index_document(
    conn: &rusqlite::Connection,
    seq: i64,
    meta: &DocumentMeta,
    text: Option<&str>,
) -> Result<()> {
    let label = DocumentType::by_code(&meta.input.type_code)
        .map(|t| format!("{} {}", t.label(Lang::Fr), t.label(Lang::En)))
        .unwrap_or_default();
    // The separator must occur once only: strip it from what people typed.
    let words = format!(
        "{} {} {} {}",
        label,
        meta.input.author.as_deref().unwrap_or(""),
        meta.input.notes.as_deref().unwrap_or(""),
        meta.file_name
    )
    .replace('\u{1f}', " ");
    let body = zeroize::Zeroizing::new(format!("{words}\u{1f}{}", text.unwrap_or("")));
    index(
        conn,
        -seq,
        KIND_DOCUMENT,
        &meta.id,
        &meta.input.title,
        &body,
    )
}
