//! automerge inflates the DEFLATE data of received chunks (compressed
//! changes, compressed columns of documents and bundles) with no bound, so
//! a 16 MiB message could expand about a thousandfold. Before a message is
//! applied, every DEFLATE stream in its chunks is inflated here into
//! nothing, counting bytes: past [`MAX_INFLATED_BYTES`] in all, the message
//! is refused. Chunk layouts follow automerge 0.12's storage format.

use std::io::Read;

/// Most bytes the compressed parts of one message may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const DOCUMENT: u8 = 0;
const CHANGE: u8 = 1;
const COMPRESSED: u8 = 2;
const BUNDLE: u8 = 3;
/// The bit of a column specification that says its data is DEFLATE.
const DEFLATE_BIT: u32 = 0b1000;
const HASH_BYTES: usize = 32;

/// Why a message's chunks were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The compressed parts inflate beyond [`MAX_INFLATED_BYTES`].
    Expands,
    /// Not chunks automerge could read.
    Malformed,
}

/// Checks every chunk in `entries` (each may hold several chunks in a row),
/// inflating at most `limit` bytes in all.
pub fn check_chunks<'a>(
    entries: impl IntoIterator<Item = &'a [u8]>,
    limit: u64,
) -> Result<u64, Refused> {
    let mut budget = Budget { left: limit };
    for entry in entries {
        let mut input = Cursor(entry);
        while !input.0.is_empty() {
            let (kind, data) = chunk(&mut input)?;
            match kind {
                CHANGE => {}
                COMPRESSED => budget.inflate(data)?,
                DOCUMENT => document(data, &mut budget)?,
                BUNDLE => bundle(data, &mut budget)?,
                _ => return Err(Refused::Malformed),
            }
        }
    }
    Ok(limit - budget.left)
}

struct Budget {
    left: u64,
}

impl Budget {
    fn inflate(&mut self, data: &[u8]) -> Result<(), Refused> {
        let decoder = flate2::read::DeflateDecoder::new(data);
        let mut bounded = decoder.take(self.left + 1);
        let inflated =
            std::io::copy(&mut bounded, &mut std::io::sink()).map_err(|_| Refused::Malformed)?;
        if inflated > self.left {
            return Err(Refused::Expands);
        }
        self.left -= inflated;
        Ok(())
    }
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Refused> {
        if n > self.0.len() {
            return Err(Refused::Malformed);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn uleb(&mut self) -> Result<u64, Refused> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.take(1)?.first().ok_or(Refused::Malformed)?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(Refused::Malformed);
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Refused::Malformed)
    }

    fn len(&mut self) -> Result<usize, Refused> {
        usize::try_from(self.uleb()?).map_err(|_| Refused::Malformed)
    }

    /// A count of items of at least one byte each: never more than what is left.
    fn count(&mut self) -> Result<usize, Refused> {
        let n = self.len()?;
        if n > self.0.len() {
            return Err(Refused::Malformed);
        }
        Ok(n)
    }
}

/// One chunk: magic, checksum, type, length, data.
fn chunk<'a>(input: &mut Cursor<'a>) -> Result<(u8, &'a [u8]), Refused> {
    if input.take(4)? != MAGIC {
        return Err(Refused::Malformed);
    }
    input.take(4)?;
    let kind = input.take(1)?[0];
    let len = input.len()?;
    Ok((kind, input.take(len)?))
}

fn skip_actors(input: &mut Cursor<'_>) -> Result<(), Refused> {
    for _ in 0..input.count()? {
        let len = input.len()?;
        input.take(len)?;
    }
    Ok(())
}

fn skip_hashes(input: &mut Cursor<'_>) -> Result<(), Refused> {
    let n = input.count()?;
    input.take(n.checked_mul(HASH_BYTES).ok_or(Refused::Malformed)?)?;
    Ok(())
}

/// Column specifications and lengths.
fn columns(input: &mut Cursor<'_>) -> Result<Vec<(u32, usize)>, Refused> {
    (0..input.count()?)
        .map(|_| {
            let spec = u32::try_from(input.uleb()?).map_err(|_| Refused::Malformed)?;
            Ok((spec, input.len()?))
        })
        .collect()
}

/// Inflates the DEFLATE columns among `meta`, whose data follows in `input`.
fn column_data(
    input: &mut Cursor<'_>,
    meta: &[(u32, usize)],
    budget: &mut Budget,
) -> Result<(), Refused> {
    for &(spec, len) in meta {
        let data = input.take(len)?;
        if spec & DEFLATE_BIT != 0 {
            budget.inflate(data)?;
        }
    }
    Ok(())
}

/// Actors, heads, change and op column metadata, then their data.
fn document(data: &[u8], budget: &mut Budget) -> Result<(), Refused> {
    let mut input = Cursor(data);
    skip_actors(&mut input)?;
    skip_hashes(&mut input)?;
    let changes = columns(&mut input)?;
    let ops = columns(&mut input)?;
    column_data(&mut input, &changes, budget)?;
    column_data(&mut input, &ops, budget)
}

/// Dependencies, actors, change columns and data, op columns and data.
fn bundle(data: &[u8], budget: &mut Budget) -> Result<(), Refused> {
    let mut input = Cursor(data);
    skip_hashes(&mut input)?;
    skip_actors(&mut input)?;
    let changes = columns(&mut input)?;
    column_data(&mut input, &changes, budget)?;
    let ops = columns(&mut input)?;
    column_data(&mut input, &ops, budget)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::io::Write;

    use super::*;

    fn deflate(bytes: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn uleb(mut n: u64, out: &mut Vec<u8>) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }

    pub(crate) fn chunk_bytes(kind: u8, data: &[u8]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend([0, 0, 0, 0, kind]);
        uleb(data.len() as u64, &mut out);
        out.extend(data);
        out
    }

    /// A document chunk with one DEFLATE op column holding `column`.
    fn document_with_column(column: &[u8]) -> Vec<u8> {
        let compressed = deflate(column);
        let mut data = vec![0, 0, 0, 1];
        uleb(u64::from((1 << 4) | DEFLATE_BIT), &mut data);
        uleb(compressed.len() as u64, &mut data);
        data.extend(&compressed);
        chunk_bytes(DOCUMENT, &data)
    }

    #[test]
    fn a_saved_document_passes_and_its_columns_are_counted() {
        let mut doc = crate::ProfileDoc::new(&[1; 16]).unwrap();
        for i in 0..300 {
            let record = carnet_model::Record {
                id: carnet_model::new_id(),
                created_at: chrono::Utc::now(),
                updated_at: chrono::Utc::now(),
                notes: Some(format!("note {i} ").repeat(20)),
                body: carnet_model::RecordBody::Condition(carnet_model::Condition {
                    name: format!("Condition {i}"),
                    status: carnet_model::ConditionStatus::Active,
                    onset: None,
                    resolved: None,
                }),
            };
            doc.put_record(&record).unwrap();
            doc.commit("add");
        }
        let saved = doc.save();
        let inflated = check_chunks([saved.as_slice()], MAX_INFLATED_BYTES).unwrap();
        assert!(
            inflated > saved.len() as u64,
            "{inflated} from {}",
            saved.len()
        );
        // The same document refused under a budget smaller than its columns.
        assert_eq!(
            check_chunks([saved.as_slice()], inflated - 1),
            Err(Refused::Expands)
        );
    }

    #[test]
    fn compressed_data_that_expands_too_far_is_refused() {
        let zeros = vec![0u8; 8 * 1024 * 1024];
        let bomb = chunk_bytes(COMPRESSED, &deflate(&zeros));
        assert!(bomb.len() < 64 * 1024);
        assert_eq!(
            check_chunks([bomb.as_slice()], 1024 * 1024),
            Err(Refused::Expands)
        );
        let column_bomb = document_with_column(&zeros);
        assert_eq!(
            check_chunks([column_bomb.as_slice()], 1024 * 1024),
            Err(Refused::Expands)
        );
        // Many small ones add up.
        let small = document_with_column(&zeros[..512 * 1024]);
        let mut three = small.clone();
        three.extend(&small);
        three.extend(&small);
        assert_eq!(
            check_chunks([small.as_slice()], 1024 * 1024),
            Ok(512 * 1024)
        );
        assert_eq!(
            check_chunks([three.as_slice()], 1024 * 1024),
            Err(Refused::Expands)
        );
    }

    #[test]
    fn truncated_or_foreign_chunks_are_malformed() {
        let good = document_with_column(b"abc");
        for bad in [
            &good[..good.len() - 1],
            &good[..6],
            &b"not a chunk at all"[..],
            &chunk_bytes(9, b"")[..],
        ] {
            assert_eq!(check_chunks([bad], 1024), Err(Refused::Malformed));
        }
        let mut huge_count = MAGIC.to_vec();
        huge_count.extend([0, 0, 0, 0, DOCUMENT, 10, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        huge_count.extend([0; 5]);
        assert_eq!(
            check_chunks([huge_count.as_slice()], 1024),
            Err(Refused::Malformed)
        );
    }
}
