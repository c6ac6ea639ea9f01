//! The bridge as the browser tests use it: the real command table over
//! HTTP, a fresh vault per session, the token required, the in-process
//! gateway reachable through its door.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

struct Bridge {
    child: Child,
    base: String,
    token: String,
    http: reqwest::blocking::Client,
}

impl Drop for Bridge {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(ui: &std::path::Path) -> Bridge {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carnet-bridge"))
        .args(["--ui".as_ref(), ui.as_os_str()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the bridge starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its stdout"))
        .read_line(&mut line)
        .expect("its first line");
    let url = serde_json::from_str::<Value>(&line).expect("JSON")["url"]
        .as_str()
        .expect("a url")
        .to_string();
    let (base, token) = url.split_once("/?token=").expect("the token in the url");
    Bridge {
        child,
        base: base.to_string(),
        token: token.to_string(),
        http: reqwest::blocking::Client::new(),
    }
}

impl Bridge {
    fn session(&self) -> String {
        let r: Value = self
            .http
            .post(format!("{}/api/session", self.base))
            .bearer_auth(&self.token)
            .send()
            .unwrap()
            .json()
            .unwrap();
        r["session"].as_str().unwrap().to_string()
    }

    fn post(&self, session: &str, path: &str, body: Value) -> Value {
        self.http
            .post(format!("{}/api/{path}", self.base))
            .bearer_auth(&self.token)
            .header("X-Carnet-Session", session)
            .json(&body)
            .send()
            .unwrap()
            .json()
            .unwrap()
    }
}

#[test]
fn the_command_table_runs_on_a_real_vault_per_session_behind_the_token() {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(
        ui.path().join("index.html"),
        "<!doctype html><title>Carnet</title>",
    )
    .unwrap();
    let bridge = start(ui.path());

    // Without the token, nothing.
    let refused = bridge
        .http
        .post(format!("{}/api/session", bridge.base))
        .send()
        .unwrap();
    assert_eq!(refused.status().as_u16(), 401);
    let page = bridge.http.get(format!("{}/", bridge.base)).send().unwrap();
    assert!(page.text().unwrap().contains("<title>Carnet</title>"));

    let s = bridge.session();
    let invoke = |cmd: &str, args: Value| bridge.post(&s, &format!("invoke/{cmd}"), args);
    assert_eq!(invoke("app_status", json!({}))["ok"]["vault_exists"], false);
    let member = invoke(
        "create_vault",
        json!({ "memberName": "Camille", "passphrase": "le chat dort au soleil" }),
    );
    assert_eq!(member["ok"]["name"], "Camille");
    invoke(
        "create_profile",
        json!({ "info": { "name": "Léo Martin", "birth_date": "2024-02-20", "sex": "male" } }),
    );

    // The model's rules answer, with the field: a 25th dose does not exist.
    let refused = invoke(
        "add_record",
        json!({ "body": { "kind": "vaccination", "data": { "vaccine": "ROR", "date": "2025-02-20", "dose_number": 25 } }, "notes": null }),
    );
    assert_eq!(refused["err"]["code"], "invalid");
    assert_eq!(refused["err"]["field"], "dose_number");
    let added = invoke(
        "add_record",
        json!({ "body": { "kind": "vaccination", "data": { "vaccine": "ROR", "date": "2025-02-20", "dose_number": 1 } }, "notes": null }),
    );
    assert_eq!(added["ok"]["data"]["dose_number"], 1);
    // An unknown argument is refused at the boundary, with its name.
    let unknown = invoke("search", json!({ "query": "ROR", "extra": 1 }));
    assert_eq!(unknown["err"]["code"], "invalid");

    // The session's own gateway: an account, a code, a first sync that brings the deposit.
    let addresses = bridge.post(&s, "control/addresses", json!(null));
    let code = bridge.post(&s, "control/gateway/account", json!({ "deposit": true }));
    let paired = invoke(
        "pair_sync",
        json!({ "server": addresses["gateway"], "code": code["code"], "deviceName": "Cet ordinateur" }),
    );
    assert_eq!(paired["ok"]["paired"], true, "{paired}");
    let first = invoke("sync_now", json!({ "onProgress": "__CHANNEL__:1" }));
    assert_eq!(first["ok"]["documents_changed"], 1, "{first}");
    let documents = invoke("list_documents", json!({}));
    assert_eq!(documents["ok"][0]["title"], "Compte rendu de biologie");

    // Its door closed: the app is offline, and nothing is lost.
    bridge.post(
        &s,
        "control/gateway/reachable",
        json!({ "reachable": false }),
    );
    let offline = invoke("sync_now", json!({ "onProgress": "__CHANNEL__:1" }));
    assert_eq!(offline["err"]["code"], "offline", "{offline}");
    bridge.post(
        &s,
        "control/gateway/reachable",
        json!({ "reachable": true }),
    );
    let synced = invoke("sync_now", json!({ "onProgress": "__CHANNEL__:1" }));
    assert!(synced["ok"]["rounds"].as_u64().is_some(), "{synced}");

    // Another session is another vault.
    let other = bridge.session();
    let fresh = bridge.post(&other, "invoke/app_status", json!({}));
    assert_eq!(fresh["ok"]["vault_exists"], false);
}
