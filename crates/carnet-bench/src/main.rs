//! `cargo run --release -p carnet-bench --bin bench`: the vault's benchmarks,
//! each printed as a ratio against a baseline measured in the same run.
//!
//! Set CARNET_BENCH_DOC_MIB to change the 500 MiB of documents imported.
//!
//! `bench make-vault DIR [RECORDS]` only writes a vault for the desktop
//! app's benchmarks: member "Bench", passphrase "benchmark passphrase", one
//! profile "Bench" holding RECORDS records (20,000 by default).

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use carnet_api::Carnet;
use carnet_model::*;
use carnet_vault::{Profile, SecretString, Vault};

const RECORDS: usize = 20_000;
const BATCH: usize = 500;
const LOOKUPS: usize = 1_000;
const ROUNDS: usize = 5;

fn record(i: usize) -> (RecordBody, Option<String>) {
    let body = match i % 5 {
        0 => RecordBody::Allergy(Allergy {
            substance: format!("Substance {i}"),
            reaction: Some("Urticaire".into()),
            severity: AllergySeverity::Moderate,
            status: AllergyStatus::Active,
            onset: Some("2020-01-01".parse().expect("date")),
        }),
        1 => RecordBody::Treatment(Treatment {
            medication: format!("Médicament {i}"),
            dose: Some("1 comprimé".into()),
            frequency: Some("matin et soir".into()),
            route: Some(Route::Oral),
            start: Some("2024-01-01".parse().expect("date")),
            end: None,
            prescriber: Some("Dr Martin".into()),
            prescriber_rpps: None,
        }),
        2 => RecordBody::Vaccination(Vaccination {
            vaccine: format!("Vaccin {i}"),
            dose_number: Some(1),
            date: "2023-05-01".parse().expect("date"),
            lot: Some("AB123".into()),
            administered_by: None,
            next_due: None,
        }),
        3 => RecordBody::Condition(Condition {
            name: format!("Maladie {i}"),
            status: ConditionStatus::Active,
            onset: None,
            resolved: None,
        }),
        _ => RecordBody::Measurement(Measurement {
            kind: MeasurementKind::Weight,
            value: 60.0 + (i % 30) as f64,
            value2: None,
            unit: "kg".into(),
            taken_at: "2024-06-01T08:00:00".parse().expect("time"),
        }),
    };
    (body, Some(format!("Note de suivi numéro {i}")))
}

fn info() -> ProfileInfo {
    ProfileInfo {
        name: "Bench".into(),
        birth_date: "1980-01-01".parse().expect("date"),
        sex: Sex::Unspecified,
        nir: None,
        doctor: None,
        emergency_contacts: Vec::new(),
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn line(name: &str, ours: Duration, base_name: &str, base: Duration, goal: &str) {
    println!(
        "{name:<44} {:>11}   {base_name:<26} {:>11}   ratio {:>5.2}x   goal {goal}",
        ms(ours),
        ms(base),
        ours.as_secs_f64() / base.as_secs_f64()
    );
}

/// Writes the vault the desktop benchmarks open (see the module docs).
fn make_vault(dir: &std::path::Path, records: usize) -> anyhow::Result<()> {
    let pass = SecretString::from("benchmark passphrase".to_string());
    let mut carnet = Carnet::new(dir, Lang::Fr);
    carnet
        .create_vault("Bench", &pass)
        .map_err(anyhow::Error::msg)?;
    carnet.create_profile(info()).map_err(anyhow::Error::msg)?;
    let items: Vec<_> = (0..records).map(record).collect();
    for chunk in items.chunks(BATCH) {
        carnet
            .add_records(chunk.to_vec())
            .map_err(anyhow::Error::msg)?;
    }
    println!("vault with {records} records written to {}", dir.display());
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [cmd, dir, rest @ ..] = args.as_slice() {
        if cmd == "make-vault" {
            let records = rest.first().map(|n| n.parse()).transpose()?;
            return make_vault(std::path::Path::new(dir), records.unwrap_or(RECORDS));
        }
    }
    let tmp = tempfile::tempdir()?;
    let pass = SecretString::from("benchmark passphrase".to_string());
    let vault_dir = tmp.path().join("vault");
    println!(
        "Carnet vault benchmarks (release build, KDF {:?})\n",
        carnet_vault::KdfPolicy::current()
    );

    // Records: encrypted through carnet-api vs the same code on plain SQLite.
    let mut carnet = Carnet::new(&vault_dir, Lang::Fr);
    carnet
        .create_vault("Bench", &pass)
        .map_err(anyhow::Error::msg)?;
    carnet.create_profile(info()).map_err(anyhow::Error::msg)?;
    let items: Vec<_> = (0..RECORDS).map(record).collect();
    // Rounds alternate which side goes first; the median of each side is kept,
    // so disk flush jitter and warm-up do not decide the ratio.
    let mut plain_times = Vec::new();
    let mut enc_times = Vec::new();
    let mut plain = None;
    let mut ids = Vec::new();
    let mut plain_ids = Vec::new();
    for round in 0..ROUNDS {
        let mut run_plain = || -> anyhow::Result<()> {
            let mut p = Profile::create_unencrypted_for_benchmark(
                &tmp.path().join(format!("plain-{round}")),
                &info(),
            )?;
            let (r, t) = time(|| -> anyhow::Result<Vec<String>> {
                let mut ids = Vec::new();
                for chunk in items.chunks(BATCH) {
                    ids.extend(p.add_records(chunk.to_vec())?.into_iter().map(|r| r.id));
                }
                Ok(ids)
            });
            plain_ids = r?;
            plain_times.push(t);
            plain = Some(p);
            Ok(())
        };
        let mut run_enc = |carnet: &mut Carnet| -> anyhow::Result<()> {
            if round > 0 {
                carnet.create_profile(info()).map_err(anyhow::Error::msg)?;
            }
            let (r, t) = time(|| -> anyhow::Result<Vec<String>> {
                let mut ids = Vec::new();
                for chunk in items.chunks(BATCH) {
                    ids.extend(
                        carnet
                            .add_records(chunk.to_vec())
                            .map_err(anyhow::Error::msg)?
                            .into_iter()
                            .map(|r| r.id),
                    );
                }
                Ok(ids)
            });
            ids = r?;
            enc_times.push(t);
            Ok(())
        };
        if round % 2 == 0 {
            run_plain()?;
            run_enc(&mut carnet)?;
        } else {
            run_enc(&mut carnet)?;
            run_plain()?;
        }
    }
    let profile_id = carnet.status().profile_id.expect("a profile is selected");
    let plain = plain.expect("ran");
    plain_times.sort();
    enc_times.sort();
    let (plain_insert, enc_insert) = (plain_times[ROUNDS / 2], enc_times[ROUNDS / 2]);
    line(
        &format!("insert {RECORDS} records ({BATCH}/transaction)"),
        enc_insert,
        "plain SQLite, same code",
        plain_insert,
        "<= 1.15x",
    );

    let pick = |all: &[String], k: usize| all[(k * 7919) % all.len()].clone();
    let (_, plain_lookup) = time(|| {
        for k in 0..LOOKUPS {
            plain.record(&pick(&plain_ids, k)).expect("found");
        }
    });
    let (_, enc_lookup) = time(|| {
        for k in 0..LOOKUPS {
            carnet.record(&pick(&ids, k)).expect("found");
        }
    });
    line(
        &format!("{LOOKUPS} point lookups"),
        enc_lookup,
        "plain SQLite, same code",
        plain_lookup,
        "<= 1.10x",
    );
    drop(plain);

    // Unlock (production KDF by design) and profile open with 20k records.
    carnet.close();
    let mut unlocks = Vec::new();
    let mut opens = Vec::new();
    for _ in 0..3 {
        let vault = Vault::open(&vault_dir)?;
        let member = vault.find_member("Bench")?;
        let (session, t) = time(|| vault.into_session(&member.id, &pass));
        let session = session?;
        unlocks.push(t);
        let (profile, t) = time(|| session.open_profile(&profile_id));
        drop(profile?);
        opens.push(t);
    }
    unlocks.sort();
    opens.sort();
    println!(
        "{:<44} {:>11}   (median of 3; goal 500-1000 ms, by design)",
        "unlock (scrypt)",
        ms(unlocks[1])
    );
    println!(
        "{:<44} {:>11}   (median of 3; goal < 50 ms)",
        format!("open profile with {RECORDS} records"),
        ms(opens[1])
    );
    let mut carnet = Carnet::new(&vault_dir, Lang::Fr);
    carnet.unlock("Bench", &pass).map_err(anyhow::Error::msg)?;
    carnet
        .select_profile(&profile_id)
        .map_err(anyhow::Error::msg)?;
    let (_, t) = time(|| carnet.overview().expect("overview"));
    println!(
        "{:<44} {:>11}",
        format!("overview of {RECORDS} records"),
        ms(t)
    );

    // Documents: import vs plain copy vs age encryption of the same bytes.
    let mib: usize = std::env::var("CARNET_BENCH_DOC_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let files = 10;
    let per_file = mib * 1024 * 1024 / files;
    let src_dir = tmp.path().join("src");
    std::fs::create_dir_all(&src_dir)?;
    let mut paths = Vec::new();
    for f in 0..files {
        let path = src_dir.join(format!("scan-{f}.png"));
        let mut w = BufWriter::new(File::create(&path)?);
        w.write_all(b"\x89PNG\r\n\x1a\n")?;
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ f as u64;
        let mut chunk = vec![0u8; 1 << 20];
        let mut written = 8;
        while written < per_file {
            for b in chunk.chunks_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b.copy_from_slice(&x.to_le_bytes()[..b.len()]);
            }
            let n = chunk.len().min(per_file - written);
            w.write_all(&chunk[..n])?;
            written += n;
        }
        w.into_inner()?.sync_all()?;
        paths.push(path);
    }
    let input = DocumentInput {
        title: "Scan".into(),
        type_code: "18748-4".into(),
        date: "2024-01-01".parse()?,
        author: None,
        author_rpps: None,
        source: DocumentSource::Patient,
        hidden: false,
        notes: None,
    };
    let copy_dir = tmp.path().join("copies");
    std::fs::create_dir_all(&copy_dir)?;
    let (_, copy) = time(|| -> anyhow::Result<()> {
        for (i, p) in paths.iter().enumerate() {
            let dest = copy_dir.join(i.to_string());
            std::fs::copy(p, &dest)?;
            File::open(&dest)?.sync_all()?;
        }
        Ok(())
    });
    let recipient = age::x25519::Identity::generate().to_public();
    let (_, age_time) = time(|| -> anyhow::Result<()> {
        for (i, p) in paths.iter().enumerate() {
            let enc = age::Encryptor::with_recipients(std::iter::once(
                &recipient as &dyn age::Recipient,
            ))?;
            let file = File::create(copy_dir.join(format!("{i}.age")))?;
            let mut w = enc.wrap_output(BufWriter::with_capacity(256 * 1024, file))?;
            std::io::copy(&mut File::open(p)?, &mut w)?;
            w.finish()?.into_inner()?.sync_all()?;
        }
        Ok(())
    });
    let (_, import) = time(|| -> anyhow::Result<()> {
        for p in &paths {
            carnet
                .import_document(p, input.clone(), &mut |_, _| ControlFlow::Continue(()))
                .map_err(anyhow::Error::msg)?;
        }
        Ok(())
    });
    let mbps = |d: Duration| (mib as f64) / d.as_secs_f64();
    println!(
        "\nimport {mib} MiB ({files} files): {:.0} MiB/s; plain copy {:.0} MiB/s ({:.2}x); age encryption {:.0} MiB/s ({:.2}x of age, goal >= 0.5x)",
        mbps(import),
        mbps(copy),
        mbps(import) / mbps(copy),
        mbps(age_time),
        mbps(import) / mbps(age_time)
    );

    // Storage choice: the same bytes (64 MiB) as a blob inside SQLCipher vs an age file.
    let blob_len = (64 * 1024 * 1024).min(per_file);
    let mut data = vec![0u8; blob_len];
    File::open(&paths[0])?.read_exact(&mut data)?;
    let conn = rusqlite::Connection::open(tmp.path().join("blobtest.db"))?;
    conn.execute_batch(
        "PRAGMA key = \"x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'\";
         PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;
         CREATE TABLE b (id INTEGER PRIMARY KEY, content BLOB);",
    )?;
    let (_, in_db) = time(|| -> anyhow::Result<()> {
        conn.execute(
            "INSERT INTO b (content) VALUES (zeroblob(?1))",
            [blob_len as i64],
        )?;
        let mut blob = conn.blob_open(
            rusqlite::MAIN_DB,
            "b",
            "content",
            conn.last_insert_rowid(),
            false,
        )?;
        for chunk in data.chunks(256 * 1024) {
            blob.write_all(chunk)?;
        }
        Ok(())
    });
    // A distinct file, so the import is not deduplicated against the earlier one.
    data[8..16].copy_from_slice(b"distinct");
    let distinct = src_dir.join("distinct.png");
    std::fs::write(&distinct, &data)?;
    let (imported, as_file) = time(|| {
        carnet.import_document(&distinct, input.clone(), &mut |_, _| {
            ControlFlow::Continue(())
        })
    });
    imported.map_err(anyhow::Error::msg)?;
    line(
        &format!("store {} MiB as a blob inside SQLCipher", blob_len >> 20),
        in_db,
        "age file beside the db",
        as_file,
        "informs the choice",
    );
    Ok(())
}
