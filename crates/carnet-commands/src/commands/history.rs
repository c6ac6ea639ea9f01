//! Search and the audit log of the current profile.

use carnet_api::{AuditEntry, SearchHit};

use crate::command;

/// Most audit lines one call returns.
const MAX_AUDIT: usize = 1000;

command! {
    /// Records and documents matching the words typed.
    fn search(shell, query: String) -> Vec<SearchHit> {
        shell.with(|c| c.search(&query))
    }
}

command! {
    /// The profile's own history, newest first.
    fn audit_log(shell, limit: usize) -> Vec<AuditEntry> {
        shell.with(|c| c.audit_log(limit.min(MAX_AUDIT)))
    }
}
