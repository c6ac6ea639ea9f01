//! Running the real `carnet` binary with a fast test KDF.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASS: &str = "phrase de passe de test";

pub fn carnet(vault: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_carnet"));
    cmd.env("CARNET_INSECURE_TEST_KDF", "1")
        .env("CARNET_PASSPHRASE", PASS)
        .env("CARNET_NEW_PASSPHRASE", PASS)
        .env_remove("CARNET_MEMBER")
        .env_remove("CARNET_PROFILE")
        .env_remove("CARNET_VAULT")
        .env("LANG", "fr_FR.UTF-8")
        .arg("--vault")
        .arg(vault)
        .stdin(Stdio::null());
    cmd
}

pub fn run(vault: &Path, args: &[&str]) -> Output {
    carnet(vault).args(args).output().expect("carnet runs")
}

/// Runs with `--json` and returns the parsed output, asserting success.
pub fn json(vault: &Path, args: &[&str]) -> serde_json::Value {
    let out = run(vault, &[&["--json"], args].concat());
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

pub struct TestVault {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

/// A vault with member Alice and profile Léa.
pub fn vault() -> TestVault {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    json(&dir, &["init", "--member", "Alice"]);
    json(
        &dir,
        &[
            "profile",
            "add",
            "--name",
            "Léa",
            "--birth",
            "2018-09-01",
            "--sex",
            "female",
        ],
    );
    TestVault { tmp, dir }
}

/// Deterministic pseudo-random numbers (xorshift), so a failing seed can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}
