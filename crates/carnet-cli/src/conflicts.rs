//! `carnet conflicts`: fields written on two computers at once, and keeping
//! one of their values.

use carnet_api::{value_text, ApiResult, Carnet, DETAILS_CONFLICTS_ID};
use carnet_model::Lang;

use crate::args::ConflictsCommand;
use crate::run::{done, Out};

pub fn conflicts(cmd: Option<&ConflictsCommand>, carnet: &mut Carnet, out: &Out) -> ApiResult<()> {
    let lang = carnet.lang();
    if let Some(ConflictsCommand::Keep { id, value, field }) = cmd {
        carnet.keep_conflict_value(id, field.as_deref(), value)?;
        out.show(&serde_json::json!({"ok": true}), || done(lang));
        return Ok(());
    }
    let all = carnet.conflicts()?;
    let mut ids: Vec<&String> = all.keys().collect();
    ids.sort();
    let mut lines = Vec::new();
    for id in ids {
        lines.push(format!("{id}  {}", item_title(carnet, id, lang)));
        for c in &all[id] {
            let values: Vec<String> = c
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let shown = if i == 0 {
                        lang.pick(" (affichée)", " (shown)")
                    } else {
                        ""
                    };
                    format!("« {} »{shown}", value_text(v))
                })
                .collect();
            lines.push(format!("  {} : {}", c.field, values.join("  |  ")));
        }
    }
    out.show(&all, || {
        if lines.is_empty() {
            lang.pick("Aucun conflit.", "No conflicts.").to_string()
        } else {
            lines.join("\n")
        }
    });
    Ok(())
}

/// What the item is called: the profile's details, a record's title, a
/// document's title.
fn item_title(carnet: &mut Carnet, id: &str, lang: Lang) -> String {
    if id == DETAILS_CONFLICTS_ID {
        return lang
            .pick("Informations du profil", "Profile details")
            .to_string();
    }
    if let Ok(record) = carnet.record(id) {
        return record.body.title(lang);
    }
    carnet
        .document(id)
        .map(|d| d.input.title)
        .unwrap_or_default()
}
