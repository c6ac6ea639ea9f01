//! A relay on 127.0.0.1 whose clock the browser tests move forward, and
//! that makes fixture shares on request (ui/e2e-viewer drives it).
//!
//! Prints `{"ready": "<url>", "device_token": "…"}` (a device linked to an
//! account on the relay, for shares made elsewhere), then answers one JSON line per command read
//! on stdin: `{"cmd":"create", "lang", "expires_in", "max_opens", "pin",
//! "large_pdf_mib"}` → `{"link", "id", "owner_token"}`;
//! `{"cmd":"advance","seconds":N}` → `{"now"}`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// The harness uses only part of the fixture.
#[allow(dead_code)]
#[path = "../tests/relay/fixture.rs"]
mod fixture;

use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

use carnet_model::Lang;
use carnet_server::{Background, Clock, Limits, ManualClock};
use carnet_share::client::RelayClient;
use serde_json::{json, Value};

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let clock = Arc::new(ManualClock::new());
    let limits = Limits {
        opens_per_second: 1000.0,
        opens_burst: 1000.0,
        creates_per_second: 1000.0,
        creates_burst: 1000.0,
        ..Limits::default()
    };
    let state = carnet_server::open_with_clock(dir.path(), limits, clock.clone()).unwrap();
    let server = Background::start(state.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let base = format!("http://{}", server.addr);
    let (relay, device_token) = fixture::linked_client(&state, &base);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        json!({ "ready": base, "device_token": device_token })
    )
    .unwrap();
    out.flush().unwrap();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let answer = match serde_json::from_str::<Value>(&line) {
            Ok(command) => run(&command, &relay, &clock),
            Err(e) => json!({ "error": e.to_string() }),
        };
        writeln!(out, "{answer}").unwrap();
        out.flush().unwrap();
    }
}

fn run(command: &Value, relay: &RelayClient, clock: &ManualClock) -> Value {
    match command["cmd"].as_str() {
        Some("create") => {
            let options = fixture::Options {
                lang: Lang::from_locale(command["lang"].as_str().unwrap_or("fr")),
                expires_in: Duration::from_secs(command["expires_in"].as_u64().unwrap_or(3600)),
                max_opens: command["max_opens"].as_u64().map(|n| n as u32),
                pin: command["pin"].as_str().map(str::to_string),
                padding: command["large_pdf_mib"].as_u64().unwrap_or(0) as usize * 1024 * 1024,
            };
            let made = fixture::make_share(relay, &options);
            json!({ "link": *made.link, "id": made.created.id, "owner_token": made.created.owner_token })
        }
        Some("advance") => {
            let seconds = command["seconds"].as_i64().unwrap_or(0);
            clock.advance(chrono::Duration::seconds(seconds));
            json!({ "now": clock.now().to_rfc3339() })
        }
        _ => json!({ "error": "unknown command" }),
    }
}
