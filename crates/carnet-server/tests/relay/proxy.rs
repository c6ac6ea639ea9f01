//! A TCP proxy that records every byte both ways, to show what reaches the
//! relay: never the link's secret.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use carnet_share::pin_proof;
use secrecy::ExposeSecret;

use crate::fixture::{make_share, Options};
use crate::Relay;

/// Forwards connections to `target`, keeping a copy of all traffic.
pub struct RecordingProxy {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<u8>>>,
}

impl RecordingProxy {
    pub fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorded = seen.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { break };
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                for (from, to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let recorded = recorded.clone();
                    std::thread::spawn(move || pipe(from, to, &recorded));
                }
            }
        });
        Self { addr, seen }
    }

    pub fn contains(&self, needle: &[u8]) -> bool {
        let seen = self.seen.lock().unwrap();
        seen.windows(needle.len()).any(|w| w == needle)
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, recorded: &Mutex<Vec<u8>>) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                recorded.lock().unwrap().extend_from_slice(&buf[..n]);
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

#[test]
fn the_secret_and_the_pin_never_reach_the_relay() {
    let relay = Relay::start();
    let proxy = RecordingProxy::start(relay.server.addr);
    let through_proxy = relay.client_at(&format!("http://{}", proxy.addr));
    let made = make_share(
        &through_proxy,
        &Options {
            pin: Some("4821".into()),
            ..Options::default()
        },
    );
    let id = &made.created.id;
    // Everything the app and a viewer do with a share, through the proxy.
    let proof = pin_proof(&made.secret, "4821");
    let opened = reqwest::blocking::Client::new()
        .post(format!("http://{}/v1/shares/{id}/open", proxy.addr))
        .json(&serde_json::json!({ "pin_proof": *proof }))
        .send()
        .unwrap();
    assert!(opened.status().is_success());
    let ciphertext = opened.bytes().unwrap();
    assert!(carnet_share::open(&ciphertext, made.secret.expose_secret()).is_ok());
    through_proxy.status(id, &made.created.owner_token).unwrap();
    through_proxy.revoke(id, &made.created.owner_token).unwrap();

    assert!(proxy.contains(id.as_bytes()), "the proxy saw the traffic");
    assert!(proxy.contains(b"age-encryption.org/v1"));
    let secret = made.secret.expose_secret();
    let key_body = &secret["AGE-SECRET-KEY-1".len()..];
    for needle in [
        secret.to_string(),
        secret.to_lowercase(),
        key_body.to_string(),
    ] {
        assert!(
            !proxy.contains(needle.as_bytes()),
            "the secret went over the wire"
        );
    }
    assert!(!proxy.contains(b"\"4821\""), "the PIN went over the wire");
    // Nor does any health data travel in clear.
    assert!(!proxy.contains("Pénicilline".as_bytes()));
    assert!(!proxy.contains(b"Jeanne Martin"));
}
