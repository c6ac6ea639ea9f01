#!/usr/bin/env bash
# Sets everything up and runs every check and test of Carnet.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "==> Format"
cargo fmt --all --check
echo "==> Lints"
cargo clippy --workspace --all-targets --features carnet-vault/insecure-test-kdf --locked -- -D warnings
echo "==> Tests"
# The test-only KDF feature lets tests unlock in milliseconds; shipped builds never have it.
cargo test --workspace --features carnet-vault/insecure-test-kdf --locked
