//! Sync with the national space. The HTTP client blocks; the transports
//! run every command off the window's thread.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use carnet_api::{
    AccessEntry, ActivityItem, AllowedProfessional, Conflict, LinkedSync, SyncProgress, SyncReport,
    SyncStatus,
};

use crate::command;
use crate::progress::Channel;

command! {
    /// Whether the current profile is linked to the national space.
    fn sync_status(shell) -> SyncStatus {
        shell.with(|c| c.sync_status())
    }
}

command! {
    /// Links the current profile with a one-time code, then syncs.
    fn pair_sync(shell, server: String, code: String, device_name: String) -> SyncStatus {
        shell.with(|c| c.pair_sync(&server, &code, &device_name))
    }
}

command! {
    /// Unlinks this device; everything stays here.
    fn unpair_sync(shell) -> () {
        shell.with(|c| c.unpair_sync())
    }
}

command! {
    /// Syncs now, streaming progress; a failure or a cancel loses nothing.
    fn sync_now(shell, on_progress: Channel<SyncProgress>) -> SyncReport {
        shell.cancel_sync.store(false, Ordering::SeqCst);
        shell.with(|c| c.sync_now(&mut |p| on_progress.send(p), &shell.cancel_sync))
    }
}

command! {
    /// Syncs every linked profile but the open one, quietly (on unlock, every
    /// 5 minutes, when the network returns); answers how each went.
    fn sync_linked_profiles(shell) -> Vec<LinkedSync> {
        // The same stop as `sync_now`: it holds the vault just as long.
        shell.cancel_sync.store(false, Ordering::SeqCst);
        shell.with(|c| c.sync_linked_profiles(&shell.cancel_sync))
    }
}

command! {
    /// What others added or changed in every profile, newest first.
    fn list_activity(shell, limit: usize) -> Vec<ActivityItem> {
        shell.with(|c| c.activity(limit.min(1_000)))
    }
}

command! {
    /// Marks the activity as seen (the profile switcher's badges go).
    fn mark_activity_seen(shell) -> () {
        shell.with(|c| c.mark_activity_seen())
    }
}

command! {
    /// Stops the sync under way (heard while it holds the vault).
    fn cancel_sync(shell) -> () {
        shell.cancel_sync.store(true, Ordering::SeqCst);
        Ok(())
    }
}

command! {
    /// A one-time code (valid 15 minutes) to link another device of the same person.
    fn new_pairing_code(shell) -> String {
        shell.with(|c| c.sync_pairing_code())
    }
}

command! {
    /// Who consulted the record through the national space, newest first.
    fn access_history(shell, limit: usize) -> Vec<AccessEntry> {
        shell.with(|c| c.access_history(limit.min(10_000)))
    }
}

command! {
    /// Professionals who may read the profile through the national space (asks the server).
    fn allowed_professionals(shell) -> Vec<AllowedProfessional> {
        shell.with(|c| c.allowed_professionals())
    }
}

command! {
    /// Authorises a professional by RPPS number; answers the list as it now stands.
    fn allow_professional(shell, rpps: String) -> Vec<AllowedProfessional> {
        shell.with(|c| c.allow_professional(&rpps))
    }
}

command! {
    /// Withdraws a professional's access; answers the list as it now stands.
    fn withdraw_professional(shell, rpps: String) -> Vec<AllowedProfessional> {
        shell.with(|c| c.withdraw_professional(&rpps))
    }
}

command! {
    /// Fields edited on two devices at once, by record or document id.
    fn list_conflicts(shell) -> HashMap<String, Vec<Conflict>> {
        shell.with(|c| c.conflicts())
    }
}
