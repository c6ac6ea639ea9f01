//! The interface's TypeScript bindings, generated from the command table:
//! every type that crosses the boundary, the limits the forms need, and one
//! typed wrapper per command. `ui/src/lib/ipc/bindings.ts` is this output,
//! checked in; `tests/bindings.rs` fails when it is stale.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use carnet_model::{MeasurementKind, RecordKind, DOSE_NUMBERS};
use serde_json::json;
use ts_rs::{Config, TypeVisitor, TS};

/// Types met so far (declared once each, sorted by name) and the wrappers.
pub(crate) struct Writer {
    cfg: Config,
    seen: HashSet<TypeId>,
    types: BTreeMap<String, String>,
    wrappers: String,
}

impl TypeVisitor for Writer {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        // Derived types have a file of their own in ts-rs's terms: those are
        // the declarations; built-ins (string, Array…) are not.
        if T::output_path().is_some() {
            let decl = T::decl(&self.cfg);
            let docs = T::docs().unwrap_or_default();
            self.types
                .insert(T::ident(&self.cfg), format!("{docs}export {decl}\n"));
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

impl Writer {
    fn new() -> Self {
        Self {
            // Sizes and counts are well within a double's exact integers.
            cfg: Config::new().with_large_int("number"),
            seen: HashSet::new(),
            types: BTreeMap::new(),
            wrappers: String::new(),
        }
    }

    /// One command: its wrapper takes the arguments as one object named as
    /// the command's arguments (none: no parameter).
    pub(crate) fn command<A: TS + 'static, O: TS + 'static>(&mut self, name: &str, doc: &str) {
        A::visit_dependencies(self);
        self.visit::<O>();
        let args = A::inline(&self.cfg);
        let output = O::name(&self.cfg);
        let empty = ["{ }", "{}", "Record<symbol, never>"].contains(&args.trim());
        let (param, pass) = if empty {
            (String::new(), "{}".to_string())
        } else {
            (format!("args: {args}"), "args".to_string())
        };
        let doc = doc.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        let doc = format!("    /** {doc} */\n");
        let _ = writeln!(
            self.wrappers,
            "{doc}    {name}: ({param}) => t.invoke<{output}>(\"{name}\", {pass}),"
        );
    }
}

/// Values of the model the forms check against before the vault does.
fn constants() -> String {
    let units: serde_json::Map<String, serde_json::Value> = MeasurementKind::ALL
        .iter()
        .zip(MeasurementKind::NAMES)
        .map(|(k, name)| (name.to_string(), json!(k.units())))
        .collect();
    let fields: serde_json::Map<String, serde_json::Value> = RecordKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), json!(k.fields())))
        .collect();
    let exams: serde_json::Map<String, serde_json::Value> = carnet_model::Exam::ALL
        .iter()
        .map(|e| {
            let name = |lang| e.label(lang);
            (
                e.as_str().to_string(),
                json!({ "fr": name(carnet_model::Lang::Fr), "en": name(carnet_model::Lang::En) }),
            )
        })
        .collect();
    let limits = json!({
        "dose_number": { "min": DOSE_NUMBERS.start(), "max": DOSE_NUMBERS.end() },
        "share": carnet_api::share_limits(),
    });
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    format!(
        "/** Units each measurement kind accepts, with plausible ranges; the first is the default. */\n\
         export const MEASUREMENT_UNITS: Record<MeasurementKind, readonly Unit[]> = {};\n\n\
         /** Every measurement kind, in display order. */\n\
         export const MEASUREMENT_KINDS: readonly MeasurementKind[] = {};\n\n\
         /** The kinds measured with two values (systolic and diastolic pressure). */\n\
         export const MEASUREMENT_SECOND_VALUE: readonly MeasurementKind[] = {};\n\n\
         /** The fields of each record kind: required or not, what they hold. */\n\
         export const RECORD_FIELDS: Record<RecordKind, readonly Field[]> = {};\n\n\
         /** The name of every examination a check-up can be, in each language. */\n\
         export const EXAMS: Record<Exam, {{ fr: string; en: string }}> = {};\n\n\
         /** Bounds the model sets on values the forms ask for. */\n\
         export const LIMITS = {} as const;\n",
        pretty(&serde_json::Value::Object(units)),
        pretty(&json!(MeasurementKind::NAMES)),
        pretty(&json!(MeasurementKind::ALL
            .iter()
            .zip(MeasurementKind::NAMES)
            .filter(|(k, _)| k.has_second_value())
            .map(|(_, name)| *name)
            .collect::<Vec<_>>())),
        pretty(&serde_json::Value::Object(fields)),
        pretty(&serde_json::Value::Object(exams)),
        pretty(&limits),
    )
}

/// The whole bindings file.
pub fn typescript() -> String {
    let mut w = Writer::new();
    crate::declare_commands(&mut w);
    w.visit::<carnet_api::ApiError>();
    w.visit::<carnet_model::Field>();
    let mut out = String::from(
        "// Generated from carnet-commands (crates/carnet-commands/src/list.rs): do not edit.\n\
         // `CARNET_WRITE_BINDINGS=1 cargo test -p carnet-commands --test bindings` rewrites it.\n\n",
    );
    for decl in w.types.values() {
        out.push_str(decl);
        out.push('\n');
    }
    out.push_str(
        "/** A measurement unit and the plausible range of values in it. */\n\
         export type Unit = { symbol: string, min: number, max: number, };\n\n",
    );
    out.push_str(&constants());
    out.push_str(
        "\n/** How the wrappers reach the core: Tauri's IPC, or the development bridge. */\n\
         export interface Transport {\n  invoke<T>(command: string, args: Record<string, unknown>): Promise<T>;\n}\n\n\
         /** Every command of the core, typed. */\n\
         export function commands(t: Transport) {\n  return {\n",
    );
    out.push_str(&w.wrappers);
    out.push_str("  };\n}\n\nexport type Commands = ReturnType<typeof commands>;\n\n");
    let names = crate::COMMANDS
        .iter()
        .map(|n| format!("  \"{n}\",\n"))
        .collect::<String>();
    let _ = write!(
        out,
        "/** Every command, by the name it is invoked with. */\nexport const COMMANDS = [\n{names}] as const;\n"
    );
    out
}
