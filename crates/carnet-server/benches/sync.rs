//! Sync benchmarks: `cargo bench -p carnet-server --bench sync`.
//!
//! Real gateway on loopback, real vaults (SQLCipher) as devices. Prints bytes
//! and times, and ratios against baselines measured in the same run: the
//! full JSON snapshot of the profile (what a naive sync would send each time)
//! and the initial sync.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use carnet_api::{Carnet, Secret};
use carnet_model::*;
use carnet_sync::client::SyncClient;
use carnet_sync::{protocol, BlobRef, PeerState, ProfileDoc, Replica, Touched};

const RECORDS: usize = 20_000;
const EDIT_RUNS: usize = 30;
const DEVICES: usize = 100;
const EDITS_PER_DEVICE: usize = 10;

fn main() {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
    let tmp = tempfile::tempdir().unwrap();
    let (running, state) = gateway(&tmp.path().join("gateway"));
    let server = format!("http://{}", running.addr);

    // ---- a 20,000-record profile ------------------------------------
    let mut a = Carnet::new(tmp.path().join("a"), Lang::Fr);
    a.create_vault("Alice", &Secret::from("alice passphrase".to_string()))
        .unwrap();
    a.create_profile(info("Alice")).unwrap();
    let t = Instant::now();
    let bodies: Vec<(RecordBody, Option<String>)> = (0..RECORDS)
        .map(|i| (record_body(i), (i % 7 == 0).then(|| format!("Note {i}"))))
        .collect();
    a.add_records(bodies).unwrap();
    println!(
        "setup: {RECORDS} records written in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let snapshot_json = serde_json::to_vec(&a.records(None).unwrap()).unwrap().len() as u64;
    println!(
        "baseline: full JSON snapshot of the profile = {} bytes",
        snapshot_json
    );

    let (_, code) = carnet_server::new_account(&state, "Titulaire").unwrap();
    a.pair_sync(&server, &code, "bench").unwrap();
    let t = Instant::now();
    let initial = sync(&mut a);
    let initial_time = t.elapsed();
    let initial_bytes = initial.bytes_sent + initial.bytes_received;
    println!(
        "initial sync: {} rounds, {} bytes sent + {} received, {:.0} ms  ({:.2}x the JSON snapshot)",
        initial.rounds,
        initial.bytes_sent,
        initial.bytes_received,
        ms(initial_time),
        initial_bytes as f64 / snapshot_json as f64
    );

    // ---- a caregiver joins: accept to seeing every record -------------
    let code = a
        .invite("Claire", carnet_api::Role::Caregiver, 48)
        .unwrap()
        .code;
    let mut claire = Carnet::new(tmp.path().join("claire"), Lang::Fr);
    claire
        .create_vault("Claire", &Secret::from("claire passphrase".to_string()))
        .unwrap();
    let t = Instant::now();
    claire.accept_invitation(&server, &code, "bench").unwrap();
    sync(&mut claire);
    let seen = claire.records(None).unwrap().len();
    let joined = t.elapsed();
    assert_eq!(seen, RECORDS);
    println!(
        "caregiver joins: accept, first sync and all {seen} records listed in {:.0} ms  ({:.2}x the owner's initial sync; goal 5 s)",
        ms(joined),
        ms(joined) / ms(initial_time)
    );

    // ---- one edit, end to end ---------------------------------------
    let ids: Vec<String> = a
        .records(None)
        .unwrap()
        .iter()
        .take(EDIT_RUNS)
        .map(|r| r.id.clone())
        .collect();
    let mut times = Vec::new();
    let mut writes = Vec::new();
    let mut bytes = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let record = a.record(id).unwrap();
        let t = Instant::now();
        a.update_record(id, record.body.clone(), Some(format!("Modifié {i}")))
            .unwrap();
        writes.push(t.elapsed());
        let report = sync(&mut a);
        times.push(t.elapsed());
        bytes.push(report.bytes_sent + report.bytes_received);
    }
    let (p50_t, p50_b) = (median_ms(&mut times), median(&mut bytes));
    println!(
        "  of which the write (SQL + change): median {:.1} ms",
        median_ms(&mut writes)
    );
    println!(
        "one edit (SQL + change + HTTP rounds): median {p50_b} bytes on the wire, {p50_t:.1} ms  (goal ≤ 1024 B, ≤ 50 ms; {:.5}x the JSON snapshot, {:.3}x the initial sync time)",
        p50_b as f64 / snapshot_json as f64,
        p50_t / ms(initial_time)
    );

    // ---- reconnect with saved state ---------------------------------
    a.lock();
    a.unlock("Alice", &Secret::from("alice passphrase".to_string()))
        .unwrap();
    let profile = a.profiles().unwrap()[0].id.clone();
    a.select_profile(&profile).unwrap();
    let t = Instant::now();
    let nothing = sync(&mut a);
    println!(
        "resync after reopening (saved state, nothing new): {} bytes, {:.1} ms  (goal ≤ 1024 B)",
        nothing.bytes_sent + nothing.bytes_received,
        ms(t.elapsed())
    );
    let first = a.records(None).unwrap()[0].clone();
    a.update_record(
        &first.id,
        first.body.clone(),
        Some("Après reconnexion".into()),
    )
    .unwrap();
    a.lock();
    a.unlock("Alice", &Secret::from("alice passphrase".to_string()))
        .unwrap();
    a.select_profile(&profile).unwrap();
    let t = Instant::now();
    let one = sync(&mut a);
    println!(
        "resync after reopening with one edit: {} bytes, {:.1} ms (first sync after reopening loads the document)",
        one.bytes_sent + one.bytes_received,
        ms(t.elapsed())
    );

    // ---- a second device receiving the whole profile -----------------
    let code_b = a.sync_pairing_code().unwrap();
    let mut b = Carnet::new(tmp.path().join("b"), Lang::Fr);
    b.create_vault("Alice", &Secret::from("alice passphrase".to_string()))
        .unwrap();
    b.create_profile(info("Alice")).unwrap();
    b.pair_sync(&server, &code_b, "bench b").unwrap();
    let t = Instant::now();
    let pulled = sync(&mut b);
    println!(
        "initial sync of a second device (receives {RECORDS} records): {} bytes, {:.0} ms",
        pulled.bytes_sent + pulled.bytes_received,
        ms(t.elapsed())
    );

    // ---- background cycle when nothing changed ------------------------
    background_idle(&mut a, &server, &state);

    // ---- gateway throughput ------------------------------------------
    throughput(&server, &state);
}

/// Five linked profiles (the 20,000-record one among them) while another
/// profile is open: the cost of one background cycle when nothing changed,
/// against syncing each of them the way the open profile syncs.
fn background_idle(a: &mut Carnet, server: &str, state: &carnet_server::AppState) {
    const LINKED: usize = 5;
    const CYCLES: usize = 20;
    let mut linked = vec![a.status().profile_id.unwrap()];
    for i in 1..LINKED {
        let profile = a.create_profile(info(&format!("Proche {i}"))).unwrap();
        a.select_profile(&profile.id).unwrap();
        a.add_records((0..200).map(|n| (record_body(n), None)).collect())
            .unwrap();
        let (_, code) = carnet_server::new_account(state, "Titulaire").unwrap();
        a.pair_sync(server, &code, "bench").unwrap();
        sync(a);
        linked.push(profile.id);
    }
    let open = a.create_profile(info("Sans lien")).unwrap();
    a.select_profile(&open.id).unwrap();
    let cancel = AtomicBool::new(false);
    // The first cycle after pairing records the heads each profile synced to.
    a.sync_linked_profiles(&cancel).unwrap();

    let (cpu, wall) = (process_cpu(), Instant::now());
    for _ in 0..CYCLES {
        let results = a.sync_linked_profiles(&cancel).unwrap();
        assert_eq!(results.len(), LINKED);
        assert!(results
            .iter()
            .all(|r| r.outcome == carnet_api::LinkedOutcome::Unchanged));
    }
    let idle_cpu = (process_cpu() - cpu) / CYCLES as f64;
    let idle_wall = ms(wall.elapsed()) / CYCLES as f64;

    // Baseline: each profile opened and synced in full, as the open one is.
    let (cpu, wall) = (process_cpu(), Instant::now());
    for id in &linked {
        a.select_profile(id).unwrap();
        sync(a);
    }
    let full_cpu = process_cpu() - cpu;
    let full_wall = ms(wall.elapsed());
    println!(
        "background cycle, {LINKED} linked profiles, nothing changed: {idle_cpu:.1} ms CPU (gateway included), {idle_wall:.1} ms wall per cycle, mean of {CYCLES}  (goal ≤ 50 ms CPU; {:.3}x opening and syncing each one: {full_cpu:.0} ms CPU, {full_wall:.0} ms wall)",
        idle_cpu / full_cpu
    );
}

/// CPU time of every thread of this process (client and gateway), in ms.
fn process_cpu() -> f64 {
    let mut ns = 0u64;
    for task in std::fs::read_dir("/proc/self/task").unwrap() {
        let stat = std::fs::read_to_string(task.unwrap().path().join("schedstat")).unwrap();
        ns += stat
            .split_whitespace()
            .next()
            .unwrap()
            .parse::<u64>()
            .unwrap();
    }
    ns as f64 / 1e6
}

fn info(name: &str) -> ProfileInfo {
    ProfileInfo {
        name: name.into(),
        birth_date: "1950-04-02".parse().unwrap(),
        sex: Sex::Female,
        nir: None,
        doctor: None,
        emergency_contacts: Vec::new(),
    }
}

fn throughput(server: &str, state: &carnet_server::AppState) {
    let barrier = Arc::new(Barrier::new(DEVICES));
    let mut handles = Vec::new();
    for d in 0..DEVICES {
        // Ten devices per patient account.
        let code = if d % 10 == 0 {
            carnet_server::new_account(state, "Titulaire").unwrap().1
        } else {
            String::new()
        };
        handles.push((d, code));
    }
    // Pair the devices (10 per account) before timing.
    let mut clients = Vec::new();
    let mut account_code: Option<(SyncClient, String)> = None;
    for (d, code) in handles {
        let paired = if !code.is_empty() {
            carnet_sync::client::pair(server, &code, "bench").unwrap()
        } else {
            let (leader, _) = account_code.as_ref().unwrap();
            let c = leader.pairing_code().unwrap();
            carnet_sync::client::pair(server, &c, "bench").unwrap()
        };
        let client = SyncClient::new(server, &paired.profile_id, &paired.token).unwrap();
        if d % 10 == 0 {
            account_code = Some((client.clone(), paired.profile_id.clone()));
        }
        clients.push((d, client));
    }
    let t = Instant::now();
    let threads: Vec<_> = clients
        .into_iter()
        .map(|(d, client)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut replica = MemReplica::new(d as u8);
                barrier.wait();
                let mut latencies = Vec::new();
                for i in 0..EDITS_PER_DEVICE {
                    let now = chrono::Utc::now();
                    let record = Record {
                        id: new_id(),
                        created_at: now,
                        updated_at: now,
                        notes: None,
                        body: record_body(d * 1000 + i),
                    };
                    replica.doc.put_record(&record).unwrap();
                    replica.doc.commit("edit");
                    let t = Instant::now();
                    client
                        .sync_with_retries(&mut replica, 3, &mut |_| {}, &AtomicBool::new(false))
                        .unwrap();
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<Duration> = threads
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let total = t.elapsed();
    all.sort();
    let p = |q: f64| ms(all[((all.len() as f64 - 1.0) * q) as usize]);
    println!(
        "gateway: {DEVICES} concurrent devices x {EDITS_PER_DEVICE} edit+sync each: {} syncs in {:.2} s ({:.0} syncs/s); latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.len(),
        total.as_secs_f64(),
        all.len() as f64 / total.as_secs_f64(),
        p(0.5),
        p(0.99),
        p(1.0)
    );
}

/// A device replica held in memory, to load the gateway without the vault.
struct MemReplica {
    doc: ProfileDoc,
    states: HashMap<String, PeerState>,
}

impl MemReplica {
    fn new(n: u8) -> Self {
        Self {
            doc: ProfileDoc::new(&[n.wrapping_add(1); 16]).unwrap(),
            states: HashMap::new(),
        }
    }
}

impl Replica for MemReplica {
    type Error = carnet_sync::Error;
    fn generate_message(&mut self, peer: &str) -> Result<Option<Vec<u8>>, Self::Error> {
        let state = self.states.entry(peer.to_string()).or_default();
        Ok(protocol::generate(&mut self.doc, state))
    }
    fn receive_message(&mut self, peer: &str, message: &[u8]) -> Result<Touched, Self::Error> {
        let state = self.states.entry(peer.to_string()).or_default();
        let before = self.doc.heads_before_receiving();
        protocol::receive(&mut self.doc, state, message)?;
        Ok(self.doc.touched_since(&before))
    }
    fn reset_peer(&mut self, peer: &str) -> Result<(), Self::Error> {
        if let Some(s) = self.states.get_mut(peer) {
            *s = protocol::decode_state(&protocol::encode_state(s));
        }
        Ok(())
    }
    fn local_blobs(&mut self) -> Result<Vec<BlobRef>, Self::Error> {
        Ok(Vec::new())
    }
    fn missing_blobs(&mut self) -> Result<Vec<BlobRef>, Self::Error> {
        Ok(Vec::new())
    }
    fn read_blob(&mut self, _: &BlobRef) -> Result<Vec<u8>, Self::Error> {
        Err(carnet_sync::Error::NotFound)
    }
    fn store_blob(&mut self, _: &BlobRef, _: &[u8]) -> Result<(), Self::Error> {
        Ok(())
    }
}

fn record_body(i: usize) -> RecordBody {
    match i % 3 {
        0 => RecordBody::Allergy(Allergy {
            substance: format!("Substance {i}"),
            reaction: Some("Urticaire".into()),
            severity: AllergySeverity::Moderate,
            status: AllergyStatus::Active,
            onset: None,
        }),
        1 => RecordBody::Vaccination(Vaccination {
            vaccine: format!("Vaccin {i}"),
            dose_number: Some(1),
            date: "2020-05-01".parse().unwrap(),
            lot: Some(format!("LOT{i}")),
            administered_by: None,
            next_due: None,
        }),
        _ => RecordBody::Treatment(Treatment {
            medication: format!("Médicament {i}"),
            dose: Some("1 comprimé".into()),
            frequency: Some("le matin".into()),
            route: None,
            start: Some("2024-01-01".parse().unwrap()),
            end: None,
            prescriber: None,
            prescriber_rpps: None,
        }),
    }
}

fn sync(carnet: &mut Carnet) -> carnet_api::SyncReport {
    carnet
        .sync_now(&mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median_ms(times: &mut [Duration]) -> f64 {
    times.sort();
    ms(times[times.len() / 2])
}

fn median(values: &mut [u64]) -> u64 {
    values.sort();
    values[values.len() / 2]
}

fn gateway(dir: &std::path::Path) -> (carnet_server::Background, Arc<carnet_server::AppState>) {
    // Setup pairs 100 devices from one address: lift the pairing trickle.
    let limits = carnet_server::Limits {
        pairing_per_second: 1000.0,
        pairing_burst: 1000.0,
        ..Default::default()
    };
    let state = carnet_server::open_with(dir, limits).unwrap();
    let server =
        carnet_server::Background::start(state.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    (server, state)
}
