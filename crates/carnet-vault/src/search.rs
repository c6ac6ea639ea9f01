//! Full-text search across a profile's records and documents (SQLite FTS5).

use carnet_model::SearchHit;

use crate::profile::Profile;
use crate::Result;

/// Most results returned for one search.
const MAX_HITS: i64 = 200;

impl Profile {
    /// Finds records and documents containing every word of `query`
    /// (accents and case ignored, words matched by prefix).
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>> {
        let Some(fts_query) = to_fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, ref_id, title, snippet(search, -1, '[', ']', '…', 12)
             FROM search WHERE search MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let hits = stmt
            .query_map(rusqlite::params![fts_query, MAX_HITS], |r| {
                let snippet: String = r.get(3)?;
                Ok(SearchHit {
                    kind: r.get(0)?,
                    id: r.get(1)?,
                    title: r.get(2)?,
                    snippet: snippet.replace('\u{1f}', " "),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(hits)
    }
}

/// Turns what a person typed into a safe FTS5 query: each word quoted (so
/// FTS syntax characters mean nothing) and matched as a prefix.
fn to_fts_query(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::to_fts_query;

    #[test]
    fn syntax_characters_are_neutralized() {
        assert_eq!(
            to_fts_query("pénicilline OR \"x").as_deref(),
            Some("\"pénicilline\"* \"OR\"* \"x\"*")
        );
        assert_eq!(to_fts_query("  ()*: "), None);
    }
}
