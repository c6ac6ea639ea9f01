// The state of a screen listing one kind of record: the list, newest first,
// the add / edit form, the delete confirmation, and where the focus goes.
import { get } from "svelte/store";

import { newestFirst } from "./fields";
import { focusId } from "./focus";
import { t } from "../../lib/i18n";
import { type Backend, CarnetError } from "../../lib/ipc/backend";
import type { HealthRecord, RecordKind } from "../../lib/ipc/types";

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
  toDelete = $state<HealthRecord | null>(null);

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
    try {
      this.records = newestFirst(await this.#source.backend.listRecords(this.kind));
      this.error = null;
    } catch (e) {
      this.error = CarnetError.from(e).message;
    }
  };

  add = (): void => {
    this.status = "";
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
