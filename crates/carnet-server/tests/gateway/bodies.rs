//! Large bodies are refused before they are read: no token, an unknown
//! token or a declared length over the limit get their answer right after
//! the headers, and the server's memory does not grow with what was
//! announced. A deposit of countless tiny JSON values is refused before it
//! is parsed into a tree.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::*;

/// Tests that measure this process's memory run one at a time.
static MEMORY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn measuring() -> std::sync::MutexGuard<'static, ()> {
    MEMORY.lock().unwrap_or_else(|p| p.into_inner())
}

/// A memory figure of this process (the gateway runs in it) from
/// /proc/self/status, in KiB.
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Resident memory now.
fn rss_kib() -> u64 {
    status_kib("VmRSS")
}

/// Sends headers announcing `length` bytes, then only the first 64 KiB.
fn announce(
    addr: std::net::SocketAddr,
    path: &str,
    token: Option<&str>,
    length: usize,
) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
    .unwrap();
    stream.write_all(&vec![b' '; 64 * 1024]).unwrap();
    stream
}

fn status(stream: TcpStream) -> u16 {
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).unwrap();
    line.split(' ').nth(1).unwrap().parse().unwrap()
}

#[test]
fn unauthenticated_large_bodies_are_answered_before_they_are_read() {
    let _one_at_a_time = measuring();
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, _) = gateway.new_account();
    let before = rss_kib();
    let big = 45 * 1024 * 1024;
    let mut streams = Vec::new();
    for i in 0..40 {
        let (path, token) = match i % 4 {
            0 => (format!("/v1/pro/profiles/{profile}/fhir"), None),
            1 => (
                format!("/v1/pro/profiles/{profile}/fhir"),
                Some("cpt_forged"),
            ),
            2 => (format!("/v1/profiles/{profile}/sync"), None),
            _ => (format!("/v1/profiles/{profile}/sync"), Some("cdt_forged")),
        };
        streams.push(announce(gateway.addr, &path, token, big));
    }
    // Every one is answered while 45 MiB are still to come on each.
    for stream in streams {
        assert_eq!(status(stream), 401);
    }
    // 40 × 45 MiB were announced; what the server holds stays far below.
    let grown_mib = rss_kib().saturating_sub(before) / 1024;
    assert!(grown_mib < 64, "memory grew by {grown_mib} MiB");

    // A declared length over the route's limit is refused at once, token or not.
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    let over = announce(
        gateway.addr,
        &format!("/v1/pro/profiles/{profile}/fhir"),
        Some(&pro.token),
        carnet_server::http::MAX_FHIR_BYTES + 1,
    );
    assert_eq!(status(over), 413);
}

#[test]
fn large_uploads_are_admitted_a_few_at_a_time_per_network() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, _) = gateway.new_account();
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    let path = format!("/v1/pro/profiles/{profile}/fhir");
    let length = 4 * 1024 * 1024;
    // Six slow large deposits at once from this address: two are read, the
    // others are told to come back, without waiting for their bodies.
    let mut streams: Vec<TcpStream> = (0..6)
        .map(|_| announce(gateway.addr, &path, Some(&pro.token), length))
        .collect();
    for s in &streams {
        s.set_nonblocking(true).unwrap();
    }
    let answered = |s: &TcpStream| s.peek(&mut [0u8; 1]).is_ok_and(|n| n > 0);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while streams.iter().filter(|s| answered(s)).count() < 4 {
        assert!(std::time::Instant::now() < deadline, "no refusals came");
        std::thread::yield_now();
    }
    let (refused, mut admitted): (Vec<TcpStream>, Vec<TcpStream>) =
        streams.drain(..).partition(|s| answered(s));
    assert_eq!((refused.len(), admitted.len()), (4, 2));
    for s in refused {
        s.set_nonblocking(false).unwrap();
        assert_eq!(status(s), 429);
    }
    // The two admitted ones finish their bodies and get a real answer.
    for s in &mut admitted {
        s.set_nonblocking(false).unwrap();
        s.write_all(&vec![b' '; length - 64 * 1024]).unwrap();
    }
    for s in admitted {
        assert_eq!(status(s), 422, "an empty deposit, read whole");
    }
}

#[test]
fn a_deposit_of_countless_tiny_values_is_refused_before_parsing() {
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, _) = gateway.new_account();
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    // 10 MB that would be ~20 million JSON values.
    let body = format!(
        "{{\"resourceType\":\"Immunization\",\"x\":[{}0]}}",
        "0,".repeat(5_000_000)
    );
    let response = pro
        .http
        .post(format!("{}/v1/pro/profiles/{profile}/fhir", gateway.url()))
        .bearer_auth(&pro.token)
        .header("content-type", "application/fhir+json")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let outcome: serde_json::Value = response.json().unwrap();
    assert_eq!(outcome["issue"][0]["code"], "too-costly");
}

/// Headers of a share creation announcing `length` bytes, then the first 64 KiB.
fn announce_share(addr: std::net::SocketAddr, token: Option<&str>, length: usize) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "POST /v1/shares HTTP/1.1\r\nHost: {addr}\r\n{auth}Carnet-Expires-In: 3600\r\nContent-Length: {length}\r\n\r\n"
    )
    .unwrap();
    stream.write_all(&[0u8; 64 * 1024]).unwrap();
    stream
}

#[test]
fn a_share_streams_to_disk_and_only_a_linked_device_may_send_one() {
    let _one_at_a_time = measuring();
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (_, code) = gateway.new_account();
    let token = carnet_sync::client::pair(&gateway.url(), &code, "Ordinateur")
        .unwrap()
        .token;
    let big = 47 * 1024 * 1024;
    // No device, or one the relay does not know: answered at the headers.
    for forged in [None, Some("cdt_forged")] {
        assert_eq!(status(announce_share(gateway.addr, forged, big)), 401);
    }
    // A professional's token is not a device's.
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    assert_eq!(
        status(announce_share(gateway.addr, Some(&pro.token), big)),
        401
    );

    // Two large shares on their way at once: the relay holds neither in memory.
    let before = rss_kib();
    let mut streams = [
        announce_share(gateway.addr, Some(&token), big),
        announce_share(gateway.addr, Some(&token), big),
    ];
    let chunk = vec![0u8; 64 * 1024];
    let mut sent = 64 * 1024;
    while sent < 46 * 1024 * 1024 {
        for s in &mut streams {
            s.write_all(&chunk).unwrap();
        }
        sent += chunk.len();
    }
    let grown_mib = rss_kib().saturating_sub(before) / 1024;
    let on_disk: u64 = std::fs::read_dir(gateway.dir.join("shares"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    for s in &mut streams {
        s.write_all(&vec![0u8; big - sent]).unwrap();
    }
    // Zeros are not a share: refused once whole, and nothing is kept.
    for s in streams {
        assert_eq!(status(s), 400);
    }
    // Other tests run in this process too: the bound leaves them room, and
    // holding the bodies would take 92 MiB at least.
    assert!(
        grown_mib < 56,
        "memory grew by {grown_mib} MiB for 92 MiB received"
    );
    assert!(
        on_disk > 46 * 1024 * 1024,
        "what arrived was on disk: {on_disk} bytes"
    );
    assert_eq!(
        std::fs::read_dir(gateway.dir.join("shares"))
            .unwrap()
            .count(),
        0,
        "a refused upload leaves no file"
    );
}

/// Highest resident memory since [`reset_peak`].
fn peak_kib() -> u64 {
    status_kib("VmHWM")
}

fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

#[test]
fn a_large_deposit_streams_through_without_being_held_in_memory() {
    let _one_at_a_time = measuring();
    use base64::Engine;
    let tmp = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(&tmp.path().join("gateway"));
    let (profile, _) = gateway.new_account();
    let pro = gateway.professional("10003591586", "Dr Claire Martin");
    // A 30 MiB PDF, base64 in a DocumentReference, written as it is made:
    // this test never holds it either.
    let chunk_bytes = 3 * 21_845;
    let chunks = 30 * 1024 * 1024 / chunk_bytes + 1;
    let prefix = r#"{"resourceType":"DocumentReference","type":{"coding":[{"code":"11502-2"}]},"description":"Imagerie","content":[{"attachment":{"contentType":"application/pdf","data":""#;
    let suffix = r#""}}]}"#;
    let encoded_len = chunks * chunk_bytes / 3 * 4;
    let mut stream = TcpStream::connect(gateway.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let before = rss_kib();
    reset_peak();
    write!(
        stream,
        "POST /v1/pro/profiles/{profile}/fhir HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/fhir+json\r\nContent-Length: {}\r\n\r\n{prefix}",
        pro.token,
        prefix.len() + encoded_len + suffix.len()
    )
    .unwrap();
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    let mut plain = vec![0u8; chunk_bytes];
    plain[..9].copy_from_slice(b"%PDF-1.4\n");
    for i in 0..chunks {
        if i == 1 {
            plain[..9].fill(0);
        }
        sha2::Digest::update(&mut hasher, &plain);
        let text = base64::engine::general_purpose::STANDARD.encode(&plain);
        stream.write_all(text.as_bytes()).unwrap();
    }
    stream.write_all(suffix.as_bytes()).unwrap();
    assert_eq!(status(stream), 201);
    let grown_mib = peak_kib().saturating_sub(before) / 1024;
    // Held whole, the body (40 MiB), its parsed copy and the decoded PDF
    // (30 MiB) would take 110 MiB at least; alone this takes about 6 MiB,
    // the rest of the bound is room for the other tests in this process.
    assert!(grown_mib < 64, "memory peaked {grown_mib} MiB higher");
    // The content arrived whole, under its hash, and nothing is left over.
    let sha = hex::encode(sha2::Digest::finalize(hasher));
    let stored = std::fs::metadata(gateway.dir.join("blobs").join(&sha)).unwrap();
    assert_eq!(stored.len() as usize, chunks * chunk_bytes);
    assert_eq!(
        std::fs::read_dir(gateway.dir.join("uploads"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_file())
            .count(),
        0
    );
}
