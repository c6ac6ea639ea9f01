//! Vault creation, unlock, lock, language, passphrase and recovery kit.

use carnet_api::{ApiError, ErrorCode, MemberSummary, Secret, Status};
use carnet_model::Lang;

use crate::command;

command! {
    /// Whether a vault exists, is unlocked, by whom, on which profile.
    fn app_status(shell) -> Status {
        shell.with(|c| Ok(c.status()))
    }
}

command! {
    /// The vault's members (to choose who unlocks).
    fn list_members(shell) -> Vec<MemberSummary> {
        shell.with(|c| c.members())
    }
}

command! {
    /// Creates the vault with its first member.
    fn create_vault(shell, member_name: String, passphrase: String) -> MemberSummary {
        let passphrase = Secret::from(passphrase);
        shell.with(|c| c.create_vault(&member_name, &passphrase))
    }
}

command! {
    /// Opens the vault as `member`.
    fn unlock(shell, member: String, passphrase: String) -> MemberSummary {
        let passphrase = Secret::from(passphrase);
        shell.with(|c| c.unlock(&member, &passphrase))
    }
}

command! {
    /// Closes the vault and forgets the chosen files.
    fn lock(shell) -> () {
        shell.files.clear();
        shell.with(|c| {
            c.lock();
            Ok(())
        })
    }
}

command! {
    /// The language of messages from now on.
    fn set_language(shell, lang: Lang) -> () {
        shell.with(|c| {
            c.set_lang(lang);
            Ok(())
        })
    }
}

command! {
    /// Changes the member's passphrase; the form learns which field is at fault.
    fn change_passphrase(shell, current: String, next: String) -> () {
        let (current, next) = (Secret::from(current), Secret::from(next));
        shell.with(|c| {
            c.change_passphrase(&current, &next).map_err(|mut e| {
                if e.code == ErrorCode::WrongPassphrase {
                    e.field = Some("current".into());
                } else if e.code == ErrorCode::WeakPassphrase {
                    e.field = Some("next".into());
                }
                e
            })
        })
    }
}

command! {
    /// Asks where to save the recovery kit, then writes it; `false` when cancelled.
    fn save_recovery_kit(shell) -> bool {
        let lang = shell.lang();
        let kit = shell.with(|c| c.recovery_kit())?;
        let title = lang.pick("Enregistrer sous", "Save as");
        let Some(path) = shell.host.save_path(title, "carnet-kit-de-secours.age") else {
            return Ok(false);
        };
        std::fs::write(&path, kit).map_err(|e| ApiError::io(e, lang))?;
        shell.host.saved(&path);
        Ok(true)
    }
}
