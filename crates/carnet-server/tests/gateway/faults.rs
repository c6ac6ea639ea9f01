//! Connections cut at random byte offsets, and a server restarted mid-sync:
//! every interrupted sync completes on retry with nothing lost or duplicated.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use carnet_api::{Carnet, ErrorCode};
use carnet_model::*;

use crate::common::*;

/// A TCP proxy that cuts each connection after a pseudo-random number of
/// bytes (both directions counted), drawn from a seeded generator.
struct CuttingProxy {
    addr: SocketAddr,
    cutting: Arc<AtomicBool>,
    cuts: Arc<AtomicU64>,
}

impl CuttingProxy {
    fn start(upstream: SocketAddr, seed: u64, max_offset: u64) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let cutting = Arc::new(AtomicBool::new(true));
        let cuts = Arc::new(AtomicU64::new(0));
        let rng = Arc::new(Mutex::new(seed));
        let (flag, counter) = (cutting.clone(), cuts.clone());
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { break };
                let Ok(server) = TcpStream::connect(upstream) else {
                    continue;
                };
                let limit = if flag.load(Ordering::SeqCst) {
                    let mut state = rng.lock().unwrap();
                    *state ^= *state << 13;
                    *state ^= *state >> 7;
                    *state ^= *state << 17;
                    *state % max_offset
                } else {
                    u64::MAX
                };
                relay(client, server, limit, counter.clone());
            }
        });
        CuttingProxy {
            addr,
            cutting,
            cuts,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

fn relay(client: TcpStream, server: TcpStream, limit: u64, cuts: Arc<AtomicU64>) {
    let passed = Arc::new(AtomicU64::new(0));
    let pairs = [
        (client.try_clone().unwrap(), server.try_clone().unwrap()),
        (server, client),
    ];
    for (mut from, mut to) in pairs {
        let passed = passed.clone();
        let cuts = cuts.clone();
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = match from.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let before = passed.fetch_add(n as u64, Ordering::SeqCst);
                let allowed = limit.saturating_sub(before).min(n as u64) as usize;
                if to.write_all(&buf[..allowed]).is_err() {
                    break;
                }
                if allowed < n {
                    cuts.fetch_add(1, Ordering::SeqCst);
                    break;
                }
            }
            let _ = from.shutdown(Shutdown::Both);
            let _ = to.shutdown(Shutdown::Both);
        });
    }
}

/// Syncs until it succeeds, at most `attempts` times; returns the failures seen.
fn sync_until_done(carnet: &mut Carnet, attempts: usize) -> usize {
    for failures in 0..attempts {
        match carnet.sync_now(&mut |_| {}, &AtomicBool::new(false)) {
            Ok(_) => return failures,
            Err(e) => assert!(
                matches!(e.code, ErrorCode::Offline | ErrorCode::ServerError),
                "an interruption shows as a network problem, got {e:?}"
            ),
        }
    }
    panic!("sync did not complete in {attempts} attempts");
}

fn text_document(path: &std::path::Path, bytes: usize) -> Vec<u8> {
    let words = [
        "tension ",
        "glycémie ",
        "cholestérol ",
        "fer ",
        "plaquettes ",
    ];
    let mut out = Vec::with_capacity(bytes);
    let mut i = 0usize;
    while out.len() < bytes {
        out.extend_from_slice(words[i % words.len()].as_bytes());
        i = i.wrapping_mul(31).wrapping_add(7);
    }
    std::fs::write(path, &out).unwrap();
    out
}

#[test]
fn syncs_cut_at_random_offsets_complete_on_retry_without_loss_or_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    let proxy = CuttingProxy::start(gateway.addr, 0x9e37_79b9_7f4a_7c15, 1_200_000);

    let mut a = device(tmp.path(), "a");
    let bodies: Vec<(RecordBody, Option<String>)> = (0..300)
        .map(|i| (allergy(&format!("Substance {i}")), None))
        .collect();
    a.add_records(bodies).unwrap();
    let file = tmp.path().join("analyses.txt");
    let content = text_document(&file, 2_500_000);
    let doc = a
        .import_document(
            &file,
            patient_document("Analyses", "11502-2", "2026-10-10"),
            &mut |_, _| ControlFlow::Continue(()),
        )
        .unwrap();
    a.pair_sync(&proxy.url(), &code, "Portable")
        .unwrap_or_else(|_| {
            // Pairing itself may be cut: the code is then used; take a new one.
            proxy.cutting.store(false, Ordering::SeqCst);
            let code = carnet_server::issue_pairing_code(&gateway.state, &profile, None)
                .unwrap()
                .0;
            let status = a.pair_sync(&proxy.url(), &code, "Portable").unwrap();
            proxy.cutting.store(true, Ordering::SeqCst);
            status
        });
    let failures_a = sync_until_done(&mut a, 200);

    // A second device downloads everything through the same faulty link.
    proxy.cutting.store(false, Ordering::SeqCst);
    a.allow_professional("10003591586").unwrap();
    let code_b = a.sync_pairing_code().unwrap();
    let mut b = device(tmp.path(), "b");
    b.pair_sync(&proxy.url(), &code_b, "Tablette").unwrap();
    proxy.cutting.store(true, Ordering::SeqCst);
    let failures_b = sync_until_done(&mut b, 200);
    assert!(
        proxy.cuts.load(Ordering::SeqCst) >= 5 && failures_a + failures_b >= 2,
        "the proxy did cut syncs ({} cuts, {failures_a}+{failures_b} failed syncs)",
        proxy.cuts.load(Ordering::SeqCst)
    );

    // Nothing lost, nothing duplicated, on the server and on both devices.
    let view = pro.record(&profile);
    let ids: std::collections::BTreeSet<&str> = view["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        (ids.len(), view["records"].as_array().unwrap().len()),
        (300, 300)
    );
    assert_eq!(records(&mut a), records(&mut b));
    let (_, bytes) = b.document_bytes(&doc.id).unwrap();
    assert_eq!(&bytes[..], &content[..]);
    assert!(a.rows_match_document().unwrap() && b.rows_match_document().unwrap());
}

#[test]
fn a_server_restarted_mid_sync_resumes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, code) = gateway.new_account();
    let mut a = device(tmp.path(), "a");
    a.pair_sync(&gateway.url(), &code, "Portable").unwrap();
    sync(&mut a);
    let bodies: Vec<(RecordBody, Option<String>)> = (0..200)
        .map(|i| (allergy(&format!("Allergène {i}")), None))
        .collect();
    a.add_records(bodies).unwrap();

    // The first attempt is cut short; the server then restarts from its files.
    let proxy = CuttingProxy::start(gateway.addr, 42, 3_000);
    let link_to_proxy = carnet_server::issue_pairing_code(&gateway.state, &profile, None)
        .unwrap()
        .0;
    proxy.cutting.store(false, Ordering::SeqCst);
    let mut c = device(tmp.path(), "c");
    c.pair_sync(&proxy.url(), &link_to_proxy, "Via proxy")
        .unwrap();
    proxy.cutting.store(true, Ordering::SeqCst);
    c.add_records(
        (0..50)
            .map(|i| (allergy(&format!("C {i}")), None))
            .collect(),
    )
    .unwrap();
    let cut = c.sync_now(&mut |_| {}, &AtomicBool::new(false));
    assert!(cut.is_err(), "the proxy cut the first sync");
    gateway = gateway.restart();
    proxy.cutting.store(false, Ordering::SeqCst);
    sync(&mut a);
    sync(&mut c);
    sync(&mut a);
    assert_eq!(records(&mut a), records(&mut c));
    assert_eq!(records(&mut a).len(), 250);
    drop(gateway);
}
