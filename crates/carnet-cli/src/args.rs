//! Command-line arguments of `carnet`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Carnet: your health record, encrypted on your own computer.
#[derive(Debug, Parser)]
#[command(name = "carnet", version, about, long_about = None)]
pub struct Cli {
    /// Vault folder [default: $XDG_DATA_HOME/carnet/vault]
    #[arg(long, env = "CARNET_VAULT", global = true)]
    pub vault: Option<PathBuf>,
    /// Member who unlocks (name or id); optional when the vault has one member
    #[arg(long, env = "CARNET_MEMBER", global = true)]
    pub member: Option<String>,
    /// Profile to work on (name or id); optional when the member has one profile
    #[arg(long, env = "CARNET_PROFILE", global = true)]
    pub profile: Option<String>,
    /// Read the passphrase from this file descriptor (first line)
    #[arg(long, global = true)]
    pub passphrase_fd: Option<u32>,
    /// Read a new passphrase from this file descriptor (first line)
    #[arg(long, global = true)]
    pub new_passphrase_fd: Option<u32>,
    /// Print results as JSON
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of messages: fr or en [default: from LANG, French otherwise]
    #[arg(long, env = "CARNET_LANG", global = true)]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault with its first member
    Init {
        #[arg(long)]
        member: String,
    },
    /// List the members of the vault (no passphrase needed)
    Members,
    /// Add a member (a second parent, a caregiver)
    MemberAdd { name: String },
    /// Change your passphrase
    Passwd,
    /// Write your recovery kit (your key, sealed under your passphrase)
    RecoveryKit {
        #[arg(long)]
        out: PathBuf,
    },
    /// Profiles: list, add, show, edit, grant, revoke
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Health records: allergies, treatments, vaccinations, conditions, measurements
    #[command(subcommand)]
    Record(RecordCommand),
    /// Documents: import, list, export, hide, delete
    #[command(subcommand)]
    Doc(DocCommand),
    /// The profile at a glance
    Overview,
    /// Search the profile
    Search { query: String },
    /// What was opened, exported or changed
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Full check of the profile's database
    Check,
    /// Backups: create and restore
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Create a demo vault with a synthetic family
    Demo,
    /// Link the profile to the national health space with a one-time code
    Pair {
        /// Address of the sync gateway, e.g. https://passerelle.exemple.fr
        #[arg(long, env = "CARNET_SERVER")]
        server: String,
        /// The one-time pairing code
        #[arg(long)]
        code: String,
        /// Name of this device, as the national space lists it
        #[arg(long, default_value = "Carnet")]
        device: String,
    },
    /// Unlink the profile from the national health space (local data stays)
    Unpair,
    /// Sync the profile with the national health space now
    Sync {
        /// Only show whether the profile is linked and when it last synced
        #[arg(long)]
        status: bool,
        /// Print a one-time code to link another device of the same person
        #[arg(long)]
        pairing_code: bool,
        /// Sync every linked profile of the vault (a quick check for those
        /// where nothing changed), not only one
        #[arg(long, conflicts_with_all = ["status", "pairing_code"])]
        all: bool,
    },
    /// What others added or changed (deposits, a caregiver's edits), in
    /// every profile, newest first
    Activity {
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// What to do for everyone you look after: late, now, soon
    Todo,
    /// The profile's check-ups: the child's compulsory examinations,
    /// prevention check-ups and cancer screenings, done, due, late or coming
    Checkups,
    /// The official vaccination calendar for the profile: for each disease,
    /// done, due, late or upcoming
    Vaccines {
        /// The vaccines Carnet knows (names to use with `record add vaccination --vaccine`)
        #[arg(long)]
        list: bool,
    },
    /// Who consulted the record through the national health space
    Access {
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Professionals who may read the record through the national health
    /// space (those you authorised, and those who deposited for you)
    #[command(subcommand)]
    Professionals(ProfessionalsCommand),
    /// Time-limited share links for a chosen professional
    #[command(subcommand)]
    Share(ShareCommand),
    /// Invite someone to help with the profile from their own computer
    #[command(subcommand)]
    Invite(InviteCommand),
    /// Who can open the profile (people, roles, computers); revoke, change a role
    People {
        #[command(subcommand)]
        command: Option<PeopleCommand>,
    },
    /// Fields written on two computers at once (the value shown first is
    /// the one displayed now); keep one of them
    Conflicts {
        #[command(subcommand)]
        command: Option<ConflictsCommand>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConflictsCommand {
    /// Keep one of the values of a field in conflict
    Keep {
        /// The record's or document's id, or "details" for the profile's details
        id: String,
        /// The value to keep, as listed ("" for an empty one)
        value: String,
        /// The field, when several fields of that item are in conflict
        #[arg(long)]
        field: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum InviteCommand {
    /// Make an invitation; prints the code to pass on (by phone or on paper)
    Create {
        /// The person's name, as everyone will see it
        #[arg(long)]
        name: String,
        /// caregiver, co-parent or read-only; owner to hand a profile over
        /// to the person it is about, once they are 18
        #[arg(long)]
        role: String,
        /// How long the code is valid: hours (48h) or days (2d), at most 7 days
        #[arg(long, default_value = "48h")]
        valid: String,
    },
    /// Invitations not used yet
    List,
    /// Cancel an invitation before it is used
    Cancel { id: String },
    /// What a code is for (who invites, to which profile, which role), without using it
    Show {
        code: String,
        /// Address of the sync gateway, e.g. https://passerelle.exemple.fr
        #[arg(long, env = "CARNET_SERVER")]
        server: String,
    },
    /// On the helper's computer: join the profile into this vault, then sync it
    Accept {
        code: String,
        /// Address of the sync gateway, e.g. https://passerelle.exemple.fr
        #[arg(long, env = "CARNET_SERVER")]
        server: String,
        /// Name of this computer, as the profile's owner will see it
        #[arg(long, default_value = "Carnet")]
        device: String,
        /// Becoming owner of your profile at 18: keep someone's access, as
        /// ID=caregiver or ID=read-only (ids from `carnet invite show`)
        #[arg(long = "keep", value_name = "ID=ROLE")]
        keep: Vec<String>,
        /// Becoming owner of your profile at 18: nobody else keeps access
        #[arg(long, conflicts_with = "keep")]
        keep_none: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Withdraw a person's access (their computers erase their copy)
    Revoke { id: String },
    /// Withdraw one computer, lost or sold (it erases its copy); the
    /// person's other computers keep their access
    WithdrawDevice { id: String },
    /// Who was invited, joined, changed role or lost access, newest first
    History,
    /// Change a person's role: caregiver, co-parent or read-only
    Role {
        id: String,
        role: String,
        /// Let this caregiver hide documents from professionals
        #[arg(long)]
        may_hide: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProfessionalsCommand {
    /// Who may read the record, and why
    List,
    /// Authorise a professional, by RPPS number (11 digits)
    Allow { rpps: String },
    /// Withdraw a professional's access (later deposits do not bring it back)
    Withdraw { rpps: String },
}

// Parsed once per run: the size of the larger variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Share chosen records and documents; prints the link
    Create {
        /// The professional's name, e.g. "Dr Paul Durand"
        #[arg(long)]
        to: String,
        #[arg(long)]
        specialty: String,
        /// The professional's RPPS number (11 digits)
        #[arg(long)]
        rpps: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Every record and document of the profile
        #[arg(long)]
        all: bool,
        /// Every record of these kinds (allergy,treatment,vaccination,condition,measurement,checkup)
        #[arg(long, value_delimiter = ',')]
        kind: Vec<String>,
        /// One record (repeat for more)
        #[arg(long = "record")]
        records: Vec<String>,
        /// One document (repeat for more)
        #[arg(long = "document")]
        documents: Vec<String>,
        /// Every document
        #[arg(long)]
        all_documents: bool,
        /// How long the link works: 1h to 30d (hours "h" or days "d")
        #[arg(long, default_value = "7d")]
        expires: String,
        /// How many times it can be opened (default: unlimited until it expires)
        #[arg(long, conflicts_with = "view_once")]
        opens: Option<u32>,
        /// Can be opened once only
        #[arg(long)]
        view_once: bool,
        /// A 4 to 8 digit PIN to give the professional separately
        #[arg(long, env = "CARNET_SHARE_PIN", hide_env_values = true)]
        pin: Option<String>,
        /// Relay address (kept for the next shares; by default, the
        /// gateway the profile is linked to)
        #[arg(long, env = "CARNET_RELAY", requires = "relay_code")]
        relay: Option<String>,
        /// The relay's one-time access code, to link this device to an
        /// account there (with --relay)
        #[arg(long, requires = "relay")]
        relay_code: Option<String>,
    },
    /// The shares of the profile, newest first
    List,
    /// Withdraw a share: the link stops working at once
    Revoke { id: String },
    /// Who opened a share, and when
    Log { id: String },
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Profiles you can open
    List,
    /// Add a profile (yourself, a child, a relative)
    Add(ProfileFields),
    /// Show the current profile
    Show,
    /// Change the current profile's details
    Edit(ProfileEdit),
    /// Let another member open the current profile
    Grant {
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "parent")]
        role: String,
    },
    /// Remove a member's access to the current profile
    Revoke {
        #[arg(long)]
        from: String,
    },
    /// Delete the current profile for good, here and, when it is linked, on
    /// every computer and at the gateway (owner only)
    Delete {
        /// The profile's name, typed again to confirm
        #[arg(long)]
        confirm: String,
        /// Save a backup of the vault to this file first
        #[arg(long)]
        backup: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ProfileFields {
    #[arg(long)]
    pub name: String,
    /// Birth date, YYYY-MM-DD
    #[arg(long)]
    pub birth: String,
    /// female, male or unspecified
    #[arg(long, default_value = "unspecified")]
    pub sex: String,
    /// Social security number (NIR), 15 characters
    #[arg(long)]
    pub nir: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProfileEdit {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub birth: Option<String>,
    #[arg(long)]
    pub sex: Option<String>,
    /// New NIR; an empty value removes it
    #[arg(long)]
    pub nir: Option<String>,
    /// The médecin traitant's name; an empty value removes the doctor
    #[arg(long)]
    pub doctor: Option<String>,
    /// The médecin traitant's RPPS number (11 digits); empty removes it
    #[arg(long)]
    pub doctor_rpps: Option<String>,
    /// The médecin traitant's telephone; empty removes it
    #[arg(long)]
    pub doctor_phone: Option<String>,
    /// An emergency contact "NAME;RELATION;PHONE" (up to 3, first one first);
    /// replaces the list. RELATION may be empty
    #[arg(long = "contact")]
    pub contacts: Vec<String>,
    /// Removes every emergency contact
    #[arg(long, conflicts_with = "contacts")]
    pub no_contacts: bool,
}

/// The fields `record edit --set` takes, per kind, from the model's declarations.
fn edit_fields_help() -> String {
    let mut help = String::from("Fields per kind (FIELD=VALUE):");
    for &kind in carnet_model::RecordKind::ALL {
        help.push_str(&format!("\n  {}:", kind.as_str()));
        for field in kind.fields() {
            help.push_str(&format!("\n    {}", field.describe()));
        }
    }
    help
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Add a record
    Add {
        #[command(subcommand)]
        kind: RecordFields,
    },
    /// List records
    List {
        /// allergy, treatment, vaccination, condition, measurement or checkup
        #[arg(long)]
        kind: Option<String>,
    },
    /// Show one record
    Show { id: String },
    /// Change fields of a record: --set field=value (empty value clears it)
    #[command(after_help = edit_fields_help())]
    Edit {
        id: String,
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Delete a record
    Delete { id: String },
}

#[derive(Debug, Clone, Subcommand)]
pub enum RecordFields {
    Allergy {
        #[arg(long)]
        substance: String,
        #[arg(long)]
        reaction: Option<String>,
        /// mild, moderate, severe or unknown
        #[arg(long, default_value = "unknown")]
        severity: String,
        /// active, inactive or resolved
        #[arg(long, default_value = "active")]
        status: String,
        #[arg(long)]
        onset: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    Treatment {
        #[arg(long)]
        medication: String,
        #[arg(long)]
        dose: Option<String>,
        #[arg(long)]
        frequency: Option<String>,
        /// oral, injection, skin, inhaled, eye or other
        #[arg(long)]
        route: Option<String>,
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        end: Option<String>,
        #[arg(long)]
        prescriber: Option<String>,
        #[arg(long)]
        prescriber_rpps: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    Vaccination {
        #[arg(long)]
        vaccine: String,
        #[arg(long)]
        dose_number: Option<u8>,
        #[arg(long)]
        date: String,
        #[arg(long)]
        lot: Option<String>,
        #[arg(long)]
        administered_by: Option<String>,
        #[arg(long)]
        next_due: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    Condition {
        #[arg(long)]
        name: String,
        /// active, remission or resolved
        #[arg(long, default_value = "active")]
        status: String,
        #[arg(long)]
        onset: Option<String>,
        #[arg(long)]
        resolved: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    Measurement {
        /// weight, height, head_circumference, glycemia, blood_pressure, heart_rate, temperature, oxygen_saturation
        #[arg(long = "type")]
        kind: String,
        #[arg(long, allow_negative_numbers = true)]
        value: f64,
        /// Diastolic pressure, for blood_pressure
        #[arg(long)]
        value2: Option<f64>,
        /// Unit [default: the usual one for the type]
        #[arg(long)]
        unit: Option<String>,
        /// When, YYYY-MM-DDTHH:MM [default: now]
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// A check-up or screening that took place
    Checkup {
        /// Which examination (`carnet checkups` lists them: child_9_months,
        /// prevention_45_50, screening_breast…), or `other` with --title
        #[arg(long, default_value = "other")]
        exam: String,
        /// Its name (required for `other`)
        #[arg(long)]
        title: Option<String>,
        /// When, YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// Who examined
        #[arg(long)]
        performer: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DocCommand {
    /// Import a file (PDF, image, text)
    Import(DocImport),
    /// List documents
    List,
    /// Show a document's details
    Show { id: String },
    /// Export a document to a file, byte for byte
    Export { id: String, out: PathBuf },
    /// Hide a document from professionals
    Hide { id: String },
    /// Show a hidden document to professionals again
    Unhide { id: String },
    /// Delete a document
    Delete { id: String },
    /// List the document types
    Types,
}

#[derive(Debug, Args)]
pub struct DocImport {
    pub file: PathBuf,
    #[arg(long)]
    pub title: String,
    /// Type code (see `carnet doc types`) [default: DOCPAT03, document added by the patient]
    #[arg(long = "type", default_value = "DOCPAT03")]
    pub type_code: String,
    /// Date of the document, YYYY-MM-DD [default: today]
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
    #[arg(long)]
    pub rpps: Option<String>,
    /// patient or professional
    #[arg(long, default_value = "patient")]
    pub source: String,
    #[arg(long)]
    pub hidden: bool,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Write an encrypted archive of the whole vault (or, with --only-profile, of the current profile)
    Create {
        out: PathBuf,
        #[arg(long)]
        only_profile: bool,
    },
    /// Restore an archive into an empty folder (given by --vault)
    Restore { archive: PathBuf },
}
