//! The one surface the desktop shell and the `carnet` command line call.
//!
//! [`Carnet`] holds the state of one vault (closed, locked, unlocked with a
//! current profile) and turns every vault error into an [`ApiError`] with a
//! stable code and a message in the user's language.

mod activity;
mod background;
mod checkups;
mod conflicts;
mod delete;
mod dto;
mod error;
mod input;
mod overview;
mod people;
mod share;
mod sync;
mod todo;
mod vaccines;

use std::fs::File;
use std::io::BufReader;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use carnet_model::{
    DocumentInput, DocumentMeta, Lang, ProfileInfo, Record, RecordBody, RecordKind,
};
use carnet_vault::{Profile, Session, Vault};

pub use activity::{ActivityItem, ActivityKind};
pub use background::{LinkedOutcome, LinkedSync, BACKGROUND_DOWNLOAD_BYTES};
pub use carnet_calendar::{Antigen, State as CalendarState, EDITION as CALENDAR_EDITION};
pub use carnet_share::{AccessOutcome, Professional as ShareProfessional, ShareState};
pub use carnet_sync::client::{Progress as SyncProgress, SyncReport};
pub use carnet_sync::{
    AccessAction, AccessEntry, AllowedBecause, AllowedProfessional, Conflict, CreatedInvitation,
    Invitation, InvitationPreview, Keep, People, PeopleAction, PeopleEvent, Person, PersonBrief,
    PersonDevice,
};
pub use carnet_vault::DETAILS_CONFLICTS_ID;
pub use checkups::{CheckUpGroup, CheckUpLine, CheckUps};
pub use conflicts::value_text;
pub use dto::{
    AuditEntry, BackupSummary, KeyHolder, MemberSummary, ProfileSummary, Role, SearchHit, Secret,
    TransferProgress,
};
pub use error::{message, ApiError, ApiResult, ErrorCode};
pub use input::{parse_input, parse_record_body};
pub use overview::{Overview, Permissions, SectionTotals};
pub use people::{role_name, Joined, PeopleHistoryEntry};
pub use share::{share_issues, share_limits, ShareDetails, ShareRequest, ShareSummary};
pub use sync::SyncStatus;
pub use todo::{TodoItem, TodoSubject, TodoWhen};
pub use vaccines::{date_words, CalendarLine, SetAsideLine, VaccinationCalendar, VaccineChoice};

/// What the app shows before anything else.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Status {
    pub vault_exists: bool,
    pub unlocked: bool,
    pub member: Option<MemberSummary>,
    pub profile_id: Option<String>,
}

/// Panic messages can quote the data being processed (a PDF parser printing
/// an object, say): print only where the panic happened, for every program
/// built on this API. [`Carnet::new`] installs it; a program may install it
/// sooner (before parsing its arguments, say).
pub fn install_redacting_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!("carnet: internal error at {at}");
        }));
    });
}

// One per program: the size difference between states does not matter.
#[allow(clippy::large_enum_variant)]
enum State {
    Closed,
    Locked(Vault),
    Unlocked {
        session: Session,
        profile: Option<Profile>,
    },
}

/// One vault as used by one program.
pub struct Carnet {
    dir: PathBuf,
    lang: Lang,
    state: State,
}

impl std::fmt::Debug for Carnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Carnet")
            .field("dir", &self.dir)
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl Carnet {
    /// A handle on the vault in `dir`; nothing is opened yet.
    pub fn new(dir: impl Into<PathBuf>, lang: Lang) -> Self {
        install_redacting_panic_hook();
        Self {
            dir: dir.into(),
            lang,
            state: State::Closed,
        }
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Changes the language of messages.
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The vault directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn err(&self, e: carnet_vault::Error) -> ApiError {
        ApiError::from_vault(e, self.lang)
    }

    /// Where things stand: is there a vault, is it unlocked, which profile.
    pub fn status(&self) -> Status {
        let vault_exists = self.dir.join("vault.json").exists();
        match &self.state {
            State::Unlocked { session, profile } => Status {
                vault_exists,
                unlocked: true,
                member: Some(session.member()),
                profile_id: profile.as_ref().map(|p| p.id().to_string()),
            },
            _ => Status {
                vault_exists,
                unlocked: false,
                member: None,
                profile_id: None,
            },
        }
    }

    /// Creates a vault with its first member, unlocked as that member.
    pub fn create_vault(
        &mut self,
        member_name: &str,
        passphrase: &Secret,
    ) -> ApiResult<MemberSummary> {
        self.state = State::Closed;
        let session = Vault::create(&self.dir, member_name, passphrase).map_err(|e| self.err(e))?;
        let member = session.member();
        self.state = State::Unlocked {
            session,
            profile: None,
        };
        Ok(member)
    }

    fn vault(&mut self) -> ApiResult<&Vault> {
        self.ensure_open()?;
        match &self.state {
            State::Locked(v) => Ok(v),
            State::Unlocked { session, .. } => Ok(session.vault()),
            State::Closed => unreachable!("opened above"),
        }
    }

    /// The locked vault, opened if needed (callers lock first).
    fn locked_vault(&mut self) -> ApiResult<&mut Vault> {
        self.ensure_open()?;
        match &mut self.state {
            State::Locked(v) => Ok(v),
            State::Unlocked { .. } => unreachable!("callers lock first"),
            State::Closed => unreachable!("opened above"),
        }
    }

    fn ensure_open(&mut self) -> ApiResult<()> {
        if matches!(self.state, State::Closed) {
            let vault = Vault::open(&self.dir).map_err(|e| self.err(e))?;
            self.state = State::Locked(vault);
        }
        Ok(())
    }

    /// Members, for the unlock screen. No health data is read.
    pub fn members(&mut self) -> ApiResult<Vec<MemberSummary>> {
        Ok(self.vault()?.members())
    }

    /// Unlocks as `member` (id or name). A wrong passphrase changes nothing.
    pub fn unlock(&mut self, member: &str, passphrase: &Secret) -> ApiResult<MemberSummary> {
        self.lock();
        let lang = self.lang;
        let vault = self.locked_vault()?;
        let member = vault
            .find_member(member)
            .map_err(|e| ApiError::from_vault(e, lang))?;
        let key = vault
            .unlock(&member.id, passphrase)
            .map_err(|e| ApiError::from_vault(e, lang))?;
        let State::Locked(vault) = std::mem::replace(&mut self.state, State::Closed) else {
            unreachable!("vault() leaves the state locked")
        };
        self.state = State::Unlocked {
            session: Session::new(vault, key),
            profile: None,
        };
        Ok(member)
    }

    /// Closes the profile and forgets every key; the vault stays open, locked.
    pub fn lock(&mut self) {
        self.state = match std::mem::replace(&mut self.state, State::Closed) {
            State::Unlocked { session, profile } => {
                drop(profile);
                State::Locked(session.lock())
            }
            other => other,
        };
    }

    /// Closes the vault entirely, letting another program open it.
    pub fn close(&mut self) {
        self.state = State::Closed;
    }

    fn session(&mut self) -> ApiResult<&mut Session> {
        match &mut self.state {
            State::Unlocked { session, .. } => Ok(session),
            _ => Err(ApiError::new(ErrorCode::Locked, self.lang)),
        }
    }

    pub(crate) fn profile(&mut self) -> ApiResult<&mut Profile> {
        let lang = self.lang;
        match &mut self.state {
            State::Unlocked {
                profile: Some(p), ..
            } => Ok(p),
            State::Unlocked { .. } => Err(ApiError::new(ErrorCode::NoProfile, lang)),
            _ => Err(ApiError::new(ErrorCode::Locked, lang)),
        }
    }

    /// Runs a vault operation on the current profile, translating errors.
    pub(crate) fn with_profile<T>(
        &mut self,
        f: impl FnOnce(&mut Profile) -> carnet_vault::Result<T>,
    ) -> ApiResult<T> {
        let lang = self.lang;
        f(self.profile()?).map_err(|e| ApiError::from_vault(e, lang))
    }

    fn with_session<T>(
        &mut self,
        f: impl FnOnce(&mut Session) -> carnet_vault::Result<T>,
    ) -> ApiResult<T> {
        let lang = self.lang;
        f(self.session()?).map_err(|e| ApiError::from_vault(e, lang))
    }

    /// Adds a member (a second parent, a caregiver).
    pub fn add_member(&mut self, name: &str, passphrase: &Secret) -> ApiResult<MemberSummary> {
        self.with_session(|s| s.add_member(name, passphrase))
    }

    /// Changes the unlocked member's passphrase.
    pub fn change_passphrase(&mut self, current: &Secret, new: &Secret) -> ApiResult<()> {
        self.with_session(|s| s.change_passphrase(current, new))
    }

    /// The unlocked member's recovery kit (identity sealed under the passphrase).
    pub fn recovery_kit(&mut self) -> ApiResult<String> {
        self.with_session(|s| s.recovery_kit())
    }

    /// Profiles the unlocked member can open.
    pub fn profiles(&mut self) -> ApiResult<Vec<ProfileSummary>> {
        self.with_session(|s| s.profiles())
    }

    /// Creates a profile and makes it current.
    pub fn create_profile(&mut self, info: ProfileInfo) -> ApiResult<ProfileSummary> {
        let summary = self.with_session(|s| s.create_profile(info))?;
        self.select_profile(&summary.id)?;
        Ok(summary)
    }

    /// Finds a profile by id or by name among those the member can open.
    pub fn find_profile(&mut self, id_or_name: &str) -> ApiResult<ProfileSummary> {
        let wanted = id_or_name.trim().to_lowercase();
        let lang = self.lang;
        self.profiles()?
            .into_iter()
            .find(|p| {
                p.id == id_or_name
                    || p.info
                        .as_ref()
                        .is_some_and(|i| i.name.to_lowercase() == wanted)
            })
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, lang))
    }

    /// Opens a profile and makes it current.
    pub fn select_profile(&mut self, id: &str) -> ApiResult<()> {
        let lang = self.lang;
        let State::Unlocked { session, profile } = &mut self.state else {
            return Err(ApiError::new(ErrorCode::Locked, lang));
        };
        *profile = None;
        let opened = session
            .open_profile(id)
            .map_err(|e| ApiError::from_vault(e, lang))?;
        // What arrived from elsewhere is now in front of the user: its badge goes.
        opened
            .mark_activity_seen()
            .map_err(|e| ApiError::from_vault(e, lang))?;
        *profile = Some(opened);
        Ok(())
    }

    /// Lets another member open a profile.
    pub fn grant(&mut self, profile_id: &str, member: &str, role: Role) -> ApiResult<()> {
        let member = self.vault()?.find_member(member).map_err(|e| self.err(e))?;
        self.with_session(|s| s.grant(profile_id, &member.id, role))
    }

    /// Removes a member's access to a profile (the profile key is rotated).
    pub fn revoke(&mut self, profile_id: &str, member: &str) -> ApiResult<()> {
        let member = self.vault()?.find_member(member).map_err(|e| self.err(e))?;
        // The profile must be closed while its database is re-keyed.
        let reopen = self.status().profile_id;
        if let State::Unlocked { profile, .. } = &mut self.state {
            *profile = None;
        }
        let result = self.with_session(|s| s.revoke(profile_id, &member.id));
        self.reopen(reopen);
        result
    }

    /// Closes the current profile (the vault stays unlocked).
    pub(crate) fn close_profile(&mut self) {
        if let State::Unlocked { profile, .. } = &mut self.state {
            *profile = None;
        }
    }

    /// Reopens the profile that was current before an operation that needed
    /// it closed. If it cannot be reopened (access just revoked from oneself),
    /// no profile is current: the operation's own result is what matters.
    fn reopen(&mut self, profile_id: Option<String>) {
        if let Some(id) = profile_id {
            let _ = self.select_profile(&id);
        }
    }

    /// The overview of the current profile.
    pub fn overview(&mut self) -> ApiResult<Overview> {
        let id = self.profile()?.id().to_string();
        let summary = self.find_profile(&id)?;
        let today = chrono::Local::now().date_naive();
        let lang = self.lang();
        self.with_profile(|p| overview::build(p, summary, today, lang))
    }

    /// Who the current profile is about.
    pub fn profile_info(&mut self) -> ApiResult<ProfileInfo> {
        self.with_profile(|p| p.info())
    }

    /// Updates who the current profile is about.
    pub fn update_profile(&mut self, info: ProfileInfo) -> ApiResult<ProfileInfo> {
        self.with_profile(|p| p.update_info(info))
    }

    /// Adds a record to the current profile.
    pub fn add_record(&mut self, body: RecordBody, notes: Option<String>) -> ApiResult<Record> {
        self.with_profile(|p| p.add_record(body, notes))
    }

    /// Adds many records at once: all or none.
    pub fn add_records(
        &mut self,
        items: Vec<(RecordBody, Option<String>)>,
    ) -> ApiResult<Vec<Record>> {
        self.with_profile(|p| p.add_records(items))
    }

    /// One record.
    pub fn record(&mut self, id: &str) -> ApiResult<Record> {
        self.with_profile(|p| p.record(id))
    }

    /// Records of a kind, or all.
    pub fn records(&mut self, kind: Option<RecordKind>) -> ApiResult<Vec<Record>> {
        self.with_profile(|p| p.records(kind))
    }

    /// Replaces a record's content.
    pub fn update_record(
        &mut self,
        id: &str,
        body: RecordBody,
        notes: Option<String>,
    ) -> ApiResult<Record> {
        self.with_profile(|p| p.update_record(id, body, notes))
    }

    /// Deletes a record.
    pub fn delete_record(&mut self, id: &str) -> ApiResult<()> {
        self.with_profile(|p| p.delete_record(id))
    }

    /// Imports a file chosen by the user into the current profile.
    pub fn import_document(
        &mut self,
        path: &Path,
        input: DocumentInput,
        progress: &mut dyn FnMut(u64, u64) -> ControlFlow<()>,
    ) -> ApiResult<DocumentMeta> {
        let lang = self.lang;
        let io = |e: std::io::Error| ApiError::from_vault(e.into(), lang);
        let file = File::open(path).map_err(io)?;
        let total = file.metadata().map_err(io)?.len();
        if total > carnet_vault::MAX_DOCUMENT_BYTES {
            return Err(ApiError::from_vault(
                carnet_vault::Error::TooLarge {
                    max: carnet_vault::MAX_DOCUMENT_BYTES,
                },
                lang,
            ));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut reader = BufReader::with_capacity(256 * 1024, file);
        self.with_profile(|p| {
            p.import_document(&mut reader, &name, input, &mut |done| progress(done, total))
        })
    }

    /// Documents of the current profile.
    pub fn documents(&mut self) -> ApiResult<Vec<DocumentMeta>> {
        self.with_profile(|p| p.documents())
    }

    /// One document's metadata.
    pub fn document(&mut self, id: &str) -> ApiResult<DocumentMeta> {
        self.with_profile(|p| p.document(id))
    }

    /// The content of a document for an in-app preview.
    pub fn document_bytes(
        &mut self,
        id: &str,
    ) -> ApiResult<(DocumentMeta, zeroize::Zeroizing<Vec<u8>>)> {
        self.with_profile(|p| p.document_bytes(id))
    }

    /// Exports a document to a file chosen by the user.
    pub fn export_document(&mut self, id: &str, dest: &Path) -> ApiResult<DocumentMeta> {
        self.with_profile(|p| p.export_document(id, dest))
    }

    /// Changes a document's details.
    pub fn update_document(&mut self, id: &str, input: DocumentInput) -> ApiResult<DocumentMeta> {
        self.with_profile(|p| p.update_document(id, input))
    }

    /// Hides a document from professionals, or shows it again.
    pub fn set_document_hidden(&mut self, id: &str, hidden: bool) -> ApiResult<DocumentMeta> {
        self.with_profile(|p| p.set_document_hidden(id, hidden))
    }

    /// Deletes a document.
    pub fn delete_document(&mut self, id: &str) -> ApiResult<()> {
        self.with_profile(|p| p.delete_document(id))
    }

    /// Searches the current profile.
    pub fn search(&mut self, query: &str) -> ApiResult<Vec<SearchHit>> {
        self.with_profile(|p| p.search(query))
    }

    /// The current profile's audit log, newest first.
    pub fn audit_log(&mut self, limit: usize) -> ApiResult<Vec<AuditEntry>> {
        self.with_profile(|p| p.audit_log(limit))
    }

    /// Full check of the current profile's database.
    pub fn check_integrity(&mut self) -> ApiResult<()> {
        self.with_profile(|p| p.check_integrity())
    }

    /// Backs up the vault (or one profile) into an encrypted archive.
    pub fn backup(
        &mut self,
        profile_id: Option<&str>,
        out: &Path,
        progress: TransferProgress<'_>,
    ) -> ApiResult<BackupSummary> {
        // The current profile is closed so its database can be checkpointed.
        let reopen = self.status().profile_id;
        if let State::Unlocked { profile, .. } = &mut self.state {
            *profile = None;
        }
        let result = self.with_session(|s| s.backup(profile_id, out, progress));
        self.reopen(reopen);
        result
    }

    /// Restores an archive into the (empty) vault directory of this handle.
    pub fn restore_backup(
        &mut self,
        archive: &Path,
        member: &str,
        passphrase: &Secret,
        progress: TransferProgress<'_>,
    ) -> ApiResult<BackupSummary> {
        self.state = State::Closed;
        carnet_vault::restore(archive, &self.dir, member, passphrase, progress)
            .map_err(|e| self.err(e))
    }
}
