//! Crash safety: the CLI is killed with SIGKILL at random points while it
//! writes records and imports documents. After each kill the vault must pass
//! SQLCipher's and SQLite's integrity checks, and every write the CLI
//! acknowledged before dying must be there, documents byte for byte.
//!
//! At least 100 kills per run; set CARNET_CRASH_KILLS for more, CARNET_CRASH_SEED to replay.

use std::collections::BTreeMap;
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::*;

fn acknowledged_id(stdout: &[u8]) -> Option<String> {
    let line = std::str::from_utf8(stdout).ok()?.lines().next()?;
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value["id"].as_str().map(str::to_string)
}

#[test]
fn sigkill_at_random_points_loses_nothing_acknowledged() {
    let kills_wanted: u64 = std::env::var("CARNET_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    // Bounded: runs that finish before their kill point count as writes, not kills.
    let max_runs = kills_wanted * 4;
    let seed: u64 = std::env::var("CARNET_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("crash test seed: {seed} (CARNET_CRASH_SEED={seed} replays it)");
    let mut rng = Rng(seed);
    let v = vault();
    let mut acked_records: Vec<String> = Vec::new();
    let mut acked_docs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut killed = 0;
    // Mean duration of a finished run of each kind (record, document), to
    // spread kill points over a whole run.
    let mut mean_ms = [50.0_f64, 150.0];

    let mut i = 0;
    while killed < kills_wanted && i < max_runs {
        let is_doc = rng.below(10) < 3;
        let mut cmd = carnet(&v.dir);
        let n = i;
        let content = if is_doc {
            let len = 64 * 1024 + rng.below(3 * 1024 * 1024) as usize;
            let line = format!("document {n} graine {seed} ");
            let content = line.repeat(len / line.len() + 1).into_bytes();
            let path = v.tmp.path().join(format!("doc-{n}.txt"));
            std::fs::write(&path, &content).unwrap();
            cmd.args([
                "--json",
                "doc",
                "import",
                path.to_str().unwrap(),
                "--title",
                &format!("Doc {n}"),
            ]);
            Some(content)
        } else {
            cmd.args([
                "--json",
                "record",
                "add",
                "allergy",
                "--substance",
                &format!("substance {n}"),
                "--notes",
                &"n".repeat(rng.below(2000) as usize),
            ]);
            None
        };
        let started = Instant::now();
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let kill_after =
            Duration::from_micros(rng.below((mean_ms[is_doc as usize] * 1500.0) as u64));
        // Wait until the kill point or the end of the run, whichever comes first.
        let finished = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() >= kill_after {
                break None;
            }
            std::thread::yield_now();
        };
        if finished.is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        let status = child.wait().unwrap();
        if status.success() {
            let m = &mut mean_ms[is_doc as usize];
            *m = *m * 0.8 + started.elapsed().as_secs_f64() * 1000.0 * 0.2;
        }
        let mut stdout = Vec::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_end(&mut stdout)
            .unwrap();
        // Printed only after the commit: if it is there, the write must survive.
        if let Some(id) = acknowledged_id(&stdout) {
            match content {
                Some(c) => {
                    acked_docs.insert(id, c);
                }
                None => acked_records.push(id),
            }
        }

        i += 1;
        if i % 10 == 0 || killed == kills_wanted {
            // Reopening recovers; the full check reads every page and b-tree.
            json(&v.dir, &["check"]);
            let records = json(&v.dir, &["record", "list"]);
            let present: Vec<&str> = records
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap())
                .collect();
            for id in &acked_records {
                assert!(
                    present.contains(&id.as_str()),
                    "acknowledged record {id} lost (seed {seed})"
                );
            }
            let docs = json(&v.dir, &["doc", "list"]);
            let present: Vec<&str> = docs
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_str().unwrap())
                .collect();
            for id in acked_docs.keys() {
                assert!(
                    present.contains(&id.as_str()),
                    "acknowledged document {id} lost (seed {seed})"
                );
            }
        }
    }
    for (id, content) in &acked_docs {
        let out = v.tmp.path().join(format!("export-{id}"));
        json(&v.dir, &["doc", "export", id, out.to_str().unwrap()]);
        assert!(
            std::fs::read(&out).unwrap() == *content,
            "document {id} differs after crashes (seed {seed})"
        );
    }
    eprintln!(
        "{i} runs, {killed} killed mid-run, {} records and {} documents acknowledged",
        acked_records.len(),
        acked_docs.len()
    );
    assert_eq!(
        killed, kills_wanted,
        "too few runs were interrupted within {max_runs} runs"
    );
}
