#!/usr/bin/env bash
# Installs what Carnet needs on Debian/Ubuntu: system packages and the Rust
# toolchain check. Safe to run again: installed packages are skipped.
set -euo pipefail

PACKAGES=(
  build-essential pkg-config libssl-dev age ca-certificates
  # desktop window (Tauri 2 on WebKitGTK) and its headless test run
  libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth webkit2gtk-driver xdotool
  # browser tests of the interface run in Debian's Chromium (never a downloaded one)
  chromium
)
# Node.js may come from another source (nodesource, nvm): only ask apt when it is absent.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Installing system packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Rust: the workspace needs 1.85 or newer.
if ! command -v cargo >/dev/null 2>&1; then
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust (cargo) is not installed. Install it from https://rustup.rs, then run this command again." >&2
  exit 1
fi
version=$(rustc --version | awk '{print $2}')
if [ "$(printf '%s\n1.85.0\n' "$version" | sort -V | head -n1)" != "1.85.0" ]; then
  echo "Rust $version is too old: Carnet needs 1.85 or newer (rustup update)." >&2
  exit 1
fi
# Node.js 20 or newer builds the user interface.
node_major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || echo 0)
if [ "${node_major:-0}" -lt 20 ]; then
  echo "Node.js $(node --version 2>/dev/null || echo 'is missing'): Carnet's interface needs Node.js 20 or newer." >&2
  exit 1
fi

# tauri-driver bridges WebDriver to the real window for end-to-end tests
# (crates.io; 2.x, since the newest release is a 3.0 alpha).
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "==> Installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi

echo "==> System ready (Rust $version, Node.js $(node --version))"
