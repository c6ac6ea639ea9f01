//! Reading what a form sent: a value that does not even have the right shape
//! (a date that is not a date, a word where a number goes) becomes the same
//! `invalid` error, naming the field, as a value the model refuses.

use carnet_model::{
    Allergy, CheckUp, Condition, Lang, Measurement, Problem, RecordBody, Treatment, Vaccination,
    ValidationError,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{ApiError, ApiResult, ErrorCode};

fn malformed(field: Option<String>, lang: Lang) -> ApiError {
    ApiError {
        code: ErrorCode::Invalid,
        message: lang
            .pick(
                "Cette valeur n'est pas valide : vérifiez son format.",
                "This value is not valid: check its format.",
            )
            .to_string(),
        field,
    }
}

/// For an identifier field (NIR, RPPS), the model's own explanation of
/// what is wrong with it, next to that field.
fn identifier_problem(field: &str, text: &str, lang: Lang) -> Option<ApiError> {
    let refused = match field {
        "nir" => carnet_model::Nir::parse(text).err(),
        "rpps" | "author_rpps" => carnet_model::Rpps::parse(text).err(),
        _ => None,
    }?;
    let mut api = ApiError::invalid(refused, lang);
    api.field = Some(field.to_string());
    Some(api)
}

/// A needed value left blank: said as the model says it.
fn required(field: Option<String>, lang: Lang) -> ApiError {
    ApiError {
        code: ErrorCode::Invalid,
        message: ValidationError::new("", Problem::Required).short_message(lang),
        field,
    }
}

/// Deserializes `value`, reporting the innermost field at fault; a blank
/// value that cannot be read (an empty date) is a required field left empty.
pub fn parse_input<T: DeserializeOwned>(value: Value, lang: Lang) -> ApiResult<T> {
    let sent = value.clone();
    serde_path_to_error::deserialize(value).map_err(|err| {
        let keys: Vec<String> = err
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .collect();
        let at = keys.iter().try_fold(&sent, |v, key| v.get(key));
        let blank = matches!(at, Some(Value::String(s)) if s.trim().is_empty());
        let field = keys.last().cloned();
        if blank {
            return required(field, lang);
        }
        match (field.as_deref(), at.and_then(Value::as_str)) {
            (Some(name), Some(text)) => identifier_problem(name, text, lang)
                .unwrap_or_else(|| malformed(field.clone(), lang)),
            _ => malformed(field, lang),
        }
    })
}

/// A record's `{kind, data}`. Its data is read as the kind's own type, so the
/// field at fault is named (serde buffers a tagged enum's content and would
/// lose the path).
pub fn parse_record_body(value: Value, lang: Lang) -> ApiResult<RecordBody> {
    let data = value.get("data").cloned().unwrap_or(Value::Null);
    match value.get("kind").and_then(Value::as_str) {
        Some("allergy") => parse_input::<Allergy>(data, lang).map(RecordBody::Allergy),
        Some("treatment") => parse_input::<Treatment>(data, lang).map(RecordBody::Treatment),
        Some("vaccination") => parse_input::<Vaccination>(data, lang).map(RecordBody::Vaccination),
        Some("condition") => parse_input::<Condition>(data, lang).map(RecordBody::Condition),
        Some("measurement") => parse_input::<Measurement>(data, lang).map(RecordBody::Measurement),
        Some("checkup") => parse_input::<CheckUp>(data, lang).map(RecordBody::CheckUp),
        _ => Err(malformed(Some("kind".into()), lang)),
    }
}

#[cfg(test)]
mod tests {
    use carnet_model::{DocumentInput, ProfileInfo};
    use serde_json::json;

    use super::*;

    #[test]
    fn a_wrong_nir_or_rpps_says_what_is_wrong() {
        let err = parse_input::<ProfileInfo>(
            json!({"name": "Léa", "birth_date": "2018-09-01", "sex": "female", "nir": "2 18 09 75 056 123 88"}),
            Lang::Fr,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("nir"));
        assert!(err.message.contains("clé"), "{}", err.message);
        let err = parse_input::<DocumentInput>(
            json!({"title": "Bilan", "type_code": "11502-2", "date": "2026-01-05", "author_rpps": "123", "source": "patient"}),
            Lang::En,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("author_rpps"));
        assert!(err.message.contains("11"), "{}", err.message);
    }

    #[test]
    fn a_malformed_field_is_named() {
        let err = parse_record_body(
            json!({"kind": "measurement", "data": {"kind": "weight", "value": 9.9, "unit": "kg", "taken_at": "hier"}}),
            Lang::Fr,
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert_eq!(err.field.as_deref(), Some("taken_at"));

        let err = parse_input::<DocumentInput>(
            json!({"title": "CR", "type_code": "11488-4", "date": "2025-13-40", "source": "patient"}),
            Lang::En,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("date"));
        assert!(err.message.contains("not valid"));

        let err = parse_input::<ProfileInfo>(
            json!({"name": "Léo", "birth_date": "2024-02-20", "sex": "other"}),
            Lang::Fr,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("sex"));

        // A blank date is a required field left empty, not a format to check.
        let err = parse_input::<ProfileInfo>(
            json!({"name": "", "birth_date": " ", "sex": "male"}),
            Lang::Fr,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("birth_date"));
        assert_eq!(err.message, "Ce champ est obligatoire.");

        let err = parse_record_body(json!({"kind": "dream", "data": {}}), Lang::Fr).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("kind"));
    }

    #[test]
    fn a_well_formed_value_passes_through() {
        let body = parse_record_body(
            json!({"kind": "allergy", "data": {"substance": "Arachide", "severity": "severe", "status": "active"}}),
            Lang::Fr,
        )
        .unwrap();
        assert_eq!(body.title(Lang::Fr), "Arachide");
    }
}
