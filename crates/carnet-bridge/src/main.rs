//! The development bridge: serves the built interface and the window's
//! command table (carnet-commands) over HTTP on 127.0.0.1, so the
//! interface's browser tests run on the real core. Every page load is a new
//! session: a fresh vault (test KDF when built with it), its own in-process
//! gateway and relay. Calls need the random token printed at start.
//!
//! `carnet-bridge --ui ui/dist` prints `{"url": "http://127.0.0.1:…/?token=…"}`
//! on stdout, then serves until stdin closes or it is stopped.
//! `carnet-bridge --sample-pdf TEXT…` writes the sample PDF the Rust tests
//! use (a page per text) to stdout, for the browser tests' uploads.

mod control;
mod gateway;
mod host;
mod routes;
mod session;

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut ui = PathBuf::from("ui/dist");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--ui" => ui = args.next().map(PathBuf::from).unwrap_or(ui),
            "--sample-pdf" => {
                let texts: Vec<String> = args.collect();
                let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                anyhow::ensure!(!texts.is_empty(), "--sample-pdf needs a text per page");
                use std::io::Write;
                std::io::stdout().write_all(&carnet_model::sample_pdf_pages(&texts, 0))?;
                return Ok(());
            }
            other => anyhow::bail!(
                "unknown argument {other}: usage carnet-bridge [--ui DIR] | --sample-pdf TEXT…"
            ),
        }
    }
    anyhow::ensure!(
        ui.join("index.html").is_file(),
        "{} has no index.html: build the interface first (cd ui && npm run build)",
        ui.display()
    );
    // Unlocks take milliseconds when the vault was built with the test KDF;
    // without it this does nothing.
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(routes::serve(ui))
}
