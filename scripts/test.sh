#!/usr/bin/env bash
# Sets everything up and runs every check and test of Carnet: the interface
# (unit and browser tests), the Rust workspace, the share viewer against a
# real relay, the packages, and the real app window driven end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "==> Interface: install, type check, lint, unit tests, build"
(
  cd ui
  npm ci --no-audit --no-fund
  npm run check
  npm run lint
  npm test
  npm run build
)

echo "==> Rust: format, lints"
cargo fmt --all --check
# The test-only KDF feature lets tests unlock in milliseconds; shipped builds never have it.
cargo clippy --workspace --all-targets --features carnet-vault/insecure-test-kdf --locked -- -D warnings

echo "==> Rust: tests"
cargo test --workspace --features carnet-vault/insecure-test-kdf --locked

echo "==> Interface in Chromium on the real core, through the development bridge (built with the tests)"
(cd ui && npm run test:browser)

echo "==> Share viewer in Chromium against a real relay (the harness was built with the tests)"
(cd ui && npm run test:viewer)

echo "==> Fuzz targets of the gateway's decoders: they must build (run them with cargo fuzz)"
CARGO_TARGET_DIR=target/fuzz cargo build --manifest-path fuzz/Cargo.toml --bins --locked

echo "==> Packages: .deb and .rpm of the release app"
# The Tauri CLI comes from npm at a pinned version (its lockfile cannot be
# shared across platforms); it builds the release binary and both packages.
(cd src-tauri && npx --yes @tauri-apps/cli@2.12.5 build --bundles deb,rpm --ci -- --locked)
ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

echo "==> The national-space gateway the real-app tests sync with, and the command line of their second computer"
cargo build --release -p carnet-server -p carnet-cli --locked

echo "==> The real app, end to end (tauri-driver + WebKitWebDriver under Xvfb)"
(
  cd tests/app
  # --ignore-scripts: no test tool may download a driver or a browser.
  npm ci --no-audit --no-fund --ignore-scripts
  npx tsc -p .
  xvfb-run -a -s "-screen 0 1280x800x24" npm test
)
echo "==> All checks passed. Screenshots of the real app: target/screenshots/"
