#!/usr/bin/env bash
# Sets everything up, builds Carnet and opens it on a local vault (created on
# first run with a synthetic demo family).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "==> Building"
cargo build --release --locked -p carnet-cli --bin carnet
CARNET="$PWD/target/release/carnet"

VAULT="${CARNET_VAULT:-${XDG_DATA_HOME:-$HOME/.local/share}/carnet/vault}"
export CARNET_VAULT="$VAULT"
if [ ! -f "$VAULT/vault.json" ]; then
  echo "==> First run: creating a demo vault in $VAULT"
  "$CARNET" demo
else
  echo "==> Opening the vault in $VAULT"
  "$CARNET" --profile "${CARNET_PROFILE:-Camille Martin}" overview || true
fi
cat <<TXT

Carnet is ready. Examples:
  $CARNET profile list
  $CARNET --profile "Léo Martin" overview
  $CARNET --profile "Léo Martin" record add allergy --substance "Pollen" --severity mild
  $CARNET --help
TXT
