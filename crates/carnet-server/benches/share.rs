//! Share-link benchmarks: `cargo bench -p carnet-server --bench share`.
//!
//! Real relay on loopback, the real client. Prints times and ratios against
//! baselines measured in the same run: uploading the same bytes with no
//! bundle and no encryption, and the relay's health endpoint.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../tests/relay/fixture.rs"]
mod fixture;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use carnet_server::{Background, Limits};
use carnet_share::client::RelayClient;
use carnet_share::{payload, seal, BundleInput};
use chrono::Utc;

const RUNS: usize = 10;
const DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
const CLIENTS: usize = 16;
const OPENS_PER_CLIENT: usize = 250;

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let limits = Limits {
        opens_per_second: 1e9,
        opens_burst: 1e9,
        creates_per_second: 1e9,
        creates_burst: 1e9,
        share_quota_bytes: u64::MAX,
        ..Limits::default()
    };
    let state = carnet_server::open_with(tmp.path(), limits).unwrap();
    let running = Background::start(state.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let base = format!("http://{}", running.addr);
    let (relay, token) = fixture::linked_client(&state, &base);
    create_and_upload(&relay, &base, &token);
    opens(&relay, &base);
}

fn create_and_upload(relay: &RelayClient, base: &str, token: &str) {
    let patient = fixture::patient();
    let records = fixture::records();
    let professional = fixture::professional();
    // A fixture PDF padded to 10 MiB of content.
    let documents = vec![fixture::document(DOCUMENT_BYTES - 1200)];
    let content = documents[0].1.len();
    let http = reqwest::blocking::Client::new();
    let (mut build, mut encrypt, mut upload, mut total, mut baseline) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut plaintext_len, mut ciphertext_len) = (0, 0);
    for _ in 0..RUNS {
        let start = Instant::now();
        let now = Utc::now();
        let plaintext = payload(&BundleInput {
            patient: &patient,
            records: &records,
            documents: &documents,
            professional: &professional,
            created_at: now,
            expires_at: now + chrono::Duration::days(7),
            max_opens: None,
            lang: carnet_model::Lang::Fr,
        });
        let built = start.elapsed();
        plaintext_len = plaintext.len();
        let sealed = seal(&plaintext).unwrap();
        let sealed_at = start.elapsed();
        ciphertext_len = sealed.ciphertext.len();
        relay
            .create(
                sealed.ciphertext,
                Duration::from_secs(7 * 24 * 3600),
                None,
                None,
            )
            .unwrap();
        let done = start.elapsed();
        build.push(built);
        encrypt.push(sealed_at - built);
        upload.push(done - sealed_at);
        total.push(done);

        // Baseline: the raw document bytes, sealed beforehand (the relay
        // takes only age files), uploaded with no bundle.
        let raw = seal(&documents[0].1).unwrap().ciphertext;
        let start = Instant::now();
        let response = http
            .post(format!("{base}/v1/shares"))
            .bearer_auth(token)
            .header("carnet-expires-in", "3600")
            .body(raw)
            .send()
            .unwrap();
        assert!(response.status().is_success());
        baseline.push(start.elapsed());
    }
    let (t, b) = (median(&mut total), median(&mut baseline));
    println!(
        "create + upload, {:.1} MiB of documents ({} B plaintext JSON → {} B age): median {:.0} ms \
         (bundle {:.0} ms, encrypt {:.0} ms, upload {:.0} ms) over {RUNS} runs; \
         baseline upload of the raw bytes {:.0} ms; ratio {:.2}x",
        content as f64 / 1048576.0,
        plaintext_len,
        ciphertext_len,
        ms(t),
        ms(median(&mut build)),
        ms(median(&mut encrypt)),
        ms(median(&mut upload)),
        ms(b),
        ms(t) / ms(b)
    );
}

/// `CLIENTS` threads each opening a small share `OPENS_PER_CLIENT` times;
/// the same with the health endpoint as the baseline.
fn opens(relay: &RelayClient, base: &str) {
    let made = fixture::make_share(relay, &fixture::Options::default());
    let open_url = format!("{base}/v1/shares/{}/open", made.created.id);
    let (rate, p50, p99) = hammer(&open_url, true);
    let (base_rate, base_p50, base_p99) = hammer(&format!("{base}/v1/health"), false);
    println!(
        "relay opens: {CLIENTS} clients x {OPENS_PER_CLIENT}: {rate:.0} opens/s, p50 {p50:.1} ms, p99 {p99:.1} ms; \
         baseline /v1/health {base_rate:.0} req/s (p50 {base_p50:.1} ms, p99 {base_p99:.1} ms); \
         throughput ratio {:.2}x",
        rate / base_rate
    );
}

fn hammer(url: &str, post: bool) -> (f64, f64, f64) {
    let barrier = Arc::new(Barrier::new(CLIENTS + 1));
    let threads: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let barrier = barrier.clone();
            let url = url.to_string();
            std::thread::spawn(move || {
                let http = reqwest::blocking::Client::new();
                let mut times = Vec::with_capacity(OPENS_PER_CLIENT);
                barrier.wait();
                for _ in 0..OPENS_PER_CLIENT {
                    let start = Instant::now();
                    let request = if post {
                        http.post(&url).body("{}")
                    } else {
                        http.get(&url)
                    };
                    let response = request.send().unwrap();
                    assert!(response.status().is_success(), "{}", response.status());
                    response.bytes().unwrap();
                    times.push(start.elapsed());
                }
                times
            })
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    let mut all: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let elapsed = start.elapsed();
    all.sort();
    let pick = |q: f64| ms(all[((all.len() as f64 * q) as usize).min(all.len() - 1)]);
    (
        all.len() as f64 / elapsed.as_secs_f64(),
        pick(0.5),
        pick(0.99),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
