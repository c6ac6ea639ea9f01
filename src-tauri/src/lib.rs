//! The desktop shell: builds the window and serves carnet-commands' table
//! over Tauri's IPC. No business logic lives here.

mod host;

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use carnet_api::Carnet;
use carnet_commands::{Reply, Shell, Sink};
use carnet_model::Lang;
use serde_json::Value;
use tauri::ipc::{Invoke, InvokeBody, JavaScriptChannelId, Response};
use tauri::{DragDropEvent, Manager, WindowEvent};

/// Every command the window may invoke, by the name it uses.
pub use carnet_commands::COMMANDS;

fn vault_dir(app: &tauri::App) -> PathBuf {
    // Tests and power users can point the app at another vault.
    if let Some(dir) = std::env::var_os("CARNET_VAULT") {
        return PathBuf::from(dir);
    }
    app.path()
        .app_data_dir()
        .unwrap_or_else(|_| PathBuf::from("."))
        .join("vault")
}

fn initial_lang() -> Lang {
    Lang::from_locale(
        &std::env::var("LC_ALL")
            .or_else(|_| std::env::var("LANG"))
            .unwrap_or_default(),
    )
}

/// Files dropped on the window become chosen files, announced to the
/// webview by name and token only.
fn on_window_event(window: &tauri::Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        window.state::<Shell>().drop_files(paths.iter().cloned());
    }
}

/// Serves one invoke from the window. Tauri has already checked it against
/// the capabilities (the app manifest lists `COMMANDS`); the command runs
/// on the blocking pool, so a slow unlock, import or sync never freezes the
/// window.
fn invoke_handler(invoke: Invoke) -> bool {
    let Invoke {
        message, resolver, ..
    } = invoke;
    let name = message.command().to_string();
    if !COMMANDS.contains(&name.as_str()) {
        return false;
    }
    let args = match message.payload() {
        InvokeBody::Json(value) => value.clone(),
        InvokeBody::Raw(_) => Value::Null,
    };
    let webview = message.webview();
    tauri::async_runtime::spawn_blocking(move || {
        let app = webview.app_handle().clone();
        let shell = app.state::<Shell>();
        // A channel argument is the id of a channel the page opened.
        let channels = Arc::new(move |id: &str| {
            let channel = JavaScriptChannelId::from_str(id)
                .ok()?
                .channel_on::<_, Value>(webview.clone());
            let sink: Sink = Arc::new(move |message: Value| {
                let _ = channel.send(message);
            });
            Some(sink)
        });
        match carnet_commands::dispatch(&shell, &name, args, channels) {
            Ok(Reply::Json(value)) => resolver.resolve(value),
            // Tauri needs the buffer itself: it is moved (not copied) out of
            // the wiped memory, and the webview's IPC owns it from here.
            Ok(Reply::Bytes(mut bytes)) => {
                resolver.resolve(Response::new(std::mem::take(&mut *bytes)))
            }
            Err(error) => resolver.reject(error),
        }
    });
    true
}

/// Starts the desktop app.
pub fn run() {
    tauri::Builder::default()
        // A second launch brings the open window forward instead of fighting
        // over the vault lock.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let carnet = Carnet::new(vault_dir(app), initial_lang());
            let host = host::Dialogs(app.handle().clone());
            app.manage(Shell::new(carnet, host));
            Ok(())
        })
        .on_window_event(on_window_event)
        .invoke_handler(invoke_handler)
        .run(tauri::generate_context!())
        .expect("the Carnet window could not start");
}
