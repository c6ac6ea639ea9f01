//! The shipped CSP and capabilities must match the reviewed snapshot in
//! `security.snapshot.json`: any change to what the webview may do is a
//! deliberate edit of that file, visible in review.

use std::collections::BTreeSet;

use serde_json::Value;

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn csp_and_capabilities_match_the_reviewed_snapshot() {
    let conf = read("tauri.conf.json");
    let snapshot = read("security.snapshot.json");
    assert_eq!(
        conf["app"]["security"], snapshot["security"],
        "CSP or security settings changed"
    );
    assert_eq!(conf["app"]["withGlobalTauri"], Value::Bool(false));

    let mut capabilities: Vec<Value> =
        std::fs::read_dir(format!("{}/capabilities", env!("CARGO_MANIFEST_DIR")))
            .expect("capabilities folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| {
                serde_json::from_str(&std::fs::read_to_string(&p).expect("readable")).expect("JSON")
            })
            .collect();
    capabilities.sort_by_key(|c| c["identifier"].as_str().unwrap_or_default().to_string());
    let shipped: Vec<Value> = capabilities
        .iter()
        .map(|c| serde_json::json!({"identifier": c["identifier"], "windows": c["windows"], "permissions": c["permissions"]}))
        .collect();
    assert_eq!(
        Value::Array(shipped),
        snapshot["capabilities"],
        "capabilities changed"
    );
}

#[test]
fn the_csp_allows_no_inline_code_and_no_remote_origin() {
    let csp = read("tauri.conf.json")["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP string")
        .to_string();
    for forbidden in ["unsafe-inline", "unsafe-eval", "http:", "https:", "*"] {
        let allowed_ipc = forbidden == "http:"
            && csp.matches("http:").count() == csp.matches("http://ipc.localhost").count();
        assert!(
            !csp.contains(forbidden) || allowed_ipc,
            "CSP allows {forbidden}: {csp}"
        );
    }
    assert!(csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"));
}

/// `allow-app-status` for `app_status`.
fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

#[test]
fn every_command_is_granted_once_and_called_by_the_interface_by_its_name() {
    let commands: BTreeSet<&str> = carnet_desktop::COMMANDS.iter().copied().collect();
    assert_eq!(
        commands.len(),
        carnet_desktop::COMMANDS.len(),
        "a command is declared twice"
    );

    // The capability grants exactly the declared commands (the snapshot test
    // above holds the capability to the reviewed snapshot).
    let capability = read("capabilities/main.json");
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("a list of permissions")
        .iter()
        .map(|p| p.as_str().expect("a permission name").to_string())
        .collect();
    let declared: BTreeSet<String> = commands.iter().map(|c| permission(c)).collect();
    assert_eq!(
        granted, declared,
        "capabilities/main.json and carnet-commands/src/list.rs differ"
    );

    // The interface uses every command, through its generated wrapper, and
    // no other name (the wrappers come from the same list: carnet-commands'
    // bindings test holds them fresh).
    let core_ts = std::fs::read_to_string(format!(
        "{}/../ui/src/lib/ipc/core.ts",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("ui/src/lib/ipc/core.ts");
    let called: BTreeSet<&str> = core_ts
        .match_indices(" c.")
        .filter_map(|(at, _)| {
            let rest = &core_ts[at + 3..];
            let end = rest.find('(')?;
            Some(&rest[..end])
        })
        .collect();
    assert_eq!(
        called, commands,
        "ui/src/lib/ipc/core.ts does not use exactly the commands of carnet-commands/src/list.rs"
    );
}
