//! What a browser test plays besides the user: the national space (accounts,
//! a professional's deposit and reads, a server that stops answering or holds
//! a sync phase), the patient's other device, the share relay and a
//! professional opening a link, time passing on the relay and the gateway.

use std::sync::atomic::AtomicBool;

use anyhow::{bail, Context};
use base64::Engine;
use carnet_api::{parse_record_body, Carnet, Secret};
use carnet_model::{Lang, ProfileInfo, Sex};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::gateway::Phase;
use crate::session::Session;

/// The professional whose deposit the tests receive.
const DOCTOR_RPPS: &str = "10003591586";
const DOCTOR_NAME: &str = "Dr Claire Martin";
const DEPOSIT_TITLE: &str = "Compte rendu de biologie";

pub fn run(session: &Session, path: &str, body: Value) -> anyhow::Result<Value> {
    let server = &session.server;
    match path {
        "addresses" => Ok(json!({ "gateway": server.gateway.url(), "relay": server.relay.url() })),
        "gateway/account" => {
            #[derive(Deserialize, Default)]
            struct Account {
                #[serde(default)]
                deposit: bool,
            }
            let account: Account = serde_json::from_value(body).unwrap_or_default();
            let (profile, code) = carnet_server::new_account(&server.state, "Titulaire")?;
            if account.deposit {
                deposit_and_read(session, &profile)?;
            }
            known_professionals(session)?;
            Ok(json!({ "code": code }))
        }
        "gateway/reachable" => {
            server.gateway.set_open(flag(&body, "reachable")?);
            Ok(Value::Null)
        }
        "gateway/hold" => {
            let phase: Option<Phase> = serde_json::from_value(body["phase"].clone())
                .context("phase: records, upload, download or null")?;
            server.hold(phase);
            Ok(Value::Null)
        }
        "gateway/edit-elsewhere" => {
            let title = body["title"].as_str().context("title")?;
            let field = body["field"].as_str().context("field")?;
            edit_elsewhere(session, title, field, body["value"].clone())?;
            Ok(Value::Null)
        }
        "relay/code" => {
            let (_, code) = carnet_server::new_account(&server.state, "Titulaire")?;
            Ok(json!({ "code": code }))
        }
        "relay/reachable" => {
            server.relay.set_open(flag(&body, "reachable")?);
            Ok(Value::Null)
        }
        "relay/open" => open_link(session, &body),
        // One server plays both: the gateway's people follow the same clock.
        "gateway/age" => {
            let days = body["days"].as_i64().context("days")?;
            server.clock.advance(chrono::Duration::days(days));
            Ok(Value::Null)
        }
        "relay/age" => {
            let hours = body["hours"].as_i64().context("hours")?;
            server.clock.advance(chrono::Duration::hours(hours));
            Ok(Value::Null)
        }
        other => bail!("no control named {other}"),
    }
}

fn flag(body: &Value, name: &str) -> anyhow::Result<bool> {
    body[name]
        .as_bool()
        .with_context(|| format!("{name}: true or false"))
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::new()
}

/// Professionals the national space knows by name (a patient may authorise them).
const KNOWN: &[(&str, &str)] = &[("10001045367", "Dr Paul Durand")];

fn known_professionals(session: &Session) -> anyhow::Result<()> {
    let mut registered = session.known.lock().unwrap_or_else(|p| p.into_inner());
    if !*registered {
        for (rpps, name) in KNOWN {
            carnet_server::add_professional(&session.server.state, rpps, name)?;
        }
        *registered = true;
    }
    Ok(())
}

/// Dr Claire Martin deposits a lab report for the patient, then consults the
/// record and opens the report (her deposit gave her the patient's consent).
fn deposit_and_read(session: &Session, profile: &str) -> anyhow::Result<()> {
    let server = &session.server;
    let token = {
        let mut known = session
            .professional
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        match &*known {
            Some(token) => token.clone(),
            None => {
                let token =
                    carnet_server::add_professional(&server.state, DOCTOR_RPPS, DOCTOR_NAME)?;
                *known = Some(token.clone());
                token
            }
        }
    };
    let base = format!("http://{}/v1/pro/profiles/{profile}", server.addr);
    let pdf = carnet_model::sample_pdf(DEPOSIT_TITLE, 0);
    let resource = json!({
        "resourceType": "DocumentReference",
        "status": "current",
        "type": { "coding": [{ "system": "http://loinc.org", "code": "11502-2" }] },
        "description": DEPOSIT_TITLE,
        "date": "2026-11-20T08:00:00+01:00",
        "content": [{ "attachment": {
            "contentType": "application/pdf",
            "title": "bilan.pdf",
            "data": base64::engine::general_purpose::STANDARD.encode(&pdf)
        }}]
    });
    let created: Value = http()
        .post(format!("{base}/fhir"))
        .bearer_auth(&token)
        .json(&resource)
        .send()?
        .error_for_status()?
        .json()?;
    let document = created["created"][0]["id"]
        .as_str()
        .context("the deposit's id")?;
    http()
        .get(format!("{base}/record"))
        .bearer_auth(&token)
        .send()?
        .error_for_status()?;
    http()
        .get(format!("{base}/documents/{document}"))
        .bearer_auth(&token)
        .send()?
        .error_for_status()?;
    Ok(())
}

/// The patient's other device: linked once (with a code from the page's
/// vault), it syncs, changes one field of a record, and syncs back.
fn edit_elsewhere(session: &Session, title: &str, field: &str, value: Value) -> anyhow::Result<()> {
    let mut other = session.other.lock().unwrap_or_else(|p| p.into_inner());
    let never = AtomicBool::new(false);
    if other.is_none() {
        let code = session
            .shell
            .with(|c| c.sync_pairing_code())
            .map_err(anyhow::Error::msg)?;
        let mut device = Carnet::new(session.dir.path().join("other-device"), Lang::Fr);
        let passphrase = Secret::from("autre appareil, autre phrase".to_string());
        device
            .create_vault("Autre appareil", &passphrase)
            .map_err(anyhow::Error::msg)?;
        device
            .create_profile(ProfileInfo {
                name: "Autre appareil".into(),
                birth_date: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).context("a date")?,
                sex: Sex::Unspecified,
                nir: None,
                doctor: None,
                emergency_contacts: Vec::new(),
            })
            .map_err(anyhow::Error::msg)?;
        let server = format!("http://{}", session.server.addr);
        device
            .pair_sync(&server, &code, "Téléphone")
            .map_err(anyhow::Error::msg)?;
        *other = Some(device);
    }
    let device = other.as_mut().context("the other device")?;
    device
        .sync_now(&mut |_| {}, &never)
        .map_err(anyhow::Error::msg)?;
    let record = device
        .records(None)
        .map_err(anyhow::Error::msg)?
        .into_iter()
        .find(|r| r.body.title(Lang::Fr) == title)
        .with_context(|| format!("no record titled {title} on the other device"))?;
    let mut notes = record.notes.clone();
    let mut body = serde_json::to_value(&record.body)?;
    if field == "notes" {
        notes = value.as_str().map(str::to_string);
    } else {
        body["data"][field] = value;
    }
    let body = parse_record_body(body, Lang::Fr).map_err(anyhow::Error::msg)?;
    device
        .update_record(&record.id, body, notes)
        .map_err(anyhow::Error::msg)?;
    device
        .sync_now(&mut |_| {}, &never)
        .map_err(anyhow::Error::msg)?;
    Ok(())
}

/// A professional opens a share link, as the viewer page does: with a PIN
/// proof made from the link's key when a PIN is given.
fn open_link(session: &Session, body: &Value) -> anyhow::Result<Value> {
    let link = carnet_share::ShareLink::parse(body["link"].as_str().context("link")?)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let request = match body["pin"].as_str() {
        Some(pin) => json!({ "pin_proof": carnet_share::pin_proof(&link.secret, pin).as_str() }),
        None => json!({}),
    };
    let user_agent = body["user_agent"]
        .as_str()
        .unwrap_or("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
    let response = http()
        .post(format!(
            "{}/v1/shares/{}/open",
            session.server.relay.url(),
            link.id
        ))
        .header(reqwest::header::USER_AGENT, user_agent)
        .json(&request)
        .send()?;
    let outcome = match response.status().as_u16() {
        200 => "opened",
        401 => "pin_required",
        403 => "wrong_pin",
        404 | 410 => "not_available",
        other => bail!("the relay answered {other}"),
    };
    Ok(json!({ "outcome": outcome }))
}
