//! Share links for one professional, through a relay.

use carnet_api::{ApiError, ShareDetails, ShareProfessional, ShareRequest, ShareSummary};

use crate::command;

command! {
    /// The relay's address for this profile (else its sync gateway), `null` while there is none.
    fn share_relay(shell) -> Option<String> {
        shell.with(|c| c.share_relay())
    }
}

command! {
    /// Links this device to an account on the relay with a one-time access code.
    fn set_share_relay(shell, address: String, code: String, device_name: String) -> String {
        shell.with(|c| c.set_share_relay(&address, &code, &device_name))
    }
}

command! {
    /// The profile's shares, newest first, as the vault knows them (no network).
    fn shares(shell) -> Vec<ShareSummary> {
        shell.with(|c| c.shares())
    }
}

command! {
    /// Every problem with the wizard's answers so far, by field and in the
    /// user's words (none: it may go on). Numbers as typed; 0 for unreadable.
    fn check_share(
        shell,
        items: u32,
        professional: ShareProfessional,
        expires_in_hours: i64,
        max_opens: Option<i64>,
        pin: Option<String>,
    ) -> Vec<ApiError> {
        Ok(carnet_api::share_issues(
            items as usize,
            professional,
            expires_in_hours,
            max_opens,
            pin.as_deref(),
            shell.lang(),
        ))
    }
}

command! {
    /// Encrypts and uploads the chosen items; the answer has its link.
    fn create_share(shell, request: ShareRequest) -> ShareSummary {
        shell.with(|c| c.create_share(request))
    }
}

command! {
    /// Asks the relay for the share's state and its access log.
    fn refresh_share(shell, id: String) -> ShareDetails {
        shell.with(|c| c.refresh_share(&id))
    }
}

command! {
    /// Deletes the share on the relay: the link no longer opens.
    fn revoke_share(shell, id: String) -> ShareSummary {
        shell.with(|c| c.revoke_share(&id))
    }
}
