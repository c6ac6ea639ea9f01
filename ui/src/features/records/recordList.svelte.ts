// The state of a screen listing one kind of record: the list, newest first,
// the add / edit form, the delete confirmation, the fields written on two
// devices at once, and where the focus goes.
import { get } from "svelte/store";

import { conflictLabel, conflictValue, undecided, withChoices } from "./conflicts";
import { newestFirst } from "./fields";
import { focusId } from "./focus";
import { lang, t } from "../../lib/i18n";
import { type Backend, CarnetError } from "../../lib/ipc/backend";
import type { Conflict, HealthRecord, RecordKind } from "../../lib/ipc/types";

/** What the list reads from its screen (getters, so the screen's props stay live). */
export interface RecordListSource {
  readonly backend: Backend;
  readonly kind: RecordKind;
}

export class RecordList {
  records = $state<HealthRecord[] | null>(null);
  error = $state<string | null>(null);
  status = $state("");
  /** `null`: no form; `"new"`: adding; a record: editing it. */
  form = $state<HealthRecord | "new" | null>(null);
  /** What a new record starts with (an examination chosen on the checklist). */
  preset = $state<Record<string, string>>({});
  /** Changes each time a form opens, so a form opened again starts afresh. */
  formKey = $state(0);
  toDelete = $state<HealthRecord | null>(null);
  /** Fields written on two devices at once, by record id. */
  conflicts = $state<Record<string, Conflict[]>>({});
  /** Values chosen so far for a record with several such fields (by record id, then field). */
  chosen = $state<Record<string, Record<string, unknown>>>({});

  readonly #source: RecordListSource;

  constructor(source: RecordListSource) {
    this.#source = source;
  }

  get kind(): RecordKind {
    return this.#source.kind;
  }

  /** Id of the "add" button. */
  get addId(): string {
    return `${this.kind}-add`;
  }

  /** Id of the list's heading. */
  get listTitleId(): string {
    return `${this.kind}-list-title`;
  }

  /** The record being edited, if any. */
  get editing(): HealthRecord | undefined {
    return this.form === null || this.form === "new" ? undefined : this.form;
  }

  load = async (): Promise<void> => {
    const backend = this.#source.backend;
    try {
      // The list shows even if the conflicts cannot be read.
      const [records, conflicts] = await Promise.all([backend.listRecords(this.kind), backend.listConflicts().catch(() => ({}))]);
      this.records = newestFirst(records);
      this.conflicts = conflicts;
      this.error = null;
    } catch (e) {
      this.error = CarnetError.from(e).message;
    }
  };

  /**
   * A value was chosen for a field written on two devices. Once every such
   * field of the record has its value, the record is saved with them, which
   * settles the conflict everywhere.
   */
  keepValue = async (r: HealthRecord, field: string, value: unknown): Promise<void> => {
    const tr = get(t);
    const shown = conflictValue(r, field, value, tr, get(lang));
    const choices = { ...this.chosen[r.id], [field]: value };
    const left = undecided(this.conflicts[r.id] ?? [], choices);
    this.error = null;
    if (left.length > 0) {
      this.chosen = { ...this.chosen, [r.id]: choices };
      this.status = tr("conflict.chosen", { value: shown, fields: left.map((c) => conflictLabel(r, c.field, tr)).join(", ") });
      return;
    }
    try {
      const { body, notes } = withChoices(r, choices);
      await this.#source.backend.updateRecord(r.id, body, notes);
      const rest = { ...this.chosen };
      delete rest[r.id];
      this.chosen = rest;
      this.status = tr("conflict.kept", { value: shown });
    } catch (e) {
      this.error = CarnetError.from(e).message;
    }
    await this.load();
    await focusId(`edit-${r.id}`);
  };

  add = (): void => {
    this.addWith({});
  };

  /** Opens the form for a new record that starts with `preset`. */
  addWith = (preset: Record<string, string>): void => {
    this.status = "";
    this.preset = preset;
    // A form already open (for another examination) starts again.
    this.formKey += 1;
    this.form = "new";
  };

  edit = (r: HealthRecord): void => {
    this.status = "";
    this.form = r;
  };

  saved = async (r: HealthRecord): Promise<void> => {
    const wasNew = this.form === "new";
    this.form = null;
    this.status = get(t)(wasNew ? "records.added" : "records.saved");
    await this.load();
    await focusId(wasNew ? this.addId : `edit-${r.id}`);
  };

  cancel = async (): Promise<void> => {
    const editing = this.editing;
    const back = editing ? `edit-${editing.id}` : this.addId;
    this.form = null;
    await focusId(back);
  };

  askDelete = (r: HealthRecord): void => {
    this.toDelete = r;
  };

  /** The deletion was confirmed. */
  remove = async (): Promise<void> => {
    const r = this.toDelete;
    this.toDelete = null;
    if (!r) return;
    try {
      await this.#source.backend.deleteRecord(r.id);
      if (this.editing?.id === r.id) this.form = null;
      this.status = get(t)("records.deleted");
    } catch (e) {
      this.error = CarnetError.from(e).message;
    }
    await this.load();
    await focusId(this.listTitleId);
  };

  /** The deletion was declined: back to the button that asked. */
  keep = async (): Promise<void> => {
    const r = this.toDelete;
    this.toDelete = null;
    if (r) await focusId(`delete-${r.id}`);
  };
}
