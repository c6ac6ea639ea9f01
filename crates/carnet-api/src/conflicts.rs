//! Fields written on two computers at once: keeping one of the values.

use carnet_model::{DocumentInput, Lang, ProfileInfo, RecordBody};
use carnet_sync::Conflict;
use carnet_vault::DETAILS_CONFLICTS_ID;
use serde_json::Value;

use crate::{ApiError, ApiResult, Carnet, ErrorCode};

impl Carnet {
    /// Keeps `value` for a field in conflict of a record, a document or
    /// the profile's details (id [`DETAILS_CONFLICTS_ID`]). `field` may be
    /// left out when only one field of that item is in conflict; `value` is
    /// one of the values as listed (text, number or `""` for an empty one).
    pub fn keep_conflict_value(
        &mut self,
        id: &str,
        field: Option<&str>,
        value: &str,
    ) -> ApiResult<()> {
        let lang = self.lang();
        let conflicts = self.conflicts()?;
        let list = conflicts.get(id).ok_or_else(|| {
            refusal(
                lang,
                "id",
                "Cet élément n'a pas de conflit.",
                "This item has no conflict.",
            )
        })?;
        let conflict = pick_field(list, field, lang)?;
        let chosen = conflict
            .values
            .iter()
            .find(|v| matches_typed(v, value))
            .cloned()
            .ok_or_else(|| {
                let listed: Vec<String> = conflict.values.iter().map(value_text).collect();
                let mut api = refusal(lang, "value", "", "");
                api.message = match lang {
                    Lang::Fr => format!(
                        "Cette valeur n'est pas l'une des valeurs en conflit : {}.",
                        listed.join(" ; ")
                    ),
                    Lang::En => format!(
                        "This value is not one of the values in conflict: {}.",
                        listed.join("; ")
                    ),
                };
                api
            })?;
        let field = conflict.field.clone();
        let wrong = |_| ApiError::new(ErrorCode::Invalid, lang);
        if id == DETAILS_CONFLICTS_ID {
            let mut info = serde_json::to_value(self.profile_info()?)
                .map_err(|_| ApiError::new(ErrorCode::Internal, lang))?;
            set(&mut info, &field, chosen);
            let info: ProfileInfo = serde_json::from_value(info).map_err(wrong)?;
            self.update_profile(info)?;
        } else if let Ok(record) = self.record(id) {
            let mut notes = record.notes.clone();
            let mut body = serde_json::to_value(&record.body)
                .map_err(|_| ApiError::new(ErrorCode::Internal, lang))?;
            if field == "notes" {
                notes = chosen
                    .as_str()
                    .filter(|n| !n.is_empty())
                    .map(str::to_string);
            } else if let Some(data) = body.get_mut("data") {
                set(data, &field, chosen);
            }
            let body: RecordBody = serde_json::from_value(body).map_err(wrong)?;
            self.update_record(id, body, notes)?;
        } else {
            let meta = self.document(id)?;
            let mut input = serde_json::to_value(&meta)
                .map_err(|_| ApiError::new(ErrorCode::Internal, lang))?;
            set(&mut input, &field, chosen);
            let input: DocumentInput = serde_json::from_value(input).map_err(wrong)?;
            self.update_document(id, input)?;
        }
        Ok(())
    }
}

/// The conflict of `field`, or the only one when no field is named.
fn pick_field<'a>(
    list: &'a [Conflict],
    field: Option<&str>,
    lang: Lang,
) -> ApiResult<&'a Conflict> {
    match field {
        Some(name) => list.iter().find(|c| c.field == name).ok_or_else(|| {
            refusal(
                lang,
                "field",
                "Ce champ n'est pas en conflit.",
                "This field is not in conflict.",
            )
        }),
        None if list.len() == 1 => Ok(&list[0]),
        None => {
            let names: Vec<&str> = list.iter().map(|c| c.field.as_str()).collect();
            let mut api = refusal(lang, "field", "", "");
            api.message = match lang {
                Lang::Fr => format!(
                    "Plusieurs champs sont en conflit ({}) : dites lequel.",
                    names.join(", ")
                ),
                Lang::En => format!(
                    "Several fields are in conflict ({}): say which.",
                    names.join(", ")
                ),
            };
            Err(api)
        }
    }
}

/// A value as a person types it: the text itself, a number, "" for none.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn matches_typed(value: &Value, typed: &str) -> bool {
    let typed = typed.trim();
    if value_text(value).trim() == typed {
        return true;
    }
    match (value, typed.replace(',', ".").parse::<f64>()) {
        (Value::Number(n), Ok(t)) => n.as_f64() == Some(t),
        _ => false,
    }
}

/// Sets a field of a JSON object; an empty value removes it.
fn set(object: &mut Value, field: &str, value: Value) {
    let Some(map) = object.as_object_mut() else {
        return;
    };
    match value {
        Value::Null => {
            map.remove(field);
        }
        Value::String(s) if s.is_empty() => {
            map.remove(field);
        }
        value => {
            map.insert(field.to_string(), value);
        }
    }
}

fn refusal(lang: Lang, field: &str, fr: &str, en: &str) -> ApiError {
    let mut api = ApiError::new(ErrorCode::Invalid, lang);
    api.message = lang.pick(fr, en).to_string();
    api.field = Some(field.to_string());
    api
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_typed_value_matches_text_numbers_and_empty() {
        assert!(matches_typed(&json!("Sévère"), " Sévère "));
        assert!(matches_typed(&json!(72.5), "72,5"));
        assert!(matches_typed(&json!(null), ""));
        assert!(!matches_typed(&json!("Sévère"), "Modérée"));
    }

    #[test]
    fn an_empty_value_removes_the_field() {
        let mut o = json!({"a": 1, "b": 2});
        set(&mut o, "a", json!(""));
        set(&mut o, "b", json!(3));
        assert_eq!(o, json!({"b": 3}));
    }
}
