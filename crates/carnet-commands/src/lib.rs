//! The window's commands, declared once. Each command is one `command!`
//! declaration in `commands/<area>.rs` (its arguments, its answer, its
//! body over carnet-api) and one line in `list.rs`. From that list come:
//! - [`dispatch`], the one table both transports serve: the desktop shell
//!   (Tauri's IPC, `src-tauri`) and the development bridge (`carnet-bridge`,
//!   HTTP on loopback, for the browser tests);
//! - [`COMMANDS`], from which `src-tauri/build.rs` writes the app manifest and a
//!   test holds the capability file;
//! - [`typescript`], the interface's generated bindings (types, constants the
//!   forms need, one typed wrapper per command), checked in and held fresh by a test.
//!
//! What differs between a window and a browser (file dialogs, where a saved
//! file goes, how progress reaches the page) is behind [`Host`] and [`Channel`].

mod bindings;
pub mod commands;
mod files;
mod host;
mod progress;
mod shell;

use std::sync::Arc;

use carnet_api::{ApiError, ErrorCode};
use serde_json::Value;
use zeroize::Zeroizing;

pub use bindings::typescript;
pub use files::{ChosenFile, ChosenFiles};
pub use host::{Host, Pick};
pub use progress::{Channel, OpenChannel, Sink};
pub use shell::Shell;

/// What a command answers: JSON, or raw bytes (a document's preview, kept
/// in memory that is wiped when dropped until a transport takes it).
#[derive(Debug)]
pub enum Reply {
    Json(Value),
    Bytes(Zeroizing<Vec<u8>>),
}

impl Reply {
    fn json<T: serde::Serialize>(value: &T) -> Self {
        // The answers are plain data (no maps with non-text keys), so this
        // cannot fail; `null` would only hide a programming error.
        Self::Json(serde_json::to_value(value).unwrap_or(Value::Null))
    }
}

/// Declares one command: `fn name(shell, arg: Type, …) -> Answer { body }`.
/// Arguments arrive in camelCase (as the interface names them), are checked
/// by serde at the boundary, and a bad one is reported with its field.
macro_rules! command {
    (
        $(#[doc = $doc:literal])*
        fn $name:ident($shell:ident $(, $(#[$meta:meta])* $arg:ident : $ty:ty)* $(,)?) -> $out:ty $body:block
    ) => {
        $(#[doc = $doc])*
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// The command's arguments, as the interface sends them.
            #[derive(Debug, serde::Deserialize, ts_rs::TS)]
            #[serde(rename_all = "camelCase", deny_unknown_fields)]
            pub struct Args {
                $($(#[$meta])* pub $arg: $ty,)*
            }

            /// What the command answers.
            pub type Output = $out;

            /// Its documentation, repeated on the TypeScript wrapper.
            pub const DOC: &str = concat!($($doc, "\n",)*);

            /// Runs the command (on a thread that may block).
            pub fn run($shell: &$crate::Shell, args: Args) -> Result<Output, carnet_api::ApiError> {
                let Args { $($arg,)* } = args;
                $body
            }
        }
    };
}
pub(crate) use command;

/// Raw bytes sent as they are, not as JSON (a document's preview).
#[derive(Debug)]
pub struct Bytes(pub Zeroizing<Vec<u8>>);

// Only so that `Bytes` fits the answers' bound; `reply` sends it raw.
impl serde::Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl ts_rs::TS for Bytes {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "Uint8Array".into()
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        Self::name(cfg)
    }
}

/// A command's answer as the transports send it.
fn reply<T: serde::Serialize + 'static>(out: T) -> Reply {
    let any: Box<dyn std::any::Any> = Box::new(out);
    match any.downcast::<Bytes>() {
        Ok(bytes) => Reply::Bytes(bytes.0),
        Err(any) => match any.downcast::<T>() {
            Ok(out) => Reply::json(&*out),
            Err(_) => Reply::Json(Value::Null),
        },
    }
}

macro_rules! command_list {
    ($($area:ident :: $name:ident),* $(,)?) => {
        /// Every command, by the name the interface invokes it with.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Runs the command `name` with its JSON arguments. `channels` opens the
        /// progress channels the arguments name. Runs on the calling thread,
        /// which may block (an unlock, an import, a sync).
        pub fn dispatch(
            shell: &Shell,
            name: &str,
            args: Value,
            channels: Arc<dyn OpenChannel>,
        ) -> Result<Reply, ApiError> {
            let lang = shell.lang();
            // No arguments at all reads as none.
            let args = if args.is_null() { Value::Object(Default::default()) } else { args };
            match name {
                $(stringify!($name) => {
                    use commands::$area::$name as c;
                    let args = progress::with_channels(channels, || {
                        carnet_api::parse_input::<c::Args>(args, lang)
                    })?;
                    c::run(shell, args).map(reply)
                })*
                _ => Err(ApiError::new(ErrorCode::NotFound, lang)),
            }
        }

        fn declare_commands(out: &mut bindings::Writer) {
            $(out.command::<
                commands::$area::$name::Args,
                commands::$area::$name::Output,
            >(stringify!($name), commands::$area::$name::DOC);)*
        }
    };
}
include!("list.rs");
