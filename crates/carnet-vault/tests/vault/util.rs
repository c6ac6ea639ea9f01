//! Shared helpers: fast test KDF, a vault with one member and one profile, synthetic data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use carnet_model::{Allergy, AllergySeverity, AllergyStatus, ProfileInfo, RecordBody, Sex};
use carnet_vault::{SecretString, Session, Vault};

pub const PASS: &str = "correct horse battery staple";

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

/// Tests unlock in milliseconds; shipped builds cannot (see `KdfPolicy`).
pub fn fast_kdf() {
    std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
}

pub struct Fixture {
    pub _tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

pub fn fixture() -> Fixture {
    fast_kdf();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    Fixture { _tmp: tmp, dir }
}

pub fn info(name: &str) -> ProfileInfo {
    ProfileInfo {
        name: name.into(),
        birth_date: "2015-06-01".parse().unwrap(),
        sex: Sex::Female,
        nir: None,
        doctor: None,
        emergency_contacts: Vec::new(),
    }
}

/// A new vault with member "Alice" and one profile; returns the session and the profile id.
pub fn vault_with_profile(dir: &Path, profile_name: &str) -> (Session, String) {
    let mut session = Vault::create(dir, "Alice", &secret(PASS)).unwrap();
    let profile = session.create_profile(info(profile_name)).unwrap();
    (session, profile.id)
}

pub fn allergy(substance: &str) -> RecordBody {
    RecordBody::Allergy(Allergy {
        substance: substance.into(),
        reaction: Some("urticaire".into()),
        severity: AllergySeverity::Severe,
        status: AllergyStatus::Active,
        onset: Some("2019-04-02".parse().unwrap()),
    })
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Deterministic pseudo-random bytes (xorshift), so failures can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A small valid PDF with the given text, built by hand (one page, Helvetica).
pub fn pdf_with_text(text: &str) -> Vec<u8> {
    carnet_model::sample_pdf(text, 0)
}
