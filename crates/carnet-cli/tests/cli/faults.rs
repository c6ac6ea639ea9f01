//! Fault injection on the vault's I/O: the real `carnet` binary runs with a
//! failing filesystem (the LD_PRELOAD shim in `fault/shim.c`), where one
//! write, flush, truncate or rename under the test folder fails (disk full,
//! I/O error, or a short write). Each operation is counted first, then
//! failed at points spread over all its calls: import, record writes, sync
//! apply, re-key, backup and restore.
//!
//! After every fault: a clear error (never a crash), nothing partial, and
//! the vault opens and passes SQLCipher's integrity check; what failed can
//! simply be done again. At least 200 points per run; CARNET_FAULT_POINTS
//! sets the most points per operation (default 40).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::*;

const ENOSPC: i32 = 28;
const EIO: i32 = 5;

/// Builds the shim with the system C compiler.
fn shim(dir: &Path) -> PathBuf {
    let out = dir.join("libcarnet_fault.so");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fault/shim.c");
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-o"])
        .arg(&out)
        .arg(&source)
        .arg("-ldl")
        .status()
        .expect("a C compiler (build-essential)");
    assert!(status.success(), "the fault shim did not build");
    out
}

struct Faults {
    shim: PathBuf,
    root: PathBuf,
    count_file: PathBuf,
    points_per_op: usize,
    injected: usize,
    /// Faults that ended in a reported error (the rest were absorbed: a
    /// short write retried, a failed clean-up after the work was done).
    reported: usize,
}

/// How one fault is made: which call, and how it fails.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Errno(i32),
    Short,
}

impl Faults {
    fn new(tmp: &Path) -> Self {
        let root = tmp.canonicalize().unwrap();
        Self {
            shim: shim(&root),
            count_file: root.join("fault-count"),
            root,
            points_per_op: std::env::var("CARNET_FAULT_POINTS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(40),
            injected: 0,
            reported: 0,
        }
    }

    /// Runs `cmd` under the shim; `at` = None only counts.
    fn run(&self, mut cmd: Command, at: Option<(usize, Kind)>) -> Output {
        cmd.env("LD_PRELOAD", &self.shim)
            .env("CARNET_FAULT_ROOT", &self.root)
            .env("CARNET_FAULT_COUNT_FILE", &self.count_file)
            .env_remove("CARNET_FAULT_AT")
            .env_remove("CARNET_FAULT_SHORT");
        if let Some((n, kind)) = at {
            cmd.env("CARNET_FAULT_AT", n.to_string());
            match kind {
                Kind::Errno(e) => cmd.env("CARNET_FAULT_ERRNO", e.to_string()),
                Kind::Short => cmd.env("CARNET_FAULT_SHORT", "1"),
            };
        }
        cmd.output().expect("carnet runs")
    }

    /// Calls the operation makes under the test folder.
    fn count(&self, cmd: Command) -> usize {
        let out = self.run(cmd, None);
        assert!(
            out.status.success(),
            "the operation fails without faults: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(&self.count_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Points to fail, spread over `calls`, with their kinds.
    fn points(&self, calls: usize) -> Vec<(usize, Kind)> {
        eprintln!("  {calls} calls that write, flush or rename");
        let n = self.points_per_op.min(calls);
        (0..n)
            .map(|i| {
                let at = 1 + i * calls / n;
                let kind = [Kind::Errno(ENOSPC), Kind::Errno(EIO), Kind::Short][i % 3];
                (at, kind)
            })
            .collect()
    }

    /// Runs with a fault and checks it was reported, not crashed on.
    fn inject(&mut self, cmd: Command, at: (usize, Kind)) -> bool {
        let out = self.run(cmd, Some(at));
        self.injected += 1;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        assert!(code.is_some(), "killed by a signal at {at:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && code != Some(101),
            "crashed at {at:?}: {stderr}"
        );
        if !out.status.success() {
            assert!(!stderr.trim().is_empty(), "no message at {at:?}");
        }
        if !out.status.success() {
            self.reported += 1;
        }
        out.status.success()
    }
}

/// `carnet` as Alice (the vault gets a second member, Bob, on the way).
fn as_alice(dir: &Path) -> Command {
    let mut cmd = carnet(dir);
    cmd.env("CARNET_MEMBER", "Alice");
    cmd
}

/// Runs as Alice with `--json`, asserting success.
fn alice(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = as_alice(dir)
        .args([&["--json"], args].concat())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// Opens the vault without faults and runs the full integrity check.
fn intact(dir: &Path) {
    alice(dir, &["check"]);
}

fn records(dir: &Path) -> usize {
    alice(dir, &["record", "list"]).as_array().unwrap().len()
}

fn add_record(dir: &Path, n: usize) -> Command {
    let mut cmd = as_alice(dir);
    cmd.args([
        "--json",
        "record",
        "add",
        "allergy",
        "--substance",
        &format!("Substance {n}"),
    ]);
    cmd
}

#[test]
fn every_injected_fault_is_reported_and_leaves_the_vault_whole() {
    let v = vault();
    let mut f = Faults::new(v.tmp.path());

    // Record writes.
    let calls = f.count(add_record(&v.dir, 0));
    for (i, at) in f.points(calls).into_iter().enumerate() {
        let before = records(&v.dir);
        let ok = f.inject(add_record(&v.dir, i + 1), at);
        intact(&v.dir);
        let after = records(&v.dir);
        assert!(
            after == before + 1 || (!ok && after == before),
            "record count {before} -> {after} (success: {ok}) at {at:?}"
        );
    }

    // Import.
    let file = v.tmp.path().join("bilan.txt");
    std::fs::write(&file, "Hémoglobine 13,5 g/dL\n".repeat(20_000)).unwrap();
    let import = |dir: &Path| {
        let mut cmd = as_alice(dir);
        cmd.args([
            "--json",
            "doc",
            "import",
            file.to_str().unwrap(),
            "--title",
            "Bilan",
        ]);
        cmd
    };
    let docs = |dir: &Path| alice(dir, &["doc", "list"]).as_array().unwrap().len();
    let calls = f.count(import(&v.dir));
    for at in f.points(calls) {
        let before = docs(&v.dir);
        let ok = f.inject(import(&v.dir), at);
        intact(&v.dir);
        let after = docs(&v.dir);
        assert!(after == before + 1 || (!ok && after == before), "at {at:?}");
    }
    // Every listed document reads back whole.
    for doc in alice(&v.dir, &["doc", "list"]).as_array().unwrap() {
        let out = v.tmp.path().join("out.txt");
        let _ = std::fs::remove_file(&out);
        alice(
            &v.dir,
            &[
                "doc",
                "export",
                doc["id"].as_str().unwrap(),
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&file).unwrap());
    }

    // Re-key: removing a member's access.
    alice(&v.dir, &["member-add", "Bob"]);
    let grant = |dir: &Path| alice(dir, &["profile", "grant", "--to", "Bob"]);
    let holders = |dir: &Path| {
        alice(dir, &["profile", "list"])[0]["holders"]
            .as_array()
            .map(|h| h.len())
            .unwrap_or(0)
    };
    let revoke = |dir: &Path| {
        let mut cmd = as_alice(dir);
        cmd.args(["--json", "profile", "revoke", "--from", "Bob"]);
        cmd
    };
    grant(&v.dir);
    let calls = f.count(revoke(&v.dir));
    for at in f.points(calls) {
        grant(&v.dir);
        let before = records(&v.dir);
        f.inject(revoke(&v.dir), at);
        intact(&v.dir);
        assert_eq!(records(&v.dir), before, "at {at:?}");
        if holders(&v.dir) == 2 {
            alice(&v.dir, &["profile", "revoke", "--from", "Bob"]);
        }
        assert_eq!(holders(&v.dir), 1);
    }

    // Backup.
    let backups = v.tmp.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let archive = backups.join("carnet.backup");
    let backup = |dir: &Path| {
        let mut cmd = as_alice(dir);
        cmd.args(["--json", "backup", "create", archive.to_str().unwrap()]);
        cmd
    };
    let calls = f.count(backup(&v.dir));
    std::fs::remove_file(&archive).unwrap();
    for at in f.points(calls) {
        let ok = f.inject(backup(&v.dir), at);
        intact(&v.dir);
        let left: Vec<_> = std::fs::read_dir(&backups).unwrap().flatten().collect();
        if ok {
            assert_eq!(left.len(), 1);
            std::fs::remove_file(&archive).unwrap();
        } else {
            assert!(left.is_empty(), "a partial archive was left at {at:?}");
        }
    }

    // Restore.
    alice(&v.dir, &["backup", "create", archive.to_str().unwrap()]);
    let restore = |dest: &Path| {
        let mut cmd = as_alice(dest);
        cmd.args(["--json", "backup", "restore", archive.to_str().unwrap()]);
        cmd
    };
    let dest = v.tmp.path().join("restored");
    let calls = f.count(restore(&dest));
    std::fs::remove_dir_all(&dest).unwrap();
    let expected = records(&v.dir);
    for at in f.points(calls) {
        let ok = f.inject(restore(&dest), at);
        if ok {
            intact(&dest);
            assert_eq!(records(&dest), expected);
            std::fs::remove_dir_all(&dest).unwrap();
        } else {
            let empty = !dest.exists() || std::fs::read_dir(&dest).unwrap().next().is_none();
            assert!(empty, "a partial restore was left at {at:?}");
            let _ = std::fs::remove_dir_all(&dest);
        }
    }

    // Sync: applying what the national space sent.
    let gateway_state = carnet_server::open(&v.tmp.path().join("gateway")).unwrap();
    let gateway =
        carnet_server::Background::start(gateway_state.clone(), "127.0.0.1:0".parse().unwrap())
            .unwrap();
    let server = format!("http://{}", gateway.addr);
    let (profile, code) = carnet_server::new_account(&gateway_state, "Titulaire").unwrap();
    alice(&v.dir, &["pair", "--server", &server, "--code", &code]);
    alice(&v.dir, &["sync"]);
    let pro =
        carnet_server::add_professional(&gateway_state, "10003591586", "Dr Claire Martin").unwrap();
    let deposit = |n: usize| {
        let response = reqwest::blocking::Client::new()
            .post(format!("{server}/v1/pro/profiles/{profile}/fhir"))
            .bearer_auth(&pro)
            .header("content-type", "application/fhir+json")
            .body(
                serde_json::json!({
                    "resourceType": "Immunization",
                    "vaccineCode": { "text": format!("Vaccin {n}") },
                    "occurrenceDateTime": "2026-10-02T09:30:00+02:00",
                    "protocolApplied": [{ "doseNumberPositiveInt": 1 }]
                })
                .to_string(),
            )
            .send()
            .unwrap();
        assert_eq!(response.status().as_u16(), 201);
    };
    let sync = |dir: &Path| {
        let mut cmd = as_alice(dir);
        cmd.args(["--json", "sync"]);
        cmd
    };
    deposit(0);
    let calls = f.count(sync(&v.dir));
    let mut deposited = 1;
    for at in f.points(calls) {
        deposit(deposited);
        deposited += 1;
        f.inject(sync(&v.dir), at);
        intact(&v.dir);
        // Nothing the national space sent is lost: the next sync brings it.
        alice(&v.dir, &["sync"]);
        let vaccines = alice(&v.dir, &["record", "list", "--kind", "vaccination"]);
        assert_eq!(vaccines.as_array().unwrap().len(), deposited, "at {at:?}");
    }
    drop(gateway);

    eprintln!(
        "fault injection: {} faults injected, {} reported as errors, the rest absorbed",
        f.injected, f.reported
    );
    assert!(f.injected >= 200, "only {} faults injected", f.injected);
}
