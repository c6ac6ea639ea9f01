//! Interoperability: the `age` command-line tool opens a share with the
//! link's secret and makes files Carnet opens; the C2SP age test vectors
//! that apply to X25519 pass.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use crate::fixture::{make_share, Options};
use crate::Relay;

#[test]
fn the_age_tool_decrypts_a_share_with_the_secret_from_its_link() {
    let relay = Relay::start();
    let made = make_share(&relay.client, &Options::default());
    let ciphertext = relay.open(&made.created.id, None).bytes().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.txt");
    let secret = made.link.split_once('#').unwrap().1.to_string();
    std::fs::write(&key, format!("{secret}\n")).unwrap();
    let share = dir.path().join("share.age");
    std::fs::write(&share, &ciphertext).unwrap();
    let out = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg(&share)
        .output()
        .expect("the age tool (Debian package age) is installed by scripts/setup.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours = carnet_share::open(&ciphertext, made.secret.expose_secret()).unwrap();
    assert_eq!(out.stdout, ours.as_slice());
    let payload: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(payload["format"], "carnet-share/1");
}

#[test]
fn carnet_opens_what_the_age_tool_encrypts() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.txt");
    let made = Command::new("age-keygen")
        .arg("-o")
        .arg(&key)
        .output()
        .unwrap();
    assert!(made.status.success());
    let identity = std::fs::read_to_string(&key)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap()
        .to_string();
    let recipient = String::from_utf8(
        Command::new("age-keygen")
            .arg("-y")
            .arg(&key)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let plaintext = vec![42u8; 300_000];
    let mut child = Command::new("age")
        .args(["-e", "-r", recipient.trim()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = plaintext.clone();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut ciphertext = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut ciphertext)
        .unwrap();
    writer.join().unwrap().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(
        carnet_share::open(&ciphertext, &identity)
            .unwrap()
            .as_slice(),
        plaintext.as_slice()
    );
}

/// One C2SP test vector: its header and the age file after it.
struct Vector {
    name: String,
    expect: String,
    payload: Option<String>,
    identities: Vec<String>,
    armored: bool,
    compressed: bool,
    file: Vec<u8>,
}

fn parse_vector(name: &str, bytes: &[u8]) -> Option<Vector> {
    let split = bytes.windows(2).position(|w| w == b"\n\n")?;
    let header = std::str::from_utf8(&bytes[..split]).ok()?;
    let mut v = Vector {
        name: name.to_string(),
        expect: String::new(),
        payload: None,
        identities: Vec::new(),
        armored: false,
        compressed: false,
        file: bytes[split + 2..].to_vec(),
    };
    for line in header.lines() {
        let (key, value) = line.split_once(": ")?;
        match key {
            "expect" => v.expect = value.to_string(),
            "payload" => v.payload = Some(value.to_string()),
            "identity" => v.identities.push(value.to_string()),
            "passphrase" => return None,
            "armored" => v.armored = value == "yes",
            "compressed" => v.compressed = value == "zlib",
            _ => {}
        }
    }
    Some(v)
}

/// The vectors from `shared/testdata/age-cctv` beside the repository (or
/// above it), else from the `cctv-age` npm package the interface installs.
fn vectors() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for ancestor in root.canonicalize().unwrap().ancestors().skip(1) {
        let dir = ancestor.join("shared/testdata/age-cctv");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            return entries
                .map(|e| {
                    let path = e.unwrap().path();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read(&path).unwrap())
                })
                .collect();
        }
    }
    // `var <name>_default = __toBinary("<base64>");`, one per vector.
    let js = std::fs::read_to_string(root.join("ui/node_modules/cctv-age/index.js"))
        .expect("the C2SP vectors: ../shared/testdata/age-cctv or ui/node_modules/cctv-age");
    js.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("var ")?;
            let (name, rest) = rest.split_once("_default = __toBinary(\"")?;
            let data = rest.strip_suffix("\");")?;
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .ok()?;
            Some((name.to_string(), bytes))
        })
        .collect()
}

#[test]
fn the_c2sp_x25519_vectors_pass() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, bytes) in vectors() {
        let Some(v) = parse_vector(&name, &bytes) else {
            continue;
        };
        // Shares are binary age files to one X25519 key.
        if v.armored || v.identities.len() != 1 || !v.identities[0].starts_with("AGE-SECRET-KEY-1")
        {
            continue;
        }
        let file = if v.compressed {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&v.file[..])
                .read_to_end(&mut out)
                .unwrap();
            out
        } else {
            v.file.clone()
        };
        let result = carnet_share::open(&file, &v.identities[0]);
        let passed = match (&result, v.expect.as_str()) {
            (Ok(plaintext), "success") => v
                .payload
                .as_ref()
                .is_none_or(|hash| hex::encode(Sha256::digest(&**plaintext)) == *hash),
            (Err(_), expect) => expect != "success",
            (Ok(_), _) => false,
        };
        if !passed {
            failures.push(format!("{} (expected {})", v.name, v.expect));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "failing vectors: {failures:#?}");
    assert!(checked >= 60, "only {checked} vectors applied");
}
