#!/usr/bin/env bash
# Sets everything up, builds Carnet and opens its window on your local vault
# (created on first launch: the window asks for your name and a passphrase).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "==> Building the interface"
(cd ui && npm ci --no-audit --no-fund && npm run build)

echo "==> Building the app (the first build takes several minutes)"
cargo build --release --locked -p carnet-desktop --features custom-protocol

echo "==> Opening Carnet"
# The vault lives in ~/.local/share/fr.carnet.desktop/vault unless CARNET_VAULT says otherwise.
exec ./target/release/carnet-desktop "$@"
