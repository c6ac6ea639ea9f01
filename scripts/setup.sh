#!/usr/bin/env bash
# Installs what Carnet needs on Debian/Ubuntu: system packages and the Rust
# toolchain check. Safe to run again: installed packages are skipped.
set -euo pipefail

PACKAGES=(build-essential pkg-config libssl-dev age ca-certificates)

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
echo "==> System ready (Rust $version)"
