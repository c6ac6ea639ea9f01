//! Replicas of one profile document converge whatever the edits and however
//! the messages travel: dropped, duplicated, reordered.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use carnet_model::*;
use carnet_sync::protocol::{self, decode_state, encode_state};
use carnet_sync::{snapshot, AccessAction, AccessEntry, PeerState, ProfileDoc};
use chrono::{TimeZone, Utc};
use proptest::prelude::*;

fn allergy(substance: &str) -> Record {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
    Record {
        id: new_id(),
        created_at: now,
        updated_at: now,
        notes: None,
        body: RecordBody::Allergy(Allergy {
            substance: substance.into(),
            reaction: None,
            severity: AllergySeverity::Moderate,
            status: AllergyStatus::Active,
            onset: None,
        }),
    }
}

fn with_substance(record: &Record, substance: &str) -> Record {
    let mut edited = record.clone();
    if let RecordBody::Allergy(a) = &mut edited.body {
        a.substance = substance.into();
    }
    edited
}

fn document(title: &str) -> DocumentMeta {
    let now = Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap();
    DocumentMeta {
        id: new_id(),
        input: DocumentInput {
            title: title.into(),
            type_code: "11488-4".into(),
            date: "2026-01-02".parse().unwrap(),
            author: None,
            author_rpps: None,
            source: DocumentSource::Patient,
            hidden: false,
            notes: None,
        },
        file_name: "cr.pdf".into(),
        media_type: "application/pdf".into(),
        size: 10,
        sha256: "ab".repeat(32),
        created_at: now,
        updated_at: now,
    }
}

fn replica(n: u8) -> ProfileDoc {
    ProfileDoc::new(&[n + 1; 16]).unwrap()
}

/// Syncs two replicas to quiescence over a perfect channel.
fn sync_pair(a: &mut ProfileDoc, sa: &mut PeerState, b: &mut ProfileDoc, sb: &mut PeerState) {
    for _ in 0..protocol::MAX_ROUNDS {
        let m1 = protocol::generate(a, sa);
        if let Some(m) = &m1 {
            protocol::receive(b, sb, m).unwrap();
        }
        let m2 = protocol::generate(b, sb);
        if let Some(m) = &m2 {
            protocol::receive(a, sa, m).unwrap();
        }
        if m1.is_none() && m2.is_none() {
            return;
        }
    }
    panic!("sync did not finish");
}

#[test]
fn concurrent_edits_of_one_field_keep_both_values_everywhere() {
    let (mut a, mut b) = (replica(0), replica(1));
    let (mut sa, mut sb) = (PeerState::new(), PeerState::new());
    let rec = allergy("Pénicilline");
    a.put_record(&rec).unwrap();
    a.commit("add");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);

    a.put_record(&with_substance(&rec, "Amoxicilline")).unwrap();
    a.commit("edit");
    b.put_record(&with_substance(&rec, "Pénicilline G"))
        .unwrap();
    b.commit("edit");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);

    let on_a = a.record(&rec.id).unwrap().unwrap();
    let on_b = b.record(&rec.id).unwrap().unwrap();
    assert_eq!(on_a, on_b, "same winner and same conflict on both replicas");
    assert_eq!(on_a.conflicts.len(), 1);
    let conflict = &on_a.conflicts[0];
    assert_eq!(conflict.field, "substance");
    let mut values: Vec<String> = conflict
        .values
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let RecordBody::Allergy(shown) = &on_a.value.body else {
        panic!("kind changed")
    };
    assert_eq!(
        values[0], shown.substance,
        "the shown value is listed first"
    );
    values.sort();
    assert_eq!(values, ["Amoxicilline", "Pénicilline G"]);

    // Saving the record again (the user chose) resolves the conflict.
    a.put_record(&with_substance(&rec, "Amoxicilline")).unwrap();
    a.commit("resolve");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);
    assert!(b.record(&rec.id).unwrap().unwrap().conflicts.is_empty());
}

#[test]
fn concurrent_edits_of_different_fields_both_apply() {
    let (mut a, mut b) = (replica(0), replica(1));
    let (mut sa, mut sb) = (PeerState::new(), PeerState::new());
    let rec = allergy("Latex");
    a.put_record(&rec).unwrap();
    a.commit("add");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);

    a.put_record(&with_substance(&rec, "Latex naturel"))
        .unwrap();
    a.commit("edit");
    let mut noted = rec.clone();
    noted.notes = Some("Réaction en 2019".into());
    b.put_record(&noted).unwrap();
    b.commit("note");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);

    let merged = a.record(&rec.id).unwrap().unwrap();
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.value.notes.as_deref(), Some("Réaction en 2019"));
    let RecordBody::Allergy(x) = merged.value.body else {
        panic!()
    };
    assert_eq!(x.substance, "Latex naturel");
}

#[test]
fn an_edit_concurrent_with_a_delete_keeps_the_record_and_a_later_delete_wins() {
    let (mut a, mut b) = (replica(0), replica(1));
    let (mut sa, mut sb) = (PeerState::new(), PeerState::new());
    let rec = allergy("Arachide");
    a.put_record(&rec).unwrap();
    a.commit("add");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);

    a.delete_record(&rec.id).unwrap();
    a.commit("delete");
    b.put_record(&with_substance(&rec, "Arachide grillée"))
        .unwrap();
    b.commit("edit");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);
    let kept = a
        .record(&rec.id)
        .unwrap()
        .expect("the edit keeps the record");
    assert_eq!(kept, b.record(&rec.id).unwrap().unwrap());

    a.delete_record(&rec.id).unwrap();
    a.commit("delete again");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);
    assert_eq!(b.record(&rec.id).unwrap(), None);
}

#[test]
fn hiding_and_access_history_travel() {
    let (mut a, mut b) = (replica(0), replica(1));
    let (mut sa, mut sb) = (PeerState::new(), PeerState::new());
    let doc = document("Compte rendu");
    a.put_document(&doc).unwrap();
    a.commit("import");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);
    b.set_hidden(&doc.id, true).unwrap();
    b.append_access(&AccessEntry {
        at: Utc::now(),
        rpps: "10003591586".into(),
        name: "Dr Martin".into(),
        action: AccessAction::ReadRecord,
        document_id: None,
    })
    .unwrap();
    b.commit("hide");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);
    assert!(a.document(&doc.id).unwrap().unwrap().value.input.hidden);
    assert_eq!(a.access().unwrap().len(), 1);
    assert_eq!(a.access().unwrap()[0].name, "Dr Martin");
}

#[test]
fn a_saved_state_makes_a_one_edit_resync_small() {
    let (mut a, mut b) = (replica(0), replica(1));
    let (mut sa, mut sb) = (PeerState::new(), PeerState::new());
    let recs: Vec<Record> = (0..500)
        .map(|i| allergy(&format!("Substance {i}")))
        .collect();
    for r in &recs {
        a.put_record(r).unwrap();
    }
    a.commit("bulk");
    sync_pair(&mut a, &mut sa, &mut b, &mut sb);
    // Both sides "reconnect" with only their saved states.
    let mut sa = decode_state(&encode_state(&sa));
    let mut sb = decode_state(&encode_state(&sb));
    a.put_record(&with_substance(&recs[7], "Pollen")).unwrap();
    a.commit("edit");
    let mut bytes = 0;
    for _ in 0..protocol::MAX_ROUNDS {
        let m1 = protocol::generate(&mut a, &mut sa);
        if let Some(m) = &m1 {
            bytes += m.len();
            protocol::receive(&mut b, &mut sb, m).unwrap();
        }
        let m2 = protocol::generate(&mut b, &mut sb);
        if let Some(m) = &m2 {
            bytes += m.len();
            protocol::receive(&mut a, &mut sa, m).unwrap();
        }
        if m1.is_none() && m2.is_none() {
            break;
        }
    }
    assert!(bytes < 1024, "one edit cost {bytes} bytes");
    assert_eq!(snapshot(&a).unwrap(), snapshot(&b).unwrap());
}

#[test]
fn malformed_messages_are_refused_and_change_nothing() {
    let mut a = replica(0);
    a.put_record(&allergy("Iode")).unwrap();
    a.commit("add");
    let before = snapshot(&a).unwrap();
    let mut state = PeerState::new();
    for junk in [
        &b""[..],
        &b"\x42"[..],
        &b"\x42\x01\x02\x03\xff\xff\xff\xff\xff\xff"[..],
        &[0xffu8; 300][..],
    ] {
        assert!(protocol::receive(&mut a, &mut state, junk).is_err());
    }
    let huge = vec![0x42u8; protocol::MAX_MESSAGE_BYTES + 1];
    assert!(matches!(
        protocol::receive(&mut a, &mut state, &huge),
        Err(carnet_sync::Error::TooLarge { .. })
    ));
    assert_eq!(snapshot(&a).unwrap(), before);
}

#[test]
fn a_saved_document_loads_back_with_its_changes() {
    let mut a = replica(0);
    let rec = allergy("Gluten");
    a.put_record(&rec).unwrap();
    let saved = a.save();
    a.put_record(&with_substance(&rec, "Gluten (blé)")).unwrap();
    let change = a.commit("edit").unwrap();
    let loaded = ProfileDoc::load(&[9; 16], &saved, &[change]).unwrap();
    assert_eq!(snapshot(&loaded).unwrap(), snapshot(&a).unwrap());
    assert!(ProfileDoc::load(&[9; 16], b"not a document", &[]).is_err());
}

// ---- property: convergence under a hostile network ----------------------

#[derive(Debug, Clone)]
enum Op {
    Add(usize, u8),
    Edit(usize, usize, u8),
    Delete(usize, usize),
    AddDoc(usize),
    Hide(usize, usize, bool),
    /// Generate a message from replica .0 to replica .1 into the network.
    Send(usize, usize),
    /// Deliver the message at this position (modulo the queue length).
    Deliver(usize),
    Duplicate(usize),
    Drop(usize),
}

fn op(n: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (0..n, any::<u8>()).prop_map(|(r, v)| Op::Add(r, v)),
        1 => (0..n, any::<usize>(), any::<u8>()).prop_map(|(r, i, v)| Op::Edit(r, i, v)),
        1 => (0..n, any::<usize>()).prop_map(|(r, i)| Op::Delete(r, i)),
        1 => (0..n).prop_map(Op::AddDoc),
        1 => (0..n, any::<usize>(), any::<bool>()).prop_map(|(r, i, h)| Op::Hide(r, i, h)),
        3 => (0..n, 0..n).prop_map(|(a, b)| Op::Send(a, b)),
        3 => any::<usize>().prop_map(Op::Deliver),
        1 => any::<usize>().prop_map(Op::Duplicate),
        1 => any::<usize>().prop_map(Op::Drop),
    ]
}

struct Net {
    docs: Vec<ProfileDoc>,
    /// What each replica handed out for storage, as a vault or the gateway keeps it.
    stored: Vec<Vec<Vec<u8>>>,
    /// states[i][j]: what replica i knows of replica j.
    states: Vec<Vec<PeerState>>,
    queue: Vec<(usize, usize, Vec<u8>)>,
    records: Vec<Record>,
    documents: Vec<String>,
}

impl Net {
    fn new(n: usize) -> Self {
        Net {
            docs: (0..n as u8).map(replica).collect(),
            stored: vec![Vec::new(); n],
            states: (0..n)
                .map(|_| (0..n).map(|_| PeerState::new()).collect())
                .collect(),
            queue: Vec::new(),
            records: Vec::new(),
            documents: Vec::new(),
        }
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Add(r, v) => {
                let rec = allergy(&format!("S{v}"));
                self.docs[r].put_record(&rec).unwrap();
                self.commit(r, "add");
                self.records.push(rec);
            }
            Op::Edit(r, i, v) if !self.records.is_empty() => {
                let rec = &self.records[i % self.records.len()];
                if self.docs[r].record(&rec.id).unwrap().is_some() {
                    self.docs[r]
                        .put_record(&with_substance(rec, &format!("E{v}")))
                        .unwrap();
                    self.commit(r, "edit");
                }
            }
            Op::Delete(r, i) if !self.records.is_empty() => {
                let id = self.records[i % self.records.len()].id.clone();
                if self.docs[r].record(&id).unwrap().is_some() {
                    self.docs[r].delete_record(&id).unwrap();
                    self.commit(r, "delete");
                }
            }
            Op::AddDoc(r) => {
                let doc = document("CR");
                self.docs[r].put_document(&doc).unwrap();
                self.commit(r, "doc");
                self.documents.push(doc.id);
            }
            Op::Hide(r, i, hidden) if !self.documents.is_empty() => {
                let id = self.documents[i % self.documents.len()].clone();
                if self.docs[r].document(&id).unwrap().is_some() {
                    self.docs[r].set_hidden(&id, hidden).unwrap();
                    self.commit(r, "hide");
                }
            }
            Op::Send(a, b) if a != b => {
                if let Some(m) = protocol::generate(&mut self.docs[a], &mut self.states[a][b]) {
                    self.queue.push((a, b, m));
                }
            }
            Op::Deliver(i) if !self.queue.is_empty() => {
                let (from, to, m) = self.queue.remove(i % self.queue.len());
                self.deliver(from, to, &m);
            }
            Op::Duplicate(i) if !self.queue.is_empty() => {
                let copy = self.queue[i % self.queue.len()].clone();
                self.queue.push(copy);
            }
            Op::Drop(i) if !self.queue.is_empty() => {
                self.queue.remove(i % self.queue.len());
            }
            _ => {}
        }
    }

    fn commit(&mut self, r: usize, message: &str) {
        if let Some(bytes) = self.docs[r].commit(message) {
            self.stored[r].push(bytes);
        }
    }

    fn deliver(&mut self, from: usize, to: usize, message: &[u8]) {
        let before = self.docs[to].heads();
        protocol::receive(&mut self.docs[to], &mut self.states[to][from], message).unwrap();
        if self.docs[to].heads() != before {
            let bytes = self.docs[to].save_after(&before);
            self.stored[to].push(bytes);
        }
    }

    /// Each replica as it would be reopened from what it stored.
    fn reloaded(&self) -> Vec<ProfileDoc> {
        self.stored
            .iter()
            .enumerate()
            .map(|(i, parts)| ProfileDoc::load(&[i as u8 + 1; 16], &[], parts).unwrap())
            .collect()
    }

    /// Messages may have been lost: every pair reconnects with its saved
    /// state and syncs over a reliable channel.
    fn settle(&mut self) {
        let n = self.docs.len();
        for row in &mut self.states {
            for s in row.iter_mut() {
                *s = decode_state(&encode_state(s));
            }
        }
        for _ in 0..2 {
            for a in 0..n {
                for b in (a + 1)..n {
                    for _ in 0..protocol::MAX_ROUNDS {
                        let m1 = protocol::generate(&mut self.docs[a], &mut self.states[a][b]);
                        if let Some(m) = &m1 {
                            self.deliver(a, b, m);
                        }
                        let m2 = protocol::generate(&mut self.docs[b], &mut self.states[b][a]);
                        if let Some(m) = &m2 {
                            self.deliver(b, a, m);
                        }
                        if m1.is_none() && m2.is_none() {
                            break;
                        }
                    }
                }
            }
        }
    }
}

fn view(doc: &ProfileDoc) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = snapshot(doc)
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    for id in doc.record_ids().unwrap() {
        if let Some(item) = doc.record(&id).unwrap() {
            out.insert(format!("conflicts/{id}"), format!("{:?}", item.conflicts));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("CARNET_SYNC_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn replicas_converge(n in 2usize..5, ops in prop::collection::vec(op(4), 1..60)) {
        let mut net = Net::new(n);
        for op in ops {
            let op = match op {
                Op::Add(r, v) => Op::Add(r % n, v),
                Op::Edit(r, i, v) => Op::Edit(r % n, i, v),
                Op::Delete(r, i) => Op::Delete(r % n, i),
                Op::AddDoc(r) => Op::AddDoc(r % n),
                Op::Hide(r, i, h) => Op::Hide(r % n, i, h),
                Op::Send(a, b) => Op::Send(a % n, b % n),
                other => other,
            };
            net.apply(op);
        }
        net.settle();
        let first = view(&net.docs[0]);
        for doc in &net.docs[1..] {
            prop_assert_eq!(&view(doc), &first);
        }
        // What each replica stored reopens to the same state.
        for doc in net.reloaded() {
            prop_assert_eq!(&view(&doc), &first);
        }
        // Nothing created was lost: every record ever added exists unless deleted somewhere.
        let ids = net.docs[0].record_ids().unwrap();
        prop_assert_eq!(ids.len(), net.records.len());
    }
}

#[test]
fn changes_alone_load_back_without_a_saved_document() {
    let mut a = replica(0);
    a.put_record(&allergy("Soja")).unwrap();
    let first = a.commit("add").unwrap();
    a.put_record(&allergy("Lait")).unwrap();
    let second = a.commit("add").unwrap();
    let loaded = ProfileDoc::load(&[1; 16], &[], &[first, second]);
    let loaded = loaded.unwrap();
    assert_eq!(snapshot(&loaded).unwrap(), snapshot(&a).unwrap());
}

/// Inputs the fuzz targets found once; each must be refused, never panic.
#[test]
fn fuzz_findings_are_refused_cleanly() {
    let data = std::fs::read("tests/fuzz-regressions/saved_document-hexane-unwrap").unwrap();
    let (saved, change) = data.split_at(data.len() / 2);
    // Silence the default hook: the panic inside automerge is expected and caught.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = ProfileDoc::load(&[5; 16], saved, &[change.to_vec()]);
    std::panic::set_hook(hook);
    assert!(matches!(result, Err(carnet_sync::Error::Damaged(_))));

    // A stored sync state with unsorted heads (the sync_state target): the
    // encoder asserts its heads are sorted, so this panicked in debug builds.
    let bytes = std::fs::read("tests/fuzz-regressions/sync_state-unsorted-heads").unwrap();
    let state = protocol::decode_state(&bytes);
    assert!(state.shared_heads.windows(2).all(|w| w[0] < w[1]));
    let _ = protocol::encode_state(&state);
}
